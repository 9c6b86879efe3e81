"""Mastodon: WebFinger on the handle's domain, then the account on its home server.

The handle's domain need not be the web host (``@x@sciences.re`` lives on
``social.sciences.re``): WebFinger is asked on the handle's domain, redirects and
``host-meta`` are followed, and the API host is taken from the JRD's links.
Absent only on an authoritative negative: a 404/410 from the handle domain's
WebFinger with no ``host-meta`` leading elsewhere.

Identity is what the account's home proves, never what a server claims (`prove_identity`): a JRD
whose subject is another account than the one asked is believed only when the subject's own
domain answers WebFinger for that subject with the same actor (Mastodon's own rule before it
trusts a remote account); a lookup or an actor document about another account than the one asked
is unreadable, not a fact.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import quote

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .._http import HttpEngine, HttpResult
from .._urls import url_host
from ..handles import parse_ref
from ..models import (
    Evidence,
    ExistsResult,
    MastodonAccount,
    MastodonRef,
    ProfileField,
    Reason,
    Verdict,
)
from . import Lenient, read_model, readable
from . import exists_result as _result

__all__ = ["Proof", "lookup_mastodon", "parse_lrdd", "prove_identity"]

_JRD = "application/jrd+json, application/json;q=0.9"
_AP = 'application/activity+json, application/ld+json; profile="https://www.w3.org/ns/activitystreams"'
_AP_TYPES = ("application/activity+json", "application/ld+json")
_PROFILE_PAGE = "http://webfinger.net/rel/profile-page"
_LRDD = re.compile(r"<Link\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r'(\w+)\s*=\s*"([^"]*)"|(\w+)\s*=\s*\'([^\']*)\'')


class _Upstream(BaseModel):
    model_config = ConfigDict(extra="ignore")


class _JrdLink(_Upstream):
    rel: str | None = None
    type: str | None = None
    href: str | None = None
    template: str | None = None


class _Jrd(_Upstream):
    subject: str
    links: Annotated[list[_JrdLink], readable(_JrdLink)] = Field(default_factory=list)

    def link(self, rel: str, types: tuple[str, ...] = ()) -> str | None:
        for item in self.links:
            if item.rel == rel and item.href and (not types or (item.type or "").split(";")[0] in types):
                return item.href
        return None


class _Field(_Upstream):
    name: str
    value: str
    verified_at: Lenient[dt.datetime] = None  # an odd date proves nothing: not verified


class _AccountPayload(_Upstream):
    """An account as Mastodon's API gives it. Only ``username`` and ``acct`` must read: the other
    facts are read leniently (an odd value is left out, the account is still read)."""

    username: str
    acct: str
    id: Lenient[str] = None
    url: Lenient[str] = None
    display_name: Lenient[str] = None
    note: Lenient[str] = None
    avatar: Lenient[str] = None
    followers_count: Lenient[int] = None
    following_count: Lenient[int] = None
    statuses_count: Lenient[int] = None
    last_status_at: Lenient[dt.date] = None
    created_at: Lenient[dt.datetime] = None
    bot: Lenient[bool] = None
    group: Lenient[bool] = None
    locked: Lenient[bool] = None
    discoverable: Lenient[bool] = None
    indexable: Lenient[bool] = None
    moved: Lenient[_AccountPayload] = None
    suspended: bool = False
    limited: bool = False
    fields: Annotated[list[_Field], readable(_Field)] = Field(default_factory=list)

    @field_validator("suspended", "limited", mode="before")
    @classmethod
    def _flag(cls, value: Any) -> Any:
        return False if value is None else value  # some servers send null for "not suspended"

    def is_about(self, username: str, domain: str) -> bool:
        """Whether this payload describes ``username@domain`` (a home names its own accounts
        without the domain)."""
        user, _, at = self.acct.strip().lower().partition("@")
        return (
            user == username.lower()
            and self.username.strip().lower() == username.lower()
            and (not at or at == domain.lower())
        )

    @field_validator("last_status_at", mode="before")
    @classmethod
    def _date(cls, value: Any) -> Any:
        # real Mastodon sends a date ("2026-08-01"); some servers and mocks send a datetime
        if isinstance(value, str) and "T" in value:
            return value.split("T", 1)[0]
        return value


class _Actor(_Upstream):
    """The ActivityPub actor: a fallback when the server's API will not describe the account."""

    id: str
    preferredUsername: Lenient[str] = None
    name: Lenient[str] = None
    summary: Lenient[str] = None
    url: Lenient[str] = None
    published: Lenient[dt.datetime] = None
    movedTo: Lenient[str] = None
    suspended: Lenient[bool] = None


def _qualify(acct: str, domain: str) -> str:
    return acct if "@" in acct else f"{acct}@{domain}"


