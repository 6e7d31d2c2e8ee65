//===- Placement.cpp - phases: work items on cores, buffers, core programs --===//
//
// A phase (one top-level loop nest) becomes work items split over cores:
// resident buffers for what an item writes, streams for what it reads, and
// each core's program of loops, acquires, calls and releases.
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

FailureOr<Resident>
DesignBuilder::computeResident(int tensor, ArrayRef<Site> sites,
                               ArrayRef<unsigned> indices,
                               ArrayRef<LoopInfo *> placement) {
  MemRefType type = design.tensors[tensor].type;
  int64_t rank = type.getRank();
  Resident resident;
  resident.tensor = tensor;
  resident.origin.resize(rank);
  resident.extent.assign(rank, 0);
  SmallVector<int64_t> low(rank, INT64_MAX), high(rank, INT64_MIN);
  for (auto [n, index] : llvm::enumerate(indices)) {
    const Site &site = sites[index];
    ArrayRef<int64_t> sizes = site.sizes;
    for (int64_t d = 0; d < rank; ++d) {
      auto [placed, rest] = splitTerms(site.offsets[d], placement);
      if (n == 0) {
        resident.origin[d] = placed;
      } else if (placed.terms != resident.origin[d].terms) {
        return error(site.submit)
               << "the regions of " << design.tensors[tensor].name
               << " this work item writes and reads move differently with "
                  "the placed loops; they cannot share one resident buffer";
      }
      int64_t min = rest.constant, max = rest.constant;
      for (auto [id, coefficient] : rest.terms) {
        int64_t span = coefficient * (loopById[id]->count - 1);
        (span < 0 ? min : max) += span;
      }
      low[d] = std::min(low[d], min);
      high[d] = std::max(high[d], max + sizes[d]);
    }
  }
  for (int64_t d = 0; d < rank; ++d) {
    resident.origin[d].constant = low[d];
    resident.extent[d] = high[d] - low[d];
    if (d + 2 < rank && resident.extent[d] != 1)
      return error(sites[indices.front()].submit)
             << "the regions of " << design.tensors[tensor].name
             << " one work item writes span dimension " << d
             << "; a resident buffer covers the last two only";
    // In bounds for every placement value.
    int64_t min = low[d], max = low[d] + resident.extent[d];
    for (auto [id, coefficient] : resident.origin[d].terms) {
      int64_t span = coefficient * (loopById[id]->count - 1);
      (span < 0 ? min : max) += span;
    }
    if (min < 0 || max > type.getDimSize(d))
      return error(sites[indices.front()].submit)
             << "regions of " << design.tensors[tensor].name
             << " reach outside the tensor in dimension " << d;
  }
  if (rank == 1) {
    resident.origin.insert(resident.origin.begin(), Affine());
    resident.extent.insert(resident.extent.begin(), 1);
  }
  return resident;
}

bool DesignBuilder::isDisjointAcrossItems(const Resident &resident,
                                          ArrayRef<LoopInfo *> placement) {
  // Each placement loop that iterates must move the box along exactly one
  // dimension; per dimension, the loops moving it must tile it without
  // overlap (each step at least the extent the finer loops cover).
  int64_t rank = resident.origin.size();
  SmallVector<SmallVector<std::pair<int64_t, int64_t>>> moves(rank);
  for (LoopInfo *loop : placement) {
    if (loop->count <= 1)
      continue;
    int moved = 0;
    for (int64_t d = 0; d < rank; ++d)
      if (int64_t c = resident.origin[d].getCoefficient(loop->id)) {
        moves[d].push_back({std::abs(c), loop->count});
        ++moved;
      }
    if (moved != 1)
      return false;
  }
  for (int64_t d = 0; d < rank; ++d) {
    llvm::sort(moves[d]);
    int64_t covered = resident.extent[d];
    for (auto [stride, count] : moves[d]) {
      if (stride < covered)
        return false;
      covered = stride * count;
    }
  }
  return true;
}

