"""DID documents as the identity probe reads them: recorded real ones, and the ones it refuses."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from tests.conftest import load_json

from quitx._http import DnsAnswer, DnsResolver, DnsStatus, HttpEngine
from quitx.config import load_settings
from quitx.probes.bluesky_identity import _parse_did_document, resolve_handle


@pytest.mark.parametrize("name", ["did_doc_legacy_secp256k1_valid.json", "did_doc_multikey_valid.json"])
def test_real_did_documents(name: str) -> None:
    expected = load_json("atproto", "fixtures", "identity_fixtures_index.json")["files"][name]["expect"]
    document = _parse_did_document(load_json("atproto", "fixtures", name), expected["did"])
    assert document is not None
    assert document.get_handle() == expected["handle"]
    assert document.get_pds_endpoint() == expected["pds"]


def test_invalid_did_document_shape_is_refused() -> None:
    data = load_json("atproto", "fixtures", "did_doc_invalid_shape.json")
    assert _parse_did_document(data, "did:plc:yk4dd2qkboz2yv6tpubpc6co") is None


def test_did_document_for_another_did_is_refused() -> None:
    data = load_json("atproto", "fixtures", "did_doc_multikey_valid.json")
    assert _parse_did_document(data, "did:plc:someoneelse") is None
    assert _parse_did_document(["not", "an", "object"], "did:plc:x") is None


class SlowDns(DnsResolver):
    """Every name is NXDOMAIN, after the HTTPS method has answered."""

    def __init__(self) -> None:
        super().__init__(load_settings(environ={}))

    async def query(self, name: str, rdtype: str) -> DnsAnswer:
        await asyncio.sleep(0.05)
        return DnsAnswer(name, rdtype, DnsStatus.NXDOMAIN, (), "fake", 50)


async def test_the_evidence_of_both_methods_comes_in_one_order_whichever_answers_first() -> None:
    client = httpx.AsyncClient(transport=httpx.MockTransport(lambda request: httpx.Response(404)))
    async with HttpEngine(load_settings(environ={}, retries=0), client, resolver=SlowDns()) as engine:
        resolution = await resolve_handle(engine, "nobody.exemple.fr")
    assert resolution.did is None and resolution.negative
    assert [e.step for e in resolution.evidence] == ["dns-txt", "well-known"]
