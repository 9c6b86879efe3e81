"""The standard fictional world of quitx's integration tests and offline demo.

Every domain is fictional (``.fr`` names with ``exemple`` in them, and ``.test``); no request ever
leaves 127.0.0.1. What lives where:

Bluesky (the real AT Protocol stack, :mod:`testnet.atproto`, seeded with :data:`WORLD_SEED`)
    ``alice.test`` ("Alice Test", 3 posts), ``bob.test`` (follows alice), ``univ-exemple.fr``
    ("Université Exemple", proven by DNS TXT), ``wellknown-exemple.fr`` (proven by HTTPS
    ``/.well-known/atproto-did`` only). ``*.test`` handles resolve over HTTPS on the PDS.

DNS (:class:`testnet.dns.DnsServer`)
    ``_atproto.univ-exemple.fr`` TXT did=<its DID> plus a noise record;
    ``_atproto.impostor-exemple.fr`` TXT did=<alice's DID> (alice's document does not claim it);
    ``_atproto.conflict-exemple.fr`` two TXT records with alice's and bob's DIDs;
    ``_atproto.dnsfail-exemple.fr`` SERVFAIL; ``_atproto.dnsdrop-exemple.fr`` no answer (timeout);
    ``_atproto.{goodweb,broken-did,brokenjson}.exemple.fr`` TXT did=did:web:<that host>;
    A 127.0.0.1 for every web domain; ``_atproto.absent-exemple.fr`` NXDOMAIN; the canary
    :data:`DNS_CANARY` (the name that shows quitx the resolver sees the DNS: ``dns_canary``).

Web (:class:`testnet.web.WebServer`, one server, virtual hosts)
    see :data:`WEB_DOMAINS` and :func:`build_world`.

Mastodon
    ``@collegedefrance@sciences-exemple.fr`` lives on ``social.sciences-exemple.fr`` (WebFinger
    301 + host-meta on the handle domain); ``@labo@hostmeta-exemple.fr`` on
    ``masto.hostmeta-exemple.fr`` (found through host-meta only); ``@comm@locked.exemple.fr``
    (API 401, WebFinger open); ``lockedall.exemple.fr`` (everything 401);
    ``@presse@ratelimited.exemple.fr`` (first request to each path 429, reset in 1 s);
    ``throttled.exemple.fr`` (always 429, reset in an hour); ``slow.exemple.fr`` (30 s);
    ``down.exemple.fr`` (503); ``moved.exemple.fr`` (``old`` moved to ``new``, ``suspended``,
    ``dormant``), ``@univfederee@univ-federee.fr`` on ``social.univ-federee.fr`` (the institution's
    own instance, registrations closed). mastodon-mock plays ``social.exemple.fr`` (``univexemple``,
    ``etudiants``, ``institutexemple``, the lookalike ``museeexemple``). ``/api/v1/instance/domain_blocks``
    is public on ``social.sciences-exemple.fr`` (``spam.exemple``) and ``moved.exemple.fr``
    (``bsky.brid.gy`` suspended), hidden (404) elsewhere.

Bridgy Fed (:data:`BRIDGY_FED_HOST`)
    ``/ap/@univexemple@social.exemple.fr`` answers 200 (bridged); every other path 404.

The institutions of ``quitx check`` (:data:`CHECK_INSTITUTIONS`)
    S1 Université Exemple, S2 Institut Exemple (plain links, unverified field), S3 Collège de France
    (bare domain 301 → www), S4 Musée Exemple (lookalikes only), S5 Mairie Absente (nothing),
    S7 Labo Dormant (a dormant account), S9 Université Fédérée (its own instance).
"""

from __future__ import annotations

import datetime as dt
import html
import json
from dataclasses import dataclass
from typing import Any

from testnet.atproto import AtprotoState
from testnet.dns import DnsServer
from testnet.mastodon import MastodonMock, MockAccount, MockField
from testnet.web import (
    MastodonAccountSpec,
    MastodonField,
    MastodonStatusSpec,
    Response,
    WebServer,
    host_meta_xml,
    link_field,
    mastodon_site,
)
from testnet.wikidata import WIKIDATA_HOST, serve_wikidata

