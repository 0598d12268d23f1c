// Reductions, softmax, matrix products. Axes arrive already normalised (non-negative, non-empty).
#include "ops.h"

namespace tfl {
namespace {

// Attributes: i=[keepDims, ...axes].
std::vector<int64_t> axesOf(const OpArgs& a) { return std::vector<int64_t>(a.i.begin() + 1, a.i.end()); }
bool keepDimsOf(const OpArgs& a) { return a.i[0] != 0; }

// Reduces one axis at a time, from the last, for reductions ATen only offers per dimension.
template <typename F>
at::Tensor reduceEach(at::Tensor x, std::vector<int64_t> axes, bool keepDims, F f) {
  std::sort(axes.rbegin(), axes.rend());
  for (auto ax : axes) x = f(x, ax, keepDims);
  return x;
}

at::Tensor matmulT(at::Tensor a, at::Tensor b, bool ta, bool tb) {
  if (ta) a = a.transpose(-2, -1);
  if (tb) b = b.transpose(-2, -1);
  return at::matmul(a, b);
}

}  // namespace

void registerReduceOps() {
  registerOp("Sum", [](const OpArgs& a) -> Outs { return one(at::sum(a.t[0], axesOf(a), keepDimsOf(a))); });
  registerOp("Mean", [](const OpArgs& a) -> Outs { return one(at::mean(toFloat(a.t[0]), axesOf(a), keepDimsOf(a))); });
  registerOp("Max", [](const OpArgs& a) -> Outs { return one(at::amax(a.t[0], axesOf(a), keepDimsOf(a))); });
  registerOp("Min", [](const OpArgs& a) -> Outs { return one(at::amin(a.t[0], axesOf(a), keepDimsOf(a))); });
  registerOp("Prod", [](const OpArgs& a) -> Outs {
    at::Tensor x = a.t[0].scalar_type() == at::kBool ? a.t[0].to(at::kInt) : a.t[0];
    return one(reduceEach(x, axesOf(a), keepDimsOf(a), [](const at::Tensor& t, int64_t d, bool k) { return at::prod(t, d, k); }));
  });
  registerOp("Any", [](const OpArgs& a) -> Outs {
    return one(reduceEach(a.t[0].ne(0), axesOf(a), keepDimsOf(a), [](const at::Tensor& t, int64_t d, bool k) { return at::any(t, d, k); }));
  });
  registerOp("All", [](const OpArgs& a) -> Outs {
    return one(reduceEach(a.t[0].ne(0), axesOf(a), keepDimsOf(a), [](const at::Tensor& t, int64_t d, bool k) { return at::all(t, d, k); }));
  });
  // ArgMax/ArgMin: i=[axis].
  registerOp("ArgMax", [](const OpArgs& a) -> Outs { return one(at::argmax(a.t[0], a.i[0], false)); });
  registerOp("ArgMin", [](const OpArgs& a) -> Outs { return one(at::argmin(a.t[0], a.i[0], false)); });
  // Softmax/LogSoftmax: i=[axis].
  registerOp("Softmax", [](const OpArgs& a) -> Outs { return one(at::softmax(toFloat(a.t[0]), a.i[0])); });
  registerOp("LogSoftmax", [](const OpArgs& a) -> Outs { return one(at::log_softmax(toFloat(a.t[0]), a.i[0])); });
  // Cumsum: i=[axis, exclusive, reverse].
  registerOp("Cumsum", [](const OpArgs& a) -> Outs {
    at::Tensor x = a.t[0];
    int64_t ax = a.i[0];
    bool exclusive = a.i[1] != 0, reverse = a.i[2] != 0;
    if (reverse) x = x.flip(ax);
    at::Tensor r = at::cumsum(x, ax);
    if (exclusive) r = r - x;
    if (reverse) r = r.flip(ax);
    return one(r);
  });
  // BatchMatMul(a, b): i=[transposeA, transposeB].
  registerOp("BatchMatMul", [](const OpArgs& a) -> Outs { return one(matmulT(a.t[0], a.t[1], a.i[0] != 0, a.i[1] != 0)); });
  // _FusedMatMul(a, b, bias?, preluWeights?): i=[transposeA, transposeB, hasBias, activation, hasPrelu], f=[alpha].
  registerOp("_FusedMatMul", [](const OpArgs& a) -> Outs {
    bool hasBias = a.i[2] != 0, hasPrelu = a.i[4] != 0;
    at::Tensor r;
    if (hasBias && a.t[0].dim() == 2 && a.t[1].dim() == 2) {
      at::Tensor x = a.i[0] ? a.t[0].t() : a.t[0];
      at::Tensor w = a.i[1] ? a.t[1].t() : a.t[1];
      r = at::addmm(a.t[2], x, w);
    } else {
      r = matmulT(a.t[0], a.t[1], a.i[0] != 0, a.i[1] != 0);
      if (hasBias) r = r + a.t[2];
    }
    const at::Tensor* prelu = hasPrelu ? &a.t[hasBias ? 3 : 2] : nullptr;
    return one(applyActivation(r, a.i[3], prelu, a.f.empty() ? 0.2 : a.f[0]));
  });
}

}  // namespace tfl
