"""The head's additions (a page's styles, its feed link) are the same whether the theme's
`extrahead` block shows them (overrides/main.html) or the hook adds them to the written page."""

from __future__ import annotations

import pytest

from policy_engine.site_head import head_additions, take_styles, with_head_additions

CONTENT = '<div class="policy-changes">\n<style>@page { size: A4; }</style>\n<dl></dl>\n</div>'
FEED = '<link rel="alternate feed" type="application/atom+xml" href="../api/x.atom" title="Feed">'


def page(extrahead: str, content: str) -> str:
    """What Material's base.html makes of a page: the `extrahead` block last in the head."""
    return f"<html>\n  <head>\n    <title>t</title>\n    {extrahead}\n  </head>\n  <body>{content}</body>\n</html>"


@pytest.mark.parametrize("feed", [FEED, ""])
@pytest.mark.parametrize("content", [CONTENT, "<p>no style</p>"])
def test_the_head_is_the_same_with_and_without_the_themes_block(content: str, feed: str) -> None:
    rest, styles = take_styles(content)
    shown = head_additions(styles, feed)

    with_block = with_head_additions(page(shown or "", rest), styles, feed, shown)
    without_block = with_head_additions(page("", rest), styles, feed, shown)

    assert with_block == without_block
    head, body = without_block.split("</head>")
    assert "<style>" not in body and all(style in head for style in styles) and feed in head


def test_styles_leave_the_content_with_the_space_after_them() -> None:
    assert take_styles(CONTENT) == (
        '<div class="policy-changes">\n<dl></dl>\n</div>',
        ("<style>@page { size: A4; }</style>",),
    )
    assert take_styles("<p>x</p><style>unclosed") == ("<p>x</p><style>unclosed", ())
