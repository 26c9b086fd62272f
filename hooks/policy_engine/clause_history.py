"""Each clause's own history: its wording in every revision where it changed. No I/O.

A clause is followed by the alignment `compare` makes between consecutive revisions, not by its
number, so a clause that was renumbered keeps one history across its numbers, and a new clause
that took a freed number starts its own. One page per policy and language holds every clause's
history (`/privacy/clauses/#<lineage>`): a few hundred short entries even after a hundred
revisions, where a page per clause would repeat the site's navigation hundreds of times.

A lineage is named by its number and the revision that introduced it (`3.1.2@2017-05-10`): the
name never changes, whatever later revisions do to the number.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from .model import Clause, ClauseChange, Revision


@dataclass(frozen=True)
class ClauseVersion:
    """A clause as one revision changed it: `status` is added, amended, renumbered or removed
    (`clause` is then the last wording, `change.old`); the first revision's clauses are `added`."""

    revision: Revision
    status: str
    change: ClauseChange

    @property
    def clause(self) -> Clause:
        return self.change.new or self.change.old  # type: ignore[return-value]


@dataclass(frozen=True)
class ClauseLineage:
    id: str
    """`<key>@<effective of the revision that introduced it>`: stable, used as the anchor."""
    versions: tuple[ClauseVersion, ...]

    @property
    def current(self) -> Clause | None:
        """The clause in the newest revision, or None when it was removed."""
        last = self.versions[-1]
        return None if last.status == "removed" else last.change.new

    @property
    def numbers(self) -> tuple[str, ...]:
        """Every number (or key) it has had, oldest first."""
        seen: list[str] = []
        for version in self.versions:
            label = version.clause.label
            if label not in seen:
                seen.append(label)
        return tuple(seen)


def clause_lineages(
    revisions: Sequence[Revision],
    clauses: Callable[[Revision], list[Clause]],
    changes: Callable[[Revision, Revision], list[ClauseChange]],
) -> tuple[list[ClauseLineage], dict[tuple[str, str], str]]:
    """Every clause's lineage over `revisions` (oldest first, those that take effect or are
    announced), in the order of the newest text (removed ones where they last stood), and a map
    (revision id, clause key) -> lineage id for linking a clause of any revision to its history."""
    if not revisions:
        return [], {}
    versions: dict[str, list[ClauseVersion]] = {}
    where: dict[tuple[str, str], str] = {}
    first = revisions[0]
    order: list[str] = []
    for clause in clauses(first):
        lineage = _new_lineage(f"{clause.key}@{first.id}", versions)
        versions[lineage] = [ClauseVersion(first, "added", ClauseChange("added", None, clause))]
        where[(first.id, clause.key)] = lineage
        order.append(lineage)
    for old, new in pairwise(revisions):
        placed: list[str] = []
        for change in changes(old, new):
            if change.old is not None and (old.id, change.old.key) in where:
                lineage = where[(old.id, change.old.key)]
            elif change.old is not None:
                # The comparison before did not place this clause of `old` (real histories have
                # texts the alignment pairs differently pair by pair): its history starts here.
                lineage = _new_lineage(f"{change.old.key}@{old.id}", versions)
                versions[lineage] = [ClauseVersion(old, "added", ClauseChange("added", None, change.old))]
                where[(old.id, change.old.key)] = lineage
            else:
                lineage = _new_lineage(f"{change.new.key}@{new.id}", versions)  # type: ignore[union-attr]
                versions[lineage] = []
            if change.new is not None:
                where[(new.id, change.new.key)] = lineage
            if change.status != "unchanged":
                versions[lineage].append(ClauseVersion(new, change.status, change))
            placed.append(lineage)
        # Reading order of the newer text; lineages removed earlier keep their place.
        order = _merge_order(order, placed)
    return [ClauseLineage(lineage, tuple(versions[lineage])) for lineage in order], where


def _new_lineage(name: str, taken: dict[str, list[ClauseVersion]]) -> str:
    """`name`, or `name~2`... when a clause with the same key was introduced in the same revision."""
    candidate, count = name, 1
    while candidate in taken:
        count += 1
        candidate = f"{name}~{count}"
    return candidate


def _merge_order(previous: list[str], current: list[str]) -> list[str]:
    """`current` in its order, with lineages only in `previous` (removed before) after the one
    they followed there."""
    in_current = set(current)
    result = list(current)
    for index, lineage in enumerate(previous):
        if lineage in in_current:
            continue
        before = next((p for p in reversed(previous[:index]) if p in result), None)
        result.insert(result.index(before) + 1 if before is not None else 0, lineage)
    return result
