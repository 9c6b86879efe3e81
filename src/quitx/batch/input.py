"""The batch's input: institutions from a CSV or JSONL file, streamed, never read whole.

A CSV file (UTF-8, with or without BOM, ``;`` or ``,`` or tab, a header row) with the columns
``name`` (required), ``domain`` (a domain or a homepage URL), ``handles`` (references separated by
spaces or ``|``), ``kind``, ``country``, ``language`` (``homepage`` too), each also known by the
names `COLUMN_NAMES` gives it, French and English (``nom``, ``domaine``, ``site``, ``type``,
``langue``…); or a JSONL file, one ``Institution`` per line (a saved report's line works too). A bad
row is a `RowError` with its line number; the good rows go on. A file that cannot be read at all
raises `BatchInputError`. Errors and notices are written in the ``language`` asked for.
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

from .._text import inert
from ..errors import BatchInputError, BatchInputProblem, file_problem
from ..i18n import Lang
from . import wording as w

if TYPE_CHECKING:
    from ..i18n import Language
    from ..models import Institution

__all__ = [
    "COLUMNS",
    "COLUMN_NAMES",
    "DELIMITERS",
    "InstitutionRow",
    "Row",
    "RowError",
    "count_rows",
    "delimiter_of",
    "institution_key",
    "read_institutions",
]

COLUMNS = ("name", "domain", "homepage", "handles", "kind", "country", "language")
# every name a header may give each column, French and English; case, accents, spaces, "-" and "_"
# are forgiven ("Site web", "site_web" and "SITE-WEB" are one name)
COLUMN_NAMES: Mapping[str, tuple[str, ...]] = {
    "name": ("name", "nom", "institution", "établissement", "organisme", "organisation", "organization"),
    "domain": ("domain", "domaine", "site", "site web", "website", "web", "url"),
    "homepage": ("homepage", "page d'accueil", "accueil"),
    "handles": ("handles", "handle", "comptes", "compte", "accounts", "account", "identifiants"),
    "kind": ("kind", "type", "catégorie", "category"),
    "country": ("country", "pays"),
    "language": ("language", "lang", "langue"),
}
# what --delimiter takes, and the delimiter it means
DELIMITERS: Mapping[str, str] = {
    ",": ",", "comma": ",", "virgule": ",",
    ";": ";", "semicolon": ";", "point-virgule": ";",
    "tab": "\t", "\\t": "\t", "\t": "\t", "tabulation": "\t",
}  # fmt: skip
# the kinds in the words French speakers use (the codes themselves are taken too)
_KIND_WORDS = {
    "recherche": "research", "laboratoire": "research", "organisme de recherche": "research",
    "universite": "higher_education", "enseignement superieur": "higher_education",
    "grande ecole": "higher_education", "administration": "public_administration",
    "administration publique": "public_administration", "ministere": "public_administration",
    "collectivite": "local_government", "collectivite territoriale": "local_government",
    "mairie": "local_government", "commune": "local_government", "region": "local_government",
    "departement": "local_government", "hopital": "hospital", "chu": "hospital",
    "centre hospitalier": "hospital", "entreprise": "company", "societe": "company",
    "medias": "media", "presse": "media", "ecole": "school", "lycee": "school", "college": "school",
}  # fmt: skip
_LANGUAGE_WORDS = {"francais": "fr", "french": "fr", "anglais": "en", "english": "en"}
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
        return self.text("en")

    def text(self, language: Language) -> str:
        """``line 12: …`` / ``ligne 12 : …`` (the message is in the language it was read in)."""
        return Lang(language)(w.LINE, line=str(self.line), message=self.message)


Row = InstitutionRow | RowError


class _Lines:
    """The physical lines of a binary stream, numbered and decoded as UTF-8 one by one (a line that
    is not UTF-8 becomes a `RowError`; if nothing decoded before it, the file is not UTF-8
    at all and `BatchInputError` says where)."""

    def __init__(self, stream: IO[bytes], source: str, lang: Lang) -> None:
        self.stream = stream
        self.source = source
        self.lang = lang
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
                        BatchInputProblem.NOT_UTF8,
                        path=self.source,
                        byte=byte,
                        line=str(self.number),
                        column=str(at + 1),
                        offset=str(start + at),
                    ) from None
                message = self.lang(w.ROW_NOT_UTF8, byte=byte, column=str(at + 1))
                self.errors.append(RowError(self.number, message))
                continue
            if text.strip():
                self.decoded_any = True
            if self.row_start is None:
                self.row_start = self.number
            yield text

    def pop_errors(self) -> list[RowError]:
        errors, self.errors = self.errors, []
        return errors


def _words(text: str) -> str:
    """A header or a value as compared: lowercase ASCII, one space between words ("Site_Web" and
    "site web" are one name; "Catégorie" is "categorie")."""
    from ..presence.names import fold

    return " ".join(re.split(r"[\s_\-]+", fold(text.strip().strip("\ufeff")).replace("’", "'"))).strip()


def _column_of() -> dict[str, str]:
    return {_words(alias): column for column, aliases in COLUMN_NAMES.items() for alias in aliases}


def _clean_kind(value: str) -> str:
    words = _words(value)
    return _KIND_WORDS.get(words, words.replace(" ", "_"))


def _institution_row(line: int, data: Mapping[str, Any], lang: Lang) -> Row:
    """Validate one row's fields into an Institution, or say what is wrong."""
    from ..errors import InvalidInstitutionError, InvalidReferenceError
    from ..handles import parse_ref
    from ..models import Institution, InstitutionKind

    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        return RowError(line, lang(w.NO_NAME))
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
            return RowError(
                line,
                lang(w.UNKNOWN_KIND, kind=lang.quote(inert(kind)), kinds=", ".join(kinds)),
                clean["name"],
            )
        clean["kind"] = _clean_kind(kind)
    language = clean.get("language")
    if isinstance(language, str):
        clean["language"] = _LANGUAGE_WORDS.get(_words(language), language)
    raw_handles = data.get("handles")
    handles: list[str] = []
    if isinstance(raw_handles, str):
        handles = [h for h in _HANDLE_SPLIT.split(raw_handles) if h]
    elif isinstance(raw_handles, list | tuple):
        for h in raw_handles:
            if not isinstance(h, str):
                return RowError(line, lang(w.HANDLES_NOT_TEXT, value=repr(h)), clean["name"])
            handles.extend(x for x in _HANDLE_SPLIT.split(h) if x)
    elif raw_handles is not None:
        return RowError(line, lang(w.HANDLES_NOT_LIST), clean["name"])
    for handle in handles:
        try:
            parse_ref(handle)
        except InvalidReferenceError as exc:
            reason = exc.reason_in(lang.code)
            return RowError(line, lang(w.BAD_HANDLE, handle=handle, reason=reason), clean["name"])
    if handles:
        clean["handles"] = tuple(handles)
    try:
        institution = Institution.parse(clean)
    except InvalidInstitutionError as exc:
        return RowError(line, exc.problems(lang.code), clean["name"])
    return InstitutionRow(line, institution)


