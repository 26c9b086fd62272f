"""The data every stage passes on: plain, frozen values, no behaviour beyond derivation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

ClauseKind = Literal["preamble", "article", "clause", "block"]
ChangeStatus = Literal["unchanged", "renumbered", "amended", "added", "removed"]
RevisionStatus = Literal["in-force", "superseded", "upcoming", "draft", "postponed", "withdrawn"]
PostedSource = Literal["git", "declared"]
"""Where a revision's posting time comes from: its first commit on main (`git`), or a `posted:`
line in the front matter of a revision published before the repository existed (`declared`)."""
AbandonmentKind = Literal["postponed", "withdrawn"]
SegmentOp = Literal["equal", "insert", "delete"]


def clause_anchor(key: str) -> str:
    """The HTML id a clause is cited by, the same on every page and in both languages: `clause-3.1.2`."""
    return f"clause-{key}"


@dataclass(frozen=True)
class PolicyText:
    """One version of a policy file, split into front matter and Markdown body."""

    title: str
    effective: dt.date
    summary: str
    consent_required: bool
    """`consent_required: true`: the revision as a whole needs users' consent (Article 7)."""
    body: str
    """The Markdown after the front matter, with LF line endings and no byte-order mark."""
    body_line: int
    """1-based line number in the file where the body starts (for error messages)."""
    correction: str = ""
    """Front matter `correction:` (why a text changed without a new effective date)."""
    consent_clauses: tuple[str, ...] = ()
    """`consent_required: [3.2.4, 4.4]`: the provisions (by number) whose change needs users' consent."""
    posted: dt.date | dt.datetime | None = None
    """Front matter `posted:` (a date, or a date-time with its offset): when a revision published
    before the repository existed was posted, as the company's records say. None: git says."""
    backdated: str = ""
    """Front matter `backdated:` (why the revision takes effect before it was posted)."""
    postponed: str = ""
    """Front matter `postponed:` (why the announced revision's effective date was moved later)."""
    withdrawn: str = ""
    """Front matter `withdrawn:` (why the announced revisions after this one were withdrawn)."""
    corrects: tuple[str, ...] = ()
    """Front matter `corrects:`: which front-matter fields (`title`, `summary`) a correction
    changes on purpose; any other change to them is refused."""


@dataclass(frozen=True)
class Clause:
    """A numbered unit of the policy (article or clause), the preamble, or an unnumbered block.

    `number` is the decimal path as written (`"3"`, `"3.1.2"`), or None for the preamble and
    for text outside the numbering convention. `key` identifies the unit within one revision
    and is what anchors (`#clause-<key>`) are built from.
    """

    key: str
    number: str | None
    kind: ClauseKind
    heading: str
    text: str
    line: int

    @property
    def anchor(self) -> str:
        return clause_anchor(self.key)

    @property
    def depth(self) -> int:
        return self.number.count(".") + 1 if self.number else 0

    @property
    def label(self) -> str:
        """What a reader calls it: `3.1.2`, `Article 3` is left to render; here the number or key."""
        return self.number or self.key

    @property
    def comparable_text(self) -> str:
        """The words compared between revisions: heading and text, without the number."""
        if self.heading and self.text:
            return f"{self.heading}\n\n{self.text}"
        return self.heading or self.text


@dataclass(frozen=True)
class Segment:
    """A run of text that is equal in both clauses, or only in the new (insert) or old (delete)."""

    op: SegmentOp
    text: str


@dataclass(frozen=True)
class ClauseChange:
    """How one clause fared between two revisions."""

    status: ChangeStatus
    old: Clause | None
    new: Clause | None
    segments: tuple[Segment, ...] = ()


@dataclass(frozen=True)
class Correction:
    """A commit that changed what readers see without changing the effective date."""

    commit: str
    posted: dt.datetime
    subject: str
    reason: str = ""
    replaced: tuple[tuple[str, str], ...] = ()
    """(field, value before) for each front-matter field the correction changed on purpose
    (`corrects: [summary]`), so the record keeps what was published before."""
    declared_posted: bool = False
    """True when this correction added the `posted:` declaration to a legacy revision."""
    text: PolicyText | None = None
    """The text as this correction left it (so the pages can say which provisions it changed)."""


@dataclass(frozen=True)
class Abandonment:
    """An announced (upcoming) revision that was postponed or withdrawn before it took effect.

    The revision stays in the history as it was announced, but never comes into force.
    """

    kind: AbandonmentKind
    commit: str
    """The commit on main that postponed or withdrew it."""
    posted: dt.datetime
    """That commit's committer time: when the public was told."""
    reason: str
    postponed_to: dt.date | None = None
    """For a postponement: the new effective date (the revision with that id replaces it)."""


