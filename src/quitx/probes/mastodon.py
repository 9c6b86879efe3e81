"""Mastodon: WebFinger on the handle's domain, then the account on its home server.

The handle's domain need not be the web host (``@x@sciences.re`` lives on
``social.sciences.re``): WebFinger is asked on the handle's domain, redirects and
``host-meta`` are followed, and the API host is taken from the JRD's links.
Absent only on an authoritative negative: a 404/410 from the handle domain's
WebFinger with no ``host-meta`` leading elsewhere.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any
from urllib.parse import quote

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .._dns import DnsResolver
from .._http import HttpEngine, HttpResult, url_host
from ..models import (
    Evidence,
    ExistsResult,
    MastodonAccount,
    MastodonRef,
    ProfileField,
    Reason,
    Verdict,
)
from . import exists_result as _result
from . import host_missing, read_model

__all__ = ["lookup_mastodon", "parse_lrdd"]

_JRD = "application/jrd+json, application/json;q=0.9"
_AP = 'application/activity+json, application/ld+json; profile="https://www.w3.org/ns/activitystreams"'
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
    aliases: list[str] = Field(default_factory=list)
    links: list[_JrdLink] = Field(default_factory=list)

    def link(self, rel: str, types: tuple[str, ...] = ()) -> str | None:
        for item in self.links:
            if item.rel == rel and item.href and (not types or (item.type or "").split(";")[0] in types):
                return item.href
        return None


class _Field(_Upstream):
    name: str
    value: str
    verified_at: dt.datetime | None = None


class _AccountPayload(_Upstream):
    id: str
    username: str
    acct: str
    url: str | None = None
    display_name: str | None = None
    note: str | None = None
    avatar: str | None = None
    followers_count: int | None = None
    following_count: int | None = None
    statuses_count: int | None = None
    last_status_at: dt.date | None = None
    created_at: dt.datetime | None = None
    bot: bool | None = None
    group: bool | None = None
    locked: bool | None = None
    discoverable: bool | None = None
    indexable: bool | None = None
    moved: _AccountPayload | None = None
    suspended: bool = False
    limited: bool = False
    fields: list[_Field] = Field(default_factory=list)

    @field_validator("suspended", "limited", mode="before")
    @classmethod
    def _flag(cls, value: Any) -> Any:
        return False if value is None else value  # some servers send null for "not suspended"

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
    preferredUsername: str | None = None
    name: str | None = None
    summary: str | None = None
    url: str | None = None
    published: dt.datetime | None = None
    movedTo: str | None = None
    suspended: bool = False


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


async def lookup_mastodon(engine: HttpEngine, dns: DnsResolver, ref: MastodonRef) -> ExistsResult:
    evidence: list[Evidence] = []
    jrd, wf = await _webfinger(engine, ref, evidence)
    missing = None if jrd is not None else await host_missing(engine, dns, ref.domain, wf)
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

    canonical = jrd.subject.removeprefix("acct:")
    username, _, domain = canonical.rpartition("@")
    actor_url = jrd.link("self", ("application/activity+json", "application/ld+json"))
    profile_url = jrd.link("http://webfinger.net/rel/profile-page")
    # a link that is no URL (an unbalanced "["…) names no home: the next one does
    home = url_host(actor_url) or url_host(profile_url) or url_host(wf.final_url)

    lookup = await engine.get(
        f"https://{home}/api/v1/accounts/lookup?acct={quote(username, safe='')}", accept="application/json"
    )
    payload = None
    invalid = ""
    if lookup.ok:
        try:
            payload = _AccountPayload.model_validate(lookup.json())
        except ValidationError as exc:
            first = exc.errors()[0]
            invalid = f" ({'.'.join(str(p) for p in first['loc'])}: {first['msg']})"
    if payload is not None:
        evidence.append(lookup.evidence("lookup", f"account {payload.acct} (id {payload.id}) on {home}"))
        account = _account_from_payload(payload, domain, home, actor_url)
        return _result(
            ref, Verdict.PRESENT, Reason.FOUND, f"{account.handle} exists on {home}", evidence, account
        )

    # WebFinger proved the account exists; its server would not describe it through the API
    why = f"not in the Mastodon API format{invalid}" if lookup.ok else lookup.describe_failure()
    if lookup.status == 404 and lookup.failure is None:
        why = "HTTP 404 (the server may not run Mastodon's API)"
    evidence.append(lookup.evidence("lookup", why))
    account = MastodonAccount(
        acct=canonical, username=username, domain=domain, web_host=home, url=profile_url, actor_url=actor_url
    )
    if actor_url:
        actor = await engine.get(actor_url, accept=_AP)
        parsed = _read_actor(actor)
        if parsed is not None:
            evidence.append(actor.evidence("actor", f"ActivityPub actor {parsed.id}"))
            account = account.model_copy(
                update={
                    "display_name": parsed.name,
                    "note": parsed.summary,
                    "created_at": parsed.published,
                    "url": parsed.url or profile_url,
                    "moved_to": parsed.movedTo,
                    "suspended": parsed.suspended,
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
