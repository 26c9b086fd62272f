"""Japanese and English, revision by revision and clause by clause: pure rules over the model,
used by the side-by-side pages (bilingual.py) and by the linter (scripts/lint.py).

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
   out of date"). What a revision changed is measured from its text as first posted
   (`Revision.as_posted`): a correction in one language (a typo fixed later) is not a change
   the other language failed to follow.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from .comparisons import Comparisons
from .model import Clause, Policy, Revision, clause_anchor

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
    either = original or translation
    policy_id = either.id if either is not None else ""
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
            for a, b in zip(mine, others, strict=True):
                paired[b.key] = a.key
    if paired:
        partner = {v: k for k, v in paired.items()}
        rows = [BilingualRow(r.key, r.original, by_key[partner[r.key]]) if r.key in partner else r for r in rows]

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
        for c in comparisons.changes(previous, revision.as_posted)  # corrections are not the revision's changes
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
        found.append(
            StaleTranslation(
                policy=pair.policy,
                revision=pair.id,
                effective=pair.effective,
                clause=key,
                changed_lang=changed,
                unchanged_lang=unchanged,
                path=revision.path,
                line=clauses[key].line,
                commit=revision.commit,
            )
        )
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
