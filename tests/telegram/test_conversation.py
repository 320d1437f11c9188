"""Conversation ids, the per-user limit and the settings."""

import pytest

from bot.telegram.conversation import RateLimit, conversation_id
from bot.telegram.handlers import clean_text
from bot.telegram.settings import SettingsError, TelegramSettings

SECRET = b"s" * 32


def test_conversation_id_is_a_keyed_hash_not_the_telegram_id():
    cid = conversation_id(SECRET, 123456789)
    assert "123456789" not in cid and cid == conversation_id(SECRET, 123456789)
    assert cid != conversation_id(SECRET, 123456780)
    assert cid != conversation_id(b"t" * 32, 123456789)


def test_rate_limit_allows_the_limit_per_window_then_refuses_kindly_once():
    now = [0.0]
    limit = RateLimit(3, window=60, clock=lambda: now[0])
    assert [limit.allow("a") for _ in range(4)] == [True, True, True, False]
    assert limit.allow("b")  # other people are not affected
    assert limit.first_refusal("a") and not limit.first_refusal("a")
    now[0] = 61
    assert limit.allow("a")


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("hi\x00\x07 there", "hi there"),
        ("\u202eevil", "evil"),
        ("  مرحبا  ", "مرحبا"),
        ("🙂🙂", "🙂🙂"),
        ("\x1b[31m", "[31m"),
    ],
)
def test_control_and_direction_override_characters_are_removed(raw, clean):
    assert clean_text(raw) == clean


def test_settings_need_a_token_and_an_id_secret(tmp_path):
    with pytest.raises(SettingsError, match="BotFather"):
        TelegramSettings.load({}, dotenv=tmp_path / ".env")
    with pytest.raises(SettingsError, match="FARO_ID_SECRET"):
        TelegramSettings.load({"TELEGRAM_BOT_TOKEN": "1:x"}, dotenv=tmp_path / ".env")


def test_settings_come_from_the_environment_then_dotenv(tmp_path):
    dotenv = tmp_path / ".env"
    dotenv.write_text("# Faro\nTELEGRAM_BOT_TOKEN='1:from-file'\nFARO_ID_SECRET=" + "k" * 40 + "\n")
    settings = TelegramSettings.load({"TELEGRAM_BASE_URL": "http://127.0.0.1:9/"}, dotenv=dotenv)
    assert (settings.token, settings.base_url, settings.webhook) == ("1:from-file", "http://127.0.0.1:9", False)
    assert TelegramSettings.load({"TELEGRAM_BOT_TOKEN": "2:env"}, dotenv=dotenv).token == "2:env"


def test_webhook_mode_needs_a_secret_token(tmp_path):
    env = {
        "TELEGRAM_BOT_TOKEN": "1:x",
        "FARO_ID_SECRET": "k" * 40,
        "TELEGRAM_WEBHOOK_URL": "https://faro.example/telegram",
    }
    with pytest.raises(SettingsError, match="SECRET"):
        TelegramSettings.load(env, dotenv=tmp_path / ".env")
    assert TelegramSettings.load({**env, "TELEGRAM_WEBHOOK_SECRET": "abc"}, dotenv=tmp_path / ".env").webhook


def test_facilitator_codes_come_from_the_environment_and_a_file_outside_the_project(tmp_path):
    env = {"TELEGRAM_BOT_TOKEN": "1:x", "FARO_ID_SECRET": "k" * 40}
    assert TelegramSettings.load(env, dotenv=tmp_path / ".env").facilitator_codes == frozenset()
    codes = tmp_path / "codes.txt"
    codes.write_text("# shelter north\nnorth-2026-blue\n\nsouth-2026-red  # shelter south\n", encoding="utf-8")
    settings = TelegramSettings.load(
        {**env, "FARO_FACILITATOR_CODES": "group-code-one, group-code-two", "FARO_FACILITATOR_CODES_FILE": str(codes)},
        dotenv=tmp_path / ".env",
    )
    assert settings.facilitator_codes == {"group-code-one", "group-code-two", "north-2026-blue", "south-2026-red"}
    with pytest.raises(SettingsError, match="too easy to guess"):
        TelegramSettings.load({**env, "FARO_FACILITATOR_CODES": "1234"}, dotenv=tmp_path / ".env")
    with pytest.raises(SettingsError, match="not a file"):
        TelegramSettings.load({**env, "FARO_FACILITATOR_CODES_FILE": str(tmp_path / "gone")}, dotenv=tmp_path / ".env")
