//! A 1:N relationship as the course maps it — a `Student` lives in one `City`, a `City` has
//! many students — with `SchoolDao` loading both eagerly through one join and the identity
//! maps making each city one object however many students share it. The Python twin is
//! `python/school_dao.py`.

use std::sync::Arc;

use super::entity::{add_mapped, keyed, mapped};
use super::error::DaoError;
use super::exec::{
    Commit, DaoResult, all_rows, create_tables, dictionary, int, int_column, run, text_column,
};
use super::identity_map::IdentityMap;
use super::relation::BackRefs;
use super::report::{ActionReport, Query, python_method};
use crate::db::{DbError, Pool};
use crate::pyrepr::{PyValue, str_repr};

/// The Python source of the classes and the DAO.
pub const SCHOOL_DAO_PY: &str = include_str!("python/school_dao.py");

/// The tables, in the order they must be created.
pub const CREATE_TABLES: [&str; 2] = [
    "CREATE TABLE IF NOT EXISTS city (city_id INT PRIMARY KEY, city_name VARCHAR(64) NOT NULL) DEFAULT CHARSET=utf8mb4",
    "CREATE TABLE IF NOT EXISTS student (student_id INT PRIMARY KEY, name VARCHAR(64) NOT NULL, fk_city_of_residence INT NOT NULL, FOREIGN KEY (fk_city_of_residence) REFERENCES city (city_id)) DEFAULT CHARSET=utf8mb4",
];
/// `add_city`.
pub const INSERT_CITY: &str = "INSERT INTO city (city_id, city_name) VALUES (%s, %s)";
/// `add_student`.
pub const INSERT_STUDENT: &str =
    "INSERT INTO student (student_id, name, fk_city_of_residence) VALUES (%s, %s, %s)";
/// `get_cities`.
pub const SELECT_CITIES: &str = "SELECT city_id, city_name FROM city ORDER BY city_id";
/// `get_students`: students with their city, in one query (eager loading).
pub const SELECT_STUDENTS: &str = "SELECT s.student_id, s.name, c.city_id, c.city_name FROM student s JOIN city c ON c.city_id = s.fk_city_of_residence ORDER BY s.student_id";

/// A city (`city` table) and the students living there.
#[derive(Debug)]
pub struct City {
    /// `city_id`, the primary key.
    pub city_id: i64,
    /// `city_name`, a `VARCHAR(64)`, not null.
    pub city_name: String,
    students: BackRefs<Student>,
}

impl City {
    /// A city with no students yet.
    pub fn new(city_id: i64, city_name: impl Into<String>) -> Self {
        City {
            city_id,
            city_name: city_name.into(),
            students: BackRefs::default(),
        }
    }

    /// `city.get_students()`: the students loaded so far that live here.
    pub fn students(&self) -> Vec<Arc<Student>> {
        self.students.get()
    }

    /// `city.add_student(student)`.
    pub fn add_student(&self, student: &Arc<Student>) -> bool {
        self.students.add(student)
    }
}

keyed!(City, city_id, city_name, row: "city_id", "city_name");

/// A student (`student` table); the foreign key is the `City` object itself.
#[derive(Debug)]
pub struct Student {
    /// `student_id`, the primary key.
    pub student_id: i64,
    /// `name`, a `VARCHAR(64)`, not null.
    pub name: String,
    /// `fk_city_of_residence`, as the object it refers to.
    pub city_of_residence: Arc<City>,
}

keyed!(Student, student_id, name);

/// Cities loaded so far, by `city_id`.
pub type CityMap = IdentityMap<i64, City>;
/// Students loaded so far, by `student_id`.
pub type StudentMap = IdentityMap<i64, Student>;

fn report(call: String, method: &str) -> ActionReport {
    ActionReport::new(call, python_method(SCHOOL_DAO_PY, method))
}

fn mapped_student(
    row: &PyValue,
    cities: &mut CityMap,
    students: &mut StudentMap,
) -> Result<Arc<Student>, DbError> {
    let city = mapped(row, cities)?;
    let id = int_column(row, "student_id")?;
    let name = text_column(row, "name")?;
    let (student, created) = students.get_or_insert_with(id, || Student {
        student_id: id,
        name,
        city_of_residence: Arc::clone(&city),
    });
    if created {
        city.add_student(&student);
    }
    Ok(student)
}

/// Data access for `city` and `student`.
#[derive(Debug, Clone)]
pub struct SchoolDao {
    pool: Pool,
}

impl SchoolDao {
    /// `SchoolDAO(cnxpool)`.
    pub fn new(pool: Pool) -> Self {
        SchoolDao { pool }
    }

    /// `school_dao.create_tables()`: one report per table.
    ///
    /// # Failure
    /// The pool's or the server's error.
    pub fn create_tables(&self) -> Result<Vec<ActionReport>, DaoError> {
        let python = python_method(SCHOOL_DAO_PY, "create_tables");
        create_tables(
            &self.pool,
            "school_dao.create_tables()",
            python,
            &CREATE_TABLES,
        )
    }

