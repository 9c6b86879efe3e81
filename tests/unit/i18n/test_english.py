"""quitx.i18n.english: "the CNRS", "the University of Oxford", "Inria"."""

from __future__ import annotations

import pytest

from quitx.i18n.english import english_name


@pytest.mark.parametrize(
    ("name", "the"),
    [
        ("CNRS", "the CNRS"),
        ("AP-HP", "the AP-HP"),
        ("EHESS", "the EHESS"),
        ("BnF", "the BnF"),
        ("Inria", "Inria"),
        ("Inserm", "Inserm"),
        ("INSERM", "INSERM"),
        ("UNESCO", "UNESCO"),
        ("Sciences Po", "Sciences Po"),
        ("Sorbonne Université", "Sorbonne Université"),
        ("La Sorbonne", "the Sorbonne"),
        ("Institut Pasteur", "the Institut Pasteur"),
        ("Archives nationales", "the Archives nationales"),
        ("La Poste", "La Poste"),
        ("Le Monde", "Le Monde"),
        ("University of Oxford", "the University of Oxford"),
        (
            "French National Centre for Scientific Research",
            "the French National Centre for Scientific Research",
        ),
        ("Harvard University", "Harvard University"),
        ("The Guardian", "the Guardian"),
        ("MIT", "MIT"),
        ("Michelin", "Michelin"),
    ],
)
def test_english(name: str, the: str) -> None:
    en = english_name(name)
    assert en.the == the
    assert en.of == f"of {the}"
    assert en.capital_the == (the[0].upper() + the[1:] if the.startswith("the ") else the)
