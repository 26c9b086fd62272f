"""The authoring convention: Markdown body -> clauses (no git, no MkDocs)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policy_engine.clauses import MAX_DEPTH, _shown, blocks, blocks_at_once, parse_clauses, reader_text
from policy_engine.compare import compare_clauses
from policy_engine.errors import PolicyError

from conftest import PROJECT

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
    # The editor wrapped the line; the reader sees one sentence (no space between Japanese characters).
    assert clause.text == "「利用者情報」とは、利用者に関する情報をいいます。"
    assert clause.depth == 2


def test_line_numbers_point_at_the_file_line_where_each_clause_starts() -> None:
    lines = POLICY.split("\n")
    by_key = {c.key: c for c in parse_clauses(POLICY, first_line=6)}
    for key, start in (
        ("1", "## 1. 定義"),
        ("1.1", "1.1. 「利用者情報」とは、"),
        ("3.1.2", "- 3.1.2. お問い合わせへの対応"),
        ("お問い合わせ窓口", "##お問い合わせ窓口"),
    ):
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
        "1",
        "1.1",
        "1.1~2",
        "notes",
        "notes~2",
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


# --- Clauses are found from the Markdown's structure, whatever the syntax -------------------

ONE_TEXT = {
    "atx": "Intro.\n\n## 1. Who's Who\n\n1.1. We are IJGN.\n\n## 2. Data\n\n- 2.1. Names.\n- 2.2. Mail addresses.\n",
    "setext": "Intro.\n\n1. Who's Who\n------------\n\n1.1. We are IJGN.\n\n2. Data\n-------\n\n* 2.1. Names.\n* 2.2. Mail addresses.\n",
    "escaped": "Intro.\n\n1\\. Who's Who\n\n1.1. We are IJGN.\n\n2\\. Data\n\n+ 2.1. Names.\n+ 2.2. Mail\n  addresses.\n",
    "levels": "Intro.\n\n### 1. Who's Who ###\n\n1.1. We are\nIJGN.\n\n#### 2. Data\n\n- 2.1. Names.\n- 2.2. Mail addresses.\n",
    "no space": "Intro.\n\n##1. Who's Who\n\n1.1. We are IJGN.\n\n##2. Data\n\n- 2.1. Names.\n\n- 2.2. Mail addresses.\n",
}


@pytest.mark.parametrize("syntax", sorted(ONE_TEXT))
def test_the_same_clauses_are_found_from_every_syntax_of_one_text(syntax: str) -> None:
    clauses = parse_clauses(ONE_TEXT[syntax])
    assert [(c.key, c.kind, c.comparable_text) for c in clauses] == [
        ("preamble", "preamble", "Intro."),
        ("1", "article", "Who's Who"),
        ("1.1", "clause", "We are IJGN."),
        ("2", "article", "Data"),
        ("2.1", "clause", "Names."),
        ("2.2", "clause", "Mail addresses."),
    ]


@pytest.mark.parametrize("syntax", sorted(ONE_TEXT))
def test_a_change_of_syntax_alone_changes_no_clause(syntax: str) -> None:
    changes = compare_clauses(parse_clauses(ONE_TEXT["atx"]), parse_clauses(ONE_TEXT[syntax]))
    assert {c.status for c in changes} == {"unchanged"}


def test_unnumbered_headings_at_any_level_and_style_are_keyed_by_their_title() -> None:
    atx = parse_clauses("## 1.Introduction\n\nText.\n\n### Who's Who\n\nUs.\n")
    setext = parse_clauses("1.Introduction\n==============\n\nText.\n\nWho's Who\n---------\n\nUs.\n")
    assert (
        [(c.key, c.heading) for c in atx]
        == [(c.key, c.heading) for c in setext]
        == [
            ("1", "Introduction"),
            ("who-s-who", "Who's Who"),
        ]
    )


def test_a_list_needs_a_blank_line_before_it_as_in_python_markdown() -> None:
    clauses = parse_clauses("## 1. A\n\nWe collect:\n- 1.1. names\n")
    assert [c.key for c in clauses] == ["1"]
    assert clauses[0].text == "We collect: - 1.1. names"


def test_tables_html_blocks_and_code_belong_to_the_clause_before_them() -> None:
    body = (
        "## 1. Cookies {: #cookies }\n\n| Name | Use |\n|---|---|\n| a | *login* |\n\n"
        '<div class="note">\n<p>1.2. not a clause</p>\n</div>\n\n    indented code\n\n1.1. A clause.\n{: .important }\n'
    )
    clauses = parse_clauses(body)
    assert [(c.key, c.heading) for c in clauses] == [("1", "Cookies"), ("1.1", "")]
    assert clauses[0].text == (
        '| Name | Use |\n| a | *login* |\n\n<div class="note">\n<p>1.2. not a clause</p>\n</div>\n\n```\nindented code\n```'
    )
    assert clauses[1].text == "A clause."


def test_a_nested_numbered_item_is_its_own_clause_and_ordered_items_are_numbered_as_rendered() -> None:
    body = "## 3. Use\n\n- 3.1. We use:\n\n    5. names\n    7. mail\n\n- 3.2. And keep.\n"
    clauses = parse_clauses(body)
    assert [(c.key, c.text) for c in clauses] == [
        ("3", ""),
        ("3.1", "We use:\n\n1. names\n\n2. mail"),
        ("3.2", "And keep."),
    ]


def test_a_huge_heading_line_of_hashes_parses_in_linear_time() -> None:
    # Issue 11: a 128 KB line of " #" took 47 s with the old line pattern. No timing here (speed
    # lives in scripts/bench.py); this only shows that such input is a plain paragraph.
    clauses = parse_clauses(" #" * 65_536)
    assert [c.key for c in clauses] == ["preamble"]


# --- What the parser finds, the rendered page anchors -----------------------------------------


def rendered_ids(body: str) -> list[str]:
    import markdown

    from policy_engine.anchors import ClauseAnchorExtension

    # The extensions MkDocs always adds, those in mkdocs.yml, and ours.
    html = markdown.markdown(
        body, extensions=["toc", "tables", "fenced_code", "attr_list", "md_in_html", ClauseAnchorExtension()]
    )
    return re.findall(r'id="(clause-[^"]+)"', html)


@pytest.mark.parametrize(
    "body",
    [
        POLICY,
        *ONE_TEXT.values(),
        "##見出し\n\n本文。\n\n## Cookies {: #cookies }\n\nText.\n\n## Cookies\n\nMore.\n",
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n## 1. A\n\n- 1.1. x\n\n    More of 1.1.\n\n- 1.2. y\n",
        (PROJECT / "docs/ja/privacy.md").read_text(encoding="utf-8").split("---\n", 2)[2],
        (PROJECT / "docs/en/privacy.md").read_text(encoding="utf-8").split("---\n", 2)[2],
    ],
)
def test_every_clause_the_parser_finds_has_its_anchor_in_the_rendered_page(body: str) -> None:
    assert rendered_ids(body) == [c.anchor for c in parse_clauses(body)]


# --- A syntax-only rewrite of any policy changes nothing -------------------------------------

WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)
JAPANESE = st.text(alphabet="当社利用者情報提供管理第三安全措置のをはにします", min_size=1, max_size=12)
SENTENCE = st.one_of(
    st.lists(WORD, min_size=1, max_size=12).map(lambda words: " ".join(words) + "."),
    JAPANESE.map(lambda text: text + "。"),
)
POLICIES = st.lists(  # articles: (title, [(clause text, as a list item?)], unnumbered section after?)
    st.tuples(SENTENCE, st.lists(st.tuples(SENTENCE, st.booleans()), max_size=4), st.booleans()),
    min_size=1,
    max_size=5,
)
STYLES = st.fixed_dictionaries(
    {
        "heading": st.sampled_from(["atx", "closed", "setext", "escaped"]),
        "level": st.integers(min_value=1, max_value=6),
        "marker": st.sampled_from("-*+"),
        "wrap": st.booleans(),
        "blank": st.sampled_from(["\n\n", "\n\n\n"]),
    }
)


def write_policy(articles: list, style: dict) -> str:
    """One policy text in one syntax (the words are the same in every syntax)."""

    def wrap(text: str) -> str:
        if not style["wrap"]:
            return text
        if " " in text:  # English is wrapped at spaces, Japanese between any two characters
            return text.replace(" ", "\n", 2)
        if text.isascii():
            return text
        return text[: len(text) // 2] + "\n" + text[len(text) // 2 :]

    parts = ["Preamble."]
    for n, (title, clauses, section) in enumerate(articles, 1):
        title = title.rstrip(".。")
        hashes = "#" * (style["level"] if style["heading"] != "setext" else 1)
        parts.append(
            {
                "atx": f"{hashes} {n}. {title}",
                "closed": f"{hashes} {n}. {title} {hashes}",
                "setext": f"{n}. {title}\n{'-' * 3}",
                "escaped": f"{n}\\. {title}",
            }[style["heading"]]
        )
        for m, (text, item) in enumerate(clauses, 1):
            parts.append(
                f"{style['marker']} {n}.{m}. {wrap(text)}".replace("\n", "\n  ") if item else f"{n}.{m}. {wrap(text)}"
            )
        if section:
            parts.append(
                f"{hashes} Notes {n}\n\n{wrap(title)}"
                if style["heading"] != "setext"
                else f"Notes {n}\n---\n\n{wrap(title)}"
            )
    return style["blank"].join(parts) + "\n"


@given(POLICIES, STYLES, STYLES)
@settings(max_examples=200, deadline=None)
def test_a_syntax_only_rewrite_of_any_policy_yields_no_change(articles: list, before: dict, after: dict) -> None:
    old, new = write_policy(articles, before), write_policy(articles, after)
    changes = compare_clauses(parse_clauses(old), parse_clauses(new))
    assert {c.status for c in changes} == {"unchanged"}, (old, new)
    assert all(s.op == "equal" for c in changes for s in c.segments)
    assert reader_text(old) == reader_text(new)


# --- The reader's text is read piece by piece, exactly as the whole ---------------------------

MARKDOWN_LINES = st.sampled_from(
    [
        "",
        "",
        "text",
        "## 1. H",
        "1.1. x",
        "- a",
        "* b",
        "1. c",
        "2. d",
        "    code",
        "  indented",
        "```",
        "~~~",
        "```py",
        "````",
        "---",
        "===",
        "| a | b |",
        "|---|---|",
        "> q",
        "<div>",
        "</div>",
        "<!-- c",
        "-->",
        "[r]: /u",
        "[r]",
        "{: #x }",
        "Title",
        "あいう",
        "\t tab",
        "#x",
        "<pre>",
        "</pre>",
        "  - nested",
        "3) e",
        " - x",
        "+ z",
    ]
)


@given(st.lists(MARKDOWN_LINES, max_size=40))
@settings(max_examples=1000, deadline=None)
def test_the_reader_text_read_in_pieces_equals_the_whole_read_at_once(lines: list[str]) -> None:
    body = "\n".join(lines)
    whole = "\n\n".join(_shown(block) for block in blocks_at_once(body) if block.text)
    assert reader_text(body) == whole


@given(st.lists(MARKDOWN_LINES, max_size=40))
@settings(max_examples=1000, deadline=None)
def test_the_blocks_read_in_pieces_equal_the_whole_read_at_once(lines: list[str]) -> None:
    """Clauses (and their line numbers) come from blocks read piece by piece and remembered."""
    body = "\n".join(lines)
    assert blocks(body) == blocks_at_once(body)


# --- The linear inline rules read exactly what the parser's own rules read ----------------


def _reference_parser():  # type: ignore[no-untyped-def]
    """markdown-it-py with only our two block rules (Python-Markdown's headings and lists)."""
    from markdown_it import MarkdownIt

    from policy_engine import clauses

    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    md.block.ruler.at("heading", clauses._heading_without_space, {"alt": ["paragraph", "reference", "blockquote"]})
    md.block.ruler.at("list", clauses._list_after_a_blank_line, {"alt": ["paragraph", "reference", "blockquote"]})
    return md


INLINE_TEXT = st.text(alphabet="ab #*_`[]()!<>&;\\\n/x1.{}:-", max_size=120) | st.lists(
    st.sampled_from(
        [
            "&amp;",
            "&#65;",
            "&#x41;",
            "&bogus;",
            "<b>",
            "</b>",
            "<!-- c -->",
            "<a href='x'>",
            "\\*",
            "\\a",
            "[l](u)",
            "![i](s)",
            "*em*",
            "**st**",
            "`c`",
            "  \n",
            "text ",
            "日本",
        ]
    ),
    max_size=30,
).map("".join)


@given(INLINE_TEXT)
@settings(max_examples=1500, deadline=None)
def test_the_linear_inline_rules_give_the_same_text_as_the_parsers_own(body: str) -> None:
    from policy_engine.clauses import _blocks

    assert blocks(body) == list(_blocks(_reference_parser().parse(body)))


def _pieces_line_by_line(body: str) -> list[str]:
    """`_independent_pieces` as first written, a loop over the lines: the reference for its regex."""
    if re.search(r"^ {0,3}(?:```|~~~|<|\[[^\]\n]*\]:)", body, re.MULTILINE):
        return [body]
    continues = re.compile(r"[ \t]|[-*+](?:[ \t]|$)|\d{1,9}[.)](?:[ \t]|$)|[=|]|$")
    pieces: list[str] = []
    start = position = 0
    previous_blank = False
    for line in body.split("\n"):
        if previous_blank and not continues.match(line):
            pieces.append(body[start:position])
            start = position
        previous_blank = not line.strip()
        position += len(line) + 1
    pieces.append(body[start:])
    return pieces


# Lines blank only to `str.strip` (an ideographic space, a form feed, a no-break space), and the
# starts that continue a block across a blank line.
PIECE_LINES = st.sampled_from(
    ["", " ", "\t", "\u3000", "\x0c", "\xa0", "\x1c", "a", "1.", "1. x", "12) y", "\u0661. z", "- x", "-", "=", "|",
     " ```", "<p>", "[a]: /b", "#h", "  ", "x\u2028y", "1.1. Text"]
)  # fmt: skip


@given(st.lists(PIECE_LINES, max_size=12))
@settings(max_examples=2000, deadline=None)
def test_the_pieces_are_cut_where_the_line_by_line_reading_cuts_them(lines: list[str]) -> None:
    from policy_engine import clauses

    body = "\n".join(lines)
    assert clauses._independent_pieces(body) == _pieces_line_by_line(body)


# Lines of plain text and of every kind of markup, to test the parser-free reading of plain pieces.
PLAIN_OR_NOT_LINES = st.lists(
    st.sampled_from(
        [
            "1.1. 当社は",
            "利用します。",
            "Text",
            "text  ",
            " lead",
            "a\tb",
            "3. item",
            "3.1 x",
            "12) y",
            "- a",
            "+ b",
            "* c",
            "-",
            "---",
            "===",
            "=",
            ": def",
            "a | b",
            "|-|",
            "# H",
            "## 1. 第1条",
            "###### six",
            "####### seven",
            "##",
            "#x",
            "## t ##",
            "Title {: #t }",
            "a{b}",
            "> q",
            "<b>",
            "&amp;",
            "a\\b",
            "`c`",
            "*e*",
            "_u_",
            "~s~",
            "[l](u)",
            "![i](s)",
            "\u3000全角",
            "末尾\u3000",
            "",
            "",
            " ",
            "\t",
            "    code",
            "あ",
            "x\u00a0y",
            "ｱ",
        ]
    ),
    max_size=8,
)


@given(PLAIN_OR_NOT_LINES)
@settings(max_examples=2000, deadline=None)
def test_a_plain_piece_is_read_without_the_parser_as_the_parser_reads_it(lines: list[str]) -> None:
    from policy_engine import clauses

    for piece in clauses._independent_pieces("\n".join(lines)):
        plain = clauses._plain_piece_text(piece)
        if plain is not None:
            assert plain == "\n\n".join(_shown(block) for block in blocks_at_once(piece) if block.text)


def test_the_pieces_of_the_bench_policy_are_plain() -> None:
    """The fast reading is taken for the texts a history is made of (numbered paragraphs, headings)."""
    from policy_engine import clauses

    body = "\n## 1. 第1条の定め\n\n1.1. 利用者の同意を得て\n利用します。 Text\nmore.\n\n\n1.2. 提供のために。\n"
    pieces = clauses._independent_pieces(body)
    assert all(clauses._plain_piece_text(piece) is not None for piece in pieces)
    assert (
        reader_text(body) == "1. 第1条の定め\n\n1.1. 利用者の同意を得て利用します。 Text more.\n\n1.2. 提供のために。"
    )
