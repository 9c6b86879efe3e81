"""The institution check: where is it already, how sure are we, what is that presence worth?

``acheck(institution)`` reads the homepage's links, probes the domain for a Bluesky domain handle
and a Mastodon server of its own, tries candidate usernames on every instance (configured ones,
the institution's own, those its links and known handles name), asks each instance's anonymous
account search and the AppView's actor search, then describes what it found: confidence,
activity, bridges, and the instances' facts. Every verdict keeps the rule of the foundation:
"absent" only when every candidate was authoritatively absent and the search found none.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
from collections.abc import Sequence
from urllib.parse import urlsplit

import httpx

from .._http.dns import DnsResolver
from .._sync import run_sync
from .._urls import host_within, url_host, urls_on
from .._version import version
from ..config import Settings
from ..handles import is_valid_handle, parse_ref
from ..lookup import Prober
from ..models import (
    Activity,
    Attempt,
    BlueskyAccount,
    BlueskyRef,
    BridgeStatus,
    Confidence,
    Evidence,
    ExistsResult,
    FoundAccount,
    FoundBy,
    InstanceInfo,
    Institution,
    LinkPlatform,
    MastodonAccount,
    MastodonRef,
    Platform,
    PlatformVerdict,
    ProfileField,
    Reason,
    Report,
    SocialLink,
    Verdict,
    WebsiteReport,
    account_rank,
    as_institution,
)
from ..probes import exists_result
from ..probes.bluesky import ActorSearch, get_profiles, last_post, merge_profile, search_actors
from ..probes.bluesky_identity import Identity, identify
from ..probes.bridges import bluesky_bridge, mastodon_bridge
from ..probes.instance import AccountSearch, instance_info, search_accounts
from ..probes.mastodon import lookup_mastodon, parse_lrdd
from ..probes.website import probe_website
from . import verdict as verdicts
from .found import Finds, Found, moved_along
from .names import bluesky_labels, mastodon_usernames, matches_name

__all__ = ["acheck", "check"]

_EarlyBluesky = tuple[ActorSearch, dict[str, Identity]]

OWN_SERVER_PREFIXES = ("", "social.", "mastodon.")
MAX_PROOF_PAGES = 4  # pages of the institution's site read to confirm profile fields, per check
MAX_MOVES = 3  # moves followed from one account (a chain A -> B -> C…)


def _page_key(url: str) -> str:
    """A URL as pages are compared: lower-case scheme and host, "/" for an empty path, no fragment."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").rstrip(".")
    except ValueError:
        return url
    return f"{parts.scheme.lower()}://{host}{parts.path or '/'}" + (f"?{parts.query}" if parts.query else "")


def _rel_me_to(page: WebsiteReport | None, account: MastodonAccount) -> SocialLink | None:
    """The link by which ``page`` names ``account`` with ``rel="me"`` (Mastodon's verification, read
    by quitx itself): a link to its profile on its home (``/@user``, ``/users/user``) or to its
    address as seen from another server (``/@user@domain``). None when the page was not read."""
    if page is None or page.verdict is not Verdict.PRESENT:
        return None
    names = {f"@{account.acct}".lower(), f"@{account.username}@{account.web_host}".lower()}
    return next(
        (
            link
            for link in page.links
            if link.rel_me and link.platform is LinkPlatform.MASTODON and (link.handle or "").lower() in names
        ),
        None,
    )


