"""The Japanese original and its English translation side by side, clause by clause.

Three pure steps, then the pages (rendered through `templates/bilingual.html`):

1. `pair_revisions`: the original's and the translation's revisions paired by their id (the
   effective date, or `draft`). A revision that exists in one language only is paired with None.
2. `align_rows`: one row per clause. Clauses are matched by key (`3.1.2`, `preamble`), never by
   position, so a clause missing in one language gets its own row with that side empty and no
   other row moves. Rows follow the original's document order; a clause only the translation has
   is placed right after the translation's preceding clause. Unnumbered blocks (text outside the
   numbering convention, keyed by their heading, which differs between languages) are paired by
   position between the same numbered neighbours when both languages have the same number of them.

   >>> from policy_engine.model import Clause
   >>> ja = [Clause("1", "1", "article", "定義", "", 1), Clause("1.1", "1.1", "clause", "", "…", 3)]
   >>> en = [Clause("1", "1", "article", "Definitions", "", 1), Clause("1.2", "1.2", "clause", "", "…", 3)]
   >>> [(r.key, r.original is not None, r.translation is not None) for r in align_rows(ja, en)]
   [('1', True, True), ('1.1', True, False), ('1.2', False, True)]

3. `stale_translations`: a clause a revision changed in one language while the same clause in
   the other language is identical to that language's previous revision ("translation may be
   out of date"). The policy linter reports these as warnings; the bilingual pages mark the row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from .cache import Memo
from .labels import labels, long_date
from .model import Clause, Policy, PolicySet, Revision, clause_anchor
from .render import (
    _TEMPLATES,
    Comparisons,
    GeneratedPage,
    SiteSettings,
    _front_matter,
    changes_path,
    history_path,
    relative_url,
    revision_path,
    since_path,
    src_uri_for,
)

_CHANGED = ("amended", "added", "renumbered")
"""Statuses that mean a revision touched a clause's wording or number (`compare_clauses`)."""


# --- Data -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RevisionPair:
    """The original's and the translation's revision with the same id (effective date or `draft`)."""

    policy: str
    id: str
    effective: dt.date
    original: Revision | None
    translation: Revision | None

    @property
    def complete(self) -> bool:
        return self.original is not None and self.translation is not None


@dataclass(frozen=True)
class StaleTranslation:
    """A clause one language changed in a revision while the other language left it as it was.

    `path`, `line` and `commit` point at the unchanged text, the one to look at.
    """

    policy: str
    revision: str
    effective: dt.date
    clause: str
    changed_lang: str
    unchanged_lang: str
    path: str
    line: int
    commit: str

    def message(self) -> str:
        """One sentence for the linter, e.g. for a Japanese amendment the English did not follow."""
        return (
            f"{self.path}:{self.line} (commit {self.commit[:7]}): clause {self.clause} changed in the "
            f"{self.changed_lang} text of the revision effective {self.effective.isoformat()}, but the "
            f"{self.unchanged_lang} text of clause {self.clause} is identical to its previous revision; "
            f"the {self.unchanged_lang} text may be out of date."
        )

    @property
    def hint(self) -> str:
        return (
            f"update the {self.unchanged_lang} text of clause {self.clause} to match, or ignore this warning "
            "if the change needs no change in that language (a typo fix, say)."
        )


@dataclass(frozen=True)
class BilingualRow:
    """One clause in both languages; either side is None when that language lacks the clause."""

    key: str
    original: Clause | None
    translation: Clause | None
    stale: StaleTranslation | None = None

    @property
    def anchor(self) -> str:
        return clause_anchor(self.key)

    @property
    def number(self) -> str | None:
        clause = self.original or self.translation
        return clause.number if clause else None


# --- Pairing and aligning ---------------------------------------------------------------------

