// Shared declarations for the libtorch kernels. Only ATen headers: keeps each translation unit quick to build.
#pragma once
#include <ATen/ATen.h>
#include <string>
#include <vector>

namespace tfl {

// Arguments of one kernel call: input tensors, integer attributes and float attributes, in the order the
// JavaScript side (src/kernels/*.ts) documents for each op.
struct OpArgs {
  std::vector<at::Tensor> t;
  std::vector<int64_t> i;
  std::vector<double> f;
};

using Outs = std::vector<at::Tensor>;
using OpFn = Outs (*)(const OpArgs&);

void registerOp(const char* name, OpFn fn);
void registerElementwiseOps();
void registerReduceOps();
void registerShapeOps();
void registerNnOps();
void registerGradientOps();
void registerSoftplusOps();
void registerSoftmaxOps();
void registerOptimizerOps();
void registerConvBnOps();

// Per-channel [mean, variance] (biased, as tf.moments) of float32 x [.., C] over all axes but the last, in one pass
// (native/ops_reduce.cc, the ChannelMoments kernel).
Outs channelMoments(const at::Tensor& x);

// dy * step(x), step(x) = x > 0 ? 1 : 0 with NaN kept (Relu's gradient, as TF.js computes it), in one vectorised
// pass when dy and x share one dense layout (native/ops_gradients.cc, the ReluGrad kernel).
at::Tensor reluGrad(const at::Tensor& dy, const at::Tensor& x);

// Sets glibc malloc thresholds so that freed tensor memory is reused instead of unmapped (native/mallocTuning.cc).
// Skipped when TFJS_LIBTORCH_MALLOC_TUNING=0 or GLIBC_TUNABLES sets malloc options; returns whether it applied.
bool tuneMalloc();

// TF.js dtype codes shared with JavaScript: 0 float32, 1 int32, 2 bool.
at::ScalarType scalarTypeOf(int64_t code);

inline Outs one(at::Tensor t) { return Outs{std::move(t)}; }

inline at::Tensor toFloat(const at::Tensor& t) {
  return t.scalar_type() == at::kFloat ? t : t.to(at::kFloat);
}

inline bool isIntegral(const at::Tensor& t) {
  return t.scalar_type() == at::kInt || t.scalar_type() == at::kLong || t.scalar_type() == at::kBool;
}

// Integer vector slice [from, from + n) of the int attributes.
inline std::vector<int64_t> ints(const OpArgs& a, size_t from, size_t n) {
  return std::vector<int64_t>(a.i.begin() + from, a.i.begin() + from + n);
}

// Fused activations (FusedConv2D, _FusedMatMul): codes shared with JavaScript.
// 0 linear, 1 relu, 2 relu6, 3 prelu (weights given), 4 leakyrelu (alpha), 5 elu, 6 sigmoid.
at::Tensor applyActivation(const at::Tensor& x, int64_t code, const at::Tensor* preluWeights, double alpha);

// MaxPool's gradient for NHWC float32 x [N, H, W, C] (already padded) and dy [N, OH, OW, C], window kh x kw,
// strides sh, sw (native/maxPoolGrad.cc). Returns gx, contiguous NHWC like x.
at::Tensor maxPoolGradNhwc(const at::Tensor& dy, const at::Tensor& x, int64_t kh, int64_t kw, int64_t sh, int64_t sw);

}  // namespace tfl
