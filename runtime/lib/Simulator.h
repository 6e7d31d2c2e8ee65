//===- Simulator.h - Discrete-event simulation of the modelled machine ----===//
//
// Part of PTO-WSP. Replays a recorded TaskGraph on the modelled machine: an
// orchestrator issuing tasks in submission order under the task window and
// its recorded waits, AICPU schedulers with a fixed partition of the cube and
// vector cores dispatching ready tasks (one dispatch overhead at a time), and
// cores running each task for its cycle cost. The result depends only on the
// graph and the options.
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_RUNTIME_LIB_SIMULATOR_H
#define PTOWSP_RUNTIME_LIB_SIMULATOR_H

#include "TaskGraph.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ptowsp::runtime {

struct SimOptions {
  ptowsp_machine machine{};
  int32_t targets = 1; ///< schedulers that receive tasks (dispatch_targets)
  ptowsp_dispatch dispatch = PTOWSP_DISPATCH_ROUND_ROBIN;
  ptowsp_ready ready = PTOWSP_READY_FIFO;
  ptowsp_pools pools = PTOWSP_POOLS_BY_UNIT;
  int64_t window = 1;
  ptowsp_start start = PTOWSP_START_THRESHOLD;
  int64_t threshold = 1;
  /// CSP (null without processes): per task, the cycle a process issues it
  /// (-1 = submitted by the main orchestrator, issued in its order), and the
  /// ready-queue order key (main tasks first in submission order, then process
  /// tasks by release cycle, instance, program order).
  const std::vector<int64_t> *release = nullptr;
  const std::vector<int64_t> *rank = nullptr;
  int64_t joinCycle = 0; ///< JoinProcesses markers wait until this cycle
};

/// A span of simulated time during which the orchestrator (scheduler -1) or
/// a scheduler's queue waited.
struct StallInterval {
  ptowsp_stall_reason reason;
  int32_t scheduler;
  int64_t begin;
  int64_t end;
};

struct SimResult {
  int64_t makespan = 0;
  std::vector<int64_t> start; ///< per task: kernel start (after dispatch)
  std::vector<int64_t> end;
  std::vector<int32_t> core;
  std::vector<int32_t> scheduler;
  std::vector<int64_t> coreBusy;       ///< per core
  std::vector<int64_t> schedulerTasks; ///< per scheduler
  int64_t stalls[PTOWSP_STALL_REASONS] = {};
  int64_t stallCycles[PTOWSP_STALL_REASONS] = {};
  int64_t windowHighWater = 0;
  std::vector<StallInterval> stallIntervals;
};

/// First core index of each unit, and the partition owned by a scheduler:
/// cube cores [0, cube), vector cores [cube, cube + vector); scheduler s of S
/// owns cube cores [s*C/S, (s+1)*C/S) and the same share of vector cores.
struct CoreRange {
  int32_t begin;
  int32_t end;
};
CoreRange schedulerCores(const ptowsp_machine &machine, int32_t scheduler, int32_t core);

/// Runs the simulation. Returns false with `error` set only if the graph
/// cannot complete (which the host run would have reported first).
bool simulate(const TaskGraph &graph, const SimOptions &options, SimResult &result,
              std::string &error);

} // namespace ptowsp::runtime

#endif // PTOWSP_RUNTIME_LIB_SIMULATOR_H
