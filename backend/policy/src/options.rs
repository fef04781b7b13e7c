//! Reading a program's options the way the program itself reads them (GNU `getopt_long`):
//! clustered short options (`-rf`), short options with their value attached or in the next word
//! (`-n5`, `-n 5`, `-ofile`), long options with `=value` or the next word as value, unique prefixes
//! of long options (`--recur` is `--recursive`), `--` ending the options, and options after
//! operands (GNU permutes) unless the program stops at its first operand.
//!
//! Every option is declared with what it does ([`Role`]); the judge of a program turns roles into
//! a level. An option the table does not know, an ambiguous prefix or a missing value is reported,
//! never guessed: the command is then not proven read-only. An abbreviation that could be a
//! dangerous option is taken as the most dangerous one it could be.

/// Whether an option takes a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Takes {
    /// A flag: `-v`, `--verbose`.
    No,
    /// A required value: `-n 5`, `-n5`, `--lines 5`, `--lines=5`.
    Value,
    /// An optional value, only attached: `-d5`, `--differences=permanent`.
    Optional,
    /// An optional value, attached or the next word when that word is not an option (it does
    /// not start with `-` or `+`): lsof's `-K [i]`, `-T [t]`, `-F [f]` (`lsof -F pcn`,
    /// `lsof -K -r 1`).
    Plain,
}

/// What an option does, from harmless to dangerous.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    /// Changes nothing; its value, if any, is inert (a format, a count, a pattern).
    Inert,
    /// Changes nothing, but makes the program run until it is stopped (`tail -f`,
    /// `journalctl --follow`, `kubectl get --watch`): contained, a run's time bound ends it;
    /// where nothing contains the command nothing does (the reason says what it waits for).
    Endless(&'static str),
    /// Changes nothing, but its value is a number that sizes what the program builds or how
    /// long it waits (a buffer, a line, a thread pool, a wait for a reply): contained, a run's
    /// memory, process and time bounds hold it; where nothing contains the command a value
    /// above the bound (or not a plain size) is medium.
    Sizes(Bound),
    /// Its value names a file or directory that is read.
    Reads,
    /// Not proven harmless (a script read from a file, a remote host): at least medium.
    Unproven(&'static str),
    /// Its value (or a default name) is a file that is written.
    Writes,
    /// Its value is a command or program that is run.
    Runs,
    /// It changes the system (the reason says how).
    Changes(&'static str),
}

/// The largest value a [`Role::Sizes`] option may take where nothing contains the command, in
/// bytes (or items, or seconds), and how many of them a plain number counts (`sort -S 100`
/// counts kibibytes: a unit of 1024).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Bound {
    pub most: u64,
    pub unit: u64,
}

/// The widest line, padding or list of tab stops a reader may build where nothing contains it
/// (`nl -w`, `fold -w`, `expand -t`, `od -S`): wider is no display, only a way to fill memory.
pub const WIDEST: u64 = 100_000;

/// One option: `names` lists its spellings separated by `|`, a single character being a short
/// option (`-n`) and anything longer a long one (`--lines`): `"n|lines"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Opt {
    pub names: &'static str,
    pub takes: Takes,
    pub role: Role,
}

impl Opt {
    // Names are ASCII: a one-byte name is a short option.
    fn shorts(&self) -> impl Iterator<Item = char> + '_ {
        self.names
            .split('|')
            .filter(|n| n.len() == 1)
            .filter_map(|n| n.chars().next())
    }

    fn longs(&self) -> impl Iterator<Item = &'static str> {
        self.names.split('|').filter(|n| n.len() > 1)
    }

    /// Whether `name` is one of its spellings.
    pub fn is(&self, name: &str) -> bool {
        self.names.split('|').any(|n| n == name)
    }
}

/// A flag that changes nothing.
pub const fn flag(names: &'static str) -> Opt {
    Opt {
        names,
        takes: Takes::No,
        role: Role::Inert,
    }
}

/// An option with an inert value (a count, a format, a pattern).
pub const fn value(names: &'static str) -> Opt {
    Opt {
        names,
        takes: Takes::Value,
        role: Role::Inert,
    }
}

