"""Grouping a file's versions into revisions: the Article 7 rules on plain values (no git)."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from policy_engine.errors import PolicyError
from policy_engine.history import FileVersion, revisions_from_versions

from conftest import policy_text

JST = dt.timezone(dt.timedelta(hours=9))
PATH = "docs/en/privacy.md"
BODY = "## 1. Scope\n\n1.1. We protect user information.\n"


def sha(n: int) -> str:
    return (str(n) * 40)[:40]


def version(n: int, text: str | None, day: int = 1, path: str = PATH, subject: str = "") -> FileVersion:
    raw = text.encode("utf-8") if text is not None else None
    return FileVersion(
        sha(n),
        dt.datetime(2017, 5, day, 10, tzinfo=JST),
        path,
        raw,
        subject or f"commit {n}",
        "D" if raw is None else "M",
    )


def revisions(*versions: FileVersion):
    return revisions_from_versions("privacy", "en", list(versions))


def test_each_distinct_effective_date_is_one_revision_posted_at_its_first_commit() -> None:
    result = revisions(
        version(1, policy_text("2017-05-10", BODY), day=1),
        version(2, policy_text("2018-01-01", BODY + "\n1.2. More.\n", summary="Added 1.2"), day=20),
    )
    assert [(r.id, r.posted.day, r.commit, r.summary) for r in result] == [
        ("2017-05-10", 1, sha(1), "Established"),
        ("2018-01-01", 20, sha(2), "Added 1.2"),
    ]


def test_a_text_change_without_a_new_date_is_a_correction_listed_under_its_revision() -> None:
    corrected = BODY.replace("protect", "carefully protect")
    [revision] = revisions(
        version(1, policy_text("2017-05-10", BODY), day=1),
        version(2, policy_text("2017-05-10", corrected), day=3, subject="Fix wording in 1.1"),
    )
    assert revision.posted.day == 1, "posted stays the day the revision first appeared"
    assert revision.commit == sha(2), "the text is the corrected one"
    assert "carefully" in revision.text.body
    assert [(c.commit, c.posted.day, c.subject) for c in revision.corrections] == [(sha(2), 3, "Fix wording in 1.1")]


def test_a_formatting_only_commit_is_neither_a_revision_nor_a_correction() -> None:
    original = policy_text("2017-05-10", BODY)
    # One trailing space and a re-wrap render the same; two before a line end would be a line break.
    reflowed = policy_text("2017-05-10", "## 1. Scope\n\n\n1.1. We protect \nuser information.   \n")
    [revision] = revisions(version(1, original), version(2, reflowed, day=2))
    assert revision.corrections == ()
    assert revision.commit == sha(1), "the text stays at the commit a reader saw"
    assert revision.sha256 == hashlib.sha256(original.encode()).hexdigest()


def test_a_correction_reason_in_front_matter_is_kept() -> None:
    [revision] = revisions(
        version(1, policy_text("2017-05-10", BODY)),
        version(2, policy_text("2017-05-10", BODY + "\nTypo fixed.\n", extra="correction: typo in 1.1"), day=2),
    )
    assert revision.corrections[0].reason == "typo in 1.1"


def test_an_effective_date_going_backwards_is_refused_naming_both_commits() -> None:
    with pytest.raises(PolicyError) as caught:
        revisions(
            version(1, policy_text("2018-01-01", BODY)),
            version(2, policy_text("2017-05-10", BODY + "\nx\n"), day=2),
        )
    assert caught.value.commit == sha(2) and caught.value.path == PATH
    assert "earlier than the previous revision's 2018-01-01" in str(caught.value)
    assert "hint:" in str(caught.value)


def test_an_effective_date_reused_after_another_revision_is_refused() -> None:
    with pytest.raises(PolicyError, match="already used by an earlier revision"):
        revisions(
            version(1, policy_text("2017-05-10", BODY)),
            version(2, policy_text("2018-01-01", BODY + "\nx\n"), day=2),
            version(3, policy_text("2017-05-10", BODY + "\ny\n"), day=3),
        )


def test_a_policy_deleted_and_added_back_is_refused_with_what_to_do() -> None:
    with pytest.raises(PolicyError) as caught:
        revisions(
            version(1, policy_text("2017-05-10", BODY)),
            version(2, None, day=2),
            version(3, policy_text("2018-01-01", BODY), day=3),
        )
    assert "deleted in commit 2222222" in str(caught.value) and "git revert" in str(caught.value)


def test_a_renamed_file_keeps_one_history_and_the_revision_names_its_path_then() -> None:
    result = revisions(
        version(1, policy_text("2017-05-10", BODY), path="docs/en/old-privacy.md"),
        version(2, policy_text("2018-01-01", BODY + "\nNew.\n"), day=2),
    )
    assert [r.path for r in result] == ["docs/en/old-privacy.md", PATH]


def test_crlf_and_a_byte_order_mark_are_only_formatting() -> None:
    text = policy_text("2017-05-10", BODY)
    windows = ("\ufeff" + text.replace("\n", "\r\n")).encode("utf-8")
    [revision] = revisions(version(1, text), FileVersion(sha(2), version(1, text).posted, PATH, windows, "CRLF", "M"))
    assert revision.corrections == ()


def test_consent_required_comes_from_front_matter_and_defaults_to_false() -> None:
    result = revisions(
        version(1, policy_text("2017-05-10", BODY)),
        version(2, policy_text("2018-01-01", BODY + "\nNew use.\n", consent_required=True), day=2),
    )
    assert [r.consent_required for r in result] == [False, True]
