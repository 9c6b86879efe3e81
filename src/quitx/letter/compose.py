"""The letter as a `quitx.doc.Document`: content blocks, sourced claims, and what the
presence check found.

The letter is a sequence of blocks, each a template file under ``content/<language>/``
(``<block>.<sector>.md`` falling back to ``<block>.md``; the subject is ``subject.txt``). A user
template directory overrides any of them by file name, in ``<dir>/<language>/`` or ``<dir>/``. The
templates are parsed before values are put in, so everything that comes from outside — the
institution's name, handles and display names from the report — stays inert text.

The status sentences are built here because they follow the report closely: an account found is
described with its facts, a verdict ``absent`` is worded "we found no account", an ``unknown`` one
"we could not check", and no report at all "we did not check". Absence is never claimed where the
check was not conclusive.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..doc import (
    Block,
    Bullets,
    Code,
    Document,
    Heading,
    Inline,
    Link,
    Paragraph,
    Text,
    Value,
    parse,
    plain,
)
from ..errors import TemplateError
from ..i18n import Lang, Language
from ..i18n.common import NO_USABLE_ANSWER, REASONS, REGISTRATIONS
from ..i18n.english import english_name
from ..i18n.formats import format_date, format_number, singular
from ..i18n.french import FrenchName, capitalize, french_name, sender_agreement
from ..known_instances import CATALOGUE
from ..models import (
    JOINING,
    LEAVING,
    Activity,
    Attempt,
    BlueskyAccount,
    Confidence,
    FoundAccount,
    Institution,
    InstitutionKind,
    MastodonAccount,
    Platform,
    PlatformVerdict,
    Reason,
    Report,
    Verdict,
)
from .claims import Claim, Topic, load_claims, select

__all__ = ["BLOCKS", "LetterOptions", "Sender", "compose_letter"]

# the letter's blocks, in order; "extra" (the user's paragraphs) and the plan are not files
BLOCKS: tuple[str, ...] = (
    "greeting",
    "opening",
    "precedents",
    "meta",
    "status",
    "alternatives",
    "own_instance",
    "movement",
    "ask",
    "closing",
    "signature",
)

# blocks that only make sense with at least one claim of their topic
_NEEDS_CLAIMS: Mapping[str, Topic] = {"precedents": Topic.X_EXIT, "meta": Topic.META}


class Sender(BaseModel):
    """Who signs the letter. ``role_m``/``role_f``: the role in each gender ("permanent" /
    "permanente"); the one matching ``gender`` is used, an inclusive form for ``"n"``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str | None = None
    gender: Literal["m", "f", "n"] = "n"
    role_m: str | None = None
    role_f: str | None = None
    email: str | None = None


