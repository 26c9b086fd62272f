"""The view stage: what each generated page shows, as plain frozen values.

A view is everything one template sees, and nothing else: its fields are the template's
values (plus the words of the view's language, `labels(view.lang)`). Views are frozen,
hashable dataclasses with slots, holding tuples and other views, never lists or dicts. So
`render.render(view)` can remember each rendering by the view itself: the key is exactly what
the template reads, by construction, and a template that starts reading a new field cannot be
served a stale page, since that field is part of the view. No hand-written cache keys.

Pages are views (`ChangesPage`, `SincePage`, ...); so are the fragments repeated across pages,
which are remembered on their own (a 新旧対照表 row, `TableRow`, is rendered once and reused by
the changes page and by every "since" page that shows the same change). Views are built by the
page modules (`render`, `reader_pages`, `bilingual`, `no_history`) from the PolicySet and the
comparisons; this module holds only their shapes. No I/O, no text output.

>>> a, b = TranslationNotice("en", "../", "ja"), TranslationNotice("en", "../", "ja")
>>> a == b and hash(a) == hash(b) and a != TranslationNotice("en", "./", "ja")
True
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import ClassVar, NamedTuple

from markupsafe import Markup

from .model import ChangeStatus, Clause, ClauseChange, Segment, clause_anchor


class View:
    """A template's values. Subclasses are `@dataclass(frozen=True, slots=True, eq=False)`: equality
    and the hash come from here, the hash computed once (a page view is deep: every row of a
    since page), equality checked field by field only when the hashes agree."""

    __slots__ = ("_hash",)
    _hash: int

    template: ClassVar[str]
    """The template (in `templates/`) that renders this kind of view."""
    macro: ClassVar[str] = ""
    """The macro of `template` that renders it, if it is a macro (rows are)."""
    remembered: ClassVar[int] = 0
    """How many renderings of this kind `render` keeps across builds (least recently used go
    first); 0 for a part that only one page shows (the page's rendering is remembered)."""
    remembered_chars: ClassVar[int] = 2_000_000
    """And how many characters of them at most: a long history's pages are large (a "since" page
    repeats most of the policy), and the build's peak memory must stay low."""

    lang: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "_hash", hash((type(self), _values_of(type(self))(self))))

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, View)
        values = _values_of(type(self))
        return self._hash == other._hash and values(self) == values(other)

    def values(self) -> dict[str, object]:
        """What the template receives (besides the words of `lang`): every field, by name."""
        return {name: getattr(self, name) for name in field_names(type(self))}


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
_VALUES: dict[type, Callable[[object], tuple[object, ...]]] = {}


def field_names(kind: type) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(kind)
    if names is None:
        names = _FIELD_NAMES[kind] = tuple(f.name for f in fields(kind))
    return names


def _values_of(kind: type) -> Callable[[object], tuple[object, ...]]:
    getter = _VALUES.get(kind)
    if getter is None:
        names = field_names(kind)
        attrgetter = operator.attrgetter(*names)
        getter = _VALUES[kind] = attrgetter if len(names) > 1 else (lambda view: (attrgetter(view),))
    return getter


# --- Parts of views: named tuples (frozen and hashable; compared and hashed at C speed, which matters
# for the rows: a since page has a hundred) rendered by the template of the view that holds them ------


class Link(NamedTuple):
    url: str
    text: str


class Fact(NamedTuple):
    """A line of a facts list (施行日, 掲載日): `iso` the machine-readable date, or ""."""

    label: str
    value: str
    iso: str = ""


class RevisionLink(NamedTuple):
    """A revision a "since" or "to" page spans: its changes page, and its summary."""

    url: str
    text: str
    summary: str


class ConsentNotice(NamedTuple):
    headline: str
    text: str


class CorrectionNote(NamedTuple):
    """A correction as the banner and the history list show it: when, why, and the provisions it changed."""

    line: str
    text: str
    changed: tuple[Link, ...] = ()


class ShownClause(NamedTuple):
    """What a 新旧対照表 row shows of a clause (not its line, nor its text: the segments hold that)."""

    key: str
    number: str | None
    kind: str

    @property
    def anchor(self) -> str:
        return clause_anchor(self.key)

    @staticmethod
    def of(clause: Clause | None) -> ShownClause | None:
        return None if clause is None else ShownClause(clause.key, clause.number, clause.kind)


