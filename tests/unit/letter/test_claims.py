"""The sourced claims: the data file, selection by sector and date, and the tense by the letter's date."""

from __future__ import annotations

import datetime as dt

import pytest

from quitx.doc import Link
from quitx.letter.claims import Claim, Topic, load_claims, select
from quitx.models import InstitutionKind

BEFORE_EXODUS = dt.date(2025, 1, 15)
LATER = dt.date(2026, 3, 1)


def claim(claim_id: str) -> Claim:
    return next(c for c in load_claims() if c.id == claim_id)


def ids(claims: list[Claim]) -> set[str]:
    return {c.id for c in claims}


def test_the_data_file_loads_with_unique_ids() -> None:
    claims = load_claims()
    assert len(claims) >= 15
    assert len(ids(claims)) == len(claims)


def test_every_claim_is_dated_and_every_cited_one_has_an_https_source() -> None:
    assert len(load_claims()) >= 10  # the loops of this module check something
    for c in load_claims():
        assert isinstance(c.date, dt.date)
        if c.verified:
            assert c.source_url is not None and c.source_url.startswith("https://"), c.id
            assert c.source_name, c.id
        if c.source_url is not None:
            assert c.source_url.startswith("https://"), c.id


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_sourced_claim_links_its_words_to_its_source(language: str) -> None:
    for c in load_claims():
        spans = c.spans(language, LATER)  # type: ignore[arg-type]
        assert spans, c.id
        links = [s for s in spans if isinstance(s, Link)]
        if c.source_url is None:
            assert not links, c.id
        else:
            assert [link.url for link in links] == [c.source_url], c.id


def test_what_facts_marks_unverified_is_unverified() -> None:
    # FACTS.md: "CNRS moved to social.numerique.gouv.fr" is UNVERIFIED
    assert claim("cnrs-on-social-numerique").verified is False
    # and the universities FACTS.md dates without a source
    assert claim("paris-saclay-leaves-x").verified is False
    assert claim("bordeaux-montaigne-leaves-x").verified is False


def test_the_core_events_are_there_with_their_dates() -> None:
    assert claim("polytechnique-suspends-x").date == dt.date(2025, 1, 10)
    assert claim("ehess-leaves-x").date == dt.date(2025, 1, 9)
    assert claim("helloquittex").date == dt.date(2025, 1, 20)
    assert claim("meta-ends-fact-checking").date == dt.date(2025, 1, 7)
    assert claim("meta-ai-personas").date == dt.date(2025, 1, 3)
    assert claim("bluesky-verification").date == dt.date(2025, 4, 21)
    assert "60" in claim("polytechnique-suspends-x").texts.fr.past
    assert "intégrité de la démarche scientifique" in claim("polytechnique-suspends-x").texts.fr.past


def test_unverified_claims_are_left_out_by_default() -> None:
    default = select(load_claims(), sector=InstitutionKind.RESEARCH, date=LATER)
    assert all(c.verified for c in default)
    assert "cnrs-on-social-numerique" not in ids(default)
    everything = select(load_claims(), sector=InstitutionKind.RESEARCH, date=LATER, include_unverified=True)
    assert "cnrs-on-social-numerique" in ids(everything)


def test_helloquittex_is_ahead_in_mid_january_2025_and_past_in_2026() -> None:
    hqx = claim("helloquittex")
    assert "appelle à quitter X" in (hqx.text("fr", BEFORE_EXODUS) or "")
    assert "is calling for" in (hqx.text("en", BEFORE_EXODUS) or "")
    assert "a organisé" in (hqx.text("fr", LATER) or "")
    assert "organised" in (hqx.text("en", LATER) or "")
    # the day itself is already the past
    assert hqx.text("fr", dt.date(2025, 1, 20)) == hqx.texts.fr.past


def test_no_claim_speaks_of_the_future_in_2026() -> None:
    for c in load_claims():
        for language in ("fr", "en"):
            assert c.text(language, LATER) == c.texts.of(language).past, c.id


def test_an_event_after_the_letter_without_a_future_form_is_left_out() -> None:
    early = select(load_claims(), sector=InstitutionKind.RESEARCH, date=dt.date(2025, 1, 5))
    assert "polytechnique-suspends-x" not in ids(early)
    assert "rennes2-leaves-x" in ids(early)
    assert "helloquittex" in ids(early)  # it has a future form


def test_claims_follow_the_sector() -> None:
    local = ids(select(load_claims(), sector=InstitutionKind.LOCAL_GOVERNMENT, date=LATER))
    assert "paris-city-leaves-x" in local
    assert "rennes2-leaves-x" not in local
    assert "helloquittex" in local  # for every sector
    school = select(load_claims(), sector=InstitutionKind.SCHOOL, date=LATER, topic=Topic.X_EXIT)
    assert school == []  # no sourced precedent: a school letter argues without one


def test_selection_is_oldest_first_and_by_topic() -> None:
    meta = select(load_claims(), sector=InstitutionKind.COMPANY, date=LATER, topic=Topic.META)
    assert [c.id for c in meta] == ["meta-ai-personas", "meta-ends-fact-checking", "meta-hateful-conduct"]


def test_the_cache_hands_out_copies() -> None:
    first = load_claims()
    first.clear()
    assert load_claims()
