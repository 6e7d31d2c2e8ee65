//===- TraceTest.cpp - cpu_sim runtime: trace and graph files -------------===//
//
// Part of PTO-WSP. TraceWriter: the trace is valid Chrome JSON of the
// simulated timeline, the graph dump is written (or refused) as documented,
// and an unwritable path is an I/O error.
//
//===----------------------------------------------------------------------===//

#include "TaskRuntimeTestSupport.h"

#include <cctype>
#include <cstdlib>
#include <map>

using namespace ptowsp_test;

namespace {

//===----------------------------------------------------------------------===//
// Trace and graph files
//===----------------------------------------------------------------------===//

/// A minimal JSON reader: enough to check that the trace parses and to walk it.
struct Json {
  enum Kind { Null, Bool, Number, String, Array, Object } kind = Null;
  double number = 0;
  std::string text;
  std::vector<Json> items;
  std::vector<std::pair<std::string, Json>> fields;

  const Json *get(const std::string &key) const {
    for (const auto &field : fields)
      if (field.first == key)
        return &field.second;
    return nullptr;
  }

  static bool parse(const std::string &in, Json &out) {
    size_t at = 0;
    return value(in, at, out) && (skip(in, at), at == in.size());
  }

private:
  static void skip(const std::string &in, size_t &at) {
    while (at < in.size() && std::isspace(static_cast<unsigned char>(in[at])))
      ++at;
  }
  static bool string(const std::string &in, size_t &at, std::string &out) {
    if (in[at] != '"')
      return false;
    for (++at; at < in.size(); ++at) {
      char ch = in[at];
      if (ch == '"') {
        ++at;
        return true;
      }
      if (static_cast<unsigned char>(ch) < 0x20)
        return false;
      if (ch == '\\') {
        if (++at >= in.size())
          return false;
        char e = in[at];
        if (e == 'u') {
          if (at + 4 >= in.size())
            return false;
          out += '?';
          at += 4;
        } else if (std::string("\"\\/bfnrt").find(e) != std::string::npos) {
          out += e == 'n' ? '\n' : e == 't' ? '\t' : e;
        } else {
          return false;
        }
      } else {
        out += ch;
      }
    }
    return false;
  }
  static bool value(const std::string &in, size_t &at, Json &out) {
    skip(in, at);
    if (at >= in.size())
      return false;
    char ch = in[at];
    if (ch == '{') {
      out.kind = Object;
      ++at;
      skip(in, at);
      if (at < in.size() && in[at] == '}')
        return ++at, true;
      for (;;) {
        skip(in, at);
        std::string key;
        Json item;
        if (!string(in, at, key))
          return false;
        skip(in, at);
        if (at >= in.size() || in[at++] != ':' || !value(in, at, item))
          return false;
        out.fields.emplace_back(key, std::move(item));
        skip(in, at);
        if (at < in.size() && in[at] == ',') {
          ++at;
          continue;
        }
        return at < in.size() && in[at++] == '}';
      }
    }
    if (ch == '[') {
      out.kind = Array;
      ++at;
      skip(in, at);
      if (at < in.size() && in[at] == ']')
        return ++at, true;
      for (;;) {
        Json item;
        if (!value(in, at, item))
          return false;
        out.items.push_back(std::move(item));
        skip(in, at);
        if (at < in.size() && in[at] == ',') {
          ++at;
          continue;
        }
        return at < in.size() && in[at++] == ']';
      }
    }
    if (ch == '"') {
      out.kind = String;
      return string(in, at, out.text);
    }
    for (const char *word : {"true", "false", "null"})
      if (in.compare(at, std::strlen(word), word) == 0) {
        out.kind = word[0] == 'n' ? Null : Bool;
        out.number = word[0] == 't';
        at += std::strlen(word);
        return true;
      }
    const char *begin = in.c_str() + at;
    char *end = nullptr;
    out.number = std::strtod(begin, &end);
    if (end == begin)
      return false;
    out.kind = Number;
    at += static_cast<size_t>(end - begin);
    return true;
  }
};

TEST(TaskRuntimeTrace, TraceIsChromeJsonOfTheSimulatedTimeline) {
  ptowsp_config c = config(2, 2, 2, 4, 20);
  c.machine.clock_ghz = 2.0; // 2 cycles per ns: ts = cycles / 2000 us
  c.window_size = 2;
  Outcome out = runScenario(
      c,
      [](ptowsp_runtime *rt) {
        submitOk(rt, Task("mat\"mul", nopKernel, 400).cube().at({0, 1}));
        submitOk(rt, Task("add", nopKernel, 200).at({2}));
        submitOk(rt, Task("add", nopKernel, 200).at({3}));
      },
      true);
  ASSERT_EQ(out.status, PTOWSP_OK) << out.error;
  Json root;
  ASSERT_TRUE(Json::parse(out.trace, root)) << out.trace;
  const Json *events = root.get("traceEvents");
  ASSERT_TRUE(events && events->kind == Json::Array);
  std::map<int64_t, std::string> coreNames;
  int tasks = 0, dispatches = 0, stalls = 0;
  for (const Json &event : events->items) {
    const std::string &ph = event.get("ph")->text;
    const Json *pid = event.get("pid");
    ASSERT_TRUE(pid);
    if (ph == "M" && event.get("name")->text == "thread_name" && pid->number == 1)
      coreNames[static_cast<int64_t>(event.get("tid")->number)] =
          event.get("args")->get("name")->text;
    if (ph != "X")
      continue;
    const std::string &cat = event.get("cat")->text;
    if (cat == "dispatch") {
      ++dispatches;
      EXPECT_DOUBLE_EQ(event.get("dur")->number, 0.01);
    } else if (cat == "stall") {
      ++stalls;
      EXPECT_EQ(event.get("name")->text, "TASK_RING_FULL");
    } else {
      ASSERT_EQ(cat, "task");
      ++tasks;
      const Json *args = event.get("args");
      int64_t task = static_cast<int64_t>(args->get("task")->number);
      EXPECT_EQ(static_cast<int64_t>(event.get("tid")->number), out.core(task));
      EXPECT_DOUBLE_EQ(event.get("ts")->number, out.start(task) / 2000.0);
      EXPECT_DOUBLE_EQ(event.get("dur")->number, (out.end(task) - out.start(task)) / 2000.0);
      EXPECT_EQ(static_cast<int32_t>(args->get("scheduler")->number), out.scheduler(task));
      EXPECT_EQ(args->get("coords")->kind, Json::Array);
      if (task == 0) {
        EXPECT_EQ(event.get("name")->text, "mat\"mul");
        EXPECT_EQ(args->get("coords")->items.size(), 2u);
      }
    }
  }
  EXPECT_EQ(tasks, 3);
  EXPECT_EQ(dispatches, 3);
  EXPECT_EQ(stalls, 1);
  ASSERT_EQ(coreNames.size(), 6u); // one named track per core
  EXPECT_EQ(coreNames[0], "AIC 0 (scheduler 0)");
  EXPECT_EQ(coreNames[5], "AIV 3 (scheduler 1)");
}

TEST(TaskRuntimeTrace, GraphIsWrittenForSmallRunsAndRefusedForLargeOnes) {
  std::string path = tempPath("graph.dot");
  ptowsp_config c = config(2);
  c.graph_path = path.c_str();
  c.graph_max_tasks = 3;
  Matrix m(2, 2);
  {
    Runtime rt(c);
    m.add(rt, "M");
    submitOk(rt, Task("producer").view(m, 0, 0, 2, 2, PTOWSP_ACCESS_WRITE).at({0}));
    submitOk(rt, Task("consumer").cube().view(m, 0, 0, 1, 2, PTOWSP_ACCESS_READ).at({1}));
    ASSERT_EQ(ptowsp_finish(rt), PTOWSP_OK) << rt.error();
    std::string dot = readFile(path);
    EXPECT_EQ(dot.rfind("digraph ptowsp_tasks {", 0), 0u) << dot;
    EXPECT_NE(dot.find("t0 [label=\"#0 producer (0)\\nvector 100 cycles\"]"), std::string::npos)
        << dot;
    EXPECT_NE(dot.find("t1 [label=\"#1 consumer (1)\\ncube 100 cycles\""), std::string::npos)
        << dot;
    EXPECT_EQ(readEdges(path), (Edges{{0, 1}}));
  }
  std::remove(path.c_str());
  Runtime rt(c);
  for (int i = 0; i < 4; ++i)
    submitOk(rt, Task("t"));
  EXPECT_EQ(ptowsp_finish(rt), PTOWSP_ERR_INVALID);
  EXPECT_NE(rt.error().find("4 tasks exceed graph_max_tasks (3)"), std::string::npos)
      << rt.error();
  EXPECT_TRUE(readFile(path).empty());
  EXPECT_EQ(rt.stats().tasks, 4); // the simulation itself succeeded
}

TEST(TaskRuntimeTrace, UnwritableTraceIsAnIoError) {
  ptowsp_config c = config(2);
  c.trace_path = "/nonexistent-ptowsp-dir/trace.json";
  Runtime rt(c);
  submitOk(rt, Task("t"));
  EXPECT_EQ(ptowsp_finish(rt), PTOWSP_ERR_IO);
  EXPECT_NE(rt.error().find("cannot open '/nonexistent-ptowsp-dir/trace.json'"),
            std::string::npos)
      << rt.error();
}

} // namespace
