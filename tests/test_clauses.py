"""The authoring convention: Markdown body -> clauses (no git, no MkDocs)."""

from __future__ import annotations

import pytest

from policy_engine.clauses import MAX_DEPTH, parse_clauses
from policy_engine.errors import PolicyError

POLICY = """\
（基本方針）

当社は、利用者情報を適切に取り扱います。

## 1. 定義

1.1. 「利用者情報」とは、
利用者に関する情報をいいます。

1.2. 「個人情報」とは、個人情報保護法にいう個人情報をいいます。

## 3. 利用目的

当社は、次の目的で利用します。

- 3.1.1. サービスの提供
- 3.1.2. お問い合わせへの対応

##お問い合わせ窓口

窓口までご連絡ください。
"""


def keys(body: str) -> list[str]:
    return [c.key for c in parse_clauses(body)]


def test_the_preamble_articles_clauses_and_list_item_clauses_are_found_in_order() -> None:
    clauses = parse_clauses(POLICY)
    assert [(c.key, c.kind) for c in clauses] == [
        ("preamble", "preamble"),
        ("1", "article"),
        ("1.1", "clause"),
        ("1.2", "clause"),
        ("3", "article"),
        ("3.1.1", "clause"),
        ("3.1.2", "clause"),
        ("お問い合わせ窓口", "block"),
    ]


def test_an_article_keeps_its_heading_and_its_own_text() -> None:
    article = {c.key: c for c in parse_clauses(POLICY)}["3"]
    assert article.number == "3" and article.heading == "利用目的"
    assert article.text == "当社は、次の目的で利用します。"


def test_a_clause_spanning_several_lines_is_one_clause_without_its_number() -> None:
    clause = {c.key: c for c in parse_clauses(POLICY)}["1.1"]
    assert clause.text == "「利用者情報」とは、\n利用者に関する情報をいいます。"
    assert clause.depth == 2


def test_line_numbers_point_at_the_file_line_where_each_clause_starts() -> None:
    lines = POLICY.split("\n")
    by_key = {c.key: c for c in parse_clauses(POLICY, first_line=6)}
    for key, start in (("1", "## 1. 定義"), ("1.1", "1.1. 「利用者情報」とは、"), ("3.1.2", "- 3.1.2. お問い合わせへの対応"),
                       ("お問い合わせ窓口", "##お問い合わせ窓口")):
        assert by_key[key].line == 6 + lines.index(start), key


def test_a_heading_without_a_space_or_number_becomes_an_unnumbered_block_keyed_by_its_title() -> None:
    clauses = parse_clauses("##見出し\n\n本文。\n\n## A. Lettered section\n\nText.\n")
    assert [(c.key, c.number, c.kind, c.heading) for c in clauses] == [
        ("見出し", None, "block", "見出し"),
        ("a-lettered-section", None, "block", "A. Lettered section"),
    ]


def test_an_attribute_list_on_a_heading_does_not_change_its_key() -> None:
    assert keys("## Cookies {: #cookies }\n\nWe use cookies.\n") == ["cookies"]


def test_a_plain_ordered_list_is_text_not_clauses() -> None:
    assert keys("## 2. Items\n\n1. first\n2. second\n") == ["2"]


def test_numbers_inside_a_fenced_block_are_not_clauses() -> None:
    body = "## 1. Example\n\n```\n1.2. not a clause\n## 9. not an article\n```\n\n1.1. A clause.\n"
    clauses = parse_clauses(body)
    assert [c.key for c in clauses] == ["1", "1.1"]
    assert "1.2. not a clause" in clauses[0].text


def test_keys_stay_unique_when_a_number_or_heading_repeats() -> None:
    assert keys("## 1. A\n\n1.1. x\n\n1.1. y\n\n## Notes\n\na\n\n## Notes\n\nb\n") == [
        "1", "1.1", "1.1~2", "notes", "notes~2",
    ]


def test_a_continuation_paragraph_belongs_to_the_clause_before_it() -> None:
    clauses = parse_clauses("## 1. A\n\n1.1. First.\n\nStill first.\n\n1.2. Second.\n")
    assert [(c.key, c.text) for c in clauses] == [("1", ""), ("1.1", "First.\n\nStill first."), ("1.2", "Second.")]


def test_crlf_and_a_table_are_kept_as_text() -> None:
    body = "## 1. Table\n\n| a | b |\n|---|---|\n| 1.2. x | y |\n"
    clauses = parse_clauses(body)
    assert [c.key for c in clauses] == ["1"]
    assert "| 1.2. x | y |" in clauses[0].text


def test_numbering_deeper_than_the_limit_is_refused_with_file_line_and_clause() -> None:
    deep = ".".join(["1"] * (MAX_DEPTH + 1))
    with pytest.raises(PolicyError) as caught:
        parse_clauses(f"## 1. A\n\n{deep}. Too deep.\n", path="docs/ja/privacy.md", first_line=5, commit="a" * 40)
    error = caught.value
    assert (error.path, error.line, error.clause) == ("docs/ja/privacy.md", 7, deep)
    assert "levels deep" in str(error) and "commit aaaaaaa" in str(error) and "hint:" in str(error)


def test_an_empty_body_has_no_clauses() -> None:
    assert parse_clauses("") == []
