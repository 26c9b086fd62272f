"""The published-revisions ledger: what is already public must stay public, unchanged. No I/O.

A policy site is evidence of what the public was shown. Once a revision is published (it is in
the live `revisions.json`), a later publication may add revisions and may add corrections to a
revision, but it must never

- drop it (a force-push that removed the commit, a deleted file, a changed effective date),
- change its effective date or the time it was published (`posted`),
- change its text (`sha256`) or the commit it was published from, except by appending a
  correction (a new commit listed under it, which the history page shows), or
- drop or rewrite a correction already published, or
- stop naming a commit it was published from: every commit a published record names (the one
  that posted it, `posted_commit`, each correction's, and `commit`) must still be among the
  candidate's, which are read from main's first-parent history. A rewritten revision with a
  correction on top names new commits only, so it is refused like any rewrite.

The site's index (`api/index.json`) lists every policy and language it holds; `compare_indexes`
refuses a candidate that lacks one the published index lists (a deleted or renamed policy, a
dropped language).

`compare_ledgers(published, candidate)` returns the problems, each a sentence a legal-team
member can act on. Example: the published 2020-04-01 revision came from commit `1a2b3c4`; after
a force-push the build has it from `9f8e7d6` with the same text: `commit changed` (history was
rewritten, so the published commit no longer proves the text).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .api import RevisionsDocument
from .errors import Problem
from .model import Revision


@dataclass(frozen=True)
class LedgerEntry:
    """One revision as a revisions.json lists it."""

    policy: str
    lang: str
    id: str
    effective: str
    commit: str
    path: str
    sha256: str
    corrections: tuple[str, ...]
    """Commits of its corrections, oldest first (as published)."""
    posted_commit: str = ""
    """The commit that first carried the effective date ("" in records made before it was listed)."""
    posted: str = ""
    """When it was published, as the record says ("" when not known, e.g. recomputed from git)."""
    declared_posting: str = ""
    """The correction that added a legacy revision's declared `posted:` ("" when none did): the
    one change of `posted` the record allows, once (issue 13's import of earlier versions)."""

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.policy, self.lang, self.id)

    @property
    def name(self) -> str:
        return f"{self.policy} ({self.lang}) revision {self.id}"

    def problem(self, message: str) -> Problem:
        """A problem with this published revision: `<name> (published from commit …, <path>): <message>`."""
        return Problem(message, path=self.path, commit=self.commit, subject=self.name)

    @property
    def named_commits(self) -> tuple[str, ...]:
        """Every commit this record names as the revision's source: the posting, corrections, text.

        Without `posted_commit` (an older record), `commit` is the posting when nothing corrected it.
        """
        first = self.posted_commit or (self.commit if not self.corrections else "")
        return tuple(dict.fromkeys(c for c in (first, *self.corrections, self.commit) if c))


def entries_from_json(document: Any, *, source: str) -> list[LedgerEntry]:
    """The revisions of one revisions.json document; PolicyError naming `source` if it does not
    match the published schema (`api.RevisionsDocument`)."""
    return entries_from_document(RevisionsDocument.from_json(document, where=source))


def entries_from_document(document: RevisionsDocument) -> list[LedgerEntry]:
    """Ledger entries for the revisions a revisions.json lists."""
    return [
        LedgerEntry(
            policy=document.policy,
            lang=document.lang,
            id=record.id,
            effective=record.effective,
            commit=record.commit,
            path=record.path,
            sha256=record.sha256,
            corrections=tuple(c.commit for c in record.corrections),
            posted_commit=record.posted_commit,
            posted=record.posted,
            declared_posting=next((c.commit for c in record.corrections if c.declared_posted), ""),
        )
        for record in document.revisions
    ]


def compare_ledgers(published: Iterable[LedgerEntry], candidate: Iterable[LedgerEntry]) -> list[Problem]:
    """Every way the candidate would drop or alter a published revision (empty when it only adds)."""
    candidates: Mapping[tuple[str, str, str], LedgerEntry] = {entry.key: entry for entry in candidate}
    by_text = {(e.policy, e.lang, e.sha256): e for e in candidates.values()}
    published = list(published)
    published_keys = {entry.key for entry in published}
    problems: list[Problem] = []
    for old in sorted(published, key=lambda e: e.key):
        new = candidates.get(old.key)
        if new is None:
            moved = by_text.get((old.policy, old.lang, old.sha256))
            if moved is not None:
                problems.append(
                    old.problem(
                        (
                            f"its effective date would change from {old.effective} to {moved.effective} "
                            f"(the same text, now from commit {moved.commit[:7]})."
                        ),
                    )
                )
            else:
                instead = sorted(
                    e.id
                    for e in candidates.values()
                    if (e.policy, e.lang) == (old.policy, old.lang) and e.key not in published_keys
                )
                problems.append(
                    old.problem(
                        "it would disappear from the published history"
                        + (
                            f"; the new build has instead {', '.join(instead)} (was its effective date changed?)."
                            if instead
                            else "."
                        ),
                    )
                )
            continue
        problems += _compare_entry(old, new)
    return problems


