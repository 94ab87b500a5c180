"""Run the tinynet command line: ``python -m tinynet [command] [options]``.

Without a command this runs the demo; see ``python -m tinynet --help``.
"""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