class ShownChange(NamedTuple):
    """What a row shows of a `ClauseChange`."""

    status: ChangeStatus
    old: ShownClause | None
    new: ShownClause | None
    segments: tuple[Segment, ...]

    @staticmethod
    def of(change: ClauseChange) -> ShownChange:
        return ShownChange(change.status, ShownClause.of(change.old), ShownClause.of(change.new), change.segments)


# --- Fragments ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, eq=False)
class TranslationNotice(View):
    """On a translation's page: the original prevails; a link to the original's text."""

    template: ClassVar[str] = "translation_notice.html"
    lang: str
    url: str
    original_lang: str


@dataclass(frozen=True, slots=True, eq=False)
class Banner(View):
    """A revision's status at the top of its pages (superseded, upcoming, draft...)."""

    template: ClassVar[str] = "banner.html"
    lang: str
    status: str
    message: str
    consent: str = ""
    current_url: str = ""
    links: tuple[Link, ...] = ()
    facts: tuple[Fact, ...] = ()
    corrections: tuple[CorrectionNote, ...] = ()


@dataclass(frozen=True, slots=True, eq=False)
class TableRow(View):
    """One changed provision in the 新旧対照表 (new left, old right)."""

    template: ClassVar[str] = "changes_rows.html"
    macro: ClassVar[str] = "table_row"
    remembered: ClassVar[int] = 65_536
    ch: ShownChange
    lang: str
    prefix: str
    consent: bool
    corrected: bool
    history_url: str = ""
    """The clause's history (`#<lineage>` on the clause-history page), linked at the row's start."""


@dataclass(frozen=True, slots=True, eq=False)
class RedlineEntry(View):
    """The same change in the inline redline (screen only)."""

    template: ClassVar[str] = "changes_rows.html"
    macro: ClassVar[str] = "redline_entry"
    remembered: ClassVar[int] = 65_536
    remembered_chars: ClassVar[int] = 1_000_000
    ch: ShownChange
    lang: str
    prefix: str
    consent: bool
    corrected: bool


@dataclass(frozen=True, slots=True, eq=False)
class TableOmitted(View):
    """A run of unchanged provisions as one 「（略）」 row; each keeps its anchor."""

    template: ClassVar[str] = "changes_rows.html"
    macro: ClassVar[str] = "table_omitted"
    remembered: ClassVar[int] = 65_536
    remembered_chars: ClassVar[int] = 1_000_000
    first: ShownClause
    last: ShownClause
    anchors: tuple[str, ...]
    lang: str
    prefix: str


@dataclass(frozen=True, slots=True, eq=False)
class RedlineOmitted(View):
    template: ClassVar[str] = "changes_rows.html"
    macro: ClassVar[str] = "redline_omitted"
    remembered: ClassVar[int] = 65_536
    remembered_chars: ClassVar[int] = 250_000
    first: ShownClause
    last: ShownClause
    lang: str


@dataclass(frozen=True, slots=True, eq=False)
class ChangesTable(View):
    """A 新旧対照表 page's body: its facts, the table, the 附則 lines and (screen only) the redline."""

    template: ClassVar[str] = "changes.html"
    lang: str
    changed: bool
    compared: str
    count_line: str
    facts: tuple[Fact, ...]
    links: tuple[Link, ...]
    in_between: tuple[RevisionLink, ...]
    supplementary: tuple[str, ...]
    consent: tuple[ConsentNotice, ...]
    new_column: str
    old_column: str
    print_header: str
    redline_open: bool
    table_rows: tuple[View, ...]
    redline_rows: tuple[View, ...]


# --- Pages ----------------------------------------------------------------------------------------
# Each page's title is its heading and its front matter's title; `search_excluded` leaves it out of
# the search index (pages that repeat superseded, upcoming or compared text).

PAGES_REMEMBERED = 4_096
# How many characters of each kind of page are kept: at 1,000 commits in two languages the since
# pages are 7.6M characters, the to-upcoming pages 11M, side by side 9.7M, changes 3.2M, revisions
# 2.4M; at 3,000 the least recently used go (a warm rebuild of an unchanged state reuses the whole
# output anyway, mkdocs_adapter._OUTPUTS).


