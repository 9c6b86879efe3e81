"""quitx.i18n.common: the shared words are complete."""

from __future__ import annotations

from typing import get_args

from quitx.i18n.common import ACTIVITY, CONFIDENCE, NO_USABLE_ANSWER, REASONS, REGISTRATIONS, STEP_STATUS
from quitx.models import Activity, Confidence, InstanceInfo, Reason
from quitx.plan import StepStatus


def test_every_reason_has_both_forms() -> None:
    assert set(REASONS) == set(Reason)
    predicates = {r for r, words in REASONS.items() if words.did is not NO_USABLE_ANSWER}
    assert predicates == {
        Reason.TIMEOUT,
        Reason.UNAUTHORIZED,
        Reason.RATE_LIMITED,
        Reason.SERVER_ERROR,
        Reason.NETWORK_ERROR,
        Reason.DNS_UNVERIFIED,
    }  # the others: "n’a pas donné de réponse exploitable", as the letter always said
    assert len({words.what.en for words in REASONS.values()}) == len(Reason)  # no two alike


def test_every_confidence_activity_registration_and_status() -> None:
    assert set(CONFIDENCE) == set(Confidence) and set(ACTIVITY) == set(Activity)
    modes = get_args(get_args(InstanceInfo.model_fields["registrations"].annotation)[0])
    assert set(REGISTRATIONS) == set(modes)
    assert set(STEP_STATUS) == {s.value for s in StepStatus}
