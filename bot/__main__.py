"""Faro's command-line tools.

python -m bot serve              action server :5055 + Rasa :5005 (REST, --enable-api)
python -m bot chat [--lang fr]   both servers, then a terminal chat
python -m bot chat --url URL     a terminal chat with servers already running
python -m bot telegram           both servers, then the Telegram bot (settings: bot/telegram/settings.py)
python -m bot telegram --url URL the Telegram bot only, with Rasa already running at URL
python -m bot lang new xx        add a language: its files to fill in, from English (bot/kit/)
python -m bot lang check [xx]    what is missing or wrong in a language (every language by default)
python -m bot lang patterns xx   how its patterns do on its development messages
python -m bot helplines check    is data/helplines.yml safe to ship (sources, dates, numbers)
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
    lang = commands.add_parser("lang", help="add a language, or check one (docs/adding-a-language.md)")
    lang_commands = lang.add_subparsers(dest="lang_command", required=True)
    lang_new = lang_commands.add_parser("new", help="create the files of a new language from English")
    lang_new.add_argument("code", help="ISO 639 language code, e.g. ar, ti, ps")
    lang_check = lang_commands.add_parser("check", help="list what is missing or wrong, with file and line")
    lang_check.add_argument("codes", nargs="*", help="languages to check (default: every supported one)")
    lang_patterns = lang_commands.add_parser("patterns", help="try a language's patterns on its development messages")
    lang_patterns.add_argument("code")
    helplines = commands.add_parser("helplines", help="check data/helplines.yml")
    helplines.add_argument("helplines_command", choices=["check"])
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
    if args.command == "lang":
        return run_lang(args)
    if args.command == "helplines":
        return run_helplines_check()

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


def run_lang(args: argparse.Namespace) -> int:
    from bot.kit.language import KitError, language_name, new_language
    from bot.kit.language_check import check_languages

    if args.lang_command == "new":
        try:
            created = new_language(args.code)
        except KitError as error:
            print(error, file=sys.stderr)
            return 2
        print(f"Created {language_name(args.code)} ({args.code}), now in data/languages.yml:")
        print(
            "\n".join(
                f"  {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}" for path in created
            )
        )
        print(f"Next: fill them in, then `python -m bot lang check {args.code}` (docs/adding-a-language.md).")
        return 0
    if args.lang_command == "patterns":
        from bot.kit.patterns_try import try_patterns

        print(try_patterns(args.code))
        return 0
    failed = False
    for code, report in check_languages(args.codes or None).items():
        print(report.render(f"== {language_name(code)} ({code})"))
        failed |= bool(report.errors)
    return 1 if failed else 0


def run_helplines_check() -> int:
    from bot.kit.helplines_check import check_helplines

    report = check_helplines()
    print(report.render("== data/helplines.yml"))
    return 1 if report.errors else 0


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
