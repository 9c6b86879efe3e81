"""The batch's input: institutions from a CSV or JSONL file, streamed, never read whole.

A CSV file (UTF-8, with or without BOM, ``;`` or ``,`` or tab, a header row) with the columns
``name`` (required), ``domain`` (a domain or a homepage URL), ``handles`` (references separated by
spaces or ``|``), ``kind``, ``country``, ``language`` (``homepage`` too); or a JSONL file, one
``Institution`` per line (a saved report's line works too). A bad row is a `RowError` with its line
number; the good rows go on. A file that cannot be read at all raises `BatchInputError`.
"""

from __future__ import annotations

import csv
import itertools
import json
import re
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from ..errors import BatchInputError, BatchInputProblem

if TYPE_CHECKING:
    from ..models import Institution

__all__ = [
    "COLUMNS",
    "InstitutionRow",
    "Row",
    "RowError",
    "count_rows",
    "institution_key",
    "read_institutions",
]

COLUMNS = ("name", "domain", "homepage", "handles", "kind", "country", "language")
_ALIASES = {"handle": "handles", "lang": "language"}
_HANDLE_SPLIT = re.compile(r"[\s|]+")


@dataclass(frozen=True, slots=True)
class InstitutionRow:
    """A good row: the institution, and the line of the input it starts on (1-based)."""

    line: int
    institution: Institution


@dataclass(frozen=True, slots=True)
class RowError:
    """A bad row: its line (1-based) and what is wrong, for people; ``name`` when one was given."""

    line: int
    message: str
    name: str | None = None

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


Row = InstitutionRow | RowError


class _Lines:
    """The physical lines of a binary stream, numbered and decoded as UTF-8 one by one (a line that
    is not UTF-8 becomes a `RowError`; if nothing decoded before it, the file is not UTF-8
    at all and `BatchInputError` says where)."""

    def __init__(self, stream: IO[bytes], source: str) -> None:
        self.stream = stream
        self.source = source
        self.number = 0
        self.offset = 0
        self.errors: list[RowError] = []
        self.decoded_any = False
        self.row_start: int | None = None

    def __iter__(self) -> Iterator[str]:
        for raw in self.stream:
            self.number += 1
            start = self.offset
            self.offset += len(raw)
            bom = 3 if self.number == 1 and raw.startswith(b"\xef\xbb\xbf") else 0
            try:
                text = raw[bom:].decode("utf-8")
            except UnicodeDecodeError as exc:
                at = exc.start + bom
                byte = raw[at : at + 1].hex()
                if not self.decoded_any:
                    raise BatchInputError(
                        f"not UTF-8: byte 0x{byte} at line {self.number}, column {at + 1} "
                        f"(offset {start + at} in the file); save it as UTF-8 and run again",
                        path=self.source,
                        problem=BatchInputProblem.NOT_UTF8,
                    ) from None
                self.errors.append(
                    RowError(
                        self.number,
                        f"not UTF-8 (byte 0x{byte} at column {at + 1}): row skipped; save the file as UTF-8",
                    )
                )
                continue
            if text.strip():
                self.decoded_any = True
            if self.row_start is None:
                self.row_start = self.number
            yield text

    def pop_errors(self) -> list[RowError]:
        errors, self.errors = self.errors, []
        return errors


def _clean_kind(value: str) -> str:
    return value.strip().lower().replace("-", "_").replace(" ", "_")


def _institution_row(line: int, data: Mapping[str, Any]) -> Row:
    """Validate one row's fields into an Institution, or say what is wrong."""
    from pydantic import ValidationError

    from ..errors import InvalidReferenceError
    from ..handles import parse_ref
    from ..models import Institution, InstitutionKind

    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        return RowError(line, "no name (the name column is required)")
    clean: dict[str, Any] = {"name": " ".join(name.split())}
    for key in ("domain", "homepage", "country", "language", "kind"):
        value = data.get(key)
        if isinstance(value, str):
            value = value.strip()
        if value not in (None, ""):
            clean[key] = value
    kind = clean.get("kind")
    if isinstance(kind, str):
        kinds = [k.value for k in InstitutionKind]
        if _clean_kind(kind) not in kinds:
            return RowError(line, f"unknown kind {kind!r} (one of: {', '.join(kinds)})", clean["name"])
        clean["kind"] = _clean_kind(kind)
    raw_handles = data.get("handles")
    handles: list[str] = []
    if isinstance(raw_handles, str):
        handles = [h for h in _HANDLE_SPLIT.split(raw_handles) if h]
    elif isinstance(raw_handles, list | tuple):
        for h in raw_handles:
            if not isinstance(h, str):
                return RowError(line, f"handles: expected text, got {h!r}", clean["name"])
            handles.extend(x for x in _HANDLE_SPLIT.split(h) if x)
    elif raw_handles is not None:
        return RowError(line, "handles: expected text or a list", clean["name"])
    for handle in handles:
        try:
            parse_ref(handle)
        except InvalidReferenceError as exc:
            return RowError(line, f"bad handle {handle!r}: {exc.reason}", clean["name"])
    if handles:
        clean["handles"] = tuple(handles)
    try:
        institution = Institution.model_validate(clean)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'row'}: {str(e['msg']).removeprefix('Value error, ')}"
            for e in exc.errors()
        )
        return RowError(line, problems, clean["name"])
    return InstitutionRow(line, institution)


