"""Servers that lie, impersonate or half-break, on loopback: the verdict classes of issue 12.

A :class:`HostileWorld` is one :class:`~testnet.web.WebServer` and one :class:`~testnet.dns.DnsServer`
started for one case, playing a small fictional world around one institution (:data:`INSTITUTION`,
``univ-exemple.fr``): its homepage, the Mastodon instance quitx is configured with
(:data:`INSTANCE`, trusted), other Mastodon servers honest or not, a Bluesky AppView and PLC
directory stand-in whose answers the case writes (raw JSON, so that they can be malformed), and the
DNS records of the handles quitx guesses. Every host is in quitx's host map; nothing else is
reachable (``only_mapped_hosts``).

:data:`CASES` are the scenarios, by class — ``identity`` (an account is what its home proves),
``faults`` (no fault becomes absent), ``named`` (what the institution names is its own),
``malformed`` (one bad item is unreadable for that item only). Each says what must hold;
:func:`run_case` plays one and :func:`problems` lists what did not hold. Used by
tests/integration/test_hostile_verdicts.py and scripts/reliability.py (docs/reliability.md).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

from quitx.config import Settings, load_settings
from quitx.lookup import Prober
from quitx.models import (
    Confidence,
    ExistsResult,
    FoundAccount,
    Institution,
    MastodonAccount,
    Platform,
    Reason,
    Report,
    Verdict,
)
from quitx.presence import acheck
from quitx.presence.names import bluesky_labels
from testnet.dns import DnsServer
from testnet.web import (
    MastodonAccountSpec,
    Response,
    WebServer,
    host_meta_xml,
    link_field,
    mastodon_site,
)
from testnet.world import DNS_CANARY

__all__ = [
    "CASES",
    "CLASSES",
    "INSTANCE",
    "INSTITUTION",
    "BatchStep",
    "Case",
    "HostileWorld",
    "Outcome",
    "batch_reruns",
    "problems",
    "run_case",
]

INSTITUTION = Institution(name="Université Exemple", domain="univ-exemple.fr")
DOMAIN = "univ-exemple.fr"
HOMEPAGE = f"https://{DOMAIN}/"
INSTANCE = "masto.exemple.fr"  # the configured instance: quitx trusts its verified fields
EVIL = "imposteur-exemple.fr"  # a server that claims what is not its own
OTHER = "autre-instance.fr"  # an honest Mastodon server nobody configured
APPVIEW = "appview.exemple.fr"
PLC = "plc.exemple.fr"
BRIDGY = "fed.exemple.fr"
SUFFIX = "pseudos.exemple.fr"  # where candidate Bluesky handles are tried
VERIFIED_AT = "2025-03-01T10:00:00.000+00:00"
DID_UNIV = "did:plc:univexempleunivexempleun"
DID_OTHER = "did:plc:autreautreautreautreautre"

_HTML = {"Content-Type": "text/html; charset=utf-8"}
_JSON = {"Content-Type": "application/json; charset=utf-8"}
_JRD = {"Content-Type": "application/jrd+json; charset=utf-8"}


def _json(payload: Any, status: int = 200) -> Response:
    return Response(status, _JSON, json.dumps(payload, ensure_ascii=False))


def page(body: str, title: str = "Université Exemple") -> Response:
    """An HTML page."""
    return Response(
        200,
        _HTML,
        f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>{title}</title></head>'
        f"<body><h1>{title}</h1>\n{body}\n</body></html>\n",
    )


def univ_account(**extra: Any) -> MastodonAccountSpec:
    """The institution's account as an honest server would describe it."""
    values: dict[str, Any] = {
        "username": "univexemple",
        "display_name": "Université Exemple",
        "note": "<p>Compte officiel de l'Université Exemple.</p>",
        "followers_count": 1200,
        "statuses_count": 340,
        "last_status_at": "2026-01-10",
    }
    values.update(extra)
    return MastodonAccountSpec(**values)


def verified_field(url: str = HOMEPAGE) -> Any:
    """A profile field linking to ``url``, which its server says it verified."""
    return link_field("Site", url, VERIFIED_AT)


def field_json(spec: Any) -> dict[str, Any]:
    """A profile field as Mastodon's API sends it."""
    return {"name": spec.name, "value": spec.value, "verified_at": spec.verified_at}


