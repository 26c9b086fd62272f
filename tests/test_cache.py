"""The caches that make `mkdocs serve` rebuilds fast never show a stale text.

Each test rebuilds a site the way `mkdocs serve` does, in this one process after a first build
(so every cache is warm), then builds the same repository cold in a fresh `mkdocs build`
process, and requires the two sites to be identical, file for file and byte for byte.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from policy_engine import cache

from conftest import PolicyRepo, policy_text

EPOCH = "1700000000"  # fixed, so the two builds may be compared byte for byte
AS_OF = "2026-11-29"

JA = [
    "## 1. 目的\n\n1.1. 当社は利用者情報を適切に取り扱います。\n\n1.2. 当社は法令を遵守します。\n\n"
    "## 2. 利用目的\n\n2.1. 本サービスの提供のために利用します。\n",
    "## 1. 目的\n\n1.1. 当社は利用者情報を安全かつ適切に取り扱います。\n\n1.2. 当社は法令を遵守します。\n\n"
    "## 2. 利用目的\n\n2.1. 本サービスの提供のために利用します。\n\n2.2. 本サービスの改善のために利用します。\n",
]
EN = [
    "## 1. Purpose\n\n1.1. We handle user information properly.\n\n1.2. We comply with the law.\n\n"
    "## 2. Use\n\n2.1. We use it to provide the Service.\n",
    "## 1. Purpose\n\n1.1. We handle user information safely and properly.\n\n1.2. We comply with the law.\n\n"
    "## 2. Use\n\n2.1. We use it to provide the Service.\n\n2.2. We use it to improve the Service.\n",
]


def policy_files(effective: str, revision: int, *, ja_body: str | None = None) -> dict[str, str | bytes]:
    return {
        "docs/ja/privacy.md": policy_text(
            effective, ja_body or JA[revision], title="プライバシーポリシー", summary=f"第{revision + 1}版"
        ),
        "docs/en/privacy.md": policy_text(effective, EN[revision], summary=f"Revision {revision + 1}"),
    }


@pytest.fixture
def two_revisions(policy_repo: PolicyRepo) -> PolicyRepo:
    policy_repo.commit("Establish the policy", "2017-05-10T10:00:00+09:00", policy_files("2017-05-10", 0))
    policy_repo.commit("Revise articles 1 and 2", "2020-04-01T10:00:00+09:00", policy_files("2020-05-01", 1))
    return policy_repo


@pytest.fixture(autouse=True)
def fixed_dates(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICY_AS_OF", AS_OF)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.setenv("POLICY_DRAFTS", "1")  # the serve rebuilds show drafts; so must the cold build
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)


def build_as_serve_does(repo: PolicyRepo, site: str = "site-serve") -> Path:
    """One rebuild of `mkdocs serve`: a fresh config, the same process (hook and caches kept)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(config_file=str(repo.root / "mkdocs.yml"), site_dir=str(repo.root / site))
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return repo.root / site


def site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def assert_same_as_cold_build(repo: PolicyRepo, warm_site: Path) -> None:
    cold = repo.build(as_of=AS_OF, env={"SOURCE_DATE_EPOCH": EPOCH}, site="site-cold")
    assert cold.returncode == 0, cold.output
    warm_files, cold_files = site_files(warm_site), site_files(cold.site)
    assert sorted(warm_files) == sorted(cold_files)
    different = [path for path in cold_files if warm_files[path] != cold_files[path]]
    assert different == [], f"the rebuilt site differs from a cold build in {different[:5]}"


def test_a_rebuild_after_an_edit_shows_the_edited_draft_exactly_as_a_cold_build(two_revisions: PolicyRepo) -> None:
    build_as_serve_does(two_revisions)
    two_revisions.write(
        "docs/ja/privacy.md",
        policy_files("2026-12-01", 1, ja_body=JA[1].replace("法令を遵守", "関係法令を遵守"))["docs/ja/privacy.md"],
    )

    warm = build_as_serve_does(two_revisions)

    assert "関係法令を遵守" in (warm / "privacy/history/draft/index.html").read_text(encoding="utf-8")
    assert_same_as_cold_build(two_revisions, warm)


def test_a_second_edit_replaces_the_first_draft_and_undoing_it_removes_the_draft(two_revisions: PolicyRepo) -> None:
    committed = (two_revisions.root / "docs/en/privacy.md").read_text(encoding="utf-8")
    build_as_serve_does(two_revisions)
    two_revisions.write("docs/en/privacy.md", committed.replace("the law", "all laws"))
    first = build_as_serve_does(two_revisions)
    assert "all laws" in (first / "en/privacy/history/draft/index.html").read_text(encoding="utf-8")

    two_revisions.write("docs/en/privacy.md", committed.replace("the law", "every law"))
    second = build_as_serve_does(two_revisions)
    draft = (second / "en/privacy/history/draft/index.html").read_text(encoding="utf-8")
    assert "every law" in draft and "all laws" not in draft
    assert_same_as_cold_build(two_revisions, second)

    two_revisions.write("docs/en/privacy.md", committed)
    undone = build_as_serve_does(two_revisions)
    assert not (undone / "en/privacy/history/draft").exists()
    assert_same_as_cold_build(two_revisions, undone)


