"""quitx.known_instances: the one catalogue of instances — defaults, proposals, handle domains."""

from __future__ import annotations

from pathlib import Path

import pytest

from quitx.config import DEFAULT_INSTANCES, Settings
from quitx.known_instances import CATALOGUE, Eligibility, for_institution, handle_domain, not_proposed
from quitx.models import Institution, InstitutionKind

CONTENT = Path(__file__).resolve().parents[2] / "src" / "quitx" / "letter" / "content"


def test_the_settings_check_the_catalogues_default_instances() -> None:
    assert DEFAULT_INSTANCES == ("social.numerique.gouv.fr", "piaille.fr")
    assert Settings().instances == DEFAULT_INSTANCES
    assert len({k.host for k in CATALOGUE}) == len(CATALOGUE)


@pytest.mark.parametrize(
    ("kind", "country", "expected"),
    [
        (InstitutionKind.PUBLIC_ADMINISTRATION, "FR", ["social.numerique.gouv.fr", "piaille.fr"]),
        # the State's instance is for State services, not for a city, a region or a hospital
        (InstitutionKind.LOCAL_GOVERNMENT, "FR", ["piaille.fr"]),
        (InstitutionKind.RESEARCH, "FR", ["social.sciences.re", "universites.social", "piaille.fr"]),
        (InstitutionKind.COMPANY, "FR", ["piaille.fr"]),
        (InstitutionKind.RESEARCH, "BE", ["mastodon.social"]),
        (InstitutionKind.PUBLIC_ADMINISTRATION, "DE", ["mastodon.social"]),
    ],
)
def test_the_instances_proposed_follow_the_kind_and_the_country(
    kind: InstitutionKind, country: str, expected: list[str]
) -> None:
    institution = Institution(name="Exemple", kind=kind, country=country)
    assert [k.host for k in for_institution(institution)] == expected


def test_handles_carry_the_instances_local_domain() -> None:
    assert handle_domain("social.sciences.re") == "sciences.re"
    assert handle_domain("piaille.fr") == "piaille.fr"
    assert handle_domain("mastodon.example") == "mastodon.example"  # not in the catalogue


def test_each_letter_key_is_a_placeholder_the_letter_documents_and_uses() -> None:
    keys = [k.letter_key for k in CATALOGUE if k.letter_key]
    assert keys == ["sngf", "piaille"]
    readme = (CONTENT / "README.md").read_text(encoding="utf-8")
    templates = " ".join(p.read_text(encoding="utf-8") for p in CONTENT.glob("*/*.md"))
    for key in keys:
        assert f"${{{key}_registrations}}" in readme and f"${{{key}_registrations}}" in templates


@pytest.mark.parametrize(
    ("name", "domain", "kind", "eligibility"),
    [
        ("Ministère", "culture.gouv.fr", InstitutionKind.PUBLIC_ADMINISTRATION, Eligibility.OPEN),
        ("Agence", "ademe.fr", InstitutionKind.PUBLIC_ADMINISTRATION, Eligibility.ON_LIST),
        ("Université", "univ-exemple.fr", InstitutionKind.RESEARCH, Eligibility.ON_LIST),
        ("Ville de Lyon", "lyon.fr", InstitutionKind.LOCAL_GOVERNMENT, Eligibility.EXCLUDED),
        ("Le Quotidien", "quotidien.fr", InstitutionKind.MEDIA, Eligibility.EXCLUDED),
        ("Association", "asso.fr", InstitutionKind.ASSOCIATION, Eligibility.EXCLUDED),
    ],
)
def test_the_states_instance_is_for_state_services(
    name: str, domain: str, kind: InstitutionKind, eligibility: Eligibility
) -> None:
    state = next(k for k in CATALOGUE if k.host == "social.numerique.gouv.fr")
    institution = Institution(name=name, domain=domain, kind=kind)
    assert state.eligibility(institution) is eligibility
    # proposed to a State service (on .gouv.fr, or maybe on its list), never to anyone it leaves out
    assert state.suits(institution) is (kind is InstitutionKind.PUBLIC_ADMINISTRATION)
    said = [k.host for k, _ in not_proposed(institution)]
    assert ("social.numerique.gouv.fr" in said) is (
        eligibility is not Eligibility.OPEN
        and kind is not InstitutionKind.MEDIA
        and kind is not InstitutionKind.ASSOCIATION
    )


@pytest.mark.parametrize(
    ("name", "domain"),
    [
        ("Région Bretagne", "bretagne.bzh"),
        ("Centre hospitalier universitaire de Rennes", "chu-rennes.fr"),
        ("Mairie de Lyon", "lyon.fr"),
    ],
)
def test_a_region_a_hospital_a_city_read_from_their_names_are_not_sent_to_the_states_instance(
    name: str, domain: str
) -> None:
    institution = Institution(name=name, domain=domain)  # no kind given: read from the name
    assert "social.numerique.gouv.fr" not in [k.host for k in for_institution(institution)]
    assert [(k.host, e) for k, e in not_proposed(institution)] == [
        ("social.numerique.gouv.fr", Eligibility.EXCLUDED)
    ]
