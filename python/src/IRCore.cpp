//===- IRCore.cpp - context, module, IR handles and the builder ----------===//
//
// The objects of docs/python-bindings.md "Core objects" and the dialect-
// independent part of the Builder: locations, insertion points and types.
//
//===----------------------------------------------------------------------===//

#include "IRCore.h"

#include "pto-wsp/Dialect/CSP/IR/CSPDialect.h"
#include "pto-wsp/Dialect/Tile/IR/TileDialect.h"
#include "pto-wsp/Dialect/Workload/IR/WorkloadDialect.h"
#include "pto-wsp/InitAllDialects.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/Verifier.h"
#include "llvm/Support/raw_ostream.h"

namespace py = pybind11;
using namespace mlir;

namespace ptowsp::python {

//===----------------------------------------------------------------------===//
// Shared helpers
//===----------------------------------------------------------------------===//

static DialectRegistry makeRegistry() {
  DialectRegistry registry;
  registerAllDialects(registry);
  return registry;
}

PyContext::PyContext() : context(makeRegistry()) {
  context.loadAllAvailableDialects();
  // Diagnostics name the user's source line; the IR dump MLIR would attach
  // to each of them ("see current operation") is noise for a Python user.
  context.printOpOnDiagnostic(false);
}

bool isScalarType(Type type) {
  return isa<FloatType, IntegerType, IndexType>(type);
}

Block *addBlock(Operation *op, unsigned index, TypeRange types) {
  Block *block = new Block();
  op->getRegion(index).push_back(block);
  for (Type type : types)
    block->addArgument(type, op->getLoc());
  return block;
}

/// MLIR's textual form of any printable object.
template <typename T> static std::string print(T &&object) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << object;
  return text;
}

std::string printType(Type type) { return print(type); }

IntegerAttr getCheckedIntegerAttr(Type type, int64_t value) {
  if (auto integer = dyn_cast<IntegerType>(type)) {
    unsigned width = integer.getWidth();
    bool fits = width >= 64 || (value >= -(int64_t(1) << (width - 1)) &&
                                value < (int64_t(1) << width));
    if (!fits)
      throw ValueFailure(std::to_string(value) + " does not fit in " +
                            print(type));
  }
  return IntegerAttr::get(
      type, APInt(type.isIndex() ? 64 : type.getIntOrFloatBitWidth(), value,
                  /*isSigned=*/true, /*implicitTrunc=*/true));
}

static std::string printOperation(Operation *op, bool withLocations) {
  OpPrintingFlags flags;
  if (withLocations)
    flags.enableDebugInfo(/*enable=*/true, /*prettyForm=*/false);
  std::string text;
  llvm::raw_string_ostream os(text);
  op->print(os, flags);
  return text;
}

/// Runs the verifier on `op`; its diagnostics raise CompileFailure.
static void verifyOrRaise(Operation *op) {
  DiagnosticCollector diagnostics(*op->getContext());
  if (failed(mlir::verify(op)))
    diagnostics.raise("verification of '" + op->getName().getStringRef().str() +
                      "' failed");
}

//===----------------------------------------------------------------------===//
// PyBuilder
//===----------------------------------------------------------------------===//

PyBuilder::PyBuilder(ContextRef context)
    : context(context), builder(&context->get()),
      location(UnknownLoc::get(&context->get())) {}

void PyBuilder::requireInsertionPoint() {
  if (!builder.getInsertionBlock())
    throw ValueFailure("the builder has no insertion point; call "
                          "set_insertion_point_to_end(block) first");
}

Value PyBuilder::value(const PyValue &handle) {
  if (handle.context != context)
    throw ValueFailure("the value belongs to another Context");
  return handle.value;
}

std::vector<Value> PyBuilder::values(const std::vector<PyValue> &handles) {
  std::vector<Value> result;
  for (const PyValue &handle : handles)
    result.push_back(value(handle));
  return result;
}

Type PyBuilder::type(const PyType &handle) {
  if (handle.context != context)
    throw ValueFailure("the type belongs to another Context");
  return handle.type;
}

std::vector<Type> PyBuilder::types(const std::vector<PyType> &handles) {
  std::vector<Type> result;
  for (const PyType &handle : handles)
    result.push_back(type(handle));
  return result;
}

