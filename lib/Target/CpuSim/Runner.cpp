//===- Runner.cpp - compile, load and run cpu_sim programs ----------------===//

#include "pto-wsp/Target/CpuSim/Runner.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/SHA256.h"
#include "llvm/Support/raw_ostream.h"

#include <dlfcn.h>

using namespace ptowsp::cpusim;
using llvm::Error;
using llvm::Expected;
using llvm::StringRef;

static Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

//===----------------------------------------------------------------------===//
// Compilation
//===----------------------------------------------------------------------===//

CompileOptions ptowsp::cpusim::getDefaultCompileOptions() {
  CompileOptions options;
  options.runtimeIncludeDir = PTOWSP_RUNTIME_INCLUDE_DIR;
  options.runtimeLibraryDir = PTOWSP_RUNTIME_LIBRARY_DIR;
  llvm::SmallVector<StringRef> flags;
  StringRef(PTOWSP_GENERATED_CXX_FLAGS).split(flags, ' ', -1,
                                              /*KeepEmpty=*/false);
  for (StringRef flag : flags)
    options.extraFlags.push_back(flag.str());
  llvm::SmallString<128> cache;
  llvm::sys::path::system_temp_directory(/*ErasedOnReboot=*/true, cache);
  llvm::sys::path::append(cache, "pto-wsp-cache");
  options.cacheDir = std::string(cache);
  return options;
}

Expected<CompiledLibrary>
ptowsp::cpusim::compileSharedLibrary(StringRef source,
                                     const CompileOptions &options) {
  std::vector<std::string> arguments = {
      options.compiler, "-std=c++17", options.optimization, "-shared",
      "-fPIC", "-I" + options.runtimeIncludeDir};
  llvm::append_range(arguments, options.extraFlags);
  if (!options.runtimeLibraryDir.empty()) {
    arguments.push_back("-L" + options.runtimeLibraryDir);
    arguments.push_back("-Wl,-rpath," + options.runtimeLibraryDir);
  }

  // The key covers everything that changes the library: the source, the
  // flags, the runtime headers it includes and the runtime library it links
  // (so a rebuilt runtime never meets a stale cached program).
  llvm::SHA256 hash;
  hash.update(source);
  for (const std::string &argument : arguments)
    hash.update(argument);
  llvm::SmallString<256> headers(options.runtimeIncludeDir);
  llvm::sys::path::append(headers, "pto-wsp", "cpu_sim");
  std::error_code walkError;
  std::vector<std::string> headerFiles;
  for (llvm::sys::fs::directory_iterator it(headers, walkError), end;
       it != end && !walkError; it.increment(walkError))
    headerFiles.push_back(it->path());
  llvm::sort(headerFiles);
  for (const std::string &header : headerFiles)
    if (auto contents = llvm::MemoryBuffer::getFile(header))
      hash.update((*contents)->getBuffer());
  llvm::SmallString<256> runtimeLibrary(options.runtimeLibraryDir);
  llvm::sys::path::append(runtimeLibrary, "libptowsp_runtime.so");
  llvm::sys::fs::file_status libraryStatus;
  if (!llvm::sys::fs::status(runtimeLibrary, libraryStatus))
    hash.update(std::to_string(libraryStatus.getSize()) + ":" +
                std::to_string(libraryStatus.getLastModificationTime()
                                   .time_since_epoch()
                                   .count()));
  std::string key = llvm::toHex(hash.final(), /*LowerCase=*/true).substr(0, 24);

  if (std::error_code error =
          llvm::sys::fs::create_directories(options.cacheDir))
    return makeError("cannot create cache directory '" + options.cacheDir +
                     "': " + error.message());
  llvm::SmallString<256> base(options.cacheDir);
  llvm::sys::path::append(base, key);
  std::string library = (base + ".so").str();
  if (llvm::sys::fs::exists(library)) {
    // A cache entry that does not load (truncated by a full disk, or
    // overwritten) is rebuilt rather than trusted.
    if (void *handle = dlopen(library.c_str(), RTLD_LAZY | RTLD_LOCAL)) {
      dlclose(handle);
      return CompiledLibrary{library, /*cacheHit=*/true};
    }
    if (std::error_code error = llvm::sys::fs::remove(library))
      return makeError("the cache entry '" + library +
                       "' is corrupted and cannot be removed: " +
                       error.message());
  }

  std::string sourcePath = (base + ".cpp").str();
  {
    std::error_code error;
    llvm::raw_fd_ostream file(sourcePath, error);
    if (error)
      return makeError("cannot write '" + sourcePath + "': " + error.message());
    file << source;
  }
  // Build under a temporary name and rename, so that a concurrent or
  // interrupted build never leaves a half-written library in the cache.
  std::string temporary = (base + ".tmp." +
                           std::to_string(llvm::sys::Process::getProcessId()) +
                           ".so")
                              .str();
  arguments.insert(arguments.end(),
                   {sourcePath, "-o", temporary, "-lptowsp_runtime"});
  llvm::ErrorOr<std::string> compiler =
      llvm::sys::findProgramByName(options.compiler);
  if (!compiler)
    return makeError("C++ compiler '" + options.compiler + "' not found");
  std::string logPath = (base + ".log").str();
  std::optional<StringRef> redirects[] = {std::nullopt, StringRef(logPath),
                                          StringRef(logPath)};
  std::vector<StringRef> argv(arguments.begin(), arguments.end());
  std::string message;
  int status = llvm::sys::ExecuteAndWait(*compiler, argv, std::nullopt,
                                         redirects, 0, 0, &message);
  if (status != 0) {
    std::string log;
    if (auto buffer = llvm::MemoryBuffer::getFile(logPath))
      log = (*buffer)->getBuffer().str();
    return makeError("compiling the generated C++ (" + sourcePath +
                     ") failed" + (message.empty() ? "" : ": " + message) +
                     "\n" + log);
  }
  if (std::error_code error = llvm::sys::fs::rename(temporary, library))
    return makeError("cannot move '" + temporary + "' into the cache: " +
                     error.message());
  return CompiledLibrary{library, /*cacheHit=*/false};
}

