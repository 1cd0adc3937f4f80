#!/usr/bin/env python3
"""Build Adal's demo theses with planted borrowings from the demo corpus.

Each thesis is described by a template tools/demo/<name>.tmpl, where <name> is <lang>-thesis
(kk-thesis, ru-thesis, en-thesis) or <lang>-<what>-thesis (kk-translated-thesis); the language is
the part of the name before the first '-'. The template holds the student's own text; the borrowed
paragraphs are not written into it but named by corpus document and by the first words of the
source paragraph, and this script copies them from corpus/ and applies the rewriting (light edits,
sentence reordering, homoglyphs, zero-width characters, Kazakh Latin transliteration) itself. The
truth about every borrowing is therefore exact. Translated borrowings are the one exception: the
student's translation is written in the template (no script can translate), but the source
sentences it translates are still named, copied and located by the script.

Outputs, for every template found:
  demo/<name>.txt           the visible text, paragraphs separated by a blank line
  demo/<name>.fodt          Flat ODT: Times New Roman 14 pt, 1.5 spacing, white paragraph, footnote
  demo/<name>.docx          converted by LibreOffice (unless --no-office)
  demo/<name>.pdf           converted by LibreOffice (unless --no-office)
  demo/truth.tsv            one row per planted borrowing, with exact character offsets
  demo/README.md            the same truth as a table, for people

Template syntax (blocks are separated by blank lines):
  @title TEXT           a centred title-page line (several lines may follow each other)
  # TEXT / ## TEXT      headings of level 1 (new page) and level 2
  @borrow {JSON}        a borrowed paragraph; JSON keys: kind, src, start, and per kind:
                          light-edit: edits = [[old, new], ...] (each old must occur exactly once)
                          reorder:    order = [i, j, ...] (new order of the source sentences)
                          homoglyph:  every = N (every Nth eligible word is disguised)
                          zero-width: every = N (every Nth word of 6+ letters gets U+200B)
                          sentences = [a, b] optionally keeps only source sentences a..b-1
  @translate {JSON}     a translated borrowing; JSON keys: kind, src, start, optional sentences
                        = [a, b] as for @borrow; the lines after the JSON (the rest of the block)
                        are the student's translation of exactly those source sentences. Kinds:
                          translated:        a faithful translation
                          translated-edited: translated, then post-edited (a sentence dropped or
                                             two merged, a few words changed); edited = "what was
                                             edited", for the truth's detail column
  @hidden TEXT          the student's own paragraph, coloured white in the ODT/DOCX/PDF;
                        it is left out of the .txt, which holds only what a reader sees
  other blocks          ordinary paragraphs; inside them
                          {{quote SRC|FIRST WORDS}} becomes a quotation of the source, from
                          FIRST WORDS to the end of their sentence, in «» (“” in English)
                          [[fn:TEXT]] becomes a footnote (left out of the .txt)

Standard library only. Usage: python3 tools/demo/make_demo.py [--no-office | --force] [NAME ...]
where NAME is a template name (kk-translated-thesis) or a language (kk = kk-thesis); without names
every template is built. truth.tsv and README.md are written only when every template was built.
(--force converts with LibreOffice even when the .fodt did not change.)
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
DEMO = ROOT / "demo"
TOOLS = Path(__file__).resolve().parent

LANG_NAMES = {"kk": "Kazakh", "ru": "Russian", "en": "English"}
ODT_LANG = {"kk": ("kk", "KZ"), "ru": ("ru", "RU"), "en": ("en", "GB")}

ZWSP = "\u200b"

# Cyrillic letters and the Latin letters that look the same.
CYR_TO_LAT = {
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O",
    "Р": "P", "С": "C", "Т": "T", "Х": "X",
    # Kazakh letters with Latin twins.
    "і": "i", "І": "I", "һ": "h", "Һ": "H",
}
# Latin letters and the Cyrillic letters that look the same (і is the Kazakh/Ukrainian letter).
LAT_TO_CYR = {
    "a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "y": "у", "x": "х", "i": "і",
    "A": "А", "B": "В", "E": "Е", "K": "К", "M": "М", "H": "Н", "O": "О",
    "P": "Р", "C": "С", "T": "Т", "X": "Х",
}

# Kazakh Cyrillic to the 2021 Kazakh Latin alphabet, as specified for the demo.
KK_LATIN = {
    "а": "a", "ә": "ä", "б": "b", "в": "v", "г": "g", "ғ": "ğ", "д": "d", "е": "e",
    "ё": "io", "ж": "j", "з": "z", "и": "i", "й": "i", "к": "k", "қ": "q", "л": "l",
    "м": "m", "н": "n", "ң": "ñ", "о": "o", "ө": "ö", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ұ": "ū", "ү": "ü", "ф": "f", "х": "h", "һ": "h", "ц": "ts",
    "ч": "ç", "ш": "ş", "щ": "şş", "ъ": "", "ы": "y", "і": "ı", "ь": "", "э": "e",
    "ю": "iu", "я": "ia",
}

KIND_LABELS = {
    "verbatim": "verbatim copy",
    "light-edit": "lightly edited (words replaced, inserted, deleted)",
    "reorder": "sentences reordered",
    "homoglyph": "homoglyphs (look-alike letters of the other script)",
    "zero-width": "zero-width spaces (U+200B) inside words",
    "translit": "transliterated to the 2021 Kazakh Latin alphabet",
    "quote": "properly quoted and cited (not plagiarism)",
    "translated": "translated from another language",
    "translated-edited": "translated, then post-edited",
}

# Translations carry their own limits: a passage of 3-6 sentences, 50-110 words in the source.
TRANSLATION_WORDS = (50, 110)
TRANSLATION_SENTENCES = (3, 6)

WORD_RE = re.compile(r"\w+(?:[-’']\w+)*")
SENTENCE_END_RE = re.compile(r"(?<=[.!?…])\s+(?=[«“\"(\[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ0-9])")
# Abbreviations after which a full stop does not end a sentence.
NO_SPLIT_AFTER = ("т.е.", "т.д.", "т.п.", "им.", "г.", "гг.", "e.g.", "i.e.", "etc.", "vs.", "Dr.",
                  "Mr.", "Ms.", "No.", "с.", "см.", "ж.", "б.", "т.б.")


class DemoError(Exception):
    pass


def word_count(text):
    return len(WORD_RE.findall(text))


def split_sentences(paragraph):
    """Sentences of a paragraph, with exact (start, end) offsets into it."""
    spans = []
    start = 0
    for match in SENTENCE_END_RE.finditer(paragraph):
        before = paragraph[start:match.start()]
        last_token = before.split()[-1] if before.split() else ""
        if last_token in NO_SPLIT_AFTER or re.search(r"(?:^|[\s.])[А-ЯЁӘҒҚҢӨҰҮҺІA-Z]\.$", before):
            continue
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(paragraph)))
    return spans


# ---------------------------------------------------------------------------------------------
# The corpus


class Corpus:
    def __init__(self, root):
        self.root = root
        self.files = {}
        for manifest in sorted(root.glob("manifest-*.tsv")):
            lines = manifest.read_text(encoding="utf-8").splitlines()
            header = lines[0].split("\t")
            for line in lines[1:]:
                if not line.strip():
                    continue
                row = dict(zip(header, line.split("\t")))
                self.files[row["id"]] = row
        # Documents not (yet) in a manifest are named by their file name: kk-03-... -> demo-kk-03.
        for path in sorted(root.glob("*/*.txt")):
            rel = path.relative_to(root).as_posix()
            match = re.match(r"([a-z]{2})-(\d\d)-", path.name)
            if match and not any(row["file"] == rel for row in self.files.values()):
                doc_id = f"demo-{match.group(1)}-{match.group(2)}"
                self.files.setdefault(doc_id, {"id": doc_id, "file": rel})

    def text(self, doc_id):
        if doc_id not in self.files:
            raise DemoError(f"unknown corpus document {doc_id}")
        return (self.root / self.files[doc_id]["file"]).read_text(encoding="utf-8")

    def paragraph(self, doc_id, start):
        """The unique paragraph of doc_id beginning with `start`, with its offset in the file."""
        text = self.text(doc_id)
        found = []
        offset = 0
        for para in text.split("\n\n"):
            if para.strip().startswith(start):
                lead = len(para) - len(para.lstrip())
                found.append((offset + lead, para.strip()))
            offset += len(para) + 2
        if len(found) != 1:
            raise DemoError(f"{doc_id}: {len(found)} paragraphs start with {start!r}")
        return found[0]


# ---------------------------------------------------------------------------------------------
# Rewritings


def apply_edits(text, edits):
    for old, new in edits:
        if text.count(old) != 1:
            raise DemoError(f"light edit: {old!r} occurs {text.count(old)} times")
        text = text.replace(old, new)
    return text


def reorder(text, order):
    spans = split_sentences(text)
    if sorted(order) != list(range(len(spans))):
        raise DemoError(f"reorder: order {order} does not fit {len(spans)} sentences")
    if order == list(range(len(spans))):
        raise DemoError("reorder: the order is unchanged")
    return " ".join(text[spans[i][0]:spans[i][1]] for i in order)


def disguise_words(text, every, mapping, eligible):
    """Replace letters by look-alikes in every Nth eligible word; returns (text, letters changed)."""
    out = []
    changed = 0
    seen = 0
    last = 0
    for match in WORD_RE.finditer(text):
        word = match.group(0)
        out.append(text[last:match.start()])
        last = match.end()
        if eligible(word):
            seen += 1
            if seen % every == 1 or every == 1:
                new = "".join(mapping.get(ch, ch) for ch in word)
                changed += sum(1 for a, b in zip(word, new) if a != b)
                word = new
        out.append(word)
    out.append(text[last:])
    return "".join(out), changed


def homoglyphs(text, every, lang):
    mapping = LAT_TO_CYR if lang == "en" else CYR_TO_LAT
    return disguise_words(
        text, every, mapping, lambda w: len(w) >= 4 and any(ch in mapping for ch in w))


def zero_width(text, every):
    out = []
    inserted = 0
    seen = 0
    last = 0
    for match in WORD_RE.finditer(text):
        word = match.group(0)
        out.append(text[last:match.start()])
        last = match.end()
        if len(word) >= 6 and word.isalpha():
            seen += 1
            if seen % every == 1 or every == 1:
                mid = len(word) // 2
                word = word[:mid] + ZWSP + word[mid:]
                inserted += 1
        out.append(word)
    out.append(text[last:])
    return "".join(out), inserted


def kazakh_latin(text):
    out = []
    for ch in text:
        low = ch.lower()
        if low in KK_LATIN:
            latin = KK_LATIN[low]
            if ch != low and latin:
                latin = latin[0].upper() + latin[1:]
            out.append(latin)
        else:
            out.append(ch)
    return "".join(out)


# ---------------------------------------------------------------------------------------------
# Templates


class Block:
    def __init__(self, kind, text="", **extra):
        self.kind = kind  # title, h1, h2, body, hidden, bib
        self.text = text
        self.footnotes = []  # (position in text, footnote text)
        self.borrowing = extra.get("borrowing")


def parse_template(path, lang, corpus):
    blocks = []
    borrowings = []
    in_bibliography = False
    raw_blocks = re.split(r"\n\s*\n", path.read_text(encoding="utf-8").strip())
    for raw in raw_blocks:
        raw = raw.strip()
        if raw.startswith("%"):
            continue  # a comment for the template's reader
        if raw.startswith("@title"):
            for line in raw.splitlines():
                if not line.startswith("@title"):
                    raise DemoError(f"mixed title block: {line!r}")
                blocks.append(Block("title", line[len("@title"):].strip()))
            continue
        raw = " ".join(line.strip() for line in raw.splitlines())
        if raw.startswith("## "):
            blocks.append(Block("h2", raw[3:]))
        elif raw.startswith("# "):
            blocks.append(Block("h1", raw[2:]))
            in_bibliography = raw.startswith("# @bib ")
            if in_bibliography:
                blocks[-1].text = raw[len("# @bib "):]
        elif raw.startswith("@hidden "):
            blocks.append(Block("hidden", raw[len("@hidden "):]))
        elif raw.startswith("@translate "):
            spec, end = json.JSONDecoder().raw_decode(raw, len("@translate "))
            borrowing = make_translation(spec, raw[end:].strip(), lang, corpus)
            borrowings.append(borrowing)
            blocks.append(Block("body", borrowing["text"], borrowing=borrowing))
        elif raw.startswith("@borrow "):
            spec = json.loads(raw[len("@borrow "):])
            borrowing = make_borrowing(spec, lang, corpus)
            borrowings.append(borrowing)
            blocks.append(Block("body", borrowing["text"], borrowing=borrowing))
        else:
            block = Block("bib" if in_bibliography else "body")
            text = expand_quotes(raw, lang, corpus, block, borrowings)
            text, block.footnotes = take_footnotes(text)
            block.text = text
            blocks.append(block)
    return blocks, borrowings


def make_borrowing(spec, lang, corpus):
    kind = spec["kind"]
    src = spec["src"]
    offset, para = corpus.paragraph(src, spec["start"])
    source_text = para
    src_start, src_end = offset, offset + len(para)
    if "sentences" in spec:
        a, b = spec["sentences"]
        spans = split_sentences(para)[a:b]
        source_text = para[spans[0][0]:spans[-1][1]]
        src_start, src_end = offset + spans[0][0], offset + spans[-1][1]
    detail = ""
    if kind == "verbatim":
        text = source_text
    elif kind == "light-edit":
        text = apply_edits(source_text, spec["edits"])
        detail = f"{len(spec['edits'])} edits"
    elif kind == "reorder":
        text = reorder(source_text, spec["order"])
        detail = "sentence order " + ",".join(str(i + 1) for i in spec["order"])
    elif kind == "homoglyph":
        text, changed = homoglyphs(source_text, spec.get("every", 2), lang)
        detail = f"{changed} letters replaced"
    elif kind == "zero-width":
        text, inserted = zero_width(source_text, spec.get("every", 3))
        detail = f"{inserted} U+200B inserted"
    elif kind == "translit":
        if lang != "kk":
            raise DemoError("translit is only for Kazakh")
        text = kazakh_latin(source_text)
        detail = "Cyrillic to Latin"
    else:
        raise DemoError(f"unknown borrowing kind {kind}")
    words = word_count(source_text)
    if not 60 <= words <= 200:
        raise DemoError(f"{src} {spec['start']!r}: {words} words, outside 60-200")
    if text == source_text and kind != "verbatim":
        raise DemoError(f"{kind} left {src} {spec['start']!r} unchanged")
    return {
        "kind": kind, "src": src, "source_file": corpus.files[src]["file"],
        "source_start": src_start, "source_end": src_end, "source_text": source_text,
        "text": text, "words": words, "detail": detail, "edits": spec.get("edits", []),
    }


def make_translation(spec, translation, lang, corpus):
    """A translated borrowing: the named source sentences and the student's translation of them."""
    kind = spec["kind"]
    if kind not in ("translated", "translated-edited"):
        raise DemoError(f"unknown translation kind {kind}")
    src = spec["src"]
    source_lang = corpus.files[src]["file"].split("/")[0]
    if source_lang == lang:
        raise DemoError(f"{src} is in the thesis language; a translation needs another language")
    if not translation:
        raise DemoError(f"{src} {spec['start']!r}: the translation is empty")
    offset, para = corpus.paragraph(src, spec["start"])
    spans = split_sentences(para)
    a, b = spec.get("sentences", [0, len(spans)])
    spans = spans[a:b]
    if not TRANSLATION_SENTENCES[0] <= len(spans) <= TRANSLATION_SENTENCES[1]:
        raise DemoError(f"{src} {spec['start']!r}: {len(spans)} sentences, outside 3-6")
    source_text = para[spans[0][0]:spans[-1][1]]
    words = word_count(source_text)
    if not TRANSLATION_WORDS[0] <= words <= TRANSLATION_WORDS[1]:
        raise DemoError(f"{src} {spec['start']!r}: {words} words, outside 50-110")
    detail = f"from {LANG_NAMES[source_lang]}"
    if kind == "translated-edited":
        if not spec.get("edited"):
            raise DemoError(f"{src} {spec['start']!r}: translated-edited needs 'edited'")
        detail += "; " + spec["edited"]
    return {
        "kind": kind, "src": src, "source_file": corpus.files[src]["file"],
        "source_start": offset + spans[0][0], "source_end": offset + spans[-1][1],
        "source_text": source_text, "text": translation, "words": words, "detail": detail,
        "edits": [], "source_lang": source_lang, "sentences": len(spans),
    }


