"""The pages a Japanese legal team would sign, built from a scripted ja/en history (issue 13):

    2017-05-08  posted: established, effective 2017-05-10 (the English 3.1 has a typo)
    2020-04-03  posted: effective 2020-04-01 (back-dated, with its reason): 1.2 inserted (the old
                1.2 becomes 1.3), 2.1 amended in both languages; the English typo is still there
    2020-05-01  English only: the typo in 3.1 corrected (`correction:` with its reason)
    2026-11-20  posted: effective 2027-01-01, upcoming on the build date: 2.1 amended, 2.2 added,
                3.1 amended; `consent_required: [2.2, 3.1]`

Built as of 2026-11-29 unless a test says otherwise.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from conftest import PROJECT, BuildResult, PolicyRepo, policy_text

JA_V1 = """\
当社は、利用者情報を適切に取り扱います。

## 1. 定義

1.1. 「利用者情報」とは、利用者に関する情報をいいます。

1.2. 「個人情報」とは、個人情報保護法にいう個人情報をいいます。

## 2. 利用目的

2.1. 当社は、利用者情報を本サービスの提供のために利用します。

## 3. お問い合わせ

3.1. お問い合わせは、当社の窓口までご連絡ください。
"""
EN_V1 = """\
The Company handles user information with care.

## 1. Definitions

1.1. "User information" means information about users.

1.2. "Personal information" means personal information under the Act.

## 2. Purposes

2.1. The Company uses user information to provide the Service.

## 3. Contact

