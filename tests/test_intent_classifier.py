"""Faro's intent classifier (bot/intent_classifier.py) as Rasa trains and runs it. Its accuracy on
the held-out split: tests/test_nlu_heldout.py and bench/results.md."""

import random

import pytest
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.intent_classifier import CharNgramIntentClassifier

# Two languages per intent, as data/nlu/ has them: Rasa reads them file by file, so grouped.
PHRASES = {
    "greet": ["hello there", "hi friend", "good morning", "salut toi", "bonjour a tous", "coucou"],
    "ask_helpline": [
        "who can i call",
        "helpline number",
        "phone for help",
        "qui appeler",
        "numero d aide",
        "ligne d ecoute",
    ],
    "risk_job_offer": [
        "job abroad paid",
        "work offer travel",
        "easy job money",
        "travail a l etranger",
        "offre de job",
        "boulot facile",
    ],
}


def examples():
    chance = random.Random(1)
    made = []
    for intent, phrases in PHRASES.items():
        for phrase in phrases:
            for _ in range(6):
                made.append((f"{phrase} {chance.choice(['', 'pls', 'svp', '?', 'ok'])}".strip(), intent))
    return made


def trained(tmp_path, pairs, name):
    classifier = CharNgramIntentClassifier.create({}, LocalModelStorage(tmp_path), Resource(name), None)
    classifier.train(TrainingData([Message(data={"text": text, "intent": intent}) for text, intent in pairs]))
    return classifier


def ranking(classifier, text):
    message = Message(data={"text": text})
    classifier.process([message])
    return [(entry["name"], entry["confidence"]) for entry in message.get("intent_ranking")]


@pytest.mark.xfail(
    strict=True, reason="known defect: the calibration depends on the examples' order (bot/intent_classifier.py)"
)
def test_grouped_examples_give_the_same_confidences_as_mixed_ones(tmp_path):
    # Rasa hands examples over grouped by intent and language; the calibration must not depend on it.
    grouped = examples()
    mixed = grouped[:]
    random.Random(2).shuffle(mixed)
    first, second = trained(tmp_path, grouped, "grouped"), trained(tmp_path, mixed, "mixed")
    for text in ["hello", "qui je peux appeler", "a job abroad with travel paid", "🙂"]:
        one, other = ranking(first, text), ranking(second, text)
        assert [name for name, _ in one] == [name for name, _ in other]
        assert [confidence for _, confidence in one] == pytest.approx([confidence for _, confidence in other])


def test_it_finds_the_intent_in_either_language(tmp_path):
    classifier = trained(tmp_path, examples(), "model")
    assert ranking(classifier, "bonjour")[0][0] == "greet"
    assert ranking(classifier, "which helpline number can i call")[0][0] == "ask_helpline"
    assert ranking(classifier, "une offre de travail a l etranger")[0][0] == "risk_job_offer"
