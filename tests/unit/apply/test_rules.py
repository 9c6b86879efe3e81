"""apply's pure rules on real payload shapes: which field is the website's, whose account it is,
which post is the announcement, the facets, the official bio."""

from __future__ import annotations

from typing import Any

import pytest
from tests.unit.apply.support import (
    BLUESKY,
    CREDS,
    DID,
    LABO,
    MASTODON,
    ME,
    SETTINGS,
    SKY,
    _found,
    _plan,
    _report,
)

from quitx.apply import (
    ApplyError,
    ErrorKind,
    aapply_steps,
)
from quitx.apply.rules import (
    BlueskyIdentity,
    Field,
    MastodonIdentity,
    bluesky_facets,
    fields_payload,
    is_bluesky_announcement,
    is_homepage_link,
    is_mastodon_announcement,
    is_profile_url,
    official_bio,
    owner_of_bluesky,
    owner_of_mastodon,
    plan_fields,
)
from quitx.errors import UsageError
from quitx.models import (
    Confidence,
    Institution,
)

# --- the website field -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://labo-exemple.fr", True),
        ("https://labo-exemple.fr/", True),
        ("http://www.labo-exemple.fr/", True),
        ("  https://LABO-EXEMPLE.fr  ", True),
        ("https://labo-exemple.fr/equipe", False),  # a page of the site is not the website field
        ("https://labo-exemple.fr/?utm=1", False),
        ("labo-exemple.fr", False),  # not a link Mastodon can verify
        ("https://sub.labo-exemple.fr", False),
        ("https://labo-exemple.fr.evil.example", False),
        ("Mon site : https://labo-exemple.fr", False),
    ],
)
def test_which_field_is_the_website(value: str, expected: bool) -> None:
    assert is_homepage_link(value, LABO) is expected


def test_the_homepage_given_counts_too() -> None:
    inst = Institution(name="Labo", domain="https://labo-exemple.fr/fr/accueil")
    assert is_homepage_link("https://labo-exemple.fr/fr/accueil/", inst)
    assert is_homepage_link("https://labo-exemple.fr", inst)


def test_fields_are_kept_as_typed_and_the_website_added() -> None:
    current = [Field("Labo", "UMR 0000 & CNRS <b>"), Field("Équipe", "https://labo-exemple.fr/equipe")]
    fp = plan_fields(current, LABO, "fr")
    assert fp.state == "add" and fp.index == 2
    assert fp.fields == (
        ("Labo", "UMR 0000 & CNRS <b>"),
        ("Équipe", "https://labo-exemple.fr/equipe"),
        ("Site web", "https://labo-exemple.fr"),
    )
    assert fields_payload(fp.fields).splitlines()[1] == "fields_attributes[0][value]=UMR 0000 & CNRS <b>"
    assert "(inchangé)" in fp.diff("fr").splitlines()[0] and "(ajouté)" in fp.diff("fr").splitlines()[2]


def test_a_field_already_there_is_done_or_checked_again() -> None:
    verified = [Field("Site", "https://labo-exemple.fr/", "2026-03-02T09:15:27.004+00:00")]
    assert plan_fields(verified, LABO, "en").state == "done"
    unverified = [Field("Site", "https://labo-exemple.fr/")]
    fp = plan_fields(unverified, LABO, "en")
    assert fp.state == "recheck" and fp.fields == (("Site", "https://labo-exemple.fr/"),)


def test_a_full_profile_updates_only_a_website_field_off_the_site() -> None:
    three = [Field("Un", "1"), Field("Deux", "2"), Field("Trois", "3")]
    fp = plan_fields([*three, Field("Website", "https://old-name.fr")], LABO, "en")
    assert fp.state == "update" and fp.fields[3] == ("Website", "https://labo-exemple.fr")
    assert "replaces" in fp.diff("en").splitlines()[3]
    with pytest.raises(ApplyError) as refused:
        plan_fields([*three, Field("Site web", "https://labo-exemple.fr/equipe")], LABO, "fr")
    assert refused.value.kind is ErrorKind.PRECONDITION and "4 champs" in refused.value.message


