"""What the command-line scripts share: the project root, the site's settings, error printing.

The scripts run from a checkout (`python scripts/lint.py`, or the `policy-lint` etc. commands
that `make` installs into .venv/ with the engine, see pyproject.toml) and load `mkdocs.yml` as the
build does (`policy_engine.site_config`) for the languages, docs folder and time zone.
"""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path

from policy_engine.clock import as_of_date
from policy_engine.errors import PolicyError
from policy_engine.site_config import load_site_config, site_settings

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class SiteOptions:
    root: Path
    docs_dir: Path
    languages: tuple[str, ...]
    """The default (original) language first."""
    timezone: str


def site_options(root: Path) -> SiteOptions:
    """Languages (default first), docs folder and time zone from `<root>/mkdocs.yml`, loaded and
    validated as `mkdocs build` loads it (`mkdocs.config.load_config`, then the plugin's options):
    the scripts see exactly the values the build uses, and refuse what the build refuses."""
    config = load_site_config(root / "mkdocs.yml")
    settings = site_settings(config, as_of=dt.date.min)  # the status date is asked for separately (`today`)
    others = tuple(lang for lang in settings.languages if lang != settings.default_language)
    return SiteOptions(
        root=root,
        docs_dir=Path(config.docs_dir),
        languages=(settings.default_language, *others),
        timezone=settings.timezone,
    )


def today(timezone: str) -> dt.date:
    """The status date, as the site build computes it (POLICY_AS_OF or today in the time zone)."""
    return as_of_date(timezone)


def fail(error: PolicyError) -> int:
    """Print a policy problem the way the build does (no traceback) and return the exit status."""
    print(f"error: {error}", file=sys.stderr)
    return 2


# --- `policy_cli.py in-force DATE`: which text applied on a day -------------------------------

USAGE = """Which revision of a policy was in force on a day, from this clone's git history.

    .venv/bin/python scripts/policy_cli.py in-force 2020-04-01 [--policy privacy] [--lang ja]

prints one line per language: `<lang> <revision id> <commit> <path> <sha256>`. Anyone can check
the text with `git show <commit>:<path> | sha256sum`. Exit 0: a revision was in force in every
language asked for; 1: none was yet (in at least one language: said on stderr); 2: an error.
"""


def _day(text: str) -> dt.date:
    import argparse

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date: write it as YYYY-MM-DD, e.g. 2020-04-01") from None


def in_force_lines(
    root: Path, day: dt.date, policy_id: str, langs: tuple[str, ...] | None
) -> tuple[list[str], list[str]]:
    """(lines for stdout, messages for stderr). Raises PolicyError for a history that cannot be read."""
    from policy_engine.history import GitReader, load_policies

    options = site_options(root)
    languages = langs or options.languages
    unknown = [lang for lang in languages if lang not in options.languages]
    if unknown:
        raise PolicyError(
            f"mkdocs.yml has no language {', '.join(unknown)}",
            hint=f"use one of: {', '.join(options.languages)}",
        )
    with GitReader(root) as reader:
        policies = load_policies(options.docs_dir, options.languages, reader, timezone=options.timezone)
    status_day = today(options.timezone)
    lines, messages = [], []
    if not any(p.id == policy_id for p in policies.policies):
        raise PolicyError(
            f"there is no policy {policy_id!r} in {options.docs_dir.relative_to(root)}/",
            hint=f"the policies are: {', '.join(policies.ids()) or 'none'}",
        )
    for lang in languages:
        policy = policies.get(policy_id, lang)
        revision = policy.in_force(day) if policy is not None else None
        if revision is None:
            first = policy.revisions[0].effective.isoformat() if policy is not None and policy.revisions else None
            messages.append(
                f"{lang}: no revision of {policy_id} was in force on {day.isoformat()}"
                + (f" (the first took effect on {first})" if first else "")
            )
            continue
        lines.append(f"{lang} {revision.id} {revision.commit} {revision.path} {revision.sha256}")
        if revision.effective > status_day:
            messages.append(
                f"{lang}: {day.isoformat()} is covered by the upcoming revision {revision.id}, "
                f"not yet in force on {status_day.isoformat()}"
            )
    return lines, messages


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(
        prog="policy_cli.py", description=USAGE, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    in_force = commands.add_parser("in-force", help="the revision in force on a day, per language")
    in_force.add_argument("date", type=_day, help="the day, YYYY-MM-DD (in the site's time zone)")
    in_force.add_argument("--policy", default="privacy", help="the policy id (its file name; default: privacy)")
    in_force.add_argument("--lang", action="append", help="a language (repeatable; default: every language)")
    in_force.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        lines, messages = in_force_lines(
            args.root.resolve(), args.date, args.policy, tuple(args.lang) if args.lang else None
        )
    except PolicyError as error:
        return fail(error)
    for line in lines:
        print(line)
    for message in messages:
        print(message, file=sys.stderr)
    missing = len(lines) < len(args.lang or site_options(args.root.resolve()).languages)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
