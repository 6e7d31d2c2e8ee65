//===- TaskRuntimeTestSupport.h - Shared helpers of the runtime tests -----===//
//
// Part of PTO-WSP. Included by the task runtime's test files: small C++
// kernels, a task builder over ptowsp_task, RAII runtimes, readers for the
// trace and graph files, and a finished run's timeline and statistics.
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_UNITTESTS_RUNTIME_TASKRUNTIMETESTSUPPORT_H
#define PTOWSP_UNITTESTS_RUNTIME_TASKRUNTIMETESTSUPPORT_H

#include "pto-wsp/cpu_sim/runtime.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <initializer_list>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace ptowsp_test {

//===----------------------------------------------------------------------===//
// Tensors and kernels
//===----------------------------------------------------------------------===//

/// A dense int64 matrix registered as a rank-2 tensor.
struct Matrix {
  std::vector<int64_t> data;
  int64_t rows, cols;
  int32_t id = -1;
  Matrix(int64_t r, int64_t c, int64_t init = 0)
      : data(static_cast<size_t>(r * c), init), rows(r), cols(c) {}
  int32_t add(ptowsp_runtime *rt, const char *name) {
    int64_t dims[2] = {rows, cols};
    id = ptowsp_tensor(rt, data.data(), 8, 2, dims, name);
    return id;
  }
  int64_t &at(int64_t r, int64_t c) { return data[static_cast<size_t>(r * cols + c)]; }
};

inline int64_t &element(const ptowsp_view &v, int64_t r, int64_t c) {
  return static_cast<int64_t *>(v.data)[r * v.row_stride + c];
}

/// x * a + b with wrap-around (no signed overflow).
inline int64_t affine(int64_t x, int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(x) * static_cast<uint64_t>(a) +
                              static_cast<uint64_t>(b));
}

/// x = x * a + b over view 0; a, b = args 1, 2; optional sleep (us) = arg 3.
inline void affineKernel(const ptowsp_arg *args) {
  const ptowsp_view &v = args[0].view;
  for (int64_t r = 0; r < v.rows; ++r)
    for (int64_t c = 0; c < v.cols; ++c)
      element(v, r, c) = affine(element(v, r, c), args[1].i64, args[2].i64);
}

inline void sleepyAffineKernel(const ptowsp_arg *args) {
  if (args[3].i64 > 0)
    std::this_thread::sleep_for(std::chrono::microseconds(args[3].i64));
  affineKernel(args);
}

/// view 1 = view 0 + arg 2 (elementwise); optional sleep (us) = arg 3.
inline void copyAddKernel(const ptowsp_arg *args) {
  if (args[3].i64 > 0)
    std::this_thread::sleep_for(std::chrono::microseconds(args[3].i64));
  const ptowsp_view &src = args[0].view, &dst = args[1].view;
  for (int64_t r = 0; r < src.rows; ++r)
    for (int64_t c = 0; c < src.cols; ++c)
      element(dst, r, c) = affine(element(src, r, c), 1, args[2].i64);
}

inline void nopKernel(const ptowsp_arg *) {}

/// Reads view 0 (the sum goes nowhere): a reader for read-only regions.
inline void readKernel(const ptowsp_arg *args) {
  const ptowsp_view &v = args[0].view;
  volatile int64_t sum = 0;
  for (int64_t r = 0; r < v.rows; ++r)
    for (int64_t c = 0; c < v.cols; ++c)
      sum = sum + element(v, r, c);
}

inline void sleepKernel(const ptowsp_arg *args) {
  std::this_thread::sleep_for(std::chrono::microseconds(args[0].i64));
}

inline void failKernel(const ptowsp_arg *) { ptowsp_kernel_fail("boom: tile checksum mismatch"); }

inline void throwKernel(const ptowsp_arg *) { throw std::runtime_error("bad tile"); }

/// Stores arg 1 into element (0, 0) of view 0 as an int32 (arg 2 == 4) or an
/// int64 (arg 2 == 8), after sleeping arg 3 microseconds if there is one.
inline void storeKernel(const ptowsp_arg *args);
inline void sleepThenStoreKernel(const ptowsp_arg *args) {
  std::this_thread::sleep_for(std::chrono::microseconds(args[3].i64));
  storeKernel(args);
}
inline void storeKernel(const ptowsp_arg *args) {
  if (args[2].i64 == 4)
    *static_cast<int32_t *>(args[0].view.data) = static_cast<int32_t>(args[1].i64);
  else
    *static_cast<int64_t *>(args[0].view.data) = args[1].i64;
}

