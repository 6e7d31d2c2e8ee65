//===- ptowsp_aie_emu.h - run an mlir-aie design on the CPU -----*- C++ -*-===//
//
// Part of PTO-WSP. Header-only, C++17, needs -pthread.
//
// The AIE target writes an mlir-aie design (design.mlir) and, next to it,
// emu/design_emu.cpp: the same design transcribed onto this library so that it
// runs without an NPU. The model, one host thread per hardware agent:
//
//   * A core (aie.core) is a thread running the core body. It reaches FIFO
//     elements only through Core::acquire / Core::release, like
//     aie.objectfifo.acquire / release on the device.
//   * An object FIFO (aie.objectfifo) is a ring of `depth` element buffers of
//     a fixed byte size, with a producer side and a consumer side. acquire
//     blocks until an element is free (Produce) or filled (Consume); release
//     hands it to the other side. A FIFO may have several consumers
//     (broadcast: every consumer sees every element; an element is free again
//     once all of them released it) and, as the output of a join link,
//     several producers (each fills its part; the element is filled once all
//     of them released it).
//   * A memtile link (aie.objectfifo.link) is one forwarding thread per
//     branch: it consumes an element of the input and produces it into the
//     output. A distribute link (one input, N outputs) splits each input
//     element into consecutive parts of the outputs' element sizes; a join
//     link (N inputs, one output) concatenates.
//   * A shim DMA channel is one thread per FIFO that the runtime sequence
//     moves data on. It executes that FIFO's transfers
//     (aiex.npu.dma_memcpy_nd) in issue order, walking the 4-D access pattern
//     over a host buffer and cutting the byte stream into FIFO elements.
//   * The runtime sequence (aiex.runtime_sequence) is a thread issuing
//     transfers (non-blocking) and waiting for them (aiex.npu.dma_wait).
//
// Design::run starts every agent, supervises them and joins them all before
// it returns or throws. All shared state sits behind one mutex; a waiting
// agent sleeps on its own condition variable, woken only by changes to the
// FIFO it waits on; nothing spins. The supervisor knows
// each waiting agent's wake-up condition, so it detects a deadlock as soon as
// every live agent waits on a condition that is false: nobody can change
// anything any more. A stall (no agent made progress for `stallTimeout` while
// some wait, e.g. behind a core stuck in its body) is reported after the
// timeout. Either way every waiter is woken and unwinds, and the error lists
// what each agent waits for. After a clean end (the sequence and every core
// returned and the links and DMAs went quiet) leftover elements in FIFOs and
// incomplete transfers are errors: the design and the runtime sequence
// disagree about the data volume.
//
// A Design can be run any number of times, one run at a time: each run gets
// fresh FIFOs, DMA channels and statistics. A second concurrent run() on the
// same Design throws EmulationError.
//
// Limits: the emulator cannot interrupt a core body that never calls back
// into it (an endless loop in a kernel); such a stall is detected but the
// run returns only when the body does. Timing is not modelled.
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_AIE_EMU_H
#define PTOWSP_AIE_EMU_H

