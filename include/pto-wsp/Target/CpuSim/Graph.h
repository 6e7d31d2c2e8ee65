//===- Graph.h - load and run a compiled cpu_sim graph ----------*- C++ -*-===//
//
// One run of a generated task graph on the cpu_sim runtime, shared by
// pto-wsp-run and the Python bindings: the runtime configuration (machine
// from the architecture file, policies from the schedule, host settings from
// the caller), the run itself and its statistics, copied out of the runtime.
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_TARGET_CPUSIM_GRAPH_H
#define PTOWSP_TARGET_CPUSIM_GRAPH_H

#include "pto-wsp/Target/CpuSim/Runner.h"
#include "pto-wsp/cpu_sim/orchestration.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ptowsp::cpusim {

/// The entry points of graph `name` in a compiled library (see the graph ABI
/// in orchestration.h); the library stays loaded while this lives.
class LoadedGraph {
public:
  const std::string &getName() const { return name; }
  ptowsp_graph_fn getGraphFunction() const { return graph; }
  ptowsp_graph_config_fn getConfigFunction() const { return config; }

private:
  friend llvm::Expected<LoadedGraph> loadGraph(const std::string &libraryPath,
                                               llvm::StringRef name);
  LoadedGraph(SharedLibrary library, std::string name, ptowsp_graph_fn graph,
              ptowsp_graph_config_fn config)
      : library(std::move(library)), name(std::move(name)), graph(graph),
        config(config) {}
  SharedLibrary library;
  std::string name;
  ptowsp_graph_fn graph;
  ptowsp_graph_config_fn config;
};

/// Opens the library and looks up ptowsp_graph_<name> and its _config.
llvm::Expected<LoadedGraph> loadGraph(const std::string &libraryPath,
                                      llvm::StringRef name);

/// Host-side settings of a run; everything else comes from the architecture
/// file and the graph's schedule.
struct RunOptions {
  /// Architecture name (arch/<name>.json) or file.
  std::string arch = "a2a3";
  /// Host worker threads running kernels; 0 = one per hardware thread.
  int32_t hostThreads = 0;
  /// CSP: simulated cycles from a send to the earliest matching receive;
  /// unset = the configuration's value (ptowsp_config_init: 0).
  std::optional<int64_t> channelLatencyCycles;
  /// Chrome/Perfetto JSON of the simulated timeline; "" = none.
  std::string tracePath;
  /// Graphviz DOT of the task graph; "" = none.
  std::string graphPath;
};

/// Statistics of one CSP process instance.
struct ProcessStatistics {
  std::string name; // "name[i]"
  int64_t tasks = 0;
  int64_t sends = 0;
  int64_t receives = 0;
  int64_t endCycle = 0;
  /// Simulated cycles it waited on channels (all stall reasons summed).
  int64_t channelWaitCycles = 0;
};

/// Statistics of one CSP channel.
struct ChannelStatistics {
  std::string name;
  int64_t capacity = 0;
  int64_t tokens = 0;
  int64_t highWater = 0;
  int64_t emptyWaitCycles = 0;
  int64_t fullWaitCycles = 0;
};

/// What a successful run reports (ptowsp_stats and the per-process and
/// per-channel statistics), owned rather than pointing into the runtime.
struct RunStatistics {
  int64_t tasks = 0;
  int64_t dependencyEdges = 0;
  int64_t totalCycles = 0;
  double utilization = 0;
  int32_t cubeCores = 0;
  int32_t vectorCores = 0;
  /// One entry per core: cube cores first, then vector cores.
  std::vector<int64_t> coreBusyCycles;
  /// Indexed by ptowsp_stall_reason.
  std::array<int64_t, PTOWSP_STALL_REASONS> stalls{};
  std::array<int64_t, PTOWSP_STALL_REASONS> stallCycles{};
  int64_t windowHighWater = 0;
  double wallSeconds = 0;
  std::vector<ProcessStatistics> processes;
  std::vector<ChannelStatistics> channels;
  /// The files written ("" = none): the caller's paths, or the ones the
  /// schedule's trace knob chose.
  std::string tracePath;
  std::string graphPath;
};

/// A run that the runtime refused or that failed: the runtime's status
/// (deadlock, out of bounds, kernel failure...) and the message, e.g.
/// "workload 'NAME' failed (PTOWSP_ERR_DEADLOCK): ...".
class RunFailure : public llvm::ErrorInfo<RunFailure> {
public:
  static char ID;
  RunFailure(ptowsp_status status, std::string message)
      : status(status), message(std::move(message)) {}
  ptowsp_status getStatus() const { return status; }
  const std::string &getMessage() const { return message; }
  void log(llvm::raw_ostream &os) const override;
  std::error_code convertToErrorCode() const override;

private:
  ptowsp_status status;
  std::string message;
};

/// The value of a run-time symbol. The graph reads the field of the
/// symbol's type, so both hold the value.
struct SymbolValue {
  std::string name;
  int64_t i64 = 0;
  double f64 = 0;
  static SymbolValue integer(std::string name, int64_t value) {
    return {std::move(name), value, static_cast<double>(value)};
  }
  static SymbolValue real(std::string name, double value) {
    return {std::move(name), static_cast<int64_t>(value), value};
  }
};

/// Runs the graph once on a fresh runtime with `args` (one per graph
/// argument, in signature order; tensors are used in place) and `symbols`.
/// Failures of the runtime are RunFailure; an unknown architecture is a
/// plain error.
llvm::Expected<RunStatistics> runGraph(const LoadedGraph &graph,
                                       const RunOptions &options,
                                       llvm::ArrayRef<ptowsp_graph_arg> args,
                                       llvm::ArrayRef<SymbolValue> symbols);

} // namespace ptowsp::cpusim

#endif // PTOWSP_TARGET_CPUSIM_GRAPH_H
