"""The migration plan: from what ``quitx check`` found to dated steps, with ready-to-paste artifacts.

Pure rules, no I/O. Each step's status comes from the report: done (with the evidence quoted),
to do, or cannot tell — an unknown verdict never becomes "to do because absent", and without a
report (offline) every status is "cannot tell" with the evidence "not checked". Remote text (handles,
field names, URLs) is validated before it goes into an artifact and is only ever plain text in blocks.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .._urls import host_within
from ..handles import bluesky_handle_for, parse_ref
from ..i18n import Lang, Language
from ..i18n.common import ACTIVITY, NOT_CHECKED, REASONS
from ..models import (
    LEAVING,
    META,
    Activity,
    BlueskyAccount,
    Confidence,
    FoundAccount,
    FoundBy,
    InstanceInfo,
    Institution,
    InstitutionKind,
    LinkPlatform,
    MastodonAccount,
    Platform,
    PlatformVerdict,
    Reason,
    Report,
    SocialLink,
    Verdict,
    split_subject,
)
from .models import Artifact, MigrationPlan, PlanOptions, PlanPhase, PlanStep, StepStatus

__all__ = ["announcement_text", "build_plan"]


# --- facts the rules need ------------------------------------------------------------------------------

STATE_INSTANCE = "social.numerique.gouv.fr"
GENERAL_INSTANCE_FR = "piaille.fr"  # the configuration's default general instance
GENERAL_INSTANCE = "mastodon.social"
# web host -> handle domain, where they differ (LOCAL_DOMAIN vs WEB_DOMAIN)
_HANDLE_DOMAIN = {"social.sciences.re": "sciences.re"}
_X_LINKS = (LinkPlatform.X,)

# remote values must match these before they go into an artifact (a snippet pasted on a homepage)
_HOST = re.compile(
    r"^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$"
)
_USERNAME = re.compile(r"^[A-Za-z0-9_]{1,64}$")
_DID = re.compile(r"^did:[a-z]+:[A-Za-z0-9._:%-]{1,2000}$")
_SAFE_HTTPS = re.compile(r"^https://[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:/[^\s\"'<>`\\]*)?$")

# Bridgy Fed eligibility gaps (the bridges probe's wording) as things to do
_GAP_TEXT: dict[str, tuple[str, str]] = {
    "no avatar": ("ajouter une image de profil", "add a profile picture"),
    "no display name": ("renseigner un nom affiché", "set a display name"),
    "display name equals the username": (
        "choisir un nom affiché différent du nom d’utilisateur",
        "choose a display name different from the username",
    ),
    "display name equals the handle": (
        "choisir un nom affiché différent du pseudo",
        "choose a display name different from the handle",
    ),
    "account younger than 7 days": (
        "attendre que le compte ait 7 jours",
        "wait until the account is 7 days old",
    ),
    "account is locked (followers-only)": (
        "rendre le compte public (sans validation manuelle des abonnés)",
        "make the account public (no manual approval of followers)",
    ),
    "#nobridge in the bio": ("retirer #nobridge de la bio", "remove #nobridge from the bio"),
    "username has characters Bridgy Fed cannot bridge": (
        "le nom d’utilisateur contient des caractères que Bridgy Fed ne relaie pas",
        "the username has characters Bridgy Fed cannot bridge",
    ),
    "home server blocks brid.gy": (
        "l’instance bloque brid.gy : pas de pont possible depuis ce compte",
        "the home server blocks brid.gy: this account cannot be bridged",
    ),
    "profile hidden from logged-out visitors (!no-unauthenticated)": (
        "rendre le profil visible aux visiteurs non connectés",
        "make the profile visible to logged-out visitors",
    ),
}


def _mastodon_of(found: FoundAccount) -> MastodonAccount | None:
    return found.account if isinstance(found.account, MastodonAccount) else None


def _bluesky_of(found: FoundAccount) -> BlueskyAccount | None:
    return found.account if isinstance(found.account, BlueskyAccount) else None


@dataclass(frozen=True)
class _Choice:
    host: str | None
    reasons: tuple[str, ...]
    status: StepStatus
    evidence: tuple[str, ...]
    how: tuple[str, ...]
    signup_url: str | None


class _Ctx:
    """The report read once: the institution's own accounts, lookalikes, handles to use, dates."""

    def __init__(self, report: Report | None, institution: Institution, options: PlanOptions) -> None:
        self.report = report
        self.institution = institution
        self.options = options
        self.t = Lang(options.language)
        self.domain = institution.domain
        self.start = options.start or dt.date.today()
        self.week1 = self.start + dt.timedelta(days=6)
        self.week2 = self.start + dt.timedelta(days=13)
        self.week3 = self.start + dt.timedelta(days=20)
        # the archive never comes before the farewell
        self.archive = max(self.start + dt.timedelta(days=options.keep_x_until_days), self.week3)
        self.not_checked = self.t(NOT_CHECKED)
        # the one ranking (Report.ranked): best first, a moved account after the one it moved to
        self.mastodon = report.ranked(Platform.MASTODON) if report else ()
        self.bluesky = report.ranked(Platform.BLUESKY) if report else ()
        self.own_mastodon = report.own_account(Platform.MASTODON) if report else None
        self.own_bluesky = report.own_account(Platform.BLUESKY) if report else None
        self.choice = self._choose_home()
        self.mastodon_known = self.own_mastodon is not None
        self.mastodon_handle, self.mastodon_url = self._mastodon_address()
        self.bluesky_handle, self.bluesky_url = self._bluesky_address()

    # --- the report's words --------------------------------------------------------------------------

    def checked_on(self) -> str:
        return self.t.date(self.report.checked_at.date()) if self.report else ""

    def reason(self, reason: Reason) -> str:
        return self.t(REASONS[reason].what)

    def unknown_evidence(self, verdict: PlatformVerdict, where: str) -> str:
        """Why a verdict is unknown, in the plan's language: "… could not tell: piaille.fr timed out"."""
        attempts = [*verdict.attempts, *([verdict.search] if verdict.search else [])]
        why = next((a.reason for a in attempts if a.verdict is Verdict.UNKNOWN), None)
        tail = f"{where} — {self.reason(why)}" if why else where
        return self.t.pick(f"le contrôle n’a pas pu conclure : {tail}", f"the check could not tell: {tail}")

    def mastodon_unknowns(self) -> list[str]:
        if self.report is None:
            return []
        out = [
            self.unknown_evidence(v, v.instance or "Mastodon")
            for v in self.report.instances
            if v.verdict is Verdict.UNKNOWN
        ]
        if not out and self.report.mastodon.verdict is Verdict.UNKNOWN:
            out.append(self.unknown_evidence(self.report.mastodon, "Mastodon"))
        return out

    def account_evidence(self, found: FoundAccount) -> str:
        """One line on an account: which, how sure, from what."""
        t = self.t
        handle = found.handle
        mastodon = _mastodon_of(found)
        verified_field = self.verified_field(mastodon) if mastodon else None
        if found.confidence is Confidence.VERIFIED and verified_field is not None:
            name, when = verified_field
            text = t.pick(
                f"{handle} vérifié (champ de profil « {name} » vérifié le {when})",
                f"{handle} verified (profile field {name} verified_at {when})",
            )
        elif found.confidence is Confidence.VERIFIED and found.platform is Platform.BLUESKY:
            text = t.pick(
                f"{handle} vérifié (pseudo sur le domaine, confirmé dans les deux sens)",
                f"{handle} verified (handle on the domain, confirmed both ways)",
            )
        elif found.confidence is Confidence.VERIFIED:
            text = t.pick(
                f'{handle} vérifié (lien rel="me" depuis la page d’accueil)',
                f'{handle} verified (rel="me" link from the homepage)',
            )
        elif found.confidence is Confidence.LINKED and FoundBy.DOMAIN_RECORD in found.found_by:
            text = t.pick(
                f"{handle} désigné par le domaine de l’établissement (enregistrement _atproto), "
                "sans pseudo sur le domaine",
                f"{handle} named by the institution's domain (its _atproto record), without a handle "
                "on the domain",
            )
        elif found.confidence is Confidence.LINKED and FoundBy.MOVED in found.found_by:
            text = t.pick(
                f"{handle}, vers lequel le compte de l’établissement a déménagé",
                f"{handle}, the account the institution's account moved to",
            )
        elif found.confidence is Confidence.LINKED:
            text = t.pick(
                f"{handle} lié depuis la page d’accueil, sans preuve réciproque",
                f"{handle} linked from the homepage, without a two-way proof",
            )
        else:
            text = t.pick(
                f"{handle} trouvé par le nom seulement : compte de fan ou usurpation possible",
                f"{handle} found by name only: could be a fan account or an impersonator",
            )
        if found.activity in (Activity.ACTIVE, Activity.UNKNOWN):
            return text
        return text + t.sep(";") + t(ACTIVITY[found.activity])

    def verified_field(self, account: MastodonAccount) -> tuple[str, str] | None:
        """The profile field proving the domain (name, date), if Mastodon verified one."""
        for field in account.fields_linking_to(self.domain):
            if field.verified_at is not None:
                return field.name, field.verified_at.date().isoformat()
        return None

    def instance_info(self, host: str) -> InstanceInfo | None:
        if self.report is None:
            return None
        return next((i for i in self.report.instance_info if i.host == host), None)

    # --- the home instance ---------------------------------------------------------------------------

    def _candidates(self) -> list[tuple[str, str]]:
        """Preferred instances for this institution, best first, each with why."""
        t = self.t
        kind = self.institution.kind
        french = self.institution.country == "FR"
        general = GENERAL_INSTANCE_FR if french else GENERAL_INSTANCE
        general_why = (
            t.pick(
                "piaille.fr est une grande instance généraliste francophone",
                "piaille.fr is a large general-purpose French-speaking instance",
            )
            if french
            else t.pick(
                "mastodon.social est l’instance principale, gérée par Mastodon gGmbH",
                "mastodon.social is the flagship instance, run by Mastodon gGmbH",
            )
        )
        out: list[tuple[str, str]] = []
        if french and kind in (InstitutionKind.PUBLIC_ADMINISTRATION, InstitutionKind.LOCAL_GOVERNMENT):
            out.append(
                (
                    STATE_INSTANCE,
                    t.pick(
                        "social.numerique.gouv.fr est l’instance de l’État (opérée par la DINUM), "
                        "destinée aux organismes publics : son nom signale d’emblée un compte officiel",
                        "social.numerique.gouv.fr is the French State's instance (run by DINUM), for "
                        "public bodies: its name tells readers at once that the account is official",
                    ),
                )
            )
        elif french and kind is InstitutionKind.RESEARCH:
            out.append(
                (
                    "social.sciences.re",
                    t.pick(
                        "social.sciences.re (@…@sciences.re) réunit chercheurs et établissements "
                        "francophones, dont le Collège de France",
                        "social.sciences.re (@…@sciences.re) gathers French-speaking researchers and "
                        "institutions, among them the Collège de France",
                    ),
                )
            )
            out.append(
                (
                    "universites.social",
                    t.pick(
                        "universites.social est hébergée sur les serveurs du réseau de la recherche",
                        "universites.social is hosted on French research-network servers",
                    ),
                )
            )
        out.append((general, general_why))
        return out

    def _choose_home(self) -> _Choice:
        t = self.t
        if self.own_mastodon is not None:
            account = _mastodon_of(self.own_mastodon)
            host = self.own_mastodon.instance or (account.web_host if account else None)
            return _Choice(
                host=host,
                reasons=(t.pick(f"déjà présent sur {host}", f"already at {host}"),),
                status=StepStatus.DONE,
                evidence=(
                    t.pick(f"déjà sur {host} : ", f"already at {host}: ")
                    + self.account_evidence(self.own_mastodon),
                ),
                how=(),
                signup_url=None,
            )
        own = self.report.own_mastodon_server if self.report else None
        if own is not None and own.reachable is Verdict.PRESENT:
            software = " ".join(s for s in (own.software, own.version) if s)
            detail = f" ({software})" if software else ""
            return _Choice(
                host=own.host,
                reasons=(
                    t.pick(
                        f"l’établissement a déjà son propre serveur : {own.host}{detail}",
                        f"the institution already runs its own server: {own.host}{detail}",
                    ),
                ),
                status=StepStatus.DONE,
                evidence=(t.pick(f"serveur propre : {own.host}{detail}", f"own server: {own.host}{detail}"),),
                how=(
                    t.pick(
                        f"Créer le compte officiel sur {own.host}, s’il n’existe pas encore.",
                        f"Create the official account on {own.host}, if it does not exist yet.",
                    ),
                ),
                signup_url=None,
            )
        if self.options.own_instance and self.domain:
            host = f"social.{self.domain}"
            return _Choice(
                host=host,
                reasons=(
                    t.pick(
                        f"une instance propre ({host}) donne des comptes à l’adresse du domaine "
                        f"(@nom@{self.domain}) et peut être reliée automatiquement à Bluesky",
                        f"an instance of its own ({host}) gives accounts at the domain's address "
                        f"(@name@{self.domain}) and can be bridged to Bluesky automatically",
                    ),
                ),
                status=self._home_status(),
                evidence=self._home_evidence(),
                how=self._own_instance_how(host),
                signup_url=None,
            )
        return self._hosted_choice()

    def _own_instance_how(self, host: str) -> tuple[str, ...]:
        t = self.t
        domain = self.domain or "<domain>"
        return (
            t.pick(
                f"Installer Mastodon sur {host} avec LOCAL_DOMAIN={domain} et WEB_DOMAIN={host}, "
                f"pour que les comptes s’appellent @nom@{domain}.",
                f"Install Mastodon on {host} with LOCAL_DOMAIN={domain} and WEB_DOMAIN={host}, so that "
                f"accounts are called @name@{domain}.",
            ),
            t.pick(
                f"Sur https://{domain}/, rediriger /.well-known/webfinger et /.well-known/host-meta vers "
                f"{host}, et /.well-known/atproto-did vers Bridgy Fed : chaque compte apparaît alors "
                "sur Bluesky sous un pseudo du domaine.",
                f"On https://{domain}/, redirect /.well-known/webfinger and /.well-known/host-meta to "
                f"{host}, and /.well-known/atproto-did to Bridgy Fed: each account then appears on "
                "Bluesky with a handle on the domain.",
            ),
        )

    def _home_status(self) -> StepStatus:
        if self.report is None or self.report.mastodon.verdict is Verdict.UNKNOWN:
            return StepStatus.CANNOT_TELL
        return StepStatus.TODO

    def _home_evidence(self) -> tuple[str, ...]:
        if self.report is None:
            return (self.not_checked,)
        unknowns = self.mastodon_unknowns()
        if unknowns:
            return tuple(unknowns)
        if self.mastodon:
            return tuple(self.account_evidence(a) for a in self.mastodon)
        return (
            self.t.pick(
                "nous n’avons trouvé aucun compte Mastodon de l’établissement",
                "we found no Mastodon account of the institution",
            ),
        )

    def _hosted_choice(self) -> _Choice:
        t = self.t
        reasons: list[str] = []
        how: list[str] = []
        candidates = self._candidates()
        for index, (host, why) in enumerate(candidates):
            following = candidates[index + 1][0] if index + 1 < len(candidates) else None
            info = self.instance_info(host)
            mode = info.registrations if info and info.reachable is Verdict.PRESENT else None
            if self.report is not None and mode == "closed":
                reasons.append(
                    t.pick(
                        f"{host} : inscriptions fermées (lu le {self.checked_on()})",
                        f"{host}: registrations closed (read on {self.checked_on()})",
                    )
                )
                continue
            reasons.insert(0, why)
            signup = f"https://{host}/auth/sign_up"
            if info and info.registration_url and _SAFE_HTTPS.match(info.registration_url):
                signup = info.registration_url
            if self.report is None:
                reasons.append(
                    t.pick(
                        f"{host} : mode d’inscription non contrôlé, à vérifier sur https://{host}/about",
                        f"{host}: registration mode not checked; see https://{host}/about",
                    )
                )
            elif mode == "open":
                reasons.append(
                    t.pick(
                        f"{host} : inscriptions ouvertes (lu le {self.checked_on()})",
                        f"{host}: registrations open (read on {self.checked_on()})",
                    )
                )
            elif mode == "approval":
                reasons.append(
                    t.pick(
                        f"{host} : inscriptions sur demande (lu le {self.checked_on()})",
                        f"{host}: registrations need approval (read on {self.checked_on()})",
                    )
                )
                how.append(
                    t.pick(
                        f"Déposer une demande d’inscription sur {signup} en précisant que le compte "
                        "est celui de l’établissement ; compter quelques jours de délai.",
                        f"Apply for an account at {signup}, saying that it is the institution's "
                        "official account; allow a few days.",
                    )
                )
            else:
                reasons.append(
                    t.pick(
                        f"{host} : le mode d’inscription n’a pas pu être lu ; à vérifier avant de s’inscrire",
                        f"{host}: the registration mode could not be read; check it before signing up",
                    )
                )
            if following and (self.report is None or mode not in ("open", "approval")):
                how.append(
                    t.pick(
                        f"Si {host} n’accepte pas l’inscription : {following}.",
                        f"If {host} does not accept the sign-up: {following}.",
                    )
                )
            if info and info.brid_gy_blocked:
                reasons.append(
                    t.pick(
                        f"{host} bloque brid.gy : pas de pont vers Bluesky depuis cette instance",
                        f"{host} blocks brid.gy: no bridge to Bluesky from there",
                    )
                )
            how.insert(
                0,
                t.pick(
                    f"Créer le compte sur {host} : {signup}",
                    f"Create the account on {host}: {signup}",
                ),
            )
            how.extend(self._own_instance_option())
            return _Choice(
                host=host,
                reasons=tuple(reasons),
                status=self._home_status(),
                evidence=self._home_evidence(),
                how=tuple(how),
                signup_url=signup,
            )
        reasons.append(
            t.pick(
                "toutes les instances proposées ont fermé leurs inscriptions : en choisir une autre sur "
                "https://joinmastodon.org/servers, ou héberger la sienne",
                "every proposed instance has closed its registrations: choose another one at "
                "https://joinmastodon.org/servers, or run your own",
            )
        )
        return _Choice(
            host=None,
            reasons=tuple(reasons),
            status=self._home_status(),
            evidence=self._home_evidence(),
            how=(*self._own_instance_option(),),
            signup_url=None,
        )

    def _own_instance_option(self) -> tuple[str, ...]:
        large = (
            InstitutionKind.RESEARCH,
            InstitutionKind.PUBLIC_ADMINISTRATION,
            InstitutionKind.LOCAL_GOVERNMENT,
        )
        if self.options.own_instance is False or not self.domain or self.institution.kind not in large:
            return ()
        host = f"social.{self.domain}"
        return (
            self.t.pick(
                f"Option pour un grand établissement : héberger sa propre instance ({host}). Les comptes "
                f"s’appellent alors @nom@{self.domain}, et une redirection de /.well-known/atproto-did "
                "vers Bridgy Fed les relie automatiquement à Bluesky.",
                f"An option for a large institution: run its own instance ({host}). Accounts are then "
                f"called @name@{self.domain}, and redirecting /.well-known/atproto-did to Bridgy Fed "
                "bridges them to Bluesky automatically.",
            ),
        )

    # --- addresses used in artifacts -----------------------------------------------------------------

    def suggested_username(self) -> str:
        label = self.domain.split(".", 1)[0].replace("-", "") if self.domain else ""
        return label if _USERNAME.match(label) else self.t.pick("<compte>", "<account>")

    def _mastodon_address(self) -> tuple[str, str]:
        """(handle, profile URL): the real ones when the account is known, else a suggestion."""
        account = _mastodon_of(self.own_mastodon) if self.own_mastodon else None
        if account is not None and _USERNAME.match(account.username):
            web_host = account.web_host.lower()
            domain = account.domain.lower()
            url = account.url or ""
            if not _SAFE_HTTPS.match(url) and _HOST.match(web_host):
                url = f"https://{web_host}/@{account.username}"
            if _SAFE_HTTPS.match(url) and _HOST.match(domain):
                return f"@{account.username}@{domain}", url
        host = self.choice.host if self.choice.host and _HOST.match(self.choice.host) else None
        user = self.suggested_username()
        if host is None:
            instance = self.t.pick("<instance>", "<instance>")
            return f"@{user}@{instance}", f"https://{instance}/@{user}"
        return f"@{user}@{_HANDLE_DOMAIN.get(host, host)}", f"https://{host}/@{user}"

    def _bluesky_address(self) -> tuple[str, str]:
        """(handle, profile URL): the domain handle the plan sets, else the account's, else a placeholder."""
        account = _bluesky_of(self.own_bluesky) if self.own_bluesky else None
        if (
            account
            and account.handle
            and account.handle_verified
            and host_within(account.handle, self.domain)
            and _HOST.match(account.handle)
        ):
            return f"@{account.handle}", f"https://bsky.app/profile/{account.handle}"
        if self.domain:
            return f"@{self.domain}", f"https://bsky.app/profile/{self.domain}"
        if account and account.handle and _HOST.match(account.handle):
            return f"@{account.handle}", f"https://bsky.app/profile/{account.handle}"
        placeholder = self.t.pick("<compte>.bsky.social", "<account>.bsky.social")
        return f"@{placeholder}", f"https://bsky.app/profile/{placeholder}"

    def moved_links(self, links: Sequence[SocialLink]) -> list[tuple[str, str]]:
        """(old handle, new handle) for each homepage link to a Mastodon account that moved."""
        out: list[tuple[str, str]] = []
        for found in self.mastodon:
            account = _mastodon_of(found)
            if account is None or found.activity is not Activity.MOVED or not account.moved_to:
                continue
            names = {f"@{account.acct}".lower(), f"@{account.username}@{account.web_host}".lower()}
            try:  # remote text: only a valid address goes into the plan
                target = parse_ref(account.moved_to)
            except ValueError:  # InvalidReferenceError, or a name IDNA cannot encode
                continue
            if any((link.handle or "").lower() in names for link in links):
                out.append((found.handle, str(target)))
        return out

    def site_links(self, platforms: Sequence[LinkPlatform]) -> list[tuple[LinkPlatform, str]]:
        website = self.report.website if self.report else None
        if website is None or website.verdict is not Verdict.PRESENT:
            return []
        return [(link.platform, link.url) for link in website.links if link.platform in platforms]

    def website_unread(self) -> str | None:
        """Why the homepage could not be used, or None when it was read."""
        t = self.t
        if self.report is None:
            return self.not_checked
        website = self.report.website
        if website is None:
            return t.pick(
                "la page d’accueil n’a pas été lue (aucun domaine)", "the homepage was not read (no domain)"
            )
        if website.verdict is Verdict.PRESENT:
            return None
        if website.verdict is Verdict.ABSENT:
            return t.pick(f"le site {website.url} n’existe pas", f"the site {website.url} does not exist")
        return t.pick(
            f"la page d’accueil n’a pas pu être lue : {self.reason(website.reason)}",
            f"the homepage could not be read: {self.reason(website.reason)}",
        )


