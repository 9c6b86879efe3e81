"""Giving back to Wikidata: QuickStatements proposing the Mastodon (P4033) and Bluesky (P12361)
accounts quitx proved, for a person to review and submit. quitx never edits Wikidata itself.

Only **verified** accounts are proposed — never one the institution's site merely links to
without a two-way proof, never a candidate found by name — and never a statement the item
already has. Each statement carries its evidence as a reference: the URL that proves it (S854,
reference URL) and the day it was read (S813, retrieved), in QuickStatements' first syntax::

    Q1234<TAB>P4033<TAB>"univexemple@social.exemple.fr"<TAB>S854<TAB>"https://univ-exemple.fr/"<TAB>S813<TAB>+2025-03-01T00:00:00Z/11

The evidence URL is the institution's own page that names the account (its homepage's
``rel="me"`` link, its ``/.well-known/atproto-did``) when there is one, else the directory record
of the account's identity (a Bluesky DID document). An account whose proof has no URL (a DNS record
only) is listed as skipped, with the reason (a code), for the reviewer to reference by hand.
`QuickStatements.review` says them all for the reviewer, in the run's language.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable, Mapping
from typing import Literal

from .._text import md_code, md_literal
from .._urls import host_within, url_host
from ..errors import InvalidReferenceError
from ..handles import is_valid_handle, parse_ref
from ..i18n import Lang, Language
from ..i18n.typography import typeset
from ..models import Report
from ..models.base import _Frozen
from . import wording as w
from .compare import ref_key
from .history import account_key
from .history_read import ProvenAccount, proven_accounts, wikidata_items
from .wikidata import WikidataItem

__all__ = [
    "QuickStatements",
    "Skipped",
    "Statement",
    "proposals",
    "proposals_from_history",
    "proven_in_reports",
]

_PROPERTY = {"mastodon": "P4033", "bluesky": "P12361"}
_SAFE_URL = re.compile(r"https://[!#-~]+")  # printable ASCII, no space, no quote
_SAFE_VALUE = re.compile(r"[A-Za-z0-9._@-]+")


class Statement(_Frozen):
    """One proposed statement, with its reference."""

    qid: str
    pid: Literal["P4033", "P12361"]  # the property
    value: str
    reference_url: str
    retrieved: dt.date
    institution: str
    account: str  # as quitx shows it

    @property
    def line(self) -> str:
        return (
            f'{self.qid}\t{self.pid}\t"{self.value}"\tS854\t"{self.reference_url}"'
            f"\tS813\t+{self.retrieved.isoformat()}T00:00:00Z/11"
        )


class Skipped(_Frozen):
    qid: str
    institution: str
    account: str
    # no_wikidata_value: a Bluesky account without a verified handle; proof_without_url: a DNS record
    why: Literal["no_wikidata_value", "proof_without_url"]


class QuickStatements(_Frozen):
    statements: tuple[Statement, ...] = ()
    skipped: tuple[Skipped, ...] = ()

    def text(self) -> str:
        """The QuickStatements batch: one statement a line, nothing else."""
        return "".join(s.line + "\n" for s in self.statements)

    def review(self, language: Language = "en") -> str:
        """For the person who reviews the batch (Markdown), in ``language``: each statement and
        what it rests on, what was not proposed and why."""
        lang = Lang(language)
        lines = [f"# {lang(w.REVIEW_TITLE)}", ""]
        if not self.statements:
            lines.append(lang(w.REVIEW_NONE))
        for s in self.statements:
            said = lang(
                w.REVIEW_STATEMENT,
                item=f"[{s.qid}](https://www.wikidata.org/wiki/{s.qid})",
                institution=md_literal(s.institution),
                property=s.pid,
                value=md_code(s.value),
                url=s.reference_url,
                day=typeset(lang.date(s.retrieved), lang.code),
            )
            lines.append(f"- {said}")
        if self.skipped:
            lines += ["", f"## {lang(w.REVIEW_NOT_PROPOSED)}", ""]
            lines += [
                "- "
                + lang(
                    w.REVIEW_SKIPPED,
                    qid=s.qid,
                    institution=md_literal(s.institution),
                    account=md_literal(s.account),
                    why=lang(w.NOT_PROPOSED_BECAUSE[s.why]),
                )
                for s in self.skipped
            ]
        return "\n".join(lines) + "\n"


def _url(request: str) -> str | None:
    parts = request.split()
    if len(parts) >= 2 and parts[0] == "GET":
        return parts[1]
    return None


def _reference(account: ProvenAccount) -> str | None:
    """The URL that proves the account: the institution's own page first."""
    urls = [u for u in (_url(e.request) for e in account.evidence) if u]
    urls = [u for u in urls if _SAFE_URL.fullmatch(u)]
    own = [u for u in urls if account.domain and host_within(url_host(u), account.domain)]
    if own:
        return own[0]
    identity = [u for u in urls if "did:" in u]
    return identity[0] if identity else None