def pair_revisions(original: Policy | None, translation: Policy | None) -> list[RevisionPair]:
    """Revisions of both languages paired by id, oldest first, a draft (if any) last."""
    by_id: dict[str, list[Revision | None]] = {}
    for side, policy in enumerate((original, translation)):
        if policy is None:
            continue
        for revision in list(policy.revisions) + ([policy.draft] if policy.draft else []):
            by_id.setdefault(revision.id, [None, None])[side] = revision
    policy_id = (original or translation).id if (original or translation) else ""
    pairs = []
    for revision_id, (a, b) in by_id.items():
        first = a or b
        assert first is not None
        pairs.append(RevisionPair(policy_id, revision_id, first.effective, a, b))
    return sorted(pairs, key=lambda p: (p.id == "draft", p.effective))


def align_rows(original: Sequence[Clause], translation: Sequence[Clause]) -> list[BilingualRow]:
    """One row per clause key, in reading order; see the module docstring for the rule."""
    by_key = {c.key: c for c in translation}
    rows: list[BilingualRow] = [BilingualRow(c.key, c, by_key.get(c.key)) for c in original]
    matched = {c.key for c in original if c.key in by_key}
    original_keys = {c.key for c in original}

    # Unnumbered blocks with different keys: pair by position between the same matched neighbours.
    def gaps(clauses: Sequence[Clause]) -> dict[str | None, list[Clause]]:
        found: dict[str | None, list[Clause]] = {}
        anchor: str | None = None
        for clause in clauses:
            if clause.key in matched:
                anchor = clause.key
            elif clause.kind == "block" and clause.number is None:
                found.setdefault(anchor, []).append(clause)
        return found

    original_gaps, translation_gaps = gaps(original), gaps(translation)
    paired: dict[str, str] = {}  # translation key -> original key
    for anchor, blocks in original_gaps.items():
        others = [c for c in translation_gaps.get(anchor, []) if c.key not in original_keys]
        mine = [c for c in blocks if c.key not in by_key]
        if mine and len(mine) == len(others):
            for a, b in zip(mine, others):
                paired[b.key] = a.key
    if paired:
        partner = {v: k for k, v in paired.items()}
        rows = [
            BilingualRow(r.key, r.original, by_key[partner[r.key]]) if r.key in partner else r for r in rows
        ]

    # Clauses only the translation has: after the row of the translation's preceding clause.
    row_of = {r.translation.key: r for r in rows if r.translation is not None}
    position = -1
    for clause in translation:
        if clause.key in row_of:
            position = next(i for i, r in enumerate(rows) if r is row_of[clause.key])
            continue
        # Keep numbers in order past clauses only the original has (ja 3.1.6 before en-only 3.1.7).
        while (
            position + 1 < len(rows)
            and rows[position + 1].translation is None
            and _number_before(rows[position + 1].number, clause.number)
        ):
            position += 1
        row = BilingualRow(clause.key, None, clause)
        rows.insert(position + 1, row)
        row_of[clause.key] = row
        position += 1
    return rows


def _number_before(a: str | None, b: str | None) -> bool:
    """`3.1.6` comes before `3.1.7`; unnumbered text has no order against numbers."""
    if not a or not b:
        return False
    return tuple(int(n) for n in a.split(".")) < tuple(int(n) for n in b.split("."))


def _change_status(comparisons: Comparisons, policy: Policy, revision: Revision) -> dict[str, str] | None:
    """Each clause key of `revision` -> how it fared since the previous revision (None: no previous).

    A key the previous revision did not have at all is left out: a translation catching up with
    a clause it lacked (English 2.2 added after the Japanese 2.2) does not make the other side stale.
    """
    previous = policy.previous(revision)
    if previous is None:
        return None
    before = {c.key for c in comparisons.clauses(previous)}
    return {
        c.new.key: c.status
        for c in comparisons.changes(previous, revision)
        if c.new is not None and c.new.key in before
    }