__all__ = [
    "BLUESKY_HANDLE_SUFFIXES",
    "BRIDGED_MASTODON",
    "BRIDGY_FED_HOST",
    "CHECK_INSTITUTIONS",
    "DNS_CANARY",
    "INSTANCES",
    "MOCK_ACCOUNTS",
    "MOCK_DOMAIN",
    "WEB_DOMAINS",
    "WORLD_SEED",
    "WorldInstitution",
    "build_world",
    "host_map",
]

# ---- Bluesky ---------------------------------------------------------------------------------------------
WORLD_SEED: dict[str, Any] = {
    "accounts": [
        {
            "handle": "alice.test",
            "displayName": "Alice Test",
            "description": "Compte de démonstration du réseau local.",
            "posts": [
                "Bonjour Bluesky !",
                "Deuxième message, pour avoir un fil.",
                "Troisième message : le réseau local fonctionne.",
            ],
            "domainHandle": None,
        },
        {
            "handle": "bob.test",
            "displayName": "Bob Test",
            "description": "Suit Alice.",
            "posts": [],
            "domainHandle": None,
        },
        {
            "handle": "univexemple.test",
            "displayName": "Université Exemple",
            "description": "Compte officiel de l'Université Exemple : enseignement, recherche, "
            "vie étudiante. https://univ-exemple.fr",
            "posts": [
                "L'Université Exemple arrive sur Bluesky.",
                "Rentrée universitaire : toutes les informations sur univ-exemple.fr.",
            ],
            "domainHandle": "univ-exemple.fr",
        },
        {
            "handle": "wellknown.test",
            "displayName": "Laboratoire Well-Known",
            "description": "Identifiant prouvé par HTTPS (/.well-known/atproto-did), sans DNS.",
            "posts": ["Notre identifiant est prouvé par notre site web."],
            "domainHandle": "wellknown-exemple.fr",
        },
        {
            "handle": "museeexemple.test",
            "displayName": "Musée Exemple (fans)",
            "description": "Compte de fans, non officiel. Nos photos préférées du Musée Exemple.",
            "posts": ["Une belle journée au Musée Exemple."],
            "domainHandle": None,
        },
    ],
    "follows": [["bob.test", "alice.test"]],
}

# ---- Mastodon (mastodon-mock) ---------------------------------------------------------------------------
MOCK_DOMAIN = "social.exemple.fr"
INSTANCES = (MOCK_DOMAIN, "sciences-exemple.fr")
BRIDGY_FED_HOST = "fed.brid-exemple.fr"
BRIDGED_MASTODON = ("@univexemple@social.exemple.fr",)  # what the Bridgy Fed stand-in says is bridged
BLUESKY_HANDLE_SUFFIXES = ("test",)  # the PDS's handle domain: candidates <label>.test


def _link_html(url: str) -> str:
    return link_field("", url).value


MOCK_ACCOUNTS: tuple[MockAccount, ...] = (
    MockAccount(
        username="univexemple",
        display_name="Université Exemple",
        note="<p>Compte officiel de l'Université Exemple. Enseignement, recherche, vie étudiante.</p>",
        fields=(MockField("Site", _link_html("https://univ-exemple.fr"), "2025-01-15T10:20:30.123+00:00"),),
        followers_count=1200,
        following_count=0,
        statuses_count=340,
        created_at=dt.datetime(2022, 11, 7, tzinfo=dt.UTC),
    ),
    MockAccount(
        username="etudiants",
        display_name="Vie étudiante — Université Exemple",
        note="<p>Associations, logement, bourses.</p>",
        followers_count=25,
        statuses_count=12,
        created_at=dt.datetime(2023, 2, 1, tzinfo=dt.UTC),
    ),
    MockAccount(  # S2: linked from the homepage without rel="me"; the field is NOT verified
        username="institutexemple",
        display_name="Institut Exemple",
        note="<p>Compte de l'Institut Exemple : recherche, formation, événements.</p>",
        fields=(MockField("Site", _link_html("https://institut-exemple.fr")),),
        followers_count=85,
        following_count=3,
        statuses_count=24,
        last_status_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=3),
        created_at=dt.datetime(2023, 1, 20, tzinfo=dt.UTC),
    ),
    MockAccount(  # S4: a lookalike, not the museum's
        username="museeexemple",
        display_name="Musée Exemple",
        note="<p>Compte de fans, non officiel.</p>",
        followers_count=12,
        statuses_count=5,
        last_status_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=20),
        created_at=dt.datetime(2024, 5, 4, tzinfo=dt.UTC),
    ),
)


