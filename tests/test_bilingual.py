"""The Japanese original and the English translation side by side, clause by clause (issue 4).

Pure rules first (pairing, aligning, stale translations on plain values), then sites built from
scripted two-language git histories, checked in the HTML a reader gets.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from pathlib import Path

import pytest

from policy_engine.bilingual import align_rows, pair_revisions, stale_translations
from policy_engine.clauses import parse_clauses
from policy_engine.model import Policy, PolicyText, Revision

from conftest import BuildResult, PolicyRepo, policy_text

# --- Scripted texts: every clause carries a marker no other clause has ----------------------


def ja_body(numbers: list[str], amended: dict[str, str] | None = None) -> str:
    """A Japanese policy whose clause N reads `…[J:N]` (or `amended[N]` when given)."""
    amended = amended or {}
    lines = ["当社は利用者情報を大切に扱います。[J:preamble]", ""]
    for number in numbers:
        text = amended.get(number, f"第{number}項の日本語本文です。[J:{number}]")
        lines += [f"## {number}. 見出し{number} [J:{number}]" if "." not in number else f"{number}. {text}", ""]
    return "\n".join(lines)


def en_body(numbers: list[str], amended: dict[str, str] | None = None) -> str:
    amended = amended or {}
    lines = ["We value user information. [E:preamble]", ""]
    for number in numbers:
        text = amended.get(number, f"English text of clause {number}. [E:{number}]")
        lines += [f"## {number}. Heading {number} [E:{number}]" if "." not in number else f"{number}. {text}", ""]
    return "\n".join(lines)


V1 = ["1", "1.1", "1.2", "2", "2.1"]
V2 = ["1", "1.1", "1.2", "2", "2.1", "2.2"]


def ja_file(effective: str, numbers: list[str], amended: dict[str, str] | None = None, summary: str = "制定") -> str:
    return policy_text(effective, ja_body(numbers, amended), title="プライバシーポリシー", summary=summary)


def en_file(
    effective: str, numbers: list[str], amended: dict[str, str] | None = None, summary: str = "Established"
) -> str:
    return policy_text(effective, en_body(numbers, amended), summary=summary)


def scripted_history(repo: PolicyRepo) -> None:
    """Three revisions in both languages: 2017 established, 2020 amended, 2026-12-01 upcoming.

    In 2020 the Japanese 1.2 is amended but the English 1.2 is left as it was (stale), and a
    new Japanese 2.2 has no English translation yet (missing).
    """
    repo.commit(
        "Establish the policy",
        "2017-05-10T10:00:00+09:00",
        {
            "docs/ja/privacy.md": ja_file("2017-05-10", V1),
            "docs/en/privacy.md": en_file("2017-05-10", V1),
        },
    )
    repo.commit(
        "Revise 1.1 and 1.2, add 2.2",
        "2020-04-01T09:00:00+09:00",
        {
            "docs/ja/privacy.md": ja_file(
                "2020-04-01", V2, {"1.1": "改定後の1.1です。[J:1.1]", "1.2": "改定後の1.2です。[J:1.2]"}, "改定"
            ),
            "docs/en/privacy.md": en_file("2020-04-01", V1, {"1.1": "Revised 1.1. [E:1.1]"}, "Revised"),
        },
    )
    repo.commit(
        "Translate 2.2; announce the December revision",
        "2026-11-01T09:00:00+09:00",
        {
            "docs/ja/privacy.md": ja_file(
                "2026-12-01", V2, {"1.1": "改定後の1.1です。[J:1.1]", "1.2": "再改定の1.2です。[J:1.2]"}, "改定"
            ),
            "docs/en/privacy.md": en_file(
                "2026-12-01", V2, {"1.1": "Revised 1.1. [E:1.1]", "1.2": "Revised again 1.2. [E:1.2]"}, "Revised"
            ),
        },
    )


@pytest.fixture(scope="module")
def scripted_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    repo = PolicyRepo(tmp_path_factory.mktemp("bilingual") / "repo")
    scripted_history(repo)
    result = repo.build(as_of="2026-11-29")
    assert result.returncode == 0, result.output
    return result


def rows_of(html: str) -> dict[str, dict[str, str]]:
    """`<tr id="clause-…">` -> {lang: the cell's visible text} for the side-by-side table."""
    table = html[html.index('<table class="bilingual"') :]
    table = table[: table.index("</table>")]
    rows = {}
    for row_id, row in re.findall(r'<tr id="clause-([^"]+)"[^>]*>(.*?)</tr>', table, re.S):
        cells = re.findall(r'<td [^>]*lang="(ja|en)"[^>]*>(.*?)</td>', row, re.S)
        rows[row_id] = {lang: re.sub(r"<[^>]+>", "", text) for lang, text in cells}
    return rows


def markers(text: str) -> set[str]:
    return set(re.findall(r"\[[JE]:[^\]]+\]", text))


# --- Pure rules --------------------------------------------------------------------------------


def test_rows_pair_clauses_by_number_and_give_a_missing_clause_its_own_row() -> None:
    ja = parse_clauses(ja_body(["1", "1.1", "1.2", "1.3"]))
    en = parse_clauses(en_body(["1", "1.1", "1.3"]))
    rows = align_rows(ja, en)
    assert [r.key for r in rows] == ["preamble", "1", "1.1", "1.2", "1.3"]
    missing = rows[3]
    assert missing.original is not None and missing.translation is None
    assert rows[4].original.key == rows[4].translation.key == "1.3"  # not shifted up into 1.2's row


def test_a_clause_only_the_translation_has_sits_after_its_predecessor_in_number_order() -> None:
    ja = parse_clauses(ja_body(["3", "3.1", "3.6", "4"]))
    en = parse_clauses(en_body(["3", "3.1", "3.7", "4"]))
    rows = align_rows(ja, en)
    assert [(r.key, r.original is not None, r.translation is not None) for r in rows] == [
        ("preamble", True, True),
        ("3", True, True),
        ("3.1", True, True),
        ("3.6", True, False),
        ("3.7", False, True),
        ("4", True, True),
    ]


def test_unnumbered_sections_between_the_same_articles_are_paired_by_position() -> None:
    ja = parse_clauses("前文\n\n## 1. 定義\n\n1.1. 本文\n\n## お問い合わせ\n\n窓口")
    en = parse_clauses("Preamble\n\n## 1. Definitions\n\n1.1. Text\n\n## Contact\n\nDesk")
    rows = align_rows(ja, en)
    assert [(r.original.heading, r.translation.heading) for r in rows][-1] == ("お問い合わせ", "Contact")
    assert len(rows) == 4


def revision(lang: str, effective: str, body: str) -> Revision:
    day = dt.date.fromisoformat(effective)
    text = PolicyText("Privacy Policy", day, "", False, body, 5)
    posted = dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone(dt.timedelta(hours=9)))
    return Revision(
        "privacy", lang, f"docs/{lang}/privacy.md", day, posted, f"{lang}{effective}".ljust(40, "0"), "", text
    )


