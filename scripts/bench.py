"""Benchmark: the policy plugin's cost at 10, 100 and 1,000 commits of history, the size of the
site it publishes, and the peak memory of a build at 3,000 commits.

Usage::

    make bench                      # or: .venv/bin/python scripts/bench.py
    .venv/bin/python scripts/bench.py --commits 10 100 --peak-commits 0   # a quicker run

For each history length it generates a synthetic repository in a temporary directory (a policy of
about 60 clauses in Japanese and English; one commit in ten a new revision, the rest corrections,
formatting-only commits and a few unrelated commits) and measures, in this one process:

1. extraction: the hook's history reading (`GitReader` + `load_policies`, cold caches) against
   `git log -p --first-parent` of the same two files, the cost of just reading the data;
2. hook share: the hook's own time (every event it handles, which includes extraction, parsing,
   aligning, diffing and generating pages and API files, plus the clause-anchor Markdown
   extension) as a share of the whole in-process `mkdocs build`;
3. warm rebuild: after one edit to a policy file, a rebuild as `mkdocs serve` does it (the same
   process, a fresh config): the hook's time against its cold time. A rebuild after a new commit
   (HEAD moved) is shown too;
4. site size: the bytes of every file of the cold build's site/ (MB = 1,000,000 bytes);
5. peak memory: `mkdocs build --strict` in a child process over a 3,000-commit history, its
   maximum resident set size as the kernel reports it (ru_maxrss, MiB).

Timings wrap the hook from outside (no timers in production code). They are CPU seconds of this
process and the git processes it waited for (getrusage), not wall time, so that other work on the
machine does not blur them; a cheap measurement is repeated and its best run kept. It prints a
table and ends with one line of key figures (README's Performance section has the latest):
`key: extract_vs_gitlog=<ratio> hook_share=<share> warm_vs_cold=<ratio> site_mb_1000=<MB> peak_mb_3000=<MiB>`.
Speed is never asserted in tests; this script is for people.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import gc
import itertools
import logging
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from policy_engine import cache, mkdocs_adapter
from policy_engine.anchors import ClauseAnchorProcessor
from policy_engine.history import GitReader, load_policies

PROJECT = Path(__file__).resolve().parents[1]

SITE_FILES = ("mkdocs.yml", "hooks", "overrides", "docs/assets")
POLICY_FILES = ("docs/ja/privacy.md", "docs/en/privacy.md")
GIT_ENV = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
START = dt.datetime(2010, 1, 4, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=9)))
PEAK_COMMITS = 3000


# --- Synthetic histories ------------------------------------------------------------------------

# Made-up wording, built from small word lists so every clause differs (no real policy text).
_EN_WORDS = (
    "the company may use user information to provide improve secure and support the service "
    "records requests accounts devices notices partners contracts consent purposes reasonable "
    "measures law applicable processing retention access correction deletion inquiry"
).split()
_JA_PHRASES = (
    "当社は",
    "利用者の",
    "情報を",
    "適切に",
    "管理し",
    "本サービスの",
    "提供のために",
    "利用します",
    "法令に基づき",
    "安全管理措置を",
    "講じます",
    "第三者に",
    "提供しません",
    "同意を得て",
    "開示し",
    "訂正し",
    "削除します",
    "必要な範囲で",
)


def _en_sentence(seed: int, length: int = 14) -> str:
    words = [_EN_WORDS[(seed * 7 + i * 13 + i * i) % len(_EN_WORDS)] for i in range(length)]
    return " ".join(words).capitalize() + "."


def _ja_sentence(seed: int, length: int = 9) -> str:
    return "".join(_JA_PHRASES[(seed * 5 + i * 11 + i * i) % len(_JA_PHRASES)] for i in range(length)) + "。"


@dataclass
class PolicyState:
    """The synthetic policy in both languages: 12 articles of ~4 clauses (about 60 numbered units)."""

    effective: dt.date
    revision: int = 0
    # (article, clause) -> seed of its text, the same numbering in both languages
    clauses: dict[tuple[int, int], int] | None = None
    reflow: int = 0
    corrections: dict[str, int] | None = None

    def __post_init__(self) -> None:
        self.clauses = {(a, c): a * 100 + c for a in range(1, 13) for c in range(1, 5)}
        self.corrections = {"ja": 0, "en": 0}

    def text(self, lang: str) -> str:
        assert self.clauses is not None and self.corrections is not None
        sentence = _ja_sentence if lang == "ja" else _en_sentence
        title = "プライバシーポリシー" if lang == "ja" else "Privacy Policy"
        summary = f"第{self.revision}版" if lang == "ja" else f"Revision {self.revision}"
        lines = ["---", f"title: {title}", f"effective: {self.effective.isoformat()}", f"summary: {summary}"]
        if self.corrections[lang]:
            lines.append(f"correction: typo {self.corrections[lang]}")
        lines += ["---", "", sentence(1) + " " + sentence(2), ""]
        for article in range(1, 13):
            heading = f"第{article}条の定め" if lang == "ja" else f"Provisions of article {article}"
            lines += [f"## {article}. {heading}", ""]
            for (a, c), seed in sorted(self.clauses.items()):
                if a != article:
                    continue
                first, second = sentence(seed), sentence(seed + 1)
                if self.corrections[lang] and (a, c) == (1 + self.corrections[lang] % 12, 1):
                    second = sentence(seed + 1000 + self.corrections[lang])
                # Formatting-only commits re-flow one paragraph: readers see no difference.
                joiner = "\n" if (self.reflow + a + c) % 7 == 0 else " "
                lines += [f"{a}.{c}. {first}{joiner}{second}", ""]
        return "\n".join(lines)

    def new_revision(self, effective: dt.date) -> None:
        assert self.clauses is not None and self.corrections is not None
        self.revision += 1
        self.effective = effective
        self.corrections = {"ja": 0, "en": 0}
        r = self.revision
        # amend two clauses, and every fifth revision add one at the end of an article
        for key in (((r % 12) + 1, 2), (((r * 5) % 12) + 1, 3)):
            self.clauses[key] = 10_000 + r * 10 + key[1]
        if r % 5 == 0:
            article = (r % 12) + 1
            last = max(c for a, c in self.clauses if a == article)
            self.clauses[(article, last + 1)] = 20_000 + r


def _blob(text: str | bytes) -> bytes:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return b"data %d\n" % len(data) + data + b"\n"


def _commit(
    stream: list[bytes], when: dt.datetime, message: str, files: Mapping[str, str | bytes], first: bool
) -> None:
    stamp = f"{int(when.timestamp())} +0900"
    stream.append(b"commit refs/heads/main\n")
    stream.append(f"author Legal Team <legal@example.com> {stamp}\n".encode())
    stream.append(f"committer Legal Team <legal@example.com> {stamp}\n".encode())
    stream.append(_blob(message))  # later commits on the branch follow the one before
    for path, content in files.items():
        stream.append(f"M 100644 inline {path}\n".encode())
        stream.append(_blob(content))
    stream.append(b"\n")


def site_skeleton() -> dict[str, str | bytes]:
    """The project's site files (mkdocs.yml, hooks, overrides, assets) and a home page per language."""
    files: dict[str, str | bytes] = {}
    for name in SITE_FILES:
        source = PROJECT / name
        paths = [source] if source.is_file() else sorted(p for p in source.rglob("*") if p.is_file())
        for path in paths:
            if "__pycache__" in path.parts:
                continue
            files[path.relative_to(PROJECT).as_posix()] = path.read_bytes()
    for lang, title in (("ja", "ホーム"), ("en", "Home")):
        files[f"docs/{lang}/index.md"] = f"---\ntitle: {title}\n---\n\n[policy](privacy.md)\n"
    return files


