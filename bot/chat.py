"""Talk to Faro in the terminal, over Rasa's REST channel.

    make chat            # starts both servers, then this chat
    make chat LANG=fr    # the same, starting in French (sent as the channel's language_code)

Buttons appear as numbered choices: type the number to press one. ``/quit`` leaves.

Right-to-left languages (Arabic): most terminals print characters in the order they are stored,
which shows Arabic backwards and its letters unjoined. Unless the terminal orders them itself
(VTE, Konsole, mlterm), each line is shaped and put in visual order first (python-bidi and
arabic-reshaper). FARO_TERMINAL_BIDI=on or off overrides the guess.
"""

from __future__ import annotations

import os
import secrets
import textwrap
import unicodedata
import urllib.error
from collections.abc import Callable, Mapping

import arabic_reshaper
from bidi import get_display

from bot import rest_client

QUIT = {"/quit", "/exit", "/q"}
WIDTH = 78


def terminal_orders_rtl(environ: Mapping[str, str] = os.environ) -> bool:
    """Whether the terminal applies the Unicode bidi algorithm itself (then Faro must not)."""
    forced = environ.get("FARO_TERMINAL_BIDI", "").lower()
    if forced in ("on", "off"):
        return forced == "off"
    vte = environ.get("VTE_VERSION", "")
    return (vte.isdigit() and int(vte) >= 5800) or "KONSOLE_VERSION" in environ or "MLTERM" in environ


def has_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in text)


def visual(line: str, width: int = WIDTH) -> str:
    """A line as a terminal without bidi support must print it: Arabic letters joined, right-to-left
    runs reversed, and a right-to-left paragraph against the right margin, where it starts; a line
    without right-to-left text is left as it is."""
    if not has_rtl(line):
        return line
    shown = get_display(arabic_reshaper.reshape(line.strip()))
    return shown.rjust(width) if starts_rtl(line) else shown


def starts_rtl(text: str) -> bool:
    """The paragraph's direction: that of its first strong character (Unicode bidi, rule P2)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


def format_replies(replies: list[dict], order_rtl: bool = False) -> tuple[str, list[dict]]:
    """The bot's replies as terminal text, and the buttons of the last reply that had some.
    `order_rtl`: put right-to-left lines in visual order (the terminal does not)."""
    lines: list[str] = []
    buttons: list[dict] = []
    for reply in replies:
        for paragraph in (reply.get("text") or "").splitlines():
            lines.extend(textwrap.wrap(paragraph, WIDTH) or [""])
        if reply.get("buttons"):
            buttons = reply["buttons"]
            for number, button in enumerate(buttons, 1):
                lines.append(f"   {number}) {button.get('title', '')}")
        lines.append("")
    if order_rtl:
        lines = [visual(line) for line in lines]
    return "\n".join(lines).rstrip() + "\n", buttons


def resolve_input(typed: str, buttons: list[dict]) -> str | None:
    """What to send for what the user typed: a button's payload for its number, else the text."""
    typed = typed.strip()
    if not typed:
        return None
    if typed.isdigit() and 1 <= int(typed) <= len(buttons):
        return buttons[int(typed) - 1].get("payload") or buttons[int(typed) - 1].get("title")
    return typed


def chat(
    rasa_url: str,
    language: str | None = None,
    read: Callable[[str], str] = input,
    write: Callable[[str], None] = print,
    order_rtl: bool | None = None,
) -> None:
    sender = "terminal-" + secrets.token_hex(6)
    if order_rtl is None:
        order_rtl = not terminal_orders_rtl()
    metadata = {"language_code": language} if language else None
    write("Faro terminal chat. Type a message; a number presses a button; /quit leaves.\n")
    message: str | None = "/greet"
    buttons: list[dict] = []
    while True:
        if message:
            try:
                replies = rest_client.send(rasa_url, sender, message, metadata)
            except (urllib.error.URLError, OSError) as error:
                write(f"(Faro is not reachable: {error}. In danger, call 112.)")
                replies = []
            text, new_buttons = format_replies(replies, order_rtl)
            buttons = new_buttons or buttons
            write(text)
        try:
            typed = read("you> ")
        except (EOFError, KeyboardInterrupt):
            write("")
            return
        if typed.strip().lower() in QUIT:
            return
        message = resolve_input(typed, buttons)
        if message is None:
            write("(Type a message, or /quit to leave.)")
