//! The DAO layer against the private server: CRUD through `UserDao`, the reports a form
//! shows, the identity map, the 1:N and N:M mappings, and failures that keep their report.
//! The injection corpus goes through the DAO in tests/injection.rs.

mod common;

use std::sync::Arc;

use common::MariaDb;
use rowwise::dao::{
    ArticleDao, ArticleMap, CityMap, CreatorMap, SchoolDao, StudentMap, UserDao, UserDto, UserMap,
};
use rowwise::db::{DbError, Pool, PoolOptions};
use rowwise::pyrepr::PyValue;

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// A pool on a fresh database of its own, so that tests can run side by side.
fn fresh_pool(database: &str, size: usize) -> Result<Pool, DbError> {
    let server = MariaDb::shared();
    server.root_sql(&format!(
        "DROP DATABASE IF EXISTS {database}; CREATE DATABASE {database}"
    ));
    Pool::new(
        &server.tcp_options(Some(database)),
        PoolOptions::new().name(database).size(size),
    )
}

fn user_dao(database: &str) -> Result<UserDao, Box<dyn std::error::Error>> {
    let dao = UserDao::new(fresh_pool(database, 2)?);
    dao.create_table()?;
    Ok(dao)
}

fn names(users: &[Arc<UserDto>]) -> Vec<String> {
    users.iter().map(std::string::ToString::to_string).collect()
}

#[test]
fn the_course_main_adds_two_users_and_lists_them() -> TestResult {
    let dao = user_dao("dao_main")?;
    let mut map = UserMap::new();
    dao.add_user(&UserDto::new(1, "John Doe"), &mut map)?;
    dao.add_user(&UserDto::new(2, "Jane Smith"), &mut map)?;
    let users = dao.get_users(&mut UserMap::new())?.value;
    assert_eq!(names(&users), ["1 John Doe", "2 Jane Smith"]);
    Ok(())
}

#[test]
fn update_and_delete_commit_and_report_rowcount() -> TestResult {
    let dao = user_dao("dao_crud")?;
    let mut map = UserMap::new();
    dao.add_user(&UserDto::new(3, "John Doe"), &mut map)?;
    let updated = dao.update_user(&UserDto::new(3, "John Doe Jr."), &mut map)?;
    assert_eq!(updated.value, 1);
    // Without CLIENT_FOUND_ROWS (the reference does not set it) an unchanged row counts 0.
    let unchanged = dao.update_user(&UserDto::new(3, "John Doe Jr."), &mut map)?;
    assert_eq!(unchanged.value, 0);
    assert_eq!(
        map.get(&3).map(|u| u.name.clone()).as_deref(),
        Some("John Doe Jr.")
    );
    let fresh = dao.get_user(3, &mut UserMap::new())?.value;
    assert_eq!(
        fresh.map(|u| u.to_string()).as_deref(),
        Some("3 John Doe Jr.")
    );

    assert_eq!(dao.delete_user(3, &mut map)?.value, 1);
    assert!(!map.contains(&3));
    assert_eq!(dao.delete_user(3, &mut map)?.value, 0);
    assert!(dao.get_user(3, &mut map)?.value.is_none());
    assert_eq!(
        dao.update_user(&UserDto::new(3, "ghost"), &mut map)?.value,
        0
    );
    assert!(
        map.is_empty(),
        "an update of an unknown user puts nothing in the map"
    );
    Ok(())
}

#[test]
fn every_call_reports_its_python_sql_params_and_counts() -> TestResult {
    let dao = user_dao("dao_report")?;
    let mut map = UserMap::new();
    let added = dao.add_user(&UserDto::new(3, "John Doe"), &mut map)?.report;
    assert_eq!(
        added.call,
        "user_dao.add_user(UserDTO(3, 'John Doe'), user_map)"
    );
    assert!(
        added
            .python
            .starts_with("    def add_user(self, user, user_map):")
    );
    let stmt = added.statement.ok_or("add_user ran no statement")?;
    assert_eq!(stmt.template, "INSERT INTO user (id, name) VALUES (%s, %s)");
    assert_eq!(stmt.params_repr(), "(3, 'John Doe')");
    assert_eq!(
        stmt.executed,
        PyValue::Str("INSERT INTO user (id, name) VALUES (3, 'John Doe')".into())
    );
    assert_eq!((stmt.rowcount, stmt.lastrowid_repr().as_str()), (1, "0"));

    let found = dao.find_users_by_name("John%", &mut map)?;
    assert_eq!(
        found.report.call,
        "user_dao.find_users_by_name('John%', user_map)"
    );
    let stmt = found.report.statement.ok_or("find ran no statement")?;
    assert_eq!(stmt.params_repr(), "('John%',)");
    assert_eq!(stmt.rowcount, 1);
    assert_eq!(
        stmt.string_built().map(|s| s.to_string()).as_deref(),
        Some("SELECT id, name FROM user WHERE name LIKE 'John%' ORDER BY id")
    );
    Ok(())
}

