"""Giving back to Wikidata: QuickStatements from verified evidence only, with its URL and date as
reference, never a statement Wikidata has, never a linked or candidate account."""

from __future__ import annotations

from pathlib import Path

from tests.observatory_builders import DAY1, bsky, masto, page_evidence, report

from quitx.batch import institution_key
from quitx.models import Confidence, Evidence
from quitx.observatory.givingback import proposals, proposals_from_history, proven_in_reports
from quitx.observatory.history import RunMeta, WikidataLink, record_run
from quitx.observatory.wikidata import WikidataItem

DNS = Evidence(step="dns-txt", request="DNS TXT _atproto.labo.fr @127.0.0.1:53", outcome="did=did:plc:labo")
PLC = Evidence(
    step="did-doc", request="GET https://plc.directory/did:plc:labo", status=200, outcome="handle labo.fr"
)


def sector() -> tuple[list[object], dict[str, WikidataItem]]:
    reports = [
        report(
            "Université Exemple",
            "univ-exemple.fr",
            [
                masto("univ@social.exemple.fr", evidence=[page_evidence("https://univ-exemple.fr/")]),
                masto(
                    "news@social.exemple.fr",
                    Confidence.LINKED,
                    evidence=[page_evidence("https://univ-exemple.fr/")],
                ),
                masto("fan@piaille.fr", Confidence.CANDIDATE),
                bsky(
                    "univ-exemple.fr",
                    "did:plc:univ",
                    evidence=[
                        page_evidence("https://univ-exemple.fr/.well-known/atproto-did", "did:plc:univ")
                    ],
                ),
            ],
        ),
        report(
            "Collège",
            "college.fr",
            [
                masto(
                    "cdf@college.fr",
                    web_host="social.college.fr",
                    evidence=[page_evidence("https://www.college.fr/")],
                )
            ],
        ),
        report("Labo", "labo.fr", [bsky("labo.fr", "did:plc:labo", evidence=[DNS, PLC])]),
        report("Institut", "institut.fr", [bsky("institut.fr", "did:plc:inst", evidence=[DNS])]),
        report(
            "Sans Wikidata",
            "ailleurs.fr",
            [masto("x@ailleurs.fr", evidence=[page_evidence("https://ailleurs.fr/")])],
        ),
    ]
    items = {
        institution_key(reports[0].institution): WikidataItem(qid="Q1", bluesky=("univ-exemple.fr",)),
        # Wikidata names the server, not the handle's domain: it is the same account
        institution_key(reports[1].institution): WikidataItem(qid="Q2", mastodon=("cdf@social.college.fr",)),
        institution_key(reports[2].institution): WikidataItem(qid="Q3"),
        institution_key(reports[3].institution): WikidataItem(qid="Q4"),
    }
    return reports, items  # type: ignore[return-value]


def test_only_verified_accounts_wikidata_lacks_with_their_evidence() -> None:
    reports, items = sector()
    qs = proposals(proven_in_reports(reports), items)  # type: ignore[arg-type]
    assert qs.text() == (
        'Q1\tP4033\t"univ@social.exemple.fr"\tS854\t"https://univ-exemple.fr/"\tS813\t+2025-06-01T00:00:00Z/11\n'
        'Q3\tP12361\t"labo.fr"\tS854\t"https://plc.directory/did:plc:labo"\tS813\t+2025-06-01T00:00:00Z/11\n'
    )
    assert [(s.qid, s.account, s.why) for s in qs.skipped] == [("Q4", "@institut.fr", "proof_without_url")]
    review = qs.review()
    assert (
        "[Q1](https://www.wikidata.org/wiki/Q1) Université Exemple: P4033 `univ@social.exemple.fr`" in review
    )
    assert "## Not proposed" in review


def test_from_the_history(tmp_path: Path) -> None:
    reports, items = sector()
    db = tmp_path / "history.db"
    links = tuple(WikidataLink(key=k, item=v) for k, v in items.items())
    run = record_run(db, reports, RunMeta(source="s", started_at=DAY1, wikidata=links))  # type: ignore[arg-type]
    assert proposals_from_history(db, run) == proposals(proven_in_reports(reports), items)  # type: ignore[arg-type]


def test_nothing_to_give() -> None:
    qs = proposals([], {})
    assert qs.text() == "" and "None: no verified account is missing from Wikidata." in qs.review()


# --- the review in the run's language (issue 17) ----------------------------------------------------------

EVIL = "Musée <b>x</b> \u202e\x1b[2J"


def test_the_review_speaks_the_run_language() -> None:
    reports, items = sector()
    qs = proposals(proven_in_reports(reports), items)  # type: ignore[arg-type]
    french = qs.review("fr")
    assert french.startswith("# Déclarations Wikidata proposées\n")
    assert (
        "- [Q1](https://www.wikidata.org/wiki/Q1) Université Exemple\u00a0: P4033 `univ@social.exemple.fr` — "
        "preuve\u00a0: https://univ-exemple.fr/ (lue le 1er\u00a0juin 2025)"
    ) in french
    assert "## Non proposées" in french
    assert (
        "- Q4 Institut\u00a0: @institut\\.fr — sa preuve n’a pas d’URL à citer "
        "(un enregistrement DNS)\u00a0: la citer à la main"
    ) in french
    for english in ("Proposed", "evidence", "read ", "Not proposed", "reference it by hand"):
        assert english not in french, english
    english = qs.review("en")
    assert "— evidence https://univ-exemple.fr/ (read 1 June 2025)" in english
    assert (
        "- Q4 Institut: @institut\\.fr — its proof has no URL to cite (a DNS record): reference it by hand"
        in english
    )
    assert "Aucune\u00a0: aucun compte vérifié ne manque à Wikidata." in proposals([], {}).review("fr")


def test_a_hostile_name_in_the_review_is_inert_in_both_languages() -> None:
    hostile = report(
        EVIL, "musee.fr", [masto("musee@musee.fr", evidence=[page_evidence("https://musee.fr/")])]
    )
    items = {institution_key(hostile.institution): WikidataItem(qid="Q9")}
    qs = proposals(proven_in_reports([hostile]), items)  # type: ignore[list-item]
    for language in ("fr", "en"):
        review = qs.review(language)  # type: ignore[arg-type]
        # made visible, never acted on: the markup and Markdown's punctuation escaped (a reader
        # of the rendered review sees the name as it was written, no tag, no link)
        assert "Musée \\<b\\>x\\</b\\> \\<U\\+202E\\>␛\\[2J" in review
        assert "<b>" not in review
        assert "\u202e" not in review and "\x1b" not in review


def test_a_name_that_writes_markdown_stays_text_in_the_review() -> None:
    # names come from Wikidata: one that writes a link, emphasis or an entity is shown as written
    name = "[clic](https://evil.example) **Musée** &copy; #1"
    hostile = report(
        name, "musee.fr", [masto("musee@musee.fr", evidence=[page_evidence("https://musee.fr/")])]
    )
    items = {institution_key(hostile.institution): WikidataItem(qid="Q9")}
    review = proposals(proven_in_reports([hostile]), items).review("fr")  # type: ignore[list-item]
    assert r"\[clic\]\(https://evil\.example\) \*\*Musée\*\* \&copy; \#1" in review
    assert "](https://evil" not in review and "**Musée**" not in review