# --- whose account -----------------------------------------------------------------------------------------


def test_the_reports_own_accounts_are_the_institutions() -> None:
    report = _report()
    assert "@labo@social.exemple.fr" in owner_of_mastodon(ME, report, LABO, (), "en")
    assert DID in owner_of_bluesky(SKY, report, LABO, (), "en")
    other = MastodonIdentity(
        id="1", username="LABO", host="social.exemple.fr", domain="social.exemple.fr", url=""
    )
    assert owner_of_mastodon(other, report, LABO, (), "en")  # usernames compare case-insensitively


def test_another_account_is_refused_with_the_way_to_confirm_it() -> None:
    b = Institution(name="Université B", domain="univ-b.fr")
    with pytest.raises(ApplyError) as refused:
        owner_of_mastodon(ME, _report(institution=b, nobody=True), b, (), "en")
    assert refused.value.kind is ErrorKind.WRONG_ACCOUNT
    assert "--confirm-account @labo@social.exemple.fr" in refused.value.message
    same_name_elsewhere = MastodonIdentity(
        id="7", username="labo", host="piaille.fr", domain="piaille.fr", url="https://piaille.fr/@labo"
    )
    with pytest.raises(ApplyError):
        owner_of_mastodon(same_name_elsewhere, _report(), LABO, (), "en")
    with pytest.raises(ApplyError):
        owner_of_bluesky(
            BlueskyIdentity(did="did:plc:bbbbbbbbbbbbbbbbbbbbbbbb", handle="labo-exemple.fr"),
            _report(),
            LABO,
            (),
            "en",
        )


def test_confirmed_accounts_must_name_the_logged_in_one() -> None:
    report = _report(_found(MASTODON, Confidence.CANDIDATE), _found(BLUESKY, Confidence.CANDIDATE))
    with pytest.raises(ApplyError) as refused:
        owner_of_mastodon(ME, report, LABO, (), "en")
    assert "by its name only" in refused.value.message
    assert "--confirm-account" in owner_of_mastodon(ME, report, LABO, ("@labo@social.exemple.fr",), "en")
    with pytest.raises(ApplyError):
        owner_of_mastodon(ME, report, LABO, ("@autre@social.exemple.fr",), "en")
    assert owner_of_bluesky(SKY, report, LABO, (DID,), "fr")
    assert owner_of_bluesky(SKY, report, LABO, ("@Labo-Exemple.fr",), "fr")


async def test_confirm_account_must_be_an_account_reference() -> None:
    report = _report()
    with pytest.raises(UsageError, match="confirm-account"):
        await aapply_steps(
            report,
            ["announce"],
            plan=_plan(report),
            settings=SETTINGS,
            credentials=CREDS,
            confirm_accounts=["a b"],
        )


# --- the announcement ----------------------------------------------------------------------------------


def _status(content: str, **extra: Any) -> dict[str, Any]:
    return {"id": "1", "content": content, "mentions": [], "reblog": None, "in_reply_to_id": None, **extra}


# real Mastodon 4.x renders a mention of a local account so: the handle's domain is not in the text
H_CARD = (
    '<span class="h-card" translate="no"><a href="https://social.exemple.fr/@labo" class="u-url mention">'
    "@<span>labo</span></a></span>"
)


@pytest.mark.parametrize(
    "status",
    [
        _status(
            f"<p>Nous sommes désormais sur Mastodon et Bluesky !</p><p>Mastodon : {H_CARD}<br />Bluesky : "
            "@labo-exemple.fr</p><p>À partir du 22 mars 2026, nous ne publierons plus sur X.</p>",
            mentions=[
                {"id": "109", "username": "labo", "acct": "labo", "url": "https://social.exemple.fr/@labo"}
            ],
        ),
        _status(f"<p>We are now on Mastodon and Bluesky!</p><p>Mastodon: {H_CARD}<br />Bluesky: …</p>"),
        _status("<p>Mastodon: @labo@social.exemple.fr<br />Bluesky: @labo-exemple.fr</p>"),  # not linked
    ],
)
def test_the_announcement_is_known_whatever_the_language_date_or_rendering(status: dict[str, Any]) -> None:
    assert is_mastodon_announcement(status, ME)