Operation *PyBuilder::operation(const PyOperation &handle) {
  if (handle.context != context)
    throw ValueFailure("the operation belongs to another Context");
  return handle.operation;
}

Block *PyBuilder::block(const PyBlock &handle) {
  if (handle.context != context)
    throw ValueFailure("the block belongs to another Context");
  return handle.block;
}

void PyBuilder::raiseWrongKind(const char *argument, const char *what,
                               Type actual) {
  throw ValueFailure("'" + std::string(argument) + "' must be " + what +
                        ", got " + print(actual));
}

BuilderClass getBuilderClass(py::module_ &m) {
  return BuilderClass(m.attr("Builder"));
}

//===----------------------------------------------------------------------===//
// Types
//===----------------------------------------------------------------------===//

static std::vector<int64_t> getShape(Type type) {
  ArrayRef<int64_t> shape;
  if (auto tile = dyn_cast<tile::TileType>(type))
    shape = tile.getShape();
  else if (auto view = dyn_cast<tile::ViewType>(type))
    shape = view.getShape();
  else if (auto view = dyn_cast<workload::ViewType>(type))
    shape = view.getShape();
  else if (auto memref = dyn_cast<MemRefType>(type))
    shape = memref.getShape();
  else
    throw ValueFailure(print(type) + " has no shape");
  std::vector<int64_t> result;
  for (int64_t size : shape)
    result.push_back(ShapedType::isDynamic(size) ? -1 : size);
  return result;
}

static Type getElementType(Type type) {
  if (auto tile = dyn_cast<tile::TileType>(type))
    return tile.getElementType();
  if (auto view = dyn_cast<tile::ViewType>(type))
    return view.getElementType();
  if (auto view = dyn_cast<workload::ViewType>(type))
    return view.getElementType();
  if (auto memref = dyn_cast<MemRefType>(type))
    return memref.getElementType();
  throw ValueFailure(print(type) + " has no element type");
}

static Type getFloatType(MLIRContext *context, const std::string &name) {
  if (name == "f16")
    return Float16Type::get(context);
  if (name == "bf16")
    return BFloat16Type::get(context);
  if (name == "f32")
    return Float32Type::get(context);
  if (name == "f64")
    return Float64Type::get(context);
  throw ValueFailure("unknown float type '" + name +
                        "' (expected f16, bf16, f32 or f64)");
}

/// The element type of a dtype name: MLIR spellings and NumPy's; unsigned
/// integers are signless integers of the same width.
static Type getDtype(MLIRContext *context, const std::string &name) {
  static const std::pair<const char *, const char *> aliases[] = {
      {"float16", "f16"}, {"bfloat16", "bf16"}, {"float32", "f32"},
      {"float64", "f64"}, {"bool", "i1"},       {"int8", "i8"},
      {"int16", "i16"},   {"int32", "i32"},     {"int64", "i64"},
      {"uint8", "i8"},    {"uint16", "i16"},    {"uint32", "i32"},
      {"uint64", "i64"},  {"u8", "i8"},         {"u16", "i16"},
      {"u32", "i32"},     {"u64", "i64"},       {"ui8", "i8"},
      {"ui16", "i16"},    {"ui32", "i32"},      {"ui64", "i64"}};
  std::string canonical = name;
  for (auto [alias, spelling] : aliases)
    if (name == alias)
      canonical = spelling;
  if (canonical == "index")
    return IndexType::get(context);
  for (unsigned width : {1, 8, 16, 32, 64})
    if (canonical == "i" + std::to_string(width))
      return IntegerType::get(context, width);
  if (canonical == "f16" || canonical == "bf16" || canonical == "f32" ||
      canonical == "f64")
    return getFloatType(context, canonical);
  throw ValueFailure("unknown dtype '" + name + "'");
}

