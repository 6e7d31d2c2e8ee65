//===- Runner.h - compile, load and run cpu_sim programs ----------*- C++ -*-===//
//
// What a runner of generated cpu_sim code needs, shared by pto-wsp-run and
// the Python bindings: compiling the C++ translation unit into a shared
// library (cached by content), loading it, and reading and writing NumPy
// .npy files. Running a graph of a loaded library: Graph.h.
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_TARGET_CPUSIM_RUNNER_H
#define PTOWSP_TARGET_CPUSIM_RUNNER_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ptowsp::cpusim {

struct CompileOptions {
  /// The host C++ compiler.
  std::string compiler = "clang++-22";
  /// Where compiled libraries are kept, keyed by a hash of the source and
  /// the flags; created if missing.
  std::string cacheDir;
  /// -I for the runtime headers and -L/-rpath for libptowsp_runtime.so.
  std::string runtimeIncludeDir;
  std::string runtimeLibraryDir;
  std::string optimization = "-O2";
  /// Further compiler flags; the defaults are this build's sanitizer flags
  /// (none unless it was configured with PTOWSP_SANITIZE).
  std::vector<std::string> extraFlags;
};

struct CompiledLibrary {
  std::string path;
  /// True when the library came from the cache (no compiler was run).
  bool cacheHit = false;
};

/// Compiles `source` into a shared library (or finds it in the cache).
/// Compiler errors are returned with the compiler's output.
llvm::Expected<CompiledLibrary> compileSharedLibrary(llvm::StringRef source,
                                                     const CompileOptions &options);

/// The defaults of this build: the source tree's runtime headers, the build
/// tree's runtime library and a cache under the system temp directory.
CompileOptions getDefaultCompileOptions();

/// A dlopen'ed library; closed on destruction.
class SharedLibrary {
public:
  static llvm::Expected<SharedLibrary> open(const std::string &path);
  SharedLibrary(SharedLibrary &&other) noexcept;
  SharedLibrary &operator=(SharedLibrary &&other) = delete;
  ~SharedLibrary();
  /// The address of `symbol`, or an error naming it and the library.
  llvm::Expected<void *> lookup(llvm::StringRef symbol) const;

private:
  SharedLibrary(void *handle, std::string path)
      : handle(handle), path(std::move(path)) {}
  void *handle;
  std::string path;
};

/// A dense row-major array as stored in an .npy file. `dtype` is NumPy's
/// little-endian code without the byte-order mark: "f4", "f2", "i4", ...
struct NpyArray {
  std::string dtype;
  std::vector<int64_t> shape;
  std::vector<char> data;
  int64_t getNumElements() const;
  int64_t getElementBytes() const;
};

llvm::Expected<NpyArray> readNpy(const std::string &path);
llvm::Error writeNpy(const std::string &path, const NpyArray &array);

} // namespace ptowsp::cpusim

#endif // PTOWSP_TARGET_CPUSIM_RUNNER_H