#include <algorithm>
#include <array>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <new>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace ptowsp {
namespace aie_emu {

/// Which side of an object FIFO an agent uses.
enum class Port { Produce, Consume };

/// Direction of a shim DMA transfer, seen from the device.
enum class Direction {
  ToDevice,  ///< MM2S: host buffer -> FIFO
  FromDevice ///< S2MM: FIFO -> host buffer
};

/// Every failure of the emulator: an invalid design, an invalid transfer, a
/// deadlock or stall, a failing core, a data-volume mismatch.
class EmulationError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// Per-FIFO statistics of one run.
struct FifoStats {
  std::string name;
  int64_t elements = 0; ///< elements filled (by all producers) during the run
};

/// Per-core statistics of one run.
struct CoreStats {
  std::string name;
  int64_t acquires = 0; ///< successful Core::acquire calls
};

/// What Design::run returns on success; FIFOs and cores in creation order.
struct RunStats {
  std::vector<FifoStats> fifos;
  std::vector<CoreStats> cores;
};

class Core;
class Sequence;
class Design;

namespace detail {

/// Thrown inside an agent when the run is being stopped, so that the agent's
/// body unwinds. Deliberately not a std::exception: a core body that catches
/// std::exception does not swallow it.
struct RunStopped {};

inline const char *portName(Port port) {
  return port == Port::Produce ? "Produce" : "Consume";
}

inline const char *channelName(Direction direction) {
  return direction == Direction::ToDevice ? "MM2S" : "S2MM";
}

/// A FIFO as declared by Design::add_fifo and the links attached to it.
struct FifoConfig {
  std::string name;
  int depth = 1;
  size_t elementBytes = 0;
  int producers = 1;
  int consumers = 1;
  bool joinOutput = false;      // producers set by a join link
  bool distributeInput = false; // consumers set by a distribute link
};

/// One forwarding branch of a memtile link: copy `bytes` bytes between
/// element byte `fromOffset` of `from` and `toOffset` of `to`.
struct LinkBranch {
  std::string name;
  int from = 0, to = 0;
  size_t fromOffset = 0, toOffset = 0, bytes = 0;
};

/// The static part of a design, shared by all its runs.
struct DesignConfig {
  std::vector<FifoConfig> fifos;
  std::vector<LinkBranch> links;
  std::vector<std::pair<std::string, std::function<void(Core &)>>> cores;
  std::function<void(Sequence &)> sequence;
};

/// One agent's position on one side of a FIFO, counted in elements since the
/// start of the run: it holds elements [released, acquired).
struct Cursor {
  int agent = -1; // -1: no agent has used this side yet
  int64_t acquired = 0;
  int64_t released = 0;
};

/// Element storage aligned for any kernel data type (and cache lines).
struct AlignedFree {
  void operator()(unsigned char *p) const {
    ::operator delete(p, std::align_val_t(64));
  }
};

/// The run-time state of one FIFO.
struct FifoState {
  const FifoConfig *config = nullptr;
  size_t slotBytes = 0; // element size rounded up to the alignment
  std::unique_ptr<unsigned char, AlignedFree> storage;
  std::vector<Cursor> producers, consumers;

