"""Conversations without Telegram ids: a keyed hash names each one, a small limit keeps one person
from flooding the bot, and a lock keeps each person's messages in order while others run at once."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import time
from collections import defaultdict, deque


def conversation_id(secret: bytes, chat_id: int) -> str:
    """The Rasa sender id for a Telegram chat: HMAC-SHA256 of the chat id, never the id itself.

    A private chat's id is the user's id; a group is one conversation."""
    digest = hmac.new(secret, str(chat_id).encode("ascii"), hashlib.sha256).hexdigest()
    return "tg-" + digest[:32]


class RateLimit:
    """At most `limit` messages per `window` seconds per conversation (sliding window, in memory)."""

    def __init__(self, limit: int, window: float = 60.0, clock=time.monotonic) -> None:
        self.limit, self.window, self._clock = limit, window, clock
        self._seen: dict[str, deque[float]] = defaultdict(deque)
        self._warned: set[str] = set()

    def allow(self, key: str) -> bool:
        now = self._clock()
        seen = self._seen[key]
        while seen and now - seen[0] >= self.window:
            seen.popleft()
        if len(seen) >= self.limit:
            return False
        seen.append(now)
        self._warned.discard(key)
        return True

    def first_refusal(self, key: str) -> bool:
        """True once per blocked period, so the kind message is not repeated for every message."""
        if key in self._warned:
            return False
        self._warned.add(key)
        return True


class ConversationLocks:
    """One lock per conversation: Telegram updates run concurrently, one person's stay in order."""

    def __init__(self) -> None:
        self._locks: dict[str, asyncio.Lock] = {}

    def __call__(self, key: str) -> asyncio.Lock:
        lock = self._locks.get(key)
        if lock is None:
            lock = self._locks[key] = asyncio.Lock()
        return lock
