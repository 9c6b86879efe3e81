"""Faults give "unknown", never a false verdict: random fault schedules over a world whose truth is known."""

from __future__ import annotations

import asyncio

from hypothesis import given, settings
from hypothesis import strategies as st
from testnet.faults import DNS_FAULTS, ENDPOINTS, FAULTS, TRUTH, Schedule, run_case, wrong

from quitx.models import Verdict

schedules = st.builds(
    Schedule,
    faults=st.dictionaries(st.sampled_from(ENDPOINTS), st.sampled_from(FAULTS), max_size=len(ENDPOINTS)),
    once=st.frozensets(st.sampled_from(ENDPOINTS)),
    dns=st.none() | st.sampled_from(DNS_FAULTS),
)


def test_without_faults_every_verdict_is_the_truth() -> None:
    verdicts, _ = asyncio.run(run_case(Schedule()))
    assert verdicts == TRUTH


def test_each_fault_alone_on_each_endpoint() -> None:
    for endpoint in ENDPOINTS:
        for fault in FAULTS:
            verdicts, _ = asyncio.run(run_case(Schedule(faults={endpoint: fault})))
            assert not wrong(verdicts), (endpoint, fault, wrong(verdicts))


@settings(max_examples=150, deadline=None)
@given(schedules)
def test_random_fault_schedules_never_give_a_false_verdict(schedule: Schedule) -> None:
    verdicts, _ = asyncio.run(run_case(schedule))
    assert not wrong(verdicts), wrong(verdicts)


def test_a_20_mb_body_is_capped() -> None:
    from testnet.faults import FaultyTransport

    transport = FaultyTransport(Schedule(faults={"lookup": "huge"}), huge_bytes=20_000_000)
    assert transport.huge_bytes == 20_000_000
    verdicts, _ = asyncio.run(run_case(Schedule(faults={"lookup": "huge", "profile": "huge"})))
    assert verdicts["@alice@m.fr"] is Verdict.PRESENT  # WebFinger proved it; the lookup body was refused
    assert not wrong(verdicts)


def test_the_reliability_script_runs_and_finds_no_false_verdict() -> None:
    import subprocess
    import sys
    from pathlib import Path

    script = Path(__file__).resolve().parents[2] / "scripts" / "reliability.py"
    out = subprocess.run(
        [sys.executable, str(script), "--random", "20"], capture_output=True, text=True, timeout=300
    )
    assert out.returncode == 0, out.stderr
    assert (
        "FALSE VERDICTS" not in out.stdout and "CRASHED" not in out.stdout and "UNEXPECTED" not in out.stdout
    )
    assert "random fault schedules" in out.stdout