  explicit FifoState(const FifoConfig &c)
      : config(&c), producers(c.producers), consumers(c.consumers) {
    slotBytes = (c.elementBytes + 63) / 64 * 64;
    storage.reset(static_cast<unsigned char *>(
        ::operator new(slotBytes *c.depth, std::align_val_t(64))));
    std::memset(storage.get(), 0, slotBytes * c.depth);
  }
  /// Elements that every producer has released.
  int64_t filled() const {
    int64_t n = producers[0].released;
    for (const Cursor &c : producers)
      n = std::min(n, c.released);
    return n;
  }
  /// Elements that every consumer has released.
  int64_t freed() const {
    int64_t n = consumers[0].released;
    for (const Cursor &c : consumers)
      n = std::min(n, c.released);
    return n;
  }
  unsigned char *slot(int64_t element) {
    return storage.get() + slotBytes * (element % config->depth);
  }
};

enum class AgentKind { Core, Link, Dma, Sequence };

/// A thread of the emulated device, and what it currently waits for.
struct Agent {
  AgentKind kind;
  std::string name;
  bool finished = false;
  bool blocked = false;
  bool idle = false; // blocked without work (a DMA channel with no transfer)
  std::function<bool()> ready;           // while blocked: the wake-up condition
  std::function<std::string()> describe; // while blocked: what it waits for
  int waitingOn = -1; // while blocked: the FIFO whose changes can wake it
  std::condition_variable wake;
  int64_t acquires = 0;
  std::thread thread;
  Agent(AgentKind k, std::string n) : kind(k), name(std::move(n)) {}
};

/// One shim DMA transfer, validated when issued.
struct Transfer {
  int64_t number = 0; // 1-based, per channel
  int buffer = 0;
  size_t elementBytes = 0;
  int64_t offset = 0;
  std::array<int64_t, 4> sizes{}, strides{};
  int64_t fifoElements = 0; // FIFO elements this transfer moves
  int64_t fifoElementsDone = 0;
};

/// The DMA channel of one FIFO: its queue, served by one thread.
struct DmaChannel {
  int fifo = 0;
  int agent = 0;
  Direction direction = Direction::ToDevice;
  std::deque<Transfer> queue; // front is in progress
  int64_t issued = 0, completed = 0;
};

/// Walks a 4-D access pattern as a byte stream, contiguous run by run.
class PatternWalker {
public:
  PatternWalker(unsigned char *base, const Transfer &t)
      : base_(base), t_(t), contiguousInner_(t.strides[3] == 1) {
    runBytes_ =
        contiguousInner_ ? size_t(t.sizes[3]) * t.elementBytes : t.elementBytes;
  }
  /// Calls visit(patternBytes, n) for the next `bytes` bytes of the stream.
  template <typename Visit> void walk(size_t bytes, Visit visit) {
    while (bytes > 0) {
      size_t n = std::min(bytes, runBytes_ - inRun_);
      visit(runStart() + inRun_, n);
      bytes -= n;
      inRun_ += n;
      if (inRun_ == runBytes_) {
        inRun_ = 0;
        nextRun();
      }
    }
  }

private:
  unsigned char *runStart() const {
    int64_t element = t_.offset + index_[0] * t_.strides[0] +
                      index_[1] * t_.strides[1] + index_[2] * t_.strides[2] +
                      (contiguousInner_ ? 0 : index_[3] * t_.strides[3]);
    return base_ + element * int64_t(t_.elementBytes);
  }
  void nextRun() {
    int dim = 3;
    if (contiguousInner_)
      index_[3] = t_.sizes[3] - 1; // the whole innermost row was one run
    while (dim >= 0 && ++index_[dim] == t_.sizes[dim]) {
      index_[dim] = 0;
      --dim;
    }
  }
  unsigned char *base_;
  Transfer t_;
  bool contiguousInner_;
  size_t runBytes_ = 0, inRun_ = 0;
  std::array<int64_t, 4> index_{};
};

/// The state of one Design::run: agents, FIFOs, DMA channels, supervisor.
class Run {
public:
  Run(const DesignConfig &config, void *const *buffers,
      const size_t *bufferBytes, int count, std::chrono::milliseconds timeout)
      : config_(config), timeout_(timeout) {
    for (int i = 0; i < count; ++i) {
      buffers_.push_back(static_cast<unsigned char *>(buffers[i]));
      bufferBytes_.push_back(bufferBytes[i]);
    }
    for (const FifoConfig &f : config.fifos)
      fifos_.emplace_back(f);
    dmaOfFifo_.assign(config.fifos.size(), -1);
  }

  RunStats execute();

  // Entry points of Core and Sequence; each takes the lock itself.
  void *acquire(int agent, int fifo, Port port);
  void release(int agent, int fifo, Port port);
  void issue(int fifo, Direction direction, int buffer, size_t elementBytes,
             int64_t offset, std::array<int64_t, 4> sizes,
             std::array<int64_t, 4> strides);
  void waitTransfers(int fifo);
  const std::string &agentName(int agent) {
    std::lock_guard<std::mutex> lock(mutex_);
    return agents_[agent].name;
  }

private:
  using Lock = std::unique_lock<std::mutex>;

