"""The MkDocs events: turns the engine's pages into MkDocs files (with `site_config`, the plugin's
options, the only modules that know MkDocs).

mkdocs-static-i18n builds each language in turn and, in its own `on_files` (priority -100),
re-creates every documentation File from its path, dropping generated content. A generated
page only gets its language (URL without `/ja/`, the switcher to the same page in the other
language, per-language search) if its `abs_src_path` lies inside docs_dir when that runs. So
`on_files` (default priority, before i18n) adds each page with such a path (which need not
exist, so `mkdocs serve` never loops on written files), and `on_pre_page` hands the content
back before MkDocs reads the source.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from html import escape as html_escape
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, Environment
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from . import no_history
from .anchors import ClauseAnchorExtension
from .api import INDEX_PATH
from .bilingual import bilingual_links, bilingual_pages
from .cache import Memo, cycle_collection_paused
from .errors import PolicyError
from .history import GitReader, load_policies
from .labels import labels
from .model import Policy, PolicySet
from .publish import api_files, site_index
from .reader_pages import (
    clause_histories,
    compared_revisions,
    link_clauses_to_their_history,
    link_rows_to_clause_history,
    to_upcoming_links,
    to_upcoming_pages,
)
from .render import (
    Comparisons,
    GeneratedPage,
    Lineages,
    SiteSettings,
    history_pages,
    home_markdown,
    lineages_by_revision,
    policy_page_markdown,
    render,
    render_page,
)
from .site_config import PolicySiteConfig, check_settings, publishers, site_settings
from .site_head import feed_link, head_additions, language_homes, split_search_index, take_styles, with_head_additions
from .theme_assets import unused_theme_assets
from .urls import api_path, history_path, language_prefix, policy_path, relative_url
from .views import View

log = logging.getLogger("mkdocs.plugins.policy_history")

POLICY_SEARCH_BOOST = 10
"""Material's per-page search boost for the policy page (the text in force) over the home and
history pages, which name revisions and consent in their notices."""

# API files by the published policies they are made from, across rebuilds (see cache.py).
_API_FILES: Memo[dict[str, str]] = Memo("api files", maxsize=8)
# Everything generated from one state of the policies, across rebuilds (two: a preview that
# toggles between two states keeps both).
_OUTPUTS: Memo[BuildOutput] = Memo("site output", maxsize=2)


RowLinks = tuple[dict[tuple[str, str], str], str, str, str, str, str]
"""The arguments of `link_rows_to_clause_history` after the HTML, for one 新旧対照表 page."""


@dataclass
class BuildOutput:
    """Everything the engine produced for one state of the repository."""

    settings: SiteSettings
    policies: PolicySet
    pages: dict[str, View] = field(default_factory=dict)
    """src_uri -> the view of each generated page. Its Markdown is rendered when MkDocs reads the
    page (`on_pre_page`) and let go once converted (`on_page_content`), so a long history's pages
    are never all held as text at once (they were a third of the build's peak memory at 3,000
    commits); `render` remembers the renderings a rebuild of `mkdocs serve` finds again."""
    api: dict[str, str] = field(default_factory=dict)
    no_history: bool = False
    """Built with POLICY_NO_HISTORY=1: current text only, a notice, no history pages or API."""
    clause_links: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)
    """(policy id, lang) -> clause key of the text in force -> its lineage on the clauses page."""
    lineages: dict[tuple[str, str], dict[tuple[str, str], str]] = field(default_factory=dict)
    """(policy id, lang) -> (revision id, clause key) -> lineage, for the 新旧対照表 rows."""
    index: str | None = None
    """`api/index.json`, written last: a site without it is unfinished (see `on_post_build`)."""
    error: str | None = None
    """`mkdocs serve` only: why the site cannot be built; every page of the preview shows it."""
    roles: dict[str, PageRole] = field(default_factory=dict)
    """src_uri -> what the page events do to that page, found on the page's first event (see `role`)."""

    def role(self, src_uri: str) -> PageRole:
        """What this output's policies make of a page: found once, then the same on every rebuild
        that reuses this output (the page events look it up instead of searching the policies)."""
        found = self.roles.get(src_uri)
        if found is None:
            found = self.roles[src_uri] = _page_role(self, src_uri)
        return found


