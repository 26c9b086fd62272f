"""Pages and page parts that answer a reader's next question (issue 14): which version was in force
on a day (the date field and each revision's period), how a clause evolved (one page of
clause histories per policy and language, linked from each clause of the policy page). Through Jinja templates (autoescape),
like every page; URLs relative, as in `render`. No I/O."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .cache import Memo
from .clause_history import clause_lineages
from .labels import capitalised, labels, language_name, long_date, provision_label
from .model import Clause, Policy, clause_anchor
from .render import (
    ChangesDocument,
    Comparisons,
    GeneratedPage,
    Lineages,
    SiteSettings,
    changes_body,
    consent_explanation,
    render_template,
    row_history,
    shown_title,
    takes_effect_line,
)
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
    to_path,
)
from .views import (
    Banner,
    ClauseHistoriesLink,
    ClauseHistoryPage,
    ClauseLineage,
    ClauseVersion,
    CompareForm,
    CompareOption,
    InForceForm,
    PublishedComparison,
    ToUpcomingPage,
)


def in_force_form(policy: Policy, settings: SiteSettings, page_path: str, *, follow: bool) -> InForceForm:
    """The date field. `follow`: on the history page, `?date=YYYY-MM-DD` is answered on arrival
    (the shareable address of the question)."""
    return InForceForm(
        lang=policy.lang,
        follow=follow,
        history_url=relative_url(page_path, history_path(policy.id)),
        revisions_url=relative_url(
            language_prefix(policy.lang, settings) + page_path, api_path(policy.id, policy.lang, "revisions.json")
        ),
    )


# --- Each clause's own history -------------------------------------------------------------------


def clause_histories_link(policy: Policy, page_path: str) -> ClauseHistoriesLink:
    """The way from the history page to every clause's history."""
    return ClauseHistoriesLink(policy.lang, relative_url(page_path, clauses_path(policy.id)))


_CLAUSE_TAG = re.compile(
    r'<(?P<tag>h[1-6]|p|li)\b(?P<attrs>[^>]*\bid="clause-(?P<key>[^"]+)"[^>]*)>'
    r'|<span id="clause-(?P<marker>[^"]+)"></span>'  # the preamble's anchor (anchors.py) marks where it starts
)


@dataclass(frozen=True)
class ClauseHistories:
    """The clause-history page of one policy in one language, and where each clause of the text in
    force leads (clause key -> lineage id), for the links on the policy page; `lineage_of`: (revision
    id, clause key) -> lineage id for every revision, for the links in 新旧対照表 rows."""

    page: GeneratedPage
    in_force_lineages: dict[str, str]
    lineage_of: dict[tuple[str, str], str]


def clause_name(clause: Clause, lang: str) -> str:
    """第3条第1項第2号 / clause 3.1.2, 前文 / Preamble, or an unnumbered block's heading."""
    if clause.kind == "preamble":
        return labels(lang)["preamble"]
    return provision_label(clause.number, clause.key, lang) if clause.number else (clause.heading or clause.key)


def clause_histories(
    policy: Policy, settings: SiteSettings, comparisons: Comparisons, languages: Sequence[str]
) -> ClauseHistories | None:
    """`/privacy/clauses/`: every clause's lineage, anchored by its stable lineage id."""
    revisions = list(policy.announced)
    if not revisions:
        return None
    L = labels(policy.lang)
    page_path = clauses_path(policy.id)
    here = language_prefix(policy.lang, settings) + page_path
    other_lang = next((lang for lang in languages if lang != policy.lang), policy.lang)
    there = language_prefix(other_lang, settings) + page_path
    lineages, where = clause_lineages(revisions, comparisons.clauses, comparisons.changes)
    in_force = policy.in_force(settings.as_of)
    in_force_lineages = (
        {key: lineage for (revision_id, key), lineage in where.items() if revision_id == in_force.id}
        if in_force is not None
        else {}
    )
    current_key = {lineage: key for key, lineage in in_force_lineages.items()}
    entries = []
    for lineage in lineages:
        newest = lineage.versions[-1].clause
        versions = []
        for version in reversed(lineage.versions):
            change = version.change
            renumbered = change.old is not None and change.new is not None and change.old.label != change.new.label
            anchor = "" if version.status == "removed" else "#" + version.clause.anchor
            versions.append(
                ClauseVersion(
                    status=version.status,
                    url=relative_url(page_path, revision_path(policy.id, version.revision.id)) + anchor,
                    effective=long_date(version.revision.effective, policy.lang),
                    effective_iso=version.revision.effective.isoformat(),
                    revision_status=policy.status(version.revision, settings.as_of),
                    was=L["number_was"].format(label=clause_name(change.old, policy.lang))
                    if renumbered and change.old
                    else "",
                    number=version.clause.number or "",
                    text=version.clause.comparable_text,
                    segments=change.segments,
                )
            )
        key = current_key.get(lineage.id)
        entries.append(
            ClauseLineage(
                id=lineage.id,
                name=capitalised(clause_name(newest, policy.lang)),
                removed=lineage.current is None,
                numbers=L["clause_numbers"].format(numbers=" → ".join(lineage.numbers))
                if len(lineage.numbers) > 1
                else "",
                current_url=relative_url(page_path, policy_path(policy.id)) + "#" + clause_anchor(key) if key else "",
                other_language_url=relative_url(here, there) + "#" + lineage.id,
                versions=tuple(versions),
            )
        )
    view = ClauseHistoryPage(
        lang=policy.lang,
        title=L["clause_histories_title"].format(title=shown_title(policy, settings)),
        lineages=tuple(entries),
        other_lang=other_lang,
        other_language=language_name(other_lang, other_lang),  # in its own words: 日本語, English
        history_url=relative_url(page_path, history_path(policy.id)),
    )
    return ClauseHistories(GeneratedPage(src_uri_for(policy.lang, page_path), view), in_force_lineages, where)


