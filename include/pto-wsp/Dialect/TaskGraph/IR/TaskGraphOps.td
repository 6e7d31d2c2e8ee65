//===- TaskGraphOps.td - taskgraph dialect operations -------*- tablegen -*-===//
//
// Graphs, tensor regions, submissions, run-time scalars, waits, scopes,
// channels, processes and the pipelines that join them (ARCHITECTURE.md §3.5).
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_TASKGRAPH_OPS
#define PTOWSP_TASKGRAPH_OPS

include "pto-wsp/Dialect/TaskGraph/IR/TaskGraphTypes.td"
include "mlir/IR/OpAsmInterface.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"
include "mlir/Interfaces/FunctionInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def TaskGraph_Region : Type<CPred<"::llvm::isa<::ptowsp::taskgraph::TensorRegionType>($_self)">,
                            "tensor region", "::ptowsp::taskgraph::TensorRegionType">;
def TaskGraph_Task : Type<CPred<"::llvm::isa<::ptowsp::taskgraph::TaskType>($_self)">,
                          "task", "::ptowsp::taskgraph::TaskType">,
                     BuildableType<"::ptowsp::taskgraph::TaskType::get($_builder.getContext())">;
def TaskGraph_Channel : Type<CPred<"::llvm::isa<::ptowsp::taskgraph::ChannelType>($_self)">,
                             "channel", "::ptowsp::taskgraph::ChannelType">;
def TaskGraph_Scalar : AnyTypeOf<[AnyFloat, AnySignlessInteger, Index], "scalar">;
def TaskGraph_SubmitArgument : AnyTypeOf<[TaskGraph_Region, AnyFloat,
                                          AnySignlessInteger, Index],
                                         "tensor region or scalar">;

//===----------------------------------------------------------------------===//
// Graphs
//===----------------------------------------------------------------------===//

