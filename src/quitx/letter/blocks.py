"""The letter's blocks from their templates: which file (`templates.read_template`), filled with the
letter's values, the frame's blocks shaped (address blocks and the signature as lines, "Objet :"
with its label), and French typography applied to every text span once the values are in."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from ..doc import Block, Bullets, Heading, Inline, Lines, Link, Paragraph, Strong, Text, Value, plain
from ..i18n import Lang, Language
from ..i18n.typography import typeset
from ..models import InstitutionKind
from . import phrases as P
from .templates import Template, read_template, render_template

__all__ = ["Renderer", "frame_block", "typeset_block"]


class Renderer:
    """Renders the blocks of one letter: its language, sector chain, variant and voice, its values."""

    def __init__(
        self,
        language: Language,
        template_dir: Path | None,
        chain_: Sequence[InstitutionKind],
        variant: str | None,
        outsider: bool,
        values: dict[str, Value],
    ) -> None:
        self.language = language
        self.template_dir = template_dir
        self.chain = chain_
        self.variant = variant
        self.outsider = outsider
        self.values = values
        self.texts: list[str] = []  # the templates rendered, to tell which claims the letter cites

    def template(self, name: str, ext: str = "md") -> Template | None:
        return read_template(
            name,
            ext,
            language=self.language,
            chain=self.chain,
            variant=self.variant,
            outsider=self.outsider,
            user=self.template_dir,
        )

    def block(self, name: str, ext: str = "md") -> list[Block]:
        template = self.template(name, ext)
        if template is None:
            return []
        self.texts.append(template.text)
        return render_template(template, self.values)


def _typeset_spans(spans: Sequence[Inline], language: Language) -> tuple[Inline, ...]:
    """Typography on the text of ``spans`` (link targets untouched), after the values are in, so
    that a user's templates and claims print as quitx's own."""
    out: list[Inline] = []
    for index, span in enumerate(spans):
        if isinstance(span, Text):
            out.append(Text(text=typeset(span.text, language, first=index == 0)))
        elif isinstance(span, Link | Strong):
            out.append(span.model_copy(update={"children": _typeset_spans(span.children, language)}))
        else:
            out.append(span)
    return tuple(out)


def typeset_block(block: Block, language: Language) -> Block:
    if isinstance(block, Paragraph | Heading):
        return block.model_copy(update={"children": _typeset_spans(block.children, language)})
    if isinstance(block, Bullets | Lines):
        items = tuple(_typeset_spans(item, language) for item in block.items)
        return block.model_copy(update={"items": items})
    return block


def frame_block(name: str, render: Renderer, language: Language) -> list[Block]:
    """A frame block: address blocks and the signature as lines, "Objet :" with its label."""
    if name == "objet":
        template = render.template("objet", "txt")
        if template is None:
            return []
        text = " ".join(
            plain(b.children) for b in render_template(template, render.values) if isinstance(b, Paragraph)
        )
        if not text:
            return []
        label = Lang(language)(P.OBJET) + Lang(language).sep()
        return [Paragraph(children=(Text(text=label + text),))]
    if name in ("sender_block", "recipient_block", "place_date", "signature"):
        out: list[Block] = []
        for block in render.block(name, "txt" if name == "place_date" else "md"):
            rows: tuple[tuple[Inline, ...], ...]
            if isinstance(block, Lines):
                rows = block.items
            elif isinstance(block, Paragraph):
                rows = (block.children,)
            else:
                out.append(block)
                continue
            align: Literal["left", "right"] = "left" if name == "sender_block" else "right"
            out.append(Lines(items=rows, align=align))
        return out
    return render.block(name)
