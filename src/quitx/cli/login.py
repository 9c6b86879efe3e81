"""``quitx login mastodon|bluesky`` and ``quitx logout``: the institution's credentials, kept in the
system keyring where ``quitx apply`` finds them. A secret is never an argument (it would be in the
shell's history and in ``ps``): it is typed at a prompt that does not echo it, or read from stdin."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from .exits import EXIT_FAILED, EXIT_PRESENT

if TYPE_CHECKING:
    from ..config import Settings
    from ..login import LoginResult

__all__ = ["add_parser", "run"]

_LOGIN_HELP = """how:
  Mastodon  OAuth, as toot does: quitx registers with the instance and prints the page where
            you approve it (opened in your browser unless --no-browser); paste the code that
            page shows. Or make a token by hand (Preferences > Development > New application,
            scopes read:accounts read:statuses write:accounts write:statuses) and give it on
            stdin with --token-stdin.
  Bluesky   an app password (Settings > Privacy and security > App passwords), typed at the
            prompt or given on stdin with --password-stdin. The account's main password is
            refused: it could change the password and delete the account.
  Nothing is stored until the server has accepted the credential. It goes to the system
  keyring (service "quitx"), where 'quitx apply' finds it.

examples:
  quitx login bluesky univ-exemple.fr
  quitx login mastodon @univexemple@social.numerique.gouv.fr
  pass show quitx/mastodon | quitx login mastodon @univexemple@piaille.fr --token-stdin
  quitx logout bluesky univ-exemple.fr

exit status:
  0  logged in: the credential is stored
  5  the server refused the credential, could not be reached, or the keyring cannot be used
     (nothing was stored; the message says why)
  2  usage error"""

_LOGOUT_HELP = """examples:
  quitx logout bluesky univ-exemple.fr
  quitx logout mastodon @univexemple@social.numerique.gouv.fr

