//===- experimental/xrt_xclbin.h - PTO-WSP XRT stub ------------*- C++ -*-===//
//
// Older XRT spelling of the xclbin header's path. Included by a relative path
// so that it cannot resolve to itself whatever the include path.
//
//===----------------------------------------------------------------------===//

#include "../xrt/experimental/xrt_xclbin.h"
