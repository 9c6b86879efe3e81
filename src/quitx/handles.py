"""Parse and normalise any account reference a person pastes.

Two layers:

* strict validators (``is_valid_*``) that say whether a string already *is* a
  well-formed handle, DID, AT-URI or Mastodon username. They never normalise:
  ``"John.Test "`` is not a handle, ``"bücher.test"`` is not either.
* ``parse_ref``, the lenient front door: it trims, drops a leading ``@``,
  lowercases what is case-insensitive, converts internationalised domains to
  ASCII, picks the account out of profile URLs, then validates strictly and
  returns a ``MastodonRef`` or ``BlueskyRef`` — or raises
  ``InvalidReferenceError`` with a reason a person can act on.

The AT Protocol rules follow the spec and its reference implementation
(bluesky-social/atproto ``packages/syntax``); the official interop vectors are
the tests.
"""

from __future__ import annotations

import re
import string
import unicodedata
from urllib.parse import unquote, unquote_to_bytes, urlsplit

import idna

from .errors import InvalidReferenceError, NameProblem, ReferenceProblem
from .models import BlueskyRef, MastodonRef

__all__ = [
    "bluesky_handle_for",
    "fediverse_handle_for",
    "is_valid_at_identifier",
    "is_valid_at_uri",
    "is_valid_did",
    "is_valid_handle",
    "is_valid_mastodon_username",
    "parse_ref",
]

_HANDLE_MAX = 253
_LABEL_MAX = 63
_DID_MAX = 2048
_AT_URI_MAX = 8192
# Mastodon caps *local* usernames at 30 (USERNAME_LENGTH_LIMIT) but only when an
# account is created or renamed on that server; usernames of remote accounts are
# accepted up to USERNAME_LENGTH_HARD_LIMIT = 2048 (app/models/account.rb). quitx
# looks accounts up on any fediverse server (GoToSocial, Akkoma, older Mastodon…),
# so it applies the federation limit, not the signup one.
_USERNAME_MAX = 2048
_INPUT_MAX = _AT_URI_MAX  # nothing longer can be a reference; refuse before any regex runs

_LDH = frozenset(string.ascii_letters + string.digits + "-")
_DID_CHARS = frozenset(string.ascii_letters + string.digits + "._:%-")
_DID_METHOD_RE = re.compile(r"[a-z]+")
# Mastodon's USERNAME_RE, /[a-z0-9_]+([.-]+[a-z0-9_]+)*/i, spelt with explicit
# ASCII classes: Python's re.IGNORECASE would also let the Kelvin sign and 'ſ' in.
_USERNAME_RE = re.compile(r"[a-zA-Z0-9_]+(?:[.-]+[a-zA-Z0-9_]+)*")
_USERNAME_CHARS = frozenset(string.ascii_letters + string.digits + "_.-")

# AT-URI pieces, translated from the reference aturi_validation.ts / nsid.ts / recordkey.ts.
_AT_URI_INVALID_CHAR_RE = re.compile(r"[^a-zA-Z0-9._~:@!$&'()*+,;=%/\\\[\]#?-]")
_AT_URI_RE = re.compile(
    r"at://(?P<authority>[^/?#\s]+)"
    r"(?:/(?P<collection>[^/?#\s]+)(?:/(?P<rkey>[^/?#\s]+))?)?"
    r"(?P<trailing_slash>/)?"
    r"(?:\?(?P<query>[^#\s]*))?"
    r"(?:#(?P<fragment>\S*))?"
)
_NSID_MAX = 253 + 1 + 63
_NSID_RE = re.compile(
    r"[a-zA-Z](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?"
    r"(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)+"
    r"\.[a-zA-Z][a-zA-Z0-9]{0,62}"
)
_RECORD_KEY_RE = re.compile(r"[a-zA-Z0-9_~.:-]{1,512}")
_JSON_POINTER_RE = re.compile(r"/[a-zA-Z0-9._~:@!$&')(*+,;=%\[\]/-]*")
_PERCENT_ENCODED_RE = re.compile(r"(?:[^%]|%[0-9A-Fa-f]{2})*")

