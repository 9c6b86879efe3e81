"""What a batch keeps in OUT_DIR: ``reports.jsonl`` (whole lines only), files written at once, the
lock that keeps two runs apart, and the letters' file names.

``reports.jsonl`` holds one complete ``Report`` per line (the JSON of ``quitx check --format json``),
appended as each institution finishes with a single write, flushed and fsynced; a line left
incomplete by a killed run is cut away at the next start (`ReportLog.repair`).
"""

from __future__ import annotations

import contextlib
import os
import re
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from .input import institution_key

if TYPE_CHECKING:
    from ..models import Institution, Report

__all__ = ["EXTENSIONS", "LETTERS", "REPORTS", "ReportLog", "letter_slug", "lock", "write_atomic"]

REPORTS = "reports.jsonl"
LETTERS = "letters"
EXTENSIONS = {"md": "md", "txt": "txt", "html": "html", "eml": "eml", "json": "json"}  # letter format: file


class ReportLog:
    """``reports.jsonl``: whole lines only, each written at once, flushed and fsynced."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def repair(self) -> int:
        """Cut an incomplete last line (a run killed mid-write); the number of bytes dropped."""
        try:
            with open(self.path, "r+b") as f:
                size = f.seek(0, os.SEEK_END)
                if size == 0:
                    return 0
                f.seek(size - 1)
                if f.read(1) == b"\n":
                    return 0
                end = size
                keep = 0
                while end > 0:
                    start = max(0, end - 65536)
                    f.seek(start)
                    chunk = f.read(end - start)
                    at = chunk.rfind(b"\n")
                    if at >= 0:
                        keep = start + at + 1
                        break
                    end = start
                f.truncate(keep)
                f.flush()
                os.fsync(f.fileno())
                return size - keep
        except FileNotFoundError:
            return 0

    def reports(self, warn: Callable[[str], None] | None = None) -> Iterator[Report]:
        """The reports in the file, streamed; a line that is not a report is skipped with a notice."""
        for _, report in self.numbered_reports(warn):
            yield report

    def numbered_reports(self, warn: Callable[[str], None] | None = None) -> Iterator[tuple[int, Report]]:
        """`reports`, each with the number of its line."""
        from pydantic import ValidationError

        from ..models import Report

        for number, raw in self._lines():
            try:
                yield number, Report.model_validate_json(raw)
            except ValidationError as exc:
                if warn is not None:
                    first = exc.errors()[0]
                    warn(f"{self.path}: line {number} is not a quitx report, skipped ({first['msg']})")

    def _lines(self) -> Iterator[tuple[int, bytes]]:
        """The file's whole lines, numbered from 1 (a last line cut short by a crash left out)."""
        try:
            stream = open(self.path, "rb")  # noqa: SIM115 - closed below
        except FileNotFoundError:
            return
        with stream:
            for number, raw in enumerate(stream, start=1):
                if raw.endswith(b"\n") and raw.strip():
                    yield number, raw

    def last_lines(self) -> dict[str, int]:
        """For each institution (`institution_key`), the line of its last report: the one its letter
        is written from (an institution checked again has several). Read lightly, the institution
        alone; a line that is not a report is left to `reports` to say."""
        import json

        from pydantic import ValidationError

        from ..models import Institution

        last: dict[str, int] = {}
        for number, raw in self._lines():
            try:
                last[institution_key(Institution.model_validate(json.loads(raw)["institution"]))] = number
            except (ValueError, KeyError, TypeError, ValidationError):
                continue
        return last

    def done_keys(self, warn: Callable[[str], None] | None = None) -> set[str]:
        """The institutions whose latest report settled every verdict: a re-run skips them, and
        checks again those that ended unknown."""
        latest = {institution_key(r.institution): r.settled for r in self.reports(warn)}
        return {key for key, done in latest.items() if done}

    def append(self, report: Report) -> None:
        if self._fd is None:
            self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        data = (report.model_dump_json() + "\n").encode("utf-8")
        view = memoryview(data)
        while view:  # one write(2) in practice; a short write is finished, never left half
            written = os.write(self._fd, view)
            view = view[written:]
        os.fsync(self._fd)

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


@contextlib.contextmanager
def lock(directory: Path) -> Iterator[bool]:
    """An exclusive lock on OUT_DIR for the run (where the platform has flock)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on POSIX
        yield True
        return
    path = directory / ".quitx-batch.lock"
    with open(path, "a") as f:
        try:
            fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(f.fileno(), fcntl.LOCK_UN)


def write_atomic(path: Path, text: str) -> None:
    """Write a whole file or nothing: a temporary file beside it, then a rename."""
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def letter_slug(institution: Institution) -> str:
    """A file name for the institution's letter: ``universite-exemple-univ-exemple-fr``."""
    text = institution.name + " " + (institution.domain or "")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:80].rstrip("-")
    return slug or "institution"
