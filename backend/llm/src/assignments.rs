//! Arguments written as `key=value` pairs instead of a JSON object: `"arguments": "path=/etc,
//! lines=5"`, `read_file(path=/etc/hosts lines=5)`, `Action Input: container=web tail=50`. Small
//! models write them when they copy a shell's or a URL's habits. Read only against the tool's
//! schema, where the reading is unambiguous:
//!
//! - the text starts with a key, and every key is one of the schema's properties, each once;
//! - a key counts only at the start or after a separator (a blank, `,`, `;` or `&`), followed by
//!   `=`, so `--color=auto` inside a value is the value's; a word the schema does not name
//!   written there the same way (`size=5`) makes the whole text unsettled;
//! - each value fits its property's type: a whole number for `integer`, `true`/`false` for
//!   `boolean`, JSON for `array` and `object`, anything for `string` (one pair of surrounding
//!   quotes taken off).
//!
//! Anything else stays the text it was, and earns the model a correction asking for an object.

use serde_json::{Map, Number, Value};

/// The longest text read as pairs: longer is not a call's arguments written this way.
const MAX_BYTES: usize = 4 * 1024;

/// Values an object's arguments write as another JSON type than their schema's, where the
/// reading is unambiguous (their keys first respelled as the schema's, [`respell_keys`]): `"50"` for an `integer` is 50, `"true"` for a `boolean` is true,
/// `"0.5"` for a `number` is 0.5, `50.0` for an `integer` is 50, and a list of one value for an
/// argument that takes no list (`["web"]` for a text, `["50"]` for an integer) is that value,
/// read the same way. Anything else (a number for a text argument, `"fifty"`, a list of two,
/// an object for a text, a text for a list: never split into one) is left as written, for
/// [`mismatch`]'s correction.
pub fn coerce(arguments: &mut Map<String, Value>, properties: &Map<String, Value>) {
    respell_keys(arguments, properties);
    for (key, value) in arguments.iter_mut() {
        let Some(schema) = properties.get(key) else {
            continue;
        };
        let kinds = kinds(schema);
        if kinds.is_empty() || fits(value, &kinds) {
            continue;
        }
        // One value in a list where the argument takes no list: the value, read alone.
        let current: &Value = value;
        let single = current
            .as_array()
            .filter(|items| items.len() == 1 && !kinds.contains(&"array"))
            .and_then(|items| items.first())
            .filter(|item| !(item.is_array() || item.is_object()));
        let alone = single.unwrap_or(current);
        let coerced = if fits(alone, &kinds) {
            Some(alone.clone())
        } else {
            scalar(alone, schema, &kinds)
        };
        if let Some(coerced) = coerced {
            *value = coerced;
        }
    }
}

