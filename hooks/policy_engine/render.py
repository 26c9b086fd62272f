"""Pages as Markdown sources (front matter + escaped HTML blocks + policy Markdown). No I/O.

Only this module and `publish` produce output text. Policy text is Markdown and keeps its
normal rendering on the policy and revision pages; everything else (summaries, commit
subjects, clause texts inside diffs) goes through Jinja's autoescape, once, here.

URLs: a page is named by its path inside a language, e.g. `privacy/history/2017-05-10/`.
Links between generated pages are made relative, so the site works under any base path.
"""

from __future__ import annotations

import datetime as dt
import functools
import posixpath
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from .cache import Memo, clear_with_the_rest, memoised
from .compare import compare_clauses
from .clauses import parse_clauses
from .labels import labels, long_date, long_datetime
from .model import Clause, ClauseChange, Policy, PolicySet, Revision

_TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=False,
    keep_trailing_newline=False,
)


@dataclass(frozen=True)
class GeneratedPage:
    """A page the build adds: `src_uri` as if it lived in docs/ (e.g. `ja/privacy/history.md`)."""

    src_uri: str
    markdown: str


@dataclass(frozen=True)
class SiteSettings:
    languages: tuple[str, ...]
    default_language: str
    timezone: str
    as_of: dt.date


# --- URLs -----------------------------------------------------------------------------------

def history_path(policy_id: str) -> str:
    return f"{policy_id}/history/"


def revision_path(policy_id: str, revision_id: str) -> str:
    return f"{policy_id}/history/{revision_id}/"


def changes_path(policy_id: str, revision_id: str) -> str:
    return f"{policy_id}/history/{revision_id}/changes/"


def since_path(policy_id: str, revision_id: str) -> str:
    return f"{policy_id}/history/{revision_id}/since/"


def api_path(policy_id: str, lang: str, name: str) -> str:
    """Machine-readable files live outside the language folders: `api/privacy/ja/revisions.json`."""
    return f"api/{policy_id}/{lang}/{name}"


def src_uri_for(lang: str, page_path: str) -> str:
    """`privacy/history/` in ja -> `ja/privacy/history.md`."""
    return f"{lang}/{page_path.rstrip('/')}.md"


def language_prefix(lang: str, settings: SiteSettings) -> str:
    return "" if lang == settings.default_language else f"{lang}/"


@functools.lru_cache(maxsize=65_536)  # pure, and asked for thousands of times per build
def relative_url(from_path: str, to_path: str) -> str:
    """A link from one site path to another, both directory-style (`a/b/`) or files (`a/b.json`)."""
    start = from_path if from_path.endswith("/") else posixpath.dirname(from_path) + "/"
    target = posixpath.relpath(to_path or ".", start.rstrip("/") or ".")
    if to_path.endswith("/") and not target.endswith("/"):
        target += "/"
    return "./" if target in (".", "./") else target


clear_with_the_rest(relative_url.cache_clear)


# --- Clauses and changes, computed once per revision pair -------------------------------------

_CLAUSE_LISTS: Memo[list[Clause]] = Memo("clause lists", maxsize=4_096)
_CLAUSE_CHANGES: Memo[list[ClauseChange]] = Memo("clause changes", maxsize=4_096)


def _content_key(revision: Revision) -> tuple[str, int]:
    """What a revision's clauses are made from (path and commit only ever name an error)."""
    return (revision.text.body, revision.text.body_line)


