#!/usr/bin/env python3
"""A CSP load -> compute -> store pipeline: Y[t] = X[t] * X[t] for 32 tiles
of 64x64 f32. `loader` sends each tile index after copying it into a staging
tensor, two `computer` replicas square the tiles they receive, `storer`
copies results out. Channels of depth 2 bound how far each stage runs ahead.
"""

import numpy as np

from pto_wsp import (Channel, DType, In, Out, P, Dense, Tensor, Tile, consume, connect, kernel,
                     process, pto, replicate, send, workload)

import harness

# An AIE compute tile has 64 KiB of data memory: the loader's two depth-2
# channels of 64x64 f32 tiles (64 KiB) do not fit, 32x32 tiles do.
T = 32 if harness.TARGET == "aie" else 64
F32 = DType.F32


@kernel
def copy_tile(x: In[Tile[T, T, F32]], y: Out[Tile[T, T, F32]]):
    pto.store(y, x)


@kernel
def square_tile(x: In[Tile[T, T, F32]], y: Out[Tile[T, T, F32]]):
    pto.store(y, pto.mul(x, x))


def main(channel_latency=None):
    rng = np.random.default_rng(7)
    x = rng.standard_normal((32, T, T)).astype(np.float32)
    X = Tensor(data=x)
    Staged, Squared, Y = (Tensor(shape=x.shape, dtype=F32) for _ in range(3))
    tiles = Dense[32]()

    @workload
    def pipeline():
        l2c, c2s = Channel("l2c", depth=2), Channel("c2s", depth=2)

        def load():
            for t in P.seq(tiles):
                send(l2c, copy_tile[t](x=X[t], y=Staged[t]))

        def compute():
            for t in consume(l2c):
                send(c2s, square_tile[t](x=Staged[t], y=Squared[t]))

        def store():
            consume(c2s, lambda t: copy_tile[t](x=Squared[t], y=Y[t]))

        loader = process("loader").produces(l2c).body(load)
        computer = replicate(process("computer").consumes(l2c).produces(c2s).body(compute), 2)
        storer = process("storer").consumes(c2s).body(store)
        connect([loader, computer, storer], [l2c, c2s])

    program = harness.compile(pipeline())
    if harness.TARGET == "aie":
        # Processes on cores, channels as object FIFOs (see docs/targets/aie.md).
        harness.run(program)
    else:
        program.execute(channel_latency=channel_latency)
        program.synchronize()

    ok = harness.check("csp_pipeline", Y.data, x.astype(np.float64) ** 2, rtol=1e-6, atol=1e-6)
    harness.report("csp_pipeline", program)
    if harness.TARGET == "aie":
        return ok
    for p in program.stats.processes:
        print(f"csp_pipeline: process {p['name']}: tasks={p['tasks']} sent={p['sends']} "
              f"received={p['receives']} end_cycle={p['end_cycle']}")
    return ok


if __name__ == "__main__":
    harness.finish(main())
