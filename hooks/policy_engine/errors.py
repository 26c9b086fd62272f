"""The one exception type for problems in the policy itself (not in our code).

A legal-team member reads these messages, so they say what is wrong, where
(file, line, clause, commit) and what to do, in one or two sentences.
"""

from __future__ import annotations


class PolicyError(Exception):
    """A problem in the policy files or their history that must stop the build."""

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
        self.message = message
        self.path = path
        self.line = line
        self.commit = commit
        self.clause = clause
        self.hint = hint

    @property
    def location(self) -> str:
        """`docs/en/privacy.md:12 (commit 1a2b3c4)`: where to look."""
        where = self.path or ""
        if self.path and self.line:
            where += f":{self.line}"
        if self.commit:
            where += f" (commit {self.commit[:7]})" if where else f"commit {self.commit[:7]}"
        return where

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}" if self.location else self.message
        if self.hint:
            text += f"\nhint: {self.hint}"
        return text
