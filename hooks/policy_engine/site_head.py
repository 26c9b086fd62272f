"""What a published site needs besides its pages: the feed link in each page head, the language
homes for the 404 page, a search index per language. Markup from Jinja templates (autoescape)."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from .cache import clear_with_the_rest

_TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"), autoescape=True, undefined=StrictUndefined
)


@functools.lru_cache(maxsize=256)  # the same few links (one per page depth and language) on every page
def feed_link(href: str, title: str) -> Markup:
    """`<link rel="alternate feed" type="application/atom+xml">`, titled in the page's language.

    Not `rel="alternate"` alone: Material's script takes every `link[rel=alternate]` for a
    language's root and requests `sitemap.xml` beside it (a 404 next to the feed). `rel` is a set
    of tokens: feed readers still find `alternate` with the Atom type, and `feed` (microformats'
    registered relation) says what the link is; Material's exact-match selector skips it.
    """
    return Markup(_TEMPLATES.get_template("feed_link.html").render(href=href, title=title).strip())  # noqa: S704 (an autoescaping template's output)


clear_with_the_rest(feed_link.cache_clear)


def language_homes(config: Any) -> list[dict[str, str]]:
    """Each language's home page, absolute from site_url, default language first (i18n's order)."""
    site_url = str(config.site_url or "/")
    if not site_url.endswith("/"):
        site_url += "/"
    i18n = config.plugins.get("i18n")
    entries = list(i18n.config.languages) if i18n is not None else []
    entries.sort(key=lambda language: not language.default)
    return [
        {
            "lang": language.locale,
            "name": language.name,
            "link": site_url if language.default else f"{site_url}{language.locale}/",
        }
        for language in entries
    ]


def split_search_index(index: dict[str, Any], languages: Sequence[str], default: str) -> dict[str, dict[str, Any]]:
    """mkdocs-static-i18n writes one search index for every language; split it into one per
    language, so a Japanese search never lists English pages and the reverse. Each language's
    pages point their search at their own language's folder (`policy_search_base`), so the
    English index holds locations relative to `en/`. Returns language -> index."""
    prefixes = {lang: "" if lang == default else f"{lang}/" for lang in languages}
    split: dict[str, dict[str, Any]] = {lang: {**index, "docs": []} for lang in languages}
    for doc in index.get("docs", []):
        location = str(doc.get("location", ""))
        lang = next(
            (lang for lang, prefix in prefixes.items() if prefix and (location + "/").startswith(prefix)), default
        )
        split[lang]["docs"].append({**doc, "location": location[len(prefixes[lang]) :]})
    return split


_STYLE = re.compile(r"<style>(?P<css>.*?)</style>\s*", re.DOTALL)
_BEFORE_HEAD_END = "\n  "
"""What the theme writes between the `extrahead` block and `</head>` (Material's base.html)."""


def take_styles(content: str) -> tuple[str, tuple[str, ...]]:
    """Page content may carry a small `<style>` (a 新旧対照表's running header for print); HTML
    allows `<style>` only in `<head>`, so it goes there (the W3C checker would flag it): the
    content without its styles (and the space after each), and the styles.

    Found with `str.find`, so that a page without a style costs one search.

    >>> take_styles("<p>a</p><style>p{}</style>\\n<p>b</p>")
    ('<p>a</p><p>b</p>', ('<style>p{}</style>',))
    """
    start = content.find("<style>")
    if start < 0:
        return content, ()
    styles: list[str] = []
    rest: list[str] = []
    done = 0
    while start >= 0:
        match = _STYLE.match(content, start)
        if match is None:
            break  # no `</style>` after it: nothing further can be a style either
        rest.append(content[done:start])
        styles.append(match.group(0).strip())
        done = match.end()
        start = content.find("<style>", done)
    rest.append(content[done:])
    return "".join(rest), tuple(styles)


def head_additions(styles: Sequence[str], feed: str) -> str | None:
    """What the theme's `extrahead` block shows (`policy_head` in overrides/main.html): the page's
    styles, then its feed link, each on a line of its own before `</head>`. None when the block
    cannot show them (styles without a feed: `</head>` would have to lose its indentation);
    `with_head_additions` adds them then.

    >>> head_additions([], ""), head_additions(["<style>p{}</style>"], "<link>")
    ('', '\\n    <style>p{}</style>\\n  <link>')
    """
    if not feed:
        return None if styles else ""
    return _BEFORE_HEAD_END + "".join(f"  {style}\n" for style in styles) + f"  {feed}"


def with_head_additions(html: str, styles: Sequence[str], feed: str, shown: str | None) -> str:
    """The page with its styles and feed link last in the head: as it is when the theme showed
    them (`shown`, from `head_additions`), else added before `</head>` (one copy of the page).

    >>> with_head_additions("<head>\\n  </head><p>a</p>", ["<style>p{}</style>"], "<link>", None)
    '<head>\\n    <style>p{}</style>\\n  <link>\\n  </head><p>a</p>'
    """
    if not styles and not feed:
        return html
    head_end = html.find("</head>")
    if head_end < 0:
        return html
    if shown and html.endswith(shown + _BEFORE_HEAD_END, 0, head_end):
        return html
    addition = "".join(f"  {style}\n" for style in styles) + (f"  {feed}\n  " if feed else "")
    return html[:head_end] + addition + html[head_end:]
