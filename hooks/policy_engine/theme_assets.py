"""Which of the theme's files the published site does not need.

Material copies every asset it ships into the site: source maps for its scripts and styles
(about 1.3 MB, read only by a browser's developer tools) and the search word-splitters of some
thirty languages (about 0.9 MB; wordcut.js alone, for Thai and Hindi, is 0.7 MB). Its search
worker loads only those of the languages the `search` plugin is configured for, so the rest is
weight nobody downloads: at 100 revisions in two languages the site is about 58 MB, and these
are close to 4% of it.

The rule follows the worker (Material 9.x, `workers/search.*.min.js`): for each search language,
`lunr/min/lunr.<lang>.min.js` unless it is English, plus `lunr/tinyseg.js` for Japanese and
`lunr/wordcut.js` for Thai and Hindi; `lunr.multi` when there is more than one language; and
`lunr.stemmer.support` always. Nothing else under `assets/javascripts/lunr/` is loaded.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Sequence

LUNR = "assets/javascripts/lunr/"
SOURCE_MAP = ".map"
_SEGMENTERS = {"ja": ("tinyseg.js",), "th": ("wordcut.js",), "hi": ("wordcut.js",)}


def search_assets(search_languages: Sequence[str]) -> frozenset[str]:
    """The lunr files Material's search worker loads for these languages (paths in the site)."""
    needed = {"min/lunr.stemmer.support.min.js"}
    if len(search_languages) > 1:
        needed.add("min/lunr.multi.min.js")
    for lang in search_languages:
        needed.update(_SEGMENTERS.get(lang, ()))
        if lang != "en":
            needed.add(f"min/lunr.{lang}.min.js")
    return frozenset(LUNR + name for name in needed)


def unused_theme_assets(theme_paths: Iterable[str], search_languages: Sequence[str]) -> list[str]:
    """Of the theme's files (paths in the site, `assets/…`), those no page or worker loads."""
    loaded = search_assets(search_languages)
    return sorted(
        path
        for path in theme_paths
        if posixpath.splitext(path)[1] == SOURCE_MAP or (path.startswith(LUNR) and path not in loaded)
    )