def make_history(root: Path, commits: int) -> tuple[int, dt.date]:
    """A repository at `root` with `commits` commits on main; returns (revisions, last commit day).

    Commit k (k >= 1) is a new revision when k % 10 == 0, an unrelated change (README) when
    k % 10 == 5, and otherwise alternately a correction of one language and a formatting-only
    re-flow. Commit 0 holds the site and the first revision.
    """
    root.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True, env={**os.environ, **GIT_ENV})
    policy = PolicyState(effective=START.date())
    stream: list[bytes] = []
    files = site_skeleton()
    files.update({path: policy.text(path.split("/")[1]) for path in POLICY_FILES})
    _commit(stream, START, "Site and policy", files, first=True)
    revisions, when = 1, START
    for k in range(1, commits):
        when = START + dt.timedelta(days=2 * k, minutes=k)
        if k % 10 == 0:
            policy.new_revision(when.date() + dt.timedelta(days=30))
            revisions += 1
            changed = {path: policy.text(path.split("/")[1]) for path in POLICY_FILES}
            _commit(stream, when, f"Revision {policy.revision}", changed, first=False)
        elif k % 10 == 5:
            _commit(stream, when, f"Unrelated change {k}", {"README.md": f"Build notes {k}\n"}, first=False)
        elif k % 2:
            lang = "ja" if k % 4 == 1 else "en"
            assert policy.corrections is not None
            policy.corrections[lang] += 1
            _commit(
                stream, when, f"Correct a typo ({lang})", {f"docs/{lang}/privacy.md": policy.text(lang)}, first=False
            )
        else:
            policy.reflow += 1
            lang = "en" if k % 4 == 0 else "ja"
            _commit(
                stream, when, f"Re-flow lines ({lang})", {f"docs/{lang}/privacy.md": policy.text(lang)}, first=False
            )
    env = {**os.environ, **GIT_ENV}
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=b"".join(stream), check=True, env=env)
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=root, check=True, env=env)
    return revisions, when.date()


