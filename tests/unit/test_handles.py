"""Tests for quitx.handles: the official AT Protocol vectors, every parse_ref form, properties."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quitx.errors import InvalidReferenceError, NameProblem, ReferenceProblem
from quitx.handles import (
    is_valid_at_identifier,
    is_valid_at_uri,
    is_valid_did,
    is_valid_handle,
    is_valid_mastodon_username,
    parse_ref,
)
from quitx.models import BlueskyRef, MastodonRef

# tests/unit/test_handles.py -> parents: [0] unit, [1] tests, [2] the repo, [3] its parent (holds shared/)
VECTORS = Path(__file__).resolve().parents[3] / "shared" / "data" / "atproto-interop-tests"
MISSING = "../shared/data not available"

# --- the official AT Protocol syntax vectors ---------------------------------------------------


def _vector_params(name: str) -> list[Any]:
    """One param per vector line; leading/trailing spaces kept, '#' comments and blank lines skipped."""
    path = VECTORS / name
    if not path.is_file():
        return [pytest.param(None, id=f"{name}:missing")]
    params = []
    # split on "\n" only: str.splitlines() would also split on \x1c, \x85, U+2028…
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line == "" or line.startswith("#"):
            continue
        shown = repr(line) if len(line) <= 60 else f"{line[:40]!r}…({len(line)} chars)"
        params.append(pytest.param(line, id=shown))
    return params


def _need(line: str | None) -> str:
    if line is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{MISSING} ({VECTORS}); CI must run the AT Protocol vectors")
        pytest.skip(MISSING)
    return line


VECTOR_SETS: list[tuple[str, Callable[[str], bool]]] = [
    ("handle", is_valid_handle),
    ("did", is_valid_did),
    ("atidentifier", is_valid_at_identifier),
    ("aturi", is_valid_at_uri),
]


def _all_vectors(expected: bool) -> list[Any]:
    suffix = "valid" if expected else "invalid"
    out = []
    for kind, validator in VECTOR_SETS:
        for param in _vector_params(f"{kind}_syntax_{suffix}.txt"):
            (line,) = param.values
            out.append(pytest.param(validator, line, id=f"{kind}-{param.id}"))
    return out


@pytest.mark.parametrize(("validator", "line"), _all_vectors(expected=True))
def test_valid_vector(validator: Callable[[str], bool], line: str | None) -> None:
    assert validator(_need(line)) is True


@pytest.mark.parametrize(("validator", "line"), _all_vectors(expected=False))
def test_invalid_vector(validator: Callable[[str], bool], line: str | None) -> None:
    assert validator(_need(line)) is False


@pytest.mark.parametrize("line", _vector_params("handle_syntax_valid.txt"))
def test_parse_ref_takes_every_valid_handle_vector(line: str | None) -> None:
    handle = _need(line)
    assert parse_ref(handle) == BlueskyRef(handle=handle.lower())


@pytest.mark.parametrize("line", _vector_params("did_syntax_valid.txt"))
def test_parse_ref_takes_every_valid_did_vector(line: str | None) -> None:
    did = _need(line)
    assert parse_ref(did) == BlueskyRef(did=did)


@pytest.mark.parametrize("line", _vector_params("aturi_syntax_valid.txt"))
def test_parse_ref_takes_the_authority_of_every_valid_at_uri_vector(line: str | None) -> None:
    uri = _need(line)
    authority = uri.removeprefix("at://").split("/")[0]
    expected = BlueskyRef(did=authority) if authority.startswith("did:") else BlueskyRef(handle=authority)
    assert parse_ref(uri) == expected


# --- strict validators: cases the vectors do not spell out -------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("john.test\n", False),  # '$' in a Python regex would have let this through
        ("john.test\u3002x", False),
        ("JOHN.TEST", True),
        ("a" * 63 + ".test", True),
        ("a" * 64 + ".test", False),
        (".".join(["a" * 63] * 3) + "." + "b" * 61, True),  # 253 characters
        (".".join(["a" * 63] * 3) + "." + "b" * 62, False),  # 254
        ("", False),
    ],
)
def test_is_valid_handle_edges(text: str, expected: bool) -> None:
    assert is_valid_handle(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("did:plc:abc\n", False),
        ("did:web:localhost%3A1234", True),
        ("did:x:" + "a" * 2042, True),  # 2048 characters
        ("did:x:" + "a" * 2043, False),
        ("did::abc", False),
        ("did:plc:ab c", False),
        ("did:plc:\u00e9", False),
    ],
)
def test_is_valid_did_edges(text: str, expected: bool) -> None:
    assert is_valid_did(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("gargron", True),
        ("Gargron", True),
        ("_under_score_", True),
        ("first.last", True),
        ("first-last", True),
        ("a..b", True),  # [.-]+ between word characters
        ("a.-b", True),
        ("0", True),
        (".a", False),
        ("a.", False),
        ("-a", False),
        ("a b", False),
        ("caf\u00e9", False),
        ("\u212a", False),  # the Kelvin sign folds to 'k' under re.IGNORECASE
        ("user@host", False),
        ("a\n", False),
        ("", False),
        ("a" * 2048, True),
        ("a" * 2049, False),
    ],
)
def test_is_valid_mastodon_username(text: str, expected: bool) -> None:
    assert is_valid_mastodon_username(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("at://did:plc:asdf123/app.bsky.feed.post/3jwdwj2ctlk26#/text", True),
        ("at://did:plc:asdf123#/a%20b", True),
        ("at://did:plc:asdf123#/a%ZZ", False),
        ("at://did:plc:asdf123#/a%FF", False),  # not UTF-8 once decoded
        ("at://did:plc:asdf123?q=1", False),
        ("at://did:plc:asdf123\n", False),
    ],
)
def test_is_valid_at_uri_edges(text: str, expected: bool) -> None:
    assert is_valid_at_uri(text) is expected


@pytest.mark.parametrize("text", ["  john.test", "Bücher.test", "@john.test", "john.test."])
def test_strict_validators_do_not_normalise(text: str) -> None:
    assert is_valid_handle(text) is False
    assert is_valid_at_identifier(text) is False


# --- parse_ref: every accepted form ------------------------------------------------------------


def _m(username: str, domain: str) -> MastodonRef:
    return MastodonRef(username=username, domain=domain)


def _h(handle: str) -> BlueskyRef:
    return BlueskyRef(handle=handle)


def _d(did: str) -> BlueskyRef:
    return BlueskyRef(did=did)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Mastodon handles
        ("@gargron@mastodon.social", _m("gargron", "mastodon.social")),
        ("gargron@mastodon.social", _m("gargron", "mastodon.social")),
        ("acct:gargron@mastodon.social", _m("gargron", "mastodon.social")),
        ("ACCT:gargron@mastodon.social", _m("gargron", "mastodon.social")),
        ("acct:@gargron@mastodon.social", _m("gargron", "mastodon.social")),
        ("  @collegedefrance@sciences.re\t\n", _m("collegedefrance", "sciences.re")),
        ("@first.last@example.org", _m("first.last", "example.org")),
        ("@under_score@example.org", _m("under_score", "example.org")),
        ("@user@example.org.", _m("user", "example.org")),
        # Mastodon profile URLs
        ("https://mastodon.social/@Gargron", _m("gargron", "mastodon.social")),
        ("https://mastodon.social/@gargron/", _m("gargron", "mastodon.social")),
        ("https://mastodon.social/@gargron?lang=fr#top", _m("gargron", "mastodon.social")),
        ("https://mastodon.social/@gargron/113456789012345678", _m("gargron", "mastodon.social")),
        ("http://mastodon.social/@gargron", _m("gargron", "mastodon.social")),
        ("HTTPS://Mastodon.Social/@gargron", _m("gargron", "mastodon.social")),
        ("https://mastodon.social:443/@gargron", _m("gargron", "mastodon.social")),
        ("https://mastodon.social/@helloquittex@piaille.fr", _m("helloquittex", "piaille.fr")),
        ("https://mastodon.social/users/gargron", _m("gargron", "mastodon.social")),
        ("https://mastodon.social/users/gargron/statuses/1", _m("gargron", "mastodon.social")),
        ("https://mastodon.social/web/@gargron", _m("gargron", "mastodon.social")),
        ("https://mastodon.social/%40gargron", _m("gargron", "mastodon.social")),
        ("https://mastodon.social//@gargron//", _m("gargron", "mastodon.social")),
        ("mastodon.social/@gargron", _m("gargron", "mastodon.social")),
        # Bluesky profile URLs
        ("https://bsky.app/profile/jay.bsky.team", _h("jay.bsky.team")),
        ("https://bsky.app/profile/jay.bsky.team/", _h("jay.bsky.team")),
        ("https://bsky.app/profile/jay.bsky.team/post/3jwdwj2ctlk26", _h("jay.bsky.team")),
        ("https://www.bsky.app/profile/jay.bsky.team", _h("jay.bsky.team")),
        ("https://bsky.app/profile/did:plc:7iza6de2dwap2sbkpav7c6c6", _d("did:plc:7iza6de2dwap2sbkpav7c6c6")),
        ("https://bsky.app/profile/did%3Aplc%3Aabc/post/x", _d("did:plc:abc")),
        ("http://bsky.app/profile/@jay.bsky.team?x=1", _h("jay.bsky.team")),
        ("bsky.app/profile/jay.bsky.team", _h("jay.bsky.team")),
        # Bluesky handles
        ("@jay.bsky.team", _h("jay.bsky.team")),
        ("jay.bsky.team", _h("jay.bsky.team")),
        ("univ-exemple.fr", _h("univ-exemple.fr")),
        ("univ-exemple.fr.", _h("univ-exemple.fr")),
        ("univ-exemple.fr/", _h("univ-exemple.fr")),
        ("alice.test", _h("alice.test")),
        # DIDs, any method
        ("did:plc:7iza6de2dwap2sbkpav7c6c6", _d("did:plc:7iza6de2dwap2sbkpav7c6c6")),
        ("did:web:example.com", _d("did:web:example.com")),
        ("did:example:123456789abcdefghi", _d("did:example:123456789abcdefghi")),
        (
            "did:key:zQ3shZc2QzApp2oymGvQbzP8eKheVshBHbU4ZYjeXqwSKEn6N",
            _d("did:key:zQ3shZc2QzApp2oymGvQbzP8eKheVshBHbU4ZYjeXqwSKEn6N"),
        ),
        (" did:plc:abc ", _d("did:plc:abc")),
        # AT-URIs
        ("at://did:plc:abc", _d("did:plc:abc")),
        ("at://did:plc:abc/app.bsky.feed.post/3jwdwj2ctlk26", _d("did:plc:abc")),
        ("at://jay.bsky.team/app.bsky.actor.profile/self", _h("jay.bsky.team")),
        ("AT://Jay.Bsky.Team", _h("jay.bsky.team")),
        ("at://jay.bsky.team#/x", _h("jay.bsky.team")),
    ],
)
def test_parse_ref_forms(text: str, expected: MastodonRef | BlueskyRef) -> None:
    assert parse_ref(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("@Gargron@Mastodon.SOCIAL", _m("gargron", "mastodon.social")),
        ("JAY.Bsky.Team", _h("jay.bsky.team")),
        ("https://BSKY.APP/profile/JAY.bsky.team", _h("jay.bsky.team")),
        # DIDs are case-sensitive: the identifier is kept as given
        ("did:plc:ABCdef", _d("did:plc:ABCdef")),
        ("did:web:Example.COM", _d("did:web:Example.COM")),
    ],
)
def test_parse_ref_case_folding(text: str, expected: MastodonRef | BlueskyRef) -> None:
    assert parse_ref(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("université.fr", _h("xn--universit-j4a.fr")),
        ("@Université.FR", _h("xn--universit-j4a.fr")),
        ("bücher.test", _h("xn--bcher-kva.test")),
        ("straße.de", _h("xn--strae-oqa.de")),  # IDNA 2008, non-transitional: ß is kept
        ("exemple\u3002fr", _h("exemple.fr")),  # ideographic full stop
        ("@contact@université.fr", _m("contact", "xn--universit-j4a.fr")),
        ("https://université.fr/@contact", _m("contact", "xn--universit-j4a.fr")),
        ("https://social.example/@contact@université.fr", _m("contact", "xn--universit-j4a.fr")),
        ("xn--universit-j4a.fr", _h("xn--universit-j4a.fr")),
    ],
)
def test_parse_ref_idn(text: str, expected: MastodonRef | BlueskyRef) -> None:
    assert parse_ref(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("   \t", "empty"),
        ("@@user@host.org", "no username before '@'"),
        ("@user@", "no domain after '@'"),
        ("user@host@other.org", "too many '@': expected @user@instance"),
        ("@user", "'user' has no domain: write @user@instance (Mastodon) or name.bsky.social (Bluesky)"),
        ("blah", "'blah' has no domain: write @user@instance (Mastodon) or name.bsky.social (Bluesky)"),
        ("x_y.com", "'x_y.com' is not a valid handle: underscore"),
        ("jo!hn.test", "'jo!hn.test' is not a valid handle: character '!' not allowed"),
        ("john..test", "'john..test' is not a valid handle: empty label (leading, trailing or double dot)"),
        ("john.0", "'john.0' is not a valid handle: the top-level domain starts with a digit"),
        ("-john.test", "'-john.test' is not a valid handle: label '-john' starts or ends with '-'"),
        ("a" * 64 + ".test", f"'{'a' * 64}.test' is not a valid handle: label longer than 63 characters"),
        ("handle.invalid", "'handle.invalid' stands for an unverified handle: use the DID"),
        ("@.user@host.org", "'.user' is not a valid Mastodon username: starts or ends with '.' or '-'"),
        ("@us!er@host.org", "'us!er' is not a valid Mastodon username: character '!' not allowed"),
        ("@café@host.org", "'café' is not a valid Mastodon username: character 'é' not allowed"),
        ("@user@host_name.org", "'host_name.org' is not a valid domain: underscore"),
        ("@user@localhost", "'localhost' is not a valid domain: no dot: a domain needs at least two labels"),
        ("@user@127.0.0.1", "'127.0.0.1' is not a valid domain: an IP address is not a domain"),
        (
            "@user@localhost:3000",
            "'localhost:3000' is not a valid domain: a port (':3000') is not part of a handle",
        ),
        ("DID:plc:abc", "'DID:plc:abc' is not a valid DID: 'did:' must be lowercase"),
        ("did:PLC:abc", "'did:PLC:abc' is not a valid DID: the method must be lowercase letters"),
        ("did:plc:abc:", "'did:plc:abc:' is not a valid DID: ends with ':' or '%'"),
        ("did:plc", "'did:plc' is not a valid DID: needs a method and an identifier (did:method:identifier)"),
        ("did:plc:", "'did:plc:' is not a valid DID: empty identifier"),
        ("did:plc:a)b", "'did:plc:a)b' is not a valid DID: character ')' not allowed"),
        ("at://", "no handle or DID after 'at://'"),
        ("at://bad_handle.test/app.bsky.feed.post/1", "'bad_handle.test' is not a valid handle: underscore"),
        ("ftp://example.org/@user", "unsupported URL scheme 'ftp'"),
        (
            "https://x.com/elonmusk",
            "unsupported URL host 'x.com': only Mastodon and Bluesky accounts can be checked",
        ),
        (
            "https://www.facebook.com/someone",
            "unsupported URL host 'www.facebook.com': only Mastodon and Bluesky accounts can be checked",
        ),
        (
            "https://example.org/profile/did:plc:abc",
            "unsupported URL host 'example.org': Bluesky profile URLs are https://bsky.app/profile/<handle>",
        ),
        (
            "https://example.org/about",
            "unsupported URL host or path: example.org/about is not a Mastodon profile "
            "(https://<instance>/@<user>) or a Bluesky one (https://bsky.app/profile/<handle>)",
        ),
        (
            "https://bsky.app/search?q=x",
            "not a Bluesky profile URL: expected https://bsky.app/profile/<handle or DID>",
        ),
        (
            "https://bsky.app/profile/",
            "not a Bluesky profile URL: expected https://bsky.app/profile/<handle or DID>",
        ),
        (
            "https://localhost:3000/@user",
            "URL with port 3000: quitx reaches servers by name (use the host map for test servers)",
        ),
        ("https://user:secret@example.org/@user", "URL with a user name or password before the host"),
        ("https://[::1/@user", "not a valid URL: Invalid IPv6 URL"),
        ("https:///@user", "URL without a host"),
        ("@user@exa mple.org", "contains whitespace"),
        ("jay.bsky\u00a0team", "contains whitespace"),
        ("jay\x00.bsky.team", "contains a control character (U+0000)"),
        ("jay\u200b.bsky.team", "contains an invisible character (U+200B)"),
        ("\ufeff@jay.bsky.team", "contains an invisible character (U+FEFF)"),
        ("x" * 8193, "longer than 8192 characters"),
    ],
)
def test_parse_ref_errors(text: str, reason: str) -> None:
    with pytest.raises(InvalidReferenceError) as info:
        parse_ref(text)
    assert info.value.reason == reason
    assert info.value.text == text


def test_parse_ref_idn_error_names_the_domain() -> None:
    with pytest.raises(InvalidReferenceError) as info:
        parse_ref("☃-.com")  # a label ending in '-' fails IDNA before the handle rules
    assert info.value.reason.startswith(
        "'☃-.com' is not a valid handle: not a valid internationalised name ("
    )
    assert (info.value.code, info.value.values["problem"]) == (
        ReferenceProblem.INVALID_HANDLE,
        NameProblem.IDNA,
    )


def test_invalid_reference_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="not an account reference"):
        parse_ref("@")


# --- properties ---------------------------------------------------------------------------------

_LABEL = st.from_regex(r"[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,10}[a-zA-Z0-9])?", fullmatch=True)
_TLD = st.from_regex(r"[a-zA-Z](?:[a-zA-Z0-9-]{0,6}[a-zA-Z0-9])?", fullmatch=True)
_HANDLES = st.builds(
    lambda labels, tld: ".".join([*labels, tld]), st.lists(_LABEL, min_size=1, max_size=4), _TLD
)
_USERNAMES = st.from_regex(r"[a-zA-Z0-9_]{1,8}(?:[.-]{1,2}[a-zA-Z0-9_]{1,8}){0,2}", fullmatch=True)
_DIDS = st.builds(
    lambda method, ident: f"did:{method}:{ident}",
    st.from_regex(r"[a-z]{1,8}", fullmatch=True),
    st.from_regex(r"[a-zA-Z0-9._:%-]{0,20}[a-zA-Z0-9._-]", fullmatch=True),
)
# Text built from the characters that steer parse_ref, to reach its branches more often than st.text().
_STEERING = st.text(alphabet="@:/.%-_#?aAzZ09é。 \u200bdiathps", max_size=40)
_PASTED = st.one_of(
    st.text(max_size=60),
    _STEERING,
    st.builds(
        lambda a, b: a + b,
        st.sampled_from(["@", "acct:", "did:", "at://", "https://", "https://bsky.app/profile/"]),
        _STEERING,
    ),
)
_NO_DB = settings(database=None, suppress_health_check=[HealthCheck.too_slow])


def _check_ref(ref: MastodonRef | BlueskyRef) -> None:
    if isinstance(ref, MastodonRef):
        assert is_valid_mastodon_username(ref.username)
        assert ref.username == ref.username.lower()
        assert is_valid_handle(ref.domain)
        assert ref.domain == ref.domain.lower()
    else:
        assert (ref.handle is None) != (ref.did is None)
        if ref.handle is not None:
            assert is_valid_handle(ref.handle)
            assert ref.handle == ref.handle.lower()
        else:
            assert ref.did is not None
            assert is_valid_did(ref.did)


@_NO_DB
@given(_PASTED)
def test_parse_ref_raises_only_invalid_reference_error(text: str) -> None:
    try:
        ref = parse_ref(text)
    except InvalidReferenceError as exc:
        if not exc.reason:
            pytest.fail(f"no reason given for {text!r}")
        return
    _check_ref(ref)
    assert parse_ref(str(ref)) == ref


@_NO_DB
@given(_HANDLES)
def test_generated_handles_are_valid_and_round_trip(handle: str) -> None:
    assert is_valid_handle(handle)
    ref = parse_ref(handle)
    assert ref == BlueskyRef(handle=handle.lower())
    assert parse_ref(str(ref)) == ref
    assert parse_ref(f"https://bsky.app/profile/{handle}") == ref
    assert parse_ref(f"at://{handle}/app.bsky.feed.post/x") == ref


@_NO_DB
@given(_USERNAMES, _HANDLES)
def test_generated_mastodon_refs_round_trip(username: str, domain: str) -> None:
    assert is_valid_mastodon_username(username)
    ref = parse_ref(f"@{username}@{domain}")
    assert ref == MastodonRef(username=username.lower(), domain=domain.lower())
    assert parse_ref(str(ref)) == ref
    assert parse_ref(f"https://{domain}/@{username}") == ref
    assert parse_ref(f"https://{domain}/users/{username}") == ref


@_NO_DB
@given(_DIDS)
def test_generated_dids_are_kept_as_given(did: str) -> None:
    assert is_valid_did(did)
    ref = parse_ref(did)
    assert ref == BlueskyRef(did=did)
    assert parse_ref(str(ref)) == ref
    assert parse_ref(f"at://{did}") == ref


@_NO_DB
@given(st.text(max_size=300))
def test_validators_never_raise(text: str) -> None:
    for validator in (is_valid_handle, is_valid_did, is_valid_at_identifier, is_valid_at_uri):
        assert isinstance(validator(text), bool)
    assert isinstance(is_valid_mastodon_username(text), bool)


@pytest.mark.parametrize(
    "text",
    [
        "at://did:a:%00",
        "at://did:web:host%3A8080/app.bsky.feed.post/x",
        "https://bsky.app/profile/did:a:b%2Fc",
    ],
)
def test_did_percent_escapes_are_kept(text: str) -> None:
    # found by hypothesis: decoding the authority turned a valid DID into an invalid one
    ref = parse_ref(text)
    assert isinstance(ref, BlueskyRef)
    assert ref.did is not None and "%" in ref.did
