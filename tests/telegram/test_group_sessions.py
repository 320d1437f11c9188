"""Group sessions led by a youth worker, with the real Telegram application against the stand-in Bot
API: facilitator codes, native quiz polls with the right answer, /next only from the facilitator,
the anonymous summary, and the discussion prompts sent privately. No Rasa is needed."""

from __future__ import annotations

import asyncio

import pytest

from bot.locales import fill
from bot.nlg import ResponseRenderer
from bot.sessions import load_session_plan
from bot.telegram.group_sessions import MAX_WRONG_CODES, FacilitatorCodes
from bot.telegram.replies import Payloads, to_telegram
from tests.conftest import SUPPORTED, free_port
from tests.telegram.conftest import running_bot
from tests.telegram.fake_bot_api import User

RENDER = ResponseRenderer()
PLAN = load_session_plan()
CODE = "shelter-2026-blue"
NO_RASA = f"http://127.0.0.1:{free_port()}"  # group sessions never ask Rasa


def shown(key: str, language: str, **variables) -> str:
    return to_telegram([RENDER.render(key, language, variables)], Payloads())[0].html


def run(scenario):
    return asyncio.run(asyncio.wait_for(scenario, timeout=120))


class Chat:
    """Reads what the bot sent to one chat, message after message."""

    def __init__(self, api, chat_id: int) -> None:
        self.api, self.chat_id, self.seen = api, chat_id, 0

    async def next(self, count: int = 1) -> list[dict]:
        messages = await self.api.wait_for(self.chat_id, self.seen + count)
        new, self.seen = messages[self.seen :], self.seen + count
        return new

    async def nothing_more(self) -> None:
        await self.api.settle(0.5)
        assert len(self.api.sent[self.chat_id]) == self.seen, self.api.sent[self.chat_id][self.seen :]


async def start_session(api, facilitator: User, group: int, language: str, module_index: int) -> Chat:
    """The youth worker starts a session with the code and picks a module; the chat is read up to
    the first poll."""
    chat = Chat(api, group)
    command = api.group_message(facilitator, group, f"/session {CODE} {language}")
    [start] = await chat.next()
    assert start["text"] == shown("utter_session_group_start", language)
    assert (group, command["message"]["message_id"]) in api.deleted  # the code does not stay readable
    pick = start["reply_markup"]["inline_keyboard"][module_index][0]
    api.user_presses(facilitator, start, pick["callback_data"])
    module = PLAN.modules[module_index]
    intro = RENDER.sessions.intro(language, module.id)
    messages = await chat.next(len(intro) + 2)
    assert [m["text"] for m in messages[: len(intro)]] == [
        shown("utter_session_intro", language, module=module.id, part=i) for i in range(len(intro))
    ]
    return chat


@pytest.mark.parametrize("language", SUPPORTED)
def test_a_youth_worker_runs_a_whole_module_with_quiz_polls(language):
    module_index = SUPPORTED.index(language) % len(PLAN.modules)
    module = PLAN.modules[module_index]
    facilitator, young = User(7001, language), User(7002, language)
    group = -4000 - SUPPORTED.index(language)

    async def scenario():
        async with running_bot(NO_RASA, facilitator_codes=frozenset({CODE})) as (api, _):
            chat = await start_session(api, facilitator, group, language, module_index)
            votes = []
            for step, item in enumerate(module.scenarios):
                if step:
                    await chat.next(2)
                card, poll_message = api.sent[group][chat.seen - 2 : chat.seen]
                assert card["text"] == shown(
                    "utter_session_group_card",
                    language,
                    module=module.id,
                    scenario=item.id,
                    number=step + 1,
                    total=len(module.scenarios),
                )
                poll = poll_message["poll"]
                assert poll["type"] == "quiz" and poll["is_anonymous"]
                assert poll["correct_option_ids"] == [item.correct_index]
                assert [o["text"] for o in poll["options"]] == RENDER.sessions.choice_texts(language, module, item)
                explanation = RENDER.sessions.scenario(language, module.id, item.id, "explanation")
                assert poll["explanation"] == explanation.replace("{emergency_number}", "112")
                # A young person's /next changes nothing; the facilitator's closes the poll.
                api.group_message(young, group, "/next")
                [refusal] = await chat.next()
                assert refusal["text"] == shown("utter_session_group_only_facilitator", language)
                assert poll_message["message_id"] not in api.stopped_polls
                counts = [(step + i) % 4 for i in range(len(item.choices))]
                api.votes[poll_message["message_id"]] = counts
                votes.append(counts)
                api.group_message(facilitator, group, "/next")
                [answer] = await chat.next()
                assert answer["text"] == shown(
                    "utter_session_group_answer", language, module=module.id, scenario=item.id
                )
                assert api.stopped_polls[-1] == poll_message["message_id"]
            summary, end = await chat.next(2)
            assert summary["text"] == shown(
                "utter_session_group_summary", language, results=expected_results(language, module, votes)
            )
            assert end["text"] == shown("utter_session_group_end", language, module=module.id)
            [prompts] = await api.wait_for(facilitator.id, 1)
            assert prompts["text"] == shown("utter_session_group_prompts", language, module=module.id)
            await chat.nothing_more()
            # The session is over: /next does nothing, and a new one needs the code again.
            api.group_message(facilitator, group, "/next")
            await chat.nothing_more()

    run(scenario())


