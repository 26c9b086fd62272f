"""Pages as Markdown sources (front matter + escaped HTML blocks + policy Markdown). No I/O.

Only this module and `publish` produce output text. Policy text is Markdown and keeps its
normal rendering on the policy and revision pages; everything else (summaries, commit
subjects, clause texts inside diffs) goes through Jinja's autoescape, once, here.

URLs: a page is named by its path inside a language, e.g. `privacy/history/2017-05-10/`.
Links between generated pages are made relative, so the site works under any base path.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from .cache import Memo
from .comparisons import Comparisons as Comparisons  # re-exported: pages are made from them
from .comparisons import content_key
from .labels import capitalised, labels, long_date, long_datetime, provision_label, provision_list
from .model import Clause, ClauseChange, Policy, PolicySet, Revision
from .urls import (
    api_path,
    changes_path,
    clauses_path,
    history_path,
    language_prefix,
    policy_path,
    relative_url,
    revision_path,
    since_path,
    src_uri_for,
)
from .views import (
    AbandonmentNote,
    Banner,
    ChangesPage,
    ChangesTable,
    ConsentNotice,
    CorrectionNote,
    Fact,
    HistoryEntry,
    HistoryList,
    HistoryPage,
    Link,
    RedlineEntry,
    RedlineOmitted,
    RevisionLink,
    RevisionPage,
    ShownChange,
    ShownClause,
    ShownRevision,
    SincePage,
    TableOmitted,
    TableRow,
    TranslationNotice,
    View,
)

TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=False,
    keep_trailing_newline=False,
)
"""The one Jinja environment (autoescape): every generated page and block comes from its templates."""


def css_string(text: str, quote: str = '"') -> Markup:
    """`text` as a quoted CSS string, safe inside a <style> element and (with `quote="'"`) inside
    a double-quoted `style` attribute: everything but letters, digits and spaces is written as a
    CSS escape, so no quote, backslash, `&` or `<` reaches the style sheet or the attribute.

    >>> print(css_string("改定後"), css_string("New (draft)", "'"))
    "改定後" 'New \\000028draft\\000029'
    """
    escaped = "".join(c if c.isalnum() or c == " " else f"\\{ord(c):06x}" for c in text)
    return Markup(f"{quote}{escaped}{quote}")  # noqa: S704 (every character but letters, digits and spaces is escaped above)


def _provision(clause: Clause | ShownClause, lang: str) -> str:
    return provision_label(clause.number, clause.key, lang)


def front_matter(title: str, search_excluded: bool) -> Markup:
    """A page's front matter: YAML from `yaml.safe_dump` (MkDocs reads it as data, never as HTML).
    `search_excluded`: left out of the search index (`search: {exclude: true}`)."""
    meta: dict[str, object] = {"title": title}
    if search_excluded:
        meta["search"] = {"exclude": True}
    return Markup(yaml.safe_dump(meta, allow_unicode=True, sort_keys=True))  # noqa: S704


_RENDERINGS: dict[type[View], Memo[str]] = {}


def render(view: View) -> str:
    """A view's text: a page's Markdown, or an HTML fragment for the template of the view that holds
    it. The view's template (or macro) receives the view's fields and `L`, the words of the view's
    language, nothing else; so the rendering is remembered by the view itself (`View.remembered`
    of each kind, across builds): an equal view is an equal page, and any other is rendered anew."""
    kind = type(view)
    if not kind.remembered:
        return _rendered(view)
    memo = _RENDERINGS.get(kind)
    if memo is None:
        memo = _RENDERINGS[kind] = Memo(
            f"rendered {kind.__name__} views", maxsize=kind.remembered, weigh=len, max_weight=kind.remembered_chars
        )
    return memo.get_or_make(view, lambda: _rendered(view))


def _rendered(view: View) -> str:
    template = TEMPLATES.get_template(view.template)
    if view.macro:
        rendered: str = getattr(template.module, view.macro)(L=labels(view.lang), **view.values())
        return rendered  # Markup from the macro: escaped already
    return template.render(L=labels(view.lang), **view.values())


def render_views(views: View | Sequence[View] | None) -> Markup:
    """The `render` filter: a template's nested view (or views, in order; none: nothing), rendered."""
    if views is None:
        return Markup("")
    if isinstance(views, View):
        return Markup(render(views))  # noqa: S704 (an autoescaping template's output)
    return Markup("".join(render(view) for view in views))  # noqa: S704 (idem)


TEMPLATES.filters["css_string"] = css_string
TEMPLATES.filters["capitalised"] = capitalised
TEMPLATES.filters["provision"] = _provision
TEMPLATES.filters["front_matter"] = front_matter
TEMPLATES.filters["render"] = render_views
TEMPLATES.filters["records"] = lambda values: [value._asdict() for value in values]  # for `tojson`


