"""The reader's questions answered in one step (issue 14), in Chromium on a desktop and a phone:
every page loads without a console error or a request for a missing file."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, expect

from .conftest import Reader, ServedSite, serve
from .pages import open_language_menu_and_choose
from conftest import PolicyRepo, policy_text


def test_every_page_loads_without_console_errors_or_missing_files(reader: Reader, scripted_site: ServedSite) -> None:
    paths = sorted(
        page.relative_to(scripted_site.root).as_posix().removesuffix("index.html")
        for page in scripted_site.root.rglob("index.html")
    )
    assert len(paths) > 20
    for path in paths:
        reader.open(scripted_site.url(path))
        reader.page.wait_for_load_state("networkidle")
    # The 404 page, as a host serves it for a missing path (here: opened directly).
    reader.open(scripted_site.url("404.html"))
    reader.page.wait_for_load_state("networkidle")
    assert reader.failed == []
    assert reader.console_errors == []
    assert reader.third_party_requests() == []


# --- Point in time -----------------------------------------------------------------------------


def ask_date(reader: Reader, day: str) -> None:
    field = reader.page.locator("form.policy-in-force input[type=date]")
    field.fill(day)
    reader.page.locator("form.policy-in-force button[type=submit]").click()


@pytest.mark.parametrize(
    ("start", "day", "revision"),
    [
        ("privacy/history/", "2020-04-01", "2020-04-01"),
        ("privacy/history/", "2022-09-30", "2020-04-01"),
        ("en/privacy/", "2019-01-15", "2017-05-10"),
        ("privacy/", "2026-12-31", "2022-10-01"),
    ],
)
def test_a_date_leads_to_the_revision_in_force_that_day(
    reader: Reader, scripted_site: ServedSite, start: str, day: str, revision: str
) -> None:
    reader.open(scripted_site.url(start))
    ask_date(reader, day)
    prefix = "en/" if start.startswith("en/") else ""
    reader.page.wait_for_url(scripted_site.url(f"{prefix}privacy/history/{revision}/"))
    assert revision in reader.page.locator("h1").inner_text() or reader.page.locator(".policy-banner").count()
    assert reader.console_errors == [] and reader.failed == []


def test_a_date_before_the_first_revision_or_in_an_upcoming_one_is_answered_in_place(
    reader: Reader, scripted_site: ServedSite
) -> None:
    page = reader.open(scripted_site.url("privacy/history/"))
    ask_date(reader, "2016-01-01")
    answer = page.locator(".policy-in-force__answer")
    expect(answer).to_contain_text("まだどの版も施行されていませんでした")
    assert "2017年5月10日" in answer.inner_text()
    assert urlsplit(page.url).path.endswith("/privacy/history/")
    ask_date(reader, "2027-02-01")
    expect(answer).to_contain_text("施行予定の版の対象です")
    answer.get_by_role("link").click()
    page.wait_for_url(scripted_site.url("privacy/history/2027-01-01/"))
    assert reader.console_errors == [] and reader.failed == []


def test_the_shareable_address_of_a_date_leads_to_the_revision(reader: Reader, scripted_site: ServedSite) -> None:
    reader.open(scripted_site.url("en/privacy/history/?date=2021-06-30"))
    reader.page.wait_for_url(scripted_site.url("en/privacy/history/2020-04-01/"))


def test_without_javascript_the_history_list_gives_each_period_in_force(
    browser: Browser, scripted_site: ServedSite
) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(scripted_site.url("privacy/history/?date=2021-06-30"))
        entry = page.locator("#revision-2020-04-01")
        expect(entry).to_contain_text("2020年4月1日から2022年9月30日まで")
        expect(page.locator("#revision-2022-10-01")).to_contain_text("2022年10月1日から現在まで")
        expect(page.locator("#revision-2027-01-01")).to_contain_text("2027年1月1日から（施行予定）")
        entry.get_by_role("link", name="全文").click()
        page.wait_for_url(scripted_site.url("privacy/history/2020-04-01/"))
    finally:
        context.close()


# --- Each clause's own history -----------------------------------------------------------------


def test_a_clause_leads_to_its_own_history_across_renumbering_and_languages(
    reader: Reader, scripted_site: ServedSite
) -> None:
    page = reader.open(scripted_site.url("privacy/"))
    # 3.1.3 today was 3.1.2 until 2022: its history starts in 2017.
    page.locator("#clause-3\\.1\\.3 a.clause-history-link").click()
    page.wait_for_url(lambda url: urlsplit(url).fragment == "3.1.2@2017-05-10")
    history = page.locator("section[id='3.1.2@2017-05-10']")
    expect(history).to_be_in_viewport()
    expect(history).to_contain_text("番号の変遷: 3.1.2 → 3.1.3")
    expect(history.locator("ins")).to_have_text("及び苦情")
    # The language menu keeps the reader at the same clause.
    open_language_menu_and_choose(page, "English", phone=reader.is_phone)
    page.wait_for_url(
        lambda url: urlsplit(url).path.endswith("/en/privacy/clauses/") and urlsplit(url).fragment == "3.1.2@2017-05-10"
    )
    expect(page.locator("section[id='3.1.2@2017-05-10']")).to_contain_text("complaints")
    reader.screenshot("clause-history")
    assert reader.console_errors == [] and reader.failed == []


def test_the_history_page_leads_to_every_clause_history(reader: Reader, scripted_site: ServedSite) -> None:
    page = reader.open(scripted_site.url("en/privacy/history/"))
    page.get_by_role("link", name="History of each clause").click()
    page.wait_for_url(scripted_site.url("en/privacy/clauses/"))
    assert page.locator("section.clause-history").count() > 10


# --- Compare two revisions ---------------------------------------------------------------------


def compare(reader: Reader, older: str, newer: str) -> None:
    reader.page.locator("form.policy-compare select[name=from]").select_option(older)
    reader.page.locator("form.policy-compare select[name=to]").select_option(newer)
    reader.page.locator("form.policy-compare button[type=submit]").click()


@pytest.mark.parametrize(
    ("older", "newer", "page"),
    [
        ("2017-05-10", "2020-04-01", "privacy/history/2020-04-01/changes/"),
        ("2017-05-10", "2022-10-01", "privacy/history/2017-05-10/since/"),
        ("2027-01-01", "2020-04-01", "privacy/history/2020-04-01/to/2027-01-01/"),
    ],
)
def test_the_compare_form_leads_to_the_published_comparison(
    reader: Reader, scripted_site: ServedSite, older: str, newer: str, page: str
) -> None:
    reader.open(scripted_site.url("privacy/history/"))
    compare(reader, older, newer)
    reader.page.wait_for_url(scripted_site.url(page))
    assert reader.page.locator("table").count() >= 1
    assert reader.console_errors == [] and reader.failed == []


def test_a_pair_not_published_is_said_so_with_the_nearest_comparison(
    reader: Reader, tmp_path_factory: pytest.TempPathFactory
) -> None:
    repo = PolicyRepo(tmp_path_factory.mktemp("compare") / "repo")
    for number, effective in enumerate(("2017-01-01", "2018-01-01", "2019-01-01", "2020-01-01", "2021-01-01"), start=1):
        body = f"## 1. Scope\n\n1.1. Version {number}.\n"
        repo.commit(
            f"Revision {effective}",
            f"{int(effective[:4]) - 1}-12-01T09:00:00+09:00",
            {"docs/ja/privacy.md": policy_text(effective, body), "docs/en/privacy.md": policy_text(effective, body)},
        )
    result = repo.build(as_of="2026-11-29")
    assert result.returncode == 0, result.output
    server, site = serve(result.site)
    try:
        reader.open(site.url("en/privacy/history/"))
        compare(reader, "2018-01-01", "2020-01-01")  # neither adjacent nor against the one in force
        answer = reader.page.locator(".policy-compare__answer")
        expect(answer).to_contain_text("not published as a comparison")
        answer.get_by_role("link").click()
        reader.page.wait_for_url(lambda url: "/en/privacy/history/" in url and url.endswith(("/changes/", "/since/")))
        assert reader.console_errors == [] and reader.failed == []
    finally:
        server.shutdown()
        server.server_close()


# --- Search finds the text in force, in the reader's language --------------------------------


def search_results(reader: Reader, word: str) -> list[str]:
    """Type `word` into Material's search; the result links, in the order shown (or [] for none)."""
    page = reader.page
    if reader.is_phone:
        page.locator("label.md-header__button[for='__search']").click()
    else:
        page.locator("input.md-search__input").click()
    field = page.locator("input.md-search__input")
    meta = page.locator(".md-search-result__meta")
    for _ in range(10):
        field.fill(word)
        field.press("End")  # Material reads the query on key-up
        try:
            expect(meta).not_to_have_text(
                re.compile(
                    r"^\s*(Initializing search|検索を初期化|Type to start searching|検索キーワードを入力してください)\s*$"
                ),
                timeout=1000,
            )
            break
        except AssertionError:
            continue
    page.wait_for_timeout(300)
    return [
        urlsplit(href).path
        for href in page.locator(".md-search-result__item > a.md-search-result__link").evaluate_all(
            "(links) => links.map(link => link.href)"
        )
    ]