#[test]
fn a_user_loaded_twice_is_the_same_object_and_the_second_time_costs_no_query() -> TestResult {
    let dao = user_dao("dao_identity")?;
    dao.add_user(&UserDto::new(1, "John Doe"), &mut UserMap::new())?;
    dao.add_user(&UserDto::new(2, "Jane Smith"), &mut UserMap::new())?;

    let mut map = UserMap::new();
    let first = dao.get_user(1, &mut map)?;
    assert!(!first.report.identity_map_hit && first.report.statement.is_some());
    let second = dao.get_user(1, &mut map)?;
    assert!(second.report.identity_map_hit);
    assert!(second.report.statement.is_none());
    let (a, b) = (
        first.value.ok_or("no user 1")?,
        second.value.ok_or("no user 1")?,
    );
    assert!(Arc::ptr_eq(&a, &b));

    let all = dao.get_users(&mut map)?.value;
    assert!(all.first().is_some_and(|u| Arc::ptr_eq(u, &a)));
    let found = dao.find_users_by_name("Jane%", &mut map)?.value;
    assert!(Arc::ptr_eq(&found[0], &all[1]));

    let elsewhere = dao
        .get_user(1, &mut UserMap::new())?
        .value
        .ok_or("no user 1")?;
    assert_eq!(*elsewhere, *a, "equal by primary key");
    assert!(
        !Arc::ptr_eq(&elsewhere, &a),
        "but another map makes another object"
    );
    Ok(())
}

#[test]
fn a_missing_table_is_reported_and_can_then_be_created() -> TestResult {
    let dao = UserDao::new(fresh_pool("dao_missing", 1)?);
    let mut map = UserMap::new();
    let err = dao
        .get_users(&mut map)
        .err()
        .ok_or("no error without a table")?;
    assert!(err.is_missing_table());
    assert_eq!(
        err.to_string(),
        "mysql.connector.errors.ProgrammingError: 1146 (42S02): Table 'dao_missing.user' doesn't exist"
    );
    assert_eq!(
        err.report.statement.as_ref().map(|s| s.template),
        Some("SELECT id, name FROM user ORDER BY id")
    );
    dao.create_table()?;
    assert!(dao.get_users(&mut map)?.value.is_empty());
    Ok(())
}

#[test]
fn a_duplicate_id_fails_with_the_statement_that_failed_and_changes_nothing() -> TestResult {
    let dao = user_dao("dao_duplicate")?;
    let mut map = UserMap::new();
    dao.add_user(&UserDto::new(1, "John Doe"), &mut map)?;
    let err = dao
        .add_user(&UserDto::new(1, "Someone Else"), &mut map)
        .err()
        .ok_or("a duplicate id was accepted")?;
    assert!(err.is_duplicate_key());
    assert!(
        err.to_string().starts_with(
            "mysql.connector.errors.IntegrityError: 1062 (23000): Duplicate entry '1'"
        ),
        "{err}"
    );
    assert_eq!(
        err.report.call,
        "user_dao.add_user(UserDTO(1, 'Someone Else'), user_map)"
    );
    assert_eq!(
        map.get(&1).map(|u| u.name.clone()).as_deref(),
        Some("John Doe")
    );
    let users = dao.get_users(&mut UserMap::new())?.value;
    assert_eq!(names(&users), ["1 John Doe"]);
    Ok(())
}

#[test]
fn a_dao_call_on_an_exhausted_pool_says_so_without_running_anything() -> TestResult {
    let dao = user_dao("dao_exhausted")?;
    let held: Vec<_> = (0..2)
        .map(|_| dao.pool().get_connection())
        .collect::<Result<_, _>>()?;
    let err = dao
        .add_user(&UserDto::new(1, "John Doe"), &mut UserMap::new())
        .err()
        .ok_or("borrowed from an exhausted pool")?;
    assert!(err.is_pool_exhausted());
    assert_eq!(
        err.to_string(),
        "mysql.connector.errors.PoolError: Failed getting connection; pool exhausted"
    );
    assert!(err.report.statement.is_none());
    drop(held);
    dao.add_user(&UserDto::new(1, "John Doe"), &mut UserMap::new())?;
    Ok(())
}

