"""What the command line says on stderr, in French and in English (labels, warnings, hints, the
"wrote" line). Results go to stdout and JSON carries codes: neither takes its words from here."""

from __future__ import annotations

from ..i18n.messages import Msg

# --- labels ------------------------------------------------------------------------------------------
ERROR = Msg("erreur", "error")
WARNING = Msg("avertissement", "warning")
HINT = Msg("conseil", "hint")
WROTE = Msg("${path} écrit", "wrote ${path}")
INTERRUPTED = Msg("interrompu", "interrupted")

# --- warnings ----------------------------------------------------------------------------------------
CHECK_FAILED = Msg(
    "aucune vérification n’a abouti (tout est « inconnu ») : ce qui est écrit ne dit rien de la "
    "présence de l’institution. Réessayer plus tard, ou vérifier le réseau (-v montre les requêtes)",
    "no check went through (everything is unknown): what is written says nothing of where the "
    "institution is. Try again later, or check the network (-v shows the requests)",
)
NO_SENDER = Msg(
    'la lettre se termine par « [Prénom Nom] » : la signer avec --sender "Prénom Nom", ou mettre '
    'name = "…" dans la table [sender] du fichier de configuration (quitx config path)',
    'the letter ends with a placeholder for the name: sign it with --sender "First Last", or set '
    'name = "…" in the [sender] table of the config file (quitx config path)',
)
EML_ANNEX_HTML = Msg(
    "l’annexe technique est jointe à l’e-mail en page HTML : installer quitx[pdf] pour la joindre en "
    "PDF (--eml-annex html pour garder la page sans cet avertissement)",
    "the technical annex is attached to the e-mail as an HTML page: install quitx[pdf] to attach it as "
    "a PDF (--eml-annex html keeps the page without this warning)",
)
SOME_BAD_REFS = Msg(
    "${n} référence(s) illisible(s) : elles figurent dans le résultat avec leur erreur",
    "${n} reference(s) could not be read: they are in the results with their error",
)

# --- usage errors said by the command line itself ------------------------------------------------------
TEMPLATES_NOT_A_FOLDER = Msg(
    "--templates ${path} : ce n’est pas un dossier", "--templates ${path}: not a folder"
)
TEMPLATES_HINT = Msg(
    "donner un dossier qui contient <langue>/<bloc> (voir docs/letter.md), ou retirer --templates",
    "give a folder holding <lang>/<block> files (see docs/letter.md), or leave --templates out",
)
NO_OUTPUT_DIR = Msg(
    "impossible d’écrire ${path} : le dossier ${folder} n’existe pas",
    "cannot write ${path}: the folder ${folder} does not exist",
)
OUTPUT_DIR_HINT = Msg(
    "créer le dossier d’abord (mkdir -p), ou écrire ailleurs",
    "create the folder first (mkdir -p), or write elsewhere",
)
NOT_WRITABLE = Msg("impossible d’écrire ${path} : ${why}", "cannot write ${path}: ${why}")
NOT_WRITABLE_HINT = Msg(
    "vérifier que le dossier existe et qu’on peut y écrire",
    "check that the file's directory exists and that you may write there",
)
UNEXPECTED = Msg("${kind} inattendue : ${first}", "unexpected ${kind}: ${first}")
BUG_HINT = Msg(
    "c’est un défaut de quitx : merci de le signaler avec la sortie de -vv (la même commande avec -vv)",
    "this is a bug in quitx: please report it with -vv output (the same command with -vv)",
)
BUG_HINT_SHOWN = Msg(
    "c’est un défaut de quitx : merci de le signaler avec la sortie ci-dessus",
    "this is a bug in quitx: please report it with the output above",
)
REFS_FILE_UNREADABLE = Msg(
    "impossible de lire les références de ${path} : ${why}", "cannot read the references in ${path}: ${why}"
)
NO_REFS = Msg("aucune référence à vérifier", "no reference to check")
NO_REFS_HINT = Msg(
    "donner des références en arguments, dans un fichier (--from FILE) ou sur l’entrée standard (-)",
    "give references as arguments, in a file (--from FILE) or on stdin (-)",
)

