"""`scripts/verify.py`: anyone with a clone recomputes every published revision's sha256 from git."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PROJECT, BuildResult, PolicyRepo, git, policy_text

POLICY = "docs/en/privacy.md"
BODY_V1 = "## 1. Scope\n\n1.1. This policy applies to all services.\n"
BODY_V2 = BODY_V1.replace("all services", "all services and websites")
JA = "## 1. 適用範囲\n\n1.1. 本ポリシーは、当社のすべてのサービスに適用されます。\n"


def verify(source: str, repo: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(PROJECT / "scripts/verify.py"), source, "--repo", str(repo)],
        capture_output=True, text=True,
    )


@pytest.fixture
def built(policy_repo: PolicyRepo) -> tuple[PolicyRepo, BuildResult]:
    policy_repo.commit("Establish", "2017-05-10T10:00:00+09:00", {
        POLICY: policy_text("2017-05-10", BODY_V1),
        "docs/ja/privacy.md": policy_text("2017-05-10", JA, title="プライバシーポリシー", summary="制定"),
    })
    policy_repo.commit("Extend the scope", "2020-04-01T10:00:00+09:00",
                       {POLICY: policy_text("2020-04-01", BODY_V2, summary="Scope extended")})
    result = policy_repo.build()
    assert result.returncode == 0, result.output
    return policy_repo, result


def test_a_site_built_from_the_clone_verifies(built: tuple[PolicyRepo, BuildResult], tmp_path: Path) -> None:
    repo, site = built
    clone = tmp_path / "someone-else"
    git(tmp_path, "clone", "-q", str(repo.root), str(clone))

    result = verify(str(site.site), clone)

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("ok   ") == 3
    assert "privacy (en) revision 2020-04-01: sha256" in result.stdout
    assert "verify: 3 published revision(s), 0 problem(s)." in result.stdout


def test_one_revisions_json_by_url_verifies(built: tuple[PolicyRepo, BuildResult]) -> None:
    repo, site = built

    result = verify((site.site / "api/privacy/en/revisions.json").as_uri(), repo.root)

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("ok   ") == 2


def test_a_tampered_sha256_is_reported(built: tuple[PolicyRepo, BuildResult], tmp_path: Path) -> None:
    repo, site = built
    tampered = tmp_path / "revisions.json"
    document = json.loads((site.site / "api/privacy/en/revisions.json").read_text(encoding="utf-8"))
    document["revisions"][0]["sha256"] = "0" * 64
    tampered.write_text(json.dumps(document), encoding="utf-8")

    result = verify(str(tampered), repo.root)

    assert result.returncode == 1
    assert "FAIL privacy (en) revision 2020-04-01: sha256 of docs/en/privacy.md at" in result.stdout
    assert "the site says 0000" in result.stdout


def test_a_site_built_from_rewritten_history_does_not_verify_against_the_real_one(built: tuple[PolicyRepo, BuildResult], tmp_path: Path) -> None:
    repo, _ = built
    genuine = tmp_path / "genuine"
    git(tmp_path, "clone", "-q", str(repo.root), str(genuine))
    repo.write(POLICY, policy_text("2020-04-01", BODY_V2.replace("websites", "apps"), summary="Scope extended"))
    git(repo.root, "add", "-A")
    git(repo.root, "commit", "-q", "--amend", "--no-edit", env={
        "GIT_AUTHOR_NAME": "X", "GIT_AUTHOR_EMAIL": "x@example.com", "GIT_COMMITTER_NAME": "X",
        "GIT_COMMITTER_EMAIL": "x@example.com", "GIT_COMMITTER_DATE": "2020-04-02T10:00:00+09:00"})
    forged = repo.build(site="forged")
    assert forged.returncode == 0, forged.output

    result = verify(str(forged.site), genuine)

    assert result.returncode == 1
    assert "FAIL privacy (en) revision 2020-04-01: commit" in result.stdout
    assert "is not in this clone" in result.stdout


def test_a_later_correction_in_the_clone_still_verifies_what_was_published(built: tuple[PolicyRepo, BuildResult]) -> None:
    repo, site = built
    published = site.site.parent / "published"
    shutil.copytree(site.site, published)
    repo.commit("Fix a typo", "2020-04-05T10:00:00+09:00",
                {POLICY: policy_text("2020-04-01", BODY_V2.replace("websites", "web sites"), summary="Scope extended")})

    result = verify(str(published), repo.root)

    assert result.returncode == 0, result.stdout + result.stderr


def test_a_shallow_clone_cannot_verify_and_says_why(built: tuple[PolicyRepo, BuildResult], tmp_path: Path) -> None:
    repo, site = built
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo.root}", str(shallow))

    result = verify(str(site.site), shallow)

    assert result.returncode == 2
    assert "shallow" in result.stderr and "git fetch --unshallow" in result.stderr
