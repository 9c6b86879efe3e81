"""The plan's words, in French and in English (data only).

One `Msg` per sentence the plan writes, named for what it says, in the order the plan uses them:
the evidence lines (what the check found), the home instance, then each phase's steps, then the
document around them. Placeholders are ``${name}``; the values are plain text (handles, hosts,
dates already written in the plan's language). French names the institution with the noun the
letter uses (`NOUN_FORMS`: ``${inst_de}`` → "de la ville", "du ministère", "de l’université"),
filled in every message by the plan's `Lang`; English says "the institution".
"""

from __future__ import annotations

from ..i18n import Msg
from ..i18n.results import BRIDGE_GAPS

# the noun's forms (`quitx.i18n.nouns.InstitutionNoun.forms`), French only
NOUN_FORMS = frozenset({"inst_le", "Inst_le", "inst_de", "inst_a"})

# --- the phases ------------------------------------------------------------------------------------------

WEEK_1 = Msg(
    "Semaine 1 : réserver les noms et choisir une instance",
    "Week 1: secure the names and choose a home",
)

WEEK_2 = Msg("Semaine 2 : prouver l’authenticité des comptes", "Week 2: prove the accounts are authentic")

WEEK_3 = Msg("Semaine 3 : mettre à jour le site et annoncer", "Week 3: update the website and announce")

DORMANT = Msg(
    "Jusqu’au ${until} : comptes X et Meta en sommeil, puis archivés",
    "Until ${until}: X and Meta accounts dormant, then archived",
)

# --- what the check found, as evidence -------------------------------------------------------------------

COULD_NOT_TELL = Msg("le contrôle n’a pas pu conclure : ${tail}", "the check could not tell: ${tail}")

VERIFIED_BY_FIELD = Msg(
    "${handle} vérifié (champ de profil « ${name} » vérifié le ${when})",
    "${handle} verified (profile field ${name} verified on ${when})",
)

VERIFIED_BY_DOMAIN_HANDLE = Msg(
    "${handle} vérifié (pseudo sur le domaine, confirmé dans les deux sens)",
    "${handle} verified (handle on the domain, confirmed both ways)",
)

VERIFIED_BY_REL_ME = Msg(
    '${handle} vérifié (lien `rel="me"` depuis la page d’accueil)',
    '${handle} verified (`rel="me"` link from the homepage)',
)

NAMED_BY_DOMAIN_RECORD = Msg(
    "${handle} désigné par le nom de domaine ${inst_de} (enregistrement `_atproto`), sans pseudo "
    "sur le domaine",
    "${handle} named by the institution's domain (its `_atproto` record), without a handle on the domain",
)

MOVED_HERE = Msg(
    "${handle}, vers lequel le compte ${inst_de} a déménagé",
    "${handle}, the account the institution's account moved to",
)

LINKED_ONE_WAY = Msg(
    "${handle} lié depuis la page d’accueil, sans preuve réciproque",
    "${handle} linked from the homepage, without a two-way proof",
)

NAME_ONLY = Msg(
    "${handle} trouvé par le nom seulement : compte de fan ou usurpation possible",
    "${handle} found by name only: could be a fan account or an impersonator",
)

ACCOUNT_PLACEHOLDER = Msg("<compte>", "<account>")

INSTANCE_PLACEHOLDER = Msg("<instance>", "<instance>")

BLUESKY_PLACEHOLDER = Msg("<compte>.bsky.social", "<account>.bsky.social")

HOMEPAGE_NOT_READ_NO_DOMAIN = Msg(
    "la page d’accueil n’a pas été lue (aucun domaine)",
    "the homepage was not read (no domain)",
)

SITE_DOES_NOT_EXIST = Msg("le site ${url} n’existe pas", "the site ${url} does not exist")

HOMEPAGE_UNREADABLE = Msg(
    "la page d’accueil n’a pas pu être lue : ${reason}",
    "the homepage could not be read: ${reason}",
)

# --- the Mastodon home -----------------------------------------------------------------------------------

HOME_ALREADY_THERE = Msg("déjà présent sur ${host}", "already at ${host}")

HOME_ALREADY_AT = Msg("déjà sur ${host} : ${evidence}", "already at ${host}: ${evidence}")

HOME_OWN_SERVER = Msg(
    "${inst_le} a déjà son propre serveur : ${host}${detail}",
    "the institution already runs its own server: ${host}${detail}",
)

OWN_SERVER_EVIDENCE = Msg("serveur propre : ${host}${detail}", "own server: ${host}${detail}")

CREATE_ON_OWN_SERVER = Msg(
    "Créer le compte officiel sur ${host}, s’il n’existe pas encore.",
    "Create the official account on ${host}, if it does not exist yet.",
)

HOME_OWN_INSTANCE = Msg(
    "une instance propre (${host}) donne des comptes à l’adresse du domaine (@nom@${domain}) et peut "
    "être reliée automatiquement à Bluesky",
    "an instance of its own (${host}) gives accounts at the domain's address (@name@${domain}) and "
    "can be bridged to Bluesky automatically",
)

INSTALL_OWN_INSTANCE = Msg(
    "Installer Mastodon sur ${host} avec `LOCAL_DOMAIN=${domain}` et `WEB_DOMAIN=${host}`, pour que "
    "les comptes s’appellent @nom@${domain}.",
    "Install Mastodon on ${host} with `LOCAL_DOMAIN=${domain}` and `WEB_DOMAIN=${host}`, so that "
    "accounts are called @name@${domain}.",
)