# --- hints by error type (quitx.cli.hints) -----------------------------------------------------------
REF_HINT = Msg(
    "une référence de compte s’écrit @utilisateur@instance, https://instance/@utilisateur, un "
    "identifiant Bluesky (nom.bsky.social, exemple.org), https://bsky.app/profile/…, did:plc:…, "
    "did:web:… ou at://…",
    "an account reference is @user@host, https://host/@user, a Bluesky handle (name.bsky.social, "
    "example.org), https://bsky.app/profile/…, did:plc:…, did:web:… or at://…",
)
REPORT_HINT = Msg(
    'enregistrer d’abord une vérification : quitx check "NOM" --domain DOMAINE --format json -o report.json',
    'save a check first: quitx check "NAME" --domain DOMAIN --format json -o report.json',
)
REPORT_NOT_A_REPORT = Msg(
    " (--report prend une vérification enregistrée avec --format json)",
    " (--report takes a check saved with --format json)",
)
REPORT_OR_OFFLINE = Msg(", ou se passer de vérification : --offline", ", or do without a check: --offline")
CONFIG_HINT = Msg(
    "le fichier de configuration vient de --config, de $$QUITX_CONFIG ou du dossier de configuration "
    '(quitx config path) : corriger ce fichier, ou QUITX_CONFIG="" pour n’en lire aucun',
    "the config file comes from --config, $$QUITX_CONFIG or the config folder (quitx config path): "
    'fix that file, or set QUITX_CONFIG="" to read none',
)
SETTINGS_LISTED = Msg(
    " ; les réglages sont listés dans docs/reference/settings.md",
    "; the settings are listed in docs/reference/settings.md",
)
ENV_HINT = Msg(
    "corriger ou retirer la variable QUITX_* nommée ci-dessus (quitx config show montre d’où vient "
    "chaque réglage)",
    "fix or unset the QUITX_* variable named above (quitx config show says where each setting comes from)",
)
GENERIC_HINT = Msg(
    "vérifier l’option ou le réglage nommé ci-dessus : « quitx COMMANDE --help » pour les options, "
    "docs/reference/settings.md pour les réglages",
    "check the option or setting named above: 'quitx COMMAND --help' for options, "
    "docs/reference/settings.md for settings",
)
NAME_HINT = Msg(
    'donner d’abord son nom : quitx check "Université Rennes 2" --domain univ-rennes2.fr '
    "(ou --from-json institution.json, ou --report report.json)",
    'give its name first: quitx check "Université Rennes 2" --domain univ-rennes2.fr '
    "(or --from-json institution.json, or --report report.json)",
)
FROM_JSON_HINT = Msg(
    "--from-json prend un objet JSON : une institution, ou une vérification enregistrée avec --format json",
    "--from-json takes a JSON object: an institution, or a report saved with --format json",
)
STEPS_HINT = Msg(
    "« quitx apply --help » liste les étapes que apply sait faire",
    "'quitx apply --help' lists the steps apply can do",
)
MAP_HINT = Msg(
    "écrire --map HÔTE=URL, par exemple --map univ-exemple.fr=http://127.0.0.1:8081",
    "write --map HOST=URL, e.g. --map univ-exemple.fr=http://127.0.0.1:8081",
)
DATE_HINT = Msg(
    "écrire la date AAAA-MM-JJ, par exemple 2026-03-02", "write the date as YYYY-MM-DD, e.g. 2026-03-02"
)
TEMPLATE_ERROR_HINT = Msg(
    "les champs et le balisage sont listés dans docs/letter.md",
    "the placeholders and the markup are listed in docs/letter.md",
)
BATCH_UNREADABLE_HINT = Msg(
    "vérifier le chemin du fichier d’entrée, ou donner - pour le lire sur l’entrée standard",
    "check the path of the input file, or give - to read it from stdin",
)
BATCH_NO_NAME_HINT = Msg(
    "la première ligne nomme les colonnes (name,domain,kind,…) : « quitx batch --help » les liste",
    "the first row names the columns (name,domain,kind,…): 'quitx batch --help' lists them",
)
OUTPUT_DIR_ERROR_HINT = Msg(
    "choisir un autre --output-dir, où l’on peut écrire", "choose another --output-dir, one you can write to"
)
DNS_HINT = Msg(
    "le DNS semble hors ligne ou filtré : un nom qu’il ne trouve pas peut exister. Vérifier la "
    "connexion, ou nommer un résolveur qui voit le DNS public (--dns HÔTE) ; quitx croit un résolveur "
    "qui résout le réglage dns_canary (example.com par défaut)",
    "your DNS looks offline or filtered: a name it does not find may still exist. Check the "
    "connection, or name a resolver that sees the public DNS (--dns HOST); quitx believes a resolver "
    "that resolves the dns_canary setting (example.com by default)",
)

