#!/usr/bin/env python3
"""Tiered top-k routing (after DeepSeek's lightning indexer): for every
(batch, query tile) an effective length is loaded from a tensor at run time
(a slot); it selects the tier — how many of the 128 candidate scores are
valid (32, 64 or 128) — and the task computes the indices of the 8 best
valid candidates (descending, ties to the lower index).

The top-k kernel takes `In[Tensor]`: it is specialized for each view width
the tiers pass (1x32, 1x64, 1x128).
"""

import numpy as np

from pto_wsp import (DispatchPolicy, DType, In, Out, P, Dense, Tensor, Tile, kernel, pto,
                     slot_load, workload)

import harness

K = 8


@kernel
def topk_kernel(scores: In[Tensor], idx: Out[Tile[1, K, DType.I32]]):
    _, indices = pto.topk(scores, K)
    pto.store(idx, indices)


def main():
    rng = np.random.default_rng(8)
    batches, queries, candidates = 4, 16, 128
    scores = rng.standard_normal((batches, queries, candidates)).astype(np.float32)
    eff = rng.choice([20, 50, 100, 128], size=(batches, queries)).astype(np.int64)
    S, Eff = Tensor(data=scores), Tensor(data=eff)
    Idx = Tensor(data=np.full((batches, queries, K), -1, np.int32))
    batch, query = Dense[batches](), Dense[queries]()

    @workload
    def routing():
        for b, q in P(batch, query):
            n = slot_load(Eff, b, q)
            with P.when(n <= 32):
                topk_kernel[b, q](scores=S[b, q, 0:32], idx=Idx[b, q])
            with P.otherwise():
                with P.when(n <= 64):
                    topk_kernel[b, q](scores=S[b, q, 0:64], idx=Idx[b, q])
                with P.otherwise():
                    topk_kernel[b, q](scores=S[b, q], idx=Idx[b, q])

    program = harness.compile(routing()
                              .dispatch(DispatchPolicy.affinity(lambda t: t.get("b"))))
    harness.run(program)

    ref = np.empty_like(Idx.data)
    for b in range(batches):
        for q in range(queries):
            width = 32 if eff[b, q] <= 32 else 64 if eff[b, q] <= 64 else 128
            row = scores[b, q, :width]
            ref[b, q] = np.lexsort((np.arange(width), -row))[:K]
    ok = bool(np.array_equal(Idx.data, ref))
    print(f"topk_routing: {'PASS' if ok else 'FAIL'} (indices equal to NumPy's for "
          f"{batches * queries} rows)")
    harness.report("topk_routing", program)
    return ok


if __name__ == "__main__":
    harness.finish(main())
