"""Machine-readable output: revisions.json, changes/<id>.json and an Atom feed per policy and language.

The JSON is an API for integrators (e.g. a consent-management app): its records, their text and
their JSON Schema live in `api` (one class writes and reads each document); this module fills
them from the model. Output is deterministic (no build time) so two builds of the same commit
are byte-identical.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from urllib.parse import urlsplit

from .api import (
    AbandonmentRecord,
    ChangesDocument,
    ClauseChangeRecord,
    CorrectionRecord,
    IndexEntry,
    RevisionRecord,
    RevisionsDocument,
    SiteIndex,
    schema_files,
)
from .labels import labels, long_date
from .model import ClauseChange, Correction, Policy, Revision
from .render import Comparisons, SiteSettings, consent_explanation, shown_title
from .urls import api_path, changes_path, history_path, language_prefix, page_url, policy_path, revision_path

ATOM = "http://www.w3.org/2005/Atom"


def posted_value(revision: Revision) -> str:
    """`posted` as published: the commit's time, or a legacy revision's `posted:` as declared
    (only the date when only a date was declared: the record claims no time of day it lacks)."""
    if revision.posted_source == "declared" and not revision.posted_time_known:
        return revision.posted.date().isoformat()
    return revision.posted.isoformat()


def correction_record(correction: Correction) -> CorrectionRecord:
    # `replaced`: what a correction of `title:`/`summary:` replaced; the earlier wording stays on record.
    return CorrectionRecord(
        commit=correction.commit,
        posted=correction.posted.isoformat(),
        reason=correction.reason,
        replaced=correction.replaced,
        declared_posted=correction.declared_posted,
    )


def abandonment_record(revision: Revision) -> AbandonmentRecord | None:
    """`postponed` / `withdrawn`: when (the commit that said so), why and, for a postponement, to which date."""
    abandoned = revision.abandoned
    if abandoned is None:
        return None
    return AbandonmentRecord(
        posted=abandoned.posted.isoformat(),
        commit=abandoned.commit,
        reason=abandoned.reason,
        to=abandoned.postponed_to.isoformat() if abandoned.postponed_to is not None else None,
    )


def revision_record(policy: Policy, revision: Revision, settings: SiteSettings, site_url: str) -> RevisionRecord:
    prefix = language_prefix(policy.lang, settings)
    has_changes = policy.previous(revision) is not None
    kind = revision.abandoned.kind if revision.abandoned else None
    return RevisionRecord(
        id=revision.id,
        effective=revision.effective.isoformat(),
        posted=posted_value(revision),
        posted_source=revision.posted_source,
        posted_commit=revision.posted_commit,
        status=policy.status(revision, settings.as_of),
        commit=revision.commit,
        path=revision.path,
        sha256=revision.sha256,
        consent_required=revision.consent_required,
        # Which provisions need users' consent (Article 7); empty when the revision as a whole does.
        consent_clauses=revision.consent_clauses,
        summary=revision.summary,
        title=revision.title,
        corrections=tuple(correction_record(c) for c in revision.corrections),
        postponed=abandonment_record(revision) if kind == "postponed" else None,
        withdrawn=abandonment_record(revision) if kind == "withdrawn" else None,
        url=page_url(site_url, prefix + revision_path(policy.id, revision.id)),
        changes_url=page_url(site_url, prefix + changes_path(policy.id, revision.id)) if has_changes else None,
    )


def revisions_json(policy: Policy, settings: SiteSettings, site_url: str = "") -> str:
    """`/api/<policy>/<lang>/revisions.json`, newest revision first. Drafts are never published here."""
    current = policy.in_force(settings.as_of)
    return RevisionsDocument(
        policy=policy.id,
        lang=policy.lang,
        title=shown_title(policy, settings),
        in_force=current.id if current else None,
        revisions=tuple(revision_record(policy, r, settings, site_url) for r in reversed(policy.revisions)),
    ).dumps()


def change_record(change: ClauseChange) -> ClauseChangeRecord:
    return ClauseChangeRecord(
        status=change.status,
        old=change.old.label if change.old else None,
        new=change.new.label if change.new else None,
        segments=tuple((s.op, s.text) for s in change.segments),
    )


def changes_json(policy: Policy, revision: Revision, comparisons: Comparisons) -> str | None:
    """`/api/<policy>/<lang>/changes/<id>.json`: every clause of the pair, unchanged ones included."""
    previous = policy.previous(revision)
    if previous is None:
        return None
    return ChangesDocument(
        policy=policy.id,
        lang=policy.lang,
        from_id=previous.id,
        to_id=revision.id,
        clauses=tuple(change_record(c) for c in comparisons.changes(previous, revision)),
    ).dumps()


def tag_id(site_url: str, policy: Policy, *parts: str) -> str:
    """An Atom id (RFC 4151 `tag:` URI) that never changes: the site's host and the day the policy
    was first posted, then the policy, language and revision: `tag:example.org,2017-05-08:privacy/ja/2019-04-01`.
    """
    host = urlsplit(site_url).hostname or "localhost"
    first = min((r.posted for r in policy.revisions), default=None)
    day = first.date().isoformat() if first else "1970-01-01"
    return f"tag:{host},{day}:" + "/".join((policy.id, policy.lang, *parts))


def atom_feed(policy: Policy, settings: SiteSettings, site_url: str = "", publisher: str = "") -> str:
    """An Atom entry per revision, dated when it was posted, so an upcoming one is announced before it applies.

    Each entry states the 施行日 (effective date), the summary and whether the revision contains a
    change that needs users' consent; links are absolute when site_url is set (it always is on the
    published site), and the feed names itself (`rel="self"`) and its publisher (the company).
    """
    L = labels(policy.lang)
    prefix = language_prefix(policy.lang, settings)
    title = shown_title(policy, settings)
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": policy.lang})
    ET.SubElement(feed, f"{{{ATOM}}}id").text = tag_id(site_url, policy)
    ET.SubElement(feed, f"{{{ATOM}}}title").text = L["history_of"].format(title=title)
    # The feed changed when its newest entry did: a revision posted, or a correction of one.
    newest = max((entry_updated(r) for r in policy.revisions), default=None)
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = newest.isoformat() if newest else "1970-01-01T00:00:00+00:00"
    ET.SubElement(
        feed,
        f"{{{ATOM}}}link",
        {
            "rel": "self",
            "type": "application/atom+xml",
            "href": page_url(site_url, api_path(policy.id, policy.lang, "revisions.atom")),
        },
    )
    ET.SubElement(
        feed,
        f"{{{ATOM}}}link",
        {
            "rel": "alternate",
            "type": "text/html",
            "href": page_url(site_url, prefix + history_path(policy.id)),
        },
    )
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = publisher or title
    ET.SubElement(author, f"{{{ATOM}}}uri").text = page_url(site_url, prefix)
    for revision in sorted(policy.revisions, key=lambda r: r.posted, reverse=True):
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        date = long_date(revision.effective, policy.lang)
        ET.SubElement(entry, f"{{{ATOM}}}id").text = tag_id(site_url, policy, revision.id)
        ET.SubElement(entry, f"{{{ATOM}}}title").text = L["revision_title"].format(title=revision.title, date=date)
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = entry_updated(revision).isoformat()
        ET.SubElement(entry, f"{{{ATOM}}}published").text = revision.posted.isoformat()
        target = (
            changes_path(policy.id, revision.id) if policy.previous(revision) else revision_path(policy.id, revision.id)
        )
        ET.SubElement(
            entry,
            f"{{{ATOM}}}link",
            {"rel": "alternate", "type": "text/html", "href": page_url(site_url, prefix + target)},
        )
        lines = [f"{L['effective']}{L['colon']}{date}"]
        if revision.summary:
            lines.append(f"{L['summary']}{L['colon']}{revision.summary}")
        lines.append(consent_line(revision, L, policy.lang))
        if revision.abandoned is not None:
            # Subscribers were told of the announcement; they learn of its postponement or
            # withdrawal by the same entry, updated on that day.
            abandoned = revision.abandoned
            when = long_date(abandoned.posted.date(), policy.lang)
            if abandoned.postponed_to is not None:
                lines.append(L["postponed_line"].format(date=when, to=long_date(abandoned.postponed_to, policy.lang)))
            else:
                lines.append(L["withdrawn_line"].format(date=when))
            if abandoned.reason:
                lines.append(L["abandon_reason"] + abandoned.reason)
            entry.find(f"{{{ATOM}}}updated").text = abandoned.posted.isoformat()  # type: ignore[union-attr]
        ET.SubElement(entry, f"{{{ATOM}}}summary", {"type": "text"}).text = "\n".join(lines)
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def entry_updated(revision: Revision) -> dt.datetime:
    return revision.corrections[-1].posted if revision.corrections else revision.posted


def consent_line(revision: Revision, L: dict[str, str], lang: str) -> str:
    """Whether the revision needs users' consent (and which provisions, with Article 7 explained,
    as the pages say it), said either way: a feed reader sees no absence."""
    if revision.consent_required:
        return f"{L['consent_notice']} {consent_explanation(revision, lang)}"
    return L["feed_consent_no"]


def api_files(
    policies: Sequence[Policy],
    settings: SiteSettings,
    comparisons: Comparisons,
    site_url: str = "",
    publisher: dict[str, str] | None = None,
) -> dict[str, str]:
    """Site path -> text of every machine-readable file (the JSON Schemas of the documents included)."""
    files: dict[str, str] = {}
    for policy in policies:
        base = api_path(policy.id, policy.lang, "")
        files[base + "revisions.json"] = revisions_json(policy, settings, site_url)
        files[base + "revisions.atom"] = atom_feed(policy, settings, site_url, (publisher or {}).get(policy.lang, ""))
        for revision in policy.revisions:
            text = changes_json(policy, revision, comparisons)
            if text is not None:
                files[base + f"changes/{revision.id}.json"] = text
    if files:
        files.update(schema_files())
    return files


def site_index(
    policies: Sequence[Policy],
    settings: SiteSettings,
    *,
    source_commit: str | None,
    site_url: str = "",
    source_date_epoch: str | None = None,
) -> str:
    """`/api/index.json`: everything the site holds and what it was built from.

    Every policy and language with its revisions file, the commit the site was built from and
    the day its statuses were computed for (with `source_date_epoch`, enough to rebuild it byte
    for byte: `scripts/verify.py` does). The ledger compares every policy and language the live
    index lists, so a deleted or renamed policy or a dropped language cannot go unnoticed. The
    build writes it last: a site without it is unfinished.
    """
    return SiteIndex(
        source_commit=source_commit,
        as_of=settings.as_of.isoformat(),
        timezone=settings.timezone,
        source_date_epoch=source_date_epoch,
        site_url=site_url or None,
        default_language=settings.default_language,
        languages=tuple(settings.languages),
        policies=tuple(
            IndexEntry(
                policy=policy.id,
                lang=policy.lang,
                path=policy.path,
                revisions=api_path(policy.id, policy.lang, "revisions.json"),
                in_force=current.id if (current := policy.in_force(settings.as_of)) else None,
                url=page_url(site_url, language_prefix(policy.lang, settings) + policy_path(policy.id)),
            )
            for policy in sorted(policies, key=lambda p: (p.id, p.lang))
        ),
    ).dumps()