//===----------------------------------------------------------------------===//
// Task builder and runtime
//===----------------------------------------------------------------------===//

class Task {
public:
  explicit Task(const char *name, ptowsp_kernel_fn kernel = nopKernel, int64_t cycles = 100) {
    ptowsp_task_init(&task_);
    task_.kernel_name = name;
    task_.kernel = kernel;
    task_.cycles = cycles;
  }
  /// A view argument over m[r0:r0+nr, c0:c0+nc] plus the matching region.
  Task &view(Matrix &m, int64_t r0, int64_t c0, int64_t nr, int64_t nc, int32_t access) {
    ptowsp_arg arg;
    arg.view = {m.data.data() + (r0 * m.cols + c0), nr, nc, m.cols};
    args_.push_back(arg);
    return region(m.id, access, {r0, c0}, {nr, nc});
  }
  /// A view argument over rows x cols elements at `data`, without a region
  /// (the test states the region it declares).
  Task &pointerView(void *data, int64_t rows, int64_t cols, int64_t rowStride) {
    ptowsp_arg arg;
    arg.view = {data, rows, cols, rowStride};
    args_.push_back(arg);
    return *this;
  }
  Task &region(int32_t tensor, int32_t access, std::initializer_list<int64_t> offsets,
               std::initializer_list<int64_t> sizes) {
    ptowsp_region region{};
    region.tensor = tensor;
    region.access = access;
    region.rank = static_cast<int32_t>(offsets.size());
    int d = 0;
    for (int64_t o : offsets)
      region.offsets[d++] = o;
    d = 0;
    for (int64_t s : sizes)
      region.sizes[d++] = s;
    regions_.push_back(region);
    return *this;
  }
  Task &i64(int64_t value) {
    ptowsp_arg arg;
    arg.i64 = value;
    args_.push_back(arg);
    return *this;
  }
  Task &cube() {
    task_.core = PTOWSP_CORE_CUBE;
    return *this;
  }
  Task &key(int64_t key) {
    task_.dispatch_key = key;
    return *this;
  }
  Task &priority(int64_t priority) {
    task_.priority = priority;
    return *this;
  }
  Task &stream(int32_t stream) {
    task_.stream = stream;
    return *this;
  }
  Task &after(int64_t task) {
    after_.push_back(task);
    return *this;
  }
  Task &at(std::initializer_list<int64_t> coords) {
    coords_.assign(coords);
    return *this;
  }
  ptowsp_status submit(ptowsp_runtime *rt, int64_t *id = nullptr) {
    return ptowsp_submit(rt, &finish(), id);
  }

private:
  ptowsp_task &finish() {
    task_.args = args_.data();
    task_.num_args = static_cast<int32_t>(args_.size());
    task_.regions = regions_.data();
    task_.num_regions = static_cast<int32_t>(regions_.size());
    task_.after = after_.data();
    task_.num_after = static_cast<int32_t>(after_.size());
    task_.coords = coords_.data();
    task_.num_coords = static_cast<int32_t>(coords_.size());
    return task_;
  }
  ptowsp_task task_;
  std::vector<ptowsp_arg> args_;
  std::vector<ptowsp_region> regions_;
  std::vector<int64_t> after_, coords_;
};

/// A small machine: `schedulers` schedulers, `cube` + `vector` cores, no
/// overheads unless given.
inline ptowsp_config config(int32_t hostThreads = 2, int32_t schedulers = 2, int32_t cube = 2,
                     int32_t vector = 4, int64_t dispatchOverhead = 0,
                     int64_t submitOverhead = 0) {
  ptowsp_config c;
  ptowsp_config_init(&c);
  c.host_threads = hostThreads;
  c.machine.schedulers = schedulers;
  c.machine.cube_cores = cube;
  c.machine.vector_cores = vector;
  c.machine.dispatch_overhead_cycles = dispatchOverhead;
  c.machine.submit_overhead_cycles = submitOverhead;
  c.machine.clock_ghz = 1.0;
  return c;
}

