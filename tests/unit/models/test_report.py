"""The one ranking of an institution's accounts (`account_rank`, `Report.ranked/own/best/own_account`),
`strongest`, `Report.settled`; `Institution` and its errors; `load_report`."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest
from pydantic import ValidationError
from tests.builders import bluesky, mastodon, report

from quitx.errors import FieldProblem, InvalidInstitutionError, InvalidReportError
from quitx.models import (
    Activity,
    Confidence,
    FoundAccount,
    Institution,
    Platform,
    Report,
    Verdict,
    account_rank,
    load_report,
    strongest,
)

LIVE = mastodon("univ@social.exemple.fr", confidence=Confidence.VERIFIED)
MOVED = mastodon(
    "univ@old.exemple.fr", confidence=Confidence.VERIFIED, activity=Activity.MOVED, moved_to=LIVE.handle[1:]
)
LINKED = mastodon("labo@piaille.fr", confidence=Confidence.LINKED)
FAN = mastodon("fan@piaille.fr", confidence=Confidence.CANDIDATE, followers=90_000)


def handles(accounts: tuple[FoundAccount, ...]) -> list[str]:
    return [a.handle for a in accounts]


def test_a_moved_account_hands_over_to_the_one_it_moved_to() -> None:
    r = report(MOVED, LIVE)
    assert handles(r.ranked(Platform.MASTODON)) == [LIVE.handle, MOVED.handle]
    assert r.own_account(Platform.MASTODON) == LIVE


def test_a_moved_account_comes_after_even_a_less_certain_live_one() -> None:
    r = report(MOVED, LINKED, FAN)
    assert handles(r.ranked(Platform.MASTODON)) == [LINKED.handle, FAN.handle, MOVED.handle]
    assert handles(r.own(Platform.MASTODON)) == [LINKED.handle, MOVED.handle]


def test_the_most_certain_first() -> None:
    r = report(FAN, LINKED, LIVE)
    assert handles(r.ranked(Platform.MASTODON)) == [LIVE.handle, LINKED.handle, FAN.handle]
    assert r.best(Platform.MASTODON) == LIVE


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (Activity.ACTIVE, Activity.DORMANT),
        (Activity.DORMANT, Activity.NEVER_POSTED),
        (Activity.NEVER_POSTED, Activity.UNKNOWN),
        (Activity.NEVER_POSTED, Activity.SUSPENDED),
    ],
)
def test_then_the_most_active(first: Activity, second: Activity) -> None:
    a = mastodon("a@piaille.fr", activity=second)
    b = mastodon("b@piaille.fr", activity=first)
    assert handles(report(a, b).ranked(Platform.MASTODON)) == [b.handle, a.handle]


def test_then_the_most_followed_then_the_handle() -> None:
    few = mastodon("a@piaille.fr", followers=10)
    many = mastodon("z@piaille.fr", followers=2000)
    unknown = mastodon("b@piaille.fr")
    same = mastodon("C@piaille.fr")  # the handle casefolded: "c" after "b"
    r = report(unknown, few, same, many)
    assert handles(r.ranked(Platform.MASTODON)) == [many.handle, few.handle, unknown.handle, same.handle]


def test_the_order_is_total_whatever_the_report_order() -> None:
    dormant = mastodon("x@a.fr", activity=Activity.DORMANT)
    accounts = [LIVE, MOVED, LINKED, FAN, dormant]
    expected = (LIVE, dormant, LINKED, FAN, MOVED)
    assert tuple(sorted(accounts, key=account_rank)) == expected
    for order in itertools.permutations(accounts):
        assert report(*order).ranked(Platform.MASTODON) == expected


def test_ranked_keeps_to_one_network() -> None:
    sky = bluesky(confidence=Confidence.CANDIDATE)
    r = report(FAN, sky, LIVE)
    assert r.ranked(Platform.BLUESKY) == (sky,)
    assert r.own(Platform.BLUESKY) == ()
    assert r.own_account(Platform.BLUESKY) is None
    assert r.best(Platform.BLUESKY) == sky


def test_candidates_are_never_own() -> None:
    r = report(FAN)
    assert r.own(Platform.MASTODON) == () and r.own_account(Platform.MASTODON) is None
    assert r.best(Platform.MASTODON) == FAN


def test_nothing_found() -> None:
    r = report()
    assert r.ranked(Platform.MASTODON) == () and r.best(Platform.MASTODON) is None


def test_strongest_is_the_most_certain_confidence() -> None:
    assert strongest([Confidence.CANDIDATE, Confidence.LINKED]) is Confidence.LINKED
    assert strongest([Confidence.CANDIDATE, Confidence.VERIFIED, Confidence.LINKED]) is Confidence.VERIFIED
    assert strongest([]) is None


@pytest.mark.parametrize(
    ("on_mastodon", "on_bluesky", "settled"),
    [
        (Verdict.PRESENT, Verdict.ABSENT, True),
        (Verdict.ABSENT, Verdict.ABSENT, True),
        (Verdict.PRESENT, Verdict.UNKNOWN, False),
        (Verdict.UNKNOWN, Verdict.ABSENT, False),
    ],
)
def test_settled_means_no_network_unknown(on_mastodon: Verdict, on_bluesky: Verdict, settled: bool) -> None:
    assert report(mastodon=on_mastodon, bluesky=on_bluesky).settled is settled


def test_last_post_does_not_rank_but_activity_does() -> None:
    old = mastodon("a@piaille.fr", activity=Activity.ACTIVE, last_post=dt.date(2020, 1, 1))
    new = mastodon("b@piaille.fr", activity=Activity.DORMANT, last_post=dt.date(2026, 1, 1))
    assert report(new, old).ranked(Platform.MASTODON) == (old, new)


# --- Institution ---------------------------------------------------------------------------------------


def test_a_homepage_url_as_the_domain_gives_both() -> None:
    inst = Institution(name="X", domain="https://www.Univ-Exemple.fr/accueil")
    assert (inst.domain, inst.homepage) == ("univ-exemple.fr", "https://www.Univ-Exemple.fr/accueil")
    assert Institution(name="X", domain="École.fr").domain == "xn--cole-9oa.fr"
    assert Institution(name="X", domain="  ").domain is None
    assert Institution(name="X", country="fr").country == "FR"


@pytest.mark.parametrize(
    ("given", "field", "code", "reason", "french"),
    [
        ({"name": "", "domain": "x.fr"}, "name", FieldProblem.EMPTY, "must not be empty", "nom\u00a0: ne"),
        ({"name": "X", "domain": "a b"}, "domain", FieldProblem.NOT_A_DOMAIN, "not a valid domain", "pas un"),
        ({"name": "X", "domain": "https://"}, "domain", FieldProblem.NOT_A_DOMAIN, "not a valid", "domaine"),
        ({"name": "X", "kind": "church"}, "kind", FieldProblem.NOT_ONE_OF, "one of: research", "l’une"),
        ({"name": "X", "country": "FRA"}, "country", FieldProblem.TOO_LONG, "at most 2", "pays\u00a0: trop"),
    ],
)
def test_a_bad_institution_is_a_quitx_error_naming_the_field(
    given: dict[str, str], field: str, code: FieldProblem, reason: str, french: str
) -> None:
    for build in (lambda: Institution(**given), lambda: Institution.parse(given)):  # type: ignore[arg-type]
        with pytest.raises(InvalidInstitutionError) as raised:
            build()
        error = raised.value
        assert isinstance(error, ValueError) and error.field == field and reason in error.reason
        assert error.code is code and str(error).startswith(f"institution: {field}: ")
        assert error.describe("fr").startswith("institution\u00a0: ") and french in error.describe("fr")


def test_parse_takes_a_mapping_and_refuses_extra_fields() -> None:
    assert Institution.parse({"name": "X", "domain": "x.fr", "handles": ["@a@b.fr"]}).handles == ("@a@b.fr",)
    with pytest.raises(InvalidInstitutionError, match="colour"):
        Institution.parse({"name": "X", "colour": "blue"})


def test_validation_keeps_pydantics_own_errors() -> None:
    """Reading a report back goes through pydantic's validation, not Institution's own __init__."""
    with pytest.raises(ValidationError):
        Institution.model_validate({"name": "X", "domain": "a b"})
    r = report()
    assert Report.model_validate_json(r.model_dump_json()) == r


# --- load_report ---------------------------------------------------------------------------------------


def test_load_report_reads_a_saved_check(tmp_path: Path) -> None:
    saved = tmp_path / "report.json"
    r = report(LIVE, FAN)
    saved.write_text(r.model_dump_json(indent=2), encoding="utf-8")
    assert load_report(saved) == r and load_report(str(saved)) == r


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (None, "cannot read the report"),
        (b"{}", "not a quitx report"),
        (b"not json", "not a quitx report"),
        (b"\xff\xfe", "not a quitx report: not UTF-8"),
    ],
)
def test_load_report_says_which_file_and_why(tmp_path: Path, content: bytes | None, reason: str) -> None:
    path = tmp_path / "report.json"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InvalidReportError) as raised:
        load_report(path)
    assert raised.value.path == str(path) and raised.value.reason.startswith(reason)
    assert str(raised.value).startswith(f"{path}: {reason}")
