"""Read every version of each policy file from git, and group versions into revisions.

`GitReader` is the only code in the project that touches git (through GitPython): one
`git log` per file, and all the blobs that log names through one `git cat-file --batch`
(every id written, every answer read, no round trip per blob). `revisions_from_versions`
is pure: versions in, revisions out.

The rules (the Article 7 change process):

- History is the first-parent history of HEAD that changed the file, following renames, so
  a pull request counts once, on the day it was merged. Renames are followed only within the
  file's language folder (`docs/ja/`): a file that git reports as a copy (status C), or as
  renamed from another language's folder, starts its history there. A Japanese file first
  committed as a copy of the English one must not inherit the English revisions.
- A revision is a distinct `effective` value. `posted` is the committer time of the first
  commit carrying it; its text is the newest commit carrying it that changed what readers see.
- A later commit that changes what readers see without a new `effective` is a correction of
  that revision. A commit that changes only source formatting is neither.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import posixpath
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .cache import Memo
from .document import is_policy, parse_policy_text, reader_fingerprint
from .errors import PolicyError
from .model import Correction, Policy, PolicySet, PolicyText, Revision
from .paths import check_policy_file, check_policy_id, check_published_tree

# Across rebuilds in one process (see cache.py): keyed by HEAD's sha, a blob's sha, or the bytes.
_VERSIONS: Memo[tuple[FileVersion, ...]] = Memo("git log per file at HEAD", maxsize=64)
_BLOBS: Memo[bytes] = Memo("blobs", maxsize=8_192)
_PARSES: Memo[tuple[PolicyText, str]] = Memo("parsed versions", maxsize=8_192)
_REVISIONS: Memo[tuple[Revision, ...]] = Memo("revisions", maxsize=64)


def _parsed(raw: bytes, *, path: str, commit: str | None) -> tuple[PolicyText, str]:
    """(text, reader fingerprint) of one version's bytes. `path`/`commit` only name a failure,
    which is never remembered, so the same bytes under another name are reported rightly."""

    def parse() -> tuple[PolicyText, str]:
        text = parse_policy_text(raw, path=path, commit=commit)
        return text, reader_fingerprint(text)

    return _PARSES.get_or_make(raw, parse)

FULL_HISTORY_HINT = (
    "the build needs the full git history. In GitHub Actions set `fetch-depth: 0` on "
    "actions/checkout; locally run `git fetch --unshallow`."
)


@dataclass(frozen=True)
class FileVersion:
    """The file as one first-parent commit left it (`raw` is None when the commit deleted it)."""

    commit: str
    posted: dt.datetime
    path: str
    raw: bytes | None
    subject: str
    status: str


class GitReader:
    """One open repository; call `close()` (or use `with`) to stop git's helper processes."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        import git  # imported here so that the pure modules never need GitPython

        try:
            self._repo = git.Repo(root, search_parent_directories=True)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError):
            raise PolicyError(
                f"{root} is not inside a git repository, so the revision history cannot be read.",
                hint="build from a git clone with its full history, or set POLICY_NO_HISTORY=1 "
                "to publish only the current text without a history (the site then says so).",
            ) from None
        self.root = Path(self._repo.working_tree_dir or root)
        # `git replace` refs and grafts are local edits of history: never let them change
        # what is published (every git process GitPython starts from here on inherits this).
        self._repo.git.update_environment(GIT_NO_REPLACE_OBJECTS="1")

    def __enter__(self) -> GitReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._repo.close()

    def head(self) -> str | None:
        """HEAD's commit sha, or None in a repository without commits."""
        from git.refs.symbolic import SymbolicReference

        try:  # from the ref files: `head.commit` would start a `git cat-file` just to check the type
            return SymbolicReference.dereference_recursive(self._repo, "HEAD")
        except ValueError:
            return None

    def head_time(self) -> int | None:
        """HEAD's committer time (seconds since the epoch), or None in a repository without commits."""
        try:
            return int(self._repo.head.commit.committed_date)
        except ValueError:
            return None

    def is_shallow(self) -> bool:
        """Whether the clone's history is cut: git records the cut in `<git dir>/shallow` (what
        `git rev-parse --is-shallow-repository` reads; read here without starting git)."""
        return self._history_cuts()[0] is not None

    def check_complete(self) -> None:
        """Refuse a shallow clone: it silently shortens every history and misdates revisions."""
        if self.is_shallow():
            shallow_file = Path(self._repo.git.rev_parse("--git-path", "shallow").strip())
            if not shallow_file.is_absolute():
                shallow_file = self.root / shallow_file
            cut = shallow_file.read_text().split() if shallow_file.exists() else []
            raise PolicyError(
                "this is a shallow git clone: the policy history is cut off"
                + (f" at commit {', '.join(sha[:7] for sha in cut)}" if cut else "")
                + ", so earlier revisions would be missing and dates would be wrong.",
                hint=FULL_HISTORY_HINT,
            )

    def repo_path(self, path: str | os.PathLike[str]) -> str:
        """The path as git names it (relative to the repository root, with `/`)."""
        return Path(os.path.abspath(path)).relative_to(self.root.resolve()).as_posix()

    def versions(self, path: str, folder: str | None = None) -> list[FileVersion]:
        """Every first-parent commit that changed `path` (following renames), oldest first.

        Renames are followed only from files under `folder` (the language folder, `docs/ja`;
        by default the folder `path` is in); a copy, or a rename from elsewhere, is where the
        history starts.

        Remembered for the process (each rebuild of `mkdocs serve`) under HEAD's sha: a commit
        sha names its whole history, so a new commit means a new key, never a stale answer.
        The shallow and graft files are part of the key because they can cut the same history.
        """
        state = self.state()
        if state[1] is None:
            return []
        scope = (folder if folder is not None else posixpath.dirname(path)).rstrip("/")
        return list(_VERSIONS.get_or_make((state, path, scope), lambda: tuple(self._read_versions(path, scope))))

    def state(self) -> tuple[str, str | None, tuple[bytes | None, ...]]:
        """What the committed history depends on: the repository, HEAD's sha and any cut of it.

        Cheap (a few small files, no git process): a build that sees the same state can reuse
        what it read from the history before.
        """
        return (str(self._repo.git_dir), self.head(), self._history_cuts())

    def _history_cuts(self) -> tuple[bytes | None, ...]:
        cuts: list[bytes | None] = []
        for name in ("shallow", os.path.join("info", "grafts")):
            try:
                cuts.append(Path(self._repo.common_dir, name).read_bytes())
            except OSError:
                cuts.append(None)
        return tuple(cuts)

    def _read_versions(self, path: str, folder: str) -> list[FileVersion]:
        log = self._repo.git.execute(
            [
                "git", "-c", "core.quotePath=false", "log", "--first-parent", "--follow",
                "-M", "--no-abbrev", "--raw", "--no-color", "--format=%x1e%H%x1f%cI%x1f%P%x1f%s",
                "HEAD", "--", path,
            ],
            strip_newline_in_stdout=False,
        )
        entries: list[tuple[str, dt.datetime, str, str, str, str]] = []
        started = False
        roots = set()  # commits without a parent, from %P (no git object read for it)
        for record in log.split("\x1e")[1:]:  # newest first
            header, _, raw_lines = record.partition("\n")
            sha, date, parents, subject = header.split("\x1f", 3)
            if not parents:
                roots.add(sha)
            for line in raw_lines.splitlines():
                if not line.startswith(":"):
                    continue
                meta, *paths = line.split("\t")
                fields = meta.split()
                blob, status = fields[3], fields[4][0]
                # `--follow` also follows copies and renames from anywhere; the file's own
                # history starts at a copy, or at a rename from outside its language folder.
                if status == "C" or (status == "R" and not _within(paths[0], folder)):
                    status, started = "A", True
                entries.append((sha, dt.datetime.fromisoformat(date), subject, paths[-1], blob, status))
                break
            if started:
                break
        entries.reverse()
        blobs = self._blobs([blob for *_, blob, status in entries if status != "D"])
        versions = []
        for sha, posted, subject, file_path, blob, status in entries:
            raw = None
            if status != "D":
                raw = blobs.get(blob)
                if raw is None:
                    raise PolicyError(
                        f"the file's content in this commit (blob {blob[:7]}) is missing from the repository.",
                        path=file_path,
                        commit=sha,
                        hint=FULL_HISTORY_HINT,
                    )
            versions.append(FileVersion(sha, posted, file_path, raw, subject, status))
        if versions and versions[0].status not in ("A", "C") and versions[0].commit not in roots:
            raise PolicyError(
                "the history of this file does not reach the commit that created it.",
                path=path,
                commit=versions[0].commit,
                hint=FULL_HISTORY_HINT,
            )
        return versions

    def _blobs(self, shas: Sequence[str]) -> dict[str, bytes]:
        """Blob sha -> bytes for each of `shas` that the repository has, remembered by sha.

        The ones not remembered yet are read by one `git cat-file --batch`: all the ids are
        written before any answer is read, so a long history costs one process, not a request
        and a reply per blob.
        """
        wanted = list(dict.fromkeys(shas))
        fetched = self._cat_file([sha for sha in wanted if sha not in _BLOBS])
        found = {}
        for sha in wanted:
            if sha in fetched or sha in _BLOBS:
                found[sha] = _BLOBS.get_or_make(sha, lambda: fetched[sha])
        return found

    def _cat_file(self, shas: Sequence[str]) -> dict[str, bytes]:
        """The blobs among `shas` (missing ones left out), read by one `git cat-file --batch`."""
        if not shas:
            return {}
        environment = {**os.environ, **self._repo.git.environment(), "GIT_DIR": self._repo.git_dir}
        # The answer (every version in full, megabytes) goes to a temporary file rather than a
        # pipe: git never waits for the reader, and it is read back in one piece.
        with tempfile.TemporaryFile() as out:
            subprocess.run(
                [self._repo.git.GIT_PYTHON_GIT_EXECUTABLE or "git", "cat-file", "--batch"],
                input="".join(f"{sha}\n" for sha in shas).encode("ascii"),
                stdout=out,
                stderr=subprocess.PIPE,
                env=environment,
                cwd=self.root,
                check=True,
            )
            out.seek(0)
            answer = out.read()
        # Each answer is `<sha> <type> <size>\n<bytes>\n`, or `<sha> missing\n`, in the order asked.
        blobs: dict[str, bytes] = {}
        position = 0
        for sha in shas:
            end = answer.index(b"\n", position)
            header = answer[position:end].split()
            position = end + 1
            if len(header) != 3:
                continue  # missing (or ambiguous): the caller names the commit that needs it
            size = int(header[2])
            if header[1] == b"blob":
                blobs[sha] = answer[position : position + size]
            position += size + 1
        return blobs

    def committed_bytes(self, path: str) -> bytes | None:
        """The file as HEAD has it, or None when HEAD does not have it."""
        try:
            raw: bytes = self._repo.head.commit.tree[path].data_stream.read()
        except (KeyError, ValueError):
            return None
        return raw

    def resolve(self, ref: str) -> str:
        """The commit sha a branch, tag or sha names; PolicyError saying how to fetch it otherwise."""
        try:
            return self._repo.commit(ref).hexsha
        except Exception:  # GitPython raises several types (BadName, ValueError, GitCommandError)
            raise PolicyError(
                f"`{ref}` does not name a commit in this repository, so there is nothing to compare with.",
                hint=f"fetch it first (e.g. `git fetch origin main`), or check the spelling of `{ref}`.",
            ) from None

    def bytes_at(self, ref: str, path: str) -> bytes | None:
        """The file as commit `ref` has it, or None when that commit does not have it."""
        try:
            raw: bytes = self._repo.commit(self.resolve(ref)).tree[path].data_stream.read()
        except KeyError:
            return None
        return raw

    def commits_in(self, ref: str) -> frozenset[str]:
        """Every commit reachable from `ref` (what a base branch has already published)."""
        sha = self.resolve(ref)
        return frozenset(self._repo.git.rev_list(sha).split())

    def files_at(self, ref: str, folder: str) -> list[str]:
        """Repository paths of the Markdown files under `folder` in commit `ref`, sorted."""
        from git.objects import Blob

        try:
            tree = self._repo.commit(self.resolve(ref)).tree[folder]
        except KeyError:
            return []
        paths = (str(item.path) for item in tree.traverse() if isinstance(item, Blob))
        return sorted(path for path in paths if path.endswith(".md"))


