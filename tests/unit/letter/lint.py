"""The letter lint (the rules of the letter's typography, voice and frame), over a `Document`.

Prose is the text of paragraphs, bullets, headings and lines, link labels kept and link targets
dropped, code blocks left out; protected spans (URLs, e-mail addresses, handles, domains, DIDs,
times) are masked before the typography rules. The body runs from the salutation to the closing
formula; the plan (after the annex heading) is not the letter's prose. Rule ids follow the lead's
LINT.md (F: French typography, G: both languages).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from quitx.doc import Block, Bullets, Document, Heading, Inline, Lines, Link, Paragraph, Strong, Text

NBSP, NNBSP = "\u00a0", "\u202f"
PROTECT = re.compile(
    r"https?://\S+"
    r"|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b"
    r"|@[\w.-]+(?:@[\w.-]+)?"
    r"|\b(?:did|at):[\w:./-]+"
    r"|\b\d{1,2}:\d{2}\b"
    r"|\b(?:[a-z0-9-]+\.)+(?:fr|ch|org|com|net|eu|social|re|app|gy|edu|io|be)\b"
)
MONTHS_FR = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
_ABBREVIATIONS = ("M.", "Mme", "p.", "ex.", "cf.", "etc.", "St", "Dr")


def mask(text: str) -> str:
    return PROTECT.sub(lambda m: "X" * len(m.group(0)), text)


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.replace("’", "'")).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def _plain(spans: Iterable[Inline]) -> str:
    out: list[str] = []
    for span in spans:
        if isinstance(span, Text):
            out.append(span.text)
        elif isinstance(span, Link | Strong):
            out.append(_plain(span.children))
    return "".join(out)


def letter_blocks(document: Document) -> list[Block]:
    """The letter without its annex (the plan starts at the annex's heading)."""
    out: list[Block] = []
    for block in document.blocks:
        if isinstance(block, Heading) and re.match(r"(?:Annexe?|Appendix)\b", _plain(block.children)):
            break
        out.append(block)
    return out


def paragraphs(blocks: Sequence[Block]) -> list[str]:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph | Heading):
            out.append(_plain(block.children))
        elif isinstance(block, Bullets | Lines):
            out.extend(_plain(item) for item in block.items)
    return out


def body(blocks: Sequence[Block]) -> list[str]:
    """From the salutation (excluded) to the closing formula (included)."""
    paras = [_plain(b.children) for b in blocks if isinstance(b, Paragraph)]
    texts: list[str] = []
    started = False
    for block in blocks:
        if isinstance(block, Paragraph):
            text = _plain(block.children)
            if not started:
                started = bool(re.fullmatch(r"(?:Madame|Monsieur|Dear|Chère|Cher).*,", text))
                continue
            texts.append(text)
            if text.startswith(("Je vous prie d’agréer", "Yours ")):
                break
        elif isinstance(block, Bullets) and started:
            texts.extend(_plain(item) for item in block.items)
    return texts if started else paras


def sentences(paras: Iterable[str]) -> list[str]:
    out: list[str] = []
    for para in paras:
        masked = mask(para)
        for abbreviation in _ABBREVIATIONS:
            masked = masked.replace(abbreviation, "X" * len(abbreviation))
        start = 0
        for match in re.finditer(r"[.!?…]\s+(?=[A-ZÀ-Ý«(])", masked):
            out.append(para[start : match.end()].strip())
            start = match.end()
        out.append(para[start:].strip())
    return [s for s in out if s]


def words(paras: Iterable[str]) -> int:
    text = " ".join(paras).replace(NBSP, " ").replace(NNBSP, " ")
    text = re.sub(r"\[\d+\]", " ", text)
    return len(re.findall(r"[\w€]+(?:[’'-]\w+)*", text))


