// Softmax along the last axis in one sweep per row over float32 memory: the row maximum, exp(x - max) (8 lanes, see
// expNonPositive) written out and summed, then the row scaled by 1/sum; a row of C = 8142 floats stays in cache
// between the three steps. Debian libtorch's softmax took 2.3 ms of CPU on [256, 8142] (its exp alone 1.4 ms);
// the softmax cross-entropy of class-balanced-loss runs one per call. Without AVX2+FMA, for another axis, or
// for non-contiguous or non-float inputs, ATen runs instead.
#include "ops.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#if defined(__x86_64__)
#include <immintrin.h>
#define TFL_HAS_AVX2_SOFTMAX 1
#else
#define TFL_HAS_AVX2_SOFTMAX 0
#endif

namespace tfl {
namespace {

#if TFL_HAS_AVX2_SOFTMAX
__attribute__((target("avx2,fma"))) float horizontalMax(__m256 v) {
  alignas(32) float lanes[8];
  _mm256_store_ps(lanes, v);
  return *std::max_element(lanes, lanes + 8);
}

// The maximum of one row of n floats: 8 lanes, then the tail (the first sweep of both row kernels below).
__attribute__((target("avx2,fma"))) float rowMaxAvx2(const float* x, int64_t n) {
  __m256 vmax = _mm256_set1_ps(-std::numeric_limits<float>::infinity());
  int64_t k = 0;
  for (; k + 8 <= n; k += 8) vmax = _mm256_max_ps(vmax, _mm256_loadu_ps(x + k));
  float m = horizontalMax(vmax);
  for (; k < n; ++k) m = std::max(m, x[k]);
  return m;
}

__attribute__((target("avx2,fma"))) float horizontalSum(__m256 v) {
  alignas(32) float lanes[8];
  _mm256_store_ps(lanes, v);
  return ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) + ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]));
}

// exp(x) for x <= 0 or NaN (the shifted logits of a softmax), 8 lanes, inlined: Cephes' expf (x = n·ln 2 + r,
// |r| <= ln 2 / 2, a degree-6 polynomial for exp(r), 2^n from the exponent bits), within 1.2e-7 relative of exp
// for x >= -87.3 (measured against double exp); 0 below, where exp(x) is subnormal; NaN stays NaN. 15-20% faster
// than libmvec's call in the softmax sweep.
__attribute__((target("avx2,fma"))) inline __m256 expNonPositive(__m256 x) {
  const __m256 lowest = _mm256_set1_ps(-87.33654f);  // log(FLT_MIN)
  const __m256 isNan = _mm256_cmp_ps(x, x, _CMP_UNORD_Q);
  const __m256 underflows = _mm256_cmp_ps(x, lowest, _CMP_LT_OQ);
  const __m256 xc = _mm256_max_ps(x, lowest);
  const __m256 n = _mm256_round_ps(_mm256_mul_ps(xc, _mm256_set1_ps(1.44269504088896341f)), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  // r = x - n·ln 2, with ln 2 split in two so that n·ln2_hi is exact
  __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.693359375f), xc);
  r = _mm256_fnmadd_ps(n, _mm256_set1_ps(-2.12194440e-4f), r);
  __m256 p = _mm256_set1_ps(1.9875691500e-4f);
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.3981999507e-3f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(8.3334519073e-3f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(4.1665795894e-2f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.6666665459e-1f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(5.0000001201e-1f));
  p = _mm256_fmadd_ps(_mm256_mul_ps(p, r), r, _mm256_add_ps(r, _mm256_set1_ps(1.0f)));
  const __m256i twoToN = _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127)), 23);
  const __m256 e = _mm256_andnot_ps(underflows, _mm256_mul_ps(p, _mm256_castsi256_ps(twoToN)));
  return _mm256_blendv_ps(e, x, isNan);
}