@dataclass(frozen=True)
class GeneratedPage:
    """A page the build adds: `src_uri` as if it lived in docs/ (e.g. `ja/privacy/history.md`),
    and the view its Markdown is rendered from when MkDocs reads the page: a long history's
    pages are not all held as text at once (see `mkdocs_adapter.BuildOutput.pages`)."""

    src_uri: str
    view: View


@dataclass(frozen=True)
class SiteSettings:
    languages: tuple[str, ...]
    default_language: str
    timezone: str
    as_of: dt.date
    revised_notice_days: int = 30
    """How long after a revision takes effect the policy page says 「…に改定されました」 (mkdocs.yml,
    the `policy-history` plugin's `revised_notice_days`)."""


# --- URLs -----------------------------------------------------------------------------------


# --- Clauses and changes: see comparisons.py (shared with pairing and the linter) -------------


def group_unchanged(changes: Sequence[ClauseChange]) -> list[dict[str, object]]:
    """Runs of unchanged clauses collapse into one group; every other change stands alone."""
    groups: list[dict[str, object]] = []
    for change in changes:
        unchanged = change.status == "unchanged"
        if unchanged and groups and groups[-1]["unchanged"]:
            groups[-1]["changes"].append(change)  # type: ignore[attr-defined]
        else:
            groups.append({"unchanged": unchanged, "changes": [change]})
    return groups


def count_changes(changes: Sequence[ClauseChange]) -> dict[str, int]:
    counts = {"added": 0, "removed": 0, "amended": 0, "renumbered": 0, "unchanged": 0}
    for change in changes:
        counts[change.status] += 1
    return counts


# --- Pages ------------------------------------------------------------------------------------

NOT_INDEXED = {"exclude": True}
"""Front matter `search:` of pages that repeat superseded, upcoming or compared text: left out of
the search index, so a search (同意, consent) leads to the policy in force."""


def render_template(name: str, **values: object) -> Markup:
    """A template of `templates/` rendered with autoescape: safe to put into another template."""
    return Markup(TEMPLATES.get_template(name).render(**values))  # noqa: S704 (an autoescaping template's output)


def template_macro(name: str, macro: str) -> Callable[..., Markup]:
    """A macro of a template (`changes_rows.html`'s `table_row`), called with values, autoescaped."""
    found: Callable[..., Markup] = getattr(TEMPLATES.get_template(name).module, macro)
    return found


def render_page(template: str, title: str, meta: dict[str, object] | None = None, **values: object) -> str:
    """A generated page's Markdown source from `template` (which extends `page.md`): front matter
    (YAML: `title` and `meta`), the heading (escaped by autoescape) and the body the template makes
    from `values` (HTML blocks already escaped, wrapped as Markup, or policy Markdown as Markup)."""
    return TEMPLATES.get_template(template).render(title=title, search_excluded=bool(meta), **values)


def render_markdown(template: str, **values: object) -> str:
    """The Markdown of a page whose front matter MkDocs has read from its file already (the policy
    and home pages): `template` with `values`, autoescaped."""
    return TEMPLATES.get_template(template).render(**values)


def policy_markdown(text: str) -> Markup:
    """A policy's own Markdown, to be put into a page as it is (the policy pages render it)."""
    return Markup(text)  # noqa: S704 (Markdown written by the legal team, rendered as Markdown, not HTML)


def _translation_notice(
    policy: Policy, settings: SiteSettings, page_path: str, original: Policy | None, revision: Revision | None
) -> Markup:
    """`translation_notice`, rendered, with the blank line that follows it."""
    notice = translation_notice(policy, settings, page_path, original, revision)
    return Markup("") if notice is None else Markup(render(notice)) + "\n\n"  # noqa: S704 (a template's output)


def translation_notice(
    policy: Policy, settings: SiteSettings, page_path: str, original: Policy | None, revision: Revision | None
) -> TranslationNotice | None:
    """On a translation's page: it is a reference translation, the original prevails, and a link to
    the original's text of the same revision (the same page when the original has it)."""
    if original is None or original.lang == policy.lang:
        return None
    target = history_path(policy.id)
    if revision is None:
        target = page_path
    else:
        counterpart = original.revision(revision.id)
        if counterpart is not None:
            target = revision_path(policy.id, counterpart.id)
            if (
                page_path in (changes_path(policy.id, revision.id),) and original.previous(counterpart) is not None
            ) or page_path in (policy_path(policy.id), history_path(policy.id)):
                target = page_path
    url = relative_url(
        language_prefix(policy.lang, settings) + page_path, language_prefix(original.lang, settings) + target
    )
    return TranslationNotice(policy.lang, url, original.lang)


