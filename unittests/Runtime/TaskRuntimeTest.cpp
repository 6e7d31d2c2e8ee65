//===- TaskRuntimeTest.cpp - cpu_sim task runtime: API, deps, host run ----===//
//
// Part of PTO-WSP. Configuration and task validation, dependency inference
// in every mode (checked on the recorded graph), results equal to the
// sequential program under every policy and host thread count, the task
// window, deadlock reports, slot reads, and kernel failures.
//
//===----------------------------------------------------------------------===//

#include "TaskRuntimeTestSupport.h"

#include "DependencyTracker.h"

#include <algorithm>
#include <cstring>

using namespace ptowsp_test;

namespace {

bool contains(const std::string &text, const std::string &part) {
  return text.find(part) != std::string::npos;
}

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

//===----------------------------------------------------------------------===//
// Dependency inference (edges read back from the graph dump)
//===----------------------------------------------------------------------===//

/// Runs `body` with a graph dump and returns the recorded edges.
template <typename Body> Edges edgesOf(ptowsp_config c, Body body) {
  std::string path = tempPath("graph.dot");
  c.graph_path = path.c_str();
  Runtime rt(c);
  Matrix m(8, 8), n(8, 8);
  m.add(rt, "M");
  n.add(rt, "N");
  body(rt, m, n);
  EXPECT_EQ(ptowsp_finish(rt), PTOWSP_OK) << rt.error();
  return readEdges(path);
}

constexpr int32_t R = PTOWSP_ACCESS_READ, W = PTOWSP_ACCESS_WRITE, RW = PTOWSP_ACCESS_READWRITE;

TEST(TaskRuntimeDeps, OverlapModeOrdersIntersectingRegionsOnly) {
  ptowsp_config c = config();
  auto sub = [](ptowsp_runtime *rt, Matrix &m, int32_t access,
                std::initializer_list<int64_t> off, std::initializer_list<int64_t> size) {
    EXPECT_EQ(Task("k").region(m.id, access, off, size).submit(rt), PTOWSP_OK)
        << ptowsp_last_error(rt);
  };
  // RAW on identical regions; disjoint writes; other tensor independent.
  EXPECT_EQ(edgesOf(c,
                    [&](ptowsp_runtime *rt, Matrix &m, Matrix &n) {
                      sub(rt, m, W, {0, 0}, {4, 4});
                      sub(rt, m, R, {0, 0}, {4, 4});
                      sub(rt, m, W, {4, 4}, {4, 4});
                      sub(rt, n, W, {0, 0}, {4, 4});
                    }),
            (Edges{{0, 1}}));
  // Partial overlaps: RAW, WAW, WAR.
  EXPECT_EQ(edgesOf(c,
                    [&](ptowsp_runtime *rt, Matrix &m, Matrix &) {
                      sub(rt, m, W, {0, 0}, {4, 4}); // 0
                      sub(rt, m, R, {2, 2}, {4, 4}); // 1: RAW on 0
                      sub(rt, m, W, {3, 3}, {1, 1}); // 2: WAW on 0, WAR on 1
                      sub(rt, m, R, {4, 4}, {2, 2}); // 3: no writer there
                    }),
            (Edges{{0, 1}, {0, 2}, {1, 2}}));
  // Readers since the last write all precede the next writer; reads do not
  // order each other.
  EXPECT_EQ(edgesOf(c,
                    [&](ptowsp_runtime *rt, Matrix &m, Matrix &) {
                      sub(rt, m, R, {0, 0}, {8, 8});
                      sub(rt, m, R, {0, 0}, {8, 8});
                      sub(rt, m, R, {0, 0}, {2, 2});
                      sub(rt, m, W, {1, 1}, {1, 1});
                    }),
            (Edges{{0, 3}, {1, 3}, {2, 3}}));
  // A covering write replaces what it covers: later readers depend on it only.
  EXPECT_EQ(edgesOf(c,
                    [&](ptowsp_runtime *rt, Matrix &m, Matrix &) {
                      sub(rt, m, W, {0, 0}, {4, 4}); // 0
                      sub(rt, m, W, {0, 0}, {8, 8}); // 1: WAW on 0
                      sub(rt, m, R, {0, 0}, {2, 2}); // 2: RAW on 1 only
                      sub(rt, m, RW, {0, 0}, {2, 2}); // 3: RAW/WAW on 1, WAR on 2
                    }),
            (Edges{{0, 1}, {1, 2}, {1, 3}, {2, 3}}));
}

TEST(TaskRuntimeDeps, ExactModeOrdersIdenticalRegionsAndRejectsPartialOverlap) {
  ptowsp_config c = config();
  c.deps = PTOWSP_DEPS_EXACT;
  EXPECT_EQ(edgesOf(c,
                    [&](ptowsp_runtime *rt, Matrix &m, Matrix &) {
                      Task("a").region(m.id, W, {0, 0}, {4, 4}).submit(rt);
                      Task("b").region(m.id, R, {0, 0}, {4, 4}).submit(rt);
                      Task("c").region(m.id, W, {4, 0}, {4, 4}).submit(rt);
                      Task("d").region(m.id, RW, {0, 0}, {4, 4}).submit(rt);
                    }),
            (Edges{{0, 1}, {0, 3}, {1, 3}}));

  Runtime rt(c);
  Matrix m(8, 8);
  m.add(rt, "M");
  ASSERT_EQ(Task("producer").region(m.id, W, {0, 0}, {4, 4}).at({0}).submit(rt), PTOWSP_OK);
  EXPECT_EQ(Task("consumer").region(m.id, R, {2, 0}, {4, 4}).at({5}).submit(rt),
            PTOWSP_ERR_INVALID);
  std::string e = rt.error();
  EXPECT_TRUE(contains(e, "exact dependency mode cannot order partially overlapping regions"))
      << e;
  EXPECT_TRUE(contains(e, "kernel 'consumer' (task 1, coords (5))")) << e;
  EXPECT_TRUE(contains(e, "[2:6, 0:4]")) << e;
  EXPECT_TRUE(contains(e, "[0:4, 0:4] accessed by kernel 'producer' (task 0")) << e;
  EXPECT_TRUE(contains(e, "use deps overlap")) << e;
  EXPECT_EQ(ptowsp_finish(rt), PTOWSP_OK);
}

TEST(TaskRuntimeDeps, ExplicitModeUsesOnlyAfterEdgesAndHybridUsesBoth) {
  auto body = [](ptowsp_runtime *rt, Matrix &m, Matrix &) {
    Task("a").region(m.id, W, {0, 0}, {4, 4}).submit(rt);      // 0
    Task("b").region(m.id, R, {0, 0}, {4, 4}).submit(rt);      // 1: RAW on 0
    Task("c").region(m.id, W, {4, 4}, {1, 1}).after(0).submit(rt); // 2: explicit only
  };
  ptowsp_config c = config();
  c.deps = PTOWSP_DEPS_EXPLICIT;
  EXPECT_EQ(edgesOf(c, body), (Edges{{0, 2}}));
  c.deps = PTOWSP_DEPS_HYBRID;
  EXPECT_EQ(edgesOf(c, body), (Edges{{0, 1}, {0, 2}}));
}

TEST(TaskRuntimeDeps, StreamsOrderTasksOfTheSameStream) {
  ptowsp_config c = config();
  c.streams = 2;
  EXPECT_EQ(edgesOf(c,
                    [](ptowsp_runtime *rt, Matrix &, Matrix &) {
                      Task("s0").stream(0).submit(rt); // 0
                      Task("s1").stream(1).submit(rt); // 1
                      Task("none").submit(rt);         // 2
                      Task("s0").stream(0).submit(rt); // 3
                      Task("s1").stream(1).submit(rt); // 4
                    }),
            (Edges{{0, 3}, {1, 4}}));
}

/// Randomised check of the tracker against brute force: every inferred edge
/// is a real conflict, and every real conflict is implied (transitively).
TEST(TaskRuntimeDeps, TrackerEdgesAreSoundAndComplete) {
  using ptowsp::runtime::Access;
  using ptowsp::runtime::DependencyTracker;
  for (bool exact : {false, true}) {
    DependencyTracker tracker(exact);
    tracker.addTensor(0, 2);
    tracker.addTensor(1, 1);
    uint64_t seed = exact ? 7 : 42;
    auto rnd = [&](int64_t n) {
      seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
      return static_cast<int64_t>((seed >> 33) % static_cast<uint64_t>(n));
    };
    const int kTasks = 300;
    std::vector<std::vector<Access>> history;
    std::vector<std::vector<bool>> reach(kTasks, std::vector<bool>(kTasks, false));
    for (int t = 0; t < kTasks; ++t) {
      std::vector<Access> accesses;
      int n = 1 + static_cast<int>(rnd(2));
      for (int a = 0; a < n; ++a) {
        Access access;
        access.tensor = static_cast<int32_t>(rnd(2));
        access.mode = 1 + static_cast<int32_t>(rnd(3));
        access.box.rank = access.tensor == 0 ? 2 : 1;
        for (int32_t d = 0; d < access.box.rank; ++d) {
          if (exact) { // aligned 4-wide tiles: identical or disjoint
            int64_t tile = rnd(4);
            access.box.lo[d] = tile * 4;
            access.box.hi[d] = tile * 4 + 4;
          } else {
            int64_t lo = rnd(16), size = 1 + rnd(rnd(2) ? 3 : 16);
            access.box.lo[d] = lo;
            access.box.hi[d] = std::min<int64_t>(16, lo + size);
          }
        }
        accesses.push_back(access);
      }
      std::vector<int64_t> preds;
      DependencyTracker::PartialOverlap conflict;
      ASSERT_TRUE(tracker.analyze(accesses, preds, conflict));
      tracker.commit(accesses, static_cast<int64_t>(history.size()));
      int64_t self = static_cast<int64_t>(history.size());
      auto conflicts = [&](const std::vector<Access> &a, const std::vector<Access> &b) {
        for (const Access &x : a)
          for (const Access &y : b)
            if (x.tensor == y.tensor && ((x.mode | y.mode) & PTOWSP_ACCESS_WRITE) &&
                x.box.intersects(y.box) && !(exact && !(x.box == y.box)))
              return true;
        return false;
      };
      for (int64_t p : preds) {
        ASSERT_LT(p, self);
        EXPECT_TRUE(conflicts(history[static_cast<size_t>(p)], accesses))
            << "spurious edge " << p << " -> " << self;
        reach[static_cast<size_t>(self)][static_cast<size_t>(p)] = true;
        for (int64_t q = 0; q < p; ++q)
          if (reach[static_cast<size_t>(p)][static_cast<size_t>(q)])
            reach[static_cast<size_t>(self)][static_cast<size_t>(q)] = true;
      }
      for (int64_t q = 0; q < self; ++q) {
        if (conflicts(history[static_cast<size_t>(q)], accesses)) {
          EXPECT_TRUE(reach[static_cast<size_t>(self)][static_cast<size_t>(q)])
              << "missing order " << q << " -> " << self << (exact ? " (exact)" : "");
        }
      }
      history.push_back(accesses);
    }
    EXPECT_EQ(history.size(), static_cast<size_t>(kTasks));
  }
}

TEST(TaskRuntimeDeps, TrackingStateIsPrunedByCoveringWrites) {
  using ptowsp::runtime::Access;
  using ptowsp::runtime::DependencyTracker;
  DependencyTracker tracker(false);
  tracker.addTensor(0, 2);
  auto access = [](int32_t mode, int64_t r0, int64_t c0, int64_t nr, int64_t nc) {
    Access a;
    a.tensor = 0;
    a.mode = mode;
    a.box.rank = 2;
    a.box.lo[0] = r0;
    a.box.lo[1] = c0;
    a.box.hi[0] = r0 + nr;
    a.box.hi[1] = c0 + nc;
    return std::vector<Access>{a};
  };
  int64_t task = 0;
  auto run = [&](const std::vector<Access> &accesses) {
    std::vector<int64_t> preds;
    DependencyTracker::PartialOverlap conflict;
    ASSERT_TRUE(tracker.analyze(accesses, preds, conflict));
    tracker.commit(accesses, task++);
  };
  for (int i = 0; i < 10000; ++i) // rewrites of one tile: one entry
    run(access(RW, 0, 0, 4, 4));
  EXPECT_EQ(tracker.liveEntries(), 1);
  for (int64_t r = 0; r < 64; r += 4) // a grid of tiles, read then written
    for (int64_t col = 0; col < 64; col += 4) {
      run(access(R, r, col, 4, 4));
      run(access(W, r, col, 4, 4));
    }
  EXPECT_EQ(tracker.liveEntries(), 256);
  run(access(W, 0, 0, 64, 64)); // covers everything
  EXPECT_EQ(tracker.liveEntries(), 1);
  run(access(W, 0, 0, 8, 8)); // partial rewrite keeps the rest
  EXPECT_EQ(tracker.liveEntries(), 2);
  for (int i = 0; i < 1000; ++i) // shifted partial rewrites do not pile up
    run(access(W, 0, i % 3, 8, 8));
  EXPECT_LE(tracker.liveEntries(), 5);
}

//===----------------------------------------------------------------------===//
// Results equal the sequential program's
//===----------------------------------------------------------------------===//

/// A random program over two matrices: affine updates and copies between
/// overlapping or aligned regions. Run sequentially for the reference.
struct Program {
  struct Op {
    bool copy; // else affine
    int64_t src[4], dst[4]; // r0, c0, nr, nc
    bool srcIsX, dstIsX;
    int64_t a, b, sleepUs, key, priority;
    bool cube;
  };
  std::vector<Op> ops;