# --- Instrumentation (from outside: production code has no timers) ----------------------------


def cpu_seconds() -> float:
    """CPU time of this process and of the children it has waited for (git log, cat-file)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


class HookClock:
    """Wall time spent inside the hook's event handlers and the clause-anchor extension."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self._depth = 0

    def wrap(self, owner: type, name: str, label: str) -> None:
        original = getattr(owner, name)

        @functools.wraps(original)
        def timed(*args: object, **kwargs: object) -> object:
            if self._depth:  # nested calls (generate inside on_files) count once, in the outer one
                return original(*args, **kwargs)
            self._depth += 1
            start = cpu_seconds()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds[label] += cpu_seconds() - start
                self._depth -= 1

        setattr(owner, name, timed)

    def total(self) -> float:
        return sum(self.seconds.values())

    def reset(self) -> None:
        self.seconds.clear()


CLOCK = HookClock()
for _event in [name for name in vars(mkdocs_adapter.PolicySitePlugin) if name.startswith("on_")]:
    CLOCK.wrap(mkdocs_adapter.PolicySitePlugin, _event, _event)  # every MkDocs event the hook handles
CLOCK.wrap(ClauseAnchorProcessor, "run", "anchors")


def forget_caches() -> None:
    """Drop every cache the engine keeps across builds in this process, for a cold measurement."""
    cache.clear_all()


# --- Measurements ------------------------------------------------------------------------------


def best_of(runs: int, action: Callable[[], None]) -> float:
    best = float("inf")
    for _ in range(runs):
        gc.collect()
        start = cpu_seconds()
        action()
        best = min(best, cpu_seconds() - start)
    return best


