"""The ledger stops a publication that would drop or alter a revision already published.

Each test builds and "publishes" a site (keeps a copy of it), changes the repository the way a
force-push, rebase or amend does, builds again and runs `scripts/ledger.py` as CI does.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from policy_engine.ledger import LedgerEntry, compare_ledgers

from conftest import PROJECT, PolicyRepo, git, policy_text

POLICY = "docs/en/privacy.md"
BODY_V1 = "## 1. Scope\n\n1.1. This policy applies to all services.\n"
BODY_V2 = BODY_V1.replace("all services", "all services and websites")
BODY_V3 = BODY_V2 + "\n1.2. We do not sell personal information.\n"
JA = "## 1. 適用範囲\n\n1.1. 本ポリシーは、当社のすべてのサービスに適用されます。\n"
IDENTITY = {
    "GIT_AUTHOR_NAME": "Legal",
    "GIT_AUTHOR_EMAIL": "l@example.com",
    "GIT_COMMITTER_NAME": "Legal",
    "GIT_COMMITTER_EMAIL": "l@example.com",
}


def publish(repo: PolicyRepo, tmp_path: Path) -> Path:
    """Build the site and keep a copy of it, as the live site."""
    built = repo.build()
    assert built.returncode == 0, built.output
    live = tmp_path / "live"
    shutil.rmtree(live, ignore_errors=True)
    shutil.copytree(built.site, live)
    return live


def ledger(
    repo: PolicyRepo, *published: str, accept: tuple[str, ...] = (), rebuild: bool = False, site: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Build (unless `site` is given) and run the ledger as CI does (`rebuild`: also the byte-for-byte check)."""
    if site is None:
        built = repo.build()
        assert built.returncode == 0, built.output
        site = built.site
    args = [sys.executable, str(PROJECT / "scripts/ledger.py"), "--site", str(site), "--repo", str(repo.root)]
    if not rebuild:
        args.append("--no-rebuild")
    for source in published:
        args += ["--published", source]
    for name in accept:
        args += ["--accept", name]
    return subprocess.run(args, capture_output=True, text=True)


@pytest.fixture
def published(policy_repo: PolicyRepo, tmp_path: Path) -> tuple[PolicyRepo, Path, list[str]]:
    shas = [
        policy_repo.commit(
            "Establish",
            "2017-05-10T10:00:00+09:00",
            {
                POLICY: policy_text("2017-05-10", BODY_V1),
                "docs/ja/privacy.md": policy_text("2017-05-10", JA, title="プライバシーポリシー", summary="制定"),
            },
        ),
        policy_repo.commit(
            "Extend the scope",
            "2020-04-01T10:00:00+09:00",
            {POLICY: policy_text("2020-04-01", BODY_V2, summary="Scope extended")},
        ),
    ]
    return policy_repo, publish(policy_repo, tmp_path), shas


def rewrite_last_commit(repo: PolicyRepo, text: str, message: str = "Extend the scope") -> str:
    """What `git commit --amend` + `git push --force` does to the published 2020-04-01 revision."""
    repo.write(POLICY, text)
    git(repo.root, "add", "-A")
    git(
        repo.root,
        "commit",
        "-q",
        "--amend",
        "-m",
        message,
        env={
            **IDENTITY,
            "GIT_AUTHOR_DATE": "2020-04-01T10:00:00+09:00",
            "GIT_COMMITTER_DATE": "2020-04-02T09:00:00+09:00",
        },
    )
    return git(repo.root, "rev-parse", "HEAD").strip()


def test_a_new_revision_is_published(published: tuple[PolicyRepo, Path, list[str]]) -> None:
    repo, live, _ = published
    repo.commit(
        "Add clause 1.2",
        "2021-01-01T10:00:00+09:00",
        {POLICY: policy_text("2021-01-01", BODY_V3, summary="Clause 1.2 added")},
    )

    result = ledger(repo, str(live))

    assert result.returncode == 0, result.stderr
    assert "privacy (en) revision 2021-01-01" in result.stdout