/// Keys the schema does not name, spelled as one it does in another case or with other word
/// separators (`Container`, `psArgs`, `ps-args` for `ps_args`), renamed to the schema's key:
/// only where exactly one property folds to the same letters and digits and the arguments do
/// not name that property already. Any other key stays as written, for the tool's own error.
fn respell_keys(arguments: &mut Map<String, Value>, properties: &Map<String, Value>) {
    let fold = |key: &str| -> String {
        key.chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    let renames: Vec<(String, String)> = arguments
        .keys()
        .filter(|key| !properties.contains_key(*key))
        .filter_map(|key| {
            let folded = fold(key);
            let mut matches = properties
                .keys()
                .filter(|property| fold(property) == folded);
            let property = matches.next()?;
            matches
                .next()
                .is_none()
                .then(|| (key.clone(), property.clone()))
        })
        .collect();
    for (from, to) in renames {
        if arguments.contains_key(&to) {
            continue;
        }
        if let Some(value) = arguments.remove(&from) {
            arguments.insert(to, value);
        }
    }
}

/// Whether `value` is of one of the JSON types `kinds` (a whole number is an `integer`).
fn fits(value: &Value, kinds: &[&str]) -> bool {
    kinds.iter().any(|kind| match value {
        Value::String(_) => *kind == "string",
        Value::Number(n) => *kind == "number" || (*kind == "integer" && n.is_i64()),
        Value::Bool(_) => *kind == "boolean",
        Value::Null => *kind == "null",
        Value::Array(_) => *kind == "array",
        Value::Object(_) => *kind == "object",
    })
}

/// A scalar `value` of another type than `kinds` as the one it spells for `schema`: a quoted
/// number or boolean, or a float without a fraction for an integer; None otherwise.
fn scalar(value: &Value, schema: &Value, kinds: &[&str]) -> Option<Value> {
    match value {
        Value::String(text) if !text.trim().is_empty() => {
            typed(text.trim(), schema).filter(|v| !v.is_string())
        }
        // `50.0` for an `integer`: the whole number it spells.
        Value::Number(number) if kinds.contains(&"integer") => whole_number(number),
        Value::String(_)
        | Value::Number(_)
        | Value::Bool(_)
        | Value::Null
        | Value::Array(_)
        | Value::Object(_) => None,
    }
}

/// The first argument in `arguments` whose value is not of the JSON type its property's
/// schema gives (after [`coerce`]), described for the model's correction: the argument's
/// name, the type it takes and what was given (`the argument "tail" takes an integer (a whole
/// number), but the text "fifty" was given`); None when every typed argument fits.
pub fn mismatch(arguments: &Map<String, Value>, properties: &Map<String, Value>) -> Option<String> {
    arguments.iter().find_map(|(key, value)| {
        let kinds = kinds(properties.get(key)?);
        if kinds.is_empty() || fits(value, &kinds) {
            return None;
        }
        let wanted: Vec<&str> = kinds.iter().map(|kind| kind_name(kind)).collect();
        Some(format!(
            "the argument \"{key}\" takes {}, but {} was given; send it again as {}",
            wanted.join(" or "),
            given(value),
            wanted.join(" or "),
        ))
    })
}

/// A JSON type's name as the model reads it.
fn kind_name(kind: &str) -> &str {
    match kind {
        "integer" => "an integer (a whole number, unquoted)",
        "number" => "a number (unquoted)",
        "boolean" => "a boolean (true or false, unquoted)",
        "string" => "a string (text in quotes)",
        "array" => "a list (JSON array)",
        "object" => "an object (JSON object)",
        "null" => "null",
        other => other,
    }
}

/// What a value is, and the value itself as JSON (cut when long), for a correction.
fn given(value: &Value) -> String {
    const MAX_CHARS: usize = 120;
    let what = match value {
        Value::String(_) => "the string",
        Value::Number(_) => "the number",
        Value::Bool(_) => "the boolean",
        Value::Null => "null",
        Value::Array(_) => "the list",
        Value::Object(_) => "the object",
    };
    if value.is_null() {
        return what.to_owned();
    }
    let shown = value.to_string();
    let cut: String = shown.chars().take(MAX_CHARS).collect();
    let more = if cut.len() < shown.len() { "..." } else { "" };
    format!("{what} {cut}{more}")
}

/// A float without a fraction (`50.0`) as the integer it is; None for a fraction or a value
/// past the integers a float holds exactly.
fn whole_number(number: &Number) -> Option<Value> {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
    let float = number.as_f64()?;
    (float.fract() == 0.0 && float.abs() <= EXACT)
        .then(|| Value::Number(Number::from(float as i64)))
}

/// The JSON types a property's schema allows (`"type": "integer"` or a list of them, or the
/// types of an `anyOf` or `oneOf` whose every choice names its own); none when the schema
/// leaves them unknown (a `$ref`, no type at all).
fn kinds(schema: &Value) -> Vec<&str> {
    match schema.get("type") {
        Some(Value::String(kind)) => vec![kind.as_str()],
        Some(Value::Array(kinds)) => kinds.iter().filter_map(Value::as_str).collect(),
        Some(_) => Vec::new(),
        None => {
            let Some(Value::Array(choices)) = schema.get("anyOf").or_else(|| schema.get("oneOf"))
            else {
                return Vec::new();
            };
            let mut all = Vec::new();
            for choice in choices {
                let kinds = match choice.get("type") {
                    Some(Value::String(kind)) => vec![kind.as_str()],
                    Some(Value::Array(kinds)) => kinds.iter().filter_map(Value::as_str).collect(),
                    Some(_) | None => Vec::new(),
                };
                if kinds.is_empty() {
                    return Vec::new();
                }
                all.extend(kinds);
            }
            all
        }
    }
}

/// `text` as the arguments `properties` (a schema's `properties`) describe, or None.
pub fn read(text: &str, properties: &Map<String, Value>) -> Option<Map<String, Value>> {
    let text = text.trim();
    if text.is_empty() || text.len() > MAX_BYTES {
        return None;
    }
    // Longest keys first, so `path_prefix=` is not read as `path`.
    let mut keys: Vec<&str> = properties.keys().map(String::as_str).collect();
    keys.sort_by_key(|k| std::cmp::Reverse(k.len()));
    let mut marks: Vec<(usize, usize, &str)> = Vec::new();
    let mut after_separator = true;
    for (at, c) in text.char_indices() {
        if after_separator {
            match key_at(text, at, &keys) {
                Some((key, value_at)) => marks.push((at, value_at, key)),
                // `size=5` where the schema has no `size`: a key the tool does not take, or a
                // value that only looks like one; either way not settled by the schema.
                None if other_key_at(&text[at..]) => return None,
                None => {}
            }
        }
        after_separator = c.is_whitespace() || matches!(c, ',' | ';' | '&');
    }
    if marks.first().is_none_or(|(at, _, _)| *at != 0) {
        return None;
    }
    let mut arguments = Map::new();
    for (i, (_, value_at, key)) in marks.iter().enumerate() {
        let end = marks.get(i + 1).map_or(text.len(), |(next, _, _)| *next);
        let raw = text[*value_at..end]
            .trim_end()
            .trim_end_matches([',', ';', '&'])
            .trim();
        let value = typed(raw, properties.get(*key)?)?;
        if arguments.insert((*key).to_owned(), value).is_some() {
            return None;
        }
    }
    Some(arguments)
}

/// The property key written at `at` (`KEY=` or `KEY = `), and where its value starts.
fn key_at<'k>(text: &str, at: usize, keys: &[&'k str]) -> Option<(&'k str, usize)> {
    let rest = &text[at..];
    keys.iter().find_map(|key| {
        let after = rest.strip_prefix(key)?;
        let trimmed = after.trim_start_matches([' ', '\t']);
        let value = trimmed.strip_prefix('=')?;
        // `==` is a comparison someone quoted, not an assignment.
        if value.starts_with('=') {
            return None;
        }
        let skipped = value.len() - value.trim_start_matches([' ', '\t']).len();
        Some((*key, text.len() - value.len() + skipped))
    })
}

