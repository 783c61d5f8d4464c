//! Reprs cut short for display. A 100 MB `bytes` value has a repr of up to 400 MB; a screen
//! shows a few thousand characters of it, so displays ask for a prefix and stop the
//! formatting there instead of building the whole text first.

use std::fmt::{self, Write as _};

/// A `fmt::Write` that keeps the first `max` bytes (on a character boundary) and then
/// fails, which stops the `Display` impl writing into it.
struct Prefix {
    text: String,
    max: usize,
    cut: bool,
}

impl fmt::Write for Prefix {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let room = self.max.saturating_sub(self.text.len());
        if s.len() <= room {
            self.text.push_str(s);
            return Ok(());
        }
        let mut end = room;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        self.text.push_str(s.get(..end).unwrap_or_default());
        self.cut = true;
        Err(fmt::Error)
    }
}

/// The first `max` bytes of `value` as displayed, and whether there was more.
pub fn display_prefix(value: &dyn fmt::Display, max: usize) -> (String, bool) {
    let mut prefix = Prefix {
        text: String::new(),
        max,
        cut: false,
    };
    let _ = write!(prefix, "{value}");
    (prefix.text, prefix.cut)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pyrepr::PyValue;

    #[test]
    fn a_short_value_comes_back_whole() {
        let value = PyValue::Tuple(vec![PyValue::Bytes(vec![0, 255, b'A'])]);
        assert_eq!(
            display_prefix(&value, 100),
            ("(b'\\x00\\xffA',)".to_owned(), false)
        );
    }

    #[test]
    fn a_long_value_stops_at_the_limit_on_a_character_boundary() {
        let value = PyValue::Str("é".repeat(1000));
        let (text, cut) = display_prefix(&value, 10);
        assert!(cut);
        assert_eq!(text, "'éééé");
    }

    #[test]
    fn a_sixteen_megabyte_value_costs_only_its_prefix() {
        let value = PyValue::Bytes(vec![0xff; 16 << 20]);
        let started = std::time::Instant::now();
        let (text, cut) = display_prefix(&value, 64);
        assert!(cut && text.starts_with("b'\\xff\\xff") && text.len() <= 64);
        // Formatting all of it takes seconds in a debug build; the prefix, microseconds.
        assert!(started.elapsed() < std::time::Duration::from_millis(500));
    }
}