@pytest.mark.parametrize(
    "status",
    [
        _status(f"<p>Publication n°1 de {H_CARD}</p>"),  # mentions itself, names no other network
        _status("<p>Nous sommes sur Mastodon et Bluesky !</p>"),  # names no account
        _status(f"<p>Bluesky {H_CARD}</p>", reblog={"id": "9"}),
        _status(f"<p>Bluesky {H_CARD}</p>", in_reply_to_id="8"),
        _status(f"<p>Bluesky {H_CARD}</p>", account={"id": "555"}),
    ],
)
def test_other_statuses_are_not_the_announcement(status: dict[str, Any]) -> None:
    assert not is_mastodon_announcement(status, ME)


def test_the_bluesky_announcement_is_known_by_its_own_did() -> None:
    text = (
        "Nous sommes désormais sur Mastodon et Bluesky !\n\n"
        "Mastodon : @labo@social.exemple.fr\nBluesky : @labo-exemple.fr"
    )
    facets = bluesky_facets(text, SKY, "@labo@social.exemple.fr", "https://social.exemple.fr/@labo")
    record = {"text": text, "facets": facets}
    assert is_bluesky_announcement(record, SKY)
    renamed = BlueskyIdentity(did=DID, handle="nouveau.labo-exemple.fr")  # the handle changed since
    assert is_bluesky_announcement(record, renamed)
    assert not is_bluesky_announcement({**record, "reply": {"root": {}}}, SKY)
    assert not is_bluesky_announcement({"text": "Mastodon ?"}, SKY)
    assert is_bluesky_announcement({"text": f"Mastodon : … Bluesky : @{SKY.handle}"}, SKY)  # pasted by hand


def test_facets_count_utf8_bytes() -> None:
    text = "Désormais : @labo@social.exemple.fr et @labo-exemple.fr."
    facets = bluesky_facets(text, SKY, "@labo@social.exemple.fr", "https://social.exemple.fr/@labo")
    raw = text.encode("utf-8")
    spans = [raw[f["index"]["byteStart"] : f["index"]["byteEnd"]].decode() for f in facets]
    assert spans == ["@labo@social.exemple.fr", "@labo-exemple.fr"]
    assert facets[1]["features"] == [{"$type": "app.bsky.richtext.facet#mention", "did": DID}]
    # the Bluesky handle inside the Mastodon handle is not a mention of it
    inside = bluesky_facets("Mastodon : @x@labo-exemple.fr", SKY, "@x@labo-exemple.fr", "https://e/@x")
    assert [f["features"][0]["$type"] for f in inside] == ["app.bsky.richtext.facet#link"]


def test_profile_urls() -> None:
    assert is_profile_url("https://social.exemple.fr/@labo/", ME)
    assert is_profile_url("https://SOCIAL.exemple.fr/users/labo", ME)
    assert not is_profile_url("https://social.exemple.fr/@labo2", ME)


# --- the bio ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fr", "en"),
    [
        (
            "Université Exemple",
            "Compte officiel de l’Université Exemple.",
            "Official account of the Université Exemple.",
        ),
        ("CNRS", "Compte officiel du CNRS.", "Official account of the CNRS."),
        ("Inria", "Compte officiel d’Inria.", "Official account of Inria."),
        (
            "Archives nationales",
            "Compte officiel des Archives nationales.",
            "Official account of the Archives nationales.",
        ),
    ],
)
def test_the_official_bio_has_its_article(name: str, fr: str, en: str) -> None:
    inst = Institution(name=name, domain="exemple.fr")
    assert official_bio(inst, "fr") == f"{fr} https://exemple.fr"
    assert official_bio(inst, "en") == f"{en} https://exemple.fr"


async def test_profile_steps_change_only_what_is_asked() -> None:
    report = _report()
    with pytest.raises(UsageError, match="display-name"):
        await aapply_steps(
            report, ["mastodon-profile"], plan=_plan(report), settings=SETTINGS, credentials=CREDS
        )
