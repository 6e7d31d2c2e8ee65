// Bad option values of pto-wsp-run: each is reported with a non-zero exit
// and a message naming the option and its value, before anything runs (a
// misnumbered or misspelt option used to be ignored silently).
//
// DEFINE: %{run} = timeout 120 pto-wsp-run %s --cache-dir %t.cache
// DEFINE: %{ok} = --gen 0=ones --arg 1=3 --symbol s=2
// RUN: rm -rf %t %t.cache && mkdir -p %t && touch %t/file
// RUN: %{run} %{ok} | FileCheck %s --check-prefix=OK
// OK: tasks: 4
//
// RUN: not %{run} %{ok} --gen 7=ones 2>&1 | FileCheck %s --check-prefix=INDEX
// INDEX: pto-wsp-run: error: --gen 7=ones: the workload has 2 arguments (indices 0 to 1)
// RUN: not %{run} %{ok} --gen 1=ones 2>&1 | FileCheck %s --check-prefix=GEN-SCALAR
// GEN-SCALAR: pto-wsp-run: error: --gen 1=ones: argument 1 is a scalar (i64): bind it with --arg
// RUN: not %{run} %{ok} --input 1=%t/x.npy 2>&1 | FileCheck %s --check-prefix=INPUT-SCALAR
// INPUT-SCALAR: pto-wsp-run: error: --input 1={{.*}}x.npy: argument 1 is a scalar (i64)
// RUN: not %{run} %{ok} --arg 0=3 2>&1 | FileCheck %s --check-prefix=ARG-TENSOR
// ARG-TENSOR: pto-wsp-run: error: --arg 0=3: argument 0 is a tensor (memref<4x128xf32>): bind it with --input or --gen
// RUN: not %{run} %{ok} --output 1=%t/y.npy 2>&1 | FileCheck %s --check-prefix=OUTPUT-SCALAR
// OUTPUT-SCALAR: pto-wsp-run: error: --output 1={{.*}}y.npy: argument 1 is a scalar (i64): only tensors are written
// OUTPUT-SCALAR-NOT: tasks:
// RUN: not %{run} %{ok} --output 5=%t/y.npy 2>&1 | FileCheck %s --check-prefix=OUTPUT-INDEX
// OUTPUT-INDEX: pto-wsp-run: error: --output 5={{.*}}: the workload has 2 arguments
// RUN: not %{run} %{ok} --gen 0=zeros 2>&1 | FileCheck %s --check-prefix=TWICE
// TWICE: pto-wsp-run: error: --gen binds argument 0 twice
// RUN: not %{run} %{ok} --input 0=%t/x.npy 2>&1 | FileCheck %s --check-prefix=BOTH
// BOTH: pto-wsp-run: error: argument 0 is bound by both --input and --gen
// RUN: not %{run} %{ok} --gen x=ones 2>&1 | FileCheck %s --check-prefix=GEN-SYNTAX
// GEN-SYNTAX: pto-wsp-run: error: --gen expects INDEX=VALUE, got 'x=ones'
// RUN: not %{run} --gen 0=gaussian --arg 1=3 --symbol s=2 2>&1 | FileCheck %s --check-prefix=GEN-KIND
// GEN-KIND: pto-wsp-run: error: cannot generate 'gaussian' data for argument 0
// RUN: not %{run} --gen 0=ones --arg 1=3x --symbol s=2 2>&1 | FileCheck %s --check-prefix=ARG-VALUE
// ARG-VALUE: pto-wsp-run: error: argument 1 expects an integer, got '3x'
// RUN: not %{run} --gen 0=ones --arg 1=99999999999999999999 --symbol s=2 2>&1 | FileCheck %s --check-prefix=ARG-RANGE
// ARG-RANGE: pto-wsp-run: error: argument 1 expects an integer, got '99999999999999999999'
// RUN: not %{run} %{ok} --symbol zz=1 2>&1 | FileCheck %s --check-prefix=SYMBOL-NAME
// SYMBOL-NAME: pto-wsp-run: error: --symbol zz=1: the workload has no run-time symbol 'zz' (its symbols: s)
// RUN: not %{run} %{ok} --symbol s=3 2>&1 | FileCheck %s --check-prefix=SYMBOL-TWICE
// SYMBOL-TWICE: pto-wsp-run: error: --symbol binds 's' twice
// RUN: not %{run} --gen 0=ones --arg 1=3 --symbol =2 2>&1 | FileCheck %s --check-prefix=SYMBOL-EMPTY
// SYMBOL-EMPTY: pto-wsp-run: error: --symbol expects NAME=NUMBER, got '=2'
// RUN: not %{run} --gen 0=ones --arg 1=3 --symbol s=two 2>&1 | FileCheck %s --check-prefix=SYMBOL-VALUE
// SYMBOL-VALUE: pto-wsp-run: error: --symbol expects NAME=NUMBER, got 's=two'
// RUN: not %{run} %{ok} --channel-latency=-5 2>&1 | FileCheck %s --check-prefix=LATENCY
// LATENCY: pto-wsp-run: error: invalid runtime configuration: {{.*}}channel_latency_cycles is negative
// RUN: not %{run} %{ok} --host-threads=-1 2>&1 | FileCheck %s --check-prefix=THREADS
// THREADS: pto-wsp-run: error: invalid runtime configuration: {{.*}}host_threads is -1
// RUN: not %{run} %{ok} --workload nope 2>&1 | FileCheck %s --check-prefix=WORKLOAD
// WORKLOAD: pto-wsp-run: error: no workload named 'nope'
// RUN: not %{run} %{ok} --schedule nope 2>&1 | FileCheck %s --check-prefix=SCHEDULE
// SCHEDULE: run-options.mlir:{{[0-9]+}}:{{[0-9]+}}: error: 'schedule=nope' names no schedule.schedule in the module
// SCHEDULE-NOT: see current operation
// RUN: not %{run} %{ok} --arch nope 2>&1 | FileCheck %s --check-prefix=ARCH
// ARCH: run-options.mlir:{{[0-9]+}}:{{[0-9]+}}: error: unknown architecture 'nope'
// RUN: not %{run} %{ok} --output 0=%t/file/y.npy 2>&1 | FileCheck %s --check-prefix=OUTPUT-PATH
// OUTPUT-PATH: pto-wsp-run: error: cannot write '{{.*}}file/y.npy'
// RUN: not %{run} %{ok} --trace %t/file/t.json 2>&1 | FileCheck %s --check-prefix=TRACE-PATH
// TRACE-PATH: pto-wsp-run: error: workload 'bump' failed (PTOWSP_ERR_IO): {{.*}}cannot open '{{.*}}file/t.json' for writing
// RUN: not pto-wsp-run %t/missing.mlir 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: error: could not open input file {{.*}}missing.mlir

tile.kernel @add_scalar(%x: !tile.view<1x128xf32, inout>, %a: i64, %b: i64) {
  %t = tile.load %x : !tile.view<1x128xf32, inout> -> !tile.tile<1x128xf32>
  tile.store %t, %x : !tile.tile<1x128xf32>, !tile.view<1x128xf32, inout>
}

workload.workload @bump(%X: memref<4x128xf32>, %a: i64) {
  %c0 = arith.constant 0 : index
  %s = workload.symbol "s" : i64
  %rows = workload.dense 4
  workload.parallel_for %r in %rows name("r") {
    %x = workload.view %X[%r, %c0] sizes [1, 128] : memref<4x128xf32> -> !workload.view<1x128xf32>
    workload.task @add_scalar(%x, %a, %s) : !workload.view<1x128xf32>, i64, i64
  }
}
