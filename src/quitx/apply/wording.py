"""apply's words, in French and in English (data only).

One `Msg` per sentence apply writes, grouped by the module that says it. Placeholders are
``${name}``; the values are plain text (handles, hosts, steps, service messages).
"""

from __future__ import annotations

from ..i18n import Msg

# --- failures -------------------------------------------------------------------------------------

TRY_AGAIN_LATER = Msg(
    "réessayer plus tard",
    "try again later",
)

DID_NOT_ANSWER_CHANGE_MAY = Msg(
    "${name} n’a pas répondu (${why}) : la modification a pu être faite ou non — résultat inconnu, "
    "vérifier le profil. Pour le voir : relancer « quitx apply ${step} » sans --yes (la simulation "
    "relit le compte et dit si l’étape est faite) ; relancer avec --yes ne refait pas ce qui est fait.",
    "${name} did not answer (${why}): the change may or may not have been made — unknown, check the "
    'profile. To see it: run "quitx apply ${step}" again without --yes (the dry run reads the account '
    "and says whether the step is done); running it again with --yes does not redo what is done.",
)

TOKEN_LACKS_SCOPE_NEEDS_WRITE = Msg(
    "le jeton n’a pas les droits nécessaires (write:accounts et write:statuses)",
    "the token lacks the scope it needs (write:accounts and write:statuses)",
)

CREDENTIAL_HOLDS_CHARACTER_NO_CREDENTIAL = Msg(
    "un identifiant ${name} contient un caractère qu’aucun identifiant n’a : le recopier. Rien n’a été "
    "envoyé.",
    "a ${name} credential holds a character no credential has: copy it again. Nothing was sent.",
)

COULD_NOT_REACH_NOTHING_WAS = Msg(
    "${name} injoignable (${why}) : rien n’a été envoyé ; réessayer plus tard",
    "could not reach ${name} (${why}): nothing was sent; try again later",
)

MASTODON_REFUSED_TOKEN_WRONG_EXPIRED = Msg(
    "Mastodon refuse le jeton (401)${suffix} : il est faux, expiré ou révoqué ; en créer un nouveau "
    "(Préférences → Développement → l’application) et le donner dans QUITX_MASTODON_TOKEN ou le "
    "trousseau. Rien n’a été modifié.",
    "Mastodon refused the token (401)${suffix}: it is wrong, expired or revoked; create a new one "
    "(Preferences → Development → the application) and give it in QUITX_MASTODON_TOKEN or the keyring. "
    "Nothing was changed.",
)

BLUESKY_REFUSED_HANDLE_APP_PASSWORD = Msg(
    "Bluesky refuse le pseudo ou le mot de passe d’application (401)${suffix} : faux ou révoqué ; en "
    "créer un (Paramètres → Confidentialité et sécurité → Mots de passe d’application). Rien n’a été "
    "modifié.",
    "Bluesky refused the handle or app password (401)${suffix}: wrong or revoked; create one (Settings "
    "→ Privacy and security → App passwords). Nothing was changed.",
)

APP_PASSWORD_CANNOT_DO_EVERYTHING = Msg(
    "un mot de passe d’application ne peut pas tout faire",
    "an app password cannot do everything",
)

REFUSED_THIS_ACTION_NOTHING_WAS = Msg(
    "${name} refuse cette action (403)${suffix} : ${need}. Rien n’a été modifié.",
    "${name} refused this action (403)${suffix}: ${need}. Nothing was changed.",
)

RATE_LIMITING_NOTHING_WAS_CHANGED = Msg(
    "${name} limite le nombre de requêtes (429) : ${wait}. Rien n’a été modifié.",
    "${name} is rate limiting (429): ${wait}. Nothing was changed.",
)

SERVER_ERROR_NOTHING_WAS_SENT = Msg(
    "erreur du serveur ${name} (${status})${suffix} : rien n’a été envoyé ; réessayer plus tard",
    "${name} server error (${status})${suffix}: nothing was sent; try again later",
)

HANDLE_ALREADY_TAKEN_BY_ANOTHER = Msg(
    "le pseudo est déjà pris par un autre compte (${detail}) : rien n’a été modifié",
    "the handle is already taken by another account (${detail}): nothing was changed",
)

REFUSED_CHANGE_NOTHING_WAS_CHANGED = Msg(
    "${name} refuse la modification (${status})${suffix}. Rien n’a été modifié.",
    "${name} refused the change (${status})${suffix}. Nothing was changed.",
)

