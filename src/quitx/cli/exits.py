"""The exit statuses of the ``quitx`` commands (what each means for a command is in its help)."""

from __future__ import annotations

__all__ = [
    "EXIT_ABSENT",
    "EXIT_ERROR",
    "EXIT_FAILED",
    "EXIT_INTERRUPTED",
    "EXIT_PRESENT",
    "EXIT_SOME_FAILED",
    "EXIT_UNKNOWN",
    "EXIT_UNVERIFIED",
    "EXIT_USAGE",
]

EXIT_PRESENT = 0  # exists, check: present; the other commands: done
EXIT_ERROR = 1  # unexpected error (a bug), or a file that cannot be written
EXIT_USAGE = 2  # bad option, input, reference, report or configuration
EXIT_ABSENT = 3  # exists, check: absent, and every place was checked
EXIT_UNKNOWN = 4  # exists, check, batch: some place could not be checked (never read it as absent)
EXIT_FAILED = 5  # apply, observatory: a step or a write failed, or was refused
EXIT_UNVERIFIED = 6  # apply: every step went through, but a check afterwards does not confirm one yet
EXIT_SOME_FAILED = 6  # batch: some rows were bad or some checks failed (the others are done)
EXIT_INTERRUPTED = 130  # Ctrl-C or SIGTERM: what was finished is kept
