"""Every console page, as every role that may open it, in Chinese and English (and, for a
consumer, elderly mode), in a real browser (C17; S1 5.5, 9.4.3; S2 7.4):

- axe-core (bundled by axe-playwright-python, so offline) finds no serious or critical
  violation, and the page's `lang` is the chosen language;
- an English page shows no Chinese except data, a page in either language shows no raw words key;
- every consumer page is in elderly mode, with body text of at least 20 px, when it is chosen.

The pages are read from the app's routes when the test runs, so a page added later is audited
without touching this file; a page that cannot be opened with the seeded data must be listed in
`UNVISITED` with the reason. One tour of the site serves all the tests below (one browser, one
context per role and language, one sign-in per role). Whether a role may open a page does not
depend on the language or mode, so each role asks once; a download is fetched in every language.
axe runs on every role's view in Chinese, and once a page in English and in elderly mode: what
it checks follows the markup, which the role changes and the language does not; the language
checks run on every view. Screenshots of each page in each language and mode go to
$PINZHI_SCREENSHOT_DIR (default: a temporary directory).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import pytest
from fastapi.routing import APIRoute
from playwright.sync_api import Browser, BrowserContext, Page, StorageState
from sqlalchemy import JSON, inspect, select
from sqlalchemy import Enum as SAEnum

import factories as f
import showcase_factories as sc
from conftest import Site, served
from pinzhi import bootstrap
from pinzhi.core.clock import utcnow
from pinzhi.domain.accounts.models import Role
from pinzhi.interfaces.api.app import create_app
from pinzhi.interfaces.console.i18n import CATALOGUE, DEFAULT
from pinzhi.store.base import Base

pytestmark = pytest.mark.browser

AXE = (resources.files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")
BLOCKING = {"serious", "critical"}
PAGES = "/console"
LANGS = ("zh-CN", "en")
UNVISITED: dict[str, str] = {
    "/console/": "redirects to the role's start page, which is audited itself",
    "/console/prefs": "stores the display preferences and redirects back",
}
"""Console GET routes that are not pages, or cannot be parametrised, and why."""
EXTRA: tuple[tuple[Role | None, str], ...] = (
    (None, "/console/login"),
    (Role.CONSUMER, "/console/aftersales/new?order_id=o1"),
    (Role.MERCHANT, "/console/trends"),
    (Role.QUALITY_ANALYST, "/console/grades/merchants/m2"),
)
"""Further states of pages: signed out, a wizard's second step, a merchant's brief."""
ALWAYS_ALLOWED_CJK = {"品质"}
"""The brand's name, kept in Chinese in every language."""
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]+")
SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
REFUSED, DOWNLOAD, PAGE = "refused", "download", "page"
"""What a URL turned out to be for a role."""
TEXTS_JS = """() => {
  const out = [document.title];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const lang = (el) => (el.closest('[lang]') || document.documentElement).lang;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || el.closest('script,style,template')) continue;
    if (n.data.trim()) out.push([n.data.trim(), lang(el)]);
  }
  for (const el of document.body.querySelectorAll('[alt],[title],[aria-label],[placeholder]')) {
    for (const a of ['alt', 'title', 'aria-label', 'placeholder']) {
      const v = el.getAttribute(a);
      if (v && v.trim()) out.push([v.trim(), lang(el)]);
    }
  }
  out[0] = [out[0], document.documentElement.lang];
  return out;
}"""


Findings = dict[str, set[str]]
"""A problem (page, what, where) → the visits (role, language, mode) that met it."""


@dataclass
class Tour:
    """What the tour saw: visits, blocking violations, language slips, elderly checks."""

    visited: dict[str, set[str]] = field(default_factory=dict)  # route → visits that opened it
    violations: Findings = field(default_factory=dict)
    chinese_in_english: Findings = field(default_factory=dict)
    raw_keys: Findings = field(default_factory=dict)
    elderly: list[tuple[str, bool, float]] = field(default_factory=list)
    audited: int = 0
    audited_pages: set[tuple[str, str, bool]] = field(default_factory=set)  # (page, lang, elderly)

    def note(self, found: Findings, problem: str, visit: Visit) -> None:
        found.setdefault(problem, set()).add(str(visit))


@dataclass(frozen=True)
class Visit:
    role: Role | None
    lang: str
    elderly: bool

    def __str__(self) -> str:
        who = self.role.value if self.role else "signed out"
        return f"{who} {self.lang}{' elderly' if self.elderly else ''}"


