// Process groups over PyTorch's c10d: a TCPStore rendezvous, a ProcessGroupGloo, and the collectives a
// data-parallel training loop needs (allreduce, broadcast, barrier), each on one flat bucket per call.
//
// Threading: whatever blocks (the rendezvous, waiting for a collective, tearing a group down) runs on libuv's
// thread pool and settles a Promise. A collective is *enqueued* on the JavaScript thread, when JavaScript calls it:
// Gloo matches collectives across ranks by the order they were enqueued in, so program order is the order.
// The tensor store (native/addon.cc) is only touched on the JavaScript thread.
//
// JavaScript surface (see src/native/NativeAddon.ts):
//   pgCreate(masterAddr, masterPort, rank, worldSize, timeoutMs, deviceHostname, deviceInterface): Promise<id>
//   pgCollective(id, kind, root, tensorIds): Promise<Array<[id, dtype, ...shape]>>   (new tensors, same shapes)
//   pgCollectiveArrays(id, kind, root, arrays): Promise<undefined>                  (in place)
//   pgBarrier(id): Promise<undefined>
//   pgDestroy(id): Promise<undefined>
// kind: 0 allreduce-sum, 1 allreduce-mean (float32 only), 2 broadcast from rank `root`.
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <thread>
#include <cstring>
#include <functional>
#include <memory>
#include <unordered_map>

#include "processGroup.h"
#include "tensorStore.h"

namespace tfl {
namespace {

struct Group {
  c10::intrusive_ptr<c10d::Store> store;
  c10::intrusive_ptr<c10d::ProcessGroupGloo> pg;
  int64_t worldSize = 1;
};

// Deliberately never destroyed: at process exit a live group's Gloo threads may be waiting on a peer that is gone,
// and joining them in a static destructor would delay the exit by up to the timeout.
std::unordered_map<int64_t, std::shared_ptr<Group>>& groups() {
  static auto* live = new std::unordered_map<int64_t, std::shared_ptr<Group>>();
  return *live;
}
int64_t nextGroupId = 1;

std::shared_ptr<Group> groupOf(const Napi::Value& id) {
  auto it = groups().find(id.As<Napi::Number>().Int64Value());
  if (it == groups().end()) throw std::runtime_error("the process group was destroyed");
  return it->second;
}

std::string messageOf(std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const c10::Error& e) {
    return e.what_without_backtrace();
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "unknown C++ exception";
  }
}

// An AsyncWorker that runs `work` on the thread pool and resolves its Promise with `settle(env)` on the JavaScript
// thread; any C++ exception in either rejects it with an Error whose message starts with "libtorch: ".
class PromiseWorker : public Napi::AsyncWorker {
 public:
  PromiseWorker(Napi::Env env, std::function<void()> work, std::function<Napi::Value(Napi::Env)> settle)
      : Napi::AsyncWorker(env), deferred_(Napi::Promise::Deferred::New(env)), work_(std::move(work)), settle_(std::move(settle)) {}

  static Napi::Promise start(Napi::Env env, std::function<void()> work, std::function<Napi::Value(Napi::Env)> settle) {
    auto* worker = new PromiseWorker(env, std::move(work), std::move(settle));
    Napi::Promise promise = worker->deferred_.Promise();
    worker->Queue();
    return promise;
  }

 protected:
  void Execute() override {
    try {
      work_();
    } catch (...) {
      SetError("libtorch: " + messageOf(std::current_exception()));
    }
    work_ = nullptr;  // Releases what the work held (a group, buckets) on this thread.
  }

  void OnOK() override {
    Napi::Env env = Env();
    try {
      deferred_.Resolve(settle_(env));
    } catch (const Napi::Error& e) {
      deferred_.Reject(e.Value());
    } catch (...) {
      deferred_.Reject(Napi::Error::New(env, "libtorch: " + messageOf(std::current_exception())).Value());
    }
  }

  void OnError(const Napi::Error& e) override { deferred_.Reject(e.Value()); }

