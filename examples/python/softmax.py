#!/usr/bin/env python3
"""Three-pass online softmax over vocabulary tiles: softmax(x, axis=-1).

4 batches x 8 row tiles (parallel) x 8 vocab tiles of 16x64 f32:
  pass 1 (P.seq v): M = max(M, rowmax(X[v]))                  M in-out
  pass 2 (P.seq v): Y[v] = exp(X[v] - M); L += rowsum(Y[v])   L in-out
  pass 3 (P v):     Y[v] = Y[v] / L                           Y in-out
The passes are ordered only by the tensor regions they touch (inferred).
"""

import numpy as np

from pto_wsp import (DispatchPolicy, DType, In, InOut, Out, P, Dense, TaskWindow, Tensor,
                     Tile, kernel, pto, workload)

import harness

R, C = 16, 64


@kernel
def update_max(x: In[Tile[R, C, DType.F32]], m: InOut[Tile[R, 1, DType.F32]]):
    pto.store(m, pto.max(m, pto.rowmax(x)))


@kernel
def exp_accumulate(x: In[Tile[R, C, DType.F32]], m: In[Tile[R, 1, DType.F32]],
                   y: Out[Tile[R, C, DType.F32]], l: InOut[Tile[R, 1, DType.F32]]):
    e = pto.exp(pto.sub(x, m))
    pto.store(l, pto.add(l, pto.rowsum(e)))
    pto.store(y, e)


@kernel
def rescale(y: InOut[Tile[R, C, DType.F32]], l: In[Tile[R, 1, DType.F32]]):
    pto.store(y, pto.div(y, l))


def main():
    rng = np.random.default_rng(1)
    x = (3 * rng.standard_normal((4, 128, 512))).astype(np.float32)
    X = Tensor(data=x)
    Y = Tensor(data=np.zeros_like(x))
    M = Tensor(data=np.full((4, 128, 1), -np.inf, np.float32))
    L = Tensor(data=np.zeros((4, 128, 1), np.float32))
    batch, rows, vocab = Dense[4](), Dense[8](), Dense[8]()

    @workload
    def softmax():
        for b in P(batch):
            for r in P(rows):
                row = r * R
                m, l = M[b, row:row + R], L[b, row:row + R]
                for v1 in P.seq(vocab):
                    update_max(x=X[b, row:row + R, v1 * C:(v1 + 1) * C], m=m)
                for v2 in P.seq(vocab):
                    cols = slice(v2 * C, v2 * C + C)
                    exp_accumulate(x=X[b, row:row + R, cols], m=m, y=Y[b, row:row + R, cols], l=l)
                for v3 in P(vocab):
                    rescale(y=Y[b, row:row + R, v3 * C:(v3 + 1) * C], l=l)

    scheduled = softmax().dispatch(DispatchPolicy.round_robin(harness.SCHEDULERS))
    if not harness.BUILDS_WHOLE_GRAPH:
        scheduled = scheduled.task_graph(window=TaskWindow(256), start=1)
    program = harness.compile(scheduled)
    harness.run(program)

    ref = np.exp(x.astype(np.float64) - x.max(-1, keepdims=True))
    ref /= ref.sum(-1, keepdims=True)
    ok = harness.check("softmax", Y.data, ref, rtol=1e-5, atol=1e-7)
    harness.report("softmax", program)
    return ok


if __name__ == "__main__":
    harness.finish(main())
