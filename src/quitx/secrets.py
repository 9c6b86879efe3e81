"""Credentials for ``quitx apply``: from environment variables or the system keyring, never arguments.

Where they come from, first found wins::

    Mastodon access token  $QUITX_MASTODON_TOKEN, else keyring (service "quitx", user "mastodon:@user@host")
    Bluesky handle         $QUITX_BLUESKY_HANDLE, else the handle of the report's own account
    Bluesky app password   $QUITX_BLUESKY_APP_PASSWORD, else keyring (user "bluesky:<handle>")

Store one in the keyring with ``keyring set quitx mastodon:@univexemple@social.exemple.fr`` (the
``keyring`` command asks for the value, so it never lands in the shell history).

A `Secret` never shows its value: ``repr``, ``str`` and f-strings give ``***``; only
`Secret.reveal` gives it, at the one place it is handed to an SDK. `mask` scrubs secret
values out of any text (an error message, a log line) before it is shown or stored. The keyring
library is imported only when a credential is looked up there.
"""

from __future__ import annotations

import hmac
import logging
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from string import Template
from typing import Any, NoReturn

from ._msg import Language, Msg

__all__ = [
    "ENV_BLUESKY_APP_PASSWORD",
    "ENV_BLUESKY_HANDLE",
    "ENV_MASTODON_TOKEN",
    "KEYRING_SERVICE",
    "MASK",
    "BlueskyCredentials",
    "Credentials",
    "KeyringFailure",
    "KeyringProblem",
    "MaskingFilter",
    "MastodonCredentials",
    "Secret",
    "is_secret_name",
    "keyring_user",
    "load_credentials",
    "mask",
    "secret_env_values",
]

ENV_MASTODON_TOKEN = "QUITX_MASTODON_TOKEN"  # noqa: S105 - the variable's name, not a value
ENV_BLUESKY_HANDLE = "QUITX_BLUESKY_HANDLE"
ENV_BLUESKY_APP_PASSWORD = "QUITX_BLUESKY_APP_PASSWORD"  # noqa: S105 - the variable's name, not a value
KEYRING_SERVICE = "quitx"
MASK = "***"

# what gives a secret away whatever its value: "Authorization: Bearer <token>", "access_token=<token>",
# "password": "<value>" (JSON, query strings, headers), and the user:password of a URL
_BEARER = re.compile(r"(?i)(bearer\s+)[^\s'\",]+")
_TOKEN_PARAM = re.compile(
    r"(?i)((?:access_?token|refresh_?token|token|password|app_password|secret|accessJwt|refreshJwt)"
    r"['\"]?\s*[:=]\s*['\"]?)[^\s'\"&,}]+"
)
_AUTHORIZATION = re.compile(
    r"(?i)(authorization['\"]?\s*[:=]\s*['\"]?)(?:[a-z]+\s+)?[^\s'\"&,}]+"
)  # scheme too
_URL_CREDENTIALS = re.compile(r"(://)[A-Za-z0-9._~%!$&*+;=:-]+@")  # userinfo: never across a quote
# words that make an environment variable's value a secret (QUITX_MASTODON_TOKEN…)
_SECRET_WORDS = ("token", "password", "secret", "authorization", "cookie", "credential")

_log = logging.getLogger(__name__)


