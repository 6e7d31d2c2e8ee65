//===- pto-wsp/cpu_sim/orchestration.h - support for generated graphs ----===//
//
// What the C++ generated from a taskgraph.graph calls (see
// lib/Conversion/TaskGraphToEmitC): typed helpers that unpack the graph's
// arguments, build tensor regions and kernel views, and submit tasks through
// the runtime's C API (runtime.h). Errors are thrown as ptowsp::Error inside
// the generated body and turned into a status by ptowsp::run_graph at the
// extern "C" boundary, so generated code needs no error plumbing.
//
// The graph ABI, used by runners (pto-wsp-run, Python):
//   int32_t ptowsp_graph_<name>(ptowsp_runtime *, const ptowsp_graph_context *)
//   void ptowsp_graph_<name>_config(ptowsp_config *)
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_CPU_SIM_ORCHESTRATION_H
#define PTOWSP_CPU_SIM_ORCHESTRATION_H

#include "pto-wsp/cpu_sim/kernel_abi.h"
#include "pto-wsp/cpu_sim/runtime.h"

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

extern "C" {

/// A tensor argument: a dense row-major buffer.
typedef struct ptowsp_buffer {
  void *data;
  int32_t rank;
  int64_t dims[PTOWSP_MAX_RANK];
} ptowsp_buffer;

/// One graph argument, in the graph's signature order.
typedef union ptowsp_graph_arg {
  ptowsp_buffer tensor;
  double f64;
  int64_t i64;
} ptowsp_graph_arg;

/// A run-time symbol (workload.symbol) bound by the runner.
typedef struct ptowsp_symbol {
  const char *name;
  double f64;
  int64_t i64;
} ptowsp_symbol;

/// Everything a graph run receives besides the runtime. `error` (may be
/// NULL) receives the message of a failure, truncated to `error_capacity`.
typedef struct ptowsp_graph_context {
  const ptowsp_graph_arg *args;
  int32_t num_args;
  const ptowsp_symbol *symbols;
  int32_t num_symbols;
  char *error;
  int64_t error_capacity;
} ptowsp_graph_context;

typedef int32_t (*ptowsp_graph_fn)(ptowsp_runtime *,
                                   const ptowsp_graph_context *);
typedef void (*ptowsp_graph_config_fn)(ptowsp_config *);

/// The schedule's trace knob: which of the runtime's outputs to write.
typedef enum ptowsp_trace {
  PTOWSP_TRACE_NONE = 0,
  PTOWSP_TRACE_TIMELINE = 1,
  PTOWSP_TRACE_GRAPH = 2,
  PTOWSP_TRACE_BOTH = 3
} ptowsp_trace;

} // extern "C"