_PORT_RE = re.compile(r"(?P<host>.*):(?P<port>[0-9]*)")
_URL_SCHEME_RE = re.compile(r"(?P<scheme>[a-zA-Z][a-zA-Z0-9+.-]*)://")
_BLUESKY_WEB_HOSTS = frozenset({"bsky.app", "www.bsky.app"})
_ELSEWHERE_HOSTS = frozenset(
    {"x.com", "twitter.com", "facebook.com", "instagram.com", "linkedin.com", "youtube.com", "tiktok.com"}
)
# UTS 46 maps the ideographic and full-width full stops to "."
_DOTS = ".\u3002\uff0e\uff61"
_INVALID_HANDLE = "handle.invalid"  # what atproto shows for an account whose handle does not verify


# --- strict validators -------------------------------------------------------------------------


def is_valid_handle(s: str) -> bool:
    """Exact AT Protocol handle syntax (not normalised, reserved TLDs allowed)."""
    return _handle_problem(s) is None


def is_valid_did(s: str) -> bool:
    """Exact atproto DID syntax, any method."""
    return _did_problem(s) is None


def is_valid_at_identifier(s: str) -> bool:
    """A handle or a DID."""
    return is_valid_did(s) if s.startswith("did:") else is_valid_handle(s)


def is_valid_at_uri(s: str) -> bool:
    """Strict AT-URI syntax, as the reference ``isAtUriString`` (strict mode).

    Permissioned-space URIs (``at://<did>/space/…``), a recent draft of the
    reference code, are not recognised.
    """
    if len(s) > _AT_URI_MAX or _AT_URI_INVALID_CHAR_RE.search(s):
        return False
    match = _AT_URI_RE.fullmatch(s)
    if match is None or not is_valid_at_identifier(match["authority"]):
        return False
    collection, rkey, fragment = match["collection"], match["rkey"], match["fragment"]
    if collection is not None and not (len(collection) <= _NSID_MAX and _NSID_RE.fullmatch(collection)):
        return False
    if fragment is not None and not _is_json_pointer(fragment):
        return False
    if match["trailing_slash"] is not None or match["query"] is not None:
        return False
    return rkey is None or _is_record_key(rkey)


def is_valid_mastodon_username(s: str) -> bool:
    """Mastodon's username syntax (``USERNAME_RE``, case-insensitive), up to 2048 characters."""
    return _username_problem(s) is None


def _is_record_key(s: str) -> bool:
    return _RECORD_KEY_RE.fullmatch(s) is not None and s not in {".", ".."}


def _is_json_pointer(s: str) -> bool:
    # The reference runs decodeURIComponent: each % must start a valid escape and
    # the escapes must decode as UTF-8.
    if _JSON_POINTER_RE.fullmatch(s) is None or _PERCENT_ENCODED_RE.fullmatch(s) is None:
        return False
    try:
        unquote_to_bytes(s).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# why a name is not one: the problem's code, and the values its words name
_Problem = tuple[NameProblem, dict[str, str]]


def _handle_problem(s: str) -> _Problem | None:
    """Why ``s`` is not a handle (also a hostname check), or None if it is one."""
    for ch in s:
        if ch not in _LDH and ch != ".":
            if ch == "_":
                return NameProblem.UNDERSCORE, {}
            if ch.isspace():
                return NameProblem.WHITESPACE, {}
            return NameProblem.CHARACTER, {"character": ch}
    if len(s) > _HANDLE_MAX:
        return NameProblem.TOO_LONG, {"max": str(_HANDLE_MAX)}
    labels = s.split(".")
    if len(labels) < 2:
        return NameProblem.NO_DOT, {}
    for label in labels:
        if not label:
            return NameProblem.EMPTY_LABEL, {}
        if len(label) > _LABEL_MAX:
            return NameProblem.LABEL_TOO_LONG, {"max": str(_LABEL_MAX)}
        if label.startswith("-") or label.endswith("-"):
            return NameProblem.LABEL_HYPHEN, {"label": label}
    if all(label.isdigit() for label in labels):
        return NameProblem.IP_ADDRESS, {}
    if not labels[-1][0].isalpha():
        return NameProblem.TLD_DIGIT, {}
    return None


