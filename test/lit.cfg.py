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

# %host_cxx compiles emitted C++ against the project's cpu_sim runtime headers.
config.substitutions.append(
    ("%host_cxx", f"{config.host_cxx} -std=c++17 -O1 -I{config.ptowsp_runtime_include}"))
# %python runs Debian's interpreter (it has NumPy); %run_kernel runs a compiled
# kernel on generated data and checks it against a NumPy reference.
config.substitutions.append(("%python", config.python_executable))
config.substitutions.append(
    ("%run_kernel", config.python_executable + " " + os.path.join(
        config.ptowsp_src_root, "tools", "pto-wsp-run-kernel",
        "pto-wsp-run-kernel.py")))
config.substitutions.append(("%ptowsp_src_root", config.ptowsp_src_root))
config.substitutions.append(("%ptowsp_obj_root", config.ptowsp_obj_root))
config.substitutions.append(("%arch_dir", os.path.join(config.ptowsp_src_root, "arch")))

llvm_config.add_tool_substitutions(
    ["pto-wsp-opt", "pto-wsp-translate"], [config.ptowsp_tools_dir])
