"""Faro's intent classifier for the Rasa NLU pipeline: TF-IDF character and word n-grams into a
calibrated linear SVM (scikit-learn).

Chosen by measurement on the held-out split (bench/results.md): young people's messages are
short, misspelt, without accents and mix languages; character n-grams inside words carry that
well, in any language, and the model trains in seconds on a CPU. Calibration gives confidences
that the FallbackClassifier after it can use.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from typing import Any

import joblib
import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import Pipeline, make_union
from sklearn.svm import LinearSVC

logger = logging.getLogger(__name__)

MODEL_FILE = "intent_classifier.joblib"
_REPEATS = re.compile(r"(.)\1{2,}")


def normalize(text: str) -> str:
    """ "Pleeeease HÉLP" and "pleease help" look the same to the classifier."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return _REPEATS.sub(r"\1\1", "".join(c for c in decomposed if not unicodedata.combining(c)))


def build_pipeline(config: dict[str, Any]) -> Pipeline:
    features = make_union(
        TfidfVectorizer(analyzer="char_wb", ngram_range=tuple(config["char_ngrams"]), sublinear_tf=True),
        TfidfVectorizer(
            analyzer="word", ngram_range=tuple(config["word_ngrams"]), sublinear_tf=True, token_pattern=r"(?u)\b\w+\b"
        ),
    )
    svm = LinearSVC(C=config["C"], class_weight="balanced", random_state=config["random_seed"])
    return Pipeline([("features", features), ("classifier", CalibratedClassifierCV(svm, cv=3))])


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class CharNgramIntentClassifier(GraphComponent, IntentClassifier):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"char_ngrams": [2, 5], "word_ngrams": [1, 2], "C": 1.0, "random_seed": 42, "ranking_length": 10}

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        pipeline: Pipeline | None = None,
    ) -> None:
        self._config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self._pipeline = pipeline

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> CharNgramIntentClassifier:
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        examples = [m for m in training_data.intent_examples if m.get(TEXT) and m.get(INTENT)]
        pipeline = build_pipeline(self._config)
        pipeline.fit([normalize(m.get(TEXT)) for m in examples], np.array([m.get(INTENT) for m in examples]))
        with self._model_storage.write_to(self._resource) as directory:
            joblib.dump(pipeline, directory / MODEL_FILE)
        self._pipeline = pipeline
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> CharNgramIntentClassifier:
        try:
            with model_storage.read_from(resource) as directory:
                pipeline = joblib.load(directory / MODEL_FILE)
        except (ValueError, FileNotFoundError):
            logger.warning("intent classifier has no trained model; it will predict nothing")
            pipeline = None
        return cls(config, model_storage, resource, pipeline)

    def process(self, messages: list[Message]) -> list[Message]:
        if self._pipeline is None:
            return messages
        texts = [normalize(m.get(TEXT) or "") for m in messages]
        probabilities = self._pipeline.predict_proba(texts)
        labels = self._pipeline.classes_
        for message, row in zip(messages, probabilities, strict=True):
            order = np.argsort(row)[::-1][: self._config["ranking_length"]]
            ranking = [{INTENT_NAME_KEY: str(labels[i]), PREDICTED_CONFIDENCE_KEY: float(row[i])} for i in order]
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set("intent_ranking", ranking, add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
