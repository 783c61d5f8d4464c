//! Text cut or padded to a number of terminal cells, for every region and window.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// `text` cut to `width` terminal cells, ending with `…` when cut.
pub fn fit(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_owned();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// `text` padded with spaces to `width` cells (cut first if longer).
pub fn pad(text: &str, width: usize, right_align: bool) -> String {
    let cut = fit(text, width);
    let fill = width.saturating_sub(cut.width());
    if right_align {
        format!("{}{cut}", " ".repeat(fill))
    } else {
        format!("{cut}{}", " ".repeat(fill))
    }
}