exit status:
  0  forgotten (or there was nothing to forget: said on stderr)
  5  the keyring cannot be used"""


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    login = subparsers.add_parser(
        "login",
        help="store an account's credentials in the system keyring (for quitx apply)",
        description="Log the institution's account in once: its credential goes to the system keyring.",
        epilog=_LOGIN_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    networks = login.add_subparsers(dest="network", metavar="NETWORK", required=True)
    mastodon = networks.add_parser(
        "mastodon",
        help="OAuth in the browser, or a token on stdin",
        description="Log a Mastodon account in: OAuth (approve quitx on the instance), or a token on stdin.",
        epilog=_LOGIN_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    mastodon.add_argument(
        "account",
        nargs="?",
        metavar="ACCOUNT|HOST",
        help="@user@host, or the instance's host (asked when left out)",
    )
    mastodon.add_argument(
        "--no-browser", action="store_true", help="print the approval page's address, do not open it"
    )
    mastodon.add_argument(
        "--token-stdin", action="store_true", help="read a token made by hand from stdin (needs @user@host)"
    )
    bluesky = networks.add_parser(
        "bluesky",
        help="an app password, at a prompt or on stdin",
        description="Log a Bluesky account in with an app password (never the main password).",
        epilog=_LOGIN_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    bluesky.add_argument("handle", metavar="HANDLE", help="the account's handle, e.g. univ-exemple.fr")
    bluesky.add_argument(
        "--password-stdin", action="store_true", help="read the app password from stdin, not from a prompt"
    )
    for sub in (mastodon, bluesky):
        sub.add_argument("--lang", choices=("fr", "en"), help="language of the messages")
    logout = subparsers.add_parser(
        "logout",
        help="forget an account's credentials (the system keyring)",
        description="Delete the credential quitx stored for an account.",
        epilog=_LOGOUT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    logout.add_argument(
        "network", choices=("mastodon", "bluesky"), metavar="NETWORK", help="mastodon or bluesky"
    )
    logout.add_argument("account", metavar="ACCOUNT", help="@user@host (Mastodon) or the handle (Bluesky)")
    logout.add_argument("--lang", choices=("fr", "en"), help="language of the messages")


def run(args: argparse.Namespace) -> int:
    from ..errors import LoginError
    from .hints import print_error
    from .options import settings_from

    try:
        if args.command == "logout":
            return _logout(args)
        settings = settings_from(args)
        result = _mastodon(args, settings) if args.network == "mastodon" else _bluesky(args, settings)
    except LoginError as exc:
        print_error(exc, args.command)
        return EXIT_FAILED
    _said(result)
    return EXIT_PRESENT


def _said(result: LoginResult) -> None:
    from .._text import inert_message
    from . import wording as w
    from .voice import voice

    said = voice()
    logged_in = said.t(w.LOGGED_IN, account=result.account, user=result.keyring_user)
    sys.stdout.write(inert_message(logged_in) + "\n")


def _prompt(text: str) -> str:
    """A line typed by the user (the prompt on stderr: stdout is the result); empty at the end of
    the input."""
    print(text, end="", file=sys.stderr, flush=True)
    return sys.stdin.readline().strip()


def _secret_from_stdin() -> str:
    """The first line of stdin: a token or a password piped in (``pass``, a secrets manager)."""
    return sys.stdin.readline().strip()


def _mastodon(args: argparse.Namespace, settings: Settings) -> LoginResult:
    from ..errors import UsageError
    from ..login import mastodon_authorize, mastodon_finish, mastodon_token_login
    from . import wording as w
    from .voice import voice

    said = voice()
    language = said.language
    target = args.account or _prompt(said.t(w.ASK_INSTANCE))
    if not target:
        raise UsageError(said.t(w.NO_INSTANCE), option="stdin")
    named_account = target.lstrip("@").count("@") == 1 or "://" in target
    if args.token_stdin:
        if not named_account:
            raise UsageError(said.t(w.TOKEN_NEEDS_ACCOUNT), option="--token-stdin")
        token = _secret_from_stdin()
        if not token:
            raise UsageError(said.t(w.NOTHING_ON_STDIN), option="--token-stdin")
        return mastodon_token_login(target, token, settings=settings, language=language)
    host = _host(target)
    authorization = mastodon_authorize(host, settings=settings, language=language)
    print(said.t(w.APPROVE_AT, host=host), file=sys.stderr)
    print(f"  {authorization.url}", file=sys.stderr)
    if not args.no_browser:
        import webbrowser

        if webbrowser.open(authorization.url):
            print(said.t(w.BROWSER_OPENED), file=sys.stderr)
    code = _prompt(said.t(w.ASK_CODE))
    if not code:
        raise UsageError(said.t(w.NO_CODE), option="code")
    named = target if named_account else None  # the account named must be the one that approved
    return mastodon_finish(authorization, code, settings=settings, language=language, account=named)


def _host(target: str) -> str:
    """The instance of ``@user@host``, ``https://host/@user`` or ``host``."""
    from urllib.parse import urlsplit

    if "://" in target:
        return (urlsplit(target).hostname or target).lower()
    return target.strip().lstrip("@").split("@")[-1].strip("/").lower()


def _bluesky(args: argparse.Namespace, settings: Settings) -> LoginResult:
    from ..errors import UsageError
    from ..login import bluesky_login
    from . import wording as w
    from .voice import voice

    said = voice()
    if args.password_stdin:
        password = _secret_from_stdin()
    elif not sys.stdin.isatty():
        raise UsageError(said.t(w.NO_TERMINAL), option="--password-stdin")
    else:
        import getpass

        password = getpass.getpass(said.t(w.ASK_APP_PASSWORD, handle=args.handle)).strip()
    if not password:
        raise UsageError(said.t(w.NOTHING_ON_STDIN), option="--password-stdin")
    return bluesky_login(args.handle, password, settings=settings, language=said.language)


def _logout(args: argparse.Namespace) -> int:
    from ..login import forget
    from ..models import Platform
    from . import wording as w
    from .voice import voice

    said = voice()
    platform = Platform(args.network)
    account = args.account.strip()
    if platform is Platform.MASTODON:
        account = "@" + account.lstrip("@")
    from ..i18n.messages import Lang

    if forget(platform, account, Lang(said.language)):
        sys.stdout.write(said.t(w.FORGOTTEN, account=account) + "\n")
    elif not said.quiet:
        print(f"quitx: {said.t(w.NOTHING_TO_FORGET, account=account)}", file=sys.stderr)
    return EXIT_PRESENT
