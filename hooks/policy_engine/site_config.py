"""The site's settings: one home, the plugin's options in mkdocs.yml, validated once.

```yaml
plugins:
  - i18n: ...              # the languages (the default one is the original)
  - policy-history:
      timezone: Asia/Tokyo       # effective dates are calendar days here
      revised_notice_days: 30    # how long the policy page says "revised on ..."
      publisher:                 # the Atom feeds' author, per language
        ja: IJGN株式会社
        en: IJGN Inc.
```

MkDocs validates these options when it loads mkdocs.yml (`PolicySiteConfig`): a misspelt or unknown
option, a time zone that does not exist, a number of days that is not a whole number, a publisher
that is not a name per language, each stops the build with a message naming mkdocs.yml and the
option (even without `--strict`). The scripts load the same file the same way
(`load_site_config`, through `mkdocs.config.load_config`), so they see exactly the values the build
uses: `site_settings` turns them into the engine's `SiteSettings`.
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from mkdocs.config.base import BaseConfigOption, Config, ConfigErrors, ConfigWarnings, ValidationError
from mkdocs.config.defaults import MkDocsConfig

from .clock import as_of_date
from .errors import PolicyError
from .render import SiteSettings

PLUGIN = "policy-history"
CONFIG_FILE = "mkdocs.yml"
FALLBACK_LANGUAGES = ("ja", "en")
"""The languages of a site without the i18n plugin (the first is the original)."""


def _said(option: str, value: object) -> str:
    """How a value was written in mkdocs.yml (`timezone: Mars`). MkDocs starts each message with
    "Config value 'plugins': Plugin 'policy-history' option '<option>':"; ours follow."""
    shown = value if isinstance(value, str) else repr(value)
    return f"`{option}: {shown}`"


class TimeZoneName(BaseConfigOption[str]):
    """An IANA time zone name (Asia/Tokyo): effective dates are calendar days there, from 00:00."""

    def __init__(self, default: str) -> None:
        super().__init__()
        self.default = default

    def run_validation(self, value: object, /) -> str:
        hint = "hint: write an IANA time zone name such as Asia/Tokyo or Europe/London."
        if not isinstance(value, str) or not value.strip():
            raise ValidationError(f"{CONFIG_FILE}: {_said('timezone', value)} is not a time zone name.\n{hint}")
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValidationError(
                f"{CONFIG_FILE}: the time zone `{value}` (`timezone:`) is not a known IANA time zone name.\n{hint}"
            ) from None
        return value


class WholeDays(BaseConfigOption[int]):
    """A number of days: a whole number, 0 or more."""

    def __init__(self, default: int, meaning: str) -> None:
        super().__init__()
        self.default = default
        self.meaning = meaning

    def run_validation(self, value: object, /) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValidationError(
                f"{CONFIG_FILE}: {_said(self._name, value)} is not a number of days: write a whole number, 0 or more.\n"
                f"hint: {self.meaning}"
            )
        return value


class NamePerLanguage(BaseConfigOption[dict[str, str]]):
    """A name per language (`ja: IJGN株式会社`, `en: IJGN Inc.`), or one name for every language."""

    def __init__(self) -> None:
        super().__init__()
        self.default = {}

    def run_validation(self, value: object, /) -> dict[str, str]:
        hint = "hint: write the name per language on its own line, e.g. `ja: IJGN株式会社` and `en: IJGN Inc.`."
        if isinstance(value, str) and value.strip():
            return {"*": value}
        if not isinstance(value, dict):  # {} is the default: no publisher named
            raise ValidationError(f"{CONFIG_FILE}: {_said(self._name, value)} is not a name per language.\n{hint}")
        for lang, name in value.items():
            if not isinstance(lang, str) or not isinstance(name, str) or not name.strip():
                raise ValidationError(
                    f"{CONFIG_FILE}: `{lang}: {name!r}` under `{self._name}:` is not a language code and a name.\n{hint}"
                )
        return dict(value)


class PolicySiteConfig(Config):
    """The `policy-history` plugin's options under `plugins:` in mkdocs.yml (the only place the
    engine's settings come from; the languages come from the i18n plugin)."""

    timezone = TimeZoneName(default="Asia/Tokyo")
    """Effective dates are calendar days in this time zone (a revision is in force from 00:00)."""
    revised_notice_days = WholeDays(
        default=30,
        meaning="how many days after a revision takes effect the policy page says it was revised, e.g. 30 (0: never).",
    )
    publisher = NamePerLanguage()
    """Who publishes the policy (the Atom feeds' author), per language; unset: the policy's title."""

    def validate(self) -> tuple[ConfigErrors, ConfigWarnings]:
        """MkDocs only warns about an unknown option (an error only under `--strict`); a misspelt
        setting would then silently fall back to its default, so here it is an error."""
        failed, warnings = super().validate()
        unknown = [key for key, _ in warnings if key not in self._schema_keys]
        settings = ", ".join(key for key, _ in self._schema)
        for key in unknown:
            failed.append(
                (
                    key,
                    ValidationError(
                        f"{CONFIG_FILE}: `{key}` is not a setting of `{PLUGIN}` (under `plugins:`).\n"
                        f"hint: check the spelling; its settings are {settings}."
                    ),
                )
            )
        return failed, [(key, warning) for key, warning in warnings if key not in unknown]


