"""The letter's composition: which letter (usual or finishing), the addressee never its own
precedent, the sector read from the name, the French frame and the sender's voice, claims, extra
paragraphs and the plan."""

from __future__ import annotations

import datetime as dt

import pytest
from tests.unit.letter.letters import (
    absent,
    letter,
    present_candidate,
    present_verified,
    report,
    spans_of,
    text,
    unknown,
    website,
)

from quitx.doc import Block, Heading, Lines, Link, Paragraph, Text, plain
from quitx.letter.compose import LetterOptions, Sender, compose
from quitx.letter.frame import Addressee
from quitx.models import Institution, InstitutionKind, LinkPlatform, Verdict

K = InstitutionKind
NBSP = "\u00a0"
RENNES2 = Institution(name="Université Rennes 2", domain="univ-rennes2.fr")


def one_line(body: str) -> str:
    return " ".join(body.replace(NBSP, " ").replace("\u202f", " ").split())


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("sector", list(InstitutionKind))
@pytest.mark.parametrize("scenario", [present_verified, present_candidate, absent, unknown, None])
def test_every_sector_and_scenario_composes(language: str, sector: InstitutionKind, scenario: object) -> None:
    rep = scenario() if callable(scenario) else None
    document = letter(rep, language=language, sector=sector)
    body = text(document)
    assert document.subject
    assert "${" not in body
    assert "  " not in body
    if rep is None or rep.bluesky.verdict is Verdict.UNKNOWN:
        assert "aucun compte Bluesky" not in body and "no Bluesky account" not in body


def test_sectors_argue_differently() -> None:
    research = one_line(text(letter(None, sector=K.RESEARCH)))
    public = one_line(text(letter(None, sector=K.PUBLIC_ADMINISTRATION)))
    school = one_line(text(letter(None, sector=K.SCHOOL)))
    assert "institution scientifique" in research and "École polytechnique" in research
    assert "social.numerique.gouv.fr" in public
    assert "élèves" in school
    assert "Rennes 2" not in school  # no university precedent in a school's letter


def test_the_sector_is_read_from_the_name() -> None:
    lyon = compose(
        Institution(name="Mairie de Lyon"), None, None, LetterOptions(date=dt.date(2026, 12, 7)), Sender()
    )
    assert lyon.sector.sector is K.LOCAL_GOVERNMENT and lyon.sector.source == "name"
    assert any(
        "sector: local government (--sector local_government, read from the name: 'Mairie'" in str(n)
        for n in lyon.notices
    )
    # in the run's language: the sector in words, its code as the option that changes it
    french = [n.text("fr") for n in lyon.notices]
    assert any("secteur\u00a0: collectivité territoriale (--sector local_government, lu" in t for t in french)
    assert any(
        "lettre\u00a0: celle qui prend acte du départ de X (--letter finish\u202f; l’affirmation" in t
        for t in french
    )
    body = one_line(text(lyon.document))
    assert "la Ville de Lyon" in body and "communauté scientifique" not in body


@pytest.mark.parametrize(
    ("institution", "own_claim"),
    [
        (RENNES2, "Rennes 2 [a mis son compte X en veille"),
        (Institution(name="Université de Strasbourg"), "L’université de Strasbourg a quitté X"),
        (Institution(name="Mairie de Lyon", domain="lyon.fr"), "La Ville de Lyon a quitté X"),
        (Institution(name="Institut Pasteur", domain="pasteur.fr"), "L’Institut Pasteur a suspendu"),
    ],
)
def test_the_addressee_is_never_cited_as_someone_else(institution: Institution, own_claim: str) -> None:
    composed = compose(institution, None, None, LetterOptions(date=dt.date(2026, 12, 7)), Sender())
    body = one_line(text(composed.document))
    assert own_claim.split("[")[0] not in body
    assert composed.kind == "finish"
    assert "C’est une décision" not in body and "C’était une décision juste" in body


def test_the_finishing_letter_thanks_with_the_self_form_and_lists_the_steps() -> None:
    composed = compose(RENNES2, None, None, LetterOptions(date=dt.date(2026, 12, 7)), Sender())
    body = one_line(text(composed.document))
    assert "Dès le 31 août 2023, notre université a mis son compte X en veille" in body
    assert "Envisagez-vous de quitter X" not in body and "cesse de publier sur X" not in body
    assert "Bridgy Fed" in body and "(@univ-rennes2.fr)" in body
    assert composed.because == "exit_claim"
    assert "claim rennes2-leaves-x says it already left X" in str(composed.notices[0])