RETRY_AFTER = Msg(
    "réessayer après ${hour} h ${minute} UTC (dans ${minutes} min)",
    "try again after ${hour}:${minute} UTC (in ${minutes} min)",
)

HOST_NOT_ALLOWED = Msg(
    "${host} n’est ni dans la table des hôtes ni en boucle locale (only_mapped_hosts) : rien n’a été envoyé",
    "${host} is neither in the host map nor on loopback (only_mapped_hosts): nothing was sent",
)

ANOTHER_HOST_REFUSED = Msg(
    "${host} a envoyé quitx vers ${where} (une redirection ou une adresse dans sa réponse) : refusé, "
    "quitx ne parle qu’à https://${host}. Rien n’a été envoyé à ${where}, et aucun identifiant n’a "
    "quitté ${host}.",
    "${host} sent quitx to ${where} (a redirect, or an address in its answer): refused, quitx talks "
    "only to https://${host}. Nothing was sent to ${where}, and no credential left ${host}.",
)

BLUESKY_ANOTHER_HOST_REFUSED = Msg(
    "${host} a envoyé quitx vers ${where} (une redirection, ou une adresse dans sa réponse) : refusé, "
    "quitx ne parle qu’au PDS du compte (${own}). Rien n’a été envoyé à ${where}, et aucun identifiant "
    "n’en est sorti.",
    "${host} sent quitx to ${where} (a redirect, or an address in its answer): refused, quitx talks "
    "only to the account's own PDS (${own}). Nothing was sent to ${where}, and no credential left it.",
)

BLUESKY_PDS_UNCHECKED = Msg(
    "${host} désigne ${where} comme PDS de ${did}, mais le document DID de ce compte n’a pas pu être "
    "lu (${why}) : rien n’a été envoyé à ${where} ; réessayer plus tard.",
    "${host} names ${where} as the PDS of ${did}, but that account's DID document could not be read "
    "(${why}): nothing was sent to ${where}; try again later.",
)

NOT_A_PDS_ADDRESS = Msg(
    "${pds} n’est pas l’adresse d’un PDS (https://…) : rien n’a été envoyé",
    "${pds} is not the address of a PDS (https://…): nothing was sent",
)

ANOTHER_HOST_AFTER_WRITE = Msg(
    "${refused} ${name} a reçu la modification sans la confirmer : elle a pu être faite ou non. Pour "
    "le voir : relancer « quitx apply ${step} » sans --yes (la simulation relit le compte) ; relancer "
    "avec --yes ne refait pas ce qui est fait.",
    "${refused} ${name} received the change without confirming it: it may or may not have been made. "
    'To see it: run "quitx apply ${step}" again without --yes (the dry run reads the account); running '
    "it again with --yes does not redo what is done.",
)

# --- mastodon_sdk ---------------------------------------------------------------------------------

NON_ASCII_CHARACTER = Msg(
    "un caractère non ASCII",
    "a non-ASCII character",
)

SPACE_CONTROL_CHARACTER = Msg(
    "une espace ou un caractère de contrôle",
    "a space or a control character",
)

MASTODON_TOKEN_HOLDS_POSITION_NOT = Msg(
    "le jeton Mastodon contient ${what} (position ${position}) : ce n’est pas un jeton valide (copié "
    "avec un guillemet typographique ou une espace ?). Le recopier depuis Préférences → Développement "
    "→ l’application. Rien n’a été envoyé.",
    "the Mastodon token holds ${what} (position ${position}): it is not a valid token (copied with a "
    "typographic quote or a space?). Copy it again from Preferences → Development → the application. "
    "Nothing was sent.",
)

# --- rules: whose account ---------------------------------------------------------------------------

NOT_THE_INSTITUTIONS_ACCOUNT = Msg(
    "ces identifiants ouvrent ${opened}, que le rapport n’attribue pas à « ${name} »${attributed}. Rien "
    "n’a été envoyé. Si ce compte est bien celui de l’établissement, le dire : --confirm-account ${ref}",
    "these credentials open ${opened}, which the report does not attribute to “${name}”${attributed}. "
    "Nothing was sent. If this account really is the institution's, say so: --confirm-account ${ref}",
)

IT_ATTRIBUTES = Msg(" (il lui attribue : ${listed})", " (it attributes: ${listed})")

IT_NAMES_NONE = Msg(" (il ne lui attribue aucun compte ${how})", " (it names no ${how} account of its own)")

# --- rules ----------------------------------------------------------------------------------------