@dataclass(frozen=True)
class PageRole:
    """The policy facts a page's events need, from its src_uri alone."""

    policy: Policy | None = None
    """This is the policy page (`ja/privacy.md`) of `policy`."""
    home: tuple[Policy, ...] | None = None
    """This is a language's home page, announcing these policies."""
    clause_links: tuple[dict[str, str], str, str, str] | None = None
    """Policy page: (clause key -> lineage, page path, policy id, lang) for `link_clauses_to_their_history`."""
    row_links: RowLinks | None = None
    """A 新旧対照表 page that is not generated (a generated page's rows are linked by their views):
    the arguments of `link_rows_to_clause_history` after the HTML."""
    feed: tuple[str, str] | None = None
    """(policy id, lang) of the Atom feed that the page's head links."""


def _row_links(output: BuildOutput, src_uri: str) -> RowLinks | None:
    """For a 新旧対照表 page: the arguments of `link_rows_to_clause_history` after the HTML."""
    for candidate in output.policies.policies:
        key = (candidate.id, candidate.lang)
        if not src_uri.startswith(f"{candidate.lang}/{history_path(candidate.id)}") or key not in output.lineages:
            continue
        page_path = src_uri[len(candidate.lang) + 1 : -len(".md")] + "/"
        pair = compared_revisions(candidate, output.settings, page_path)
        if pair is not None:
            return (output.lineages[key], page_path, *pair, candidate.id, candidate.lang)
    return None


def _page_role(output: BuildOutput, src_uri: str) -> PageRole:
    """The first policy each event's rule matches, in the order of `output.policies`."""
    policies = output.policies.policies
    policy = next((p for p in policies if src_uri == f"{p.lang}/{p.id}.md"), None)
    home = None
    if policy is None and not output.no_history:
        lang = next((lang for lang in output.settings.languages if src_uri == f"{lang}/index.md"), None)
        if lang is not None:
            home = tuple(p for p in policies if p.lang == lang and p.revisions)
    clause_links = next(
        (
            (lineages, policy_path(policy_id), policy_id, lang)
            for (policy_id, lang), lineages in output.clause_links.items()
            if src_uri == f"{lang}/{policy_id}.md"
        ),
        None,
    )
    # A generated page's rows are linked by its view (`render.RowHistory`).
    row_links = _row_links(output, src_uri) if clause_links is None and src_uri not in output.pages else None
    feed = next(
        (
            (p.id, p.lang)
            for p in policies
            if src_uri == f"{p.lang}/{p.id}.md" or src_uri.startswith(f"{p.lang}/{p.id}/")
        ),
        None,
    )
    return PageRole(policy, home, clause_links, row_links, None if output.no_history else feed)


DRAFTS_VARIABLE = "POLICY_DRAFTS"
"""`POLICY_DRAFTS=1` shows uncommitted edits as drafts in a build; `mkdocs serve` always does."""


def drafts_requested(environ: Mapping[str, str] = os.environ) -> bool:
    return environ.get(DRAFTS_VARIABLE, "").strip().lower() in ("1", "true", "yes")


def generate(config: MkDocsConfig, settings: SiteSettings, *, drafts: bool = False) -> BuildOutput:
    """Read the history and produce every page and API file (pure after the git read).

    Uncommitted edits become draft pages only when `drafts` (a preview): a site that may be
    published shows what is committed and nothing else.
    """
    if no_history.no_history_requested():
        return generate_without_history(config, settings)
    with GitReader((config.config_file_path and os.path.dirname(config.config_file_path)) or config.docs_dir) as reader:
        policies = load_policies(config.docs_dir, settings.languages, reader, timezone=settings.timezone)
        source_commit = reader.head()
        if not os.environ.get("SOURCE_DATE_EPOCH") and reader.head_time() is not None:
            # As `make site` does: the sitemap's dates and gzip header then come from the commit,
            # so any build of it (a plain `mkdocs build`, verify's rebuild) is byte-identical.
            os.environ["SOURCE_DATE_EPOCH"] = str(reader.head_time())
    if not drafts:
        left_out = [policy.path for policy in policies.policies if policy.draft is not None]
        if left_out:
            # INFO, not WARNING (a warning fails --strict): the build is right to leave them out.
            log.info(
                "policy site: uncommitted edits in %s are not published (they show as a draft only in "
                "`make serve`, or with POLICY_DRAFTS=1).",
                ", ".join(left_out),
            )
        policies = PolicySet(tuple(replace(policy, draft=None) for policy in policies.policies))
    site_url = config.site_url or ""
    publisher = publishers(config)
    source_date_epoch = os.environ.get("SOURCE_DATE_EPOCH") or None
    # The key is everything `site_output` reads: a save in the editor that a build does not show
    # (no drafts) leaves it as it was, and the rebuild reuses every page; a new commit or a shown
    # draft changes `policies` and makes everything anew.
    return _OUTPUTS.get_or_make(
        (policies, settings, site_url, tuple(sorted(publisher.items())), source_commit, source_date_epoch),
        lambda: site_output(policies, settings, site_url, publisher, source_commit, source_date_epoch),
    )