/// An option with an optional, attached, inert value.
pub const fn optional(names: &'static str) -> Opt {
    Opt {
        names,
        takes: Takes::Optional,
        role: Role::Inert,
    }
}

/// An option with an optional inert value, attached or the next word when that word is not an
/// option (see [`Takes::Plain`]).
pub const fn plain(names: &'static str) -> Opt {
    Opt {
        names,
        takes: Takes::Plain,
        role: Role::Inert,
    }
}

/// Whether `word` may be the value of a [`Takes::Plain`] option.
fn plain_value(word: &str) -> bool {
    !word.is_empty() && !word.starts_with(['-', '+'])
}

/// An option that makes the program run until it is stopped (see [`Role::Endless`]).
pub const fn endless(names: &'static str, takes: Takes, why: &'static str) -> Opt {
    Opt {
        names,
        takes,
        role: Role::Endless(why),
    }
}

/// An option whose value sizes what the program builds, up to `most` where nothing contains it
/// (see [`Role::Sizes`]).
pub const fn sizes(names: &'static str, most: u64) -> Opt {
    sizes_in(names, 1, most)
}

/// [`sizes`] for an option whose plain number counts `unit` bytes (`sort -S 100` is 100 KiB);
/// `most` is in bytes.
pub const fn sizes_in(names: &'static str, unit: u64, most: u64) -> Opt {
    Opt {
        names,
        takes: Takes::Value,
        role: Role::Sizes(Bound { most, unit }),
    }
}

/// [`sizes`] for an option whose value is optional and only attached (`od -w32`,
/// `--strings=8`).
pub const fn sizes_optional(names: &'static str, most: u64) -> Opt {
    Opt {
        names,
        takes: Takes::Optional,
        role: Role::Sizes(Bound { most, unit: 1 }),
    }
}

/// An option whose value is a file that is read.
pub const fn reads(names: &'static str) -> Opt {
    Opt {
        names,
        takes: Takes::Value,
        role: Role::Reads,
    }
}

/// An option whose value is a file that is written.
pub const fn writes(names: &'static str) -> Opt {
    Opt {
        names,
        takes: Takes::Value,
        role: Role::Writes,
    }
}

/// An option whose value is a command that is run.
pub const fn runs(names: &'static str) -> Opt {
    Opt {
        names,
        takes: Takes::Value,
        role: Role::Runs,
    }
}

/// An option that changes the system.
pub const fn changes(names: &'static str, takes: Takes, why: &'static str) -> Opt {
    Opt {
        names,
        takes,
        role: Role::Changes(why),
    }
}

/// An option that is not proven harmless.
pub const fn unproven(names: &'static str, takes: Takes, why: &'static str) -> Opt {
    Opt {
        names,
        takes,
        role: Role::Unproven(why),
    }
}

/// How a program reads its command line.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    pub opts: &'static [Opt],
    /// GNU permutation: options may follow operands. Without it the first operand ends the
    /// options (wrappers such as `env`, `timeout`, `xargs`).
    pub permute: bool,
    /// `-5` is a number option (`head -5`, `tail -50`), not options `-5`.
    pub numbers: bool,
}

impl Spec {
    pub const fn gnu(opts: &'static [Opt]) -> Self {
        Self {
            opts,
            permute: true,
            numbers: false,
        }
    }

    /// Options end at the first operand (POSIX `+` in the option string).
    pub const fn posix(opts: &'static [Opt]) -> Self {
        Self {
            opts,
            permute: false,
            numbers: false,
        }
    }

    pub const fn with_numbers(self) -> Self {
        Self {
            numbers: true,
            ..self
        }
    }
}

/// How an option was written: `-n` (in a cluster or not) or `--lines=5`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Spelled<'a> {
    Short(char),
    Long(&'a str),
}

impl Spelled<'_> {
    /// Whether the value was written in the same word (`--lines=5`).
    pub fn has_value(&self) -> bool {
        matches!(self, Spelled::Long(text) if text.contains('='))
    }
}

impl std::fmt::Display for Spelled<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Spelled::Short(c) => write!(f, "-{c}"),
            Spelled::Long(text) => f.write_str(text),
        }
    }
}