def jrd(subject: str, actor: str, profile: str | None = None) -> dict[str, Any]:
    links: list[dict[str, Any]] = [{"rel": "self", "type": "application/activity+json", "href": actor}]
    if profile:
        links.append({"rel": "http://webfinger.net/rel/profile-page", "type": "text/html", "href": profile})
    return {"subject": subject, "links": links}


def search_hit(acct: str, display_name: str = "Université Exemple", **extra: Any) -> dict[str, Any]:
    """An account as a Mastodon search lists it (``acct`` with a domain: a remote account)."""
    user, _, domain = acct.partition("@")
    hit: dict[str, Any] = {
        "id": "4242",
        "username": user,
        "acct": acct,
        "display_name": display_name,
        "url": f"https://{domain or INSTANCE}/@{user}",
        "uri": f"https://{domain or INSTANCE}/users/{user}",
        "followers_count": 3,
        "fields": [],
    }
    hit.update(extra)
    return hit


def bluesky_profile(did: str, handle: str, **extra: Any) -> dict[str, Any]:
    profile: dict[str, Any] = {
        "did": did,
        "handle": handle,
        "displayName": "Université Exemple",
        "followersCount": 10,
        "postsCount": 2,
        "createdAt": "2024-09-01T00:00:00.000Z",
    }
    profile.update(extra)
    return profile


