"""argparse's usage errors in the run's language: French words, the values as typed (the command
line spaces French punctuation with plain spaces, as its other messages do)."""

from __future__ import annotations

import argparse

import pytest

from quitx import cli
from quitx.cli.usage_words import _FRENCH, early_language, localise_usage_error


def _argparse_says(*argv: str) -> str:
    """The message a real argparse parser gives for ``argv`` (Python's own wording, whatever its version)."""
    said: list[str] = []

    class Keep(argparse.ArgumentParser):
        def error(self, message: str) -> None:  # type: ignore[override]
            said.append(message)
            raise SystemExit(2)

    parser = Keep(prog="p")
    parser.add_argument("name")
    parser.add_argument("--kind", choices=["a", "b"])
    parser.add_argument("--n", type=int)
    parser.add_argument("--two", nargs=2)
    parser.add_argument("--many", nargs="+")
    parser.add_argument("--maybe", nargs="?")
    parser.add_argument("--flag", action="store_true")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--online", action="store_true")
    mode.add_argument("--offline", action="store_true")
    need = parser.add_mutually_exclusive_group(required="--need" in argv)
    need.add_argument("--yes", action="store_true")
    need.add_argument("--no", action="store_true")
    parser.add_argument("--need", action="store_true")
    parser.add_argument("--other-option")
    parser.add_argument("--other-thing")
    with pytest.raises(SystemExit):
        parser.parse_args(list(argv))
    assert said, argv
    return said[0]


@pytest.mark.parametrize(
    ("argv", "french"),
    [
        ((), "arguments obligatoires manquants\u00a0: name"),
        (("x", "--bogus"), "arguments non reconnus\u00a0: --bogus"),
        (("x", "--need"), "il faut l’un des arguments --yes --no"),
        (("x", "--other", "1"), "option ambiguë\u00a0: --other peut désigner --other-option, --other-thing"),
        (("x", "--kind"), "argument --kind\u00a0: une valeur est attendue"),
        (("x", "--many"), "argument --many\u00a0: une valeur au moins est attendue"),
        (("x", "--two", "1"), "argument --two\u00a0: 2 valeur(s) attendue(s)"),
        (
            ("x", "--kind", "c"),
            "argument --kind\u00a0: choix invalide\u00a0: 'c' (valeurs possibles\u00a0: 'a', 'b')",
        ),
        (
            ("x", "--n", "abc"),
            "argument --n\u00a0: valeur invalide\u00a0: 'abc' (attendu\u00a0: un nombre entier)",
        ),
        (("x", "--online", "--offline"), "argument --offline\u00a0: incompatible avec l’argument --online"),
        (("x", "--flag=1"), "argument --flag\u00a0: valeur ignorée\u00a0: '1'"),
    ],
)
def test_every_argparse_error_is_said_in_french(argv: tuple[str, ...], french: str) -> None:
    english = _argparse_says(*argv)
    assert localise_usage_error(english, "en") == english
    assert localise_usage_error(english, "fr") == french


def test_a_message_the_table_does_not_know_is_kept_as_written() -> None:
    assert localise_usage_error("argument --x: something new", "fr") == "argument --x\u00a0: something new"
    assert localise_usage_error("something new", "fr") == "something new"


def test_each_french_text_is_used_by_some_message() -> None:
    # the table holds no pattern that nothing matches (a typo in a pattern would leave English)
    samples = [
        "the following arguments are required: a",
        "unrecognized arguments: a",
        "one of the arguments a b is required",
        "ambiguous option: --a could match --ab, --ac",
        "expected one argument",
        "expected at most one argument",
        "expected at least one argument",
        "expected 2 arguments",
        "invalid choice: 'c' (choose from 'a', 'b')",
        "invalid float value: 'x'",
        "not allowed with argument --a",
        "ignored explicit argument 'x'",
        "expected a whole number, got 'x'",
        "expected 1 to 256",
    ]
    used = {french for english, french in _FRENCH if any(english.fullmatch(s) for s in samples)}
    assert used == {french for _, french in _FRENCH}


@pytest.mark.parametrize(
    ("argv", "language"),
    [
        (["letter", "X", "--lang", "en", "--kind", "c"], "en"),
        (["letter", "X", "--lang=en"], "en"),
        (["letter", "X", "--lang", "fr"], "fr"),
        (["letter", "X", "--", "--lang", "en"], "fr"),
        (["letter", "X"], "fr"),
    ],
)
def test_the_language_of_a_usage_error_is_the_one_typed_else_the_locale(
    argv: list[str], language: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANGUAGE", "fr")
    assert early_language(argv) == language


def test_a_usage_error_in_a_french_run_is_french_from_usage_to_hint(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANGUAGE", "en")  # the locale says English, the command line French
    with pytest.raises(SystemExit) as exc:
        cli.main(["letter", "Mairie", "--lang", "fr", "--kind", "city"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("utilisation\u00a0: quitx letter ")
    assert "\n                          [--domain" in err or "[--domain DOMAIN]" in err
    assert "quitx letter: erreur\u00a0: argument --kind\u00a0: choix invalide\u00a0: 'city'" in err
    assert "invalid choice" not in err and "usage:" not in err
    with pytest.raises(SystemExit):
        cli.main(["letter", "Mairie", "--kind", "city"])
    err = capsys.readouterr().err
    assert err.startswith("usage: quitx letter") and "argument --kind: invalid choice: 'city'" in err