3.1. Please contact our privacy infromation desk.
"""
JA_V2 = JA_V1.replace(
    "1.2. 「個人情報」", "1.2. 「端末情報」とは、利用者の端末に関する情報をいいます。\n\n1.3. 「個人情報」"
).replace("本サービスの提供のために", "本サービスの提供及び改善のために")
EN_V2 = EN_V1.replace(
    '1.2. "Personal information"',
    '1.2. "Device information" means information about devices.\n\n1.3. "Personal information"',
).replace("to provide the Service.", "to provide and improve the Service.")
EN_V2_FIXED = EN_V2.replace("infromation", "information")
JA_V3 = (
    JA_V2.replace(
        "改善のために利用します。",
        "改善のために利用します。\n\n2.2. 当社は、利用者の同意を得て、利用者情報を広告配信に利用します。",
    )
    .replace("2.1. 当社は、", "2.1. 当社は、法令に従い、")
    .replace("当社の窓口までご連絡ください。", "当社の窓口又は電子メールでご連絡ください。")
)
EN_V3 = (
    EN_V2_FIXED.replace(
        "improve the Service.",
        "improve the Service.\n\n2.2. With users' consent, the Company uses user information for advertising.",
    )
    .replace("2.1. The Company uses", "2.1. In accordance with law, the Company uses")
    .replace("our privacy information desk.", "our privacy information desk or by email.")
)

SUMMARIES = {
    "2017-05-10": ("制定", "Established"),
    "2020-04-01": ("定義の追加", "Definitions added"),
    "2027-01-01": ("広告配信", "Advertising"),
}
BACKDATED = "個人情報保護法の改正の施行日に合わせるため"


def both(effective: str, ja: str, en: str, extra: str = "") -> dict[str, str]:
    ja_summary, en_summary = SUMMARIES[effective]
    return {
        "docs/ja/privacy.md": policy_text(effective, ja, title="プライバシーポリシー", summary=ja_summary, extra=extra),
        "docs/en/privacy.md": policy_text(effective, en, title="Privacy Policy", summary=en_summary, extra=extra),
    }


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> PolicyRepo:
    repo = PolicyRepo(tmp_path_factory.mktemp("legal") / "repo")
    repo.commit("Establish the privacy policy", "2017-05-08T18:00:00+09:00", both("2017-05-10", JA_V1, EN_V1))
    repo.commit(
        "Revise definitions and purposes",
        "2020-04-03T10:00:00+09:00",
        both("2020-04-01", JA_V2, EN_V2, extra=f"backdated: {BACKDATED}"),
    )
    repo.commit(
        "Fix a typo in the English 3.1",
        "2020-05-01T10:00:00+09:00",
        {
            "docs/en/privacy.md": policy_text(
                "2020-04-01",
                EN_V2_FIXED,
                title="Privacy Policy",
                summary="Definitions added",
                extra=f"backdated: {BACKDATED}\ncorrection: typo in 3.1 (infromation)",
            ),
        },
    )
    repo.commit(
        "Announce the 2027 revision",
        "2026-11-20T10:00:00+09:00",
        both("2027-01-01", JA_V3, EN_V3, extra="consent_required: [2.2, 3.1]"),
    )
    return repo


@pytest.fixture(scope="module")
def site(repo: PolicyRepo) -> BuildResult:
    result = repo.build(as_of="2026-11-29")
    assert result.returncode == 0, result.output
    return result


def text_of(html: str) -> str:
    article = html.split("<article", 1)[-1].split("</article>", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", article)).replace("&amp;", "&")


# --- 新旧対照表 ---------------------------------------------------------------------------------


def test_unchanged_provisions_are_omitted_and_a_renumbered_one_shows_both_numbers(site: BuildResult) -> None:
    html = site.html("privacy/history/2020-04-01/changes/index.html")
    text = text_of(html)
    assert "前文～第1条第1項 （略）" in text and "第3条 （略）" in text
    row = re.search(r'<tr class="change-renumbered".*?</tr>', html, re.DOTALL).group(0)
    assert "（旧第1条第2項）" in row and row.count("（略）") == 2 and "個人情報保護法" not in row
    assert "利用者に関する情報をいいます" not in html, "the text of unchanged provisions is on the revision page"
    assert "改定後" in text and "改定前" in text and "改正" not in html


def test_each_changes_page_closes_with_its_supplementary_provision(site: BuildResult) -> None:
    assert "附則 この改定は、2020年4月1日から施行する。" in text_of(
        site.html("privacy/history/2020-04-01/changes/index.html")
    )
    en = text_of(site.html("en/privacy/history/2020-04-01/changes/index.html"))
    assert "Supplementary provision This revision takes effect on April 1, 2020." in en


def test_the_since_page_names_its_columns_by_revision_and_lists_the_revisions_in_between(site: BuildResult) -> None:
    html = site.html("privacy/history/2017-05-10/since/index.html")
    head = re.search(r"<thead>(.*?)</thead>", html, re.DOTALL).group(1)
    assert "現行（2020年4月1日施行）" in head and "2017年5月10日施行版" in head
    between = re.search(r'<div class="policy-changes__between">(.*?)</div>', html, re.DOTALL).group(1)
    assert 'href="../../2020-04-01/changes/"' in between and "プライバシーポリシー（2020年4月1日施行）" in between
    assert "この改定は、2020年4月1日から施行する。" in text_of(html)
    assert "policy-redline" not in html, "a since page is the table only (it is long; the redline would double it)"
    en = site.html("en/privacy/history/2017-05-10/since/index.html")
    assert "Current (effective April 1, 2020)" in en and "Version effective May 10, 2017" in en


# --- Consent (Article 7) --------------------------------------------------------------------


def test_the_consent_provisions_are_named_and_article_7_explained_everywhere(site: BuildResult) -> None:
    policy = text_of(site.html("privacy/index.html"))
    explained = (
        "第7条により、第2条第2項及び第3条第1項の改定は、当社所定の方法により同意をいただいた利用者についてのみ、"
        "その同意の時から適用されます。その他の改定部分は施行日（2027年1月1日）から適用されます。"
    )
    assert explained in policy
    assert explained in text_of(site.html("privacy/history/2027-01-01/index.html"))
    assert explained in text_of(site.html("privacy/history/2027-01-01/changes/index.html"))
    history = site.html("privacy/history/index.html")
    entry = re.search(r'id="revision-2027-01-01">(.*?)</li>\n', history, re.DOTALL).group(1)
    assert "同意が必要な改定：第2条第2項及び第3条第1項" in text_of("<article>" + entry)
    en = text_of(site.html("en/privacy/history/2027-01-01/changes/index.html"))
    assert (
        "Under Article 7, the changes to clause 2.2 and clause 3.1 apply to a user only once that user has "
        "consented in the manner the Company prescribes"
    ) in en
    assert "The rest of the revision takes effect on the effective date (January 1, 2027)." in en


def test_the_changes_page_flags_exactly_the_rows_that_need_consent(site: BuildResult) -> None:
    html = site.html("privacy/history/2027-01-01/changes/index.html")
    flagged = re.findall(r'<tr class="change-\w+ change--consent" id="clause-([\d.]+)"', html)
    assert flagged == ["2.2", "3.1"]
    assert '<tr class="change-amended" id="clause-2.1">' in html, "2.1 changed but needs no consent"
    for number in flagged:  # a flagged row links its clause's history like every other row
        assert re.search(rf'id="clause-{re.escape(number)}">\s*<td><a class="clause-history-link" href="', html), number


def test_the_json_and_the_feed_carry_the_consent_provisions(site: BuildResult) -> None:
    for lang in ("ja", "en"):
        upcoming = site.json(f"api/privacy/{lang}/revisions.json")["revisions"][0]
        assert (upcoming["id"], upcoming["consent_required"], upcoming["consent_clauses"]) == (
            "2027-01-01",
            True,
            ["2.2", "3.1"],
        )
    older = site.json("api/privacy/ja/revisions.json")["revisions"][1]
    assert older["consent_clauses"] == [] and older["consent_required"] is False
    atom = (site.site / "api/privacy/ja/revisions.atom").read_text(encoding="utf-8")
    assert "第2条第2項及び第3条第1項の改定は、当社所定の方法により同意をいただいた利用者についてのみ" in atom
    assert "施行日：2027年1月1日" in atom


# --- Notices ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "page, original",
    [
        ("en/privacy/index.html", "../../privacy/"),
        ("en/privacy/history/index.html", "../../../privacy/history/"),
        ("en/privacy/history/2020-04-01/index.html", "../../../../privacy/history/2020-04-01/"),
        ("en/privacy/history/2020-04-01/changes/index.html", "../../../../../privacy/history/2020-04-01/changes/"),
        ("en/privacy/history/2017-05-10/since/index.html", "../../../../../privacy/history/2020-04-01/"),
    ],
)
def test_every_english_page_says_the_japanese_prevails_and_links_its_japanese_text(
    site: BuildResult, page: str, original: str
) -> None:
    html = site.html(page)
    notice = re.search(r'<div class="policy-banner policy-banner--translation".*?</div>', html, re.DOTALL).group(0)
    assert "reference translation" in notice and "prevails" in notice
    assert f'<a href="{original}" hreflang="ja">' in notice
    assert html.index("policy-banner--translation") < html.index("md-content__inner") + 2000
    assert "policy-banner--translation" not in site.html(page.removeprefix("en/"))


def test_each_revision_page_states_its_period_corrections_and_backdating(site: BuildResult) -> None:
    old = text_of(site.html("privacy/history/2017-05-10/index.html"))
    assert "施行期間： 2017年5月10日から2020年3月31日まで" in old
    assert "掲載日： 2017年5月8日 18:00（日本時間）" in old
    current = text_of(site.html("en/privacy/history/2020-04-01/index.html"))
    assert "In force: since April 1, 2020" in current
    assert "Corrected May 1, 2020 10:00 JST" in current and "typo in 3.1 (infromation)" in current
    assert '(corrected: <a href="./#clause-3.1">clause 3.1</a>)' in site.html(
        "en/privacy/history/2020-04-01/index.html"
    )
    history = site.html("en/privacy/history/index.html")
    assert '(corrected: <a href="2020-04-01/#clause-3.1">clause 3.1</a>)' in history
    assert f"施行日を掲載日より前とした理由： {BACKDATED}" in text_of(
        site.html("privacy/history/2020-04-01/index.html")
    )
    upcoming = text_of(site.html("en/privacy/history/2027-01-01/index.html"))
    assert "In force: upcoming: from January 1, 2027" in upcoming
    corrections = site.json("api/privacy/en/revisions.json")["revisions"][1]["corrections"]
    assert [c["reason"] for c in corrections] == ["typo in 3.1 (infromation)"]


def test_the_policy_page_says_it_was_revised_for_the_configured_period(repo: PolicyRepo) -> None:
    soon = repo.build(as_of="2020-04-15", site="site-soon")
    assert soon.returncode == 0, soon.output
    html = soon.html("privacy/index.html")
    assert "本ポリシーは2020年4月1日に改定されました。" in html
    assert re.search(r'改定されました。 <a href="history/2020-04-01/changes/">', html)
    assert "This policy was revised on April 1, 2020." in soon.html("en/privacy/index.html")
    later = repo.build(as_of="2020-06-01", site="site-later")
    assert "に改定されました" not in later.html("privacy/index.html")


def test_the_home_pages_show_the_revision_in_force_and_the_upcoming_one(site: BuildResult) -> None:
    ja = text_of(site.html("index.html"))
    assert "現行版：2020年4月1日施行" in ja and "施行予定の改定：2027年1月1日施行" in ja
    assert "第2条第2項及び第3条第1項" in ja
    en = text_of(site.html("en/index.html"))
    assert (
        "In force: the version effective April 1, 2020" in en and "Upcoming revision: effective January 1, 2027" in en
    )


# --- A correction in one language ------------------------------------------------------------


def test_a_correction_in_one_language_is_neither_a_stale_translation_nor_an_amendment(site: BuildResult) -> None:
    bilingual = site.html("privacy/history/2020-04-01/bilingual/index.html")
    assert "bilingual-row--stale" not in bilingual and "翻訳未更新" not in bilingual
    en = site.html("en/privacy/history/2020-04-01/changes/index.html")
    assert "1 added, 0 removed, 1 amended, 1 renumbered" in en
    row = re.search(r'<tr class="change-amended" id="clause-3.1">.*?</tr>', en, re.DOTALL).group(0)
    assert "Corrected after posting (not part of the revision)" in row


def test_lint_does_not_warn_about_committed_history_on_every_run(repo: PolicyRepo) -> None:
    process = subprocess.run(
        [sys.executable, str(PROJECT / "scripts/lint.py"), "--root", str(repo.root)], capture_output=True, text=True
    )
    assert "out of date" not in process.stdout + process.stderr, process.stdout


def test_lint_refuses_a_consent_list_naming_a_provision_the_revision_does_not_change(tmp_path) -> None:
    repo = PolicyRepo(tmp_path / "repo")
    repo.commit("Establish", "2017-05-08T18:00:00+09:00", both("2017-05-10", JA_V1, EN_V1))
    repo.commit(
        "Revise", "2020-04-03T10:00:00+09:00", both("2020-04-01", JA_V2, EN_V2, extra="consent_required: [1.1, 9.9]")
    )
    repo.write("docs/ja/privacy.md", repo.root.joinpath("docs/ja/privacy.md").read_text(encoding="utf-8") + "\n")
    process = subprocess.run(
        [sys.executable, str(PROJECT / "scripts/lint.py"), "--root", str(repo.root), "--base", "HEAD~1"],
        capture_output=True,
        text=True,
    )
    out = process.stdout + process.stderr
    assert process.returncode == 1, out
    assert "`consent_required` lists 1.1, but the revision effective 2020-04-01 does not change provision 1.1." in out
    assert "`consent_required` lists 9.9, but the revision effective 2020-04-01 has no provision 9.9." in out