class Runtime {
public:
  explicit Runtime(const ptowsp_config &c) {
    ptowsp_status status = ptowsp_runtime_create(&c, &rt_);
    EXPECT_EQ(status, PTOWSP_OK) << ptowsp_create_error();
  }
  ~Runtime() { ptowsp_runtime_destroy(rt_); }
  Runtime(const Runtime &) = delete;
  Runtime &operator=(const Runtime &) = delete;
  operator ptowsp_runtime *() const { return rt_; }
  std::string error() const { return ptowsp_last_error(rt_); }
  ptowsp_stats stats() const {
    ptowsp_stats s{};
    EXPECT_EQ(ptowsp_get_stats(rt_, &s), PTOWSP_OK) << error();
    return s;
  }
  ptowsp_task_time time(int64_t task) const {
    ptowsp_task_time t{};
    EXPECT_EQ(ptowsp_get_task_time(rt_, task, &t), PTOWSP_OK) << error();
    return t;
  }

private:
  ptowsp_runtime *rt_ = nullptr;
};

//===----------------------------------------------------------------------===//
// Files
//===----------------------------------------------------------------------===//

inline std::string tempPath(const std::string &name) {
  return ::testing::TempDir() + "ptowsp_" +
         ::testing::UnitTest::GetInstance()->current_test_info()->name() + "_" + name;
}

inline std::string readFile(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

/// The edges "tA -> tB" of a DOT file written by the runtime.
inline std::set<std::pair<int64_t, int64_t>> readEdges(const std::string &path) {
  std::set<std::pair<int64_t, int64_t>> edges;
  std::istringstream in(readFile(path));
  std::string line;
  while (std::getline(in, line)) {
    long long from, to;
    if (std::sscanf(line.c_str(), " t%lld -> t%lld;", &from, &to) == 2)
      edges.insert({from, to});
  }
  return edges;
}

using Edges = std::set<std::pair<int64_t, int64_t>>;

/// Access modes, as tests spell them.
constexpr int32_t R = PTOWSP_ACCESS_READ, W = PTOWSP_ACCESS_WRITE, RW = PTOWSP_ACCESS_READWRITE;

inline bool contains(const std::string &text, const std::string &part) {
  return text.find(part) != std::string::npos;
}

//===----------------------------------------------------------------------===//
// Running a scenario (simulated timelines)
//===----------------------------------------------------------------------===//

/// What a finished run produced, copied out of the runtime.
struct Outcome {
  ptowsp_status status = PTOWSP_OK;
  std::string error;
  int64_t totalCycles = 0;
  ptowsp_stats stats{};
  std::vector<int64_t> coreBusy, schedulerTasks;
  std::vector<ptowsp_task_time> times;
  std::string trace;

  int64_t start(int64_t task) const { return times[static_cast<size_t>(task)].start_cycle; }
  int64_t end(int64_t task) const { return times[static_cast<size_t>(task)].end_cycle; }
  int32_t scheduler(int64_t task) const { return times[static_cast<size_t>(task)].scheduler; }
  int32_t core(int64_t task) const { return times[static_cast<size_t>(task)].core; }
};

inline Outcome runScenario(ptowsp_config c, const std::function<void(ptowsp_runtime *)> &body,
                           bool trace = false) {
  std::string path = tempPath("trace.json");
  if (trace)
    c.trace_path = path.c_str();
  Outcome out;
  Runtime rt(c);
  body(rt);
  out.status = ptowsp_finish(rt);
  out.error = rt.error();
  if (out.status != PTOWSP_OK)
    return out;
  out.stats = rt.stats();
  out.totalCycles = out.stats.total_cycles;
  out.coreBusy.assign(out.stats.core_busy_cycles,
                      out.stats.core_busy_cycles + out.stats.num_cores);
  out.schedulerTasks.assign(out.stats.scheduler_tasks,
                            out.stats.scheduler_tasks + out.stats.num_schedulers);
  for (int64_t t = 0; t < out.stats.tasks; ++t)
    out.times.push_back(rt.time(t));
  if (trace)
    out.trace = readFile(path);
  return out;
}

inline void submitOk(ptowsp_runtime *rt, Task &task) {
  ASSERT_EQ(task.submit(rt), PTOWSP_OK) << ptowsp_last_error(rt);
}
inline void submitOk(ptowsp_runtime *rt, Task &&task) { submitOk(rt, task); }

/// n independent vector tasks of `cycles` each.
inline std::function<void(ptowsp_runtime *)> independent(int n, int64_t cycles = 100) {
  return [=](ptowsp_runtime *rt) {
    for (int i = 0; i < n; ++i)
      submitOk(rt, Task("t", nopKernel, cycles));
  };
}

} // namespace ptowsp_test

#endif // PTOWSP_UNITTESTS_RUNTIME_TASKRUNTIMETESTSUPPORT_H