class HostileWorld:
    """The servers of the cases: ``with HostileWorld() as world: build(world); world.settings()``;
    ``world.reset()`` gives the next case the bare world on the same servers."""

    def __init__(self) -> None:
        self.web = WebServer()
        self.dns = DnsServer()
        self.actors: list[Any] = []  # what searchActors answers (raw)
        self.profiles: dict[str, Any] = {}  # did -> what getProfile(s) answers for it (raw)
        self.documents: dict[str, Any] = {}  # did -> its DID document
        self.overrides: dict[str, Any] = {}  # extra settings

    # ---- lifecycle ----------------------------------------------------------------------------------
    def __enter__(self) -> HostileWorld:
        self.web.start()
        self.dns.start()
        try:
            self._build()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self.web.stop()
        self.dns.stop()

    def reset(self) -> None:
        """Back to the bare world: the institution's site, the configured instance, the stand-ins."""
        self.web.clear()
        self.dns.clear()
        self.actors, self.profiles, self.documents, self.overrides = [], {}, {}, {}
        self._build()

    def _build(self) -> None:
        web = self.web
        self.homepage("<p>Bienvenue.</p>")
        web.add_route(DOMAIN, "/.well-known/atproto-did", Response(404, _HTML, b""))
        self.dns.set_txt(f"_atproto.{DOMAIN}", ["v=spf1 -all"])  # TXT, but no did=: no DID here
        self.dns.set_a(DNS_CANARY)  # a resolver that sees the DNS: its negative answers are proof
        mastodon_site(web, INSTANCE, INSTANCE, [], title="Masto Exemple")
        for label in bluesky_labels(INSTITUTION):
            self.dns.set_txt(f"_atproto.{label}.{SUFFIX}", ["v=spf1 -all"])
            web.add_host(f"{label}.{SUFFIX}")
        web.add_route(APPVIEW, "/xrpc/app.bsky.actor.searchActors", Response(body=self._search))
        web.add_route(APPVIEW, "/xrpc/app.bsky.actor.getProfiles", Response(body=self._get_profiles))
        web.add_route(APPVIEW, "/xrpc/app.bsky.actor.getProfile", Response(body=self._get_profile))
        web.add_route(APPVIEW, "/xrpc/app.bsky.feed.getAuthorFeed", _json({"feed": []}))
        web.add_route(PLC, "/", Response(body=self._plc), prefix=True)
        web.add_route(BRIDGY, "/", _json({"error": "Not found"}, 404), prefix=True)

    # ---- the stand-ins ------------------------------------------------------------------------------
    def _search(self, req: Any) -> Response:
        return _json({"actors": self.actors})

    def _get_profiles(self, req: Any) -> Response:
        wanted = req.query.get("actors", [])
        return _json({"profiles": [self.profiles[d] for d in wanted if d in self.profiles]})

    def _get_profile(self, req: Any) -> Response:
        actor = req.arg("actor") or ""
        if actor in self.profiles:
            return _json(self.profiles[actor])
        return _json({"error": "InvalidRequest", "message": "Profile not found"}, 400)

    def _plc(self, req: Any) -> Response:
        document = self.documents.get(req.path.lstrip("/"))
        return _json(document) if document is not None else _json({"message": "DID not registered"}, 404)

    # ---- what a case builds -------------------------------------------------------------------------
    def homepage(self, body: str) -> None:
        self.web.add_route(DOMAIN, "/", page(body))

    def route(self, host: str, path: str, response: Response) -> None:
        self.web.add_route(host, path, response)

    def mastodon(
        self, host: str, accounts: list[MastodonAccountSpec], local_domain: str | None = None
    ) -> None:
        """An honest Mastodon 4 server on ``host`` (handles ``@…@local_domain``)."""
        mastodon_site(self.web, host, local_domain or host, accounts, title=host)

    def split_domain(self, handle_domain: str, web_host: str) -> None:
        """``handle_domain`` sends WebFinger to ``web_host`` (301 and host-meta), as sciences.re does."""
        self.web.redirect(handle_domain, "/.well-known/webfinger", f"https://{web_host}", 301)
        self.web.add_route(
            handle_domain,
            "/.well-known/host-meta",
            Response(200, {"Content-Type": "application/xrd+xml"}, host_meta_xml(web_host)),
        )

    def instance_search(self, hits: list[Any]) -> None:
        """What the configured instance's search answers (raw accounts)."""
        self.web.add_route(
            INSTANCE, "/api/v2/search", _json({"accounts": hits, "statuses": [], "hashtags": []})
        )

    def bluesky(self, did: str, handle: str, *, claimed: str | None = None, profile: Any = None) -> None:
        """A Bluesky account: its DID document (claiming ``claimed``, default ``handle``), the DNS
        record proving ``handle``, and its profile (``profile``: raw, default a valid one)."""
        claim = handle if claimed is None else claimed
        self.documents[did] = {
            "id": did,
            "alsoKnownAs": [f"at://{claim}"] if claim else [],
            "verificationMethod": [],
            "service": [
                {
                    "id": "#atproto_pds",
                    "type": "AtprotoPersonalDataServer",
                    "serviceEndpoint": "https://pds.exemple.fr",
                }
            ],
        }
        self.dns.set_txt(f"_atproto.{handle}", [f"did={did}"])
        self.web.add_host(handle)
        self.profiles[did] = bluesky_profile(did, handle) if profile is None else profile

    # ---- quitx's view of it ---------------------------------------------------------------------------
    def environ(self) -> dict[str, str]:
        """quitx's settings as environment variables (what the command line reads)."""
        base = self.web.base_url
        env = {
            "QUITX_HOST_MAP": ",".join(f"{host}={base}" for host in self.web.hosts()),
            "QUITX_ONLY_MAPPED_HOSTS": "true",
            "QUITX_APPVIEW_URL": f"https://{APPVIEW}",
            "QUITX_PLC_URL": f"https://{PLC}",
            "QUITX_BRIDGY_FED_URL": f"https://{BRIDGY}",
            "QUITX_DNS_NAMESERVERS": self.dns.address,
            "QUITX_DNS_CANARY": DNS_CANARY,
            "QUITX_INSTANCES": INSTANCE,
            "QUITX_BLUESKY_HANDLE_SUFFIXES": SUFFIX,
            "QUITX_TIMEOUT": "3",
            "QUITX_DNS_TIMEOUT": "2",
            "QUITX_RETRIES": "0",
            "QUITX_MAX_RATE_LIMIT_WAIT": "0",
        }
        env.update({k: str(v) for k, v in self.overrides.items()})
        return env

    def settings(self) -> Settings:
        return load_settings(environ=self.environ())


# --- the cases --------------------------------------------------------------------------------------------


@dataclass
class Outcome:
    """What quitx said in one case: the check's report, and ``exists`` for the case's references."""

    report: Report
    exists: dict[str, ExistsResult] = field(default_factory=dict)

    def account(self, handle: str) -> FoundAccount | None:
        return next((a for a in self.report.accounts if a.handle.lower() == handle.lower()), None)

    def on(self, host: str) -> list[FoundAccount]:
        accounts = self.report.accounts
        return [a for a in accounts if (a.instance or "") == host or a.handle.endswith(f"@{host}")]


Check = Callable[[Outcome], list[str]]


@dataclass(frozen=True)
class Case:
    cls: str  # identity, faults, named, malformed
    name: str
    build: Callable[[HostileWorld], None]
    check: Check
    refs: tuple[str, ...] = ()  # references also checked with ``exists``


