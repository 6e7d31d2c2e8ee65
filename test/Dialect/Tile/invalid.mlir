// RUN: pto-wsp-opt %s -split-input-file -verify-diagnostics
// One case per diagnostic of the tile dialect's verifiers.

// expected-error @below {{tile must have two dimensions, got 3}}
tile.kernel @rank(%x: !tile.view<16x128xf32, in>, %t: !tile.tile<2x2x2xf32>) {}

// -----

// expected-error @below {{tile dimensions must be positive}}
tile.kernel @zero(%t: !tile.tile<0x4xf32>) {}

// -----

// expected-error @below {{tile element type must be f16, bf16, f32, i1, i8, i16, i32 or ui8, got 'f64'}}
tile.kernel @f64(%t: !tile.tile<4x4xf64>) {}

// -----

// expected-error @below {{expected view direction 'in', 'out' or 'inout'}}
tile.kernel @direction(%x: !tile.view<4x4xf32, both>) {}

// -----

// expected-error @below {{global views of i1 are not supported}}
tile.kernel @mask_view(%x: !tile.view<4x4xi1, in>) {}

// -----

// expected-error @below {{'tile.kernel' op argument #0 has type 'tensor<4xf32>'; kernel arguments are !tile.view windows or scalars}}
tile.kernel @bad_arg(%x: tensor<4xf32>) {}

// -----

// expected-error @below {{'tile.kernel' op kernels have no results}}
"tile.kernel"() ({
^bb0:
  tile.return
}) {sym_name = "results", function_type = () -> f32} : () -> ()

// -----

tile.kernel @load_out(%y: !tile.view<4x4xf32, out>) {
  // expected-error @below {{cannot load from an 'out' view}}
  %t = tile.load %y : !tile.view<4x4xf32, out> -> !tile.tile<4x4xf32>
}

// -----

tile.kernel @store_in(%x: !tile.view<4x4xf32, in>) {
  %t = tile.load %x : !tile.view<4x4xf32, in> -> !tile.tile<4x4xf32>
  // expected-error @below {{cannot store to an 'in' view}}
  tile.store %t, %x : !tile.tile<4x4xf32>, !tile.view<4x4xf32, in>
}

// -----

tile.kernel @load_shape(%x: !tile.view<4x4xf32, in>) {
  // expected-error @below {{tile type '!tile.tile<8x4xf32>' does not match view type '!tile.view<4x4xf32, in>'}}
  %t = tile.load %x : !tile.view<4x4xf32, in> -> !tile.tile<8x4xf32>
}

// -----

func.func @binary_types(%a: !tile.tile<4x4xf32>, %b: !tile.tile<4x4xf16>) {
  // expected-error @below {{operands and result must have the same element type}}
  %c = tile.add %a, %b : !tile.tile<4x4xf32>, !tile.tile<4x4xf16> -> !tile.tile<4x4xf32>
  return
}

// -----

func.func @binary_shape(%a: !tile.tile<4x4xf32>, %b: !tile.tile<4x2xf32>) {
  // expected-error @below {{do not broadcast to}}
  %c = tile.mul %a, %b : !tile.tile<4x4xf32>, !tile.tile<4x2xf32> -> !tile.tile<4x4xf32>
  return
}

// -----

func.func @both_broadcast(%a: !tile.tile<4x1xf32>, %b: !tile.tile<1x4xf32>) {
  // expected-error @below {{at least one operand must have the result's shape}}
  %c = tile.sub %a, %b : !tile.tile<4x1xf32>, !tile.tile<1x4xf32> -> !tile.tile<4x4xf32>
  return
}

// -----

func.func @mask_math(%a: !tile.tile<4x4xi1>) {
  // expected-error @below {{does not operate on i1 mask tiles}}
  %c = tile.add %a, %a : !tile.tile<4x4xi1>, !tile.tile<4x4xi1> -> !tile.tile<4x4xi1>
  return
}

// -----

func.func @scalar_kind(%a: !tile.tile<4x4xf32>, %s: i32) {
  // expected-error @below {{scalar of type 'i32' does not match tile element type 'f32'}}
  %c = tile.adds %a, %s : !tile.tile<4x4xf32>, i32
  return
}

// -----

func.func @exp_int(%a: !tile.tile<4x4xi32>) {
  // expected-error @below {{requires a float tile}}
  %c = tile.exp %a : !tile.tile<4x4xi32>
  return
}