#[test]
fn the_dao_survives_its_connections_being_killed() -> TestResult {
    let dao = user_dao("dao_killed")?;
    let ids: Vec<u32> = (0..2)
        .map(|_| {
            dao.pool()
                .get_connection()
                .map(|c| c.server().connection_id)
        })
        .collect::<Result<_, _>>()?;
    for id in ids {
        MariaDb::shared().root_sql(&format!("KILL {id}"));
    }
    dao.add_user(&UserDto::new(1, "John Doe"), &mut UserMap::new())?;
    assert_eq!(
        names(&dao.get_users(&mut UserMap::new())?.value),
        ["1 John Doe"]
    );
    Ok(())
}

#[test]
fn students_of_one_city_share_the_city_object_and_the_city_lists_them() -> TestResult {
    let dao = SchoolDao::new(fresh_pool("dao_school", 2)?);
    assert_eq!(dao.create_tables()?.len(), 2);
    let (mut cities, mut students) = (CityMap::new(), StudentMap::new());
    let torino = dao.add_city(10, "Torino", &mut cities)?.value;
    let milano = dao.add_city(20, "Milano", &mut cities)?.value;
    dao.add_student(1, "Ann", &torino, &mut students)?;
    dao.add_student(2, "Bob", &milano, &mut students)?;
    dao.add_student(3, "Cleo", &torino, &mut students)?;

    // A new session: nothing loaded yet; one join loads students and cities.
    let (mut cities, mut students) = (CityMap::new(), StudentMap::new());
    let loaded = dao.get_students(&mut cities, &mut students)?.value;
    let lines: Vec<String> = loaded
        .iter()
        .map(|s| format!("{s} lives in {}", s.city_of_residence))
        .collect();
    assert_eq!(
        lines,
        [
            "1 Ann lives in 10 Torino",
            "2 Bob lives in 20 Milano",
            "3 Cleo lives in 10 Torino"
        ]
    );
    assert!(Arc::ptr_eq(
        &loaded[0].city_of_residence,
        &loaded[2].city_of_residence
    ));
    let listed = dao.get_cities(&mut cities)?.value;
    assert!(Arc::ptr_eq(&listed[0], &loaded[0].city_of_residence));
    let in_torino: Vec<String> = listed[0]
        .students()
        .iter()
        .map(std::string::ToString::to_string)
        .collect();
    assert_eq!(in_torino, ["1 Ann", "3 Cleo"]);
    Ok(())
}

#[test]
fn a_creator_of_two_articles_is_one_object_through_the_identity_map() -> TestResult {
    let dao = ArticleDao::new(fresh_pool("dao_articles", 2)?);
    assert_eq!(dao.create_tables()?.len(), 3);
    let (mut articles, mut creators) = (ArticleMap::new(), CreatorMap::new());
    let a1 = dao
        .add_article(
            1,
            "Patterns of Enterprise Application Architecture",
            &mut articles,
        )?
        .value;
    let a2 = dao.add_article(2, "Refactoring", &mut articles)?.value;
    let fowler = dao.add_creator(7, "Martin Fowler", &mut creators)?.value;
    let rice = dao.add_creator(8, "David Rice", &mut creators)?.value;
    dao.add_authorship(&a1, &fowler)?;
    dao.add_authorship(&a1, &rice)?;
    dao.add_authorship(&a2, &fowler)?;

    let (mut articles, mut creators) = (ArticleMap::new(), CreatorMap::new());
    let listed = dao.list_articles(&mut articles)?.value;
    let first = dao.get_creators_for(&listed[0], &mut creators)?.value;
    let second = dao.get_creators_for(&listed[1], &mut creators)?.value;
    assert_eq!(
        first
            .iter()
            .map(std::string::ToString::to_string)
            .collect::<Vec<_>>(),
        ["7 Martin Fowler", "8 David Rice"]
    );
    assert!(
        Arc::ptr_eq(&first[0], &second[0]),
        "the shared creator is one object"
    );
    let his: Vec<String> = first[0]
        .articles()
        .iter()
        .map(std::string::ToString::to_string)
        .collect();
    assert_eq!(
        his,
        [
            "1 Patterns of Enterprise Application Architecture",
            "2 Refactoring"
        ]
    );
    assert_eq!(listed[0].creators().len(), 2);

    let cached = dao.get_creator(7, &mut creators)?;
    assert!(cached.report.identity_map_hit && cached.report.statement.is_none());
    assert!(cached.value.is_some_and(|c| Arc::ptr_eq(&c, &first[0])));
    let queried = dao.get_creator(8, &mut CreatorMap::new())?;
    assert!(!queried.report.identity_map_hit);
    assert_eq!(
        queried.value.map(|c| c.to_string()).as_deref(),
        Some("8 David Rice")
    );
    Ok(())
}
