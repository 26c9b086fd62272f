#!/usr/bin/env python3
"""How the history engine fares on real policy histories that no one here wrote.

    python scripts/corpus_report.py [--corpus ../shared/corpus] [--keep DIR]

Each history in the corpus folder (NAME.jsonl.gz) is replayed by the corpus's own `replay.py`
into a throwaway git repository in this project's layout (a `-ja`/`-en` couple together, as
one bilingual repository), then read by the build's own code: `history.load_policies` (git
history -> revisions), `clauses.parse_clauses` and `compare.compare_clauses`, exactly as the
site's pages and JSON get them. For every history it prints:

- revisions published against the distinct `effective:` dates the file itself carried
  (`git log` of its path without following anything): equal when no revision is lost,
  merged, or inherited from another file;
- for every pair of consecutive revisions, the letters the engine marks as changed (inserted
  or deleted segments, added and removed clauses) against a plain diff of the same two files
  (English words and Japanese characters, Markdown syntax included), and their ratio.

The corpus's replay gives every commit its own subject as `summary:`, so a revision corrected
later has its summary replaced, which the build rightly refuses (a published summary is frozen).
Such a history is reported as refused, then replayed again with each revision's summary kept as
its first commit's subject (nothing else differs), so the rest of the engine is still measured.

Letters are letters and digits (`str.isalnum`): spaces, marks and Markdown syntax count in
neither. The last line is the key figure:

    key: pairs=N worst_ratio=X median_ratio=Y over_3x=K

A ratio above 1 means the engine marks more than a plain diff does: a reader would see
unchanged words marked. Below 1 it marks less, as it should when only syntax changed. When the
plain diff marks nothing, the ratio is the engine's count itself (0 when both are 0).
No corpus text is written anywhere but the throwaway repositories (a temporary folder).
"""

from __future__ import annotations

import argparse
import importlib.util
import itertools
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from diff_match_patch import diff_match_patch

from policy_engine.clauses import parse_clauses
from policy_engine.compare import compare_clauses
from policy_engine.errors import PolicyError
from policy_engine.history import GitReader, load_policies
from policy_engine.model import PolicySet, Revision

PROJECT = Path(__file__).resolve().parents[1]
_TOKEN = re.compile(r"[^\W_]+|\s+|.", re.DOTALL)
_CJK = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
_EFFECTIVE = re.compile(r"^effective:\s*(\S+)", re.MULTILINE)


def letters(text: str) -> int:
    return sum(1 for char in text if char.isalnum())


def plain_tokens(text: str) -> list[str]:
    """English words whole, Japanese (and every other) characters one by one."""
    tokens: list[str] = []
    for token in _TOKEN.findall(text):
        tokens.extend(token if _CJK.search(token) else [token])
    return tokens


def plain_changed_letters(old: str, new: str) -> int:
    """Letters a plain minimal diff marks (diff-match-patch over tokens, no clean-up)."""
    table: dict[str, str] = {}
    alphabet: list[str] = []

    def encode(tokens: list[str]) -> str:
        out = []
        for token in tokens:
            if token not in table:
                table[token] = chr(len(alphabet) + 1)
                alphabet.append(token)
            out.append(table[token])
        return "".join(out)

    a, b = encode(plain_tokens(old)), encode(plain_tokens(new))
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0
    return sum(
        letters("".join(alphabet[ord(c) - 1] for c in chars)) for op, chars in dmp.diff_main(a, b, False) if op != 0
    )


def engine_changed_letters(old: Revision, new: Revision) -> int:
    def clauses(revision: Revision):  # type: ignore[no-untyped-def]
        return parse_clauses(
            revision.text.body, path=revision.path, first_line=revision.text.body_line, commit=revision.commit
        )

    changes = compare_clauses(clauses(old), clauses(new))
    return sum(letters(segment.text) for change in changes for segment in change.segments if segment.op != "equal")


def replay(corpus: Path, names: list[str], root: Path) -> None:
    command = [sys.executable, str(corpus / "replay.py"), names[0], str(root)]
    if len(names) > 1:
        command += ["--pair", names[1]]
    subprocess.run(command, check=True, capture_output=True)


