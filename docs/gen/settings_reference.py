"""Write docs/reference/settings.md: every setting, its ``QUITX_*`` variable and its default.

The fields, types, bounds and defaults come from ``quitx.config.Settings``; the variables from
the map that ``load_settings`` reads. Only the one-line descriptions below are written by hand,
and tests/unit/test_docs.py fails if a setting has none (or if the committed page is stale).
Run ``python docs/gen/settings_reference.py`` after changing the settings.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "docs" / "reference" / "settings.md"

DESCRIPTIONS: dict[str, str] = {
    "appview_url": "Bluesky AppView: profiles, feeds, actor search.",
    "plc_url": "PLC directory: `did:plc` documents.",
    "bridgy_fed_url": "Bridgy Fed: is an account bridged to the other network?",
    "wikidata_sparql_url": "Wikidata's SPARQL endpoint, where a sector's institutions come from "
    "(see [the observatory guide](../guides/observatory.md)). Asked with quitx's `user_agent` "
    "(Wikimedia's User-Agent policy wants a name, a version and a contact: set `user_agent` to "
    "name yours), paced and cached like every other read.",
    "dns_nameservers": "Nameservers for `_atproto` TXT lookups: `host`, `host:port`, `[v6]:port`. "
    "Empty: the system's resolvers.",
    "dns_canary": "A name that must exist in the public DNS. A negative DNS answer (NXDOMAIN, NODATA) "
    "proves that a host does not exist only from a resolver that resolves this name, and only with the "
    "SOA of a zone above the name; otherwise the verdict is *unknown* (`dns_unverified`: your DNS looks "
    "offline or filtered). Set it to a name your test DNS serves to work offline.",
    "host_map": "Domain → base URL, like curl's `--resolve`, for every request (see "
    "[Configuration](../configuration.md#the-host-map)). Variable form: `a.fr=http://127.0.0.1:1,b.fr=…`.",
    "only_mapped_hosts": "Refuse any host that is neither in the host map nor on loopback: a run that "
    "must stay offline.",
    "allow_private_addresses": "Let URLs found on the internet (links, WebFinger, DID documents) reach "
    "private, loopback or link-local addresses. Off, so that quitx behind a web form cannot be turned "
    "against a network.",
    "instances": "Mastodon instances that an institution check asks (by name search and candidate "
    "usernames). The default comes from the catalogue of known instances (`quitx.known_instances`), "
    "which also says which instance the plan proposes to whom.",
    "trusted_instances": "Mastodon servers whose verified profile fields (`verified_at`) count as proof "
    "that an account is the institution's, besides `instances` and the institution's own server; from "
    "any other server a verified field is that server's own claim (see "
    "[Verdicts](../guides/verdicts.md#the-proof-chain)).",
    "bluesky_handle_suffixes": "Where candidate Bluesky handles `<label>.<suffix>` are tried.",
    "dormant_after_days": "An account whose last post is older than this is *dormant*.",
    "timeout": "Seconds per read: connecting, then each piece of the answer.",
    "request_deadline": "Seconds one request may take in all, from sending it to the last byte of its "
    "body (a server that drips a byte every few seconds never trips `timeout`); past it the answer is "
    "*unknown* (`timeout`).",
    "dns_timeout": "Seconds per DNS lookup.",
    "max_rate_limit_wait": "Wait out a 429, or the `Retry-After` of a 502/503/504, up to this many seconds; "
    "a longer wait is not waited: *unknown* at once (`rate_limited`, `server_error`), with `retry_after`.",
    "retries": "Retries for 429, 502/503/504 and refused connections.",
    "max_redirects": "Redirects followed per request.",
    "max_body_bytes": "Response bodies are read up to this size, counted once decoded and enforced while "
    "decoding (`gzip`, `deflate`, stacked up to 3 deep): a gzip bomb costs this, not what it inflates to.",
    "concurrency": "Requests in flight.",
    "per_host_concurrency": "Requests in flight per host, at most: halved for a host that strains "
    "(429, 502/503/504, timeouts, refused connections, answers 4× slower than its fastest), "
    "grown back by one after as many answers without strain.",
    "user_agent": "The `User-Agent` header.",
    "cache": "HTTP cache on disk: a re-run within the TTL sends almost nothing. `quitx batch` turns it on.",
    "cache_dir": "Where the cache lives. Empty: `$XDG_CACHE_HOME/quitx` or `~/.cache/quitx` (Linux), "
    "`~/Library/Caches/quitx` (macOS), `%LOCALAPPDATA%\\quitx\\Cache` (Windows).",
    "cache_min_ttl": "Seconds an answer that settles a question (2xx, redirects, 400/404/410) is kept at "
    "least, whatever its headers say (`no-store` excepted). 5xx, 401/403, 429 and network errors are "
    "never kept.",
    "cache_max_ttl": "Seconds an answer is kept at most (a longer `max-age` is cut to this).",
    "cache_max_mb": "Size bound of the cache; the oldest entries go first.",
    "cache_anonymous_private": "Keep Mastodon API answers marked `private, no-store` that vary on "
    "`Authorization`: personal only to a logged-in user, and quitx asks anonymously.",
}

CLI_OPTIONS: dict[str, str] = {
    "appview_url": "--appview-url URL",
    "plc_url": "--plc-url URL",
    "dns_nameservers": "--dns HOST[:PORT] (repeatable)",
    "host_map": "--map HOST=URL (repeatable)",
    "timeout": "--timeout SECONDS",
    "user_agent": "--user-agent TEXT",
}

HEADER = """# Settings reference