REPORT_FOUND_BY_ITS_NAME = Msg(
    " (le rapport l’a trouvé par son nom seulement : ce n’est pas une preuve)",
    " (the report found it by its name only: that is no proof)",
)

PROFILE_ALREADY_HAS_FIELDS_MASTODON = Msg(
    "le profil a déjà ${count} champs, le maximum de Mastodon (${listed}), et aucun n’est l’adresse du "
    "site ${site} : libérer un champ (Modifier le profil → Champs supplémentaires) puis relancer. Rien "
    "n’a été envoyé.",
    "the profile already has ${count} fields, Mastodon's maximum (${listed}), and none is the site's "
    "address ${site}: free one (Edit profile → Extra fields), then run again. Nothing was sent.",
)

NO_FIELD = Msg(
    "(aucun champ)",
    "(no field)",
)

OWNER_FROM_REPORT = Msg(
    "${handle} : le compte que le rapport attribue à l’établissement (${how})",
    "${handle}: the account the report attributes to the institution (${how})",
)

OWNER_CONFIRMED = Msg(
    "${handle} : confirmé comme compte de l’établissement (--confirm-account)",
    "${handle}: confirmed as the institution's account (--confirm-account)",
)

NO_DOMAIN_GIVEN = Msg(
    "aucun domaine indiqué",
    "no domain given",
)

ADDED = Msg(
    "ajouté",
    "added",
)

WEBSITE = Msg(
    "Site web",
    "Website",
)

UNCHANGED = Msg(
    "inchangé",
    "unchanged",
)

REPLACES = Msg(
    "remplace « ${value} »",
    "replaces “${value}”",
)

# --- run ------------------------------------------------------------------------------------------

ANNOUNCEMENT_OUT_ON_ONLY_NOT = Msg(
    "l’annonce n’est publiée que sur ${where}, pas sur ${missing}. Pour finir : corriger l’erreur "
    "ci-dessus puis relancer la même commande avec --yes — ce qui est déjà publié est reconnu et n’est "
    "pas republié.",
    "the announcement is out on ${where} only, not on ${missing}. To finish: fix the error above, then "
    "run the same command again with --yes — what is already posted is recognised and not posted again.",
)

NO_MASTODON_TOKEN_SET_QUITX = Msg(
    "aucun jeton Mastodon : définir QUITX_MASTODON_TOKEN ou l’enregistrer dans le trousseau (keyring "
    "set quitx mastodon:@compte@instance)",
    "no Mastodon token: set QUITX_MASTODON_TOKEN or store it in the keyring (keyring set quitx "
    "mastodon:@account@instance)",
)

NO_BLUESKY_CREDENTIALS_SET_QUITX = Msg(
    "aucun identifiant Bluesky : définir QUITX_BLUESKY_HANDLE et QUITX_BLUESKY_APP_PASSWORD, ou "
    "enregistrer le mot de passe d’application dans le trousseau (keyring set quitx bluesky:<pseudo>)",
    "no Bluesky credentials: set QUITX_BLUESKY_HANDLE and QUITX_BLUESKY_APP_PASSWORD, or store the app "
    "password in the keyring (keyring set quitx bluesky:<handle>)",
)

REPORT_ATTRIBUTES_NO_MASTODON_ACCOUNT = Msg(
    "le rapport n’attribue aucun compte Mastodon à l’établissement : nommer le compte du jeton avec "
    "--confirm-account @compte@instance (ou l’instance avec ${variable})",
    "the report attributes no Mastodon account to the institution: name the token's account with "
    "--confirm-account @account@instance (or its instance with ${variable})",
)

NOT_SENT_MASTODON_POST_FAILED = Msg(
    "pas envoyé : la publication sur Mastodon a échoué (${error_kind}), l’annonce part sur les deux "
    "réseaux ou sur aucun ; corriger puis relancer la même commande",
    "not sent: the Mastodon post failed (${error_kind}), the announcement goes out on both networks or "
    "on neither; fix it, then run the same command again",
)

# --- profile: the verified link ---------------------------------------------------------------------

STILL_NOT_VERIFIED = Msg(
    "verified_at est encore vide : Mastodon ne met le lien en vert que si la page ${site} contient "
    '<a rel="me" href="${url}">Mastodon</a> (ou la balise <link rel="me">)${unread} ; l’ajouter puis '
    "relancer « quitx apply mastodon-verification --yes » (enregistrer le profil déclenche la "
    "vérification)",
    "verified_at is still null: Mastodon turns the link green only when ${site} holds "
    '<a rel="me" href="${url}">Mastodon</a> (or <link rel="me">)${unread}; add it, then run '
    '"quitx apply mastodon-verification --yes" again (saving the profile is what triggers the check)',
)

