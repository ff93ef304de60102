"""axe-core (axe-playwright-python) over every page a user can reach, as that user.

`crawl` starts from a few pages and follows every same-site link, visiting one page per URL
pattern (the route, and which query keys are set), runs axe-core on it and keeps the serious
and critical violations. `Report` says what was visited and what was found, readably.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from axe_playwright_python.sync_playwright import Axe
from django.test import Client
from django.urls import Resolver404, URLResolver, get_resolver, resolve, reverse
from playwright.sync_api import Error as PlaywrightError

AXE = Axe()
BLOCKING = ("serious", "critical")
# Links that are not pages: files, the API and its docs (a vendored third-party UI), static files.
NOT_PAGES = ("/static/", "/api/", "/i18n/", "/logout/")
FILE_ENDINGS = (".pdf", ".csv", ".xlsx", ".png", ".svg", ".parquet", "/pdf/", "/export/")


@dataclass
class Finding:
    path: str
    rule: str
    impact: str
    help: str
    targets: list[str]

    def __str__(self) -> str:
        return f"{self.path}: [{self.impact}] {self.rule}: {self.help} at {self.targets[:3]}"


@dataclass
class Report:
    who: str
    visited: dict[str, str] = field(default_factory=dict)  # route key -> the path visited
    files: set[str] = field(default_factory=set)  # route keys that answered with a download
    unlinked: list[str] = field(default_factory=list)  # pages no link led to, visited directly
    findings: list[Finding] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        lines = [f"{self.who}: {len(self.visited)} pages, {len(self.unlinked)} reached by no link"]
        lines += [f"  unlinked: {path}" for path in self.unlinked]
        lines += [f"  {e}" for e in self.errors]
        lines += [f"  {f}" for f in self.findings]
        return "\n".join(lines)


def route_key(path: str) -> str | None:
    """The URL pattern of a path and the query keys it sets; None for what is not a page."""
    parts = urlsplit(path)
    if parts.path.startswith(NOT_PAGES) or parts.path.endswith(FILE_ENDINGS):
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    keys = sorted({k for k, _ in parse_qsl(parts.query)} - {"page", "lang", "next"})
    return match.route + ("?" + "&".join(keys) if keys else "")


def named_routes() -> dict[str, tuple[str, list[str]]]:
    """Every named URL of the site but the API: name -> (route, parameter names)."""
    found: dict[str, tuple[str, list[str]]] = {}

    def walk(patterns, prefix: str = "") -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif pattern.name and not (prefix + str(pattern.pattern)).startswith("api/"):
                route = prefix + str(pattern.pattern)
                found[pattern.name] = (route, re.findall(r"<(?:\w+:)?(\w+)>", route))

    walk(get_resolver().url_patterns)
    return found


def concrete_paths(values: dict[str, str], overrides: dict[str, dict[str, str]]) -> dict[str, str]:
    """A path for every named URL: each parameter from `values` by its name, or from the
    name's `overrides` (where a name like `pk` or `code` means different things)."""
    paths = {}
    for name, (_route, params) in named_routes().items():
        kwargs = {p: overrides.get(name, {}).get(p, values.get(p, "")) for p in params}
        if all(kwargs.values()):
            paths[name] = reverse(name, kwargs=kwargs)
    return paths


def probe(client: Client, path: str) -> bool:
    """Whether `path` is a page for the client: 200 and HTML, itself or where it redirects
    (a reset link to its form, a voice link to the board), but not the log-in page."""
    response = client.get(path, follow=True)
    landed = response.redirect_chain[-1][0] if response.redirect_chain else path
    html = "text/html" in response.get("Content-Type", "")
    return response.status_code == 200 and html and not landed.startswith("/login/")


def log_in(context, live_server, user) -> None:
    """Give the browser a session of `user`, as the log-in form would."""
    client = Client()
    client.force_login(user)
    host = urlsplit(live_server.url).hostname
    cookie = client.cookies["sessionid"]
    context.add_cookies([{"name": "sessionid", "value": cookie.value, "domain": host, "path": "/"}])


def serious_violations(page, path: str) -> list[Finding]:
    results = AXE.run(page)
    return [
        Finding(path, v["id"], v["impact"], v["help"], [str(n["target"]) for n in v["nodes"]])
        for v in results.response["violations"]
        if v["impact"] in BLOCKING
    ]


def same_site_links(page, base: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    out = []
    for href in hrefs:
        parts = urlsplit(urljoin(base, href))
        if f"{parts.scheme}://{parts.netloc}" != base:
            continue
        query = urlencode(parse_qsl(parts.query))
        out.append(parts.path + (f"?{query}" if query else ""))
    return out


def crawl(
    page, base: str, start: list[str], who: str, then: list[str] = (), limit: int = 150
) -> Report:
    """Visit every page reachable by links from `start`, once per route key, with axe; then
    the pages of `then` no link led to (they are noted as unlinked)."""
    report = Report(who)
    queue = deque(start)
    later = deque(then)
    while (queue or later) and len(report.visited) < limit:
        if not queue:
            path = later.popleft()
            key = route_key(path)
            if key is None or any(k.split("?")[0] == key for k in report.visited):
                continue
            report.unlinked.append(path)
            queue.append(path)
        path = queue.popleft()
        key = route_key(path)
        if key is None or key in report.visited or key in report.files:
            continue
        try:
            response = page.goto(base + path)
        except PlaywrightError as error:
            if "Download is starting" in str(error):
                report.files.add(key)  # a file (an export), not a page
                continue
            raise
        report.visited[key] = path
        status = response.status if response else 0
        if status >= 500 or status == 0:
            report.errors.append(f"{path}: answered {status}")
            continue
        if "text/html" not in (response.headers.get("content-type") or ""):
            continue
        report.findings += serious_violations(page, path)
        queue.extend(same_site_links(page, base))
    return report