@dataclass(frozen=True)
class Revision:
    """One distinct `effective` value of one policy in one language."""

    policy: str
    lang: str
    path: str
    """Repository path of the file at `commit` (it may have been renamed since)."""
    effective: dt.date
    posted: dt.datetime
    """Committer time (with its offset) of the first commit carrying this effective date, or the
    declared `posted:` of a legacy revision (see `posted_source`)."""
    commit: str
    """The newest commit carrying this effective date that changed what readers see."""
    sha256: str
    """Of the file's bytes at `commit`: `git show <commit>:<path> | sha256sum`."""
    text: PolicyText
    corrections: tuple[Correction, ...] = ()
    posted_text: PolicyText | None = None
    """The text as first posted, when corrections changed it since (None: `text` is as posted).
    What a revision itself changed is measured from this, so a later correction is not counted as
    part of the revision (nor as a translation left behind)."""
    draft: bool = False
    posted_source: PostedSource = "git"
    """`declared` when `posted` comes from the front matter's `posted:` (a revision published
    before the repository existed, shown "as recorded"); `git` when it is the commit's time."""
    posted_time_known: bool = True
    """False when a declared `posted:` gave only a date: show the day, not a time of day."""
    abandoned: Abandonment | None = None
    """Set when this announced revision was postponed or withdrawn before its effective date."""
    posted_commit: str = ""
    """The first commit carrying this effective date (posted at `posted`): with `corrections`,
    every commit the published record of this revision names, so the ledger can tell that each
    is still on main's history."""

    @property
    def id(self) -> str:
        return "draft" if self.draft else self.effective.isoformat()

    @property
    def title(self) -> str:
        return self.text.title

    @property
    def summary(self) -> str:
        return self.text.summary

    @property
    def consent_required(self) -> bool:
        """True when any part of the revision needs users' consent (the whole, or listed provisions)."""
        return self.text.consent_required or bool(self.text.consent_clauses)

    @property
    def consent_whole(self) -> bool:
        """`consent_required: true`: the revision as a whole applies to a user only once they consent."""
        return self.text.consent_required

    @property
    def consent_clauses(self) -> tuple[str, ...]:
        """The provisions listed in `consent_required: [...]`, by number (empty for true/false)."""
        return self.text.consent_clauses

    @property
    def as_posted(self) -> Revision:
        """This revision with its text as first posted (itself when it was never corrected)."""
        if self.posted_text is None:
            return self
        from dataclasses import replace

        return replace(self, text=self.posted_text, posted_text=None, corrections=())

    @property
    def backdated(self) -> str:
        return self.text.backdated


@dataclass(frozen=True)
class Policy:
    """A policy in one language and all its revisions, oldest first."""

    id: str
    lang: str
    path: str
    revisions: tuple[Revision, ...]
    draft: Revision | None = None

    @property
    def announced(self) -> tuple[Revision, ...]:
        """The revisions that were not postponed or withdrawn: the ones that take effect."""
        return tuple(r for r in self.revisions if r.abandoned is None)

    def status(self, revision: Revision, as_of: dt.date) -> RevisionStatus:
        """`in-force` for the newest revision whose effective date has come, and so on.

        A postponed or withdrawn revision keeps that status whatever the date: it never comes
        into force (it can only be abandoned while it is still upcoming).
        """
        if revision.draft:
            return "draft"
        if revision.abandoned is not None:
            return revision.abandoned.kind
        if revision.effective > as_of:
            return "upcoming"
        current = self.in_force(as_of)
        return "in-force" if current is not None and current.id == revision.id else "superseded"

    def in_force(self, as_of: dt.date) -> Revision | None:
        """The revision in force on `as_of`, or None when every revision is still upcoming."""
        in_effect = [r for r in self.announced if r.effective <= as_of]
        return in_effect[-1] if in_effect else None

    def upcoming(self, as_of: dt.date) -> tuple[Revision, ...]:
        """Announced revisions not yet in force (postponed or withdrawn ones are not)."""
        return tuple(r for r in self.announced if r.effective > as_of)

    def revision(self, revision_id: str) -> Revision | None:
        for revision in self.revisions:
            if revision.id == revision_id:
                return revision
        if self.draft is not None and revision_id == "draft":
            return self.draft
        return None

    def previous(self, revision: Revision) -> Revision | None:
        """The revision before `revision` (for a draft: the newest published one).

        Postponed and withdrawn revisions never took effect, so they are skipped: the revision
        that replaces a postponed one is compared with the one in force before it.
        """
        if revision.draft:
            announced = self.announced
            return announced[-1] if announced else None
        # A published revision's id is its effective date: compare dates rather than format
        # every id (pages ask this once per revision, so a long history made it quadratic).
        index = next((i for i, r in enumerate(self.revisions) if r.effective == revision.effective), None)
        if index is None:
            raise ValueError(f"revision {revision.id} is not a revision of {self.id} ({self.lang})")
        for earlier in reversed(self.revisions[:index]):
            if earlier.abandoned is None:
                return earlier
        return None


@dataclass(frozen=True)
class PolicySet:
    """Every policy of the site, by (policy id, language)."""

    policies: tuple[Policy, ...] = field(default_factory=tuple)

    def get(self, policy_id: str, lang: str) -> Policy | None:
        for policy in self.policies:
            if policy.id == policy_id and policy.lang == lang:
                return policy
        return None

    def ids(self) -> list[str]:
        return sorted({p.id for p in self.policies})
