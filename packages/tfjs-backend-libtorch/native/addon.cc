// N-API surface of the libtorch backend: a store of live tensors keyed by numeric id, copy-in/copy-out of
// typed arrays, and one generic `call(op, inputIds, ints, floats)` that runs a registered kernel.
// Every C++ exception (c10::Error, std::exception) becomes a JavaScript Error; nothing aborts the process.
#include <napi.h>

#include <ATen/Parallel.h>
#include <cstring>
#include <unordered_map>

#include "ops.h"
#include "tensorStore.h"
#ifdef TFL_HAVE_GLOO
#include "processGroup.h"
#endif

namespace tfl {
namespace {

std::unordered_map<int64_t, at::Tensor>& store() {
  static std::unordered_map<int64_t, at::Tensor> s;
  return s;
}
int64_t nextId = 1;

std::vector<std::string>& opNames() {
  static std::vector<std::string> names;
  return names;
}
std::vector<OpFn>& opFns() {
  static std::vector<OpFn> fns;
  return fns;
}

int64_t dtypeCode(at::ScalarType s) {
  switch (s) {
    case at::kFloat: return 0;
    case at::kInt: return 1;
    case at::kBool: return 2;
    default: return -1;
  }
}

// Normalises a kernel result to the three TF.js dtypes (argmax gives int64, sums of ints give int64, ...).
at::Tensor normalise(at::Tensor t) {
  switch (t.scalar_type()) {
    case at::kFloat: case at::kInt: case at::kBool: return t;
    case at::kLong: case at::kShort: case at::kChar: case at::kByte: return t.to(at::kInt);
    case at::kDouble: case at::kHalf: case at::kBFloat16: return t.to(at::kFloat);
    default: throw std::runtime_error("libtorch backend: unsupported result dtype " + std::string(c10::toString(t.scalar_type())));
  }
}

}  // namespace

int64_t keep(at::Tensor t) {
  int64_t id = nextId++;
  store().emplace(id, normalise(std::move(t)));
  return id;
}

const at::Tensor& lookup(int64_t id) {
  auto it = store().find(id);
  if (it == store().end()) throw std::runtime_error("libtorch backend: unknown tensor id " + std::to_string(id));
  return it->second;
}

namespace {

// Runs `body`, turning C++ exceptions into JavaScript errors.
template <typename F>
Napi::Value guarded(const Napi::CallbackInfo& info, F body) {
  try {
    return body();
  } catch (const Napi::Error&) {
    throw;
  } catch (const c10::Error& e) {
    throw Napi::Error::New(info.Env(), std::string("libtorch: ") + e.what_without_backtrace());
  } catch (const std::exception& e) {
    throw Napi::Error::New(info.Env(), std::string("libtorch: ") + e.what());
  } catch (...) {
    throw Napi::Error::New(info.Env(), "libtorch: unknown C++ exception");
  }
}

std::vector<int64_t> intList(const Napi::Value& v) {
  std::vector<int64_t> out;
  if (v.IsTypedArray()) {
    auto ta = v.As<Napi::TypedArray>();
    if (ta.TypedArrayType() == napi_int32_array) {
      auto a = v.As<Napi::Int32Array>();
      out.assign(a.Data(), a.Data() + a.ElementLength());
      return out;
    }
  }
  auto arr = v.As<Napi::Array>();
  out.reserve(arr.Length());
  for (uint32_t k = 0; k < arr.Length(); ++k) out.push_back(arr.Get(k).As<Napi::Number>().Int64Value());
  return out;
}

std::vector<double> floatList(const Napi::Value& v) {
  auto arr = v.As<Napi::Array>();
  std::vector<double> out;
  out.reserve(arr.Length());
  for (uint32_t k = 0; k < arr.Length(); ++k) out.push_back(arr.Get(k).As<Napi::Number>().DoubleValue());
  return out;
}

}  // namespace

// Describes a stored tensor for JavaScript as [id, dtypeCode, ...shape].
Napi::Array describe(Napi::Env env, int64_t id) {
  const at::Tensor& t = lookup(id);
  auto out = Napi::Array::New(env, 2 + t.dim());
  out.Set(0u, Napi::Number::New(env, static_cast<double>(id)));
  out.Set(1u, Napi::Number::New(env, static_cast<double>(dtypeCode(t.scalar_type()))));
  for (int64_t d = 0; d < t.dim(); ++d) out.Set(static_cast<uint32_t>(2 + d), Napi::Number::New(env, static_cast<double>(t.size(d))));
  return out;
}

namespace {

// fromArray(values: Float32Array | Int32Array | Uint8Array, shape: number[], dtype: 0|1|2): id
Napi::Value FromArray(const Napi::CallbackInfo& info) {
  return guarded(info, [&]() -> Napi::Value {
    auto ta = info[0].As<Napi::TypedArray>();
    auto shape = intList(info[1]);
    auto type = scalarTypeOf(info[2].As<Napi::Number>().Int64Value());
    at::Tensor t = at::empty(shape, at::TensorOptions().dtype(type));
    size_t bytes = t.numel() * t.element_size();
    if (ta.ByteLength() != bytes) {
      throw std::runtime_error("fromArray: typed array has " + std::to_string(ta.ByteLength()) + " bytes, shape needs " + std::to_string(bytes));
    }
    auto buf = ta.ArrayBuffer();
    if (bytes > 0) std::memcpy(t.data_ptr(), static_cast<uint8_t*>(buf.Data()) + ta.ByteOffset(), bytes);
    return Napi::Number::New(info.Env(), static_cast<double>(keep(t)));
  });
}

// toArray(id): a fresh typed array with the tensor's values in row-major order.
Napi::Value ToArray(const Napi::CallbackInfo& info) {
  return guarded(info, [&]() -> Napi::Value {
    at::Tensor t = lookup(info[0].As<Napi::Number>().Int64Value()).contiguous();
    size_t n = static_cast<size_t>(t.numel());
    Napi::Env env = info.Env();
    switch (t.scalar_type()) {
      case at::kFloat: {
        auto out = Napi::Float32Array::New(env, n);
        if (n) std::memcpy(out.Data(), t.data_ptr(), n * 4);
        return out;
      }
      case at::kInt: {
        auto out = Napi::Int32Array::New(env, n);
        if (n) std::memcpy(out.Data(), t.data_ptr(), n * 4);
        return out;
      }
      case at::kBool: {
        auto out = Napi::Uint8Array::New(env, n);
        if (n) std::memcpy(out.Data(), t.data_ptr(), n);
        return out;
      }
      default: throw std::runtime_error("toArray: unsupported dtype");
    }
  });
}

Napi::Value Free(const Napi::CallbackInfo& info) {
  return guarded(info, [&]() -> Napi::Value {
    store().erase(info[0].As<Napi::Number>().Int64Value());
    return info.Env().Undefined();
  });
}

Napi::Value Count(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(store().size()));
}

// Bytes held by live tensors, counting each storage once (views share their base's storage).
Napi::Value Bytes(const Napi::CallbackInfo& info) {
  return guarded(info, [&]() -> Napi::Value {
    std::unordered_map<const void*, size_t> storages;
    for (auto& kv : store()) {
      const auto& s = kv.second.storage();
      storages[s.data()] = s.nbytes();
    }
    double total = 0;
    for (auto& kv : storages) total += static_cast<double>(kv.second);
    return Napi::Number::New(info.Env(), total);
  });
}

Napi::Value Describe(const Napi::CallbackInfo& info) {
  return guarded(info, [&]() -> Napi::Value { return describe(info.Env(), info[0].As<Napi::Number>().Int64Value()); });
}

Napi::Value OpNames(const Napi::CallbackInfo& info) {
  auto out = Napi::Array::New(info.Env(), opNames().size());
  for (size_t k = 0; k < opNames().size(); ++k) out.Set(static_cast<uint32_t>(k), Napi::String::New(info.Env(), opNames()[k]));
  return out;
}

// call(opIndex, inputIds, ints, floats): Array<[id, dtype, ...shape]>
Napi::Value Call(const Napi::CallbackInfo& info) {
  return guarded(info, [&]() -> Napi::Value {
    int64_t op = info[0].As<Napi::Number>().Int64Value();
    if (op < 0 || op >= static_cast<int64_t>(opFns().size())) throw std::runtime_error("call: unknown op index " + std::to_string(op));
    OpArgs args;
    auto ids = intList(info[1]);
    args.t.reserve(ids.size());
    for (auto id : ids) args.t.push_back(lookup(id));
    args.i = intList(info[2]);
    args.f = floatList(info[3]);
    Outs outs = opFns()[op](args);
    Napi::Env env = info.Env();
    auto result = Napi::Array::New(env, outs.size());
    for (size_t k = 0; k < outs.size(); ++k) result.Set(static_cast<uint32_t>(k), describe(env, keep(std::move(outs[k]))));
    return result;
  });
}

Napi::Value SetThreads(const Napi::CallbackInfo& info) {
  return guarded(info, [&]() -> Napi::Value {
    at::set_num_threads(static_cast<int>(info[0].As<Napi::Number>().Int32Value()));
    return info.Env().Undefined();
  });
}

Napi::Value GetThreads(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), at::get_num_threads());
}

}  // namespace