def _compare_entry(old: LedgerEntry, new: LedgerEntry) -> list[Problem]:
    """The first thing (most telling first) that the candidate changes about a published revision."""
    if new.effective != old.effective:
        return [old.problem(f"its effective date would change from {old.effective} to {new.effective}.")]
    if new.corrections[: len(old.corrections)] != old.corrections:
        return [
            old.problem(
                (
                    "a published correction would be dropped or rewritten "
                    f"(published: {_shas(old.corrections)}; now: {_shas(new.corrections)})."
                ),
            )
        ]
    corrected_since = len(new.corrections) > len(old.corrections)  # a new, listed commit may change the text
    if not corrected_since and new.sha256 != old.sha256:
        return [
            old.problem(
                (
                    f"its text would change (sha256 {old.sha256[:12]}… becomes {new.sha256[:12]}…, "
                    f"commit {new.commit[:7]}) without a correction listed under it."
                ),
            )
        ]
    if not corrected_since and new.commit != old.commit:
        return [
            old.problem(
                (
                    f"it would come from commit {new.commit[:7]} instead: the history was rewritten "
                    "(force-push, rebase or amend), so the published commit no longer proves the text."
                ),
            )
        ]
    lost = [c for c in old.named_commits if c not in new.named_commits]
    if lost:
        return [
            old.problem(
                (
                    f"it was published from commit {_shas(lost)}, which the new build no longer has in main's "
                    f"history (it names {_shas(new.named_commits)}): the history was rewritten (force-push, rebase "
                    "or amend), and a correction on top does not make up for it."
                ),
            )
        ]
    newly_declared = bool(new.declared_posting) and not old.declared_posting
    if old.posted and new.posted and new.posted != old.posted and not newly_declared:
        return [
            old.problem(
                (
                    f"the time it was published would change from {old.posted} to {new.posted}: when the public was "
                    "told is part of the record and never changes."
                ),
            )
        ]
    return []


def _shas(commits: Sequence[str]) -> str:
    return ", ".join(c[:7] for c in commits) or "none"


def new_entries(published: Iterable[LedgerEntry], candidate: Iterable[LedgerEntry]) -> list[LedgerEntry]:
    """Revisions the candidate adds (for the report)."""
    known = {entry.key for entry in published}
    return [entry for entry in candidate if entry.key not in known]


def entries_from_revisions(revisions: Iterable[Revision]) -> list[LedgerEntry]:
    """Ledger entries for revisions read from git (what a site built from this clone would publish)."""
    return [
        LedgerEntry(
            policy=r.policy,
            lang=r.lang,
            id=r.id,
            effective=r.effective.isoformat(),
            commit=r.commit,
            path=r.path,
            sha256=r.sha256,
            corrections=tuple(c.commit for c in r.corrections),
            posted_commit=r.posted_commit,
            declared_posting=next((c.commit for c in r.corrections if c.declared_posted), ""),
        )
        for r in revisions
        if not r.draft
    ]


def compare_indexes(
    published: Iterable[tuple[str, str]], candidate: Iterable[tuple[str, str]]
) -> list[tuple[tuple[str, str], str]]:
    """(policy, lang) the published site lists that the candidate does not, each with why that is refused.

    >>> compare_indexes([("privacy", "ja"), ("privacy", "en")], [("privacy", "ja")])
    [(('privacy', 'en'), 'privacy (en) is published, but the new site does not have it: the policy or this language was deleted or renamed (its file name is its id, part of every URL of it).')]
    """
    have = set(candidate)
    return [
        (
            (policy, lang),
            (
                f"{policy} ({lang}) is published, but the new site does not have it: the policy or this "
                "language was deleted or renamed (its file name is its id, part of every URL of it)."
            ),
        )
        for policy, lang in sorted(set(published))
        if (policy, lang) not in have
    ]
