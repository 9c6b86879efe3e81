"""The batch's words, in French and in English (data only).

One `Msg` per sentence the batch writes for people: the input's errors and notices, the run's
notices, the printed summary and ``summary.html``. Placeholders are ``${name}``; the values are
plain text (file names, column names, handles, numbers already written in the language).
"""

from __future__ import annotations

from ..i18n import Msg

# --- the input ------------------------------------------------------------------------------------

LINE = Msg("ligne ${line} : ${message}", "line ${line}: ${message}")
NO_NAME = Msg("pas de nom (la colonne du nom est obligatoire)", "no name (the name column is required)")
UNKNOWN_KIND = Msg("type inconnu ${kind} (au choix : ${kinds})", "unknown kind ${kind} (one of: ${kinds})")
HANDLES_NOT_TEXT = Msg("comptes : du texte attendu, pas ${value}", "handles: expected text, got ${value}")
HANDLES_NOT_LIST = Msg("comptes : du texte ou une liste attendus", "handles: expected text or a list")
BAD_HANDLE = Msg("compte invalide ${handle} : ${reason}", "bad handle ${handle}: ${reason}")
ROW_NOT_UTF8 = Msg(
    "pas en UTF-8 (octet 0x${byte} en colonne ${column}) : ligne sautée ; enregistrer le fichier en UTF-8",
    "not UTF-8 (byte 0x${byte} at column ${column}): row skipped; save the file as UTF-8",
)
FILE_NOT_UTF8 = Msg(
    "pas en UTF-8 : octet 0x${byte} en ligne ${line}, colonne ${column} (position ${offset} dans le "
    "fichier) ; l’enregistrer en UTF-8 et relancer",
    "not UTF-8: byte 0x${byte} at line ${line}, column ${column} (offset ${offset} in the file); save "
    "it as UTF-8 and run again",
)
UNREADABLE = Msg("illisible : ${why}", "cannot read it: ${why}")
NO_SUCH_FILE = Msg("fichier introuvable", "no such file")
IS_A_DIRECTORY = Msg("c’est un dossier", "it is a directory")
PERMISSION_DENIED = Msg("accès refusé", "permission denied")
NOT_CSV = Msg("CSV invalide : ${error}", "not valid CSV: ${error}")
TOO_MANY_FIELDS = Msg(
    "${fields} champs quand l’en-tête a ${columns} colonnes : vérifier les guillemets et le "
    "séparateur (${delimiter})",
    "${fields} fields where the header has ${columns}: check the quotes and the delimiter (${delimiter})",
)
INVALID_JSON = Msg("JSON invalide : ${error}", "invalid JSON: ${error}")
JSON_TOO_DEEP = Msg("JSON invalide : imbrication trop profonde", "invalid JSON: nested too deep")
NOT_AN_OBJECT = Msg("un objet JSON attendu (une institution)", "expected a JSON object (an Institution)")
NO_NAME_COLUMN = Msg(
    "ligne ${line} : aucune colonne ne donne le nom des institutions (colonnes lues avec le "
    "séparateur ${delimiter} : ${found}) ; nommer cette colonne ${names}",
    "line ${line}: no column gives the institutions' names (columns read with the delimiter "
    "${delimiter}: ${found}); call that column ${names}",
)
UNKNOWN_COLUMNS = Msg(
    "${source} : colonne(s) ignorée(s) : ${columns} (colonnes lues : ${known} ; « quitx batch --help » "
    "donne tous leurs noms)",
    "${source}: ignoring unknown column(s): ${columns} (the columns read: ${known}; "
    "'quitx batch --help' lists every name they go by)",
)
UNKNOWN_KEYS = Msg(
    "${source} : ligne ${line} : clé(s) ignorée(s) : ${keys} (clés lues : ${known} ; dit une fois)",
    "${source}: line ${line}: ignoring unknown key(s): ${keys} (known: ${known}; said once)",
)

# --- the run --------------------------------------------------------------------------------------

NO_LETTER = Msg("pas de lettre pour ${name} : ${error}", "no letter for ${name}: ${error}")
SAME_INSTITUTION = Msg(
    "${source} : ligne ${line} : même institution qu’à la ligne ${first}, ignorée",
    "${source}: line ${line}: same institution as line ${first}, skipped",
)
CHECK_FAILED = Msg("${name} : la vérification a échoué : ${error}", "${name}: the check failed: ${error}")
CHECK_FAILED_PLAIN = Msg("la vérification a échoué", "the check failed")
LOG_REPAIRED = Msg(
    "${path} : dernière ligne incomplète retirée (${bytes} octets), laissée par une exécution interrompue",
    "${path}: dropped an incomplete last line (${bytes} bytes) left by an interrupted run",
)
INTERRUPTED = Msg(
    "interrompu : ce qui était fini est gardé dans reports.jsonl",
    "interrupted: what was finished is kept in reports.jsonl",
)