CLASSES: Mapping[str, str] = {
    "identity": "an account is what its home proves: impersonating servers, lookups about someone "
    "else, verified_at from untrusted servers",
    "faults": "no fault becomes absent: unread homepage, unreadable search results, hits whose home "
    "fails, profiles that do not parse",
    "named": "what the institution names is its own: the DID its DNS names, the account it links "
    "to that moved",
    "malformed": "one malformed item is unreadable for that item only",
}


def _all(*checks: Check) -> Check:
    return lambda outcome: [p for check in checks for p in check(outcome)]


def never_verified_on(host: str) -> Check:
    def check(o: Outcome) -> list[str]:
        return [
            f"{a.handle} is {a.confidence.value}" for a in o.on(host) if a.confidence is Confidence.VERIFIED
        ]

    return check


def nothing_on(host: str) -> Check:
    def check(o: Outcome) -> list[str]:
        return [f"{a.handle} reported present" for a in o.on(host)]

    return check


def no_account_claiming(domain: str) -> Check:
    def check(o: Outcome) -> list[str]:
        return [
            f"{a.handle} reported present"
            for a in o.report.accounts
            if a.platform is Platform.MASTODON and a.handle.lower().endswith(f"@{domain}")
        ]

    return check


def confidence_of(handle: str, *allowed: Confidence) -> Check:
    def check(o: Outcome) -> list[str]:
        found = o.account(handle)
        if found is None:
            return [f"{handle} not found"]
        if found.confidence not in allowed:
            return [f"{handle} is {found.confidence.value}, expected {'/'.join(c.value for c in allowed)}"]
        return []

    return check


def fields_of(handle: str, names: list[str]) -> Check:
    def check(o: Outcome) -> list[str]:
        found = o.account(handle)
        account = found.account if found is not None else None
        read = [f.name for f in account.fields] if isinstance(account, MastodonAccount) else None
        return [] if read == names else [f"{handle}: fields read {read}, expected {names}"]

    return check


def verdict_of(what: str, *allowed: Verdict) -> Check:
    """``mastodon``, ``bluesky`` or an instance host: its verdict is one of ``allowed``."""

    def check(o: Outcome) -> list[str]:
        if what == "mastodon":
            got = o.report.mastodon.verdict
        elif what == "bluesky":
            got = o.report.bluesky.verdict
        else:
            got = next(i.verdict for i in o.report.instances if i.instance == what)
        return [] if got in allowed else [f"{what} is {got.value}"]

    return check


def exists_is(ref: str, verdict: Verdict, reason: Reason | None = None) -> Check:
    def check(o: Outcome) -> list[str]:
        result = o.exists[ref]
        if result.verdict is not verdict or (reason is not None and result.reason is not reason):
            return [f"exists {ref}: {result.verdict.value} ({result.reason.value}): {result.detail}"]
        return []

    return check


NOT_ABSENT = (Verdict.PRESENT, Verdict.UNKNOWN)
NOT_PRESENT = (Verdict.ABSENT, Verdict.UNKNOWN)


# identity --------------------------------------------------------------------------------------------------


def _attack(world: HostileWorld) -> None:
    """The found attack: the configured instance's search lists univexemple@imposteur; imposteur's
    WebFinger says it is acct:univexemple@univ-exemple.fr and its lookup shows a verified field."""
    world.mastodon(EVIL, [univ_account(fields=(verified_field(),))])
    world.route(
        EVIL,
        "/.well-known/webfinger",
        Response(
            200, _JRD, json.dumps(jrd(f"acct:univexemple@{DOMAIN}", f"https://{EVIL}/users/univexemple"))
        ),
    )
    world.route(DOMAIN, "/.well-known/webfinger", Response(404, _JRD, b""))
    world.instance_search([search_hit(f"univexemple@{EVIL}", fields=[])])


def _honest_impersonator(world: HostileWorld) -> None:
    """imposteur is honest about its domain, and marks a field linking to the institution verified."""
    world.mastodon(EVIL, [univ_account(fields=(verified_field(),))])
    world.instance_search([search_hit(f"univexemple@{EVIL}")])


def _borrowed_actor(world: HostileWorld) -> None:
    """imposteur's WebFinger names, as its own account's actor, the institution's real account on
    the trusted instance (whose field is verified there)."""
    world.mastodon(INSTANCE, [univ_account(fields=(verified_field(),))], INSTANCE)
    world.route(
        EVIL,
        "/.well-known/webfinger",
        Response(200, _JRD, json.dumps(jrd(f"acct:univ@{EVIL}", f"https://{INSTANCE}/users/univexemple"))),
    )
    listed = search_hit("univexemple", fields=[field_json(verified_field())])
    world.instance_search([listed, search_hit(f"univ@{EVIL}")])


