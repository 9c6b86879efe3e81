"""An institution and what ``quitx check`` found about it: its website, the instances asked, the
verdict per network, the accounts found."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

import idna
from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_core import PydanticCustomError

from ..errors import (
    FieldProblem,
    InvalidInstitutionError,
    InvalidReportError,
    ReportProblem,
    field_issues,
    file_problem,
)
from .accounts import BlueskyAccount, BridgeStatus, MastodonAccount
from .base import (
    CONFIDENCE_ORDER,
    Activity,
    Confidence,
    Evidence,
    InstitutionKind,
    LinkPlatform,
    Platform,
    Reason,
    Verdict,
    _Frozen,
)

__all__ = [
    "Attempt",
    "FoundAccount",
    "InstanceInfo",
    "Institution",
    "PlatformVerdict",
    "Report",
    "SocialLink",
    "WebsiteReport",
    "account_rank",
    "as_institution",
    "load_report",
    "split_subject",
    "strongest",
]


class Institution(_Frozen):
    """Who is checked: a name, usually a web domain, sometimes handles it already knows."""

    name: str = Field(min_length=1, max_length=300)
    domain: str | None = None  # ASCII (IDNA) host, no scheme, no "www."
    homepage: str | None = None  # the page to read; default https://<domain>/
    handles: tuple[str, ...] = ()  # references as given (anything parse_ref takes)
    kind: InstitutionKind | None = None  # None: not given (read from the name where it matters)
    country: str = Field(default="FR", min_length=2, max_length=2)
    language: str = Field(default="fr", min_length=2, max_length=8)

    def __init__(
        self,
        *,
        name: str,
        domain: str | None = None,
        homepage: str | None = None,
        handles: Sequence[str] = (),
        kind: InstitutionKind | str | None = None,
        country: str = "FR",
        language: str = "fr",
    ) -> None:
        """An institution; `quitx.errors.InvalidInstitutionError` when it cannot be (an empty name, a
        domain that is no domain, an unknown kind…). ``domain`` may be a homepage URL: it gives both."""
        data: dict[str, Any] = {
            "name": name,
            "handles": tuple(handles),
            "kind": kind,
            "country": country,
            "language": language,
        }
        if domain is not None:
            data["domain"] = domain
        if homepage is not None:
            data["homepage"] = homepage
        try:
            super().__init__(**data)
        except ValidationError as exc:
            raise InvalidInstitutionError(field_issues(exc.errors()), value=_first_input(exc)) from exc

    # validation (model_validate, a Report read back) keeps pydantic's own path and errors: pydantic
    # calls an overridden __init__ for every validation unless it is marked as the base one
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]

    @classmethod
    def parse(cls, data: Mapping[str, Any]) -> Institution:
        """An institution from a mapping (a JSON object, CSV columns, options), checked as `Institution`
        checks its arguments: `quitx.errors.InvalidInstitutionError` naming the field at fault."""
        try:
            return cls.model_validate(dict(data))
        except ValidationError as exc:
            raise InvalidInstitutionError(field_issues(exc.errors()), value=_first_input(exc)) from exc

    @model_validator(mode="before")
    @classmethod
    def _split_homepage(cls, data: Any) -> Any:
        """A homepage URL given as the domain gives both; the country is upper case."""
        if not isinstance(data, dict):
            return data
        data = dict(data)
        raw = data.get("domain")
        if isinstance(raw, str) and "://" in raw.strip():
            data.setdefault("homepage", raw.strip())
            data["domain"] = urlsplit(raw.strip()).hostname or raw.strip()  # no host: refused below
        if isinstance(data.get("country"), str):
            data["country"] = data["country"].upper()
        return data

    @field_validator("domain", mode="before")
    @classmethod
    def _normalise_domain(cls, raw: Any) -> Any:
        """The domain lowercased and IDNA-encoded, without "www." nor a path; blank is none."""
        if not isinstance(raw, str):
            return raw
        if not raw.strip():
            return None
        host = raw.strip().split("/", 1)[0].strip().rstrip(".").lower()
        if host.startswith("www."):
            host = host[4:]
        try:
            return idna.encode(host, uts46=True).decode("ascii")
        except idna.IDNAError as exc:
            raise PydanticCustomError(
                FieldProblem.NOT_A_DOMAIN.value, "not a valid domain: {value!r}", {"value": raw}
            ) from exc

    @property
    def homepage_url(self) -> str | None:
        if self.homepage:
            return self.homepage
        return f"https://{self.domain}/" if self.domain else None


def as_institution(value: Institution | str) -> Institution:
    """``value`` as an institution: a name alone is ``Institution(name=value)`` (no domain: a check
    then searches by name only). `quitx.errors.InvalidInstitutionError` for an empty name."""
    return value if isinstance(value, Institution) else Institution(name=value)


def split_subject(subject: Report | Institution | str) -> tuple[Report | None, Institution]:
    """What a plan, a letter or apply is about: a `Report` carries its institution (as checked); an
    `Institution` or a name alone means not checked (offline)."""
    if isinstance(subject, Report):
        return subject, subject.institution
    if subject is None:  # the old offline call: build_plan(None, institution, …)
        raise TypeError("give the institution itself (or its name) when there is no report, not None")
    return None, as_institution(subject)


def _first_input(exc: ValidationError) -> object:
    """The value of the first field pydantic refused (`InvalidInstitutionError.value`)."""
    return exc.errors()[0].get("input")


class SocialLink(_Frozen):
    """A link found on the institution's website."""

    platform: LinkPlatform
    url: str
    rel_me: bool = False  # <a rel="me"> / <link rel="me">: a claim of identity
    handle: str | None = None  # "@user@host" or "handle.bsky.social" when the URL says
    source: Literal["a", "link", "meta"] = "a"  # <meta name="fediverse:creator"> gives "meta"