  int addAgent(AgentKind kind, std::string name) {
    agents_.emplace_back(kind, std::move(name));
    ++running_;
    return int(agents_.size()) - 1;
  }
  void start(int agent, std::function<void()> body);
  void progress() { lastProgress_ = std::chrono::steady_clock::now(); }
  /// Records the first error and stops the run. Called with the lock held.
  void fail(const std::string &message) {
    if (!failed_) {
      failed_ = true;
      error_ = message;
    }
    stop();
  }
  /// Sets stopping_ and wakes everybody. Called with the lock held.
  void stop() {
    stopping_ = true;
    for (Agent &a : agents_)
      a.wake.notify_one();
    changed_.notify_one();
  }
  /// Wakes the agents whose wake-up condition depends on `fifo` (its
  /// elements, or its DMA channel's queue). Called with the lock held.
  void wakeWaitersOf(int fifo) {
    for (Agent &a : agents_)
      if (a.blocked && a.waitingOn == fifo)
        a.wake.notify_one();
  }
  /// Blocks `agent` until `ready()`, which only a change to `fifo` can make
  /// true (or until the run stops: throws RunStopped). Each agent sleeps on
  /// its own condition variable, so a release wakes only that FIFO's waiters.
  void waitFor(Lock &lock, Agent &agent, int fifo, std::function<bool()> ready,
               std::function<std::string()> describe, bool idle = false) {
    if (stopping_)
      throw RunStopped{};
    if (ready())
      return;
    agent.blocked = true;
    agent.idle = idle;
    agent.waitingOn = fifo;
    agent.ready = ready;
    agent.describe = std::move(describe);
    if (--running_ == 0)
      changed_.notify_one(); // the supervisor checks for a deadlock
    agent.wake.wait(lock, [&] { return stopping_ || ready(); });
    ++running_;
    agent.blocked = agent.idle = false;
    agent.waitingOn = -1;
    agent.ready = nullptr;
    agent.describe = nullptr;
    if (stopping_)
      throw RunStopped{};
  }
  void checkFifo(int fifo, const std::string &who) const {
    if (fifo < 0 || size_t(fifo) >= fifos_.size())
      throw EmulationError(who + ": FIFO id " + std::to_string(fifo) +
                           " is out of range (the design has " +
                           std::to_string(fifos_.size()) + " FIFOs)");
  }
  const std::string &fifoName(int fifo) const {
    return fifos_[fifo].config->name;
  }
  Cursor &cursorFor(int agent, int fifo, Port port, bool bind);
  std::string describeWait(const Agent &agent, int fifo, Port port,
                           const Cursor &cursor);
  std::string waitReport(bool includeRunning);
  std::string leftoverReport();
  void coreThread(int agent, const std::function<void(Core &)> &body);
  void linkThread(int agent, const LinkBranch &branch);
  void dmaThread(int channel);
  void sequenceThread(int agent);

  const DesignConfig &config_;
  std::chrono::milliseconds timeout_;
  std::vector<unsigned char *> buffers_;
  std::vector<size_t> bufferBytes_;

  std::mutex mutex_;
  std::condition_variable changed_; // wakes the supervisor (execute)
  bool stopping_ = false;
  bool failed_ = false;
  std::string error_;
  std::chrono::steady_clock::time_point lastProgress_;
  // Agents neither finished nor blocked. Only when it drops to 0 can the run
  // have gone quiet (a deadlock or the end), so only then is the supervisor
  // woken; it checks the blocked agents' conditions itself.
  int running_ = 0;
  std::deque<Agent> agents_; // deque: references stay valid as DMAs are added
  std::deque<FifoState> fifos_;
  std::deque<DmaChannel> dmas_;
  std::vector<int> dmaOfFifo_;
  int sequenceAgent_ = -1;
  std::vector<int> coreAgents_;
};

} // namespace detail

//===----------------------------------------------------------------------===//
// The API used by generated design_emu.cpp
//===----------------------------------------------------------------------===//

/// Handed to a core body, which runs on its own thread: the core's access to
/// its object FIFOs.
class Core {
public:
  /// Acquires one element and returns its buffer; blocks until there is one.
  /// Produce: a free element to fill; Consume: the oldest filled element not
  /// yet acquired by this core. Acquiring again before releasing gives the
  /// next element (a core may hold up to `depth` elements of a FIFO, like
  /// aie.objectfifo.acquire with a count > 1).
  void *acquire(int fifo, Port port) {
    return run_.acquire(agent_, fifo, port);
  }
  /// acquire() with the element viewed as an array of T.
  template <typename T> T *acquire_as(int fifo, Port port) {
    return static_cast<T *>(acquire(fifo, port));
  }
  /// Releases the oldest element this core holds on that side. Produce: it
  /// becomes filled (visible to the consumers); Consume: it becomes free.
  void release(int fifo, Port port) { run_.release(agent_, fifo, port); }
  /// The core's name as given to Design::add_core.
  const std::string &name() const { return run_.agentName(agent_); }

private:
  friend class detail::Run;
  Core(detail::Run &run, int agent) : run_(run), agent_(agent) {}
  detail::Run &run_;
  int agent_;
};

/// Handed to the runtime sequence body, which runs on its own thread.
class Sequence {
public:
  /// Issues one shim DMA transfer on `fifo`'s shim channel and returns at
  /// once. The pattern enumerates elements of `elementBytes` bytes at byte
  /// address buffers[buffer] + elementBytes * (offset + i3*strides[0] +
  /// i2*strides[1] + i1*strides[2] + i0*strides[3]) for i3 < sizes[0], ...,
  /// i0 < sizes[3] (outermost first, like mlir-aie's lists). The byte stream
  /// is cut into FIFO elements. Transfers on one FIFO run in issue order.
  /// Throws EmulationError for an invalid transfer (bad FIFO or buffer index,
  /// a size < 1, an address outside the buffer, a volume that is not a whole
  /// number of FIFO elements, a FIFO used in both directions).
  void memcpy_nd(int fifo, Direction dir, int buffer, size_t elementBytes,
                 int64_t offset, std::array<int64_t, 4> sizes,
                 std::array<int64_t, 4> strides) {
    run_.issue(fifo, dir, buffer, elementBytes, offset, sizes, strides);
  }
  /// Blocks until every transfer issued on `fifo` so far has completed.
  /// Waiting on a FIFO without any issued transfer is an EmulationError.
  void wait(int fifo) { run_.waitTransfers(fifo); }

private:
  friend class detail::Run;
  explicit Sequence(detail::Run &run) : run_(run) {}
  detail::Run &run_;
};

/// An mlir-aie design: FIFOs, links, cores and the runtime sequence.
class Design {
public:
  /// Declares an object FIFO; returns its id (0, 1, ... in creation order).
  /// `consumers` > 1 makes it a broadcast FIFO: each of that many consuming
  /// agents receives every element.
  int add_fifo(std::string name, int depth, size_t elementBytes,
               int consumers = 1) {
    if (depth < 1)
      throw EmulationError("FIFO @" + name + ": depth " +
                           std::to_string(depth) + " must be at least 1");
    if (elementBytes == 0)
      throw EmulationError("FIFO @" + name + ": element size must be > 0");
    if (consumers < 1)
      throw EmulationError("FIFO @" + name + ": needs at least one consumer");
    detail::FifoConfig fifo;
    fifo.name = std::move(name);
    fifo.depth = depth;
    fifo.elementBytes = elementBytes;
    fifo.consumers = consumers;
    config_.fifos.push_back(std::move(fifo));
    return int(config_.fifos.size()) - 1;
  }

