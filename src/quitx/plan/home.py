"""The Mastodon home: the account's own instance when it has one, its own server, an instance of
its own when asked, else the best of the instances proposed for its kind whose registrations are open
(as the check read them)."""

from __future__ import annotations

from dataclasses import dataclass

from ..models import InstitutionKind, Verdict
from .context import SAFE_HTTPS, Ctx, mastodon_of
from .models import StepStatus

__all__ = ["Choice", "choose_home"]

STATE_INSTANCE = "social.numerique.gouv.fr"
GENERAL_INSTANCE_FR = "piaille.fr"  # the configuration's default general instance
GENERAL_INSTANCE = "mastodon.social"


@dataclass(frozen=True)
class Choice:
    """Where the official Mastodon account lives, why there, and how to get there."""

    host: str | None
    reasons: tuple[str, ...]
    status: StepStatus
    evidence: tuple[str, ...]
    how: tuple[str, ...]
    signup_url: str | None


def _candidates(ctx: Ctx) -> list[tuple[str, str]]:
    """Preferred instances for this institution, best first, each with why."""
    t = ctx.t
    kind = ctx.institution.kind
    french = ctx.institution.country == "FR"
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


def choose_home(ctx: Ctx) -> Choice:
    t = ctx.t
    if ctx.own_mastodon is not None:
        account = mastodon_of(ctx.own_mastodon)
        host = ctx.own_mastodon.instance or (account.web_host if account else None)
        return Choice(
            host=host,
            reasons=(t.pick(f"déjà présent sur {host}", f"already at {host}"),),
            status=StepStatus.DONE,
            evidence=(
                t.pick(f"déjà sur {host} : ", f"already at {host}: ")
                + ctx.account_evidence(ctx.own_mastodon),
            ),
            how=(),
            signup_url=None,
        )
    own = ctx.report.own_mastodon_server if ctx.report else None
    if own is not None and own.reachable is Verdict.PRESENT:
        software = " ".join(s for s in (own.software, own.version) if s)
        detail = f" ({software})" if software else ""
        return Choice(
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
    if ctx.options.own_instance and ctx.domain:
        host = f"social.{ctx.domain}"
        return Choice(
            host=host,
            reasons=(
                t.pick(
                    f"une instance propre ({host}) donne des comptes à l’adresse du domaine "
                    f"(@nom@{ctx.domain}) et peut être reliée automatiquement à Bluesky",
                    f"an instance of its own ({host}) gives accounts at the domain's address "
                    f"(@name@{ctx.domain}) and can be bridged to Bluesky automatically",
                ),
            ),
            status=_home_status(ctx),
            evidence=_home_evidence(ctx),
            how=_own_instance_how(ctx, host),
            signup_url=None,
        )
    return _hosted_choice(ctx)


def _own_instance_how(ctx: Ctx, host: str) -> tuple[str, ...]:
    t = ctx.t
    domain = ctx.domain or "<domain>"
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


def _home_status(ctx: Ctx) -> StepStatus:
    if ctx.report is None or ctx.report.mastodon.verdict is Verdict.UNKNOWN:
        return StepStatus.CANNOT_TELL
    return StepStatus.TODO


def _home_evidence(ctx: Ctx) -> tuple[str, ...]:
    if ctx.report is None:
        return (ctx.not_checked,)
    unknowns = ctx.mastodon_unknowns()
    if unknowns:
        return tuple(unknowns)
    if ctx.mastodon:
        return tuple(ctx.account_evidence(a) for a in ctx.mastodon)
    return (
        ctx.t.pick(
            "nous n’avons trouvé aucun compte Mastodon de l’établissement",
            "we found no Mastodon account of the institution",
        ),
    )


def _hosted_choice(ctx: Ctx) -> Choice:
    t = ctx.t
    reasons: list[str] = []
    how: list[str] = []
    candidates = _candidates(ctx)
    for index, (host, why) in enumerate(candidates):
        following = candidates[index + 1][0] if index + 1 < len(candidates) else None
        info = ctx.instance_info(host)
        mode = info.registrations if info and info.reachable is Verdict.PRESENT else None
        if ctx.report is not None and mode == "closed":
            reasons.append(
                t.pick(
                    f"{host} : inscriptions fermées (lu le {ctx.checked_on()})",
                    f"{host}: registrations closed (read on {ctx.checked_on()})",
                )
            )
            continue
        reasons.insert(0, why)
        signup = f"https://{host}/auth/sign_up"
        if info and info.registration_url and SAFE_HTTPS.match(info.registration_url):
            signup = info.registration_url
        if ctx.report is None:
            reasons.append(
                t.pick(
                    f"{host} : mode d’inscription non contrôlé, à vérifier sur https://{host}/about",
                    f"{host}: registration mode not checked; see https://{host}/about",
                )
            )
        elif mode == "open":
            reasons.append(
                t.pick(
                    f"{host} : inscriptions ouvertes (lu le {ctx.checked_on()})",
                    f"{host}: registrations open (read on {ctx.checked_on()})",
                )
            )
        elif mode == "approval":
            reasons.append(
                t.pick(
                    f"{host} : inscriptions sur demande (lu le {ctx.checked_on()})",
                    f"{host}: registrations need approval (read on {ctx.checked_on()})",
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
        if following and (ctx.report is None or mode not in ("open", "approval")):
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
        how.extend(_own_instance_option(ctx))
        return Choice(
            host=host,
            reasons=tuple(reasons),
            status=_home_status(ctx),
            evidence=_home_evidence(ctx),
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
    return Choice(
        host=None,
        reasons=tuple(reasons),
        status=_home_status(ctx),
        evidence=_home_evidence(ctx),
        how=(*_own_instance_option(ctx),),
        signup_url=None,
    )


def _own_instance_option(ctx: Ctx) -> tuple[str, ...]:
    large = (
        InstitutionKind.RESEARCH,
        InstitutionKind.PUBLIC_ADMINISTRATION,
        InstitutionKind.LOCAL_GOVERNMENT,
    )
    if ctx.options.own_instance is False or not ctx.domain or ctx.institution.kind not in large:
        return ()
    host = f"social.{ctx.domain}"
    return (
        ctx.t.pick(
            f"Option pour un grand établissement : héberger sa propre instance ({host}). Les comptes "
            f"s’appellent alors @nom@{ctx.domain}, et une redirection de /.well-known/atproto-did "
            "vers Bridgy Fed les relie automatiquement à Bluesky.",
            f"An option for a large institution: run its own instance ({host}). Accounts are then "
            f"called @name@{ctx.domain}, and redirecting /.well-known/atproto-did to Bridgy Fed "
            "bridges them to Bluesky automatically.",
        ),
    )


# --- addresses used in artifacts -----------------------------------------------------------------
