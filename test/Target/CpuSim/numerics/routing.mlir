// RUN: pto-wsp-translate --cpu-sim %s -o %t.cpp
// RUN: %host_cxx -shared -fPIC %t.cpp -o %t.so
//
// randint inputs (0..9) have many ties: equal values must keep ascending
// column order, as NumPy's stable argsort of the negated row does.
// RUN: %run_kernel %t.so sort32 x:in:f32:4x64:randint v:out:f32:4x64 i:out:i32:4x64 \
// RUN:   --rtol 0 --atol 0 \
// RUN:   --ref 'i = np.concatenate([np.argsort(-x[:, b:b + 32], axis=1, kind="stable") + b for b in (0, 32)], axis=1); \
// RUN:          v = np.take_along_axis(x, i, axis=1)' \
// RUN:   | FileCheck %s --check-prefix=SORT
// RUN: %run_kernel %t.so sort32 x:in:f32:4x64:randn v:out:f32:4x64 i:out:i32:4x64 \
// RUN:   --rtol 0 --atol 0 \
// RUN:   --ref 'i = np.concatenate([np.argsort(-x[:, b:b + 32], axis=1, kind="stable") + b for b in (0, 32)], axis=1); \
// RUN:          v = np.take_along_axis(x, i, axis=1)' \
// RUN:   | FileCheck %s --check-prefix=SORT
// RUN: %run_kernel %t.so topk8 x:in:f32:4x64:randint v:out:f32:4x8 i:out:i32:4x8 \
// RUN:   --rtol 0 --atol 0 \
// RUN:   --ref 'i = np.argsort(-x, axis=1, kind="stable")[:, :8]; v = np.take_along_axis(x, i, axis=1)' \
// RUN:   | FileCheck %s --check-prefix=TOPK
// RUN: %run_kernel %t.so topk_f16 x:in:f16:16x128:randn v:out:f16:16x4 i:out:i32:16x4 \
// RUN:   --rtol 0 --atol 0 \
// RUN:   --ref 'i = np.argsort(-x, axis=1, kind="stable")[:, :4]; v = np.take_along_axis(x, i, axis=1)' \
// RUN:   | FileCheck %s --check-prefix=TOPK16
// RUN: %run_kernel %t.so topk_all x:in:f32:1x32:randint v:out:f32:1x32 i:out:i32:1x32 \
// RUN:   --rtol 0 --atol 0 \
// RUN:   --ref 'i = np.argsort(-x, axis=1, kind="stable"); v = np.take_along_axis(x, i, axis=1)' \
// RUN:   | FileCheck %s --check-prefix=TOPKALL
// RUN: %run_kernel %t.so router logits:in:f32:8x64:randn w:out:f32:8x2 e:out:i32:8x2 \
// RUN:   --rtol 1e-5 --atol 1e-6 \
// RUN:   --ref 'p = np.exp(logits - logits.max(1, keepdims=True)); p = p / p.sum(1, keepdims=True); \
// RUN:          e = np.argsort(-p, axis=1, kind="stable")[:, :2]; w = np.take_along_axis(p, e, axis=1)' \
// RUN:   | FileCheck %s --check-prefix=ROUTER

// tile.sort32 (per 32-column block, descending) and tile.topk, indices
// stored through i32 views.

// SORT: PASS sort32
tile.kernel @sort32(%x: !tile.view<4x64xf32, in>, %v: !tile.view<4x64xf32, out>,
                    %i: !tile.view<4x64xi32, out>) {
  %t = tile.load %x : !tile.view<4x64xf32, in> -> !tile.tile<4x64xf32>
  %sv, %si = tile.sort32 %t : !tile.tile<4x64xf32> -> !tile.tile<4x64xf32>, !tile.tile<4x64xi32>
  tile.store %sv, %v : !tile.tile<4x64xf32>, !tile.view<4x64xf32, out>
  tile.store %si, %i : !tile.tile<4x64xi32>, !tile.view<4x64xi32, out>
}

// TOPK: PASS topk8
tile.kernel @topk8(%x: !tile.view<4x64xf32, in>, %v: !tile.view<4x8xf32, out>,
                   %i: !tile.view<4x8xi32, out>) {
  %t = tile.load %x : !tile.view<4x64xf32, in> -> !tile.tile<4x64xf32>
  %tv, %ti = tile.topk %t : !tile.tile<4x64xf32> -> !tile.tile<4x8xf32>, !tile.tile<4x8xi32>
  tile.store %tv, %v : !tile.tile<4x8xf32>, !tile.view<4x8xf32, out>
  tile.store %ti, %i : !tile.tile<4x8xi32>, !tile.view<4x8xi32, out>
}

// TOPK16: PASS topk_f16
tile.kernel @topk_f16(%x: !tile.view<16x128xf16, in>, %v: !tile.view<16x4xf16, out>,
                      %i: !tile.view<16x4xi32, out>) {
  %t = tile.load %x : !tile.view<16x128xf16, in> -> !tile.tile<16x128xf16>
  %tv, %ti = tile.topk %t : !tile.tile<16x128xf16> -> !tile.tile<16x4xf16>, !tile.tile<16x4xi32>
  tile.store %tv, %v : !tile.tile<16x4xf16>, !tile.view<16x4xf16, out>
  tile.store %ti, %i : !tile.tile<16x4xi32>, !tile.view<16x4xi32, out>
}

// k equal to the row length: a full stable sort.
// TOPKALL: PASS topk_all
tile.kernel @topk_all(%x: !tile.view<1x32xf32, in>, %v: !tile.view<1x32xf32, out>,
                      %i: !tile.view<1x32xi32, out>) {
  %t = tile.load %x : !tile.view<1x32xf32, in> -> !tile.tile<1x32xf32>
  %tv, %ti = tile.topk %t : !tile.tile<1x32xf32> -> !tile.tile<1x32xf32>, !tile.tile<1x32xi32>
  tile.store %tv, %v : !tile.tile<1x32xf32>, !tile.view<1x32xf32, out>
  tile.store %ti, %i : !tile.tile<1x32xi32>, !tile.view<1x32xi32, out>
}

// MoE gating: softmax over 64 experts, then the top 2 weights and experts.
// ROUTER: PASS router
tile.kernel @router(%logits: !tile.view<8x64xf32, in>, %w: !tile.view<8x2xf32, out>,
                    %e: !tile.view<8x2xi32, out>) {
  %t = tile.load %logits : !tile.view<8x64xf32, in> -> !tile.tile<8x64xf32>
  %m = tile.rowmax %t : !tile.tile<8x64xf32> -> !tile.tile<8x1xf32>
  %s = tile.sub %t, %m : !tile.tile<8x64xf32>, !tile.tile<8x1xf32> -> !tile.tile<8x64xf32>
  %x = tile.exp %s : !tile.tile<8x64xf32>
  %l = tile.rowsum %x : !tile.tile<8x64xf32> -> !tile.tile<8x1xf32>
  %p = tile.div %x, %l : !tile.tile<8x64xf32>, !tile.tile<8x1xf32> -> !tile.tile<8x64xf32>
  %tv, %ti = tile.topk %p : !tile.tile<8x64xf32> -> !tile.tile<8x2xf32>, !tile.tile<8x2xi32>
  tile.store %tv, %w : !tile.tile<8x2xf32>, !tile.view<8x2xf32, out>
  tile.store %ti, %e : !tile.tile<8x2xi32>, !tile.view<8x2xi32, out>
}
