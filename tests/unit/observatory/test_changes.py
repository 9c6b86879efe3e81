"""What changed between two runs, from the history database; and its renderings: Markdown, JSON,
HTML (escaped remote text) and a valid Atom 1.0 feed with stable entry ids."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from tests.observatory_builders import DAY1, DAY2, bsky, instance, masto, report

from quitx.errors import HistoryError
from quitx.i18n import Lang, Msg
from quitx.models import Activity, Confidence, LinkPlatform, Verdict
from quitx.observatory.change_text import change_sentence
from quitx.observatory.changes import Change, ChangeKind, ChangeReport, changes_between, latest_pairs
from quitx.observatory.feeds import entry_id, render_atom, render_changes
from quitx.observatory.history import RunMeta, record_run

EVIL = "Mus\u00e9e <script>alert(1)</script> *x* [y](z) \u202e\x1b[2J"
ATOM = "{http://www.w3.org/2005/Atom}"


def first_run() -> list[object]:
    return [
        report(
            "Université Exemple",
            "univ-exemple.fr",
            [
                masto("univ@social.exemple.fr", Confidence.LINKED),
                masto("news@social.exemple.fr", Confidence.VERIFIED),
                masto("old@piaille.fr", Confidence.VERIFIED),
                masto("lab@piaille.fr", Confidence.VERIFIED),
                bsky("univ-exemple.fr", "did:plc:univ"),
            ],
            links=[LinkPlatform.X, LinkPlatform.FACEBOOK, LinkPlatform.MASTODON],
            instance_info=[instance("social.exemple.fr", "open"), instance("piaille.fr", "open")],
        ),
        report(
            EVIL,
            "musee.fr",
            [masto("musee@social.exemple.fr", Confidence.VERIFIED)],
            links=[LinkPlatform.X],
        ),
        report("Mairie", "mairie.fr", [bsky("mairie.fr", "did:plc:mairie")], links=[LinkPlatform.X]),
    ]


def second_run() -> list[object]:
    return [
        report(
            "Université Exemple",
            "univ-exemple.fr",
            [
                masto("univ@social.exemple.fr", Confidence.VERIFIED),  # got verified
                masto("news@social.exemple.fr", Confidence.VERIFIED, Activity.DORMANT),  # went quiet
                masto(
                    "old@piaille.fr", Confidence.VERIFIED, Activity.MOVED, moved_to="univ@social.exemple.fr"
                ),
                # lab@piaille.fr is gone, and the run could look
                masto("univ@mastodon.exemple", Confidence.CANDIDATE),  # a look-alike
                bsky("univ-exemple.fr", "did:plc:univ"),
            ],
            links=[LinkPlatform.MASTODON, LinkPlatform.BLUESKY],  # X and Facebook dropped, Bluesky added
            instance_info=[instance("social.exemple.fr", "open"), instance("piaille.fr", "closed")],
            checked_at=DAY2,
        ),
        report(
            EVIL,
            "musee.fr",
            [],  # not seen again, but Mastodon could not be checked: no disappearance
            links=[LinkPlatform.X],
            mastodon=Verdict.UNKNOWN,
            checked_at=DAY2,
        ),
        report(
            "Mairie",
            "mairie.fr",
            [bsky("mairie.fr", "did:plc:mairie")],
            links=[],  # the page could not be read: its links say nothing
            website=Verdict.UNKNOWN,
            checked_at=DAY2,
        ),
        report("Nouvelle", "nouvelle.fr", checked_at=DAY2),
    ]


@pytest.fixture
def history(tmp_path: Path) -> Path:
    db = tmp_path / "history.db"
    record_run(db, first_run(), RunMeta(source="wikidata:french-universities", started_at=DAY1))  # type: ignore[arg-type]
    record_run(db, second_run(), RunMeta(source="wikidata:french-universities", started_at=DAY2))  # type: ignore[arg-type]
    return db


def test_every_kind_of_change(history: Path) -> None:
    report_ = changes_between(history)
    assert (report_.from_run.id, report_.to_run.id) == (1, 2)
    got = {(c.kind.value, c.subject) for c in report_.changes}
    assert got == {
        ("account_verified", "@univ@social.exemple.fr"),
        ("account_dormant", "@news@social.exemple.fr"),
        ("account_moved", "@old@piaille.fr"),
        ("account_disappeared", "@lab@piaille.fr"),
        ("lookalike_appeared", "@univ@mastodon.exemple"),
        ("link_dropped", "x"),
        ("link_dropped", "facebook"),
        ("link_added", "bluesky"),
        ("not_confirmed", "@musee@social.exemple.fr"),
        ("institution_added", "Nouvelle"),
        ("instance_closed", "piaille.fr"),
    }
    moved = next(c for c in report_.changes if c.kind is ChangeKind.ACCOUNT_MOVED)
    assert moved.detail == "@old@piaille.fr moved to @univ@social.exemple.fr"
    unconfirmed = next(c for c in report_.changes if c.kind is ChangeKind.NOT_CONFIRMED)
    assert "Mastodon could not be fully checked this time: not a disappearance" in unconfirmed.detail
    assert unconfirmed.why == "network_unknown"  # the code the reports say in their language
    assert report_.counts()["link_dropped"] == 2
    backwards = changes_between(history, 2, 1)
    assert "@univ@mastodon.exemple" not in {
        c.subject for c in backwards.changes
    }  # a candidate gone is no news
    assert ("account_appeared", "@lab@piaille.fr") in {(c.kind.value, c.subject) for c in backwards.changes}


def test_runs_to_compare(history: Path, tmp_path: Path) -> None:
    assert changes_between(history, 1, 2) == changes_between(history)
    with pytest.raises(HistoryError, match="no run 7"):
        changes_between(history, 1, 7)
    single = tmp_path / "single.db"
    record_run(single, first_run(), RunMeta(source="s", started_at=DAY1))  # type: ignore[arg-type]
    with pytest.raises(HistoryError, match="only one run"):
        changes_between(single)
    pairs = latest_pairs(history)
    assert [(p.from_run.id, p.to_run.id) for p in pairs] == [(1, 2)]


def test_json_round_trips(history: Path) -> None:
    report_ = changes_between(history)
    assert ChangeReport.model_validate_json(render_changes(report_, "json")) == report_


def test_markdown_and_html_escape_remote_text(history: Path) -> None:
    report_ = changes_between(history)
    md = render_changes(report_, "md")
    assert md.startswith("# What changed: run 1 (1 June 2025) → run 2 (2 June 2025)")
    assert "<script>" not in md and "\u202e" not in md and "\x1b" not in md
    assert r"\<script\>alert\(1\)\</script\> \*x\* \[y\]\(z\)" in md
    assert "- **Account gone**: @lab@piaille\\.fr (verified) was not found again" in md

    page = render_changes(report_, "html")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "\u202e" not in page and "&lt;U+202E&gt;" in page and "\x1b" not in page
    tags = set(re.findall(r"<([a-z][a-z0-9]*)", page.lower()))
    assert tags <= {
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "h1",
        "h2",
        "p",
        "ul",
        "li",
        "span",
        "small",
    }
    assert '<span class="kind good">Website link dropped</span>: the website no longer links to X' in page


def test_atom_is_a_valid_feed_with_stable_ids(history: Path) -> None:
    feedparser = pytest.importorskip("feedparser")
    reports = latest_pairs(history)
    feed = render_atom(
        reports,
        feed_id="https://observatoire.example/feed.atom",
        self_url="https://observatoire.example/feed.atom",
    )
    root = ElementTree.fromstring(feed.encode("utf-8"))  # noqa: S314 - our own output: well-formed XML?
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{required}") is not None, required
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == len(reports[0].changes)
    rfc3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
    for entry in entries:
        for required in ("id", "title", "updated"):
            assert entry.find(f"{ATOM}{required}") is not None
        assert entry.findtext(f"{ATOM}id", "").startswith("urn:uuid:")
        assert rfc3339.fullmatch(entry.findtext(f"{ATOM}updated", ""))
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == len(ids)
    assert "<script>" not in feed and "\x1b" not in feed and "\u202e" not in feed

    parsed = feedparser.parse(feed)
    assert parsed.version == "atom10" and not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.feed.title == "quitx observatory: what changed"
    assert any(e.title == "Website link dropped: Université Exemple" for e in parsed.entries)

    again = render_atom(latest_pairs(history), feed_id="https://observatoire.example/feed.atom")
    assert [e.findtext(f"{ATOM}id") for e in ElementTree.fromstring(again).findall(f"{ATOM}entry")] == ids  # noqa: S314
    change = reports[0].changes[0]
    later = reports[0].model_copy(
        update={"to_run": reports[0].to_run.model_copy(update={"started_at": DAY2 + dt.timedelta(days=1)})}
    )
    assert entry_id(later, change) != entry_id(reports[0], change)  # the same kind of change on another day


def test_a_change_report_of_nothing(tmp_path: Path) -> None:
    db = tmp_path / "history.db"
    for day in (DAY1, DAY2):
        record_run(db, [report("Mairie", "mairie.fr", checked_at=day)], RunMeta(source="s", started_at=day))
    report_ = changes_between(db)
    assert report_.changes == ()
    assert "Nothing changed." in render_changes(report_, "md") and "Nothing changed." in render_changes(
        report_, "html"
    )
    with pytest.raises(ValueError, match="unknown format"):
        render_changes(report_, "pdf")


# --- the reports in the run's language (issue 17) ---------------------------------------------------------

NB, NNB = "\u00a0", "\u202f"


def test_the_reports_speak_french_and_escape_remote_text_as_in_english(history: Path) -> None:
    """Markdown, HTML and Atom in French: French words, French dates and typography; the hostile
    institution name escaped exactly as in English; JSON the same codes in both languages."""
    report_ = changes_between(history)
    md = render_changes(report_, "md", "fr")
    assert md.startswith(
        f"# Ce qui a changé{NB}: exécution 1 (1er{NB}juin 2025) → exécution 2 (2{NB}juin 2025)"
    )
    assert (
        f"Source{NB}: wikidata:french\\-universities. 4 institutions dans l’exécution la plus récente{NNB}; "
        in md
    )
    assert f"- **Compte disparu**{NB}: @lab@piaille\\.fr (vérifié) n’a pas été retrouvé, alors que" in md
    assert f"- **Lien retiré du site**{NB}: le site ne renvoie plus vers X" in md
    assert f"- **Compte déménagé**{NB}: @old@piaille\\.fr a déménagé vers @univ@social\\.exemple\\.fr" in md
    assert (
        f"@musee@social\\.exemple\\.fr (vérifié) n’a pas été revu, mais Mastodon n’a pas pu être entièrement "
        f"vérifié cette fois{NB}: ce n’est pas une disparition"
    ) in md
    assert f"piaille\\.fr a fermé ses inscriptions (auparavant{NB}: ouvertes)" in md and "## Instances" in md
    english = render_changes(report_, "md", "en")
    evil = r"\<script\>alert\(1\)\</script\> \*x\* \[y\]\(z\)"
    for text in (md, english):  # the same escaping in both languages
        assert evil in text and "<script>" not in text and "\u202e" not in text and "\x1b" not in text
    for words in ("What changed", "Source:", "in the later run", "New account", "the website", "was not"):
        assert words not in md, words

    page = render_changes(report_, "html", "fr")
    assert '<html lang="fr">' in page and f"<title>Ce qui a changé{NB}: exécution 1" in page
    assert f'<span class="kind good">Lien retiré du site</span>{NB}: le site ne renvoie plus vers X' in page
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "\u202e" not in page and "&lt;U+202E&gt;" in page and "\x1b" not in page

    feed = render_atom(latest_pairs(history), feed_id="urn:x", language="fr")
    root = ElementTree.fromstring(feed.encode("utf-8"))  # noqa: S314 - our own output: well-formed XML?
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"
    assert root.findtext(f"{ATOM}title") == f"Observatoire quitx{NB}: ce qui a changé"
    titles = [e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")]
    assert f"Lien retiré du site{NB}: Université Exemple" in titles
    assert any(t and t.startswith(f"Pas revu (non vérifié){NB}: Musée <script>") for t in titles)  # as text
    assert "<script>" not in feed and "&lt;script&gt;" in feed and "\x1b" not in feed
    summaries = [e.findtext(f"{ATOM}summary") for e in root.findall(f"{ATOM}entry")]
    assert "le site ne renvoie plus vers Facebook" in summaries
    ids = [e.findtext(f"{ATOM}id") for e in root.findall(f"{ATOM}entry")]
    english_feed = ElementTree.fromstring(render_atom(latest_pairs(history), feed_id="urn:x"))  # noqa: S314
    assert ids == [
        e.findtext(f"{ATOM}id") for e in english_feed.findall(f"{ATOM}entry")
    ]  # one change, one id

    assert render_changes(report_, "json", "fr") == render_changes(report_, "json", "en")  # codes
    nothing = report_.model_copy(update={"changes": ()})
    assert "Rien n’a changé." in render_changes(nothing, "md", "fr")
    assert "0 changement." in render_changes(nothing, "md", "fr")


@pytest.mark.parametrize(
    ("why", "french", "english"),
    [
        (
            "website_unread",
            "le site n’a pas pu être lu cette fois",
            "the website could not be read this time",
        ),
        (
            "network_unknown",
            "Mastodon n’a pas pu être entièrement vérifié",
            "Mastodon could not be fully checked",
        ),
        ("instance_unknown", "son instance n’a pas pu être interrogée", "its instance could not be asked"),
        (None, "l’exécution n’a pas pu regarder partout", "the run could not look everywhere"),
    ],
)
def test_why_a_run_could_not_look_is_said_in_both_languages(
    why: str | None, french: str, english: str
) -> None:
    change = Change(
        kind=ChangeKind.NOT_CONFIRMED,
        platform="mastodon",
        subject="@a@b.fr",
        before="linked",
        why=why,  # type: ignore[arg-type]
    )
    assert french in change_sentence(change, Lang("fr")) and "(lié depuis le site)" in change_sentence(
        change, Lang("fr")
    )
    assert english in change_sentence(change, Lang("en"))
    if why == "instance_unknown":  # the JSON's English names the instance it could not ask
        assert change_sentence(change, Lang("en"), codes=True, instance="b.social").startswith(
            "@a@b.fr (linked) was not seen again, but b.social could not be asked this time"
        )


def test_every_kind_of_change_has_a_title_in_both_languages() -> None:
    from quitx.observatory import wording

    assert set(wording.CHANGE_TITLE) == {kind.value for kind in ChangeKind}
    words = [m.fr + m.en for m in wording.CHANGE_TITLE.values()] + [
        getattr(wording, name).fr + getattr(wording, name).en
        for name in dir(wording)
        if isinstance(getattr(wording, name), Msg)
    ]
    marks = [re.sub(r"\$\{\w+\}", "", text) for text in words]
    assert not any(c in text for text in marks for c in "<>&*_[]`")  # no markup: only values are escaped
