//===- ptowsp_aie_emu_run.h - the emulator's run loop -----------*- C++ -*-===//
//
// Part of PTO-WSP. The out-of-line members of detail::Run (ptowsp_aie_emu.h
// declares it): FIFO acquire/release, shim transfers, the agent threads, the
// supervisor that detects deadlocks and stalls, and the end-of-run checks.
// Included by ptowsp_aie_emu.h only.
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_AIE_EMU_RUN_H
#define PTOWSP_AIE_EMU_RUN_H

#ifndef PTOWSP_AIE_EMU_H
#error "include ptowsp_aie_emu.h, not ptowsp_aie_emu_run.h"
#endif

namespace ptowsp {
namespace aie_emu {

namespace detail {

inline Cursor &Run::cursorFor(int agent, int fifo, Port port, bool bind) {
  FifoState &f = fifos_[fifo];
  std::vector<Cursor> &side = port == Port::Produce ? f.producers : f.consumers;
  for (Cursor &c : side)
    if (c.agent == agent)
      return c;
  const std::string &who = agents_[agent].name;
  if (!bind)
    throw EmulationError(who + " releases @" + fifoName(fifo) + " (" +
                         portName(port) +
                         ") without holding an acquired element");
  for (Cursor &c : side)
    if (c.agent < 0) {
      c.agent = agent;
      return c;
    }
  std::string users;
  for (const Cursor &c : side)
    users += (users.empty() ? "" : ", ") + agents_[c.agent].name;
  throw EmulationError(
      who + " acquires @" + fifoName(fifo) + " (" + portName(port) +
      "), but that FIFO has " + std::to_string(side.size()) +
      (port == Port::Produce ? " producer(s): " : " consumer(s): ") + users);
}

inline std::string Run::describeWait(const Agent &agent, int fifo, Port port,
                                     const Cursor &cursor) {
  const FifoState &f = fifos_[fifo];
  const int depth = f.config->depth;
  std::ostringstream os;
  bool dma = agent.kind == AgentKind::Dma;
  if (dma)
    os << agent.name << " waits for "
       << (port == Port::Consume ? "data" : "a free element") << ": ";
  else
    os << agent.name << " waits to acquire @" << f.config->name << " ("
       << portName(port) << "): ";
  if (port == Port::Consume) {
    os << f.filled() - cursor.acquired << " of " << depth << " elements filled";
    bool anyProducer = false;
    for (const Cursor &c : f.producers)
      anyProducer |= c.agent >= 0;
    if (!anyProducer)
      os << ", nothing has produced into it";
  } else {
    os << depth - (cursor.acquired - f.freed()) << " of " << depth
       << " elements free";
    for (size_t i = 0; i < f.consumers.size(); ++i)
      if (f.consumers[i].released == f.freed() &&
          cursor.acquired - f.freed() >= depth) {
        const Cursor &c = f.consumers[i];
        os << ", held back by "
           << (c.agent < 0 ? "a consumer that never started"
                           : agents_[c.agent].name);
        break;
      }
  }
  if (dma) {
    const DmaChannel &ch = dmas_[dmaOfFifo_[fifo]];
    if (!ch.queue.empty()) {
      const Transfer &t = ch.queue.front();
      os << "; transfer " << t.number << " of " << ch.issued << " (buffer "
         << t.buffer << "), " << t.fifoElementsDone << " of " << t.fifoElements
         << " elements moved";
    }
  }
  return os.str();
}

inline void *Run::acquire(int agent, int fifo, Port port) {
  Lock lock(mutex_);
  if (stopping_)
    throw RunStopped{};
  Agent &a = agents_[agent];
  checkFifo(fifo, a.name);
  FifoState &f = fifos_[fifo];
  Cursor &c = cursorFor(agent, fifo, port, /*bind=*/true);
  const int64_t depth = f.config->depth;
  if (c.acquired - c.released >= depth)
    throw EmulationError(a.name + " acquires more than the " +
                         std::to_string(depth) + " elements of @" +
                         fifoName(fifo) + " (" + portName(port) +
                         ") without releasing");
  auto ready = [&f, &c, port, depth] {
    return port == Port::Produce ? c.acquired < f.freed() + depth
                                 : c.acquired < f.filled();
  };
  waitFor(lock, a, fifo, ready, [this, &a, fifo, port, &c] {
    return describeWait(a, fifo, port, c);
  });
  void *element = f.slot(c.acquired);
  ++c.acquired;
  ++a.acquires;
  progress();
  return element;
}

inline void Run::release(int agent, int fifo, Port port) {
  Lock lock(mutex_);
  if (stopping_)
    throw RunStopped{};
  checkFifo(fifo, agents_[agent].name);
  Cursor &c = cursorFor(agent, fifo, port, /*bind=*/false);
  if (c.released >= c.acquired)
    throw EmulationError(agents_[agent].name + " releases @" + fifoName(fifo) +
                         " (" + portName(port) +
                         ") without holding an acquired element");
  ++c.released;
  progress();
  wakeWaitersOf(fifo);
}

inline void Run::issue(int fifo, Direction direction, int buffer,
                       size_t elementBytes, int64_t offset,
                       std::array<int64_t, 4> sizes,
                       std::array<int64_t, 4> strides) {
  const std::string who = "runtime sequence";
  checkFifo(fifo, who);
  const FifoConfig &f = *fifos_[fifo].config;
  const std::string what =
      who + ": memcpy_nd on @" + f.name + " (" + channelName(direction) + ")";
  if (buffer < 0 || size_t(buffer) >= buffers_.size())
    throw EmulationError(what + ": buffer index " + std::to_string(buffer) +
                         " is out of range (" +
                         std::to_string(buffers_.size()) + " buffers)");
  if (elementBytes == 0)
    throw EmulationError(what + ": element size must be > 0");
  int64_t lowest = offset, highest = offset, elements = 1;
  for (int d = 0; d < 4; ++d) {
    if (sizes[d] < 1)
      throw EmulationError(what + ": size " + std::to_string(sizes[d]) +
                           " in dimension " + std::to_string(d) +
                           " must be at least 1");
    int64_t span = (sizes[d] - 1) * strides[d];
    (span < 0 ? lowest : highest) += span;
    elements *= sizes[d];
  }
  const int64_t eb = int64_t(elementBytes);
  const size_t bufferBytes = bufferBytes_[buffer];
  if (lowest < 0 || uint64_t((highest + 1) * eb) > bufferBytes)
    throw EmulationError(what + ": the access pattern touches bytes [" +
                         std::to_string(lowest * eb) + ", " +
                         std::to_string((highest + 1) * eb) + ") of buffer " +
                         std::to_string(buffer) + ", which has " +
                         std::to_string(bufferBytes) + " bytes");
  const int64_t bytes = elements * eb;
  if (bytes % int64_t(f.elementBytes) != 0)
    throw EmulationError(what + ": moves " + std::to_string(bytes) +
                         " bytes, not a whole number of " +
                         std::to_string(f.elementBytes) + "-byte elements");

  Lock lock(mutex_);
  if (stopping_)
    throw RunStopped{};
  if (dmaOfFifo_[fifo] < 0) {
    dmas_.emplace_back();
    DmaChannel &ch = dmas_.back();
    ch.fifo = fifo;
    ch.direction = direction;
    ch.agent = addAgent(AgentKind::Dma, "shim DMA @" + f.name + " (" +
                                            channelName(direction) + ")");
    dmaOfFifo_[fifo] = int(dmas_.size()) - 1;
    int channel = dmaOfFifo_[fifo];
    start(ch.agent, [this, channel] { dmaThread(channel); });
  }
  DmaChannel &ch = dmas_[dmaOfFifo_[fifo]];
  if (ch.direction != direction)
    throw EmulationError(what + ": @" + f.name + " already has " +
                         channelName(ch.direction) +
                         " transfers; a FIFO's shim channel has one direction");
  Transfer t;
  t.number = ++ch.issued;
  t.buffer = buffer;
  t.elementBytes = elementBytes;
  t.offset = offset;
  t.sizes = sizes;
  t.strides = strides;
  t.fifoElements = bytes / int64_t(f.elementBytes);
  ch.queue.push_back(t);
  progress();
  wakeWaitersOf(fifo);
}

inline void Run::waitTransfers(int fifo) {
  Lock lock(mutex_);
  if (stopping_)
    throw RunStopped{};
  checkFifo(fifo, "runtime sequence");
  if (dmaOfFifo_[fifo] < 0)
    throw EmulationError("runtime sequence waits on @" + fifoName(fifo) +
                         ", which has no shim DMA transfer issued");
  DmaChannel &ch = dmas_[dmaOfFifo_[fifo]];
  const int64_t target = ch.issued;
  waitFor(
      lock, agents_[sequenceAgent_], fifo,
      [&ch, target] { return ch.completed >= target; },
      [this, &ch, target, fifo] {
        return "runtime sequence waits for @" + fifoName(fifo) + ": " +
               std::to_string(ch.completed) + " of " + std::to_string(target) +
               " transfers completed";
      });
}

inline void Run::start(int agent, std::function<void()> body) {
  agents_[agent].thread = std::thread([this, agent, body] {
    try {
      body();
    } catch (const RunStopped &) {
    } catch (const std::exception &e) {
      Lock lock(mutex_);
      const std::string &name = agents_[agent].name;
      std::string message = e.what();
      fail(message.compare(0, name.size(), name) == 0
               ? message
               : name + " failed: " + message);
    } catch (...) {
      Lock lock(mutex_);
      fail(agents_[agent].name + " failed with a non-standard exception");
    }
    Lock lock(mutex_);
    agents_[agent].finished = true;
    progress();
    if (--running_ == 0)
      changed_.notify_one();
  });
}

inline void Run::coreThread(int agent,
                            const std::function<void(Core &)> &body) {
  Core core(*this, agent);
  body(core);
}

inline void Run::linkThread(int agent, const LinkBranch &branch) {
  for (;;) {
    auto *in = static_cast<unsigned char *>(
        acquire(agent, branch.from, Port::Consume));
    auto *out =
        static_cast<unsigned char *>(acquire(agent, branch.to, Port::Produce));
    std::memcpy(out + branch.toOffset, in + branch.fromOffset, branch.bytes);
    release(agent, branch.to, Port::Produce);
    release(agent, branch.from, Port::Consume);
  }
}

inline void Run::dmaThread(int channel) {
  Lock lock(mutex_);
  DmaChannel &ch = dmas_[channel];
  Agent &agent = agents_[ch.agent];
  const FifoConfig &f = *fifos_[ch.fifo].config;
  const Port port =
      ch.direction == Direction::ToDevice ? Port::Produce : Port::Consume;
  for (;;) {
    waitFor(
        lock, agent, ch.fifo, [&ch] { return !ch.queue.empty(); },
        [&agent] { return agent.name + " is idle"; }, /*idle=*/true);
    const Transfer t = ch.queue.front(); // deque front stays put while we work
    PatternWalker walker(buffers_[t.buffer], t);
    for (int64_t e = 0; e < t.fifoElements; ++e) {
      lock.unlock();
      auto *element =
          static_cast<unsigned char *>(acquire(ch.agent, ch.fifo, port));
      walker.walk(f.elementBytes, [&](unsigned char *host, size_t n) {
        if (port == Port::Produce)
          std::memcpy(element, host, n);
        else
          std::memcpy(host, element, n);
        element += n;
      });
      release(ch.agent, ch.fifo, port);
      lock.lock();
      ++ch.queue.front().fifoElementsDone;
    }
    ch.queue.pop_front();
    ++ch.completed;
    progress();
    wakeWaitersOf(ch.fifo);
  }
}

inline void Run::sequenceThread(int agent) {
  (void)agent;
  Sequence sequence(*this);
  config_.sequence(sequence);
}

inline std::string Run::waitReport(bool includeRunning) {
  std::string report;
  for (const Agent &a : agents_) {
    std::string line;
    if (a.blocked && !a.idle)
      line = a.describe();
    else if (!a.blocked && !a.finished && includeRunning)
      line = a.name + " is running (not waiting on the emulator)";
    if (!line.empty())
      report += (report.empty() ? "" : "; ") + line;
  }
  return report;
}

inline std::string Run::leftoverReport() {
  std::string report;
  auto add = [&report](const std::string &line) {
    report += (report.empty() ? "" : "; ") + line;
  };
  for (const DmaChannel &ch : dmas_)
    if (!ch.queue.empty()) {
      const Transfer &t = ch.queue.front();
      add(agents_[ch.agent].name + " left transfer " +
          std::to_string(t.number) + " of " + std::to_string(ch.issued) +
          " (buffer " + std::to_string(t.buffer) +
          ") incomplete: " + std::to_string(t.fifoElementsDone) + " of " +
          std::to_string(t.fifoElements) + " elements moved" +
          (ch.direction == Direction::ToDevice
               ? " (the design consumes less than the runtime sequence sends)"
               : " (the design produces less than the runtime sequence "
                 "receives)"));
    }
  for (const FifoState &f : fifos_) {
    const std::string &name = f.config->name;
    for (const Cursor &c : f.consumers) {
      int64_t left = f.filled() - c.released;
      if (left > 0)
        add("FIFO @" + name + " still holds " + std::to_string(left) +
            " filled element(s) that " +
            (c.agent < 0 ? std::string("nobody") : agents_[c.agent].name) +
            " did not consume");
    }
    for (const Cursor &c : f.producers)
      if (c.acquired > c.released)
        add(agents_[c.agent].name + " acquired " +
            std::to_string(c.acquired - c.released) + " element(s) of @" +
            name + " (Produce) and never released them");
  }
  return report;
}

inline RunStats Run::execute() {
  Lock lock(mutex_);
  progress();
  sequenceAgent_ = addAgent(AgentKind::Sequence, "runtime sequence");
  for (const auto &core : config_.cores)
    coreAgents_.push_back(addAgent(AgentKind::Core, core.first));
  std::vector<int> linkAgents;
  for (const LinkBranch &branch : config_.links)
    linkAgents.push_back(addAgent(AgentKind::Link, branch.name));
  // Started with the lock held: no agent runs before all are registered.
  for (size_t i = 0; i < coreAgents_.size(); ++i) {
    const auto *body = &config_.cores[i].second;
    start(coreAgents_[i],
          [this, agent = coreAgents_[i], body] { coreThread(agent, *body); });
  }
  for (size_t i = 0; i < linkAgents.size(); ++i) {
    const LinkBranch *branch = &config_.links[i];
    start(linkAgents[i], [this, agent = linkAgents[i], branch] {
      linkThread(agent, *branch);
    });
  }
  start(sequenceAgent_, [this] { sequenceThread(sequenceAgent_); });

  bool cleanEnd = false;
  while (!failed_) {
    bool quiet = true, primaryDone = true, anyWaiting = false;
    for (const Agent &a : agents_) {
      if ((a.kind == AgentKind::Core || a.kind == AgentKind::Sequence) &&
          !a.finished)
        primaryDone = false;
      if (!a.finished && !(a.blocked && !a.ready()))
        quiet = false;
      anyWaiting |= a.blocked && !a.idle;
    }
    if (quiet) {
      if (primaryDone)
        cleanEnd = true;
      else
        fail("deadlock: no agent can make progress: " + waitReport(false));
      break;
    }
    const auto deadline = lastProgress_ + timeout_;
    if (anyWaiting && std::chrono::steady_clock::now() >= deadline) {
      fail("stall: no progress for " + std::to_string(timeout_.count()) +
           " ms: " + waitReport(true));
      break;
    }
    // Agents that block while another one runs do not wake the supervisor
    // (see running_), so it also looks again at every stall deadline.
    if (std::chrono::steady_clock::now() >= deadline)
      changed_.wait_for(lock, timeout_);
    else
      changed_.wait_until(lock, deadline);
  }
  // Wake every waiter (they unwind with RunStopped) and join them all. No
  // agent is added once stopping_ is set.
  stop();
  lock.unlock();
  for (Agent &a : agents_)
    if (a.thread.joinable())
      a.thread.join();
  lock.lock();
  if (failed_)
    throw EmulationError(error_);
  if (cleanEnd) {
    std::string leftovers = leftoverReport();
    if (!leftovers.empty())
      throw EmulationError("data volume mismatch: " + leftovers);
  }
  RunStats stats;
  for (const FifoState &f : fifos_)
    stats.fifos.push_back({f.config->name, f.filled()});
  for (int agent : coreAgents_)
    stats.cores.push_back({agents_[agent].name, agents_[agent].acquires});
  return stats;
}

} // namespace detail

} // namespace aie_emu
} // namespace ptowsp

#endif // PTOWSP_AIE_EMU_RUN_H
