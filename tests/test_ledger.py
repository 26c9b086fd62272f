"""The ledger stops a publication that would drop or alter a revision already published.

Each test builds and "publishes" a site (keeps a copy of it), changes the repository the way a
force-push, rebase or amend does, builds again and runs `scripts/ledger.py` as CI does.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from policy_engine.ledger import LedgerEntry, compare_ledgers

from conftest import PROJECT, PolicyRepo, git, policy_text

POLICY = "docs/en/privacy.md"
BODY_V1 = "## 1. Scope\n\n1.1. This policy applies to all services.\n"
BODY_V2 = BODY_V1.replace("all services", "all services and websites")
BODY_V3 = BODY_V2 + "\n1.2. We do not sell personal information.\n"
JA = "## 1. 適用範囲\n\n1.1. 本ポリシーは、当社のすべてのサービスに適用されます。\n"
IDENTITY = {"GIT_AUTHOR_NAME": "Legal", "GIT_AUTHOR_EMAIL": "l@example.com",
            "GIT_COMMITTER_NAME": "Legal", "GIT_COMMITTER_EMAIL": "l@example.com"}


def publish(repo: PolicyRepo, tmp_path: Path) -> Path:
    """Build the site and keep a copy of it, as the live site."""
    built = repo.build()
    assert built.returncode == 0, built.output
    live = tmp_path / "live"
    shutil.rmtree(live, ignore_errors=True)
    shutil.copytree(built.site, live)
    return live


def ledger(repo: PolicyRepo, *published: str, accept: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    built = repo.build()
    assert built.returncode == 0, built.output
    args = [sys.executable, str(PROJECT / "scripts/ledger.py"), "--site", str(built.site)]
    for source in published:
        args += ["--published", source]
    for name in accept:
        args += ["--accept", name]
    return subprocess.run(args, capture_output=True, text=True)


@pytest.fixture
def published(policy_repo: PolicyRepo, tmp_path: Path) -> tuple[PolicyRepo, Path, list[str]]:
    shas = [
        policy_repo.commit("Establish", "2017-05-10T10:00:00+09:00", {
            POLICY: policy_text("2017-05-10", BODY_V1),
            "docs/ja/privacy.md": policy_text("2017-05-10", JA, title="プライバシーポリシー", summary="制定"),
        }),
        policy_repo.commit("Extend the scope", "2020-04-01T10:00:00+09:00",
                           {POLICY: policy_text("2020-04-01", BODY_V2, summary="Scope extended")}),
    ]
    return policy_repo, publish(policy_repo, tmp_path), shas


def rewrite_last_commit(repo: PolicyRepo, text: str, message: str = "Extend the scope") -> str:
    """What `git commit --amend` + `git push --force` does to the published 2020-04-01 revision."""
    repo.write(POLICY, text)
    git(repo.root, "add", "-A")
    git(repo.root, "commit", "-q", "--amend", "-m", message, env={
        **IDENTITY, "GIT_AUTHOR_DATE": "2020-04-01T10:00:00+09:00", "GIT_COMMITTER_DATE": "2020-04-02T09:00:00+09:00"})
    return git(repo.root, "rev-parse", "HEAD").strip()


def test_a_new_revision_is_published(published: tuple[PolicyRepo, Path, list[str]]) -> None:
    repo, live, _ = published
    repo.commit("Add clause 1.2", "2021-01-01T10:00:00+09:00",
                {POLICY: policy_text("2021-01-01", BODY_V3, summary="Clause 1.2 added")})

    result = ledger(repo, str(live))

    assert result.returncode == 0, result.stderr
    assert "privacy (en) revision 2021-01-01" in result.stdout


def test_a_correction_on_top_of_a_published_revision_is_published(published: tuple[PolicyRepo, Path, list[str]]) -> None:
    repo, live, _ = published
    repo.commit("Fix a typo", "2020-04-05T10:00:00+09:00",
                {POLICY: policy_text("2020-04-01", BODY_V2.replace("websites", "web sites"), summary="Scope extended")})

    result = ledger(repo, str(live))

    assert result.returncode == 0, result.stderr


def test_a_force_push_that_rewrites_a_published_text_is_refused(published: tuple[PolicyRepo, Path, list[str]]) -> None:
    repo, live, shas = published
    new = rewrite_last_commit(repo, policy_text("2020-04-01", BODY_V2.replace("websites", "apps"), summary="Scope extended"))

    result = ledger(repo, str(live))

    assert result.returncode == 1
    assert "privacy (en) revision 2020-04-01" in result.stderr
    assert f"published from commit {shas[1][:7]}" in result.stderr
    assert "its text would change" in result.stderr and new[:7] in result.stderr
    assert "README.md" in result.stderr


def test_an_amended_commit_with_the_same_text_is_refused_as_rewritten_history(published: tuple[PolicyRepo, Path, list[str]]) -> None:
    repo, live, _shas = published
    new = rewrite_last_commit(repo, policy_text("2020-04-01", BODY_V2, summary="Scope extended"), "Reworded message")

    result = ledger(repo, str(live))

    assert result.returncode == 1
    assert f"it would come from commit {new[:7]} instead" in result.stderr and "rewritten" in result.stderr


def test_a_published_revision_that_disappears_is_refused(published: tuple[PolicyRepo, Path, list[str]]) -> None:
    repo, live, shas = published
    git(repo.root, "reset", "-q", "--hard", shas[0])  # the throwaway repository, as a force-push would

    result = ledger(repo, str(live))

    assert result.returncode == 1
    assert "privacy (en) revision 2020-04-01" in result.stderr and "would disappear" in result.stderr


def test_a_changed_effective_date_is_refused_and_named(published: tuple[PolicyRepo, Path, list[str]]) -> None:
    repo, live, _ = published
    rewrite_last_commit(repo, policy_text("2020-05-01", BODY_V2, summary="Scope extended"))

    result = ledger(repo, str(live))

    assert result.returncode == 1
    assert "revision 2020-04-01" in result.stderr and "2020-05-01" in result.stderr
    assert "effective date changed?" in result.stderr


def test_the_live_site_is_read_from_its_root_url(published: tuple[PolicyRepo, Path, list[str]]) -> None:
    repo, live, shas = published
    git(repo.root, "reset", "-q", "--hard", shas[0])

    result = ledger(repo, live.as_uri() + "/")

    assert result.returncode == 1 and "would disappear" in result.stderr


def test_a_site_not_published_yet_has_nothing_to_protect(published: tuple[PolicyRepo, Path, list[str]], tmp_path: Path) -> None:
    repo, _, _ = published
    empty = tmp_path / "nothing-live"
    empty.mkdir()

    result = ledger(repo, empty.as_uri() + "/")

    assert result.returncode == 0, result.stderr


def test_an_unreadable_published_source_stops_the_publication(published: tuple[PolicyRepo, Path, list[str]], tmp_path: Path) -> None:
    repo, _, _ = published

    result = ledger(repo, str(tmp_path / "missing" / "revisions.json"))

    assert result.returncode == 2 and "does not exist" in result.stderr


def test_a_withdrawal_decided_by_the_legal_team_passes_only_when_named(published: tuple[PolicyRepo, Path, list[str]]) -> None:
    repo, live, shas = published
    git(repo.root, "reset", "-q", "--hard", shas[0])

    result = ledger(repo, str(live), accept=("privacy/en/2020-04-01",))

    assert result.returncode == 0, result.stderr
    assert "accepted (--accept privacy/en/2020-04-01)" in result.stdout


def test_dropping_a_published_correction_is_refused() -> None:
    def entry(commit: str, sha: str, corrections: tuple[str, ...]) -> LedgerEntry:
        return LedgerEntry("privacy", "en", "2020-04-01", "2020-04-01", commit, POLICY, sha, corrections)

    published = [entry("c2", "s2", ("c2",))]
    assert "correction would be dropped" in str(compare_ledgers(published, [entry("c1", "s1", ())])[0])
    assert compare_ledgers(published, [entry("c3", "s3", ("c2", "c3"))]) == []
    assert compare_ledgers(published, [entry("c2", "s2", ("c2",))]) == []
