"""Where Wikidata and the live check agree, and where they do not.

For each institution that came from Wikidata, and each network:

- every account Wikidata lists (P4033, P12361) is looked for in the report: **agree** when the
  check found it and it is the institution's (verified, or linked from its site); **unproven** when
  it exists but nothing proves it is the institution's (found by its name only); **another** when it
  is not proven and the check proves another account is the institution's; **absent** when the
  check settled that it does not exist; **unknown** when the check could not tell (never "absent");
- every account the check proves (verified or linked) that Wikidata lacks is **missing**.

Only a *verified* missing account becomes a proposed Wikidata edit (`quitx.observatory.givingback`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from enum import StrEnum

from ..errors import InvalidReferenceError
from ..handles import parse_ref
from ..models import (
    BlueskyAccount,
    BlueskyRef,
    Confidence,
    FoundAccount,
    MastodonAccount,
    MastodonRef,
    Platform,
    Report,
    Verdict,
)
from ..models.base import _Frozen
from .wikidata import WikidataItem

__all__ = ["Agreement", "Comparison", "ComparisonRow", "account_keys", "compare", "pair_items", "ref_key"]


class Agreement(StrEnum):
    AGREE = "agree"
    UNPROVEN = "unproven"
    ANOTHER = "another"
    ABSENT = "absent"
    UNKNOWN = "unknown"
    MISSING = "missing"


class ComparisonRow(_Frozen):
    qid: str
    institution: str
    platform: Platform
    status: Agreement
    wikidata: str | None = None  # the account as Wikidata has it
    live: str | None = None  # the account the check found (or proves)
    confidence: Confidence | None = None
    detail: str


class Comparison(_Frozen):
    rows: tuple[ComparisonRow, ...] = ()

    def counts(self) -> dict[str, int]:
        found = Counter(r.status.value for r in self.rows)
        return {a.value: found.get(a.value, 0) for a in Agreement}

    def disagreements(self) -> tuple[ComparisonRow, ...]:
        return tuple(r for r in self.rows if r.status is not Agreement.AGREE)


def ref_key(ref: MastodonRef | BlueskyRef) -> str:
    """A reference as a key: ``mastodon:user@domain``, ``bluesky:handle`` or ``bluesky:did``."""
    if isinstance(ref, MastodonRef):
        return f"mastodon:{ref.acct.lower()}"
    return f"bluesky:{(ref.did or ref.handle or '').lower()}"


def account_keys(found: FoundAccount) -> set[str]:
    """Every key under which a found account may be named (handle domain, web host, DID, handle)."""
    account = found.account
    if isinstance(account, MastodonAccount):
        user = account.username.lower()
        return {f"mastodon:{user}@{account.domain.lower()}", f"mastodon:{user}@{account.web_host.lower()}"}
    assert isinstance(account, BlueskyAccount)  # noqa: S101 - the union has two members
    keys = {f"bluesky:{account.did.lower()}"}
    keys |= {f"bluesky:{h.lower()}" for h in (account.handle, account.claimed_handle) if h}
    return keys


def _attempt_verdict(report: Report, platform: Platform, key: str) -> tuple[Verdict, str] | None:
    """What the check's attempts say about a reference it was given (absent, unknown…)."""
    verdicts = [report.bluesky] if platform is Platform.BLUESKY else [report.mastodon, *report.instances]
    found: tuple[Verdict, str] | None = None
    for verdict in verdicts:
        for attempt in verdict.attempts:
            try:
                ref = parse_ref(attempt.ref)
            except InvalidReferenceError:
                continue
            if ref_key(ref) != key:
                continue
            if found is None or attempt.verdict is Verdict.UNKNOWN:  # unknown anywhere wins
                found = (attempt.verdict, attempt.detail)
    return found


