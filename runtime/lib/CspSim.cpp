//===- CspSim.cpp - Simulated time of CSP processes (CSPT) ----------------===//
//
// Part of PTO-WSP. A discrete-event replay: repeatedly, among the instances
// whose next event can happen, the one whose event completes earliest (ties:
// lowest instance index) performs it. Completion times never decrease, so
// tokens enter each channel in order of their send times and, with several
// receivers, the next token goes to the receive that can complete first.
//
// Work follows tokens: for a channel c whose receivers are replicas of one
// spawn (or a single instance), each recorded as  prefix, (Recv c, segment)*, RecvClosed c, tail
// (segments and prefix contain no receive on c, the tail none either), and
// which are not receivers of another such channel, a replica that takes token
// k in the simulation performs the segment recorded after token k's receipt
// on the host, by whichever replica received it there, then receives again
// on c; when c is closed and drained it continues with its own tail. Segments
// travel with their tokens, so the result does not depend on the host's
// token-to-replica assignment. Should such a simulation not complete, the
// plain replay of each instance's own events is used instead.
//
//===----------------------------------------------------------------------===//

#include "CspSim.h"

#include <algorithm>
#include <limits>

namespace ptowsp::runtime {

namespace {

struct ChannelState {
  std::vector<int64_t> sendTime; ///< per token, in token order
  std::vector<int64_t> hostId;   ///< per token: the sending event's token id
  std::vector<int64_t> recvTime; ///< per token; -1 until received
  int64_t next = 0;              ///< next token to receive
  int64_t totalSends = 0;        ///< sends recorded over all instances
  int32_t closes = 0;
  int64_t closeTime = 0;
};

struct InstanceState {
  size_t cursor = 0; ///< next own event
  int64_t clock = 0;
  int64_t postedToken = -1; ///< rendezvous send: token posted, waiting for its receive
  // Work follows tokens:
  int32_t follow = -1;  ///< the channel whose tokens carry their work, or -1
  size_t closedAt = 0;  ///< own RecvClosed on `follow`
  bool inLoop = false;  ///< next: receive a token or "closed" on `follow`
  int32_t segSrc = -1;  ///< performing events[segSrc][segPos, segEnd), or -1
  size_t segPos = 0, segEnd = 0;
};

/// The events recorded after a token's receipt on the host.
struct Segment {
  int32_t src = -1;
  size_t begin = 0, end = 0;
};

bool isReceiveOn(const CspEvent &e, int32_t channel) {
  return (e.kind == CspEvent::Recv || e.kind == CspEvent::RecvClosed) && e.channel == channel;
}

/// Chooses the work-follow channels: per instance its channel (or -1), per
/// channel the segment of every host token id.
void planWorkFollow(const std::vector<std::vector<CspEvent>> &events,
                    const std::vector<int32_t> &spawnGroup, size_t numChannels,
                    const std::vector<int64_t> &totalSends, std::vector<int32_t> &follow,
                    std::vector<size_t> &closedAt, std::vector<std::vector<Segment>> &segments) {
  follow.assign(events.size(), -1);
  closedAt.assign(events.size(), 0);
  segments.assign(numChannels, {});
  if (spawnGroup.size() != events.size())
    return;
  std::vector<std::vector<int32_t>> receivers(numChannels);
  for (size_t i = 0; i < events.size(); ++i)
    for (const CspEvent &e : events[i])
      if (e.kind == CspEvent::Recv || e.kind == CspEvent::RecvClosed) {
        auto &r = receivers[static_cast<size_t>(e.channel)];
        if (r.empty() || r.back() != static_cast<int32_t>(i))
          r.push_back(static_cast<int32_t>(i));
      }
  std::vector<char> candidate(numChannels, 0);
  for (size_t c = 0; c < numChannels; ++c) {
    const auto &r = receivers[c];
    if (r.empty())
      continue;
    bool ok = true;
    for (int32_t i : r) {
      ok = ok && spawnGroup[static_cast<size_t>(i)] == spawnGroup[static_cast<size_t>(r[0])];
      int closed = 0;
      for (const CspEvent &e : events[static_cast<size_t>(i)])
        if (isReceiveOn(e, static_cast<int32_t>(c))) {
          ok = ok && closed == 0; // nothing on c after the closed receive
          closed += e.kind == CspEvent::RecvClosed;
        }
      ok = ok && closed == 1;
    }
    candidate[c] = ok;
  }
  // An instance follows at most one channel.
  std::vector<int> count(events.size(), 0);
  for (size_t c = 0; c < numChannels; ++c)
    if (candidate[c])
      for (int32_t i : receivers[c])
        ++count[static_cast<size_t>(i)];
  for (size_t c = 0; c < numChannels; ++c) {
    if (!candidate[c])
      continue;
    for (int32_t i : receivers[c])
      if (count[static_cast<size_t>(i)] > 1)
        candidate[c] = 0;
    if (!candidate[c])
      continue;
    // Every host token id must be received exactly once.
    std::vector<Segment> seg(static_cast<size_t>(totalSends[c]));
    std::vector<size_t> closes(receivers[c].size());
    bool ok = true;
    for (size_t n = 0; n < receivers[c].size() && ok; ++n) {
      size_t i = static_cast<size_t>(receivers[c][n]);
      const auto &list = events[i];
      for (size_t pos = 0; pos < list.size() && ok; ++pos) {
        if (!isReceiveOn(list[pos], static_cast<int32_t>(c)))
          continue;
        if (list[pos].kind == CspEvent::RecvClosed) {
          closes[n] = pos;
          continue;
        }
        size_t end = pos + 1;
        while (!isReceiveOn(list[end], static_cast<int32_t>(c))) // ends at RecvClosed
          ++end;
        int64_t id = list[pos].token;
        if (id < 0 || id >= totalSends[c] || seg[static_cast<size_t>(id)].src >= 0) {
          ok = false;
          break;
        }
        seg[static_cast<size_t>(id)] = {static_cast<int32_t>(i), pos + 1, end};
      }
    }
    for (const Segment &g : seg)
      ok = ok && g.src >= 0;
    if (!ok)
      continue;
    for (size_t n = 0; n < receivers[c].size(); ++n) {
      follow[static_cast<size_t>(receivers[c][n])] = static_cast<int32_t>(c);
      closedAt[static_cast<size_t>(receivers[c][n])] = closes[n];
    }
    segments[c] = std::move(seg);
  }
}

/// One replay of the recorded events, with or without work following tokens.
class Replay {
public:
  Replay(const std::vector<std::vector<CspEvent>> &events,
         const std::vector<int32_t> &spawnGroup, const std::vector<CspChannelDesc> &channels,
         int64_t numTasks, int64_t submitOverhead, int64_t latency, bool workFollow,
         CspResult &result);

