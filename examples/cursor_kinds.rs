//! Slide "Cursor" (several cursor classes): the same query through `cnx.cursor()`,
//! `cnx.cursor(dictionary=True)`, `cnx.cursor(named_tuple=True)` and
//! `cnx.cursor(prepared=True)` — and `raw=True` from the type-conversion slide — each
//! printing the class the connector picks and the rows as it hands them out.

mod common;

use std::process::ExitCode;

use common::Outcome;
use rowwise::db::CursorOptions;

fn run() -> Outcome {
    let mut cnx = common::connect()?;
    common::ensure_user_table(&mut cnx)?;
    let kinds = [
        CursorOptions::default(),
        CursorOptions {
            dictionary: true,
            ..CursorOptions::default()
        },
        CursorOptions {
            named_tuple: true,
            ..CursorOptions::default()
        },
        CursorOptions {
            prepared: true,
            ..CursorOptions::default()
        },
        CursorOptions {
            raw: true,
            ..CursorOptions::default()
        },
    ];
    let query = "SELECT id, name FROM user WHERE id IN (1, 2) ORDER BY id";
    for kind in kinds {
        let mut cursor = cnx.cursor(kind)?;
        println!("{}  # {}", kind.python_call(), cursor.class().name());
        cursor.execute(&mut cnx, query, &[])?;
        for row in cursor.fetchall(&mut cnx)? {
            println!("    {row}");
        }
        cursor.close(&mut cnx)?;
    }
    cnx.close();
    Ok(())
}

fn main() -> ExitCode {
    common::exit_with(run())
}