namespace ptowsp {

/// An orchestration failure; run_graph returns `status` and the message.
struct Error {
  ptowsp_status status;
  std::string message;
};

[[noreturn]] inline void fail(ptowsp_status status, std::string message) {
  throw Error{status, std::move(message)};
}

inline void check(ptowsp_runtime *rt, ptowsp_status status) {
  if (status != PTOWSP_OK)
    fail(status, ptowsp_last_error(rt));
}

//===----------------------------------------------------------------------===//
// Arguments, symbols, tensors
//===----------------------------------------------------------------------===//

/// A registered tensor argument.
struct Tensor {
  int32_t id;
  char *base;
  int64_t elementBytes;
  int32_t rank;
  int64_t dims[PTOWSP_MAX_RANK];
};

inline const ptowsp_graph_arg &graphArg(const ptowsp_graph_context *ctx,
                                        int32_t index) {
  if (index >= ctx->num_args)
    fail(PTOWSP_ERR_INVALID, "the graph expects at least " +
                                 std::to_string(index + 1) +
                                 " arguments, the runner bound " +
                                 std::to_string(ctx->num_args));
  return ctx->args[index];
}

inline int64_t graph_i64(const ptowsp_graph_context *ctx, int32_t index) {
  return graphArg(ctx, index).i64;
}

inline double graph_f64(const ptowsp_graph_context *ctx, int32_t index) {
  return graphArg(ctx, index).f64;
}

/// Registers tensor argument `index`, checking its rank and the static
/// sizes of the graph's signature (-1 = dynamic).
template <typename... Dims>
Tensor tensor(ptowsp_runtime *rt, const ptowsp_graph_context *ctx,
              int32_t index, int64_t elementBytes, const char *name,
              Dims... staticDims) {
  const ptowsp_buffer &buffer = graphArg(ctx, index).tensor;
  const int64_t expected[] = {static_cast<int64_t>(staticDims)..., 0};
  int32_t rank = static_cast<int32_t>(sizeof...(Dims));
  if (buffer.rank != rank)
    fail(PTOWSP_ERR_INVALID, std::string("tensor argument '") + name +
                                 "' must have rank " + std::to_string(rank) +
                                 ", the runner bound rank " +
                                 std::to_string(buffer.rank));
  for (int32_t d = 0; d < rank; ++d)
    if (expected[d] >= 0 && buffer.dims[d] != expected[d])
      fail(PTOWSP_ERR_INVALID,
           std::string("tensor argument '") + name + "' dimension " +
               std::to_string(d) + " must be " + std::to_string(expected[d]) +
               ", the runner bound " + std::to_string(buffer.dims[d]));
  Tensor tensor{};
  tensor.base = static_cast<char *>(buffer.data);
  tensor.elementBytes = elementBytes;
  tensor.rank = rank;
  std::memcpy(tensor.dims, buffer.dims, sizeof(int64_t) * rank);
  tensor.id =
      ptowsp_tensor(rt, buffer.data, elementBytes, rank, buffer.dims, name);
  if (tensor.id < 0)
    check(rt, PTOWSP_ERR_INVALID);
  return tensor;
}

inline const ptowsp_symbol &findSymbol(const ptowsp_graph_context *ctx,
                                       const char *name) {
  for (int32_t i = 0; i < ctx->num_symbols; ++i)
    if (std::strcmp(ctx->symbols[i].name, name) == 0)
      return ctx->symbols[i];
  fail(PTOWSP_ERR_INVALID,
       std::string("run-time symbol '") + name + "' is not bound");
}

inline int64_t symbol_i64(const ptowsp_graph_context *ctx, const char *name) {
  return findSymbol(ctx, name).i64;
}

inline double symbol_f64(const ptowsp_graph_context *ctx, const char *name) {
  return findSymbol(ctx, name).f64;
}

//===----------------------------------------------------------------------===//
// Regions and task arguments
//===----------------------------------------------------------------------===//

/// A tensor box (for dependency inference) and the 2-D window a kernel sees:
/// the last two sizes, leading sizes being 1.
struct Region {
  ptowsp_region region;
  ptowsp_view view;
};

template <int64_t... Sizes, typename... Offsets>
Region region(const Tensor &tensor, Offsets... offsets) {
  static_assert(sizeof...(Sizes) == sizeof...(Offsets),
                "one offset per static size");
  const int64_t sizes[] = {Sizes...};
  const int64_t starts[] = {static_cast<int64_t>(offsets)...};
  constexpr int32_t rank = static_cast<int32_t>(sizeof...(Sizes));
  Region result{};
  result.region.tensor = tensor.id;
  result.region.rank = rank;
  int64_t linear = 0;
  for (int32_t d = 0; d < rank; ++d) {
    result.region.offsets[d] = starts[d];
    result.region.sizes[d] = sizes[d];
    linear = linear * tensor.dims[d] + starts[d];
  }
  // The runtime rejects an out-of-bounds region at submit, before any
  // kernel dereferences this pointer.
  result.view.data = tensor.base + linear * tensor.elementBytes;
  result.view.rows = rank >= 2 ? sizes[rank - 2] : 1;
  result.view.cols = rank >= 1 ? sizes[rank - 1] : 1;
  result.view.row_stride = rank >= 1 ? tensor.dims[rank - 1] : 1;
  return result;
}

/// One kernel argument: a region with its access mode, or a scalar.
struct Arg {
  bool isRegion;
  ptowsp_region region;
  ptowsp_arg value;
};

inline Arg withAccess(const Region &region, int32_t access) {
  Arg arg{};
  arg.isRegion = true;
  arg.region = region.region;
  arg.region.access = access;
  arg.value.view = region.view;
  return arg;
}
inline Arg arg_in(const Region &r) { return withAccess(r, PTOWSP_ACCESS_READ); }
inline Arg arg_out(const Region &r) { return withAccess(r, PTOWSP_ACCESS_WRITE); }
inline Arg arg_inout(const Region &r) {
  return withAccess(r, PTOWSP_ACCESS_READWRITE);
}

/// Scalars travel as f64 (floating point) or i64 (integers, index), which
/// is how kernel entry points read them (pto::arg_f64 / pto::arg_i64).
template <typename T> Arg arg_scalar(T value) {
  Arg arg{};
  if constexpr (std::is_integral<T>::value)
    arg.value.i64 = static_cast<int64_t>(value);
  else
    arg.value.f64 = static_cast<double>(static_cast<float>(value));
  return arg;
}

/// Explicit predecessors of a task.
struct After {
  std::vector<int64_t> ids;
};
template <typename... Ids> After after(Ids... ids) {
  return After{{static_cast<int64_t>(ids)...}};
}

//===----------------------------------------------------------------------===//
// Submission, slots, barriers
//===----------------------------------------------------------------------===//

/// The loop indices of a task (outermost first), for traces and messages.
struct Coords {
  std::vector<int64_t> values;
};
template <typename... Values> Coords coords(Values... values) {
  return Coords{{static_cast<int64_t>(values)...}};
}

template <typename... Args>
int64_t submit(ptowsp_runtime *rt, const char *kernelName,
               ptowsp_kernel_fn kernel, int64_t cycles, int32_t core,
               int64_t key, int64_t priority, int64_t stream,
               const After &after, const Coords &coords, const Args &...args) {
  const Arg all[] = {args...};
  constexpr size_t count = sizeof...(Args);
  ptowsp_arg values[count > 0 ? count : 1];
  ptowsp_region regions[count > 0 ? count : 1];
  int32_t numRegions = 0;
  for (size_t i = 0; i < count; ++i) {
    values[i] = all[i].value;
    if (all[i].isRegion)
      regions[numRegions++] = all[i].region;
  }
  ptowsp_task task;
  ptowsp_task_init(&task);
  task.kernel_name = kernelName;
  task.kernel = kernel;
  task.cycles = cycles;
  task.core = core;
  task.args = values;
  task.num_args = static_cast<int32_t>(count);
  task.regions = regions;
  task.num_regions = numRegions;
  task.dispatch_key = key;
  task.priority = priority;
  task.stream = static_cast<int32_t>(stream);
  task.after = after.ids.data();
  task.num_after = static_cast<int32_t>(after.ids.size());
  task.coords = coords.values.data();
  task.num_coords = static_cast<int32_t>(coords.values.size());
  int64_t id = -1;
  check(rt, ptowsp_submit(rt, &task, &id));
  return id;
}

/// Reads one tensor element after every task writing it finished.
template <typename T, typename... Indices>
T load_scalar(ptowsp_runtime *rt, const Tensor &tensor, Indices... indices) {
  static_assert(std::is_integral<T>::value,
                "cpu_sim slot loads read integer elements");
  const int64_t index[] = {static_cast<int64_t>(indices)..., 0};
  int64_t value = 0;
  check(rt, ptowsp_load_i64(rt, tensor.id, index, &value));
  return static_cast<T>(value);
}

inline void wait_all(ptowsp_runtime *rt) { check(rt, ptowsp_wait_all(rt)); }

//===----------------------------------------------------------------------===//
// CSP: channels and processes
//===----------------------------------------------------------------------===//

/// A channel and the number of 64-bit words its token carries.
struct Channel {
  int32_t id;
  int32_t words;
};

template <typename T> constexpr int32_t wordsOf() {
  return static_cast<int32_t>((sizeof(T) + sizeof(int64_t) - 1) /
                              sizeof(int64_t));
}

/// A channel whose tokens carry one value of each of `Payload` (index
/// values, scalars, regions), packed into 64-bit words.
template <typename... Payload>
Channel channel(ptowsp_runtime *rt, const char *name, int64_t capacity,
                int64_t producers) {
  int32_t words = (0 + ... + wordsOf<Payload>());
  int32_t id = ptowsp_channel(rt, name, capacity,
                              static_cast<int32_t>(producers), words);
  if (id < 0)
    check(rt, PTOWSP_ERR_INVALID);
  return Channel{id, words};
}

template <typename... Payload>
void send(ptowsp_runtime *rt, const Channel &channel, const Payload &...values) {
  std::vector<int64_t> words(static_cast<size_t>(channel.words) + 1, 0);
  size_t offset = 0;
  auto pack = [&](const auto &value) {
    std::memcpy(words.data() + offset, &value, sizeof(value));
    offset += static_cast<size_t>(wordsOf<std::decay_t<decltype(value)>>());
  };
  (pack(values), ...);
  check(rt, ptowsp_send(rt, channel.id, words.data()));
}

/// A received token: whether one came (false once the channel is closed and
/// drained) and its packed payload.
struct Token {
  bool ok;
  std::vector<int64_t> words;
};

inline Token recv(ptowsp_runtime *rt, const Channel &channel) {
  Token token{false, std::vector<int64_t>(static_cast<size_t>(channel.words) + 1, 0)};
  int32_t got = 0;
  check(rt, ptowsp_recv(rt, channel.id, token.words.data(), &got));
  token.ok = got != 0;
  return token;
}

inline bool token_ok(const Token &token) { return token.ok; }

/// Payload value `Index` of a token carrying `Payload...`.
template <size_t Index, typename... Payload>
std::tuple_element_t<Index, std::tuple<Payload...>> token_get(const Token &token) {
  using T = std::tuple_element_t<Index, std::tuple<Payload...>>;
  constexpr int32_t sizes[] = {wordsOf<Payload>()...};
  size_t offset = 0;
  for (size_t i = 0; i < Index; ++i)
    offset += static_cast<size_t>(sizes[i]);
  T value;
  std::memcpy(&value, token.words.data() + offset, sizeof(T));
  return value;
}

inline void close(ptowsp_runtime *rt, const Channel &channel) {
  check(rt, ptowsp_close(rt, channel.id));
}

/// Starts `instances` copies of a generated process body. The values the
/// body uses from its enclosing scope are captured by value here; an error
/// thrown inside an instance fails that process (and its join).
template <typename... Captures>
void spawn(ptowsp_runtime *rt, const ptowsp_graph_context *ctx,
           const char *name, int64_t instances,
           void (*body)(ptowsp_runtime *, const ptowsp_graph_context *, size_t,
                        Captures...),
           Captures... captures) {
  struct Closure {
    void (*body)(ptowsp_runtime *, const ptowsp_graph_context *, size_t,
                 Captures...);
    const ptowsp_graph_context *ctx;
    std::tuple<Captures...> captures;
  };
  // Closures live until the runtime is destroyed: processes may outlive the
  // scope that spawned them until they are joined.
  static thread_local std::vector<std::shared_ptr<void>> keepAlive;
  auto closure = std::make_shared<Closure>(Closure{body, ctx, {captures...}});
  keepAlive.push_back(closure);
  auto trampoline = [](ptowsp_runtime *rt, int64_t instance, void *user) {
    auto *closure = static_cast<Closure *>(user);
    try {
      std::apply(
          [&](const Captures &...values) {
            closure->body(rt, closure->ctx, static_cast<size_t>(instance),
                          values...);
          },
          closure->captures);
    } catch (const Error &error) {
      ptowsp_process_fail(rt, error.message.c_str());
    }
  };
  check(rt, ptowsp_spawn(rt, name, instances, trampoline, closure.get()));
}

/// The end of a pipeline: waits for every process started so far.
inline void join_processes(ptowsp_runtime *rt) {
  check(rt, ptowsp_join_processes(rt));
}

/// Runs a generated graph body, turning a thrown Error into its status.
inline int32_t run_graph(void (*body)(ptowsp_runtime *,
                                      const ptowsp_graph_context *),
                         ptowsp_runtime *rt, const ptowsp_graph_context *ctx) {
  try {
    body(rt, ctx);
    return PTOWSP_OK;
  } catch (const Error &error) {
    if (ctx->error && ctx->error_capacity > 0) {
      std::strncpy(ctx->error, error.message.c_str(),
                   static_cast<size_t>(ctx->error_capacity - 1));
      ctx->error[ctx->error_capacity - 1] = '\0';
    }
    return error.status;
  }
}

/// Writes a graph's schedule into a runtime configuration. Trace outputs
/// get default file names; runners may redirect them.
inline void configure(ptowsp_config *config, ptowsp_dispatch dispatch,
                      int64_t dispatchCount, int64_t window,
                      ptowsp_window_mode windowMode, ptowsp_deps deps,
                      ptowsp_ready ready, ptowsp_pools pools,
                      ptowsp_start start, int64_t startThreshold,
                      int64_t streams, ptowsp_trace trace) {
  config->dispatch = dispatch;
  config->dispatch_targets = static_cast<int32_t>(dispatchCount);
  config->window_size = window;
  config->window_mode = windowMode;
  config->deps = deps;
  config->ready = ready;
  config->pools = pools;
  config->start = start;
  config->start_threshold = start == PTOWSP_START_THRESHOLD ? startThreshold : 1;
  config->streams = static_cast<int32_t>(streams);
  bool timeline = trace == PTOWSP_TRACE_TIMELINE || trace == PTOWSP_TRACE_BOTH;
  bool graph = trace == PTOWSP_TRACE_GRAPH || trace == PTOWSP_TRACE_BOTH;
  config->trace_path = timeline ? "ptowsp_trace.json" : nullptr;
  config->graph_path = graph ? "ptowsp_graph.dot" : nullptr;
}

} // namespace ptowsp

#endif // PTOWSP_CPU_SIM_ORCHESTRATION_H