QUOTE_RE = re.compile(r"\{\{quote ([^|}]+)\|([^}]+)\}\}")
FOOTNOTE_RE = re.compile(r"\[\[fn:(.+?)\]\]")


def expand_quotes(text, lang, corpus, block, borrowings):
    def replace(match):
        src, start = match.group(1).strip(), match.group(2).strip()
        source = corpus.text(src)
        at = source.find(start)
        if at < 0 or source.find(start, at + 1) >= 0:
            raise DemoError(f"quote: {start!r} must occur once in {src}")
        para_start = source.rfind("\n\n", 0, at) + 2 if source.rfind("\n\n", 0, at) >= 0 else 0
        para_end = source.find("\n\n", at)
        para_end = len(source) if para_end < 0 else para_end
        paragraph = source[para_start:para_end]
        for s, e in split_sentences(paragraph):
            if para_start + s <= at < para_start + e:
                # From the quoted words to the end of their sentence.
                sentence = paragraph[at - para_start:e]
                break
        else:
            raise DemoError(f"quote: {start!r} not found in a sentence of {src}")
        inner = sentence.rstrip(".")
        open_q, close_q = ("“", "”") if lang == "en" else ("«", "»")
        borrowings.append({
            "kind": "quote", "src": src, "source_file": corpus.files[src]["file"],
            "source_start": at, "source_end": at + len(inner), "source_text": inner,
            "text": inner, "words": word_count(inner), "detail": "cited as [3]",
            "quoted": open_q + inner + close_q,
        })
        return open_q + inner + close_q

    return QUOTE_RE.sub(replace, text)


