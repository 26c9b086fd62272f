"""Read every version of each policy file from git, and group versions into revisions.

`GitReader` is the only code in the project that touches git (through GitPython): one
`git log` per file, then all the blobs those logs name through one `git cat-file --batch`
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
import functools
import hashlib
import os
import posixpath
import re
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from .cache import Memo
from .document import decode_policy_bytes, is_policy, parse_policy_text, reader_fingerprint
from .errors import PolicyError
from .model import Abandonment, Correction, Policy, PolicySet, PolicyText, Revision
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


_LogEntry = tuple[str, dt.datetime, str, str, str, str]
"""(commit, committer time, subject, path, blob, status) of one commit in a file's log."""

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
        self._logs: dict[object, tuple[list[_LogEntry], set[str]]] = {}
        self._read: dict[str, bytes] = {}  # the blobs this reader has read or found remembered

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
        scope = _scope(path, folder)
        return list(_VERSIONS.get_or_make((state, path, scope), lambda: tuple(self._read_versions(path, scope))))

    def read_ahead(self, files: Sequence[tuple[str, str | None]]) -> None:
        """Read the logs of `files` ((path, folder) as for `versions`) and then the blobs of all of
        them by one `git cat-file --batch`, rather than one per file."""
        state = self.state()
        if state[1] is None:
            return
        blobs = []
        for path, folder in files:
            if (state, path, _scope(path, folder)) not in _VERSIONS:
                entries, _ = self._log(path, _scope(path, folder))
                blobs += [blob for *_, blob, status in entries if status != "D"]
        self._blobs(blobs)

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

    def _log(self, path: str, folder: str) -> tuple[list[_LogEntry], set[str]]:
        """Each first-parent commit that changed `path` (see `versions`), oldest first, and the
        root commits among them. Remembered for this reader (`read_ahead` reads it first) under
        the history's state."""
        key = (self.state(), path, folder)
        if key not in self._logs:
            self._logs[key] = self._read_log(path, folder)
        return self._logs[key]

    def _read_log(self, path: str, folder: str) -> tuple[list[_LogEntry], set[str]]:
        log = self._repo.git.execute(
            [
                "git",
                "-c",
                "core.quotePath=false",
                "log",
                "--first-parent",
                "--follow",
                "-M",
                "--no-abbrev",
                "--raw",
                "--no-color",
                "--format=%x1e%H%x1f%cI%x1f%P%x1f%s",
                "HEAD",
                "--",
                path,
            ],
            strip_newline_in_stdout=False,
        )
        entries: list[_LogEntry] = []
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
        return entries, roots

    def _read_versions(self, path: str, folder: str) -> list[FileVersion]:
        entries, roots = self._log(path, folder)
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

    def last_policy_commit(self, path: str) -> str | None:
        """The newest first-parent commit that added or removed an `effective:` line in `path`
        (so the file was a policy then), or None. Remembered under HEAD's sha like `versions`."""
        return self.last_policy_commits([path])[path]

    def last_policy_commits(self, paths: Sequence[str]) -> dict[str, str | None]:
        """`last_policy_commit` of each of `paths`; those not remembered are read by one `git log`."""
        state = self.state()
        if state[1] is None:
            return dict.fromkeys(paths)
        found: dict[str, tuple[FileVersion, ...]] = {}
        for path in paths:
            if (state, "effective-lines", path) in _VERSIONS:
                found[path] = _VERSIONS.get_or_make((state, "effective-lines", path), tuple)
        unknown = [path for path in dict.fromkeys(paths) if path not in found]
        if unknown:
            # Each file's own diff is searched (`--name-only` lists the files whose lines matched);
            # `--no-renames` keeps a rename between two of the files from pairing them, as the
            # log of one file never does.
            out = self._repo.git.execute(
                [
                    *("git", "-c", "core.quotePath=false", "log", "--first-parent", "--no-renames", "-z"),
                    *("--name-only", "--format=%x1e%H", "-G", r"^effective[[:space:]]*:", "HEAD", "--", *unknown),
                ]
            )
            newest: dict[str, str] = {}
            for record in out.split("\x1e")[1:]:  # newest first
                sha, _, names = record.partition("\x00")
                for name in names.removeprefix("\n").split("\x00"):
                    newest.setdefault(name, sha)
            for path in unknown:
                commit = (FileVersion(newest[path], dt.datetime.min, path, None, "", ""),) if path in newest else ()
                found[path] = _VERSIONS.get_or_make((state, "effective-lines", path), functools.partial(tuple, commit))
        return {path: found[path][0].commit if found[path] else None for path in paths}

    def _blobs(self, shas: Sequence[str]) -> dict[str, bytes]:
        """Blob sha -> bytes for each of `shas` that the repository has, remembered by sha.

        The ones not remembered yet are read by one `git cat-file --batch`: all the ids are
        written before any answer is read, so a long history costs one process, not a request
        and a reply per blob.
        """
        wanted = list(dict.fromkeys(shas))
        found = {sha: self._read[sha] for sha in wanted if sha in self._read}  # by `read_ahead`
        fetched = self._cat_file([sha for sha in wanted if sha not in found and sha not in _BLOBS])
        for sha in wanted:
            if sha not in found and (sha in fetched or sha in _BLOBS):
                found[sha] = _BLOBS.get_or_make(sha, lambda: fetched[sha])
        self._read.update(found)
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

    def uncommitted(self, folder: str) -> list[str]:
        """Repository paths under `folder` whose working-tree file differs from HEAD (or is new)."""
        out = self._repo.git.execute(
            ["git", "-c", "core.quotePath=false", "status", "--porcelain", "--untracked-files=all", "--", folder]
        )
        return sorted(line[3:].split(" -> ")[-1] for line in out.splitlines() if len(line) > 3)

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


