/**
 * Naive float64 reference gradients of an NHWC 2-D convolution, written from the definition
 * `y[n,i,j,o] = Σ_{a,b,c} x[n, i·sH + a·dH − pT, j·sW + b·dW − pL, c] · w[a,b,c,o]` (zeros outside x),
 * independent of the kernels under test.
 */
export interface RefConv {
  readonly x: [number, number, number, number];
  readonly w: [number, number, number, number];
  readonly s: [number, number];
  readonly d: [number, number];
  /** 'same' (TensorFlow: floor(total/2) before), 'valid', or explicit [top, bottom, left, right]. */
  readonly pad: 'same' | 'valid' | [number, number, number, number];
}

/** Output size and padding before, along one axis, by TensorFlow's rules. */
function axis(inSize: number, k: number, s: number, d: number, pad: RefConv['pad'], i: 0 | 1): { out: number; before: number } {
  const eff = (k - 1) * d + 1;
  if (pad === 'same') {
    const out = Math.ceil(inSize / s);
    const total = Math.max((out - 1) * s + eff - inSize, 0);
    return { out, before: Math.floor(total / 2) };
  }
  if (pad === 'valid') return { out: Math.ceil((inSize - eff + 1) / s), before: 0 };
  const before = pad[2 * i] as number;
  const after = pad[2 * i + 1] as number;
  return { out: Math.floor((inSize + before + after - eff) / s) + 1, before };
}

export function refOutShape(c: RefConv): [number, number, number, number] {
  const r = axis(c.x[1], c.w[0], c.s[0], c.d[0], c.pad, 0);
  const q = axis(c.x[2], c.w[1], c.s[1], c.d[1], c.pad, 1);
  return [c.x[0], r.out, q.out, c.w[3]];
}

/** Calls `f(xIndex, wIndex, yIndex)` for every term of the convolution sum. */
function forEachTerm(c: RefConv, f: (xi: number, wi: number, yi: number) => void): void {
  const [B, H, W, C] = c.x;
  const [kH, kW, , O] = c.w;
  const r = axis(H, kH, c.s[0], c.d[0], c.pad, 0);
  const q = axis(W, kW, c.s[1], c.d[1], c.pad, 1);
  for (let n = 0; n < B; n++)
    for (let i = 0; i < r.out; i++)
      for (let j = 0; j < q.out; j++)
        for (let a = 0; a < kH; a++) {
          const h = i * c.s[0] + a * c.d[0] - r.before;
          if (h < 0 || h >= H) continue;
          for (let b = 0; b < kW; b++) {
            const w = j * c.s[1] + b * c.d[1] - q.before;
            if (w < 0 || w >= W) continue;
            for (let ch = 0; ch < C; ch++)
              for (let o = 0; o < O; o++) {
                f(((n * H + h) * W + w) * C + ch, ((a * kW + b) * C + ch) * O + o, ((n * r.out + i) * q.out + j) * O + o);
              }
          }
        }
}

export function refFilterGrad(c: RefConv, x: Float32Array, dy: Float32Array): Float64Array {
  const dw = new Float64Array(c.w.reduce((p, v) => p * v, 1));
  forEachTerm(c, (xi, wi, yi) => {
    dw[wi] = (dw[wi] as number) + (x[xi] as number) * (dy[yi] as number);
  });
  return dw;
}

export function refInputGrad(c: RefConv, w: Float32Array, dy: Float32Array): Float64Array {
  const dx = new Float64Array(c.x.reduce((p, v) => p * v, 1));
  forEachTerm(c, (xi, wi, yi) => {
    dx[xi] = (dx[xi] as number) + (w[wi] as number) * (dy[yi] as number);
  });
  return dx;
}
