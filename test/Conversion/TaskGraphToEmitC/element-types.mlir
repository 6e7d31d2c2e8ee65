// RUN: pto-wsp-opt %s -split-input-file -convert-taskgraph-to-emitc -verify-diagnostics | FileCheck %s
// The element size of each tensor argument (found by ptowsp-fuzz-cpu-sim:
// an index tensor crashed the pass, which asked index for a bit width).

// Index elements are 64-bit, i1 ones a byte.
// CHECK-LABEL: emitc.func @ptowsp_graph_body_index_slot
// CHECK: call_opaque "ptowsp::tensor"(%{{.*}}, %{{.*}}) {args = [0 : index, 1 : index, 0 : i32, 8, #emitc.opaque<"\22arg0\22">, 2]}
// CHECK: call_opaque "ptowsp::tensor"(%{{.*}}, %{{.*}}) {args = [0 : index, 1 : index, 1 : i32, 1, #emitc.opaque<"\22arg1\22">, 4]}
// CHECK: call_opaque "ptowsp::load_scalar"(%{{.*}}, %{{.*}}, %{{.*}}) {template_args = [!emitc.size_t]}
taskgraph.graph @index_slot(%sizes: memref<2xindex>, %flags: memref<4xi1>) {
  %c0 = arith.constant 0 : index
  %n = taskgraph.load_scalar %sizes[%c0] : memref<2xindex> -> index
  taskgraph.wait_all
}

// -----

// expected-error @below {{argument #0 has element type 'complex<f32>'; cpu_sim tensors hold integers, floats or index}}
taskgraph.graph @complex_tensor(%X: memref<4xcomplex<f32>>) {
  taskgraph.wait_all
}
