"""Property tests: the parsers of remote payloads never raise, whatever a server sends."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from quitx._http import HttpResult
from quitx.probes.bluesky import _read_profile, _read_profiles
from quitx.probes.bluesky_identity import _parse_did_document
from quitx.probes.mastodon import _read_actor, _read_jrd, parse_lrdd

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)

# shapes close to the real ones, with wrong types and missing keys mixed in
jrd_like = st.fixed_dictionaries(
    {},
    optional={
        "subject": st.one_of(st.text(max_size=40), st.just("acct:a@b.fr"), json_values),
        "links": st.lists(
            st.fixed_dictionaries(
                {}, optional={"rel": json_values, "href": json_values, "type": json_values}
            ),
            max_size=4,
        )
        | json_values,
        "aliases": json_values,
    },
)
did_doc_like = st.fixed_dictionaries(
    {},
    optional={
        "id": st.one_of(st.just("did:plc:abc"), json_values),
        "alsoKnownAs": st.one_of(st.lists(st.text(max_size=30), max_size=3), json_values),
        "service": st.one_of(
            st.lists(
                st.fixed_dictionaries(
                    {}, optional={"id": json_values, "type": json_values, "serviceEndpoint": json_values}
                ),
                max_size=3,
            ),
            json_values,
        ),
        "verificationMethod": json_values,
    },
)


def result(body: Any) -> HttpResult:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return HttpResult("GET", "https://x.fr/", "https://x.fr/", 200, {}, raw)


@settings(max_examples=300)
@given(st.one_of(jrd_like, json_values))
def test_jrd_parser_never_raises(body: Any) -> None:
    jrd = _read_jrd(result(body))
    assert jrd is None or (jrd.subject.startswith("acct:") and "@" in jrd.subject)


@settings(max_examples=300)
@given(st.one_of(did_doc_like, json_values))
def test_did_document_parser_never_raises(body: Any) -> None:
    document = _parse_did_document(body, "did:plc:abc")
    assert document is None or document.id == "did:plc:abc"


@given(json_values)
def test_profile_and_actor_parsers_never_raise(body: Any) -> None:
    _read_profile(result(body))
    _read_profiles(result(body))
    _read_actor(result(body))


@given(st.binary(max_size=300))
def test_bytes_that_are_not_json(body: bytes) -> None:
    assert _read_jrd(result(body)) is None or body.strip().startswith(b"{")
    _read_profile(result(body))


@given(st.text(max_size=500))
def test_host_meta_parser_never_raises(text: str) -> None:
    template = parse_lrdd(text)
    assert template is None or "{uri}" in template
