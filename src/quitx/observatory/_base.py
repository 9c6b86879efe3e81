"""What the observatory's models share."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from ..errors import QuitxError

__all__ = ["Frozen", "HistoryError", "ObservatoryError"]


class Frozen(BaseModel):
    """quitx's own results: frozen, no extra field."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class ObservatoryError(QuitxError):
    """The observatory cannot go on: a bad preset, an unreadable query file, a database it cannot
    use. (Remote failures are `quitx.errors.RemoteError`.)"""


class HistoryError(ObservatoryError):
    """The history database cannot be used: not a quitx history, another schema version, a run
    that is not there."""

    def __init__(self, message: str, *, path: str | None = None) -> None:
        self.path = path
        super().__init__(f"{path}: {message}" if path else message)
