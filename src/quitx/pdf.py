"""Documents as PDF: the page `quitx.page` writes (A4 sheets, a French letter's frame, the summary
on a sheet of its own, the annex after it), printed by WeasyPrint.

WeasyPrint is a maintained HTML-to-PDF library that implements CSS paged media (``@page``, page
counters, page breaks) without a browser; it is the optional extra ``quitx[pdf]`` (it needs Pango
from the system: Debian's ``libpango-1.0-0`` and ``libpangoft2-1.0-0``). It is imported only when
a PDF is asked for.

The page loads nothing, and the printer is told so too: every URL it would fetch (an image, a
style sheet) is refused, whatever the HTML says.
"""

from __future__ import annotations

import logging

from .errors import ConfigError, ConfigProblem

__all__ = ["html_to_pdf", "pdf_available"]


def pdf_available() -> bool:
    """Whether WeasyPrint (and the system libraries it loads) can be imported."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        return False
    return True


def html_to_pdf(page: str) -> bytes:
    """The PDF of ``page`` (a standalone page from `quitx.page.to_html`)."""
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: the package is there, Pango is not
        raise ConfigError(ConfigProblem.PDF_MISSING) from exc
    # its warnings are about CSS meant for browsers (print-color-adjust): not the user's business
    logger = logging.getLogger("weasyprint")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        # no protocol allowed: every fetch is refused (and the page prints without it)
        fetcher = weasyprint.urls.URLFetcher(allowed_protocols=(), allow_redirects=False)
        pdf = weasyprint.HTML(string=page, url_fetcher=fetcher).write_pdf()
    finally:
        logger.setLevel(level)
    if not isinstance(pdf, bytes):  # write_pdf() without a target returns the bytes
        raise TypeError("weasyprint returned no bytes")
    return pdf
