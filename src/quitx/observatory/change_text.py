"""A change said for people: its title and its sentence, in a language, from its codes
(`quitx.observatory.changes.Change`: kind, subject, before, after, why).

The same sentences, in English and filled with the codes themselves, are each change's own
``detail`` (what its JSON carries); the reports (`quitx.observatory.feeds`) fill them with words
in the run's language. Remote text (a handle, an institution's name, a host) goes in through
``escape``, the format's own escaper; the words around it are quitx's (no markup in them).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from ..i18n import Lang, Msg
from ..i18n.common import CONFIDENCE, REGISTRATIONS
from ..models import JOINING, LinkPlatform, Platform
from . import wording as w

if TYPE_CHECKING:
    from .changes import Change

__all__ = ["change_sentence", "change_title"]

_CONFIDENCE: Mapping[str, Msg] = {confidence.value: msg for confidence, msg in CONFIDENCE.items()}
_JOINING = {platform.value for platform in JOINING}


def _same(text: str) -> str:
    return text


def change_title(change: Change, lang: Lang) -> str:
    """ "Nouveau compte", "Website link dropped"…"""
    return lang(w.CHANGE_TITLE[change.kind.value])


class _Said:
    """What a sentence's values are: codes (the JSON's English ``detail``) or words."""

    def __init__(self, lang: Lang, escape: Callable[[str], str], codes: bool) -> None:
        self.lang, self.escape, self.codes = lang, escape, codes

    def word(self, table: Mapping[str, Msg], code: str | None) -> str:
        """``code`` in words (as is for the JSON, or when it has none)."""
        msg = None if self.codes or code is None else table.get(code)
        return self.lang(msg) if msg is not None else self.escape(code or "")

    def link(self, code: str) -> str:
        """A network a website links to, by its name (X, Mastodon…)."""
        try:
            return LinkPlatform(code).label
        except ValueError:
            return self.escape(code)


def change_sentence(
    change: Change,
    lang: Lang,
    *,
    escape: Callable[[str], str] = _same,
    codes: bool = False,
    instance: str | None = None,
) -> str:
    """``change`` in one sentence: its codes said in words (``codes``: as they are, for the JSON's
    English ``detail``), its remote text through ``escape``. ``instance``: the account's instance,
    named when the run could not ask it (else "its instance")."""
    said = _Said(lang, escape, codes)
    kind, subject = change.kind.value, escape(change.subject)
    before, after = change.before, change.after
    if kind == "account_appeared":
        if before == "candidate":
            return lang(w.NOW_LINKED, handle=subject)
        return lang(w.APPEARED, handle=subject, confidence=said.word(_CONFIDENCE, after))
    if kind == "lookalike_appeared":
        return lang(w.LOOKALIKE, handle=subject)
    if kind == "account_verified":
        return lang(w.NOW_VERIFIED, handle=subject, before=said.word(_CONFIDENCE, before))
    if kind == "verification_lost":
        return lang(w.NO_LONGER_VERIFIED, handle=subject, after=said.word(_CONFIDENCE, after))
    if kind == "account_moved":
        moved_to = f"@{escape(after)}" if after and after != "moved" else lang(w.ANOTHER_ACCOUNT)
        return lang(w.MOVED, handle=subject, target=moved_to)
    if kind == "account_dormant":
        return lang(w.DORMANT, handle=subject)
    if kind == "account_active_again":
        return lang(w.ACTIVE_AGAIN, handle=subject)
    if kind == "account_disappeared":
        return lang(w.DISAPPEARED, handle=subject, before=said.word(_CONFIDENCE, before))
    if kind == "not_confirmed":
        why = _why(change, lang, escape, instance)
        return lang(w.NOT_CONFIRMED, handle=subject, before=said.word(_CONFIDENCE, before), why=why)
    if kind in ("link_dropped", "link_added"):
        platform = said.link(change.subject)
        if kind == "link_dropped":
            return lang(w.LINK_DROPPED, platform=platform)
        return lang(w.LINK_ADDED if change.subject in _JOINING else w.LINK_AGAIN, platform=platform)
    if kind == "instance_closed":
        return lang(w.INSTANCE_CLOSED, host=subject, before=said.word(REGISTRATIONS, before))
    if kind == "instance_reopened":
        return lang(w.INSTANCE_REOPENED, host=subject, after=said.word(REGISTRATIONS, after))
    return lang(w.INSTITUTION_ADDED if kind == "institution_added" else w.INSTITUTION_REMOVED, name=subject)


def _why(change: Change, lang: Lang, escape: Callable[[str], str], instance: str | None) -> str:
    """Why the later run could not look (not a disappearance)."""
    if change.why == "network_unknown" and change.platform in ("mastodon", "bluesky"):
        return lang(w.NOT_SEEN_BECAUSE["network_unknown"], network=Platform(change.platform).label)
    if change.why == "instance_unknown":
        where = escape(instance) if instance else lang(w.ITS_INSTANCE)
        return lang(w.NOT_SEEN_BECAUSE["instance_unknown"], instance=where)
    if change.why == "website_unread":
        return lang(w.NOT_SEEN_BECAUSE["website_unread"])
    return lang(w.NOT_SEEN_SOMEWHERE)
