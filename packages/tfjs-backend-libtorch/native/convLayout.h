// NHWC <-> channels-last NCHW views and convolution padding, shared by the convolution kernels (native/ops_nn.cc)
// and the fused convolution-batch-norm kernels (native/ops_convbn.cc).
// A contiguous NHWC tensor permuted to NCHW is exactly a channels-last NCHW tensor, so oneDNN sees its preferred
// layout with no copy, and its channels-last results permute back to contiguous NHWC for free.
#pragma once
#include <ATen/ATen.h>
#include <algorithm>
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

// Pointwise convolutions (1x1 filter, no padding; dilation does not matter for 1x1) of float32 NHWC data are matrix
// products on the tensors as TF.js lays them out: the input sampled at the strides is [N·Ho·Wo, I] and the HWIO
// filter [I, O], so BLAS runs them with no layout conversion of either. Against oneDNN's channels-last convolution
// (with the filter transposed into OIHW): 21.6 vs 32.4 ms forward and 46 vs 56 ms backward over ResNet-50's nine
// 1x1 shapes at batch 8, 112 px, one thread (PyTorch's own ops on the same machine). `a` and `b` are the op's two
// tensor operands (x or dy, and the filter or dy), which must be float32.
inline bool isPointwise(int64_t kh, int64_t kw, const Pads& p, const at::Tensor& a, const at::Tensor& b) {
  return kh == 1 && kw == 1 && !p.any() && a.scalar_type() == at::kFloat && b.scalar_type() == at::kFloat;
}

// isPointwise for a convolution of x with an HWIO filter.
inline bool isPointwise(const at::Tensor& x, const at::Tensor& filter, const Pads& p) {
  return filter.dim() == 4 && isPointwise(filter.size(0), filter.size(1), p, x, filter);
}

// NHWC x at the positions a stride-(sh, sw) pointwise convolution reads: [N, ceil(H/sh), ceil(W/sw), C] (a view).
inline at::Tensor strided(const at::Tensor& xNhwc, int64_t sh, int64_t sw) {
  if (sh == 1 && sw == 1) return xNhwc;
  return xNhwc.slice(1, 0, xNhwc.size(1), sh).slice(2, 0, xNhwc.size(2), sw);
}

// The pointwise convolution of NHWC x with a [1, 1, I, O] filter (+ bias [O]) as a contiguous NHWC tensor.
inline at::Tensor pointwiseConv(const at::Tensor& xNhwc, const at::Tensor& filter, int64_t sh, int64_t sw,
                                const c10::optional<at::Tensor>& bias) {
  const at::Tensor xs = strided(xNhwc, sh, sw);
  const int64_t n = xs.size(0), h = xs.size(1), w = xs.size(2), i = xs.size(3), o = filter.size(3);
  const at::Tensor rows = xs.reshape({n * h * w, i}), weight = filter.reshape({i, o});
  at::Tensor y = bias.has_value() ? at::addmm(*bias, rows, weight) : at::mm(rows, weight);
  return y.view({n, h, w, o});
}

// The input gradient [n, h, w, I] of a pointwise convolution for dy [n, Ho, Wo, O]: dy · filterᵀ at the strided
// positions, zero elsewhere.
inline at::Tensor pointwiseInputGrad(const at::Tensor& dyNhwc, const at::Tensor& filter, int64_t sh, int64_t sw, int64_t n,
                                     int64_t h, int64_t w) {
  const int64_t i = filter.size(2), o = filter.size(3);
  const int64_t ho = dyNhwc.size(1), wo = dyNhwc.size(2);
  at::Tensor g = at::mm(dyNhwc.reshape({n * ho * wo, o}), filter.reshape({i, o}).t()).view({n, ho, wo, i});
  if (sh == 1 && sw == 1) return g;
  at::Tensor dx = at::zeros({n, h, w, i}, g.options());
  strided(dx, sh, sw).copy_(g);
  return dx;
}

// The filter gradient [1, 1, I, O] of a pointwise convolution: (x at the strides)ᵀ · dy.
inline at::Tensor pointwiseFilterGrad(const at::Tensor& xNhwc, const at::Tensor& dyNhwc, int64_t sh, int64_t sw) {
  const at::Tensor xs = strided(xNhwc, sh, sw);
  const int64_t i = xs.size(3), o = dyNhwc.size(3), m = dyNhwc.numel() / std::max<int64_t>(1, o);
  return at::mm(xs.reshape({m, i}).t(), dyNhwc.reshape({m, o})).view({1, 1, i, o});
}

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

// The HWIO filter gradient of a kh x kw convolution of NHWC x (padded by p, as the forward) for dy (channels-last
// NCHW): a matrix product for a pointwise convolution, else ATen's, given a weight for its shape and layout only
// (no filter is needed, none is copied).
inline at::Tensor convFilterGrad(const at::Tensor& xNhwc, const at::Tensor& dyNchw, int64_t kh, int64_t kw, const Pads& p,
                                 const std::vector<int64_t>& strides, const std::vector<int64_t>& dilations) {
  if (isPointwise(kh, kw, p, xNhwc, dyNchw)) return pointwiseFilterGrad(xNhwc, toNhwc(dyNchw), strides[0], strides[1]);
  at::Tensor x = toNchw(xNhwc);
  std::vector<int64_t> padding = convPadding(x, p);
  at::Tensor shapeOnly = at::empty({dyNchw.size(1), x.size(1), kh, kw}, x.options().memory_format(at::MemoryFormat::ChannelsLast));
  auto grads = at::convolution_backward(dyNchw, x, shapeOnly, c10::nullopt, strides, padding, dilations, false, {0, 0}, 1,
                                        {false, true, false});
  return filterOf(std::get<1>(grads));
}

}  // namespace tfl
