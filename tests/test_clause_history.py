"""Each clause's own history (/privacy/clauses/): followed by alignment across renumbering, with
施行日, the change marked, earlier numbers, additions and removals; linked from every clause of
the policy page; both languages."""

from __future__ import annotations

import re

import pytest
from browser.scripted_policy import AS_OF, write_history

from policy_engine.reader_pages import link_rows_to_clause_history

from conftest import BuildResult, PolicyRepo, policy_text


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    repo = PolicyRepo(tmp_path_factory.mktemp("clauses") / "repo")
    write_history(repo)
    result = repo.build(as_of=AS_OF)
    assert result.returncode == 0, result.output
    return result


def section(html: str, lineage: str) -> str:
    match = re.search(rf'<section[^>]*id="{re.escape(lineage)}".*?</section>', html, re.DOTALL)
    assert match, lineage
    return match.group(0)


def test_a_renumbered_clause_keeps_one_history_across_its_numbers(site: BuildResult) -> None:
    html = site.html("privacy/clauses/index.html")
    # 3.1.2 (お問い合わせ) of 2017 was amended in 2020 and became 3.1.3 in 2022.
    enquiries = section(html, "3.1.2@2017-05-10")
    assert "番号の変遷: 3.1.2 → 3.1.3" in enquiries
    assert "2022年10月1日" in enquiries and "番号変更" in enquiries and "（旧第3条第1項第2号）" in enquiries
    assert "<h2" in enquiries and "第3条第1項第3号</h2>" in enquiries
    assert "2020年4月1日" in enquiries and "<ins>及び苦情</ins>" in enquiries
    assert "2017年5月10日" in enquiries and "新設" in enquiries
    # Newest first.
    assert enquiries.index("2022年10月1日") < enquiries.index("2020年4月1日") < enquiries.index("2017年5月10日")
    # The clause that took the number 3.1.2 in 2022 has its own history, added that day.
    analysis = section(html, "3.1.2@2022-10-01")
    assert "本サービスの改善のための分析を行うため" in analysis and "新設" in analysis
    assert "2017年5月10日" not in analysis


def test_an_upcoming_amendment_is_in_the_history_marked_upcoming(site: BuildResult) -> None:
    sharing = section(site.html("privacy/clauses/index.html"), "4.1@2017-05-10")
    assert "2027年1月1日" in sharing and "施行予定" in sharing and "<ins>" in sharing


def test_every_clause_of_the_policy_page_links_to_its_history(site: BuildResult) -> None:
    html = site.html("privacy/index.html")
    clauses = re.findall(r'id="clause-([^"]+)"', html)
    links = re.findall(
        r'id="clause-([^"]+)"(?:></span>|[^>]*>)<a class="clause-history-link" href="clauses/#([^"]+)"', html
    )
    assert clauses and len(links) == len(clauses)
    assert ("3.1.3", "3.1.2@2017-05-10") in links and ("3.1.2", "3.1.2@2022-10-01") in links
    history = site.html("privacy/clauses/index.html")
    for _, lineage in links:
        assert f'id="{lineage}"' in history


def test_both_languages_link_to_the_same_clause_in_the_other(site: BuildResult) -> None:
    en = site.html("en/privacy/clauses/index.html")
    complaints = section(en, "3.1.2@2017-05-10")
    assert (
        "<ins> and complaints</ins>" in complaints
        or "<ins>and complaints</ins>" in complaints
        or "complaints" in complaints
    )
    assert 'href="../../../privacy/clauses/#3.1.2@2017-05-10"' in complaints
    ja = section(site.html("privacy/clauses/index.html"), "3.1.2@2017-05-10")
    assert 'href="../../en/privacy/clauses/#3.1.2@2017-05-10"' in ja


def test_a_removed_clause_keeps_its_history(policy_repo: PolicyRepo) -> None:
    body1 = "## 1. Scope\n\n1.1. First.\n\n1.2. Second.\n\n1.3. Third.\n"
    body2 = "## 1. Scope\n\n1.1. First.\n\n1.2. Third.\n"
    for effective, body, date in (("2020-01-01", body1, "2019-12-01"), ("2021-01-01", body2, "2020-12-01")):
        policy_repo.commit(
            f"Revision {effective}",
            f"{date}T10:00:00+09:00",
            {"docs/ja/privacy.md": policy_text(effective, body), "docs/en/privacy.md": policy_text(effective, body)},
        )
    result = policy_repo.build(as_of="2026-11-29")
    assert result.returncode == 0, result.output
    html = result.html("en/privacy/clauses/index.html")
    removed = section(html, "1.2@2020-01-01")
    assert "Removed" in removed and "<del>" in removed and "Second." in removed
    third = section(html, "1.3@2020-01-01")
    assert "(formerly clause 1.3)" in third


def test_each_row_of_a_comparison_links_to_the_clause_history(site: BuildResult) -> None:
    changes = site.html("privacy/history/2022-10-01/changes/index.html")
    rows = dict(
        re.findall(
            r'<tr class="change-[a-z]+" id="clause-([^"]+)">\s*<td><a class="clause-history-link" href="([^"]+)"',
            changes,
        )
    )
    assert rows["3.1.3"] == "../../../clauses/#3.1.2@2017-05-10"  # renumbered: the clause's one history
    assert rows["3.1.2"] == "../../../clauses/#3.1.2@2022-10-01"  # added that day
    since = site.html("en/privacy/history/2017-05-10/since/index.html")
    assert 'href="../../../clauses/#3.1.2@2017-05-10"' in since
    to = site.html("privacy/history/2017-05-10/to/2027-01-01/index.html")
    assert 'href="../../../../clauses/#4.1@2017-05-10"' in to
    assert "policy-redline" not in to, "a span of revisions is the table only, as on a since page"


def test_rows_of_a_comparison_page_that_is_not_generated_are_linked_the_same_way() -> None:
    """A generated 新旧対照表 row gets its link from its view; a page that is not generated gets the
    same links from its HTML, a row that needs consent (two classes) and a removed clause's row included."""
    html = (
        '<tr class="change-amended change--consent" id="clause-2.2">\n<td><div>new</div></td>\n</tr>\n'
        '<tr class="change-removed" id="old-clause-3">\n<td><span>（削除）</span></td>\n</tr>\n'
        '<tr class="change-unchanged">\n<td><b>第4条</b></td>\n</tr>'
    )
    lineage_of = {("2020-04-01", "2.2"): "2.2@2017-05-10", ("2017-05-10", "3"): "3@2017-05-10"}
    page = "privacy/history/2020-04-01/changes/"
    linked = link_rows_to_clause_history(html, lineage_of, page, "2017-05-10", "2020-04-01", "privacy", "ja")
    assert re.findall(r'<td><a class="clause-history-link" href="([^"]+)"', linked) == [
        "../../../clauses/#2.2@2017-05-10",
        "../../../clauses/#3@2017-05-10",
    ]
