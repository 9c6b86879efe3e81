"""The observatory's words for people, in French and in English (data only): what a sector run
prints after the batch's own summary."""

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