bool DesignBuilder::coversBox(const Site &site, const Resident &resident,
                              ArrayRef<LoopInfo *> placement) {
  // The site alone writes every element of the box exactly once.
  if (site.mode != AccessMode::Write)
    return false;
  int64_t rank = site.offsets.size();
  int64_t box = 1;
  for (int64_t extent : resident.extent)
    box *= extent;
  auto isPlaced = [&](int loop) {
    return llvm::is_contained(placement, loopById[loop]);
  };
  int64_t written = site.rows * site.cols;
  for (int loop : site.innerLoops)
    if (!isPlaced(loop))
      written *= loopById[loop]->count;
  if (written != box)
    return false;
  // Every inner loop moves the region along one dimension, by whole regions.
  ArrayRef<int64_t> sizes = site.sizes;
  for (int loop : site.innerLoops) {
    if (isPlaced(loop))
      continue;
    int moved = 0;
    for (int64_t d = 0; d < rank; ++d)
      if (int64_t c = splitTerms(site.offsets[d], placement).second.getCoefficient(loop))
        moved += c % sizes[d] == 0 && c > 0 ? 1 : 2;
    if (moved != 1)
      return false;
  }
  return true;
}

FailureOr<SmallVector<Split>>
DesignBuilder::splitOverCores(ArrayRef<LoopInfo *> placement, int64_t cores) {
  SmallVector<Split> splits;
  int64_t remaining = cores;
  for (LoopInfo *loop : llvm::reverse(placement)) {
    if (remaining == 1)
      break;
    if (remaining % loop->count == 0) {
      splits.push_back({loop->id, loop->count});
      remaining /= loop->count;
    } else if (loop->count % remaining == 0) {
      splits.push_back({loop->id, remaining});
      remaining = 1;
    } else {
      break;
    }
  }
  if (remaining != 1)
    return failure();
  return splits;
}


LogicalResult DesignBuilder::buildItem(
    Block &body, const std::vector<Site> &sites, ArrayRef<StreamGroup> groups,
    ArrayRef<Resident> residents,
    const DenseMap<Operation *, SmallVector<int>> &siteOf,
    std::vector<Stmt> &out) {
  for (Operation &op : body)
    if (failed(buildStmt(op, sites, groups, residents, siteOf, out)))
      return failure();
  return success();
}

