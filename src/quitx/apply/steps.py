"""The steps ``quitx apply`` can do, with a line of help each: standard library only, for the
command line's parser reads them (``quitx --help`` imports nothing heavy)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..errors import UsageError, UsageProblem

if TYPE_CHECKING:
    from .models import ProfileRequest, SectorRequest

__all__ = ["PROFILE_STEPS", "SECTOR_STEPS", "STEPS", "check_steps"]

STEPS: dict[str, str] = {
    "mastodon-verification": "Mastodon: the website profile field, then verified_at",
    "announce": "the announcement: posted and pinned on Mastodon, posted on Bluesky (both or neither)",
    "bluesky-domain-handle": "Bluesky: the handle on the institution's domain",
    "mastodon-profile": "Mastodon: display name and/or bio, as asked (--display-name, --bio)",
    "bluesky-profile": "Bluesky: display name and/or description, as asked (other fields kept)",
    "bluesky-sector-list": "Bluesky: a list and a starter pack of the batch's verified and linked accounts",
    "mastodon-sector-list": "Mastodon: a list of the batch's verified and linked accounts (followed first)",
}
PROFILE_STEPS = ("mastodon-profile", "bluesky-profile")  # they change only what is asked
SECTOR_STEPS = ("bluesky-sector-list", "mastodon-sector-list")  # they need the batch (--sector)
BLUESKY_NAME_MAX = 64  # app.bsky.graph.list and starterpack: a name of 64 characters at most


def check_steps(
    steps: Sequence[str],
    profile: ProfileRequest,
    confirmed: Sequence[str],
    sector: SectorRequest | None = None,
) -> list[str]:
    """The steps, each once, in order; `quitx.errors.UsageError` naming the option at fault for a step
    apply cannot do, none at all, a profile step with nothing asked, a sector step without the
    batch (or with a name Bluesky refuses), or an account that is no reference."""
    unknown = [s for s in steps if s not in STEPS]
    if unknown:
        raise UsageError(
            UsageProblem.UNKNOWN_STEPS,
            option="steps",
            steps=", ".join(map(repr, unknown)),
            known=", ".join(STEPS),
        )
    if not steps:
        raise UsageError(UsageProblem.NO_STEPS, option="steps", known=", ".join(STEPS))
    asked = [s for s in steps if s in PROFILE_STEPS]
    if asked and profile.empty:
        raise UsageError(UsageProblem.PROFILE_NEEDS_VALUES, option="--display-name", steps=", ".join(asked))
    lists = [s for s in steps if s in SECTOR_STEPS]
    if lists and sector is None:
        raise UsageError(UsageProblem.SECTOR_NEEDS_REPORTS, option="--sector", steps=", ".join(lists))
    if "bluesky-sector-list" in lists and sector is not None and len(sector.title) > BLUESKY_NAME_MAX:
        raise UsageError(
            UsageProblem.TITLE_TOO_LONG,
            option="--title",
            max=str(BLUESKY_NAME_MAX),
            given=str(len(sector.title)),
        )
    from ..errors import InvalidReferenceError
    from ..handles import parse_ref

    for text in confirmed:
        try:
            parse_ref(text)
        except InvalidReferenceError as exc:
            # the reference's own values, for its reason to be said in the run's language
            values: dict[str, Any] = {**exc.values, "text": text, "reason": exc.code}
            raise UsageError(UsageProblem.BAD_CONFIRM_ACCOUNT, option="--confirm-account", **values) from exc
    return list(dict.fromkeys(steps))