def _lookup_about_someone_else(world: HostileWorld) -> None:
    """The homepage links to @univexemple@autre-instance.fr; that server's WebFinger is right, but its
    lookup describes another account (with a verified field and many followers)."""
    world.mastodon(OTHER, [univ_account()])
    other = search_hit("quelquun", followers_count=99999, fields=[field_json(verified_field())])
    world.route(OTHER, "/api/v1/accounts/lookup", _json(other))
    world.homepage(f'<a href="https://{OTHER}/@univexemple">Mastodon</a>')


def _split_domain(world: HostileWorld) -> None:
    """The legitimate case: handles @…@sciences-exemple.fr live on social.sciences-exemple.fr; the
    homepage links to the web host's profile with rel="me"."""
    world.split_domain("sciences-exemple.fr", "social.sciences-exemple.fr")
    world.mastodon("social.sciences-exemple.fr", [univ_account()], "sciences-exemple.fr")
    world.homepage('<a rel="me" href="https://social.sciences-exemple.fr/@univexemple">Mastodon</a>')


def _field_page_links_back(world: HostileWorld) -> None:
    """An account on a server nobody configured, linked plainly from the homepage; its field points
    to a page of the institution that links back with rel="me": quitx reads that page itself."""
    world.mastodon(OTHER, [univ_account(fields=(link_field("Réseaux", f"https://{DOMAIN}/reseaux"),))])
    world.homepage(f'<a href="https://{OTHER}/@univexemple">Mastodon</a>')
    world.route(DOMAIN, "/reseaux", page(f'<a rel="me" href="https://{OTHER}/@univexemple">Mastodon</a>'))


def _untrusted_verified_field(world: HostileWorld) -> None:
    """Linked plainly from the homepage, on a server nobody configured, which says its field is
    verified while no page of the institution links back with rel="me"."""
    world.mastodon(OTHER, [univ_account(fields=(verified_field(),))])
    world.homepage(f'<a href="https://{OTHER}/@univexemple">Mastodon</a>')


def _trusted_by_setting(world: HostileWorld) -> None:
    _untrusted_verified_field(world)
    world.overrides["QUITX_TRUSTED_INSTANCES"] = OTHER


def _trusted_instance_verified(world: HostileWorld) -> None:
    """The institution's account on the configured instance, its field verified there."""
    world.mastodon(INSTANCE, [univ_account(fields=(verified_field(),))], INSTANCE)


def _own_server_verified(world: HostileWorld) -> None:
    """The institution's own server (handles @…@univ-exemple.fr, web host social.univ-exemple.fr)
    verified the field: a home the institution runs is trusted."""
    world.split_domain(DOMAIN, f"social.{DOMAIN}")
    world.mastodon(f"social.{DOMAIN}", [univ_account(fields=(verified_field(),))], DOMAIN)


# faults ----------------------------------------------------------------------------------------------------


def _only_linked_from(world: HostileWorld) -> None:
    world.mastodon(OTHER, [univ_account()])
    world.homepage(f'<a href="https://{OTHER}/@univexemple">Mastodon</a>')


def _homepage_503(world: HostileWorld) -> None:
    _only_linked_from(world)
    world.web.status(DOMAIN, 503)


def _homepage_timeout(world: HostileWorld) -> None:
    _only_linked_from(world)
    world.web.slow(DOMAIN, 3.0)
    world.overrides["QUITX_TIMEOUT"] = 1


def _unreadable_and_unrelated_hits(world: HostileWorld) -> None:
    """The configured instance's search answers one result that does not read (the institution's
    account, broken) and one about somebody else."""
    world.instance_search(
        [{"id": "1", "username": 17, "acct": None}, search_hit("voisin", display_name="Le voisin")]
    )


def _hit_whose_home_fails(world: HostileWorld) -> None:
    world.mastodon(OTHER, [univ_account()])
    world.web.status(OTHER, 503)
    world.instance_search([search_hit(f"univexemple@{OTHER}")])