def _unknown(ref: MastodonRef, result: HttpResult, evidence: list[Evidence], what: str) -> ExistsResult:
    reason = result.failure or Reason.BAD_RESPONSE
    return _result(
        ref,
        Verdict.UNKNOWN,
        reason,
        f"cannot tell: {what} ({result.describe_failure()})",
        evidence,
        retry_after=result.retry_after,
    )


def parse_lrdd(xrd: str) -> str | None:
    for tag in _LRDD.findall(xrd):
        attrs = {m[0] or m[2]: html.unescape(m[1] or m[3]) for m in _ATTR.findall(tag)}
        if attrs.get("rel") == "lrdd" and "template" in attrs and "{uri}" in attrs["template"]:
            return attrs["template"]
    return None


def _webfinger_url(base_template: str | None, domain: str, resource: str) -> str:
    if base_template:
        return base_template.replace("{uri}", quote(resource, safe=""))
    return f"https://{domain}/.well-known/webfinger?resource={quote(resource, safe=':@')}"


async def _webfinger(
    engine: HttpEngine, ref: MastodonRef, evidence: list[Evidence]
) -> tuple[_Jrd | None, HttpResult]:
    """WebFinger on the handle's domain; host-meta when the domain has none of its own."""
    resource = f"acct:{ref.acct}"
    result = await engine.get(_webfinger_url(None, ref.domain, resource), accept=_JRD)
    jrd = _read_jrd(result)
    if jrd is not None:
        evidence.append(result.evidence("webfinger", f"JRD for {jrd.subject}"))
        return jrd, result
    if result.status in (404, 410):
        evidence.append(
            result.evidence("webfinger", f"HTTP {result.status}: no such account at {ref.domain}")
        )
    elif result.ok:
        evidence.append(result.evidence("webfinger", "HTTP 200 but not a WebFinger JRD"))
    else:
        evidence.append(result.evidence("webfinger", result.describe_failure()))
    if result.failure is not None:
        return None, result
    # the domain may delegate WebFinger elsewhere through host-meta (RFC 6415)
    meta = await engine.get(f"https://{ref.domain}/.well-known/host-meta", accept="application/xrd+xml")
    template = parse_lrdd(meta.text()) if meta.ok else None
    if template is None:
        outcome = (
            "no lrdd template"
            if meta.ok
            else (f"HTTP {meta.status}" if meta.failure is None else meta.describe_failure())
        )
        evidence.append(meta.evidence("host-meta", outcome))
        if meta.failure is not None:
            return None, meta
        return None, result
    evidence.append(meta.evidence("host-meta", f"lrdd template {template}"))
    first_host = url_host(result.final_url)
    delegated_url = _webfinger_url(template, ref.domain, resource)
    if url_host(delegated_url) == first_host:
        return None, result  # host-meta points back to where we already asked
    delegated = await engine.get(delegated_url, accept=_JRD)
    jrd = _read_jrd(delegated)
    if jrd is not None:
        evidence.append(delegated.evidence("webfinger", f"JRD for {jrd.subject}"))
    elif delegated.status in (404, 410):
        evidence.append(delegated.evidence("webfinger", f"HTTP {delegated.status}: no such account"))
    else:
        evidence.append(delegated.evidence("webfinger", delegated.describe_failure()))
    return jrd, delegated


def _read_jrd(result: HttpResult) -> _Jrd | None:
    if not result.ok:
        return None
    jrd = read_model(result, _Jrd)
    return jrd if jrd is not None and jrd.subject.startswith("acct:") and "@" in jrd.subject else None


def _actor_link(jrd: _Jrd) -> str | None:
    """What identifies the account a JRD describes: its actor, else its profile page."""
    return jrd.link("self", _AP_TYPES) or jrd.link(_PROFILE_PAGE)


@dataclass(frozen=True)
class Proof:
    """What `prove_identity` found: the JRD that stands for the account and the home that serves
    it, or why none does."""

    jrd: _Jrd | None
    home: str = ""  # the host of the account's actor (its API and profile live there)
    problem: str = ""
    failed: HttpResult | None = None  # the request that failed, when a failure is why


async def _confirm(
    engine: HttpEngine, asked: MastodonRef, subject: str, actor: str | None, evidence: list[Evidence]
) -> tuple[_Jrd | None, HttpResult, str]:
    """Ask ``asked.domain`` WebFinger for ``asked``: its answer must be ``subject`` with ``actor``.
    The JRD and the request it came from, or (None, the request, what went wrong)."""
    jrd, result = await _webfinger(engine, asked, evidence)
    if jrd is None:
        if result.failure is not None:
            why = result.describe_failure()
        else:
            why = f"HTTP {result.status}" if result.status else "no answer"
        return None, result, f"{asked.domain} does not confirm it ({why})"
    answered = jrd.subject.removeprefix("acct:").lower()
    if answered != subject.lower():
        return None, result, f"{asked.domain} answers for {answered}"
    if actor is None or _actor_link(jrd) != actor:
        return None, result, f"{asked.domain} names another actor ({_actor_link(jrd) or 'none'})"
    return jrd, result, ""


