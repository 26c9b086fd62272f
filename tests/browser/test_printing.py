"""Printing: the policy, a revision and a changes page print cleanly. Checked twice: the print-media
layout in Chromium (computed styles: no navigation chrome, both columns of the 新旧対照表 side by
side, changes marked by lines, not by colour) and the PDF Chromium prints (its text, read with pypdf)."""

from __future__ import annotations

import io
import re
import subprocess
import unicodedata

import pytest
from pypdf import PdfReader

from .conftest import SCREENSHOTS, Reader, ServedSite
from .scripted_policy import AMENDMENT, UPCOMING

CHROME = [
    ".md-header",
    ".md-sidebar--primary",
    ".md-sidebar--secondary",
    ".md-footer",
    ".md-search",
    ".md-select",
    ".md-top",
    ".headerlink",
]
PRINTED = {
    "policy": "privacy/",
    "revision": f"privacy/history/{AMENDMENT}/",
    "changes": f"privacy/history/{AMENDMENT}/changes/",
    "changes-en": f"en/privacy/history/{AMENDMENT}/changes/",
}


def has_japanese_font() -> bool:
    listing = subprocess.run(["fc-list", ":lang=ja"], capture_output=True, text=True, check=False).stdout
    return bool(listing.strip())


def print_to_pdf(reader: Reader, name: str) -> str:
    """Print the page as Chromium does (print media, A4), keep the PDF for review, return its text."""
    pdf = reader.page.pdf(format="A4", print_background=False)
    (SCREENSHOTS / f"print-{name}.pdf").write_bytes(pdf)
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def squeeze(text: str) -> str:
    """Without white space, NFKC-normalised: the PDF font maps 月 and 日 to their Kangxi radicals ⽉ ⽇."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@pytest.mark.parametrize("name", sorted(PRINTED))
def test_printing_hides_the_navigation_chrome(desktop_reader: Reader, scripted_site: ServedSite, name: str) -> None:
    page = desktop_reader.open(scripted_site.url(PRINTED[name]))
    page.emulate_media(media="print")
    shown = page.evaluate(
        """(selectors) => selectors.flatMap(s => [...document.querySelectorAll(s)]
              .filter(e => e.getClientRects().length > 0 && getComputedStyle(e).display !== 'none')
              .map(() => s))""",
        CHROME,
    )
    assert shown == []
    content = page.locator("article.md-content__inner").bounding_box()
    assert content and content["width"] > 600, "the text uses the page width once navigation is gone"


def test_the_printed_changes_page_keeps_both_columns_and_marks_changes_in_black_and_white(
    desktop_reader: Reader, scripted_site: ServedSite
) -> None:
    page = desktop_reader.open(scripted_site.url(PRINTED["changes"]))
    page.emulate_media(media="print")
    row = page.locator("table.shintaisho tr.change-amended").first
    new_box = row.locator("td:first-child").bounding_box()
    old_box = row.locator("td:nth-child(2)").bounding_box()
    assert new_box and old_box and abs(new_box["y"] - old_box["y"]) < 1 and old_box["x"] > new_box["x"]
    marks = page.evaluate("""() => ['table.shintaisho td:first-child ins', 'table.shintaisho td:nth-child(2) del'].map(s => {
        const style = getComputedStyle(document.querySelector(s));
        return [s, style.textDecorationLine, style.backgroundColor];
    })""")
    for selector, line, background in marks:
        assert line == "underline", (selector, line)  # 傍線 in both columns, as the printed form has
        assert background in ("rgba(0, 0, 0, 0)", "transparent"), (selector, background)
    # The table is printed once: the inline redline (the same changes again) is for the screen only.
    assert not page.locator(".policy-redline").first.is_visible()
    assert page.locator(".policy-supplementary").is_visible()


@pytest.mark.parametrize("name", sorted(PRINTED))
def test_chromium_prints_the_page_to_pdf_with_its_text(
    desktop_reader: Reader, scripted_site: ServedSite, name: str
) -> None:
    if "-en" not in name and not has_japanese_font():
        pytest.skip("no Japanese font installed (`apt-get install fonts-ipaexfont-gothic`; .ci/run does)")
    desktop_reader.open(scripted_site.url(PRINTED[name]))
    text = squeeze(print_to_pdf(desktop_reader, name))
    expected = {
        # Lines of the two columns of the 新旧対照表 interleave in the extracted text: short phrases.
        "policy": ["制定日2017年5月10日", "3.1.2.本サービスの改善のための分析を行うため"],
        "revision": ["プライバシーポリシー(2020年4月1日施行)", "3.1.2.お問い合わせ及び苦情に回答するため"],
        "changes": [
            "改定後",
            "改定前",
            "電話番号",
            "3.1.2.お問い合わせ及び苦情に回答するため",
            "この改定は、2020年4月1日から施行する。",
        ],
        "changes-en": ["telephone", "complaints"],
    }[name]
    for words in expected:
        assert squeeze(words) in text, (words, text[:500])
    assert "検索" not in text and "Search" not in text  # the search box is not printed


def test_the_printed_policy_is_headed_with_its_title(desktop_reader: Reader, scripted_site: ServedSite) -> None:
    page = desktop_reader.open(scripted_site.url(PRINTED["policy"]))
    page.emulate_media(media="print")
    assert page.locator("article h1").inner_text().startswith("プライバシーポリシー")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_three_clause_change_prints_as_a_filed_document_on_two_a4_pages(
    desktop_reader: Reader, scripted_site: ServedSite, lang: str
) -> None:
    """The upcoming revision changes three provisions: its 新旧対照表 prints on at most two A4 pages,
    each with the running header (policy, revision, 施行日) and its page number, the table once,
    unchanged provisions as 「（略）」, the 附則 line at the end, and no page left nearly empty."""
    if lang == "ja" and not has_japanese_font():
        pytest.skip("no Japanese font installed (`apt-get install fonts-ipaexfont-gothic`; .ci/run does)")
    prefix = "" if lang == "ja" else "en/"
    desktop_reader.open(scripted_site.url(f"{prefix}privacy/history/{UPCOMING}/changes/"))
    pdf = desktop_reader.page.pdf(format="A4", print_background=False)
    (SCREENSHOTS / f"print-three-clauses-{lang}.pdf").write_bytes(pdf)
    pages = [squeeze(page.extract_text() or "") for page in PdfReader(io.BytesIO(pdf)).pages]
    assert 1 <= len(pages) <= 2, len(pages)
    header = {
        "ja": "プライバシーポリシー改定内容施行日:2027年1月1日",
        "en": "PrivacyPolicy|Changes|Effective:January1,2027",
    }[lang]
    for number, text in enumerate(pages, start=1):
        assert squeeze(header) in text, (number, text[:300])
        assert f"{number}/{len(pages)}" in text, (number, text[-200:])
        assert len(text) > 200, f"page {number} is nearly empty"
    whole = "".join(pages)
    closing = {"ja": "この改定は、2027年1月1日から施行する。", "en": "ThisrevisiontakeseffectonJanuary1,2027."}[lang]
    assert squeeze(closing) in whole
    omitted = {"ja": "(略)", "en": "(unchanged;omitted)"}[lang]
    assert whole.count(squeeze(omitted)) >= 4, "each unchanged run is one 「（略）」 row in both columns"
    partners = {"ja": "提携先と共同して", "en": "jointlywithitspartners"}[lang]
    assert whole.count(partners) == 1, "the new provision is printed once (no redline copy)"
    unchanged = {"ja": "お問い合わせ及び苦情に回答するため", "en": "toanswerenquiriesandcomplaints"}[lang]
    assert unchanged not in whole, "unchanged text is not printed in full"
