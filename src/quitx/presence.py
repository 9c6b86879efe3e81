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
import contextlib
import datetime as dt
import queue as queue_module
import tempfile
import threading
from collections.abc import AsyncIterator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import httpx
from pydantic import BaseModel, ConfigDict

from . import __version__
from ._cache import HttpCache
from ._defaults import BATCH_CONCURRENCY
from ._http import url_host
from ._sync import run_sync
from .candidates import bluesky_labels, mastodon_usernames, matches_name
from .config import Settings, load_settings
from .handles import is_valid_handle, parse_ref
from .lookup import Prober
from .models import (
    Activity,
    Attempt,
    BlueskyAccount,
    BlueskyRef,
    BridgeStatus,
    Confidence,
    Evidence,
    ExistsResult,
    FoundAccount,
    InstanceInfo,
    Institution,
    LinkPlatform,
    MastodonAccount,
    MastodonRef,
    Platform,
    PlatformVerdict,
    Reason,
    Report,
    Verdict,
    WebsiteReport,
    host_within,
)
from .probes import exists_result
from .probes.bluesky import (
    ActorSearch,
    Identity,
    get_profiles,
    identify,
    last_post,
    merge_profile,
    search_actors,
)
from .probes.bridges import bluesky_bridge, mastodon_bridge
from .probes.instance import AccountSearch, instance_info, search_accounts
from .probes.mastodon import lookup_mastodon, parse_lrdd
from .probes.website import probe_website

__all__ = ["BatchItem", "CheckMany", "acheck", "check", "check_many"]

SCRATCH_ENTRY_BYTES = 64 * 1024  # a homepage is read once per run: not worth keeping
_EarlyBluesky = tuple[ActorSearch, dict[str, Identity]]

KNOWN = "known handle"
LINK = "website link"
DOMAIN_HANDLE = "domain handle"
CANDIDATE = "candidate name"
SEARCH = "search"
OWN_SERVER_PREFIXES = ("", "social.", "mastodon.")


@dataclass
class _Found:
    """An account being assembled from one or more sources."""

    account: MastodonAccount | BlueskyAccount
    found_by: list[str] = field(default_factory=list)
    linked: bool = False
    rel_me: bool = False
    last_post: dt.date | None = None
    extra_reasons: list[str] = field(default_factory=list)

    def add(self, source: str) -> None:
        if source not in self.found_by:
            self.found_by.append(source)