  /// A memtile link: forwards every element of `from` (as its consumer) into
  /// `to` (as its producer). The element sizes must be equal.
  void add_link(int from, int to) {
    checkFifo(from, "add_link");
    checkFifo(to, "add_link");
    const detail::FifoConfig &f = config_.fifos[from], &t = config_.fifos[to];
    if (f.elementBytes != t.elementBytes)
      throw EmulationError("link @" + f.name + " -> @" + t.name +
                           ": element sizes differ (" +
                           std::to_string(f.elementBytes) + " vs " +
                           std::to_string(t.elementBytes) + " bytes)");
    config_.links.push_back(
        {"link @" + f.name + " -> @" + t.name, from, to, 0, 0, f.elementBytes});
  }

  /// A distribute (one `from`, several `to`) or join (several `from`, one
  /// `to`) memtile link, like aie.objectfifo.link with offsets: each element
  /// of the single side is the concatenation, in list order, of one element
  /// of each FIFO on the other side, so the element sizes of the many side
  /// must add up to the single side's. One forwarding thread per branch.
  void add_link(const std::vector<int> &from, const std::vector<int> &to) {
    if (from.size() == 1 && to.size() == 1)
      return add_link(from[0], to[0]);
    if (from.empty() || to.empty() || (from.size() > 1 && to.size() > 1))
      throw EmulationError("add_link: a link joins several FIFOs into one or "
                           "distributes one into several");
    for (int id : from)
      checkFifo(id, "add_link");
    for (int id : to)
      checkFifo(id, "add_link");
    bool distribute = from.size() == 1;
    detail::FifoConfig &single = config_.fifos[distribute ? from[0] : to[0]];
    const std::vector<int> &many = distribute ? to : from;
    size_t total = 0;
    for (int id : many)
      total += config_.fifos[id].elementBytes;
    std::string what = std::string(distribute ? "distribute" : "join") +
                       " link of @" + single.name;
    if (total != single.elementBytes)
      throw EmulationError(
          what + ": the parts add up to " + std::to_string(total) +
          " bytes, but @" + single.name + " has " +
          std::to_string(single.elementBytes) + "-byte elements");
    if (distribute ? (single.consumers != 1 || single.distributeInput)
                   : single.joinOutput)
      throw EmulationError(what + ": @" + single.name +
                           " already has other consumers or producers");
    (distribute ? single.consumers : single.producers) = int(many.size());
    (distribute ? single.distributeInput : single.joinOutput) = true;
    size_t offset = 0;
    for (int id : many) {
      const detail::FifoConfig &part = config_.fifos[id];
      detail::LinkBranch branch;
      branch.name = distribute ? "link @" + single.name + " -> @" + part.name
                               : "link @" + part.name + " -> @" + single.name;
      branch.from = distribute ? from[0] : id;
      branch.to = distribute ? id : to[0];
      (distribute ? branch.fromOffset : branch.toOffset) = offset;
      branch.bytes = part.elementBytes;
      offset += part.elementBytes;
      config_.links.push_back(branch);
    }
  }

