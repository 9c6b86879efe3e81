"""Shared test helpers: where ../shared/data is, and how to skip without it."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def shared_data(*parts: str) -> Path:
    """A path under ../shared/data; skip (fail in CI) where the folder is absent."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{path} is missing in CI")
        pytest.skip(f"{path} not available (../shared/data is beside the project checkout only)")
    return path


def load_json(*parts: str) -> Any:
    return json.loads(shared_data(*parts).read_text(encoding="utf-8"))