def expected_results(language: str, module, votes: list[list[int]]) -> str:
    lines = []
    for number, (item, counts) in enumerate(zip(module.scenarios, votes, strict=False), start=1):
        question = RENDER.sessions.scenario(language, module.id, item.id, "question")
        lines.append(
            fill(RENDER.locales.label("session_result_question", language), {"number": number, "question": question})
        )
        for index, (choice, count) in enumerate(
            zip(RENDER.sessions.choice_texts(language, module, item), counts, strict=True)
        ):
            mark = "✅" if index == item.correct_index else "▫️"
            label = RENDER.locales.label("session_result_choice", language)
            lines.append(fill(label, {"mark": mark, "choice": choice, "count": count}))
    return "\n".join(lines)


def test_wrong_codes_are_refused_and_too_many_lock_the_group():
    facilitator, group = User(7101, "en"), -4100

    async def scenario():
        async with running_bot(NO_RASA, facilitator_codes=frozenset({CODE})) as (api, _):
            chat = Chat(api, group)
            for attempt in range(MAX_WRONG_CODES):
                api.group_message(facilitator, group, f"/session wrong-code-{attempt}")
                [refused] = await chat.next()
                assert refused["text"] == shown("utter_session_group_wrong_code", "en")
            api.group_message(facilitator, group, f"/session {CODE}")
            [locked] = await chat.next()
            assert locked["text"] == shown("utter_session_group_locked", "en")
            assert not api.polls(group)
            # Without a code: how to start; never a session.
            api.group_message(facilitator, group, "/session")
            [how] = await chat.next()
            assert how["text"] == shown("utter_session_group_how", "en")

    run(scenario())


def test_without_codes_set_group_sessions_are_off():
    facilitator, group = User(7201, "fr"), -4200

    async def scenario():
        async with running_bot(NO_RASA) as (api, _):
            api.group_message(facilitator, group, "/session anything-at-all")
            [answer] = await Chat(api, group).next()
            assert answer["text"] == shown("utter_session_group_not_set_up", "fr")

    run(scenario())


def test_only_the_facilitator_picks_and_stops_and_stop_gives_the_summary_so_far():
    facilitator, young, group = User(7301, "de"), User(7302, "de"), -4300
    module = PLAN.modules[2]

    async def scenario():
        async with running_bot(NO_RASA, facilitator_codes=frozenset({CODE})) as (api, _):
            chat = Chat(api, group)
            api.group_message(facilitator, group, f"/session {CODE}")  # German from the Telegram app
            [start] = await chat.next()
            assert start["text"] == shown("utter_session_group_start", "de")
            button = start["reply_markup"]["inline_keyboard"][2][0]["callback_data"]
            api.user_presses(young, start, button)
            [refusal] = await chat.next()
            assert refusal["text"] == shown("utter_session_group_only_facilitator", "de")
            # A second /session while one runs is refused, even with the right code.
            api.group_message(young, group, f"/session {CODE}")
            [running] = await chat.next()
            assert running["text"] == shown("utter_session_group_running", "de")
            api.user_presses(facilitator, start, button)
            await chat.next(len(RENDER.sessions.intro("de", module.id)) + 2)
            poll_id = api.polls(group)[-1]["message_id"]
            api.votes[poll_id] = [1] * len(module.scenarios[0].choices)
            api.group_message(young, group, "/stop")
            [refusal] = await chat.next()
            assert refusal["text"] == shown("utter_session_group_only_facilitator", "de")
            api.group_message(facilitator, group, "/stop")
            answer, summary, end = await chat.next(3)
            assert answer["text"] == shown(
                "utter_session_group_answer", "de", module=module.id, scenario=module.scenarios[0].id
            )
            votes = [[1] * len(module.scenarios[0].choices)]
            assert summary["text"] == shown(
                "utter_session_group_summary", "de", results=expected_results("de", module, votes)
            )
            [prompts] = await api.wait_for(facilitator.id, 1)
            assert prompts["text"] == shown("utter_session_group_prompts", "de", module=module.id)
            assert len(api.polls(group)) == 1
            await chat.nothing_more()

    run(scenario())


def test_prompts_a_youth_worker_cannot_receive_are_reported_in_the_group():
    facilitator, group = User(7401, "es"), -4400

    async def scenario():
        async with running_bot(NO_RASA, facilitator_codes=frozenset({CODE})) as (api, _):
            api.blocked_chats.add(facilitator.id)  # never opened a private chat with the bot
            chat = await start_session(api, facilitator, group, "es", 4)
            for _ in PLAN.modules[4].scenarios[1:]:
                api.group_message(facilitator, group, "/next")
                await chat.next(3)
            api.group_message(facilitator, group, "/next")
            _, _, _, failed = await chat.next(4)
            assert failed["text"] == shown("utter_session_group_prompts_failed", "es")

    run(scenario())


def test_facilitator_codes_lock_per_group_and_per_person_for_an_hour():
    now = [0.0]
    codes = FacilitatorCodes(frozenset({CODE}), clock=lambda: now[0])
    for _ in range(MAX_WRONG_CODES):
        assert codes.check("guess", "group-a", "person-1") == "wrong"
    assert codes.check(CODE, "group-a", "person-2") == "locked"  # the group is locked
    assert codes.check(CODE, "group-b", "person-1") == "locked"  # and so is the person
    assert codes.check(CODE, "group-b", "person-2") == "ok"
    now[0] += 3601
    assert codes.check(CODE, "group-a", "person-1") == "ok"
