#!/usr/bin/env python3
"""Single-step decode attention: out = softmax(q k^T / sqrt(d)) v for one
new token per (batch, head) against a KV cache of 128 positions (k passed
pre-transposed). 4 batches x 8 heads = 32 independent tasks.
"""

import math

import numpy as np

from pto_wsp import (DispatchPolicy, DType, In, Out, P, Dense, Scalar, Tensor, Tile, kernel, pto,
                     workload)

import harness

D, KV = 64, 128
F32 = DType.F32


@kernel
def decode_attention(q: In[Tile[1, D, F32]], k_t: In[Tile[D, KV, F32]], v: In[Tile[KV, D, F32]],
                     out: Out[Tile[1, D, F32]], scale: Scalar[F32]):
    s = pto.muls(pto.matmul(q, k_t), scale)
    e = pto.exp(pto.sub(s, pto.rowmax(s)))
    pto.store(out, pto.matmul(pto.div(e, pto.rowsum(e)), v))


def main():
    rng = np.random.default_rng(6)
    q = rng.standard_normal((4, 8, 1, D)).astype(np.float32)
    k = rng.standard_normal((4, 8, KV, D)).astype(np.float32)
    v = rng.standard_normal((4, 8, KV, D)).astype(np.float32)
    Q, KT, V = Tensor(data=q), Tensor(data=np.ascontiguousarray(np.swapaxes(k, 2, 3))), Tensor(data=v)
    O = Tensor(shape=q.shape, dtype=F32)
    batch, heads = Dense[4](), Dense[8]()

    @workload
    def decode():
        for b, h in P(batch, heads):
            decode_attention[b, h](Q[b, h], KT[b, h], V[b, h], O[b, h], 1.0 / math.sqrt(D))

    program = harness.compile(decode().dispatch(DispatchPolicy.round_robin(harness.SCHEDULERS)))
    harness.run(program)

    s = q.astype(np.float64) @ np.swapaxes(k, 2, 3) / math.sqrt(D)
    e = np.exp(s - s.max(-1, keepdims=True))
    ref = (e / e.sum(-1, keepdims=True)) @ v
    ok = harness.check("decode_attention", O.data, ref, rtol=1e-4, atol=1e-4)
    harness.report("decode_attention", program)
    return ok


if __name__ == "__main__":
    harness.finish(main())
