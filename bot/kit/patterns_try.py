"""`python -m bot lang patterns xx`: how the patterns of a language do on its development messages.

The emergency patterns of locales/xx.yml against data/safety_dev/xx.yml (every emergency must match,
no ordinary message may, unless a "not now" marker of emergency_not_now softens it to "are you
safe?") and the training examples; the warning-sign patterns against
data/checker_dev/xx.yml (precision and recall per sign). Also the messages of OTHER languages that
the language's patterns match by mistake: a pattern must not raise alarms in another language.
Never run it on tests/: those messages must stay unseen for the figures to mean something.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import yaml

from bot.evaluation import read_examples
from bot.language import ROOT
from bot.patterns import PatternSet
from bot.safety import marker_kinds, softening


def _load(path: Path) -> dict:
    return (yaml.safe_load(path.read_text(encoding="utf-8")) or {}) if path.exists() else {}


def try_patterns(code: str, root: Path = ROOT) -> str:
    locale = _load(root / "locales" / f"{code}.yml")
    emergency = PatternSet({code: locale.get("emergency_patterns") or {}})
    not_now = PatternSet({code: locale.get("emergency_not_now") or {}})
    signs = PatternSet({code: locale.get("warning_sign_patterns") or {}})
    lines: list[str] = []

    dev = _load(root / "data" / "safety_dev" / f"{code}.yml")
    training = [e for p in sorted((root / "data" / "nlu" / code).glob("*.yml")) for e in read_examples(p)]
    dangers = [m["text"] for m in dev.get("emergency") or ()] + [e.text for e in training if e.intent == "emergency"]
    ordinary = list(dev.get("ordinary") or ()) + [e.text for e in training if e.intent != "emergency"]

    # Each message is matched once; a "not now" marker (emergency_not_now) turns a full alarm into
    # "are you safe?".
    found = {text: emergency.matches(text) for text in dangers + ordinary}
    softened = {
        text: softening([m.label for m in matches], marker_kinds(not_now, text))
        for text, matches in found.items()
        if matches
    }
    missed = [text for text in dangers if not found[text]]
    doubted = [(text, softened[text]) for text in dangers if softened.get(text)]
    alarms = [(text, found[text][0].pattern, softened[text]) for text in ordinary if found[text]]
    full = sum(not kinds for _, _, kinds in alarms)
    lines.append(f"Emergencies: {len(dangers) - len(missed)} of {len(dangers)} found; {len(alarms)} false alarms")
    lines.append(f"in {len(ordinary)} ordinary messages (data/safety_dev/{code}.yml and data/nlu/{code}/),")
    lines.append(f'{full} of them full alarms; a "not now" marker turns the others into "are you safe?".')
    lines += [f"  MISSED: {text}" for text in missed]
    lines += [f'  EMERGENCY ONLY ASKED "are you safe?" ({", ".join(kinds)}): {text}' for text, kinds in doubted]
    for text, pattern, kinds in alarms:
        label = f"ARE YOU SAFE? ({', '.join(kinds)})" if kinds else "FALSE ALARM"
        lines.append(f"  {label}: {text}   <- {pattern}")

    others = [lang for lang in sorted(p.stem for p in (root / "locales").glob("*.yml")) if lang != code]
    for other in others:
        other_dev = _load(root / "data" / "safety_dev" / f"{other}.yml")
        for text in other_dev.get("ordinary") or ():
            found = emergency.matches(text)
            if found:
                lines.append(f"  ALARM IN {other}: {text}   <- {found[0].pattern}")

    messages = _load(root / "data" / "checker_dev" / f"{code}.yml").get("messages") or []
    found, expected, right = Counter(), Counter(), Counter()
    for message in messages:
        truth = set(message.get("signs") or ())
        guess = {match.label for match in signs.matches(message["text"])}
        expected.update(truth)
        found.update(guess)
        right.update(truth & guess)
    lines.append(f"Warning signs on {len(messages)} messages of data/checker_dev/{code}.yml:")
    for sign in sorted(set(expected) | set(found)):
        precision = right[sign] / found[sign] if found[sign] else 1.0
        recall = right[sign] / expected[sign] if expected[sign] else 1.0
        lines.append(f"  {sign:16} precision {precision:.2f}  recall {recall:.2f}  ({expected[sign]} messages show it)")
    return "\n".join(lines)
