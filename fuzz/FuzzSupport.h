//===- FuzzSupport.h - what every MLIR fuzz target shares -------*- C++ -*-===//
//
// Sanitizer settings for a build whose own code is instrumented while the
// libMLIR.so it links is not.
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_FUZZ_FUZZSUPPORT_H
#define PTOWSP_FUZZ_FUZZSUPPORT_H

/// llvm::BumpPtrAllocator poisons each new slab for ASan and unpoisons what it
/// hands out, but only where it is compiled with ASan. Its inline code in the
/// project's (instrumented) translation units poisons slabs of MLIR's
/// allocators that the (uninstrumented) libMLIR.so then hands out without
/// unpoisoning: every later access is a false "use-after-poison". Turning off
/// manual poisoning removes those; ASan still checks every heap allocation.
extern "C" const char *__asan_default_options() {
  return "allow_user_poisoning=0";
}

#endif // PTOWSP_FUZZ_FUZZSUPPORT_H
