"""Faults in the policy files or their history stop the build: a clear message, nothing published.

Each test scripts a repository the way real editors and CI checkouts break things, runs
`mkdocs build --strict` exactly as `make site` does, and checks what a legal-team member
would read: the file, the commit (and the line where there is one) and a `hint:` saying what
to do. "Nothing published" means: the build exits non-zero before MkDocs writes or cleans
anything, so `site/` is left exactly as it was (absent on a first build, the previous good
site otherwise). A failure after writing started empties `site/` rather than leave half a site.
"""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

from conftest import BuildResult, PolicyRepo, git, policy_text

POLICY = "docs/en/privacy.md"

BODY_V1 = """
## 1. Scope

1.1. This policy applies to all services.

## 2. Purpose of use

2.1. We use personal information to provide the services.
"""

BODY_V2 = BODY_V1.replace("all services", "all services and websites")
BODY_V3 = BODY_V2 + "\n2.2. We do not sell personal information.\n"


def snapshot(site: Path) -> dict[str, str]:
    """Every file of a built site and its sha256 (empty when there is no site)."""
    if not site.exists():
        return {}
    return {
        path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


def assert_refused(result: BuildResult, *expected: str) -> None:
    """Non-zero exit, each expected fragment in the message, a hint, no traceback, no site."""
    assert result.returncode != 0, result.output
    for fragment in expected:
        assert fragment in result.output, f"{fragment!r} missing from:\n{result.output}"
    assert "hint:" in result.output, result.output
    assert "Traceback" not in result.output, result.output
    assert snapshot(result.site) == {}, "a refused build must not leave a site behind"


JA_POLICY = "docs/ja/privacy.md"
JA_BODY = """
## 1. 適用範囲

1.1. 本ポリシーは、当社のすべてのサービスに適用されます。
"""


def good_history(repo: PolicyRepo) -> list[str]:
    """Two good English revisions (and a Japanese policy, so the site's navigation is complete)."""
    return [
        repo.commit(
            "Establish the policy",
            "2017-05-10T10:00:00+09:00",
            {
                POLICY: policy_text("2017-05-10", BODY_V1),
                JA_POLICY: policy_text("2017-05-10", JA_BODY, title="プライバシーポリシー", summary="制定"),
            },
        ),
        repo.commit(
            "Extend the scope",
            "2020-04-01T10:00:00+09:00",
            {POLICY: policy_text("2020-04-01", BODY_V2, summary="Scope extended")},
        ),
    ]


def at(root: Path) -> PolicyRepo:
    """A PolicyRepo for an existing checkout (a clone or an export), to build it."""
    repo = PolicyRepo.__new__(PolicyRepo)
    repo.root = root
    return repo


# --- Nothing published ------------------------------------------------------------------------


def test_a_refused_build_leaves_the_previous_site_untouched(policy_repo: PolicyRepo) -> None:
    good_history(policy_repo)
    good = policy_repo.build()
    assert good.returncode == 0, good.output
    before = snapshot(good.site)
    policy_repo.commit(
        "Back-dated",
        "2021-01-01T10:00:00+09:00",
        {POLICY: policy_text("2019-01-01", BODY_V3, summary="Clause 2.2 added")},
    )

    refused = policy_repo.build()

    assert refused.returncode != 0
    assert snapshot(refused.site) == before


def test_a_build_that_fails_after_writing_started_leaves_no_half_written_site(policy_repo: PolicyRepo) -> None:
    good_history(policy_repo)
    policy_repo.commit(
        "A broken link on the home page",
        "2020-05-01T10:00:00+09:00",
        {"docs/en/index.md": "# Home\n\n[missing](nowhere.md)\n"},
    )

    failed = policy_repo.build()

    assert failed.returncode != 0
    assert "nowhere.md" in failed.output
    assert snapshot(failed.site) == {}


# --- Incomplete history ------------------------------------------------------------------------


def test_a_shallow_clone_is_refused_with_the_fetch_depth_fix(policy_repo: PolicyRepo, tmp_path: Path) -> None:
    _, head = good_history(policy_repo)
    clone = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{policy_repo.root}", str(clone))

    built = at(clone).build()

    assert_refused(built, "shallow", f"cut off at commit {head[:7]}", "fetch-depth: 0", "git fetch --unshallow")


def test_a_history_cut_at_a_date_is_refused_as_shallow(policy_repo: PolicyRepo, tmp_path: Path) -> None:
    good_history(policy_repo)
    policy_repo.commit(
        "Add a clause",
        "2021-01-01T10:00:00+09:00",
        {POLICY: policy_text("2021-01-01", BODY_V3, summary="Clause 2.2 added")},
    )
    clone = tmp_path / "recent"
    git(tmp_path, "clone", "-q", "--shallow-since=2019-01-01", f"file://{policy_repo.root}", str(clone))

    built = at(clone).build()

    assert_refused(built, "shallow", "fetch-depth: 0")


def test_a_local_git_replace_cannot_rewrite_the_published_history(policy_repo: PolicyRepo) -> None:
    first, second = good_history(policy_repo)
    policy_repo.commit(
        "Add a clause",
        "2021-01-01T10:00:00+09:00",
        {POLICY: policy_text("2021-01-01", BODY_V3, summary="Clause 2.2 added")},
    )
    git(policy_repo.root, "replace", "--graft", second)  # makes the second commit look like the first
    assert len(git(policy_repo.root, "log", "--format=%H").split()) == 2

    built = policy_repo.build()

    assert built.returncode == 0, built.output
    revisions = built.json("api/privacy/en/revisions.json")["revisions"]
    assert [r["effective"] for r in revisions] == ["2021-01-01", "2020-04-01", "2017-05-10"]
    assert revisions[-1]["commit"] == first


def test_a_source_tarball_without_git_is_refused_unless_told_to_build_without_history(
    policy_repo: PolicyRepo, tmp_path: Path
) -> None:
    good_history(policy_repo)
    tarball = tmp_path / "export"
    tarball.mkdir()
    archive = subprocess.run(["git", "archive", "HEAD"], cwd=policy_repo.root, check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(tarball)], input=archive, check=True)
    built = at(tarball).build(env={"GIT_CEILING_DIRECTORIES": str(tmp_path)})

    assert_refused(built, "not inside a git repository", "POLICY_NO_HISTORY=1")