/// One option found on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found<'a> {
    pub opt: &'static Opt,
    pub value: Option<&'a str>,
    /// As written, for reasons.
    pub spelled: Spelled<'a>,
}

/// A command line read against a [`Spec`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed<'a> {
    pub found: Vec<Found<'a>>,
    pub operands: Vec<&'a str>,
    /// `-5` style numbers, when the spec allows them.
    pub numbers: Vec<&'a str>,
    /// What could not be read: unknown or ambiguous options, missing values.
    pub problems: Vec<String>,
    /// How many operands came before a `--` that ended the options, if one did.
    pub operands_before_dashes: Option<usize>,
}

impl<'a> Parsed<'a> {
    /// Whether an option with this spelling (any of its names) was given.
    pub fn has(&self, name: &str) -> bool {
        self.found.iter().any(|f| f.opt.is(name))
    }

    /// The values given to an option (by any of its names).
    pub fn values<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'a str> + 's {
        self.found
            .iter()
            .filter(move |f| f.opt.is(name))
            .filter_map(|f| f.value)
    }

    /// The operands after `--` (git's pathspecs), if a `--` ended the options.
    pub fn pathspecs(&self) -> Option<&[&'a str]> {
        self.operands_before_dashes
            .and_then(|at| self.operands.get(at..))
    }

    /// The strictest role among the options found, with the option as written.
    #[cfg(test)]
    pub fn strictest(&self) -> Option<&Found<'a>> {
        self.found.iter().max_by_key(|f| f.opt.role)
    }
}

/// Reads `args` (the words after the program name) as `spec` says.
pub fn parse<'a, S: AsRef<str>>(args: &'a [S], spec: &Spec) -> Parsed<'a> {
    let mut parsed = Parsed::default();
    let mut i = 0;
    let mut options_done = false;
    while i < args.len() {
        let word: &'a str = args[i].as_ref();
        i += 1;
        if options_done || word == "-" || !word.starts_with('-') {
            parsed.operands.push(word);
            if !spec.permute {
                options_done = true;
            }
            continue;
        }
        if word == "--" {
            options_done = true;
            parsed.operands_before_dashes = Some(parsed.operands.len());
            continue;
        }
        if let Some(long) = word.strip_prefix("--") {
            i += long_option(long, word, &args[i..], spec, &mut parsed);
            continue;
        }
        if spec.numbers && word[1..].chars().all(|c| c.is_ascii_digit()) {
            parsed.numbers.push(&word[1..]);
            continue;
        }
        i += short_cluster(&word[1..], &args[i..], spec, &mut parsed);
    }
    parsed
}

/// The options whose long names start with `prefix`, exact match first.
fn long_candidates(prefix: &str, spec: &Spec) -> Vec<&'static Opt> {
    if let Some(exact) = spec.opts.iter().find(|o| o.longs().any(|l| l == prefix)) {
        return vec![exact];
    }
    spec.opts
        .iter()
        .filter(|o| o.longs().any(|l| l.starts_with(prefix)))
        .collect()
}

