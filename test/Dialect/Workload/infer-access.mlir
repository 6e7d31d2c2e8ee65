// RUN: pto-wsp-opt %s -workload-infer-access | FileCheck %s
// Every task gets the access mode of each view argument from its kernel's
// directions and the core the kernel needs. Both are taskgraph enum
// attributes (printed as integers): access read = 0, write = 1,
// readwrite = 2; core vector = 0, cube = 1.

tile.kernel @scale(%x: !tile.view<16x128xf32, in>, %y: !tile.view<16x128xf32, out>, %s: f32) {
  tile.return
}

tile.kernel @bump(%s: index, %x: !tile.view<1x128xf32, inout>) {
  tile.return
}

tile.kernel @mm(%a: !tile.view<16x32xbf16, in>, %b: !tile.view<32x16xbf16, in>, %c: !tile.view<16x16xf32, inout>) {
  %lhs = tile.load %a : !tile.view<16x32xbf16, in> -> !tile.tile<16x32xbf16>
  %rhs = tile.load %b : !tile.view<32x16xbf16, in> -> !tile.tile<32x16xbf16>
  %prod = tile.matmul %lhs, %rhs : !tile.tile<16x32xbf16>, !tile.tile<32x16xbf16> -> !tile.tile<16x16xf32>
  tile.store %prod, %c : !tile.tile<16x16xf32>, !tile.view<16x16xf32, inout>
  tile.return
}

// One entry per view argument, in argument order; scalars have none.
// CHECK-LABEL: workload.workload @vector_tasks
workload.workload @vector_tasks(%X: memref<16x128xf32>, %Y: memref<16x128xf32>, %s: f32, %i: index) {
  %c0 = arith.constant 0 : index
  %x = workload.view %X[%c0, %c0] sizes [16, 128] : memref<16x128xf32> -> !workload.view<16x128xf32>
  %y = workload.view %Y[%c0, %c0] sizes [16, 128] : memref<16x128xf32> -> !workload.view<16x128xf32>
  %row = workload.view %Y[%c0, %c0] sizes [1, 128] : memref<16x128xf32> -> !workload.view<1x128xf32>
  // CHECK: workload.task @scale({{.*}}) {access = [0 : i32, 1 : i32], core = 0 : i32}
  workload.task @scale(%x, %y, %s) : !workload.view<16x128xf32>, !workload.view<16x128xf32>, f32
  // CHECK: workload.task @bump({{.*}}) {access = [2 : i32], core = 0 : i32}
  workload.task @bump(%i, %row) : index, !workload.view<1x128xf32>
}

// A kernel using tile.matmul needs the cube unit; tasks in loops are
// annotated too.
// CHECK-LABEL: workload.workload @cube_tasks
workload.workload @cube_tasks(%A: memref<64x32xbf16>, %B: memref<32x16xbf16>, %C: memref<64x16xf32>) {
  %c0 = arith.constant 0 : index
  %c16 = arith.constant 16 : index
  %tiles = workload.dense 4
  workload.parallel_for %t in %tiles name("t") {
    %row = arith.muli %t, %c16 : index
    %a = workload.view %A[%row, %c0] sizes [16, 32] : memref<64x32xbf16> -> !workload.view<16x32xbf16>
    %b = workload.view %B[%c0, %c0] sizes [32, 16] : memref<32x16xbf16> -> !workload.view<32x16xbf16>
    %c = workload.view %C[%row, %c0] sizes [16, 16] : memref<64x16xf32> -> !workload.view<16x16xf32>
    // CHECK: workload.task @mm({{.*}}) {access = [0 : i32, 0 : i32, 2 : i32], core = 1 : i32}
    workload.task @mm(%a, %b, %c) : !workload.view<16x32xbf16>, !workload.view<32x16xbf16>, !workload.view<16x16xf32>
  }
}
