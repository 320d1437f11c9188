"""What the Telegram bot says by itself, without Rasa: when Rasa cannot answer (danger first: 112
and the helplines, never silence), when someone writes too fast, and when a photo, video or voice
note arrives (never downloaded). Texts come from locales/ like every other text."""

from __future__ import annotations

from typing import Any

from bot.helplines import choose_services, service_variables
from bot.nlg import ResponseRenderer
from bot.telegram.replies import parse_payload

COUNTRY_PAYLOAD = "/inform_country"


class OfflineReplies:
    def __init__(self, renderer: ResponseRenderer | None = None) -> None:
        self.renderer = renderer or ResponseRenderer()

    def _render(self, key: str, language: str | None, **variables: Any) -> dict[str, Any]:
        return self.renderer.render(key, language, variables) or {"text": ""}

    def language(self, requested: str | None) -> str:
        return self.renderer.language_of(requested)

    def service_down(self, language: str | None) -> list[dict[str, Any]]:
        """112 now, and a country keyboard that this module answers too while Rasa is away."""
        return [self._render("utter_service_down", language)]

    def too_many_messages(self, language: str | None) -> list[dict[str, Any]]:
        return [self._render("utter_too_many_messages", language)]

    def media_not_read(self, language: str | None) -> list[dict[str, Any]]:
        removal = next(iter(self.renderer.helplines.europe.services_of_kind("image_removal")), None)
        return [self._render("utter_media_not_read", language, image_removal=_web(removal.url) if removal else "")]

    def helplines(self, payload: str, language: str | None) -> list[dict[str, Any]] | None:
        """The helplines of the country a country button names, or None for another payload."""
        code = country_of(payload)
        helplines = self.renderer.helplines
        country = helplines.for_country(code)
        if country is None:
            return None
        replies = [self._render("utter_helpline_emergency", language, country=code)]
        for service in choose_services(country, helplines.europe, topic=None):
            replies.append(self._render("utter_helpline_service", language, **service_variables(service)))
        return replies


def country_of(payload: str) -> str | None:
    intent, entities = parse_payload(payload)
    return str(entities.get("country") or "") or None if intent == COUNTRY_PAYLOAD else None


def _web(url: str) -> str:
    return url.removeprefix("https://")
