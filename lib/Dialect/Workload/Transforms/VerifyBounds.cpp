//===- VerifyBounds.cpp - prove that views stay inside their tensors ------===//
//
// Interval analysis of `workload.view` offsets over the iterations of the
// loops around each view; a view whose window provably leaves its tensor is
// rejected. Everything the analysis cannot decide is checked at run time.
//
//===----------------------------------------------------------------------===//

#include "pto-wsp/Dialect/Workload/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/CheckedArithmetic.h"
#include "llvm/Support/MathExtras.h"

#include <limits>

namespace ptowsp::workload {
#define GEN_PASS_DEF_WORKLOADVERIFYBOUNDS
#include "pto-wsp/Dialect/Workload/Transforms/Passes.h.inc"
} // namespace ptowsp::workload

using namespace mlir;
using namespace ptowsp::workload;

namespace {

//===----------------------------------------------------------------------===//
// Ranges of index expressions
//===----------------------------------------------------------------------===//

/// The bounds of a loop variable at one program point.
struct Bounds {
  int64_t min;
  int64_t max;
};

/// The loop variables whose bounds are known at one program point: variables
/// of loops over static `workload.dense` axes, narrowed by the `workload.if`
/// conditions around the point.
using LoopBounds = llvm::DenseMap<Value, Bounds>;

/// The values an index expression takes at one program point over all
/// iterations of the loops around it. Both bounds are *reached*: some
/// iteration gives `min` and some gives `max`. A bound outside the tensor is
/// therefore a real error, never an over-approximation. Interval arithmetic
/// keeps that property as long as each loop variable occurs once in the
/// expression; `loopVariables` detects the other case (`%i - %i`).
struct Range {
  int64_t min;
  int64_t max;
  llvm::SmallVector<Value, 2> loopVariables;
};

/// `min`/`max` of `fn` over the corners of two ranges: exact for operations
/// monotone in each operand (add, sub, min, max) and for products. Unknown if
/// the operands share a loop variable or a corner overflows.
std::optional<Range> combineCorners(
    const Range &lhs, const Range &rhs,
    llvm::function_ref<std::optional<int64_t>(int64_t, int64_t)> fn) {
  for (Value variable : lhs.loopVariables)
    if (llvm::is_contained(rhs.loopVariables, variable))
      return std::nullopt;
  std::optional<Range> result;
  for (int64_t left : {lhs.min, lhs.max}) {
    for (int64_t right : {rhs.min, rhs.max}) {
      std::optional<int64_t> corner = fn(left, right);
      if (!corner)
        return std::nullopt;
      if (!result) {
        result = Range{*corner, *corner, {}};
        continue;
      }
      result->min = std::min(result->min, *corner);
      result->max = std::max(result->max, *corner);
    }
  }
  result->loopVariables = lhs.loopVariables;
  llvm::append_range(result->loopVariables, rhs.loopVariables);
  return result;
}

/// A range whose bounds are `fn` of the operand's bounds, for `fn` monotone
/// non-decreasing (division by a positive constant).
Range mapMonotone(Range range, llvm::function_ref<int64_t(int64_t)> fn) {
  range.min = fn(range.min);
  range.max = fn(range.max);
  return range;
}

/// The range of `x rem divisor` (signed, `divisor > 0`) for x in `range`.
/// Every value between the bounds is reached, so when the range crosses a
/// multiple of the divisor both 0 and divisor - 1 (or their negatives) are.
Range remainderRange(Range range, int64_t divisor) {
  int64_t largest = divisor - 1;
  if (range.min / divisor == range.max / divisor &&
      (range.min >= 0 || range.max <= 0))
    return mapMonotone(std::move(range),
                       [&](int64_t value) { return value % divisor; });
  if (range.min >= 0)
    return Range{0, largest, std::move(range.loopVariables)};
  if (range.max <= 0)
    return Range{-largest, 0, std::move(range.loopVariables)};
  return Range{std::max(range.min, -largest), std::min(range.max, largest),
               std::move(range.loopVariables)};
}

/// Whether every value of `range` is representable in a `width`-bit signed
/// integer (index counts as 64 bits).
bool fitsSigned(const Range &range, Type type) {
  unsigned width = type.isIndex() ? 64 : type.getIntOrFloatBitWidth();
  if (width >= 64)
    return true;
  return llvm::isIntN(width, range.min) && llvm::isIntN(width, range.max);
}

/// Computes the ranges of index expressions at one program point.
class RangeAnalysis {
public:
  explicit RangeAnalysis(const LoopBounds &loops) : loops(loops) {}

