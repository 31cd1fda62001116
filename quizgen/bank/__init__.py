"""The bank: read, validate, release. A bank is a folder with a manifest (bank.yaml) and fact files.

- locate.py     find a bank and its files (the bundled one, or --bank)
- yamlfile.py   read YAML safely, keeping each value's line for messages
- schema.py     each file's shape (a fact's, from the model's own declaration)
- checks.py     checks across fields and facts (sources, topics, answers, cloze)
- loader.py     `load`: all of the above, into the frozen model (model.py, through shape.py)
- cache.py      validated banks kept as JSON, so the quiz starts without YAML
- fingerprint.py, releases.py   what a release holds, and `bump` to make one
- cloze.py, compare.py, text.py, sources.py   a fact's cloze, answer matching, text rules, quotes

Import what you need from its module (`from quizgen.bank.loader import load`): this package
imports nothing itself, so the question engine can use cloze.py without the loader.
"""
