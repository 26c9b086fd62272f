"""The day statuses are computed for: the one place the engine asks what day it is."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from zoneinfo import ZoneInfo

from .errors import PolicyError


def as_of_date(timezone: str, environ: Mapping[str, str] = os.environ) -> dt.date:
    """`POLICY_AS_OF` (YYYY-MM-DD) if set, else today in the site's time zone.

    Deliberately not SOURCE_DATE_EPOCH: the daily rebuild of an unchanged commit must still
    switch an upcoming revision into force on its day.
    """
    value = environ.get("POLICY_AS_OF", "").strip()
    if value:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise PolicyError(
                f"POLICY_AS_OF={value} is not a date written YYYY-MM-DD.",
                hint="unset POLICY_AS_OF to use today's date, or write e.g. POLICY_AS_OF=2026-12-01.",
            ) from None
    return dt.datetime.now(ZoneInfo(timezone)).date()
