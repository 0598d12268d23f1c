// Reductions, softmax, matrix products. Axes arrive already normalised (non-negative, non-empty).
#include "ops.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

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

// Per-channel sums of (x - k) and (x - k)^2 over rows [r0, r1) of a [rows, C] row-major block, with k = a shift
// close to the mean (the first row), so the variance does not come from cancelling large sums. Blocks of 64
// rows are summed in float (vectorised across channels, no conversions; `fs`/`fss` are C floats of scratch),
// each block's sums are added in double.
__attribute__((target_clones("avx512f", "avx2", "default")))
void shiftedSums(const float* x, const float* k, double* sum, double* sumSq, float* fs, float* fss, int64_t r0, int64_t r1,
                 int64_t channels) {
  for (int64_t b = r0; b < r1; b += 64) {
    const int64_t e = std::min(r1, b + 64);
    for (int64_t c = 0; c < channels; ++c) fs[c] = fss[c] = 0.0f;
    for (int64_t r = b; r < e; ++r) {
      const float* row = x + r * channels;
      for (int64_t c = 0; c < channels; ++c) {
        const float d = row[c] - k[c];
        fs[c] += d;
        fss[c] += d * d;
      }
    }
    for (int64_t c = 0; c < channels; ++c) {
      sum[c] += static_cast<double>(fs[c]);
      sumSq[c] += static_cast<double>(fss[c]);
    }
  }
}

// The index of the first maximum of each row of a [rows, n] float32 block, NaN skipped (a NaN first element gives
// 0), as the cpu backend's `value > max` scan: the row maximum, then the first element equal to it. Debian
// libtorch's argmax took 2.1 ms of CPU on [256, 8142] (its amax 0.3 ms): the AVX2 path is two vectorised sweeps.
int32_t argMaxRowScalar(const float* row, int64_t n) {
  float m = -std::numeric_limits<float>::infinity();
  for (int64_t k = 0; k < n; ++k) m = row[k] > m ? row[k] : m;  // keeps m when row[k] is NaN
  if (std::isnan(row[0])) return 0;
  for (int64_t k = 0; k < n; ++k) {
    if (row[k] == m) return static_cast<int32_t>(k);
  }
  return 0;
}

#if defined(__x86_64__)
__attribute__((target("avx2"))) int32_t argMaxRowAvx2(const float* row, int64_t n) {
  if (n < 8 || std::isnan(row[0])) return argMaxRowScalar(row, n);
  __m256 vmax = _mm256_set1_ps(-std::numeric_limits<float>::infinity());
  int64_t k = 0;
  // max(v, vmax) returns vmax when v is NaN: NaN skipped
  for (; k + 8 <= n; k += 8) vmax = _mm256_max_ps(_mm256_loadu_ps(row + k), vmax);
  alignas(32) float lanes[8];
  _mm256_store_ps(lanes, vmax);
  float m = lanes[0];
  for (int j = 1; j < 8; ++j) m = lanes[j] > m ? lanes[j] : m;
  for (; k < n; ++k) m = row[k] > m ? row[k] : m;
  const __m256 vm = _mm256_set1_ps(m);
  for (k = 0; k + 8 <= n; k += 8) {
    const int mask = _mm256_movemask_ps(_mm256_cmp_ps(_mm256_loadu_ps(row + k), vm, _CMP_EQ_OQ));
    if (mask != 0) return static_cast<int32_t>(k + __builtin_ctz(static_cast<unsigned>(mask)));
  }
  for (; k < n; ++k) {
    if (row[k] == m) return static_cast<int32_t>(k);
  }
  return 0;
}

bool hasAvx2() {
  static const bool yes = __builtin_cpu_supports("avx2");
  return yes;
}
#else
int32_t argMaxRowAvx2(const float* row, int64_t n) { return argMaxRowScalar(row, n); }
bool hasAvx2() { return false; }
#endif

void argMaxRows(const float* x, int32_t* out, int64_t begin, int64_t end, int64_t n) {
  const bool avx2 = hasAvx2();
  for (int64_t r = begin; r < end; ++r) out[r] = avx2 ? argMaxRowAvx2(x + r * n, n) : argMaxRowScalar(x + r * n, n);
}

// mean over all axes but the last of (x - m)^2 (see ChannelMeanSquaredDiff below).
Outs channelMeanSquaredDiff(const at::Tensor& xIn, const at::Tensor& mIn) {
  at::Tensor x = xIn.to(at::kFloat).contiguous();
  at::Tensor m = mIn.to(at::kFloat).reshape({-1}).contiguous();
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
}

}  // namespace

