//===- WorkloadOps.td - workload dialect operations ---------*- tablegen -*-===//
//
// Workloads, axes, loops, conditionals, views, tasks and run-time scalars
// (ARCHITECTURE.md §3.2).
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_WORKLOAD_OPS
#define PTOWSP_WORKLOAD_OPS

include "pto-wsp/Dialect/Workload/IR/WorkloadTypes.td"
include "mlir/IR/OpAsmInterface.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"
include "mlir/Interfaces/FunctionInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def Workload_Axis : Type<CPred<"::llvm::isa<::ptowsp::workload::AxisType>($_self)">,
                         "axis", "::ptowsp::workload::AxisType">,
                    BuildableType<"::ptowsp::workload::AxisType::get($_builder.getContext())">;
def Workload_View : Type<CPred<"::llvm::isa<::ptowsp::workload::ViewType>($_self)">,
                         "tensor view", "::ptowsp::workload::ViewType">;
def Workload_Scalar : AnyTypeOf<[AnyFloat, AnySignlessInteger, Index], "scalar">;
def Workload_TaskArgument : AnyTypeOf<[Workload_View, AnyFloat,
                                       AnySignlessInteger, Index],
                                      "tensor view or scalar">;
def Workload_IntegerTensor : MemRefOf<[AnySignlessInteger, Index]>;

//===----------------------------------------------------------------------===//
// Workloads
//===----------------------------------------------------------------------===//

