//===- TaskGraph.h - The recorded program of one runtime ------------------===//
//
// Part of PTO-WSP. What the orchestrator submitted, in submission order: task
// records, dependency edges, and the points where it waited (slot reads,
// barriers). The simulation replays exactly this, so the simulated timeline
// depends only on the program, never on what the host threads did.
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_RUNTIME_LIB_TASKGRAPH_H
#define PTOWSP_RUNTIME_LIB_TASKGRAPH_H

#include "pto-wsp/cpu_sim/runtime.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ptowsp::runtime {

/// One submitted task as the simulation and the traces see it.
struct TaskRecord {
  int64_t cycles = 0;
  int64_t priority = 0;
  int64_t coordsBegin = 0; ///< into TaskGraph::coords
  int64_t predsBegin = 0;  ///< into TaskGraph::preds (sorted, distinct)
  int32_t numCoords = 0;
  int32_t numPreds = 0;
  int32_t kernelName = 0;  ///< into TaskGraph::kernelNames
  int32_t scheduler = -1;  ///< fixed by the dispatch policy; -1 = work stealing
  int32_t epoch = 0;       ///< number of wait_all barriers submitted before it
  int32_t core = PTOWSP_CORE_VECTOR;
};

/// A point in the submission sequence where the orchestrator waited.
struct Marker {
  enum Kind : int32_t { AllTasks, SomeTasks, JoinProcesses };
  int64_t position = 0; ///< number of main-orchestrator tasks submitted before the wait
  Kind kind = AllTasks;
  ptowsp_stall_reason reason = PTOWSP_STALL_BARRIER;
  /// AllTasks that end an orchestration phase (wait_all, finish) open the
  /// start gate; an AllTasks slot read in explicit mode does not.
  bool endsPhase = false;
  /// False for the final wait of ptowsp_finish, which is not a stall.
  bool countsAsStall = true;
  int64_t tasksBegin = 0; ///< SomeTasks: into TaskGraph::markerTasks
  int64_t numTasks = 0;
};

struct TaskGraph {
  std::vector<TaskRecord> tasks;
  std::vector<int64_t> preds;
  std::vector<int64_t> coords;
  std::vector<std::string> kernelNames;
  std::vector<Marker> markers;
  std::vector<int64_t> markerTasks;

  const std::string &kernelName(int64_t task) const {
    return kernelNames[static_cast<size_t>(tasks[static_cast<size_t>(task)].kernelName)];
  }
  /// "(0, 3)" or "()" for a task without coordinates.
  std::string coordsText(int64_t task) const;
  /// "kernel 'name' (task 7, coords (0, 3))".
  std::string describe(int64_t task) const;
};

/// A growable array whose elements never move, so worker threads can hold
/// references into it while the orchestrator appends. Growth must be
/// synchronised with readers by the owner (it touches the chunk table).
template <typename T> class ChunkedVector {
public:
  static constexpr int kLog2Chunk = 12;
  static constexpr int64_t kChunk = int64_t(1) << kLog2Chunk;

  T &operator[](int64_t index) {
    return chunks_[static_cast<size_t>(index >> kLog2Chunk)]
                  [static_cast<size_t>(index & (kChunk - 1))];
  }
  const T &operator[](int64_t index) const {
    return chunks_[static_cast<size_t>(index >> kLog2Chunk)]
                  [static_cast<size_t>(index & (kChunk - 1))];
  }
  /// Makes index `index` addressable.
  void ensure(int64_t index) {
    while ((static_cast<int64_t>(chunks_.size()) << kLog2Chunk) <= index)
      chunks_.push_back(std::make_unique<T[]>(static_cast<size_t>(kChunk)));
  }
  int64_t capacity() const {
    return static_cast<int64_t>(chunks_.size()) << kLog2Chunk;
  }

private:
  std::vector<std::unique_ptr<T[]>> chunks_;
};

} // namespace ptowsp::runtime

#endif // PTOWSP_RUNTIME_LIB_TASKGRAPH_H
