// RUN: pto-wsp-translate --ascend --split-input-file --verify-diagnostics %s
// RUN: pto-wsp-translate --ascend=host_build_graph --split-input-file --verify-diagnostics %s

// Workload constructs and kernel operations target ascend cannot lower are
// compile-time errors naming the construct, with either runtime.

tile.kernel @copy(%x: !tile.view<1x64xf32, in>, %y: !tile.view<1x64xf32, out>) {
  %t = tile.load %x : !tile.view<1x64xf32, in> -> !tile.tile<1x64xf32>
  tile.store %t, %y : !tile.tile<1x64xf32>, !tile.view<1x64xf32, out>
}

// A slot load of a tensor that tasks write (data-dependent control on task
// results): the orchestration cannot wait for tasks.
workload.workload @slot(%X: memref<8x64xf32>, %Y: memref<8x64xf32>) {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0 : i64
  %tiles = workload.dense 8
  workload.parallel_for %t in %tiles name("t") {
    %x = workload.view %X[%t, %c0] sizes [1, 64] : memref<8x64xf32> -> !workload.view<1x64xf32>
    workload.task @copy(%x, %x) : !workload.view<1x64xf32>, !workload.view<1x64xf32>
  }
  workload.parallel_for %t in %tiles name("u") {
    %x = workload.view %X[%t, %c0] sizes [1, 64] : memref<8x64xf32> -> !workload.view<1x64xf32>
    %y = workload.view %Y[%t, %c0] sizes [1, 64] : memref<8x64xf32> -> !workload.view<1x64xf32>
    // expected-error @+1 {{a slot load from a tensor that tasks write (data-dependent control on task results) is not supported by target ascend}}
    %g = workload.slot_load %X[%t, %c0] : memref<8x64xf32> -> f32
    %zf = arith.constant 0.0 : f32
    %on = arith.cmpf ogt, %g, %zf : f32
    workload.if %on {
      workload.task @copy(%x, %y) : !workload.view<1x64xf32>, !workload.view<1x64xf32>
    }
  }
}

// -----

// CSP pipelines: pto-runtime has no channels between task generators.
workload.workload @pipe() {
  csp.pipeline {
    // expected-error @+1 {{a CSP pipeline (channels and processes between task generators) is not supported by target ascend}}
    %c = csp.channel "c" capacity 1 : !csp.channel<index>
    csp.process "producer" produces(%c : !csp.channel<index>) {
    ^bb0(%i: index):
      csp.send %c, %i : !csp.channel<index>
    }
    csp.process "consumer" consumes(%c : !csp.channel<index>) {
    ^bb0(%i: index):
      csp.consume %c -> (%v) : !csp.channel<index> {
      }
    }
  }
}

// -----

tile.kernel @compare(%x: !tile.view<16x64xf32, in>, %y: !tile.view<16x64xf32, out>) {
  %t = tile.load %x : !tile.view<16x64xf32, in> -> !tile.tile<16x64xf32>
  // expected-error @+1 {{'tile.cmp' op is not supported by target ascend}}
  %m = tile.cmp gt, %t, %t : !tile.tile<16x64xf32> -> !tile.tile<16x64xi1>
  %s = tile.select %m, %t, %t : !tile.tile<16x64xi1>, !tile.tile<16x64xf32>
  tile.store %s, %y : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
}

workload.workload @w(%X: memref<16x64xf32>, %Y: memref<16x64xf32>) {
  %c0 = arith.constant 0 : index
  %x = workload.view %X[%c0, %c0] sizes [16, 64] : memref<16x64xf32> -> !workload.view<16x64xf32>
  %y = workload.view %Y[%c0, %c0] sizes [16, 64] : memref<16x64xf32> -> !workload.view<16x64xf32>
  workload.task @compare(%x, %y) : !workload.view<16x64xf32>, !workload.view<16x64xf32>
}

// -----

// Scalars must come from the workload (kernel arguments) or be constants.
tile.kernel @scaled(%x: !tile.view<16x64xf32, in>, %y: !tile.view<16x64xf32, out>, %s: f32) {
  %t = tile.load %x : !tile.view<16x64xf32, in> -> !tile.tile<16x64xf32>
  // expected-error @+1 {{'arith.mulf' op (scalar arithmetic in a kernel) is not supported by target ascend; compute scalars in the workload}}
  %s2 = arith.mulf %s, %s : f32
  %u = tile.muls %t, %s2 : !tile.tile<16x64xf32>, f32
  tile.store %u, %y : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
}

