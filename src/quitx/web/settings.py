"""The web app's own settings, read like quitx's: defaults, the ``[web]`` table of the config
file, ``QUITX_WEB_*`` variables, then explicit values (``quitx serve`` options).

Every field ``name`` has its variable ``QUITX_WEB_NAME`` (lists: comma-separated). The checks
themselves use quitx's `Settings` (``QUITX_*``, the rest of the same file) unchanged.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from .library import ConfigError, ConfigProblem, FieldProblem, config_path, field_issues, read_config

__all__ = ["ENV_PREFIX", "WebSettings", "env_name", "load_web_settings"]

ENV_PREFIX = "QUITX_WEB_"


class WebSettings(BaseModel):
    """How the web app serves strangers: its queue, its limits, what it trusts."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    # where `quitx serve` listens (behind a reverse proxy: keep 127.0.0.1)
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=0, le=65535)
    # checks running at once, and checks waiting their turn beyond them: a full queue answers 503
    max_checks: int = Field(default=4, ge=1, le=64)
    max_waiting: int = Field(default=16, ge=0, le=1000)
    # seconds one check may take before it is abandoned (quitx's own deadlines come first)
    check_timeout: float = Field(default=120.0, gt=0, le=3600)
    # a finished check is shared by every visitor for this long (seconds) …
    report_ttl: float = Field(default=3600.0, ge=0, le=7 * 86400)
    # … or this long when a network could not be told (unknown): it may answer soon
    report_ttl_unknown: float = Field(default=300.0, ge=0, le=86400)
    report_cache_size: int = Field(default=500, ge=1, le=100_000)
    # per client: checks that cost network work (a cached answer costs none), and every request
    checks_per_hour: int = Field(default=30, ge=1, le=100_000)
    check_burst: int = Field(default=6, ge=1, le=1000)
    requests_per_minute: int = Field(default=120, ge=1, le=100_000)
    # proxies whose X-Forwarded-For (and X-Forwarded-Proto) is believed: addresses or networks
    trusted_proxies: tuple[str, ...] = ()
    # the address people use (https://quitx.example.org): POSTs must come from its pages
    public_url: str | None = None
    # Host headers answered (empty: any); a reverse proxy usually does this already
    allowed_hosts: tuple[str, ...] = ()
    max_body_kb: int = Field(default=256, ge=16, le=10_000)
    # connections the server holds at once (uvicorn's limit_concurrency): beyond, 503
    max_connections: int = Field(default=200, ge=8, le=100_000)
    # quitx's HTTP cache on disk (settings cache_dir): answers shared by every check
    http_cache: bool = True
    # uvicorn's access log names every visitor's address: off unless asked
    access_log: bool = False
    # seconds a visitor is told to wait when the queue is full
    retry_after: int = Field(default=30, ge=1, le=3600)

    @field_validator("trusted_proxies")
    @classmethod
    def _networks(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for item in value:
            try:
                ipaddress.ip_network(item.strip(), strict=False)
            except ValueError:
                raise PydanticCustomError(
                    FieldProblem.NOT_A_NETWORK.value,
                    "not an address or a network: {value!r}",
                    {"value": item},
                ) from None
        return tuple(item.strip() for item in value)

    @field_validator("public_url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        if not value.startswith(("http://", "https://")):
            raise PydanticCustomError(
                FieldProblem.NOT_HTTP_URL.value, "not an http(s) URL: {value!r}", {"value": value}
            )
        return value.rstrip("/")

    @field_validator("allowed_hosts")
    @classmethod
    def _hosts(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(h.strip().lower() for h in value if h.strip())

    def proxy_networks(self) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
        return tuple(ipaddress.ip_network(p, strict=False) for p in self.trusted_proxies)


def env_name(field: str) -> str:
    """The variable of a field: ``max_checks`` → ``QUITX_WEB_MAX_CHECKS``."""
    return ENV_PREFIX + field.upper()


def _is_list(field: str) -> bool:
    annotation = str(WebSettings.model_fields[field].annotation)
    return annotation.startswith("tuple")


def _from_env(environ: Mapping[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for field in WebSettings.model_fields:
        raw = environ.get(env_name(field))
        if raw is None or raw == "":
            continue
        values[field] = [p.strip() for p in raw.split(",") if p.strip()] if _is_list(field) else raw
    return values


def _from_file(path: Path) -> dict[str, Any]:
    data = read_config(path)
    quitx = data.get("quitx")
    table = data.get("web", quitx.get("web") if isinstance(quitx, dict) else None)
    if table is None:
        return {}
    if not isinstance(table, dict):
        raise ConfigError(ConfigProblem.NOT_A_TABLE, source=str(path), origin="file", entry="[web]")
    return dict(table)


def load_web_settings(
    config_file: str | os.PathLike[str] | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    **overrides: Any,
) -> WebSettings:
    """Defaults, then the config file's ``[web]`` table, ``QUITX_WEB_*``, then ``overrides``."""
    env = os.environ if environ is None else environ
    path = config_path(config_file, env)
    merged: dict[str, Any] = _from_file(path) if path is not None else {}
    merged.update(_from_env(env))
    merged.update({k: v for k, v in overrides.items() if v is not None})
    try:
        return WebSettings.model_validate(merged)
    except ValidationError as exc:
        issues = field_issues(exc.errors(), name=lambda loc: env_name(str(loc[0])) if loc else "web")
        raise ConfigError(
            ConfigProblem.INVALID_VALUES, source=str(path) if path else "web settings", issues=issues
        ) from exc
