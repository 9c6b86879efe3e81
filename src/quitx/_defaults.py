"""Defaults shared by the library and the command line, in a module that costs nothing to import."""

from __future__ import annotations

__all__ = ["BATCH_CONCURRENCY"]

# institutions checked at once (check_many, quitx batch): enough to keep every instance's per-host
# slots busy while other institutions are in their website or Bluesky steps (8 left the instances
# idle a quarter of the time in the batch benchmark); the per-host limits, not this, bound the
# pressure on a server
BATCH_CONCURRENCY = 32