  Program(int count, bool aligned, uint64_t seed) {
    auto rnd = [&](int64_t n) {
      seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
      return static_cast<int64_t>((seed >> 33) % static_cast<uint64_t>(n));
    };
    auto box = [&](int64_t *b, int64_t nr, int64_t nc) {
      if (aligned) { // 4x4 tiles of the 8x8 matrix
        b[0] = 4 * rnd(2);
        b[1] = 4 * rnd(2);
      } else {
        b[0] = rnd(8 - nr + 1);
        b[1] = rnd(8 - nc + 1);
      }
      b[2] = nr;
      b[3] = nc;
    };
    for (int i = 0; i < count; ++i) {
      Op op{};
      op.copy = rnd(3) == 0;
      int64_t nr = aligned ? 4 : 1 + rnd(6), nc = aligned ? 4 : 1 + rnd(6);
      box(op.dst, nr, nc);
      op.dstIsX = rnd(2) == 0;
      if (op.copy) {
        box(op.src, nr, nc);
        op.srcIsX = !op.dstIsX; // never copy within one matrix
      }
      op.a = 1 + rnd(3);
      op.b = rnd(7) - 3;
      op.sleepUs = rnd(4) == 0 ? rnd(40) : 0;
      op.key = rnd(1000);
      op.priority = rnd(5);
      op.cube = rnd(4) == 0;
      ops.push_back(op);
    }
  }

