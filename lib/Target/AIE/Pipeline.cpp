//===- Pipeline.cpp - CSP pipelines: processes on cores, channels as FIFOs --===//
//
// A CSP chain from one source process: instances on cores, tokens
// round-robin over instances, each channel one object FIFO per pair of
// instances carrying the tile the sender wrote.
//
//===----------------------------------------------------------------------===//

#include "DesignBuilder.h"

#include "pto-wsp/Dialect/Tile/IR/TileDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"

#include <functional>
#include <set>

using namespace mlir;
using namespace ptowsp;
using namespace ptowsp::aie;
using namespace ptowsp::aie::planner;
using namespace ptowsp::taskgraph;

namespace {

/// One process of a CSP pipeline, as the AIE target maps it.
struct ProcessPlan {
  ProcessOp op;
  int64_t instances = 1;
  Block *body = nullptr;        // the per-token body
  ChannelOp input, output;      // at most one each
  int firstCore = 0;
  std::vector<Site> sites;
};

} // namespace

LogicalResult DesignBuilder::planPipeline(PipelineOp pipeline) {
  // A pipeline maps to cores when it is a chain: one source process looping
  // over a static token sequence, then processes each receiving tokens on
  // one channel and sending them on at most one. Tokens are distributed
  // round-robin over a process's instances (a static schedule of what
  // cpu_sim's channels do dynamically), every instance is a core, and every
  // channel an object FIFO per pair of instances carrying the tile the
  // sender's task wrote and the receiver's task reads.
  SmallVector<ProcessPlan> processes;
  SmallVector<ChannelOp> channels;
  for (Operation &op : pipeline.getBody().front()) {
    if (auto channel = dyn_cast<ChannelOp>(op)) {
      channels.push_back(channel);
    } else if (auto process = dyn_cast<ProcessOp>(op)) {
      ProcessPlan plan;
      plan.op = process;
      plan.instances = process.getInstances();
      processes.push_back(plan);
    } else if (!isa<taskgraph::YieldOp>(op) &&
               op.getDialect()->getNamespace() != "arith") {
      return error(&op) << "only channels and processes are supported in a "
                           "pipeline for target aie";
    }
  }
  // The token sequence: the source's loop.
  ProcessPlan *source = nullptr;
  LoopInfo *tokens = nullptr;
  for (ProcessPlan &plan : processes) {
    Block &block = plan.op.getBody().front();
    if (!block.getArgument(0).use_empty())
      return error(plan.op) << "process \"" << plan.op.getName()
                            << "\" uses its instance number; target aie "
                               "distributes tokens over instances itself";
    for (Operation &op : block) {
      if (auto loop = dyn_cast<scf::ForOp>(op)) {
        if (source)
          return error(plan.op) << "a pipeline for target aie has one source "
                                   "process (a loop over the tokens); \""
                                << source->op.getName() << "\" is one already";
        if (plan.instances != 1)
          return error(plan.op) << "the source process must have one instance";
        if (failed(registerLoop(loop)))
          return failure();
        source = &plan;
        tokens = loopById[loops[loop].id];
        plan.body = loop.getBody();
      } else if (auto loop = dyn_cast<scf::WhileOp>(op)) {
        auto recv = dyn_cast<RecvOp>(&loop.getBefore().front().front());
        if (!recv || loop.getAfter().front().getNumArguments() != 1)
          return error(loop) << "a process receives one token per iteration "
                                "of a loop over one channel";
        plan.input = recv.getChannel().getDefiningOp<ChannelOp>();
        plan.body = &loop.getAfter().front();
      } else if (!isa<CloseOp, taskgraph::YieldOp>(op) &&
                 op.getDialect()->getNamespace() != "arith") {
        return error(&op) << "'" << op.getName().getStringRef()
                          << "' is not supported in a process for target aie";
      }
    }
    if (!plan.body)
      return error(plan.op) << "process \"" << plan.op.getName()
                            << "\" neither loops over tokens nor receives them";
    // Sends: all of the token, on one channel.
    plan.body->walk([&](SendOp send) {
      plan.output = send.getChannel().getDefiningOp<ChannelOp>();
    });
  }
  if (!source)
    return error(pipeline) << "a pipeline for target aie needs a source "
                              "process looping over a static token sequence";
  // Token values: the source's loop variable; every received token is the
  // value sent, i.e. the same sequence.
  Affine token;
  token.constant = tokens->lb;
  token.terms.push_back({tokens->id, tokens->step});
  tokenValues[cast<scf::ForOp>(source->body->getParentOp()).getInductionVar()] =
      token;
  for (ProcessPlan &plan : processes) {
    if (&plan != source)
      tokenValues[plan.body->getArgument(0)] = token;
    WalkResult sends = plan.body->walk([&](SendOp send) {
      if (send.getPayload().size() != 1 ||
          !tokenValues.count(send.getPayload()[0]) ||
          send.getChannel().getDefiningOp<ChannelOp>() != plan.output) {
        error(send) << "a process sends the token it works on, on one channel";
        return WalkResult::interrupt();
      }
      return WalkResult::advance();
    });
    if (sends.wasInterrupted())
      return failure();
  }
  // The chain, from the source: each channel has one sender and one receiver.
  SmallVector<ProcessPlan *> chain = {source};
  while (chain.back()->output) {
    ChannelOp channel = chain.back()->output;
    ProcessPlan *next = nullptr;
    for (ProcessPlan &plan : processes)
      if (plan.input == channel) {
        if (next)
          return error(channel) << "channel \"" << channel.getName()
                                << "\" has two receiving processes";
        next = &plan;
      }
    if (!next)
      return error(channel) << "nothing receives channel \"" << channel.getName()
                            << "\"";
    if (llvm::is_contained(chain, next))
      return error(channel) << "the stream graph is not a DAG: channel \""
                            << channel.getName() << "\" closes a cycle";
    chain.push_back(next);
  }
  if (chain.size() != processes.size())
    return error(pipeline) << "every process must be on the chain from the "
                              "source (one input and one output channel each)";

  // Cores and the token share of each instance.
  int64_t total = 0;
  for (ProcessPlan *plan : chain) {
    plan->firstCore = total;
    total += plan->instances;
    if (tokens->count % plan->instances != 0)
      return error(plan->op) << "process \"" << plan->op.getName() << "\": "
                             << tokens->count << " tokens cannot be split evenly "
                             << "over " << plan->instances << " instances";
  }
  if (total > device.columns * device.coreRows)
    return error(pipeline) << "the pipeline needs " << total << " cores, "
                           << device.name << " has "
                           << device.columns * device.coreRows;
  for (int64_t q = 0; q < total; ++q) {
    Core core;
    core.column = q % device.columns;
    core.row = 2 + q / device.columns;
    design.cores.push_back(core);
  }
  coreCount = total;
  coreSubst.resize(total);

  // Sites per process; the tensors channels carry.
  for (ProcessPlan *plan : chain) {
    SmallVector<int> enclosing = {tokens->id};
    if (failed(collectSites(*plan->body, enclosing, plan->sites)))
      return failure();
  }
  // carried[(process index, site index)] = true for channel-carried sites.
  std::set<std::pair<unsigned, unsigned>> carried;
  SmallVector<int> carriedTensor(chain.size(), -1);
  for (unsigned p = 0; p + 1 < chain.size(); ++p) {
    for (auto [w, write] : llvm::enumerate(chain[p]->sites)) {
      if (write.mode != AccessMode::Write)
        continue;
      for (auto [r, read] : llvm::enumerate(chain[p + 1]->sites)) {
        if (read.tensor != write.tensor || read.mode != AccessMode::Read)
          continue;
        bool same = read.rows == write.rows && read.cols == write.cols;
        for (auto [a, b] : llvm::zip(read.offsets, write.offsets))
          same &= a.constant == b.constant && a.terms == b.terms;
        if (!same)
          return error(read.submit)
                 << "reads a region of " << design.tensors[read.tensor].name
                 << " other than the one the sending process wrote for this "
                    "token; a channel carries exactly that tile";
        if (carriedTensor[p] != -1 && carriedTensor[p] != read.tensor)
          return error(read.submit) << "a channel carries one tile per token "
                                       "for target aie";
        carriedTensor[p] = read.tensor;
        carried.insert({p, static_cast<unsigned>(w)});
        carried.insert({p + 1, static_cast<unsigned>(r)});
        design.tensors[read.tensor].onChip = true;
      }
    }
    if (carriedTensor[p] == -1)
      return error(chain[p]->output)
             << "channel \"" << chain[p]->output.getName()
             << "\" carries no tile: the receiving process reads nothing the "
                "sending one wrote (token-only channels are not supported)";
  }
  // A carried tensor lives in FIFOs only: no other access may touch it.
  for (auto [p, plan] : llvm::enumerate(chain))
    for (auto [i, site] : llvm::enumerate(plan->sites))
      if (design.tensors[site.tensor].onChip && !carried.count({p, i}))
        return error(site.submit)
               << design.tensors[site.tensor].name
               << " travels through a channel; target aie keeps it in object "
                  "FIFOs, so it cannot also be accessed here";

  // Channel FIFOs, one per pair of instances that exchange tokens.
  // fifoOf[p][(sender instance, receiver instance)].
  SmallVector<std::map<std::pair<int64_t, int64_t>, int>> fifoOf(chain.size());
  for (unsigned p = 0; p + 1 < chain.size(); ++p) {
    int64_t senders = chain[p]->instances, receivers = chain[p + 1]->instances;
    if (senders != 1 && receivers != 1 && senders != receivers)
      return error(chain[p]->output)
             << "channel \"" << chain[p]->output.getName() << "\" joins "
             << senders << " senders to " << receivers
             << " receivers; target aie pairs them 1:n, n:1 or n:n";
    const Site &site = *llvm::find_if(chain[p]->sites, [&](const Site &s) {
      return s.tensor == carriedTensor[p] && s.mode == AccessMode::Write;
    });
    int64_t pairs = std::max(senders, receivers);
    for (int64_t k = 0; k < pairs; ++k) {
      int64_t s = senders == 1 ? 0 : k, r = receivers == 1 ? 0 : k;
      Fifo fifo;
      fifo.name = llvm::formatv("{0}_{1}_{2}", chain[p]->output.getName(), s, r).str();
      fifo.kind = Fifo::Kind::CoreToCore;
      fifo.producerCore = chain[p]->firstCore + s;
      fifo.consumerCore = chain[p + 1]->firstCore + r;
      fifo.depth = std::max<int64_t>(1, chain[p]->output.getCapacity());
      fifo.shape = {site.rows, site.cols};
      fifo.element = design.tensors[site.tensor].type.getElementType();
      fifo.tensor = site.tensor;
      design.fifos.push_back(fifo);
      fifoOf[p][{s, r}] = design.fifos.size() - 1;
    }
  }
  design.notes.push_back(llvm::formatv(
      "pipeline: {0} tokens through {1} processes on {2} cores", tokens->count,
      chain.size(), total).str());

  // Each instance: its tokens j = i + instances * m, in order.
  for (auto [p, plan] : llvm::enumerate(chain)) {
    int64_t q = plan->instances;
    // Instances of a neighbour that take turns (n:1) unroll the body.
    int64_t in = p > 0 ? chain[p - 1]->instances : 1;
    int64_t outN = p + 1 < chain.size() ? chain[p + 1]->instances : 1;
    int64_t unroll = q == 1 ? std::max(in, outN) : 1;
    if (q == 1 && in > 1 && outN > 1 && in != outN)
      return error(plan->op) << "process \"" << plan->op.getName()
                             << "\" alternates between " << in << " senders and "
                             << outN << " receivers";
    if ((tokens->count / q) % unroll != 0)
      return error(plan->op) << "process \"" << plan->op.getName() << "\": "
                             << tokens->count / q << " tokens do not divide "
                             << "into turns of " << unroll;
    // The placement machinery: the token loop, split over the instances.
    SmallVector<LoopInfo *> placement = {tokens};
    SmallVector<int> written;
    for (auto [i, site] : llvm::enumerate(plan->sites)) {
      design.tensors[site.tensor].read |= site.mode != AccessMode::Write;
      if (site.mode != AccessMode::Read && !carried.count({p, i})) {
        design.tensors[site.tensor].written = true;
        if (!llvm::is_contained(written, site.tensor))
          written.push_back(site.tensor);
      }
    }
    SmallVector<Resident> residents;
    for (int tensor : written) {
      SmallVector<unsigned> indices;
      for (auto [i, site] : llvm::enumerate(plan->sites))
        if (site.tensor == tensor)
          indices.push_back(i);
      FailureOr<Resident> resident =
          computeResident(tensor, plan->sites, indices, placement);
      if (failed(resident))
        return failure();
      if (!isDisjointAcrossItems(*resident, placement))
        return error(plan->sites[indices.front()].submit)
               << "tokens of process \"" << plan->op.getName()
               << "\" write overlapping regions of "
               << design.tensors[tensor].name;
      if (!coversBox(plan->sites[indices.front()], *resident, placement))
        return error(plan->sites[indices.front()].submit)
               << "process \"" << plan->op.getName() << "\" reads "
               << design.tensors[tensor].name
               << " before writing all of it; target aie supports write-only "
                  "outputs in pipelines";
      resident->load = false;
      residents.push_back(*resident);
    }
    SmallVector<StreamGroup> groups;
    for (auto [i, site] : llvm::enumerate(plan->sites))
      if (!carried.count({p, i}) && !llvm::is_contained(written, site.tensor)) {
        StreamGroup group;
        group.tensor = site.tensor;
        group.sites.push_back(i);
        groups.push_back(group);
      }
    DenseMap<Operation *, SmallVector<int>> siteOf;
    for (auto [i, site] : llvm::enumerate(plan->sites))
      siteOf[site.submit].push_back(i);

    for (int64_t instance = 0; instance < q; ++instance) {
      int core = plan->firstCore + instance;
      std::string prefix = (plan->op.getName() + "_" + llvm::utostr(instance) + "_").str();
      // Host-side FIFOs of this instance (streams and residents), as for a
      // phase: the token loop split over the instances.
      DenseMap<int, std::pair<int64_t, int64_t>> subst;
      subst[tokens->id] = {instance, q};
      SmallVector<Resident> coreResidents(residents.begin(), residents.end());
      SmallVector<StreamGroup> coreGroups(groups.begin(), groups.end());
      if (failed(addHostFifos(core, 0, prefix, "", placement, subst,
                              plan->sites, coreResidents, coreGroups,
                              /*storeDepth=*/2, plan->op)))
        return failure();
      std::vector<Stmt> prologue, epilogue;
      // The body, once per turn of the alternating neighbour.
      std::vector<Stmt> turns;
      for (int64_t turn = 0; turn < unroll; ++turn) {
        // Each output buffer: acquired at the token's start, released (sent
        // to the shim) at its end.
        prologue.clear();
        epilogue.clear();
        openResidents(coreResidents, prologue, epilogue);
        channelSites.clear();
        // Global token index of this turn: instance + q * (unroll * m + turn).
        for (auto [i, site] : llvm::enumerate(plan->sites)) {
          if (!carried.count({p, i}))
            continue;
          // Token j goes from sender j mod S to receiver j mod R; a single
          // instance facing several takes them in turns.
          bool sends = site.mode == AccessMode::Write;
          unsigned channel = sends ? p : p - 1;
          int64_t senders = chain[channel]->instances;
          int64_t receivers = chain[channel + 1]->instances;
          int64_t s, r;
          if (sends) {
            s = senders == 1 ? 0 : instance;
            r = receivers == 1 ? 0 : (senders == 1 ? turn : instance);
          } else {
            r = receivers == 1 ? 0 : instance;
            s = senders == 1 ? 0 : (receivers == 1 ? turn : instance);
          }
          channelSites[i] = {fifoOf[channel].at({s, r}), sends};
        }
        std::vector<Stmt> body;
        if (failed(buildItem(*plan->body, plan->sites, coreGroups, coreResidents,
                             siteOf, body)))
          return failure();
        // This turn's token: j = instance + q * (unroll * m + turn).
        DenseMap<int, std::pair<int64_t, int64_t>> turnSubst;
        turnSubst[tokens->id] = {instance + q * turn, q * unroll};
        std::vector<Stmt> full = prologue;
        full.insert(full.end(), body.begin(), body.end());
        full.insert(full.end(), epilogue.begin(), epilogue.end());
        bindCalls(full, prologue, coreResidents, turnSubst);
        turns.insert(turns.end(), full.begin(), full.end());
      }
      Stmt loop;
      loop.kind = Stmt::Kind::For;
      loop.loop = tokens->id;
      loop.count = tokens->count / q / unroll;
      loop.body = std::move(turns);
      Core &coreInfo = design.cores[core];
      coreInfo.items = tokens->count / q;
      coreInfo.program.push_back(std::move(loop));
      coreInfo.calls = countCalls(coreInfo.program);
    }
  }
  channelSites.clear();
  return success();
}

