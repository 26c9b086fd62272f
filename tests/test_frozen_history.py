"""A published history is frozen: what the build, `make lint` and `pr_summary.py` refuse, and how an
announced revision is postponed or withdrawn, or an earlier published version imported.

Each test scripts a repository the way an editor (or a hurried one) would, builds it with
`mkdocs build --strict` as `make site` does, or runs the linter as CI does, and checks what a
legal-team member reads: file, line, commit and a `hint:`; or, for the supported acts, what the
history page and revisions.json show on several days (POLICY_AS_OF).
"""

from __future__ import annotations

import os
import subprocess
import sys

from test_faults import assert_refused

from conftest import PROJECT, BuildResult, PolicyRepo, git, policy_text

EN = "docs/en/privacy.md"
JA = "docs/ja/privacy.md"
EN_BODY = "## 1. Scope\n\n1.1. This policy applies to all services.\n\n## 2. Purpose\n\n2.1. We use personal information to provide the services.\n"
JA_BODY = "## 1. 適用範囲\n\n1.1. 本ポリシーは、すべてのサービスに適用されます。\n\n## 2. 利用目的\n\n2.1. 当社は、サービスを提供するために個人情報を利用します。\n"


def en(effective: str, body: str = EN_BODY, summary: str = "Established", **kwargs: object) -> str:
    return policy_text(effective, body, summary=summary, **kwargs)  # type: ignore[arg-type]


def ja(effective: str, body: str = JA_BODY, summary: str = "制定", **kwargs: object) -> str:
    return policy_text(effective, body, title="プライバシーポリシー", summary=summary, **kwargs)  # type: ignore[arg-type]


def both(
    effective: str,
    en_body: str = EN_BODY,
    ja_body: str = JA_BODY,
    en_summary: str = "Established",
    ja_summary: str = "制定",
    **kwargs: object,
) -> dict[str, str | bytes]:
    return {EN: en(effective, en_body, en_summary, **kwargs), JA: ja(effective, ja_body, ja_summary, **kwargs)}


def established(repo: PolicyRepo, **kwargs: object) -> str:
    return repo.commit("Establish the policy", "2017-05-10T10:00:00+09:00", both("2017-05-10", **kwargs))


def amended(
    suffix_en: str = "\n2.2. We do not sell personal information.\n",
    suffix_ja: str = "\n2.2. 当社は、個人情報を販売しません。\n",
) -> tuple[str, str]:
    return EN_BODY + suffix_en, JA_BODY + suffix_ja


def run_script(
    repo: PolicyRepo, script: str, *args: str, as_of: str = "2026-11-29"
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "POLICY_AS_OF": as_of, "GIT_CONFIG_GLOBAL": os.devnull}
    return subprocess.run(
        [sys.executable, str(PROJECT / "scripts" / script), "--root", str(repo.root), *args],
        cwd=repo.root,
        env=env,
        capture_output=True,
        text=True,
    )


def assert_lint_refuses(repo: PolicyRepo, *expected: str, base: str | None = None) -> str:
    result = run_script(repo, "lint.py", *(["--base", base] if base else []))
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    for fragment in expected:
        assert fragment in output, f"{fragment!r} missing from:\n{output}"
    assert "hint:" in output and "Traceback" not in output, output
    return output


def revisions(built: BuildResult, lang: str = "en") -> dict[str, dict]:
    return {r["id"]: r for r in built.json(f"api/privacy/{lang}/revisions.json")["revisions"]}


# --- Published revisions are frozen ------------------------------------------------------------


def test_a_correction_that_drops_consent_required_is_refused_by_the_build_and_by_lint(policy_repo: PolicyRepo) -> None:
    established(policy_repo)
    new_en, new_ja = amended()
    policy_repo.commit(
        "Announce",
        "2026-11-01T10:00:00+09:00",
        both("2026-12-01", new_en, new_ja, "Clause 2.2 added", "第2条2項を新設", consent_required=True),
    )
    bad = policy_repo.commit(
        "Typo",
        "2026-11-02T10:00:00+09:00",
        {
            EN: en(
                "2026-12-01",
                new_en.replace("sell", "sell or rent"),
                "Clause 2.2 added",
                consent_required=False,
                extra="correction: typo",
            ),
        },
    )

    built = policy_repo.build()

    line = en("2026-12-01", new_en, consent_required=False).split("\n").index("consent_required: false") + 1
    assert_refused(built, f"{EN}:{line}", bad[:7], "`consent_required:`", "from true to false", "make a new revision")
    assert_lint_refuses(policy_repo, f"{EN}:{line}", "from true to false")