def _period(policy: Policy, revision: Revision, status: str) -> str:
    """「施行期間：2019年4月1日から2022年3月31日まで」 / "In force from … to …"."""
    L = labels(policy.lang)
    start = long_date(revision.effective, policy.lang)
    if status == "superseded":
        following = next(r for r in policy.revisions if r.effective > revision.effective and r.abandoned is None)
        end = following.effective - dt.timedelta(days=1)
        return L["period_superseded"].format(start=start, end=long_date(end, policy.lang))
    if status not in ("upcoming", "in-force"):
        return ""  # postponed or withdrawn: never in force on this date (the history says why)
    return L["period_upcoming" if status == "upcoming" else "period_in_force"].format(start=start)


def _corrections(
    revision: Revision, lang: str, timezone: str, comparisons: Comparisons | None = None, page_path: str = ""
) -> tuple[CorrectionNote, ...]:
    """Each correction: when, its reason, and links to the provisions it changed (on the revision page)."""
    L = labels(lang)
    items: list[CorrectionNote] = []
    before = revision.as_posted
    for correction in revision.corrections:
        changed: tuple[Link, ...] = ()
        if comparisons is not None and correction.text is not None:
            after = replace(revision, text=correction.text, posted_text=None, corrections=())
            target = relative_url(page_path, revision_path(revision.policy, revision.id)) if page_path else ""
            changed = tuple(
                Link(f"{target}#{c.new.anchor}", provision_label(c.new.number, c.new.key, lang))
                for c in comparisons.changes(before, after)
                if c.new is not None and c.status != "unchanged"
            )
            before = after
        items.append(
            CorrectionNote(
                line=L["correction_line"].format(
                    date=long_datetime(correction.posted, lang, timezone), commit=correction.commit[:7]
                ),
                text=correction.reason or correction.subject,
                changed=changed,
            )
        )
    return tuple(items)


def _upcoming_notice(policy: Policy, revision: Revision, page_path: str) -> dict[str, str]:
    L = labels(policy.lang)
    return {
        "message": L["upcoming_notice"].format(date=long_date(revision.effective, policy.lang)),
        "changes_url": relative_url(page_path, changes_path(policy.id, revision.id)),
        "consent": consent_explanation(revision, policy.lang) if revision.consent_required else "",
    }


def policy_header(policy: Policy, settings: SiteSettings, page_path: str, shown: Revision | None) -> Markup:
    """The generated block at the top of the policy page: dates, upcoming notices, a recent
    revision's notice (for `revised_notice_days` after it took effect), the history link."""
    L = labels(policy.lang)
    as_of = settings.as_of
    upcoming = [_upcoming_notice(policy, r, page_path) for r in policy.upcoming(as_of)]
    first = policy.revisions[0] if policy.revisions else None
    notice, notice_status = "", ""
    if shown is not None and policy.status(shown, as_of) == "upcoming":
        notice = L["banner_upcoming"].format(date=long_date(shown.effective, policy.lang))
        notice_status = "upcoming"
        upcoming = [u for u in upcoming if not u["changes_url"].endswith(f"/{shown.id}/changes/")]
    recent: dict[str, str] = {}
    if (
        shown is not None
        and policy.status(shown, as_of) == "in-force"
        and policy.previous(shown) is not None
        and (as_of - shown.effective).days < settings.revised_notice_days
    ):
        recent = {
            "message": L["recently_revised"].format(date=long_date(shown.effective, policy.lang)),
            "changes_url": relative_url(page_path, changes_path(policy.id, shown.id)),
        }
    last = shown if shown is not None and first is not None and shown.id != first.id else None
    return render_template(
        "policy_header.html",
        L=L,
        upcoming=upcoming,
        recent=recent,
        notice=notice,
        notice_status=notice_status,
        established=long_date(first.effective, policy.lang) if first else "",
        established_iso=first.effective.isoformat() if first else "",
        last_revised=long_date(last.effective, policy.lang) if last else "",
        last_revised_iso=last.effective.isoformat() if last else "",
        history_url=relative_url(page_path, history_path(policy.id)) if policy.revisions else "",
    )


def policy_page_markdown(policy: Policy, settings: SiteSettings, original: Policy | None = None) -> str:
    """The body of /privacy/: the in-force text (not HEAD's, which may be upcoming) under the header."""
    shown = policy.in_force(settings.as_of) or (policy.revisions[0] if policy.revisions else None)
    top = _translation_notice(policy, settings, policy_path(policy.id), original, None)
    header = policy_header(policy, settings, policy_path(policy.id), shown)
    body = shown.text.body if shown is not None else ""
    from .reader_pages import in_force_form  # it builds on this module

    form = (
        Markup(render(in_force_form(policy, settings, policy_path(policy.id), follow=False)))  # noqa: S704 (a template's output)
        if policy.revisions
        else ""
    )
    # The heading is the policy's own title: the sidebar calls this page 現行版 / Current version.
    return render_markdown(
        "policy_page.md",
        title=shown_title(policy, settings),
        translation_notice=top,
        header=header,
        in_force_form=form,
        text=policy_markdown(body),
    )


