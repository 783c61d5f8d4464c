use super::*;

fn parse(text: &str) -> Vec<PyValue> {
    match parse_tuple(text) {
        Ok(v) => v,
        Err(e) => panic!("{text}: {e}"),
    }
}

#[test]
fn scalars_of_every_kind_parse() {
    assert_eq!(
        parse("(3, -7, 1.5, 1e300, None, True, False, 'a', \"b\")"),
        vec![
            PyValue::Int(3),
            PyValue::Int(-7),
            PyValue::Float(1.5),
            PyValue::Float(1e300),
            PyValue::None,
            PyValue::Bool(true),
            PyValue::Bool(false),
            PyValue::Str("a".into()),
            PyValue::Str("b".into()),
        ]
    );
}

#[test]
fn single_element_tuple_needs_its_comma() {
    assert_eq!(parse("('d',)"), vec![PyValue::Str("d".into())]);
    assert!(parse_tuple("('d')").is_err());
    assert_eq!(parse("()"), vec![]);
}

#[test]
fn string_escapes_decode_as_python_does() {
    assert_eq!(
        parse(r#"("'; delete * from users ; --", 'it\'s', 'a\\b\n\x00\u00e9\U0001F40D', r'\n')"#),
        vec![
            PyValue::Str("'; delete * from users ; --".into()),
            PyValue::Str("it's".into()),
            PyValue::Str("a\\b\n\u{0}é🐍".into()),
            PyValue::Str("\\n".into()),
        ]
    );
}

#[test]
fn bytes_and_adjacent_literals() {
    assert_eq!(
        parse(r"(b'\x00\xff', 'a' 'b')"),
        vec![PyValue::Bytes(vec![0, 255]), PyValue::Str("ab".into())]
    );
}

#[test]
fn integers_in_other_bases_and_with_separators() {
    assert_eq!(
        parse("(0xff, 0o17, 0b101, 1_000, 18446744073709551615)"),
        vec![
            PyValue::Int(255),
            PyValue::Int(15),
            PyValue::Int(5),
            PyValue::Int(1000),
            PyValue::Int(18_446_744_073_709_551_615),
        ]
    );
}

/// An `x` anywhere before a float (in a string, say) used to make its exponent sign
/// end the number, so `('x', 1e-05)` did not parse.
#[test]
fn a_float_exponent_is_read_whatever_came_before_it() {
    assert_eq!(
        parse("('x', 1e-05, b'\\xff', 2.5E+300, -1e-07, 0x1f)"),
        vec![
            PyValue::Str("x".into()),
            PyValue::Float(1e-5),
            PyValue::Bytes(vec![0xff]),
            PyValue::Float(2.5e300),
            PyValue::Float(-1e-7),
            PyValue::Int(31),
        ]
    );
}

#[test]
fn the_smallest_i128_and_signed_other_bases_parse() {
    assert_eq!(
        parse("(-170141183460469231731687303715884105728, -0x10, - 3)"),
        vec![PyValue::Int(i128::MIN), PyValue::Int(-16), PyValue::Int(-3)]
    );
}

#[test]
fn minus_the_smallest_i128_is_out_of_range_not_an_overflow() {
    let err = parse_tuple("(--170141183460469231731687303715884105728,)")
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(err.contains("integer out of range"), "{err}");
    assert_eq!(parse("(--5,)"), vec![PyValue::Int(5)]);
}

#[test]
fn dicts_with_str_keys_parse_and_other_keys_do_not() {
    assert_eq!(
        parse("({'a': 1, \"b\": [None], 'a': 2},)"),
        vec![PyValue::Dict(vec![
            ("a".into(), PyValue::Int(2)),
            ("b".into(), PyValue::List(vec![PyValue::None])),
        ])]
    );
    assert!(parse_tuple("({1: 2},)").is_err());
    assert!(parse_tuple("({'a' 2},)").is_err());
}

/// Hostile nesting is an error, not a stack overflow.
#[test]
fn deep_nesting_is_refused_without_overflowing_the_stack() {
    for open in ["(", "[", "{'k': ", "-"] {
        let text = open.repeat(100_000);
        let err = parse_tuple(&text).err().map(|e| e.message);
        assert_eq!(err.as_deref(), Some("too deeply nested"), "{open}");
    }
    assert!(parse_tuple(&format!("{}1{}", "(".repeat(50), ",)".repeat(50))).is_ok());
}

#[test]
fn a_list_of_tuples_parses_and_nothing_else_does() {
    assert_eq!(
        parse_tuple_list("[(1, 'a'), (2,)]").ok(),
        Some(vec![
            vec![PyValue::Int(1), PyValue::Str("a".into())],
            vec![PyValue::Int(2)]
        ])
    );
    assert_eq!(parse_tuple_list(" [] ").ok(), Some(vec![]));
    assert!(parse_tuple_list("[(1,), 2]").is_err());
    assert!(parse_tuple_list("((1,),)").is_err());
    assert!(parse_tuple_list("[(1,)] x").is_err());
}

#[test]
fn junk_is_an_error_with_a_column() {
    let err = parse_tuple("(1, foo)").err();
    assert_eq!(err.map(|e| e.column), Some(5));
    assert!(parse_tuple("(1, 'open)").is_err());
    assert!(parse_tuple("(1, 2) extra").is_err());
    assert!(parse_tuple("(012,)").is_err());
}
