//===- DependencyTest.cpp - cpu_sim task runtime: dependency inference ===//
//
// Part of PTO-WSP. Submission.cpp and DependencyTracker: edges in every mode, read back
// from the graph dump, and tracking state pruned by covering writes.
//
//===----------------------------------------------------------------------===//

#include "TaskRuntimeTestSupport.h"

#include "DependencyTracker.h"

#include <algorithm>
#include <cstring>

using namespace ptowsp_test;

namespace {

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

} // namespace
