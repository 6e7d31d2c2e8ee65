# Helpers shared by the project's CMake files.

# ptowsp_add_library(<name> <sources...> [DEPENDS <targets...>] [LINK <libs...>])
# A project library linked against the single shared libMLIR.so (never the
# static MLIR archives: mixing them registers command-line options twice).
function(ptowsp_add_library name)
  cmake_parse_arguments(ARG "" "" "DEPENDS;LINK" ${ARGN})
  add_library(${name} STATIC ${ARG_UNPARSED_ARGUMENTS})
  set_target_properties(${name} PROPERTIES POSITION_INDEPENDENT_CODE ON)
  if(ARG_DEPENDS)
    add_dependencies(${name} ${ARG_DEPENDS})
  endif()
  target_link_libraries(${name} PUBLIC ${ARG_LINK} MLIR LLVM)
endfunction()

# ptowsp_add_dialect(<Name> <namespace>)
# Runs every ODS generator over include/pto-wsp/Dialect/<Name>/IR/<Name>Ops.td
# (which includes the dialect, type, attribute and enum definitions) and
# generates the dialect's Markdown reference into <build>/docs/Dialects/.
function(ptowsp_add_dialect name ns)
  set(LLVM_TARGET_DEFINITIONS ${name}Ops.td)
  mlir_tablegen(${name}Dialect.h.inc -gen-dialect-decls -dialect=${ns})
  mlir_tablegen(${name}Dialect.cpp.inc -gen-dialect-defs -dialect=${ns})
  mlir_tablegen(${name}Types.h.inc -gen-typedef-decls -typedefs-dialect=${ns})
  mlir_tablegen(${name}Types.cpp.inc -gen-typedef-defs -typedefs-dialect=${ns})
  mlir_tablegen(${name}Attrs.h.inc -gen-attrdef-decls -attrdefs-dialect=${ns})
  mlir_tablegen(${name}Attrs.cpp.inc -gen-attrdef-defs -attrdefs-dialect=${ns})
  mlir_tablegen(${name}Enums.h.inc -gen-enum-decls)
  mlir_tablegen(${name}Enums.cpp.inc -gen-enum-defs)
  mlir_tablegen(${name}Ops.h.inc -gen-op-decls)
  mlir_tablegen(${name}Ops.cpp.inc -gen-op-defs)
  add_public_tablegen_target(PTOWSP${name}IncGen)
  add_mlir_doc(${name}Ops ${name} Dialects/ -gen-dialect-doc -dialect=${ns})
endfunction()

# ptowsp_add_passes(<Name>): generates <Name>Passes.h.inc from Passes.td and its
# Markdown reference.
function(ptowsp_add_passes name)
  set(LLVM_TARGET_DEFINITIONS Passes.td)
  mlir_tablegen(Passes.h.inc -gen-pass-decls -name ${name})
  add_public_tablegen_target(PTOWSP${name}PassIncGen)
  add_mlir_doc(Passes ${name}Passes Passes/ -gen-pass-doc)
endfunction()