    /// `school_dao.add_city(City(id, name), city_map)`.
    ///
    /// # Failure
    /// 1062 for an id in use, the pool's or the server's error.
    pub fn add_city(
        &self,
        city_id: i64,
        city_name: &str,
        cities: &mut CityMap,
    ) -> DaoResult<Arc<City>> {
        let call = format!(
            "school_dao.add_city(City({city_id}, {}), city_map)",
            str_repr(city_name)
        );
        let params = vec![int(city_id), PyValue::Str(city_name.to_owned())];
        add_mapped(
            &self.pool,
            report(call, "add_city"),
            &Query::new(INSERT_CITY, params),
            cities,
            city_id,
            City::new(city_id, city_name),
        )
    }

    /// `school_dao.add_student(Student(id, name, city), student_map)`: the city's student
    /// list gains the new student.
    ///
    /// # Failure
    /// 1062 for an id in use, 1452 for a city not in the table, the pool's error.
    pub fn add_student(
        &self,
        student_id: i64,
        name: &str,
        city: &Arc<City>,
        students: &mut StudentMap,
    ) -> DaoResult<Arc<Student>> {
        let call = format!(
            "school_dao.add_student(Student({student_id}, {}, city_map[{}]), student_map)",
            str_repr(name),
            city.city_id
        );
        let params = vec![
            int(student_id),
            PyValue::Str(name.to_owned()),
            int(city.city_id),
        ];
        let student = Student {
            student_id,
            name: name.to_owned(),
            city_of_residence: Arc::clone(city),
        };
        let done = add_mapped(
            &self.pool,
            report(call, "add_student"),
            &Query::new(INSERT_STUDENT, params),
            students,
            student_id,
            student,
        )?;
        city.add_student(&done.value);
        Ok(done)
    }

    /// `school_dao.get_cities(city_map)`.
    ///
    /// # Failure
    /// The pool's or the server's error.
    pub fn get_cities(&self, cities: &mut CityMap) -> DaoResult<Vec<Arc<City>>> {
        let report = report("school_dao.get_cities(city_map)".into(), "get_cities");
        run(
            &self.pool,
            report,
            &Query::new(SELECT_CITIES, Vec::new()),
            dictionary(),
            Commit::No,
            |cursor, cnx| {
                let rows = all_rows(cursor, cnx)?;
                rows.iter().map(|row| mapped(row, cities)).collect()
            },
        )
    }

    /// `school_dao.get_students(city_map, student_map)`: every student with the city
    /// object they live in; each city's student list is filled on the way.
    ///
    /// # Failure
    /// The pool's or the server's error.
    pub fn get_students(
        &self,
        cities: &mut CityMap,
        students: &mut StudentMap,
    ) -> DaoResult<Vec<Arc<Student>>> {
        let report = report(
            "school_dao.get_students(city_map, student_map)".into(),
            "get_students",
        );
        run(
            &self.pool,
            report,
            &Query::new(SELECT_STUDENTS, Vec::new()),
            dictionary(),
            Commit::No,
            |cursor, cnx| {
                let rows = all_rows(cursor, cnx)?;
                rows.iter()
                    .map(|row| mapped_student(row, cities, students))
                    .collect()
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_statement_is_in_its_python_method() {
        let mut pairs = vec![
            ("add_city", INSERT_CITY),
            ("add_student", INSERT_STUDENT),
            ("get_cities", SELECT_CITIES),
            ("get_students", SELECT_STUDENTS),
        ];
        pairs.extend(CREATE_TABLES.iter().map(|sql| ("create_tables", *sql)));
        for (method, sql) in pairs {
            let quoted = ["\"\"\"", sql, "\"\"\""].concat();
            assert!(
                python_method(SCHOOL_DAO_PY, method).contains(&quoted),
                "{method}: {sql}"
            );
        }
    }

    #[test]
    fn rows_of_the_same_city_share_one_city_object() -> Result<(), DbError> {
        let row = |id: i128, name: &str| {
            PyValue::Dict(vec![
                ("student_id".into(), PyValue::Int(id)),
                ("name".into(), PyValue::Str(name.into())),
                ("city_id".into(), PyValue::Int(10)),
                ("city_name".into(), PyValue::Str("Torino".into())),
            ])
        };
        let (mut cities, mut students) = (CityMap::new(), StudentMap::new());
        let ann = mapped_student(&row(1, "Ann"), &mut cities, &mut students)?;
        let bob = mapped_student(&row(2, "Bob"), &mut cities, &mut students)?;
        let again = mapped_student(&row(1, "Ann"), &mut cities, &mut students)?;
        assert!(Arc::ptr_eq(&ann.city_of_residence, &bob.city_of_residence));
        assert!(Arc::ptr_eq(&ann, &again));
        let names: Vec<String> = ann
            .city_of_residence
            .students()
            .iter()
            .map(std::string::ToString::to_string)
            .collect();
        assert_eq!(names, ["1 Ann", "2 Bob"]);
        Ok(())
    }
}
