"""Locating lines of a test file by a trailing `# <marker>` comment, to check
that errors point at the user's line:

    line_of, assert_at = markers.for_file(__file__)
"""


def for_file(path):
    """`line_of(marker)` and `assert_at(error, marker)` for the file `path`."""

    def line_of(marker):
        """The line of the file that ends with the comment `# <marker>`."""
        with open(path) as source:
            for number, text in enumerate(source, 1):
                if text.rstrip().endswith("# " + marker):
                    return number
        raise AssertionError(f"no line marked {marker!r}")

    def assert_at(error, marker):
        """`error` is a TraceError pointing at the marked line of the file."""
        line = line_of(marker)
        assert (error.filename, error.lineno) == (path, line)
        assert str(error).startswith(f"{path}:{line}: ")

    return line_of, assert_at
