"""`scripts/policy_cli.py in-force DATE`: which text applied on a day, proved from a clone."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys

import pytest
from browser.scripted_policy import write_history

from conftest import PROJECT, PolicyRepo, git


def in_force(repo: PolicyRepo, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "POLICY_AS_OF": "2026-11-29", "GIT_CONFIG_GLOBAL": os.devnull}
    return subprocess.run(
        [sys.executable, str(PROJECT / "scripts/policy_cli.py"), "in-force", *args, "--root", str(repo.root)],
        capture_output=True,
        text=True,
        env=env,
    )


@pytest.fixture
def history(policy_repo: PolicyRepo) -> PolicyRepo:
    write_history(policy_repo)
    return policy_repo


def test_one_line_per_language_whose_text_hashes_to_the_printed_sha256(history: PolicyRepo) -> None:
    result = in_force(history, "2020-04-01")
    assert result.returncode == 0, result.stderr
    lines = [line.split(" ") for line in result.stdout.splitlines()]
    assert [(lang, revision) for lang, revision, *_ in lines] == [("ja", "2020-04-01"), ("en", "2020-04-01")]
    for lang, _, commit, path, sha256 in lines:
        assert path == f"docs/{lang}/privacy.md"
        shown = subprocess.run(
            ["git", "show", f"{commit}:{path}"], cwd=history.root, capture_output=True, check=True
        ).stdout
        assert hashlib.sha256(shown).hexdigest() == sha256
    # The Japanese text was corrected after posting: the line names the correction's commit.
    ja_commit = lines[0][2]
    assert git(history.root, "log", "-1", "--format=%s", ja_commit).strip() == "Correct a typo in 5.1"


@pytest.mark.parametrize(
    ("day", "revision"),
    [
        ("2017-05-10", "2017-05-10"),
        ("2020-03-31", "2017-05-10"),
        ("2022-09-30", "2020-04-01"),
        ("2026-11-29", "2022-10-01"),
    ],
)
def test_the_revision_whose_period_holds_the_day(history: PolicyRepo, day: str, revision: str) -> None:
    result = in_force(history, day, "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split(" ")[:2] == ["en", revision]


def test_a_day_before_the_first_revision_has_none(history: PolicyRepo) -> None:
    result = in_force(history, "2017-05-09", "--policy", "privacy", "--lang", "ja")
    assert result.returncode == 1
    assert result.stdout == ""
    assert "no revision of privacy was in force on 2017-05-09" in result.stderr and "2017-05-10" in result.stderr


def test_a_day_covered_by_an_upcoming_revision_says_it_is_not_yet_in_force(history: PolicyRepo) -> None:
    result = in_force(history, "2027-03-01", "--lang", "ja")
    assert result.returncode == 0
    assert result.stdout.startswith("ja 2027-01-01 ")
    assert "upcoming revision 2027-01-01, not yet in force on 2026-11-29" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("2020-02-30",), "is not a date: write it as YYYY-MM-DD"),
        (("2020-04-01", "--policy", "terms"), "there is no policy 'terms'"),
        (("2020-04-01", "--lang", "fr"), "mkdocs.yml has no language fr"),
    ],
)
def test_bad_input_is_a_clear_error(history: PolicyRepo, args: tuple[str, ...], message: str) -> None:
    result = in_force(history, *args)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