# --- the steps ------------------------------------------------------------------------------------------


def _combine(statuses: Sequence[StepStatus]) -> StepStatus:
    if any(s is StepStatus.TODO for s in statuses):
        return StepStatus.TODO
    if any(s is StepStatus.CANNOT_TELL for s in statuses):
        return StepStatus.CANNOT_TELL
    return StepStatus.DONE


def _name_on(c: _Ctx, platform: Platform) -> tuple[StepStatus, list[str], list[str]]:
    """Status, evidence and how for holding the name on one network."""
    t = c.t
    network = platform.label
    if c.report is None:
        return StepStatus.CANNOT_TELL, [], []
    accounts = c.mastodon if platform is Platform.MASTODON else c.bluesky
    verdict = c.report.mastodon if platform is Platform.MASTODON else c.report.bluesky
    owned = [a for a in accounts if a.confidence.owned]
    if owned:
        return StepStatus.DONE, [c.account_evidence(a) for a in owned], []
    lookalikes = [a for a in accounts if a.confidence is Confidence.CANDIDATE]
    create = (
        t.pick(
            f"Créer le compte officiel sur {c.choice.host or 'l’instance choisie'} : "
            f"{c.mastodon_handle} (nom proposé).",
            f"Create the official account on {c.choice.host or 'the chosen instance'}: "
            f"{c.mastodon_handle} (suggested name).",
        )
        if platform is Platform.MASTODON
        else t.pick(
            "Créer le compte sur https://bsky.app (pseudo provisoire en .bsky.social), puis passer "
            "au pseudo du domaine en semaine 2.",
            "Create the account at https://bsky.app (a temporary .bsky.social handle), then switch "
            "to the domain handle in week 2.",
        )
    )
    if lookalikes:
        handles = ", ".join(a.handle for a in lookalikes)
        where = (
            t.pick("aux modérateurs de son instance", "to its instance's moderators")
            if platform is Platform.MASTODON
            else t.pick(
                "à Bluesky (Signaler le compte → Usurpation d’identité)",
                "to Bluesky (Report account → impersonation)",
            )
        )
        how = [
            t.pick(
                f"Un compte ressemblant existe sur {network} ({handles}) : s’il est à l’établissement, "
                f"le lier depuis la page d’accueil ; sinon le signaler comme usurpation d’identité {where} "
                "et demander le nom.",
                f"A lookalike account exists on {network} ({handles}): if it is the institution's, link it "
                f"from the homepage; otherwise report it as impersonation {where} and ask for the name.",
            ),
            create,
        ]
        return StepStatus.TODO, [c.account_evidence(a) for a in lookalikes], how
    if verdict.verdict is Verdict.UNKNOWN:
        evidence = (
            c.mastodon_unknowns()
            if platform is Platform.MASTODON
            else [c.unknown_evidence(verdict, "Bluesky")]
        )
        how = [
            t.pick(
                f"Relancer le contrôle pour {network} ; si aucun compte n’existe, le créer.",
                f"Run the check again for {network}; if there is no account, create it.",
            )
        ]
        return StepStatus.CANNOT_TELL, evidence, how
    if verdict.verdict is Verdict.ABSENT:
        return (
            StepStatus.TODO,
            [t.pick(f"nous n’avons trouvé aucun compte {network}", f"we found no {network} account")],
            [create],
        )
    # present without a listed account: trust its best confidence only
    if verdict.best_confidence is not None and verdict.best_confidence.owned:
        return StepStatus.DONE, [verdict.detail], []
    return StepStatus.CANNOT_TELL, [verdict.detail], []


