//! Inline code that lists a directory and deletes, empties or overwrites what it finds
//! (`[open(f, "w").close() for f in os.listdir(".")]`, perl's `unlink readdir D`, node's
//! `readdirSync(".").forEach(f => unlinkSync(f))`) does to each file there what `rm -f *` or
//! `: > *` does: the listing names no file, so the line is judged as that wildcard of the
//! directory listed (`*` where the line starts, `DIR/*` for a directory the code names).

/// Calls and operators that list a directory's names.
const LISTERS: &[&str] = &[
    "listdir",
    "scandir",
    "iterdir",
    "readdir",
    "readdirSync",
    "opendir",
    "glob",
    "rglob",
    "walk",
    "entries",
    "children",
    "each_child",
    "foreach",
];

/// Listers that walk the whole tree below the directory, not its names alone.
const WALKERS: &[&str] = &["walk", "rglob", "fwalk"];

/// Calls that change the mode or the owner of the file they are given (the mode or owner is
/// in the code: any of them on every file of `/etc` or `/usr/bin` breaks the machine or gives
/// its secrets away).
const CHANGERS: &[(&str, &str)] = &[
    ("chmod", "chmod 000"),
    ("lchmod", "chmod 000"),
    ("chmodSync", "chmod 000"),
    ("chown", "chown nobody"),
    ("lchown", "chown nobody"),
    ("chownSync", "chown nobody"),
];

/// Calls that delete the file they are given.
const DELETERS: &[&str] = &[
    "remove",
    "unlink",
    "unlinkSync",
    "rmSync",
    "delete",
    "rm",
    "rm_f",
    "shred",
];

/// Calls that delete the whole tree they are given.
const TREE_DELETERS: &[&str] = &[
    "rmtree",
    "rm_rf",
    "rm_r",
    "remove_tree",
    "rimraf",
    "removedirs",
    "remove_dir_all",
];

/// Calls that empty or overwrite the file they are given.
const WRITERS: &[&str] = &[
    "truncate",
    "ftruncate",
    "truncateSync",
    "ftruncateSync",
    "writeFile",
    "write_text",
    "write_bytes",
    "writeFileSync",
    "file_put_contents",
    "write",
    "binwrite",
    "spurt",
];

/// The identifiers of `code` (letters, digits, `_`).
fn identifiers(code: &str) -> impl Iterator<Item = &str> {
    code.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
}

/// Whether `code` opens a file for writing: a mode string `"w"`, `"wb"`, `"w+"` (or perl's
/// `">"` open), or `O_TRUNC`.
fn opens_for_writing(code: &str, literals: &[String]) -> bool {
    code.contains("O_TRUNC")
        || literals.iter().any(|l| {
            matches!(
                l.as_str(),
                "w" | "wb" | "w+" | "wb+" | "w+b" | "wt" | ">" | "+>"
            )
        })
}

/// The lines the listing and destroying `code` amounts to (`rm -f *`, `: > /etc/*`), given
/// the strings it holds; empty where it does not both list a directory and destroy.
pub fn destroyed_listings(code: &str, literals: &[String]) -> Vec<String> {
    let words: Vec<&str> = identifiers(code).collect();
    // `io.popen("ls")`, `` `ls` ``, `qx(find .)`: a listing program's output read as names.
    let angle_globs = angle_globs(code);
    let lists = words.iter().any(|w| LISTERS.contains(w))
        || !angle_globs.is_empty()
        || literals.iter().any(|l| {
            let program = l.split_whitespace().next().unwrap_or("");
            matches!(program, "ls" | "find" | "dir")
        });
    if !lists {
        return Vec::new();
    }
    let deletes_trees = words.iter().any(|w| TREE_DELETERS.contains(w));
    let deletes = words.iter().any(|w| DELETERS.contains(w));
    let writes = words.iter().any(|w| WRITERS.contains(w)) || opens_for_writing(code, literals);
    let changes: Vec<&str> = CHANGERS
        .iter()
        .filter(|(call, _)| words.contains(call))
        .map(|(_, command)| *command)
        .collect();
    if !deletes && !deletes_trees && !writes && changes.is_empty() {
        return Vec::new();
    }
    let recursive = if words.iter().any(|w| WALKERS.contains(w)) || code.contains("**") {
        "-R "
    } else {
        ""
    };
    // The patterns a glob call is given (`glob.glob("*.log")`, perl's `<*.log>`) are the
    // names listed as written.
    let is_pattern = |l: &str| l.contains(['*', '?', '[']) && !l.contains(char::is_whitespace);
    let globs = words
        .iter()
        .any(|w| matches!(*w, "glob" | "rglob" | "iglob"))
        || !angle_globs.is_empty();
    let mut patterns: Vec<String> = angle_globs;
    if globs {
        patterns.extend(literals.iter().filter(|l| is_pattern(l)).cloned());
    }
    // The directories the code names, and where the line starts where it names none (or
    // names `.`): which of them is listed the code alone decides. A filter on the names
    // (`if f.endswith(".log")`) narrows each listing to what it lets through.
    let filter = name_filter(code);
    let narrowed = |dir: &str| format!("{dir}/{}", filter.as_deref().unwrap_or("*"));
    let mut wildcards: Vec<String> = literals
        .iter()
        .filter(|l| l.starts_with('/') && !l.contains(char::is_whitespace) && !is_pattern(l))
        .map(|dir| narrowed(dir.trim_end_matches('/')))
        .collect();
    let names_none = wildcards.is_empty() && patterns.is_empty();
    if names_none || literals.iter().any(|l| matches!(l.as_str(), "." | "./")) {
        wildcards.push(filter.clone().unwrap_or_else(|| "*".to_owned()));
    }
    // A pattern naming everything in its directory (`glob "*"`, `glob("/etc/*")`) is narrowed
    // by the filter as a listing is.
    wildcards.extend(patterns.into_iter().map(|pattern| {
        match (&filter, pattern.strip_suffix('*')) {
            (Some(filter), Some(dir)) if dir.is_empty() || dir.ends_with('/') => {
                format!("{dir}{filter}")
            }
            _ => pattern,
        }
    }));
    let mut lines = Vec::new();
    for wildcard in wildcards {
        if deletes {
            lines.push(format!("rm -f {recursive}{wildcard}"));
        }
        if deletes_trees {
            lines.push(format!("rm -rf {wildcard}"));
        }
        if writes {
            lines.push(format!(": > {wildcard}"));
        }
        for command in &changes {
            lines.push(format!("{command} {recursive}{wildcard}"));
        }
    }
    lines
}

