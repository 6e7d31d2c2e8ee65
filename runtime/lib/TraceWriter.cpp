//===- TraceWriter.cpp - Timeline (Chrome/Perfetto) and graph (DOT) output ===//
//
// Part of PTO-WSP. Output is a pure function of the graph and the simulation
// result (no host timing, no pointers), so traces of repeated runs compare
// byte for byte.
//
//===----------------------------------------------------------------------===//

#include "TraceWriter.h"

#include <algorithm>
#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <numeric>

namespace ptowsp::runtime {

namespace {

/// A FILE that reports write errors once, at close.
class OutputFile {
public:
  OutputFile(const std::string &path) : path_(path), file_(std::fopen(path.c_str(), "w")) {
    if (!file_)
      openErrno_ = errno;
  }
  ~OutputFile() {
    if (file_)
      std::fclose(file_);
  }
  bool opened(std::string &error) const {
    if (file_)
      return true;
    error = "cannot open '" + path_ + "' for writing: " + std::strerror(openErrno_);
    return false;
  }
  std::FILE *get() { return file_; }
  bool close(std::string &error) {
    bool ok = !std::ferror(file_);
    ok = std::fclose(file_) == 0 && ok;
    file_ = nullptr;
    if (!ok)
      error = "error while writing '" + path_ + "'";
    return ok;
  }

private:
  std::string path_;
  std::FILE *file_;
  int openErrno_ = 0;
};

/// `text` as the inside of a DOT string literal.
std::string dotEscape(const std::string &text) {
  std::string out;
  for (char c : text) {
    if (c == '"' || c == '\\')
      out += '\\';
    if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}

} // namespace

std::string jsonEscape(const std::string &text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\t':
      out += "\\t";
      break;
    default:
      if (static_cast<unsigned char>(c) < 0x20) {
        char buffer[8];
        std::snprintf(buffer, sizeof buffer, "\\u%04x", static_cast<unsigned>(c));
        out += buffer;
      } else {
        out += c;
      }
    }
  }
  return out;
}

ptowsp_status writeTimelineTrace(const std::string &path, const TaskGraph &graph,
                                 const SimResult &result, const ptowsp_machine &machine,
                                 std::string &error, const ProcessTrace *processes) {
  OutputFile out(path);
  if (!out.opened(error))
    return PTOWSP_ERR_IO;
  std::FILE *f = out.get();
  const double cyclesPerMicrosecond = machine.clock_ghz * 1000.0;
  auto us = [&](int64_t cycles) { return static_cast<double>(cycles) / cyclesPerMicrosecond; };
  const int32_t orchestratorTrack = machine.schedulers;
  const int32_t sharedQueueTrack = machine.schedulers + 1;

  std::fprintf(f, "{\"displayTimeUnit\":\"ns\",\"otherData\":{\"clock_ghz\":%g,"
                  "\"total_cycles\":%" PRId64 "},\"traceEvents\":[\n",
               machine.clock_ghz, result.makespan);
  std::fprintf(f, "{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":0,\"args\":{\"name\":"
                  "\"AICPU schedulers\"}},\n");
  std::fprintf(f, "{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":1,\"args\":{\"name\":"
                  "\"cores\"}}");
  for (int32_t s = 0; s < machine.schedulers; ++s)
    std::fprintf(f, ",\n{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":0,\"tid\":%d,"
                    "\"args\":{\"name\":\"scheduler %d\"}}",
                 s, s);
  std::fprintf(f, ",\n{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":0,\"tid\":%d,"
                  "\"args\":{\"name\":\"orchestrator\"}}",
               orchestratorTrack);
  std::fprintf(f, ",\n{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":0,\"tid\":%d,"
                  "\"args\":{\"name\":\"shared ready queue\"}}",
               sharedQueueTrack);
  for (int32_t s = 0; s < machine.schedulers; ++s)
    for (int32_t unit : {PTOWSP_CORE_CUBE, PTOWSP_CORE_VECTOR}) {
      CoreRange range = schedulerCores(machine, s, unit);
      for (int32_t c = range.begin; c < range.end; ++c) {
        int32_t local = unit == PTOWSP_CORE_CUBE ? c : c - machine.cube_cores;
        std::fprintf(f, ",\n{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":1,\"tid\":%d,"
                        "\"args\":{\"name\":\"%s %d (scheduler %d)\"}}",
                     c, unit == PTOWSP_CORE_CUBE ? "AIC" : "AIV", local, s);
      }
    }

  // Tasks in order of start time, then core.
  std::vector<int64_t> order(graph.tasks.size());
  std::iota(order.begin(), order.end(), int64_t(0));
  std::sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
    size_t x = static_cast<size_t>(a), y = static_cast<size_t>(b);
    if (result.start[x] != result.start[y])
      return result.start[x] < result.start[y];
    return result.core[x] < result.core[y];
  });
  const int64_t overhead = machine.dispatch_overhead_cycles;
  for (int64_t task : order) {
    size_t t = static_cast<size_t>(task);
    const TaskRecord &record = graph.tasks[t];
    std::string coords = "[";
    for (int32_t i = 0; i < record.numCoords; ++i) {
      if (i)
        coords += ",";
      coords += std::to_string(graph.coords[static_cast<size_t>(record.coordsBegin + i)]);
    }
    coords += "]";
    std::string name = jsonEscape(graph.kernelName(task));
    std::fprintf(f,
                 ",\n{\"name\":\"%s\",\"cat\":\"task\",\"ph\":\"X\",\"pid\":1,\"tid\":%d,"
                 "\"ts\":%.6f,\"dur\":%.6f,\"args\":{\"task\":%" PRId64 ",\"kernel\":\"%s\","
                 "\"coords\":%s,\"scheduler\":%d,\"start_cycle\":%" PRId64
                 ",\"cycles\":%" PRId64 "}}",
                 name.c_str(), result.core[t], us(result.start[t]), us(record.cycles), task,
                 name.c_str(), coords.c_str(), result.scheduler[t], result.start[t],
                 record.cycles);
    if (overhead > 0)
      std::fprintf(f,
                   ",\n{\"name\":\"dispatch\",\"cat\":\"dispatch\",\"ph\":\"X\",\"pid\":0,"
                   "\"tid\":%d,\"ts\":%.6f,\"dur\":%.6f,\"args\":{\"task\":%" PRId64 "}}",
                   result.scheduler[t], us(result.start[t] - overhead), us(overhead), task);
  }
  for (const StallInterval &stall : result.stallIntervals) {
    int32_t track = stall.scheduler == -1   ? orchestratorTrack
                    : stall.scheduler == -2 ? sharedQueueTrack
                                            : stall.scheduler;
    std::fprintf(f,
                 ",\n{\"name\":\"%s\",\"cat\":\"stall\",\"ph\":\"X\",\"pid\":0,\"tid\":%d,"
                 "\"ts\":%.6f,\"dur\":%.6f,\"args\":{\"begin_cycle\":%" PRId64
                 ",\"cycles\":%" PRId64 "}}",
                 ptowsp_stall_reason_name(stall.reason), track, us(stall.begin),
                 us(stall.end - stall.begin), stall.begin, stall.end - stall.begin);
  }
  if (processes) {
    std::fprintf(f, ",\n{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":2,\"args\":{\"name\":"
                    "\"processes\"}}");
    for (size_t i = 0; i < processes->instanceNames->size(); ++i)
      std::fprintf(f,
                   ",\n{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":2,\"tid\":%d,"
                   "\"args\":{\"name\":\"%s\"}}",
                   static_cast<int>(i), jsonEscape((*processes->instanceNames)[i]).c_str());
    for (const CspSpan &span : processes->csp->spans) {
      std::string name =
          span.channel < 0
              ? "submit " + graph.kernelName(span.task)
              : std::string(span.reason == PTOWSP_STALL_CHANNEL_EMPTY_WAIT ? "recv '" : "send '") +
                    (*processes->channelNames)[static_cast<size_t>(span.channel)] + "'";
      std::fprintf(f,
                   ",\n{\"name\":\"%s\",\"cat\":\"%s\",\"ph\":\"X\",\"pid\":2,"
                   "\"tid\":%d,\"ts\":%.6f,\"dur\":%.6f,\"args\":{\"begin_cycle\":%" PRId64
                   ",\"cycles\":%" PRId64 "}}",
                   jsonEscape(name).c_str(), span.channel < 0 ? "submit" : "channel",
                   span.instance, us(span.begin), us(span.end - span.begin), span.begin,
                   span.end - span.begin);
    }
  }
  std::fprintf(f, "\n]}\n");
  return out.close(error) ? PTOWSP_OK : PTOWSP_ERR_IO;
}

