#!/usr/bin/env python3
"""Check corpus/glossary/kk-ru-en.tsv and print a rough coverage figure for the demo corpus.

Checks: the header `kk<TAB>ru<TAB>en`, three non-empty cells on every line, alternatives separated
by `; ` with no empty alternative, no duplicate row, Cyrillic letters only in the kk and ru cells
(the Kazakh letters ә ғ қ ң ө ұ ү һ і only in kk), Latin letters only in en.

Coverage (a rough indication only): the share of the words of four or more letters of the corpus
files of each language whose exact form, or whose first five letters, match a word of a glossary
cell of that language (for a word of five or more letters, its first five letters). Function words
count as words, so no figure can reach 100%.

Standard library only. Usage: python3 tools/demo/check_glossary.py
"""

import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY = ROOT / "corpus" / "glossary" / "kk-ru-en.tsv"
COLUMNS = ("kk", "ru", "en")

KAZAKH_ONLY = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
CYRILLIC = re.compile(r"^[А-Яа-яЁё" + "".join(sorted(KAZAKH_ONLY)) + r"\s\-,.()]+$")
LATIN = re.compile(r"^[A-Za-z\s\-'’.,()]+$")
STEM = 5


def check(lines):
    errors = []
    if lines[0] != "kk\tru\ten":
        errors.append(f"line 1: header is {lines[0]!r}")
    seen = {}
    for number, line in enumerate(lines[1:], 2):
        cells = line.split("\t")
        if len(cells) != 3:
            errors.append(f"line {number}: {len(cells)} cells")
            continue
        if line in seen:
            errors.append(f"line {number}: duplicate of line {seen[line]}")
        seen.setdefault(line, number)
        for column, cell in zip(COLUMNS, cells):
            alternatives = cell.split("; ")
            if not cell or any(not a or a != a.strip() or ";" in a for a in alternatives):
                errors.append(f"line {number}: bad {column} cell {cell!r}")
                continue
            if column == "en":
                if not LATIN.match(cell.replace("; ", " ")):
                    errors.append(f"line {number}: non-Latin en cell {cell!r}")
            else:
                if not CYRILLIC.match(cell.replace("; ", " ")):
                    errors.append(f"line {number}: non-Cyrillic {column} cell {cell!r}")
                if column == "ru" and KAZAKH_ONLY & set(cell):
                    errors.append(f"line {number}: Kazakh letter in ru cell {cell!r}")
    return errors


def coverage(rows, column):
    forms = set()
    stems = set()
    for row in rows:
        for word in re.findall(r"[^\W\d_]+", row[column].lower()):
            forms.add(word)
            if len(word) >= STEM:
                stems.add(word[:STEM])
    total = covered = 0
    for path in sorted((ROOT / "corpus" / COLUMNS[column]).glob("*.txt")):
        for word in re.findall(r"[^\W\d_]+", path.read_text(encoding="utf-8").lower()):
            if len(word) < 4:
                continue
            total += 1
            if word in forms or word[:STEM] in stems:
                covered += 1
    return covered, total


def main():
    lines = GLOSSARY.read_text(encoding="utf-8").rstrip("\n").split("\n")
    errors = check(lines)
    for error in errors:
        print(error, file=sys.stderr)
    rows = [line.split("\t") for line in lines[1:]]
    kk_counts = Counter(row[0] for row in rows)
    print(f"{GLOSSARY.relative_to(ROOT)}: {len(rows)} rows, {len(errors)} errors, "
          f"{sum(1 for c in kk_counts.values() if c > 1)} Kazakh headwords on more than one row")
    for column, language in enumerate(COLUMNS):
        covered, total = coverage(rows, column)
        print(f"{language}: {covered}/{total} words of 4+ letters covered "
              f"({100 * covered / total:.1f}%)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