  static void seedMatrices(Matrix &x, Matrix &y) {
    for (int64_t i = 0; i < 64; ++i) {
      x.data[static_cast<size_t>(i)] = i % 7;
      y.data[static_cast<size_t>(i)] = 100 - i;
    }
  }

  void reference(Matrix &x, Matrix &y) const {
    for (const Op &op : ops) {
      Matrix &d = op.dstIsX ? x : y;
      for (int64_t r = 0; r < op.dst[2]; ++r)
        for (int64_t c = 0; c < op.dst[3]; ++c) {
          int64_t &out = d.at(op.dst[0] + r, op.dst[1] + c);
          if (op.copy)
            out = affine((op.srcIsX ? x : y).at(op.src[0] + r, op.src[1] + c), 1, op.b);
          else
            out = affine(out, op.a, op.b);
        }
    }
  }

  /// Submits every op; in explicit mode with `after` edges to every earlier
  /// conflicting op (computed by brute force here).
  void submit(ptowsp_runtime *rt, const ptowsp_config &c, Matrix &x, Matrix &y) const {
    for (size_t i = 0; i < ops.size(); ++i) {
      const Op &op = ops[i];
      Matrix &d = op.dstIsX ? x : y;
      Task task(op.copy ? "copy_add" : "affine", op.copy ? copyAddKernel : sleepyAffineKernel,
                10 + 10 * op.a);
      if (op.copy) {
        Matrix &s = op.srcIsX ? x : y;
        task.view(s, op.src[0], op.src[1], op.src[2], op.src[3], R)
            .view(d, op.dst[0], op.dst[1], op.dst[2], op.dst[3], W)
            .i64(op.b)
            .i64(op.sleepUs);
      } else {
        task.view(d, op.dst[0], op.dst[1], op.dst[2], op.dst[3], RW)
            .i64(op.a)
            .i64(op.b)
            .i64(op.sleepUs);
      }
      task.at({static_cast<int64_t>(i)});
      if (op.cube)
        task.cube();
      if (c.dispatch == PTOWSP_DISPATCH_CUSTOM)
        task.key(op.key % (c.dispatch_targets ? c.dispatch_targets : c.machine.schedulers));
      else if (c.dispatch == PTOWSP_DISPATCH_HASH || c.dispatch == PTOWSP_DISPATCH_AFFINITY)
        task.key(op.key);
      if (c.ready == PTOWSP_READY_PRIORITY)
        task.priority(op.priority);
      if (c.deps == PTOWSP_DEPS_EXPLICIT)
        for (size_t j = 0; j < i; ++j)
          if (conflicts(ops[j], op))
            task.after(static_cast<int64_t>(j));
      ASSERT_EQ(task.submit(rt), PTOWSP_OK) << ptowsp_last_error(rt);
    }
  }

