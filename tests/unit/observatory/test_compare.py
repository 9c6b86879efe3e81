"""Wikidata against the live check: agree, unproven, another, absent, unknown, missing."""

from __future__ import annotations

from tests.observatory_builders import bsky, masto, report

from quitx.models import Activity, Confidence, Platform, Verdict
from quitx.observatory.compare import Agreement, compare
from quitx.observatory.wikidata import WikidataItem


def rows_of(item: WikidataItem, checked: object) -> dict[tuple[str, str | None, str | None], str]:
    comparison = compare([(item, checked)])  # type: ignore[list-item]
    return {(r.platform.value, r.wikidata, r.live): r.status.value for r in comparison.rows}


def test_agreement_and_every_disagreement() -> None:
    item = WikidataItem(
        qid="Q1",
        label_fr="Université Exemple",
        mastodon=("univ@social.exemple.fr", "fan@piaille.fr", "gone@piaille.fr", "slow@slow.exemple.fr"),
        bluesky=("univ-exemple.fr", "nobody.test"),
    )
    checked = report(
        "Université Exemple",
        "univ-exemple.fr",
        [
            masto("univ@social.exemple.fr", Confidence.VERIFIED),
            masto("fan@piaille.fr", Confidence.CANDIDATE),
            masto("news@social.exemple.fr", Confidence.LINKED, Activity.DORMANT),
            bsky("univ-exemple.fr", "did:plc:univ"),
        ],
        attempts=[
            (Platform.MASTODON, "@gone@piaille.fr", Verdict.ABSENT),
            (Platform.MASTODON, "@slow@slow.exemple.fr", Verdict.UNKNOWN),
            (Platform.BLUESKY, "@nobody.test", Verdict.ABSENT),
        ],
    )
    rows = rows_of(item, checked)
    assert rows == {
        ("mastodon", "univ@social.exemple.fr", "@univ@social.exemple.fr"): "agree",
        # the fan exists; the check proves other accounts are the institution's
        ("mastodon", "fan@piaille.fr", "@univ@social.exemple.fr"): "another",
        ("mastodon", "gone@piaille.fr", "@univ@social.exemple.fr"): "another",  # absent, and another proven
        ("mastodon", "slow@slow.exemple.fr", None): "unknown",  # never "absent"
        ("mastodon", None, "@news@social.exemple.fr"): "missing",  # linked, not in Wikidata
        ("bluesky", "univ-exemple.fr", "@univ-exemple.fr"): "agree",
        ("bluesky", "nobody.test", "@univ-exemple.fr"): "another",
    }


def test_unproven_and_a_mastodon_account_named_by_its_server() -> None:
    item = WikidataItem(qid="Q2", mastodon=("musee@social.exemple.fr", "cdf@social.sciences-exemple.fr"))
    checked = report(
        "Musée",
        "musee.fr",
        [
            masto("musee@social.exemple.fr", Confidence.CANDIDATE),
            # the handle's domain is sciences-exemple.fr, Wikidata names the web host
            masto("cdf@sciences-exemple.fr", Confidence.CANDIDATE, web_host="social.sciences-exemple.fr"),
        ],
    )
    comparison = compare([(item, checked)])
    assert {r.status for r in comparison.rows} == {Agreement.UNPROVEN}
    assert comparison.counts()["unproven"] == 2 and comparison.disagreements() == comparison.rows
    assert "nothing proves it is the institution's" in comparison.rows[0].detail


def test_an_account_the_check_settled_as_absent() -> None:
    item = WikidataItem(qid="Q4", bluesky=("nobody.test",))
    checked = report("Institut", "institut.fr", attempts=[(Platform.BLUESKY, "@nobody.test", Verdict.ABSENT)])
    [row] = compare([(item, checked)]).rows
    assert (row.status, row.live) == (Agreement.ABSENT, None)
    assert row.detail == "the check found no such account: @nobody.test: not_found"


def test_what_the_check_did_not_settle_is_unknown() -> None:
    item = WikidataItem(qid="Q3", bluesky=("labo.bsky.social",))
    checked = report("Labo", "labo.fr", bluesky=Verdict.UNKNOWN)
    [row] = compare([(item, checked)]).rows
    assert (row.status, row.live) == (Agreement.UNKNOWN, None)
    assert row.detail == "cannot tell: the check did not settle it"
