"""The letter's phrases, in French and in English (data only): the status sentences, built from
what the check found, and the small fragments the content blocks take as values.

Phrases are templates in the letter's markup (`quitx.doc`): they are parsed before values are put
in, so that handles and display names stay inert. Their placeholders are the letter's values (the
institution's name forms, as in the content files: ``${name_de}``, ``${Name_the}``…) and the
phrase's own (``${network}``, ``${handle}``…). A phrase has the same placeholders in both
languages but for the name forms, which each language has its own of (`NAME_FORMS`).
"""

from __future__ import annotations

from collections.abc import Mapping

from ..i18n import Language, Msg

# the placeholders a phrase may have in one language and not in the other: the institution's
# names and the voice ("notre université", "elle"; "our university", "it"), see compose.voice_values
NAME_FORMS: Mapping[Language, frozenset[str]] = {
    "fr": frozenset({"notre", "Notre", "notre_det", "Notre_det", "nos", "il", "Il"}),
    "en": frozenset({"our", "Our", "our_det", "Our_det"}),
}


# --- the presence paragraph: one sentence for the accounts (clauses joined by " ; "), one for the site ---

INTRO_TODAY = Msg(
    "Avant de vous écrire, j’ai vérifié la présence de ${notre} sur les réseaux ouverts :",
    "Before writing to you, I checked whether ${our} is on the open networks:",
)

INTRO_CHECKED = Msg(
    "Le ${checked}, j’ai vérifié la présence de ${notre} sur les réseaux ouverts :",
    "On ${checked}, I checked whether ${our} is on the open networks:",
)


# --- the accounts found, and what was not found (never "absent" where the check was not conclusive) ------

HAS = Msg(
    "${il} dispose déjà d’un compte ${network}, ${handle}${details}",
    "it already has a ${network} account, ${handle}${details}",
)

HAS_ALSO = Msg(
    "${il} dispose aussi d’un compte ${network}, ${handle}${details}",
    "it also has a ${network} account, ${handle}${details}",
)

CANDIDATE = Msg(
    "un compte ${network}, ${handle}${display}, porte son nom, mais rien ne prouve son authenticité "
    "(compte tiers, voire usurpation)",
    "a ${network} account, ${handle}${display}, bears its name, but nothing shows that it is genuine "
    "(a third party’s, or an impersonation)",
)

DISPLAY_NAME = Msg(" (« ${display_name} »)", " (“${display_name}”)")

ABSENT_BOTH = Msg(
    "je n’ai trouvé aucun compte à son nom, ni sur Mastodon, ni sur Bluesky",
    "I found no account in its name, either on Mastodon or on Bluesky",
)

ABSENT = Msg(
    "je n’ai trouvé aucun compte ${network} à son nom${where}",
    "I found no ${network} account in its name${where}",
)

WHERE_INSTANCES = Msg(" (instances consultées : ${instances})", " (instances searched: ${instances})")

UNKNOWN = Msg(
    "je n’ai pas pu vérifier sa présence sur ${network} (${why})",
    "I could not check whether it is on ${network} (${why})",
)

UNKNOWN_PARTIAL = Msg(
    "je n’ai trouvé aucun compte à son nom sur ${absent_on}, mais je n’ai pas pu consulter "
    "${unknown_on} (${why})",
    "I found no account in its name on ${absent_on}, but could not search ${unknown_on} (${why})",
)

UNKNOWN_ALSO = Msg("je n’ai pas pu consulter ${why}", "I could not search ${why}")

SERVICE_REASON = Msg("le service ${reason}", "the service ${reason}")

HOST_REASON = Msg("${host} ${reason}", "${host} ${reason}")

HOST_WHICH = Msg("${host}, qui ${reason}", "${host}, which ${reason}")

INCONCLUSIVE = Msg("la vérification n’a pas abouti", "the check did not conclude")


# --- an account's details --------------------------------------------------------------------------------

VERIFIED = Msg("vérifié", "verified")

LINKED = Msg("relié depuis notre site", "linked from our website")

BLUE_CHECK = Msg("avec la coche bleue de Bluesky", "with Bluesky’s blue check")

FOLLOWER = Msg("${n} abonné", "${n} follower")

