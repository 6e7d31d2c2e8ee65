// Broken or hostile architecture files (--arch FILE): each is reported with
// a non-zero exit and a message naming the file and the field, never a
// crash, a wrapped-around core count or a negative task cost.
//
// DEFINE: %{run} = timeout 120 pto-wsp-run %s --cache-dir %t.cache --gen 0=ones
// DEFINE: %{bad} = %python %S/Inputs/bad_arch.py %arch_dir/a2a3.json
// RUN: rm -rf %t %t.cache && mkdir -p %t
// RUN: %{bad} %t/same.json && %{run} --arch %t/same.json | FileCheck %s --check-prefix=OK
// OK: tasks: 2
//
// RUN: %{bad} %t/truncated.json --truncate 200
// RUN: not %{run} --arch %t/truncated.json 2>&1 | FileCheck %s --check-prefix=TRUNCATED
// TRUNCATED: arch-files.mlir:{{[0-9]+}}:{{[0-9]+}}: error: {{.*}}truncated.json: invalid JSON: [{{[0-9]+}}:{{[0-9]+}}, byte=200]
// RUN: %{bad} %t/string.json 'cores.aic="24"'
// RUN: not %{run} --arch %t/string.json 2>&1 | FileCheck %s --check-prefix=STRING
// STRING: error: {{.*}}string.json: {{.*}}'aic'
// RUN: %{bad} %t/negative.json cores.aiv=-1
// RUN: not %{run} --arch %t/negative.json 2>&1 | FileCheck %s --check-prefix=NEGATIVE
// NEGATIVE: error: {{.*}}negative.json: field 'aiv' must not be negative
// RUN: %{bad} %t/float.json dispatch_overhead_cycles=1.5
// RUN: not %{run} --arch %t/float.json 2>&1 | FileCheck %s --check-prefix=FLOAT
// FLOAT: error: {{.*}}float.json: {{.*}}'dispatch_overhead_cycles'
// RUN: %{bad} %t/missing.json --drop transfers
// RUN: not %{run} --arch %t/missing.json 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: error: {{.*}}missing.json: missing object 'transfers'
// RUN: %{bad} %t/clock.json clock_ghz=0
// RUN: not %{run} --arch %t/clock.json 2>&1 | FileCheck %s --check-prefix=CLOCK
// CLOCK: error: {{.*}}clock.json: field 'clock_ghz' must be
// RUN: %{bad} %t/fractal.json 'cube.fractal=[16, 0, 16]'
// RUN: not %{run} --arch %t/fractal.json 2>&1 | FileCheck %s --check-prefix=FRACTAL
// FRACTAL: error: {{.*}}fractal.json: 'cube.fractal' entries must be positive integers
// RUN: %{bad} %t/huge.json cores.aic=1000000000000
// RUN: not %{run} --arch %t/huge.json 2>&1 | FileCheck %s --check-prefix=HUGE
// HUGE: error: {{.*}}huge.json: field 'aic' must be at most
// RUN: %{bad} %t/wide.json cores.aiv=2147483648
// RUN: not %{run} --arch %t/wide.json 2>&1 | FileCheck %s --check-prefix=WIDE
// WIDE: pto-wsp-run: error: architecture '{{.*}}wide.json': cores.aiv = 2147483648 is more than the runtime can model
// RUN: %{bad} %t/schedulers.json cores.aicpu_schedulers=0
// RUN: not %{run} --arch %t/schedulers.json 2>&1 | FileCheck %s --check-prefix=SCHEDULERS
// SCHEDULERS: pto-wsp-run: error: invalid runtime configuration: {{.*}}machine.schedulers is 0
// RUN: %{bad} %t/nocores.json cores.aic=0 cores.aiv=0
// RUN: not %{run} --arch %t/nocores.json 2>&1 | FileCheck %s --check-prefix=NOCORES
// NOCORES: pto-wsp-run: error: invalid runtime configuration: {{.*}}the machine has no cores
// RUN: %{bad} %t/noub.json buffers_bytes.ub=0
// RUN: not %{run} --arch %t/noub.json 2>&1 | FileCheck %s --check-prefix=NOUB
// NOUB: arch-files.mlir:[[@LINE+12]]:8: error: 'tile.load' op does not fit: kernel @twice needs 512 bytes of ub here
//
// A clock of 1e300 GHz makes every transfer take more cycles than int64
// holds: reported at the op (it used to wrap into a negative task cost).
// RUN: %{bad} %t/clock-huge.json clock_ghz=1e300
// RUN: not %{run} --arch %t/clock-huge.json 2>&1 | FileCheck %s --check-prefix=ABSURD
// ABSURD: arch-files.mlir:[[@LINE+6]]:8: error: the cycle estimate overflows: the architecture '{{.*}}clock-huge.json' gives absurd costs
// RUN: echo '[1, 2]' > %t/list.json
// RUN: not %{run} --arch %t/list.json 2>&1 | FileCheck %s --check-prefix=LIST
// LIST: error: {{.*}}list.json: top level must be an object

tile.kernel @twice(%x: !tile.view<1x128xf32, inout>) {
  %t = tile.load %x : !tile.view<1x128xf32, inout> -> !tile.tile<1x128xf32>
  %u = tile.add %t, %t : !tile.tile<1x128xf32>, !tile.tile<1x128xf32> -> !tile.tile<1x128xf32>
  tile.store %u, %x : !tile.tile<1x128xf32>, !tile.view<1x128xf32, inout>
}

workload.workload @w(%X: memref<2x128xf32>) {
  %c0 = arith.constant 0 : index
  %n = workload.dense 2
  workload.parallel_for %i in %n name("i") {
    %x = workload.view %X[%i, %c0] sizes [1, 128] : memref<2x128xf32> -> !workload.view<1x128xf32>
    workload.task @twice(%x) : !workload.view<1x128xf32>
  }
}
