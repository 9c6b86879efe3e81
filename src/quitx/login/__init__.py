"""Log the institution's accounts in once: ``quitx login`` stores their credentials in the system
keyring, where ``quitx apply`` finds them; ``quitx logout`` forgets them.

- Mastodon: OAuth, as toot and Mastodon.py do it — `mastodon_authorize` registers quitx with the
  instance and gives the page where the account's owner approves it, `mastodon_finish` turns the
  code that page shows into a token. A token made by hand (Preferences → Development) goes in
  with `mastodon_token_login`. Either way the token is tried first, and must open the account named.
- Bluesky: an app password (Settings → Privacy and security → App passwords), tried on the
  account's own PDS (found from its DID, as the check finds it). The account's main password is
  refused: it can change the password and delete the account; an app password cannot.

Nothing is stored until the server has accepted the credential.
"""

from __future__ import annotations

from .bluesky import bluesky_login
from .mastodon import SCOPES, mastodon_authorize, mastodon_finish, mastodon_token_login
from .models import LoginResult, MastodonAuthorization
from .store import forget, stored

__all__ = [
    "SCOPES",
    "LoginResult",
    "MastodonAuthorization",
    "bluesky_login",
    "forget",
    "mastodon_authorize",
    "mastodon_finish",
    "mastodon_token_login",
    "stored",
]