def link_clauses_to_their_history(
    html: str, lineages: dict[str, str], page_path: str, policy_id: str, lang: str
) -> str:
    """A small 履歴 / History link in each clause of the policy page (the HTML the anchors
    extension made: `<p class="clause ..." id="clause-3.1.2">`), to the clause's history."""
    target = relative_url(page_path, clauses_path(policy_id))
    links = _history_links(target, lang)

    def add(match: re.Match[str]) -> str:
        key = match.group("key") or match.group("marker")
        lineage = lineages.get(key)
        if lineage is None:
            return match.group(0)
        return match.group(0) + _history_link(links, target, lineage, lang, key)

    return _CLAUSE_TAG.sub(add, html)


# --- Comparing two revisions ---------------------------------------------------------------------


def generated_comparisons(policy: Policy, settings: SiteSettings) -> dict[tuple[str, str], str]:
    """(older id, newer id) -> page path, for every comparison the site publishes as a page:
    each revision against the one before it (changes), each superseded one against the one in
    force (since), and each older one against each upcoming one (to). What the compare form can
    lead to; a pair not here is answered with the nearest one that is."""
    announced = list(policy.announced)
    current = policy.in_force(settings.as_of)
    pairs: dict[tuple[str, str], str] = {}
    for index, revision in enumerate(announced):
        if index > 0:
            pairs[(announced[index - 1].id, revision.id)] = changes_path(policy.id, revision.id)
        status = policy.status(revision, settings.as_of)
        if current is not None and status == "superseded":
            pairs.setdefault((revision.id, current.id), since_path(policy.id, revision.id))
        if status == "upcoming":
            for older in announced[: max(index - 1, 0)]:
                pairs[(older.id, revision.id)] = to_path(policy.id, older.id, revision.id)
    return pairs


def to_upcoming_pages(
    policy: Policy,
    settings: SiteSettings,
    comparisons: Comparisons,
    original: Policy | None = None,
    lineages: Lineages | None = None,
) -> list[GeneratedPage]:
    """Every older revision against each upcoming one (the one before it has its changes page):
    what will change for a reader who knows an older text."""
    L = labels(policy.lang)
    announced = list(policy.announced)
    pages = []
    for index, upcoming in enumerate(announced):
        if policy.status(upcoming, settings.as_of) != "upcoming":
            continue
        new_date = long_date(upcoming.effective, policy.lang)
        for older in announced[: max(index - 1, 0)]:
            page_path = to_path(policy.id, older.id, upcoming.id)
            old_date = long_date(older.effective, policy.lang)
            span = tuple(r for r in announced if older.effective < r.effective <= upcoming.effective)
            document = ChangesDocument(
                lang=policy.lang,
                new_column=L["upcoming_column"].format(date=new_date),
                old_column=L["version_column"].format(date=old_date),
                compared=L["compared"].format(old=old_date, new=new_date),
                facts=((L["effective"], new_date, upcoming.effective.isoformat()),),
                links=(
                    (
                        relative_url(page_path, revision_path(policy.id, older.id)),
                        L["revision_title"].format(title=older.title, date=old_date),
                    ),
                    (
                        relative_url(page_path, revision_path(policy.id, upcoming.id)),
                        L["revision_title"].format(title=upcoming.title, date=new_date),
                    ),
                    (relative_url(page_path, history_path(policy.id)), L["history"]),
                ),
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
                # Like a "since" page, a span of several revisions is the table only: the redline
                # would repeat every change of the span a second time (a third of the page).
                redline=False,
                row_history=row_history(lineages, page_path, policy.id, older.id, upcoming.id),
            )
            view = ToUpcomingPage(
                lang=policy.lang,
                title=L["to_upcoming_title"].format(old=old_date, new=new_date),
                banner=Banner(policy.lang, "upcoming", L["banner_upcoming"].format(date=new_date)),
                changes=changes_body(comparisons, older, upcoming, document),
            )
            pages.append(GeneratedPage(src_uri_for(policy.lang, page_path), view))
    return pages


