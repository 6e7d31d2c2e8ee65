"""Row kernels several test files share: `scale` (y = x * s) and `decay_add`
(acc = acc / 2 + x, whose result depends on the order of the updates), with
the NumPy reference `decayed_sum` for a sequence of `decay_add` updates."""

import numpy as np

from pto_wsp import DType, In, InOut, Out, Scalar, Tile, kernel, pto

F32 = DType.F32


@kernel
def scale(x: In[Tile[1, 8, F32]], y: Out[Tile[1, 8, F32]], s: Scalar[F32]):
    pto.store(y, pto.muls(x, s))


@kernel
def decay_add(acc: InOut[Tile[1, 8, F32]], x: In[Tile[1, 8, F32]]):
    pto.store(acc, pto.add(pto.muls(acc, 0.5), x))


def decayed_sum(vectors):
    acc = np.zeros_like(vectors[0], dtype=np.float64)
    for v in vectors:
        acc = acc * 0.5 + v
    return acc
