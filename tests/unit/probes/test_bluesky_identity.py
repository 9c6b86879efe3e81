"""DID documents as the identity probe reads them: recorded real ones, and the ones it refuses."""

from __future__ import annotations

import pytest
from tests.conftest import load_json

from quitx.probes.bluesky_identity import _parse_did_document


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
