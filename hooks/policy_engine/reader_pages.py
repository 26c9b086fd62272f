"""Pages and page parts that answer a reader's next question (issue 14): which version was in force
on a day (the date field and each revision's period), ... Through Jinja templates (autoescape),
like every page; URLs relative, as in `render`. No I/O."""

from __future__ import annotations

from markupsafe import Markup

from .labels import labels
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
