"""The bank: read, validate, release. A bank is a folder with a manifest (bank.yaml) and fact files.

- locate.py     find a bank and its files (the bundled one, or --bank)
- yamlfile.py   read YAML safely, keeping each value's line for messages
- schema.py     each file's shape (a fact's, from the model's own declaration)
- checks.py     checks across fields and facts (sources, topics, answers, cloze)
- build.py      all of the above: the files into the frozen model (model.py, through shape.py)
- loader.py     `load`: from the cache (cache.py, validated banks kept as JSON) or built afresh
- fingerprint.py, releases.py   what a release holds, and `bump` to make one
- cloze.py, compare.py, text.py, sources.py   a fact's cloze, answer matching, text rules, quotes

Import what you need from its module (`from quizgen.bank.loader import load`): this package
imports nothing itself, so the question engine can use cloze.py without the loader.
"""
