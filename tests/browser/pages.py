"""Where things are on the built site, and small helpers for what a reader does on it."""

from __future__ import annotations

from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from .scripted_policy import AMENDMENT, IN_FORCE, UPCOMING

# Every generated page type, by its path inside a language (ja at the root, en under /en/).
PAGE_TYPES = {
    "policy": "privacy/",
    "history": "privacy/history/",
    "revision": f"privacy/history/{AMENDMENT}/",
    "changes": f"privacy/history/{IN_FORCE}/changes/",
    "upcoming-changes": f"privacy/history/{UPCOMING}/changes/",
    "since": f"privacy/history/{AMENDMENT}/since/",
}
# Built by the side-by-side feature (issue 4); checked when the site has it.
BILINGUAL = "privacy/bilingual/"


def in_language(path: str, lang: str) -> str:
    return path if lang == "ja" else f"en/{path}"


def open_language_menu_and_choose(page: Page, language_name: str, *, phone: bool) -> None:
    """Use Material's language selector in the header, as a reader does (tap on a phone)."""
    button = page.locator(".md-header .md-select > button")
    if phone:
        button.tap()
    else:
        button.hover()
        button.click()
    page.locator(".md-select__list").get_by_role("link", name=language_name, exact=True).click()


def search(page: Page, word: str, *, phone: bool, result: str) -> None:
    """Type `word` into Material's search and follow the result link matching the CSS `result`.

    The search index loads in a web worker after the page; a query typed before it is ready is
    answered only on the next key, so the word is typed again until results show. A result for
    a section of a page may sit in the collapsed "more on this page" list: open it, as a reader would.
    """
    if phone:
        page.locator("label.md-header__button[for='__search']").click()
    else:
        page.locator("input.md-search__input").click()
    field = page.locator("input.md-search__input")
    link = page.locator(f".md-search-result {result}").first
    any_result = page.locator(".md-search-result__item").first
    for _ in range(8):
        if not any_result.count():
            field.fill(word)
            field.press("End")  # Material reads the query on key-up; filling text alone sends none
        try:
            any_result.wait_for(state="attached", timeout=1000)
        except PlaywrightTimeoutError:  # the worker was not ready for this input yet
            continue
        if link.count():
            break
        # Material shows ten results and renders more as the reader scrolls the list.
        page.locator(".md-search__scrollwrap").evaluate("(list) => list.scrollTo(0, list.scrollHeight)")
        try:
            link.wait_for(state="attached", timeout=1000)
            break
        except PlaywrightTimeoutError:
            continue
    if not link.is_visible():
        link.locator("xpath=ancestor::details[1]/summary").click()
    link.click()
