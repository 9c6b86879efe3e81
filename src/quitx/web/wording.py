"""The pages' words, in French and English: one language per page.

``Words(lang)("key", name=…)`` gives the text with its ``{placeholders}`` filled; the templates
escape the result, values included. The language comes from the address (``/fr/``, ``/en/``),
else from ``Accept-Language`` (`negotiate`), else French.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from .library import LANGUAGES, Language

__all__ = ["LANGUAGES", "WORDS", "Language", "Words", "negotiate"]

WORDS: Mapping[str, tuple[str, str]] = {
    # --- the page -------------------------------------------------------------------------------------
    "title": ("Quitter X : écrire à son institution", "Leaving X: write to your institution"),
    "skip": ("Aller au contenu", "Skip to content"),
    "other_language": ("English", "Français"),
    "other_language_hint": ("Read this page in English", "Lire cette page en français"),
    "tagline": (
        "Votre institution est-elle déjà sur Mastodon et Bluesky ? quitx vérifie, avec les preuves, "
        "puis écrit une lettre argumentée à sa direction et un plan de migration pour son équipe.",
        "Is your institution on Mastodon and Bluesky already? quitx checks, with the evidence, "
        "then writes an argued letter to its management and a migration plan for its team.",
    ),
    "footer": (
        "quitx est un logiciel libre. Cette page ne dépose aucun cookie et ne charge rien d’ailleurs.",
        "quitx is free software. This page sets no cookie and loads nothing from elsewhere.",
    ),
    # --- the form -------------------------------------------------------------------------------------
    "institution": ("L’institution", "The institution"),
    "name": ("Nom de l’institution", "The institution’s name"),
    "name_hint": ("Par exemple : Université Rennes 2", "For example: Université Rennes 2"),
    "website": ("Son site web (facultatif)", "Its website (optional)"),
    "website_hint": (
        "Un domaine ou une adresse, par exemple univ-rennes2.fr. Sans site, quitx cherche par le nom "
        "seulement.",
        "A domain or an address, for example univ-rennes2.fr. Without one, quitx searches by name only.",
    ),
    "kind": ("Type d’institution", "Kind of institution"),
    "kind.auto": ("D’après son nom", "From its name"),
    "kind.higher_education": ("Enseignement supérieur", "Higher education"),
    "kind.research": ("Organisme de recherche", "Research body"),
    "kind.hospital": ("Établissement de santé", "Hospital"),
    "kind.public_administration": ("Administration publique", "Public administration"),
    "kind.local_government": ("Collectivité territoriale", "Local government"),
    "kind.company": ("Entreprise", "Company"),
    "kind.association": ("Association", "Association"),
    "kind.media": ("Média", "Media"),
    "kind.school": ("Établissement scolaire", "School"),
    "you": ("Vous (facultatif)", "You (optional)"),
    "you_hint": (
        "Pour signer la lettre. Rien n’est conservé : ces champs servent à cette page, puis sont oubliés.",
        "To sign the letter. Nothing is kept: these fields serve this page, then are forgotten.",
    ),
    "sender": ("Votre nom", "Your name"),
    "role": ("Votre fonction", "Your role"),
    "role_hint": ("Par exemple : maîtresse de conférences", "For example: lecturer"),
    "gender": ("Accord des mots qui vous désignent", "Agreement of the words about you"),
    "gender.n": ("inclusif (prêt·e)", "inclusive"),
    "gender.f": ("féminin (prête)", "feminine"),
    "gender.m": ("masculin (prêt)", "masculine"),
    "email": ("Votre adresse e-mail", "Your e-mail address"),
    "email_hint": (
        "Pour la signature et l’expéditeur du brouillon d’e-mail (.eml).",
        "For the signature and the sender of the e-mail draft (.eml).",
    ),
    "to": ("Adresse e-mail du destinataire", "The recipient’s e-mail address"),
    "to_hint": (
        "Par exemple la direction de la communication : le destinataire du brouillon (.eml).",
        "For example the communication office: the recipient of the draft (.eml).",
    ),
    "submit": ("Vérifier et écrire la lettre", "Check and write the letter"),
    "submit_hint": (
        "La vérification interroge les serveurs publics de Mastodon et de Bluesky et le site de "
        "l’institution : comptez de quelques secondes à une minute.",
        "The check asks Mastodon's and Bluesky's public servers and the institution's website: it "
        "takes a few seconds to a minute.",
    ),
    "error_title": ("Le formulaire contient une erreur", "There is a problem with the form"),
    "error.name.missing": ("Indiquez le nom de l’institution.", "Enter the institution’s name."),
    "error.name.too_long": (
        "Ce nom est trop long : 300 caractères au plus.",
        "This name is too long: 300 characters at most.",
    ),
    "error.website.invalid": (
        "Ce n’est pas une adresse de site : écrivez un domaine comme univ-rennes2.fr, ou une adresse "
        "qui commence par https://.",
        "This is not a website address: write a domain such as univ-rennes2.fr, or an address "
        "starting with https://.",
    ),
    "error.kind.invalid": ("Choisissez un type dans la liste.", "Choose a kind from the list."),
    "error.email.invalid": ("Cette adresse e-mail n’est pas valide.", "This e-mail address is not valid."),
    "error.to.invalid": ("Cette adresse e-mail n’est pas valide.", "This e-mail address is not valid."),
    "error.sender.too_long": ("200 caractères au plus.", "200 characters at most."),
    "error.role.too_long": ("200 caractères au plus.", "200 characters at most."),
    # --- progress ---------------------------------------------------------------------------------------
    "progress": ("Avancement", "Progress"),
    "queued": (
        "En file d’attente, position {position} : la vérification partira dès qu’une place se libère.",
        "In the queue, position {position}: the check starts as soon as a place is free.",
    ),
    "started": (
        "Vérification de {name} : site web, Mastodon, Bluesky…",
        "Checking {name}: website, Mastodon, Bluesky…",
    ),
    "network": (
        "Requêtes envoyées : {requests} ; réponses déjà connues : {cached}.",
        "Requests sent: {requests}; answers already known: {cached}.",
    ),
    "waiting": (
        "En attente de {hosts}, qui demande de ralentir.",
        "Waiting for {hosts}, which asked us to slow down.",
    ),
    "cached": (
        "Vérification déjà faite le {when} : elle sert à nouveau, sans rien redemander.",
        "Checked on {when} already: that check serves again, without asking anything.",
    ),
    "finished": ("Vérification terminée.", "Check finished."),
    "writing": ("La lettre et le plan sont prêts ci-dessous.", "The letter and the plan are ready below."),
    "failed": (
        "La vérification n’a pas pu aboutir (une erreur de quitx, qui est enregistrée). Réessayez plus tard.",
        "The check could not finish (a fault in quitx, which is logged). Please try again later.",
    ),
    "timed_out": (
        "La vérification a pris trop de temps et a été abandonnée. Réessayez dans quelques minutes.",
        "The check took too long and was abandoned. Please try again in a few minutes.",
    ),
    # --- what was found ---------------------------------------------------------------------------------
    "found": ("Ce que quitx a trouvé", "What quitx found"),
    "checked_on": ("Vérifié le {when}.", "Checked on {when}."),
    "state.present": ("présent", "present"),
    "state.candidate": ("à confirmer", "to confirm"),
    "state.absent": ("absent", "absent"),
    "state.unknown": ("impossible de conclure", "cannot tell"),
    "headline.verified": (
        "Un compte prouvé comme étant celui de l’institution.",
        "An account proven to be the institution’s.",
    ),
    "headline.linked": (
        "Un compte vers lequel le site officiel renvoie.",
        "An account the official website links to.",
    ),
    "headline.candidate": (
        "Seulement des comptes au nom proche : aucun n’est prouvé comme étant celui de l’institution.",
        "Only accounts with a similar name: none is proven to be the institution’s.",
    ),
    "headline.absent": (
        "Aucun compte trouvé, et chaque endroit interrogé a répondu.",
        "No account found, and every place asked answered.",
    ),
    "headline.unknown": (
        "Aucun compte trouvé, mais certains endroits n’ont pas pu être interrogés : "
        "on ne peut pas dire qu’il n’y en a pas.",
        "No account found, but some places could not be asked: one cannot say there is none.",
    ),
    "place.present": ("un compte trouvé", "an account found"),
    "place.absent": ("aucun compte", "no account"),
    "place.unknown": ("pas pu être interrogé : {reason}", "could not be asked: {reason}"),
    "place.unknown_plain": ("pas pu être interrogé", "could not be asked"),
    "places": ("Endroits interrogés", "Places asked"),
    "colon": ("\u00a0: ", ": "),
    "confidence.verified": ("vérifié", "verified"),
    "confidence.linked": ("lié", "linked"),
    "confidence.candidate": ("candidat", "candidate"),
    "explain.verified": (
        "Prouvé comme étant celui de l’institution : lien dans les deux sens avec son site, ou "
        "identifiant sur son propre domaine.",
        "Proven to be the institution’s: a link both ways with its website, or a handle on its own domain.",
    ),
    "explain.linked": (
        "Le site officiel renvoie vers ce compte, sans preuve dans l’autre sens.",
        "The official website links to this account, without proof the other way.",
    ),
    "explain.candidate": (
        "Seul le nom correspond : peut-être un compte de fan ou une usurpation. À vérifier avant de "
        "le citer.",
        "Only the name matches: it could be a fan account or an impersonator. Check before citing it.",
    ),
    "activity.active": ("actif", "active"),
    "activity.active_since": ("actif, dernier message le {day}", "active, last post on {day}"),
    "activity.dormant": ("en sommeil, dernier message le {day}", "dormant, last post on {day}"),
    "activity.dormant_plain": ("en sommeil", "dormant"),
    "activity.never_posted": ("n’a jamais publié", "never posted"),
    "activity.moved": ("a déménagé vers {target}", "moved to {target}"),
    "activity.moved_plain": ("a déménagé", "moved"),
    "activity.suspended": ("suspendu", "suspended"),
    "activity.deactivated": ("désactivé", "deactivated"),
    "activity.unknown": ("activité inconnue", "activity unknown"),
    "followers_1": ("{n} abonné", "{n} follower"),
    "followers_n": ("{n} abonnés", "{n} followers"),
    "bridged": ("relayé sur {other} par Bridgy Fed : {handle}", "bridged to {other} by Bridgy Fed: {handle}"),
    "blue_check": ("coche bleue de Bluesky", "Bluesky blue check"),
    "found_by": ("Trouvé par : {ways}", "Found through: {ways}"),
    "found_by.known handle": ("un compte donné avec l’institution", "a handle given with the institution"),
    "found_by.website link": ("un lien du site officiel", "a link on the official website"),
    "found_by.domain handle": ("le domaine de l’institution", "the institution’s domain"),
    "found_by.domain record": ("l’enregistrement DNS du domaine", "the domain’s DNS record"),
    "found_by.moved account": ("un compte trouvé qui y a déménagé", "a found account that moved there"),
    "found_by.candidate name": ("un nom probable essayé", "a likely name tried"),
    "found_by.search": ("la recherche par nom", "a search by name"),
    "evidence": ("Les preuves, requête par requête (en anglais)", "The evidence, request by request"),
    "no_display_name": ("(sans nom affiché)", "(no display name)"),
    "website_section": ("Le site web", "The website"),
    "site.none": (
        "Aucun site donné : quitx a cherché par le nom seulement.",
        "No website given: quitx searched by name only.",
    ),
    "site.links": (
        "Le site {url} a été lu ; il renvoie vers : {names}.",
        "The site {url} was read; it links to: {names}.",
    ),
    "site.no_links": (
        "Le site {url} a été lu ; il ne renvoie vers aucun réseau social.",
        "The site {url} was read; it links to no social network.",
    ),
    "site.unknown": (
        "Le site {url} n’a pas pu être lu : {reason}.",
        "The site {url} could not be read: {reason}.",
    ),
    "site.absent": (
        "Le site {url} n’existe pas (son nom ne mène nulle part).",
        "The site {url} does not exist (its name leads nowhere).",
    ),
    # --- the letter and the plan ----------------------------------------------------------------------------
    "letter": ("La lettre", "The letter"),
    "letter_hint": (
        "Relisez-la et modifiez-la ici (en Markdown : ## pour un titre, ** pour le gras, - pour une liste), "
        "puis téléchargez-la. Elle se termine par le plan.",
        "Read it and edit it here (in Markdown: ## for a heading, ** for bold, - for a list), then "
        "download it. It ends with the plan.",
    ),
    "subject": ("Objet", "Subject"),
    "letter_text": ("Texte de la lettre (Markdown)", "Text of the letter (Markdown)"),
    "download": ("Télécharger", "Download"),
    "download_as": ("{format}", "{format}"),
    "download_hint": (
        "Le fichier est fabriqué à partir du texte ci-dessus, tel que vous l’avez modifié.",
        "The file is made from the text above, as you edited it.",
    ),
    "plan": ("Le plan, pour l’équipe", "The plan, for the team"),
    "plan_hint": (
        "Les étapes concrètes et ce qu’il faut copier-coller : pour le service communication et "
        "l’informatique.",
        "The concrete steps and what to copy and paste: for the communication and IT teams.",
    ),
    "plan_edit": ("Modifier le plan avant de le télécharger", "Edit the plan before downloading it"),
    "plan_text": ("Texte du plan (Markdown)", "Text of the plan (Markdown)"),
    "again": ("Vérifier une autre institution", "Check another institution"),
    # --- privacy --------------------------------------------------------------------------------------
    "privacy": ("Vie privée", "Privacy"),
    "privacy_1": (
        "Pas de compte, pas de cookie. Votre nom, votre fonction et les adresses e-mail servent à écrire "
        "la lettre de cette page, puis sont oubliés : ils ne sont ni enregistrés ni journalisés.",
        "No account, no cookie. Your name, role and the e-mail addresses serve to write this page's "
        "letter, then are forgotten: they are neither stored nor logged.",
    ),
    "privacy_2": (
        "Ce qui est gardé, c’est le résultat public de la vérification (ce que les serveurs publics ont "
        "répondu sur l’institution), pour que la même question posée dans l’heure ne coûte rien.",
        "What is kept is the public result of the check (what public servers answered about the "
        "institution), so that the same question asked within the hour costs nothing.",
    ),
    "privacy_3": (
        "Pour limiter les abus, le nombre de requêtes par adresse IP est compté en mémoire, sous la forme "
        "d’une empreinte, pendant au plus une heure ; l’adresse n’est écrite nulle part.",
        "To limit abuse, requests are counted per IP address in memory, in a hashed form, for an hour "
        "at most; the address is written nowhere.",
    ),
    # --- refusals -------------------------------------------------------------------------------------------
    "busy_title": ("Beaucoup de monde en ce moment", "Busy right now"),
    "busy": (
        "Toutes les places de la file de vérification sont prises. Réessayez dans {seconds} secondes : "
        "rien de ce que vous avez saisi n’a été gardé, il faudra le saisir à nouveau.",
        "Every place in the check queue is taken. Please try again in {seconds} seconds: nothing you "
        "typed was kept, so you will need to type it again.",
    ),
    "limited_title": ("Un peu de patience", "Please slow down"),
    "limited": (
        "Beaucoup de demandes sont venues de votre connexion. Réessayez dans {seconds} secondes.",
        "Many requests came from your connection. Please try again in {seconds} seconds.",
    ),
    "forbidden_title": ("Demande refusée", "Request refused"),
    "forbidden": (
        "Ce formulaire s’envoie depuis les pages de ce site seulement.",
        "This form can only be sent from this site's own pages.",
    ),
    "too_large_title": ("Texte trop long", "Text too long"),
    "too_large": (
        "Ce qui a été envoyé dépasse {kb} Ko. Raccourcissez le texte et réessayez.",
        "What was sent is over {kb} KB. Shorten the text and try again.",
    ),
    "not_found_title": ("Page introuvable", "Page not found"),
    "not_found": ("Cette adresse ne mène à rien.", "Nothing lives at this address."),
    "back": ("Retour au formulaire", "Back to the form"),
}


_BEFORE_PUNCTUATION = re.compile(r" ([:;?!])")


class Words:
    """The words of one language."""

    def __init__(self, language: Language) -> None:
        self.language: Language = language
        self._index = LANGUAGES.index(language)

    def __call__(self, key: str, **values: object) -> str:
        text = WORDS[key][self._index]
        if self.language == "fr":  # a no-break space before : ; ? ! (written plain above, for reading)
            text = _BEFORE_PUNCTUATION.sub("\u00a0\\1", text)
        return text.format(**values) if values else text

    def has(self, key: str) -> bool:
        return key in WORDS

    @property
    def other(self) -> Language:
        return "en" if self.language == "fr" else "fr"


def negotiate(accept_language: str | None) -> Language:
    """The page's language from ``Accept-Language``: the first of fr/en by weight, else French."""
    best: tuple[float, int, Language] | None = None
    for position, part in enumerate((accept_language or "").split(",")[:32]):
        tag, _, params = part.strip().partition(";")
        primary = tag.strip().lower().split("-")[0]
        if primary not in LANGUAGES:
            continue
        weight = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        if weight <= 0:
            continue
        language: Language = "fr" if primary == "fr" else "en"
        candidate = (-weight, position, language)
        if best is None or candidate < best:
            best = candidate
    return best[2] if best is not None else "fr"
