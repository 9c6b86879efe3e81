"""The observatory's words for people, in French and in English (data only): what a sector run
prints after the batch's own summary, what changed between two runs (the reports' words), and the
review of the QuickStatements proposed to Wikidata."""

from __future__ import annotations

from ..i18n import Msg

WIKIDATA = Msg(
    "Wikidata (${source}) : ${items} éléments, ${institutions} institutions vérifiées${dropped}.",
    "Wikidata (${source}): ${items} items, ${institutions} institutions checked${dropped}.",
)
DROPPED = Msg(" ; ${n} valeurs écartées (voir ${file})", "; ${n} values dropped (see ${file})")
AGAINST = Msg(
    "Wikidata face à la vérification : ${said} (détails dans ${file}).",
    "Wikidata against the live check: ${said} (details in ${file}).",
)
NOTHING_TO_COMPARE = Msg("rien à comparer", "nothing to compare")
# a comparison's status (quitx.observatory.compare), counted
STATUS = {
    "agree": (Msg("${n} concorde", "${n} agree"), Msg("${n} concordent", "${n} agree")),
    "unproven": (Msg("${n} non prouvé", "${n} unproven"), Msg("${n} non prouvés", "${n} unproven")),
    "another": (
        Msg("${n} autre compte prouvé", "${n} another"),
        Msg("${n} autres comptes prouvés", "${n} another"),
    ),
    "absent": (Msg("${n} absent", "${n} absent"), Msg("${n} absents", "${n} absent")),
    "unknown": (Msg("${n} inconnu", "${n} unknown"), Msg("${n} inconnus", "${n} unknown")),
    "missing": (Msg("${n} manquant", "${n} missing"), Msg("${n} manquants", "${n} missing")),
}
RECORDED = Msg(
    "Historique : exécution ${run} enregistrée dans ${path}.", "History: run ${run} recorded in ${path}."
)
INTERRUPTED = Msg(
    "Historique : exécution interrompue, non enregistrée.",
    "History: this run was interrupted and is not recorded.",
)
NOT_RECORDED = Msg(
    "Historique : non enregistrée (--history FICHIER garde chaque exécution, que quitx changes compare).",
    "History: not recorded (--history FILE keeps each run, for quitx changes to compare).",
)

# --- what changed (quitx.observatory.change_text; the reports of quitx.observatory.feeds) ----------------

# a change's title, by its kind (ChangeKind's values)
CHANGE_TITLE = {
    "account_appeared": Msg("Nouveau compte", "New account"),
    "account_verified": Msg("Compte vérifié", "Account verified"),
    "verification_lost": Msg("Vérification perdue", "Verification lost"),
    "account_dormant": Msg("Compte devenu inactif", "Account gone quiet"),
    "account_active_again": Msg("Compte de nouveau actif", "Account active again"),
    "account_moved": Msg("Compte déménagé", "Account moved"),
    "account_disappeared": Msg("Compte disparu", "Account gone"),
    "not_confirmed": Msg("Pas revu (non vérifié)", "Not seen again (not checked)"),
    "lookalike_appeared": Msg("Compte au nom semblable", "Look-alike account"),
    "link_dropped": Msg("Lien retiré du site", "Website link dropped"),
    "link_added": Msg("Lien ajouté au site", "Website link added"),
    "instance_closed": Msg("Instance fermée aux inscriptions", "Instance closed registrations"),
    "instance_reopened": Msg("Instance rouverte aux inscriptions", "Instance reopened registrations"),
    "institution_added": Msg("Institution ajoutée", "Institution added"),
    "institution_removed": Msg("Institution retirée", "Institution removed"),
}
# a change in one sentence; the English, filled with codes, is the change's own `detail` (its JSON)
APPEARED = Msg(
    "${handle} est le compte de l’institution (${confidence})",
    "${handle} is the institution's (${confidence})",
)
NOW_LINKED = Msg(
    "${handle} est désormais lié depuis le site de l’institution",
    "${handle} is now linked from the institution's website",
)
LOOKALIKE = Msg(
    "${handle} porte le nom de l’institution, et rien ne prouve qu’il est le sien : un compte de fan "
    "ou une usurpation, jusqu’à preuve du contraire",
    "${handle} bears the institution's name, and nothing proves it is the institution's: a fan account or "
    "an impersonator until proven otherwise",
)
NOW_VERIFIED = Msg(
    "${handle} est désormais vérifié (auparavant : ${before})",
    "${handle} is now verified (was ${before})",
)
NO_LONGER_VERIFIED = Msg(
    "${handle} n’est plus vérifié (désormais : ${after})",
    "${handle} is no longer verified (now ${after})",
)
MOVED = Msg("${handle} a déménagé vers ${target}", "${handle} moved to ${target}")
ANOTHER_ACCOUNT = Msg("un autre compte", "another account")
DORMANT = Msg(
    "${handle} ne publie plus : aucune publication depuis longtemps",
    "${handle} went quiet: no post for a long time",
)
ACTIVE_AGAIN = Msg("${handle} publie de nouveau", "${handle} posts again")
DISAPPEARED = Msg(
    "${handle} (${before}) n’a pas été retrouvé, alors que l’exécution pouvait le voir : supprimé, "
    "ou plus nommé par l’institution",
    "${handle} (${before}) was not found again, and the run could look: gone, or no longer named by the "
    "institution",
)
NOT_CONFIRMED = Msg(
    "${handle} (${before}) n’a pas été revu, mais ${why} : ce n’est pas une disparition",
    "${handle} (${before}) was not seen again, but ${why}: not a disappearance",
)
# why the later run could not look (Change.why)
NOT_SEEN_BECAUSE = {
    "website_unread": Msg("le site n’a pas pu être lu cette fois", "the website could not be read this time"),
    "network_unknown": Msg(
        "${network} n’a pas pu être entièrement vérifié cette fois",
        "${network} could not be fully checked this time",
    ),
    "instance_unknown": Msg(
        "${instance} n’a pas pu être interrogée cette fois", "${instance} could not be asked this time"
    ),
}
NOT_SEEN_SOMEWHERE = Msg(  # a change of an older quitx, which did not keep why
    "l’exécution n’a pas pu regarder partout cette fois", "the run could not look everywhere this time"
)
ITS_INSTANCE = Msg("son instance", "its instance")
LINK_DROPPED = Msg("le site ne renvoie plus vers ${platform}", "the website no longer links to ${platform}")
LINK_ADDED = Msg("le site renvoie désormais vers ${platform}", "the website now links to ${platform}")
LINK_AGAIN = Msg("le site renvoie de nouveau vers ${platform}", "the website links to ${platform} again")
INSTANCE_CLOSED = Msg(
    "${host} a fermé ses inscriptions (auparavant : ${before})",
    "${host} closed its registrations (was ${before})",
)
INSTANCE_REOPENED = Msg(
    "${host} accepte de nouveau les inscriptions (${after})", "${host} takes registrations again (${after})"
)
INSTITUTION_ADDED = Msg(
    "${name} figure dans cette exécution, pas dans la précédente",
    "${name} is in this run, not in the earlier one",
)
INSTITUTION_REMOVED = Msg("${name} ne figure pas dans cette exécution", "${name} is not in this run")

