# cmake -DOUTPUT=<file.inc> -DINPUTS="a.h,b.h" [-DBASE=<dir>] -P EmbedFiles.cmake
# Writes one `{"<name>", R"ptowsp_embed(<contents>)ptowsp_embed"},` entry per
# input, so that a library can carry files it writes out (e.g. the helper
# headers of an emitted source tree) without reading the source tree at run
# time. Entries are named by file name, or with BASE by path relative to it.
set(content "")
string(REPLACE "," ";" INPUTS "${INPUTS}")
foreach(input IN LISTS INPUTS)
  if(BASE)
    file(RELATIVE_PATH name "${BASE}" "${input}")
  else()
    get_filename_component(name "${input}" NAME)
  endif()
  file(READ "${input}" text)
  string(APPEND content "{\"${name}\", R\"ptowsp_embed(${text})ptowsp_embed\"},\n")
endforeach()
file(WRITE "${OUTPUT}.tmp" "${content}")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
