//===- TargetTest.cpp - the target seam: registry and options -------------===//

#include "pto-wsp/InitAllDialects.h"
#include "pto-wsp/Target/Target.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

using namespace ptowsp;

namespace {

std::string errorOf(llvm::Error error) {
  return error ? llvm::toString(std::move(error)) : std::string();
}

TEST(TargetRegistry, FindsEveryTargetByName) {
  registerAllTargets();
  registerAllTargets(); // idempotent
  std::vector<std::string> names;
  for (const Target *target : getTargets())
    names.push_back(target->getName().str());
  EXPECT_EQ(names, (std::vector<std::string>{"aie", "ascend", "cpu_sim"}));
  ASSERT_NE(lookupTarget("ascend"), nullptr);
  EXPECT_TRUE(lookupTarget("ascend")->emitsTree());
  EXPECT_FALSE(lookupTarget("cpu_sim")->emitsTree());
  ASSERT_NE(lookupTarget("aie"), nullptr);
  EXPECT_TRUE(lookupTarget("aie")->emitsTree());
  EXPECT_EQ(lookupTarget("tpu"), nullptr);
  EXPECT_FALSE(lookupTarget("ascend")->getCapabilities().empty());
}

TEST(TargetOptions, UnknownNamesAndValuesAreErrors) {
  registerAllTargets();
  const Target &ascend = *lookupTarget("ascend");
  TargetOptions options;
  EXPECT_EQ(errorOf(verifyTargetOptions(ascend, options)), "");
  EXPECT_EQ(ascend.getOption(options, "runtime"), "tensormap_and_ringbuffer");
  options.values["runtime"] = "host_build_graph";
  EXPECT_EQ(errorOf(verifyTargetOptions(ascend, options)), "");
  EXPECT_EQ(ascend.getOption(options, "runtime"), "host_build_graph");
  options.values["runtime"] = "pto3";
  EXPECT_EQ(errorOf(verifyTargetOptions(ascend, options)),
            "target 'ascend': option 'runtime' must be one of "
            "tensormap_and_ringbuffer, host_build_graph; got 'pto3'");
  TargetOptions other;
  other.values["runtime"] = "x";
  EXPECT_EQ(errorOf(verifyTargetOptions(*lookupTarget("cpu_sim"), other)),
            "target 'cpu_sim' has no option 'runtime' (it takes none)");
}

TEST(TargetEmit, AscendWritesOneFilePerSourceAndTheManifests) {
  registerAllTargets();
  mlir::DialectRegistry registry;
  registerAllDialects(registry);
  mlir::MLIRContext context(registry);
  context.loadAllAvailableDialects();
  const char *source = R"mlir(
    tile.kernel @neg(%x: !tile.view<1x64xf32, in>, %y: !tile.view<1x64xf32, out>) {
      %t = tile.load %x : !tile.view<1x64xf32, in> -> !tile.tile<1x64xf32>
      %n = tile.neg %t : !tile.tile<1x64xf32>
      tile.store %n, %y : !tile.tile<1x64xf32>, !tile.view<1x64xf32, out>
    }
    workload.workload @w(%X: memref<4x64xf32>, %Y: memref<4x64xf32>) {
      %c0 = arith.constant 0 : index
      %n = workload.dense 4
      workload.parallel_for %i in %n name("i") {
        %x = workload.view %X[%i, %c0] sizes [1, 64] : memref<4x64xf32> -> !workload.view<1x64xf32>
        %y = workload.view %Y[%i, %c0] sizes [1, 64] : memref<4x64xf32> -> !workload.view<1x64xf32>
        workload.task @neg(%x, %y) : !workload.view<1x64xf32>, !workload.view<1x64xf32>
      }
    })mlir";
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceString<mlir::ModuleOp>(source, &context);
  ASSERT_TRUE(module);
  mlir::FailureOr<std::vector<EmittedFile>> files =
      lookupTarget("ascend")->emit(*module, TargetOptions());
  ASSERT_TRUE(mlir::succeeded(files));
  std::vector<std::string> paths;
  for (const EmittedFile &file : *files)
    paths.push_back(file.path);
  for (const char *expected :
       {"orchestration/w.cpp", "kernels/aiv/neg.cpp", "kernel_config.py",
        "manifest.json", "ptort.conf", "include/ptowsp_pto2.h"})
    EXPECT_NE(std::find(paths.begin(), paths.end(), expected), paths.end())
        << expected;
}

} // namespace
