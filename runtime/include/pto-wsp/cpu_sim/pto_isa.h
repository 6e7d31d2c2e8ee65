//===- pto-wsp/cpu_sim/pto_isa.h - CPU implementation of PTO-ISA ---------===//
//
// Part of PTO-WSP. Header-only, C++17.
//
// A CPU implementation of the subset of the PTO-ISA tile instruction set
// (Huawei Ascend A2/A3) that PTO-WSP's code generators emit. Kernels lowered
// for the cpu_sim target, and kernels emitted for the Ascend target, are
// compiled against this header and run on the host, so this file is the
// numerical reference of the whole project. Hence:
//
//  * Results are deterministic: 16-bit floats are converted bit-exactly by
//    float16.h (not by compiler or CPU support), every reduction and every
//    matmul element accumulates in a fixed order whatever the blocking or
//    vector width, and float->int rounding does not read the floating-point
//    environment. The default environment is assumed (round to nearest even,
//    no flush-to-zero); with the default x86-64 flags (no FMA contraction)
//    GCC and Clang builds agree bit for bit.
//  * Every op is a template over pto::Tile, with static_asserts on element
//    types and shapes, so a code-generator bug is a compile error that names
//    the op rather than a wrong answer.
//  * Ops are tight loops over contiguous rows with no allocation (after a
//    thread's first matmul on 16-bit inputs) and no virtual dispatch; 16-bit
//    types are computed in float and rounded once. Loops are shaped so that
//    GCC and Clang vectorise them at -O2, the level generated code is built
//    with (see storeRow and kernel4x8).
//
// Valid regions. Each tile carries a dynamic valid region. Unless an op says
// otherwise it reads only inside its sources' valid regions, writes only
// inside the region it computes, sets dst's valid region to that region, and
// leaves dst elements outside it untouched. Exceptions: TLOAD zero-fills the
// rest of the tile (so that padded rows/columns are benign in later matmuls
// and reductions) and TEXPANDS / TCI fill the whole tile.
//
// Aliasing. dst may be the same tile as a source of an elementwise op (e.g.
// TADD(x, x, y)); TMATMUL_ACC's dst may be its acc. Otherwise tiles passed to
// one op must not overlap, as on hardware.
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_CPU_SIM_PTO_ISA_H
#define PTOWSP_CPU_SIM_PTO_ISA_H

// The op families, one header each; all share pto_isa_detail.h.
#include "pto-wsp/cpu_sim/pto_isa_memory.h"
#include "pto-wsp/cpu_sim/pto_isa_elementwise.h"
#include "pto-wsp/cpu_sim/pto_isa_reduce.h"
#include "pto-wsp/cpu_sim/pto_isa_matmul.h"
#include "pto-wsp/cpu_sim/pto_isa_convert.h"
#include "pto-wsp/cpu_sim/pto_isa_layout.h"

#undef PTO_CHUNK_LOOP

#endif // PTOWSP_CPU_SIM_PTO_ISA_H
