// RUN: pto-wsp-opt %s -split-input-file -convert-taskgraph-to-emitc -verify-diagnostics | FileCheck %s
// Task graphs become C++ orchestration code calling the cpu_sim runtime.

tile.kernel @inc(%x: !tile.view<16x128xf32, inout>, %s: f32) {
  %t = tile.load %x : !tile.view<16x128xf32, inout> -> !tile.tile<16x128xf32>
  %u = tile.adds %t, %s : !tile.tile<16x128xf32>, f32
  tile.store %u, %x : !tile.tile<16x128xf32>, !tile.view<16x128xf32, inout>
}

// CHECK: emitc.include "pto-wsp/cpu_sim/orchestration.h"
// The kernel is left for -convert-tile-to-emitc.
// CHECK: tile.kernel @inc
// CHECK-LABEL: emitc.func @ptowsp_graph_body_g
// CHECK-SAME: (%[[RT:.*]]: !emitc.ptr<!emitc.opaque<"ptowsp_runtime">>, %[[CTX:.*]]: !emitc.ptr<!emitc.opaque<"const ptowsp_graph_context">>) attributes {specifiers = ["static"]}
// Arguments are unpacked: the tensor with its element size, rank and static
// sizes (checked at run time), the scalars by kind.
// CHECK: %[[X:.*]] = call_opaque "ptowsp::tensor"(%[[RT]], %[[CTX]]) {args = [0 : index, 1 : index, 0 : i32, 4, #emitc.opaque<"\22arg0\22">, 4, 16, 128]}
// CHECK: %[[N:.*]] = call_opaque "ptowsp::graph_i64"(%[[CTX]]) {args = [0 : index, 1 : i32]}
// CHECK: %[[S64:.*]] = call_opaque "ptowsp::graph_f64"(%[[CTX]]) {args = [0 : index, 2 : i32]}
// CHECK: %[[S:.*]] = cast %[[S64]] : f64 to f32
// The loop stays a loop.
// CHECK: for %[[B:.*]] = %{{.*}} to %{{.*}} step %{{.*}} : !emitc.size_t {
// CHECK:   %[[R:.*]] = call_opaque "ptowsp::region"(%[[X]], %[[B]], %{{.*}}, %{{.*}}) {template_args = [1, 16, 128]}
// CHECK:   %[[A0:.*]] = call_opaque "ptowsp::arg_inout"(%[[R]])
// CHECK:   %[[A1:.*]] = call_opaque "ptowsp::arg_scalar"(%[[S]])
// CHECK:   %[[AFTER:.*]] = call_opaque "ptowsp::after"()
// CHECK:   %[[COORDS:.*]] = call_opaque "ptowsp::coords"(%[[B]])
// The dispatch key is the loop variable; priority and stream are absent.
// CHECK:   call_opaque "ptowsp::submit"(%[[RT]], %[[B]], %[[AFTER]], %[[COORDS]], %[[A0]], %[[A1]]) {args = [0 : index, #emitc.opaque<"\22inc\22">, #emitc.opaque<"ptowsp_kernel_inc">, #emitc.opaque<"ptowsp_kernel_inc_cycles()">, #emitc.opaque<"PTOWSP_CORE_VECTOR">, 1 : index, 0, -1, 2 : index, 3 : index, 4 : index, 5 : index]} {{.*}} -> i64
// CHECK: call_opaque "ptowsp::symbol_i64"(%[[CTX]]) {args = [0 : index, #emitc.opaque<"\22m\22">]}
// CHECK: call_opaque "ptowsp::load_scalar"(%[[RT]], %{{.*}}, %{{.*}}) {template_args = [i64]}
// CHECK: call_opaque "ptowsp::wait_all"(%[[RT]])
// CHECK: return
// CHECK-LABEL: emitc.func @ptowsp_graph_g
// CHECK-SAME: attributes {specifiers = ["extern \22C\22"]}
// CHECK: call_opaque "ptowsp::run_graph"(%{{.*}}, %{{.*}}) {args = [#emitc.opaque<"ptowsp_graph_body_g">, 0 : index, 1 : index]}
// The schedule, field by field.
// CHECK-LABEL: emitc.func @ptowsp_graph_g_config
// CHECK: call_opaque "ptowsp::configure"(%{{.*}}) {args = [0 : index, #emitc.opaque<"PTOWSP_DISPATCH_AFFINITY">, 0, 16, #emitc.opaque<"PTOWSP_WINDOW_STALL">, #emitc.opaque<"PTOWSP_DEPS_OVERLAP">, #emitc.opaque<"PTOWSP_READY_FIFO">, #emitc.opaque<"PTOWSP_POOLS_BY_UNIT">, #emitc.opaque<"PTOWSP_START_THRESHOLD">, 4, 0, #emitc.opaque<"PTOWSP_TRACE_TIMELINE">]}
taskgraph.graph @g(%X: memref<4x16x128xf32>, %n: index, %s: f32, %T: memref<4xi64>)
    attributes {config = #taskgraph.config<dispatch = affinity, window = 16, deps = overlap, pools = by_unit, start = threshold, start_threshold = 4, trace = timeline>} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  scf.for %b = %c0 to %c4 step %c1 {
    %r = taskgraph.region %X[%b, %c0, %c0] sizes [1, 16, 128] : memref<4x16x128xf32> -> !taskgraph.region<16x128xf32>
    %t = taskgraph.submit @inc(%r, %s) access [readwrite] core(vector) key(%b) coords(%b) : !taskgraph.region<16x128xf32>, f32
  }
  %m = taskgraph.symbol "m" : i64
  %v = taskgraph.load_scalar %T[%c0] : memref<4xi64> -> i64
  taskgraph.wait_all
}

