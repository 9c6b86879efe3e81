"""The batch's words, in French and in English (data only).

One `Msg` per sentence the batch writes for people: the input's errors and notices, the run's
notices, the printed summary and ``summary.html``. Placeholders are ``${name}``; the values are
plain text (file names, column names, handles, numbers already written in the language).
"""

from __future__ import annotations

from ..i18n import Msg

# --- the input ------------------------------------------------------------------------------------

LINE = Msg("ligne ${line} : ${message}", "line ${line}: ${message}")
IN_FILE = Msg("${source} : ${message}", "${source}: ${message}")
NO_NAME = Msg("pas de nom (la colonne du nom est obligatoire)", "no name (the name column is required)")
UNKNOWN_KIND = Msg("type inconnu ${kind} (au choix : ${kinds})", "unknown kind ${kind} (one of: ${kinds})")
HANDLES_NOT_TEXT = Msg("comptes : du texte attendu, pas ${value}", "handles: expected text, got ${value}")
HANDLES_NOT_LIST = Msg("comptes : du texte ou une liste attendus", "handles: expected text or a list")
BAD_HANDLE = Msg("compte invalide « ${handle} » : ${reason}", "bad handle '${handle}': ${reason}")
ROW_NOT_UTF8 = Msg(
    "pas en UTF-8 (octet 0x${byte} en colonne ${column}) : ligne sautée ; enregistrer le fichier en UTF-8",
    "not UTF-8 (byte 0x${byte} at column ${column}): row skipped; save the file as UTF-8",
)
NOT_CSV = Msg(
    "CSV invalide à cette ligne (guillemet non fermé, octet NUL ou champ trop long)",
    "not valid CSV at this line (an unclosed quote, a NUL byte or a field too long)",
)
TOO_MANY_FIELDS = Msg(
    "${fields} champs quand l’en-tête a ${columns} colonnes : vérifier les guillemets et le "
    "séparateur (${delimiter})",
    "${fields} fields where the header has ${columns}: check the quotes and the delimiter (${delimiter})",
)
INVALID_JSON = Msg("JSON invalide (colonne ${column})", "invalid JSON (column ${column})")
JSON_TOO_DEEP = Msg("JSON invalide : imbrication trop profonde", "invalid JSON: nested too deep")
NOT_AN_OBJECT = Msg("un objet JSON attendu (une institution)", "expected a JSON object (an Institution)")
UNKNOWN_COLUMNS = Msg(
    "${source} : colonne(s) ignorée(s) : ${columns} (colonnes lues : ${known} ; « quitx batch --help » "
    "donne tous leurs noms)",
    "${source}: ignoring unknown column(s): ${columns} (the columns read: ${known}; "
    "'quitx batch --help' lists every name they go by)",
)
UNKNOWN_KEYS = Msg(
    "${source} : ligne ${line} : clé(s) ignorée(s) : ${keys} (clés lues : ${known} ; dit une fois)",
    "${source}: line ${line}: ignoring unknown key(s): ${keys} (known: ${known}; said once)",
)

# --- the run --------------------------------------------------------------------------------------


LETTERS_AT_THE_END = Msg(
    "écriture des lettres : ${n} avec leur annexe en PDF, une fois les vérifications faites "
    "(environ 0,2 s chacune)",
    "writing the letters: ${n} with their annex as a PDF, now that the checks are done (about 0.2 s each)",
)
LETTERS_RENEWED = Msg(
    "lettres écrites à nouveau : ${n}, plus anciennes que la dernière vérification de leur "
    "institution (une copie modifiée à la main est à garder sous un autre nom)",
    "letters written again: ${n}, older than their institution's last check (keep a copy edited by "
    "hand under another name)",
)
NO_LETTER = Msg("pas de lettre pour ${name} : ${error}", "no letter for ${name}: ${error}")
SAME_INSTITUTION = Msg(
    "${source} : ligne ${line} : même institution qu’à la ligne ${first}, ignorée",
    "${source}: line ${line}: same institution as line ${first}, skipped",
)
CHECK_FAILED = Msg("${name} : ${failed}", "${name}: ${failed}")
CHECK_FAILED_PLAIN = Msg("la vérification a échoué", "the check failed")
# the error cell of summary.csv; ${error} is the program's own message (a bug to report)
CHECK_FAILED_BECAUSE = Msg("la vérification a échoué : ${error}", "the check failed: ${error}")
LOG_REPAIRED = Msg(
    "${path} : dernière ligne incomplète retirée (${bytes} octets), laissée par une exécution interrompue",
    "${path}: dropped an incomplete last line (${bytes} bytes) left by an interrupted run",
)
INTERRUPTED = Msg(
    "interrompu : ce qui était fini est gardé dans reports.jsonl",
    "interrupted: what was finished is kept in reports.jsonl",
)