 private:
  Napi::Promise::Deferred deferred_;
  std::function<void()> work_;
  std::function<Napi::Value(Napi::Env)> settle_;
};

// Rejects at once (argument errors found on the JavaScript thread still surface through the Promise).
Napi::Promise rejected(Napi::Env env, std::exception_ptr error) {
  auto deferred = Napi::Promise::Deferred::New(env);
  deferred.Reject(Napi::Error::New(env, "libtorch: " + messageOf(error)).Value());
  return deferred.Promise();
}

// Enqueues collective `kind` on `bucket` (a fresh contiguous 1-D tensor owned by the caller).
c10::intrusive_ptr<c10d::Work> enqueue(Group& group, int64_t kind, int64_t root, at::Tensor& bucket) {
  std::vector<at::Tensor> tensors{bucket};
  if (kind == 2) {
    c10d::BroadcastOptions options;
    options.rootRank = root;
    return group.pg->broadcast(tensors, options);
  }
  if (kind == 0 || kind == 1) return group.pg->allreduce(tensors);
  throw std::runtime_error("unknown collective kind " + std::to_string(kind));
}

// Waits for the collective, then divides by the world size for allreduce-mean.
void finish(const c10::intrusive_ptr<c10d::Work>& work, int64_t kind, at::Tensor& bucket, int64_t worldSize) {
  work->wait();
  if (kind == 1) bucket.div_(static_cast<double>(worldSize));
}

// True when a TCP connection to host:port succeeds within `wait` (non-blocking connect, then poll).
bool reachable(const std::string& host, int64_t port, std::chrono::milliseconds wait) {
  ::addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  ::addrinfo* found = nullptr;
  if (::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found) != 0) return false;
  bool ok = false;
  for (auto* a = found; a != nullptr && !ok; a = a->ai_next) {
    const int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    if (::connect(fd, a->ai_addr, a->ai_addrlen) == 0) {
      ok = true;
    } else if (errno == EINPROGRESS) {
      ::pollfd pfd{fd, POLLOUT, 0};
      int error = 0;
      socklen_t length = sizeof(error);
      ok = ::poll(&pfd, 1, static_cast<int>(wait.count())) == 1 && ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) == 0 && error == 0;
    }
    ::close(fd);
  }
  ::freeaddrinfo(found);
  return ok;
}

// Rank 0 starts the TCP store server and waits for the other ranks to connect; the others connect to it. A rank
// that finds no server yet probes again every 100 ms until `timeout` has passed, since ranks start in any order:
// libtorch 1.13's own connect loop was seen to give up after ~10 ms instead of retrying until its timeout (with a
// "timed out" message; seen under vitest and on a second attempt in one process), and it logs every failed attempt.
c10::intrusive_ptr<c10d::Store> connectStore(const std::string& masterAddr, int64_t port, int64_t rank, int64_t worldSize,
                                             std::chrono::milliseconds timeout) {
  using Clock = std::chrono::steady_clock;
  using std::chrono::milliseconds;
  const auto deadline = Clock::now() + timeout;
  const auto remaining = [&]() { return std::max(milliseconds(1), std::chrono::duration_cast<milliseconds>(deadline - Clock::now())); };
  c10d::TCPStoreOptions options;
  options.port = static_cast<std::uint16_t>(port);
  options.isServer = rank == 0;
  options.numWorkers = static_cast<std::size_t>(worldSize);
  options.waitWorkers = true;
  options.timeout = timeout;
  if (!options.isServer) {
    while (!reachable(masterAddr, port, std::min(remaining(), milliseconds(1000)))) {
      if (Clock::now() + milliseconds(100) >= deadline) {
        throw std::runtime_error("no TCP store answered at " + masterAddr + ":" + std::to_string(port) + " before the timeout");
      }
      std::this_thread::sleep_for(milliseconds(100));
    }
    options.timeout = remaining();
  }
  return c10::make_intrusive<c10d::TCPStore>(masterAddr, options);
}