def home_markdown(markdown: str, policies: Sequence[Policy], settings: SiteSettings, page_path: str = "./") -> str:
    """The home page's Markdown (`markdown`, the page's own) followed by, for each policy, the
    revision in force and any upcoming one."""
    items = []
    for policy in policies:
        L = labels(policy.lang)
        current = policy.in_force(settings.as_of)
        upcoming = policy.upcoming(settings.as_of)
        items.append(
            {
                "title": shown_title(policy, settings),
                "url": relative_url(page_path, policy_path(policy.id)),
                "in_force": L["home_in_force"].format(date=long_date(current.effective, policy.lang))
                if current
                else "",
                "in_force_url": relative_url(page_path, revision_path(policy.id, current.id)) if current else "",
                "upcoming": [
                    {
                        **_upcoming_notice(policy, r, page_path),
                        "label": L["home_upcoming"].format(date=long_date(r.effective, policy.lang)),
                    }
                    for r in upcoming
                ],
            }
        )
    if not items:
        return markdown
    return render_markdown("home_page.md", markdown=policy_markdown(markdown), L=labels(policies[0].lang), items=items)


def shown_title(policy: Policy, settings: SiteSettings) -> str:
    shown = policy.in_force(settings.as_of) or (policy.revisions[0] if policy.revisions else None)
    return shown.title if shown is not None else policy.id


def posted_text(revision: Revision, lang: str, timezone: str) -> str:
    """When a revision was posted: the commit's time, or a legacy revision's declared `posted:`
    marked as taken from the company's records (「2017年5月10日（記録による）」)."""
    if revision.posted_source == "git":
        return long_datetime(revision.posted, lang, timezone)
    shown = (
        long_datetime(revision.posted, lang, timezone)
        if revision.posted_time_known
        else long_date(revision.posted.date(), lang)
    )
    return shown + labels(lang)["as_recorded"]


def abandonment_text(revision: Revision, lang: str, timezone: str) -> AbandonmentNote | None:
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
    return AbandonmentNote(abandoned.kind, line, abandoned.reason, abandoned.commit[:7])


def history_page(
    policy: Policy,
    settings: SiteSettings,
    extra_links: dict[str, list[dict[str, str]]] | None = None,
    original: Policy | None = None,
    comparisons: Comparisons | None = None,
) -> GeneratedPage:
    L = labels(policy.lang)
    page_path = history_path(policy.id)
    revisions = list(policy.revisions) + ([policy.draft] if policy.draft else [])
    items = []
    for revision in reversed(revisions):
        previous = policy.previous(revision)
        status = policy.status(revision, settings.as_of)
        posted = ("", "", "") if revision.draft else _posted_fact(revision, policy.lang, settings.timezone)
        items.append(
            HistoryEntry(
                revision=ShownRevision(
                    revision.id, revision.effective, revision.posted, revision.summary, revision.backdated
                ),
                status=status,
                effective=long_date(revision.effective, policy.lang),
                posted=posted[1],
                period=_period(policy, revision, status) if not revision.draft else "",
                consent=consent_explanation(revision, policy.lang) if revision.consent_required else "",
                consent_provisions=consent_provisions(revision, policy.lang),
                abandoned=abandonment_text(revision, policy.lang, settings.timezone),
                url=relative_url(page_path, revision_path(policy.id, revision.id)),
                changes_url=relative_url(page_path, changes_path(policy.id, revision.id)) if previous else "",
                since_url=relative_url(page_path, since_path(policy.id, revision.id)) if status == "superseded" else "",
                corrections=_corrections(revision, policy.lang, settings.timezone, comparisons, page_path),
                extra_links=tuple(
                    Link(relative_url(page_path, link["path"]), link["text"])
                    for link in (extra_links or {}).get(revision.id, [])
                ),
            )
        )
    title = shown_title(policy, settings)
    here = language_prefix(policy.lang, settings) + page_path
    history = HistoryList(
        lang=policy.lang,
        items=tuple(items),
        title=title,
        policy_url=relative_url(page_path, policy_path(policy.id)),
        feed_url=relative_url(here, api_path(policy.id, policy.lang, "revisions.atom")),
        api_url=relative_url(here, api_path(policy.id, policy.lang, "revisions.json")),
    )
    from .reader_pages import clause_histories_link, compare_form, in_force_form  # they build on this module

    view = HistoryPage(
        lang=policy.lang,
        title=L["history_of"].format(title=title),
        translation_notice=translation_notice(policy, settings, page_path, original, None),
        in_force_form=in_force_form(policy, settings, page_path, follow=True),
        clause_histories_link=clause_histories_link(policy, page_path),
        compare_form=compare_form(policy, settings, page_path),
        history=history,
    )
    return GeneratedPage(src_uri_for(policy.lang, page_path), view)


