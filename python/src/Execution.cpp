//===- Execution.cpp - compile and run cpu_sim graphs from Python ---------===//
//
// CompiledGraph: the generated C++ compiled into a cached shared library and
// run on the cpu_sim runtime through the same library functions as
// pto-wsp-run (Target/CpuSim/Graph.h), on NumPy arrays used in place.
//
//===----------------------------------------------------------------------===//

#include "Bindings.h"

#include "pto-wsp/Target/CpuSim/Graph.h"
#include "pto-wsp/Target/CpuSim/Runner.h"


#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <memory>
#include <optional>

namespace py = pybind11;
using namespace ptowsp::cpusim;

namespace ptowsp::python {
namespace {

/// A run the runtime refused or that failed; Python sees it as
/// ExecutionFailure(status, message).
struct ExecutionFailure : std::runtime_error {
  ExecutionFailure(std::string status, const std::string &message)
      : std::runtime_error(message), status(std::move(status)) {}
  std::string status;
};

//===----------------------------------------------------------------------===//
// Arguments
//===----------------------------------------------------------------------===//

/// The graph arguments, with references to the arrays they point into so
/// that the arrays outlive the run.
struct BoundArguments {
  std::vector<ptowsp_graph_arg> args;
  std::vector<py::array> arrays;
  std::vector<SymbolValue> symbols;
};

/// A tensor argument: the array's own buffer, used in place.
ptowsp_buffer bindArray(py::array &array, size_t index) {
  std::string where = "argument " + std::to_string(index);
  if (!(array.flags() & py::array::c_style))
    throw ValueFailure(where + ": the array must be C-contiguous (use "
                                  "numpy.ascontiguousarray)");
  if (!array.writeable())
    throw ValueFailure(where + ": the array must be writeable (outputs are "
                                  "written in place)");
  py::dtype dtype = array.dtype();
  if (std::string("biuf").find(dtype.kind()) == std::string::npos ||
      !dtype.attr("isnative").cast<bool>())
    throw ValueFailure(where + ": unsupported dtype " +
                          py::str(dtype).cast<std::string>() +
                          " (numeric, native byte order)");
  if (array.ndim() > PTOWSP_MAX_RANK)
    throw ValueFailure(where + ": rank " + std::to_string(array.ndim()) +
                          " exceeds the maximum of " +
                          std::to_string(PTOWSP_MAX_RANK));
  ptowsp_buffer buffer{};
  buffer.data = array.mutable_data();
  buffer.rank = static_cast<int32_t>(array.ndim());
  for (py::ssize_t d = 0; d < array.ndim(); ++d)
    buffer.dims[d] = array.shape(d);
  return buffer;
}

/// A Python int (or anything with __index__, e.g. numpy.int64, bool) as
/// int64; other numbers (float, numpy.float32) as nullopt.
std::optional<int64_t> getInteger(const py::handle &value,
                                  const std::string &where) {
  if (!PyIndex_Check(value.ptr()))
    return std::nullopt;
  int overflow = 0;
  py::object index =
      py::reinterpret_steal<py::object>(PyNumber_Index(value.ptr()));
  if (!index)
    throw py::error_already_set();
  long long result = PyLong_AsLongLongAndOverflow(index.ptr(), &overflow);
  if (overflow)
    throw ValueFailure(where + ": integer out of the int64 range");
  return static_cast<int64_t>(result);
}

std::optional<double> getFloat(const py::handle &value) {
  if (!PyFloat_Check(value.ptr()) && !py::hasattr(value, "__float__"))
    return std::nullopt;
  return py::float_(py::reinterpret_borrow<py::object>(value)).cast<double>();
}

BoundArguments bindArguments(const py::sequence &args,
                             const py::dict &symbols) {
  BoundArguments bound;
  bound.args.resize(args.size());
  for (size_t index = 0; index < args.size(); ++index) {
    py::object value = args[index];
    std::string where = "argument " + std::to_string(index);
    ptowsp_graph_arg &arg = bound.args[index];
    if (py::isinstance<py::array>(value)) {
      auto array = py::reinterpret_borrow<py::array>(value);
      arg.tensor = bindArray(array, index);
      bound.arrays.push_back(array);
    } else if (std::optional<int64_t> integer = getInteger(value, where)) {
      arg.i64 = *integer;
    } else if (std::optional<double> real = getFloat(value)) {
      arg.f64 = *real;
    } else {
      throw TypeFailure(where +
                           ": expected a NumPy array, an int or a float, got " +
                           py::str(py::type::of(value)).cast<std::string>());
    }
  }

  for (auto [key, value] : symbols) {
    if (!py::isinstance<py::str>(key))
      throw TypeFailure("symbol names must be strings");
    std::string name = key.cast<std::string>();
    std::string where = "symbol '" + name + "'";
    if (std::optional<int64_t> integer = getInteger(value, where))
      bound.symbols.push_back(SymbolValue::integer(std::move(name), *integer));
    else if (std::optional<double> real = getFloat(value))
      bound.symbols.push_back(SymbolValue::real(std::move(name), *real));
    else
      throw TypeFailure(where + ": expected an int or a float");
  }
  return bound;
}

//===----------------------------------------------------------------------===//
// Statistics
//===----------------------------------------------------------------------===//

py::dict toDict(const RunStatistics &stats) {
  py::dict stalls, stallCycles;
  for (int32_t reason = 0; reason < PTOWSP_STALL_REASONS; ++reason) {
    const char *name = ptowsp_stall_reason_name(reason);
    stalls[name] = stats.stalls[reason];
    stallCycles[name] = stats.stallCycles[reason];
  }
  py::list processes, channels;
  for (const ProcessStatistics &process : stats.processes) {
    py::dict entry;
    entry["name"] = process.name;
    entry["tasks"] = process.tasks;
    entry["sends"] = process.sends;
    entry["receives"] = process.receives;
    entry["end_cycle"] = process.endCycle;
    entry["channel_wait_cycles"] = process.channelWaitCycles;
    processes.append(entry);
  }
  for (const ChannelStatistics &channel : stats.channels) {
    py::dict entry;
    entry["name"] = channel.name;
    entry["capacity"] = channel.capacity;
    entry["tokens"] = channel.tokens;
    entry["high_water"] = channel.highWater;
    entry["empty_wait_cycles"] = channel.emptyWaitCycles;
    entry["full_wait_cycles"] = channel.fullWaitCycles;
    channels.append(entry);
  }
  py::dict result;
  result["tasks"] = stats.tasks;
  result["dependency_edges"] = stats.dependencyEdges;
  result["total_cycles"] = stats.totalCycles;
  result["utilization"] = stats.utilization;
  result["core_busy_cycles"] = stats.coreBusyCycles;
  result["cube_cores"] = stats.cubeCores;
  result["vector_cores"] = stats.vectorCores;
  result["stalls"] = stalls;
  result["stall_cycles"] = stallCycles;
  result["window_high_water"] = stats.windowHighWater;
  result["wall_seconds"] = stats.wallSeconds;
  result["processes"] = processes;
  result["channels"] = channels;
  return result;
}

//===----------------------------------------------------------------------===//
// CompiledGraph
//===----------------------------------------------------------------------===//

class CompiledGraph {
public:
  CompiledGraph(const std::string &source, const std::string &name,
                const std::string &cacheDir) {
    CompileOptions options = getDefaultCompileOptions();
    if (!cacheDir.empty())
      options.cacheDir = cacheDir;
    std::optional<llvm::Expected<CompiledLibrary>> compiled;
    {
      // The C++ compiler may run for seconds.
      py::gil_scoped_release release;
      compiled.emplace(compileSharedLibrary(source, options));
    }
    if (!*compiled)
      throw CompileFailure(llvm::toString(compiled->takeError()));
    library = std::move(**compiled);
    llvm::Expected<LoadedGraph> loaded = loadGraph(library.path, name);
    if (!loaded)
      throw ValueFailure("cannot load graph '" + name +
                            "': " + llvm::toString(loaded.takeError()));
    graph = std::make_unique<LoadedGraph>(std::move(*loaded));
  }

