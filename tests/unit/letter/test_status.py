"""What the check found, in the letter: accounts with their facts, lookalikes, absent worded as
"found nothing", unknown never as absent, offline as not checked, remote text inert."""

from __future__ import annotations

import datetime as dt

import pytest
from tests.unit.letter.letters import (
    HOSTILE,
    absent,
    instance,
    letter,
    mastodon_account,
    present_candidate,
    present_verified,
    report,
    spans_of,
    text,
    unknown,
)

from quitx.doc import Document, Link, Strong, Text, plain
from quitx.models import Activity, InstitutionKind, Reason, Verdict
from quitx.page import to_html


def flat(document: Document) -> str:
    """The text on one line, no-break spaces as spaces: phrases read as written."""
    return " ".join(text(document).replace("\u00a0", " ").replace("\u202f", " ").split())


def test_present_and_verified_in_french() -> None:
    body = flat(letter(present_verified()))
    assert (
        "Le 5 novembre 2026, j’ai vérifié la présence de notre organisme sur les réseaux ouverts : "
        "il dispose déjà d’un compte Mastodon, @cnrs@social.numerique.gouv.fr (vérifié, 1 200 abonnés, "
        "dernier message le 3 novembre 2026) ; il dispose aussi d’un compte Bluesky, @cnrs.fr (vérifié, "
        "avec la coche bleue de Bluesky" in body
    )
    assert "Notre page d’accueil renvoie encore vers X et Facebook, et déjà vers Mastodon." in body


def test_present_and_verified_in_english() -> None:
    body = flat(letter(present_verified(), language="en"))
    assert (
        "On 5 November 2026, I checked whether our organisation is on the open networks: it already has "
        "a Mastodon account, @cnrs@social.numerique.gouv.fr (verified, 1,200 followers, last post on "
        "3 November 2026); it also has a Bluesky account" in body
    )
    assert "Our homepage still links to X and Facebook, and already to Mastodon." in body


def test_a_check_made_the_day_of_the_letter_says_before_writing() -> None:
    body = flat(letter(present_verified(), date=present_verified().checked_at.date()))
    assert "Avant de vous écrire, j’ai vérifié la présence de notre organisme" in body


def test_accounts_link_to_their_profiles() -> None:
    links = [s for s in spans_of(letter(present_verified())) if isinstance(s, Link)]
    assert any(
        link.url == "https://social.numerique.gouv.fr/@cnrs"
        and plain(link.children) == "@cnrs@social.numerique.gouv.fr"
        for link in links
    )


def test_a_candidate_is_not_claimed_as_the_institutions() -> None:
    body = flat(letter(present_candidate()))
    assert "porte son nom, mais rien ne prouve son authenticité (compte tiers, voire usurpation)" in body
    assert "dispose déjà" not in body
    body_en = flat(letter(present_candidate(), language="en"))
    assert "bears its name, but nothing shows that it is genuine" in body_en


def test_a_dormant_account_says_since_when() -> None:
    dormant = mastodon_account(activity=Activity.DORMANT, last_post=dt.date(2025, 3, 1))
    rep = report(accounts=(dormant,), mastodon=Verdict.PRESENT, bluesky=Verdict.ABSENT)
    assert "sans message depuis le 1er mars 2025" in flat(letter(rep))


def test_absent_is_worded_as_found_nothing() -> None:
    body = flat(letter(absent()))
    assert "je n’ai trouvé aucun compte à son nom, ni sur Mastodon, ni sur Bluesky." in body
    assert "Notre page d’accueil ne renvoie ni vers X ni vers les réseaux de Meta." in body
    assert "I found no account in its name, either on Mastodon or on Bluesky." in flat(
        letter(absent(), language="en")
    )


@pytest.mark.parametrize("language", ["fr", "en"])
def test_unknown_never_becomes_absent(language: str) -> None:
    body = flat(letter(unknown(), language=language))
    if language == "fr":
        assert "mais je n’ai pas pu consulter piaille.fr (piaille.fr ne répondait pas)" in body
        assert "je n’ai pas pu vérifier sa présence sur Bluesky (le service ne répondait pas)." in body
        assert "Je n’ai pas pu lire notre page d’accueil" in body
        assert "ni sur Mastodon, ni sur Bluesky" not in body
        assert "aucun compte Bluesky" not in body
    else:
        assert "could not search piaille.fr (piaille.fr did not respond)" in body
        assert "I could not check whether it is on Bluesky (the service did not respond)." in body
        assert "either on Mastodon or on Bluesky" not in body


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
    assert "; je n’ai pas pu consulter piaille.fr, qui refuse les consultations anonymes ;" in flat(
        letter(rep)
    )


@pytest.mark.parametrize("language", ["fr", "en"])
def test_offline_says_not_checked(language: str) -> None:
    body = flat(letter(None, language=language))
    if language == "fr":
        assert "Je n’ai pas vérifié, avant de vous écrire, si notre organisme dispose déjà de comptes" in body
        assert "aucun compte" not in body and "pas pu" not in body
    else:
        assert "I did not check whether our organisation already has accounts" in body
        assert "found no" not in body


def test_registration_modes_are_only_stated_as_read() -> None:
    assert "J’ai constaté le 5 novembre 2026 que les inscriptions y étaient ouvertes." in flat(
        letter(absent(), sector=InstitutionKind.COMPANY)
    )
    assert "inscriptions" not in text(letter(None))


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
