// RUN: pto-wsp-opt %s -split-input-file -verify-diagnostics -workload-infer-access -convert-workload-to-taskgraph -taskgraph-split-by-core | FileCheck %s

// c += a @ b with c loaded from memory: the cube accumulates only in L0C, so
// the product goes to an intermediate (AIC stage) and the vector unit adds
// it to c (AIV stage, which loads c again and stores it).

tile.kernel @gemm(%a: !tile.view<16x16xf16, in>, %b: !tile.view<16x16xf16, in>, %c: !tile.view<16x16xf32, inout>) {
  %ta = tile.load %a : !tile.view<16x16xf16, in> -> !tile.tile<16x16xf16>
  %tb = tile.load %b : !tile.view<16x16xf16, in> -> !tile.tile<16x16xf16>
  %tc = tile.load %c : !tile.view<16x16xf32, inout> -> !tile.tile<16x16xf32>
  %p = tile.matmul %ta, %tb acc %tc : !tile.tile<16x16xf16>, !tile.tile<16x16xf16> -> !tile.tile<16x16xf32>
  tile.store %p, %c : !tile.tile<16x16xf32>, !tile.view<16x16xf32, inout>
}

// CHECK-NOT: tile.kernel @gemm(
// CHECK-LABEL: tile.kernel @gemm__s0_aic(
// CHECK-SAME: %{{.*}}: !tile.view<16x16xf16, in>, %{{.*}}: !tile.view<16x16xf16, in>, %[[P:.*]]: !tile.view<16x16xf32, out>)
// CHECK: %[[M:.*]] = matmul %{{[0-9]+}}, %{{[0-9]+}} :
// CHECK: store %[[M]], %[[P]]
// CHECK-LABEL: tile.kernel @gemm__s1_aiv(
// CHECK-SAME: %[[C:.*]]: !tile.view<16x16xf32, inout>, %[[IN:.*]]: !tile.view<16x16xf32, in>)
// CHECK-DAG: %[[TC:.*]] = load %[[C]]
// CHECK-DAG: %[[TP:.*]] = load %[[IN]]
// CHECK: %[[S:.*]] = add %[[TC]], %[[TP]]
// CHECK: store %[[S]], %[[C]]

workload.workload @w(%A: memref<16x16xf16>, %B: memref<16x16xf16>, %C: memref<16x16xf32>) {
  %c0 = arith.constant 0 : index
  %k = workload.dense 3
  workload.for_each %i in %k name("k") {
    %a = workload.view %A[%c0, %c0] sizes [16, 16] : memref<16x16xf16> -> !workload.view<16x16xf16>
    %b = workload.view %B[%c0, %c0] sizes [16, 16] : memref<16x16xf16> -> !workload.view<16x16xf16>
    %c = workload.view %C[%c0, %c0] sizes [16, 16] : memref<16x16xf32> -> !workload.view<16x16xf32>
    workload.task @gemm(%a, %b, %c) : !workload.view<16x16xf16>, !workload.view<16x16xf16>, !workload.view<16x16xf32>
  }
}

// CHECK-LABEL: taskgraph.graph @w
// CHECK: scf.for %[[K:.*]] =
// CHECK: %[[I:.*]] = taskgraph.intermediate : !taskgraph.region<16x16xf32>
// CHECK: taskgraph.submit @gemm__s0_aic(%{{.*}}, %{{.*}}, %[[I]]) access [read, read, write] core(cube) coords(%[[K]])
// CHECK: taskgraph.submit @gemm__s1_aiv(%{{.*}}, %[[I]]) access [readwrite, read] core(vector) coords(%[[K]])

// -----

// A stage would read a view after a later-numbered stage wrote it: rejected.
tile.kernel @hazard(%a: !tile.view<16x16xf16, in>, %b: !tile.view<16x16xf16, in>, %c: !tile.view<16x16xf32, inout>) {
  %tc = tile.load %c : !tile.view<16x16xf32, inout> -> !tile.tile<16x16xf32>
  %e = tile.exp %tc : !tile.tile<16x16xf32>
  tile.store %e, %c : !tile.tile<16x16xf32>, !tile.view<16x16xf32, inout>
  %ta = tile.load %a : !tile.view<16x16xf16, in> -> !tile.tile<16x16xf16>
  %tb = tile.load %b : !tile.view<16x16xf16, in> -> !tile.tile<16x16xf16>
  %p = tile.matmul %ta, %tb : !tile.tile<16x16xf16>, !tile.tile<16x16xf16> -> !tile.tile<16x16xf32>
  // expected-error @-6 {{reads a view that stage 0 of kernel 'hazard' also writes}}
  %s = tile.add %p, %tc : !tile.tile<16x16xf32>, !tile.tile<16x16xf32> -> !tile.tile<16x16xf32>
  tile.store %s, %c : !tile.tile<16x16xf32>, !tile.view<16x16xf32, inout>
}

workload.workload @w2(%A: memref<16x16xf16>, %B: memref<16x16xf16>, %C: memref<16x16xf32>) {
  %c0 = arith.constant 0 : index
  %a = workload.view %A[%c0, %c0] sizes [16, 16] : memref<16x16xf16> -> !workload.view<16x16xf16>
  %b = workload.view %B[%c0, %c0] sizes [16, 16] : memref<16x16xf16> -> !workload.view<16x16xf16>
  %c = workload.view %C[%c0, %c0] sizes [16, 16] : memref<16x16xf32> -> !workload.view<16x16xf32>
  workload.task @hazard(%a, %b, %c) : !workload.view<16x16xf16>, !workload.view<16x16xf16>, !workload.view<16x16xf32>
}