# --- A revision that cannot be read -----------------------------------------------------------


def test_a_revision_that_is_not_utf8_is_refused_with_its_line_and_commit(policy_repo: PolicyRepo) -> None:
    good_history(policy_repo)
    raw = policy_text("2021-01-01", BODY_V3, summary="Clause 2.2 added").encode("utf-8")
    raw = raw.replace(b"2.2. We do not sell", "2.2. We do not sell 個人情報".encode("shift_jis"))
    bad = policy_repo.commit("Saved from the wrong editor", "2021-01-01T10:00:00+09:00", {POLICY: raw})

    built = policy_repo.build()

    line = raw.split(b"\n").index(next(row for row in raw.split(b"\n") if row.startswith(b"2.2."))) + 1
    assert_refused(built, f"{POLICY}:{line}", bad[:7], "not valid UTF-8", "save the file as UTF-8")


def test_a_revision_with_broken_front_matter_yaml_is_refused(policy_repo: PolicyRepo) -> None:
    good_history(policy_repo)
    broken = policy_text("2021-01-01", BODY_V3, summary='"Clause 2.2 added')  # unbalanced quote
    bad = policy_repo.commit("Typo in the front matter", "2021-01-01T10:00:00+09:00", {POLICY: broken})

    built = policy_repo.build()

    assert_refused(built, POLICY, bad[:7], "front matter")


def test_a_revision_without_an_effective_date_is_refused(policy_repo: PolicyRepo) -> None:
    good_history(policy_repo)
    text = policy_text("2021-01-01", BODY_V3).replace("effective: 2021-01-01\n", "")
    # Without `effective:` the page is no longer a policy page for the current tree; keep the
    # tree valid and break an older revision, as a rebased history would.
    bad = policy_repo.commit("Dropped the effective date", "2021-01-01T10:00:00+09:00", {POLICY: text})
    policy_repo.commit(
        "Put it back",
        "2021-01-02T10:00:00+09:00",
        {POLICY: policy_text("2021-01-02", BODY_V3, summary="Clause 2.2 added")},
    )

    built = policy_repo.build()

    assert_refused(built, POLICY, bad[:7], "no `effective:` date")


def test_an_impossible_effective_date_is_refused(policy_repo: PolicyRepo) -> None:
    good_history(policy_repo)
    bad = policy_repo.commit(
        "Revise", "2021-02-01T10:00:00+09:00", {POLICY: policy_text("2021-02-30", BODY_V3, summary="Clause 2.2 added")}
    )

    built = policy_repo.build()

    assert_refused(built, f"{POLICY}:3", bad[:7], "2021-02-30", "not a real calendar date")


def test_a_revision_whose_clauses_cannot_be_parsed_is_refused(policy_repo: PolicyRepo) -> None:
    good_history(policy_repo)
    deep = BODY_V2 + "\n2.1.1.1.1.1.1.1.1. A clause nine levels deep.\n"
    bad = policy_repo.commit(
        "Too deep", "2021-01-01T10:00:00+09:00", {POLICY: policy_text("2021-01-01", deep, summary="Deep")}
    )

    built = policy_repo.build()

    line = (
        policy_text("2021-01-01", deep, summary="Deep")
        .split("\n")
        .index("2.1.1.1.1.1.1.1.1. A clause nine levels deep.")
        + 1
    )
    assert_refused(built, f"{POLICY}:{line}", bad[:7], "2.1.1.1.1.1.1.1.1", "at most 8")