LogicalResult DesignBuilder::buildStmt(
    Operation &op, const std::vector<Site> &sites, ArrayRef<StreamGroup> groups,
    ArrayRef<Resident> residents,
    const DenseMap<Operation *, SmallVector<int>> &siteOf,
    std::vector<Stmt> &out) {
  {
    if (auto loop = dyn_cast<scf::ForOp>(op)) {
      Stmt stmt;
      stmt.kind = Stmt::Kind::For;
      stmt.loop = loops[loop].id;
      stmt.count = loops[loop].count;
      if (failed(buildItem(*loop.getBody(), sites, groups, residents, siteOf,
                           stmt.body)))
        return failure();
      out.push_back(std::move(stmt));
      return success();
    }
    auto submit = dyn_cast<SubmitOp>(op);
    if (!submit)
      return success();
    auto kernel = SymbolTable::lookupNearestSymbolFrom<tile::KernelOp>(
        submit, submit.getKernelAttr());
    if (!kernel)
      return error(submit) << "kernel @" << submit.getKernel() << " not found";
    Stmt call;
    call.kind = Stmt::Kind::Call;
    call.kernel = submit.getKernel().str();
    std::vector<Stmt> releases;
    const SmallVector<int> &siteIndices = siteOf.lookup(submit);
    unsigned nextSite = 0;
    KernelDecl decl;
    decl.name = call.kernel;
    for (auto [operand, arg] : llvm::enumerate(submit.getArgs())) {
      CallArgument argument;
      if (!isa<TensorRegionType>(arg.getType())) {
        decl.isView.push_back(false);
        Type type = arg.getType();
        decl.scalarTypes.push_back(type);
        argument.type = type;
        if (type.isIndex() || type.isInteger(64) || type.isInteger(32)) {
          FailureOr<Affine> value = evaluate(arg, submit);
          if (failed(value))
            return failure();
          argument.kind = type.isIndex() ? CallArgument::Kind::IndexScalar
                                         : CallArgument::Kind::IntScalar;
          argument.index = *value;
          argument.intValue = value->constant;
        } else if (auto constant = arg.getDefiningOp<arith::ConstantFloatOp>()) {
          argument.kind = CallArgument::Kind::FloatScalar;
          argument.floatValue = constant.value().convertToDouble();
        } else {
          return error(submit) << "scalar operand #" << operand
                               << " must be a constant or an affine index";
        }
        call.args.push_back(argument);
        continue;
      }
      decl.isView.push_back(true);
      unsigned siteIndex = siteIndices[nextSite++];
      const Site &site = sites[siteIndex];
      auto carried = channelSites.find(siteIndex);
      if (carried != channelSites.end()) {
        // An element of a channel's object FIFO: the producer writes it,
        // the consumer reads it; releasing the produced element is the send.
        Stmt acquire;
        acquire.kind = Stmt::Kind::Acquire;
        acquire.fifo = carried->second.first;
        acquire.produce = carried->second.second;
        acquire.result = design.buffers++;
        out.push_back(acquire);
        Stmt release = acquire;
        release.kind = Stmt::Kind::Release;
        releases.push_back(release);
        argument.buffer = acquire.result;
        argument.ld = site.cols;
        decl.bufferTypes.push_back(
            MemRefType::get({site.rows, site.cols},
                            design.tensors[site.tensor].type.getElementType()));
        call.args.push_back(argument);
        continue;
      }
      const Resident *resident = llvm::find_if(
          residents, [&](const Resident &r) { return r.tensor == site.tensor; });
      if (resident != residents.end()) {
        // An element of the resident buffer: offset relative to the box.
        MemRefType type = design.tensors[site.tensor].type;
        int64_t rank = type.getRank();
        SmallVector<Affine> inner;
        for (int64_t d = 0; d < rank; ++d)
          inner.push_back(splitTerms(site.offsets[d], {}).second);
        Affine offset;
        if (rank >= 2) {
          Affine row = inner[rank - 2], col = inner[rank - 1];
          // Placement terms cancel against the box origin.
          Affine originRow = resident->origin[resident->origin.size() - 2];
          Affine originCol = resident->origin.back();
          row.add(originRow, -1);
          col.add(originCol, -1);
          offset.add(row, resident->cols());
          offset.add(col);
        } else {
          Affine col = inner[0];
          col.add(resident->origin.back(), -1);
          offset.add(col);
        }
        if (!offset.terms.empty()) {
          // Only item loops may remain.
          for (auto [id, c] : offset.terms)
            if (!llvm::is_contained(site.innerLoops, id))
              return error(submit) << "internal: resident offset depends on a "
                                      "placed loop";
        }
        argument.buffer = -(resident - residents.begin()) - 2; // patched below
        argument.offset = offset;
        argument.ld = resident->cols();
        decl.bufferTypes.push_back(
            MemRefType::get({resident->rows(), resident->cols()},
                            type.getElementType()));
      } else {
        const StreamGroup *group = llvm::find_if(groups, [&](const StreamGroup &g) {
          return llvm::is_contained(g.sites, siteIndices[nextSite - 1]);
        });
        Stmt acquire;
        acquire.kind = Stmt::Kind::Acquire;
        acquire.fifo = group->fifo;
        acquire.produce = false;
        acquire.result = design.buffers++;
        out.push_back(acquire);
        Stmt release;
        release.kind = Stmt::Kind::Release;
        release.fifo = group->fifo;
        release.produce = false;
        releases.push_back(release);
        argument.buffer = acquire.result;
        argument.ld = site.cols;
        decl.bufferTypes.push_back(
            MemRefType::get({site.rows, site.cols},
                            design.tensors[site.tensor].type.getElementType()));
      }
      call.args.push_back(argument);
    }
    // One declaration per kernel: every call passes buffers of one shape.
    auto existing = llvm::find_if(design.kernels, [&](const KernelDecl &k) {
      return k.name == decl.name;
    });
    if (existing == design.kernels.end())
      design.kernels.push_back(decl);
    else if (existing->bufferTypes != decl.bufferTypes)
      return error(submit) << "kernel @" << decl.name
                           << " is called with buffers of different shapes "
                              "(a FIFO tile here, a larger resident buffer "
                              "elsewhere); the AIE target declares one "
                              "signature per kernel";
    out.push_back(std::move(call));
    for (Stmt &release : llvm::reverse(releases))
      out.push_back(release);
  }
  return success();
}

