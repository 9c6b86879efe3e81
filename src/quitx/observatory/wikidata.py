"""Wikidata as a source of institutions: a SPARQL client and the items it reads.

The query goes to ``settings.wikidata_sparql_url`` (default ``https://query.wikidata.org/sparql``)
as a GET through quitx's one HTTP engine (`quitx._http.HttpEngine`): the user agent, pacing, the
``Retry-After`` of a busy endpoint and the disk cache are the engine's. The answer is read in the
SPARQL 1.1 Query Results JSON Format (``application/sparql-results+json``).

A query names one item per row in ``?item``, and may bind ``?label_fr``, ``?label_en`` (or
``?itemLabel``), ``?website`` (P856), ``?x`` (P2002), ``?mastodon`` (P4033) and ``?bluesky``
(P12361). A value may hold several, separated by spaces (``GROUP_CONCAT``), and an item may come
on several rows (one per value): both are merged by QID.

What Wikidata says is a claim to verify, never proof: its Mastodon and Bluesky accounts become an
institution's *known handles*, which the check treats like any other (a candidate until the
institution's site or domain proves it). A value that is no account reference is dropped, and the
item's notes say so.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode, urlsplit

from pydantic import BaseModel, ConfigDict, ValidationError

from .._text import inert
from ..errors import InvalidReferenceError, SourceError, SourceProblem, field_issues
from ..handles import parse_ref
from ..models import BlueskyRef, Evidence, Institution, InstitutionKind, MastodonRef, Reason
from ..models.base import _Frozen

if TYPE_CHECKING:
    from .._http import HttpEngine
    from ..config import Settings

__all__ = [
    "MAX_ITEMS",
    "SPARQL_JSON",
    "WikidataFetch",
    "WikidataItem",
    "afetch_items",
    "fetch_items",
    "institution_of",
    "items_from_results",
    "sparql_user_agent",
]

SPARQL_JSON = "application/sparql-results+json"
MAX_ITEMS = 20_000  # items read from one answer, at most: an endpoint cannot make a run endless
MAX_BYTES = 50_000_000  # an answer's size, at most (a sector is a few hundred items, a few MB)
MAX_VALUES = 20  # values of one property kept per item
_QID = re.compile(r"Q[1-9][0-9]{0,11}")
_ENTITY = re.compile(r"https?://www\.wikidata\.org/entity/(Q[1-9][0-9]{0,11})")
# Wikidata's query service stops a query at 60 s: the engine waits for it, not the usual 10 s
_QUERY_TIMEOUT = 65.0


class WikidataItem(_Frozen):
    """One Wikidata item, as the query gave it (values are Wikidata's, unchecked)."""

    qid: str
    label_fr: str | None = None
    label_en: str | None = None
    websites: tuple[str, ...] = ()  # P856 official website
    x_usernames: tuple[str, ...] = ()  # P2002 X username
    mastodon: tuple[str, ...] = ()  # P4033 Mastodon address, "user@server"
    bluesky: tuple[str, ...] = ()  # P12361 Bluesky handle

    @property
    def name(self) -> str:
        return self.label_fr or self.label_en or self.qid

    @property
    def url(self) -> str:
        return f"https://www.wikidata.org/wiki/{self.qid}"


class WikidataFetch(_Frozen):
    """What one query gave: the items, and the evidence of the request."""

    endpoint: str
    query: str
    items: tuple[WikidataItem, ...]
    fetched_at: dt.datetime
    evidence: Evidence
    rows: int  # result rows read (several per item when values came one per row)
    truncated: bool = False  # more than MAX_ITEMS items: the rest were not read
    from_cache: bool = False  # served from the HTTP cache: nothing was sent


# --- the SPARQL JSON results format (upstream: extra fields tolerated) --------------------------------


class _Term(BaseModel):
    model_config = ConfigDict(extra="ignore")
    type: str
    value: str


class _Head(BaseModel):
    model_config = ConfigDict(extra="ignore")
    vars: list[str] = []


class _Results(BaseModel):
    model_config = ConfigDict(extra="ignore")
    bindings: list[Any]


class _Answer(BaseModel):
    model_config = ConfigDict(extra="ignore")
    head: _Head
    results: _Results


def _value(binding: Mapping[str, Any], name: str) -> str | None:
    raw = binding.get(name)
    if raw is None:
        return None
    try:
        term = _Term.model_validate(raw)
    except ValidationError:
        return None
    return term.value


def _qid(binding: Mapping[str, Any]) -> str | None:
    value = _value(binding, "item")
    if value is None:
        return None
    value = value.strip()
    match = _ENTITY.fullmatch(value)
    if match:
        return match.group(1)
    return value if _QID.fullmatch(value) else None


def _label(text: str | None) -> str | None:
    cleaned = inert(text)[:300].strip()
    return cleaned or None


class _Merging:
    """The values of one item, gathered over its rows."""

    def __init__(self, qid: str) -> None:
        self.qid = qid
        self.labels: dict[str, str] = {}
        self.values: dict[str, dict[str, None]] = {k: {} for k in ("website", "x", "mastodon", "bluesky")}

    def add(self, binding: Mapping[str, Any]) -> None:
        for key, names in (("fr", ("label_fr",)), ("en", ("label_en", "itemLabel"))):
            for name in names:
                label = _label(_value(binding, name))
                if label and key not in self.labels and label != self.qid:
                    self.labels[key] = label
        for key, bucket in self.values.items():
            for part in (_value(binding, key) or "").split():
                if len(bucket) < MAX_VALUES and len(part) <= 2000:
                    bucket.setdefault(part, None)

    def item(self) -> WikidataItem:
        def sorted_values(key: str) -> tuple[str, ...]:
            return tuple(sorted(self.values[key]))

        return WikidataItem(
            qid=self.qid,
            label_fr=self.labels.get("fr"),
            label_en=self.labels.get("en"),
            websites=sorted_values("website"),
            x_usernames=sorted_values("x"),
            mastodon=sorted_values("mastodon"),
            bluesky=sorted_values("bluesky"),
        )


def items_from_results(data: Any, *, url: str | None = None) -> tuple[list[WikidataItem], int, bool]:
    """(items in the order of their first row, rows read, truncated) from a decoded SPARQL JSON
    answer. Raises `SourceError` (naming ``url``, the endpoint) when it is not one."""
    try:
        answer = _Answer.model_validate(data)
    except ValidationError as exc:
        issues = field_issues(exc.errors()[:1])
        raise SourceError(SourceProblem.NOT_SPARQL_JSON, url=url, issues=issues) from exc
    if "item" not in answer.head.vars and answer.results.bindings:
        raise SourceError(SourceProblem.NO_ITEM, url=url)
    merged: dict[str, _Merging] = {}
    truncated = False
    rows = 0
    for binding in answer.results.bindings:
        if not isinstance(binding, Mapping):
            continue
        rows += 1
        qid = _qid(binding)
        if qid is None:
            continue
        one = merged.get(qid)
        if one is None:
            if len(merged) >= MAX_ITEMS:
                truncated = True
                continue
            one = merged[qid] = _Merging(qid)
        one.add(binding)
    return [m.item() for m in merged.values()], rows, truncated


# --- items become institutions -------------------------------------------------------------------------


def _homepage(websites: Sequence[str]) -> str | None:
    """The official website to read: an http(s) URL with a host, the site's root first."""
    usable = []
    for url in websites:
        try:
            parts = urlsplit(url)
        except ValueError:
            continue
        if parts.scheme in ("http", "https") and parts.hostname:
            usable.append((parts.path not in ("", "/"), parts.scheme != "https", len(url), url))
    return min(usable)[3] if usable else None


def _refs(
    values: Iterable[str], kind: type[MastodonRef | BlueskyRef], what: str
) -> tuple[list[str], list[str]]:
    refs: list[str] = []
    notes: list[str] = []
    for value in values:
        try:
            ref = parse_ref(value)
        except InvalidReferenceError as exc:
            notes.append(f"{what} {inert(value)[:80]!r} dropped: {exc.reason}")
            continue
        if not isinstance(ref, kind):
            notes.append(f"{what} {inert(value)[:80]!r} dropped: not a {kind.__name__[:-3]} account")
            continue
        text = str(ref)
        if text not in refs:
            refs.append(text)
    return refs, notes


def institution_of(
    item: WikidataItem, kind: InstitutionKind = InstitutionKind.RESEARCH
) -> tuple[Institution | None, tuple[str, ...]]:
    """The institution to check for an item (None when there is nothing to check by), and notes on
    what was dropped. Its Mastodon and Bluesky accounts from Wikidata are known handles: claims the
    check verifies, never proof."""
    mastodon, notes = _refs(item.mastodon, MastodonRef, "P4033 Mastodon address")
    bluesky, more = _refs(item.bluesky, BlueskyRef, "P12361 Bluesky handle")
    notes += more
    homepage = _homepage(item.websites)
    if item.websites and homepage is None:
        notes.append("P856 official website: no http(s) URL with a host")
    # a label is remote text: made inert here, as the letter and the summaries will print it
    data: dict[str, Any] = {
        "name": inert(item.name)[:300] or item.qid,
        "handles": tuple(mastodon + bluesky),
        "kind": kind,
    }
    if homepage:
        data["domain"] = homepage
    try:
        return Institution.model_validate(data), tuple(notes)
    except ValidationError as exc:
        if "domain" in data:  # a website quitx cannot use: the item is still checked by its name
            notes.append(f"P856 official website {inert(homepage)[:80]!r} dropped: {exc.errors()[0]['msg']}")
            del data["domain"]
            try:
                return Institution.model_validate(data), tuple(notes)
            except ValidationError:
                pass
        notes.append(f"not checked: {exc.errors()[0]['msg']}")
        return None, tuple(notes)


# --- the request ---------------------------------------------------------------------------------------


def sparql_user_agent(settings: Settings) -> str:
    """quitx's user agent with the HTTP library named, as Wikimedia's User-Agent policy asks
    (``name/version (contact) library/version``)."""
    import httpx

    agent = settings.user_agent
    return agent if "httpx" in agent else f"{agent} httpx/{httpx.__version__}"


def _query_settings(settings: Settings) -> Settings:
    return settings.model_copy(
        update={
            "user_agent": sparql_user_agent(settings),
            "timeout": max(settings.timeout, _QUERY_TIMEOUT),
            "request_deadline": max(settings.request_deadline, _QUERY_TIMEOUT + 5),
        }
    )


def _failure(result: Any, endpoint: str) -> SourceError:
    status = result.status
    text = inert(result.text())[:300] if result.body else ""
    if result.failure is Reason.RATE_LIMITED or status == 429:
        return SourceError(SourceProblem.SLOW_DOWN, url=endpoint, status=429, retry_after=result.retry_after)
    if status is None:
        reason = result.failure or Reason.NETWORK_ERROR
        return SourceError(SourceProblem.UNREACHABLE, url=endpoint, reason=reason)
    if 400 <= status < 500 and status not in (401, 403):
        return SourceError(SourceProblem.REFUSED, url=endpoint, status=status, answer=text or None)
    return SourceError(SourceProblem.HTTP_STATUS, url=endpoint, status=status, answer=text or None)


async def afetch_items(
    query: str,
    *,
    settings: Settings,
    engine: HttpEngine | None = None,
    now: dt.datetime | None = None,
) -> WikidataFetch:
    """Run ``query`` on the endpoint of ``settings``; its items.

    Raises `quitx.errors.SourceError`: nothing came back (``status`` None), a 429 longer than the
    engine waits (``status`` 429, ``retry_after``), a refused query, an answer that is not SPARQL
    JSON. ``engine``: share one (its settings apply as they are)."""
    from .._http import HttpEngine

    endpoint = settings.wikidata_sparql_url
    url = f"{endpoint}?{urlencode({'query': query})}"
    own = engine is None
    active = engine if engine is not None else HttpEngine(_query_settings(settings))
    try:
        result = await active.get(url, accept=SPARQL_JSON, max_bytes=MAX_BYTES)
    finally:
        if own:
            await active.aclose()
    if result.failure is not None or not result.ok:
        raise _failure(result, endpoint)
    if result.truncated:
        raise SourceError(SourceProblem.TOO_LARGE, url=endpoint, status=result.status, max=str(MAX_BYTES))
    data = result.json()
    if data is None:
        raise SourceError(SourceProblem.NOT_JSON, url=endpoint, status=result.status)
    items, rows, truncated = items_from_results(data, url=endpoint)
    outcome = f"{len(items)} items in {rows} rows" + (" (cached)" if result.from_cache else "")
    return WikidataFetch(
        endpoint=endpoint,
        query=query,
        items=tuple(items),
        fetched_at=now or dt.datetime.now(dt.UTC),
        evidence=result.evidence("sparql", outcome),
        rows=rows,
        truncated=truncated,
        from_cache=result.from_cache,
    )


def fetch_items(query: str, *, settings: Settings) -> WikidataFetch:
    """The sync face of `afetch_items`."""
    from .._sync import run_sync

    return run_sync(afetch_items(query, settings=settings))