@dataclass(frozen=True, slots=True, eq=False)
class ChangesPage(View):
    """`<policy>/history/<id>/changes/`: the 新旧対照表 against the previous revision."""

    template: ClassVar[str] = "changes_page.md"
    remembered: ClassVar[int] = PAGES_REMEMBERED
    remembered_chars: ClassVar[int] = 4_000_000
    lang: str
    title: str
    translation_notice: TranslationNotice | None
    banner: Banner | None
    changes: ChangesTable
    search_excluded: bool = True


@dataclass(frozen=True, slots=True, eq=False)
class SincePage(View):
    """`<policy>/history/<id>/since/`: everything that changed up to the revision in force."""

    template: ClassVar[str] = "since_page.md"
    remembered: ClassVar[int] = PAGES_REMEMBERED
    remembered_chars: ClassVar[int] = 12_000_000
    lang: str
    title: str
    translation_notice: TranslationNotice | None
    changes: ChangesTable
    search_excluded: bool = True


@dataclass(frozen=True, slots=True, eq=False)
class ToUpcomingPage(View):
    """`<policy>/history/<older>/to/<upcoming>/`: from an older revision to an upcoming one."""

    template: ClassVar[str] = "to_page.md"
    remembered: ClassVar[int] = PAGES_REMEMBERED
    remembered_chars: ClassVar[int] = 12_000_000
    lang: str
    title: str
    banner: Banner
    changes: ChangesTable
    search_excluded: bool = True


# --- Revision and history pages -------------------------------------------------------------------


@dataclass(frozen=True, slots=True, eq=False)
class RevisionPage(View):
    """`<policy>/history/<id>/`: the revision's full text under its banner."""

    template: ClassVar[str] = "revision_page.md"
    remembered: ClassVar[int] = PAGES_REMEMBERED
    remembered_chars: ClassVar[int] = 3_000_000
    lang: str
    title: str
    translation_notice: TranslationNotice | None
    banner: Banner
    text: Markup
    """The policy's own Markdown (rendered as Markdown, not escaped)."""
    search_excluded: bool = True


@dataclass(frozen=True, slots=True, eq=False)
class InForceForm(View):
    """The date field: which version was in force on a day. `follow`: on the history page,
    `?date=YYYY-MM-DD` is answered on arrival."""

    template: ClassVar[str] = "in_force_form.html"
    lang: str
    follow: bool
    history_url: str
    revisions_url: str


@dataclass(frozen=True, slots=True, eq=False)
class ClauseHistoriesLink(View):
    template: ClassVar[str] = "clause_histories_link.html"
    lang: str
    url: str


class CompareOption(NamedTuple):
    id: str
    text: str


class PublishedComparison(NamedTuple):
    """A pair of revisions the site compares on a page (changes, since or to), for the compare form."""

    old: str
    new: str
    url: str
    old_index: int
    new_index: int


@dataclass(frozen=True, slots=True, eq=False)
class CompareForm(View):
    template: ClassVar[str] = "compare_form.html"
    lang: str
    options: tuple[CompareOption, ...]
    pairs: tuple[PublishedComparison, ...]
    default_old: str
    default_new: str


class ShownRevision(NamedTuple):
    """What a history entry shows of a revision besides its words."""

    id: str
    effective: dt.date
    posted: dt.datetime
    summary: str
    backdated: str


class AbandonmentNote(NamedTuple):
    """A postponed or withdrawn announcement: what, when, why."""

    kind: str
    line: str
    reason: str
    commit: str


class HistoryEntry(NamedTuple):
    revision: ShownRevision
    status: str
    effective: str
    posted: str
    period: str
    consent: str
    consent_provisions: str
    abandoned: AbandonmentNote | None
    url: str
    changes_url: str
    since_url: str
    corrections: tuple[CorrectionNote, ...]
    extra_links: tuple[Link, ...]


@dataclass(frozen=True, slots=True, eq=False)
class HistoryList(View):
    """Every revision, newest first."""

    template: ClassVar[str] = "history.html"
    lang: str
    items: tuple[HistoryEntry, ...]
    title: str
    policy_url: str
    feed_url: str
    api_url: str


@dataclass(frozen=True, slots=True, eq=False)
class HistoryPage(View):
    """`<policy>/history/`: the date field, the way to each clause's history, the compare form and
    every revision."""

    template: ClassVar[str] = "history_page.md"
    remembered: ClassVar[int] = PAGES_REMEMBERED
    lang: str
    title: str
    translation_notice: TranslationNotice | None
    in_force_form: InForceForm
    clause_histories_link: ClauseHistoriesLink
    compare_form: CompareForm | None
    history: HistoryList
    search_excluded: bool = False


