"""Entry script for bundlers: the same `omnidesk` command as the console entry point."""

import sys

from ui.launch import main

sys.exit(main())
