"""MkDocs hook: wires MkDocs events to the policy history engine (hooks/policy_engine/).

Thin on purpose: reading git, parsing clauses, comparing and rendering live in the engine,
which knows nothing of MkDocs except through `policy_engine.mkdocs_adapter`.
"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from mkdocs.plugins import event_priority  # noqa: E402

from policy_engine.mkdocs_adapter import PolicySiteHook  # noqa: E402

_hook = PolicySiteHook()

on_config = _hook.on_config
on_pre_build = _hook.on_pre_build
on_files = _hook.on_files
on_pre_page = _hook.on_pre_page
on_page_markdown = _hook.on_page_markdown
on_page_content = _hook.on_page_content
on_post_page = _hook.on_post_page
on_page_context = _hook.on_page_context


@event_priority(-200)  # after mkdocs-static-i18n's (-100), which builds the other languages and merges search
def on_post_build(config):  # type: ignore[no-untyped-def]
    _hook.on_post_build(config)
    _hook.on_post_build_last(config)


on_template_context = _hook.on_template_context
on_post_template = _hook.on_post_template
on_build_error = _hook.on_build_error
