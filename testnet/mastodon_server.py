"""``python -m testnet.mastodon_server serve …``: mastodon-mock, rendering text as real Mastodon does.

mastodon-mock stores what a client sends and serves it back as is: a profile note or field value
comes back as typed (real Mastodon serves HTML, and the typed text only in ``source``), a status
is wrapped in ``<p>`` with bare ``<a>`` links, a mention of the author or of
``@user@<its own domain>`` is not a mention, and any number of statuses can be pinned. Code that
compares what it wrote with what the server shows passes against the mock and fails against a
real server. This module runs the same mock, with these parts made to behave like Mastodon 4.x
(``app/lib/text_formatter.rb``, ``Account#fields_attributes=``, ``StatusPinValidator``):

- status ``content``: paragraphs and ``<br />``; links as ``<a href=… target="_blank"
  rel="nofollow noopener" translate="no"><span class="invisible">https://</span><span
  class="">host/path</span><span class="invisible"></span></a>`` (``ellipsis`` past 30
  characters); mentions of accounts the server knows as ``<span class="h-card"
  translate="no"><a href=… class="u-url mention">@<span>user</span></a></span>`` (the domain is
  not shown), unknown ones left as text; hashtags as ``<a … class="mention hashtag"
  rel="tag">#<span>tag</span></a>``;
- mentions: case-insensitive, ``@user@<own domain>`` is local, and the author's own handle is a
  mention (listed in ``mentions``; not notified);
- profiles: ``note`` and ``fields[].value`` are HTML (fields: links with ``rel="… me"``, no
  ``<p>``); ``source.note`` and ``source.fields`` hold the text as typed; saving the fields keeps
  the ``verified_at`` of a field whose value did not change, and clears the others;
- pins: at most 5 per account (422 past that).

Seeded notes and field values are HTML already (like a real server's output); they are served as
they are, and their ``source`` is their text. Everything else is mastodon-mock's own behaviour.
"""

from __future__ import annotations

import html
import re
import sys
from collections.abc import Callable, Sequence
from typing import Any

__all__ = ["MAX_PINS", "html_text", "install", "main", "render"]

MAX_PINS = 5  # Mastodon's StatusPinValidator
_DISPLAY_LIMIT = 30  # TextFormatter.shortened_link: characters of a URL shown before the ellipsis

_MENTION = re.compile(r"(?<![=/\w])@([a-z0-9_]+(?:[.-]+[a-z0-9_]+)*)(?:@(\w+(?:[.-]+\w+)*))?", re.IGNORECASE)
_URL = re.compile(r"https?://[^\s<>\"]+")
_HASHTAG = re.compile(r"(?<![\w/#&])#(\w*[^\W\d]\w*)")
_PREFIX = re.compile(r"\Ahttps?://(?:www\.)?")
_TAG = re.compile(r"<[^>]+>")
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)

Resolve = Callable[[str, str | None], tuple[str, str] | None]  # (username, domain) → (shown, url)


def _esc(text: str) -> str:
    """Escaped as Rails does (ERB::Util.html_escape): & < > " and ' as &#39;."""
    return html.escape(text, quote=False).replace('"', "&quot;").replace("'", "&#39;")


def _strip_url(url: str) -> str:
    """A URL without the punctuation that ends the sentence around it (as twitter-text does)."""
    while url and url[-1] in ".,;:!?'":
        url = url[:-1]
    if url.endswith(")") and url.count("(") < url.count(")"):
        url = url[:-1]
    return url


def _link(url: str, *, rel_me: bool = False) -> str:
    prefix = _PREFIX.match(url)
    start = prefix.end() if prefix else 0
    shown, rest = url[start : start + _DISPLAY_LIMIT], url[start + _DISPLAY_LIMIT :]
    rel = "nofollow noopener me" if rel_me else "nofollow noopener"
    return (
        f'<a href="{_esc(url)}" target="_blank" rel="{rel}" translate="no">'
        f'<span class="invisible">{_esc(url[:start])}</span>'
        f'<span class="{"ellipsis" if rest else ""}">{_esc(shown)}</span>'
        f'<span class="invisible">{_esc(rest)}</span></a>'
    )


