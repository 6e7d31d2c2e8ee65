// RUN: pto-wsp-opt %s -split-input-file -workload-verify-bounds -verify-diagnostics | FileCheck %s
// Views whose window provably leaves the tensor are rejected, one case per
// way of leaving it; views the analysis cannot decide are left to the runtime.

// Offsets that stay in bounds over every iteration are accepted unchanged.
// CHECK-LABEL: workload.workload @in_bounds
workload.workload @in_bounds(%X: memref<4x128xf32>, %Y: memref<64x128xf32>, %Z: memref<8x128xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %c4 = arith.constant 4 : index
  %c16 = arith.constant 16 : index
  %rows = workload.dense 4
  workload.parallel_for %i in %rows name("i") {
    // CHECK: workload.view
    %x = workload.view %X[%i, %c0] sizes [1, 128] : memref<4x128xf32> -> !workload.view<1x128xf32>
    // [0, 48] with a window of 16 rows in 64.
    %row = arith.muli %i, %c16 : index
    %y = workload.view %Y[%row, %c0] sizes [16, 128] : memref<64x128xf32> -> !workload.view<16x128xf32>
    // min(i + 1, 3) is in [1, 3].
    %next = arith.addi %i, %c1 : index
    %clamped = arith.minsi %next, %c3 : index
    %n = workload.view %X[%clamped, %c0] sizes [1, 128] : memref<4x128xf32> -> !workload.view<1x128xf32>
    // (i + 5) mod 4 crosses a multiple of 4: [0, 3].
    %c5 = arith.constant 5 : index
    %shift = arith.addi %i, %c5 : index
    %wrap = arith.remui %shift, %c4 : index
    %w = workload.view %X[%wrap, %c0] sizes [1, 128] : memref<4x128xf32> -> !workload.view<1x128xf32>
    // 2 * i computed in i32 is in [0, 6]: a 2-row window fits in 8 rows.
    %cast = arith.index_cast %i : index to i32
    %c2_i32 = arith.constant 2 : i32
    %double = arith.muli %cast, %c2_i32 : i32
    %wide = arith.index_cast %double : i32 to index
    %z = workload.view %Z[%wide, %c0] sizes [2, 128] : memref<8x128xf32> -> !workload.view<2x128xf32>
  }
}

// -----

// Conditions on loop variables narrow them: a stencil that guards its
// neighbours is in bounds.
// CHECK-LABEL: workload.workload @guarded
workload.workload @guarded(%X: memref<4x128xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %rows = workload.dense 4
  workload.parallel_for %i in %rows name("i") {
    %first = arith.cmpi eq, %i, %c0 : index
    workload.if %first {
    } else {
      %prev = arith.subi %i, %c1 : index
      // CHECK: workload.view
      %p = workload.view %X[%prev, %c0] sizes [1, 128] : memref<4x128xf32> -> !workload.view<1x128xf32>
    }
    %before_last = arith.cmpi slt, %i, %c3 : index
    workload.if %before_last {
      %next = arith.addi %i, %c1 : index
      %n = workload.view %X[%next, %c0] sizes [1, 128] : memref<4x128xf32> -> !workload.view<1x128xf32>
    }
  }
}

// -----

// Run-time values, data-dependent conditions, dynamic axes, sparse indices
// and correlated operands (i - i) are not decided here: the runtime checks
// each submitted region.
// CHECK-LABEL: workload.workload @runtime
workload.workload @runtime(%X: memref<4x128xf32>, %D: memref<?x128xf32>, %n: index, %flags: memref<4xi1>, %indptr: memref<5xi32>, %indices: memref<8xi32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %rows = workload.dense 4
  %dyn = workload.dense_dyn %n
  workload.parallel_for %i in %rows name("i") {
    %next = arith.addi %i, %c1 : index
    // Dynamic tensor dimension.
    %d = workload.view %D[%next, %c0] sizes [1, 128] : memref<?x128xf32> -> !workload.view<1x128xf32>
    // Data-dependent guard.
    %flag = workload.slot_load %flags[%i] : memref<4xi1> -> i1
    workload.if %flag {
      %g = workload.view %X[%next, %c0] sizes [1, 128] : memref<4x128xf32> -> !workload.view<1x128xf32>
    }
    // Correlated operands: the interval [-3, 3] would not be reached.
    %zero = arith.subi %i, %i : index
    %z = workload.view %X[%zero, %c0] sizes [1, 128] : memref<4x128xf32> -> !workload.view<1x128xf32>
    %experts = workload.sparse %indptr, %indices[%i] : memref<5xi32>, memref<8xi32>
    workload.select %e in %experts name("e") {
      %s = workload.view %X[%e, %c0] sizes [1, 128] : memref<4x128xf32> -> !workload.view<1x128xf32>
    }
  }
  workload.parallel_for %j in %dyn name("j") {
    %y = workload.view %X[%j, %c0] sizes [1, 128] : memref<4x128xf32> -> !workload.view<1x128xf32>
  }
  // A loop over an empty axis never runs its body.
  %none = workload.dense 0
  workload.parallel_for %k in %none name("k") {
    %past = arith.addi %k, %c1 : index
    %p = workload.view %X[%past, %c0] sizes [1, 128] : memref<4x128xf32> -> !workload.view<1x128xf32>
  }
}