def _within(path: str, folder: str) -> bool:
    """Whether repository path `path` lies under `folder` (`""` is the repository root)."""
    return not folder or path.startswith(folder + "/")


@dataclass
class _Group:
    """A revision being collected from consecutive versions with one effective date."""

    first: FileVersion
    latest: FileVersion
    text: PolicyText
    corrections: list[Correction] = field(default_factory=list)


def revisions_from_versions(policy_id: str, lang: str, versions: Sequence[FileVersion]) -> tuple[Revision, ...]:
    """Group a file's versions (oldest first) into revisions, by the rules in the module docstring."""
    groups: list[_Group] = []
    previous_fingerprint: str | None = None
    deleted: FileVersion | None = None
    for version in versions:
        if version.raw is None:
            deleted = version
            continue
        if deleted is not None:
            raise PolicyError(
                f"the policy was deleted in commit {deleted.commit[:7]} and added back in this commit; "
                "its published history cannot be joined across the gap.",
                path=version.path,
                commit=version.commit,
                hint="restore the file in a commit that reverts the deletion (git revert), or publish it "
                "under a new file name.",
            )
        text, fingerprint = _parsed(version.raw, path=version.path, commit=version.commit)
        if groups and groups[-1].text.effective == text.effective:
            if fingerprint != previous_fingerprint:
                group = groups[-1]
                group.corrections.append(
                    Correction(version.commit, version.posted, version.subject, text.correction, text=text)
                )
                group.latest, group.text = version, text
        else:
            _check_order(groups, text, version)
            groups.append(_Group(version, version, text))
        previous_fingerprint = fingerprint
    return tuple(
        Revision(
            policy=policy_id,
            lang=lang,
            path=group.latest.path,
            effective=group.text.effective,
            posted=group.first.posted,
            posted_commit=group.first.commit,
            commit=group.latest.commit,
            sha256=hashlib.sha256(group.latest.raw or b"").hexdigest(),
            text=group.text,
            corrections=tuple(group.corrections),
            # What the revision itself changed is measured from its text as first posted.
            posted_text=_parsed(group.first.raw or b"", path=group.first.path, commit=group.first.commit)[0]
            if group.corrections else None,
        )
        for group in groups
    )


