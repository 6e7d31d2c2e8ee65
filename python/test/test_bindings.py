"""The _pto_wsp IR bindings (docs/python-bindings.md): building kernels,
workloads, schedules and CSP pipelines with the Builder, verification with
source locations, translation and misuse errors."""

import pytest

from pto_wsp import _pto_wsp as ir


@pytest.fixture
def env():
    """A context, an empty module and a builder at the module's end."""
    context = ir.Context()
    module = ir.Module(context)
    builder = ir.Builder(context)
    builder.set_insertion_point_to_end(module.body)
    return context, module, builder


def build_kernel(b, name="scale_rows", out_shape=(16, 128)):
    """y = (x + bias) * rowsum(x + bias), with a 1x128 bias row."""
    f32 = b.dtype("f32")
    tile = b.tile_type([16, 128], f32)
    kernel = b.create_kernel(name, [
        b.tile_view_type([16, 128], f32, "in"),
        b.tile_view_type([1, 128], f32, "in"),
        b.tile_view_type(list(out_shape), f32, "out"),
    ])
    saved = b.save_insertion_point()
    body = kernel.region(0).blocks[0]
    b.set_insertion_point_to_end(body)
    x, bias, y = body.arguments
    t = b.create_load(x, tile)
    row = b.create_load(bias, b.tile_type([1, 128], f32))
    shifted = b.create_add(t, row, tile)
    sums = b.create_rowsum(shifted, b.tile_type([16, 1], f32))
    scaled = b.create_mul(shifted, sums, tile)
    b.set_loc("kernel.py", 12, 5)
    b.create_store(scaled, y)
    b.set_unknown_loc()
    b.create_tile_return()
    b.restore_insertion_point(saved)
    return kernel


def build_workload(b, name="rows", kernel="scale_rows"):
    """parallel_for over 4 row blocks of a 64x128 tensor, one task each."""
    f32 = b.dtype("f32")
    tensor = b.memref_type([64, 128], f32)
    workload = b.create_workload(name, [tensor, b.memref_type([1, 128], f32),
                                        tensor])
    saved = b.save_insertion_point()
    body = workload.region(0).blocks[0]
    b.set_insertion_point_to_end(body)
    X, bias, Y = body.arguments
    c0 = b.create_constant_index(0)
    c16 = b.create_constant_index(16)
    blocks = b.create_dense(4)
    loop = b.create_parallel_for(blocks, "r")
    b.body_insertion(loop)
    r = loop.region(0).blocks[0].arguments[0]
    row = b.create_muli(r, c16)
    view = b.view_type([16, 128], f32)
    x = b.create_view(X, [row, c0], [16, 128], view)
    bv = b.create_view(bias, [c0, c0], [1, 128], b.view_type([1, 128], f32))
    y = b.create_view(Y, [row, c0], [16, 128], view)
    b.create_task(kernel, [x, bv, y])
    b.set_insertion_point_to_end(body)
    b.finish_workload(workload)
    b.restore_insertion_point(saved)
    return workload


def build_schedules(b, workload="rows"):
    rr = b.create_schedule("rr4", workload)
    saved = b.save_insertion_point()
    b.set_insertion_point_to_end(rr.region(0).blocks[0])
    b.create_dispatch("round_robin", count=4)
    b.create_task_window(1024, "stall")
    b.restore_insertion_point(saved)

    hashed = b.create_schedule("hashed", workload)
    b.set_insertion_point_to_end(hashed.region(0).blocks[0])
    dispatch = b.create_dispatch("hash", with_key=True)
    key = dispatch.region(0).blocks[0]
    b.set_insertion_point_to_end(key)
    b.create_schedule_yield(b.create_task_axis(key.arguments[0], "r"))
    b.restore_insertion_point(saved)
    return rr, hashed