<!-- Generated by docs/gen/settings_reference.py from quitx.config.Settings: do not edit by hand. -->

Every setting quitx has, the `QUITX_*` environment variable that sets it, the command-line option
where there is one, and its default. Precedence, highest first: command-line options (or keyword
arguments of `quitx.load_settings`), `QUITX_*` variables, the config file (`--config FILE` or
`QUITX_CONFIG`), the defaults — the real public services. Settings are read when a command runs,
never when `quitx` is imported. The file format and the host map are explained in
[Configuration](../configuration.md).

List variables take commas: `QUITX_INSTANCES=piaille.fr,mastodon.social`. Booleans take `true` /
`false` (also `1` / `0`, `yes` / `no`).
"""


def env_vars() -> dict[str, str]:
    """Setting name → its ``QUITX_*`` variable."""
    from quitx._config_sources import ENV

    return {field: var for var, (field, _kind) in ENV.items()}


def _type(prop: dict[str, Any]) -> str:
    if "anyOf" in prop:
        return " or ".join(_type(p) for p in prop["anyOf"] if p.get("type") != "null")
    kind = prop.get("type", "object")
    if kind == "array":
        return "list"
    if kind == "object":
        return "table"
    return {"number": "number", "integer": "integer", "boolean": "boolean", "string": "text"}.get(kind, kind)


def _bounds(prop: dict[str, Any]) -> str:
    parts = []
    for key, sign in (
        ("minimum", "≥"),
        ("exclusiveMinimum", ">"),
        ("maximum", "≤"),
        ("exclusiveMaximum", "<"),
    ):
        if key in prop:
            value = prop[key]
            parts.append(f"{sign} {int(value) if float(value).is_integer() else value}")
    return ", ".join(parts)


def _default(name: str) -> str:
    from quitx.config import Settings

    value = Settings.model_fields[name].get_default(call_default_factory=True)
    if value in (None, (), {}):
        return "—"
    if isinstance(value, tuple):
        value = [str(v) for v in value]
    return f"`{json.dumps(value, ensure_ascii=False)}`"


def render() -> str:
    """The page, as the committed docs/reference/settings.md must read."""
    from quitx.config import Settings

    props = Settings.model_json_schema()["properties"]
    variables = env_vars()
    lines = [
        HEADER,
        "| setting | variable | option | type | default | what |",
        "|---|---|---|---|---|---|",
    ]
    for name in Settings.model_fields:
        prop = props[name]
        kind = _type(prop)
        bounds = _bounds(prop)
        if bounds:
            kind = f"{kind} ({bounds})"
        var = f"`{variables[name]}`" if name in variables else "—"
        option = f"`{CLI_OPTIONS[name]}`" if name in CLI_OPTIONS else "—"
        what = DESCRIPTIONS.get(name, "")
        lines.append(f"| `{name}` | {var} | {option} | {kind} | {_default(name)} | {what} |")
    lines += [
        "",
        "A setting with no variable can still be set in the config file or from Python:",
        "`quitx.load_settings(max_redirects=3)`.",
        "",
        "`QUITX_CONFIG` names the config file when `--config` is not given. `quitx apply` reads its",
        "credentials from `QUITX_MASTODON_TOKEN`, `QUITX_BLUESKY_HANDLE` and",
        "`QUITX_BLUESKY_APP_PASSWORD` or the system keyring (see [apply](../apply.md)): they are",
        "not settings and never appear in a config file.",
        "",
    ]
    return "\n".join(lines)


def main() -> int:
    OUTPUT.write_text(render(), encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