/// Whether `rest` starts with an identifier and `=` (not `==`): an assignment to some key.
fn other_key_at(rest: &str) -> bool {
    let name_len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    let starts_word = rest
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    let after = rest[name_len..].trim_start_matches([' ', '\t']);
    starts_word && after.starts_with('=') && !after.starts_with("==")
}

/// Whether `schema` (one property's) types its argument as a boolean: a switch, which a word
/// naming it turns on (`docker_ps[all]`).
pub(crate) fn is_switch(schema: &Value) -> bool {
    kinds(schema).contains(&"boolean")
}

/// Whether `raw`, a value written alone, is one of the type `schema` gives.
pub(crate) fn fits_alone(raw: &str, schema: &Value) -> bool {
    typed(raw, schema).is_some()
}

/// `raw` as a value of the type `schema` gives, or None when it is not one.
fn typed(raw: &str, schema: &Value) -> Option<Value> {
    let kinds = kinds(schema);
    let unquoted = unquote(raw);
    if kinds.is_empty() {
        return Some(serde_json::from_str(raw).unwrap_or_else(|_| Value::String(unquoted.into())));
    }
    for kind in &kinds {
        let value = match *kind {
            "integer" => unquoted.parse::<i64>().ok().map(Value::from),
            "number" => unquoted
                .parse::<f64>()
                .ok()
                .and_then(Number::from_f64)
                .map(Value::Number),
            "boolean" => match unquoted.to_ascii_lowercase().as_str() {
                "true" => Some(Value::Bool(true)),
                "false" => Some(Value::Bool(false)),
                _ => None,
            },
            "array" | "object" => crate::lenient::whole(raw).filter(|v| match *kind {
                "array" => v.is_array(),
                _ => v.is_object(),
            }),
            "null" => (unquoted == "null" || unquoted == "None").then_some(Value::Null),
            _ => None,
        };
        if value.is_some() {
            return value;
        }
    }
    kinds
        .contains(&"string")
        .then(|| Value::String(unquoted.to_owned()))
}

/// `raw` without one pair of matching quotes around it.
fn unquote(raw: &str) -> &str {
    for quote in ['"', '\''] {
        if raw.len() >= 2
            && let Some(inner) = raw.strip_prefix(quote).and_then(|r| r.strip_suffix(quote))
        {
            return inner;
        }
    }
    raw
}

