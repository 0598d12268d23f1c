// Convolution -> batch normalisation (-> ReLU) as one kernel, and its whole backward as one kernel, on NHWC input
// and HWIO filters (TF.js layouts; native/convLayout.h): the ops behind `convBatchNorm` (src/ops/convBatchNorm.ts).
//
// Forward, with z = conv(x, W) and per-channel statistics m, v of z over all axes but the channels:
//   training:  m, v = biased batch moments of z (ChannelMoments: one pass, as tf.moments gives them)
//   inference: m, v given (moving averages)
//   k = gamma / sqrt(v + eps), shift = beta - m * k, y = act(z * k + shift), act = identity or max(., 0)
// Backward (one call): g = dy * (y > 0) for ReLU (y > 0 exactly where the pre-activation is), then ATen's
// batch-norm backward (training mode: through the batch statistics too), then the filter gradient; dz is returned
// for the input gradient, which the JavaScript kernel defers (computed only when used).
#include "ops.h"
#include "convLayout.h"

#include <ATen/Parallel.h>
#include <algorithm>

namespace tfl {
namespace {

// i = [sh, sw, top, bottom, left, right, training, relu], f = [epsilon].
struct ConvBnAttrs {
  std::vector<int64_t> strides;
  Pads pads;
  bool training, relu;
  double epsilon;
};

ConvBnAttrs attrsOf(const OpArgs& a) {
  return ConvBnAttrs{{a.i[0], a.i[1]}, Pads{a.i[2], a.i[3], a.i[4], a.i[5]}, a.i[6] != 0, a.i[7] != 0, a.f[0]};
}

// out = act(x * k + shift) per channel over rows [r0, r1) of a [rows, C] block; act = max(., 0) when relu
// (NaN kept: NaN < 0 is false).
__attribute__((target_clones("avx512f", "avx2", "default")))
void affineRows(const float* x, const float* k, const float* shift, float* out, int64_t r0, int64_t r1, int64_t channels, bool relu) {
  for (int64_t r = r0; r < r1; ++r) {
    const float* row = x + r * channels;
    float* o = out + r * channels;
    if (relu) {
      for (int64_t c = 0; c < channels; ++c) {
        const float v = row[c] * k[c] + shift[c];
        o[c] = v < 0 ? 0.0f : v;
      }
    } else {
      for (int64_t c = 0; c < channels; ++c) o[c] = row[c] * k[c] + shift[c];
    }
  }
}

// act(z * k + shift) for a contiguous NHWC float32 z and [C] float32 k, shift.
at::Tensor affine(const at::Tensor& z, const at::Tensor& k, const at::Tensor& shift, bool relu) {
  const int64_t channels = z.size(3);
  at::Tensor out = at::empty_like(z);
  const float *zp = z.data_ptr<float>(), *kp = k.data_ptr<float>(), *sp = shift.data_ptr<float>();
  float* op = out.data_ptr<float>();
  const int64_t rows = channels == 0 ? 0 : z.numel() / channels;
  at::parallel_for(0, rows, std::max<int64_t>(1, 32768 / std::max<int64_t>(1, channels)), [&](int64_t begin, int64_t end) {
    affineRows(zp, kp, sp, op, begin, end, channels, relu);
  });
  return out;
}

// The convolution of NHWC x with HWIO filter as a contiguous NHWC tensor.
at::Tensor convNhwc(const at::Tensor& xNhwc, const at::Tensor& filter, const ConvBnAttrs& c) {
  if (isPointwise(xNhwc, filter, c.pads)) return pointwiseConv(xNhwc, filter, c.strides[0], c.strides[1], c10::nullopt);
  at::Tensor x = toNchw(xNhwc);
  std::vector<int64_t> padding = convPadding(x, c.pads);
  at::Tensor z = toNhwc(at::convolution(x, weightOf(filter), c10::nullopt, c.strides, padding, {1, 1}, false, {0, 0}, 1));
  // oneDNN returns channels-last NCHW, i.e. contiguous NHWC; anything else is made so (ChannelMoments and the
  // affine pass read rows of C).
  return z.contiguous();
}

}  // namespace

void registerConvBnOps() {
  // ConvBatchNorm(x NHWC, filter HWIO, scale [C], offset [C], mean? [C], variance? [C]): i = [sh, sw, top, bottom,
  // left, right, training, relu], f = [epsilon]; mean and variance are given in inference only. Returns
  // [y, z, mean, variance]: the output, the convolution's output (for the backward), and the statistics used.
  registerOp("ConvBatchNorm", [](const OpArgs& a) -> Outs {
    const ConvBnAttrs c = attrsOf(a);
    at::Tensor z = convNhwc(a.t[0], a.t[1], c);
    at::Tensor mean, variance;
    if (c.training) {
      Outs moments = channelMoments(z);
      mean = moments[0];
      variance = moments[1];
    } else {
      mean = a.t[4].to(at::kFloat).reshape({-1});
      variance = a.t[5].to(at::kFloat).reshape({-1});
    }
    // The same two roundings as the FusedBatchNorm kernel: k = scale * rsqrt(variance + eps), shift = offset - mean * k.
    at::Tensor k = (at::rsqrt(variance + c.epsilon) * a.t[2].reshape({-1})).contiguous();
    at::Tensor shift = (a.t[3].reshape({-1}) - mean * k).contiguous();
    return Outs{affine(z, k, shift, c.relu), z, mean, variance};
  });

  // ConvBatchNormGrad(dy, x, filter, z, y, scale, mean, variance): i = [sh, sw, top, bottom, left, right, training,
  // relu], f = [epsilon]; z, y, mean and variance as ConvBatchNorm returned them. Returns [dFilter, dScale, dOffset,
  // dz] in training, [dFilter, dScale, dOffset, dMean, dVariance, dz] in inference. With k = 1/sqrt(variance + eps),
  // s = scale, n = z.size / C, zhat = (z - mean) * k and g = dy masked by the ReLU:
  //   dOffset = sum(g), dScale = sum(g * zhat),
  //   training:  dz = s * k * (g - dOffset / n - zhat * dScale / n)   (through the batch statistics too)
  //   inference: dz = s * k * g, dMean = -dOffset * k * s, dVariance = -dScale * k^2 * s / 2
  //   dFilter = the convolution's filter gradient for dz.
  // The input gradient is left to the caller (Conv2DBackpropInput of dz, deferred: it is computed only when used,
  // and a network's first layer needs none). oneDNN computes the two convolution gradients as two primitives
  // whether asked in one at::convolution_backward call or two, so this costs nothing.
  registerOp("ConvBatchNormGrad", [](const OpArgs& a) -> Outs {
    const ConvBnAttrs c = attrsOf(a);
    const at::Tensor &xNhwc = a.t[1], &filter = a.t[2], &z = a.t[3], &y = a.t[4];
    // dy may be a view (the gradient of a Slice: a zero padding's or a channel pad's); ATen's batch-norm backward
    // on such strides leaves its channels-last path, so it is made contiguous NHWC first (reluGrad copies it into
    // y's layout itself).
    const at::Tensor dy = c.relu || a.t[0].is_contiguous() ? a.t[0] : a.t[0].contiguous();
    const at::Tensor scale = a.t[5].reshape({-1}), mean = a.t[6].reshape({-1}), variance = a.t[7].reshape({-1});
    // The ReLU mask from y (y > 0 exactly where the pre-activation is > 0), in one vectorised pass (ATen's
    // threshold_backward is a generic element-wise kernel in Debian's build).
    at::Tensor g = c.relu ? reluGrad(dy, y) : dy;
    at::Tensor invstd = at::rsqrt(variance + c.epsilon);
    auto bn = c.training
                  ? at::native_batch_norm_backward(toNchw(g), toNchw(z), scale, c10::nullopt, c10::nullopt, mean, invstd, true,
                                                   c.epsilon, {true, true, true})
                  : at::native_batch_norm_backward(toNchw(g), toNchw(z), scale, mean, variance, c10::nullopt, c10::nullopt, false,
                                                   c.epsilon, {true, true, true});
    at::Tensor dz = std::get<0>(bn).contiguous(at::MemoryFormat::ChannelsLast);
    at::Tensor dScale = std::get<1>(bn), dOffset = std::get<2>(bn);
    Outs out{convFilterGrad(xNhwc, dz, filter.size(0), filter.size(1), c.pads, c.strides, {1, 1}), dScale, dOffset};
    if (!c.training) {
      out.push_back(-dOffset * invstd * scale);
      out.push_back(dScale * invstd * invstd * scale * -0.5);
    }
    out.push_back(toNhwc(dz));
    return out;
  });
}

}  // namespace tfl
