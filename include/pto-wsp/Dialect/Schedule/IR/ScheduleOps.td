//===- ScheduleOps.td - schedule dialect operations ---------*- tablegen -*-===//
//
// The schedule symbol, one operation per knob, and the operations of key
// regions (ARCHITECTURE.md §3.3).
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_SCHEDULE_OPS
#define PTOWSP_SCHEDULE_OPS

include "pto-wsp/Dialect/Schedule/IR/ScheduleTypes.td"
include "mlir/IR/OpAsmInterface.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def Schedule_Task : Type<CPred<"::llvm::isa<::ptowsp::schedule::TaskType>($_self)">,
                         "task", "::ptowsp::schedule::TaskType">,
                    BuildableType<"::ptowsp::schedule::TaskType::get($_builder.getContext())">;

/// Marks the operations a schedule body may hold.
def Schedule_KnobTrait : NativeOpTrait<"ScheduleKnob"> {
  let cppNamespace = "::ptowsp::schedule::OpTrait";
}

//===----------------------------------------------------------------------===//
// The schedule
//===----------------------------------------------------------------------===//

def Schedule_ScheduleOp : Schedule_Op<"schedule", [
    Symbol, IsolatedFromAbove, NoTerminator, SingleBlock, NoRegionArguments,
    DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let summary = "a schedule for the workload it names";
  let description = [{
    Holds at most one operation of each knob (`dispatch`, `task_window`,
    `deps`, `ready`, `pools`, `start`, `streams` with `stream_by`, `timing`,
    `trace`) and nothing else. Knobs that are not set keep their defaults:
    round-robin dispatch over all schedulers, a window of 8192 tasks in stall
    mode, exact dependency inference, a FIFO ready queue, a single pool,
    start after orchestration, no streams, immediate timing, no trace.

    The named symbol must be a `workload.workload`. Key regions may only read
    loop variables that enclose every task of that workload and scalar
    parameters that every task has, so a key is defined for every task.

    ```mlir
    schedule.schedule @rr4 for @rmsnorm {
      schedule.dispatch round_robin(4)
      schedule.task_window 8192 tasks mode(stall)
    }
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name,
                       FlatSymbolRefAttr:$workload);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = "$sym_name `for` $workload attr-dict-with-keyword $body";
  let hasRegionVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Knobs
//===----------------------------------------------------------------------===//

class Schedule_KnobOp<string mnemonic, list<Trait> traits = []>
    : Schedule_Op<mnemonic, !listconcat(traits, [
        Schedule_KnobTrait, HasParent<"ScheduleOp">])>;

/// A knob whose policy may carry a key region; its argument prints as %task.
class Schedule_KeyedKnobOp<string mnemonic>
    : Schedule_KnobOp<mnemonic, [
        DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmBlockArgumentNames"]>]> {
  let extraClassDefinition = [{
    void $cppClass::getAsmBlockArgumentNames(::mlir::Region &region,
        ::mlir::OpAsmSetValueNameFn setNameFn) {
      if (!region.empty() && region.getNumArguments() == 1)
        setNameFn(region.getArgument(0), "task");
    }
  }];
}

def Schedule_DispatchOp : Schedule_KeyedKnobOp<"dispatch"> {
  let summary = "which scheduler each task is dispatched to";
  let description = [{
    * `round_robin(n)`: the k-th generated task goes to scheduler `k mod n`;
    * `hash`: to scheduler `hash(key) mod S` (S: the architecture's
      schedulers), spreading distinct keys;
    * `affinity`: tasks with equal keys go to the same scheduler, chosen
      round-robin when the key is first seen (keeps related tasks, and their
      data, together);
    * `work_steal`: round-robin, and an idle scheduler takes tasks queued at
      another;
    * `custom`: the key is the scheduler index; a key outside `[0, S)` fails
      the run with an error naming it.

    `hash`, `affinity` and `custom` carry a key region; the others do not.

    ```mlir
    schedule.dispatch round_robin(4)
    schedule.dispatch hash {
    ^bb0(%t: !schedule.task):
      %b = schedule.task_axis %t "b" : index
      schedule.yield %b : index
    }
    ```
  }];
  let arguments = (ins Schedule_DispatchPolicy:$policy,
                       OptionalAttr<I64Attr>:$count);
  let regions = (region MaxSizedRegion<1>:$key);
  let assemblyFormat = [{
    $policy (`(` $count^ `)`)? attr-dict-with-keyword ($key^)?
  }];
  let hasVerifier = 1;
}

def Schedule_TaskWindowOp : Schedule_KnobOp<"task_window"> {
  let summary = "how many generated tasks may be in flight";
  let description = [{
    At most `size` tasks may have been generated and not yet completed. When
    the window is full:
    * `stall` (default): task generation waits until a task completes;
    * `abort`: the run fails with an error naming the window size;
    * `benchmark`: generation does not wait; the run reports how many tasks
      were in flight at most, to size the window.

    ```mlir
    schedule.task_window 8192 tasks mode(stall)
    ```
  }];
  let arguments = (ins I64Attr:$size,
                       DefaultValuedAttr<Schedule_WindowMode,
                                         "WindowMode::Stall">:$mode);
  let assemblyFormat = "$size `tasks` (`mode` `(` $mode^ `)`)? attr-dict";
  let hasVerifier = 1;
}

def Schedule_DepsOp : Schedule_KnobOp<"deps"> {
  let summary = "how dependencies between tasks are found";
  let description = [{
    * `exact`: a task depends on an earlier one that writes a region it
      reads or writes (or reads a region it writes) when the two regions are
      identical (same tensor, offsets and sizes), as pto-runtime's tensor map
      does: cheap, but partial overlaps are not ordered;
    * `overlap`: when the regions' byte ranges overlap: always sufficient;
    * `explicit`: no inference; only the ordering the program states
      (`for_each` iterations, channel order) — the program asserts it is
      enough;
    * `hybrid`: the stated ordering plus `exact` inference.

    ```mlir
    schedule.deps overlap
    ```
  }];
  let arguments = (ins Schedule_DepsMode:$mode);
  let assemblyFormat = "$mode attr-dict";
}

def Schedule_ReadyOp : Schedule_KeyedKnobOp<"ready"> {
  let summary = "the order in which ready tasks start";
  let description = [{
    * `fifo`: in the order tasks became ready;
    * `work_steal`: each core has its own queue and an idle core takes work
      from another's;
    * `priority`: the ready task with the largest key first (ties in FIFO
      order); carries a key region.

    ```mlir
    schedule.ready priority {
    ^bb0(%t: !schedule.task):
      %k = schedule.task_axis %t "k" : index
      schedule.yield %k : index
    }
    ```
  }];
  let arguments = (ins Schedule_ReadyPolicy:$policy);
  let regions = (region MaxSizedRegion<1>:$key);
  let assemblyFormat = "$policy attr-dict-with-keyword ($key^)?";
  let hasVerifier = 1;
}

def Schedule_PoolsOp : Schedule_KnobOp<"pools"> {
  let summary = "how ready queues are split between execution units";
  let description = [{
    * `single`: one ready pool; a free core takes the first task its unit
      (cube or vector) can run;
    * `by_unit`: one pool per unit, so cube tasks never wait behind vector
      tasks and vice versa.

    ```mlir
    schedule.pools by_unit
    ```
  }];
  let arguments = (ins Schedule_PoolPolicy:$policy);
  let assemblyFormat = "$policy attr-dict";
}

def Schedule_StartOp : Schedule_KnobOp<"start"> {
  let summary = "when execution starts relative to task generation";
  let description = [{
    * `after_orchestration`: when task generation has finished;
    * `threshold(n)`: when `n` tasks have been generated.

    In both cases execution also starts when generation has to wait for
    tasks to finish: when the task window is full, or at a slot load
    (`workload.slot_load`), since generation could not make progress
    otherwise. `after_orchestration` is the default.

    ```mlir
    schedule.start threshold(64)
    ```
  }];
  let arguments = (ins Schedule_StartPolicy:$policy,
                       OptionalAttr<I64Attr>:$threshold);
  let assemblyFormat = "$policy (`(` $threshold^ `)`)? attr-dict";
  let hasVerifier = 1;
}

def Schedule_StreamsOp : Schedule_KnobOp<"streams"> {
  let summary = "the number of in-order streams tasks are assigned to";
  let description = [{
    Requires `schedule.stream_by`, whose key is the task's stream; it must
    lie in `[0, count)` (a key outside fails the run with an error naming
    it). The tasks of one stream run in generation order (each
    after the previous task of its stream, as on a CUDA stream); tasks of
    different streams are ordered only by their data dependencies.

    ```mlir
    schedule.streams 2
    ```
  }];
  let arguments = (ins I64Attr:$count);
  let assemblyFormat = "$count attr-dict";
  let hasVerifier = 1;
}

def Schedule_StreamByOp : Schedule_KeyedKnobOp<"stream_by"> {
  let summary = "the key that assigns a task to a stream";
  let description = [{
    Requires `schedule.streams`; the stream of a task is its key, in
    `[0, count)`.

    ```mlir
    schedule.stream_by {
    ^bb0(%t: !schedule.task):
      %h = schedule.task_axis %t "h" : index
      schedule.yield %h : index
    }
    ```
  }];
  let regions = (region SizedRegion<1>:$key);
  let assemblyFormat = "attr-dict-with-keyword $key";
  let hasVerifier = 1;
}

def Schedule_TimingOp : Schedule_KnobOp<"timing"> {
  let summary = "when generated tasks are released to the schedulers";
  let description = [{
    * `immediate`: each task as soon as it is generated;
    * `batched(n)`: in groups of `n` (fewer, larger submissions: less
      dispatch overhead per task, later start); a partial group is released
      when generation finishes or waits.

    ```mlir
    schedule.timing batched(16)
    ```
  }];
  let arguments = (ins Schedule_TimingPolicy:$policy,
                       OptionalAttr<I64Attr>:$batch);
  let assemblyFormat = "$policy (`(` $batch^ `)`)? attr-dict";
  let hasVerifier = 1;
}

def Schedule_TraceOp : Schedule_KnobOp<"trace"> {
  let summary = "which traces a run writes";
  let description = [{
    * `none`;
    * `timeline`: the simulated timeline, one track per core, as
      Chrome/Perfetto JSON;
    * `graph`: the task graph as Graphviz (meant for small runs);
    * `both`.

    ```mlir
    schedule.trace timeline
    ```
  }];
  let arguments = (ins Schedule_TracePolicy:$policy);
  let assemblyFormat = "$policy attr-dict";
}

//===----------------------------------------------------------------------===//
// Key regions
//===----------------------------------------------------------------------===//

def Schedule_TaskAxisOp : Schedule_Op<"task_axis", [Pure]> {
  let summary = "the value of a loop variable for the task";
  let description = [{
    The index of the enclosing workload loop named `name` (its `name(...)`
    attribute) for the task the key is computed for. Every task of the
    workload must be nested in a loop of that name.

    ```mlir
    %b = schedule.task_axis %t "b" : index
    ```
  }];
  let arguments = (ins Schedule_Task:$task, StrAttr:$name);
  let results = (outs Index:$result);
  let assemblyFormat = "$task $name attr-dict `:` type($result)";
}

def Schedule_TaskParamOp : Schedule_Op<"task_param", [Pure]> {
  let summary = "the value of a scalar argument of the task";
  let description = [{
    The task's `index`-th *scalar* argument (views are not counted). Every
    task of the workload must have that scalar argument, of the result type.

    ```mlir
    %len = schedule.task_param %t 0 : i64
    ```
  }];
  let arguments = (ins Schedule_Task:$task,
                       ConfinedAttr<I64Attr, [IntNonNegative]>:$index);
  let results = (outs AnySignlessIntegerOrIndex:$result);
  let assemblyFormat = "$task $index attr-dict `:` type($result)";
}

def Schedule_YieldOp : Schedule_Op<"yield", [
    Pure, ReturnLike, Terminator,
    ParentOneOf<["DispatchOp", "ReadyOp", "StreamByOp"]>]> {
  let summary = "the key a key region computes";
  let description = [{
    ```mlir
    schedule.yield %key : index
    ```
  }];
  let arguments = (ins AnySignlessIntegerOrIndex:$key);
  let assemblyFormat = "$key attr-dict `:` type($key)";
}

#endif // PTOWSP_SCHEDULE_OPS
