"""Talking to the Rasa server: the REST channel for messages and the tracker API for /forget.

Every call has a time limit; a failure raises RasaUnavailable and the handlers answer by
themselves (offline.py), so a young person never meets silence.
"""

from __future__ import annotations

from typing import Any

import httpx

REST_PATH = "/webhooks/rest/webhook"


class RasaUnavailable(Exception):
    """Rasa or the action server did not answer in time, or answered with an error."""


class RasaClient:
    def __init__(self, url: str, timeout: float) -> None:
        self._client = httpx.AsyncClient(base_url=url.rstrip("/"), timeout=timeout)

    async def send(self, sender: str, text: str, metadata: dict[str, Any]) -> list[dict[str, Any]]:
        """The bot's replies to one message, as the REST channel gives them."""
        body = {"sender": sender, "message": text, "metadata": metadata}
        try:
            response = await self._client.post(REST_PATH, json=body)
            response.raise_for_status()
            replies = response.json()
        except (httpx.HTTPError, ValueError) as error:
            raise RasaUnavailable(type(error).__name__) from error
        # The action server being down shows as no reply at all to a message that needs it.
        if not isinstance(replies, list) or not replies:
            raise RasaUnavailable("no reply")
        return replies

    async def forget(self, sender: str) -> None:
        """Replace the conversation's events with none: the tracker store keeps no history of it.

        With the in-memory and Redis stores this deletes it; an SQL store appends events only, so
        the privacy work on the roadmap must add a real delete there."""
        try:
            response = await self._client.put(f"/conversations/{sender}/tracker/events", json=[])
            response.raise_for_status()
        except httpx.HTTPError as error:
            raise RasaUnavailable(type(error).__name__) from error

    async def close(self) -> None:
        await self._client.aclose()