def test_a_new_commit_is_published_at_once_even_when_docs_did_not_change_on_disk(two_revisions: PolicyRepo) -> None:
    # The working tree holds the next revision before it is committed (a draft), then the same
    # bytes are committed: no file in docs/ changes, only HEAD moves.
    two_revisions.write(
        "docs/en/privacy.md", policy_files("2026-12-01", 1)["docs/en/privacy.md"].replace("the law", "all laws")
    )
    two_revisions.write(
        "docs/ja/privacy.md", policy_files("2026-12-01", 1)["docs/ja/privacy.md"].replace("法令", "関係法令")
    )
    build_as_serve_does(two_revisions)
    two_revisions.commit("Revise article 1 (effective 2026-12-01)", "2026-11-01T10:00:00+09:00")

    warm = build_as_serve_does(two_revisions)

    assert (warm / "en/privacy/history/2026-12-01/changes/index.html").exists()
    assert not (warm / "en/privacy/history/draft").exists()
    assert_same_as_cold_build(two_revisions, warm)


def test_formatting_and_correction_commits_after_a_warm_build_are_read_again(two_revisions: PolicyRepo) -> None:
    build_as_serve_does(two_revisions)
    two_revisions.commit(
        "Re-flow a line",
        "2020-04-02T10:00:00+09:00",
        {
            "docs/en/privacy.md": policy_files("2020-05-01", 1)["docs/en/privacy.md"].replace(
                "comply with", "comply\nwith"
            ),
        },
    )
    two_revisions.commit(
        "Correct clause 2.2",
        "2020-04-03T10:00:00+09:00",
        {
            "docs/en/privacy.md": policy_files("2020-05-01", 1)["docs/en/privacy.md"].replace("improve", "enhance"),
        },
    )

    warm = build_as_serve_does(two_revisions)

    revision = (warm / "en/privacy/history/2020-05-01/index.html").read_text(encoding="utf-8")
    assert "enhance the Service" in revision
    assert_same_as_cold_build(two_revisions, warm)


def test_a_cold_start_in_the_same_process_gives_the_same_site(two_revisions: PolicyRepo) -> None:
    build_as_serve_does(two_revisions)
    cache.clear_all()

    assert_same_as_cold_build(two_revisions, build_as_serve_does(two_revisions, site="site-again"))


# --- The rendering memo is keyed by the view itself --------------------------------------------


def test_a_page_is_remembered_by_its_whole_view_so_every_field_its_template_reads_changes_the_page() -> None:
    from dataclasses import replace

    from policy_engine import views
    from policy_engine.render import render
    from policy_engine.views import Banner, CorrectionNote, Fact, Link, ToUpcomingPage

    table = views.ChangesTable(
        lang="ja",
        changed=False,
        compared="2017年5月10日版と2020年5月1日版の比較",
        count_line="",
        facts=(),
        links=(),
        in_between=(),
        supplementary=("この改定は、2020年5月1日から施行する。",),
        consent=(),
        new_column="改定後",
        old_column="改定前",
        print_header="",
        redline_open=False,
        table_rows=(),
        redline_rows=(),
    )
    banner = Banner("ja", "upcoming", "2020年5月1日から施行されます。")
    page = ToUpcomingPage(lang="ja", title="2017年5月10日版から2020年5月1日版への変更", banner=banner, changes=table)
    first = render(page)
    assert render(replace(page)) == first  # an equal view (another object) is the same page
    variants = [
        replace(page, title="別の題名"),
        replace(page, banner=replace(banner, lang="en")),  # the words of the other language
        replace(page, search_excluded=False),
        replace(page, banner=replace(banner, message="施行日が変わりました。")),
        replace(page, banner=replace(banner, status="draft")),
        replace(page, banner=replace(banner, consent="同意が必要です。")),
        replace(page, banner=replace(banner, current_url="../../")),
        replace(page, banner=replace(banner, links=(Link("../", "改定履歴"),))),
        replace(page, banner=replace(banner, facts=(Fact("施行日", "2020年5月1日", "2020-05-01"),))),
        replace(page, banner=replace(banner, corrections=(CorrectionNote("2020年4月2日 訂正", "誤字"),))),
        replace(page, changes=replace(table, supplementary=("この改定は、2020年6月1日から施行する。",))),
        replace(page, changes=replace(table, compared="別の比較")),
    ]
    pages = [render(variant) for variant in variants]
    assert [i for i, text in enumerate(pages) if text == first] == []
    assert len(set(pages)) == len(pages)
    assert render(page) == first  # and the first is still what it was