def _profile_with_year_zero(world: HostileWorld) -> None:
    world.bluesky(
        DID_UNIV,
        DOMAIN,
        profile=bluesky_profile(DID_UNIV, DOMAIN, createdAt="0000-01-01T00:00:00.000Z"),
    )


def _unparseable_actor_hit(world: HostileWorld) -> None:
    world.actors = [{"did": DID_UNIV, "displayName": "Université Exemple"}]  # no handle


def _unreadable_profile(world: HostileWorld) -> None:
    world.bluesky(DID_UNIV, DOMAIN, profile={"did": DID_UNIV, "handle": 42, "displayName": "Université"})


# named -----------------------------------------------------------------------------------------------------


def _dns_names_did_with_other_handle(world: HostileWorld) -> None:
    """_atproto.univ-exemple.fr names a DID whose document claims univexemple.pseudos… (valid)."""
    handle = f"univexemple.{SUFFIX}"
    world.bluesky(DID_UNIV, handle)
    world.dns.set_txt(f"_atproto.{DOMAIN}", [f"did={DID_UNIV}"])


def _dns_names_did_without_handle(world: HostileWorld) -> None:
    world.bluesky(DID_OTHER, f"inconnu.{SUFFIX}", claimed="")
    world.dns.set_txt(f"_atproto.{DOMAIN}", [f"did={DID_OTHER}"])


def _linked_account_moved(world: HostileWorld) -> None:
    """The homepage links with rel="me" to @ancien@masto.exemple.fr, which moved to @univexemple."""
    world.mastodon(
        INSTANCE,
        [
            univ_account(username="ancien", display_name="Ancien compte", moved_to="univexemple"),
            univ_account(username="univexemple", display_name="Compte"),
        ],
        INSTANCE,
    )
    world.homepage(f'<a rel="me" href="https://{INSTANCE}/@ancien">Mastodon</a>')
    world.instance_search([])


# malformed -------------------------------------------------------------------------------------------------


def _search_with_junk_item(world: HostileWorld) -> None:
    world.mastodon(OTHER, [univ_account()])
    world.instance_search(["pas un compte", 42, search_hit(f"univexemple@{OTHER}")])


def _lookup_with_odd_facts(world: HostileWorld) -> None:
    world.mastodon(OTHER, [univ_account()])
    world.homepage(f'<a href="https://{OTHER}/@univexemple">Mastodon</a>')
    odd = dict(
        search_hit("univexemple", followers_count="beaucoup", created_at="hier", last_status_at="jamais"),
        fields=[
            {"name": "Fondation", "value": "1970", "verified_at": "un jour"},
            {"name": 3},
            {"name": "Site", "value": f'<a href="{HOMEPAGE}">site</a>', "verified_at": None},
        ],
    )
    world.route(OTHER, "/api/v1/accounts/lookup", _json(odd))


def _jrd_with_junk_link(world: HostileWorld) -> None:
    world.mastodon(OTHER, [univ_account()])
    world.homepage(f'<a href="https://{OTHER}/@univexemple">Mastodon</a>')
    good = jrd(f"acct:univexemple@{OTHER}", f"https://{OTHER}/users/univexemple")
    good["links"].insert(0, {"rel": 5, "href": ["x"]})
    world.route(OTHER, "/.well-known/webfinger", Response(200, _JRD, json.dumps(good)))


def _actor_search_with_junk(world: HostileWorld) -> None:
    handle = f"univexemple.{SUFFIX}"
    world.bluesky(DID_UNIV, handle)
    world.actors = [{"did": 7}, "rien", bluesky_profile(DID_UNIV, handle)]


def _hit_with_invalid_address(world: HostileWorld) -> None:
    world.instance_search([search_hit("univ exemple@@imposteur", display_name="Université Exemple")])


