"""quitx.i18n.typography: French typography by code, never inside what must stay as typed."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quitx.i18n.typography import NBSP, NNBSP, typeset


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        ("Objet : présence sur X", f"Objet{NBSP}: présence sur X"),
        ("Objet: présence", f"Objet{NBSP}: présence"),
        ("Envisagez-vous de quitter X ?", f"Envisagez-vous de quitter X{NNBSP}?"),
        ("ouvertes ; fermées", f"ouvertes{NNBSP}; fermées"),
        ("Quoi ?!", f"Quoi{NNBSP}?!"),
        ("« un trop-plein de haine »", f"«{NNBSP}un trop-plein de haine{NNBSP}»"),
        ("«nouveau foyer»", f"«{NNBSP}nouveau foyer{NNBSP}»"),
        ("l'université d'Aix", "l’université d’Aix"),
        ("20 000 abonnés, 2 200 000 vues", f"20{NNBSP}000 abonnés, 2{NNBSP}200{NNBSP}000 vues"),
        ("le 7 décembre 2026, le 1er janvier", f"le 7{NBSP}décembre 2026, le 1er{NBSP}janvier"),
        ("en 2024 et 2025", "en 2024 et 2025"),
    ],
)
def test_french(typed: str, printed: str) -> None:
    assert typeset(typed, "fr") == printed


@pytest.mark.parametrize(
    "kept",
    [
        "https://example.org/a?b=c;d",
        "mailto:direction@univ.fr?subject=x",
        "@actualites@lyon.fr",
        "did:plc:abc:def",
        "at://did:plc:x/app.bsky.feed.post/1",
        "14:30",
        'rel="me"',
        "${institution}",
        "jean.o'neil@example.org",
    ],
)
def test_what_must_stay_as_typed(kept: str) -> None:
    assert typeset(f"voir {kept} ici", "fr") == f"voir {kept} ici"


def test_a_mark_after_a_link_or_at_the_start() -> None:
    assert typeset(" : la suite", "fr", first=False) == f"{NBSP}: la suite"
    assert typeset("? Oui.", "fr", first=False) == f"{NNBSP}? Oui."
    assert typeset("» dit-il", "fr", first=False) == f"{NNBSP}» dit-il"
    assert typeset(": rien avant", "fr") == ": rien avant"


def test_english_gets_its_apostrophe_only() -> None:
    assert typeset("Meta's networks: why? It's «fine»", "en") == "Meta’s networks: why? It’s «fine»"


@given(st.text(max_size=120))
def test_twice_is_once(text: str) -> None:
    once = typeset(text, "fr")
    assert typeset(once, "fr") == once
