//===- TaskGraphAttrs.td - taskgraph enums and attributes ---*- tablegen -*-===//
//
// Access modes and core types of submissions, and #taskgraph.config: the
// lowered schedule of a graph.
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_TASKGRAPH_ATTRS
#define PTOWSP_TASKGRAPH_ATTRS

include "pto-wsp/Dialect/TaskGraph/IR/TaskGraphDialect.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

//===----------------------------------------------------------------------===//
// Submission enums: specialized (integer) attributes, bare keywords in syntax
//===----------------------------------------------------------------------===//

def TaskGraph_AccessMode : I32EnumAttr<"AccessMode",
    "how a task accesses a tensor region", [
  I32EnumAttrCase<"Read", 0, "read">,
  I32EnumAttrCase<"Write", 1, "write">,
  I32EnumAttrCase<"ReadWrite", 2, "readwrite">
]> {
  let cppNamespace = "::ptowsp::taskgraph";
}
def TaskGraph_AccessModeArray
    : TypedArrayAttrBase<TaskGraph_AccessMode, "access modes">;

def TaskGraph_CoreType : I32EnumAttr<"CoreType",
    "the execution unit a task runs on", [
  I32EnumAttrCase<"Vector", 0, "vector">,
  I32EnumAttrCase<"Cube", 1, "cube">,
  I32EnumAttrCase<"Mixed", 2, "mixed">
]> {
  let cppNamespace = "::ptowsp::taskgraph";
}

//===----------------------------------------------------------------------===//
// Schedule policies: parameters of #taskgraph.config
//===----------------------------------------------------------------------===//

// The schedule dialect defines the same policies for the user-facing knobs;
// lowering maps them one to one. Each dialect keeps its own enums so that the
// task graph does not depend on the schedule dialect.
class TaskGraph_PolicyEnum<string name, string summary,
                           list<I32EnumAttrCase> cases>
    : I32EnumAttr<name, summary, cases> {
  let cppNamespace = "::ptowsp::taskgraph";
  let genSpecializedAttr = 0;
}

def TaskGraph_DispatchPolicy : TaskGraph_PolicyEnum<"DispatchPolicy",
    "which scheduler a task is dispatched to", [
  I32EnumAttrCase<"RoundRobin", 0, "round_robin">,
  I32EnumAttrCase<"Hash", 1, "hash">,
  I32EnumAttrCase<"Affinity", 2, "affinity">,
  I32EnumAttrCase<"WorkSteal", 3, "work_steal">,
  I32EnumAttrCase<"Custom", 4, "custom">
]>;

def TaskGraph_WindowMode : TaskGraph_PolicyEnum<"WindowMode",
    "what task generation does when the task window is full", [
  I32EnumAttrCase<"Stall", 0, "stall">,
  I32EnumAttrCase<"Abort", 1, "abort">,
  I32EnumAttrCase<"Benchmark", 2, "benchmark">
]>;

def TaskGraph_DepsMode : TaskGraph_PolicyEnum<"DepsMode",
    "how dependencies between tasks are found", [
  I32EnumAttrCase<"Exact", 0, "exact">,
  I32EnumAttrCase<"Overlap", 1, "overlap">,
  I32EnumAttrCase<"Explicit", 2, "explicit">,
  I32EnumAttrCase<"Hybrid", 3, "hybrid">
]>;

def TaskGraph_ReadyPolicy : TaskGraph_PolicyEnum<"ReadyPolicy",
    "the order in which ready tasks are started", [
  I32EnumAttrCase<"Fifo", 0, "fifo">,
  I32EnumAttrCase<"WorkSteal", 1, "work_steal">,
  I32EnumAttrCase<"Priority", 2, "priority">
]>;

def TaskGraph_PoolPolicy : TaskGraph_PolicyEnum<"PoolPolicy",
    "how ready queues are split between execution units", [
  I32EnumAttrCase<"Single", 0, "single">,
  I32EnumAttrCase<"ByUnit", 1, "by_unit">
]>;

def TaskGraph_StartPolicy : TaskGraph_PolicyEnum<"StartPolicy",
    "when task execution starts relative to task generation", [
  I32EnumAttrCase<"AfterOrchestration", 0, "after_orchestration">,
  I32EnumAttrCase<"Threshold", 1, "threshold">
]>;