# --- A history that cannot be ordered ---------------------------------------------------------


def test_an_effective_date_earlier_than_the_revision_before_is_refused(policy_repo: PolicyRepo) -> None:
    good_history(policy_repo)
    bad = policy_repo.commit(
        "Back-dated",
        "2021-01-01T10:00:00+09:00",
        {POLICY: policy_text("2019-01-01", BODY_V3, summary="Clause 2.2 added")},
    )

    built = policy_repo.build()

    assert_refused(built, POLICY, bad[:7], "2019-01-01", "earlier than the previous revision's 2020-04-01")


def test_two_revisions_sharing_an_effective_date_across_another_are_refused(policy_repo: PolicyRepo) -> None:
    first, _ = good_history(policy_repo)
    bad = policy_repo.commit(
        "Reuse the first date",
        "2021-01-01T10:00:00+09:00",
        {POLICY: policy_text("2017-05-10", BODY_V3, summary="Clause 2.2 added")},
    )

    built = policy_repo.build()

    assert_refused(built, POLICY, bad[:7], "2017-05-10", "already used", first[:7])


def test_a_policy_deleted_and_added_back_is_refused(policy_repo: PolicyRepo) -> None:
    good_history(policy_repo)
    (policy_repo.root / POLICY).unlink()
    deleted = policy_repo.commit("Remove the policy", "2020-06-01T10:00:00+09:00")
    added = policy_repo.commit(
        "Add it back",
        "2021-01-01T10:00:00+09:00",
        {POLICY: policy_text("2021-01-01", BODY_V3, summary="Clause 2.2 added")},
    )

    built = policy_repo.build()

    assert_refused(built, POLICY, added[:7], deleted[:7], "deleted", "git revert")


# --- Merges: first-parent history rules -------------------------------------------------------


def test_a_merged_branch_counts_once_on_the_day_it_was_merged(policy_repo: PolicyRepo) -> None:
    good_history(policy_repo)
    git(policy_repo.root, "checkout", "-q", "-b", "revise")
    policy_repo.commit(
        "Draft the new clause",
        "2020-12-01T10:00:00+09:00",
        {POLICY: policy_text("2021-01-01", BODY_V3 + "\n2.3. Draft wording.\n", summary="Draft")},
    )
    branch_head = policy_repo.commit(
        "Settle the new clause",
        "2020-12-10T10:00:00+09:00",
        {POLICY: policy_text("2021-01-01", BODY_V3, summary="Clause 2.2 added")},
    )
    git(policy_repo.root, "checkout", "-q", "main")
    policy_repo.commit("Unrelated change on main", "2020-12-05T10:00:00+09:00", {"README.md": "site\n"})
    git(
        policy_repo.root,
        "merge",
        "-q",
        "--no-ff",
        "revise",
        "-m",
        "Merge the revision",
        env={
            "GIT_AUTHOR_NAME": "L",
            "GIT_AUTHOR_EMAIL": "l@example.com",
            "GIT_COMMITTER_NAME": "L",
            "GIT_COMMITTER_EMAIL": "l@example.com",
            "GIT_AUTHOR_DATE": "2020-12-15T10:00:00+09:00",
            "GIT_COMMITTER_DATE": "2020-12-15T10:00:00+09:00",
        },
    )
    merge = git(policy_repo.root, "rev-parse", "HEAD").strip()

    built = policy_repo.build()

    assert built.returncode == 0, built.output
    revisions = built.json("api/privacy/en/revisions.json")["revisions"]
    assert [r["effective"] for r in revisions] == ["2021-01-01", "2020-04-01", "2017-05-10"]
    newest = revisions[0]
    assert newest["commit"] == merge and newest["commit"] != branch_head
    assert newest["posted"] == "2020-12-15T10:00:00+09:00"
    assert newest["corrections"] == []
    assert "Draft wording" not in built.html("en/privacy/history/index.html")


def test_a_source_tarball_builds_without_history_only_when_told_and_the_site_says_so(
    policy_repo: PolicyRepo, tmp_path: Path
) -> None:
    good_history(policy_repo)
    tarball = tmp_path / "export"
    tarball.mkdir()
    archive = subprocess.run(["git", "archive", "HEAD"], cwd=policy_repo.root, check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(tarball)], input=archive, check=True)

    built = at(tarball).build(env={"GIT_CEILING_DIRECTORIES": str(tmp_path), "POLICY_NO_HISTORY": "1"})

    assert built.returncode == 0, built.output
    for page, notice, text in (
        ("en/privacy/index.html", "built without git history", "all services and websites"),
        ("privacy/index.html", "git の履歴なしでビルド", "すべてのサービス"),
        ("en/privacy/history/index.html", "built without git history", None),
    ):
        html = built.html(page)
        assert notice in html and 'id="policy-no-history"' in html
        if text:
            assert text in html
    # Only the current text: no revision pages, no machine-readable history, no feed link.
    assert not (built.site / "en/privacy/history/2017-05-10").exists()
    assert not (built.site / "api").exists()
    assert "revisions.atom" not in built.html("en/privacy/index.html")