def _secure_names(c: _Ctx) -> PlanStep:
    t = c.t
    parts = [_name_on(c, Platform.MASTODON), _name_on(c, Platform.BLUESKY)]
    evidence = [e for _, ev, _ in parts for e in ev] or [c.not_checked]
    how = [h for _, _, hw in parts for h in hw]
    if c.report is None:
        how = [
            t.pick(
                "Chercher le nom de l’établissement sur Mastodon et Bluesky ; créer les comptes qui "
                "manquent, signaler ceux qui l’imitent.",
                "Look the institution's name up on Mastodon and Bluesky; create the missing accounts, "
                "report those imitating it.",
            )
        ]
    how.append(
        t.pick(
            "Ouvrir les comptes avec une adresse électronique de service (pas personnelle) et "
            "l’authentification à deux facteurs ; ranger les accès dans le gestionnaire de mots de passe "
            "de l’établissement.",
            "Open the accounts with a team e-mail address (not a personal one) and two-factor "
            "authentication; keep the credentials in the institution's password manager.",
        )
    )
    return PlanStep(
        id="secure-names",
        title=t.pick("Réserver les noms sur Mastodon et Bluesky", "Secure the names on Mastodon and Bluesky"),
        why=t.pick(
            "Un nom libre peut être pris par n’importe qui : un compte qui imite l’établissement trompe "
            "ses lecteurs, et le récupérer ensuite prend des semaines.",
            "A free name can be taken by anyone: an account imitating the institution misleads its "
            "readers, and getting the name back later takes weeks.",
        ),
        how=tuple(how),
        status=_combine([s for s, _, _ in parts]),
        evidence=tuple(evidence),
        due=c.start,
    )


