//===- task_overhead.cpp - Per-task overhead of the cpu_sim task runtime --===//
//
// Part of PTO-WSP. Runs 1000 independent chains of 100 near-empty tasks
// (10^5 tasks; each task read-writes its chain's element, so the runtime
// infers the chain order from the regions) on the cpu_sim task runtime, and
// the same graph on oneTBB's flow_graph, in the same process. Prints ns per
// task for both and their ratio. See README.md.
//
//===----------------------------------------------------------------------===//

#include "pto-wsp/cpu_sim/runtime.h"

#include <tbb/flow_graph.h>
#include <tbb/global_control.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <thread>
#include <vector>

namespace {

constexpr int64_t kChains = 1000;
constexpr int64_t kSteps = 100;
constexpr int64_t kTasks = kChains * kSteps;
constexpr int kRepeats = 5;

using Clock = std::chrono::steady_clock;

double seconds(Clock::time_point begin, Clock::time_point end) {
  return std::chrono::duration<double>(end - begin).count();
}

/// The task body on both sides: one increment of the chain's counter, which
/// the chain order makes race-free and which checks that every task ran.
void increment(const ptowsp_arg *args) { ++*static_cast<int64_t *>(args[0].view.data); }

bool countersAreComplete(const std::vector<int64_t> &counters) {
  return std::all_of(counters.begin(), counters.end(),
                     [](int64_t v) { return v == kSteps; });
}

[[noreturn]] void die(const char *what, const char *message) {
  std::fprintf(stderr, "task_overhead: %s: %s\n", what, message);
  std::exit(1);
}

struct RuntimeTimes {
  double execute; ///< create + submit everything + wait_all (host execution)
  double total;   ///< ... + finish (simulation of the recorded graph)
};

/// One run on the task runtime. `chainMajor`: submit chain by chain (each
/// task depends on the one just submitted); otherwise step by step (each
/// task depends on one submitted kChains earlier).
RuntimeTimes runRuntime(bool chainMajor, int32_t threads) {
  std::vector<int64_t> counters(kChains, 0);
  Clock::time_point begin = Clock::now();
  ptowsp_config config;
  ptowsp_config_init(&config);
  config.host_threads = threads;
  ptowsp_runtime *rt = nullptr;
  if (ptowsp_runtime_create(&config, &rt) != PTOWSP_OK)
    die("create", ptowsp_create_error());
  int64_t dims[1] = {kChains};
  int32_t tensor = ptowsp_tensor(rt, counters.data(), 8, 1, dims, "counters");
  if (tensor < 0)
    die("tensor", ptowsp_last_error(rt));

  ptowsp_task task;
  ptowsp_task_init(&task);
  task.kernel_name = "increment";
  task.kernel = increment;
  task.cycles = 100;
  ptowsp_arg arg;
  ptowsp_region region{};
  region.tensor = tensor;
  region.access = PTOWSP_ACCESS_READWRITE;
  region.rank = 1;
  region.sizes[0] = 1;
  task.args = &arg;
  task.num_args = 1;
  task.regions = &region;
  task.num_regions = 1;
  for (int64_t i = 0; i < kTasks; ++i) {
    int64_t chain = chainMajor ? i / kSteps : i % kChains;
    arg.view = {&counters[static_cast<size_t>(chain)], 1, 1, 1};
    region.offsets[0] = chain;
    if (ptowsp_submit(rt, &task, nullptr) != PTOWSP_OK)
      die("submit", ptowsp_last_error(rt));
  }
  if (ptowsp_wait_all(rt) != PTOWSP_OK)
    die("wait_all", ptowsp_last_error(rt));
  Clock::time_point executed = Clock::now();
  if (ptowsp_finish(rt) != PTOWSP_OK)
    die("finish", ptowsp_last_error(rt));
  Clock::time_point end = Clock::now();
  ptowsp_stats stats;
  if (ptowsp_get_stats(rt, &stats) != PTOWSP_OK || stats.tasks != kTasks ||
      stats.edges != kChains * (kSteps - 1))
    die("stats", "unexpected task or edge count");
  ptowsp_runtime_destroy(rt);
  if (!countersAreComplete(counters))
    die("runtime", "a chain did not run every task exactly once");
  return {seconds(begin, executed), seconds(begin, end)};
}

/// The same graph on oneTBB: one continue_node per task, an edge from each
/// task to the next of its chain; built in the same order, then started.
double runFlowGraph(bool chainMajor) {
  std::vector<int64_t> counters(kChains, 0);
  Clock::time_point begin = Clock::now();
  {
    using Node = tbb::flow::continue_node<tbb::flow::continue_msg>;
    tbb::flow::graph graph;
    std::vector<std::unique_ptr<Node>> nodes(static_cast<size_t>(kTasks));
    std::vector<Node *> last(kChains, nullptr);
    std::vector<Node *> heads;
    heads.reserve(kChains);
    for (int64_t i = 0; i < kTasks; ++i) {
      int64_t chain = chainMajor ? i / kSteps : i % kChains;
      int64_t *counter = &counters[static_cast<size_t>(chain)];
      auto &node = nodes[static_cast<size_t>(i)];
      node = std::make_unique<Node>(graph, [counter](const tbb::flow::continue_msg &) {
        ptowsp_arg arg;
        arg.view = {counter, 1, 1, 1};
        increment(&arg);
      });
      if (Node *previous = last[static_cast<size_t>(chain)])
        tbb::flow::make_edge(*previous, *node);
      else
        heads.push_back(node.get());
      last[static_cast<size_t>(chain)] = node.get();
    }
    for (Node *head : heads)
      head->try_put(tbb::flow::continue_msg());
    graph.wait_for_all();
  }
  Clock::time_point end = Clock::now();
  if (!countersAreComplete(counters))
    die("flow_graph", "a chain did not run every task exactly once");
  return seconds(begin, end);
}

double nsPerTask(double s) { return s * 1e9 / static_cast<double>(kTasks); }

} // namespace

int main() {
  int32_t threads = std::max(1, static_cast<int32_t>(std::thread::hardware_concurrency()));
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                            static_cast<size_t>(threads));
  std::printf("task_overhead: %lld chains x %lld tasks = %lld tasks; %d host threads; "
              "best of %d runs\n",
              static_cast<long long>(kChains), static_cast<long long>(kSteps),
              static_cast<long long>(kTasks), threads, kRepeats);
  std::printf("%-12s %22s %22s %22s %18s %18s\n", "order", "runtime execute ns/task",
              "runtime +sim ns/task", "tbb flow_graph ns/task", "ratio execute/tbb",
              "ratio total/tbb");
  for (bool chainMajor : {true, false}) {
    RuntimeTimes best{1e30, 1e30};
    double bestTbb = 1e30;
    for (int r = 0; r < kRepeats; ++r) {
      // Alternate the two so that neither benefits from a warmer machine.
      RuntimeTimes times = runRuntime(chainMajor, threads);
      best.execute = std::min(best.execute, times.execute);
      best.total = std::min(best.total, times.total);
      bestTbb = std::min(bestTbb, runFlowGraph(chainMajor));
    }
    std::printf("%-12s %22.0f %22.0f %22.0f %18.2f %18.2f\n",
                chainMajor ? "chain-major" : "step-major", nsPerTask(best.execute),
                nsPerTask(best.total), nsPerTask(bestTbb), best.execute / bestTbb,
                best.total / bestTbb);
  }
  return 0;
}