static void populateTypes(BuilderClass &builder) {
  builder
      .def("index_type",
           [](PyBuilder &self) {
             return self.wrap(IndexType::get(self.getContext()));
           })
      .def(
          "int_type",
          [](PyBuilder &self, unsigned width) {
            if (width == 0 || width > IntegerType::kMaxWidth)
              throw ValueFailure("invalid integer width " +
                                    std::to_string(width));
            return self.wrap(IntegerType::get(self.getContext(), width));
          },
          py::arg("width"))
      .def(
          "float_type",
          [](PyBuilder &self, const std::string &name) {
            return self.wrap(getFloatType(self.getContext(), name));
          },
          py::arg("name"))
      .def(
          "dtype",
          [](PyBuilder &self, const std::string &name) {
            return self.wrap(getDtype(self.getContext(), name));
          },
          py::arg("name"))
      .def(
          "tile_type",
          [](PyBuilder &self, std::vector<int64_t> shape,
             const PyType &element) {
            return self.wrap(getVerifiedType<tile::TileType>(
                self.getContext(), ArrayRef<int64_t>(shape),
                self.type(element)));
          },
          py::arg("shape"), py::arg("element"))
      .def(
          "tile_view_type",
          [](PyBuilder &self, std::vector<int64_t> shape, const PyType &element,
             const std::string &direction) {
            return self.wrap(getVerifiedType<tile::ViewType>(
                self.getContext(), ArrayRef<int64_t>(shape), self.type(element),
                parseEnum(&tile::symbolizeDirection, direction,
                          "view direction")));
          },
          py::arg("shape"), py::arg("element"), py::arg("direction"))
      .def(
          "view_type",
          [](PyBuilder &self, std::vector<int64_t> shape,
             const PyType &element) {
            return self.wrap(getVerifiedType<workload::ViewType>(
                self.getContext(), ArrayRef<int64_t>(shape),
                self.type(element)));
          },
          py::arg("shape"), py::arg("element"))
      .def(
          "memref_type",
          [](PyBuilder &self, std::vector<int64_t> shape,
             const PyType &element) {
            Type elementType = self.type(element);
            if (!BaseMemRefType::isValidElementType(elementType))
              throw ValueFailure("invalid memref element type " +
                                    print(elementType));
            for (int64_t &size : shape) {
              if (size < -1)
                throw ValueFailure("invalid memref dimension " +
                                      std::to_string(size));
              if (size == -1)
                size = ShapedType::kDynamic;
            }
            return self.wrap(MemRefType::get(shape, elementType));
          },
          py::arg("shape"), py::arg("element"))
      .def(
          "channel_type",
          [](PyBuilder &self, const std::vector<PyType> &payload) {
            return self.wrap(getVerifiedType<csp::ChannelType>(
                self.getContext(), ArrayRef<Type>(self.types(payload))));
          },
          py::arg("payload_types"))
      .def(
          "function_type",
          [](PyBuilder &self, const std::vector<PyType> &inputs,
             const std::vector<PyType> &results) {
            return self.wrap(FunctionType::get(
                self.getContext(), self.types(inputs), self.types(results)));
          },
          py::arg("inputs"), py::arg("results"));
}

//===----------------------------------------------------------------------===//
// Locations and insertion points
//===----------------------------------------------------------------------===//

