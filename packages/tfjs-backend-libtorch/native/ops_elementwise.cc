// Element-wise kernels: unary maths, activations, binary arithmetic with broadcasting, comparisons, casts.
// Inputs t[0] (and t[1]); attributes as noted per op. Dtype rules follow the TF.js `cpu` backend.
#include "ops.h"

#include <ATen/Parallel.h>

#include <algorithm>

namespace tfl {
namespace {

// Float-valued unary maths computed in float32. Like the TF.js cpu backend, an int32 input gives an int32 result
// (truncated toward zero), except for ops whose TF.js output is always float32 or bool (FLOAT_OUT_UNARY).
#define FLOAT_UNARY(NAME, EXPR) \
  registerOp(NAME, [](const OpArgs& a) -> Outs { at::Tensor x = toFloat(a.t[0]); return one(backToInt(EXPR, a.t[0])); })
#define FLOAT_OUT_UNARY(NAME, EXPR) \
  registerOp(NAME, [](const OpArgs& a) -> Outs { at::Tensor x = toFloat(a.t[0]); return one(EXPR); })

// Unary ops that keep the input dtype.
#define SAME_UNARY(NAME, EXPR) \
  registerOp(NAME, [](const OpArgs& a) -> Outs { const at::Tensor& x = a.t[0]; return one(EXPR); })

#define BINARY(NAME, EXPR) \
  registerOp(NAME, [](const OpArgs& a) -> Outs { const at::Tensor& x = a.t[0]; const at::Tensor& y = a.t[1]; return one(EXPR); })

// Step's inner loop, branch-free so it vectorises. Cloned per instruction set: a plain SSE build of this loop ran
// 10x slower inside Node than the same code in a standalone program (mixed SSE/AVX state), the AVX2/AVX-512
// clones do not.
__attribute__((target_clones("avx512f", "avx2", "default")))
void stepLoop(const float* in, float* out, int64_t n, float alpha) {
  for (int64_t k = 0; k < n; ++k) {
    const float v = in[k];
    const float positive = static_cast<float>(v > 0);
    const float r = positive + (1.0f - positive) * alpha;
    out[k] = v != v ? v : r;
  }
}

// rows[r, :] * scale[r] for a contiguous float32 block of `rows` rows of n: one vectorised pass (ATen's broadcast
// Multiply of [256, 8142] by [256, 1] took 0.86 ms of CPU, a copy of the same memory 0.4 ms).
__attribute__((target_clones("avx512f", "avx2", "default")))
void scaleRows(const float* in, const float* scale, float* out, int64_t begin, int64_t end, int64_t n) {
  for (int64_t r = begin; r < end; ++r) {
    const float s = scale[r];
    const float* row = in + r * n;
    float* o = out + r * n;
    for (int64_t k = 0; k < n; ++k) o[k] = row[k] * s;
  }
}

// x * y when one of them is a contiguous float32 [..., n] and the other a contiguous float32 [..., 1] with the same
// leading dimensions (a per-row factor, as a per-example gradient scaling): one pass; undefined otherwise.
at::Tensor multiplyByRowFactor(const at::Tensor& x, const at::Tensor& y) {
  const bool yIsFactor = y.dim() == x.dim() && y.dim() >= 1 && y.size(-1) == 1 && x.size(-1) != 1;
  const at::Tensor& full = yIsFactor ? x : y;
  const at::Tensor& factor = yIsFactor ? y : x;
  if (full.dim() < 1 || factor.dim() != full.dim() || factor.size(-1) != 1 || full.size(-1) == 1) return at::Tensor();
  if (full.scalar_type() != at::kFloat || factor.scalar_type() != at::kFloat || !full.is_contiguous() || !factor.is_contiguous()) return at::Tensor();
  for (int64_t d = 0; d + 1 < full.dim(); ++d) {
    if (full.size(d) != factor.size(d)) return at::Tensor();
  }
  at::Tensor out = at::empty_like(full, at::MemoryFormat::Contiguous);
  const int64_t n = full.size(-1);
  const int64_t rows = n == 0 ? 0 : full.numel() / n;
  const float* in = full.data_ptr<float>();
  const float* scale = factor.data_ptr<float>();
  float* o = out.data_ptr<float>();
  at::parallel_for(0, rows, std::max<int64_t>(1, 32768 / std::max<int64_t>(n, 1)), [&](int64_t begin, int64_t end) {
    scaleRows(in, scale, o, begin, end, n);
  });
  return out;
}

at::Tensor backToInt(const at::Tensor& r, const at::Tensor& x) {
  return x.scalar_type() == at::kInt ? r.to(at::kInt) : r;
}

at::Tensor asBool(const at::Tensor& t) { return t.scalar_type() == at::kBool ? t : t.ne(0); }

// Like x but int32 when x is bool (TF.js arithmetic on bool upcasts to int32).
at::Tensor numeric(const at::Tensor& t) { return t.scalar_type() == at::kBool ? t.to(at::kInt) : t; }

// Keeps integer results integer: int32 op int32 -> int32.
at::Tensor sameKind(const at::Tensor& r, const at::Tensor& x, const at::Tensor& y) {
  if (isIntegral(x) && isIntegral(y)) return r.to(at::kInt);
  return r;
}

}  // namespace

at::Tensor applyActivation(const at::Tensor& x, int64_t code, const at::Tensor* preluWeights, double alpha) {
  switch (code) {
    case 0: return x;
    case 1: return at::relu(x);
    case 2: return at::clamp(x, 0, 6);
    case 3: return at::where(x.lt(0), x * *preluWeights, x);
    case 4: return at::where(x.lt(0), x * alpha, x);
    case 5: return at::elu(x);
    case 6: return at::sigmoid(x);
    default: throw std::runtime_error("unknown activation code " + std::to_string(code));
  }
}

void registerElementwiseOps() {
  FLOAT_OUT_UNARY("Exp", at::exp(x));
  FLOAT_UNARY("Expm1", at::expm1(x));
  FLOAT_UNARY("Log", at::log(x));
  FLOAT_UNARY("Log1p", at::log1p(x));
  FLOAT_UNARY("Sqrt", at::sqrt(x));
  FLOAT_UNARY("Rsqrt", at::rsqrt(x));
  FLOAT_UNARY("Reciprocal", at::reciprocal(x));
  FLOAT_UNARY("Sigmoid", at::sigmoid(x));
  FLOAT_UNARY("Tanh", at::tanh(x));
  FLOAT_UNARY("Sin", at::sin(x));
  FLOAT_UNARY("Cos", at::cos(x));
  FLOAT_UNARY("Tan", at::tan(x));
  FLOAT_UNARY("Asin", at::asin(x));
  FLOAT_UNARY("Acos", at::acos(x));
  FLOAT_UNARY("Atan", at::atan(x));
  FLOAT_UNARY("Sinh", at::sinh(x));
  FLOAT_UNARY("Cosh", at::cosh(x));
  FLOAT_UNARY("Asinh", at::asinh(x));
  FLOAT_UNARY("Acosh", at::acosh(x));
  FLOAT_UNARY("Atanh", at::atanh(x));
  FLOAT_UNARY("Erf", at::erf(x));
  FLOAT_UNARY("Elu", at::elu(x));
  FLOAT_UNARY("Selu", at::selu(x));
  // Softplus: see ops_softplus.cc.
  FLOAT_UNARY("Ceil", at::ceil(x));
  FLOAT_UNARY("Floor", at::floor(x));
  FLOAT_UNARY("Round", at::round(x));
  FLOAT_OUT_UNARY("IsNan", at::isnan(x));
  FLOAT_OUT_UNARY("IsInf", at::isinf(x));
  FLOAT_OUT_UNARY("IsFinite", at::isfinite(x));
  SAME_UNARY("Abs", at::abs(numeric(x)));
  SAME_UNARY("Neg", at::neg(numeric(x)));
  SAME_UNARY("Sign", at::sign(numeric(x)));
  SAME_UNARY("Square", numeric(x) * numeric(x));
  SAME_UNARY("Relu", at::relu(numeric(x)));
  SAME_UNARY("Relu6", at::clamp(numeric(x), 0, 6));
  SAME_UNARY("Identity", x);
  SAME_UNARY("ZerosLike", at::zeros_like(x, at::MemoryFormat::Contiguous));
  SAME_UNARY("OnesLike", at::ones_like(x, at::MemoryFormat::Contiguous));
  SAME_UNARY("LogicalNot", asBool(x).logical_not());

  // Step: attrs f=[alpha]. x > 0 ? 1 : alpha, NaN stays NaN; dtype of x. Hot in training (Relu's gradient is
  // dy * Step(x)), so it is one parallel pass instead of a chain of ATen ops.
  registerOp("Step", [](const OpArgs& a) -> Outs {
    at::Tensor x = toFloat(a.t[0]).contiguous();
    at::Tensor r = at::empty_like(x, at::MemoryFormat::Contiguous);
    const float* in = x.data_ptr<float>();
    float* out = r.data_ptr<float>();
    const float alpha = static_cast<float>(a.f[0]);
    at::parallel_for(0, x.numel(), 32768, [&](int64_t begin, int64_t end) { stepLoop(in + begin, out + begin, end - begin, alpha); });
    return one(a.t[0].scalar_type() == at::kInt ? r.to(at::kInt) : r);
  });
  // LeakyRelu: attrs f=[alpha].
  registerOp("LeakyRelu", [](const OpArgs& a) -> Outs {
    const at::Tensor& x = a.t[0];
    return one(at::where(x.lt(0), x * a.f[0], x));
  });
  // ClipByValue: attrs f=[min, max].
  registerOp("ClipByValue", [](const OpArgs& a) -> Outs {
    const at::Tensor& x = a.t[0];
    return one(at::clamp(numeric(x), a.f[0], a.f[1]).to(isIntegral(x) ? at::kInt : at::kFloat));
  });
  // Cast: attrs i=[dtypeCode].
  registerOp("Cast", [](const OpArgs& a) -> Outs {
    at::ScalarType to = scalarTypeOf(a.i[0]);
    const at::Tensor& x = a.t[0];
    if (to == at::kBool) return one(asBool(x));
    return one(x.to(to));
  });
  // Fill: attrs i=[dtypeCode, ...shape], f=[value].
  registerOp("Fill", [](const OpArgs& a) -> Outs {
    std::vector<int64_t> shape(a.i.begin() + 1, a.i.end());
    return one(at::full(shape, a.f[0], at::TensorOptions().dtype(scalarTypeOf(a.i[0]))));
  });

  BINARY("Add", numeric(x) + numeric(y));
  BINARY("Sub", numeric(x) - numeric(y));
  // Multiply: a per-row factor ([..., n] by [..., 1]) in one pass, else ATen.
  BINARY("Multiply", [&] {
    at::Tensor scaled = multiplyByRowFactor(x, y);
    return scaled.defined() ? scaled : numeric(x) * numeric(y);
  }());
  BINARY("RealDiv", (isIntegral(x) && isIntegral(y)) ? at::div(x, y, "trunc").to(at::kInt) : at::div(x, y));
  // TF.js FloorDiv always returns int32.
  BINARY("FloorDiv", at::div(numeric(x), numeric(y), "floor").to(at::kInt));
  BINARY("Maximum", at::maximum(numeric(x), numeric(y)));
  BINARY("Minimum", at::minimum(numeric(x), numeric(y)));
  BINARY("Pow", sameKind(at::pow(numeric(x), numeric(y)), x, y));
  BINARY("SquaredDifference", (numeric(x) - numeric(y)) * (numeric(x) - numeric(y)));
  BINARY("Mod", at::remainder(numeric(x), numeric(y)));
  BINARY("Atan2", at::atan2(toFloat(x), toFloat(y)));
  BINARY("Prelu", at::where(x.lt(0), x * y, x));
  BINARY("Equal", x.eq(y));
  BINARY("NotEqual", x.ne(y));
  BINARY("Greater", x.gt(y));
  BINARY("GreaterEqual", x.ge(y));
  BINARY("Less", x.lt(y));
  BINARY("LessEqual", x.le(y));
  BINARY("LogicalAnd", at::logical_and(asBool(x), asBool(y)));
  BINARY("LogicalOr", at::logical_or(asBool(x), asBool(y)));
  BINARY("LogicalXor", at::logical_xor(asBool(x), asBool(y)));
  // EluGrad(dy, y): dy where y >= 0, dy * (y + 1) elsewhere.
  BINARY("EluGrad", at::where(y.lt(0), x * (y + 1), x));

  // AddN(...xs): the sum of all inputs (gradient accumulation).
  registerOp("AddN", [](const OpArgs& a) -> Outs {
    at::Tensor sum = a.t[0].clone();
    for (size_t k = 1; k < a.t.size(); ++k) sum.add_(a.t[k]);
    return one(sum);
  });

  // Select(condition, t, e). A rank-1 condition with rank>1 branches picks whole rows (TF semantics).
  registerOp("Select", [](const OpArgs& a) -> Outs {
    at::Tensor c = asBool(a.t[0]);
    const at::Tensor& t = a.t[1];
    if (c.dim() == 1 && t.dim() > 1) {
      std::vector<int64_t> shape(t.dim(), 1);
      shape[0] = c.size(0);
      c = c.reshape(shape);
    }
    return one(at::where(c, t, a.t[2]));
  });
}

}  // namespace tfl
