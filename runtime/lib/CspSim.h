//===- CspSim.h - Simulated time of CSP processes (CSPT) ------------------===//
//
// Part of PTO-WSP. Replays the events each process instance recorded on the
// host (submits, sends, receives, closes, in its program order) on per-instance
// simulated clocks. The result (task release cycles, per-instance and
// per-channel statistics) depends only on the recorded per-instance event
// sequences, never on how the host threads interleaved; for fan-out to
// replicas it depends only on what each token's receiver did with it ("work
// follows tokens"), not on which replica received it. See runtime.h, "CSP".
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_RUNTIME_LIB_CSPSIM_H
#define PTOWSP_RUNTIME_LIB_CSPSIM_H

#include "pto-wsp/cpu_sim/runtime.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ptowsp::runtime {

struct CspEvent {
  enum Kind : int32_t { Submit, Send, Recv, RecvClosed, Close };
  Kind kind;
  int32_t channel; ///< Send/Recv/RecvClosed/Close
  int64_t task;    ///< Submit
  /// Send: the token's id (the host's sequence number of the send on the
  /// channel); Recv: the id of the token received (host FIFO: the receive
  /// sequence number). Only used to link a send to its host receive.
  int64_t token = -1;
};

struct CspChannelDesc {
  std::string name;
  int64_t capacity = 1;
  int32_t producers = 1;
};

/// A wait or a submission of one instance, for the trace.
struct CspSpan {
  int32_t instance;
  int32_t channel; ///< -1 for a submission
  int32_t reason;  ///< ptowsp_stall_reason (channel waits) or -1 (submission)
  int64_t task;    ///< submission: the task
  int64_t begin;
  int64_t end;
};

struct CspInstanceResult {
  int64_t tasks = 0, sends = 0, receives = 0, endCycle = 0;
  int64_t stalls[PTOWSP_STALL_REASONS] = {};
  int64_t stallCycles[PTOWSP_STALL_REASONS] = {};
};

struct CspChannelResult {
  int64_t tokens = 0, highWater = 0, emptyWaitCycles = 0, fullWaitCycles = 0;
};

struct CspResult {
  std::vector<int64_t> release; ///< per task: issue cycle (process tasks), -1 (main tasks)
  std::vector<int32_t> issuer;  ///< per task: simulated instance that submitted it, -1 (main)
  std::vector<int64_t> issueSeq; ///< per task: order of the submits in the simulation
  std::vector<CspInstanceResult> instances;
  std::vector<CspChannelResult> channels;
  std::vector<CspSpan> spans;
  int64_t endCycle = 0; ///< max instance clock
};

/// `events[i]` are instance i's events (instances in spawn order);
/// `spawnGroup[i]` identifies instance i's ptowsp_spawn call (replicas share
/// it; empty = every instance alone). Fan-out channels whose receivers are
/// replicas of one spawn with the consume-loop shape are simulated with "work
/// follows tokens" (see CspSim.cpp and runtime.h, "CSP"). Returns false with
/// `error` if the recorded programs cannot complete in the simulation (the
/// host run would have reported a deadlock first).
bool simulateCsp(const std::vector<std::vector<CspEvent>> &events,
                 const std::vector<int32_t> &spawnGroup,
                 const std::vector<CspChannelDesc> &channels, int64_t numTasks,
                 int64_t submitOverhead, int64_t latency, CspResult &result, std::string &error);

} // namespace ptowsp::runtime

#endif // PTOWSP_RUNTIME_LIB_CSPSIM_H
