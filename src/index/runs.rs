//! Fingerprint runs: immutable, sorted tables of `(fingerprint key, document number)` pairs.
//!
//! The corpus keeps its fingerprints here rather than in tantivy's term dictionary, where each
//! of the nearly all-distinct 32-bit keys cost about 11 bytes and most of the indexing time
//! (BENCHMARKS.md). A run costs about 3–4 bytes per pair: keys are delta-coded within blocks of
//! [`BLOCK_ENTRIES`] pairs, document numbers are fixed-width little-endian integers of the
//! narrowest width that holds the largest number, and a skip table of `(first key, offset)` per
//! block makes a look-up one binary search plus the decoding of one or two blocks.
//!
//! Layout (all integers little-endian):
//!
//! ```text
//! header  "ADALFPR1", document-number width (1..=4), 7 reserved bytes
//! blocks  per pair: varint(key − previous key of the block, 0 for the first), document number
//! skips   per block: first key (u32), offset of the block from the start of the file (u32)
//! footer  pairs (u64), offset of the skip table (u64), blocks (u64), "ADALFPR1"
//! ```
//!
//! Readers never trust the bytes: every offset is checked and a damaged run is an error, never
//! a panic or an endless loop.

use super::error::IndexError;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::io::Write;
use std::ops::Deref;
use std::sync::Arc;

/// Pairs per block: small enough that a look-up decodes few pairs, large enough that the skip
/// table costs a quarter of a byte per pair.
pub const BLOCK_ENTRIES: usize = 32;
const MAGIC: &[u8; 8] = b"ADALFPR1";
const HEADER_BYTES: usize = 16;
const FOOTER_BYTES: usize = 32;
const SKIP_BYTES: usize = 8;

/// The bytes of a run: a memory map of its file, or a buffer for in-memory indexes.
pub enum RunBytes {
    Mapped(memmap2::Mmap),
    Memory(Arc<Vec<u8>>),
}

impl Deref for RunBytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            RunBytes::Mapped(map) => map,
            RunBytes::Memory(buffer) => buffer,
        }
    }
}

/// The narrowest width, in bytes, that holds every document number below `docnum_limit`.
pub fn docnum_width(docnum_limit: u32) -> u8 {
    match docnum_limit.saturating_sub(1) {
        0..=0xFF => 1,
        0x100..=0xFFFF => 2,
        0x1_0000..=0xFF_FFFF => 3,
        _ => 4,
    }
}

/// Writes a run pair by pair, in strictly increasing `(key, docnum)` order.
pub struct RunWriter<W: Write> {
    out: W,
    written: u64,
    pairs: u64,
    width: u8,
    in_block: usize,
    previous_key: u32,
    previous_pair: Option<(u32, u32)>,
    skips: Vec<u8>,
}

impl<W: Write> RunWriter<W> {
    /// Starts a run whose document numbers are all below `docnum_limit`.
    pub fn new(mut out: W, docnum_limit: u32) -> Result<RunWriter<W>, IndexError> {
        let width = docnum_width(docnum_limit);
        let mut header = [0u8; HEADER_BYTES];
        header[..8].copy_from_slice(MAGIC);
        header[8] = width;
        out.write_all(&header)?;
        Ok(RunWriter {
            out,
            written: HEADER_BYTES as u64,
            pairs: 0,
            width,
            in_block: 0,
            previous_key: 0,
            previous_pair: None,
            skips: Vec::new(),
        })
    }

    /// Appends one pair; pairs must come in strictly increasing order.
    pub fn push(&mut self, key: u32, docnum: u32) -> Result<(), IndexError> {
        if self.previous_pair.is_some_and(|previous| previous >= (key, docnum)) {
            return Err(IndexError::CorruptRun("pairs out of order".to_string()));
        }
        if u64::from(docnum) >> (8 * u32::from(self.width)) != 0 {
            return Err(IndexError::CorruptRun("document number wider than the run".to_string()));
        }
        self.previous_pair = Some((key, docnum));
        if self.in_block == 0 {
            let offset = u32::try_from(self.written)
                .map_err(|_| IndexError::CorruptRun("a fingerprint run may not exceed 4 GiB".to_string()))?;
            self.skips.extend_from_slice(&key.to_le_bytes());
            self.skips.extend_from_slice(&offset.to_le_bytes());
            self.previous_key = key;
        }
        let mut buffer = [0u8; 9];
        let mut length = write_varint(key - self.previous_key, &mut buffer);
        buffer[length..length + usize::from(self.width)]
            .copy_from_slice(&docnum.to_le_bytes()[..usize::from(self.width)]);
        length += usize::from(self.width);
        self.out.write_all(&buffer[..length])?;
        self.written += length as u64;
        self.previous_key = key;
        self.pairs += 1;
        self.in_block = (self.in_block + 1) % BLOCK_ENTRIES;
        Ok(())
    }