  static bool overlaps(const int64_t *a, bool aX, const int64_t *b, bool bX) {
    return aX == bX && a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] &&
           b[1] < a[1] + a[3];
  }
  static bool conflicts(const Op &before, const Op &after) {
    // Each op writes dst; a copy also reads src.
    if (overlaps(before.dst, before.dstIsX, after.dst, after.dstIsX))
      return true;
    if (after.copy && overlaps(before.dst, before.dstIsX, after.src, after.srcIsX))
      return true;
    return before.copy && overlaps(before.src, before.srcIsX, after.dst, after.dstIsX);
  }
};

void expectSequentialResult(const ptowsp_config &c, const Program &program, const char *what) {
  Matrix x(8, 8), y(8, 8), refX(8, 8), refY(8, 8);
  Program::seedMatrices(x, y);
  Program::seedMatrices(refX, refY);
  program.reference(refX, refY);
  Runtime rt(c);
  x.add(rt, "X");
  y.add(rt, "Y");
  program.submit(rt, c, x, y);
  ASSERT_EQ(ptowsp_finish(rt), PTOWSP_OK) << what << ": " << rt.error();
  EXPECT_EQ(x.data, refX.data) << what;
  EXPECT_EQ(y.data, refY.data) << what;
  EXPECT_EQ(rt.stats().tasks, static_cast<int64_t>(program.ops.size()));
}