def site_output(
    policies: PolicySet,
    settings: SiteSettings,
    site_url: str,
    publisher: dict[str, str],
    source_commit: str | None,
    source_date_epoch: str | None,
) -> BuildOutput:
    """Every page and API file of one state of the policies (pure)."""
    with cycle_collection_paused():
        return _site_output(policies, settings, site_url, publisher, source_commit, source_date_epoch)


def _site_output(
    policies: PolicySet,
    settings: SiteSettings,
    site_url: str,
    publisher: dict[str, str],
    source_commit: str | None,
    source_date_epoch: str | None,
) -> BuildOutput:
    comparisons = Comparisons()
    links = bilingual_links(policies, settings)
    for key, by_revision in to_upcoming_links(policies.policies, settings).items():
        for revision_id, extra in by_revision.items():
            links.setdefault(key, {}).setdefault(revision_id, []).extend(extra)
    # The clause histories first: each 新旧対照表 row links its clause's (`RowHistory`).
    clause_pages: list[GeneratedPage] = []
    clause_links: dict[tuple[str, str], dict[str, str]] = {}
    lineages: dict[tuple[str, str], dict[tuple[str, str], str]] = {}
    followed: dict[tuple[str, str], Lineages] = {}
    for policy in policies.policies:
        histories = clause_histories(policy, settings, comparisons, settings.languages)
        if histories is not None:
            clause_pages.append(histories.page)
            clause_links[(policy.id, policy.lang)] = histories.in_force_lineages
            lineages[(policy.id, policy.lang)] = histories.lineage_of
            followed[(policy.id, policy.lang)] = lineages_by_revision(histories.lineage_of)
    pages = history_pages(policies, settings, comparisons, extra_links=links, lineages=followed)
    for policy in policies.policies:
        original = policies.get(policy.id, settings.default_language)
        pages += to_upcoming_pages(policy, settings, comparisons, original, followed.get((policy.id, policy.lang)))
    pages += clause_pages
    taken = {page.src_uri for page in pages}  # a history page always wins over a one-language notice
    pages += [page for page in bilingual_pages(policies, settings, comparisons) if page.src_uri not in taken]
    output = BuildOutput(settings, policies)
    output.clause_links = clause_links
    output.lineages = lineages
    output.pages = {page.src_uri: page.view for page in pages}
    # Drafts are never published in the API, so it is made from the published revisions only:
    # a save in the editor (a new draft) then reuses the API files of the rebuild before.
    published = tuple(replace(policy, draft=None) for policy in policies.policies)
    output.api = dict(
        _API_FILES.get_or_make(
            (published, settings, site_url, tuple(sorted(publisher.items()))),
            lambda: api_files(published, settings, comparisons, site_url, publisher),
        )
    )
    output.index = site_index(
        published, settings, source_commit=source_commit, site_url=site_url, source_date_epoch=source_date_epoch
    )
    return output


def error_output(config: MkDocsConfig, error: PolicyError) -> BuildOutput:
    """What `mkdocs serve` builds when the policy cannot be: every page says why (`build_error.html`)."""
    settings = SiteSettings(languages=(), default_language="", timezone="UTC", as_of=dt.date(1970, 1, 1))
    return BuildOutput(settings, PolicySet(()), error=str(error))


def generate_without_history(config: MkDocsConfig, settings: SiteSettings) -> BuildOutput:
    """POLICY_NO_HISTORY=1: the text in the files, under a notice; see `no_history`."""
    root = os.path.dirname(config.config_file_path) if config.config_file_path else config.docs_dir
    policies = no_history.current_policies(config.docs_dir, settings.languages, root, settings.timezone)
    # INFO, not WARNING: a warning would fail `--strict`, and this mode was asked for explicitly.
    log.info(
        "policy site: POLICY_NO_HISTORY=1: building without the revision history; the policy "
        "pages say so, and no history pages or API files are published."
    )
    pages = no_history.history_notice_pages(policies, settings)
    pages += [page for page in bilingual_pages(policies, settings, Comparisons()) if "/history/" not in page.src_uri]
    output = BuildOutput(settings, policies, no_history=True)
    output.pages = {page.src_uri: page.view for page in pages}
    return output