PAGE_UNREAD = Msg(" — la page n’a pas pu être lue", " — the page could not be read")

FIELD_NOT_VERIFIED_YET = Msg(
    "le champ du site est là, pas encore vérifié${homepage} : les champs sont renvoyés tels quels, ce "
    "qui fait revérifier le lien par Mastodon",
    "the website field is there, not verified yet${homepage}: the fields are sent again as they are, "
    "which makes Mastodon check the link again",
)

HOMEPAGE_LINKS_BACK = Msg(
    ' ; la page d’accueil renvoie au profil (rel="me")', '; the homepage links back (rel="me")'
)

HOMEPAGE_UNREAD = Msg(" ; la page d’accueil n’a pas pu être lue", "; the homepage could not be read")

# --- profile --------------------------------------------------------------------------------------

SERVER_DID_NOT_GIVE_FIELDS = Msg(
    "le serveur n’a pas donné les champs tels que saisis (source.fields) : apply ne peut pas les "
    "garder à l’identique. Rien n’a été envoyé.",
    "the server did not give the fields as typed (source.fields): apply cannot keep them as they are. "
    "Nothing was sent.",
)

DOES_LINK_BACK_PROFILE_REL = Msg(
    'la page ${site} renvoie bien au profil (rel="me") : Mastodon vérifie le lien en tâche de fond ; '
    "regarder de nouveau dans quelques minutes (« quitx apply mastodon-verification » sans --yes)",
    '${site} does link back to the profile (rel="me"): Mastodon checks the link in the background; '
    'look again in a few minutes ("quitx apply mastodon-verification" without --yes)',
)

WEBSITE_FIELD_THERE_BUT_MASTODON = Msg(
    "le champ du site est là, mais Mastodon ne le vérifiera pas : la page ${site} ne contient pas de "
    'lien rel="me" vers le profil. Y ajouter <a rel="me" href="${url}">Mastodon</a> (ou <link '
    'rel="me">), puis relancer. Rien n’a été envoyé.',
    'the website field is there, but Mastodon will not verify it: ${site} holds no rel="me" link to '
    'the profile. Add <a rel="me" href="${url}">Mastodon</a> (or <link rel="me">) to it, then run '
    "again. Nothing was sent.",
)

# --- handle ---------------------------------------------------------------------------------------

PUBLISH_ONE_DNS_RECORD_ATPROTO = Msg(
    'publier l’un des deux : l’enregistrement DNS « _atproto.${domain}. 3600 IN TXT "did=${did}" » ou '
    "le fichier https://${domain}/.well-known/atproto-did contenant seulement « ${did} »",
    'publish one of: the DNS record `_atproto.${domain}. 3600 IN TXT "did=${did}"` or the file '
    "https://${domain}/.well-known/atproto-did holding only `${did}`",
)

DOES_NOT_POINT_ANY_ACCOUNT = Msg(
    "${domain} ne désigne encore aucun compte (${why}) : ${record}, attendre la propagation, puis "
    "relancer. Rien n’a été envoyé.",
    "${domain} does not point to any account yet (${why}): ${record}, wait for it to propagate, then "
    "run again. Nothing was sent.",
)

POINTS_ANOTHER_ACCOUNT_NOT_REPLACE = Msg(
    "${domain} désigne un autre compte (${points_to}), pas ${did} : remplacer la valeur ; ${record}. Rien "
    "n’a été envoyé.",
    "${domain} points to another account (${points_to}), not ${did}: replace it; ${record}. "
    "Nothing was sent.",
)

HANDLE_SWITCHED_BUT_TWO_WAY = Msg(
    "le pseudo est changé, mais la vérification dans les deux sens n’aboutit pas encore : relancer "
    "quitx check dans quelques minutes",
    "the handle is switched, but the two-way check does not pass yet: run quitx check again in a few minutes",
)

# --- announce -------------------------------------------------------------------------------------

NOT_PINNED = Msg(
    "pas épinglée",
    "not pinned",
)

PINNED = Msg(
    "épinglée",
    "pinned",
)

NOT_POSTED = Msg(
    "pas publiée",
    "not posted",
)

POSTED = Msg(
    "publiée",
    "posted",
)

