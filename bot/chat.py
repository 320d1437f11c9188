"""Talk to Faro in the terminal, over Rasa's REST channel.

    make chat            # starts both servers, then this chat
    make chat LANG=fr    # the same, starting in French (sent as the channel's language_code)

Buttons appear as numbered choices: type the number to press one. ``/quit`` leaves.
"""

from __future__ import annotations

import secrets
import textwrap
import urllib.error
from collections.abc import Callable

from bot import rest_client

QUIT = {"/quit", "/exit", "/q"}


def format_replies(replies: list[dict]) -> tuple[str, list[dict]]:
    """The bot's replies as terminal text, and the buttons of the last reply that had some."""
    lines: list[str] = []
    buttons: list[dict] = []
    for reply in replies:
        for paragraph in (reply.get("text") or "").splitlines():
            lines.extend(textwrap.wrap(paragraph, 78) or [""])
        if reply.get("buttons"):
            buttons = reply["buttons"]
            for number, button in enumerate(buttons, 1):
                lines.append(f"   {number}) {button.get('title', '')}")
        lines.append("")
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
) -> None:
    sender = "terminal-" + secrets.token_hex(6)
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
            text, new_buttons = format_replies(replies)
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
