"""The dated, sourced claims a letter may cite, from one data file (``data/claims.json``).

Each claim is an event with its date, the sectors it suits, its source, whether it was verified, and
its text in each language with tense forms: ``past`` for a letter dated on or after the event,
``future`` (when the event could be ahead of a letter, e.g. an announced date) for a letter dated
before it. A claim with no future form is left out of letters dated before its event, so a letter
never announces as coming what already happened, nor cites what had not yet happened.

Texts are written in the letter markup (`quitx.doc`); ``${source}`` stands for the
source URL, so the cited words become a link to it.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections.abc import Iterable
from enum import StrEnum
from importlib import resources
from typing import Literal

from pydantic import Field, field_validator, model_validator

from ..doc import Inline, Paragraph, parse
from ..i18n import Language
from ..models import InstitutionKind
from ..models.base import _Frozen

__all__ = ["Claim", "ClaimText", "ClaimTexts", "Topic", "load_claims", "select"]


_SOURCE = "${source}"


class Topic(StrEnum):
    """Where a claim goes in a letter."""

    X_EXIT = "x_exit"  # an institution that left X: the precedents
    META = "meta"  # Meta's changes
    MOVEMENT = "movement"  # a collective move (HelloQuitteX)
    BLUESKY = "bluesky"  # news about Bluesky itself
    MASTODON = "mastodon"  # news about Mastodon instances
    OWN_INSTANCE = "own_instance"  # institutions running their own server


class ClaimText(_Frozen):
    past: str = Field(min_length=1)
    future: str | None = None


class ClaimTexts(_Frozen):
    fr: ClaimText
    en: ClaimText

    def of(self, language: Language) -> ClaimText:
        return self.fr if language == "fr" else self.en


class Claim(_Frozen):
    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    # the day the event is known to have happened by (the last day of the month when only the
    # month is known), so that the past tense is never used too early
    date: dt.date
    topic: Topic
    sectors: tuple[InstitutionKind, ...] | Literal["all"]
    verified: bool  # false: could not be confirmed; never cited unless asked for
    source_url: str | None = None
    source_name: str | None = None
    texts: ClaimTexts

    @field_validator("source_url")
    @classmethod
    def _https(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"https://[^\s<>\"']+", value):
            raise ValueError(f"source_url must be an https URL: {value!r}")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Claim:
        if self.verified and self.source_url is None:
            raise ValueError(f"{self.id}: a verified claim needs its source_url")
        for language in ("fr", "en"):
            forms = self.texts.of(language)
            for form in (forms.past, forms.future):
                if form is None:
                    continue
                # the cited words link to the source, or there is no source to link to
                if (_SOURCE in form) != (self.source_url is not None):
                    raise ValueError(f"{self.id}/{language}: ${{source}} must appear iff there is a source")
                _spans(form, self.source_url or "")  # fails now rather than in a letter
        return self

    def suits(self, sector: InstitutionKind | None) -> bool:
        return self.sectors == "all" or sector in self.sectors

    def text(self, language: Language, date: dt.date) -> str | None:
        """The markup for a letter dated ``date``: the past form on or after the event, the future
        form before it, None when the event is ahead and has no future form."""
        forms = self.texts.of(language)
        return forms.past if date >= self.date else forms.future

    def spans(self, language: Language, date: dt.date) -> list[Inline] | None:
        """The text as spans, the cited words linked to the source; None as for `text`."""
        markup = self.text(language, date)
        return None if markup is None else _spans(markup, self.source_url or "")


def _spans(markup: str, source_url: str) -> list[Inline]:
    blocks = parse(markup, {"source": source_url} if source_url else {})
    if len(blocks) != 1 or not isinstance(blocks[0], Paragraph):
        raise ValueError(f"a claim text must be one paragraph: {markup[:60]!r}")
    return list(blocks[0].children)


class _ClaimsFile(_Frozen):
    schema_version: Literal[1]
    claims: tuple[Claim, ...]

    @model_validator(mode="after")
    def _unique(self) -> _ClaimsFile:
        seen: set[str] = set()
        for claim in self.claims:
            if claim.id in seen:
                raise ValueError(f"duplicate claim id {claim.id!r}")
            seen.add(claim.id)
        return self


@functools.cache
def _load() -> tuple[Claim, ...]:
    # read on first use, never at import
    text = resources.files("quitx.letter").joinpath("data/claims.json").read_text(encoding="utf-8")
    return _ClaimsFile.model_validate(json.loads(text)).claims


def load_claims() -> list[Claim]:
    """Every claim of the data file, in file order (parsed once, then cached)."""
    return list(_load())


def select(
    claims: Iterable[Claim],
    *,
    sector: InstitutionKind | None,
    date: dt.date,
    include_unverified: bool = False,
    topic: Topic | None = None,
) -> list[Claim]:
    """The claims a letter of ``sector`` dated ``date`` may cite, oldest first."""
    chosen = [
        claim
        for claim in claims
        if claim.suits(sector)
        and (claim.verified or include_unverified)
        and (topic is None or claim.topic is topic)
        and claim.text("fr", date) is not None
        and claim.text("en", date) is not None
    ]
    return sorted(chosen, key=lambda claim: claim.date)
