"""The web app: a form, a check that streams its progress, the letter and its annex to edit and
download. Server-rendered pages that work without JavaScript; ``app.js`` only makes them live.

Routes::

    GET  /  /fr/  /en/   the form (the language from the address, else Accept-Language)
    POST /check          the check: a streamed HTML page, or Server-Sent Events for app.js
    POST /download       the edited letter (its annex after it) or the annex alone, as a file
                         (Markdown, the printed page as HTML or PDF, the e-mail draft)
    GET  /healthz        {"status": "ok", …} for a load balancer or a container's health check
    GET  /static/…       the CSS, the script and the icon (nothing is loaded from elsewhere)

No cookie, no account, no session: a page carries what the next request needs (the edited text
and the visitor's details go back in the download form). What a visitor typed lives in the
request handling it, and nowhere else.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import re
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from . import library as lib
from .headers import CSP, SecurityHeaders
from .jobs import Checks, Failed, Job, QueueFull, RunCheck
from .limits import Bucket, RateLimiter, client_address
from .presence import PresenceView, present
from .progress import progress_lines
from .settings import WebSettings, load_web_settings
from .wording import LANGUAGES, Language, Words, negotiate

__all__ = ["CSP", "create_app"]

_log = logging.getLogger(__name__)
_STATIC = Path(__file__).resolve().parent / "static"

_MARK_PROGRESS = "<!--quitx:progress-->"
_MARK_RESULTS = "<!--quitx:results-->"
_EMAIL = re.compile(
    r"^[^@\s<>()\[\],;:\"\\]{1,64}@[^@\s<>()\[\],;:\"\\]{1,253}\.[^@\s<>()\[\],;:\"\\.]{2,63}$"
)
_FIELD_MAX = 200
_NETWORK_EVERY_HTML = 3.0  # seconds between two progress lines of the page without script
_NETWORK_EVERY_SSE = 1.0


class _Refused(Exception):
    """A request answered with a message page (``key`` names its words)."""

    def __init__(self, status: int, key: str, *, retry_after: int | None = None, **values: object) -> None:
        self.status = status
        self.key = key
        self.retry_after = retry_after
        self.values = values
        super().__init__(key)


@dataclass(frozen=True)
class _Results:
    view: PresenceView
    letter: lib.Texts
    annex: lib.Texts
    annex_html: str
    slug: str


class _Site:
    """What the routes share: settings, the queue, the limits, the templates."""

    def __init__(self, settings: lib.Settings, web: WebSettings, run: RunCheck | None) -> None:
        self.settings = lib.check_settings(settings, http_cache=web.http_cache)
        self.web = web
        self.proxies = web.proxy_networks()
        self.limiter = RateLimiter()
        self.requests = Bucket("requests", web.requests_per_minute, web.requests_per_minute / 60)
        self.checks_bucket = Bucket("checks", web.check_burst, web.checks_per_hour / 3600)
        self.checks = Checks(
            run or self._run,
            max_running=web.max_checks,
            max_waiting=web.max_waiting,
            timeout=web.check_timeout,
            ttl=web.report_ttl,
            ttl_unknown=web.report_ttl_unknown,
            size=web.report_cache_size,
            retry_after=web.retry_after,
        )
        self.env = Environment(
            loader=PackageLoader("quitx.web", "templates"),
            autoescape=select_autoescape(("html",), default=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        versions = {
            p.name: hashlib.sha256(p.read_bytes()).hexdigest()[:10] for p in _STATIC.iterdir() if p.is_file()
        }
        self.env.globals["static"] = lambda name: f"/static/{name}?v={versions.get(name, '0')}"
        self.env.globals["marks"] = {"progress": _MARK_PROGRESS, "results": _MARK_RESULTS}
        # a PDF is seconds of one core: a few at a time, the others wait their turn
        self.printing = asyncio.Semaphore(2)

    async def _run(self, institution: lib.Institution, on_progress: Any) -> lib.Report:
        return await lib.check(institution, self.settings, on_progress)

    # --- pages ---

    def render(self, template: str, language: Language, **context: Any) -> str:
        return self.env.get_template(template).render(lang=language, w=Words(language), **context)

    def page(
        self,
        template: str,
        language: Language,
        status: int = 200,
        headers: Mapping[str, str] | None = None,
        **context: Any,
    ) -> HTMLResponse:
        body = self.render(template, language, **context)
        response = HTMLResponse(body, status_code=status, headers=dict(headers or {}))
        response.headers["Content-Language"] = language
        return response

    def refusal(self, refused: _Refused, language: Language) -> HTMLResponse:
        w = Words(language)
        headers = {"Retry-After": str(refused.retry_after)} if refused.retry_after else None
        return self.page(
            "message.html",
            language,
            status=refused.status,
            headers=headers,
            title=w(f"{refused.key}_title"),
            text=w(refused.key, **refused.values),
        )

    # --- what every request goes through ---

    def client(self, request: Request) -> str:
        peer = request.client.host if request.client else None
        return client_address(peer, request.headers.get("x-forwarded-for"), self.proxies)

    def admit(self, request: Request) -> None:
        wait = self.limiter.take(self.client(request), self.requests)
        if wait > 0:
            raise _Refused(429, "limited", retry_after=_seconds(wait), seconds=_seconds(wait))

    def same_origin(self, request: Request) -> None:
        """A POST comes from this site's pages: no cookie to steal here, but a page elsewhere
        must not spend a visitor's check budget or the queue."""
        site = request.headers.get("sec-fetch-site")
        origin = request.headers.get("origin")
        if site is not None and site not in ("same-origin", "none"):
            raise _Refused(403, "forbidden")
        if origin is None:
            return  # not sent by a browser's cross-site form (browsers send Origin with a POST)
        if self.web.public_url is not None:
            ok = origin.rstrip("/") == _origin_of(self.web.public_url)
        else:
            ok = (
                origin != "null"
                and urlsplit(origin).netloc.lower() == request.headers.get("host", "").lower()
            )
        if not ok:
            raise _Refused(403, "forbidden")

    async def posted(self, request: Request) -> tuple[dict[str, str], Language] | Response:
        """A POST's fields and the page's language, once the request passed the rate limit, the
        Origin rule and the size limit; else the page that says why not."""
        try:
            self.admit(request)
            self.same_origin(request)
            fields = await self.form(request)
        except _Refused as refused:
            return self.refusal(refused, _language(request))
        return fields, _language(request, fields.get("lang"))

    async def form(self, request: Request) -> dict[str, str]:
        cap = self.web.max_body_kb * 1024
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > cap):
            raise _Refused(413, "too_large", kb=self.web.max_body_kb)
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind != "application/x-www-form-urlencoded":
            raise _Refused(400, "forbidden")
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > cap:
                raise _Refused(413, "too_large", kb=self.web.max_body_kb)
        try:
            pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, max_num_fields=40)
        except (UnicodeDecodeError, ValueError):
            raise _Refused(400, "forbidden") from None
        return dict(pairs)


