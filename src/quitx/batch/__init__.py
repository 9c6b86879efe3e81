"""``quitx batch``: many institutions from a CSV or JSONL file, resumably.

- `quitx.batch.input`: the rows, streamed (`read_institutions`), bad rows as `RowError`;
- `quitx.batch.log`: ``reports.jsonl`` (`ReportLog`), the lock on OUT_DIR, the letters' names;
- `quitx.batch.summary`, `quitx.batch.summary_html`: ``summary.csv``, the printed summary,
  ``summary.html``;
- `quitx.batch.runner`: the run (`run_batch`, `arun_batch`): no printing, callbacks for notices
  and progress.

Only the standard library is imported at load time; the models, the check and the letter when
a batch runs.
"""

from __future__ import annotations

from ..errors import BatchInputError
from .input import COLUMNS, InstitutionRow, Row, RowError, count_rows, institution_key, read_institutions
from .log import REPORTS, ReportLog, letter_slug
from .runner import BatchOptions, BatchOutcome, BatchTick, Checker, arun_batch, run_batch
from .summary import (
    NetworkSummary,
    SummaryRow,
    SummaryStats,
    run_text,
    summary_row,
    summary_rows,
    summary_text,
    write_summary_csv,
)
from .summary_html import render_summary_html

__all__ = [
    "COLUMNS",
    "REPORTS",
    "BatchInputError",
    "BatchOptions",
    "BatchOutcome",
    "BatchTick",
    "Checker",
    "InstitutionRow",
    "NetworkSummary",
    "ReportLog",
    "Row",
    "RowError",
    "SummaryRow",
    "SummaryStats",
    "arun_batch",
    "count_rows",
    "institution_key",
    "letter_slug",
    "read_institutions",
    "render_summary_html",
    "run_batch",
    "run_text",
    "summary_row",
    "summary_rows",
    "summary_text",
    "write_summary_csv",
]
