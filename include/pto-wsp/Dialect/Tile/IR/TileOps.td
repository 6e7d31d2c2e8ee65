//===- TileOps.td - tile dialect operations -----------------*- tablegen -*-===//
//
// Kernels and the tile operations of ARCHITECTURE.md §3.1. The PTO-ISA
// instruction each operation lowers to is named in its summary.
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_TILE_OPS
#define PTOWSP_TILE_OPS

include "pto-wsp/Dialect/Tile/IR/TileTypes.td"
include "mlir/IR/OpAsmInterface.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/Interfaces/FunctionInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"

def Tile_AnyTile : Type<CPred<"::llvm::isa<::ptowsp::tile::TileType>($_self)">,
                        "tile", "::ptowsp::tile::TileType">;
def Tile_AnyView : Type<CPred<"::llvm::isa<::ptowsp::tile::ViewType>($_self)">,
                        "global view", "::ptowsp::tile::ViewType">;
def Tile_Scalar : AnyTypeOf<[AnyFloat, AnySignlessInteger, Index], "scalar">;

//===----------------------------------------------------------------------===//
// Kernels
//===----------------------------------------------------------------------===//

def Tile_KernelOp : Tile_Op<"kernel", [
    FunctionOpInterface, IsolatedFromAbove, Symbol, OpAsmOpInterface,
    SingleBlockImplicitTerminator<"ReturnOp">]> {
  let summary = "a tile kernel: a symbol with global-view and scalar arguments";
  let description = [{
    A kernel's arguments are `!tile.view` windows (whose direction says how the
    kernel accesses them) and scalars (integers, floats, index). It has no
    results: it communicates through its `out`/`inout` views. The body is one
    straight-line block of tile operations (loops over tiles belong to the
    workload, which generates one task per tile).

    ```mlir
    tile.kernel @copy(%x: !tile.view<8x8xf32, in>, %y: !tile.view<8x8xf32, out>) {
      %t = tile.load %x : !tile.view<8x8xf32, in> -> !tile.tile<8x8xf32>
      tile.store %t, %y : !tile.tile<8x8xf32>, !tile.view<8x8xf32, out>
      tile.return
    }
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name,
                       TypeAttrOf<FunctionType>:$function_type,
                       OptionalAttr<DictArrayAttr>:$arg_attrs,
                       OptionalAttr<DictArrayAttr>:$res_attrs);
  let regions = (region SizedRegion<1>:$body);
  let hasCustomAssemblyFormat = 1;
  let hasVerifier = 1;
  let builders = [OpBuilder<(ins "::llvm::StringRef":$name,
                                 "::mlir::FunctionType":$type)>];
  let extraClassDeclaration = [{
    //===------------------------------------------------------------------===//
    // FunctionOpInterface
    //===------------------------------------------------------------------===//
    ::mlir::Region *getCallableRegion() { return &getBody(); }
    ::llvm::ArrayRef<::mlir::Type> getArgumentTypes() {
      return getFunctionType().getInputs();
    }
    ::llvm::ArrayRef<::mlir::Type> getResultTypes() {
      return getFunctionType().getResults();
    }
    //===------------------------------------------------------------------===//
    // OpAsmOpInterface
    //===------------------------------------------------------------------===//
    static ::llvm::StringRef getDefaultDialect() { return "tile"; }
    /// The kernel's simulated cycle count, once -tile-estimate-cycles ran.
    std::optional<int64_t> getEstimatedCycles();
  }];
}

def Tile_ReturnOp : Tile_Op<"return", [Pure, Terminator, HasParent<"KernelOp">]> {
  let summary = "terminates a kernel body";
  let description = [{
    ```mlir
    tile.return
    ```
  }];
  let assemblyFormat = "attr-dict";
}

//===----------------------------------------------------------------------===//
// Memory
//===----------------------------------------------------------------------===//

def Tile_LoadOp : Tile_Op<"load", [AttrSizedOperandSegments,
                                   MemoryEffects<[MemRead]>]> {
  let summary = "load a tile from a global view [TLOAD]";
  let description = [{
    Loads the view's window into a tile of the same shape and element type. The
    tile's valid region is the window's run-time extent, further limited to
    `valid(rows, cols)` when given; elements outside the valid region are zero.

    ```mlir
    %t = tile.load %x : !tile.view<16x128xf32, in> -> !tile.tile<16x128xf32>
    %p = tile.load %x valid(%r, %c) : !tile.view<16x128xf32, in> -> !tile.tile<16x128xf32>
    ```
  }];
  let arguments = (ins Tile_AnyView:$view, Optional<Index>:$validRows,
                       Optional<Index>:$validCols);
  let results = (outs Tile_AnyTile:$result);
  let assemblyFormat = [{
    $view (`valid` `(` $validRows^ `,` $validCols `)`)? attr-dict `:`
    qualified(type($view)) `->` qualified(type($result))
  }];
  let hasVerifier = 1;
}

def Tile_StoreOp : Tile_Op<"store", [AttrSizedOperandSegments,
                                     MemoryEffects<[MemWrite]>]> {
  let summary = "store a tile to a global view [TSTORE]";
  let description = [{
    Writes the tile's valid region (further limited to `valid(rows, cols)` when
    given, and to the window's run-time extent) to the view.

    ```mlir
    tile.store %t, %y : !tile.tile<16x128xf32>, !tile.view<16x128xf32, out>
    ```
  }];
  let arguments = (ins Tile_AnyTile:$value, Tile_AnyView:$view,
                       Optional<Index>:$validRows, Optional<Index>:$validCols);
  let assemblyFormat = [{
    $value `,` $view (`valid` `(` $validRows^ `,` $validCols `)`)? attr-dict `:`
    qualified(type($value)) `,` qualified(type($view))
  }];
  let hasVerifier = 1;
}

def Tile_MoveOp : Tile_Op<"move", [Pure, SameOperandsAndResultType]> {
  let summary = "copy a tile between on-chip buffers [TMOV]";
  let description = [{
    Inserted by buffer planning where a value must change buffer, e.g. a
    matmul result (L0C) feeding a vector operation (UB), or a vector result
    feeding the cube unit (L0A/L0B).

    ```mlir
    %m = tile.move %t : !tile.tile<16x16xf32>
    ```
  }];
  let arguments = (ins Tile_AnyTile:$source);
  let results = (outs Tile_AnyTile:$result);
  let assemblyFormat = "$source attr-dict `:` qualified(type($result))";
}

//===----------------------------------------------------------------------===//
// Elementwise binary operations with broadcasting
//===----------------------------------------------------------------------===//

class Tile_BinaryOp<string mnemonic, string isa>
    : Tile_Op<mnemonic, [Pure]> {
  let summary = "elementwise " # mnemonic # " of two tiles [T" # isa #
                ", TROWEXPAND" # isa # ", TCOLEXPAND" # isa # "]";
  let description = [{
    Both operands have the result's shape, or one of them is a column
    (`Rx1`, broadcast along each row) or a row (`1xC`, broadcast down each
    column) of it; the broadcast operand may be on either side.

    ```mlir
    %c = tile.}] # mnemonic # [{ %a, %b : !tile.tile<16x128xf32>, !tile.tile<16x1xf32> -> !tile.tile<16x128xf32>
    ```
  }];
  let arguments = (ins Tile_AnyTile:$lhs, Tile_AnyTile:$rhs);
  let results = (outs Tile_AnyTile:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` qualified(type($lhs)) `,` qualified(type($rhs))
    `->` qualified(type($result))
  }];
  let hasVerifier = 1;
  let extraClassDefinition = [{
    ::mlir::LogicalResult $cppClass::verify() { return verifyBinaryOp(*this); }
  }];
  let extraClassDeclaration = [{
    /// True if swapping the operands leaves the result unchanged.
    static constexpr bool isCommutative() { return }] #
      !if(!or(!eq(mnemonic, "sub"), !eq(mnemonic, "div")), "false", "true") # [{; }
    /// Division is defined on float tiles only (as in PTO-ISA).
    static constexpr bool requiresFloat() { return }] #
      !if(!eq(mnemonic, "div"), "true", "false") # [{; }
  }];
}