void registerOp(const char* name, OpFn fn) {
  opNames().emplace_back(name);
  opFns().push_back(fn);
}

at::ScalarType scalarTypeOf(int64_t code) {
  switch (code) {
    case 0: return at::kFloat;
    case 1: return at::kInt;
    case 2: return at::kBool;
    default: throw std::runtime_error("unknown dtype code " + std::to_string(code));
  }
}

}  // namespace tfl

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  const bool mallocTuned = tfl::tuneMalloc();
  tfl::registerElementwiseOps();
  tfl::registerReduceOps();
  tfl::registerShapeOps();
  tfl::registerNnOps();
  tfl::registerGradientOps();
  tfl::registerSoftplusOps();
  tfl::registerSoftmaxOps();
  tfl::registerOptimizerOps();
  tfl::registerConvBnOps();
  exports.Set("fromArray", Napi::Function::New(env, tfl::FromArray));
  exports.Set("toArray", Napi::Function::New(env, tfl::ToArray));
  exports.Set("free", Napi::Function::New(env, tfl::Free));
  exports.Set("count", Napi::Function::New(env, tfl::Count));
  exports.Set("bytes", Napi::Function::New(env, tfl::Bytes));
  exports.Set("describe", Napi::Function::New(env, tfl::Describe));
  exports.Set("opNames", Napi::Function::New(env, tfl::OpNames));
  exports.Set("call", Napi::Function::New(env, tfl::Call));
  exports.Set("setThreads", Napi::Function::New(env, tfl::SetThreads));
  exports.Set("getThreads", Napi::Function::New(env, tfl::GetThreads));
  exports.Set("mallocTuned", Napi::Boolean::New(env, mallocTuned));
#ifdef TFL_HAVE_GLOO
  tfl::registerProcessGroup(env, exports);
#endif
  return exports;
}

NODE_API_MODULE(tfjs_libtorch, Init)
