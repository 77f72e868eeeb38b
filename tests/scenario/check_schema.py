"""Validates every shipped scenario against scenarios/schema.json with python3-jsonschema (Draft 2020-12).

Usage: check_schema.py SOURCE_DIR. Exits 1 with the errors listed when any scenario fails, or when the schema
accepts a scenario it must refuse (so a vacuous schema cannot pass).
"""
import glob
import json
import os
import sys

import jsonschema

source = sys.argv[1]
with open(os.path.join(source, "scenarios", "schema.json"), encoding="utf-8") as handle:
    schema = json.load(handle)
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)

files = sorted(glob.glob(os.path.join(source, "scenarios", "*.json")) +
               glob.glob(os.path.join(source, "scenarios", "examples", "*.json")))
files = [f for f in files if os.path.basename(f) != "schema.json"]
failures = 0
for path in files:
    with open(path, encoding="utf-8") as handle:
        document = json.load(handle)
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    for error in errors:
        print(f"{os.path.relpath(path, source)}: {error.json_path}: {error.message[:300]}")
    failures += bool(errors)
    if not errors:
        print(f"{os.path.relpath(path, source)}: ok")

with open(os.path.join(source, "scenarios", "examples", "minimal.json"), encoding="utf-8") as handle:
    minimal = json.load(handle)
for broken_key, value in (("hospitls", {}), ("horizon", 48)):
    broken = dict(minimal)
    broken[broken_key] = value
    if validator.is_valid(broken):
        print(f"schema accepts a scenario with {broken_key}={value!r}: it must refuse it")
        failures += 1

if not files:
    print("no scenarios found")
    failures += 1
sys.exit(1 if failures else 0)