def test_revisions_pair_by_effective_date_and_a_one_language_revision_pairs_with_nothing() -> None:
    ja = Policy(
        "privacy", "ja", "docs/ja/privacy.md", (revision("ja", "2017-05-10", "a"), revision("ja", "2020-04-01", "b"))
    )
    en = Policy("privacy", "en", "docs/en/privacy.md", (revision("en", "2017-05-10", "a"),))
    pairs = pair_revisions(ja, en)
    assert [(p.id, p.original is not None, p.translation is not None) for p in pairs] == [
        ("2017-05-10", True, True),
        ("2020-04-01", True, False),
    ]


def test_a_clause_amended_in_japanese_only_is_a_stale_translation_pointing_at_the_english_line() -> None:
    ja = Policy(
        "privacy",
        "ja",
        "docs/ja/privacy.md",
        (
            revision("ja", "2017-05-10", ja_body(V1)),
            revision("ja", "2020-04-01", ja_body(V1, {"1.2": "改定後の1.2です。[J:1.2]", "2.1": "改定2.1 [J:2.1]"})),
        ),
    )
    en = Policy(
        "privacy",
        "en",
        "docs/en/privacy.md",
        (
            revision("en", "2017-05-10", en_body(V1)),
            revision("en", "2020-04-01", en_body(V1, {"2.1": "Revised 2.1 [E:2.1]"})),
        ),
    )
    stale = stale_translations(ja, en)
    assert [(s.revision, s.clause, s.changed_lang, s.unchanged_lang) for s in stale] == [
        ("2020-04-01", "1.2", "ja", "en"),
    ]
    warning = stale[0]
    assert warning.path == "docs/en/privacy.md"
    assert warning.line == 5 + en_body(V1).split("\n").index("1.2. English text of clause 1.2. [E:1.2]")
    assert "clause 1.2" in warning.message() and "2020-04-01" in warning.message()
    assert "en text" in warning.hint


