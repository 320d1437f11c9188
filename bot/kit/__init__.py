"""The NGO kit: add a language or a country with YAML files only, and check them.

python -m bot lang new xx        scaffold a language (language.py)
python -m bot lang check [xx]    what is missing or wrong in a language (language_check.py)
python -m bot lang patterns xx   its patterns on its development messages (patterns_try.py)
python -m bot helplines check    is data/helplines.yml safe to ship (helplines_check.py)
"""