def _scope(path: str, folder: str | None) -> str:
    """The folder renames of `path` are followed within (see `GitReader.versions`)."""
    return (folder if folder is not None else posixpath.dirname(path)).rstrip("/")


def _within(path: str, folder: str) -> bool:
    """Whether repository path `path` lies under `folder` (`""` is the repository root)."""
    return not folder or path.startswith(folder + "/")


@dataclass
class _Group:
    """A revision being collected from the versions that carry its effective date."""

    first: FileVersion
    latest: FileVersion
    text: PolicyText
    corrections: list[Correction] = field(default_factory=list)
    posted: dt.datetime | None = None
    """When it was posted: `first.posted`, or the declared `posted:` of a legacy revision."""
    posted_source: str = "git"
    posted_time_known: bool = True
    abandoned: Abandonment | None = None

    @property
    def when(self) -> dt.datetime:
        return self.posted or self.first.posted


MAKE_A_NEW_REVISION = (
    "a published revision is never changed: to change what it says, make a new revision (a later "
    '`effective:` date and a new `summary:`). See "Published revisions are frozen" in CONTRIBUTING.md.'
)


def revisions_from_versions(
    policy_id: str,
    lang: str,
    versions: Sequence[FileVersion],
    *,
    timezone: str = "Asia/Tokyo",
    published: frozenset[str] | None = None,
) -> tuple[Revision, ...]:
    """Group a file's versions (oldest first) into revisions, by the rules in the module docstring.

    `timezone` is the site's: it decides on which calendar day a commit was made (whether an
    announced revision was still upcoming when it was postponed or withdrawn) and which moment
    a declared `posted:` date stands for.

    `published`: None for the site build (every commit of main's history is published). The
    linter passes the base branch's commits for a pull request: a revision first committed on
    the branch is not published yet, so its fields may still change within the branch (the
    merge commit is what main's first-parent history will carry).
    """
    zone = ZoneInfo(timezone)
    groups: list[_Group] = []
    current: _Group | None = None  # the revision the file carries now (not always the newest)
    previous_fingerprint: str | None = None
    previous_text: PolicyText | None = None
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
        day = version.posted.astimezone(zone).date()
        if current is not None and current.text.effective == text.effective:
            frozen = published is None or current.first.commit in published
            _check_correction(groups, current, text, version, fingerprint != previous_fingerprint, zone, frozen)
        elif (
            current is not None
            and text.withdrawn
            and text.withdrawn != (previous_text.withdrawn if previous_text else "")
            and text.effective < current.text.effective
        ):
            current = _withdraw(groups, text, fingerprint, version, day)
        elif (
            current is not None
            and text.postponed
            and text.postponed != current.text.postponed
            and text.effective != current.text.effective
        ):
            _postpone(current, text, version, day)
            groups.append(_new_group(groups, text, version, zone))
            current = groups[-1]
        else:
            if (
                current is not None
                and text.postponed
                and text.postponed == current.text.postponed
                and current.text.effective > day
            ):
                raise PolicyError(
                    f"the announced revision effective {current.text.effective} has not taken effect, and this "
                    f"version gives a new date, {text.effective}, with the same `postponed: {text.postponed}` as "
                    "before, so it is unclear whether the announcement is postponed again or a second revision "
                    "is announced after it.",
                    path=version.path,
                    line=_line(version, "postponed"),
                    commit=version.commit,
                    hint="to postpone it again write the new reason in `postponed:`; to announce another "
                    "revision after it, remove the `postponed:` line.",
                )
            _check_order(groups, text, version)
            groups.append(_new_group(groups, text, version, zone))
            current = groups[-1]
        previous_fingerprint, previous_text = fingerprint, text
    return tuple(
        Revision(
            policy=policy_id,
            lang=lang,
            path=group.latest.path,
            effective=group.text.effective,
            posted=group.when,
            posted_commit=group.first.commit,
            commit=group.latest.commit,
            sha256=hashlib.sha256(group.latest.raw or b"").hexdigest(),
            text=group.text,
            corrections=tuple(group.corrections),
            posted_source="declared" if group.posted_source == "declared" else "git",
            posted_time_known=group.posted_time_known,
            abandoned=group.abandoned,
            # What the revision itself changed is measured from its text as first posted.
            posted_text=_parsed(group.first.raw or b"", path=group.first.path, commit=group.first.commit)[0]
            if group.corrections
            else None,
        )
        for group in groups
    )


