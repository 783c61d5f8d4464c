//! `str(Decimal(text))`: how Python shows a DECIMAL value the server sent as text.

/// Python's `str(Decimal(text))` for a plain decimal string such as `-0.01` or `1.5E-7`.
///
/// Returns `None` when `text` is not a finite decimal number.
pub fn decimal_str(text: &str) -> Option<String> {
    let text = text.trim();
    let (negative, unsigned) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let (mantissa, exp_part) = match unsigned.find(['e', 'E']) {
        Some(at) => (&unsigned[..at], Some(&unsigned[at + 1..])),
        None => (unsigned, None),
    };
    let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (int_part.is_empty() && frac_part.is_empty())
        || !all_digits(int_part)
        || !all_digits(frac_part)
    {
        return None;
    }
    let explicit_exp: i64 = match exp_part {
        Some(e) => e.parse().ok()?,
        None => 0,
    };
    let joined = format!("{int_part}{frac_part}");
    let trimmed = joined.trim_start_matches('0');
    let digits = if trimmed.is_empty() { "0" } else { trimmed };
    let exp = explicit_exp - frac_part.len() as i64;
    Some(to_sci_string(negative, digits, exp))
}

/// The General Decimal Arithmetic "to-scientific-string", as `Decimal.__str__` does it.
fn to_sci_string(negative: bool, digits: &str, exp: i64) -> String {
    let ndigits = digits.len() as i64;
    let leftdigits = exp + ndigits;
    let dotplace = if exp <= 0 && leftdigits > -6 {
        leftdigits
    } else {
        1
    };
    let (int_part, frac_part) = if dotplace <= 0 {
        (
            "0".to_owned(),
            format!(".{}{digits}", "0".repeat(dotplace.unsigned_abs() as usize)),
        )
    } else if dotplace >= ndigits {
        (
            format!("{digits}{}", "0".repeat((dotplace - ndigits) as usize)),
            String::new(),
        )
    } else {
        let (int, frac) = digits.split_at(dotplace as usize);
        (int.to_owned(), format!(".{frac}"))
    };
    let exp_str = if leftdigits == dotplace {
        String::new()
    } else {
        format!("E{:+}", leftdigits - dotplace)
    };
    let sign = if negative { "-" } else { "" };
    format!("{sign}{int_part}{frac_part}{exp_str}")
}

#[cfg(test)]
mod tests {
    use super::decimal_str;

    #[test]
    fn decimal_str_matches_python_for_server_decimals() {
        let cases = [
            ("5500.50", "5500.50"),
            ("-0.01", "-0.01"),
            ("0.000001", "0.000001"),
            ("0.0000001000", "1.000E-7"),
            ("0.0000000000", "0E-10"),
            ("-0.00", "-0.00"),
            ("123", "123"),
            ("007.50", "7.50"),
            ("1E+2", "1E+2"),
            ("1.5e3", "1.5E+3"),
            ("12e-2", "0.12"),
        ];
        for (text, want) in cases {
            assert_eq!(
                decimal_str(text).as_deref(),
                Some(want),
                "Decimal('{text}')"
            );
        }
    }

    #[test]
    fn decimal_str_rejects_text_that_is_not_a_number() {
        assert_eq!(decimal_str("abc"), None);
        assert_eq!(decimal_str(""), None);
        assert_eq!(decimal_str("."), None);
    }
}
