//===- ScheduleAttrs.td - schedule dialect enums ------------*- tablegen -*-===//
//
// The policies each schedule knob chooses from. They are the specialized
// integer attributes that operation syntax prints as bare keywords.
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_SCHEDULE_ATTRS
#define PTOWSP_SCHEDULE_ATTRS

include "pto-wsp/Dialect/Schedule/IR/ScheduleDialect.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

class Schedule_Enum<string name, string summary, list<I32EnumAttrCase> cases>
    : I32EnumAttr<name, summary, cases> {
  // A specialized (integer) attribute: the custom syntax is the bare keyword,
  // as for arith.cmpi's predicate.
  let cppNamespace = "::ptowsp::schedule";
}

def Schedule_DispatchPolicy : Schedule_Enum<"DispatchPolicy",
    "which scheduler a task is dispatched to", [
  I32EnumAttrCase<"RoundRobin", 0, "round_robin">,
  I32EnumAttrCase<"Hash", 1, "hash">,
  I32EnumAttrCase<"Affinity", 2, "affinity">,
  I32EnumAttrCase<"WorkSteal", 3, "work_steal">,
  I32EnumAttrCase<"Custom", 4, "custom">
]>;

def Schedule_WindowMode : Schedule_Enum<"WindowMode",
    "what task generation does when the task window is full", [
  I32EnumAttrCase<"Stall", 0, "stall">,
  I32EnumAttrCase<"Abort", 1, "abort">,
  I32EnumAttrCase<"Benchmark", 2, "benchmark">
]>;

def Schedule_DepsMode : Schedule_Enum<"DepsMode",
    "how dependencies between tasks are found", [
  I32EnumAttrCase<"Exact", 0, "exact">,
  I32EnumAttrCase<"Overlap", 1, "overlap">,
  I32EnumAttrCase<"Explicit", 2, "explicit">,
  I32EnumAttrCase<"Hybrid", 3, "hybrid">
]>;

def Schedule_ReadyPolicy : Schedule_Enum<"ReadyPolicy",
    "the order in which ready tasks are started", [
  I32EnumAttrCase<"Fifo", 0, "fifo">,
  I32EnumAttrCase<"WorkSteal", 1, "work_steal">,
  I32EnumAttrCase<"Priority", 2, "priority">
]>;

def Schedule_PoolPolicy : Schedule_Enum<"PoolPolicy",
    "how ready queues are split between execution units", [
  I32EnumAttrCase<"Single", 0, "single">,
  I32EnumAttrCase<"ByUnit", 1, "by_unit">
]>;

def Schedule_StartPolicy : Schedule_Enum<"StartPolicy",
    "when task execution starts relative to task generation", [
  I32EnumAttrCase<"AfterOrchestration", 0, "after_orchestration">,
  I32EnumAttrCase<"Threshold", 1, "threshold">
]>;

def Schedule_TimingPolicy : Schedule_Enum<"TimingPolicy",
    "when generated tasks are released to the schedulers", [
  I32EnumAttrCase<"Immediate", 0, "immediate">,
  I32EnumAttrCase<"Batched", 1, "batched">
]>;

def Schedule_TracePolicy : Schedule_Enum<"TracePolicy",
    "which traces a run writes", [
  I32EnumAttrCase<"None", 0, "none">,
  I32EnumAttrCase<"Timeline", 1, "timeline">,
  I32EnumAttrCase<"Graph", 2, "graph">,
  I32EnumAttrCase<"Both", 3, "both">
]>;

#endif // PTOWSP_SCHEDULE_ATTRS