  /// Adds a core; `body` runs on its own thread during run(). The name is
  /// used in messages, e.g. "core(0,2)".
  void add_core(std::string name, std::function<void(Core &)> body) {
    config_.cores.emplace_back(std::move(name), std::move(body));
  }

  /// Sets the runtime sequence, run on its own thread during run().
  void set_sequence(std::function<void(Sequence &)> body) {
    config_.sequence = std::move(body);
  }

  /// Runs every agent until the sequence and every core body have returned
  /// and the links and DMA channels have nothing left to do. `buffers` /
  /// `bufferBytes` are the runtime-sequence arguments in order. Throws
  /// EmulationError on any failure, after all threads have been joined.
  RunStats run(void *const *buffers, const size_t *bufferBytes, int count,
               std::chrono::milliseconds stallTimeout =
                   std::chrono::milliseconds(5000)) {
    if (!config_.sequence)
      throw EmulationError("Design::run: no runtime sequence was set");
    if (stallTimeout.count() <= 0)
      throw EmulationError("Design::run: the stall timeout must be positive");
    if (count < 0 || (count > 0 && (!buffers || !bufferBytes)))
      throw EmulationError("Design::run: invalid buffer list");
    for (int i = 0; i < count; ++i)
      if (!buffers[i] && bufferBytes[i] > 0)
        throw EmulationError("Design::run: buffer " + std::to_string(i) +
                             " is null");
    std::unique_lock<std::mutex> guard(runMutex_, std::try_to_lock);
    if (!guard.owns_lock())
      throw EmulationError("Design::run: this design is already running on "
                           "another thread");
    detail::Run run(config_, buffers, bufferBytes, count, stallTimeout);
    return run.execute();
  }

private:
  void checkFifo(int fifo, const char *what) const {
    if (fifo < 0 || size_t(fifo) >= config_.fifos.size())
      throw EmulationError(std::string(what) + ": FIFO id " +
                           std::to_string(fifo) + " is out of range");
  }
  detail::DesignConfig config_;
  std::mutex runMutex_;
};

/// Runs `design` and reports the outcome the C way, for the generated
/// `extern "C" int ptowsp_aie_design_run(...)`: 0 on success; otherwise 1 and
/// the message (truncated, NUL-terminated) in `error`.
inline int run_c(
    Design &design, void *const *buffers, const size_t *bytes, int count,
    char *error, size_t errorBytes,
    std::chrono::milliseconds stallTimeout = std::chrono::milliseconds(5000)) {
  std::string message;
  try {
    design.run(buffers, bytes, count, stallTimeout);
    return 0;
  } catch (const std::exception &e) {
    message = e.what();
  } catch (...) {
    message = "unknown error while running the emulated design";
  }
  if (error && errorBytes > 0)
    std::snprintf(error, errorBytes, "%s", message.c_str());
  return 1;
}

//===----------------------------------------------------------------------===//
// Implementation
//===----------------------------------------------------------------------===//

} // namespace aie_emu
} // namespace ptowsp

#include "ptowsp_aie_emu_run.h"

#endif // PTOWSP_AIE_EMU_H