def console_routes(platform: bootstrap.Platform) -> list[str]:
    """Every GET route of the console, as declared (path parameters in braces)."""
    found: list[tuple[str, set[str]]] = []
    for route in create_app(platform).routes:
        # FastAPI keeps an included router as one entry that expands into its routes
        expand = getattr(route, "effective_route_contexts", None)
        if expand is not None:
            found += [(context.path, context.methods or set()) for context in expand()]
        elif isinstance(route, APIRoute):
            found.append((route.path, route.methods or set()))
    return sorted({path for path, methods in found if "GET" in methods and path.startswith(PAGES)})


def fill(route: str, ids: dict[str, str]) -> str | None:
    """The route with its path parameters filled from the seeded ids; None if one is unknown."""
    names = re.findall(r"{(\w+)(?::\w+)?}", route)
    if any(name not in ids for name in names):
        return None
    return re.sub(r"{(\w+)(?::\w+)?}", lambda m: ids[m.group(1)], route)


def data_strings(platform: bootstrap.Platform) -> tuple[set[str], set[str]]:
    """(text columns, strings inside JSON columns) of every stored row: the data values.
    Read through the ORM, so personal fields come back opened."""
    present = set(inspect(platform.engine).get_table_names())
    plain: set[str] = set()
    nested: set[str] = set()
    with platform.uow() as uow:
        for mapper in Base.registry.mappers:
            table = mapper.local_table
            if getattr(table, "name", None) not in present:  # its migration has not landed yet
                continue
            columns = [
                (attr.key, attr.columns[0].type)
                for attr in mapper.column_attrs
                if not isinstance(attr.columns[0].type, SAEnum)
            ]
            for row in uow.session.scalars(select(mapper.class_)):
                for key, kind in columns:
                    value = getattr(row, key)
                    if isinstance(kind, JSON):
                        nested.update(_strings_in(value))
                    elif isinstance(value, str) and value:
                        plain.add(value)
    return plain, nested


