"""What a login says, in French and in English."""

from __future__ import annotations

from ..i18n.messages import Msg

NO_KEYRING = Msg(
    "le trousseau du système est inutilisable (${error}) : installer un trousseau (Secret Service sous "
    "Linux) ou donner l’identifiant dans l’environnement (QUITX_MASTODON_TOKEN, "
    "QUITX_BLUESKY_APP_PASSWORD)",
    "the system keyring cannot be used (${error}): install a keyring backend (Secret Service on "
    "Linux), or give the credential in the environment (QUITX_MASTODON_TOKEN, "
    "QUITX_BLUESKY_APP_PASSWORD)",
)
NOT_AN_ACCOUNT = Msg(
    "« ${text} » n’est pas un compte Mastodon (@utilisateur@instance)",
    "“${text}” is not a Mastodon account (@user@instance)",
)
REFUSED = Msg(
    "${host} a refusé l’identifiant (${why}) : rien n’a été enregistré",
    "${host} refused the credential (${why}): nothing was stored",
)
NOT_STORED = Msg("${why} Rien n’a été enregistré.", "${why} Nothing was stored.")
UNREACHABLE = Msg(
    "${host} n’a pas pu être joint (${why}) : rien n’a été enregistré, réessayer plus tard",
    "${host} could not be reached (${why}): nothing was stored, try again later",
)
OTHER_ACCOUNT = Msg(
    "ce jeton ouvre le compte ${opened}, pas ${named} : rien n’a été enregistré",
    "this token opens ${opened}, not ${named}: nothing was stored",
)
NO_PDS = Msg(
    "impossible de trouver le serveur (PDS) de ${handle} : ${why}. Rien n’a été enregistré.",
    "cannot find the server (PDS) of ${handle}: ${why}. Nothing was stored.",
)
MAIN_PASSWORD = Msg(
    "c’est le mot de passe principal du compte : quitx n’enregistre qu’un mot de passe d’application "
    "(Bluesky → Paramètres → Confidentialité et sécurité → Mots de passe d’application), qui ne "
    "peut ni changer le mot de passe ni supprimer le compte. Rien n’a été enregistré.",
    "this is the account's main password: quitx stores only an app password (Bluesky → Settings → "
    "Privacy and security → App passwords), which can neither change the password nor delete the "
    "account. Nothing was stored.",
)
OTHER_DID = Msg(
    "ce mot de passe ouvre ${opened}, pas ${named} (${did}) : rien n’a été enregistré",
    "this password opens ${opened}, not ${named} (${did}): nothing was stored",
)
