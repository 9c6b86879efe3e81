"""What one network's search turned up, as values: `Found` (one account and how it came), `Finds`
(the builder a strategy fills while it looks, local to one check) and `Findings` (what it froze).

Every change to a found account makes a new `Found`: nothing is shared between checks, and
what a strategy hands over cannot change behind its back.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from ..models import Attempt, BlueskyAccount, Evidence, ExistsResult, FoundBy, MastodonAccount, Verdict

__all__ = ["Findings", "Finds", "Found", "moved_along"]


@dataclass(frozen=True)
class Found:
    """An account found, and every way it was found."""

    account: MastodonAccount | BlueskyAccount
    found_by: tuple[str, ...] = ()
    linked: bool = False  # the institution names it: its homepage links to it, its domain record
    last_post: dt.date | None = None
    extra_reasons: tuple[str, ...] = ()
    proof: tuple[Evidence, ...] = ()  # what makes it ``linked``, beyond the homepage
    moved_from: str | None = None  # the key of the found account that moved to this one

    def with_source(self, *sources: str) -> Found:
        """This account, found by ``sources`` as well (each kept once, in order); a link makes it
        linked."""
        found_by = tuple(dict.fromkeys((*self.found_by, *sources)))
        linked = self.linked or FoundBy.LINK in sources
        return dataclasses.replace(self, found_by=found_by, linked=linked)


def moved_along(found: Mapping[str, Found], old: str, new: str) -> bool:
    """Whether ``new`` is ``old`` or one of the accounts that moved to ``old`` (no loop A -> B -> A)."""
    step: str | None = old
    seen: set[str] = set()
    while step is not None and step not in seen:
        if step == new:
            return True
        seen.add(step)
        entry = found.get(step)
        step = entry.moved_from if entry is not None else None
    return False


@dataclass(frozen=True)
class Findings:
    """What a strategy found, frozen: the accounts by key (insertion order), every attempt with the
    key of the place it belongs to (an instance host; None when it belongs to none), and the
    evidence gathered per place."""

    found: Mapping[str, Found]
    attempts: tuple[tuple[str | None, Attempt], ...]
    evidence: Mapping[str, tuple[Evidence, ...]]

    def attempts_at(self, key: str) -> tuple[Attempt, ...]:
        return tuple(a for k, a in self.attempts if k == key)


class Finds:
    """The builder one strategy fills during one check (never shared): accounts by key, attempts,
    evidence by place. `freeze` gives the `Findings`."""

    def __init__(self) -> None:
        self._found: dict[str, Found] = {}
        self._attempts: list[tuple[str | None, Attempt]] = []
        self._evidence: dict[str, list[Evidence]] = {}

    def __contains__(self, key: object) -> bool:
        return key in self._found

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._found))

    def __getitem__(self, key: str) -> Found:
        return self._found[key]

    def get(self, key: str) -> Found | None:
        return self._found.get(key)

    def values(self) -> tuple[Found, ...]:
        return tuple(self._found.values())

    def put(self, key: str, found: Found) -> Found:
        self._found[key] = found
        return found

    def add(self, key: str, account: MastodonAccount | BlueskyAccount, *sources: str) -> Found:
        """``account`` found by ``sources``: a new entry, or the sources added to the one found
        before (whose description is kept, unless only this one says how many follow it)."""
        found = self._found.get(key)
        if found is None:
            found = Found(account)
        elif found.account.followers_count is None and account.followers_count is not None:
            found = dataclasses.replace(found, account=account)  # keep the fuller description
        return self.put(key, found.with_source(*sources))

    def attempt(self, key: str | None, attempt: Attempt) -> None:
        self._attempts.append((key, attempt))

    def evidence(self, key: str, evidence: tuple[Evidence, ...] | list[Evidence]) -> None:
        self._evidence.setdefault(key, []).extend(evidence)

    def record(self, key: str, source: str, result: ExistsResult) -> Found | None:
        """One exact lookup at the place ``key``: its attempt and evidence kept; the account it
        proves present added (by its canonical ``acct``), or None when it proves none."""
        self.attempt(
            key,
            Attempt(
                ref=str(result.ref),
                found_by=source,
                verdict=result.verdict,
                reason=result.reason,
                detail=result.detail,
            ),
        )
        self.evidence(key, result.evidence)
        account = result.account
        if result.verdict is Verdict.PRESENT and isinstance(account, MastodonAccount):
            return self.add(account.acct, account, source)
        return None

    def freeze(self) -> Findings:
        return Findings(
            found=MappingProxyType(dict(self._found)),
            attempts=tuple(self._attempts),
            evidence=MappingProxyType({k: tuple(v) for k, v in self._evidence.items()}),
        )