def take_footnotes(text):
    notes = []
    out = []
    last = 0
    for match in FOOTNOTE_RE.finditer(text):
        out.append(text[last:match.start()])
        position = sum(len(part) for part in out)
        notes.append((position, match.group(1).strip()))
        last = match.end()
    out.append(text[last:])
    return "".join(out), notes


# ---------------------------------------------------------------------------------------------
# Outputs


def visible_text(blocks):
    """The .txt: every visible paragraph, footnotes left out; offsets of borrowings recorded."""
    parts = []
    offset = 0
    for block in blocks:
        if block.kind == "hidden" or not block.text:
            continue
        if parts:
            offset += 2
        if block.borrowing is not None:
            block.borrowing["thesis_start"] = offset
            block.borrowing["thesis_end"] = offset + len(block.text)
        parts.append(block.text)
        offset += len(block.text)
    text = "\n\n".join(parts) + "\n"
    return text


def locate_quotes(text, borrowings):
    for b in borrowings:
        if b["kind"] == "quote":
            at = text.find(b["quoted"])
            if at < 0 or text.find(b["quoted"], at + 1) >= 0:
                raise DemoError("quote not found exactly once in the thesis text")
            b["thesis_start"] = at + 1
            b["thesis_end"] = at + 1 + len(b["text"])


