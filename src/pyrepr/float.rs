//! `repr(float)`: the shortest string that round-trips, laid out as CPython does.

/// `repr(x)` for a Python `float` (CPython's `float_repr_style = 'short'`).
pub fn float_repr(x: f64) -> String {
    if x.is_nan() {
        return "nan".to_owned();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.to_owned();
    }
    let (digits, decpt) = shortest_digits(x.abs());
    let sign = if x.is_sign_negative() { "-" } else { "" };
    let body = if x == 0.0 {
        "0.0".to_owned()
    } else if !(-4 < decpt && decpt <= 16) {
        exponent_form(&digits, decpt - 1)
    } else {
        fixed_form(&digits, decpt)
    };
    format!("{sign}{body}")
}

/// The digits and decimal-point position CPython's dtoa gives for `x` (positive, finite):
/// the fewest digits that read back as `x`, and of those the nearest to `x`'s exact value,
/// ties going to the even digit.
///
/// Rust's `{:e}` gives a shortest string too, but where two of them are equally near it
/// may pick the other one, so its digit count is kept and the digits are taken again from
/// the exact decimal expansion of `x`, rounded half to even.
#[allow(
    clippy::float_cmp,
    reason = "a candidate must read back as exactly `x`, as CPython's repr requires"
)]
fn shortest_digits(x: f64) -> (String, i32) {
    let split = |sci: &str| -> (String, i32) {
        let (mantissa, exponent) = sci.split_once('e').unwrap_or((sci, "0"));
        (
            mantissa.chars().filter(|c| *c != '.').collect(),
            exponent.parse::<i32>().unwrap_or(0) + 1,
        )
    };
    let (digits, decpt) = split(&format!("{x:e}"));
    // Every finite double's exact decimal expansion ends within 767 significant digits.
    let (exact, exact_decpt) = split(&format!("{x:.767e}"));
    let (mut nearest, mut nearest_decpt) = round_half_even(&exact, digits.len());
    nearest_decpt += exact_decpt;
    if nearest.len() > digits.len() {
        nearest.pop();
    }
    if nearest_decpt == decpt
        && nearest.trim_end_matches('0').len() <= digits.len()
        && nearest != digits
    {
        let candidate = format!("0.{nearest}e{nearest_decpt}");
        if candidate.parse::<f64>().is_ok_and(|v| v == x) {
            let trimmed = nearest.trim_end_matches('0');
            return (
                if trimmed.is_empty() {
                    "0".to_owned()
                } else {
                    trimmed.to_owned()
                },
                nearest_decpt,
            );
        }
    }
    (digits, decpt)
}

/// `digits` rounded to `n` significant digits, half to even. Returns the digits and how
/// far the decimal point moved (1 when rounding carried into a new leading digit).
fn round_half_even(digits: &str, n: usize) -> (String, i32) {
    let bytes = digits.as_bytes();
    if bytes.len() <= n {
        return (digits.to_owned(), 0);
    }
    let (head, tail) = bytes.split_at(n);
    let first_dropped = tail[0];
    let rest_zero = tail[1..].iter().all(|b| *b == b'0');
    let last_odd = head.last().is_some_and(|b| (b - b'0') % 2 == 1);
    let round_up = first_dropped > b'5' || (first_dropped == b'5' && (!rest_zero || last_odd));
    let mut out: Vec<u8> = head.to_vec();
    if round_up {
        let mut i = out.len();
        loop {
            if i == 0 {
                out.insert(0, b'1');
                return (String::from_utf8_lossy(&out).into_owned(), 1);
            }
            i -= 1;
            if out[i] == b'9' {
                out[i] = b'0';
            } else {
                out[i] += 1;
                break;
            }
        }
    }
    (String::from_utf8_lossy(&out).into_owned(), 0)
}

fn exponent_form(digits: &str, exp: i32) -> String {
    let (first, rest) = digits.split_at(1);
    let exp_sign = if exp < 0 { '-' } else { '+' };
    let dot_rest = if rest.is_empty() {
        String::new()
    } else {
        format!(".{rest}")
    };
    format!("{first}{dot_rest}e{exp_sign}{:02}", exp.unsigned_abs())
}

fn fixed_form(digits: &str, decpt: i32) -> String {
    let len = digits.len() as i32;
    if decpt <= 0 {
        format!("0.{}{digits}", "0".repeat(decpt.unsigned_abs() as usize))
    } else if decpt >= len {
        format!("{digits}{}.0", "0".repeat((decpt - len) as usize))
    } else {
        let (int, frac) = digits.split_at(decpt as usize);
        format!("{int}.{frac}")
    }
}

#[cfg(test)]
mod tests {
    use super::float_repr;

    #[test]
    fn float_repr_matches_cpython_on_ten_thousand_values() {
        let fixture = include_str!("../../tests/fixtures/float_reprs.txt");
        let mut checked = 0;
        for line in fixture.lines() {
            let (bits, want) = line.split_once(' ').unwrap_or((line, ""));
            let x = f64::from_bits(u64::from_str_radix(bits, 16).unwrap_or(0));
            assert_eq!(float_repr(x), want, "bits {bits}");
            checked += 1;
        }
        assert!(checked > 9000, "{checked}");
    }

    #[test]
    fn float_repr_matches_cpython_layout() {
        let cases: &[(f64, &str)] = &[
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (1.5, "1.5"),
            (1e300, "1e+300"),
            (1e16, "1e+16"),
            (1_234_567_890_123_456.0, "1234567890123456.0"),
            (1.5e16, "1.5e+16"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (0.1 + 0.2, "0.30000000000000004"),
            (std::f64::consts::PI, "3.141592653589793"),
            (f64::from(0.1f32), "0.10000000149011612"),
            (100.0, "100.0"),
            (-2.5e-7, "-2.5e-07"),
            (f64::MAX, "1.7976931348623157e+308"),
            (5e-324, "5e-324"),
            // Exact ties between two shortest strings: CPython takes the even digit.
            (1_000_000_000_000_000.2, "1000000000000000.2"),
            (632_154_369_571_917.2, "632154369571917.2"),
            (80_945_973_719_300.62, "80945973719300.62"),
        ];
        for (x, want) in cases {
            assert_eq!(float_repr(*x), *want, "repr({x:?})");
        }
    }
}