def _value(account: ProvenAccount) -> str | None:
    """The account as Wikidata writes it: ``user@server`` (P4033), the handle without "@" (P12361)."""
    try:
        ref = parse_ref(account.handle)
    except InvalidReferenceError:
        return None
    if account.platform == "mastodon":
        text = getattr(ref, "acct", None)
    else:
        text = getattr(ref, "handle", None)
        if text is None or not is_valid_handle(text):
            return None
    return text if text and _SAFE_VALUE.fullmatch(text) else None


def _listed(item: WikidataItem, platform: str) -> set[str]:
    keys: set[str] = set()
    for value in item.mastodon if platform == "mastodon" else item.bluesky:
        try:
            keys.add(ref_key(parse_ref(value)))
        except InvalidReferenceError:
            continue
    return keys


def _aliases(account: ProvenAccount) -> set[str]:
    """A Mastodon account under its web host too (Wikidata may name the server, not the handle's domain)."""
    if account.platform != "mastodon" or not account.instance:
        return set()
    user = account.account_key.removeprefix("mastodon:").split("@", 1)[0]
    return {f"mastodon:{user}@{account.instance.lower()}"}


def proposals(accounts: Iterable[ProvenAccount], items: Mapping[str, WikidataItem]) -> QuickStatements:
    """Statements for the verified ``accounts`` whose institution (key) has a Wikidata item and
    whose item lacks them."""
    statements: list[Statement] = []
    skipped: list[Skipped] = []
    seen: set[tuple[str, str, str]] = set()
    for account in accounts:
        item = items.get(account.key)
        if item is None or account.platform not in _PROPERTY:
            continue
        value = _value(account)
        base = {"qid": item.qid, "institution": account.institution, "account": account.handle}
        if value is None:
            skipped.append(Skipped(**base, why="no_wikidata_value"))
            continue
        try:
            key = ref_key(parse_ref(value if account.platform == "mastodon" else f"@{value}"))
        except InvalidReferenceError:
            key = ""
        listed = _listed(item, account.platform)
        if {key, account.account_key, *_aliases(account)} & listed:
            continue  # Wikidata has it already
        reference = _reference(account)
        if reference is None:
            skipped.append(Skipped(**base, why="proof_without_url"))
            continue
        prop = "P4033" if account.platform == "mastodon" else "P12361"
        if (item.qid, prop, value.lower()) in seen:
            continue
        seen.add((item.qid, prop, value.lower()))
        statements.append(
            Statement(
                **base,
                pid=prop,
                value=value,
                reference_url=reference,
                retrieved=account.checked_at.date(),
            )
        )
    return QuickStatements(statements=tuple(statements), skipped=tuple(skipped))


def proven_in_reports(reports: Iterable[Report]) -> list[ProvenAccount]:
    """The verified accounts of ``reports``, as `proposals` takes them."""
    from ..batch import institution_key

    out = []
    for report in reports:
        for found in report.accounts:
            if found.confidence.value != "verified":
                continue
            out.append(
                ProvenAccount(
                    key=institution_key(report.institution),
                    institution=report.institution.name,
                    domain=report.institution.domain,
                    platform=found.platform.value,
                    handle=found.handle,
                    account_key=account_key(found),
                    instance=found.instance,
                    checked_at=report.checked_at,
                    evidence=tuple(found.evidence),
                )
            )
    return out


def proposals_from_history(db_path: str | os.PathLike[str], run_id: int) -> QuickStatements:
    """The proposals of a recorded run: its verified accounts against the Wikidata items it read."""
    return proposals(proven_accounts(db_path, run_id), wikidata_items(db_path, run_id))