def test_english_amended_alone_is_reported_the_other_way_round() -> None:
    ja = Policy(
        "privacy",
        "ja",
        "docs/ja/privacy.md",
        (revision("ja", "2017-05-10", ja_body(V1)), revision("ja", "2020-04-01", ja_body(V1))),
    )
    en = Policy(
        "privacy",
        "en",
        "docs/en/privacy.md",
        (
            revision("en", "2017-05-10", en_body(V1)),
            revision("en", "2020-04-01", en_body(V1, {"1.1": "Better wording [E:1.1]"})),
        ),
    )
    assert [(s.clause, s.changed_lang, s.unchanged_lang) for s in stale_translations(ja, en)] == [("1.1", "en", "ja")]


def test_a_translation_catching_up_with_a_clause_it_lacked_is_not_stale() -> None:
    ja = Policy(
        "privacy",
        "ja",
        "docs/ja/privacy.md",
        (revision("ja", "2017-05-10", ja_body(V2)), revision("ja", "2020-04-01", ja_body(V2))),
    )
    en = Policy(
        "privacy",
        "en",
        "docs/en/privacy.md",
        (revision("en", "2017-05-10", en_body(V1)), revision("en", "2020-04-01", en_body(V2))),
    )
    assert stale_translations(ja, en) == []


def test_a_clause_inserted_in_japanese_only_makes_the_english_clause_under_that_number_stale() -> None:
    inserted = ja_body(
        ["1", "1.1", "1.2", "1.3"], {"1.2": "新設の1.2です。[J:new]", "1.3": "第1.2項の日本語本文です。[J:1.2]"}
    )
    ja = Policy(
        "privacy",
        "ja",
        "docs/ja/privacy.md",
        (revision("ja", "2017-05-10", ja_body(["1", "1.1", "1.2"])), revision("ja", "2020-04-01", inserted)),
    )
    en = Policy(
        "privacy",
        "en",
        "docs/en/privacy.md",
        (
            revision("en", "2017-05-10", en_body(["1", "1.1", "1.2"])),
            revision("en", "2020-04-01", en_body(["1", "1.1", "1.2"])),
        ),
    )
    assert [(s.clause, s.unchanged_lang) for s in stale_translations(ja, en)] == [("1.2", "en")]


# --- Built sites -------------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["privacy/bilingual/index.html", "en/privacy/bilingual/index.html"])
def test_each_row_holds_the_japanese_and_english_text_of_one_clause_and_nothing_else(
    scripted_site: BuildResult, page: str
) -> None:
    rows = rows_of(scripted_site.html(page))
    assert list(rows) == ["preamble", "1", "1.1", "1.2", "2", "2.1", "2.2"]  # in force: 2020-04-01
    for key, cells in rows.items():
        assert markers(cells["ja"]) == {f"[J:{key}]"}, (key, cells)
    for key, cells in rows.items():
        if key != "2.2":
            assert markers(cells["en"]) == {f"[E:{key}]"}, (key, cells)


def test_the_current_page_shows_the_in_force_revision_not_the_upcoming_one(scripted_site: BuildResult) -> None:
    html = scripted_site.html("privacy/bilingual/index.html")
    assert "改定後の1.2です。" in html and "再改定" not in html
    assert "2020年4月1日" in html


def test_a_clause_missing_in_english_is_marked_in_its_own_row(scripted_site: BuildResult) -> None:
    rows = rows_of(scripted_site.html("privacy/history/2020-04-01/bilingual/index.html"))
    assert list(rows)[-1] == "2.2"
    assert markers(rows["2.2"]["ja"]) == {"[J:2.2]"}
    assert "翻訳なし" in rows["2.2"]["en"] and markers(rows["2.2"]["en"]) == set()
    en_rows = rows_of(scripted_site.html("en/privacy/history/2020-04-01/bilingual/index.html"))
    assert "translation missing" in en_rows["2.2"]["en"]


