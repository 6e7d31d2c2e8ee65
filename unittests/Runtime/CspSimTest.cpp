//===- CspSimTest.cpp - cpu_sim runtime: the CSP replay itself ------------===//
//
// Part of PTO-WSP. CspSim on hand-written recordings, with hand-derived
// cycles: rendezvous and buffered channels with their waits, recordings that
// cannot complete, work following tokens whatever the host's assignment, and
// the fallback to the plain replay.
//
//===----------------------------------------------------------------------===//

#include "CspSim.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace ptowsp::runtime;

namespace {

CspEvent submitOf(int64_t task) { return {CspEvent::Submit, -1, task}; }
CspEvent sendOn(int32_t channel, int64_t token) { return {CspEvent::Send, channel, -1, token}; }
CspEvent recvOn(int32_t channel, int64_t token) { return {CspEvent::Recv, channel, -1, token}; }
CspEvent closedOn(int32_t channel) { return {CspEvent::RecvClosed, channel, -1}; }
CspEvent closeOf(int32_t channel) { return {CspEvent::Close, channel, -1}; }

TEST(CspSim, RendezvousSendWaitsForItsReceiver) {
  // Instance 0 posts a token on a rendezvous channel at 0; instance 1 first
  // submits (overhead 10), then receives at 10, which completes the send.
  std::vector<std::vector<CspEvent>> events = {{sendOn(0, 0), submitOf(0)},
                                               {submitOf(1), recvOn(0, 0)}};
  std::vector<CspChannelDesc> channels = {{"c", 0, 1}};
  CspResult result;
  std::string error;
  ASSERT_TRUE(simulateCsp(events, {}, channels, 2, 10, 0, result, error)) << error;
  EXPECT_EQ(result.release, (std::vector<int64_t>{20, 10}));
  EXPECT_EQ(result.issuer, (std::vector<int32_t>{0, 1}));
  EXPECT_EQ(result.issueSeq, (std::vector<int64_t>{1, 0}));
  EXPECT_EQ(result.endCycle, 20);
  const CspInstanceResult &sender = result.instances[0];
  EXPECT_EQ(sender.sends, 1);
  EXPECT_EQ(sender.tasks, 1);
  EXPECT_EQ(sender.endCycle, 20);
  EXPECT_EQ(sender.stalls[PTOWSP_STALL_CHANNEL_FULL_WAIT], 1);
  EXPECT_EQ(sender.stallCycles[PTOWSP_STALL_CHANNEL_FULL_WAIT], 10);
  EXPECT_EQ(result.instances[1].receives, 1);
  EXPECT_EQ(result.instances[1].stallCycles[PTOWSP_STALL_CHANNEL_EMPTY_WAIT], 0);
  EXPECT_EQ(result.channels[0].tokens, 1);
  EXPECT_EQ(result.channels[0].highWater, 1);
  EXPECT_EQ(result.channels[0].fullWaitCycles, 10);
  EXPECT_EQ(result.channels[0].emptyWaitCycles, 0);
  // Spans in simulation order: instance 1's submit, instance 0's wait, its submit.
  ASSERT_EQ(result.spans.size(), 3u);
  EXPECT_EQ(result.spans[0].instance, 1);
  EXPECT_EQ(result.spans[0].task, 1);
  EXPECT_EQ(result.spans[1].reason, PTOWSP_STALL_CHANNEL_FULL_WAIT);
  EXPECT_EQ(result.spans[1].begin, 0);
  EXPECT_EQ(result.spans[1].end, 10);
  EXPECT_EQ(result.spans[2].begin, 10);
  EXPECT_EQ(result.spans[2].end, 20);
}

TEST(CspSim, BufferedReceiveWaitsForTheTokenPlusLatency) {
  // The token is sent at 10 (after a submit) and arrives 5 cycles later.
  std::vector<std::vector<CspEvent>> events = {
      {submitOf(0), sendOn(0, 0), closeOf(0)},
      {recvOn(0, 0), submitOf(1), closedOn(0)}};
  std::vector<CspChannelDesc> channels = {{"c", 1, 1}};
  for (const std::vector<int32_t> &spawnGroup : {std::vector<int32_t>{}, {0, 1}}) {
    CspResult result;
    std::string error;
    ASSERT_TRUE(simulateCsp(events, spawnGroup, channels, 2, 10, 5, result, error)) << error;
    EXPECT_EQ(result.release, (std::vector<int64_t>{10, 25}));
    EXPECT_EQ(result.instances[0].endCycle, 10);
    EXPECT_EQ(result.instances[1].endCycle, 25);
    EXPECT_EQ(result.instances[1].stalls[PTOWSP_STALL_CHANNEL_EMPTY_WAIT], 1);
    EXPECT_EQ(result.instances[1].stallCycles[PTOWSP_STALL_CHANNEL_EMPTY_WAIT], 15);
    EXPECT_EQ(result.channels[0].emptyWaitCycles, 15);
    EXPECT_EQ(result.channels[0].highWater, 1);
    EXPECT_EQ(result.endCycle, 25);
  }
}

TEST(CspSim, RecordingsThatCannotCompleteAreAnError) {
  // A receive nobody sends to, on a channel nobody closes.
  std::vector<std::vector<CspEvent>> events = {{recvOn(0, 0)}, {submitOf(0)}};
  std::vector<CspChannelDesc> channels = {{"c", 1, 1}};
  CspResult result;
  std::string error;
  EXPECT_FALSE(simulateCsp(events, {0, 1}, channels, 1, 10, 0, result, error));
  EXPECT_NE(error.find("cannot progress"), std::string::npos) << error;
}

/// A producer (instance 0) sends tokens 0 and 1 and closes; two replicas of
/// one spawn (instances 1 and 2) consume them. Token 0 carries one submit
/// (task 0), token 1 two (tasks 1, 2). `swapped` says which replica received
/// which token on the host.
std::vector<std::vector<CspEvent>> fanOut(bool swapped) {
  std::vector<CspEvent> first = {recvOn(0, 0), submitOf(0), closedOn(0)};
  std::vector<CspEvent> second = {recvOn(0, 1), submitOf(1), submitOf(2), closedOn(0)};
  std::vector<std::vector<CspEvent>> events = {{sendOn(0, 0), sendOn(0, 1), closeOf(0)}};
  events.push_back(swapped ? second : first);
  events.push_back(swapped ? first : second);
  return events;
}

TEST(CspSim, WorkFollowsTokensWhateverTheHostAssignment) {
  std::vector<CspChannelDesc> channels = {{"work", 2, 1}};
  const std::vector<int32_t> replicas = {0, 1, 1};
  CspResult straight, swapped;
  std::string error;
  ASSERT_TRUE(simulateCsp(fanOut(false), replicas, channels, 3, 10, 0, straight, error)) << error;
  ASSERT_TRUE(simulateCsp(fanOut(true), replicas, channels, 3, 10, 0, swapped, error)) << error;
  // Instance 1 takes token 0 first in the simulation and so does its work.
  EXPECT_EQ(straight.release, (std::vector<int64_t>{10, 10, 20}));
  EXPECT_EQ(straight.issuer, (std::vector<int32_t>{1, 2, 2}));
  EXPECT_EQ(swapped.release, straight.release);
  EXPECT_EQ(swapped.issuer, straight.issuer);
  EXPECT_EQ(swapped.endCycle, straight.endCycle);

  // Without spawn groups each instance replays its own events: the host's
  // assignment shows.
  CspResult own;
  ASSERT_TRUE(simulateCsp(fanOut(true), {}, channels, 3, 10, 0, own, error)) << error;
  EXPECT_EQ(own.issuer, (std::vector<int32_t>{2, 1, 1}));
  EXPECT_EQ(own.release, (std::vector<int64_t>{10, 10, 20}));
}

TEST(CspSim, FallsBackToThePlainReplayWhenATokenHasNoReceipt) {
  // The second send's host token id (7) matches no receipt: work cannot
  // follow it, and the result is the plain replay's.
  std::vector<std::vector<CspEvent>> events = fanOut(true);
  events[0][1] = sendOn(0, 7);
  std::vector<CspChannelDesc> channels = {{"work", 2, 1}};
  CspResult withGroups, plain;
  std::string error;
  ASSERT_TRUE(simulateCsp(events, {0, 1, 1}, channels, 3, 10, 0, withGroups, error)) << error;
  EXPECT_TRUE(error.empty()) << error;
  ASSERT_TRUE(simulateCsp(events, {}, channels, 3, 10, 0, plain, error)) << error;
  EXPECT_EQ(withGroups.release, plain.release);
  EXPECT_EQ(withGroups.issuer, plain.issuer);
  EXPECT_EQ(withGroups.issuer, (std::vector<int32_t>{2, 1, 1}));
}

} // namespace
