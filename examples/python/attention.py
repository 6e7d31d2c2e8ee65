#!/usr/bin/env python3
"""Per-tile attention: for each (batch, head, 16-row tile t)
O_t = softmax(Q_t K_t^T / sqrt(d)) V_t  (row softmax, no cross-tile mixing).

2 batches x 8 heads x 8 tiles of 16x64 f32 -> 128 independent tasks that
use the cube unit (two matmuls) and the vector unit (softmax).
"""

import math

import numpy as np

from pto_wsp import DispatchPolicy, DType, In, Out, P, Dense, Tensor, Tile, kernel, pto, workload

import harness

T, D = 16, 64
SCALE = 1.0 / math.sqrt(D)


@kernel
def attention_tile(q: In[Tile[T, D, DType.F32]], k: In[Tile[T, D, DType.F32]],
                   v: In[Tile[T, D, DType.F32]], out: Out[Tile[T, D, DType.F32]]):
    s = pto.muls(pto.matmul(q, pto.transpose(k)), SCALE)
    e = pto.exp(pto.sub(s, pto.rowmax(s)))
    p = pto.div(e, pto.rowsum(e))
    pto.store(out, pto.matmul(p, v))


def main():
    rng = np.random.default_rng(2)
    shape = (2, 8, 128, D)
    q, k, v = (rng.standard_normal(shape).astype(np.float32) for _ in range(3))
    Q, K, V = Tensor(data=q), Tensor(data=k), Tensor(data=v)
    O = Tensor(data=np.zeros(shape, np.float32))
    batch, heads, tiles = Dense[2](), Dense[8](), Dense[8]()

    @workload
    def attention():
        for b, h in P(batch, heads):
            for t in P(tiles):
                rows = slice(t * T, t * T + T)
                attention_tile[b, h, t](q=Q[b, h, rows], k=K[b, h, rows], v=V[b, h, rows],
                                        out=O[b, h, rows])

    program = harness.compile(attention().dispatch(DispatchPolicy.round_robin(harness.SCHEDULERS)))
    harness.run(program)

    qt = q.astype(np.float64).reshape(2, 8, 8, T, D)
    kt = k.astype(np.float64).reshape(2, 8, 8, T, D)
    vt = v.astype(np.float64).reshape(2, 8, 8, T, D)
    s = qt @ np.swapaxes(kt, -1, -2) * SCALE
    e = np.exp(s - s.max(-1, keepdims=True))
    ref = ((e / e.sum(-1, keepdims=True)) @ vt).reshape(shape)
    ok = harness.check("attention", O.data, ref, rtol=1e-4, atol=1e-4)
    harness.report("attention", program)
    return ok


if __name__ == "__main__":
    harness.finish(main())
