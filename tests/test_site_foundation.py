"""The real IJGN site: both languages, every clause anchor, switcher, no third-party hosts."""

from __future__ import annotations

import json
import re
from pathlib import Path

from policy_engine.clauses import parse_clauses
from policy_engine.document import parse_policy_text

from conftest import PROJECT, BuildResult

SEED_NUMBERS = [
    "1",
    "1.1",
    "1.2",
    "2",
    "3",
    "3.1",
    "3.1.1",
    "3.1.2",
    "3.1.3",
    "3.1.4",
    "3.1.5",
    "3.2",
    "3.2.1",
    "3.2.2",
    "3.2.3",
    "3.2.4",
    "4",
    "4.1",
    "4.1.1",
    "4.1.2",
    "4.1.3",
    "4.1.4",
    "4.2",
    "5",
    "6",
    "7",
    "8",
    "8.1",
    "8.2",
    "9",
]


def anchors(html: str) -> list[str]:
    return re.findall(r'id="clause-([0-9.]+)"', html)


def test_the_build_succeeds_in_strict_mode(project_site: BuildResult) -> None:
    assert project_site.returncode == 0, project_site.output


def test_japanese_is_at_the_root_and_english_under_en(project_site: BuildResult) -> None:
    ja = project_site.html("privacy/index.html")
    en = project_site.html("en/privacy/index.html")
    assert '<html lang="ja"' in ja and "利用者情報" in ja
    assert '<html lang="en"' in en and "user information" in en
    assert not (project_site.site / "ja").exists()


def test_every_clause_of_the_seed_has_the_same_anchor_in_both_languages(project_site: BuildResult) -> None:
    assert anchors(project_site.html("privacy/index.html")) == SEED_NUMBERS
    assert anchors(project_site.html("en/privacy/index.html")) == SEED_NUMBERS


def test_the_policy_files_follow_the_authoring_convention() -> None:
    for lang in ("ja", "en"):
        path = PROJECT / "docs" / lang / "privacy.md"
        text = parse_policy_text(path.read_bytes(), path=str(path))
        assert str(text.effective) == "2017-05-10"
        numbers = [c.number for c in parse_clauses(text.body) if c.number]
        assert numbers == SEED_NUMBERS
    # The closing line is part of the text as published in 2017 (not a generated date line).
    assert (PROJECT / "docs/en/privacy.md").read_text(encoding="utf-8").endswith("\n\nEstablished May 10, 2017\n")
    assert (PROJECT / "docs/ja/privacy.md").read_text(encoding="utf-8").endswith("\n\n2017年5月10日制定\n")


def test_the_english_text_keeps_the_seed_wording() -> None:
    seed = PROJECT.parent / "shared" / "seed" / "privacy-policy-en.txt"
    english = (PROJECT / "docs/en/privacy.md").read_text(encoding="utf-8")
    words = lambda text: re.findall(r"[A-Za-z’ʼ“”\"']+", text)  # noqa: E731
    if seed.exists():
        expected = [w for w in words(seed.read_text(encoding="utf-8")) if w not in ("Lang", "jp")]
        body = english.split("---", 2)[2]
        assert words("Privacy policy\n" + body) == expected


def test_the_policy_page_shows_the_established_date_generated(project_site: BuildResult) -> None:
    assert "2017年5月10日" in project_site.html("privacy/index.html")
    assert "May 10, 2017" in project_site.html("en/privacy/index.html")


def test_language_switcher_keeps_the_reader_on_the_same_page(project_site: BuildResult) -> None:
    for ja_path, en_url in (("index.html", "en/"), ("privacy/index.html", "en/privacy/")):
        html = project_site.html(ja_path)
        links = dict(re.findall(r'<a href="([^"]+)" hreflang="(ja|en)"', html)[::-1])
        assert any(href.endswith(en_url) for href in links), links
    html = project_site.html("en/privacy/index.html")
    assert re.search(r'href="\.\./\.\./privacy/" hreflang="ja"', html)


def test_no_page_refers_to_a_third_party_host(project_site: BuildResult) -> None:
    # The site's own address (site_url: canonical links, 404 page, feeds) is not a third party.
    sitemap = (project_site.site / "sitemap.xml").read_text(encoding="utf-8")
    own = re.search(r"<loc>https?://([^/<]+)", sitemap).group(1)
    offenders = []
    for file in project_site.site.rglob("*"):
        if file.suffix not in (".html", ".css", ".js", ".json", ".xml", ".atom"):
            continue
        text = file.read_text(encoding="utf-8", errors="replace")
        for match in re.finditer(r"(?:src|href)\s*=\s*[\"']?(https?:)?//([^/\"' >]+)", text):
            if match.group(2) != own:
                offenders.append((file.relative_to(project_site.site).as_posix(), match.group(2)))
        if file.suffix == ".css":
            for match in re.finditer(r"url\(\s*[\"']?(https?:)?//([^/\"')]+)", text):
                offenders.append((file.relative_to(project_site.site).as_posix(), match.group(2)))
        # Material's bundle names unpkg.com only to lazy-load Mermaid for ```mermaid blocks,
        # which the site never uses (checked below); the browser tests record real requests.
        if file.suffix == ".html" and 'class="mermaid"' in text:
            offenders.append((file.relative_to(project_site.site).as_posix(), "mermaid"))
        for host in ("fonts.googleapis", "fonts.gstatic", "cdn.jsdelivr", "unpkg.com", "cdnjs"):
            if host in text and file.suffix != ".js":
                offenders.append((file.relative_to(project_site.site).as_posix(), host))
    assert offenders == []


def test_japanese_search_index_has_japanese_words(project_site: BuildResult) -> None:
    index = json.loads((project_site.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert "ja" in index["config"]["lang"]
    japanese = [doc for doc in index["docs"] if "個人情報" in doc["text"]]
    assert any(doc["location"].startswith("privacy/") for doc in japanese)


def test_the_page_uses_system_fonts_only(project_site: BuildResult) -> None:
    html = project_site.html("privacy/index.html")
    assert "fonts.googleapis" not in html
    css = (project_site.site / "assets" / "policy.css").read_text(encoding="utf-8")
    assert "Hiragino" in css and "@font-face" not in css


def test_project_layout_exists() -> None:
    for name in ("mkdocs.yml", "docs/ja", "docs/en", "hooks", "scripts", "tests", ".github", "Makefile", "README.md"):
        assert (PROJECT / name).exists(), name
    assert isinstance(Path, type)


def test_article_7_says_the_same_in_both_languages_as_published() -> None:
    japanese = parse_policy_text((PROJECT / "docs/ja/privacy.md").read_bytes(), path="docs/ja/privacy.md").body
    assert "当社が別途定める場合を除き" not in japanese
    assert "変更後の本プライバシーポリシーは、当社ウェブサイトに掲載した時点から効力を生じるものとします。" in japanese


def test_the_2017_revision_is_posted_as_recorded_by_a_listed_correction(project_site: BuildResult) -> None:
    for lang, shown in (("ja", "2017年5月10日（記録による）"), ("en", "May 10, 2017 (as recorded)")):
        revision = project_site.json(f"api/privacy/{lang}/revisions.json")["revisions"][-1]
        assert revision["id"] == "2017-05-10"
        assert (revision["posted"], revision["posted_source"]) == ("2017-05-10", "declared")
        assert any(c.get("declared_posted") for c in revision["corrections"])
        history = project_site.html(("" if lang == "ja" else "en/") + "privacy/history/index.html")
        assert shown in history
