"""Pages and page parts that answer a reader's next question (issue 14): which version was in force
on a day (the date field and each revision's period), ... Through Jinja templates (autoescape),
like every page; URLs relative, as in `render`. No I/O."""

from __future__ import annotations

from markupsafe import Markup

from .in_force import InForcePeriod, in_force_periods
from .labels import labels, long_date
from .model import Policy
from .render import _TEMPLATES, SiteSettings, api_path, history_path, language_prefix, relative_url


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


def period_text(period: InForcePeriod | None, lang: str) -> str:
    """施行期間 as a reader says it: `2017年5月10日から2020年3月31日まで`, `from May 10, 2017`."""
    L = labels(lang)
    if period is None:
        return L["period_never"]
    start = long_date(period.start, lang)
    if period.end is None:
        return L["period_open"].format(start=start)
    return L["period_closed"].format(start=start, end=long_date(period.end, lang))


def periods_by_revision(policy: Policy) -> dict[str, str]:
    """Revision id -> its period in force, in words (drafts have none)."""
    periods = in_force_periods(policy)
    return {r.id: period_text(periods.get(r.id), policy.lang) for r in policy.revisions}
