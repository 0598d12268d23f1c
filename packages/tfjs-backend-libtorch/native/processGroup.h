// Process groups over PyTorch's c10d with Gloo (native/processGroup.cc); built only when libgloo-dev is installed.
#pragma once
#include <napi.h>

namespace tfl {

// Adds pgCreate, pgCollective, pgCollectiveArrays, pgBarrier and pgDestroy to the addon's exports.
void registerProcessGroup(Napi::Env env, Napi::Object exports);

}  // namespace tfl