def _mastodon_home(c: _Ctx) -> PlanStep:
    t = c.t
    choice = c.choice
    artifacts: list[Artifact] = []
    if choice.signup_url and choice.status is not StepStatus.DONE:
        artifacts.append(
            Artifact(
                kind="url", label=t.pick("Page d’inscription", "Sign-up page"), content=choice.signup_url
            )
        )
    return PlanStep(
        id="mastodon-home",
        title=t.pick("Choisir une instance Mastodon", "Choose a Mastodon home"),
        why=t.pick(
            "Sur Mastodon, l’instance fait partie de l’adresse et dit qui répond du compte : "
            "elle doit accueillir les institutions et rester ouverte à Bluesky.",
            "On Mastodon the instance is part of the address and says who stands behind the account: "
            "it must welcome institutions and stay open to Bluesky.",
        ),
        how=(*choice.reasons, *choice.how) if choice.status is not StepStatus.DONE else choice.reasons,
        artifacts=tuple(artifacts),
        status=choice.status,
        evidence=choice.evidence,
        due=c.week1,
    )


def _bluesky_domain_handle(c: _Ctx) -> PlanStep:
    t = c.t
    domain = c.domain or t.pick("<domaine>", "<domain>")
    account = _bluesky_of(c.own_bluesky) if c.own_bluesky else None
    # only an account the institution owns gives the DID: a lookalike's DID would hand it the domain
    did = account.did if account and _DID.match(account.did) else None
    did_text = did or t.pick(
        "<DID du compte, affiché dans Paramètres → Compte → Pseudo>",
        "<DID of the account, shown in Settings → Account → Handle>",
    )
    on_domain = next(
        (
            a
            for a in c.bluesky
            if a.confidence is Confidence.VERIFIED
            and (acc := _bluesky_of(a)) is not None
            and acc.handle_verified
            and host_within(acc.handle, c.domain)
        ),
        None,
    )
    if c.report is None:
        status, evidence = StepStatus.CANNOT_TELL, [c.not_checked]
    elif not c.domain:
        status, evidence = StepStatus.CANNOT_TELL, [t.pick("aucun domaine indiqué", "no domain given")]
    elif on_domain is not None:
        status, evidence = StepStatus.DONE, [c.account_evidence(on_domain)]
    elif c.own_bluesky is not None:
        status = StepStatus.TODO
        evidence = [
            c.account_evidence(c.own_bluesky),
            t.pick(f"pas encore de pseudo sur {domain}", f"no handle on {domain} yet"),
        ]
    elif c.report.bluesky.verdict is Verdict.UNKNOWN:
        status, evidence = StepStatus.CANNOT_TELL, [c.unknown_evidence(c.report.bluesky, "Bluesky")]
    else:
        status = StepStatus.TODO
        evidence = [
            t.pick(
                f"nous n’avons trouvé aucun compte Bluesky au pseudo {domain}",
                f"we found no Bluesky account with the handle {domain}",
            )
        ]
    named = c.own_bluesky is not None and FoundBy.DOMAIN_RECORD in c.own_bluesky.found_by
    if named and on_domain is None:
        evidence.append(
            t.pick(
                f"le domaine désigne déjà ce compte ({did_text}) : il ne reste qu’à activer le pseudo",
                f"the domain already names this account ({did_text}): only the switch is left",
            )
        )
    how = (
        *(
            [
                t.pick(
                    f"L’enregistrement du domaine désigne déjà ce compte : il ne reste qu’à changer de "
                    f"pseudo dans Bluesky (Paramètres → Compte → Pseudo → « J’ai mon propre domaine », "
                    f"{domain}, « Vérifier »).",
                    "The domain's record already names this account: only the switch in Bluesky is "
                    f'left (Settings → Account → Handle → "I have my own domain", {domain}, "Verify").',
                )
            ]
            if named and on_domain is None
            else []
        ),
        t.pick(
            f"Dans Bluesky : Paramètres → Compte → Pseudo → « J’ai mon propre domaine », saisir {domain}.",
            f'In Bluesky: Settings → Account → Handle → "I have my own domain", enter {domain}.',
        ),
        t.pick(
            f"Chez l’hébergeur DNS de {domain}, ajouter l’enregistrement TXT ci-dessous "
            f"(nom : _atproto, valeur : did={did_text}), puis cliquer sur « Vérifier ».",
            f"At the DNS host of {domain}, add the TXT record below (name: _atproto, value: "
            f'did={did_text}), then click "Verify".',
        ),
        t.pick(
            f"Sans accès au DNS : publier le fichier https://{domain}/.well-known/atproto-did "
            "contenant seulement le DID, et choisir la méthode par fichier.",
            f"Without DNS access: publish the file https://{domain}/.well-known/atproto-did holding "
            "only the DID, and choose the file method.",
        ),
        t.pick(
            "Le pseudo du domaine prouve à lui seul que le compte est celui de l’établissement.",
            "A handle on the domain proves by itself that the account is the institution's.",
        ),
    )
    artifacts = (
        Artifact(
            kind="dns_txt",
            label=t.pick(f"Enregistrement DNS TXT _atproto.{domain}", f"DNS TXT record _atproto.{domain}"),
            content=f'_atproto.{domain}. 3600 IN TXT "did={did_text}"',
        ),
        Artifact(
            kind="well_known",
            label=f"https://{domain}/.well-known/atproto-did",
            content=did_text,
        ),
    )
    return PlanStep(
        id="bluesky-domain-handle",
        title=t.pick(
            f"Bluesky : prendre le pseudo du domaine (@{domain})",
            f"Bluesky: take the domain handle (@{domain})",
        ),
        why=t.pick(
            "Un pseudo qui est le nom de domaine de l’établissement ne peut pas être imité : "
            "c’est la meilleure preuve d’authenticité sur Bluesky.",
            "A handle that is the institution's domain name cannot be imitated: it is the best proof "
            "of authenticity on Bluesky.",
        ),
        how=how,
        artifacts=artifacts,
        status=status,
        evidence=tuple(evidence),
        due=c.week2,
    )


