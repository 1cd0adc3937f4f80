#!/usr/bin/env python3
"""Check the demo corpus and print its size.

Reads corpus/manifest.tsv (or, if it does not exist yet, the per-language manifests), checks that
every row has the nine columns, that each file exists, is UTF-8, starts with its title and has a
known kind, and prints documents and words per language. Exits non-zero on a problem or when the
corpus is smaller than 30 documents or 40,000 words.

Words are counted as runs of letters and digits (hyphenated words count once), which is close to
what `wc -w` gives without the dashes.
"""

import re
import sys
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
COLUMNS = ["file", "id", "title", "authors", "year", "language", "kind", "institution", "external_ref"]
KINDS = {"thesis", "article", "web", "other"}
WORD_RE = re.compile(r"\w+(?:[-’']\w+)*")


def rows():
    manifests = [CORPUS / "manifest.tsv"]
    if not manifests[0].exists():
        manifests = sorted(CORPUS.glob("manifest-*.tsv"))
    for manifest in manifests:
        lines = manifest.read_text(encoding="utf-8").splitlines()
        if lines[0].split("\t") != COLUMNS:
            raise SystemExit(f"{manifest.name}: header is not {COLUMNS}")
        for number, line in enumerate(lines[1:], start=2):
            if not line.strip():
                continue
            cells = line.split("\t")
            if len(cells) != len(COLUMNS):
                raise SystemExit(f"{manifest.name}:{number}: {len(cells)} columns")
            yield manifest.name, number, dict(zip(COLUMNS, cells))


def main():
    problems = []
    per_language = {}
    ids = set()
    for manifest, number, row in rows():
        where = f"{manifest}:{number}"
        path = CORPUS / row["file"]
        if row["id"] in ids:
            problems.append(f"{where}: duplicate id {row['id']}")
        ids.add(row["id"])
        if row["kind"] not in KINDS:
            problems.append(f"{where}: kind {row['kind']!r}")
        if not path.exists():
            problems.append(f"{where}: {row['file']} does not exist")
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            problems.append(f"{where}: {row['file']} is not UTF-8")
            continue
        if text.split("\n", 1)[0].strip() != row["title"].strip():
            problems.append(f"{where}: first line of {row['file']} is not the title")
        words = len(WORD_RE.findall(text))
        docs, total = per_language.get(row["language"], (0, 0))
        per_language[row["language"]] = (docs + 1, total + words)
    all_docs = sum(d for d, _ in per_language.values())
    all_words = sum(w for _, w in per_language.values())
    for language in sorted(per_language):
        docs, words = per_language[language]
        print(f"{language}: {docs} documents, {words} words")
    print(f"all: {all_docs} documents, {all_words} words")
    if all_docs < 30 or all_words < 40000:
        problems.append("the corpus needs at least 30 documents and 40,000 words")
    for problem in problems:
        print("problem:", problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