REDIRECT_WELL_KNOWN = Msg(
    "Sur https://${domain}/, rediriger `/.well-known/webfinger` et `/.well-known/host-meta` vers "
    "${host}, et `/.well-known/atproto-did` vers Bridgy Fed : chaque compte apparaît alors sur Bluesky "
    "sous un pseudo du domaine.",
    "On https://${domain}/, redirect `/.well-known/webfinger` and `/.well-known/host-meta` to ${host}, "
    "and `/.well-known/atproto-did` to Bridgy Fed: each account then appears on Bluesky with a handle "
    "on the domain.",
)

NO_MASTODON_ACCOUNT = Msg(
    "nous n’avons trouvé aucun compte Mastodon ${inst_de}",
    "we found no Mastodon account of the institution",
)

REGISTRATIONS_CLOSED = Msg(
    "${host} : inscriptions fermées (lu le ${checked})",
    "${host}: registrations closed (read on ${checked})",
)

REGISTRATIONS_NOT_CHECKED = Msg(
    "${host} : mode d’inscription non contrôlé, à vérifier sur https://${host}/about",
    "${host}: registration mode not checked; see https://${host}/about",
)

REGISTRATIONS_OPEN = Msg(
    "${host} : inscriptions ouvertes (lu le ${checked})",
    "${host}: registrations open (read on ${checked})",
)

REGISTRATIONS_APPROVAL = Msg(
    "${host} : inscriptions sur demande (lu le ${checked})",
    "${host}: registrations need approval (read on ${checked})",
)

APPLY_FOR_AN_ACCOUNT = Msg(
    "Déposer une demande d’inscription sur ${signup} en précisant que le compte est celui "
    "${inst_de} ; compter quelques jours de délai.",
    "Apply for an account at ${signup}, saying that it is the institution's official account; allow a "
    "few days.",
)

REGISTRATIONS_UNREAD = Msg(
    "${host} : le mode d’inscription n’a pas pu être lu ; à vérifier avant de s’inscrire",
    "${host}: the registration mode could not be read; check it before signing up",
)

IF_SIGN_UP_REFUSED = Msg(
    "Si ${host} n’accepte pas l’inscription : ${following}.",
    "If ${host} does not accept the sign-up: ${following}.",
)

BLOCKS_BRIDGY = Msg(
    "${host} bloque brid.gy : pas de pont vers Bluesky depuis cette instance",
    "${host} blocks brid.gy: no bridge to Bluesky from there",
)

CREATE_ACCOUNT_AT = Msg("Créer le compte sur ${host} : ${signup}", "Create the account on ${host}: ${signup}")

EVERY_INSTANCE_CLOSED = Msg(
    "toutes les instances proposées ont fermé leurs inscriptions : en choisir une autre sur "
    "https://joinmastodon.org/servers, ou héberger la sienne",
    "every proposed instance has closed its registrations: choose another one at "
    "https://joinmastodon.org/servers, or run your own",
)

OWN_INSTANCE_OPTION = Msg(
    "Autre option, si ${inst_le} en a les moyens : héberger sa propre instance (${host}). Les comptes "
    "s’appellent alors @nom@${domain}, et une redirection de `/.well-known/atproto-did` vers Bridgy "
    "Fed les relie automatiquement à Bluesky.",
    "An option for a large institution: run its own instance (${host}). Accounts are then called "
    "@name@${domain}, and redirecting `/.well-known/atproto-did` to Bridgy Fed bridges them to Bluesky "
    "automatically.",
)

NOT_PROPOSED = Msg("${host} n’est pas proposée : ${rule}", "${host} is not proposed: ${rule}")

ONLY_IF_LISTED = Msg(
    "${host} n’est proposée que si ${domain} figure sur sa liste : ${rule}",
    "${host} is proposed only if ${domain} is on its list: ${rule}",
)

REGISTRATION_MESSAGE = Msg(
    "message d’inscription de ${host} (lu le ${checked}) : « ${message} »",
    "registration message of ${host} (read on ${checked}): \u201c${message}\u201d",
)

CHECK_THE_MESSAGE = Msg(
    "Son message d’inscription pose des conditions : vérifier qu’elles admettent le compte ${inst_de} "
    "avant de s’inscrire sur ${host}.",
    "Its registration message sets conditions: check that they admit the institution's account before "
    "signing up on ${host}.",
)

READ_THE_RULES = Msg(
    "Lire les règles de ${host} (${rules}) sur https://${host}/about avant de s’inscrire.",
    "Read the rules of ${host} (${rules}) at https://${host}/about before signing up.",
)

RULE_ONE = Msg("${n} règle", "${n} rule")

RULE_MANY = Msg("${n} règles", "${n} rules")

HOME_OWN_DOMAIN_MEDIA = Msg(
    "un média signe de son nom : des comptes à l’adresse de son domaine (@nom@${domain}, sur "
    "${host}) prouvent leur origine à chaque partage, et restent à lui quelle que soit l’instance",
    "a media outlet signs with its name: accounts at its domain's address (@name@${domain}, on "
    "${host}) prove where they come from wherever they are shared, and stay its own whatever the "
    "instance",
)

MANAGED_HOSTING = Msg(
    "Ou confier l’instance à un hébergeur Mastodon qui accepte un domaine propre : les comptes "
    "gardent l’adresse @nom@${domain}.",
    "Or have a Mastodon hosting provider run it under the institution's domain: accounts keep the "
    "address @name@${domain}.",
)

HOLD_THE_NAME_MEANWHILE = Msg(
    "D’ici là, réserver le nom sur ${host} ; le compte déménagera ensuite vers ${own} avec ses abonnés.",
    "Meanwhile, hold the name on ${host}; the account will then move to ${own} with its followers.",
)

