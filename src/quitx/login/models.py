"""What a login gives back: never a secret in a field that prints."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, SecretStr

from ..models import Platform

__all__ = ["LoginResult", "MastodonAuthorization"]


class LoginResult(BaseModel):
    """An account whose credential the server accepted, and where it was stored."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    platform: Platform
    account: str  # "@user@host" on Mastodon, the handle on Bluesky
    did: str | None = None  # Bluesky: the account's DID, as its PDS says
    keyring_user: str  # the entry under the keyring service "quitx"
    stored: bool  # False when asked not to store (a dry check of the credential)


class MastodonAuthorization(BaseModel):
    """quitx registered with an instance, waiting for the code its approval page shows."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    host: str
    client_id: str
    client_secret: SecretStr
    url: str  # the page where the account's owner approves quitx
    redirect_uri: str = "urn:ietf:wg:oauth:2.0:oob"  # the page shows the code instead of redirecting
    scopes: tuple[str, ...]