# --- quitx config ------------------------------------------------------------------------------------
CONFIG_READ = Msg("fichier de configuration lu : ${path}", "config file read: ${path}")
CONFIG_FOUND = Msg("ce fichier existe", "this file exists")
CONFIG_NOT_THERE = Msg("${path} n’existe pas", "${path} does not exist")
CONFIG_NONE_ASKED = Msg(
    'QUITX_CONFIG="" : aucun fichier n’est lu, les réglages par défaut et QUITX_* s’appliquent',
    'QUITX_CONFIG="": no file is read; the defaults and QUITX_* variables apply',
)
CONFIG_NONE_YET = Msg(
    "aucun fichier de configuration : quitx le cherche en ${path} (le créer pour y mettre ses réglages)",
    "no config file: quitx looks for it at ${path} (create it to keep your settings there)",
)

# --- quitx login / logout ----------------------------------------------------------------------------
LOGGED_IN = Msg(
    "connecté : ${account} (trousseau du système : service quitx, ${user})",
    "logged in: ${account} (system keyring: service quitx, ${user})",
)
FORGOTTEN = Msg("oublié : ${account}", "forgotten: ${account}")
NOTHING_TO_FORGET = Msg(
    "rien à oublier : aucun identifiant enregistré pour ${account}",
    "nothing to forget: no credential stored for ${account}",
)
ASK_INSTANCE = Msg("compte (@utilisateur@instance) ou instance : ", "account (@user@host) or instance: ")
APPROVE_AT = Msg(
    "ouvrir cette page, se connecter au compte de l’institution sur ${host} et autoriser quitx :",
    "open this page, log in to the institution's account on ${host} and authorise quitx:",
)
NO_INSTANCE = Msg(
    "aucun compte ni instance donné : quitx login mastodon @utilisateur@instance",
    "no account or instance given: quitx login mastodon @user@host",
)
BROWSER_OPENED = Msg("(ouverte dans le navigateur)", "(opened in your browser)")
ASK_CODE = Msg("code affiché par la page : ", "code shown by the page: ")
NO_CODE = Msg("aucun code donné : rien n’a été enregistré", "no code given: nothing was stored")
TOKEN_NEEDS_ACCOUNT = Msg(
    "--token-stdin a besoin du compte (@utilisateur@instance), pas seulement de l’instance",
    "--token-stdin needs the account (@user@host), not the instance alone",
)
NOTHING_ON_STDIN = Msg(
    "rien sur l’entrée standard : rien n’a été enregistré", "nothing on stdin: nothing was stored"
)
NO_TERMINAL = Msg(
    "pas de terminal pour demander le mot de passe d’application : le donner sur l’entrée standard "
    "avec --password-stdin",
    "no terminal to ask for the app password: give it on stdin with --password-stdin",
)
ASK_APP_PASSWORD = Msg(
    "mot de passe d’application de ${handle} (il ne s’affiche pas) : ",
    "app password of ${handle} (not shown): ",
)

