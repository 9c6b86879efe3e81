"""The words of the result tables people read (``quitx check`` and ``quitx exists``), in French and
in English; JSON, JSON lines and CSV carry the codes instead (`quitx.output`)."""

from __future__ import annotations

from collections.abc import Mapping

from ..models import FoundBy
from .messages import Msg

NO_WEBSITE = Msg("aucun site web donné", "no website given")
SITE_UNREAD = Msg(
    "la page d’accueil n’a pas pu être lue (${reason})", "the homepage could not be read (${reason})"
)
LINKS_NOTHING = Msg(
    "la page d’accueil ne renvoie vers aucun réseau social", "the homepage links to no social network"
)
LINKS_TO = Msg("la page d’accueil renvoie vers ${listed}", "the homepage links to ${listed}")
AND_TO_NEITHER = Msg(", et vers aucun compte Mastodon ni Bluesky", ", and to no Mastodon or Bluesky account")
AND_NOT_TO = Msg(", et vers aucun compte ${network}", ", and to no ${network} account")
NO_DOMAIN = Msg("pas de domaine", "no domain")
WEBSITE = Msg("Site web", "Website")
OWN_SERVER = Msg("Serveur Mastodon propre", "Own Mastodon server")
ACCOUNTS_FOUND = Msg("Comptes trouvés", "Accounts found")
NOT_BRIDGEABLE = Msg("pas encore relayable", "not bridgeable yet")
INSTANCES = Msg("Instances", "Instances")
REGISTRATIONS = Msg("inscriptions ${state}", "registrations ${state}")
RULE = Msg("${n} règle", "${n} rule")
RULES = Msg("${n} règles", "${n} rules")
BLOCKS_BRIDGY = Msg("bloque brid.gy", "blocks brid.gy")
FOLLOWERS = Msg("abonnés ${n}", "followers ${n}")
LAST_POST = Msg("dernier message ${day}", "last post ${day}")
BRIDGED_AS = Msg("relayé sous ${handle}", "bridged as ${handle}")
FOUND_BY = Msg("trouvé par : ${how}", "found by: ${how}")
NO_NAME = Msg("(pas de nom affiché)", "(no display name)")
NONE = Msg("aucun", "none")
POSTS = Msg("messages ${n}", "posts ${n}")
CREATED = Msg("créé le ${day}", "created ${day}")
HOSTED_ON = Msg("hébergé sur ${host}", "hosted on ${host}")
BOT = Msg("robot", "bot")
LOCKED = Msg("verrouillé", "locked")
SUSPENDED = Msg("suspendu", "suspended")
LIMITED = Msg("limité", "limited")
GROUP = Msg("groupe", "group")
MOVED_TO = Msg("déménagé vers @${account}", "moved to @${account}")
FIELD = Msg("champ ${name}", "field ${name}")
VERIFIED_ON = Msg("vérifié le ${day}", "verified ${day}")
HANDLE_VERIFIED = Msg(
    "identifiant ${handle} (vérifié dans les deux sens)", "handle ${handle} (verified both ways)"
)
HANDLE_NOT_VERIFIED = Msg("identifiant ${handle} (NON vérifié)", "handle ${handle} (NOT verified)")
BLUE_CHECK = Msg("coche bleue", "blue check")
LABELS = Msg("étiquettes ${labels}", "labels ${labels}")
ERROR = Msg("ERREUR", "ERROR")
RETRY_AFTER = Msg("réessayer dans ${seconds} s", "retry after ${seconds} s")
EVIDENCE = Msg("preuves", "evidence")
TRIED = Msg("${what} (essayé : ${tried})", "${what} (tried: ${tried})")
SEARCH_BY_NAME = Msg("une recherche par nom", "a search by name")
# the Markdown report (quitx check --format md)
MD_CHECKED = Msg(
    "Vérifié le ${day} à ${time} UTC par quitx ${version}.", "Checked ${day} ${time} UTC by quitx ${version}."
)
MD_COLUMNS = Msg(
    "compte | nom | confiance | activité | abonnés | dernier message | relayé",
    "account | name | confidence | activity | followers | last post | bridged",
)
WORDS: dict[str, Msg] = {  # codes shown as words
    "present": Msg("PRÉSENT", "PRESENT"),
    "absent": Msg("ABSENT", "ABSENT"),
    "unknown": Msg("INCONNU", "UNKNOWN"),
    "verified": Msg("VÉRIFIÉ", "VERIFIED"),
    "linked": Msg("LIÉ", "LINKED"),
    "candidate": Msg("CANDIDAT", "CANDIDATE"),
    "active": Msg("actif", "active"),
    "dormant": Msg("en sommeil", "dormant"),
    "never_posted": Msg("jamais publié", "never posted"),
    "moved": Msg("déménagé", "moved"),
    "suspended": Msg("suspendu", "suspended"),
    "deactivated": Msg("désactivé", "deactivated"),
    "open": Msg("ouvertes", "open"),
    "approval": Msg("sur validation", "approval"),
    "closed": Msg("fermées", "closed"),
}

# how an account was found, by its `FoundBy` value (what reports record), after "found by:"; the
# web page says the same
FOUND_BY_WAYS: Mapping[str, Msg] = {
    FoundBy.KNOWN: Msg("un compte donné avec l’institution", "a handle given with the institution"),
    FoundBy.LINK: Msg("un lien du site officiel", "a link on the official website"),
    FoundBy.DOMAIN_HANDLE: Msg("le domaine de l’institution", "the institution’s domain"),
    FoundBy.DOMAIN_RECORD: Msg("l’enregistrement DNS du domaine", "the domain’s DNS record"),
    FoundBy.MOVED: Msg("un compte trouvé qui y a déménagé", "a found account that moved there"),
    FoundBy.CANDIDATE: Msg("un nom probable essayé", "a likely name tried"),
    FoundBy.SEARCH: Msg("la recherche par nom", "a search by name"),
}

# what keeps an account from being bridged (the gaps `quitx.probes.bridges` records, by their names)
# as what to do about it: the check's table after "not bridgeable yet", and the plan's steps
BRIDGE_GAPS: Mapping[str, Msg] = {
    "no avatar": Msg("ajouter une image de profil", "add a profile picture"),
    "no display name": Msg("renseigner un nom affiché", "set a display name"),
    "display name equals the username": Msg(
        "choisir un nom affiché différent du nom d’utilisateur",
        "choose a display name different from the username",
    ),
    "display name equals the handle": Msg(
        "choisir un nom affiché différent du pseudo", "choose a display name different from the handle"
    ),
    "account younger than 7 days": Msg(
        "attendre que le compte ait 7 jours", "wait until the account is 7 days old"
    ),
    "account is locked (followers-only)": Msg(
        "rendre le compte public (sans validation manuelle des abonnés)",
        "make the account public (no manual approval of followers)",
    ),
    "#nobridge in the bio": Msg("retirer `#nobridge` de la bio", "remove `#nobridge` from the bio"),
    "username has characters Bridgy Fed cannot bridge": Msg(
        "le nom d’utilisateur contient des caractères que Bridgy Fed ne relaie pas",
        "the username has characters Bridgy Fed cannot bridge",
    ),
    "home server blocks brid.gy": Msg(
        "l’instance bloque brid.gy : pas de pont possible depuis ce compte",
        "the home server blocks brid.gy: this account cannot be bridged",
    ),
    "profile hidden from logged-out visitors (!no-unauthenticated)": Msg(
        "rendre le profil visible aux visiteurs non connectés",
        "make the profile visible to logged-out visitors",
    ),
}