TEST(TaskRuntimeExecution, ResultsEqualTheSequentialProgramUnderEveryPolicy) {
  const Program overlapping(150, false, 1234);
  const ptowsp_dispatch dispatches[] = {PTOWSP_DISPATCH_ROUND_ROBIN, PTOWSP_DISPATCH_HASH,
                                        PTOWSP_DISPATCH_AFFINITY, PTOWSP_DISPATCH_WORK_STEAL,
                                        PTOWSP_DISPATCH_CUSTOM};
  const ptowsp_ready readies[] = {PTOWSP_READY_FIFO, PTOWSP_READY_WORK_STEAL,
                                  PTOWSP_READY_PRIORITY};
  for (int32_t threads : {1, 4})
    for (ptowsp_dispatch dispatch : dispatches)
      for (ptowsp_ready ready : readies) {
        if (dispatch == PTOWSP_DISPATCH_WORK_STEAL && ready == PTOWSP_READY_WORK_STEAL)
          continue; // rejected combination
        ptowsp_config c = config(threads, 4, 4, 8);
        c.dispatch = dispatch;
        c.ready = ready;
        c.window_size = 16;
        std::string what = "threads " + std::to_string(threads) + " dispatch " +
                           std::to_string(dispatch) + " ready " + std::to_string(ready);
        expectSequentialResult(c, overlapping, what.c_str());
      }
}

TEST(TaskRuntimeExecution, ResultsEqualTheSequentialProgramInEveryDepsMode) {
  const Program overlapping(150, false, 99);
  const Program aligned(150, true, 77);
  for (int32_t threads : {1, 4}) {
    ptowsp_config c = config(threads);
    c.deps = PTOWSP_DEPS_OVERLAP;
    expectSequentialResult(c, overlapping, "overlap");
    c.deps = PTOWSP_DEPS_HYBRID;
    expectSequentialResult(c, overlapping, "hybrid");
    c.deps = PTOWSP_DEPS_EXPLICIT;
    expectSequentialResult(c, overlapping, "explicit");
    c.deps = PTOWSP_DEPS_EXACT;
    expectSequentialResult(c, aligned, "exact");
    c.pools = PTOWSP_POOLS_SINGLE;
    c.start = PTOWSP_START_AFTER_ORCHESTRATION;
    c.window_size = 1000;
    expectSequentialResult(c, aligned, "exact, single pool, after_orchestration");
  }
}

