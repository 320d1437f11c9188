"""The safety components of the NLU pipeline, on single messages (no trained model needed)."""

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.nlu_components import ChannelIntent, EmergencyDetector


def message(text, intent, confidence, ranking=(), metadata=None):
    ranked = [{"name": intent, "confidence": confidence}, *[{"name": n, "confidence": c} for n, c in ranking]]
    data = {"text": text, "intent": {"name": intent, "confidence": confidence}, "intent_ranking": ranked}
    if metadata is not None:
        data["metadata"] = metadata
    return Message(data=data)


@pytest.fixture
def detector():
    return EmergencyDetector({"classifier_threshold": 0.6})


def test_a_danger_pattern_wins_over_any_classifier_guess(detector):
    [parsed] = detector.process([message("he locked me in the room and took my passport", "greet", 0.99)])
    assert parsed.get("intent") == {"name": "emergency", "confidence": 1.0}
    assert parsed.get("danger")["classifier"] == {"name": "greet", "confidence": 0.99}


def test_an_unsure_emergency_guess_without_a_pattern_stays_an_emergency_marked_unsure(detector):
    [parsed] = detector.process([message("qwzx words", "emergency", 0.41, [("out_of_scope", 0.3)])])
    assert parsed.get("intent")["name"] == "emergency"
    assert parsed.get("danger")["categories"] == ["unsure"]


def test_a_sure_emergency_guess_stays_without_a_pattern(detector):
    [parsed] = detector.process([message("qwzx unknown words", "emergency", 0.7, [("greet", 0.1)])])
    assert parsed.get("intent")["name"] == "emergency" and parsed.get("danger")["categories"] == []


def test_a_forwarded_message_is_a_message_to_check_but_danger_still_comes_first(detector):
    forwarded = {"check_message": True}
    [offer] = ChannelIntent().process([message("hotel job in Dubai", "risk_job_offer", 0.8, metadata=forwarded)])
    assert offer.get("intent")["name"] == "check_message"
    [threat] = detector.process(
        ChannelIntent().process([message("he hit me and locked me in", "greet", 0.5, metadata=forwarded)])
    )
    assert threat.get("intent")["name"] == "emergency"
    [typed] = ChannelIntent().process([message("hotel job in Dubai", "risk_job_offer", 0.8, metadata={})])
    assert typed.get("intent")["name"] == "risk_job_offer"


class AlwaysDanger:
    """A danger classifier that says yes to every text, to see what the detector does with a yes."""

    threshold = 0.5

    def probability(self, text):
        return 0.9

    def reaches_threshold(self, probability):
        return probability >= self.threshold


def test_what_only_the_danger_classifier_catches_gets_the_careful_emergency_answer():
    detector = EmergencyDetector({"classifier_threshold": 0.6}, danger=AlwaysDanger())
    [parsed] = detector.process([message("qwzx words", "risk_debt", 0.7, [("greet", 0.1)])])
    assert parsed.get("intent") == {"name": "emergency", "confidence": 1.0}
    assert parsed.get("danger")["categories"] == ["unsure"]
    assert parsed.get("danger")["classifier"] == {"name": "risk_debt", "confidence": 0.7}
    assert parsed.get("intent_ranking")[1]["name"] == "risk_debt"


def test_the_danger_classifier_does_not_soften_a_pattern_or_a_sure_guess():
    detector = EmergencyDetector({"classifier_threshold": 0.6}, danger=AlwaysDanger())
    [pattern] = detector.process([message("he locked me in the room", "greet", 0.9)])
    [sure] = detector.process([message("qwzx words", "emergency", 0.8)])
    assert pattern.get("danger")["categories"] != ["unsure"]
    assert sure.get("danger")["categories"] == []


def test_without_a_danger_classifier_nothing_else_changes(detector):
    [parsed] = detector.process([message("qwzx words", "risk_debt", 0.7)])
    assert parsed.get("intent")["name"] == "risk_debt"
    assert parsed.get("danger")["danger_classifier"] == {"probability": 0.0, "threshold": None}


@pytest.mark.parametrize(
    "text",
    [
        "my brother hit me with the pillow lol",
        "haha my mum will kill me if im late 😂",
        "what should i do if one day my boss takes my passport?",
        "two years ago they locked us in a room in libya, but now im safe",
        "in the film the girl is locked in a basement",
        "mi madre me mata si llego tarde jajaja",
        "i want to die of embarrassment, i fell in front of the class",
        "il ma frappe au foot mdr",
        "الملل بيقتلني هون",
    ],
)
def test_a_not_now_marker_turns_the_alarm_into_the_careful_answer_never_silence(detector, text):
    [parsed] = detector.process([message(text, "emergency", 0.9)])
    assert parsed.get("intent")["name"] == "emergency"
    assert parsed.get("danger")["categories"] == ["unsure"]
    assert parsed.get("danger")["not_now"]


@pytest.mark.parametrize(
    "text",
    [
        "he is hitting me right now",
        "im not joking he has a knife and he says he will kill me",
        "no es broma, me quiero morir",
        "i want to die lol",
        "what do i do if i want to kill myself tonight 😂",
        "they keep me here for 2 months and i cant go out",
        "ما عم بمزح، حابسني بالبيت",
    ],
)
def test_danger_with_no_marker_keeps_the_full_alarm(detector, text):
    [parsed] = detector.process([message(text, "greet", 0.9)])
    assert parsed.get("intent")["name"] == "emergency"
    assert parsed.get("danger")["categories"] not in ([], ["unsure"]), parsed.get("danger")
    assert parsed.get("danger")["not_now"] == []