def test_kernel(env):
    _, module, b = env
    kernel = build_kernel(b)
    assert kernel.name == "tile.kernel"
    text = str(module)
    assert "tile.kernel @scale_rows(" in text
    for op in ("load", "add", "rowsum", "mul", "store"):
        assert f"{op} %" in text
    assert "!tile.tile<1x128xf32> -> !tile.tile<16x128xf32>" in text
    assert "loc(" not in text
    assert 'loc("kernel.py":12:5)' in module.to_string(with_locations=True)
    module.verify()
    kernel.verify()


def test_workload_schedules_and_translation(env):
    _, module, b = env
    build_kernel(b)
    build_workload(b)
    build_schedules(b)
    module.verify()
    text = str(module)
    assert "workload.workload @rows(" in text
    assert 'workload.parallel_for %r in %0 name("r")' in text or \
        'name("r")' in text
    assert "workload.dense 4" in text
    assert "workload.view" in text
    assert "workload.task @scale_rows(" in text
    assert "schedule.dispatch round_robin(4)" in text
    assert "schedule.task_window 1024 tasks" in text
    assert "schedule.dispatch hash" in text
    assert 'schedule.task_axis %task "r" : index' in text
    before = str(module)
    for schedule in ("rr4", "hashed"):
        cpp = ir.translate_cpu_sim(module, schedule=schedule)
        assert "ptowsp_graph_rows" in cpp
    assert str(module) == before, "translation must not modify the module"
    # The printed module parses back.
    cpp = ir.translate_cpu_sim_text(text, "roundtrip.mlir", "a2a3", "rr4")
    assert "ptowsp_graph_" in cpp


def test_csp_pipeline(env):
    _, module, b = env
    f32 = b.dtype("f32")
    index = b.index_type()
    inout = b.tile_view_type([16, 128], f32, "inout")
    kernel = b.create_kernel("work", [inout, index])
    saved = b.save_insertion_point()
    b.set_insertion_point_to_end(kernel.region(0).blocks[0])
    b.create_tile_return()
    b.restore_insertion_point(saved)

    tensor = b.memref_type([8, 16, 128], f32)
    workload = b.create_workload("pipe", [tensor])
    body = workload.region(0).blocks[0]
    b.set_insertion_point_to_end(body)
    (X,) = body.arguments
    c0 = b.create_constant_index(0)
    pipeline = b.create_pipeline()
    b.set_insertion_point_to_end(pipeline.region(0).blocks[0])
    view = b.view_type([16, 128], f32)
    channel = b.create_channel("tiles", 2, [index])
    # The payload may become known after the channel was created.
    channel.set_type(b.channel_type([index, view]))
    assert channel.type.is_channel()
    producer = b.create_process("loader", produces=[channel])
    b.body_insertion(producer)
    rows = b.create_dense(8)
    loop = b.create_for_each(rows, "r")
    b.body_insertion(loop)
    r = loop.region(0).blocks[0].arguments[0]
    x = b.create_view(X, [r, c0, c0], [1, 16, 128], view)
    b.create_send(channel, [r, x])

    b.set_insertion_point_to_end(pipeline.region(0).blocks[0])
    consumer = b.create_process("worker", consumes=[channel], replicas=2)
    b.body_insertion(consumer)
    consume = b.create_consume(channel)
    token = b.body_insertion(consume)
    i, v = token.arguments
    assert v.type == view
    b.create_task("work", [v, i])
    b.set_insertion_point_to_end(body)
    b.finish_workload(workload)
    b.finish_workload(workload)  # idempotent

    module.verify()
    text = str(module)
    assert 'csp.channel "tiles" capacity 2' in text
    assert 'csp.process "loader" produces(' in text
    assert 'csp.process "worker" consumes(' in text and "replicas(2)" in text
    assert "csp.send" in text and "csp.consume" in text
    cpp = ir.translate_cpu_sim(module)
    assert "ptowsp_graph_pipe" in cpp