workload.workload @w(%X: memref<16x64xf32>, %Y: memref<16x64xf32>, %s: f32) {
  %c0 = arith.constant 0 : index
  %x = workload.view %X[%c0, %c0] sizes [16, 64] : memref<16x64xf32> -> !workload.view<16x64xf32>
  %y = workload.view %Y[%c0, %c0] sizes [16, 64] : memref<16x64xf32> -> !workload.view<16x64xf32>
  workload.task @scaled(%x, %y, %s) : !workload.view<16x64xf32>, !workload.view<16x64xf32>, f32
}

// -----

// The cube works on whole fractals: K = 8 f16 is half a 32-byte block.
tile.kernel @narrow(%a: !tile.view<16x8xf16, in>, %b: !tile.view<8x16xf16, in>, %c: !tile.view<16x16xf32, out>) {
  %ta = tile.load %a : !tile.view<16x8xf16, in> -> !tile.tile<16x8xf16>
  %tb = tile.load %b : !tile.view<8x16xf16, in> -> !tile.tile<8x16xf16>
  // expected-error @+1 {{'tile.matmul' op has an M x K x N of 16 x 8 x 16; target ascend needs M a multiple of 16 and K, N multiples of 16 (whole fractals)}}
  %p = tile.matmul %ta, %tb : !tile.tile<16x8xf16>, !tile.tile<8x16xf16> -> !tile.tile<16x16xf32>
  tile.store %p, %c : !tile.tile<16x16xf32>, !tile.view<16x16xf32, out>
}

workload.workload @w(%A: memref<16x8xf16>, %B: memref<8x16xf16>, %C: memref<16x16xf32>) {
  %c0 = arith.constant 0 : index
  %a = workload.view %A[%c0, %c0] sizes [16, 8] : memref<16x8xf16> -> !workload.view<16x8xf16>
  %b = workload.view %B[%c0, %c0] sizes [8, 16] : memref<8x16xf16> -> !workload.view<8x16xf16>
  %c = workload.view %C[%c0, %c0] sizes [16, 16] : memref<16x16xf32> -> !workload.view<16x16xf32>
  workload.task @narrow(%a, %b, %c) : !workload.view<16x8xf16>, !workload.view<8x16xf16>, !workload.view<16x16xf32>
}

// -----

tile.kernel @touch(%x: !tile.view<1x64xf32, inout>) {
  %t = tile.load %x : !tile.view<1x64xf32, inout> -> !tile.tile<1x64xf32>
  tile.store %t, %x : !tile.tile<1x64xf32>, !tile.view<1x64xf32, inout>
}

workload.workload @first(%X: memref<1x64xf32>) {
  %c0 = arith.constant 0 : index
  %x = workload.view %X[%c0, %c0] sizes [1, 64] : memref<1x64xf32> -> !workload.view<1x64xf32>
  workload.task @touch(%x) : !workload.view<1x64xf32>
}

// expected-error @+1 {{is a second graph; an Ascend tree has one orchestration (compile one workload)}}
workload.workload @second(%X: memref<1x64xf32>) {
  %c0 = arith.constant 0 : index
  %x = workload.view %X[%c0, %c0] sizes [1, 64] : memref<1x64xf32> -> !workload.view<1x64xf32>
  workload.task @touch(%x) : !workload.view<1x64xf32>
}

// -----

// More views than a pto-runtime task carries (16).
tile.kernel @wide(%v0: !tile.view<1x64xf32, in>, %v1: !tile.view<1x64xf32, in>, %v2: !tile.view<1x64xf32, in>, %v3: !tile.view<1x64xf32, in>, %v4: !tile.view<1x64xf32, in>, %v5: !tile.view<1x64xf32, in>, %v6: !tile.view<1x64xf32, in>, %v7: !tile.view<1x64xf32, in>, %v8: !tile.view<1x64xf32, in>, %v9: !tile.view<1x64xf32, in>, %v10: !tile.view<1x64xf32, in>, %v11: !tile.view<1x64xf32, in>, %v12: !tile.view<1x64xf32, in>, %v13: !tile.view<1x64xf32, in>, %v14: !tile.view<1x64xf32, in>, %v15: !tile.view<1x64xf32, in>, %o: !tile.view<1x64xf32, out>) {
  %t = tile.load %v0 : !tile.view<1x64xf32, in> -> !tile.tile<1x64xf32>
  tile.store %t, %o : !tile.tile<1x64xf32>, !tile.view<1x64xf32, out>
}

