"""Week 3: update the website's links, announce the move and leave X, leave Meta."""

from __future__ import annotations

import datetime as dt
import html

from ..i18n import Lang, Language
from ..models import LEAVING, META, LinkPlatform
from .context import X_LINKS, Ctx
from .models import Artifact, PlanStep, StepStatus

__all__ = ["announce", "announcement_text", "meta", "meta_status", "website_links", "x_status"]


def website_links(c: Ctx) -> PlanStep:
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


def handles_note(c: Ctx) -> list[str]:
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


def announce(c: Ctx) -> PlanStep:
    t = c.t
    m, b = c.mastodon_handle, c.bluesky_handle
    d1, d2 = c.t.date(c.week3), c.t.date(c.archive)
    status, evidence = x_status(c)
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
        *handles_note(c),
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


def x_status(c: Ctx) -> tuple[StepStatus, list[str]]:
    """Leaving X is always to do once checked: the check reads neither X nor its posts."""
    t = c.t
    if c.report is None:
        return StepStatus.CANNOT_TELL, [c.not_checked]
    evidence = [
        t.pick(f"compte X lié depuis le site : {url}", f"X account linked from the site: {url}")
        for _, url in c.site_links(X_LINKS)
    ]
    return StepStatus.TODO, evidence or [t.pick("le contrôle ne lit pas X", "the check does not read X")]


def meta_status(c: Ctx) -> tuple[StepStatus, list[str]]:
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


def meta(c: Ctx) -> PlanStep:
    t = c.t
    m, b = c.mastodon_handle, c.bluesky_handle
    d1, d2 = c.t.date(c.week3), c.t.date(c.archive)
    status, evidence = meta_status(c)
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
        *handles_note(c),
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