@pytest.mark.parametrize(
    ("start", "word", "first"),
    [
        ("privacy/history/", "同意", "/privacy/"),
        ("en/privacy/history/", "consent", "/en/privacy/"),
        ("", "第三者", "/privacy/"),
    ],
)
def test_a_search_puts_the_policy_in_force_first_and_stays_in_the_reader_language(
    reader: Reader, scripted_site: ServedSite, start: str, word: str, first: str
) -> None:
    reader.open(scripted_site.url(start))
    results = search_results(reader, word)
    assert results, word
    base = urlsplit(scripted_site.base_url).path.rstrip("/")
    paths = [path.removeprefix(base) for path in results]
    assert paths[0] == first, paths
    english = [path for path in paths if path.startswith("/en/")]
    assert english == [] if not start.startswith("en/") else len(english) == len(paths), paths
    # No superseded or upcoming revision page is offered.
    assert not [path for path in paths if re.search(r"/history/\d{4}-\d\d-\d\d/", path)], paths
    assert reader.console_errors == [] and reader.failed == []


def test_an_english_word_searched_in_japanese_finds_no_english_page(reader: Reader, scripted_site: ServedSite) -> None:
    reader.open(scripted_site.url("privacy/"))
    assert not [path for path in search_results(reader, "consent") if "/en/" in path]
    reader.open(scripted_site.url("en/privacy/"))
    assert [path for path in search_results(reader, "同意") if not path.startswith("/en/")] == []


# --- Header and language menu ------------------------------------------------------------------


def test_the_site_name_is_not_cut_off_and_the_menu_marks_the_language(
    reader: Reader, scripted_site: ServedSite
) -> None:
    for path, current in (("privacy/", "日本語"), ("en/privacy/", "English")):
        page = reader.open(scripted_site.url(path))
        name = page.locator(".md-header__topic:first-child .md-ellipsis")
        assert name.evaluate("(e) => e.scrollWidth <= e.clientWidth"), f"{path}: the site name is cut off"
        marked = page.locator(".md-select__link[aria-current='true']")
        assert marked.count() == 1
        assert marked.inner_text().strip().endswith(current)
