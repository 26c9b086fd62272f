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
        capture_output=True,
        text=True,
    )


@pytest.fixture
def built(policy_repo: PolicyRepo) -> tuple[PolicyRepo, BuildResult]:
    policy_repo.commit(
        "Establish",
        "2017-05-10T10:00:00+09:00",
        {
            POLICY: policy_text("2017-05-10", BODY_V1),
            "docs/ja/privacy.md": policy_text("2017-05-10", JA, title="プライバシーポリシー", summary="制定"),
        },
    )
    policy_repo.commit(
        "Extend the scope",
        "2020-04-01T10:00:00+09:00",
        {POLICY: policy_text("2020-04-01", BODY_V2, summary="Scope extended")},
    )
    result = policy_repo.build()
    assert result.returncode == 0, result.output
    return policy_repo, result


def test_a_site_built_from_the_clone_verifies(built: tuple[PolicyRepo, BuildResult], tmp_path: Path) -> None:
    repo, site = built
    clone = tmp_path / "someone-else"
    git(tmp_path, "clone", "-q", str(repo.root), str(clone))

    result = verify(str(site.site), clone)

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("ok   ") == 4  # three revisions and the source commit
    assert "byte-identical to a rebuild of its source commit" in result.stdout
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


def test_a_site_built_from_rewritten_history_does_not_verify_against_the_real_one(
    built: tuple[PolicyRepo, BuildResult], tmp_path: Path
) -> None:
    repo, _ = built
    genuine = tmp_path / "genuine"
    git(tmp_path, "clone", "-q", str(repo.root), str(genuine))
    repo.write(POLICY, policy_text("2020-04-01", BODY_V2.replace("websites", "apps"), summary="Scope extended"))
    git(repo.root, "add", "-A")
    git(
        repo.root,
        "commit",
        "-q",
        "--amend",
        "--no-edit",
        env={
            "GIT_AUTHOR_NAME": "X",
            "GIT_AUTHOR_EMAIL": "x@example.com",
            "GIT_COMMITTER_NAME": "X",
            "GIT_COMMITTER_EMAIL": "x@example.com",
            "GIT_COMMITTER_DATE": "2020-04-02T10:00:00+09:00",
        },
    )
    forged = repo.build(site="forged")
    assert forged.returncode == 0, forged.output

    result = verify(str(forged.site), genuine)

    assert result.returncode == 1
    assert "FAIL privacy (en) revision 2020-04-01: commit" in result.stdout
    assert "is not in this clone" in result.stdout


def test_a_later_correction_in_the_clone_still_verifies_what_was_published(
    built: tuple[PolicyRepo, BuildResult],
) -> None:
    repo, site = built
    published = site.site.parent / "published"
    shutil.copytree(site.site, published)
    repo.commit(
        "Fix a typo",
        "2020-04-05T10:00:00+09:00",
        {POLICY: policy_text("2020-04-01", BODY_V2.replace("websites", "web sites"), summary="Scope extended")},
    )

    result = verify(str(published), repo.root)

    assert result.returncode == 0, result.stdout + result.stderr


def test_a_shallow_clone_cannot_verify_and_says_why(built: tuple[PolicyRepo, BuildResult], tmp_path: Path) -> None:
    repo, site = built
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo.root}", str(shallow))

    result = verify(str(site.site), shallow)

    assert result.returncode == 2
    assert "shallow" in result.stderr and "git fetch --unshallow" in result.stderr


# --- Verify means verify: every falsification of a built site is reported (exit 1) ----------------


def falsified(site: Path, tmp_path: Path) -> Path:
    """A copy of the built site to tamper with, as whoever controls the web server could."""
    copy = tmp_path / "falsified"
    shutil.copytree(site, copy)
    return copy


def edit_json(path: Path, change) -> None:  # type: ignore[no-untyped-def]
    document = json.loads(path.read_text(encoding="utf-8"))
    change(document)
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def test_the_whole_site_verifies_byte_for_byte_against_a_rebuild(built: tuple[PolicyRepo, BuildResult]) -> None:
    repo, site = built

    result = verify(str(site.site), repo.root)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "on the first-parent history of HEAD" in result.stdout
    assert "byte-identical to a rebuild of its source commit" in result.stdout


def test_a_removed_revision_is_reported(built: tuple[PolicyRepo, BuildResult], tmp_path: Path) -> None:
    repo, site = built
    copy = falsified(site.site, tmp_path)
    edit_json(copy / "api/privacy/en/revisions.json", lambda d: d["revisions"].pop(1))

    result = verify(str(copy), repo.root)

    assert result.returncode == 1, result.stdout
    assert "revision 2017-05-10 of the history is missing from the site" in result.stdout


@pytest.mark.parametrize(
    "field, value, shown",
    [
        (
            "posted",
            "2016-01-01T09:00:00+09:00",
            'revision 2020-04-01 `posted` is "2016-01-01T09:00:00+09:00" on the site',
        ),
        ("status", "upcoming", 'revision 2020-04-01 `status` is "upcoming" on the site'),
    ],
)
def test_a_falsified_posted_time_or_status_is_reported(
    built: tuple[PolicyRepo, BuildResult], tmp_path: Path, field: str, value: str, shown: str
) -> None:
    repo, site = built
    copy = falsified(site.site, tmp_path)
    edit_json(copy / "api/privacy/en/revisions.json", lambda d: d["revisions"][0].__setitem__(field, value))

    result = verify(str(copy), repo.root)

    assert result.returncode == 1, result.stdout
    assert shown in result.stdout