// -----

// Channels, processes and pipelines: each process body becomes a static
// function of (runtime, context, instance, captured values...) placed before
// its spawner; a pipeline joins the processes it started.
// CHECK-LABEL: emitc.func @ptowsp_graph_body_pipeline_process0
// CHECK-SAME: (%{{.*}}: !emitc.ptr<!emitc.opaque<"ptowsp_runtime">>, %{{.*}}: !emitc.ptr<!emitc.opaque<"const ptowsp_graph_context">>, %[[I:.*]]: !emitc.size_t, %[[CH:.*]]: !emitc.opaque<"ptowsp::Channel">)
// CHECK: call_opaque "ptowsp::send"(%{{.*}}, %[[CH]], %[[I]])
// CHECK: call_opaque "ptowsp::close"(%{{.*}}, %[[CH]])
// CHECK-LABEL: emitc.func @ptowsp_graph_body_pipeline_process1
// CHECK: do {
// CHECK: %[[TOK:.*]] = call_opaque "ptowsp::recv"
// CHECK: call_opaque "ptowsp::token_ok"(%[[TOK]]) : {{.*}} -> i1
// CHECK: call_opaque "ptowsp::token_get"(%[[TOK]]) {template_args = [0, !emitc.size_t]}
// CHECK-LABEL: emitc.func @ptowsp_graph_body_pipeline(
// CHECK: %[[C:.*]] = call_opaque "ptowsp::channel"(%{{.*}}) {args = [0 : index, #emitc.opaque<"\22c\22">, 2, 2], template_args = [!emitc.size_t]}
// CHECK: call_opaque "ptowsp::spawn"(%{{.*}}, %{{.*}}, %[[C]]) {args = [0 : index, 1 : index, #emitc.opaque<"\22producer\22">, 2, #emitc.opaque<"ptowsp_graph_body_pipeline_process0">, 2 : index]}
// CHECK: call_opaque "ptowsp::spawn"
// CHECK: call_opaque "ptowsp::join_processes"
taskgraph.graph @pipeline(%X: memref<8xi64>) {
  taskgraph.pipeline {
    %c = taskgraph.channel "c" capacity 2 producers 2 : !taskgraph.channel<index>
    taskgraph.process "producer" instances(2) {
    ^bb0(%i: index):
      taskgraph.send %c, %i : !taskgraph.channel<index>
      taskgraph.close %c : !taskgraph.channel<index>
    }
    taskgraph.process "consumer" {
    ^bb0(%i: index):
      scf.while : () -> () {
        %ok, %v = taskgraph.recv %c : !taskgraph.channel<index>
        scf.condition(%ok)
      } do {
        scf.yield
      }
    }
  }
}

// -----

taskgraph.graph @float_slot(%X: memref<8xf32>) {
  %c0 = arith.constant 0 : index
  // expected-error @below {{reads a non-integer element; cpu_sim slot loads read integer tensors}}
  %v = taskgraph.load_scalar %X[%c0] : memref<8xf32> -> f32
}

// -----

// expected-error @below {{timing 'batched' is not supported by target cpu_sim}}
taskgraph.graph @batched(%X: memref<8xi64>) attributes {config = #taskgraph.config<timing = batched, timing_batch = 4>} {
}