    /// Writes the skip table and the footer; returns the output and the number of pairs.
    pub fn finish(mut self) -> Result<(W, u64), IndexError> {
        let skip_offset = self.written;
        let blocks = (self.skips.len() / SKIP_BYTES) as u64;
        self.out.write_all(&self.skips)?;
        let mut footer = [0u8; FOOTER_BYTES];
        footer[..8].copy_from_slice(&self.pairs.to_le_bytes());
        footer[8..16].copy_from_slice(&skip_offset.to_le_bytes());
        footer[16..24].copy_from_slice(&blocks.to_le_bytes());
        footer[24..].copy_from_slice(MAGIC);
        self.out.write_all(&footer)?;
        self.out.flush()?;
        Ok((self.out, self.pairs))
    }
}

/// An opened run.
pub struct Run {
    bytes: RunBytes,
    pairs: u64,
    width: u8,
    skip_offset: usize,
    blocks: usize,
}

impl Run {
    /// Checks the header and footer of `bytes` and opens the run.
    pub fn open(bytes: RunBytes) -> Result<Run, IndexError> {
        let corrupt = |what: &str| IndexError::CorruptRun(what.to_string());
        if bytes.len() < HEADER_BYTES + FOOTER_BYTES
            || &bytes[..8] != MAGIC
            || &bytes[bytes.len() - 8..] != MAGIC
        {
            return Err(corrupt("not a fingerprint run"));
        }
        let width = bytes[8];
        if !(1..=4).contains(&width) {
            return Err(corrupt("bad document-number width"));
        }
        let footer = &bytes[bytes.len() - FOOTER_BYTES..];
        let read_u64 = |at: usize| u64::from_le_bytes(footer[at..at + 8].try_into().unwrap_or([0; 8]));
        let (pairs, skip_offset, blocks) = (read_u64(0), read_u64(8), read_u64(16));
        let expected_blocks = pairs.div_ceil(BLOCK_ENTRIES as u64);
        let skip_end = skip_offset.checked_add(blocks.saturating_mul(SKIP_BYTES as u64));
        if blocks != expected_blocks
            || skip_offset < HEADER_BYTES as u64
            || skip_end != Some((bytes.len() - FOOTER_BYTES) as u64)
        {
            return Err(corrupt("inconsistent footer"));
        }
        Ok(Run { bytes, pairs, width, skip_offset: skip_offset as usize, blocks: blocks as usize })
    }

    /// Number of pairs.
    pub fn pairs(&self) -> u64 {
        self.pairs
    }

    /// Bytes of the run.
    pub fn byte_len(&self) -> u64 {
        self.bytes.len() as u64
    }

    fn skip(&self, block: usize) -> (u32, usize) {
        let at = self.skip_offset + block * SKIP_BYTES;
        let entry = &self.bytes[at..at + SKIP_BYTES];
        let key = u32::from_le_bytes([entry[0], entry[1], entry[2], entry[3]]);
        let offset = u32::from_le_bytes([entry[4], entry[5], entry[6], entry[7]]) as usize;
        (key, offset)
    }

    /// Decodes block `block` into `out` as `(key, docnum)` pairs.
    fn decode_block(&self, block: usize, out: &mut Vec<(u32, u32)>) -> Result<(), IndexError> {
        out.clear();
        let (first_key, start) = self.skip(block);
        let end = if block + 1 < self.blocks { self.skip(block + 1).1 } else { self.skip_offset };
        let count = if block + 1 < self.blocks {
            BLOCK_ENTRIES
        } else {
            (self.pairs - (block * BLOCK_ENTRIES) as u64) as usize
        };
        if start < HEADER_BYTES || end > self.skip_offset || start > end {
            return Err(IndexError::CorruptRun("bad block offset".to_string()));
        }
        let data = &self.bytes[start..end];
        let width = usize::from(self.width);
        let mut position = 0;
        let mut key = first_key;
        for _ in 0..count {
            let (delta, used) = read_varint(&data[position..])
                .ok_or_else(|| IndexError::CorruptRun("truncated block".to_string()))?;
            position += used;
            let raw = data
                .get(position..position + width)
                .ok_or_else(|| IndexError::CorruptRun("truncated block".to_string()))?;
            let mut docnum_bytes = [0u8; 4];
            docnum_bytes[..width].copy_from_slice(raw);
            position += width;
            key = key.checked_add(delta).ok_or_else(|| IndexError::CorruptRun("key overflow".to_string()))?;
            out.push((key, u32::from_le_bytes(docnum_bytes)));
        }
        Ok(())
    }

