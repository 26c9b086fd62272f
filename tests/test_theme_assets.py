"""The theme's files the site leaves out: source maps and search word-splitters nobody loads."""

from __future__ import annotations

from policy_engine.theme_assets import search_assets, unused_theme_assets

from conftest import BuildResult

THEME = [
    "assets/javascripts/bundle.a5f9d56c.min.js",
    "assets/javascripts/bundle.a5f9d56c.min.js.map",
    "assets/stylesheets/main.57a0d79d.min.css",
    "assets/stylesheets/main.57a0d79d.min.css.map",
    "assets/javascripts/workers/search.a7633da7.min.js",
    "assets/javascripts/lunr/tinyseg.js",
    "assets/javascripts/lunr/wordcut.js",
    "assets/javascripts/lunr/min/lunr.ja.min.js",
    "assets/javascripts/lunr/min/lunr.fr.min.js",
    "assets/javascripts/lunr/min/lunr.multi.min.js",
    "assets/javascripts/lunr/min/lunr.stemmer.support.min.js",
    "assets/images/favicon.png",
]


def test_japanese_and_english_search_keeps_what_the_worker_loads_for_them() -> None:
    assert unused_theme_assets(THEME, ["ja", "en"]) == [
        "assets/javascripts/bundle.a5f9d56c.min.js.map",
        "assets/javascripts/lunr/min/lunr.fr.min.js",
        "assets/javascripts/lunr/wordcut.js",
        "assets/stylesheets/main.57a0d79d.min.css.map",
    ]


def test_english_alone_needs_neither_a_segmenter_nor_the_multi_language_pipeline() -> None:
    assert search_assets(["en"]) == {"assets/javascripts/lunr/min/lunr.stemmer.support.min.js"}
    assert "assets/javascripts/lunr/tinyseg.js" in unused_theme_assets(THEME, ["en"])


def test_thai_keeps_its_word_splitter() -> None:
    assert "assets/javascripts/lunr/wordcut.js" in search_assets(["th", "en"])


def test_the_built_site_has_the_search_files_for_japanese_and_no_source_maps(project_site: BuildResult) -> None:
    assert project_site.returncode == 0, project_site.output
    assets = project_site.site / "assets"
    published = {path.relative_to(project_site.site).as_posix() for path in assets.rglob("*") if path.is_file()}
    assert search_assets(["ja", "en"]) <= published
    assert not [path for path in published if path.endswith(".map")]
    assert "assets/javascripts/lunr/wordcut.js" not in published
    # What pages load is still there: the theme's bundle, its search worker and the stylesheet.
    for prefix in ("assets/javascripts/bundle.", "assets/javascripts/workers/search.", "assets/stylesheets/main."):
        assert any(path.startswith(prefix) for path in published), prefix
