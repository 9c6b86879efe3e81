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

# the institution's name as each language writes it, and the French verb that agrees with it
# (letter values, see compose.name_values): the only placeholders a phrase may have in one
# language and not in the other
NAME_FORMS: Mapping[Language, frozenset[str]] = {
    "fr": frozenset({"institution", "name_le", "Name_le", "name_de", "name_a", "dispose"}),
    "en": frozenset({"institution", "name_the", "Name_the"}),
}


# --- the introduction ------------------------------------------------------------------------------------

INTRO_CHECKED = Msg(
    "D’après une vérification faite le ${checked} :",
    "According to a check made on ${checked}:",
)

INTRO_OFFLINE = Msg(
    "Cette lettre a été préparée sans vérification en ligne :",
    "This letter was prepared without checking online:",
)

OFFLINE_ACCOUNTS = Msg(
    "nous n’avons pas vérifié l’existence d’un compte ${name_de} sur Mastodon ou sur Bluesky.",
    "we did not check whether ${name_the} already has an account on Mastodon or Bluesky.",
)

OFFLINE_SITE = Msg(
    "nous n’avons pas vérifié vers quels réseaux renvoie notre site (${site}).",
    "we did not check which networks our website (${site}) links to.",
)


# --- the accounts found, and what was not found (never "absent" where the check was not conclusive) ------

HAS = Msg(
    "${Name_le} ${dispose} déjà d’un compte ${network}, ${handle}${details}.",
    "${Name_the} already has a ${network} account, ${handle}${details}.",
)

HAS_ALSO = Msg(
    "${Name_le} ${dispose} aussi d’un compte ${network}, ${handle}${details}.",
    "${Name_the} also has a ${network} account, ${handle}${details}.",
)

CANDIDATE = Msg(
    "un compte ${network} ${handle}${display} porte son nom, mais rien ne le relie ${name_a} : ce "
    "peut être un compte tiers, voire une usurpation.",
    "a ${network} account ${handle}${display} bears its name, but nothing links it to ${name_the}: it "
    "may be a third party’s, or an impersonation.",
)

DISPLAY_NAME = Msg(" (« ${display_name} »)", " (“${display_name}”)")

ABSENT_BOTH = Msg(
    "nous n’avons trouvé aucun compte ${name_de} ni sur Mastodon ni sur Bluesky.",
    "we found no account of ${name_the} on either Mastodon or Bluesky.",
)

ABSENT = Msg(
    "nous n’avons trouvé aucun compte ${network} ${name_de}${where}.",
    "we found no ${network} account of ${name_the}${where}.",
)

WHERE_INSTANCES = Msg(" (instances consultées : ${instances})", " (instances searched: ${instances})")

UNKNOWN = Msg(
    "nous n’avons pas pu vérifier la présence ${name_de} sur ${network} (${why}).",
    "we could not check whether ${name_the} is on ${network} (${why}).",
)

UNKNOWN_PARTIAL = Msg(
    "nous n’avons trouvé aucun compte ${name_de} sur ${absent_on}, mais nous n’avons pas pu vérifier "
    "${unknown_on} (${why}).",
    "we found no account of ${name_the} on ${absent_on}, but could not check ${unknown_on} (${why}).",
)

UNKNOWN_ALSO = Msg("nous n’avons pas pu consulter ${why}.", "we could not search ${why}.")

SERVICE_REASON = Msg("le service ${reason}", "the service ${reason}")

HOST_REASON = Msg("${host} ${reason}", "${host} ${reason}")

HOST_WHICH = Msg("${host}, qui ${reason}", "${host}, which ${reason}")

INCONCLUSIVE = Msg("la vérification n’a pas abouti", "the check was inconclusive")


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


# --- the website -----------------------------------------------------------------------------------------

SITE_OLD = Msg(
    "notre site (${site}) renvoie encore vers ${platforms}.",
    "our website (${site}) still links to ${platforms}.",
)

SITE_NEW = Msg("notre site renvoie déjà vers ${platforms}.", "our website already links to ${platforms}.")

SITE_NONE = Msg(
    "notre page d’accueil (${site}) ne renvoie ni vers X ni vers les réseaux de Meta.",
    "our homepage (${site}) links neither to X nor to Meta’s networks.",
)

SITE_UNKNOWN = Msg(
    "nous n’avons pas pu lire notre page d’accueil (${site}) pour voir vers quels réseaux elle renvoie.",
    "we could not read our homepage (${site}) to see which networks it links to.",
)


# --- fragments the content blocks use --------------------------------------------------------------------

OWN_SERVER = Msg(
    "Nous disposons déjà d’un serveur compatible Mastodon, ${host}. ",
    "We already run a Mastodon-compatible server, ${host}. ",
)

REGISTRATIONS_AS_READ = Msg(
    " (inscriptions ${mode}, constaté le ${checked})",
    " (registrations ${mode}, as of ${checked})",
)

HANDLE_EXAMPLE_BLUESKY = Msg(" (par exemple @${domain})", " (for example @${domain})")

HANDLE_EXAMPLE_OWN = Msg(" (par exemple @actualites@${domain})", " (for example @news@${domain})")

PLAN_CHECKED = Msg("à partir de la vérification du ${checked}", "from the check of ${checked}")

PLAN_OFFLINE = Msg(
    "sans vérification en ligne : ses constats sont à confirmer",
    "without checking online: its findings are to be confirmed",
)


# --- the sender ------------------------------------------------------------------------------------------

DEFAULT_ROLE = Msg("membre du personnel", "a member of staff")

NO_NAME = Msg("[Prénom Nom]", "[Your name]")