def test_a_row_is_remembered_by_what_it_shows_and_nothing_else_changes_it() -> None:
    from dataclasses import replace

    from policy_engine.model import Segment
    from policy_engine.render import render
    from policy_engine.views import ShownChange, ShownClause, TableRow

    change = ShownChange(
        "amended",
        ShownClause("1.1", "1.1", "clause"),
        ShownClause("1.1", "1.1", "clause"),
        (Segment("equal", "当社は"), Segment("insert", "安全かつ"), Segment("equal", "適切に取り扱います。")),
    )
    row = TableRow(change, "ja", "", False, False)
    first = render(row)
    variants = [
        replace(row, ch=change._replace(segments=(Segment("equal", "当社は適切に取り扱います。"),))),
        replace(row, ch=change._replace(status="renumbered", old=ShownClause("1.2", "1.2", "clause"))),
        replace(row, consent=True),
        replace(row, corrected=True),
        replace(row, prefix="old-"),
    ]
    assert all(render(variant) != first for variant in variants)
    # The row's words (a correction's badge, a consent flag) are in its language; a plain amended
    # row has none since its column names moved to the table (site weight).
    corrected = replace(row, corrected=True)
    assert render(replace(corrected, lang="en")) != render(corrected)


def test_views_hold_only_frozen_values() -> None:
    """No lists, sets or dicts in a view: a view is a cache key, and a key must not change."""
    import dataclasses
    import typing

    from policy_engine import views

    kinds = [kind for kind in vars(views).values() if isinstance(kind, type) and kind.__module__ == views.__name__]
    parts = [kind for kind in kinds if issubclass(kind, tuple)]  # named tuples: frozen by nature
    kinds = [kind for kind in kinds if dataclasses.is_dataclass(kind)]
    assert any(issubclass(kind, views.View) for kind in kinds) and parts

    def mutable(hint: object) -> bool:
        origin = typing.get_origin(hint) or hint
        return origin in (list, dict, set) or any(mutable(arg) for arg in typing.get_args(hint))

    for kind in kinds:
        assert kind.__dataclass_params__.frozen, kind  # type: ignore[attr-defined]
    for kind in kinds + parts:
        for name, hint in typing.get_type_hints(kind, vars(views)).items():
            assert not mutable(hint), (kind, name, hint)


def test_a_memo_of_large_values_keeps_within_its_weight_and_recomputes_what_it_let_go() -> None:
    made: list[str] = []

    def page(text: str) -> str:
        made.append(text)
        return text

    pages: cache.Memo[str] = cache.Memo("test pages", maxsize=100, weigh=len, max_weight=10)
    try:
        for text in ("aaaa", "bbbb", "cccc"):  # 12 characters: the oldest goes
            pages.get_or_make(text, lambda text=text: page(text))
        assert pages.weight == 8 and "aaaa" not in pages and "cccc" in pages
        assert pages.get_or_make("aaaa", lambda: page("aaaa")) == "aaaa"  # made again, not lost
        assert made == ["aaaa", "bbbb", "cccc", "aaaa"]
        assert pages.get_or_make("x" * 50, lambda: "x" * 50) == "x" * 50  # larger than the bound: kept alone
        assert len(pages) == 1 and pages.weight == 50
    finally:
        pages.clear()
        cache._REGISTRY.remove(pages)  # type: ignore[arg-type]


def test_a_build_without_drafts_reuses_the_site_after_an_edit_and_publishes_it_once_committed(
    two_revisions: PolicyRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A save in the editor that a published build does not show: the rebuild reuses what the
    # build before generated (the same state of the policies), and must show nothing of the edit.
    monkeypatch.delenv("POLICY_DRAFTS")
    build_as_published(two_revisions)
    edited = policy_files("2020-05-01", 1, ja_body=JA[1].replace("法令を遵守", "関係法令を遵守"))
    two_revisions.write("docs/ja/privacy.md", edited["docs/ja/privacy.md"])

    unchanged = build_as_published(two_revisions)

    assert "関係法令を遵守" not in (unchanged / "privacy/history/2020-05-01/index.html").read_text(encoding="utf-8")
    assert not (unchanged / "privacy/history/draft").exists()
    assert_same_as_cold_build(two_revisions, unchanged)

    # Committed (a correction of the revision in force): every page that shows it changes,
    # the 新旧対照表 rows and their clause-history links included.
    two_revisions.commit("Correct clause 1.2", "2020-04-03T10:00:00+09:00")
    published = build_as_published(two_revisions)

    revision = (published / "privacy/history/2020-05-01/index.html").read_text(encoding="utf-8")
    changes = (published / "privacy/history/2020-05-01/changes/index.html").read_text(encoding="utf-8")
    assert "関係法令を遵守" in revision
    assert "関係" in changes and 'class="clause-history-link"' in changes
    assert_same_as_cold_build(two_revisions, published)


def build_as_published(repo: PolicyRepo, site: str = "site-build") -> Path:
    """An in-process `mkdocs build` (no drafts) after the builds before it, as the benchmark runs one."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(config_file=str(repo.root / "mkdocs.yml"), site_dir=str(repo.root / site))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return repo.root / site
