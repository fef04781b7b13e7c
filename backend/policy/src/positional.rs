//! A shell script's positional parameters written into its text: `sh -c 'mytool "$1"' _
//! /etc/passwd` runs `mytool /etc/passwd`, `echo 'rm -f "$1"' | sh -s /etc/passwd` runs `rm -f
//! /etc/passwd`. With the values written in, the script is judged as what it runs, at every
//! level, as the same line typed out would be. Every spelling that reads the parameters as
//! given is written: `$1`, `${1}`, `$@`, `${@}`, `$*`, `${*}`, `${@:N}`, `${*:N}`, `$#`, in
//! double quotes or not; inside single quotes nothing expands (`awk '{print $1}'` is awk's).
//! A script that may change its parameters (`shift`, `set`, `getopts`, a function, whose `$1`
//! is its own) or reads them in a form not written here (`${1:-x}`, `${#1}`) is left as it is.

/// Words a script changes its parameters with, or runs its own parameters under.
const CHANGERS: &[&str] = &["shift", "set", "getopts", "function"];

/// `text` with `$0` as `name` (when given) and `$1`… as `args`, or `None` where the script
/// may read other values than these (see the module's comment). A loop over the parameters
/// (`for f; do`, `for f do`) is written as the loop over `"$@"` it is.
pub fn written_in(text: &str, name: Option<&str>, args: &[String]) -> Option<String> {
    if changes_parameters(text) {
        return None;
    }
    let text = crate::loops::over_parameters_spelled_out(text);
    expanded(&text, |rest| {
        let Ok((read, used)) = parameter(rest)? else {
            return Some(None);
        };
        Some(
            read.values(name, args)
                .map(|values| (values, read.joined(), used)),
        )
    })
}

/// What one expansion gives, where `rest` (the text after a `$`) starts with one `expanded`
/// writes: `None` for another variable's; `Some(None)` for one read in a form not written
/// (the whole text is then not written); else its values, whether they are joined into one
/// word, and how many characters after the `$` it takes.
pub(crate) type Expansion = Option<Option<(Vec<String>, bool, usize)>>;

/// `text` with the expansions `lookup` knows written as their values, as the shell gives them
/// (`written`); inside single quotes nothing expands. `None` where `lookup` finds one it
/// cannot write.
pub(crate) fn expanded(text: &str, lookup: impl Fn(&[char]) -> Expansion) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let (mut single, mut double) = (false, false);
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        match c {
            '\\' if !single => {
                out.push(c);
                if let Some(&next) = chars.get(i + 1) {
                    out.push(next);
                }
                i += 2;
                continue;
            }
            '\'' if !double => single = !single,
            '"' if !single => double = !double,
            '$' if !single => {
                if let Some(found) = lookup(&chars[i + 1..]) {
                    let (values, joined, used) = found?;
                    out.push_str(&written(&values, joined, double));
                    i += 1 + used;
                    continue;
                }
            }
            _ => {}
        }
        out.push(c);
        i += 1;
    }
    Some(out)
}

/// Whether the script may give its parameters other values than the ones it is given, or
/// defines a function (whose `$1` is its own argument).
fn changes_parameters(text: &str) -> bool {
    let words = text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'));
    words.into_iter().any(|word| CHANGERS.contains(&word)) || text.contains("()")
}

/// Which parameters one expansion reads.
#[derive(Debug, PartialEq, Eq)]
enum Read {
    /// `$N`, `${N}`.
    One(usize),
    /// `$@`, `${@}`, `${@:N}`: each from N on, a word of its own.
    Each(usize),
    /// `$*`, `${*}`, `${*:N}`: each from N on, joined by a blank.
    Joined(usize),
    /// `$#`.
    Count,
}

impl Read {
    /// The values read, `$0` being `name`; `None` where `$0` is read and not given.
    fn values(&self, name: Option<&str>, args: &[String]) -> Option<Vec<String>> {
        let all: Vec<&str> = name
            .into_iter()
            .chain(args.iter().map(String::as_str))
            .collect();
        // `$N` is `all[N]` where a name is given; without one the list starts at `$1`.
        let index = |n: usize| n.checked_sub(usize::from(name.is_none()));
        match self {
            Read::One(n) => Some(vec![all.get(index(*n)?).copied().unwrap_or("").to_owned()]),
            Read::Each(from) | Read::Joined(from) => Some(
                all.iter()
                    .skip(index(*from)?)
                    .map(|v| (*v).to_owned())
                    .collect(),
            ),
            Read::Count => Some(vec![args.len().to_string()]),
        }
    }

    fn joined(&self) -> bool {
        matches!(self, Read::Joined(_) | Read::One(_) | Read::Count)
    }
}

/// The expansion `rest` (what follows a `$`) starts with and how many characters it takes:
/// `None` for another variable's, `Some(Err(()))` for a parameter read in a form not written
/// here.
fn parameter(rest: &[char]) -> Option<Result<(Read, usize), ()>> {
    let read = match rest.first()? {
        c @ '0'..='9' => (Read::One(c.to_digit(10)? as usize), 1),
        '@' => (Read::Each(1), 1),
        '*' => (Read::Joined(1), 1),
        '#' => (Read::Count, 1),
        '{' => {
            let Some(close) = rest.iter().position(|c| *c == '}') else {
                return Some(Err(()));
            };
            let inner: String = rest[1..close].iter().collect();
            return braced(&inner).map(|read| read.map(|read| (read, close + 1)));
        }
        _ => return None,
    };
    Some(Ok(read))
}

