"""`python -m bot lang new xx`: everything a translator fills in to add a language, from English.

Creates, for the language `xx` (checked by Babel, which also gives its own name):
- locales/xx.yml: every English text, each marked UNTRANSLATED until someone translates it, the
  session content likewise, and the pattern lists (emergencies, warning signs) empty, with the
  English patterns shown in comments as examples of the concepts;
- data/nlu/xx/*.yml: each intent, with English examples in comments as guidance (comments are
  never trained on) and no examples yet;
- tests/nlu/xx.yml, tests/safety/{emergency,ordinary}_xx.yml, tests/checker/xx.yml: the held-out
  test sets, to be written by someone who did not write the training data;
- tests/conversations/xx.yml: what the end-to-end tests say in the language (a greeting, a job
  offer, a danger message...), to be written like a young person;
- data/safety_dev/xx.yml, data/checker_dev/xx.yml: development messages for tuning the patterns;
and adds xx to `supported:` in data/languages.yml. `python -m bot lang check xx` then lists what is
left to do.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from babel import Locale, UnknownLocaleError

from bot.language import LANGUAGES_FILE, ROOT

UNTRANSLATED = "UNTRANSLATED: "
REFERENCE = "en"
GUIDANCE_EXAMPLES = 8  # English examples shown per intent
PATTERN_SECTIONS = ("emergency_patterns", "emergency_not_now", "warning_sign_patterns")


class KitError(Exception):
    """Something the person running the command must fix; the message says what."""


def language_name(code: str) -> str:
    """The language's own name from Babel ("العربية" for ar), or KitError for an unknown code."""
    if not re.fullmatch(r"[a-z]{2,3}", code or ""):
        raise KitError(f"{code!r} is not a language code: use the ISO 639 code in small letters, e.g. ar, ti, ps")
    try:
        locale = Locale.parse(code)
    except (UnknownLocaleError, ValueError) as error:
        raise KitError(f"Babel does not know the language {code!r} ({error}).") from error
    return locale.get_display_name(code) or code


def new_language(code: str, root: Path = ROOT) -> list[Path]:
    """Create the files of a new language; returns them. Refuses to overwrite anything."""
    name = language_name(code)
    targets = {
        "locale": root / "locales" / f"{code}.yml",
        "nlu": root / "data" / "nlu" / code,
        "heldout": root / "tests" / "nlu" / f"{code}.yml",
        "emergency": root / "tests" / "safety" / f"emergency_{code}.yml",
        "ordinary": root / "tests" / "safety" / f"ordinary_{code}.yml",
        "checker": root / "tests" / "checker" / f"{code}.yml",
        "safety_dev": root / "data" / "safety_dev" / f"{code}.yml",
        "checker_dev": root / "data" / "checker_dev" / f"{code}.yml",
        "conversation": root / "tests" / "conversations" / f"{code}.yml",
    }
    existing = [str(p.relative_to(root)) for p in targets.values() if p.exists()]
    if existing:
        raise KitError(f"{name} ({code}) already has files: {', '.join(existing)}. Nothing was changed.")
    reference = root / "locales" / f"{REFERENCE}.yml"
    english = yaml.safe_load(reference.read_text(encoding="utf-8"))

    created = [_write(targets["locale"], locale_file(code, name, english))]
    targets["nlu"].mkdir(parents=True)
    for path in sorted((root / "data" / "nlu" / REFERENCE).glob("*.yml")):
        created.append(_write(targets["nlu"] / path.name, nlu_file(code, name, path)))
    intents = sorted({i for p in (root / "data" / "nlu" / REFERENCE).glob("*.yml") for i in _intents(p)})
    created.append(_write(targets["heldout"], heldout_file(name, intents)))
    created.append(_write(targets["emergency"], _messages_file(f"Emergencies in {name}", EMERGENCY_HELP)))
    created.append(_write(targets["ordinary"], _messages_file(f"Ordinary messages in {name}", ORDINARY_HELP)))
    created.append(_write(targets["checker"], _messages_file(f"Pasted messages in {name}", CHECKER_HELP)))
    created.append(_write(targets["safety_dev"], SAFETY_DEV.format(name=name, code=code)))
    created.append(_write(targets["checker_dev"], _messages_file(f"Development messages in {name}", CHECKER_DEV_HELP)))
    created.append(_write(targets["conversation"], conversation_file(code, root)))
    register(code, root / LANGUAGES_FILE.relative_to(ROOT))
    return created


def register(code: str, languages_file: Path) -> None:
    """Add the code to `supported: [...]`, keeping the file's comments."""
    text = languages_file.read_text(encoding="utf-8")
    match = re.search(r"^supported:\s*\[([^\]]*)\]", text, flags=re.MULTILINE)
    if match is None:
        raise KitError(f"{languages_file}: no line 'supported: [...]' to add {code} to.")
    codes = [c.strip() for c in match.group(1).split(",") if c.strip()]
    if code not in codes:
        codes.append(code)
    text = text[: match.start()] + f"supported: [{', '.join(codes)}]" + text[match.end() :]
    languages_file.write_text(text, encoding="utf-8")


# --- the files --------------------------------------------------------------------------------