  /// The range of `value`, or nullopt when it depends on run-time data
  /// (symbols, slots, dynamic axes, sparse indices) or on operations the
  /// analysis does not model.
  std::optional<Range> getRange(Value value) {
    auto cached = cache.find(value);
    if (cached != cache.end())
      return cached->second;
    std::optional<Range> range = computeRange(value);
    cache[value] = range;
    return range;
  }

private:
  std::optional<Range> computeRange(Value value) {
    if (std::optional<int64_t> constant = getConstantIntValue(value))
      return Range{*constant, *constant, {}};
    auto loop = loops.find(value);
    if (loop != loops.end())
      return Range{loop->second.min, loop->second.max, {value}};
    Operation *producer = value.getDefiningOp();
    if (!producer)
      return std::nullopt;
    return llvm::TypeSwitch<Operation *, std::optional<Range>>(producer)
        .Case([&](arith::AddIOp op) {
          return combine(
              op, [](int64_t a, int64_t b) { return llvm::checkedAdd(a, b); });
        })
        .Case([&](arith::SubIOp op) {
          return combine(
              op, [](int64_t a, int64_t b) { return llvm::checkedSub(a, b); });
        })
        .Case([&](arith::MulIOp op) {
          return combine(
              op, [](int64_t a, int64_t b) { return llvm::checkedMul(a, b); });
        })
        .Case([&](arith::MinSIOp op) {
          return combine(op, [](int64_t a, int64_t b) {
            return std::optional<int64_t>(std::min(a, b));
          });
        })
        .Case([&](arith::MaxSIOp op) {
          return combine(op, [](int64_t a, int64_t b) {
            return std::optional<int64_t>(std::max(a, b));
          });
        })
        .Case([&](arith::DivSIOp op) {
          return divide(op, /*isUnsigned=*/false,
                        [](int64_t a, int64_t b) { return a / b; });
        })
        .Case([&](arith::DivUIOp op) {
          return divide(op, /*isUnsigned=*/true,
                        [](int64_t a, int64_t b) { return a / b; });
        })
        .Case([&](arith::FloorDivSIOp op) {
          return divide(op, /*isUnsigned=*/false, [](int64_t a, int64_t b) {
            return llvm::divideFloorSigned(a, b);
          });
        })
        .Case([&](arith::CeilDivSIOp op) {
          return divide(op, /*isUnsigned=*/false, [](int64_t a, int64_t b) {
            return llvm::divideCeilSigned(a, b);
          });
        })
        .Case([&](arith::RemSIOp op) {
          return remainder(op, /*isUnsigned=*/false);
        })
        .Case([&](arith::RemUIOp op) {
          return remainder(op, /*isUnsigned=*/true);
        })
        .Case([&](arith::IndexCastOp op) -> std::optional<Range> {
          // Sign-extends or truncates: the value survives if it fits.
          std::optional<Range> input = getRange(op.getIn());
          if (!input || !fitsSigned(*input, op.getType()))
            return std::nullopt;
          return input;
        })
        .Case([&](arith::IndexCastUIOp op) -> std::optional<Range> {
          // Zero-extends: only non-negative values keep their value.
          std::optional<Range> input = getRange(op.getIn());
          if (!input || input->min < 0 || !fitsSigned(*input, op.getType()))
            return std::nullopt;
          return input;
        })
        .Default([](Operation *) { return std::nullopt; });
  }

  template <typename OpT>
  std::optional<Range>
  combine(OpT op,
          llvm::function_ref<std::optional<int64_t>(int64_t, int64_t)> fn) {
    if (!isIndexLike(op.getType()))
      return std::nullopt;
    std::optional<Range> lhs = getRange(op.getLhs());
    std::optional<Range> rhs = getRange(op.getRhs());
    if (!lhs || !rhs)
      return std::nullopt;
    std::optional<Range> result = combineCorners(*lhs, *rhs, fn);
    if (!result || !fitsSigned(*result, op.getType()))
      return std::nullopt;
    return result;
  }