  /// Performs every event; false with `error` if the replay gets stuck.
  bool run(std::string &error);

private:
  static constexpr int64_t kNever = std::numeric_limits<int64_t>::max();

  void planWork(const std::vector<int32_t> &spawnGroup);
  /// Moves past finished segments and into the receive loop of `follow`.
  void settle(size_t i);
  bool finished(size_t i) const;
  bool inReceiveLoop(size_t i) const { return st[i].inLoop && st[i].segSrc < 0; }
  /// The next event of instance i (not finished, not in the receive loop).
  const CspEvent &current(size_t i) const;
  void advance(size_t i);
  /// When instance i's next step would complete, or kNever if it cannot yet.
  int64_t completion(size_t i) const;
  int64_t loopReceiveCompletion(size_t i) const;
  int64_t eventCompletion(size_t i, const CspEvent &e) const;
  void wait(size_t i, int32_t channel, ptowsp_stall_reason reason, int64_t from, int64_t to);
  /// The receive loop's step at `time`: take a token and its segment, or
  /// leave the loop for the own tail once the channel is closed and drained.
  bool loopReceive(size_t i, int64_t time, std::string &error);
  void perform(size_t i, const CspEvent &e, int64_t time);
  void recordEndCycles();
  void recordHighWater();

  const std::vector<std::vector<CspEvent>> &events;
  const std::vector<CspChannelDesc> &channels;
  const int64_t submitOverhead, latency;
  CspResult &result;
  std::vector<ChannelState> ch;
  std::vector<InstanceState> st;
  std::vector<std::vector<Segment>> segments;
  int64_t submits = 0;
};

Replay::Replay(const std::vector<std::vector<CspEvent>> &events,
               const std::vector<int32_t> &spawnGroup,
               const std::vector<CspChannelDesc> &channels, int64_t numTasks,
               int64_t submitOverhead, int64_t latency, bool workFollow, CspResult &result)
    : events(events), channels(channels), submitOverhead(submitOverhead), latency(latency),
      result(result), ch(channels.size()), st(events.size()), segments(channels.size()) {
  result = CspResult();
  result.release.assign(static_cast<size_t>(numTasks), -1);
  result.issuer.assign(static_cast<size_t>(numTasks), -1);
  result.issueSeq.assign(static_cast<size_t>(numTasks), -1);
  result.instances.resize(events.size());
  result.channels.resize(channels.size());
  for (const auto &list : events)
    for (const CspEvent &e : list)
      if (e.kind == CspEvent::Send)
        ++ch[static_cast<size_t>(e.channel)].totalSends;
  if (workFollow)
    planWork(spawnGroup);
  for (size_t i = 0; i < events.size(); ++i)
    settle(i);
}

void Replay::planWork(const std::vector<int32_t> &spawnGroup) {
  std::vector<int64_t> totalSends;
  for (const ChannelState &c : ch)
    totalSends.push_back(c.totalSends);
  std::vector<int32_t> follow;
  std::vector<size_t> closedAt;
  planWorkFollow(events, spawnGroup, channels.size(), totalSends, follow, closedAt, segments);
  for (size_t i = 0; i < events.size(); ++i) {
    st[i].follow = follow[i];
    st[i].closedAt = closedAt[i];
  }
}

void Replay::settle(size_t i) {
  InstanceState &s = st[i];
  if (s.segSrc >= 0 && s.segPos >= s.segEnd)
    s.segSrc = -1;
  if (s.segSrc < 0 && !s.inLoop && s.follow >= 0 && s.cursor < events[i].size() &&
      isReceiveOn(events[i][s.cursor], s.follow))
    s.inLoop = true;
}

bool Replay::finished(size_t i) const {
  const InstanceState &s = st[i];
  return s.segSrc < 0 && !s.inLoop && s.cursor >= events[i].size();
}

const CspEvent &Replay::current(size_t i) const {
  const InstanceState &s = st[i];
  return s.segSrc >= 0 ? events[static_cast<size_t>(s.segSrc)][s.segPos] : events[i][s.cursor];
}

void Replay::advance(size_t i) {
  InstanceState &s = st[i];
  if (s.segSrc >= 0)
    ++s.segPos;
  else
    ++s.cursor;
  settle(i);
}

int64_t Replay::completion(size_t i) const {
  return inReceiveLoop(i) ? loopReceiveCompletion(i) : eventCompletion(i, current(i));
}

int64_t Replay::loopReceiveCompletion(size_t i) const {
  const InstanceState &s = st[i];
  const ChannelState &c = ch[static_cast<size_t>(s.follow)];
  if (c.next < static_cast<int64_t>(c.sendTime.size()))
    return std::max(s.clock, c.sendTime[static_cast<size_t>(c.next)] + latency);
  if (c.closes >= channels[static_cast<size_t>(s.follow)].producers && c.next >= c.totalSends)
    return std::max(s.clock, c.closeTime);
  return kNever;
}

int64_t Replay::eventCompletion(size_t i, const CspEvent &e) const {
  const InstanceState &s = st[i];
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
    if (c.closes < channels[static_cast<size_t>(e.channel)].producers || c.next < c.totalSends)
      return kNever;
    return std::max(s.clock, c.closeTime);
  }
  }
  return kNever;
}

