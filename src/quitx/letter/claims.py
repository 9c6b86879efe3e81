"""The dated, sourced claims a letter may cite, from one data file (``data/claims.json``, schema 2),
merged with a user's own file (same id: theirs replaces ours; a new id is added).

Each claim is an event (or a standing fact) with its date, its kind (an X event, a Meta event, an
exit, a presence, context), the slot of the letter it goes in, the sectors it suits, the
institutions it is *about* (``subjects``: names, aliases, domains), a priority (1: the default
letter; 2: a top-up for a thin slot; 3: the long letter only), whether it was verified, its source,
and its text in each language: ``past`` (full), ``short`` (the default letter), ``future`` (a
letter dated between ``announced`` and the event), ``self`` (said *to* the institution it is about:
"Dès le 31 août 2023, notre université a mis son compte X en veille").

The institution a letter is written to is never cited as someone else's precedent: `about` tells,
and a claim about the addressee gives its ``self`` form instead. An unverified claim still
identifies its subjects (Bordeaux Montaigne is never asked to leave X) but is never cited as fact.

Texts are written in the letter markup (`quitx.doc`); ``${source}`` stands for the source URL, so
the cited words become a link to it; ``self`` forms never link, and may use ``${notre}``/``${our}``.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections.abc import Iterable, Sequence
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, field_validator, model_validator

from ..doc import Inline, Paragraph, Value, parse
from ..errors import FieldIssue, FieldProblem, UsageError, UsageProblem, field_issues, file_problem
from ..i18n import Language
from ..i18n.french import name_key
from ..models import Institution, InstitutionKind
from ..models.base import _Frozen

__all__ = [
    "Claim",
    "ClaimKind",
    "ClaimText",
    "ClaimTexts",
    "Slot",
    "Source",
    "Subject",
    "about",
    "load_claims",
    "select",
]

_SOURCE = "${source}"


class ClaimKind(StrEnum):
    X_EVENT = "x_event"
    META_EVENT = "meta_event"
    EXIT = "exit"  # an institution that left X
    PRESENCE = "presence"  # an institution present on the open networks
    CONTEXT = "context"


class Slot(StrEnum):
    """Where a claim goes in a letter."""

    X_FACTS = "x_facts"
    META_FACTS = "meta_facts"
    PRECEDENTS = "precedents"
    BLUESKY = "bluesky"
    MASTODON = "mastodon"
    SNGF = "sngf"
    OWN_INSTANCE = "own_instance"
    SOVEREIGNTY = "sovereignty"
    MOVEMENT = "movement"


class Subject(_Frozen):
    name: str = Field(min_length=1)
    aliases: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()


class Source(_Frozen):
    title: str | None = None
    publisher: str = Field(min_length=1)
    url: str | None = None
    date: str | None = None  # as precise as known: "2024-11", "2025-01-17"
    language: str | None = None

    @field_validator("url")
    @classmethod
    def _https(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"https://[^\s<>\"']+", value):
            raise ValueError(f"a source url must be an https URL: {value!r}")
        return value


class ClaimText(_Frozen):
    past: str = Field(min_length=1)
    short: str | None = None
    future: str | None = None
    self_form: str | None = Field(default=None, alias="self")


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
    date_precision: Literal["day", "month", "year", "as_of"] = "day"
    announced: dt.date | None = None  # from this day on, the future form may be cited
    kind: ClaimKind
    slot: Slot
    platforms: tuple[str, ...] = ()
    sectors: tuple[InstitutionKind, ...] | Literal["all"]
    subjects: tuple[Subject, ...] = ()
    priority: Literal[1, 2, 3] = 1
    verified: bool  # false: could not be confirmed; never cited unless asked for
    provenance: str | None = None
    texts: ClaimTexts
    source: Source | None = None
    also: tuple[Source, ...] = ()
    review: str | None = None  # what to re-check; never rendered

    @property
    def url(self) -> str | None:
        return self.source.url if self.source else None

    @model_validator(mode="after")
    def _consistent(self) -> Claim:
        if self.verified and self.source is None:
            raise ValueError(f"{self.id}: a verified claim needs its source")
        for language in ("fr", "en"):
            forms = self.texts.of(language)
            for form in (forms.past, forms.short, forms.future):
                if form is None:
                    continue
                # the cited words link to the source, or there is no source to link to
                if (_SOURCE in form) != (self.url is not None):
                    raise ValueError(
                        f"{self.id}/{language}: ${{source}} must appear iff there is a source url"
                    )
                _spans(form, self.url or "", {})  # fails now rather than in a letter
            if forms.self_form is not None and _SOURCE in forms.self_form:
                raise ValueError(f"{self.id}/{language}: a self form never links")
        return self

    def suits(self, sectors: Sequence[InstitutionKind]) -> bool:
        return self.sectors == "all" or any(sector in self.sectors for sector in sectors)

    def text(self, language: Language, date: dt.date, *, long: bool = False) -> str | None:
        """The markup for a letter dated ``date``: the past (or short) form on or after the event,
        the future form from its announcement, None otherwise."""
        forms = self.texts.of(language)
        if date >= self.date:
            return forms.past if long or forms.short is None else forms.short
        if forms.future is not None and (self.announced is None or date >= self.announced):
            return forms.future
        return None

    def spans(self, language: Language, date: dt.date, *, long: bool = False) -> list[Inline] | None:
        """The text as spans, the cited words linked to the source; None as for `text`."""
        markup = self.text(language, date, long=long)
        return None if markup is None else _spans(markup, self.url or "", {})

    def self_spans(self, language: Language, values: dict[str, Value]) -> list[Inline] | None:
        form = self.texts.of(language).self_form
        return None if form is None else _spans(form, "", values)


def _spans(markup: str, source_url: str, values: dict[str, Value]) -> list[Inline]:
    blocks = parse(markup, {**values, "source": source_url} if source_url else values)
    if len(blocks) != 1 or not isinstance(blocks[0], Paragraph):
        raise ValueError(f"a claim text must be one paragraph: {markup[:60]!r}")
    return list(blocks[0].children)


def _fold(text: str) -> str:
    key = " ".join(re.sub(r"['’\-]", " ", name_key(text)).split())
    return re.sub(r"^(?:l |le |la |les )", "", key)


def about(claim: Claim, institution: Institution) -> bool:
    """Whether ``claim`` names ``institution`` as a subject: its domain (or a subdomain of it), or
    its name exactly (folded: case, accents, apostrophes, a leading article), never a substring."""
    domain = (institution.domain or "").lower().removeprefix("www.")
    name = _fold(institution.name)
    for subject in claim.subjects:
        if domain and any(domain == d or domain.endswith("." + d) for d in subject.domains):
            return True
        if name in {_fold(subject.name), *(_fold(a) for a in subject.aliases)}:
            return True
    return False


class _ClaimsFile(_Frozen):
    schema_version: Literal[2]
    as_of: dt.date | None = None
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


def load_claims(user_file: Path | None = None) -> list[Claim]:
    """Every claim of the data file, in file order, merged with ``user_file`` by id (a claim of the
    user's with an id of ours replaces it; a new id is added)."""
    claims = list(_load())
    if user_file is None:
        return claims
    path = str(user_file)
    try:
        data = json.loads(user_file.read_text(encoding="utf-8"))
        theirs = _ClaimsFile.model_validate(data).claims
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(
            UsageProblem.CLAIMS_UNREADABLE, option="claims", path=path, **file_problem(exc)
        ) from exc
    except json.JSONDecodeError as exc:
        not_json = (FieldIssue("", FieldProblem.NOT_JSON),)
        raise UsageError(UsageProblem.CLAIMS_INVALID, option="claims", path=path, issues=not_json) from exc
    except ValidationError as exc:
        issues = field_issues(exc.errors())
        raise UsageError(UsageProblem.CLAIMS_INVALID, option="claims", path=path, issues=issues) from exc
    by_id = {claim.id: claim for claim in theirs}
    merged = [by_id.pop(claim.id, claim) for claim in claims]
    return merged + list(by_id.values())


def select(
    claims: Iterable[Claim],
    *,
    sectors: Sequence[InstitutionKind],
    date: dt.date,
    slot: Slot | None = None,
    addressee: Institution | None = None,
    include_unverified: bool = False,
) -> list[Claim]:
    """The claims a letter for ``sectors`` dated ``date`` may cite, oldest first: never one about
    the ``addressee``, never one it could not state on that date."""
    chosen = [
        claim
        for claim in claims
        if claim.suits(sectors)
        and (claim.verified or include_unverified)
        and (slot is None or claim.slot is slot)
        and (addressee is None or not about(claim, addressee))
        and claim.text("fr", date) is not None
        and claim.text("en", date) is not None
    ]
    return sorted(chosen, key=lambda claim: claim.date)
