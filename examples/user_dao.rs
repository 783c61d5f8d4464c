//! Slides "Example: `user_dto.py`", "`user_dao.py`" and "main.py" (the DAO pattern): a
//! `UserDao` that borrows its connections from a pool, `UserDto`s, and the course's main
//! program — add John Doe and Jane Smith, then print every user:
//!
//! ```text
//! 1 John Doe
//! 2 Jane Smith
//! ```
//!
//! The Python twin is `src/dao/python/main.py`. The table is created when missing; users
//! already there from an earlier run are reported on stderr and kept.

mod common;

use std::process::ExitCode;

use common::Outcome;
use rowwise::dao::{UserDao, UserDto, UserMap};
use rowwise::db::{Pool, PoolOptions};

fn run() -> Outcome {
    let pool = Pool::new(
        &common::connect_options()?,
        PoolOptions::new().name("mypool").size(3),
    )?;
    let user_dao = UserDao::new(pool);
    user_dao.create_table()?;
    let mut user_map = UserMap::new();

    let user1 = UserDto::new(1, "John Doe");
    let user2 = UserDto::new(2, "Jane Smith");
    for user in [&user1, &user2] {
        match user_dao.add_user(user, &mut user_map) {
            Ok(_) => {}
            Err(err) if err.is_duplicate_key() => {
                eprintln!("user {} is there already: {err}", user.id);
            }
            Err(err) => return Err(err.into()),
        }
    }

    let students = user_dao.get_users(&mut user_map)?.value;
    for student in students {
        println!("{student}");
    }
    Ok(())
}

fn main() -> ExitCode {
    common::exit_with(run())
}