class _Checker:
    def __init__(self, prober: Prober, institution: Institution) -> None:
        self.prober = prober
        self.engine = prober.engine
        self.settings: Settings = prober.settings
        self.institution = institution
        self.mastodon = Finds()  # canonical acct -> found; attempts and evidence by instance
        self.bluesky = Finds()  # did -> found; attempts (of no instance)
        self.searches: dict[str, Attempt] = {}
        self.api_hosts: dict[str, str] = {}  # configured instance -> its web host
        self.local_domains: dict[str, str] = {}  # and back: web host -> handle domain
        self.extra_hosts: list[str] = []  # instances named by links and known handles
        self.b_search: Attempt | None = None
        self.b_evidence: list[Evidence] = []
        self.search_evidence: dict[str, list[Evidence]] = {}
        self.own: InstanceInfo | None = None

    # --- the run ------------------------------------------------------------------------------------

    async def run(self) -> Report:
        # what needs nothing from the website starts with it: the configured instances' searches
        # and the Bluesky candidates (one round trip less per institution, and busier servers)
        website_task = asyncio.ensure_future(self._website())
        own_task = asyncio.ensure_future(self._own_server())
        m_early = asyncio.ensure_future(self._mastodon_searches())
        b_early = asyncio.ensure_future(self._bluesky_candidates())
        tasks = (website_task, own_task, m_early, b_early)
        try:
            return await self._run(website_task, own_task, m_early, b_early)
        finally:
            for task in tasks:  # all done already, unless a step failed before awaiting them
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    async def _run(
        self,
        website_task: asyncio.Future[WebsiteReport | None],
        own_task: asyncio.Future[InstanceInfo | None],
        m_early: asyncio.Future[dict[str, AccountSearch]],
        b_early: asyncio.Future[_EarlyBluesky],
    ) -> Report:
        institution = self.institution
        website = await website_task
        own = await own_task

        known = [parse_ref(h) for h in institution.handles]
        m_refs: list[tuple[MastodonRef, str]] = []  # ref, source
        b_refs: list[tuple[BlueskyRef, str]] = []
        for ref in known:
            if isinstance(ref, MastodonRef):
                m_refs.append((ref, FoundBy.KNOWN))
            else:
                b_refs.append((ref, FoundBy.KNOWN))
        for link in website.links if website else ():
            if link.platform is LinkPlatform.MASTODON and link.handle:
                try:
                    ref = parse_ref(link.handle)
                except ValueError:
                    continue
                if isinstance(ref, MastodonRef):
                    m_refs.append((ref, FoundBy.LINK))
            elif link.platform is LinkPlatform.BLUESKY and link.handle:
                try:
                    ref = parse_ref(link.handle)
                except ValueError:
                    continue
                if isinstance(ref, BlueskyRef):
                    b_refs.append((ref, FoundBy.LINK))

        self.own = own
        await asyncio.gather(self._mastodon(m_refs, own, m_early), self._bluesky(b_refs, b_early))
        await self._follow_moves()
        for route in verdicts.homepage_route(website):
            self.mastodon.attempt(None, route)
            self.bluesky.attempt(None, route)
        instance_hosts = self._instance_hosts(own)
        infos, pages = await asyncio.gather(
            asyncio.gather(*(instance_info(self.engine, h) for h in instance_hosts)),
            self._proof_pages(website),
        )
        info_by_host = {info.host: info for info in infos}
        accounts = await self._describe(info_by_host, website, pages)
        instances = tuple(self._instance_verdict(h, accounts) for h in instance_hosts)
        return Report(
            quitx_version=version(),
            institution=institution,
            checked_at=dt.datetime.now(dt.UTC),
            dormant_after_days=self.settings.dormant_after_days,
            website=website,
            own_mastodon_server=own,
            mastodon=self._mastodon_overall(instances, accounts),
            instances=instances,
            instance_info=tuple(infos),
            bluesky=self._bluesky_verdict(accounts),
            accounts=accounts,
        )

    # --- website and own server ---------------------------------------------------------------------

    async def _website(self) -> WebsiteReport | None:
        url = self.institution.homepage_url
        if url is None:
            return None
        return await probe_website(self.engine, url)

    async def _own_server(self) -> InstanceInfo | None:
        """A Mastodon-like server on the institution's domain or its usual subdomains (NodeInfo)."""
        domain = self.institution.domain
        if not domain:
            return None
        hosts = [prefix + domain for prefix in OWN_SERVER_PREFIXES]
        results = await asyncio.gather(
            *(self.engine.get(f"https://{h}/.well-known/nodeinfo", accept="application/json") for h in hosts)
        )
        for host, result in zip(hosts, results, strict=True):
            data = result.json() if result.ok else None
            if isinstance(data, dict) and isinstance(data.get("links"), list) and data["links"]:
                info = await instance_info(self.engine, host)
                if info.reachable is Verdict.PRESENT:
                    return info
        return None

    # --- Mastodon -----------------------------------------------------------------------------------

    def _record_mastodon(self, key: str, source: str, result: ExistsResult) -> Found | None:
        return self.mastodon.record(key, source, result)

    async def _api_host(self, host: str) -> str:
        """The web host serving a Mastodon instance named by its handle domain (``sciences.re`` is
        served by ``social.sciences.re``): host-meta's lrdd template says where; else the host."""
        meta = await self.engine.get(f"https://{host}/.well-known/host-meta", accept="application/xrd+xml")
        template = parse_lrdd(meta.text()) if meta.ok else None
        return url_host(template) or host

    def _configured_hosts(self, own: InstanceInfo | None) -> list[str]:
        hosts = list(self.api_hosts.get(h, h) for h in self.settings.instances)
        if own is not None and own.host not in hosts:
            hosts.append(own.host)
        return list(dict.fromkeys(hosts))

    async def _mastodon_searches(self) -> dict[str, AccountSearch]:
        """The configured instances' own search for the name (the handle domain named by the
        configuration, e.g. ``sciences.re``, is served by the host its host-meta says)."""
        configured = list(self.settings.instances)
        resolved = await asyncio.gather(*(self._api_host(h) for h in configured))
        self.api_hosts = dict(zip(configured, resolved, strict=True))
        self.local_domains = {api: conf.lower() for conf, api in self.api_hosts.items()}
        hosts = list(self.local_domains)
        searches = await asyncio.gather(
            *(
                search_accounts(self.engine, h, self.institution.name, local_domain=self.local_domains[h])
                for h in hosts
            )
        )
        return dict(zip(hosts, searches, strict=True))

    async def _mastodon(
        self,
        refs: list[tuple[MastodonRef, str]],
        own: InstanceInfo | None,
        early: asyncio.Future[dict[str, AccountSearch]],
    ) -> None:
        early_searches = await early
        # exact references first: they name instances of their own
        results = await asyncio.gather(*(lookup_mastodon(self.engine, r) for r, _ in refs))
        for (ref, source), result in zip(refs, results, strict=True):
            key = result.account.web_host if isinstance(result.account, MastodonAccount) else ref.domain
            self._record_mastodon(key, source, result)
        hosts = self._configured_hosts(own)
        for found in list(self.mastodon.values()):
            host = found.account.web_host if isinstance(found.account, MastodonAccount) else None
            if host and host not in hosts:
                hosts.append(host)
        self.extra_hosts = [h for h in hosts if h not in self.settings.instances]

        # the instance's own search first: an account it lists as local is described in full by
        # its home server's answer, so a candidate username or a name match it holds needs no
        # WebFinger and no lookup (two requests saved per account found, one of them /api/)
        local_domains = self.local_domains
        later = [h for h in hosts if h not in early_searches]  # the own server, linked instances
        more = await asyncio.gather(*(search_accounts(self.engine, h, self.institution.name) for h in later))
        by_host = {**early_searches, **dict(zip(later, more, strict=True))}
        searches = [by_host[h] for h in hosts]
        listed: dict[tuple[str, str], MastodonAccount] = {}  # (host, username) -> a local account
        for host, search in zip(hosts, searches, strict=True):
            if host in local_domains:
                for account in search.accounts:
                    if account.web_host == host and account.domain == local_domains[host]:
                        listed.setdefault((host, account.username.lower()), account)

        usernames = mastodon_usernames(self.institution)
        tried = {(r.username, r.domain) for r, _ in refs}
        jobs = [
            (host, MastodonRef(username=u, domain=host))
            for host in hosts
            for u in usernames
            if (u, host) not in tried
        ]
        asked = [(host, ref) for host, ref in jobs if (host, ref.username) not in listed]
        answers = await asyncio.gather(*(lookup_mastodon(self.engine, r) for _, r in asked))
        by_job = dict(zip([(h, r.username) for h, r in asked], answers, strict=True))
        for host, ref in jobs:
            answer = by_job.get((host, ref.username))
            if answer is None:
                answer = self._listed_result(ref, listed[(host, ref.username)], by_host[host])
            self._record_mastodon(host, FoundBy.CANDIDATE, answer)

        matched: list[tuple[str, MastodonRef]] = []
        for host, search in zip(hosts, searches, strict=True):
            hits = [a for a in search.accounts if matches_name(self.institution, a.display_name, a.username)]
            unreadable = search.unreadable
            for hit in hits:
                if hit.acct in self.mastodon:
                    self.mastodon.put(hit.acct, self.mastodon[hit.acct].with_source(FoundBy.SEARCH))
                    continue
                try:  # the address a server lists is read as strictly as one a person types
                    parsed = parse_ref(f"@{hit.acct}")
                except ValueError:  # InvalidReferenceError, or a name IDNA cannot encode
                    unreadable += 1
                    continue
                if not isinstance(parsed, MastodonRef):  # pragma: no cover - "@user@host" is one
                    continue
                ref = parsed
                if listed.get((host, hit.username.lower())) is hit:
                    self._record_mastodon(host, FoundBy.SEARCH, self._listed_result(ref, hit, search))
                    continue
                matched.append((host, ref))
            self.searches[host] = verdicts.search_attempt(
                f"search {self.institution.name!r} on {host}", search.verdict, search.reason,
                len(search.accounts), len(hits), unreadable,
            )  # fmt: skip
            self.search_evidence[host] = list(search.evidence)
        # a hit that matches the name is confirmed at its home; whatever the home says is recorded:
        # a hit whose home fails keeps the instance unknown (it may be the account sought)
        results = await asyncio.gather(*(lookup_mastodon(self.engine, r) for _, r in matched))
        for (host, _), result in zip(matched, results, strict=True):
            self._record_mastodon(host, FoundBy.SEARCH, result)

    @staticmethod
    def _listed_result(ref: MastodonRef, account: MastodonAccount, search: AccountSearch) -> ExistsResult:
        """What a WebFinger and a lookup would have said of an account the instance's search listed."""
        return exists_result(
            ref,
            Verdict.PRESENT,
            Reason.FOUND,
            f"{account.handle} exists on {account.web_host} (listed by its own search)",
            search.evidence,
            account,
        )

    async def _follow_moves(self) -> None:
        """The account a found account moved to, looked up at its own home: the live one. It is
        kept as found by a move, and inherits what named the old one (see `_mastodon_confidence`)."""
        todo = list(self.mastodon)
        seen = set(todo)
        for _ in range(MAX_MOVES):
            moves: list[tuple[str, MastodonRef]] = []
            for old in todo:
                was = self.mastodon[old].account
                target = was.moved_to if isinstance(was, MastodonAccount) else None
                try:
                    ref = parse_ref(target) if target else None
                except ValueError:  # InvalidReferenceError, or a name IDNA cannot encode
                    ref = None
                if isinstance(ref, MastodonRef):
                    moves.append((old, ref))
            results = await asyncio.gather(*(lookup_mastodon(self.engine, r) for _, r in moves))
            todo = []
            for (old, ref), result in zip(moves, results, strict=True):
                account = result.account
                key = account.web_host if isinstance(account, MastodonAccount) else ref.domain
                new = self._record_mastodon(key, FoundBy.MOVED, result)
                if new is None or not isinstance(new.account, MastodonAccount):
                    continue
                acct = new.account.acct
                if moved_along(self.mastodon.freeze().found, old, acct):  # no loop: A -> B -> A
                    continue
                if new.moved_from is None:
                    self.mastodon.put(acct, dataclasses.replace(new, moved_from=old))
                if acct in seen:
                    continue
                seen.add(acct)
                if key not in self.extra_hosts and key not in self._configured_hosts(self.own):
                    self.extra_hosts.append(key)
                todo.append(acct)

    async def _proof_pages(self, website: WebsiteReport | None) -> dict[str, WebsiteReport]:
        """The pages of the institution's site that profile fields point to, read by quitx itself
        (the homepage is not read twice), to see whether they link back with rel="me": at most
        `MAX_PROOF_PAGES` per check."""
        domain = self.institution.domain
        pages: dict[str, WebsiteReport] = {}
        if website is not None:
            for url in (website.url, website.final_url):
                if url:
                    pages[_page_key(url)] = website
        if not domain:
            return pages
        wanted: dict[str, str] = {}
        for found in self.mastodon.values():
            account = found.account
            if not isinstance(account, MastodonAccount) or _rel_me_to(website, account):
                continue
            if self._trusted_field(account) is not None:
                continue
            for each in account.fields_linking_to(domain):
                for url in urls_on(each.value, domain):
                    if _page_key(url) not in pages:
                        wanted.setdefault(_page_key(url), url)
        fetch = list(wanted.items())[:MAX_PROOF_PAGES]
        read = await asyncio.gather(*(self._page(url) for _, url in fetch))
        pages.update({key: page for (key, _), page in zip(fetch, read, strict=True) if page is not None})
        return pages

    async def _page(self, url: str) -> WebsiteReport | None:
        """A page a profile field points to, or None when its URL cannot even be asked for (a
        remote string: it proves nothing, and it never stops the check)."""
        try:
            return await probe_website(self.engine, url)
        except ValueError:  # a malformed URL (UnicodeError included)
            return None

    def _instance_hosts(self, own: InstanceInfo | None) -> list[str]:
        hosts = self._configured_hosts(own)
        for host in self.extra_hosts:
            if host not in hosts:
                hosts.append(host)
        return hosts

    def _instance_verdict(self, host: str, accounts: Sequence[FoundAccount]) -> PlatformVerdict:
        findings = self.mastodon.freeze()
        here = [
            f"@{f.account.acct}"
            for f in findings.found.values()
            if isinstance(f.account, MastodonAccount) and f.account.web_host == host
        ]
        evidence = findings.evidence.get(host, ()) + tuple(self.search_evidence.get(host, []))
        return verdicts.instance_verdict(
            Platform.MASTODON,
            host,
            here,
            accounts,
            findings.attempts_at(host),
            self.searches.get(host),
            evidence,
        )

    def _mastodon_overall(
        self, instances: Sequence[PlatformVerdict], accounts: Sequence[FoundAccount]
    ) -> PlatformVerdict:
        mine = [a for a in accounts if a.platform is Platform.MASTODON]
        return verdicts.fediverse_overall(Platform.MASTODON, instances, mine, self.mastodon.freeze().attempts)

    # --- Bluesky ------------------------------------------------------------------------------------

    def _bluesky_guesses(self) -> list[tuple[BlueskyRef, str]]:
        institution = self.institution
        todo: list[tuple[BlueskyRef, str]] = []
        if institution.domain and is_valid_handle(institution.domain):
            todo.append((BlueskyRef(handle=institution.domain), FoundBy.DOMAIN_HANDLE))
        for label in bluesky_labels(institution):
            for suffix in self.settings.bluesky_handle_suffixes:
                handle = f"{label}.{suffix}"
                if is_valid_handle(handle):
                    todo.append((BlueskyRef(handle=handle), FoundBy.CANDIDATE))
        return todo

    async def _identify(self, refs: list[BlueskyRef]) -> list[Identity]:
        """The identities of ``refs``, at once; their evidence kept in the order of ``refs``."""
        identities = await asyncio.gather(*(identify(self.engine, ref) for ref in refs))
        for identity in identities:
            self.b_evidence.extend(identity.evidence)
        return identities

    async def _bluesky_candidates(self) -> _EarlyBluesky:
        """The AppView search, and the identity of the domain handle and the candidate handles."""
        guesses = list(dict.fromkeys(ref for ref, _ in self._bluesky_guesses()))
        search_task = asyncio.ensure_future(search_actors(self.engine, self.institution.name))
        try:
            identities = await self._identify(guesses)
        except BaseException:
            search_task.cancel()
            raise
        search = await search_task
        return search, {str(ref): i for ref, i in zip(guesses, identities, strict=True)}

    async def _bluesky(
        self, refs: list[tuple[BlueskyRef, str]], early: asyncio.Future[_EarlyBluesky]
    ) -> None:
        institution = self.institution
        todo = list(refs) + self._bluesky_guesses()
        # one lookup per reference, remembering every way it was found
        sources: dict[str, list[str]] = {}
        unique: list[tuple[BlueskyRef, str]] = []
        for ref, source in todo:
            if str(ref) not in sources:
                sources[str(ref)] = []
                unique.append((ref, source))
            if source not in sources[str(ref)]:
                sources[str(ref)].append(source)
        search, known = await early
        later = [r for r, _ in unique if str(r) not in known]  # references from links
        found_later = await self._identify(later)
        known = {**known, **{str(r): i for r, i in zip(later, found_later, strict=True)}}
        identities = [known[str(r)] for r, _ in unique]
        self.b_evidence.append(search.evidence)
        hits = [
            a
            for a in search.accounts
            if matches_name(institution, a.display_name, (a.handle or "").split(".")[0])
        ]
        self.b_search = verdicts.search_attempt(
            f"search {institution.name!r} on the AppView",
            search.verdict,
            search.reason,
            len(search.accounts),
            len(hits),
            search.unreadable,
        )
        pending: list[tuple[BlueskyAccount, list[str]]] = []
        named: dict[str, tuple[Identity, list[str]]] = {}  # DIDs the institution's domain names
        for (ref, _), identity in zip(unique, identities, strict=True):
            if identity.account is None:
                self.bluesky.attempt(
                    None, _identity_attempt(str(ref), ", ".join(sources[str(ref)]), identity)
                )
                if identity.named_did and host_within(ref.handle, institution.domain):
                    named.setdefault(identity.named_did, (identity, sources[str(ref)]))
                continue
            pending.append((identity.account, list(sources[str(ref)])))
        for account, found_by in pending:
            if account.did in named and FoundBy.DOMAIN_RECORD not in found_by:
                found_by.insert(0, FoundBy.DOMAIN_RECORD)
        known_dids = {a.did for a, _ in pending}
        # the account a DID names: a search hit, or the DID the institution's own domain names
        # while that account does not claim the domain's handle (yet): it is the institution's
        hit_dids = {a.did for a in hits}
        extra = [d for d in dict.fromkeys([*hit_dids, *named]) if d not in known_dids]
        more = await self._identify([BlueskyRef(did=d) for d in extra])
        for did, identity in zip(extra, more, strict=True):
            if identity.account is None:
                if did in named:  # the institution names it, and it cannot be read: not absent
                    self.bluesky.attempt(None, _identity_attempt(did, FoundBy.DOMAIN_RECORD, identity))
                continue
            found_by = [FoundBy.DOMAIN_RECORD, *named[did][1]] if did in named else []
            pending.append((identity.account, found_by + ([FoundBy.SEARCH] if did in hit_dids else [])))

        batch = await get_profiles(self.engine, [a.did for a, _ in pending])
        self.b_evidence.extend(batch.evidence)
        for identity_account, found_by in pending:
            name = identity_account.handle or identity_account.did
            source = ", ".join(found_by)
            profile = batch.profiles.get(identity_account.did)
            if profile is None:
                failed = batch.failed.get(identity_account.did)
                if failed is not None:
                    verdict, reason, detail = (
                        Verdict.UNKNOWN,
                        failed.failure or Reason.BAD_RESPONSE,
                        "the AppView did not answer",
                    )
                elif identity_account.did in batch.unreadable:
                    verdict, reason, detail = (
                        Verdict.UNKNOWN,
                        Reason.BAD_RESPONSE,
                        "cannot tell: the AppView's profile could not be read",
                    )
                else:
                    verdict, reason, detail = (
                        Verdict.ABSENT,
                        Reason.NOT_FOUND,
                        "the AppView has no profile for it",
                    )
                self.bluesky.attempt(
                    None, Attempt(ref=name, found_by=source, verdict=verdict, reason=reason, detail=detail)
                )
                continue
            account = merge_profile(identity_account, profile)
            self.bluesky.attempt(
                None,
                Attempt(
                    ref=name,
                    found_by=source,
                    verdict=Verdict.PRESENT,
                    reason=Reason.FOUND,
                    detail="profile found",
                ),
            )
            found = self.bluesky.add(account.did, account, *found_by)
            if FoundBy.DOMAIN_RECORD in found_by and not found.proof:
                self.bluesky.put(account.did, self._named_by_domain(found, named[account.did][0]))

    def _named_by_domain(self, found: Found, identity: Identity) -> Found:
        """An account the institution's own domain names (its ``_atproto`` record or well-known
        file gives the DID) while the account does not claim the domain's handle: the institution's
        account, whose domain handle is not active yet."""
        account = found.account
        assert isinstance(account, BlueskyAccount)  # noqa: S101 - by construction
        domain = self.institution.domain
        handle = f"@{account.handle}" if account.handle else account.did
        proof = Evidence(
            step="domain-record",
            request=identity.named_by or f"handle {domain}",
            outcome=f"names {account.did}, whose document claims "
            f"{account.claimed_handle or 'no handle'}, not {domain}",
        )
        reason = (
            f"the institution's domain names it ({identity.named_by or domain} → {account.did}), but its "
            f"handle is still {handle}: the domain handle @{domain} is not active yet"
        )
        return dataclasses.replace(
            found,
            linked=True,
            proof=(*found.proof, proof),
            extra_reasons=(*found.extra_reasons, reason),
        )

    def _bluesky_verdict(self, accounts: Sequence[FoundAccount]) -> PlatformVerdict:
        mine = [a for a in accounts if a.platform is Platform.BLUESKY]
        attempts = tuple(a for _, a in self.bluesky.freeze().attempts)
        search = self.b_search
        evidence = tuple(self.b_evidence)
        if mine:
            return verdicts.found_verdict(Platform.BLUESKY, mine, attempts, search, evidence)
        return verdicts.nothing_found(Platform.BLUESKY, None, attempts, search, evidence)

    # --- describing what was found ------------------------------------------------------------------

    async def _describe(
        self, infos: dict[str, InstanceInfo], website: WebsiteReport | None, pages: dict[str, WebsiteReport]
    ) -> tuple[FoundAccount, ...]:
        m_found = list(self.mastodon.values())
        b_found = list(self.bluesky.values())
        m_bridges, b_bridges, posts = await asyncio.gather(
            asyncio.gather(
                *(
                    mastodon_bridge(self.engine, f.account, infos.get(f.account.web_host))
                    for f in m_found
                    if isinstance(f.account, MastodonAccount)
                )
            ),
            asyncio.gather(
                *(
                    bluesky_bridge(self.engine, f.account)
                    for f in b_found
                    if isinstance(f.account, BlueskyAccount)
                )
            ),
            asyncio.gather(
                *(
                    last_post(self.engine, f.account.did)
                    for f in b_found
                    if isinstance(f.account, BlueskyAccount)
                )
            ),
        )
        out: list[FoundAccount] = []
        for found, bridge in zip(m_found, m_bridges, strict=True):
            out.append(self._mastodon_account(found, bridge, website, pages))
        for found, bridge, post in zip(b_found, b_bridges, posts, strict=True):
            if post.verdict is Verdict.PRESENT:
                found = dataclasses.replace(found, last_post=post.date)
            out.append(self._bluesky_account(found, bridge, post.verdict))
        out.sort(key=lambda a: (a.platform.value, account_rank(a)))
        return tuple(out)

    def _activity(self, *, last: dt.date | None, posts: int | None, known: bool) -> Activity:
        return verdicts.activity(
            last=last,
            posts=posts,
            known=known,
            dormant_after_days=self.settings.dormant_after_days,
            today=dt.datetime.now(dt.UTC).date(),
        )

    def _trusted_home(self, account: MastodonAccount) -> bool:
        """Whether the account's home is one whose ``verified_at`` quitx takes as proof: a
        configured instance, the institution's own server (or any home on its domain), or one of
        ``trusted_instances``. Anyone running a server can set ``verified_at`` on its own accounts."""
        trusted = {*self.settings.instances, *self.api_hosts.values(), *self.settings.trusted_instances}
        if self.own is not None:
            trusted.add(self.own.host)
        return (
            account.web_host.lower() in trusted
            or account.domain.lower() in trusted
            or host_within(account.domain, self.institution.domain)
        )

    def _trusted_field(self, account: MastodonAccount) -> ProfileField | None:
        """A profile field linking to the institution's domain that a trusted home verified."""
        if not self._trusted_home(account):
            return None
        fields = account.fields_linking_to(self.institution.domain)
        return next((f for f in fields if f.verified_at is not None), None)

    def _mastodon_confidence(
        self, found: Found, website: WebsiteReport | None, pages: dict[str, WebsiteReport]
    ) -> tuple[Confidence, list[str], list[Evidence]]:
        """How sure quitx is that the account is the institution's, why, and the proof chain.

        Verified only through a proof quitx holds: a page of the institution's domain that it read
        itself (the homepage, or the page a profile field points to) links to the account with
        ``rel="me"``; or a trusted home (`_trusted_home`) verified such a field. The account's
        identity is already proven at its home (`quitx.probes.mastodon.prove_identity`)."""
        account = found.account
        assert isinstance(account, MastodonAccount)  # noqa: S101 - by construction
        domain = self.institution.domain
        reasons: list[str] = []
        proof: list[Evidence] = []
        verified = False

        def rel_me(page: WebsiteReport, what: str) -> bool:
            link = _rel_me_to(page, account)
            if link is None:
                return False
            where = page.final_url or page.url
            reasons.append(f'{what} ({where}) links to it with rel="me", read by quitx')
            proof.append(
                Evidence(
                    step="rel-me",
                    request=f"GET {where}",
                    outcome=f'rel="me" link to {link.url}, which is @{account.acct} (proven at its home)',
                )
            )
            return True

        if website is not None and rel_me(website, "the official site"):
            verified = True
        if found.linked and not verified:
            reasons.append("the official site links to it")
            if website is not None:
                proof.append(
                    Evidence(
                        step="link",
                        request=f"GET {website.final_url or website.url}",
                        outcome=f'links to @{account.acct}, without rel="me"',
                    )
                )
        trusted_field = self._trusted_field(account)
        if trusted_field is not None and trusted_field.verified_at is not None:
            verified = True
            day = trusted_field.verified_at.date().isoformat()
            reasons.append(
                f"profile field {trusted_field.name!r} links to {domain}, verified by its home "
                f"{account.web_host} on {day}"
            )
            proof.append(
                Evidence(
                    step="verified-field",
                    request=f"profile field {trusted_field.name!r} of @{account.acct}",
                    outcome=f"verified_at {day} by {account.web_host}, a home quitx trusts",
                )
            )
        for each in account.fields_linking_to(domain) if not verified else ():
            for url in urls_on(each.value, domain):
                page = pages.get(_page_key(url))
                if page is None or page is website:
                    continue
                final = url_host(page.final_url or page.url)
                if host_within(final, domain) and rel_me(
                    page, f"profile field {each.name!r} points to a page that"
                ):
                    verified = True
                    break
            if verified:
                break
        if not verified:
            for each in account.fields_linking_to(domain):
                if each.verified_at is not None:
                    reasons.append(
                        f"{account.web_host} marks profile field {each.name!r} verified: that server's own "
                        f'claim, which quitx could not confirm (no rel="me" link back on the site)'
                    )
                else:
                    reasons.append(f"profile field {each.name!r} links to {domain}, not verified")
                break
        named_before = self._moved_here(found, website, pages, reasons, proof)
        if verified:
            confidence = Confidence.VERIFIED
        elif found.linked or named_before:
            confidence = Confidence.LINKED
        else:
            confidence = Confidence.CANDIDATE
            reasons.append("matches the name only: could be a fan account or an impersonator")
        reasons.extend(found.extra_reasons)
        proof.extend(found.proof)
        return confidence, reasons, proof

    def _moved_here(
        self,
        found: Found,
        website: WebsiteReport | None,
        pages: dict[str, WebsiteReport],
        reasons: list[str],
        proof: list[Evidence],
    ) -> bool:
        """Whether an account the institution names (linked or verified) moved to this one: the
        move is that account's own word, from its home."""
        old = self.mastodon.get(found.moved_from) if found.moved_from else None
        if old is None or not isinstance(old.account, MastodonAccount):
            return False
        confidence, _, _ = self._mastodon_confidence(old, website, pages)
        proof.append(
            Evidence(
                step="moved",
                request=f"@{old.account.acct} on {old.account.web_host}",
                outcome=f"moved to {found.account.handle}",
            )
        )
        if confidence is Confidence.CANDIDATE:
            reasons.append(f"@{old.account.acct}, found by its name only, moved here")
            return False
        reasons.append(
            f"the institution's account @{old.account.acct} ({confidence.value}) moved here: "
            "the links and the verification still name the old address"
        )
        return True

    def _mastodon_account(
        self,
        found: Found,
        bridge: BridgeStatus,
        website: WebsiteReport | None,
        pages: dict[str, WebsiteReport],
    ) -> FoundAccount:
        account = found.account
        assert isinstance(account, MastodonAccount)  # noqa: S101 - by construction
        confidence, reasons, proof = self._mastodon_confidence(found, website, pages)
        if account.suspended:
            activity = Activity.SUSPENDED
        elif account.moved_to:
            activity = Activity.MOVED
            reasons.append(f"moved to @{account.moved_to}: the live account is there")
        else:
            activity = self._activity(
                last=account.last_status_at,
                posts=account.statuses_count,
                known=account.statuses_count is not None,
            )
        return FoundAccount(
            platform=Platform.MASTODON,
            handle=f"@{account.acct}",
            url=account.url,
            instance=account.web_host,
            confidence=confidence,
            reasons=tuple(reasons),
            found_by=tuple(found.found_by),
            activity=activity,
            last_post=account.last_status_at,
            account=account,
            bridge=bridge,
            evidence=tuple(proof),
        )

    def _bluesky_account(self, found: Found, bridge: BridgeStatus, post: Verdict) -> FoundAccount:
        account = found.account
        assert isinstance(account, BlueskyAccount)  # noqa: S101 - by construction
        domain = self.institution.domain
        reasons: list[str] = []
        on_domain = account.handle_verified and host_within(account.handle, domain)
        if on_domain:
            reasons.append(f"its handle @{account.handle} is on the institution's domain, verified both ways")
        if FoundBy.LINK in found.found_by:
            reasons.append("the official site links to it")
        reasons.extend(found.extra_reasons)
        if account.verified_status == "valid":
            reasons.append("Bluesky blue check")
        if on_domain:
            confidence = Confidence.VERIFIED
        elif found.linked:
            confidence = Confidence.LINKED
        else:
            confidence = Confidence.CANDIDATE
            reasons.append("matches the name only: could be a fan account or an impersonator")
        if account.status in ("deactivated", "takendown"):
            activity = Activity.DEACTIVATED if account.status == "deactivated" else Activity.SUSPENDED
        elif post is Verdict.ABSENT:
            activity = Activity.NEVER_POSTED
        else:
            activity = self._activity(
                last=found.last_post, posts=account.posts_count, known=post is Verdict.PRESENT
            )
        return FoundAccount(
            platform=Platform.BLUESKY,
            handle=f"@{account.handle}" if account.handle else account.did,
            url=account.url,
            confidence=confidence,
            reasons=tuple(reasons),
            found_by=tuple(found.found_by),
            activity=activity,
            last_post=found.last_post,
            account=account,
            bridge=bridge,
            evidence=tuple(found.proof),
        )


def _identity_attempt(ref: str, found_by: str, identity: Identity) -> Attempt:
    """A Bluesky reference whose identity could not be established, as an attempt."""
    return Attempt(
        ref=ref, found_by=found_by, verdict=identity.verdict, reason=identity.reason, detail=identity.detail
    )


async def acheck(
    institution: Institution | str,
    *,
    settings: Settings | None = None,
    client: httpx.AsyncClient | None = None,
    resolver: DnsResolver | None = None,
) -> Report:
    """Check where an institution already is: an `Institution`, or its name alone (no domain: no
    website, no domain handle, only searches and candidate names). Never raises for what it
    cannot reach: see the verdicts. ``client`` and ``resolver``: see `quitx.Prober`."""
    subject = as_institution(institution)
    async with Prober(settings, client=client, resolver=resolver) as prober:
        return await _Checker(prober, subject).run()


def check(
    institution: Institution | str,
    *,
    settings: Settings | None = None,
    client: httpx.AsyncClient | None = None,
    resolver: DnsResolver | None = None,
) -> Report:
    """The sync face of `acheck` (it runs its own event loop: a ``client`` is used in it)."""
    return run_sync(acheck(institution, settings=settings, client=client, resolver=resolver))