//===----------------------------------------------------------------------===//
// Loading
//===----------------------------------------------------------------------===//

Expected<SharedLibrary> SharedLibrary::open(const std::string &path) {
  void *handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle)
    return makeError("cannot load '" + path + "': " + dlerror());
  return SharedLibrary(handle, path);
}

SharedLibrary::SharedLibrary(SharedLibrary &&other) noexcept
    : handle(other.handle), path(std::move(other.path)) {
  other.handle = nullptr;
}

SharedLibrary::~SharedLibrary() {
  if (handle)
    dlclose(handle);
}

Expected<void *> SharedLibrary::lookup(StringRef symbol) const {
  void *address = dlsym(handle, symbol.str().c_str());
  if (!address)
    return makeError("'" + path + "' has no symbol '" + symbol + "'");
  return address;
}

//===----------------------------------------------------------------------===//
// .npy files (format version 1.0/2.0, little-endian, C order)
//===----------------------------------------------------------------------===//

int64_t NpyArray::getNumElements() const {
  int64_t count = 1;
  for (int64_t dim : shape)
    count *= dim;
  return count;
}

int64_t NpyArray::getElementBytes() const {
  int64_t bytes = 0;
  StringRef(dtype).drop_front().getAsInteger(10, bytes);
  return bytes;
}

/// The value of `key` in the header dictionary, e.g. 'descr': '<f4'.
static std::optional<StringRef> findHeaderValue(StringRef header,
                                                StringRef key) {
  size_t at = header.find(("'" + key + "'").str());
  if (at == StringRef::npos)
    return std::nullopt;
  StringRef rest = header.drop_front(at + key.size() + 2).ltrim(" :");
  return rest;
}

