// Softmax along the last axis in one sweep per row over float32 memory: the row maximum, exp(x - max) with glibc's
// libmvec (8 lanes) written out and summed, then the row scaled by 1/sum; a row of C = 8142 floats stays in cache
// between the three steps. Debian libtorch's softmax took 2.3 ms of CPU on [256, 8142] (its exp alone 1.4 ms);
// the softmax cross-entropy of class-balanced-loss runs one per call. Without AVX2+FMA, for another axis, or
// for non-contiguous or non-float inputs, ATen runs instead.
#include "ops.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <cmath>
#include <limits>

#if defined(__x86_64__)
#include <immintrin.h>
extern "C" __m256 _ZGVdN8v_expf(__m256 x);
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

__attribute__((target("avx2,fma"))) float horizontalSum(__m256 v) {
  alignas(32) float lanes[8];
  _mm256_store_ps(lanes, v);
  return ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) + ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]));
}

// out = softmax(x) for one row of n floats. A NaN anywhere makes its exp NaN, hence the sum and the whole row NaN
// (whether or not the maximum saw it); +inf gives inf - inf = NaN likewise: the cpu backend's results.
__attribute__((target("avx2,fma"))) void softmaxRowAvx2(const float* x, float* out, int64_t n) {
  __m256 vmax = _mm256_set1_ps(-std::numeric_limits<float>::infinity());
  int64_t k = 0;
  for (; k + 8 <= n; k += 8) vmax = _mm256_max_ps(vmax, _mm256_loadu_ps(x + k));
  float m = horizontalMax(vmax);
  for (; k < n; ++k) m = std::max(m, x[k]);
  const __m256 vm = _mm256_set1_ps(m);
  __m256 vsum = _mm256_setzero_ps();
  for (k = 0; k + 8 <= n; k += 8) {
    // x - m <= 0: exp in (0, 1], no overflow
    const __m256 e = _ZGVdN8v_expf(_mm256_sub_ps(_mm256_loadu_ps(x + k), vm));
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

bool hasAvx2() {
  static const bool yes = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  return yes;
}
#else
bool hasAvx2() { return false; }
void softmaxRowAvx2(const float*, float*, int64_t) {}
#endif

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
}

}  // namespace tfl
