// RUN: pto-wsp-opt %s | pto-wsp-opt | FileCheck %s
// Round trip of task graphs: config, regions, submissions, run-time scalars,
// scopes, waits, channels, processes and pipelines.

tile.kernel @scale(%x: !tile.view<16x128xf32, in>, %y: !tile.view<16x128xf32, out>, %s: f32) {
  tile.return
}

tile.kernel @mm(%a: !tile.view<16x16xf16, in>, %b: !tile.view<16x16xf16, in>, %c: !tile.view<16x16xf32, inout>) {
  %ta = tile.load %a : !tile.view<16x16xf16, in> -> !tile.tile<16x16xf16>
  %tb = tile.load %b : !tile.view<16x16xf16, in> -> !tile.tile<16x16xf16>
  %tc = tile.load %c : !tile.view<16x16xf32, inout> -> !tile.tile<16x16xf32>
  %td = tile.matmul %ta, %tb acc %tc : !tile.tile<16x16xf16>, !tile.tile<16x16xf16> -> !tile.tile<16x16xf32>
  tile.store %td, %c : !tile.tile<16x16xf32>, !tile.view<16x16xf32, inout>
  tile.return
}

// A graph without config uses every default.
// CHECK-LABEL: taskgraph.graph @loop
// CHECK-SAME: (%[[X:.*]]: memref<8x16x128xf32>, %[[Y:.*]]: memref<8x16x128xf32>, %[[S:.*]]: f32) {
taskgraph.graph @loop(%X: memref<8x16x128xf32>, %Y: memref<8x16x128xf32>, %s: f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  // CHECK: scf.for %[[I:.*]] =
  scf.for %i = %c0 to %c8 step %c1 {
    // CHECK: %[[XR:.*]] = taskgraph.region %[[X]][%[[I]], %{{.*}}, %{{.*}}] sizes [1, 16, 128] : memref<8x16x128xf32> -> !taskgraph.region<16x128xf32>
    %x = taskgraph.region %X[%i, %c0, %c0] sizes [1, 16, 128]
        : memref<8x16x128xf32> -> !taskgraph.region<16x128xf32>
    %y = taskgraph.region %Y[%i, %c0, %c0] sizes [1, 16, 128]
        : memref<8x16x128xf32> -> !taskgraph.region<16x128xf32>
    // CHECK: %{{.*}} = taskgraph.submit @scale(%[[XR]], %{{.*}}, %[[S]]) access [read, write] core(vector) : !taskgraph.region<16x128xf32>, !taskgraph.region<16x128xf32>, f32
    %t = taskgraph.submit @scale(%x, %y, %s) access [read, write] core(vector)
        : !taskgraph.region<16x128xf32>, !taskgraph.region<16x128xf32>, f32
    // Loop coordinates for traces and messages.
    // CHECK: taskgraph.submit @scale({{.*}}) access [read, write] core(vector) coords(%{{.*}}) :
    %u = taskgraph.submit @scale(%x, %y, %s) access [read, write] core(vector) coords(%i)
        : !taskgraph.region<16x128xf32>, !taskgraph.region<16x128xf32>, f32
  }
}

// An intermediate buffer passed from one task to the next.
// CHECK-LABEL: taskgraph.graph @chained
taskgraph.graph @chained(%X: memref<16x128xf32>, %Y: memref<16x128xf32>, %s: f32) {
  %c0 = arith.constant 0 : index
  %x = taskgraph.region %X[%c0, %c0] sizes [16, 128] : memref<16x128xf32> -> !taskgraph.region<16x128xf32>
  %y = taskgraph.region %Y[%c0, %c0] sizes [16, 128] : memref<16x128xf32> -> !taskgraph.region<16x128xf32>
  // CHECK: %[[I:.*]] = taskgraph.intermediate : !taskgraph.region<16x128xf32>
  %i = taskgraph.intermediate : !taskgraph.region<16x128xf32>
  // CHECK: taskgraph.submit @scale(%{{.*}}, %[[I]], %{{.*}}) access [read, write]
  %t0 = taskgraph.submit @scale(%x, %i, %s) access [read, write] core(vector)
      : !taskgraph.region<16x128xf32>, !taskgraph.region<16x128xf32>, f32
  // CHECK: taskgraph.submit @scale(%[[I]], %{{.*}}, %{{.*}}) access [read, write]
  %t1 = taskgraph.submit @scale(%i, %y, %s) access [read, write] core(vector)
      : !taskgraph.region<16x128xf32>, !taskgraph.region<16x128xf32>, f32
}

// CHECK-LABEL: taskgraph.graph @scheduled
// CHECK-SAME: attributes {config = #taskgraph.config<dispatch = hash, window = 1024, window_mode = abort, deps = hybrid, ready = priority, pools = by_unit, start = threshold, start_threshold = 4, streams = 2, timing = batched, timing_batch = 8, trace = both>}
taskgraph.graph @scheduled(%A: memref<4x16x16xf16>, %C: memref<4x16x16xf32>)
    attributes {config = #taskgraph.config<trace = both, dispatch = hash, window = 1024,
                window_mode = abort, deps = hybrid, ready = priority, pools = by_unit,
                start = threshold, start_threshold = 4, streams = 2, timing = batched,
                timing_batch = 8>} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  taskgraph.scope {
    scf.for %i = %c0 to %c4 step %c1 {
      %a = taskgraph.region %A[%i, %c0, %c0] sizes [1, 16, 16]
          : memref<4x16x16xf16> -> !taskgraph.region<16x16xf16>
      %c = taskgraph.region %C[%i, %c0, %c0] sizes [1, 16, 16]
          : memref<4x16x16xf32> -> !taskgraph.region<16x16xf32>
      // CHECK: %[[T0:.*]] = taskgraph.submit @mm(%{{.*}}, %{{.*}}, %{{.*}}) access [read, read, readwrite] core(cube) key(%{{.*}}) priority(%{{.*}}) stream(%{{.*}}) :
      %t0 = taskgraph.submit @mm(%a, %a, %c) access [read, read, readwrite] core(cube)
          key(%i) priority(%c0) stream(%i)
          : !taskgraph.region<16x16xf16>, !taskgraph.region<16x16xf16>, !taskgraph.region<16x16xf32>
      // CHECK: taskgraph.submit @mm({{.*}}) access [read, read, readwrite] core(mixed) key(%{{.*}}) priority(%{{.*}}) stream(%{{.*}}) after(%[[T0]]) :
      %t1 = taskgraph.submit @mm(%a, %a, %c) access [read, read, readwrite] core(mixed)
          key(%i) priority(%c1) stream(%i) after(%t0)
          : !taskgraph.region<16x16xf16>, !taskgraph.region<16x16xf16>, !taskgraph.region<16x16xf32>
    }
  }
  // CHECK: taskgraph.wait_all
  taskgraph.wait_all
}

