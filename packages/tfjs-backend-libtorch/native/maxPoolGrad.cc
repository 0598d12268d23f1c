// MaxPool's gradient over NHWC float32 memory in one pass over the windows. ATen had to recompute the forward
// with int64 argmax indices and then scatter (5.9 ms per call on the small CNN's [128, 28, 28, 32] pool; the
// forward alone took 1.7 ms). Argmax rule as ATen's max pooling (which the forward uses): the window's first
// element is the default, a later element wins when it is greater or NaN.
#include "ops.h"

#include <ATen/Parallel.h>

#include <cmath>
#include <vector>

namespace tfl {
namespace {

struct Geometry {
  int64_t h, w, c, oh, ow, kh, kw, sh, sw;
};

// One image: x and gx [H, W, C], dy [OH, OW, C]; best/where: scratch of C entries. Branch-free selects over the
// channels (int32 positions: one image holds fewer than 2^31 values) so the channel loops vectorise; cloned per
// instruction set (see stepLoop in ops_elementwise.cc).
__attribute__((target_clones("avx512f", "avx2", "default")))
void imageGrad(const float* x, const float* dy, float* gx, const Geometry& g, float* best, int32_t* where) {
  const int64_t c = g.c;
  const bool tiled = g.sh == g.kh && g.sw == g.kw;
  for (int64_t i = 0; i < g.oh; ++i) {
    for (int64_t j = 0; j < g.ow; ++j) {
      const int32_t first = static_cast<int32_t>(((i * g.sh) * g.w + j * g.sw) * c);
      for (int64_t ch = 0; ch < c; ++ch) {
        best[ch] = -INFINITY;
        where[ch] = first + static_cast<int32_t>(ch);
      }
      for (int64_t u = 0; u < g.kh; ++u) {
        for (int64_t v = 0; v < g.kw; ++v) {
          const int32_t pos = static_cast<int32_t>(((i * g.sh + u) * g.w + j * g.sw + v) * c);
          const float* row = x + pos;
          for (int64_t ch = 0; ch < c; ++ch) {
            const float value = row[ch];
            const bool take = value > best[ch] || value != value;
            best[ch] = take ? value : best[ch];
            where[ch] = take ? pos + static_cast<int32_t>(ch) : where[ch];
          }
        }
      }
      const float* d = dy + (i * g.ow + j) * c;
      if (tiled) {
        // windows do not overlap: this window's cells are written here only (zeros, then the maxima)
        for (int64_t u = 0; u < g.kh; ++u) {
          float* row = gx + ((i * g.sh + u) * g.w + j * g.sw) * c;
          for (int64_t k = 0; k < g.kw * c; ++k) row[k] = 0.0f;
        }
        for (int64_t ch = 0; ch < c; ++ch) gx[where[ch]] = d[ch];
      } else {
        for (int64_t ch = 0; ch < c; ++ch) gx[where[ch]] += d[ch];
      }
    }
  }
}

// The same for windows that tile the image (stride = window, as 2x2 pooling at stride 2): each cell of a window
// belongs to that window only, so it is written once, dy where it holds the window's argmax and 0 elsewhere, as a
// select over the channels (vectorised) instead of zeroing the window and scattering the maxima. which[ch] is the
// argmax's cell in the window (u * kw + v).
__attribute__((target_clones("avx512f", "avx2", "default")))
void tiledImageGrad(const float* x, const float* dy, float* gx, const Geometry& g, float* best, int32_t* which) {
  const int64_t c = g.c;
  for (int64_t i = 0; i < g.oh; ++i) {
    for (int64_t j = 0; j < g.ow; ++j) {
      for (int64_t ch = 0; ch < c; ++ch) {
        best[ch] = -INFINITY;
        which[ch] = 0;
      }
      for (int64_t u = 0; u < g.kh; ++u) {
        for (int64_t v = 0; v < g.kw; ++v) {
          const float* row = x + ((i * g.sh + u) * g.w + j * g.sw + v) * c;
          const int32_t cell = static_cast<int32_t>(u * g.kw + v);
          for (int64_t ch = 0; ch < c; ++ch) {
            const float value = row[ch];
            const bool take = value > best[ch] || value != value;
            best[ch] = take ? value : best[ch];
            which[ch] = take ? cell : which[ch];
          }
        }
      }
      const float* d = dy + (i * g.ow + j) * c;
      for (int64_t u = 0; u < g.kh; ++u) {
        for (int64_t v = 0; v < g.kw; ++v) {
          float* row = gx + ((i * g.sh + u) * g.w + j * g.sw + v) * c;
          const int32_t cell = static_cast<int32_t>(u * g.kw + v);
          for (int64_t ch = 0; ch < c; ++ch) row[ch] = which[ch] == cell ? d[ch] : 0.0f;
        }
      }
    }
  }
}

}  // namespace

at::Tensor maxPoolGradNhwc(const at::Tensor& dyIn, const at::Tensor& xIn, int64_t kh, int64_t kw, int64_t sh, int64_t sw) {
  at::Tensor dy = dyIn.contiguous();
  at::Tensor x = xIn.contiguous();
  const Geometry g{x.size(1), x.size(2), x.size(3), dy.size(1), dy.size(2), kh, kw, sh, sw};
  const int64_t n = x.size(0);
  const int64_t image = g.h * g.w * g.c;
  // Windows that tile the image (stride = window) write every cell they cover; only the uncovered bottom rows
  // and right columns need zeros then. Overlapping windows accumulate into a zeroed gradient.
  const bool tiled = sh == kh && sw == kw;
  at::Tensor gx = tiled ? at::empty_like(x, at::MemoryFormat::Contiguous) : at::zeros_like(x, at::MemoryFormat::Contiguous);
  if (tiled) {
    const int64_t coveredH = g.oh * kh, coveredW = g.ow * kw;
    if (coveredH < g.h) gx.slice(1, coveredH).zero_();
    if (coveredW < g.w) gx.slice(2, coveredW).zero_();
  }
  const float* xp = x.data_ptr<float>();
  const float* dyp = dy.data_ptr<float>();
  float* gp = gx.data_ptr<float>();
  // One image per task: windows of one image may overlap (stride < kernel), images never do.
  at::parallel_for(0, n, 1, [&](int64_t begin, int64_t end) {
    std::vector<float> best(static_cast<size_t>(g.c));
    std::vector<int32_t> where(static_cast<size_t>(g.c));
    for (int64_t b = begin; b < end; ++b) {
      if (tiled) {
        tiledImageGrad(xp + b * image, dyp + b * g.oh * g.ow * g.c, gp + b * image, g, best.data(), where.data());
      } else {
        imageGrad(xp + b * image, dyp + b * g.oh * g.ow * g.c, gp + b * image, g, best.data(), where.data());
      }
    }
  });
  return gx;
}

}  // namespace tfl
