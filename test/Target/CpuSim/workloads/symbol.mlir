// Run-time symbols (workload.symbol, bound with --symbol NAME=VALUE without
// recompiling): "tiles" (index) sizes a dense_dyn axis and "scale" (f32) is
// passed to every task as a scalar: Y[t] = scale * X[t] for t < tiles, the
// other tiles keep Y's initial 0. The second binding reuses the compiled
// program.
//
// DEFINE: %{run} = pto-wsp-run %s --cache-dir %t.cache --input 0=%t/x.npy --gen 1=zeros
// RUN: rm -rf %t %t.cache && mkdir -p %t
// RUN: %python %S/Inputs/gen.py --seed 8 --code 'x = rng.standard_normal((8, 16, 64)).astype(np.float32)' x=%t/x.npy
// RUN: %{run} --symbol tiles=3 --symbol scale=2.5 --output 1=%t/a.npy | FileCheck %s --check-prefix=A
// RUN: %{run} --symbol scale=-0.75 --symbol tiles=8 --output 1=%t/b.npy | FileCheck %s --check-prefix=B
// A: compile: compiled
// A: tasks: 3
// B: compile: cached
// B: tasks: 8
// RUN: %python %S/Inputs/check.py symbols --in x=%t/x.npy --out a=%t/a.npy --out b=%t/b.npy \
// RUN:   --rtol 0 --atol 0 \
// RUN:   --ref 'a = np.zeros_like(x); a[:3] = x[:3] * np.float32(2.5); b = x * np.float32(-0.75)' \
// RUN:   | FileCheck %s --check-prefix=NUM
// NUM: PASS symbols

tile.kernel @scale_by(%x: !tile.view<16x64xf32, in>, %y: !tile.view<16x64xf32, out>, %s: f32) {
  %t = tile.load %x : !tile.view<16x64xf32, in> -> !tile.tile<16x64xf32>
  %u = tile.muls %t, %s : !tile.tile<16x64xf32>, f32
  tile.store %u, %y : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
}

workload.workload @scaled(%X: memref<8x16x64xf32>, %Y: memref<8x16x64xf32>) {
  %c0 = arith.constant 0 : index
  %n = workload.symbol "tiles" : index
  %s = workload.symbol "scale" : f32
  %tiles = workload.dense_dyn %n
  workload.parallel_for %t in %tiles name("t") {
    %x = workload.view %X[%t, %c0, %c0] sizes [1, 16, 64] : memref<8x16x64xf32> -> !workload.view<16x64xf32>
    %y = workload.view %Y[%t, %c0, %c0] sizes [1, 16, 64] : memref<8x16x64xf32> -> !workload.view<16x64xf32>
    workload.task @scale_by(%x, %y, %s) : !workload.view<16x64xf32>, !workload.view<16x64xf32>, f32
  }
}
