"""Problems in the policy itself (not in our code): one type, `Problem`, and its raising form.

A legal-team member reads these messages, so they say what is wrong, where (file, line,
clause, commit) and what to do, in one or two sentences. The build stops on the first one
(`PolicyError` carries it); `make lint` collects many and tells errors from warnings; the
ledger and verify report what a published site would lose, each a `Problem` too.

>>> print(Problem("clause 3.1.2 follows 3.1.4; numbers must increase.", path="docs/en/privacy.md",
...               line=12, commit="1a2b3c4d5e", hint="renumber the clauses."))
docs/en/privacy.md:12 (commit 1a2b3c4): clause 3.1.2 follows 3.1.4; numbers must increase.
hint: renumber the clauses.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]
"""An error stops the build or fails `make lint`; a warning is shown and does not."""


@dataclass(frozen=True)
class Problem:
    """One problem, with where to look and what to do."""

    message: str
    path: str | None = None
    line: int | None = None
    commit: str | None = None
    clause: str | None = None
    hint: str | None = None
    severity: Severity = "error"
    subject: str | None = None
    """What the problem is about when that is a published record rather than a line being
    edited (the ledger's `privacy (en) revision 2020-04-01`): it leads the location, and the
    path and commit say where the published text came from."""

    @property
    def location(self) -> str:
        """`docs/en/privacy.md:12 (commit 1a2b3c4)`: where to look.

        For a published record: `privacy (en) revision 2020-04-01 (published from commit 1a2b3c4,
        docs/en/privacy.md)`.
        """
        if self.subject:
            source = [f"published from commit {self.commit[:7]}"] if self.commit else []
            source += [self.path] if self.path else []
            return f"{self.subject} ({', '.join(source)})" if source else self.subject
        where = self.path or ""
        if self.path and self.line:
            where += f":{self.line}"
        if self.commit:
            where += f" (commit {self.commit[:7]})" if where else f"commit {self.commit[:7]}"
        return where

    def __str__(self) -> str:
        """How the build and the command lines print it: location, message, and a `hint:` line."""
        text = f"{self.location}: {self.message}" if self.location else self.message
        if self.hint:
            text += f"\nhint: {self.hint}"
        return text

    def report_line(self) -> str:
        """How `make lint` lists it: severity first, the hint indented under it.

        >>> print(Problem("no `summary:`.", path="p.md", line=2, hint="add one.", severity="warning").report_line())
        warning: p.md:2: no `summary:`.
          hint: add one.
        """
        text = (
            f"{self.severity}: {self.location}: {self.message}" if self.location else f"{self.severity}: {self.message}"
        )
        return text + (f"\n  hint: {self.hint}" if self.hint else "")


class PolicyError(Exception):
    """A problem in the policy files or their history that must stop the build (it carries the `Problem`).

    Raised with the problem's fields (`PolicyError(message, path=..., hint=...)`); caught once at
    the edge (the MkDocs adapter, each command line) and printed as `str(error)`, never as a
    traceback. `error.problem` is the `Problem`, for whoever collects them (`make lint`).
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        commit: str | None = None,
        clause: str | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.problem = Problem(message, path=path, line=line, commit=commit, clause=clause, hint=hint)

    # The problem's fields, read through the exception as before `Problem` existed.
    @property
    def message(self) -> str:
        return self.problem.message

    @property
    def path(self) -> str | None:
        return self.problem.path

    @property
    def line(self) -> int | None:
        return self.problem.line

    @property
    def commit(self) -> str | None:
        return self.problem.commit

    @property
    def clause(self) -> str | None:
        return self.problem.clause

    @property
    def hint(self) -> str | None:
        return self.problem.hint

    @property
    def location(self) -> str:
        return self.problem.location

    def __str__(self) -> str:
        return str(self.problem)
