// The translation driver's target selection: every target is listed with its
// options and capabilities; unknown targets, options and values are errors.
// RUN: pto-wsp-translate --list-targets | FileCheck %s --check-prefix=LIST
// LIST: aie: an mlir-aie design
// LIST: option device (default npu1_4col)
// LIST: ascend: a pto-runtime source tree
// LIST: option runtime (default tensormap_and_ringbuffer)
// LIST: [no]  CSP pipelines
// LIST: cpu_sim: one C++ translation unit
// RUN: not pto-wsp-translate --target=aiex %s 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// UNKNOWN: pto-wsp-translate: error: unknown target 'aiex' (--list-targets)
// RUN: not pto-wsp-translate --target=aie --target-option=device=npu9 %s 2>&1 | FileCheck %s --check-prefix=DEVICE
// DEVICE: error: target 'aie': option 'device' must be one of npu1_1col, npu1_2col, npu1_3col, npu1_4col, npu2; got 'npu9'
// RUN: not pto-wsp-translate --ascend=pto3 %s 2>&1 | FileCheck %s --check-prefix=VALUE
// VALUE: error: target 'ascend': option 'runtime' must be one of tensormap_and_ringbuffer, host_build_graph; got 'pto3'
// RUN: not pto-wsp-translate --cpu-sim --target-option=runtime=x %s 2>&1 | FileCheck %s --check-prefix=OPTION
// OPTION: error: target 'cpu_sim' has no option 'runtime' (it takes none)
// RUN: not pto-wsp-translate --cpu-sim --ascend %s 2>&1 | FileCheck %s --check-prefix=TWO
// TWO: error: choose one target
// RUN: not pto-wsp-translate %s 2>&1 | FileCheck %s --check-prefix=NONE
// NONE: error: no target
// A tree goes to a directory: one line per file written.
// RUN: rm -rf %t && pto-wsp-translate --target=ascend --target-option=runtime=host_build_graph %s -o %t | FileCheck %s --check-prefix=TREE
// TREE: orchestration/w.cpp
// TREE: kernels/aiv/neg.cpp
// RUN: FileCheck %s --check-prefix=CONF < %t/ptort.conf
// CONF: runtime host_build_graph
// pto-wsp-opt registers each target's pipeline through the same seam.
// RUN: pto-wsp-opt %s --pto-wsp-ascend=runtime=host_build_graph | FileCheck %s --check-prefix=OPT
// OPT: emitc.file "orchestration/w.cpp" attributes {ascend.entry = "build_w"
// RUN: not pto-wsp-opt %s --pto-wsp-ascend=runtime=pto3 2>&1 | FileCheck %s --check-prefix=OPTBAD
// OPTBAD: error: target 'ascend': option 'runtime' must be one of tensormap_and_ringbuffer, host_build_graph; got 'pto3'
// RUN: not pto-wsp-opt %s --pto-wsp-cpu-sim=bogus 2>&1 | FileCheck %s --check-prefix=OPTFORM
// OPTFORM: error: target 'cpu_sim': expected name=value, got 'bogus'

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
}
