"""``python -m benchmarks``: see benchmarks/bench.py."""

import sys

from .bench import main

sys.exit(main())
