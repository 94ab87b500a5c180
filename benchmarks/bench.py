"""Time the training loops: ``python benchmarks/bench.py`` or ``python -m benchmarks``.

A thin wrapper around :mod:`tinynet.bench` (which ``tinynet bench`` also
runs), writing ``benchmarks/results.json`` unless ``--json PATH`` is given.
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, os.path.dirname(HERE))

from tinynet.bench import format_table, run  # noqa: E402
from tinynet.bench import main as _main

__all__ = ["main", "run", "format_table"]

DEFAULT_JSON = os.path.join(HERE, "results.json")


def main(argv=None):
    """Like ``tinynet bench``, but writes ``benchmarks/results.json`` by default."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if not any(a == "--json" or a.startswith("--json=") for a in argv):
        argv += ["--json", DEFAULT_JSON]
    return _main(argv)


if __name__ == "__main__":
    sys.exit(main())
