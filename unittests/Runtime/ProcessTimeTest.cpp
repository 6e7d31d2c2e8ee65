//===- ProcessTimeTest.cpp - cpu_sim runtime: simulated process time ------===//
//
// Part of PTO-WSP. CspSim through the API: the deterministic per-process
// simulated time (CSPT) of pipelines, fan-in and fan-out (work follows
// tokens), channel latency, and processes in the trace.
//
//===----------------------------------------------------------------------===//

#include "TaskRuntimeTestSupport.h"

#include <algorithm>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <thread>

using namespace ptowsp_test;

namespace {

//===----------------------------------------------------------------------===//
// Simulated time (CSPT)
//===----------------------------------------------------------------------===//

struct PipelineCtx {
  int64_t n = 0;
  int32_t c1 = -1, c2 = -1;
  Matrix a{1, 1}, b{1, 1}, out{1, 1};
};

void loadStage(ptowsp_runtime *rt, int64_t, void *user) {
  auto *ctx = static_cast<PipelineCtx *>(user);
  for (int64_t i = 0; i < ctx->n; ++i) {
    ASSERT_EQ(Task("load", affineKernel, 100)
                  .view(ctx->a, 0, i, 1, 1, PTOWSP_ACCESS_READWRITE)
                  .i64(1)
                  .i64(i)
                  .at({i})
                  .submit(rt),
              PTOWSP_OK);
    ASSERT_EQ(ptowsp_send(rt, ctx->c1, &i), PTOWSP_OK);
  }
  ASSERT_EQ(ptowsp_close(rt, ctx->c1), PTOWSP_OK);
}

void computeStage(ptowsp_runtime *rt, int64_t, void *user) {
  auto *ctx = static_cast<PipelineCtx *>(user);
  for (;;) {
    int64_t i;
    int32_t got;
    ASSERT_EQ(ptowsp_recv(rt, ctx->c1, &i, &got), PTOWSP_OK);
    if (!got)
      break;
    ASSERT_EQ(Task("compute", affineKernel, 200)
                  .view(ctx->b, 0, i, 1, 1, PTOWSP_ACCESS_READWRITE)
                  .region(ctx->a.id, PTOWSP_ACCESS_READ, {0, i}, {1, 1})
                  .i64(2)
                  .i64(1)
                  .at({i})
                  .submit(rt),
              PTOWSP_OK);
    ASSERT_EQ(ptowsp_send(rt, ctx->c2, &i), PTOWSP_OK);
  }
  ASSERT_EQ(ptowsp_close(rt, ctx->c2), PTOWSP_OK);
}

void storeStage(ptowsp_runtime *rt, int64_t, void *user) {
  auto *ctx = static_cast<PipelineCtx *>(user);
  for (;;) {
    int64_t i;
    int32_t got;
    ASSERT_EQ(ptowsp_recv(rt, ctx->c2, &i, &got), PTOWSP_OK);
    if (!got)
      break;
    ASSERT_EQ(Task("store", affineKernel, 50)
                  .view(ctx->out, 0, i, 1, 1, PTOWSP_ACCESS_READWRITE)
                  .region(ctx->b.id, PTOWSP_ACCESS_READ, {0, i}, {1, 1})
                  .i64(1)
                  .i64(3)
                  .at({i})
                  .submit(rt),
              PTOWSP_OK);
  }
}

struct PipelineRun {
  int64_t makespan = 0;
  /// The statistics' names point into the runtime, which is gone when the
  /// run is returned: they are cleared, and copied into `names`.
  std::vector<ptowsp_process_stats> processes;
  std::vector<std::string> names;
  ptowsp_stats stats{};
  std::vector<ptowsp_task_time> times;
};

/// load -> c1 -> compute -> c2 -> store over n items: 1 scheduler, 8 vector
/// cores, no dispatch overhead, 10 cycles per submit.
PipelineRun runPipeline(int64_t n, int64_t latency, int32_t hostThreads,
                        const char *tracePath = nullptr) {
  ptowsp_config c = config(hostThreads, 1, 0, 8, 0, 10);
  c.trace_path = tracePath;
  Runtime rt(c);
  PipelineRun run;
  PipelineCtx ctx;
  ctx.n = n;
  ctx.a = Matrix(1, n);
  ctx.b = Matrix(1, n);
  ctx.out = Matrix(1, n);
  EXPECT_GE(ctx.a.add(rt, "a"), 0);
  EXPECT_GE(ctx.b.add(rt, "b"), 0);
  EXPECT_GE(ctx.out.add(rt, "out"), 0);
  ctx.c1 = ptowsp_channel(rt, "c1", 1, 1, 1);
  ctx.c2 = ptowsp_channel(rt, "c2", 1, 1, 1);
  EXPECT_EQ(ptowsp_set_channel_latency(rt, latency), PTOWSP_OK);
  EXPECT_EQ(ptowsp_spawn(rt, "load", 1, loadStage, &ctx), PTOWSP_OK);
  EXPECT_EQ(ptowsp_spawn(rt, "compute", 1, computeStage, &ctx), PTOWSP_OK);
  EXPECT_EQ(ptowsp_spawn(rt, "store", 1, storeStage, &ctx), PTOWSP_OK);
  EXPECT_EQ(ptowsp_join_processes(rt), PTOWSP_OK) << rt.error();
  EXPECT_EQ(ptowsp_finish(rt), PTOWSP_OK) << rt.error();
  for (int64_t i = 0; i < n; ++i)
    EXPECT_EQ(ctx.out.at(0, i), 3) << i; // out = 0 * 1 + 3, after b and a
  for (int64_t i = 0; i < n; ++i)
    EXPECT_EQ(ctx.b.at(0, i), 1) << i;
  run.stats = rt.stats();
  run.makespan = run.stats.total_cycles;
  for (int64_t i = 0; i < 3; ++i) {
    ptowsp_process_stats ps{};
    EXPECT_EQ(ptowsp_get_process_stats(rt, i, &ps), PTOWSP_OK);
    run.names.push_back(ps.name ? ps.name : "");
    ps.name = nullptr;
    run.processes.push_back(ps);
  }
  for (int64_t t = 0; t < run.stats.tasks; ++t)
    run.times.push_back(rt.time(t));
  return run;
}

TEST(TaskRuntimeChannel, PipelineMakespanIsHandDerived) {
  // Latency 0, capacity 1, 10 cycles per submit. The load process submits
  // load(i) at clock 10(i+1); each token is received as soon as it is sent,
  // so compute submits compute(i) at 10(i+2) and store submits store(i) at
  // 10(i+3). The machine has enough cores, so load(i) runs [10(i+1),
  // 10(i+1)+100), compute(i) waits for it: [110+10i, 310+10i), store(i)
  // [310+10i, 360+10i). Makespan for n = 4: 360 + 30 = 390.
  PipelineRun run = runPipeline(4, 0, 2);
  EXPECT_EQ(run.makespan, 390);
  for (size_t i = 0; i < run.processes.size(); ++i)
    EXPECT_EQ(run.processes[i].tasks, 4) << run.names[i];
  EXPECT_EQ(run.names[0], "load[0]");
  EXPECT_EQ(run.processes[0].end_cycle, 40);
  EXPECT_EQ(run.processes[0].sends, 4);
  EXPECT_EQ(run.processes[1].receives, 4);
  EXPECT_EQ(run.processes[2].end_cycle, 60);
}

TEST(TaskRuntimeChannel, LatencyIncreasesMakespanWithoutRebuild) {
  // Latency 1000: every receive completes 1000 cycles after its send, and
  // with capacity 1 each send waits for the previous token's receive, so the
  // store process submits store(3) at 5020 (derivation in docs/runtime.md):
  // makespan 5030 + 50 = 5080.
  PipelineRun slow = runPipeline(4, 1000, 2);
  EXPECT_EQ(slow.makespan, 5080);
  EXPECT_GT(slow.stats.stall_cycles[PTOWSP_STALL_CHANNEL_EMPTY_WAIT], 0);
  EXPECT_GT(slow.stats.stall_cycles[PTOWSP_STALL_CHANNEL_FULL_WAIT], 0);
  EXPECT_GT(slow.processes[2].stall_cycles[PTOWSP_STALL_CHANNEL_EMPTY_WAIT], 0);
  EXPECT_STREQ(ptowsp_stall_reason_name(PTOWSP_STALL_CHANNEL_EMPTY_WAIT), "CHANNEL_EMPTY_WAIT");
  EXPECT_STREQ(ptowsp_stall_reason_name(PTOWSP_STALL_CHANNEL_FULL_WAIT), "CHANNEL_FULL_WAIT");
}

TEST(TaskRuntimeChannel, SimulatedTimeIsDeterministic) {
  PipelineRun reference = runPipeline(16, 37, 1);
  for (int32_t threads : {1, 2, 4})
    for (int repeat = 0; repeat < (threads == 2 ? 10 : 2); ++repeat) {
      PipelineRun run = runPipeline(16, 37, threads);
      ASSERT_EQ(run.makespan, reference.makespan);
      for (size_t p = 0; p < run.processes.size(); ++p) {
        EXPECT_EQ(run.processes[p].end_cycle, reference.processes[p].end_cycle);
        for (int r = 0; r < PTOWSP_STALL_REASONS; ++r)
          EXPECT_EQ(run.processes[p].stall_cycles[r], reference.processes[p].stall_cycles[r]);
      }
    }
}

struct FanInCtx {
  int32_t channel = -1;
  Matrix m{4, 8};
};

void fanInProducer(ptowsp_runtime *rt, int64_t instance, void *user) {
  auto *ctx = static_cast<FanInCtx *>(user);
  for (int64_t k = 0; k < 8; ++k) {
    ASSERT_EQ(Task("produce", affineKernel, 30 + 10 * instance)
                  .view(ctx->m, instance, k, 1, 1, PTOWSP_ACCESS_READWRITE)
                  .i64(1)
                  .i64(1)
                  .submit(rt),
              PTOWSP_OK);
    int64_t payload = instance * 8 + k;
    ASSERT_EQ(ptowsp_send(rt, ctx->channel, &payload), PTOWSP_OK);
  }
  ASSERT_EQ(ptowsp_close(rt, ctx->channel), PTOWSP_OK);
}

void fanInConsumer(ptowsp_runtime *rt, int64_t, void *user) {
  auto *ctx = static_cast<FanInCtx *>(user);
  for (;;) {
    int64_t payload;
    int32_t got;
    ASSERT_EQ(ptowsp_recv(rt, ctx->channel, &payload, &got), PTOWSP_OK);
    if (!got)
      return;
    ASSERT_EQ(Task("consume", nopKernel, 20).submit(rt), PTOWSP_OK);
  }
}

std::vector<std::pair<int64_t, int64_t>> fanInTimeline(int32_t hostThreads) {
  ptowsp_config c = config(hostThreads, 2, 0, 4, 5, 3);
  c.channel_latency_cycles = 11;
  Runtime rt(c);
  FanInCtx ctx;
  EXPECT_GE(ctx.m.add(rt, "m"), 0);
  ctx.channel = ptowsp_channel(rt, "merge", 2, 3, 1);
  EXPECT_EQ(ptowsp_spawn(rt, "consumer", 1, fanInConsumer, &ctx), PTOWSP_OK);
  EXPECT_EQ(ptowsp_spawn(rt, "producer", 3, fanInProducer, &ctx), PTOWSP_OK);
  EXPECT_EQ(ptowsp_finish(rt), PTOWSP_OK) << rt.error(); // joins implicitly
  // Task ids depend on the host interleaving; the multiset of (start, end)
  // of the simulated tasks does not.
  std::vector<std::pair<int64_t, int64_t>> times;
  ptowsp_stats s = rt.stats();
  for (int64_t t = 0; t < s.tasks; ++t) {
    ptowsp_task_time tt = rt.time(t);
    times.push_back({tt.start_cycle, tt.end_cycle});
  }
  std::sort(times.begin(), times.end());
  times.push_back({s.total_cycles, 0});
  return times;
}

TEST(TaskRuntimeChannel, FanInSimulationIsDeterministic) {
  auto reference = fanInTimeline(1);
  EXPECT_EQ(reference.size(), 3u * 8 + 3 * 8 + 1);
  for (int repeat = 0; repeat < 10; ++repeat)
    EXPECT_EQ(fanInTimeline(repeat % 2 ? 2 : 4), reference) << "repeat " << repeat;
}

TEST(TaskRuntimeChannel, ProcessesAppearInTheTrace) {
  std::string path = tempPath("trace.json");
  runPipeline(4, 1000, 2, path.c_str());
  std::string trace = readFile(path);
  EXPECT_NE(trace.find("\"name\":\"processes\""), std::string::npos);
  EXPECT_NE(trace.find("\"name\":\"compute[0]\""), std::string::npos);
  EXPECT_NE(trace.find("\"name\":\"recv 'c1'\""), std::string::npos);
  EXPECT_NE(trace.find("\"name\":\"send 'c1'\""), std::string::npos);
  EXPECT_NE(trace.find("\"name\":\"submit store\""), std::string::npos);
  std::remove(path.c_str());
}

//===----------------------------------------------------------------------===//
// Fan-out: work follows tokens
//===----------------------------------------------------------------------===//

struct FanOutCtx {
  int64_t n = 0;
  int32_t work = -1, results = -1;
  std::mutex mutex;
  std::set<std::vector<int64_t>> hostAssignment; // the values each replica received
};

int64_t tokenCycles(int64_t v) { return 100 * (v % 3) + 50; }

void randomSleep() {
  thread_local std::mt19937 rng(std::random_device{}());
  std::this_thread::sleep_for(std::chrono::microseconds(rng() % 300));
}

void fanOutProducer(ptowsp_runtime *rt, int64_t, void *user) {
  auto *ctx = static_cast<FanOutCtx *>(user);
  for (int64_t v = 0; v < ctx->n; ++v)
    ASSERT_EQ(ptowsp_send(rt, ctx->work, &v), PTOWSP_OK);
  ASSERT_EQ(ptowsp_close(rt, ctx->work), PTOWSP_OK);
}

/// A replica: per token, a task whose cost depends on the token, then a
/// result on the fan-in channel.
void fanOutWorker(ptowsp_runtime *rt, int64_t, void *user) {
  auto *ctx = static_cast<FanOutCtx *>(user);
  std::vector<int64_t> values;
  for (;;) {
    int64_t v;
    int32_t got;
    ASSERT_EQ(ptowsp_recv(rt, ctx->work, &v, &got), PTOWSP_OK);
    if (!got)
      break;
    randomSleep();
    ASSERT_EQ(Task("work", nopKernel, tokenCycles(v)).submit(rt), PTOWSP_OK);
    int64_t result = v * 10;
    ASSERT_EQ(ptowsp_send(rt, ctx->results, &result), PTOWSP_OK);
    values.push_back(v);
  }
  {
    std::lock_guard<std::mutex> lock(ctx->mutex);
    ctx->hostAssignment.insert(values);
  }
  ASSERT_EQ(ptowsp_close(rt, ctx->results), PTOWSP_OK);
}

/// A collector (possibly replicated: a downstream fan-out of tokens sent
/// inside moved segments).
void fanOutCollector(ptowsp_runtime *rt, int64_t, void *user) {
  auto *ctx = static_cast<FanOutCtx *>(user);
  for (;;) {
    int64_t r;
    int32_t got;
    ASSERT_EQ(ptowsp_recv(rt, ctx->results, &r, &got), PTOWSP_OK);
    if (!got)
      return;
    randomSleep();
    ASSERT_EQ(Task("collect", nopKernel, 20 + r % 7).submit(rt), PTOWSP_OK);
  }
}

struct FanOutRun {
  int64_t totalCycles = 0;
  std::vector<std::vector<int64_t>> processes; // end, tasks, sends, receives, stall cycles
  std::vector<std::vector<int64_t>> channels;  // tokens, high water, empty/full wait cycles
  std::vector<std::pair<int64_t, int64_t>> taskTimes; // sorted (start, end)
  std::set<std::vector<int64_t>> assignment;   // host: the values each replica received
};

FanOutRun runFanOut(int32_t hostThreads, int64_t collectors) {
  ptowsp_config c = config(hostThreads, 1, 0, 2, 0, 10);
  c.channel_latency_cycles = 7;
  Runtime rt(c);
  FanOutCtx ctx;
  ctx.n = 24;
  ctx.work = ptowsp_channel(rt, "work", 2, 1, 1);
  ctx.results = ptowsp_channel(rt, "results", 3, 4, 1);
  EXPECT_GE(ctx.work, 0);
  EXPECT_GE(ctx.results, 0);
  EXPECT_EQ(ptowsp_spawn(rt, "producer", 1, fanOutProducer, &ctx), PTOWSP_OK);
  EXPECT_EQ(ptowsp_spawn(rt, "worker", 4, fanOutWorker, &ctx), PTOWSP_OK);
  EXPECT_EQ(ptowsp_spawn(rt, "collector", collectors, fanOutCollector, &ctx), PTOWSP_OK);
  EXPECT_EQ(ptowsp_finish(rt), PTOWSP_OK) << rt.error();
  FanOutRun run;
  ptowsp_stats s = rt.stats();
  run.totalCycles = s.total_cycles;
  EXPECT_EQ(s.tasks, 2 * ctx.n);
  for (int64_t i = 0; i < ptowsp_num_process_instances(rt); ++i) {
    ptowsp_process_stats ps{};
    EXPECT_EQ(ptowsp_get_process_stats(rt, i, &ps), PTOWSP_OK);
    std::vector<int64_t> row = {ps.end_cycle, ps.tasks, ps.sends, ps.receives};
    for (int r = 0; r < PTOWSP_STALL_REASONS; ++r)
      row.push_back(ps.stall_cycles[r]);
    run.processes.push_back(row);
  }
  for (int32_t ch : {ctx.work, ctx.results}) {
    ptowsp_channel_stats cs{};
    EXPECT_EQ(ptowsp_get_channel_stats(rt, ch, &cs), PTOWSP_OK);
    run.channels.push_back({cs.tokens, cs.high_water, cs.empty_wait_cycles, cs.full_wait_cycles});
  }
  for (int64_t t = 0; t < s.tasks; ++t) {
    ptowsp_task_time tt = rt.time(t);
    run.taskTimes.push_back({tt.start_cycle, tt.end_cycle});
  }
  std::sort(run.taskTimes.begin(), run.taskTimes.end());
  run.assignment = ctx.hostAssignment;
  return run;
}

TEST(TaskRuntimeChannel, FanOutSimulationFollowsTokens) {
  for (int64_t collectors : {1, 2}) {
    SCOPED_TRACE(std::to_string(collectors) + " collectors");
    FanOutRun reference = runFanOut(1, collectors);
    std::set<std::set<std::vector<int64_t>>> assignments = {reference.assignment};
    for (int repeat = 0; repeat < 20; ++repeat) {
      int32_t threads = repeat % 3 == 0 ? 1 : repeat % 3 == 1 ? 2 : 4;
      FanOutRun run = runFanOut(threads, collectors);
      assignments.insert(run.assignment);
      ASSERT_EQ(run.totalCycles, reference.totalCycles) << "repeat " << repeat;
      EXPECT_EQ(run.processes, reference.processes) << "repeat " << repeat;
      EXPECT_EQ(run.channels, reference.channels) << "repeat " << repeat;
      EXPECT_EQ(run.taskTimes, reference.taskTimes) << "repeat " << repeat;
    }
    // The host handed the tokens to the replicas differently across runs.
    std::printf("[ info ] %zu distinct host token assignments in 21 runs, total_cycles %lld\n",
                assignments.size(), static_cast<long long>(reference.totalCycles));
  }
}

} // namespace
