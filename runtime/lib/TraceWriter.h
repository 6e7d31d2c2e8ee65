//===- TraceWriter.h - Timeline (Chrome/Perfetto) and graph (DOT) output --===//
//
// Part of PTO-WSP. Writes the simulated timeline as Chrome trace-event JSON
// (one track per core, per scheduler, and one for the orchestrator) and the
// task graph as Graphviz DOT.
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_RUNTIME_LIB_TRACEWRITER_H
#define PTOWSP_RUNTIME_LIB_TRACEWRITER_H

#include "CspSim.h"
#include "Simulator.h"
#include "TaskGraph.h"

#include <string>

namespace ptowsp::runtime {

/// The CSP part of a trace: pid 2 holds one track per process instance with
/// its submissions and channel waits.
struct ProcessTrace {
  const CspResult *csp;
  const std::vector<std::string> *instanceNames;
  const std::vector<std::string> *channelNames;
};

/// Chrome/Perfetto JSON ({"traceEvents": [...]}): "X" events with ts/dur in
/// microseconds of simulated time at machine.clock_ghz; pid 1 holds one
/// thread per core, pid 0 one per scheduler plus the orchestrator, and pid 2
/// (when `processes` is given) one per CSP process instance.
ptowsp_status writeTimelineTrace(const std::string &path, const TaskGraph &graph,
                                 const SimResult &result, const ptowsp_machine &machine,
                                 std::string &error, const ProcessTrace *processes = nullptr);

/// Graphviz DOT of the task graph; refused with PTOWSP_ERR_INVALID above
/// `maxTasks` tasks.
ptowsp_status writeGraphDot(const std::string &path, const TaskGraph &graph, int64_t maxTasks,
                            std::string &error);

/// `text` as the inside of a JSON string literal.
std::string jsonEscape(const std::string &text);

} // namespace ptowsp::runtime

#endif // PTOWSP_RUNTIME_LIB_TRACEWRITER_H