// CHECK-LABEL: taskgraph.graph @scalars
taskgraph.graph @scalars(%L: memref<4xi64>) {
  %c1 = arith.constant 1 : index
  // CHECK: taskgraph.symbol "seq_len" : i64
  %n = taskgraph.symbol "seq_len" : i64
  // CHECK: taskgraph.load_scalar %{{.*}}[%{{.*}}] : memref<4xi64> -> i64
  %l = taskgraph.load_scalar %L[%c1] : memref<4xi64> -> i64
}

// CHECK-LABEL: taskgraph.graph @channels
taskgraph.graph @channels(%X: memref<4x16x128xf32>) {
  %c0 = arith.constant 0 : index
  // CHECK: %[[TILES:.*]] = taskgraph.channel "tiles" capacity 2 producers 4 : !taskgraph.channel<index, !taskgraph.region<16x128xf32>>
  %tiles = taskgraph.channel "tiles" capacity 2 producers 4 : !taskgraph.channel<index, !taskgraph.region<16x128xf32>>
  // The defaults (capacity 1, one producer) are not printed.
  // CHECK: %[[SIGNAL:.*]] = taskgraph.channel "signal" : !taskgraph.channel<>
  %signal = taskgraph.channel "signal" capacity 1 producers 1 : !taskgraph.channel<>
  // CHECK: taskgraph.process "loader" instances(4) {
  // CHECK-NEXT: ^bb0(%[[INSTANCE:.*]]: index):
  taskgraph.process "loader" instances(4) {
  ^bb0(%instance: index):
    %x = taskgraph.region %X[%instance, %c0, %c0] sizes [1, 16, 128]
        : memref<4x16x128xf32> -> !taskgraph.region<16x128xf32>
    // CHECK: taskgraph.send %[[TILES]], %[[INSTANCE]], %{{.*}} : !taskgraph.channel<index, !taskgraph.region<16x128xf32>>
    taskgraph.send %tiles, %instance, %x : !taskgraph.channel<index, !taskgraph.region<16x128xf32>>
    // CHECK: taskgraph.close %[[TILES]] : !taskgraph.channel<index, !taskgraph.region<16x128xf32>>
    taskgraph.close %tiles : !taskgraph.channel<index, !taskgraph.region<16x128xf32>>
  }
  // CHECK: taskgraph.process "collector" {
  taskgraph.process "collector" instances(1) {
  ^bb0(%instance: index):
    // CHECK: %{{.*}}, %{{.*}}:2 = taskgraph.recv %[[TILES]] : !taskgraph.channel<index, !taskgraph.region<16x128xf32>>
    %ok, %i, %x = taskgraph.recv %tiles : !taskgraph.channel<index, !taskgraph.region<16x128xf32>>
    // CHECK: taskgraph.send %[[SIGNAL]] : !taskgraph.channel<>
    taskgraph.send %signal : !taskgraph.channel<>
    taskgraph.close %signal : !taskgraph.channel<>
  }
  // CHECK: taskgraph.recv %[[SIGNAL]] : !taskgraph.channel<>
  %done = taskgraph.recv %signal : !taskgraph.channel<>
}

// A pipeline joins the processes started in it; in a loop, each iteration
// creates its channels and joins its processes.
// CHECK-LABEL: taskgraph.graph @pipelines
taskgraph.graph @pipelines() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  // CHECK: scf.for %[[B:.*]] =
  scf.for %b = %c0 to %c4 step %c1 {
    // CHECK-NEXT: taskgraph.pipeline {
    taskgraph.pipeline {
      // CHECK-NEXT: %[[C:.*]] = taskgraph.channel "c" : !taskgraph.channel<index>
      %c = taskgraph.channel "c" : !taskgraph.channel<index>
      // CHECK-NEXT: taskgraph.process "producer" {
      taskgraph.process "producer" {
      ^bb0(%instance: index):
        // CHECK: taskgraph.send %[[C]], %[[B]] : !taskgraph.channel<index>
        taskgraph.send %c, %b : !taskgraph.channel<index>
        taskgraph.close %c : !taskgraph.channel<index>
      }
      // CHECK: taskgraph.process "consumer" {
      taskgraph.process "consumer" {
      ^bb0(%instance: index):
        %ok, %i = taskgraph.recv %c : !taskgraph.channel<index>
      }
    // CHECK: }
    // CHECK-NEXT: }
    }
  }
}

// CHECK-LABEL: taskgraph.graph @empty()
// CHECK-NEXT: taskgraph.yield
taskgraph.graph @empty() {
  taskgraph.yield
}
