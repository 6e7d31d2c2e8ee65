//===- ChannelTest.cpp - cpu_sim runtime: CSP on the host -----------------===//
//
// Part of PTO-WSP. Channels.cpp: host semantics of channels (capacities,
// fan-out, fan-in, reference-counted close), misuse, deadlock reports and
// error propagation to join.
//
//===----------------------------------------------------------------------===//

#include "TaskRuntimeTestSupport.h"

#include <map>
#include <mutex>
#include <set>
#include <thread>

using namespace ptowsp_test;

namespace {

//===----------------------------------------------------------------------===//
// Host semantics
//===----------------------------------------------------------------------===//

struct StreamCtx {
  int32_t channel = -1;
  int64_t tokensPerProducer = 0;
  std::mutex mutex;
  std::vector<int64_t> received;      // payload[0] of every token received
  std::map<int64_t, int64_t> perConsumer; // consumer instance -> tokens
  int64_t closedSeen = 0;
  std::vector<std::string> errors;
};

void producer(ptowsp_runtime *rt, int64_t instance, void *user) {
  auto *ctx = static_cast<StreamCtx *>(user);
  for (int64_t k = 0; k < ctx->tokensPerProducer; ++k) {
    int64_t payload[2] = {instance * 1000000 + k, -k};
    if (ptowsp_send(rt, ctx->channel, payload) != PTOWSP_OK) {
      std::lock_guard<std::mutex> lock(ctx->mutex);
      ctx->errors.push_back(ptowsp_last_error(rt));
      return;
    }
  }
  if (ptowsp_close(rt, ctx->channel) != PTOWSP_OK) {
    std::lock_guard<std::mutex> lock(ctx->mutex);
    ctx->errors.push_back(ptowsp_last_error(rt));
  }
}

void consumer(ptowsp_runtime *rt, int64_t instance, void *user) {
  auto *ctx = static_cast<StreamCtx *>(user);
  for (;;) {
    int64_t payload[2] = {0, 0};
    int32_t got = -1;
    if (ptowsp_recv(rt, ctx->channel, payload, &got) != PTOWSP_OK) {
      std::lock_guard<std::mutex> lock(ctx->mutex);
      ctx->errors.push_back(ptowsp_last_error(rt));
      return;
    }
    std::lock_guard<std::mutex> lock(ctx->mutex);
    if (!got) {
      ++ctx->closedSeen;
      return;
    }
    EXPECT_EQ(payload[1], -(payload[0] % 1000000));
    ctx->received.push_back(payload[0]);
    ++ctx->perConsumer[instance];
  }
}

/// Runs `producers` x `consumers` over one channel; every token must be
/// received exactly once and every consumer must see the close.
void runStream(int64_t capacity, int64_t producers, int64_t consumers, int64_t tokens,
               int32_t hostThreads = 2) {
  SCOPED_TRACE("capacity " + std::to_string(capacity) + ", " + std::to_string(producers) +
               " producers, " + std::to_string(consumers) + " consumers");
  Runtime rt(config(hostThreads));
  StreamCtx ctx;
  ctx.tokensPerProducer = tokens;
  ctx.channel = ptowsp_channel(rt, "c", capacity, static_cast<int32_t>(producers), 2);
  ASSERT_GE(ctx.channel, 0) << rt.error();
  ASSERT_EQ(ptowsp_spawn(rt, "consumer", consumers, consumer, &ctx), PTOWSP_OK) << rt.error();
  ASSERT_EQ(ptowsp_spawn(rt, "producer", producers, producer, &ctx), PTOWSP_OK) << rt.error();
  ASSERT_EQ(ptowsp_join_processes(rt), PTOWSP_OK) << rt.error();
  ASSERT_EQ(ptowsp_finish(rt), PTOWSP_OK) << rt.error();
  EXPECT_TRUE(ctx.errors.empty()) << ctx.errors.front();
  EXPECT_EQ(ctx.closedSeen, consumers);
  std::vector<int64_t> expected;
  for (int64_t p = 0; p < producers; ++p)
    for (int64_t k = 0; k < tokens; ++k)
      expected.push_back(p * 1000000 + k);
  std::vector<int64_t> got = ctx.received;
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, expected); // each token exactly once
  if (producers == 1 && consumers == 1)
    EXPECT_EQ(ctx.received, expected); // FIFO