class PolicySitePlugin(BasePlugin[PolicySiteConfig]):
    """The `policy-history` MkDocs plugin (entry point in pyproject.toml): state across the events
    of one MkDocs process (one build, or many in `mkdocs serve`)."""

    def __init__(self) -> None:
        self.output: BuildOutput | None = None
        self._key: tuple[object, ...] | None = None
        self._writing = False
        self._site_dirs: set[str] = set()
        self._page_404: str | None = None
        self.previewing = False
        """`mkdocs serve`: drafts are shown, and a policy error becomes a page instead of a stop."""
        self._depth = 0  # i18n runs a whole nested build per further language inside on_post_build
        self._site_root: Path | None = None
        self._styles: dict[str, tuple[str, ...]] = {}  # src_uri -> styles taken from its content
        self._heads: dict[str, tuple[tuple[str, ...], str, str | None]] = {}  # src_uri -> the head's additions

    # -- events --------------------------------------------------------------------------------

    def on_startup(self, command: str, dirty: bool) -> None:
        self.previewing = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        try:
            check_settings(config)  # MkDocs has validated the options; the rest before anything is read
        except PolicyError as error:
            raise PluginError(f"policy history: {error}") from None
        if not any(isinstance(ext, ClauseAnchorExtension) for ext in config.markdown_extensions):
            config.markdown_extensions.append(ClauseAnchorExtension())  # type: ignore[arg-type]
        return config

    def on_pre_build(self, config: MkDocsConfig) -> None:
        """Read and check the whole history before MkDocs cleans site_dir.

        A policy fault therefore stops the build with site/ exactly as it was: nothing of a
        wrong history is written, and a previously built site is not half-replaced.
        """
        self._writing = False
        self._output(config)
        self._depth += 1
        if self._depth == 1:
            # The completion mark of the last build goes before anything is written: a build that
            # is interrupted from here on leaves a site that the ledger and deploy refuse.
            self._site_root = Path(config.site_dir)
            (self._site_root / INDEX_PATH).unlink(missing_ok=True)
        if self.output is not None and self.output.error is not None:
            _stop_counting_warnings()  # in each language's build (i18n nests one per language)

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        self._writing = True  # MkDocs has cleaned site_dir: from here on a failure leaves a partial site
        output = self._output(config)
        existing = {f.src_uri for f in files}
        for src_uri in output.pages:
            if src_uri in existing:
                raise PluginError(
                    f"docs/{src_uri} exists, but the build generates that page from the git history. "
                    "Remove the file; the page is made for you."
                )
            file = File.generated(config, src_uri, content="")  # the Markdown comes in on_pre_page
            file.abs_src_path = os.path.join(config.docs_dir, src_uri)
            files.append(file)
        self._drop_unused_theme_assets(files, config)
        return files

    def _drop_unused_theme_assets(self, files: Files, config: MkDocsConfig) -> None:
        """Material's source maps and the search word-splitters of unconfigured languages."""
        search = config.plugins.get("material/search") or config.plugins.get("search")
        languages = list(getattr(search, "config", {}).get("lang") or []) if search else []
        if not languages:
            return  # without a search configuration, keep the theme's files as they are
        docs_dir = os.path.abspath(config.docs_dir)
        theme_files = {
            f.src_uri: f
            for f in files
            if f.abs_src_path and not os.path.abspath(f.abs_src_path).startswith(docs_dir + os.sep)
        }
        for src_uri in unused_theme_assets(theme_files, languages):
            files.remove(theme_files[src_uri])

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        """The theme's frame of every page (header, navigation, search, footer: a tenth of a long
        history's site) without the indents of its templates, and its configuration
        JSON with Japanese as text, not `\\u` escapes. Set once per build, so no page costs more;
        a page's own content is a value the templates insert, never template text, so its
        whitespace (<pre>, <textarea>) is not touched."""
        # Not trim_blocks: the line break after a tag such as {% include "icon.svg" %} can be the
        # only space between what the tag writes and the next word ("icon Back to top").
        env.lstrip_blocks = True
        if env.loader is not None and not isinstance(env.loader, _Dedented):
            env.loader = _Dedented(env.loader)
        env.policies["json.dumps_kwargs"] = {**env.policies.get("json.dumps_kwargs", {}), "ensure_ascii": False}
        return env

    def on_pre_page(self, page: Page, config: MkDocsConfig, files: Files) -> Page:
        assert self.output is not None
        view = self.output.pages.get(page.file.src_uri)
        if view is not None:
            page.file.content_string = render(view)
        return page

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        assert self.output is not None
        if self.output.error is not None:
            page.meta = {"title": "Build error"}
            return render_page(
                "build_error_page.md", "サイトを生成できません / The site cannot be built", message=self.output.error
            )
        # Material puts front-matter values (`title` in the nav, <title> and header; `description`
        # in a <meta> attribute) into HTML unescaped: they are text, so they are escaped here,
        # once, for every page (policy files, generated pages and hand-written ones alike).
        page.meta = front_matter_as_html_text(page.meta)
        role = self.output.role(page.file.src_uri)
        if role.policy is not None:
            policy = role.policy
            # A search (同意, consent) shows the text in force first, before pages that mention it.
            page.meta["search"] = {**dict(page.meta.get("search") or {}), "boost": POLICY_SEARCH_BOOST}
            if self.output.no_history:
                return no_history.policy_page_markdown(policy)
            original = self.output.policies.get(policy.id, self.output.settings.default_language)
            return policy_page_markdown(policy, self.output.settings, original)
        if role.home is not None:
            # The home page says which revision is in force and announces any upcoming one.
            return home_markdown(markdown, list(role.home), self.output.settings)
        return markdown

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Each clause of a policy page links to its own history (a small link beside it), and each
        row of a 新旧対照表 page; a generated page's Markdown is not needed once converted (`_release`).
        The content's styles go to the head (`take_styles`, `on_page_context`)."""
        assert self.output is not None
        html, self._styles[page.file.src_uri] = take_styles(html)
        if page.file.src_uri in self.output.pages:
            # MkDocs converts every page before it writes any: the Markdown, made in on_pre_page,
            # is let go as soon as it is converted, so the pages are never all held as text.
            _keep_title(page)
            page.markdown = None
            page.file.content_string = ""
        role = self.output.role(page.file.src_uri)
        if role.clause_links is not None:
            return link_clauses_to_their_history(html, *role.clause_links)
        if role.row_links is not None:
            return link_rows_to_clause_history(html, *role.row_links)
        return html

    def on_post_page(self, html: str, page: Page, config: MkDocsConfig) -> str:
        """The page's styles and feed link in its head (see `on_page_context`), if the theme did
        not show them."""
        assert self.output is not None
        if page.file.src_uri in self.output.pages:
            _release(page)
        styles, feed, shown = self._heads.pop(page.file.src_uri, ((), "", ""))
        return with_head_additions(html, styles, feed, shown)

    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        """Each language searches its own index (see `split_search`): a page's search base is
        its language's folder. The head's additions: the page's styles and its feed link (the
        policy page and its history pages link their Atom feed)."""
        assert self.output is not None
        lang = str(config.theme.get("language") or "")
        if lang and lang != self.output.settings.default_language:
            context["policy_search_base"] = f"{context.get('base_url') or '.'}/{lang}/"  # type: ignore[typeddict-unknown-key]
        styles = self._styles.pop(page.file.src_uri, ())
        feed = ""
        if (policy := self.output.role(page.file.src_uri).feed) is not None:  # none is published without history
            policy_id, policy_lang = policy
            href = relative_url(page.url or "", api_path(policy_id, policy_lang, "revisions.atom"))
            feed = feed_link(href, labels(policy_lang)["feed"])
        shown = head_additions(styles, feed)
        # Shown by overrides/main.html's `extrahead` block: the theme writes it into the head, so
        # no page is searched and copied for it (`on_post_page` adds what it did not show).
        context["policy_head"] = Markup(shown or "")  # type: ignore[typeddict-unknown-key]  # noqa: S704 (escaped markup: a feed_link and the page's own styles)
        self._heads[page.file.src_uri] = (styles, feed, shown)
        return context

    def split_search(self, config: MkDocsConfig) -> None:
        """After mkdocs-static-i18n wrote its one search index for all languages (its on_post_build,
        priority -100, builds the other languages and merges the indexes): one index per language."""
        assert self.output is not None
        settings = self.output.settings
        site_dir = Path(config.site_dir)
        merged = site_dir / "search" / "search_index.json"
        i18n = config.plugins.get("i18n")
        if not merged.exists() or i18n is None or getattr(i18n, "building", False) or not settings.default_language:
            return  # only once, when i18n has built every language (the other builds run inside)
        index = json.loads(merged.read_text(encoding="utf-8"))
        for lang, part in split_search_index(index, settings.languages, settings.default_language).items():
            target = site_dir / language_prefix(lang, settings) / "search" / "search_index.json"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(part, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")

    def on_template_context(
        self, context: TemplateContext, /, *, template_name: str, config: MkDocsConfig
    ) -> TemplateContext:
        """The 404 page has no counterpart in the other language: its language menu leads home."""
        if template_name == "404.html":
            context["policy_language_homes"] = language_homes(config)  # type: ignore[typeddict-unknown-key]
        return context

    def on_post_template(self, output: str, template_name: str, config: MkDocsConfig) -> str:
        """Every language's build writes the one /404.html; the default language's (Japanese, with
        an English line) is the one kept, not whichever language was built last."""
        if template_name != "404.html":
            return output
        homes = language_homes(config)
        if not homes or config.theme.get("language") == homes[0]["lang"]:
            self._page_404 = output
        return self._page_404 if self._page_404 is not None else output

    @event_priority(-200)  # after i18n (-100), which builds the other languages in its on_post_build
    def on_post_build(self, config: MkDocsConfig) -> None:
        """Write the API files; when the outermost build is complete, `api/index.json` last, atomically.

        The index is the site's completion mark: the ledger and verify refuse a site without it,
        and `on_pre_build` removed the previous one, so an interrupted build is never accepted.
        """
        assert self.output is not None
        self._depth = max(self._depth - 1, 0)
        if self._depth:
            return  # each language's build writes into the one site_dir: the outermost writes once
        folders: set[str] = set()
        for path, text in sorted(self.output.api.items()):
            written = os.path.join(config.site_dir, path)
            folder = os.path.dirname(written)
            if folder not in folders:
                os.makedirs(folder, exist_ok=True)
                folders.add(folder)
            with open(written, "w", encoding="utf-8") as file:
                file.write(text)
        self.split_search(config)
        if self.output.index is None or self._site_root is None:
            return
        target = self._site_root / INDEX_PATH
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.partial")
        partial.write_text(self.output.index, encoding="utf-8")
        os.replace(partial, target)

    def on_build_error(self, error: Exception) -> None:
        """A build that fails after writing started (e.g. a strict-mode warning) leaves no site behind.

        A half-written site/ would look valid to whoever publishes it; an empty one cannot.
        """
        self._depth = 0
        if self._writing:
            for site_dir in _outermost(self._site_dirs):
                _empty_directory(site_dir)
                log.error("policy site: the build failed, so %s was emptied rather than left half-written.", site_dir)
        self._writing = False

    # -- state ---------------------------------------------------------------------------------

    def _output(self, config: MkDocsConfig) -> BuildOutput:
        """Generate once per repository state: i18n runs every event once per language."""
        self._site_dirs.add(os.path.abspath(config.site_dir))  # i18n builds each language into a sub-folder
        key: tuple[object, ...] | None = None
        try:
            settings = site_settings(config)
            key = (
                config.docs_dir,
                settings,
                config.site_url,
                os.environ.get("POLICY_NO_HISTORY"),
                _tree_signature(config.docs_dir),
                _git_state(config),
            )
            key += (self.previewing or drafts_requested(),)
            if self.output is None or key != self._key:
                self.output = generate(config, settings, drafts=self.previewing or drafts_requested())
                self._key = key
        except PolicyError as error:
            if self.previewing:
                # The editor's browser shows the error (and reloads when it is fixed); a published
                # build stops instead.
                if self.output is None or self.output.error is None or key != self._key:
                    print(f"policy history: {error}", file=sys.stderr)  # once per state, not per language
                self.output, self._key = error_output(config, error), key
                return self.output
            # One clean message (MkDocs prints a PluginError without a traceback), never a stack.
            raise PluginError(f"policy history: {error}") from None
        return self.output


def _release(page: Page) -> None:
    """Let go of a generated page's Markdown and HTML once MkDocs has rendered it (it writes the
    HTML it gets back from `on_post_page`; nothing reads them later). MkDocs keeps every page to
    the end of the build, and mkdocs-static-i18n builds the second language inside the first
    language's build: without this, a long history's pages were all held twice at the peak."""
    _keep_title(page)
    page.markdown = None
    page.content = None
    page.file.content_string = ""


def _keep_title(page: Page) -> None:
    """MkDocs derives a page's title from its Markdown and meta on each read (and gives None once
    the Markdown is gone): store it on the page first, for whatever shows it later (nav, links)."""
    if "title" not in vars(page):
        page.title = page.title


def _stop_counting_warnings() -> None:
    """`mkdocs serve` showing a policy error: the error page is this build's result, so the strict
    mode's count (of the nav entries the missing history pages leave dangling) must not abort it
    and leave the browser waiting. MkDocs counts with a `CountHandler` on its logger."""
    from mkdocs.utils import CountHandler

    logger = logging.getLogger("mkdocs")
    for handler in list(logger.handlers):
        if isinstance(handler, CountHandler):
            logger.removeHandler(handler)
            handler.counts.clear()


def front_matter_as_html_text(meta: Mapping[str, Any]) -> dict[str, Any]:
    """Every string in front matter HTML-escaped (recursively), other values as they are.

    >>> front_matter_as_html_text({"title": "<b>x</b>", "search": {"exclude": True}})
    {'title': '&lt;b&gt;x&lt;/b&gt;', 'search': {'exclude': True}}
    """

    def text(value: Any) -> Any:
        if isinstance(value, str):
            return html_escape(value)
        if isinstance(value, list):
            return [text(item) for item in value]
        if isinstance(value, dict):
            return {key: text(item) for key, item in value.items()}
        return value

    return {key: text(value) for key, value in meta.items()}


def _outermost(folders: set[str]) -> list[str]:
    """The folders not inside another one (site/ rather than site/ and site/en/)."""
    return sorted(f for f in folders if not any(o != f and Path(f).is_relative_to(o) for o in folders))


def _empty_directory(folder: str) -> None:
    """Remove what a build wrote; like mkdocs.utils.clean_directory, which i18n disables while it builds."""
    import shutil

    if not os.path.isdir(folder):
        return
    for entry in os.scandir(folder):
        if entry.name.startswith("."):
            continue  # e.g. a .git folder kept for deployment, as MkDocs keeps it
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path)
        else:
            os.unlink(entry.path)