def _strings_in(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings_in(item)


@pytest.fixture(scope="module")
def tour(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Tour]:
    ids: dict[str, str] = {}

    def seed(platform: bootstrap.Platform) -> None:
        ids.update(sc.seed_everything(platform, now=utcnow()))

    with served(tmp_path_factory.mktemp("a11y"), seed) as site:
        yield _walk(browser, site, ids)


def _walk(browser: Browser, site: Site, ids: dict[str, str]) -> Tour:
    routes = [route for route in console_routes(site.platform) if route not in UNVISITED]
    pages = [(route, fill(route, ids)) for route in routes]
    checker = _Checker(*data_strings(site.platform))
    tour = Tour(visited={route: set() for route in routes})
    for role in [None, *sc.USERS]:
        signed_in: StorageState | None = None
        kinds: dict[str, str] = {}  # URL → what it is for this role
        for lang in LANGS:
            for elderly in (False, True) if role is Role.CONSUMER else (False,):
                visit = Visit(role, lang, elderly)
                context, signed_in = _context(browser, site, visit, signed_in)
                page = context.new_page()
                targets = [(r, url) for r, url in pages if url is not None and role is not None]
                targets += [(url.split("?")[0], url) for who, url in EXTRA if who == role]
                for route, url in targets:
                    if _visit(
                        page,
                        site,
                        route=route,
                        url=url,
                        kinds=kinds,
                        visit=visit,
                        tour=tour,
                        checker=checker,
                    ):
                        tour.visited.setdefault(route, set()).add(str(visit))
                context.close()
    return tour


def _context(
    browser: Browser, site: Site, visit: Visit, signed_in: StorageState | None
) -> tuple[BrowserContext, StorageState | None]:
    """A context in the visit's language and mode, signed in as its role (once per role: later
    contexts start from the first one's cookies)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, storage_state=signed_in)
    context.add_init_script(AXE)  # injected by the browser: the page's CSP does not apply
    cookies = [{"name": "pinzhi_lang", "value": visit.lang, "url": site.url}]
    if visit.elderly:
        cookies.append({"name": "pinzhi_elderly", "value": "1", "url": site.url})
    context.add_cookies(cookies)  # type: ignore[arg-type]
    if visit.role is not None and signed_in is None:
        page = context.new_page()
        page.goto(f"{site.url}/console/login")
        page.fill("#username", sc.USERS[visit.role])
        page.fill("#password", f.PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(re.compile(r".*/console/(?!login).*"))
        page.close()
        signed_in = context.storage_state()
    return context, signed_in


def _visit(
    page: Page,
    site: Site,
    *,
    route: str,
    url: str,
    kinds: dict[str, str],
    visit: Visit,
    tour: Tour,
    checker: _Checker,
) -> bool:
    """Open `url` if this role may; check it. True when it opened. `kinds` keeps what each URL
    was for the role: a refusal is not asked again, a page is opened without asking first."""
    if kinds.get(url) == REFUSED:
        return False
    if kinds.get(url) != PAGE:
        probe = page.context.request.get(site.url + url, max_redirects=0)
        if probe.status in (403, 404):
            kinds[url] = REFUSED
            return False
        html = probe.headers.get("content-type", "").startswith("text/html")
        if probe.status == 200 and not html:
            kinds[url] = DOWNLOAD
            return True  # a download (a PDF, a style sheet): opened, no page to audit
        kinds[url] = PAGE
    response = page.goto(site.url + url)
    status = response.status if response else None
    assert status == 200, f"{url} ({visit}): {status}"
    landed = page.url.removeprefix(site.url)
    lang = page.evaluate("document.documentElement.lang")
    if lang != visit.lang:
        tour.note(tour.violations, f"{route}: <html lang={lang!r}>, not {visit.lang!r}", visit)
    # axe: every role's view in Chinese; in English and in elderly mode once a page
    first = (landed, visit.lang, visit.elderly) not in tour.audited_pages
    if (visit.lang == DEFAULT and not visit.elderly) or first:
        tour.audited_pages.add((landed, visit.lang, visit.elderly))
        _axe(page, route, visit, tour)
    checker.check(route, visit, page.evaluate(TEXTS_JS), tour)
    if visit.role is Role.CONSUMER and visit.elderly:
        on = page.evaluate("document.documentElement.classList.contains('elderly')")
        size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
        tour.elderly.append((f"{landed} ({visit})", on, size))
    if first:
        name = re.sub(r"[^\w.-]+", "_", landed.removeprefix("/console/").replace("/", "-"))
        mode = "-elderly" if visit.elderly else ""
        page.screenshot(
            path=site.shots / f"a11y-{name[:60]}-{visit.lang}{mode}.png", full_page=True
        )
    return True


def _axe(page: Page, route: str, visit: Visit, tour: Tour) -> None:
    found = page.evaluate(
        "axe.run(document, {resultTypes: ['violations']}).then(r => r.violations)"
    )
    tour.audited += 1
    for violation in found:
        if violation["impact"] in BLOCKING:
            for node in violation["nodes"]:
                where = " ".join(node["target"])
                problem = f"{route}: {violation['id']} ({violation['impact']}) at {where}"
                tour.note(tour.violations, f"{problem}: {node['html'][:140]}", visit)


class _Checker:
    """Language slips on a rendered page, judged against the stored data."""

    def __init__(self, plain: set[str], nested: set[str]) -> None:
        self.plain = plain
        self.data = "\n".join(plain | nested)
        self.keys = set(CATALOGUE[DEFAULT])

    def check(self, route: str, visit: Visit, texts: list[list[str]], tour: Tour) -> None:
        for text, text_lang in texts:
            if visit.lang == "en" and not text_lang.startswith("zh"):
                for run in CJK.findall(text):
                    if run not in ALWAYS_ALLOWED_CJK and run not in self.data:
                        tour.note(
                            tour.chinese_in_english, f"{route}: {run!r} in {text[:80]!r}", visit
                        )
            for token in SNAKE.findall(text):
                if token in self.keys or not any(token in value for value in self.plain):
                    tour.note(tour.raw_keys, f"{route}: {token!r} in {text[:80]!r}", visit)


def _report(found: Findings) -> str:
    lines = [f"{problem}  [{', '.join(sorted(visits))}]" for problem, visits in found.items()]
    return f"{len(found)} found:\n" + "\n".join(sorted(lines))


def test_every_console_page_is_audited_or_listed_with_a_reason(tour: Tour) -> None:
    missed = sorted(route for route, seen in tour.visited.items() if not seen)

    assert len(tour.visited) > 10, f"the console's routes were not found: {tour.visited}"
    assert not missed, f"pages opened by no role (seed them, or list them in UNVISITED): {missed}"
    assert tour.audited > 0


def test_no_page_has_a_serious_or_critical_accessibility_violation(tour: Tour) -> None:
    assert not tour.violations, _report(tour.violations)


def test_english_pages_show_chinese_only_in_data(tour: Tour) -> None:
    assert not tour.chinese_in_english, _report(tour.chinese_in_english)


def test_no_page_shows_a_raw_words_key(tour: Tour) -> None:
    assert not tour.raw_keys, _report(tour.raw_keys)


def test_every_consumer_page_is_large_in_elderly_mode(tour: Tour) -> None:
    small = [(where, on, size) for where, on, size in tour.elderly if not on or size < 20]

    assert tour.elderly, "no consumer page was visited in elderly mode"
    assert not small, small