def test_a_correction_on_top_of_a_published_revision_is_published(
    published: tuple[PolicyRepo, Path, list[str]],
) -> None:
    repo, live, _ = published
    repo.commit(
        "Fix a typo",
        "2020-04-05T10:00:00+09:00",
        {POLICY: policy_text("2020-04-01", BODY_V2.replace("websites", "web sites"), summary="Scope extended")},
    )

    result = ledger(repo, str(live))

    assert result.returncode == 0, result.stderr


def test_a_force_push_that_rewrites_a_published_text_is_refused(published: tuple[PolicyRepo, Path, list[str]]) -> None:
    repo, live, shas = published
    new = rewrite_last_commit(
        repo, policy_text("2020-04-01", BODY_V2.replace("websites", "apps"), summary="Scope extended")
    )

    result = ledger(repo, str(live))

    assert result.returncode == 1
    assert "privacy (en) revision 2020-04-01" in result.stderr
    assert f"published from commit {shas[1][:7]}" in result.stderr
    assert "its text would change" in result.stderr and new[:7] in result.stderr
    assert "README.md" in result.stderr


def test_an_amended_commit_with_the_same_text_is_refused_as_rewritten_history(
    published: tuple[PolicyRepo, Path, list[str]],
) -> None:
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


def test_a_site_not_published_yet_has_nothing_to_protect(
    published: tuple[PolicyRepo, Path, list[str]], tmp_path: Path
) -> None:
    repo, _, _ = published
    empty = tmp_path / "nothing-live"
    empty.mkdir()

    result = ledger(repo, empty.as_uri() + "/")

    assert result.returncode == 0, result.stderr


def test_an_unreadable_published_source_stops_the_publication(
    published: tuple[PolicyRepo, Path, list[str]], tmp_path: Path
) -> None:
    repo, _, _ = published

    result = ledger(repo, str(tmp_path / "missing" / "revisions.json"))

    assert result.returncode == 2 and "does not exist" in result.stderr


def test_a_withdrawal_decided_by_the_legal_team_passes_only_when_named(
    published: tuple[PolicyRepo, Path, list[str]],
) -> None:
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


# --- The published record: commits, policies, languages -------------------------------------------


def test_a_rewritten_published_revision_with_a_correction_on_top_is_refused(
    published: tuple[PolicyRepo, Path, list[str]],
) -> None:
    """More corrections than published is not enough: the commit it was published from must still be there."""
    repo, live, shas = published
    rewrite_last_commit(repo, policy_text("2020-04-01", BODY_V2.replace("websites", "apps"), summary="Scope extended"))
    repo.commit(
        "Correct the wording",
        "2020-04-05T10:00:00+09:00",
        {
            POLICY: policy_text(
                "2020-04-01",
                BODY_V2.replace("websites", "web sites"),
                summary="Scope extended",
                extra="correction: wording",
            )
        },
    )

    result = ledger(repo, str(live))

    assert result.returncode == 1, result.stdout
    assert f"published from commit {shas[1][:7]}, which the new build no longer has in main's history" in result.stderr
    assert "a correction on top does not make up for it" in result.stderr


def with_terms(repo: PolicyRepo, live: Path) -> Path:
    """A second policy (not in the nav), in both languages, published."""
    repo.commit(
        "Add the terms",
        "2020-06-01T10:00:00+09:00",
        {
            "docs/en/terms.md": policy_text("2020-06-01", BODY_V1, title="Terms"),
            "docs/ja/terms.md": policy_text("2020-06-01", JA, title="利用規約", summary="制定"),
        },
    )
    return publish(repo, live.parent)


def test_a_deleted_language_is_refused_though_the_new_site_never_names_it(
    published: tuple[PolicyRepo, Path, list[str]],
) -> None:
    repo, live, _ = published
    live = with_terms(repo, live)
    (repo.root / "docs/ja/terms.md").unlink()
    repo.commit("Drop the Japanese terms", "2021-01-01T10:00:00+09:00")

    result = ledger(repo, live.as_uri() + "/")  # the live site by its root URL, as CI reads it

    assert result.returncode == 1, result.stdout
    assert "terms (ja) is published, but the new site does not have it" in result.stderr
    assert "terms (en)" not in result.stderr


