"""Finding the institution's Mastodon accounts: the configured instances' searches, a server of
its own, the exact references, candidate usernames, search hits confirmed at their home, moves
followed to the live account, and the pages of its site that profile fields point to."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ...._http import HttpEngine
from ...._urls import url_host, urls_on
from ....handles import parse_ref
from ....models import (
    Attempt,
    Evidence,
    ExistsResult,
    FoundBy,
    InstanceInfo,
    MastodonAccount,
    MastodonRef,
    Reason,
    Verdict,
    WebsiteReport,
)
from ....probes import exists_result
from ....probes.instance import AccountSearch, instance_info, search_accounts
from ....probes.mastodon import lookup_mastodon, parse_lrdd
from ....probes.website import probe_website
from ...found import Finds, Found, moved_along
from ...names import mastodon_usernames, matches_name
from ...strategy import CheckContext, Sourced
from ...verdict import search_attempt
from .proof import Trust, page_key, rel_me_to

__all__ = [
    "MAX_MOVES",
    "MAX_PROOF_PAGES",
    "OWN_SERVER_PREFIXES",
    "Configured",
    "Searched",
    "configured_searches",
    "find_accounts",
    "follow_moves",
    "own_server",
    "proof_pages",
]

OWN_SERVER_PREFIXES = ("", "social.", "mastodon.")
MAX_PROOF_PAGES = 4  # pages of the institution's site read to confirm profile fields, per check
MAX_MOVES = 3  # moves followed from one account (a chain A -> B -> C…)


async def own_server(engine: HttpEngine, domain: str | None) -> InstanceInfo | None:
    """A Mastodon-like server on the institution's domain or its usual subdomains (NodeInfo)."""
    if not domain:
        return None
    hosts = [prefix + domain for prefix in OWN_SERVER_PREFIXES]
    results = await asyncio.gather(
        *(engine.get(f"https://{h}/.well-known/nodeinfo", accept="application/json") for h in hosts)
    )
    for host, result in zip(hosts, results, strict=True):
        data = result.json() if result.ok else None
        if isinstance(data, dict) and isinstance(data.get("links"), list) and data["links"]:
            info = await instance_info(engine, host)
            if info.reachable is Verdict.PRESENT:
                return info
    return None


async def api_host(engine: HttpEngine, host: str) -> str:
    """The web host serving a Mastodon instance named by its handle domain (``sciences.re`` is
    served by ``social.sciences.re``): host-meta's lrdd template says where; else the host."""
    meta = await engine.get(f"https://{host}/.well-known/host-meta", accept="application/xrd+xml")
    template = parse_lrdd(meta.text()) if meta.ok else None
    return url_host(template) or host


@dataclass(frozen=True)
class Configured:
    """The configured instances: the web host serving each, the handle domain of each web host,
    and each one's own search for the institution's name (by web host)."""

    api_hosts: Mapping[str, str]  # configured instance -> its web host
    local_domains: Mapping[str, str]  # and back: web host -> handle domain
    searches: Mapping[str, AccountSearch]

    def hosts(self, instances: Sequence[str], own: InstanceInfo | None) -> list[str]:
        """The configured instances by web host, then the institution's own server."""
        hosts = [self.api_hosts.get(h, h) for h in instances]
        if own is not None and own.host not in hosts:
            hosts.append(own.host)
        return list(dict.fromkeys(hosts))


async def configured_searches(engine: HttpEngine, instances: Sequence[str], name: str) -> Configured:
    """The configured instances' own search for the name (the handle domain named by the
    configuration, e.g. ``sciences.re``, is served by the host its host-meta says)."""
    configured = list(instances)
    resolved = await asyncio.gather(*(api_host(engine, h) for h in configured))
    api_hosts = dict(zip(configured, resolved, strict=True))
    local_domains = {api: conf.lower() for conf, api in api_hosts.items()}
    hosts = list(local_domains)
    searches = await asyncio.gather(
        *(search_accounts(engine, h, name, local_domain=local_domains[h]) for h in hosts)
    )
    return Configured(api_hosts, local_domains, dict(zip(hosts, searches, strict=True)))


@dataclass(frozen=True)
class Searched:
    """Where the accounts were looked for: the instances asked (configured first), and each one's
    search by name, as an attempt with its evidence."""

    hosts: tuple[str, ...]
    attempts: Mapping[str, Attempt]
    evidence: Mapping[str, tuple[Evidence, ...]]


