"""The Japanese original and its English translation side by side, clause by clause: the pages.

The rules (pairing revisions, aligning clauses, stale translations) are in `pairing`, which the
linter uses too; this module renders them through `templates/bilingual*.html`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .cache import memoised
from .labels import labels, language_name, long_date
from .model import Clause, Policy, PolicySet, Revision
from .pairing import (  # noqa: F401 (re-exported: the rules live in pairing)
    BilingualRow,
    RevisionPair,
    StaleTranslation,
    align_rows,
    pair_revisions,
    stale_in_pair,
    stale_translations,
)
from .render import Comparisons, GeneratedPage, SiteSettings
from .urls import (
    bilingual_path,
    changes_path,
    history_path,
    relative_url,
    revision_bilingual_path,
    revision_path,
    since_path,
    src_uri_for,
)
from .views import (
    LanguageLink,
    Link,
    OneLanguagePage,
    ShownClause,
    ShownPairedClause,
    ShownStale,
    SideBySideCell,
    SideBySideHeader,
    SideBySideItem,
    SideBySidePage,
    SideBySideRow,
    SideBySideTable,
)


def bilingual_rows(
    original: Policy | None, translation: Policy | None, pair: RevisionPair, comparisons: Comparisons
) -> list[BilingualRow]:
    """The rows of one revision pair, with stale translations marked."""
    return _bilingual_rows(original, translation, pair, comparisons)


def _bilingual_rows(
    original: Policy | None, translation: Policy | None, pair: RevisionPair, comparisons: Comparisons
) -> list[BilingualRow]:
    rows = align_rows(
        comparisons.clauses(pair.original) if pair.original else [],
        comparisons.clauses(pair.translation) if pair.translation else [],
    )
    if original is None or translation is None:
        return rows
    stale = {s.clause: s for s in stale_in_pair(original, translation, pair, comparisons)}
    return [BilingualRow(r.key, r.original, r.translation, stale.get(r.key)) if r.key in stale else r for r in rows]


# --- URLs -------------------------------------------------------------------------------------


# --- Pages ------------------------------------------------------------------------------------


def _paragraphs(text: str) -> tuple[str, ...]:
    return tuple(p.strip("\n") for p in text.split("\n\n") if p.strip())


def _cell(clause: Clause | None, lang: str) -> SideBySideCell | None:
    if clause is None:
        return None
    return SideBySideCell(
        clause=ShownClause(clause.key, clause.number, clause.kind),
        number_label=labels(lang)["preamble"]
        if clause.kind == "preamble"
        else (f"{clause.number}." if clause.number else ""),
        heading=clause.heading,
        paragraphs=_paragraphs(clause.text),
    )


@memoised("side-by-side table views", maxsize=2_048)
def side_by_side_table(
    rows: tuple[BilingualRow, ...],
    sides: tuple[bool, bool],
    original_lang: str,
    translation_lang: str,
    page_lang: str,
) -> SideBySideTable:
    """The two-column table: one `<tr id="clause-…">` per row, `lang` on every cell. `sides`: whether
    the revision exists in the original and in the translation. Built once per distinct set of
    arguments (most tables are alike from one rebuild to the next)."""
    L = labels(page_lang)
    notices = []
    has_original, has_translation = sides
    for present, absent, missing in (
        (has_original, not has_translation, translation_lang),
        (has_translation, not has_original, original_lang),
    ):
        other = original_lang if missing == translation_lang else translation_lang
        if present and absent:
            notices.append(
                L["missing_translation_revision"].format(
                    lang=language_name(missing, page_lang), other=language_name(other, page_lang)
                )
            )
    original_column = L["column_original"].format(lang=language_name(original_lang, page_lang))
    translation_column = L["column_translation"].format(lang=language_name(translation_lang, page_lang))
    return SideBySideTable(
        lang=page_lang,
        original_column=original_column,
        translation_column=translation_column,
        notices=tuple(notices),
        rows=tuple(
            _row(row, original_lang, translation_lang, original_column, translation_column, page_lang) for row in rows
        ),
    )


@memoised("side-by-side row views", maxsize=65_536)
def _row(
    row: BilingualRow,
    original_lang: str,
    translation_lang: str,
    original_column: str,
    translation_column: str,
    page_lang: str,
) -> SideBySideRow:
    """One row's view, built once per distinct row: most clauses read the same in many revisions, and
    the same view object is then found at once by `render`."""
    item = _item(row, original_lang, translation_lang, page_lang)
    return SideBySideRow(item, original_lang, translation_lang, original_column, translation_column, page_lang)


def _item(row: BilingualRow, original_lang: str, translation_lang: str, page_lang: str) -> SideBySideItem:
    """What one `<tr>` of the side-by-side table shows (not the clauses' line numbers)."""
    stale = ShownStale(row.stale.unchanged_lang, row.stale.changed_lang) if row.stale else None
    return SideBySideItem(
        row=ShownPairedClause(row.anchor, row.number, stale),
        original=_cell(row.original, original_lang),
        translation=_cell(row.translation, translation_lang),
        stale_detail=labels(page_lang)["stale_detail"].format(changed=language_name(row.stale.changed_lang, page_lang))
        if row.stale
        else "",
    )


@dataclass(frozen=True)
class BilingualSite:
    """What the bilingual pages need about one policy: both languages and their paired revisions."""

    policy_id: str
    original: Policy | None
    translation: Policy | None
    original_lang: str
    translation_lang: str
    pairs: tuple[RevisionPair, ...]

    def policy_in(self, lang: str) -> Policy | None:
        return self.original if lang == self.original_lang else self.translation

    def in_force(self, as_of: dt.date) -> RevisionPair | None:
        """The newest pair (in either language) whose effective date has come, else the oldest."""
        published = [p for p in self.pairs if p.id != "draft"]
        current = [p for p in published if p.effective <= as_of]
        return current[-1] if current else (published[0] if published else None)


def bilingual_sites(policies: PolicySet, settings: SiteSettings) -> list[BilingualSite]:
    """One per policy id that exists in the default language or the first other one."""
    original_lang = settings.default_language
    others = [lang for lang in settings.languages if lang != original_lang]
    if not others:
        return []
    translation_lang = others[0]
    sites = []
    for policy_id in policies.ids():
        original, translation = policies.get(policy_id, original_lang), policies.get(policy_id, translation_lang)
        pairs = tuple(pair_revisions(original, translation))
        if pairs:
            sites.append(BilingualSite(policy_id, original, translation, original_lang, translation_lang, pairs))
    return sites


def _page(
    site: BilingualSite,
    pair: RevisionPair,
    page_lang: str,
    page_path: str,
    title: str,
    settings: SiteSettings,
    rows: tuple[BilingualRow, ...],
    *,
    current: bool,
) -> GeneratedPage:
    L = labels(page_lang)
    policy = site.policy_in(page_lang)
    own = pair.original if page_lang == site.original_lang else pair.translation
    links: list[Link] = []
    if current:
        links.append(Link(relative_url(page_path, f"{site.policy_id}/"), L["current_link"]))
    elif own is not None:
        links.append(Link(relative_url(page_path, revision_path(site.policy_id, pair.id)), L["full_text"]))
        if policy is not None and policy.previous(own) is not None:
            links.append(Link(relative_url(page_path, changes_path(site.policy_id, pair.id)), L["changes"]))
    if policy is not None and policy.revisions:
        links.append(Link(relative_url(page_path, history_path(site.policy_id)), L["history"]))
    status = policy.status(own, settings.as_of) if policy is not None and own is not None else ""
    date = long_date(pair.effective, page_lang) if pair.id != "draft" else L["draft"]
    header = SideBySideHeader(
        lang=page_lang,
        status=status,
        status_message=L[f"banner_{status.replace('-', '_')}"].format(date=date) if status else "",
        showing=L["showing"].format(date=date),
        links=tuple(links),
    )
    sides = (pair.original is not None, pair.translation is not None)
    table = side_by_side_table(rows, sides, site.original_lang, site.translation_lang, page_lang)
    # Every table repeats the policy text in both languages; search should lead to the policy page
    # in force, in the reader's language (a Japanese search must not land on English text).
    view = SideBySidePage(lang=page_lang, title=title, header=header, table=table)
    return GeneratedPage(src_uri_for(page_lang, page_path), view)


def _title_of(site: BilingualSite, pair: RevisionPair, lang: str) -> str:
    own = pair.original if lang == site.original_lang else pair.translation
    revision = own or pair.original or pair.translation
    return revision.title if revision is not None else site.policy_id


def bilingual_pages(policies: PolicySet, settings: SiteSettings, comparisons: Comparisons) -> list[GeneratedPage]:
    """`<policy>/bilingual/` and `<policy>/history/<id>/bilingual/` in every site language, and
    the notice pages of revisions that exist in one language only (`one_language_pages`)."""
    pages: list[GeneratedPage] = one_language_pages(policies, settings)
    for site in bilingual_sites(policies, settings):
        rows = {
            pair.id: tuple(bilingual_rows(site.original, site.translation, pair, comparisons)) for pair in site.pairs
        }
        for lang in (site.original_lang, site.translation_lang):
            L = labels(lang)
            current = site.in_force(settings.as_of)
            if current is not None:
                title = L["bilingual_title"].format(title=_title_of(site, current, lang))
                pages.append(
                    _page(
                        site,
                        current,
                        lang,
                        bilingual_path(site.policy_id),
                        title,
                        settings,
                        rows[current.id],
                        current=True,
                    )
                )
            for pair in site.pairs:
                date = long_date(pair.effective, lang) if pair.id != "draft" else L["draft"]
                title = L["bilingual_revision_title"].format(title=_title_of(site, pair, lang), date=date)
                path = revision_bilingual_path(site.policy_id, pair.id)
                pages.append(_page(site, pair, lang, path, title, settings, rows[pair.id], current=False))
    return pages


def bilingual_links(
    policies: PolicySet, settings: SiteSettings
) -> dict[tuple[str, str], dict[str, list[dict[str, str]]]]:
    """For the history and revision pages: (policy id, lang) -> revision id -> [{path, text}]."""
    links: dict[tuple[str, str], dict[str, list[dict[str, str]]]] = {}
    for site in bilingual_sites(policies, settings):
        for lang in (site.original_lang, site.translation_lang):
            text = labels(lang)["bilingual"]
            links[(site.policy_id, lang)] = {
                pair.id: [{"path": revision_bilingual_path(site.policy_id, pair.id), "text": text}]
                for pair in site.pairs
            }
    return links


def _revision_page_paths(policy: Policy, revision: Revision | None, settings: SiteSettings) -> dict[str, str]:
    """The history pages `render` makes for `revision` in its language: kind -> page path."""
    if revision is None:
        return {}
    paths = {"revision": revision_path(policy.id, revision.id)}
    if policy.previous(revision) is not None:
        paths["changes"] = changes_path(policy.id, revision.id)
    if policy.status(revision, settings.as_of) == "superseded":
        paths["since"] = since_path(policy.id, revision.id)
    return paths


def one_language_pages(policies: PolicySet, settings: SiteSettings) -> list[GeneratedPage]:
    """A notice page wherever a revision's page exists in one language only.

    Without a page at the same path in the other language, the language switcher would fall back
    to the home page. Three cases: the revision has no text in that language at all; it is that
    language's first version (no changes page); or it is still that language's current version
    while the other language has moved on (no since page). The notice says which, and links to
    the page in the other language and to the side-by-side view.
    """
    pages: list[GeneratedPage] = []
    for site in bilingual_sites(policies, settings):
        if site.original is None or site.translation is None:
            continue
        for pair in site.pairs:
            sides = ((site.original, pair.original), (site.translation, pair.translation))
            for (present, revision), (missing, own) in (sides, sides[::-1]):
                there = _revision_page_paths(present, revision, settings)
                here = _revision_page_paths(missing, own, settings)
                for kind, path in there.items():
                    if kind in here:
                        continue
                    reason = "no_revision" if own is None else ("first" if kind == "changes" else "current")
                    pages.append(_one_language_page(site, pair, present, missing, path, kind, reason, settings))
    return pages


def _one_language_page(
    site: BilingualSite,
    pair: RevisionPair,
    present: Policy,
    missing: Policy,
    page_path: str,
    kind: str,
    reason: str,
    settings: SiteSettings,
) -> GeneratedPage:
    L = labels(missing.lang)
    revision = pair.original if present is site.original else pair.translation
    assert revision is not None
    date = long_date(pair.effective, missing.lang) if pair.id != "draft" else L["draft"]
    lang, other = language_name(missing.lang, missing.lang), language_name(present.lang, missing.lang)

    def prefix(code: str) -> str:
        return "" if code == settings.default_language else f"{code}/"

    links = [
        LanguageLink(
            relative_url(prefix(missing.lang) + page_path, prefix(present.lang) + page_path),
            L["read_in_other"].format(other=other),
            present.lang,
        ),
        LanguageLink(relative_url(page_path, revision_bilingual_path(site.policy_id, pair.id)), L["bilingual"], ""),
    ]
    if missing.revisions:
        links.append(LanguageLink(relative_url(page_path, history_path(site.policy_id)), L["history"], ""))
    title_text = _title_in(missing, revision)
    if reason == "no_revision":
        title = L["one_language_title"].format(title=title_text, date=date, lang=lang)
    elif kind == "changes":
        title = L["changes_title"].format(title=title_text, date=date)
    else:
        title = L["since_title"].format(date=date)
    view = OneLanguagePage(
        lang=missing.lang,
        title=title,
        notice=L[f"one_language_{reason}"].format(date=date, lang=lang, other=other),
        links=tuple(links),
    )
    return GeneratedPage(src_uri_for(missing.lang, page_path), view)


def _title_in(policy: Policy, revision: Revision) -> str:
    """The policy's title in `policy`'s language: from its revision nearest before `revision`."""
    earlier = [r for r in policy.revisions if r.effective <= revision.effective]
    chosen = earlier[-1] if earlier else (policy.revisions[0] if policy.revisions else None)
    return chosen.title if chosen is not None else policy.id
