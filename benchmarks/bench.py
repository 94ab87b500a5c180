"""Time the training loops: ``python benchmarks/bench.py`` or ``python -m benchmarks``.

A thin wrapper around :mod:`tinynet.bench` (which ``tinynet bench`` also
runs), writing ``benchmarks/results/NAME.json`` and ``NAME.md`` (``--name NAME``).
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, os.path.dirname(HERE))

from tinynet.bench import format_table, run  # noqa: E402
from tinynet.bench import main as _main

__all__ = ["main", "run", "format_table"]

RESULTS = os.path.join(HERE, "results")


def main(argv=None):
    """Like ``tinynet bench``, and saves ``benchmarks/results/NAME.json`` and ``NAME.md``.

    ``--name NAME`` picks NAME (default ``latest``); ``--json``/``--md`` still
    choose other paths. Run it with OpenBLAS left to pick its own kernel::

        env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python -m benchmarks --name NAME
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    name = "latest"
    if "--name" in argv:
        at = argv.index("--name")
        if at + 1 >= len(argv) or not argv[at + 1] or os.sep in argv[at + 1]:
            sys.exit("--name needs a plain file name, e.g. --name 2026-12-01")
        name = argv[at + 1]
        del argv[at:at + 2]
    if "--quick" not in argv and "--no-predict" not in argv:
        argv.append("--predict")
    if "--no-predict" in argv:
        argv.remove("--no-predict")
    if not any(a == "--json" or a.startswith("--json=") for a in argv):
        argv += ["--json", os.path.join(RESULTS, name + ".json")]
    if not any(a == "--md" or a.startswith("--md=") for a in argv):
        argv += ["--md", os.path.join(RESULTS, name + ".md")]
    return _main(argv)


if __name__ == "__main__":
    sys.exit(main())
