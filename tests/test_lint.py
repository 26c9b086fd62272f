"""The policy linter (`make lint`, `scripts/lint.py`): scripted pull requests in throwaway repos.

Each test builds a base (what is on main) and a head (the pull request), runs the linter as
CI does (`--base main`) and checks its verdict: the exit status and the message a lawyer reads.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from policy_engine.clauses import parse_clauses
from policy_engine.lint import check_numbering

from conftest import PROJECT, PolicyRepo, git, policy_text

JA = "## 1. 目的\n\n1.1. 当社は利用者情報を適切に取り扱います。\n\n1.2. 当社は法令を遵守します。\n\n## 2. 連絡先\n\n2.1. お問い合わせ窓口を設けます。\n"
EN = "## 1. Purpose\n\n1.1. We handle user information properly.\n\n1.2. We comply with the law.\n\n## 2. Contact\n\n2.1. We provide a contact point.\n"
TODAY = "2026-11-29"


def ja_file(effective: str = "2017-05-10", body: str = JA, summary: str = "制定", extra: str = "") -> str:
    return policy_text(effective, body, title="プライバシーポリシー", summary=summary, extra=extra)


def en_file(effective: str = "2017-05-10", body: str = EN, summary: str = "Established", extra: str = "") -> str:
    return policy_text(effective, body, summary=summary, extra=extra)


def run_lint(repo: PolicyRepo, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "POLICY_AS_OF": TODAY, "GIT_CONFIG_GLOBAL": os.devnull}
    return subprocess.run(
        [sys.executable, str(PROJECT / "scripts" / "lint.py"), "--root", str(repo.root), *args],
        cwd=repo.root,
        env=env,
        capture_output=True,
        text=True,
    )


def on_main(repo: PolicyRepo) -> None:
    repo.commit(
        "Establish the policy",
        "2017-05-10T10:00:00+09:00",
        {
            "docs/ja/privacy.md": ja_file(),
            "docs/en/privacy.md": en_file(),
        },
    )


def pull_request(repo: PolicyRepo, files: dict[str, str], date: str = "2026-11-28T10:00:00+09:00") -> None:
    """A branch `change` off main with one commit, checked out (as CI checks out the PR head)."""
    git(repo.root, "checkout", "-q", "-b", "change")
    repo.commit("Change the policy", date, files)


# --- whole files ------------------------------------------------------------------------------


def test_the_real_project_passes_the_linter() -> None:
    result = subprocess.run(
        [sys.executable, str(PROJECT / "scripts" / "lint.py")],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        env={**os.environ, "POLICY_AS_OF": TODAY},
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_clean_policy_in_both_languages_passes(policy_repo: PolicyRepo) -> None:
    on_main(policy_repo)

    result = run_lint(policy_repo)

    assert result.returncode == 0, result.stdout
    assert "no errors" in result.stdout


def test_a_missing_summary_is_an_error_naming_the_file_and_line(policy_repo: PolicyRepo) -> None:
    on_main(policy_repo)
    policy_repo.commit(
        "No summary",
        "2017-05-11T10:00:00+09:00",
        {
            "docs/en/privacy.md": "---\ntitle: Privacy Policy\neffective: 2017-05-10\n---\n\n" + EN,
        },
    )

    result = run_lint(policy_repo)

    assert result.returncode == 1
    assert "error: docs/en/privacy.md:2: the front matter has no `summary:`." in result.stdout
    assert "hint: add a `summary:` line" in result.stdout


def test_an_impossible_effective_date_is_an_error(policy_repo: PolicyRepo) -> None:
    on_main(policy_repo)
    policy_repo.write("docs/ja/privacy.md", ja_file(effective="2021-02-30"))

    result = run_lint(policy_repo)

    assert result.returncode == 1
    assert "docs/ja/privacy.md:3: `effective: 2021-02-30` is not a real calendar date." in result.stdout


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("## 1. A\n\n1.1. a\n\n1.3. c", "clause 1.3 follows 1.1, so 1.2 is missing."),
        ("## 1. A\n\n1.1. a\n\n1.1. again", "clause 1.1 appears twice (also at line 3)."),
        (
            "## 3. A\n\n3.1. a\n\n3.1.4. d\n\n3.1.2. b",
            "clause 3.1.2 comes after 3.1.4; numbers must increase through the document.",
        ),
        ("## 1. A\n\n1.1. a\n\n2.1. orphan", "clause 2.1 has no article 2 above it."),
        ("## 1. A\n\n## 3. C", "clause 3 follows 1, so 2 is missing."),
    ],
)
def test_numbering_must_count_up_by_one_under_each_parent(body: str, expected: str) -> None:
    messages = [f.message for f in check_numbering(parse_clauses(body), "p.md")]

    assert expected in messages


def test_well_formed_numbering_has_no_findings() -> None:
    body = "Preamble\n\n## 1. A\n\n1.1. a\n\n1.1.1. i\n\n1.1.2. ii\n\n1.2. b\n\n## 2. B\n\ntext\n\n2.1. c"

    assert check_numbering(parse_clauses(body), "p.md") == []


def test_a_numbered_line_run_into_the_paragraph_above_is_an_error(policy_repo: PolicyRepo) -> None:
    on_main(policy_repo)
    policy_repo.write(
        "docs/en/privacy.md",
        en_file(body=EN.replace("1.2. We comply with the law.", "1.2. We comply with the law.\n1.3. We keep records.")),
    )
    policy_repo.write(
        "docs/ja/privacy.md",
        ja_file(
            body=JA.replace(
                "1.2. 当社は法令を遵守します。", "1.2. 当社は法令を遵守します。 1.3. 当社は記録を保管します。"
            )
        ),
    )

    result = run_lint(policy_repo)

    assert result.returncode == 1
    assert "docs/en/privacy.md:12: the line starting `1.3.` has no blank line before it" in result.stdout
    assert "hint: put an empty line before `1.3.`." in result.stdout
    assert "docs/ja/privacy.md:11: clause 1.3 is written inside the paragraph of clause 1.2" in result.stdout


def test_a_clause_in_one_language_only_is_named_in_both_files(policy_repo: PolicyRepo) -> None:
    on_main(policy_repo)
    policy_repo.write("docs/ja/privacy.md", ja_file(body=JA + "\n2.2. 苦情にも対応します。\n"))

    result = run_lint(policy_repo)

    assert result.returncode == 1
    assert (
        "docs/ja/privacy.md:17: clause 2.2 is in the Japanese text but not in the English text (docs/en/privacy.md)."
    ) in result.stdout
    assert "hint: add clause 2.2 to docs/en/privacy.md" in result.stdout


def test_the_two_languages_must_share_the_effective_date(policy_repo: PolicyRepo) -> None:
    on_main(policy_repo)
    pull_request(
        policy_repo,
        {
            "docs/ja/privacy.md": ja_file("2026-12-01", JA.replace("適切に", "安全に"), "第1条を改定"),
            "docs/en/privacy.md": en_file("2026-12-02", EN.replace("properly", "safely"), "Amended article 1"),
        },
    )

    result = run_lint(policy_repo, "--base", "main")

    assert result.returncode == 1
    assert (
        "docs/en/privacy.md:3: `effective: 2026-12-02` differs from the Japanese text's "
        "`effective: 2026-12-01` (docs/ja/privacy.md)."
    ) in result.stdout


def test_every_committed_revision_must_have_the_same_clauses_in_both_languages(policy_repo: PolicyRepo) -> None:
    on_main(policy_repo)
    pull_request(
        policy_repo,
        {
            "docs/ja/privacy.md": ja_file("2026-12-01", JA + "\n2.2. 苦情にも対応します。\n", "第2条を改定"),
            "docs/en/privacy.md": en_file(
                "2026-12-01", EN.replace("contact point", "contact desk"), "Amended article 2"
            ),
        },
    )
    policy_repo.commit(
        "Revise again, both languages in step",
        "2026-11-28T11:00:00+09:00",
        {
            "docs/ja/privacy.md": ja_file("2026-12-02", JA.replace("適切に", "安全に"), "第1条を改定"),
            "docs/en/privacy.md": en_file("2026-12-02", EN.replace("properly", "safely"), "Amended article 1"),
        },
    )

    result = run_lint(policy_repo, "--base", "main")

    assert result.returncode == 1
    assert (
        "clause 2.2 is in the Japanese text in the revision effective 2026-12-01 but not in the English"
        in result.stdout
    )
    assert "(commit " in result.stdout


# --- a change against the base ----------------------------------------------------------------


def test_a_new_revision_with_a_later_effective_date_passes(policy_repo: PolicyRepo) -> None:
    on_main(policy_repo)
    pull_request(
        policy_repo,
        {
            "docs/ja/privacy.md": ja_file("2026-12-01", JA.replace("適切に", "安全に"), "第1条を改定"),
            "docs/en/privacy.md": en_file("2026-12-01", EN.replace("properly", "safely"), "Amended article 1"),
        },
    )

    result = run_lint(policy_repo, "--base", "main")

    assert result.returncode == 0, result.stdout
    assert "against main: no errors" in result.stdout


def test_changing_the_text_without_a_new_date_or_a_correction_reason_is_an_error(policy_repo: PolicyRepo) -> None:
    on_main(policy_repo)
    pull_request(
        policy_repo,
        {
            "docs/en/privacy.md": en_file(body=EN.replace("properly", "with care")),
            "docs/ja/privacy.md": ja_file(body=JA.replace("適切に", "慎重に")),
        },
    )

    result = run_lint(policy_repo, "--base", "main")

    assert result.returncode == 1
    assert (
        "docs/en/privacy.md:3: the text changed but `effective:` is still 2017-05-10, so this is neither "
        "a new revision nor a marked correction."
    ) in result.stdout
    assert "add `correction: <why>`" in result.stdout


def test_a_correction_marked_in_the_front_matter_passes(policy_repo: PolicyRepo) -> None:
    on_main(policy_repo)
    pull_request(
        policy_repo,
        {
            "docs/en/privacy.md": en_file(body=EN.replace("properly", "properly."), extra="correction: Typo fix"),
        },
    )

    result = run_lint(policy_repo, "--base", "main")

    assert result.returncode == 0, result.stdout


def test_a_second_correction_needs_its_own_reason(policy_repo: PolicyRepo) -> None:
    on_main(policy_repo)
    policy_repo.commit(
        "Typo",
        "2018-01-01T10:00:00+09:00",
        {
            "docs/en/privacy.md": en_file(body=EN.replace("law.", "laws."), extra="correction: Typo fix"),
        },
    )
    pull_request(
        policy_repo,
        {
            "docs/en/privacy.md": en_file(
                body=EN.replace("law.", "laws.").replace("point", "desk"), extra="correction: Typo fix"
            ),
        },
    )

    result = run_lint(policy_repo, "--base", "main")

    assert result.returncode == 1
    assert "`correction: Typo fix` is the reason of an earlier correction, not of this change." in result.stdout


def test_an_effective_date_that_goes_backwards_is_an_error(policy_repo: PolicyRepo) -> None:
    on_main(policy_repo)
    pull_request(
        policy_repo,
        {
            "docs/ja/privacy.md": ja_file("2016-01-01", JA.replace("適切に", "安全に"), "第1条を改定"),
            "docs/en/privacy.md": en_file("2016-01-01", EN.replace("properly", "safely"), "Amended article 1"),
        },
    )

    result = run_lint(policy_repo, "--base", "main")

    assert result.returncode == 1
    assert (
        "`effective: 2016-01-01` is earlier than 2017-05-10, the date on main; effective dates never go backwards."
        in result.stdout
    )


def test_a_back_dated_revision_is_an_error_unless_the_reason_is_given(policy_repo: PolicyRepo) -> None:
    on_main(policy_repo)
    change = {
        "docs/ja/privacy.md": ja_file("2026-11-01", JA.replace("適切に", "安全に"), "第1条を改定"),
        "docs/en/privacy.md": en_file("2026-11-01", EN.replace("properly", "safely"), "Amended article 1"),
    }
    pull_request(policy_repo, change)

    refused = run_lint(policy_repo, "--base", "main")

    assert refused.returncode == 1
    assert (
        "`effective: 2026-11-01` is before 2026-11-29, the earliest day this revision can be posted" in refused.stdout
    )
    assert "add `backdated: <reason>`" in refused.stdout

    reason = "backdated: 監督官庁の指示により11月1日から適用"
    policy_repo.commit(
        "Back-dating approved",
        "2026-11-28T12:00:00+09:00",
        {
            "docs/ja/privacy.md": ja_file("2026-11-01", JA.replace("適切に", "安全に"), "第1条を改定", extra=reason),
            "docs/en/privacy.md": en_file(
                "2026-11-01", EN.replace("properly", "safely"), "Amended article 1", extra=reason
            ),
        },
    )

    allowed = run_lint(policy_repo, "--base", "main")

    assert allowed.returncode == 0, allowed.stdout
    assert (
        "warning: docs/en/privacy.md:5: this revision takes effect on 2026-11-01, before it is posted" in allowed.stdout
    )


def test_uncommitted_edits_are_checked_against_head_without_a_base(policy_repo: PolicyRepo) -> None:
    on_main(policy_repo)
    policy_repo.write("docs/en/privacy.md", en_file(body=EN.replace("properly", "with care")))
    policy_repo.write("docs/ja/privacy.md", ja_file(body=JA.replace("適切に", "慎重に")))

    result = run_lint(policy_repo)

    assert result.returncode == 1
    assert "neither a new revision nor a marked correction" in result.stdout
    assert "(uncommitted edits against HEAD)" in result.stdout


def test_warnings_do_not_fail_the_lint(policy_repo: PolicyRepo) -> None:
    on_main(policy_repo)
    pull_request(
        policy_repo,
        {
            "docs/ja/privacy.md": ja_file("2026-12-01", JA.replace("適切に", "安全に")),
            "docs/en/privacy.md": en_file("2026-12-01", EN.replace("properly", "safely")),
        },
    )

    result = run_lint(policy_repo, "--base", "main")

    assert result.returncode == 0, result.stdout
    assert "warning: docs/en/privacy.md:4: `summary: Established` is the previous revision's summary." in result.stdout


def test_an_unknown_base_says_how_to_fetch_it(policy_repo: PolicyRepo) -> None:
    on_main(policy_repo)

    result = run_lint(policy_repo, "--base", "origin/main")

    assert result.returncode == 1
    assert "`origin/main` does not name a commit" in result.stdout
    assert "git fetch origin main" in result.stdout


def test_a_clause_amended_in_one_language_only_is_a_stale_translation_warning(policy_repo: PolicyRepo) -> None:
    on_main(policy_repo)
    pull_request(
        policy_repo,
        {
            "docs/ja/privacy.md": ja_file("2026-12-01", JA.replace("適切に", "安全に"), "第1条を改定"),
            "docs/en/privacy.md": en_file(
                "2026-12-01", EN.replace("contact point", "contact desk"), "Amended article 2"
            ),
        },
    )

    result = run_lint(policy_repo, "--base", "main")

    assert result.returncode == 0, result.stdout
    assert (
        "clause 1.1 changed in the Japanese text of the revision effective 2026-12-01, but the English text "
        "did not change; the translation may be out of date."
    ) in result.stdout
    assert "warning: docs/en/privacy.md:9 (commit " in result.stdout
