"""When each revision was (or will be) in force: the answer to "which text applied on a day?". No I/O.

A revision is in force from its effective date until the day before the next revision that comes
into force (`Policy.in_force` decides which do, so a revision that never takes effect ends no
period). The periods are shown on the history page, so a reader without JavaScript can answer the
question from the list; the date field's script answers it from revisions.json by the same rule.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .model import Policy, Revision


@dataclass(frozen=True)
class InForcePeriod:
    """`start` to `end`, both days included; `end` is None while no later revision is announced."""

    revision: Revision
    start: dt.date
    end: dt.date | None


def in_force_periods(policy: Policy) -> dict[str, InForcePeriod]:
    """Revision id -> its period, for each published revision that is in force on some day."""
    takes_effect = [r for r in policy.revisions if _in_force_on(policy, r, r.effective)]
    periods = {}
    for index, revision in enumerate(takes_effect):
        following = takes_effect[index + 1] if index + 1 < len(takes_effect) else None
        end = following.effective - dt.timedelta(days=1) if following is not None else None
        periods[revision.id] = InForcePeriod(revision, revision.effective, end)
    return periods


def _in_force_on(policy: Policy, revision: Revision, day: dt.date) -> bool:
    current = policy.in_force(day)
    return current is not None and current.id == revision.id
