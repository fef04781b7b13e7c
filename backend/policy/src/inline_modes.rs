//! The modes and attributes inline code sets, as the programs that set them would be given
//! them (`inline_code.rs` judges the lines): a mode written in decimal (`os.chmod(P, 448)`
//! is `chmod 700 P`), as `stat` constants (`stat.S_IRWXU`, `fs.constants.S_IRWXU`) or quoted
//! (`"0700"`, ruby's `"go="`); an extended attribute set by a call or an assignment
//! (`os.setxattr(P, "security.capability", V)`, `xattr.xattr(P).set(…)`, perl's
//! `setfattr(P, "capability", V, {namespace => "security"})`, ruby's `Xattr.new(P)[N] = V`,
//! node's `xattr.setSync(P, N, V)`) is `setfattr -n NAME -v … P`.

/// The permission bits of `stat`'s constants (python's `stat`, node's `fs.constants`, perl's
/// `Fcntl ':mode'`, ruby's `File::Stat` has none).
const STAT_BITS: &[(&str, u32)] = &[
    ("S_ISUID", 0o4000),
    ("S_ISGID", 0o2000),
    ("S_ISVTX", 0o1000),
    ("S_IRWXU", 0o700),
    ("S_IRUSR", 0o400),
    ("S_IWUSR", 0o200),
    ("S_IXUSR", 0o100),
    ("S_IRWXG", 0o070),
    ("S_IRGRP", 0o040),
    ("S_IWGRP", 0o020),
    ("S_IXGRP", 0o010),
    ("S_IRWXO", 0o007),
    ("S_IROTH", 0o004),
    ("S_IWOTH", 0o002),
    ("S_IXOTH", 0o001),
];

/// The modes `code` may give, as chmod writes them, from its `numbers` (outside strings) and
/// its quoted `texts`: each number with a leading 0 as written in octal (`0o777`, `0755`),
/// each other as the decimal number it is (`448` is `700`), the `stat` constants it names together,
/// and each quoted mode (`"0700"`, `"u+x"`, `"go="`).
pub fn modes(code: &str, numbers: &[String], texts: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for number in numbers {
        // Without a leading 0 a number is decimal in every interpreter.
        if !number.starts_with('0') {
            if let Ok(value) = number.parse::<u32>() {
                out.push(format!("{:o}", value & 0o7777));
            }
            continue;
        }
        let digits = number.trim_start_matches("0o").trim_start_matches("0O");
        if digits.chars().all(|c| ('0'..='7').contains(&c)) && digits.len() <= 5 {
            out.push(if digits.is_empty() { "0" } else { digits }.to_owned());
        }
    }
    let named: u32 = STAT_BITS
        .iter()
        .filter(|(name, _)| code.contains(name))
        .fold(0, |bits, (_, bit)| bits | bit);
    if named != 0 {
        out.push(format!("{named:04o}"));
    }
    out.extend(texts.iter().filter(|t| is_mode(t)).cloned());
    out.dedup();
    out
}

/// Whether a quoted text is a mode chmod reads: octal digits (`"0700"`, `"755"`) or symbolic
/// clauses (`"u+x"`, `"go="`, `"a-rwx,u+r"`).
fn is_mode(text: &str) -> bool {
    if text.is_empty() {
        return false;
    }
    if text.chars().all(|c| c.is_digit(8)) {
        return (3..=5).contains(&text.len());
    }
    text.split(',').all(|clause| {
        let Some(at) = clause.find(['+', '-', '=']) else {
            return false;
        };
        clause[..at].chars().all(|c| "ugoa".contains(c))
            && clause[at..].chars().all(|c| "+-=rwxXstugo".contains(c))
    })
}

/// Names of extended attributes, by their namespace.
const NAMESPACES: &[&str] = &["security.", "system.", "trusted.", "user."];

/// The `setfattr` lines for each attribute `code` sets on each path of `paths` (an unnamed
/// file where it quotes none): where it calls a setter (a name with `set` in it: `setxattr`,
/// `lsetxattr`, `setfattr`, `setSync`, `.set(`) or assigns through an index (`[N] = V`), each
/// attribute name it quotes (perl's `File::ExtAttr` gives the namespace apart: `"capability"`
/// with `namespace => "security"`).
pub fn attributes_set(code: &str, texts: &[String], paths: &[String]) -> Vec<String> {
    if !sets_something(code) {
        return Vec::new();
    }
    let namespaces: Vec<&str> = NAMESPACES
        .iter()
        .map(|n| n.trim_end_matches('.'))
        .filter(|n| texts.iter().any(|t| t == n))
        .collect();
    let mut names: Vec<String> = texts
        .iter()
        .filter(|t| {
            let lower = t.to_ascii_lowercase();
            NAMESPACES.iter().any(|n| lower.starts_with(n)) && !t.contains(char::is_whitespace)
        })
        .cloned()
        .collect();
    for namespace in &namespaces {
        names.extend(
            texts
                .iter()
                .filter(|t| {
                    !t.is_empty()
                        && !NAMESPACES
                            .iter()
                            .any(|n| n.trim_end_matches('.') == t.as_str())
                        && t.chars()
                            .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
                })
                .map(|t| format!("{namespace}.{t}")),
        );
    }
    let unnamed = ["FILE".to_owned()];
    let files = if paths.is_empty() {
        &unnamed[..]
    } else {
        paths
    };
    names
        .iter()
        .flat_map(|name| {
            files.iter().map(move |file| {
                format!(
                    "setfattr -n {} -v 0x01 {file}",
                    crate::inline_code::quoted(name)
                )
            })
        })
        .collect()
}

/// Whether the code calls a name with `set` in it, or assigns through an index.
fn sets_something(code: &str) -> bool {
    let identifiers = code.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'));
    let calls = identifiers
        .into_iter()
        .any(|word| word.to_ascii_lowercase().contains("set"));
    let compact: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    calls || (compact.contains("]=") && !compact.contains("]=="))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owned(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| (*w).to_owned()).collect()
    }

    #[test]
    fn decimal_constant_and_quoted_modes_are_octal() {
        assert!(modes("", &owned(&["448"]), &[]).contains(&"700".to_owned()));
        assert!(modes("", &owned(&["0o700"]), &[]).contains(&"700".to_owned()));
        assert_eq!(modes("stat.S_IRWXU | stat.S_IRGRP", &[], &[]), ["0740"]);
        assert_eq!(
            modes("", &[], &owned(&["0700", "/etc", "go="])),
            ["0700", "go="]
        );
        assert!(modes("", &[], &owned(&["hello", "a-b"])).is_empty());
    }

    #[test]
    fn attributes_set_by_calls_or_assignments() {
        let texts = owned(&["/usr/bin/python3", "security.capability", "\u{1}"]);
        let paths = owned(&["/usr/bin/python3"]);
        assert_eq!(
            attributes_set("os.setxattr(...)", &texts, &paths),
            ["setfattr -n security.capability -v 0x01 /usr/bin/python3"]
        );
        let perl = owned(&["/bin/sh", "capability", "x", "security"]);
        assert!(
            attributes_set("setfattr(...)", &perl, &owned(&["/bin/sh"]))
                .contains(&"setfattr -n security.capability -v 0x01 /bin/sh".to_owned())
        );
        assert!(!attributes_set("x[\"security.capability\"] = v", &texts, &paths).is_empty());
        assert!(attributes_set("os.getxattr(...)", &texts, &paths).is_empty());
    }
}