def revision_page(
    policy: Policy,
    revision: Revision,
    settings: SiteSettings,
    extra_links: Sequence[dict[str, str]] = (),
    original: Policy | None = None,
    comparisons: Comparisons | None = None,
) -> GeneratedPage:
    L = labels(policy.lang)
    page_path = revision_path(policy.id, revision.id)
    status = policy.status(revision, settings.as_of)
    date = long_date(revision.effective, policy.lang)
    message = L[f"banner_{status.replace('-', '_')}"].format(date=date)
    links = [Link(relative_url(page_path, history_path(policy.id)), L["history"])]
    if policy.previous(revision) is not None:
        links.append(Link(relative_url(page_path, changes_path(policy.id, revision.id)), L["changes"]))
    links += [Link(relative_url(page_path, link["path"]), link["text"]) for link in extra_links]
    facts = []
    if not revision.draft:
        facts.append(Fact(L["period"], _period(policy, revision, status)))
        facts.append(Fact(*_posted_fact(revision, policy.lang, settings.timezone)))
        if revision.backdated:
            facts.append(Fact(L["backdated"], revision.backdated))
    banner = Banner(
        lang=policy.lang,
        status=status,
        message=message,
        consent=consent_explanation(revision, policy.lang) if revision.consent_required else "",
        current_url=relative_url(page_path, policy_path(policy.id)) if status != "in-force" else "",
        links=tuple(links),
        facts=tuple(facts),
        corrections=_corrections(revision, policy.lang, settings.timezone, comparisons, page_path),
    )
    # Search leads to the text in force (the policy page); a revision's page repeats a version of it.
    view = RevisionPage(
        lang=policy.lang,
        title=L["revision_title"].format(title=revision.title, date=date),
        translation_notice=translation_notice(policy, settings, page_path, original, revision),
        banner=banner,
        text=policy_markdown(revision.text.body),
    )
    return GeneratedPage(src_uri_for(policy.lang, page_path), view)


@dataclass(frozen=True)
class ChangesDocument:
    """What a 新旧対照表 page shows besides its rows: everything the template reads, so it is also
    the key under which the page body is remembered (with the two texts that decide the rows).

    `span`: the revisions whose changes the table holds (one for a changes page; for a "since"
    page every revision after the old one up to the current), each closing the page with its
    附則 line and carrying its consent notice.
    """

    lang: str
    new_column: str
    old_column: str
    compared: str
    facts: tuple[tuple[str, str, str], ...]
    """(label, value, ISO value or "") for 施行日 and 掲載日."""
    links: tuple[tuple[str, str], ...]
    """(url, text)."""
    in_between: tuple[tuple[str, str, str], ...] = ()
    """(url, text, summary) of the revisions a "since" page spans."""
    supplementary: tuple[str, ...] = ()
    consent: tuple[tuple[str, str], ...] = ()
    """(headline, explanation) per revision in the span that needs users' consent."""
    consent_clauses: tuple[str, ...] = ()
    """Provision numbers (in the new text) whose rows are flagged as needing consent."""
    print_header: str = ""
    redline: bool = True
    """Add the inline redline for the screen (a page spanning several revisions, "since" or "to",
    often long, shows the table only)."""
    corrected_clauses: tuple[str, ...] = ()
    """Keys (in the new text) of provisions that differ only because of a correction made after the
    revision was posted: shown as corrections, not counted as amendments of the revision."""
    row_history: RowHistory | None = None
    """Where each row links its clause's history (none: the rows have no 履歴 link)."""


Lineages = Mapping[str, tuple[tuple[str, str], ...]]
"""Revision id -> (clause key, lineage id) of each of its clauses that the clause-history page
follows (`reader_pages.clause_histories`, `lineages_by_revision`)."""


@dataclass(frozen=True)
class RowHistory:
    """The small 履歴 / History link at the start of each 新旧対照表 row, to the clause's history (a
    removed clause's row: its history, which ends with the removal): the clause-history page,
    relative to the table's page, and the lineage of each clause of the old and of the new text."""

    target: str
    old: tuple[tuple[str, str], ...]
    new: tuple[tuple[str, str], ...]


