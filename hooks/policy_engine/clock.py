"""The day statuses are computed for: the one place the engine asks what day it is."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import PolicyError


def site_timezone(name: str) -> ZoneInfo:
    """The time zone the `timezone` option of `policy-history` in mkdocs.yml names, or a PolicyError saying how to fix it."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise PolicyError(
            f"the time zone `{name}` is not a known IANA time zone name.",
            path="mkdocs.yml",
            hint="set `timezone:` under `- policy-history:` in `plugins:` to a name such as Asia/Tokyo or Europe/London.",
        ) from None


def as_of_date(timezone: str, environ: Mapping[str, str] = os.environ) -> dt.date:
    """`POLICY_AS_OF` (YYYY-MM-DD) if set, else today in the site's time zone.

    Deliberately not SOURCE_DATE_EPOCH: the daily rebuild of an unchanged commit must still
    switch an upcoming revision into force on its day.
    """
    zone = site_timezone(timezone)  # checked even with POLICY_AS_OF: dates are shown in it
    value = environ.get("POLICY_AS_OF", "").strip()
    if value:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise PolicyError(
                f"POLICY_AS_OF={value} is not a date written YYYY-MM-DD.",
                hint="unset POLICY_AS_OF to use today's date, or write e.g. POLICY_AS_OF=2026-12-01.",
            ) from None
    return dt.datetime.now(zone).date()
