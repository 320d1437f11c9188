"""`python -m bot lang check [xx]`: what is missing or wrong in a language, with file and line.

Errors must be fixed before the language can ship (`make test` runs this check for every
supported language and fails on an error); warnings are worth a look. Checked against English,
the reference: missing and extra keys; {variables} that differ; texts still marked UNTRANSLATED
or empty; fewer training examples per intent than the minimums; held-out test sets smaller than
the minimums; emergency categories and warning signs without patterns, and patterns that do not
compile; incomplete guided-session modules; very long sentences (a reading-level hint); texts
left exactly as in English.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from bot.kit.language import PATTERN_SECTIONS, REFERENCE, UNTRANSLATED
from bot.kit.report import Report, yaml_with_lines
from bot.language import ROOT, load_settings
from bot.locales import Locales, template_variables
from bot.patterns import PatternError, compile_pattern
from bot.sessions import SessionTexts, read_session_plan

MIN_EXAMPLES = 20
MIN_SENSITIVE_EXAMPLES = 30  # risk_*, emergency, check_message
MIN_HELDOUT = 8
MIN_EMERGENCIES, MIN_ORDINARY, MIN_LABELLED = 30, 50, 25
LONG_SENTENCE = 25  # words: a hint for CEFR A2
SAME_AS_ENGLISH_WORDS = 4  # a text this long, identical to English, is probably not translated
LIST_KEYS = (".intro", ".discussion")  # session texts that are lists of messages


def sensitive(intent: str) -> bool:
    return intent.startswith("risk_") or intent in ("emergency", "check_message")


def check_language(code: str, root: Path = ROOT) -> Report:
    report = Report()
    locale_path = root / "locales" / f"{code}.yml"
    if not locale_path.exists():
        report.error(locale_path, 1, f"no locale file: run `python -m bot lang new {code}` first")
        return report
    try:
        locale, lines = yaml_with_lines(locale_path)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        report.error(locale_path, mark.line + 1 if mark else 1, f"not valid YAML: {getattr(error, 'problem', error)}")
        return report
    english, _ = yaml_with_lines(root / "locales" / f"{REFERENCE}.yml")
    _check_texts(report, locale_path, lines, english, locale or {}, code)
    _check_patterns(report, locale_path, lines, english, locale or {})
    _check_sessions(report, locale_path, lines, root, code)
    _check_training(report, root, code)
    _check_tests(report, root, code)
    if code not in _supported(root):
        report.warning(root / "data" / "languages.yml", 1, f"{code} is not in supported: the bot does not speak it yet")
    return report


# --- texts ------------------------------------------------------------------------------------


def _flatten(data: Any, prefix: tuple = ()) -> dict[tuple, Any]:
    flat: dict[tuple, Any] = {}
    if isinstance(data, dict):
        for key, value in data.items():
            flat.update(_flatten(value, (*prefix, key)))
    else:
        flat[prefix] = data
    return flat


def _texts(data: dict) -> dict[tuple, Any]:
    return {k: v for k, v in _flatten({k: v for k, v in data.items() if k not in PATTERN_SECTIONS}).items()}


def _line(lines: dict[tuple, int], key: tuple) -> int:
    """The line of a key, or of its nearest parent that exists."""
    while key and key not in lines:
        key = key[:-1]
    return lines.get(key, 1)


def _check_texts(report: Report, path: Path, lines, english: dict, locale: dict, code: str) -> None:
    reference, own = _texts(english), _texts(locale)
    for key in reference.keys() - own.keys():
        report.error(path, _line(lines, key), f"{'.'.join(map(str, key))}: missing (English: {_short(reference[key])})")
    for key in own.keys() - reference.keys():
        report.error(path, _line(lines, key), f"{'.'.join(map(str, key))}: not in English, so never used: remove it")
    for key in sorted(reference.keys() & own.keys(), key=lambda k: _line(lines, k)):
        where, line = ".".join(map(str, key)), _line(lines, key)
        value, english_value = own[key], reference[key]
        if key[-1] == "buttons" and isinstance(english_value, str):
            if value != english_value:
                report.error(path, line, f"{where}: must stay {english_value!r} (a generated set of buttons)")
            continue
        items = value if isinstance(value, list) else [value]
        english_items = english_value if isinstance(english_value, list) else [english_value]
        if isinstance(english_value, list) and not (isinstance(value, list) and value):
            report.error(path, line, f"{where}: must be a list of texts, like English")
            continue
        for index, item in enumerate(items):
            label = f"{where}[{index}]" if isinstance(value, list) else where
            item_line = _line(lines, (*key, index)) if isinstance(value, list) else line
            if not isinstance(item, str) or not item.strip():
                report.error(path, item_line, f"{label}: empty")
                continue
            if item.startswith(UNTRANSLATED):
                report.error(path, item_line, f"{label}: untranslated (remove {UNTRANSLATED.strip()} once translated)")
                continue
            reference_item = english_items[min(index, len(english_items) - 1)]
            expected = template_variables(str(reference_item))
            if template_variables(item) != expected:
                shown = ", ".join("{" + v + "}" for v in sorted(expected)) or "none"
                report.error(path, item_line, f"{label}: variables differ from English (English has {shown})")
            if code != REFERENCE and item == reference_item and len(_words(item)) >= SAME_AS_ENGLISH_WORDS:
                report.warning(path, item_line, f"{label}: the same as in English: translated?")
            for sentence in _sentences(item):
                if len(sentence.split()) > LONG_SENTENCE:
                    report.warning(
                        path,
                        item_line,
                        f"{label}: a sentence of {len(sentence.split())} words: shorter is easier to read",
                    )


def _words(text: str) -> list[str]:
    """The words of a text, without its {variables}: "{name}\n• {ways}" has none to translate."""
    return re.findall(r"[^\W\d_]{2,}", re.sub(r"\{\w+\}", " ", text))


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?؟।])\s+|\n", text) if s.strip()]


def _short(value: Any) -> str:
    text = " / ".join(value) if isinstance(value, list) else str(value)
    return repr(text if len(text) <= 60 else text[:57] + "...")


# --- patterns ---------------------------------------------------------------------------------


def _check_patterns(report: Report, path: Path, lines, english: dict, locale: dict) -> None:
    for section in PATTERN_SECTIONS:
        own = locale.get(section) or {}
        for label in english.get(section) or {}:
            patterns = own.get(label) or []
            if not patterns:
                report.error(path, _line(lines, (section, label)), f"{section}.{label}: no patterns yet")
        for label, patterns in own.items():
            for index, pattern in enumerate(patterns or []):
                try:
                    compile_pattern(str(pattern))
                except PatternError as error:
                    report.error(path, _line(lines, (section, label, index)), f"{section}.{label}: {error}")


# --- guided sessions ----------------------------------------------------------------------------


def _check_sessions(report: Report, path: Path, lines, root: Path, code: str) -> None:
    plan = read_session_plan(root / "data" / "sessions.yml")
    texts = SessionTexts(Locales(root / "locales"), plan)
    for problem in texts.problems(code):
        if problem.endswith(": missing"):
            continue  # already reported by the comparison with English
        where, _, _ = problem.partition(":")
        key = ("sessions", *(int(p) if p.isdigit() else p for p in re.split(r"[.\[\]]+", where) if p))
        report.error(path, _line(lines, key), f"sessions.{problem}")


# --- training and test data ---------------------------------------------------------------------


def _intents_and_lines(path: Path) -> dict[str, tuple[list[str], int]]:
    data, lines = yaml_with_lines(path)
    found: dict[str, tuple[list[str], int]] = {}
    for index, block in enumerate((data or {}).get("nlu") or ()):
        if "intent" not in block:
            continue
        examples = [
            e.strip()[2:].strip() for e in str(block.get("examples") or "").splitlines() if e.strip().startswith("- ")
        ]
        previous, line = found.get(block["intent"], ([], lines.get(("nlu", index), 1)))
        found[block["intent"]] = (previous + examples, line)
    return found


def _check_training(report: Report, root: Path, code: str) -> None:
    folder = root / "data" / "nlu" / code
    reference = {i for p in (root / "data" / "nlu" / REFERENCE).glob("*.yml") for i in _intents_and_lines(p)}
    if not folder.is_dir():
        report.error(folder, 1, f"no training examples: run `python -m bot lang new {code}`")
        return
    counts: Counter = Counter()
    where: dict[str, tuple[Path, int]] = {}
    owner: dict[str, str] = {}
    for path in sorted(folder.glob("*.yml")):
        for intent, (examples, line) in _intents_and_lines(path).items():
            counts[intent] += len(set(examples))
            where.setdefault(intent, (path, line))
            for example in examples:
                first = owner.setdefault(example.casefold(), intent)
                if first != intent:
                    report.error(path, line, f"{intent}: {example!r} is also an example of {first}")
    for intent in sorted(reference):
        needed = MIN_SENSITIVE_EXAMPLES if sensitive(intent) else MIN_EXAMPLES
        if counts[intent] < needed:
            path, line = where.get(intent, (folder, 1))
            report.error(path, line, f"{intent}: {counts[intent]} training examples, at least {needed} needed")
    for intent in sorted(set(counts) - reference):
        path, line = where[intent]
        report.error(path, line, f"{intent}: not an intent of Faro (English has no such intent)")


def _check_tests(report: Report, root: Path, code: str) -> None:
    heldout = root / "tests" / "nlu" / f"{code}.yml"
    reference = {i for p in (root / "data" / "nlu" / REFERENCE).glob("*.yml") for i in _intents_and_lines(p)}
    if not heldout.exists():
        report.error(heldout, 1, "no held-out test examples (8 per intent, by someone who did not write data/nlu/)")
    else:
        found = _intents_and_lines(heldout)
        for intent in sorted(reference):
            examples, line = found.get(intent, ([], 1))
            if len(set(examples)) < MIN_HELDOUT:
                report.error(
                    heldout, line, f"{intent}: {len(set(examples))} held-out examples, at least {MIN_HELDOUT} needed"
                )
        training = {
            e.casefold()
            for p in (root / "data" / "nlu" / code).glob("*.yml")
            for ex, _ in _intents_and_lines(p).values()
            for e in ex
        }
        for intent, (examples, line) in found.items():
            for example in examples:
                if example.casefold() in training:
                    report.error(heldout, line, f"{intent}: {example!r} is also a training example: write another")
    for path, minimum, what in (
        (root / "tests" / "safety" / f"emergency_{code}.yml", MIN_EMERGENCIES, "emergency messages"),
        (root / "tests" / "safety" / f"ordinary_{code}.yml", MIN_ORDINARY, "ordinary messages"),
        (root / "tests" / "checker" / f"{code}.yml", MIN_LABELLED, "labelled messages"),
    ):
        messages = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("messages") if path.exists() else None
        if len(messages or []) < minimum:
            report.error(path, 1, f"{len(messages or [])} {what}, at least {minimum} needed (written by someone else)")
    _check_conversation(report, root, code)
    for path in (root / "data" / "safety_dev" / f"{code}.yml", root / "data" / "checker_dev" / f"{code}.yml"):
        if not path.exists():
            report.error(path, 1, "missing: development messages for tuning the patterns (may be empty)")
    _check_sign_labels(report, root, code)


def _check_sign_labels(report: Report, root: Path, code: str) -> None:
    """The labelled messages teach the sign classifier: a misspelt sign would become a sign of its
    own, with no words to explain it."""
    path = root / "data" / "checker_dev" / f"{code}.yml"
    if not path.exists():
        return
    english = yaml.safe_load((root / "locales" / f"{REFERENCE}.yml").read_text(encoding="utf-8"))
    known = set(english.get("warning_sign_patterns") or {})
    data, lines = yaml_with_lines(path)
    for index, message in enumerate((data or {}).get("messages") or ()):
        line = lines.get(("messages", index), 1)
        if not isinstance(message, dict) or not isinstance(message.get("text"), str):
            report.error(path, line, "each message needs a text")
            continue
        for number, sign in enumerate(message.get("signs") or ()):
            if sign not in known:
                report.error(
                    path,
                    lines.get(("messages", index, "signs", number), line),
                    f"unknown sign {sign!r}; the signs are: {', '.join(sorted(known))}",
                )


def _check_conversation(report: Report, root: Path, code: str) -> None:
    """tests/conversations/xx.yml: every message of the English one, written, plus a country of the
    helpline data and a place in it for the location test."""
    path = root / "tests" / "conversations" / f"{code}.yml"
    if not path.exists():
        report.error(path, 1, "missing: what the end-to-end tests say in this language (copy the English one)")
        return
    english, _ = yaml_with_lines(root / "tests" / "conversations" / f"{REFERENCE}.yml")
    own, lines = yaml_with_lines(path)
    own = own or {}
    for key in english:
        value, line = own.get(key), lines.get((key,), 1)
        if key == "city":
            if not (isinstance(value, list) and len(value) == 2 and all(isinstance(v, (int, float)) for v in value)):
                report.error(path, line, "city: [latitude, longitude] of a place in the country")
        elif key == "country":
            helplines = yaml.safe_load((root / "data" / "helplines.yml").read_text(encoding="utf-8"))["countries"]
            if value not in helplines:
                report.error(path, line, f"country: {value!r} is not a country of data/helplines.yml")
        elif not isinstance(value, str) or not value.strip():
            report.error(path, line, f"{key}: missing")
        elif value.startswith(UNTRANSLATED):
            report.error(path, line, f"{key}: untranslated (remove {UNTRANSLATED.strip()} once written)")
        elif template_variables(value) != template_variables(str(english[key])):
            report.error(path, line, f"{key}: must use the same {{variables}} as English")


def _supported(root: Path) -> tuple[str, ...]:
    return load_settings.__wrapped__(root / "data" / "languages.yml").supported


def check_languages(codes: list[str] | None = None, root: Path = ROOT) -> dict[str, Report]:
    return {code: check_language(code, root) for code in (codes or list(_supported(root)))}
