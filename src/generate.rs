//! `rowwise completions SHELL` and `rowwise man`: generated from the same clap definition
//! as the parser, so they cannot drift from the real options.

use std::io::{self, Write};

use clap::CommandFactory;

use crate::config::Args;

/// Writes the completion script for `shell`.
///
/// # Failure
/// The write error (`clap_complete` itself panics on one, so it writes to memory first).
pub fn completions(shell: clap_complete::Shell, out: &mut dyn Write) -> io::Result<()> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Args::command(), "rowwise", &mut script);
    out.write_all(&script)?;
    out.flush()
}

/// Writes the man page (roff): the options, then the files, environment and exit status.
///
/// # Failure
/// The write error.
pub fn man_page(out: &mut dyn Write) -> io::Result<()> {
    let command = Args::command();
    let man =
        clap_mangen::Man::new(command.clone().about(
            "a SQL terminal for MySQL and MariaDB that shows how database code really works",
        ));
    man.render_title(out)?;
    man.render_name_section(out)?;
    man.render_synopsis_section(out)?;
    man.render_description_section(out)?;
    man.render_options_section(out)?;
    man.render_subcommands_section(out)?;
    if let Some(after) = command.get_after_help() {
        let mut roff = roff::Roff::new();
        roff.control("SH", ["FILES, ENVIRONMENT AND EXIT STATUS"]);
        for paragraph in after.to_string().split("\n\n") {
            roff.control("PP", []);
            roff.control("nf", []);
            roff.text([roff::roman(paragraph)]);
            roff.control("fi", []);
        }
        roff.to_writer(out)?;
    }
    man.render_version_section(out)?;
    out.flush()
}
