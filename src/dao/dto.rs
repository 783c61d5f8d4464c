//! `UserDto`: the data transfer object of the course's `user` table (`user_dto.py`).
//! It knows nothing of the DAO, the database or the client.

use super::entity::keyed;
use crate::pyrepr::{PyValue, str_repr};

/// One user, as the application sees it. Immutable, like a `frozen=True` dataclass: a
/// changed user is a new `UserDto`.
///
/// Equality and hash use the primary key only, as the course's guideline for mapping
/// tables asks (its `user_dto.py` slide also compares the name; the guideline wins).
#[derive(Debug, Clone)]
pub struct UserDto {
    /// `id`, the primary key.
    pub id: i64,
    /// `name`, a `VARCHAR(255)`, not null.
    pub name: String,
}

impl UserDto {
    /// `UserDTO(id, name)`.
    pub fn new(id: i64, name: impl Into<String>) -> Self {
        UserDto {
            id,
            name: name.into(),
        }
    }

    /// The Python expression that builds this object: `UserDTO(3, 'Ann')`.
    pub fn python_repr(&self) -> String {
        format!("UserDTO({}, {})", self.id, str_repr(&self.name))
    }

    /// The id as a Python value, for statement parameters.
    pub(crate) fn id_param(&self) -> PyValue {
        PyValue::Int(i128::from(self.id))
    }

    /// The name as a Python value, for statement parameters.
    pub(crate) fn name_param(&self) -> PyValue {
        PyValue::Str(self.name.clone())
    }
}

// `__eq__`/`__hash__` by id and `__str__` as `1 John Doe`, as every table class has them.
keyed!(UserDto, id, name, row: "id", "name");

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn display_reads_like_the_course_str() {
        assert_eq!(UserDto::new(1, "John Doe").to_string(), "1 John Doe");
    }

    #[test]
    fn users_with_the_same_id_are_equal_and_hash_alike() {
        let a = UserDto::new(1, "John Doe");
        let b = UserDto::new(1, "John Doe Jr.");
        assert_eq!(a, b);
        assert_ne!(a, UserDto::new(2, "John Doe"));
        let set: HashSet<UserDto> = [a, b].into_iter().collect();
        assert_eq!(set.len(), 1);
    }

    #[test]
    fn python_repr_quotes_the_name_as_python_does() {
        assert_eq!(
            UserDto::new(3, "'; delete * from users ; --").python_repr(),
            "UserDTO(3, \"'; delete * from users ; --\")"
        );
    }
}
