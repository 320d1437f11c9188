"""The real Telegram application against the stand-in Bot API and the real Rasa servers: each kind
of conversation of issue 4, in every language, as a young person would have it."""

from __future__ import annotations

import asyncio
import logging
import socket

import pytest

from bot.helplines import load_helplines
from bot.nlg import ResponseRenderer
from bot.rest_client import send, tracker
from bot.sessions import load_session_plan
from bot.telegram.app import quiet_library_logs
from bot.telegram.conversation import conversation_id
from bot.telegram.replies import Payloads, to_telegram
from bot.telegram.settings import TelegramSettings
from tests.conftest import SUPPORTED, conversation
from tests.telegram.conftest import ID_SECRET, running_bot
from tests.telegram.fake_bot_api import User

pytestmark = pytest.mark.model

RENDER = ResponseRenderer()
SCAM = (
    "Hello dear, we need young girls for hotel work in Dubai, 3000$ a month, no experience needed, "
    "flight and visa paid by us. Send a copy of your passport today, only 3 places left!"
)


def shown(key: str, language: str, **variables) -> str:
    """The text as the bot sends it to Telegram (escaped)."""
    return to_telegram([RENDER.render(key, language, variables)], Payloads())[0].html


def texts(messages: list[dict]) -> list[str]:
    return [m["text"] for m in messages]


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(scenario):
    return asyncio.run(asyncio.wait_for(scenario, timeout=120))


@pytest.mark.parametrize("language", SUPPORTED)
def test_start_welcomes_in_the_telegram_language_with_the_menu(rasa_server, language):
    async def scenario():
        async with running_bot(rasa_server[0]) as (api, _):
            user = User(1000 + SUPPORTED.index(language), conversation(language)["telegram_language_code"])
            api.user_says(user, "/start")
            welcome, menu = await api.wait_for(user.id, 2)
            assert welcome["text"] == shown("utter_welcome", language)
            assert menu["text"] == shown("utter_menu", language)
            assert menu["reply_markup"]["inline_keyboard"] and welcome["parse_mode"] == "HTML"

    run(scenario())


@pytest.mark.parametrize("language", SUPPORTED)
def test_a_risk_question_gets_the_answer_rasa_gives(rasa_server, language):
    url = rasa_server[0]
    expected = [
        m.html for m in to_telegram(send(url, f"rest-{language}", conversation(language)["risk_question"]), Payloads())
    ]

    async def scenario():
        async with running_bot(url) as (api, _):
            user = User(1100 + SUPPORTED.index(language), conversation(language)["telegram_language_code"])
            api.user_says(user, conversation(language)["risk_question"])
            assert texts(await api.wait_for(user.id, len(expected))) == expected
            typing = [p for m, p in api.calls if m == "sendChatAction" and int(p["chat_id"]) == user.id]
            assert typing and typing[0]["action"] == "typing"
            await api.settle(0.5)
            assert len(api.sent[user.id]) == len(expected)

    run(scenario())


@pytest.mark.parametrize("language", SUPPORTED)
def test_a_button_press_is_answered_and_sends_its_payload(rasa_server, language):
    async def scenario():
        async with running_bot(rasa_server[0]) as (api, _):
            user = User(1200 + SUPPORTED.index(language), conversation(language)["telegram_language_code"])
            api.user_says(user, "/start")
            _, menu = await api.wait_for(user.id, 2)
            [check] = [
                b for row in menu["reply_markup"]["inline_keyboard"] for b in row if "check" in b["callback_data"]
            ]
            press = api.user_presses(user, menu, check["callback_data"])
            [*_, asked] = await api.wait_for(user.id, 3)
            assert asked["text"] == shown("utter_ask_message_to_check", language)
            assert press["callback_query"]["id"] in api.answered_callbacks

    run(scenario())


@pytest.mark.parametrize("language", SUPPORTED)
def test_a_photo_is_never_downloaded_and_gets_the_safety_answer(rasa_server, language):
    async def scenario():
        async with running_bot(rasa_server[0]) as (api, _):
            user = User(1300 + SUPPORTED.index(language), conversation(language)["telegram_language_code"])
            photo = [{"file_id": "AgAD-photo", "file_unique_id": "u1", "width": 90, "height": 90}]
            api.user_sends(user, photo=photo, caption="look")
            api.user_sends(user, voice={"file_id": "AwAD-voice", "file_unique_id": "u2", "duration": 3})
            answers = await api.wait_for(user.id, 2)
            assert texts(answers) == [shown("utter_media_not_read", language, image_removal="takeitdown.ncmec.org")] * 2
            assert not [method for method, _ in api.calls if method == "getFile"]

    run(scenario())


