// hostsim_main.cpp - runs one PTO-WSP Ascend tree on the host: the tree's
// orchestration against the host emulation of pto-runtime (this directory)
// and its kernels against the project's CPU PTO-ISA implementation.
//
// Usage: hostsim <spec>, one directive per line:
//   tensor <element bytes> <ndims> <dims...> <input .bin> <output .bin>
//   scalar <64-bit word>
// Compile with -DPTOWSP_HOSTSIM_HBG=<entry> for host_build_graph trees.
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "task_args.h"

#ifdef PTOWSP_HOSTSIM_HBG
#include "orchestration_api.h"
extern "C" int PTOWSP_HOSTSIM_HBG(OrchestrationRuntime *runtime, const ChipStorageTaskArgs &args);
#else
extern "C" void aicpu_orchestration_entry(const ChipStorageTaskArgs &args);
#endif

namespace {
struct HostTensor {
  std::vector<char> data;
  std::string output;
};

DataType getDataType(int bytes) {
  return bytes == 2 ? DataType::FLOAT16 : bytes == 1 ? DataType::INT8 : bytes == 8 ? DataType::INT64
                                                                                   : DataType::FLOAT32;
}
}  // namespace

int main(int argc, char **argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: hostsim <spec>\n");
    return 2;
  }
  std::ifstream spec(argv[1]);
  std::vector<HostTensor> tensors;
  static ChipStorageTaskArgs args;
  std::string line;
  while (std::getline(spec, line)) {
    std::istringstream words(line);
    std::string kind;
    words >> kind;
    if (kind == "tensor") {
      int bytes = 0;
      uint32_t ndims = 0;
      words >> bytes >> ndims;
      ContinuousTensor &tensor = args.tensors[args.tensor_count_++];
      tensor.ndims = ndims;
      tensor.dtype = getDataType(bytes);
      for (uint32_t i = 0; i < ndims; ++i)
        words >> tensor.shapes[i];
      std::string input;
      HostTensor host;
      words >> input >> host.output;
      host.data.resize(tensor.nbytes());
      std::ifstream file(input, std::ios::binary);
      if (!file.read(host.data.data(), host.data.size())) {
        std::fprintf(stderr, "hostsim: cannot read %zu bytes from %s\n", host.data.size(), input.c_str());
        return 1;
      }
      tensors.push_back(std::move(host));
    } else if (kind == "scalar") {
      words >> args.scalars[args.scalar_count_++];
    }
  }
  for (int i = 0; i < args.tensor_count_; ++i)
    args.tensors[i].data = reinterpret_cast<uint64_t>(tensors[i].data.data());
#ifdef PTOWSP_HOSTSIM_HBG
  OrchestrationRuntime runtime;
  if (int status = PTOWSP_HOSTSIM_HBG(&runtime, args)) {
    std::fprintf(stderr, "hostsim: orchestration returned %d\n", status);
    return 1;
  }
  hostsim_run_graph(runtime);
  std::printf("hostsim: %zu tasks\n", runtime.tasks.size());
#else
  aicpu_orchestration_entry(args);
#endif
  for (const HostTensor &tensor : tensors) {
    std::ofstream file(tensor.output, std::ios::binary);
    file.write(tensor.data.data(), tensor.data.size());
  }
  return 0;
}
