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


def lift_styles_to_head(html: str, feed: str = "") -> str:
    """Page content may carry a small `<style>` (a 新旧対照表's running header for print); HTML
    allows `<style>` only in `<head>`, so it is moved there (the W3C checker would flag it). Then
    the feed link (`feed_link`), if any, last in the head.

    Every page of the site passes here on every build, so the page is searched with `str.find`
    (no regular expression over the whole page) and copied once.

    >>> lift_styles_to_head("<head></head><p>a</p><style>p{}</style>\\n<p>b</p>", "<link>")
    '<head>  <style>p{}</style>\\n  <link>\\n  </head><p>a</p><p>b</p>'
    """
    head_end = html.find("</head>")
    if head_end < 0:
        return html
    addition = f"  {feed}\n  " if feed else ""
    start = html.find("<style>", head_end)
    if start < 0:
        return html.replace("</head>", f"{addition}</head>", 1) if feed else html
    styles: list[str] = []
    body: list[str] = []
    done = head_end
    while start >= 0:
        match = _STYLE.match(html, start)
        if match is None:
            break  # no `</style>` after it: nothing further can be a style either
        body.append(html[done:start])
        styles.append(f"  {match.group(0).strip()}\n")
        done = match.end()
        start = html.find("<style>", done)
    body.append(html[done:])
    return "".join([html[:head_end], *styles, addition, *body])
