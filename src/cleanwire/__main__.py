"""``python -m cleanwire``: the same as the ``cleanwire`` command."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