def listed_result(ref: MastodonRef, account: MastodonAccount, search: AccountSearch | None) -> ExistsResult:
    """What a WebFinger and a lookup would have said of an account the instance's search listed
    (or that the institution named, proven at its home already: ``search`` None)."""
    if search is not None and account in search.accounts:
        how, evidence = "listed by its own search", search.evidence
    else:  # its own lookup's evidence is in the attempt that found it
        how, evidence = "named by the institution", ()
    return exists_result(
        ref,
        Verdict.PRESENT,
        Reason.FOUND,
        f"{account.handle} exists on {account.web_host} ({how})",
        evidence,
        account,
    )


async def find_accounts(
    ctx: CheckContext,
    refs: Sequence[Sourced],
    configured: Configured,
    own: InstanceInfo | None,
    finds: Finds,
) -> Searched:
    """Every way to the institution's accounts but moves, recorded in ``finds``: the exact
    references, then candidate usernames and search hits on every instance (configured, own,
    and those the exact references live on)."""
    engine, institution = ctx.engine, ctx.institution
    exact = [(r.ref, r.source) for r in refs if isinstance(r.ref, MastodonRef)]
    # exact references first: they name instances of their own
    results = await asyncio.gather(*(lookup_mastodon(engine, r) for r, _ in exact))
    for (ref, source), result in zip(exact, results, strict=True):
        key = result.account.web_host if isinstance(result.account, MastodonAccount) else ref.domain
        finds.record(key, source, result)
    hosts = configured.hosts(ctx.settings.instances, own)
    for found in finds.values():
        host = found.account.web_host if isinstance(found.account, MastodonAccount) else None
        if host and host not in hosts:
            hosts.append(host)

    # the instance's own search first: an account it lists as local is described in full by
    # its home server's answer, so a candidate username or a name match it holds needs no
    # WebFinger and no lookup (two requests saved per account found, one of them /api/)
    local_domains = configured.local_domains
    later = [h for h in hosts if h not in configured.searches]  # the own server, linked instances
    more = await asyncio.gather(*(search_accounts(engine, h, institution.name) for h in later))
    by_host = {**configured.searches, **dict(zip(later, more, strict=True))}
    searches = [by_host[h] for h in hosts]
    listed: dict[tuple[str, str], MastodonAccount] = {}  # (host, username) -> a local account
    for host, search in zip(hosts, searches, strict=True):
        if host in local_domains:
            for account in search.accounts:
                if account.web_host == host and account.domain == local_domains[host]:
                    listed.setdefault((host, account.username.lower()), account)

    usernames = mastodon_usernames(institution)
    tried = {(r.username, r.domain) for r, _ in exact}
    # a server on which the institution names its own account (its homepage links to it, or it
    # gave the handle) is settled: its verdict is present, and the guesses could only find other
    # people's accounts there — those that look like the institution, its search lists
    named = {
        f.account.web_host: f.account
        for f in finds.values()
        if isinstance(f.account, MastodonAccount) and (f.linked or FoundBy.KNOWN in f.found_by)
    }
    jobs = [
        (host, MastodonRef(username=u, domain=host))
        for host in hosts
        for u in usernames
        if (u, host) not in tried and (host not in named or u == named[host].username.lower())
    ]
    for host, account in named.items():  # the named account is itself a likely username
        listed.setdefault((host, account.username.lower()), account)
    asked = [(host, ref) for host, ref in jobs if (host, ref.username) not in listed]
    answers = await asyncio.gather(*(lookup_mastodon(engine, r) for _, r in asked))
    by_job = dict(zip([(h, r.username) for h, r in asked], answers, strict=True))
    for host, ref in jobs:
        answer = by_job.get((host, ref.username))
        if answer is None:
            answer = listed_result(ref, listed[(host, ref.username)], by_host.get(host))
        finds.record(host, FoundBy.CANDIDATE, answer)

    matched: list[tuple[str, MastodonRef]] = []
    attempts: dict[str, Attempt] = {}
    evidence: dict[str, tuple[Evidence, ...]] = {}
    for host, search in zip(hosts, searches, strict=True):
        hits = [a for a in search.accounts if matches_name(institution, a.display_name, a.username)]
        unreadable = search.unreadable
        for hit in hits:
            if hit.acct in finds:
                finds.put(hit.acct, finds[hit.acct].with_source(FoundBy.SEARCH))
                continue
            try:  # the address a server lists is read as strictly as one a person types
                parsed = parse_ref(f"@{hit.acct}")
            except ValueError:  # InvalidReferenceError, or a name IDNA cannot encode
                unreadable += 1
                continue
            if not isinstance(parsed, MastodonRef):  # pragma: no cover - "@user@host" is one
                continue
            if listed.get((host, hit.username.lower())) is hit:
                finds.record(host, FoundBy.SEARCH, listed_result(parsed, hit, search))
                continue
            matched.append((host, parsed))
        attempts[host] = search_attempt(
            f"search {institution.name!r} on {host}", search.verdict, search.reason,
            len(search.accounts), len(hits), unreadable,
        )  # fmt: skip
        evidence[host] = tuple(search.evidence)
    # a hit that matches the name is confirmed at its home; whatever the home says is recorded:
    # a hit whose home fails keeps the instance unknown (it may be the account sought)
    confirmed = await asyncio.gather(*(lookup_mastodon(engine, r) for _, r in matched))
    for (host, _), result in zip(matched, confirmed, strict=True):
        finds.record(host, FoundBy.SEARCH, result)
    return Searched(tuple(hosts), attempts, evidence)


