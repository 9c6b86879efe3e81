"""Bridgy Fed: handle forms, bridged or not (mocked fed.brid.gy), and each eligibility gap."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
import pytest

from quitx._http import HttpEngine
from quitx.config import load_settings
from quitx.models import BlueskyAccount, InstanceInfo, Label, MastodonAccount, Verdict
from quitx.probes.bridges import (
    GAPS,
    bluesky_bridge,
    bluesky_handle_for,
    fediverse_handle_for,
    mastodon_bridge,
)

NOW = dt.datetime(2026, 8, 1, 12, 0, tzinfo=dt.UTC)
OLD = NOW - dt.timedelta(days=400)


def engine(status: int, seen: list[httpx.Request] | None = None) -> HttpEngine:
    def handler(request: httpx.Request) -> httpx.Response:
        if seen is not None:
            seen.append(request)
        return httpx.Response(status, text="<html></html>")

    client = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    return HttpEngine(load_settings(environ={}, retries=0), client)


def mastodon(**changes: Any) -> MastodonAccount:
    fields: dict[str, Any] = {
        "acct": "univ_exemple@mastodon.social",
        "username": "univ_exemple",
        "domain": "mastodon.social",
        "web_host": "mastodon.social",
        "display_name": "Université Exemple",
        "note": "<p>Le compte officiel</p>",
        "avatar": "https://files.mastodon.social/accounts/avatars/000/000/001/original/logo.png",
        "created_at": OLD,
        "locked": False,
    }
    fields.update(changes)
    return MastodonAccount(**fields)


def bluesky(**changes: Any) -> BlueskyAccount:
    fields: dict[str, Any] = {
        "did": "did:plc:yk4dd2qkboz2yv6tpubpc6co",
        "handle": "univ-exemple.fr",
        "display_name": "Université Exemple",
        "description": "Le compte officiel",
        "avatar": "https://cdn.bsky.app/img/avatar/plain/did:plc:x/abc@jpeg",
        "created_at": OLD,
    }
    fields.update(changes)
    return BlueskyAccount(**fields)


OPEN_HOME = InstanceInfo(host="mastodon.social", reachable=Verdict.PRESENT, brid_gy_blocked=False)


@pytest.mark.parametrize(
    ("acct", "handle"),
    [
        ("user_name@mastodon.social", "user-name.mastodon.social.ap.brid.gy"),
        ("@alice@piaille.fr", "alice.piaille.fr.ap.brid.gy"),
        ("a~b@social.sciences.re", "a-b.social.sciences.re.ap.brid.gy"),
        ("CodeGouvFr@social.numerique.gouv.fr", "codegouvfr.social.numerique.gouv.fr.ap.brid.gy"),
    ],
)
def test_bluesky_handle_for(acct: str, handle: str) -> None:
    assert bluesky_handle_for(acct) == handle


@pytest.mark.parametrize(
    ("handle", "address"),
    [
        ("alice.bsky.social", "@alice.bsky.social@bsky.brid.gy"),
        ("@Univ-Exemple.fr", "@univ-exemple.fr@bsky.brid.gy"),
    ],
)
def test_fediverse_handle_for(handle: str, address: str) -> None:
    assert fediverse_handle_for(handle) == address


@pytest.mark.parametrize("bad", ["nodomain", "@user@", ""])
def test_bluesky_handle_for_rejects_non_addresses(bad: str) -> None:
    with pytest.raises(ValueError, match="not a user@domain"):
        bluesky_handle_for(bad)


def test_fediverse_handle_for_rejects_addresses() -> None:
    with pytest.raises(ValueError, match="not a Bluesky handle"):
        fediverse_handle_for("user@host")


# --- bridged? ----------------------------------------------------------------------------------


async def test_mastodon_bridged_200() -> None:
    seen: list[httpx.Request] = []
    status = await mastodon_bridge(engine(200, seen), mastodon(), OPEN_HOME, now=NOW)
    assert status.bridged is Verdict.PRESENT
    assert status.bridged_handle == "univ-exemple.mastodon.social.ap.brid.gy"
    assert status.eligible is True and status.gaps == ()
    assert str(seen[0].url) == "https://fed.brid.gy/ap/@univ_exemple@mastodon.social"
    assert status.evidence[0].step == "bridgy-fed" and status.evidence[0].status == 200


async def test_mastodon_not_bridged_404() -> None:
    status = await mastodon_bridge(engine(404), mastodon(), OPEN_HOME, now=NOW)
    assert status.bridged is Verdict.ABSENT
    assert status.bridged_handle is None


@pytest.mark.parametrize("code", [503, 429, 401, 400])
async def test_mastodon_bridge_failure_is_unknown(code: int) -> None:
    status = await mastodon_bridge(engine(code), mastodon(), OPEN_HOME, now=NOW)
    assert status.bridged is Verdict.UNKNOWN
    assert status.evidence[0].status == code


async def test_mastodon_bridge_uses_the_configured_bridgy_url() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(404)

    client = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    eng = HttpEngine(load_settings(environ={}, retries=0, bridgy_fed_url="http://127.0.0.1:9/"), client)
    await mastodon_bridge(eng, mastodon(), OPEN_HOME, now=NOW)
    assert str(seen[0].url) == "http://127.0.0.1:9/ap/@univ_exemple@mastodon.social"


async def test_bluesky_bridged_200_404_503() -> None:
    seen: list[httpx.Request] = []
    present = await bluesky_bridge(engine(200, seen), bluesky(), now=NOW)
    assert present.bridged is Verdict.PRESENT
    assert present.bridged_handle == "@univ-exemple.fr@bsky.brid.gy"
    assert present.eligible is True
    assert str(seen[0].url) == "https://fed.brid.gy/bsky/univ-exemple.fr"
    absent = await bluesky_bridge(engine(404), bluesky(), now=NOW)
    assert absent.bridged is Verdict.ABSENT and absent.bridged_handle is None
    unknown = await bluesky_bridge(engine(503), bluesky(), now=NOW)
    assert unknown.bridged is Verdict.UNKNOWN


async def test_bluesky_without_handle_asks_by_did() -> None:
    seen: list[httpx.Request] = []
    status = await bluesky_bridge(engine(200, seen), bluesky(handle=None), now=NOW)
    assert str(seen[0].url) == "https://fed.brid.gy/bsky/did:plc:yk4dd2qkboz2yv6tpubpc6co"
    assert status.bridged is Verdict.PRESENT and status.bridged_handle is None


# --- eligibility ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "gap"),
    [
        ({"avatar": None}, "no avatar"),
        ({"avatar": "https://mastodon.social/avatars/original/missing.png"}, "no avatar"),
        ({"display_name": ""}, "no display name"),
        ({"display_name": "univ_exemple"}, "display name equals the username"),
        ({"display_name": "@Univ_Exemple@mastodon.social"}, "display name equals the username"),
        ({"created_at": NOW - dt.timedelta(days=6, hours=23)}, "account younger than 7 days"),
        ({"locked": True}, "account is locked (followers-only)"),
        (
            {"note": '<p>Pas de pont <a href="https://x/tags/nobridge">#<span>NoBridge</span></a></p>'},
            "#nobridge in the bio",
        ),
        (
            {"acct": "_univ@mastodon.social", "username": "_univ"},
            "username has characters Bridgy Fed cannot bridge",
        ),
        (
            {"acct": "univ.exemple@mastodon.social", "username": "univ.exemple"},
            "username has characters Bridgy Fed cannot bridge",
        ),
        (
            {"acct": "univ-@mastodon.social", "username": "univ-"},
            "username has characters Bridgy Fed cannot bridge",
        ),
    ],
)
async def test_mastodon_each_gap(changes: dict[str, Any], gap: str) -> None:
    status = await mastodon_bridge(engine(404), mastodon(**changes), OPEN_HOME, now=NOW)
    assert status.gaps == (gap,)
    assert status.eligible is False


async def test_mastodon_exactly_seven_days_is_old_enough() -> None:
    status = await mastodon_bridge(
        engine(404), mastodon(created_at=NOW - dt.timedelta(days=7)), OPEN_HOME, now=NOW
    )
    assert status.eligible is True


async def test_home_server_blocking_brid_gy_is_a_gap() -> None:
    home = InstanceInfo(host="mastodon.social", reachable=Verdict.PRESENT, brid_gy_blocked=True)
    status = await mastodon_bridge(engine(404), mastodon(), home, now=NOW)
    assert status.gaps == ("home server blocks brid.gy",)
    assert status.eligible is False


@pytest.mark.parametrize(
    "home", [None, InstanceInfo(host="mastodon.social", reachable=Verdict.UNKNOWN, brid_gy_blocked=None)]
)
async def test_unknown_block_list_is_no_gap_but_said(home: InstanceInfo | None) -> None:
    status = await mastodon_bridge(engine(404), mastodon(), home, now=NOW)
    assert status.gaps == () and status.eligible is True
    assert any(e.step == "eligibility" and "block list" in e.outcome for e in status.evidence)


async def test_unknown_creation_date_is_no_gap_but_said() -> None:
    status = await mastodon_bridge(engine(404), mastodon(created_at=None), OPEN_HOME, now=NOW)
    assert status.gaps == ()
    assert any("creation date unknown" in e.outcome for e in status.evidence)


async def test_mastodon_several_gaps_in_order() -> None:
    account = mastodon(avatar=None, display_name="", locked=True, created_at=NOW - dt.timedelta(days=1))
    status = await mastodon_bridge(engine(200), account, OPEN_HOME, now=NOW)
    assert status.bridged is Verdict.PRESENT  # Bridgy Fed's answer is reported as is
    assert status.gaps == (
        "no avatar",
        "no display name",
        "account younger than 7 days",
        "account is locked (followers-only)",
    )


@pytest.mark.parametrize(
    ("changes", "gap"),
    [
        ({"avatar": None}, "no avatar"),
        ({"display_name": None}, "no display name"),
        ({"display_name": "Univ-Exemple.fr"}, "display name equals the handle"),
        ({"created_at": NOW - dt.timedelta(hours=3)}, "account younger than 7 days"),
        ({"description": "Compte officiel. #nobridge"}, "#nobridge in the bio"),
        (
            {"labels": (Label(src="did:plc:yk4dd2qkboz2yv6tpubpc6co", val="!no-unauthenticated"),)},
            "profile hidden from logged-out visitors (!no-unauthenticated)",
        ),
    ],
)
async def test_bluesky_each_gap(changes: dict[str, Any], gap: str) -> None:
    status = await bluesky_bridge(engine(404), bluesky(**changes), now=NOW)
    assert status.gaps == (gap,)
    assert status.eligible is False


async def test_bluesky_negated_label_is_no_gap() -> None:
    label = Label(src="did:plc:yk4dd2qkboz2yv6tpubpc6co", val="!no-unauthenticated", neg=True)
    status = await bluesky_bridge(engine(404), bluesky(labels=(label,)), now=NOW)
    assert status.eligible is True


async def test_naive_now_and_created_at_are_utc() -> None:
    naive = NOW.replace(tzinfo=None)
    account = bluesky(created_at=naive - dt.timedelta(days=2))
    status = await bluesky_bridge(engine(404), account, now=naive)
    assert status.gaps == ("account younger than 7 days",)


def test_the_gaps_are_named_once_with_the_words_reports_keep() -> None:
    # reports store these words (older reports included): the plan words a gap by its name in GAPS,
    # so changing a word here is a schema change, not a rewording
    assert GAPS == (
        "no avatar",
        "no display name",
        "display name equals the username",
        "display name equals the handle",
        "account younger than 7 days",
        "account is locked (followers-only)",
        "#nobridge in the bio",
        "username has characters Bridgy Fed cannot bridge",
        "home server blocks brid.gy",
        "profile hidden from logged-out visitors (!no-unauthenticated)",
    )
