"""The phrase syntax NGOs write danger and warning-sign patterns in (bot/patterns.py)."""

import pytest

from bot.patterns import PatternError, PatternSet, compile_pattern, normalize


def matches(pattern, text):
    return bool(compile_pattern(pattern).search(normalize(text)))


@pytest.mark.parametrize(
    "pattern, text, found",
    [
        ("took my passport", "He TOOK my passport!!", True),
        ("took my passport", "he took my old passport", False),
        ("enferm*", "J'suis ENFERMÉE", True),
        ("(took|stole) my (passport|papers)", "they stole my papers", True),
        ("(he|she) ... (hit*|beat*) me", "he always comes home and hits me", True),
        ("(he|she) ... (hit*|beat*) me", "he a b c d e hits me", False),  # more than 4 words between
        ("help", "HELPPPP", True),
        ("kill myself", "killl myselff", True),
        ("4000", "4000 euros", True),
        ("400", "4000 euros", False),  # digits are exact: 4000 is not 400
        ("locked in", "unlocked insight", False),  # whole words only
    ],
)
def test_pattern_syntax(pattern, text, found):
    assert matches(pattern, text) is found


@pytest.mark.parametrize(
    "pattern", ["... help", "help ...", "((a|b)|c) d", "()", "help ... ... me", "waiting (for )?(me|her)", "(a|b)? c"]
)
def test_a_broken_pattern_is_refused_with_a_reason(pattern):
    with pytest.raises(PatternError):
        compile_pattern(pattern)


def test_a_pattern_set_names_the_label_and_language_that_matched():
    patterns = PatternSet({"en": {"threat": ["kill (me|you)"]}, "fr": {"threat": ["(va|vont) me tuer"]}})
    [found] = patterns.matches("il va me tuer")
    assert (found.label, found.language) == ("threat", "fr")
    assert patterns.matches("nothing here") == []