def Workload_WorkloadOp : Workload_Op<"workload", [
    FunctionOpInterface, IsolatedFromAbove, Symbol,
    SingleBlockImplicitTerminator<"YieldOp">]> {
  let summary = "a task-generating program over global tensors and scalars";
  let description = [{
    A symbol whose arguments are global tensors (memrefs with the identity
    layout; dimensions may be dynamic) and scalars (integers, floats, index),
    and whose body generates tasks. It has no results: tasks communicate
    through the tensors. Several statements in the body run in order, as in
    any program; the tasks they submit are ordered only by the data they
    touch (and by `for_each`).

    A workload is scheduled by `schedule.schedule` ops that name it; it does
    not contain its schedule.

    ```mlir
    workload.workload @copy_rows(%X: memref<?x128xf32>, %Y: memref<?x128xf32>,
                                 %rows: index) {
      %c0 = arith.constant 0 : index
      %r = workload.dense_dyn %rows
      workload.parallel_for %i in %r name("i") {
        %x = workload.view %X[%i, %c0] sizes [1, 128]
            : memref<?x128xf32> -> !workload.view<1x128xf32>
        %y = workload.view %Y[%i, %c0] sizes [1, 128]
            : memref<?x128xf32> -> !workload.view<1x128xf32>
        workload.task @copy_row(%x, %y)
            : !workload.view<1x128xf32>, !workload.view<1x128xf32>
      }
    }
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name,
                       TypeAttrOf<FunctionType>:$function_type,
                       OptionalAttr<DictArrayAttr>:$arg_attrs,
                       OptionalAttr<DictArrayAttr>:$res_attrs);
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
  }];
}

def Workload_YieldOp : Workload_Op<"yield", [
    Pure, ReturnLike, Terminator,
    ParentOneOf<["WorkloadOp", "ParallelForOp", "ForEachOp", "SelectOp",
                 "IfOp"]>]> {
  let summary = "terminates a workload, loop or branch body";
  let description = [{
    Implicit in the custom syntax of every op it terminates.

    ```mlir
    workload.yield
    ```
  }];
  let assemblyFormat = "attr-dict";
}

//===----------------------------------------------------------------------===//
// Axes
//===----------------------------------------------------------------------===//

def Workload_DenseOp : Workload_Op<"dense", [Pure]> {
  let summary = "a dense axis of static size: indices 0..size-1";
  let description = [{
    ```mlir
    %heads = workload.dense 8
    ```
  }];
  let arguments = (ins I64Attr:$size);
  let results = (outs Workload_Axis:$axis);
  let assemblyFormat = "$size attr-dict";
  let hasVerifier = 1;
  let builders = [OpBuilder<(ins "int64_t":$size), [{
    build($_builder, $_state, ::ptowsp::workload::AxisType::get($_builder.getContext()), size);
  }]>];
}

def Workload_DenseDynOp : Workload_Op<"dense_dyn", [Pure]> {
  let summary = "a dense axis whose size is a run-time value";
  let description = [{
    Iterates `0..size-1` where `size` is known only when the workload runs
    (an argument, a `workload.symbol` or a `workload.slot_load`). Changing it
    does not require recompiling. A negative size gives an empty axis.

    ```mlir
    %seq = workload.dense_dyn %n
    ```
  }];
  let arguments = (ins Index:$size);
  let results = (outs Workload_Axis:$axis);
  let assemblyFormat = "$size attr-dict";
  let builders = [OpBuilder<(ins "::mlir::Value":$size), [{
    build($_builder, $_state, ::ptowsp::workload::AxisType::get($_builder.getContext()), size);
  }]>];
}

def Workload_RaggedOp : Workload_Op<"ragged"> {
  let summary = "a ragged axis: 0..lengths[i]-1 for an outer index i";
  let description = [{
    The axis length is read, when the loop over it starts, from the element of
    the integer tensor `lengths` at `indices` (one index per dimension of
    `lengths`, typically an outer loop variable). Models variable sequence
    lengths per batch entry.

    ```mlir
    %tokens = workload.ragged %lengths[%b] : memref<4xi64>
    ```
  }];
  let arguments = (ins Arg<Workload_IntegerTensor, "lengths", [MemRead]>:$lengths,
                       Variadic<Index>:$indices);
  let results = (outs Workload_Axis:$axis);
  let assemblyFormat = [{
    $lengths `[` $indices `]` attr-dict `:` type($lengths)
  }];
  let hasVerifier = 1;
  let builders = [OpBuilder<(ins "::mlir::Value":$lengths,
                                 "::mlir::ValueRange":$indices), [{
    build($_builder, $_state, ::ptowsp::workload::AxisType::get($_builder.getContext()), lengths, indices);
  }]>];
}

def Workload_SparseOp : Workload_Op<"sparse"> {
  let summary = "a sparse axis: the column indices of one CSR row";
  let description = [{
    Row `row` of a compressed-sparse-row matrix: the indices
    `indices[indptr[row] .. indptr[row+1]-1]`. A `workload.select` over it
    visits exactly those indices (e.g. the experts a token is routed to), a
    `parallel_for` or `for_each` visits the positions `0..count-1`.

    ```mlir
    %experts = workload.sparse %indptr, %indices[%tok]
        : memref<9xi32>, memref<16xi32>
    ```
  }];
  let arguments = (ins Arg<Workload_IntegerTensor, "indptr", [MemRead]>:$indptr,
                       Arg<Workload_IntegerTensor, "indices", [MemRead]>:$indices,
                       Index:$row);
  let results = (outs Workload_Axis:$axis);
  let assemblyFormat = [{
    $indptr `,` $indices `[` $row `]` attr-dict `:` type($indptr) `,`
    type($indices)
  }];
  let hasVerifier = 1;
  let builders = [OpBuilder<(ins "::mlir::Value":$indptr,
                                 "::mlir::Value":$indices, "::mlir::Value":$row), [{
    build($_builder, $_state, ::ptowsp::workload::AxisType::get($_builder.getContext()), indptr, indices, row);
  }]>];
}

//===----------------------------------------------------------------------===//
// Loops and branches
//===----------------------------------------------------------------------===//

class Workload_LoopOp<string mnemonic>
    : Workload_Op<mnemonic, [
        RecursiveMemoryEffects, SingleBlockImplicitTerminator<"YieldOp">,
        DeclareOpInterfaceMethods<RegionBranchOpInterface>,
        DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmBlockArgumentNames"]>]> {
  let arguments = (ins Workload_Axis:$axis, StrAttr:$name);
  let regions = (region SizedRegion<1>:$body);
  let hasCustomAssemblyFormat = 1;
  let hasVerifier = 1;
  let builders = [
    // Creates the body with its loop variable; `bodyBuilder` (if not null)
    // fills it before the implicit terminator is added.
    OpBuilder<(ins "::mlir::Value":$axis, "::llvm::StringRef":$name,
      "::llvm::function_ref<void(::mlir::OpBuilder &, ::mlir::Location, ::mlir::Value)>":$bodyBuilder), [{
      $_state.addOperands(axis);
      $_state.addAttribute(getNameAttrName($_state.name),
                           $_builder.getStringAttr(name));
      ::mlir::Region *body = $_state.addRegion();
      ::mlir::Block *block = new ::mlir::Block();
      body->push_back(block);
      ::mlir::Value inductionVar =
          block->addArgument($_builder.getIndexType(), $_state.location);
      if (bodyBuilder) {
        ::mlir::OpBuilder::InsertionGuard guard($_builder);
        $_builder.setInsertionPointToStart(block);
        bodyBuilder($_builder, $_state.location, inductionVar);
      }
      ensureTerminator(*body, $_builder, $_state.location);
    }]>];
  let extraClassDeclaration = [{
    /// The loop variable: the index of the current iteration.
    ::mlir::BlockArgument getInductionVar() { return getBody().getArgument(0); }
  }];
  let extraClassDefinition = [{
    ::mlir::ParseResult $cppClass::parse(::mlir::OpAsmParser &parser,
                                         ::mlir::OperationState &result) {
      return parseLoop<$cppClass>(parser, result);
    }
    void $cppClass::print(::mlir::OpAsmPrinter &printer) {
      printLoop(*this, printer);
    }
    void $cppClass::getAsmBlockArgumentNames(::mlir::Region &region,
        ::mlir::OpAsmSetValueNameFn setNameFn) {
      setLoopVariableName(*this, setNameFn);
    }
    void $cppClass::getSuccessorRegions(::mlir::RegionBranchPoint point,
        ::llvm::SmallVectorImpl<::mlir::RegionSuccessor> &regions) {
      getLoopSuccessorRegions(*this, regions);
    }
  }];
}

def Workload_ParallelForOp : Workload_LoopOp<"parallel_for"> {
  let summary = "a loop whose iterations are independent";
  let description = [{
    Runs the body once per index of the axis. Iterations may generate their
    tasks in any order and concurrently; their tasks are ordered only by the
    data they touch. The `name` is the loop variable's name, used by schedule
    keys (`schedule.task_axis %t "b"`) and in traces; it must differ from the
    names of the enclosing loops.

    ```mlir
    workload.parallel_for %b in %batch name("b") {
      ...
    }
    ```
  }];
}

def Workload_ForEachOp : Workload_LoopOp<"for_each"> {
  let summary = "a sequential loop: iteration i+1 runs after iteration i";
  let description = [{
    Runs the body once per index of the axis, in increasing order (a scan or
    a recurrence). With inferred dependencies (exact, overlap) iteration i+1
    is ordered after iteration i wherever they touch the same data, which
    gives the sequential program's results; with explicit or hybrid
    dependencies every task of iteration i+1 is ordered after every task of
    iteration i.

    ```mlir
    workload.for_each %k in %blocks name("k") {
      ...
    }
    ```
  }];
}

def Workload_SelectOp : Workload_LoopOp<"select"> {
  let summary = "a parallel loop over the indices a sparse axis selects";
  let description = [{
    Runs the body once per index stored in the sparse axis's CSR row (the
    loop variable is the stored index, e.g. an expert id, not its position).
    Iterations are independent, as in `parallel_for`. The axis must be
    produced by `workload.sparse`.

    ```mlir
    %experts = workload.sparse %indptr, %indices[%tok]
        : memref<9xi32>, memref<16xi32>
    workload.select %e in %experts name("e") {
      ...
    }
    ```
  }];
}

def Workload_IfOp : Workload_Op<"if", [
    RecursiveMemoryEffects, NoRegionArguments,
    SingleBlockImplicitTerminator<"YieldOp">,
    DeclareOpInterfaceMethods<RegionBranchOpInterface>]> {
  let summary = "run one of two bodies depending on a run-time predicate";
  let description = [{
    The predicate is an `i1` computed at run time (e.g. from a
    `workload.symbol` or a `workload.slot_load` and `arith.cmpi`). The `else`
    body is optional.

    ```mlir
    %long = arith.cmpi sgt, %len, %threshold : i64
    workload.if %long {
      ...
    } else {
      ...
    }
    ```
  }];
  let arguments = (ins I1:$condition);
  let regions = (region SizedRegion<1>:$thenRegion,
                        MaxSizedRegion<1>:$elseRegion);
  let builders = [
    // Creates the then body (and the else body if requested), each holding
    // only its implicit terminator.
    OpBuilder<(ins "::mlir::Value":$condition, "bool":$withElseRegion), [{
      $_state.addOperands(condition);
      ::mlir::Region *thenRegion = $_state.addRegion();
      ::mlir::Region *elseRegion = $_state.addRegion();
      ensureTerminator(*thenRegion, $_builder, $_state.location);
      if (withElseRegion)
        ensureTerminator(*elseRegion, $_builder, $_state.location);
    }]>];
  let assemblyFormat = [{
    $condition $thenRegion (`else` $elseRegion^)? attr-dict-with-keyword
  }];
}

//===----------------------------------------------------------------------===//
// Views and tasks
//===----------------------------------------------------------------------===//

def Workload_ViewOp : Workload_Op<"view", [Pure]> {
  let summary = "a 2-D window of a global tensor, for a task argument";
  let description = [{
    One index offset per tensor dimension (any index arithmetic of loop
    variables and scalars) and one static size per dimension. All sizes but
    the last two must be 1; the last two are the view's shape (a rank-1
    tensor gives a `1 x size` view). The element type is the tensor's.
    Windows that are statically out of bounds (static dimension, constant
    offset) are rejected.

    ```mlir
    %v = workload.view %X[%b, %t, %c0, %c0] sizes [1, 1, 16, 128]
        : memref<2x4x16x128xf32> -> !workload.view<16x128xf32>
    ```
  }];
  let arguments = (ins AnyMemRef:$tensor, Variadic<Index>:$offsets,
                       DenseI64ArrayAttr:$sizes);
  let results = (outs Workload_View:$result);
  let assemblyFormat = [{
    $tensor `[` $offsets `]` `sizes` $sizes attr-dict `:` type($tensor) `->`
    qualified(type($result))
  }];
  let hasVerifier = 1;
}

def Workload_TaskOp : Workload_Op<"task", [
    MemoryEffects<[MemRead, MemWrite]>,
    DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let summary = "submit one task: a tile kernel applied to views and scalars";
  let description = [{
    Calls the `tile.kernel` named `kernel`: one argument per kernel parameter,
    a `!workload.view` of the same shape and element type for each
    `!tile.view` parameter and a scalar of the same type for each scalar
    parameter. The kernel's parameter directions (`in`, `out`, `inout`) say
    which views the task reads and writes; dependencies between tasks are
    inferred from them.

    ```mlir
    workload.task @scale(%x, %y, %s)
        : !workload.view<16x128xf32>, !workload.view<16x128xf32>, f32
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$kernel,
                       Variadic<Workload_TaskArgument>:$args);
  let assemblyFormat = [{
    $kernel `(` $args `)` attr-dict (`:` type($args)^)?
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Run-time scalars
//===----------------------------------------------------------------------===//

def Workload_RuntimeSymbolOp : Workload_Op<"symbol", [Pure]> {
  let summary = "a named scalar bound at run time, without recompiling";
  let description = [{
    The value of the run-time symbol `name`, set by the host before (or
    between) runs of the compiled program. Every use of one name in a
    workload must have the same type.

    ```mlir
    %len = workload.symbol "seq_len" : i64
    ```
  }];
  let arguments = (ins StrAttr:$name);
  let results = (outs Workload_Scalar:$result);
  let assemblyFormat = "$name attr-dict `:` type($result)";
  let hasVerifier = 1;
}

def Workload_SlotLoadOp : Workload_Op<"slot_load"> {
  let summary = "read one tensor element as a scalar (data-dependent control)";
  let description = [{
    The bridge from tensor data to control: reads the element at `indices`
    (one per dimension) once the tasks that write it have completed, so a
    later `workload.if`, `dense_dyn` axis or task scalar can depend on
    results computed by earlier tasks.

    ```mlir
    %count = workload.slot_load %Counts[%b, %e] : memref<2x8xi64> -> i64
    ```
  }];
  let arguments = (ins Arg<AnyMemRef, "tensor", [MemRead]>:$tensor,
                       Variadic<Index>:$indices);
  let results = (outs Workload_Scalar:$result);
  let assemblyFormat = [{
    $tensor `[` $indices `]` attr-dict `:` type($tensor) `->` type($result)
  }];
  let hasVerifier = 1;
}

#endif // PTOWSP_WORKLOAD_OPS
