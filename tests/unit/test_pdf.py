"""The PDF: the page printed on A4, the decision summary on one sheet of its own, the annex after
it; nothing fetched from elsewhere."""

from __future__ import annotations

import datetime as dt
import email
import email.message
import email.policy
import socket
from pathlib import Path

import pypdfium2
import pytest

from quitx import cli
from quitx.letter.compose import Sender
from quitx.letter.render import render_letter
from quitx.models import Institution
from quitx.pdf import html_to_pdf, pdf_available
from quitx.plan import PlanOptions, build_plan

A4 = (595, 842)  # points, rounded
INSTITUTION = Institution(name="Université Exemple", domain="univ-exemple.fr")


def _pages(pdf: bytes) -> list[str]:
    document = pypdfium2.PdfDocument(pdf)
    try:
        sizes = {tuple(round(x) for x in page.get_size()) for page in document}
        assert sizes == {A4}
        # PDFium reads some spaces of bold text as no-break ones: words compared as words
        return [" ".join(page.get_textpage().get_text_range().split()) for page in document]
    finally:
        document.close()


def test_a_letter_prints_with_its_summary_on_one_page_and_the_annex_after() -> None:
    assert pdf_available()
    plan = build_plan(INSTITUTION, PlanOptions(written_on=dt.date(2026, 11, 25)))
    page = render_letter(
        INSTITUTION, plan, sender=Sender(name="Camille Martin"), fmt="html", date=dt.date(2026, 11, 25)
    )
    pdf = html_to_pdf(page)
    assert pdf.startswith(b"%PDF-")
    pages = _pages(pdf)
    summary = next(i for i, text in enumerate(pages) if "Le plan proposé, en une page" in text)
    # the whole summary on that one page, the letter before it, the annex after it
    assert "Qui fait quoi" in pages[summary] and "est en annexe technique" in pages[summary]
    assert "Camille Martin" in "".join(pages[:summary])
    annex = next(i for i, text in enumerate(pages) if "Plan de migration de l" in text)
    assert annex == summary + 1
    assert "_atproto" not in "".join(pages[: summary + 1]) and "_atproto" in "".join(pages[annex:])
    assert "1 / " in pages[0]  # page numbers


def test_nothing_is_fetched_from_elsewhere() -> None:
    # a server on loopback that counts who comes: the printer never does
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        server.settimeout(0.2)
        port = server.getsockname()[1]
        page = (
            f'<!DOCTYPE html><html><head><link rel="stylesheet" href="http://127.0.0.1:{port}/s.css">'
            f'</head><body><p>x</p><img src="http://127.0.0.1:{port}/x.png"></body></html>'
        )
        assert html_to_pdf(page).startswith(b"%PDF-")
        with pytest.raises(TimeoutError):
            server.accept()


def test_the_command_writes_a_pdf(tmp_path: Path) -> None:
    out = tmp_path / "plan.pdf"
    argv = ["plan", "Ville de Lyon", "--domain", "lyon.fr", "--offline", "--format", "pdf", "-o", str(out)]
    assert cli.main(argv) == 0
    pages = _pages(out.read_bytes())
    assert "Plan de migration de la Ville de Lyon" in pages[0]
    # offline: no status anywhere
    assert not any("Statut" in text for text in pages)


def _attachments(eml: str) -> list[email.message.EmailMessage]:
    message = email.message_from_string(eml, policy=email.policy.default)
    assert isinstance(message, email.message.EmailMessage)
    return list(message.iter_attachments())


def test_an_e_mail_attaches_the_annex_as_a_pdf() -> None:
    # a letter's "P. J." is a PDF: where quitx[pdf] is installed, the e-mail attaches one
    plan = build_plan(INSTITUTION, PlanOptions(written_on=dt.date(2026, 11, 25)))
    eml = render_letter(INSTITUTION, plan, fmt="eml", date=dt.date(2026, 11, 25), to="direction@exemple.fr")
    (annex,) = _attachments(eml)
    assert (annex.get_filename(), annex.get_content_type()) == ("annexe-technique.pdf", "application/pdf")
    pages = _pages(annex.get_content())
    assert "Plan de migration de l" in pages[0] and "_atproto" in " ".join(pages)
    # the letter and its summary stay the e-mail's body: the PDF is the annex alone
    assert not any("Madame, Monsieur" in text for text in pages)
    # the same letter gives the same file; the page instead of the PDF is another message
    assert eml == render_letter(
        INSTITUTION, plan, fmt="eml", date=dt.date(2026, 11, 25), to="direction@exemple.fr"
    )
    page = render_letter(
        INSTITUTION, plan, fmt="eml", date=dt.date(2026, 11, 25), to="direction@exemple.fr", annex_as="html"
    )
    (html_annex,) = _attachments(page)
    assert html_annex.get_filename() == "annexe-technique.html"
    ids = {email.message_from_string(text)["Message-ID"] for text in (eml, page)}
    assert len(ids) == 2


def test_without_quitx_pdf_the_e_mail_attaches_the_page(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("quitx.letter.render.pdf_available", lambda: False)
    plan = build_plan(INSTITUTION, PlanOptions(language="en", written_on=dt.date(2026, 11, 25)))
    (annex,) = _attachments(render_letter(INSTITUTION, plan, fmt="eml", language="en"))
    assert (annex.get_filename(), annex.get_content_type()) == ("technical-annex.html", "text/html")
    assert "Migration plan" in annex.get_content()


def test_quitx_letter_attaches_a_pdf_or_says_why_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["letter", "Ville de Lyon", "--domain", "lyon.fr", "--offline", "--sender", "Camille Martin"]
    assert cli.main([*argv, "--format", "eml", "-o", str(tmp_path / "a.eml")]) == 0
    (annex,) = _attachments((tmp_path / "a.eml").read_text(encoding="utf-8"))
    assert annex.get_content_type() == "application/pdf"
    assert "Plan de migration de la Ville de Lyon" in _pages(annex.get_content())[0]
    assert "quitx[pdf]" not in capsys.readouterr().err
    # asked for the page: the page, and nothing to warn of
    assert cli.main([*argv, "--format", "eml", "--eml-annex", "html", "-o", str(tmp_path / "b.eml")]) == 0
    (annex,) = _attachments((tmp_path / "b.eml").read_text(encoding="utf-8"))
    assert annex.get_content_type() == "text/html"
    assert "quitx[pdf]" not in capsys.readouterr().err
    # without quitx[pdf]: the page, and the writer is told how to get the PDF
    monkeypatch.setattr("quitx.letter.render.pdf_available", lambda: False)  # annex_format's
    assert cli.main([*argv, "--format", "eml", "--lang", "fr", "-o", str(tmp_path / "c.eml")]) == 0
    (annex,) = _attachments((tmp_path / "c.eml").read_text(encoding="utf-8"))
    assert annex.get_content_type() == "text/html"
    err = capsys.readouterr().err
    assert "installer quitx[pdf] pour la joindre en PDF" in err
