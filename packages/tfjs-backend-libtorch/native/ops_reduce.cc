// Reductions, softmax, matrix products. Axes arrive already normalised (non-negative, non-empty).
#include "ops.h"

#include <ATen/Parallel.h>

#include <vector>

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

// Per-channel sums of (x - m)^2 over the rows of a [rows, C] row-major block, for channels [c0, c1): float32
// sums in row order. Vectorised across channels.
__attribute__((target_clones("avx512f", "avx2", "default")))
void squaredDiffRows(const float* x, const float* m, float* acc, int64_t rows, int64_t channels, int64_t c0, int64_t c1) {
  for (int64_t r = 0; r < rows; ++r) {
    const float* row = x + r * channels;
    for (int64_t c = c0; c < c1; ++c) {
      const float d = row[c] - m[c];
      acc[c] += d * d;
    }
  }
}

}  // namespace

void registerReduceOps() {
  // ChannelMeanSquaredDiff(x, m): mean over all axes but the last of (x - m)^2, m broadcast along the last axis
  // ([1, .., 1, C] or [C]) -- what TF.js's mean(square(sub(x, m)), [0, .., rank-2]) gives (tf.moments' variance),
  // in one pass over x without the two full-size intermediates. Differences and squares round to float32 as TF.js's
  // kernels do; each channel is summed in float32 in row order (one thread per channel block), then divided.
  registerOp("ChannelMeanSquaredDiff", [](const OpArgs& a) -> Outs {
    at::Tensor x = a.t[0].to(at::kFloat).contiguous();
    at::Tensor m = a.t[1].to(at::kFloat).reshape({-1}).contiguous();
    const int64_t channels = m.numel();
    const int64_t rows = channels == 0 ? 0 : x.numel() / channels;
    std::vector<int64_t> shape(x.sizes().end() - 1, x.sizes().end());
    at::Tensor out = at::zeros(shape, x.options());
    float* acc = out.data_ptr<float>();
    const float* xp = x.data_ptr<float>();
    const float* mp = m.data_ptr<float>();
    // Threads split the channels, so each channel is summed in row order by one thread.
    at::parallel_for(0, channels, 8, [&](int64_t begin, int64_t end) { squaredDiffRows(xp, mp, acc, rows, channels, begin, end); });
    const float n = static_cast<float>(rows);
    for (int64_t c = 0; c < channels; ++c) acc[c] = acc[c] / n;
    return one(out);
  });
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
