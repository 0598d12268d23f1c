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

}  // namespace

void registerGradientOps() {
  // ReluGrad(dy, x): dy * step(x), float32, dy and x of one shape (Relu's gradient). When dy and x share one
  // dense memory layout (the usual case: both contiguous, or both channels-last views) the loop runs over their
  // storage and the result keeps that layout; otherwise the ATen composite runs, as TF.js's two kernels would.
  registerOp("ReluGrad", [](const OpArgs& a) -> Outs {
    const at::Tensor& dy = a.t[0];
    const at::Tensor& x = a.t[1];
    const bool sameDenseLayout = dy.scalar_type() == at::kFloat && x.scalar_type() == at::kFloat && dy.sizes() == x.sizes() &&
                                 dy.strides() == x.strides() && dy.is_non_overlapping_and_dense();
    if (!sameDenseLayout) {
      at::Tensor fx = toFloat(x);
      return one(toFloat(dy) * at::where(fx.isnan(), fx, fx.gt(0).to(at::kFloat)).contiguous());
    }
    at::Tensor r = at::empty_like(dy);
    const float* dyp = dy.data_ptr<float>();
    const float* xp = x.data_ptr<float>();
    float* out = r.data_ptr<float>();
    at::parallel_for(0, dy.numel(), 32768, [&](int64_t begin, int64_t end) { reluGradLoop(dyp + begin, xp + begin, out + begin, end - begin); });
    return one(r);
  });
}

}  // namespace tfl
