//===- ScheduleDialect.td - the schedule dialect definition -*- tablegen -*-===//
//
// The `schedule` dialect: how a workload's tasks are dispatched and executed,
// kept apart from the workload (ARCHITECTURE.md §3.3).
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_SCHEDULE_DIALECT
#define PTOWSP_SCHEDULE_DIALECT

include "mlir/IR/OpBase.td"

def Schedule_Dialect : Dialect {
  let name = "schedule";
  let cppNamespace = "::ptowsp::schedule";
  let summary = "Schedules: dispatch, task window, dependency and ready policies";
  let description = [{
    A `schedule.schedule` names a `workload.workload` and holds one operation
    per knob it sets; knobs it does not set keep their documented defaults.
    One workload may have several schedules (the one to compile is chosen by
    name), and the workload does not change when its schedule does.

    Knobs that depend on a task (dispatch by hash, affinity or custom key,
    priority ready queues, stream assignment) carry a *key region*: a small
    integer expression over the task's loop variables
    (`schedule.task_axis`) and scalar parameters (`schedule.task_param`)
    written with `arith` operations and ending in `schedule.yield`.

    Every knob is enforced by the cpu_sim runtime once lowered (the lowering
    and runtime are defined in later issues); what cannot be honoured must
    be rejected by the lowering with a diagnostic, never ignored.

    ```mlir
    schedule.schedule @by_batch for @attention {
      schedule.dispatch affinity {
      ^bb0(%t: !schedule.task):
        %b = schedule.task_axis %t "b" : index
        schedule.yield %b : index
      }
      schedule.task_window 8192 tasks mode(stall)
      schedule.deps exact
      schedule.ready fifo
    }
    ```
  }];
  let useDefaultTypePrinterParser = 1;
  let extraClassDeclaration = [{
    void registerTypes();
  }];
}

class Schedule_Op<string mnemonic, list<Trait> traits = []>
    : Op<Schedule_Dialect, mnemonic, traits>;

#endif // PTOWSP_SCHEDULE_DIALECT