# --- week 1: secure the names, choose the Mastodon home --------------------------------------------------

THE_CHOSEN_INSTANCE = Msg("l’instance choisie", "the chosen instance")

CREATE_OFFICIAL_MASTODON = Msg(
    "Créer le compte officiel sur ${host} : ${handle} (nom proposé).",
    "Create the official account on ${host}: ${handle} (suggested name).",
)

CREATE_BLUESKY_ACCOUNT = Msg(
    "Créer le compte sur https://bsky.app (pseudo provisoire en .bsky.social), puis passer au pseudo "
    "du domaine en semaine 2.",
    "Create the account at https://bsky.app (a temporary .bsky.social handle), then switch to the "
    "domain handle in week 2.",
)

REPORT_TO_INSTANCE_MODERATORS = Msg("aux modérateurs de son instance", "to its instance's moderators")

REPORT_TO_BLUESKY = Msg(
    "à Bluesky (Signaler le compte → Usurpation d’identité)",
    "to Bluesky (Report account → impersonation)",
)

LOOKALIKE_EXISTS = Msg(
    "Un compte ressemblant existe sur ${network} (${handles}) : s’il appartient ${inst_a}, le lier "
    "depuis la page d’accueil ; sinon le signaler comme usurpation d’identité ${where} et demander le "
    "nom.",
    "A lookalike account exists on ${network} (${handles}): if it is the institution's, link it from "
    "the homepage; otherwise report it as impersonation ${where} and ask for the name.",
)

RUN_THE_CHECK_AGAIN = Msg(
    "Relancer le contrôle pour ${network} ; si aucun compte n’existe, le créer.",
    "Run the check again for ${network}; if there is no account, create it.",
)

NOT_FOUND_ON = Msg("nous n’avons trouvé aucun compte ${network}", "we found no ${network} account")

LOOK_THE_NAME_UP = Msg(
    "Chercher le nom ${inst_de} sur Mastodon et Bluesky ; créer les comptes qui manquent, "
    "signaler ceux qui l’usurpent.",
    "Look the institution's name up on Mastodon and Bluesky; create the missing accounts, report "
    "those imitating it.",
)

OPEN_WITH_TEAM_ADDRESS = Msg(
    "Ouvrir les comptes avec une adresse électronique de service (pas personnelle) et "
    "l’authentification à deux facteurs ; ranger les accès dans le gestionnaire de mots de passe "
    "${inst_de}.",
    "Open the accounts with a team e-mail address (not a personal one) and two-factor authentication; "
    "keep the credentials in the institution's password manager.",
)

SECURE_NAMES_TITLE = Msg(
    "Réserver les noms sur Mastodon et Bluesky",
    "Secure the names on Mastodon and Bluesky",
)

SECURE_NAMES_WHY = Msg(
    "Un nom libre peut être pris par n’importe qui : un compte qui se fait passer pour ${inst_le} "
    "trompe ses abonnés, et récupérer le nom ensuite prend des semaines.",
    "A free name can be taken by anyone: an account imitating the institution misleads its readers, "
    "and getting the name back later takes weeks.",
)

SIGN_UP_PAGE = Msg("Page d’inscription", "Sign-up page")

MASTODON_HOME_TITLE = Msg("Choisir une instance Mastodon", "Choose a Mastodon home")

MASTODON_HOME_WHY = Msg(
    "Sur Mastodon, l’instance fait partie de l’adresse et dit qui répond du compte : elle doit "
    "accueillir les institutions et rester ouverte à Bluesky.",
    "On Mastodon the instance is part of the address and says who stands behind the account: it must "
    "welcome institutions and stay open to Bluesky.",
)

# --- week 2: the Bluesky domain handle, Mastodon's verified link, the bridge -----------------------------

DOMAIN_PLACEHOLDER = Msg("<domaine>", "<domain>")

DID_PLACEHOLDER = Msg(
    "<DID du compte, affiché dans Paramètres → Compte → Pseudo>",
    "<DID of the account, shown in Settings → Account → Handle>",
)

NO_DOMAIN_GIVEN = Msg("aucun domaine indiqué", "no domain given")

NO_DOMAIN_HANDLE_YET = Msg("pas encore de pseudo sur ${domain}", "no handle on ${domain} yet")

NO_BLUESKY_DOMAIN_HANDLE = Msg(
    "nous n’avons trouvé aucun compte Bluesky au pseudo ${domain}",
    "we found no Bluesky account with the handle ${domain}",
)

DOMAIN_NAMES_ACCOUNT = Msg(
    "le domaine désigne déjà ce compte (${did}) : il ne reste qu’à activer le pseudo",
    "the domain already names this account (${did}): only the switch is left",
)

ONLY_THE_SWITCH_LEFT = Msg(
    "L’enregistrement du domaine désigne déjà ce compte : il ne reste qu’à changer de pseudo dans "
    "Bluesky (Paramètres → Compte → Pseudo → « J’ai mon propre domaine », ${domain}, « Vérifier »).",
    "The domain's record already names this account: only the switch in Bluesky is left (Settings → "
    'Account → Handle → "I have my own domain", ${domain}, "Verify").',
)

SET_DOMAIN_HANDLE = Msg(
    "Dans Bluesky : Paramètres → Compte → Pseudo → « J’ai mon propre domaine », saisir ${domain}.",
    'In Bluesky: Settings → Account → Handle → "I have my own domain", enter ${domain}.',
)