def Tile_AddOp : Tile_BinaryOp<"add", "ADD">;
def Tile_SubOp : Tile_BinaryOp<"sub", "SUB">;
def Tile_MulOp : Tile_BinaryOp<"mul", "MUL">;
def Tile_DivOp : Tile_BinaryOp<"div", "DIV">;
def Tile_MaxOp : Tile_BinaryOp<"max", "MAX">;
def Tile_MinOp : Tile_BinaryOp<"min", "MIN">;

def Tile_BroadcastOp : Tile_Op<"broadcast", [Pure]> {
  let summary = "broadcast a column or row to a full tile [TROWEXPAND, TCOLEXPAND]";
  let description = [{
    An `Rx1` source is repeated along each row, a `1xC` source down each column.

    ```mlir
    %f = tile.broadcast %r : !tile.tile<16x1xf32> -> !tile.tile<16x128xf32>
    ```
  }];
  let arguments = (ins Tile_AnyTile:$source);
  let results = (outs Tile_AnyTile:$result);
  let assemblyFormat = [{
    $source attr-dict `:` qualified(type($source)) `->` qualified(type($result))
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Tile-scalar operations
//===----------------------------------------------------------------------===//

class Tile_ScalarOp<string mnemonic, string isa>
    : Tile_Op<mnemonic, [Pure, AllTypesMatch<["tile", "result"]>]> {
  let summary = "elementwise " # mnemonic # " of a tile and a scalar [T" # isa # "]";
  let description = [{
    The scalar is a float for float tiles and an integer for integer tiles; it
    is converted to the tile's element type.

    ```mlir
    %c = tile.}] # mnemonic # [{ %a, %s : !tile.tile<16x128xf32>, f32
    ```
  }];
  let arguments = (ins Tile_AnyTile:$tile, Tile_Scalar:$scalar);
  let results = (outs Tile_AnyTile:$result);
  let assemblyFormat = [{
    $tile `,` $scalar attr-dict `:` qualified(type($tile)) `,` type($scalar)
  }];
  let hasVerifier = 1;
  let extraClassDefinition = [{
    ::mlir::LogicalResult $cppClass::verify() { return verifyScalarOp(*this); }
  }];
  let extraClassDeclaration = [{
    /// Division is defined on float tiles only (as in PTO-ISA).
    static constexpr bool requiresFloat() { return }] #
      !if(!eq(mnemonic, "divs"), "true", "false") # [{; }
  }];
}

def Tile_AddSOp : Tile_ScalarOp<"adds", "ADDS">;
def Tile_SubSOp : Tile_ScalarOp<"subs", "SUBS">;
def Tile_MulSOp : Tile_ScalarOp<"muls", "MULS">;
def Tile_DivSOp : Tile_ScalarOp<"divs", "DIVS">;
def Tile_MaxSOp : Tile_ScalarOp<"maxs", "MAXS">;
def Tile_MinSOp : Tile_ScalarOp<"mins", "MINS">;

//===----------------------------------------------------------------------===//
// Unary operations
//===----------------------------------------------------------------------===//

class Tile_UnaryOp<string mnemonic, string isa, bit floatOnly>
    : Tile_Op<mnemonic, [Pure, SameOperandsAndResultType]> {
  let summary = "elementwise " # mnemonic # " of a tile [T" # isa # "]";
  let description = [{
    ```mlir
    %b = tile.}] # mnemonic # [{ %a : !tile.tile<16x128xf32>
    ```
  }];
  let arguments = (ins Tile_AnyTile:$source);
  let results = (outs Tile_AnyTile:$result);
  let assemblyFormat = "$source attr-dict `:` qualified(type($result))";
  let hasVerifier = 1;
  let extraClassDefinition = [{
    ::mlir::LogicalResult $cppClass::verify() { return verifyUnaryOp(*this); }
  }];
  let extraClassDeclaration = [{
    static constexpr bool requiresFloat() { return }] #
      !if(floatOnly, "true", "false") # [{; }
  }];
}

def Tile_ExpOp : Tile_UnaryOp<"exp", "EXP", 1>;
def Tile_LogOp : Tile_UnaryOp<"log", "LOG", 1>;
def Tile_SqrtOp : Tile_UnaryOp<"sqrt", "SQRT", 1>;
def Tile_RsqrtOp : Tile_UnaryOp<"rsqrt", "RSQRT", 1>;
def Tile_RecipOp : Tile_UnaryOp<"recip", "RECIP", 1>;
def Tile_AbsOp : Tile_UnaryOp<"abs", "ABS", 0>;
def Tile_NegOp : Tile_UnaryOp<"neg", "NEG", 0>;
def Tile_ReluOp : Tile_UnaryOp<"relu", "RELU", 0>;

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

class Tile_ReduceOp<string mnemonic, string isa, bit alongRows>
    : Tile_Op<mnemonic, [Pure]> {
  let summary = !if(alongRows, "reduce each row to one column", "reduce each column to one row") #
                " (" # mnemonic # ") [" # isa # "]";
  let description = [{
    Reduces over the source's valid region}] #
    !if(alongRows, "; an `RxC` source gives an `Rx1` result.", "; an `RxC` source gives a `1xC` result.") # [{

    ```mlir
    %r = tile.}] # mnemonic # [{ %a : !tile.tile<16x128xf32> -> }] #
    !if(alongRows, "!tile.tile<16x1xf32>", "!tile.tile<1x128xf32>") # [{
    ```
  }];
  let arguments = (ins Tile_AnyTile:$source);
  let results = (outs Tile_AnyTile:$result);
  let assemblyFormat = [{
    $source attr-dict `:` qualified(type($source)) `->` qualified(type($result))
  }];
  let hasVerifier = 1;
  let extraClassDefinition = [{
    ::mlir::LogicalResult $cppClass::verify() { return verifyReduceOp(*this); }
  }];
  let extraClassDeclaration = [{
    static constexpr bool reducesRows() { return }] #
      !if(alongRows, "true", "false") # [{; }
    /// The mean divides: float tiles only.
    static constexpr bool requiresFloat() { return }] #
      !if(!eq(mnemonic, "rowmean"), "true", "false") # [{; }
  }];
}

