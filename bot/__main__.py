"""Faro's command-line tools.

python -m bot serve              action server :5055 + Rasa :5005 (REST, --enable-api)
python -m bot chat [--lang fr]   both servers, then a terminal chat
python -m bot chat --url URL     a terminal chat with servers already running
python -m bot telegram           both servers, then the Telegram bot (settings: bot/telegram/settings.py)
python -m bot telegram --url URL the Telegram bot only, with Rasa already running at URL
"""

from __future__ import annotations

import argparse
import dataclasses
import logging
import sys
from pathlib import Path

from bot.servers import Servers, ServerSettings, running_servers


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bot", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run both servers in the foreground (Ctrl-C stops them)")
    serve.add_argument("--model", type=Path, default=ServerSettings().model)
    chat = commands.add_parser("chat", help="talk to Faro in the terminal")
    chat.add_argument("--lang", help="start in this language (sent as the channel's language_code)")
    chat.add_argument("--url", help="Rasa server already running, e.g. http://localhost:5005")
    chat.add_argument("--model", type=Path, default=ServerSettings().model)
    telegram = commands.add_parser(
        "telegram", help="run Faro on Telegram (token and secret from the environment or .env)"
    )
    telegram.add_argument("--url", help="Rasa server already running, e.g. http://localhost:5005")
    telegram.add_argument("--model", type=Path, default=ServerSettings().model)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")

    if args.command == "serve":
        servers = Servers(ServerSettings(model=args.model))
        servers.start()
        print(
            f"Faro: Rasa on {servers.settings.rasa_url}, actions on {servers.settings.action_url}. Ctrl-C stops both."
        )
        return servers.wait()

    if args.command == "telegram":
        return run_telegram(args.url, args.model)

    from bot.chat import chat as run_chat

    if args.url:
        run_chat(args.url, args.lang or None)
        return 0
    log_path = Path(".faro/servers.log")
    log_path.parent.mkdir(exist_ok=True)
    print(f"Starting Faro (about 30 s; server logs in {log_path})...")
    with log_path.open("a") as log, running_servers(ServerSettings(model=args.model), log) as servers:
        run_chat(servers.settings.rasa_url, args.lang or None)
    return 0


def run_telegram(url: str | None, model: Path) -> int:
    from bot.telegram.app import run
    from bot.telegram.settings import SettingsError, TelegramSettings

    logging.getLogger("bot").setLevel(logging.INFO)
    try:
        settings = TelegramSettings.load()
    except SettingsError as error:
        print(error, file=sys.stderr)
        return 2
    if url:
        run(dataclasses.replace(settings, rasa_url=url))
        return 0
    log_path = Path(".faro/servers.log")
    log_path.parent.mkdir(exist_ok=True)
    print(f"Starting Faro's servers (about 30 s; logs in {log_path}), then the Telegram bot. Ctrl-C stops all.")
    with log_path.open("a") as log, running_servers(ServerSettings(model=model), log) as servers:
        run(dataclasses.replace(settings, rasa_url=servers.settings.rasa_url))
    return 0


if __name__ == "__main__":
    sys.exit(main())
