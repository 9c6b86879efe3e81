"""The layout: every module of quitx sits in a layer of the import contracts (pyproject.toml,
checked by lint-imports in the test command), and modules stay small enough to read."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import quitx

PACKAGE = Path(quitx.__file__).resolve().parent
ROOT = PACKAGE.parent.parent
LIMIT = 500  # lines

# modules allowed past the limit: tables of data (words, schemas, link lists), no logic
DATA = {
    "plan/wording.py": "the plan's French and English messages",
    "apply/wording.py": "apply's French and English messages",
}


def _contracts() -> list[dict[str, object]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    assert isinstance(contracts, list)
    return contracts


def _layered() -> set[str]:
    layers = next(c for c in _contracts() if c["type"] == "layers")["layers"]
    assert isinstance(layers, list)
    return {name.strip() for layer in layers for name in re.split(r"[|:]", layer)}


def _top_level() -> set[str]:
    names = {f"quitx.{p.stem}" for p in PACKAGE.glob("*.py") if p.stem not in ("__init__", "__main__")}
    names |= {f"quitx.{p.parent.name}" for p in PACKAGE.glob("*/__init__.py")}
    return names


def test_every_module_sits_in_a_layer() -> None:
    """A new module or package cannot sit outside the rules: the contracts name it, or this fails."""
    assert len(_top_level()) > 25
    assert _top_level() - _layered() == set(), "add these to [tool.importlinter] layers in pyproject.toml"
    assert _layered() - _top_level() == set(), "the layers name modules that do not exist"


def test_the_contracts_cover_what_the_guide_asks() -> None:
    kinds = {c["id"]: c["type"] for c in _contracts()}
    assert kinds == {
        "layers": "layers",
        "networks": "independence",
        "orchestrator": "forbidden",
        "sdks": "forbidden",
        "argparse": "forbidden",
        "http": "forbidden",
    }


def _lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def test_modules_stay_readable() -> None:
    long = {
        str(p.relative_to(PACKAGE)): _lines(p)
        for p in PACKAGE.rglob("*.py")
        if _lines(p) > LIMIT and str(p.relative_to(PACKAGE)) not in DATA
    }
    assert long == {}, f"split these modules (over {LIMIT} lines): {long}"


def test_a_data_module_holds_data() -> None:
    """An allowlisted module may be long because it is a table, not because it hides logic."""
    for relative in DATA:
        tree = ast.parse((PACKAGE / relative).read_text(encoding="utf-8"))
        logic = [
            n.name for n in tree.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
        ]
        assert logic == [], f"{relative} defines {logic}: move them next to their callers"
