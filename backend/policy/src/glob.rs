//! Shell-style wildcards for rule patterns: `*` matches any run of characters (slashes
//! included, so `/etc/*` covers the whole tree), `?` one character; everything else is literal.

/// Whether `text` matches `pattern` as a whole.
pub fn matches(pattern: &str, text: &str) -> bool {
    let pattern: Vec<char> = pattern.chars().collect();
    let text: Vec<char> = text.chars().collect();
    // Iterative with one backtrack point: linear in practice, never exponential.
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match pattern.get(p) {
            Some('*') => {
                star = Some((p, t));
                p += 1;
            }
            Some(&c) if c == '?' || c == text[t] => {
                p += 1;
                t += 1;
            }
            _ => match star {
                Some((star_p, star_t)) => {
                    p = star_p + 1;
                    t = star_t + 1;
                    star = Some((star_p, star_t + 1));
                }
                None => return false,
            },
        }
    }
    pattern[p..].iter().all(|&c| c == '*')
}

/// A shell pattern in the syntax of [`matches`]: each bracket expression (`[abc]`, `[!a]`,
/// `[]a]`) stands for one character, as `?` does, which matches everything it matches and
/// more. A `[` with no closing `]` is a literal character to the shell, and is kept so.
pub fn bracketless(pattern: &str) -> String {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::with_capacity(pattern.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '[' {
            // A `]` right after `[` or `[!`/`[^` is a member, not the end.
            let mut end = i + 1;
            if matches!(chars.get(end), Some('!' | '^')) {
                end += 1;
            }
            if chars.get(end) == Some(&']') {
                end += 1;
            }
            if let Some(close) = chars[end.min(chars.len())..].iter().position(|&c| c == ']') {
                out.push('?');
                i = end + close + 1;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{bracketless, matches};

    #[test]
    fn bracket_expressions_stand_for_one_character() {
        assert_eq!(bracketless("/etc/[s]hadow"), "/etc/?hadow");
        assert_eq!(bracketless(".[e]nv"), ".?nv");
        assert_eq!(bracketless("id_[!x]sa"), "id_?sa");
        assert_eq!(bracketless("a[]b]c"), "a?c");
        assert_eq!(bracketless("a[bc"), "a[bc");
        assert!(matches(&bracketless("/srv/app/.[e]nv"), "/srv/app/.env"));
    }

    #[test]
    fn wildcards() {
        assert!(matches("warden*", "warden"));
        assert!(matches("warden*", "warden-web"));
        assert!(!matches("warden*", "my-warden"));
        assert!(matches("*postgres*", "db-postgres-1"));
        assert!(matches("/etc/*", "/etc/ssh/sshd_config"));
        assert!(!matches("/etc/*", "/etcetera"));
        assert!(matches("iptables -?", "iptables -F"));
        assert!(!matches("iptables -?", "iptables -L x"));
        assert!(matches("a*b*c", "a-b-b-c"));
        assert!(!matches("a*b*c", "a-b-b-"));
        assert!(matches("", ""));
        assert!(!matches("", "x"));
        assert!(matches(&"*a".repeat(20), &"a".repeat(40)));
    }
}