CASES: tuple[Case, ...] = (
    Case(
        "identity",
        "search lists univexemple@imposteur, whose WebFinger claims acct:univexemple@univ-exemple.fr "
        "and whose lookup shows a verified field (the found attack)",
        _attack,
        _all(
            no_account_claiming(DOMAIN),
            nothing_on(EVIL),
            verdict_of("mastodon", *NOT_PRESENT),
            exists_is(f"@univexemple@{EVIL}", Verdict.UNKNOWN, Reason.IDENTITY_NOT_PROVEN),
        ),
        refs=(f"@univexemple@{EVIL}",),
    ),
    Case(
        "identity",
        "an impersonator on its own domain marks a field linking to the institution verified",
        _honest_impersonator,
        _all(never_verified_on(EVIL), confidence_of(f"@univexemple@{EVIL}", Confidence.CANDIDATE)),
    ),
    Case(
        "identity",
        "an impersonator's WebFinger names the actor of the institution's account on the trusted instance",
        _borrowed_actor,
        _all(
            nothing_on(EVIL),
            no_account_claiming(EVIL),
            confidence_of(f"@univexemple@{INSTANCE}", Confidence.VERIFIED),
            exists_is(f"@univ@{EVIL}", Verdict.UNKNOWN, Reason.IDENTITY_NOT_PROVEN),
        ),
        refs=(f"@univ@{EVIL}",),
    ),
    Case(
        "identity",
        "a lookup answering about another account than the one asked",
        _lookup_about_someone_else,
        _all(
            confidence_of(f"@univexemple@{OTHER}", Confidence.LINKED),
            lambda o: [
                "the other account's facts were taken"
                for a in o.report.accounts
                if getattr(a.account, "followers_count", None) == 99999
            ],
            exists_is(f"@univexemple@{OTHER}", Verdict.PRESENT, Reason.FOUND_WITHOUT_DETAILS),
        ),
        refs=(f"@univexemple@{OTHER}",),
    ),
    Case(
        "identity",
        "a web host naming its accounts by their handle domain (legitimate: rel=me from the homepage)",
        _split_domain,
        confidence_of("@univexemple@sciences-exemple.fr", Confidence.VERIFIED),
    ),
    Case(
        "identity",
        "a profile field points to a page of the institution that links back with rel=me",
        _field_page_links_back,
        confidence_of(f"@univexemple@{OTHER}", Confidence.VERIFIED),
    ),
    Case(
        "identity",
        "verified_at from a server nobody trusts, no rel=me link back on the site",
        _untrusted_verified_field,
        confidence_of(f"@univexemple@{OTHER}", Confidence.LINKED),
    ),
    Case(
        "identity",
        "verified_at from a server named in trusted_instances",
        _trusted_by_setting,
        confidence_of(f"@univexemple@{OTHER}", Confidence.VERIFIED),
    ),
    Case(
        "identity",
        "verified_at from the configured instance",
        _trusted_instance_verified,
        confidence_of(f"@univexemple@{INSTANCE}", Confidence.VERIFIED),
    ),
    Case(
        "identity",
        "verified_at from the institution's own server",
        _own_server_verified,
        confidence_of(f"@univexemple@{DOMAIN}", Confidence.VERIFIED),
    ),
    Case(
        "faults",
        "homepage 503, the only account on an instance only the homepage links to",
        _homepage_503,
        _all(verdict_of("mastodon", *NOT_ABSENT), verdict_of("bluesky", *NOT_ABSENT)),
    ),
    Case(
        "faults",
        "homepage timeout, the only account on an instance only the homepage links to",
        _homepage_timeout,
        _all(verdict_of("mastodon", *NOT_ABSENT), verdict_of("bluesky", *NOT_ABSENT)),
    ),
    Case(
        "faults",
        "a search answer with one unreadable result and one unrelated result",
        _unreadable_and_unrelated_hits,
        _all(verdict_of(INSTANCE, *NOT_ABSENT), verdict_of("mastodon", *NOT_ABSENT)),
    ),
    Case(
        "faults",
        "a name-matching search hit whose own server then fails (503)",
        _hit_whose_home_fails,
        _all(verdict_of(INSTANCE, *NOT_ABSENT), verdict_of("mastodon", *NOT_ABSENT)),
    ),
    Case(
        "faults",
        "a Bluesky profile dated 0000-01-01T00:00:00.000Z (the check and exists agree)",
        _profile_with_year_zero,
        _all(
            verdict_of("bluesky", Verdict.PRESENT),
            confidence_of(f"@{DOMAIN}", Confidence.VERIFIED),
            exists_is(DOMAIN, Verdict.PRESENT),
        ),
        refs=(DOMAIN,),
    ),
    Case(
        "faults",
        "an actor search whose only hit does not parse",
        _unparseable_actor_hit,
        verdict_of("bluesky", *NOT_ABSENT),
    ),
    Case(
        "faults",
        "getProfiles answers a profile that does not read for the domain handle's DID",
        _unreadable_profile,
        _all(verdict_of("bluesky", *NOT_ABSENT), exists_is(DOMAIN, Verdict.UNKNOWN)),
        refs=(DOMAIN,),
    ),
    Case(
        "named",
        "_atproto names a DID whose document claims another (valid) handle",
        _dns_names_did_with_other_handle,
        _all(
            verdict_of("bluesky", Verdict.PRESENT),
            confidence_of(f"@univexemple.{SUFFIX}", Confidence.LINKED, Confidence.VERIFIED),
        ),
    ),
    Case(
        "named",
        "_atproto names a DID whose document claims no handle",
        _dns_names_did_without_handle,
        _all(
            verdict_of("bluesky", Verdict.PRESENT),
            confidence_of(DID_OTHER, Confidence.LINKED, Confidence.VERIFIED),
        ),
    ),
    Case(
        "named",
        "the homepage links with rel=me to an account that moved",
        _linked_account_moved,
        _all(
            confidence_of(f"@univexemple@{INSTANCE}", Confidence.LINKED, Confidence.VERIFIED),
            confidence_of(f"@ancien@{INSTANCE}", Confidence.VERIFIED),
        ),
    ),
    Case(
        "malformed",
        "a search answer holding a string and a number besides a good hit",
        _search_with_junk_item,
        _all(verdict_of("mastodon", Verdict.PRESENT), verdict_of(INSTANCE, *NOT_ABSENT)),
    ),
    Case(
        "malformed",
        "a lookup with odd counts, dates and fields",
        _lookup_with_odd_facts,
        _all(
            confidence_of(f"@univexemple@{OTHER}", Confidence.LINKED),
            fields_of(f"@univexemple@{OTHER}", ["Fondation", "Site"]),
        ),
    ),
    Case(
        "malformed",
        "a WebFinger answer with one malformed link",
        _jrd_with_junk_link,
        confidence_of(f"@univexemple@{OTHER}", Confidence.LINKED),
    ),
    Case(
        "malformed",
        "an actor search holding junk besides a good hit",
        _actor_search_with_junk,
        verdict_of("bluesky", Verdict.PRESENT),
    ),
    Case(
        "malformed",
        "a search hit whose address is not an address",
        _hit_with_invalid_address,
        _all(verdict_of(INSTANCE, *NOT_ABSENT), verdict_of("mastodon", *NOT_ABSENT)),
    ),
)