// out = softmax(x) for one row of n floats. A NaN anywhere makes its exp NaN, hence the sum and the whole row NaN
// (whether or not the maximum saw it); +inf gives inf - inf = NaN likewise: the cpu backend's results.
__attribute__((target("avx2,fma"))) void softmaxRowAvx2(const float* x, float* out, int64_t n) {
  const float m = rowMaxAvx2(x, n);
  int64_t k = 0;
  const __m256 vm = _mm256_set1_ps(m);
  __m256 vsum = _mm256_setzero_ps();
  for (k = 0; k + 8 <= n; k += 8) {
    // x - m <= 0: exp in (0, 1], no overflow
    const __m256 e = expNonPositive(_mm256_sub_ps(_mm256_loadu_ps(x + k), vm));
    _mm256_storeu_ps(out + k, e);
    vsum = _mm256_add_ps(vsum, e);
  }
  float sum = horizontalSum(vsum);
  for (; k < n; ++k) {
    out[k] = std::exp(x[k] - m);
    sum += out[k];
  }
  // the maximum contributes exp(0) = 1, so sum >= 1 for a finite row
  const float inverse = 1.0f / sum;
  const __m256 vinverse = _mm256_set1_ps(inverse);
  for (k = 0; k + 8 <= n; k += 8) _mm256_storeu_ps(out + k, _mm256_mul_ps(_mm256_loadu_ps(out + k), vinverse));
  for (; k < n; ++k) out[k] *= inverse;
}

// The row maximum m, l = log Σ_k exp(x_k - m) and log softmax(x)_i of one row of n >= 1 floats:
//   s = Σ_{k: x_k < m} exp(x_k - m) + (t - 1),  t the number of k with x_k = m (s = Σ_k exp(x_k - m) - 1, exactly)
//   l = log1p(s),   log softmax(x)_i = (x_i - m) - l
// (m and l are kept apart: their sum, log Σ exp(x), would carry an absolute rounding error of its magnitude's ulp,
// 5e-4 at |x| ~ 1e4, into every exp(x - lse) of the gradient.)
// Two read sweeps (the maximum, then the sum of exp(x - m) in (0, 1), no overflow). Summing the terms below the
// maximum and log1p instead of log(1 + s) keep log softmax(x)_i accurate when p_i is near 1 (s < 2^-24 would vanish
// next to 1): the gradient's 1 - p_i = -expm1(log softmax(x)_i) then has float32 relative precision. Both terms of
// log softmax(x)_i are <= 0 (s >= 0), so it is <= 0 and finite for a finite row; a NaN (counted with the terms,
// through an unordered compare) or +inf makes the results NaN.
__attribute__((target("avx2,fma"))) void logSoftmaxAtRowAvx2(const float* x, int64_t n, int64_t i, float* rowMax, float* logSum, float* logSoftmaxAt) {
  const float m = rowMaxAvx2(x, n);
  int64_t k = 0;
  const __m256 vm = _mm256_set1_ps(m);
  __m256 vsum = _mm256_setzero_ps();
  int64_t ties = 0;
  for (k = 0; k + 8 <= n; k += 8) {
    const __m256 v = _mm256_loadu_ps(x + k);
    // below the maximum, or NaN (unordered): summed; the others equal the maximum and are counted
    const __m256 below = _mm256_cmp_ps(v, vm, _CMP_NGE_UQ);
    vsum = _mm256_add_ps(vsum, _mm256_and_ps(below, expNonPositive(_mm256_sub_ps(v, vm))));
    ties += 8 - __builtin_popcount(static_cast<unsigned>(_mm256_movemask_ps(below)));
  }
  float sum = horizontalSum(vsum);
  for (; k < n; ++k) {
    if (x[k] >= m) ++ties;
    else sum += std::exp(x[k] - m);
  }
  const float l = std::log1p(sum + static_cast<float>(ties - 1));
  *rowMax = m;
  *logSum = l;
  *logSoftmaxAt = (x[i] - m) - l;
}