    /// Calls `visit(position, docnum)` for every pair whose key is `sorted_keys[position]`.
    /// `sorted_keys` must be sorted ascending.
    pub fn look_up(&self, sorted_keys: &[u32], mut visit: impl FnMut(usize, u32)) -> Result<(), IndexError> {
        let mut block_pairs = Vec::with_capacity(BLOCK_ENTRIES);
        let mut decoded_block = usize::MAX;
        let mut first_block = 0;
        for (position, &key) in sorted_keys.iter().enumerate() {
            // The first block that may hold `key`: the last one starting below it (a key's pairs
            // may continue from there into the next blocks).
            let after = first_block
                + partition_point(self.blocks - first_block, |block| self.skip(first_block + block).0 < key);
            let mut block = after.saturating_sub(1).max(first_block);
            first_block = block;
            'blocks: while block < self.blocks {
                if self.skip(block).0 > key {
                    break;
                }
                if decoded_block != block {
                    self.decode_block(block, &mut block_pairs)?;
                    decoded_block = block;
                }
                for &(pair_key, docnum) in &block_pairs {
                    if pair_key > key {
                        break 'blocks;
                    }
                    if pair_key == key {
                        visit(position, docnum);
                    }
                }
                block += 1;
            }
        }
        Ok(())
    }

    /// Every pair, in order.
    pub fn pairs_iter(&self) -> RunPairs<'_> {
        RunPairs { run: self, block: 0, pairs: Vec::with_capacity(BLOCK_ENTRIES), next: 0 }
    }
}

/// The first index in `0..length` for which `is_before` is false (`is_before` must be true on a
/// prefix and false after it).
fn partition_point(length: usize, is_before: impl Fn(usize) -> bool) -> usize {
    let (mut low, mut high) = (0, length);
    while low < high {
        let middle = low + (high - low) / 2;
        if is_before(middle) {
            low = middle + 1;
        } else {
            high = middle;
        }
    }
    low
}

/// Iterator over the pairs of a run.
pub struct RunPairs<'a> {
    run: &'a Run,
    block: usize,
    pairs: Vec<(u32, u32)>,
    next: usize,
}

impl Iterator for RunPairs<'_> {
    type Item = Result<(u32, u32), IndexError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.next == self.pairs.len() {
            if self.block >= self.run.blocks {
                return None;
            }
            if let Err(error) = self.run.decode_block(self.block, &mut self.pairs) {
                self.block = self.run.blocks;
                return Some(Err(error));
            }
            self.block += 1;
            self.next = 0;
        }
        let pair = self.pairs.get(self.next).copied()?;
        self.next += 1;
        Some(Ok(pair))
    }
}

/// Merges runs into `writer`, keeping only pairs whose document number `keep` accepts.
pub fn merge_runs<W: Write>(
    runs: &[Arc<Run>],
    keep: impl Fn(u32) -> bool,
    mut writer: RunWriter<W>,
) -> Result<(W, u64), IndexError> {
    let mut iterators: Vec<RunPairs<'_>> = runs.iter().map(|run| run.pairs_iter()).collect();
    let mut heap = BinaryHeap::with_capacity(iterators.len());
    for (source, iterator) in iterators.iter_mut().enumerate() {
        if let Some(pair) = iterator.next() {
            let (key, docnum) = pair?;
            heap.push(Reverse((key, docnum, source)));
        }
    }
    let mut last: Option<(u32, u32)> = None;
    while let Some(Reverse((key, docnum, source))) = heap.pop() {
        if last != Some((key, docnum)) && keep(docnum) {
            writer.push(key, docnum)?;
        }
        last = Some((key, docnum));
        if let Some(pair) = iterators[source].next() {
            let (key, docnum) = pair?;
            heap.push(Reverse((key, docnum, source)));
        }
    }
    writer.finish()
}

fn write_varint(mut value: u32, out: &mut [u8; 9]) -> usize {
    let mut length = 0;
    loop {
        let byte = (value & 0x7F) as u8;
        value >>= 7;
        if value == 0 {
            out[length] = byte;
            return length + 1;
        }
        out[length] = byte | 0x80;
        length += 1;
    }
}