FOLLOWERS = Msg("${n} abonnés", "${n} followers")

LAST_POST = Msg("dernier message le ${day}", "last post on ${day}")

DORMANT_SINCE = Msg("sans message depuis le ${day}", "no post since ${day}")

NEVER_POSTED = Msg("aucun message publié", "no post yet")

MOVED_TO = Msg("redirigé vers ${target}", "moved to ${target}")

SUSPENDED = Msg("suspendu par son serveur", "suspended by its server")

DEACTIVATED = Msg("désactivé", "deactivated")

BRIDGED = Msg("visible sur ${other} sous ${bridged_handle}", "visible on ${other} as ${bridged_handle}")


# --- the website (a second sentence) -----------------------------------------------------------------

SITE_OLD = Msg(
    "${Notre_det} page d’accueil renvoie encore vers ${platforms}.",
    "${Our_det} homepage still links to ${platforms}.",
)

SITE_OLD_NEW = Msg(
    "${Notre_det} page d’accueil renvoie encore vers ${platforms}, et déjà vers ${new}.",
    "${Our_det} homepage still links to ${platforms}, and already to ${new}.",
)

SITE_NEW = Msg(
    "${Notre_det} page d’accueil renvoie déjà vers ${new}, et plus vers X ni vers les réseaux de Meta.",
    "${Our_det} homepage already links to ${new}, and no longer to X or to Meta’s networks.",
)

SITE_NONE = Msg(
    "${Notre_det} page d’accueil ne renvoie ni vers X ni vers les réseaux de Meta.",
    "${Our_det} homepage links neither to X nor to Meta’s networks.",
)

SITE_UNKNOWN = Msg(
    "Je n’ai pas pu lire ${notre_det} page d’accueil (${site}).",
    "I could not read ${our_det} homepage (${site}).",
)


# --- fragments the content blocks use --------------------------------------------------------------------

REGISTRATIONS_AS_READ = Msg(
    "J’ai constaté le ${checked} que les inscriptions y étaient ${mode}.",
    "On ${checked}, its registrations were ${mode}.",
)

HANDLE_EXAMPLE_BLUESKY = Msg(" (@${domain})", " (@${domain})")

HANDLE_EXAMPLE_OWN = Msg(" (@actualites@${domain})", " (@news@${domain})")

PLAN_MENTION = Msg(
    "Vous trouverez en dernière page le plan proposé, résumé pour la décision, et en annexe son "
    "détail étape par étape. ",
    "Please find on the last page the proposed plan, summed up for a decision, and attached its "
    "step-by-step details. ",
)

PLAN_CHECKED = Msg("à partir de la vérification du ${checked}", "from the check of ${checked}")

PLAN_OFFLINE = Msg(
    "sans vérification préalable : ses constats restent à confirmer",
    "without a prior check: its findings remain to be confirmed",
)

# the usual letter's request about the open networks, by what the check found
ASK_OPEN = Msg(
    "se dote de comptes vérifiés sur Bluesky et sur Mastodon",
    "open verified accounts on Bluesky and Mastodon",
)
ASK_VERIFY = Msg(
    "fasse vérifier ses comptes sur Bluesky et sur Mastodon",
    "have its Bluesky and Mastodon accounts verified",
)
ASK_MAIN = Msg(
    "fasse de ses comptes vérifiés sur Bluesky et sur Mastodon ses canaux principaux",
    "make its verified Bluesky and Mastodon accounts its main channels",
)
ASK_ALSO = Msg(
    "complète son compte ${has} par un compte vérifié sur ${other}",
    "add a verified ${other} account to its ${has} account",
)

# the finishing letter, when no claim dates the exit: what the sender knows, said as theirs
SELF_EXIT_SITE = Msg(
    "J’ai constaté que ${notre_det} page d’accueil ne renvoie plus vers X.",
    "I have noticed that ${our_det} homepage no longer links to X.",
)

SELF_EXIT_GIVEN = Msg(
    "${Notre} a déjà pris ses distances avec X.",
    "${Our} has already stepped back from X.",
)


# --- the sender ------------------------------------------------------------------------------------------

NO_NAME = Msg("[Prénom Nom]", "[Your name]")

OBJET = Msg("Objet", "Subject")