FODT_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:meta><dc:title>{title}</dc:title><dc:language>{lang}</dc:language>
  <meta:generator>Adal tools/demo/make_demo.py</meta:generator></office:meta>
 <office:font-face-decls>
  <style:font-face style:name="Times New Roman" svg:font-family="'Times New Roman'"
   style:font-family-generic="roman" style:font-pitch="variable"/>
 </office:font-face-decls>
 <office:styles>
  <style:default-style style:family="paragraph">
   <style:paragraph-properties fo:line-height="150%" style:writing-mode="lr-tb"/>
   <style:text-properties style:font-name="Times New Roman" fo:font-size="14pt"
    fo:language="{lang}" fo:country="{country}" fo:color="#000000"/>
  </style:default-style>
  <style:style style:name="Standard" style:family="paragraph" style:class="text">
   <style:paragraph-properties fo:line-height="150%"/>
   <style:text-properties style:font-name="Times New Roman" fo:font-size="14pt"/>
  </style:style>
  <style:style style:name="Text_20_body" style:display-name="Text body" style:family="paragraph"
   style:parent-style-name="Standard" style:class="text">
   <style:paragraph-properties fo:text-align="justify" fo:text-indent="1.25cm"
    fo:margin-top="0cm" fo:margin-bottom="0cm" fo:line-height="150%"/>
  </style:style>
  <style:style style:name="Title_20_line" style:display-name="Title line" style:family="paragraph"
   style:parent-style-name="Standard">
   <style:paragraph-properties fo:text-align="center" fo:margin-top="0cm" fo:margin-bottom="0.2cm"/>
  </style:style>
  <style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph"
   style:parent-style-name="Standard" style:next-style-name="Text_20_body"
   style:default-outline-level="1" style:class="text">
   <style:paragraph-properties fo:text-align="center" fo:margin-top="0cm" fo:margin-bottom="0.4cm"
    fo:break-before="page" fo:keep-with-next="always"/>
   <style:text-properties fo:font-size="14pt" fo:font-weight="bold"/>
  </style:style>
  <style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph"
   style:parent-style-name="Standard" style:next-style-name="Text_20_body"
   style:default-outline-level="2" style:class="text">
   <style:paragraph-properties fo:text-align="justify" fo:text-indent="1.25cm"
    fo:margin-top="0.4cm" fo:margin-bottom="0.2cm" fo:keep-with-next="always"/>
   <style:text-properties fo:font-size="14pt" fo:font-weight="bold"/>
  </style:style>
  <style:style style:name="Bibliography_20_item" style:display-name="Bibliography item"
   style:family="paragraph" style:parent-style-name="Standard">
   <style:paragraph-properties fo:text-align="justify" fo:margin-left="0cm" fo:text-indent="1.25cm"/>
  </style:style>
  <style:style style:name="Footnote" style:family="paragraph" style:parent-style-name="Standard"
   style:class="extra">
   <style:paragraph-properties fo:line-height="100%" fo:text-align="justify"
    fo:margin-left="0.5cm" fo:text-indent="-0.5cm"/>
   <style:text-properties fo:font-size="12pt"/>
  </style:style>
  <style:style style:name="Footnote_20_Symbol" style:display-name="Footnote Symbol"
   style:family="text"/>
  <style:style style:name="Footnote_20_anchor" style:display-name="Footnote anchor"
   style:family="text"><style:text-properties style:text-position="super 58%"/></style:style>
  <style:style style:name="Footer" style:family="paragraph" style:parent-style-name="Standard"
   style:class="extra">
   <style:paragraph-properties fo:text-align="center" fo:line-height="100%"/>
   <style:text-properties fo:font-size="12pt"/>
  </style:style>
  <text:notes-configuration text:note-class="footnote" text:citation-style-name="Footnote_20_Symbol"
   text:citation-body-style-name="Footnote_20_anchor" style:num-format="1" text:start-value="0"
   text:footnotes-position="page" text:start-numbering-at="document"/>
 </office:styles>
 <office:automatic-styles>
  <style:style style:name="PHidden" style:family="paragraph" style:parent-style-name="Text_20_body">
   <style:text-properties fo:color="#ffffff"/>
  </style:style>
  <style:page-layout style:name="pm1">
   <style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm"
    fo:margin-top="2cm" fo:margin-bottom="1.2cm" fo:margin-left="3cm" fo:margin-right="1.5cm"
    style:print-orientation="portrait"/>
   <style:footer-style><style:header-footer-properties fo:min-height="0.8cm"
    fo:margin-top="0.3cm"/></style:footer-style>
  </style:page-layout>
 </office:automatic-styles>
 <office:master-styles>
  <style:master-page style:name="Standard" style:page-layout-name="pm1">
   <style:footer><text:p text:style-name="Footer"><text:page-number text:select-page="current"/></text:p></style:footer>
  </style:master-page>
 </office:master-styles>
 <office:body>
  <office:text>