class WebsiteReport(_Frozen):
    url: str
    final_url: str | None = None
    status: int | None = None
    verdict: Verdict  # present: the page was read; unknown: it could not be; absent: the host does not exist
    reason: Reason
    links: tuple[SocialLink, ...] = ()
    truncated: bool = False
    links_skipped: int = 0  # account links not followed: their servers were beyond the cap per page
    retry_after: float | None = None  # seconds, when the site asked to come back later (429, 503)
    evidence: tuple[Evidence, ...] = ()

    @property
    def platforms(self) -> tuple[LinkPlatform, ...]:
        """Platforms the homepage links to, in a stable order."""
        found = {link.platform for link in self.links}
        return tuple(p for p in LinkPlatform if p in found)


class InstanceInfo(_Frozen):
    """What a plan needs to know about a Mastodon server, read live."""

    host: str
    reachable: Verdict  # present: described itself; unknown: could not be read
    title: str | None = None
    software: str | None = None  # from NodeInfo: mastodon, gotosocial, akkoma…
    version: str | None = None
    registrations: Literal["open", "approval", "closed"] | None = None
    registration_url: str | None = None
    registration_message: str | None = None
    min_age: int | None = None
    languages: tuple[str, ...] = ()
    rules_count: int | None = None
    contact_email: str | None = None
    contact_account: str | None = None
    users: int | None = None
    brid_gy_blocked: bool | None = None  # None: the block list is not public
    evidence: tuple[Evidence, ...] = ()


class FoundAccount(_Frozen):
    platform: Platform
    handle: str  # "@user@domain" or "@handle" / DID
    url: str | None = None
    instance: str | None = None  # Mastodon: the web host
    confidence: Confidence
    reasons: tuple[str, ...]  # why this confidence, for people
    found_by: tuple[str, ...]  # FoundBy values
    activity: Activity
    last_post: dt.date | None = None
    account: Annotated[MastodonAccount | BlueskyAccount, Field(discriminator="platform")]
    bridge: BridgeStatus | None = None
    # the proof chain behind ``confidence``: which page of the institution links to the account,
    # which home vouches for a verified field, which record names it (empty for a candidate)
    evidence: tuple[Evidence, ...] = ()


_ACTIVITY_ORDER = {Activity.ACTIVE: 0, Activity.DORMANT: 1, Activity.NEVER_POSTED: 2}  # any other: 3


def account_rank(account: FoundAccount) -> tuple[bool, int, int, int, str]:
    """The one ranking of an institution's accounts on one network, best first: the live account (one
    that moved hands over to the one it moved to), then the most certain, the most active, the most
    followed; the handle settles ties, so that the order is total. Plan, letter, apply and the
    batch summary all read it, through `Report.ranked`."""
    return (
        account.activity is Activity.MOVED,
        CONFIDENCE_ORDER.index(account.confidence),
        _ACTIVITY_ORDER.get(account.activity, 3),
        -(account.account.followers_count or 0),
        account.handle.casefold(),
    )


