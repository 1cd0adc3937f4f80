//! Clustering seeds into passages, and merging the pieces of one passage.
//!
//! A cluster grows while new seeds come within `max_gap_words` of its last submission position
//! and within `max_source_jump_words` of its source range, so inserted, deleted and replaced
//! words and local reordering do not split it. Shuffled sentences make the source jump further;
//! the merging pass joins clusters that are neighbours in the submission and whose source ranges
//! lie within the length of the two pieces of each other — the pieces of one shuffled passage.

use super::seeds::Seed;
use super::{AlignedPassage, AlignmentConfig, TokenRange};
use crate::model::Span;
use crate::text::Token;

/// Seeds that belong together.
#[derive(Clone, Debug)]
pub(crate) struct Cluster {
    seeds: Vec<Seed>,
    submission_first: u32,
    submission_last: u32,
    source_first: u32,
    source_last: u32,
}

impl Cluster {
    fn new(seed: Seed) -> Self {
        Cluster {
            seeds: vec![seed],
            submission_first: seed.submission,
            submission_last: seed.submission,
            source_first: seed.source,
            source_last: seed.source,
        }
    }

    fn source_distance(&self, source: u32) -> u32 {
        if source < self.source_first {
            self.source_first - source
        } else {
            source.saturating_sub(self.source_last)
        }
    }

    fn push(&mut self, seed: Seed) {
        self.seeds.push(seed);
        self.submission_last = self.submission_last.max(seed.submission);
        self.source_first = self.source_first.min(seed.source);
        self.source_last = self.source_last.max(seed.source);
    }

    fn absorb(&mut self, other: Cluster) {
        self.submission_first = self.submission_first.min(other.submission_first);
        self.submission_last = self.submission_last.max(other.submission_last);
        self.source_first = self.source_first.min(other.source_first);
        self.source_last = self.source_last.max(other.source_last);
        self.seeds.extend(other.seeds);
    }

    /// Drops seeds that no nearby seed supports: a seed whose diagonal (source position minus
    /// submission position) no other seed within a few words shares is a chance match of a
    /// common phrase, or another occurrence of a phrase the source repeats. Left in, it would
    /// stretch the passage over text that was not copied.
    fn drop_unsupported_seeds(&mut self, config: &AlignmentConfig) {
        const REACH_WORDS: u32 = 12;
        const DIAGONAL_TOLERANCE: i64 = 4;
        self.seeds.sort_unstable();
        let diagonal = |seed: &Seed| seed.source as i64 - seed.submission as i64;
        let supported: Vec<bool> = (0..self.seeds.len())
            .map(|index| {
                let seed = self.seeds[index];
                let near = |other: &&Seed| other.submission.abs_diff(seed.submission) <= REACH_WORDS;
                let agrees = |other: &Seed| {
                    other.submission != seed.submission
                        && (diagonal(other) - diagonal(&seed)).abs() <= DIAGONAL_TOLERANCE
                };
                self.seeds[index + 1..].iter().take_while(near).any(agrees)
                    || self.seeds[..index].iter().rev().take_while(near).any(agrees)
            })
            .collect();
        if supported.iter().filter(|&&keep| keep).count() < config.min_seeds {
            return;
        }
        let mut flags = supported.into_iter();
        self.seeds.retain(|_| flags.next().unwrap_or(false));
        self.submission_first = self.seeds.iter().map(|seed| seed.submission).min().unwrap_or(0);
        self.submission_last = self.seeds.iter().map(|seed| seed.submission).max().unwrap_or(0);
        self.source_first = self.seeds.iter().map(|seed| seed.source).min().unwrap_or(0);
        self.source_last = self.seeds.iter().map(|seed| seed.source).max().unwrap_or(0);
    }