async def prove_identity(
    engine: HttpEngine, ref: MastodonRef, jrd: _Jrd, answered: HttpResult, evidence: list[Evidence]
) -> Proof:
    """Whether the JRD that ``ref``'s domain gave (``answered``: the request it came from) is about
    ``ref``, as its home proves it — Mastodon's own rules before it trusts a remote account:

    * a subject other than the account asked (a web host naming its accounts by their handle
      domain, an alias, or a server claiming someone else's account) is believed only when the
      subject's own domain answers WebFinger for that subject with the same actor;
    * an actor on another host than the one that answered must be known there by that name: its
      host answers WebFinger for ``user@host`` with the same subject and the same actor.

    Anything else is not proven, whatever the first server said."""
    subject = jrd.subject.removeprefix("acct:")
    try:
        claimed = parse_ref(f"@{subject}")
    except ValueError:  # InvalidReferenceError, or a name IDNA cannot encode
        claimed = None
    if not isinstance(claimed, MastodonRef):
        evidence.append(_identity_evidence(ref, subject, "the subject is not an account address"))
        return Proof(None, problem=f"{ref.domain} answered for {subject!r}, which is not an account address")
    actor = _actor_link(jrd)

    async def confirm(asked: MastodonRef, by: str) -> Proof | None:
        """None when ``asked.domain`` confirms ``claimed`` (the JRD then stands), else the refusal."""
        nonlocal jrd, answered
        back, result, problem = await _confirm(engine, asked, claimed.acct, actor, evidence)
        if back is None:
            evidence.append(_identity_evidence(ref, subject, f"not confirmed by {by}: {problem}"))
            failed = result if result.failure is not None else None
            return Proof(None, problem=f"{ref} was answered as {claimed}, but {problem}", failed=failed)
        evidence.append(_identity_evidence(ref, subject, f"confirmed by {by}: the same actor"))
        jrd, answered = back, result
        return None

    if claimed.acct.lower() != ref.acct.lower():
        refused = await confirm(claimed, f"its own domain {claimed.domain}")
        if refused is not None:
            return refused
    # a link that is no URL (an unbalanced "["…) names no home: the next one does
    home = next(
        (
            h
            for h in (url_host(u, port=True) for u in (actor, jrd.link(_PROFILE_PAGE), answered.final_url))
            if h
        ),
        "",
    )
    if not home:
        evidence.append(_identity_evidence(ref, subject, "no usable actor or profile link"))
        return Proof(None, problem=f"the WebFinger answer for {claimed} names no usable home")
    if home != url_host(answered.final_url, port=True):
        refused = await confirm(
            MastodonRef(username=claimed.username, domain=home), f"its actor's host {home}"
        )
        if refused is not None:
            return refused
    return Proof(jrd, home)


def _identity_evidence(ref: MastodonRef, subject: str, outcome: str) -> Evidence:
    return Evidence(step="identity", request=f"{ref} answered as @{subject}", outcome=outcome)


