// Three-pass online softmax over vocab tiles with in-out accumulators:
// 4 batches x 8 row tiles (parallel) x 8 vocab tiles (sequential) of 16x64.
//   pass 1 (for_each v): M    = max(M, rowmax(X[v]))               M inout
//   pass 2 (for_each v): Y[v] = exp(X[v] - M); L = L + rowsum(Y[v])  L inout
//   pass 3 (parallel v): Y[v] = Y[v] / L                           Y inout
// Dependencies between the passes are inferred from the tensor regions the
// kernels read and write. Run it with examples/workloads/run_softmax.py.

tile.kernel @update_max(%x: !tile.view<16x64xf32, in>, %m: !tile.view<16x1xf32, inout>) {
  %tx = tile.load %x : !tile.view<16x64xf32, in> -> !tile.tile<16x64xf32>
  %tm = tile.load %m : !tile.view<16x1xf32, inout> -> !tile.tile<16x1xf32>
  %r = tile.rowmax %tx : !tile.tile<16x64xf32> -> !tile.tile<16x1xf32>
  %n = tile.max %tm, %r : !tile.tile<16x1xf32>, !tile.tile<16x1xf32> -> !tile.tile<16x1xf32>
  tile.store %n, %m : !tile.tile<16x1xf32>, !tile.view<16x1xf32, inout>
}

tile.kernel @exp_accumulate(%x: !tile.view<16x64xf32, in>, %m: !tile.view<16x1xf32, in>,
                            %y: !tile.view<16x64xf32, out>, %l: !tile.view<16x1xf32, inout>) {
  %tx = tile.load %x : !tile.view<16x64xf32, in> -> !tile.tile<16x64xf32>
  %tm = tile.load %m : !tile.view<16x1xf32, in> -> !tile.tile<16x1xf32>
  %tl = tile.load %l : !tile.view<16x1xf32, inout> -> !tile.tile<16x1xf32>
  %d = tile.sub %tx, %tm : !tile.tile<16x64xf32>, !tile.tile<16x1xf32> -> !tile.tile<16x64xf32>
  %e = tile.exp %d : !tile.tile<16x64xf32>
  %s = tile.rowsum %e : !tile.tile<16x64xf32> -> !tile.tile<16x1xf32>
  %nl = tile.add %tl, %s : !tile.tile<16x1xf32>, !tile.tile<16x1xf32> -> !tile.tile<16x1xf32>
  tile.store %nl, %l : !tile.tile<16x1xf32>, !tile.view<16x1xf32, inout>
  tile.store %e, %y : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
}

tile.kernel @rescale(%y: !tile.view<16x64xf32, inout>, %l: !tile.view<16x1xf32, in>) {
  %ty = tile.load %y : !tile.view<16x64xf32, inout> -> !tile.tile<16x64xf32>
  %tl = tile.load %l : !tile.view<16x1xf32, in> -> !tile.tile<16x1xf32>
  %r = tile.div %ty, %tl : !tile.tile<16x64xf32>, !tile.tile<16x1xf32> -> !tile.tile<16x64xf32>
  tile.store %r, %y : !tile.tile<16x64xf32>, !tile.view<16x64xf32, inout>
}

workload.workload @softmax(%X: memref<4x128x512xf32>, %Y: memref<4x128x512xf32>,
                           %M: memref<4x128x1xf32>, %L: memref<4x128x1xf32>) {
  %c0 = arith.constant 0 : index
  %c16 = arith.constant 16 : index
  %c64 = arith.constant 64 : index
  %batch = workload.dense 4
  %rows = workload.dense 8
  %vocab = workload.dense 8
  workload.parallel_for %b in %batch name("b") {
    workload.parallel_for %r in %rows name("r") {
      %row = arith.muli %r, %c16 : index
      %m = workload.view %M[%b, %row, %c0] sizes [1, 16, 1]
          : memref<4x128x1xf32> -> !workload.view<16x1xf32>
      %l = workload.view %L[%b, %row, %c0] sizes [1, 16, 1]
          : memref<4x128x1xf32> -> !workload.view<16x1xf32>
      workload.for_each %v in %vocab name("v1") {
        %col = arith.muli %v, %c64 : index
        %x = workload.view %X[%b, %row, %col] sizes [1, 16, 64]
            : memref<4x128x512xf32> -> !workload.view<16x64xf32>
        workload.task @update_max(%x, %m) : !workload.view<16x64xf32>, !workload.view<16x1xf32>
      }
      workload.for_each %v in %vocab name("v2") {
        %col = arith.muli %v, %c64 : index
        %x = workload.view %X[%b, %row, %col] sizes [1, 16, 64]
            : memref<4x128x512xf32> -> !workload.view<16x64xf32>
        %y = workload.view %Y[%b, %row, %col] sizes [1, 16, 64]
            : memref<4x128x512xf32> -> !workload.view<16x64xf32>
        workload.task @exp_accumulate(%x, %m, %y, %l)
            : !workload.view<16x64xf32>, !workload.view<16x1xf32>,
              !workload.view<16x64xf32>, !workload.view<16x1xf32>
      }
      workload.parallel_for %v in %vocab name("v3") {
        %col = arith.muli %v, %c64 : index
        %y = workload.view %Y[%b, %row, %col] sizes [1, 16, 64]
            : memref<4x128x512xf32> -> !workload.view<16x64xf32>
        workload.task @rescale(%y, %l) : !workload.view<16x64xf32>, !workload.view<16x1xf32>
      }
    }
  }
}

// How to run it, kept apart from what to run: dispatch over the 4 AICPU
// schedulers, a window of 256 tasks in flight, execution starting with the
// first task, and a timeline trace.
schedule.schedule @default for @softmax {
  schedule.dispatch round_robin(4)
  schedule.task_window 256 tasks mode(stall)
  schedule.deps overlap
  schedule.start threshold(1)
  schedule.trace timeline
}
