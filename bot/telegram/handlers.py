"""The Telegram side of a conversation: every kind of update becomes one message to Rasa (or an
answer of the bot's own, offline.py), relayed in order per conversation, many conversations at once.

Privacy: the Rasa sender is a keyed hash of the chat id; message texts, ids and coordinates are
never logged; photos, videos and voice notes are never downloaded.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
from typing import Any

from telegram import Chat, Message, MessageEntity, Update
from telegram.constants import ChatAction, ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.location import country_at
from bot.telegram.conversation import ConversationLocks, RateLimit, conversation_id
from bot.telegram.group_sessions import FacilitatorCodes, GroupSessions
from bot.telegram.offline import OfflineReplies, country_of
from bot.telegram.rasa_client import RasaClient, RasaUnavailable
from bot.telegram.replies import Payloads, parse_payload, to_telegram
from bot.telegram.settings import TelegramSettings

logger = logging.getLogger(__name__)

# Commands → the intent they stand for in Rasa ("/start" typed is not an intent Rasa knows).
COMMAND_INTENTS = {
    "start": "/greet",
    "help": "/ask_capabilities",
    "language": "/choose_language",
    "helpline": "/ask_helpline",
    "check": "/check_message",
}
# Guided sessions: in a private chat these go to Rasa; in a group the youth worker leads them.
SESSION_COMMAND_INTENTS = {"session": "/start_session", "next": "/session_resume", "stop": "/session_stop"}
LANGUAGE_PAYLOAD = "/choose_language"
SESSION_PICK_PAYLOAD = "/session_pick"
MEDIA = (
    filters.PHOTO
    | filters.VIDEO
    | filters.VIDEO_NOTE
    | filters.VOICE
    | filters.AUDIO
    | filters.ANIMATION
    | filters.Sticker.ALL
    | filters.Document.ALL
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
TYPING_EVERY = 4.0  # seconds; Telegram shows "typing…" for about 5


def clean_text(text: str) -> str:
    """Control and direction-override characters out (they can hide or reorder words); the rest,
    right-to-left scripts and emoji included, goes to Rasa as written."""
    return _CONTROL.sub("", text).strip()


class FaroTelegram:
    def __init__(self, settings: TelegramSettings, rasa: RasaClient, offline: OfflineReplies | None = None) -> None:
        self.settings = settings
        self.rasa = rasa
        self.offline = offline or OfflineReplies()
        self.limits = RateLimit(settings.messages_per_minute)
        self.locks = ConversationLocks()
        self.payloads = Payloads()
        # The language a person picked with a button, for the bot's own answers (memory only).
        self.chosen_language: dict[str, str] = {}
        self.group_sessions = GroupSessions(
            self.offline.renderer, FacilitatorCodes(settings.facilitator_codes), self.payloads
        )

    def register(self, application: Application) -> None:
        for command in COMMAND_INTENTS:
            application.add_handler(CommandHandler(command, self.on_command))
        application.add_handler(CommandHandler("forget", self.on_forget))
        application.add_handler(CommandHandler(list(SESSION_COMMAND_INTENTS), self.on_session_command))
        application.add_handler(CallbackQueryHandler(self.on_button))
        # New messages only: an edited message was already answered.
        new = filters.UpdateType.MESSAGE
        application.add_handler(MessageHandler(new & MEDIA, self.on_media))
        application.add_handler(MessageHandler(new & filters.LOCATION, self.on_location))
        application.add_handler(MessageHandler(new & filters.FORWARDED & filters.TEXT, self.on_forwarded))
        application.add_handler(MessageHandler(new & filters.TEXT & ~filters.COMMAND, self.on_text))
        application.add_error_handler(self.on_error)

    # --- what arrives -------------------------------------------------------------------------

    async def on_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        command = update.effective_message.text.split()[0].lstrip("/").split("@")[0].lower()
        rest = clean_text(" ".join(context.args or []))
        if command == "check" and rest:
            # "/check <pasted text>": the text itself is what to check.
            await self.relay(update, context, rest, {"check_message": True})
        else:
            await self.relay(update, context, COMMAND_INTENTS[command])

    async def on_session_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        command = update.effective_message.text.split()[0].lstrip("/").split("@")[0].lower()
        if not is_group(update.effective_chat):
            return await self.relay(update, context, SESSION_COMMAND_INTENTS[command])
        group, person = self.sender(update), self.person(update)
        if command == "session":
            await self.group_sessions.start(update, context, group, person, self.language(update))
        elif command == "next":
            await self.group_sessions.next(update, context, group, person)
        else:
            await self.group_sessions.stop(update, context, group, person)

    async def on_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        text = message.text or ""
        if is_group(update.effective_chat):
            if not addressed_to_bot(message, context.bot.username):
                return  # in groups Faro answers commands and mentions only
            text = text.replace(f"@{context.bot.username}", " ")
        text = clean_text(text)
        # Nothing left (only spaces or control characters): Rasa answers an empty message kindly.
        await self.relay(update, context, text)

    async def on_forwarded(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if is_group(update.effective_chat):
            return
        await self.relay(update, context, clean_text(update.effective_message.text or ""), {"check_message": True})

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        # Answer at once so the button stops spinning, whatever happens next.
        with contextlib.suppress(TelegramError):
            await query.answer()
        payload = self.payloads.payload(query.data or "")
        intent, entities = parse_payload(payload)
        if intent == SESSION_PICK_PAYLOAD and is_group(update.effective_chat):
            module = str(entities.get("module") or "")
            return await self.group_sessions.pick(update, context, self.sender(update), self.person(update), module)
        if intent == LANGUAGE_PAYLOAD and entities.get("language"):
            self.chosen_language[self.sender(update)] = str(entities["language"])
        await self.relay(update, context, payload)

    async def on_media(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        # Never downloaded, never forwarded: only the kind of message is looked at.
        if is_group(update.effective_chat) and not addressed_to_bot(update.effective_message, context.bot.username):
            return
        if not self._allowed(update):
            return await self._too_fast(update, context)
        await self.send(context, update.effective_chat.id, self.offline.media_not_read(self.language(update)))

    async def on_location(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        location = update.effective_message.location
        # Turned into a country here and forgotten: the coordinates never reach Rasa or a log.
        code = await asyncio.to_thread(country_at, location.latitude, location.longitude)
        payload = "/inform_country" + json.dumps({"country": code}) if code else "/ask_helpline"
        await self.relay(update, context, payload)

    async def on_forget(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        sender = self.sender(update)
        language = self.language(update)
        try:
            await self.rasa.forget(sender)
        except RasaUnavailable:
            await self.send(context, update.effective_chat.id, self.offline.service_down(language))
            return
        self.chosen_language.pop(sender, None)
        await self.send(context, update.effective_chat.id, [self.offline.renderer.render("utter_forgotten", language)])

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        # The type only: an exception's text may quote the message.
        logger.error("update failed: %s", type(context.error).__name__)

    # --- relaying ------------------------------------------------------------------------------

    def sender(self, update: Update) -> str:
        return conversation_id(self.settings.id_secret, update.effective_chat.id)

    def person(self, update: Update) -> str:
        """The person, not the chat: in a group, who pressed or wrote (same keyed hash)."""
        return conversation_id(self.settings.id_secret, update.effective_user.id)

    def language(self, update: Update) -> str:
        user = update.effective_user
        return self.chosen_language.get(self.sender(update)) or self.offline.language(
            user.language_code if user else None
        )

    def _allowed(self, update: Update) -> bool:
        return self.limits.allow(self.sender(update))

    async def _too_fast(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if self.limits.first_refusal(self.sender(update)):
            await self.send(context, update.effective_chat.id, self.offline.too_many_messages(self.language(update)))

    async def relay(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, text: str, extra: dict[str, Any] | None = None
    ) -> None:
        chat = update.effective_chat
        if not self._allowed(update):
            return await self._too_fast(update, context)
        sender = self.sender(update)
        user = update.effective_user
        metadata = {"language_code": user.language_code if user else None, "chat_type": chat.type, **(extra or {})}
        async with self.locks(sender):
            typing = asyncio.create_task(self._typing(context, chat.id))
            try:
                replies = await self.rasa.send(sender, text, metadata)
            except RasaUnavailable as error:
                logger.warning("Rasa unavailable (%s): answering offline", error)
                language = self.language(update)
                replies = self.offline.helplines(text, language) if country_of(text) else None
                replies = replies or self.offline.service_down(language)
            finally:
                typing.cancel()
            await self.send(context, chat.id, replies)

    async def send(self, context: ContextTypes.DEFAULT_TYPE, chat_id: int, replies: list[dict[str, Any]]) -> None:
        for message in to_telegram(replies, self.payloads):
            await context.bot.send_message(
                chat_id, message.html, parse_mode=ParseMode.HTML, reply_markup=message.keyboard
            )

    @staticmethod
    async def _typing(context: ContextTypes.DEFAULT_TYPE, chat_id: int) -> None:
        with contextlib.suppress(TelegramError):
            while True:
                await context.bot.send_chat_action(chat_id, ChatAction.TYPING)
                await asyncio.sleep(TYPING_EVERY)


def is_group(chat: Chat | None) -> bool:
    return bool(chat and chat.type in (Chat.GROUP, Chat.SUPERGROUP))


def addressed_to_bot(message: Message, username: str | None) -> bool:
    """A mention of the bot, or a reply to one of its messages."""
    if message.reply_to_message and message.reply_to_message.from_user and message.reply_to_message.from_user.is_bot:
        return message.reply_to_message.from_user.username == username
    mentions = message.parse_entities([MessageEntity.MENTION]).values()
    return bool(username) and f"@{username}".lower() in (m.lower() for m in mentions)
