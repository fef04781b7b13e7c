//! PHP's dumps of arrays and objects, as a PHP application's debug output, `wp eval`, `php -r`
//! or Nextcloud's `occ` print them: `print_r`'s `[password] => x` and `var_dump`'s
//! `["password"]=>` followed by `string(13) "x"` (on the same line or the next). A member named
//! for a secret loses its value; nested arrays and objects (`Array`, `stdClass Object`), numbers
//! and booleans stay, and so do other members.

use crate::REDACTED;

/// `text` with the values of secret-named members of PHP's dumps hidden.
pub(crate) fn redact_php_dumps(text: &str) -> String {
    if !text.contains("=>") {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    // Whether the line before was var_dump's `["password"]=>` alone, its value on this line.
    let mut pending = false;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let ending = &line[body.len()..];
        let mut redacted = String::new();
        let mut rest = body;
        if pending {
            if let Some((head, tail)) = dumped_string(rest) {
                redacted.push_str(&head);
                redacted.push_str(tail);
                out.push_str(&redacted);
                out.push_str(ending);
                pending = false;
                continue;
            }
            pending = false;
        }
        // var_dump's members, several on a line when the dump was joined (`{ ["user"]=> ...
        // ["password"]=> string(13) "x" }`).
        while let Some(at) = rest.find("]=>") {
            let (before, after) = rest.split_at(at + 3);
            redacted.push_str(before);
            rest = after;
            if !var_dump_key(before) {
                continue;
            }
            if rest.trim().is_empty() {
                pending = true;
            } else if let Some((head, tail)) = dumped_string(rest) {
                redacted.push_str(&head);
                rest = tail;
            }
        }
        redacted.push_str(rest);
        let redacted = print_r_member(&redacted).unwrap_or(redacted);
        out.push_str(&redacted);
        out.push_str(ending);
    }
    out
}

/// Whether the text before `]=>` ends in var_dump's key named for a secret (`["password"`,
/// `["dbpassword":protected`, `["token":"App\Config":private`).
fn var_dump_key(before: &str) -> bool {
    let Some(open) = before.rfind("[\"") else {
        return false;
    };
    let key = &before[open + 2..before.len() - 3];
    let name = key.split('"').next().unwrap_or(key);
    crate::names::is_secret_name(name)
}

/// var_dump's dumped string at the start of `rest` (`string(13) "x"`, after blanks): the text
/// up to its opening quote with the value hidden, and what follows its closing quote.
fn dumped_string(rest: &str) -> Option<(String, &str)> {
    let trimmed = rest.trim_start();
    let lead = &rest[..rest.len() - trimmed.len()];
    let after = trimmed.strip_prefix("string(")?;
    let close = after.find(')')?;
    let length: usize = after[..close].parse().ok()?;
    let quoted = after[close + 1..].strip_prefix(" \"")?;
    // The value is as long as var_dump says, in bytes; a quote inside it is its own.
    let value_end = if quoted.len() > length && quoted.as_bytes()[length] == b'"' {
        length
    } else {
        quoted.find('"')?
    };
    if !quoted.is_char_boundary(value_end) {
        return None;
    }
    let head = format!("{lead}string({}) \"{REDACTED}\"", &after[..close]);
    Some((head, &quoted[value_end + 1..]))
}

/// print_r's member `[password] => x` on `line`, its value hidden; `None` where the line is
/// not one, the member is not named for a secret, or its value is a nested dump (`Array`,
/// `stdClass Object`) or empty.
fn print_r_member(line: &str) -> Option<String> {
    let trimmed = line.trim_start();
    let inner = trimmed.strip_prefix('[')?;
    let (key, value) = inner.split_once("] => ")?;
    let name = key.split(':').next().unwrap_or(key);
    if !crate::names::is_secret_name(name) {
        return None;
    }
    let value = value.trim_end();
    if value.is_empty()
        || value == "Array"
        || value.ends_with(" Object")
        || value.parse::<f64>().is_ok()
    {
        return None;
    }
    let start = line.len() - trimmed.len() + 1 + key.len() + "] => ".len();
    Some(format!("{}{REDACTED}", &line[..start]))
}

#[cfg(test)]
mod tests {
    use super::redact_php_dumps;

    #[test]
    fn secret_members_of_dumps_go() {
        for (text, expected) in [
            (
                "array(2) { [\"user\"]=> string(3) \"app\" [\"password\"]=> string(13) \"Tulipgarden42\" }",
                "array(2) { [\"user\"]=> string(3) \"app\" [\"password\"]=> string(13) \"[redacted]\" }",
            ),
            (
                "  [\"dbpassword\"]=>\n  string(13) \"Tulipgarden42\"\n",
                "  [\"dbpassword\"]=>\n  string(13) \"[redacted]\"\n",
            ),
            (
                "  [\"secret\":protected]=>\n  string(5) \"a\"b\"c\"\n",
                "  [\"secret\":protected]=>\n  string(5) \"[redacted]\"\n",
            ),
            (
                "    [password] => Tulipgarden42\n    [api_key] => Zx9Qk2LmP4aaBBcc\n",
                "    [password] => [redacted]\n    [api_key] => [redacted]\n",
            ),
        ] {
            assert_eq!(redact_php_dumps(text), expected);
        }
    }

    #[test]
    fn other_members_and_lines_stay() {
        for text in [
            "array(2) {\n  [\"user\"]=>\n  string(3) \"app\"\n  [\"port\"]=>\n  int(5432)\n}\n",
            "    [user] => app\n    [password] => Array\n    [token] => 0\n    [secret] => \n",
            "  [\"password\"]=>\n  NULL\n",
            "  [\"password\"]=>\n  bool(false)\n",
            "'password' => $password,",
            "[67210.114507] docker0: port 1(veth1a2b) entered blocking state",
            "$map = [\"a\" => 1];",
        ] {
            assert_eq!(redact_php_dumps(text), text);
        }
    }
}
