// Integer arith in a workload body and a schedule key region, on run-time
// loop indices: floordivsi, ceildivsi, minsi, maxsi (expanded before the
// EmitC conversion), andi/ori/xori on index, and divsi/remsi on index, whose
// operands must be treated as signed although index is size_t in the
// generated C++. Intermediate values are negative where signedness matters.
//
// Row k of V holds value_k(i) for task i (a scalar passed to the kernel);
// W, F and C are written through views whose offsets are computed with these
// ops (each a permutation of i, so every task writes its own row).
//
// (A regression test: floordivsi, ceildivsi, minsi, maxsi and index bitwise
// ops failed to legalize, and divsi/remsi on negative index values divided
// unsigned.)
//
// RUN: rm -rf %t %t.cache && mkdir -p %t
// RUN: pto-wsp-run %s --cache-dir %t.cache --gen 0=zeros --gen 1=zeros --gen 2=zeros --gen 3=zeros \
// RUN:   --output 0=%t/v.npy --output 1=%t/w.npy --output 2=%t/f.npy --output 3=%t/c.npy \
// RUN:   | FileCheck %s
// CHECK: tasks: 256
// RUN: %python %S/Inputs/check.py index-arith \
// RUN:   --out v=%t/v.npy --out w=%t/w.npy --out f=%t/f.npy --out c=%t/c.npy \
// RUN:   --ref 'i = np.arange(16); a = i - 3; b = i - 5; \
// RUN:          rows = [a // 2, -(-b // 2), np.minimum(i - 8, 2 - i), np.maximum(i - 8, 2 - i), \
// RUN:                  i & 5, i | 8, i ^ 3, np.fix((i - 7) / 3), np.fmod(i - 7, 3), \
// RUN:                  (i - 7) // -4, -(-(i - 5) // -3), np.minimum(i - 9, 4 - 2 * i), \
// RUN:                  np.maximum(5 - i, i - 12)]; \
// RUN:          v = np.repeat(np.array(rows, np.int32)[:, :, None], 8, axis=2); \
// RUN:          w = np.zeros((16, 8), np.int32); w[i ^ 5] = (i + 1)[:, None]; \
// RUN:          f = np.zeros((9, 2, 8), np.int32); f[a // 2 + 2, a % 2] = (i + 1)[:, None]; \
// RUN:          c = np.zeros((8, 2, 8), np.int32); c[-(-b // 2) + 2, 2 * -(-b // 2) - b] = (i + 1)[:, None]' \
// RUN:   | FileCheck %s --check-prefix=NUM
// NUM: PASS index-arith

tile.kernel @put(%y: !tile.view<1x8xi32, out>, %s: i32) {
  %t = tile.fill %s : i32 -> !tile.tile<1x8xi32>
  tile.store %t, %y : !tile.tile<1x8xi32>, !tile.view<1x8xi32, out>
}

