"""The steps ``quitx apply`` can do, with a line of help each: standard library only, for the
command line's parser reads them (``quitx --help`` imports nothing heavy)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..errors import UsageError

if TYPE_CHECKING:
    from .models import ProfileRequest

__all__ = ["PROFILE_STEPS", "STEPS", "check_steps"]

STEPS: dict[str, str] = {
    "mastodon-verification": "Mastodon: the website profile field, then verified_at",
    "announce": "the announcement: posted and pinned on Mastodon, posted on Bluesky (both or neither)",
    "bluesky-domain-handle": "Bluesky: the handle on the institution's domain",
    "mastodon-profile": "Mastodon: display name and/or bio, as asked (--display-name, --bio)",
    "bluesky-profile": "Bluesky: display name and/or description, as asked (other fields kept)",
}
PROFILE_STEPS = ("mastodon-profile", "bluesky-profile")  # they change only what is asked


def check_steps(steps: Sequence[str], profile: ProfileRequest, confirmed: Sequence[str]) -> list[str]:
    """The steps, each once, in order; `quitx.errors.UsageError` naming the option at fault for a step
    apply cannot do, none at all, a profile step with nothing asked, or an account that is no
    reference."""
    unknown = [s for s in steps if s not in STEPS]
    if unknown:
        raise UsageError(
            f"apply cannot do {', '.join(map(repr, unknown))}; the steps it can do: {', '.join(STEPS)}",
            option="steps",
        )
    if not steps:
        raise UsageError(f"no step given; the steps apply can do: {', '.join(STEPS)}", option="steps")
    asked = [s for s in steps if s in PROFILE_STEPS]
    if asked and profile.empty:
        raise UsageError(
            f"{' and '.join(asked)} change only what is asked: give --display-name NAME and/or --bio TEXT "
            "(or --official-bio)",
            option="--display-name",
        )
    from ..errors import InvalidReferenceError
    from ..handles import parse_ref

    for text in confirmed:
        try:
            parse_ref(text)
        except InvalidReferenceError as exc:
            raise UsageError(
                f"--confirm-account {text!r}: {exc.reason} (write @user@instance, a handle or a DID)",
                option="--confirm-account",
            ) from exc
    return list(dict.fromkeys(steps))
