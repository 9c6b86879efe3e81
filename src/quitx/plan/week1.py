"""Week 1: secure the names on both networks, and choose the Mastodon home."""

from __future__ import annotations

from collections.abc import Sequence

from ..models import Confidence, Platform, Verdict
from .context import Ctx
from .models import Artifact, PlanStep, StepStatus

__all__ = ["mastodon_home", "secure_names"]


def _combine(statuses: Sequence[StepStatus]) -> StepStatus:
    if any(s is StepStatus.TODO for s in statuses):
        return StepStatus.TODO
    if any(s is StepStatus.CANNOT_TELL for s in statuses):
        return StepStatus.CANNOT_TELL
    return StepStatus.DONE


def _name_on(c: Ctx, platform: Platform) -> tuple[StepStatus, list[str], list[str]]:
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


def secure_names(c: Ctx) -> PlanStep:
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


def mastodon_home(c: Ctx) -> PlanStep:
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