def stale_in_pair(
    original: Policy, translation: Policy, pair: RevisionPair, comparisons: Comparisons | None = None
) -> list[StaleTranslation]:
    """The stale translations of one revision (both languages must have it and a previous one)."""
    if pair.original is None or pair.translation is None:
        return []
    comparisons = comparisons or Comparisons()
    original_status = _change_status(comparisons, original, pair.original)
    translation_status = _change_status(comparisons, translation, pair.translation)
    if original_status is None or translation_status is None:
        return []
    sides = {
        original.lang: (pair.original, {c.key: c for c in comparisons.clauses(pair.original)}),
        translation.lang: (pair.translation, {c.key: c for c in comparisons.clauses(pair.translation)}),
    }
    found = []
    for key, status in original_status.items():
        other = translation_status.get(key)
        if status in _CHANGED and other == "unchanged":
            changed, unchanged = original.lang, translation.lang
        elif other in _CHANGED and status == "unchanged":
            changed, unchanged = translation.lang, original.lang
        else:
            continue
        revision, clauses = sides[unchanged]
        found.append(StaleTranslation(
            policy=pair.policy, revision=pair.id, effective=pair.effective, clause=key,
            changed_lang=changed, unchanged_lang=unchanged,
            path=revision.path, line=clauses[key].line, commit=revision.commit,
        ))
    return found


def stale_translations(
    original: Policy | None, translation: Policy | None, comparisons: Comparisons | None = None
) -> list[StaleTranslation]:
    """Every clause, in every revision, that may be out of date in one language (oldest first).

    For the linter (`make lint`, as warnings): `stale_translations(ja_policy, en_policy)`; each
    item's `message()` and `hint` read as a lawyer-facing warning.
    """
    if original is None or translation is None:
        return []
    comparisons = comparisons or Comparisons()
    found: list[StaleTranslation] = []
    for pair in pair_revisions(original, translation):
        found += stale_in_pair(original, translation, pair, comparisons)
    return found


_ROWS: Memo[list[BilingualRow]] = Memo("side-by-side row lists", maxsize=2_048)
_TABLES: Memo[str] = Memo("bilingual tables", maxsize=2_048)


def _pair_content(original: Policy | None, translation: Policy | None, pair: RevisionPair) -> tuple[object, ...]:
    """What a pair's rows are made of: both texts and the ones before them (for stale marks), with
    the path and commit a stale mark names. Cheap to hash: Python keeps each text's hash."""

    def made_of(revision: Revision | None) -> tuple[str, str, str, int] | None:
        return None if revision is None else (revision.path, revision.commit, revision.text.body, revision.text.body_line)

    def before(policy: Policy | None, revision: Revision | None) -> object:
        return made_of(policy.previous(revision)) if policy is not None and revision is not None else None

    return (
        pair.policy, pair.id, pair.effective,
        original.lang if original else None, translation.lang if translation else None,
        made_of(pair.original), made_of(pair.translation),
        before(original, pair.original), before(translation, pair.translation),
    )


def bilingual_rows(
    original: Policy | None, translation: Policy | None, pair: RevisionPair, comparisons: Comparisons
) -> list[BilingualRow]:
    """The rows of one revision pair, with stale translations marked (remembered by `_pair_content`)."""
    return _ROWS.get_or_make(
        _pair_content(original, translation, pair), lambda: _bilingual_rows(original, translation, pair, comparisons)
    )


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

def bilingual_path(policy_id: str) -> str:
    """The in-force revision side by side: `privacy/bilingual/`."""
    return f"{policy_id}/bilingual/"


def revision_bilingual_path(policy_id: str, revision_id: str) -> str:
    return f"{policy_id}/history/{revision_id}/bilingual/"


# --- Pages ------------------------------------------------------------------------------------

