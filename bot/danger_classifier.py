"""A third net for danger: one yes/no classifier, "is this message about danger now?".

The patterns (locales/) are the first net and the intent classifier's ``emergency`` guess the
second. This one is taught differently: the ``emergency`` examples of data/nlu/ against every other
example, plus the development messages of data/safety_dev/ — messages in danger, and the ordinary
messages written to look like them (risk questions, figures of speech, dangers that are over). It
sees wordings the patterns do not have, and it has learnt what is *not* an emergency.

Its threshold is chosen when it is trained, as the intent classifier's was: the lowest at which it
alone, on development messages it had not seen (5-fold cross-validation), answers at most
``max_false_alarms`` of the ordinary ones. What it catches alone gets the careful answer (the number,
then "are you safe right now?"), never silence: it can only add an emergency answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml
from sklearn.model_selection import StratifiedKFold

from bot.file_fingerprint import content_fingerprint
from bot.text_features import build_pipeline, fixed_shuffle_key, normalize

THRESHOLDS = [round(0.3 + 0.05 * step, 2) for step in range(14)]  # 0.30 … 0.95
FOLDS = 5
# The features and strength of the intent classifier's, a little more regularized: two classes,
# many more examples of one.
PIPELINE = {"char_ngrams": [2, 5], "word_ngrams": [1, 2], "C": 0.5, "random_seed": 1}
MAX_CHARACTERS = 2000


@dataclass(frozen=True)
class DangerExample:
    text: str
    danger: bool
    # A development message: the false alarms that choose the threshold are counted on these.
    development: bool


def development_messages(directory: Path, languages: list[str]) -> list[DangerExample]:
    """data/safety_dev/<language>.yml: `emergency` (danger now) and `ordinary` (look-alikes)."""
    examples = []
    for language in languages:
        path = directory / f"{language}.yml"
        if not path.exists():
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        examples += [DangerExample(str(m["text"]), True, True) for m in data.get("emergency") or ()]
        examples += [DangerExample(str(text), False, True) for text in data.get("ordinary") or ()]
    return examples


def fingerprint(directory: Path, languages: list[str]) -> str:
    return content_fingerprint(directory / f"{language}.yml" for language in languages)


def _prepare(text: str) -> str:
    return normalize(text[:MAX_CHARACTERS])


class DangerClassifier:
    def __init__(self, examples: list[DangerExample], max_false_alarms: float) -> None:
        # The examples come grouped (Rasa's training data, then the development files language by
        # language): see fixed_shuffle_key.
        examples = sorted(examples, key=lambda e: (fixed_shuffle_key(e.text), e.danger, e.development))
        texts = [_prepare(e.text) for e in examples]
        labels = np.array([e.danger for e in examples])
        self.threshold = self._choose_threshold(examples, texts, labels, max_false_alarms)
        self._pipeline = build_pipeline(PIPELINE).fit(texts, labels) if self.threshold is not None else None

    @staticmethod
    def _choose_threshold(
        examples: list[DangerExample], texts: list[str], labels: np.ndarray, max_false_alarms: float
    ) -> float | None:
        ordinary = np.array([e.development and not e.danger for e in examples])
        if labels.all() or not labels.any() or not ordinary.any():
            return None
        unseen = np.zeros(len(examples))
        for train, held in StratifiedKFold(FOLDS, shuffle=True, random_state=0).split(texts, labels):
            pipeline = build_pipeline(PIPELINE).fit([texts[i] for i in train], labels[train])
            unseen[held] = pipeline.predict_proba([texts[i] for i in held])[:, 1]
        for threshold in THRESHOLDS:
            if (unseen[ordinary] >= threshold).mean() <= max_false_alarms:
                return threshold
        return None

    def probability(self, text: str) -> float:
        if self._pipeline is None or not text.strip():
            return 0.0
        return float(self._pipeline.predict_proba([_prepare(text)])[0, 1])

    def reaches_threshold(self, probability: float) -> bool:
        """Whether ``probability(text)`` says danger: callers keep the probability (the parse data
        shows it), so one prediction per message is enough."""
        return self.threshold is not None and probability >= self.threshold
