"""The sourced claims: the data file (schema 2), whom each is about, selection by sector, slot and
date, the tense and the form by the letter's date, and a user's own claims file merged by id."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from quitx.doc import Link, plain
from quitx.errors import UsageError
from quitx.letter.claims import Claim, ClaimKind, Slot, about, load_claims, select
from quitx.models import Institution, InstitutionKind

K = InstitutionKind
BEFORE_EXODUS = dt.date(2025, 1, 15)
LATER = dt.date(2026, 12, 7)
RESEARCH = (K.RESEARCH,)


def claim(claim_id: str) -> Claim:
    return next(c for c in load_claims() if c.id == claim_id)


def ids(claims: list[Claim]) -> set[str]:
    return {c.id for c in claims}


def test_the_data_file_loads_with_unique_ids() -> None:
    claims = load_claims()
    assert len(claims) >= 25
    assert len(ids(claims)) == len(claims)


def test_every_cited_claim_has_a_source_and_links_to_it_when_it_has_a_url() -> None:
    assert len(load_claims()) >= 10
    for c in load_claims():
        if c.verified:
            assert c.source is not None and c.source.publisher, c.id
        if c.url is not None:
            assert c.url.startswith("https://"), c.id


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_sourced_claim_links_its_words_to_its_source(language: str) -> None:
    for c in load_claims():
        for long in (False, True):
            spans = c.spans(language, LATER, long=long)  # type: ignore[arg-type]
            assert spans, c.id
            links = [s for s in spans if isinstance(s, Link)]
            assert [link.url for link in links] == ([c.url] if c.url else []), c.id


def test_what_facts_marks_unverified_is_unverified() -> None:
    # FACTS.md: "CNRS moved to social.numerique.gouv.fr" is UNVERIFIED
    assert claim("cnrs-on-social-numerique").verified is False
    # and the universities FACTS.md dates without a source
    assert claim("paris-saclay-leaves-x").verified is False
    assert claim("bordeaux-montaigne-leaves-x").verified is False


def test_the_facts_of_2025_and_2026_are_there_with_their_dates_and_corrections() -> None:
    assert claim("x-dsa-fine").date == dt.date(2025, 12, 5)
    assert "120 millions" in claim("x-dsa-fine").texts.fr.past
    assert claim("x-paris-prosecutor-search").date == dt.date(2026, 2, 3)
    assert claim("paris-city-leaves-x").date == dt.date(2025, 1, 20)
    assert claim("paris-city-leaves-x").announced == dt.date(2025, 1, 16)
    assert claim("meta-hateful-conduct").date == dt.date(2025, 1, 7)
    assert claim("lyon-city-leaves-x").date == dt.date(2025, 1, 20)
    # HelloQuitteX is not a CNRS initiative; EPFL still posts on X: a presence, never an exit
    assert "CNRS" not in claim("helloquittex").texts.fr.past
    assert claim("epfl-own-instance").kind is ClaimKind.PRESENCE
    # what happened on 20 April 2026 is UNVERIFIED: no text says
    assert "20 avril" not in json.dumps(
        claim("x-paris-prosecutor-search").texts.model_dump(), ensure_ascii=False
    )


def test_unverified_claims_are_left_out_by_default() -> None:
    default = select(load_claims(), sectors=RESEARCH, date=LATER)
    assert all(c.verified for c in default)
    everything = select(load_claims(), sectors=RESEARCH, date=LATER, include_unverified=True)
    assert "cnrs-on-social-numerique" in ids(everything)


@pytest.mark.parametrize(
    ("name", "domain", "claim_id"),
    [
        ("Université Rennes 2", None, "rennes2-leaves-x"),
        ("Quelconque", "univ-rennes2.fr", "rennes2-leaves-x"),
        ("Quelconque", "www.pasteur.fr", "pasteur-moves-to-bluesky"),
        ("Quelconque", "research.pasteur.fr", "pasteur-moves-to-bluesky"),
        ("Mairie de Lyon", None, "lyon-city-leaves-x"),
        ("l’Université de Strasbourg", None, "strasbourg-leaves-x"),
        ("université bordeaux-montaigne", None, "bordeaux-montaigne-leaves-x"),
    ],
)
def test_a_claim_knows_whom_it_is_about(name: str, domain: str | None, claim_id: str) -> None:
    assert about(claim(claim_id), Institution(name=name, domain=domain))


def test_a_name_that_only_contains_a_subject_is_not_it() -> None:
    epfl = Institution(name="École polytechnique fédérale de Lausanne")
    assert not about(claim("polytechnique-suspends-x"), epfl)
    assert about(claim("epfl-own-instance"), epfl)
    assert not about(claim("rennes2-leaves-x"), Institution(name="Université de Rennes"))
    assert not about(claim("pasteur-moves-to-bluesky"), Institution(name="X", domain="notpasteur.fr"))


def test_the_addressee_is_never_its_own_precedent() -> None:
    rennes2 = Institution(name="Université Rennes 2", domain="univ-rennes2.fr")
    chosen = select(load_claims(), sectors=RESEARCH, date=LATER, addressee=rennes2, include_unverified=True)
    assert "rennes2-leaves-x" not in ids(chosen)
    assert "aix-marseille-leaves-x" in ids(chosen)


def test_a_self_form_speaks_to_the_institution_and_never_links() -> None:
    spans = claim("rennes2-leaves-x").self_spans("fr", {"notre": "notre université"})
    assert spans is not None
    assert plain(spans).startswith("Dès le 31\u00a0août 2023, notre université a mis son compte X en veille")
    assert not [s for s in spans if isinstance(s, Link)]


def test_the_future_form_from_the_announcement_the_past_from_the_event() -> None:
    paris = claim("paris-city-leaves-x")
    assert paris.text("fr", dt.date(2025, 1, 15)) is None  # not yet announced
    assert "quitterait X le 20\u00a0janvier" in (paris.text("fr", dt.date(2025, 1, 17)) or "")
    assert paris.text("fr", dt.date(2025, 1, 20)) == paris.texts.fr.short
    assert paris.text("fr", LATER, long=True) == paris.texts.fr.past


def test_an_event_after_the_letter_without_a_future_form_is_left_out() -> None:
    early = select(load_claims(), sectors=RESEARCH, date=dt.date(2025, 1, 5))
    assert "polytechnique-suspends-x" not in ids(early)
    assert "rennes2-leaves-x" in ids(early)


def test_claims_follow_the_sector_chain_and_the_slot() -> None:
    local = ids(select(load_claims(), sectors=(K.LOCAL_GOVERNMENT,), date=LATER))
    assert "paris-city-leaves-x" in local
    assert "rennes2-leaves-x" not in local
    assert "x-dsa-fine" in local  # for every sector
    higher = ids(select(load_claims(), sectors=(K.HIGHER_EDUCATION, K.RESEARCH), date=LATER))
    assert "rennes2-leaves-x" in higher
    school = select(load_claims(), sectors=(K.SCHOOL,), date=LATER, slot=Slot.PRECEDENTS)
    assert school == []  # no sourced precedent: a school letter argues without one


def test_selection_is_oldest_first() -> None:
    meta = select(load_claims(), sectors=(K.COMPANY,), date=LATER, slot=Slot.META_FACTS)
    assert [c.date for c in meta] == sorted(c.date for c in meta)
    assert "meta-hateful-conduct" in ids(meta)


def test_a_users_claims_file_replaces_by_id_and_adds(tmp_path: Path) -> None:
    ours = claim("x-dsa-fine").model_dump(mode="json", by_alias=True, exclude_none=True)
    ours["texts"]["fr"]["short"] = ours["texts"]["fr"]["short"].replace("120 millions", "cent vingt millions")
    new = {**ours, "id": "my-own-claim", "date": "2026-11-30"}
    path = tmp_path / "claims.json"
    path.write_text(json.dumps({"schema_version": 2, "claims": [ours, new]}), encoding="utf-8")
    merged = load_claims(path)
    assert len(merged) == len(load_claims()) + 1
    replaced = next(c for c in merged if c.id == "x-dsa-fine")
    assert "cent vingt millions" in (replaced.texts.fr.short or "")
    assert merged[-1].id == "my-own-claim"


def test_a_bad_claims_file_is_a_usage_error_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "claims.json"
    path.write_text('{"schema_version": 2, "claims": [{"id": "x"}]}', encoding="utf-8")
    with pytest.raises(UsageError, match=r"claims\.json"):
        load_claims(path)


def test_the_cache_hands_out_copies() -> None:
    first = load_claims()
    first.clear()
    assert load_claims()
