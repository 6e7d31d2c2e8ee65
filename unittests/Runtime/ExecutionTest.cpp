//===- ExecutionTest.cpp - cpu_sim task runtime: host execution, failures, scale ===//
//
// Part of PTO-WSP. Finish.cpp and HostExecutor: results equal the sequential program under
// every policy and deps mode, kernel failures are reported, and a large run.
//
//===----------------------------------------------------------------------===//

#include "TaskRuntimeTestSupport.h"

#include <algorithm>
#include <cstring>

using namespace ptowsp_test;

namespace {

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
