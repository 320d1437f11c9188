"""Rasa's replies, the Telegram way: text escaped for HTML, long texts split under Telegram's
limit, buttons as inline keyboards whose presses send the button's payload back to Rasa."""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import MessageLimit

TEXT_LIMIT = MessageLimit.MAX_TEXT_LENGTH  # 4096 characters
CALLBACK_LIMIT = 64  # bytes of callback_data Telegram accepts
# Telegram sets no length for a button's text but cuts a long one on screen; an answer of a
# session is at most 80 characters (bot/sessions.py), a quiz poll's option at most 100.
BUTTON_TEXT_LIMIT = 100


@dataclass
class OutgoingMessage:
    html: str
    keyboard: InlineKeyboardMarkup | None = None


@dataclass
class Payloads:
    """Button payloads too long for Telegram's 64 bytes get a short key, kept in memory."""

    _by_key: dict[str, str] = field(default_factory=dict)

    def callback_data(self, payload: str) -> str:
        compact = _compact(payload)
        if len(compact.encode("utf-8")) <= CALLBACK_LIMIT:
            return compact
        key = f"#{len(self._by_key)}"
        self._by_key[key] = payload
        return key

    def payload(self, callback_data: str) -> str:
        return self._by_key.get(callback_data, callback_data)


def parse_payload(payload: str) -> tuple[str, dict[str, Any]]:
    """'/inform_country{"country": "FR"}' -> ("/inform_country", {"country": "FR"}); a payload
    without valid entities gives an empty dict."""
    intent, brace, rest = payload.partition("{")
    if not brace:
        return payload, {}
    try:
        entities = json.loads(brace + rest)
    except ValueError:
        return payload, {}
    return (intent, entities) if isinstance(entities, dict) else (payload, {})


def _compact(payload: str) -> str:
    """'/inform_country{"country": "FR"}' -> '/inform_country{"country":"FR"}'."""
    intent, entities = parse_payload(payload)
    return intent + json.dumps(entities, separators=(",", ":"), ensure_ascii=False) if entities else payload


def split_text(text: str, limit: int = TEXT_LIMIT) -> list[str]:
    """Pieces of at most `limit` characters, cut at a line end, else at a space, else anywhere."""
    pieces: list[str] = []
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit)
        if cut <= 0:
            cut = text.rfind(" ", 0, limit)
        if cut <= 0:
            cut = limit
        pieces.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    if text or not pieces:
        pieces.append(text)
    return pieces


def keyboard(buttons: list[dict[str, Any]], payloads: Payloads) -> InlineKeyboardMarkup | None:
    if not buttons:
        return None
    # Short titles (countries, yes/no) two per row; long ones alone.
    rows: list[list[InlineKeyboardButton]] = []
    for button in buttons:
        item = InlineKeyboardButton(
            str(button["title"])[:BUTTON_TEXT_LIMIT], callback_data=payloads.callback_data(button["payload"])
        )
        if rows and len(rows[-1]) == 1 and len(rows[-1][0].text) <= 18 and len(item.text) <= 18:
            rows[-1].append(item)
        else:
            rows.append([item])
    return InlineKeyboardMarkup(rows)


def to_telegram(replies: list[dict[str, Any]], payloads: Payloads) -> list[OutgoingMessage]:
    """Every reply's text, escaped (Telegram HTML), split; its buttons on the last piece."""
    messages: list[OutgoingMessage] = []
    for reply in replies:
        text = reply.get("text") or ""
        markup = keyboard(reply.get("buttons") or [], payloads)
        if not text and markup is None:
            continue
        # Split, then escape: Telegram counts the limit on the text shown, and no &amp; gets cut.
        pieces = split_text(text) if text else [""]
        for index, piece in enumerate(pieces):
            last = index == len(pieces) - 1
            messages.append(OutgoingMessage(html.escape(piece, quote=False) or "…", markup if last else None))
    return messages