async def follow_moves(engine: HttpEngine, finds: Finds) -> list[str]:
    """The account a found account moved to, looked up at its own home: the live one. It is kept
    as found by a move, and inherits what named the old one (`proof.confidence`). Returns the
    homes of the accounts it found, in order (instances to describe)."""
    todo = list(finds)
    seen = set(todo)
    homes: list[str] = []
    for _ in range(MAX_MOVES):
        moves: list[tuple[str, MastodonRef]] = []
        for old in todo:
            was = finds[old].account
            target = was.moved_to if isinstance(was, MastodonAccount) else None
            try:
                ref = parse_ref(target) if target else None
            except ValueError:  # InvalidReferenceError, or a name IDNA cannot encode
                ref = None
            if isinstance(ref, MastodonRef):
                moves.append((old, ref))
        results = await asyncio.gather(*(lookup_mastodon(engine, r) for _, r in moves))
        todo = []
        for (old, ref), result in zip(moves, results, strict=True):
            account = result.account
            key = account.web_host if isinstance(account, MastodonAccount) else ref.domain
            new = finds.record(key, FoundBy.MOVED, result)
            if new is None or not isinstance(new.account, MastodonAccount):
                continue
            acct = new.account.acct
            if moved_along(finds.freeze().found, old, acct):  # no loop: A -> B -> A
                continue
            if new.moved_from is None:
                finds.put(acct, dataclasses.replace(new, moved_from=old))
            if acct in seen:
                continue
            seen.add(acct)
            homes.append(key)
            todo.append(acct)
    return homes


async def proof_pages(
    engine: HttpEngine, website: WebsiteReport | None, found: Sequence[Found], trust: Trust
) -> dict[str, WebsiteReport]:
    """The pages of the institution's site that profile fields point to, read by quitx itself
    (the homepage is not read twice), to see whether they link back with rel="me": at most
    `MAX_PROOF_PAGES` per check. By `page_key`, the homepage included."""
    domain = trust.domain
    pages: dict[str, WebsiteReport] = {}
    if website is not None:
        for url in (website.url, website.final_url):
            if url:
                pages[page_key(url)] = website
    if not domain:
        return pages
    wanted: dict[str, str] = {}
    for each in found:
        account = each.account
        if not isinstance(account, MastodonAccount) or rel_me_to(website, account):
            continue
        if trust.field(account) is not None:
            continue
        for field in account.fields_linking_to(domain):
            for url in urls_on(field.value, domain):
                if page_key(url) not in pages:
                    wanted.setdefault(page_key(url), url)
    fetch = list(wanted.items())[:MAX_PROOF_PAGES]
    read = await asyncio.gather(*(_page(engine, url) for _, url in fetch))
    pages.update({key: page for (key, _), page in zip(fetch, read, strict=True) if page is not None})
    return pages


async def _page(engine: HttpEngine, url: str) -> WebsiteReport | None:
    """A page a profile field points to, or None when its URL cannot even be asked for (a remote
    string: it proves nothing, and it never stops the check)."""
    try:
        return await probe_website(engine, url)
    except ValueError:  # a malformed URL (UnicodeError included)
        return None
