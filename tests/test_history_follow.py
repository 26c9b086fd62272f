"""Whose history a file has: renames are followed within the file's language folder only.

`git log --follow` also follows copies, and renames from anywhere. A Japanese translation that
was first committed as a copy of the English file (git reports the copy as C095) must not
inherit the English revisions from before the Japanese file existed.
"""

from __future__ import annotations

from policy_engine.history import GitReader

from conftest import PolicyRepo, git, policy_text

EN_SENTENCES = [
    f"{n}.1. Sentence number {n} of the English policy, long enough for git to see a copy." for n in range(1, 25)
]
EN_V1 = "\n\n".join(f"## {n}. Article {n}\n\n{line}" for n, line in enumerate(EN_SENTENCES, 1))
EN_V2 = EN_V1.replace("Sentence number 3 ", "Sentence number three ")
JA_V1 = "\n\n".join(f"## {n}. 第{n}条\n\n{n}.1. 日本語の本文です（第{n}条）。" for n in range(1, 25))


def copy_history(repo: PolicyRepo) -> None:
    repo.commit(
        "English policy",
        "2019-01-10T10:00:00+09:00",
        {
            "docs/en/privacy.md": policy_text("2019-02-01", EN_V1),
        },
    )
    # One commit revises the English file and starts the Japanese one as a copy of it (as real
    # translators do before translating), so git sees the Japanese file as copied from English.
    repo.commit(
        "Revise; start the Japanese translation",
        "2020-01-10T10:00:00+09:00",
        {
            "docs/en/privacy.md": policy_text("2020-02-01", EN_V2, summary="Wording"),
            "docs/ja/privacy.md": policy_text("2020-02-01", EN_V2, summary="Wording"),
        },
    )
    repo.commit(
        "Translate",
        "2020-01-20T10:00:00+09:00",
        {
            "docs/ja/privacy.md": policy_text("2020-03-01", JA_V1, title="プライバシーポリシー", summary="翻訳"),
        },
    )


def test_git_itself_reports_the_japanese_file_as_a_copy_of_the_english_one(policy_repo: PolicyRepo) -> None:
    copy_history(policy_repo)
    log = git(policy_repo.root, "log", "--follow", "--raw", "--format=", "--", "docs/ja/privacy.md")
    assert "\tdocs/en/privacy.md\tdocs/ja/privacy.md" in log and ":100644 100644" in log


def test_a_file_that_starts_as_a_copy_of_another_languages_file_starts_its_own_history(policy_repo: PolicyRepo) -> None:
    copy_history(policy_repo)
    with GitReader(policy_repo.root) as reader:
        versions = reader.versions("docs/ja/privacy.md", "docs/ja")
    assert [(v.subject, v.path, v.status) for v in versions] == [
        ("Revise; start the Japanese translation", "docs/ja/privacy.md", "A"),
        ("Translate", "docs/ja/privacy.md", "M"),
    ]


def test_the_built_japanese_history_has_no_english_revisions(policy_repo: PolicyRepo) -> None:
    copy_history(policy_repo)
    result = policy_repo.build()
    assert result.returncode == 0, result.output
    ja = result.json("api/privacy/ja/revisions.json")["revisions"]
    assert [(r["id"], r["path"]) for r in ja] == [
        ("2020-03-01", "docs/ja/privacy.md"),
        ("2020-02-01", "docs/ja/privacy.md"),
    ]
    en = result.json("api/privacy/en/revisions.json")["revisions"]
    assert [r["id"] for r in en] == ["2020-02-01", "2019-02-01"]


def test_a_rename_from_another_language_folder_starts_the_history_too(policy_repo: PolicyRepo) -> None:
    policy_repo.commit(
        "Misfiled",
        "2019-01-10T10:00:00+09:00",
        {
            "docs/en/privacy.md": policy_text("2019-02-01", EN_V1),
            "docs/en/privacy-ja.md": policy_text("2019-02-01", JA_V1, title="プライバシーポリシー"),
        },
    )
    git(policy_repo.root, "mv", "docs/en/privacy-ja.md", "docs/ja/privacy.md")
    policy_repo.commit("Move the Japanese file to its folder", "2019-03-01T10:00:00+09:00")
    with GitReader(policy_repo.root) as reader:
        versions = reader.versions("docs/ja/privacy.md", "docs/ja")
    assert [(v.subject, v.status) for v in versions] == [("Move the Japanese file to its folder", "A")]


def test_a_rename_within_the_language_folder_is_still_followed(policy_repo: PolicyRepo) -> None:
    policy_repo.commit(
        "Establish",
        "2019-01-10T10:00:00+09:00",
        {
            "docs/en/privacy-policy.md": policy_text("2019-02-01", EN_V1),
        },
    )
    git(policy_repo.root, "mv", "docs/en/privacy-policy.md", "docs/en/privacy.md")
    policy_repo.commit("Rename", "2019-03-01T10:00:00+09:00")
    with GitReader(policy_repo.root) as reader:
        versions = reader.versions("docs/en/privacy.md", "docs/en")
    assert [(v.path, v.status) for v in versions] == [("docs/en/privacy-policy.md", "A"), ("docs/en/privacy.md", "R")]
