"""One module per source. Only these modules and ``quitx._http`` touch the network."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Annotated, Any, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ValidationError,
    ValidatorFunctionWrapHandler,
    WrapValidator,
)

from .._http import HttpResult
from ..models import (
    BlueskyAccount,
    BlueskyRef,
    Evidence,
    ExistsResult,
    MastodonAccount,
    MastodonRef,
    Platform,
    Reason,
    Verdict,
)

__all__ = [
    "Lenient",
    "exists_result",
    "read_items",
    "read_model",
    "readable",
]

_M = TypeVar("_M", bound=BaseModel)
_T = TypeVar("_T")


def _or_none(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    try:
        return handler(value)
    except ValidationError:
        return None


# An optional fact a server may fill oddly (a date of year 0000, a count as text): None then, and the
# rest of the object is still read. Only for facts a verdict does not stand on.
Lenient = Annotated[_T | None, WrapValidator(_or_none)]


def read_items(model: type[_M], value: Any) -> tuple[list[_M], list[Any]]:
    """The items of a list that read as ``model``, and those that do not (each item on its own:
    one malformed entry in a list of hits or fields is unreadable evidence for that entry only)."""
    good: list[_M] = []
    bad: list[Any] = []
    for item in value if isinstance(value, list) else ():
        try:
            good.append(model.model_validate(item))
        except ValidationError:
            bad.append(item)
    return good, bad


def readable(model: type[_M]) -> BeforeValidator:
    """For a list field: keep the items that read as ``model``, drop the others."""
    return BeforeValidator(lambda value: read_items(model, value)[0])


def read_model(result: HttpResult, model: type[_M], *, any_status: bool = False) -> _M | None:
    """The body as ``model``, or None when it is not one (or, unless ``any_status``, not a 2xx)."""
    if not (result.ok or any_status):
        return None
    try:
        return model.model_validate(result.json())
    except ValidationError:
        return None


def exists_result(
    ref: MastodonRef | BlueskyRef,
    verdict: Verdict,
    reason: Reason,
    detail: str,
    evidence: Sequence[Evidence],
    account: MastodonAccount | BlueskyAccount | None = None,
    retry_after: float | None = None,
) -> ExistsResult:
    """The answer to "does this account exist?", stamped now."""
    return ExistsResult(
        ref=ref,
        platform=Platform.MASTODON if isinstance(ref, MastodonRef) else Platform.BLUESKY,
        verdict=verdict,
        reason=reason,
        detail=detail,
        account=account,
        retry_after=retry_after,
        evidence=tuple(evidence),
        checked_at=dt.datetime.now(dt.UTC),
    )
