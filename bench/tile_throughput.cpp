//===- tile_throughput.cpp - cpu_sim PTO-ISA throughput vs named peers ----===//
//
// Part of PTO-WSP.
//
// Measures the CPU implementation of PTO-ISA (runtime/include/pto-wsp/
// cpu_sim/pto_isa.h) against named peers in the same run, on one thread:
//
//  (a) f32 TMATMUL on M=N=K tiles vs OpenBLAS cblas_sgemm (pinned to one
//      thread, same shapes and data): GFLOP/s of each and the ratio.
//  (b) TADD on UB-resident tiles vs memcpy of the same tile bytes:
//      bandwidth of bytes touched (3x tile bytes for an add: two reads and a
//      write; 2x for memcpy) and the ratio.
//
// Each figure is the best of kRepeats measurements of at least kMinSeconds
// each (std::chrono::steady_clock). Results feed a checksum that is printed,
// and an optimisation barrier after every call keeps the work observable.
//
//===----------------------------------------------------------------------===//

#include "pto-wsp/cpu_sim/pto_isa.h"

#include <cblas.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <random>
#include <vector>

using namespace pto;

namespace {

constexpr double kMinSeconds = 0.2;
constexpr int kRepeats = 3;

/// Tells the compiler that memory behind `p` may be read or written here, so
/// repeated identical calls cannot be merged or dropped.
inline void escape(const void *p) {
#if defined(__GNUC__) || defined(__clang__)
  asm volatile("" : : "r"(p) : "memory");
#else
  (void)p;
#endif
}

/// Seconds per call of `fn`: best of kRepeats runs of >= kMinSeconds each,
/// with the iteration count calibrated by doubling.
template <typename Fn> double secondsPerCall(Fn fn) {
  using Clock = std::chrono::steady_clock;
  fn(); // warm caches and lazy allocations (arena, scratch buffers)
  long iters = 1;
  for (;;) {
    const auto t0 = Clock::now();
    for (long i = 0; i < iters; ++i)
      fn();
    const double s = std::chrono::duration<double>(Clock::now() - t0).count();
    if (s >= kMinSeconds / 4)
      break;
    iters *= 2;
  }
  double best = 1e300;
  for (int rep = 0; rep < kRepeats; ++rep) {
    long done = 0;
    const auto t0 = Clock::now();
    double s = 0;
    do {
      for (long i = 0; i < iters; ++i)
        fn();
      done += iters;
      s = std::chrono::duration<double>(Clock::now() - t0).count();
    } while (s < kMinSeconds);
    best = std::min(best, s / static_cast<double>(done));
  }
  return best;
}

double checksum(const float *p, int64_t n) {
  double s = 0;
  for (int64_t i = 0; i < n; ++i)
    s += p[i];
  return s;
}

template <typename TileT> void fillTile(TileT &t, std::mt19937 &rng) {
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  for (int64_t i = 0; i < TileT::kNumel; ++i)
    t.data[i] = static_cast<typename TileT::Element>(dist(rng));
}

double grandChecksum = 0;

//===----------------------------------------------------------------------===//
// (a) matmul
//===----------------------------------------------------------------------===//

/// A in L0A, B in L0B, C in L0C, as the cube unit would hold them.
template <int S> void benchMatmul(std::mt19937 &rng) {
  using TA = Tile<float, S, S>;
  static_assert(TA::kBytes <= space_capacity(Space::L0A), "A must fit L0A");
  TA a = alloc_tile<TA>(Space::L0A, 0);
  TA b = alloc_tile<TA>(Space::L0B, 0);
  TA c = alloc_tile<TA>(Space::L0C, 0);
  fillTile(a, rng);
  fillTile(b, rng);

  // BLAS works on its own copies in ordinary heap memory.
  std::vector<float> A(a.data, a.data + TA::kNumel),
      B(b.data, b.data + TA::kNumel), C(TA::kNumel);
  auto blas = [&] {
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, S, S, S, 1.0f,
                A.data(), S, B.data(), S, 0.0f, C.data(), S);
    escape(C.data());
  };
  auto tile = [&] {
    TMATMUL(c, a, b);
    escape(c.data);
  };

  // Same answer first, else the comparison means nothing.
  blas();
  tile();
  double maxDiff = 0;
  for (int64_t i = 0; i < TA::kNumel; ++i)
    maxDiff =
        std::max(maxDiff, static_cast<double>(std::fabs(C[i] - c.data[i])));