def lint(
    document: Document,
    language: str,
    *,
    names: Sequence[str] = (),
    notre: str | None = None,
    inclusive: bool = False,
) -> list[str]:
    """The rules a letter breaks, as "RULE: what, where" lines (none: a clean letter)."""
    errors: list[str] = []
    blocks = letter_blocks(document)
    prose = paragraphs(blocks)
    letter_body = body(blocks)

    def err(rule: str, what: str, where: str) -> None:
        errors.append(f"{rule}: {what}: {where[:160]!r}")

    for para in prose:
        masked = mask(para)
        if language == "fr":
            for m in re.finditer(r"[;!?]", masked):
                before = masked[m.start() - 1] if m.start() else ""
                if before != NNBSP and not (m.group() in "!?" and before in "!?"):
                    err("F1", f"{m.group()!r} without a narrow no-break space before it", para)
            if re.search(rf"[ {NBSP}{NNBSP}]{NNBSP}|{NNBSP}[ {NBSP}]", masked):
                err("F1", "a narrow no-break space next to another space", para)
            for m in re.finditer(r":(?=\s|$)", masked):
                if (
                    m.start() == 0
                    or masked[m.start() - 1] != NBSP
                    or masked[m.start() - 2 : m.start() - 1]
                    in (
                        " ",
                        NNBSP,
                    )
                ):
                    err("F2", "':' without a no-break space before it", para)
            if re.search(rf"«(?!{NNBSP})|(?<!{NNBSP})»", masked):
                err("F3", "« » without narrow no-break spaces inside", para)
            outside = re.sub(r"«[^»]*»", "", masked)
            if re.search(r"[\"“”]", outside):
                err("F3", "English quotation marks in French prose", para)
            if re.search(r"(?<=[^\W\d_])'(?=[^\W\d_])", masked):
                err("F4", "a straight apostrophe", para)
            if re.search(rf"\b(?:1er|\d{{1,2}}) (?:{MONTHS_FR})\b", masked):
                err("F6", "an ordinary space between a day and its month", para)
            if not inclusive and re.search(r"[^\W\d_]·[^\W\d_]|\((?:e|es)\)", masked):
                err("F8", "an inclusive form nobody asked for", para)
        if re.search(r"\b\d{4}-\d{2}-\d{2}\b", masked):
            err("G1", "an ISO date in prose", para)
        if re.search(r"\$\{|\bNone\b|\bnull\b", para):
            err("G3", "something left unfilled", para)
        if "  " in para.replace(NBSP, " ") or re.search(r" [,.]|\( | \)", para.replace(NBSP, " ")):
            err("G7", "stray spaces", para)
        doubled = re.search(r"\b(\w{2,})\s+\1\b", para, re.IGNORECASE)
        if doubled and doubled.group(1).casefold() not in ("nous", "vous"):
            err("G8", f"a doubled word {doubled.group(1)!r}", para)
    if language == "fr":
        for para in letter_body:
            masked = mask(para)
            heads = (
                r"Ministère|Mairie|Préfecture|Rectorat|Lycée|Centre hospitalier"
                r"|Conseil (?:départemental|régional|municipal)"
            )
            for m in re.finditer(rf"\b(?:{heads})\b", masked):
                before = masked[: m.start()].rstrip(f" {NBSP}")
                if before and before[-1] not in ".:!?«":  # not at the start of a sentence
                    err("F9", f"{m.group()!r} capitalised in running text", para)
    tool_voice = (
        r"nous n’avons pas (?:vérifié|pu vérifier)|cette lettre a été préparée|we did not check|"
        r"this letter was prepared|cannot tell|Status: (?:unknown|absent)|hors ligne"
    )
    for para in letter_body:
        if re.search(tool_voice, para, re.IGNORECASE):
            err("G6", "the tool's voice or status jargon", para)
        if re.search(r"[.!?]\s+[a-zà-ÿ]", mask(para)):
            err("G9", "a sentence that starts in lower case", para)
    folded_names = [fold(n) for n in names if n]
    for sentence in sentences(letter_body):
        key = f" {fold(mask(sentence))} "  # a handle or a domain is not the name
        for name in folded_names:
            if key.count(f" {name} ") > 1:
                err("G4", f"the name {name!r} twice in one sentence", sentence)
        if notre and key.count(f" {fold(notre)} ") > 1:
            err("G4", f"{notre!r} twice in one sentence", sentence)
    for index, block in enumerate(document.blocks):
        if isinstance(block, Heading) and index:
            before = document.blocks[index - 1]
            if isinstance(before, Paragraph):
                last = sentences([_plain(before.children)])[-1:]
                heading = set(fold(_plain(block.children)).split())
                previous = set(fold(last[0]).split()) if last else set()
                if heading and previous and len(heading & previous) / len(heading | previous) >= 0.6:
                    err("G5", "a heading repeating the sentence before it", _plain(block.children))
    greeting = next((p for p in prose if re.fullmatch(r"(?:Madame|Monsieur|Dear|Chère|Cher).*,", p)), None)
    if language == "fr" and greeting is not None:
        salutation = greeting[:-1]
        if greeting.startswith(("Madame", "Monsieur")) and not any(
            p.startswith(f"Je vous prie d’agréer, {salutation}, l’expression de") for p in prose
        ):
            err("G10", "the closing formula does not repeat the salutation", greeting)
    if language == "en":
        english = " ".join(prose)  # the sender block too: "Chargée de recherche" is French
        stray = re.search(
            r"\bthe (?:Université|École|Institut|Lycée|Collège (?!de France)|Mairie|Ville|Sciences Po"
            r"|Inria|Inserm)\b"
            r"|\b(?:[Cc]hargée?|[Cc]hercheur|[Cc]hercheuse|[Mm]aître de conférences|[Aa]gent de"
            r"|[Ss]alariée?)\b",
            english,
        )
        if stray:
            err("G12", f"a stray article or a French role {stray.group()!r}", english)
    return errors


def leaked_markup(rendered: str, fmt: str) -> list[str]:
    """G2: Markdown or HTML escapes that leaked into the text or the HTML rendering."""
    errors: list[str] = []
    if fmt == "txt":
        text = "\n".join(line for line in rendered.splitlines() if not re.match(r"^\[\d+\] \S+$", line))
        if re.search(r"\\[\\`*_{}\[\]()#+\-.!<>|~]|\*\*|\]\(|&(?:lt|gt|amp|#\d+);", text):
            errors.append("G2: markup in the text rendering")
    if fmt == "html":
        visible = re.sub(r"<[^>]+>", " ", re.sub(r"<style>.*?</style>", "", rendered, flags=re.S))
        if re.search(r"\\[\\`*_{}\[\]()#+\-.!<>|~]|\*\*|\]\(|&amp;(?:lt|gt|amp);", visible):
            errors.append("G2: markup in the HTML")
    return errors
