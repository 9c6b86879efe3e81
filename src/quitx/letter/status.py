"""What the check found, in the sender's voice: the presence paragraph, and the facts other blocks use.

The sentences follow the report closely: an account found is described with its facts, a verdict
``absent`` is worded "I found no account", an ``unknown`` one "I could not check"; with no report
the letter says so in its own block (``presence_offline``). Absence is never claimed where the check
was not conclusive. One sentence for the accounts ("…: clause ; clause."), one for the website.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from ..doc import Block, Bullets, Inline, Link, Paragraph, Text, Value, plain
from ..i18n import Lang, Language, Msg
from ..i18n.common import NO_USABLE_ANSWER, REASONS, REGISTRATIONS
from ..models import (
    JOINING,
    LEAVING,
    Activity,
    Attempt,
    BlueskyAccount,
    Confidence,
    FoundAccount,
    Institution,
    MastodonAccount,
    Platform,
    PlatformVerdict,
    Reason,
    Report,
    Verdict,
)
from . import phrases as P
from .templates import merge_spans, spans

__all__ = ["Status", "unknown_reason"]


class Status:
    """The status sentences for one report (or none), in one language."""

    def __init__(
        self,
        report: Report | None,
        institution: Institution,
        language: Language,
        names: Mapping[str, Value],
        date: dt.date,
    ) -> None:
        self.report = report
        self.institution = institution
        self.language = language
        self.names = names
        self.date = date
        self.lang = Lang(language)
        self._said_has = False

    def phrase(self, phrase: Msg, **values: Value) -> list[Inline]:
        """The phrase in the letter's language, as spans: the letter's values and ``values`` put in."""
        return spans(self.lang.template(phrase), {**self.names, **values})

    def reason(self, reason: Reason | None) -> str:
        """What a server did, as a predicate: "ne répondait pas" (a reason unknown: no usable answer)."""
        return self.lang(REASONS[reason].did if reason is not None else NO_USABLE_ANSWER)

    @property
    def checked(self) -> str:
        return self.lang.date(self.report.checked_at.date()) if self.report else ""

    @property
    def site(self) -> str:
        return (self.report and self.report.website and self.report.website.url) or (
            self.institution.homepage_url or ""
        )

    def paragraph(self) -> list[Block]:
        """The presence paragraph (none without a report): the intro, the clauses, the website."""
        if self.report is None:
            return []
        if self.report.checked_at.date() == self.date:
            intro = self.phrase(P.INTRO_TODAY)
        else:
            intro = self.phrase(P.INTRO_CHECKED, checked=self.checked)
        clauses = self.items()
        site = self._website()
        if len(clauses) > 3:  # a long list reads better as bullets
            semicolon = self.lang.sep(";").rstrip()
            items = [
                (*clause, Text(text=semicolon if n < len(clauses) - 1 else "."))
                for n, clause in enumerate(clauses)
            ]
            out: list[Block] = [Paragraph(children=tuple(intro)), Bullets(items=tuple(items))]
            return [*out, Paragraph(children=tuple(site))] if site else out
        spans: list[Inline] = [*intro]
        for n, clause in enumerate(clauses):
            spans.append(Text(text=" " if n == 0 else self.lang.sep(";")))
            spans.extend(clause)
        spans.append(Text(text="."))
        if site:
            spans.append(Text(text=" "))
            spans.extend(site)
        return [Paragraph(children=tuple(merge_spans(spans)))]

    def items(self) -> list[list[Inline]]:
        """The account clauses, in lower case, without end mark."""
        if self.report is None:
            return []
        report = self.report
        self._said_has = False
        items: list[list[Inline]] = []
        mastodon = report.ranked(Platform.MASTODON)  # the one ranking: "has" names the best first
        bluesky = report.ranked(Platform.BLUESKY)
        both_absent = (
            not mastodon
            and not bluesky
            and report.mastodon.verdict is Verdict.ABSENT
            and report.bluesky.verdict is Verdict.ABSENT
        )
        if both_absent:
            items.append(self.phrase(P.ABSENT_BOTH))
        else:
            items.extend(self._platform(Platform.MASTODON, mastodon, report.mastodon))
            items.extend(self._platform(Platform.BLUESKY, bluesky, report.bluesky))
        return items

    # --- one network ---

    def _platform(
        self, platform: Platform, accounts: Sequence[FoundAccount], verdict: PlatformVerdict
    ) -> list[list[Inline]]:
        network = platform.label
        out: list[list[Inline]] = []
        owned = [a for a in accounts if a.confidence.owned]
        for account in owned:
            phrase = P.HAS_ALSO if self._said_has else P.HAS  # "also" from the second account on
            self._said_has = True
            out.append(
                self.phrase(
                    phrase,
                    network=network,
                    handle=self._handle(account),
                    details=self._details(account),
                )
            )
        for account in accounts:
            if not account.confidence.owned:
                display = account.account.display_name
                out.append(
                    self.phrase(
                        P.CANDIDATE,
                        network=network,
                        handle=self._handle(account),
                        display=self.phrase(P.DISPLAY_NAME, display_name=display) if display else "",
                    )
                )
        if platform is Platform.MASTODON:
            out.extend(self._mastodon_gaps(accounts, verdict))
        elif not accounts:
            if verdict.verdict is Verdict.ABSENT:
                out.append(self.phrase(P.ABSENT, network=network, where=""))
            else:  # unknown (or a present verdict without an account: nothing proven either way)
                why = self.phrase(P.SERVICE_REASON, reason=self.reason(unknown_reason(verdict)))
                out.append(self.phrase(P.UNKNOWN, network=network, why=why))
        return out

    def _mastodon_gaps(
        self, accounts: Sequence[FoundAccount], overall: PlatformVerdict
    ) -> list[list[Inline]]:
        """What the Mastodon instances could and could not tell, without claiming more."""
        instances = self.report.instances if self.report else ()
        unknown = [v for v in instances if v.verdict is Verdict.UNKNOWN]
        absent = [v for v in instances if v.verdict is Verdict.ABSENT]
        unknown_on = self.lang.join([v.instance or "?" for v in unknown])
        why = self.lang.join([self._host_reason(v) for v in unknown])
        if accounts:
            which = self.lang.join([self._host_reason(v, P.HOST_WHICH) for v in unknown])
            return [self.phrase(P.UNKNOWN_ALSO, why=which)] if unknown else []
        if overall.verdict is Verdict.ABSENT and not unknown:
            hosts = self.lang.join([v.instance or "?" for v in absent])
            where = self.phrase(P.WHERE_INSTANCES, instances=hosts) if absent else ""
            return [self.phrase(P.ABSENT, network="Mastodon", where=where)]
        if unknown and absent:
            absent_on = self.lang.join([v.instance or "?" for v in absent])
            return [self.phrase(P.UNKNOWN_PARTIAL, absent_on=absent_on, unknown_on=unknown_on, why=why)]
        if not unknown:  # inconclusive overall, although no single instance says why
            why = self.lang(P.INCONCLUSIVE)
        return [self.phrase(P.UNKNOWN, network="Mastodon", why=why)]

    def _host_reason(self, verdict: PlatformVerdict, phrase: Msg = P.HOST_REASON) -> str:
        reason = self.reason(unknown_reason(verdict))
        return plain(self.phrase(phrase, host=verdict.instance or "?", reason=reason))

    def _handle(self, account: FoundAccount) -> Inline:
        url = account.url or account.account.url
        label = Text(text=account.handle)
        return Link(children=(label,), url=url) if url else label

    def _details(self, account: FoundAccount) -> list[Inline]:
        parts: list[list[Inline]] = []
        if account.confidence is Confidence.VERIFIED:
            parts.append([Text(text=self.lang(P.VERIFIED))])
        elif account.confidence is Confidence.LINKED:
            parts.append([Text(text=self.lang(P.LINKED))])
        facts = account.account
        if isinstance(facts, BlueskyAccount) and facts.verified_status == "valid":
            parts.append([Text(text=self.lang(P.BLUE_CHECK))])
        followers = facts.followers_count
        if followers is not None:
            parts.append([Text(text=self.lang.count(followers, P.FOLLOWER, P.FOLLOWERS))])
        activity = account.activity
        if activity is Activity.MOVED and isinstance(facts, MastodonAccount) and facts.moved_to:
            parts.append(self.phrase(P.MOVED_TO, target=f"@{facts.moved_to}"))
        elif activity is Activity.SUSPENDED:
            parts.append([Text(text=self.lang(P.SUSPENDED))])
        elif activity is Activity.DEACTIVATED:
            parts.append([Text(text=self.lang(P.DEACTIVATED))])
        elif activity is Activity.NEVER_POSTED:
            parts.append([Text(text=self.lang(P.NEVER_POSTED))])
        elif account.last_post is not None:
            phrase = P.DORMANT_SINCE if activity is Activity.DORMANT else P.LAST_POST
            parts.append(self.phrase(phrase, day=self.lang.date(account.last_post)))
        bridge = account.bridge
        if bridge is not None and bridge.bridged is Verdict.PRESENT and bridge.bridged_handle:
            other = (Platform.BLUESKY if account.platform is Platform.MASTODON else Platform.MASTODON).label
            parts.append(self.phrase(P.BRIDGED, other=other, bridged_handle=bridge.bridged_handle))
        out: list[Inline] = []
        for part in parts:
            out.append(Text(text=", " if out else " ("))
            out.extend(part)
        if out:
            out.append(Text(text=")"))
        return out

    # --- the website ---

    def _website(self) -> list[Inline]:
        """The website's sentence, or nothing when the homepage was not looked at."""
        report = self.report
        website = report.website if report else None
        if website is None:
            return []
        if website.verdict is not Verdict.PRESENT:
            return self.phrase(P.SITE_UNKNOWN, site=website.url)
        found = website.platforms
        old = self.lang.join([p.label for p in LEAVING if p in found])
        new = self.lang.join([p.label for p in JOINING if p in found])
        if old and new:
            return self.phrase(P.SITE_OLD_NEW, platforms=old, new=new)
        if old:
            return self.phrase(P.SITE_OLD, platforms=old)
        if new:
            return self.phrase(P.SITE_NEW, new=new)
        return self.phrase(P.SITE_NONE)

    def website_links(self) -> set[str] | None:
        """The platforms the homepage links to (their values), None when it was not read."""
        website = self.report.website if self.report else None
        if website is None or website.verdict is not Verdict.PRESENT:
            return None
        return {p.value for p in website.platforms}

    # --- other facts the blocks use ---

    def registrations(self, host: str) -> list[Inline]:
        """ " (inscriptions ouvertes, constaté le …)" for an instance the check read, else nothing:
        registration modes change, so they are only ever stated as read."""
        if self.report is None:
            return []
        for info in self.report.instance_info:
            if info.host == host and info.reachable is Verdict.PRESENT and info.registrations:
                mode = self.lang(REGISTRATIONS[info.registrations])
                return self.phrase(P.REGISTRATIONS_AS_READ, mode=mode, checked=self.checked)
        return []

    def own_server(self) -> str:
        """The institution's own Mastodon server the check reached, or ""."""
        server = self.report.own_mastodon_server if self.report else None
        if server is None or server.reachable is not Verdict.PRESENT:
            return ""
        return server.host


def unknown_reason(verdict: PlatformVerdict) -> Reason | None:
    """Why a verdict is unknown: the first inconclusive attempt (or the search)."""
    attempts: list[Attempt] = [*verdict.attempts]
    if verdict.search is not None:
        attempts.append(verdict.search)
    for attempt in attempts:
        if attempt.verdict is Verdict.UNKNOWN:
            return attempt.reason
    return None
