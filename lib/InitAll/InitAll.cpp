//===- InitAll.cpp - register the project's dialects and passes -----------===//

#include "pto-wsp/InitAllDialects.h"
#include "pto-wsp/InitAllPasses.h"

#include "pto-wsp/Dialect/Tile/IR/TileDialect.h"
#include "pto-wsp/Dialect/Tile/Transforms/Passes.h"
#include "pto-wsp/Dialect/CSP/IR/CSPDialect.h"
#include "pto-wsp/Dialect/CSP/Transforms/Passes.h"
#include "pto-wsp/Dialect/Schedule/IR/ScheduleDialect.h"
#include "pto-wsp/Dialect/TaskGraph/IR/TaskGraphDialect.h"
#include "pto-wsp/Dialect/TaskGraph/Transforms/Passes.h"
#include "pto-wsp/Dialect/Workload/IR/WorkloadDialect.h"
#include "pto-wsp/Dialect/Workload/Transforms/Passes.h"
#include "pto-wsp/Conversion/Passes.h"
#include "pto-wsp/Pipelines/Pipelines.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/EmitC/IR/EmitC.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Transforms/Passes.h"

void ptowsp::registerAllDialects(mlir::DialectRegistry &registry) {
  registry.insert<tile::TileDialect, workload::WorkloadDialect,
                  schedule::ScheduleDialect, csp::CSPDialect,
                  taskgraph::TaskGraphDialect>();
  registry.insert<mlir::arith::ArithDialect, mlir::emitc::EmitCDialect,
                  mlir::func::FuncDialect, mlir::memref::MemRefDialect,
                  mlir::scf::SCFDialect>();
}

void ptowsp::registerAllPasses() {
  mlir::registerCanonicalizerPass();
  mlir::registerCSEPass();
  mlir::registerSymbolDCEPass();
  tile::registerTilePasses();
  workload::registerWorkloadVerifyBounds();
  workload::registerWorkloadInferAccess();
  csp::registerCSPVerifyDeadlockFree();
  taskgraph::registerTaskGraphSplitByCore();
  registerConvertTileToEmitC();
  registerConvertWorkloadToTaskGraph();
  registerConvertTaskGraphToEmitC();
  registerConvertTaskGraphToAscend();
  registerConvertTileToAscend();
  registerConvertTileToAIE();
  registerPipelines();
}
