"""``quitx batch``: many institutions from a CSV or JSONL file, resumably.

- `quitx.batch.input`: the rows, streamed (`read_institutions`), bad rows as `RowError`;
- `quitx.batch.log`: ``reports.jsonl`` (`ReportLog`), the lock on OUT_DIR, the letters' names;
- `quitx.batch.summary`, `quitx.batch.summary_html`: ``summary.csv``, the printed summary,
  ``summary.html``;
- `quitx.batch.runner`: the run (`run_batch`, `arun_batch`): no printing, callbacks for notices
  and progress.

Names load on first use: ``quitx batch --help`` reads `quitx.batch.input.COLUMN_NAMES` without
loading the runner (nor asyncio); the models, the check and the letter load when a batch runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_names

if TYPE_CHECKING:
    from ..errors import BatchInputError
    from .input import (
        COLUMN_NAMES,
        COLUMNS,
        InstitutionRow,
        Row,
        RowError,
        count_rows,
        institution_key,
        read_institutions,
    )
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
    "COLUMN_NAMES",
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

__getattr__ = lazy_names(
    __name__,
    {
        "BatchInputError": "..errors",
        "COLUMNS": ".input",
        "COLUMN_NAMES": ".input",
        "InstitutionRow": ".input",
        "Row": ".input",
        "RowError": ".input",
        "count_rows": ".input",
        "institution_key": ".input",
        "read_institutions": ".input",
        "REPORTS": ".log",
        "ReportLog": ".log",
        "letter_slug": ".log",
        "BatchOptions": ".runner",
        "BatchOutcome": ".runner",
        "BatchTick": ".runner",
        "Checker": ".runner",
        "arun_batch": ".runner",
        "run_batch": ".runner",
        "NetworkSummary": ".summary",
        "SummaryRow": ".summary",
        "SummaryStats": ".summary",
        "run_text": ".summary",
        "summary_row": ".summary",
        "summary_rows": ".summary",
        "summary_text": ".summary",
        "write_summary_csv": ".summary",
        "render_summary_html": ".summary_html",
    },
)


def __dir__() -> list[str]:
    return __all__
