// Native gradients for hot TF.js gradient formulas (used by the overrides in src/gradients/ while 'libtorch' is
// the active backend). Each gives exactly what TF.js's composite gives, in one pass.
#include "ops.h"

#include <ATen/Parallel.h>

namespace tfl {
namespace {

// dy * step(x) with step(x) = x > 0 ? 1 : 0 and NaN kept: the same products as TF.js's mul(dy, step(x)), so
// infinities and NaN in dy propagate identically. Branch-free so it vectorises; cloned per instruction set
// (see stepLoop in ops_elementwise.cc for why).
__attribute__((target_clones("avx512f", "avx2", "default")))
void reluGradLoop(const float* dy, const float* x, float* out, int64_t n) {
  for (int64_t k = 0; k < n; ++k) {
    const float v = x[k];
    const float positive = static_cast<float>(v > 0);
    out[k] = dy[k] * (v != v ? v : positive);
  }
}

// dy * (x * 2), TF.js's mul(dy, mul(x, 2)): the same two roundings in one pass.
__attribute__((target_clones("avx512f", "avx2", "default")))
void squareGradLoop(const float* dy, const float* x, float* out, int64_t n) {
  for (int64_t k = 0; k < n; ++k) out[k] = dy[k] * (x[k] * 2.0f);
}

using GradLoop = void (*)(const float*, const float*, float*, int64_t);

// Runs `loop` over dy's and x's storage when both are float32 of one shape and x has a dense memory layout
// (contiguous, or a channels-last view); the result keeps x's layout (downstream ATen kernels pick their paths, and
// so their summation orders, by layout). A dy in another layout (a view: the gradient of a Slice, e.g. of a zero
// padding or a channel pad, is one) is first copied into x's layout: one exact copy instead of ATen's composite,
// whose five passes over strided memory cost several times the loop. Returns an undefined tensor otherwise.
at::Tensor sameLayoutPass(const at::Tensor& dyIn, const at::Tensor& x, GradLoop loop) {
  const bool ok = dyIn.scalar_type() == at::kFloat && x.scalar_type() == at::kFloat && dyIn.sizes() == x.sizes() &&
                  x.is_non_overlapping_and_dense();
  if (!ok) return at::Tensor();
  at::Tensor dy = dyIn;
  if (dy.strides() != x.strides()) {
    dy = at::empty_like(x);
    dy.copy_(dyIn);
  }
  at::Tensor r = at::empty_like(dy);
  const float* dyp = dy.data_ptr<float>();
  const float* xp = x.data_ptr<float>();
  float* out = r.data_ptr<float>();
  at::parallel_for(0, dy.numel(), 32768, [&](int64_t begin, int64_t end) { loop(dyp + begin, xp + begin, out + begin, end - begin); });
  return r;
}

}  // namespace

at::Tensor reluGrad(const at::Tensor& dy, const at::Tensor& x) {
  at::Tensor r = sameLayoutPass(dy, x, reluGradLoop);
  if (r.defined()) return r;
  at::Tensor fx = toFloat(x);
  return toFloat(dy) * at::where(fx.isnan(), fx, fx.gt(0).to(at::kFloat)).contiguous();
}

void registerGradientOps() {
  // ReluGrad(dy, x): dy * step(x) (Relu's gradient). Layouts that differ take the ATen composite, as TF.js's two
  // kernels would.
  registerOp("ReluGrad", [](const OpArgs& a) -> Outs { return one(reluGrad(a.t[0], a.t[1])); });
  // SquareGrad(dy, x): dy * (x * 2) (Square's gradient). A broadcast dy (batch-norm moments: the Mean gradient is
  // a per-channel view) takes one ATen pass, 0 + 2 * dy * x: scaling by 2 is exact, so the products are the same.
  registerOp("SquareGrad", [](const OpArgs& a) -> Outs {
    at::Tensor r = sameLayoutPass(a.t[0], a.t[1], squareGradLoop);
    if (r.defined()) return one(r);
    at::Tensor x = toFloat(a.t[1]);
    return one(at::addcmul(at::zeros({}, x.options()), toFloat(a.t[0]), x, 2));
  });
}

}  // namespace tfl