Napi::Value PgCreate(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string masterAddr, deviceHostname, deviceInterface;
  int64_t port = 0, rank = 0, worldSize = 0, timeoutMs = 0;
  try {
    masterAddr = info[0].As<Napi::String>().Utf8Value();
    port = info[1].As<Napi::Number>().Int64Value();
    rank = info[2].As<Napi::Number>().Int64Value();
    worldSize = info[3].As<Napi::Number>().Int64Value();
    timeoutMs = info[4].As<Napi::Number>().Int64Value();
    deviceHostname = info[5].As<Napi::String>().Utf8Value();
    deviceInterface = info[6].As<Napi::String>().Utf8Value();
  } catch (...) {
    return rejected(env, std::current_exception());
  }
  auto group = std::make_shared<Group>();
  auto work = [=]() {
    const std::chrono::milliseconds timeout(timeoutMs);
    group->store = connectStore(masterAddr, port, rank, worldSize, timeout);
    auto options = c10d::ProcessGroupGloo::Options::create(timeout);
    if (!deviceInterface.empty()) {
      options->devices.push_back(c10d::ProcessGroupGloo::createDeviceForInterface(deviceInterface));
    } else if (!deviceHostname.empty()) {
      options->devices.push_back(c10d::ProcessGroupGloo::createDeviceForHostname(deviceHostname));
    } else {
      options->devices.push_back(c10d::ProcessGroupGloo::createDefaultDevice());
    }
    group->pg = c10::make_intrusive<c10d::ProcessGroupGloo>(group->store, static_cast<int>(rank), static_cast<int>(worldSize), options);
    group->worldSize = worldSize;
  };
  auto settle = [group](Napi::Env env) -> Napi::Value {
    const int64_t id = nextGroupId++;
    groups().emplace(id, group);
    return Napi::Number::New(env, static_cast<double>(id));
  };
  return PromiseWorker::start(env, work, settle);
}

// pgCollective(groupId, kind, root, tensorIds): the inputs (all of one dtype) are copied into one flat bucket, the
// collective runs on it, and the results are views of the bucket with the inputs' shapes (inputs are untouched).
Napi::Value PgCollective(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  try {
    auto group = groupOf(info[0]);
    const int64_t kind = info[1].As<Napi::Number>().Int64Value();
    const int64_t root = info[2].As<Napi::Number>().Int64Value();
    auto ids = info[3].As<Napi::Array>();
    std::vector<at::Tensor> flat;
    std::vector<std::vector<int64_t>> shapes;
    for (uint32_t k = 0; k < ids.Length(); ++k) {
      const at::Tensor& t = lookup(ids.Get(k).As<Napi::Number>().Int64Value());
      shapes.emplace_back(t.sizes().vec());
      flat.push_back(t.reshape({-1}));
    }
    if (flat.empty()) throw std::runtime_error("a collective needs at least one tensor");
    // at::cat always allocates, so the collective never writes into an input (nor into a view of one).
    auto bucket = std::make_shared<at::Tensor>(at::cat(flat));
    auto handle = enqueue(*group, kind, root, *bucket);
    const int64_t worldSize = group->worldSize;
    auto work = [handle, kind, bucket, worldSize]() { finish(handle, kind, *bucket, worldSize); };
    auto settle = [bucket, shapes](Napi::Env env) -> Napi::Value {
      auto out = Napi::Array::New(env, shapes.size());
      int64_t offset = 0;
      for (size_t k = 0; k < shapes.size(); ++k) {
        int64_t numel = 1;
        for (auto d : shapes[k]) numel *= d;
        out.Set(static_cast<uint32_t>(k), describe(env, keep(bucket->narrow(0, offset, numel).view(shapes[k]))));
        offset += numel;
      }
      return out;
    };
    return PromiseWorker::start(env, work, settle);
  } catch (...) {
    return rejected(env, std::current_exception());
  }
}

