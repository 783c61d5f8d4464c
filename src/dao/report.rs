//! What a DAO call did, for a front end to show beside its result: the call and the DAO
//! method as Python, the parametric SQL and its parameters tuple, what the connector sent,
//! rowcount and lastrowid — and, for contrast, the SQL a careless programmer would have
//! built by pasting the values into the string.

use std::fmt;

use crate::pyrepr::PyValue;

/// A parametric statement: its SQL is a compile-time constant (`&'static str`), so user
/// data can only travel in `params`, never inside the SQL text.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    sql: &'static str,
    params: Vec<PyValue>,
}

impl Query {
    /// A statement and its parameters, one per `%s` placeholder.
    pub fn new(sql: &'static str, params: Vec<PyValue>) -> Self {
        Query { sql, params }
    }

    /// The statement with its placeholders still in, as the DAO passes it to
    /// `cursor.execute`.
    pub fn sql(&self) -> &'static str {
        self.sql
    }

    /// The parameters, in placeholder order.
    pub fn params(&self) -> &[PyValue] {
        &self.params
    }
}

/// One statement a DAO method ran.
#[derive(Debug, Clone, PartialEq)]
pub struct StatementReport {
    /// The parametric SQL, placeholders and all (`query` in the Python).
    pub template: &'static str,
    /// The parameters, in placeholder order.
    pub params: Vec<PyValue>,
    /// `cursor.statement`: the text the connector sent after quoting and escaping the
    /// parameters (`None` if the statement never got that far).
    pub executed: PyValue,
    /// `cursor.rowcount` once the method had read what it reads (-1 before).
    pub rowcount: i64,
    /// `cursor.lastrowid`.
    pub lastrowid: Option<u64>,
}

impl StatementReport {
    pub(crate) fn new(query: &Query) -> Self {
        StatementReport {
            template: query.sql,
            params: query.params.clone(),
            executed: PyValue::None,
            rowcount: -1,
            lastrowid: None,
        }
    }

    /// The parameters as the Python tuple passed to `execute`: `(3, 'Ann')`, `(3,)`, `()`.
    pub fn params_repr(&self) -> String {
        PyValue::Tuple(self.params.clone()).to_string()
    }

    /// The Python call: `cursor.execute(query, (3,))`, or `cursor.execute(query)`.
    pub fn execute_call(&self) -> String {
        if self.params.is_empty() {
            "cursor.execute(query)".to_owned()
        } else {
            format!("cursor.execute(query, {})", self.params_repr())
        }
    }

    /// `cursor.lastrowid` as Python shows it: `None` or a number.
    pub fn lastrowid_repr(&self) -> String {
        self.lastrowid
            .map_or_else(|| "None".to_owned(), |id| id.to_string())
    }

    /// The SQL a careless programmer would have built with an f-string, or `None` for a
    /// statement without parameters.
    pub fn string_built(&self) -> Option<StringBuiltSql> {
        (!self.params.is_empty()).then(|| StringBuiltSql::build(self.template, &self.params))
    }
}

/// SQL built by pasting values into the text, as `f"... '{name}'"` does: shown to explain
/// SQL injection, never executed (nothing in the DAO accepts it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StringBuiltSql(String);

impl StringBuiltSql {
    /// Each placeholder (`%s`, or `?` for sqlite3) becomes the value as an f-string writes
    /// it: text inside single quotes, as is, and anything else as Python's `str()`.
    fn build(template: &str, params: &[PyValue]) -> Self {
        let placeholder = if template.contains("%s") { "%s" } else { "?" };
        let mut out = String::with_capacity(template.len());
        let mut values = params.iter();
        let mut rest = template;
        while let Some(at) = rest.find(placeholder) {
            out.push_str(&rest[..at]);
            match values.next() {
                Some(PyValue::Str(text)) => {
                    out.push('\'');
                    out.push_str(text);
                    out.push('\'');
                }
                Some(other) => out.push_str(&other.to_string()),
                None => out.push_str(placeholder),
            }
            rest = &rest[at + placeholder.len()..];
        }
        out.push_str(rest);
        StringBuiltSql(out)
    }

    /// The statement with the values pasted in, as the careless version would build it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for StringBuiltSql {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Everything one DAO call did.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionReport {
    /// The call as Python: `user_dao.get_user(3, user_map)`.
    pub call: String,
    /// The DAO method as Python, as the course writes it.
    pub python: &'static str,
    /// The statement the call ran; `None` when the identity map answered without a query,
    /// or when no connection could be borrowed.
    pub statement: Option<StatementReport>,
    /// The identity map already held the object, so no query was sent.
    pub identity_map_hit: bool,
}

impl ActionReport {
    pub(crate) fn new(call: String, python: &'static str) -> Self {
        ActionReport {
            call,
            python,
            statement: None,
            identity_map_hit: false,
        }
    }
}

/// The source of `def name(...)` inside a Python class body, up to the next method. The
/// last method of that name is taken: the DAO class comes after the data classes, whose
/// `add_...` methods may share its names.
pub(crate) fn python_method(source: &'static str, name: &str) -> &'static str {
    let header = ["    def ", name, "("].concat();
    let Some(start) = source.rfind(&header) else {
        return "";
    };
    let body = &source[start..];
    let end = body[header.len()..]
        .find("\n    def ")
        .map_or(body.len(), |i| i + header.len());
    body[..end].trim_end()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(template: &'static str, params: Vec<PyValue>) -> StatementReport {
        StatementReport::new(&Query::new(template, params))
    }

    #[test]
    fn string_built_sql_pastes_the_injection_into_the_text() {
        let r = report(
            "INSERT INTO user (id, name) VALUES (%s, %s)",
            vec![
                PyValue::Int(3),
                PyValue::Str("'; delete * from users ; --".into()),
            ],
        );
        assert_eq!(
            r.string_built().map(|s| s.to_string()).as_deref(),
            Some("INSERT INTO user (id, name) VALUES (3, ''; delete * from users ; --')")
        );
        assert_eq!(
            r.execute_call(),
            "cursor.execute(query, (3, \"'; delete * from users ; --\"))"
        );
    }

    #[test]
    fn a_statement_without_params_has_no_string_built_twin() {
        let r = report("SELECT id, name FROM user ORDER BY id", vec![]);
        assert_eq!(r.string_built(), None);
        assert_eq!(r.execute_call(), "cursor.execute(query)");
        assert_eq!(r.params_repr(), "()");
        assert_eq!(r.lastrowid_repr(), "None");
    }

    #[test]
    fn one_parameter_is_a_one_element_tuple() {
        let r = report("DELETE FROM user WHERE id = %s", vec![PyValue::Int(3)]);
        assert_eq!(r.params_repr(), "(3,)");
    }

    #[test]
    fn python_method_cuts_one_method_out_of_a_class() {
        let source =
            "class A:\n    def f(self):\n        return 1\n\n    def g(self):\n        return 2\n";
        assert_eq!(
            python_method(source, "f"),
            "    def f(self):\n        return 1"
        );
        assert_eq!(
            python_method(source, "g"),
            "    def g(self):\n        return 2"
        );
        assert_eq!(python_method(source, "h"), "");
    }
}
