"""Reading revisions.json documents from a built site, a file, or a URL (for ledger.py and verify.py).

A source is one of:

- a `revisions.json` file, or a URL ending in `.json` (https://, http:// or file://);
- a folder holding a built site (every `api/<policy>/<lang>/revisions.json` under it);
- a site's root URL ending in `/`: then `api/<policy>/<lang>/revisions.json` is fetched for each
  policy and language the caller names; a 404 there means "not published yet".
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from policy_engine.errors import PolicyError

TIMEOUT_SECONDS = 30


def is_url(source: str) -> bool:
    return source.startswith(("https://", "http://", "file://"))


def api_names(site: Path) -> list[str]:
    """`api/<policy>/<lang>/revisions.json` of every policy in a built site, sorted."""
    return sorted(p.relative_to(site).as_posix() for p in site.glob("api/**/revisions.json"))


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
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise PolicyError(f"{where} is not JSON ({error}).", hint="point at a revisions.json built by this site.") from None
