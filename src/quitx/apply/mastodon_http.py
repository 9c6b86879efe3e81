"""The one way quitx opens Mastodon.py with the institution's credentials (apply's session, the
sector's lists, and login's OAuth and token check): a requests session that sends to the
instance only.

Every request goes through `_OneHost`, a requests adapter: to ``https://<instance>``, or, when the
host map names the instance, to its mapped base (a test server) with ``Host: <instance>``. A request
for any other host or scheme — a redirect, a ``Link`` header, an address found in an answer — is
refused before anything is sent, with an `ApplyError` of kind ``foreign_host``: neither the
request nor the token leaves the instance. (requests alone would drop the ``Authorization`` header
on a redirect to another host, but still send the request there, a 307's body included, and add
that host's ``.netrc`` credentials.) A redirect within the instance is followed, with its token.

requests and Mastodon.py are imported when a session opens, never at import time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import SplitResult, urlsplit

from ..errors import ApplyError, ErrorKind
from ..i18n import Lang
from . import wording as W
from .failures import refuse_host, where_of
from .models import Language

if TYPE_CHECKING:
    from ..config import Settings

__all__ = ["mastodon_client", "one_host_adapter", "one_host_session"]


def mastodon_client(
    settings: Settings, host: str, language: Language, *, session: Any = None, **kwargs: Any
) -> tuple[Any, Any]:
    """Mastodon.py for the instance ``host``, and its requests session (the caller closes it):
    quitx's User-Agent and timeout, no version check, every request to ``host`` only. ``session``:
    one `one_host_session` opened for ``host`` (default: a new one); ``kwargs`` go to ``Mastodon``
    (``access_token``, ``client_id``, ``ratelimit_method``…)."""
    from mastodon import Mastodon

    session = session if session is not None else one_host_session(settings, host, language)
    client = Mastodon(
        api_base_url=f"https://{host}",
        request_timeout=settings.timeout,
        version_check_mode="none",
        session=session,
        user_agent=settings.user_agent,
        **kwargs,
    )
    return client, session


def one_host_session(settings: Settings, host: str, language: Language) -> Any:
    """A requests session (quitx's User-Agent) whose every request goes to the instance ``host``
    only (`one_host_adapter`). A host the settings do not allow (``only_mapped_hosts``) is refused
    before a session opens."""
    if not settings.allows(host):
        raise refuse_host(host, language)
    import requests

    session = requests.Session()
    session.headers["User-Agent"] = settings.user_agent
    adapter = one_host_adapter(settings, host, language)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session


def one_host_adapter(settings: Settings, host: str, language: Language) -> Any:
    """A requests adapter that sends to ``https://<host>`` only (through the host map when it
    names ``host``), and refuses any other request before it is sent (`ApplyError`,
    ``foreign_host``)."""
    from requests import PreparedRequest, Response
    from requests.adapters import HTTPAdapter
    from requests.utils import get_environ_proxies

    from ..config import mapped_on

    host = host.lower()
    mapped = settings.mapped_base(host)

    class _OneHost(HTTPAdapter):
        def send(self, request: PreparedRequest, *args: Any, **kwargs: Any) -> Response:
            url = urlsplit(request.url or "")
            if not _is_instance(url, host, https_only=mapped is None):
                raise _refused(host, request.url or "", language)
            if mapped is None:
                if not settings.allows(host):
                    raise refuse_host(host, language)
                return super().send(request, *args, **kwargs)
            sent = request.copy()
            sent.url = mapped_on(urlsplit(mapped), url)
            sent.headers["Host"] = host
            if kwargs.get("proxies"):  # the environment's proxies for where it goes (NO_PROXY…)
                kwargs["proxies"] = get_environ_proxies(sent.url)
            response = super().send(sent, *args, **kwargs)
            # the answer reads as the instance's: a relative redirect is resolved against the
            # instance's address (and comes back here), and requests compares hosts, to keep or drop
            # the token, on the instance's address rather than the test server's
            response.request, response.url = request, request.url or response.url
            return response

    return _OneHost()


def _is_instance(url: SplitResult, host: str, *, https_only: bool) -> bool:
    """Whether ``url`` is on the instance: its host name, its default port, over HTTPS (any scheme
    when the host map sends the instance to a test server)."""
    try:
        port = url.port
    except ValueError:  # a port that is no number
        return False
    if https_only and url.scheme != "https":
        return False
    return (url.hostname or "").lower() == host and port in (None, 443)


def _refused(host: str, url: str, language: Language) -> ApplyError:
    """The refusal, naming where the request would have gone (`where_of`)."""
    return ApplyError(
        ErrorKind.FOREIGN_HOST,
        Lang(language)(W.ANOTHER_HOST_REFUSED, host=host, where=where_of(url)),
    )