// -----

func.func @reduce_shape(%a: !tile.tile<4x8xf32>) {
  // expected-error @below {{expected result shape 4x1, got 1x8}}
  %c = tile.rowsum %a : !tile.tile<4x8xf32> -> !tile.tile<1x8xf32>
  return
}

// -----

func.func @reduce_type(%a: !tile.tile<4x8xf32>) {
  // expected-error @below {{result element type must match the source's}}
  %c = tile.colmax %a : !tile.tile<4x8xf32> -> !tile.tile<1x8xf16>
  return
}

// -----

func.func @broadcast_shape(%a: !tile.tile<4x2xf32>) {
  // expected-error @below {{must be a column (Rx1) or row (1xC) of}}
  %c = tile.broadcast %a : !tile.tile<4x2xf32> -> !tile.tile<4x4xf32>
  return
}

// -----

func.func @broadcast_type(%a: !tile.tile<4x1xf32>) {
  // expected-error @below {{result element type must match the source's}}
  %c = tile.broadcast %a : !tile.tile<4x1xf32> -> !tile.tile<4x4xf16>
  return
}

// -----

func.func @matmul_dtype(%a: !tile.tile<16x16xi8>) {
  // expected-error @below {{operands must be f16, bf16 or f32 tiles, got 'i8'}}
  %c = tile.matmul %a, %a : !tile.tile<16x16xi8>, !tile.tile<16x16xi8> -> !tile.tile<16x16xf32>
  return
}

// -----

func.func @matmul_mixed(%a: !tile.tile<16x16xf16>, %b: !tile.tile<16x16xbf16>) {
  // expected-error @below {{operands must have the same element type}}
  %c = tile.matmul %a, %b : !tile.tile<16x16xf16>, !tile.tile<16x16xbf16> -> !tile.tile<16x16xf32>
  return
}

// -----

func.func @matmul_result(%a: !tile.tile<16x16xf16>) {
  // expected-error @below {{result must be an f32 tile}}
  %c = tile.matmul %a, %a : !tile.tile<16x16xf16>, !tile.tile<16x16xf16> -> !tile.tile<16x16xf16>
  return
}

// -----

func.func @matmul_inner(%a: !tile.tile<16x32xf32>) {
  // expected-error @below {{inner dimensions differ: lhs is 16x32, rhs is 16x32}}
  %c = tile.matmul %a, %a : !tile.tile<16x32xf32>, !tile.tile<16x32xf32> -> !tile.tile<16x32xf32>
  return
}

// -----

func.func @matmul_shape(%a: !tile.tile<16x32xf32>, %b: !tile.tile<32x8xf32>) {
  // expected-error @below {{result must be 16x8}}
  %c = tile.matmul %a, %b : !tile.tile<16x32xf32>, !tile.tile<32x8xf32> -> !tile.tile<16x16xf32>
  return
}

// -----

func.func @matmul_acc(%a: !tile.tile<16x16xf32>, %acc: !tile.tile<8x8xf32>) {
  // expected-error @below {{accumulator type matches result type}}
  %c = "tile.matmul"(%a, %a, %acc) : (!tile.tile<16x16xf32>, !tile.tile<16x16xf32>, !tile.tile<8x8xf32>) -> !tile.tile<16x16xf32>
  return
}

// -----

func.func @cast_shape(%a: !tile.tile<4x4xf32>) {
  // expected-error @below {{source and result shapes differ}}
  %c = tile.cast %a : !tile.tile<4x4xf32> -> !tile.tile<4x8xf16>
  return
}

// -----

func.func @cast_mask(%a: !tile.tile<4x4xi1>) {
  // expected-error @below {{cannot convert i1 mask tiles}}
  %c = tile.cast %a : !tile.tile<4x4xi1> -> !tile.tile<4x4xf16>
  return
}

// -----

tile.kernel @fill_kind(%s: f32) {
  // expected-error @below {{scalar of type 'f32' does not match tile element type 'i32'}}
  %c = tile.fill %s : f32 -> !tile.tile<4x4xi32>
}

// -----

tile.kernel @constant_type() {
  // expected-error @below {{value must be a scalar of the element type 'f32'}}
  %c = tile.constant 1 : i32 -> !tile.tile<4x4xf32>
}

// -----

func.func @cmp_result(%a: !tile.tile<4x4xf32>) {
  // expected-error @below {{result must be an i1 tile of shape 4x4}}
  %c = tile.cmp eq, %a, %a : !tile.tile<4x4xf32> -> !tile.tile<4x4xf32>
  return
}

