//===- StatsTest.cpp - cpu_sim runtime: statistics and per-task times -----===//
//
// Part of PTO-WSP. Finish.cpp's and Channels.cpp's result queries: what they
// refuse before a successful ptowsp_finish and for indices that do not
// exist, and how the statistics add up over cores, schedulers and tasks.
//
//===----------------------------------------------------------------------===//

#include "TaskRuntimeTestSupport.h"

#include <algorithm>
#include <numeric>

using namespace ptowsp_test;

namespace {

TEST(TaskRuntimeStats, ResultsWaitForASuccessfulFinish) {
  Runtime rt(config(2));
  ASSERT_EQ(Task("t").submit(rt), PTOWSP_OK) << rt.error();
  ptowsp_stats stats;
  ptowsp_task_time time;
  ptowsp_process_stats process;
  ptowsp_channel_stats channel;
  EXPECT_EQ(ptowsp_get_stats(rt, &stats), PTOWSP_ERR_INVALID);
  EXPECT_EQ(rt.error(), "ptowsp_get_stats: call ptowsp_finish first");
  EXPECT_EQ(ptowsp_get_stats(rt, nullptr), PTOWSP_ERR_INVALID);
  EXPECT_EQ(rt.error(), "ptowsp_get_stats: out is NULL");
  EXPECT_EQ(ptowsp_get_task_time(rt, 0, &time), PTOWSP_ERR_INVALID);
  EXPECT_TRUE(contains(rt.error(), "ptowsp_get_task_time: no simulated timeline")) << rt.error();
  EXPECT_EQ(ptowsp_get_process_stats(rt, 0, &process), PTOWSP_ERR_INVALID);
  EXPECT_TRUE(contains(rt.error(), "ptowsp_get_process_stats: call ptowsp_finish first"))
      << rt.error();
  EXPECT_EQ(ptowsp_get_channel_stats(rt, 0, &channel), PTOWSP_ERR_INVALID);
  EXPECT_TRUE(contains(rt.error(), "ptowsp_get_channel_stats: call ptowsp_finish first"))
      << rt.error();

  ASSERT_EQ(ptowsp_finish(rt), PTOWSP_OK) << rt.error();
  EXPECT_EQ(ptowsp_get_stats(rt, &stats), PTOWSP_OK) << rt.error();
  EXPECT_EQ(ptowsp_get_task_time(rt, 0, &time), PTOWSP_OK) << rt.error();
  for (int64_t task : {int64_t(-1), int64_t(1)}) {
    EXPECT_EQ(ptowsp_get_task_time(rt, task, &time), PTOWSP_ERR_INVALID);
    EXPECT_EQ(rt.error(),
              "ptowsp_get_task_time: task " + std::to_string(task) + " does not exist");
  }
  EXPECT_EQ(ptowsp_get_task_time(rt, 0, nullptr), PTOWSP_ERR_INVALID);
  EXPECT_EQ(rt.error(), "ptowsp_get_task_time: out is NULL");
  EXPECT_EQ(ptowsp_get_process_stats(rt, 0, &process), PTOWSP_ERR_INVALID);
  EXPECT_EQ(rt.error(), "ptowsp_get_process_stats: no process instance 0");
  EXPECT_EQ(ptowsp_get_channel_stats(rt, 0, &channel), PTOWSP_ERR_INVALID);
  EXPECT_EQ(rt.error(), "ptowsp_get_channel_stats: channel 0 does not exist");
  EXPECT_EQ(ptowsp_num_process_instances(rt), 0);
}

TEST(TaskRuntimeStats, AFailedRunHasNoStatistics) {
  Runtime rt(config(2));
  ASSERT_EQ(Task("checksum", failKernel).submit(rt), PTOWSP_OK) << rt.error();
  EXPECT_EQ(ptowsp_finish(rt), PTOWSP_ERR_KERNEL);
  std::string failure = rt.error();
  ptowsp_stats stats;
  EXPECT_EQ(ptowsp_get_stats(rt, &stats), PTOWSP_ERR_INVALID);
  EXPECT_EQ(rt.error(), "ptowsp_get_stats: no statistics, the run failed: " + failure);
  // finish keeps reporting the same failure.
  EXPECT_EQ(ptowsp_finish(rt), PTOWSP_ERR_KERNEL);
  EXPECT_EQ(rt.error(), failure);
}

TEST(TaskRuntimeStats, CountsAddUpOverCoresSchedulersAndTasks) {
  // 2 schedulers over 2 cube and 4 vector cores; a chain of two vector tasks
  // on one tile, two independent vector tasks and a cube task.
  ptowsp_config c = config(2, 2, 2, 4);
  Runtime rt(c);
  Matrix m(2, 2);
  m.add(rt, "M");
  const int64_t cycles[] = {100, 150, 200, 250, 300};
  ASSERT_EQ(Task("first", nopKernel, cycles[0]).view(m, 0, 0, 1, 2, RW).submit(rt), PTOWSP_OK);
  ASSERT_EQ(Task("second", nopKernel, cycles[1]).view(m, 0, 0, 1, 2, RW).submit(rt), PTOWSP_OK);
  ASSERT_EQ(Task("other", nopKernel, cycles[2]).view(m, 1, 0, 1, 2, RW).submit(rt), PTOWSP_OK);
  ASSERT_EQ(Task("free", nopKernel, cycles[3]).submit(rt), PTOWSP_OK);
  ASSERT_EQ(Task("mm", nopKernel, cycles[4]).cube().submit(rt), PTOWSP_OK);
  ASSERT_EQ(ptowsp_finish(rt), PTOWSP_OK) << rt.error();

  ptowsp_stats s = rt.stats();
  EXPECT_EQ(s.tasks, 5);
  EXPECT_EQ(s.edges, 1);
  EXPECT_EQ(s.num_cores, 6);
  EXPECT_EQ(s.num_schedulers, 2);
  std::vector<int64_t> busy(s.core_busy_cycles, s.core_busy_cycles + s.num_cores);
  std::vector<int64_t> dispatched(s.scheduler_tasks, s.scheduler_tasks + s.num_schedulers);
  EXPECT_EQ(std::accumulate(dispatched.begin(), dispatched.end(), int64_t(0)), 5);
  EXPECT_EQ(std::accumulate(busy.begin(), busy.end(), int64_t(0)), 100 + 150 + 200 + 250 + 300);
  double utilization = 0;
  for (int64_t b : busy)
    utilization += static_cast<double>(b) / static_cast<double>(s.total_cycles);
  EXPECT_DOUBLE_EQ(s.utilization, utilization / 6);

  int64_t makespan = 0;
  std::vector<int64_t> busyFromTimes(6, 0);
  for (int64_t t = 0; t < 5; ++t) {
    ptowsp_task_time time = rt.time(t);
    EXPECT_EQ(time.end_cycle - time.start_cycle, cycles[t]) << "task " << t;
    ASSERT_GE(time.core, 0);
    ASSERT_LT(time.core, 6);
    EXPECT_EQ(time.core < 2, t == 4) << "cube cores come first; only task 4 is a cube task";
    EXPECT_GE(time.scheduler, 0);
    EXPECT_LT(time.scheduler, 2);
    busyFromTimes[static_cast<size_t>(time.core)] += cycles[t];
    makespan = std::max(makespan, time.end_cycle);
  }
  EXPECT_EQ(busyFromTimes, busy);
  EXPECT_EQ(s.total_cycles, makespan);
  EXPECT_GE(rt.time(1).start_cycle, rt.time(0).end_cycle); // the edge orders the chain
  EXPECT_GE(s.window_high_water, 1);
  EXPECT_GE(s.wall_seconds, 0.0);
  EXPECT_GE(s.simulate_seconds, 0.0);
}

} // namespace