ptowsp_status writeGraphDot(const std::string &path, const TaskGraph &graph, int64_t maxTasks,
                            std::string &error) {
  int64_t tasks = static_cast<int64_t>(graph.tasks.size());
  if (tasks > maxTasks) {
    error = "task graph not written to '" + path + "': " + std::to_string(tasks) +
            " tasks exceed graph_max_tasks (" + std::to_string(maxTasks) +
            "); raise the limit or drop graph_path";
    return PTOWSP_ERR_INVALID;
  }
  OutputFile out(path);
  if (!out.opened(error))
    return PTOWSP_ERR_IO;
  std::FILE *f = out.get();
  std::fprintf(f, "digraph ptowsp_tasks {\n  rankdir=TB;\n  node [shape=box, fontname=\"monospace\"];\n");
  for (int64_t task = 0; task < tasks; ++task) {
    const TaskRecord &record = graph.tasks[static_cast<size_t>(task)];
    // Two lines; each part escaped for a DOT string before the line break.
    std::string label =
        dotEscape("#" + std::to_string(task) + " " + graph.kernelName(task) + " " +
                  graph.coordsText(task)) +
        "\\n" + (record.core == PTOWSP_CORE_CUBE ? "cube " : "vector ") +
        std::to_string(record.cycles) + " cycles";
    std::fprintf(f, "  t%" PRId64 " [label=\"%s\"%s];\n", task, label.c_str(),
                 record.core == PTOWSP_CORE_CUBE ? ", style=filled, fillcolor=\"#dde8ff\"" : "");
  }
  for (int64_t task = 0; task < tasks; ++task) {
    const TaskRecord &record = graph.tasks[static_cast<size_t>(task)];
    for (int32_t p = 0; p < record.numPreds; ++p)
      std::fprintf(f, "  t%" PRId64 " -> t%" PRId64 ";\n",
                   graph.preds[static_cast<size_t>(record.predsBegin + p)], task);
  }
  std::fprintf(f, "}\n");
  return out.close(error) ? PTOWSP_OK : PTOWSP_ERR_IO;
}

} // namespace ptowsp::runtime
