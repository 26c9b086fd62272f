"""Reading revisions.json documents from a built site, a file, or a URL (for ledger.py and verify.py).

A source is one of:

- a `revisions.json` file, or a URL ending in `.json` (https://, http:// or file://);
- a folder holding a built site (every `api/<policy>/<lang>/revisions.json` under it);
- a site's root URL ending in `/`: then `api/<policy>/<lang>/revisions.json` is fetched for each
  policy and language the caller names; a 404 there means "not published yet".

A built site's `api/index.json` (`read_index`) lists every policy and language it holds; it is
written last, so a site folder without it is an unfinished build. Every document is read through
its record type in `policy_engine.api`, which checks it against the published JSON Schema first:
a file that does not match is refused, by name.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from policy_engine.api import INDEX_PATH, SiteIndex, loads
from policy_engine.errors import PolicyError

TIMEOUT_SECONDS = 30


def is_url(source: str) -> bool:
    return source.startswith(("https://", "http://", "file://"))


def api_names(site: Path) -> list[str]:
    """`api/<policy>/<lang>/revisions.json` of every policy in a built site, sorted."""
    return sorted(p.relative_to(site).as_posix() for p in site.glob("api/**/revisions.json"))


def read_index(source: str) -> tuple[str, SiteIndex] | None:
    """(where, the site's api/index.json) of a site folder or root URL; None when it has none.
    PolicyError naming the file when it does not match the index's schema."""
    if is_url(source):
        if not source.endswith("/"):
            return None
        where = source + INDEX_PATH
        document = _fetch(where, missing_ok=True)
        return None if document is None else (where, SiteIndex.from_json(document, where=where))
    path = Path(source)
    if path.is_dir() and (path / INDEX_PATH).is_file():
        where = str(path / INDEX_PATH)
        return where, SiteIndex.loads((path / INDEX_PATH).read_bytes(), where=where)
    return None


def index_listing(index: SiteIndex) -> list[tuple[str, str, str]]:
    """(policy, lang, revisions file) for each policy and language an index lists."""
    return [(entry.policy, entry.lang, entry.revisions) for entry in index.policies]


def read_bytes(source: str, name: str) -> bytes | None:
    """The bytes of file `name` (a site path) in a site folder or under a root URL; None when absent."""
    if is_url(source):
        request = urllib.request.Request(source + name, headers={"Cache-Control": "no-cache"})  # noqa: S310 (http/file only)
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
                return bytes(response.read())
        except urllib.error.HTTPError as error:
            if error.code == 404:
                return None
            raise PolicyError(
                f"{source + name} could not be read (HTTP {error.code}).", hint="check the URL and the network."
            ) from None
        except (urllib.error.URLError, OSError) as error:
            if isinstance(getattr(error, "reason", error), FileNotFoundError):
                return None
            raise PolicyError(
                f"{source + name} could not be read ({getattr(error, 'reason', error)}).",
                hint="check the URL and the network.",
            ) from None
    file = Path(source) / name
    return file.read_bytes() if file.is_file() else None


def read_documents(source: str, names: Iterable[str] = ()) -> list[tuple[str, Any]]:
    """(where it came from, parsed JSON) for each revisions.json the source holds."""
    if is_url(source):
        if source.endswith("/"):
            found = [(source + name, _fetch(source + name, missing_ok=True)) for name in names]
            return [(where, document) for where, document in found if document is not None]
        return [(source, _fetch(source, missing_ok=False))]
    path = Path(source)
    if path.is_dir():
        files = [path / name for name in api_names(path)]
        if not files and (path / "revisions.json").exists():
            files = [path / "revisions.json"]
        return [(str(file), _parse(file.read_bytes(), str(file))) for file in files]
    if path.is_file():
        return [(str(path), _parse(path.read_bytes(), str(path)))]
    raise PolicyError(f"{source} does not exist.", hint="give a built site folder, a revisions.json file or its URL.")


def _fetch(url: str, *, missing_ok: bool) -> Any:
    # http(s) and file only: `is_url` decided that before we get here.
    request = urllib.request.Request(url, headers={"Accept": "application/json", "Cache-Control": "no-cache"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            return _parse(response.read(), url)
    except urllib.error.HTTPError as error:
        if error.code == 404 and missing_ok:
            return None
        raise PolicyError(
            f"{url} could not be read (HTTP {error.code}).",
            hint="check the URL; the ledger refuses to publish when it cannot see what is already published.",
        ) from None
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        if missing_ok and isinstance(reason, FileNotFoundError):
            return None  # file:// site root without that policy
        raise PolicyError(
            f"{url} could not be read ({reason}).",
            hint="check the URL and the network; the ledger refuses to publish when it cannot see what is "
            "already published.",
        ) from None


def _parse(raw: bytes, where: str) -> Any:
    return loads(raw, where=where)