def _wikidata_refs(item: WikidataItem, platform: Platform) -> list[tuple[str, str]]:
    """(value as Wikidata has it, key) for the item's accounts on a network."""
    values = item.mastodon if platform is Platform.MASTODON else item.bluesky
    kind = MastodonRef if platform is Platform.MASTODON else BlueskyRef
    out = []
    for value in values:
        try:
            ref = parse_ref(value)
        except InvalidReferenceError:
            continue
        if isinstance(ref, kind):
            out.append((value, ref_key(ref)))
    return out


def _rows_for(item: WikidataItem, report: Report, platform: Platform) -> list[ComparisonRow]:
    name = report.institution.name
    accounts = report.ranked(platform)
    own = report.own(platform)
    listed = _wikidata_refs(item, platform)
    listed_keys = {key for _, key in listed}
    rows: list[ComparisonRow] = []
    for value, key in listed:
        match = next((a for a in accounts if key in account_keys(a)), None)
        base = {"qid": item.qid, "institution": name, "platform": platform, "wikidata": value}
        if match is not None and match.confidence.owned:
            rows.append(
                ComparisonRow(
                    **base,
                    status=Agreement.AGREE,
                    live=match.handle,
                    confidence=match.confidence,
                    detail=f"the check found it: {match.confidence.value}, {match.activity.value}",
                )
            )
            continue
        others = [a for a in own if not (account_keys(a) & {key})]
        if match is not None:
            status = Agreement.ANOTHER if others else Agreement.UNPROVEN
            detail = "it exists, but nothing proves it is the institution's (found by its name only)"
            if others:
                detail += f"; the check proves {others[0].handle} ({others[0].confidence.value}) is"
            rows.append(
                ComparisonRow(
                    **base,
                    status=status,
                    live=others[0].handle if others else match.handle,
                    confidence=others[0].confidence if others else match.confidence,
                    detail=detail,
                )
            )
            continue
        said = _attempt_verdict(report, platform, key)
        if said is not None and said[0] is Verdict.ABSENT:
            status, detail = Agreement.ABSENT, f"the check found no such account: {said[1]}"
        else:
            why = said[1] if said is not None else "the check did not settle it"
            status, detail = Agreement.UNKNOWN, f"cannot tell: {why}"
        if others and status is Agreement.ABSENT:
            status = Agreement.ANOTHER
            detail += (
                f"; the check proves {others[0].handle} ({others[0].confidence.value}) is the institution's"
            )
        rows.append(
            ComparisonRow(
                **base,
                status=status,
                live=others[0].handle if others and status is Agreement.ANOTHER else None,
                confidence=others[0].confidence if others and status is Agreement.ANOTHER else None,
                detail=detail,
            )
        )
    for account in own:
        if account_keys(account) & listed_keys:
            continue
        rows.append(
            ComparisonRow(
                qid=item.qid,
                institution=name,
                platform=platform,
                status=Agreement.MISSING,
                live=account.handle,
                confidence=account.confidence,
                detail=(
                    "the check proves it is the institution's (verified)"
                    if account.confidence is Confidence.VERIFIED
                    else "the institution's website links to it (linked)"
                )
                + "; Wikidata does not list it",
            )
        )
    return rows


def compare(pairs: Iterable[tuple[WikidataItem, Report]]) -> Comparison:
    """The comparison of each item with the report of its institution."""
    rows: list[ComparisonRow] = []
    for item, report in pairs:
        for platform in (Platform.MASTODON, Platform.BLUESKY):
            rows += _rows_for(item, report, platform)
    return Comparison(rows=tuple(rows))


def pair_items(
    items: Iterable[WikidataItem], reports: Mapping[str, Report], keys: Mapping[str, str]
) -> list[tuple[WikidataItem, Report]]:
    """Items with the report of their institution: ``keys`` maps a QID to its institution key,
    ``reports`` an institution key to its report."""
    out = []
    for item in items:
        key = keys.get(item.qid)
        report = reports.get(key) if key is not None else None
        if report is not None:
            out.append((item, report))
    return out