def _declared_moment(posted: dt.date | dt.datetime, zone: ZoneInfo) -> tuple[dt.datetime, bool]:
    """(the moment a declared `posted:` stands for, whether it gave a time of day)."""
    if isinstance(posted, dt.datetime):
        return posted, True
    return dt.datetime.combine(posted, dt.time(0), tzinfo=zone), False


def _line(version: FileVersion, key: str) -> int | None:
    """The line of `key:` in this version's front matter (for the message), None when absent."""
    text = decode_policy_bytes(version.raw or b"", path=version.path, commit=version.commit)
    match = re.search(rf"^{re.escape(key)}[ \t]*:", text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else None


def _announced(groups: Sequence[_Group]) -> list[_Group]:
    return [g for g in groups if g.abandoned is None]


def _new_group(groups: Sequence[_Group], text: PolicyText, version: FileVersion, zone: ZoneInfo) -> _Group:
    """A new revision starting at `version`, with its posting time checked."""
    group = _Group(version, version, text)
    if text.posted is not None:
        if groups and groups[-1].text.posted == text.posted:
            raise PolicyError(
                f"`posted: {text.posted}` is the declared posting of the revision before (effective "
                f"{groups[-1].text.effective}), copied into this new revision.",
                path=version.path,
                line=_line(version, "posted"),
                commit=version.commit,
                hint="remove the `posted:` line (a revision posted through this repository is dated by its "
                "commit), or, for an imported revision, write the day it was first published.",
            )
        _check_declared_posting(groups, group, text, version, zone)
    previous = groups[-1] if groups else None
    if previous is not None and group.when < previous.when:
        raise PolicyError(
            f"this revision was posted on {group.when.isoformat()} ({'as declared' if group.posted else 'commit date'}), "
            f"before the revision it follows (effective {previous.text.effective}, posted "
            f"{previous.when.isoformat()}, commit {previous.first.commit[:7]}); posting times never go backwards "
            "along main, or the history and the feed would list it as posted earlier than it was.",
            path=version.path,
            line=_line(version, "posted") if group.posted else None,
            commit=version.commit,
            hint="commit it again with the correct date (check the computer's clock, or `GIT_COMMITTER_DATE`); "
            "a rebased or cherry-picked commit keeps its old date unless it is committed again.",
        )
    return group


def _check_declared_posting(
    groups: Sequence[_Group], group: _Group, text: PolicyText, version: FileVersion, zone: ZoneInfo
) -> None:
    """A declared `posted:` is for a legacy revision only: every revision before it declares one
    too (none was posted through git), and it is earlier than the revision's first commit."""
    assert text.posted is not None
    line = _line(version, "posted")
    moment, time_known = _declared_moment(text.posted, zone)
    git_posted = [g for g in groups if g.posted_source == "git"]
    if git_posted:
        raise PolicyError(
            f"`posted: {text.posted}` declares when a revision published before this repository existed was "
            f"posted, but an earlier revision (effective {git_posted[0].text.effective}, commit "
            f"{git_posted[0].first.commit[:7]}) was posted through git, so this one was too.",
            path=version.path,
            line=line,
            commit=version.commit,
            hint="remove the `posted:` line: a revision posted through this repository is dated by its commit. "
            "Earlier versions are imported oldest first, each with its `posted:` (see CONTRIBUTING.md).",
        )
    if moment >= group.first.posted:
        raise PolicyError(
            f"`posted: {text.posted}` is not earlier than the commit that first carried this revision "
            f"({group.first.commit[:7]}, {group.first.posted.isoformat()}); a declared posting is only for "
            "revisions published before they were committed here.",
            path=version.path,
            line=line,
            commit=version.commit,
            hint="remove the `posted:` line (the commit date is the posting date), or correct it to the day the "
            "company's records show the revision was first published.",
        )
    group.posted, group.posted_source, group.posted_time_known = moment, "declared", time_known


def _check_correction(
    groups: Sequence[_Group],
    group: _Group,
    text: PolicyText,
    version: FileVersion,
    reader_changed: bool,
    zone: ZoneInfo,
    frozen: bool = True,
) -> None:
    """A later version with the same effective date: a correction, formatting, or a refused change
    to a field that says what the published revision is (`frozen`: it is published)."""
    before = group.text
    new_reason = bool(text.correction) and text.correction != before.correction
    if not frozen:
        # Not published yet (a pull request's own revision): it may still be reshaped.
        if before.posted != text.posted:
            group.posted, group.posted_source, group.posted_time_known = None, "git", True
            if text.posted is not None:
                _check_declared_posting(groups[: groups.index(group)], group, text, version, zone)
        if reader_changed or (before.posted, before.backdated) != (text.posted, text.backdated):
            group.corrections.append(
                Correction(version.commit, version.posted, version.subject, text.correction, text=text)
            )
            group.latest, group.text = version, text
        return
    for name, old, new in (
        # `true`/`false` or the list of provisions (`[3.2.4, 4.4]`): compared as written, whatever its type.
        ("consent_required", _consent_value(before), _consent_value(text)),
        ("backdated", before.backdated, text.backdated),
    ):
        if old != new:
            raise PolicyError(
                f"`{name}:` of the revision effective {before.effective} changed from "
                f"{_shown(old)} to {_shown(new)} (published in commit {group.first.commit[:7]}); "
                "a published revision's fields never change, not even by a correction.",
                path=version.path,
                line=_line(version, name),
                commit=version.commit,
                hint=f"restore `{name}: {_shown(old)}`; " + MAKE_A_NEW_REVISION,
            )
    replaced = []
    for name in ("title", "summary"):
        old, new = getattr(before, name), getattr(text, name)
        if old == new:
            continue
        if name not in text.corrects or not new_reason:
            raise PolicyError(
                f"`{name}:` of the revision effective {before.effective} changed from “{old}” to “{new}” "
                f"without a correction that says so; a published {name} is not replaced silently.",
                path=version.path,
                line=_line(version, name),
                commit=version.commit,
                hint=f"if the {name} was simply wrong, add `corrects: [{name}]` and a new `correction: <why>` "
                f"(the history then lists the correction and keeps the old {name}); otherwise restore it. "
                + MAKE_A_NEW_REVISION,
            )
        replaced.append((name, old))
    declared = False
    if before.posted != text.posted:
        if before.posted is not None:
            raise PolicyError(
                f"`posted:` of the revision effective {before.effective} changed from {_shown(before.posted)} to "
                f"{_shown(text.posted)}; a declared posting is added once and never changed or removed.",
                path=version.path,
                line=_line(version, "posted"),
                commit=version.commit,
                hint=f"restore `posted: {before.posted}`.",
            )
        if not new_reason:
            raise PolicyError(
                f"this commit adds `posted: {text.posted}` to the published revision effective {before.effective} "
                "without a `correction:` saying why.",
                path=version.path,
                line=_line(version, "posted"),
                commit=version.commit,
                hint="add `correction: <why>` (e.g. `correction: 2017年の掲載日を記録により追加`) in the same commit.",
            )
        earlier = list(groups[: groups.index(group)])
        _check_declared_posting(earlier, group, text, version, zone)
        previous = earlier[-1] if earlier else None
        if previous is not None and group.when < previous.when:
            raise PolicyError(
                f"`posted: {text.posted}` is before the posting of the revision before it "
                f"(effective {previous.text.effective}, posted {previous.when.isoformat()}).",
                path=version.path,
                line=_line(version, "posted"),
                commit=version.commit,
                hint="check the date against the company's records: revisions were posted in order.",
            )
        declared = True
    if reader_changed or declared or replaced:
        group.corrections.append(
            Correction(
                version.commit, version.posted, version.subject, text.correction, tuple(replaced), declared, text=text
            )
        )
        group.latest, group.text = version, text


def _consent_value(text: PolicyText) -> object:
    return list(text.consent_clauses) if text.consent_clauses else text.consent_required


def _shown(value: object) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(map(str, value)) + "]"
    if value is None or value == "":
        return "(none)"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _postpone(group: _Group, text: PolicyText, version: FileVersion, day: dt.date) -> None:
    """The announced revision `group` is moved to `text.effective` by `version` (`postponed: <reason>`)."""
    line = _line(version, "effective")
    if group.text.effective <= day:
        raise PolicyError(
            f"`postponed:` moves the revision effective {group.text.effective} to {text.effective}, but that revision "
            f"was already in force on {day}, the day of this commit; only an announced revision that has not yet "
            "taken effect can be postponed.",
            path=version.path,
            line=line,
            commit=version.commit,
            hint="remove the `postponed:` line and publish the change as a new revision with its own effective date.",
        )
    if text.effective < group.text.effective:
        raise PolicyError(
            f"`postponed:` moves the revision effective {group.text.effective} to an earlier day, {text.effective}; "
            "a postponement moves an announced date later.",
            path=version.path,
            line=line,
            commit=version.commit,
            hint="to bring a revision forward, withdraw the announcement (restore the text in force and add "
            "`withdrawn: <reason>`), then announce it again with the new date.",
        )
    group.abandoned = Abandonment("postponed", version.commit, version.posted, text.postponed, text.effective)


def _withdraw(groups: list[_Group], text: PolicyText, fingerprint: str, version: FileVersion, day: dt.date) -> _Group:
    """`version` restores an earlier revision with `withdrawn: <reason>`: every announced revision
    after it is withdrawn (each must still be upcoming). Returns the revision the file carries again."""
    line = _line(version, "effective")
    announced = _announced(groups)
    target = next((g for g in announced if g.text.effective == text.effective), None)
    if target is None:
        raise PolicyError(
            f"`withdrawn:` goes back to `effective: {text.effective}`, but no revision in force before the "
            "announcement has that date.",
            path=version.path,
            line=line,
            commit=version.commit,
            hint="to withdraw an announced revision, restore the text and the `effective:` date of the revision "
            "in force before it (e.g. `git revert` the announcement) and add `withdrawn: <reason>`.",
        )
    withdrawn = announced[announced.index(target) + 1 :]
    for group in withdrawn:
        if group.text.effective <= day:
            raise PolicyError(
                f"`withdrawn:` would withdraw the revision effective {group.text.effective}, which was already in "
                f"force on {day}, the day of this commit; a revision that has taken effect cannot be withdrawn.",
                path=version.path,
                line=_line(version, "withdrawn"),
                commit=version.commit,
                hint="remove the `withdrawn:` line and publish the change as a new revision (a later `effective:` date).",
            )
    if reader_fingerprint(target.text) != fingerprint:
        raise PolicyError(
            f"`withdrawn:` restores the revision effective {text.effective}, but the text differs from that "
            f"revision's (commit {target.latest.commit[:7]}); a withdrawal puts back exactly what was in force.",
            path=version.path,
            line=_line(version, "withdrawn"),
            commit=version.commit,
            hint=f"restore the file as it was at commit {target.latest.commit[:7]} (e.g. `git revert` the "
            "announcement), keep the `withdrawn:` line, and make any other change as a new revision afterwards.",
        )
    for group in withdrawn:
        group.abandoned = Abandonment("withdrawn", version.commit, version.posted, text.withdrawn)
    return target


def _check_order(groups: Sequence[_Group], text: PolicyText, version: FileVersion) -> None:
    for group in groups:
        if group.text.effective == text.effective:
            raise PolicyError(
                f"effective date {text.effective} was already used by an earlier revision "
                f"(commit {group.first.commit[:7]}); a later revision came in between, so the "
                "order of the revisions is ambiguous.",
                path=version.path,
                line=_line(version, "effective"),
                commit=version.commit,
                hint="give this revision a new effective date later than every earlier one; to withdraw an "
                "announced revision and go back to the one in force, add `withdrawn: <reason>` (see CONTRIBUTING.md).",
            )
    announced = _announced(groups)
    if announced and text.effective < announced[-1].text.effective:
        raise PolicyError(
            f"effective date {text.effective} is earlier than the previous revision's "
            f"{announced[-1].text.effective} (commit {announced[-1].first.commit[:7]}); effective dates "
            "must not go backwards.",
            path=version.path,
            line=_line(version, "effective"),  # read only for the message: it decodes the file again
            commit=version.commit,
            hint=f"for a new revision use a date after {announced[-1].text.effective}; to correct the text in force "
            f"keep its `effective:` date and add `correction: <why>`; to withdraw an announced revision that has "
            "not taken effect, restore the earlier text and add `withdrawn: <reason>`.",
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
    for policy_id, lang, file, policy in _pages(docs_dir, languages):
        if policy:
            shown = f"{docs_dir.name}/{lang}/{file.relative_to(docs_dir / lang).as_posix()}"
            check_policy_file(file, root)
            check_policy_id(policy_id, path=shown, languages=languages)
            found.append((policy_id, lang, file))
    return found


def _pages(docs_dir: Path, languages: Sequence[str]) -> list[tuple[str, str, Path, bool]]:
    """(page id, language, file, is a policy) for every Markdown page under docs/<lang>/."""
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
            found.append((file.relative_to(lang_dir).with_suffix("").as_posix(), lang, file, is_policy(text)))
    return found


def check_policies_stay_policies(docs_dir: str | os.PathLike[str], languages: Sequence[str], reader: GitReader) -> None:
    """Refuse a page that was a policy and no longer reads as one (its history had `effective:`, or
    the same page is a policy in another language): a broken or missing front matter must not
    quietly turn a policy into an ordinary page, with no history, no API and the wrong text."""
    pages = _pages(Path(docs_dir), languages)
    policy_ids = {page_id for page_id, _, _, policy in pages if policy}
    # Every page that is no policy anywhere, asked of git at once.
    was_policy = reader.last_policy_commits(
        [reader.repo_path(file) for page_id, _, file, policy in pages if not policy and page_id not in policy_ids]
    )
    for page_id, _lang, file, policy in pages:
        if policy:
            continue
        path = reader.repo_path(file)
        other = [other_lang for other_id, other_lang, _, other_policy in pages if other_policy and other_id == page_id]
        was = was_policy[path] if page_id not in policy_ids else None
        if page_id not in policy_ids and was is None:
            continue
        why = (
            f"commit {was[:7]} had `effective:` in it"
            if was is not None
            else f"the {', '.join(other)} text of `{page_id}` is a policy"
        )
        try:
            parse_policy_text(file.read_bytes(), path=path)
        except PolicyError as error:
            raise PolicyError(
                f"this file was a policy ({why}) but cannot be read as one now: {error.message}",
                path=path,
                line=error.line,
                hint=(error.hint + " " if error.hint else "")
                + "A policy stays a policy: fix its front matter rather than let it become an ordinary page.",
            ) from None


def check_line_endings(raw: bytes, *, path: str, commit: str | None) -> None:
    """The committed file has no byte-order mark and LF line endings (the form every tool and diff
    here agrees on); anything else is refused with the line where it starts."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raise PolicyError(
            "the file starts with a byte-order mark (BOM), which some editors add when saving as UTF-8.",
            path=path,
            line=1,
            commit=commit,
            hint="save the file as UTF-8 without BOM (in VS Code: click `UTF-8 with BOM` in the status bar, "
            "then `Save with Encoding` > `UTF-8`), then commit it.",
        )
    position = raw.find(b"\r")
    if position >= 0:
        kind = "CRLF (Windows)" if raw[position + 1 : position + 2] == b"\n" else "CR (old Mac)"
        raise PolicyError(
            f"the file has {kind} line endings; policy files use LF line endings.",
            path=path,
            line=raw.count(b"\n", 0, position) + 1,
            commit=commit,
            hint="convert the line endings to LF (in VS Code: click `CRLF` in the status bar and choose `LF`; "
            "`git config core.autocrlf input` keeps them so), then commit the file. Readers see no change.",
        )


def load_policies(
    docs_dir: str | os.PathLike[str],
    languages: Sequence[str],
    reader: GitReader,
    *,
    timezone: str = "Asia/Tokyo",
    published: frozenset[str] | None = None,
) -> PolicySet:
    """Every policy's revisions from git: the one entry point the site build calls.

    `published` (the linter, for a pull request): the commits on the base branch; see
    `revisions_from_versions`.
    """
    reader.check_complete()
    files = find_policy_files(Path(docs_dir), languages, reader.root)  # first: it refuses links out of the repository
    check_policies_stay_policies(docs_dir, languages, reader)
    reader.read_ahead([(reader.repo_path(file), reader.repo_path(Path(docs_dir) / lang)) for _, lang, file in files])
    policies = []
    for policy_id, lang, file in files:
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
        check_line_endings(versions[-1].raw, path=versions[-1].path, commit=versions[-1].commit)
        revisions = _REVISIONS.get_or_make(
            (policy_id, lang, timezone, published, tuple(versions)),
            lambda: revisions_from_versions(policy_id, lang, versions, timezone=timezone, published=published),
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
