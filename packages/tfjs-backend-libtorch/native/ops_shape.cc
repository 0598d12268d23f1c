// Shape and indexing kernels. Views where ATen gives them (reshape, transpose, slice): no copies.
#include "ops.h"

#include <ATen/Parallel.h>

#include <cstring>

namespace tfl {

void registerShapeOps() {
  // Reshape: i=[...newShape] (already inferred on the JavaScript side).
  registerOp("Reshape", [](const OpArgs& a) -> Outs { return one(a.t[0].reshape(a.i)); });
  // Transpose: i=[...perm].
  registerOp("Transpose", [](const OpArgs& a) -> Outs { return one(a.t[0].permute(a.i)); });
  // Concat(...xs): i=[axis].
  registerOp("Concat", [](const OpArgs& a) -> Outs { return one(at::cat(a.t, a.i[0])); });
  // Pack(...xs): i=[axis].
  registerOp("Pack", [](const OpArgs& a) -> Outs { return one(at::stack(a.t, a.i[0])); });
  // Unpack(x): i=[axis].
  registerOp("Unpack", [](const OpArgs& a) -> Outs {
    auto parts = at::unbind(a.t[0], a.i[0]);
    return Outs(parts.begin(), parts.end());
  });
  // Slice(x): i=[...begin, ...size] (size fully resolved).
  registerOp("Slice", [](const OpArgs& a) -> Outs {
    at::Tensor x = a.t[0];
    int64_t r = x.dim();
    for (int64_t d = 0; d < r; ++d) x = x.narrow(d, a.i[d], a.i[r + d]);
    return one(x);
  });
  // StridedSlice(x): i=[rank, ...begin, ...strides, ...denseOutShape, ...finalShape]. Element k of axis d is
  // begin[d] + k * strides[d] (strides may be negative).
  registerOp("StridedSlice", [](const OpArgs& a) -> Outs {
    at::Tensor x = a.t[0];
    int64_t r = a.i[0];
    for (int64_t d = 0; d < r; ++d) {
      int64_t b = a.i[1 + d], s = a.i[1 + r + d], n = a.i[1 + 2 * r + d];
      if (n == 0) {
        x = x.narrow(d, 0, 0);
      } else if (s > 0) {
        x = x.slice(d, b, b + (n - 1) * s + 1, s);
      } else {
        auto idx = at::arange(b, b + n * s, s, at::TensorOptions().dtype(at::kLong));
        x = x.index_select(d, idx);
      }
    }
    std::vector<int64_t> finalShape(a.i.begin() + 1 + 3 * r, a.i.end());
    return one(x.reshape(finalShape));
  });
  // Expand(x): i=[...shape]. A broadcast view (stride 0 along expanded axes): no copy.
  registerOp("Expand", [](const OpArgs& a) -> Outs { return one(a.t[0].expand(a.i)); });
  // Tile(x): i=[...reps].
  registerOp("Tile", [](const OpArgs& a) -> Outs { return one(a.t[0].repeat(a.i)); });
  // GatherV2(x, indices): i=[axis] (batchDims 0). Output shape x[:axis] + indices.shape + x[axis+1:].
  registerOp("GatherV2", [](const OpArgs& a) -> Outs {
    const at::Tensor& x = a.t[0];
    const at::Tensor& idx = a.t[1];
    int64_t axis = a.i[0];
    at::Tensor flat = x.index_select(axis, idx.reshape({-1}).to(at::kLong));
    std::vector<int64_t> shape(x.sizes().begin(), x.sizes().begin() + axis);
    for (auto s : idx.sizes()) shape.push_back(s);
    for (int64_t d = axis + 1; d < x.dim(); ++d) shape.push_back(x.size(d));
    return one(flat.reshape(shape));
  });
  // SplitV(x): i=[axis, ...sizes].
  registerOp("SplitV", [](const OpArgs& a) -> Outs {
    std::vector<int64_t> sizes(a.i.begin() + 1, a.i.end());
    auto parts = at::split_with_sizes(a.t[0], sizes, a.i[0]);
    return Outs(parts.begin(), parts.end());
  });
  // PadV2(x): i=[...before/after pairs per axis, first axis first], f=[constantValue].
  registerOp("PadV2", [](const OpArgs& a) -> Outs {
    std::vector<int64_t> pads;
    for (int64_t d = static_cast<int64_t>(a.i.size()) / 2 - 1; d >= 0; --d) {
      pads.push_back(a.i[2 * d]);
      pads.push_back(a.i[2 * d + 1]);
    }
    return one(at::constant_pad_nd(a.t[0], pads, a.f[0]));
  });
  // OneHot(indices): i=[depth, dtypeCode], f=[onValue, offValue]. Out-of-range indices give all-off rows.
  registerOp("OneHot", [](const OpArgs& a) -> Outs {
    auto type = scalarTypeOf(a.i[1]);
    const int64_t depth = a.i[0];
    at::Tensor indices = a.t[0].to(at::kLong).contiguous();
    std::vector<int64_t> shape(indices.sizes().begin(), indices.sizes().end());
    shape.push_back(depth);
    // One fill and one write per row (an eq-against-arange and where took 3-4x longer at [256] x 8142).
    at::Tensor out = at::full(shape, a.f[1], at::TensorOptions().dtype(type));
    const int64_t* idx = indices.data_ptr<int64_t>();
    const int64_t rows = indices.numel();
    auto hits = [&](auto* data, auto onValue) {
      for (int64_t r = 0; r < rows; ++r) {
        if (idx[r] >= 0 && idx[r] < depth) data[r * depth + idx[r]] = onValue;
      }
    };
    if (type == at::kFloat) hits(out.data_ptr<float>(), static_cast<float>(a.f[0]));
    else if (type == at::kInt) hits(out.data_ptr<int32_t>(), static_cast<int32_t>(a.f[0]));
    else hits(out.data_ptr<bool>(), a.f[0] != 0);
    return one(out);
  });
  // TensorScatterUpdate(tensor, indices, updates): a copy of `tensor` in which the slices addressed by `indices`
  // [..., K] (positions along the first K axes) are replaced by the matching rows of `updates`
  // [indices.shape[:-1], ...tensor.shape[K:]]. One contiguous copy of `tensor` and one memcpy per slice (the cpu
  // backend copies element by element in JavaScript); a later duplicate index wins, as in the cpu backend; an index
  // outside `tensor` throws.
  registerOp("TensorScatterUpdate", [](const OpArgs& a) -> Outs {
    // the copy as one memcpy per thread (ATen's clone of [256, 8142] took 1.26 ms of CPU, memcpy 0.4 ms)
    const at::Tensor source = a.t[0].contiguous();
    at::Tensor out = at::empty_like(source, at::MemoryFormat::Contiguous);
    {
      const char* from = static_cast<const char*>(source.data_ptr());
      char* to = static_cast<char*>(out.data_ptr());
      const int64_t size = source.numel() * static_cast<int64_t>(source.element_size());
      at::parallel_for(0, size, 1 << 20, [&](int64_t begin, int64_t end) { std::memcpy(to + begin, from + begin, end - begin); });
    }
    at::Tensor indices = a.t[1].to(at::kLong).contiguous();
    at::Tensor updates = a.t[2].to(out.scalar_type()).contiguous();
    const int64_t depth = indices.dim() == 0 ? 0 : indices.size(-1);
    TORCH_CHECK(depth <= out.dim(), "TensorScatterUpdate: index depth ", depth, " exceeds the rank ", out.dim(), " of tensor");
    const int64_t count = depth == 0 ? 0 : indices.numel() / depth;
    int64_t rows = 1;
    for (int64_t d = 0; d < depth; ++d) rows *= out.size(d);
    const int64_t slice = rows == 0 ? 0 : out.numel() / rows;
    TORCH_CHECK(updates.numel() == count * slice, "TensorScatterUpdate: updates has ", updates.numel(), " elements, expected ",
                count * slice);
    const int64_t* idx = indices.data_ptr<int64_t>();
    const size_t bytes = static_cast<size_t>(slice) * out.element_size();
    char* dst = static_cast<char*>(out.data_ptr());
    const char* src = static_cast<const char*>(updates.data_ptr());
    for (int64_t n = 0; n < count; ++n) {
      int64_t row = 0;
      for (int64_t d = 0; d < depth; ++d) {
        const int64_t k = idx[n * depth + d];
        TORCH_CHECK(k >= 0 && k < out.size(d), "TensorScatterUpdate: index ", k, " is out of range [0, ", out.size(d), ") of axis ", d);
        row = row * out.size(d) + k;
      }
      std::memcpy(dst + row * bytes, src + n * bytes, bytes);
    }
    return one(out);
  });
  // Reverse(x): i=[...axes].
  registerOp("Reverse", [](const OpArgs& a) -> Outs { return one(a.t[0].flip(a.i)); });
}

}  // namespace tfl