def compare_form(policy: Policy, settings: SiteSettings, page_path: str) -> CompareForm | None:
    """Two revisions to compare, on the history page. The published comparisons are listed in the
    page (JSON), so assets/policy.js leads to the page for the pair, or says it is not published and
    offers the nearest one; no diff is computed in the browser. Without JavaScript, each entry of
    the history links its own comparisons."""
    L = labels(policy.lang)
    announced = list(reversed(policy.announced))
    if len(announced) < 2:
        return None
    order = {r.id: i for i, r in enumerate(reversed(announced))}
    pairs = tuple(
        PublishedComparison(old, new, relative_url(page_path, path), order[old], order[new])
        for (old, new), path in generated_comparisons(policy, settings).items()
    )
    options = tuple(
        CompareOption(
            r.id,
            L["compare_option"].format(
                version=L["version_column"].format(date=long_date(r.effective, policy.lang)),
                status=L[policy.status(r, settings.as_of)],
            ),
        )
        for r in announced
    )
    return CompareForm(
        lang=policy.lang, options=options, pairs=pairs, default_old=announced[1].id, default_new=announced[0].id
    )


def to_upcoming_links(
    policies: Sequence[Policy], settings: SiteSettings
) -> dict[tuple[str, str], dict[str, list[dict[str, str]]]]:
    """(policy id, lang) -> revision id -> the link to its comparison with each upcoming revision,
    for the history entry and the revision page (render's `extra_links`)."""
    links: dict[tuple[str, str], dict[str, list[dict[str, str]]]] = {}
    for policy in policies:
        L = labels(policy.lang)
        for (old, new), path in generated_comparisons(policy, settings).items():
            if path == to_path(policy.id, old, new):
                text = L["to_upcoming_link"].format(date=long_date(policy.revision(new).effective, policy.lang))  # type: ignore[union-attr]
                links.setdefault((policy.id, policy.lang), {}).setdefault(old, []).append({"path": path, "text": text})
    return links


_ROW_START = '<tr class="change-'
_CHANGE_ROW = re.compile(
    r'<tr class="change-[a-z]+(?: [a-z-]+)*" id="(?P<old>old-)?clause-(?P<key>[^"]+)">\s*<td>'  # first cell: the new text
)
# The row links of the pages at one depth, in one language, by (lineage, clause key): the same
# links recur on every build and on many pages (a since page repeats the rows of the pages before
# it). Keyed by everything the link's template reads besides those two: the URL and the language.
_HISTORY_LINKS: Memo[dict[tuple[str, str], str]] = Memo("clause history links", maxsize=64)
_COMPARISON_PAGE = re.compile(
    r"^(?P<policy>[^/]+)/history/(?P<first>[^/]+)/(?:(?P<kind>changes|since)|to/(?P<second>[^/]+))/$"
)


def compared_revisions(policy: Policy, settings: SiteSettings, page_path: str) -> tuple[str, str] | None:
    """(old id, new id) of a 新旧対照表 page (`<id>/changes/`, `<id>/since/`, `<old>/to/<new>/`), else None."""
    match = _COMPARISON_PAGE.match(page_path)
    if match is None or match.group("policy") != policy.id:
        return None
    first = policy.revision(match.group("first"))
    if first is None:
        return None
    if match.group("kind") == "changes":
        previous = policy.previous(first)
        return (previous.id, first.id) if previous is not None else None
    if match.group("kind") == "since":
        current = policy.in_force(settings.as_of)
        return (first.id, current.id) if current is not None else None
    return (first.id, str(match.group("second")))


def _history_links(target: str, lang: str) -> dict[tuple[str, str], str]:
    return _HISTORY_LINKS.get_or_make((target, lang), dict)


def _history_link(links: dict[tuple[str, str], str], target: str, lineage: str, lang: str, key: str) -> str:
    """One clause's link, from `links` (`_history_links(target, lang)`) or made and kept there."""
    link = links.get((lineage, key))
    if link is None:
        url = f"{target}#{lineage}"
        link = links[(lineage, key)] = str(
            render_template("clause_history_link.html", url=url, L=labels(lang), key=key)
        ).strip()
    return link


def link_rows_to_clause_history(
    html: str,
    lineage_of: dict[tuple[str, str], str],
    page_path: str,
    old_id: str,
    new_id: str,
    policy_id: str,
    lang: str,
) -> str:
    """The same small 履歴 / History link at the start of each 新旧対照表 row, to the clause's history
    (a removed clause's row: its history, which ends with the removal).

    For a 新旧対照表 page that is not generated (a generated page's rows are linked by their views,
    `render.RowHistory`), on every build: the rows are found with `str.find` (a regular expression
    only where a row starts), and the page is copied once.
    """
    start = html.find(_ROW_START)
    if start < 0:
        return html
    target = relative_url(page_path, clauses_path(policy_id))
    links = _history_links(target, lang)
    parts: list[str] = []
    done = 0
    while start >= 0:
        match = _CHANGE_ROW.match(html, start)
        if match is None:
            start = html.find(_ROW_START, start + 1)
            continue
        key = match.group("key")
        lineage = lineage_of.get((old_id if match.group("old") else new_id, key))
        if lineage is not None:
            parts.append(html[done : match.end()])
            parts.append(_history_link(links, target, lineage, lang, key))
            done = match.end()
        start = html.find(_ROW_START, match.end())
    if not parts:
        return html
    parts.append(html[done:])
    return "".join(parts)