TEST(TaskRuntimeExecution, ChainOnOneTileRunsInSubmissionOrder) {
  // Alternating x = -x + k and x = 2x + 1: any reordering changes the result.
  auto a = [](int i) { return i % 2 ? int64_t(-1) : int64_t(2); };
  auto b = [](int i) { return i % 2 ? int64_t(i % 7 + 1) : int64_t(1); };
  int64_t expected = 1;
  for (int i = 0; i < 200; ++i)
    expected = affine(expected, a(i), b(i));
  for (int32_t threads : {1, 4}) {
    Runtime rt(config(threads));
    Matrix m(2, 2, 1);
    m.add(rt, "M");
    for (int i = 0; i < 200; ++i)
      ASSERT_EQ(Task("step", sleepyAffineKernel)
                    .view(m, 0, 0, 2, 2, RW)
                    .i64(a(i))
                    .i64(b(i))
                    .i64(i % 16 == 0 ? 50 : 0)
                    .submit(rt),
                PTOWSP_OK);
    ASSERT_EQ(ptowsp_finish(rt), PTOWSP_OK) << rt.error();
    for (int64_t v : m.data)
      EXPECT_EQ(v, expected);
  }
}

TEST(TaskRuntimeExecution, WaitAllIsABarrierAndSubmissionContinues) {
  Runtime rt(config(2));
  Matrix m(1, 4);
  m.add(rt, "M");
  for (int i = 0; i < 4; ++i)
    ASSERT_EQ(Task("inc", affineKernel).view(m, 0, i, 1, 1, RW).i64(1).i64(1).submit(rt),
              PTOWSP_OK);
  ASSERT_EQ(ptowsp_wait_all(rt), PTOWSP_OK) << rt.error();
  EXPECT_EQ(m.data, (std::vector<int64_t>{1, 1, 1, 1}));
  ASSERT_EQ(Task("inc", affineKernel).view(m, 0, 0, 1, 4, RW).i64(2).i64(0).submit(rt),
            PTOWSP_OK);
  ASSERT_EQ(ptowsp_finish(rt), PTOWSP_OK) << rt.error();
  EXPECT_EQ(m.data, (std::vector<int64_t>{2, 2, 2, 2}));
  EXPECT_EQ(ptowsp_finish(rt), PTOWSP_OK); // idempotent
}

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
    ptowsp_arg args[3];
    args[0].view = {flag.data(), 1, 1, 1};
    args[1].i64 = 5;
    args[2].i64 = 8;
    Task writer("set_flag", storeKernel);
    writer.region(tensor, W, {0}, {1});
    ptowsp_task &raw = writer.raw();
    raw.args = args;
    raw.num_args = 3;
    ASSERT_EQ(ptowsp_submit(rt, &raw, nullptr), PTOWSP_OK);
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
      ptowsp_arg args[4];
      args[0].view = {at, 1, 1, 1};
      args[1].i64 = value;
      args[2].i64 = bytes;
      args[3].i64 = sleepUs;
      Task task("store", sleepThenStoreKernel);
      task.region(tensor, W, {index}, {1});
      ptowsp_task &raw = task.raw();
      raw.args = args;
      raw.num_args = 4;
      ASSERT_EQ(ptowsp_submit(rt, &raw, nullptr), PTOWSP_OK) << rt.error();
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

//===----------------------------------------------------------------------===//
// Kernel failures
//===----------------------------------------------------------------------===//

TEST(TaskRuntimeFailure, KernelFailureStopsDependentsAndIsReported) {
  for (int32_t threads : {1, 4}) {
    Runtime rt(config(threads));
    Matrix m(1, 4);
    m.add(rt, "M");
    ASSERT_EQ(Task("inc", affineKernel).view(m, 0, 0, 1, 1, RW).i64(1).i64(1).submit(rt),
              PTOWSP_OK);
    ASSERT_EQ(Task("checker", failKernel).view(m, 0, 0, 1, 1, RW).at({7, 8}).submit(rt),
              PTOWSP_OK);
    // The submissions racing with the failure either succeed or report it.
    ptowsp_status dependent =
        Task("inc", affineKernel).view(m, 0, 0, 1, 1, RW).i64(1).i64(100).submit(rt);
    EXPECT_TRUE(dependent == PTOWSP_OK || dependent == PTOWSP_ERR_KERNEL);
    EXPECT_EQ(ptowsp_wait_all(rt), PTOWSP_ERR_KERNEL);
    std::string e = rt.error();
    EXPECT_TRUE(contains(e, "kernel 'checker' (task 1, coords (7, 8)) failed: boom: tile "
                            "checksum mismatch"))
        << e;
    EXPECT_EQ(m.at(0, 0), 1) << "the dependent of the failed task ran";
    EXPECT_EQ(Task("inc", affineKernel).view(m, 0, 3, 1, 1, RW).i64(1).i64(1).submit(rt),
              PTOWSP_ERR_KERNEL);
    EXPECT_EQ(ptowsp_finish(rt), PTOWSP_ERR_KERNEL);
    EXPECT_TRUE(contains(rt.error(), "boom")) << rt.error();
    ptowsp_stats s;
    EXPECT_EQ(ptowsp_get_stats(rt, &s), PTOWSP_ERR_INVALID);
  }
}