# --- the summary ----------------------------------------------------------------------------------

ON_MASTODON = (
    Msg(
        "${n} sur ${total} est sur Mastodon (${mastodon}), ${on_bluesky} sur Bluesky (${bluesky})",
        "${n} of ${total} is on Mastodon (${mastodon}), ${on_bluesky} on Bluesky (${bluesky})",
    ),
    Msg(
        "${n} sur ${total} sont sur Mastodon (${mastodon}), ${on_bluesky} sur Bluesky (${bluesky})",
        "${n} of ${total} are on Mastodon (${mastodon}), ${on_bluesky} on Bluesky (${bluesky})",
    ),
)
# how an institution stands on a network (quitx.batch.summary.STANDINGS), counted
STANDING_COUNT = {
    "verified": (Msg("${n} vérifié", "${n} verified"), Msg("${n} vérifiés", "${n} verified")),
    "linked": (Msg("${n} lié par le site", "${n} linked"), Msg("${n} liés par le site", "${n} linked")),
    "candidate": (
        Msg("${n} candidat seulement", "${n} candidate only"),
        Msg("${n} candidats seulement", "${n} candidate only"),
    ),
    "absent": (Msg("${n} absent", "${n} absent"), Msg("${n} absents", "${n} absent")),
    "unknown": (Msg("${n} inconnu", "${n} unknown"), Msg("${n} inconnus", "${n} unknown")),
}
ACTIVITY_COUNT = {
    "active": (Msg("${n} actif", "${n} active"), Msg("${n} actifs", "${n} active")),
    "dormant": (Msg("${n} inactif", "${n} dormant"), Msg("${n} inactifs", "${n} dormant")),
    "never_posted": (
        Msg("${n} sans publication", "${n} never posted"),
        Msg("${n} sans publication", "${n} never posted"),
    ),
    "other": (Msg("${n} autre", "${n} other"), Msg("${n} autres", "${n} other")),
}
OF_THOSE_ON = Msg("comptes vérifiés ou liés : ${activity}", "verified or linked accounts: ${activity}")
CANDIDATES_APART = Msg(
    "comptes trouvés par le nom seulement, non comptés (rien ne prouve qu’ils sont ceux de "
    "l’institution) : ${mastodon} sur Mastodon, ${bluesky} sur Bluesky",
    "found by name only, not counted (nothing proves they are the institution's): ${mastodon} on "
    "Mastodon, ${bluesky} on Bluesky",
)
INCOMPLETE = (
    Msg("${n} n’a pas pu être entièrement vérifiée", "${n} could not be fully checked"),
    Msg("${n} n’ont pas pu être entièrement vérifiées", "${n} could not be fully checked"),
)
ROWS_WITH_ERRORS = (
    Msg("${n} ligne a une erreur (voir summary.csv)", "${n} row has an error (see summary.csv)"),
    Msg("${n} lignes ont une erreur (voir summary.csv)", "${n} rows have an error (see summary.csv)"),
)

# --- what a run did -------------------------------------------------------------------------------

THIS_RUN = Msg("Cette exécution : ${what}.", "This run: ${what}.")
WRITTEN = Msg("Écrit : ${files}", "Written: ${files}")
CHECKED_NOW = (
    Msg("${n} vérifiée maintenant", "checked ${n} now"),
    Msg("${n} vérifiées maintenant", "checked ${n} now"),
)
ENDED_UNKNOWN = (
    Msg(
        "${n} reste inconnue (relancer la même commande pour la vérifier à nouveau)",
        "${n} ended unknown (run the same command again to check them again)",
    ),
    Msg(
        "${n} restent inconnues (relancer la même commande pour les vérifier à nouveau)",
        "${n} ended unknown (run the same command again to check them again)",
    ),
)
SKIPPED = (
    Msg(
        "${n} déjà faite, sautée (--refresh la vérifie à nouveau)",
        "${n} already done, skipped (--refresh checks them again)",
    ),
    Msg(
        "${n} déjà faites, sautées (--refresh les vérifie à nouveau)",
        "${n} already done, skipped (--refresh checks them again)",
    ),
)
BAD_ROWS = (Msg("${n} ligne invalide", "${n} bad row"), Msg("${n} lignes invalides", "${n} bad rows"))
CHECKS_FAILED = (
    Msg("${n} vérification échouée", "${n} check failed"),
    Msg("${n} vérifications échouées", "${n} checks failed"),
)
DUPLICATES = (
    Msg("${n} ligne en double", "${n} duplicate row"),
    Msg("${n} lignes en double", "${n} duplicate rows"),
)
RUN_INTERRUPTED = Msg(
    "INTERROMPU : relancer la même commande pour continuer",
    "INTERRUPTED: run the same command again to go on",
)
LETTERS_WRITTEN = (
    Msg("${n} lettre écrite", "${n} letter written"),
    Msg("${n} lettres écrites", "${n} letters written"),
)

