"""The pages' words, in French and English: one language per page.

``Words(lang)("key", name=…)`` gives the text with its ``${placeholders}`` filled; the templates
escape the result, values included. The language comes from the address (``/fr/``, ``/en/``),
else from ``Accept-Language`` (`negotiate`), else French.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from .library import FOUND_BY_WAYS, LANGUAGES, SECTOR_WORDS, Lang, Language, Msg

__all__ = ["LANGUAGES", "WORDS", "Language", "Words", "negotiate"]

WORDS: Mapping[str, Msg] = {
    # --- the page -------------------------------------------------------------------------------------
    "title": Msg("Quitter X : écrire à son institution", "Leaving X: write to your institution"),
    "skip": Msg("Aller au contenu", "Skip to content"),
    "other_language": Msg("English", "Français"),
    "other_language_hint": Msg("Read this page in English", "Lire cette page en français"),
    "tagline": Msg(
        "Votre institution est-elle déjà sur Mastodon et Bluesky ? quitx vérifie, avec les preuves, "
        "puis écrit une lettre argumentée à sa direction et un plan de migration pour son équipe.",
        "Is your institution on Mastodon and Bluesky already? quitx checks, with the evidence, "
        "then writes an argued letter to its management and a migration plan for its team.",
    ),
    "footer": Msg(
        "quitx est un logiciel libre. Cette page ne dépose aucun cookie et ne charge rien d’ailleurs.",
        "quitx is free software. This page sets no cookie and loads nothing from elsewhere.",
    ),
    # --- the form -------------------------------------------------------------------------------------
    "institution": Msg("L’institution", "The institution"),
    "name": Msg("Nom de l’institution", "The institution’s name"),
    "name_hint": Msg("Par exemple : Université Rennes 2", "For example: Université Rennes 2"),
    "website": Msg("Son site web (facultatif)", "Its website (optional)"),
    "website_hint": Msg(
        "Un domaine ou une adresse, par exemple univ-rennes2.fr. Sans site, quitx cherche par le nom "
        "seulement.",
        "A domain or an address, for example univ-rennes2.fr. Without one, quitx searches by name only.",
    ),
    "kind": Msg("Type d’institution", "Kind of institution"),
    "kind.auto": Msg("D’après son nom", "From its name"),
    **{f"kind.{kind.value}": words for kind, words in SECTOR_WORDS.items()},
    "you": Msg("Vous (facultatif)", "You (optional)"),
    "you_hint": Msg(
        "Pour signer la lettre. Rien n’est conservé : ces champs servent à cette page, puis sont oubliés.",
        "To sign the letter. Nothing is kept: these fields serve this page, then are forgotten.",
    ),
    "sender": Msg("Votre nom", "Your name"),
    "role": Msg("Votre fonction", "Your role"),
    "role_hint": Msg("Par exemple : maîtresse de conférences", "For example: lecturer"),
    "gender": Msg("Accord des mots qui vous désignent", "Agreement of the words about you"),
    "gender.n": Msg("inclusif (prêt·e)", "inclusive"),
    "gender.f": Msg("féminin (prête)", "feminine"),
    "gender.m": Msg("masculin (prêt)", "masculine"),
    "email": Msg("Votre adresse e-mail", "Your e-mail address"),
    "email_hint": Msg(
        "Pour la signature et l’expéditeur du brouillon d’e-mail (.eml).",
        "For the signature and the sender of the e-mail draft (.eml).",
    ),
    "to": Msg("Adresse e-mail du destinataire", "The recipient’s e-mail address"),
    "to_hint": Msg(
        "Par exemple la direction de la communication : le destinataire du brouillon (.eml).",
        "For example the communication office: the recipient of the draft (.eml).",
    ),
    "submit": Msg("Vérifier et écrire la lettre", "Check and write the letter"),
    "submit_hint": Msg(
        "La vérification interroge les serveurs publics de Mastodon et de Bluesky et le site de "
        "l’institution : comptez de quelques secondes à une minute.",
        "The check asks Mastodon's and Bluesky's public servers and the institution's website: it "
        "takes a few seconds to a minute.",
    ),
    "error_title": Msg("Le formulaire contient une erreur", "There is a problem with the form"),
    "error.name.missing": Msg("Indiquez le nom de l’institution.", "Enter the institution’s name."),
    "error.name.too_long": Msg(
        "Ce nom est trop long : 300 caractères au plus.",
        "This name is too long: 300 characters at most.",
    ),
    "error.website.invalid": Msg(
        "Ce n’est pas une adresse de site : écrivez un domaine comme univ-rennes2.fr, ou une adresse "
        "qui commence par https://.",
        "This is not a website address: write a domain such as univ-rennes2.fr, or an address "
        "starting with https://.",
    ),
    "error.kind.invalid": Msg("Choisissez un type dans la liste.", "Choose a kind from the list."),
    "error.email.invalid": Msg("Cette adresse e-mail n’est pas valide.", "This e-mail address is not valid."),
    "error.to.invalid": Msg("Cette adresse e-mail n’est pas valide.", "This e-mail address is not valid."),
    "error.sender.too_long": Msg("200 caractères au plus.", "200 characters at most."),
    "error.role.too_long": Msg("200 caractères au plus.", "200 characters at most."),
    # --- progress ---------------------------------------------------------------------------------------
    "progress": Msg("Avancement", "Progress"),
    "queued": Msg(
        "En file d’attente, position ${position} : la vérification partira dès qu’une place se libère.",
        "In the queue, position ${position}: the check starts as soon as a place is free.",
    ),
    "started": Msg(
        "Vérification de ${name} : site web, Mastodon, Bluesky…",
        "Checking ${name}: website, Mastodon, Bluesky…",
    ),
    "network": Msg(
        "Requêtes envoyées : ${requests} ; réponses déjà connues : ${cached}.",
        "Requests sent: ${requests}; answers already known: ${cached}.",
    ),
    "waiting": Msg(
        "En attente de ${hosts}, qui demande de ralentir.",
        "Waiting for ${hosts}, which asked us to slow down.",
    ),
    "cached": Msg(
        "Vérification déjà faite le ${when} : elle sert à nouveau, sans rien redemander.",
        "Checked on ${when} already: that check serves again, without asking anything.",
    ),
    "finished": Msg("Vérification terminée.", "Check finished."),
    "writing": Msg(
        "La lettre et son annexe technique sont prêtes ci-dessous.",
        "The letter and its technical annex are ready below.",
    ),
    "failed": Msg(
        "La vérification n’a pas pu aboutir (une erreur de quitx, qui est enregistrée). Réessayez plus tard.",
        "The check could not finish (a fault in quitx, which is logged). Please try again later.",
    ),
    "timed_out": Msg(
        "La vérification a pris trop de temps et a été abandonnée. Réessayez dans quelques minutes.",
        "The check took too long and was abandoned. Please try again in a few minutes.",
    ),
    # --- what was found ---------------------------------------------------------------------------------
    "found": Msg("Ce que quitx a trouvé", "What quitx found"),
    "checked_on": Msg("Vérifié le ${when}.", "Checked on ${when}."),
    "state.present": Msg("présent", "present"),
    "state.candidate": Msg("à confirmer", "to confirm"),
    "state.absent": Msg("absent", "absent"),
    "state.unknown": Msg("impossible de conclure", "cannot tell"),
    "headline.verified": Msg(
        "Un compte prouvé comme étant celui de l’institution.",
        "An account proven to be the institution’s.",
    ),
    "headline.linked": Msg(
        "Un compte vers lequel le site officiel renvoie.",
        "An account the official website links to.",
    ),
    "headline.candidate": Msg(
        "Seulement des comptes au nom proche : aucun n’est prouvé comme étant celui de l’institution.",
        "Only accounts with a similar name: none is proven to be the institution’s.",
    ),
    "headline.absent": Msg(
        "Aucun compte trouvé, et chaque endroit interrogé a répondu.",
        "No account found, and every place asked answered.",
    ),
    "headline.unknown": Msg(
        "Aucun compte trouvé, mais certains endroits n’ont pas pu être interrogés : "
        "on ne peut pas dire qu’il n’y en a pas.",
        "No account found, but some places could not be asked: one cannot say there is none.",
    ),
    "place.present": Msg("un compte trouvé", "an account found"),
    "place.absent": Msg("aucun compte", "no account"),
    "place.unknown": Msg("pas pu être interrogé : ${reason}", "could not be asked: ${reason}"),
    "place.unknown_plain": Msg("pas pu être interrogé", "could not be asked"),
    "places": Msg("Endroits interrogés", "Places asked"),
    "colon": Msg("\u00a0: ", ": "),
    "confidence.verified": Msg("vérifié", "verified"),
    "confidence.linked": Msg("lié", "linked"),
    "confidence.candidate": Msg("candidat", "candidate"),
    "explain.verified": Msg(
        "Prouvé comme étant celui de l’institution : lien dans les deux sens avec son site, ou "
        "identifiant sur son propre domaine.",
        "Proven to be the institution’s: a link both ways with its website, or a handle on its own domain.",
    ),
    "explain.linked": Msg(
        "Le site officiel renvoie vers ce compte, sans preuve dans l’autre sens.",
        "The official website links to this account, without proof the other way.",
    ),
    "explain.candidate": Msg(
        "Seul le nom correspond : peut-être un compte de fan ou une usurpation. À vérifier avant de "
        "le citer.",
        "Only the name matches: it could be a fan account or an impersonator. Check before citing it.",
    ),
    "activity.active": Msg("actif", "active"),
    "activity.active_since": Msg("actif, dernier message le ${day}", "active, last post on ${day}"),
    "activity.dormant": Msg("en sommeil, dernier message le ${day}", "dormant, last post on ${day}"),
    "activity.dormant_plain": Msg("en sommeil", "dormant"),
    "activity.never_posted": Msg("n’a jamais publié", "never posted"),
    "activity.moved": Msg("a déménagé vers ${target}", "moved to ${target}"),
    "activity.moved_plain": Msg("a déménagé", "moved"),
    "activity.suspended": Msg("suspendu", "suspended"),
    "activity.deactivated": Msg("désactivé", "deactivated"),
    "activity.unknown": Msg("activité inconnue", "activity unknown"),
    "followers_1": Msg("${n} abonné", "${n} follower"),
    "followers_n": Msg("${n} abonnés", "${n} followers"),
    "bridged": Msg(
        "relayé sur ${other} par Bridgy Fed : ${handle}", "bridged to ${other} by Bridgy Fed: ${handle}"
    ),
    "blue_check": Msg("coche bleue de Bluesky", "Bluesky blue check"),
    "found_by": Msg("Trouvé par : ${ways}", "Found through: ${ways}"),
    **{f"found_by.{way}": words for way, words in FOUND_BY_WAYS.items()},
    "evidence": Msg("Les preuves, requête par requête (en anglais)", "The evidence, request by request"),
    "no_display_name": Msg("(sans nom affiché)", "(no display name)"),
    "website_section": Msg("Le site web", "The website"),
    "site.none": Msg(
        "Aucun site donné : quitx a cherché par le nom seulement.",
        "No website given: quitx searched by name only.",
    ),
    "site.links": Msg(
        "Le site ${url} a été lu ; il renvoie vers : ${names}.",
        "The site ${url} was read; it links to: ${names}.",
    ),
    "site.no_links": Msg(
        "Le site ${url} a été lu ; il ne renvoie vers aucun réseau social.",
        "The site ${url} was read; it links to no social network.",
    ),
    "site.unknown": Msg(
        "Le site ${url} n’a pas pu être lu : ${reason}.",
        "The site ${url} could not be read: ${reason}.",
    ),
    "site.absent": Msg(
        "Le site ${url} n’existe pas (son nom ne mène nulle part).",
        "The site ${url} does not exist (its name leads nowhere).",
    ),
    # --- the letter and the plan ----------------------------------------------------------------------------
    "letter": Msg("La lettre", "The letter"),
    "letter_hint": Msg(
        "Relisez-la et modifiez-la ici (en Markdown : ## pour un titre, ** pour le gras, - pour une liste ; "
        "| et |> pour les lignes à gauche et à droite). Elle se termine par le plan proposé, en une page "
        "pour la décision ; l’annexe technique ci-dessous la suit dans les fichiers.",
        "Read it and edit it here (in Markdown: ## for a heading, ** for bold, - for a list; | and |> "
        "for lines on the left and on the right). It ends with the proposed plan, on one page for the "
        "decision; the technical annex below follows it in the files.",
    ),
    "subject": Msg("Objet", "Subject"),
    "letter_text": Msg("Texte de la lettre (Markdown)", "Text of the letter (Markdown)"),
    "download": Msg("Télécharger", "Download"),
    "download_letter": Msg("Télécharger la lettre", "Download the letter"),
    "download_annex": Msg("Télécharger l’annexe seule", "Download the annex alone"),
    "download_as": Msg("${format}", "${format}"),
    "download_hint": Msg(
        "Le fichier est fabriqué à partir du texte ci-dessus, tel que vous l’avez modifié, suivi de "
        "l’annexe (jointe à l’e-mail). Le HTML est mis en page comme une lettre imprimée.",
        "The file is made from the text above, as you edited it, followed by the annex (attached to the "
        "e-mail). The HTML is laid out as a printed letter.",
    ),
    "download_hint_pdf": Msg(
        "Le fichier est fabriqué à partir du texte ci-dessus, tel que vous l’avez modifié, suivi de "
        "l’annexe (jointe à l’e-mail). PDF et HTML sont mis en page comme une lettre imprimée.",
        "The file is made from the text above, as you edited it, followed by the annex (attached to the "
        "e-mail). PDF and HTML are laid out as a printed letter.",
    ),
    "annex": Msg("L’annexe technique, pour l’équipe", "The technical annex, for the team"),
    "annex_hint": Msg(
        "Les étapes concrètes et ce qu’il faut copier-coller : pour le service communication et "
        "l’informatique.",
        "The concrete steps and what to copy and paste: for the communication and IT teams.",
    ),
    "annex_edit": Msg("Modifier l’annexe avant de la télécharger", "Edit the annex before downloading it"),
    "annex_text": Msg("Texte de l’annexe (Markdown)", "Text of the annex (Markdown)"),
    "again": Msg("Vérifier une autre institution", "Check another institution"),
    # --- privacy --------------------------------------------------------------------------------------
    "privacy": Msg("Vie privée", "Privacy"),
    "privacy_1": Msg(
        "Pas de compte, pas de cookie. Votre nom, votre fonction et les adresses e-mail servent à écrire "
        "la lettre de cette page, puis sont oubliés : ils ne sont ni enregistrés ni journalisés.",
        "No account, no cookie. Your name, role and the e-mail addresses serve to write this page's "
        "letter, then are forgotten: they are neither stored nor logged.",
    ),
    "privacy_2": Msg(
        "Ce qui est gardé, c’est le résultat public de la vérification (ce que les serveurs publics ont "
        "répondu sur l’institution), pour que la même question posée dans l’heure ne coûte rien.",
        "What is kept is the public result of the check (what public servers answered about the "
        "institution), so that the same question asked within the hour costs nothing.",
    ),
    "privacy_3": Msg(
        "Pour limiter les abus, le nombre de requêtes par adresse IP est compté en mémoire, sous la forme "
        "d’une empreinte, pendant au plus une heure ; l’adresse n’est écrite nulle part.",
        "To limit abuse, requests are counted per IP address in memory, in a hashed form, for an hour "
        "at most; the address is written nowhere.",
    ),
    # --- refusals -------------------------------------------------------------------------------------------
    "busy_title": Msg("Beaucoup de monde en ce moment", "Busy right now"),
    "busy": Msg(
        "Toutes les places de la file de vérification sont prises. Réessayez dans ${seconds} secondes : "
        "rien de ce que vous avez saisi n’a été gardé, il faudra le saisir à nouveau.",
        "Every place in the check queue is taken. Please try again in ${seconds} seconds: nothing you "
        "typed was kept, so you will need to type it again.",
    ),
    "limited_title": Msg("Un peu de patience", "Please slow down"),
    "limited": Msg(
        "Beaucoup de demandes sont venues de votre connexion. Réessayez dans ${seconds} secondes.",
        "Many requests came from your connection. Please try again in ${seconds} seconds.",
    ),
    "forbidden_title": Msg("Demande refusée", "Request refused"),
    "forbidden": Msg(
        "Ce formulaire s’envoie depuis les pages de ce site seulement.",
        "This form can only be sent from this site's own pages.",
    ),
    "too_large_title": Msg("Texte trop long", "Text too long"),
    "too_large": Msg(
        "Ce qui a été envoyé dépasse ${kb} Ko. Raccourcissez le texte et réessayez.",
        "What was sent is over ${kb} KB. Shorten the text and try again.",
    ),
    "not_found_title": Msg("Page introuvable", "Page not found"),
    "not_found": Msg("Cette adresse ne mène à rien.", "Nothing lives at this address."),
    "back": Msg("Retour au formulaire", "Back to the form"),
}


_BEFORE_PUNCTUATION = re.compile(r" ([:;?!])")


class Words:
    """The words of one language."""

    def __init__(self, language: Language) -> None:
        self.language: Language = language
        self._lang = Lang(language)

    def __call__(self, key: str, **values: object) -> str:
        msg = WORDS[key]
        # a no-break space before : ; ? ! in French (written plain above, for reading), in the words
        # only: a value (an institution's name) is left as it is
        msg = Msg(_BEFORE_PUNCTUATION.sub("\u00a0\\1", msg.fr), msg.en)
        return self._lang(msg, **{name: str(value) for name, value in values.items()})

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