ADD_TXT_RECORD = Msg(
    "Dans la zone DNS du domaine ${domain} (chez son gestionnaire DNS), ajouter l’enregistrement TXT "
    "ci-dessous (nom : `_atproto`, valeur : `did=${did}`), puis cliquer sur « Vérifier ».",
    "In the DNS zone of ${domain} (at whoever manages its DNS), add the TXT record below (name: "
    '`_atproto`, value: `did=${did}`), then click "Verify".',
)

PUBLISH_WELL_KNOWN_FILE = Msg(
    "Sans accès au DNS : publier le fichier `https://${domain}/.well-known/atproto-did` contenant "
    "seulement le DID, et choisir la méthode par fichier.",
    "Without DNS access: publish the file `https://${domain}/.well-known/atproto-did` holding only the "
    "DID, and choose the file method.",
)

DOMAIN_HANDLE_PROVES = Msg(
    "Le pseudo du domaine prouve à lui seul que le compte est celui ${inst_de}.",
    "A handle on the domain proves by itself that the account is the institution's.",
)

DNS_RECORD_LABEL = Msg("Enregistrement DNS TXT `_atproto.${domain}`", "DNS TXT record `_atproto.${domain}`")

DOMAIN_HANDLE_TITLE = Msg(
    "Bluesky : prendre le pseudo du domaine (@${domain})",
    "Bluesky: take the domain handle (@${domain})",
)

DOMAIN_HANDLE_WHY = Msg(
    "Un pseudo qui est le nom de domaine ${inst_de} ne peut pas être imité : c’est la "
    "meilleure preuve d’authenticité sur Bluesky.",
    "A handle that is the institution's domain name cannot be imitated: it is the best proof of "
    "authenticity on Bluesky.",
)

WEBSITE_FIELD_NAME = Msg("Site web", "Website")

ALREADY_VERIFIED = Msg("déjà vérifié : ${evidence}", "already verified: ${evidence}")

NO_VERIFIED_FIELD = Msg(
    "aucun champ de profil vérifié pointant vers ${domain}",
    "no verified profile field pointing to ${domain}",
)

NO_MASTODON_ACCOUNT_FOUND = Msg(
    "aucun compte Mastodon ${inst_de} trouvé",
    "no Mastodon account of the institution found",
)

ADD_REL_ME_LINK = Msg(
    "Sur la page d’accueil ${site}/, ajouter le lien ci-dessous (ou la balise `<link>` dans "
    "`<head>`) ; la page doit être en HTML simple, lisible sans JavaScript.",
    "On the homepage ${site}/, add the link below (or the `<link>` tag in `<head>`); the page must be "
    "plain HTML, readable without JavaScript.",
)

REL_ME_ALREADY_THERE = Msg(
    'La page d’accueil a déjà un lien `rel="me"` : il suffit du champ de profil.',
    'The homepage already has a `rel="me"` link: only the profile field is missing.',
)

ADD_PROFILE_FIELD = Msg(
    "Dans Mastodon : Modifier le profil → Champs supplémentaires : nom « ${field_name} », valeur « "
    "${site} », puis enregistrer ; le lien devient vert.",
    'In Mastodon: Edit profile → Extra fields: name "${field_name}", value "${site}", then save; the '
    "link turns green.",
)

SUGGESTED_NAME_EVERYWHERE = Msg(
    "${handle} est un nom proposé : le remplacer partout par l’adresse réelle du compte.",
    "${handle} is a suggested name: replace it everywhere with the account's real address.",
)

HOMEPAGE_LINK_LABEL = Msg("Lien pour la page d’accueil", "Link for the homepage")

HEAD_LINK_LABEL = Msg("Ou dans `<head>`", "Or in `<head>`")

PROFILE_FIELD_LABEL = Msg("Champ de profil « ${field_name} »", 'Profile field "${field_name}"')

VERIFICATION_TITLE = Msg(
    "Mastodon : faire vérifier le compte par le site",
    "Mastodon: verify the account with the website",
)

VERIFICATION_WHY = Msg(
    "Le lien vert sur le profil prouve que le compte est bien celui ${inst_de} : le site "
    "officiel le désigne, et le compte désigne le site.",
    "The green link on the profile proves the account is the institution's: the official site points "
    "to it, and it points to the site.",
)

BRIDGED = Msg("${handle} est relié${shown}", "${handle} is bridged${shown}")

NOT_BRIDGED = Msg("${handle} n’est pas relié", "${handle} is not bridged")

BRIDGE_UNCHECKABLE = Msg("${handle} : pont non vérifiable", "${handle}: bridge could not be checked")

BRIDGE_NOT_CHECKED = Msg("pont non vérifié", "bridge not checked")

NOTHING_TO_BRIDGE = Msg("aucun compte à relier pour l’instant", "no account to bridge yet")

FOLLOW_FROM_MASTODON_AS = Msg(
    "Depuis le compte Mastodon, suivre @bsky.brid.gy@bsky.brid.gy : le compte apparaît sur Bluesky "
    "comme @${bridged}.",
    "From the Mastodon account, follow @bsky.brid.gy@bsky.brid.gy: the account appears on Bluesky as "
    "@${bridged}.",
)

FOLLOW_FROM_MASTODON = Msg(
    "Depuis le compte Mastodon, suivre @bsky.brid.gy@bsky.brid.gy : le compte apparaît sur Bluesky.",
    "From the Mastodon account, follow @bsky.brid.gy@bsky.brid.gy: the account appears on Bluesky.",
)

FOLLOW_FROM_BLUESKY = Msg(
    "Depuis le compte Bluesky, suivre @ap.brid.gy : le compte apparaît sur Mastodon.",
    "From the Bluesky account, follow @ap.brid.gy: the account appears on Mastodon.",
)