def test_the_letter_can_be_forced() -> None:
    options = LetterOptions(date=dt.date(2026, 12, 7), letter="standard")
    composed = compose(RENNES2, None, None, options, Sender())
    assert composed.kind == "standard"
    # even forced, the addressee is not its own precedent
    assert "L’université Rennes 2 a mis" not in one_line(text(composed.document))
    forced = compose(
        Institution(name="CNRS"), None, None, options.model_copy(update={"letter": "finish"}), Sender()
    )
    assert forced.kind == "finish" and "Notre organisme a déjà pris ses distances avec X" in one_line(
        text(forced.document)
    )


def test_a_homepage_that_left_x_for_mastodon_gets_the_finishing_letter() -> None:
    rep = report(
        mastodon=Verdict.ABSENT,
        bluesky=Verdict.ABSENT,
        site=website(LinkPlatform.MASTODON),
    )
    composed = compose(rep.institution, rep, None, LetterOptions(date=dt.date(2026, 12, 7)), Sender())
    assert composed.kind == "finish"
    assert "ne renvoie plus vers X" in one_line(text(composed.document))


def test_the_french_frame() -> None:
    to = Addressee(title="president", gender="f", service="Cabinet de la présidence")
    options = LetterOptions(date=dt.date(2026, 12, 1), place="Rennes", to=to)
    document = compose(RENNES2, None, None, options, Sender(name="Jeanne Dupont")).document
    lines = [tuple(plain(row) for row in b.items) for b in document.blocks if isinstance(b, Lines)]
    assert ("Jeanne Dupont", "Université Rennes 2") in lines
    assert ("Madame la Présidente", "Cabinet de la présidence", "Université Rennes 2") in lines
    assert tuple(x.replace(NBSP, " ") for x in lines[2]) == ("Rennes, le 1er décembre 2026",)
    paragraphs = [plain(b.children) for b in document.blocks if isinstance(b, Paragraph)]
    assert paragraphs[0] == f"Objet{NBSP}: suites du départ de X"
    assert paragraphs[1] == "Madame la Présidente,"
    assert (
        "Je vous prie d’agréer, Madame la Présidente, l’expression de mes respectueuses salutations."
        in paragraphs
    )


@pytest.mark.parametrize(
    ("institution", "sender", "expected"),
    [
        (Institution(name="CNRS"), Sender(), "Membre du personnel du CNRS, je"),
        (
            Institution(name="Institut Pasteur"),
            Sender(role="chercheuse"),
            "Chercheuse à l’Institut Pasteur, je",
        ),
        (
            Institution(name="Université Rennes 2"),
            Sender(role="maître de conférences/maîtresse de conférences", gender="f"),
            "Maîtresse de conférences à l’université Rennes 2, je",
        ),
        (Institution(name="Mairie de Lyon"), Sender(gender="f"), "Agente de la Ville de Lyon, je"),
        (Institution(name="Mairie de Lyon"), Sender(), "Membre du personnel de la Ville de Lyon, je"),
        (Institution(name="Association Framasoft"), Sender(), "Membre de l’association Framasoft, je"),
        (
            Institution(name="Collège Jean-Moulin"),
            Sender(relation="parent"),
            "Parent d’élève au collège Jean-Moulin",
        ),
        (Institution(name="CNRS"), Sender(role="chargée de mission|à"), "Chargée de mission au CNRS, je"),
    ],
)
def test_the_senders_relation(institution: Institution, sender: Sender, expected: str) -> None:
    document = compose(institution, None, None, LetterOptions(date=dt.date(2026, 12, 7)), sender).document
    body = one_line(text(document))
    assert expected.replace(NBSP, " ") in body
    assert "·" not in body and "prêt" not in body  # no inclusive form, no agreement of the sender


def test_no_name_twice_in_a_sentence_and_notre_after_the_first_mention() -> None:
    body = one_line(text(letter(None, institution=RENNES2, letter="standard")))
    assert body.count("Rennes 2") == 1
    assert "notre université" in body


def test_an_outsider_says_votre() -> None:
    composed = compose(
        Institution(name="Collège Jean-Moulin"),
        None,
        None,
        LetterOptions(date=dt.date(2026, 12, 7)),
        Sender(relation="parent"),
    )
    body = one_line(text(composed.document))
    assert "votre collège" in body and "notre collège" not in body


def test_offline_speaks_in_the_senders_voice() -> None:
    for language in ("fr", "en"):
        body = one_line(text(letter(None, language=language)))
        assert "Cette lettre a été préparée" not in body and "Nous n’avons pas vérifié" not in body
        assert "This letter was prepared" not in body
    assert "Je n’ai pas vérifié, avant de vous écrire" in one_line(text(letter(None)))
    assert "Je n’ai pas vérifié" not in one_line(text(letter(None, presence=False)))