def test_verify_reports_builder_location(env):
    _, module, b = env
    build_kernel(b, out_shape=(8, 128))  # the store's view is too small
    with pytest.raises(ir.CompileFailure) as failure:
        module.verify()
    message = str(failure.value)
    assert message.startswith("kernel.py:12:5: error:")
    with pytest.raises(ir.CompileFailure, match="kernel.py:12:5"):
        ir.translate_cpu_sim(module)


def test_arith_and_types(env):
    _, module, b = env
    i64 = b.int_type(64)
    workload = b.create_workload("scalars", [i64, b.index_type()])
    body = workload.region(0).blocks[0]
    b.set_insertion_point_to_end(body)
    n, m = body.arguments
    k = b.create_index_cast(n, b.index_type())
    s = b.create_addi(k, m)
    c = b.create_cmpi("slt", s, b.create_constant_index(10))
    branch = b.create_if(c, with_else=True)
    assert branch.num_regions == 2
    b.create_select(c, k, m)
    b.create_sitofp(n, b.float_type("f32"))
    b.create_constant_float(1.5, b.float_type("f16"))
    b.create_constant_int(-3, b.int_type(8))
    b.create_symbol("seq_len", i64)
    # Arguments discovered while tracing join the signature at the end.
    late = body.add_argument(b.memref_type([4], i64))
    b.create_slot_load(late, [b.create_constant_index(0)], i64)
    b.finish_workload(workload)
    module.verify()
    text = str(module)
    assert "workload.workload @scalars(%arg0: i64, %arg1: index, " \
        "%arg2: memref<4xi64>)" in text
    for op in ("arith.index_cast", "arith.addi", "arith.cmpi slt",
               "workload.if", "arith.select", "arith.sitofp",
               'workload.symbol "seq_len" : i64'):
        assert op in text

    t = b.tile_type([16, 32], b.dtype("float16"))
    assert t.is_tile() and not t.is_view()
    assert t.shape == [16, 32]
    assert t.element_type == b.float_type("f16")
    assert t.element_type.width == 16
    assert b.memref_type([-1, 128], b.dtype("uint8")).shape == [-1, 128]
    assert b.dtype("uint8") == b.int_type(8)
    assert b.view_type([1, 8], b.dtype("i32")).is_view()
    assert hash(b.index_type()) == hash(b.dtype("index"))
    assert str(b.tile_view_type([1, 8], b.dtype("f32"), "inout")) == \
        "!tile.view<1x8xf32, inout>"


def test_other_tile_ops(env):
    _, module, b = env
    f32, i32 = b.dtype("f32"), b.dtype("i32")
    kernel = b.create_kernel("many", [b.tile_view_type([1, 32], f32, "inout"),
                                      f32])
    body = kernel.region(0).blocks[0]
    b.set_insertion_point_to_end(body)
    v, s = body.arguments
    t = b.tile_type([1, 32], f32)
    x = b.create_load(v, t)
    y = b.create_exp(b.create_adds(x, s, t))
    z = b.create_tile_constant(0.5, t)
    mask = b.create_cmp("lt", y, z, b.tile_type([1, 32], b.dtype("i1")))
    w = b.create_tile_select(mask, y, z, t)
    sort = b.create_sort32(w, t, b.tile_type([1, 32], i32))
    assert len(sort.results) == 2
    b.create_topk(w, b.tile_type([1, 8], f32), b.tile_type([1, 8], i32))
    b.create_iota(0, b.tile_type([1, 32], i32))
    b.create_cast(w, b.tile_type([1, 32], i32), round="floor")
    b.create_fill(s, t)
    b.create_store(sort.results[0], v)
    b.create_tile_return()
    module.verify()
    text = str(module)
    for op in ("adds", "exp", "constant 5.000000e-01", "cmp", "select",
               "sort32", "topk", "iota 0", "cast", "floor", "fill"):
        assert op in text