  ptowsp_channel_stats cs{};
  ASSERT_EQ(ptowsp_get_channel_stats(rt, ctx.channel, &cs), PTOWSP_OK) << rt.error();
  EXPECT_STREQ(cs.name, "c");
  EXPECT_EQ(cs.capacity, capacity);
  EXPECT_EQ(cs.tokens, producers * tokens);
  if (capacity > 0) {
    EXPECT_LE(cs.host_high_water, capacity);
    EXPECT_LE(cs.high_water, capacity);
  } else {
    EXPECT_LE(cs.host_high_water, producers);
  }
  EXPECT_EQ(ptowsp_num_process_instances(rt), producers + consumers);
  int64_t sends = 0, receives = 0;
  for (int64_t i = 0; i < producers + consumers; ++i) {
    ptowsp_process_stats ps{};
    ASSERT_EQ(ptowsp_get_process_stats(rt, i, &ps), PTOWSP_OK) << rt.error();
    sends += ps.sends;
    receives += ps.receives;
  }
  EXPECT_EQ(sends, producers * tokens);
  EXPECT_EQ(receives, producers * tokens);
}

TEST(TaskRuntimeChannel, PointToPointCapacities) {
  for (int64_t capacity : {0, 1, 2})
    runStream(capacity, 1, 1, 200);
}

TEST(TaskRuntimeChannel, FanOutFanInRefcountedClose) {
  for (int64_t capacity : {0, 1, 2}) {
    runStream(capacity, 3, 1, 150); // fan-in: closed after the third close
    runStream(capacity, 1, 4, 150); // fan-out: replicated consumers share tokens
    runStream(capacity, 3, 4, 150);
  }
}

struct MisuseCtx {
  int32_t channel = -1;
  ptowsp_status extraClose = PTOWSP_OK, sendAfterClose = PTOWSP_OK;
  std::string message;
};

void misuse(ptowsp_runtime *rt, int64_t, void *user) {
  auto *ctx = static_cast<MisuseCtx *>(user);
  EXPECT_EQ(ptowsp_close(rt, ctx->channel), PTOWSP_OK);
  ctx->sendAfterClose = ptowsp_send(rt, ctx->channel, nullptr);
  ctx->message = ptowsp_last_error(rt);
  ctx->extraClose = ptowsp_close(rt, ctx->channel);
}

TEST(TaskRuntimeChannel, MisuseIsReported) {
  Runtime rt(config());
  int32_t c = ptowsp_channel(rt, "done", 1, 1, 0);
  ASSERT_GE(c, 0);
  EXPECT_EQ(ptowsp_channel(rt, "bad", -1, 1, 0), -1);
  EXPECT_NE(rt.error().find("capacity"), std::string::npos) << rt.error();
  // Channel operations belong to processes.
  EXPECT_EQ(ptowsp_send(rt, c, nullptr), PTOWSP_ERR_INVALID);
  EXPECT_NE(rt.error().find("outside a process"), std::string::npos) << rt.error();
  MisuseCtx ctx;
  ctx.channel = c;
  ASSERT_EQ(ptowsp_spawn(rt, "p", 1, misuse, &ctx), PTOWSP_OK);
  EXPECT_EQ(ptowsp_join_processes(rt), PTOWSP_ERR_INVALID);
  EXPECT_EQ(ctx.sendAfterClose, PTOWSP_ERR_INVALID);
  EXPECT_NE(ctx.message.find("after it was closed"), std::string::npos) << ctx.message;
  EXPECT_NE(rt.error().find("process 'p[0]'"), std::string::npos) << rt.error();
}

//===----------------------------------------------------------------------===//
// Deadlocks and errors
//===----------------------------------------------------------------------===//

