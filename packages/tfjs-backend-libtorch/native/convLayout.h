// NHWC <-> channels-last NCHW views and convolution padding, shared by the convolution kernels (native/ops_nn.cc)
// and the fused convolution-batch-norm kernels (native/ops_convbn.cc).
// A contiguous NHWC tensor permuted to NCHW is exactly a channels-last NCHW tensor, so oneDNN sees its preferred
// layout with no copy, and its channels-last results permute back to contiguous NHWC for free.
#pragma once
#include <ATen/ATen.h>
#include <vector>

namespace tfl {

inline at::Tensor toNchw(const at::Tensor& nhwc) { return nhwc.permute({0, 3, 1, 2}); }
inline at::Tensor toNhwc(const at::Tensor& nchw) { return nchw.permute({0, 2, 3, 1}); }

// HWIO filter -> OIHW weight in channels-last memory (a small copy).
inline at::Tensor weightOf(const at::Tensor& hwio) {
  return hwio.permute({3, 2, 0, 1}).contiguous(at::MemoryFormat::ChannelsLast);
}

struct Pads {
  int64_t top, bottom, left, right;
  bool symmetric() const { return top == bottom && left == right; }
  bool any() const { return top || bottom || left || right; }
};

inline at::Tensor padNchw(const at::Tensor& x, const Pads& p, double value) {
  return at::constant_pad_nd(x, {p.left, p.right, p.top, p.bottom}, value).contiguous(at::MemoryFormat::ChannelsLast);
}

inline at::Tensor crop(const at::Tensor& g, const Pads& p, int64_t h, int64_t w) {
  return g.narrow(2, p.top, h).narrow(3, p.left, w);
}

// Convolution padding: symmetric padding is passed to the convolution; asymmetric padding (TensorFlow's 'same'
// with an odd total) is applied to x explicitly first, and the convolution then pads nothing.
inline std::vector<int64_t> convPadding(at::Tensor& x, const Pads& p) {
  if (p.symmetric()) return {p.top, p.left};
  x = padNchw(x, p, 0);
  return {0, 0};
}

}  // namespace tfl
