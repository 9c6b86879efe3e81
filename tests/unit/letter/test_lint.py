"""The letter lint over every golden letter and over a grid of institution names × sectors × both
letters × both languages (offline and checked): French typography, no ISO date, no markup leaking
into the text or the HTML, no name twice in a sentence, no heading repeating the sentence before
it, the sender's voice, the closing formula, English without a stray article — and the length."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from tests.unit.letter.letters import absent, present_verified, unknown
from tests.unit.letter.lint import body, leaked_markup, letter_blocks, lint, words

from quitx.doc import Document, Heading, Paragraph, Text, to_text
from quitx.i18n.naming import naming
from quitx.i18n.sectors import sector_of
from quitx.letter.compose import LetterOptions, Sender, compose
from quitx.models import Institution, InstitutionKind, Report
from quitx.page import to_html

K = InstitutionKind
GOLDEN = Path(__file__).parents[2] / "golden" / "letters"
DATE = dt.date(2026, 12, 7)

NAMES = (
    "Université Rennes 2",
    "Université de Strasbourg",
    "Aix-Marseille Université",
    "Nantes Université",
    "Université Paris-Saclay",
    "Université Bordeaux Montaigne",
    "Université Jean Moulin Lyon 3",
    "Sorbonne Université",
    "Université de Lille",
    "Université Grenoble Alpes",
    "École polytechnique",
    "École normale supérieure de Lyon",
    "EPFL",
    "Sciences Po",
    "Sciences Po Toulouse",
    "EHESS",
    "INSA Lyon",
    "IUT de Lannion",
    "CentraleSupélec",
    "HEC Paris",
    "CNRS",
    "Centre national de la recherche scientifique",
    "Inserm",
    "Inria",
    "INRAE",
    "CEA",
    "CNES",
    "IRD",
    "Institut Pasteur",
    "Institut Curie",
    "Collège de France",
    "Muséum national d’histoire naturelle",
    "Observatoire de Paris",
    "Centre national d’études spatiales",
    "Agence nationale de la recherche",
    "ANR",
    "Hcéres",
    "Ademe",
    "Santé publique France",
    "Ministère de l’Éducation nationale",
    "Ministère de la Culture",
    "Préfecture du Rhône",
    "Préfecture de la Gironde",
    "Académie de Lyon",
    "Rectorat de Bordeaux",
    "Direction interministérielle du numérique",
    "Arcom",
    "CNIL",
    "Conseil d’État",
    "Cour des comptes",
    "Mairie de Lyon",
    "Ville de Paris",
    "Ville de Lyon",
    "Mairie de Brest",
    "Commune de Vénissieux",
    "Métropole de Lyon",
    "Département de la Gironde",
    "Conseil départemental du Finistère",
    "Région Bretagne",
    "Conseil régional d’Occitanie",
    "Eurométropole de Strasbourg",
    "Lycée Victor-Hugo",
    "Lycée Jean-Macé",
    "Collège Jean-Moulin",
    "Collège Anne-Frank",
    "École Jules-Ferry",
    "Groupe scolaire Pasteur",
    "CHU de Rennes",
    "Centre hospitalier de Cholet",
    "Hôpital Bichat",
    "AP-HP",
    "Hospices civils de Lyon",
    "Gustave Roussy",
    "Association Framasoft",
    "Framasoft",
    "La Quadrature du Net",
    "Fédération française de football",
    "Ligue des droits de l’Homme",
    "Fondation de France",
    "Collectif Exemple",
    "Syndicat Exemple",
    "Greenpeace France",
    "Mémorial de Caen",
    "Ouest-France",
    "Le Monde",
    "Mediapart",
    "Radio France",
    "France Télévisions",
    "Libération",
    "The Conversation",
    "AFP",
    "Michelin",
    "Decathlon",
    "SNCF",
    "La Poste",
    "Orange",
    "Exemple SAS",
    "Groupe Exemple",
    "Les Archives nationales",
    "Bibliothèque nationale de France",
    "Institut national du cancer",
    "Musée du Louvre",
)


def _lint_letter(
    institution: Institution, report: Report | None, language: str, **options: object
) -> Document:
    opts = LetterOptions.model_validate({"language": language, "date": DATE, **options})
    composed = compose(institution, report, None, opts, Sender(name="Camille Martin"))
    sector = sector_of(institution, opts.sector).sector
    names = naming(institution.name, sector)
    notre = f"notre {names.noun}" if language == "fr" else f"our {names.en_noun}"
    errors = lint(composed.document, language, names=(names.french.name,), notre=notre)
    errors += leaked_markup(to_text(composed.document.blocks), "txt")
    errors += leaked_markup(to_html(composed.document, lang=language), "html")
    assert not errors, "\n".join(errors)
    return composed.document


def test_the_grid_has_a_hundred_names() -> None:
    assert len(NAMES) >= 100 and len(set(NAMES)) == len(NAMES)


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("kind", ["standard", "finish"])
def test_the_lint_passes_over_a_hundred_names(language: str, kind: str) -> None:
    for name in NAMES:
        _lint_letter(Institution(name=name), None, language, letter=kind)


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("sector", list(InstitutionKind))
def test_the_lint_passes_in_every_sector_offline_and_checked(language: str, sector: InstitutionKind) -> None:
    for name in NAMES[::9]:
        _lint_letter(Institution(name=name), None, language, sector=sector)
    for report in (present_verified(), absent(), unknown()):
        _lint_letter(report.institution, report, language, sector=sector)
        _lint_letter(report.institution, report, language, sector=sector, letter="finish")


@pytest.mark.parametrize("path", sorted(GOLDEN.glob("*.json")), ids=lambda p: p.stem)
def test_every_golden_letter_passes_the_lint(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    data.pop("letter")
    document = Document.model_validate(data)
    language = path.stem.rsplit(".", 1)[-1]
    errors = lint(document, language)
    for fmt in ("txt", "html"):
        errors += leaked_markup((path.with_suffix(f".{fmt}")).read_text(encoding="utf-8"), fmt)
    assert not errors, "\n".join(errors)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_default_letters_prose_is_within_its_length(language: str) -> None:
    for name in NAMES:
        for kind in ("standard", "finish"):
            opts = LetterOptions(language=language, date=DATE, letter=kind)  # type: ignore[arg-type]
            document = compose(Institution(name=name), None, None, opts, Sender()).document
            count = words(body(letter_blocks(document)))
            assert count <= 650, (name, kind, count)
    long = compose(
        Institution(name="CNRS"), None, None, LetterOptions(language=language, date=DATE, long=True), Sender()
    )
    assert 650 < words(body(letter_blocks(long.document))) <= 1250


@pytest.mark.parametrize(
    "report",
    [None, present_verified(), absent(), unknown()],
    ids=["offline", "verified", "absent", "unknown"],
)
def test_the_french_and_english_letters_say_the_same_things(report: Report | None) -> None:
    institution = report.institution if report else Institution(name="Université Rennes 2")
    made = {
        language: compose(institution, report, None, LetterOptions(language=language, date=DATE), Sender())
        for language in ("fr", "en")
    }
    fr, en = made["fr"], made["en"]
    assert (fr.kind, fr.claims) == (en.kind, en.claims)
    assert [type(b).__name__ for b in fr.document.blocks] == [type(b).__name__ for b in en.document.blocks]
    assert [len(getattr(b, "items", ())) for b in fr.document.blocks] == [
        len(getattr(b, "items", ())) for b in en.document.blocks
    ]


def test_the_lint_catches_what_it_is_for() -> None:
    def doc(*texts: str) -> Document:
        return Document(subject="s", blocks=tuple(Paragraph(children=(Text(text=t),)) for t in texts))

    bad = doc(
        "Madame, Monsieur,",
        "Le 7 décembre 2026, la Mairie de Lyon a dit : « oui » ; le 2026-12-07 la mairie de Lyon et "
        "la mairie de Lyon.",
        "Cette lettre a été préparée sans vérification en ligne.",
        "Je vous prie d’agréer, Monsieur, l’expression de mes salutations distinguées.",
    )
    rules = {e.split(":")[0] for e in lint(bad, "fr", names=("mairie de Lyon",))}
    assert {"F1", "F2", "F3", "F6", "F9", "G1", "G4", "G6", "G10"} <= rules, rules
    assert leaked_markup("Un \\[lien\\] et **gras**", "txt")
    heading = Document(
        subject="s",
        blocks=(
            Paragraph(children=(Text(text="Voici notre présence aujourd’hui."),)),
            Heading(level=2, children=(Text(text="Notre présence aujourd’hui"),)),
        ),
    )
    assert any(e.startswith("G5") for e in lint(heading, "fr"))
    english = doc("Dear Sir or Madam,", "I am writing, as a chargée at the Université Rennes 2, to you.")
    assert any(e.startswith("G12") for e in lint(english, "en"))