struct PairCtx {
  int32_t a = -1, b = -1;
  ptowsp_status status[2] = {PTOWSP_OK, PTOWSP_OK};
};

// Instance i receives on its own channel first, then sends on the other one.
void receiveFirst(ptowsp_runtime *rt, int64_t instance, void *user) {
  auto *ctx = static_cast<PairCtx *>(user);
  int64_t payload = 0;
  int32_t got = 0;
  ptowsp_status s = ptowsp_recv(rt, instance == 0 ? ctx->a : ctx->b, &payload, &got);
  ctx->status[instance] = s;
  if (s == PTOWSP_OK)
    ptowsp_send(rt, instance == 0 ? ctx->b : ctx->a, &payload);
}

TEST(TaskRuntimeChannel, DeadlockTwoReceivers) {
  Runtime rt(config());
  PairCtx ctx;
  ctx.a = ptowsp_channel(rt, "to_ping", 1, 1, 1);
  ctx.b = ptowsp_channel(rt, "to_pong", 1, 1, 1);
  ASSERT_EQ(ptowsp_spawn(rt, "pingpong", 2, receiveFirst, &ctx), PTOWSP_OK);
  EXPECT_EQ(ptowsp_join_processes(rt), PTOWSP_ERR_DEADLOCK);
  std::string message = rt.error();
  EXPECT_EQ(ctx.status[0], PTOWSP_ERR_DEADLOCK);
  EXPECT_EQ(ctx.status[1], PTOWSP_ERR_DEADLOCK);
  EXPECT_NE(message.find("process 'pingpong[0]' blocks in receive on empty channel 'to_ping', "
                         "not closed"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("process 'pingpong[1]' blocks in receive on empty channel 'to_pong'"),
            std::string::npos)
      << message;
  // Sticky: finish reports it too.
  EXPECT_EQ(ptowsp_finish(rt), PTOWSP_ERR_DEADLOCK);
}

struct LonelyCtx {
  int32_t channel = -1;
  ptowsp_status status = PTOWSP_OK;
};

void lonelySender(ptowsp_runtime *rt, int64_t, void *user) {
  auto *ctx = static_cast<LonelyCtx *>(user);
  int64_t payload = 7;
  ctx->status = ptowsp_send(rt, ctx->channel, &payload);
}

TEST(TaskRuntimeChannel, DeadlockRendezvousWithoutReceiver) {
  Runtime rt(config());
  LonelyCtx ctx;
  ctx.channel = ptowsp_channel(rt, "handoff", 0, 1, 1);
  ASSERT_EQ(ptowsp_spawn(rt, "sender", 1, lonelySender, &ctx), PTOWSP_OK);
  EXPECT_EQ(ptowsp_join_processes(rt), PTOWSP_ERR_DEADLOCK);
  EXPECT_EQ(ctx.status, PTOWSP_ERR_DEADLOCK);
  EXPECT_NE(rt.error().find("process 'sender[0]' blocks in send on rendezvous channel "
                            "'handoff' (capacity 0)"),
            std::string::npos)
      << rt.error();
}

TEST(TaskRuntimeChannel, DeadlockFullChannel) {
  Runtime rt(config());
  StreamCtx ctx;
  ctx.tokensPerProducer = 3;
  ctx.channel = ptowsp_channel(rt, "c", 1, 1, 2);
  ASSERT_EQ(ptowsp_spawn(rt, "producer", 1, producer, &ctx), PTOWSP_OK);
  EXPECT_EQ(ptowsp_join_processes(rt), PTOWSP_ERR_DEADLOCK);
  EXPECT_NE(rt.error().find("process 'producer[0]' blocks in send on full channel 'c' "
                            "(capacity 1)"),
            std::string::npos)
      << rt.error();
}

void failing(ptowsp_runtime *rt, int64_t instance, void *user) {
  auto *ctx = static_cast<StreamCtx *>(user);
  if (instance == 1) {
    ptowsp_process_fail(rt, "bad header in block 3");
    return;
  }
  int64_t payload[2];
  int32_t got;
  // Blocks until the failure of instance 1 wakes it.
  ptowsp_status s = ptowsp_recv(rt, ctx->channel, payload, &got);
  EXPECT_EQ(s, PTOWSP_ERR_PROCESS);
}

TEST(TaskRuntimeChannel, ProcessErrorPropagatesToJoin) {
  Runtime rt(config());
  StreamCtx ctx;
  ctx.channel = ptowsp_channel(rt, "c", 1, 1, 2);
  ASSERT_EQ(ptowsp_spawn(rt, "worker", 2, failing, &ctx), PTOWSP_OK);
  EXPECT_EQ(ptowsp_join_processes(rt), PTOWSP_ERR_PROCESS);
  EXPECT_NE(rt.error().find("process 'worker[1]': bad header in block 3"), std::string::npos)
      << rt.error();
  EXPECT_EQ(ptowsp_finish(rt), PTOWSP_ERR_PROCESS);
}

struct SubmitErrorCtx {
  Matrix *m;
};

void badSubmit(ptowsp_runtime *rt, int64_t, void *user) {
  auto *ctx = static_cast<SubmitErrorCtx *>(user);
  // Out of bounds: row 5 of a 2-row matrix.
  Task("oob").view(*ctx->m, 0, 0, 1, 1, PTOWSP_ACCESS_READWRITE)
      .region(ctx->m->id, PTOWSP_ACCESS_READ, {5, 0}, {1, 1})
      .i64(1)
      .i64(0)
      .submit(rt);
}

TEST(TaskRuntimeChannel, SubmitErrorInsideProcessPropagates) {
  Runtime rt(config());
  Matrix m(2, 2);
  ASSERT_GE(m.add(rt, "m"), 0);
  SubmitErrorCtx ctx{&m};
  ASSERT_EQ(ptowsp_spawn(rt, "loader", 1, badSubmit, &ctx), PTOWSP_OK);
  EXPECT_EQ(ptowsp_join_processes(rt), PTOWSP_ERR_OUT_OF_BOUNDS);
  EXPECT_NE(rt.error().find("process 'loader[0]': ptowsp_submit"), std::string::npos)
      << rt.error();
}


struct WaitCtx {
  Matrix *m;
  ptowsp_status waitAll = PTOWSP_OK, load = PTOWSP_OK;
  std::string waitAllMessage, loadMessage;
};

void waiter(ptowsp_runtime *rt, int64_t, void *user) {
  auto *ctx = static_cast<WaitCtx *>(user);
  ctx->waitAll = ptowsp_wait_all(rt);
  ctx->waitAllMessage = ptowsp_last_error(rt);
  int64_t index[2] = {0, 0}, value = 0;
  ctx->load = ptowsp_load_i64(rt, ctx->m->id, index, &value);
  ctx->loadMessage = ptowsp_last_error(rt);
}

TEST(TaskRuntimeChannel, ProcessesCannotWaitForTasks) {
  Runtime rt(config());
  Matrix m(2, 2);
  ASSERT_GE(m.add(rt, "m"), 0);
  WaitCtx ctx;
  ctx.m = &m;
  ASSERT_EQ(ptowsp_spawn(rt, "impatient", 1, waiter, &ctx), PTOWSP_OK);
  EXPECT_EQ(ptowsp_join_processes(rt), PTOWSP_ERR_INVALID);
  EXPECT_EQ(ctx.waitAll, PTOWSP_ERR_INVALID);
  EXPECT_EQ(ctx.waitAllMessage,
            "ptowsp_wait_all called from a process; processes cannot wait for tasks");
  EXPECT_EQ(ctx.load, PTOWSP_ERR_INVALID);
  EXPECT_EQ(ctx.loadMessage,
            "ptowsp_load_i64 called from a process; processes cannot wait for tasks");
  // The first failure is the join's.
  EXPECT_NE(rt.error().find("process 'impatient[0]': ptowsp_wait_all called from a process"),
            std::string::npos)
      << rt.error();
}

} // namespace