@dataclass(frozen=True)
class WorldInstitution:
    """An institution of the ``quitx check`` scenarios (plain data: quitx's ``Institution`` is
    ``Institution(name=i.name, domain=i.domain, handles=i.handles)``)."""

    scenario: str
    name: str
    domain: str
    handles: tuple[str, ...] = ()
    what: str = ""


CHECK_INSTITUTIONS: tuple[WorldInstitution, ...] = (
    WorldInstitution(
        "S1",
        "Université Exemple",
        "univ-exemple.fr",
        what="rel=me to a verified, bridged mock account; Bluesky domain handle",
    ),
    WorldInstitution(
        "S2",
        "Institut Exemple",
        "institut-exemple.fr",
        what="plain <a> to a mock account whose field is not verified; not on Bluesky",
    ),
    WorldInstitution(
        "S3",
        "Collège de France",
        "college-de-france.exemple.fr",
        what="bare domain 301 → www; rel=me + fediverse:creator; verified field",
    ),
    WorldInstitution(
        "S4",
        "Musée Exemple",
        "musee-exemple.fr",
        what="only X/Facebook/Instagram; lookalikes on the mock and Bluesky",
    ),
    WorldInstitution("S5", "Mairie Absente", "mairie-absente.fr", what="only X; nothing anywhere"),
    WorldInstitution(
        "S7", "Labo Dormant", "labo-dormant.fr", what="plain link to an account silent for two years"
    ),
    WorldInstitution(
        "S9",
        "Université Fédérée",
        "univ-federee.fr",
        what="its own instance (WebFinger 301 + host-meta), registrations closed",
    ),
)

# ---- web domains ------------------------------------------------------------------------------------------
ATPROTO_DOMAINS = (
    "univ-exemple.fr",
    "www.univ-exemple.fr",
    "wellknown-exemple.fr",
    "absent-exemple.fr",
    "impostor-exemple.fr",
    "conflict-exemple.fr",
    "dnsfail-exemple.fr",
    "dnsdrop-exemple.fr",
    "broken-did.exemple.fr",
    "goodweb.exemple.fr",
    "brokenjson.exemple.fr",
)
MASTODON_DOMAINS = (
    "sciences-exemple.fr",
    "social.sciences-exemple.fr",
    "hostmeta-exemple.fr",
    "masto.hostmeta-exemple.fr",
    "locked.exemple.fr",
    "lockedall.exemple.fr",
    "ratelimited.exemple.fr",
    "throttled.exemple.fr",
    "slow.exemple.fr",
    "down.exemple.fr",
    "moved.exemple.fr",
    "univ-federee.fr",
    "social.univ-federee.fr",
)
INSTITUTION_DOMAINS = (  # homepages of the check scenarios (univ-exemple.fr and univ-federee.fr above)
    "institut-exemple.fr",
    "college-de-france.exemple.fr",
    "musee-exemple.fr",
    "mairie-absente.fr",
    "labo-dormant.fr",
)
OTHER_DOMAINS = (
    "www.college-de-france.exemple.fr",
    "bigpage.exemple.fr",
    "loop.exemple.fr",
    BRIDGY_FED_HOST,
    WIKIDATA_HOST,  # the Wikidata query service's stand-in (testnet.wikidata)
)
WEB_DOMAINS: tuple[str, ...] = ATPROTO_DOMAINS + MASTODON_DOMAINS + INSTITUTION_DOMAINS + OTHER_DOMAINS

_HTML = {"Content-Type": "text/html; charset=utf-8"}
_TEXT = {"Content-Type": "text/plain; charset=utf-8"}
_JSON = {"Content-Type": "application/json; charset=utf-8"}
_EXAMPLE_KEY = "zQ3shXjHeiBuRCKmM36cuYnm7YEMzhGnCmCyW92sRJ9pribSF"  # a syntactically valid Multikey


