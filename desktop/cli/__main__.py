"""`python -m desktop.cli`: the same program as the `poruch` entry point."""

import sys

from desktop.cli import main

sys.exit(main())
