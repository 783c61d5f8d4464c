//! Slides "Processing the result set" and "fetchone, fetchmany, fetchall": iterating the
//! cursor (tuple and dictionary rows), `fetchall()`, a `fetchone()` loop until `None`, and
//! `fetchmany(N)` in batches until an empty list.

mod common;

use std::process::ExitCode;

use common::{Outcome, py_str, tuple_items};
use rowwise::db::{Connection, CursorOptions};
use rowwise::pyrepr::PyValue;

const QUERY: &str = "SELECT id, name FROM user WHERE id IN (1, 2) ORDER BY id";

fn for_id_name_in_cursor(cnx: &mut Connection) -> Outcome {
    println!("# for (id, name) in cursor: print(id, name)");
    let mut cursor = cnx.cursor(CursorOptions::default())?;
    cursor.execute(cnx, QUERY, &[])?;
    while let Some(row) = cursor.fetchone(cnx)? {
        let line: Vec<String> = tuple_items(&row).iter().map(py_str).collect();
        println!("{}", line.join(" "));
    }
    cursor.close(cnx)?;
    Ok(())
}

fn for_row_in_dict_cursor(cnx: &mut Connection) -> Outcome {
    println!("# cursor_dict = cnx.cursor(dictionary=True)");
    println!("# for row in cursor_dict: print(row[\"id\"], row[\"name\"])");
    let mut cursor = cnx.cursor(CursorOptions {
        dictionary: true,
        ..CursorOptions::default()
    })?;
    cursor.execute(cnx, QUERY, &[])?;
    while let Some(PyValue::Dict(fields)) = cursor.fetchone(cnx)? {
        let line: Vec<String> = ["id", "name"]
            .iter()
            .filter_map(|key| fields.iter().find(|(k, _)| k == key))
            .map(|(_, v)| py_str(v))
            .collect();
        println!("{}", line.join(" "));
    }
    cursor.close(cnx)?;
    Ok(())
}

fn fetchall(cnx: &mut Connection) -> Outcome {
    println!("# rows = cursor.fetchall(); print(rows)");
    let mut cursor = cnx.cursor(CursorOptions::default())?;
    cursor.execute(cnx, QUERY, &[])?;
    println!("{}", PyValue::List(cursor.fetchall(cnx)?));
    cursor.close(cnx)?;
    Ok(())
}

fn fetchone_loop(cnx: &mut Connection) -> Outcome {
    println!(
        "# row = cursor.fetchone()\n# while row is not None: print(row); row = cursor.fetchone()"
    );
    let mut cursor = cnx.cursor(CursorOptions::default())?;
    cursor.execute(cnx, QUERY, &[])?;
    let mut row = cursor.fetchone(cnx)?;
    while let Some(current) = row {
        println!("{current}");
        row = cursor.fetchone(cnx)?;
    }
    cursor.close(cnx)?;
    Ok(())
}

fn fetchmany_loop(cnx: &mut Connection) -> Outcome {
    println!("# rows = cursor.fetchmany(1)\n# while rows: print(rows); rows = cursor.fetchmany(1)");
    let mut cursor = cnx.cursor(CursorOptions::default())?;
    cursor.execute(cnx, QUERY, &[])?;
    let mut rows = cursor.fetchmany(cnx, Some(1))?;
    while !rows.is_empty() {
        println!("{}", PyValue::List(rows));
        rows = cursor.fetchmany(cnx, Some(1))?;
    }
    cursor.close(cnx)?;
    Ok(())
}

fn run() -> Outcome {
    let mut cnx = common::connect()?;
    common::ensure_user_table(&mut cnx)?;
    for_id_name_in_cursor(&mut cnx)?;
    for_row_in_dict_cursor(&mut cnx)?;
    fetchall(&mut cnx)?;
    fetchone_loop(&mut cnx)?;
    fetchmany_loop(&mut cnx)?;
    cnx.close();
    Ok(())
}

fn main() -> ExitCode {
    common::exit_with(run())
}