  const double flops = 2.0 * S * S * S;
  const double tTile = secondsPerCall(tile);
  const double tBlas = secondsPerCall(blas);
  const double gTile = flops / tTile * 1e-9, gBlas = flops / tBlas * 1e-9;
  grandChecksum +=
      checksum(c.data, TA::kNumel) + checksum(C.data(), TA::kNumel);
  std::printf("  %3dx%3dx%3d   %10.2f   %12.2f   %8.3f   %9.2e\n", S, S, S,
              gTile, gBlas, gTile / gBlas, maxDiff);
}

//===----------------------------------------------------------------------===//
// (b) elementwise add vs memcpy
//===----------------------------------------------------------------------===//

/// Three R x C tiles back to back in UB: dst = a + b, then the same bytes
/// copied tile to tile with memcpy.
template <typename T, int R, int C>
void benchAdd(const char *dtype, std::mt19937 &rng) {
  using TT = Tile<T, R, C>;
  if constexpr (3 * TT::kBytes > space_capacity(Space::UB)) {
    std::printf("  %-5s %3dx%-4d   (skipped: three %lld KiB tiles exceed the "
                "%lld KiB UB)\n",
                dtype, R, C, static_cast<long long>(TT::kBytes / 1024),
                static_cast<long long>(space_capacity(Space::UB) / 1024));
    (void)rng;
  } else {
    TT a = alloc_tile<TT>(Space::UB, 0);
    TT b = alloc_tile<TT>(Space::UB, TT::kBytes);
    TT d = alloc_tile<TT>(Space::UB, 2 * TT::kBytes);
    fillTile(a, rng);
    fillTile(b, rng);
    auto add = [&] {
      TADD(d, a, b);
      escape(d.data);
    };
    auto copy = [&] {
      std::memcpy(d.data, a.data, TT::kBytes);
      escape(d.data);
    };
    const double tAdd = secondsPerCall(add);
    add();
    double sum = 0;
    for (int64_t i = 0; i < TT::kNumel; ++i)
      sum += static_cast<float>(d.data[i]);
    const double tCopy = secondsPerCall(copy);
    grandChecksum += sum + static_cast<float>(d.data[TT::kNumel - 1]);
    const double gbAdd = 3.0 * TT::kBytes / tAdd * 1e-9;
    const double gbCopy = 2.0 * TT::kBytes / tCopy * 1e-9;
    std::printf("  %-5s %3dx%-4d  %8lld   %9.2f   %10.2f   %8.3f   %8.1f\n",
                dtype, R, C, static_cast<long long>(TT::kBytes), gbAdd, gbCopy,
                gbAdd / gbCopy, tAdd * 1e9);
  }
}

} // namespace

int main() {
  // One host thread runs one kernel; compare with single-threaded BLAS.
  openblas_set_num_threads(1);
  std::mt19937 rng(2024);

  std::printf("PTO-WSP cpu_sim tile throughput (single thread)\n");
#if defined(__clang__)
  const char *compiler = "Clang " __clang_version__;
#elif defined(__GNUC__)
  const char *compiler = "GCC " __VERSION__;
#else
  const char *compiler = "unknown compiler";
#endif
#ifdef __OPTIMIZE__
  const char *optimised = "";
#else
  const char *optimised = "  WARNING: built without optimisation";
#endif
  std::printf("compiler: %s%s\n", compiler, optimised);
  std::printf("peer: %s (core %s), 1 thread\n", openblas_get_config(),
              openblas_get_corename());
  std::printf("each figure: best of %d runs of >= %.1f s\n\n", kRepeats,
              kMinSeconds);

  std::printf("(a) f32 matmul C = A @ B, M = N = K\n");
  std::printf("  shape          TMATMUL   cblas_sgemm    ratio    max|diff|\n");
  std::printf("                 GFLOP/s       GFLOP/s   tile/BLAS\n");
  benchMatmul<16>(rng);
  benchMatmul<64>(rng);
  benchMatmul<128>(rng);

  std::printf("\n(b) TADD vs memcpy on UB tiles (GB/s of bytes touched: add "
              "3x, memcpy 2x)\n");
  std::printf("  dtype shape    tile bytes    TADD GB/s  memcpy GB/s  ratio   "
              "ns/TADD\n");
  benchAdd<float, 64, 128>("f32", rng);
  benchAdd<float, 128, 256>("f32", rng);
  benchAdd<half, 64, 128>("f16", rng);
  benchAdd<half, 128, 256>("f16", rng);

  std::printf("\nchecksum: %.6e\n", grandChecksum);
  return 0;
}
