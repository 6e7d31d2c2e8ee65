#!/usr/bin/env python3
"""A toy LLaMA block per 16-row tile (no RoPE, one head):
  attn = softmax(x x^T / sqrt(d)) x;  res1 = x + attn
  xn   = res1 / sqrt(mean(res1^2) + eps)
  mlp  = relu(xn @ W1) @ W2;          out = res1 + mlp
Five data-dependent kernels in one loop body over 16 tiles (80 tasks);
their order comes from the intermediate tensors they write and read.
"""

import math

import numpy as np

from pto_wsp import DispatchPolicy, DType, In, Out, P, Dense, Tensor, Tile, kernel, pto, workload

import harness

T, D, H, EPS = 16, 64, 128, 1e-6
F32 = DType.F32


@kernel
def attn_tile(x: In[Tile[T, D, F32]], out: Out[Tile[T, D, F32]]):
    s = pto.muls(pto.matmul(x, pto.transpose(x)), 1.0 / math.sqrt(D))
    e = pto.exp(pto.sub(s, pto.rowmax(s)))
    pto.store(out, pto.matmul(pto.div(e, pto.rowsum(e)), x))


@kernel
def add_tile(a: In[Tile[T, D, F32]], b: In[Tile[T, D, F32]], out: Out[Tile[T, D, F32]]):
    pto.store(out, a + b)


@kernel
def rmsnorm_tile(x: In[Tile[T, D, F32]], out: Out[Tile[T, D, F32]]):
    pto.store(out, pto.mul(x, pto.rsqrt(pto.adds(pto.rowmean(pto.mul(x, x)), EPS))))


@kernel
def mlp_tile(x: In[Tile[T, D, F32]], w1: In[Tile[D, H, F32]], w2: In[Tile[H, D, F32]],
             out: Out[Tile[T, D, F32]]):
    pto.store(out, pto.matmul(pto.relu(pto.matmul(x, w1)), w2))


def main():
    rng = np.random.default_rng(4)
    seq = 256
    x = rng.standard_normal((seq, D)).astype(np.float32)
    w1 = (rng.standard_normal((D, H)) / math.sqrt(D)).astype(np.float32)
    w2 = (rng.standard_normal((H, D)) / math.sqrt(H)).astype(np.float32)
    X, W1, W2 = Tensor(data=x), Tensor(data=w1), Tensor(data=w2)
    Attn, Res1, Xn, Mlp, Out_ = (Tensor(shape=(seq, D), dtype=F32) for _ in range(5))
    tiles = Dense[seq // T]()

    @workload
    def llama_block():
        for s in P(tiles):
            rows = slice(s * T, s * T + T)
            attn_tile[s](x=X[rows], out=Attn[rows])
            add_tile[s](a=X[rows], b=Attn[rows], out=Res1[rows])
            rmsnorm_tile[s](x=Res1[rows], out=Xn[rows])
            mlp_tile[s](x=Xn[rows], w1=W1, w2=W2, out=Mlp[rows])
            add_tile[s](a=Res1[rows], b=Mlp[rows], out=Out_[rows])

    program = harness.compile(llama_block().dispatch(DispatchPolicy.round_robin(harness.SCHEDULERS)))
    harness.run(program)

    xt = x.astype(np.float64).reshape(-1, T, D)
    s = xt @ np.swapaxes(xt, 1, 2) / math.sqrt(D)
    e = np.exp(s - s.max(-1, keepdims=True))
    res1 = xt + (e / e.sum(-1, keepdims=True)) @ xt
    xn = res1 / np.sqrt((res1 ** 2).mean(-1, keepdims=True) + EPS)
    ref = (res1 + np.maximum(xn @ w1, 0) @ w2).reshape(seq, D)
    ok = harness.check("llama", Out_.data, ref, rtol=1e-4, atol=1e-4)
    harness.report("llama", program)
    return ok


if __name__ == "__main__":
    harness.finish(main())