class _Checker:
    def __init__(self, prober: Prober, institution: Institution) -> None:
        self.prober = prober
        self.engine = prober.engine
        self.dns = prober.dns
        self.settings: Settings = prober.settings
        self.institution = institution
        self.mastodon: dict[str, _Found] = {}  # canonical acct -> found
        self.bluesky: dict[str, _Found] = {}  # did -> found
        self.m_attempts: list[tuple[str, Attempt]] = []  # (instance key, attempt)
        self.b_attempts: list[Attempt] = []
        self.m_evidence: dict[str, list[Evidence]] = {}
        self.searches: dict[str, Attempt] = {}
        self.api_hosts: dict[str, str] = {}  # configured instance -> its web host
        self.local_domains: dict[str, str] = {}  # and back: web host -> handle domain
        self.extra_hosts: list[str] = []  # instances named by links and known handles
        self.b_search: Attempt | None = None
        self.b_evidence: list[Evidence] = []
        self.search_evidence: dict[str, list[Evidence]] = {}

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
        m_refs: list[tuple[MastodonRef, str, bool]] = []  # ref, source, rel_me
        b_refs: list[tuple[BlueskyRef, str]] = []
        for ref in known:
            if isinstance(ref, MastodonRef):
                m_refs.append((ref, KNOWN, False))
            else:
                b_refs.append((ref, KNOWN))
        for link in website.links if website else ():
            if link.platform is LinkPlatform.MASTODON and link.handle:
                try:
                    ref = parse_ref(link.handle)
                except ValueError:
                    continue
                if isinstance(ref, MastodonRef):
                    m_refs.append((ref, LINK, link.rel_me))
            elif link.platform is LinkPlatform.BLUESKY and link.handle:
                try:
                    ref = parse_ref(link.handle)
                except ValueError:
                    continue
                if isinstance(ref, BlueskyRef):
                    b_refs.append((ref, LINK))

        if website is not None and website.links_skipped:
            self._links_not_followed(website)
        await asyncio.gather(self._mastodon(m_refs, own, m_early), self._bluesky(b_refs, b_early))
        instance_hosts = self._instance_hosts(own)
        infos = await asyncio.gather(*(instance_info(self.engine, h) for h in instance_hosts))
        info_by_host = {info.host: info for info in infos}
        accounts = await self._describe(info_by_host, website)
        instances = tuple(self._instance_verdict(h) for h in instance_hosts)
        return Report(
            quitx_version=__version__,
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

    def _links_not_followed(self, website: WebsiteReport) -> None:
        """Links past the per-page cap of servers were not followed: one of them could name the
        account, so neither network may read "absent" (an unknown attempt on each)."""
        attempt = Attempt(
            ref=f"{website.links_skipped} more link(s) on the homepage",
            found_by=LINK,
            verdict=Verdict.UNKNOWN,
            reason=Reason.BAD_RESPONSE,
            detail=f"cannot tell: the homepage links to more servers than quitx follows; "
            f"{website.links_skipped} link(s) were not followed",
        )
        self.m_attempts.append((LINK, attempt))
        self.b_attempts.append(attempt)

    # --- website and own server ---------------------------------------------------------------------

    async def _website(self) -> WebsiteReport | None:
        url = self.institution.homepage_url
        if url is None:
            return None
        return await probe_website(self.engine, self.dns, url)

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

    def _record_mastodon(self, key: str, source: str, result: ExistsResult, rel_me: bool = False) -> None:
        self.m_attempts.append(
            (
                key,
                Attempt(
                    ref=str(result.ref),
                    found_by=source,
                    verdict=result.verdict,
                    reason=result.reason,
                    detail=result.detail,
                ),
            )
        )
        self.m_evidence.setdefault(key, []).extend(result.evidence)
        account = result.account
        if result.verdict is Verdict.PRESENT and isinstance(account, MastodonAccount):
            found = self.mastodon.get(account.acct)
            if found is None:
                found = self.mastodon[account.acct] = _Found(account)
            elif found.account.followers_count is None and account.followers_count is not None:
                found.account = account  # keep the fuller description
            found.add(source)
            if source == LINK:
                found.linked = True
                found.rel_me = found.rel_me or rel_me

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
        refs: list[tuple[MastodonRef, str, bool]],
        own: InstanceInfo | None,
        early: asyncio.Future[dict[str, AccountSearch]],
    ) -> None:
        early_searches = await early
        # exact references first: they name instances of their own
        results = await asyncio.gather(*(lookup_mastodon(self.engine, self.dns, r) for r, _, _ in refs))
        for (ref, source, rel_me), result in zip(refs, results, strict=True):
            key = result.account.web_host if isinstance(result.account, MastodonAccount) else ref.domain
            self._record_mastodon(key, source, result, rel_me)
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
        tried = {(r.username, r.domain) for r, _, _ in refs}
        jobs = [
            (host, MastodonRef(username=u, domain=host))
            for host in hosts
            for u in usernames
            if (u, host) not in tried
        ]
        asked = [(host, ref) for host, ref in jobs if (host, ref.username) not in listed]
        answers = await asyncio.gather(*(lookup_mastodon(self.engine, self.dns, r) for _, r in asked))
        by_job = dict(zip([(h, r.username) for h, r in asked], answers, strict=True))
        for host, ref in jobs:
            answer = by_job.get((host, ref.username))
            if answer is None:
                answer = self._listed_result(ref, listed[(host, ref.username)], by_host[host])
            self._record_mastodon(host, CANDIDATE, answer)

        matched: list[tuple[str, MastodonRef]] = []
        for host, search in zip(hosts, searches, strict=True):
            hits = [a for a in search.accounts if matches_name(self.institution, a.display_name, a.username)]
            verdict = search.verdict
            detail = f"{len(search.accounts)} result(s), {len(hits)} matching the name"
            if verdict is Verdict.PRESENT and not hits:
                verdict = Verdict.ABSENT  # answered, but nobody with this name
            elif verdict is not Verdict.PRESENT:
                detail = (
                    "the search answered no account" if verdict is Verdict.ABSENT else "the search failed"
                )
            self.searches[host] = Attempt(
                ref=f"search {self.institution.name!r} on {host}",
                found_by=SEARCH,
                verdict=verdict,
                reason=search.reason if verdict is not Verdict.ABSENT else Reason.NOT_FOUND,
                detail=detail,
            )
            self.search_evidence[host] = list(search.evidence)
            for hit in hits:
                if hit.acct in self.mastodon:
                    self.mastodon[hit.acct].add(SEARCH)
                    continue
                user, _, domain = hit.acct.partition("@")
                ref = MastodonRef(username=user.lower(), domain=(domain or host).lower())
                if listed.get((host, hit.username.lower())) is hit:
                    self._record_mastodon(host, SEARCH, self._listed_result(ref, hit, search))
                    continue
                matched.append((host, ref))
        results = await asyncio.gather(*(lookup_mastodon(self.engine, self.dns, r) for _, r in matched))
        for (host, _), result in zip(matched, results, strict=True):
            if result.verdict is Verdict.PRESENT:
                self._record_mastodon(host, SEARCH, result)

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

    def _instance_hosts(self, own: InstanceInfo | None) -> list[str]:
        hosts = self._configured_hosts(own)
        for host in self.extra_hosts:
            if host not in hosts:
                hosts.append(host)
        return hosts

    def _instance_verdict(self, host: str) -> PlatformVerdict:
        attempts = tuple(a for key, a in self.m_attempts if key == host)
        search = self.searches.get(host)
        here = [
            f
            for f in self.mastodon.values()
            if isinstance(f.account, MastodonAccount) and f.account.web_host == host
        ]
        evidence = tuple(self.m_evidence.get(host, [])) + tuple(self.search_evidence.get(host, []))
        handles = tuple(f"@{f.account.acct}" for f in here if isinstance(f.account, MastodonAccount))
        if here:
            return PlatformVerdict(
                platform=Platform.MASTODON,
                instance=host,
                verdict=Verdict.PRESENT,
                detail="found " + ", ".join(handles),
                accounts=handles,
                attempts=attempts,
                search=search,
                evidence=evidence,
            )
        return _nothing_found(Platform.MASTODON, host, attempts, search, evidence)

    def _mastodon_overall(
        self, instances: Sequence[PlatformVerdict], accounts: Sequence[FoundAccount]
    ) -> PlatformVerdict:
        mine = [a for a in accounts if a.platform is Platform.MASTODON]
        attempts = tuple(a for _, a in self.m_attempts)
        if mine:
            return _found(Platform.MASTODON, mine, attempts)
        # exact references on hosts that are not instances of their own count as well
        others = [a for key, a in self.m_attempts if key not in {i.instance for i in instances}]
        unknown = [i.instance or "" for i in instances if i.verdict is Verdict.UNKNOWN] + [
            a.ref for a in others if a.verdict is Verdict.UNKNOWN
        ]
        if not unknown:
            return PlatformVerdict(
                platform=Platform.MASTODON,
                verdict=Verdict.ABSENT,
                detail=f"we found no account on the {len(instances)} instance(s) checked",
                attempts=attempts,
            )
        names = ", ".join(unknown)
        return PlatformVerdict(
            platform=Platform.MASTODON,
            verdict=Verdict.UNKNOWN,
            detail=f"no account found, but some places could not be checked: {names}",
            attempts=attempts,
        )

    # --- Bluesky ------------------------------------------------------------------------------------

    def _bluesky_guesses(self) -> list[tuple[BlueskyRef, str]]:
        institution = self.institution
        todo: list[tuple[BlueskyRef, str]] = []
        if institution.domain and is_valid_handle(institution.domain):
            todo.append((BlueskyRef(handle=institution.domain), DOMAIN_HANDLE))
        for label in bluesky_labels(institution):
            for suffix in self.settings.bluesky_handle_suffixes:
                handle = f"{label}.{suffix}"
                if is_valid_handle(handle):
                    todo.append((BlueskyRef(handle=handle), CANDIDATE))
        return todo

    async def _bluesky_candidates(self) -> _EarlyBluesky:
        """The AppView search, and the identity of the domain handle and the candidate handles."""
        guesses = list(dict.fromkeys(ref for ref, _ in self._bluesky_guesses()))
        search_task = asyncio.ensure_future(search_actors(self.engine, self.institution.name))
        try:
            identities = await asyncio.gather(
                *(identify(self.engine, self.dns, ref, self.b_evidence) for ref in guesses)
            )
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
        found_later = await asyncio.gather(
            *(identify(self.engine, self.dns, r, self.b_evidence) for r in later)
        )
        known = {**known, **{str(r): i for r, i in zip(later, found_later, strict=True)}}
        identities = [known[str(r)] for r, _ in unique]
        self.b_evidence.append(search.evidence)
        hits = [
            a
            for a in search.accounts
            if matches_name(institution, a.display_name, (a.handle or "").split(".")[0])
        ]
        search_verdict = search.verdict
        if search_verdict is Verdict.PRESENT and not hits:
            search_verdict = Verdict.ABSENT
        self.b_search = Attempt(
            ref=f"search {institution.name!r} on the AppView",
            found_by=SEARCH,
            verdict=search_verdict,
            reason=Reason.NOT_FOUND if search_verdict is Verdict.ABSENT else search.reason,
            detail=f"{len(search.accounts)} result(s), {len(hits)} matching the name"
            if search.verdict is not Verdict.UNKNOWN
            else "the search failed",
        )
        pending: list[tuple[BlueskyAccount, list[str]]] = []
        for (ref, _), identity in zip(unique, identities, strict=True):
            if identity.account is None:
                self.b_attempts.append(
                    Attempt(
                        ref=str(ref),
                        found_by=", ".join(sources[str(ref)]),
                        verdict=identity.verdict,
                        reason=identity.reason,
                        detail=identity.detail,
                    )
                )
                continue
            pending.append((identity.account, sources[str(ref)]))
        known_dids = {a.did for a, _ in pending}
        extra = [a for a in hits if a.did not in known_dids]
        more = await asyncio.gather(
            *(identify(self.engine, self.dns, BlueskyRef(did=a.did), self.b_evidence) for a in extra)
        )
        pending += [(i.account, [SEARCH]) for i in more if i.account is not None]

        batch = await get_profiles(self.engine, [a.did for a, _ in pending])
        self.b_evidence.extend(batch.evidence)
        for identity_account, found_by in pending:
            name = identity_account.handle or identity_account.did
            source = ", ".join(found_by)
            profile = batch.profiles.get(identity_account.did)
            if profile is None:
                failed = batch.failed.get(identity_account.did)
                verdict = Verdict.UNKNOWN if failed is not None else Verdict.ABSENT
                self.b_attempts.append(
                    Attempt(
                        ref=name,
                        found_by=source,
                        verdict=verdict,
                        reason=(failed.failure or Reason.BAD_RESPONSE) if failed else Reason.NOT_FOUND,
                        detail="the AppView did not answer"
                        if failed
                        else "the AppView has no profile for it",
                    )
                )
                continue
            account = merge_profile(identity_account, profile)
            self.b_attempts.append(
                Attempt(
                    ref=name,
                    found_by=source,
                    verdict=Verdict.PRESENT,
                    reason=Reason.FOUND,
                    detail="profile found",
                )
            )
            found = self.bluesky.get(account.did)
            if found is None:
                found = self.bluesky[account.did] = _Found(account)
            for each in found_by:
                found.add(each)
            found.linked = found.linked or LINK in found_by

    def _bluesky_verdict(self, accounts: Sequence[FoundAccount]) -> PlatformVerdict:
        mine = [a for a in accounts if a.platform is Platform.BLUESKY]
        attempts = tuple(self.b_attempts)
        search = self.b_search
        evidence = tuple(self.b_evidence)
        if mine:
            return _found(Platform.BLUESKY, mine, attempts, search, evidence)
        return _nothing_found(Platform.BLUESKY, None, attempts, search, evidence)

    # --- describing what was found ------------------------------------------------------------------

    async def _describe(
        self, infos: dict[str, InstanceInfo], website: WebsiteReport | None
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
            out.append(self._mastodon_account(found, bridge, website))
        for found, bridge, post in zip(b_found, b_bridges, posts, strict=True):
            if post.verdict is Verdict.PRESENT:
                found.last_post = post.date
            out.append(self._bluesky_account(found, bridge, post.verdict))
        out.sort(key=lambda a: (a.platform.value, _CONFIDENCE_ORDER.index(a.confidence), a.handle))
        return tuple(out)

    def _activity(self, *, last: dt.date | None, posts: int | None, known: bool) -> Activity:
        if last is not None:
            age = (dt.datetime.now(dt.UTC).date() - last).days
            return Activity.DORMANT if age > self.settings.dormant_after_days else Activity.ACTIVE
        if posts == 0:
            return Activity.NEVER_POSTED
        return Activity.UNKNOWN if not known else Activity.NEVER_POSTED

    def _mastodon_account(
        self, found: _Found, bridge: BridgeStatus, website: WebsiteReport | None
    ) -> FoundAccount:
        account = found.account
        assert isinstance(account, MastodonAccount)  # noqa: S101 - by construction
        domain = self.institution.domain
        reasons: list[str] = []
        linking = account.fields_linking_to(domain)
        verified_fields = [f for f in linking if f.verified_at is not None]
        claiming_fields = [f for f in linking if f.verified_at is None]
        if verified_fields:
            reasons.append(
                f'profile field {verified_fields[0].name!r} links to {domain} and is verified (rel="me")'
            )
        if found.rel_me:
            reasons.append('the official site links to it with rel="me"')
        if found.linked and not found.rel_me:
            reasons.append("the official site links to it")
        if claiming_fields:
            reasons.append(f"profile field {claiming_fields[0].name!r} links to {domain}, not verified")
        if verified_fields or found.rel_me:
            confidence = Confidence.VERIFIED
        elif found.linked:
            confidence = Confidence.LINKED
        else:
            confidence = Confidence.CANDIDATE
            reasons.append("matches the name only: could be a fan account or an impersonator")
        if account.suspended:
            activity = Activity.SUSPENDED
        elif account.moved_to:
            activity = Activity.MOVED
            reasons.append(f"moved to @{account.moved_to}")
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
        )

    def _bluesky_account(self, found: _Found, bridge: BridgeStatus, post: Verdict) -> FoundAccount:
        account = found.account
        assert isinstance(account, BlueskyAccount)  # noqa: S101 - by construction
        domain = self.institution.domain
        reasons: list[str] = []
        on_domain = account.handle_verified and host_within(account.handle, domain)
        if on_domain:
            reasons.append(f"its handle @{account.handle} is on the institution's domain, verified both ways")
        if found.linked:
            reasons.append("the official site links to it")
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
        )