  /// Division by a positive constant is monotone. Unsigned division agrees
  /// with signed division on non-negative dividends only.
  template <typename OpT>
  std::optional<Range>
  divide(OpT op, bool isUnsigned,
         llvm::function_ref<int64_t(int64_t, int64_t)> fn) {
    std::optional<int64_t> divisor = getPositiveDivisor(op);
    std::optional<Range> dividend = getRange(op.getLhs());
    if (!divisor || !dividend || (isUnsigned && dividend->min < 0))
      return std::nullopt;
    return mapMonotone(std::move(*dividend),
                       [&](int64_t value) { return fn(value, *divisor); });
  }

  template <typename OpT>
  std::optional<Range> remainder(OpT op, bool isUnsigned) {
    std::optional<int64_t> divisor = getPositiveDivisor(op);
    std::optional<Range> dividend = getRange(op.getLhs());
    if (!divisor || !dividend || (isUnsigned && dividend->min < 0))
      return std::nullopt;
    return remainderRange(std::move(*dividend), *divisor);
  }

  template <typename OpT> std::optional<int64_t> getPositiveDivisor(OpT op) {
    if (!isIndexLike(op.getType()))
      return std::nullopt;
    std::optional<int64_t> divisor = getConstantIntValue(op.getRhs());
    if (!divisor || *divisor <= 0)
      return std::nullopt;
    return divisor;
  }

  /// Index or integer types (not vectors): the ones whose values the
  /// analysis can hold in an int64_t.
  static bool isIndexLike(Type type) {
    return type.isIndex() ||
           (type.isSignlessInteger() && type.getIntOrFloatBitWidth() <= 64);
  }

