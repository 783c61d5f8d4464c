//! The baseline for the benchmarks (bench/run.py): a bare loop over the `mysql` crate that
//! reads a query's rows and writes them tab-separated to stdout, with nothing else around it.
//!
//! Usage: bare_loop HOST PORT USER PASSWORD DATABASE SQL

use std::io::{BufWriter, Write};

use mysql::prelude::Queryable;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [host, port, user, password, database, sql] = args.as_slice() else {
        return Err("usage: bare_loop HOST PORT USER PASSWORD DATABASE SQL".into());
    };
    let opts = mysql::OptsBuilder::new()
        .ip_or_hostname(Some(host.as_str()))
        .tcp_port(port.parse()?)
        .user(Some(user.as_str()))
        .pass((!password.is_empty()).then_some(password.as_str()))
        .db_name(Some(database.as_str()))
        .prefer_socket(false);
    let mut conn = mysql::Conn::new(opts)?;
    let mut out = BufWriter::with_capacity(64 * 1024, std::io::stdout().lock());
    let mut result = conn.query_iter(sql.as_str())?;
    while let Some(set) = result.iter() {
        for row in set {
            let row = row?;
            for (i, value) in row.unwrap().into_iter().enumerate() {
                if i > 0 {
                    out.write_all(b"\t")?;
                }
                match value {
                    mysql::Value::NULL => out.write_all(b"NULL")?,
                    mysql::Value::Bytes(b) => out.write_all(&b)?,
                    other => out.write_all(other.as_sql(true).as_bytes())?,
                }
            }
            out.write_all(b"\n")?;
        }
    }
    out.flush()?;
    Ok(())
}
