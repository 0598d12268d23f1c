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

// HWIO filter -> OIHW weight in channels-last memory (physical order O, H, W, I): the transpose of the [H·W·I, O]
// matrix a contiguous HWIO filter is, which ATen copies in cache blocks. permute(3, 2, 0, 1).contiguous(ChannelsLast)
// gives the same tensor element by element along the worst stride: 13.1 ms against 3.1 ms for a 3x3x512x512 filter
// on one thread (ResNet-50's last stage), paid by every forward and input-gradient convolution.
inline at::Tensor weightOf(const at::Tensor& hwio) {
  if (!hwio.is_contiguous()) return hwio.permute({3, 2, 0, 1}).contiguous(at::MemoryFormat::ChannelsLast);
  const int64_t h = hwio.size(0), w = hwio.size(1), i = hwio.size(2), o = hwio.size(3);
  return hwio.reshape({h * w * i, o}).t().contiguous().view({o, h, w, i}).permute({0, 3, 1, 2});
}

// A filter gradient OIHW (channels-last, as oneDNN returns it: physical order O, H, W, I) -> a contiguous HWIO
// tensor: the transpose of the [O, H·W·I] matrix, copied in cache blocks, rather than a permuted view that the
// optimiser's update would copy element by element (any other layout: the same values through a plain copy).
inline at::Tensor filterOf(const at::Tensor& oihw) {
  const int64_t o = oihw.size(0), i = oihw.size(1), h = oihw.size(2), w = oihw.size(3);
  if (!oihw.is_contiguous(at::MemoryFormat::ChannelsLast)) return oihw.permute({2, 3, 1, 0}).contiguous();
  return oihw.permute({0, 2, 3, 1}).reshape({o, h * w * i}).t().contiguous().view({h, w, i, o});
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
