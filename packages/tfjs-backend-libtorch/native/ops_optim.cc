// Fused optimiser updates: one native call per training step over every variable (src/ops/sgdMomentumUpdate.ts).
#include "ops.h"

#include <ATen/Parallel.h>

namespace tfl {
namespace {

// One SGD momentum step over n floats, with TF.js's composite roundings (each product and sum rounded to float32,
// in this order): g = dw + wd·w (when decayed), v' = mu·v + g, then w' = w − lr·v', or with Nesterov
// w' = w − lr·(g + mu·v'). fp-contract=off keeps the compiler from fusing a product and a sum into one FMA (one
// rounding instead of two), which would change the last bit.
__attribute__((target_clones("avx512f", "avx2", "default"), optimize("fp-contract=off")))
void sgdMomentumLoop(const float* w, const float* dw, const float* v, float* wOut, float* vOut, int64_t n, float lr,
                     float mu, float wd, bool decayed, bool nesterov) {
  for (int64_t k = 0; k < n; ++k) {
    const float g = decayed ? dw[k] + wd * w[k] : dw[k];
    const float velocity = mu * v[k] + g;
    vOut[k] = velocity;
    wOut[k] = nesterov ? w[k] - lr * (g + mu * velocity) : w[k] - lr * velocity;
  }
}

// A dense float32 copy of t (gradients can be broadcast views: Sum's and Mean's gradients are Expand views).
at::Tensor denseFloat(const at::Tensor& t) { return toFloat(t).contiguous(); }

}  // namespace

void registerOptimizerOps() {
  // SgdMomentum(w[0..n), dw[0..n), v[0..n)): i = [decayed_0, .., decayed_{n-1}] (0 or 1), f = [lr, mu, wd] or
  // [lr, mu, wd, nesterov (0 or 1)].
  // Returns [w'[0..n), v'[0..n)] as new tensors (the inputs are never written: storages can be shared between
  // tensors on this backend, Identity and same-dtype Cast return views). Every dw_k and v_k must have w_k's shape.
  registerOp("SgdMomentum", [](const OpArgs& a) -> Outs {
    const size_t n = a.i.size();
    if (a.t.size() != 3 * n || (a.f.size() != 3 && a.f.size() != 4)) throw std::runtime_error("SgdMomentum: expected 3n tensors, n flags, 3 or 4 floats");
    const bool nesterov = a.f.size() == 4 && a.f[3] != 0.0;
    const float lr = static_cast<float>(a.f[0]);
    const float mu = static_cast<float>(a.f[1]);
    const float wd = static_cast<float>(a.f[2]);
    Outs out(2 * n);
    for (size_t k = 0; k < n; ++k) {
      const at::Tensor w = denseFloat(a.t[k]);
      const at::Tensor dw = denseFloat(a.t[n + k]);
      const at::Tensor v = denseFloat(a.t[2 * n + k]);
      if (dw.sizes() != w.sizes() || v.sizes() != w.sizes()) {
        throw std::runtime_error("SgdMomentum: variable " + std::to_string(k) + " has shape " + c10::str(w.sizes()) +
                                 " but its gradient " + c10::str(dw.sizes()) + " and velocity " + c10::str(v.sizes()));
      }
      at::Tensor wOut = at::empty_like(w);
      at::Tensor vOut = at::empty_like(v);
      const float* wp = w.data_ptr<float>();
      const float* dwp = dw.data_ptr<float>();
      const float* vp = v.data_ptr<float>();
      float* wo = wOut.data_ptr<float>();
      float* vo = vOut.data_ptr<float>();
      const bool decayed = a.i[k] != 0 && wd != 0.0f;
      at::parallel_for(0, w.numel(), 32768, [&](int64_t begin, int64_t end) {
        sgdMomentumLoop(wp + begin, dwp + begin, vp + begin, wo + begin, vo + begin, end - begin, lr, mu, wd, decayed, nesterov);
      });
      out[k] = std::move(wOut);
      out[n + k] = std::move(vOut);
    }
    return out;
  });
}

}  // namespace tfl
