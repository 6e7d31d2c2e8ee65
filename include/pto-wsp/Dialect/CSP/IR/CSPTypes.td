//===- CSPTypes.td - csp dialect types ----------------------*- tablegen -*-===//
//
// !csp.channel: a bounded channel whose tokens carry a fixed payload.
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_CSP_TYPES
#define PTOWSP_CSP_TYPES

include "pto-wsp/Dialect/CSP/IR/CSPDialect.td"
include "mlir/IR/AttrTypeBase.td"

def CSP_ChannelType : TypeDef<CSP_Dialect, "Channel"> {
  let mnemonic = "channel";
  let summary = "a channel whose tokens carry the listed payload values";
  let description = [{
    Each token sent on the channel carries one value of each payload type:
    integers, index, floats or `!workload.view`s. An empty payload makes a
    pure synchronization token.

    ```mlir
    !csp.channel<index, i64>
    !csp.channel<!workload.view<16x128xf32>>
    !csp.channel<>
    ```
  }];
  let parameters = (ins ArrayRefParameter<"::mlir::Type">:$payloadTypes);
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
}

#endif // PTOWSP_CSP_TYPES
