#!/usr/bin/env python3
"""RMSNorm, the flagship example: y = x / sqrt(mean(x^2, axis=-1) + eps).

8 batches x 32 row tiles of 16x128 f32 (256 independent tasks), dispatched
round-robin over the 4 AICPU schedulers with a task window of 8192.

    PYTHONPATH=build/python_packages /usr/bin/python3 examples/python/rmsnorm.py
"""

import numpy as np

from pto_wsp import (DispatchPolicy, DType, In, Out, P, Dense, TaskWindow, Tensor,
                     Tile, WindowMode, kernel, pto, workload)

import harness

EPS = 1e-6


@kernel
def rmsnorm_tile(x: In[Tile[16, 128, DType.F32]], out: Out[Tile[16, 128, DType.F32]]):
    mean_sq = pto.rowmean(pto.mul(x, x))
    pto.store(out, pto.mul(x, pto.rsqrt(pto.add(mean_sq, EPS))))


def main():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((8, 32, 16, 128)).astype(np.float32)
    X = Tensor(data=x)
    Y = Tensor(data=np.zeros_like(x))
    batch, tiles = Dense[8](), Dense[32]()

    @workload
    def rmsnorm():
        for b in P(batch):
            for t in P(tiles):
                rmsnorm_tile[b, t](x=X[b][t], out=Y[b][t])

    program = harness.compile(rmsnorm()
                              .dispatch(DispatchPolicy.round_robin(harness.SCHEDULERS))
                              .task_graph(window=TaskWindow(8192, "tasks", WindowMode.STALL)))
    harness.run(program)

    x64 = x.astype(np.float64)
    ref = x64 / np.sqrt((x64 * x64).mean(-1, keepdims=True) + EPS)
    ok = harness.check("rmsnorm", Y.data, ref, rtol=1e-5, atol=1e-5)
    harness.report("rmsnorm", program)
    return ok


if __name__ == "__main__":
    harness.finish(main())
