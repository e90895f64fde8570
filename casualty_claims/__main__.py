"""``python -m casualty_claims``: the casualty-claims command (build, add, watch)."""

import sys

from casualty_claims.command import main

if __name__ == "__main__":
    sys.exit(main())