def _git_state(config: MkDocsConfig) -> object:
    """HEAD's sha (and any cut of the history), so a new commit triggers a re-read even when no
    file in docs/ changed (committing what a draft showed, say)."""
    try:
        with GitReader(_repository_root(config)) as reader:
            return reader.state()
    except PolicyError:
        return None  # not a repository: `generate` reports it (or builds without history)


def _repository_root(config: MkDocsConfig) -> str:
    return (config.config_file_path and os.path.dirname(config.config_file_path)) or config.docs_dir


def _tree_signature(docs_dir: str) -> tuple[tuple[str, int, int], ...]:
    """Cheap state of docs/ (each file's modification time and size), so an edit triggers a re-read."""
    entries = []
    for root, _, names in os.walk(docs_dir):
        for name in names:
            # lstat: a link that leads nowhere is reported by `paths`, not a traceback here.
            stat = os.stat(os.path.join(root, name), follow_symlinks=False)
            entries.append((os.path.join(root, name), stat.st_mtime_ns, stat.st_size))
    return tuple(sorted(entries))


class _Dedented(BaseLoader):
    """The theme's templates without the indents of their lines: a line break still separates
    what it separated, so the page reads and lays out the same (the theme's templates hold no
    <pre> or <textarea>; what a page shows in them comes from its content, which is not template
    text). Read once per build, when a template is first compiled."""

    _INDENT = re.compile(r"^[ \t]+", re.MULTILINE)

    def __init__(self, theme: BaseLoader) -> None:
        self.theme = theme

    def get_source(self, environment: Environment, template: str) -> tuple[str, str | None, Callable[[], bool] | None]:
        source, filename, uptodate = self.theme.get_source(environment, template)
        return self._INDENT.sub("", source), filename, uptodate

    def list_templates(self) -> list[str]:
        return self.theme.list_templates()