def lineages_by_revision(lineage_of: Mapping[tuple[str, str], str]) -> dict[str, tuple[tuple[str, str], ...]]:
    """(revision id, clause key) -> lineage, as `Lineages`."""
    found: dict[str, list[tuple[str, str]]] = {}
    for (revision_id, key), lineage in lineage_of.items():
        found.setdefault(revision_id, []).append((key, lineage))
    return {revision_id: tuple(pairs) for revision_id, pairs in found.items()}


def row_history(
    lineages: Lineages | None, page_path: str, policy_id: str, old_id: str, new_id: str
) -> RowHistory | None:
    """How the rows of the 新旧対照表 from `old_id` to `new_id` at `page_path` link their history."""
    if lineages is None:
        return None
    target = relative_url(page_path, clauses_path(policy_id))
    return RowHistory(target, lineages.get(old_id, ()), lineages.get(new_id, ()))


def consent_explanation(revision: Revision, lang: str) -> str:
    """What Article 7 means for this revision: which provisions wait for each user's consent."""
    L = labels(lang)
    if revision.consent_whole or not revision.consent_clauses:
        return L["consent_whole"]
    provisions = provision_list([provision_label(n, n, lang) for n in revision.consent_clauses], lang)
    return L["consent_clauses"].format(provisions=provisions, date=long_date(revision.effective, lang))


def consent_provisions(revision: Revision, lang: str) -> str:
    """`第3条第2項第4号及び第4条第4項` (empty when the revision as a whole needs consent)."""
    return provision_list([provision_label(n, n, lang) for n in revision.consent_clauses], lang)


def takes_effect_line(revision: Revision, lang: str) -> str:
    """The closing 附則 line: 「この改定は、2022年4月1日から施行する。」"""
    return labels(lang)["takes_effect"].format(date=long_date(revision.effective, lang))


def changes_table(changes: Sequence[ClauseChange], document: ChangesDocument) -> ChangesTable:
    """The 新旧対照表 (new left, old right, changes underlined; unchanged provisions 「（略）」),
    the 附則 lines and, for the screen, the inline redline."""
    L = labels(document.lang)
    corrected = frozenset(document.corrected_clauses)
    counts = count_changes([c for c in changes if c.new is None or c.new.key not in corrected])
    changed = any(c.status != "unchanged" for c in changes)
    consent = frozenset(document.consent_clauses)
    table_rows: tuple[View, ...] = ()
    redline_rows: tuple[View, ...] = ()
    if changed:
        shown = {i: ShownChange.of(c) for i, c in enumerate(changes) if c.status != "unchanged"}
        table_rows = _rows("table", changes, shown, document.lang, consent, corrected, document.row_history)
        if document.redline:
            redline_rows = _rows("redline", changes, shown, document.lang, consent, corrected)
    return ChangesTable(
        lang=document.lang,
        changed=changed,
        compared=document.compared,
        count_line=L["changes_count"].format(**counts),
        facts=tuple(Fact(label, value, iso) for label, value, iso in document.facts),
        links=tuple(Link(url, text) for url, text in document.links),
        in_between=tuple(RevisionLink(url, text, summary) for url, text, summary in document.in_between),
        supplementary=document.supplementary,
        consent=tuple(ConsentNotice(headline, text) for headline, text in document.consent),
        new_column=document.new_column,
        old_column=document.old_column,
        print_header=document.print_header,
        redline_open=document.lang != "ja",
        table_rows=table_rows,
        redline_rows=redline_rows,
    )


def _rows(
    kind: str,
    changes: Sequence[ClauseChange],
    shown: Mapping[int, ShownChange],
    lang: str,
    consent: frozenset[str],
    corrected: frozenset[str] = frozenset(),
    history: RowHistory | None = None,
    prefix: str = "",
) -> tuple[View, ...]:
    """Rows of the table or entries of the redline: a run of unchanged provisions becomes one 「（略）」 row."""
    rows: list[View] = []
    run: list[Clause] = []
    old_lineages, new_lineages = (dict(history.old), dict(history.new)) if history is not None else ({}, {})

    def flush() -> None:
        if run:
            rows.append(_omitted_row(kind, run, lang, prefix))
            run.clear()

    for index, change in enumerate(changes):
        if change.status == "unchanged":
            if change.new is not None:
                run.append(change.new)
            continue
        flush()
        flagged = change.new is not None and change.new.number in consent and change.status != "renumbered"
        by_correction = change.new is not None and change.new.key in corrected
        if kind != "table":
            rows.append(RedlineEntry(shown[index], lang, prefix, flagged, by_correction))
            continue
        # A row links the history of its clause in the new text, or a removed one's in the old.
        side, clause = (new_lineages, change.new) if change.new is not None else (old_lineages, change.old)
        lineage = side.get(clause.key) if clause is not None else None
        history_url = f"{history.target}#{lineage}" if history is not None and lineage is not None else ""
        rows.append(TableRow(shown[index], lang, prefix, flagged, by_correction, history_url))
    flush()
    return tuple(rows)