def _page(title: str, body: str) -> Response:
    return Response(
        200,
        _HTML,
        f'<!DOCTYPE html>\n<html lang="fr"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f"</head>\n<body>\n<h1>{html.escape(title)}</h1>\n{body}\n</body></html>\n",
    )


def _did_web(host: str, pds_url: str) -> dict[str, Any]:
    did = f"did:web:{host}"
    return {
        "@context": [
            "https://www.w3.org/ns/did/v1",
            "https://w3id.org/security/multikey/v1",
            "https://w3id.org/security/suites/secp256k1-2019/v1",
        ],
        "id": did,
        "alsoKnownAs": [f"at://{host}"],
        "verificationMethod": [
            {
                "id": f"{did}#atproto",
                "type": "Multikey",
                "controller": did,
                "publicKeyMultibase": _EXAMPLE_KEY,
            }
        ],
        "service": [{"id": "#atproto_pds", "type": "AtprotoPersonalDataServer", "serviceEndpoint": pds_url}],
    }


def _day(days_ago: int) -> dt.date:
    return dt.datetime.now(dt.UTC).date() - dt.timedelta(days=days_ago)


def _statuses(texts: list[str], last: dt.date) -> tuple[MastodonStatusSpec, ...]:
    return tuple(
        MastodonStatusSpec(text, f"{(last - dt.timedelta(days=i)).isoformat()}T09:30:00.000Z")
        for i, text in enumerate(texts)
    )


def _site_accounts() -> dict[str, list[MastodonAccountSpec]]:
    recent, dormant = _day(2), _day(730)
    cdf_url = "https://www.college-de-france.exemple.fr/"
    return {
        "social.sciences-exemple.fr": [
            MastodonAccountSpec(
                username="collegedefrance",
                display_name="Collège de France",
                note="<p>Compte officiel du Collège de France. Enseignement et recherche depuis 1530.</p>",
                fields=(
                    link_field("Site", cdf_url, "2025-01-15T10:20:30.123+00:00"),
                    MastodonField("Fondation", "1530"),
                ),
                followers_count=12345,
                following_count=87,
                statuses_count=2345,
                last_status_at=recent.isoformat(),
                created_at="2022-11-07T00:00:00.000Z",
                statuses=_statuses(["Leçon inaugurale ce soir.", "Nouveau cycle de conférences."], recent),
            )
        ],
        "masto.hostmeta-exemple.fr": [
            MastodonAccountSpec(
                username="labo",
                display_name="Laboratoire Exemple",
                note="<p>Unité de recherche.</p>",
                followers_count=310,
                statuses_count=95,
                last_status_at=_day(10).isoformat(),
                statuses=_statuses(["Séminaire jeudi."], _day(10)),
            )
        ],
        "locked.exemple.fr": [
            MastodonAccountSpec(username="comm", display_name="Communication", followers_count=800)
        ],
        "lockedall.exemple.fr": [MastodonAccountSpec(username="comm", display_name="Communication")],
        "ratelimited.exemple.fr": [
            MastodonAccountSpec(
                username="presse",
                display_name="Service de presse",
                followers_count=450,
                statuses_count=60,
                last_status_at=_day(5).isoformat(),
            )
        ],
        "throttled.exemple.fr": [MastodonAccountSpec(username="comm", display_name="Communication")],
        "slow.exemple.fr": [MastodonAccountSpec(username="lent", display_name="Compte lent")],
        "down.exemple.fr": [MastodonAccountSpec(username="panne", display_name="En panne")],
        "moved.exemple.fr": [
            MastodonAccountSpec(
                username="old",
                display_name="Ancien compte",
                note="<p>Nous avons déménagé.</p>",
                followers_count=40,
                statuses_count=200,
                last_status_at=_day(400).isoformat(),
                moved_to="new",
            ),
            MastodonAccountSpec(
                username="new",
                display_name="Nouveau compte",
                followers_count=900,
                statuses_count=30,
                last_status_at=recent.isoformat(),
                statuses=_statuses(["Bienvenue sur notre nouveau compte."], recent),
            ),
            MastodonAccountSpec(
                username="suspended",
                display_name="Compte suspendu",
                note="<p>Ce texte ne doit jamais apparaître.</p>",
                followers_count=3,
                suspended=True,
            ),
            MastodonAccountSpec(
                username="dormant",
                display_name="Compte dormant",
                followers_count=150,
                statuses_count=12,
                last_status_at=dormant.isoformat(),
                created_at="2020-03-01T00:00:00.000Z",
                statuses=_statuses(["Dernier message avant longtemps."], dormant),
            ),
        ],
        "social.univ-federee.fr": [
            MastodonAccountSpec(
                username="univfederee",
                display_name="Université Fédérée",
                note="<p>Compte officiel de l'Université Fédérée, sur sa propre instance.</p>",
                fields=(link_field("Site", "https://univ-federee.fr/", "2024-09-02T08:00:00.000+00:00"),),
                followers_count=2400,
                following_count=35,
                statuses_count=610,
                last_status_at=_day(1).isoformat(),
                created_at="2023-09-01T00:00:00.000Z",
                avatar="https://social.univ-federee.fr/system/accounts/avatars/000/000/001/original/logo.png",
                statuses=_statuses(["Conseil d'administration jeudi.", "Portes ouvertes samedi."], _day(1)),
            )
        ],
    }


