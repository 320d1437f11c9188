"""Telegram settings, read from the environment, then from a ``.env`` file in the project folder.

Nothing has a default that could leak: the token and the id secret must be given.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from bot.language import ROOT

DOTENV = ROOT / ".env"
MIN_CODE_LENGTH = 8


class SettingsError(RuntimeError):
    """A setting is missing or wrong; the message says what to do."""


def read_dotenv(path: Path = DOTENV) -> dict[str, str]:
    """KEY=value lines; blank lines and # comments are skipped, quotes around values removed."""
    values: dict[str, str] = {}
    if not path.exists():
        return values
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.removeprefix("export ").partition("=")
        values[key.strip()] = value.strip().strip("'\"")
    return values


@dataclass(frozen=True)
class TelegramSettings:
    token: str
    # Conversation ids are an HMAC of the Telegram id with this secret (conversation.py).
    id_secret: bytes
    base_url: str = "https://api.telegram.org"
    rasa_url: str = "http://127.0.0.1:5005"
    # After this many seconds without an answer from Rasa, the bot answers by itself (offline.py).
    rasa_timeout: float = 8.0
    messages_per_minute: int = 20
    # Webhook mode when a public URL is given; long polling otherwise.
    webhook_url: str | None = None
    webhook_secret: str | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    # Codes that let a youth worker start a group session (/session CODE); none: no group sessions.
    facilitator_codes: frozenset[str] = frozenset()

    @property
    def webhook(self) -> bool:
        return bool(self.webhook_url)

    @classmethod
    def load(cls, environ: Mapping[str, str] | None = None, dotenv: Path = DOTENV) -> TelegramSettings:
        values = {**read_dotenv(dotenv), **(os.environ if environ is None else environ)}

        def get(name: str, default: str | None = None) -> str | None:
            return values.get(name) or default

        token = get("TELEGRAM_BOT_TOKEN")
        if not token:
            raise SettingsError(
                "TELEGRAM_BOT_TOKEN is not set. Ask @BotFather on Telegram for a token (/newbot) and put "
                "TELEGRAM_BOT_TOKEN=... in the environment or in .env (README: 'Connect a real bot')."
            )
        secret = get("FARO_ID_SECRET")
        if not secret or len(secret) < 32:
            raise SettingsError(
                "FARO_ID_SECRET is not set or shorter than 32 characters. It keys the hash that replaces "
                "Telegram ids; keep it, or conversations start over. Create one with:\n"
                "  python -c 'import secrets; print(secrets.token_hex(32))'\n"
                "and put FARO_ID_SECRET=... in .env."
            )
        webhook_url = get("TELEGRAM_WEBHOOK_URL")
        webhook_secret = get("TELEGRAM_WEBHOOK_SECRET")
        if webhook_url and not webhook_secret:
            raise SettingsError("TELEGRAM_WEBHOOK_URL needs TELEGRAM_WEBHOOK_SECRET (1-256 of A-Z a-z 0-9 _ -).")
        return cls(
            token=token,
            id_secret=secret.encode("utf-8"),
            base_url=(get("TELEGRAM_BASE_URL", cls.base_url) or cls.base_url).rstrip("/"),
            rasa_url=get("FARO_RASA_URL") or f"http://127.0.0.1:{get('FARO_RASA_PORT', '5005')}",
            rasa_timeout=float(get("FARO_RASA_TIMEOUT", str(cls.rasa_timeout)) or cls.rasa_timeout),
            messages_per_minute=int(get("FARO_MESSAGES_PER_MINUTE", str(cls.messages_per_minute)) or 20),
            webhook_url=webhook_url,
            webhook_secret=webhook_secret,
            webhook_listen=get("TELEGRAM_WEBHOOK_LISTEN", cls.webhook_listen) or cls.webhook_listen,
            webhook_port=int(get("TELEGRAM_WEBHOOK_PORT", str(cls.webhook_port)) or cls.webhook_port),
            facilitator_codes=read_facilitator_codes(get("FARO_FACILITATOR_CODES"), get("FARO_FACILITATOR_CODES_FILE")),
        )


def read_facilitator_codes(listed: str | None, file: str | None) -> frozenset[str]:
    """Codes from FARO_FACILITATOR_CODES (separated by commas or spaces) and from the file named by
    FARO_FACILITATOR_CODES_FILE (one per line, # comments), kept outside the repository."""
    codes = set((listed or "").replace(",", " ").split())
    if file:
        path = Path(file).expanduser()
        if not path.is_file():
            raise SettingsError(f"FARO_FACILITATOR_CODES_FILE names {path}, which is not a file.")
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.split("#", 1)[0].strip()
            if line:
                codes.add(line)
    short = [code for code in codes if len(code) < MIN_CODE_LENGTH]
    if short:
        raise SettingsError(
            f"{len(short)} facilitator code(s) shorter than {MIN_CODE_LENGTH} characters: too easy to guess. "
            "Create one with: python -c 'import secrets; print(secrets.token_urlsafe(9))'"
        )
    return frozenset(codes)