  py::dict run(const py::sequence &args, const py::dict &symbols,
               const std::string &arch, int32_t hostThreads,
               int64_t channelLatency, const std::string &tracePath,
               const std::string &graphPath) {
    if (hostThreads < 0)
      throw ValueFailure("host_threads must be >= 0 (0 = one per "
                            "hardware thread)");
    if (channelLatency < -1)
      throw ValueFailure("channel_latency must be >= 0 cycles, or -1 for "
                            "the default");
    RunOptions options;
    options.arch = arch;
    options.hostThreads = hostThreads;
    if (channelLatency >= 0)
      options.channelLatencyCycles = channelLatency;
    options.tracePath = tracePath;
    options.graphPath = graphPath;
    BoundArguments bound = bindArguments(args, symbols);

    std::optional<llvm::Expected<RunStatistics>> result;
    {
      py::gil_scoped_release release;
      result.emplace(runGraph(*graph, options, bound.args, bound.symbols));
    }
    if (*result)
      return toDict(**result);
    std::optional<ExecutionFailure> failure;
    std::string otherError;
    llvm::handleAllErrors(
        result->takeError(),
        [&](const RunFailure &run) {
          failure.emplace(ptowsp_status_name(run.getStatus()),
                          run.getMessage());
        },
        [&](const llvm::ErrorInfoBase &error) {
          otherError = error.message();
        });
    if (failure)
      throw *failure;
    throw ValueFailure(otherError);
  }