async def lookup_mastodon(engine: HttpEngine, ref: MastodonRef) -> ExistsResult:
    evidence: list[Evidence] = []
    jrd, wf = await _webfinger(engine, ref, evidence)
    missing = None if jrd is not None else await engine.host_missing(ref.domain, wf)
    if missing is not None:  # no server can exist for a domain that does not exist
        evidence.append(missing.evidence)
        if missing.proven:
            return _result(ref, Verdict.ABSENT, Reason.NOT_FOUND, missing.detail, evidence)
        detail = f"cannot tell: {missing.detail}"
        return _result(ref, Verdict.UNKNOWN, Reason.DNS_UNVERIFIED, detail, evidence)
    if jrd is None:
        if wf.status in (404, 410) and wf.failure is None:
            return _result(
                ref,
                Verdict.ABSENT,
                Reason.NOT_FOUND,
                f"{ref.domain} says no account {ref} exists (WebFinger {wf.status})",
                evidence,
            )
        if wf.failure is not None:
            return _unknown(ref, wf, evidence, f"WebFinger on {ref.domain} failed")
        return _result(
            ref,
            Verdict.UNKNOWN,
            Reason.BAD_RESPONSE,
            f"cannot tell: {ref.domain} did not answer WebFinger in a usable form",
            evidence,
        )

    proof = await prove_identity(engine, ref, jrd, wf, evidence)
    if proof.jrd is None:
        failed = proof.failed
        return _result(
            ref,
            Verdict.UNKNOWN,
            (failed.failure if failed is not None else None) or Reason.IDENTITY_NOT_PROVEN,
            f"cannot tell: {proof.problem}",
            evidence,
            retry_after=failed.retry_after if failed is not None else None,
        )
    jrd, home = proof.jrd, proof.home
    canonical = jrd.subject.removeprefix("acct:")
    username, _, domain = canonical.rpartition("@")
    actor_url = jrd.link("self", _AP_TYPES)
    profile_url = jrd.link(_PROFILE_PAGE)

    lookup = await engine.get(
        f"https://{home}/api/v1/accounts/lookup?acct={quote(username, safe='')}", accept="application/json"
    )
    payload = None
    why = ""
    if lookup.ok:
        try:
            payload = _AccountPayload.model_validate(lookup.json())
        except ValidationError as exc:
            first = exc.errors()[0]
            why = f"not in the Mastodon API format ({'.'.join(str(p) for p in first['loc'])}: {first['msg']})"
        if payload is not None and not payload.is_about(username, domain):
            # a lookup about someone else is no fact about this account
            why = f"it describes {payload.acct!r}, not {username!r}: not read"
            payload = None
    if payload is not None:
        evidence.append(lookup.evidence("lookup", f"account {payload.acct} (id {payload.id}) on {home}"))
        account = _account_from_payload(payload, domain, home, actor_url)
        return _result(
            ref, Verdict.PRESENT, Reason.FOUND, f"{account.handle} exists on {home}", evidence, account
        )

    # WebFinger proved the account exists; its server would not describe it through the API
    if not why:
        why = lookup.describe_failure()
    if lookup.status == 404 and lookup.failure is None:
        why = "HTTP 404 (the server may not run Mastodon's API)"
    evidence.append(lookup.evidence("lookup", why))
    account = MastodonAccount(
        acct=canonical, username=username, domain=domain, web_host=home, url=profile_url, actor_url=actor_url
    )
    if actor_url:
        actor = await engine.get(actor_url, accept=_AP)
        parsed = _read_actor(actor)
        if parsed is not None and parsed.id != actor_url:
            evidence.append(actor.evidence("actor", f"describes {parsed.id}, not {actor_url}: not read"))
        elif parsed is not None:
            evidence.append(actor.evidence("actor", f"ActivityPub actor {parsed.id}"))
            account = account.model_copy(
                update={
                    "display_name": parsed.name,
                    "note": parsed.summary,
                    "created_at": parsed.published,
                    "url": parsed.url or profile_url,
                    "moved_to": _acct_of(parsed.movedTo),
                    "suspended": bool(parsed.suspended),
                }
            )
        else:
            evidence.append(
                actor.evidence("actor", actor.describe_failure() if not actor.ok else "not an actor")
            )
    return _result(
        ref,
        Verdict.PRESENT,
        Reason.FOUND_WITHOUT_DETAILS,
        f"@{canonical} exists (WebFinger on {ref.domain}); {home} would not describe it: {why}",
        evidence,
        account,
        retry_after=lookup.retry_after,
    )


def _acct_of(actor_url: str | None) -> str | None:
    """``user@host`` for an actor or profile URL (``movedTo``), or None when it names no account."""
    try:
        ref = parse_ref(actor_url) if actor_url else None
    except ValueError:  # InvalidReferenceError, or a name IDNA cannot encode
        return None
    return ref.acct if isinstance(ref, MastodonRef) else None


def _read_actor(result: HttpResult) -> _Actor | None:
    return read_model(result, _Actor)


def _account_from_payload(
    payload: _AccountPayload, domain: str, home: str, actor_url: str | None
) -> MastodonAccount:
    moved_to = None
    if payload.moved is not None:
        moved_to = _qualify(payload.moved.acct, domain)
    return MastodonAccount(
        acct=_qualify(payload.acct, domain),
        username=payload.username,
        domain=_qualify(payload.acct, domain).rpartition("@")[2],
        web_host=home,
        url=payload.url,
        actor_url=actor_url,
        id=payload.id,
        display_name=payload.display_name,
        note=payload.note,
        avatar=payload.avatar,
        followers_count=payload.followers_count,
        following_count=payload.following_count,
        statuses_count=payload.statuses_count,
        last_status_at=payload.last_status_at,
        created_at=payload.created_at,
        bot=payload.bot,
        group=payload.group,
        locked=payload.locked,
        discoverable=payload.discoverable,
        indexable=payload.indexable,
        moved_to=moved_to,
        suspended=payload.suspended,
        limited=payload.limited,
        fields=tuple(
            ProfileField(name=f.name, value=f.value, verified_at=f.verified_at) for f in payload.fields
        ),
    )
