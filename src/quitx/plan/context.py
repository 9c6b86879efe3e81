"""The report read once, for every step of the plan: the institution's own accounts and their
lookalikes, the dates, the addresses the artifacts show, and the evidence lines in the plan's language.

Remote values (handles, usernames, DIDs, URLs) match the ``SAFE_*`` patterns before they go into an
artifact: stricter than `quitx.handles` on purpose, since an artifact is pasted into a homepage or
a DNS zone.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .._urls import host_within
from ..handles import parse_ref
from ..i18n import Lang, Msg
from ..i18n.common import ACTIVITY, NOT_CHECKED, REASONS
from ..i18n.naming import names_of
from ..i18n.nouns import institution_noun
from ..i18n.sectors import sector_of
from ..i18n.typography import typeset
from ..known_instances import handle_domain
from ..models import (
    Activity,
    BlueskyAccount,
    Confidence,
    FoundAccount,
    FoundBy,
    InstanceInfo,
    Institution,
    LinkPlatform,
    MastodonAccount,
    Platform,
    PlatformVerdict,
    Reason,
    Report,
    SocialLink,
    Verdict,
)
from . import wording as W
from .models import Effort, PlanOptions, StepStatus, Team
from .workdays import ACTIVE_WORKING_DAYS, default_start, working_day_on_or_after, working_days_after

if TYPE_CHECKING:
    from .home import Choice

__all__ = [
    "SAFE_DID",
    "SAFE_HOST",
    "SAFE_HTTPS",
    "SAFE_USERNAME",
    "X_LINKS",
    "Ctx",
    "Timeline",
    "bluesky_of",
    "mastodon_of",
    "work",
]

X_LINKS = (LinkPlatform.X,)

# remote values must match these before they go into an artifact (a snippet pasted on a homepage)
SAFE_HOST = re.compile(
    r"^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$"
)
SAFE_USERNAME = re.compile(r"^[A-Za-z0-9_]{1,64}$")
SAFE_DID = re.compile(r"^did:[a-z]+:[A-Za-z0-9._:%-]{1,2000}$")
SAFE_HTTPS = re.compile(r"^https://[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:/[^\s\"'<>`\\]*)?$")


def mastodon_of(found: FoundAccount) -> MastodonAccount | None:
    return found.account if isinstance(found.account, MastodonAccount) else None


def bluesky_of(found: FoundAccount) -> BlueskyAccount | None:
    return found.account if isinstance(found.account, BlueskyAccount) else None


def work(
    status: StepStatus, *, communication: float = 0, it: float = 0, management: float = 0
) -> tuple[Effort, ...]:
    """What a step asks of each team, in person-days: nothing once it is done."""
    if status is StepStatus.DONE:
        return ()
    days = {Team.MANAGEMENT: management, Team.COMMUNICATION: communication, Team.IT: it}
    return tuple(Effort(team=team, days=n) for team, n in days.items() if n)


_CODE = re.compile(r"(`[^`]*`)")


@dataclass(frozen=True, slots=True)
class TypesetLang(Lang):
    """A `Lang` whose messages come out typeset (`quitx.i18n.typography`: French spaces before
    ``: ; ! ?`` and inside « »), `` `code` `` spans left as typed: every sentence of the plan, in
    every format, JSON included. ``words`` fill the placeholders every message may use: the
    institution's noun (`InstitutionNoun.forms`: "${inst_de}" → "de la ville")."""

    words: tuple[tuple[str, str], ...] = ()

    def __call__(self, msg: Msg, /, **values: str) -> str:
        text = Lang.__call__(self, msg, **{**dict(self.words), **values})
        return "".join(
            p if i % 2 else typeset(p, self.code, first=i == 0) for i, p in enumerate(_CODE.split(text))
        )

    def sep(self, mark: str = ":") -> str:
        return typeset(Lang.sep(self, mark), self.code, first=False)

    def date(self, day: dt.date) -> str:
        """The day, its number and month kept together: "2 mars 2026"."""
        return typeset(Lang.date(self, day), self.code)