def test_a_falsified_in_force_is_reported(built: tuple[PolicyRepo, BuildResult], tmp_path: Path) -> None:
    repo, site = built
    copy = falsified(site.site, tmp_path)
    edit_json(copy / "api/privacy/en/revisions.json", lambda d: d.__setitem__("in_force", "2017-05-10"))

    result = verify(str(copy), repo.root)

    assert result.returncode == 1, result.stdout
    assert '`in_force` is "2017-05-10" on the site; the history says "2020-04-01"' in result.stdout


def test_a_deleted_language_is_reported(built: tuple[PolicyRepo, BuildResult], tmp_path: Path) -> None:
    repo, site = built
    copy = falsified(site.site, tmp_path)
    shutil.rmtree(copy / "api/privacy/ja")

    result = verify(str(copy), repo.root)

    assert result.returncode == 1, result.stdout
    assert "api/privacy/ja/revisions.json: listed in api/index.json, but missing from the site" in result.stdout

    # ...and with the index edited to hide it: the rebuild still lists it.
    edit_json(
        copy / "api/index.json", lambda d: d.__setitem__("policies", [p for p in d["policies"] if p["lang"] != "ja"])
    )
    result = verify(str(copy), repo.root)
    assert result.returncode == 1, result.stdout
    assert "privacy (ja): its source has it, but the site's index does not list it" in result.stdout


def test_rewritten_page_text_is_reported_with_the_first_differing_file(
    built: tuple[PolicyRepo, BuildResult], tmp_path: Path
) -> None:
    repo, site = built
    copy = falsified(site.site, tmp_path)
    page = copy / "en/privacy/history/2017-05-10/index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("all services", "no services"), encoding="utf-8")

    result = verify(str(copy), repo.root)

    assert result.returncode == 1, result.stdout
    assert (
        "1 file(s) differ from a rebuild of the source commit; the first: en/privacy/history/2017-05-10/index.html"
        in result.stdout
    )
    assert "no services" in result.stdout


def test_a_page_added_by_hand_is_reported(built: tuple[PolicyRepo, BuildResult], tmp_path: Path) -> None:
    repo, site = built
    copy = falsified(site.site, tmp_path)
    (copy / "privacy/history/draft").mkdir(parents=True)
    (copy / "privacy/history/draft/index.html").write_text("<p>draft</p>", encoding="utf-8")

    result = verify(str(copy), repo.root)

    assert result.returncode == 1
    assert "privacy/history/draft/index.html is on the published site but not in the rebuild" in result.stdout


def test_a_rewritten_published_revision_with_a_correction_on_top_is_reported(
    built: tuple[PolicyRepo, BuildResult], tmp_path: Path
) -> None:
    """The published 2020-04-01 came from commit X; main is rewritten (X gone, X' instead) and a
    correction C is added on top. Its record then names X' and C: X is not among them."""
    repo, site = built
    published = falsified(site.site, tmp_path)  # the live site, as it was
    original = git(repo.root, "rev-parse", "HEAD").strip()
    repo.write(POLICY, policy_text("2020-04-01", BODY_V2.replace("websites", "apps"), summary="Scope extended"))
    git(repo.root, "add", "-A")
    git(
        repo.root,
        "commit",
        "-q",
        "--amend",
        "--no-edit",
        env={
            "GIT_AUTHOR_NAME": "X",
            "GIT_AUTHOR_EMAIL": "x@example.com",
            "GIT_COMMITTER_NAME": "X",
            "GIT_COMMITTER_EMAIL": "x@example.com",
            "GIT_COMMITTER_DATE": "2020-04-02T10:00:00+09:00",
        },
    )
    repo.commit(
        "Correct",
        "2020-04-03T10:00:00+09:00",
        {
            POLICY: policy_text(
                "2020-04-01",
                BODY_V2.replace("websites", "web sites"),
                summary="Scope extended",
                extra="correction: wording",
            )
        },
    )
    git(repo.root, "reflog", "expire", "--expire=now", "--all")
    git(repo.root, "gc", "-q", "--prune=now")

    result = verify(str(published), repo.root)

    assert result.returncode == 1, result.stdout
    assert f"published from commit {original[:7]}" in result.stdout
    assert "no longer has in main's history" in result.stdout or "is not in this clone" in result.stdout


def test_a_policy_renamed_on_the_site_is_reported(built: tuple[PolicyRepo, BuildResult], tmp_path: Path) -> None:
    repo, site = built
    copy = falsified(site.site, tmp_path)
    shutil.move(copy / "api/privacy", copy / "api/privacy-policy")

    def rename(index: dict) -> None:
        for entry in index["policies"]:
            entry["policy"] = "privacy-policy"
            entry["revisions"] = entry["revisions"].replace("api/privacy/", "api/privacy-policy/")

    edit_json(copy / "api/index.json", rename)

    result = verify(str(copy), repo.root)

    assert result.returncode == 1, result.stdout
    assert "privacy (en): its source has it, but the site's index does not list it" in result.stdout
    assert "api/privacy-policy/en/revisions.json is on the published site but not in the rebuild" in result.stdout
