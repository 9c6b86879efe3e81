"""``python -m quitx``."""

from quitx.cli import main

raise SystemExit(main())
