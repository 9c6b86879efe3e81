"""Words shared by the plan, the letter, apply, batch and the command line (data only).

Each package keeps its own wording module; what several of them say goes here, once: why a check
could not conclude (`REASONS`, as a noun phrase and as a predicate), how an account is known
(`CONFIDENCE`) and how active it is (`ACTIVITY`), an instance's registrations, a plan step's status.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..models import Activity, Confidence, Reason
from .messages import Msg

__all__ = [
    "ACTIVITY",
    "CONFIDENCE",
    "NOT_CHECKED",
    "NO_USABLE_ANSWER",
    "REASONS",
    "REGISTRATIONS",
    "STEP_STATUS",
    "ReasonWords",
]


@dataclass(frozen=True, slots=True)
class ReasonWords:
    """A `Reason` in words: ``what`` happened (a noun phrase: "délai de réponse dépassé"), and
    what a server ``did`` (a predicate: "[le service] ne répondait pas")."""

    what: Msg
    did: Msg


# what a server did, when nothing more precise is known
NO_USABLE_ANSWER = Msg("n’a pas donné de réponse exploitable", "gave no usable answer")

REASONS: Mapping[Reason, ReasonWords] = {
    Reason.FOUND: ReasonWords(Msg("trouvé", "found"), NO_USABLE_ANSWER),
    Reason.FOUND_WITHOUT_DETAILS: ReasonWords(
        Msg("trouvé, mais son serveur ne le décrit pas", "found, but its server would not describe it"),
        NO_USABLE_ANSWER,
    ),
    Reason.NOT_FOUND: ReasonWords(Msg("introuvable", "not found"), NO_USABLE_ANSWER),
    Reason.HANDLE_NOT_CLAIMED: ReasonWords(
        Msg("pseudo que le compte ne revendique pas", "handle the account does not claim"), NO_USABLE_ANSWER
    ),
    Reason.DID_TOMBSTONED: ReasonWords(Msg("DID supprimé", "DID tombstoned"), NO_USABLE_ANSWER),
    Reason.TIMEOUT: ReasonWords(
        Msg("délai de réponse dépassé", "timed out"), Msg("ne répondait pas", "did not respond")
    ),
    Reason.UNAUTHORIZED: ReasonWords(
        Msg("fermé aux lectures anonymes (401/403)", "closed to anonymous reads (401/403)"),
        Msg("refuse les consultations anonymes", "refuses anonymous queries"),
    ),
    Reason.RATE_LIMITED: ReasonWords(
        Msg("trop de requêtes (429)", "rate limited (429)"),
        Msg("limitait le nombre de nos requêtes", "was limiting our requests"),
    ),
    Reason.SERVER_ERROR: ReasonWords(
        Msg("erreur du serveur", "server error"), Msg("était en erreur", "was returning errors")
    ),
    Reason.NETWORK_ERROR: ReasonWords(
        Msg("erreur réseau (connexion, DNS ou TLS)", "network error (connection, DNS or TLS)"),
        Msg("était injoignable", "could not be reached"),
    ),
    Reason.DNS_UNVERIFIED: ReasonWords(
        Msg(
            "nom introuvable, mais le DNS utilisé semble hors ligne ou filtré",
            "name not found, but the DNS used looks offline or filtered",
        ),
        Msg(
            "était introuvable depuis un réseau dont le DNS semble filtré",
            "could not be found from a network whose DNS looks filtered",
        ),
    ),
    Reason.BAD_RESPONSE: ReasonWords(Msg("réponse illisible", "unreadable response"), NO_USABLE_ANSWER),
    Reason.INVALID_DID_DOCUMENT: ReasonWords(
        Msg("document DID invalide", "invalid DID document"), NO_USABLE_ANSWER
    ),
    Reason.DANGLING_DID: ReasonWords(
        Msg("DID inconnu de l’annuaire PLC", "DID unknown to the PLC directory"), NO_USABLE_ANSWER
    ),
    Reason.CONFLICTING_DIDS: ReasonWords(Msg("DID contradictoires", "conflicting DIDs"), NO_USABLE_ANSWER),
    Reason.UNSUPPORTED: ReasonWords(
        Msg("méthode non prise en charge", "unsupported method"), NO_USABLE_ANSWER
    ),
    Reason.NOT_INDEXED: ReasonWords(
        Msg("compte absent de l’index de Bluesky", "account not indexed by Bluesky"), NO_USABLE_ANSWER
    ),
    Reason.IDENTITY_NOT_PROVEN: ReasonWords(
        Msg(
            "un serveur répond pour un compte que le serveur de ce compte ne confirme pas",
            "a server answers for an account that the account's own server does not confirm",
        ),
        NO_USABLE_ANSWER,
    ),
}

CONFIDENCE: Mapping[Confidence, Msg] = {
    Confidence.VERIFIED: Msg("vérifié", "verified"),
    Confidence.LINKED: Msg("lié depuis le site", "linked from the website"),
    Confidence.CANDIDATE: Msg("trouvé par le nom seulement", "found by name only"),
}

ACTIVITY: Mapping[Activity, Msg] = {
    Activity.ACTIVE: Msg("actif", "active"),
    Activity.DORMANT: Msg("inactif", "dormant"),
    Activity.NEVER_POSTED: Msg("aucune publication", "never posted"),
    Activity.MOVED: Msg("déménagé", "moved"),
    Activity.SUSPENDED: Msg("suspendu", "suspended"),
    Activity.DEACTIVATED: Msg("désactivé", "deactivated"),
    Activity.UNKNOWN: Msg("activité inconnue", "activity unknown"),
}

# an instance's registration mode, as read (InstanceInfo.registrations)
REGISTRATIONS: Mapping[str, Msg] = {
    "open": Msg("ouvertes", "open"),
    "approval": Msg("sur validation", "subject to approval"),
    "closed": Msg("fermées", "closed"),
}

# a plan step's status (plan.StepStatus values)
STEP_STATUS: Mapping[str, Msg] = {
    "done": Msg("fait", "done"),
    "todo": Msg("à faire", "to do"),
    "cannot_tell": Msg("à vérifier", "cannot tell"),
}

NOT_CHECKED = Msg("non contrôlé", "not checked")