def _mention(shown: str, url: str) -> str:
    return (
        f'<span class="h-card" translate="no"><a href="{_esc(url)}" class="u-url mention">'
        f"@<span>{_esc(shown)}</span></a></span>"
    )


def _line(text: str, domain: str, resolve: Resolve, rel_me: bool) -> str:
    """One line of typed text as HTML: links, mentions, hashtags; everything else escaped."""
    spans: list[tuple[int, int, str]] = []
    for m in _URL.finditer(text):
        url = _strip_url(m.group(0))
        spans.append((m.start(), m.start() + len(url), _link(url, rel_me=rel_me)))

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e, _ in spans)

    for m in _MENTION.finditer(text):
        found = resolve(m.group(1), m.group(2))
        if found is not None and free(m.start(), m.end()):
            spans.append((m.start(), m.end(), _mention(*found)))
    for m in _HASHTAG.finditer(text):
        if free(m.start(), m.end()):
            name = m.group(1)
            tag_url = f"https://{domain}/tags/{name.lower()}"
            spans.append(
                (
                    m.start(),
                    m.end(),
                    f'<a href="{_esc(tag_url)}" class="mention hashtag" rel="tag">'
                    f"#<span>{_esc(name)}</span></a>",
                )
            )
    out, at = [], 0
    for start, end, piece in sorted(spans):
        out.append(_esc(text[at:start]))
        out.append(piece)
        at = end
    out.append(_esc(text[at:]))
    return "".join(out)


def render(
    text: str, domain: str, resolve: Resolve | None = None, *, multiline: bool = True, rel_me: bool = False
) -> str:
    """Typed text as Mastodon serves it: ``<p>`` paragraphs (``multiline``), or one line (fields)."""
    resolve = resolve or (lambda _u, _d: None)
    if not multiline:
        return _line(" ".join(text.splitlines()), domain, resolve, rel_me)
    paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p]
    return "".join(
        "<p>" + "<br />".join(_line(line, domain, resolve, rel_me) for line in p.split("\n")) + "</p>"
        for p in paragraphs
    )


def html_text(value: str) -> str:
    """The text of server HTML (a seeded note or field): what its ``source`` would hold."""
    text = _BR.sub("\n", value).replace("</p><p>", "\n\n")
    return html.unescape(_TAG.sub("", text)).strip()


def _is_html_note(note: str) -> bool:
    return note.lstrip().startswith("<p>")