def Tile_RowSumOp : Tile_ReduceOp<"rowsum", "TROWSUM", 1>;
def Tile_RowMaxOp : Tile_ReduceOp<"rowmax", "TROWMAX", 1>;
def Tile_RowMinOp : Tile_ReduceOp<"rowmin", "TROWMIN", 1>;
def Tile_RowMeanOp : Tile_ReduceOp<"rowmean", "TROWSUM then TMULS by 1/C", 1>;
def Tile_ColSumOp : Tile_ReduceOp<"colsum", "TCOLSUM", 0>;
def Tile_ColMaxOp : Tile_ReduceOp<"colmax", "TCOLMAX", 0>;
def Tile_ColMinOp : Tile_ReduceOp<"colmin", "TCOLMIN", 0>;

//===----------------------------------------------------------------------===//
// Matmul
//===----------------------------------------------------------------------===//

def Tile_MatmulOp : Tile_Op<"matmul", [Pure,
    OptionalTypesMatchWith<"accumulator type matches result type", "result",
                           "acc", "$_self">]> {
  let summary = "matrix multiply with optional accumulator [TMATMUL, TMATMUL_ACC]";
  let description = [{
    `result = lhs x rhs (+ acc)`. The operands are `MxK` and `KxN` tiles of
    f16, bf16 or f32 (both the same); the result (and the accumulator) is an
    `MxN` f32 tile. Runs on the cube unit.

    ```mlir
    %c = tile.matmul %a, %b : !tile.tile<16x16xf16>, !tile.tile<16x16xf16> -> !tile.tile<16x16xf32>
    %d = tile.matmul %a, %b acc %c : !tile.tile<16x16xf16>, !tile.tile<16x16xf16> -> !tile.tile<16x16xf32>
    ```
  }];
  let arguments = (ins Tile_AnyTile:$lhs, Tile_AnyTile:$rhs,
                       Optional<Tile_AnyTile>:$acc);
  let results = (outs Tile_AnyTile:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs (`acc` $acc^)? attr-dict `:` qualified(type($lhs)) `,`
    qualified(type($rhs)) `->` qualified(type($result))
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Conversion, fill, compare/select, transpose
//===----------------------------------------------------------------------===//

def Tile_CastOp : Tile_Op<"cast", [Pure]> {
  let summary = "convert the element type of a tile [TCVT]";
  let description = [{
    Float-to-integer conversions round per `round` (default `rint`, round to
    nearest even; `round` is ties away from zero) and saturate; conversions
    to a float type round to nearest even, and other modes are rejected for
    them.

    ```mlir
    %h = tile.cast %a : !tile.tile<16x16xf32> -> !tile.tile<16x16xf16>
    %i = tile.cast %a round floor : !tile.tile<16x16xf32> -> !tile.tile<16x16xi32>
    ```
  }];
  let arguments = (ins Tile_AnyTile:$source,
                       DefaultValuedAttr<Tile_RoundModeAttr, "RoundMode::Rint">:$round);
  let results = (outs Tile_AnyTile:$result);
  let assemblyFormat = [{
    $source (`round` $round^)? attr-dict `:` qualified(type($source))
    `->` qualified(type($result))
  }];
  let hasVerifier = 1;
}

def Tile_FillOp : Tile_Op<"fill", [Pure]> {
  let summary = "a tile with every element set to a run-time scalar [TEXPANDS]";
  let description = [{
    ```mlir
    %z = tile.fill %s : f32 -> !tile.tile<16x128xf32>
    ```
  }];
  let arguments = (ins Tile_Scalar:$scalar);
  let results = (outs Tile_AnyTile:$result);
  let assemblyFormat = "$scalar attr-dict `:` type($scalar) `->` qualified(type($result))";
  let hasVerifier = 1;
}

def Tile_ConstantOp : Tile_Op<"constant", [Pure, ConstantLike]> {
  let summary = "a tile with every element set to a constant [TEXPANDS]";
  let description = [{
    ```mlir
    %z = tile.constant 0.0 : f32 -> !tile.tile<16x128xf32>
    ```
  }];
  let arguments = (ins TypedAttrInterface:$value);
  let results = (outs Tile_AnyTile:$result);
  let assemblyFormat = "$value attr-dict `->` qualified(type($result))";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Tile_CmpOp : Tile_Op<"cmp", [Pure, AllTypesMatch<["lhs", "rhs"]>]> {
  let summary = "elementwise comparison of two tiles into a mask [TCMP]";
  let description = [{
    The result is an `i1` tile of the operands' shape.

    ```mlir
    %m = tile.cmp lt, %a, %b : !tile.tile<16x16xf32> -> !tile.tile<16x16xi1>
    ```
  }];
  let arguments = (ins Tile_CmpPredicateAttr:$predicate, Tile_AnyTile:$lhs,
                       Tile_AnyTile:$rhs);
  let results = (outs Tile_AnyTile:$result);
  let assemblyFormat = [{
    $predicate `,` $lhs `,` $rhs attr-dict `:` qualified(type($lhs)) `->`
    qualified(type($result))
  }];
  let hasVerifier = 1;
}

def Tile_CmpSOp : Tile_Op<"cmps", [Pure]> {
  let summary = "elementwise comparison of a tile with a scalar into a mask [TCMPS]";
  let description = [{
    ```mlir
    %m = tile.cmps gt, %a, %s : !tile.tile<16x16xf32>, f32 -> !tile.tile<16x16xi1>
    ```
  }];
  let arguments = (ins Tile_CmpPredicateAttr:$predicate, Tile_AnyTile:$tile,
                       Tile_Scalar:$scalar);
  let results = (outs Tile_AnyTile:$result);
  let assemblyFormat = [{
    $predicate `,` $tile `,` $scalar attr-dict `:` qualified(type($tile)) `,`
    type($scalar) `->` qualified(type($result))
  }];
  let hasVerifier = 1;
}

def Tile_SelectOp : Tile_Op<"select", [Pure,
    AllTypesMatch<["trueValue", "falseValue", "result"]>]> {
  let summary = "elementwise choice between two tiles by a mask [TSEL]";
  let description = [{
    ```mlir
    %r = tile.select %m, %a, %b : !tile.tile<16x16xi1>, !tile.tile<16x16xf32>
    ```
  }];
  let arguments = (ins Tile_AnyTile:$mask, Tile_AnyTile:$trueValue,
                       Tile_AnyTile:$falseValue);
  let results = (outs Tile_AnyTile:$result);
  let assemblyFormat = [{
    $mask `,` $trueValue `,` $falseValue attr-dict `:` qualified(type($mask))
    `,` qualified(type($result))
  }];
  let hasVerifier = 1;
}

def Tile_TransposeOp : Tile_Op<"transpose", [Pure]> {
  let summary = "transpose a tile [TTRANS]";
  let description = [{
    ```mlir
    %t = tile.transpose %a : !tile.tile<16x32xf32> -> !tile.tile<32x16xf32>
    ```
  }];
  let arguments = (ins Tile_AnyTile:$source);
  let results = (outs Tile_AnyTile:$result);
  let assemblyFormat = [{
    $source attr-dict `:` qualified(type($source)) `->` qualified(type($result))
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Routing helpers: iota, sort32, top-k
//===----------------------------------------------------------------------===//

def Tile_IotaOp : Tile_Op<"iota", [Pure]> {
  let summary = "column indices start, start+1, ... in every row [TCI]";
  let description = [{
    ```mlir
    %i = tile.iota 0 : !tile.tile<1x32xi32>
    ```
  }];
  let arguments = (ins I64Attr:$start);
  let results = (outs Tile_AnyTile:$result);
  let assemblyFormat = "$start attr-dict `:` qualified(type($result))";
  let hasVerifier = 1;
}

def Tile_Sort32Op : Tile_Op<"sort32", [Pure]> {
  let summary = "sort each 32-element block of every row, descending [TSORT32]";
  let description = [{
    Returns the sorted values and, for each, its original column index (`i32`).
    Equal values keep ascending index order. The column count must be a
    multiple of 32.

    ```mlir
    %v, %i = tile.sort32 %a : !tile.tile<1x32xf32> -> !tile.tile<1x32xf32>, !tile.tile<1x32xi32>
    ```
  }];
  let arguments = (ins Tile_AnyTile:$source);
  let results = (outs Tile_AnyTile:$values, Tile_AnyTile:$indices);
  let assemblyFormat = [{
    $source attr-dict `:` qualified(type($source)) `->` qualified(type($values))
    `,` qualified(type($indices))
  }];
  let hasVerifier = 1;
}

def Tile_TopKOp : Tile_Op<"topk", [Pure]> {
  let summary = "the k largest elements of every row and their column indices";
  let description = [{
    `k` is the results' column count. Values are in descending order; equal
    values are ordered by ascending column index. On Ascend this is TSORT32
    followed by TMRGSORT and an extraction; on cpu_sim it is one call.

    ```mlir
    %v, %i = tile.topk %a : !tile.tile<1x32xf32> -> !tile.tile<1x8xf32>, !tile.tile<1x8xi32>
    ```
  }];
  let arguments = (ins Tile_AnyTile:$source);
  let results = (outs Tile_AnyTile:$values, Tile_AnyTile:$indices);
  let assemblyFormat = [{
    $source attr-dict `:` qualified(type($source)) `->` qualified(type($values))
    `,` qualified(type($indices))
  }];
  let hasVerifier = 1;
}

#endif // PTOWSP_TILE_OPS
