#!/usr/bin/env python3
"""Batched GEMM with f16 inputs and f32 accumulation: C[b] = A[b] @ B[b].

4 batches of 256x256x256 in 64x64 tiles: P(batch, m, n) x P.seq(k), each
task accumulating into its C tile with pto.matmul(acc=...) — 64 independent
chains of 4 tasks ordered through the C tile they share. B is passed as a
transposed (non-contiguous) NumPy view; the program binds a contiguous copy.
"""

import numpy as np

from pto_wsp import DispatchPolicy, DType, In, InOut, P, Dense, Tensor, Tile, kernel, pto, workload

import harness

N, TILE = 256, 64


@kernel
def gemm_tile(a: In[Tile[TILE, TILE, DType.F16]], b: In[Tile[TILE, TILE, DType.F16]],
              c: InOut[Tile[TILE, TILE, DType.F32]]):
    pto.store(c, pto.matmul(a, b, acc=c))


def main():
    rng = np.random.default_rng(3)
    a = rng.standard_normal((4, N, N)).astype(np.float16)
    b_transposed = rng.standard_normal((4, N, N)).astype(np.float16)
    b = np.swapaxes(b_transposed, 1, 2)          # a non-contiguous view
    A, B = Tensor(data=a), Tensor(data=b)
    C = Tensor(data=np.zeros((4, N, N), np.float32))
    batch = Dense[4]()
    tiles = Dense[N // TILE]()

    @workload
    def bgemm():
        for i, m, n in P(batch, tiles, tiles):
            for k in P.seq(tiles):
                gemm_tile[i, m, n, k](a=A[i, m * TILE:(m + 1) * TILE, k * TILE:(k + 1) * TILE],
                                      b=B[i, k * TILE:(k + 1) * TILE, n * TILE:(n + 1) * TILE],
                                      c=C[i, m * TILE:(m + 1) * TILE, n * TILE:(n + 1) * TILE])

    program = harness.compile(bgemm().dispatch(DispatchPolicy.round_robin(harness.SCHEDULERS)))
    harness.run(program)

    ref = a.astype(np.float32) @ b.astype(np.float32)
    ok = harness.check("bgemm", C.data, ref, rtol=1e-3, atol=1e-3)
    harness.report("bgemm", program)
    return ok


if __name__ == "__main__":
    harness.finish(main())
