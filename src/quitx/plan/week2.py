"""Week 2: prove the accounts are the institution's (the Bluesky domain handle, Mastodon's verified
link), and bridge the two networks."""

from __future__ import annotations

import html

from .._urls import host_within
from ..handles import bluesky_handle_for
from ..models import Confidence, FoundBy, LinkPlatform, Verdict
from .context import SAFE_DID, Ctx, bluesky_of, mastodon_of
from .models import Artifact, PlanStep, StepStatus

__all__ = ["bluesky_domain_handle", "bridge", "mastodon_verification"]

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


def bluesky_domain_handle(c: Ctx) -> PlanStep:
    t = c.t
    domain = c.domain or t.pick("<domaine>", "<domain>")
    account = bluesky_of(c.own_bluesky) if c.own_bluesky else None
    # only an account the institution owns gives the DID: a lookalike's DID would hand it the domain
    did = account.did if account and SAFE_DID.match(account.did) else None
    did_text = did or t.pick(
        "<DID du compte, affiché dans Paramètres → Compte → Pseudo>",
        "<DID of the account, shown in Settings → Account → Handle>",
    )
    on_domain = next(
        (
            a
            for a in c.bluesky
            if a.confidence is Confidence.VERIFIED
            and (acc := bluesky_of(a)) is not None
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


def mastodon_verification(c: Ctx) -> PlanStep:
    t = c.t
    domain = c.domain or t.pick("<domaine>", "<domain>")
    site = f"https://{domain}"
    href = html.escape(c.mastodon_url, quote=True)
    field_name = t.pick("Site web", "Website")
    account = mastodon_of(c.own_mastodon) if c.own_mastodon else None
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


def bridge(c: Ctx) -> PlanStep:
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
    mastodon = mastodon_of(c.own_mastodon) if c.own_mastodon else None
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
