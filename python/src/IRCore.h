//===- IRCore.h - the IR objects and the builder of _pto_wsp ------*- C++
//-*-===//
//
// Python-side handles of MLIR objects (context, module, type, value,
// operation, block, region) and the builder the per-dialect files add their
// creation methods to. Every handle holds its context, so the context lives
// as long as any object of it.
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_PYTHON_IRCORE_H
#define PTOWSP_PYTHON_IRCORE_H

#include "Bindings.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

#include <pybind11/stl.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ptowsp::python {

//===----------------------------------------------------------------------===//
// Handles
//===----------------------------------------------------------------------===//

/// An MLIRContext with the project's dialects and the upstream dialects its
/// pipelines use loaded.
class PyContext {
public:
  PyContext();
  mlir::MLIRContext &get() { return context; }

private:
  mlir::MLIRContext context;
};
using ContextRef = std::shared_ptr<PyContext>;

/// A builtin.module owned by Python.
struct PyModule {
  ContextRef context; // Declared first: destroyed after the module.
  mlir::OwningOpRef<mlir::ModuleOp> module;
};

struct PyType {
  ContextRef context;
  mlir::Type type;
};

/// An SSA value; it stays valid while the operation or block defining it
/// exists.
struct PyValue {
  ContextRef context;
  mlir::Value value;
};

/// Operations, blocks and regions belong to their module: these handles do
/// not own them.
struct PyOperation {
  ContextRef context;
  mlir::Operation *operation;
};

struct PyBlock {
  ContextRef context;
  mlir::Block *block;
};

struct PyRegion {
  ContextRef context;
  mlir::Region *region;
};

/// A saved insertion point (Builder.save_insertion_point()).
struct PyInsertPoint {
  ContextRef context;
  mlir::OpBuilder::InsertPoint point;
};

//===----------------------------------------------------------------------===//
// Builder
//===----------------------------------------------------------------------===//

/// An OpBuilder with a current source location. Every creation method checks
/// the kinds of the values and types it is given (raising ValueError) before
/// any MLIR code runs, and creates its operation at the insertion point with
/// the current location.
class PyBuilder {
public:
  explicit PyBuilder(ContextRef context);

  mlir::MLIRContext *getContext() { return &context->get(); }
  const ContextRef &getContextRef() const { return context; }
  mlir::OpBuilder &getBuilder() { return builder; }
  mlir::Location getLocation() const { return location; }
  void setLocation(mlir::Location newLocation) { location = newLocation; }

  /// Creates `OpT` at the insertion point with the current location.
  template <typename OpT, typename... Args> OpT create(Args &&...args) {
    requireInsertionPoint();
    return OpT::create(builder, location, std::forward<Args>(args)...);
  }
  /// Raises ValueError when no insertion point is set (the operation would
  /// belong to no block).
  void requireInsertionPoint();

  // Wrapping results for Python.
  PyValue wrap(mlir::Value value) { return {context, value}; }
  PyType wrap(mlir::Type type) { return {context, type}; }
  PyOperation wrap(mlir::Operation *operation) { return {context, operation}; }
  PyBlock wrap(mlir::Block *block) { return {context, block}; }

  // Unwrapping arguments, with the checks of the API's contract.
  /// The value, which must belong to this builder's context.
  mlir::Value value(const PyValue &value);
  /// The value, which must have a type of one of `Types`; `what` names the
  /// expected kind ("a tile") and `argument` the parameter.
  template <typename... Types>
  mlir::Value valueOf(const PyValue &handle, const char *what,
                      const char *argument) {
    mlir::Value result = value(handle);
    if (!llvm::isa<Types...>(result.getType()))
      raiseWrongKind(argument, what, result.getType());
    return result;
  }
  std::vector<mlir::Value> values(const std::vector<PyValue> &handles);
  /// The type, which must belong to this builder's context.
  mlir::Type type(const PyType &type);
  template <typename... Types>
  mlir::Type typeOf(const PyType &handle, const char *what,
                    const char *argument) {
    mlir::Type result = type(handle);
    if (!llvm::isa<Types...>(result))
      raiseWrongKind(argument, what, result);
    return result;
  }
  std::vector<mlir::Type> types(const std::vector<PyType> &handles);
  mlir::Operation *operation(const PyOperation &operation);
  mlir::Block *block(const PyBlock &block);

  /// Raises ValueError: `argument` must be `what` but has type `actual`.
  [[noreturn]] static void raiseWrongKind(const char *argument,
                                          const char *what, mlir::Type actual);

private:
  ContextRef context;
  mlir::OpBuilder builder;
  mlir::Location location;
};

using BuilderClass = pybind11::class_<PyBuilder>;

/// The Builder class registered by populateIRCore, for the per-dialect files
/// to add their creation methods to.
BuilderClass getBuilderClass(pybind11::module_ &m);

/// True if `type` is a scalar a kernel or workload computes with: an integer,
/// a float or index.
bool isScalarType(mlir::Type type);

/// `TypeT::get(params)` once `TypeT::verify` accepted the parameters; its
/// diagnostics raise ValueError instead (after MLIR code has returned).
template <typename TypeT, typename... Params>
TypeT getVerifiedType(mlir::MLIRContext *context, const Params &...params) {
  std::string errors;
  bool valid;
  {
    mlir::ScopedDiagnosticHandler handler(
        context, [&](mlir::Diagnostic &diagnostic) {
          errors += (errors.empty() ? "" : "; ") + diagnostic.str();
          return mlir::success();
        });
    valid = mlir::succeeded(TypeT::verify(
        [&] { return mlir::emitError(mlir::UnknownLoc::get(context)); },
        params...));
  }
  if (!valid)
    throw pybind11::value_error(errors);
  return TypeT::get(context, params...);
}

/// MLIR's spelling of a type.
std::string printType(mlir::Type type);

/// `value` as an attribute of the integer or index `type`; raises ValueError
/// when it fits neither the signed nor the unsigned range of the width.
mlir::IntegerAttr getCheckedIntegerAttr(mlir::Type type, int64_t value);

/// The spelling's enum value from a generated `symbolize*` function, or
/// ValueError naming `what` ("dispatch policy") and the spelling.
template <typename EnumT>
EnumT parseEnum(std::optional<EnumT> (*symbolize)(llvm::StringRef),
                const std::string &spelling, const char *what) {
  if (std::optional<EnumT> value = symbolize(spelling))
    return *value;
  throw pybind11::value_error("unknown " + std::string(what) + " '" + spelling +
                              "'");
}

/// Adds an empty block with arguments of `types` (located at the op) to
/// region `index` of `op` and returns it.
mlir::Block *addBlock(mlir::Operation *op, unsigned index,
                      mlir::TypeRange types);

} // namespace ptowsp::python

#endif // PTOWSP_PYTHON_IRCORE_H