MOVED = {key: f"`{key}:` under `- {PLUGIN}:` in `plugins:`" for key, _ in PolicySiteConfig._schema}
MOVED["languages"] = MOVED["default_language"] = "the i18n plugin's `languages:` (the one marked `default: true`)"


def refuse_old_settings(config: MkDocsConfig) -> None:
    """`extra: policy:` was where the settings lived; nothing written there may be ignored silently."""
    old = config.extra.get("policy")
    if old is None:
        return
    keys = list(old) if isinstance(old, dict) else []
    moves = "; ".join(f"`{key}` → {MOVED.get(str(key), 'no such setting')}" for key in keys)
    raise PolicyError(
        "the policy history's settings are no longer read from `extra: policy:`" + (f" ({moves})." if moves else "."),
        path=CONFIG_FILE,
        hint=f"move them under `plugins:` → `- {PLUGIN}:` (e.g. `timezone: Asia/Tokyo`) and delete `policy:` "
        'from `extra:`; see README.md, "Configuration".',
    )


def plugin_config(config: MkDocsConfig) -> PolicySiteConfig:
    """The validated options of the `policy-history` plugin that `config` lists."""
    refuse_old_settings(config)
    for plugin in config.plugins.values():
        if isinstance(plugin.config, PolicySiteConfig):
            return plugin.config
    raise PolicyError(
        f"`{PLUGIN}` is not listed under `plugins:`.",
        path=CONFIG_FILE,
        hint=f"add `- {PLUGIN}` after `- i18n` under `plugins:`.",
    )


def site_languages(config: MkDocsConfig) -> tuple[tuple[str, ...], str]:
    """(the site's languages in the i18n plugin's order, the default one: the original)."""
    i18n = config.plugins.get("i18n")
    if i18n is None:
        return FALLBACK_LANGUAGES, FALLBACK_LANGUAGES[0]
    entries = i18n.config.languages
    languages = tuple(lang.locale for lang in entries)
    default = next((lang.locale for lang in entries if lang.default), languages[0])
    return languages, default


def site_settings(config: MkDocsConfig, *, as_of: dt.date | None = None) -> SiteSettings:
    """The engine's settings from the validated configuration; the status date is `as_of`, else
    POLICY_AS_OF or today in the site's time zone (`clock.as_of_date`)."""
    options = plugin_config(config)
    languages, default = site_languages(config)
    return SiteSettings(
        languages=languages,
        default_language=default,
        timezone=options.timezone,
        as_of=as_of if as_of is not None else as_of_date(options.timezone),
        revised_notice_days=options.revised_notice_days,
    )


def publishers(config: MkDocsConfig) -> dict[str, str]:
    """`publisher`: the company publishing the policy, by language (the feeds' author)."""
    named = plugin_config(config).publisher
    languages, _ = site_languages(config)
    if "*" in named:
        return dict.fromkeys(languages, named["*"])
    unknown = [lang for lang in named if lang not in languages]
    if unknown:
        raise PolicyError(
            f"`publisher` under `- {PLUGIN}:` names the language {', '.join(unknown)}, which the site does not have.",
            path=CONFIG_FILE,
            hint=f"name the publisher for the site's languages: {', '.join(languages)}.",
        )
    return dict(named)


def check_settings(config: MkDocsConfig) -> None:
    """What MkDocs' validation of the options cannot see, because it needs the rest of mkdocs.yml:
    the settings' old place (`extra: policy:`), a publisher's language. The build checks it in
    `on_config`, the scripts when they load the file: both refuse the same mistakes."""
    publishers(config)


def load_site_config(config_file: str | Path) -> MkDocsConfig:
    """mkdocs.yml loaded and validated as `mkdocs build` does (every plugin's options included),
    for the scripts; a configuration MkDocs refuses is a PolicyError with MkDocs' own words."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    path = Path(config_file)
    if not path.is_file():
        raise PolicyError(
            f"{path.name} not found in {path.parent}.",
            hint="run the command from the project's folder (the one with mkdocs.yml).",
        )
    with _mkdocs_messages() as messages:
        try:
            config = load_config(config_file=str(path))
        except MkDocsException as error:  # Abort (a SystemExit) after logging why, or a YAML error
            said = "\n".join(messages) or str(error)
            raise PolicyError(
                f"the site configuration is refused:\n{said}",
                path=path.name,
                hint=None if "hint:" in said else "fix it as said above (`mkdocs build` says the same).",
            ) from None
    for message in messages:  # warnings of a configuration without `strict: true`
        print(f"warning: {path.name}: {message}", file=sys.stderr)
    check_settings(config)
    return config


@contextmanager
def _mkdocs_messages() -> Iterator[list[str]]:
    """Collect what MkDocs logs while loading the configuration (its errors and, since mkdocs.yml
    says `strict: true`, its warnings), instead of letting it print them on its own."""
    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    logger = logging.getLogger("mkdocs")
    handler = Collect(logging.WARNING)
    logger.addHandler(handler)
    try:
        yield messages
    finally:
        logger.removeHandler(handler)
