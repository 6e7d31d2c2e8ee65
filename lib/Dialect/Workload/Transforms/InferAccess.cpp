//===- InferAccess.cpp - access modes and core of every workload task -----===//
//
// Annotates each `workload.task` with the taskgraph attributes its submission
// needs, derived from the called tile kernel:
//   `access`  array of #taskgraph access modes, one per view argument
//             (in → read, out → write, inout → readwrite); scalars have none.
//   `core`    the taskgraph core type: cube if the kernel uses tile.matmul,
//             vector otherwise.
// Both are stored as the taskgraph enum attributes, so the lowering copies
// them onto `taskgraph.submit`; AccessSets.h names them and reads them back.
//
//===----------------------------------------------------------------------===//

#include "pto-wsp/Dialect/Workload/Transforms/AccessSets.h"
#include "pto-wsp/Dialect/Workload/Transforms/Passes.h"

#include "pto-wsp/Dialect/Tile/IR/TileDialect.h"

namespace ptowsp::workload {
#define GEN_PASS_DEF_WORKLOADINFERACCESS
#include "pto-wsp/Dialect/Workload/Transforms/Passes.h.inc"
} // namespace ptowsp::workload

using namespace mlir;
using namespace ptowsp;
using namespace ptowsp::workload;

//===----------------------------------------------------------------------===//
// Reading the annotations
//===----------------------------------------------------------------------===//

static InFlightDiagnostic emitMissingAnnotation(TaskOp task,
                                                StringRef attrName) {
  return task.emitOpError("has no valid '")
         << attrName << "' annotation; run -workload-infer-access first";
}

FailureOr<ArrayAttr> ptowsp::workload::getTaskAccess(TaskOp task) {
  auto access = task->getAttrOfType<ArrayAttr>(kTaskAccessAttrName);
  size_t views = llvm::count_if(task.getArgs().getTypes(),
                                [](Type type) { return isa<ViewType>(type); });
  if (!access || access.size() != views ||
      !llvm::all_of(access, llvm::IsaPred<taskgraph::AccessModeAttr>))
    return emitMissingAnnotation(task, kTaskAccessAttrName);
  return access;
}

FailureOr<taskgraph::CoreType> ptowsp::workload::getTaskCore(TaskOp task) {
  auto core = task->getAttrOfType<taskgraph::CoreTypeAttr>(kTaskCoreAttrName);
  if (!core)
    return emitMissingAnnotation(task, kTaskCoreAttrName);
  return core.getValue();
}

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

namespace {

/// What a submission of a kernel needs: the same for every task calling it.
struct KernelAccess {
  ArrayAttr access;
  taskgraph::CoreTypeAttr core;
};

taskgraph::AccessMode getAccessMode(tile::Direction direction) {
  switch (direction) {
  case tile::Direction::In:
    return taskgraph::AccessMode::Read;
  case tile::Direction::Out:
    return taskgraph::AccessMode::Write;
  case tile::Direction::InOut:
    return taskgraph::AccessMode::ReadWrite;
  }
  llvm_unreachable("unknown view direction");
}

KernelAccess analyzeKernel(tile::KernelOp kernel) {
  MLIRContext *context = kernel.getContext();
  SmallVector<Attribute> modes;
  for (Type param : kernel.getArgumentTypes())
    if (auto view = dyn_cast<tile::ViewType>(param))
      modes.push_back(taskgraph::AccessModeAttr::get(
          context, getAccessMode(view.getDirection())));
  bool usesCube =
      kernel.walk([](tile::MatmulOp) { return WalkResult::interrupt(); })
          .wasInterrupted();
  return {ArrayAttr::get(context, modes),
          taskgraph::CoreTypeAttr::get(context,
                                       usesCube ? taskgraph::CoreType::Cube
                                                : taskgraph::CoreType::Vector)};
}

struct WorkloadInferAccessPass
    : ptowsp::workload::impl::WorkloadInferAccessBase<WorkloadInferAccessPass> {
  void runOnOperation() override {
    SymbolTableCollection symbolTables;
    llvm::DenseMap<Operation *, KernelAccess> kernels;
    WalkResult result = getOperation().walk([&](TaskOp task) {
      auto kernel = symbolTables.lookupNearestSymbolFrom<tile::KernelOp>(
          task, task.getKernelAttr());
      // The task's verifier rejects unknown callees; this only guards IR
      // built by passes that skipped verification.
      if (!kernel) {
        task.emitOpError("'")
            << task.getKernel() << "' does not name a tile.kernel";
        return WalkResult::interrupt();
      }
      auto [entry, inserted] = kernels.try_emplace(kernel, KernelAccess{});
      if (inserted)
        entry->second = analyzeKernel(kernel);
      task->setAttr(kTaskAccessAttrName, entry->second.access);
      task->setAttr(kTaskCoreAttrName, entry->second.core);
      return WalkResult::advance();
    });
    if (result.wasInterrupted())
      signalPassFailure();
  }
};

} // namespace