class Comparisons:
    """Parses each revision once and compares each pair once, however many pages need them.

    Behind the per-build maps, the results are remembered for the process by the texts they
    come from (cache.py), so a rebuild in `mkdocs serve` recomputes only an edited text.
    """

    def __init__(self) -> None:
        self._clauses: dict[tuple[str, str, str], list[Clause]] = {}
        self._changes: dict[tuple[tuple[str, str, str], tuple[str, str, str]], list[ClauseChange]] = {}

    @staticmethod
    def _key(revision: Revision) -> tuple[str, str, str]:
        return (revision.commit, revision.path, revision.id)

    def clauses(self, revision: Revision) -> list[Clause]:
        key = self._key(revision)
        if key not in self._clauses:
            self._clauses[key] = _CLAUSE_LISTS.get_or_make(
                _content_key(revision),
                lambda: parse_clauses(
                    revision.text.body, path=revision.path, first_line=revision.text.body_line, commit=revision.commit
                ),
            )
        return self._clauses[key]

    def changes(self, old: Revision, new: Revision) -> list[ClauseChange]:
        key = (self._key(old), self._key(new))
        if key not in self._changes:
            self._changes[key] = _CLAUSE_CHANGES.get_or_make(
                (_content_key(old), _content_key(new)), lambda: compare_clauses(self.clauses(old), self.clauses(new))
            )
        return self._changes[key]


def group_unchanged(changes: Sequence[ClauseChange]) -> list[dict[str, object]]:
    """Runs of unchanged clauses collapse into one group; every other change stands alone."""
    groups: list[dict[str, object]] = []
    for change in changes:
        unchanged = change.status == "unchanged"
        if unchanged and groups and groups[-1]["unchanged"]:
            groups[-1]["changes"].append(change)  # type: ignore[union-attr]
        else:
            groups.append({"unchanged": unchanged, "changes": [change]})
    return groups


def count_changes(changes: Sequence[ClauseChange]) -> dict[str, int]:
    counts = {"added": 0, "removed": 0, "amended": 0, "renumbered": 0, "unchanged": 0}
    for change in changes:
        counts[change.status] += 1
    return counts


# --- Pages ------------------------------------------------------------------------------------

_NOT_INDEXED = {"exclude": True}
"""Front matter `search:` of pages that repeat superseded, upcoming or compared text: left out of
the search index, so a search (同意, consent) leads to the policy in force."""


@memoised("front matter", maxsize=4_096)
def _front_matter(**meta: object) -> str:
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=True) + "---\n\n"


def policy_header(policy: Policy, settings: SiteSettings, page_path: str, shown: Revision | None) -> str:
    """The generated block at the top of the policy page: dates, upcoming notices, history link."""
    L = labels(policy.lang)
    as_of = settings.as_of
    upcoming = [
        {
            "message": L["upcoming_notice"].format(date=long_date(r.effective, policy.lang)),
            "changes_url": relative_url(page_path, changes_path(policy.id, r.id)),
            "consent": r.consent_required,
        }
        for r in policy.upcoming(as_of)
    ]
    first = policy.revisions[0] if policy.revisions else None
    notice, notice_status = "", ""
    if shown is not None and policy.status(shown, as_of) == "upcoming":
        notice = L["banner_upcoming"].format(date=long_date(shown.effective, policy.lang))
        notice_status = "upcoming"
        upcoming = [u for u in upcoming if not u["changes_url"].endswith(f"/{shown.id}/changes/")]
    last = shown if shown is not None and first is not None and shown.id != first.id else None
    return _TEMPLATES.get_template("policy_header.html").render(
        L=L,
        upcoming=upcoming,
        notice=notice,
        notice_status=notice_status,
        established=long_date(first.effective, policy.lang) if first else "",
        established_iso=first.effective.isoformat() if first else "",
        last_revised=long_date(last.effective, policy.lang) if last else "",
        last_revised_iso=last.effective.isoformat() if last else "",
        history_url=relative_url(page_path, history_path(policy.id)) if policy.revisions else "",
    )


def policy_page_markdown(policy: Policy, settings: SiteSettings) -> str:
    """The body of /privacy/: the in-force text (not HEAD's, which may be upcoming) under the header."""
    shown = policy.in_force(settings.as_of) or (policy.revisions[0] if policy.revisions else None)
    header = policy_header(policy, settings, f"{policy.id}/", shown)
    body = shown.text.body if shown is not None else ""
    # The heading is the policy's own title: the sidebar calls this page 現行版 / Current version.
    heading = _TEMPLATES.get_template("policy_heading.html").render(title=shown_title(policy, settings))
    from .reader_pages import in_force_form  # it builds on this module

    form = in_force_form(policy, settings, f"{policy.id}/", follow=False) if policy.revisions else ""
    return f"{heading}\n\n{header}\n\n{form}\n\n{body}"