BRIDGE_ONE_ACCOUNT = Msg(
    "Si ${inst_le} publie nativement sur les deux réseaux, ne relier qu’un seul compte, pour ne "
    "pas apparaître deux fois.",
    "If the institution posts natively on both networks, bridge one account only, so as not to appear twice.",
)

BRIDGE_OWN_SERVER = Msg(
    "Avec un serveur propre : rediriger `/.well-known/atproto-did` vers Bridgy Fed relie "
    "automatiquement tous ses comptes.",
    "With a server of its own: redirecting `/.well-known/atproto-did` to Bridgy Fed bridges all its "
    "accounts automatically.",
)

FOLLOW_FROM_MASTODON_LABEL = Msg("À suivre depuis Mastodon", "To follow from Mastodon")

FOLLOW_FROM_BLUESKY_LABEL = Msg("À suivre depuis Bluesky", "To follow from Bluesky")

BRIDGE_TITLE = Msg("Relier les deux réseaux avec Bridgy Fed", "Bridge the two networks with Bridgy Fed")

BRIDGE_WHY = Msg(
    "Bridgy Fed rend un compte Mastodon visible depuis Bluesky, et inversement : une seule "
    "publication touche les deux publics.",
    "Bridgy Fed makes a Mastodon account visible from Bluesky, and the other way round: one post "
    "reaches both audiences.",
)

# Bridgy Fed's eligibility gaps (as the bridges probe words them, in reports) as things to do
GAP = Msg("${handle} : ${gap}", "${handle}: ${gap}")

GAPS = BRIDGE_GAPS  # the check's table words the same gaps the same way: one table, in quitx.i18n

# --- week 3: the website's links, the announcement, Meta -------------------------------------------------

SITE_STILL_LINKS_TO = Msg(
    "la page d’accueil renvoie encore vers ${platform} : ${url}",
    "the homepage still links to ${platform}: ${url}",
)

NO_LINK_TO_MASTODON = Msg("aucun lien vers Mastodon", "no link to Mastodon")

NO_LINK_TO_BLUESKY = Msg("aucun lien vers Bluesky", "no link to Bluesky")

SITE_LINKS_DONE = Msg(
    "la page d’accueil renvoie vers Mastodon et Bluesky, plus vers X ni Meta",
    "the homepage links to Mastodon and Bluesky, and no longer to X or Meta",
)

SITE_LINKS_TO_MOVED = Msg(
    "la page d’accueil renvoie vers ${old}, qui a déménagé vers ${new}",
    "the homepage links to ${old}, which moved to ${new}",
)

REPLACE_MOVED_LINK = Msg(
    'Remplacer le lien vers ${old} par ${new} (en gardant `rel="me"`).',
    'Replace the link to ${old} with ${new} (keeping `rel="me"`).',
)

REPLACE_OLD_LINKS = Msg(
    "Remplacer les liens vers X, Facebook, Instagram et Threads (en-tête, pied de page, pages de "
    "contact, signatures électroniques) par les nouveaux comptes.",
    "Replace the links to X, Facebook, Instagram and Threads (header, footer, contact pages, e-mail "
    "signatures) with the new accounts.",
)

KEEP_REL_ME = Msg(
    'Garder `rel="me"` sur le lien Mastodon : c’est lui qui vérifie le compte.',
    'Keep `rel="me"` on the Mastodon link: it is what verifies the account.',
)

FEDIVERSE_CREATOR_TIP = Msg(
    "Sur les pages d’articles, la balise `fediverse:creator` crédite ${inst_le} dans les aperçus "
    "de liens sur Mastodon.",
    "On article pages, the `fediverse:creator` tag credits the institution in link previews on Mastodon.",
)

LINKS_TO_REMOVE = Msg("Liens à retirer : ${links}", "Links to remove: ${links}")

NEW_LINKS_LABEL = Msg("Nouveaux liens", "New links")

ARTICLE_PAGES_LABEL = Msg("Pour les pages d’articles (dans `<head>`)", "For article pages (in `<head>`)")

WEBSITE_LINKS_TITLE = Msg("Mettre à jour les liens du site", "Update the website's links")

WEBSITE_LINKS_WHY = Msg(
    "Le site est la référence : tant qu’il renvoie vers X et Meta, il y envoie ses lecteurs.",
    "The website is the reference: as long as it links to X and Meta, it sends its readers there.",
)

REPLACE_SUGGESTED_HANDLE = Msg(
    "Remplacer ${handle} par l’adresse réelle du compte Mastodon, si elle diffère.",
    "Replace ${handle} with the Mastodon account's real address, if it differs.",
)

ANNOUNCEMENT = Msg(
    "Nous sommes désormais sur Mastodon et Bluesky !\n\nMastodon : ${mastodon}\nBluesky : "
    "${bluesky}\n\nÀ partir du ${from_day}, nous ne publierons plus sur X. Suivez-nous là-bas pour "
    "continuer à recevoir nos actualités.",
    "We are now on Mastodon and Bluesky!\n\nMastodon: ${mastodon}\nBluesky: ${bluesky}\n\nFrom "
    "${from_day}, we will no longer post on X. Follow us there to keep getting our news.",
)

X_FAREWELL = Msg(
    "Ce compte n’est plus mis à jour à partir du ${from_day}. Retrouvez-nous sur Mastodon "
    "(${mastodon}) et Bluesky (${bluesky}).\n\nIl restera visible jusqu’au ${until}, puis sera "
    "archivé, sans être supprimé : personne ne pourra reprendre notre nom.",
    "This account is no longer updated from ${from_day}. Find us on Mastodon (${mastodon}) and "
    "Bluesky (${bluesky}).\n\nIt will stay visible until ${until}, then be archived, never deleted: "
    "nobody will be able to take over our name.",
)