  const LoopBounds &loops;
  llvm::DenseMap<Value, std::optional<Range>> cache;
};

//===----------------------------------------------------------------------===//
// Conditions of workload.if
//===----------------------------------------------------------------------===//

/// What a `workload.if` condition says about the loop variables in one of
/// its bodies.
enum class Guard {
  /// The condition is not modelled: it may select exactly the iterations
  /// whose views are in bounds, so views under it are left to the runtime.
  Unknown,
  /// No iteration enters the body.
  Unreachable,
  /// The body runs for exactly the iterations in the narrowed bounds.
  Narrowed,
};

/// `lhs pred rhs` ⇔ `rhs swapped(pred) lhs`.
arith::CmpIPredicate swapOperands(arith::CmpIPredicate predicate) {
  using arith::CmpIPredicate;
  switch (predicate) {
  case CmpIPredicate::slt:
    return CmpIPredicate::sgt;
  case CmpIPredicate::sle:
    return CmpIPredicate::sge;
  case CmpIPredicate::sgt:
    return CmpIPredicate::slt;
  case CmpIPredicate::sge:
    return CmpIPredicate::sle;
  case CmpIPredicate::ult:
    return CmpIPredicate::ugt;
  case CmpIPredicate::ule:
    return CmpIPredicate::uge;
  case CmpIPredicate::ugt:
    return CmpIPredicate::ult;
  case CmpIPredicate::uge:
    return CmpIPredicate::ule;
  case CmpIPredicate::eq:
  case CmpIPredicate::ne:
    return predicate;
  }
  llvm_unreachable("unknown comparison predicate");
}

/// Narrows `bounds` to the values `x` with `x predicate constant` (possibly
/// to an empty interval). Fails when the result is not an interval whose
/// bounds are reached (`ne` of an inner value) or when an unsigned comparison
/// may see negative values.
LogicalResult narrowByComparison(Bounds &bounds, arith::CmpIPredicate predicate,
                                 int64_t constant) {
  using arith::CmpIPredicate;
  constexpr int64_t lowest = std::numeric_limits<int64_t>::min();
  constexpr int64_t highest = std::numeric_limits<int64_t>::max();
  auto atMost = [&](int64_t limit) {
    bounds.max = std::min(bounds.max, limit);
  };
  auto atLeast = [&](int64_t limit) {
    bounds.min = std::max(bounds.min, limit);
  };
  auto makeEmpty = [&]() { bounds = Bounds{1, 0}; };
  switch (predicate) {
  case CmpIPredicate::ult:
  case CmpIPredicate::ule:
  case CmpIPredicate::ugt:
  case CmpIPredicate::uge:
    if (bounds.min < 0 || constant < 0)
      return failure();
    break;
  default:
    break;
  }
  switch (predicate) {
  case CmpIPredicate::slt:
  case CmpIPredicate::ult:
    constant == lowest ? makeEmpty() : atMost(constant - 1);
    return success();
  case CmpIPredicate::sle:
  case CmpIPredicate::ule:
    atMost(constant);
    return success();
  case CmpIPredicate::sgt:
  case CmpIPredicate::ugt:
    constant == highest ? makeEmpty() : atLeast(constant + 1);
    return success();
  case CmpIPredicate::sge:
  case CmpIPredicate::uge:
    atLeast(constant);
    return success();
  case CmpIPredicate::eq:
    atLeast(constant);
    atMost(constant);
    return success();
  case CmpIPredicate::ne:
    if (constant > bounds.min && constant < bounds.max)
      return failure(); // A hole: inner values may no longer be reached.
    if (bounds.min == bounds.max && constant == bounds.min)
      makeEmpty();
    else if (constant == bounds.min)
      ++bounds.min;
    else if (constant == bounds.max)
      --bounds.max;
    return success();
  }
  llvm_unreachable("unknown comparison predicate");
}

/// Narrows `loops` to the iterations where `condition` is `holds`; sets
/// `unreachable` if the condition can never be `holds`. Models comparisons
/// of a loop variable with known bounds against a constant, constants,
/// conjunctions that hold and disjunctions that do not.
LogicalResult narrowByCondition(Value condition, bool holds, LoopBounds &loops,
                                bool &unreachable) {
  if (std::optional<int64_t> constant = getConstantIntValue(condition)) {
    if ((*constant != 0) != holds)
      unreachable = true;
    return success();
  }
  Operation *producer = condition.getDefiningOp();
  if (!producer)
    return failure();
  if (auto conjunction = dyn_cast<arith::AndIOp>(producer)) {
    if (!holds)
      return failure();
    return success(succeeded(narrowByCondition(conjunction.getLhs(), true,
                                               loops, unreachable)) &&
                   succeeded(narrowByCondition(conjunction.getRhs(), true,
                                               loops, unreachable)));
  }
  if (auto disjunction = dyn_cast<arith::OrIOp>(producer)) {
    if (holds)
      return failure();
    return success(succeeded(narrowByCondition(disjunction.getLhs(), false,
                                               loops, unreachable)) &&
                   succeeded(narrowByCondition(disjunction.getRhs(), false,
                                               loops, unreachable)));
  }
  auto compare = dyn_cast<arith::CmpIOp>(producer);
  if (!compare)
    return failure();
  arith::CmpIPredicate predicate = compare.getPredicate();
  Value variable = compare.getLhs();
  std::optional<int64_t> constant = getConstantIntValue(compare.getRhs());
  if (!constant) {
    predicate = swapOperands(predicate);
    variable = compare.getRhs();
    constant = getConstantIntValue(compare.getLhs());
  }
  auto bounds = loops.find(variable);
  if (!constant || bounds == loops.end())
    return failure();
  if (!holds)
    predicate = arith::invertPredicate(predicate);
  if (failed(narrowByComparison(bounds->second, predicate, *constant)))
    return failure();
  if (bounds->second.min > bounds->second.max)
    unreachable = true;
  return success();
}

/// What `condition` being `holds` means for the body it guards; on
/// `Narrowed`, `loops` holds the bounds inside that body.
Guard analyzeGuard(Value condition, bool holds, LoopBounds &loops) {
  bool unreachable = false;
  if (failed(narrowByCondition(condition, holds, loops, unreachable)))
    return Guard::Unknown;
  return unreachable ? Guard::Unreachable : Guard::Narrowed;
}

//===----------------------------------------------------------------------===//
// The walk over the workload
//===----------------------------------------------------------------------===//

/// The size of the static dense axis `axis`, if it is one.
std::optional<int64_t> getStaticAxisSize(Value axis) {
  if (auto dense = axis.getDefiningOp<DenseOp>())
    return static_cast<int64_t>(dense.getSize());
  return std::nullopt;
}

/// Rejects `view` if, along some static dimension, the offset's range makes
/// the window leave the tensor.
LogicalResult checkView(ViewOp view, const LoopBounds &loops) {
  auto tensor = cast<MemRefType>(view.getTensor().getType());
  RangeAnalysis analysis(loops);
  LogicalResult result = success();
  for (auto [dim, offset, size] :
       llvm::enumerate(view.getOffsets(), view.getSizes())) {
    // The view's verifier already rejected constant offsets out of bounds
    // and windows wider than the dimension.
    if (tensor.isDynamicDim(dim) || getConstantIntValue(offset))
      continue;
    std::optional<Range> range = analysis.getRange(offset);
    if (!range)
      continue;
    int64_t lastOffset = tensor.getDimSize(dim) - size;
    if (range->min >= 0 && range->max <= lastOffset)
      continue;
    InFlightDiagnostic diagnostic =
        view.emitOpError("offset along dimension ")
        << dim << " ranges over [" << range->min << ", " << range->max
        << "] but must stay within [0, " << lastOffset
        << "] for a window of size " << size << " in a dimension of size "
        << tensor.getDimSize(dim);
    for (Value variable : range->loopVariables) {
      Operation *loop = cast<BlockArgument>(variable).getOwner()->getParentOp();
      Bounds bounds = loops.lookup(variable);
      diagnostic.attachNote(loop->getLoc())
          << "loop variable '" << getLoopVariableName(loop) << "' ranges over ["
          << bounds.min << ", " << bounds.max << "]";
    }
    result = failure();
  }
  return result;
}

/// Checks the views in `region` (and in the regions nested in it), where the
/// loop variables in `loops` have those bounds.
LogicalResult checkRegion(Region &region, LoopBounds &loops);

/// Checks the body of a loop whose variable ranges over [0, size - 1], or is
/// unknown when `size` is.
LogicalResult checkLoop(BlockArgument variable, std::optional<int64_t> size,
                        Region &body, LoopBounds &loops) {
  if (!size)
    return checkRegion(body, loops);
  if (*size == 0)
    return success(); // The body never runs.
  loops[variable] = Bounds{0, *size - 1};
  LogicalResult result = checkRegion(body, loops);
  loops.erase(variable);
  return result;
}

/// Checks one body of a `workload.if`, with the bounds its condition implies.
LogicalResult checkGuardedRegion(Region &body, Value condition, bool holds,
                                 const LoopBounds &loops) {
  if (body.empty())
    return success();
  LoopBounds narrowed = loops;
  if (analyzeGuard(condition, holds, narrowed) != Guard::Narrowed)
    return success();
  return checkRegion(body, narrowed);
}

LogicalResult checkRegion(Region &region, LoopBounds &loops) {
  LogicalResult result = success();
  for (Block &block : region) {
    for (Operation &op : block) {
      LogicalResult checked =
          llvm::TypeSwitch<Operation *, LogicalResult>(&op)
              .Case([&](ViewOp view) { return checkView(view, loops); })
              .Case([&](ParallelForOp loop) {
                return checkLoop(loop.getInductionVar(),
                                 getStaticAxisSize(loop.getAxis()),
                                 loop.getBody(), loops);
              })
              .Case([&](ForEachOp loop) {
                return checkLoop(loop.getInductionVar(),
                                 getStaticAxisSize(loop.getAxis()),
                                 loop.getBody(), loops);
              })
              .Case([&](SelectOp loop) {
                // The loop variable is a stored sparse index: data.
                return checkLoop(loop.getInductionVar(), std::nullopt,
                                 loop.getBody(), loops);
              })
              .Case([&](IfOp branch) {
                LogicalResult thenChecked = checkGuardedRegion(
                    branch.getThenRegion(), branch.getCondition(), true, loops);
                LogicalResult elseChecked =
                    checkGuardedRegion(branch.getElseRegion(),
                                       branch.getCondition(), false, loops);
                return success(succeeded(thenChecked) &&
                               succeeded(elseChecked));
              })
              .Default([&](Operation *other) {
                // Other statements (csp.pipeline and its processes) run their
                // bodies without narrowing the loop variables around them;
                // their own block arguments are unknown.
                LogicalResult nested = success();
                for (Region &inner : other->getRegions())
                  if (failed(checkRegion(inner, loops)))
                    nested = failure();
                return nested;
              });
      if (failed(checked))
        result = failure();
    }
  }
  return result;
}

struct WorkloadVerifyBoundsPass
    : ptowsp::workload::impl::WorkloadVerifyBoundsBase<
          WorkloadVerifyBoundsPass> {
  void runOnOperation() override {
    LoopBounds loops;
    if (failed(checkRegion(getOperation().getBody(), loops)))
      signalPassFailure();
  }
};

} // namespace