def shown_title(policy: Policy, settings: SiteSettings) -> str:
    shown = policy.in_force(settings.as_of) or (policy.revisions[0] if policy.revisions else None)
    return shown.title if shown is not None else policy.id


def posted_text(revision: Revision, lang: str, timezone: str) -> str:
    """When a revision was posted: the commit's time, or a legacy revision's declared `posted:`
    marked as taken from the company's records (「2017年5月10日（記録による）」)."""
    if revision.posted_source == "git":
        return long_datetime(revision.posted, lang, timezone)
    shown = long_datetime(revision.posted, lang, timezone) if revision.posted_time_known else long_date(revision.posted.date(), lang)
    return shown + labels(lang)["as_recorded"]


def abandonment_text(revision: Revision, lang: str, timezone: str) -> dict[str, str] | None:
    """The history entry's note for a postponed or withdrawn announcement (what, when, why)."""
    abandoned = revision.abandoned
    if abandoned is None:
        return None
    L = labels(lang)
    when = long_datetime(abandoned.posted, lang, timezone)
    if abandoned.postponed_to is not None:
        line = L["postponed_line"].format(date=when, to=long_date(abandoned.postponed_to, lang))
    else:
        line = L["withdrawn_line"].format(date=when)
    return {"kind": abandoned.kind, "line": line, "reason": abandoned.reason, "commit": abandoned.commit[:7]}


def history_page(policy: Policy, settings: SiteSettings, extra_links: dict[str, list[dict[str, str]]] | None = None) -> GeneratedPage:
    L = labels(policy.lang)
    page_path = history_path(policy.id)
    revisions = list(policy.revisions) + ([policy.draft] if policy.draft else [])
    from .reader_pages import in_force_form, periods_by_revision  # it builds on this module

    periods = periods_by_revision(policy)
    items = []
    for revision in reversed(revisions):
        previous = policy.previous(revision)
        status = policy.status(revision, settings.as_of)
        items.append({
            "revision": revision,
            "status": status,
            "period": periods.get(revision.id, ""),
            "effective": long_date(revision.effective, policy.lang),
            "posted": "" if revision.draft else posted_text(revision, policy.lang, settings.timezone),
            "abandoned": abandonment_text(revision, policy.lang, settings.timezone),
            "url": relative_url(page_path, revision_path(policy.id, revision.id)),
            "changes_url": relative_url(page_path, changes_path(policy.id, revision.id)) if previous else "",
            "since_url": relative_url(page_path, since_path(policy.id, revision.id)) if status == "superseded" else "",
            "corrections": [
                {
                    "line": L["correction_line"].format(
                        date=long_datetime(c.posted, policy.lang, settings.timezone), commit=c.commit[:7]
                    ),
                    "text": c.reason or c.subject,
                }
                for c in revision.corrections
            ],
            "extra_links": [
                {"url": relative_url(page_path, link["path"]), "text": link["text"]}
                for link in (extra_links or {}).get(revision.id, [])
            ],
        })
    title = shown_title(policy, settings)
    html = _TEMPLATES.get_template("history.html").render(
        L=L,
        items=items,
        title=title,
        policy_url=relative_url(page_path, f"{policy.id}/"),
        feed_url=relative_url(language_prefix(policy.lang, settings) + page_path,
                              api_path(policy.id, policy.lang, "revisions.atom")),
        api_url=relative_url(language_prefix(policy.lang, settings) + page_path,
                             api_path(policy.id, policy.lang, "revisions.json")),
    )
    html = f"{in_force_form(policy, settings, page_path, follow=True)}\n{html}"
    markdown = _front_matter(title=L["history_of"].format(title=title)) + f"# {L['history_of'].format(title=title)}\n\n" + html + "\n"
    return GeneratedPage(src_uri_for(policy.lang, page_path), markdown)


