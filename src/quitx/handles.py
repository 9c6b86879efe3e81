"""Parse and normalise any account reference a person pastes (stub: being written)."""

from __future__ import annotations

from .models import BlueskyRef, MastodonRef

__all__ = ["is_valid_did", "is_valid_handle", "is_valid_mastodon_username", "parse_ref"]


def is_valid_handle(text: str) -> bool:
    raise NotImplementedError


def is_valid_did(text: str) -> bool:
    raise NotImplementedError


def is_valid_mastodon_username(text: str) -> bool:
    raise NotImplementedError


def parse_ref(text: str) -> MastodonRef | BlueskyRef:
    raise NotImplementedError
