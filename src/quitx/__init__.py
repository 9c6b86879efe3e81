"""quitx: help an institution leave X and Meta for Mastodon and Bluesky.

The public API. Names are loaded on first use, so ``import quitx`` stays cheap
(no httpx, no SDK, no I/O until a check runs).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .config import Settings, load_settings
    from .errors import (
        BadResponseError,
        ConfigError,
        InvalidReferenceError,
        QuitxError,
        RateLimitedError,
        RemoteError,
        TransportError,
    )
    from .handles import (
        is_valid_at_identifier,
        is_valid_at_uri,
        is_valid_did,
        is_valid_handle,
        is_valid_mastodon_username,
        parse_ref,
    )
    from .lookup import Prober, aexists, aexists_many, exists, exists_many
    from .models import (
        AccountRef,
        BlueskyAccount,
        BlueskyRef,
        Evidence,
        ExistsResult,
        MastodonAccount,
        MastodonRef,
        Platform,
        Reason,
        Verdict,
    )

__version__ = "0.1.0"

_WHERE = {
    "AccountRef": "models",
    "BadResponseError": "errors",
    "BlueskyAccount": "models",
    "BlueskyRef": "models",
    "ConfigError": "errors",
    "Evidence": "models",
    "ExistsResult": "models",
    "InvalidReferenceError": "errors",
    "MastodonAccount": "models",
    "MastodonRef": "models",
    "Platform": "models",
    "Prober": "lookup",
    "QuitxError": "errors",
    "RateLimitedError": "errors",
    "Reason": "models",
    "RemoteError": "errors",
    "Settings": "config",
    "TransportError": "errors",
    "Verdict": "models",
    "aexists": "lookup",
    "aexists_many": "lookup",
    "exists": "lookup",
    "exists_many": "lookup",
    "is_valid_at_identifier": "handles",
    "is_valid_at_uri": "handles",
    "is_valid_did": "handles",
    "is_valid_handle": "handles",
    "is_valid_mastodon_username": "handles",
    "load_settings": "config",
    "parse_ref": "handles",
}

__all__ = [
    "AccountRef",
    "BadResponseError",
    "BlueskyAccount",
    "BlueskyRef",
    "ConfigError",
    "Evidence",
    "ExistsResult",
    "InvalidReferenceError",
    "MastodonAccount",
    "MastodonRef",
    "Platform",
    "Prober",
    "QuitxError",
    "RateLimitedError",
    "Reason",
    "RemoteError",
    "Settings",
    "TransportError",
    "Verdict",
    "__version__",
    "aexists",
    "aexists_many",
    "exists",
    "exists_many",
    "is_valid_at_identifier",
    "is_valid_at_uri",
    "is_valid_did",
    "is_valid_handle",
    "is_valid_mastodon_username",
    "load_settings",
    "parse_ref",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'quitx' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
