"""Every language says everything, with the same placeholders (C17)."""

from __future__ import annotations

import string

from pinzhi.interfaces.console.i18n import CATALOGUE, DEFAULT, ONE, supported, translator


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


class TestCatalogue:
    def test_chinese_is_the_default(self) -> None:
        assert DEFAULT == "zh-CN"
        assert supported(None) == supported("fr") == "zh-CN"

    def test_every_language_has_every_key(self) -> None:
        keys = {
            lang: {key for key in words if not key.endswith(ONE)}
            for lang, words in CATALOGUE.items()
        }

        assert all(found == keys[DEFAULT] for found in keys.values())

    def test_a_form_for_one_goes_with_its_word_and_placeholders(self) -> None:
        for words in CATALOGUE.values():
            for key in (key for key in words if key.endswith(ONE)):
                base = key.removesuffix(ONE)
                assert base in words, key
                assert placeholders(words[key]) == placeholders(words[base]) == {"n"}, key

    def test_translations_keep_the_placeholders(self) -> None:
        for key, text in CATALOGUE[DEFAULT].items():
            for words in CATALOGUE.values():
                assert placeholders(words[key]) == placeholders(text), key

    def test_values_are_filled_in(self) -> None:
        assert translator("en")("days", days=30) == "30 days"

    def test_a_count_of_one_is_said_in_the_singular_where_the_language_has_one(self) -> None:
        english, chinese = translator("en"), translator("zh-CN")

        assert [english("duration_years", n=n) for n in (1, 3)] == ["1 year", "3 years"]
        assert [english("duration_days", n=n) for n in (1, 15)] == ["1 day", "15 days"]
        assert [chinese("duration_years", n=n) for n in (1, 3)] == ["1 年", "3 年"]

    def test_an_unknown_key_shows_itself(self) -> None:
        assert translator("en")("no_such_key") == "no_such_key"
