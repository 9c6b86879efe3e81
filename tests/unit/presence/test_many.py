"""check_many: the async iterator and its sync face, on mocked HTTP (the real run is in tests/integration)."""

from __future__ import annotations

import httpx

import quitx
from quitx.config import load_settings
from quitx.models import Institution


def client() -> httpx.AsyncClient:
    # every request answers 404: every institution is checked completely and found nowhere
    return httpx.AsyncClient(transport=httpx.MockTransport(lambda request: httpx.Response(404)))


def settings() -> quitx.Settings:
    return load_settings(
        environ={}, retries=0, dns_nameservers=["127.0.0.1:9"], dns_timeout=0.2, instances=["m.fr"]
    )


def institutions(n: int) -> list[Institution]:
    return [Institution(name=f"Institut {i}", domain=f"institut-{i}.fr") for i in range(n)]


async def test_async_iteration_yields_every_institution_once() -> None:
    seen = []
    async for item in quitx.check_many(institutions(5), settings=settings(), client=client(), concurrency=2):
        assert item.report is not None and item.error is None
        seen.append(item.index)
    assert sorted(seen) == [0, 1, 2, 3, 4]


def test_sync_face_and_early_stop() -> None:
    run = quitx.check_many(institutions(6), settings=settings(), client=client(), concurrency=2)
    items = list(run)
    assert sorted(i.index for i in items) == list(range(6))
    assert {i.institution.name for i in items} == {f"Institut {n}" for n in range(6)}
    # leaving the loop early stops the run cleanly
    for item in quitx.check_many(institutions(6), settings=settings(), client=client(), concurrency=2):
        assert item.report is not None
        break


async def test_a_failing_check_does_not_stop_the_batch(monkeypatch: object) -> None:
    import pytest

    from quitx.presence.run import run_check as original

    assert isinstance(monkeypatch, pytest.MonkeyPatch)

    async def flaky(prober: quitx.Prober, institution: quitx.Institution) -> quitx.Report:
        if institution.name == "Institut 1":
            raise RuntimeError("boom")
        return await original(prober, institution)

    monkeypatch.setattr("quitx.presence.many.run_check", flaky)
    items = [i async for i in quitx.check_many(institutions(3), settings=settings(), client=client())]
    errors = {i.index: i.error for i in items}
    assert errors == {0: None, 1: "RuntimeError: boom", 2: None}


async def test_no_request_is_sent_twice_in_a_run_even_when_the_memo_forgets(monkeypatch: object) -> None:
    import pytest

    import quitx._http.engine as engine_module

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    monkeypatch.setattr(engine_module, "MEMO_SIZE", 1)  # the in-run memo forgets at once
    sent: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(str(request.url))
        return httpx.Response(404, headers={"Cache-Control": "no-cache"})

    client = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    same = Institution(name="Institut Un", domain="institut-un.fr")
    items = [
        i async for i in quitx.check_many([same, same], settings=settings(), client=client, concurrency=1)
    ]
    assert len(items) == 2 and all(i.report is not None for i in items)
    assert len(sent) == len(set(sent)) > 5  # the second check was answered by the run's scratch store