def test_a_correction_that_silently_rewrites_the_summary_is_refused(policy_repo: PolicyRepo) -> None:
    established(policy_repo)
    new_en, new_ja = amended()
    policy_repo.commit(
        "Revise", "2020-04-01T10:00:00+09:00", both("2020-04-01", new_en, new_ja, "Clause 2.2 added", "第2条2項を新設")
    )
    # The editor meant a new revision but forgot to change `effective:`.
    bad = policy_repo.commit(
        "Next revision",
        "2021-01-01T10:00:00+09:00",
        {
            EN: en("2020-04-01", new_en + "\n2.3. More.\n", "Clause 2.3 added", extra="correction: wording"),
        },
    )

    built = policy_repo.build()

    assert_refused(
        built, f"{EN}:4", bad[:7], "`summary:`", "“Clause 2.2 added” to “Clause 2.3 added”", "corrects: [summary]"
    )
    assert_lint_refuses(policy_repo, f"{EN}:4", "Clause 2.3 added")


def test_a_summary_corrected_on_purpose_is_a_listed_correction_that_keeps_the_old_wording(
    policy_repo: PolicyRepo,
) -> None:
    established(policy_repo)
    new_en, new_ja = amended()
    policy_repo.commit(
        "Revise", "2020-04-01T10:00:00+09:00", both("2020-04-01", new_en, new_ja, "Clause 2.2 aded", "第2条2項を新設")
    )
    fix = policy_repo.commit(
        "Fix the summary",
        "2020-04-02T10:00:00+09:00",
        {
            EN: en(
                "2020-04-01", new_en, "Clause 2.2 added", extra="correction: typo in the summary\ncorrects: [summary]"
            ),
        },
    )

    built = policy_repo.build()

    assert built.returncode == 0, built.output
    revision = revisions(built)["2020-04-01"]
    assert revision["summary"] == "Clause 2.2 added"
    assert revision["corrections"][0]["commit"] == fix
    assert revision["corrections"][0]["replaced"] == {"summary": "Clause 2.2 aded"}
    assert "typo in the summary" in built.html("en/privacy/history/index.html")


def test_a_revision_whose_commit_is_dated_before_the_revision_it_follows_is_refused(policy_repo: PolicyRepo) -> None:
    established(policy_repo)
    new_en, new_ja = amended()
    policy_repo.commit(
        "Revise", "2020-04-01T10:00:00+09:00", both("2020-04-01", new_en, new_ja, "Clause 2.2 added", "第2条2項を新設")
    )
    bad = policy_repo.commit(
        "Clock was wrong",
        "2019-01-01T10:00:00+09:00",
        both("2021-01-01", new_en + "\n2.3. More.\n", new_ja + "\n2.3. その他。\n", "2.3", "2.3"),
    )

    built = policy_repo.build()

    assert_refused(built, JA, bad[:7], "posted on 2019-01-01", "posting times never go backwards", "commit it again")


# --- Postponing and withdrawing an announcement -------------------------------------------------


def announced(repo: PolicyRepo) -> str:
    established(repo)
    new_en, new_ja = amended()
    return repo.commit(
        "Announce",
        "2026-11-01T10:00:00+09:00",
        both("2027-01-01", new_en, new_ja, "Clause 2.2 added", "第2条2項を新設"),
    )


