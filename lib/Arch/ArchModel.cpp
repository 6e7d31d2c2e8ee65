//===- ArchModel.cpp - architecture files and cost formulas ---------------===//
//
// Parsing of arch/<name>.json with llvm::json and the cycle formulas of
// ARCHITECTURE.md §4.1.
//
//===----------------------------------------------------------------------===//

#include "pto-wsp/Arch/ArchModel.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <cmath>
#include <limits>

using namespace ptowsp::arch;
using llvm::json::Object;

static constexpr int64_t kSaturated = std::numeric_limits<int64_t>::max();

/// ceil(value / divisor) for divisor > 0, without the overflow of
/// `value + divisor - 1`.
static int64_t ceilDiv(int64_t value, int64_t divisor) {
  return value / divisor + (value % divisor > 0 ? 1 : 0);
}

// The formulas saturate at kSaturated instead of overflowing: an absurd shape
// or coefficient must give an absurd estimate, not undefined behaviour.
static int64_t saturatingAdd(int64_t lhs, int64_t rhs) {
  int64_t result;
  return __builtin_add_overflow(lhs, rhs, &result) ? kSaturated : result;
}
static int64_t saturatingMul(int64_t lhs, int64_t rhs) {
  int64_t result;
  return __builtin_mul_overflow(lhs, rhs, &result) ? kSaturated : result;
}

llvm::StringRef ptowsp::arch::getDefaultArchDir() { return PTOWSP_ARCH_DIR; }

namespace {
/// Reads fields from a JSON object and remembers the first problem, so the
/// parser reads as a list of fields rather than a cascade of checks.
class FieldReader {
public:
  FieldReader(llvm::StringRef source) : source(source) {}

  /// Larger counts, sizes and cycle coefficients are no real machine's; the
  /// bound keeps every formula's intermediate values far from overflow.
  static constexpr int64_t kMaxInteger = int64_t(1) << 32;

  const Object *object(const Object &parent, llvm::StringRef key) {
    if (const Object *child = parent.getObject(key))
      return child;
    fail("missing object '" + key + "'");
    return nullptr;
  }
  int64_t integer(const Object *parent, llvm::StringRef key) {
    if (!parent)
      return 0;
    if (std::optional<int64_t> value = parent->getInteger(key)) {
      if (*value < 0)
        fail("field '" + key + "' must not be negative");
      else if (*value > kMaxInteger)
        fail("field '" + key + "' must be at most 2^32");
      return *value;
    }
    fail("missing integer field '" + key + "'");
    return 0;
  }
  double number(const Object *parent, llvm::StringRef key) {
    if (!parent)
      return 0;
    if (std::optional<double> value = parent->getNumber(key)) {
      if (!(*value > 0) || !std::isfinite(*value))
        fail("field '" + key + "' must be a positive finite number");
      return *value;
    }
    fail("missing number field '" + key + "'");
    return 0;
  }
  VectorCost vectorCost(const Object *entry, llvm::StringRef name) {
    if (!entry) {
      fail("vector cost '" + name + "' must be an object");
      return {};
    }
    return {integer(entry, "head"), integer(entry, "slope")};
  }
  void fail(const llvm::Twine &message) {
    if (error.empty())
      error = (source + ": " + message).str();
  }
  llvm::Error takeError() {
    if (error.empty())
      return llvm::Error::success();
    return llvm::createStringError(llvm::inconvertibleErrorCode(), error);
  }

private:
  std::string source;
  std::string error;
};
} // namespace

