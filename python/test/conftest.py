"""Every test runs in its own temporary directory, so files a schedule's
trace policy writes to the current directory (ptowsp_trace.json,
ptowsp_graph.dot) never land in the source tree."""

import pytest


@pytest.fixture(autouse=True)
def _run_in_tmp_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
