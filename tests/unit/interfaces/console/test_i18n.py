"""Every language says everything, with the same placeholders (C17)."""

from __future__ import annotations

import string

from pinzhi.interfaces.console.i18n import CATALOGUE, DEFAULT, supported, translator


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


class TestCatalogue:
    def test_chinese_is_the_default(self) -> None:
        assert DEFAULT == "zh-CN"
        assert supported(None) == supported("fr") == "zh-CN"

    def test_every_language_has_every_key(self) -> None:
        keys = {lang: set(words) for lang, words in CATALOGUE.items()}

        assert all(found == keys[DEFAULT] for found in keys.values())

    def test_translations_keep_the_placeholders(self) -> None:
        for key, text in CATALOGUE[DEFAULT].items():
            for words in CATALOGUE.values():
                assert placeholders(words[key]) == placeholders(text), key

    def test_values_are_filled_in(self) -> None:
        assert translator("en")("days", days=30) == "30 days"

    def test_an_unknown_key_shows_itself(self) -> None:
        assert translator("en")("no_such_key") == "no_such_key"