@pytest.mark.parametrize("language", SUPPORTED)
def test_a_forwarded_message_is_checked_for_warning_signs(rasa_server, language):
    async def scenario():
        async with running_bot(rasa_server[0]) as (api, _):
            user = User(1400 + SUPPORTED.index(language), conversation(language)["telegram_language_code"])
            api.user_says(user, "/start")
            await api.wait_for(user.id, 2)
            api.user_forwards(user, SCAM)
            result, next_steps = (await api.wait_for(user.id, 4))[2:]
            many = RENDER.locales.response("utter_check_many_signs", language).text.split("\n")[0]
            assert result["text"].startswith(many.split("{")[0].strip()[:20])
            assert RENDER.locales.label("sign_documents", language) in result["text"]
            assert next_steps["text"] == shown("utter_check_next_steps", language)

    run(scenario())


@pytest.mark.parametrize("language", SUPPORTED)
def test_forget_deletes_the_conversation_in_the_tracker_store(rasa_server, language):
    url = rasa_server[0]

    async def scenario():
        async with running_bot(url) as (api, _):
            user = User(1500 + SUPPORTED.index(language), language)
            api.user_says(user, "/start")
            await api.wait_for(user.id, 2)
            sender = conversation_id(ID_SECRET, user.id)
            events = (await asyncio.to_thread(tracker, url, sender))["events"]
            [said] = [e for e in events if e["event"] == "user"]
            assert {k: said["metadata"][k] for k in ("language_code", "chat_type")} == {
                "language_code": language,
                "chat_type": "private",
            }
            api.user_says(user, "/forget")
            [*_, done] = await api.wait_for(user.id, 3)
            assert done["text"] == shown("utter_forgotten", language)
            events = (await asyncio.to_thread(tracker, url, sender))["events"]
            assert [e for e in events if e["event"] in ("user", "bot")] == []

    run(scenario())


@pytest.mark.parametrize("language", SUPPORTED)
def test_rasa_down_still_gives_112_and_the_helplines_of_a_country(rasa_server, language):
    code = conversation(language)["country"]

    async def scenario():
        async with running_bot(f"http://127.0.0.1:{closed_port()}") as (api, _):
            user = User(1600 + SUPPORTED.index(language), conversation(language)["telegram_language_code"])
            api.user_says(user, conversation(language)["short_emergency"])
            [down] = await api.wait_for(user.id, 1)
            assert down["text"] == shown("utter_service_down", language) and "112" in down["text"]
            buttons = [b for row in down["reply_markup"]["inline_keyboard"] for b in row]
            [country] = [b for b in buttons if f'"{code}"' in b["callback_data"]]
            api.user_presses(user, down, country["callback_data"])
            [_, emergency, *services] = await api.wait_for(user.id, 4)
            assert emergency["text"] == shown("utter_helpline_emergency", language, country=code)
            assert load_helplines().child_helpline(code).phone in services[0]["text"]

    run(scenario())


def test_rasa_too_slow_gets_the_safety_message_and_the_bot_recovers(rasa_server):
    async def scenario():
        slow = await slow_server(delay=5)
        async with running_bot(slow, rasa_timeout=1) as (api, application):
            user = User(1700, "de")
            api.user_says(user, "hallo")
            [down] = await api.wait_for(user.id, 1)
            assert down["text"] == shown("utter_service_down", "de")
            # Rasa is back: the next message goes through again.
            application.bot_data["faro"].rasa._client.base_url = rasa_server[0]
            api.user_says(user, "/start")
            assert (await api.wait_for(user.id, 3))[1]["text"] == shown("utter_welcome", "de")

    run(scenario())


async def slow_server(delay: float, replies: list | None = None) -> str:
    """A stand-in Rasa that answers late, or (replies=[]) like Rasa whose action server is down."""
    from aiohttp import web

    async def handle(request):
        await asyncio.sleep(delay)
        return web.json_response([{"text": "too late"}] if replies is None else replies)

    app = web.Application()
    app.router.add_post("/webhooks/rest/webhook", handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    return f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}"


def test_no_reply_from_rasa_as_when_the_action_server_is_down_gets_the_safety_message():
    async def scenario():
        silent = await slow_server(delay=0, replies=[])
        async with running_bot(silent) as (api, _):
            user = User(1750, "fr")
            api.user_says(user, "je suis en France, qui appeler ?")
            assert texts(await api.wait_for(user.id, 1)) == [shown("utter_service_down", "fr")]

    run(scenario())


def test_thirty_users_at_once_get_their_own_replies_and_none_is_lost(rasa_server):
    async def scenario():
        async with running_bot(rasa_server[0], messages_per_minute=20) as (api, _):
            users = [
                User(2000 + i, conversation(SUPPORTED[i % len(SUPPORTED)])["telegram_language_code"]) for i in range(30)
            ]
            for user in users:
                api.user_says(user, "/start")
                api.user_says(user, "/helpline")
            for index, user in enumerate(users):
                language = SUPPORTED[index % len(SUPPORTED)]
                got = texts(await api.wait_for(user.id, 3))
                assert got == [
                    shown("utter_welcome", language),
                    shown("utter_menu", language),
                    shown("utter_helpline_ask_country", language),
                ]
            await api.settle(0.5)
            assert all(len(api.sent[user.id]) == 3 for user in users)

    run(scenario())