llvm::Expected<ArchModel> ArchModel::parse(llvm::StringRef text,
                                           llvm::StringRef sourceName) {
  llvm::Expected<llvm::json::Value> parsed = llvm::json::parse(text);
  if (!parsed)
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(), "%s: invalid JSON: %s",
        sourceName.str().c_str(), llvm::toString(parsed.takeError()).c_str());
  const Object *root = parsed->getAsObject();
  if (!root)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "%s: top level must be an object",
                                   sourceName.str().c_str());
  FieldReader reader(sourceName);
  ArchModel model;
  if (std::optional<llvm::StringRef> name = root->getString("name"))
    model.name = name->str();
  else
    reader.fail("missing string field 'name'");
  model.clockGHz = reader.number(root, "clock_ghz");

  const Object *cores = reader.object(*root, "cores");
  model.numSchedulers = reader.integer(cores, "aicpu_schedulers");
  model.numCubeCores = reader.integer(cores, "aic");
  model.numVectorCores = reader.integer(cores, "aiv");

  const Object *buffers = reader.object(*root, "buffers_bytes");
  const char *bufferNames[kNumBuffers] = {"ub", "l1", "l0a", "l0b", "l0c"};
  for (int i = 0; i < kNumBuffers; ++i)
    model.bufferBytes[i] = reader.integer(buffers, bufferNames[i]);
  model.bufferAlignment = reader.integer(root, "buffer_alignment_bytes");
  if (model.bufferAlignment == 0)
    reader.fail("'buffer_alignment_bytes' must be positive");

  // GiB/s at the core clock gives bytes per cycle.
  const Object *transfers = reader.object(*root, "transfers");
  const char *pathNames[kNumPaths] = {"gm_to_ub",  "ub_to_gm",  "gm_to_l1",
                                      "l1_to_l0",  "l0c_to_gm", "l0c_to_ub",
                                      "ub_to_l1",  "ub_to_ub"};
  for (int i = 0; i < kNumPaths; ++i) {
    const Object *path = transfers ? transfers->getObject(pathNames[i]) : nullptr;
    if (transfers && !path) {
      reader.fail(llvm::Twine("missing transfer path '") + pathNames[i] + "'");
      continue;
    }
    double gibPerSecond = reader.number(path, "gib_per_s");
    model.transfers[i].bytesPerCycle =
        gibPerSecond * 1073741824.0 / (model.clockGHz * 1e9);
    model.transfers[i].headCycles = reader.integer(path, "head_cycles");
  }

  const Object *vector = reader.object(*root, "vector");
  model.repeatBytes = reader.integer(vector, "repeat_bytes");
  if (vector) {
    model.defaultVector =
        reader.vectorCost(vector->getObject("default"), "default");
    if (const Object *ops = reader.object(*vector, "ops"))
      for (const auto &entry : *ops)
        model.vectorOps[entry.first.str()] =
            reader.vectorCost(entry.second.getAsObject(), entry.first.str());
  }
  if (model.repeatBytes == 0)
    reader.fail("'repeat_bytes' must be positive");

  const Object *cube = reader.object(*root, "cube");
  model.cubeHead = reader.integer(cube, "head_cycles");
  if (cube) {
    const llvm::json::Array *fractal = cube->getArray("fractal");
    if (!fractal || fractal->size() != 3)
      reader.fail("'cube.fractal' must be an array [m, k, n]");
    else
      for (int i = 0; i < 3; ++i) {
        std::optional<int64_t> dim = (*fractal)[i].getAsInteger();
        if (!dim || *dim <= 0 || *dim > FieldReader::kMaxInteger)
          reader.fail("'cube.fractal' entries must be positive integers "
                      "(at most 2^32)");
        else
          model.fractal[i] = *dim;
      }
    const Object *perFractal = reader.object(*cube, "cycles_per_fractal");
    model.cyclesPerFractal = {reader.integer(perFractal, "f16"),
                              reader.integer(perFractal, "bf16"),
                              reader.integer(perFractal, "f32")};
  }
  model.dispatchOverhead = reader.integer(root, "dispatch_overhead_cycles");

  if (llvm::Error error = reader.takeError())
    return std::move(error);
  return model;
}

llvm::Expected<ArchModel> ArchModel::loadFile(llvm::StringRef path) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFile(path);
  if (!buffer)
    return llvm::createStringError(buffer.getError(),
                                   "cannot read architecture file '%s': %s",
                                   path.str().c_str(),
                                   buffer.getError().message().c_str());
  return parse((*buffer)->getBuffer(), path);
}

llvm::Expected<ArchModel> ArchModel::load(llvm::StringRef nameOrPath,
                                          llvm::StringRef archDir) {
  if (llvm::sys::fs::exists(nameOrPath) &&
      !llvm::sys::fs::is_directory(nameOrPath))
    return loadFile(nameOrPath);
  llvm::SmallString<256> path(archDir);
  llvm::sys::path::append(path, nameOrPath + ".json");
  if (!llvm::sys::fs::exists(path))
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        "unknown architecture '%s' (no file of that name, and no %s)",
        nameOrPath.str().c_str(), path.c_str());
  return loadFile(path);
}

VectorCost ArchModel::getVectorCost(llvm::StringRef instruction) const {
  auto it = vectorOps.find(instruction);
  return it == vectorOps.end() ? defaultVector : it->second;
}

int64_t ArchModel::vectorCycles(llvm::StringRef instruction,
                                int64_t bytes) const {
  VectorCost cost = getVectorCost(instruction);
  return saturatingAdd(cost.head,
                       saturatingMul(cost.slope, ceilDiv(bytes, repeatBytes)));
}

int64_t ArchModel::matmulCycles(int64_t m, int64_t k, int64_t n,
                                CubePrecision precision) const {
  int64_t fractals = saturatingMul(
      saturatingMul(ceilDiv(m, fractal[0]), ceilDiv(k, fractal[1])),
      ceilDiv(n, fractal[2]));
  return saturatingAdd(
      cubeHead,
      saturatingMul(fractals, cyclesPerFractal[static_cast<int>(precision)]));
}

int64_t ArchModel::transferCycles(Path path, int64_t bytes) const {
  const TransferCost &cost = transfers[static_cast<int>(path)];
  if (bytes <= 0)
    return cost.headCycles;
  // A tiny bandwidth makes the quotient exceed int64 (or be infinite):
  // converting that to an integer would be undefined.
  double cycles = std::ceil(bytes / cost.bytesPerCycle);
  if (!(cycles < 0x1p63))
    return kSaturated;
  return saturatingAdd(cost.headCycles, static_cast<int64_t>(cycles));
}