def _character(ch: str) -> _Problem:
    return (NameProblem.WHITESPACE, {}) if ch.isspace() else (NameProblem.CHARACTER, {"character": ch})


def _did_problem(s: str) -> _Problem | None:
    """Why ``s`` is not a DID, or None. Same rules as the reference ``ensureValidDid``."""
    if not s.startswith("did:"):
        return (NameProblem.DID_UPPERCASE if s[:4].lower() == "did:" else NameProblem.NOT_A_DID), {}
    if len(s) > _DID_MAX:
        return NameProblem.TOO_LONG, {"max": str(_DID_MAX)}
    for ch in s:
        if ch not in _DID_CHARS:
            return _character(ch)
    method, sep, identifier = s[4:].partition(":")
    if not sep:
        return NameProblem.DID_WITHOUT_METHOD, {}
    if _DID_METHOD_RE.fullmatch(method) is None:
        return NameProblem.DID_METHOD, {}
    if not identifier:
        return NameProblem.DID_EMPTY_IDENTIFIER, {}
    # The spec reserves '%' for percent-encoding but lets implementations skip
    # checking the escapes; like the reference, only a final '%' is refused.
    if identifier.endswith((":", "%")):
        return NameProblem.DID_END, {}
    return None


def _username_problem(s: str) -> _Problem | None:
    if not s:
        return NameProblem.EMPTY, {}
    for ch in s:
        if ch not in _USERNAME_CHARS:
            return _character(ch)
    if len(s) > _USERNAME_MAX:
        return NameProblem.TOO_LONG, {"max": str(_USERNAME_MAX)}
    if _USERNAME_RE.fullmatch(s) is None:
        return NameProblem.EDGE_DOT_OR_HYPHEN, {}
    return None


# --- the lenient front door --------------------------------------------------------------------


def parse_ref(text: str) -> MastodonRef | BlueskyRef:
    """Turn what a person pastes into a typed, normalised account reference.

    Accepts ``@user@host``, ``user@host``, ``acct:user@host``, Mastodon profile
    URLs (``https://host/@user``, ``/@user@other``, ``/users/user``), Bluesky
    handles (``@name.bsky.social``, ``example.org``), DIDs, ``at://`` URIs and
    ``https://bsky.app/profile/…`` URLs.

    Raises:
        InvalidReferenceError: the text is none of these; ``code`` says why (a
            `quitx.errors.ReferenceProblem`), ``reason`` in English, ``describe("fr")`` in French.
    """
    s = text.strip()
    if not s:
        raise InvalidReferenceError(text, ReferenceProblem.EMPTY)
    if len(s) > _INPUT_MAX:
        raise InvalidReferenceError(text, ReferenceProblem.TOO_LONG, max=str(_INPUT_MAX))
    for ch in s:
        if ch.isspace():
            raise InvalidReferenceError(text, ReferenceProblem.WHITESPACE)
        category = unicodedata.category(ch)
        if category == "Cc":
            raise InvalidReferenceError(
                text, ReferenceProblem.CONTROL_CHARACTER, codepoint=f"U+{ord(ch):04X}"
            )
        if category == "Cf":
            # zero-width spaces, joiners, BOMs and direction marks ride along with copied text
            raise InvalidReferenceError(
                text, ReferenceProblem.INVISIBLE_CHARACTER, codepoint=f"U+{ord(ch):04X}"
            )

    scheme = _URL_SCHEME_RE.match(s)
    if scheme is not None:
        name = scheme["scheme"].lower()
        if name in {"http", "https"}:
            return _from_web_url(text, s)
        if name == "at":
            return _from_at_uri(text, s[scheme.end() :])
        raise InvalidReferenceError(text, ReferenceProblem.UNSUPPORTED_SCHEME, scheme=scheme["scheme"])
    if s[:5].lower() == "acct:":
        return _mastodon(text, s[5:].removeprefix("@"))
    if s[:4].lower() == "did:":
        return _bluesky_did(text, s)

    first_slash = s.find("/")
    if first_slash > 0 and not {"@", ":"} & set(s[:first_slash]):
        if not s[first_slash:].strip("/"):
            s = s[:first_slash]  # 'example.org/': a bare domain with a trailing slash
        else:
            # 'mastodon.social/@user' or 'bsky.app/profile/x': a URL without its scheme
            return _from_web_url(text, "https://" + s)

    s = s.removeprefix("@")
    if "@" in s:
        return _mastodon(text, s)
    return _bluesky_handle(text, s)


