//===- CSPDialect.td - the csp dialect definition -----------*- tablegen -*-===//
//
// The `csp` dialect: pipelines of processes connected by bounded channels,
// inside workloads (ARCHITECTURE.md §3.4).
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_CSP_DIALECT
#define PTOWSP_CSP_DIALECT

include "mlir/IR/OpBase.td"

def CSP_Dialect : Dialect {
  let name = "csp";
  let cppNamespace = "::ptowsp::csp";
  let summary = "Pipelines of task-generating processes connected by channels";
  let description = [{
    A `csp.pipeline` is a statement of a workload (it may sit in loops). It
    declares channels (`csp.channel`: a name, a payload signature and a
    capacity; capacity 0 is a rendezvous) and processes (`csp.process`:
    a body run by `replicas` concurrent instances, with the channels it
    consumes and produces listed). Bodies generate tasks like any workload
    code, `csp.send` tokens on produced channels and `csp.consume` tokens
    from consumed channels until they are closed and drained. A channel is
    closed when every instance of every process that produces it has ended
    (reference counting over producers); no explicit close exists.

    Listing channels on processes is the `connect` of the Python API, and
    `replicas(n)` its `replicate(process, n)`.

    ```mlir
    csp.pipeline {
      %tiles = csp.channel "tiles" capacity 2 : !csp.channel<index>
      csp.process "loader" produces(%tiles : !csp.channel<index>) {
      ^bb0(%instance: index):
        %c0 = arith.constant 0 : index
        csp.send %tiles, %c0 : !csp.channel<index>
      }
      csp.process "worker" consumes(%tiles : !csp.channel<index>) replicas(4) {
      ^bb0(%instance: index):
        csp.consume %tiles -> (%t) : !csp.channel<index> {
          ...
        }
      }
    }
    ```
  }];
  let useDefaultTypePrinterParser = 1;
  let extraClassDeclaration = [{
    void registerTypes();
  }];
}

class CSP_Op<string mnemonic, list<Trait> traits = []>
    : Op<CSP_Dialect, mnemonic, traits>;

#endif // PTOWSP_CSP_DIALECT