/// Reads one `--name[=value]`; returns how many following words it consumed.
fn long_option<'a, S: AsRef<str>>(
    text: &'a str,
    spelled: &'a str,
    rest: &'a [S],
    spec: &Spec,
    parsed: &mut Parsed<'a>,
) -> usize {
    let (name, attached) = match text.split_once('=') {
        Some((name, value)) => (name, Some(value)),
        None => (text, None),
    };
    let candidates = if name.is_empty() {
        Vec::new()
    } else {
        long_candidates(name, spec)
    };
    let Some(opt) = candidates.iter().copied().max_by_key(|o| o.role) else {
        parsed
            .problems
            .push(format!("unknown option {}", spelled_name(spelled)));
        return 0;
    };
    // Several harmless options share the prefix: the program refuses it, we do not guess.
    if candidates.len() > 1 && matches!(opt.role, Role::Inert | Role::Sizes(_) | Role::Reads) {
        parsed.problems.push(format!(
            "ambiguous option {} ({})",
            spelled_name(spelled),
            candidates
                .iter()
                .filter_map(|o| o.longs().next())
                .map(|l| format!("--{l}"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let mut consumed = 0;
    let value = match (opt.takes, attached) {
        (Takes::No, Some(_)) => {
            parsed
                .problems
                .push(format!("{} takes no value", spelled_name(spelled)));
            None
        }
        (Takes::No | Takes::Optional, None) => None,
        (Takes::Value | Takes::Optional | Takes::Plain, Some(value)) => Some(value),
        (Takes::Plain, None) => match rest.first().map(AsRef::as_ref) {
            Some(next) if plain_value(next) => {
                consumed = 1;
                Some(next)
            }
            _ => None,
        },
        (Takes::Value, None) => match rest.first() {
            Some(next) => {
                consumed = 1;
                Some(next.as_ref())
            }
            None => {
                parsed
                    .problems
                    .push(format!("{} needs a value", spelled_name(spelled)));
                None
            }
        },
    };
    parsed.found.push(Found {
        opt,
        value,
        spelled: Spelled::Long(spelled),
    });
    consumed
}

fn spelled_name(spelled: &str) -> &str {
    spelled.split_once('=').map_or(spelled, |(name, _)| name)
}

/// Reads a cluster of short options (`rf`, `n5`, `ofile`); returns how many following words it
/// consumed.
fn short_cluster<'a, S: AsRef<str>>(
    cluster: &'a str,
    rest: &'a [S],
    spec: &Spec,
    parsed: &mut Parsed<'a>,
) -> usize {
    let mut skip_digits = false;
    for (at, c) in cluster.char_indices() {
        if skip_digits && c.is_ascii_digit() {
            continue;
        }
        skip_digits = false;
        // `-q5`, `-i2`: digits in a cluster are a number option where the program takes one.
        if spec.numbers && c.is_ascii_digit() {
            let length = cluster[at..].bytes().take_while(u8::is_ascii_digit).count();
            parsed.numbers.push(&cluster[at..at + length]);
            skip_digits = true;
            continue;
        }
        let Some(opt) = spec.opts.iter().find(|o| o.shorts().any(|s| s == c)) else {
            parsed.problems.push(format!("unknown option -{c}"));
            // What follows may be this option's value: nothing more of the cluster is read.
            return 0;
        };
        let tail = &cluster[at + c.len_utf8()..];
        match opt.takes {
            Takes::No => parsed.found.push(Found {
                opt,
                value: None,
                spelled: Spelled::Short(c),
            }),
            Takes::Optional => {
                parsed.found.push(Found {
                    opt,
                    value: (!tail.is_empty()).then_some(tail),
                    spelled: Spelled::Short(c),
                });
                return 0;
            }
            Takes::Value | Takes::Plain if !tail.is_empty() => {
                parsed.found.push(Found {
                    opt,
                    value: Some(tail),
                    spelled: Spelled::Short(c),
                });
                return 0;
            }
            Takes::Plain => {
                let next = rest.first().map(AsRef::as_ref).filter(|n| plain_value(n));
                parsed.found.push(Found {
                    opt,
                    value: next,
                    spelled: Spelled::Short(c),
                });
                return usize::from(next.is_some());
            }
            Takes::Value => {
                return match rest.first() {
                    Some(next) => {
                        parsed.found.push(Found {
                            opt,
                            value: Some(next.as_ref()),
                            spelled: Spelled::Short(c),
                        });
                        1
                    }
                    None => {
                        parsed.problems.push(format!("-{c} needs a value"));
                        parsed.found.push(Found {
                            opt,
                            value: None,
                            spelled: Spelled::Short(c),
                        });
                        0
                    }
                };
            }
        }
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    const OPTS: &[Opt] = &[
        flag("r|R|recursive"),
        flag("f|force"),
        value("n|lines"),
        writes("o|output"),
        optional("d|differences"),
        flag("reference-style"),
        changes("no-preserve-root", Takes::No, "deletes /"),
        flag("no-color"),
    ];

    /// The words of a test line, kept for the whole test (the parse borrows them).
    fn words(line: &'static str) -> &'static [&'static str] {
        Box::leak(
            line.split_whitespace()
                .collect::<Vec<_>>()
                .into_boxed_slice(),
        )
    }

    fn names(parsed: &Parsed) -> Vec<(String, Option<String>)> {
        parsed
            .found
            .iter()
            .map(|f| (f.opt.names.to_owned(), f.value.map(str::to_owned)))
            .collect()
    }

    #[test]
    fn reads_options_as_getopt_long_does() {
        let spec = Spec::gnu(OPTS).with_numbers();
        let parsed = parse(
            words("-rf x --lines=5 -ofile y -n 3 -d -dperm -- -z -5"),
            &spec,
        );
        assert_eq!(
            names(&parsed),
            vec![
                ("r|R|recursive".to_owned(), None),
                ("f|force".to_owned(), None),
                ("n|lines".to_owned(), Some("5".to_owned())),
                ("o|output".to_owned(), Some("file".to_owned())),
                ("n|lines".to_owned(), Some("3".to_owned())),
                ("d|differences".to_owned(), None),
                ("d|differences".to_owned(), Some("perm".to_owned())),
            ]
        );
        assert_eq!(parsed.operands, vec!["x", "y", "-z", "-5"]);
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        assert_eq!(parse(words("-5"), &spec).numbers, vec!["5"]);
        let parsed = parse(words("-r12f"), &spec);
        assert_eq!(parsed.numbers, vec!["12"]);
        assert_eq!(parsed.found.len(), 2);
    }

    #[test]
    fn a_plain_value_is_attached_or_a_next_word_that_is_not_an_option() {
        const PLAIN: &[Opt] = &[plain("K|tasks"), flag("w"), value("r")];
        let spec = Spec::gnu(PLAIN);
        let parsed = parse(words("-K -r 1 -Ki -K i --tasks=i --tasks +r x"), &spec);
        assert_eq!(
            names(&parsed),
            vec![
                ("K|tasks".to_owned(), None),
                ("r".to_owned(), Some("1".to_owned())),
                ("K|tasks".to_owned(), Some("i".to_owned())),
                ("K|tasks".to_owned(), Some("i".to_owned())),
                ("K|tasks".to_owned(), Some("i".to_owned())),
                ("K|tasks".to_owned(), None),
            ]
        );
        assert_eq!(parsed.operands, vec!["+r", "x"]);
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        // Nothing follows: no value, and no problem.
        let parsed = parse(words("-w -K"), &spec);
        assert_eq!(parsed.found.len(), 2);
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    }

    #[test]
    fn abbreviations_resolve_to_the_only_or_the_most_dangerous_option() {
        let spec = Spec::gnu(OPTS);
        let parsed = parse(words("--recur --forc --out /x"), &spec);
        assert_eq!(
            names(&parsed),
            vec![
                ("r|R|recursive".to_owned(), None),
                ("f|force".to_owned(), None),
                ("o|output".to_owned(), Some("/x".to_owned())),
            ]
        );
        // `--no` could be --no-color or --no-preserve-root: taken as the dangerous one.
        let parsed = parse(words("--no"), &spec);
        assert_eq!(
            parsed.strictest().map(|f| f.opt.names),
            Some("no-preserve-root")
        );
        // `--re` could be --recursive or --reference-style, both harmless: not guessed.
        let parsed = parse(words("--re"), &spec);
        assert_eq!(
            parsed.problems,
            vec!["ambiguous option --re (--recursive, --reference-style)"]
        );
        assert_eq!(
            parse(words("--bogus -x"), &spec).problems,
            vec!["unknown option --bogus", "unknown option -x"]
        );
        assert_eq!(
            parse(words("--force=yes -n"), &spec).problems,
            vec!["--force takes no value", "-n needs a value"]
        );
    }

    #[test]
    fn posix_programs_stop_at_their_first_operand() {
        let spec = Spec::posix(OPTS);
        let parsed = parse(words("-f cmd -r --force"), &spec);
        assert_eq!(parsed.operands, vec!["cmd", "-r", "--force"]);
        assert_eq!(names(&parsed), vec![("f|force".to_owned(), None)]);
    }
}