"""

FODT_TAIL = """  </office:text>
 </office:body>
</office:document>
"""


def odt_inline(text):
    """Escape text for ODT, keeping runs of spaces."""
    out = escape(text)
    return re.sub(r"  +", lambda m: " " + f'<text:s text:c="{len(m.group(0)) - 1}"/>', out)


def fodt(blocks, lang, title):
    language, country = ODT_LANG[lang]
    parts = [FODT_HEAD.format(title=escape(title), lang=language, country=country)]
    note_number = 0
    for block in blocks:
        if block.kind == "title":
            body = odt_inline(block.text)
            parts.append(f'   <text:p text:style-name="Title_20_line">{body}</text:p>\n')
            continue
        if block.kind in ("h1", "h2"):
            level = 1 if block.kind == "h1" else 2
            parts.append(f'   <text:h text:style-name="Heading_20_{level}" text:outline-level="{level}">'
                         f"{odt_inline(block.text)}</text:h>\n")
            continue
        style = {"body": "Text_20_body", "bib": "Bibliography_20_item", "hidden": "PHidden"}[block.kind]
        pieces = []
        last = 0
        for position, note in block.footnotes:
            note_number += 1
            pieces.append(odt_inline(block.text[last:position]))
            pieces.append(
                f'<text:note text:id="ftn{note_number}" text:note-class="footnote">'
                f"<text:note-citation>{note_number}</text:note-citation><text:note-body>"
                f'<text:p text:style-name="Footnote">{odt_inline(note)}</text:p>'
                f"</text:note-body></text:note>")
            last = position
        pieces.append(odt_inline(block.text[last:]))
        parts.append(f'   <text:p text:style-name="{style}">{"".join(pieces)}</text:p>\n')
    parts.append(FODT_TAIL)
    return "".join(parts)


def convert(fodt_path, out_dir):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise DemoError("LibreOffice not found (apt-get install -y libreoffice-writer-nogui)")
    with tempfile.TemporaryDirectory(prefix="adal-demo-lo-") as profile:
        for target in ("docx:MS Word 2007 XML", "pdf:writer_pdf_Export"):
            subprocess.run(
                [soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                 "--convert-to", target, "--outdir", str(out_dir), str(fodt_path)],
                check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)


def first_words(text, n=8):
    words = text.split()
    return " ".join(words[:n]) + (" …" if len(words) > n else "")


def build(stem, corpus, office):
    lang = stem.split("-")[0]
    if lang not in LANG_NAMES:
        raise DemoError(f"{stem}: the name must begin with kk-, ru- or en-")
    template = TOOLS / f"{stem}.tmpl"
    blocks, borrowings = parse_template(template, lang, corpus)
    text = visible_text(blocks)
    locate_quotes(text, borrowings)
    for b in borrowings:
        if text[b["thesis_start"]:b["thesis_end"]] != b["text"]:
            raise DemoError("internal: borrowing offsets do not match the text")
        source = corpus.text(b["src"])
        if source[b["source_start"]:b["source_end"]] != b["source_text"]:
            raise DemoError("internal: source offsets do not match the corpus")
    total = word_count(text)
    if not 1500 <= total <= 2500:
        print(f"warning: {stem} has {total} words (wanted 1500-2500)", file=sys.stderr)
    DEMO.mkdir(exist_ok=True)
    (DEMO / f"{stem}.txt").write_text(text, encoding="utf-8")
    title = next((b.text for b in blocks if b.kind == "title" and b.text.startswith(("«", "“", "\""))),
                 stem)
    fodt_path = DEMO / f"{stem}.fodt"
    document = fodt(blocks, lang, title.strip("«»“”\""))
    changed = not fodt_path.exists() or fodt_path.read_text(encoding="utf-8") != document
    if changed:
        fodt_path.write_text(document, encoding="utf-8")
    outputs_missing = not all((DEMO / f"{stem}.{ext}").exists() for ext in ("docx", "pdf"))
    if office and (changed or outputs_missing or FORCE_OFFICE):
        # LibreOffice stamps the time into its output; convert only when the document changed.
        convert(fodt_path, DEMO)
    hidden = [b.text for b in blocks if b.kind == "hidden"]
    notes = [n for b in blocks for _, n in b.footnotes]
    return {"lang": lang, "stem": stem, "words": total, "borrowings": borrowings,
            "hidden": hidden, "footnotes": notes}


def c_offsets(b):
    return b["thesis_start"], b["thesis_end"], b["source_start"], b["source_end"]


def write_truth(results):
    rows = ["thesis\tkind\tsource_id\tsource_file\tsource_start\tsource_end\tthesis_start\t"
            "thesis_end\tsource_words\tdetail\tsource_first_words"]
    for r in results:
        for b in r["borrowings"]:
            ts, te, ss, se = c_offsets(b)
            rows.append("\t".join([f"demo/{r['stem']}.txt", b["kind"], b["src"], "corpus/" + b["source_file"],
                                   str(ss), str(se), str(ts), str(te), str(b["words"]), b["detail"],
                                   first_words(b["source_text"])]))
    (DEMO / "truth.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")


README_HEAD = """# Demo theses