// -----

func.func @cmps_kind(%a: !tile.tile<4x4xi32>, %s: f32) {
  // expected-error @below {{scalar of type 'f32' does not match tile element type 'i32'}}
  %c = tile.cmps eq, %a, %s : !tile.tile<4x4xi32>, f32 -> !tile.tile<4x4xi1>
  return
}

// -----

func.func @select_mask(%m: !tile.tile<4x4xf32>, %a: !tile.tile<4x4xf32>) {
  // expected-error @below {{mask must be an i1 tile of the result's shape}}
  %c = tile.select %m, %a, %a : !tile.tile<4x4xf32>, !tile.tile<4x4xf32>
  return
}

// -----

func.func @transpose_shape(%a: !tile.tile<4x8xf32>) {
  // expected-error @below {{result must be the transpose 8x4 of the source}}
  %c = tile.transpose %a : !tile.tile<4x8xf32> -> !tile.tile<4x8xf32>
  return
}

// -----

tile.kernel @iota_type() {
  // expected-error @below {{result must be an i32 tile}}
  %c = tile.iota 0 : !tile.tile<1x32xf32>
}

// -----

func.func @sort_cols(%a: !tile.tile<1x48xf32>) {
  // expected-error @below {{column count must be a multiple of 32, got 48}}
  %v, %i = tile.sort32 %a : !tile.tile<1x48xf32> -> !tile.tile<1x48xf32>, !tile.tile<1x48xi32>
  return
}

// -----

func.func @sort_shape(%a: !tile.tile<1x32xf32>) {
  // expected-error @below {{values must have the source's shape}}
  %v, %i = tile.sort32 %a : !tile.tile<1x32xf32> -> !tile.tile<1x16xf32>, !tile.tile<1x16xi32>
  return
}

// -----

func.func @sort_values(%a: !tile.tile<1x32xf32>) {
  // expected-error @below {{values must keep the source element type}}
  %v, %i = tile.sort32 %a : !tile.tile<1x32xf32> -> !tile.tile<1x32xf16>, !tile.tile<1x32xi32>
  return
}

// -----

func.func @sort_indices(%a: !tile.tile<1x32xf32>) {
  // expected-error @below {{indices must be an i32 tile shaped like the values}}
  %v, %i = tile.sort32 %a : !tile.tile<1x32xf32> -> !tile.tile<1x32xf32>, !tile.tile<1x32xi16>
  return
}

// -----

func.func @topk_k(%a: !tile.tile<1x32xf32>) {
  // expected-error @below {{k = 64 exceeds the row length 32}}
  %v, %i = tile.topk %a : !tile.tile<1x32xf32> -> !tile.tile<1x64xf32>, !tile.tile<1x64xi32>
  return
}

// -----

func.func @topk_rows(%a: !tile.tile<2x32xf32>) {
  // expected-error @below {{results must have the source's row count}}
  %v, %i = tile.topk %a : !tile.tile<2x32xf32> -> !tile.tile<1x8xf32>, !tile.tile<1x8xi32>
  return
}

// -----

func.func @div_int(%a: !tile.tile<4x4xi32>) {
  // expected-error @below {{requires a float tile, got '!tile.tile<4x4xi32>'}}
  %c = tile.div %a, %a : !tile.tile<4x4xi32>, !tile.tile<4x4xi32> -> !tile.tile<4x4xi32>
  return
}

// -----

func.func @divs_int(%a: !tile.tile<4x4xi32>, %s: i32) {
  // expected-error @below {{requires a float tile, got '!tile.tile<4x4xi32>'}}
  %c = tile.divs %a, %s : !tile.tile<4x4xi32>, i32
  return
}

// -----

func.func @rowmean_int(%a: !tile.tile<4x8xi32>) {
  // expected-error @below {{requires a float tile, got '!tile.tile<4x8xi32>'}}
  %c = tile.rowmean %a : !tile.tile<4x8xi32> -> !tile.tile<4x1xi32>
  return
}

// -----

func.func @cast_round_float(%a: !tile.tile<4x4xf32>) {
  // expected-error @below {{round mode 'floor' applies only to float-to-integer conversions}}
  %c = tile.cast %a round floor : !tile.tile<4x4xf32> -> !tile.tile<4x4xf16>
  return
}
