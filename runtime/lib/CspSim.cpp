//===- CspSim.cpp - Simulated time of CSP processes (CSPT) ----------------===//
//
// Part of PTO-WSP. A discrete-event replay: repeatedly, among the instances
// whose next event can happen, the one whose event completes earliest (ties:
// lowest instance index) performs it. Completion times never decrease, so
// tokens enter each channel in order of their send times and, with several
// receivers, the next token goes to the receive that can complete first.
//
//===----------------------------------------------------------------------===//

#include "CspSim.h"

#include <algorithm>
#include <limits>

namespace ptowsp::runtime {

namespace {

struct ChannelState {
  std::vector<int64_t> sendTime; ///< per token, in token order
  std::vector<int64_t> recvTime; ///< per token; -1 until received
  int64_t next = 0;              ///< next token to receive
  int64_t totalSends = 0;        ///< sends recorded over all instances
  int32_t closes = 0;
  int64_t closeTime = 0;
};

struct InstanceState {
  size_t cursor = 0;
  int64_t clock = 0;
  int64_t postedToken = -1; ///< rendezvous send: token posted, waiting for its receive
};

} // namespace

bool simulateCsp(const std::vector<std::vector<CspEvent>> &events,
                 const std::vector<CspChannelDesc> &channels, int64_t numTasks,
                 int64_t submitOverhead, int64_t latency, CspResult &result,
                 std::string &error) {
  result = CspResult();
  result.release.assign(static_cast<size_t>(numTasks), -1);
  result.instances.resize(events.size());
  result.channels.resize(channels.size());
  std::vector<ChannelState> ch(channels.size());
  for (const auto &list : events)
    for (const CspEvent &e : list)
      if (e.kind == CspEvent::Send)
        ++ch[static_cast<size_t>(e.channel)].totalSends;
  std::vector<InstanceState> st(events.size());
  const int64_t kNever = std::numeric_limits<int64_t>::max();

  // When instance i's next event would complete, or kNever if it cannot yet.
  auto completion = [&](size_t i) -> int64_t {
    const InstanceState &s = st[i];
    const CspEvent &e = events[i][s.cursor];
    switch (e.kind) {
    case CspEvent::Submit:
    case CspEvent::Close:
      return s.clock;
    case CspEvent::Send: {
      const ChannelState &c = ch[static_cast<size_t>(e.channel)];
      int64_t capacity = channels[static_cast<size_t>(e.channel)].capacity;
      if (capacity == 0) {
        if (s.postedToken < 0)
          return s.clock; // posting the token
        int64_t r = c.recvTime[static_cast<size_t>(s.postedToken)];
        return r < 0 ? kNever : r;
      }
      int64_t k = static_cast<int64_t>(c.sendTime.size());
      if (k < capacity)
        return s.clock;
      if (c.next <= k - capacity)
        return kNever;
      return std::max(s.clock, c.recvTime[static_cast<size_t>(k - capacity)]);
    }
    case CspEvent::Recv: {
      const ChannelState &c = ch[static_cast<size_t>(e.channel)];
      if (c.next >= static_cast<int64_t>(c.sendTime.size()))
        return kNever;
      return std::max(s.clock, c.sendTime[static_cast<size_t>(c.next)] + latency);
    }
    case CspEvent::RecvClosed: {
      const ChannelState &c = ch[static_cast<size_t>(e.channel)];
      if (c.closes < channels[static_cast<size_t>(e.channel)].producers ||
          c.next < c.totalSends)
        return kNever;
      return std::max(s.clock, c.closeTime);
    }
    }
    return kNever;
  };

  auto wait = [&](size_t i, int32_t channel, ptowsp_stall_reason reason, int64_t from,
                  int64_t to) {
    if (to <= from)
      return;
    CspInstanceResult &r = result.instances[i];
    ++r.stalls[reason];
    r.stallCycles[reason] += to - from;
    CspChannelResult &c = result.channels[static_cast<size_t>(channel)];
    (reason == PTOWSP_STALL_CHANNEL_EMPTY_WAIT ? c.emptyWaitCycles : c.fullWaitCycles) +=
        to - from;
    result.spans.push_back({static_cast<int32_t>(i), channel, reason, -1, from, to});
  };

  for (;;) {
    size_t best = events.size();
    int64_t bestTime = kNever;
    bool pending = false;
    for (size_t i = 0; i < events.size(); ++i) {
      if (st[i].cursor >= events[i].size())
        continue;
      pending = true;
      int64_t t = completion(i);
      if (t < bestTime) {
        bestTime = t;
        best = i;
      }
    }
    if (!pending)
      break;
    if (best == events.size()) {
      error = "the simulation of the processes cannot progress (their recorded channel "
              "operations do not match up)";
      return false;
    }
    InstanceState &s = st[best];
    const CspEvent &e = events[best][s.cursor];
    CspInstanceResult &r = result.instances[best];
    switch (e.kind) {
    case CspEvent::Submit:
      result.spans.push_back({static_cast<int32_t>(best), -1, -1, e.task, s.clock,
                              s.clock + submitOverhead});
      s.clock += submitOverhead;
      result.release[static_cast<size_t>(e.task)] = s.clock;
      ++r.tasks;
      ++s.cursor;
      break;
    case CspEvent::Close: {
      ChannelState &c = ch[static_cast<size_t>(e.channel)];
      ++c.closes;
      c.closeTime = std::max(c.closeTime, s.clock);
      ++s.cursor;
      break;
    }
    case CspEvent::Send: {
      ChannelState &c = ch[static_cast<size_t>(e.channel)];
      if (channels[static_cast<size_t>(e.channel)].capacity == 0 && s.postedToken < 0) {
        s.postedToken = static_cast<int64_t>(c.sendTime.size());
        c.sendTime.push_back(s.clock);
        c.recvTime.push_back(-1);
        break; // the send completes when the token is received
      }
      wait(best, e.channel, PTOWSP_STALL_CHANNEL_FULL_WAIT, s.clock, bestTime);
      s.clock = bestTime;
      if (s.postedToken < 0) {
        c.sendTime.push_back(s.clock);
        c.recvTime.push_back(-1);
      }
      s.postedToken = -1;
      ++r.sends;
      ++result.channels[static_cast<size_t>(e.channel)].tokens;
      ++s.cursor;
      break;
    }
    case CspEvent::Recv: {
      ChannelState &c = ch[static_cast<size_t>(e.channel)];
      wait(best, e.channel, PTOWSP_STALL_CHANNEL_EMPTY_WAIT, s.clock, bestTime);
      s.clock = bestTime;
      c.recvTime[static_cast<size_t>(c.next++)] = s.clock;
      ++r.receives;
      ++s.cursor;
      break;
    }
    case CspEvent::RecvClosed:
      wait(best, e.channel, PTOWSP_STALL_CHANNEL_EMPTY_WAIT, s.clock, bestTime);
      s.clock = bestTime;
      ++s.cursor;
      break;
    }
  }

  for (size_t i = 0; i < events.size(); ++i) {
    result.instances[i].endCycle = st[i].clock;
    result.endCycle = std::max(result.endCycle, st[i].clock);
  }
  // Occupancy: tokens sent but not yet received; a receive at the same cycle
  // as a send is counted first.
  for (size_t c = 0; c < ch.size(); ++c) {
    std::vector<std::pair<int64_t, int32_t>> points;
    for (size_t k = 0; k < ch[c].sendTime.size(); ++k) {
      points.push_back({ch[c].sendTime[k], 1});
      if (ch[c].recvTime[k] >= 0)
        points.push_back({ch[c].recvTime[k], -1});
    }
    std::sort(points.begin(), points.end());
    int64_t level = 0;
    for (const auto &p : points) {
      level += p.second;
      result.channels[c].highWater = std::max(result.channels[c].highWater, level);
    }
  }
  return true;
}

} // namespace ptowsp::runtime