def locale_file(code: str, name: str, english: dict) -> str:
    untranslated = {key: _mark(value) for key, value in english.items() if key not in PATTERN_SECTIONS}
    header = (
        f"# Every text Faro says in {name} ({code}), made from the English file by `python -m bot lang new {code}`.\n"
        f"# Translate each text and remove the word {UNTRANSLATED.strip()} in front of it. Keep every {{variable}}\n"
        "# exactly as it is, and the keys (the words before ':'). `python -m bot lang check "
        f"{code}` lists what is left.\n"
        "# Rules for every line: simple words (CEFR A2), short messages, no blame, no promises the bot\n"
        "# cannot keep, always a way to a human. docs/adding-a-language.md explains each part.\n\n"
    )
    body = _dump(untranslated)
    patterns = ["", PATTERNS_HELP.format(name=name)]
    for section in PATTERN_SECTIONS:
        patterns.append(f"{section}:")
        for label, examples in (english.get(section) or {}).items():
            patterns.append(f"  # English, for the idea: {' | '.join(examples[:3])}")
            patterns.append(f"  {label}: []")
    return header + body + "\n".join(patterns) + "\n"


def nlu_file(code: str, name: str, english_path: Path) -> str:
    lines = [
        f"# Training examples in {name} ({code}), one intent per block. Write at least 20 examples per",
        "# intent (30 for risk_*, emergency and check_message), the way young people write: their words,",
        "# typos, slang, no accents, other languages mixed in. The English lines in comments show what",
        "# the intent means: they are never trained on. Do not translate them one by one.",
        'version: "3.1"',
        "nlu:",
    ]
    data = yaml.safe_load(english_path.read_text(encoding="utf-8"))
    for block in data.get("nlu") or ():
        if "intent" not in block:
            continue
        examples = [e.strip()[2:] for e in str(block.get("examples", "")).splitlines() if e.strip().startswith("- ")]
        lines.append(f"- intent: {block['intent']}")
        for example in examples[:GUIDANCE_EXAMPLES]:
            lines.append(f"  #   {example}")
        lines.append("  examples: |")
    return "\n".join(lines) + "\n"


def conversation_file(code: str, root: Path) -> str:
    """The English test conversation, each message marked UNTRANSLATED; the country and the place
    are left empty: a country of data/helplines.yml where young people write the language."""
    path = root / "tests" / "conversations" / f"{REFERENCE}.yml"
    text = path.read_text(encoding="utf-8")
    header = "".join(line + "\n" for line in text.splitlines() if line.startswith("#"))
    values = {
        key: UNTRANSLATED + value if isinstance(value, str) else value
        for key, value in (yaml.safe_load(text) or {}).items()
    }
    values.update(telegram_language_code=code, country="", city=[])
    return header + _dump(values)


def heldout_file(name: str, intents: list[str]) -> str:
    lines = [
        f"# Held-out test examples in {name}: at least 8 per intent, written by someone who did NOT write",
        "# the training examples (data/nlu/), in other words and other slang. Never train on them.",
        'version: "3.1"',
        "nlu:",
    ]
    for intent in intents:
        lines += [f"- intent: {intent}", "  examples: |"]
    return "\n".join(lines) + "\n"


def _messages_file(title: str, help_text: str) -> str:
    return f"# {title}. {help_text}\nmessages: []\n"


EMERGENCY_HELP = (
    "At least 30, written by someone who did not write the patterns:\n"
    "# danger now (violence, confinement, documents, forced, followed, threat, self_harm), typos, indirect,\n"
    '# "my friend is...", mixed languages. Format, one per message:\n'
    '#   - text: "..."\n#     category: violence'
)
ORDINARY_HELP = (
    "At least 50 ordinary messages, including risk questions that are not\n"
    '# emergencies and figures of speech ("this homework is killing me"). Format: - "..."'
)
CHECKER_HELP = (
    "At least 25 labelled messages (fake offers, grooming, sextortion,\n"
    "# travel offers, and genuine ones with signs: []). Format:\n"
    '#   - text: "..."\n#     kind: fake_job | grooming | sextortion | travel | genuine\n'
    "#     signs: [easy_money, travel_paid]"
)
CHECKER_DEV_HELP = "For tuning warning_sign_patterns (not the tests). Same format as\n# tests/checker/."
SAFETY_DEV = """# Development messages for tuning the emergency patterns of locales/{code}.yml (not the tests: those
# are tests/safety/). Patterns must match every emergency and no ordinary message.
emergency: []
ordinary: []
"""
PATTERNS_HELP = """# Phrase patterns in {name}, matched in every language at once (bot/patterns.py explains the
# syntax: "word*" any ending, "(a|b)" one of several words, "..." up to 4 words in between).
# emergency_patterns: danger now, answered at once with the emergency number. Every category needs
# patterns. emergency_not_now: a joke, a "what if", a danger that is over, a film, a figure of speech:
# with one of them the number is still given, with "are you safe?" instead of the full alarm; never
# list words a person in danger would use. warning_sign_patterns: the signs "check a message" looks
# for. Every category and sign needs patterns.
# Write them by concept, in {name} only, and test them on data/safety_dev/ and data/checker_dev/."""


def _mark(value):
    if isinstance(value, str):
        return UNTRANSLATED + value if value.strip() else value
    if isinstance(value, list):
        return [_mark(item) for item in value]
    if isinstance(value, dict):
        # Button keys and generated button sets are not texts.
        return {k: (v if k == "buttons" and isinstance(v, str) else _mark(v)) for k, v in value.items()}
    return value


class _Dumper(yaml.SafeDumper):
    pass


def _text(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|" if "\n" in data else None)


_Dumper.add_representer(str, _text)


def _dump(data: dict) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)


def _intents(path: Path) -> list[str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [block["intent"] for block in data.get("nlu") or () if "intent" in block]


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
