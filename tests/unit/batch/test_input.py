"""Batch input: CSV and JSONL rows, bad rows with their line, encodings, the institution key."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.unit.batch.support import make_report, rows_of

from quitx import batch
from quitx.batch import (
    BatchInputError,
    InstitutionRow,
    RowError,
    count_rows,
    institution_key,
    read_institutions,
)
from quitx.errors import BatchInputProblem
from quitx.models import (
    Institution,
    InstitutionKind,
)

# --- input --------------------------------------------------------------------------------------------


def test_csv_rows_bad_rows_and_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text(
        "name,domain,handles,kind,country,language,notes\n"
        "Université Exemple,https://www.univ-exemple.fr/accueil,@univ@social.example | univ-exemple.fr,"
        "research,fr,fr,x\n"
        "\n"
        ",nodomain.fr,,,,,\n"
        "Bad Kind,bad.fr,,spaceship,,,\n"
        "Bad Handle,handle.fr,@not a handle,,,,\n"
        '"Mairie ""Absente""",mairie-absente.fr,,Local-Government,FR,fr,\n'
        '"Two\nLines",two.fr,,,,,\n'
        "Bad Domain,ex ample..fr,,,,,\n",
        encoding="utf-8",
    )
    rows = list(read_institutions(path, warn=lambda _: None))
    good = [(r.line, r.institution) for r in rows if isinstance(r, InstitutionRow)]
    bad = {r.line: r.message for r in rows if isinstance(r, RowError)}
    assert [(line, i.name) for line, i in good] == [
        (2, "Université Exemple"),
        (7, 'Mairie "Absente"'),
        (8, "Two Lines"),
    ]
    first = good[0][1]
    assert first.domain == "univ-exemple.fr" and first.homepage == "https://www.univ-exemple.fr/accueil"
    assert first.handles == ("@univ@social.example", "univ-exemple.fr")
    assert good[1][1].kind is InstitutionKind.LOCAL_GOVERNMENT
    assert set(bad) == {4, 5, 6, 10}
    assert "no name" in bad[4]
    assert "unknown kind 'spaceship'" in bad[5] and "research" in bad[5]
    assert "bad handle '@not'" in bad[6] or "bad handle" in bad[6]
    assert "domain" in bad[10]
    assert str(RowError(5, "x")) == "line 5: x"