// pgCollectiveArrays(groupId, kind, root, arrays): Float32Arrays (or Int32Arrays, not mixed) reduced or broadcast
// in place. The values are copied into a bucket now and back when the collective completes.
Napi::Value PgCollectiveArrays(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  try {
    auto group = groupOf(info[0]);
    const int64_t kind = info[1].As<Napi::Number>().Int64Value();
    const int64_t root = info[2].As<Napi::Number>().Int64Value();
    auto arrays = info[3].As<Napi::Array>();
    if (arrays.Length() == 0) throw std::runtime_error("a collective needs at least one array");
    auto refs = std::make_shared<std::vector<Napi::ObjectReference>>();
    int64_t total = 0;
    napi_typedarray_type type = napi_float32_array;
    for (uint32_t k = 0; k < arrays.Length(); ++k) {
      auto a = arrays.Get(k).As<Napi::TypedArray>();
      if (k == 0) type = a.TypedArrayType();
      if (a.TypedArrayType() != type || (type != napi_float32_array && type != napi_int32_array)) {
        throw std::runtime_error("arrays must all be Float32Array or all Int32Array");
      }
      total += static_cast<int64_t>(a.ElementLength());
      refs->push_back(Napi::Persistent(a.As<Napi::Object>()));
    }
    auto bucket = std::make_shared<at::Tensor>(at::empty({total}, type == napi_float32_array ? at::kFloat : at::kInt));
    auto* base = static_cast<uint8_t*>(bucket->data_ptr());
    size_t offset = 0;
    for (auto& ref : *refs) {
      auto a = ref.Value().As<Napi::TypedArray>();
      std::memcpy(base + offset, static_cast<uint8_t*>(a.ArrayBuffer().Data()) + a.ByteOffset(), a.ByteLength());
      offset += a.ByteLength();
    }
    auto handle = enqueue(*group, kind, root, *bucket);
    const int64_t worldSize = group->worldSize;
    auto work = [handle, kind, bucket, worldSize]() { finish(handle, kind, *bucket, worldSize); };
    auto settle = [bucket, refs](Napi::Env env) -> Napi::Value {
      const auto* from = static_cast<const uint8_t*>(bucket->data_ptr());
      size_t at = 0;
      for (auto& ref : *refs) {
        auto a = ref.Value().As<Napi::TypedArray>();
        // A detached or shrunk buffer (the caller touched it meanwhile) is skipped rather than overrun.
        if (a.ArrayBuffer().Data() != nullptr && a.ByteOffset() + a.ByteLength() <= a.ArrayBuffer().ByteLength()) {
          std::memcpy(static_cast<uint8_t*>(a.ArrayBuffer().Data()) + a.ByteOffset(), from + at, a.ByteLength());
        }
        at += a.ByteLength();
      }
      refs->clear();
      return env.Undefined();
    };
    return PromiseWorker::start(env, work, settle);
  } catch (...) {
    return rejected(env, std::current_exception());
  }
}

Napi::Value PgBarrier(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  try {
    auto group = groupOf(info[0]);
    auto handle = group->pg->barrier();
    return PromiseWorker::start(env, [handle]() { handle->wait(); }, [](Napi::Env env) -> Napi::Value { return env.Undefined(); });
  } catch (...) {
    return rejected(env, std::current_exception());
  }
}

// Forgets the group now; its Gloo threads are joined and its sockets closed on the thread pool (the destructors
// wait for queued work, which must not block the JavaScript thread).
Napi::Value PgDestroy(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  try {
    auto it = groups().find(info[0].As<Napi::Number>().Int64Value());
    if (it == groups().end()) return rejected(env, std::make_exception_ptr(std::runtime_error("the process group was destroyed")));
    std::shared_ptr<Group> group = std::move(it->second);
    groups().erase(it);
    return PromiseWorker::start(
        env, [group = std::move(group)]() mutable { group.reset(); }, [](Napi::Env env) -> Napi::Value { return env.Undefined(); });
  } catch (...) {
    return rejected(env, std::current_exception());
  }
}

}  // namespace

void registerProcessGroup(Napi::Env env, Napi::Object exports) {
  exports.Set("pgCreate", Napi::Function::New(env, PgCreate));
  exports.Set("pgCollective", Napi::Function::New(env, PgCollective));
  exports.Set("pgCollectiveArrays", Napi::Function::New(env, PgCollectiveArrays));
  exports.Set("pgBarrier", Napi::Function::New(env, PgBarrier));
  exports.Set("pgDestroy", Napi::Function::New(env, PgDestroy));
}

}  // namespace tfl
