"""quitx on the web: a page where a person checks an institution, reads and edits the letter (with
its decision summary) and the technical annex, and downloads them. Needs the ``web`` extra: ``pip
install 'quitx[web]'`` (``quitx[web,pdf]`` for PDF).

``quitx serve`` runs it with uvicorn; any ASGI server runs ``quitx.web:app`` (settings read from
``QUITX_*``, ``QUITX_WEB_*`` and the config file when the first request or the lifespan comes) or
calls the factory ``quitx.web:create_app`` (``uvicorn --factory quitx.web:create_app``).
``import quitx`` never imports this package.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from starlette.types import Receive, Scope, Send

__all__ = ["app", "create_app"]


def create_app(*args: Any, **kwargs: Any) -> Any:
    """The ASGI app (see `quitx.web.app.create_app`)."""
    from .app import create_app as create

    return create(*args, **kwargs)


class _App:
    """``quitx.web:app``: builds the app on its first call, so that importing this module reads
    no setting and opens nothing."""

    def __init__(self) -> None:
        self._app: Any = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self._app is None:
            self._app = create_app()
        await self._app(scope, receive, send)


app = _App()