class LetterOptions(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    language: Language = "fr"
    sector: InstitutionKind | None = None  # None: the institution's kind
    date: dt.date = Field(default_factory=dt.date.today)
    include_unverified: bool = False
    extra_paragraphs: tuple[str, ...] = ()  # the user's own markup, put before the ask
    template_dir: Path | None = None
    # overrides for the French forms of the institution's name (see i18n.french.french_name)
    article: str | None = None
    gender: Literal["m", "f"] | None = None
    plural: bool | None = None
    to_email: str | None = None
    from_email: str | None = None


_SPACES = re.compile(r"  +")  # ASCII spaces only: no-break spaces are typography


# --- templates ------------------------------------------------------------------------------------


def _read_template(
    name: str, ext: str, *, language: Language, sector: InstitutionKind, user: Path | None
) -> str:
    """The template text: the user's directory first (per language, then flat), then quitx's own;
    in each place the sector's variant before the generic file."""
    names = (f"{name}.{sector.value}.{ext}", f"{name}.{ext}")
    if user is not None:
        for folder in (user / language, user):
            for filename in names:
                path = folder / filename
                if path.is_file():
                    return path.read_text(encoding="utf-8")
    packaged = resources.files("quitx.letter").joinpath("content", language)
    for filename in names:
        resource = packaged.joinpath(filename)
        if resource.is_file():
            return resource.read_text(encoding="utf-8")
    raise FileNotFoundError(f"no template {name}.{ext} for {language}")


def _render(template: str, values: Mapping[str, Value], where: str) -> list[Block]:
    try:
        return _tidy(parse(template, values))
    except TemplateError as exc:  # a user's template with an unknown placeholder: say which one
        raise TemplateError(exc.message, path=where, placeholder=exc.placeholder) from exc


def _spans(template: str, values: Mapping[str, Value]) -> list[Inline]:
    """One sentence from a phrase template; values stay inert. The phrase's leading and trailing
    spaces are kept (the markup trims lines), so that phrases can be glued to their neighbours."""
    out: list[Inline] = []
    if template[:1].isspace():
        out.append(Text(text=" "))
    for block in parse(template, values):
        if isinstance(block, Paragraph):
            out.extend(block.children)
    if template[-1:].isspace():
        out.append(Text(text=" "))
    merged: list[Inline] = []
    for span in out:
        if isinstance(span, Text) and merged and isinstance(merged[-1], Text):
            merged[-1] = Text(text=merged[-1].text + span.text)
        else:
            merged.append(span)
    return merged


def _tidy_spans(spans: Sequence[Inline]) -> tuple[Inline, ...]:
    """Collapse the double spaces an empty placeholder leaves, and trailing spaces."""
    out: list[Inline] = []
    for span in spans:
        if isinstance(span, Text):
            text = _SPACES.sub(" ", span.text)
            if out and isinstance(out[-1], Text) and out[-1].text.endswith(" ") and text.startswith(" "):
                text = text[1:]
            out.append(Text(text=text))
        else:
            out.append(span)
    if out and isinstance(out[-1], Text):
        out[-1] = Text(text=out[-1].text.rstrip(" "))
    return tuple(span for span in out if not (isinstance(span, Text) and not span.text))


def _tidy(blocks: Sequence[Block]) -> list[Block]:
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            out.append(Paragraph(children=_tidy_spans(block.children)))
        elif isinstance(block, Bullets):
            out.append(Bullets(items=tuple(_tidy_spans(item) for item in block.items)))
        else:
            out.append(block)
    return out


def _has_content(blocks: Sequence[Block]) -> bool:
    return any(isinstance(b, Paragraph | Bullets | Code) for b in blocks)


# --- phrases for the status (code, because each depends on the report's facts) ------------------

_PHRASES: Mapping[Language, Mapping[str, str]] = {
    "fr": {
        "intro_checked": "D’après une vérification faite le ${checked} :",
        "intro_offline": "Cette lettre a été préparée sans vérification en ligne :",
        "offline_accounts": "nous n’avons pas vérifié l’existence d’un compte ${name_de} "
        "sur Mastodon ou sur Bluesky.",
        "offline_site": "nous n’avons pas vérifié vers quels réseaux renvoie notre site (${site}).",
        "has": "${Name_le} ${dispose} déjà d’un compte ${network}, ${handle}${details}.",
        "has_also": "${Name_le} ${dispose} aussi d’un compte ${network}, ${handle}${details}.",
        "candidate": "un compte ${network} ${handle}${display} porte son nom, mais rien ne le relie "
        "${name_a} : ce peut être un compte tiers, voire une usurpation.",
        "display": " (« ${display_name} »)",
        "absent_both": "nous n’avons trouvé aucun compte ${name_de} ni sur Mastodon ni sur Bluesky.",
        "absent": "nous n’avons trouvé aucun compte ${network} ${name_de}${where}.",
        "where_instances": " (instances consultées : ${instances})",
        "unknown": "nous n’avons pas pu vérifier la présence ${name_de} sur ${network} (${why}).",
        "unknown_partial": "nous n’avons trouvé aucun compte ${name_de} sur ${absent_on}, mais nous "
        "n’avons pas pu vérifier ${unknown_on} (${why}).",
        "unknown_also": "nous n’avons pas pu consulter ${why}.",
        "site_old": "notre site (${site}) renvoie encore vers ${platforms}.",
        "site_new": "notre site renvoie déjà vers ${platforms}.",
        "site_none": "notre page d’accueil (${site}) ne renvoie ni vers X ni vers les réseaux de Meta.",
        "site_unknown": "nous n’avons pas pu lire notre page d’accueil (${site}) pour voir vers quels "
        "réseaux elle renvoie.",
        "verified": "vérifié",
        "linked": "relié depuis notre site",
        "followers_1": "abonné",
        "followers_n": "abonnés",
        "last_post": "dernier message le ${day}",
        "dormant": "sans message depuis le ${day}",
        "never_posted": "aucun message publié",
        "moved": "redirigé vers ${target}",
        "suspended": "suspendu par son serveur",
        "deactivated": "désactivé",
        "blue_check": "avec la coche bleue de Bluesky",
        "bridged": "visible sur ${other} sous ${bridged_handle}",
        "service": "le service ${reason}",
        "host_reason": "${host} ${reason}",
        "host_which": "${host}, qui ${reason}",
        "inconclusive": "la vérification n’a pas abouti",
        "own_server": "Nous disposons déjà d’un serveur compatible Mastodon, ${host}. ",
        "registrations": " (inscriptions ${mode}, constaté le ${checked})",
        "handle_example_bluesky": " (par exemple @${domain})",
        "handle_example_own": " (par exemple @actualites@${domain})",
        "plan_checked": "à partir de la vérification du ${checked}",
        "plan_offline": "sans vérification en ligne : ses constats sont à confirmer",
        "default_role": "membre du personnel",
        "no_name": "[Prénom Nom]",
    },
    "en": {
        "intro_checked": "According to a check made on ${checked}:",
        "intro_offline": "This letter was prepared without checking online:",
        "offline_accounts": "we did not check whether ${name_the} already has an account on Mastodon "
        "or Bluesky.",
        "offline_site": "we did not check which networks our website (${site}) links to.",
        "has": "${Name_the} already has a ${network} account, ${handle}${details}.",
        "has_also": "${Name_the} also has a ${network} account, ${handle}${details}.",
        "candidate": "a ${network} account ${handle}${display} bears its name, but nothing links it to "
        "${name_the}: it may be a third party’s, or an impersonation.",
        "display": " (“${display_name}”)",
        "absent_both": "we found no account of ${name_the} on either Mastodon or Bluesky.",
        "absent": "we found no ${network} account of ${name_the}${where}.",
        "where_instances": " (instances searched: ${instances})",
        "unknown": "we could not check whether ${name_the} is on ${network} (${why}).",
        "unknown_partial": "we found no account of ${name_the} on ${absent_on}, but could not check "
        "${unknown_on} (${why}).",
        "unknown_also": "we could not search ${why}.",
        "site_old": "our website (${site}) still links to ${platforms}.",
        "site_new": "our website already links to ${platforms}.",
        "site_none": "our homepage (${site}) links neither to X nor to Meta’s networks.",
        "site_unknown": "we could not read our homepage (${site}) to see which networks it links to.",
        "verified": "verified",
        "linked": "linked from our website",
        "followers_1": "follower",
        "followers_n": "followers",
        "last_post": "last post on ${day}",
        "dormant": "no post since ${day}",
        "never_posted": "no post yet",
        "moved": "moved to ${target}",
        "suspended": "suspended by its server",
        "deactivated": "deactivated",
        "blue_check": "with Bluesky’s blue check",
        "bridged": "visible on ${other} as ${bridged_handle}",
        "service": "the service ${reason}",
        "host_reason": "${host} ${reason}",
        "host_which": "${host}, which ${reason}",
        "inconclusive": "the check was inconclusive",
        "own_server": "We already run a Mastodon-compatible server, ${host}. ",
        "registrations": " (registrations ${mode}, as of ${checked})",
        "handle_example_bluesky": " (for example @${domain})",
        "handle_example_own": " (for example @news@${domain})",
        "plan_checked": "from the check of ${checked}",
        "plan_offline": "without checking online: its findings are to be confirmed",
        "default_role": "a member of staff",
        "no_name": "[Your name]",
    },
}


class _Status:
    """The status sentences for one report (or none), in one language."""

    def __init__(
        self,
        report: Report | None,
        institution: Institution,
        language: Language,
        names: Mapping[str, Value],
        fname: FrenchName,
    ) -> None:
        self.report = report
        self.institution = institution
        self.language = language
        self.names = names
        self.fname = fname
        self.phrases = _PHRASES[language]
        self.lang = Lang(language)

    def phrase(self, key: str, **values: Value) -> list[Inline]:
        return _spans(self.phrases[key], {**self.names, **values})

    def reason(self, reason: Reason | None) -> str:
        """What a server did, as a predicate: "ne répondait pas" (a reason unknown: no usable answer)."""
        return self.lang(REASONS[reason].did if reason is not None else NO_USABLE_ANSWER)

    @property
    def checked(self) -> str:
        return format_date(self.report.checked_at.date(), self.language) if self.report else ""

    @property
    def site(self) -> str:
        return (self.report and self.report.website and self.report.website.url) or (
            self.institution.homepage_url or ""
        )

    def intro(self) -> list[Inline]:
        if self.report is None:
            return self.phrase("intro_offline")
        return self.phrase("intro_checked", checked=self.checked)

    def items(self) -> list[list[Inline]]:
        if self.report is None:
            out = [self.phrase("offline_accounts")]
            if self.site:
                out.append(self.phrase("offline_site", site=self.site))
            return [self._capital(item) for item in out]
        report = self.report
        items: list[list[Inline]] = []
        mastodon = report.ranked(Platform.MASTODON)  # the one ranking: "has" names the best first
        bluesky = report.ranked(Platform.BLUESKY)
        both_absent = (
            not mastodon
            and not bluesky
            and report.mastodon.verdict is Verdict.ABSENT
            and report.bluesky.verdict is Verdict.ABSENT
        )
        if both_absent:
            items.append(self.phrase("absent_both"))
        else:
            items.extend(self._platform(Platform.MASTODON, mastodon, report.mastodon))
            items.extend(self._platform(Platform.BLUESKY, bluesky, report.bluesky))
        items.extend(self._website())
        return [self._capital(item) for item in items]

    @staticmethod
    def _capital(spans: list[Inline]) -> list[Inline]:
        if spans and isinstance(spans[0], Text):
            return [Text(text=capitalize(spans[0].text)), *spans[1:]]
        return spans

    # --- one network ---

    def _platform(
        self, platform: Platform, accounts: Sequence[FoundAccount], verdict: PlatformVerdict
    ) -> list[list[Inline]]:
        network = platform.label
        out: list[list[Inline]] = []
        owned = [a for a in accounts if a.confidence.owned]
        for index, account in enumerate(owned):
            out.append(
                self.phrase(
                    "has" if index == 0 else "has_also",
                    network=network,
                    handle=self._handle(account),
                    details=self._details(account),
                    dispose=self.fname.adj("dispose", "dispose", "disposent", "disposent"),
                )
            )
        for account in accounts:
            if not account.confidence.owned:
                display = account.account.display_name
                out.append(
                    self.phrase(
                        "candidate",
                        network=network,
                        handle=self._handle(account),
                        display=self.phrase("display", display_name=display) if display else "",
                    )
                )
        if platform is Platform.MASTODON:
            out.extend(self._mastodon_gaps(accounts, verdict))
        elif not accounts:
            if verdict.verdict is Verdict.ABSENT:
                out.append(self.phrase("absent", network=network, where=""))
            else:  # unknown (or a present verdict without an account: nothing proven either way)
                why = self.phrase("service", reason=self.reason(_unknown_reason(verdict)))
                out.append(self.phrase("unknown", network=network, why=why))
        return out

    def _mastodon_gaps(
        self, accounts: Sequence[FoundAccount], overall: PlatformVerdict
    ) -> list[list[Inline]]:
        """What the Mastodon instances could and could not tell, without claiming more."""
        instances = self.report.instances if self.report else ()
        unknown = [v for v in instances if v.verdict is Verdict.UNKNOWN]
        absent = [v for v in instances if v.verdict is Verdict.ABSENT]
        unknown_on = self.lang.join([v.instance or "?" for v in unknown])
        why = self.lang.join([self._host_reason(v) for v in unknown])
        if accounts:
            which = self.lang.join([self._host_reason(v, "host_which") for v in unknown])
            return [self.phrase("unknown_also", why=which)] if unknown else []
        if overall.verdict is Verdict.ABSENT and not unknown:
            hosts = self.lang.join([v.instance or "?" for v in absent])
            where = self.phrase("where_instances", instances=hosts) if absent else ""
            return [self.phrase("absent", network="Mastodon", where=where)]
        if unknown and absent:
            absent_on = self.lang.join([v.instance or "?" for v in absent])
            return [self.phrase("unknown_partial", absent_on=absent_on, unknown_on=unknown_on, why=why)]
        if not unknown:  # inconclusive overall, although no single instance says why
            why = self.phrases["inconclusive"]
        return [self.phrase("unknown", network="Mastodon", why=why)]

    def _host_reason(self, verdict: PlatformVerdict, key: str = "host_reason") -> str:
        reason = self.reason(_unknown_reason(verdict))
        return plain(self.phrase(key, host=verdict.instance or "?", reason=reason))

    def _handle(self, account: FoundAccount) -> Inline:
        url = account.url or account.account.url
        label = Text(text=account.handle)
        return Link(children=(label,), url=url) if url else label

    def _details(self, account: FoundAccount) -> list[Inline]:
        p = self.phrases
        parts: list[list[Inline]] = []
        if account.confidence is Confidence.VERIFIED:
            parts.append([Text(text=p["verified"])])
        elif account.confidence is Confidence.LINKED:
            parts.append([Text(text=p["linked"])])
        facts = account.account
        if isinstance(facts, BlueskyAccount) and facts.verified_status == "valid":
            parts.append([Text(text=p["blue_check"])])
        followers = facts.followers_count
        if followers is not None:
            word = p["followers_1"] if singular(followers, self.language) else p["followers_n"]
            parts.append([Text(text=f"{format_number(followers, self.language)} {word}")])
        activity = account.activity
        if activity is Activity.MOVED and isinstance(facts, MastodonAccount) and facts.moved_to:
            parts.append(self.phrase("moved", target=f"@{facts.moved_to}"))
        elif activity is Activity.SUSPENDED:
            parts.append([Text(text=p["suspended"])])
        elif activity is Activity.DEACTIVATED:
            parts.append([Text(text=p["deactivated"])])
        elif activity is Activity.NEVER_POSTED:
            parts.append([Text(text=p["never_posted"])])
        elif account.last_post is not None:
            key = "dormant" if activity is Activity.DORMANT else "last_post"
            parts.append(self.phrase(key, day=format_date(account.last_post, self.language)))
        bridge = account.bridge
        if bridge is not None and bridge.bridged is Verdict.PRESENT and bridge.bridged_handle:
            other = (Platform.BLUESKY if account.platform is Platform.MASTODON else Platform.MASTODON).label
            parts.append(self.phrase("bridged", other=other, bridged_handle=bridge.bridged_handle))
        out: list[Inline] = []
        for part in parts:
            out.append(Text(text=", "))
            out.extend(part)
        return out

    # --- the website ---

    def _website(self) -> list[list[Inline]]:
        report = self.report
        website = report.website if report else None
        if website is None:
            return []
        if website.verdict is not Verdict.PRESENT:
            return [self.phrase("site_unknown", site=website.url)]
        found = website.platforms
        old = [p.label for p in LEAVING if p in found]
        new = [p.label for p in JOINING if p in found]
        out: list[list[Inline]] = []
        if old:
            out.append(self.phrase("site_old", site=website.url, platforms=self.lang.join(old)))
        else:
            out.append(self.phrase("site_none", site=website.url))
        if new:
            out.append(self.phrase("site_new", platforms=self.lang.join(new)))
        return out

    # --- other facts the blocks use ---

    def registrations(self, host: str) -> list[Inline]:
        """ " (inscriptions ouvertes, constaté le …)" for an instance the check read, else nothing:
        registration modes change, so they are only ever stated as read."""
        if self.report is None:
            return []
        for info in self.report.instance_info:
            if info.host == host and info.reachable is Verdict.PRESENT and info.registrations:
                mode = self.lang(REGISTRATIONS[info.registrations])
                return self.phrase("registrations", mode=mode, checked=self.checked)
        return []

    def own_server(self) -> list[Inline]:
        server = self.report.own_mastodon_server if self.report else None
        if server is None or server.reachable is not Verdict.PRESENT:
            return []
        return self.phrase("own_server", host=server.host)


def _unknown_reason(verdict: PlatformVerdict) -> Reason | None:
    """Why a verdict is unknown: the first inconclusive attempt (or the search)."""
    attempts: list[Attempt] = [*verdict.attempts]
    if verdict.search is not None:
        attempts.append(verdict.search)
    for attempt in attempts:
        if attempt.verdict is Verdict.UNKNOWN:
            return attempt.reason
    return None


# --- the letter -----------------------------------------------------------------------------------


def _claim_blocks(claims: Sequence[Claim], language: Language, date: dt.date) -> list[Block]:
    items = [spans for claim in claims if (spans := claim.spans(language, date))]
    return [Bullets(items=tuple(tuple(item) for item in items))] if items else []


def _claim_spans(claims: Sequence[Claim], language: Language, date: dt.date) -> list[Inline]:
    out: list[Inline] = []
    for claim in claims:
        spans = claim.spans(language, date)
        if spans:
            if out:
                out.append(Text(text=" "))
            out.extend(spans)
    return out


def _name_values(institution: Institution, options: LetterOptions) -> tuple[dict[str, Value], FrenchName]:
    fname = french_name(
        institution.name, article=options.article, gender=options.gender, plural=options.plural
    )
    ename = english_name(institution.name)
    values: dict[str, Value] = {
        "institution": institution.name,
        "name_le": fname.le,
        "Name_le": capitalize(fname.le),
        "name_de": fname.de,
        "name_a": fname.a,
        "name_the": ename.the,
        "Name_the": ename.capital_the,
        "domain": institution.domain or "",
    }
    return values, fname


def _sender_values(sender: Sender, language: Language, name_de: str, name: str) -> dict[str, Value]:
    phrases = _PHRASES[language]
    given_m = sender.role_m or sender.role_f
    given_f = sender.role_f or sender.role_m
    if language == "fr":
        role = (
            sender_agreement(given_m, given_f or given_m, sender.gender)
            if given_m
            else phrases["default_role"]
        )
        ready = sender_agreement("prêt", "prête", sender.gender)
        role_line = f"{capitalize(role)} {name_de}" if given_m else ""
    else:
        role = (given_m or "").strip() or phrases["default_role"]
        if given_m and not role.lower().startswith(("a ", "an ", "the ")):
            role = ("an " if role[:1].lower() in "aeiou" else "a ") + role
        ready = "ready"
        role_line = f"{capitalize(given_m)}, {name}" if given_m else ""
    return {
        "sender_name": sender.name or phrases["no_name"],
        "sender_role": role,
        "sender_role_line": role_line,
        "sender_ready": ready,
        "sender_email": sender.email or "",
    }


def compose_letter(
    institution: Institution,
    report: Report | None,
    plan_blocks: Sequence[Block] | None,
    options: LetterOptions,
    sender: Sender,
) -> Document:
    """The letter to ``institution``'s management, knowing what ``report`` found (None: nothing was
    checked), with ``plan_blocks`` appended after an introduction (None: no plan)."""
    language = options.language
    sector = options.sector or institution.kind
    date = options.date
    names, fname = _name_values(institution, options)
    status = _Status(report, institution, language, names, fname)
    phrases = _PHRASES[language]

    claims = load_claims()

    def about(topic: Topic) -> list[Claim]:
        return select(
            claims, sector=sector, date=date, include_unverified=options.include_unverified, topic=topic
        )

    # the precedents read best from the most recent (and most telling) back
    x_exits = list(reversed(about(Topic.X_EXIT)))
    by_topic = {
        Topic.X_EXIT: x_exits,
        Topic.META: about(Topic.META),
    }
    domain = institution.domain
    values: dict[str, Value] = {
        **names,
        **_sender_values(sender, language, fname.de, institution.name),
        "date": format_date(date, language),
        "x_exits": _claim_blocks(x_exits, language, date),
        "meta_claims": _claim_blocks(by_topic[Topic.META], language, date),
        "movement": [
            Paragraph(children=tuple(s))
            for claim in about(Topic.MOVEMENT)
            if (s := claim.spans(language, date))
        ],
        "bluesky_news": _claim_spans(about(Topic.BLUESKY), language, date),
        "mastodon_news": _claim_spans(about(Topic.MASTODON), language, date),
        "own_instance_news": _claim_spans(about(Topic.OWN_INSTANCE), language, date),
        "status_intro": status.intro(),
        "status": [Bullets(items=tuple(tuple(item) for item in status.items()))],
        # ${sngf_registrations}, ${piaille_registrations}: the modes the check read, or nothing
        **{f"{k.letter_key}_registrations": status.registrations(k.host) for k in CATALOGUE if k.letter_key},
        "own_server": status.own_server(),
        "bluesky_handle_example": _spans(phrases["handle_example_bluesky"], {"domain": domain})
        if domain
        else "",
        "handle_example": _spans(phrases["handle_example_own"], {"domain": domain}) if domain else "",
        "plan_basis": _spans(phrases["plan_checked"], {"checked": status.checked})
        if report
        else phrases["plan_offline"],
    }

    def block(name: str, ext: str = "md") -> list[Block]:
        template = _read_template(name, ext, language=language, sector=sector, user=options.template_dir)
        return _render(template, values, f"{name} ({language})")

    subject_blocks = block("subject", "txt")
    subject = " ".join(
        plain(b.children) for b in subject_blocks if isinstance(b, Paragraph | Heading)
    ).strip()

    blocks: list[Block] = []
    for name in BLOCKS:
        if name == "ask":
            for index, markup in enumerate(options.extra_paragraphs):
                blocks.extend(_render(markup, values, f"extra paragraph {index + 1}"))
        topic = _NEEDS_CLAIMS.get(name)
        if topic is not None and not by_topic[topic]:
            continue
        rendered = block(name)
        if _has_content(rendered):  # a heading alone (or an empty file) leaves the block out
            blocks.extend(rendered)
    if plan_blocks is not None:
        blocks.extend(block("plan_intro"))
        blocks.extend(plan_blocks)
    return Document(subject=subject, blocks=tuple(blocks))
