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

from quitx.doc import Link, Strong, Text, plain
from quitx.models import Activity, Reason, Verdict
from quitx.page import to_html


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