LogicalResult DesignBuilder::planPhase(Operation *root, int phase) {
  // The placement candidates: the outer perfect nest of loops.
  SmallVector<LoopInfo *> nest;
  if (auto loop = dyn_cast<scf::ForOp>(root)) {
    while (loop) {
      if (!loops.count(loop) && failed(registerLoop(loop)))
        return failure();
      nest.push_back(&loops[loop]);
      scf::ForOp inner;
      bool perfect = true;
      for (Operation &op : *loop.getBody()) {
        if (auto child = dyn_cast<scf::ForOp>(op)) {
          perfect &= !inner;
          inner = child;
        } else if (isa<SubmitOp>(op)) {
          perfect = false;
        }
      }
      loop = perfect ? inner : scf::ForOp();
    }
  }

  // Sites of the whole phase (loop ids are registered on the way).
  std::vector<Site> sites;
  SmallVector<int> enclosing;
  if (failed(collectSite(*root, enclosing, sites)))
    return failure();
  if (sites.empty())
    return success();

  // Written tensors of the phase are resident in every item.
  SmallVector<int> written;
  for (const Site &site : sites) {
    design.tensors[site.tensor].read |= site.mode != AccessMode::Write;
    if (site.mode != AccessMode::Read && !llvm::is_contained(written, site.tensor)) {
      written.push_back(site.tensor);
      design.tensors[site.tensor].written = true;
    }
  }

  // The deepest placement whose written boxes are disjoint across items.
  size_t depth = nest.size();
  SmallVector<Resident> residents;
  for (;; --depth) {
    ArrayRef<LoopInfo *> placement(nest.data(), depth);
    residents.clear();
    bool disjoint = true;
    for (int tensor : written) {
      SmallVector<unsigned> indices;
      for (auto [i, site] : llvm::enumerate(sites))
        if (site.tensor == tensor)
          indices.push_back(i);
      FailureOr<Resident> resident =
          computeResident(tensor, sites, indices, placement);
      if (failed(resident))
        return failure();
      disjoint &= isDisjointAcrossItems(*resident, placement);
      // Load unless the first access writes the whole box.
      resident->load = !coversBox(sites[indices.front()], *resident, placement);
      residents.push_back(*resident);
    }
    if (disjoint || depth == 0)
      break;
  }
  ArrayRef<LoopInfo *> placement(nest.data(), depth);
  int64_t items = 1;
  for (LoopInfo *loop : placement)
    items *= loop->count;

  // Cores: round_robin(n) asks for n; by default one per column (each
  // column's shim and memtile feed its own core).
  int64_t requested = graph.getConfigOrDefault().getDispatchCount();
  int64_t cores = requested > 0 ? requested : device.columns;
  FailureOr<SmallVector<Split>> splits = failure();
  if (requested > 0) {
    splits = splitOverCores(placement, cores);
    if (failed(splits))
      return error(root) << "dispatch round_robin(" << requested
                         << "): the " << items
                         << " work items of the placed loops cannot be split "
                            "evenly over "
                         << requested << " cores";
  } else {
    for (; cores > 1; --cores)
      if (succeeded(splits = splitOverCores(placement, cores)))
        break;
    if (cores <= 1)
      splits = SmallVector<Split>();
  }
  if (coreCount == 0) {
    coreCount = cores;
    for (int64_t q = 0; q < cores; ++q) {
      Core core;
      core.column = q % device.columns;
      core.row = 2 + q / device.columns;
      design.cores.push_back(core);
    }
    coreSubst.resize(cores);
  } else if (cores > coreCount) {
    return error(root) << "this phase would use " << cores
                       << " cores, an earlier one " << coreCount
                       << "; phases of one design share their cores";
  }
  design.notes.push_back(llvm::formatv(
      "phase {0}: {1} work item{2} ({3} placed loop{4}) on {5} core{6}", phase,
      items, items == 1 ? "" : "s", depth, depth == 1 ? "" : "s", cores,
      cores == 1 ? "" : "s").str());

  // Per core: which counter values of the split loops it takes.
  for (int64_t q = 0; q < cores; ++q) {
    DenseMap<int, std::pair<int64_t, int64_t>> subst;
    int64_t rest = q;
    for (const Split &split : *splits) {
      subst[split.loop] = {rest % split.parts, split.parts};
      rest /= split.parts;
    }
    coreSubst[q] = subst;
  }

  // Streams: read-only sites, grouped when consecutive and equal.
  SmallVector<StreamGroup> groups;
  for (unsigned i = 0, e = sites.size(); i < e; ++i) {
    const Site &site = sites[i];
    if (llvm::is_contained(written, site.tensor))
      continue;
    auto sameStream = [&](const StreamGroup &group) {
      const Site &first = sites[group.sites.front()];
      if (first.tensor != site.tensor || first.rows != site.rows ||
          first.cols != site.cols)
        return false;
      // Sequential (no shared item loop) and the same pattern per item.
      for (unsigned other : group.sites)
        for (int loop : sites[other].innerLoops)
          if (!llvm::is_contained(ArrayRef<LoopInfo *>(placement),
                                  loopById[loop]) &&
              llvm::is_contained(site.innerLoops, loop))
            return false;
      SmallVector<int64_t> a, b;
      for (int loop : first.innerLoops)
        a.push_back(loopById[loop]->count);
      for (int loop : site.innerLoops)
        b.push_back(loopById[loop]->count);
      if (a != b)
        return false;
      // Offsets equal up to renaming the item loops positionally.
      for (auto [x, y] : llvm::zip(first.offsets, site.offsets)) {
        if (x.constant != y.constant)
          return false;
        Affine rx = splitTerms(x, placement).first, ry = splitTerms(y, placement).first;
        if (rx.terms != ry.terms)
          return false;
        for (auto [lx, ly] : llvm::zip(first.innerLoops, site.innerLoops))
          if (x.getCoefficient(lx) != y.getCoefficient(ly))
            return false;
      }
      return true;
    };
    auto *group = llvm::find_if(groups, sameStream);
    if (group != groups.end()) {
      group->sites.push_back(i);
      continue;
    }
    StreamGroup fresh;
    fresh.tensor = site.tensor;
    fresh.sites.push_back(i);
    groups.push_back(fresh);
  }

  DenseMap<Operation *, SmallVector<int>> siteOf;
  for (auto [i, site] : llvm::enumerate(sites))
    siteOf[site.submit].push_back(i);

  std::string prefix = phase == 0 ? "" : llvm::formatv("p{0}_", phase).str();
  for (int64_t q = 0; q < cores; ++q) {
    const auto &subst = coreSubst[q];
    SmallVector<std::pair<int64_t, int>> share = getShare(placement, subst);
    SmallVector<Resident> coreResidents(residents.begin(), residents.end());
    SmallVector<StreamGroup> coreGroups(groups.begin(), groups.end());
    if (failed(addHostFifos(q, phase, prefix, llvm::formatv("_c{0}", q).str(),
                            placement, subst, sites, coreResidents, coreGroups,
                            /*storeDepth=*/1, root)))
      return failure();
    std::vector<Stmt> prologue, epilogue;
    openResidents(coreResidents, prologue, epilogue);

    // The program: placement share loops around the item.
    std::vector<Stmt> item = prologue;
    std::vector<Stmt> inner;
    LogicalResult built =
        depth == 0
            ? buildStmt(*root, sites, coreGroups, coreResidents, siteOf, inner)
            : buildItem(*placement.back()->op.getBody(), sites, coreGroups,
                        coreResidents, siteOf, inner);
    if (failed(built))
      return failure();
    bindCalls(inner, prologue, coreResidents, subst);
    item.insert(item.end(), inner.begin(), inner.end());
    item.insert(item.end(), epilogue.begin(), epilogue.end());
    std::vector<Stmt> program = std::move(item);
    for (auto [count, id] : llvm::reverse(share)) {
      Stmt loop;
      loop.kind = Stmt::Kind::For;
      loop.loop = id;
      loop.count = count;
      loop.body = std::move(program);
      program.clear();
      program.push_back(std::move(loop));
    }
    Core &core = design.cores[q];
    core.program.insert(core.program.end(), program.begin(), program.end());
    core.items += items / cores;
    core.calls += countCalls(program);
  }
  return success();
}