def revision_page(policy: Policy, revision: Revision, settings: SiteSettings, extra_links: Sequence[dict[str, str]] = ()) -> GeneratedPage:
    L = labels(policy.lang)
    page_path = revision_path(policy.id, revision.id)
    status = policy.status(revision, settings.as_of)
    date = long_date(revision.effective, policy.lang)
    message = L[f"banner_{status.replace('-', '_')}"].format(date=date)
    links = [{"url": relative_url(page_path, history_path(policy.id)), "text": L["history"]}]
    if policy.previous(revision) is not None:
        links.append({"url": relative_url(page_path, changes_path(policy.id, revision.id)), "text": L["changes"]})
    links += [{"url": relative_url(page_path, link["path"]), "text": link["text"]} for link in extra_links]
    banner = _TEMPLATES.get_template("banner.html").render(
        L=L,
        status=status,
        message=message,
        consent=revision.consent_required,
        current_url=relative_url(page_path, f"{policy.id}/") if status != "in-force" else "",
        links=links,
    )
    title = L["revision_title"].format(title=revision.title, date=date)
    # Search leads to the text in force (the policy page); a revision's page repeats a version of it.
    markdown = _front_matter(title=title, search=_NOT_INDEXED) + f"# {title}\n\n{banner}\n\n{revision.text.body}\n"
    return GeneratedPage(src_uri_for(policy.lang, page_path), markdown)


_CHANGE_ROWS: Memo[Markup] = Memo("changes table rows", maxsize=65_536)
_CHANGES_BODIES: Memo[str] = Memo("changes tables", maxsize=2_048)


def changes_html(
    changes: Sequence[ClauseChange], old: Revision, new: Revision, lang: str, *, links: Sequence[dict[str, str]] = (), prefix: str = ""
) -> str:
    """The 新旧対照表 (new left, old right, changes underlined) and the inline redline, as HTML."""
    L = labels(lang)
    counts = count_changes(changes)
    changed = any(c.status != "unchanged" for c in changes)
    return _TEMPLATES.get_template("changes.html").render(
        L=L,
        groups=group_unchanged(changes) if changed else [],
        compared=L["compared"].format(old=long_date(old.effective, lang), new=long_date(new.effective, lang) if not new.draft else L["draft"]),
        count_line=L["changes_count"].format(**counts),
        links=links,
        table_first=lang == "ja",
        prefix=prefix,
        # Joined here rather than in a template loop: a since page has ~120 rows, mostly reused.
        rows=lambda macro, changes: Markup("".join([_change_row(macro, c, lang, prefix) for c in changes])),
    )


def _change_row(macro: str, change: ClauseChange, lang: str, prefix: str) -> Markup:
    """One row of a changes table or redline (a macro in changes_rows.html), rendered once per
    distinct change: a clause amended in one revision shows alike on the changes page and on
    every "since" page after it. Keyed by all the macro reads (not the clause's line)."""
    key = (macro, change.status, _shown(change.old), _shown(change.new), change.segments, lang, prefix)
    return _CHANGE_ROWS.get_or_make(
        key, lambda: getattr(_TEMPLATES.get_template("changes_rows.html").module, macro)(change, labels(lang), prefix)
    )


def _shown(clause: Clause | None) -> tuple[str, str | None, str, str, str] | None:
    """What a changes row shows of a clause."""
    return None if clause is None else (clause.key, clause.number, clause.kind, clause.heading, clause.text)


def _changes_body(
    comparisons: Comparisons, old: Revision, new: Revision, lang: str, links: Sequence[dict[str, str]]
) -> str:
    """`changes_html` from `old` to `new`, remembered by what it is made of: the two texts (which
    decide the changes), the dates it names, the language and the links. Cheap to look up (the
    texts' hashes are kept by Python), unlike the changes themselves."""
    key = (
        _content_key(old), _content_key(new), old.effective, new.effective, new.draft, lang,
        tuple(tuple(link.items()) for link in links),
    )
    return _CHANGES_BODIES.get_or_make(
        key, lambda: changes_html(comparisons.changes(old, new), old, new, lang, links=links)
    )


