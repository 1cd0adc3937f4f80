#!/bin/sh
# Assemble corpus/manifest.tsv from the per-language manifests:
# the header once, then the data lines of manifest-kk-en.tsv and manifest-ru.tsv.
# Checks that the headers agree and that every listed file exists.
set -eu

cd "$(dirname "$0")/../../corpus"

header='file	id	title	authors	year	language	kind	institution	external_ref'
for part in manifest-kk-en.tsv manifest-ru.tsv; do
    if [ ! -f "$part" ]; then
        echo "assemble_manifest: $part is missing" >&2
        exit 1
    fi
    if [ "$(head -n 1 "$part")" != "$header" ]; then
        echo "assemble_manifest: $part has an unexpected header" >&2
        exit 1
    fi
done

tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
{
    printf '%s\n' "$header"
    tail -n +2 manifest-kk-en.tsv | sed '/^[[:space:]]*$/d'
    tail -n +2 manifest-ru.tsv | sed '/^[[:space:]]*$/d'
} > "$tmp"

missing=0
tail -n +2 "$tmp" | cut -f 1 | while read -r file; do
    if [ ! -f "$file" ]; then
        echo "assemble_manifest: listed file $file does not exist" >&2
        exit 1
    fi
done || missing=1
[ "$missing" -eq 0 ] || exit 1

duplicates=$(tail -n +2 "$tmp" | cut -f 2 | sort | uniq -d)
if [ -n "$duplicates" ]; then
    echo "assemble_manifest: duplicate ids: $duplicates" >&2
    exit 1
fi

mv "$tmp" manifest.tsv
trap - EXIT
echo "corpus/manifest.tsv: $(($(wc -l < manifest.tsv) - 1)) documents"