Expected<NpyArray> ptowsp::cpusim::readNpy(const std::string &path) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false);
  if (!buffer)
    return makeError("cannot read '" + path + "': " +
                     buffer.getError().message());
  StringRef bytes = (*buffer)->getBuffer();
  if (!bytes.starts_with("\x93NUMPY") || bytes.size() < 10)
    return makeError("'" + path + "' is not an .npy file");
  uint8_t major = bytes[6];
  size_t headerLength, headerStart;
  if (major < 1 || major > 3)
    return makeError("'" + path + "': unsupported .npy format version " +
                     llvm::Twine(int(major)));
  if (major > 1 && bytes.size() < 12)
    return makeError("'" + path + "' is truncated (in its header)");
  if (major == 1) {
    headerLength = uint8_t(bytes[8]) | uint8_t(bytes[9]) << 8;
    headerStart = 10;
  } else {
    headerLength = uint32_t(uint8_t(bytes[8])) | uint32_t(uint8_t(bytes[9])) << 8 |
                   uint32_t(uint8_t(bytes[10])) << 16 |
                   uint32_t(uint8_t(bytes[11])) << 24;
    headerStart = 12;
  }
  if (bytes.size() < headerStart + headerLength)
    return makeError("'" + path + "' is truncated (in its header)");
  StringRef header = bytes.substr(headerStart, headerLength);
  NpyArray array;
  std::optional<StringRef> descr = findHeaderValue(header, "descr");
  std::optional<StringRef> order = findHeaderValue(header, "fortran_order");
  std::optional<StringRef> shape = findHeaderValue(header, "shape");
  if (!descr || !order || !shape)
    return makeError("'" + path + "': malformed .npy header");
  StringRef code = descr->drop_front().take_until([](char c) { return c == '\''; });
  if (code.size() < 2 || (code[0] != '<' && code[0] != '|'))
    return makeError("'" + path + "': unsupported dtype '" + code +
                     "' (little-endian only)");
  array.dtype = code.drop_front().str();
  static const char *const supported[] = {"f2", "f4", "f8", "i1", "i2", "i4",
                                          "i8", "u1", "u2", "u4", "u8", "b1"};
  if (!llvm::is_contained(supported, StringRef(array.dtype)))
    return makeError("'" + path + "': unsupported dtype '" + code +
                     "' (numeric, little-endian)");
  if (order->starts_with("True"))
    return makeError("'" + path + "': Fortran-order arrays are not supported");
  StringRef dims = shape->drop_front().take_until([](char c) { return c == ')'; });
  llvm::SmallVector<StringRef> parts;
  dims.split(parts, ',', -1, /*KeepEmpty=*/false);
  for (StringRef part : parts) {
    int64_t dim;
    if (part.trim().getAsInteger(10, dim) || dim < 0)
      return makeError("'" + path + "': malformed shape");
    array.shape.push_back(dim);
  }
  // The byte count must not overflow (a hostile header could claim a shape
  // whose product wraps around to the size of its payload).
  uint64_t elements = 1;
  for (int64_t dim : array.shape)
    if (__builtin_mul_overflow(elements, static_cast<uint64_t>(dim), &elements) ||
        elements > (uint64_t(1) << 48))
      return makeError("'" + path + "': shape too large");
  StringRef payload = bytes.drop_front(headerStart + headerLength);
  size_t expected = array.getNumElements() * array.getElementBytes();
  if (payload.size() != expected)
    return makeError("'" + path + "': expected " + llvm::Twine(expected) +
                     " bytes of data, found " + llvm::Twine(payload.size()));
  array.data.assign(payload.begin(), payload.end());
  return array;
}

Error ptowsp::cpusim::writeNpy(const std::string &path, const NpyArray &array) {
  std::string shape = "(";
  for (int64_t dim : array.shape)
    shape += std::to_string(dim) + ",";
  if (array.shape.size() > 1)
    shape.pop_back();
  shape += ")";
  char order = array.dtype == "u1" || array.dtype == "i1" ? '|' : '<';
  std::string header = "{'descr': '" + std::string(1, order) + array.dtype +
                       "', 'fortran_order': False, 'shape': " + shape + ", }";
  // Pad with spaces so that the data starts at a multiple of 64 bytes.
  size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';
  std::error_code error;
  llvm::raw_fd_ostream file(path, error);
  if (error)
    return makeError("cannot write '" + path + "': " + error.message());
  file << "\x93NUMPY" << char(1) << char(0) << char(header.size() & 0xff)
       << char(header.size() >> 8) << header;
  file.write(array.data.data(), array.data.size());
  return Error::success();
}
