"""Names an institution's accounts are likely to have: usernames, Bluesky labels, and name matching.

Pure functions, no I/O. Candidates are few on purpose (each one costs a request on every instance).
"""

from __future__ import annotations

import re
import unicodedata

from ..handles import is_valid_handle, is_valid_mastodon_username
from ..models import Institution

__all__ = ["acronym", "bluesky_labels", "fold", "mastodon_usernames", "matches_name", "site_label"]

_STOP = frozenset(
    # French and English words an acronym or a username leaves out
    [
        "de",
        "du",
        "des",
        "la",
        "le",
        "les",
        "l",
        "d",
        "et",
        "en",
        "pour",
        "sur",
        "au",
        "aux",
        "a",
        "à",
        "of",
        "the",
        "and",
        "for",
        "in",
        "at",
        "on",
        "un",
        "une",
    ]
)
_WORD = re.compile(r"[a-z0-9]+")
MAX_USERNAMES = 6
MAX_LABELS = 4


def fold(text: str) -> str:
    """Lowercase ASCII without accents: "Établissement français" -> "etablissement francais"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _words(name: str) -> list[str]:
    return _WORD.findall(fold(name))


def acronym(name: str) -> str | None:
    """ "Centre national de la recherche scientifique" -> "cnrs"; "Université Rennes 2" -> "ur2";
    "CNRS" -> "cnrs". None when the name gives nothing useful (one ordinary word)."""
    raw = name.strip()
    if re.fullmatch(r"[A-Z0-9]{2,12}", fold(raw).upper()) and raw.isupper():
        return fold(raw)
    words = [w for w in _words(name) if w not in _STOP]
    if len(words) < 2:
        return None
    letters = "".join(w if w.isdigit() else w[0] for w in words)
    # two letters ("me", "cf") would name strangers: too generic to try
    return letters if 3 <= len(letters) <= 12 else None


def site_label(domain: str | None) -> str | None:
    """The distinctive label of a domain: "www.univ-rennes2.fr" -> "univ-rennes2"."""
    if not domain:
        return None
    labels = domain.lower().strip(".").split(".")
    if labels and labels[0] in ("www", "www2", "web"):
        labels = labels[1:]
    if len(labels) < 2:
        return None
    # "college-de-france.exemple.fr" -> "college-de-france"; "cnrs.fr" -> "cnrs"
    return labels[0] or None


def mastodon_usernames(institution: Institution) -> list[str]:
    """Usernames to try on each instance, most likely first."""
    found: list[str] = []
    label = site_label(institution.domain)
    if label:
        found += [label.replace("-", ""), label.replace("-", "_")]
    short = acronym(institution.name)
    if short:
        found.append(short)
    words = [w for w in _words(institution.name) if w not in _STOP]
    if words:
        found += ["".join(words), "_".join(words)]
    out: list[str] = []
    for name in found:
        # Mastodon usernames are at most 30 characters of [a-z0-9_] for local accounts
        if name and len(name) <= 30 and is_valid_mastodon_username(name) and name not in out:
            out.append(name)
    return out[:MAX_USERNAMES]


def bluesky_labels(institution: Institution) -> list[str]:
    """Labels for candidate handles <label>.<suffix> (e.g. on bsky.social)."""
    found: list[str] = []
    label = site_label(institution.domain)
    if label:
        found += [label, label.replace("-", "")]
    short = acronym(institution.name)
    if short:
        found.append(short)
    words = [w for w in _words(institution.name) if w not in _STOP]
    if words:
        found.append("".join(words))
    out: list[str] = []
    for name in found:
        if name and name not in out and is_valid_handle(f"{name}.example"):
            out.append(name)
    return out[:MAX_LABELS]


def matches_name(institution: Institution, display_name: str | None, username: str | None) -> bool:
    """Whether a search result looks like the institution (by name, acronym or usual username)."""
    target = " ".join(_words(institution.name))
    shown = " ".join(_words(display_name or ""))
    if target and shown and (shown == target or target in shown):
        return True
    user = fold(username or "").replace("-", "").replace("_", "").replace(".", "")
    usual = {u.replace("_", "") for u in mastodon_usernames(institution)}
    short = acronym(institution.name)
    return bool(user) and (user in usual or (short is not None and user == short and shown.startswith(short)))
