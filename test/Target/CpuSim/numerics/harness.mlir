// RUN: pto-wsp-translate --cpu-sim %s -o %t.cpp
// RUN: %host_cxx -shared -fPIC %t.cpp -o %t.so
//
// The runner must be able to fail: a right and a wrong reference for the
// same kernel, an error just above the tolerance, and a reference that
// expects elements the kernel does not store.
// RUN: %run_kernel %t.so add_scaled a:in:f32:8x32:randn b:in:f32:8x32:randn y:out:f32:8x32 s:f64:0.5 \
// RUN:   --ref 'y = a + b * 0.5' | FileCheck %s --check-prefix=RIGHT
// RUN: not %run_kernel %t.so add_scaled a:in:f32:8x32:randn b:in:f32:8x32:randn y:out:f32:8x32 s:f64:0.5 \
// RUN:   --ref 'y = a - b * 0.5' | FileCheck %s --check-prefix=WRONG
// RUN: not %run_kernel %t.so add_scaled a:in:f32:8x32:randn b:in:f32:8x32:randn y:out:f32:8x32 s:f64:0.5 \
// RUN:   --rtol 0 --atol 1e-3 --ref 'y = a + b * 0.5 + 2e-3' | FileCheck %s --check-prefix=TOL
// RUN: %run_kernel %t.so store_rows x:in:f32:8x32:randn y:out:f32:8x32 n:i64:3 \
// RUN:   --ref 'y = np.full((8, 32), -12345.0); y[:3] = x[:3]' | FileCheck %s --check-prefix=PARTIAL
// RUN: not %run_kernel %t.so store_rows x:in:f32:8x32:randn y:out:f32:8x32 n:i64:3 \
// RUN:   --ref 'y = x' | FileCheck %s --check-prefix=UNSTORED

// RIGHT: PASS add_scaled
// WRONG: FAIL add_scaled: 'y'[{{[0-9]+}}, {{[0-9]+}}] = {{.*}}, expected {{.*}} (max abs err
// WRONG-NOT: PASS
// TOL: FAIL add_scaled: 'y'{{.*}}(max abs err 0.002)
tile.kernel @add_scaled(%a: !tile.view<8x32xf32, in>, %b: !tile.view<8x32xf32, in>,
                        %y: !tile.view<8x32xf32, out>, %s: f32) {
  %ta = tile.load %a : !tile.view<8x32xf32, in> -> !tile.tile<8x32xf32>
  %tb = tile.load %b : !tile.view<8x32xf32, in> -> !tile.tile<8x32xf32>
  %sb = tile.muls %tb, %s : !tile.tile<8x32xf32>, f32
  %r = tile.add %ta, %sb : !tile.tile<8x32xf32>, !tile.tile<8x32xf32> -> !tile.tile<8x32xf32>
  tile.store %r, %y : !tile.tile<8x32xf32>, !tile.view<8x32xf32, out>
}

// Stores only the first n rows; the rest of y keeps the sentinel.
// PARTIAL: PASS store_rows
// UNSTORED: FAIL store_rows: 'y'[{{[3-7]}}, {{[0-9]+}}] = -12345.0, expected
tile.kernel @store_rows(%x: !tile.view<8x32xf32, in>, %y: !tile.view<8x32xf32, out>, %n: index) {
  %t = tile.load %x : !tile.view<8x32xf32, in> -> !tile.tile<8x32xf32>
  %c = arith.constant 32 : index
  tile.store %t, %y valid(%n, %c) : !tile.tile<8x32xf32>, !tile.view<8x32xf32, out>
}
