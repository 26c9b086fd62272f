"""Fixtures for the browser tests: one Chromium per session, sites served on 127.0.0.1, readers.

Chromium is Debian's (`/usr/bin/chromium`, installed by `.ci/run`), never a browser download.
When it is missing the tests fail in CI and are skipped, with the reason, elsewhere.

A `Reader` is a fresh browser context at one viewport (desktop or phone). It records every request
its pages make and every console error; any request to a host other than 127.0.0.1 is refused
(so nothing leaves the machine even if a page tried) and recorded, and the tests assert on both.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Request, Route, sync_playwright

from .scripted_policy import AS_OF, write_history
from conftest import PROJECT, BuildResult, PolicyRepo

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEVICES = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "is_mobile": True,
        "has_touch": True,
        "device_scale_factor": 2,
    },
}
SCREENSHOTS = PROJECT / "test-artifacts" / "screenshots"
LOCAL_HOSTS = {"127.0.0.1"}


def require_chromium() -> None:
    if CHROMIUM.exists():
        return
    reason = f"{CHROMIUM} is missing: install Debian's Chromium with `apt-get install -y chromium` (.ci/run does)"
    if os.environ.get("CI"):
        pytest.fail(reason + "; in CI the browser tests must run, not skip.", pytrace=False)
    pytest.skip(reason)


@dataclass(frozen=True)
class ServedSite:
    """A built site served over HTTP on 127.0.0.1 by this test session."""

    root: Path
    base_url: str

    def url(self, path: str) -> str:
        return self.base_url + path.lstrip("/")

    def has(self, path: str) -> bool:
        return (self.root / path.lstrip("/") / "index.html").exists()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        pass


def serve(root: Path) -> tuple[http.server.ThreadingHTTPServer, ServedSite]:
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, name=f"http {root}", daemon=True).start()
    host, port = server.server_address[:2]
    return server, ServedSite(root, f"http://{host}:{port}/")


@pytest.fixture(scope="session")
def scripted_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The scripted two-language history (see scripted_policy.py), built as of 2026-11-29."""
    repo = PolicyRepo(tmp_path_factory.mktemp("browser") / "repo")
    write_history(repo)
    result = repo.build(as_of=AS_OF)
    assert result.returncode == 0, result.output
    return result


@pytest.fixture(scope="session")
def scripted_site(scripted_build: BuildResult) -> Iterator[ServedSite]:
    server, site = serve(scripted_build.site)
    yield site
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def real_site(project_site: BuildResult) -> Iterator[ServedSite]:
    """The real IJGN site (committed state), served."""
    assert project_site.returncode == 0, project_site.output
    server, site = serve(project_site.site)
    yield site
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    require_chromium()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """test-artifacts/screenshots/, emptied once per session (gitignored) for a reviewer to look at."""
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True)
    return SCREENSHOTS


@dataclass
class Reader:
    """One reader's browser context at one viewport, with what its pages asked for and complained about."""

    device: str
    page: Page
    screenshots: Path
    requests: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    """Responses with an HTTP error status (a 404 for a file that does not exist, say)."""

    @property
    def is_phone(self) -> bool:
        return self.device == "phone"

    def open(self, url: str) -> Page:
        response = self.page.goto(url)
        assert response is not None and response.ok, f"{url}: HTTP {response.status if response else '?'}"
        return self.page

    def screenshot(self, name: str) -> Path:
        path = self.screenshots / f"{self.device}-{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def third_party_requests(self) -> list[str]:
        return [url for url in self.requests if not _is_local(url)]


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or parts.hostname in LOCAL_HOSTS


@pytest.fixture(params=sorted(DEVICES))
def device(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def reader(browser: Browser, device: str, screenshots: Path) -> Iterator[Reader]:
    """A reader on each device in turn (the test runs once per device)."""
    yield from open_reader(browser, device, screenshots)


@pytest.fixture
def desktop_reader(browser: Browser, screenshots: Path) -> Iterator[Reader]:
    """A reader at the desktop viewport only (printing does not depend on the screen)."""
    yield from open_reader(browser, "desktop", screenshots)


def open_reader(browser: Browser, device: str, screenshots: Path) -> Iterator[Reader]:
    context = browser.new_context(**DEVICES[device])
    context.set_default_timeout(10_000)  # fail in seconds, not half a minute, when a page is wrong
    page = context.new_page()
    reader = Reader(device, page, screenshots)

    def on_route(route: Route) -> None:
        if _is_local(route.request.url):
            route.continue_()
        else:
            reader.refused.append(route.request.url)
            route.abort("blockedbyclient")

    def on_request(request: Request) -> None:
        reader.requests.append(request.url)

    def on_console(message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        location = message.location.get("url", "") if message.location else ""
        reader.console_errors.append(f"{page.url}: {message.text} ({location})")

    context.route("**/*", on_route)
    context.on("request", on_request)
    context.on("console", on_console)
    context.on(
        "response",
        lambda response: (
            response.status >= 400 and reader.failed.append(f"{page.url}: HTTP {response.status} for {response.url}")
        ),
    )
    page.on("pageerror", lambda error: reader.console_errors.append(f"{page.url}: uncaught {error}"))
    yield reader
    context.close()