class Secret:
    """A credential that never prints itself: ``repr``, ``str`` and ``format`` give ``***``."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        if not isinstance(value, str) or not value:
            raise ValueError("a secret must be a non-empty string")
        object.__setattr__(self, "_value", value)

    def reveal(self) -> str:
        """The value itself: only for handing it to the SDK that needs it."""
        value: str = object.__getattribute__(self, "_value")
        return value

    def __setattr__(self, name: str, value: Any) -> NoReturn:
        raise AttributeError("a Secret is read-only")

    def __repr__(self) -> str:
        return f"Secret('{MASK}')"

    def __str__(self) -> str:
        return MASK

    def __format__(self, spec: str) -> str:
        return MASK

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Secret):
            return NotImplemented
        return hmac.compare_digest(self.reveal().encode(), other.reveal().encode())

    def __hash__(self) -> int:
        return hash((Secret, len(self.reveal())))

    def __reduce__(self) -> NoReturn:
        raise TypeError("a Secret cannot be pickled")

    def __len__(self) -> int:
        return len(self.reveal())


def mask(text: str, secrets: Iterable[Secret | str | None] = ()) -> str:
    """``text`` with every secret value replaced by ``***``, and whatever gives a secret away
    whatever its value: a bearer token, ``access_token=…``, ``"password": "…"`` and the like
    (`_TOKEN_PARAM`), the ``user:password@`` of a URL. The one masking: logs, errors, results."""
    values = sorted(
        {s.reveal() if isinstance(s, Secret) else s for s in secrets if s},
        key=len,
        reverse=True,
    )
    for value in values:
        if len(value) >= 4:  # shorter would mask ordinary words; no real credential is that short
            text = text.replace(value, MASK)
    text = _BEARER.sub(lambda m: m.group(1) + MASK, text)
    text = _TOKEN_PARAM.sub(lambda m: m.group(1) + MASK, text)
    text = _AUTHORIZATION.sub(lambda m: m.group(1) + MASK, text)
    return _URL_CREDENTIALS.sub(lambda m: m.group(1) + MASK + "@", text)


def is_secret_name(name: str) -> bool:
    """Whether a variable or field called ``name`` holds a secret (a token, a password…)."""
    return any(word in name.lower() for word in _SECRET_WORDS)


def secret_env_values(environ: Mapping[str, str]) -> tuple[str, ...]:
    """The values of the QUITX_* variables whose names say they are secrets: to mask in logs."""
    return tuple(v for k, v in environ.items() if k.startswith("QUITX_") and v and is_secret_name(k))


class MaskingFilter(logging.Filter):
    """A logging filter that masks (`mask`) the given secrets, and what gives any secret away, in
    every record passing through a handler."""

    def __init__(self, secrets: Iterable[Secret | str] = ()) -> None:
        super().__init__()
        self.secrets = tuple(secrets)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask(message, self.secrets)
        if masked != message:
            record.msg, record.args = masked, None
        return True


@dataclass(frozen=True)
class MastodonCredentials:
    token: Secret
    source: str  # "environment ($QUITX_MASTODON_TOKEN)" or "keyring (quitx / mastodon:@u@h)"


@dataclass(frozen=True)
class BlueskyCredentials:
    handle: str  # the login identifier (not secret)
    password: Secret  # an app password
    source: str


class KeyringProblem(StrEnum):
    """Why the keyring could not be asked for a credential."""

    NOT_INSTALLED = "not_installed"  # the keyring library is missing (a declared dependency)
    NO_BACKEND = "no_backend"  # the library found no keyring on this system
    UNREADABLE = "unreadable"  # error: a locked store…
    BACKEND_FAILED = "backend_failed"  # error: a broken backend (D-Bus down…)


KEYRING_PROBLEMS: Mapping[KeyringProblem, Msg] = {
    KeyringProblem.NOT_INSTALLED: Msg(
        "la bibliothèque keyring n’est pas installée", "the keyring library is not installed"
    ),
    KeyringProblem.NO_BACKEND: Msg(
        "aucun trousseau n’est disponible sur ce système (la bibliothèque keyring n’en a trouvé "
        "aucun) : en installer un, par exemple Secret Service sous Linux, ou utiliser les variables "
        "d’environnement",
        "no keyring backend is available on this system (the keyring library found none: install "
        "one, e.g. Secret Service on Linux, or use the environment variables)",
    ),
    KeyringProblem.UNREADABLE: Msg(
        "le trousseau n’a pas pu être lu (${error})", "the keyring could not be read (${error})"
    ),
    KeyringProblem.BACKEND_FAILED: Msg(
        "le trousseau a échoué (${error})", "the keyring backend failed (${error})"
    ),
}


@dataclass(frozen=True)
class KeyringFailure:
    """Why no credential came from the keyring: a code, and the failure's name when there was one."""

    problem: KeyringProblem
    error: str = ""

    def describe(self, language: Language = "en") -> str:
        return Template(KEYRING_PROBLEMS[self.problem].text(language)).substitute(error=self.error)