def _seconds(wait: float) -> int:
    return max(1, int(wait + 0.999))


def _origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def _language(request: Request, given: str | None = None) -> Language:
    for candidate in (given, request.path_params.get("lang")):
        if candidate == "fr":
            return "fr"
        if candidate == "en":
            return "en"
    return negotiate(request.headers.get("accept-language"))


def _writer(fields: Mapping[str, str], errors: dict[str, str], w: Words) -> lib.Writer:
    values = {key: " ".join(fields.get(key, "").split()) for key in ("sender", "role", "email", "to")}
    for key in ("sender", "role"):
        if len(values[key]) > _FIELD_MAX:
            errors[key] = w(f"error.{key}.too_long")
    for key in ("email", "to"):
        if values[key] and (len(values[key]) > 254 or not _EMAIL.match(values[key])):
            errors[key] = w(f"error.{key}.invalid")
    gender = fields.get("gender", "n")
    return lib.Writer(
        name=values["sender"],
        role=values["role"],
        gender="f" if gender == "f" else "m" if gender == "m" else "n",
        email=values["email"],
        to=values["to"],
    )


def _results(
    report: lib.Report, institution: lib.Institution, writer: lib.Writer, language: Language
) -> _Results:
    plan = lib.plan_for(report, institution, language)
    return _Results(
        view=present(report, Words(language)),
        letter=lib.letter_text(report, institution, plan, writer, language),
        annex=lib.annex_text(plan),
        annex_html=lib.annex_html(plan, top=2),
        slug=lib.letter_slug(institution),
    )


