// Malformed .npy inputs of pto-wsp-run: each is reported with a non-zero
// exit and a message naming the file, never read past its end or bound with
// a wrong layout.
//
// DEFINE: %{run} = timeout 120 pto-wsp-run %s --cache-dir %t.cache --arg 1=3
// RUN: rm -rf %t %t.cache && %python %S/Inputs/bad_npy.py %t
// RUN: %{run} --input 0=%t/good.npy | FileCheck %s --check-prefix=OK
// OK: tasks: 1
//
// RUN: not %{run} --input 0=%t/truncated.npy 2>&1 | FileCheck %s --check-prefix=TRUNCATED
// TRUNCATED: pto-wsp-run: error: '{{.*}}truncated.npy' is truncated (in its header)
// RUN: not %{run} --input 0=%t/short.npy 2>&1 | FileCheck %s --check-prefix=SHORT
// SHORT: pto-wsp-run: error: '{{.*}}short.npy': expected 512 bytes of data, found 508
// RUN: not %{run} --input 0=%t/text.npy 2>&1 | FileCheck %s --check-prefix=TEXT
// TEXT: pto-wsp-run: error: '{{.*}}text.npy' is not an .npy file
// RUN: not %{run} --input 0=%t/fortran.npy 2>&1 | FileCheck %s --check-prefix=FORTRAN
// FORTRAN: pto-wsp-run: error: '{{.*}}fortran.npy': Fortran-order arrays are not supported
// RUN: not %{run} --input 0=%t/bigendian.npy 2>&1 | FileCheck %s --check-prefix=ENDIAN
// ENDIAN: pto-wsp-run: error: '{{.*}}bigendian.npy': unsupported dtype '>f4'
// RUN: not %{run} --input 0=%t/complex.npy 2>&1 | FileCheck %s --check-prefix=COMPLEX
// COMPLEX: pto-wsp-run: error: '{{.*}}complex.npy': unsupported dtype '<c8'
// RUN: not %{run} --input 0=%t/rank3.npy 2>&1 | FileCheck %s --check-prefix=RANK
// RANK: pto-wsp-run: error: argument 0 expects rank 2
// RUN: not %{run} --input 0=%t/negative.npy 2>&1 | FileCheck %s --check-prefix=NEGATIVE
// NEGATIVE: pto-wsp-run: error: '{{.*}}negative.npy': malformed shape
// RUN: not %{run} --input 0=%t/overflow.npy 2>&1 | FileCheck %s --check-prefix=OVERFLOW
// OVERFLOW: pto-wsp-run: error: '{{.*}}overflow.npy': shape too large
// RUN: not %{run} --input 0=%t/absent.npy 2>&1 | FileCheck %s --check-prefix=ABSENT
// ABSENT: pto-wsp-run: error: cannot read '{{.*}}absent.npy': No such file or directory
//
// A scalar that its i32 parameter cannot hold (it used to be truncated).
// RUN: not timeout 120 pto-wsp-run %s --cache-dir %t.cache --input 0=%t/good.npy \
// RUN:   --arg 1=4294967296 2>&1 | FileCheck %s --check-prefix=NARROW
// NARROW: pto-wsp-run: error: argument 1 (i32) cannot hold 4294967296

tile.kernel @k(%x: !tile.view<1x128xf32, inout>, %a: i32) {
  %t = tile.load %x : !tile.view<1x128xf32, inout> -> !tile.tile<1x128xf32>
  tile.store %t, %x : !tile.tile<1x128xf32>, !tile.view<1x128xf32, inout>
}

workload.workload @w(%X: memref<1x128xf32>, %a: i32) {
  %c0 = arith.constant 0 : index
  %x = workload.view %X[%c0, %c0] sizes [1, 128] : memref<1x128xf32> -> !workload.view<1x128xf32>
  workload.task @k(%x, %a) : !workload.view<1x128xf32>, i32
}
