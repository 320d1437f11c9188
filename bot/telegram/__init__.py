"""Faro on Telegram: a python-telegram-bot application that relays young people's messages to the
Rasa assistant and renders its answers the Telegram way.

    settings.py       configuration from the environment or .env (token, Bot API URL, webhook, secrets)
    conversation.py   conversation ids (keyed hash of the Telegram id), per-user limit, ordering
    rasa_client.py    the Rasa REST channel and the tracker API (/forget), with a time limit
    replies.py        Rasa replies → Telegram messages: escaped, split, inline keyboards
    offline.py        what the bot says by itself when Rasa cannot answer (112, helplines)
    handlers.py       commands, text, buttons, media, locations, forwarded messages, groups
    app.py            builds the Application (rate limiter, retries) and runs polling or webhook
"""