# --- options that do not fit (quitx.cli.options) ------------------------------------------------------
MAP_EXPECTS = Msg("--map attend HÔTE=URL, reçu ${pair}", "--map expects HOST=URL, got ${pair}")
INSTITUTION_UNREADABLE = Msg(
    "${path} : impossible de lire l’institution : ${why}", "${path}: cannot read the institution: ${why}"
)
JSON_TOO_DEEP = Msg("JSON trop imbriqué", "JSON nested too deep")
INVALID_JSON_AT = Msg(
    "JSON invalide, ligne ${line}, colonne ${column}", "invalid JSON at line ${line}, column ${column}"
)
NOT_AN_OBJECT = Msg("${path} : un objet JSON était attendu", "${path}: expected a JSON object")
NEEDS_A_NAME = Msg(
    "une institution a besoin d’un NOM (ou de --from-json FICHIER)",
    "an institution needs a NAME (or --from-json FILE)",
)
DATE_EXPECTED = Msg("${option} attend AAAA-MM-JJ, reçu ${text}", "${option} expects YYYY-MM-DD, got ${text}")
HELP_HINT = Msg(
    "« ${prog} --help » donne les options et des exemples",
    "run '${prog} --help' for the options and examples",
)
COMMAND_HINT = Msg(
    "donner une commande (${commands}) ; « quitx --help » montre des exemples",
    "give a command (${commands}); 'quitx --help' shows examples",
)
SETTINGS_FIRST_HINT = Msg(
    "les options de réglage viennent avant la commande : quitx --timeout 30 check …",
    "the settings options come before the command: quitx --timeout 30 check …",
)

# --- batch, apply, the observatory and serve, said by the command line itself -------------------------
FORMAT_NEEDS_LETTERS = Msg(
    "--format est le format des lettres : il demande --letters LANGUE",
    "--format is the letters' format: it needs --letters LANG",
)
EML_ANNEX_NEEDS_EML = Msg(
    "--eml-annex dit comment un e-mail joint l’annexe : il demande --format eml",
    "--eml-annex says how an e-mail attaches the annex: it needs --format eml",
)
FILE_OR_WIKIDATA = Msg("donner FICHIER ou --wikidata, pas les deux", "give FILE or --wikidata, not both")
DELIMITER_NEEDS_FILE = Msg(
    "--delimiter est le séparateur d’un fichier CSV : --wikidata ne lit aucun fichier",
    "--delimiter is a CSV file's: --wikidata reads no file",
)
NO_INSTITUTIONS = Msg(
    "donner les institutions : FICHIER (CSV ou JSONL, - pour l’entrée standard) ou --wikidata PRÉRÉGLAGE",
    "give the institutions: FILE (CSV or JSONL, - for stdin) or --wikidata PRESET",
)
NEEDS_WIKIDATA = Msg(
    "${option} enregistre une exécution --wikidata : il demande --wikidata",
    "${option} records a --wikidata run: it needs --wikidata",
)
SECTOR_FILE_MISSING = Msg(
    "${path} : fichier introuvable (le reports.jsonl d’un lot)",
    "${path}: no such file (the batch's reports.jsonl)",
)
SECTOR_NEEDS_TITLE = Msg(
    "les étapes de secteur demandent --title NOM (le nom des listes)",
    "the sector steps need --title NAME (the lists' name)",
)
SOURCE_FAILED = Msg("Wikidata : ${error}", "Wikidata: ${error}")
STATEMENTS_PROPOSED = (
    Msg(
        "${n} déclaration proposée, ${skipped} écartée(s) (voir la revue) ; quitx ne modifie rien : "
        "les relire, puis les soumettre avec QuickStatements",
        "${n} statement proposed, ${skipped} not (see the review); quitx edits nothing: review it, then "
        "submit it with QuickStatements",
    ),
    Msg(
        "${n} déclarations proposées, ${skipped} écartée(s) (voir la revue) ; quitx ne modifie rien : "
        "les relire, puis les soumettre avec QuickStatements",
        "${n} statements proposed, ${skipped} not (see the review); quitx edits nothing: review them, then "
        "submit them with QuickStatements",
    ),
)
UNKNOWN_COMMAND = Msg("commande inconnue « ${command} »", "unknown command '${command}'")
WEB_EXTRA_MISSING = Msg(
    "quitx serve demande l’extra web (${module} manque)",
    "quitx serve needs the web extra (${module} is missing)",
)
WEB_EXTRA_HINT = Msg("pip install 'quitx[web]'", "pip install 'quitx[web]'")
