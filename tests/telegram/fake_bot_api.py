"""A stand-in for the Telegram Bot API on loopback, for the tests: the methods Faro's bot uses,
served by aiohttp, with updates the test pushes and a record of everything the bot sends.

    api = FakeBotApi(); await api.start()        # api.base_url -> TELEGRAM_BASE_URL
    api.user_says(user, "hello")                 # an update the bot gets by long polling
    sent = await api.wait_for(chat_id, count=2)  # the messages the bot sent to that chat
    api.fail_next("sendMessage", 429)            # Telegram's flood answer (or 500...) once
    api.votes[poll_message_id] = [3, 5, 0]       # what a group voted in a quiz poll
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

BOT = {"id": 4242, "is_bot": True, "first_name": "Faro", "username": "FaroTestBot"}


@dataclass
class User:
    id: int
    language_code: str | None = "en"
    first_name: str = "Young person"

    def as_dict(self) -> dict[str, Any]:
        user = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.language_code:
            user["language_code"] = self.language_code
        return user


@dataclass
class FakeBotApi:
    token: str = "123456:TEST-TOKEN"
    updates: list[dict] = field(default_factory=list)
    sent: dict[int, list[dict]] = field(default_factory=lambda: defaultdict(list))
    calls: list[tuple[str, dict]] = field(default_factory=list)
    commands: dict[str | None, list[dict]] = field(default_factory=dict)
    answered_callbacks: list[str] = field(default_factory=list)
    deleted: list[tuple[int, int]] = field(default_factory=list)
    # Quiz polls: votes per option by poll message id (the test sets them), and which were stopped.
    votes: dict[int, list[int]] = field(default_factory=dict)
    stopped_polls: list[int] = field(default_factory=list)
    # Chats the bot may not write to (a person who never opened a private chat with it).
    blocked_chats: set[int] = field(default_factory=set)
    _failures: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))

    def __post_init__(self) -> None:
        self._ids = itertools.count(1)
        self._message_ids = itertools.count(100)
        self._new_update = asyncio.Event()
        self._new_message = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.base_url = ""

    # --- the server ------------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]
        self.base_url = f"http://127.0.0.1:{port}"

    async def stop(self) -> None:
        if self._runner:
            await self._runner.cleanup()

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        method = request.match_info["method"]
        params = await _params(request)
        self.calls.append((method, params))
        if self._failures[method]:
            status = self._failures[method].pop(0)
            body: dict[str, Any] = {"ok": False, "error_code": status, "description": "stand-in failure"}
            if status == 429:
                body["parameters"] = {"retry_after": 1}
            return web.json_response(body, status=status)
        handler = getattr(self, "api_" + method, None)
        if handler is None:
            return web.json_response({"ok": False, "error_code": 404, "description": "Not Found"}, status=404)
        try:
            result = await handler(params)
        except _Refused as refused:
            body = {"ok": False, "error_code": refused.status, "description": refused.description}
            return web.json_response(body, status=refused.status)
        return web.json_response({"ok": True, "result": result})

    def fail_next(self, method: str, status: int, times: int = 1) -> None:
        self._failures[method].extend([status] * times)

    # --- Bot API methods -------------------------------------------------------------------

    async def api_getMe(self, params: dict) -> dict:
        return {**BOT, "can_join_groups": True, "can_read_all_group_messages": False, "supports_inline_queries": False}

    async def api_deleteWebhook(self, params: dict) -> bool:
        return True

    async def api_setWebhook(self, params: dict) -> bool:
        return True

    async def api_setMyCommands(self, params: dict) -> bool:
        self.commands[params.get("language_code")] = params["commands"]
        return True

    async def api_sendChatAction(self, params: dict) -> bool:
        return True

    async def api_answerCallbackQuery(self, params: dict) -> bool:
        self.answered_callbacks.append(params["callback_query_id"])
        return True

    async def api_getUpdates(self, params: dict) -> list[dict]:
        offset = int(params.get("offset") or 0)
        deadline = time.monotonic() + float(params.get("timeout") or 0)
        while True:
            ready = [u for u in self.updates if u["update_id"] >= offset]
            if ready or time.monotonic() >= deadline:
                return ready[: int(params.get("limit") or 100)]
            self._new_update.clear()
            try:
                await asyncio.wait_for(self._new_update.wait(), max(0.0, deadline - time.monotonic()))
            except asyncio.TimeoutError:
                pass

    async def api_sendMessage(self, params: dict) -> dict:
        chat_id = int(params["chat_id"])
        if chat_id in self.blocked_chats:
            raise _Refused(403, "Forbidden: bot can't initiate conversation with a user")
        message = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "group"},
            "from": BOT,
            "text": params["text"],
        }
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        self.sent[chat_id].append({**message, "parse_mode": params.get("parse_mode")})
        self._new_message.set()
        return message

    async def api_sendPoll(self, params: dict) -> dict:
        chat_id = int(params["chat_id"])
        options = [o["text"] if isinstance(o, dict) else o for o in params["options"]]
        message = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "group"},
            "from": BOT,
            "poll": self._poll(params, options, closed=False),
        }
        self.sent[chat_id].append(message)
        self._new_message.set()
        return message

    async def api_stopPoll(self, params: dict) -> dict:
        message_id = int(params["message_id"])
        chat_id = int(params["chat_id"])
        sent = next((m for m in self.sent[chat_id] if m["message_id"] == message_id and "poll" in m), None)
        if sent is None:
            raise _Refused(400, "Bad Request: message with poll to stop not found")
        self.stopped_polls.append(message_id)
        poll = dict(sent["poll"], is_closed=True)
        votes = self.votes.get(message_id, [0] * len(poll["options"]))
        poll["options"] = [dict(o, voter_count=v) for o, v in zip(poll["options"], votes, strict=True)]
        poll["total_voter_count"] = sum(votes)
        return poll

    async def api_deleteMessage(self, params: dict) -> bool:
        self.deleted.append((int(params["chat_id"]), int(params["message_id"])))
        return True

    def _poll(self, params: dict, options: list[str], closed: bool) -> dict:
        """A Poll as Bot API 10 describes it (what python-telegram-bot 22.8 reads)."""
        correct = params.get("correct_option_ids")
        return {
            "id": f"poll{next(self._ids)}",
            "question": params["question"],
            "options": [{"persistent_id": str(i), "text": text, "voter_count": 0} for i, text in enumerate(options)],
            "total_voter_count": 0,
            "is_closed": closed,
            "is_anonymous": str(params.get("is_anonymous", True)).lower() == "true",
            "type": params.get("type", "regular"),
            "allows_multiple_answers": False,
            "allows_revoting": False,
            "members_only": False,
            "correct_option_ids": [int(i) for i in correct] if correct is not None else None,
            "explanation": params.get("explanation"),
        }

    # --- what the test does ----------------------------------------------------------------

    def _push(self, update: dict) -> dict:
        update["update_id"] = next(self._ids)
        self.updates.append(update)
        self._new_update.set()
        return update

    def message(self, user: User, text: str | None = None, chat: dict | None = None, **extra: Any) -> dict:
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": chat or {"id": user.id, "type": "private", "first_name": user.first_name},
            "from": user.as_dict(),
            **extra,
        }
        if text is not None:
            message["text"] = text
            if text.startswith("/"):
                command = text.split()[0]
                message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return message

    def user_says(self, user: User, text: str, **extra: Any) -> dict:
        return self._push({"message": self.message(user, text, **extra)})

    def user_sends(self, user: User, **content: Any) -> dict:
        """A message without text: photo=[...], location={...}, voice={...}."""
        return self._push({"message": self.message(user, None, **content)})

    def user_forwards(self, user: User, text: str) -> dict:
        origin = {"type": "hidden_user", "sender_user_name": "Someone", "date": int(time.time()) - 3600}
        return self._push({"message": self.message(user, text, forward_origin=origin)})

    def user_presses(self, user: User, bot_message: dict, callback_data: str) -> dict:
        query = {
            "id": f"cb{next(self._ids)}",
            "from": user.as_dict(),
            "message": bot_message,
            "chat_instance": "ci",
            "data": callback_data,
        }
        return self._push({"callback_query": query})

    def polls(self, chat_id: int) -> list[dict]:
        return [m for m in self.sent[chat_id] if "poll" in m]

    def group_message(self, user: User, group_id: int, text: str, mention: bool = False) -> dict:
        chat = {"id": group_id, "type": "supergroup", "title": "Group"}
        message = self.message(user, text, chat=chat)
        if mention:
            mentioned = "@" + BOT["username"]
            entity = {"type": "mention", "offset": text.index(mentioned), "length": len(mentioned)}
            message.setdefault("entities", []).append(entity)
        return self._push({"message": message})

    async def wait_for(self, chat_id: int, count: int, timeout: float = 30.0) -> list[dict]:
        """The first `count` messages sent to the chat, waiting for them if needed."""
        deadline = time.monotonic() + timeout
        while len(self.sent[chat_id]) < count:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"{len(self.sent[chat_id])} of {count} messages arrived: {self.sent[chat_id]}")
            self._new_message.clear()
            try:
                await asyncio.wait_for(self._new_message.wait(), min(remaining, 0.5))
            except asyncio.TimeoutError:
                pass
        return self.sent[chat_id][:count]

    async def settle(self, seconds: float = 1.0) -> None:
        """Give the bot time to send anything more (to check that nothing else comes)."""
        await asyncio.sleep(seconds)


class _Refused(Exception):
    """A Bot API error answer (400, 403...) from a method of the stand-in."""

    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status, self.description = status, description


async def _params(request: web.Request) -> dict[str, Any]:
    """Bot API parameters as python-telegram-bot sends them: JSON, or form fields whose complex
    values are JSON strings."""
    if request.content_type == "application/json":
        return await request.json()
    params: dict[str, Any] = {}
    for key, value in (await request.post()).items():
        if not isinstance(value, str):
            continue  # a file: the stand-in never keeps files
        try:
            params[key] = json.loads(value) if value[:1] in "[{" else value
        except ValueError:
            params[key] = value
    params.update({k: v for k, v in request.query.items() if k not in params})
    return params