POST_THE_ANNOUNCEMENT = Msg(
    "Publier l’annonce sur X, sur les comptes Meta et sur les nouveaux comptes ; l’épingler.",
    "Post the announcement on X, on the Meta accounts and on the new accounts; pin it.",
)

POST_THE_X_FAREWELL = Msg(
    "Le ${from_day}, publier le message d’adieu sur X et l’épingler ; ne plus rien publier ensuite.",
    "On ${from_day}, post the farewell on X and pin it; post nothing more afterwards.",
)

TELL_PARTNERS = Msg(
    "Prévenir les partenaires, la presse et les services internes des nouvelles adresses.",
    "Tell partners, the press and internal services about the new addresses.",
)

ANNOUNCE_TITLE = Msg("Annoncer le départ de X", "Announce the move and leave X")

ANNOUNCE_WHY = Msg(
    "Les abonnés ne suivent que s’ils savent où aller : l’annonce donne les nouvelles adresses, le "
    "message d’adieu reste en tête du compte X.",
    "Followers only follow if they know where to go: the announcement gives the new addresses, the "
    "farewell stays at the top of the X account.",
)

ANNOUNCEMENT_LABEL = Msg("Annonce", "Announcement")

X_FAREWELL_LABEL = Msg("Message d’adieu sur X", "Farewell post on X")

X_LINKED_FROM_SITE = Msg("compte X lié depuis le site : ${url}", "X account linked from the site: ${url}")

CHECK_DOES_NOT_READ_X = Msg("le contrôle ne lit pas X", "the check does not read X")

META_LINKED_FROM_SITE = Msg(
    "compte ${platform} lié depuis le site : ${url}",
    "${platform} account linked from the site: ${url}",
)

NO_META_LINK = Msg(
    "la page d’accueil ne renvoie vers aucun compte Facebook, Instagram ou Threads",
    "the homepage links to no Facebook, Instagram or Threads account",
)

META_FAREWELL = Msg(
    "Nous ne publions plus ici à partir du ${from_day}. Retrouvez-nous sur Mastodon (${mastodon}) et "
    "Bluesky (${bluesky}).\n\nCe compte restera visible jusqu’au ${until}, puis sera archivé, sans "
    "être supprimé.",
    "We no longer post here from ${from_day}. Find us on Mastodon (${mastodon}) and Bluesky "
    "(${bluesky}).\n\nThis account will stay visible until ${until}, then be archived, never deleted.",
)

POST_THE_META_FAREWELL = Msg(
    "Le ${from_day}, publier le message d’adieu sur chaque compte Facebook, Instagram et Threads, et "
    "l’épingler.",
    "On ${from_day}, post the farewell on each Facebook, Instagram and Threads account and pin it.",
)

ADDRESSES_IN_BIO = Msg(
    "Mettre les nouvelles adresses dans la bio : sur Instagram, les liens des publications ne sont "
    "pas cliquables.",
    "Put the new addresses in the bio: on Instagram, links in posts are not clickable.",
)

META_TITLE = Msg("Quitter Facebook, Instagram et Threads", "Leave Facebook, Instagram and Threads")

META_WHY = Msg(
    "Les mêmes raisons valent pour Meta : on prévient, on laisse le compte en sommeil, on ne le "
    "supprime pas.",
    "The same reasons hold for Meta: tell followers, leave the account dormant, do not delete it.",
)

META_FAREWELL_LABEL = Msg("Message d’adieu (Meta)", "Farewell post (Meta)")

# --- the dormant phase: archive X and Meta, never delete them --------------------------------------------

DOWNLOAD_X_ARCHIVE = Msg(
    "Télécharger l’archive : Paramètres → Votre compte → Télécharger une archive de vos données.",
    "Download the archive: Settings → Your account → Download an archive of your data.",
)

REPLACE_X_BIO = Msg(
    "Remplacer la bio par le texte ci-dessous ; garder le message d’adieu épinglé.",
    "Replace the bio with the text below; keep the farewell post pinned.",
)

REVOKE_APPS = Msg(
    "Retirer l’accès des applications tierces ; garder identifiants et double authentification dans "
    "le gestionnaire de mots de passe.",
    "Revoke third-party apps; keep the credentials and two-factor authentication in the password manager.",
)

NEVER_DELETE_X = Msg(
    "Ne jamais désactiver ni supprimer le compte : X efface un compte désactivé au bout de 30 jours, "
    "et son nom peut alors être pris par un usurpateur.",
    "Never deactivate or delete the account: X erases a deactivated account after 30 days, and its "
    "name can then be taken by an impersonator.",
)

ARCHIVE_X_TITLE = Msg("Archiver le compte X, sans le supprimer", "Archive the X account, never delete it")

ARCHIVE_X_WHY = Msg(
    "Un compte supprimé libère son nom : un usurpateur pourrait le reprendre et parler au nom ${inst_de}.",
    "A deleted account frees its name: an impersonator could take it and speak in the institution's name.",
)

X_BIO_LABEL = Msg("Bio du compte X", "X account bio")

X_BIO = Msg(
    "Compte archivé. Retrouvez-nous sur Mastodon : ${mastodon} et Bluesky : ${bluesky}",
    "Archived account. Find us on Mastodon: ${mastodon} and Bluesky: ${bluesky}",
)

DOWNLOAD_META_DATA = Msg(
    "Télécharger les données : Espace Comptes → Vos informations et autorisations → Télécharger vos "
    "informations (Facebook et Instagram).",
    "Download the data: Accounts Center → Your information and permissions → Download your "
    "information (Facebook and Instagram).",
)

