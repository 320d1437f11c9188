"""Scores of the NLU on the held-out split (tests/nlu/<language>.yml), for tests and the benchmark."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from sklearn.metrics import f1_score

from bot.language import ROOT

HELDOUT_DIR = ROOT / "tests" / "nlu"


def load_agent(model_path: Path):
    """A trained model in this process, for measuring it, with Rasa's logging at WARNING: at its
    default (DEBUG, printed to stdout) it would print every evaluated message's text."""
    import logging

    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)
    return Agent.load(str(model_path))


@dataclass(frozen=True)
class Example:
    text: str
    intent: str


@dataclass
class IntentScores:
    accuracy: float
    macro_f1: float
    count: int
    errors: list[tuple[str, str, str]] = field(default_factory=list)  # (text, expected, predicted)


def read_examples(path: Path) -> list[Example]:
    examples = []
    for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or ():
        for line in str(block.get("examples", "")).splitlines():
            line = line.strip()
            if line.startswith("- ") and line[2:].strip():
                examples.append(Example(line[2:].strip(), block["intent"]))
    return examples


def heldout(language: str) -> list[Example]:
    return read_examples(HELDOUT_DIR / f"{language}.yml")


def score(examples: Iterable[Example], predict: Callable[[str], str]) -> IntentScores:
    examples = list(examples)
    expected = [e.intent for e in examples]
    predicted = [predict(e.text) for e in examples]
    errors = [(e.text, e.intent, p) for e, p in zip(examples, predicted, strict=True) if p != e.intent]
    labels = sorted(set(expected))
    return IntentScores(
        accuracy=1 - len(errors) / len(examples),
        macro_f1=float(f1_score(expected, predicted, labels=labels, average="macro", zero_division=0)),
        count=len(examples),
        errors=errors,
    )