LogicalResult DesignBuilder::addHostFifos(
    int core, int phase, StringRef prefix, StringRef suffix,
    ArrayRef<LoopInfo *> placement,
    const DenseMap<int, std::pair<int64_t, int64_t>> &subst,
    ArrayRef<Site> sites, MutableArrayRef<Resident> residents,
    MutableArrayRef<StreamGroup> groups, int storeDepth, Operation *where) {
  auto newFifo = [&](const std::string &name, Fifo::Kind kind, int tensor,
                     SmallVector<int64_t, 2> shape, int depth) {
    Fifo fifo;
    fifo.name = (prefix + name + suffix).str();
    fifo.kind = kind;
    (kind == Fifo::Kind::FromShim ? fifo.consumerCore : fifo.producerCore) = core;
    fifo.depth = depth;
    fifo.shape = shape;
    fifo.element = design.tensors[tensor].type.getElementType();
    fifo.tensor = tensor;
    fifo.phase = phase;
    design.fifos.push_back(fifo);
    return static_cast<int>(design.fifos.size() - 1);
  };
  // The core's share of the placed loops, outermost first, then `inner`.
  auto shareDims = [&](const Affine &linear) {
    SmallVector<std::pair<int64_t, int64_t>> dims;
    Affine placed = substitute(splitTerms(linear, placement).first, subst);
    for (auto [count, id] : getShare(placement, subst))
      dims.push_back({count, placed.getCoefficient(id)});
    return std::make_pair(dims, placed.constant);
  };
  for (Resident &resident : residents) {
    const HostTensor &tensor = design.tensors[resident.tensor];
    SmallVector<int64_t> strides = getStrides(tensor.type);
    SmallVector<Affine> origin(resident.origin.begin() +
                                   (tensor.type.getRank() == 1 ? 1 : 0),
                               resident.origin.end());
    Affine linear = linearize(origin, strides);
    int64_t rowStride = tensor.type.getRank() >= 2
                            ? strides[tensor.type.getRank() - 2]
                            : resident.cols();
    auto [dims, shift] = shareDims(linear);
    dims.push_back({resident.rows(), rowStride});
    dims.push_back({resident.cols(), 1});
    resident.storeFifo = newFifo(tensor.name + "_st", Fifo::Kind::ToShim,
                                 resident.tensor,
                                 {resident.rows(), resident.cols()}, storeDepth);
    if (failed(emitTransfers(design.fifos[resident.storeFifo],
                             linear.constant + shift, dims, where)))
      return failure();
    if (!resident.load)
      continue;
    resident.loadFifo = newFifo(tensor.name + "_ld", Fifo::Kind::FromShim,
                                resident.tensor,
                                {resident.rows(), resident.cols()}, 1);
    if (failed(emitTransfers(design.fifos[resident.loadFifo],
                             linear.constant + shift, dims, where)))
      return failure();
  }
  for (StreamGroup &group : groups) {
    const Site &first = sites[group.sites.front()];
    const HostTensor &tensor = design.tensors[group.tensor];
    SmallVector<int64_t> strides = getStrides(tensor.type);
    int64_t rank = tensor.type.getRank();
    Affine linear = linearize(first.offsets, strides);
    std::string name = tensor.name + "_in";
    int sameTensor = llvm::count_if(groups, [&](const StreamGroup &g) {
      return g.tensor == group.tensor && g.fifo >= 0;
    });
    if (sameTensor > 0)
      name += llvm::utostr(sameTensor);
    group.fifo = newFifo(name, Fifo::Kind::FromShim, group.tensor,
                         {first.rows, first.cols}, 2);
    auto [dims, shift] = shareDims(linear);
    if (group.sites.size() > 1)
      dims.push_back({static_cast<int64_t>(group.sites.size()), 0});
    for (int loop : first.innerLoops) {
      if (llvm::is_contained(placement, loopById[loop]))
        continue;
      dims.push_back({loopById[loop]->count, linear.getCoefficient(loop)});
    }
    dims.push_back({first.rows, rank >= 2 ? strides[rank - 2] : first.cols});
    dims.push_back({first.cols, 1});
    Affine rest = splitTerms(linear, placement).second;
    if (failed(emitTransfers(design.fifos[group.fifo], rest.constant + shift,
                             dims, where)))
      return failure();
  }
  return success();
}

