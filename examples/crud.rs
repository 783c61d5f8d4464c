//! Slides "Insert data", "Update data" and "Delete data": three parametric statements, each
//! executed with its parameters tuple and committed, as a Python session would show them.

mod common;

use std::process::ExitCode;

use common::Outcome;
use rowwise::db::{Connection, Cursor, CursorOptions};
use rowwise::pyrepr::PyValue;

const ADD_USER: &str = "INSERT INTO user (id, name) VALUES (%s, %s)";
const UPDATE_USER: &str = "UPDATE user SET name = %s WHERE id = %s";
const DELETE_USER: &str = "DELETE FROM user WHERE id = %s";

/// `cursor.execute(<name>, params)` and `cnx.commit()`, echoed as a Python session.
fn execute_and_commit(
    cnx: &mut Connection,
    cursor: &mut Cursor,
    (name, sql): (&str, &str),
    params: &[PyValue],
) -> Outcome {
    println!(
        ">>> cursor.execute({name}, {})",
        PyValue::Tuple(params.to_vec())
    );
    cursor.execute(cnx, sql, params)?;
    println!(">>> cnx.commit()");
    cnx.commit()?;
    println!(">>> cursor.rowcount\n{}", cursor.rowcount());
    Ok(())
}

fn show_users(cnx: &mut Connection) -> Outcome {
    let mut cursor = cnx.cursor(CursorOptions::default())?;
    cursor.execute(cnx, "SELECT id, name FROM user ORDER BY id", &[])?;
    println!("user table: {}", PyValue::List(cursor.fetchall(cnx)?));
    cursor.close(cnx)?;
    Ok(())
}

fn run() -> Outcome {
    let mut cnx = common::connect()?;
    common::ensure_user_table(&mut cnx)?;
    let mut cursor = cnx.cursor(CursorOptions::default())?;
    let text = |s: &str| PyValue::Str(s.to_owned());

    execute_and_commit(
        &mut cnx,
        &mut cursor,
        ("add_user", ADD_USER),
        &[PyValue::Int(3), text("John Doe")],
    )?;
    show_users(&mut cnx)?;
    execute_and_commit(
        &mut cnx,
        &mut cursor,
        ("update_user", UPDATE_USER),
        &[text("John Doe Jr."), PyValue::Int(3)],
    )?;
    show_users(&mut cnx)?;
    execute_and_commit(
        &mut cnx,
        &mut cursor,
        ("delete_user", DELETE_USER),
        &[PyValue::Int(3)],
    )?;
    show_users(&mut cnx)?;

    println!(">>> cursor.close()");
    cursor.close(&mut cnx)?;
    cnx.close();
    Ok(())
}

fn main() -> ExitCode {
    common::exit_with(run())
}
