"""Guided sessions: the shape of the modules, their words in every language, the progress kept
between messages, and the texts a young person sees."""

import re

import pytest

from bot.locales import Locales
from bot.nlg import ResponseRenderer
from bot.sessions import MIN_MODULES, SIGNS, Progress, SessionTexts, load_session_plan, read_session_plan
from tests.conftest import SUPPORTED

PLAN = load_session_plan()
RENDER = ResponseRenderer()
TOPICS = {"fake_jobs", "online_relationships", "images_sextortion", "travel_debts", "getting_help"}


def test_the_five_topics_of_the_issue_are_there_and_the_shape_is_right():
    assert {m.id for m in PLAN.modules} >= TOPICS and len(PLAN.modules) >= MIN_MODULES
    assert PLAN.problems() == []


def test_the_right_answer_is_not_always_in_the_same_place():
    positions = {s.correct_index for m in PLAN.modules for s in m.scenarios}
    assert len(positions) >= 3


@pytest.mark.parametrize("language", SUPPORTED)
def test_every_module_scenario_and_choice_has_its_words(language):
    # Missing texts, feedback for every choice, Telegram's limits, only {emergency_number}.
    assert RENDER.sessions.problems(language) == []


def test_problems_are_found_in_a_broken_module(tmp_path):
    plan = tmp_path / "sessions.yml"
    plan.write_text(
        "modules:\n  - id: one\n    scenarios:\n      - {id: a, choices: [x], correct: y, signs: [nope]}\n",
        encoding="utf-8",
    )
    problems = read_session_plan(plan).problems()
    assert "1 modules, at least 5 needed" in problems
    assert "one.a: 1 choices, 2–4 allowed" in problems
    assert "one.a: the right answer 'y' is not one of the choices" in problems
    assert "one.a: unknown signs ['nope']" in problems
    locales = tmp_path / "locales"
    locales.mkdir()
    (locales / "en.yml").write_text(
        "sessions:\n  one:\n    title: A title much longer than any button can show, really\n"
        "    intro: [Hi]\n    takeaway: Call {helpline}\n    discussion: [Why]\n"
        "    scenarios:\n      a:\n        card: C\n        question: Q\n        explanation: E\n"
        "        choices: {x: X}\n        feedback: {z: Z}\n",
        encoding="utf-8",
    )
    texts = SessionTexts(Locales(locales), read_session_plan(plan)).problems("en")
    assert "one.title: 52 characters, at most 40" in texts
    assert "one.takeaway: unknown variable(s) ['helpline'], only ['emergency_number'] is filled" in texts
    assert "one.scenarios.a.feedback.x: missing" in texts
    assert "one.scenarios.a.feedback.z: not a choice of data/sessions.yml" in texts


def test_scenarios_name_only_signs_the_checker_explains():
    for language in SUPPORTED:
        labels = RENDER.locales.data(language)["labels"]
        assert all(f"sign_{sign}" in labels for sign in SIGNS)


@pytest.mark.parametrize(
    "slot",
    [None, "text", {"module": "gone"}, {"module": "fake_jobs", "step": 99}, {"module": "fake_jobs", "step": "x"}],
)
def test_progress_that_no_longer_fits_the_modules_is_ignored(slot):
    assert Progress.from_slot(slot, PLAN) is None


def test_progress_counts_right_answers_and_ends_after_the_last_scenario():
    module = PLAN.modules[0]
    progress = Progress(module.id)
    for step in range(len(module.scenarios)):
        assert not progress.finished(PLAN)
        progress = progress.answered(right=step % 2 == 0)
    assert progress.finished(PLAN)
    assert progress.score == (len(module.scenarios) + 1) // 2
    assert Progress.from_slot({"module": module.id, "step": 1, "score": 7}, PLAN).score == 1  # never more than asked


@pytest.mark.parametrize("language", SUPPORTED)
def test_feedback_names_the_warning_signs_and_the_best_answer_when_wrong(language):
    for module in PLAN.modules:
        for scenario in module.scenarios:
            for choice in scenario.choices:
                key = "utter_session_right" if choice == scenario.correct else "utter_session_wrong"
                text = RENDER.render(key, language, {"module": module.id, "scenario": scenario.id, "choice": choice})[
                    "text"
                ]
                feedback = RENDER.sessions.scenario(language, module.id, scenario.id, "feedback", choice)
                assert feedback.replace("{emergency_number}", "112") in text
                for sign in scenario.signs:
                    assert RENDER.locales.label(f"sign_{sign}", language) in text
                if choice != scenario.correct:
                    best = RENDER.sessions.scenario(language, module.id, scenario.id, "choices", scenario.correct)
                    assert best in text


@pytest.mark.parametrize("language", SUPPORTED)
def test_every_takeaway_gives_a_way_to_help_with_the_country_number(language):
    for module in PLAN.modules:
        text = RENDER.render(
            "utter_session_end", language, {"module": module.id, "score": 1, "total": 3, "country": "US"}
        )
        assert "911" in text["text"] and "{" not in text["text"]


@pytest.mark.parametrize("language", SUPPORTED)
def test_a_scenario_message_fits_a_chat_bubble_and_has_a_button_per_choice(language):
    for module in PLAN.modules:
        for number, scenario in enumerate(module.scenarios, start=1):
            variables = {"module": module.id, "scenario": scenario.id, "number": number, "total": 4}
            message = RENDER.render("utter_session_scenario", language, variables)
            assert len(message["text"]) <= 700
            assert [b["payload"] for b in message["buttons"]] == [
                f'/session_answer{{"scenario": "{scenario.id}", "choice": "{choice}"}}' for choice in scenario.choices
            ]


def test_a_third_intro_message_a_module_does_not_have_is_not_sent():
    module = next(m for m in PLAN.modules if len(RENDER.sessions.intro("en", m.id)) < 3)
    assert RENDER.render("utter_session_intro", "en", {"module": module.id, "part": 2}) is None


@pytest.mark.parametrize("language", SUPPORTED)
def test_sentences_stay_short_for_young_readers(language):
    # A reading-level hint (CEFR A2): short sentences; a list of quoted signs may run a little longer.
    texts = []

    def walk(value):
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, (list, dict)):
            for item in value.values() if isinstance(value, dict) else value:
                walk(item)

    walk(RENDER.locales.data(language)["sessions"])
    words = [len(s.split()) for t in texts for s in re.split(r"(?<=[.!?])\s+|\n", t) if s.strip()]
    assert max(words) <= 30
    assert sum(words) / len(words) <= 12