def TaskGraph_GraphOp : TaskGraph_Op<"graph", [
    FunctionOpInterface, IsolatedFromAbove, Symbol,
    SingleBlockImplicitTerminator<"YieldOp">]> {
  let summary = "a task-generation program over global tensors and scalars";
  let description = [{
    Arguments are global tensors (memrefs with the identity layout) and
    scalars, as for the workload it was lowered from; no results. The body
    is sequential code (`scf`, `arith`, and this dialect) that submits tasks.
    The optional `config` attribute holds the schedule; every submission is
    checked against it (keys present exactly when the dispatch policy uses
    them, priorities when the ready policy does, streams when there are
    streams, explicit predecessors only in explicit or hybrid mode).

    ```mlir
    taskgraph.graph @g(%X: memref<4x16x128xf32>)
        attributes {config = #taskgraph.config<dispatch = hash>} {
      %c0 = arith.constant 0 : index
      %x = taskgraph.region %X[%c0, %c0, %c0] sizes [1, 16, 128]
          : memref<4x16x128xf32> -> !taskgraph.region<16x128xf32>
      %t = taskgraph.submit @relu_inplace(%x) access [readwrite] core(vector)
          key(%c0) : !taskgraph.region<16x128xf32>
    }
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name,
                       TypeAttrOf<FunctionType>:$function_type,
                       OptionalAttr<DictArrayAttr>:$arg_attrs,
                       OptionalAttr<DictArrayAttr>:$res_attrs,
                       OptionalAttr<TaskGraph_ConfigAttr>:$config);
  let regions = (region SizedRegion<1>:$body);
  let hasCustomAssemblyFormat = 1;
  let hasVerifier = 1;
  let builders = [OpBuilder<(ins "::llvm::StringRef":$name,
                                 "::mlir::FunctionType":$type)>];
  let extraClassDeclaration = [{
    //===------------------------------------------------------------------===//
    // FunctionOpInterface
    //===------------------------------------------------------------------===//
    ::mlir::Region *getCallableRegion() { return &getBody(); }
    ::llvm::ArrayRef<::mlir::Type> getArgumentTypes() {
      return getFunctionType().getInputs();
    }
    ::llvm::ArrayRef<::mlir::Type> getResultTypes() {
      return getFunctionType().getResults();
    }
    /// The graph's schedule: its `config`, or all defaults.
    ConfigAttr getConfigOrDefault();
  }];
}

def TaskGraph_YieldOp : TaskGraph_Op<"yield", [
    Pure, ReturnLike, Terminator,
    ParentOneOf<["GraphOp", "ScopeOp", "PipelineOp", "ProcessOp"]>]> {
  let summary = "terminates a graph, scope, pipeline or process body";
  let description = [{
    Implicit in the custom syntax.

    ```mlir
    taskgraph.yield
    ```
  }];
  let assemblyFormat = "attr-dict";
}

//===----------------------------------------------------------------------===//
// Regions and submissions
//===----------------------------------------------------------------------===//

def TaskGraph_TensorRegionOp : TaskGraph_Op<"region", [Pure]> {
  let summary = "a 2-D region of a global tensor";
  let description = [{
    The same windows as `workload.view`: one index offset and one static size
    per tensor dimension; all sizes but the last two are 1; the last two are
    the region's shape (`1 x size` for a rank-1 tensor). Regions that are
    statically out of bounds are rejected.

    ```mlir
    %r = taskgraph.region %X[%b, %t, %c0, %c0] sizes [1, 1, 16, 128]
        : memref<2x4x16x128xf32> -> !taskgraph.region<16x128xf32>
    ```
  }];
  let arguments = (ins AnyMemRef:$tensor, Variadic<Index>:$offsets,
                       DenseI64ArrayAttr:$sizes);
  let results = (outs TaskGraph_Region:$result);
  let assemblyFormat = [{
    $tensor `[` $offsets `]` `sizes` $sizes attr-dict `:` type($tensor) `->`
    qualified(type($result))
  }];
  let hasVerifier = 1;
}

def TaskGraph_IntermediateOp : TaskGraph_Op<"intermediate", [
    MemoryEffects<[MemAlloc]>]> {
  let summary = "a fresh global buffer that one task writes and later ones read";
  let description = [{
    A tile-sized buffer in global memory that belongs to no graph argument:
    what `-taskgraph-split-by-core` passes between the cube and vector parts
    of a kernel. Each evaluation is a new buffer; the first task that uses
    it must write it. Targets allocate it where their runtime keeps task
    outputs (pto-runtime: `add_output(TensorCreateInfo)` in its ring heap).
    ```mlir
    %s = taskgraph.intermediate : !taskgraph.region<64x64xf32>
    ```
  }];
  let results = (outs TaskGraph_Region:$result);
  let assemblyFormat = "attr-dict `:` qualified(type($result))";
}

def TaskGraph_SubmitOp : TaskGraph_Op<"submit", [
    AttrSizedOperandSegments, MemoryEffects<[MemRead, MemWrite]>,
    DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let summary = "submit one task to the runtime";
  let description = [{
    Submits a call of the `tile.kernel` named `kernel` and returns its
    handle. Arguments bind the kernel's parameters in order: a
    `!taskgraph.region` of the same shape and element type for each
    `!tile.view`, a scalar of the same type for each scalar. `access` gives
    one mode per region argument and must equal the kernel's direction
    (`in` → `read`, `out` → `write`, `inout` → `readwrite`); the runtime
    infers dependencies from these regions and modes.

    `core` is the execution unit: `vector` (AIV), `cube` (AIC) or `mixed`
    (a cluster of both); kernels with `tile.matmul` need the cube unit, the
    others run on `vector`. The optional operands are the per-task values
    of the graph's schedule: `key` (dispatch key), `priority` (larger runs
    first), `stream` (in-order stream, taken modulo the stream count), and
    `after` (explicit predecessors, explicit or hybrid dependency mode).
    `coords` are the values of the enclosing loop variables, outermost
    first: they identify the task in traces and error messages.

    ```mlir
    %t1 = taskgraph.submit @matmul(%a, %b, %c) access [read, read, write]
        core(cube) key(%i) after(%t0)
        : !taskgraph.region<16x16xf16>, !taskgraph.region<16x16xf16>,
          !taskgraph.region<16x16xf32>
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$kernel,
                       Variadic<TaskGraph_SubmitArgument>:$args,
                       TaskGraph_AccessModeArray:$access,
                       TaskGraph_CoreType:$core,
                       Optional<Index>:$key, Optional<Index>:$priority,
                       Optional<Index>:$stream,
                       Variadic<TaskGraph_Task>:$after,
                       Variadic<Index>:$coords);
  let results = (outs TaskGraph_Task:$task);
  let assemblyFormat = [{
    $kernel `(` $args `)` `access` custom<AccessList>($access)
    `core` `(` $core `)` (`key` `(` $key^ `)`)?
    (`priority` `(` $priority^ `)`)? (`stream` `(` $stream^ `)`)?
    (`after` `(` $after^ `)`)? (`coords` `(` $coords^ `)`)? attr-dict
    (`:` type($args)^)?
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Run-time scalars, waits and scopes
//===----------------------------------------------------------------------===//

def TaskGraph_RuntimeSymbolOp : TaskGraph_Op<"symbol", [Pure]> {
  let summary = "a named scalar bound at run time, without recompiling";
  let description = [{
    Lowered from `workload.symbol`; set by the host between runs.

    ```mlir
    %n = taskgraph.symbol "seq_len" : i64
    ```
  }];
  let arguments = (ins StrAttr:$name);
  let results = (outs TaskGraph_Scalar:$result);
  let assemblyFormat = "$name attr-dict `:` type($result)";
  let hasVerifier = 1;
}

def TaskGraph_LoadScalarOp : TaskGraph_Op<"load_scalar"> {
  let summary = "read a tensor element once the tasks writing it completed";
  let description = [{
    Waits until every submitted task that writes a region containing the
    element has completed, then reads it. Lowered from `workload.slot_load`.

    ```mlir
    %len = taskgraph.load_scalar %Lengths[%b] : memref<4xi64> -> i64
    ```
  }];
  let arguments = (ins Arg<AnyMemRef, "tensor", [MemRead]>:$tensor,
                       Variadic<Index>:$indices);
  let results = (outs TaskGraph_Scalar:$result);
  let assemblyFormat = [{
    $tensor `[` $indices `]` attr-dict `:` type($tensor) `->` type($result)
  }];
  let hasVerifier = 1;
}

def TaskGraph_WaitAllOp : TaskGraph_Op<"wait_all", [
    MemoryEffects<[MemRead, MemWrite]>]> {
  let summary = "wait until every task submitted so far has completed";
  let description = [{
    ```mlir
    taskgraph.wait_all
    ```
  }];
  let assemblyFormat = "attr-dict";
}

def TaskGraph_ScopeOp : TaskGraph_Op<"scope", [
    NoRegionArguments, RecursiveMemoryEffects,
    SingleBlockImplicitTerminator<"YieldOp">,
    DeclareOpInterfaceMethods<RegionBranchOpInterface>]> {
  let summary = "a group of submissions whose tracking state is released together";
  let description = [{
    Marks the tasks submitted in the body as one group (pto-runtime's
    scope). Leaving the scope does not wait; once all its tasks have
    completed, the runtime may drop the dependency-tracking entries they
    created, which keeps tracking state bounded in long-running loops.
    Scopes show as spans in traces.

    ```mlir
    taskgraph.scope {
      ...
    }
    ```
  }];
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = "attr-dict-with-keyword $body";
}

//===----------------------------------------------------------------------===//
// Channels and processes
//===----------------------------------------------------------------------===//

def TaskGraph_ChannelOp : TaskGraph_Op<"channel", [
    DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmResultNames"]>]> {
  let summary = "create a bounded channel";
  let description = [{
    A FIFO of at most `capacity` tokens (default 1; 0 is a rendezvous). It
    closes once `taskgraph.close` has been called `producers` times (default
    1): the reference count of lowered CSP producer instances.

    ```mlir
    %c = taskgraph.channel "tiles" capacity 2 producers 4 : !taskgraph.channel<index>
    ```
  }];
  let arguments = (ins StrAttr:$name,
                       DefaultValuedAttr<I64Attr, "1">:$capacity,
                       DefaultValuedAttr<I64Attr, "1">:$producers);
  let results = (outs TaskGraph_Channel:$channel);
  let assemblyFormat = [{
    $name (`capacity` $capacity^)? (`producers` $producers^)? attr-dict `:`
    qualified(type($channel))
  }];
  let hasVerifier = 1;
}

def TaskGraph_ProcessOp : TaskGraph_Op<"process", [
    RecursiveMemoryEffects, SingleBlockImplicitTerminator<"YieldOp">,
    DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmBlockArgumentNames"]>]> {
  let summary = "start concurrent instances of a task-generating body";
  let description = [{
    Starts `instances` (default 1) concurrent instances of the body, whose
    argument is the instance number, and continues without waiting. The
    instances are joined at the end of the nearest enclosing
    `taskgraph.pipeline`, or when the graph ends if there is none. The body
    may use values defined around it (tensors, loop variables); they are
    captured by value when the process starts. The name identifies the
    process in traces and deadlock reports.

    ```mlir
    taskgraph.process "worker" instances(4) {
    ^bb0(%instance: index):
      ...
    }
    ```
  }];
  let arguments = (ins StrAttr:$name,
                       DefaultValuedAttr<I64Attr, "1">:$instances);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    $name (`instances` `(` $instances^ `)`)? attr-dict-with-keyword $body
  }];
  let hasVerifier = 1;
}

def TaskGraph_PipelineOp : TaskGraph_Op<"pipeline", [
    NoRegionArguments, RecursiveMemoryEffects,
    SingleBlockImplicitTerminator<"YieldOp">,
    DeclareOpInterfaceMethods<RegionBranchOpInterface>]> {
  let summary = "run a body, then join the processes it started";
  let description = [{
    Runs the body, then waits until every instance of every
    `taskgraph.process` nested in it (and not in a nested pipeline) has
    ended; the program continues after that. A lowered `csp.pipeline` is
    one: its channels are created in the body, so each run of the pipeline
    (e.g. in each iteration of an enclosing loop) has fresh channels, and
    the tasks submitted after it are submitted after all of its processes'
    tasks.

    ```mlir
    scf.for %b = %c0 to %c4 step %c1 {
      taskgraph.pipeline {
        %c = taskgraph.channel "c" : !taskgraph.channel<index>
        taskgraph.process "producer" {
        ^bb0(%instance: index):
          taskgraph.send %c, %b : !taskgraph.channel<index>
          taskgraph.close %c : !taskgraph.channel<index>
        }
        taskgraph.process "consumer" {
        ^bb0(%instance: index):
          %ok, %i = taskgraph.recv %c : !taskgraph.channel<index>
        }
      }
    }
    ```
  }];
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = "attr-dict-with-keyword $body";
}

def TaskGraph_SendOp : TaskGraph_Op<"send", [
    MemoryEffects<[MemRead, MemWrite]>,
    RangedTypesMatchWith<"payload types match the channel's payload types",
                         "channel", "payload",
                         "::llvm::cast<::ptowsp::taskgraph::ChannelType>($_self).getPayloadTypes()">]> {
  let summary = "send one token, waiting while the channel is full";
  let description = [{
    Sending on a closed channel is a run-time error.

    ```mlir
    taskgraph.send %c, %i : !taskgraph.channel<index>
    ```
  }];
  let arguments = (ins TaskGraph_Channel:$channel, Variadic<AnyType>:$payload);
  let assemblyFormat = [{
    $channel (`,` $payload^)? attr-dict `:` qualified(type($channel))
  }];
}

def TaskGraph_RecvOp : TaskGraph_Op<"recv", [
    MemoryEffects<[MemRead, MemWrite]>,
    DeclareOpInterfaceMethods<InferTypeOpInterface>,
    DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmResultNames"]>]> {
  let summary = "receive one token, or learn that the channel is drained";
  let description = [{
    Waits for a token or for the channel to be closed and empty. `ok` is
    true with the token's payload, or false (payload undefined) when the
    channel is closed and drained.

    ```mlir
    %ok, %i = taskgraph.recv %c : !taskgraph.channel<index>
    ```
  }];
  let arguments = (ins TaskGraph_Channel:$channel);
  let results = (outs I1:$ok, Variadic<AnyType>:$payload);
  let assemblyFormat = "$channel attr-dict `:` qualified(type($channel))";
}

def TaskGraph_CloseOp : TaskGraph_Op<"close", [
    MemoryEffects<[MemRead, MemWrite]>]> {
  let summary = "release one producer reference of a channel";
  let description = [{
    The channel closes when it has been released `producers` times; then
    receivers drain it and see `ok = false`.

    ```mlir
    taskgraph.close %c : !taskgraph.channel<index>
    ```
  }];
  let arguments = (ins TaskGraph_Channel:$channel);
  let assemblyFormat = "$channel attr-dict `:` qualified(type($channel))";
}

#endif // PTOWSP_TASKGRAPH_OPS