def test_a_clause_changed_in_japanese_only_is_marked_translation_may_be_out_of_date(scripted_site: BuildResult) -> None:
    html = scripted_site.html("privacy/history/2020-04-01/bilingual/index.html")
    rows = rows_of(html)
    assert "翻訳未更新の可能性" in rows["1.2"]["en"]
    assert all(
        "翻訳未更新の可能性" not in cells.get("en", "") + cells["ja"] for key, cells in rows.items() if key != "1.2"
    )
    assert (
        "translation may be out of date"
        in rows_of(scripted_site.html("en/privacy/history/2020-04-01/bilingual/index.html"))["1.2"]["en"]
    )
    # 1.1 changed in both languages: nothing to flag. In 2026-12 both changed 1.2: nothing either.
    later = rows_of(scripted_site.html("privacy/history/2026-12-01/bilingual/index.html"))
    assert not any("翻訳未更新の可能性" in c["ja"] + c["en"] for c in later.values())


def test_every_revision_has_a_bilingual_page_in_both_languages_linked_from_its_revision_page_and_the_history(
    scripted_site: BuildResult,
) -> None:
    for effective in ("2017-05-10", "2020-04-01", "2026-12-01"):
        for prefix, word in (("", "日英対照"), ("en/", "Japanese and English")):
            page = scripted_site.html(f"{prefix}privacy/history/{effective}/bilingual/index.html")
            assert rows_of(page)["1"]
            revision_page = scripted_site.html(f"{prefix}privacy/history/{effective}/index.html")
            assert f'<a href="bilingual/">{word}</a>' in revision_page
            history = scripted_site.html(f"{prefix}privacy/history/index.html")
            assert f'<a href="{effective}/bilingual/">{word}</a>' in history


def test_rows_are_addressable_with_the_number_visible_and_each_cell_has_its_language(
    scripted_site: BuildResult,
) -> None:
    html = scripted_site.html("privacy/bilingual/index.html")
    row = re.search(r'<tr id="clause-1\.2"[^>]*>(.*?)</tr>', html, re.S).group(1)
    assert re.findall(r'<td [^>]*lang="(ja|en)"', row) == ["ja", "en"]
    assert row.count("<b>1.2.</b>") == 2
    assert html.count('id="clause-1.2"') == 1
    assert '<html lang="ja"' in html and '<html lang="en"' in scripted_site.html("en/privacy/bilingual/index.html")


def test_the_pages_have_titles_in_their_own_language(scripted_site: BuildResult) -> None:
    assert "<title>プライバシーポリシー（日英対照）" in scripted_site.html("privacy/bilingual/index.html")
    assert "<title>Privacy Policy: Japanese and English" in scripted_site.html("en/privacy/bilingual/index.html")
    assert "（日英対照・2017年5月10日施行）" in scripted_site.html("privacy/history/2017-05-10/bilingual/index.html")
    assert "(effective May 10, 2017)" in scripted_site.html("en/privacy/history/2017-05-10/bilingual/index.html")


def page_kind(path: str) -> str:
    parts = path.split("/")
    if parts[-2] == "bilingual":
        return "bilingual"
    if parts[-2] == "history":
        return "history"
    if parts[-2] in ("changes", "since", "clauses"):
        return parts[-2]
    return "revision"


def assert_switcher_keeps_the_page(result: BuildResult) -> set[str]:
    """Every generated page under privacy/ has its twin under en/privacy/ and the switcher links them."""
    site = result.site
    kinds = set()
    ja_pages = {f.relative_to(site).as_posix() for f in (site / "privacy").rglob("index.html")}
    en_pages = {f.relative_to(site / "en").as_posix() for f in (site / "en" / "privacy").rglob("index.html")}
    assert ja_pages == en_pages
    for ja_path in sorted(ja_pages):
        en_path = "en/" + ja_path
        kinds.add(page_kind(ja_path))
        for here, there, lang in ((ja_path, en_path, "en"), (en_path, ja_path, "ja")):
            html = result.html(here)
            # The language switcher's link (a translation's notice also links the original's page).
            hrefs = re.findall(rf'<a href="([^"]+)" hreflang="{lang}"[^>]*class="md-select__link', html)
            assert len(hrefs) == 1, (here, hrefs)
            target = posixpath.normpath(posixpath.join(posixpath.dirname(here), hrefs[0]))
            assert target + "/index.html" == there, (here, hrefs[0])
    return kinds