def install(domain: str) -> None:
    """Patch the imported mastodon-mock in place (call before the app is created)."""
    import mastodon_mock.app  # noqa: F401 - loads every module that holds a reference we replace
    import mastodon_mock.content_format as content_format
    import mastodon_mock.serializers.accounts as accounts_serializer
    import mastodon_mock.services as services
    from fastapi import HTTPException
    from mastodon_mock.db.models import Account, Pin, Status, StatusMention, StatusTag
    from sqlalchemy import event, func, select
    from sqlalchemy.orm import Session

    own = domain.lower()

    def find(session: Session, username: str, at: str | None) -> Any:
        """The account ``@username[@at]`` names, as Mastodon finds it (case-insensitive; own domain = "
        "local)."""
        query = select(Account).where(func.lower(Account.username) == username.lower())
        if at is None or at.lower() == own:
            query = query.where(Account.domain.is_(None))
        else:
            query = query.where(func.lower(Account.domain) == at.lower())
        return session.scalars(query).first()

    def resolver(session: Session) -> Resolve:
        def resolve(username: str, at: str | None) -> tuple[str, str] | None:
            account = find(session, username, at)
            if account is None:
                return None
            acct = account.username if account.domain is None else f"{account.username}@{account.domain}"
            return account.username, f"https://{own}/@{acct}"

        return resolve

    def mentioned(session: Session, text: str) -> list[Any]:
        found: dict[int, Any] = {}
        for m in _MENTION.finditer(text):
            account = find(session, m.group(1), m.group(2))
            if account is not None:
                found[account.id] = account
        return list(found.values())

    def attach_mentions_and_tags(session: Session, status_id: int, account_id: int, text: str) -> list[Any]:
        accounts = mentioned(session, text)
        for account in accounts:  # the author's own handle too, as Mastodon records it
            session.add(StatusMention(status_id=status_id, account_id=account.id))
        for name in dict.fromkeys(n.lower() for n in _HASHTAG.findall(text)):
            session.add(StatusTag(status_id=status_id, name=name))
        status = session.get(Status, status_id)
        if status is not None:
            status.content = render(text, own, resolver(session))
        return [a for a in accounts if a.id != account_id]  # nobody is notified of their own mention

    def render_status_html(text: str) -> str:
        return render(text, own)

    original_serialize = accounts_serializer.serialize_account

    def field_html(field: dict[str, Any], resolve: Resolve) -> str:
        value = str(field.get("value", ""))
        return render(value, own, resolve, multiline=False, rel_me=True) if field.get("typed") else value

    def field_source(field: dict[str, Any]) -> str:
        value = str(field.get("value", ""))
        return value if field.get("typed") else html_text(value)

    def serialize_account(
        session: Session, account: Any, config: Any, *, with_source: bool = False, ctx: Any = None
    ) -> dict[str, Any]:
        data = dict(original_serialize(session, account, config, with_source=with_source, ctx=ctx))
        resolve = resolver(session)
        note = account.note or ""
        data["note"] = note if _is_html_note(note) or not note else render(note, own, resolve)
        fields = list(account.fields or [])
        data["fields"] = [
            {"name": f.get("name", ""), "value": field_html(f, resolve), "verified_at": f.get("verified_at")}
            for f in fields
        ]
        if with_source and isinstance(data.get("source"), dict):
            data["source"] = {
                **data["source"],
                "note": html_text(note) if _is_html_note(note) else note,
                "fields": [
                    {"name": f.get("name", ""), "value": field_source(f), "verified_at": f.get("verified_at")}
                    for f in fields
                ],
            }
        return data

    @event.listens_for(Account.fields, "set", retval=True, active_history=True)
    def _typed_fields(target: Any, value: Any, old: Any, initiator: Any) -> Any:
        """Fields saved through the API are typed text; keep verified_at where the value is the same."""
        if not isinstance(value, list):
            return value
        previous = old if isinstance(old, list) else []
        out = []
        for entry in value:
            if not isinstance(entry, dict) or entry.get("typed") or "verified_at" not in entry:
                out.append(entry)
                continue
            typed = str(entry.get("value", ""))
            same = next(
                (
                    p
                    for p in previous
                    if isinstance(p, dict) and field_source(p) == typed and p.get("verified_at")
                ),
                None,
            )
            out.append(
                {
                    "name": entry.get("name", ""),
                    "value": typed,
                    "verified_at": same.get("verified_at") if same else None,
                    "typed": True,
                }
            )
        return out

    @event.listens_for(Pin, "before_insert")
    def _five_pins(mapper: Any, connection: Any, target: Any) -> None:
        count = connection.execute(
            select(func.count())
            .select_from(Pin.__table__)
            .where(Pin.__table__.c.account_id == target.account_id)
        ).scalar_one()
        if count >= MAX_PINS:
            raise HTTPException(
                status_code=422,
                detail="Validation failed: You have already pinned the maximum number of posts",
            )

    replacements: dict[str, Any] = {
        "serialize_account": (original_serialize, serialize_account),
        "attach_mentions_and_tags": (services.attach_mentions_and_tags, attach_mentions_and_tags),
        "render_status_html": (content_format.render_status_html, render_status_html),
    }
    for name, module in list(sys.modules.items()):
        if not name.startswith("mastodon_mock") or module is None:
            continue
        for attr, (old, new) in replacements.items():
            if getattr(module, attr, None) is old:
                setattr(module, attr, new)


def _domain(argv: Sequence[str]) -> str:
    for i, arg in enumerate(argv):
        if arg == "--domain" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--domain="):
            return arg.split("=", 1)[1]
    raise SystemExit("testnet.mastodon_server: --domain is required")


def main(argv: Sequence[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    install(_domain(args))
    from mastodon_mock.cli import main as mock_main

    sys.argv = ["mastodon_mock", *args]
    mock_main()


if __name__ == "__main__":
    main()
