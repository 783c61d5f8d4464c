//! Slides "Parametric queries", "SQL injection" and "Parametric statements": the same
//! search built by pasting the user's text into the SQL (method 1) and as a parametric
//! statement (method 2). The pasted one returns every user for `' OR '1'='1`; the
//! parametric one finds nobody, and the slide's `'; delete * from users ; --` is stored
//! as a plain name.
//!
//! The string-built query below is what NOT to do: it is here to be seen failing.

mod common;

use std::process::ExitCode;

use common::Outcome;
use rowwise::dao::{UserDao, UserDto, UserMap};
use rowwise::db::{Connection, CursorOptions, Pool, PoolOptions};
use rowwise::pyrepr::{PyValue, str_repr};

fn string_built(user_name: &str) -> Outcome {
    // Method 1, string interpolation: the user's text becomes part of the SQL.
    let query = format!("SELECT id, name FROM user WHERE name = '{user_name}'");
    println!(">>> query = f\"SELECT id, name FROM user WHERE name = '{{user_name}}'\"");
    println!(">>> cursor.execute(query)  # {query}");
    // A connection of its own: a refused statement can leave results unread on it.
    let mut cnx = common::connect()?;
    let mut cursor = cnx.cursor(CursorOptions::default())?;
    match cursor.execute(&mut cnx, &query, &[]) {
        Ok(()) => println!("{}", PyValue::List(cursor.fetchall(&mut cnx)?)),
        Err(err) => println!("{}", err.python_line()),
    }
    Ok(())
}

fn parametric(cnx: &mut Connection, user_name: &str) -> Outcome {
    // Method 2, a parametric statement: the text travels as a value.
    let query = "SELECT id, name FROM user WHERE name = %s";
    let params = [PyValue::Str(user_name.to_owned())];
    println!(
        ">>> cursor.execute(\"{query}\", {})",
        PyValue::Tuple(params.to_vec())
    );
    let mut cursor = cnx.cursor(CursorOptions::default())?;
    cursor.execute(cnx, query, &params)?;
    println!("{}", PyValue::List(cursor.fetchall(cnx)?));
    println!(">>> cursor.statement\n{}", cursor.statement());
    cursor.close(cnx)?;
    Ok(())
}

fn run() -> Outcome {
    let mut cnx = common::connect()?;
    common::ensure_user_table(&mut cnx)?;
    for user_name in ["' OR '1'='1", "'; delete * from users ; --"] {
        println!("# user_name = {}", str_repr(user_name));
        string_built(user_name)?;
        parametric(&mut cnx, user_name)?;
    }
    cnx.close();

    println!("# the slide's payload typed as a name, through the DAO");
    let dao = UserDao::new(Pool::new(
        &common::connect_options()?,
        PoolOptions::new().name("injection").size(1),
    )?);
    let mut user_map = UserMap::new();
    let payload = UserDto::new(3, "'; delete * from users ; --");
    let added = dao.add_user(&payload, &mut user_map)?.report;
    if let Some(stmt) = &added.statement {
        println!(">>> {}", added.call);
        println!(
            "# parametric: {}  params {}",
            stmt.template,
            stmt.params_repr()
        );
        if let Some(careless) = stmt.string_built() {
            println!("# string-built it would have been: {careless}");
        }
    }
    let stored = dao
        .get_user(3, &mut UserMap::new())?
        .value
        .ok_or("user 3 was not stored")?;
    println!(
        "# stored name: {}  verbatim: {}",
        str_repr(&stored.name),
        PyValue::Bool(stored.name == payload.name)
    );
    let users = dao.get_users(&mut UserMap::new())?.value;
    println!("# users in the table: {}", users.len());
    dao.delete_user(3, &mut user_map)?;
    Ok(())
}

fn main() -> ExitCode {
    common::exit_with(run())
}
