"""Templates say nothing of their own: every visible word comes from the words catalogue, so
each language is complete (C17; S1 5.5). Reads the template files; renders nothing."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pinzhi.interfaces.console import i18n

TEMPLATES = Path(i18n.__file__).parent / "templates"
JINJA = re.compile(r"{{.*?}}|{%.*?%}|{#.*?#}", re.DOTALL)
CHINESE = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
"""Han characters and Chinese punctuation (、，：；（）…)."""
WORDY = re.compile(rf"[A-Za-z]{{2,}}|[{CHINESE}]")
EXPRESSION = re.compile(r"{{(.*?)}}", re.DOTALL)
CHINESE_LITERAL = re.compile(rf"""("[^"]*[{CHINESE}][^"]*"|'[^']*[{CHINESE}][^']*')""")


def printed_chinese(source: str) -> list[str]:
    """Chinese string literals inside `{{ … }}`: printed as they are in every language."""
    return [
        found for expression in EXPRESSION.findall(source)
        for found in CHINESE_LITERAL.findall(expression)
    ]  # fmt: skip


VISIBLE_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder", "label"}
SILENT = {"script", "style", "code"}
"""Elements whose text is not prose: code shows identifiers and commands, never sentences."""
ALLOWED = {"品质", "pinzhi", "API", "S1", "S2", "S3", "S4", "SHA-256"}
"""Text a template may carry as is: the brand, and names that are the same in every language."""
KEY_LITERAL = re.compile(r"""\bt\(\s*["']([a-z0-9_]+)["']\s*([,)~])""")
"""`t("key")`, `t("key", n=1)` or a prefix completed at run time: `t("role_" ~ user.role)`."""


class _TextFinder(HTMLParser):
    """Collects (line, text) of text nodes and visible attributes outside silent elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self._silent = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SILENT:
            self._silent += 1
        for name, value in attrs:
            if name in VISIBLE_ATTRIBUTES and value:
                self.found.append((self.getpos()[0], value))

    def handle_endtag(self, tag: str) -> None:
        if tag in SILENT and self._silent:
            self._silent -= 1

    def handle_data(self, data: str) -> None:
        if not self._silent and data.strip():
            self.found.append((self.getpos()[0], data.strip()))


def _without_jinja(source: str) -> str:
    """The template with its expressions and tags blanked, keeping the line numbers."""
    return JINJA.sub(lambda m: "\n" * m.group(0).count("\n") + " ", source)


def hard_coded_text(source: str) -> list[tuple[int, str]]:
    finder = _TextFinder()
    finder.feed(_without_jinja(source))
    finder.close()
    return [
        (line, text)
        for line, text in finder.found
        if WORDY.search(" ".join(w for w in text.split() if w.strip("·:：,.()") not in ALLOWED))
    ]


@pytest.mark.parametrize("template", sorted(TEMPLATES.glob("*.html")), ids=lambda p: p.name)
class TestTemplates:
    def test_visible_text_comes_from_the_words(self, template: Path) -> None:
        found = hard_coded_text(template.read_text(encoding="utf-8"))

        assert not found, f"{template.name}: text outside the words catalogue: {found}"

    def test_expressions_print_no_chinese_literal(self, template: Path) -> None:
        found = printed_chinese(template.read_text(encoding="utf-8"))

        assert not found, f"{template.name}: Chinese printed in every language: {found}"

    def test_every_named_key_is_in_every_language(self, template: Path) -> None:
        named = KEY_LITERAL.findall(template.read_text(encoding="utf-8"))
        keys = {key for key, end in named if end != "~"}
        prefixes = {key for key, end in named if end == "~"}

        for lang, words in i18n.CATALOGUE.items():
            assert not keys - set(words), f"{template.name}: missing in {lang}: {keys - set(words)}"
            unused = {p for p in prefixes if not any(word.startswith(p) for word in words)}
            assert not unused, f"{template.name}: no {lang} word starts with {unused}"


class TestTheFinder:
    def test_it_flags_chinese_and_english_prose(self) -> None:
        found = hard_coded_text('<p>{{ t("a") }}</p>\n<p>保存</p>\n<button title="Save">x</button>')

        assert found == [(2, "保存"), (3, "Save")]

    def test_it_flags_chinese_punctuation_printed_by_an_expression(self) -> None:
        source = '{{ t("a") }}：{% for v in vs %}{{ v }}{{ "、" if not loop.last }}{% endfor %}'

        assert hard_coded_text(source) == [(1, "：")]
        assert printed_chinese(source) == ['"、"']

    def test_it_passes_expressions_code_and_the_brand(self) -> None:
        source = '<h1>{{ t("title", n=1) }}</h1><code>pinzhi run</code><span>品质 · 42%</span>'

        assert hard_coded_text(source) == []


class TestWords:
    def test_english_words_hold_no_chinese_but_the_brand(self) -> None:
        chinese = re.compile(f"[{CHINESE}]+")

        found = {
            key: text
            for key, text in i18n.CATALOGUE["en"].items()
            if set(chinese.findall(text)) - ALLOWED
        }

        assert not found, found