// One row of the gradient of dy · log softmax(x)_i w.r.t. x: g_k = -dy·exp((x_k - m) - l) for k != i, and
// g_i = -dy·expm1(log softmax(x)_i) = dy·(1 - p_i) without the cancellation of 1 - p_i when p_i is near 1. x_k - m
// <= 0 and l >= 0, so every exponent is <= 0: one read and one write sweep.
__attribute__((target("avx2,fma"))) void logSoftmaxAtGradRowAvx2(const float* x, int64_t n, int64_t i, float m, float l, float at, float dy, float* g) {
  const __m256 vm = _mm256_set1_ps(m);
  const __m256 vl = _mm256_set1_ps(l);
  const __m256 vscale = _mm256_set1_ps(-dy);
  int64_t k = 0;
  for (; k + 8 <= n; k += 8) {
    const __m256 shifted = _mm256_sub_ps(_mm256_sub_ps(_mm256_loadu_ps(x + k), vm), vl);
    _mm256_storeu_ps(g + k, _mm256_mul_ps(vscale, expNonPositive(shifted)));
  }
  for (; k < n; ++k) g[k] = -dy * std::exp((x[k] - m) - l);
  g[i] = -dy * std::expm1(at);
}

bool hasAvx2() {
  static const bool yes = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  return yes;
}
#else
bool hasAvx2() { return false; }
void softmaxRowAvx2(const float*, float*, int64_t) {}
void logSoftmaxAtRowAvx2(const float*, int64_t, int64_t, float*, float*, float*) {}
void logSoftmaxAtGradRowAvx2(const float*, int64_t, int64_t, float, float, float, float, float*) {}
#endif

// The indices of LogSoftmaxGather as int64, each checked to lie in [0, n).
std::vector<int64_t> checkedIndices(const char* op, const at::Tensor& indices, int64_t rows, int64_t n) {
  TORCH_CHECK(indices.dim() == 1 && indices.size(0) == rows, op, ": indices must have shape [", rows, "]; got ", indices.sizes());
  const at::Tensor idx = indices.to(at::kLong).contiguous();
  std::vector<int64_t> out(idx.data_ptr<int64_t>(), idx.data_ptr<int64_t>() + rows);
  for (const int64_t k : out) TORCH_CHECK(k >= 0 && k < n, op, ": index ", k, " is out of range [0, ", n, ")");
  return out;
}

// Whether the AVX2 row loops apply: float32 rows of x [B, C], contiguous, C >= 1.
bool rowsFast(const at::Tensor& x) {
  return hasAvx2() && x.dim() == 2 && x.scalar_type() == at::kFloat && x.is_contiguous() && x.size(1) > 0;
}

}  // namespace

