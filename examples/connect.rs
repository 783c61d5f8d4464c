//! Slide "Connection" (try – except – else): connect with the settings of ./connector.cnf
//! and handle a failure as the course does — a wrong user name or password
//! (`ER_ACCESS_DENIED_ERROR`), a database that does not exist (`ER_BAD_DB_ERROR`), anything
//! else printed as it is — and close the connection when all went well.
//!
//! ```python
//! try:
//!     cnx = mysql.connector.connect(option_files="connector.cnf")
//! except mysql.connector.Error as err:
//!     if err.errno == errorcode.ER_ACCESS_DENIED_ERROR:
//!         print("Something is wrong w/ uname or password")
//!     elif err.errno == errorcode.ER_BAD_DB_ERROR:
//!         print("Database does not exist")
//!     else:
//!         print(err)
//! else:
//!     cnx.close()
//! ```

mod common;

use std::process::ExitCode;

use rowwise::db::Connection;

/// `errorcode.ER_ACCESS_DENIED_ERROR`
const ER_ACCESS_DENIED_ERROR: u32 = 1045;
/// `errorcode.ER_BAD_DB_ERROR`
const ER_BAD_DB_ERROR: u32 = 1049;

fn main() -> ExitCode {
    let options = match common::connect_options() {
        Ok(options) => options,
        Err(err) => return common::exit_with(Err(err)),
    };
    match Connection::connect(&options, false) {
        Err(err) => {
            match err.errno {
                Some(ER_ACCESS_DENIED_ERROR) => println!("Something is wrong w/ uname or password"),
                Some(ER_BAD_DB_ERROR) => println!("Database does not exist"),
                _ => println!("{err}"),
            }
            ExitCode::FAILURE
        }
        Ok(mut cnx) => {
            println!(
                "Connected to {} (connection id {})",
                cnx.server().version,
                cnx.server().connection_id
            );
            cnx.close();
            println!("Connection closed");
            ExitCode::SUCCESS
        }
    }
}