def time_extraction(root: Path, runs: int = 7) -> tuple[float, float]:
    """(best `git log -p` time, best cold extraction time), interleaved so both see the same load."""
    command = ["git", "log", "-p", "--first-parent", "--no-color", "HEAD", "--", *POLICY_FILES]
    env = {**os.environ, **GIT_ENV}

    def git_log() -> None:
        subprocess.run(command, cwd=root, env=env, check=True, stdout=subprocess.PIPE)

    def extract() -> None:
        forget_caches()
        with GitReader(root) as reader:
            load_policies(root / "docs", ("ja", "en"), reader)

    git_best = extract_best = float("inf")
    for _ in range(runs):
        git_best = min(git_best, best_of(1, git_log))
        extract_best = min(extract_best, best_of(1, extract))
    return git_best, extract_best


def mkdocs_build(root: Path, site: Path) -> float:
    """One in-process `mkdocs build --strict`, as `mkdocs serve` runs it on each change."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    gc.collect()
    start = cpu_seconds()
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return cpu_seconds() - start


@dataclass
class Row:
    commits: int
    revisions: int
    pages: int
    git_log: float
    extract: float
    build: float
    hook_cold: float
    hook_warm: float
    build_warm: float
    hook_commit: float
    site_bytes: int

    @property
    def extract_ratio(self) -> float:
        return self.extract / self.git_log

    @property
    def hook_share(self) -> float:
        return self.hook_cold / self.build

    @property
    def warm_ratio(self) -> float:
        return self.hook_warm / self.hook_cold

    @property
    def site_mb(self) -> float:
        return self.site_bytes / 1_000_000


def measure(commits: int, workdir: Path) -> Row:
    root = workdir / f"repo-{commits}"
    revisions, last_day = make_history(root, commits)
    os.environ["POLICY_AS_OF"] = last_day.isoformat()  # the newest revision is still upcoming
    git_log, extract = time_extraction(root)

    forget_caches()
    CLOCK.reset()
    build_cold = mkdocs_build(root, workdir / f"site-{commits}")
    hook_cold = CLOCK.total()
    pages = sum(1 for _ in (workdir / f"site-{commits}").rglob("index.html"))
    site_bytes = site_size(workdir / f"site-{commits}")

    # One save in the editor: a clause of the Japanese policy changes in the working tree.
    policy = root / POLICY_FILES[0]
    policy.write_text(policy.read_text(encoding="utf-8").replace("1.1. ", "1.1. 【編集中】", 1), encoding="utf-8")
    CLOCK.reset()
    build_warm = mkdocs_build(root, workdir / f"site-{commits}")
    hook_warm = CLOCK.total()

    # A new commit (HEAD moves): the cache must notice, and should reuse what it can.
    env = {
        **os.environ,
        **GIT_ENV,
        "GIT_AUTHOR_NAME": "Legal Team",
        "GIT_AUTHOR_EMAIL": "legal@example.com",
        "GIT_COMMITTER_NAME": "Legal Team",
        "GIT_COMMITTER_EMAIL": "legal@example.com",
    }
    subprocess.run(["git", "commit", "-q", "-am", "Correct clause 1.1"], cwd=root, check=True, env=env)
    CLOCK.reset()
    mkdocs_build(root, workdir / f"site-{commits}")
    hook_commit = CLOCK.total()
    return Row(
        commits,
        revisions,
        pages,
        git_log,
        extract,
        build_cold,
        hook_cold,
        hook_warm,
        build_warm,
        hook_commit,
        site_bytes,
    )


def site_size(site: Path) -> int:
    """Bytes of every file of a built site: what is uploaded to GitHub Pages."""
    return sum(path.stat().st_size for path in site.rglob("*") if path.is_file())


def peak_memory(commits: int, workdir: Path) -> tuple[int, float]:
    """(revisions, peak resident memory in MiB) of `mkdocs build --strict` in a child process over
    a history of `commits` commits: the whole build (MkDocs, Material, i18n and the plugin), as
    `make site` runs it, measured by the kernel (ru_maxrss) when the child ends."""
    root = workdir / f"repo-peak-{commits}"
    revisions, last_day = make_history(root, commits)
    env = {**os.environ, **GIT_ENV, "POLICY_AS_OF": last_day.isoformat()}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(workdir / "site-peak")]
    child = subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert child.stderr is not None
    errors = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"the {commits}-commit build failed:\n{errors.decode(errors='replace')}")
    shutil.rmtree(root, ignore_errors=True)
    return revisions, usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


def growth(rows: list[Row], value: Callable[[Row], float]) -> str:
    """How a cost grows per tenfold commits: ~10 is linear, below 10 sublinear."""
    steps = [value(b) / value(a) for a, b in itertools.pairwise(rows) if value(a) > 0]
    return " ".join(f"x{step:.1f}" for step in steps)


# --- Parsing stays linear on hostile text (issue 11) ---------------------------------------------

PARSING_SIZES = (8_192, 32_768, 131_072)
PARSING_KNOWN = (" #", "#", "{", "1.", "- ", "> ", "*a", "[", "`", "|", "1\\. ", "\n#", "\n-", "\n1.1. ", "あ、")


def parsing_units(count: int = 25) -> list[str]:
    """Short units of Markdown syntax to repeat into huge bodies: the known hostile ones, then
    ones hypothesis draws (derandomized, so every run measures the same units)."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    drawn: list[str] = []

    @settings(max_examples=count, derandomize=True, database=None)
    @given(st.text(alphabet=" #*_-+=>[](){}:|`\\.1\n\tあ", min_size=1, max_size=6))
    def draw(unit: str) -> None:
        if unit not in drawn and unit not in PARSING_KNOWN:
            drawn.append(unit)

    draw()
    return list(PARSING_KNOWN) + drawn