def test_postponing_an_announced_revision_keeps_the_announcement_and_the_old_date_never_takes_effect(
    policy_repo: PolicyRepo,
) -> None:
    announcement = announced(policy_repo)
    new_en, new_ja = amended()
    postponement = policy_repo.commit(
        "Postpone",
        "2026-12-01T10:00:00+09:00",
        both(
            "2027-04-01",
            new_en,
            new_ja,
            "Clause 2.2 added",
            "第2条2項を新設",
            extra="postponed: システム対応の遅れ / systems not ready",
        ),
    )

    for as_of, in_force, new_status in (
        ("2026-12-02", "2017-05-10", "upcoming"),
        ("2027-01-15", "2017-05-10", "upcoming"),
        ("2027-04-01", "2027-04-01", "in-force"),
    ):
        built = policy_repo.build(as_of=as_of)
        assert built.returncode == 0, built.output
        document = built.json("api/privacy/en/revisions.json")
        assert document["in_force"] == in_force, as_of
        by_id = revisions(built)
        old = by_id["2027-01-01"]
        assert old["status"] == "postponed", as_of
        assert old["commit"] == announcement
        assert old["postponed"] == {
            "to": "2027-04-01",
            "posted": "2026-12-01T10:00:00+09:00",
            "commit": postponement,
            "reason": "システム対応の遅れ / systems not ready",
        }
        assert old["withdrawn"] is None
        assert by_id["2027-04-01"]["status"] == new_status
        # The replacement is compared with the text in force, not with the abandoned announcement.
        assert by_id["2027-04-01"]["changes_url"]
        changes = built.json("api/privacy/en/changes/2027-04-01.json")
        assert changes["from"] == "2017-05-10"
        history = built.html("en/privacy/history/index.html")
        assert "Postponed" in history and "postponed to April 1, 2027" in history
        assert "systems not ready" in history
        ja_history = built.html("privacy/history/index.html")
        assert "施行延期" in ja_history and "2027年4月1日に延期" in ja_history
    built = policy_repo.build(as_of="2027-01-15")
    assert "We do not sell personal information" not in built.html("en/privacy/index.html")
    feed = (built.site / "api/privacy/en/revisions.atom").read_text(encoding="utf-8")
    assert "its effective date was postponed to April 1, 2027" in feed and "systems not ready" in feed


def test_postponing_again_needs_a_new_reason(policy_repo: PolicyRepo) -> None:
    announced(policy_repo)
    new_en, new_ja = amended()
    policy_repo.commit(
        "Postpone",
        "2026-12-01T10:00:00+09:00",
        both("2027-04-01", new_en, new_ja, "Clause 2.2 added", "第2条2項を新設", extra="postponed: not ready"),
    )
    bad = policy_repo.commit(
        "Postpone again",
        "2026-12-20T10:00:00+09:00",
        both("2027-07-01", new_en, new_ja, "Clause 2.2 added", "第2条2項を新設", extra="postponed: not ready"),
    )

    assert_refused(policy_repo.build(), f"{JA}:5", bad[:7], "same `postponed: not ready`", "write the new reason")


def test_withdrawing_an_announced_revision_restores_the_text_in_force_and_the_history_says_so(
    policy_repo: PolicyRepo,
) -> None:
    announced(policy_repo)
    withdrawal = policy_repo.commit(
        "Withdraw",
        "2026-12-01T10:00:00+09:00",
        {
            EN: en("2017-05-10", extra="withdrawn: the change is no longer needed"),
            JA: ja("2017-05-10", extra="withdrawn: 変更が不要になったため"),
        },
    )

    for as_of in ("2026-12-02", "2027-01-01", "2028-01-01"):
        built = policy_repo.build(as_of=as_of)
        assert built.returncode == 0, built.output
        assert built.json("api/privacy/en/revisions.json")["in_force"] == "2017-05-10"
        old = revisions(built)["2027-01-01"]
        assert old["status"] == "withdrawn"
        assert old["withdrawn"] == {
            "posted": "2026-12-01T10:00:00+09:00",
            "commit": withdrawal,
            "reason": "the change is no longer needed",
        }
        assert revisions(built)["2017-05-10"]["corrections"] == []
        history = built.html("en/privacy/history/index.html")
        assert "Withdrawn" in history and "this revision was withdrawn" in history
        assert "撤回" in built.html("privacy/history/index.html") and "変更が不要になったため" in built.html(
            "privacy/history/index.html"
        )
        assert "We do not sell personal information" not in built.html("en/privacy/index.html")


