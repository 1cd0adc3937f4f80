//! The weight layout of the AVX-512 VNNI kernel ([`super::vnni512`]): rows in groups of 16, so
//! that one 64-byte load holds the same 4 weights of 16 rows and one `vpdpbusd` adds 4
//! products to each of 16 row sums at once, the 4 activation bytes broadcast.

use super::{Matrix, BLOCK};

/// Weight rows handled together: one 512-bit register of 32-bit sums.
pub const ROWS: usize = 16;

/// Bytes each row gives to one 32-bit lane of `vpdpbusd`.
pub const LANE_BYTES: usize = 4;

/// Whether the running CPU has the instructions the grouped kernel uses.
pub fn cpu_has_vnni512() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::arch::is_x86_feature_detected!("avx512f")
            && std::arch::is_x86_feature_detected!("avx512vnni")
            && std::env::var_os("ADAL_EMBED_NO_AVX512").is_none()
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// A matrix's nibbles and scales regrouped: `nibbles[group][block][step][row][byte]` (step
/// `0..8` over the block's 32 weights, 4 at a time) and `scales[group][block][row]`.
pub struct Grouped {
    pub nibbles: Vec<u8>,
    pub scales: Vec<f32>,
}

impl Grouped {
    /// The grouped layout of `matrix`; `None` when its rows are not a multiple of 16.
    pub fn new(matrix: &Matrix) -> Option<Grouped> {
        let (rows, columns) = (matrix.rows, matrix.columns);
        if !rows.is_multiple_of(ROWS) || !columns.is_multiple_of(BLOCK) {
            return None;
        }
        let blocks = columns / BLOCK;
        let mut nibbles = Vec::with_capacity(rows * columns);
        let mut scales = Vec::with_capacity(rows * blocks);
        for group in 0..rows / ROWS {
            for block in 0..blocks {
                for step in 0..BLOCK / LANE_BYTES {
                    for row in group * ROWS..(group + 1) * ROWS {
                        let start = row * columns + block * BLOCK + step * LANE_BYTES;
                        nibbles.extend_from_slice(&matrix.nibbles[start..start + LANE_BYTES]);
                    }
                }
                for row in group * ROWS..(group + 1) * ROWS {
                    scales.push(matrix.scales[row * blocks + block]);
                }
            }
        }
        Some(Grouped { nibbles, scales })
    }
}