def _check_order(groups: Sequence[_Group], text: PolicyText, version: FileVersion) -> None:
    for group in groups:
        if group.text.effective == text.effective:
            raise PolicyError(
                f"effective date {text.effective} was already used by an earlier revision "
                f"(commit {group.first.commit[:7]}); a later revision came in between, so the "
                "order of the revisions is ambiguous.",
                path=version.path,
                commit=version.commit,
                hint="give this revision a new effective date later than every earlier one.",
            )
    if groups and text.effective < groups[-1].text.effective:
        raise PolicyError(
            f"effective date {text.effective} is earlier than the previous revision's "
            f"{groups[-1].text.effective} (commit {groups[-1].first.commit[:7]}); effective dates "
            "must not go backwards.",
            path=version.path,
            commit=version.commit,
            hint="use an effective date on or after the previous revision's.",
        )


def find_policy_files(
    docs_dir: Path, languages: Sequence[str], root: Path | None = None
) -> list[tuple[str, str, Path]]:
    """(policy id, language, file) for every page under docs/<lang>/ whose front matter has `effective:`.

    Refuses (PolicyError) a link under docs/ leading out of the repository `root` (default: the
    folder holding docs/), a policy file that is a link, and a policy id that is not a safe
    slug (see `paths`): they are checked before anything is read from git or published.
    """
    root = root if root is not None else docs_dir.parent
    check_published_tree(docs_dir, root)
    found = []
    for lang in languages:
        lang_dir = docs_dir / lang
        if not lang_dir.is_dir():
            continue
        for file in sorted(lang_dir.rglob("*.md")):
            raw = file.read_bytes()
            # Lenient here: a file that is not UTF-8 is reported by the history read, which
            # names the commit that broke it (or by the draft read, for uncommitted edits).
            text = raw.decode("utf-8", errors="replace")
            if is_policy(text):
                policy_id = file.relative_to(lang_dir).with_suffix("").as_posix()
                shown = f"{docs_dir.name}/{lang}/{file.relative_to(lang_dir).as_posix()}"
                check_policy_file(file, root)
                check_policy_id(policy_id, path=shown, languages=languages)
                found.append((policy_id, lang, file))
    return found


