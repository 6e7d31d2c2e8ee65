//===- CSPOps.td - csp dialect operations -------------------*- tablegen -*-===//
//
// Pipelines, channels, processes, send and consume (ARCHITECTURE.md §3.4).
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_CSP_OPS
#define PTOWSP_CSP_OPS

include "pto-wsp/Dialect/CSP/IR/CSPTypes.td"
include "mlir/IR/OpAsmInterface.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def CSP_Channel : Type<CPred<"::llvm::isa<::ptowsp::csp::ChannelType>($_self)">,
                       "channel", "::ptowsp::csp::ChannelType">;

def CSP_PipelineOp : CSP_Op<"pipeline", [
    NoTerminator, SingleBlock, NoRegionArguments, RecursiveMemoryEffects]> {
  let summary = "a set of processes connected by channels";
  let description = [{
    Holds only `csp.channel` and `csp.process` operations. When the pipeline
    runs, all instances of all its processes start and run concurrently; the
    pipeline ends when they all have ended, and the workload continues after
    it. Every channel must be produced by at least one process and consumed
    by at least one process of the pipeline; channel and process names are
    unique within it.

    Pipelines that provably deadlock (e.g. cycles of rendezvous channels)
    are rejected by `-csp-verify-deadlock-free`, not by the verifier.

    ```mlir
    csp.pipeline {
      %c = csp.channel "c" : !csp.channel<index>
      csp.process "producer" produces(%c : !csp.channel<index>) {
      ^bb0(%instance: index):
        csp.send %c, %instance : !csp.channel<index>
      }
      csp.process "consumer" consumes(%c : !csp.channel<index>) {
      ^bb0(%instance: index):
        csp.consume %c -> (%i) : !csp.channel<index> {
        }
      }
    }
    ```
  }];
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = "attr-dict-with-keyword $body";
  let hasRegionVerifier = 1;
}

def CSP_ChannelOp : CSP_Op<"channel", [
    HasParent<"PipelineOp">,
    DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmResultNames"]>]> {
  let summary = "a bounded channel of the pipeline";
  let description = [{
    A FIFO of at most `capacity` tokens (default 1). With capacity 0 the
    channel is a rendezvous: a send completes when a consumer takes the
    token. The name identifies the channel in traces and deadlock reports.

    ```mlir
    %c = csp.channel "l2c" capacity 2 : !csp.channel<index>
    %sync = csp.channel "sync" capacity 0 : !csp.channel<>
    ```
  }];
  let arguments = (ins StrAttr:$name,
                       DefaultValuedAttr<I64Attr, "1">:$capacity);
  let results = (outs CSP_Channel:$channel);
  let assemblyFormat = [{
    $name (`capacity` $capacity^)? attr-dict `:` qualified(type($channel))
  }];
  let hasVerifier = 1;
}

def CSP_ProcessOp : CSP_Op<"process", [
    AttrSizedOperandSegments, HasParent<"PipelineOp">, RecursiveMemoryEffects,
    SingleBlockImplicitTerminator<"YieldOp">,
    DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmBlockArgumentNames"]>]> {
  let summary = "a process of the pipeline, run by `replicas` instances";
  let description = [{
    The body runs once per instance (`replicas`, default 1), concurrently;
    its argument is the instance number `0..replicas-1`. The body may only
    `csp.send` on channels listed in `produces` and `csp.consume` channels
    listed in `consumes`. Instances of a replicated consumer share the
    channel: each token goes to exactly one of them. Each instance of a
    producer holds a reference to its produced channels and releases it when
    it ends; a channel closes when all references are released.

    ```mlir
    csp.process "compute" consumes(%in : !csp.channel<index>)
        produces(%out : !csp.channel<index>) replicas(4) {
    ^bb0(%instance: index):
      csp.consume %in -> (%t) : !csp.channel<index> {
        csp.send %out, %t : !csp.channel<index>
      }
    }
    ```
  }];
  let arguments = (ins StrAttr:$name, Variadic<CSP_Channel>:$consumes,
                       Variadic<CSP_Channel>:$produces,
                       DefaultValuedAttr<I64Attr, "1">:$replicas);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    $name (`consumes` `(` $consumes^ `:` qualified(type($consumes)) `)`)?
    (`produces` `(` $produces^ `:` qualified(type($produces)) `)`)?
    (`replicas` `(` $replicas^ `)`)? attr-dict-with-keyword $body
  }];
  let hasVerifier = 1;
}

def CSP_SendOp : CSP_Op<"send", [
    MemoryEffects<[MemRead, MemWrite]>,
    RangedTypesMatchWith<"payload types match the channel's payload types",
                         "channel", "payload",
                         "::llvm::cast<::ptowsp::csp::ChannelType>($_self).getPayloadTypes()">]> {
  let summary = "send one token on a produced channel";
  let description = [{
    Waits while the channel is full (for a rendezvous channel: until a
    consumer takes the token). The enclosing process must list the channel
    in `produces`.

    ```mlir
    csp.send %c, %i, %j : !csp.channel<index, index>
    ```
  }];
  let arguments = (ins CSP_Channel:$channel, Variadic<AnyType>:$payload);
  let assemblyFormat = [{
    $channel (`,` $payload^)? attr-dict `:` qualified(type($channel))
  }];
  let hasVerifier = 1;
}

def CSP_ConsumeOp : CSP_Op<"consume", [
    MemoryEffects<[MemRead, MemWrite]>,
    SingleBlockImplicitTerminator<"YieldOp">]> {
  let summary = "run the body for each token until the channel is drained";
  let description = [{
    Takes tokens from the channel one at a time and runs the body with the
    token's payload as block arguments, until the channel is closed (all its
    producers have ended) and empty. The enclosing process must list the
    channel in `consumes`.

    ```mlir
    csp.consume %c -> (%b, %t) : !csp.channel<index, index> {
      ...
    }
    ```
  }];
  let arguments = (ins CSP_Channel:$channel);
  let regions = (region SizedRegion<1>:$body);
  let hasCustomAssemblyFormat = 1;
  let hasVerifier = 1;
}

def CSP_YieldOp : CSP_Op<"yield", [
    Pure, ReturnLike, Terminator, ParentOneOf<["ProcessOp", "ConsumeOp"]>]> {
  let summary = "terminates a process or consume body";
  let description = [{
    Implicit in the custom syntax.

    ```mlir
    csp.yield
    ```
  }];
  let assemblyFormat = "attr-dict";
}

#endif // PTOWSP_CSP_OPS
