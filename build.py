#!/usr/bin/env python3
"""Build the casualty-claims database: python build.py [ARTICLES_DIR ...] [--db PATH]"""

import sys

from casualty_claims.cli import main

if __name__ == "__main__":
    sys.exit(main())