Three student theses written for Adal's demo, one per language, each with borrowings planted from the
demo corpus in `corpus/`. They are generated by `tools/demo/make_demo.py` from the templates
`tools/demo/<lang>-thesis.tmpl`: the templates hold the students' own text and only *name* the
borrowed corpus paragraphs; the script copies those paragraphs and rewrites them, so the table below
is exact. All text is original, written for Adal, and free to use.

| file | what it is |
|---|---|
| `<lang>-thesis.txt` | the visible text, paragraphs separated by a blank line (no footnotes, no hidden paragraph) |
| `<lang>-thesis.fodt` | the Flat ODT the office files are made from (Times New Roman 14 pt, 1.5 spacing, A4) |
| `<lang>-thesis.docx`, `<lang>-thesis.pdf` | LibreOffice's conversions of the `.fodt` |
| `truth.tsv` | the planted borrowings with exact character offsets (Unicode code points) into the `.txt` and the corpus file |

Rebuild with `python3 tools/demo/make_demo.py` (needs `soffice`; `--no-office` writes only `.txt`,
`.fodt`, `truth.tsv` and this file).

## What the check must find
"""


def has_translations(result):
    return any(b["kind"].startswith("translated") for b in result["borrowings"])


def write_readme(all_results):
    # The three original theses keep their tables; theses with translated borrowings get a section
    # of their own at the end (translation_section), since their rows need other explanations.
    results = [r for r in all_results if not has_translations(r)]
    translated = [r for r in all_results if has_translations(r)]
    lines = [README_HEAD]
    lines.append("Every borrowing below should be reported against its source document, except the "
                 "quoted citation, which is attributed in the text and listed in the bibliography as "
                 "[3] and should be shown as a citation, not as plagiarism. `chars` are the Unicode "
                 "code point offsets of the passage in the thesis `.txt` (the same as in `truth.tsv`).\n")
    lines.append("| thesis | kind of rewriting | source | words | chars | detail | first words of the source passage |")
    lines.append("|---|---|---|---|---|---|---|")
    for r in results:
        for b in r["borrowings"]:
            lines.append(f"| {r['stem']} | {KIND_LABELS[b['kind']]} | {b['src']} | {b['words']} | "
                         f"{b['thesis_start']}–{b['thesis_end']} | {b['detail']} | "
                         f"{first_words(b['source_text']).replace('|', '/')} |")
    lines.append("")
    lines.append("How the rewritings were made (all by `make_demo.py`, from the corpus text):\n")
    lines.append("- *verbatim*: the source paragraph unchanged.")
    lines.append("- *lightly edited*: the listed phrase replacements, applied to the source paragraph.")
    lines.append("- *sentences reordered*: the source sentences, unchanged, in the order given (1 = first "
                 "source sentence).")
    lines.append("- *homoglyphs*: in every second word of four or more letters that has a look-alike, "
                 "all such letters are swapped: Cyrillic а е о р с у х і һ (and capitals) for Latin in "
                 "Kazakh and Russian, Latin a e o p c y x i (and capitals) for Cyrillic in English.")
    lines.append("- *zero-width spaces*: U+200B in the middle of every third word of six or more letters. "
                 "They are in the `.txt`, `.fodt` and `.docx`; LibreOffice does not write them into the "
                 "PDF's text layer, so in the `.pdf` that passage is a verbatim copy.")
    lines.append("- *transliterated*: the whole paragraph in the 2021 Kazakh Latin alphabet (ә→ä, ғ→ğ, "
                 "қ→q, ң→ñ, ө→ö, ұ→ū, ү→ü, һ→h, і→ı, и/й→i, ш→ş, ч→ç, ж→j, у→u, ы→y, х→h, в→v, ц→ts, "
                 "щ→şş, ё→io, ю→iu, я→ia, ъ/ь dropped).")
    lines.append("")
    for r in results:
        for b in r["borrowings"]:
            if b.get("edits"):
                lines.append(f"Light edits in {r['stem']} ({b['src']}):\n")
                for old, new in b["edits"]:
                    lines.append(f"- “{old}” → “{new}”")
                lines.append("")
    lines.append("## Traps that are not borrowings\n")
    lines.append("| thesis | what | where |")
    lines.append("|---|---|---|")
    for r in results:
        for h in r["hidden"]:
            lines.append(f"| {r['stem']} | white (hidden) paragraph of the student's own text, only in "
                         f"`.fodt`/`.docx`/`.pdf`; should be flagged as hidden text | "
                         f"begins “{first_words(h)}” |")
        for n in r["footnotes"]:
            lines.append(f"| {r['stem']} | footnote (own text), only in `.fodt`/`.docx`/`.pdf` | "
                         f"“{first_words(n)}” |")
    lines.append("")
    lines.append("The office files also carry page numbers in the footer, and their title pages, "
                 "headings and bibliographies are ordinary student text.\n")
    lines.append("## Sizes\n")
    lines.append("| thesis | words in `.txt` | borrowings | borrowed words |")
    lines.append("|---|---|---|---|")
    for r in results:
        planted = [b for b in r["borrowings"] if b["kind"] != "quote"]
        lines.append(f"| {r['stem']} | {r['words']} | {len(planted)} + 1 quotation | "
                     f"{sum(b['words'] for b in planted)} |")
    lines.append("")
    for r in translated:
        lines.extend(translation_section(r))
    (DEMO / "README.md").write_text("\n".join(lines), encoding="utf-8")


def translation_section(r):
    """The README section of a thesis whose borrowings are translations of corpus passages."""
    stem = r["stem"]
    languages = sorted({LANG_NAMES[b["source_lang"]] for b in r["borrowings"]})
    lines = [f"## Translated borrowings: {stem}\n"]
    lines.append(
        f"`{stem}` is a {LANG_NAMES[r['lang']]} bachelor thesis (template "
        f"`tools/demo/{stem}.tmpl`) whose borrowings are translations of {' and '.join(languages)} "
        "corpus passages (issue #17). The translations are the student's own wording, written in the "
        "template, so they share few word forms with the source (names, numbers and international "
        "words such as фактор or режим); the template "
        "names the translated source sentences, and `make_demo.py` copies and locates them, so the "
        "source offsets are exact. Detection needs a bilingual dictionary (the Apertium dictionaries "
        "or, on a fresh machine, the seed glossary `corpus/glossary/kk-ru-en.tsv`). There is no "
        "quotation, hidden paragraph or footnote in this thesis; everything else is the student's "
        "own text.\n")
    lines.append("| thesis | kind of rewriting | source | source words | sentences | chars | detail | first words of the source passage |")
    lines.append("|---|---|---|---|---|---|---|---|")
    for b in r["borrowings"]:
        lines.append(f"| {stem} | {KIND_LABELS[b['kind']]} | {b['src']} | {b['words']} | "
                     f"{b.get('sentences', '')} | {b['thesis_start']}–{b['thesis_end']} | "
                     f"{b['detail']} | {first_words(b['source_text']).replace('|', '/')} |")
    lines.append("")
    lines.append("- *translated*: a faithful human translation of the named source sentences, in "
                 "their order; names and numbers kept as in the source.")
    lines.append("- *translated, then post-edited*: the same, then edited as the detail column says "
                 "(a sentence dropped or two sentences merged, a few words changed). The source span "
                 "still runs from the first to the last named sentence, a dropped one included.")
    lines.append("")
    thesis_words = sum(word_count(b["text"]) for b in r["borrowings"])
    lines.append("| thesis | words in `.txt` | translated passages | source words | words of the translations |")
    lines.append("|---|---|---|---|---|")
    lines.append(f"| {stem} | {r['words']} | {len(r['borrowings'])} | "
                 f"{sum(b['words'] for b in r['borrowings'])} | {thesis_words} |")
    lines.append("")
    return lines


def all_templates():
    """Names of every template: kk-, ru-, en-thesis first (the original order), then the others."""
    first = [f"{lang}-thesis" for lang in ("kk", "ru", "en")]
    found = {path.stem for path in TOOLS.glob("*-thesis.tmpl")}
    return [n for n in first if n in found] + sorted(found - set(first))


def main(argv):
    global FORCE_OFFICE
    office = "--no-office" not in argv
    FORCE_OFFICE = "--force" in argv
    names = [a if "-" in a else f"{a}-thesis" for a in argv if not a.startswith("--")]
    everything = all_templates()
    if not names:
        names = everything
    corpus = Corpus(CORPUS)
    results = []
    try:
        for name in names:
            if not (TOOLS / f"{name}.tmpl").exists():
                raise DemoError(f"no template tools/demo/{name}.tmpl")
            results.append(build(name, corpus, office))
            r = results[-1]
            print(f"{r['stem']}: {r['words']} words, {len(r['borrowings'])} borrowings")
    except DemoError as error:
        print(f"make_demo: {error}", file=sys.stderr)
        return 1
    if set(names) == set(everything):
        # The template order, not the command line's, so that the files do not depend on it.
        results.sort(key=lambda r: everything.index(r["stem"]))
        write_truth(results)
        write_readme(results)
    else:
        print("only some theses built; truth.tsv and README.md left as they were", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