def _omitted_row(kind: str, clauses: Sequence[Clause], lang: str, prefix: str) -> View:
    """A run of unchanged provisions as one 「（略）」 row, named by its first and last provision; each
    keeps its anchor (`#clause-1.1`), so a citation of the changes page still lands on it."""
    first, last = clauses[0], clauses[-1]
    if first.number and last.number and last.number.startswith(first.number + "."):
        last = first  # 「第5条（略）」: the article covers its own clauses
    shown_first, shown_last = (
        ShownClause(first.key, first.number, first.kind),
        ShownClause(last.key, last.number, last.kind),
    )
    if kind == "table":
        return TableOmitted(shown_first, shown_last, tuple(c.anchor for c in clauses), lang, prefix)
    return RedlineOmitted(shown_first, shown_last, lang)


def changes_body(comparisons: Comparisons, old: Revision, new: Revision, document: ChangesDocument) -> ChangesTable:
    """`changes_table` from `old` to `new`: built once per distinct pair of texts (which decide the
    changes) and document (the rest of what it is made from), across rebuilds. A rebuild then
    hands `render` the very same view, which it finds at once (no row is compared)."""
    return _CHANGES_TABLES.get_or_make(
        (content_key(old), content_key(new), document), lambda: changes_table(comparisons.changes(old, new), document)
    )


_CHANGES_TABLES: Memo[ChangesTable] = Memo("changes table views", maxsize=2_048)


def _posted_fact(revision: Revision, lang: str, timezone: str) -> tuple[str, str, str]:
    return (labels(lang)["posted"], posted_text(revision, lang, timezone), revision.posted.isoformat())


def _print_header(policy_title: str, heading: str, revision: Revision, lang: str) -> str:
    L = labels(lang)
    return (
        f"{policy_title}　{heading}　{L['effective']}{L['colon']}{long_date(revision.effective, lang)}"
        if lang == "ja"
        else f"{policy_title} | {heading} | {L['effective']}{L['colon']}{long_date(revision.effective, lang)}"
    )


def corrected_since_posting(comparisons: Comparisons, previous: Revision, revision: Revision) -> tuple[str, ...]:
    """Keys of provisions that differ from `previous` only through corrections made after `revision`
    was posted (a typo fixed later): the revision as posted left them as they were."""
    if revision.posted_text is None:
        return ()
    as_posted = {c.new.key: c.status for c in comparisons.changes(previous, revision.as_posted) if c.new is not None}
    return tuple(
        c.new.key
        for c in comparisons.changes(previous, revision)
        if c.new is not None and c.status == "amended" and as_posted.get(c.new.key) == "unchanged"
    )


def changes_page(
    policy: Policy,
    revision: Revision,
    settings: SiteSettings,
    comparisons: Comparisons,
    original: Policy | None = None,
    lineages: Lineages | None = None,
) -> GeneratedPage | None:
    """/privacy/history/<id>/changes/: from the previous revision to this one (none for the first)."""
    previous = policy.previous(revision)
    if previous is None:
        return None
    L = labels(policy.lang)
    page_path = changes_path(policy.id, revision.id)
    date = long_date(revision.effective, policy.lang) if not revision.draft else L["draft"]
    links = (
        (relative_url(page_path, revision_path(policy.id, revision.id)), L["full_text"]),
        (
            relative_url(page_path, revision_path(policy.id, previous.id)),
            L["revision_title"].format(title=previous.title, date=long_date(previous.effective, policy.lang)),
        ),
        (relative_url(page_path, history_path(policy.id)), L["history"]),
    )
    facts = [(L["effective"], date, "" if revision.draft else revision.effective.isoformat())]
    if not revision.draft:
        facts.append(_posted_fact(revision, policy.lang, settings.timezone))
    title = L["changes_title"].format(title=revision.title, date=date)
    document = ChangesDocument(
        lang=policy.lang,
        new_column=L["new_column"],
        old_column=L["old_column"],
        compared=L["compared"].format(old=long_date(previous.effective, policy.lang), new=date),
        facts=tuple(facts),
        links=links,
        supplementary=(takes_effect_line(revision, policy.lang),) if not revision.draft else (),
        consent=((L["consent_notice"], consent_explanation(revision, policy.lang)),)
        if revision.consent_required
        else (),
        consent_clauses=revision.consent_clauses,
        print_header=_print_header(revision.title, L["changes"], revision, policy.lang),
        corrected_clauses=corrected_since_posting(comparisons, previous, revision),
        row_history=row_history(lineages, page_path, policy.id, previous.id, revision.id),
    )
    status = policy.status(revision, settings.as_of)
    banner = (
        Banner(policy.lang, status, L[f"banner_{status}"].format(date=long_date(revision.effective, policy.lang)))
        if status in ("upcoming", "draft")
        else None
    )
    view = ChangesPage(
        lang=policy.lang,
        title=title,
        translation_notice=translation_notice(policy, settings, page_path, original, revision),
        banner=banner,
        changes=changes_body(comparisons, previous, revision, document),
    )
    return GeneratedPage(src_uri_for(policy.lang, page_path), view)


