#!/usr/bin/env python3
"""Fails on a public symbol without a doc comment.

Reads the symbol graphs that `swift package generate-documentation` extracted (one folder per
module, given as arguments) and lists every symbol declared in the module's source (it has a
location: compiler-synthesised members have none) that has no doc comment, its own or the one it
inherits from the protocol requirement it implements. Exit status 1 when there is one.
"""
import glob
import json
import os
import sys

missing = []
graphs = 0
for folder in sys.argv[1:]:
    for path in sorted(glob.glob(os.path.join(folder, "*.symbols.json"))):
        graphs += 1
        with open(path, encoding="utf-8") as handle:
            graph = json.load(handle)
        for symbol in graph["symbols"]:
            if symbol.get("accessLevel") not in ("public", "open"):
                continue
            if "location" not in symbol or "docComment" in symbol:
                continue
            location = symbol["location"]
            file = location["uri"].removeprefix("file://")
            file = os.path.relpath(file) if file.startswith(os.getcwd()) else file
            line = location["position"]["line"] + 1
            name = ".".join(symbol["pathComponents"]) or symbol["names"]["title"]
            kind = symbol["kind"]["displayName"].lower()
            missing.append(f"{file}:{line}: error: public {kind} `{name}` has no doc comment")

if graphs == 0:
    sys.exit("doc-coverage: no symbol graphs found in " + " ".join(sys.argv[1:]))
for line in sorted(set(missing)):
    print(line)
if missing:
    print(f"doc-coverage: {len(set(missing))} public symbols without a doc comment")
    sys.exit(1)
print(f"doc-coverage: every public symbol is documented ({graphs} symbol graphs)")
