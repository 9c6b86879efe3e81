from __future__ import annotations

import pytest

from quitx.i18n.locale import user_language


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "fr"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "fr"),
        ({"LANG": "de_DE.UTF-8"}, "fr"),  # a language quitx does not speak: French
        ({"LANG": "C.UTF-8"}, "fr"),
        ({"LC_ALL": "en_US.UTF-8", "LANG": "fr_FR.UTF-8"}, "en"),  # LC_ALL beats LANG
        ({"LC_MESSAGES": "fr_CA", "LANG": "en_US"}, "fr"),
        ({"LANGUAGE": "de:en_GB:fr", "LANG": "fr_FR"}, "en"),  # the first spoken in the list
        ({"LANGUAGE": "de", "LANG": "en_US"}, "en"),  # nothing spoken in LANGUAGE: on to LANG
        ({"LC_ALL": "sr_RS@latin", "LANG": "en_US"}, "fr"),  # the first variable set decides
    ],
)
def test_the_locale_gives_the_language(environ: dict[str, str], expected: str) -> None:
    assert user_language(environ) == expected


def test_a_chosen_language_beats_the_locale() -> None:
    assert user_language({"LANG": "fr_FR.UTF-8"}, chosen="en") == "en"
    assert user_language({"LANG": "en_US.UTF-8"}, chosen="fr") == "fr"
    assert user_language({"LANG": "en_US.UTF-8"}, chosen=None) == "en"