def replay_with_frozen_summaries(corpus: Path, names: list[str], root: Path) -> None:
    """`replay`, but each revision (language and effective date) keeps the summary of its first
    commit, as a legal team's corrections would: the corpus's `render` is wrapped, nothing else."""
    spec = importlib.util.spec_from_file_location("corpus_replay", corpus / "replay.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    namespace = vars(module)  # the corpus's script is untyped
    first_subject: dict[tuple[str, str], str] = {}
    render = namespace["render"]

    def frozen(record: dict[str, str], effective: str) -> str:
        subject = first_subject.setdefault((record["lang"], effective), record["subject"])
        return str(render({**record, "subject": subject}, effective))

    namespace["render"] = frozen
    namespace["replay"](names, str(root), "privacy")


def read_policies(root: Path) -> PolicySet:
    """The replayed repository's policies, read as the build reads them (PolicyError if refused)."""
    with GitReader(root) as reader:
        return load_policies(root / "docs", ("ja", "en"), reader)


def distinct_effective_dates(root: Path, path: str) -> int:
    """Distinct `effective:` values among the commits that changed exactly this path."""
    shas = subprocess.run(
        ["git", "-C", str(root), "log", "--first-parent", "--format=%H", "--", path],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    dates = set()
    for sha in shas:
        shown = subprocess.run(["git", "-C", str(root), "show", f"{sha}:{path}"], capture_output=True, text=True)
        if shown.returncode == 0:
            found = _EFFECTIVE.search(shown.stdout)
            if found:
                dates.add(found.group(1).strip("'\""))
    return len(dates)


def histories(corpus: Path) -> list[list[str]]:
    """Corpus names, a `-ja`/`-en` couple as one bilingual history (Japanese first)."""
    names = sorted(p.name.removesuffix(".jsonl.gz") for p in corpus.glob("*.jsonl.gz"))
    groups: list[list[str]] = []
    for name in names:
        if name.endswith("-en") and name.removesuffix("-en") + "-ja" in names:
            continue
        if name.endswith("-ja") and name.removesuffix("-ja") + "-en" in names:
            groups.append([name, name.removesuffix("-ja") + "-en"])
        else:
            groups.append([name])
    return groups


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=PROJECT.parent / "shared" / "corpus")
    parser.add_argument("--keep", type=Path, help="replay into this folder and keep the repositories")
    options = parser.parse_args()
    if not (options.corpus / "replay.py").exists():
        print(
            f"corpus_report: no corpus at {options.corpus} (it ships beside the project, not in it).", file=sys.stderr
        )
        return 2
    ratios: list[float] = []
    count_mismatches = 0
    with tempfile.TemporaryDirectory(prefix="corpus-report-") as temporary:
        base = options.keep or Path(temporary)
        for group in histories(options.corpus):
            root = base / "+".join(group)
            replay(options.corpus, group, root)
            try:
                policies = read_policies(root)
            except PolicyError as error:
                print(f"{' + '.join(group)}: the build refuses this history:\n{error}")
                root = base / ("+".join(group) + "+frozen-summaries")
                replay_with_frozen_summaries(options.corpus, group, root)
                try:
                    policies = read_policies(root)
                except PolicyError as again:
                    print(f"  and with each revision's first summary kept, it refuses it too:\n{again}")
                    count_mismatches += 1
                    continue
                print("  replayed again with each revision's first summary kept (the rest as it was):")
            for policy in policies.policies:
                path = f"docs/{policy.lang}/{policy.id}.md"
                dates = distinct_effective_dates(root, path)
                verdict = "ok" if dates == len(policy.revisions) else "MISMATCH"
                count_mismatches += verdict != "ok"
                print(
                    f"{' + '.join(group)} [{policy.lang}] {path}: revisions={len(policy.revisions)} "
                    f"distinct_effective={dates} {verdict}"
                )
                for old, new in itertools.pairwise(policy.revisions):
                    engine = engine_changed_letters(old, new)
                    plain = plain_changed_letters(old.text.body, new.text.body)
                    ratio = engine / plain if plain else float(engine)
                    ratios.append(ratio)
                    flag = "  OVER 3x" if ratio > 3 else ("  over 2x" if ratio > 2 else "")
                    print(
                        f"  {old.id} -> {new.id} ({new.commit[:7]}): engine={engine} plain={plain} "
                        f"ratio={ratio:.2f}{flag}"
                    )
    print(f"revision counts: {'all exact' if not count_mismatches else f'{count_mismatches} not exact'}")
    worst = max(ratios, default=0.0)
    median = statistics.median(ratios) if ratios else 0.0
    print(
        f"key: pairs={len(ratios)} worst_ratio={worst:.2f} median_ratio={median:.2f} "
        f"over_3x={sum(1 for r in ratios if r > 3)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
