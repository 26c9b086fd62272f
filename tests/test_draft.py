"""Draft preview: uncommitted edits to a policy show as an unpublished draft, never as a revision.

Drafts exist only in a preview (`make serve`, or a build with POLICY_DRAFTS=1); `make site` and CI
builds publish what is committed and nothing else.
"""

from __future__ import annotations

import json

from conftest import PolicyRepo, policy_text

PREVIEW = {"POLICY_DRAFTS": "1"}

JA_BODY = "## 1. 目的\n\n1.1. 当社は利用者情報を適切に取り扱います。\n\n1.2. 当社は法令を遵守します。\n"
EN_BODY = "## 1. Purpose\n\n1.1. We handle user information properly.\n\n1.2. We comply with the law.\n"


def published(repo: PolicyRepo) -> None:
    repo.commit(
        "Establish the policy",
        "2017-05-10T10:00:00+09:00",
        {
            "docs/ja/privacy.md": policy_text("2017-05-10", JA_BODY, title="プライバシーポリシー", summary="制定"),
            "docs/en/privacy.md": policy_text("2017-05-10", EN_BODY, summary="Established"),
        },
    )


def edit_without_committing(repo: PolicyRepo) -> None:
    repo.write(
        "docs/ja/privacy.md",
        policy_text(
            "2026-12-01",
            JA_BODY.replace("適切に", "安全かつ適切に"),
            title="プライバシーポリシー",
            summary="第1条を改定",
        ),
    )
    repo.write(
        "docs/en/privacy.md",
        policy_text("2026-12-01", EN_BODY.replace("properly", "safely and properly"), summary="Amended article 1"),
    )


def test_uncommitted_edits_show_as_a_draft_revision_and_its_changes_in_both_languages(policy_repo: PolicyRepo) -> None:
    published(policy_repo)
    edit_without_committing(policy_repo)

    built = policy_repo.build(env=PREVIEW)

    assert built.returncode == 0, built.output
    ja_draft = built.html("privacy/history/draft/index.html")
    assert "policy-banner--draft" in ja_draft and "未公開" in ja_draft
    assert "安全かつ適切に" in ja_draft
    en_changes = built.html("en/privacy/history/draft/changes/index.html")
    assert "policy-banner--draft" in en_changes and "not published" in en_changes
    assert "<ins" in en_changes and "safely and" in en_changes
    ja_changes = built.html("privacy/history/draft/changes/index.html")
    assert "<ins" in ja_changes and "安全かつ" in ja_changes


def test_the_policy_page_keeps_showing_the_published_text_while_a_draft_exists(policy_repo: PolicyRepo) -> None:
    published(policy_repo)
    edit_without_committing(policy_repo)

    built = policy_repo.build(env=PREVIEW)

    assert built.returncode == 0, built.output
    en = built.html("en/privacy/index.html")
    assert "We handle user information properly." in en
    assert "safely and properly" not in en


def test_a_draft_is_never_in_the_published_revisions_or_feeds(policy_repo: PolicyRepo) -> None:
    published(policy_repo)
    edit_without_committing(policy_repo)

    built = policy_repo.build(env=PREVIEW)

    assert built.returncode == 0, built.output
    for lang in ("ja", "en"):
        revisions = built.json(f"api/privacy/{lang}/revisions.json")
        assert "draft" not in json.dumps(revisions)
        assert [r["effective"] for r in revisions["revisions"]] == ["2017-05-10"]
        assert "draft" not in built.html(f"api/privacy/{lang}/revisions.atom")
        assert not (built.site / f"api/privacy/{lang}/changes/draft.json").exists()


def test_a_clean_working_tree_has_no_draft_pages(policy_repo: PolicyRepo) -> None:
    published(policy_repo)

    built = policy_repo.build(env=PREVIEW)

    assert built.returncode == 0, built.output
    assert not (built.site / "privacy/history/draft").exists()
    assert not (built.site / "en/privacy/history/draft").exists()


def test_reflowing_lines_without_changing_what_readers_see_makes_no_draft(policy_repo: PolicyRepo) -> None:
    published(policy_repo)
    policy_repo.write(
        "docs/en/privacy.md",
        policy_text(
            "2017-05-10", EN_BODY.replace("We handle user", "We handle\nuser") + "\n\n\n", summary="Established"
        ),
    )

    built = policy_repo.build(env=PREVIEW)

    assert built.returncode == 0, built.output
    assert not (built.site / "en/privacy/history/draft").exists()


def test_the_history_page_lists_the_draft_as_not_published(policy_repo: PolicyRepo) -> None:
    published(policy_repo)
    edit_without_committing(policy_repo)

    built = policy_repo.build(env=PREVIEW)

    history = built.html("en/privacy/history/index.html")
    assert "draft/" in history and "Draft (not published)" in history


def test_a_site_build_never_contains_a_draft(policy_repo: PolicyRepo) -> None:
    """`make site` (and CI) with uncommitted edits: the committed history only, and a note in the log."""
    published(policy_repo)
    edit_without_committing(policy_repo)

    built = policy_repo.build()

    assert built.returncode == 0, built.output
    assert not list(built.site.rglob("draft")), "a draft page was written into a publishable site"
    assert "安全かつ適切に" not in built.html("privacy/history/index.html")
    assert "not published" in built.output and "POLICY_DRAFTS=1" in built.output
