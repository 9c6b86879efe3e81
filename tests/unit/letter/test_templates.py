"""The letter's templates: a user's directory overrides quitx's files; a template that cannot be
filled names its file and the placeholder."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.unit.letter.letters import absent, letter, text

from quitx.doc import Paragraph, plain
from quitx.errors import TemplateError
from quitx.letter.templates import BODY, FRAME_END, FRAME_TOP, candidates, read_template
from quitx.models import InstitutionKind


def test_a_user_template_overrides_a_block(tmp_path: Path) -> None:
    (tmp_path / "fr").mkdir()
    (tmp_path / "fr" / "greeting.md").write_text("Chère direction ${name_de},\n", encoding="utf-8")
    (tmp_path / "closing.md").write_text("Bien à vous,\n", encoding="utf-8")
    document = letter(None, template_dir=tmp_path)
    paragraphs = [plain(b.children) for b in document.blocks if isinstance(b, Paragraph)]
    assert "Chère direction du CNRS," in paragraphs
    assert "Bien à vous," in text(document)
    assert "salutations distinguées" not in text(document)


def test_a_users_generic_file_beats_quitxs_sector_variant(tmp_path: Path) -> None:
    (tmp_path / "opening.md").write_text("Mon introduction.\n", encoding="utf-8")
    body = text(letter(None, template_dir=tmp_path, sector=InstitutionKind.RESEARCH))
    assert "Mon introduction." in body and "Une institution scientifique doit au public" not in body


def test_an_unknown_placeholder_in_a_user_template_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "greeting.md").write_text("Bonjour ${nope}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="greeting"):
        letter(None, template_dir=tmp_path)


def test_a_template_that_cannot_be_filled_names_its_file_and_the_placeholder(tmp_path: Path) -> None:
    (tmp_path / "fr").mkdir()
    greeting = tmp_path / "fr" / "greeting.md"
    greeting.write_text("Bonjour ${nope}\n", encoding="utf-8")
    with pytest.raises(TemplateError) as raised:
        letter(None, template_dir=tmp_path)
    assert (raised.value.path, raised.value.placeholder) == (str(greeting), "nope")
    assert str(raised.value) == f"template {greeting}: no value for ${{nope}}"


def test_a_block_value_inside_a_line_is_refused_naming_its_file(tmp_path: Path) -> None:
    status = tmp_path / "presence.md"
    status.write_text("Voici ce que j’ai trouvé : ${presence}\n", encoding="utf-8")
    with pytest.raises(TemplateError, match="alone on its own line") as raised:
        letter(absent(), template_dir=tmp_path)
    assert (raised.value.path, raised.value.placeholder) == (str(status), "presence")


def test_an_extra_paragraph_that_cannot_be_filled_is_named_by_its_rank() -> None:
    with pytest.raises(TemplateError) as raised:
        letter(None, extra_paragraphs=("Un point.", "Et ${nope}."))
    assert (raised.value.path, raised.value.placeholder) == ("extra paragraph 2", "nope")


def test_quitxs_own_templates_most_specific_first() -> None:
    research = read_template("opening", "md", language="fr", chain=(InstitutionKind.RESEARCH,))
    assert research is not None and research.path == "quitx/letter/content/fr/opening.research.md"
    # higher education uses research's texts where it has none of its own
    chain = (InstitutionKind.HIGHER_EDUCATION, InstitutionKind.RESEARCH)
    precedents = read_template("precedents", "md", language="fr", chain=chain)
    assert precedents is not None and precedents.path.endswith("precedents.research.md")
    finish = read_template("opening", "md", language="fr", chain=chain, variant="finish")
    assert finish is not None and finish.path.endswith("opening.finish.md")
    generic = read_template("greeting", "md", language="en", chain=(InstitutionKind.RESEARCH,))
    assert generic is not None and generic.path == "quitx/letter/content/en/greeting.md"


def test_an_outsiders_file_comes_before_the_sectors() -> None:
    names = candidates("opening", "md", chain=(InstitutionKind.MEDIA,), variant=None, outsider=True)
    assert names == ["opening.media.outsider.md", "opening.media.md", "opening.outsider.md", "opening.md"]


def test_every_block_exists_in_both_languages() -> None:
    for language in ("fr", "en"):
        for kind, body in BODY.items():
            variant = "finish" if kind == "finish" else None
            for name in (*FRAME_TOP, *body, *FRAME_END, "plan_intro", "presence_offline"):
                ext = "txt" if name in ("place_date", "objet") else "md"
                if name in ("presence",):
                    continue
                found = read_template(
                    name, ext, language=language, chain=(InstitutionKind.COMPANY,), variant=variant
                )
                assert found is not None, (language, kind, name)
            assert read_template("subject", "txt", language=language, variant=variant)


def test_a_users_template_of_quitx_0_1_still_fills(tmp_path: Path) -> None:
    (tmp_path / "ask.md").write_text(
        "${status_intro}\n\n${status}\n\nEn tant que ${sender_role}, je suis ${sender_ready} à aider.\n",
        encoding="utf-8",
    )
    body = text(letter(absent(), template_dir=tmp_path))
    assert "je n’ai trouvé aucun compte à son nom" in body and "je suis prête à aider" in body
