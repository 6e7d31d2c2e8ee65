// RUN: pto-wsp-opt %s -csp-verify-deadlock-free -workload-infer-access -convert-workload-to-taskgraph \
// RUN:   | FileCheck %s --implicit-check-not=csp. --implicit-check-not=workload.
// Token payloads: scalars keep their types, views become regions of the same
// shape and element type, and received values feed the consume body in
// payload order (as task arguments, in index math and in views).

tile.kernel @scaled(%x: !tile.view<16x16xf16, inout>, %s: f32, %n: i64) {
  tile.return
}

tile.kernel @copy(%x: !tile.view<16x16xf16, in>, %y: !tile.view<16x16xf16, out>) {
  tile.return
}

// CHECK-LABEL: taskgraph.graph @payloads
// CHECK-SAME: (%[[A:.*]]: memref<4x16x16xf16>, %[[B:.*]]: memref<64x16xf16>, %[[S:.*]]: f32)
workload.workload @payloads(%A: memref<4x16x16xf16>, %B: memref<64x16xf16>, %s: f32) {
  %c0 = arith.constant 0 : index
  %c16 = arith.constant 16 : index
  %n = arith.constant 7 : i64
  // CHECK: taskgraph.pipeline {
  csp.pipeline {
    // CHECK-NEXT: %[[SCALARS:.*]] = taskgraph.channel "scalars" : !taskgraph.channel<index, i64, f32>
    %scalars = csp.channel "scalars" : !csp.channel<index, i64, f32>
    // CHECK-NEXT: %[[VIEWS:.*]] = taskgraph.channel "views" capacity 0 : !taskgraph.channel<!taskgraph.region<16x16xf16>, index, !taskgraph.region<16x16xf16>>
    %views = csp.channel "views" capacity 0 : !csp.channel<!workload.view<16x16xf16>, index, !workload.view<16x16xf16>>

    // CHECK-NEXT: taskgraph.process "source" {
    // CHECK:        scf.for %[[I:.*]] =
    // CHECK-NEXT:     taskgraph.send %[[SCALARS]], %[[I]], %{{.*}}, %[[S]] : !taskgraph.channel<index, i64, f32>
    // CHECK-NEXT:     %[[AR:.*]] = taskgraph.region %[[A]][%[[I]], %{{.*}}, %{{.*}}] sizes [1, 16, 16] : memref<4x16x16xf16> -> !taskgraph.region<16x16xf16>
    // CHECK-NEXT:     %[[ROW:.*]] = arith.muli %[[I]], %{{.*}} : index
    // CHECK-NEXT:     %[[BR:.*]] = taskgraph.region %[[B]][%[[ROW]], %{{.*}}] sizes [16, 16] : memref<64x16xf16> -> !taskgraph.region<16x16xf16>
    // CHECK-NEXT:     taskgraph.send %[[VIEWS]], %[[AR]], %[[I]], %[[BR]]
    csp.process "source" produces(%scalars, %views : !csp.channel<index, i64, f32>,
        !csp.channel<!workload.view<16x16xf16>, index, !workload.view<16x16xf16>>) {
    ^bb0(%instance: index):
      %blocks = workload.dense 4
      workload.for_each %i in %blocks name("i") {
        csp.send %scalars, %i, %n, %s : !csp.channel<index, i64, f32>
        %a = workload.view %A[%i, %c0, %c0] sizes [1, 16, 16] : memref<4x16x16xf16> -> !workload.view<16x16xf16>
        %row = arith.muli %i, %c16 : index
        %b = workload.view %B[%row, %c0] sizes [16, 16] : memref<64x16xf16> -> !workload.view<16x16xf16>
        csp.send %views, %a, %i, %b : !csp.channel<!workload.view<16x16xf16>, index, !workload.view<16x16xf16>>
      }
    }

    // CHECK:      taskgraph.process "scalar_sink" {
    // CHECK-NEXT: ^bb0(%{{.*}}: index):
    // CHECK-NEXT:   %{{.*}}:3 = scf.while : () -> (index, i64, f32) {
    // CHECK-NEXT:     %[[OK:.*]], %[[TOKEN:.*]]:3 = taskgraph.recv %[[SCALARS]] : !taskgraph.channel<index, i64, f32>
    // CHECK-NEXT:     scf.condition(%[[OK]]) %[[TOKEN]]#0, %[[TOKEN]]#1, %[[TOKEN]]#2 : index, i64, f32
    // CHECK-NEXT:   } do {
    // CHECK-NEXT:   ^bb0(%[[I:.*]]: index, %[[N:.*]]: i64, %[[F:.*]]: f32):
    // CHECK-NEXT:     %[[AR:.*]] = taskgraph.region %[[A]][%[[I]], %{{.*}}, %{{.*}}]
    // CHECK-NEXT:     taskgraph.submit @scaled(%[[AR]], %[[F]], %[[N]]) access [readwrite] core(vector) : !taskgraph.region<16x16xf16>, f32, i64
    csp.process "scalar_sink" consumes(%scalars : !csp.channel<index, i64, f32>) {
    ^bb0(%instance: index):
      csp.consume %scalars -> (%i, %count, %scale) : !csp.channel<index, i64, f32> {
        %a = workload.view %A[%i, %c0, %c0] sizes [1, 16, 16] : memref<4x16x16xf16> -> !workload.view<16x16xf16>
        workload.task @scaled(%a, %scale, %count) : !workload.view<16x16xf16>, f32, i64
      }
    }

    // CHECK:      taskgraph.process "view_sink" {
    // CHECK-NEXT: ^bb0(%{{.*}}: index):
    // CHECK-NEXT:   %{{.*}}:3 = scf.while : () -> (!taskgraph.region<16x16xf16>, index, !taskgraph.region<16x16xf16>) {
    // CHECK-NEXT:     %[[OK:.*]], %[[TOKEN:.*]]:3 = taskgraph.recv %[[VIEWS]]
    // CHECK-NEXT:     scf.condition(%[[OK]]) %[[TOKEN]]#0, %[[TOKEN]]#1, %[[TOKEN]]#2 : !taskgraph.region<16x16xf16>, index, !taskgraph.region<16x16xf16>
    // CHECK-NEXT:   } do {
    // CHECK-NEXT:   ^bb0(%[[FROM:.*]]: !taskgraph.region<16x16xf16>, %{{.*}}: index, %[[TO:.*]]: !taskgraph.region<16x16xf16>):
    // CHECK-NEXT:     taskgraph.submit @copy(%[[FROM]], %[[TO]]) access [read, write] core(vector)
    csp.process "view_sink" consumes(%views : !csp.channel<!workload.view<16x16xf16>, index, !workload.view<16x16xf16>>) {
    ^bb0(%instance: index):
      csp.consume %views -> (%from, %i, %to) : !csp.channel<!workload.view<16x16xf16>, index, !workload.view<16x16xf16>> {
        workload.task @copy(%from, %to) : !workload.view<16x16xf16>, !workload.view<16x16xf16>
      }
    }
  }
}