async def run_case(case: Case, world: HostileWorld | None = None) -> Outcome:
    """Build the case's world (on ``world``'s servers, reset first, or on servers of its own), run
    ``quitx check`` on the institution and ``exists`` on the case's references."""
    if world is None:
        with HostileWorld() as own:
            return await run_case(case, own)
    world.reset()
    case.build(world)
    settings = world.settings()
    async with Prober(settings) as prober:
        results = await asyncio.gather(*(prober.exists(r) for r in case.refs))
    report = await acheck(INSTITUTION, settings=settings)
    return Outcome(report, dict(zip(case.refs, results, strict=True)))


def problems(case: Case, outcome: Outcome) -> list[str]:
    """What did not hold in ``outcome`` (empty: the case holds)."""
    return case.check(outcome)


# --- a batch over the world -------------------------------------------------------------------------------


@dataclass(frozen=True)
class BatchStep:
    what: str
    status: int  # the exit status
    checked: int  # institutions checked in this run
    expected: tuple[int, int]  # (status, checked) as they must be


def batch_reruns(world: HostileWorld, directory: Path) -> list[BatchStep]:
    """``quitx batch`` over the institution, run again as its world changes: a row that ended
    unknown must be checked again by a re-run (exit 4 while it stays unknown), a settled row not."""
    from quitx.batch import BatchOptions, run_batch
    from quitx.cli.batch import exit_status as batch_exit_status

    rows = directory / "in.csv"
    rows.write_text(f"name,domain\n{INSTITUTION.name},{DOMAIN}\n", encoding="utf-8")
    steps: list[BatchStep] = []

    def run(what: str, expected: tuple[int, int]) -> None:
        outcome = run_batch(BatchOptions(input=str(rows), out_dir=directory / "out"), world.settings())
        steps.append(BatchStep(what, batch_exit_status(outcome), outcome.checked, expected))

    world.reset()
    _homepage_503(world)
    run("the homepage answers 503: unknown", (4, 1))
    run("run again, the homepage still down: checked again, still unknown", (4, 1))
    world.reset()
    _only_linked_from(world)
    run("run again, the homepage back: checked again, present", (0, 1))
    run("run again: settled, skipped", (0, 0))
    return steps
