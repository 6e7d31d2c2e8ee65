// RUN: not pto-wsp-translate --cpu-sim --arch=does-not-exist %s 2>&1 | FileCheck %s --check-prefix=ARCH
// RUN: not pto-wsp-translate --cpu-sim %s --arch=%S/../../Dialect/Tile/Inputs/round-numbers.json 2>&1 | FileCheck %s --check-prefix=FIT

// ARCH: unknown architecture 'does-not-exist'
// FIT: error: 'tile.load' op does not fit: kernel @big needs 131072 bytes of ub here, the architecture 'round-numbers' has 16384
tile.kernel @big(%x: !tile.view<128x256xf32, in>, %y: !tile.view<128x256xf32, out>) {
  %t = tile.load %x : !tile.view<128x256xf32, in> -> !tile.tile<128x256xf32>
  %e = tile.exp %t : !tile.tile<128x256xf32>
  tile.store %e, %y : !tile.tile<128x256xf32>, !tile.view<128x256xf32, out>
}