    /// Turns the cluster into a passage, or drops it as noise: too few distinct seeds, too few
    /// words, or source and submission extents too different for one passage.
    pub(crate) fn into_passage(
        mut self,
        submission: &[Token],
        source: &[Token],
        config: &AlignmentConfig,
    ) -> Option<AlignedPassage> {
        self.drop_unsupported_seeds(config);
        let seed_words = config.seed_words.max(1) as u32;
        let submission_tokens = TokenRange {
            start: self.submission_first,
            end: (self.submission_last + seed_words).min(submission.len() as u32),
        };
        let source_tokens = TokenRange {
            start: self.source_first,
            end: (self.source_last + seed_words).min(source.len() as u32),
        };
        let distinct = |key: fn(&Seed) -> u32| {
            let mut positions: Vec<u32> = self.seeds.iter().map(key).collect();
            positions.sort_unstable();
            positions.dedup();
            positions.len()
        };
        if distinct(|seed| seed.submission) < config.min_seeds
            || distinct(|seed| seed.source) < config.min_seeds
            || (submission_tokens.len() as usize) < config.min_passage_words
        {
            return None;
        }
        let (shorter, longer) = if submission_tokens.len() < source_tokens.len() {
            (submission_tokens.len(), source_tokens.len())
        } else {
            (source_tokens.len(), submission_tokens.len())
        };
        if longer > 3 * shorter + config.max_gap_words as u32 {
            return None;
        }
        let mut covered = vec![false; submission_tokens.len() as usize];
        for seed in &self.seeds {
            let start = (seed.submission - submission_tokens.start) as usize;
            let end = (start + seed_words as usize).min(covered.len());
            covered[start..end].iter_mut().for_each(|word| *word = true);
        }
        let matched_words = covered.iter().filter(|&&word| word).count() as u32;
        // Edits swap neighbouring words; a jump back of more than a few words means sentences
        // or larger pieces were reordered.
        let reordered = self.seeds.windows(2).any(|pair| pair[1].source + 8 < pair[0].source);
        Some(AlignedPassage {
            submission_tokens,
            source_tokens,
            submission_span: token_span(submission, submission_tokens)?,
            source_span: token_span(source, source_tokens)?,
            seeds: self.seeds.len() as u32,
            matched_words,
            in_order: !reordered,
            found_by: super::FoundBy::NGrams,
        })
    }
}

fn token_span(tokens: &[Token], range: TokenRange) -> Option<Span> {
    let first = tokens.get(range.start as usize)?;
    let last = tokens.get(range.end.checked_sub(1)? as usize)?;
    Some(Span::new(first.span.start, last.span.end))
}

/// Groups seeds (sorted by submission position) into clusters, then merges the pieces of
/// shuffled or heavily edited passages.
/// True when a barrier (the first word of a quotation, or the first word after one) lies in
/// `(from, to]`: one passage never spans a quotation's edge, so that a citation is told apart
/// from a borrowing right next to it.
fn crosses_barrier(barriers: &[u32], from: u32, to: u32) -> bool {
    let first_after = barriers.partition_point(|&barrier| barrier <= from);
    barriers.get(first_after).is_some_and(|&barrier| barrier <= to)
}

pub(crate) fn cluster_seeds(seeds: &[Seed], config: &AlignmentConfig, barriers: &[u32]) -> Vec<Cluster> {
    let max_gap = config.max_gap_words as u32;
    let max_jump = config.max_source_jump_words as u32;
    let mut active: Vec<Cluster> = Vec::new();
    let mut finished: Vec<Cluster> = Vec::new();
    for &seed in seeds {
        let mut index = 0;
        while index < active.len() {
            if seed.submission > active[index].submission_last + max_gap {
                finished.push(active.swap_remove(index));
            } else {
                index += 1;
            }
        }
        let nearest = active
            .iter_mut()
            .filter(|cluster| !crosses_barrier(barriers, cluster.submission_last, seed.submission))
            .map(|cluster| (cluster.source_distance(seed.source), cluster))
            .filter(|(distance, _)| *distance <= max_jump)
            .min_by_key(|(distance, _)| *distance);
        match nearest {
            Some((_, cluster)) => cluster.push(seed),
            None => active.push(Cluster::new(seed)),
        }
    }
    finished.extend(active);
    finished.retain(|cluster| cluster.seeds.len() >= 2);
    merge_neighbours(finished, config, barriers)
}