def test_run_pass_pipeline(env):
    _, module, b = env
    build_kernel(b)
    build_workload(b)
    # A pass that fails reports its diagnostics (tasks need access sets).
    with pytest.raises(ir.CompileFailure, match="workload-infer-access"):
        ir.run_pass_pipeline(module, "convert-workload-to-taskgraph")
    ir.run_pass_pipeline(module, "builtin.module(workload-infer-access)")
    ir.run_pass_pipeline(module, "workload.workload(workload-verify-bounds)")
    ir.run_pass_pipeline(module, "convert-workload-to-taskgraph")
    assert "taskgraph.graph @rows" in str(module)
    with pytest.raises(ValueError, match="invalid pass pipeline"):
        ir.run_pass_pipeline(module, "no-such-pass")


def test_unknown_enum_spellings(env):
    _, module, b = env
    schedule = b.create_schedule("s", "w")
    b.set_insertion_point_to_end(schedule.region(0).blocks[0])
    with pytest.raises(ValueError, match="unknown dispatch policy 'roundrobin'"):
        b.create_dispatch("roundrobin")
    with pytest.raises(ValueError, match="unknown window mode"):
        b.create_task_window(8, "wait")
    with pytest.raises(ValueError, match="unknown view direction"):
        b.tile_view_type([1, 8], b.dtype("f32"), "output")
    with pytest.raises(ValueError):
        b.dtype("complex64")
    # Nothing was created by the failed calls.
    assert schedule.region(0).blocks[0].operations == []


def test_misuse_raises(env):
    context, module, b = env
    f32 = b.dtype("f32")
    kernel = b.create_kernel("k", [b.tile_view_type([8, 8], f32, "in"), f32])
    body = kernel.region(0).blocks[0]
    b.set_insertion_point_to_end(body)
    view, scalar = body.arguments
    tile = b.tile_type([8, 8], f32)
    with pytest.raises(ValueError, match="'view' must be a kernel view"):
        b.create_load(scalar, tile)
    with pytest.raises(ValueError, match="'result_type' must be a tile type"):
        b.create_load(view, f32)
    loaded = b.create_load(view, tile)
    b.create_exp(loaded)
    with pytest.raises(ValueError, match="'lhs' must be a tile"):
        b.create_add(scalar, loaded, tile)
    with pytest.raises(ValueError, match="valid_rows and valid_cols"):
        b.create_load(view, tile, valid_rows=b.create_constant_index(1))
    with pytest.raises(ValueError):
        b.create_addi(scalar, scalar)
    with pytest.raises(ValueError, match="does not fit"):
        b.create_constant_int(300, b.int_type(8))
    with pytest.raises(ValueError, match="tile"):
        b.tile_type([8, 8, 8], f32)
    with pytest.raises(TypeError):
        b.create_exp(3)
    with pytest.raises(ValueError, match="still used"):
        loaded.defining_op.erase()
    other = ir.Builder(ir.Context())
    with pytest.raises(ValueError, match="another Context"):
        other.create_exp(loaded)
    with pytest.raises(ValueError, match="no insertion point"):
        ir.Builder(context).create_constant_index(0)
    with pytest.raises(ValueError, match="results"):
        kernel.result
    # The failed calls created nothing.
    assert [op.name for op in body.operations] == ["tile.load", "tile.exp",
                                                   "arith.constant"]


def test_core_objects(env):
    context, module, b = env
    assert b.get_loc() is None
    b.set_loc("file.py", 7, 3)
    assert b.get_loc() == ("file.py", 7, 3)
    assert b.get_insertion_block() == module.body
    c = b.create_constant_index(1)
    op = c.defining_op
    assert op.name == "arith.constant" and op.result == c and op.results == [c]
    assert op.parent_block == module.body
    assert module.body.parent_op == module.operation
    assert len({c, op.result}) == 1
    b.set_insertion_point_before(op)
    d = b.create_constant_index(2)
    assert module.body.operations[0] == d.defining_op
    d.defining_op.erase()
    assert module.body.operations == [op]
    region = b.create_pipeline().region(0)
    assert not region.empty() and len(region.blocks) == 1
    assert "index" in str(c)
