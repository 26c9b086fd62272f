"""What a legal reader sees, on a desktop and a phone (issue 13): the 新旧対照表 by convention, which
provisions need consent and why (Article 7), the English pages' reference-translation notice, the
period in force, the closing 附則 line. The site is the scripted history in scripted_policy.py.
"""

from __future__ import annotations

import pytest

from .conftest import Reader, ServedSite
from .pages import PAGE_TYPES, in_language
from .scripted_policy import AMENDMENT, IN_FORCE, UPCOMING

CONSENT_JA = "第4条第1項及び第4条第2項の改定は、当社所定の方法により同意をいただいた利用者についてのみ"
CONSENT_EN = "the changes to clause 4.1 and clause 4.2 apply to a user only once that user has consented"


def visible_text(reader: Reader, selector: str) -> str:
    locator = reader.page.locator(selector).first
    assert locator.is_visible(), selector
    box = locator.bounding_box()
    width = reader.page.viewport_size["width"] if reader.page.viewport_size else 0
    assert box and box["x"] >= -1 and box["x"] + box["width"] <= width + 1, f"{selector} fits the screen"
    return locator.inner_text()


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_upcoming_revision_names_the_provisions_that_need_consent_and_explains_article_7(
    reader: Reader, scripted_site: ServedSite, lang: str
) -> None:
    expected = CONSENT_JA if lang == "ja" else CONSENT_EN
    for path in ("privacy/", f"privacy/history/{UPCOMING}/", f"privacy/history/{UPCOMING}/changes/"):
        reader.open(scripted_site.url(in_language(path, lang)))
        assert expected in visible_text(reader, ".policy-consent, .policy-banner--consent"), path
    reader.open(scripted_site.url(in_language(f"privacy/history/{UPCOMING}/changes/", lang)))
    flagged = reader.page.locator("table.shintaisho tr.change--consent")
    assert flagged.count() == 2
    assert ("同意が必要" if lang == "ja" else "Requires consent") in flagged.first.inner_text()
    reader.screenshot(f"consent-{lang}")


@pytest.mark.parametrize("name", sorted(PAGE_TYPES))
def test_every_english_page_opens_with_the_reference_translation_notice(
    reader: Reader, scripted_site: ServedSite, name: str
) -> None:
    reader.open(scripted_site.url(in_language(PAGE_TYPES[name], "en")))
    notice = visible_text(reader, ".policy-banner--translation")
    assert "reference translation" in notice and "Japanese text" in notice and "prevails" in notice
    link = reader.page.locator(".policy-banner--translation a")
    href = link.get_attribute("href") or ""
    link.click()
    reader.page.wait_for_load_state()
    assert reader.page.locator("html").get_attribute("lang") == "ja", (name, href)
    assert "/en/" not in reader.page.url


def test_the_changes_table_omits_unchanged_provisions_and_closes_with_its_supplementary_provision(
    reader: Reader, scripted_site: ServedSite
) -> None:
    reader.open(scripted_site.url(f"privacy/history/{IN_FORCE}/changes/"))
    if reader.is_phone:  # stacked cells: each is labelled by its column (CSS ::before from the table's --label-new)
        first = reader.page.locator("table.shintaisho td:first-child").first
        assert first.evaluate("(e) => getComputedStyle(e, '::before').content") == '"改定後"'
    else:
        head = reader.page.locator("table.shintaisho thead").inner_text()
        assert "改定後" in head and "改定前" in head
    omitted = reader.page.locator("table.shintaisho tr.change-unchanged")
    assert omitted.count() >= 2 and all(row.inner_text().count("（略）") == 2 for row in omitted.all())
    renumbered = reader.page.locator("table.shintaisho tr.change-renumbered").first
    assert "（旧第3条第1項第2号）" in renumbered.inner_text() and renumbered.inner_text().count("（略）") == 2
    assert "double" in renumbered.locator("b.renumbered").first.evaluate(
        "(e) => getComputedStyle(e).textDecorationStyle"
    )
    assert "この改定は、2022年10月1日から施行する。" in visible_text(reader, ".policy-supplementary")
    reader.screenshot("shintaisho-ryaku")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_superseded_revision_states_its_period_in_force_and_its_correction(
    reader: Reader, scripted_site: ServedSite, lang: str
) -> None:
    reader.open(scripted_site.url(in_language(f"privacy/history/{AMENDMENT}/", lang)))
    banner = visible_text(reader, ".policy-banner--superseded")
    if lang == "ja":
        assert "2020年4月1日から2022年9月30日まで" in banner
        assert "訂正" in banner and "（日本時間）" in banner
    else:
        assert "from April 1, 2020 to September 30, 2022" in banner and "JST" in banner


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_home_page_shows_the_revision_in_force_and_the_upcoming_one(
    reader: Reader, scripted_site: ServedSite, lang: str
) -> None:
    reader.open(scripted_site.url("" if lang == "ja" else "en/"))
    home = visible_text(reader, ".policy-home")
    if lang == "ja":
        assert "現行版：2022年10月1日施行" in home and "施行予定の改定：2027年1月1日施行" in home
    else:
        assert "the version effective October 1, 2022" in home and "effective January 1, 2027" in home
