//===- RuntimeApiTest.cpp - cpu_sim task runtime: configuration and validation ===//
//
// Part of PTO-WSP. Runtime.cpp and Submission.cpp: the configuration (defaults, every
// invalid field rejected with its name), status names, and the validation of
// tasks and tensors at submission.
//
//===----------------------------------------------------------------------===//

#include "TaskRuntimeTestSupport.h"

#include <algorithm>
#include <cstring>

using namespace ptowsp_test;

namespace {

//===----------------------------------------------------------------------===//
// Configuration and validation
//===----------------------------------------------------------------------===//

TEST(TaskRuntimeConfig, DefaultsAreTheA2A3Machine) {
  ptowsp_config c;
  std::memset(&c, 0xab, sizeof c);
  ptowsp_config_init(&c);
  EXPECT_EQ(c.machine.schedulers, 4);
  EXPECT_EQ(c.machine.cube_cores, 24);
  EXPECT_EQ(c.machine.vector_cores, 48);
  EXPECT_EQ(c.machine.dispatch_overhead_cycles, 100);
  EXPECT_EQ(c.machine.submit_overhead_cycles, 0);
  EXPECT_DOUBLE_EQ(c.machine.clock_ghz, 1.85);
  EXPECT_EQ(c.host_threads, 0);
  EXPECT_EQ(c.dispatch, PTOWSP_DISPATCH_ROUND_ROBIN);
  EXPECT_EQ(c.dispatch_targets, 0);
  EXPECT_EQ(c.window_size, 8192);
  EXPECT_EQ(c.window_mode, PTOWSP_WINDOW_STALL);
  EXPECT_EQ(c.deps, PTOWSP_DEPS_OVERLAP);
  EXPECT_EQ(c.ready, PTOWSP_READY_FIFO);
  EXPECT_EQ(c.pools, PTOWSP_POOLS_BY_UNIT);
  EXPECT_EQ(c.start, PTOWSP_START_THRESHOLD);
  EXPECT_EQ(c.start_threshold, 1);
  EXPECT_EQ(c.streams, 0);
  EXPECT_EQ(c.trace_path, nullptr);
  EXPECT_EQ(c.graph_path, nullptr);
  EXPECT_EQ(c.graph_max_tasks, 2000);

  Runtime rt(c);
  EXPECT_EQ(ptowsp_finish(rt), PTOWSP_OK) << rt.error();
  ptowsp_stats s = rt.stats();
  EXPECT_EQ(s.total_cycles, 0);
  EXPECT_EQ(s.tasks, 0);
  EXPECT_EQ(s.num_cores, 72);
  EXPECT_EQ(s.num_schedulers, 4);
}

/// Stores `value` into an enum field the way a C caller could (a cast to
/// the C++ enum type of a value outside its enumerators is not defined).
template <typename Enum> void setRaw(Enum &field, int32_t value) {
  std::memcpy(&field, &value, sizeof value);
}

TEST(TaskRuntimeConfig, EveryInvalidFieldIsRejectedWithItsName) {
  struct Case {
    const char *field;
    void (*mutate)(ptowsp_config &);
  };
  const Case cases[] = {
      {"machine.schedulers", [](ptowsp_config &c) { c.machine.schedulers = 0; }},
      {"machine.cube_cores", [](ptowsp_config &c) { c.machine.cube_cores = 2; }},
      {"machine.vector_cores", [](ptowsp_config &c) { c.machine.vector_cores = -1; }},
      {"no cores",
       [](ptowsp_config &c) {
         c.machine.cube_cores = 0;
         c.machine.vector_cores = 0;
       }},
      {"dispatch_overhead_cycles",
       [](ptowsp_config &c) { c.machine.dispatch_overhead_cycles = -1; }},
      {"submit_overhead_cycles", [](ptowsp_config &c) { c.machine.submit_overhead_cycles = -5; }},
      {"clock_ghz", [](ptowsp_config &c) { c.machine.clock_ghz = 0; }},
      {"host_threads", [](ptowsp_config &c) { c.host_threads = -1; }},
      {"dispatch", [](ptowsp_config &c) { setRaw(c.dispatch, 17); }},
      {"dispatch_targets", [](ptowsp_config &c) { c.dispatch_targets = 5; }},
      {"window_size", [](ptowsp_config &c) { c.window_size = 0; }},
      {"window_mode",
       [](ptowsp_config &c) { setRaw(c.window_mode, 3); }},
      {"deps", [](ptowsp_config &c) { setRaw(c.deps, -1); }},
      {"ready", [](ptowsp_config &c) { setRaw(c.ready, 9); }},
      {"ready work_steal",
       [](ptowsp_config &c) {
         c.ready = PTOWSP_READY_WORK_STEAL;
         c.dispatch = PTOWSP_DISPATCH_WORK_STEAL;
       }},
      {"pools", [](ptowsp_config &c) { setRaw(c.pools, 2); }},
      {"start", [](ptowsp_config &c) { setRaw(c.start, 7); }},
      {"start_threshold",
       [](ptowsp_config &c) {
         c.window_size = 4;
         c.start_threshold = 5;
       }},
      {"start_threshold",
       [](ptowsp_config &c) {
         c.start = PTOWSP_START_AFTER_ORCHESTRATION;
         c.start_threshold = 8;
       }},
      {"streams", [](ptowsp_config &c) { c.streams = -2; }},
      {"trace_path", [](ptowsp_config &c) { c.trace_path = ""; }},
      {"graph_max_tasks", [](ptowsp_config &c) { c.graph_max_tasks = 0; }},
  };
  for (const Case &test : cases) {
    ptowsp_config c;
    ptowsp_config_init(&c);
    test.mutate(c);
    ptowsp_runtime *rt = reinterpret_cast<ptowsp_runtime *>(&c); // must be reset to NULL
    EXPECT_EQ(ptowsp_runtime_create(&c, &rt), PTOWSP_ERR_INVALID) << test.field;
    EXPECT_EQ(rt, nullptr);
    EXPECT_TRUE(contains(ptowsp_create_error(), test.field))
        << test.field << ": " << ptowsp_create_error();
  }
  EXPECT_EQ(ptowsp_runtime_create(nullptr, nullptr), PTOWSP_ERR_INVALID);
}

TEST(TaskRuntimeConfig, StatusAndStallNames) {
  EXPECT_STREQ(ptowsp_status_name(PTOWSP_ERR_DEADLOCK), "PTOWSP_ERR_DEADLOCK");
  EXPECT_STREQ(ptowsp_stall_reason_name(PTOWSP_STALL_TASK_RING_FULL), "TASK_RING_FULL");
  EXPECT_STREQ(ptowsp_stall_reason_name(PTOWSP_STALL_HEAD_OF_LINE), "HEAD_OF_LINE");
  EXPECT_EQ(ptowsp_stall_reason_name(PTOWSP_STALL_REASONS), nullptr);
}

TEST(TaskRuntimeValidation, KnobFieldsTheScheduleDoesNotUseAreRejected) {
  ptowsp_config c = config();
  c.streams = 2;
  Runtime rt(c);
  Matrix m(4, 4);
  ASSERT_EQ(m.add(rt, "M"), 0);

  struct Case {
    const char *message;
    Task task;
  };
  std::vector<Case> cases;
  cases.push_back({"dispatch_key 3 given, but dispatch round_robin", Task("k").key(3)});
  cases.push_back({"priority 2 given, but the ready policy is fifo", Task("k").priority(2)});
  cases.push_back({"explicit `after` dependencies need deps explicit or hybrid",
                   Task("k").after(0)});
  cases.push_back({"stream 2 is not in [0, streams = 2)", Task("k").stream(2)});
  cases.push_back({"cycles is negative", Task("k", nopKernel, -1)});
  cases.push_back({"kernel is NULL", Task("k", nullptr)});
  cases.push_back({"names tensor 3, which is not registered",
                   Task("k").region(3, PTOWSP_ACCESS_READ, {0, 0}, {1, 1})});
  cases.push_back({"has rank 1 but tensor 'M' has rank 2",
                   Task("k").region(0, PTOWSP_ACCESS_READ, {0}, {1})});
  cases.push_back({"unknown access 4", Task("k").region(0, 4, {0, 0}, {1, 1})});
  for (Case &test : cases) {
    EXPECT_EQ(test.task.submit(rt), PTOWSP_ERR_INVALID) << test.message;
    EXPECT_TRUE(contains(rt.error(), test.message)) << rt.error();
  }
  // Refused submissions record nothing and leave the runtime usable.
  int64_t id = -1;
  EXPECT_EQ(Task("k").stream(1).submit(rt, &id), PTOWSP_OK) << rt.error();
  EXPECT_EQ(id, 0);
  EXPECT_EQ(ptowsp_finish(rt), PTOWSP_OK);
  EXPECT_EQ(rt.stats().tasks, 1);
  EXPECT_EQ(Task("k").submit(rt), PTOWSP_ERR_INVALID);
  EXPECT_TRUE(contains(rt.error(), "after ptowsp_finish"));
}

TEST(TaskRuntimeValidation, CustomDispatchKeyMustBeASchedulerIndex) {
  ptowsp_config c = config(1, 4, 4, 4);
  c.dispatch = PTOWSP_DISPATCH_CUSTOM;
  c.dispatch_targets = 3;
  Runtime rt(c);
  EXPECT_EQ(Task("k").key(3).submit(rt), PTOWSP_ERR_INVALID);
  EXPECT_TRUE(contains(rt.error(), "custom dispatch_key 3 is not a scheduler index in [0, 3)"));
  EXPECT_EQ(Task("k").key(-1).submit(rt), PTOWSP_ERR_INVALID);
  EXPECT_EQ(Task("k").key(2).submit(rt), PTOWSP_OK);
  EXPECT_EQ(ptowsp_finish(rt), PTOWSP_OK);
  EXPECT_EQ(rt.time(0).scheduler, 2);
}

TEST(TaskRuntimeValidation, TaskOnAMissingUnitIsRejected) {
  Runtime rt(config(1, 2, 0, 4));
  EXPECT_EQ(Task("mm").cube().submit(rt), PTOWSP_ERR_INVALID);
  EXPECT_TRUE(contains(rt.error(), "no cube cores"));
}

TEST(TaskRuntimeValidation, OutOfBoundsRegionNamesKernelTensorAndRegion) {
  Runtime rt(config());
  Matrix m(4, 8);
  m.add(rt, "activations");
  EXPECT_EQ(Task("tile_add").region(m.id, PTOWSP_ACCESS_WRITE, {2, 6}, {2, 4}).at({1, 3}).submit(rt),
            PTOWSP_ERR_OUT_OF_BOUNDS);
  std::string e = rt.error();
  EXPECT_TRUE(contains(e, "kernel 'tile_add'")) << e;
  EXPECT_TRUE(contains(e, "coords (1, 3)")) << e;
  EXPECT_TRUE(contains(e, "tensor 'activations'")) << e;
  EXPECT_TRUE(contains(e, "offsets [2, 6], sizes [2, 4]")) << e;
  EXPECT_TRUE(contains(e, "shape [4, 8]")) << e;
  EXPECT_EQ(Task("k").region(m.id, PTOWSP_ACCESS_READ, {-1, 0}, {1, 1}).submit(rt),
            PTOWSP_ERR_OUT_OF_BOUNDS);
  EXPECT_EQ(Task("k").region(m.id, PTOWSP_ACCESS_READ, {0, 0}, {4, 8}).submit(rt), PTOWSP_OK);
}

TEST(TaskRuntimeValidation, AliasingTensorsAreRejected) {
  Runtime rt(config());
  std::vector<int64_t> buffer(64);
  int64_t whole[1] = {64}, half[1] = {32};
  EXPECT_EQ(ptowsp_tensor(rt, buffer.data(), 8, 1, whole, "A"), 0);
  EXPECT_EQ(ptowsp_tensor(rt, buffer.data() + 16, 8, 1, half, "B"), -1);
  EXPECT_TRUE(contains(rt.error(), "overlaps tensor 'A'")) << rt.error();
  std::vector<int64_t> other(8);
  int64_t eight[1] = {8};
  EXPECT_GE(ptowsp_tensor(rt, other.data(), 8, 1, eight, "C"), 0) << rt.error();
  int64_t negative[1] = {-1};
  EXPECT_EQ(ptowsp_tensor(rt, other.data(), 8, 1, negative, "D"), -1);
  EXPECT_EQ(ptowsp_tensor(rt, nullptr, 8, 9, whole, "E"), -1);
}

} // namespace
