// Convolution, pooling and batch normalisation on NHWC tensors (layouts: native/convLayout.h).
// TensorFlow's 'same' padding can be asymmetric (extra row/column at the bottom/right): when it is, the input is
// padded explicitly and the convolution runs unpadded; gradients are computed for the padded input and cropped.
#include "ops.h"
#include "convLayout.h"

#include <ATen/Parallel.h>
#include <algorithm>

#include <limits>

namespace tfl {
namespace {

Pads padsAt(const OpArgs& a, size_t k) { return Pads{a.i[k], a.i[k + 1], a.i[k + 2], a.i[k + 3]}; }

// Conv2D / FusedConv2D shared forward, as an NHWC tensor. Attributes: i=[sh, sw, dh, dw, top, bottom, left, right, ...].
at::Tensor convForward(const OpArgs& a, const c10::optional<at::Tensor>& bias) {
  const Pads p = padsAt(a, 4);
  if (isPointwise(a.t[0], a.t[1], p)) return pointwiseConv(a.t[0], a.t[1], a.i[0], a.i[1], bias);
  at::Tensor x = toNchw(a.t[0]);
  at::Tensor w = weightOf(a.t[1]);
  std::vector<int64_t> padding = convPadding(x, p);
  return toNhwc(at::convolution(x, w, bias, {a.i[0], a.i[1]}, padding, {a.i[2], a.i[3]}, false, {0, 0}, 1));
}

// Sum pooling with explicit zero padding, and the number of real (unpadded) cells under each window.
struct PoolGeom {
  std::vector<int64_t> k, s;
  Pads p;
};

PoolGeom poolGeom(const OpArgs& a) {
  return PoolGeom{{a.i[0], a.i[1]}, {a.i[2], a.i[3]}, padsAt(a, 4)};
}

at::Tensor windowCounts(const PoolGeom& g, int64_t h, int64_t w, const at::TensorOptions& opts) {
  at::Tensor ones = at::ones({1, 1, h, w}, opts);
  at::Tensor padded = at::constant_pad_nd(ones, {g.p.left, g.p.right, g.p.top, g.p.bottom}, 0);
  return at::avg_pool2d(padded, g.k, g.s, {0, 0}, false, true, 1);
}

// x * k + shift per channel, for channels in the last axis. Rows split between threads.
__attribute__((target_clones("avx512f", "avx2", "default")))
void channelAffineRows(const float* x, const float* k, const float* shift, float* out, int64_t r0, int64_t r1, int64_t channels) {
  for (int64_t r = r0; r < r1; ++r) {
    const float* row = x + r * channels;
    float* o = out + r * channels;
    for (int64_t c = 0; c < channels; ++c) o[c] = row[c] * k[c] + shift[c];
  }
}

// FusedBatchNorm's normalisation in one vectorised pass, when x is a dense float32 tensor whose last axis holds
// the C channels and k and shift have C values (the batch-norm case); undefined otherwise (ATen's broadcast
// addcmul then): x * k + shift, as addcmul(shift, x, k) (the compiler may fuse it into one multiply-add).
at::Tensor channelAffine(const at::Tensor& x, const at::Tensor& kIn, const at::Tensor& shiftIn) {
  if (x.scalar_type() != at::kFloat || x.dim() < 1 || !x.is_contiguous()) return at::Tensor();
  const int64_t channels = x.size(x.dim() - 1);
  if (kIn.numel() != channels || shiftIn.numel() != channels || channels == 0) return at::Tensor();
  at::Tensor k = kIn.to(at::kFloat).reshape({-1}).contiguous();
  at::Tensor shift = shiftIn.to(at::kFloat).reshape({-1}).contiguous();
  at::Tensor out = at::empty_like(x);
  const float *xp = x.data_ptr<float>(), *kp = k.data_ptr<float>(), *sp = shift.data_ptr<float>();
  float* op = out.data_ptr<float>();
  const int64_t rows = x.numel() / channels;
  at::parallel_for(0, rows, std::max<int64_t>(1, 32768 / channels), [&](int64_t begin, int64_t end) {
    channelAffineRows(xp, kp, sp, op, begin, end, channels);
  });
  return out;
}

}  // namespace

void registerNnOps() {
  // Conv2D(x NHWC, filter HWIO): i=[sh, sw, dh, dw, top, bottom, left, right].
  registerOp("Conv2D", [](const OpArgs& a) -> Outs { return one(convForward(a, c10::nullopt)); });

  // FusedConv2D(x, filter, bias?, preluWeights?): i=[sh, sw, dh, dw, top, bottom, left, right, hasBias,
  // activation, hasPrelu], f=[leakyreluAlpha].
  registerOp("FusedConv2D", [](const OpArgs& a) -> Outs {
    bool hasBias = a.i[8] != 0, hasPrelu = a.i[10] != 0;
    bool biasInConv = hasBias && a.t[2].dim() == 1 && a.t[2].size(0) == a.t[1].size(3);
    at::Tensor y = convForward(a, biasInConv ? c10::optional<at::Tensor>(a.t[2]) : c10::nullopt);
    if (hasBias && !biasInConv) y = y + a.t[2];
    const at::Tensor* prelu = hasPrelu ? &a.t[hasBias ? 3 : 2] : nullptr;
    return one(applyActivation(y, a.i[9], prelu, a.f.empty() ? 0.2 : a.f[0]));
  });

  // Conv2DBackpropInput(dy NHWC, filter HWIO): i=[sh, sw, dh, dw, top, bottom, left, right, n, h, w, c].
  registerOp("Conv2DBackpropInput", [](const OpArgs& a) -> Outs {
    Pads p = padsAt(a, 4);
    int64_t n = a.i[8], h = a.i[9], wd = a.i[10], c = a.i[11];
    if (isPointwise(a.t[0], a.t[1], p)) return one(pointwiseInputGrad(a.t[0], a.t[1], a.i[0], a.i[1], n, h, wd));
    at::Tensor dy = toNchw(a.t[0]);
    at::Tensor w = weightOf(a.t[1]);
    bool sym = p.symmetric();
    std::vector<int64_t> padding = sym ? std::vector<int64_t>{p.top, p.left} : std::vector<int64_t>{0, 0};
    std::vector<int64_t> inShape = sym ? std::vector<int64_t>{n, c, h, wd}
                                       : std::vector<int64_t>{n, c, h + p.top + p.bottom, wd + p.left + p.right};
    at::Tensor shapeOnly = at::empty(inShape, dy.options().memory_format(at::MemoryFormat::ChannelsLast));
    auto grads = at::convolution_backward(dy, shapeOnly, w, c10::nullopt, {a.i[0], a.i[1]}, padding, {a.i[2], a.i[3]},
                                          false, {0, 0}, 1, {true, false, false});
    at::Tensor gi = std::get<0>(grads);
    if (!sym) gi = crop(gi, p, h, wd);
    return one(toNhwc(gi));
  });

  // Conv2DBackpropFilter(x NHWC, dy NHWC): i=[sh, sw, dh, dw, top, bottom, left, right, fh, fw, in, out].
  registerOp("Conv2DBackpropFilter", [](const OpArgs& a) -> Outs {
    return one(convFilterGrad(a.t[0], toNchw(a.t[1]), a.i[8], a.i[9], padsAt(a, 4), {a.i[0], a.i[1]}, {a.i[2], a.i[3]}));
  });

  // MaxPool(x NHWC): i=[kh, kw, sh, sw, top, bottom, left, right]. Padding cells count as -inf.
  registerOp("MaxPool", [](const OpArgs& a) -> Outs {
    PoolGeom g = poolGeom(a);
    at::Tensor x = toNchw(a.t[0]);
    if (g.p.any()) x = padNchw(x, g.p, -std::numeric_limits<double>::infinity());
    return one(toNhwc(at::max_pool2d(x, g.k, g.s, {0, 0}, {1, 1}, false)));
  });

  // MaxPoolGrad(dy, x, y): i as MaxPool. Recomputes the argmax positions (first maximum wins, as in TF.js).
  registerOp("MaxPoolGrad", [](const OpArgs& a) -> Outs {
    PoolGeom g = poolGeom(a);
    if (a.t[0].scalar_type() == at::kFloat && a.t[1].scalar_type() == at::kFloat) {
      // NHWC: pad (-inf) as the forward does, one pass over the windows, crop.
      at::Tensor x = a.t[1];
      const int64_t h = x.size(1), w = x.size(2);
      if (g.p.any()) x = at::constant_pad_nd(x, {0, 0, g.p.left, g.p.right, g.p.top, g.p.bottom}, -std::numeric_limits<double>::infinity());
      at::Tensor gx = maxPoolGradNhwc(a.t[0], x, g.k[0], g.k[1], g.s[0], g.s[1]);
      if (g.p.any()) gx = gx.slice(1, g.p.top, g.p.top + h).slice(2, g.p.left, g.p.left + w).contiguous();
      return one(gx);
    }
    at::Tensor dy = toNchw(a.t[0]);
    at::Tensor x = toNchw(a.t[1]);
    int64_t h = x.size(2), w = x.size(3);
    if (g.p.any()) x = padNchw(x, g.p, -std::numeric_limits<double>::infinity());
    auto pooled = at::max_pool2d_with_indices(x, g.k, g.s, {0, 0}, {1, 1}, false);
    at::Tensor gx = at::max_pool2d_with_indices_backward(dy, x, g.k, g.s, {0, 0}, {1, 1}, false, std::get<1>(pooled));
    if (g.p.any()) gx = crop(gx, g.p, h, w);
    return one(toNhwc(gx));
  });

  // AvgPool(x NHWC): i as MaxPool. Averages over real cells only (padding excluded from the count).
  registerOp("AvgPool", [](const OpArgs& a) -> Outs {
    PoolGeom g = poolGeom(a);
    at::Tensor x = toNchw(toFloat(a.t[0]));
    int64_t h = x.size(2), w = x.size(3);
    at::Tensor counts = windowCounts(g, h, w, x.options());
    if (g.p.any()) x = padNchw(x, g.p, 0);
    at::Tensor sums = at::avg_pool2d(x, g.k, g.s, {0, 0}, false, true, 1);
    return one(toNhwc(sums / counts));
  });

  // AvgPoolGrad(dy, x): i as MaxPool.
  registerOp("AvgPoolGrad", [](const OpArgs& a) -> Outs {
    PoolGeom g = poolGeom(a);
    at::Tensor dy = toNchw(a.t[0]);
    const at::Tensor& x = a.t[1];
    int64_t n = x.size(0), h = x.size(1), w = x.size(2), c = x.size(3);
    at::Tensor counts = windowCounts(g, h, w, dy.options());
    at::Tensor shapeOnly = at::empty({n, c, h + g.p.top + g.p.bottom, w + g.p.left + g.p.right},
                                     dy.options().memory_format(at::MemoryFormat::ChannelsLast));
    at::Tensor gx = at::avg_pool2d_backward(dy / counts, shapeOnly, g.k, g.s, {0, 0}, false, true, 1);
    if (g.p.any()) gx = crop(gx, g.p, h, w);
    return one(toNhwc(gx));
  });

  // FusedBatchNorm(x, mean, variance, offset?, scale?): i=[hasOffset, hasScale], f=[varianceEpsilon].
  // y = (x - mean) * scale / sqrt(variance + eps) + offset, computed as x * k + (offset - mean * k).
  registerOp("FusedBatchNorm", [](const OpArgs& a) -> Outs {
    bool hasOffset = a.i[0] != 0, hasScale = a.i[1] != 0;
    const at::Tensor& x = a.t[0];
    at::Tensor k = at::rsqrt(a.t[2] + a.f[0]);
    if (hasScale) k = k * a.t[hasOffset ? 4 : 3];
    at::Tensor shift = -a.t[1] * k;
    if (hasOffset) shift = shift + a.t[3];
    at::Tensor out = channelAffine(x, k, shift);
    return one(out.defined() ? out : at::addcmul(shift, x, k));
  });

  // FusedBatchNormGrad(dy, x, mean, variance, scale?): i=[hasScale], f=[varianceEpsilon]. Mean and variance are
  // [C] over x's last axis. Returns [dx, dMean, dVariance, dScale, dOffset] -- TF.js's FusedBatchNorm gradient
  // (a dozen element-wise and reduction passes) in ATen's channels-last batch-norm backward plus [C]-sized maths:
  //   k = 1/sqrt(variance + eps), s = scale (or 1), S = sum(dy * (x - mean)) over all but the last axis
  //   dx = dy * k * s, dOffset = sum(dy), dScale = S * k, dMean = -dOffset * k * s, dVariance = -k^3 * s * S / 2.
  registerOp("FusedBatchNormGrad", [](const OpArgs& a) -> Outs {
    bool hasScale = a.i[0] != 0;
    const at::Tensor& x = a.t[1];
    at::Tensor mean = a.t[2], variance = a.t[3];
    at::Tensor k = at::rsqrt(variance + a.f[0]);
    at::Tensor s = hasScale ? a.t[4] : at::ones_like(k);
    int64_t last = x.dim() - 1;
    at::Tensor xc = x.movedim(last, 1), dyc = a.t[0].movedim(last, 1);
    auto grads = at::native_batch_norm_backward(dyc, xc, s, mean, variance, c10::nullopt, c10::nullopt, false, a.f[0],
                                                {true, true, true});
    at::Tensor dScale = std::get<1>(grads);
    at::Tensor dOffset = std::get<2>(grads);
    at::Tensor dMean = -dOffset * k * s;
    at::Tensor dVariance = dScale * k * k * s * -0.5;
    return Outs{std::get<0>(grads).movedim(1, last), dMean, dVariance, dScale, dOffset};
  });

  // FusedBatchNormTrainGrad(dy, x, mean, variance, scale?): i=[hasScale], f=[varianceEpsilon]. For batch norm in
  // training, where mean and variance are the (biased) moments of x over all but the last axis: the total
  // gradient through the normalisation and through the moments, in ATen's training-mode batch-norm backward
  // (two passes over x). With k = 1/sqrt(variance + eps), s = scale (or 1), n = x.size / C, xhat = (x - mean) * k:
  //   dOffset = sum(dy), dScale = sum(dy * xhat), dx = s * k * (dy - dOffset / n - xhat * dScale / n).
  // Returns [dx, dScale, dOffset].
  registerOp("FusedBatchNormTrainGrad", [](const OpArgs& a) -> Outs {
    bool hasScale = a.i[0] != 0;
    const at::Tensor& x = a.t[1];
    at::Tensor invstd = at::rsqrt(a.t[3] + a.f[0]);
    at::Tensor s = hasScale ? a.t[4] : at::ones_like(invstd);
    int64_t last = x.dim() - 1;
    at::Tensor xc = x.movedim(last, 1), dyc = a.t[0].movedim(last, 1);
    auto grads = at::native_batch_norm_backward(dyc, xc, s, c10::nullopt, c10::nullopt, a.t[2], invstd, true, a.f[0],
                                                {true, true, true});
    return Outs{std::get<0>(grads).movedim(1, last), std::get<1>(grads), std::get<2>(grads)};
  });
}

}  // namespace tfl
