"""Faro's own components for the Rasa NLU pipeline (named in config.yml).

- CountryExtractor: the ``country`` entity as an ISO code, from Babel's country names in every
  supported language (no training examples needed, a new language gets them for free).
- LanguageDetector: detects the language of each message and puts it in the parse data as
  ``language_detection``; the language rules (actions/language.py) read it. A message clearly
  written in a language Faro does not speak becomes ``nlu_fallback``, answered with the list of
  languages instead of a guess.
- ChannelIntent: a forwarded message (channel metadata) is a message to check.
- EmergencyDetector: danger patterns of every language, independent of the classifier, and two
  more nets behind them (the intent classifier's guess, a yes/no danger classifier).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import joblib
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.countries import country_names
from bot.danger_classifier import DangerClassifier, DangerExample, development_messages
from bot.danger_classifier import fingerprint as danger_fingerprint
from bot.language import ROOT, load_settings
from bot.language_detection import LanguageIdentifier, read_vocabulary
from bot.safety import NotNowMarkers, SafetyPatterns, softening

logger = logging.getLogger(__name__)

LANGUAGE_DETECTION = "language_detection"
FALLBACK_INTENT = "nlu_fallback"
EMERGENCY_INTENT = "emergency"
CHECK_MESSAGE_INTENT = "check_message"
# The danger category of an emergency only the classifier saw, and not surely.
UNSURE = "unsure"
CHECK_MESSAGE_METADATA = "check_message"
METADATA = "metadata"
DANGER = "danger"
DANGER_MODEL_FILE = "danger_classifier.joblib"


def put_on_top(message: Message, intent: str) -> None:
    """Make `intent` the message's intent, sure, first in the ranking: what the safety components
    know beats the classifier's guess."""
    ranking = [r for r in message.get("intent_ranking") or [] if r.get("name") != intent]
    message.set(INTENT, {"name": intent, "confidence": 1.0}, add_to_output=True)
    message.set("intent_ranking", [{"name": intent, "confidence": 1.0}, *ranking], add_to_output=True)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class CountryExtractor(GraphComponent, EntityExtractorMixin):
    """Finds country names and aliases and normalizes them to ISO 3166 alpha-2."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> CountryExtractor:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        names = country_names()
        for message in messages:
            text = message.get(TEXT) or ""
            found = [
                {
                    "entity": "country",
                    "value": mention.code,
                    "start": mention.start,
                    "end": mention.end,
                    "confidence": 1.0,
                    "extractor": self.__class__.__name__,
                }
                for mention in names.find(text)
            ]
            if found:
                message.set(ENTITIES, message.get(ENTITIES, []) + found, add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class LanguageDetector(GraphComponent):
    """Adds ``language_detection`` to every message; unsupported languages become a fallback."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # Where the training examples of each language live: data/nlu/<language>/*.yml.
        return {"nlu_dir": "data/nlu"}

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        vocabulary: dict[str, dict[str, int]] | None = None,
    ) -> None:
        self._config = config
        self._model_storage = model_storage
        self._resource = resource
        self._settings = load_settings()
        self._identifier = LanguageIdentifier(self._settings, vocabulary or {})

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LanguageDetector:
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        nlu_dir = Path(self._config["nlu_dir"])
        if not nlu_dir.is_absolute():
            nlu_dir = ROOT / nlu_dir
        vocabulary = read_vocabulary(nlu_dir, self._settings.supported)
        with self._model_storage.write_to(self._resource) as directory:
            (directory / "vocabulary.json").write_text(json.dumps(vocabulary), encoding="utf-8")
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> LanguageDetector:
        try:
            with model_storage.read_from(resource) as directory:
                vocabulary = json.loads((directory / "vocabulary.json").read_text(encoding="utf-8"))
        except (ValueError, FileNotFoundError):
            logger.warning("no trained vocabulary for language detection; using n-grams only")
            vocabulary = {}
        return cls(config, model_storage, resource, vocabulary)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            detection = self._identifier.detect(message.get(TEXT) or "")
            supported = detection.language in self._settings.supported
            message.set(
                LANGUAGE_DETECTION,
                {
                    "language": detection.language,
                    "confident": detection.confident,
                    "words": detection.words,
                    "supported": supported,
                },
                add_to_output=True,
            )
            if detection.confident and detection.language and not supported:
                intent = message.get(INTENT) or {}
                message.set(INTENT, {"name": FALLBACK_INTENT, "confidence": 1.0}, add_to_output=True)
                logger.debug("unsupported language %s, intent %s replaced", detection.language, intent.get("name"))
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class ChannelIntent(GraphComponent):
    """What the channel already knows beats a guess: a message the user forwarded, or sent with
    the check command, is a message to check (metadata ``check_message: true``), whatever its words.

    Put it before EmergencyDetector: a forwarded threat still gets the emergency answer first.
    """

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> ChannelIntent:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            if (message.get(METADATA) or {}).get(CHECK_MESSAGE_METADATA) is True:
                put_on_top(message, CHECK_MESSAGE_INTENT)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class EmergencyDetector(GraphComponent):
    """Danger first: a message that matches an emergency pattern of any supported language becomes
    the ``emergency`` intent, whatever the classifier said and however sure it was.

    Patterns live in ``locales/<language>.yml`` (``emergency_patterns``) and are re-read when a
    locale changes, without retraining. Put this component last in the pipeline.

    Two more nets catch what the patterns miss, and each can only add an emergency answer:
    - the intent classifier's own ``emergency`` guess. Below ``classifier_threshold`` it is often
      wrong (risk questions, figures of speech: bench/results.md) but sometimes the only catch;
    - a yes/no danger classifier (bot/danger_classifier.py) trained here on the emergency examples
      and the development messages of data/safety_dev/, with its own threshold chosen so that it
      alone answers at most ``danger_false_alarms`` of the ordinary development messages.
    A message only these unsure nets catch keeps the danger category ``unsure``: its answer
    (utter_emergency_unsure) asks whether they are safe, with the number. So does a message with a
    "not now" marker of any language (``emergency_not_now``: a joke, a "what if" question, a danger
    that is over, a film or a game): it still gets the number first, never silence. The parse data
    keeps every view under ``danger`` for the benchmark.
    """

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"classifier_threshold": 0.0, "danger_false_alarms": 0.05, "development_dir": "data/safety_dev"}

    def __init__(
        self,
        config: dict[str, Any] | None = None,
        model_storage: ModelStorage | None = None,
        resource: Resource | None = None,
        danger: DangerClassifier | None = None,
    ) -> None:
        self._config = {**self.get_default_config(), **(config or {})}
        self._model_storage = model_storage
        self._resource = resource
        self._detector = SafetyPatterns("emergency_patterns")
        self._not_now = NotNowMarkers()
        self._classifier_threshold = float(self._config["classifier_threshold"])
        self._danger = danger

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> EmergencyDetector:
        return cls(config, model_storage, resource)

    @staticmethod
    def _development_dir(config: dict[str, Any]) -> Path:
        directory = Path(config.get("development_dir") or "data/safety_dev")
        return directory if directory.is_absolute() else ROOT / directory

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        # The development messages are not Rasa training data: a change to them must retrain.
        return danger_fingerprint(cls._development_dir(config), load_settings().supported)

    def train(self, training_data: TrainingData) -> Resource:
        examples = [
            DangerExample(m.get(TEXT), m.get(INTENT) == EMERGENCY_INTENT, False)
            for m in training_data.intent_examples
            if m.get(TEXT) and m.get(INTENT)
        ]
        examples += development_messages(self._development_dir(self._config), load_settings().supported)
        self._danger = DangerClassifier(examples, float(self._config["danger_false_alarms"]))
        logger.info("danger classifier threshold: %s", self._danger.threshold)
        with self._model_storage.write_to(self._resource) as directory:
            joblib.dump(self._danger, directory / DANGER_MODEL_FILE)
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> EmergencyDetector:
        try:
            with model_storage.read_from(resource) as directory:
                danger = joblib.load(directory / DANGER_MODEL_FILE)
        except (ValueError, FileNotFoundError):
            logger.warning("no trained danger classifier; the patterns and the intent classifier remain")
            danger = None
        return cls(config, model_storage, resource, danger)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            guess = message.get(INTENT) or {}
            classifier = {"name": guess.get("name"), "confidence": guess.get("confidence")}
            found = self._detector.matches(text)
            categories = [m.label for m in found]
            guessed = guess.get("name") == EMERGENCY_INTENT
            danger = self._danger.probability(text) if self._danger is not None else 0.0
            not_now = softening(categories, self._not_now.matches(text)) if found or guessed else []
            if found:
                put_on_top(message, EMERGENCY_INTENT)
                logger.debug("emergency patterns matched (%s); intent was %s", found[0].label, guess.get("name"))
                if not_now:
                    categories = [UNSURE]
            elif guessed and ((guess.get("confidence") or 0) < self._classifier_threshold or not_now):
                categories = [UNSURE]
            elif not guessed and self._danger is not None and self._danger.reaches_threshold(danger):
                put_on_top(message, EMERGENCY_INTENT)
                categories = [UNSURE]
            message.set(
                DANGER,
                {
                    "categories": categories,
                    "languages": sorted({m.language for m in found}),
                    "patterns": sorted({m.label for m in found}),
                    "not_now": not_now,
                    "classifier": classifier,
                    "danger_classifier": {
                        "probability": danger,
                        "threshold": self._danger.threshold if self._danger is not None else None,
                    },
                },
                add_to_output=True,
            )
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
