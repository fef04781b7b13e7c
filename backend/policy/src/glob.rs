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

#[cfg(test)]
mod tests {
    use super::matches;

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