def strongest(confidences: Iterable[Confidence]) -> Confidence | None:
    """The most certain of ``confidences`` (None when there is none): the strength of the proof on a
    network (`PlatformVerdict.best_confidence`), a question apart from which account ranks first."""
    return min(confidences, key=CONFIDENCE_ORDER.index, default=None)


class Attempt(_Frozen):
    """One candidate tried, and what it gave: the record of what "absent" rests on."""

    ref: str
    found_by: str
    verdict: Verdict
    reason: Reason
    detail: str


class PlatformVerdict(_Frozen):
    """The verdict for one network (Bluesky) or one Mastodon instance."""

    platform: Platform
    instance: str | None = None  # Mastodon instance host; None for Bluesky and for Mastodon overall
    verdict: Verdict
    detail: str
    best_confidence: Confidence | None = None
    accounts: tuple[str, ...] = ()  # handles of the FoundAccounts on it
    attempts: tuple[Attempt, ...] = ()
    search: Attempt | None = None
    evidence: tuple[Evidence, ...] = ()


class Report(_Frozen):
    """What ``quitx check`` found. Versioned JSON: load it back with ``Report.model_validate_json``."""

    schema_version: Literal[1] = 1
    quitx_version: str
    institution: Institution
    checked_at: dt.datetime
    dormant_after_days: int
    website: WebsiteReport | None = None
    own_mastodon_server: InstanceInfo | None = None  # a Mastodon-like server on the institution's domain
    mastodon: PlatformVerdict  # overall, over every instance asked
    instances: tuple[PlatformVerdict, ...] = ()  # one per instance asked
    instance_info: tuple[InstanceInfo, ...] = ()
    bluesky: PlatformVerdict
    accounts: tuple[FoundAccount, ...] = ()

    def accounts_on(self, platform: Platform) -> tuple[FoundAccount, ...]:
        """The accounts found on ``platform``, in the report's order."""
        return tuple(a for a in self.accounts if a.platform is platform)

    def ranked(self, platform: Platform) -> tuple[FoundAccount, ...]:
        """Every account found on ``platform``, best first (`account_rank`)."""
        return tuple(sorted(self.accounts_on(platform), key=account_rank))

    def own(self, platform: Platform) -> tuple[FoundAccount, ...]:
        """The institution's own accounts on ``platform`` (verified or linked), best first."""
        return tuple(a for a in self.ranked(platform) if a.confidence.owned)

    def best(self, platform: Platform) -> FoundAccount | None:
        """The first account on ``platform`` (own or candidate), or None."""
        return next(iter(self.ranked(platform)), None)

    def own_account(self, platform: Platform) -> FoundAccount | None:
        """The institution's account on ``platform``: the one to name, log in to and write to."""
        return next(iter(self.own(platform)), None)

    def reasons(self) -> tuple[Reason, ...]:
        """The reason of every attempt and search the verdicts rest on, and the website's: what the
        check met (a CLI hint looks for ``dns_unverified`` there)."""
        verdicts = (self.mastodon, self.bluesky, *self.instances)
        found = [a.reason for v in verdicts for a in (*v.attempts, *((v.search,) if v.search else ()))]
        return (*found, *((self.website.reason,) if self.website else ()))

    @property
    def settled(self) -> bool:
        """Whether both networks were settled (present or absent): an unknown is not."""
        return Verdict.UNKNOWN not in (self.mastodon.verdict, self.bluesky.verdict)


def load_report(path: str | os.PathLike[str]) -> Report:
    """A report saved by ``quitx check --format json`` (or `Report.model_dump_json`).

    Raises `quitx.errors.InvalidReportError` naming the file: it cannot be read, or it is not a
    quitx report."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise InvalidReportError(str(path), ReportProblem.UNREADABLE, **file_problem(exc)) from exc
    except UnicodeDecodeError as exc:
        raise InvalidReportError(str(path), ReportProblem.NOT_UTF8, position=str(exc.start)) from exc
    try:
        return Report.model_validate_json(text)
    except ValidationError as exc:
        issues = field_issues(exc.errors()[:1])  # the first says enough: it is not a report
        raise InvalidReportError(str(path), ReportProblem.NOT_A_REPORT, issues=issues) from exc