def _mastodon(text: str, acct: str) -> MastodonRef:
    """``user@domain`` (without a leading '@') → MastodonRef."""
    username, sep, domain = acct.partition("@")
    if not sep:
        raise InvalidReferenceError(text, ReferenceProblem.NO_DOMAIN, value=acct)
    if not username:
        raise InvalidReferenceError(text, ReferenceProblem.NO_USERNAME)
    if not domain:
        raise InvalidReferenceError(text, ReferenceProblem.NOTHING_AFTER_AT)
    if "@" in domain:
        raise InvalidReferenceError(text, ReferenceProblem.TOO_MANY_AT)
    problem = _username_problem(username)
    if problem is not None:
        code, values = problem
        raise InvalidReferenceError(
            text, ReferenceProblem.INVALID_USERNAME, value=username, problem=code, **values
        )
    # Mastodon matches usernames case-insensitively (lower(username) lookups), so
    # one spelling per account; the check above made it ASCII, so lower() is safe.
    return MastodonRef(
        username=username.lower(), domain=_domain(text, domain, ReferenceProblem.INVALID_DOMAIN)
    )


def _bluesky_handle(text: str, handle: str) -> BlueskyRef:
    if not any(dot in handle for dot in _DOTS) and ":" not in handle:
        raise InvalidReferenceError(text, ReferenceProblem.HANDLE_WITHOUT_DOMAIN, value=handle)
    normalised = _domain(text, handle, ReferenceProblem.INVALID_HANDLE)
    if normalised == _INVALID_HANDLE:
        raise InvalidReferenceError(text, ReferenceProblem.UNVERIFIED_HANDLE)
    return BlueskyRef(handle=normalised)


def _bluesky_did(text: str, did: str) -> BlueskyRef:
    # DIDs are case-sensitive: kept exactly as given (did:plc identifiers are lowercase anyway).
    problem = _did_problem(did)
    if problem is not None:
        code, values = problem
        raise InvalidReferenceError(text, ReferenceProblem.INVALID_DID, value=did, problem=code, **values)
    return BlueskyRef(did=did)


def _bluesky_actor(text: str, actor: str) -> BlueskyRef:
    actor = actor.removeprefix("@")
    if actor[:4].lower() == "did:":
        return _bluesky_did(text, actor)
    return _bluesky_handle(text, actor)


def _domain(text: str, raw: str, what: ReferenceProblem) -> str:
    """Normalise a domain (lowercase, IDNA → ASCII, no trailing dot) and check it strictly;
    ``what`` is the code that says which name it is (a domain, a handle, a host) when it is not one."""
    port = _PORT_RE.fullmatch(raw)
    if port is not None and port["port"]:
        # quitx talks to servers by name; test servers on other ports go through the
        # settings' host map, so a handle never carries a port.
        raise InvalidReferenceError(text, what, value=raw, problem=NameProblem.PORT, port=port["port"])
    domain = raw
    if not domain.isascii():
        try:
            # UTS 46 maps case, full-width letters and ideographic dots before IDNA 2008
            domain = idna.encode(domain, uts46=True, transitional=False).decode("ascii")
        except (UnicodeError, ValueError) as exc:  # idna.IDNAError is a UnicodeError
            raise InvalidReferenceError(
                text, what, value=raw, problem=NameProblem.IDNA, error=str(exc)
            ) from exc
    domain = domain.lower()
    if domain.endswith(".") and not domain.endswith(".."):
        domain = domain[:-1]  # the DNS root: 'example.org.' is 'example.org'
    problem = _handle_problem(domain)
    if problem is not None:
        code, values = problem
        raise InvalidReferenceError(text, what, value=raw, problem=code, **values)
    return domain