def _sniff_delimiter(header: str) -> str:
    counts = {d: header.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_csv(
    lines: _Lines, it: Iterator[str], header: str, header_line: int, warn: Callable[[str], None]
) -> Iterator[Row]:
    delimiter = _sniff_delimiter(header)
    names = next(csv.reader([header], delimiter=delimiter))
    columns: list[str | None] = []
    unknown: list[str] = []
    for raw in names:
        col = raw.strip().strip("\ufeff").lower()
        col = _ALIASES.get(col, col)
        if col in COLUMNS and col not in columns:
            columns.append(col)
        else:
            columns.append(None)
            if raw.strip():
                unknown.append(raw.strip())
    if "name" not in columns:
        raise BatchInputError(
            f"line {header_line}: the header row needs a 'name' column "
            f"(found: {', '.join(repr(n) for n in names)}; delimiter {delimiter!r})",
            path=lines.source,
            problem=BatchInputProblem.NO_NAME_COLUMN,
        )
    if unknown:
        warn(
            f"{lines.source}: ignoring unknown column(s): {', '.join(unknown)} (known: {', '.join(COLUMNS)})"
        )
    reader = csv.reader(it, delimiter=delimiter)
    while True:
        lines.row_start = None
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            yield from lines.pop_errors()
            yield RowError(lines.number, f"not valid CSV: {exc}")
            continue
        yield from lines.pop_errors()
        if not any(c.strip() for c in cells):
            continue
        line = lines.row_start or lines.number
        extra = cells[len(columns) :]
        if any(c.strip() for c in extra):
            yield RowError(
                line,
                f"{len(cells)} fields where the header has {len(columns)}: check the quotes and the "
                f"delimiter ({delimiter!r})",
            )
            continue
        data = {col: cell for col, cell in zip(columns, cells, strict=False) if col}
        yield _institution_row(line, data)
    yield from lines.pop_errors()


def _read_jsonl(
    lines: _Lines, it: Iterator[str], first: str, first_line: int, warn: Callable[[str], None]
) -> Iterator[Row]:
    warned = False
    number = first_line
    for index, text in enumerate(itertools.chain([first], it)):
        if index:
            number = lines.number
        yield from lines.pop_errors()
        if not text.strip():
            continue
        try:
            data = json.loads(text)
        except ValueError as exc:
            msg = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
            column = f" at column {exc.colno}" if isinstance(exc, json.JSONDecodeError) else ""
            yield RowError(number, f"invalid JSON: {msg}{column}")
            continue
        except RecursionError:  # "[[[[…" thousands deep: one bad row, not the end of the batch
            yield RowError(number, "invalid JSON: nested too deep")
            continue
        if isinstance(data, dict) and "name" not in data and isinstance(data.get("institution"), dict):
            data = data["institution"]  # a line of a reports.jsonl
        if not isinstance(data, dict):
            yield RowError(number, "expected a JSON object (an Institution)")
            continue
        unknown = [k for k in data if k not in COLUMNS]
        if unknown and not warned:
            warned = True
            warn(
                f"{lines.source}: line {number}: ignoring unknown key(s): {', '.join(unknown)} "
                f"(known: {', '.join(COLUMNS)}; said once)"
            )
        yield _institution_row(number, {k: v for k, v in data.items() if k in COLUMNS})
    yield from lines.pop_errors()


def _looks_jsonl(path: str, first: str) -> bool:
    suffix = Path(path).suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        return True
    if suffix in (".csv", ".tsv", ".txt"):
        return False
    return first.lstrip().startswith("{")


def _open(path: str | Path) -> IO[bytes]:
    if str(path) == "-":
        return sys.stdin.buffer
    try:
        return open(path, "rb")  # closed by the reader
    except OSError as exc:
        raise BatchInputError(
            f"cannot read it: {exc.strerror}", path=str(path), problem=BatchInputProblem.UNREADABLE
        ) from exc


def read_institutions(path: str | Path, *, warn: Callable[[str], None] | None = None) -> Iterator[Row]:
    """The rows of a CSV or JSONL file (``-``: standard input), streamed, in order.

    Yields `InstitutionRow` for good rows and `RowError` for bad ones (with their line
    numbers). Raises `BatchInputError` when the file cannot be read at all: missing, a CSV
    without a ``name`` column in its header row, or not UTF-8 from its first line.
    ``warn`` receives notices (unknown columns, said once); default: the ``quitx.batch`` logger.
    """
    say: Callable[[str], None] = warn or _log_warning
    source = str(path)
    stream = _open(path)
    try:
        lines = _Lines(stream, source)
        it = iter(lines)
        first: str | None = None
        for text in it:
            if text.strip():
                first = text
                break
        if first is None:
            yield from lines.pop_errors()
            return
        first_line = lines.number
        if _looks_jsonl(source, first):
            yield from _read_jsonl(lines, it, first, first_line, say)
        else:
            yield from _read_csv(lines, it, first, first_line, say)
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()


def _log_warning(text: str) -> None:
    import logging

    logging.getLogger(__name__).warning("%s", text)


def count_rows(path: str | Path) -> int | None:
    """How many rows the input has (non-blank lines, less the CSV header), read cheaply in binary;
    None for standard input. Quoted line breaks in CSV make it an over-estimate."""
    if str(path) == "-":
        return None
    count = 0
    first: bytes | None = None
    try:
        with open(path, "rb") as stream:
            for raw in stream:
                if raw.strip():
                    count += 1
                    if first is None:
                        first = raw
    except OSError:
        return None
    if first is None:
        return 0
    is_jsonl = _looks_jsonl(str(path), first.decode("utf-8", "replace").lstrip("\ufeff"))
    return count if is_jsonl else max(0, count - 1)


def institution_key(institution: Institution) -> str:
    """What makes two rows the same institution: the name (case, accents and spaces ignored) and
    the domain."""
    from ..presence.names import fold

    return " ".join(fold(institution.name).casefold().split()) + "|" + (institution.domain or "")
