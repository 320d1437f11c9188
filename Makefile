# Faro — `make help` lists the targets. `make chat` and `make test` set everything up themselves.

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV    := .venv
PY      := $(VENV)/bin/python
MODEL   := models/faro.tar.gz
# The warning-sign classifier of "check a message", taught by data/checker_dev/ (bot/sign_classifier.py).
SIGNS_MODEL := models/warning_signs.joblib
# Rasa reads the action server's address from endpoints.yml through this variable.
export FARO_ACTION_PORT ?= 5055
export FARO_RASA_PORT   ?= 5005
export FARO_ACTION_URL  ?= http://127.0.0.1:$(FARO_ACTION_PORT)/webhook
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export PYTHONPATH := $(CURDIR)
export PYTHONWARNINGS := ignore::DeprecationWarning

# Rasa 3.6 runs on Python 3.10 at most: take python3.10 from PATH, or from pyenv's versions.
PYTHON310 ?= $(shell for p in python3.10 $$(pyenv root 2>/dev/null)/versions/3.10*/bin/python3.10 /usr/bin/python3.10; do \
	"$$p" -c 'import sys; assert sys.version_info[:2] == (3, 10)' >/dev/null 2>&1 && { echo "$$p"; break; }; done)

# What the model is trained from; locales/ is not here: a text change needs no retrain.
TRAINING_INPUTS := config.yml domain.yml data/languages.yml data/country_aliases.yml bot/intent_classifier.py bot/text_features.py \
	bot/nlu_components.py bot/danger_classifier.py bot/language_detection.py bot/countries.py \
	$(shell find data/nlu data/rules data/stories data/safety_dev -name '*.yml' 2>/dev/null)
RASA_DATA := --data data/nlu data/rules data/stories --domain domain.yml --config config.yml

.PHONY: help install train chat serve telegram test validate lint check unit stories bench clean

help: ## this list
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-9s %s\n", $$1, $$2}'
	@echo "  make chat LANG=fr   start the chat in French (fr, es, de, ar, en)"

$(VENV)/.installed: requirements.txt constraints.txt
	@if [ -z "$(PYTHON310)" ]; then \
	  echo "Faro needs Python 3.10 (Rasa 3.6 does not run on newer versions)."; \
	  echo "Install it, e.g. 'pyenv install 3.10.13' or 'apt install python3.10 python3.10-venv', then run make again."; \
	  exit 1; fi
	@[ -x $(PY) ] || $(PYTHON310) -m venv $(VENV)
	$(PY) -m pip install --quiet -r requirements.txt -c constraints.txt
	@touch $@

install: $(VENV)/.installed ## create .venv with Python 3.10 and the pinned requirements

$(MODEL): $(VENV)/.installed $(TRAINING_INPUTS)
	$(PY) -m rasa train $(RASA_DATA) --out models --fixed-model-name faro
	@touch $@

$(SIGNS_MODEL): $(VENV)/.installed bot/sign_classifier.py bot/text_features.py $(wildcard data/checker_dev/*.yml)
	$(PY) -m bot.sign_classifier

train: $(MODEL) $(SIGNS_MODEL) ## train the model if its data or config changed

# LANG only counts when given on the command line (make chat LANG=fr), not the shell locale.
chat: $(MODEL) $(SIGNS_MODEL) ## start both servers and talk to Faro in the terminal
	$(PY) -m bot chat $(if $(filter command line,$(origin LANG)),--lang $(LANG))

serve: $(MODEL) $(SIGNS_MODEL) ## action server :5055 + Rasa :5005 (REST, --enable-api); Ctrl-C stops both
	$(PY) -m bot serve

telegram: $(MODEL) $(SIGNS_MODEL) ## both servers + the Telegram bot (TELEGRAM_BOT_TOKEN, FARO_ID_SECRET in .env)
	$(PY) -m bot telegram

validate: $(VENV)/.installed ## rasa data validate --fail-on-warnings
	$(PY) -m rasa data validate $(RASA_DATA) --fail-on-warnings

lint: $(VENV)/.installed ## ruff check and format check
	$(VENV)/bin/ruff check bot actions tests bench
	$(VENV)/bin/ruff format --check bot actions tests bench

check: $(VENV)/.installed ## every language (python -m bot lang check) and data/helplines.yml
	$(PY) -m bot lang check
	$(PY) -m bot helplines check

unit: $(VENV)/.installed ## fast tests that need no trained model
	$(PY) -m pytest -q -m "not model" tests

stories: $(MODEL) ## test stories in every language (tests/stories/)
	$(PY) -m rasa test core --stories tests/stories --model $(MODEL) --fail-on-prediction-errors --out results/stories

test: lint check validate stories $(SIGNS_MODEL) ## everything: lint, language and helpline checks, validation, stories, all tests
	$(PY) -m pytest -q tests

bench: $(MODEL) $(SIGNS_MODEL) ## measure and write bench/results.md
	$(PY) -m pip install --quiet -r bench/requirements.txt -c constraints.txt
	$(PY) -m bench

clean: ## remove models, results and the venv
	rm -rf models results .faro $(VENV)