TEST(TaskRuntimeFailure, ThrowingKernelIsAFailureAndFailOutsideATaskIsInvalid) {
  Runtime rt(config(2));
  ASSERT_EQ(Task("thrower", throwKernel).submit(rt), PTOWSP_OK);
  EXPECT_EQ(ptowsp_finish(rt), PTOWSP_ERR_KERNEL);
  EXPECT_TRUE(contains(rt.error(), "kernel 'thrower' (task 0, coords ()) failed: threw a C++ "
                                   "exception: bad tile"))
      << rt.error();
  EXPECT_EQ(ptowsp_kernel_fail("not in a kernel"), PTOWSP_ERR_INVALID);
}

std::atomic<int> nestedStatus{-1};

/// Calls the runtime (passed as arg 0) from inside a kernel.
void nestedCallKernel(const ptowsp_arg *args) {
  auto *rt = reinterpret_cast<ptowsp_runtime *>(static_cast<intptr_t>(args[0].i64));
  nestedStatus = ptowsp_wait_all(rt);
}

TEST(TaskRuntimeFailure, CallingTheRuntimeFromAKernelIsRefused) {
  Runtime rt(config(2));
  ASSERT_EQ(Task("nested", nestedCallKernel)
                .i64(static_cast<int64_t>(reinterpret_cast<intptr_t>(
                    static_cast<ptowsp_runtime *>(rt))))
                .submit(rt),
            PTOWSP_OK);
  EXPECT_EQ(ptowsp_finish(rt), PTOWSP_ERR_KERNEL);
  EXPECT_TRUE(contains(rt.error(), "kernel 'nested' (task 0, coords ()) failed: called "
                                   "ptowsp_wait_all; only the orchestrator may call the runtime"))
      << rt.error();
  EXPECT_EQ(nestedStatus.load(), PTOWSP_ERR_INVALID);
}

TEST(TaskRuntimeFailure, DestroyWithoutFinishDoesNotHang) {
  ptowsp_config c = config(2);
  c.start = PTOWSP_START_AFTER_ORCHESTRATION;
  Runtime rt(c);
  for (int i = 0; i < 10; ++i)
    ASSERT_EQ(Task("sleep", sleepKernel).i64(100).submit(rt), PTOWSP_OK);
  // ~Runtime destroys with tasks held by the start gate.
}

//===----------------------------------------------------------------------===//
// Scale
//===----------------------------------------------------------------------===//

TEST(TaskRuntimeExecution, FiftyThousandTasksOnManyChains) {
  ptowsp_config c = config(2, 4, 24, 48);
  Runtime rt(c);
  const int64_t chains = 500, steps = 100;
  Matrix m(chains, 1);
  m.add(rt, "chains");
  for (int64_t chain = 0; chain < chains; ++chain)
    for (int64_t step = 0; step < steps; ++step)
      ASSERT_EQ(Task("inc", affineKernel)
                    .view(m, chain, 0, 1, 1, RW)
                    .i64(1)
                    .i64(1)
                    .at({chain, step})
                    .submit(rt),
                PTOWSP_OK);
  ASSERT_EQ(ptowsp_finish(rt), PTOWSP_OK) << rt.error();
  for (int64_t v : m.data)
    EXPECT_EQ(v, steps);
  ptowsp_stats s = rt.stats();
  EXPECT_EQ(s.tasks, chains * steps);
  EXPECT_EQ(s.edges, chains * (steps - 1));
}

} // namespace
