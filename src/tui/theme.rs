//! Colour themes: TOML files where every field is optional, laid over the built-in default
//! (`themes/default.toml`). Built-in themes are embedded in the binary; a theme file given
//! by path overrides only what it sets. A bad theme warns and falls back.

use std::collections::BTreeMap;

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;

/// One style as written in a theme file.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct StyleSpec {
    fg: Option<String>,
    bg: Option<String>,
    bold: Option<bool>,
    italic: Option<bool>,
    underline: Option<bool>,
}

type ThemeFile = BTreeMap<String, BTreeMap<String, StyleSpec>>;

macro_rules! theme {
    ($($region:ident { $($field:ident),* $(,)? })*) => {
        /// Styles for every part of the screen, grouped by region.
        #[derive(Debug, Clone, PartialEq)]
        pub struct Theme {
            $(
                #[doc = concat!("Styles of the ", stringify!($region), " region.")]
                pub $region: $region::Styles,
            )*
        }

        $(
            #[allow(missing_docs)]
            pub mod $region {
                use ratatui::style::Style;
                /// This region's styles.
                #[derive(Debug, Clone, Default, PartialEq)]
                pub struct Styles { $(pub $field: Style,)* }
            }
        )*

        impl Theme {
            fn empty() -> Self {
                Theme { $($region: $region::Styles::default(),)* }
            }

            /// Applies a theme file's fields; unknown names are reported.
            fn apply(&mut self, file: &ThemeFile, unknown: &mut Vec<String>) -> Result<(), String> {
                for (region, fields) in file {
                    for (field, spec) in fields {
                        let slot: Option<&mut Style> = match (region.as_str(), field.as_str()) {
                            $($((stringify!($region), stringify!($field)) => Some(&mut self.$region.$field),)*)*
                            _ => None,
                        };
                        match slot {
                            Some(style) => *style = merge(*style, spec)?,
                            None => unknown.push(format!("{region}.{field}")),
                        }
                    }
                }
                Ok(())
            }
        }
    };
}

theme! {
    base { text, border, focused_border, title }
    editor { keyword, string, number, comment, selection }
    grid { header, selected, null, binary, marker, not_fetched }
    transcript { code, value, error, note }
    status { bar, error, busy }
    popup { border, key }
}

/// Names and texts of the built-in themes.
pub const BUILT_IN: [(&str, &str); 4] = [
    ("default", include_str!("../../themes/default.toml")),
    ("light", include_str!("../../themes/light.toml")),
    (
        "high-contrast",
        include_str!("../../themes/high-contrast.toml"),
    ),
    ("solarized", include_str!("../../themes/solarized.toml")),
];

fn parse_color(text: &str) -> Result<Color, String> {
    if let Some(hex) = text.strip_prefix('#') {
        if hex.len() == 6
            && let Ok(v) = u32::from_str_radix(hex, 16)
        {
            return Ok(Color::Rgb((v >> 16) as u8, (v >> 8) as u8, v as u8));
        }
        return Err(format!("bad colour '{text}': expected #rrggbb"));
    }
    text.parse::<Color>()
        .map_err(|_| format!("unknown colour '{text}'"))
}

fn merge(mut style: Style, spec: &StyleSpec) -> Result<Style, String> {
    if let Some(fg) = &spec.fg {
        style = style.fg(parse_color(fg)?);
    }
    if let Some(bg) = &spec.bg {
        style = style.bg(parse_color(bg)?);
    }
    for (flag, modifier) in [
        (spec.bold, Modifier::BOLD),
        (spec.italic, Modifier::ITALIC),
        (spec.underline, Modifier::UNDERLINED),
    ] {
        match flag {
            Some(true) => style = style.add_modifier(modifier),
            Some(false) => style = style.remove_modifier(modifier),
            None => {}
        }
    }
    Ok(style)
}

fn parse_file(text: &str) -> Result<ThemeFile, String> {
    toml::from_str(text).map_err(|e| e.to_string())
}

impl Default for Theme {
    fn default() -> Self {
        let mut theme = Theme::empty();
        if let Ok(file) = parse_file(BUILT_IN[0].1) {
            let _ = theme.apply(&file, &mut Vec::new());
        }
        theme
    }
}

impl Theme {
    /// Lays a theme file's text over this theme.
    ///
    /// # Failure
    /// A message for bad TOML, an unknown field or a bad colour.
    pub fn overlay(&self, text: &str) -> Result<Theme, String> {
        let file = parse_file(text)?;
        let mut theme = self.clone();
        let mut unknown = Vec::new();
        theme.apply(&file, &mut unknown)?;
        if !unknown.is_empty() {
            return Err(format!("unknown theme fields: {}", unknown.join(", ")));
        }
        Ok(theme)
    }

    /// The theme named by `--theme` or the config: a built-in name or a file path.
    /// Returns the theme and, when it could not be used, a warning (the default is used).
    pub fn load(choice: Option<&str>) -> (Theme, Option<String>) {
        let base = Theme::default();
        let Some(choice) = choice else {
            return (base, None);
        };
        let text = match BUILT_IN.iter().find(|(name, _)| *name == choice) {
            Some((_, text)) => (*text).to_owned(),
            None => match std::fs::read_to_string(choice) {
                Ok(text) => text,
                Err(e) => {
                    let names: Vec<&str> = BUILT_IN.iter().map(|(n, _)| *n).collect();
                    return (
                        base,
                        Some(format!(
                            "theme '{choice}': {e} (built-in themes: {})",
                            names.join(", ")
                        )),
                    );
                }
            },
        };
        match base.overlay(&text) {
            Ok(theme) => (theme, None),
            Err(e) => (
                base,
                Some(format!("theme '{choice}': {e}; using the default theme")),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_theme_loads_without_warnings() {
        for (name, _) in BUILT_IN {
            let (_, warning) = Theme::load(Some(name));
            assert_eq!(warning, None, "{name}");
        }
    }

    #[test]
    fn a_one_field_file_changes_only_that_field() -> Result<(), String> {
        let base = Theme::default();
        let changed = base.overlay("[grid]\nnull = { fg = \"#ff0000\" }\n")?;
        assert_eq!(changed.grid.null.fg, Some(Color::Rgb(255, 0, 0)));
        let mut expected = base.clone();
        expected.grid.null = changed.grid.null;
        assert_eq!(changed, expected, "nothing else may change");
        Ok(())
    }

    #[test]
    fn a_bad_theme_warns_and_falls_back_to_the_default() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("bad.toml");
        std::fs::write(&path, "[grid]\nnull = { fg = \"not-a-colour\" }\n")?;
        let (theme, warning) = Theme::load(Some(&path.display().to_string()));
        assert_eq!(theme, Theme::default());
        assert!(warning.is_some_and(|w| w.contains("not-a-colour")));
        let (_, warning) = Theme::load(Some("no-such-theme"));
        assert!(warning.is_some_and(|w| w.contains("built-in themes")));
        Ok(())
    }
}