# the name that must resolve for quitx to take a negative DNS answer as proof (quitx._http.dns)
DNS_CANARY = "dns-canary.exemple.fr"


def build_world(dns: DnsServer, web: WebServer, atproto: AtprotoState) -> None:
    """Fill the running DNS and web servers with the world (needs the DIDs of the atproto seed)."""
    did = {handle: account.did for handle, account in atproto.accounts.items()}
    univ, wellknown, alice, bob = (
        did["univ-exemple.fr"],
        did["wellknown-exemple.fr"],
        did["alice.test"],
        did["bob.test"],
    )

    # -- DNS
    for host in (*WEB_DOMAINS, MOCK_DOMAIN, DNS_CANARY):
        dns.set_a(host, "127.0.0.1")
    dns.set_txt("univ-exemple.fr", ["v=spf1 -all"])
    dns.set_txt("_atproto.univ-exemple.fr", [f"did={univ}", ["google-site-verification=", "exemple-4f2a9c"]])
    dns.set_txt("_atproto.impostor-exemple.fr", [f"did={alice}"])
    dns.set_txt("_atproto.conflict-exemple.fr", [f"did={alice}", f"did={bob}"])
    dns.set_servfail("_atproto.dnsfail-exemple.fr")
    dns.set_drop("_atproto.dnsdrop-exemple.fr")
    for host in ("goodweb.exemple.fr", "broken-did.exemple.fr", "brokenjson.exemple.fr"):
        dns.set_txt(f"_atproto.{host}", [f"did=did:web:{host}"])

    # -- web: AT Protocol side
    for host in WEB_DOMAINS:
        web.add_host(host)
    serve_wikidata(web)
    web.add_route(
        "univ-exemple.fr",
        "/",
        _page(
            "Université Exemple",
            "<p>Suivez-nous :</p>\n<ul>\n"
            '<li><a rel="me" href="https://social.exemple.fr/@univexemple">Mastodon</a></li>\n'
            '<li><a href="https://bsky.app/profile/univ-exemple.fr">Bluesky</a></li>\n'
            '<li><a href="https://x.com/univexemple">X</a></li>\n'
            '<li><a href="https://www.facebook.com/univexemple">Facebook</a></li>\n</ul>',
        ),
    )
    web.redirect("www.univ-exemple.fr", "/", "https://univ-exemple.fr", 301)
    web.add_route("wellknown-exemple.fr", "/.well-known/atproto-did", Response(200, _TEXT, wellknown))
    web.add_route("wellknown-exemple.fr", "/", _page("Laboratoire Well-Known", "<p>Pas de lien rel=me.</p>"))
    web.add_route("absent-exemple.fr", "/", _page("Absent Exemple", "<p>Ni Mastodon ni Bluesky.</p>"))
    web.add_route(
        "broken-did.exemple.fr",
        "/.well-known/did.json",
        Response(200, _JSON, json.dumps({"ideep": "blah", "zoot": [1, 2, 3]})),
    )
    web.add_route(
        "goodweb.exemple.fr",
        "/.well-known/did.json",
        Response(200, _JSON, json.dumps(_did_web("goodweb.exemple.fr", atproto.pds_url), indent=2)),
    )
    web.add_route("brokenjson.exemple.fr", "/.well-known/did.json", Response(200, _JSON, "{not json"))

    # -- web: Mastodon side
    sites = _site_accounts()
    web.redirect("sciences-exemple.fr", "/.well-known/webfinger", "https://social.sciences-exemple.fr", 301)
    web.add_route(
        "sciences-exemple.fr",
        "/.well-known/host-meta",
        Response(
            200,
            {"Content-Type": "application/xrd+xml; charset=utf-8"},
            host_meta_xml("social.sciences-exemple.fr"),
        ),
    )
    web.add_route("sciences-exemple.fr", "/", _page("Sciences Exemple", "<p>Instance des chercheurs.</p>"))
    mastodon_site(
        web,
        "social.sciences-exemple.fr",
        "sciences-exemple.fr",
        sites["social.sciences-exemple.fr"],
        title="Sciences Exemple",
        description="Instance Mastodon francophone pour la recherche et l'enseignement supérieur.",
        registrations={"enabled": True, "approval_required": True, "reason_required": True},
        rules=["Pas de harcèlement.", "Comptes institutionnels identifiés."],
        contact_email="moderation@sciences-exemple.fr",
        domain_blocks=[("spam.exemple", "suspend", "Spam")],
    )
    web.add_route(
        "www.college-de-france.exemple.fr",
        "/",
        _page(
            "Collège de France",
            '<a rel="me" href="https://social.sciences-exemple.fr/@collegedefrance">Mastodon</a>\n'
            '<meta name="fediverse:creator" content="@collegedefrance@sciences-exemple.fr">',
        ),
    )
    web.add_route("hostmeta-exemple.fr", "/.well-known/webfinger", Response(404, _HTML, b""))
    web.add_route(
        "hostmeta-exemple.fr",
        "/.well-known/host-meta",
        Response(
            200,
            {"Content-Type": "application/xrd+xml; charset=utf-8"},
            host_meta_xml("masto.hostmeta-exemple.fr"),
        ),
    )
    mastodon_site(web, "masto.hostmeta-exemple.fr", "hostmeta-exemple.fr", sites["masto.hostmeta-exemple.fr"])
    for host in (
        "locked.exemple.fr",
        "lockedall.exemple.fr",
        "ratelimited.exemple.fr",
        "throttled.exemple.fr",
        "slow.exemple.fr",
        "down.exemple.fr",
    ):
        mastodon_site(web, host, host, sites[host], title=host)
    mastodon_site(
        web,
        "moved.exemple.fr",
        "moved.exemple.fr",
        sites["moved.exemple.fr"],
        title="moved.exemple.fr",
        domain_blocks=[
            ("bsky.brid.gy", "suspend", "Pas de pont vers Bluesky."),
            ("spam.exemple", "silence", None),
        ],
    )
    web.locked("locked.exemple.fr", "/api/")
    web.locked("lockedall.exemple.fr", "/")
    web.rate_limited("ratelimited.exemple.fr", first_n=1, reset_in=1.0)
    web.always_429("throttled.exemple.fr", reset_in=3600)
    web.slow("slow.exemple.fr", 30.0)
    web.status("down.exemple.fr", 503)

    # -- other websites
    web.big_page("bigpage.exemple.fr", "/", 5 * 1024 * 1024)
    web.redirect_loop("loop.exemple.fr", "/")
    # a Bridgy Fed stand-in: 200 for the bridged fediverse accounts, 404 ("not bridged") for the rest
    web.add_route(BRIDGY_FED_HOST, "/", Response(404, _JSON, json.dumps({"error": "Not found"})), prefix=True)
    for acct in BRIDGED_MASTODON:
        user, host = acct.lstrip("@").split("@")
        web.add_route(
            BRIDGY_FED_HOST,
            f"/ap/{acct}",
            _page(
                f"{acct} · Bridgy Fed",
                f'<p><a href="https://{host}/@{user}">{html.escape(acct)}</a> est relié à Bluesky '
                f"comme <code>{user}.{host}.ap.brid.gy</code>.</p>",
            ),
        )

    _build_institutions(web)