WORDS: dict[str, dict[str, str]] = {
    "ja": {
        "bilingual": "日英対照",
        "bilingual_title": "{title}（日英対照）",
        "bilingual_revision_title": "{title}（日英対照・{date}施行）",
        "lang_ja": "日本語",
        "lang_en": "英語",
        "column_original": "{lang}（正文）",
        "column_translation": "{lang}（参考訳）",
        "prevails": "本ポリシーは日本語を正文とし、英語版は参考訳です。両者に相違がある場合は日本語版が優先します。",
        "showing": "{date}施行の版を表示しています。",
        "translation_missing": "翻訳なし",
        "original_missing": "原文なし",
        "missing_translation_revision": "この版には{lang}版がありません。{other}の条文のみを表示します。",
        "stale": "翻訳未更新の可能性",
        "stale_detail": "この版では、この条項の{changed}の文言のみが改定されています。",
        "no_revision": "表示できる版がありません。",
        "one_language_title": "{title}（{date}施行）：{lang}版なし",
        "one_language_no_revision": "{date}施行の版には{lang}版がありません。{other}の条文と対照表をご覧ください。",
        "one_language_first": "{date}施行の{lang}版は最初の{lang}版のため、比較する旧版はありません。{other}版の改定内容をご覧ください。",
        "one_language_current": "{date}施行の{lang}版は現在も{lang}版の現行版で、その後{lang}版は変更されていません。{other}版の変更をご覧ください。",
        "read_in_other": "{other}版を読む",
    },
    "en": {
        "bilingual": "Japanese and English",
        "bilingual_title": "{title}: Japanese and English",
        "bilingual_revision_title": "{title}: Japanese and English (effective {date})",
        "lang_ja": "Japanese",
        "lang_en": "English",
        "column_original": "{lang} (original)",
        "column_translation": "{lang} (translation)",
        "prevails": "The Japanese text is the original; the English version is a reference translation. "
                    "If they differ, the Japanese text prevails.",
        "showing": "Showing the version effective {date}.",
        "translation_missing": "translation missing",
        "original_missing": "original missing",
        "missing_translation_revision": "This revision has no {lang} text; only the {other} text is shown.",
        "stale": "translation may be out of date",
        "stale_detail": "In this revision only the {changed} text of this clause changed.",
        "no_revision": "There is no revision to show.",
        "one_language_title": "{title} (effective {date}): no {lang} text",
        "one_language_no_revision": "The revision effective {date} has no {lang} text. Read the {other} text, "
                                    "or both side by side.",
        "one_language_first": "The {lang} text effective {date} is the first {lang} version, so there is no "
                              "earlier {lang} text to compare. Read the changes to the {other} text.",
        "one_language_current": "The {lang} text effective {date} is still the current {lang} version; it has "
                                "not changed since. Read the changes to the {other} text.",
        "read_in_other": "Read the {other} text",
    },
}


def words(lang: str) -> dict[str, str]:
    """The site's labels for `lang`, with this page's words added."""
    return {**labels(lang), **WORDS.get(lang, WORDS["en"])}


def _lang_name(L: dict[str, str], lang: str) -> str:
    return L.get(f"lang_{lang}", lang)


def _paragraphs(text: str) -> list[str]:
    return [p.strip("\n") for p in text.split("\n\n") if p.strip()]


def _cell(clause: Clause | None, lang: str) -> dict[str, object] | None:
    if clause is None:
        return None
    return {
        "clause": clause,
        "number_label": words(lang)["preamble"] if clause.kind == "preamble" else (f"{clause.number}." if clause.number else ""),
        "heading": clause.heading,
        "paragraphs": _paragraphs(clause.text),
    }


def bilingual_html(
    rows: Sequence[BilingualRow], pair: RevisionPair, original_lang: str, translation_lang: str, page_lang: str
) -> str:
    """The two-column table: one `<tr id="clause-…">` per row, `lang` on every cell."""
    L = words(page_lang)
    notices = []
    for present, missing in ((pair.original, translation_lang), (pair.translation, original_lang)):
        other = original_lang if missing == translation_lang else translation_lang
        if present is not None and (pair.translation if missing == translation_lang else pair.original) is None:
            notices.append(L["missing_translation_revision"].format(lang=_lang_name(L, missing), other=_lang_name(L, other)))
    return _TEMPLATES.get_template("bilingual.html").render(
        L=L,
        original_column=L["column_original"].format(lang=_lang_name(L, original_lang)),
        translation_column=L["column_translation"].format(lang=_lang_name(L, translation_lang)),
        notices=notices,
        rows=Markup("".join([_row_html(row, original_lang, translation_lang, page_lang) for row in rows])),
    )


