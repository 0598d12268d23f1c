// The addon's store of live tensors (native/addon.cc), for translation units that add N-API functions of their own.
#pragma once
#include <napi.h>

#include <ATen/ATen.h>
#include <cstdint>

namespace tfl {

// Stores `t` (normalised to float32, int32 or bool) under a new id and returns the id.
int64_t keep(at::Tensor t);

// The tensor stored under `id`; throws std::runtime_error for an unknown id.
const at::Tensor& lookup(int64_t id);

// `[id, dtypeCode, ...shape]` of a stored tensor, as JavaScript receives kernel results.
Napi::Array describe(Napi::Env env, int64_t id);

}  // namespace tfl