/// Joins clusters that are neighbours in the submission and whose source ranges lie close
/// together, until nothing changes. A merged group whose source stretch ends up far longer than
/// its submission stretch was not one passage: its pieces are kept apart.
fn merge_neighbours(clusters: Vec<Cluster>, config: &AlignmentConfig, barriers: &[u32]) -> Vec<Cluster> {
    let max_gap = config.max_gap_words as u32;
    let mut groups: Vec<(Cluster, Vec<Cluster>)> =
        clusters.into_iter().map(|cluster| (cluster.clone(), vec![cluster])).collect();
    loop {
        groups.sort_by_key(|(merged, _)| (merged.submission_first, merged.source_first));
        let mut next: Vec<(Cluster, Vec<Cluster>)> = Vec::with_capacity(groups.len());
        let mut changed = false;
        for (cluster, pieces) in groups {
            let partner = next
                .iter_mut()
                .rev()
                // Any group that reaches this cluster may take it: short chance matches may stand
                // between the end of `next` and the group this cluster continues.
                .find(|(previous, _)| {
                    belong_together(previous, &cluster, max_gap)
                        && !crosses_barrier(
                            barriers,
                            previous.submission_first.min(cluster.submission_first),
                            previous.submission_last.max(cluster.submission_last),
                        )
                });
            match partner {
                Some((previous, previous_pieces)) => {
                    previous.absorb(cluster);
                    previous_pieces.extend(pieces);
                    changed = true;
                }
                None => next.push((cluster, pieces)),
            }
        }
        groups = next;
        if !changed {
            break;
        }
    }
    let mut result = Vec::with_capacity(groups.len());
    for (merged, pieces) in groups {
        let submission_words = merged.submission_last - merged.submission_first + 1;
        let source_words = merged.source_last - merged.source_first + 1;
        if pieces.len() == 1 || source_words <= submission_words + submission_words / 2 + max_gap {
            result.push(merged);
        } else {
            result.extend(keep_source_core(pieces, submission_words + submission_words / 2 + max_gap));
        }
    }
    result
}

/// Of the pieces of a group whose source stretch is too long, merges those inside the source
/// window of `allowed_words` that holds the most seeds, and returns the others on their own.
fn keep_source_core(mut pieces: Vec<Cluster>, allowed_words: u32) -> Vec<Cluster> {
    pieces.sort_by_key(|piece| piece.source_first);
    let mut best = (0usize, 0usize);
    for start in 0..pieces.len() {
        let window_end = pieces[start].source_first + allowed_words;
        let seeds: usize = pieces[start..]
            .iter()
            .take_while(|piece| piece.source_first <= window_end)
            .filter(|piece| piece.source_last <= window_end)
            .map(|piece| piece.seeds.len())
            .sum();
        if seeds > best.1 {
            best = (start, seeds);
        }
    }
    let window_start = pieces[best.0].source_first;
    let window_end = window_start + allowed_words;
    let (core, others): (Vec<Cluster>, Vec<Cluster>) = pieces
        .into_iter()
        .partition(|piece| piece.source_first >= window_start && piece.source_last <= window_end);
    let mut result = others;
    let mut core = core.into_iter();
    if let Some(mut merged) = core.next() {
        for piece in core {
            merged.absorb(piece);
        }
        result.push(merged);
    }
    result
}

fn belong_together(earlier: &Cluster, later: &Cluster, max_gap: u32) -> bool {
    let submission_gap = later.submission_first.saturating_sub(earlier.submission_last);
    if submission_gap > max_gap {
        return false;
    }
    let source_gap = if later.source_first > earlier.source_last {
        later.source_first - earlier.source_last
    } else {
        earlier.source_first.saturating_sub(later.source_last)
    };
    let earlier_words = earlier.submission_last - earlier.submission_first + 1;
    let later_words = later.submission_last - later.submission_first + 1;
    source_gap <= earlier_words + later_words + max_gap
}
