//===- WindowTest.cpp - cpu_sim task runtime: task window, start gate, slot reads ===//
//
// Part of PTO-WSP. Submission.cpp: the task window (stall bounds tasks in flight, abort
// refuses), the start gate a blocked orchestrator releases, and slot reads.
//
//===----------------------------------------------------------------------===//

#include "TaskRuntimeTestSupport.h"

#include <algorithm>
#include <cstring>

using namespace ptowsp_test;

namespace {

//===----------------------------------------------------------------------===//
// Task window and deadlock detection
//===----------------------------------------------------------------------===//

TEST(TaskRuntimeWindow, StallBoundsTasksInFlight) {
  ptowsp_config c = config(2, 2, 2, 8);
  c.window_size = 3;
  Runtime rt(c);
  for (int i = 0; i < 12; ++i)
    ASSERT_EQ(Task("sleep", sleepKernel).i64(2000).submit(rt), PTOWSP_OK) << rt.error();
  ASSERT_EQ(ptowsp_finish(rt), PTOWSP_OK) << rt.error();
  ptowsp_stats s = rt.stats();
  EXPECT_LE(s.host_window_high_water, 3);
  EXPECT_GT(s.host_stalls[PTOWSP_STALL_TASK_RING_FULL], 0);
  // The simulated orchestrator obeys the same window: 12 independent tasks,
  // 8 free cores, at most 3 in flight -> 4 rounds of 100 cycles.
  EXPECT_EQ(s.window_high_water, 3);
  EXPECT_EQ(s.total_cycles, 400);
  EXPECT_EQ(s.stalls[PTOWSP_STALL_TASK_RING_FULL], 3);
  EXPECT_EQ(s.stall_cycles[PTOWSP_STALL_TASK_RING_FULL], 300);
}

TEST(TaskRuntimeWindow, AbortRefusesTheTaskAndKeepsTheRuntimeUsable) {
  ptowsp_config c = config(2);
  c.window_size = 2;
  c.window_mode = PTOWSP_WINDOW_ABORT;
  c.start = PTOWSP_START_AFTER_ORCHESTRATION; // nothing finishes before wait_all
  Runtime rt(c);
  Matrix m(1, 4);
  m.add(rt, "M");
  for (int i = 0; i < 2; ++i)
    ASSERT_EQ(Task("inc", affineKernel).view(m, 0, i, 1, 1, RW).i64(1).i64(1).submit(rt),
              PTOWSP_OK);
  int64_t id = 77;
  EXPECT_EQ(Task("inc", affineKernel).view(m, 0, 2, 1, 1, RW).i64(1).i64(1).submit(rt, &id),
            PTOWSP_ERR_WINDOW_ABORT);
  EXPECT_EQ(id, 77);
  EXPECT_TRUE(contains(rt.error(), "task window full")) << rt.error();
  EXPECT_TRUE(contains(rt.error(), "window_size 2, mode abort")) << rt.error();
  ASSERT_EQ(ptowsp_wait_all(rt), PTOWSP_OK) << rt.error();
  ASSERT_EQ(Task("inc", affineKernel).view(m, 0, 2, 1, 1, RW).i64(1).i64(1).submit(rt, &id),
            PTOWSP_OK);
  EXPECT_EQ(id, 2);
  ASSERT_EQ(ptowsp_finish(rt), PTOWSP_OK) << rt.error();
  EXPECT_EQ(m.data, (std::vector<int64_t>{1, 1, 1, 0}));
}

// A blocked orchestrator cannot make progress by itself, so whatever the
// start policy holds back starts: a window smaller than the workload, or a
// slot read of a value the workload writes, must drain rather than deadlock.
TEST(TaskRuntimeStartGate, FullWindowReleasesTasksHeldByStartPolicy) {
  ptowsp_config c = config(2);
  c.window_size = 1;
  c.start = PTOWSP_START_AFTER_ORCHESTRATION;
  Runtime rt(c);
  ASSERT_EQ(Task("first").at({0}).submit(rt), PTOWSP_OK);
  ASSERT_EQ(Task("second").at({1}).submit(rt), PTOWSP_OK) << rt.error();
  ASSERT_EQ(ptowsp_finish(rt), PTOWSP_OK) << rt.error();
  ptowsp_stats s;
  ASSERT_EQ(ptowsp_get_stats(rt, &s), PTOWSP_OK);
  EXPECT_EQ(s.tasks, 2);
  EXPECT_EQ(s.window_high_water, 1);
  EXPECT_GE(s.stalls[PTOWSP_STALL_TASK_RING_FULL], 1);
}

TEST(TaskRuntimeStartGate, SlotReadReleasesTheWriterHeldByStartPolicy) {
  for (ptowsp_start start : {PTOWSP_START_AFTER_ORCHESTRATION, PTOWSP_START_THRESHOLD}) {
    ptowsp_config c = config(2);
    c.start = start;
    if (start == PTOWSP_START_THRESHOLD)
      c.start_threshold = 3;
    Runtime rt(c);
    std::vector<int64_t> flag(1, 0);
    int64_t dims[1] = {1};
    int32_t tensor = ptowsp_tensor(rt, flag.data(), 8, 1, dims, "flag");
    ASSERT_EQ(Task("set_flag", storeKernel)
                  .pointerView(flag.data(), 1, 1, 1)
                  .i64(5)
                  .i64(8)
                  .region(tensor, W, {0}, {1})
                  .submit(rt),
              PTOWSP_OK);
    int64_t index[1] = {0}, value = -1;
    EXPECT_EQ(ptowsp_load_i64(rt, tensor, index, &value), PTOWSP_OK) << rt.error();
    EXPECT_EQ(value, 5);
    EXPECT_EQ(ptowsp_finish(rt), PTOWSP_OK) << rt.error();
  }
}

//===----------------------------------------------------------------------===//
// Slot reads
//===----------------------------------------------------------------------===//

TEST(TaskRuntimeSlots, LoadWaitsForTheWriterAndDrivesControlFlow) {
  for (ptowsp_deps deps : {PTOWSP_DEPS_OVERLAP, PTOWSP_DEPS_EXACT, PTOWSP_DEPS_EXPLICIT}) {
    ptowsp_config c = config(2);
    c.deps = deps;
    Runtime rt(c);
    std::vector<int32_t> flags32(4, 0);
    std::vector<int64_t> flags64(4, 0);
    int64_t dims[1] = {4};
    int32_t t32 = ptowsp_tensor(rt, flags32.data(), 4, 1, dims, "flags32");
    int32_t t64 = ptowsp_tensor(rt, flags64.data(), 8, 1, dims, "flags64");
    auto store = [&](int32_t tensor, void *at, int64_t value, int64_t bytes, int64_t index,
                     int64_t sleepUs = 0) {
      ASSERT_EQ(Task("store", sleepThenStoreKernel)
                    .pointerView(at, 1, 1, 1)
                    .i64(value)
                    .i64(bytes)
                    .i64(sleepUs)
                    .region(tensor, W, {index}, {1})
                    .submit(rt),
                PTOWSP_OK)
          << rt.error();
    };
    // A slow writer, so that the load really has to wait.
    store(t32, &flags32[2], -7, 4, 2, 20000);
    store(t64, &flags64[1], int64_t(-1), 8, 1); // u64 max, same bits
    int64_t index[1] = {2}, value = 0;
    ASSERT_EQ(ptowsp_load_i64(rt, t32, index, &value), PTOWSP_OK) << rt.error();
    EXPECT_EQ(value, -7);
    index[0] = 1;
    ASSERT_EQ(ptowsp_load_i64(rt, t64, index, &value), PTOWSP_OK) << rt.error();
    EXPECT_EQ(static_cast<uint64_t>(value), UINT64_MAX);
    // Data-dependent control: submit more only if the flag says so.
    if (value != 0)
      store(t64, &flags64[3], 42, 8, 3);
    index[0] = 3;
    ASSERT_EQ(ptowsp_load_i64(rt, t64, index, &value), PTOWSP_OK) << rt.error();
    EXPECT_EQ(value, 42);
    index[0] = 4;
    EXPECT_EQ(ptowsp_load_i64(rt, t64, index, &value), PTOWSP_ERR_OUT_OF_BOUNDS);
    EXPECT_TRUE(contains(rt.error(), "out of bounds of tensor 'flags64' of shape [4]"))
        << rt.error();
    ASSERT_EQ(ptowsp_finish(rt), PTOWSP_OK) << rt.error();
    EXPECT_EQ(rt.stats().host_stalls[PTOWSP_STALL_SLOT_WAIT] > 0, true);
  }
}

TEST(TaskRuntimeSlots, OnlyFourAndEightByteElementsAreSlots) {
  Runtime rt(config());
  std::vector<int16_t> halfs(4);
  int64_t dims[1] = {4}, index[1] = {0}, value;
  int32_t t = ptowsp_tensor(rt, halfs.data(), 2, 1, dims, "h");
  EXPECT_EQ(ptowsp_load_i64(rt, t, index, &value), PTOWSP_ERR_INVALID);
  EXPECT_TRUE(contains(rt.error(), "2-byte elements")) << rt.error();
}

} // namespace
