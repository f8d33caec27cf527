"""Errors claimex raises on purpose: each carries a message a user can act on without a traceback."""

from __future__ import annotations


class ClaimexError(Exception):
    """Base class: the CLI prints `str(error)` and exits with `exit_code`."""

    exit_code = 1


class UsageError(ClaimexError):
    """Bad arguments or inputs that stop a run before it starts (exit code 2)."""

    exit_code = 2


class RuleError(UsageError):
    """One or more rule files are invalid; every problem is listed as `file:line: message`."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))