/// perl's glob operator's patterns (`<*>`, `<*.log>`, `</etc/*>`); a `<` `>` pair with no
/// wildcard between is a file handle or a comparison.
fn angle_globs(code: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = code;
    while let Some(open) = rest.find('<') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('>') else {
            break;
        };
        let inner = &after[..close];
        if inner.contains('*') && !inner.contains(char::is_whitespace) && !inner.contains('<') {
            found.push(inner.to_owned());
        }
        rest = after;
    }
    found
}

/// The one name filter of `code` as a wildcard (`f.endswith(".log")`, `endsWith('.log')`,
/// `p.suffix == ".log"`, perl's `/\.log$/` as `*.log`; `startswith("x")` as `x*`), where
/// every filter it holds is one of these with a plain text and nothing may negate or widen it
/// (`not`, `or`, `!`, `||`, `unless`, `else`): any other code keeps the whole listing.
fn name_filter(code: &str) -> Option<String> {
    // Comparisons and arithmetic may turn a filter's answer around (`== 0`, `< 1`, `1 -`),
    // and `reject` keeps what the filter refuses.
    const WIDENERS: &[&str] = &[
        "not ",
        " or ",
        "||",
        "!",
        "unless",
        "else",
        "?",
        "^",
        "False",
        "false",
        "==",
        "<",
        ">",
        " in (",
        " in [",
        " in {",
        " in \"",
        " in '",
        " is ",
        "-",
        "+",
        "~",
        "reject",
        "filterfalse",
        "difference",
        "exclude",
    ];
    // Only one listing: a second one (`…; [os.remove(g) for g in os.listdir(".")]`) may
    // delete what the first one's filter left.
    let listings = identifiers(
        &code
            .replace("glob.glob", "glob")
            .replace("glob.iglob", "glob"),
    )
    .filter(|w| LISTERS.contains(w))
    .count();
    let imports = code.matches("import glob").count();
    // perl's `opendir D, DIR` opens the directory its `readdir D` lists: one listing.
    let opened = identifiers(code)
        .filter(|w| *w == "opendir")
        .count()
        .min(identifiers(code).filter(|w| *w == "readdir").count());
    if listings.saturating_sub(imports + opened) > 1 {
        return None;
    }
    // The filters' own spellings (`suffix == `, ruby's `end_with?(`, an arrow function's
    // `=>`) are not widening.
    let plain = code
        .replace("end_with?(", "")
        .replace("start_with?(", "")
        .replace("suffix == ", "")
        .replace("suffix==", "")
        .replace("=>", "")
        .replace("{ /^", "{ /")
        .replace("&& /^", "&& /")
        .replace("and /^", "and /");
    if WIDENERS.iter().any(|w| plain.contains(w)) {
        return None;
    }
    // Only one call that destroys: a second one may act on the listing unfiltered.
    let destroying = identifiers(code)
        .filter(|w| {
            DELETERS.contains(w)
                || TREE_DELETERS.contains(w)
                || WRITERS.contains(w)
                || CHANGERS.iter().any(|(call, _)| call == w)
        })
        .count();
    if destroying > 1 {
        return None;
    }
    // A name folded to one case before it is tested (`f.lower().endswith(".log")`,
    // `f.toLowerCase().endsWith(".log")`) lets through the same names in any case: the files
    // the machine needs are named in lower case, so the lower-case text stands for them all.
    let folded = code
        .replace(".lower().", ".")
        .replace(".casefold().", ".")
        .replace(".toLowerCase().", ".")
        .replace(".downcase.", ".");
    let case_folded = folded.len() != code.len();
    let code = folded.as_str();
    let mut found = Vec::new();
    for (call, suffix) in [
        ("endswith(", true),
        ("endsWith(", true),
        ("end_with?(", true),
        ("startswith(", false),
        ("start_with?(", false),
        ("startsWith(", false),
        ("suffix == ", true),
        ("suffix==", true),
    ] {
        let called = !call.ends_with(' ') && !call.ends_with('=');
        for (at, _) in code.match_indices(call) {
            // The filter is the whole condition: `if f.endswith(".log")` ended by `]` or `:`,
            // `f => f.endsWith(".log")` by `)`, ruby's `|f| f.end_with?(".log")` by `}`; a
            // call inside anything else (`str(…)`, `[…]`, `max(…, 1)`) may mean anything.
            if !leads_a_condition(&code[..at]) {
                return None;
            }
            let rest = &code[at + call.len()..];
            let text = quoted_at(rest)?;
            let after = &rest[text.len() + 2..];
            let after = if called {
                after.strip_prefix(')')?
            } else {
                after
            };
            if !(after.trim_start().starts_with([']', ':', ')', '}']) || joins(after)) {
                return None;
            }
            let text = if case_folded {
                text.to_lowercase()
            } else {
                text
            };
            found.push((suffix, text));
        }
    }
    // perl's `grep { /\.log$/ }`: an escaped dot, a plain suffix, the end anchor, the whole
    // block.
    for (at, _) in code.match_indices("/\\.") {
        let before = code[..at].trim_end();
        if !(before.ends_with('{') || before.ends_with("&&") || before.ends_with(" and")) {
            return None;
        }
        let rest = &code[at + 3..];
        let end = rest.find("$/")?;
        let ext = &rest[..end];
        // `/\.log$/i` matches without regard to case: the lower-case text stands for it.
        let after = &rest[end + 2..];
        let (after, ext) = match after.strip_prefix('i') {
            Some(after) => (after, ext.to_lowercase()),
            None => (after, ext.to_owned()),
        };
        if ext.is_empty()
            || !ext.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            || !(after.trim_start().starts_with('}') || joins(after))
        {
            return None;
        }
        found.push((true, format!(".{ext}")));
    }
    // perl's `/^app/` after `{`, `&&` or `and`: a plain prefix, the whole condition or one
    // joined to the others.
    for (at, _) in code.match_indices("/^") {
        let before = code[..at].trim_end();
        if !(before.ends_with('{') || before.ends_with("&&") || before.ends_with(" and")) {
            return None;
        }
        let rest = &code[at + 2..];
        let end = rest.find('/')?;
        let text = &rest[..end];
        let after = &rest[end + 1..];
        let (after, text) = match after.strip_prefix('i') {
            Some(after) => (after, text.to_lowercase()),
            None => (after, text.to_owned()),
        };
        if text.is_empty()
            || !text
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            || !(after.trim_start().starts_with('}') || joins(after))
        {
            return None;
        }
        found.push((false, text));
    }
    // Filters joined by `and` or `&&` all hold of each name let through: the names are those
    // of a prefix and a suffix together (`startswith("app") and endswith(".log")` is
    // `app*.log`), within what each one alone lets through.
    let prefix = found
        .iter()
        .find(|(suffix, _)| !suffix)
        .map(|(_, t)| t.clone());
    let suffix = found
        .iter()
        .find(|(suffix, _)| *suffix)
        .map(|(_, t)| t.clone());
    match (prefix, suffix) {
        (None, None) => None,
        (prefix, suffix) => Some(format!(
            "{}*{}",
            prefix.unwrap_or_default(),
            suffix.unwrap_or_default()
        )),
    }
}

