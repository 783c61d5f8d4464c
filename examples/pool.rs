//! Slides "Connection pooling", "Creating a pool" and "Lending a connection": a pool named
//! `mypool` of size 3; three connections lent, the fourth refused with `PoolError` at
//! once; `close()` gives a connection back to the pool (not closed: the same session
//! comes out again) with its session reset; threads borrowing from one pool.

mod common;

use std::process::ExitCode;

use common::Outcome;
use rowwise::db::{Connection, DbError, Pool, PoolOptions};
use rowwise::pyrepr::PyValue;

fn print_stats(pool: &Pool) {
    let s = pool.stats();
    println!(
        "# pool '{}': size {}, in use {}, free {}",
        s.name, s.size, s.in_use, s.free
    );
}

/// `SELECT <expr>` as text.
fn scalar(cnx: &mut Connection, sql: &str) -> Result<String, DbError> {
    let rows = cnx.query_text(sql)?;
    let value = rows
        .into_iter()
        .next()
        .and_then(|r| r.into_iter().next())
        .flatten();
    Ok(value.unwrap_or_else(|| "None".to_owned()))
}

fn run() -> Outcome {
    let cnxpool = Pool::new(
        &common::connect_options()?,
        PoolOptions::new().name("mypool").size(3),
    )?;
    println!(">>> cnxpool = {}", cnxpool.python_call(common::OPTION_FILE));
    print_stats(&cnxpool);

    let mut lent = Vec::new();
    for n in 1..=3 {
        println!(">>> cnx{n} = cnxpool.get_connection()");
        lent.push(cnxpool.get_connection()?);
    }
    print_stats(&cnxpool);
    println!(">>> cnx4 = cnxpool.get_connection()");
    match cnxpool.get_connection() {
        Err(err) => println!("{}", err.python_line()),
        Ok(_) => return Err("the pool lent a fourth connection".into()),
    }

    let mut cnx1 = lent.remove(0);
    let session = cnx1.server().connection_id;
    println!(">>> cnx1.cursor().execute(\"SET @greeting = 'hello'\")");
    cnx1.query_text("SET @greeting = 'hello'")?;
    println!(">>> cnx1.close()  # back to the pool, not closed");
    cnx1.close()?;
    print_stats(&cnxpool);

    println!(">>> cnx4 = cnxpool.get_connection()");
    let mut cnx4 = cnxpool.get_connection()?;
    println!(
        "# same session as cnx1: {}",
        PyValue::Bool(cnx4.server().connection_id == session)
    );
    println!(
        "# @greeting after the session reset: {}",
        scalar(&mut cnx4, "SELECT @greeting")?
    );
    drop(cnx4);
    drop(lent);
    print_stats(&cnxpool);

    let threads: Vec<_> = (0..3)
        .map(|_| {
            let pool = cnxpool.clone();
            std::thread::spawn(move || -> Result<String, DbError> {
                let mut cnx = pool.get_connection()?;
                scalar(&mut cnx, "SELECT 1 + 1")
            })
        })
        .collect();
    for thread in threads {
        let answer = thread.join().map_err(|_| "a thread panicked")??;
        println!("# a thread borrowed a connection and got {answer}");
    }
    print_stats(&cnxpool);
    Ok(())
}

fn main() -> ExitCode {
    common::exit_with(run())
}