async def _outcome(
    site: _Site, job: Job, institution: lib.Institution, writer: lib.Writer, language: Language
) -> str:
    """The results section once ``job`` is done (or what went wrong), as HTML."""
    w = Words(language)
    context: dict[str, Any] = {"failure": None, "writer": writer}
    if job.report is None:
        last = job.events[-1] if job.events else None
        context["failure"] = w("timed_out" if isinstance(last, Failed) and last.timed_out else "failed")
    else:
        try:
            context["results"] = await asyncio.to_thread(_results, job.report, institution, writer, language)
        except Exception:
            _log.exception("writing the letter or the plan failed")
            context["failure"] = w("failed")
        context["letter_formats"] = lib.formats("letter")
        context["annex_formats"] = lib.formats("annex")
    return site.render("_results.html", language, **context)


async def _html_stream(
    site: _Site, job: Job, institution: lib.Institution, writer: lib.Writer, language: Language
) -> AsyncIterator[str]:
    """The results page, streamed: its top, each progress line as it comes, then the results."""
    w = Words(language)
    name = lib.remote_text(institution.name, limit=400)
    page = site.render("results.html", language, name=name)
    head, _, rest = page.partition(_MARK_PROGRESS)
    middle, _, tail = rest.partition(_MARK_RESULTS)
    yield head
    async for line in progress_lines(job, w, name, _NETWORK_EVERY_HTML):
        if line is None:
            yield "\n"  # a heartbeat: keeps proxies from closing a quiet stream
            continue
        kind, text = line
        yield site.render("_progress.html", language, kind=kind, text=text)
    yield middle
    yield await _outcome(site, job, institution, writer, language)
    yield tail


def _sse(event: str, data: Mapping[str, Any]) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


async def _sse_stream(
    site: _Site, job: Job, institution: lib.Institution, writer: lib.Writer, language: Language
) -> AsyncIterator[str]:
    """The same, as Server-Sent Events for app.js: ``progress`` lines, then ``results``, ``end``."""
    w = Words(language)
    async for line in progress_lines(
        job, w, lib.remote_text(institution.name, limit=400), _NETWORK_EVERY_SSE
    ):
        if line is None:
            yield ": keep-alive\n\n"
            continue
        kind, text = line
        html = site.render("_progress.html", language, kind=kind, text=text)
        yield _sse("progress", {"kind": kind, "html": html})
    yield _sse("results", {"html": await _outcome(site, job, institution, writer, language)})
    yield _sse("end", {})