  const std::string &getName() const { return graph->getName(); }
  const std::string &getLibraryPath() const { return library.path; }
  bool isCacheHit() const { return library.cacheHit; }

private:
  CompiledLibrary library;
  std::unique_ptr<LoadedGraph> graph;
};

} // namespace

void populateExecution(py::module_ &m) {
  m.def(
      "runtime_include_dir",
      [] { return cpusim::getDefaultCompileOptions().runtimeIncludeDir; },
      "The project's runtime headers (cpu_sim's PTO-ISA implementation, the "
      "Ascend trees' helpers and their host emulation).");
  // An ExecutionError of the package whose args are (status, message).
  static py::exception<ExecutionFailure> executionFailure(
      m, "ExecutionFailure", getErrorClass("ExecutionError", PyExc_Exception));
  // args = (status, message); str() is the message.
  executionFailure.attr("__str__") = py::cpp_function(
      [](py::object self) -> py::object {
        py::tuple args = self.attr("args");
        return args.size() == 2 ? py::object(args[1])
                                : py::object(py::str(args));
      },
      py::is_method(executionFailure));
  py::register_exception_translator([](std::exception_ptr pointer) {
    try {
      if (pointer)
        std::rethrow_exception(pointer);
    } catch (const ExecutionFailure &failure) {
      // ExecutionError(message, status) sets `status`; args then become the
      // (status, message) pair the binding has always raised.
      py::object error = py::reinterpret_borrow<py::object>(executionFailure)(
          failure.what(), failure.status);
      error.attr("args") = py::make_tuple(failure.status, failure.what());
      PyErr_SetObject(executionFailure.ptr(), error.ptr());
    }
  });

  py::class_<CompiledGraph>(m, "CompiledGraph",
                            "A graph of generated cpu_sim C++, compiled into "
                            "a shared library (cached by content) and loaded.")
      .def(py::init<const std::string &, const std::string &,
                    const std::string &>(),
           py::arg("cpp_source"), py::arg("graph_name"),
           py::arg("cache_dir") = "",
           "Compile (or find in the cache) and load ptowsp_graph_<name>. "
           "Compiler errors raise CompileFailure; a library without that "
           "graph raises PtoValueError (a ValueError).")
      .def_property_readonly("name", &CompiledGraph::getName)
      .def_property_readonly("library_path", &CompiledGraph::getLibraryPath)
      .def_property_readonly("cache_hit", &CompiledGraph::isCacheHit,
                             "True when no compiler ran (content cache).")
      .def("run", &CompiledGraph::run, py::arg("args"),
           py::arg("symbols") = py::dict(), py::arg("arch") = "a2a3",
           py::arg("host_threads") = 0, py::arg("channel_latency") = -1,
           py::arg("trace_path") = "", py::arg("graph_path") = "",
           "Run the graph once on a fresh runtime and return its statistics. "
           "args: one per workload argument, in order: a C-contiguous, "
           "writeable NumPy array per tensor (used in place: outputs appear "
           "in it), an int or float per scalar; the binding does not know "
           "the signature, the caller (the DSL) checks kinds, dtypes and "
           "shapes. symbols: name -> number. host_threads 0 = one per "
           "hardware thread; channel_latency -1 = the default (0 cycles). "
           "Failures raise ExecutionFailure(status, message); the GIL is "
           "released while the graph runs.");
}

} // namespace ptowsp::python