#[cfg(test)]
mod tests {
    use pretty_assertions::assert_eq;
    use serde_json::json;

    use super::*;

    #[test]
    fn keys_spelled_in_another_case_or_with_other_separators_take_the_schema_s_spelling() {
        let object = |value: Value| value.as_object().cloned().unwrap_or_default();
        let mut arguments =
            object(json!({"Path": "/", "pathPrefix": "/v", "LINES": "5", "other": 1}));
        coerce(&mut arguments, &schema());
        assert_eq!(
            Value::Object(arguments),
            json!({"path": "/", "path_prefix": "/v", "lines": 5, "other": 1})
        );
        // The schema's own key already given: the other spelling stays, for the tool's error.
        let mut arguments = object(json!({"path": "/", "PATH": "/etc"}));
        coerce(&mut arguments, &schema());
        assert_eq!(
            Value::Object(arguments),
            json!({"path": "/", "PATH": "/etc"})
        );
    }

    fn schema() -> Map<String, Value> {
        json!({
            "path": {"type": "string"},
            "path_prefix": {"type": "string"},
            "lines": {"type": "integer"},
            "follow": {"type": "boolean"},
            "ratio": {"type": ["number", "null"]},
            "tags": {"type": "array", "items": {"type": "string"}},
            "command": {"type": "string"},
        })
        .as_object()
        .cloned()
        .unwrap_or_default()
    }

    #[test]
    fn pairs_every_separator_typed_by_the_schema() {
        let want = json!({"path": "/etc/hosts", "lines": 5});
        for text in [
            "path=/etc/hosts, lines=5",
            "path=/etc/hosts lines=5",
            "path=/etc/hosts; lines=5",
            "path=/etc/hosts&lines=5",
            "  path = /etc/hosts ,\n lines = 5 ",
            "path=\"/etc/hosts\", lines='5'",
            "lines=5 path=/etc/hosts",
        ] {
            assert_eq!(
                read(text, &schema()).map(Value::Object),
                Some(want.clone()),
                "{text}"
            );
        }
        assert_eq!(
            read(
                "path_prefix=/var follow=True ratio=0.5 tags=[\"a\", \"b\"]",
                &schema()
            )
            .map(Value::Object),
            Some(json!({"path_prefix": "/var", "follow": true, "ratio": 0.5, "tags": ["a", "b"]}))
        );
        assert_eq!(
            read("command=ls --color=auto -la, lines=2", &schema()).map(Value::Object),
            Some(json!({"command": "ls --color=auto -la", "lines": 2})),
            "an `=` inside a value that names no property is the value's"
        );
    }

    #[test]
    fn values_of_the_other_type_are_coerced_when_unambiguous() {
        let mut arguments = json!({
            "lines": "50",
            "follow": "True",
            "ratio": "0.5",
            "path": 42,
            "path_prefix": "/var",
            "tags": "a,b",
            "unknown": "7",
        })
        .as_object()
        .cloned()
        .unwrap_or_default();
        coerce(&mut arguments, &schema());
        assert_eq!(
            Value::Object(arguments),
            json!({
                "lines": 50,
                "follow": true,
                "ratio": 0.5,
                "path": 42,
                "path_prefix": "/var",
                "tags": "a,b",
                "unknown": "7",
            })
        );
        let mut whole = json!({"lines": 50.0})
            .as_object()
            .cloned()
            .unwrap_or_default();
        coerce(&mut whole, &schema());
        assert_eq!(Value::Object(whole), json!({"lines": 50}));
        let mut fraction = json!({"lines": 2.5})
            .as_object()
            .cloned()
            .unwrap_or_default();
        coerce(&mut fraction, &schema());
        assert_eq!(Value::Object(fraction), json!({"lines": 2.5}));
        let mut wrong = json!({"lines": "fifty", "follow": "maybe", "ratio": ""})
            .as_object()
            .cloned()
            .unwrap_or_default();
        let before = wrong.clone();
        coerce(&mut wrong, &schema());
        assert_eq!(wrong, before, "left for the schema's error");
    }

