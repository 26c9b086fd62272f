"""The pull-request summary (`scripts/pr_summary.py`): which clauses a change touches, per language."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import PROJECT, PolicyRepo, git, policy_text

JA = (
    "## 1. 目的\n\n1.1. 当社は利用者情報を適切に取り扱います。\n\n1.2. 当社は法令を遵守します。\n\n"
    "## 2. 連絡先\n\n2.1. お問い合わせ窓口を設けます。\n\n2.2. 苦情に対応します。\n"
)
EN = (
    "## 1. Purpose\n\n1.1. We handle user information properly.\n\n1.2. We comply with the law.\n\n"
    "## 2. Contact\n\n2.1. We provide a contact point.\n\n2.2. We handle complaints.\n"
)


def summary(repo: PolicyRepo, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(PROJECT / "scripts" / "pr_summary.py"), "--root", str(repo.root), *args],
        cwd=repo.root,
        capture_output=True,
        text=True,
        env={**os.environ, "GIT_CONFIG_GLOBAL": os.devnull},
    )


def scripted_pull_request(repo: PolicyRepo) -> None:
    """main: the policy; branch `change`: amend 1.1, insert a new 2.1 (old 2.1, 2.2 renumbered), drop 1.2."""
    repo.commit(
        "Establish",
        "2017-05-10T10:00:00+09:00",
        {
            "docs/ja/privacy.md": policy_text("2017-05-10", JA, title="プライバシーポリシー", summary="制定"),
            "docs/en/privacy.md": policy_text("2017-05-10", EN),
        },
    )
    git(repo.root, "checkout", "-q", "-b", "change")
    ja = (
        JA.replace("適切に", "安全かつ適切に")
        .replace("1.2. 当社は法令を遵守します。\n\n", "")
        .replace("2.2. 苦情", "2.3. 苦情")
        .replace("2.1. お問い合わせ", "2.2. お問い合わせ")
        .replace("## 2. 連絡先\n\n", "## 2. 連絡先\n\n2.1. 専用フォームを設けます。\n\n")
    )
    en = (
        EN.replace("properly", "safely and properly")
        .replace("1.2. We comply with the law.\n\n", "")
        .replace("2.2. We handle", "2.3. We handle")
        .replace("2.1. We provide", "2.2. We provide")
        .replace("## 2. Contact\n\n", "## 2. Contact\n\n2.1. We provide a web form.\n\n")
    )
    repo.commit(
        "Revise articles 1 and 2",
        "2026-11-20T10:00:00+09:00",
        {
            "docs/ja/privacy.md": policy_text(
                "2026-12-01", ja, title="プライバシーポリシー", summary="第1条・第2条を改定", consent_required=True
            ),
            "docs/en/privacy.md": policy_text(
                "2026-12-01", en, summary="Revised articles 1 and 2", consent_required=True
            ),
        },
    )


def test_the_text_summary_lists_each_changed_clause_per_language_with_inline_changes(policy_repo: PolicyRepo) -> None:
    scripted_pull_request(policy_repo)

    result = summary(policy_repo, "--base", "main", "--head", "change")

    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "privacy [ja] docs/ja/privacy.md: new revision: effective 2017-05-10 → 2026-12-01" in out
    assert "privacy [en] docs/en/privacy.md: new revision: effective 2017-05-10 → 2026-12-01" in out
    assert out.index("[ja]") < out.index("[en]")
    assert "  1.1 amended: We handle user information{+ safely and+} properly." in out
    # The Japanese text's provisions are named as a Japanese reader names them, in its own words.
    assert "  第1条第1項（1.1） 改定: 当社は利用者情報を{+安全かつ+}適切に取り扱います。" in out
    assert "  第2条第1項 → 第2条第2項（2.1 → 2.2） 番号変更 (本文に変更なし)" in out
    assert "summary: 第1条・第2条を改定; 同意が必要な改定：改定全体" in out
    assert "  1.2 removed: [-We comply with the law.-]" in out
    assert "  2.1 added: {+We provide a web form.+}" in out
    assert "  2.1 → 2.2 renumbered (text unchanged)" in out
    assert "  2.2 → 2.3 renumbered (text unchanged)" in out
    assert "summary: Revised articles 1 and 2; consent required: yes" in out
    assert "unchanged" not in out.replace("(text unchanged)", "")


def test_the_markdown_summary_is_one_pr_comment_with_a_marker_and_escaped_text(policy_repo: PolicyRepo) -> None:
    scripted_pull_request(policy_repo)

    result = summary(policy_repo, "--base", "main", "--head", "change", "--format", "markdown")

    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("<!-- policy-clause-summary -->\n")
    # Text from the files is inert Markdown: punctuation backslash-escaped (GitHub shows it as is).
    assert "### privacy · 日本語 / Japanese · docs/ja/privacy\\.md" in out
    assert "- **1\\.1** amended: We handle user information<ins> safely and</ins> properly\\." in out
    assert "- **1\\.2** removed: <del>We comply with the law\\.</del>" in out
    assert "- **2\\.1 → 2\\.2** renumbered (text unchanged)" in out
    assert "consent required: **yes**" in out


def test_a_correction_is_named_as_such_with_its_reason(policy_repo: PolicyRepo) -> None:
    policy_repo.commit("Establish", "2017-05-10T10:00:00+09:00", {"docs/en/privacy.md": policy_text("2017-05-10", EN)})
    git(policy_repo.root, "checkout", "-q", "-b", "fix")
    policy_repo.commit(
        "Typo",
        "2018-01-01T10:00:00+09:00",
        {
            "docs/en/privacy.md": policy_text(
                "2017-05-10", EN.replace("law.", "laws."), extra="correction: Typo <fix>"
            ),
        },
    )

    markdown = summary(policy_repo, "--base", "main", "--format", "markdown").stdout

    assert "**correction of the revision effective 2017-05-10 (Typo &lt;fix&gt;)** — 1 amended" in markdown
    assert "<fix>" not in markdown


def test_no_policy_change_says_so(policy_repo: PolicyRepo) -> None:
    policy_repo.commit("Establish", "2017-05-10T10:00:00+09:00", {"docs/en/privacy.md": policy_text("2017-05-10", EN)})
    policy_repo.commit("Unrelated", "2018-01-01T10:00:00+09:00", {"README.md": "hello\n"})

    result = summary(policy_repo, "--base", "HEAD~1")

    assert result.returncode == 0
    assert "no policy file changed" in result.stdout


def test_links_mentions_and_markup_in_a_policy_file_reach_the_pr_comment_inert(policy_repo: PolicyRepo) -> None:
    """Clause text, summaries, reasons and file names are written by whoever opens a pull request;
    in the comment CI posts they must show as text: no link, image, mention, issue link or HTML."""
    hostile = "Write to @legal-team or see [the form](https://evil.example/) ![x](https://evil.example/x.png) #12 <b>bold</b> *em*"
    policy_repo.commit("Establish", "2017-05-10T10:00:00+09:00", {"docs/en/privacy.md": policy_text("2017-05-10", EN)})
    git(policy_repo.root, "checkout", "-q", "-b", "change")
    policy_repo.commit(
        "Hostile",
        "2026-11-20T10:00:00+09:00",
        {
            "docs/en/privacy.md": policy_text(
                "2026-12-01",
                EN.replace("We handle complaints.", hostile),
                summary="See [here](https://evil.example/) @owner",
            ),
        },
    )

    markdown = summary(policy_repo, "--base", "main", "--format", "markdown").stdout

    for live in ("[the form](", "![x](", "](https://evil", "@legal-team", "@owner", " #12", "<b>", "*em*"):
        assert live not in markdown, live
    assert "@&#8203;legal\\-team" in markdown and "\\#&#8203;12" in markdown
    assert "\\[the form\\]\\(https\\://evil\\.example/\\)" in markdown
    assert "&lt;b&gt;bold&lt;/b&gt;" in markdown and "\\*em\\*" in markdown
    assert "Summary: See \\[here\\]" in markdown


def test_the_summary_names_the_provisions_that_need_consent_in_each_language() -> None:
    from policy_engine.document import parse_policy_text
    from policy_engine.summary import consent_line

    text = parse_policy_text(
        policy_text("2026-12-01", JA, extra="consent_required: [1.1, 2.2]"), path="docs/ja/privacy.md"
    )
    assert consent_line(text, "ja") == "同意が必要な改定：第1条第1項及び第2条第2項"
    assert consent_line(text, "en") == "consent required: yes (1.1, 2.2)"