KEEP_META_PAGES = Msg(
    "Garder les pages et les comptes, avec le message d’adieu épinglé ; ne jamais les supprimer : un "
    "nom libéré peut être repris.",
    "Keep the pages and accounts, with the farewell pinned; never delete them: a freed name can be taken.",
)

REMOVE_OLD_ACCESS = Msg(
    "Retirer les accès des personnes qui ont quitté le service.",
    "Remove the access of people who have left the team.",
)

ARCHIVE_META_TITLE = Msg(
    "Archiver les comptes Meta, sans les supprimer",
    "Archive the Meta accounts, never delete them",
)

ARCHIVE_META_WHY = Msg(
    "Comme pour X : un compte supprimé laisse son nom à qui veut le prendre.",
    "As with X: a deleted account leaves its name to whoever wants it.",
)

# --- the plan as a document ------------------------------------------------------------------------------

PLAN_TITLE = Msg("Plan de migration ${of_name}", "Migration plan — ${of_name}")

START_LABEL = Msg("Début :", "Start:")


PROPOSED_INSTANCE_LABEL = Msg("Instance Mastodon proposée :", "Proposed Mastodon instance:")


DUE = Msg("échéance : ${day}", "due: ${day}")

FOUND_LABEL = Msg("Constat :", "Found:")


WRITTEN_CHECKED = Msg(
    "Établi le ${written} à partir de la vérification du ${checked}.",
    "Drawn up on ${written} from the check of ${checked}.",
)

WRITTEN_OFFLINE = Msg(
    "Établi le ${written} sans vérification en ligne : les statuts des étapes ne sont pas connus, "
    "chacune commence par regarder ce qui existe déjà.",
    "Drawn up on ${written} without checking online: the steps' statuses are not known, each starts by "
    "looking at what exists already.",
)

ANNEX_FOR = Msg(
    "Annexe technique, pour les services communication et informatique : chaque étape, qui s’en "
    "charge, son échéance, et les éléments prêts à copier (enregistrements DNS, liens pour le site, "
    "messages à publier).",
    "Technical annex, for the communication and IT teams: each step, who does it, when it is due, and "
    "what to copy as is (DNS records, links for the website, posts to publish).",
)

TIMELINE_HEADING = Msg("Calendrier", "Timeline")

STEP_CELL = Msg("Étape", "Step")

WHO_CELL = Msg("Qui", "Who")

DUE_CELL = Msg("Échéance", "Due")

STATUS_CELL = Msg("Statut", "Status")

WORK_CELL = Msg("Travail", "Work")

PHASE_CELL = Msg("Phase", "Phase")

DATES_CELL = Msg("Dates", "Dates")

LENGTH_CELL = Msg("Durée", "Length")


WHO_LABEL = Msg("Qui :", "Who:")

TEAM = {
    "management": Msg("direction", "management"),
    "communication": Msg("service communication", "communication team"),
    "it": Msg("service informatique", "IT team"),
}

DAYS_ONE = Msg("${n} jour", "${n} day")

DAYS_MANY = Msg("${n} jours", "${n} days")

WORKING_DAYS_ONE = Msg("${n} jour ouvré", "${n} working day")

WORKING_DAYS_MANY = Msg("${n} jours ouvrés", "${n} working days")

ABOUT_MONTHS = Msg("environ ${n} mois", "about ${n} months")

NO_WORK = Msg("rien", "none")

DATE_RANGE = Msg("du ${start} au ${end}", "${start} to ${end}")


# --- the decision summary (the letter's last page) -------------------------------------------------------

STAGE_SECURE = Msg("Réserver les noms, prouver l’authenticité", "Secure the names, prove authenticity")

STAGE_ANNOUNCE = Msg(
    "Mettre à jour le site, annoncer, quitter X et Meta", "Update the site, announce, leave X and Meta"
)

STAGE_DORMANT = Msg("Anciens comptes en sommeil, puis archivés", "Old accounts dormant, then archived")

PROPOSED_LABEL = Msg("Ce qui est proposé", "What is proposed")

PROPOSED = Msg(
    "Tenir les comptes officiels ${of_name} sur Mastodon (${mastodon}) et sur Bluesky (${bluesky}), "
    "prouver par son nom de domaine qu’ils sont les siens, les relier par un pont, puis annoncer le "
    "${announce} le départ de X et des réseaux de Meta. Les anciens comptes restent visibles, en "
    "sommeil, jusqu’au ${archive}, puis sont archivés : jamais supprimés.",
    "Hold the official accounts of ${of_name} on Mastodon (${mastodon}) and Bluesky (${bluesky}), prove "
    "through its domain name that they are its own, bridge them, then announce on ${announce} that it "
    "leaves X and Meta's networks. The old accounts stay visible, dormant, until ${archive}, then are "
    "archived: never deleted.",
)

WHY_NOW_LABEL = Msg("Pourquoi maintenant", "Why now")

WHY_NAMES_FREE = Msg(
    "La vérification du ${checked} n’a trouvé aucun compte ${of_name} ${networks} : son nom y est "
    "libre, n’importe qui peut le prendre.",
    "The check of ${checked} found no account of ${of_name} ${networks}: its name is free there, anyone "
    "can take it.",
)

ON_NETWORK = Msg("sur ${network}", "on ${network}")

ON_NEITHER = Msg("ni sur Mastodon ni sur Bluesky", "on Mastodon or Bluesky")

WHY_LOOKALIKE = Msg(
    "Un compte qui reprend son nom existe déjà sans être le sien (${handles}) : chaque semaine "
    "d’attente l’installe davantage.",
    "An account using its name exists already without being its own (${handles}): each week of "
    "waiting settles it further.",
)

