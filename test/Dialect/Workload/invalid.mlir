// RUN: pto-wsp-opt %s -split-input-file -verify-diagnostics
// One case per diagnostic of the workload dialect's verifiers (and of the
// tensor-window checks it shares with taskgraph.region).

// expected-error @below {{view must have two dimensions, got 3}}
func.func private @rank(!workload.view<2x16x128xf32>)

// -----

// expected-error @below {{view dimensions must be positive}}
func.func private @zero(!workload.view<0x128xf32>)

// -----

// expected-error @below {{view element type must be f16, bf16, f32, i8, i16, i32 or ui8, got 'i1'}}
func.func private @mask(!workload.view<16x128xi1>)

// -----

// expected-error @below {{'workload.workload' op workloads have no results; tasks write tensors instead}}
workload.workload @results() -> i32 {
  workload.yield
}

// -----

// expected-error @below {{'workload.workload' op argument #0 has type 'memref<8x8xf32, strided<[16, 1]>>'; workload arguments are memrefs with the identity layout or scalars}}
workload.workload @strided(%X: memref<8x8xf32, strided<[16, 1]>>) {
  workload.yield
}

// -----

workload.workload @symbol_types() {
  // expected-note @below {{first use here}}
  %a = workload.symbol "n" : i64
  // expected-error @below {{'workload.symbol' op run-time symbol 'n' has type 'i32' here but 'i64' elsewhere}}
  %b = workload.symbol "n" : i32
}

// -----

workload.workload @symbol_name() {
  // expected-error @below {{'workload.symbol' op symbol name 'seq len' must be an identifier ([A-Za-z_][A-Za-z0-9_]*)}}
  %a = workload.symbol "seq len" : i64
}

// -----

workload.workload @negative_axis() {
  // expected-error @below {{'workload.dense' op axis size must be non-negative, got -1}}
  %a = workload.dense -1
}

// -----

workload.workload @ragged_rank(%lengths: memref<4x2xi64>, %b: index) {
  // expected-error @below {{'workload.ragged' op expected 2 indices (one per tensor dimension), got 1}}
  %a = workload.ragged %lengths[%b] : memref<4x2xi64>
}

// -----

workload.workload @ragged_bounds(%lengths: memref<4xi64>) {
  %c4 = arith.constant 4 : index
  // expected-error @below {{'workload.ragged' op index 4 along dimension 0 is out of bounds of the tensor's size 4}}
  %a = workload.ragged %lengths[%c4] : memref<4xi64>
}

// -----

workload.workload @sparse_rank(%indptr: memref<3x3xi32>, %indices: memref<8xi32>, %row: index) {
  // expected-error @below {{'workload.sparse' op indptr and indices must be one-dimensional tensors}}
  %a = workload.sparse %indptr, %indices[%row] : memref<3x3xi32>, memref<8xi32>
}

// -----

workload.workload @sparse_row(%indptr: memref<3xi32>, %indices: memref<8xi32>) {
  %c2 = arith.constant 2 : index
  // expected-error @below {{'workload.sparse' op row 2 is out of bounds of indptr, which describes 2 rows}}
  %a = workload.sparse %indptr, %indices[%c2] : memref<3xi32>, memref<8xi32>
}

// -----

workload.workload @select_dense() {
  %a = workload.dense 4
  // expected-error @below {{'workload.select' op requires a sparse axis produced by 'workload.sparse'}}
  workload.select %e in %a name("e") {
  }
}

// -----

workload.workload @empty_name() {
  %a = workload.dense 4
  // expected-error @below {{'workload.parallel_for' op loop variable name must not be empty}}
  workload.parallel_for %b in %a name("") {
  }
}

// -----

workload.workload @loop_argument() {
  %a = workload.dense 4
  // expected-error @below {{'workload.parallel_for' op body must have exactly one 'index' argument (the loop variable)}}
  "workload.parallel_for"(%a) <{name = "b"}> ({
  ^bb0(%b: i32):
    "workload.yield"() : () -> ()
  }) : (!workload.axis) -> ()
}

// -----

workload.workload @shadow() {
  %a = workload.dense 4
  // expected-note @below {{enclosing loop here}}
  workload.parallel_for %b in %a name("b") {
    // expected-error @below {{'workload.for_each' op loop variable name 'b' is already used by an enclosing loop}}
    workload.for_each %c in %a name("b") {
    }
  }
}

// -----

workload.workload @view_rank0(%X: memref<f32>) {
  // expected-error @below {{'workload.view' op tensor must have at least one dimension}}
  %v = workload.view %X[] sizes [] : memref<f32> -> !workload.view<1x1xf32>
}

// -----

workload.workload @view_layout(%X: memref<8x8xf32>) {
  %s = memref.subview %X[0, 0] [4, 8] [1, 1] : memref<8x8xf32> to memref<4x8xf32, strided<[8, 1]>>
  %c0 = arith.constant 0 : index
  // expected-error @below {{'workload.view' op tensor must have the identity (row-major) layout, got 'memref<4x8xf32, strided<[8, 1]>>'}}
  %v = workload.view %s[%c0, %c0] sizes [4, 8] : memref<4x8xf32, strided<[8, 1]>> -> !workload.view<4x8xf32>
}

// -----

workload.workload @view_offsets(%X: memref<4x16x128xf32>) {
  %c0 = arith.constant 0 : index
  // expected-error @below {{'workload.view' op expected 3 offsets (one per tensor dimension), got 2}}
  %v = workload.view %X[%c0, %c0] sizes [1, 16, 128] : memref<4x16x128xf32> -> !workload.view<16x128xf32>
}

// -----