def test_a_revision_that_has_taken_effect_cannot_be_postponed_or_withdrawn(policy_repo: PolicyRepo) -> None:
    announced(policy_repo)
    new_en, new_ja = amended()
    late = policy_repo.commit(
        "Postpone too late",
        "2027-01-05T10:00:00+09:00",
        both("2027-04-01", new_en, new_ja, "Clause 2.2 added", "第2条2項を新設", extra="postponed: too late"),
    )

    assert_refused(
        policy_repo.build(as_of="2027-01-06"), f"{JA}:3", late[:7], "already in force on 2027-01-05", "new revision"
    )

    git(policy_repo.root, "reset", "-q", "--hard", "HEAD~1")
    late = policy_repo.commit(
        "Withdraw too late",
        "2027-01-05T10:00:00+09:00",
        {
            EN: en("2017-05-10", extra="withdrawn: too late"),
            JA: ja("2017-05-10", extra="withdrawn: 遅すぎ"),
        },
    )
    assert_refused(policy_repo.build(as_of="2027-01-06"), JA, late[:7], "already in force on 2027-01-05")


def test_a_withdrawal_must_restore_the_text_in_force_exactly(policy_repo: PolicyRepo) -> None:
    announced(policy_repo)
    bad = policy_repo.commit(
        "Withdraw and edit",
        "2026-12-01T10:00:00+09:00",
        {
            EN: en("2017-05-10", EN_BODY.replace("all services", "every service"), extra="withdrawn: not needed"),
            JA: ja("2017-05-10", extra="withdrawn: 不要"),
        },
    )

    assert_refused(policy_repo.build(), EN, bad[:7], "text differs", "git revert")


# --- A file that was a policy stays a policy -----------------------------------------------------


def test_crlf_line_endings_at_head_are_refused_with_the_line(policy_repo: PolicyRepo) -> None:
    established(policy_repo)
    bad = policy_repo.commit(
        "Saved on Windows", "2020-01-01T10:00:00+09:00", {EN: en("2017-05-10").replace("\n", "\r\n").encode("utf-8")}
    )

    built = policy_repo.build()

    assert_refused(built, f"{EN}:1", bad[:7], "CRLF (Windows) line endings", "LF")
    assert_lint_refuses(policy_repo, f"{EN}:1", "CRLF")


def test_a_byte_order_mark_at_head_is_refused(policy_repo: PolicyRepo) -> None:
    established(policy_repo)
    bad = policy_repo.commit(
        "Saved with BOM", "2020-01-01T10:00:00+09:00", {EN: ("\ufeff" + en("2017-05-10")).encode("utf-8")}
    )

    assert_refused(policy_repo.build(), f"{EN}:1", bad[:7], "byte-order mark")


def test_a_policy_that_lost_its_effective_date_is_refused_saying_what_is_wrong_in_the_file(
    policy_repo: PolicyRepo,
) -> None:
    established(policy_repo)
    policy_repo.commit(
        "Dropped the date", "2020-01-01T10:00:00+09:00", {EN: en("2017-05-10").replace("effective: 2017-05-10\n", "")}
    )

    built = policy_repo.build()

    assert_refused(built, EN, "was a policy", "no `effective:` date", "add `effective: YYYY-MM-DD`")
    output = assert_lint_refuses(policy_repo, EN, "no `effective:` date")
    assert "no English version" not in output


def test_a_policy_whose_front_matter_is_no_longer_closed_is_refused(policy_repo: PolicyRepo) -> None:
    established(policy_repo)
    policy_repo.commit(
        "Lost the closing line",
        "2020-01-01T10:00:00+09:00",
        {EN: en("2017-05-10").replace("Established\n---\n", "Established\n")},
    )

    assert_refused(policy_repo.build(), f"{EN}:1", "was a policy", "no front matter")


# --- YAML -------------------------------------------------------------------------------------


def test_a_yaml_alias_bomb_is_refused_with_its_line_before_anything_is_expanded(policy_repo: PolicyRepo) -> None:
    established(policy_repo)
    bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]\n"
        for i in range(8)
    )
    bad = policy_repo.commit("Bomb", "2020-01-01T10:00:00+09:00", {EN: en("2017-05-10", extra=bomb.rstrip("\n"))})

    built = policy_repo.build()

    assert_refused(built, f"{EN}:5", bad[:7], "anchor (`&`)", "`&a`", "write each value out in full")