# the report around the changes
HEADING = Msg(
    "Ce qui a changé : exécution ${first} (${first_day}) → exécution ${last} (${last_day})",
    "What changed: run ${first} (${first_day}) → run ${last} (${last_day})",
)
SOURCE = Msg(
    "Source : ${source}. ${institutions} ; ${changes}.",
    "Source: ${source}. ${institutions}; ${changes}.",
)
IN_THE_LATER_RUN = (
    Msg("${n} institution dans l’exécution la plus récente", "${n} institution in the later run"),
    Msg("${n} institutions dans l’exécution la plus récente", "${n} institutions in the later run"),
)
CHANGES = (Msg("${n} changement", "${n} change"), Msg("${n} changements", "${n} changes"))
NOTHING_CHANGED = Msg("Rien n’a changé.", "Nothing changed.")
INSTANCES = Msg("Instances", "Instances")  # the heading of the instances' changes
FEED_TITLE = Msg("Observatoire quitx : ce qui a changé", "quitx observatory: what changed")
ENTRY_TITLE = Msg("${title} : ${who}", "${title}: ${who}")

# --- the QuickStatements review (quitx.observatory.givingback) ------------------------------------------

REVIEW_TITLE = Msg("Déclarations Wikidata proposées", "Proposed Wikidata statements")
REVIEW_NONE = Msg(
    "Aucune : aucun compte vérifié ne manque à Wikidata.",
    "None: no verified account is missing from Wikidata.",
)
REVIEW_STATEMENT = Msg(
    "${item} ${institution} : ${property} ${value} — preuve : ${url} (lue le ${day})",
    "${item} ${institution}: ${property} ${value} — evidence ${url} (read ${day})",
)
REVIEW_NOT_PROPOSED = Msg("Non proposées", "Not proposed")
REVIEW_SKIPPED = Msg(
    "${qid} ${institution} : ${account} — ${why}", "${qid} ${institution}: ${account} — ${why}"
)
# why an account is not proposed (givingback.Skipped.why)
NOT_PROPOSED_BECAUSE = {
    "no_wikidata_value": Msg(
        "aucune valeur que Wikidata accepte (un compte Bluesky sans pseudo vérifié)",
        "no value Wikidata takes (a Bluesky account without a verified handle)",
    ),
    "proof_without_url": Msg(
        "sa preuve n’a pas d’URL à citer (un enregistrement DNS) : la citer à la main",
        "its proof has no URL to cite (a DNS record): reference it by hand",
    ),
}
