//===- HostProgram.cpp - the XRT host program of a design, through EmitC --===//
//
// Builds `emitc.file "host.cpp"`: the program an mlir-aie user writes to run
// a design with XRT — open the device, register the xclbin, create the
// hardware context and the MLIR_AIE kernel, one buffer object per runtime-
// sequence argument (kernel argument groups 3, 4, ...) loaded with the
// inputs, launch with opcode 3 and the instruction stream, read the outputs
// back and compare them with the expected ones. Member calls go through the
// free functions of ptowsp_aie_host.h (EmitC has none).
//
//===----------------------------------------------------------------------===//

#include "HostProgram.h"

#include "pto-wsp/Conversion/EmitCHelpers.h"

#include "mlir/Dialect/EmitC/IR/EmitC.h"
#include "llvm/Support/FormatVariadic.h"

using namespace mlir;
using namespace ptowsp;
using namespace ptowsp::aie;


void ptowsp::aie::buildHostProgram(OpBuilder &builder, Location loc,
                                   const Design &design) {
  MLIRContext *context = builder.getContext();
  auto type = [&](StringRef text) { return opaqueType(context, text); };
  auto literal = [&](StringRef text) { return opaque(context, text); };
  auto call = [&](Type result, StringRef callee, ValueRange operands,
                  ArrayRef<Attribute> trailing = {},
                  ArrayAttr templateArgs = {}) -> Value {
    ArrayAttr args;
    if (!trailing.empty())
      args = operandsThen(builder, operands.size(), trailing);
    auto op = emitc::CallOpaqueOp::create(
        builder, loc, result ? TypeRange{result} : TypeRange{}, callee,
        operands, args, templateArgs);
    return result ? op.getResult(0) : Value();
  };

  auto file = emitc::FileOp::create(builder, loc, "host.cpp");
  if (file.getBodyRegion().empty())
    file.getBodyRegion().emplaceBlock();
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToStart(&file.getBodyRegion().front());
  emitc::IncludeOp::create(builder, loc, "ptowsp_aie_host.h");

  Type argv = emitc::PointerType::get(emitc::PointerType::get(type("char")));
  auto main = emitc::FuncOp::create(
      builder, loc, "main",
      builder.getFunctionType({builder.getI32Type(), argv},
                              {builder.getI32Type()}));
  Block *body = main.addEntryBlock();
  builder.setInsertionPointToStart(body);

  Value options = call(type("ptowsp::aie_host::Options"),
                       "ptowsp::aie_host::parse_options", body->getArguments());
  Value instructions = call(type("std::vector<uint32_t>"),
                            "ptowsp::aie_host::load_instructions", options);
  Value device = call(type("xrt::device"), "xrt::device", {},
                      {builder.getUI32IntegerAttr(0)});
  Value xclbin = call(type("xrt::xclbin"), "ptowsp::aie_host::load_xclbin",
                      ValueRange{device, options});
  Value hwContext = call(type("xrt::hw_context"),
                         "ptowsp::aie_host::make_context",
                         ValueRange{device, xclbin});
  Value kernel = call(type("xrt::kernel"), "ptowsp::aie_host::find_kernel",
                      hwContext);
  Value instructionBo = call(type("xrt::bo"), "ptowsp::aie_host::instruction_bo",
                             ValueRange{device, kernel, instructions});

  // One buffer object per runtime-sequence argument, in order.
  SmallVector<Value> bos;
  for (auto [index, tensor] : llvm::enumerate(design.tensors)) {
    int64_t bytes = tensor.getBytes();
    SmallVector<Attribute> args = {
        builder.getIndexAttr(0), builder.getIndexAttr(1),
        builder.getI32IntegerAttr(3 + index), builder.getI64IntegerAttr(bytes),
        builder.getIndexAttr(2),
        literal("\"" + tensor.name + "\"")};
    bos.push_back(emitc::CallOpaqueOp::create(
                     builder, loc, TypeRange{type("xrt::bo")},
                     "ptowsp::aie_host::tensor_bo",
                     ValueRange{device, kernel, options},
                     builder.getArrayAttr(args), ArrayAttr())
                      .getResult(0));
  }
  SmallVector<Value> launchOperands = {kernel, instructionBo, instructions};
  launchOperands.append(bos.begin(), bos.end());
  call(Type(), "ptowsp::aie_host::launch", launchOperands);

  // Outputs: every tensor the design writes back (not the on-chip ones).
  Type count = builder.getI64Type();
  Value mismatches = emitc::ConstantOp::create(builder, loc, count,
                                               builder.getI64IntegerAttr(0));
  for (auto [index, tensor] : llvm::enumerate(design.tensors)) {
    if (!tensor.written || tensor.onChip)
      continue;
    SmallVector<Attribute> args = {
        builder.getIndexAttr(0), builder.getIndexAttr(1),
        literal("\"" + tensor.name + "\""),
        builder.getI64IntegerAttr(tensor.type.getNumElements())};
    Value found =
        emitc::CallOpaqueOp::create(
            builder, loc, TypeRange{count}, "ptowsp::aie_host::check_output",
            ValueRange{bos[index], options}, builder.getArrayAttr(args),
            builder.getArrayAttr(
                {literal(getCppTypeName(tensor.type.getElementType()))}))
            .getResult(0);
    mismatches = emitc::AddOp::create(builder, loc, count, mismatches, found);
  }
  Value status = call(builder.getI32Type(), "ptowsp::aie_host::finish",
                      mismatches);
  emitc::ReturnOp::create(builder, loc, status);
}