void DesignBuilder::openResidents(ArrayRef<Resident> residents,
                                  std::vector<Stmt> &prologue,
                                  std::vector<Stmt> &epilogue) {
  for (const Resident &resident : residents) {
    Stmt acquire;
    acquire.kind = Stmt::Kind::Acquire;
    acquire.fifo = resident.storeFifo;
    acquire.produce = true;
    acquire.result = design.buffers++;
    prologue.push_back(acquire);
    if (resident.load) {
      Stmt load = acquire;
      load.fifo = resident.loadFifo;
      load.produce = false;
      load.result = design.buffers++;
      prologue.push_back(load);
      Stmt copy;
      copy.kind = Stmt::Kind::Copy;
      copy.source = load.result;
      copy.result = acquire.result;
      copy.bytes = design.fifos[resident.loadFifo].getElementBytes();
      prologue.push_back(copy);
      Stmt release = load;
      release.kind = Stmt::Kind::Release;
      prologue.push_back(release);
    }
    Stmt release = acquire;
    release.kind = Stmt::Kind::Release;
    epilogue.insert(epilogue.begin(), release);
  }
}

void planner::bindCalls(std::vector<Stmt> &stmts, ArrayRef<Stmt> prologue,
                        ArrayRef<Resident> residents,
                        const DenseMap<int, std::pair<int64_t, int64_t>> &subst) {
  for (Stmt &stmt : stmts) {
    bindCalls(stmt.body, prologue, residents, subst);
    for (CallArgument &arg : stmt.args) {
      if (arg.kind == CallArgument::Kind::View && arg.buffer <= -2) {
        int resident = -arg.buffer - 2;
        for (const Stmt &open : prologue)
          if (open.kind == Stmt::Kind::Acquire && open.produce &&
              open.fifo == residents[resident].storeFifo)
            arg.buffer = open.result;
      }
      arg.offset = substitute(arg.offset, subst);
      arg.index = substitute(arg.index, subst);
    }
  }
}

int64_t planner::countCalls(const std::vector<Stmt> &stmts) {
  int64_t calls = 0;
  for (const Stmt &stmt : stmts)
    calls += stmt.kind == Stmt::Kind::Call  ? 1
             : stmt.kind == Stmt::Kind::For ? stmt.count * countCalls(stmt.body)
                                            : 0;
  return calls;
}

SmallVector<std::pair<int64_t, int>>
planner::getShare(ArrayRef<LoopInfo *> placement,
                  const DenseMap<int, std::pair<int64_t, int64_t>> &subst) {
  SmallVector<std::pair<int64_t, int>> share;
  for (LoopInfo *loop : placement) {
    auto it = subst.find(loop->id);
    share.push_back({it == subst.end() ? loop->count
                                       : loop->count / it->second.second,
                     loop->id});
  }
  return share;
}
