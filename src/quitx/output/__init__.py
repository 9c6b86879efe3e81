"""Writers: results as JSON / JSON lines for scripts, a readable table for people.

Remote text (display names, bios, field values, host names, software names) is made inert for
the terminal by `quitx._text`, the one sanitiser: control characters, escape sequences and bidi
overrides are made visible. Each field goes through it (with HTML tags dropped and entities
decoded where the server sends HTML, and a length bound), and then every line of the table and
of the Markdown report does again, so that a field forgotten here still cannot act on a
terminal. Markdown escapes what it would read as markup, backticks included.

`quitx.output.exists` writes ``quitx exists``'s results, `quitx.output.report` ``quitx check``'s
report; `quitx.output.common` holds what both say the same way.
"""

from __future__ import annotations

from .._text import terminal_safe
from .exists import EXISTS_COLUMNS, BadReference, render_exists
from .report import REPORT_COLUMNS, render_report, report_rows, website_sentence

__all__ = [
    "EXISTS_COLUMNS",
    "REPORT_COLUMNS",
    "BadReference",
    "render_exists",
    "render_report",
    "report_rows",
    "terminal_safe",
    "website_sentence",
]