@dataclass(frozen=True, slots=True)
class Timeline:
    """The plan's dates, all working days (`quitx.plan.workdays`): the start, the day the names are
    held, the end of each active week (the due day of its steps), and the day the X and Meta
    accounts are archived."""

    written_on: dt.date
    start: dt.date
    names: dt.date
    week1: dt.date
    week2: dt.date
    week3: dt.date
    archive: dt.date

    @classmethod
    def of(cls, options: PlanOptions, country: str = "FR") -> Timeline:
        """Weeks of five working days from the start (given, else a few weeks after the plan is
        written); the archive day ``keep_x_until_days`` after the farewell at the end of week 3."""
        written = options.written_on or dt.date.today()
        if options.start is not None:
            start = working_day_on_or_after(options.start, country)
        else:
            start = default_start(written, country)
        week3 = working_days_after(start, ACTIVE_WORKING_DAYS, country)
        archive = working_day_on_or_after(week3 + dt.timedelta(days=options.keep_x_until_days), country)
        return cls(
            written_on=written,
            start=start,
            names=working_days_after(start, 1, country),
            week1=working_days_after(start, 4, country),
            week2=working_days_after(start, 9, country),
            week3=week3,
            archive=archive,
        )


class Ctx:
    """The report read once: the institution's own accounts, lookalikes, handles to use, dates."""

    def __init__(
        self,
        report: Report | None,
        institution: Institution,
        options: PlanOptions,
        choose_home: Callable[[Ctx], Choice],
    ) -> None:
        self.report = report
        self.institution = institution
        self.options = options
        self.sector = sector = sector_of(institution, options.sector).sector
        # the name in running text and headings, as the letter writes it: "de la mairie de Lyon"
        self.names = names_of(institution.name, sector, options.naming)
        # the noun the letter says "notre …" with: "la ville", "du ministère" (`quitx.i18n.nouns`)
        self.noun = institution_noun(institution.name, sector, gender=self.names.french.gender)
        self.t: Lang = TypesetLang(options.language, tuple(self.noun.forms.items()))
        self.domain = institution.domain
        self.dates = Timeline.of(options, institution.country)
        self.not_checked = self.t(NOT_CHECKED)
        # the one ranking (Report.ranked): best first, a moved account after the one it moved to
        self.mastodon = report.ranked(Platform.MASTODON) if report else ()
        self.bluesky = report.ranked(Platform.BLUESKY) if report else ()
        self.own_mastodon = report.own_account(Platform.MASTODON) if report else None
        self.own_bluesky = report.own_account(Platform.BLUESKY) if report else None
        # the home instance is chosen from the facts above (plan/home.py); the addresses the
        # artifacts show follow from it
        self.choice = choose_home(self)
        self.mastodon_known = self.own_mastodon is not None
        self.mastodon_handle, self.mastodon_url = self._mastodon_address()
        self.bluesky_handle, self.bluesky_url = self._bluesky_address()

    # --- the report's words --------------------------------------------------------------------------

    def checked_on(self) -> str:
        return self.t.date(self.report.checked_at.date()) if self.report else ""

    def reason(self, reason: Reason) -> str:
        return self.t(REASONS[reason].what)

    def unknown_evidence(self, verdict: PlatformVerdict, where: str) -> str:
        """Why a verdict is unknown, in the plan's language: "… could not tell: piaille.fr timed out"."""
        attempts = [*verdict.attempts, *([verdict.search] if verdict.search else [])]
        why = next((a.reason for a in attempts if a.verdict is Verdict.UNKNOWN), None)
        tail = f"{where} — {self.reason(why)}" if why else where
        return self.t(W.COULD_NOT_TELL, tail=tail)

    def mastodon_unknowns(self) -> list[str]:
        if self.report is None:
            return []
        out = [
            self.unknown_evidence(v, v.instance or "Mastodon")
            for v in self.report.instances
            if v.verdict is Verdict.UNKNOWN
        ]
        if not out and self.report.mastodon.verdict is Verdict.UNKNOWN:
            out.append(self.unknown_evidence(self.report.mastodon, "Mastodon"))
        return out

    def account_evidence(self, found: FoundAccount) -> str:
        """One line on an account: which, how sure, from what."""
        t = self.t
        handle = found.handle
        mastodon = mastodon_of(found)
        verified_field = self.verified_field(mastodon) if mastodon else None
        if found.confidence is Confidence.VERIFIED and verified_field is not None:
            name, when = verified_field
            text = t(W.VERIFIED_BY_FIELD, handle=handle, name=name, when=when)
        elif found.confidence is Confidence.VERIFIED and found.platform is Platform.BLUESKY:
            text = t(W.VERIFIED_BY_DOMAIN_HANDLE, handle=handle)
        elif found.confidence is Confidence.VERIFIED:
            text = t(W.VERIFIED_BY_REL_ME, handle=handle)
        elif found.confidence is Confidence.LINKED and FoundBy.DOMAIN_RECORD in found.found_by:
            text = t(W.NAMED_BY_DOMAIN_RECORD, handle=handle)
        elif found.confidence is Confidence.LINKED and FoundBy.MOVED in found.found_by:
            text = t(W.MOVED_HERE, handle=handle)
        elif found.confidence is Confidence.LINKED:
            text = t(W.LINKED_ONE_WAY, handle=handle)
        else:
            text = t(W.NAME_ONLY, handle=handle)
        if found.activity in (Activity.ACTIVE, Activity.UNKNOWN):
            return text
        return text + t.sep(";") + t(ACTIVITY[found.activity])

    def verified_field(self, account: MastodonAccount) -> tuple[str, str] | None:
        """The profile field proving the domain (name, the day written in the plan's language), if
        Mastodon verified one."""
        for field in account.fields_linking_to(self.domain):
            if field.verified_at is not None:
                return field.name, self.t.date(field.verified_at.date())
        return None

    def instance_info(self, host: str) -> InstanceInfo | None:
        if self.report is None:
            return None
        return next((i for i in self.report.instance_info if i.host == host), None)

    # --- the home instance ---------------------------------------------------------------------------

    def suggested_username(self) -> str:
        label = self.domain.split(".", 1)[0].replace("-", "") if self.domain else ""
        return label if SAFE_USERNAME.match(label) else self.t(W.ACCOUNT_PLACEHOLDER)

    def _mastodon_address(self) -> tuple[str, str]:
        """(handle, profile URL): the real ones when the account is known, else a suggestion."""
        account = mastodon_of(self.own_mastodon) if self.own_mastodon else None
        if account is not None and SAFE_USERNAME.match(account.username):
            web_host = account.web_host.lower()
            domain = account.domain.lower()
            url = account.url or ""
            if not SAFE_HTTPS.match(url) and SAFE_HOST.match(web_host):
                url = f"https://{web_host}/@{account.username}"
            if SAFE_HTTPS.match(url) and SAFE_HOST.match(domain):
                return f"@{account.username}@{domain}", url
        host = self.choice.host if self.choice.host and SAFE_HOST.match(self.choice.host) else None
        user = self.suggested_username()
        if host is None:
            instance = self.t(W.INSTANCE_PLACEHOLDER)
            return f"@{user}@{instance}", f"https://{instance}/@{user}"
        return f"@{user}@{self.choice.local_domain or handle_domain(host)}", f"https://{host}/@{user}"

    def _bluesky_address(self) -> tuple[str, str]:
        """(handle, profile URL): the domain handle the plan sets, else the account's, else a placeholder."""
        account = bluesky_of(self.own_bluesky) if self.own_bluesky else None
        if (
            account
            and account.handle
            and account.handle_verified
            and host_within(account.handle, self.domain)
            and SAFE_HOST.match(account.handle)
        ):
            return f"@{account.handle}", f"https://bsky.app/profile/{account.handle}"
        if self.domain:
            return f"@{self.domain}", f"https://bsky.app/profile/{self.domain}"
        if account and account.handle and SAFE_HOST.match(account.handle):
            return f"@{account.handle}", f"https://bsky.app/profile/{account.handle}"
        placeholder = self.t(W.BLUESKY_PLACEHOLDER)
        return f"@{placeholder}", f"https://bsky.app/profile/{placeholder}"

    def moved_links(self, links: Sequence[SocialLink]) -> list[tuple[str, str]]:
        """(old handle, new handle) for each homepage link to a Mastodon account that moved."""
        out: list[tuple[str, str]] = []
        for found in self.mastodon:
            account = mastodon_of(found)
            if account is None or found.activity is not Activity.MOVED or not account.moved_to:
                continue
            names = {f"@{account.acct}".lower(), f"@{account.username}@{account.web_host}".lower()}
            try:  # remote text: only a valid address goes into the plan
                target = parse_ref(account.moved_to)
            except ValueError:  # InvalidReferenceError, or a name IDNA cannot encode
                continue
            if any((link.handle or "").lower() in names for link in links):
                out.append((found.handle, str(target)))
        return out

    def site_links(self, platforms: Sequence[LinkPlatform]) -> list[tuple[LinkPlatform, str]]:
        website = self.report.website if self.report else None
        if website is None or website.verdict is not Verdict.PRESENT:
            return []
        return [(link.platform, link.url) for link in website.links if link.platform in platforms]

    def website_unread(self) -> str | None:
        """Why the homepage could not be used, or None when it was read."""
        t = self.t
        if self.report is None:
            return self.not_checked
        website = self.report.website
        if website is None:
            return t(W.HOMEPAGE_NOT_READ_NO_DOMAIN)
        if website.verdict is Verdict.PRESENT:
            return None
        if website.verdict is Verdict.ABSENT:
            return t(W.SITE_DOES_NOT_EXIST, url=website.url)
        return t(W.HOMEPAGE_UNREADABLE, reason=self.reason(website.reason))