void Replay::wait(size_t i, int32_t channel, ptowsp_stall_reason reason, int64_t from,
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
}

bool Replay::loopReceive(size_t i, int64_t time, std::string &error) {
  InstanceState &s = st[i];
  ChannelState &c = ch[static_cast<size_t>(s.follow)];
  wait(i, s.follow, PTOWSP_STALL_CHANNEL_EMPTY_WAIT, s.clock, time);
  s.clock = time;
  if (c.next < static_cast<int64_t>(c.sendTime.size())) {
    int64_t k = c.next++;
    c.recvTime[static_cast<size_t>(k)] = s.clock;
    ++result.instances[i].receives;
    int64_t id = c.hostId[static_cast<size_t>(k)];
    const auto &seg = segments[static_cast<size_t>(s.follow)];
    if (id < 0 || id >= static_cast<int64_t>(seg.size())) {
      error = "work follows tokens: a token without a recorded receipt";
      return false;
    }
    const Segment &g = seg[static_cast<size_t>(id)];
    s.segSrc = g.src;
    s.segPos = g.begin;
    s.segEnd = g.end;
  } else {
    s.inLoop = false; // closed: continue with the own tail
    s.cursor = s.closedAt + 1;
  }
  settle(i);
  return true;
}

void Replay::perform(size_t i, const CspEvent &e, int64_t time) {
  InstanceState &s = st[i];
  CspInstanceResult &r = result.instances[i];
  switch (e.kind) {
  case CspEvent::Submit:
    result.spans.push_back(
        {static_cast<int32_t>(i), -1, -1, e.task, s.clock, s.clock + submitOverhead});
    s.clock += submitOverhead;
    result.release[static_cast<size_t>(e.task)] = s.clock;
    result.issuer[static_cast<size_t>(e.task)] = static_cast<int32_t>(i);
    result.issueSeq[static_cast<size_t>(e.task)] = submits++;
    ++r.tasks;
    advance(i);
    break;
  case CspEvent::Close: {
    ChannelState &c = ch[static_cast<size_t>(e.channel)];
    ++c.closes;
    c.closeTime = std::max(c.closeTime, s.clock);
    advance(i);
    break;
  }
  case CspEvent::Send: {
    ChannelState &c = ch[static_cast<size_t>(e.channel)];
    if (channels[static_cast<size_t>(e.channel)].capacity == 0 && s.postedToken < 0) {
      s.postedToken = static_cast<int64_t>(c.sendTime.size());
      c.sendTime.push_back(s.clock);
      c.recvTime.push_back(-1);
      c.hostId.push_back(e.token);
      break; // the send completes when the token is received
    }
    wait(i, e.channel, PTOWSP_STALL_CHANNEL_FULL_WAIT, s.clock, time);
    s.clock = time;
    if (s.postedToken < 0) {
      c.sendTime.push_back(s.clock);
      c.recvTime.push_back(-1);
      c.hostId.push_back(e.token);
    }
    s.postedToken = -1;
    ++r.sends;
    ++result.channels[static_cast<size_t>(e.channel)].tokens;
    advance(i);
    break;
  }
  case CspEvent::Recv: {
    ChannelState &c = ch[static_cast<size_t>(e.channel)];
    wait(i, e.channel, PTOWSP_STALL_CHANNEL_EMPTY_WAIT, s.clock, time);
    s.clock = time;
    c.recvTime[static_cast<size_t>(c.next++)] = s.clock;
    ++r.receives;
    advance(i);
    break;
  }
  case CspEvent::RecvClosed:
    wait(i, e.channel, PTOWSP_STALL_CHANNEL_EMPTY_WAIT, s.clock, time);
    s.clock = time;
    advance(i);
    break;
  }
}

