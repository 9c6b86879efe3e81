"""The words of quitx's errors, in French and in English (data only): one `Msg` per code of
`quitx.errors.codes`, and the frames an error puts them in ("not an account reference: …").

Placeholders are the error's ``values`` (``${value}``, ``${max}``…); a value that is a code
(``${problem}``, ``${why}``, ``${reason}``) is said with its own message, in the same language.
The French follows quitx's one rule of typography (`quitx.i18n.typography`: a no-break space
before the colon, a narrow one before ; ! ? and inside « », the typographic apostrophe), written
here as it prints; a test holds every message to it.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from .._msg import Msg
from .codes import (
    BatchInputProblem,
    ConfigProblem,
    FieldProblem,
    FileProblem,
    HistoryProblem,
    NameProblem,
    ObservatoryProblem,
    OutputDirProblem,
    ReferenceProblem,
    ReportProblem,
    SourceProblem,
    TemplateProblem,
    UsageProblem,
)

# --- the frames -----------------------------------------------------------------------------------

NOT_A_REFERENCE = Msg(
    "« ${text} » n’est pas une référence de compte : ${reason}",
    "not an account reference: '${text}': ${reason}",
)
INSTITUTION = Msg("institution : ${issues}", "institution: ${issues}")
AT_PATH = Msg("${path} : ${message}", "${path}: ${message}")
TEMPLATE_AT = Msg("modèle ${path} : ${message}", "template ${path}: ${message}")
ANSWERED = Msg("${message} : ${answer}", "${message}: ${answer}")
ISSUE = Msg("${field} : ${problem}", "${field}: ${problem}")
ISSUE_SEPARATOR = Msg(" ; ", "; ")

# an institution's fields, as a person names them (a CSV header may use either language)
INSTITUTION_FIELDS: Mapping[str, Msg] = {
    "name": Msg("nom", "name"),
    "domain": Msg("domaine", "domain"),
    "homepage": Msg("page d’accueil", "homepage"),
    "handles": Msg("comptes", "handles"),
    "kind": Msg("type", "kind"),
    "country": Msg("pays", "country"),
    "language": Msg("langue", "language"),
}

# --- account references ---------------------------------------------------------------------------

REFERENCE: Mapping[ReferenceProblem, Msg] = {
    ReferenceProblem.EMPTY: Msg("vide", "empty"),
    ReferenceProblem.TOO_LONG: Msg("plus de ${max} caractères", "longer than ${max} characters"),
    ReferenceProblem.WHITESPACE: Msg("contient un espace", "contains whitespace"),
    ReferenceProblem.CONTROL_CHARACTER: Msg(
        "contient un caractère de contrôle (${codepoint})", "contains a control character (${codepoint})"
    ),
    ReferenceProblem.INVISIBLE_CHARACTER: Msg(
        "contient un caractère invisible (${codepoint})", "contains an invisible character (${codepoint})"
    ),
    ReferenceProblem.UNSUPPORTED_SCHEME: Msg(
        "schéma d’URL non pris en charge « ${scheme} »", "unsupported URL scheme '${scheme}'"
    ),
    ReferenceProblem.NO_DOMAIN: Msg(
        "« ${value} » n’a pas de domaine : écrire @utilisateur@instance",
        "'${value}' has no domain: write @user@instance",
    ),
    ReferenceProblem.NO_USERNAME: Msg("pas de nom d’utilisateur avant « @ »", "no username before '@'"),
    ReferenceProblem.NOTHING_AFTER_AT: Msg("pas de domaine après « @ »", "no domain after '@'"),
    ReferenceProblem.TOO_MANY_AT: Msg(
        "trop de « @ » : @utilisateur@instance attendu", "too many '@': expected @user@instance"
    ),
    ReferenceProblem.INVALID_USERNAME: Msg(
        "« ${value} » n’est pas un nom d’utilisateur Mastodon valide : ${problem}",
        "'${value}' is not a valid Mastodon username: ${problem}",
    ),
    ReferenceProblem.HANDLE_WITHOUT_DOMAIN: Msg(
        "« ${value} » n’a pas de domaine : écrire @utilisateur@instance (Mastodon) ou nom.bsky.social "
        "(Bluesky)",
        "'${value}' has no domain: write @user@instance (Mastodon) or name.bsky.social (Bluesky)",
    ),
    ReferenceProblem.UNVERIFIED_HANDLE: Msg(
        "« handle.invalid » désigne un pseudo non vérifié : utiliser le DID",
        "'handle.invalid' stands for an unverified handle: use the DID",
    ),
    ReferenceProblem.INVALID_DID: Msg(
        "« ${value} » n’est pas un DID valide : ${problem}", "'${value}' is not a valid DID: ${problem}"
    ),
    ReferenceProblem.INVALID_DOMAIN: Msg(
        "« ${value} » n’est pas un domaine valide : ${problem}",
        "'${value}' is not a valid domain: ${problem}",
    ),
    ReferenceProblem.INVALID_HANDLE: Msg(
        "« ${value} » n’est pas un pseudo valide : ${problem}", "'${value}' is not a valid handle: ${problem}"
    ),
    ReferenceProblem.INVALID_HOST: Msg(
        "« ${value} » n’est pas un nom d’hôte valide : ${problem}",
        "'${value}' is not a valid host: ${problem}",
    ),
    ReferenceProblem.EMPTY_AT_URI: Msg("ni pseudo ni DID après « at:// »", "no handle or DID after 'at://'"),
    ReferenceProblem.INVALID_URL: Msg("URL invalide : ${error}", "not a valid URL: ${error}"),
    ReferenceProblem.URL_WITH_CREDENTIALS: Msg(
        "URL avec un nom d’utilisateur ou un mot de passe avant l’hôte",
        "URL with a user name or password before the host",
    ),
    ReferenceProblem.URL_WITHOUT_HOST: Msg("URL sans hôte", "URL without a host"),
    ReferenceProblem.URL_WITH_PORT: Msg(
        "URL avec le port ${port} : quitx joint les serveurs par leur nom (pour des serveurs de test, le "
        "réglage host_map)",
        "URL with port ${port}: quitx reaches servers by name (use the host map for test servers)",
    ),
    ReferenceProblem.NOT_A_BLUESKY_PROFILE: Msg(
        "pas une URL de profil Bluesky : https://bsky.app/profile/<pseudo ou DID> attendu",
        "not a Bluesky profile URL: expected https://bsky.app/profile/<handle or DID>",
    ),
    ReferenceProblem.UNSUPPORTED_NETWORK: Msg(
        "hôte d’URL non pris en charge « ${host} » : seuls les comptes Mastodon et Bluesky peuvent être "
        "vérifiés",
        "unsupported URL host '${host}': only Mastodon and Bluesky accounts can be checked",
    ),
    ReferenceProblem.BLUESKY_PROFILE_ELSEWHERE: Msg(
        "hôte d’URL non pris en charge « ${host} » : les profils Bluesky sont à "
        "https://bsky.app/profile/<pseudo>",
        "unsupported URL host '${host}': Bluesky profile URLs are https://bsky.app/profile/<handle>",
    ),
    ReferenceProblem.NOT_A_PROFILE: Msg(
        "hôte ou chemin d’URL non pris en charge : ${host}${path} n’est ni un profil Mastodon "
        "(https://<instance>/@<utilisateur>) ni un profil Bluesky (https://bsky.app/profile/<pseudo>)",
        "unsupported URL host or path: ${host}${path} is not a Mastodon profile "
        "(https://<instance>/@<user>) or a Bluesky one (https://bsky.app/profile/<handle>)",
    ),
}

NAME: Mapping[NameProblem, Msg] = {
    NameProblem.UNDERSCORE: Msg("tiret bas (_)", "underscore"),
    NameProblem.WHITESPACE: Msg("espace", "whitespace"),
    NameProblem.CHARACTER: Msg(
        "caractère « ${character} » non autorisé", "character '${character}' not allowed"
    ),
    NameProblem.TOO_LONG: Msg("plus de ${max} caractères", "longer than ${max} characters"),
    NameProblem.NO_DOT: Msg(
        "pas de point : un domaine a au moins deux parties", "no dot: a domain needs at least two labels"
    ),
    NameProblem.EMPTY_LABEL: Msg(
        "partie vide (point au début, à la fin ou doublé)", "empty label (leading, trailing or double dot)"
    ),
    NameProblem.LABEL_TOO_LONG: Msg(
        "une partie a plus de ${max} caractères", "label longer than ${max} characters"
    ),
    NameProblem.LABEL_HYPHEN: Msg(
        "la partie « ${label} » commence ou finit par « - »", "label '${label}' starts or ends with '-'"
    ),
    NameProblem.IP_ADDRESS: Msg("une adresse IP n’est pas un domaine", "an IP address is not a domain"),
    NameProblem.TLD_DIGIT: Msg(
        "le domaine de premier niveau commence par un chiffre", "the top-level domain starts with a digit"
    ),
    NameProblem.PORT: Msg(
        "un port (« :${port} ») ne fait pas partie d’un nom", "a port (':${port}') is not part of a handle"
    ),
    NameProblem.IDNA: Msg(
        "nom internationalisé invalide (${error})", "not a valid internationalised name (${error})"
    ),
    NameProblem.EMPTY: Msg("vide", "empty"),
    NameProblem.EDGE_DOT_OR_HYPHEN: Msg(
        "commence ou finit par « . » ou « - »", "starts or ends with '.' or '-'"
    ),
    NameProblem.DID_UPPERCASE: Msg("« did: » doit être en minuscules", "'did:' must be lowercase"),
    NameProblem.NOT_A_DID: Msg("ne commence pas par « did: »", "does not start with 'did:'"),
    NameProblem.DID_WITHOUT_METHOD: Msg(
        "il faut une méthode et un identifiant (did:méthode:identifiant)",
        "needs a method and an identifier (did:method:identifier)",
    ),
    NameProblem.DID_METHOD: Msg(
        "la méthode doit être en lettres minuscules", "the method must be lowercase letters"
    ),
    NameProblem.DID_EMPTY_IDENTIFIER: Msg("identifiant vide", "empty identifier"),
    NameProblem.DID_END: Msg("finit par « : » ou « % »", "ends with ':' or '%'"),
}

# --- fields, files -----------------------------------------------------------------------------------

FIELD: Mapping[FieldProblem, Msg] = {
    FieldProblem.MISSING: Msg("obligatoire", "required"),
    FieldProblem.UNKNOWN_FIELD: Msg("nom inconnu", "unknown name"),
    FieldProblem.EMPTY: Msg("ne doit pas être vide", "must not be empty"),
    FieldProblem.TOO_SHORT: Msg("trop court (au moins ${min})", "too short (at least ${min})"),
    FieldProblem.TOO_LONG: Msg("trop long (au plus ${max})", "too long (at most ${max})"),
    FieldProblem.GREATER_THAN: Msg("doit être supérieur à ${limit}", "must be greater than ${limit}"),
    FieldProblem.AT_LEAST: Msg("doit valoir au moins ${limit}", "must be ${limit} or more"),
    FieldProblem.LESS_THAN: Msg("doit être inférieur à ${limit}", "must be less than ${limit}"),
    FieldProblem.AT_MOST: Msg("doit valoir au plus ${limit}", "must be ${limit} or less"),
    FieldProblem.NOT_AN_INTEGER: Msg("doit être un nombre entier", "must be a whole number"),
    FieldProblem.NOT_A_NUMBER: Msg("doit être un nombre", "must be a number"),
    FieldProblem.NOT_A_BOOLEAN: Msg("doit être true ou false", "must be true or false"),
    FieldProblem.NOT_TEXT: Msg("doit être du texte", "must be text"),
    FieldProblem.NOT_A_LIST: Msg("doit être une liste", "must be a list"),
    FieldProblem.NOT_A_TABLE: Msg("doit être une table (un objet)", "must be a table (an object)"),
    FieldProblem.NOT_A_DATE: Msg("doit être une date (ISO 8601)", "must be a date (ISO 8601)"),
    FieldProblem.NOT_ONE_OF: Msg(
        "doit être l’une de ces valeurs : ${expected}", "must be one of: ${expected}"
    ),
    FieldProblem.NOT_JSON: Msg("JSON invalide", "not valid JSON"),
    FieldProblem.NOT_HTTP_URL: Msg("pas une URL http(s) : « ${value} »", "not an http(s) URL: '${value}'"),
    FieldProblem.NOT_A_DOMAIN: Msg("pas un domaine valide : « ${value} »", "not a valid domain: '${value}'"),
    FieldProblem.NOT_A_NETWORK: Msg(
        "ni une adresse ni un réseau : « ${value} »", "not an address or a network: '${value}'"
    ),
    FieldProblem.HOST_MAP_TARGET: Msg(
        "la cible de « ${host} » n’est pas une URL http(s) : « ${value} »",
        "the target of '${host}' is not an http(s) URL: '${value}'",
    ),
    FieldProblem.INVALID: Msg("valeur refusée (${error})", "invalid value (${error})"),
}

FILE: Mapping[FileProblem, Msg] = {
    FileProblem.NO_SUCH_FILE: Msg("fichier introuvable", "no such file"),
    FileProblem.IS_A_DIRECTORY: Msg("c’est un dossier", "it is a directory"),
    FileProblem.NOT_A_DIRECTORY: Msg(
        "une partie du chemin n’est pas un dossier", "a part of the path is not a directory"
    ),
    FileProblem.PERMISSION_DENIED: Msg("accès refusé", "permission denied"),
    FileProblem.NOT_UTF8: Msg("pas en UTF-8", "not UTF-8"),
    FileProblem.OTHER: Msg("${error}", "${error}"),
}

# --- what quitx reads --------------------------------------------------------------------------------

REPORT: Mapping[ReportProblem, Msg] = {
    ReportProblem.UNREADABLE: Msg("impossible de lire le rapport : ${why}", "cannot read the report: ${why}"),
    ReportProblem.NOT_UTF8: Msg(
        "pas un rapport quitx : pas en UTF-8 (octet ${position})",
        "not a quitx report: not UTF-8 (byte ${position})",
    ),
    ReportProblem.NOT_A_REPORT: Msg("pas un rapport quitx : ${issues}", "not a quitx report: ${issues}"),
}

BATCH_INPUT: Mapping[BatchInputProblem, Msg] = {
    BatchInputProblem.UNREADABLE: Msg("illisible : ${why}", "cannot read it: ${why}"),
    BatchInputProblem.NO_NAME_COLUMN: Msg(
        "ligne ${line} : aucune colonne ne donne le nom des institutions (colonnes lues avec le "
        "séparateur ${delimiter} : ${found}) ; donner à cette colonne l’un de ces noms : ${names}",
        "line ${line}: no column gives the institutions' names (columns read with the delimiter "
        "${delimiter}: ${found}); call that column one of: ${names}",
    ),
    BatchInputProblem.NOT_UTF8: Msg(
        "pas en UTF-8 : octet 0x${byte} en ligne ${line}, colonne ${column} (position ${offset} dans le "
        "fichier) ; l’enregistrer en UTF-8 et relancer",
        "not UTF-8: byte 0x${byte} at line ${line}, column ${column} (offset ${offset} in the file); save "
        "it as UTF-8 and run again",
    ),
}

TEMPLATE: Mapping[TemplateProblem, Msg] = {
    TemplateProblem.NO_VALUE: Msg("aucune valeur pour $${${placeholder}}", "no value for $${${placeholder}}"),
    TemplateProblem.BLOCKS_INLINE: Msg(
        "$${${placeholder}} contient des blocs : le mettre seul sur sa ligne",
        "$${${placeholder}} holds blocks: put it alone on its own line",
    ),
    TemplateProblem.NO_TEXT_IN_URL: Msg(
        "pas de valeur texte pour $${${placeholder}} dans une URL",
        "no text value for $${${placeholder}} in a URL",
    ),
    TemplateProblem.NO_TEXT_IN_CODE: Msg(
        "pas de valeur texte pour $${${placeholder}} dans un bloc de code",
        "no text value for $${${placeholder}} in a code block",
    ),
    TemplateProblem.NO_TEMPLATE: Msg(
        "pas de modèle ${name}.${ext} pour la langue ${language}",
        "no template ${name}.${ext} for ${language}",
    ),
}

USAGE: Mapping[UsageProblem, Msg] = {
    UsageProblem.UNKNOWN_STEPS: Msg(
        "apply ne sait pas faire ${steps} ; les étapes qu’il sait faire : ${known}",
        "apply cannot do ${steps}; the steps it can do: ${known}",
    ),
    UsageProblem.NO_STEPS: Msg(
        "aucune étape donnée ; les étapes qu’apply sait faire : ${known}",
        "no step given; the steps apply can do: ${known}",
    ),
    UsageProblem.PROFILE_NEEDS_VALUES: Msg(
        "${steps} ne change que ce qui est demandé : donner --display-name NOM et/ou --bio TEXTE (ou "
        "--official-bio)",
        "${steps} change only what is asked: give --display-name NAME and/or --bio TEXT (or --official-bio)",
    ),
    UsageProblem.SECTOR_NEEDS_REPORTS: Msg(
        "${steps} construisent des listes à partir d’un lot : donner --sector REPORTS.jsonl (les rapports "
        "du lot) et --title NOM",
        "${steps} build lists from a batch: give --sector REPORTS.jsonl (the batch's reports) and "
        "--title NAME",
    ),
    UsageProblem.TITLE_TOO_LONG: Msg(
        "--title : Bluesky limite le nom d’une liste à ${max} caractères (${given} donnés)",
        "--title: Bluesky names a list in ${max} characters at most (${given} given)",
    ),
    UsageProblem.BAD_CONFIRM_ACCOUNT: Msg(
        "--confirm-account « ${text} » : ${reason} (écrire @utilisateur@instance, un pseudo ou un DID)",
        "--confirm-account '${text}': ${reason} (write @user@instance, a handle or a DID)",
    ),
    UsageProblem.NO_PLAN_FORMAT: Msg(
        "pas de format de plan « ${format} » : l’un de ${formats} attendu",
        "no plan format '${format}': expected one of ${formats}",
    ),
    UsageProblem.PLAN_LANGUAGE: Msg(
        "le plan est en « ${plan} » et la lettre en « ${letter} » : une seule langue par lettre "
        "(build_plan(report, PlanOptions(language='${letter}')))",
        "the plan is in '${plan}' and the letter in '${letter}': one language per letter "
        "(build_plan(report, PlanOptions(language='${letter}')))",
    ),
    UsageProblem.PLAN_NAMING: Msg(
        "le plan nomme l’institution avec ${name} « ${plan} » et la lettre avec « ${letter} » : "
        "une seule façon de la nommer (la même valeur à build_plan, par PlanOptions, et à render_letter, "
        "ou aucune à render_letter)",
        "the plan names the institution with ${name} '${plan}' and the letter with '${letter}': one way "
        "to name it (the same value to build_plan, through PlanOptions, and to render_letter, or none to "
        "render_letter)",
    ),
    UsageProblem.CLAIMS_UNREADABLE: Msg(
        "impossible de lire le fichier de faits ${path} : ${why}",
        "cannot read the claims file ${path}: ${why}",
    ),
    UsageProblem.CLAIMS_INVALID: Msg(
        "le fichier de faits ${path} n’est pas valide : ${issues}",
        "the claims file ${path} is not valid: ${issues}",
    ),
    UsageProblem.UNKNOWN_ARTICLE: Msg(
        "l’article doit être le, la, l’, les ou none, pas « ${article} »",
        "article must be one of le, la, l', les, none, not '${article}'",
    ),
}

# --- the observatory ---------------------------------------------------------------------------------

OBSERVATORY: Mapping[ObservatoryProblem, Msg] = {
    ObservatoryProblem.NO_PRESET: Msg(
        "pas de préréglage « ${source} » ni de fichier de requête de ce nom : les préréglages "
        "sont ${presets}",
        "no preset '${source}' and no query file by that name: presets are ${presets}",
    ),
    ObservatoryProblem.QUERY_UNREADABLE: Msg(
        "impossible de lire le fichier de requête ${source} : ${why}",
        "cannot read the query file ${source}: ${why}",
    ),
    ObservatoryProblem.QUERY_WITHOUT_ITEM: Msg(
        "${source} : la requête doit lier ?item (l’élément Wikidata)",
        "${source}: the query must bind ?item (the Wikidata item)",
    ),
}

HISTORY: Mapping[HistoryProblem, Msg] = {
    HistoryProblem.NO_DATABASE: Msg("base d’historique introuvable", "no such history database"),
    HistoryProblem.CANNOT_OPEN: Msg("impossible de l’ouvrir : ${error}", "cannot open: ${error}"),
    HistoryProblem.NOT_A_HISTORY: Msg(
        "pas une base d’historique quitx (des tables sans version)",
        "not a quitx history database (tables without a version)",
    ),
    HistoryProblem.EMPTY: Msg(
        "base vide : aucune exécution enregistrée", "an empty database: no run recorded"
    ),
    HistoryProblem.OTHER_VERSION: Msg(
        "schéma d’historique en version ${version}, ce quitx lit la version ${supported}",
        "history schema version ${version}, this quitx reads version ${supported}",
    ),
    HistoryProblem.UNUSABLE: Msg(
        "base SQLite inutilisable : ${error}", "not a usable SQLite database: ${error}"
    ),
    HistoryProblem.NO_RUN: Msg("pas d’exécution ${run}", "no run ${run}"),
    HistoryProblem.NO_RUNS: Msg("aucune exécution enregistrée", "no run recorded"),
    HistoryProblem.ONE_RUN: Msg(
        "une seule exécution : rien à quoi la comparer", "only one run: nothing to compare it with"
    ),
}

SOURCE: Mapping[SourceProblem, Msg] = {
    SourceProblem.UNREACHABLE: Msg(
        "le point d’accès SPARQL n’a pas pu être lu (${reason})",
        "the SPARQL endpoint could not be read (${reason})",
    ),
    SourceProblem.SLOW_DOWN: Msg(
        "le point d’accès SPARQL demande de ralentir (HTTP 429) : réessayer plus tard",
        "the SPARQL endpoint asks to slow down (HTTP 429): try again later",
    ),
    SourceProblem.REFUSED: Msg(
        "le point d’accès SPARQL a refusé la requête (HTTP ${status})",
        "the SPARQL endpoint refused the query (HTTP ${status})",
    ),
    SourceProblem.HTTP_STATUS: Msg(
        "le point d’accès SPARQL a répondu HTTP ${status}", "the SPARQL endpoint answered HTTP ${status}"
    ),
    SourceProblem.TOO_LARGE: Msg(
        "la réponse SPARQL dépasse ${max} octets", "the SPARQL answer is larger than ${max} bytes"
    ),
    SourceProblem.NOT_JSON: Msg("la réponse SPARQL n’est pas du JSON", "the SPARQL answer is not JSON"),
    SourceProblem.NOT_SPARQL_JSON: Msg(
        "pas un résultat SPARQL JSON : ${issues}", "not a SPARQL JSON result: ${issues}"
    ),
    SourceProblem.NO_ITEM: Msg(
        "la requête ne lie pas ?item : nommer ?item l’élément Wikidata",
        "the query binds no ?item: name the Wikidata item ?item",
    ),
}

# --- the environment ---------------------------------------------------------------------------------

CONFIG: Mapping[ConfigProblem, Msg] = {
    ConfigProblem.UNREADABLE: Msg(
        "impossible de lire le fichier de configuration : ${why}", "cannot read config file: ${why}"
    ),
    ConfigProblem.INVALID_TOML: Msg(
        "TOML invalide, ligne ${line}, colonne ${column}", "invalid TOML at line ${line}, column ${column}"
    ),
    ConfigProblem.INVALID_TOML_AT_END: Msg(
        "TOML invalide à la fin du fichier", "invalid TOML at the end of the file"
    ),
    ConfigProblem.NOT_A_TABLE: Msg(
        "l’entrée ${entry} doit être une table", "the ${entry} entry must be a table"
    ),
    ConfigProblem.HOST_MAP_PAIR: Msg(
        "des paires hôte=URL séparées par des virgules attendues, pas « ${pair} »",
        "expected host=URL pairs separated by commas, got '${pair}'",
    ),
    ConfigProblem.BAD_NAMESERVER: Msg(
        "serveur DNS invalide « ${value} » (adresse, adresse:port ou [IPv6]:port)",
        "not a DNS server: '${value}' (address, address:port or [IPv6]:port)",
    ),
    ConfigProblem.INVALID_VALUES: Msg("${issues}", "${issues}"),
    ConfigProblem.PDF_MISSING: Msg(
        "le PDF demande l’extra optionnel : pip install 'quitx[pdf]' (et Pango : apt-get install "
        "libpango-1.0-0 libpangoft2-1.0-0)",
        "PDF needs the optional extra: pip install 'quitx[pdf]' (and Pango: apt-get install "
        "libpango-1.0-0 libpangoft2-1.0-0)",
    ),
}

OUTPUT_DIR: Mapping[OutputDirProblem, Msg] = {
    OutputDirProblem.CANNOT_CREATE: Msg(
        "impossible de créer ${path} : ${why}", "cannot create ${path}: ${why}"
    ),
    OutputDirProblem.LOCKED: Msg(
        "une autre exécution de quitx batch écrit dans ${path} : attendre qu’elle finisse",
        "another quitx batch is writing to ${path}: wait for it",
    ),
}

# every code's table, by its enum (two enums may share a value: "empty", "whitespace")
TABLES: Mapping[type[StrEnum], Mapping[Any, Msg]] = {
    ReferenceProblem: REFERENCE,
    NameProblem: NAME,
    FieldProblem: FIELD,
    FileProblem: FILE,
    ReportProblem: REPORT,
    BatchInputProblem: BATCH_INPUT,
    TemplateProblem: TEMPLATE,
    UsageProblem: USAGE,
    ObservatoryProblem: OBSERVATORY,
    HistoryProblem: HISTORY,
    SourceProblem: SOURCE,
    ConfigProblem: CONFIG,
    OutputDirProblem: OUTPUT_DIR,
}