def test_english_names_carry_no_stray_article() -> None:
    body = one_line(text(letter(None, language="en", institution=RENNES2, letter="standard")))
    assert "the Université" not in body
    lyon = one_line(text(letter(None, language="en", institution=Institution(name="Mairie de Lyon"))))
    assert "the City of Lyon" in lyon
    role = one_line(text(letter(None, language="en", sender=Sender(role="chargée de recherche", gender="f"))))
    assert "as a research scientist at the CNRS" in role and "chargé" not in role


def test_claims_are_links_to_their_sources() -> None:
    links = {s.url for s in spans_of(letter(None)) if isinstance(s, Link)}
    assert "https://about.fb.com/news/2025/01/meta-more-speech-fewer-mistakes/" in links


def test_the_facts_of_2026_are_in_the_default_letter() -> None:
    body = one_line(text(letter(None, date=dt.date(2026, 12, 7))))
    assert "120 millions d’euros" in body
    assert "parquet de Paris" in body


def test_the_tense_follows_the_letters_date() -> None:
    before = one_line(text(letter(None, date=dt.date(2025, 1, 5))))
    assert "120 millions" not in before and "École polytechnique" not in before


def test_stale_claims_are_said() -> None:
    composed = compose(
        Institution(name="CNRS"), None, None, LetterOptions(date=dt.date(2028, 6, 1)), Sender()
    )
    assert composed.stale
    assert any("more than 12 months older" in str(n) for n in composed.notices)
    fresh = compose(Institution(name="CNRS"), None, None, LetterOptions(date=dt.date(2026, 12, 7)), Sender())
    assert not fresh.stale


def test_unverified_claims_only_on_request() -> None:
    assert "s’y est installé" not in text(letter(None, long=True))
    assert "Bordeaux" not in text(letter(None, long=True))
    assert "Bordeaux" in text(letter(None, long=True, include_unverified=True))


def test_the_default_letter_is_within_its_length_and_the_long_one_is_longer() -> None:
    def words(document: object) -> int:
        body = [b for b in document.blocks if isinstance(b, Paragraph | Heading) or hasattr(b, "items")]  # type: ignore[attr-defined]
        return len(text(document).split()) if body else 0  # type: ignore[arg-type]

    default = words(letter(None, date=dt.date(2026, 12, 7)))
    assert default <= 700, default
    assert words(letter(None, date=dt.date(2026, 12, 7), long=True)) > default + 200


def test_extra_paragraphs_go_before_the_ask() -> None:
    document = letter(None, extra_paragraphs=("Un point à ajouter.",))
    body = [plain(b.children) for b in document.blocks if isinstance(b, Paragraph)]
    extra = body.index("Un point à ajouter.")
    assert body[extra + 1].startswith("Je souhaiterais")


def test_the_plan_follows_its_introduction() -> None:
    plan: list[Block] = [Heading(level=3, children=(Text(text="Semaine 1"),))]
    document = letter(absent(), plan=plan)
    assert document.blocks[-1] == plan[0]
    assert "P. J.\u00a0: le plan de migration proposé" in text(document) and "en dernière page" in text(
        document
    )
    assert "P. J." not in text(letter(absent()))


def test_a_forced_finishing_letter_never_says_the_site_left_x_when_it_did_not() -> None:
    rep = present_verified()  # its homepage still links to X
    options = LetterOptions(date=dt.date(2026, 12, 7), letter="finish")
    body = one_line(text(compose(rep.institution, rep, None, options, Sender()).document))
    assert "ne renvoie plus vers X" not in body
    assert "Notre organisme a déjà pris ses distances avec X." in body


def test_the_request_knows_which_accounts_the_check_found() -> None:
    assert "se dote de comptes vérifiés sur Bluesky et sur Mastodon" in one_line(text(letter(absent())))
    assert "se dote de comptes vérifiés sur Bluesky et sur Mastodon" in one_line(text(letter(None)))
    verified = one_line(text(letter(present_verified())))
    assert "fasse de ses comptes vérifiés sur Bluesky et sur Mastodon ses canaux principaux" in verified
    assert "se dote de comptes" not in verified


def test_a_gendered_role_without_the_senders_gender_is_said_and_replaced() -> None:
    options = LetterOptions(date=dt.date(2026, 12, 7))
    composed = compose(
        Institution(name="Mairie de Lyon"), None, None, options, Sender(role="chercheur/chercheuse")
    )
    assert "Membre du personnel de la Ville de Lyon, je" in one_line(text(composed.document))
    assert any('wrote "membre du personnel"' in str(n) for n in composed.notices)
    inclusive = compose(
        Institution(name="Mairie de Lyon"), None, None, options, Sender(relation="agent", inclusive=True)
    )
    assert "Agent·e de la Ville de Lyon, je" in one_line(text(inclusive.document))
