// RUN: not pto-wsp-opt %s -tile-plan-buffers=arch=no-such-arch 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// RUN: not pto-wsp-opt %s -tile-estimate-cycles=arch=%S/Inputs/broken-arch.json 2>&1 | FileCheck %s --check-prefix=BROKEN

// UNKNOWN: error: unknown architecture 'no-such-arch'
// BROKEN: error: {{.*}}broken-arch.json: missing object 'cores'
module {
}
