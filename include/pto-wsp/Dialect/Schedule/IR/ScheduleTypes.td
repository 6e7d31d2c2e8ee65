//===- ScheduleTypes.td - schedule dialect types ------------*- tablegen -*-===//
//
// !schedule.task: the task a key region is evaluated for.
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_SCHEDULE_TYPES
#define PTOWSP_SCHEDULE_TYPES

include "pto-wsp/Dialect/Schedule/IR/ScheduleAttrs.td"
include "mlir/IR/AttrTypeBase.td"

def Schedule_TaskType : TypeDef<Schedule_Dialect, "Task"> {
  let mnemonic = "task";
  let summary = "the task a key region computes a key for";
  let description = [{
    The argument of a key region. Only `schedule.task_axis` and
    `schedule.task_param` read it.

    ```mlir
    !schedule.task
    ```
  }];
}

#endif // PTOWSP_SCHEDULE_TYPES