// ChannelMoments (see registerReduceOps): declared in ops.h for the fused conv-batch-norm kernel.
Outs channelMoments(const at::Tensor& xIn) {
  at::Tensor x = xIn.contiguous();
  const int64_t channels = x.size(x.dim() - 1);
  const int64_t rows = channels == 0 ? 0 : x.numel() / channels;
  at::Tensor mean = at::empty({channels}, x.options());
  at::Tensor variance = at::empty({channels}, x.options());
  if (rows == 0) {
    mean.fill_(std::numeric_limits<float>::quiet_NaN());
    variance.fill_(std::numeric_limits<float>::quiet_NaN());
    return Outs{mean, variance};
  }
  const float* xp = x.data_ptr<float>();
  // The shift: the first row where finite (an infinite shift would turn an infinite mean into NaN).
  std::vector<float> shift(xp, xp + channels);
  for (float& k : shift) k = std::isfinite(k) ? k : 0.0f;
  const int threads = at::get_num_threads();
  std::vector<double> sums(static_cast<size_t>(threads) * channels * 2, 0.0);
  at::parallel_for(0, rows, 256, [&](int64_t begin, int64_t end) {
    double* s = sums.data() + static_cast<size_t>(at::get_thread_num()) * channels * 2;
    std::vector<float> scratch(static_cast<size_t>(channels) * 2);
    shiftedSums(xp, shift.data(), s, s + channels, scratch.data(), scratch.data() + channels, begin, end, channels);
  });
  float* mp = mean.data_ptr<float>();
  float* vp = variance.data_ptr<float>();
  for (int64_t c = 0; c < channels; ++c) {
    double sum = 0, sumSq = 0;
    for (int t = 0; t < threads; ++t) {
      sum += sums[(static_cast<size_t>(t) * 2) * channels + c];
      sumSq += sums[(static_cast<size_t>(t) * 2 + 1) * channels + c];
    }
    const double shiftMean = sum / static_cast<double>(rows);
    mp[c] = static_cast<float>(static_cast<double>(shift[c]) + shiftMean);
    // Rounding can make E[d^2] - E[d]^2 slightly negative; clamp it, but keep NaN (std::max(0, NaN) is 0).
    const double v = sumSq / static_cast<double>(rows) - shiftMean * shiftMean;
    vp[c] = static_cast<float>(v < 0 ? 0.0 : v);
  }
  return Outs{mean, variance};
}

void registerReduceOps() {
  // ChannelMoments(x float32 [.., C]): [mean, variance], each [C], over all axes but the last -- tf.moments of a
  // batch-norm input in one pass over x instead of two. Sums of shifted values per thread (rows split between
  // threads; float within blocks of 64 rows, double across), combined in thread order; variance =
  // E[(x-k)^2] - E[x-k]^2 (biased, as tf.moments).
  registerOp("ChannelMoments", [](const OpArgs& a) -> Outs { return channelMoments(a.t[0]); });

  // ChannelMeanSquaredDiffOrMoments(x, m, x0, m0, v0): v0 when x and m are the tensors x0 and m0 that
  // ChannelMoments just read and produced (same storage, sizes and strides: a view of them), else
  // ChannelMeanSquaredDiff(x, m).
  registerOp("ChannelMeanSquaredDiffOrMoments", [](const OpArgs& a) -> Outs {
    const at::Tensor &x = a.t[0], &m = a.t[1], &x0 = a.t[2], &m0 = a.t[3];
    const bool same = x.data_ptr() == x0.data_ptr() && x.sizes() == x0.sizes() && x.strides() == x0.strides() &&
                      m.data_ptr() == m0.data_ptr() && m.numel() == m0.numel() && m.is_contiguous() && m0.is_contiguous();
    if (same) return one(a.t[4]);
    return channelMeanSquaredDiff(x, m);
  });

  // ChannelMeanSquaredDiff(x, m): mean over all axes but the last of (x - m)^2, m broadcast along the last axis
  // ([1, .., 1, C] or [C]) -- what TF.js's mean(square(sub(x, m)), [0, .., rank-2]) gives (tf.moments' variance),
  // in one pass over x without the two full-size intermediates. Differences and squares round to float32 as TF.js's
  // kernels do; each channel is summed in float32 in row order (one thread per channel block), then divided.
  registerOp("ChannelMeanSquaredDiff", [](const OpArgs& a) -> Outs { return channelMeanSquaredDiff(a.t[0], a.t[1]); });
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
  // ArgMax over the last axis of contiguous float32: one vectorised sweep per row (argMaxRows), else ATen.
  registerOp("ArgMax", [](const OpArgs& a) -> Outs {
    const at::Tensor& x = a.t[0];
    if (x.scalar_type() != at::kFloat || !x.is_contiguous() || x.dim() == 0 || a.i[0] != x.dim() - 1 || x.size(-1) == 0) {
      return one(at::argmax(x, a.i[0], false));
    }
    const int64_t n = x.size(-1);
    std::vector<int64_t> shape(x.sizes().begin(), x.sizes().end() - 1);
    at::Tensor out = at::empty(shape, x.options().dtype(at::kInt));
    const int64_t rows = out.numel();
    const float* xp = x.data_ptr<float>();
    int32_t* op = out.data_ptr<int32_t>();
    at::parallel_for(0, rows, std::max<int64_t>(1, 32768 / n), [&](int64_t begin, int64_t end) { argMaxRows(xp, op, begin, end, n); });
    return one(out);
  });
  registerOp("ArgMin", [](const OpArgs& a) -> Outs { return one(at::argmin(a.t[0], a.i[0], false)); });
  // Softmax: see ops_softmax.cc. LogSoftmax: i=[axis].
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
