"""Pages and page parts that answer a reader's next question (issue 14): which version was in force
on a day (the date field and each revision's period), how a clause evolved (one page of
clause histories per policy and language, linked from each clause of the policy page). Through Jinja templates (autoescape),
like every page; URLs relative, as in `render`. No I/O."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from .clause_history import clause_lineages
from .labels import capitalised, labels, long_date, provision_label
from .model import Clause, Policy, clause_anchor
from .render import (
    _TEMPLATES,
    Comparisons,
    GeneratedPage,
    SiteSettings,
    page_markdown,
    api_path,
    history_path,
    language_prefix,
    relative_url,
    revision_path,
    shown_title,
    src_uri_for,
)


def in_force_form(policy: Policy, settings: SiteSettings, page_path: str, *, follow: bool) -> Markup:
    """The date field. `follow`: on the history page, `?date=YYYY-MM-DD` is answered on arrival
    (the shareable address of the question)."""
    return Markup(_TEMPLATES.get_template("in_force_form.html").render(
        L=labels(policy.lang),
        lang=policy.lang,
        follow=follow,
        history_url=relative_url(page_path, history_path(policy.id)),
        revisions_url=relative_url(
            language_prefix(policy.lang, settings) + page_path, api_path(policy.id, policy.lang, "revisions.json")
        ),
    ))


# --- Each clause's own history -------------------------------------------------------------------

def clause_histories_link(policy: Policy, page_path: str) -> Markup:
    """The way from the history page to every clause's history."""
    return Markup(_TEMPLATES.get_template("clause_histories_link.html").render(
        L=labels(policy.lang), url=relative_url(page_path, clauses_path(policy.id))
    ))


def clauses_path(policy_id: str) -> str:
    return f"{policy_id}/clauses/"


_CLAUSE_TAG = re.compile(r'<(?P<tag>h[1-6]|p|li)\b(?P<attrs>[^>]*\bid="clause-(?P<key>[^"]+)"[^>]*)>')


@dataclass(frozen=True)
class ClauseHistories:
    """The clause-history page of one policy in one language, and where each clause of the text in
    force leads (clause key -> lineage id), for the links on the policy page."""

    page: GeneratedPage
    in_force_lineages: dict[str, str]


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
        if in_force is not None else {}
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
            versions.append({
                "status": version.status,
                "url": relative_url(page_path, revision_path(policy.id, version.revision.id)) + anchor,
                "effective": long_date(version.revision.effective, policy.lang),
                "effective_iso": version.revision.effective.isoformat(),
                "revision_status": policy.status(version.revision, settings.as_of),
                "was": L["number_was"].format(label=clause_name(change.old, policy.lang)) if renumbered and change.old else "",
                "number": version.clause.number or "",
                "text": version.clause.comparable_text,
                "segments": change.segments,
            })
        key = current_key.get(lineage.id)
        entries.append({
            "id": lineage.id,
            "name": capitalised(clause_name(newest, policy.lang)),
            "removed": lineage.current is None,
            "numbers": L["clause_numbers"].format(numbers=" → ".join(lineage.numbers)) if len(lineage.numbers) > 1 else "",
            "current_url": relative_url(page_path, f"{policy.id}/") + "#" + clause_anchor(key) if key else "",
            "other_language_url": relative_url(here, there) + "#" + lineage.id,
            "versions": versions,
        })
    title = L["clause_histories_title"].format(title=shown_title(policy, settings))
    body = _TEMPLATES.get_template("clause_history.html").render(
        L=L, lineages=entries, other_lang=other_lang, history_url=relative_url(page_path, history_path(policy.id)),
    )
    markdown = page_markdown(title, body + "\n", search={"exclude": True})
    return ClauseHistories(GeneratedPage(src_uri_for(policy.lang, page_path), markdown), in_force_lineages)


def link_clauses_to_their_history(html: str, lineages: dict[str, str], page_path: str, policy_id: str, lang: str) -> str:
    """A small 履歴 / History link in each clause of the policy page (the HTML the anchors
    extension made: `<p class="clause ..." id="clause-3.1.2">`), to the clause's history."""
    L = labels(lang)
    link = _TEMPLATES.get_template("clause_history_link.html")
    target = relative_url(page_path, clauses_path(policy_id))

    def add(match: re.Match[str]) -> str:
        lineage = lineages.get(match.group("key"))
        if lineage is None:
            return match.group(0)
        return match.group(0) + link.render(url=f"{target}#{lineage}", L=L, key=match.group("key")).strip()

    return _CLAUSE_TAG.sub(add, html)
