"""quitx claims: the claims a letter may cite, with their dates, sectors, verification and sources."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quitx import cli


def test_claims_lists_them_with_dates_and_sources(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert cli.main(["claims"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == ["id", "date", "sectors", "verified", "kind", "source"]
    dsa = next(line for line in out.splitlines() if line.startswith("x-dsa-fine "))
    assert "2025-12-05" in dsa and " yes " in dsa and "Le Soir" in dsa
    assert any(line.startswith("cnrs-on-social-numerique ") and " no " in line for line in out.splitlines())
    mine = {"schema_version": 2, "claims": []}
    (tmp_path / "c.json").write_text(json.dumps(mine), encoding="utf-8")
    assert cli.main(["claims", "--claims", str(tmp_path / "c.json"), "--format", "json"]) == 0
    assert {c["id"] for c in json.loads(capsys.readouterr().out)} >= {
        "x-dsa-fine",
        "x-paris-prosecutor-search",
    }
