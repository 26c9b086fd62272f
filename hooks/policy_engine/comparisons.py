"""Each revision parsed once and each pair of revisions compared once, however many pages (and
the linter's checks) need them. Pure computation over the model; no I/O, no output text.
"""

from __future__ import annotations

from .cache import Memo
from .clauses import parse_clauses
from .compare import compare_clauses
from .model import Clause, ClauseChange, Revision

# Bounded by clauses as well as by entries: a 1,000-commit history's every list and comparison
# fits (about 50,000 clauses, 90,000 changes), a 3,000-commit build keeps the recent ones only.
_CLAUSE_LISTS: Memo[list[Clause]] = Memo("clause lists", maxsize=4_096, weigh=len, max_weight=100_000)
_CLAUSE_CHANGES: Memo[list[ClauseChange]] = Memo("clause changes", maxsize=4_096, weigh=len, max_weight=120_000)


def content_key(revision: Revision) -> tuple[str, int]:
    """What a revision's clauses are made from (path and commit only ever name an error)."""
    return (revision.text.body, revision.text.body_line)


class Comparisons:
    """Parses each revision once and compares each pair once, however many pages need them.

    Behind the per-build maps, the results are remembered for the process by the texts they
    come from (cache.py), so a rebuild in `mkdocs serve` recomputes only an edited text.
    """

    def __init__(self) -> None:
        self._clauses: dict[tuple[str, str, str, int], list[Clause]] = {}
        self._changes: dict[tuple[tuple[str, str, str, int], tuple[str, str, str, int]], list[ClauseChange]] = {}

    @staticmethod
    def _key(revision: Revision) -> tuple[str, str, str, int]:
        # The text's hash too (Python keeps it): a revision as first posted (`as_posted`) shares
        # its commit with the corrected one but not its text.
        return (revision.commit, revision.path, revision.id, hash(revision.text.body))

    def clauses(self, revision: Revision) -> list[Clause]:
        key = self._key(revision)
        if key not in self._clauses:
            self._clauses[key] = _CLAUSE_LISTS.get_or_make(
                content_key(revision),
                lambda: parse_clauses(
                    revision.text.body, path=revision.path, first_line=revision.text.body_line, commit=revision.commit
                ),
            )
        return self._clauses[key]

    def changes(self, old: Revision, new: Revision) -> list[ClauseChange]:
        key = (self._key(old), self._key(new))
        if key not in self._changes:
            self._changes[key] = _CLAUSE_CHANGES.get_or_make(
                (content_key(old), content_key(new)), lambda: compare_clauses(self.clauses(old), self.clauses(new))
            )
        return self._changes[key]