_CONFIDENCE_ORDER = [Confidence.VERIFIED, Confidence.LINKED, Confidence.CANDIDATE]


def _found(
    platform: Platform,
    accounts: Sequence[FoundAccount],
    attempts: tuple[Attempt, ...],
    search: Attempt | None = None,
    evidence: tuple[Evidence, ...] = (),
) -> PlatformVerdict:
    """Accounts found on a network: present, with the best confidence among them."""
    best = min((a.confidence for a in accounts), key=_CONFIDENCE_ORDER.index)
    return PlatformVerdict(
        platform=platform,
        verdict=Verdict.PRESENT,
        detail=f"{len(accounts)} account(s) found, best confidence: {best.value}",
        best_confidence=best,
        accounts=tuple(a.handle for a in accounts),
        attempts=attempts,
        search=search,
        evidence=evidence,
    )


def _nothing_found(
    platform: Platform,
    instance: str | None,
    attempts: tuple[Attempt, ...],
    search: Attempt | None,
    evidence: tuple[Evidence, ...],
) -> PlatformVerdict:
    """No account found: "absent" only if every candidate and the search answered; else unknown."""
    everything = [*attempts, *([search] if search else [])]
    unknown = [a for a in everything if a.verdict is Verdict.UNKNOWN]
    if not unknown and everything:
        tried = ", ".join(a.ref for a in attempts) or "no candidate"
        place = f" on {instance}" if instance else ""
        verdict, detail = Verdict.ABSENT, f"we found no account{place}: tried {tried}, and a search by name"
    else:
        why = unknown[0].detail.removeprefix("cannot tell: ") if unknown else "nothing could be tried"
        verdict, detail = Verdict.UNKNOWN, f"cannot tell{f' for {instance}' if instance else ''}: {why}"
    return PlatformVerdict(
        platform=platform,
        instance=instance,
        verdict=verdict,
        detail=detail,
        attempts=attempts,
        search=search,
        evidence=evidence,
    )


