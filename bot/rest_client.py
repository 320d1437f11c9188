"""A small client of Rasa's REST channel, shared by the terminal chat, the tests and the benchmark."""

from __future__ import annotations

import json
import urllib.request
from typing import Any

REST_PATH = "/webhooks/rest/webhook"


def send(
    rasa_url: str, sender: str, message: str, metadata: dict | None = None, timeout: float = 30
) -> list[dict[str, Any]]:
    """Send one user message; return the bot's replies ({"text", "buttons"...})."""
    body = {"sender": sender, "message": message}
    if metadata:
        body["metadata"] = metadata
    request = urllib.request.Request(
        rasa_url.rstrip("/") + REST_PATH,
        data=json.dumps(body).encode("utf-8"),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.load(response)


def tracker(rasa_url: str, sender: str, timeout: float = 10) -> dict[str, Any]:
    """The conversation's tracker from the HTTP API (needs ``--enable-api``)."""
    url = f"{rasa_url.rstrip('/')}/conversations/{urllib.request.quote(sender)}/tracker"
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return json.load(response)