fn read_varint(bytes: &[u8]) -> Option<(u32, usize)> {
    let mut value: u32 = 0;
    for (index, &byte) in bytes.iter().enumerate().take(5) {
        value |= u32::from(byte & 0x7F).checked_shl(7 * index as u32)?;
        if byte & 0x80 == 0 {
            return Some((value, index + 1));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(pairs: &[(u32, u32)], limit: u32) -> Run {
        let mut writer = RunWriter::new(Vec::new(), limit).unwrap();
        for &(key, docnum) in pairs {
            writer.push(key, docnum).unwrap();
        }
        let (bytes, count) = writer.finish().unwrap();
        assert_eq!(count, pairs.len() as u64);
        Run::open(RunBytes::Memory(Arc::new(bytes))).unwrap()
    }

    fn pseudo_random_pairs(count: usize, key_range: u32, docs: u32) -> Vec<(u32, u32)> {
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        let mut pairs: Vec<(u32, u32)> = (0..count)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                ((state as u32) % key_range, ((state >> 32) as u32) % docs)
            })
            .collect();
        pairs.sort_unstable();
        pairs.dedup();
        pairs
    }

    #[test]
    fn look_up_finds_exactly_the_pairs_of_each_key() {
        for (count, key_range, docs) in
            [(0, 10, 10), (1, 10, 10), (31, 50, 3), (5000, 400, 70_000), (20_000, u32::MAX, 300)]
        {
            let pairs = pseudo_random_pairs(count, key_range, docs);
            let run = build(&pairs, docs);
            assert_eq!(run.pairs(), pairs.len() as u64);
            let mut keys: Vec<u32> = pairs.iter().map(|pair| pair.0).step_by(3).collect();
            keys.extend([0, 7, key_range / 2, key_range.saturating_sub(1)]);
            keys.sort_unstable();
            keys.dedup();
            let mut found = Vec::new();
            run.look_up(&keys, |position, docnum| found.push((keys[position], docnum))).unwrap();
            let expected: Vec<(u32, u32)> =
                pairs.iter().copied().filter(|pair| keys.binary_search(&pair.0).is_ok()).collect();
            assert_eq!(found, expected, "{count} pairs");
            let all: Vec<(u32, u32)> = run.pairs_iter().map(Result::unwrap).collect();
            assert_eq!(all, pairs);
        }
    }

    #[test]
    fn merging_deduplicates_and_drops_documents() {
        let left = pseudo_random_pairs(3000, 1000, 50);
        let right = pseudo_random_pairs(2000, 1500, 50);
        let runs = vec![Arc::new(build(&left, 50)), Arc::new(build(&right, 50))];
        let writer = RunWriter::new(Vec::new(), 50).unwrap();
        let (bytes, count) = merge_runs(&runs, |docnum| docnum % 5 != 0, writer).unwrap();
        let merged = Run::open(RunBytes::Memory(Arc::new(bytes))).unwrap();
        let mut expected: Vec<(u32, u32)> =
            left.iter().chain(&right).copied().filter(|pair| pair.1 % 5 != 0).collect();
        expected.sort_unstable();
        expected.dedup();
        assert_eq!(count, expected.len() as u64);
        let all: Vec<(u32, u32)> = merged.pairs_iter().map(Result::unwrap).collect();
        assert_eq!(all, expected);
    }

    #[test]
    fn out_of_order_pairs_and_damaged_bytes_are_errors() {
        let mut writer = RunWriter::new(Vec::new(), 10).unwrap();
        writer.push(5, 1).unwrap();
        assert!(writer.push(5, 1).is_err());
        assert!(writer.push(4, 2).is_err());
        assert!(writer.push(6, 300).is_err());
        let pairs = pseudo_random_pairs(500, 100_000, 1000);
        let mut writer = RunWriter::new(Vec::new(), 1000).unwrap();
        for &(key, docnum) in &pairs {
            writer.push(key, docnum).unwrap();
        }
        let (bytes, _) = writer.finish().unwrap();
        assert!(Run::open(RunBytes::Memory(Arc::new(bytes[..bytes.len() - 1].to_vec()))).is_err());
        // Garbage inside the blocks: every read either succeeds or reports corruption.
        let mut damaged = bytes.clone();
        for index in (HEADER_BYTES..damaged.len() - FOOTER_BYTES).step_by(7) {
            damaged[index] = 0xFF;
        }
        let run = Run::open(RunBytes::Memory(Arc::new(damaged))).unwrap();
        let _ = run.look_up(&[1, 50_000, 99_999], |_, _| {});
        let _ = run.pairs_iter().count();
    }

    #[test]
    fn document_number_widths() {
        assert_eq!(docnum_width(0), 1);
        assert_eq!(docnum_width(256), 1);
        assert_eq!(docnum_width(257), 2);
        assert_eq!(docnum_width(70_000), 3);
        assert_eq!(docnum_width(u32::MAX), 4);
    }
}