def TaskGraph_TimingPolicy : TaskGraph_PolicyEnum<"TimingPolicy",
    "when generated tasks are released to the schedulers", [
  I32EnumAttrCase<"Immediate", 0, "immediate">,
  I32EnumAttrCase<"Batched", 1, "batched">
]>;

def TaskGraph_TracePolicy : TaskGraph_PolicyEnum<"TracePolicy",
    "which traces a run writes", [
  I32EnumAttrCase<"None", 0, "none">,
  I32EnumAttrCase<"Timeline", 1, "timeline">,
  I32EnumAttrCase<"Graph", 2, "graph">,
  I32EnumAttrCase<"Both", 3, "both">
]>;

/// An enum parameter that may be omitted, standing for `default`.
class TaskGraph_PolicyParameter<EnumAttrInfo info, string default>
    : EnumParameter<info> {
  let defaultValue = info.cppNamespace # "::" # info.className # "::" # default;
}

def TaskGraph_ConfigAttr : AttrDef<TaskGraph_Dialect, "Config"> {
  let mnemonic = "config";
  let summary = "the schedule of a graph: every policy the runtime enforces";
  let description = [{
    Lowered from the `schedule.schedule` the graph was compiled with; each
    field corresponds to one schedule knob and has the same default, and a
    field equal to its default is omitted from the syntax. A graph without
    a `config` attribute uses all defaults.

    | field | values | default | schedule knob |
    |---|---|---|---|
    | `dispatch` | round_robin, hash, affinity, work_steal, custom | round_robin | `dispatch` |
    | `dispatch_count` | schedulers for round_robin; 0 = all of the architecture's | 0 | `dispatch round_robin(n)` |
    | `window`, `window_mode` | tasks in flight; stall, abort, benchmark | 8192, stall | `task_window` |
    | `deps` | exact, overlap, explicit, hybrid | exact | `deps` |
    | `ready` | fifo, work_steal, priority | fifo | `ready` |
    | `pools` | single, by_unit | single | `pools` |
    | `start`, `start_threshold` | after_orchestration, threshold(n) | after_orchestration, 0 | `start` |
    | `streams` | number of in-order streams; 0 = none | 0 | `streams` |
    | `timing`, `timing_batch` | immediate, batched(n) | immediate, 0 | `timing` |
    | `trace` | none, timeline, graph, both | none | `trace` |

    The per-task values keyed policies need are operands of
    `taskgraph.submit` (`key`, `priority`, `stream`); the graph verifier
    checks that each submission carries exactly those the config uses.

    ```mlir
    #taskgraph.config<dispatch = affinity, window = 1024, ready = priority,
                      streams = 2, trace = timeline>
    ```
  }];
  let parameters = (ins
    TaskGraph_PolicyParameter<TaskGraph_DispatchPolicy, "RoundRobin">:$dispatch,
    DefaultValuedParameter<"int64_t", "0">:$dispatch_count,
    DefaultValuedParameter<"int64_t", "8192">:$window,
    TaskGraph_PolicyParameter<TaskGraph_WindowMode, "Stall">:$window_mode,
    TaskGraph_PolicyParameter<TaskGraph_DepsMode, "Exact">:$deps,
    TaskGraph_PolicyParameter<TaskGraph_ReadyPolicy, "Fifo">:$ready,
    TaskGraph_PolicyParameter<TaskGraph_PoolPolicy, "Single">:$pools,
    TaskGraph_PolicyParameter<TaskGraph_StartPolicy, "AfterOrchestration">:$start,
    DefaultValuedParameter<"int64_t", "0">:$start_threshold,
    DefaultValuedParameter<"int64_t", "0">:$streams,
    TaskGraph_PolicyParameter<TaskGraph_TimingPolicy, "Immediate">:$timing,
    DefaultValuedParameter<"int64_t", "0">:$timing_batch,
    TaskGraph_PolicyParameter<TaskGraph_TracePolicy, "None">:$trace);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// True when dispatch needs a per-task key.
    bool usesDispatchKey() const {
      return getDispatch() == DispatchPolicy::Hash ||
             getDispatch() == DispatchPolicy::Affinity ||
             getDispatch() == DispatchPolicy::Custom;
    }
    /// True when tasks may carry explicit predecessors.
    bool usesExplicitDeps() const {
      return getDeps() == DepsMode::Explicit || getDeps() == DepsMode::Hybrid;
    }
  }];
}

#endif // PTOWSP_TASKGRAPH_ATTRS
