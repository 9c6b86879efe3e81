"""Mastodon's answers as the probe reads them: recorded real payloads and the documented examples."""

from __future__ import annotations

import datetime as dt

import pytest
from tests.conftest import load_json

from quitx.probes.mastodon import _account_from_payload, _AccountPayload, _Jrd, parse_lrdd


def test_real_mastodon_lookup_payload() -> None:
    recorded = load_json("mastodonpy-cassettes", "extracted", "lookup_200_local_username.json")
    assert recorded["headers"]["x-ratelimit-reset"].endswith("Z")  # ISO-8601, not epoch
    payload = _AccountPayload.model_validate(recorded["body"])
    account = _account_from_payload(payload, "localhost", "localhost:3000", None)
    assert account.acct == "mastodonpy_test@localhost"
    assert account.last_status_at == dt.date(2026, 8, 1)  # a date, as real Mastodon sends it
    assert account.created_at == dt.datetime(2026, 8, 1, tzinfo=dt.UTC)
    assert account.locked is True and account.bot is False
    assert account.discoverable is None
    assert [f.name for f in account.fields] == ["bread", "lasagna"]
    assert all(f.verified_at is None for f in account.fields)
    assert account.moved_to is None and not account.suspended


def test_real_mastodon_lookup_with_domain_and_port() -> None:
    recorded = load_json("mastodonpy-cassettes", "extracted", "lookup_200_acct_with_domain_port.json")
    assert "acct=mastodonpy_test%40localhost%3A3000" in recorded["request"]["uri"]
    payload = _AccountPayload.model_validate(recorded["body"])
    assert payload.acct == "mastodonpy_test"


def test_real_mastodon_404_body() -> None:
    recorded = load_json("mastodonpy-cassettes", "extracted", "lookup_404_not_found.json")
    assert recorded["status"] == 404
    assert recorded["body"] == {"error": "Record not found"}


def test_documented_account_example() -> None:
    body = load_json("mastodon-docs", "account_example.json")
    payload = _AccountPayload.model_validate(body)
    account = _account_from_payload(payload, "mastodon.social", "mastodon.social", None)
    # the documented example is a remote account: its acct keeps its own domain
    assert account.acct == (body["acct"] if "@" in body["acct"] else f"{body['acct']}@mastodon.social")
    assert account.followers_count == body["followers_count"]
    assert len(account.fields) == len(body["fields"])
    verified = [f for f in account.fields if f.verified_at is not None]
    assert len(verified) == sum(1 for f in body["fields"] if f.get("verified_at"))


@pytest.mark.parametrize("name", ["webfinger_gargron_example.json", "webfinger_minimal_example.json"])
def test_documented_webfinger(name: str) -> None:
    jrd = _Jrd.model_validate(load_json("mastodon-docs", name))
    assert jrd.subject.startswith("acct:")
    actor = jrd.link("self", ("application/activity+json",))
    assert actor is not None and actor.startswith("https://")


def test_host_meta_lrdd() -> None:
    xrd = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<XRD xmlns="http://docs.oasis-open.org/ns/xri/xrd-1.0">\n'
        '  <Link rel="lrdd" template="https://social.sciences.re/.well-known/webfinger?resource={uri}"/>\n'
        "</XRD>\n"
    )
    assert parse_lrdd(xrd) == "https://social.sciences.re/.well-known/webfinger?resource={uri}"
    assert parse_lrdd("<XRD><Link rel='lrdd' template='https://a.fr/wf?r={uri}&amp;x=1'/></XRD>") == (
        "https://a.fr/wf?r={uri}&x=1"
    )
    assert parse_lrdd("<XRD><Link rel='other' template='https://a.fr/{uri}'/></XRD>") is None
    assert parse_lrdd("<html>not xrd</html>") is None
