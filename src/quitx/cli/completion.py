"""``quitx completion bash|zsh|fish``: the shell code that asks quitx itself what to complete.

The completions come from argcomplete, which reads the live parser (`quitx.cli.app.build_parser`):
at each TAB the shell runs ``quitx`` with ``_ARGCOMPLETE`` and the line in its environment, and
`complete` answers before anything else runs. So the scripts never go stale, and nothing walks
argparse's private structures here. argcomplete is imported only then, or when printing the code:
a normal run and ``quitx --help`` do not pay for it.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

__all__ = ["HOW", "SHELLS", "add_parser", "complete", "run", "shell_code"]

SHELLS = ("bash", "zsh", "fish")
# how argcomplete completes: options only once a "-" is typed (a TAB after "quitx apply" offers the
# steps, not twenty options)
HOW: dict[str, Any] = {"always_complete_options": False}

_COMPLETION_EXAMPLES = """examples:
  quitx completion bash > ~/.local/share/bash-completion/completions/quitx
  quitx completion zsh > ~/.zfunc/_quitx    # with fpath+=(~/.zfunc) before compinit in ~/.zshrc
  quitx completion fish > ~/.config/fish/completions/quitx.fish
  source <(quitx completion bash)            # bash, for this session only

The code asks quitx itself at each TAB: it stays true after an upgrade."""


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    cp = subparsers.add_parser(
        "completion",
        help="print a shell completion script (bash, zsh or fish)",
        description="Print the completion code for your shell: it asks quitx for the commands, options "
        "and values.",
        epilog=_COMPLETION_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    cp.add_argument("shell", choices=SHELLS, help="the shell")


def shell_code(shell: str) -> str:
    """The code that makes ``shell`` complete ``quitx`` (argcomplete's, for the executable quitx)."""
    if shell not in SHELLS:
        raise ValueError(f"no completion for {shell!r}: expected one of {', '.join(SHELLS)}")
    from argcomplete.shell_integration import shellcode

    return shellcode(["quitx"], shell=shell)


def complete(parser: argparse.ArgumentParser) -> None:
    """When a shell asks for completions (``_ARGCOMPLETE`` in the environment), print them and exit;
    otherwise do nothing. Values are completed from ``choices``, from an action's ``completer``
    (apply's steps), and as file names by default."""
    if "_ARGCOMPLETE" not in os.environ:
        return
    import argcomplete

    argcomplete.autocomplete(parser, **HOW)


def run(args: argparse.Namespace) -> int:
    sys.stdout.write(shell_code(args.shell))
    return 0
