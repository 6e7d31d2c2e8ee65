"""What the programs of the tree-emitting targets (ascend, aie) share: the
tree written into `artifact_dir`, its manifest, and the same workload
compiled for cpu_sim as the reference that computes the tree's data."""

import json
import os
import shutil
import tempfile

import numpy as np

from pto_wsp.errors import PtoError
from pto_wsp.tensor import Tensor


def write_files(directory, files):
    """Write (path, contents) pairs under `directory`."""
    for path, contents in files:
        full = os.path.join(directory, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w") as handle:
            handle.write(contents)


def read_manifest(tree):
    """A tree's manifest.json."""
    with open(os.path.join(tree, "manifest.json")) as handle:
        return json.load(handle)


class TreeProgram:
    """A workload compiled into a source tree (`target`: "ascend", "aie")."""

    def __init__(self, workload, files, artifact_dir, reference, target):
        self.workload = workload
        self.name = workload.name
        self.files = dict(files)
        self.artifact_dir = artifact_dir or tempfile.mkdtemp(
            prefix=f"pto_wsp_{target}_{self.name}_")
        write_files(self.artifact_dir, files)
        self._reference = reference
        self._log = None
        self.manifest = read_manifest(self.artifact_dir)

    def _objects(self):
        return list(self._reference.arguments)

    def _tensors(self):
        return [obj for obj in self._objects() if isinstance(obj, Tensor)]

    def _reference_run(self):
        """Run the program on cpu_sim on copies (the tensors keep their data);
        returns (inputs, outputs), one array per tensor argument."""
        tensors = self._tensors()
        saved = [np.array(obj.data, copy=True) for obj in tensors]
        try:
            self._reference.run(trace=False)
            outputs = [np.array(obj.data, copy=True) for obj in tensors]
        finally:
            for obj, data in zip(tensors, saved):
                obj.data[...] = data
        return saved, outputs

    def synchronize(self):
        """A run has completed when execute() returns."""
        if self._log is None:
            raise PtoError("synchronize() without execute()")
        return self

    @property
    def log(self):
        """The output of the last run."""
        if self._log is None:
            raise PtoError("no run yet")
        return self._log

    def clean(self):
        shutil.rmtree(self.artifact_dir, ignore_errors=True)