def _from_at_uri(text: str, rest: str) -> BlueskyRef:
    """The authority of ``at://authority/collection/rkey``; the rest is not checked."""
    authority = re.split(r"[/?#]", rest, maxsplit=1)[0]
    if not authority:
        raise InvalidReferenceError(text, ReferenceProblem.EMPTY_AT_URI)
    # a DID's identifier may hold percent-escapes of its own: the authority is taken literally
    return _bluesky_actor(text, authority)


def _from_web_url(text: str, url: str) -> MastodonRef | BlueskyRef:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise InvalidReferenceError(text, ReferenceProblem.INVALID_URL, error=str(exc)) from exc
    if "@" in parts.netloc:
        raise InvalidReferenceError(text, ReferenceProblem.URL_WITH_CREDENTIALS)
    raw_host = parts.netloc.rpartition(":")[0] if port is not None else parts.netloc
    if not raw_host:
        raise InvalidReferenceError(text, ReferenceProblem.URL_WITHOUT_HOST)
    default_port = 443 if parts.scheme.lower() == "https" else 80
    if port is not None and port != default_port:
        raise InvalidReferenceError(text, ReferenceProblem.URL_WITH_PORT, port=str(port))
    host = _domain(text, raw_host, ReferenceProblem.INVALID_HOST)
    # trailing or doubled slashes do not matter; browsers may percent-encode '@'
    # (a DID keeps its own percent-escapes)
    segments = [seg if seg.startswith("did:") else unquote(seg) for seg in parts.path.split("/") if seg]

    if host in _BLUESKY_WEB_HOSTS:
        if len(segments) >= 2 and segments[0] == "profile":
            return _bluesky_actor(text, segments[1])
        raise InvalidReferenceError(text, ReferenceProblem.NOT_A_BLUESKY_PROFILE)
    if host in _ELSEWHERE_HOSTS or host.removeprefix("www.") in _ELSEWHERE_HOSTS:
        raise InvalidReferenceError(text, ReferenceProblem.UNSUPPORTED_NETWORK, host=host)

    if segments and segments[0] == "web":  # Mastodon's old web-app routes: /web/@user
        segments = segments[1:]
    if segments and segments[0].startswith("@") and len(segments[0]) > 1:
        # /@user is a local account; /@user@other is another server's account seen from here
        username, sep, other = segments[0][1:].partition("@")
        return _mastodon(text, f"{username}@{other}" if sep else f"{username}@{host}")
    if len(segments) >= 2 and segments[0] == "users":
        return _mastodon(text, f"{segments[1]}@{host}")
    if segments and segments[0] == "profile":
        raise InvalidReferenceError(text, ReferenceProblem.BLUESKY_PROFILE_ELSEWHERE, host=host)
    raise InvalidReferenceError(text, ReferenceProblem.NOT_A_PROFILE, host=host, path=parts.path or "/")


# --- how Bridgy Fed names a bridged account on the other network ------------------------------------

_AP_SUFFIX = "ap.brid.gy"
_BSKY_DOMAIN = "bsky.brid.gy"


def _split_acct(acct: str) -> tuple[str, str]:
    user, sep, domain = acct.strip().lstrip("@").rpartition("@")
    if not sep or not user or not domain:
        raise ValueError(f"not a user@domain fediverse address: {acct!r}")
    return user, domain


def bluesky_handle_for(acct: str) -> str:
    """``user_name@mastodon.social`` → ``user-name.mastodon.social.ap.brid.gy``."""
    user, domain = _split_acct(acct)
    # Bluesky handle labels allow only [a-z0-9-]: Bridgy Fed turns '_' and '~' into '-'
    label = user.replace("_", "-").replace("~", "-")
    return f"{label}.{domain}.{_AP_SUFFIX}".lower()


def fediverse_handle_for(handle: str) -> str:
    """``alice.bsky.social`` → ``@alice.bsky.social@bsky.brid.gy``."""
    clean = handle.strip().lstrip("@").lower()
    if not clean or "@" in clean:
        raise ValueError(f"not a Bluesky handle: {handle!r}")
    return f"@{clean}@{_BSKY_DOMAIN}"
