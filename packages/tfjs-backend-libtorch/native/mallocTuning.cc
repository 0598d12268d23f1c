// glibc malloc settings for tensor-sized blocks. By default glibc serves blocks above a dynamic threshold
// (128 KiB, rising to the size of the last freed block) with mmap, and gives freed memory at the top of the
// heap back to the kernel once it exceeds twice that threshold. Tensors of a few MB (a [256, 8142] float32
// logits gradient is 8.3 MB; a ResNet activation at batch 128 is 8.4 MB) then come back as fresh pages, and the
// page faults cost more than the op: a [256, 8142] multiply took 1.95 ms when four results were alive at a time
// and 0.53 ms with the settings below (the op itself). Fixed thresholds keep freed blocks in the heap for reuse,
// as PyTorch users get with GLIBC_TUNABLES=glibc.malloc.mmap_threshold=...:glibc.malloc.trim_threshold=...
#include <malloc.h>

#include <cstdlib>
#include <cstring>

#include "ops.h"

namespace tfl {

bool tuneMalloc() {
#ifndef __GLIBC__
  return false;  // other C libraries: nothing to tune here
#else
  const char* optOut = std::getenv("TFJS_LIBTORCH_MALLOC_TUNING");
  if (optOut != nullptr && std::strcmp(optOut, "0") == 0) return false;
  // A user's own GLIBC_TUNABLES malloc settings win.
  const char* tunables = std::getenv("GLIBC_TUNABLES");
  if (tunables != nullptr && std::strstr(tunables, "glibc.malloc.") != nullptr) return false;
  // 32 MiB is glibc's largest allowed mmap threshold on 64-bit; larger blocks are still mmapped.
  const bool mmapOk = mallopt(M_MMAP_THRESHOLD, 32 << 20) == 1;
  // Keep up to 512 MiB of free heap top instead of returning it to the kernel after every large free.
  const bool trimOk = mallopt(M_TRIM_THRESHOLD, 512 << 20) == 1;
  return mmapOk && trimOk;
#endif
}

}  // namespace tfl