ANNOUNCEMENT_GIVES_CURRENT_HANDLE_ANNOUNCE = Msg(
    "l’annonce donne le pseudo actuel, @${handle} ; pour annoncer @${domain}, faire d’abord l’étape "
    "bluesky-domain-handle",
    "the announcement gives the current handle, @${handle}; to announce @${domain}, do the "
    "bluesky-domain-handle step first",
)

ALREADY_POSTED = Msg(
    "déjà publiée : ",
    "already posted: ",
)

RECOGNISED_ON_MASTODON = Msg(
    "reconnue à sa mention du compte lui-même et de Bluesky (${count} trouvée(s)), quelle que soit la "
    "langue ou la date",
    "recognised by its mention of the account itself and of Bluesky (${count} found), whatever its "
    "language or date",
)

ANNOUNCEMENTS_ARE_PINNED_UNPIN_ALL = Msg(
    "${count} annonces sont épinglées : en désépingler toutes sauf une (apply ne désépingle ni "
    "ne supprime rien)",
    "${count} announcements are pinned: unpin all but one (apply unpins and deletes nothing)",
)

RECOGNISED_ON_BLUESKY = Msg(
    "reconnue à sa mention du compte lui-même (son DID) et de Mastodon, quelle que soit la langue ou la date",
    "recognised by its mention of the account itself (its DID) and of Mastodon, whatever its language "
    "or date",
)

ACCOUNT_ALREADY_HAS_PINNED_POSTS = Msg(
    "le compte a déjà ${count} publications épinglées, le maximum de Mastodon : en désépingler "
    "une, puis relancer. Rien n’a été envoyé.",
    "the account already has ${count} pinned posts, Mastodon's maximum: unpin one, then run "
    "again. Nothing was sent.",
)

NO_ANNOUNCEMENT_POSTED_PIN = Msg(
    "pas d’annonce publiée à épingler",
    "no announcement posted to pin",
)

ANNOUNCEMENT_LONGER_THAN_BLUESKY_S = Msg(
    "l’annonce dépasse ${limit} caractères, la limite de Bluesky : la raccourcir",
    "the announcement is longer than Bluesky's ${limit} characters: shorten it",
)

POSTED_AT = Msg(
    "publiée : ",
    "posted: ",
)

NOT_VISIBLE_YET = Msg(
    "pas encore visible",
    "not visible yet",
)

NOT_SENT_ANNOUNCEMENT_GOES_OUT = Msg(
    "pas envoyé : l’annonce part sur les deux réseaux ou sur aucun, et l’autre moitié ne peut pas "
    "partir — ${why}",
    "not sent: the announcement goes out on both networks or on neither, and the other half cannot — ${why}",
)

# --- what a write left, read back (evidence) --------------------------------------------------------

FIELDS_READ_BACK_SAME = Msg(
    "champs relus : exactement ceux envoyés, chaque autre champ identique octet pour octet",
    "fields read back: exactly as sent, every other field byte for byte",
)

FIELDS_READ_BACK_DIFFER = Msg(
    "champs relus DIFFÉRENTS de ceux envoyés : ${fields}",
    "fields read back DIFFER from what was sent: ${fields}",
)

WEBSITE_FIELD_GONE = Msg(
    "le champ du site n’est plus là après la mise à jour",
    "the website field is not there after the update",
)

PROFILE_READ_BACK = Msg("profil relu sur ${host}", "profile read back from ${host}")

PROFILE_RECORD_READ_BACK = Msg(
    "profil relu (cid ${cid}) : modifications ${changes}, autres champs ${others}",
    "profile record read back (cid ${cid}): changes ${changes}, other fields ${others}",
)

APPLIED = Msg("appliquées", "applied")

NOT_APPLIED = Msg("ABSENTES", "MISSING")

KEPT = Msg("gardés", "kept")

CHANGED = Msg("MODIFIÉS", "CHANGED")

HANDLE_BOTH_WAYS = Msg(
    "@${handle} ↔ ${did} : les deux sens concordent",
    "@${handle} ↔ ${did}: both directions agree",
)

HANDLE_NOT_VERIFIED = Msg("@${handle} : ${why}", "@${handle}: ${why}")

NOT_VERIFIED_YET = Msg("pas encore vérifié", "not verified yet")

UNDER_SERVED_DOMAIN = Msg(
    "${domain} est sous un domaine que ce PDS sert (${served})",
    "${domain} is under a domain this PDS serves (${served})",
)

STATUS_READ_BACK = Msg(
    "relue : ${where} ; ${recognised}",
    "read back: ${where}; ${recognised}",
)

RECOGNISED = Msg("reconnue comme l’annonce", "recognised as the announcement")

