"""What a published site needs besides its pages: the feed link in each page head, the language
homes for the 404 page. Markup from Jinja templates (autoescape), like every page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

_TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"), autoescape=True, undefined=StrictUndefined
)


def feed_link(href: str, title: str) -> Markup:
    """`<link rel="alternate feed" type="application/atom+xml">`, titled in the page's language.

    Not `rel="alternate"` alone: Material's script takes every `link[rel=alternate]` for a
    language's root and requests `sitemap.xml` beside it (a 404 next to the feed). `rel` is a set
    of tokens: feed readers still find `alternate` with the Atom type, and `feed` (microformats'
    registered relation) says what the link is; Material's exact-match selector skips it.
    """
    return Markup(_TEMPLATES.get_template("feed_link.html").render(href=href, title=title).strip())


def language_homes(config: Any) -> list[dict[str, str]]:
    """Each language's home page, absolute from site_url, default language first (i18n's order)."""
    site_url = str(config.site_url or "/")
    if not site_url.endswith("/"):
        site_url += "/"
    i18n = config.plugins.get("i18n")
    entries = list(i18n.config.languages) if i18n is not None else []
    entries.sort(key=lambda language: not language.default)
    return [
        {"lang": language.locale, "name": language.name,
         "link": site_url if language.default else f"{site_url}{language.locale}/"}
        for language in entries
    ]
