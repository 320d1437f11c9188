"""The sign classifier of "check a message" (bot/sign_classifier.py): what it learns, what it
refuses to guess, and when it retrains. Its figures on the held-out messages are in
tests/test_checker.py and bench/results.md."""

import random

import pytest
import yaml

from actions.checker import WARNING_SIGNS, warning_signs
from bot import sign_classifier
from bot.sign_classifier import LabelledMessage, SignClassifier, WarningSignClassifier

OPENINGS = ["hi", "hello friend", "good news", "listen", "hey you", "dear", "quick message", "ok so"]
PLACES = ["in the city", "near the station", "at the hotel", "on the farm", "in a shop", "at the port"]
FEE_WORDS = ["registration fee", "deposit", "processing charge", "admin fee"]
NEUTRAL = ["the weather is nice", "see you at school", "my cousin says hi", "the bus is late", "we play football"]


def synthetic_messages(seed: int = 0) -> list[LabelledMessage]:
    """A fee named in a sentence shows upfront_fee; the rest shows nothing. A second label,
    random_sign, is given at random: nothing in the words can predict it."""
    chance = random.Random(seed)
    messages = []
    for index in range(120):
        opening, place = chance.choice(OPENINGS), chance.choice(PLACES)
        if index % 2:
            text, signs = f"{opening}, work {place}, first pay the {chance.choice(FEE_WORDS)}", {"upfront_fee"}
        else:
            text, signs = f"{opening}, {chance.choice(NEUTRAL)} {place}", set()
        if chance.random() < 0.3:
            signs.add("random_sign")
        messages.append(LabelledMessage(text, frozenset(signs)))
    return messages


@pytest.fixture(scope="module")
def classifier():
    return SignClassifier(synthetic_messages())


def test_a_learnable_sign_gets_a_threshold_and_is_found_in_a_new_sentence(classifier):
    assert "upfront_fee" in classifier.thresholds
    assert "upfront_fee" in classifier.signs("hey, a job on a boat, first pay the processing charge")
    assert classifier.signs("the bus is late again today") == []


def test_a_sign_it_cannot_learn_reliably_is_left_to_the_patterns(classifier):
    assert "random_sign" not in classifier.thresholds
    assert "random_sign" not in classifier.signs("hi, work at the port, first pay the deposit")


@pytest.mark.parametrize("text", ["", "   ", "🙂🙂🙂", "\x00\x1b[31m", "<b>job</b>", "مرحبا", "deposit " * 20000])
def test_bad_input_gives_a_list(classifier, text):
    assert isinstance(classifier.signs(text), list)


def write_examples(directory, messages):
    directory.mkdir(exist_ok=True)
    data = {"messages": [{"text": m.text, "signs": sorted(m.signs)} for m in messages]}
    (directory / "xx.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_the_saved_classifier_is_reused_and_retrained_when_the_examples_change(tmp_path, monkeypatch):
    examples, saved = tmp_path / "examples", tmp_path / "models" / "signs.joblib"
    write_examples(examples, synthetic_messages())
    first = WarningSignClassifier(examples, saved)
    assert "upfront_fee" in first.signs("pay the admin fee first, then you work in the shop")
    assert saved.exists()

    trainings = []
    real_train = sign_classifier.train
    monkeypatch.setattr(sign_classifier, "train", lambda *args: trainings.append(args) or real_train(*args))
    second = WarningSignClassifier(examples, saved)
    second.warm_up()
    assert trainings == []  # loaded from the file

    write_examples(examples, synthetic_messages(seed=1))
    second.warm_up()
    assert len(trainings) == 1


def test_a_check_reads_the_examples_again_only_when_a_file_was_touched(tmp_path, monkeypatch):
    examples, saved = tmp_path / "examples", tmp_path / "models" / "signs.joblib"
    write_examples(examples, synthetic_messages())
    signs = WarningSignClassifier(examples, saved)
    signs.warm_up()

    readings = []
    real_fingerprint = sign_classifier.fingerprint
    monkeypatch.setattr(sign_classifier, "fingerprint", lambda *args: readings.append(args) or real_fingerprint(*args))
    for _ in range(3):
        signs.signs("pay the deposit first")
    assert readings == []

    (examples / "yy.yml").write_text("messages: []\n", encoding="utf-8")
    signs.signs("pay the deposit first")
    assert readings


@pytest.mark.parametrize(
    "text",
    [
        "Work in London, flight and visa paid, 3000 a month, send 150 for the file first",
        "t'es trop belle, envoie une photo, c'est notre secret",
        "Hola! Trabajo fácil, sin papeles, te pagamos el billete",
    ],
)
def test_the_classifier_only_adds_to_what_the_patterns_find(text):
    from_patterns = [match.label for match in WARNING_SIGNS.matches(text)]
    assert warning_signs(text)[: len(from_patterns)] == from_patterns
