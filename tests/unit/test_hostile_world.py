"""Remote data never crashes a check, and never reaches a terminal active (testnet.hostile_world).

Each example is a whole world of servers answering in the right shapes with hostile values:
references and an institution are checked against it, and every text writer renders the results.
"""

from __future__ import annotations

import asyncio

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from testnet.hostile_world import run_world


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 2**32 - 1), st.sampled_from([0.1, 0.3, 0.7]))
def test_a_hostile_world_crashes_nothing_and_prints_nothing_active(seed: int, rate: float) -> None:
    outcome = asyncio.run(run_world(seed, rate=rate))
    assert outcome.crashes == []
    assert outcome.active_output == []
    assert outcome.checked == 5 and outcome.requests > 0