def _mastodon_verification(c: _Ctx) -> PlanStep:
    t = c.t
    domain = c.domain or t.pick("<domaine>", "<domain>")
    site = f"https://{domain}"
    href = html.escape(c.mastodon_url, quote=True)
    field_name = t.pick("Site web", "Website")
    account = _mastodon_of(c.own_mastodon) if c.own_mastodon else None
    verified = c.verified_field(account) if account else None
    website = c.report.website if c.report else None
    rel_me_on_site = website is not None and any(
        link.rel_me and link.platform is LinkPlatform.MASTODON for link in website.links
    )
    if c.report is None:
        status, evidence = StepStatus.CANNOT_TELL, [c.not_checked]
    elif c.own_mastodon is not None and verified is not None:
        status = StepStatus.DONE
        evidence = [t.pick("déjà vérifié : ", "already verified: ") + c.account_evidence(c.own_mastodon)]
    elif c.own_mastodon is not None:
        status = StepStatus.TODO
        evidence = [
            c.account_evidence(c.own_mastodon),
            t.pick(
                f"aucun champ de profil vérifié pointant vers {domain}",
                f"no verified profile field pointing to {domain}",
            ),
        ]
    elif c.report.mastodon.verdict is Verdict.UNKNOWN:
        status, evidence = StepStatus.CANNOT_TELL, c.mastodon_unknowns()
    else:
        status = StepStatus.TODO
        evidence = [
            t.pick(
                "aucun compte Mastodon de l’établissement trouvé",
                "no Mastodon account of the institution found",
            )
        ]
    how = [
        t.pick(
            f"Sur la page d’accueil {site}/, ajouter le lien ci-dessous (ou la balise <link> dans <head>) ; "
            "la page doit être en HTML simple, lisible sans JavaScript.",
            f"On the homepage {site}/, add the link below (or the <link> tag in <head>); the page must "
            "be plain HTML, readable without JavaScript.",
        )
        if not rel_me_on_site
        else t.pick(
            'La page d’accueil a déjà un lien rel="me" : il suffit du champ de profil.',
            'The homepage already has a rel="me" link: only the profile field is missing.',
        ),
        t.pick(
            f"Dans Mastodon : Modifier le profil → Champs supplémentaires : nom « {field_name} », "
            f"valeur « {site} », puis enregistrer ; le lien devient vert.",
            f'In Mastodon: Edit profile → Extra fields: name "{field_name}", value "{site}", then '
            "save; the link turns green.",
        ),
    ]
    if not c.mastodon_known:
        how.append(
            t.pick(
                f"{c.mastodon_handle} est un nom proposé : le remplacer partout par l’adresse réelle "
                "du compte.",
                f"{c.mastodon_handle} is a suggested name: replace it everywhere with the account's "
                "real address.",
            )
        )
    artifacts = (
        Artifact(
            kind="html",
            label=t.pick("Lien pour la page d’accueil", "Link for the homepage"),
            content=f'<a rel="me" href="{href}">Mastodon</a>',
        ),
        Artifact(
            kind="html",
            label=t.pick("Ou dans <head>", "Or in <head>"),
            content=f'<link rel="me" href="{href}">',
        ),
        Artifact(
            kind="profile_field",
            label=t.pick(f"Champ de profil « {field_name} »", f'Profile field "{field_name}"'),
            content=site,
        ),
    )
    return PlanStep(
        id="mastodon-verification",
        title=t.pick(
            "Mastodon : faire vérifier le compte par le site", "Mastodon: verify the account with the website"
        ),
        why=t.pick(
            "Le lien vert sur le profil prouve que le compte est bien celui de l’établissement : "
            "le site officiel le désigne, et le compte désigne le site.",
            "The green link on the profile proves the account is the institution's: the official site "
            "points to it, and it points to the site.",
        ),
        how=tuple(how),
        artifacts=artifacts,
        status=status,
        evidence=tuple(evidence),
        due=c.week2,
    )


