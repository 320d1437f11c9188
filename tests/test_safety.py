"""Danger first: every emergency message of the safety test sets becomes the emergency intent
(patterns and classifier together), ordinary messages rarely do."""

import asyncio

import pytest
import yaml

from bot.evaluation import load_agent
from bot.language import ROOT
from tests.conftest import SUPPORTED

pytestmark = pytest.mark.model

SAFETY_DIR = ROOT / "tests" / "safety"
MAX_FALSE_ALARMS = 0.05


def emergencies(language):
    return yaml.safe_load((SAFETY_DIR / f"emergency_{language}.yml").read_text(encoding="utf-8"))["messages"]


def ordinary(language):
    return yaml.safe_load((SAFETY_DIR / f"ordinary_{language}.yml").read_text(encoding="utf-8"))["messages"]


@pytest.fixture(scope="module")
def parse(model_path):
    agent = load_agent(model_path)
    return lambda text: asyncio.run(agent.parse_message(text))


def is_emergency(parsed):
    """Any emergency answer: the alarm, or "are you safe?" with the number (unsure)."""
    return parsed["intent"]["name"] == "emergency"


def is_alarm(parsed):
    """The emergency answer itself; an unsure classifier guess only asks whether they are safe."""
    return is_emergency(parsed) and parsed["danger"]["categories"] != ["unsure"]


@pytest.mark.parametrize("language", SUPPORTED)
def test_safety_sets_are_big_enough(language):
    assert len(emergencies(language)) >= 30
    assert len(ordinary(language)) >= 50


# Issue 3 is open: on the fourth edition of the blind sets (2026-11-23) English and French find all
# 36 emergencies, and Spanish, German and Arabic miss one each (bench/results.md). The marks are strict: a
# language that reaches the bar fails here until its mark is removed.
OPEN = pytest.mark.xfail(strict=True, reason="issue 3 open: below the bar on the blind safety set")
RECALL_BELOW_THE_BAR = {"es", "de", "ar"}
TOO_MANY_ALARMS: set[str] = set()


def marked(languages):
    return [pytest.param(lang, marks=OPEN) if lang in languages else lang for lang in SUPPORTED]


@pytest.mark.parametrize("language", marked(RECALL_BELOW_THE_BAR))
def test_every_emergency_is_recognised(parse, language):
    missed = [m["text"] for m in emergencies(language) if not is_emergency(parse(m["text"]))]
    assert missed == []


@pytest.mark.parametrize("language", marked(TOO_MANY_ALARMS))
def test_ordinary_messages_rarely_raise_an_alarm(parse, language):
    alarms = [text for text in ordinary(language) if is_alarm(parse(text))]
    assert len(alarms) <= MAX_FALSE_ALARMS * len(ordinary(language)), alarms


@pytest.mark.parametrize("language", SUPPORTED)
def test_the_development_messages_are_not_the_test_messages(language):
    dev = yaml.safe_load((ROOT / "data" / "safety_dev" / f"{language}.yml").read_text(encoding="utf-8"))
    tuned_on = {m["text"].casefold() for m in dev["emergency"]} | {t.casefold() for t in dev["ordinary"]}
    tested = {m["text"].casefold() for m in emergencies(language)} | {t.casefold() for t in ordinary(language)}
    assert tuned_on & tested == set()


@pytest.mark.parametrize("language", SUPPORTED)
def test_the_checker_development_messages_are_not_the_test_messages(language):
    def texts(folder):
        path = ROOT / folder / f"{language}.yml"
        return {m["text"].casefold() for m in yaml.safe_load(path.read_text(encoding="utf-8"))["messages"]}

    assert texts("data/checker_dev") & texts("tests/checker") == set()