# --- Side by side -----------------------------------------------------------------------------------


class SideBySideCell(NamedTuple):
    """One language's side of a side-by-side row."""

    clause: ShownClause
    number_label: str
    heading: str
    paragraphs: tuple[str, ...]


class ShownStale(NamedTuple):
    unchanged_lang: str
    changed_lang: str


class ShownPairedClause(NamedTuple):
    """What a side-by-side row shows of its clause pair as a whole: its anchor and number, and
    whether one language changed it while the other did not."""

    anchor: str
    number: str | None
    stale: ShownStale | None


class SideBySideItem(NamedTuple):
    row: ShownPairedClause
    original: SideBySideCell | None
    translation: SideBySideCell | None
    stale_detail: str


@dataclass(frozen=True, slots=True, eq=False)
class SideBySideRow(View):
    """One clause in both languages (`lang`: the page's language, of the notes)."""

    template: ClassVar[str] = "bilingual_rows.html"
    macro: ClassVar[str] = "row"
    remembered: ClassVar[int] = 65_536
    item: SideBySideItem
    original_lang: str
    translation_lang: str
    original_column: str
    translation_column: str
    lang: str


@dataclass(frozen=True, slots=True, eq=False)
class SideBySideTable(View):
    template: ClassVar[str] = "bilingual.html"
    lang: str
    original_column: str
    translation_column: str
    notices: tuple[str, ...]
    rows: tuple[SideBySideRow, ...]


@dataclass(frozen=True, slots=True, eq=False)
class SideBySideHeader(View):
    template: ClassVar[str] = "bilingual_header.html"
    lang: str
    status: str
    status_message: str
    showing: str
    links: tuple[Link, ...]


@dataclass(frozen=True, slots=True, eq=False)
class SideBySidePage(View):
    """`<policy>/bilingual/`, `<policy>/history/<id>/bilingual/`: both languages side by side."""

    template: ClassVar[str] = "bilingual_page.md"
    remembered: ClassVar[int] = PAGES_REMEMBERED
    remembered_chars: ClassVar[int] = 10_000_000
    lang: str
    title: str
    header: SideBySideHeader
    table: SideBySideTable
    search_excluded: bool = True


class LanguageLink(NamedTuple):
    url: str
    text: str
    lang: str
    """The language of the page linked to, or "" (the same as this page's)."""


@dataclass(frozen=True, slots=True, eq=False)
class OneLanguagePage(View):
    """A revision's page that exists in one language only: a notice at the same path in the other."""

    template: ClassVar[str] = "one_language_page.md"
    remembered: ClassVar[int] = PAGES_REMEMBERED
    lang: str
    title: str
    notice: str
    links: tuple[LanguageLink, ...]
    search_excluded: bool = True


# --- Each clause's own history ------------------------------------------------------------------------


class ClauseVersion(NamedTuple):
    """A clause's wording in one revision where it changed (newest first on the page)."""

    status: str
    url: str
    effective: str
    effective_iso: str
    revision_status: str
    was: str
    number: str
    text: str
    segments: tuple[Segment, ...]


class ClauseLineage(NamedTuple):
    """One clause followed through every revision, under its stable id (`3.1.2@2017-05-10`)."""

    id: str
    name: str
    removed: bool
    numbers: str
    current_url: str
    other_language_url: str
    versions: tuple[ClauseVersion, ...]


@dataclass(frozen=True, slots=True, eq=False)
class ClauseHistoryPage(View):
    """`<policy>/clauses/`: every clause's history on one page."""

    template: ClassVar[str] = "clause_history_page.md"
    remembered: ClassVar[int] = PAGES_REMEMBERED
    lang: str
    title: str
    lineages: tuple[ClauseLineage, ...]
    other_lang: str
    other_language: str
    history_url: str
    search_excluded: bool = True


# --- Without git history ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, eq=False)
class NoHistoryPage(View):
    """`<policy>/history/` of a site built without git history: the notice only."""

    template: ClassVar[str] = "no_history_page.md"
    remembered: ClassVar[int] = PAGES_REMEMBERED
    lang: str
    title: str
    effective: str
    effective_iso: str
    search_excluded: bool = False
