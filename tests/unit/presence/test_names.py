from __future__ import annotations

import pytest

from quitx.models import Institution
from quitx.presence.names import acronym, bluesky_labels, fold, mastodon_usernames, matches_name, site_label


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Centre national de la recherche scientifique", "cnrs"),
        ("CNRS", "cnrs"),
        ("EHESS", "ehess"),
        ("Université Rennes 2", "ur2"),
        ("Établissement français du sang", "efs"),
        ("Collège de France", None),  # "cf" is too generic to try
        ("Inria", None),
        ("Archives nationales", None),
    ],
)
def test_acronym(name: str, expected: str | None) -> None:
    assert acronym(name) == expected


@pytest.mark.parametrize(
    ("domain", "label"),
    [
        ("univ-rennes2.fr", "univ-rennes2"),
        ("www.cnrs.fr", "cnrs"),
        ("efs.sante.fr", "efs"),
        ("college-de-france.exemple.fr", "college-de-france"),
        ("localhost", None),
        (None, None),
    ],
)
def test_site_label(domain: str | None, label: str | None) -> None:
    assert site_label(domain) == label


def test_fold_removes_accents() -> None:
    assert fold("Établissement Français") == "etablissement francais"


def test_mastodon_usernames_are_valid_short_and_few() -> None:
    names = mastodon_usernames(Institution(name="Université Rennes 2", domain="univ-rennes2.fr"))
    assert names[:3] == ["univrennes2", "univ_rennes2", "ur2"]
    assert len(names) <= 6
    assert all(len(n) <= 30 and "-" not in n for n in names)
    long = mastodon_usernames(
        Institution(name="Centre national de la recherche scientifique", domain="cnrs.fr")
    )
    assert long == ["cnrs"]  # the long concatenation (35 letters) cannot be a Mastodon username


def test_bluesky_labels_keep_hyphens() -> None:
    labels = bluesky_labels(Institution(name="Collège de France", domain="college-de-france.fr"))
    assert labels == ["college-de-france", "collegedefrance", "collegefrance"]


@pytest.mark.parametrize(
    ("display", "username", "expected"),
    [
        ("Université Exemple", "whatever", True),
        ("Université Exemple (fans)", "fans", True),
        ("UNIVERSITE EXEMPLE", None, True),
        ("Université Autre", "autre", False),
        (None, "univexemple", True),  # the usual username from the domain
        ("Someone", "univ_exemple", True),
        ("", "", False),
    ],
)
def test_matches_name(display: str | None, username: str | None, expected: bool) -> None:
    institution = Institution(name="Université Exemple", domain="univ-exemple.fr")
    assert matches_name(institution, display, username) is expected
