"""Text features shared by Faro's classifiers, without Rasa: the action server imports them too (the
sign classifier of "check a message"), and importing Rasa there would load TensorFlow (~450 MB)."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from typing import Any

from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import Pipeline, make_union
from sklearn.svm import LinearSVC

_REPEATS = re.compile(r"(.)\1{2,}")


def script_of(text: str) -> str | None:
    """The writing system most letters of the text are in ("LATIN", "ARABIC", "CYRILLIC"...), or None
    for a text without letters (emoji, digits)."""
    counts = Counter(unicodedata.name(c, "?").split(" ")[0] for c in text if c.isalpha())
    return counts.most_common(1)[0][0] if counts else None


def normalize(text: str) -> str:
    """ "Pleeeease HÉLP" and "pleease help" look the same to the classifier."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return _REPEATS.sub(r"\1\1", "".join(c for c in decomposed if not unicodedata.combining(c)))


def fixed_shuffle_key(text: str) -> str:
    """A sort key that mixes examples of every language and label, the same at every training.

    Rasa hands examples over grouped (language by language, intent by intent), and the calibration
    in build_pipeline splits them into 3 folds without shuffling: each fold then lacks whole groups
    and the probabilities are squeezed together. Sorting by this key first keeps training repeatable."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def build_pipeline(config: dict[str, Any]) -> Pipeline:
    features = make_union(
        TfidfVectorizer(analyzer="char_wb", ngram_range=tuple(config["char_ngrams"]), sublinear_tf=True),
        TfidfVectorizer(
            analyzer="word", ngram_range=tuple(config["word_ngrams"]), sublinear_tf=True, token_pattern=r"(?u)\b\w+\b"
        ),
    )
    svm = LinearSVC(C=config["C"], class_weight="balanced", random_state=config["random_seed"])
    return Pipeline([("features", features), ("classifier", CalibratedClassifierCV(svm, cv=3))])