@pytest.mark.parametrize("language", SUPPORTED)
def test_a_shared_location_gives_the_helplines_of_that_country(rasa_server, language):
    code = conversation(language)["country"]

    async def scenario():
        async with running_bot(rasa_server[0]) as (api, _):
            user = User(1800 + SUPPORTED.index(language), conversation(language)["telegram_language_code"])
            latitude, longitude = conversation(language)["city"]
            api.user_sends(user, location={"latitude": latitude, "longitude": longitude})
            emergency, first_service, *_ = await api.wait_for(user.id, 2)
            assert emergency["text"] == shown("utter_helpline_emergency", language, country=code)
            assert load_helplines().child_helpline(code).phone in first_service["text"]

    run(scenario())


@pytest.mark.parametrize("language", SUPPORTED)
def test_in_a_group_only_commands_and_mentions_are_answered(rasa_server, language):
    async def scenario():
        async with running_bot(rasa_server[0]) as (api, _):
            user, group = (
                User(1900, conversation(language)["telegram_language_code"]),
                -100500 - SUPPORTED.index(language),
            )
            api.group_message(user, group, "hello everyone, anyone for football?")
            api.group_message(user, group, f"@FaroTestBot {conversation(language)['help_question']}", mention=True)
            [answer, *_] = await api.wait_for(group, 1)
            api.group_message(user, group, "/help@FaroTestBot")
            await api.wait_for(group, 2)
            await api.settle(1)
            words = set("hello everyone anyone football".split())
            assert not any(words & set(m["text"].lower().split()) for m in api.sent[group])
            assert answer["text"] == shown("utter_helpline_ask_country", language)

    run(scenario())


def test_someone_writing_too_fast_is_told_once_kindly(rasa_server):
    async def scenario():
        async with running_bot(rasa_server[0], messages_per_minute=3) as (api, _):
            user = User(2100, "en")
            for _ in range(6):
                api.user_says(user, "hi")
            await api.wait_for(user.id, 4)
            await api.settle(2)
            warnings = [m for m in api.sent[user.id] if m["text"] == shown("utter_too_many_messages", "en")]
            assert len(warnings) == 1

    run(scenario())


def test_telegram_429_and_5xx_answers_are_retried(rasa_server):
    async def scenario():
        async with running_bot(rasa_server[0]) as (api, _):
            api.fail_next("sendMessage", 429)
            api.fail_next("sendMessage", 502)
            user = User(2200, "en")
            api.user_says(user, "/start")
            assert texts(await api.wait_for(user.id, 2)) == [shown("utter_welcome", "en"), shown("utter_menu", "en")]

    run(scenario())


@pytest.mark.parametrize(
    "text", ["🙂🙂🙂", "مرحبا، هل يمكنك مساعدتي؟", "hi\u202e\x00\x07 there", "x" * 4000, "<b>hi</b>", " \x07 "]
)
def test_unusual_messages_get_an_answer(rasa_server, text):
    async def scenario():
        async with running_bot(rasa_server[0]) as (api, _):
            user = User(2300, "en")
            api.user_says(user, text)
            [answer, *_] = await api.wait_for(user.id, 1)
            assert answer["text"]

    run(scenario())


def test_the_command_menu_is_registered_in_every_language(rasa_server):
    async def scenario():
        async with running_bot(rasa_server[0]) as (api, _):
            assert set(api.commands) == {None, *SUPPORTED}
            for language in SUPPORTED:
                names = [c["command"] for c in api.commands[language]]
                assert names == ["start", "help", "language", "helpline", "check", "session", "forget"]
                assert api.commands[language][names.index("forget")]["description"] == RENDER.locales.label(
                    "command_forget", language
                )

    run(scenario())


def test_logs_hold_no_message_text_and_no_telegram_id(rasa_server, caplog):
    quiet_library_logs()  # as `make telegram` runs it: the libraries log request bodies at DEBUG
    caplog.set_level(logging.DEBUG)

    async def scenario():
        async with running_bot(f"http://127.0.0.1:{closed_port()}") as (api, _):
            user = User(987654321, "en")
            api.user_says(user, "my secret words zebra")
            await api.wait_for(user.id, 1)

    run(scenario())
    assert "zebra" not in caplog.text and "987654321" not in caplog.text


