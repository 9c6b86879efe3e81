"""Whether a Mastodon account is the institution's: proofs quitx holds, and homes it trusts."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
import tests.builders as b

from quitx.config import load_settings
from quitx.models import Confidence, LinkPlatform, ProfileField, SocialLink
from quitx.presence.found import Found
from quitx.presence.networks.mastodon.proof import Read, Trust, confidence, page_key, rel_me_to

DOMAIN = "univ-exemple.fr"
VERIFIED = dt.datetime(2026, 1, 5, tzinfo=dt.UTC)
FIELD = ProfileField(name="Site", value=f"https://{DOMAIN}/", verified_at=VERIFIED)


def trust(*trusted: str) -> Trust:
    settings = load_settings(environ={}, instances=["social.exemple.fr"], trusted_instances=list(trusted))
    return Trust.of(settings, ["mastodon.exemple.fr"], None, DOMAIN)


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("HTTPS://Univ-Exemple.FR", "https://univ-exemple.fr/"),
        ("https://univ-exemple.fr./a?b=1#top", "https://univ-exemple.fr/a?b=1"),
        ("http://[::1", "http://[::1"),  # unreadable: kept as given, never raises
    ],
)
def test_page_key(url: str, key: str) -> None:
    assert page_key(url) == key


@pytest.mark.parametrize(
    ("acct", "web_host", "trusted"),
    [
        ("u@social.exemple.fr", None, True),  # a configured instance
        ("u@exemple.fr", "mastodon.exemple.fr", True),  # a configured instance's web host
        ("u@social.univ-exemple.fr", None, True),  # a home on the institution's domain
        ("u@ailleurs.fr", None, False),  # anyone can set verified_at on their own server
    ],
)
def test_a_verified_field_counts_only_from_a_trusted_home(
    acct: str, web_host: str | None, trusted: bool
) -> None:
    account = b.mastodon_account(acct, web_host=web_host, fields=[FIELD])
    assert trust().home(account) is trusted
    assert (trust().field(account) == FIELD) is trusted
    assert trust("ailleurs.fr").field(b.mastodon_account("u@ailleurs.fr", fields=[FIELD])) == FIELD


def test_rel_me_names_the_account_by_either_address() -> None:
    account = b.mastodon_account("u@exemple.fr", web_host="mastodon.exemple.fr")
    for handle in ("@u@exemple.fr", "@U@mastodon.exemple.fr"):
        link = SocialLink(platform=LinkPlatform.MASTODON, url="https://x/", rel_me=True, handle=handle)
        assert rel_me_to(b.site(link), account) == link
    plain = SocialLink(platform=LinkPlatform.MASTODON, url="https://x/", handle="@u@exemple.fr")
    assert rel_me_to(b.site(plain), account) is None
    assert rel_me_to(None, account) is None


def test_an_account_the_institution_names_hands_its_link_to_the_one_it_moved_to() -> None:
    old = b.mastodon_account("old@ailleurs.fr", moved_to="new@neuf.fr")
    new = b.mastodon_account("new@neuf.fr")
    everyone = {
        "old@ailleurs.fr": Found(old, found_by=("website link",), linked=True),
        "new@neuf.fr": Found(new, found_by=("moved account",), moved_from="old@ailleurs.fr"),
    }
    read = Read(b.site(), {}, trust())
    level, reasons, proof = confidence(everyone["new@neuf.fr"], everyone, read)
    assert level is Confidence.LINKED
    assert any("moved here" in r for r in reasons)
    assert [p.step for p in proof] == ["moved"]
    # a look-alike that moved proves nothing
    lookalike = dict(
        everyone, **{"old@ailleurs.fr": dataclasses.replace(everyone["old@ailleurs.fr"], linked=False)}
    )
    level, reasons, _ = confidence(lookalike["new@neuf.fr"], lookalike, read)
    assert level is Confidence.CANDIDATE
    assert any("found by its name only, moved here" in r for r in reasons)
