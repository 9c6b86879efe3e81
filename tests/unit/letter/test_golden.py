"""Golden letters and plans: language × format × scenario. QUITX_UPDATE_GOLDEN=1 rewrites them (review
the diff!).

The scenarios are reports that ``quitx check`` produced on the local network, frozen in
tests/golden/reports (checked_at fixed): present and verified, present unverified, absent,
unknown because an instance was down — plus offline (no check at all).
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import email.utils
import json
import os
import re
from pathlib import Path
from string import Template

import pytest

from quitx.i18n import LANGUAGES, Lang
from quitx.letter import phrases as LETTER
from quitx.letter.compose import Sender
from quitx.letter.render import FORMATS, Format, render_letter
from quitx.models import Institution, Report
from quitx.plan import PLAN_FORMATS, PlanFormat, PlanOptions, build_plan, render_plan
from quitx.plan import wording as PLAN

GOLDEN = Path(__file__).resolve().parents[2] / "golden"
SCENARIOS = ["present_verified", "present_unverified", "absent", "unknown_instance_down", "offline"]
DATE = dt.date(2026, 11, 25)
SENT_AT = dt.datetime(2026, 11, 25, 14, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))  # Paris, winter
SENDER = Sender(
    name="Camille Martin",
    gender="f",
    role_m="chercheur",
    role_f="chercheuse",
    email="camille.martin@exemple.fr",
)


def load(scenario: str) -> Report | Institution:
    """The scenario's report, or (offline) the institution alone."""
    if scenario == "offline":
        return Institution(name="Centre national de la recherche scientifique", domain="cnrs.fr")
    return Report.model_validate_json((GOLDEN / "reports" / f"{scenario}.json").read_text(encoding="utf-8"))


def letter(scenario: str, language: str, fmt: Format) -> str:
    subject = load(scenario)
    lang = "en" if language == "en" else "fr"
    # the plan starts from the decision: three weeks after the letter, past the end-of-year break
    plan = build_plan(subject, PlanOptions(language=lang, written_on=DATE))
    return render_letter(
        subject,
        plan,
        sender=SENDER,
        language=lang,
        fmt=fmt,
        date=DATE,
        to="direction@exemple.fr",
        sent_at=SENT_AT,
        # the e-mail attaches the annex as its page: a PDF's bytes depend on WeasyPrint and the
        # fonts installed (tests/unit/test_pdf.py reads the PDF an e-mail attaches by default)
        annex_as="html",
    )


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_golden_letter(scenario: str, language: str, fmt: Format) -> None:
    produced = letter(scenario, language, fmt)
    path = GOLDEN / "letters" / f"{scenario}.{language}.{fmt}"
    if os.environ.get("QUITX_UPDATE_GOLDEN") == "1":
        path.write_bytes(produced.encode("utf-8"))
    assert path.exists(), f"{path} is missing: run with QUITX_UPDATE_GOLDEN=1 and review it"
    assert produced == path.read_bytes().decode("utf-8")


def plan_text(scenario: str, language: str, fmt: str, tmp_path: Path) -> str:
    """The plan as ``quitx plan`` writes it."""
    from quitx import cli

    subject = load(scenario)
    if isinstance(subject, Institution):
        source = [subject.name, "--domain", subject.domain or "", "--offline"]
    else:
        source = ["--report", str(GOLDEN / "reports" / f"{scenario}.json")]
    out = tmp_path / f"plan.{fmt}"
    argv = [
        "plan",
        *source,
        "--lang",
        language,
        "--start",
        DATE.isoformat(),
        "--date",
        DATE.isoformat(),
        "--format",
        fmt,
        "-o",
        str(out),
    ]
    assert cli.main(argv) == 0
    return out.read_text(encoding="utf-8")


def rendered_plan(scenario: str, language: str, fmt: PlanFormat) -> str:
    """The plan as `quitx.plan.render_plan` writes it (``--lang`` sets the institution's language)."""
    subject = load(scenario)
    lang = "en" if language == "en" else "fr"
    if isinstance(subject, Report):
        subject = subject.model_copy(
            update={"institution": subject.institution.model_copy(update={"language": lang})}
        )
    else:
        subject = subject.model_copy(update={"language": lang})
    return render_plan(build_plan(subject, PlanOptions(language=lang, start=DATE, written_on=DATE)), fmt)


