"""The presence check: where an institution already is, how sure quitx is, what that presence is
worth. `acheck`/`check` for one institution (``run``), `check_many` for many (``many``); the
candidate names are in ``names``."""

from __future__ import annotations

from .many import BatchItem, CheckMany, check_many
from .run import acheck, check

__all__ = ["BatchItem", "CheckMany", "acheck", "check", "check_many"]