def load_policies(docs_dir: str | os.PathLike[str], languages: Sequence[str], reader: GitReader) -> PolicySet:
    """Every policy's revisions from git: the one entry point the site build calls."""
    reader.check_complete()
    policies = []
    for policy_id, lang, file in find_policy_files(Path(docs_dir), languages, reader.root):
        path = reader.repo_path(file)
        versions = reader.versions(path, reader.repo_path(Path(docs_dir) / lang))
        if not versions:
            raise PolicyError(
                "this policy has never been committed, so it has no published revision.",
                path=path,
                hint="commit the file (through a pull request) to publish it.",
            )
        if versions[-1].raw is None:
            continue
        revisions = _REVISIONS.get_or_make(
            (policy_id, lang, tuple(versions)), lambda: revisions_from_versions(policy_id, lang, versions)
        )
        # HEAD's copy of the file is the last first-parent version's: no later commit changed it.
        draft = draft_revision(policy_id, lang, path, file.read_bytes(), versions[-1].raw, versions[-1])
        policies.append(Policy(policy_id, lang, path, revisions, draft))
    return PolicySet(tuple(policies))


def draft_revision(
    policy_id: str, lang: str, path: str, working: bytes, committed: bytes | None, head: FileVersion
) -> Revision | None:
    """The uncommitted edits to a policy file as a draft revision, or None when there are none.

    Only a change a reader would see makes a draft (re-flowing lines does not). The draft is
    never published (no `posted`, kept out of revisions.json and the feeds); the site shows it
    at `<policy>/history/draft/` so an editor can preview a change before proposing it.
    """
    if committed is not None and working == committed:
        return None
    text = parse_policy_text(working, path=path)
    if committed is not None:
        before = parse_policy_text(committed, path=path, commit=head.commit)
        if reader_fingerprint(before) == reader_fingerprint(text):
            return None
    return Revision(
        policy=policy_id,
        lang=lang,
        path=path,
        effective=text.effective,
        posted=head.posted,  # not shown for a draft; a draft has not been posted
        commit="",
        sha256=hashlib.sha256(working).hexdigest(),
        text=text,
        draft=True,
    )
