"""Until the archive day: the X and Meta accounts stay visible but dormant, then are archived —
never deleted (a freed name can be taken by an impersonator)."""

from __future__ import annotations

from .context import Ctx
from .models import Artifact, PlanStep
from .week3 import meta_status, x_status

__all__ = ["archive_meta", "archive_x"]


def archive_x(c: Ctx) -> PlanStep:
    t = c.t
    m, b = c.mastodon_handle, c.bluesky_handle
    status, evidence = x_status(c)
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


def archive_meta(c: Ctx) -> PlanStep:
    t = c.t
    status, evidence = meta_status(c)
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