def create_app(
    settings: lib.Settings | None = None,
    web: WebSettings | None = None,
    *,
    run_check: RunCheck | None = None,
) -> Starlette:
    """The ASGI app. ``settings``: quitx's (default: ``QUITX_*`` and the config file); ``web``:
    the web app's (default: ``QUITX_WEB_*`` and the file's ``[web]`` table); ``run_check``
    replaces the check itself (tests)."""
    settings = settings if settings is not None else lib.load_settings()
    web = web if web is not None else load_web_settings()
    site = _Site(settings, web, run_check)

    async def form_page(request: Request) -> Response:
        if request.path_params.get("lang", "fr") not in LANGUAGES:
            raise HTTPException(404)
        language = _language(request)
        try:
            site.admit(request)
        except _Refused as refused:
            return site.refusal(refused, language)
        response = site.page("form.html", language, form={}, errors={})
        if "lang" not in request.path_params:
            response.headers["Vary"] = "Accept-Language"
        return response

    async def check(request: Request) -> Response:
        posted = await site.posted(request)
        if isinstance(posted, Response):
            return posted
        fields, language = posted
        w = Words(language)
        errors: dict[str, str] = {}
        institution = None
        try:
            institution = lib.institution(
                fields.get("name", ""), fields.get("website", ""), fields.get("kind", ""), language
            )
        except lib.InputProblem as problem:
            errors[problem.field] = w(f"error.{problem.field}.{problem.code}")
        writer = _writer(fields, errors, w)
        if errors or institution is None:
            return site.page("form.html", language, status=400, form=fields, errors=errors)
        key = lib.institution_key(institution)
        job = site.checks.find(key)
        if job is not None and job.done:
            job = job.again()
        try:
            if job is None:
                wait = site.limiter.take(site.client(request), site.checks_bucket)
                if wait > 0:
                    raise _Refused(429, "limited", retry_after=_seconds(wait), seconds=_seconds(wait))
                try:
                    job = site.checks.submit(key, institution)
                except QueueFull as full:
                    raise _Refused(
                        503, "busy", retry_after=full.retry_after, seconds=full.retry_after
                    ) from None
        except _Refused as refused:
            return site.refusal(refused, language)
        headers = {"X-Accel-Buffering": "no", "Content-Language": language}
        if "text/event-stream" in request.headers.get("accept", ""):
            return StreamingResponse(
                _sse_stream(site, job, institution, writer, language),
                media_type="text/event-stream",
                headers=headers,
            )
        return StreamingResponse(
            _html_stream(site, job, institution, writer, language),
            media_type="text/html; charset=utf-8",
            headers=headers,
        )

    async def download(request: Request) -> Response:
        posted = await site.posted(request)
        if isinstance(posted, Response):
            return posted
        fields, language = posted
        ignored: dict[str, str] = {}
        writer = _writer(fields, ignored, Words(language))  # a bad address is dropped, not used
        # the page's one form: its buttons say which document in which format ("letter:pdf")
        chosen, _, fmt = fields.get("download", "").partition(":")
        if not fmt:
            chosen, fmt = fields.get("document", ""), fields.get("format", "")
        document: lib.DocumentKind
        if chosen == "letter":
            document = "letter"
        elif chosen == "annex":
            document = "annex"
        else:
            return site.refusal(_Refused(400, "forbidden"), language)
        texts = {"letter": ("text", "subject"), "annex": ("annex", "annex_subject")}[document]
        try:
            async with site.printing:
                file = await asyncio.to_thread(
                    lib.download,
                    document,
                    fmt,
                    fields.get(texts[0], ""),
                    subject=fields.get(texts[1], "")[:500],
                    language=language,
                    slug=fields.get("slug", ""),
                    to="" if "to" in ignored else writer.to,
                    sender_email="" if "email" in ignored else writer.email,
                    annex=fields.get("annex", "") if document == "letter" else "",
                    annex_subject=fields.get("annex_subject", "")[:500],
                )
        except lib.InputProblem:
            return site.refusal(_Refused(400, "forbidden"), language)
        return Response(
            file.content,
            media_type=file.media_type,
            headers={"Content-Disposition": f'attachment; filename="{file.filename}"'},
        )

    async def health(request: Request) -> Response:
        checks = site.checks
        return JSONResponse(
            {"status": "ok", "running": checks.running, "waiting": checks.waiting, "kept": checks.kept}
        )

    async def not_found(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        if status == 404:
            return site.refusal(_Refused(404, "not_found"), _language(request))
        return site.refusal(_Refused(status, "forbidden"), _language(request))

    async def no_slash(request: Request) -> Response:
        if request.path_params["lang"] not in LANGUAGES:
            raise HTTPException(404)
        return RedirectResponse(f"/{request.path_params['lang']}/", status_code=308)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        # whether PDF can be printed: an import of seconds, done once before the first visitor
        await asyncio.to_thread(lib.formats, "letter")
        try:
            yield
        finally:
            await site.checks.aclose()

    middleware = [Middleware(SecurityHeaders)]
    if web.allowed_hosts:
        middleware.append(Middleware(TrustedHostMiddleware, allowed_hosts=list(web.allowed_hosts)))
    app = Starlette(
        routes=[
            Route("/", form_page),
            Route("/check", check, methods=["POST"]),
            Route("/download", download, methods=["POST"]),
            Route("/healthz", health),
            Mount("/static", app=StaticFiles(directory=_STATIC), name="static"),
            Route("/{lang}/", form_page),
            Route("/{lang}", no_slash),
        ],
        middleware=middleware,
        exception_handlers={404: not_found, 405: not_found},
        lifespan=lifespan,
    )
    app.state.site = site
    return app
