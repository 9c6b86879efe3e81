"""Settings: every remote endpoint, the instances to check, timeouts, concurrency.

Read when a command runs, never at import time. Precedence, highest first:
explicit arguments, ``QUITX_*`` environment variables, the config file, the defaults (the real
public services). The config file is ``--config FILE``, else ``$QUITX_CONFIG``, else
``config.toml`` in the platform's config folder (``~/.config/quitx/config.toml`` on Linux) when it
exists; ``QUITX_CONFIG=""`` (set and empty) reads no file at all.

Besides the settings, the file may hold the user's own defaults (`Preferences`): the language of
the run (``lang``) and who signs the letters (a ``[sender]`` table).

The host map sends a domain to a base URL, like curl's ``--resolve``: with
``"univ-exemple.fr" = "http://127.0.0.1:8081"``, every request quitx makes to
``https://univ-exemple.fr/…`` — URLs found in payloads and redirect targets
included — goes to ``http://127.0.0.1:8081/…`` with ``Host: univ-exemple.fr``.
A key ``"*.example.org"`` covers every subdomain of ``example.org``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Literal
from urllib.parse import SplitResult, urlsplit, urlunsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from ._config_sources import (
    Where,
    config_path,
    default_config_path,
    from_env,
    from_file,
    invalid,
    preferences_from_file,
    read_config,
)
from ._text import terminal_safe
from ._version import version
from .errors import ConfigError, ConfigProblem, FieldProblem, Origin, field_issues
from .known_instances import DEFAULT_INSTANCES

__all__ = [
    "DEFAULT_INSTANCES",
    "ConfigEntry",
    "Nameserver",
    "Preferences",
    "SenderDefaults",
    "Settings",
    "UserConfig",
    "config_path",
    "default_config_path",
    "load_config",
    "load_settings",
    "mapped_on",
    "read_config",
]


class Nameserver(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    address: str
    port: int = Field(default=53, ge=1, le=65535)

    @classmethod
    def parse(cls, text: str) -> Nameserver:
        """``1.2.3.4``, ``1.2.3.4:5353``, ``[::1]:5353``."""
        text = text.strip()
        if text.startswith("["):
            host, _, rest = text[1:].partition("]")
            port = rest.removeprefix(":")
            return cls(address=host, port=int(port) if port else 53)
        if text.count(":") == 1:
            host, port = text.split(":")
            return cls(address=host, port=int(port))
        return cls(address=text)

    def __str__(self) -> str:
        host = f"[{self.address}]" if ":" in self.address else self.address
        return f"{host}:{self.port}"


def mapped_on(base: SplitResult, parts: SplitResult) -> str:
    """``parts`` (a URL, split) sent to the host map's ``base`` (split): the one rule every client
    of quitx follows — the anonymous engine, and the logged-in Mastodon and Bluesky sessions."""
    path = base.path.rstrip("/") + (parts.path or "/")
    return urlunsplit((base.scheme, base.netloc, path, parts.query, ""))


class Settings(BaseModel):
    """Every knob quitx has. Defaults are the real public services."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    appview_url: str = "https://public.api.bsky.app"
    plc_url: str = "https://plc.directory"
    bridgy_fed_url: str = "https://fed.brid.gy"
    # Wikidata's SPARQL endpoint: where a sector's institutions come from (quitx.observatory)
    wikidata_sparql_url: str = "https://query.wikidata.org/sparql"
    dns_nameservers: tuple[Nameserver, ...] = ()  # empty: the system's resolvers
    # a name that must exist in the public DNS: a negative DNS answer (NXDOMAIN, NODATA) is proof
    # only from a resolver that resolves it (see quitx._http.dns)
    dns_canary: str = Field(default="example.com", min_length=1, max_length=253)
    host_map: dict[str, str] = Field(default_factory=dict)
    # refuse every host that is neither in the host map nor on loopback: a run that must stay offline
    only_mapped_hosts: bool = False
    # let URLs found on the internet (links, WebFinger, DID documents) reach private, loopback or
    # link-local addresses: off, so that quitx behind a web form cannot be turned against a network
    allow_private_addresses: bool = False
    instances: tuple[str, ...] = DEFAULT_INSTANCES
    # homes whose "verified" profile fields (verified_at) quitx takes as proof, besides the
    # instances above and the institution's own server: from any other server verified_at is that
    # server's own claim, which anyone running a server can make
    trusted_instances: tuple[str, ...] = ()
    # where candidate Bluesky handles are tried: <label>.<suffix> (a PDS's handle domains)
    bluesky_handle_suffixes: tuple[str, ...] = ("bsky.social",)
    dormant_after_days: int = Field(default=180, ge=1, le=3650)  # no post for this long: dormant
    timeout: float = Field(default=10.0, gt=0, le=300)  # seconds, per read (connect, each chunk…)
    # seconds one request may take in all, from sending it to the last byte of its body: a server
    # that drips a byte at a time never trips the per-read timeout, it trips this
    request_deadline: float = Field(default=30.0, gt=0, le=600)
    dns_timeout: float = Field(default=5.0, gt=0, le=60)
    max_rate_limit_wait: float = Field(default=30.0, ge=0, le=3600)  # wait out a 429 up to this long
    retries: int = Field(default=2, ge=0, le=10)  # for 429/502/503/504 and transient network errors
    max_redirects: int = Field(default=5, ge=0, le=20)
    max_body_bytes: int = Field(default=2_000_000, ge=1024)
    # requests in flight over all hosts: it protects this machine; the per-host limit is the manners
    concurrency: int = Field(default=64, ge=1, le=256)
    # a ceiling (Scrapy's per-domain default; browsers open 6): the engine halves it for a host that
    # strains (429, 502-504, timeouts, slow answers) and grows it back slowly; /api/ is also paced
    # by the servers' own rate-limit headers
    per_host_concurrency: int = Field(default=8, ge=1, le=64)
    user_agent: str = Field(default_factory=lambda: f"quitx/{version()} (+https://pypi.org/project/quitx/)")
    # HTTP cache on disk (off for the library and tests; the CLI and batch turn it on)
    cache: bool = False
    cache_dir: str | None = None  # None: the platform's user cache dir (~/.cache/quitx on Linux)
    # answers that settle a question are kept at least this long, whatever their headers say
    cache_min_ttl: float = Field(default=3600.0, ge=0, le=30 * 86400)
    cache_max_ttl: float = Field(default=86400.0, ge=0, le=365 * 86400)  # and at most this long
    # keep Mastodon's API answers ("private, no-store", varying on Authorization): personal only to
    # a logged-in user, and quitx asks anonymously
    cache_anonymous_private: bool = True
    cache_max_mb: int = Field(default=256, ge=1, le=100_000)  # oldest entries go beyond this

    @field_validator("appview_url", "plc_url", "bridgy_fed_url", "wikidata_sparql_url")
    @classmethod
    def _base_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise PydanticCustomError(
                FieldProblem.NOT_HTTP_URL.value, "not an http(s) URL: {value!r}", {"value": value}
            )
        return value.rstrip("/")

    @field_validator("host_map")
    @classmethod
    def _host_map(cls, value: dict[str, str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for host, base in value.items():
            if not base.startswith(("http://", "https://")):
                raise PydanticCustomError(
                    FieldProblem.HOST_MAP_TARGET.value,
                    "the target of {host!r} is not an http(s) URL: {value!r}",
                    {"host": host, "value": base},
                )
            out[host.strip().lower().rstrip(".")] = base.rstrip("/")
        return out

    @field_validator("dns_canary")
    @classmethod
    def _canary(cls, value: str) -> str:
        return value.strip().lower().rstrip(".")

    @field_validator("instances", "trusted_instances")
    @classmethod
    def _instances(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(v.strip().lower().rstrip("/") for v in value if v.strip()))

    def mapped_base(self, host: str) -> str | None:
        """The base URL that replaces ``host`` (exact match first, then ``*.parent``)."""
        host = host.lower().rstrip(".")
        if host in self.host_map:
            return self.host_map[host]
        parts = host.split(".")
        for i in range(1, len(parts)):
            wildcard = "*." + ".".join(parts[i:])
            if wildcard in self.host_map:
                return self.host_map[wildcard]
        return None

    def mapped_url(self, url: str) -> str | None:
        """The URL to connect to for ``url`` when the host map names its host (the base's scheme,
        address and path, then ``url``'s path and query), else None. The request keeps saying
        ``Host: <host>``: that header is the caller's to set."""
        parts = urlsplit(url)
        base = self.mapped_base(parts.hostname or "")
        return None if base is None else mapped_on(urlsplit(base), parts)

    def with_instances(self, hosts: Iterable[str]) -> Settings:
        """These settings with ``hosts`` also asked (after the configured instances, once each)."""
        added = [h.strip().lower() for h in hosts if h.strip()]
        if not added:
            return self
        return self.model_copy(update={"instances": tuple(dict.fromkeys([*self.instances, *added]))})

    def trusted_hosts(self) -> frozenset[str]:
        """Hosts the user named (endpoints, instances, the host map): exempt from the address guard."""
        endpoints = (self.appview_url, self.plc_url, self.bridgy_fed_url, self.wikidata_sparql_url)
        named = {urlsplit(u).hostname or "" for u in endpoints}
        return frozenset({*named, *self.instances, *self.trusted_instances, *self.host_map})

    def allows(self, host: str) -> bool:
        """Whether a request to ``host`` may be sent (see ``only_mapped_hosts``)."""
        if not self.only_mapped_hosts:
            return True
        host = host.lower().strip("[]")
        if host == "localhost" or host.startswith("127.") or host == "::1":
            return True
        return self.mapped_base(host) is not None


def _coerce(values: dict[str, Any]) -> dict[str, Any]:
    ns = values.get("dns_nameservers")
    if ns is not None:
        if isinstance(ns, str):
            ns = [ns]
        values["dns_nameservers"] = [_nameserver(n) if isinstance(n, str) else n for n in ns]
    return values


def _nameserver(text: str) -> Nameserver:
    try:
        return Nameserver.parse(text)
    except ValueError as exc:  # a port that is no number, or out of range (a ValidationError)
        raise ConfigError(ConfigProblem.BAD_NAMESERVER, value=text) from exc


class SenderDefaults(BaseModel):
    """Who signs the letters, from the ``[sender]`` table: what ``--sender``, ``--sender-gender``,
    ``--role`` and ``--email`` default to."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=200)
    gender: Literal["m", "f", "n"] | None = None
    role: str | None = Field(default=None, min_length=1, max_length=200)
    email: str | None = Field(default=None, min_length=3, max_length=254)


class Preferences(BaseModel):
    """The user's own defaults, kept apart from the settings (which say where quitx asks)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    lang: Literal["fr", "en"] | None = None  # the run's language; none: the user's locale
    sender: SenderDefaults = Field(default_factory=SenderDefaults)


class ConfigEntry(BaseModel):
    """One line of ``quitx config show``: a setting, its value as text, and where it came from."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    value: str
    origin: Literal["default", "file", "env", "argument"]


class UserConfig(BaseModel):
    """Everything a run reads before it starts: the settings, the preferences, the file they came
    from (none: no file) and the origin of every value that is not a default."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    settings: Settings
    preferences: Preferences = Field(default_factory=Preferences)
    path: Path | None = None
    origins: dict[str, Origin] = Field(default_factory=dict)

    def entries(self) -> list[ConfigEntry]:
        """Every setting and preference with its value and origin, in the order of the models;
        text from the file is made safe for a terminal."""
        rows: list[ConfigEntry] = []
        for name in type(self.settings).model_fields:
            value = _shown(getattr(self.settings, name))
            rows.append(ConfigEntry(name=name, value=value, origin=self.origins.get(name, "default")))
        prefs = self.preferences
        rows.append(
            ConfigEntry(name="lang", value=_shown(prefs.lang), origin=self.origins.get("lang", "default"))
        )
        sender = prefs.sender.model_dump(mode="json")
        for name in type(prefs.sender).model_fields:
            key = f"sender.{name}"
            rows.append(
                ConfigEntry(name=key, value=_shown(sender[name]), origin=self.origins.get(key, "default"))
            )
        return rows


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return terminal_safe(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Nameserver):
        return str(value)
    if isinstance(value, dict):
        return ", ".join(f"{terminal_safe(str(k))}={terminal_safe(str(v))}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(_shown(v) for v in value)
    return terminal_safe(str(value))


def load_settings(
    config_file: str | os.PathLike[str] | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    **overrides: Any,
) -> Settings:
    """Build the settings from defaults, the config file, the environment and ``overrides``."""
    return load_config(config_file, environ=environ, **overrides).settings


def load_config(
    config_file: str | os.PathLike[str] | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    argument_names: Mapping[str, str] | None = None,
    **overrides: Any,
) -> UserConfig:
    """The settings and the preferences, with the file they came from and each value's origin.

    A bad value raises `ConfigError` naming where it was set: the config file, its QUITX_*
    variable, or the option ``argument_names`` gives the override (the command line's
    ``{"timeout": "--timeout"}``); an override it does not name is said by its field alone."""
    env = os.environ if environ is None else environ
    merged: dict[str, Any] = {}
    origin: dict[str, Origin] = {}  # where each value came from, to say where a bad one is
    path = config_path(config_file, env)
    layers: list[tuple[dict[str, Any], Origin]] = [
        (from_file(path) if path is not None else {}, "file"),
        (from_env(env), "env"),
        ({k: v for k, v in overrides.items() if v is not None}, "argument"),
    ]
    for values, where in layers:
        merged.update(values)
        origin.update(dict.fromkeys(values, where))
    names = argument_names or {}
    try:
        settings = Settings.model_validate(_coerce(merged))
    except ValidationError as exc:
        raise invalid(exc, Where(origin, path, names)) from exc
    except ConfigError as exc:  # a DNS server that is none (_coerce): said with where it came from
        place = Where(origin, path, names).set_in("dns_nameservers")
        raise ConfigError(
            exc.code,
            source=place[1] if place else None,
            origin=origin.get("dns_nameservers"),
            value=exc.values["value"],
        ) from exc.__cause__
    preferences, pref_origin = _preferences(path)
    return UserConfig(
        settings=settings, preferences=preferences, path=path, origins={**origin, **pref_origin}
    )


def _preferences(path: Path | None) -> tuple[Preferences, dict[str, Origin]]:
    if path is None:
        return Preferences(), {}
    raw = preferences_from_file(path)
    try:
        preferences = Preferences.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(
            ConfigProblem.INVALID_VALUES, source=str(path), origin="file", issues=field_issues(exc.errors())
        ) from exc
    origins: dict[str, Origin] = {}
    if "lang" in raw:
        origins["lang"] = "file"
    sender = raw.get("sender")
    if isinstance(sender, dict):
        origins.update({f"sender.{key}": "file" for key in sender})
    return preferences, origins
