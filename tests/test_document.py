"""What a reader sees of a version (`reader_fingerprint`), and the front matter remembered by its YAML."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policy_engine import cache
from policy_engine.document import parse_policy_text, reader_fingerprint
from policy_engine.errors import PolicyError

from conftest import policy_text


def _body_text(body: str) -> str:
    return reader_fingerprint(parse_policy_text(policy_text("2021-01-01", body), path="docs/en/privacy.md")).split(
        "\x00", 3
    )[3]


BODIES = st.text(alphabet=st.sampled_from(list("ab c\n\n.")), max_size=80)


@given(BODIES)
@settings(max_examples=300, deadline=None)
def test_whitespace_that_markdown_ignores_keeps_the_fingerprint(body: str) -> None:
    # Blank-line runs, a single trailing space and re-wrapping a paragraph render the same.
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n[ \t]*\n", body)]
    tidy = "\n\n".join(p for p in paragraphs if p)
    messy = "\n\n\n".join(p.replace(" ", " \n") + " " for p in paragraphs if p)
    assert _body_text(messy) == _body_text(tidy)


def test_wrapping_a_japanese_sentence_adds_no_space_but_a_space_written_stays() -> None:
    assert _body_text("当社は\n利用します。") == _body_text("当社は利用します。") != _body_text("当社は 利用します。")


def test_an_edit_that_changes_what_the_page_shows_changes_the_fingerprint_even_if_only_whitespace_changed() -> None:
    plain = "1.1. We use\ndata.\n"
    assert _body_text("1.1. We use  \ndata.\n") != _body_text(plain), "two trailing spaces make a line break"
    assert _body_text("Intro.\n\n    1.1. We use data.\n") != _body_text("Intro.\n\n1.1. We use data.\n"), (
        "four spaces make a code block"
    )


def test_a_change_of_syntax_that_renders_the_same_text_keeps_the_fingerprint() -> None:
    atx = "## 1. Scope\n\n* 1.1. We use data.\n* 1.2. We keep it safe.\n"
    setext = "1\\. Scope\n\n- 1.1. We use\n  data.\n- 1.2. We keep it safe.\n"
    deeper = "#### 1. Scope ####\n\n+ 1.1. We use data.\n+ 1.2. We keep it safe.\n"
    assert _body_text(atx) == _body_text(setext) == _body_text(deeper)


def test_re_flowing_a_paragraph_keeps_the_fingerprint_and_rewording_it_changes_it() -> None:
    one = parse_policy_text(policy_text("2021-01-01", "\n1.1. We use\ndata.\n"), path="p.md")
    reflowed = parse_policy_text(policy_text("2021-01-01", "\n1.1. We use data.\n\n\n"), path="p.md")
    reworded = parse_policy_text(policy_text("2021-01-01", "\n1.1. We use no data.\n"), path="p.md")

    assert reader_fingerprint(one) == reader_fingerprint(reflowed) != reader_fingerprint(reworded)


def test_a_front_matter_error_is_reported_with_each_commit_even_when_the_yaml_was_seen_before() -> None:
    cache.clear_all()
    broken = policy_text("2021-02-30", "\n1.1. Text.\n")
    for commit in ("a" * 40, "b" * 40):
        with pytest.raises(PolicyError) as error:
            parse_policy_text(broken, path="docs/en/privacy.md", commit=commit)
        assert commit[:7] in str(error.value)


# Front-matter lines, ordinary and tricky: values that go on to the next line (open quotes and
# brackets, block scalars, indented continuations), comments, tags, anchors, keys YAML reads as
# something else, impossible dates, document markers, repeated keys.
FRONT_MATTER_LINES = st.sampled_from(
    [
        "title: プライバシーポリシー",
        "title: Privacy: notice",
        "effective: 2021-01-01",
        "effective: 2021-02-30",
        "effective: 2021-01-01T10:00:00+09:00",
        "posted: 2017-05-10 10:00",
        "summary: 第2版 # comment",
        'summary: "open',
        "summary: 'it''s'",
        "  continued",
        "correction: |",
        "correction: >-",
        "  folded text",
        "consent_required: [3.2.4, 4.4]",
        "consent_required: [3.2,",
        "4.4]",
        "consent_required: true",
        "consent_required: yes",
        "corrects: summary",
        "true: x",
        "null: x",
        "on: x",
        "a-b_c: 1.5",
        "key:",
        "key:value",
        "key: &anchor x",
        "other: *anchor",
        "tag: !!str 12",
        "bin: !!binary aGk=",
        "map: {a: 1}",
        "# a comment",
        "",
        "---",
        "...",
        "- item",
        "\ttab: x",
        "key :x",
    ]
)


@given(st.lists(FRONT_MATTER_LINES, max_size=8))
@settings(max_examples=1000, deadline=None)
def test_front_matter_read_line_by_line_equals_the_whole_read_at_once(lines: list[str]) -> None:
    """The line-by-line reading (each line remembered) is taken only when it gives what YAML gives
    for the whole text, in the same order; anything else is left to the whole reading."""
    from policy_engine import document

    yaml_text = "".join(line + "\n" for line in lines)
    simple = document._simple_mapping(yaml_text)
    if simple is not None:
        whole = document._safe_load(yaml_text)
        assert isinstance(whole, dict)
        assert list(simple.items()) == list(whole.items())


def test_a_front_matter_read_line_by_line_reports_the_same_errors() -> None:
    cache.clear_all()
    seen = policy_text("2021-01-01", "\n1.1. Text.\n")
    parse_policy_text(seen, path="docs/en/privacy.md")  # its lines are now remembered
    twice = seen.replace("effective: 2021-01-01\n", "effective: 2021-01-01\neffective: 2021-01-01\n", 1)
    with pytest.raises(PolicyError) as error:
        parse_policy_text(twice, path="docs/en/privacy.md", commit="c" * 40)
    assert "`effective:` appears twice" in str(error.value)
    assert error.value.line == 4