def test_the_language_switcher_leads_to_the_same_page_in_the_other_language_on_every_generated_page(
    scripted_site: BuildResult,
) -> None:
    kinds = assert_switcher_keeps_the_page(scripted_site)
    assert kinds == {"history", "revision", "changes", "since", "bilingual", "clauses"}


def test_a_revision_in_japanese_only_is_shown_with_a_notice(policy_repo: PolicyRepo) -> None:
    policy_repo.commit(
        "Establish",
        "2017-05-10T10:00:00+09:00",
        {
            "docs/ja/privacy.md": ja_file("2017-05-10", V1),
            "docs/en/privacy.md": en_file("2017-05-10", V1),
        },
    )
    policy_repo.commit(
        "Japanese revision, translation to follow",
        "2020-04-01T09:00:00+09:00",
        {
            "docs/ja/privacy.md": ja_file("2020-04-01", V1, {"1.1": "改定後の1.1です。[J:1.1]"}, "改定"),
        },
    )
    result = policy_repo.build(as_of="2026-11-29")
    assert result.returncode == 0, result.output
    for page, notice, missing in (
        ("privacy/history/2020-04-01/bilingual/index.html", "この版には英語版がありません。", "翻訳なし"),
        (
            "en/privacy/history/2020-04-01/bilingual/index.html",
            "This revision has no English text",
            "translation missing",
        ),
        ("privacy/bilingual/index.html", "この版には英語版がありません。", "翻訳なし"),
    ):
        html = result.html(page)
        assert notice in html, page
        rows = rows_of(html)
        assert markers(rows["1.1"]["ja"]) == {"[J:1.1]"} and missing in rows["1.1"]["en"]
    both = result.html("privacy/history/2017-05-10/bilingual/index.html")
    assert "この版には英語版がありません。" not in both
    # The English revision and changes pages of a Japanese-only revision say so, rather than the
    # switcher falling back to the home page.
    for page in ("en/privacy/history/2020-04-01/index.html", "en/privacy/history/2020-04-01/changes/index.html"):
        html = result.html(page)
        assert "has no English text" in html and "Read the Japanese text" in html
        assert 'href="../bilingual/"' in html or 'href="bilingual/"' in html
    assert_switcher_keeps_the_page(result)


def test_an_uncommitted_edit_has_a_draft_side_by_side_page(policy_repo: PolicyRepo) -> None:
    policy_repo.commit(
        "Establish",
        "2017-05-10T10:00:00+09:00",
        {
            "docs/ja/privacy.md": ja_file("2017-05-10", V1),
            "docs/en/privacy.md": en_file("2017-05-10", V1),
        },
    )
    policy_repo.write("docs/ja/privacy.md", ja_file("2027-01-01", V1, {"1.1": "下書きの1.1です。[J:1.1]"}, "改定"))
    policy_repo.write("docs/en/privacy.md", en_file("2027-01-01", V1, {"1.1": "Draft 1.1. [E:1.1]"}, "Revised"))
    result = policy_repo.build(as_of="2026-11-29", env={"POLICY_DRAFTS": "1"})  # a preview, as `make serve`
    assert result.returncode == 0, result.output
    rows = rows_of(result.html("privacy/history/draft/bilingual/index.html"))
    assert "下書きの1.1です。" in rows["1.1"]["ja"] and "Draft 1.1." in rows["1.1"]["en"]
    assert "下書きの1.1です。" not in result.html("privacy/bilingual/index.html")


def test_the_real_site_has_the_side_by_side_view_linked_from_the_home_pages(project_site: BuildResult) -> None:
    assert project_site.returncode == 0, project_site.output
    rows = rows_of(project_site.html("privacy/bilingual/index.html"))
    assert "3.1.2" in rows and set(rows["3.1.2"]) == {"ja", "en"}
    assert "本サービスに関するご案内" in rows["3.1.2"]["ja"] and "inquiries from users" in rows["3.1.2"]["en"]
    assert 'href="privacy/bilingual/"' in project_site.html("index.html")
    assert 'href="privacy/bilingual/"' in project_site.html("en/index.html")


def test_the_stylesheet_stacks_rows_on_phones_and_keeps_both_columns_in_print() -> None:
    css = (Path(__file__).resolve().parents[1] / "docs/assets/policy.css").read_text(encoding="utf-8")
    section = css[css.index("/* Bilingual") :]
    assert "max-width: 600px" in section and "display: block" in section
    assert "@media print" in section and "display: table-cell !important" in section
