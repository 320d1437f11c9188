"""Builds Faro's python-telegram-bot Application and runs it, by long polling or by webhook.

Telegram's 429 answers are waited out and retried by python-telegram-bot's AIORateLimiter, which
also keeps the bot under Telegram's flood limits; network errors and 5xx answers are retried by
the same limiter (NetworkRetryLimiter), and polling recovers by itself.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from telegram import BotCommand
from telegram.error import BadRequest, Conflict, NetworkError
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder

from bot.language import load_settings
from bot.locales import Locales
from bot.telegram.handlers import COMMAND_INTENTS, FaroTelegram
from bot.telegram.rasa_client import RasaClient
from bot.telegram.settings import TelegramSettings

logger = logging.getLogger(__name__)

COMMANDS = (*COMMAND_INTENTS, "session", "forget")
NETWORK_RETRIES = 3


class NetworkRetryLimiter(AIORateLimiter):
    """AIORateLimiter retries 429 (RetryAfter); this one also retries Telegram's 5xx answers and
    network errors, with a growing pause (0.5 s, 1 s, 2 s)."""

    async def process_request(self, callback, args, kwargs, endpoint, data, rate_limit_args) -> Any:
        attempt = 0
        while True:
            try:
                return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
            except (BadRequest, Conflict):
                raise  # our request is wrong: sending it again will not help
            except NetworkError:  # 5xx, 502, time-outs, connection errors (RetryAfter is not one)
                if attempt >= NETWORK_RETRIES or endpoint == "getUpdates":
                    raise  # polling has its own recovery
                await asyncio.sleep(0.5 * 2**attempt)
                attempt += 1


def command_menus(locales: Locales | None = None) -> dict[str, list[BotCommand]]:
    """The command list in each supported language (locale labels ``command_<name>``)."""
    settings = load_settings()
    locales = locales or Locales(default_language=settings.default)
    return {
        language: [BotCommand(name, locales.label(f"command_{name}", language)) for name in COMMANDS]
        for language in settings.supported
    }


async def register_commands(application: Application) -> None:
    menus = command_menus()
    default = load_settings().default
    await application.bot.set_my_commands(menus[default])
    for language, commands in menus.items():
        await application.bot.set_my_commands(commands, language_code=language)


def build_application(settings: TelegramSettings) -> Application:
    rasa = RasaClient(settings.rasa_url, settings.rasa_timeout)
    faro = FaroTelegram(settings, rasa)

    async def post_init(application: Application) -> None:
        await register_commands(application)

    async def post_shutdown(application: Application) -> None:
        await rasa.close()

    application = (
        ApplicationBuilder()
        .token(settings.token)
        .base_url(f"{settings.base_url}/bot")
        .base_file_url(f"{settings.base_url}/file/bot")
        .rate_limiter(NetworkRetryLimiter(max_retries=3))
        # Many young people at once; each one's messages stay in order (ConversationLocks).
        .concurrent_updates(True)
        .post_init(post_init)
        .post_shutdown(post_shutdown)
        .build()
    )
    faro.register(application)
    application.bot_data["faro"] = faro
    return application


def quiet_library_logs() -> None:
    # httpx logs every request URL at INFO, and the URL holds the bot token.
    for name in ("httpx", "httpcore", "telegram", "apscheduler"):
        logging.getLogger(name).setLevel(logging.WARNING)


WEBHOOK_PATH = "telegram"


def webhook_options(settings: TelegramSettings) -> dict[str, Any]:
    """Where the webhook listens and how Telegram proves it is Telegram: the secret token comes back
    in the X-Telegram-Bot-Api-Secret-Token header, and python-telegram-bot answers 403 without it."""
    return {
        "listen": settings.webhook_listen,
        "port": settings.webhook_port,
        "url_path": WEBHOOK_PATH,
        "webhook_url": settings.webhook_url,
        "secret_token": settings.webhook_secret,
    }


def run(settings: TelegramSettings) -> None:
    quiet_library_logs()
    application = build_application(settings)
    if settings.webhook:
        logger.info("Telegram: webhook on %s:%s", settings.webhook_listen, settings.webhook_port)
        application.run_webhook(**webhook_options(settings))
    else:
        logger.info("Telegram: long polling")
        application.run_polling()
