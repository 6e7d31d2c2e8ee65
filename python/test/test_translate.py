"""The compiler entry point of the Python package: the same pipeline as
pto-wsp-translate, with diagnostics raised as CompileError."""

import pytest

import pto_wsp

KERNEL = """
tile.kernel @scale(%x: !tile.view<16x128xf32, in>, %y: !tile.view<16x128xf32, out>, %s: f32) {
  %t = tile.load %x : !tile.view<16x128xf32, in> -> !tile.tile<16x128xf32>
  %u = tile.muls %t, %s : !tile.tile<16x128xf32>, f32
  tile.store %u, %y : !tile.tile<16x128xf32>, !tile.view<16x128xf32, out>
}
"""


def test_translates_a_kernel_to_cpp():
    cpp = pto_wsp.translate_cpu_sim(KERNEL, filename="scale.mlir")
    assert "pto::TLOAD(" in cpp
    assert "pto::TMULS(" in cpp
    assert 'extern "C" void ptowsp_kernel_scale(' in cpp


def test_verifier_error_is_a_compile_error_with_location():
    bad = KERNEL.replace("xf32, out>", "xf32, in>")
    with pytest.raises(pto_wsp.CompileError) as error:
        pto_wsp.translate_cpu_sim(bad, filename="bad.mlir")
    message = str(error.value)
    assert "bad.mlir:5:" in message
    assert "cannot store to an 'in' view" in message


def test_parse_error_and_unknown_architecture():
    with pytest.raises(pto_wsp.CompileError, match="nonsense.mlir:1:1"):
        pto_wsp.translate_cpu_sim("this is not mlir", filename="nonsense.mlir")
    with pytest.raises(pto_wsp.CompileError, match="unknown architecture 'nope'"):
        pto_wsp.translate_cpu_sim(KERNEL, arch="nope")


def test_error_hierarchy():
    assert issubclass(pto_wsp.CompileError, pto_wsp.PtoError)
    assert issubclass(pto_wsp.ChannelError, pto_wsp.ExecutionError)
    assert issubclass(pto_wsp.ExecutionError, pto_wsp.PtoError)
