//! Robust winnowing with a monotonic queue: O(n) over the shingle hashes.

use super::Fingerprint;
use std::collections::VecDeque;

/// Appends to `out` the minimum of every window of `window` consecutive hashes, choosing the
/// rightmost minimum on ties and recording each selected position once (Schleimer et al.'s
/// "robust winnowing"). With fewer hashes than one window, the minimum of all is kept.
pub fn winnow(hashes: &[u64], window: usize, out: &mut Vec<Fingerprint>) {
    out.clear();
    if hashes.is_empty() {
        return;
    }
    let window = window.max(1);
    // Positions whose hashes increase strictly from front to back; the front is the window's
    // rightmost minimum.
    let mut queue: VecDeque<usize> = VecDeque::with_capacity(window + 1);
    let mut last_selected = usize::MAX;
    for (position, &hash) in hashes.iter().enumerate() {
        while let Some(&back) = queue.back() {
            if hashes[back] >= hash {
                queue.pop_back();
            } else {
                break;
            }
        }
        queue.push_back(position);
        if position + 1 < window && position + 1 < hashes.len() {
            continue;
        }
        while let Some(&front) = queue.front() {
            if front + window <= position {
                queue.pop_front();
            } else {
                break;
            }
        }
        if let Some(&minimum) = queue.front() {
            if minimum != last_selected {
                out.push(Fingerprint { hash: hashes[minimum], token_index: minimum as u32 });
                last_selected = minimum;
            }
        }
    }
}