def _build_institutions(web: WebServer) -> None:
    """The homepages (and S9's own instance) of :data:`CHECK_INSTITUTIONS`; S1 is above."""
    sites = _site_accounts()
    # S2: plain links, no rel="me"
    web.add_route(
        "institut-exemple.fr",
        "/",
        _page(
            "Institut Exemple",
            "<p>Retrouvez-nous :</p>\n<ul>\n"
            '<li><a href="https://social.exemple.fr/@institutexemple">Mastodon</a></li>\n'
            '<li><a href="https://x.com/institutexemple">X</a></li>\n</ul>',
        ),
    )
    # S3: the bare domain redirects to www (whose homepage is above)
    web.redirect("college-de-france.exemple.fr", "/", "https://www.college-de-france.exemple.fr", 301)
    # S4: only the big platforms
    web.add_route(
        "musee-exemple.fr",
        "/",
        _page(
            "Musée Exemple",
            "<p>Horaires, expositions, billetterie.</p>\n<ul>\n"
            '<li><a href="https://x.com/museeexemple">X</a></li>\n'
            '<li><a href="https://www.facebook.com/museeexemple">Facebook</a></li>\n'
            '<li><a href="https://www.instagram.com/museeexemple/">Instagram</a></li>\n</ul>',
        ),
    )
    # S5: X, and a share button
    web.add_route(
        "mairie-absente.fr",
        "/",
        _page(
            "Mairie Absente",
            '<p><a href="https://x.com/mairieabsente">Suivez la mairie sur X</a></p>\n'
            '<p><a href="https://twitter.com/intent/tweet?text=Mairie%20Absente&amp;'
            'url=https%3A%2F%2Fmairie-absente.fr%2F">Partager</a></p>',
        ),
    )
    # S7: a plain link to a dormant account
    web.add_route(
        "labo-dormant.fr",
        "/",
        _page(
            "Labo Dormant",
            '<p>Notre compte Mastodon : <a href="https://moved.exemple.fr/@dormant">@dormant</a></p>',
        ),
    )
    # S9: its own instance; handles @…@univ-federee.fr, web host social.univ-federee.fr
    web.add_route(
        "univ-federee.fr",
        "/",
        _page(
            "Université Fédérée",
            '<p><a rel="me" href="https://social.univ-federee.fr/@univfederee">Mastodon</a></p>',
        ),
    )
    web.redirect("univ-federee.fr", "/.well-known/webfinger", "https://social.univ-federee.fr", 301)
    web.add_route(
        "univ-federee.fr",
        "/.well-known/host-meta",
        Response(
            200,
            {"Content-Type": "application/xrd+xml; charset=utf-8"},
            host_meta_xml("social.univ-federee.fr"),
        ),
    )
    mastodon_site(
        web,
        "social.univ-federee.fr",
        "univ-federee.fr",
        sites["social.univ-federee.fr"],
        title="Université Fédérée",
        description="L'instance Mastodon de l'Université Fédérée, pour ses services et ses laboratoires.",
        registrations={"enabled": False, "message": "<p>Réservé aux personnels de l'université.</p>"},
        contact_email="numerique@univ-federee.fr",
        contact_username="univfederee",
    )


def host_map(web: WebServer, mastodon_mock: MastodonMock, atproto: AtprotoState) -> dict[str, str]:
    """quitx's ``host_map`` for the world: every web domain → the web server, the mock's domain
    → the mock, ``*.test`` → the PDS (which answers ``/.well-known/atproto-did`` for its handles)."""
    mapping = dict.fromkeys(WEB_DOMAINS, web.base_url)
    mapping[MOCK_DOMAIN] = mastodon_mock.base_url
    mapping["*.test"] = atproto.pds_url
    return mapping