def test_unknown_columns_are_said_once(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text("Name,Domain,Notes,Budget\nA,a.fr,x,1\nB,b.fr,y,2\n", encoding="utf-8")
    good, bad, notices = rows_of(path)
    assert [i.name for i in good] == ["A", "B"] and not bad
    assert len(notices) == 1 and "'Notes', 'Budget'" in notices[0]
    assert "'Name' → name, 'Domain' → domain" in notices[0]  # what was understood, said beside it


def test_csv_bom_and_semicolons(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(
        "\ufeffname;domain;handles\r\nMusée Exemple;musee-exemple.fr;\r\nB, et C;b.fr;@b@b.fr\r\n".encode()
    )
    good, bad, notices = rows_of(path)
    assert [(i.name, i.domain) for i in good] == [("Musée Exemple", "musee-exemple.fr"), ("B, et C", "b.fr")]
    assert good[1].handles == ("@b@b.fr",)
    assert not bad and not notices


def test_csv_without_a_name_column_is_refused_naming_the_columns_and_the_accepted_names(
    tmp_path: Path,
) -> None:
    path = tmp_path / "in.csv"
    path.write_text("Raison sociale;domaine\nA;a.fr\n", encoding="utf-8")
    with pytest.raises(BatchInputError) as raised:
        list(read_institutions(path))
    message = str(raised.value)
    assert "line 1: no column gives the institutions' names" in message
    assert "'Raison sociale', 'domaine'" in message and "delimiter ';'" in message
    assert "call that column one of: 'name', 'nom', 'institution'" in message and "'organization'" in message
    assert raised.value.code is BatchInputProblem.NO_NAME_COLUMN
    # the same error, said in the run's language (str() stays English, as Python's errors are)
    said = raised.value.describe("fr")
    assert "ligne 1\u00a0: aucune colonne ne donne le nom" in said and "'name', 'nom'" in said
    assert "l’un de ces noms\u00a0: " in said and "line" not in said


@pytest.mark.parametrize(
    ("header", "row"),
    [
        ("nom;domaine;comptes;type;pays;langue", "Mairie X;mairie.fr;@m@x.fr;Collectivité;FR;français"),
        ("Name,Website,Handles,Kind,Country,Language", "Mairie X,mairie.fr,@m@x.fr,local_government,FR,fr"),
        ("Établissement\tSite web\tCompte\tCatégorie\tLang", "Mairie X\tmairie.fr\t@m@x.fr\tmairie\t"),
        ("NOM,SITE_WEB,IDENTIFIANTS,TYPE,PAYS,LANGUE", "Mairie X,https://mairie.fr/,@m@x.fr,local-government,FR,en"),
    ],
)  # fmt: skip
def test_french_and_english_column_names_and_delimiters(tmp_path: Path, header: str, row: str) -> None:
    path = tmp_path / "in.csv"
    path.write_text(f"{header}\n{row}\n", encoding="utf-8")
    good, bad, notices = rows_of(path)
    assert not bad and not notices
    assert [(i.name, i.domain, i.handles, i.kind, i.country) for i in good] == [
        ("Mairie X", "mairie.fr", ("@m@x.fr",), InstitutionKind.LOCAL_GOVERNMENT, "FR")
    ]
    assert good[0].language == ("en" if row.endswith("en") else "fr")


def test_the_delimiter_is_the_one_that_makes_known_columns(tmp_path: Path) -> None:
    # more commas than semicolons in the header, but only ';' splits it into columns quitx reads
    path = tmp_path / "in.csv"
    path.write_text(
        "nom;domaine;notes, remarques, divers\nUniversité Exemple, Rennes;univ-exemple.fr;a, b, c\n",
        encoding="utf-8",
    )
    good, _, notices = rows_of(path)
    assert [(i.name, i.domain) for i in good] == [("Université Exemple, Rennes", "univ-exemple.fr")]
    assert len(notices) == 1 and "'notes, remarques, divers'" in notices[0]


def test_a_given_delimiter_wins_over_the_sniffed_one(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text("name;note,domain\nA;x,a.fr\n", encoding="utf-8")
    with pytest.raises(BatchInputError, match="no column gives"):  # "name;note" is no column quitx reads
        list(read_institutions(path, delimiter=","))
    rows = list(read_institutions(path, delimiter=";", warn=lambda _: None))
    assert [r.institution.name for r in rows if isinstance(r, InstitutionRow)] == ["A"]
    assert [batch.input.delimiter_of(t) for t in (";", "tab", "\\t", "Comma", "point-virgule")] == [
        ";",
        "\t",
        "\t",
        ",",
        ";",
    ]
    with pytest.raises(ValueError, match="expected ';', ',' or tab"):
        batch.input.delimiter_of("|")


def test_row_errors_and_notices_in_french(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text("nom;type;remarque\n;;\nB;vaisseau;x\n", encoding="utf-8")
    notices: list[str] = []
    rows = list(read_institutions(path, warn=notices.append, language="fr"))
    bad = [r for r in rows if isinstance(r, RowError)]
    assert [r.text("fr") for r in bad] == [
        "ligne 3\u00a0: type inconnu «\u202fvaisseau\u202f» (au choix\u00a0: research, higher_education, "
        "public_administration, local_government, hospital, company, association, media, school)",
    ]
    assert notices == [
        f"{path}\u00a0: colonne(s) ignorée(s)\u00a0: «\u202fremarque\u202f» (colonnes lues\u00a0: "
        "«\u202fnom\u202f» → name, «\u202ftype\u202f» → kind\u202f; "
        "«\u202fquitx batch --help\u202f» donne tous leurs noms)"
    ]


def test_encoding_errors(tmp_path: Path) -> None:
    mixed = tmp_path / "mixed.csv"
    mixed.write_bytes(b"name,domain\nGood,good.fr\nUniversit\xe9 Latin,latin.fr\nAlso Good,also.fr\n")
    good, bad, _ = rows_of(mixed)
    assert [i.name for i in good] == ["Good", "Also Good"]
    assert len(bad) == 1 and bad[0].line == 3 and "not UTF-8" in bad[0].message and "0xe9" in bad[0].message
    latin = tmp_path / "latin.csv"
    latin.write_bytes("nom\xe9,domain\nA,a.fr\n".encode("latin-1"))
    with pytest.raises(BatchInputError, match=r"not UTF-8: byte 0xe9 at line 1, column 4"):
        list(read_institutions(latin))


def test_jsonl_rows(tmp_path: Path) -> None:
    saved = make_report(Institution(name="From A Report", domain="report.fr"))
    path = tmp_path / "in.jsonl"
    path.write_text(
        "\n".join(
            [
                json.dumps({"name": "Labo Dormant", "domain": "labo-dormant.fr", "handles": ["@l@x.fr"]}),
                "{not json",
                "[1, 2]",
                json.dumps({"name": "Extra", "domain": "extra.fr", "color": "blue"}),
                json.dumps({"name": "Bad", "handles": ["did:nope"]}),
                "",
                saved.model_dump_json(),
                json.dumps({"domain": "noname.fr"}),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    good, bad, notices = rows_of(path)
    assert [i.name for i in good] == ["Labo Dormant", "Extra", "From A Report"]
    assert good[0].handles == ("@l@x.fr",)
    assert [(e.line, e.message.split(":")[0]) for e in bad] == [
        (2, "invalid JSON (column 2)"),
        (3, "expected a JSON object (an Institution)"),
        (5, "bad handle 'did"),
        (8, "no name (the name column is required)"),
    ]
    assert len(notices) == 1 and "color" in notices[0]


def test_count_rows(tmp_path: Path) -> None:
    csv_path = tmp_path / "in.csv"
    csv_path.write_text("name\nA\n\nB\n", encoding="utf-8")
    jsonl = tmp_path / "in.jsonl"
    jsonl.write_text('{"name": "A"}\n{"name": "B"}\n{"name": "C"}\n', encoding="utf-8")
    assert count_rows(csv_path) == 2
    assert count_rows(jsonl) == 3
    assert count_rows("-") is None


def test_institution_key_ignores_case_accents_and_spaces() -> None:
    a = Institution(name="Université  Exemple", domain="https://www.univ-exemple.fr/")
    b = Institution(name="universite exemple", domain="univ-exemple.fr")
    assert institution_key(a) == institution_key(b)
    assert institution_key(a) != institution_key(Institution(name="Université Exemple"))
    assert batch.letter_slug(a) == "universite-exemple-univ-exemple-fr"


def test_every_column_name_is_in_the_help_and_the_docs() -> None:
    from quitx.cli.batch import columns_help

    help_text = columns_help()
    docs = (Path(__file__).resolve().parents[3] / "docs" / "batch.md").read_text(encoding="utf-8")
    for column, names in batch.COLUMN_NAMES.items():
        assert names[0] == column
        assert f"  {column} " in help_text and ", ".join(names[1:]) in help_text
        row = next(line for line in docs.splitlines() if line.startswith(f"| `{column}` |"))
        assert row.split("|")[2].strip() == ", ".join(f"`{n}`" for n in names[1:])


def test_jsonl_keys_go_by_the_columns_names_too(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    rows = [
        {
            "nom": "Mairie X",
            "domaine": "mairie.fr",
            "comptes": ["@m@x.fr"],
            "type": "mairie",
            "ville": "Lyon",
        },
        {"name": "B", "nom": "C"},  # two names: the first wins, the other is said
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    good, bad, notices = rows_of(path)
    assert not bad
    assert [(i.name, i.domain, i.handles, i.kind) for i in good] == [
        ("Mairie X", "mairie.fr", ("@m@x.fr",), InstitutionKind.LOCAL_GOVERNMENT),
        ("B", None, (), None),
    ]
    assert len(notices) == 1 and "ville" in notices[0]