WHY_UNPROVEN = Msg(
    "Les comptes ${of_name} existent ; il reste à prouver qu’ils sont les siens et à y conduire son "
    "public : quelques jours de travail.",
    "The accounts of ${of_name} exist; what is left is to prove they are its own and to bring its "
    "audience there: a few days of work.",
)

WHY_READY = Msg(
    "Les comptes ${of_name} sont en place et vérifiés : il ne reste qu’à annoncer le départ et à "
    "quitter X et Meta.",
    "The accounts of ${of_name} are in place and verified: only announcing the move and leaving X and "
    "Meta are left.",
)

WHY_UNCHECKED = Msg(
    "Tant qu’un nom n’est pas pris sur Mastodon et Bluesky par son titulaire, n’importe qui peut le "
    "prendre à sa place.",
    "As long as a name is not taken on Mastodon and Bluesky by its holder, anyone can take it instead.",
)

WHY_DATES = Msg(
    "Décidé maintenant, le plan commence le ${start} ; le départ est annoncé le ${announce}.",
    "Decided now, the plan starts on ${start}; the move is announced on ${announce}.",
)

PHASES_LABEL = Msg("Trois phases", "Three phases")

EFFORT_LABEL = Msg("L’effort", "The effort")

EFFORT = Msg(
    "Environ ${total} de travail en tout, dont ${it} pour le service informatique.",
    "About ${total} of work in all, of which ${it} for the IT team.",
)

EFFORT_NO_IT = Msg(
    "Environ ${total} de travail en tout, sans rien demander au service informatique.",
    "About ${total} of work in all, with nothing asked of the IT team.",
)

EFFORT_OWN_INSTANCE = Msg(
    "L’instance propre (${host}) en compte ${days} pour son installation, puis demande une "
    "demi-journée par mois.",
    "The instance of its own (${host}) accounts for ${days} of it, to install, then needs half a day "
    "a month.",
)

SUMMARY_TITLE = Msg("Le plan proposé, en une page", "The proposed plan, on one page")

ANNEX_POINTER = Msg(
    "Le détail, étape par étape, avec les éléments prêts à copier, est en annexe technique pour les "
    "services communication et informatique.",
    "The details, step by step, with what to copy as is, are in the technical annex for the "
    "communication and IT teams.",
)

WHO_DOES_WHAT_LABEL = Msg("Qui fait quoi", "Who does what")

DOES = {
    "management": Msg(
        "La direction décide de la date de départ et valide l’annonce (${work}).",
        "The management sets the start date and approves the announcement (${work}).",
    ),
    "communication": Msg(
        "Le service communication ouvre et tient les comptes, écrit l’annonce et les messages d’adieu, "
        "archive X et Meta (${work}).",
        "The communication team opens and runs the accounts, writes the announcement and the farewells, "
        "archives X and Meta (${work}).",
    ),
    "it": Msg(
        "Le service informatique ajoute l’enregistrement DNS et met à jour les liens du site (${work}).",
        "The IT team adds the DNS record and updates the website's links (${work}).",
    ),
}

RISKS_LABEL = Msg("Les risques, et ce qui y répond", "The risks, and how they are handled")

RISK_IMPERSONATION_LABEL = Msg("Usurpation", "Impersonation")

RISK_IMPERSONATION = Msg(
    "les noms sont pris dès la première semaine ; le nom de domaine prouve l’authenticité des comptes "
    "(${bluesky} sur Bluesky, lien vérifié sur Mastodon) ; les comptes X et Meta ne sont jamais "
    "supprimés, pour que personne ne reprenne leur nom.",
    "the names are taken in the first week; the domain name proves the accounts are authentic "
    "(${bluesky} on Bluesky, a verified link on Mastodon); the X and Meta accounts are never deleted, so "
    "that nobody takes their names.",
)

RISK_AUDIENCE_LABEL = Msg("Le public", "The audience")

RISK_AUDIENCE = Msg(
    "un pont (Bridgy Fed) rend chaque publication visible sur les deux réseaux ; l’annonce, puis le "
    "message d’adieu épinglé sur X et sur Meta, disent aux abonnés où suivre ${inst_le} jusqu’au "
    "${archive}.",
    "a bridge (Bridgy Fed) makes each post visible on both networks; the announcement, then the "
    "farewell pinned on X and Meta, tell followers where to follow the institution until ${archive}.",
)

RISK_NO_BRIDGE = Msg(
    "${host} bloque le pont : chaque message est publié sur les deux réseaux ; l’annonce, puis le "
    "message d’adieu épinglé sur X et sur Meta, disent aux abonnés où suivre ${inst_le} jusqu’au "
    "${archive}.",
    "${host} blocks the bridge: each post goes out on both networks; the announcement, then the "
    "farewell pinned on X and Meta, tell followers where to follow the institution until ${archive}.",
)

RISK_ARCHIVE_LABEL = Msg("L’archive X", "The X archive")

RISK_ARCHIVE = Msg(
    "elle est téléchargée avant la mise en sommeil et gardée par le service communication ; le compte "
    "reste consultable, et n’est jamais supprimé.",
    "it is downloaded before the account goes dormant and kept by the communication team; the account "
    "stays readable, and is never deleted.",
)

RISK_INSTANCE_LABEL = Msg("L’instance", "The instance")

RISK_INSTANCE = Msg(
    "si ${host} fermait, le domaine garderait la preuve d’authenticité et le compte déménagerait avec "
    "ses abonnés.",
    "should ${host} close, the domain keeps the proof of authenticity and the account moves with its "
    "followers.",
)
