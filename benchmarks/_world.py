"""A seeded synthetic corpus of N institutions, and the local servers that play their world.

Who is where (fractions are of the corpus, drawn with the seed):

- websites: ~90 % of the domains exist (a homepage of ``page_kb`` kB with navigation filler, the
  usual X/Facebook/YouTube links and, sometimes, links to its Mastodon and Bluesky accounts, half of
  the Mastodon ones ``rel="me"``); the others do not exist at all (DNS NXDOMAIN);
- Mastodon (~40 %): mostly on the two configured instances (username = quitx's first candidate, or
  another one that only the instance's search or a website link can find), some on other instances
  (found only through a website link), a few on a server of their own (``social.<domain>``);
- Bluesky (~45 %): a domain handle (DNS TXT ``_atproto.<domain>`` or HTTPS well-known), a
  ``<label>.bsky.social`` handle, or another handle only search or a link can find;
- fan accounts for ~5 % (they match the name: quitx must list them as mere candidates);
- the rest are on neither network.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from testnet.web import MastodonAccountSpec, RequestInfo, Response, _Site, link_field
from testnet.world import DNS_CANARY

from quitx.models import Institution
from quitx.presence.names import acronym, bluesky_labels, fold, mastodon_usernames

from ._servers import BenchDns, BenchHttp, Site, json_resp, mastodon_handler, not_found_html

CONFIGURED = ("piaille-exemple.fr", "social.numerique-exemple.gouv.fr")
OTHERS = ("mastodon-exemple.social", "mamot-exemple.fr", "sciences-exemple.re", "social.sup-exemple.fr")
PDS = "https://morille.us-east.host.bsky-exemple.network"

_CITIES = [
    "Rennes",
    "Nantes",
    "Lyon",
    "Lille",
    "Brest",
    "Angers",
    "Tours",
    "Poitiers",
    "Limoges",
    "Dijon",
    "Besancon",
    "Grenoble",
    "Chambery",
    "Annecy",
    "Valence",
    "Nimes",
    "Montpellier",
    "Perpignan",
    "Toulouse",
    "Pau",
    "Bayonne",
    "Bordeaux",
    "Agen",
    "Cahors",
    "Rodez",
    "Albi",
    "Aurillac",
    "Clermont",
    "Vichy",
    "Moulins",
    "Nevers",
    "Bourges",
    "Orleans",
    "Blois",
    "Chartres",
    "Evreux",
    "Rouen",
    "Caen",
    "Cherbourg",
    "Vannes",
    "Lorient",
    "Quimper",
    "Morlaix",
    "Lannion",
    "Laval",
    "Mans",
    "Alencon",
    "Amiens",
    "Beauvais",
    "Compiegne",
    "Laon",
    "Reims",
    "Troyes",
    "Chaumont",
    "Metz",
    "Nancy",
    "Epinal",
    "Colmar",
    "Mulhouse",
    "Strasbourg",
    "Belfort",
    "Macon",
    "Auxerre",
    "Sens",
    "Melun",
    "Evry",
    "Creteil",
    "Versailles",
    "Nanterre",
    "Bobigny",
    "Pontoise",
    "Marseille",
    "Toulon",
    "Nice",
    "Cannes",
    "Antibes",
    "Avignon",
    "Arles",
    "Gap",
    "Digne",
    "Ajaccio",
    "Bastia",
    "Tarbes",
    "Auch",
    "Mende",
    "Privas",
    "Annonay",
    "Roanne",
    "Vienne",
    "Bourg",
    "Saintes",
    "Niort",
    "Angouleme",
    "Perigueux",
]
_PEOPLE = [
    "Victor-Hugo",
    "Jean-Jaures",
    "Marie-Curie",
    "Jules-Ferry",
    "Louise-Michel",
    "Jean-Moulin",
    "Simone-Veil",
    "Colette",
]
_TOPICS = ("Numerique", "Biodiversite", "Patrimoine", "Sciences", "Sante", "Culture", "Mer", "Climat")


@dataclass
class Inst:
    index: int
    name: str
    domain: str
    kind: str
    site: bool  # the domain exists and serves a homepage
    m_host: str | None = None  # the Mastodon web host (== handle domain here)
    m_user: str | None = None
    m_display: str = ""
    m_link: bool = False
    m_rel_me: bool = False
    m_expected: bool = False  # quitx should find it
    b_handle: str | None = None
    b_did: str | None = None
    b_method: str | None = None  # dns | well-known | bsky-candidate | bsky-other
    b_link: bool = False
    b_expected: bool = False
    fan: bool = False

    def institution(self) -> Institution:
        return Institution(name=self.name, domain=self.domain, kind=self.kind)


def _slug(text: str) -> str:
    return "-".join(fold(text).replace("'", " ").split()).lower()


def _names(rng: random.Random) -> Iterator[tuple[str, str, str]]:
    """(name, domain stem, kind), endlessly, unique."""
    templates = [
        ("Université de {c}", "univ-{c}", "research"),
        ("Institut de recherche en {t} de {c}", "ir{t0}-{c}", "research"),
        ("Laboratoire {t} {c}", "labo-{t}-{c}", "research"),
        ("Mairie de {c}", "mairie-{c}", "local_government"),
        ("Communauté d'agglomération de {c}", "agglo-{c}", "local_government"),
        ("Conseil départemental de {c}", "cd-{c}", "local_government"),
        ("Préfecture de {c}", "prefecture-{c}", "public_administration"),
        ("Centre hospitalier de {c}", "ch-{c}", "public_administration"),
        ("Bibliothèque municipale de {c}", "bm-{c}", "public_administration"),
        ("Musée des beaux-arts de {c}", "mba-{c}", "association"),
        ("Association {t} {c}", "asso-{t}-{c}", "association"),
        ("Lycée {p} de {c}", "lycee-{p}-{c}", "school"),
        ("Collège {p} {c}", "college-{p}-{c}", "school"),
        ("Radio {c}", "radio-{c}", "media"),
        ("Le Journal de {c}", "journal-{c}", "media"),
    ]
    seen: set[str] = set()
    n = 0
    while True:
        text, stem, kind = rng.choice(templates)
        c, t, p = rng.choice(_CITIES), rng.choice(_TOPICS), rng.choice(_PEOPLE)
        name = text.format(c=c, t=t, p=p.replace("-", " "))
        dom = stem.format(c=_slug(c), t=_slug(t), t0=_slug(t)[0], p=_slug(p))
        k = 2
        base_name, base_dom = name, dom
        while dom in seen:
            name, dom = f"{base_name} {k}", f"{base_dom}{k}"
            k += 1
        seen.add(dom)
        n += 1
        yield name, dom, kind


def _did(seed: int, index: int, tag: str) -> str:
    digest = hashlib.sha256(f"{seed}:{index}:{tag}".encode()).digest()
    alphabet = "abcdefghijklmnopqrstuvwxyz234567"
    return "did:plc:" + "".join(alphabet[b % 32] for b in digest[:24])


def generate(n: int, seed: int) -> list[Inst]:
    rng = random.Random(seed)
    names = _names(rng)
    out: list[Inst] = []
    for i in range(n):
        name, stem, kind = next(names)
        tld = rng.choices([".fr", ".org", ".eu", ".gouv.fr"], [70, 15, 10, 5])[0]
        inst = Inst(i, name, stem + tld, kind, site=rng.random() < 0.9)
        probe = inst.institution()
        users = mastodon_usernames(probe)
        labels = bluesky_labels(probe)
        short = acronym(name) or users[0]
        # ---- Mastodon
        r = rng.random()
        if r < 0.40:
            where = rng.random()
            display = name if rng.random() < 0.85 else short.upper()
            if where < 0.70:
                inst.m_host = rng.choice(CONFIGURED)
                inst.m_user = users[0] if rng.random() < 0.7 else (users[0][:22] + "_officiel")
            elif where < 0.90:
                inst.m_host = rng.choice(OTHERS)
                inst.m_user = users[0]
            elif inst.site:
                inst.m_host = "social." + inst.domain
                inst.m_user = users[0]
            else:
                inst.m_host = rng.choice(CONFIGURED)
                inst.m_user = users[0]
            inst.m_display = display
            inst.m_link = inst.site and rng.random() < 0.6
            inst.m_rel_me = inst.m_link and rng.random() < 0.5
            on_configured = inst.m_host in CONFIGURED
            own = inst.m_host.startswith("social.") and inst.m_host.endswith(inst.domain)
            findable = inst.m_user in users or (display == name)
            inst.m_expected = inst.m_link or own or (on_configured and findable)
        # ---- Bluesky
        r = rng.random()
        if r < 0.45:
            inst.b_did = _did(seed, i, "bsky")
            kind_r = rng.random()
            if kind_r < 0.40 and inst.site:
                inst.b_handle = inst.domain
                inst.b_method = "dns" if rng.random() < 0.6 else "well-known"
            elif kind_r < 0.85 and labels:
                inst.b_handle = f"{labels[0]}.bsky.social"
                inst.b_method = "bsky-candidate"
            else:
                inst.b_handle = f"{(labels[0] if labels else 'inst')[:40]}-officiel.bsky.social"
                inst.b_method = "bsky-other"
            inst.b_link = inst.site and rng.random() < 0.5
            inst.b_expected = True  # search by name finds every one here (display name = the name)
        inst.fan = rng.random() < 0.05
        out.append(inst)
    return out


# --------------------------------------------------------------------------------------------------
# serving the world
# --------------------------------------------------------------------------------------------------


def _date(rng: random.Random, today: dt.date) -> str | None:
    r = rng.random()
    if r < 0.70:
        return (today - dt.timedelta(days=rng.randint(0, 60))).isoformat()
    if r < 0.90:
        return (today - dt.timedelta(days=rng.randint(200, 900))).isoformat()
    return None


_FILLER_ITEM = '<li><a href="/actualites/{k}">Actualité numéro {k} : les rendez-vous de la semaine</a></li>\n'


def homepage(inst: Inst, page_kb: int) -> bytes:
    label = inst.domain.split(".")[0]
    social: list[str] = [
        f'<a href="https://twitter.com/{label.replace("-", "")[:15]}">X</a>',
        f'<a href="https://www.facebook.com/{label}">Facebook</a>',
        f'<a href="https://www.youtube.com/@{label}">YouTube</a>',
        '<a href="https://twitter.com/intent/tweet?text=partager">Partager</a>',
    ]
    if inst.m_link and inst.m_host and inst.m_user:
        rel = ' rel="me"' if inst.m_rel_me else ""
        social.append(f'<a{rel} href="https://{inst.m_host}/@{inst.m_user}">Mastodon</a>')
    if inst.b_link and inst.b_handle:
        social.append(f'<a href="https://bsky.app/profile/{inst.b_handle}">Bluesky</a>')
    head = (
        f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>{inst.name}</title></head>'
        f"<body><header><h1>{inst.name}</h1><nav><ul>\n"
    )
    tail = f"</ul></nav><footer>{' '.join(social)}</footer></body></html>\n"
    items: list[str] = []
    size = len(head) + len(tail)
    k = 0
    while size < page_kb * 1024:
        item = _FILLER_ITEM.format(k=k)
        items.append(item)
        size += len(item)
        k += 1
    return (head + "".join(items) + tail).encode()


@dataclass
class World:
    insts: list[Inst]
    http: BenchHttp
    dns: BenchDns
    settings: dict[str, Any]
    ports: dict[str, int] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def stop(self) -> None:
        self.http.stop()
        self.dns.stop()

    def write_corpus(self, path: Path, sample: int | None = None) -> None:
        """Every institution, or a systematic sample of ``sample`` spread over the whole corpus
        (every k-th: the first ones are not representative of a seeded corpus's mix)."""
        insts = self.insts
        if sample is not None and 0 < sample < len(insts):
            step = len(insts) / sample
            insts = [insts[int(i * step)] for i in range(sample)]
        with path.open("w", encoding="utf-8") as f:
            for inst in insts:
                f.write(json.dumps(asdict(inst), ensure_ascii=False) + "\n")


def build(insts: list[Inst], *, seed: int, latency: float, rate: tuple[int, float], page_kb: int) -> World:
    rng = random.Random(seed + 1)
    today = dt.date.today()
    http = BenchHttp(latency)
    dns = BenchDns()
    created = "2023-03-01T09:00:00.000Z"

    # ---- Mastodon instances
    per_host: dict[str, list[MastodonAccountSpec]] = {h: [] for h in CONFIGURED + OTHERS}
    for inst in insts:
        if inst.m_host and inst.m_user:
            fields = ()
            if rng.random() < 0.5:
                verified = "2025-01-01T00:00:00.000+00:00" if rng.random() < 0.6 else None
                fields = (link_field("Site", f"https://{inst.domain}/", verified),)
            spec = MastodonAccountSpec(
                username=inst.m_user,
                display_name=inst.m_display,
                note=f"<p>Compte officiel de {inst.name}</p>",
                fields=fields,
                followers_count=rng.randint(10, 20000),
                statuses_count=rng.randint(0, 3000),
                last_status_at=_date(rng, today),
                created_at=created,
                avatar=f"https://{inst.m_host}/system/accounts/avatars/{inst.index}.png",
            )
            per_host.setdefault(inst.m_host, []).append(spec)
        if inst.fan:
            per_host[CONFIGURED[0]].append(
                MastodonAccountSpec(
                    username=f"fans_{inst.index}",
                    display_name=f"Fans de {inst.name}",
                    created_at=created,
                    statuses_count=3,
                    last_status_at=_date(rng, today),
                )
            )
    # ordinary people, so that searches and instances are not only institutions
    for host in CONFIGURED + OTHERS:
        for k in range(200):
            per_host[host].append(
                MastodonAccountSpec(username=f"user{k}", display_name=f"Personne {k}", created_at=created)
            )

    instance_sites: list[Site] = []
    for host in CONFIGURED + OTHERS:
        accounts = per_host[host]
        site = _Site(
            host,
            host,
            accounts,
            title=host,
            description="",
            registrations={"enabled": host != CONFIGURED[1], "approval_required": host == CONFIGURED[0]},
            rules=["Soyez courtois"],
            languages=["fr"],
            contact_email=f"admin@{host}",
            contact_username=None,
            limited_federation=False,
            domain_blocks=[("brid.gy", "suspend", None)] if host == OTHERS[0] else None,
        )
        s = Site(host, mastodon_handler(site), limit_prefix="/api/", limit_style="mastodon", rate=rate)
        http.add_site(s, "mastodon")
        instance_sites.append(s)
        dns.set_a(host)

    # ---- Bluesky: profiles, DID documents, handles
    profiles: dict[str, dict[str, Any]] = {}
    handle_to_did: dict[str, str] = {}
    feeds: dict[str, str | None] = {}
    docs: dict[str, dict[str, Any]] = {}
    wellknown_domain: dict[str, str] = {}
    bsky_social: dict[str, str] = {}
    bridged: set[str] = set()

    def add_bsky(did: str, handle: str, display: str, method: str) -> None:
        profiles[did] = {
            "did": did,
            "handle": handle,
            "displayName": display,
            "description": f"Compte de {display}",
            "avatar": f"https://cdn.bsky-exemple.app/img/avatar/plain/{did}/a@jpeg",
            "followersCount": rng.randint(5, 30000),
            "followsCount": rng.randint(0, 500),
            "postsCount": rng.randint(0, 4000),
            "createdAt": "2024-02-01T10:00:00.000Z",
            "indexedAt": "2024-02-01T10:00:00.000Z",
            "labels": [],
        }
        handle_to_did[handle] = did
        feeds[did] = _date(rng, today)
        docs[did] = {
            "@context": [
                "https://www.w3.org/ns/did/v1",
                "https://w3id.org/security/multikey/v1",
                "https://w3id.org/security/suites/secp256k1-2019/v1",
            ],
            "id": did,
            "alsoKnownAs": [f"at://{handle}"],
            "verificationMethod": [
                {
                    "id": f"{did}#atproto",
                    "type": "Multikey",
                    "controller": did,
                    "publicKeyMultibase": "zQ3shXjHeiBuRCKmM36cuYnm7YEMzhGnCmCyW92sRJ9pribSF",
                }
            ],
            "service": [{"id": "#atproto_pds", "type": "AtprotoPersonalDataServer", "serviceEndpoint": PDS}],
        }
        if method == "dns":
            dns.set_txt(f"_atproto.{handle}", f"did={did}")
        elif method == "well-known":
            wellknown_domain[handle] = did
        else:
            bsky_social[handle] = did
        if rng.random() < 0.05:
            bridged.add(handle)

    for inst in insts:
        if inst.b_did and inst.b_handle and inst.b_method:
            add_bsky(inst.b_did, inst.b_handle, inst.name, inst.b_method)
        if inst.fan:
            add_bsky(
                _did(seed, inst.index, "fan"), f"amis-{inst.index}.bsky.social", f"Amis de {inst.name}", "x"
            )
    for inst in insts:
        if inst.m_link and inst.m_host and inst.m_user and rng.random() < 0.05:
            bridged.add(f"{inst.m_user}@{inst.m_host}")

    # a word index for searchActors
    index: dict[str, set[str]] = {}
    for did, p in profiles.items():
        for word in set(fold(p["displayName"]).replace("'", " ").replace("-", " ").split()) | {p["handle"]}:
            index.setdefault(word, set()).add(did)

    def search(q: str, limit: int) -> list[dict[str, Any]]:
        words = [w for w in fold(q).replace("'", " ").replace("-", " ").split() if w]
        if not words:
            return []
        sets = sorted((index.get(w, set()) for w in words), key=len)
        hits = set(sets[0]).intersection(*sets[1:]) if sets else set()
        return [profiles[d] for d in sorted(hits)][:limit]

    def profile_view(did: str) -> dict[str, Any]:
        p = dict(profiles[did])
        p.pop("description", None)
        return p

    def xrpc_error(status: int, error: str, message: str) -> Response:
        return json_resp(status, {"error": error, "message": message})

    def appview(req: RequestInfo) -> Response:
        method = req.path.removeprefix("/xrpc/")
        if method == "app.bsky.actor.getProfile":
            actor = (req.arg("actor") or "").lower()
            did = actor if actor.startswith("did:") else handle_to_did.get(actor)
            if did is None or did not in profiles:
                return xrpc_error(400, "InvalidRequest", "Profile not found")
            return json_resp(200, profiles[did])
        if method == "app.bsky.actor.getProfiles":
            actors = req.query.get("actors", [])
            if len(actors) > 25:
                return xrpc_error(400, "InvalidRequest", "Error: actors must not have more than 25 elements")
            out = []
            for actor in actors:
                a = actor.lower()
                did = a if a.startswith("did:") else handle_to_did.get(a)
                if did in profiles:
                    out.append(profiles[did])
            return json_resp(200, {"profiles": out})
        if method == "app.bsky.actor.searchActors":
            try:
                limit = max(1, min(100, int(req.arg("limit") or 25)))
            except ValueError:
                limit = 25
            return json_resp(
                200, {"actors": [profile_view(d["did"]) for d in search(req.arg("q") or "", limit)]}
            )
        if method == "app.bsky.feed.getAuthorFeed":
            actor = (req.arg("actor") or "").lower()
            did = actor if actor.startswith("did:") else handle_to_did.get(actor)
            if did is None or did not in profiles:
                return xrpc_error(400, "InvalidRequest", "Profile not found")
            when = feeds.get(did)
            if when is None:
                return json_resp(200, {"feed": []})
            stamp = f"{when}T12:00:00.000Z"
            post = {
                "uri": f"at://{did}/app.bsky.feed.post/3kabc",
                "cid": "bafyreib2rxk3rh6kzwq",
                "author": profile_view(did),
                "record": {"$type": "app.bsky.feed.post", "text": "Bonjour", "createdAt": stamp},
                "indexedAt": stamp,
            }
            return json_resp(200, {"feed": [{"post": post}], "cursor": stamp})
        if method == "com.atproto.identity.resolveHandle":
            did = handle_to_did.get((req.arg("handle") or "").lower())
            if did is None:
                return xrpc_error(400, "InvalidRequest", "Unable to resolve handle")
            return json_resp(200, {"did": did})
        return xrpc_error(501, "MethodNotImplemented", "Method Not Implemented")

    def plc(req: RequestInfo) -> Response:
        did = req.path.lstrip("/")
        doc = docs.get(did)
        if doc is None:
            return json_resp(404, {"message": f"DID not registered: {did}"})
        return json_resp(200, doc, {"Content-Type": "application/did+ld+json; charset=utf-8"})

    def entryway(req: RequestInfo) -> Response:
        if req.path == "/.well-known/atproto-did":
            did = bsky_social.get(req.host)
            if did is not None:
                return Response(200, {"Content-Type": "text/plain; charset=utf-8"}, did.encode())
            return Response(404, {"Content-Type": "text/plain; charset=utf-8"}, b"User not found")
        return not_found_html()

    def bridgy(req: RequestInfo) -> Response:
        p = req.path
        who = p.removeprefix("/ap/@") if p.startswith("/ap/@") else p.removeprefix("/bsky/")
        if who in bridged:
            return Response(
                200, {"Content-Type": "text/html; charset=utf-8"}, b"<html><body>bridged</body></html>"
            )
        return Response(
            404, {"Content-Type": "text/html; charset=utf-8"}, b"<html><body>Not found</body></html>"
        )

    # ---- websites (generated on demand: 10,000 pages of 30 kB are not kept in memory)
    by_domain = {inst.domain: inst for inst in insts if inst.site}

    def website(req: RequestInfo) -> Response:
        inst = by_domain.get(req.host)
        if inst is None:
            return not_found_html()
        if req.path == "/":
            return Response(
                200,
                {"Content-Type": "text/html; charset=utf-8", "Cache-Control": "public, max-age=600"},
                homepage(inst, page_kb),
            )
        if req.path == "/.well-known/atproto-did" and inst.domain in wellknown_domain:
            return Response(200, {"Content-Type": "text/plain"}, wellknown_domain[inst.domain].encode())
        return not_found_html()

    appview_site = Site(
        "appview", appview, limit_prefix="/xrpc/", limit_style="bluesky", rate=(rate[0] * 10, rate[1])
    )  # Bluesky: 3000 per 5 min, scaled like Mastodon's
    plc_site = Site("plc", plc)
    bridgy_site = Site("bridgy-fed", bridgy)
    entry_site = Site("bsky.social", entryway)
    http.add_site(appview_site, "appview")
    http.add_site(plc_site, "plc")
    http.add_site(bridgy_site, "bridgy")
    http.add_suffix_site(".bsky.social", entry_site, "bsky.social")
    web_site = Site("websites", website)
    http.kinds["websites"] = "website"
    for inst in insts:
        if inst.site:
            http.sites[inst.domain] = Site(inst.domain, website)
            http.kinds[inst.domain] = "website"
            dns.set_a(inst.domain)
    own = [i for i in insts if i.m_host and i.m_host.startswith("social.") and i.m_host.endswith(i.domain)]
    for inst in own:
        assert inst.m_host is not None
        site = _Site(inst.m_host, inst.m_host, per_host[inst.m_host], title=inst.name, languages=["fr"])
        http.add_site(Site(inst.m_host, mastodon_handler(site), "/api/", "mastodon", rate), "mastodon-own")
        dns.set_a(inst.m_host)
    dns.set_a("bsky.social")
    dns.set_a(DNS_CANARY)  # its negative answers are proof only once the canary resolves (quitx._http.dns)

    dns.start()
    dns.freeze()
    # listeners: websites and mapped hosts share one; the instances, AppView, PLC, Bridgy Fed have
    # their own so that the naive SDK script can use them by base URL without a Host header
    defaults: list[Site | None] = [web_site, appview_site, plc_site, bridgy_site, entry_site, *instance_sites]
    ports = http.start(defaults)
    web_port, appview_port, plc_port, bridgy_port, entry_port = ports[:5]
    port_of = {
        "web": web_port,
        "appview": appview_port,
        "plc": plc_port,
        "bridgy": bridgy_port,
        "entry": entry_port,
    }
    host_map: dict[str, str] = {}
    for site, port in zip(instance_sites, ports[5:], strict=True):
        host_map[site.name] = f"http://127.0.0.1:{port}"
        port_of[site.name] = port
    for inst in insts:
        if inst.site:
            host_map[inst.domain] = f"http://127.0.0.1:{web_port}"
    for inst in own:
        assert inst.m_host is not None
        host_map[inst.m_host] = f"http://127.0.0.1:{web_port}"
    host_map["*.bsky.social"] = f"http://127.0.0.1:{entry_port}"
    settings = {
        "appview_url": f"http://127.0.0.1:{appview_port}",
        "plc_url": f"http://127.0.0.1:{plc_port}",
        "bridgy_fed_url": f"http://127.0.0.1:{bridgy_port}",
        "dns_nameservers": [{"address": "127.0.0.1", "port": dns.port}],
        "dns_canary": DNS_CANARY,
        "host_map": host_map,
        "only_mapped_hosts": True,
        "instances": list(CONFIGURED),
        "bluesky_handle_suffixes": ["bsky.social"],
    }
    counts = {
        "mastodon_accounts": sum(1 for i in insts if i.m_user),
        "bluesky_accounts": sum(1 for i in insts if i.b_did),
        "websites": len(by_domain),
        "profiles": len(profiles),
    }
    return World(insts, http, dns, settings, port_of, counts)
