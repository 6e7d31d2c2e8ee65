// RUN: pto-wsp-opt %s -split-input-file -verify-diagnostics
// One case per diagnostic of the taskgraph dialect's verifiers.

// expected-error @below {{region must have two dimensions, got 1}}
func.func private @rank(!taskgraph.region<128xf32>)

// -----

// expected-error @below {{region dimensions must be positive}}
func.func private @zero(!taskgraph.region<16x0xf32>)

// -----

// expected-error @below {{region element type must be f16, bf16, f32, i8, i16, i32 or ui8, got 'f64'}}
func.func private @element(!taskgraph.region<16x16xf64>)

// -----

// expected-error @below {{channel payloads must be integers, index, floats or !taskgraph.region, got '!taskgraph.task'}}
func.func private @payload(!taskgraph.channel<!taskgraph.task>)

// -----

// expected-error @below {{'dispatch_count' must be non-negative}}
func.func private @count() attributes {config = #taskgraph.config<dispatch_count = -1>}

// -----

// expected-error @below {{'dispatch_count' is only used with round_robin dispatch}}
func.func private @count() attributes {config = #taskgraph.config<dispatch = hash, dispatch_count = 4>}

// -----

// expected-error @below {{'window' must be positive}}
func.func private @window() attributes {config = #taskgraph.config<window = 0>}

// -----

// expected-error @below {{'streams' must be non-negative}}
func.func private @streams() attributes {config = #taskgraph.config<streams = -2>}

// -----

// expected-error @below {{'start_threshold' must be positive with start = threshold}}
func.func private @start() attributes {config = #taskgraph.config<start = threshold>}

// -----

// expected-error @below {{'start_threshold' is only used with start = threshold}}
func.func private @start() attributes {config = #taskgraph.config<start_threshold = 8>}

// -----

// expected-error @below {{'timing_batch' must be positive with timing = batched}}
func.func private @timing() attributes {config = #taskgraph.config<timing = batched>}

// -----

// expected-error @below {{'timing_batch' is only used with timing = batched}}
func.func private @timing() attributes {config = #taskgraph.config<timing_batch = 8>}

// -----

// expected-error @below {{'taskgraph.graph' op graphs have no results; tasks write tensors instead}}
taskgraph.graph @results() -> index {
  taskgraph.yield
}

// -----

// expected-error @below {{'taskgraph.graph' op argument #0 has type 'tensor<4xf32>'; graph arguments are memrefs with the identity layout or scalars}}
taskgraph.graph @arguments(%t: tensor<4xf32>) {
  taskgraph.yield
}

// -----

taskgraph.graph @symbol_types() {
  // expected-note @below {{first use here}}
  %a = taskgraph.symbol "n" : index
  // expected-error @below {{'taskgraph.symbol' op run-time symbol 'n' has type 'i64' here but 'index' elsewhere}}
  %b = taskgraph.symbol "n" : i64
}

// -----

taskgraph.graph @symbol_name() {
  // expected-error @below {{'taskgraph.symbol' op symbol name '1st' must be an identifier ([A-Za-z_][A-Za-z0-9_]*)}}
  %a = taskgraph.symbol "1st" : i64
}

// -----

taskgraph.graph @load_type(%L: memref<4xi64>, %i: index) {
  // expected-error @below {{'taskgraph.load_scalar' op result type 'index' must be the tensor's element type 'i64'}}
  %a = taskgraph.load_scalar %L[%i] : memref<4xi64> -> index
}

// -----

taskgraph.graph @load_bounds(%L: memref<4xi64>) {
  %c9 = arith.constant 9 : index
  // expected-error @below {{'taskgraph.load_scalar' op index 9 along dimension 0 is out of bounds of the tensor's size 4}}
  %a = taskgraph.load_scalar %L[%c9] : memref<4xi64> -> i64
}

// -----

taskgraph.graph @region_bounds(%X: memref<4x16x128xf32>) {
  %c0 = arith.constant 0 : index
  %c120 = arith.constant 120 : index
  // expected-error @below {{'taskgraph.region' op window [120, 248) along dimension 2 is out of bounds of the tensor's size 128}}
  %r = taskgraph.region %X[%c0, %c0, %c120] sizes [1, 16, 128] : memref<4x16x128xf32> -> !taskgraph.region<16x128xf32>
}

// -----

tile.kernel @k(%x: !tile.view<16x128xf32, in>) {
  tile.return
}

func.func @outside(%x: !taskgraph.region<16x128xf32>) {
  // expected-error @below {{'taskgraph.submit' op must be nested in a 'taskgraph.graph'}}
  %t = taskgraph.submit @k(%x) access [read] core(vector) : !taskgraph.region<16x128xf32>
  return
}

// -----

tile.kernel @k(%x: !tile.view<16x128xf32, in>) {
  tile.return
}

taskgraph.graph @access_count(%X: memref<16x128xf32>) {
  %c0 = arith.constant 0 : index
  %x = taskgraph.region %X[%c0, %c0] sizes [16, 128] : memref<16x128xf32> -> !taskgraph.region<16x128xf32>
  // expected-error @below {{'taskgraph.submit' op expected 1 access modes (one per region argument), got 2}}
  %t = taskgraph.submit @k(%x) access [read, read] core(vector) : !taskgraph.region<16x128xf32>
}

// -----

taskgraph.graph @access_keyword(%X: memref<16x128xf32>) {
  %c0 = arith.constant 0 : index
  %x = taskgraph.region %X[%c0, %c0] sizes [16, 128] : memref<16x128xf32> -> !taskgraph.region<16x128xf32>
  // expected-error @below {{expected access mode 'read', 'write' or 'readwrite'}}
  %t = taskgraph.submit @k(%x) access [in] core(vector) : !taskgraph.region<16x128xf32>
}

// -----

func.func private @not_a_kernel()

taskgraph.graph @unknown() {
  // expected-error @below {{'taskgraph.submit' op 'not_a_kernel' does not name a tile.kernel}}
  %t = taskgraph.submit @not_a_kernel() access [] core(vector)
}

// -----

// expected-note @below {{kernel declared here}}
tile.kernel @k(%x: !tile.view<16x128xf32, in>, %s: f32) {
  tile.return
}

taskgraph.graph @arity(%X: memref<16x128xf32>) {
  %c0 = arith.constant 0 : index
  %x = taskgraph.region %X[%c0, %c0] sizes [16, 128] : memref<16x128xf32> -> !taskgraph.region<16x128xf32>
  // expected-error @below {{'taskgraph.submit' op kernel @k takes 2 arguments, got 1}}
  %t = taskgraph.submit @k(%x) access [read] core(vector) : !taskgraph.region<16x128xf32>
}

// -----

// expected-note @below {{kernel declared here}}
tile.kernel @k(%x: !tile.view<16x128xf32, in>, %s: f32) {
  tile.return
}

taskgraph.graph @scalar(%X: memref<16x128xf32>, %s: i32) {
  %c0 = arith.constant 0 : index
  %x = taskgraph.region %X[%c0, %c0] sizes [16, 128] : memref<16x128xf32> -> !taskgraph.region<16x128xf32>
  // expected-error @below {{'taskgraph.submit' op argument #1 has type 'i32' but kernel parameter #1 has type 'f32'}}
  %t = taskgraph.submit @k(%x, %s) access [read] core(vector) : !taskgraph.region<16x128xf32>, i32
}

// -----

// expected-note @below {{kernel declared here}}
tile.kernel @k(%x: !tile.view<16x128xf32, in>) {
  tile.return
}

taskgraph.graph @shape(%X: memref<16x128xf32>) {
  %c0 = arith.constant 0 : index
  %x = taskgraph.region %X[%c0, %c0] sizes [8, 128] : memref<16x128xf32> -> !taskgraph.region<8x128xf32>
  // expected-error @below {{'taskgraph.submit' op argument #0 of type '!taskgraph.region<8x128xf32>' does not match kernel parameter '!tile.view<16x128xf32, in>' (expected a !taskgraph.region of the same shape and element type)}}
  %t = taskgraph.submit @k(%x) access [read] core(vector) : !taskgraph.region<8x128xf32>
}

// -----

// expected-note @below {{kernel declared here}}
tile.kernel @k(%x: !tile.view<16x128xf32, inout>) {
  tile.return
}

taskgraph.graph @access(%X: memref<16x128xf32>) {
  %c0 = arith.constant 0 : index
  %x = taskgraph.region %X[%c0, %c0] sizes [16, 128] : memref<16x128xf32> -> !taskgraph.region<16x128xf32>
  // expected-error @below {{'taskgraph.submit' op access mode 'write' of argument #0 does not match the kernel's 'inout' parameter (expected 'readwrite')}}
  %t = taskgraph.submit @k(%x) access [write] core(vector) : !taskgraph.region<16x128xf32>
}

// -----

// expected-note @below {{kernel declared here}}
tile.kernel @mm(%a: !tile.view<16x16xf16, in>, %c: !tile.view<16x16xf32, out>) {
  %ta = tile.load %a : !tile.view<16x16xf16, in> -> !tile.tile<16x16xf16>
  %tc = tile.matmul %ta, %ta : !tile.tile<16x16xf16>, !tile.tile<16x16xf16> -> !tile.tile<16x16xf32>
  tile.store %tc, %c : !tile.tile<16x16xf32>, !tile.view<16x16xf32, out>
  tile.return
}

taskgraph.graph @vector_matmul(%A: memref<16x16xf16>, %C: memref<16x16xf32>) {
  %c0 = arith.constant 0 : index
  %a = taskgraph.region %A[%c0, %c0] sizes [16, 16] : memref<16x16xf16> -> !taskgraph.region<16x16xf16>
  %c = taskgraph.region %C[%c0, %c0] sizes [16, 16] : memref<16x16xf32> -> !taskgraph.region<16x16xf32>
  // expected-error @below {{'taskgraph.submit' op kernel @mm uses tile.matmul and cannot run on core(vector)}}
  %t = taskgraph.submit @mm(%a, %c) access [read, write] core(vector) : !taskgraph.region<16x16xf16>, !taskgraph.region<16x16xf32>
}

// -----

// expected-note @below {{kernel declared here}}
tile.kernel @k(%x: !tile.view<16x128xf32, in>) {
  tile.return
}

taskgraph.graph @cube_without_matmul(%X: memref<16x128xf32>) {
  %c0 = arith.constant 0 : index
  %x = taskgraph.region %X[%c0, %c0] sizes [16, 128] : memref<16x128xf32> -> !taskgraph.region<16x128xf32>
  // expected-error @below {{'taskgraph.submit' op kernel @k has no tile.matmul and cannot run on core(cube)}}
  %t = taskgraph.submit @k(%x) access [read] core(cube) : !taskgraph.region<16x128xf32>
}

// -----

tile.kernel @k() {
  tile.return
}

taskgraph.graph @missing_key() attributes {config = #taskgraph.config<dispatch = affinity>} {
  // expected-error @below {{'taskgraph.submit' op needs 'key(...)': the graph's schedule uses dispatch affinity}}
  %t = taskgraph.submit @k() access [] core(vector)
}

// -----

tile.kernel @k() {
  tile.return
}

taskgraph.graph @unused_key(%i: index) {
  // expected-error @below {{'taskgraph.submit' op has 'key(...)', which the graph's schedule does not use (a keyed dispatch is not set)}}
  %t = taskgraph.submit @k() access [] core(vector) key(%i)
}

// -----

tile.kernel @k() {
  tile.return
}

taskgraph.graph @missing_priority() attributes {config = #taskgraph.config<ready = priority>} {
  // expected-error @below {{'taskgraph.submit' op needs 'priority(...)': the graph's schedule uses ready = priority}}
  %t = taskgraph.submit @k() access [] core(vector)
}

// -----

tile.kernel @k() {
  tile.return
}

taskgraph.graph @unused_priority(%i: index) {
  // expected-error @below {{'taskgraph.submit' op has 'priority(...)', which the graph's schedule does not use (ready = priority is not set)}}
  %t = taskgraph.submit @k() access [] core(vector) priority(%i)
}

// -----

tile.kernel @k() {
  tile.return
}

taskgraph.graph @missing_stream() attributes {config = #taskgraph.config<streams = 2>} {
  // expected-error @below {{'taskgraph.submit' op needs 'stream(...)': the graph's schedule uses streams}}
  %t = taskgraph.submit @k() access [] core(vector)
}

// -----

tile.kernel @k() {
  tile.return
}

taskgraph.graph @unused_stream(%i: index) {
  // expected-error @below {{'taskgraph.submit' op has 'stream(...)', which the graph's schedule does not use (streams is not set)}}
  %t = taskgraph.submit @k() access [] core(vector) stream(%i)
}

// -----

tile.kernel @k() {
  tile.return
}

taskgraph.graph @unused_after() {
  %t0 = taskgraph.submit @k() access [] core(vector)
  // expected-error @below {{'taskgraph.submit' op has 'after(...)', which the graph's schedule does not use (deps = explicit or hybrid is not set)}}
  %t1 = taskgraph.submit @k() access [] core(vector) after(%t0)
}

// -----

taskgraph.graph @channel_name() {
  // expected-error @below {{'taskgraph.channel' op channel name must not be empty}}
  %c = taskgraph.channel "" : !taskgraph.channel<index>
}

// -----

taskgraph.graph @channel_capacity() {
  // expected-error @below {{'taskgraph.channel' op capacity must be non-negative (0 is a rendezvous), got -1}}
  %c = taskgraph.channel "c" capacity -1 : !taskgraph.channel<index>
}

// -----

taskgraph.graph @channel_producers() {
  // expected-error @below {{'taskgraph.channel' op producers must be at least 1, got 0}}
  %c = taskgraph.channel "c" producers 0 : !taskgraph.channel<index>
}

// -----

taskgraph.graph @process_name() {
  // expected-error @below {{'taskgraph.process' op process name must not be empty}}
  taskgraph.process "" {
  ^bb0(%instance: index):
  }
}

// -----

taskgraph.graph @process_instances() {
  // expected-error @below {{'taskgraph.process' op instances must be at least 1, got 0}}
  taskgraph.process "p" instances(0) {
  ^bb0(%instance: index):
  }
}

// -----

taskgraph.graph @process_argument() {
  // expected-error @below {{'taskgraph.process' op body must have exactly one 'index' argument (the instance number)}}
  taskgraph.process "p" {
  ^bb0(%instance: index, %extra: index):
  }
}