def _header(header: str, delimiter: str) -> tuple[list[str], list[str | None]]:
    """The header's cells, and the column each one is (None: a column quitx does not read, or one
    read already)."""
    names = next(csv.reader([header], delimiter=delimiter), [])
    known = _column_of()
    columns: list[str | None] = []
    for raw in names:
        column = known.get(_words(raw))
        columns.append(column if column not in columns else None)
    return names, columns


def _sniff_delimiter(header: str) -> str:
    """The delimiter that makes the most columns quitx reads of the header row; between equals, the
    one it holds most of (a header of one column: ``,``)."""

    def score(delimiter: str) -> tuple[int, int]:
        _, columns = _header(header, delimiter)
        return sum(c is not None for c in columns), header.count(delimiter)

    return max((",", ";", "\t"), key=score)


def _read_csv(
    lines: _Lines, it: Iterator[str], header: str, header_line: int, reading: _Reading
) -> Iterator[Row]:
    lang = lines.lang
    delimiter = reading.delimiter or _sniff_delimiter(header)
    shown = "tab" if delimiter == "\t" else repr(delimiter)
    names, columns = _header(header, delimiter)
    unknown = [raw.strip() for raw, col in zip(names, columns, strict=True) if col is None and raw.strip()]
    if "name" not in columns:
        raise BatchInputError(
            BatchInputProblem.NO_NAME_COLUMN,
            path=lines.source,
            line=str(header_line),
            delimiter=shown,
            found=", ".join(repr(n.strip()) for n in names),
            names=", ".join(repr(n) for n in COLUMN_NAMES["name"]),
        )
    if unknown:
        reading.warn(
            lang(
                w.UNKNOWN_COLUMNS,
                source=lines.source,
                columns=", ".join(lang.quote(inert(u)) for u in unknown),
                known=", ".join(
                    f"{lang.quote(inert(raw))} → {col}"
                    for raw, col in zip(names, columns, strict=True)
                    if col
                ),
            )
        )
    reader = csv.reader(it, delimiter=delimiter)
    while True:
        lines.row_start = None
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error:
            yield from lines.pop_errors()
            yield RowError(lines.number, lang(w.NOT_CSV))
            continue
        yield from lines.pop_errors()
        if not any(c.strip() for c in cells):
            continue
        line = lines.row_start or lines.number
        extra = cells[len(columns) :]
        if any(c.strip() for c in extra):
            yield RowError(
                line,
                lang(w.TOO_MANY_FIELDS, fields=str(len(cells)), columns=str(len(columns)), delimiter=shown),
            )
            continue
        data = {col: cell for col, cell in zip(columns, cells, strict=False) if col}
        yield _institution_row(line, data, lang)
    yield from lines.pop_errors()