def _bridge(c: _Ctx) -> PlanStep:
    t = c.t
    owned = [a for a in (c.own_mastodon, c.own_bluesky) if a is not None]
    how: list[str] = []
    evidence: list[str] = []
    for found in owned:
        bridge = found.bridge
        if bridge is None:
            continue
        if bridge.bridged is Verdict.PRESENT:
            shown = f" ({bridge.bridged_handle})" if bridge.bridged_handle else ""
            evidence.append(t.pick(f"{found.handle} est relié{shown}", f"{found.handle} is bridged{shown}"))
        elif bridge.bridged is Verdict.ABSENT:
            evidence.append(t.pick(f"{found.handle} n’est pas relié", f"{found.handle} is not bridged"))
        else:
            evidence.append(
                t.pick(
                    f"{found.handle} : pont non vérifiable", f"{found.handle}: bridge could not be checked"
                )
            )
        for gap in bridge.gaps:
            fr, en = _GAP_TEXT.get(gap, (gap, gap))
            how.append(f"{found.handle} : {fr}" if c.t.code == "fr" else f"{found.handle}: {en}")
    bridges = [a.bridge.bridged for a in owned if a.bridge is not None]
    if c.report is None:
        status, evidence = StepStatus.CANNOT_TELL, [c.not_checked]
    elif Verdict.PRESENT in bridges:
        status = StepStatus.DONE
    elif Verdict.ABSENT in bridges:
        status = StepStatus.TODO
    elif owned or c.report.mastodon.verdict is Verdict.UNKNOWN or c.report.bluesky.verdict is Verdict.UNKNOWN:
        # an account whose bridge could not be read, or an account that may exist where the check failed
        status = StepStatus.CANNOT_TELL
        if not evidence:
            evidence = c.mastodon_unknowns()
            if c.report.bluesky.verdict is Verdict.UNKNOWN:
                evidence.append(c.unknown_evidence(c.report.bluesky, "Bluesky"))
        evidence = evidence or [t.pick("pont non vérifié", "bridge not checked")]
    else:
        status = StepStatus.TODO
        evidence = [t.pick("aucun compte à relier pour l’instant", "no account to bridge yet")]
    mastodon = _mastodon_of(c.own_mastodon) if c.own_mastodon else None
    how.extend(
        [
            t.pick(
                "Depuis le compte Mastodon, suivre @bsky.brid.gy@bsky.brid.gy : le compte apparaît "
                "sur Bluesky" + (f" comme @{bluesky_handle_for(mastodon.acct)}." if mastodon else "."),
                "From the Mastodon account, follow @bsky.brid.gy@bsky.brid.gy: the account appears "
                "on Bluesky" + (f" as @{bluesky_handle_for(mastodon.acct)}." if mastodon else "."),
            ),
            t.pick(
                "Depuis le compte Bluesky, suivre @ap.brid.gy : le compte apparaît sur Mastodon.",
                "From the Bluesky account, follow @ap.brid.gy: the account appears on Mastodon.",
            ),
            t.pick(
                "Si l’établissement publie nativement sur les deux réseaux, ne relier qu’un seul compte, "
                "pour ne pas apparaître deux fois.",
                "If the institution posts natively on both networks, bridge one account only, so as not "
                "to appear twice.",
            ),
        ]
    )
    if c.report and c.report.own_mastodon_server is not None:
        how.append(
            t.pick(
                "Avec un serveur propre : rediriger /.well-known/atproto-did vers Bridgy Fed relie "
                "automatiquement tous ses comptes.",
                "With a server of its own: redirecting /.well-known/atproto-did to Bridgy Fed bridges "
                "all its accounts automatically.",
            )
        )
    artifacts = (
        Artifact(
            kind="text",
            label=t.pick("À suivre depuis Mastodon", "To follow from Mastodon"),
            content="@bsky.brid.gy@bsky.brid.gy",
        ),
        Artifact(
            kind="text",
            label=t.pick("À suivre depuis Bluesky", "To follow from Bluesky"),
            content="@ap.brid.gy",
        ),
    )
    return PlanStep(
        id="bridge",
        title=t.pick("Relier les deux réseaux avec Bridgy Fed", "Bridge the two networks with Bridgy Fed"),
        why=t.pick(
            "Bridgy Fed rend un compte Mastodon visible depuis Bluesky, et inversement : une seule "
            "publication touche les deux publics.",
            "Bridgy Fed makes a Mastodon account visible from Bluesky, and the other way round: one post "
            "reaches both audiences.",
        ),
        how=tuple(how),
        artifacts=artifacts,
        status=status,
        evidence=tuple(evidence),
        due=c.week2,
    )


