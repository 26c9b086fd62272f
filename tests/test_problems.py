"""One problem type: the build's errors, lint's findings and the ledger's refusals are all a
`Problem`, and each says where to look the same way."""

from __future__ import annotations

from dataclasses import replace

from policy_engine.errors import PolicyError, Problem
from policy_engine.lint import from_error

COMMIT = "1a2b3c4d5e6f7a8b9c0d1a2b3c4d5e6f7a8b9c0d"


def test_the_build_error_carries_its_problem_and_prints_it_unchanged() -> None:
    error = PolicyError("clause 1.3 follows 1.1.", path="docs/en/privacy.md", line=9, commit=COMMIT, hint="renumber.")

    assert error.problem == Problem(
        "clause 1.3 follows 1.1.", path="docs/en/privacy.md", line=9, commit=COMMIT, hint="renumber."
    )
    assert str(error) == "docs/en/privacy.md:9 (commit 1a2b3c4): clause 1.3 follows 1.1.\nhint: renumber."
    assert (error.path, error.line, error.commit, error.hint) == ("docs/en/privacy.md", 9, COMMIT, "renumber.")


def test_a_lint_finding_is_the_same_problem_with_a_severity() -> None:
    error = PolicyError("the front matter is not YAML.", line=3, commit=COMMIT, hint="fix the indentation.")

    finding = from_error(error, "docs/ja/privacy.md", "warning")

    assert finding == replace(error.problem, path="docs/ja/privacy.md", severity="warning")
    assert finding.report_line() == (
        "warning: docs/ja/privacy.md:3 (commit 1a2b3c4): the front matter is not YAML.\n  hint: fix the indentation."
    )


def test_a_problem_without_a_file_still_names_its_commit() -> None:
    assert Problem("HEAD cannot be read.", commit=COMMIT).report_line() == "error: commit 1a2b3c4: HEAD cannot be read."
    assert str(Problem("no policy files.")) == "no policy files."


def test_a_ledger_problem_names_the_published_revision_and_where_it_came_from() -> None:
    problem = Problem(
        "its text would change.", path="docs/en/privacy.md", commit=COMMIT, subject="privacy (en) revision 2020-04-01"
    )

    assert str(problem) == (
        "privacy (en) revision 2020-04-01 (published from commit 1a2b3c4, docs/en/privacy.md): its text would change."
    )
