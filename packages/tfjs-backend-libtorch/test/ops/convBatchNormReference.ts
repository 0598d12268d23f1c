// A float64 reference of convBatchNorm in plain JavaScript (no TF.js), and central finite differences of a loss
// through it: what the op's tests compare both paths with.

/** Inputs of one case as flat float64 arrays with their shapes. */
export interface RefInputs {
  readonly x: Float64Array;
  readonly xShape: readonly [number, number, number, number];
  readonly filter: Float64Array;
  readonly filterShape: readonly [number, number, number, number];
  readonly scale: Float64Array;
  readonly offset: Float64Array;
  readonly movingMean?: Float64Array;
  readonly movingVariance?: Float64Array;
}

/** Geometry and options: strides, resolved pads [top, bottom, left, right]. */
export interface RefOptions {
  readonly strides: readonly [number, number];
  readonly pads: readonly [number, number, number, number];
  readonly epsilon: number;
  readonly relu: boolean;
  readonly training: boolean;
}

/** y [N, OH, OW, C] and the statistics used, in float64. */
export interface RefOutputs {
  readonly y: Float64Array;
  readonly yShape: [number, number, number, number];
  readonly mean: Float64Array;
  readonly variance: Float64Array;
}

/**
 * z = conv2d(x, filter) (NHWC, HWIO, zero padding), mean/variance of z over N, OH, OW (biased) in training or the
 * moving ones, y = act(scale · (z − mean) / sqrt(variance + eps) + offset).
 */
export function referenceForward(i: RefInputs, o: RefOptions): RefOutputs {
  const [n, h, w, cin] = i.xShape;
  const [kh, kw, , c] = i.filterShape;
  const [sh, sw] = o.strides;
  const [top, bottom, left, right] = o.pads;
  const oh = Math.floor((h + top + bottom - kh) / sh) + 1;
  const ow = Math.floor((w + left + right - kw) / sw) + 1;
  const z = new Float64Array(n * oh * ow * c);
  for (let b = 0; b < n; b++) {
    for (let p = 0; p < oh; p++) {
      for (let q = 0; q < ow; q++) {
        for (let co = 0; co < c; co++) {
          let s = 0;
          for (let u = 0; u < kh; u++) {
            const r = p * sh + u - top;
            if (r < 0 || r >= h) continue;
            for (let v = 0; v < kw; v++) {
              const col = q * sw + v - left;
              if (col < 0 || col >= w) continue;
              for (let ci = 0; ci < cin; ci++) {
                s += (i.x[((b * h + r) * w + col) * cin + ci] as number) * (i.filter[((u * kw + v) * cin + ci) * c + co] as number);
              }
            }
          }
          z[((b * oh + p) * ow + q) * c + co] = s;
        }
      }
    }
  }
  const rows = n * oh * ow;
  let mean = new Float64Array(c);
  let variance = new Float64Array(c);
  if (o.training) {
    for (let r = 0; r < rows; r++) for (let co = 0; co < c; co++) mean[co] = (mean[co] as number) + (z[r * c + co] as number) / rows;
    for (let r = 0; r < rows; r++) {
      for (let co = 0; co < c; co++) {
        const d = (z[r * c + co] as number) - (mean[co] as number);
        variance[co] = (variance[co] as number) + (d * d) / rows;
      }
    }
  } else {
    mean = Float64Array.from(i.movingMean as Float64Array);
    variance = Float64Array.from(i.movingVariance as Float64Array);
  }
  const y = new Float64Array(z.length);
  for (let r = 0; r < rows; r++) {
    for (let co = 0; co < c; co++) {
      const v =
        ((i.scale[co] as number) * ((z[r * c + co] as number) - (mean[co] as number))) / Math.sqrt((variance[co] as number) + o.epsilon) +
        (i.offset[co] as number);
      y[r * c + co] = o.relu ? Math.max(v, 0) : v;
    }
  }
  return { y, yShape: [n, oh, ow, c], mean, variance };
}

/** sum(y · weights) of the reference forward. */
export function referenceLoss(i: RefInputs, o: RefOptions, weights: Float64Array): number {
  const { y } = referenceForward(i, o);
  let s = 0;
  for (let k = 0; k < y.length; k++) s += (y[k] as number) * (weights[k] as number);
  return s;
}

/** The inputs that have gradients, by name. */
export const REF_GRAD_INPUTS = ['x', 'filter', 'scale', 'offset', 'movingMean', 'movingVariance'] as const;
export type RefGradInput = (typeof REF_GRAD_INPUTS)[number];

/**
 * d loss / d input by central differences in float64, step `h` relative to max(1, |value|). With h = 1e-5 the
 * truncation error is O(h²) ≈ 1e-10 (times the third derivative, O(1) for these inputs) and rounding
 * O(ε64 · |loss| / h) ≈ 1e-10: far below the float32 tolerances the tests use.
 */
export function finiteDifferences(i: RefInputs, o: RefOptions, weights: Float64Array, name: RefGradInput, h = 1e-5): Float64Array {
  const base = i[name] as Float64Array;
  const grad = new Float64Array(base.length);
  for (let k = 0; k < base.length; k++) {
    const step = h * Math.max(1, Math.abs(base[k] as number));
    const plus = Float64Array.from(base);
    const minus = Float64Array.from(base);
    plus[k] = (base[k] as number) + step;
    minus[k] = (base[k] as number) - step;
    grad[k] = (referenceLoss({ ...i, [name]: plus }, o, weights) - referenceLoss({ ...i, [name]: minus }, o, weights)) / (2 * step);
  }
  return grad;
}