static void populateLocationsAndInsertion(BuilderClass &builder) {
  builder
      .def(
          "set_loc",
          [](PyBuilder &self, const std::string &filename, unsigned line,
             unsigned column) {
            self.setLocation(
                FileLineColLoc::get(self.getContext(), filename, line, column));
          },
          py::arg("filename"), py::arg("line"), py::arg("col"))
      .def("set_unknown_loc",
           [](PyBuilder &self) {
             self.setLocation(UnknownLoc::get(self.getContext()));
           })
      .def("get_loc",
           [](PyBuilder &self) -> py::object {
             auto file = dyn_cast<FileLineColLoc>(self.getLocation());
             if (!file)
               return py::none();
             return py::make_tuple(file.getFilename().str(), file.getLine(),
                                   file.getColumn());
           })
      .def(
          "set_insertion_point_to_start",
          [](PyBuilder &self, const PyBlock &block) {
            self.getBuilder().setInsertionPointToStart(self.block(block));
          },
          py::arg("block"))
      .def(
          "set_insertion_point_to_end",
          [](PyBuilder &self, const PyBlock &block) {
            self.getBuilder().setInsertionPointToEnd(self.block(block));
          },
          py::arg("block"))
      .def(
          "set_insertion_point_before",
          [](PyBuilder &self, const PyOperation &op) {
            Operation *operation = self.operation(op);
            if (!operation->getBlock())
              throw ValueFailure("the operation is in no block");
            self.getBuilder().setInsertionPoint(operation);
          },
          py::arg("op"))
      .def(
          "set_insertion_point_after",
          [](PyBuilder &self, const PyOperation &op) {
            Operation *operation = self.operation(op);
            if (!operation->getBlock())
              throw ValueFailure("the operation is in no block");
            self.getBuilder().setInsertionPointAfter(operation);
          },
          py::arg("op"))
      .def("get_insertion_block",
           [](PyBuilder &self) -> std::optional<PyBlock> {
             if (Block *block = self.getBuilder().getInsertionBlock())
               return self.wrap(block);
             return std::nullopt;
           })
      .def("save_insertion_point",
           [](PyBuilder &self) {
             return PyInsertPoint{self.getContextRef(),
                                  self.getBuilder().saveInsertionPoint()};
           })
      .def(
          "restore_insertion_point",
          [](PyBuilder &self, const PyInsertPoint &point) {
            if (point.context != self.getContextRef())
              throw ValueFailure(
                  "the insertion point belongs to another Context");
            self.getBuilder().restoreInsertionPoint(point.point);
          },
          py::arg("point"))
      .def(
          "body_insertion",
          [](PyBuilder &self, const PyOperation &op, unsigned index) {
            Operation *operation = self.operation(op);
            if (index >= operation->getNumRegions())
              throw ValueFailure("'" +
                                    operation->getName().getStringRef().str() +
                                    "' has no region " + std::to_string(index));
            Region &region = operation->getRegion(index);
            if (region.empty())
              throw ValueFailure(
                  "region " + std::to_string(index) + " of '" +
                  operation->getName().getStringRef().str() + "' has no block");
            Block &block = region.front();
            if (block.mightHaveTerminator())
              self.getBuilder().setInsertionPoint(block.getTerminator());
            else
              self.getBuilder().setInsertionPointToEnd(&block);
            return self.wrap(&block);
          },
          py::arg("op"), py::arg("region") = 0,
          "Set the insertion point before the terminator of the first block "
          "of the region (at its end if it has none) and return the block.");
}

//===----------------------------------------------------------------------===//
// Core objects
//===----------------------------------------------------------------------===//

/// True if a value defined by `op` or inside its regions is used outside it:
/// erasing `op` would leave that use dangling.
static bool isUsedOutside(Operation *op) {
  auto usedOutside = [&](Value value) {
    return llvm::any_of(value.getUsers(),
                        [&](Operation *user) { return !op->isAncestor(user); });
  };
  WalkResult result = op->walk([&](Operation *nested) {
    for (Value value : nested->getResults())
      if (usedOutside(value))
        return WalkResult::interrupt();
    for (Region &region : nested->getRegions())
      for (Block &block : region)
        for (Value argument : block.getArguments())
          if (usedOutside(argument))
            return WalkResult::interrupt();
    return WalkResult::advance();
  });
  return result.wasInterrupted();
}

