#!/usr/bin/env python3
"""A two-expert MoE mix per 16-row tile: e0 = x W0, e1 = x W1,
y = g * e0 + (1 - g) * e1 with a gate g per row. Two expert matmuls (cube)
per tile feed one mixing task (vector): 3 x 16 tasks.
"""

import numpy as np

from pto_wsp import DispatchPolicy, DType, In, Out, P, Dense, Tensor, Tile, kernel, pto, workload

import harness

T, D = 16, 64
F32 = DType.F32


@kernel
def expert_linear(x: In[Tile[T, D, F32]], w: In[Tile[D, D, F32]], out: Out[Tile[T, D, F32]]):
    pto.store(out, pto.matmul(x, w))


@kernel
def moe_mix(e0: In[Tile[T, D, F32]], e1: In[Tile[T, D, F32]], g: In[Tile[T, 1, F32]],
            out: Out[Tile[T, D, F32]]):
    g1 = pto.adds(pto.muls(g, -1.0), 1.0)               # 1 - g
    pto.store(out, pto.add(pto.mul(e0, g), pto.mul(e1, g1)))


def main():
    rng = np.random.default_rng(5)
    seq = 256
    x = rng.standard_normal((seq, D)).astype(np.float32)
    w0, w1 = (rng.standard_normal((D, D)).astype(np.float32) / 8 for _ in range(2))
    g = rng.random((seq, 1)).astype(np.float32)
    X, W0, W1, G = Tensor(data=x), Tensor(data=w0), Tensor(data=w1), Tensor(data=g)
    E0, E1, Y = (Tensor(shape=(seq, D), dtype=F32) for _ in range(3))
    tiles = Dense[seq // T]()

    @workload
    def moe():
        for s in P(tiles):
            rows = slice(s * T, s * T + T)
            expert_linear[s](x=X[rows], w=W0, out=E0[rows])
            expert_linear[s](x=X[rows], w=W1, out=E1[rows])
            moe_mix[s](e0=E0[rows], e1=E1[rows], g=G[rows], out=Y[rows])

    program = harness.compile(moe().dispatch(DispatchPolicy.round_robin(harness.SCHEDULERS)))
    harness.run(program)

    x64 = x.astype(np.float64)
    ref = g * (x64 @ w0) + (1 - g) * (x64 @ w1)
    ok = harness.check("moe", Y.data, ref, rtol=1e-4, atol=1e-4)
    harness.report("moe", program)
    return ok


if __name__ == "__main__":
    harness.finish(main())