_ROWS_HTML: Memo[Markup] = Memo("side-by-side rows", maxsize=65_536)


def _row_html(row: BilingualRow, original_lang: str, translation_lang: str, page_lang: str) -> Markup:
    """One `<tr>` of the side-by-side table, rendered once per distinct row: most clauses read the
    same in many revisions. Keyed by all the row shows (not the clauses' line numbers)."""
    stale = (row.stale.unchanged_lang, row.stale.changed_lang) if row.stale else None
    key = (row.key, _shown(row.original), _shown(row.translation), stale, original_lang, translation_lang, page_lang)

    def render() -> Markup:
        L = words(page_lang)
        item = {
            "row": row,
            "original": _cell(row.original, original_lang),
            "translation": _cell(row.translation, translation_lang),
            "stale_detail": L["stale_detail"].format(changed=_lang_name(L, row.stale.changed_lang)) if row.stale else "",
        }
        return _TEMPLATES.get_template("bilingual_rows.html").module.row(  # type: ignore[attr-defined,no-any-return]
            item, original_lang, translation_lang,
            L["column_original"].format(lang=_lang_name(L, original_lang)),
            L["column_translation"].format(lang=_lang_name(L, translation_lang)),
            L, page_lang,
        )

    return _ROWS_HTML.get_or_make(key, render)


def _shown(clause: Clause | None) -> tuple[str, str | None, str, str, str] | None:
    """What a side-by-side cell shows of a clause."""
    return None if clause is None else (clause.key, clause.number, clause.kind, clause.heading, clause.text)


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
    site: BilingualSite, pair: RevisionPair, page_lang: str, page_path: str, title: str, settings: SiteSettings,
    comparisons: Comparisons, *, current: bool,
) -> GeneratedPage:
    L = words(page_lang)
    policy = site.policy_in(page_lang)
    own = pair.original if page_lang == site.original_lang else pair.translation
    links: list[dict[str, str]] = []
    if current:
        links.append({"url": relative_url(page_path, f"{site.policy_id}/"), "text": L["current_link"]})
    elif own is not None:
        links.append({"url": relative_url(page_path, revision_path(site.policy_id, pair.id)), "text": L["full_text"]})
        if policy is not None and policy.previous(own) is not None:
            links.append({"url": relative_url(page_path, changes_path(site.policy_id, pair.id)), "text": L["changes"]})
    if policy is not None and policy.revisions:
        links.append({"url": relative_url(page_path, history_path(site.policy_id)), "text": L["history"]})
    status = policy.status(own, settings.as_of) if policy is not None and own is not None else ""
    date = long_date(pair.effective, page_lang) if pair.id != "draft" else L["draft"]
    rows = bilingual_rows(site.original, site.translation, pair, comparisons)
    body = _TEMPLATES.get_template("bilingual_header.html").render(
        L=L,
        status=status,
        status_message=L[f"banner_{status.replace('-', '_')}"].format(date=date) if status else "",
        showing=L["showing"].format(date=date),
        links=links,
    ) + "\n" + _TABLES.get_or_make(
        (_pair_content(site.original, site.translation, pair), site.original_lang, site.translation_lang, page_lang),
        lambda: bilingual_html(rows, pair, site.original_lang, site.translation_lang, page_lang),
    )
    meta: dict[str, object] = {"title": title}
    if not current:
        # Every revision's table repeats the policy text; search should lead to the current one.
        meta["search"] = {"exclude": True}
    markdown = _front_matter(**meta) + f"# {title}\n\n{body}\n"
    return GeneratedPage(src_uri_for(page_lang, page_path), markdown)


def _title_of(site: BilingualSite, pair: RevisionPair, lang: str) -> str:
    own = pair.original if lang == site.original_lang else pair.translation
    revision = own or pair.original or pair.translation
    return revision.title if revision is not None else site.policy_id


