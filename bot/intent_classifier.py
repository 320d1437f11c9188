"""Faro's intent classifier for the Rasa NLU pipeline: TF-IDF character and word n-grams into a
calibrated linear SVM (scikit-learn).

Chosen by measurement on the held-out split (bench/results.md): young people's messages are
short, misspelt, without accents and mix languages; character n-grams inside words carry that
well, in any language, and the model trains in seconds on a CPU. Calibration gives confidences
that the FallbackClassifier after it can use.

One model per writing system: examples in Arabic letters train one model, examples in Latin
letters (Arabizi included) another, and a message goes to the model of the letters it is written
in. Scripts share no n-grams, so a language in its own script gains nothing from the others'
examples, while putting it in the same model shifted their answers. Five-fold cross-validation on
the training data (never the held-out split), accuracy with the fallback threshold: adding Arabic
to one model took English from 0.851 to 0.836 and German from 0.817 to 0.805; with a model per
script they are 0.852 and 0.820.

Known defect (tests/test_intent_classifier.py, strict xfail): the examples reach the calibration
grouped by language and intent, which squeezes the confidences. Sorted by
text_features.fixed_shuffle_key, one model for every script reached 0.85-0.88 per language in a
5-fold cross-validation on the training data (0.83-0.87 as it is), and 0.944-0.954 on the held-out
split in English, French, Spanish and German (0.934-0.941 as it is), but Arabic fell from 0.922 to
0.919, under the 0.92 bar (2026-11-23). The change waits for new, independent Arabic held-out data.
"""

from __future__ import annotations

import logging
from collections import Counter
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
from sklearn.pipeline import Pipeline

from bot.text_features import build_pipeline, normalize, script_of

logger = logging.getLogger(__name__)

MODEL_FILE = "intent_classifier.joblib"
# A writing system gets its own model from this many examples (else its examples join the main one).
MIN_SCRIPT_EXAMPLES = 200


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
        pipeline: dict[str, Any] | None = None,
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
        examples = [
            (normalize(m.get(TEXT)), m.get(INTENT))
            for m in training_data.intent_examples
            if m.get(TEXT) and m.get(INTENT)
        ]
        scripts = Counter(script_of(text) for text, _ in examples)
        main = max((s for s in scripts if s), key=scripts.get, default=None)
        own = [s for s in scripts if s and s != main and scripts[s] >= MIN_SCRIPT_EXAMPLES]
        models: dict[str | None, Pipeline] = {}
        for script in [main, *own]:
            # Texts without letters (emoji) go to every model; a small script joins the main one.
            chosen = [
                (text, intent)
                for text, intent in examples
                if script_of(text) in (script, None) or (script == main and script_of(text) not in own)
            ]
            if len({intent for _, intent in chosen}) < 2:
                continue
            pipeline = build_pipeline(self._config)
            pipeline.fit([text for text, _ in chosen], np.array([intent for _, intent in chosen]))
            models[script] = pipeline
        with self._model_storage.write_to(self._resource) as directory:
            joblib.dump({"main": main, "models": models}, directory / MODEL_FILE)
        self._pipeline = {"main": main, "models": models}
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
            if not (isinstance(pipeline, dict) and pipeline.get("models")):
                raise ValueError("an intent model of an older Faro: train again")
        except (ValueError, FileNotFoundError):
            logger.warning("intent classifier has no trained model; it will predict nothing")
            pipeline = None
        return cls(config, model_storage, resource, pipeline)

    def process(self, messages: list[Message]) -> list[Message]:
        if self._pipeline is None:
            return messages
        models, main = self._pipeline["models"], self._pipeline["main"]
        for message in messages:
            text = normalize(message.get(TEXT) or "")
            model = models.get(script_of(text)) or models[main]
            row, labels = model.predict_proba([text])[0], model.classes_
            order = np.argsort(row)[::-1][: self._config["ranking_length"]]
            ranking = [{INTENT_NAME_KEY: str(labels[i]), PREDICTED_CONFIDENCE_KEY: float(row[i])} for i in order]
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set("intent_ranking", ranking, add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
