"""The yes/no danger classifier behind the patterns (bot/danger_classifier.py): how it chooses its
threshold, and what it reads. Its figures on the held-out safety sets: tests/test_safety.py and
bench/results.md."""

import random

import pytest
import yaml

from bot.danger_classifier import DangerClassifier, DangerExample, development_messages

PEOPLE = ["he", "the man", "my boss", "they", "the driver", "my uncle"]
DANGER = ["is hitting me", "locked the door on me", "took my passport and wont let me go", "has a knife"]
ORDINARY = ["is nice to me", "asked about school", "plays football", "cooked rice", "is late again"]


def examples(seed=0):
    """Danger sentences against ordinary ones, a third of them marked as development messages."""
    chance = random.Random(seed)
    made = []
    for index in range(240):
        danger = index % 3 == 0
        text = f"{chance.choice(PEOPLE)} {chance.choice(DANGER if danger else ORDINARY)}"
        made.append(DangerExample(text, danger, development=index % 3 != 1))
    return made


@pytest.fixture(scope="module")
def classifier():
    return DangerClassifier(examples(), max_false_alarms=0.05)


def test_it_learns_danger_and_leaves_ordinary_messages_alone(classifier):
    assert classifier.threshold is not None
    assert classifier.reaches_threshold(classifier.probability("my neighbour is hitting me"))
    assert not classifier.reaches_threshold(classifier.probability("my neighbour cooked rice"))


def test_a_stricter_limit_never_gives_a_lower_threshold():
    loose = DangerClassifier(examples(), max_false_alarms=0.5)
    strict = DangerClassifier(examples(), max_false_alarms=0.0)
    assert loose.threshold is not None and strict.threshold is not None
    assert loose.threshold <= strict.threshold


def test_grouped_examples_give_the_same_model_as_mixed_ones(classifier):
    # Rasa hands examples over grouped; the calibration must not depend on it.
    grouped = sorted(examples(), key=lambda e: (e.danger, e.development))
    same = DangerClassifier(grouped, max_false_alarms=0.05)
    assert same.threshold == classifier.threshold
    for text in ["my neighbour is hitting me", "the man cooked rice", "he has a knife", "hello"]:
        assert same.probability(text) == pytest.approx(classifier.probability(text))


def test_without_ordinary_development_messages_it_never_answers():
    only_training = [DangerExample(e.text, e.danger, development=False) for e in examples()]
    classifier = DangerClassifier(only_training, max_false_alarms=0.05)
    assert classifier.threshold is None
    assert not classifier.reaches_threshold(classifier.probability("he is hitting me"))
    assert not classifier.reaches_threshold(1.0)


@pytest.mark.parametrize("text", ["", "   ", "🙂", "\x00\x1b", "مرحبا", "knife " * 50000])
def test_bad_input_gives_a_probability(classifier, text):
    assert 0.0 <= classifier.probability(text) <= 1.0


def test_development_messages_are_read_for_the_supported_languages_only(tmp_path):
    (tmp_path / "xx.yml").write_text(
        yaml.safe_dump({"emergency": [{"text": "help", "category": "violence"}], "ordinary": ["hi", "ok"]}),
        encoding="utf-8",
    )
    (tmp_path / "yy.yml").write_text(yaml.safe_dump({"emergency": [{"text": "au secours"}]}), encoding="utf-8")
    read = development_messages(tmp_path, ["xx", "zz"])
    assert [(e.text, e.danger, e.development) for e in read] == [
        ("help", True, True),
        ("hi", False, True),
        ("ok", False, True),
    ]
