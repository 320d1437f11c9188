"""A second net for "check a message": one small classifier per warning sign, taught by the labelled
messages of every language in ``data/checker_dev/``.

The phrase patterns of the locales find the wordings their writers thought of; scammers say "easy
money" and "a fee first" in endless other ways. The classifier reads letters and words (character
n-grams), so it also finds a sign in wordings no pattern has. It only ever adds signs: the patterns
stay the first net, and nothing here can call a message safe.

Each sign gets the lowest threshold at which its own guesses were right at least
``TARGET_PRECISION`` of the time on development messages it had not seen (5-fold cross-validation);
a sign that never gets there is left to the patterns alone. Training takes about half a minute, so
the result is kept in ``models/warning_signs.joblib`` (``make train``) with a fingerprint of the
messages: when an NGO adds messages, the next start retrains by itself.

    python -m bot.sign_classifier     train and save (what `make train` runs)
"""

from __future__ import annotations

import logging
import os
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

import joblib
import numpy as np
import yaml
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold
from sklearn.pipeline import FeatureUnion, make_union

from bot.file_fingerprint import content_fingerprint, stat_signature
from bot.language import ROOT
from bot.text_features import normalize

logger = logging.getLogger(__name__)

EXAMPLES_DIR = ROOT / "data" / "checker_dev"
MODEL_PATH = ROOT / "models" / "warning_signs.joblib"
# The benchmark's bar is 0.85 on messages by other writers; the classifier's precision drops on
# wordings unlike its examples, so its own guesses must reach more on the development messages.
TARGET_PRECISION = 0.90
THRESHOLDS = [round(0.5 + 0.05 * step, 2) for step in range(10)]  # 0.50 … 0.95
# A threshold is kept only if it rests on enough guesses to say anything.
MIN_GUESSES = 5
FOLDS = 5
# Longer texts are cut: the signs show in the first few thousand characters of any real offer.
MAX_CHARACTERS = 5000


@dataclass(frozen=True)
class LabelledMessage:
    text: str
    signs: frozenset[str]


def read_examples(directory: Path = EXAMPLES_DIR) -> list[LabelledMessage]:
    """Labelled messages of every language, in file order."""
    messages = []
    for path in example_files(directory):
        for message in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("messages") or ():
            messages.append(LabelledMessage(str(message["text"]), frozenset(message.get("signs") or ())))
    return messages


def example_files(directory: Path = EXAMPLES_DIR) -> list[Path]:
    return sorted(directory.glob("*.yml"))


def fingerprint(directory: Path = EXAMPLES_DIR) -> str:
    """Changes whenever a file of labelled messages is added, removed or edited."""
    return content_fingerprint(example_files(directory))


def _features() -> FeatureUnion:
    return make_union(
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2),
        TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True, token_pattern=r"(?u)\b\w+\b"),
    )


def _prepare(text: str) -> str:
    return normalize(text[:MAX_CHARACTERS])


class _Models:
    """Features and one logistic regression per sign, fitted on some messages."""

    def __init__(self, messages: list[LabelledMessage], signs: list[str]) -> None:
        self.features = _features()
        matrix = self.features.fit_transform([_prepare(m.text) for m in messages])
        self.models = {}
        for sign in signs:
            labels = np.array([sign in m.signs for m in messages])
            if labels.all() or not labels.any():
                continue
            self.models[sign] = LogisticRegression(C=10, class_weight="balanced", max_iter=2000).fit(matrix, labels)

    def probabilities(self, texts: list[str]) -> dict[str, np.ndarray]:
        matrix = self.features.transform([_prepare(t) for t in texts])
        return {sign: model.predict_proba(matrix)[:, 1] for sign, model in self.models.items()}


def choose_thresholds(messages: list[LabelledMessage], signs: list[str]) -> dict[str, float]:
    """Per sign, the lowest threshold whose out-of-fold guesses reach TARGET_PRECISION."""
    unseen = {sign: np.zeros(len(messages)) for sign in signs}
    for train, held in KFold(FOLDS, shuffle=True, random_state=0).split(messages):
        models = _Models([messages[i] for i in train], signs)
        for sign, probabilities in models.probabilities([messages[i].text for i in held]).items():
            unseen[sign][held] = probabilities
    thresholds = {}
    for sign in signs:
        labels = np.array([sign in m.signs for m in messages])
        for threshold in THRESHOLDS:
            guesses = unseen[sign] >= threshold
            if guesses.sum() >= MIN_GUESSES and (guesses & labels).sum() / guesses.sum() >= TARGET_PRECISION:
                thresholds[sign] = threshold
                break
    return thresholds


class SignClassifier:
    """Fitted on labelled messages; `signs(text)` lists the signs it is sure enough of."""

    def __init__(self, messages: list[LabelledMessage], source: str = "") -> None:
        signs = sorted({sign for m in messages for sign in m.signs})
        self.source = source
        self.thresholds = choose_thresholds(messages, signs)
        self._models = _Models(messages, [s for s in signs if s in self.thresholds])

    def signs(self, text: str) -> list[str]:
        if not text or not text.strip() or not self._models.models:
            return []
        probabilities = self._models.probabilities([text])
        return [sign for sign, p in probabilities.items() if p[0] >= self.thresholds[sign]]


def train(directory: Path = EXAMPLES_DIR, path: Path = MODEL_PATH) -> SignClassifier:
    classifier = SignClassifier(read_examples(directory), source=fingerprint(directory))
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written aside, then moved: another process may be reading or training at the same moment.
    with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as handle:
        joblib.dump(classifier, handle)
    os.replace(handle.name, path)
    return classifier


class WarningSignClassifier:
    """The saved classifier, retrained when the labelled messages changed since it was saved."""

    def __init__(self, directory: Path = EXAMPLES_DIR, path: Path = MODEL_PATH) -> None:
        self.directory = directory
        self.path = path
        self._classifier: SignClassifier | None = None
        # What the files looked like when their contents were last read: every check asks only the
        # file system, and the contents are hashed again only when a file was touched.
        self._files_seen: tuple = ()
        self._lock = threading.Lock()

    def _current(self) -> SignClassifier:
        with self._lock:
            files = stat_signature(example_files(self.directory))
            if self._classifier is None or files != self._files_seen:
                source = fingerprint(self.directory)
                if self._classifier is None or self._classifier.source != source:
                    self._classifier = self._load(source) or self._train()
                self._files_seen = files
            return self._classifier

    def _load(self, source: str) -> SignClassifier | None:
        try:
            classifier = joblib.load(self.path)
        except (OSError, EOFError, ValueError, AttributeError, ImportError) as error:
            logger.info("no saved warning-sign classifier (%s)", type(error).__name__)
            return None
        return classifier if isinstance(classifier, SignClassifier) and classifier.source == source else None

    def _train(self) -> SignClassifier:
        logger.warning("training the warning-sign classifier from %s (about half a minute)", self.directory)
        return train(self.directory, self.path)

    def warm_up(self) -> None:
        self._current()

    def signs(self, text: str) -> list[str]:
        return self._current().signs(text)


if __name__ == "__main__":
    # Imported by its name, so that the saved classes are bot.sign_classifier's, not __main__'s.
    from bot import sign_classifier

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    trained = sign_classifier.train()
    print(f"warning-sign classifier saved to {MODEL_PATH.relative_to(ROOT)}; thresholds: {trained.thresholds}")
