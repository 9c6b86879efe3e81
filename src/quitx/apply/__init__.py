"""``quitx apply``: carry out the plan steps an API can do, with the institution's own accounts.

`apply_steps` (and its async twin `aapply_steps`) prepares every step from the live accounts
and, when asked, writes; `quitx.apply.api` says how, and the rules it keeps. The modules:
``steps`` (what apply can do: the command line's parser reads it), ``models``, ``rules`` (pure:
whose account, which field, which post), ``run`` (the sessions and the writes), ``profile``,
``handle``, ``announce``, ``sector_lists`` (each step prepared), ``mastodon_sdk`` and
``bluesky_sdk`` (one adapter per SDK; its session from ``mastodon_http`` or ``bluesky_http``, to the
account's own server only), ``failures`` (what an SDK's error means), ``results``
(for people, for scripts, and the plan marked), ``wording`` (its French and English sentences).

Names load on first use: importing ``quitx.apply.steps`` imports nothing else.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_names

if TYPE_CHECKING:
    from ..errors import ApplyError, ErrorKind
    from .api import aapply_steps, apply_steps
    from .models import ApplyAction, ApplyResult, ProfileRequest, SectorRequest
    from .results import ApplyRecord, mark_plan, records, render
    from .rules import official_bio
    from .steps import STEPS

__all__ = [
    "STEPS",
    "ApplyAction",
    "ApplyError",
    "ApplyRecord",
    "ApplyResult",
    "ErrorKind",
    "ProfileRequest",
    "SectorRequest",
    "aapply_steps",
    "apply_steps",
    "mark_plan",
    "official_bio",
    "records",
    "render",
]

__getattr__ = lazy_names(
    __name__,
    {
        "aapply_steps": ".api",
        "apply_steps": ".api",
        "mark_plan": ".results",
        "records": ".results",
        "render": ".results",
        "ApplyRecord": ".results",
        "SectorRequest": ".models",
        "ApplyAction": ".models",
        "ApplyResult": ".models",
        "ProfileRequest": ".models",
        "ApplyError": "..errors",
        "ErrorKind": "..errors",
        "official_bio": ".rules",
        "STEPS": ".steps",
    },
)


def __dir__() -> list[str]:
    return __all__