def test_a_deleted_policy_is_refused(published: tuple[PolicyRepo, Path, list[str]]) -> None:
    repo, live, _ = published
    live = with_terms(repo, live)
    (repo.root / "docs/en/terms.md").unlink()
    (repo.root / "docs/ja/terms.md").unlink()
    repo.commit("Drop the terms", "2021-01-01T10:00:00+09:00")

    result = ledger(repo, live.as_uri() + "/")

    assert result.returncode == 1, result.stdout
    assert "terms (en) is published, but the new site does not have it" in result.stderr
    assert "terms (ja) is published, but the new site does not have it" in result.stderr


def test_a_renamed_policy_is_refused_and_accepted_only_when_named(
    published: tuple[PolicyRepo, Path, list[str]],
) -> None:
    """The file name is the policy's id and part of all its URLs and API paths: renaming it is refused."""
    repo, live, _ = published
    git(repo.root, "mv", "docs/en/privacy.md", "docs/en/privacy-policy.md")
    git(repo.root, "mv", "docs/ja/privacy.md", "docs/ja/privacy-policy.md")
    repo.commit("Rename the policy", "2021-01-01T10:00:00+09:00")
    (repo.root / "docs/en/index.md").write_text(
        "---\ntitle: Home\n---\n\n[policy](privacy-policy.md)\n", encoding="utf-8"
    )
    (repo.root / "docs/ja/index.md").write_text(
        "---\ntitle: ホーム\n---\n\n[policy](privacy-policy.md)\n", encoding="utf-8"
    )
    config = (
        (repo.root / "mkdocs.yml")
        .read_text(encoding="utf-8")
        .replace("privacy.md", "privacy-policy.md")
        .replace("privacy/history.md", "privacy-policy/history.md")
        .replace("privacy/bilingual.md", "privacy-policy/bilingual.md")
    )
    (repo.root / "mkdocs.yml").write_text(config, encoding="utf-8")
    repo.commit("Follow the rename", "2021-01-01T10:05:00+09:00")

    result = ledger(repo, str(live))

    assert result.returncode == 1, result.stdout
    assert "privacy (en) is published, but the new site does not have it" in result.stderr
    assert "deleted or renamed" in result.stderr
    accepted = ledger(repo, str(live), accept=("privacy/en", "privacy/ja"))
    assert accepted.returncode == 0, accepted.stderr
    assert "accepted (--accept privacy/en)" in accepted.stdout


def test_a_changed_posted_time_is_refused() -> None:
    def entry(posted: str) -> LedgerEntry:
        return LedgerEntry("privacy", "en", "2020-04-01", "2020-04-01", "c1", POLICY, "s1", (), "c1", posted)

    problems = compare_ledgers([entry("2020-04-01T10:00:00+09:00")], [entry("2019-01-01T10:00:00+09:00")])
    assert len(problems) == 1 and "the time it was published would change" in str(problems[0])


# --- The site about to be published is whole, finished and draft-free -----------------------------


def test_a_site_that_contains_a_draft_is_refused(published: tuple[PolicyRepo, Path, list[str]]) -> None:
    repo, live, _ = published
    repo.write(POLICY, policy_text("2021-01-01", BODY_V3, summary="Draft"))
    preview = repo.build(env={"POLICY_DRAFTS": "1"}, site="preview")
    assert preview.returncode == 0, preview.output

    result = ledger(repo, str(live), site=preview.site)

    assert result.returncode == 1
    assert "en/privacy/history/draft/ is a draft page" in result.stderr


def test_a_site_lacking_a_page_its_json_names_is_refused(published: tuple[PolicyRepo, Path, list[str]]) -> None:
    repo, live, _ = published
    built = repo.build()
    shutil.rmtree(built.site / "en/privacy/history/2020-04-01/changes")

    result = ledger(repo, str(live), site=built.site)

    assert result.returncode == 1
    assert "revision 2020-04-01: its page en/privacy/history/2020-04-01/changes/" in result.stderr