@pytest.mark.parametrize("fmt", PLAN_FORMATS)
@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_golden_plan(scenario: str, language: str, fmt: PlanFormat, tmp_path: Path) -> None:
    produced = rendered_plan(scenario, language, fmt)
    assert (
        plan_text(scenario, language, fmt, tmp_path) == produced
    )  # the command writes what the library does
    path = GOLDEN / "plans" / f"{scenario}.{language}.{fmt}"
    if os.environ.get("QUITX_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(produced.encode("utf-8"))
    assert path.exists(), f"{path} is missing: run with QUITX_UPDATE_GOLDEN=1 and review it"
    assert produced == path.read_bytes().decode("utf-8")


def test_eml_is_a_draft_with_the_annex_attached() -> None:
    message = email.message_from_string(letter("present_verified", "fr", "eml"), policy=email.policy.default)
    # display names; a draft (Outlook opens it to edit, not as a received message)
    assert message["To"] == "Université Exemple <direction@exemple.fr>"
    assert message["From"] == "Camille Martin <camille.martin@exemple.fr>"
    assert message["X-Unsent"] == "1" and re.fullmatch(
        r"<quitx\.[0-9a-f]{32}@exemple\.fr>", message["Message-ID"]
    )
    assert message["Date"] == "Wed, 25 Nov 2026 14:30:00 +0100"  # with its time zone
    assert message["Content-Language"] == "fr"
    assert "l’université Exemple" in str(message["Subject"])  # running text: the head noun in lower case
    assert message.get_content_type() == "multipart/mixed"
    body, annex = message.iter_parts()  # type: ignore[attr-defined]
    assert [p.get_content_type() for p in body.iter_parts()] == ["text/plain", "text/html"]
    assert annex.get_filename() == "annexe-technique.html" and annex.get_content_type() == "text/html"
    # the letter ends with the decision summary; the annex carries the steps and their artifacts
    text = next(body.iter_parts()).get_content()
    assert "Le plan proposé, en une page" in text and "_atproto" not in text
    assert "Calendrier" in annex.get_content() and '<h1 id="annex">' in annex.get_content()


def test_the_e_mails_date_is_now_for_a_letter_of_today() -> None:
    subject = load("absent")
    before = dt.datetime.now().astimezone()
    eml = render_letter(subject, None, fmt="eml", to="direction@exemple.fr")
    sent = email.utils.parsedate_to_datetime(email.message_from_string(eml)["Date"])
    assert sent.utcoffset() == before.utcoffset() and abs((sent - before).total_seconds()) < 60


def test_json_is_the_structured_letter() -> None:
    data = json.loads(letter("absent", "fr", "json"))
    assert set(data) == {"subject", "blocks", "letter"}
    types = {"heading", "paragraph", "bullets", "lines", "code", "table"}
    assert {b["type"] for b in data["blocks"]} <= types
    assert data["letter"]["kind"] == "standard"
    assert data["letter"]["sector"] == "local_government" and data["letter"]["sector_source"] == "given"
    assert "x-dsa-fine" in data["letter"]["claims"]


def _words_around(template: str, mark: str, **values: str) -> str:
    """The words of a phrase, ``values`` put in, between the two placeholders around ``mark``: the
    piece of the sentence a letter must (or must not) contain, whatever the name and the rest."""
    pieces = re.split(r"\$\{\w+\}", Template(template).safe_substitute(values))
    return next(p for p in pieces if mark in p).strip(" ,.()")


DOWN = "down.exemple.fr"
# the plan's own words for Mastodon found absent
PLAN_ABSENT = {
    language: [
        Lang(language)(PLAN.NOT_FOUND_ON, network="Mastodon"),
        _words_around(PLAN.NO_MASTODON_ACCOUNT.text(language), "Mastodon"),  # whatever the noun
    ]
    for language in LANGUAGES
}
# what a letter may say when one instance could not be read, and what it must never say then
NEVER_ABSENT = {
    language: (
        [_words_around(LETTER.UNKNOWN_PARTIAL.text(language), DOWN, unknown_on=DOWN)],
        [
            _words_around(LETTER.ABSENT.text(language), "Mastodon", network="Mastodon"),
            _words_around(LETTER.ABSENT_BOTH.text(language), "Mastodon"),
            *PLAN_ABSENT[language],
        ],
    )
    for language in LANGUAGES
}


@pytest.mark.parametrize("language", ["fr", "en"])
def test_unknown_is_never_worded_as_absent(language: str) -> None:
    must, never = NEVER_ABSENT[language]
    assert all(len(words) > 15 for words in (*must, *never)), (must, never)  # real phrases, not scraps
    for fmt in ("md", "txt"):
        text = " ".join(letter("unknown_instance_down", language, fmt).split())
        for words in must:
            assert words in text, words
        for words in never:
            assert words not in text, words
    absent = " ".join(letter("absent", language, "txt").split())  # and the same words do say absent
    assert never[1] in absent, never