def _read_jsonl(
    lines: _Lines, it: Iterator[str], first: str, first_line: int, reading: _Reading
) -> Iterator[Row]:
    lang = lines.lang
    known = _column_of()
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
            column = exc.colno if isinstance(exc, json.JSONDecodeError) else 1
            yield RowError(number, lang(w.INVALID_JSON, column=str(column)))
            continue
        except RecursionError:  # "[[[[…" thousands deep: one bad row, not the end of the batch
            yield RowError(number, lang(w.JSON_TOO_DEEP))
            continue
        if isinstance(data, dict) and "name" not in data and isinstance(data.get("institution"), dict):
            data = data["institution"]  # a line of a reports.jsonl
        if not isinstance(data, dict):
            yield RowError(number, lang(w.NOT_AN_OBJECT))
            continue
        fields: dict[str, Any] = {}
        unknown: list[str] = []
        for key, value in data.items():  # the keys go by the columns' names too ("nom", "domaine")
            target: str | None = (
                key if key in COLUMNS else known.get(_words(key)) if isinstance(key, str) else None
            )
            if target is None or target in fields:
                unknown.append(str(key))
            else:
                fields[target] = value
        if unknown and not warned:
            warned = True
            reading.warn(
                lang(
                    w.UNKNOWN_KEYS,
                    source=lines.source,
                    line=str(number),
                    keys=", ".join(unknown),
                    known=", ".join(COLUMNS),
                )
            )
        yield _institution_row(number, fields, lang)
    yield from lines.pop_errors()


def _looks_jsonl(path: str, first: str) -> bool:
    suffix = Path(path).suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        return True
    if suffix in (".csv", ".tsv", ".txt"):
        return False
    return first.lstrip().startswith("{")


def _open(path: str | Path, lang: Lang) -> IO[bytes]:
    if str(path) == "-":
        return sys.stdin.buffer
    try:
        return open(path, "rb")  # closed by the reader
    except OSError as exc:
        raise BatchInputError(BatchInputProblem.UNREADABLE, path=str(path), **file_problem(exc)) from exc


@dataclass(frozen=True, slots=True)
class _Reading:
    warn: Callable[[str], None]
    delimiter: str | None


def delimiter_of(text: str) -> str:
    """What ``--delimiter`` names (``;``, ``,``, ``tab``, ``\\t``, ``semicolon``…): the delimiter;
    ValueError for anything else."""
    found = DELIMITERS.get(text.strip().lower()) if text.strip() else DELIMITERS.get(text)
    if found is None:
        raise ValueError("expected ';', ',' or tab (or their names: semicolon, comma, tab)")
    return found


def read_institutions(
    path: str | Path,
    *,
    warn: Callable[[str], None] | None = None,
    delimiter: str | None = None,
    language: Language = "en",
) -> Iterator[Row]:
    """The rows of a CSV or JSONL file (``-``: standard input), streamed, in order.

    Yields `InstitutionRow` for good rows and `RowError` for bad ones (with their line
    numbers). Raises `BatchInputError` when the file cannot be read at all: missing, a CSV
    without a name column in its header row, or not UTF-8 from its first line.
    ``warn`` receives notices (unknown columns, said once); default: the ``quitx.batch`` logger.
    ``delimiter`` is the CSV's (default: the one of ``,`` ``;`` tab that makes the most columns of
    the header row); ``language`` the one errors and notices are written in.
    """
    lang = Lang(language)
    reading = _Reading(warn or _log_warning, delimiter)
    source = str(path)
    stream = _open(path, lang)
    try:
        lines = _Lines(stream, source, lang)
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
            yield from _read_jsonl(lines, it, first, first_line, reading)
        else:
            yield from _read_csv(lines, it, first, first_line, reading)
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