    #[test]
    fn a_list_of_one_value_is_the_value_where_the_argument_takes_no_list() {
        let mut arguments = json!({
            "path": ["/var"],
            "lines": [" 50 "],
            "follow": [true],
            "ratio": [0.5],
            "tags": ["a"],
            "command": ["ls", "-la"],
            "path_prefix": [["/var"]],
        })
        .as_object()
        .cloned()
        .unwrap_or_default();
        coerce(&mut arguments, &schema());
        assert_eq!(
            Value::Object(arguments),
            json!({
                "path": "/var",
                "lines": 50,
                "follow": true,
                "ratio": 0.5,
                "tags": ["a"],
                // Two values are never joined into one command line, nor a list nested.
                "command": ["ls", "-la"],
                "path_prefix": [["/var"]],
            })
        );
        // A text for a list is never split into one.
        let mut text = json!({"tags": "a b", "command": {"program": "ls"}, "lines": [5, 6]})
            .as_object()
            .cloned()
            .unwrap_or_default();
        let before = text.clone();
        coerce(&mut text, &schema());
        assert_eq!(text, before);
    }

    #[test]
    fn a_value_of_another_type_is_named_with_the_type_its_argument_takes() {
        for (arguments, name, wanted, given) in [
            (
                json!({"lines": "fifty"}),
                "lines",
                "an integer",
                "the string \"fifty\"",
            ),
            (
                json!({"lines": 2.5}),
                "lines",
                "an integer",
                "the number 2.5",
            ),
            (
                json!({"follow": "maybe"}),
                "follow",
                "a boolean",
                "the string \"maybe\"",
            ),
            (
                json!({"path": {"dir": "/etc"}}),
                "path",
                "a string",
                "the object {\"dir\":\"/etc\"}",
            ),
            (
                json!({"command": ["ls", "-la"]}),
                "command",
                "a string",
                "the list [\"ls\",\"-la\"]",
            ),
            (json!({"path": 42}), "path", "a string", "the number 42"),
            (
                json!({"tags": "a,b"}),
                "tags",
                "a list",
                "the string \"a,b\"",
            ),
            (
                json!({"ratio": true}),
                "ratio",
                "a number",
                "the boolean true",
            ),
        ] {
            let mut object = arguments.as_object().cloned().unwrap_or_default();
            coerce(&mut object, &schema());
            let why = mismatch(&object, &schema()).unwrap_or_default();
            assert!(
                why.starts_with(&format!("the argument \"{name}\" takes {wanted}")),
                "{arguments}: {why}"
            );
            assert!(
                why.contains(&format!("but {given} was given")),
                "{arguments}: {why}"
            );
        }
        for arguments in [
            json!({"lines": "50", "follow": "false", "path": ["/"]}),
            json!({"ratio": null, "unknown": {"a": 1}}),
            json!({}),
        ] {
            let mut object = arguments.as_object().cloned().unwrap_or_default();
            coerce(&mut object, &schema());
            assert_eq!(mismatch(&object, &schema()), None, "{arguments}");
        }
        // A long value is cut; a schema that leaves the type unknown is not judged.
        let long = json!({"lines": "x".repeat(500)});
        let why = mismatch(long.as_object().unwrap_or(&Map::new()), &schema()).unwrap_or_default();
        assert!(why.len() < 400, "{why}");
        let unknown = json!({"mode": {"anyOf": [{"$ref": "#/$defs/Mode"}, {"type": "null"}]}});
        let given = json!({"mode": 5});
        assert_eq!(
            mismatch(
                given.as_object().unwrap_or(&Map::new()),
                unknown.as_object().unwrap_or(&Map::new())
            ),
            None
        );
        let optional = json!({"tail": {"anyOf": [{"type": "integer"}, {"type": "null"}]}});
        let mut quoted = json!({"tail": "20"})
            .as_object()
            .cloned()
            .unwrap_or_default();
        coerce(&mut quoted, optional.as_object().unwrap_or(&Map::new()));
        assert_eq!(Value::Object(quoted), json!({"tail": 20}));
    }

    #[test]
    fn anything_the_schema_does_not_settle_stays_text() {
        for text in [
            "",
            "/etc/hosts",
            "the file path=/etc/hosts",
            "path=/etc/hosts, size=5",
            "path=/a path=/b",
            "lines=five",
            "follow=maybe",
            "tags=a,b",
            "path==/etc",
            "{\"path\": \"/etc",
            "xpath=/etc",
        ] {
            assert_eq!(read(text, &schema()), None, "{text}");
        }
        assert_eq!(
            read(&format!("path={}", "a".repeat(MAX_BYTES)), &schema()),
            None
        );
    }
}