workload.workload @w(%T0: memref<1x64xf32>, %T1: memref<1x64xf32>, %T2: memref<1x64xf32>, %T3: memref<1x64xf32>, %T4: memref<1x64xf32>, %T5: memref<1x64xf32>, %T6: memref<1x64xf32>, %T7: memref<1x64xf32>, %T8: memref<1x64xf32>, %T9: memref<1x64xf32>, %T10: memref<1x64xf32>, %T11: memref<1x64xf32>, %T12: memref<1x64xf32>, %T13: memref<1x64xf32>, %T14: memref<1x64xf32>, %T15: memref<1x64xf32>, %T16: memref<1x64xf32>) {
  %c0 = arith.constant 0 : index
  %r0 = workload.view %T0[%c0, %c0] sizes [1, 64] : memref<1x64xf32> -> !workload.view<1x64xf32>
  %r1 = workload.view %T1[%c0, %c0] sizes [1, 64] : memref<1x64xf32> -> !workload.view<1x64xf32>
  %r2 = workload.view %T2[%c0, %c0] sizes [1, 64] : memref<1x64xf32> -> !workload.view<1x64xf32>
  %r3 = workload.view %T3[%c0, %c0] sizes [1, 64] : memref<1x64xf32> -> !workload.view<1x64xf32>
  %r4 = workload.view %T4[%c0, %c0] sizes [1, 64] : memref<1x64xf32> -> !workload.view<1x64xf32>
  %r5 = workload.view %T5[%c0, %c0] sizes [1, 64] : memref<1x64xf32> -> !workload.view<1x64xf32>
  %r6 = workload.view %T6[%c0, %c0] sizes [1, 64] : memref<1x64xf32> -> !workload.view<1x64xf32>
  %r7 = workload.view %T7[%c0, %c0] sizes [1, 64] : memref<1x64xf32> -> !workload.view<1x64xf32>
  %r8 = workload.view %T8[%c0, %c0] sizes [1, 64] : memref<1x64xf32> -> !workload.view<1x64xf32>
  %r9 = workload.view %T9[%c0, %c0] sizes [1, 64] : memref<1x64xf32> -> !workload.view<1x64xf32>
  %r10 = workload.view %T10[%c0, %c0] sizes [1, 64] : memref<1x64xf32> -> !workload.view<1x64xf32>
  %r11 = workload.view %T11[%c0, %c0] sizes [1, 64] : memref<1x64xf32> -> !workload.view<1x64xf32>
  %r12 = workload.view %T12[%c0, %c0] sizes [1, 64] : memref<1x64xf32> -> !workload.view<1x64xf32>
  %r13 = workload.view %T13[%c0, %c0] sizes [1, 64] : memref<1x64xf32> -> !workload.view<1x64xf32>
  %r14 = workload.view %T14[%c0, %c0] sizes [1, 64] : memref<1x64xf32> -> !workload.view<1x64xf32>
  %r15 = workload.view %T15[%c0, %c0] sizes [1, 64] : memref<1x64xf32> -> !workload.view<1x64xf32>
  %r16 = workload.view %T16[%c0, %c0] sizes [1, 64] : memref<1x64xf32> -> !workload.view<1x64xf32>
  // expected-error @+1 {{a task with 17 views and 17 scalar words (row strides included; pto-runtime passes at most 16 and 32) is not supported by target ascend}}
  workload.task @wide(%r0, %r1, %r2, %r3, %r4, %r5, %r6, %r7, %r8, %r9, %r10, %r11, %r12, %r13, %r14, %r15, %r16) : !workload.view<1x64xf32>, !workload.view<1x64xf32>, !workload.view<1x64xf32>, !workload.view<1x64xf32>, !workload.view<1x64xf32>, !workload.view<1x64xf32>, !workload.view<1x64xf32>, !workload.view<1x64xf32>, !workload.view<1x64xf32>, !workload.view<1x64xf32>, !workload.view<1x64xf32>, !workload.view<1x64xf32>, !workload.view<1x64xf32>, !workload.view<1x64xf32>, !workload.view<1x64xf32>, !workload.view<1x64xf32>, !workload.view<1x64xf32>
}