def bilingual_pages(policies: PolicySet, settings: SiteSettings, comparisons: Comparisons) -> list[GeneratedPage]:
    """`<policy>/bilingual/` and `<policy>/history/<id>/bilingual/` in every site language, and
    the notice pages of revisions that exist in one language only (`one_language_pages`)."""
    pages: list[GeneratedPage] = one_language_pages(policies, settings)
    for site in bilingual_sites(policies, settings):
        for lang in (site.original_lang, site.translation_lang):
            L = words(lang)
            current = site.in_force(settings.as_of)
            if current is not None:
                title = L["bilingual_title"].format(title=_title_of(site, current, lang))
                pages.append(_page(site, current, lang, bilingual_path(site.policy_id), title, settings, comparisons, current=True))
            for pair in site.pairs:
                date = long_date(pair.effective, lang) if pair.id != "draft" else L["draft"]
                title = L["bilingual_revision_title"].format(title=_title_of(site, pair, lang), date=date)
                path = revision_bilingual_path(site.policy_id, pair.id)
                pages.append(_page(site, pair, lang, path, title, settings, comparisons, current=False))
    return pages


def bilingual_links(policies: PolicySet, settings: SiteSettings) -> dict[tuple[str, str], dict[str, list[dict[str, str]]]]:
    """For the history and revision pages: (policy id, lang) -> revision id -> [{path, text}]."""
    links: dict[tuple[str, str], dict[str, list[dict[str, str]]]] = {}
    for site in bilingual_sites(policies, settings):
        for lang in (site.original_lang, site.translation_lang):
            text = words(lang)["bilingual"]
            links[(site.policy_id, lang)] = {
                pair.id: [{"path": revision_bilingual_path(site.policy_id, pair.id), "text": text}] for pair in site.pairs
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
    site: BilingualSite, pair: RevisionPair, present: Policy, missing: Policy, page_path: str, kind: str,
    reason: str, settings: SiteSettings,
) -> GeneratedPage:
    L = words(missing.lang)
    revision = pair.original if present is site.original else pair.translation
    assert revision is not None
    date = long_date(pair.effective, missing.lang) if pair.id != "draft" else L["draft"]
    lang, other = _lang_name(L, missing.lang), _lang_name(L, present.lang)
    prefix = lambda code: "" if code == settings.default_language else f"{code}/"  # noqa: E731
    links = [
        {
            "url": relative_url(prefix(missing.lang) + page_path, prefix(present.lang) + page_path),
            "text": L["read_in_other"].format(other=other),
            "lang": present.lang,
        },
        {"url": relative_url(page_path, revision_bilingual_path(site.policy_id, pair.id)), "text": L["bilingual"], "lang": ""},
    ]
    if missing.revisions:
        links.append({"url": relative_url(page_path, history_path(site.policy_id)), "text": L["history"], "lang": ""})
    title_text = _title_in(missing, revision)
    if reason == "no_revision":
        title = L["one_language_title"].format(title=title_text, date=date, lang=lang)
    elif kind == "changes":
        title = L["changes_title"].format(title=title_text, date=date)
    else:
        title = L["since_title"].format(date=date)
    body = _TEMPLATES.get_template("one_language.html").render(
        notice=L[f"one_language_{reason}"].format(date=date, lang=lang, other=other), links=links,
    )
    markdown = _front_matter(title=title, search={"exclude": True}) + f"# {title}\n\n{body}\n"
    return GeneratedPage(src_uri_for(missing.lang, page_path), markdown)


def _title_in(policy: Policy, revision: Revision) -> str:
    """The policy's title in `policy`'s language: from its revision nearest before `revision`."""
    earlier = [r for r in policy.revisions if r.effective <= revision.effective]
    chosen = earlier[-1] if earlier else (policy.revisions[0] if policy.revisions else None)
    return chosen.title if chosen is not None else policy.id