def test_a_colon_in_a_summary_is_refused_with_the_advice_to_quote_it(policy_repo: PolicyRepo) -> None:
    established(policy_repo)
    bad = policy_repo.commit(
        "Summary", "2020-01-01T10:00:00+09:00", {JA: ja("2017-05-10", summary="改定: 第4条を変更")}
    )

    built = policy_repo.build()

    assert_refused(built, f"{JA}:4", bad[:7], 'put the whole value in quotes, e.g. `summary: "改定: 第4条を変更"`')
    assert "missing space" not in built.output


def test_an_unclosed_quote_is_reported_on_the_line_that_opens_it(policy_repo: PolicyRepo) -> None:
    established(policy_repo)
    bad = policy_repo.commit("Quote", "2020-01-01T10:00:00+09:00", {EN: en("2017-05-10", summary='"Established')})

    assert_refused(policy_repo.build(), f"{EN}:4", bad[:7], "quote mark that opens a value on this line is not closed")


def test_a_key_written_twice_is_refused_rather_than_one_value_dropped(policy_repo: PolicyRepo) -> None:
    established(policy_repo)
    bad = policy_repo.commit("Twice", "2020-01-01T10:00:00+09:00", {EN: en("2017-05-10", extra="summary: Other")})

    assert_refused(policy_repo.build(), f"{EN}:5", bad[:7], "`summary:` appears twice", "also on line 4")


# --- Messages -------------------------------------------------------------------------------------


def test_a_backwards_effective_date_is_refused_with_its_line_and_lint_says_it_once(policy_repo: PolicyRepo) -> None:
    established(policy_repo)
    new_en, new_ja = amended()
    policy_repo.commit(
        "Revise", "2020-04-01T10:00:00+09:00", both("2020-04-01", new_en, new_ja, "Clause 2.2 added", "第2条2項を新設")
    )
    git(policy_repo.root, "checkout", "-q", "-b", "change")
    bad = policy_repo.commit(
        "Back-dated",
        "2021-01-01T10:00:00+09:00",
        both("2019-01-01", new_en + "\n2.3. More.\n", new_ja + "\n2.3. その他。\n", "2.3", "2.3"),
    )

    assert_refused(policy_repo.build(), f"{JA}:3", bad[:7], "earlier than the previous revision's 2020-04-01")
    output = assert_lint_refuses(policy_repo, f"{EN}:3", base="main")
    assert output.count(f"{EN}:3") == 1, output
    summary = run_script(policy_repo, "pr_summary.py", "--base", "main")
    assert summary.returncode != 0
    assert f"{JA}:3" in summary.stderr and "never go backwards" in summary.stderr and "Traceback" not in summary.stderr


def test_pr_summary_says_it_compares_commits_when_edits_are_uncommitted(policy_repo: PolicyRepo) -> None:
    established(policy_repo)
    policy_repo.write(EN, en("2027-01-01", EN_BODY + "\n2.2. New.\n", "New"))

    result = run_script(policy_repo, "pr_summary.py", "--base", "HEAD")

    assert result.returncode == 0
    assert "no policy file changed between these two commits" in result.stdout
    assert "uncommitted edits to docs/en/privacy.md are not included" in result.stderr


def test_uncommitted_edits_that_drop_consent_required_are_refused_by_lint_before_the_commit(
    policy_repo: PolicyRepo,
) -> None:
    established(policy_repo, consent_required=True)
    policy_repo.write(
        EN, en("2017-05-10", EN_BODY.replace("all", "all our"), consent_required=False, extra="correction: wording")
    )

    assert_lint_refuses(policy_repo, EN, "from true to false")


# --- Revisions published before the repository existed ---------------------------------------


def imported(repo: PolicyRepo) -> tuple[str, str]:
    """Two earlier published versions imported oldest first, then a revision posted through git."""
    first = repo.commit(
        "Import the 2017 policy", "2026-11-20T10:00:00+09:00", both("2017-05-10", extra="posted: 2017-05-10")
    )
    new_en, new_ja = amended()
    second = repo.commit(
        "Import the 2020 revision",
        "2026-11-20T11:00:00+09:00",
        both(
            "2020-04-01",
            new_en,
            new_ja,
            "Clause 2.2 added",
            "第2条2項を新設",
            extra="posted: 2020-03-01T10:00:00+09:00",
        ),
    )
    return first, second