/// Whether the text after a filter goes on with `and` or `&&`: another condition every name
/// must also meet, which can only narrow what the filter lets through.
fn joins(after: &str) -> bool {
    let after = after.trim_start();
    after.starts_with("&&") || after.starts_with("and ")
}

/// Whether the text before a filter's call ends with `if NAME.`, `=> NAME.` or `| NAME.`:
/// the call on the listed name is the whole condition.
fn leads_a_condition(before: &str) -> bool {
    let Some(object) = before.strip_suffix('.') else {
        return false;
    };
    let lead = object.trim_end_matches(|c: char| c.is_ascii_alphanumeric() || c == '_');
    if lead.len() == object.len() {
        return false;
    }
    let lead = lead.trim_end();
    // A filter after `and` or `&&` is one of the conditions every name must meet.
    let joined = lead.ends_with("&&")
        || lead
            .strip_suffix("and")
            .is_some_and(|before| before.ends_with([' ', '(']));
    lead.ends_with("if") || lead.ends_with("=>") || lead.ends_with('|') || joined
}

/// The plain text of the string literal `text` starts with (`".log")` gives `.log`); `None`
/// for anything else (a tuple, a variable, a text with a wildcard or a path).
fn quoted_at(text: &str) -> Option<String> {
    let quote = text.chars().next().filter(|c| matches!(c, '"' | '\''))?;
    let inner = &text[1..];
    let end = inner.find(quote)?;
    let plain = &inner[..end];
    (!plain.is_empty() && !plain.contains(['*', '?', '[', '/', '\\', '$', '{']))
        .then(|| plain.to_owned())
}

