//! The element-wise functions of the encoder (GELU, softmax's exponential), written without
//! branches or library calls so the compiler vectorizes the loops over them, and run with
//! AVX2 and FMA where the CPU has them. Their results differ from the correctly rounded
//! functions by a few units in the last place (the tests bound it), far below what the
//! 4-bit weights change.

/// `e^x`, within 2 units in the last place for `x` in [-87, 88] (clamped outside): `x = n·ln 2
/// + r` with `|r| ≤ ln 2 / 2`, Cephes' polynomial for `e^r`, and `2^n` put in the exponent bits.
#[inline(always)]
pub fn exp(x: f32) -> f32 {
    const LOG2_E: f32 = std::f32::consts::LOG2_E;
    // ln 2 in two parts, the first exact in few bits, so `n · LN2_HIGH` is exact.
    const LN2_HIGH: f32 = 0.693_359_4;
    const LN2_LOW: f32 = -2.121_944_4e-4;
    // Adding and subtracting 1.5 · 2^23 rounds to the nearest integer (ties to even).
    const ROUND: f32 = 12_582_912.0;
    let x = x.clamp(-87.0, 88.0);
    let n = (x * LOG2_E + ROUND) - ROUND;
    let r = (x - n * LN2_HIGH) - n * LN2_LOW;
    let p = ((((1.987_569_2e-4 * r + 1.398_2e-3) * r + 8.333_452e-3) * r + 4.166_579_6e-2) * r
        + 1.666_666_5e-1)
        * r
        + 0.5;
    let e_r = p * r * r + r + 1.0;
    e_r * f32::from_bits((((n as i32) + 127) as u32) << 23)
}

/// erf(x), within 5e-7: its Taylor series up to `x^11` below 0.5 (where the other form
/// loses digits to cancellation), Abramowitz and Stegun 7.1.26 (1.5e-7) above. Both are
/// computed and one is chosen, so loops over it stay branch-free.
#[inline(always)]
pub fn erf(x: f32) -> f32 {
    const TWO_OVER_ROOT_PI: f32 = std::f32::consts::FRAC_2_SQRT_PI;
    let sign = if x < 0.0 { -1.0 } else { 1.0 };
    let x = x.abs();
    let x2 = x * x;
    let series = TWO_OVER_ROOT_PI
        * x
        * (1.0
            + x2 * (-1.0 / 3.0
                + x2 * (1.0 / 10.0 + x2 * (-1.0 / 42.0 + x2 * (1.0 / 216.0 + x2 * (-1.0 / 1320.0))))));
    let t = 1.0 / (1.0 + 0.327_591_1 * x);
    let polynomial =
        t * (0.254_829_6 + t * (-0.284_496_74 + t * (1.421_413_7 + t * (-1.453_152_1 + t * 1.061_405_4))));
    let far = 1.0 - polynomial * exp(-x2);
    sign * if x < 0.5 { series } else { far }
}

/// The exact (erf) GELU of every value, in place.
pub fn gelu_in_place(values: &mut [f32]) {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma") {
        // SAFETY: the CPU has AVX2 and FMA (checked just above).
        unsafe { gelu_avx2(values) };
        return;
    }
    gelu_plain(values);
}

#[inline(always)]
fn gelu_plain(values: &mut [f32]) {
    for value in values.iter_mut() {
        *value = 0.5 * *value * (1.0 + erf(*value * std::f32::consts::FRAC_1_SQRT_2));
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn gelu_avx2(values: &mut [f32]) {
    gelu_plain(values);
}

/// `values[i] = e^(values[i] - largest)`, and their sum.
pub fn exp_shifted_in_place(values: &mut [f32], largest: f32) -> f32 {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma") {
        // SAFETY: the CPU has AVX2 and FMA (checked just above).
        return unsafe { exp_shifted_avx2(values, largest) };
    }
    exp_shifted_plain(values, largest)
}

#[inline(always)]
fn exp_shifted_plain(values: &mut [f32], largest: f32) -> f32 {
    for value in values.iter_mut() {
        *value = exp(*value - largest);
    }
    values.iter().sum()
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn exp_shifted_avx2(values: &mut [f32], largest: f32) -> f32 {
    exp_shifted_plain(values, largest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exp_is_within_two_units_in_the_last_place() {
        for step in -87_000..=88_000 {
            let x = step as f32 / 1000.0;
            let (got, want) = (exp(x), x.exp());
            assert!((got - want).abs() <= 2.0 * f32::EPSILON * want, "{x}: {got} against {want}");
        }
        assert_eq!(exp(-200.0), (-87.0f32).exp());
    }

    #[test]
    fn erf_is_within_five_ten_millionths() {
        for step in -6_000..=6_000 {
            let x = step as f32 / 1000.0;
            let (got, want) = (erf(x), libm::erff(x));
            assert!((got - want).abs() <= 5e-7, "{x}: {got} against {want}");
        }
    }

    #[test]
    fn gelu_and_softmax_agree_with_the_library_functions() {
        let mut values: Vec<f32> = (-400..400).map(|step| step as f32 / 50.0).collect();
        let expected: Vec<f32> = values
            .iter()
            .map(|&x| 0.5 * x * (1.0 + libm::erff(x * std::f32::consts::FRAC_1_SQRT_2)))
            .collect();
        gelu_in_place(&mut values);
        for (got, want) in values.iter().zip(&expected) {
            assert!((got - want).abs() <= 2e-6 * want.abs().max(1.0), "{got} against {want}");
        }
        let mut scores = vec![1.0f32, 3.0, -2.0, 0.5];
        let sum = exp_shifted_in_place(&mut scores, 3.0);
        let want: Vec<f32> = [1.0f32, 3.0, -2.0, 0.5].iter().map(|x| (x - 3.0).exp()).collect();
        for (got, want) in scores.iter().zip(&want) {
            assert!((got - want).abs() <= 1e-6, "{got} against {want}");
        }
        assert!((sum - want.iter().sum::<f32>()).abs() <= 1e-6);
    }
}
