// The compile cache (--cache-dir): a directory that cannot be created or
// written is reported with its path; a corrupted entry (a library that does
// not load) is rebuilt instead of trusted.
//
// DEFINE: %{run} = timeout 120 pto-wsp-run %s --gen 0=ones
// RUN: rm -rf %t && mkdir -p %t && touch %t/file
// RUN: not %{run} --cache-dir %t/file/cache 2>&1 | FileCheck %s --check-prefix=CREATE
// CREATE: pto-wsp-run: error: cannot create cache directory '{{.*}}file/cache': Not a directory
// RUN: not %{run} --cache-dir %t/file 2>&1 | FileCheck %s --check-prefix=WRITE
// WRITE: pto-wsp-run: error: cannot write '{{.*}}file/{{[0-9a-f]+}}.cpp': Not a directory
//
// RUN: %{run} --cache-dir %t/cache | FileCheck %s --check-prefix=FIRST
// FIRST: compile: compiled
// RUN: %{run} --cache-dir %t/cache | FileCheck %s --check-prefix=CACHED
// CACHED: compile: cached
// RUN: for f in %t/cache/*.so; do echo garbage > $f; done
// RUN: %{run} --cache-dir %t/cache | FileCheck %s --check-prefix=REBUILT
// REBUILT: compile: compiled
// REBUILT: tasks: 1
// RUN: %{run} --cache-dir %t/cache | FileCheck %s --check-prefix=CACHED

tile.kernel @k(%x: !tile.view<1x128xf32, inout>) {
  %t = tile.load %x : !tile.view<1x128xf32, inout> -> !tile.tile<1x128xf32>
  tile.store %t, %x : !tile.tile<1x128xf32>, !tile.view<1x128xf32, inout>
}

workload.workload @w(%X: memref<1x128xf32>) {
  %c0 = arith.constant 0 : index
  %x = workload.view %X[%c0, %c0] sizes [1, 128] : memref<1x128xf32> -> !workload.view<1x128xf32>
  workload.task @k(%x) : !workload.view<1x128xf32>
}