# --- summary.html ---------------------------------------------------------------------------------

HTML_TITLE = Msg("Présence sur Mastodon et Bluesky", "Presence on Mastodon and Bluesky")
HTML_TITLE_COUNT = (
    Msg("${title} — ${n} institution", "${title} — ${n} institution"),
    Msg("${title} — ${n} institutions", "${title} — ${n} institutions"),
)
HTML_META = (
    Msg(
        "${n} institution vérifiée · produit le ${when} par quitx ${version}",
        "${n} institution checked · generated ${when} by quitx ${version}",
    ),
    Msg(
        "${n} institutions vérifiées · produit le ${when} par quitx ${version}",
        "${n} institutions checked · generated ${when} by quitx ${version}",
    ),
)
CHART_STANDING = Msg(
    "Présence par réseau, selon ce qui est prouvé", "Presence per network, by what is proven"
)
CHART_ACTIVITY = Msg("Activité des comptes vérifiés ou liés", "Activity of the verified or linked accounts")
NONE_YET = Msg("aucun", "none")
# the charts' and the badges' labels
STANDING_LABEL = {
    "verified": Msg("vérifié", "verified"),
    "linked": Msg("lié par le site", "linked"),
    "candidate": Msg("candidat seulement", "candidate only"),
    "absent": Msg("absent", "absent"),
    "unknown": Msg("inconnu", "unknown"),
}
ACTIVITY_LABEL_OTHER = Msg("autre", "other")
INSTITUTIONS = Msg("Institutions", "Institutions")
COLUMN_INSTITUTION = Msg("Institution", "Institution")
COLUMN_DOMAIN = Msg("Domaine", "Domain")
COLUMN_WEBSITE = Msg("La page d’accueil renvoie vers", "Homepage links to")
COLUMN_LETTER = Msg("Lettre", "Letter")
COLUMN_ERROR = Msg("Erreur", "Error")
FOLLOWERS = (Msg("${n} abonné", "${n} follower"), Msg("${n} abonnés", "${n} followers"))
LAST_POST = Msg("dernière publication le ${date}", "last post ${date}")
NO_NETWORK = Msg("aucun réseau", "no network")
HOMEPAGE_NOT_READ = Msg("page d’accueil non lue : ${why}", "homepage not read: ${why}")
LETTER_LINK = Msg("la lettre", "the letter")
LEGEND = Msg(
    "<b>vérifié</b> : prouvé être le compte de l’institution (un lien de profil vérifié ou un "
    "pseudo de domaine) · <b>lié par le site</b> : le site officiel renvoie vers lui · <b>candidat "
    "seulement</b> : trouvé par le nom seulement, peut-être un compte de fan ou un imposteur, jamais "
    "compté comme présence · <b>absent</b> : aucun compte trouvé (chaque serveur a répondu, la "
    "recherche n’a trouvé personne de ce nom) · <b>inconnu</b> : quelque chose n’a pas pu être "
    "vérifié, à ne jamais lire comme absent · <b>inactif</b> : aucune publication depuis plus que le "
    "seuil d’inactivité.",
    "<b>verified</b>: proven to be the institution's (a verified profile link or a domain handle) · "
    "<b>linked</b>: the official site links to it · <b>candidate only</b>: found by name only, could "
    "be a fan account or an impersonator, never counted as present · <b>absent</b>: we found no "
    "account (every server answered, the search found nobody of that name) · <b>unknown</b>: "
    "something could not be checked: never read it as absent · <b>dormant</b>: no post for more than "
    "the dormancy threshold.",
)
