//===- SimulatorTest.cpp - cpu_sim runtime: simulated timeline ------------===//
//
// Part of PTO-WSP. Simulator: every schedule knob (dispatch, ready policy,
// pools, start policy, window, streams, waits) changes the simulated timeline
// the way a hand derivation says, and the timeline is identical for every
// host thread count and run.
//
// Unless stated, machines have no dispatch or submit overhead, tasks are
// vector tasks of 100 cycles, and the clock is 1 GHz (1 cycle = 1 ns).
//
//===----------------------------------------------------------------------===//

#include "TaskRuntimeTestSupport.h"

#include <functional>
#include <map>
#include <memory>

using namespace ptowsp_test;

namespace {

//===----------------------------------------------------------------------===//
// Dispatch
//===----------------------------------------------------------------------===//

TEST(TaskRuntimeSchedule, RoundRobinTargetsSpreadOverSchedulers) {
  // 4 schedulers with one vector core each; round_robin(n) uses n of them.
  ptowsp_config c = config(2, 4, 0, 4);
  const int64_t expected[] = {0, 400, 200, 200, 100};
  for (int32_t n = 1; n <= 4; ++n) {
    c.dispatch_targets = n;
    Outcome out = runScenario(c, independent(4));
    ASSERT_EQ(out.status, PTOWSP_OK) << out.error;
    EXPECT_EQ(out.totalCycles, expected[n]) << "round_robin(" << n << ")";
    for (int64_t t = 0; t < 4; ++t)
      EXPECT_EQ(out.scheduler(t), t % n);
  }
  c.dispatch_targets = 0; // all
  EXPECT_EQ(runScenario(c, independent(4)).totalCycles, 100);
}

TEST(TaskRuntimeSchedule, DispatchOverheadSerialisesEachScheduler) {
  // One scheduler, 4 free cores, 10 cycles per dispatch: kernels start at
  // 10, 20, 30, 40.
  Outcome out = runScenario(config(2, 1, 0, 4, 10), independent(4));
  ASSERT_EQ(out.status, PTOWSP_OK) << out.error;
  for (int64_t t = 0; t < 4; ++t) {
    EXPECT_EQ(out.start(t), 10 * (t + 1));
    EXPECT_EQ(out.end(t), 10 * (t + 1) + 100);
  }
  EXPECT_EQ(out.totalCycles, 140);
  // Two schedulers with 2 cores each dispatch in parallel: 20 + 100.
  EXPECT_EQ(runScenario(config(2, 2, 0, 4, 10), independent(4)).totalCycles, 120);
  // round_robin(1) vs round_robin(2) on one core per scheduler: the core is
  // reserved during dispatch, so each task costs 110 on its scheduler.
  ptowsp_config c = config(2, 2, 0, 2, 10);
  c.dispatch_targets = 1;
  EXPECT_EQ(runScenario(c, independent(4)).totalCycles, 440);
  c.dispatch_targets = 2;
  EXPECT_EQ(runScenario(c, independent(4)).totalCycles, 220);
}

TEST(TaskRuntimeSchedule, AffinityHashAndCustomPlaceByKey) {
  ptowsp_config c = config(2, 4, 0, 4);
  auto keyed = [](ptowsp_runtime *rt) {
    for (int64_t key : {0, 1, 5, -1, 6, 1})
      submitOk(rt, Task("t").key(key));
  };
  c.dispatch = PTOWSP_DISPATCH_AFFINITY;
  Outcome affinity = runScenario(c, keyed);
  ASSERT_EQ(affinity.status, PTOWSP_OK) << affinity.error;
  const int32_t expected[] = {0, 1, 1, 3, 2, 1}; // key mod 4, never negative
  for (int64_t t = 0; t < 6; ++t)
    EXPECT_EQ(affinity.scheduler(t), expected[t]);
  EXPECT_EQ(affinity.schedulerTasks, (std::vector<int64_t>{1, 3, 1, 1}));
  // Three tasks on scheduler 1's single core run one after another.
  EXPECT_EQ(affinity.totalCycles, 300);

  c.dispatch = PTOWSP_DISPATCH_HASH;
  Outcome hash = runScenario(c, keyed);
  ASSERT_EQ(hash.status, PTOWSP_OK) << hash.error;
  EXPECT_EQ(hash.scheduler(1), hash.scheduler(5)); // equal keys, same scheduler
  bool differs = false;
  for (int64_t t = 0; t < 6; ++t) {
    EXPECT_GE(hash.scheduler(t), 0);
    EXPECT_LT(hash.scheduler(t), 4);
    differs |= hash.scheduler(t) != affinity.scheduler(t);
  }
  EXPECT_TRUE(differs) << "hash must not be the identity (affinity)";

  c.dispatch = PTOWSP_DISPATCH_CUSTOM;
  Outcome custom = runScenario(c, [](ptowsp_runtime *rt) {
    for (int64_t key : {3, 3, 0})
      submitOk(rt, Task("t").key(key));
  });
  ASSERT_EQ(custom.status, PTOWSP_OK) << custom.error;
  EXPECT_EQ(custom.scheduler(0), 3);
  EXPECT_EQ(custom.scheduler(2), 0);
  EXPECT_EQ(custom.totalCycles, 200);
}

TEST(TaskRuntimeSchedule, WorkStealDispatchBalancesUnequalTasks) {
  // Durations 300, 100, 100, 100 on 2 schedulers with one core each.
  auto body = [](ptowsp_runtime *rt) {
    for (int64_t cycles : {300, 100, 100, 100})
      submitOk(rt, Task("t", nopKernel, cycles));
  };
  ptowsp_config c = config(2, 2, 0, 2);
  Outcome roundRobin = runScenario(c, body); // s0: 300 + 100, s1: 100 + 100
  EXPECT_EQ(roundRobin.totalCycles, 400);
  c.dispatch = PTOWSP_DISPATCH_WORK_STEAL; // s1 takes tasks 1, 2, 3
  Outcome stealing = runScenario(c, body);
  ASSERT_EQ(stealing.status, PTOWSP_OK) << stealing.error;
  EXPECT_EQ(stealing.totalCycles, 300);
  EXPECT_EQ(stealing.schedulerTasks, (std::vector<int64_t>{1, 3}));
}

//===----------------------------------------------------------------------===//
// Ready policy and pools
//===----------------------------------------------------------------------===//

/// The kernel names of the trace's task events, in trace order.
std::vector<std::string> traceOrder(const std::string &trace) {
  std::vector<std::string> names;
  size_t at = 0;
  const std::string marker = "\"cat\":\"task\"";
  while ((at = trace.find(marker, at)) != std::string::npos) {
    size_t begin = trace.rfind("{\"name\":\"", at) + 9;
    names.push_back(trace.substr(begin, trace.find('"', begin) - begin));
    at += marker.size();
  }
  return names;
}

TEST(TaskRuntimeSchedule, PriorityOrderShowsInTheTimelineAndTrace) {
  // One scheduler, one core; all tasks become ready together at the end of
  // orchestration, then run one at a time in ready-policy order.
  ptowsp_config c = config(2, 1, 0, 1);
  c.start = PTOWSP_START_AFTER_ORCHESTRATION;
  const char *names[] = {"p1", "p5", "p3", "p9"};
  const int64_t priorities[] = {1, 5, 3, 9};
  c.ready = PTOWSP_READY_PRIORITY;
  Outcome prio = runScenario(
      c,
      [&](ptowsp_runtime *rt) {
        for (int i = 0; i < 4; ++i)
          submitOk(rt, Task(names[i]).priority(priorities[i]));
      },
      true);
  ASSERT_EQ(prio.status, PTOWSP_OK) << prio.error;
  EXPECT_EQ(prio.start(3), 0);
  EXPECT_EQ(prio.start(1), 100);
  EXPECT_EQ(prio.start(2), 200);
  EXPECT_EQ(prio.start(0), 300);
  EXPECT_EQ(traceOrder(prio.trace), (std::vector<std::string>{"p9", "p5", "p3", "p1"}));

  c.ready = PTOWSP_READY_FIFO;
  Outcome fifo = runScenario(
      c,
      [&](ptowsp_runtime *rt) {
        for (int i = 0; i < 4; ++i)
          submitOk(rt, Task(names[i]));
      },
      true);
  ASSERT_EQ(fifo.status, PTOWSP_OK) << fifo.error;
  EXPECT_EQ(traceOrder(fifo.trace), (std::vector<std::string>{"p1", "p5", "p3", "p9"}));
}

TEST(TaskRuntimeSchedule, ReadyWorkStealingLetsIdleSchedulersSteal) {
  // round_robin(2), one core each: scheduler 0 gets 300, 100, 100 and
  // scheduler 1 gets 100, 100, 100.
  auto body = [](ptowsp_runtime *rt) {
    for (int64_t cycles : {300, 100, 100, 100, 100, 100})
      submitOk(rt, Task("t", nopKernel, cycles));
  };
  ptowsp_config c = config(2, 2, 0, 2);
  EXPECT_EQ(runScenario(c, body).totalCycles, 500);
  c.ready = PTOWSP_READY_WORK_STEAL; // at 300 scheduler 1 steals task 4
  Outcome out = runScenario(c, body);
  ASSERT_EQ(out.status, PTOWSP_OK) << out.error;
  EXPECT_EQ(out.totalCycles, 400);
  EXPECT_EQ(out.scheduler(4), 1);
  EXPECT_EQ(out.start(4), 300);
}

TEST(TaskRuntimeSchedule, SinglePoolBlocksBehindABusyUnit) {
  // One scheduler with 1 cube + 1 vector core: cube 100, cube 100, vector 300.
  auto body = [](ptowsp_runtime *rt) {
    submitOk(rt, Task("mm0", nopKernel, 100).cube());
    submitOk(rt, Task("mm1", nopKernel, 100).cube());
    submitOk(rt, Task("vec", nopKernel, 300));
  };
  ptowsp_config c = config(2, 1, 1, 1);
  Outcome byUnit = runScenario(c, body); // the vector task runs at once
  ASSERT_EQ(byUnit.status, PTOWSP_OK) << byUnit.error;
  EXPECT_EQ(byUnit.start(2), 0);
  EXPECT_EQ(byUnit.totalCycles, 300);
  EXPECT_EQ(byUnit.stats.stalls[PTOWSP_STALL_HEAD_OF_LINE], 0);
  c.pools = PTOWSP_POOLS_SINGLE; // it waits behind mm1, which waits for the cube core
  Outcome single = runScenario(c, body);
  ASSERT_EQ(single.status, PTOWSP_OK) << single.error;
  EXPECT_EQ(single.start(1), 100);
  EXPECT_EQ(single.start(2), 100);
  EXPECT_EQ(single.totalCycles, 400);
  EXPECT_EQ(single.stats.stalls[PTOWSP_STALL_HEAD_OF_LINE], 1);
  EXPECT_EQ(single.stats.stall_cycles[PTOWSP_STALL_HEAD_OF_LINE], 100);
  // Cube cores come first in the core numbering.
  EXPECT_EQ(single.core(0), 0);
  EXPECT_EQ(single.core(2), 1);
  EXPECT_EQ(single.coreBusy, (std::vector<int64_t>{200, 300}));
  EXPECT_DOUBLE_EQ(single.stats.utilization, (200.0 / 400 + 300.0 / 400) / 2);
}

//===----------------------------------------------------------------------===//
// Start policy, window, streams, waits
//===----------------------------------------------------------------------===//

TEST(TaskRuntimeSchedule, StartPolicyHoldsTasksUntilThresholdOrOrchestrationEnd) {
  // Submitting takes 10 cycles: task i is issued at 10 (i + 1).
  ptowsp_config c = config(2, 1, 0, 4, 0, 10);
  Outcome immediate = runScenario(c, independent(4));
  ASSERT_EQ(immediate.status, PTOWSP_OK) << immediate.error;
  for (int64_t t = 0; t < 4; ++t)
    EXPECT_EQ(immediate.start(t), 10 * (t + 1));

  c.start_threshold = 3; // tasks 0..2 wait for the third submission (30)
  Outcome threshold = runScenario(c, independent(4));
  ASSERT_EQ(threshold.status, PTOWSP_OK) << threshold.error;
  EXPECT_EQ(threshold.start(0), 30);
  EXPECT_EQ(threshold.start(2), 30);
  EXPECT_EQ(threshold.start(3), 40);

  c.start_threshold = 1;
  c.start = PTOWSP_START_AFTER_ORCHESTRATION;
  Outcome after = runScenario(c, [](ptowsp_runtime *rt) {
    independent(2)(rt);
    ASSERT_EQ(ptowsp_wait_all(rt), PTOWSP_OK); // phase 1 ends at 20, runs to 120
    independent(2)(rt);                         // issued at 130, 140
  });
  ASSERT_EQ(after.status, PTOWSP_OK) << after.error;
  EXPECT_EQ(after.start(0), 20);
  EXPECT_EQ(after.start(1), 20);
  EXPECT_EQ(after.start(2), 140);
  EXPECT_EQ(after.start(3), 140);
  EXPECT_EQ(after.totalCycles, 240);
  EXPECT_EQ(after.stats.stalls[PTOWSP_STALL_BARRIER], 1);
  EXPECT_EQ(after.stats.stall_cycles[PTOWSP_STALL_BARRIER], 100);
}

TEST(TaskRuntimeSchedule, WindowDelaysIssue) {
  ptowsp_config c = config(2, 1, 0, 8);
  c.window_size = 2;
  Outcome narrow = runScenario(c, independent(4));
  ASSERT_EQ(narrow.status, PTOWSP_OK) << narrow.error;
  EXPECT_EQ(narrow.start(2), 100);
  EXPECT_EQ(narrow.totalCycles, 200);
  EXPECT_EQ(narrow.stats.window_high_water, 2);
  EXPECT_EQ(narrow.stats.stalls[PTOWSP_STALL_TASK_RING_FULL], 1);
  EXPECT_EQ(narrow.stats.stall_cycles[PTOWSP_STALL_TASK_RING_FULL], 100);
  c.window_size = 8;
  Outcome wide = runScenario(c, independent(4));
  EXPECT_EQ(wide.totalCycles, 100);
  EXPECT_EQ(wide.stats.window_high_water, 4);
  EXPECT_EQ(wide.stats.stalls[PTOWSP_STALL_TASK_RING_FULL], 0);
  // The v9 reference: 4 tasks of 32 cycles, round_robin(2) on one core per
  // scheduler = 64; adding a window of 1 serialises them = 128.
  ptowsp_config v9 = config(2, 2, 0, 2);
  EXPECT_EQ(runScenario(v9, independent(4, 32)).totalCycles, 64);
  v9.window_size = 1;
  EXPECT_EQ(runScenario(v9, independent(4, 32)).totalCycles, 128);
}

TEST(TaskRuntimeSchedule, StreamsSerialiseTheirTasks) {
  ptowsp_config c = config(2, 1, 0, 8);
  EXPECT_EQ(runScenario(c, independent(4)).totalCycles, 100);
  c.streams = 2;
  Outcome out = runScenario(c, [](ptowsp_runtime *rt) {
    for (int i = 0; i < 4; ++i)
      submitOk(rt, Task("t").stream(i % 2));
  });
  ASSERT_EQ(out.status, PTOWSP_OK) << out.error;
  EXPECT_EQ(out.totalCycles, 200);
  EXPECT_EQ(out.start(2), 100);
  EXPECT_EQ(out.start(3), 100);
  EXPECT_EQ(out.stats.edges, 2);
}

TEST(TaskRuntimeSchedule, SlotReadWaitsForItsWriterInSimulatedTime) {
  ptowsp_config c = config(2, 1, 0, 8);
  std::vector<int64_t> flag(1, 0);
  Outcome out = runScenario(c, [&](ptowsp_runtime *rt) {
    int64_t dims[1] = {1}, index[1] = {0}, value = 0;
    int32_t tensor = ptowsp_tensor(rt, flag.data(), 8, 1, dims, "flag");
    submitOk(rt, Task("other", nopKernel, 500)); // not waited for
    ASSERT_EQ(Task("writer", storeKernel, 100)
                  .pointerView(flag.data(), 1, 1, 1)
                  .i64(1)
                  .i64(8)
                  .region(tensor, PTOWSP_ACCESS_WRITE, {0}, {1})
                  .submit(rt),
              PTOWSP_OK);
    ASSERT_EQ(ptowsp_load_i64(rt, tensor, index, &value), PTOWSP_OK);
    ASSERT_EQ(value, 1);
    submitOk(rt, Task("after_load"));
  });
  ASSERT_EQ(out.status, PTOWSP_OK) << out.error;
  EXPECT_EQ(out.start(2), 100);
  EXPECT_EQ(out.totalCycles, 500);
  EXPECT_EQ(out.stats.stalls[PTOWSP_STALL_SLOT_WAIT], 1);
  EXPECT_EQ(out.stats.stall_cycles[PTOWSP_STALL_SLOT_WAIT], 100);
}

TEST(TaskRuntimeSchedule, DependenciesDelayStartsOnTheA2A3Defaults) {
  // Default machine: 4 schedulers, 24 AIC + 48 AIV, 100 dispatch cycles.
  ptowsp_config c;
  ptowsp_config_init(&c);
  c.host_threads = 2;
  Matrix m(4, 4);
  Outcome out = runScenario(c, [&](ptowsp_runtime *rt) {
    m.add(rt, "M");
    submitOk(rt, Task("mm", nopKernel, 1000).cube().view(m, 0, 0, 4, 4, PTOWSP_ACCESS_WRITE));
    submitOk(rt, Task("add", nopKernel, 200).view(m, 0, 0, 2, 2, PTOWSP_ACCESS_READ));
  });
  ASSERT_EQ(out.status, PTOWSP_OK) << out.error;
  EXPECT_EQ(out.start(0), 100);  // dispatched by scheduler 0
  EXPECT_EQ(out.start(1), 1200); // scheduler 1 dispatches at 1100
  EXPECT_EQ(out.totalCycles, 1400);
  EXPECT_EQ(out.core(0), 0);      // AIC 0, owned by scheduler 0
  EXPECT_EQ(out.core(1), 24 + 12); // AIV 12, the first of scheduler 1
  EXPECT_EQ(out.stats.num_cores, 72);
}

//===----------------------------------------------------------------------===//
// Determinism
//===----------------------------------------------------------------------===//

/// A random DAG: 400 tasks over 8 tiles with mixed units, cycles, keys and
/// priorities, a slot read and a barrier in the middle.
void randomWorkload(ptowsp_runtime *rt, Matrix &m, std::vector<int64_t> &flag,
                    const ptowsp_config &c) {
  m.add(rt, "M");
  int64_t dims[1] = {1};
  int32_t flagTensor = ptowsp_tensor(rt, flag.data(), 8, 1, dims, "flag");
  uint64_t seed = 2024;
  auto rnd = [&](int64_t n) {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<int64_t>((seed >> 33) % static_cast<uint64_t>(n));
  };
  for (int i = 0; i < 400; ++i) {
    int64_t row = rnd(8), rows = 1 + rnd(2);
    if (row + rows > 8)
      rows = 1;
    bool writes = rnd(3) != 0;
    Task task(rnd(3) == 0 ? "mm" : "vec", writes ? sleepyAffineKernel : readKernel,
              50 + 50 * rnd(8));
    task.view(m, row, 0, rows, 4, writes ? PTOWSP_ACCESS_READWRITE : PTOWSP_ACCESS_READ)
        .i64(1)
        .i64(1)
        .i64(rnd(8) == 0 ? rnd(30) : 0)
        .at({i / 8, i % 8});
    if (rnd(3) == 0)
      task.cube();
    if (c.ready == PTOWSP_READY_PRIORITY)
      task.priority(rnd(4));
    if (c.dispatch == PTOWSP_DISPATCH_AFFINITY)
      task.key(row);
    submitOk(rt, std::move(task));
    if (i == 150) {
      ASSERT_EQ(Task("flag", storeKernel, 70)
                    .pointerView(flag.data(), 1, 1, 1)
                    .i64(3)
                    .i64(8)
                    .region(flagTensor, PTOWSP_ACCESS_WRITE, {0}, {1})
                    .submit(rt),
                PTOWSP_OK);
      int64_t index[1] = {0}, value = 0;
      ASSERT_EQ(ptowsp_load_i64(rt, flagTensor, index, &value), PTOWSP_OK);
    }
    if (i == 300) {
      ASSERT_EQ(ptowsp_wait_all(rt), PTOWSP_OK);
    }
  }
}

TEST(TaskRuntimeSchedule, TimelineAndTraceAreIdenticalForEveryHostThreadCount) {
  struct Policy {
    ptowsp_dispatch dispatch;
    ptowsp_ready ready;
    ptowsp_pools pools;
  };
  const Policy policies[] = {
      {PTOWSP_DISPATCH_ROUND_ROBIN, PTOWSP_READY_FIFO, PTOWSP_POOLS_BY_UNIT},
      {PTOWSP_DISPATCH_WORK_STEAL, PTOWSP_READY_PRIORITY, PTOWSP_POOLS_SINGLE},
      {PTOWSP_DISPATCH_AFFINITY, PTOWSP_READY_WORK_STEAL, PTOWSP_POOLS_BY_UNIT},
  };
  for (const Policy &policy : policies) {
    std::string reference;
    std::vector<int64_t> referenceData;
    int64_t referenceCycles = -1;
    for (int32_t threads : {1, 2, 8, 8, 1}) {
      ptowsp_config c = config(threads, 2, 2, 4, 7, 3);
      c.dispatch = policy.dispatch;
      c.ready = policy.ready;
      c.pools = policy.pools;
      c.window_size = 32;
      Matrix m(8, 4);
      std::vector<int64_t> flag(1, 0);
      Outcome out = runScenario(c, [&](ptowsp_runtime *rt) { randomWorkload(rt, m, flag, c); }, true);
      ASSERT_EQ(out.status, PTOWSP_OK) << out.error;
      if (reference.empty()) {
        reference = out.trace;
        referenceData = m.data;
        referenceCycles = out.totalCycles;
        EXPECT_GT(out.totalCycles, 0);
        continue;
      }
      EXPECT_EQ(out.totalCycles, referenceCycles) << "threads " << threads;
      EXPECT_TRUE(out.trace == reference) << "trace differs with " << threads << " threads";
      EXPECT_EQ(m.data, referenceData);
    }
  }
}

} // namespace