/// `${…}`'s inside: `N`, `@`, `*`, `@:N`, `*:N` read the parameters as given; any other form
/// of a parameter (`${1:-x}`, `${#}`, `${@/a/b}`) is not written; another name is none.
fn braced(inner: &str) -> Option<Result<Read, ()>> {
    let head_end = inner
        .find(|c: char| !(c.is_ascii_digit() || c == '@' || c == '*'))
        .unwrap_or(inner.len());
    let (head, tail) = inner.split_at(head_end);
    let parameter = head == "@" || head == "*" || head.chars().all(|c| c.is_ascii_digit());
    if head.is_empty() && !inner.starts_with(['#', '!']) {
        return None;
    }
    if !parameter || head.is_empty() {
        return Some(Err(()));
    }
    let from = match tail.strip_prefix(':') {
        None if tail.is_empty() => None,
        Some(from) => match from.trim().parse::<usize>() {
            Ok(from) => Some(from),
            Err(_) => return Some(Err(())),
        },
        None => return Some(Err(())),
    };
    Some(match (head, from) {
        ("@", from) => Ok(Read::Each(from.unwrap_or(1))),
        ("*", from) => Ok(Read::Joined(from.unwrap_or(1))),
        (digits, None) => digits.parse().map(Read::One).map_err(|_| ()),
        _ => Err(()),
    })
}

/// The values as the shell gives them to the command: in double quotes each escaped (one word,
/// or one word each for `"$@"`); outside quotes split at blanks, each field quoted except for
/// its wildcards, which the shell still expands.
fn written(values: &[String], joined: bool, quoted: bool) -> String {
    if quoted {
        let escaped: Vec<String> = values.iter().map(|v| in_double_quotes(v)).collect();
        return escaped.join(if joined { " " } else { "\" \"" });
    }
    values
        .iter()
        .flat_map(|v| v.split_whitespace())
        .map(field)
        .collect::<Vec<_>>()
        .join(" ")
}

fn in_double_quotes(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        if matches!(c, '\\' | '"' | '$' | '`') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// One field of an unquoted expansion: its wildcards stay wildcards, anything else is literal.
fn field(value: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "/._-+,:@%=*?[]".contains(c);
    if value.chars().all(plain) {
        value.to_owned()
    } else {
        crate::inline_code::quoted(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| (*w).to_owned()).collect()
    }

    #[test]
    fn every_spelling_of_a_parameter_is_its_value() {
        let given = args(&["/etc/passwd"]);
        for text in [
            "mytool \"$1\"",
            "mytool $1",
            "mytool ${1}",
            "mytool \"${1}\"",
            "mytool \"$@\"",
            "mytool \"${@}\"",
            "mytool \"${@:1}\"",
            "mytool \"$*\"",
            "mytool ${*}",
        ] {
            let written = written_in(text, Some("_"), &given);
            assert!(
                matches!(
                    written.as_deref(),
                    Some("mytool \"/etc/passwd\"" | "mytool /etc/passwd")
                ),
                "{text}: {written:?}"
            );
        }
    }

    #[test]
    fn each_parameter_is_a_word_of_its_own_in_quoted_at() {
        let given = args(&["a b", "c"]);
        assert_eq!(
            written_in("ls \"$@\"", Some("x"), &given).as_deref(),
            Some("ls \"a b\" \"c\"")
        );
        assert_eq!(
            written_in("ls \"$*\"", Some("x"), &given).as_deref(),
            Some("ls \"a b c\"")
        );
        assert_eq!(
            written_in("rm $1", Some("x"), &args(&["-rf /"])).as_deref(),
            Some("rm -rf /")
        );
        assert_eq!(
            written_in("echo $0 \"${@:2}\" $#", Some("x"), &given).as_deref(),
            Some("echo x \"c\" 2")
        );
    }

    #[test]
    fn without_a_name_the_first_value_is_one() {
        assert_eq!(
            written_in("rm -f \"$1\"", None, &args(&["/etc/passwd"])).as_deref(),
            Some("rm -f \"/etc/passwd\"")
        );
        assert_eq!(written_in("echo $0", None, &args(&["a"])), None);
    }

    #[test]
    fn single_quotes_and_other_variables_are_left_alone() {
        assert_eq!(
            written_in("awk '{print $1}' \"$1\" $HOME", Some("_"), &args(&["f"])).as_deref(),
            Some("awk '{print $1}' \"f\" $HOME")
        );
    }

    #[test]
    fn scripts_that_change_their_parameters_are_not_written() {
        let given = args(&["a"]);
        assert_eq!(written_in("shift; rm \"$1\"", Some("_"), &given), None);
        assert_eq!(written_in("set -- b; rm \"$1\"", Some("_"), &given), None);
        assert_eq!(
            written_in("f() { rm \"$1\"; }; f b", Some("_"), &given),
            None
        );
        assert_eq!(written_in("rm \"${1:-/}\"", Some("_"), &given), None);
    }
}