def test_a_site_without_its_index_is_refused_as_unfinished(published: tuple[PolicyRepo, Path, list[str]]) -> None:
    repo, live, _ = published
    built = repo.build()
    (built.site / "api/index.json").unlink()

    result = ledger(repo, str(live), site=built.site)

    assert result.returncode == 2
    assert "no api/index.json" in result.stderr and "did not finish" in result.stderr


@pytest.mark.parametrize("marker", ["privacy/index.html", "en/index.html", "api/privacy/en/revisions.json"])
def test_a_build_killed_midway_leaves_a_site_the_ledger_refuses(
    published: tuple[PolicyRepo, Path, list[str]], marker: str
) -> None:
    """Killed as soon as `marker` is written (the previous, complete site still in place before the build):
    whatever is left, it has no index, so it is never published."""
    repo, live, _ = published
    repo.commit(
        "Add clause 1.2", "2021-01-01T10:00:00+09:00", {POLICY: policy_text("2021-01-01", BODY_V3, summary="1.2")}
    )
    site = repo.root / "site"
    assert (site / "api/index.json").is_file()  # the previous build, complete
    (site / marker).unlink()
    env = {**os.environ, "POLICY_AS_OF": "2026-11-29", "NO_MKDOCS_2_WARNING": "1", "GIT_CONFIG_GLOBAL": os.devnull}
    build = subprocess.Popen(
        [str(Path(sys.executable).parent / "mkdocs"), "build", "--strict", "--site-dir", "site"],
        cwd=repo.root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    while build.poll() is None and not (site / marker).exists():
        time.sleep(0.005)  # poll (no time limit: the build writes the marker or ends)
    os.killpg(build.pid, signal.SIGKILL)
    build.wait()

    if not (site / "api/index.json").exists():
        result = ledger(repo, str(live), site=site)
        assert result.returncode != 0
        assert "no api/index.json" in result.stderr
    else:  # the build finished before the kill landed: then it is whole, and it says so
        index = json.loads((site / "api/index.json").read_text(encoding="utf-8"))
        assert index["source_commit"] == git(repo.root, "rev-parse", "HEAD").strip()


@pytest.mark.parametrize(
    "falsify, expected",
    [
        (
            lambda site: _edit(
                site / "api/privacy/en/revisions.json", "2020-04-01T10:00:00+09:00", "2019-04-01T10:00:00+09:00"
            ),
            "api/privacy/en/revisions.json differs",
        ),
        (
            lambda site: _edit(
                site / "api/privacy/en/revisions.json", '"in_force":"2020-04-01"', '"in_force":"2017-05-10"'
            ),
            "api/privacy/en/revisions.json differs",
        ),
        (
            lambda site: _edit(site / "en/privacy/history/2017-05-10/index.html", "all services", "no services"),
            "en/privacy/history/2017-05-10/index.html differs",
        ),
    ],
)
def test_a_site_edited_after_its_build_is_refused(
    published: tuple[PolicyRepo, Path, list[str]], falsify, expected: str
) -> None:  # type: ignore[no-untyped-def]
    repo, live, _ = published
    built = repo.build()
    falsify(built.site)

    result = ledger(repo, str(live), site=built.site, rebuild=True)

    assert result.returncode == 1, result.stdout + result.stderr
    assert "differ from a rebuild of commit" in result.stderr and expected in result.stderr


def test_an_untouched_site_passes_the_rebuild_check(published: tuple[PolicyRepo, Path, list[str]]) -> None:
    repo, live, _ = published

    result = ledger(repo, str(live), rebuild=True)

    assert result.returncode == 0, result.stderr


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (old, path)
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_site_missing_a_languages_json_is_refused(published: tuple[PolicyRepo, Path, list[str]]) -> None:
    repo, live, _ = published
    built = repo.build()
    shutil.rmtree(built.site / "api/privacy/ja")

    result = ledger(repo, str(live), site=built.site)

    assert result.returncode == 1
    assert "api/privacy/ja/revisions.json is listed in api/index.json but missing" in result.stderr