static void populateCoreObjects(py::module_ &m) {
  py::class_<PyContext, std::shared_ptr<PyContext>>(
      m, "Context",
      "An MLIRContext with the project's dialects and arith, scf, memref, "
      "func and emitc loaded.")
      .def(py::init<>());

  py::class_<PyType>(m, "Type")
      .def("__str__", [](const PyType &self) { return print(self.type); })
      .def("__repr__",
           [](const PyType &self) { return "Type(" + print(self.type) + ")"; })
      .def("__eq__",
           [](const PyType &self, const PyType &other) {
             return self.type == other.type;
           })
      .def("__hash__",
           [](const PyType &self) {
             return reinterpret_cast<intptr_t>(self.type.getAsOpaquePointer());
           })
      .def("is_tile",
           [](const PyType &self) { return isa<tile::TileType>(self.type); })
      .def("is_view",
           [](const PyType &self) {
             return isa<tile::ViewType, workload::ViewType>(self.type);
           })
      .def("is_tile_view",
           [](const PyType &self) { return isa<tile::ViewType>(self.type); })
      .def(
          "is_workload_view",
          [](const PyType &self) { return isa<workload::ViewType>(self.type); })
      .def("is_memref",
           [](const PyType &self) { return isa<MemRefType>(self.type); })
      .def("is_channel",
           [](const PyType &self) { return isa<csp::ChannelType>(self.type); })
      .def("is_index", [](const PyType &self) { return self.type.isIndex(); })
      .def("is_integer",
           [](const PyType &self) { return isa<IntegerType>(self.type); })
      .def("is_float",
           [](const PyType &self) { return isa<FloatType>(self.type); })
      .def_property_readonly(
          "shape", [](const PyType &self) { return getShape(self.type); })
      .def_property_readonly(
          "element_type",
          [](const PyType &self) {
            return PyType{self.context, getElementType(self.type)};
          })
      .def_property_readonly("width", [](const PyType &self) {
        if (!isa<IntegerType, FloatType>(self.type))
          throw ValueFailure(print(self.type) + " has no bit width");
        return self.type.getIntOrFloatBitWidth();
      });

  py::class_<PyValue>(m, "Value")
      .def_property_readonly(
          "type",
          [](const PyValue &self) {
            return PyType{self.context, self.value.getType()};
          })
      .def_property_readonly(
          "defining_op",
          [](const PyValue &self) -> std::optional<PyOperation> {
            if (Operation *op = self.value.getDefiningOp())
              return PyOperation{self.context, op};
            return std::nullopt;
          })
      .def(
          "set_type",
          [](PyValue &self, const PyType &type) {
            if (type.context != self.context)
              throw ValueFailure("the type belongs to another Context");
            self.value.setType(type.type);
          },
          py::arg("type"),
          "Change the value's type in place (e.g. a channel whose payload "
          "becomes known after its creation); uses are not re-checked until "
          "verification.")
      .def("__str__", [](const PyValue &self) { return print(self.value); })
      .def("__eq__",
           [](const PyValue &self, const PyValue &other) {
             return self.value == other.value;
           })
      .def("__hash__", [](const PyValue &self) {
        return reinterpret_cast<intptr_t>(self.value.getAsOpaquePointer());
      });

  py::class_<PyOperation>(m, "Operation")
      .def_property_readonly(
          "name",
          [](const PyOperation &self) {
            return self.operation->getName().getStringRef().str();
          })
      .def_property_readonly("results",
                             [](const PyOperation &self) {
                               std::vector<PyValue> results;
                               for (Value result : self.operation->getResults())
                                 results.push_back({self.context, result});
                               return results;
                             })
      .def_property_readonly(
          "result",
          [](const PyOperation &self) {
            if (self.operation->getNumResults() != 1)
              throw ValueFailure(
                  "'" + self.operation->getName().getStringRef().str() +
                  "' has " + std::to_string(self.operation->getNumResults()) +
                  " results, not one");
            return PyValue{self.context, self.operation->getResult(0)};
          })
      .def_property_readonly("operands",
                             [](const PyOperation &self) {
                               std::vector<PyValue> operands;
                               for (Value operand :
                                    self.operation->getOperands())
                                 operands.push_back({self.context, operand});
                               return operands;
                             })
      .def_property_readonly("num_regions",
                             [](const PyOperation &self) {
                               return self.operation->getNumRegions();
                             })
      .def(
          "region",
          [](const PyOperation &self, unsigned index) {
            if (index >= self.operation->getNumRegions())
              throw ValueFailure(
                  "'" + self.operation->getName().getStringRef().str() +
                  "' has no region " + std::to_string(index));
            return PyRegion{self.context, &self.operation->getRegion(index)};
          },
          py::arg("index"))
      .def_property_readonly(
          "parent_block",
          [](const PyOperation &self) -> std::optional<PyBlock> {
            if (Block *block = self.operation->getBlock())
              return PyBlock{self.context, block};
            return std::nullopt;
          })
      .def("verify",
           [](const PyOperation &self) { verifyOrRaise(self.operation); })
      .def("__str__",
           [](const PyOperation &self) {
             return printOperation(self.operation, /*withLocations=*/false);
           })
      .def("__eq__",
           [](const PyOperation &self, const PyOperation &other) {
             return self.operation == other.operation;
           })
      .def("__hash__",
           [](const PyOperation &self) {
             return reinterpret_cast<intptr_t>(self.operation);
           })
      .def(
          "erase",
          [](PyOperation &self) {
            Operation *op = self.operation;
            if (!op->getBlock())
              throw ValueFailure("only operations inside a block can be "
                                    "erased");
            if (isUsedOutside(op))
              throw ValueFailure(
                  "'" + op->getName().getStringRef().str() +
                  "' cannot be erased: values it defines are still used");
            op->erase();
          },
          "Erase the operation (and its regions); every handle to it, or to "
          "anything inside it, becomes invalid.");

  py::class_<PyRegion>(m, "Region")
      .def_property_readonly("blocks",
                             [](const PyRegion &self) {
                               std::vector<PyBlock> blocks;
                               for (Block &block : *self.region)
                                 blocks.push_back({self.context, &block});
                               return blocks;
                             })
      .def(
          "add_block",
          [](const PyRegion &self, const std::vector<PyType> &argumentTypes) {
            for (const PyType &type : argumentTypes)
              if (type.context != self.context)
                throw ValueFailure("the type belongs to another Context");
            Block *block = new Block();
            self.region->push_back(block);
            for (const PyType &type : argumentTypes)
              block->addArgument(type.type, self.region->getLoc());
            return PyBlock{self.context, block};
          },
          py::arg("argument_types") = std::vector<PyType>())
      .def("empty", [](const PyRegion &self) { return self.region->empty(); });

  py::class_<PyBlock>(m, "Block")
      .def_property_readonly("arguments",
                             [](const PyBlock &self) {
                               std::vector<PyValue> arguments;
                               for (Value argument : self.block->getArguments())
                                 arguments.push_back({self.context, argument});
                               return arguments;
                             })
      .def_property_readonly("operations",
                             [](const PyBlock &self) {
                               std::vector<PyOperation> operations;
                               for (Operation &op : *self.block)
                                 operations.push_back({self.context, &op});
                               return operations;
                             })
      .def_property_readonly(
          "parent_op",
          [](const PyBlock &self) -> std::optional<PyOperation> {
            if (Operation *op = self.block->getParentOp())
              return PyOperation{self.context, op};
            return std::nullopt;
          })
      .def(
          "add_argument",
          [](const PyBlock &self, const PyType &type) {
            if (type.context != self.context)
              throw ValueFailure("the type belongs to another Context");
            Location location = self.block->getParentOp()
                                    ? self.block->getParentOp()->getLoc()
                                    : UnknownLoc::get(type.type.getContext());
            return PyValue{self.context,
                           self.block->addArgument(type.type, location)};
          },
          py::arg("type"),
          "Append an argument of `type` to the block and return it.")
      .def("__eq__",
           [](const PyBlock &self, const PyBlock &other) {
             return self.block == other.block;
           })
      .def("__hash__", [](const PyBlock &self) {
        return reinterpret_cast<intptr_t>(self.block);
      });

  py::class_<PyInsertPoint>(m, "InsertPoint",
                            "An insertion point saved by "
                            "Builder.save_insertion_point().");

  py::class_<PyModule>(m, "Module")
      .def(py::init([](ContextRef context) {
             auto module = std::make_unique<PyModule>();
             module->context = context;
             module->module =
                 ModuleOp::create(UnknownLoc::get(&context->get()));
             return module;
           }),
           py::arg("context"))
      .def_property_readonly("context",
                             [](const PyModule &self) { return self.context; })
      .def_property_readonly(
          "body",
          [](const PyModule &self) {
            return PyBlock{self.context, self.module.get().getBody()};
          })
      .def_property_readonly(
          "operation",
          [](const PyModule &self) {
            return PyOperation{self.context, self.module.get().getOperation()};
          })
      .def("__str__",
           [](const PyModule &self) {
             return printOperation(self.module.get(), /*withLocations=*/false);
           })
      .def(
          "to_string",
          [](const PyModule &self, bool withLocations) {
            return printOperation(self.module.get(), withLocations);
          },
          py::arg("with_locations") = false)
      .def(
          "verify",
          [](const PyModule &self) { verifyOrRaise(self.module.get()); },
          "Run the verifier; its diagnostics raise CompileFailure.");
}

void populateIRCore(py::module_ &m) {
  populateCoreObjects(m);
  BuilderClass builder(m, "Builder",
                       "Creates operations at an insertion point with the "
                       "current source location.");
  builder.def(py::init<ContextRef>(), py::arg("context"));
  populateLocationsAndInsertion(builder);
  populateTypes(builder);
}

} // namespace ptowsp::python