// -----

workload.workload @past_the_end(%X: memref<4x128xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %rows = workload.dense 4
  // expected-note @below {{loop variable 'i' ranges over [0, 3]}}
  workload.parallel_for %i in %rows name("i") {
    %next = arith.addi %i, %c1 : index
    // expected-error @below {{'workload.view' op offset along dimension 0 ranges over [1, 4] but must stay within [0, 3] for a window of size 1 in a dimension of size 4}}
    %x = workload.view %X[%next, %c0] sizes [1, 128] : memref<4x128xf32> -> !workload.view<1x128xf32>
  }
}

// -----

workload.workload @before_the_start(%X: memref<4x128xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %rows = workload.dense 4
  // expected-note @below {{loop variable 'i' ranges over [0, 3]}}
  workload.for_each %i in %rows name("i") {
    %prev = arith.subi %i, %c1 : index
    // expected-error @below {{'workload.view' op offset along dimension 0 ranges over [-1, 2] but must stay within [0, 3] for a window of size 1 in a dimension of size 4}}
    %x = workload.view %X[%prev, %c0] sizes [1, 128] : memref<4x128xf32> -> !workload.view<1x128xf32>
  }
}

// -----

// The window is wider than one element: its last row leaves the tensor.
workload.workload @wide_window(%X: memref<2x64x128xf32>) {
  %c0 = arith.constant 0 : index
  %c16 = arith.constant 16 : index
  %batch = workload.dense 2
  %tiles = workload.dense 3
  workload.parallel_for %b in %batch name("b") {
    // expected-note @below {{loop variable 't' ranges over [0, 2]}}
    workload.parallel_for %t in %tiles name("t") {
      %row = arith.muli %t, %c16 : index
      // expected-error @below {{'workload.view' op offset along dimension 1 ranges over [0, 32] but must stay within [0, 24] for a window of size 40 in a dimension of size 64}}
      %x = workload.view %X[%b, %row, %c0] sizes [1, 40, 128] : memref<2x64x128xf32> -> !workload.view<40x128xf32>
    }
  }
}

// -----

// The else branch of `i < 3` runs only for i = 3.
workload.workload @else_branch(%X: memref<4x128xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %rows = workload.dense 4
  // expected-note @below {{loop variable 'i' ranges over [3, 3]}}
  workload.parallel_for %i in %rows name("i") {
    %before_last = arith.cmpi slt, %i, %c3 : index
    workload.if %before_last {
    } else {
      %next = arith.addi %i, %c1 : index
      // expected-error @below {{'workload.view' op offset along dimension 0 ranges over [4, 4] but must stay within [0, 3] for a window of size 1 in a dimension of size 4}}
      %x = workload.view %X[%next, %c0] sizes [1, 128] : memref<4x128xf32> -> !workload.view<1x128xf32>
    }
  }
}

// -----

// Two loop variables: the offset's bounds combine both.
workload.workload @two_loops(%X: memref<8x128xf32>) {
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  %outer = workload.dense 2
  %inner = workload.dense 5
  // expected-note @below {{loop variable 'b' ranges over [0, 1]}}
  workload.parallel_for %b in %outer name("b") {
    // expected-note @below {{loop variable 't' ranges over [0, 4]}}
    workload.parallel_for %t in %inner name("t") {
      %base = arith.muli %b, %c4 : index
      %row = arith.addi %base, %t : index
      // expected-error @below {{'workload.view' op offset along dimension 0 ranges over [0, 8] but must stay within [0, 7] for a window of size 1 in a dimension of size 8}}
      %x = workload.view %X[%row, %c0] sizes [1, 128] : memref<8x128xf32> -> !workload.view<1x128xf32>
    }
  }
}