def changes_page(policy: Policy, revision: Revision, settings: SiteSettings, comparisons: Comparisons) -> GeneratedPage | None:
    """/privacy/history/<id>/changes/: from the previous revision to this one (none for the first)."""
    previous = policy.previous(revision)
    if previous is None:
        return None
    L = labels(policy.lang)
    page_path = changes_path(policy.id, revision.id)
    links = [
        {"url": relative_url(page_path, revision_path(policy.id, revision.id)), "text": L["full_text"]},
        {"url": relative_url(page_path, history_path(policy.id)), "text": L["history"]},
    ]
    body = _changes_body(comparisons, previous, revision, policy.lang, links)
    status = policy.status(revision, settings.as_of)
    notice = ""
    if status in ("upcoming", "draft"):
        notice = _TEMPLATES.get_template("banner.html").render(
            L=L, status=status, consent=revision.consent_required, current_url="", links=[],
            message=L[f"banner_{status}"].format(date=long_date(revision.effective, policy.lang)),
        )
    elif revision.consent_required:
        notice = _TEMPLATES.get_template("banner.html").render(
            L=L, status=status, consent=True, current_url="", links=[],
            message=L[f"banner_{status.replace('-', '_')}"].format(date=long_date(revision.effective, policy.lang)),
        )
    title = L["changes_title"].format(title=revision.title, date=long_date(revision.effective, policy.lang) if not revision.draft else L["draft"])
    markdown = _front_matter(title=title, search=_NOT_INDEXED) + f"# {title}\n\n{notice}\n\n{body}\n"
    return GeneratedPage(src_uri_for(policy.lang, page_path), markdown)


def since_page(policy: Policy, revision: Revision, settings: SiteSettings, comparisons: Comparisons) -> GeneratedPage | None:
    """/privacy/history/<id>/since/: everything that changed from this revision up to the in-force one."""
    current = policy.in_force(settings.as_of)
    if current is None or policy.status(revision, settings.as_of) != "superseded":
        return None
    L = labels(policy.lang)
    page_path = since_path(policy.id, revision.id)
    links = [
        {"url": relative_url(page_path, revision_path(policy.id, revision.id)), "text": L["full_text"]},
        {"url": relative_url(page_path, f"{policy.id}/"), "text": L["current_link"]},
        {"url": relative_url(page_path, history_path(policy.id)), "text": L["history"]},
    ]
    body = _changes_body(comparisons, revision, current, policy.lang, links)
    title = L["since_title"].format(date=long_date(revision.effective, policy.lang))
    markdown = _front_matter(title=title, search=_NOT_INDEXED) + f"# {title}\n\n{body}\n"
    return GeneratedPage(src_uri_for(policy.lang, page_path), markdown)


def history_pages(
    policies: PolicySet,
    settings: SiteSettings,
    comparisons: Comparisons,
    extra_links: dict[tuple[str, str], dict[str, list[dict[str, str]]]] | None = None,
) -> list[GeneratedPage]:
    """Every generated page of every policy and language (the bilingual pages come from `bilingual`).

    `extra_links`: (policy id, lang) -> revision id -> [{"path", "text"}], shown on that revision's
    page and its entry in the history (e.g. `bilingual.bilingual_links`).
    """
    pages: list[GeneratedPage] = []
    for policy in policies.policies:
        links = (extra_links or {}).get((policy.id, policy.lang), {})
        pages.append(history_page(policy, settings, links))
        revisions = list(policy.revisions) + ([policy.draft] if policy.draft else [])
        for revision in revisions:
            pages.append(revision_page(policy, revision, settings, links.get(revision.id, [])))
            for page in (changes_page(policy, revision, settings, comparisons), since_page(policy, revision, settings, comparisons)):
                if page is not None:
                    pages.append(page)
    return pages
