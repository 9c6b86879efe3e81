"""One bad item is reported for itself: the other references, rows and checks go on."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

import quitx.lookup
from quitx.batch import RowError, read_institutions
from quitx.cli import main
from quitx.config import load_settings
from quitx.lookup import Prober
from quitx.models import Reason, Verdict


def test_a_jsonl_row_nested_too_deep_is_one_bad_row(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(
        '{"name": "A", "domain": "a.fr"}\n' + "[" * 200_000 + "\n" + '{"name": "B", "domain": "b.fr"}\n',
        encoding="utf-8",
    )
    rows = list(read_institutions(path, warn=lambda _: None))
    assert [type(r).__name__ for r in rows] == ["InstitutionRow", "RowError", "InstitutionRow"]
    bad = rows[1]
    assert isinstance(bad, RowError) and bad.line == 2 and "nested too deep" in bad.message


def test_an_institution_file_nested_too_deep_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 200_000, encoding="utf-8")
    assert main(["letter", "--from-json", str(path), "--offline"]) == 2
    assert "nested too deep" in capsys.readouterr().err


async def test_a_probe_that_fails_on_an_answer_leaves_its_reference_unknown_and_the_others_checked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def broken(*args: object) -> None:
        raise ValueError("Invalid IPv6 URL")  # what an unguarded urlsplit raised on "https://[evil"

    monkeypatch.setattr(quitx.lookup, "lookup_mastodon", broken)

    def world(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/.well-known/atproto-did":
            return httpx.Response(404)
        return httpx.Response(400, json={"error": "InvalidRequest", "message": "Profile not found"})

    client = httpx.AsyncClient(transport=httpx.MockTransport(world))
    settings = load_settings(environ={}, dns_nameservers=["127.0.0.1:9"], dns_timeout=0.2)
    async with Prober(settings, client=client) as prober:
        mastodon = await prober.exists("@univ@evil.fr")
        bluesky = await prober.exists("nobody.fr")
    await client.aclose()
    assert mastodon.verdict is Verdict.UNKNOWN and mastodon.reason is Reason.BAD_RESPONSE
    assert "ValueError: Invalid IPv6 URL" in mastodon.detail
    assert bluesky.verdict is not None and bluesky.ref.handle == "nobody.fr"