void registerSoftmaxOps() {
  // Softmax(logits): i=[axis].
  registerOp("Softmax", [](const OpArgs& a) -> Outs {
    const at::Tensor& x = a.t[0];
    const bool lastAxis = x.dim() > 0 && a.i[0] == x.dim() - 1;
    if (!hasAvx2() || !lastAxis || x.scalar_type() != at::kFloat || !x.is_contiguous() || x.numel() == 0) {
      return one(at::softmax(toFloat(x), a.i[0]));
    }
    at::Tensor out = at::empty_like(x, at::MemoryFormat::Contiguous);
    const int64_t n = x.size(x.dim() - 1);
    const int64_t rows = x.numel() / n;
    const float* in = x.data_ptr<float>();
    float* o = out.data_ptr<float>();
    at::parallel_for(0, rows, std::max<int64_t>(1, 32768 / n), [&](int64_t begin, int64_t end) {
      for (int64_t r = begin; r < end; ++r) softmaxRowAvx2(in + r * n, o + r * n, n);
    });
    return one(out);
  });
  // LogSoftmaxGather(x, indices): x [B, C] float32, indices [B] int32 in [0, C). outs: [B] log softmax(x_b)[indices_b],
  // [B] the row maximum m_b, [B] log Σ_c exp(x_{b,c} - m_b) (the last two for LogSoftmaxGatherGrad). Nothing of size
  // [B, C] is written: the "log-softmax + gather by class id" of a softmax cross-entropy with integer labels, in two
  // read sweeps of x.
  registerOp("LogSoftmaxGather", [](const OpArgs& a) -> Outs {
    const at::Tensor& x = a.t[0];
    TORCH_CHECK(x.dim() == 2, "LogSoftmaxGather: x must have rank 2; got ", x.sizes());
    const int64_t rows = x.size(0);
    const int64_t n = x.size(1);
    const std::vector<int64_t> idx = checkedIndices("LogSoftmaxGather", a.t[1], rows, n);
    if (!rowsFast(x)) {
      // the same formula with ATen ops: the terms below the maximum (and NaN) summed, the ties counted, log1p
      const at::Tensor xf = toFloat(x);
      const at::Tensor m = std::get<0>(xf.max(1, true));
      const at::Tensor atMax = xf >= m;
      const at::Tensor l = at::log1p(at::exp(xf - m).masked_fill(atMax, 0).sum(1) + (atMax.sum(1).to(at::kFloat) - 1));
      const at::Tensor logpAt = (xf.gather(1, at::tensor(idx, at::kLong).unsqueeze(1)) - m).squeeze(1) - l;
      return Outs{logpAt, m.squeeze(1), l};
    }
    at::Tensor logpAt = at::empty({rows}, x.options());
    at::Tensor m = at::empty({rows}, x.options());
    at::Tensor l = at::empty({rows}, x.options());
    const float* in = x.data_ptr<float>();
    float* atOut = logpAt.data_ptr<float>();
    float* mOut = m.data_ptr<float>();
    float* lOut = l.data_ptr<float>();
    at::parallel_for(0, rows, std::max<int64_t>(1, 32768 / n), [&](int64_t begin, int64_t end) {
      for (int64_t r = begin; r < end; ++r) logSoftmaxAtRowAvx2(in + r * n, n, idx[r], mOut + r, lOut + r, atOut + r);
    });
    return Outs{logpAt, m, l};
  });
  // LogSoftmaxGatherGrad(x, indices, max, logSum, logSoftmaxAt, dy): the gradient of Σ_b dy_b · LogSoftmaxGather(x,
  // indices)_b w.r.t. x [B, C]: -dy_b · softmax(x_b) = -dy_b · exp((x - max_b) - logSum_b) off the indices,
  // -dy_b · expm1(logSoftmaxAt_b) = dy_b·(1 - p) at them.
  registerOp("LogSoftmaxGatherGrad", [](const OpArgs& a) -> Outs {
    const at::Tensor& x = a.t[0];
    TORCH_CHECK(x.dim() == 2, "LogSoftmaxGatherGrad: x must have rank 2; got ", x.sizes());
    const int64_t rows = x.size(0);
    const int64_t n = x.size(1);
    const std::vector<int64_t> idx = checkedIndices("LogSoftmaxGatherGrad", a.t[1], rows, n);
    const at::Tensor m = toFloat(a.t[2]).contiguous();
    const at::Tensor l = toFloat(a.t[3]).contiguous();
    const at::Tensor logpAt = toFloat(a.t[4]).contiguous();
    const at::Tensor dy = toFloat(a.t[5]).contiguous();
    TORCH_CHECK(m.numel() == rows && l.numel() == rows && logpAt.numel() == rows && dy.numel() == rows,
                "LogSoftmaxGatherGrad: max, logSum, logSoftmaxAt and dy must have ", rows, " elements");
    if (!rowsFast(x)) {
      const at::Tensor index = at::tensor(idx, at::kLong).unsqueeze(1);
      at::Tensor g = at::exp((toFloat(x) - m.unsqueeze(1)) - l.unsqueeze(1)) * (-dy).unsqueeze(1);
      return one(g.scatter_(1, index, (-dy * at::expm1(logpAt)).unsqueeze(1)));
    }
    at::Tensor g = at::empty_like(x, at::MemoryFormat::Contiguous);
    const float* in = x.data_ptr<float>();
    const float* mIn = m.data_ptr<float>();
    const float* lIn = l.data_ptr<float>();
    const float* atIn = logpAt.data_ptr<float>();
    const float* dyIn = dy.data_ptr<float>();
    float* out = g.data_ptr<float>();
    at::parallel_for(0, rows, std::max<int64_t>(1, 32768 / n), [&](int64_t begin, int64_t end) {
      for (int64_t r = begin; r < end; ++r) logSoftmaxAtGradRowAvx2(in + r * n, n, idx[r], mIn[r], lIn[r], atIn[r], dyIn[r], out + r * n);
    });
    return one(g);
  });
}

}  // namespace tfl