def test_imported_revisions_show_their_declared_posting_as_recorded(policy_repo: PolicyRepo) -> None:
    imported(policy_repo)
    new_en, new_ja = amended()
    policy_repo.commit(
        "Revise",
        "2026-11-25T10:00:00+09:00",
        both("2026-12-01", new_en + "\n2.3. More.\n", new_ja + "\n2.3. その他。\n", "2.3", "2.3"),
    )

    built = policy_repo.build()

    assert built.returncode == 0, built.output
    by_id = revisions(built)
    assert (by_id["2017-05-10"]["posted"], by_id["2017-05-10"]["posted_source"]) == ("2017-05-10", "declared")
    assert (by_id["2020-04-01"]["posted"], by_id["2020-04-01"]["posted_source"]) == (
        "2020-03-01T10:00:00+09:00",
        "declared",
    )
    assert (by_id["2026-12-01"]["posted"], by_id["2026-12-01"]["posted_source"]) == ("2026-11-25T10:00:00+09:00", "git")
    assert "2017年5月10日（記録による）" in built.html("privacy/history/index.html")
    assert "May 10, 2017 (as recorded)" in built.html("en/privacy/history/index.html")


def test_a_declared_posting_after_a_revision_posted_through_git_is_refused(policy_repo: PolicyRepo) -> None:
    established(policy_repo)
    new_en, new_ja = amended()
    bad = policy_repo.commit(
        "Revise",
        "2020-04-01T10:00:00+09:00",
        both("2020-04-01", new_en, new_ja, "Clause 2.2 added", "第2条2項を新設", extra="posted: 2020-03-01"),
    )

    assert_refused(policy_repo.build(), f"{JA}:5", bad[:7], "posted through git", "remove the `posted:` line")


def test_a_declared_posting_later_than_its_own_commit_is_refused(policy_repo: PolicyRepo) -> None:
    bad = policy_repo.commit("Import", "2017-05-10T10:00:00+09:00", both("2017-05-10", extra="posted: 2018-01-01"))

    assert_refused(policy_repo.build(), f"{JA}:5", bad[:7], "not earlier than the commit")


def test_a_declared_posting_is_added_once_as_a_correction_and_never_changed(policy_repo: PolicyRepo) -> None:
    policy_repo.commit("Establish", "2026-11-20T10:00:00+09:00", both("2017-05-10", extra="backdated: imported"))
    added = policy_repo.commit(
        "Declare the 2017 posting",
        "2026-11-21T10:00:00+09:00",
        both("2017-05-10", extra="backdated: imported\nposted: 2017-05-10\ncorrection: 2017年の掲載日を記録により追加"),
    )

    built = policy_repo.build()
    assert built.returncode == 0, built.output
    revision = revisions(built, "ja")["2017-05-10"]
    assert (revision["posted"], revision["posted_source"]) == ("2017-05-10", "declared")
    assert revision["corrections"] == [
        {
            "commit": added,
            "posted": "2026-11-21T10:00:00+09:00",
            "reason": "2017年の掲載日を記録により追加",
            "declared_posted": True,
        }
    ]

    changed = policy_repo.commit(
        "Change it",
        "2026-11-22T10:00:00+09:00",
        both("2017-05-10", extra="backdated: imported\nposted: 2017-04-01\ncorrection: 訂正"),
    )
    assert_refused(policy_repo.build(site="site2"), f"{JA}:6", changed[:7], "added once and never changed")


def test_the_ledger_accepts_a_declared_posting_added_once_and_refuses_any_later_change() -> None:
    from policy_engine.ledger import LedgerEntry, compare_ledgers

    def entry(posted: str, corrections: tuple[str, ...] = (), declared: str = "") -> LedgerEntry:
        return LedgerEntry(
            "privacy",
            "ja",
            "2017-05-10",
            "2017-05-10",
            corrections[-1] if corrections else "c1",
            JA,
            "s" + str(len(corrections)),
            corrections,
            "c1",
            posted,
            declared,
        )

    live = entry("2026-11-29T16:10:38+00:00")
    declared = entry("2017-05-10", ("c2",), declared="c2")
    assert compare_ledgers([live], [declared]) == []
    changed = entry("2017-04-01", ("c2", "c3"), declared="c2")
    assert "the time it was published would change" in str(compare_ledgers([declared], [changed])[0])