@dataclass(frozen=True)
class Credentials:
    mastodon: MastodonCredentials | None = None
    bluesky: BlueskyCredentials | None = None
    # why none was found, when the keyring could not be asked (no keyring backend…)
    mastodon_missing: KeyringFailure | None = None
    bluesky_missing: KeyringFailure | None = None

    @property
    def secrets(self) -> tuple[Secret, ...]:
        out: list[Secret] = []
        if self.mastodon:
            out.append(self.mastodon.token)
        if self.bluesky:
            out.append(self.bluesky.password)
        return tuple(out)

    def mask(self, text: str) -> str:
        return mask(text, self.secrets)

    def why_missing(self, platform: str, language: Language = "en") -> str | None:
        """Why no credential was found for ``platform`` ("mastodon"/"bluesky"), when something failed,
        in ``language``."""
        missing = self.mastodon_missing if platform == "mastodon" else self.bluesky_missing
        return None if missing is None else missing.describe(language)


def keyring_user(platform: str, account: str) -> str:
    """The keyring user name for an account: ``mastodon:@user@host`` or ``bluesky:<handle>``."""
    account = account.strip()
    if platform == "mastodon":
        return f"mastodon:@{account.lstrip('@')}"
    return f"bluesky:{account.lstrip('@').lower()}"


def _from_keyring(user: str) -> tuple[str | None, KeyringFailure | None]:
    """(the value, or None; why the keyring could not be asked, or None)."""
    try:
        import keyring
        from keyring.errors import KeyringError, NoKeyringError
    except ImportError:  # pragma: no cover - a declared dependency
        return None, KeyringFailure(KeyringProblem.NOT_INSTALLED)
    try:
        value = keyring.get_password(KEYRING_SERVICE, user)
    except NoKeyringError:
        _log.info("keyring lookup for %s: no keyring backend", user)
        return None, KeyringFailure(KeyringProblem.NO_BACKEND)
    except KeyringError as exc:  # a locked store…: say so, never fail the run for it
        _log.info("keyring lookup for %s failed: %s", user, type(exc).__name__)
        return None, KeyringFailure(KeyringProblem.UNREADABLE, type(exc).__name__)
    except Exception as exc:  # a broken backend (D-Bus down…) must not stop a dry run
        _log.info("keyring lookup for %s failed: %s", user, type(exc).__name__)
        return None, KeyringFailure(KeyringProblem.BACKEND_FAILED, type(exc).__name__)
    return value or None, None


def load_credentials(
    *,
    mastodon_account: str | None = None,
    bluesky_handle: str | None = None,
    environ: Mapping[str, str] | None = None,
    use_keyring: bool = True,
) -> Credentials:
    """Find the credentials for the accounts named (environment first, then the keyring).

    ``mastodon_account`` (``user@host``) and ``bluesky_handle`` name the keyring entries; the
    environment variables need no name. Missing credentials give ``None`` for that platform.
    """
    env = os.environ if environ is None else environ
    mastodon: MastodonCredentials | None = None
    mastodon_missing: KeyringFailure | None = None
    bluesky_missing: KeyringFailure | None = None
    token = env.get(ENV_MASTODON_TOKEN, "").strip()
    if token:
        mastodon = MastodonCredentials(Secret(token), f"environment (${ENV_MASTODON_TOKEN})")
    elif use_keyring and mastodon_account:
        user = keyring_user("mastodon", mastodon_account)
        found, mastodon_missing = _from_keyring(user)
        if found:
            mastodon = MastodonCredentials(Secret(found), f"keyring ({KEYRING_SERVICE} / {user})")

    bluesky: BlueskyCredentials | None = None
    handle = (env.get(ENV_BLUESKY_HANDLE, "").strip() or (bluesky_handle or "")).lstrip("@").lower()
    password = env.get(ENV_BLUESKY_APP_PASSWORD, "").strip()
    if handle and password:
        bluesky = BlueskyCredentials(handle, Secret(password), f"environment (${ENV_BLUESKY_APP_PASSWORD})")
    elif handle and use_keyring:
        user = keyring_user("bluesky", handle)
        found, bluesky_missing = _from_keyring(user)
        if found:
            bluesky = BlueskyCredentials(handle, Secret(found), f"keyring ({KEYRING_SERVICE} / {user})")
    return Credentials(
        mastodon=mastodon, bluesky=bluesky, mastodon_missing=mastodon_missing, bluesky_missing=bluesky_missing
    )
