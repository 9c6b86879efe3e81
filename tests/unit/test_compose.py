"""The letter's composition: status sentences from hand-built reports, sectors, grammar, sender,
templates, extra paragraphs, claims as links, and remote text kept inert."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import tests.builders as b

from quitx.doc import (
    Block,
    Bullets,
    Document,
    Heading,
    Inline,
    Link,
    Paragraph,
    Strong,
    Text,
    plain,
    to_html,
)
from quitx.letter.compose import LetterOptions, Sender, compose_letter
from quitx.models import (
    Activity,
    Confidence,
    FoundAccount,
    Institution,
    InstitutionKind,
    LinkPlatform,
    PlatformVerdict,
    Reason,
    Report,
    Verdict,
    WebsiteReport,
)

CHECKED = dt.datetime(2026, 11, 5, 9, 30, tzinfo=dt.UTC)
DATE = dt.date(2026, 11, 25)
CNRS = Institution(name="CNRS", domain="cnrs.fr")
HOSTILE = "<script>alert(1)</script> **bold** [x](javascript:alert(1)) ${institution}"


# --- hand-built reports ---------------------------------------------------------------------------


GOUV = "social.numerique.gouv.fr"


def mastodon_account(
    *,
    confidence: Confidence = Confidence.VERIFIED,
    display_name: str = "CNRS",
    followers: int = 1200,
    last_post: dt.date | None = dt.date(2026, 11, 3),
    activity: Activity = Activity.ACTIVE,
    username: str = "cnrs",
) -> FoundAccount:
    return b.mastodon(
        f"{username}@{GOUV}",
        confidence=confidence,
        activity=activity,
        last_post=last_post,
        display_name=display_name,
        followers=followers,
        last_status_at=last_post,
    )


def bluesky_account() -> FoundAccount:
    return b.bluesky(
        "cnrs.fr",
        followers=3400,
        verified_status="valid",
        last_post=dt.date(2026, 10, 1),
        reasons=("domain handle",),
    )


instance = b.instance


def website(*platforms: LinkPlatform, verdict: Verdict = Verdict.PRESENT) -> WebsiteReport:
    links = [b.link(p, f"https://{p.value}.example/cnrs") for p in platforms]
    return b.site(*links, verdict=verdict, url="https://cnrs.fr/")


def report(
    *,
    accounts: tuple[FoundAccount, ...] = (),
    mastodon: Verdict,
    bluesky: Verdict,
    instances: tuple[PlatformVerdict, ...] = (),
    site: WebsiteReport | None = None,
    institution: Institution = CNRS,
) -> Report:
    return b.report(
        *accounts,
        institution=institution,
        mastodon=mastodon,
        bluesky=bluesky,
        instances=instances,
        infos=(b.info("piaille.fr", "open"),),
        website=site,
        checked_at=CHECKED,
    )


def present_verified() -> Report:
    return report(
        accounts=(mastodon_account(), bluesky_account()),
        mastodon=Verdict.PRESENT,
        bluesky=Verdict.PRESENT,
        instances=(instance("social.numerique.gouv.fr", Verdict.PRESENT, Reason.FOUND),),
        site=website(LinkPlatform.X, LinkPlatform.FACEBOOK, LinkPlatform.MASTODON),
    )


def present_candidate(display_name: str = "CNRS (fan)") -> Report:
    return report(
        accounts=(
            mastodon_account(confidence=Confidence.CANDIDATE, display_name=display_name, username="cnrsfan"),
        ),
        mastodon=Verdict.PRESENT,
        bluesky=Verdict.ABSENT,
        instances=(instance("social.numerique.gouv.fr", Verdict.PRESENT, Reason.FOUND),),
        site=website(LinkPlatform.X),
    )


def absent() -> Report:
    return report(
        mastodon=Verdict.ABSENT,
        bluesky=Verdict.ABSENT,
        instances=(
            instance("social.numerique.gouv.fr", Verdict.ABSENT),
            instance("piaille.fr", Verdict.ABSENT),
        ),
        site=website(),
    )


def unknown() -> Report:
    return report(
        mastodon=Verdict.UNKNOWN,
        bluesky=Verdict.UNKNOWN,
        instances=(
            instance("social.numerique.gouv.fr", Verdict.ABSENT),
            instance("piaille.fr", Verdict.UNKNOWN, Reason.TIMEOUT),
        ),
        site=website(verdict=Verdict.UNKNOWN),
    )


# --- helpers --------------------------------------------------------------------------------------


def letter(
    rep: Report | None,
    *,
    language: str = "fr",
    institution: Institution = CNRS,
    sender: Sender | None = None,
    plan: list[Block] | None = None,
    **options: object,
) -> Document:
    opts = LetterOptions.model_validate({"language": language, "date": DATE, **options})
    return compose_letter(institution, rep, plan, opts, sender or Sender(name="Marie Curie", gender="f"))


def spans_of(document: Document) -> Iterator[Inline]:
    def walk(spans: tuple[Inline, ...]) -> Iterator[Inline]:
        for span in spans:
            yield span
            if not isinstance(span, Text):
                yield from walk(span.children)

    for block in document.blocks:
        if isinstance(block, Paragraph | Heading):
            yield from walk(block.children)
        elif isinstance(block, Bullets):
            for item in block.items:
                yield from walk(item)


def text(document: Document) -> str:
    out = []
    for block in document.blocks:
        if isinstance(block, Paragraph | Heading):
            out.append(plain(block.children))
        elif isinstance(block, Bullets):
            out.extend(plain(item) for item in block.items)
    return "\n".join(out)


# --- status ---------------------------------------------------------------------------------------


def test_present_and_verified_in_french() -> None:
    body = text(letter(present_verified()))
    assert (
        "Le CNRS dispose déjà d’un compte Mastodon, @cnrs@social.numerique.gouv.fr, vérifié, "
        "1\u202f200 abonnés, dernier message le 3 novembre 2026." in body
    )
    assert (
        "Le CNRS dispose déjà d’un compte Bluesky, @cnrs.fr, vérifié, avec la coche bleue de Bluesky" in body
    )
    assert "Notre site (https://cnrs.fr/) renvoie encore vers X et Facebook." in body
    assert "Notre site renvoie déjà vers Mastodon." in body
    assert "D’après une vérification faite le 5 novembre 2026" in body


def test_present_and_verified_in_english() -> None:
    body = text(letter(present_verified(), language="en"))
    assert (
        "The CNRS already has a Mastodon account, @cnrs@social.numerique.gouv.fr, verified, "
        "1,200 followers, last post on 3 November 2026." in body
    )
    assert "Our website (https://cnrs.fr/) still links to X and Facebook." in body


def test_accounts_link_to_their_profiles() -> None:
    links = [s for s in spans_of(letter(present_verified())) if isinstance(s, Link)]
    assert any(
        link.url == "https://social.numerique.gouv.fr/@cnrs"
        and plain(link.children) == "@cnrs@social.numerique.gouv.fr"
        for link in links
    )


def test_a_candidate_is_not_claimed_as_the_institutions() -> None:
    body = text(letter(present_candidate()))
    assert "porte son nom, mais rien ne le relie au CNRS" in body
    assert "dispose déjà" not in body
    body_en = text(letter(present_candidate(), language="en"))
    assert "nothing links it to the CNRS" in body_en


def test_a_dormant_account_says_since_when() -> None:
    dormant = mastodon_account(activity=Activity.DORMANT, last_post=dt.date(2025, 3, 1))
    rep = report(accounts=(dormant,), mastodon=Verdict.PRESENT, bluesky=Verdict.ABSENT)
    assert "sans message depuis le 1er mars 2025" in text(letter(rep))


def test_absent_is_worded_as_found_nothing() -> None:
    body = text(letter(absent()))
    assert "Nous n’avons trouvé aucun compte du CNRS ni sur Mastodon ni sur Bluesky." in body
    assert "ne renvoie ni vers X ni vers les réseaux de Meta" in body
    assert "We found no account of the CNRS on either Mastodon or Bluesky." in text(
        letter(absent(), language="en")
    )


@pytest.mark.parametrize("language", ["fr", "en"])
def test_unknown_never_becomes_absent(language: str) -> None:
    body = text(letter(unknown(), language=language))
    if language == "fr":
        assert "mais nous n’avons pas pu vérifier piaille.fr (piaille.fr ne répondait pas)" in body
        assert (
            "Nous n’avons pas pu vérifier la présence du CNRS sur Bluesky (le service ne répondait pas)"
            in body
        )
        assert "Nous n’avons pas pu lire notre page d’accueil" in body
        assert "ni sur Mastodon ni sur Bluesky" not in body
        assert "aucun compte Bluesky" not in body
    else:
        assert "could not check piaille.fr (piaille.fr did not respond)" in body
        assert "We could not check whether the CNRS is on Bluesky (the service did not respond)." in body
        assert "either Mastodon or Bluesky" not in body


def test_an_instance_down_next_to_an_account_found_is_said() -> None:
    rep = report(
        accounts=(mastodon_account(),),
        mastodon=Verdict.PRESENT,
        bluesky=Verdict.ABSENT,
        instances=(
            instance("social.numerique.gouv.fr", Verdict.PRESENT, Reason.FOUND),
            instance("piaille.fr", Verdict.UNKNOWN, Reason.UNAUTHORIZED),
        ),
    )
    assert "Nous n’avons pas pu consulter piaille.fr, qui refuse les consultations anonymes." in text(
        letter(rep)
    )


@pytest.mark.parametrize("language", ["fr", "en"])
def test_offline_says_not_checked(language: str) -> None:
    body = text(letter(None, language=language))
    if language == "fr":
        assert "Nous n’avons pas vérifié l’existence d’un compte du CNRS sur Mastodon ou sur Bluesky." in body
        assert "aucun compte" not in body and "pas pu" not in body
    else:
        assert "We did not check whether the CNRS already has an account" in body
        assert "found no" not in body


def test_registration_modes_are_only_stated_as_read() -> None:
    assert "inscriptions ouvertes, constaté le 5 novembre 2026" in text(letter(absent()))
    assert "inscriptions" not in text(letter(None))


# --- sectors, grammar, sender ---------------------------------------------------------------------


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
    research = text(letter(None, sector=InstitutionKind.RESEARCH))
    public = text(letter(None, sector=InstitutionKind.PUBLIC_ADMINISTRATION))
    school = text(letter(None, sector=InstitutionKind.SCHOOL))
    assert "intégrité scientifique" in research and "Polytechnique" in research
    assert "neutralité du service public" in public and "social.numerique.gouv.fr" in public
    assert "élèves" in school
    assert "Rennes 2" not in school  # no university precedent in a school's letter
    assert "Une instance à notre nom" not in school


def test_sector_defaults_to_the_institutions_kind() -> None:
    city = Institution(name="Ville de Lyon", domain="lyon.fr", kind=InstitutionKind.LOCAL_GOVERNMENT)
    body = text(letter(None, institution=city))
    assert "La Ville de Paris" in body
    assert "de la Ville de Lyon" in body


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("CNRS", "la présence du CNRS"),
        ("Université Rennes 2", "la présence de l’Université Rennes 2"),
        ("Inria", "la présence d’Inria"),
        ("Archives nationales", "la présence des Archives nationales"),
    ],
)
def test_french_forms_of_the_name(name: str, expected: str) -> None:
    assert expected in text(letter(None, institution=Institution(name=name)))


def test_plural_names_agree() -> None:
    archives = Institution(name="Archives nationales", domain="archives-nationales.culture.gouv.fr")
    rep = report(
        accounts=(mastodon_account(),), mastodon=Verdict.PRESENT, bluesky=Verdict.ABSENT, institution=archives
    )
    assert "Les Archives nationales disposent déjà d’un compte Mastodon" in text(
        letter(rep, institution=archives)
    )


def test_article_override() -> None:
    body = text(letter(None, institution=Institution(name="Mutuelle Exemple"), article="la", gender="f"))
    assert "la présence de la Mutuelle Exemple" in body


@pytest.mark.parametrize(
    ("gender", "role", "ready"),
    [("f", "permanente", "prête"), ("m", "permanent", "prêt"), ("n", "permanent·e", "prêt·e")],
)
def test_sender_agreement(gender: str, role: str, ready: str) -> None:
    sender = Sender.model_validate(
        {"name": "C. Dupont", "gender": gender, "role_m": "permanent", "role_f": "permanente"}
    )
    body = text(letter(None, sender=sender))
    assert f"En tant que {role} du CNRS" in body
    assert f"je suis {ready} à contribuer" in body


def test_sender_without_a_role_or_name() -> None:
    body = text(letter(None, sender=Sender()))
    assert "En tant que membre du personnel du CNRS" in body
    assert "[Prénom Nom]" in body
    assert "As a member of staff at the CNRS" in text(letter(None, language="en", sender=Sender()))


# --- claims in the letter -------------------------------------------------------------------------


def test_claims_are_links_to_their_sources() -> None:
    links = {s.url for s in spans_of(letter(None)) if isinstance(s, Link)}
    assert (
        "https://www.liberation.fr/economie/economie-numerique/polytechnique-x-quitte-x-20250110_3FTVJ66LQBFNTHMUBDY3SS4VHY/"
        in links
    )
    assert "https://about.fb.com/news/2025/01/meta-more-speech-fewer-mistakes/" in links


def test_the_tense_follows_the_letters_date() -> None:
    assert "appelle à quitter X tous ensemble le 20 janvier 2025" in text(
        letter(None, date=dt.date(2025, 1, 15))
    )
    body = text(letter(None, date=dt.date(2026, 2, 1)))
    assert "a organisé un départ coordonné de X le 20 janvier 2025" in body
    assert "appelle" not in body


def test_a_letter_before_metas_changes_has_no_meta_section() -> None:
    body = text(letter(None, date=dt.date(2024, 6, 1)))
    assert "Et Meta" not in body
    assert "Rennes 2" in body and "Polytechnique" not in body


def test_unverified_claims_only_on_request() -> None:
    assert "Le CNRS s’y est installé" not in text(letter(None))
    assert "Le CNRS s’y est installé" in text(letter(None, include_unverified=True))


# --- customisation --------------------------------------------------------------------------------


def test_a_user_template_overrides_a_block(tmp_path: Path) -> None:
    (tmp_path / "fr").mkdir()
    (tmp_path / "fr" / "greeting.md").write_text("Chère direction ${name_de},\n", encoding="utf-8")
    (tmp_path / "closing.md").write_text("Bien à vous,\n", encoding="utf-8")
    document = letter(None, template_dir=tmp_path)
    first = document.blocks[0]
    assert isinstance(first, Paragraph) and plain(first.children) == "Chère direction du CNRS,"
    assert "Bien à vous," in text(document)
    assert "salutations distinguées" not in text(document)


def test_a_users_generic_file_beats_quitxs_sector_variant(tmp_path: Path) -> None:
    (tmp_path / "opening.md").write_text("Mon introduction.\n", encoding="utf-8")
    body = text(letter(None, template_dir=tmp_path, sector=InstitutionKind.RESEARCH))
    assert "Mon introduction." in body and "intégrité scientifique que" not in body


def test_an_unknown_placeholder_in_a_user_template_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "greeting.md").write_text("Bonjour ${nope}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="greeting"):
        letter(None, template_dir=tmp_path)


def test_extra_paragraphs_go_before_the_ask() -> None:
    document = letter(None, extra_paragraphs=("Un **point** de plus pour ${name_le}.",))
    body = text(document).splitlines()
    extra = body.index("Un point de plus pour le CNRS.")
    assert body[extra + 1] == "Ma demande"


def test_the_plan_follows_its_introduction() -> None:
    plan: list[Block] = [Heading(level=3, children=(Text(text="Étape 1"),))]
    document = letter(absent(), plan=plan)
    assert document.blocks[-1] == plan[0]
    assert "Proposition de plan de migration" in text(document)
    assert "Proposition de plan" not in text(letter(absent()))


# --- remote text stays inert ----------------------------------------------------------------------


def test_hostile_display_names_stay_text() -> None:
    document = letter(present_candidate(display_name=HOSTILE))
    texts = [s.text for s in spans_of(document) if isinstance(s, Text)]
    assert any(HOSTILE in t for t in texts)
    for span in spans_of(document):
        if isinstance(span, Link):
            assert span.url.startswith("https://"), span.url
        if isinstance(span, Strong):
            assert "bold" not in plain(span.children)
    html = to_html(document, lang="fr")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'href="javascript' not in html