def parsing_sizes() -> int:
    """CPU time of clause parsing, the reader's text, anchors and inline diffs on bodies made of
    one unit repeated to 8, 32 and 128 KB. Linear work grows x4 per step; quadratic x16."""
    import markdown

    from policy_engine.anchors import ClauseAnchorExtension
    from policy_engine.clauses import parse_clauses, reader_text
    from policy_engine.compare import inline_segments
    from policy_engine.errors import PolicyError

    def parse(body: str) -> None:
        try:
            parse_clauses(body)
        except PolicyError:
            pass  # too deep or too many clauses: refused, which is an answer too

    def render(body: str) -> None:
        markdown.markdown(body, extensions=["toc", "tables", "fenced_code", "attr_list", ClauseAnchorExtension()])

    stages: dict[str, Callable[[str], object]] = {
        "clauses": parse,
        "reader text": reader_text,
        "anchors": render,
        "inline diff": lambda body: inline_segments(body, body[1:] + "x"),
    }
    worst: dict[str, tuple[float, str]] = {}
    print(f"{'unit':>10}  " + "  ".join(f"{name:>26}" for name in stages))
    for unit in parsing_units():
        cells = []
        for name, stage in stages.items():
            seconds = []
            for size in PARSING_SIZES:
                body = (unit * (size // len(unit) + 1))[:size]
                cache.clear_all()
                before = cpu_seconds()
                stage(body)
                seconds.append(cpu_seconds() - before)
            growth = seconds[-1] / max(seconds[-2], 1e-3)
            if growth > worst.get(name, (0.0, ""))[0]:
                worst[name] = (growth, unit)
            cells.append(f"{seconds[-1] * 1000:>9,.0f} ms @128KB x{growth:>5.1f}")
        print(f"{unit!r:>10}  " + "  ".join(f"{cell:>26}" for cell in cells))
    print()
    print("growth from 32 to 128 KB: about x4 is linear, x16 quadratic; worst per stage:")
    for name, (growth, unit) in worst.items():
        print(f"  {name:<12} x{growth:.1f} ({unit!r})")
    return 0


# --- Parsing stays linear: hostile text of growing size (outside clauses/anchors/compare) ---------

# Pieces a hostile or careless file is made of; hypothesis joins them into a unit, which is repeated
# to a small and a four times larger input. A linear parser takes about 4x as long on the larger
# one; a quadratic one about 16x. (clauses.py, anchors.py and compare.py are measured by their own
# section.)
_PIECES = (
    "1",
    "1.",
    ".",
    "．",
    " ",
    "\t",
    "\u3000",
    "\n",
    "\n\n",
    "。",
    "、",
    ":",
    "-",
    "---",
    "effective",
    "#",
    "*",
    "[",
    "](",
    "@",
    "<",
    ">",
    "&",
    "a",
    "ア",
    "{:",
    "}",
)
_KNOWN_HOSTILE = ("1.", "1.1", "。1.2. ", " #", "\n", "---\n", "effective \n", " \t")
"""Units that were super-linear somewhere once (`1.` made lint's run-in number search quadratic);
hypothesis tries them first, then searches."""
PARSING_SMALL = 32_000
"""Characters in the small input (the large one is four times as many)."""


def _parsing_cases() -> dict[str, object]:
    """Name -> function of one untrusted text, for every parser of untrusted text this section covers."""
    import dataclasses

    from policy_engine import document, lint, summary
    from policy_engine.model import Clause

    base = document.parse_policy_text("---\ntitle: T\neffective: 2020-01-01\n---\n\n1.1. x\n", path="bench.md")

    def run_in_numbers(text: str) -> object:
        policy_text = dataclasses.replace(base, body=text)
        clauses = [Clause("1.1", "1.1", "clause", "", text, 1)]
        return lint.check_run_in_numbers(policy_text, clauses, "bench.md")

    return {
        "front matter split (no closing ---)": lambda text: document.split_front_matter("---\n" + text),
        "is_policy (front matter scan)": lambda text: document.is_policy("---\n" + text + "\n---\n"),
        "decode (BOM, line endings, NUL)": lambda text: document.decode_policy_bytes(
            text.replace("\x00", "").encode("utf-8"), path="bench.md"
        ),
        "lint run-in clause numbers": run_in_numbers,
        "PR summary inert Markdown": summary.inert_markdown,
        "front matter as HTML text": lambda text: mkdocs_adapter.front_matter_as_html_text({"title": text}),
    }


def parsing_growth(examples: int = 25) -> list[tuple[str, float, str]]:
    """For each parser: the worst large/small time ratio over `examples` hypothesis-made units.

    Hypothesis searches the units (derandomized, so runs compare); each unit is timed at
    PARSING_SMALL and 4x that many characters (CPU time, best of three). Returns (case, worst
    ratio, the unit that gave it).
    """
    from hypothesis import HealthCheck, example, given, settings
    from hypothesis import strategies as st

    units = st.lists(st.sampled_from(_PIECES), min_size=1, max_size=6).map("".join)
    results = []
    for name, parse in _parsing_cases().items():
        worst: list[tuple[float, str]] = [(0.0, "")]

        def timed(text: str) -> float:
            times = []
            for _ in range(3):
                start = time.process_time()
                with contextlib.suppress(Exception):  # a refusal (PolicyError) costs time too: it counts
                    parse(text)  # type: ignore[operator]
                times.append(time.process_time() - start)
            return max(min(times), 1e-5)

        @settings(
            max_examples=examples,
            database=None,
            deadline=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        @given(units)
        def probe(unit: str) -> None:
            small = unit * (PARSING_SMALL // len(unit) + 1)
            ratio = timed(small * 4) / timed(small)
            if ratio > worst[0][0]:
                worst[0] = (ratio, unit)

        for known in _KNOWN_HOSTILE:
            probe = example(known)(probe)
        probe()
        results.append((name, worst[0][0], worst[0][1]))
    return results


def print_parsing_growth() -> None:
    print(
        f"parsing growth: time for {4 * PARSING_SMALL:,} characters / time for {PARSING_SMALL:,} "
        "(linear about 4, quadratic about 16), worst unit hypothesis found"
    )
    for name, ratio, unit in parsing_growth():
        print(f"  {name:<38} {ratio:5.1f}   unit {unit!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--commits", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument(
        "--peak-commits",
        type=int,
        default=PEAK_COMMITS,
        metavar="N",
        help="history length of the peak-memory build (0: skip it, the slowest part)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the generated repositories")
    parser.add_argument(
        "--parsing",
        action="store_true",
        help="only the parsing size cases: hostile bodies of 8, 32 and 128 KB through the clause "
        "stages, then every other parser of untrusted text on hypothesis-made units",
    )
    args = parser.parse_args(argv)
    if args.parsing:
        status = parsing_sizes()
        print()
        print_parsing_growth()
        return status

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(int(START.timestamp())))
    os.environ.update(GIT_ENV)
    workdir = Path(tempfile.mkdtemp(prefix="policy-bench-"))
    rows: list[Row] = []
    peak: tuple[int, float] | None = None
    try:
        for commits in args.commits:
            print(f"... {commits} commits", file=sys.stderr, flush=True)
            rows.append(measure(commits, workdir))
        if args.peak_commits:
            print(f"... peak memory of a build at {args.peak_commits} commits", file=sys.stderr, flush=True)
            peak = peak_memory(args.peak_commits, workdir)
    finally:
        if args.keep:
            print(f"repositories kept in {workdir}", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)

    def ms(seconds: float) -> str:
        return f"{seconds * 1000:,.0f}"

    header = (
        "commits",
        "revs",
        "pages",
        "git log ms",
        "extract ms",
        "ratio",
        "build ms",
        "hook ms",
        "share",
        "warm hook ms",
        "warm/cold",
        "warm build ms",
        "new-commit hook ms",
        "site MB",
    )
    table = [header] + [
        (
            str(r.commits),
            str(r.revisions),
            str(r.pages),
            ms(r.git_log),
            ms(r.extract),
            f"{r.extract_ratio:.2f}",
            ms(r.build),
            ms(r.hook_cold),
            f"{r.hook_share:.3f}",
            ms(r.hook_warm),
            f"{r.warm_ratio:.3f}",
            ms(r.build_warm),
            ms(r.hook_commit),
            f"{r.site_mb:.1f}",
        )
        for r in rows
    ]
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]
    for line in table:
        print("  ".join(cell.rjust(width) for cell, width in zip(line, widths, strict=True)))
    if len(rows) > 1:
        print()
        print(f"growth per step of commits ({' -> '.join(str(r.commits) for r in rows)}):")
        print(f"  git log -p      {growth(rows, lambda r: r.git_log)}")
        print(f"  extraction      {growth(rows, lambda r: r.extract)}")
        print(f"  whole build     {growth(rows, lambda r: r.build)}")
        print(f"  hook (cold)     {growth(rows, lambda r: r.hook_cold)}")
        print(f"  hook (warm)     {growth(rows, lambda r: r.hook_warm)}")
        print(f"  site size       {growth(rows, lambda r: r.site_mb)}")
    if peak is not None:
        print()
        print(
            f"peak memory of mkdocs build --strict at {args.peak_commits:,} commits ({peak[0]} revisions): "
            f"{peak[1]:,.0f} MiB"
        )
    print()
    print(
        "targets: at 1,000 commits extract_vs_gitlog <= 1.3, hook_share <= 0.08, warm_vs_cold <= 0.05, "
        "site_mb_1000 <= 50; peak_mb_3000 <= 1,000"
    )
    key = {row.commits: row for row in rows}.get(1000)
    if key is None or args.peak_commits != PEAK_COMMITS:
        print("(no key line: it needs the 1,000-commit history and the default peak-memory build)")
        return 0
    assert peak is not None
    print(
        f"key: extract_vs_gitlog={key.extract_ratio:.2f} hook_share={key.hook_share:.3f} "
        f"warm_vs_cold={key.warm_ratio:.3f} site_mb_1000={key.site_mb:.1f} peak_mb_3000={peak[1]:.0f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
