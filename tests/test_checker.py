"""Check a message: the warning signs found in labelled messages (tests/checker/<lang>.yml),
in every language, with the patterns of every locale at once and the sign classifier."""

from collections import Counter

import pytest
import yaml

from actions.checker import is_message_to_check, warning_signs
from bot.language import ROOT
from tests.conftest import SUPPORTED

MIN_PRECISION = MIN_RECALL = 0.80
SIGNS = [
    "easy_money", "no_requirements", "travel_paid", "upfront_fee", "intimate_images", "documents",
    "secrecy", "private_app", "urgency", "meeting", "flattery", "threats",
]  # fmt: skip


def labelled(language):
    return yaml.safe_load((ROOT / "tests" / "checker" / f"{language}.yml").read_text(encoding="utf-8"))["messages"]


def counts():
    found, expected, right = Counter(), Counter(), Counter()
    for language in SUPPORTED:
        for message in labelled(language):
            truth, guess = set(message["signs"]), set(warning_signs(message["text"]))
            expected.update(truth)
            found.update(guess)
            right.update(truth & guess)
    return found, expected, right


@pytest.mark.parametrize("language", SUPPORTED)
def test_labelled_set_is_big_enough_and_has_genuine_messages(language):
    messages = labelled(language)
    assert len(messages) >= 25
    assert any(m["kind"] == "genuine" and not m["signs"] for m in messages)
    assert {s for m in messages for s in m["signs"]} <= set(SIGNS)


@pytest.mark.parametrize("sign", SIGNS)
def test_each_sign_is_found_with_precision_and_recall_over_all_languages(sign):
    found, expected, right = counts()
    precision = right[sign] / found[sign] if found[sign] else 1.0
    recall = right[sign] / expected[sign] if expected[sign] else 1.0
    assert precision >= MIN_PRECISION and recall >= MIN_RECALL, f"precision {precision:.2f}, recall {recall:.2f}"


# Blind set, second edition: two of the seven genuine Arabic messages get a sign (one from an Arabic
# upfront_fee pattern, one from the classifier). Strict: the mark must go when it passes.
TOO_MANY_FLAGGED = {"ar"}
FLAGGED = pytest.mark.xfail(strict=True, reason="genuine messages flagged on the blind set (bench/results.md)")


@pytest.mark.parametrize(
    "language", [pytest.param(lang, marks=FLAGGED) if lang in TOO_MANY_FLAGGED else lang for lang in SUPPORTED]
)
def test_genuine_messages_show_no_sign(language):
    flagged = [m["text"] for m in labelled(language) if m["kind"] == "genuine" and warning_signs(m["text"])]
    assert len(flagged) <= 1, flagged


def test_a_date_after_a_normal_hourly_wage_is_not_easy_money():
    # "pro Stunde ... 30" once took the 30 of the deadline for the pay.
    assert "easy_money" not in warning_signs("Ausbildung im Hotel: 13,50 € pro Stunde, Bewerbung bis 30. Juni")
    assert "easy_money" in warning_signs("Kein Deutsch nötig, pro Stunde 40 Euro bar auf die Hand")


def test_a_message_in_another_language_is_checked_too():
    assert "travel_paid" in warning_signs("salut, c'est vrai ça ? 'Work in London, flight and visa paid, start now'")


@pytest.mark.parametrize(
    "question", ["is this real?", "c vrai?", "puedes revisar un mensaje?", "kannst du was checken"]
)
def test_a_bare_question_asks_for_the_message(question):
    assert not is_message_to_check(question)