def since_page(
    policy: Policy,
    revision: Revision,
    settings: SiteSettings,
    comparisons: Comparisons,
    original: Policy | None = None,
    lineages: Lineages | None = None,
) -> GeneratedPage | None:
    """/privacy/history/<id>/since/: everything that changed from this revision up to the in-force one.

    The columns are named by revision (「現行（2022年4月1日施行）」, 「2017年5月10日施行版」); the revisions
    in between are listed with links, each with its 附則 line and any consent notice."""
    current = policy.in_force(settings.as_of)
    if current is None or policy.status(revision, settings.as_of) != "superseded":
        return None
    L = labels(policy.lang)
    page_path = since_path(policy.id, revision.id)
    span = tuple(
        r for r in policy.revisions if revision.effective < r.effective <= current.effective and r.abandoned is None
    )
    links = (
        (relative_url(page_path, revision_path(policy.id, revision.id)), L["full_text"]),
        (relative_url(page_path, policy_path(policy.id)), L["current_link"]),
        (relative_url(page_path, history_path(policy.id)), L["history"]),
    )
    old_date, current_date = long_date(revision.effective, policy.lang), long_date(current.effective, policy.lang)
    document = ChangesDocument(
        lang=policy.lang,
        new_column=L["current_column"].format(date=current_date),
        old_column=L["version_column"].format(date=old_date),
        compared=L["compared"].format(old=old_date, new=current_date),
        facts=(
            (L["effective"], current_date, current.effective.isoformat()),
            _posted_fact(current, policy.lang, settings.timezone),
        ),
        links=links,
        in_between=tuple(
            (
                relative_url(page_path, changes_path(policy.id, r.id)),
                L["revision_title"].format(title=r.title, date=long_date(r.effective, policy.lang)),
                r.summary,
            )
            for r in span
        ),
        supplementary=tuple(takes_effect_line(r, policy.lang) for r in span),
        consent=tuple(
            (
                f"{L['revision_title'].format(title=r.title, date=long_date(r.effective, policy.lang))}{L['colon']}"
                f"{L['consent_notice']}",
                consent_explanation(r, policy.lang),
            )
            for r in span
            if r.consent_required
        ),
        print_header=_print_header(current.title, L["since_title"].format(date=old_date), current, policy.lang),
        redline=False,
        row_history=row_history(lineages, page_path, policy.id, revision.id, current.id),
    )
    view = SincePage(
        lang=policy.lang,
        title=L["since_title"].format(date=old_date),
        translation_notice=translation_notice(policy, settings, page_path, original, current),
        changes=changes_body(comparisons, revision, current, document),
    )
    return GeneratedPage(src_uri_for(policy.lang, page_path), view)


def history_pages(
    policies: PolicySet,
    settings: SiteSettings,
    comparisons: Comparisons,
    extra_links: dict[tuple[str, str], dict[str, list[dict[str, str]]]] | None = None,
    lineages: Mapping[tuple[str, str], Lineages] | None = None,
) -> list[GeneratedPage]:
    """Every generated page of every policy and language (the bilingual pages come from `bilingual`).

    `extra_links`: (policy id, lang) -> revision id -> [{"path", "text"}], shown on that revision's
    page and its entry in the history (e.g. `bilingual.bilingual_links`). `lineages`: (policy id,
    lang) -> the clauses the clause-history page follows, which the 新旧対照表 rows link.
    """
    pages: list[GeneratedPage] = []
    for policy in policies.policies:
        links = (extra_links or {}).get((policy.id, policy.lang), {})
        original = policies.get(policy.id, settings.default_language)
        followed = (lineages or {}).get((policy.id, policy.lang))
        pages.append(history_page(policy, settings, links, original, comparisons))
        revisions = list(policy.revisions) + ([policy.draft] if policy.draft else [])
        for revision in revisions:
            pages.append(revision_page(policy, revision, settings, links.get(revision.id, []), original, comparisons))
            for page in (
                changes_page(policy, revision, settings, comparisons, original, followed),
                since_page(policy, revision, settings, comparisons, original, followed),
            ):
                if page is not None:
                    pages.append(page)
    return pages
