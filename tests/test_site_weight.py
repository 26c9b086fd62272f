"""A light site that reads the same: what each page repeats is said once (a table's column names as
CSS variables, not on every cell; no classes the style sheet does not need), and the theme's frame
leaves out its templates' indents, while the text, its languages and preformatted text are intact."""

from __future__ import annotations

import re

import pytest
from browser.scripted_policy import AMENDMENT, AS_OF, write_history

from conftest import BuildResult, PolicyRepo

# A hand-written page whose whitespace is meaning: a code block and a text area keep every space.
PREFORMATTED = """---
title: ホーム
---

[policy](privacy.md)

```text
第1条
    第1項   （字下げ）

        第2項
```

<textarea rows="4">第1条
    第1項   （字下げ）

        第2項</textarea>
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    repo = PolicyRepo(tmp_path_factory.mktemp("weight") / "repo")
    write_history(repo)
    repo.commit("Home page with preformatted text", "2026-11-01T10:00:00+09:00", {"docs/ja/index.md": PREFORMATTED})
    result = repo.build(as_of=AS_OF)
    assert result.returncode == 0, result.output
    return result


def css_variables(table_tag: str) -> dict[str, str]:
    """`--name: 'value'` pairs of a table's style attribute, CSS escapes resolved."""
    style = re.search(r'style="([^"]*)"', table_tag)
    assert style, table_tag
    return {
        name: re.sub(r"\\([0-9a-f]{6})", lambda m: chr(int(m.group(1), 16)), value)
        for name, value in re.findall(r"(--[a-z-]+): '([^']*)'", style.group(1))
    }


def test_the_changes_table_names_its_columns_once_for_the_stacked_phone_layout(site: BuildResult) -> None:
    for path, new, old in (
        (f"privacy/history/{AMENDMENT}/changes/index.html", "改定後", "改定前"),
        (f"en/privacy/history/{AMENDMENT}/changes/index.html", "New", "Old"),
    ):
        html = site.html(path)
        table = re.search(r'<table class="shintaisho"[^>]*>', html)
        assert table, path
        assert css_variables(table.group(0)) == {"--label-new": new, "--label-old": old}
        # The cells say nothing the table already says; the style sheet finds them by position.
        assert "data-label" not in html and '<td class="change-' not in html
        assert re.search(r"<tr [^>]*>\s*<td>.*?</td>\s*<td>", html, re.S), path
    css = (site.site / "assets" / "policy.css").read_text(encoding="utf-8")
    assert "td:first-child::before { content: var(--label-new); }" in css
    assert "td:nth-child(2)::before { content: var(--label-old); }" in css


def test_the_side_by_side_cells_keep_their_language_and_column_name(site: BuildResult) -> None:
    html = site.html("privacy/bilingual/index.html")
    table = re.search(r'<table class="bilingual"[^>]*>', html)
    assert table
    assert css_variables(table.group(0)) == {
        "--label-original": "日本語（正文）",
        "--label-translation": "英語（参考訳）",
    }
    row = re.search(r'<tr id="clause-3\.1\.2"[^>]*>(.*?)</tr>', html, re.S)
    assert row
    cells = re.findall(r'<td lang="(ja|en)">(.*?)</td>', row.group(1), re.S)
    assert [lang for lang, _ in cells] == ["ja", "en"]
    assert "本サービスの改善のための分析" in cells[0][1] and "analyse how the Service" in cells[1][1]
    assert "bilingual-cell" not in html and 'class="bilingual-text"' not in html


def test_the_clause_history_link_is_named_once_for_assistive_technology(site: BuildResult) -> None:
    html = site.html(f"privacy/history/{AMENDMENT}/changes/index.html")
    links = re.findall(r'<a class="clause-history-link"[^>]*>[^<]*</a>', html)
    assert links
    for link in links:
        assert re.search(r'aria-label="この条項の改定履歴 \([^)]+\)"', link) and ">履歴</a>" in link
        assert "title=" not in link


def test_the_frame_loses_its_indents_but_not_the_spaces_that_separate_words(site: BuildResult) -> None:
    html = site.html(f"privacy/history/{AMENDMENT}/changes/index.html")
    frame = html.split("<article")[0]
    # The theme's templates are read without their indents (a line break still separates words).
    assert not re.search(r"\n[ \t]+\S", frame), "no indented line in the theme's frame"
    # The page's print header and its feed link are in the head once (the theme's block shows them).
    head = html.split("</head>")[0]
    assert head.count("<style>@page") == 1 and head.count('rel="alternate feed"') == 1
    # Material's configuration has Japanese as text, not \\u escapes.
    config = re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.S)
    assert config and "検索" in config.group(1) and "\\u" not in config.group(1)
    # Words of the header stay apart.
    assert re.search(r"IJGN\s+プライバシーポリシー|Privacy\s+Policy", html)


def test_preformatted_text_keeps_every_space_and_line(site: BuildResult) -> None:
    html = site.html("index.html")
    expected = "第1条\n    第1項   （字下げ）\n\n        第2項"
    pre = re.search(r"<pre[^>]*>(.*?)</pre>", html, re.S)
    assert pre and expected in re.sub(r"<[^>]+>", "", pre.group(1))
    textarea = re.search(r"<textarea[^>]*>(.*?)</textarea>", html, re.S)
    assert textarea and textarea.group(1) == expected