def _website_links(c: _Ctx) -> PlanStep:
    t = c.t
    unread = c.website_unread()
    old = c.site_links(LEAVING)
    links = c.report.website.links if c.report and c.report.website and unread is None else ()
    has_mastodon = any(link.platform is LinkPlatform.MASTODON for link in links)
    has_bluesky = any(link.platform is LinkPlatform.BLUESKY for link in links)
    if unread is not None:
        status, evidence = StepStatus.CANNOT_TELL, [unread]
    else:
        evidence = [
            t.pick(
                f"la page d’accueil renvoie encore vers {p.label} : {url}",
                f"the homepage still links to {p.label}: {url}",
            )
            for p, url in old
        ]
        if not has_mastodon:
            evidence.append(t.pick("aucun lien vers Mastodon", "no link to Mastodon"))
        if not has_bluesky:
            evidence.append(t.pick("aucun lien vers Bluesky", "no link to Bluesky"))
        done = has_mastodon and has_bluesky and not old
        status = StepStatus.DONE if done else StepStatus.TODO
        if done:
            evidence.append(
                t.pick(
                    "la page d’accueil renvoie vers Mastodon et Bluesky, plus vers X ni Meta",
                    "the homepage links to Mastodon and Bluesky, and no longer to X or Meta",
                )
            )
    moved = c.moved_links(links)
    evidence += [
        t.pick(
            f"la page d’accueil renvoie vers {old}, qui a déménagé vers {new}",
            f"the homepage links to {old}, which moved to {new}",
        )
        for old, new in moved
    ]
    if moved:
        status = StepStatus.TODO
    how = [
        *(
            t.pick(
                f'Remplacer le lien vers {old} par {new} (en gardant rel="me").',
                f'Replace the link to {old} with {new} (keeping rel="me").',
            )
            for old, new in moved
        ),
        t.pick(
            "Remplacer les liens vers X, Facebook, Instagram et Threads (en-tête, pied de page, "
            "pages de contact, signatures électroniques) par les nouveaux comptes.",
            "Replace the links to X, Facebook, Instagram and Threads (header, footer, contact pages, "
            "e-mail signatures) with the new accounts.",
        ),
        t.pick(
            'Garder rel="me" sur le lien Mastodon : c’est lui qui vérifie le compte.',
            'Keep rel="me" on the Mastodon link: it is what verifies the account.',
        ),
        t.pick(
            "Sur les pages d’articles, la balise fediverse:creator crédite l’établissement dans les "
            "aperçus de liens sur Mastodon.",
            "On article pages, the fediverse:creator tag credits the institution in link previews on "
            "Mastodon.",
        ),
    ]
    if old:
        how.insert(
            0,
            t.pick("Liens à retirer : ", "Links to remove: ") + ", ".join(url for _, url in old),
        )
    snippet = (
        f'<a rel="me" href="{html.escape(c.mastodon_url, quote=True)}">Mastodon</a>\n'
        f'<a href="{html.escape(c.bluesky_url, quote=True)}">Bluesky</a>'
    )
    artifacts = (
        Artifact(kind="html", label=t.pick("Nouveaux liens", "New links"), content=snippet),
        Artifact(
            kind="html",
            label=t.pick("Pour les pages d’articles (dans <head>)", "For article pages (in <head>)"),
            content=f'<meta name="fediverse:creator" content="{html.escape(c.mastodon_handle, quote=True)}">',
        ),
    )
    return PlanStep(
        id="website-links",
        title=t.pick("Mettre à jour les liens du site", "Update the website's links"),
        why=t.pick(
            "Le site est la référence : tant qu’il renvoie vers X et Meta, il y envoie ses lecteurs.",
            "The website is the reference: as long as it links to X and Meta, it sends its readers there.",
        ),
        how=tuple(how),
        artifacts=artifacts,
        status=status,
        evidence=tuple(evidence),
        due=c.week3,
    )


def _handles_note(c: _Ctx) -> list[str]:
    t = c.t
    if c.mastodon_known:
        return []
    return [
        t.pick(
            f"Remplacer {c.mastodon_handle} par l’adresse réelle du compte Mastodon, si elle diffère.",
            f"Replace {c.mastodon_handle} with the Mastodon account's real address, if it differs.",
        )
    ]


def announcement_text(language: Language, mastodon: str, bluesky: str, day: dt.date) -> str:
    """The announcement post: the new addresses (``@user@host``, ``@handle``), and the day X stops."""
    t = Lang(language)
    d1 = t.date(day)
    return t.pick(
        f"Nous sommes désormais sur Mastodon et Bluesky !\n\nMastodon : {mastodon}\nBluesky : {bluesky}\n\n"
        f"À partir du {d1}, nous ne publierons plus sur X. Suivez-nous là-bas pour continuer à "
        "recevoir nos actualités.",
        f"We are now on Mastodon and Bluesky!\n\nMastodon: {mastodon}\nBluesky: {bluesky}\n\n"
        f"From {d1}, we will no longer post on X. Follow us there to keep getting our news.",
    )


def _announce(c: _Ctx) -> PlanStep:
    t = c.t
    m, b = c.mastodon_handle, c.bluesky_handle
    d1, d2 = c.t.date(c.week3), c.t.date(c.archive)
    x_links = c.site_links(_X_LINKS)
    if c.report is None:
        status, evidence = StepStatus.CANNOT_TELL, [c.not_checked]
    else:
        status = StepStatus.TODO
        evidence = [
            t.pick(f"compte X lié depuis le site : {url}", f"X account linked from the site: {url}")
            for _, url in x_links
        ] or [t.pick("le contrôle ne lit pas X", "the check does not read X")]
    announcement = announcement_text(c.t.code, m, b, c.week3)
    farewell = t.pick(
        f"Ce compte n’est plus mis à jour à partir du {d1}. Retrouvez-nous sur Mastodon ({m}) et "
        f"Bluesky ({b}).\n\nIl restera visible jusqu’au {d2}, puis sera archivé, sans être supprimé : "
        "personne ne pourra reprendre notre nom.",
        f"This account is no longer updated from {d1}. Find us on Mastodon ({m}) and Bluesky ({b}).\n\n"
        f"It will stay visible until {d2}, then be archived, never deleted: nobody will be able to "
        "take over our name.",
    )
    how = [
        t.pick(
            "Publier l’annonce sur X, sur les comptes Meta et sur les nouveaux comptes ; l’épingler.",
            "Post the announcement on X, on the Meta accounts and on the new accounts; pin it.",
        ),
        t.pick(
            f"Le {d1}, publier le message d’adieu sur X et l’épingler ; ne plus rien publier ensuite.",
            f"On {d1}, post the farewell on X and pin it; post nothing more afterwards.",
        ),
        t.pick(
            "Prévenir les partenaires, la presse et les services internes des nouvelles adresses.",
            "Tell partners, the press and internal services about the new addresses.",
        ),
        *_handles_note(c),
    ]
    return PlanStep(
        id="announce",
        title=t.pick("Annoncer le départ de X", "Announce the move and leave X"),
        why=t.pick(
            "Les abonnés ne suivent que s’ils savent où aller : l’annonce donne les nouvelles adresses, "
            "le message d’adieu reste en tête du compte X.",
            "Followers only follow if they know where to go: the announcement gives the new addresses, "
            "the farewell stays at the top of the X account.",
        ),
        how=tuple(how),
        artifacts=(
            Artifact(kind="post", label=t.pick("Annonce", "Announcement"), content=announcement),
            Artifact(
                kind="post", label=t.pick("Message d’adieu sur X", "Farewell post on X"), content=farewell
            ),
        ),
        status=status,
        evidence=tuple(evidence),
        due=c.week3,
    )


def _meta_status(c: _Ctx) -> tuple[StepStatus, list[str]]:
    t = c.t
    unread = c.website_unread()
    if unread is not None:
        return StepStatus.CANNOT_TELL, [unread]
    found = c.site_links(META)
    if found:
        return StepStatus.TODO, [
            t.pick(
                f"compte {p.label} lié depuis le site : {url}",
                f"{p.label} account linked from the site: {url}",
            )
            for p, url in found
        ]
    # not linked from the homepage does not mean it does not exist
    return StepStatus.CANNOT_TELL, [
        t.pick(
            "la page d’accueil ne renvoie vers aucun compte Facebook, Instagram ou Threads",
            "the homepage links to no Facebook, Instagram or Threads account",
        )
    ]