# --- Huge and pathological input: bounded, or refused with a clear limit ------------------------


def numbered_clauses(count: int, words: int = 6) -> str:
    """`count` clauses, nine to an article, each `words` words long."""
    parts = []
    for article in range(1, count // 9 + 2):
        parts.append(f"## {article}. Article {article}\n")
        for clause in range(1, 10):
            if len(parts) - article >= count:
                break
            parts.append(f"{article}.{clause}. Clause {article}.{clause} " + "says something " * (words // 2) + "\n")
    return "\n".join(parts)


def test_a_5_mb_policy_is_refused_with_the_size_limit(policy_repo: PolicyRepo) -> None:
    good_history(policy_repo)
    huge = policy_text("2021-01-01", BODY_V3 + "\n3.1. " + "Personal data is protected. " * 180_000)
    assert len(huge.encode()) > 5_000_000
    bad = policy_repo.commit("Paste an export", "2021-01-01T10:00:00+09:00", {POLICY: huge})

    built = policy_repo.build()

    assert_refused(built, POLICY, bad[:7], "5.0 MB", "at most 1 MB")


def test_a_10000_clause_policy_is_refused_with_the_clause_limit(policy_repo: PolicyRepo) -> None:
    good_history(policy_repo)
    body = numbered_clauses(10_000)
    bad = policy_repo.commit(
        "Generated clauses", "2021-01-01T10:00:00+09:00", {POLICY: policy_text("2021-01-01", body)}
    )

    built = policy_repo.build()

    assert_refused(built, POLICY, bad[:7], "more than 2,000 clauses")


def test_a_policy_with_hundreds_of_clauses_builds_with_every_clause_compared(policy_repo: PolicyRepo) -> None:
    good_history(policy_repo)
    body = numbered_clauses(900)
    policy_repo.commit("Long policy", "2021-01-01T10:00:00+09:00", {POLICY: policy_text("2021-01-01", body)})
    policy_repo.commit(
        "Amend one clause",
        "2022-01-01T10:00:00+09:00",
        {POLICY: policy_text("2022-01-01", body.replace("Clause 50.3 says", "Clause 50.3 now says"))},
    )

    built = policy_repo.build()

    assert built.returncode == 0, built.output
    changes = built.json("api/privacy/en/changes/2022-01-01.json")["clauses"]
    assert [c["new"] for c in changes if c["status"] == "amended"] == ["50.3"]
    assert sum(c["status"] == "unchanged" for c in changes) == len(changes) - 1


def test_a_clause_of_200000_characters_builds_and_its_change_is_marked(policy_repo: PolicyRepo) -> None:
    good_history(policy_repo)
    long_clause = " ".join(f"Sentence {i} says something about personal data." for i in range(4_200))
    assert len(long_clause) > 200_000
    body = BODY_V3 + f"\n## 3. Details\n\n3.1. {long_clause}\n"
    policy_repo.commit("Long clause", "2021-01-01T10:00:00+09:00", {POLICY: policy_text("2021-01-01", body)})
    policy_repo.commit(
        "Amend it",
        "2022-01-01T10:00:00+09:00",
        {
            POLICY: policy_text("2022-01-01", body.replace("Sentence 2500 says", "Sentence 2500 now says")),
        },
    )

    built = policy_repo.build()

    assert built.returncode == 0, built.output
    changes = built.json("api/privacy/en/changes/2022-01-01.json")["clauses"]
    amended = [c for c in changes if c["status"] == "amended"]
    assert [c["new"] for c in amended] == ["3.1"]
    inserted = "".join(s["text"] for s in amended[0]["segments"] if s["op"] == "insert")
    assert "now" in inserted and len(inserted) < 1_000


def test_numbering_nested_eight_levels_deep_builds_and_keeps_its_anchor(policy_repo: PolicyRepo) -> None:
    good_history(policy_repo)
    body = BODY_V2 + "\n2.1.1.1.1.1.1.1. The deepest clause allowed.\n"
    policy_repo.commit("Deep", "2021-01-01T10:00:00+09:00", {POLICY: policy_text("2021-01-01", body)})

    built = policy_repo.build()

    assert built.returncode == 0, built.output
    assert 'id="clause-2.1.1.1.1.1.1.1"' in built.html("en/privacy/index.html")