workload.workload @view_sizes(%X: memref<4x16x128xf32>) {
  %c0 = arith.constant 0 : index
  // expected-error @below {{'workload.view' op expected 3 sizes (one per tensor dimension), got 2}}
  %v = workload.view %X[%c0, %c0, %c0] sizes [16, 128] : memref<4x16x128xf32> -> !workload.view<16x128xf32>
}

// -----

workload.workload @view_positive(%X: memref<16x128xf32>) {
  %c0 = arith.constant 0 : index
  // expected-error @below {{'workload.view' op window sizes must be positive}}
  %v = workload.view %X[%c0, %c0] sizes [0, 128] : memref<16x128xf32> -> !workload.view<16x128xf32>
}

// -----

workload.workload @view_leading(%X: memref<4x16x128xf32>) {
  %c0 = arith.constant 0 : index
  // expected-error @below {{'workload.view' op window size along dimension 0 must be 1 (only the last two dimensions form the 2-D window), got 2}}
  %v = workload.view %X[%c0, %c0, %c0] sizes [2, 16, 128] : memref<4x16x128xf32> -> !workload.view<16x128xf32>
}

// -----

workload.workload @view_shape(%X: memref<16x128xf32>) {
  %c0 = arith.constant 0 : index
  // expected-error @below {{'workload.view' op result shape 16x64 does not match the window's trailing sizes 16x128}}
  %v = workload.view %X[%c0, %c0] sizes [16, 128] : memref<16x128xf32> -> !workload.view<16x64xf32>
}

// -----

workload.workload @view_element(%X: memref<16x128xf32>) {
  %c0 = arith.constant 0 : index
  // expected-error @below {{'workload.view' op result element type 'f16' does not match the tensor's 'f32'}}
  %v = workload.view %X[%c0, %c0] sizes [16, 128] : memref<16x128xf32> -> !workload.view<16x128xf16>
}

// -----

workload.workload @view_too_wide(%X: memref<16x64xf32>, %r: index) {
  %c0 = arith.constant 0 : index
  // expected-error @below {{'workload.view' op window size 128 along dimension 1 exceeds the tensor's size 64}}
  %v = workload.view %X[%r, %c0] sizes [16, 128] : memref<16x64xf32> -> !workload.view<16x128xf32>
}

// -----

workload.workload @view_out_of_bounds(%X: memref<4x16x128xf32>) {
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  // expected-error @below {{'workload.view' op window [4, 5) along dimension 0 is out of bounds of the tensor's size 4}}
  %v = workload.view %X[%c4, %c0, %c0] sizes [1, 16, 128] : memref<4x16x128xf32> -> !workload.view<16x128xf32>
}

// -----

func.func @task_outside(%x: !workload.view<16x128xf32>) {
  // expected-error @below {{'workload.task' op must be nested in a 'workload.workload'}}
  workload.task @k(%x) : !workload.view<16x128xf32>
  return
}

// -----

func.func private @not_a_kernel()

workload.workload @unknown_kernel() {
  // expected-error @below {{'workload.task' op 'not_a_kernel' does not name a tile.kernel}}
  workload.task @not_a_kernel()
}

// -----

// expected-note @below {{kernel declared here}}
tile.kernel @k(%x: !tile.view<16x128xf32, in>, %s: f32) {
  tile.return
}

workload.workload @arity(%X: memref<16x128xf32>) {
  %c0 = arith.constant 0 : index
  %v = workload.view %X[%c0, %c0] sizes [16, 128] : memref<16x128xf32> -> !workload.view<16x128xf32>
  // expected-error @below {{'workload.task' op kernel @k takes 2 arguments, got 1}}
  workload.task @k(%v) : !workload.view<16x128xf32>
}

// -----

// expected-note @below {{kernel declared here}}
tile.kernel @k(%x: !tile.view<16x128xf32, in>, %s: f32) {
  tile.return
}

workload.workload @view_mismatch(%X: memref<16x128xf32>, %s: f32) {
  %c0 = arith.constant 0 : index
  %v = workload.view %X[%c0, %c0] sizes [16, 64] : memref<16x128xf32> -> !workload.view<16x64xf32>
  // expected-error @below {{'workload.task' op argument #0 of type '!workload.view<16x64xf32>' does not match kernel parameter '!tile.view<16x128xf32, in>' (expected a !workload.view of the same shape and element type)}}
  workload.task @k(%v, %s) : !workload.view<16x64xf32>, f32
}

// -----

// expected-note @below {{kernel declared here}}
tile.kernel @k(%x: !tile.view<16x128xf32, in>, %s: f32) {
  tile.return
}

workload.workload @scalar_mismatch(%X: memref<16x128xf32>, %s: f16) {
  %c0 = arith.constant 0 : index
  %v = workload.view %X[%c0, %c0] sizes [16, 128] : memref<16x128xf32> -> !workload.view<16x128xf32>
  // expected-error @below {{'workload.task' op argument #1 has type 'f16' but kernel parameter #1 has type 'f32'}}
  workload.task @k(%v, %s) : !workload.view<16x128xf32>, f16
}

// -----

workload.workload @slot_type(%T: memref<4xi64>, %i: index) {
  // expected-error @below {{'workload.slot_load' op result type 'i32' must be the tensor's element type 'i64'}}
  %v = workload.slot_load %T[%i] : memref<4xi64> -> i32
}

// -----

workload.workload @slot_bounds(%T: memref<4x2xi64>, %i: index) {
  %c2 = arith.constant 2 : index
  // expected-error @below {{'workload.slot_load' op index 2 along dimension 1 is out of bounds of the tensor's size 2}}
  %v = workload.slot_load %T[%i, %c2] : memref<4x2xi64> -> i64
}
