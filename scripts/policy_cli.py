"""What the command-line scripts share: the project root, the site's settings, error printing.

The scripts run from a checkout (`python scripts/lint.py`, or the `policy-lint` etc. commands
that `make` installs into .venv/ with the engine, see pyproject.toml) and read `mkdocs.yml` for
the languages, docs folder and time zone.
"""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from policy_engine.clock import as_of_date
from policy_engine.errors import PolicyError

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class SiteOptions:
    root: Path
    docs_dir: Path
    languages: tuple[str, ...]
    """The default (original) language first."""
    timezone: str


class _TolerantLoader(yaml.SafeLoader):
    """mkdocs.yml may hold `!ENV` or `!!python/name:` tags; the scripts need none of them."""


_TolerantLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def site_options(root: Path) -> SiteOptions:
    """Languages (default first), docs folder and time zone from `<root>/mkdocs.yml`."""
    config_file = root / "mkdocs.yml"
    config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader) if config_file.exists() else {}  # noqa: S506 (a SafeLoader)
    config = config or {}
    languages: list[str] = []
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and "i18n" in plugin:
            entries = (plugin["i18n"] or {}).get("languages") or []
            defaults = [e["locale"] for e in entries if e.get("default")]
            languages = defaults + [e["locale"] for e in entries if not e.get("default")]
    policy = ((config.get("extra") or {}).get("policy")) or {}
    return SiteOptions(
        root=root,
        docs_dir=root / str(config.get("docs_dir") or "docs"),
        languages=tuple(languages or ("ja", "en")),
        timezone=str(policy.get("timezone") or "Asia/Tokyo"),
    )


def today(timezone: str) -> dt.date:
    """The status date, as the site build computes it (POLICY_AS_OF or today in the time zone)."""
    return as_of_date(timezone)


def fail(error: PolicyError) -> int:
    """Print a policy problem the way the build does (no traceback) and return the exit status."""
    print(f"error: {error}", file=sys.stderr)
    return 2
