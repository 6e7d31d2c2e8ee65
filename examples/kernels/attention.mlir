// The flagship kernel example: one tile of softmax attention and an RMSNorm,
// written directly in the tile dialect. examples/kernels/run_demo.sh lowers
// them for cpu_sim, runs them and checks them against NumPy.

// out = softmax(q k^T / sqrt(d)) v for a 16-row query tile, d = 64, 64 keys.
// kt holds k transposed (d x keys), as the cube unit wants its right operand.
tile.kernel @attention_tile(%q: !tile.view<16x64xf16, in>,
                            %kt: !tile.view<64x64xf16, in>,
                            %v: !tile.view<64x64xf16, in>,
                            %out: !tile.view<16x64xf32, out>,
                            %scale: f32) {
  %tq = tile.load %q : !tile.view<16x64xf16, in> -> !tile.tile<16x64xf16>
  %tk = tile.load %kt : !tile.view<64x64xf16, in> -> !tile.tile<64x64xf16>
  %tv = tile.load %v : !tile.view<64x64xf16, in> -> !tile.tile<64x64xf16>
  %s = tile.matmul %tq, %tk : !tile.tile<16x64xf16>, !tile.tile<64x64xf16> -> !tile.tile<16x64xf32>
  %scaled = tile.muls %s, %scale : !tile.tile<16x64xf32>, f32
  %m = tile.rowmax %scaled : !tile.tile<16x64xf32> -> !tile.tile<16x1xf32>
  %shifted = tile.sub %scaled, %m : !tile.tile<16x64xf32>, !tile.tile<16x1xf32> -> !tile.tile<16x64xf32>
  %e = tile.exp %shifted : !tile.tile<16x64xf32>
  %l = tile.rowsum %e : !tile.tile<16x64xf32> -> !tile.tile<16x1xf32>
  %p = tile.div %e, %l : !tile.tile<16x64xf32>, !tile.tile<16x1xf32> -> !tile.tile<16x64xf32>
  %ph = tile.cast %p : !tile.tile<16x64xf32> -> !tile.tile<16x64xf16>
  %o = tile.matmul %ph, %tv : !tile.tile<16x64xf16>, !tile.tile<64x64xf16> -> !tile.tile<16x64xf32>
  tile.store %o, %out : !tile.tile<16x64xf32>, !tile.view<16x64xf32, out>
}

// y = x / sqrt(mean(x^2, axis=-1) + eps) * gamma
tile.kernel @rmsnorm_tile(%x: !tile.view<16x128xf32, in>,
                          %gamma: !tile.view<1x128xf32, in>,
                          %y: !tile.view<16x128xf32, out>,
                          %eps: f32) {
  %t = tile.load %x : !tile.view<16x128xf32, in> -> !tile.tile<16x128xf32>
  %g = tile.load %gamma : !tile.view<1x128xf32, in> -> !tile.tile<1x128xf32>
  %sq = tile.mul %t, %t : !tile.tile<16x128xf32>, !tile.tile<16x128xf32> -> !tile.tile<16x128xf32>
  %ms = tile.rowmean %sq : !tile.tile<16x128xf32> -> !tile.tile<16x1xf32>
  %ms_eps = tile.adds %ms, %eps : !tile.tile<16x1xf32>, f32
  %r = tile.rsqrt %ms_eps : !tile.tile<16x1xf32>
  %n = tile.mul %t, %r : !tile.tile<16x128xf32>, !tile.tile<16x1xf32> -> !tile.tile<16x128xf32>
  %o = tile.mul %n, %g : !tile.tile<16x128xf32>, !tile.tile<1x128xf32> -> !tile.tile<16x128xf32>
  tile.store %o, %y : !tile.tile<16x128xf32>, !tile.view<16x128xf32, out>
}