def _meta(c: _Ctx) -> PlanStep:
    t = c.t
    m, b = c.mastodon_handle, c.bluesky_handle
    d1, d2 = c.t.date(c.week3), c.t.date(c.archive)
    status, evidence = _meta_status(c)
    farewell = t.pick(
        f"Nous ne publions plus ici à partir du {d1}. Retrouvez-nous sur Mastodon ({m}) et Bluesky ({b}).\n\n"
        f"Ce compte restera visible jusqu’au {d2}, puis sera archivé, sans être supprimé.",
        f"We no longer post here from {d1}. Find us on Mastodon ({m}) and Bluesky ({b}).\n\n"
        f"This account will stay visible until {d2}, then be archived, never deleted.",
    )
    how = [
        t.pick(
            f"Le {d1}, publier le message d’adieu sur chaque compte Facebook, Instagram et Threads, "
            "et l’épingler.",
            f"On {d1}, post the farewell on each Facebook, Instagram and Threads account and pin it.",
        ),
        t.pick(
            "Mettre les nouvelles adresses dans la bio : sur Instagram, les liens des publications "
            "ne sont pas cliquables.",
            "Put the new addresses in the bio: on Instagram, links in posts are not clickable.",
        ),
        *_handles_note(c),
    ]
    return PlanStep(
        id="meta",
        title=t.pick("Quitter Facebook, Instagram et Threads", "Leave Facebook, Instagram and Threads"),
        why=t.pick(
            "Les mêmes raisons valent pour Meta : on prévient, on laisse le compte en sommeil, "
            "on ne le supprime pas.",
            "The same reasons hold for Meta: tell followers, leave the account dormant, do not delete it.",
        ),
        how=tuple(how),
        artifacts=(
            Artifact(
                kind="post", label=t.pick("Message d’adieu (Meta)", "Farewell post (Meta)"), content=farewell
            ),
        ),
        status=status,
        evidence=tuple(evidence),
        due=c.week3,
    )


def _archive_x(c: _Ctx) -> PlanStep:
    t = c.t
    m, b = c.mastodon_handle, c.bluesky_handle
    x_links = c.site_links(_X_LINKS)
    if c.report is None:
        status, evidence = StepStatus.CANNOT_TELL, [c.not_checked]
    else:
        status = StepStatus.TODO
        evidence = [
            t.pick(f"compte X lié depuis le site : {url}", f"X account linked from the site: {url}")
            for _, url in x_links
        ] or [t.pick("le contrôle ne lit pas X", "the check does not read X")]
    how = (
        t.pick(
            "Télécharger l’archive : Paramètres → Votre compte → Télécharger une archive de vos données.",
            "Download the archive: Settings → Your account → Download an archive of your data.",
        ),
        t.pick(
            "Remplacer la bio par le texte ci-dessous ; garder le message d’adieu épinglé.",
            "Replace the bio with the text below; keep the farewell post pinned.",
        ),
        t.pick(
            "Retirer l’accès des applications tierces ; garder identifiants et double authentification "
            "dans le gestionnaire de mots de passe.",
            "Revoke third-party apps; keep the credentials and two-factor authentication in the "
            "password manager.",
        ),
        t.pick(
            "Ne jamais désactiver ni supprimer le compte : X efface un compte désactivé au bout de 30 jours, "
            "et son nom peut alors être pris par un usurpateur.",
            "Never deactivate or delete the account: X erases a deactivated account after 30 days, and its "
            "name can then be taken by an impersonator.",
        ),
    )
    return PlanStep(
        id="archive-x",
        title=t.pick("Archiver le compte X, sans le supprimer", "Archive the X account, never delete it"),
        why=t.pick(
            "Un compte supprimé libère son nom : un usurpateur pourrait le reprendre et parler au nom "
            "de l’établissement.",
            "A deleted account frees its name: an impersonator could take it and speak in the "
            "institution's name.",
        ),
        how=how,
        artifacts=(
            Artifact(
                kind="text",
                label=t.pick("Bio du compte X", "X account bio"),
                content=t.pick(
                    f"Compte archivé. Retrouvez-nous sur Mastodon : {m} et Bluesky : {b}",
                    f"Archived account. Find us on Mastodon: {m} and Bluesky: {b}",
                ),
            ),
        ),
        status=status,
        evidence=tuple(evidence),
        due=c.archive,
    )


def _archive_meta(c: _Ctx) -> PlanStep:
    t = c.t
    status, evidence = _meta_status(c)
    how = (
        t.pick(
            "Télécharger les données : Espace Comptes → Vos informations et autorisations → "
            "Télécharger vos informations (Facebook et Instagram).",
            "Download the data: Accounts Center → Your information and permissions → Download your "
            "information (Facebook and Instagram).",
        ),
        t.pick(
            "Garder les pages et les comptes, avec le message d’adieu épinglé ; ne jamais les supprimer : "
            "un nom libéré peut être repris.",
            "Keep the pages and accounts, with the farewell pinned; never delete them: a freed name can "
            "be taken.",
        ),
        t.pick(
            "Retirer les accès des personnes qui ont quitté le service.",
            "Remove the access of people who have left the team.",
        ),
    )
    return PlanStep(
        id="archive-meta",
        title=t.pick(
            "Archiver les comptes Meta, sans les supprimer", "Archive the Meta accounts, never delete them"
        ),
        why=t.pick(
            "Comme pour X : un compte supprimé laisse son nom à qui veut le prendre.",
            "As with X: a deleted account leaves its name to whoever wants it.",
        ),
        how=how,
        status=status,
        evidence=tuple(evidence),
        due=c.archive,
    )


def build_plan(subject: Report | Institution | str, options: PlanOptions | None = None) -> MigrationPlan:
    """The migration plan from what a check found: ``subject`` is its `Report`, or the institution
    (or its name) when there was no check (offline: every status "cannot tell")."""
    if isinstance(options, Report | Institution):
        raise TypeError(
            "build_plan(subject, options): the institution comes from the report; "
            "build_plan(report, institution, options) is the call of quitx 0.1"
        )
    report, institution = split_subject(subject)
    options = options or PlanOptions()
    c = _Ctx(report, institution, options)
    t = c.t
    phases = (
        PlanPhase(
            id="week-1",
            title=t.pick(
                "Semaine 1 : réserver les noms et choisir une instance",
                "Week 1: secure the names and choose a home",
            ),
            steps=(_secure_names(c), _mastodon_home(c)),
        ),
        PlanPhase(
            id="week-2",
            title=t.pick(
                "Semaine 2 : prouver l’authenticité des comptes", "Week 2: prove the accounts are authentic"
            ),
            steps=(_bluesky_domain_handle(c), _mastodon_verification(c), _bridge(c)),
        ),
        PlanPhase(
            id="week-3",
            title=t.pick(
                "Semaine 3 : mettre à jour le site et annoncer", "Week 3: update the website and announce"
            ),
            steps=(_website_links(c), _announce(c), _meta(c)),
        ),
        PlanPhase(
            id="dormant",
            title=t.pick(
                f"Jusqu’au {t.date(c.archive)} : comptes X et Meta en sommeil, puis archivés",
                f"Until {t.date(c.archive)}: X and Meta accounts dormant, then archived",
            ),
            steps=(_archive_x(c), _archive_meta(c)),
        ),
    )
    return MigrationPlan(
        institution=institution,
        language=options.language,
        start=c.start,
        x_dormant_until=c.archive,
        checked_at=report.checked_at if report else None,
        phases=phases,
        recommended_instance=c.choice.host,
        instance_reasons=c.choice.reasons,
    )