#[cfg(test)]
mod tests {
    use super::destroyed_listings;

    fn lines(code: &str, literals: &[&str]) -> Vec<String> {
        let literals: Vec<String> = literals.iter().map(|l| (*l).to_owned()).collect();
        destroyed_listings(code, &literals)
    }

    #[test]
    fn listings_destroyed_are_wildcards_of_the_directory() {
        assert_eq!(
            lines(
                r#"import os; [open(f,"w").close() for f in os.listdir(".")]"#,
                &["w", "."]
            ),
            [": > *"]
        );
        assert_eq!(
            lines(r#"import os; [os.unlink(f) for f in os.listdir()]"#, &[]),
            ["rm -f *"]
        );
        assert_eq!(
            lines(
                r#"[os.remove(os.path.join("/etc",f)) for f in os.listdir("/etc")]"#,
                &["/etc", "/etc"]
            ),
            ["rm -f /etc/*", "rm -f /etc/*"]
        );
        assert_eq!(
            lines(
                r#"[os.remove(f) for r, d, fs in os.walk("/") for f in fs]"#,
                &["/"]
            ),
            ["rm -f -R /*"]
        );
        assert_eq!(
            lines(r#"[os.chmod(f, 0o644) for f in os.listdir()]"#, &[]),
            ["chmod 000 *"]
        );
        assert!(lines("print(os.listdir('.'))", &["."]).is_empty());
        assert!(lines(r#"os.remove("x.tmp")"#, &["x.tmp"]).is_empty());
    }

    #[test]
    fn one_plain_filter_narrows_the_listing_and_nothing_else_does() {
        use super::name_filter;
        let narrowed = [
            (
                r#"[os.remove(f) for f in os.listdir(".") if f.endswith(".log")]"#,
                "*.log",
            ),
            (
                r#"[p.unlink() for p in Path(".").iterdir() if p.suffix == ".log"]"#,
                "*.log",
            ),
            (
                r#"fs.readdirSync(".").filter(f=>f.endsWith(".log")).forEach(f=>fs.unlinkSync(f))"#,
                "*.log",
            ),
            (
                r#"Dir.children(".").select { |f| f.end_with?(".log") }.each { |f| File.delete(f) }"#,
                "*.log",
            ),
            (r#"unlink grep { /\.log$/ } glob "*""#, "*.log"),
            (
                r#"[os.remove(f) for f in os.listdir(".") if f.startswith("pass")]"#,
                "pass*",
            ),
        ];
        for (code, wildcard) in narrowed {
            assert_eq!(name_filter(code).as_deref(), Some(wildcard), "{code}");
        }
        for code in [
            r#"[os.remove(f) for f in os.listdir(".") if not f.endswith(".log")]"#,
            r#"[os.remove(f) for f in os.listdir(".") if f.endswith(".log") == 0]"#,
            r#"[os.remove(f) for f in os.listdir(".") if str(f.endswith(".log"))]"#,
            r#"[os.remove(f) for f in os.listdir(".") if f.endswith(".log"[:0])]"#,
            r#"[os.remove(f) for f in os.listdir(".") if f.endswith(ext)]"#,
            r#"d=os.listdir("."); [os.remove(f) for f in d if f.endswith(".log")]; [os.remove(f) for f in d]"#,
            r#"Dir.children(".").reject { |f| f.end_with?(".log") }.each { |f| File.delete(f) }"#,
            r#"unlink grep { /\.log$/ || 1 } glob "*""#,
        ] {
            assert_eq!(name_filter(code), None, "{code}");
        }
        assert_eq!(
            lines(
                r#"import glob,os; [os.remove(f) for f in glob.glob("/etc/*.conf")]"#,
                &["/etc/*.conf"]
            ),
            ["rm -f /etc/*.conf"]
        );
    }
}
