"""``quitx apply``: carry out the plan steps an API can do, with the institution's own accounts.

`apply_steps` (and its async twin `aapply_steps`) prepares every step from the live accounts
and, when asked, writes; `quitx.apply.api` says how and the rules it keeps. Names load on first
use: ``quitx.apply.steps`` (what the command line's parser reads) imports nothing else.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .api import (
        EXIT_FAILED,
        EXIT_UNVERIFIED,
        aapply_steps,
        apply_steps,
        exit_status,
        mark_plan,
        render,
        run_apply,
    )
    from .models import ApplyAction, ApplyError, ApplyResult, ErrorKind, ProfileRequest
    from .rules import official_bio
    from .steps import STEPS

__all__ = [
    "EXIT_FAILED",
    "EXIT_UNVERIFIED",
    "STEPS",
    "ApplyAction",
    "ApplyError",
    "ApplyResult",
    "ErrorKind",
    "ProfileRequest",
    "aapply_steps",
    "apply_steps",
    "exit_status",
    "mark_plan",
    "official_bio",
    "render",
    "run_apply",
]

_WHERE = {
    **dict.fromkeys(
        (
            "EXIT_FAILED",
            "EXIT_UNVERIFIED",
            "aapply_steps",
            "apply_steps",
            "exit_status",
            "mark_plan",
            "render",
        ),
        "api",
    ),
    "run_apply": "api",
    **dict.fromkeys(("ApplyAction", "ApplyError", "ApplyResult", "ErrorKind", "ProfileRequest"), "models"),
    "official_bio": "rules",
    "STEPS": "steps",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'quitx.apply' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
