"""Faro's real Telegram application against the stand-in Bot API (fake_bot_api.py)."""

from __future__ import annotations

import contextlib

from bot.telegram.app import build_application
from bot.telegram.settings import TelegramSettings
from tests.telegram.fake_bot_api import FakeBotApi

ID_SECRET = b"test-secret-of-at-least-32-characters!!"


@contextlib.asynccontextmanager
async def running_bot(
    rasa_url: str,
    rasa_timeout: float = 20.0,
    messages_per_minute: int = 20,
    facilitator_codes: frozenset[str] = frozenset(),
):
    """The stand-in API and the bot polling it, as `make telegram` runs it (minus the servers)."""
    api = FakeBotApi()
    await api.start()
    settings = TelegramSettings(
        token=api.token,
        id_secret=ID_SECRET,
        base_url=api.base_url,
        rasa_url=rasa_url,
        rasa_timeout=rasa_timeout,
        messages_per_minute=messages_per_minute,
        facilitator_codes=facilitator_codes,
    )
    application = build_application(settings)
    await application.initialize()
    await application.post_init(application)
    await application.start()
    await application.updater.start_polling(poll_interval=0.0, timeout=1)
    try:
        yield api, application
    finally:
        await application.updater.stop()
        await application.stop()
        await application.shutdown()
        await application.post_shutdown(application)
        await api.stop()
