# lit configuration for PTO-WSP.
import os

import lit.formats
from lit.llvm import llvm_config

config.name = "PTO-WSP"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.ptowsp_obj_root, "test")
config.excludes = ["Inputs", "CMakeLists.txt", "lit.cfg.py",
                   "lit.site.cfg.py"]

llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.with_environment("PATH", config.ptowsp_tools_dir, append_path=True)

# A sanitizer build (PTOWSP_SANITIZE): emitted C++ is compiled with the same
# sanitizers as the project, and python3 (uninstrumented) preloads the shared
# sanitizer runtime, since it loads the instrumented extension and kernels.
host_cxx = config.host_cxx
python = config.python_executable
if config.ptowsp_sanitize:
    config.available_features.add("sanitize")
    config.environment["ASAN_OPTIONS"] = config.ptowsp_asan_options
    config.environment["UBSAN_OPTIONS"] = config.ptowsp_ubsan_options
    host_cxx += " " + config.ptowsp_sanitize_flags
    python = (f"env LD_PRELOAD={config.ptowsp_sanitizer_runtime} "
              f"ASAN_OPTIONS={config.ptowsp_python_asan_options} {python}")

# %host_cxx compiles emitted C++ against the project's cpu_sim runtime headers.
config.substitutions.append(
    ("%host_cxx", f"{host_cxx} -std=c++17 -O1 -I{config.ptowsp_runtime_include}"))
# %python runs Debian's interpreter (it has NumPy); %run_kernel runs a compiled
# kernel on generated data and checks it against a NumPy reference.
# (replacing lit's own %python, which use_default_substitutions added first)
config.substitutions = [(key, value) for key, value in config.substitutions
                        if key != "%python"]
config.substitutions.append(("%python", python))
config.substitutions.append(
    ("%run_kernel", python + " " + os.path.join(
        config.ptowsp_src_root, "tools", "pto-wsp-run-kernel",
        "pto-wsp-run-kernel.py")))
config.substitutions.append(("%ptowsp_src_root", config.ptowsp_src_root))
config.substitutions.append(("%ptowsp_obj_root", config.ptowsp_obj_root))
config.substitutions.append(("%arch_dir", os.path.join(config.ptowsp_src_root, "arch")))

llvm_config.add_tool_substitutions(
    ["pto-wsp-opt", "pto-wsp-translate"], [config.ptowsp_tools_dir])