bool Replay::run(std::string &error) {
  for (;;) {
    size_t best = events.size();
    int64_t bestTime = kNever;
    bool pending = false;
    for (size_t i = 0; i < events.size(); ++i) {
      if (finished(i))
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
    if (inReceiveLoop(best)) {
      if (!loopReceive(best, bestTime, error))
        return false;
      continue;
    }
    perform(best, current(best), bestTime);
  }
  recordEndCycles();
  recordHighWater();
  return true;
}

void Replay::recordEndCycles() {
  for (size_t i = 0; i < events.size(); ++i) {
    result.instances[i].endCycle = st[i].clock;
    result.endCycle = std::max(result.endCycle, st[i].clock);
  }
}

/// Occupancy: tokens sent but not yet received; a receive at the same cycle
/// as a send is counted first.
void Replay::recordHighWater() {
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
}

bool runCsp(const std::vector<std::vector<CspEvent>> &events,
            const std::vector<int32_t> &spawnGroup, const std::vector<CspChannelDesc> &channels,
            int64_t numTasks, int64_t submitOverhead, int64_t latency, bool workFollow,
            CspResult &result, std::string &error) {
  Replay replay(events, spawnGroup, channels, numTasks, submitOverhead, latency, workFollow,
                result);
  return replay.run(error);
}

} // namespace

bool simulateCsp(const std::vector<std::vector<CspEvent>> &events,
                 const std::vector<int32_t> &spawnGroup,
                 const std::vector<CspChannelDesc> &channels, int64_t numTasks,
                 int64_t submitOverhead, int64_t latency, CspResult &result,
                 std::string &error) {
  if (runCsp(events, spawnGroup, channels, numTasks, submitOverhead, latency, true, result,
             error))
    return true;
  error.clear();
  return runCsp(events, spawnGroup, channels, numTasks, submitOverhead, latency, false, result,
                error);
}

} // namespace ptowsp::runtime