workload.workload @index_arith(%V: memref<13x16x8xi32>, %W: memref<16x8xi32>,
                               %F: memref<9x2x8xi32>, %C: memref<8x2x8xi32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c5 = arith.constant 5 : index
  %c7 = arith.constant 7 : index
  %c8 = arith.constant 8 : index
  %n = workload.dense 16
  workload.parallel_for %i in %n name("i") {
    %a = arith.subi %i, %c3 : index
    %b = arith.subi %i, %c5 : index
    %i8 = arith.subi %i, %c8 : index
    %two_minus_i = arith.subi %c2, %i : index
    %i7 = arith.subi %i, %c7 : index
    // On index.
    %floor = arith.floordivsi %a, %c2 : index
    %ceil = arith.ceildivsi %b, %c2 : index
    %min = arith.minsi %i8, %two_minus_i : index
    %max = arith.maxsi %i8, %two_minus_i : index
    %and = arith.andi %i, %c5 : index
    %or = arith.ori %i, %c8 : index
    %xor = arith.xori %i, %c3 : index
    %div = arith.divsi %i7, %c3 : index
    %rem = arith.remsi %i7, %c3 : index
    // On i32 and i64, with negative divisors.
    %i32 = arith.index_cast %i : index to i32
    %i64 = arith.index_cast %i : index to i64
    %c7_i32 = arith.constant 7 : i32
    %cm4_i32 = arith.constant -4 : i32
    %c5_i64 = arith.constant 5 : i64
    %cm3_i64 = arith.constant -3 : i64
    %c9_i64 = arith.constant 9 : i64
    %c4_i64 = arith.constant 4 : i64
    %c2_i64 = arith.constant 2 : i64
    %c12_i32 = arith.constant 12 : i32
    %i7_32 = arith.subi %i32, %c7_i32 : i32
    %floor32 = arith.floordivsi %i7_32, %cm4_i32 : i32
    %i5_64 = arith.subi %i64, %c5_i64 : i64
    %ceil64 = arith.ceildivsi %i5_64, %cm3_i64 : i64
    %i9_64 = arith.subi %i64, %c9_i64 : i64
    %twice = arith.muli %i64, %c2_i64 : i64
    %four_minus = arith.subi %c4_i64, %twice : i64
    %min64 = arith.minsi %i9_64, %four_minus : i64
    %c5_i32 = arith.constant 5 : i32
    %five_minus = arith.subi %c5_i32, %i32 : i32
    %i12_32 = arith.subi %i32, %c12_i32 : i32
    %max32 = arith.maxsi %five_minus, %i12_32 : i32

    %s0 = arith.index_cast %floor : index to i32
    %s1 = arith.index_cast %ceil : index to i32
    %s2 = arith.index_cast %min : index to i32
    %s3 = arith.index_cast %max : index to i32
    %s4 = arith.index_cast %and : index to i32
    %s5 = arith.index_cast %or : index to i32
    %s6 = arith.index_cast %xor : index to i32
    %s7 = arith.index_cast %div : index to i32
    %s8 = arith.index_cast %rem : index to i32
    %s10 = arith.trunci %ceil64 : i64 to i32
    %s11 = arith.trunci %min64 : i64 to i32
    %k0 = arith.constant 0 : index
    %v0 = workload.view %V[%k0, %i, %c0] sizes [1, 1, 8] : memref<13x16x8xi32> -> !workload.view<1x8xi32>
    workload.task @put(%v0, %s0) : !workload.view<1x8xi32>, i32
    %k1 = arith.constant 1 : index
    %v1 = workload.view %V[%k1, %i, %c0] sizes [1, 1, 8] : memref<13x16x8xi32> -> !workload.view<1x8xi32>
    workload.task @put(%v1, %s1) : !workload.view<1x8xi32>, i32
    %k2 = arith.constant 2 : index
    %v2 = workload.view %V[%k2, %i, %c0] sizes [1, 1, 8] : memref<13x16x8xi32> -> !workload.view<1x8xi32>
    workload.task @put(%v2, %s2) : !workload.view<1x8xi32>, i32
    %k3 = arith.constant 3 : index
    %v3 = workload.view %V[%k3, %i, %c0] sizes [1, 1, 8] : memref<13x16x8xi32> -> !workload.view<1x8xi32>
    workload.task @put(%v3, %s3) : !workload.view<1x8xi32>, i32
    %k4 = arith.constant 4 : index
    %v4 = workload.view %V[%k4, %i, %c0] sizes [1, 1, 8] : memref<13x16x8xi32> -> !workload.view<1x8xi32>
    workload.task @put(%v4, %s4) : !workload.view<1x8xi32>, i32
    %k5 = arith.constant 5 : index
    %v5 = workload.view %V[%k5, %i, %c0] sizes [1, 1, 8] : memref<13x16x8xi32> -> !workload.view<1x8xi32>
    workload.task @put(%v5, %s5) : !workload.view<1x8xi32>, i32
    %k6 = arith.constant 6 : index
    %v6 = workload.view %V[%k6, %i, %c0] sizes [1, 1, 8] : memref<13x16x8xi32> -> !workload.view<1x8xi32>
    workload.task @put(%v6, %s6) : !workload.view<1x8xi32>, i32
    %k7 = arith.constant 7 : index
    %v7 = workload.view %V[%k7, %i, %c0] sizes [1, 1, 8] : memref<13x16x8xi32> -> !workload.view<1x8xi32>
    workload.task @put(%v7, %s7) : !workload.view<1x8xi32>, i32
    %k8 = arith.constant 8 : index
    %v8 = workload.view %V[%k8, %i, %c0] sizes [1, 1, 8] : memref<13x16x8xi32> -> !workload.view<1x8xi32>
    workload.task @put(%v8, %s8) : !workload.view<1x8xi32>, i32
    %k9 = arith.constant 9 : index
    %v9 = workload.view %V[%k9, %i, %c0] sizes [1, 1, 8] : memref<13x16x8xi32> -> !workload.view<1x8xi32>
    workload.task @put(%v9, %floor32) : !workload.view<1x8xi32>, i32
    %k10 = arith.constant 10 : index
    %v10 = workload.view %V[%k10, %i, %c0] sizes [1, 1, 8] : memref<13x16x8xi32> -> !workload.view<1x8xi32>
    workload.task @put(%v10, %s10) : !workload.view<1x8xi32>, i32
    %k11 = arith.constant 11 : index
    %v11 = workload.view %V[%k11, %i, %c0] sizes [1, 1, 8] : memref<13x16x8xi32> -> !workload.view<1x8xi32>
    workload.task @put(%v11, %s11) : !workload.view<1x8xi32>, i32
    %k12 = arith.constant 12 : index
    %v12 = workload.view %V[%k12, %i, %c0] sizes [1, 1, 8] : memref<13x16x8xi32> -> !workload.view<1x8xi32>
    workload.task @put(%v12, %max32) : !workload.view<1x8xi32>, i32

    // Offsets: a permutation by xor, and (quotient, remainder) pairs of
    // floor and ceil divisions of negative numerators.
    %i1 = arith.addi %i, %c1 : index
    %id = arith.index_cast %i1 : index to i32
    %wrow = arith.xori %i, %c5 : index
    %w = workload.view %W[%wrow, %c0] sizes [1, 8] : memref<16x8xi32> -> !workload.view<1x8xi32>
    workload.task @put(%w, %id) : !workload.view<1x8xi32>, i32
    %frow = arith.addi %floor, %c2 : index
    %ftwice = arith.muli %floor, %c2 : index
    %fcol = arith.subi %a, %ftwice : index
    %f = workload.view %F[%frow, %fcol, %c0] sizes [1, 1, 8] : memref<9x2x8xi32> -> !workload.view<1x8xi32>
    workload.task @put(%f, %id) : !workload.view<1x8xi32>, i32
    %crow = arith.addi %ceil, %c2 : index
    %ctwice = arith.muli %ceil, %c2 : index
    %ccol = arith.subi %ctwice, %b : index
    %cv = workload.view %C[%crow, %ccol, %c0] sizes [1, 1, 8] : memref<8x2x8xi32> -> !workload.view<1x8xi32>
    workload.task @put(%cv, %id) : !workload.view<1x8xi32>, i32
  }
}

// The dispatch key, in [0, 3]: min(max(i - 8, 0), i & 3).
schedule.schedule @keyed for @index_arith {
  schedule.dispatch custom {
  ^bb0(%task: !schedule.task):
    %i = schedule.task_axis %task "i" : index
    %c0 = arith.constant 0 : index
    %c3 = arith.constant 3 : index
    %c8 = arith.constant 8 : index
    %d = arith.subi %i, %c8 : index
    %lo = arith.maxsi %d, %c0 : index
    %low_bits = arith.andi %i, %c3 : index
    %k = arith.minsi %lo, %low_bits : index
    schedule.yield %k : index
  }
}
