"""The steps ``quitx apply`` can do, with a line of help each: standard library only, for the
command line's parser reads them (``quitx --help`` imports nothing heavy)."""

from __future__ import annotations

__all__ = ["STEPS"]

STEPS: dict[str, str] = {
    "mastodon-verification": "Mastodon: the website profile field, then verified_at",
    "announce": "the announcement: posted and pinned on Mastodon, posted on Bluesky (both or neither)",
    "bluesky-domain-handle": "Bluesky: the handle on the institution's domain",
    "mastodon-profile": "Mastodon: display name and/or bio, as asked (--display-name, --bio)",
    "bluesky-profile": "Bluesky: display name and/or description, as asked (other fields kept)",
}