async def acheck(
    institution: Institution,
    *,
    settings: Settings | None = None,
    client: httpx.AsyncClient | None = None,
) -> Report:
    """Check where an institution already is. Never raises for what it cannot reach: see the verdicts."""
    async with Prober(settings, client=client) as prober:
        return await _Checker(prober, institution).run()


def check(institution: Institution, *, settings: Settings | None = None) -> Report:
    """The sync face of `acheck`."""
    return run_sync(acheck(institution, settings=settings))


# --- many institutions ------------------------------------------------------------------------------


class BatchItem(BaseModel):
    """One institution's outcome in a batch: its report, or the error that stopped its check."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    index: int  # position in the input
    institution: Institution
    report: Report | None = None
    error: str | None = None


class CheckMany:
    """Check many institutions through one engine, ``concurrency`` at a time, yielding each
    result as it finishes (completion order; ``index`` says the input order).

    ``async for item in quitx.check_many(institutions)`` or, from plain code,
    ``for item in quitx.check_many(institutions)``. The input is read lazily, so memory stays flat
    for long inputs. One failing check (a bug) gives an item with ``error`` and the batch goes on.
    """

    def __init__(
        self,
        institutions: Iterable[Institution],
        *,
        settings: Settings | None = None,
        client: httpx.AsyncClient | None = None,
        concurrency: int = BATCH_CONCURRENCY,
    ) -> None:
        self.institutions = institutions
        self.settings = settings
        self.client = client
        self.concurrency = max(1, concurrency)
        self.prober: Prober | None = None  # while running: its engine's counters are readable

    async def __aiter__(self) -> AsyncIterator[BatchItem]:
        settings = self.settings if self.settings is not None else load_settings()
        with contextlib.ExitStack() as stack:
            scratch = None
            if not settings.cache:
                # no request twice in a run, in flat memory: the engine's in-run memo is bounded,
                # so without the HTTP cache a run keeps the small answers that settle something
                # (a 404 WebFinger, a DID document) in a scratch store, deleted at the end
                directory = stack.enter_context(tempfile.TemporaryDirectory(prefix="quitx-run-"))
                scratch = HttpCache(
                    directory,
                    min_ttl=max(settings.cache_min_ttl, 86400.0),
                    max_ttl=max(settings.cache_max_ttl, 86400.0),
                    max_bytes=settings.cache_max_mb * 1024 * 1024,
                    max_entry_bytes=SCRATCH_ENTRY_BYTES,
                    anonymous_private=settings.cache_anonymous_private,
                )
            try:
                async for item in self._run(settings, scratch):
                    yield item
            finally:
                if scratch is not None:
                    await scratch.aclose()

    async def _run(self, settings: Settings, scratch: HttpCache | None) -> AsyncIterator[BatchItem]:
        queue: asyncio.Queue[BatchItem | None] = asyncio.Queue(maxsize=self.concurrency * 2)
        source = iter(enumerate(self.institutions))
        async with Prober(settings, client=self.client, cache=scratch) as prober:
            self.prober = prober

            async def worker() -> None:
                for index, institution in source:  # shared iterator: each item taken once
                    try:
                        report = await _Checker(prober, institution).run()
                        item = BatchItem(index=index, institution=institution, report=report)
                    except Exception as exc:  # one bad check must not stop the batch
                        item = BatchItem(
                            index=index, institution=institution, error=f"{type(exc).__name__}: {exc}"
                        )
                    await queue.put(item)

            async def run_workers() -> None:
                try:
                    await asyncio.gather(*(worker() for _ in range(self.concurrency)))
                finally:
                    await queue.put(None)

            runner = asyncio.ensure_future(run_workers())
            try:
                while (item := await queue.get()) is not None:
                    yield item
            finally:
                runner.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await runner

    def __iter__(self) -> Iterator[BatchItem]:
        """The sync face: the async run in a background thread, items handed over one by one."""
        items: queue_module.Queue[BatchItem | BaseException | None] = queue_module.Queue(
            maxsize=self.concurrency * 2
        )
        stop = threading.Event()

        async def pump() -> None:
            async for item in self:
                if stop.is_set():
                    break
                items.put(item)

        def run() -> None:
            try:
                asyncio.run(pump())
            except BaseException as exc:  # handed to the consumer
                items.put(exc)
            finally:
                items.put(None)

        thread = threading.Thread(target=run, name="quitx-check-many", daemon=True)
        thread.start()
        try:
            while (item := items.get()) is not None:
                if isinstance(item, BaseException):
                    raise item
                yield item
        finally:
            stop.set()
            while thread.is_alive():  # let the pump finish its put and see the stop
                with contextlib.suppress(queue_module.Empty):
                    items.get(timeout=0.1)


def check_many(
    institutions: Iterable[Institution],
    *,
    settings: Settings | None = None,
    client: httpx.AsyncClient | None = None,
    concurrency: int = BATCH_CONCURRENCY,
) -> CheckMany:
    """Check many institutions; iterate the result with ``async for`` or ``for``."""
    return CheckMany(institutions, settings=settings, client=client, concurrency=concurrency)