NOT_RECOGNISED = Msg("PAS reconnue comme l’annonce", "NOT recognised as the announcement")

PINNED_READ_BACK = Msg(
    "publications épinglées relues : ${sid} ${present}",
    "pinned statuses read back: status ${sid} ${present}",
)

PRESENT = Msg("présente", "present")

MISSING = Msg("absente", "absent")

RECORD_READ_BACK = Msg(
    "relue dans le dépôt : ${uri} (cid ${cid}) ; ${recognised}",
    "read back from the repository: ${uri} (cid ${cid}); ${recognised}",
)

RECORD_CREATED = Msg("créé : ${where}", "created: ${where}")

RELATIONSHIP_READ_BACK = Msg(
    "relation relue : abonné ${following}, demande en attente ${requested}",
    "relationship read back: following ${following}, requested ${requested}",
)

# --- sector_lists -------------------------------------------------------------------------------

THE_LIST = Msg("${title}", "${title}")  # the curated list: its name alone

THE_STARTER_PACK_MEMBERS = Msg(
    "${title}, membres du kit de démarrage",
    "${title}, the starter pack's members",
)

NEW_LIST_URI = Msg("<l’URI at:// de la nouvelle liste>", "<the new list's at:// URI>")

ABSENT = Msg("n’existe pas", "does not exist")

EXISTS = Msg("existe", "exists")

IN_THE_LIST = Msg("dans la liste", "in the list")

NOT_IN_THE_LIST = Msg("pas dans la liste", "not in the list")

NOT_FOLLOWED_YET = Msg("pas suivi", "not followed")

FOLLOWED = Msg("suivi", "followed")

FOLLOW_REQUEST_SENT = Msg("demande d’abonnement envoyée", "follow request sent")

FOLLOW_FIRST = Msg(
    "Mastodon n’ajoute à une liste que des comptes suivis : ce compte est d’abord suivi (il le voit)",
    "Mastodon adds to a list only accounts you follow: this account is followed first (it sees it)",
)

FOLLOW_REQUESTED = Msg(
    "demande d’abonnement en attente (compte verrouillé) : une prochaine exécution l’ajoutera à la "
    "liste, une fois la demande acceptée",
    "follow request pending (a locked account): a later run adds it to the list, once accepted",
)

NOT_FOLLOWED = Msg(
    "pas suivi, donc pas ajouté (--no-follow)",
    "not followed, so not added (--no-follow)",
)

UNKNOWN_TO_SERVER = Msg(
    "${host} ne connaît pas ${member} : pas ajouté (le fichier d’abonnements le contient)",
    "${host} does not know ${member}: not added (the follow file lists it)",
)

LIST_NOT_CREATED = Msg(
    "pas envoyé : la liste n’a pas pu être créée (voir plus haut) ; corriger puis relancer la même commande",
    "not sent: the list could not be created (see above); fix it, then run the same command again",
)

# --- results --------------------------------------------------------------------------------------

ALREADY_DONE = Msg(
    "[déjà fait]",
    "[already done]",
)

DRY_RUN = Msg(
    "[simulation]",
    "[dry run]",
)

DONE = Msg(
    "[fait]",
    "[done]",
)

FAILED = Msg(
    "[échec]",
    "[failed]",
)

CANNOT = Msg(
    "[impossible]",
    "[cannot]",
)

SKIPPED = Msg(
    "[ignoré]",
    "[skipped]",
)

DRY_RUN_ACCOUNTS_WERE_READ = Msg(
    "Simulation : les comptes ont été lus, rien n’a été envoyé. Ajouter --yes pour envoyer.",
    "Dry run: the accounts were read, nothing was sent. Add --yes to send.",
)

BEFORE = Msg(
    "avant : ",
    "before: ",
)

AFTER_EXPECTED = Msg(
    "après (prévu) : ",
    "after (expected): ",
)

AFTER = Msg(
    "après : ",
    "after: ",
)

VERIFIED = Msg(
    "  vérifié : ",
    "  verified: ",
)

ERROR = Msg(
    "  erreur : ",
    "  error: ",
)

ALREADY_DONE_NOTHING_SENT = Msg(
    "  déjà fait : rien n’est envoyé",
    "  already done: nothing is sent",
)

ALREADY_DONE_NOTHING_WOULD_BE = Msg(
    "  déjà fait : rien ne serait envoyé",
    "  already done: nothing would be sent",
)

YES = Msg(
    "oui",
    "yes",
)

NO = Msg(
    "non",
    "no",
)