def test_webhook_mode_refuses_requests_without_telegrams_secret_token(rasa_server):

    import httpx

    from bot.telegram.app import build_application, webhook_options
    from tests.conftest import free_port
    from tests.telegram.fake_bot_api import FakeBotApi

    async def scenario():
        api = FakeBotApi()
        await api.start()
        port = free_port()
        settings = TelegramSettings(
            token=api.token,
            id_secret=ID_SECRET,
            base_url=api.base_url,
            rasa_url=rasa_server[0],
            webhook_url=f"http://127.0.0.1:{port}/telegram",
            webhook_secret="s3cret-token",
            webhook_port=port,
        )
        application = build_application(settings)
        await application.initialize()
        await application.start()
        await application.updater.start_webhook(**webhook_options(settings))
        try:
            assert [m for m, _ in api.calls if m == "setWebhook"]
            user = User(2400, "en")
            update = {"update_id": 1, "message": api.message(user, "/start")}
            url = settings.webhook_url
            async with httpx.AsyncClient() as client:
                refused = await client.post(url, json=update)
                forged = await client.post(url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "guess"})
                accepted = await client.post(
                    url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret-token"}
                )
            assert (refused.status_code, forged.status_code, accepted.status_code) == (403, 403, 200)
            assert texts(await api.wait_for(user.id, 2))[0] == shown("utter_welcome", "en")
        finally:
            await application.updater.stop()
            await application.stop()
            await application.shutdown()
            await api.stop()

    run(scenario())


COMMANDS = {
    "/help": ["utter_capabilities", "utter_menu"],
    "/language": ["utter_choose_language"],
    "/helpline": ["utter_helpline_ask_country"],
    "/check": ["utter_ask_message_to_check"],
    "/session": ["utter_session_menu"],
    "/next": ["utter_session_menu"],  # no session to go on with: the topics
    "/stop": ["utter_session_stopped"],
}


@pytest.mark.parametrize("language", SUPPORTED)
def test_each_command_gets_its_answer(rasa_server, language):
    async def scenario():
        async with running_bot(rasa_server[0]) as (api, _):
            for index, (command, keys) in enumerate(COMMANDS.items()):
                user = User(
                    2500 + 10 * SUPPORTED.index(language) + index, conversation(language)["telegram_language_code"]
                )
                api.user_says(user, command)
                got = texts(await api.wait_for(user.id, len(keys)))
                assert got == [shown(key, language) for key in keys], command

    run(scenario())


def test_check_followed_by_the_text_checks_that_text(rasa_server):
    async def scenario():
        async with running_bot(rasa_server[0]) as (api, _):
            user = User(2600, "en")
            api.user_says(user, "/check " + SCAM)
            result, next_steps = await api.wait_for(user.id, 2)
            assert RENDER.locales.label("sign_documents", "en") in result["text"]
            assert next_steps["text"] == shown("utter_check_next_steps", "en")

    run(scenario())


@pytest.mark.parametrize("language", SUPPORTED)
def test_a_young_person_takes_a_whole_module_alone_with_buttons(rasa_server, language):
    plan = load_session_plan()
    module = plan.modules[-1 - SUPPORTED.index(language)]

    async def scenario():
        async with running_bot(rasa_server[0]) as (api, _):
            user = User(2700 + SUPPORTED.index(language), conversation(language)["telegram_language_code"])
            api.user_says(user, "/session")
            [menu] = await api.wait_for(user.id, 1)
            titles = [row[0]["text"] for row in menu["reply_markup"]["inline_keyboard"]]
            assert titles == [RENDER.sessions.title(language, m.id) for m in plan.modules]
            pick = menu["reply_markup"]["inline_keyboard"][plan.modules.index(module)][0]["callback_data"]
            api.user_presses(user, menu, pick)
            seen = 1 + len(RENDER.sessions.intro(language, module.id)) + 1
            for step, item in enumerate(module.scenarios):
                question = (await api.wait_for(user.id, seen))[-1]
                assert question["text"] == shown(
                    "utter_session_scenario",
                    language,
                    module=module.id,
                    scenario=item.id,
                    number=step + 1,
                    total=len(module.scenarios),
                )
                buttons = [row[0] for row in _rows(question)]
                assert [b["text"] for b in buttons] == RENDER.sessions.choice_texts(language, module, item)
                api.user_presses(user, question, buttons[item.correct_index]["callback_data"])
                seen += 2  # feedback, then the next question (or the end)
            end, offer = (await api.wait_for(user.id, seen + 1))[-2:]
            total = len(module.scenarios)
            assert end["text"] == shown("utter_session_end", language, module=module.id, score=total, total=total)
            assert offer["text"] == shown("utter_session_help", language)

    run(scenario())


def _rows(message: dict) -> list[list[dict]]:
    """The keyboard's rows; short titles share a row, so flatten them to one button per row."""
    return [[button] for row in message["reply_markup"]["inline_keyboard"] for button in row]
