//! The affine matrices of PDF graphics (`[a b c d e f]`, row-vector convention) and the small
//! numeric helpers the content-stream walker needs.
//!
//! This module knows nothing about fonts, text or lopdf objects.

/// An affine transform `[a b c d e f]`: a point `(x, y)` maps to
/// `(a·x + c·y + e, b·x + d·y + f)`, as in ISO 32000-1 §8.3.3.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Matrix {
    pub a: f64,
    pub b: f64,
    pub c: f64,
    pub d: f64,
    pub e: f64,
    pub f: f64,
}

impl Matrix {
    pub const IDENTITY: Matrix = Matrix { a: 1.0, b: 0.0, c: 0.0, d: 1.0, e: 0.0, f: 0.0 };

    pub const fn new(a: f64, b: f64, c: f64, d: f64, e: f64, f: f64) -> Matrix {
        Matrix { a, b, c, d, e, f }
    }

    pub const fn translation(x: f64, y: f64) -> Matrix {
        Matrix::new(1.0, 0.0, 0.0, 1.0, x, y)
    }

    /// Builds a matrix from six numbers, or `None` when any is missing or not finite.
    pub fn from_numbers(numbers: &[f64]) -> Option<Matrix> {
        match numbers {
            [a, b, c, d, e, f] if numbers.iter().all(|value| value.is_finite()) => {
                Some(Matrix::new(*a, *b, *c, *d, *e, *f))
            }
            _ => None,
        }
    }

    /// `self × other`: first apply `self`, then `other` (how PDF concatenates `cm` and `Tm`).
    pub fn then(&self, other: &Matrix) -> Matrix {
        Matrix {
            a: self.a * other.a + self.b * other.c,
            b: self.a * other.b + self.b * other.d,
            c: self.c * other.a + self.d * other.c,
            d: self.c * other.b + self.d * other.d,
            e: self.e * other.a + self.f * other.c + other.e,
            f: self.e * other.b + self.f * other.d + other.f,
        }
    }

    /// Maps a point.
    pub fn apply(&self, x: f64, y: f64) -> (f64, f64) {
        (self.a * x + self.c * y + self.e, self.b * x + self.d * y + self.f)
    }

    /// The length of the image of the unit vertical vector: the scale applied to glyph heights.
    pub fn vertical_scale(&self) -> f64 {
        self.c.hypot(self.d)
    }

    /// True when every component is a finite number (hostile files can overflow to infinity).
    pub fn is_finite(&self) -> bool {
        [self.a, self.b, self.c, self.d, self.e, self.f].iter().all(|value| value.is_finite())
    }
}

/// An axis-aligned rectangle in page space.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Rect {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Rect {
    /// The bounding box of a rectangle `(x, y, width, height)` mapped through `matrix`.
    pub fn transformed(x: f64, y: f64, width: f64, height: f64, matrix: &Matrix) -> Rect {
        let corners = [
            matrix.apply(x, y),
            matrix.apply(x + width, y),
            matrix.apply(x, y + height),
            matrix.apply(x + width, y + height),
        ];
        let mut rect = Rect { x0: f64::MAX, y0: f64::MAX, x1: f64::MIN, y1: f64::MIN };
        for (corner_x, corner_y) in corners {
            rect.x0 = rect.x0.min(corner_x);
            rect.y0 = rect.y0.min(corner_y);
            rect.x1 = rect.x1.max(corner_x);
            rect.y1 = rect.y1.max(corner_y);
        }
        rect
    }

    pub fn contains(&self, x: f64, y: f64) -> bool {
        self.x0 <= x && x <= self.x1 && self.y0 <= y && y <= self.y1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn concatenation_applies_the_left_matrix_first() {
        let scale = Matrix::new(2.0, 0.0, 0.0, 2.0, 0.0, 0.0);
        let shift = Matrix::translation(10.0, 5.0);
        assert_eq!(scale.then(&shift).apply(1.0, 1.0), (12.0, 7.0));
        assert_eq!(shift.then(&scale).apply(1.0, 1.0), (22.0, 12.0));
    }

    #[test]
    fn flipped_matrices_keep_a_positive_vertical_scale() {
        let flip = Matrix::new(0.24, 0.0, 0.0, -0.24, 0.0, 841.92);
        assert!((flip.vertical_scale() - 0.24).abs() < 1e-9);
        assert_eq!(Matrix::from_numbers(&[1.0, 0.0, 0.0, 1.0, f64::NAN, 0.0]), None);
    }
}
