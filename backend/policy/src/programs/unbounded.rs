//! What nothing bounds where nothing contains the command (`ssh_exec`). Contained, a run has
//! memory, time and process bounds and writes no temporary file; on a remote host nothing
//! bounds it, and a program that prints nothing until it is done outlives the connection
//! (nothing signals it when the connection closes): an endless device read whole, a
//! computation that may never end.

use super::Judgement;
use super::regexes::Dialect;
use crate::level::RiskLevel;

/// Devices that never end: read whole, they keep a reader busy, growing its buffers (`sort`,
/// `grep`, `tac`) or its temporary files (`sort` spills to /tmp) for ever.
///
/// `/dev/kmsg` waits for the kernel's next message once it has given the ones it holds.
const ENDLESS: &[&str] = &[
    "/dev/zero",
    "/dev/urandom",
    "/dev/random",
    "/dev/full",
    "/dev/kmsg",
];

/// The options with which a dumper reads only a number of bytes: `head -c`, `od -N`, `xxd -l`,
/// `hexdump -n`.
fn byte_limits(name: &str) -> &'static [&'static str] {
    match name {
        "head" => &["-c", "--bytes"],
        "od" => &["-N", "--read-bytes"],
        "xxd" => &["-l", "-len"],
        "hexdump" | "hd" => &["-n", "--length"],
        _ => &[],
    }
}

/// The most bytes of an endless device a dumper may read where nothing contains it: enough
/// for a key or a sample, not a flood (`head -c 100G /dev/zero` is no bound).
const MOST_BYTES: u64 = 1 << 20;

/// The bytes a size such as `32`, `4K`, `1MiB`, `0x100` or `2b` counts, if it is one.
fn bytes(size: &str) -> Option<u64> {
    let size = size.trim_start_matches('=');
    if let Some(hex) = size.strip_prefix("0x") {
        return u64::from_str_radix(hex, 16).ok();
    }
    let digits = size
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(size.len());
    let number: u64 = size[..digits].parse().ok()?;
    let unit: u64 = match &size[digits..] {
        "" | "c" => 1,
        "w" => 2,
        "b" => 512,
        "k" | "K" | "KiB" => 1 << 10,
        "kB" | "KB" => 1000,
        "M" | "MiB" => 1 << 20,
        "MB" => 1_000_000,
        _ => return None,
    };
    number.checked_mul(unit)
}

/// Whether `args` limit what `name` reads to a small prefix (`head -c 32`, `od -N16`,
/// `xxd -l 64`, `hexdump -n 64`): the limit's value, attached or the next word, is a size of at
/// most [`MOST_BYTES`].
fn reads_little(name: &str, args: &[String]) -> bool {
    let limits = byte_limits(name);
    let mut longest_first: Vec<&str> = limits.to_vec();
    longest_first.sort_by_key(|limit| std::cmp::Reverse(limit.len()));
    args.iter().enumerate().any(|(at, arg)| {
        let value = longest_first.iter().find_map(|limit| {
            if arg == limit {
                args.get(at + 1).map(String::as_str)
            } else {
                arg.strip_prefix(limit)
            }
        });
        value.and_then(bytes).is_some_and(|n| n <= MOST_BYTES)
    })
}

/// The endless device `name` reads with `args`, unless it reads a small prefix of it
/// (`head -c 32 /dev/urandom`).
fn reads_endless<'a>(name: &str, args: &'a [String]) -> Option<&'a str> {
    if reads_little(name, args) {
        return None;
    }
    args.iter().map(String::as_str).find(|word| {
        let path = word.split_once('=').map_or(*word, |(_, value)| value);
        ENDLESS.contains(&crate::paths::system_path(path).as_str())
    })
}

/// Words of a filter language that loop without reading input: jq's generators and recursion,
/// awk's loops and functions.
fn loop_words(name: &str) -> &'static [&'static str] {
    match name {
        "jq" | "gojq" | "jaq" => &["range", "repeat", "until", "while", "recurse(", "def "],
        "awk" | "gawk" | "mawk" | "nawk" => &["while", "do", "for(", "for (", "function", "func "],
        _ => &[],
    }
}

/// Why `name` with `args` may compute without end, if it may: a loop in a filter program (awk's
/// `for (key in array)` is bounded by the array and stays), a sed script with a label to branch
/// back to, a number to factor too long to be factored in the time of a run.
fn computes_without_bound(name: &str, args: &[String]) -> Option<String> {
    let words = loop_words(name);
    for arg in args {
        let text = arg.as_str();
        if let Some(word) = words.iter().find(|word| uses(text, word)) {
            return Some(format!("{name}: `{}` may loop without end", word.trim()));
        }
    }
    if name == "sed" && args.iter().any(|a| !a.starts_with('-') && sed_label(a)) {
        return Some("sed: a script with a label may branch back to it without end".to_owned());
    }
    // glibc's fnmatch (find -name/-path, grep --include, ls -I, tar --exclude) and the regular
    // expression engines backtrack on each `*` against the rest of the name: the cost grows as
    // the name's length to the power of the stars.
    if let Some(pattern) = args.iter().find(|a| a.matches('*').count() > MOST_STARS) {
        return Some(format!(
            "{name}: the pattern {pattern} has more than {MOST_STARS} `*`, and matching one backtracks on each"
        ));
    }
    if let Some(spec) = args.iter().find_map(|a| wide_conversion(a)) {
        return Some(format!(
            "{name}: the conversion {spec} pads or prints to a width or precision of any size"
        ));
    }
    if let Some(why) = wide_option(name, args) {
        return Some(why);
    }
    if let Some(why) = hexdump_block(name, args) {
        return Some(why);
    }
    if let Some((pattern, why)) = other_regexes(name, args).into_iter().find_map(|pattern| {
        [Dialect::Basic, Dialect::Extended]
            .into_iter()
            .find_map(|d| super::regexes::costly(pattern, d))
            .map(|why| (pattern, why))
    }) {
        return Some(format!(
            "{name} '{pattern}': {why} may take unbounded time or memory to match"
        ));
    }
    if name == "factor"
        && let Some(number) = args
            .iter()
            .find(|a| a.chars().filter(char::is_ascii_digit).count() > 30)
    {
        return Some(format!(
            "factor {number}: a number that long may take hours to factor"
        ));
    }
    None
}

/// jq's words that make a number as large as asked (`pow(10; 12)`) or grow a value to one
/// (`"x" * N` repeats a string N times, `.[N] = 1` and `setpath` fill an array up to N).
const JQ_SIZERS: &[&str] = &[
    "*", "pow", "exp", "exp2", "exp10", "ldexp", "scalb", "scalbln", "setpath",
];

/// The most digits of a number in a jq filter (over 10⁹ it may size a value past what a host
/// spares).
const MOST_DIGITS: usize = 9;
/// The most digits of a number in an awk program: a `printf` width of 10 MB.
const MOST_WIDTH_DIGITS: usize = 7;
/// The most digits of a jq array index: `.[N] = 1` fills an array of N entries.
const MOST_INDEX_DIGITS: usize = 6;

/// Why `name`'s program in `args` may build a value of unbounded size without a loop: jq's
/// repeat, power and array-filling words, awk's `printf` widths from an argument or a format
/// built at run time (`%*d`, `"%" w "d"`), or a number too long or written with an exponent
/// (`1e9`) in either.
fn sizes_without_bound(name: &str, args: &[String]) -> Option<String> {
    let program = args.iter().filter(|a| !a.starts_with('-'));
    match name {
        "jq" | "gojq" | "jaq" => program.into_iter().find_map(|text| {
            JQ_SIZERS
                .iter()
                .find(|word| {
                    if word.starts_with(|c: char| c.is_ascii_alphabetic()) {
                        uses(text, word)
                    } else {
                        text.contains(*word)
                    }
                })
                .map(|word| format!("{name}: `{word}` may build a value of any size"))
                .or_else(|| {
                    let index = text.match_indices('[').find_map(|(at, _)| {
                        let lead: String = text[at + 1..]
                            .trim_start()
                            .chars()
                            .take_while(|c| c.is_ascii_alphanumeric() || *c == '.')
                            .collect();
                        large_number(&lead, MOST_INDEX_DIGITS)
                    });
                    index
                        .or_else(|| large_number(text, MOST_DIGITS))
                        .map(|n| format!("{name}: {n} may size a value past what a host spares"))
                })
        }),
        "awk" | "gawk" | "mawk" | "nawk" => program.into_iter().find_map(|text| {
            let formats = text.contains("printf");
            // `%*d` takes its width from an argument, `"%" w "d"` builds the format at run time.
            let width = formats
                && (text.contains("%*") || text.contains("%\"") || format_not_literal(text))
                || number_format_not_literal(text);
            if width {
                return Some(format!(
                    "{name}: a printf width from an argument or a built format may be of any size"
                ));
            }
            large_number(text, MOST_WIDTH_DIGITS)
                .map(|n| format!("{name}: {n} may size a value past what a host spares"))
        }),
        _ => None,
    }
}

/// Whether some `printf`/`sprintf` in an awk program takes a format that is not one string
/// literal (`printf $0`, `printf fmt, x`, `sprintf("%" w "d", 1)`): a format read from the
/// input or built at run time may hold any width (`%1000000000d`).
fn format_not_literal(text: &str) -> bool {
    text.match_indices("printf").any(|(at, word)| {
        let rest = text[at + word.len()..].trim_start();
        let rest = rest.strip_prefix('(').unwrap_or(rest).trim_start();
        let Some(literal) = rest.strip_prefix('"') else {
            return true;
        };
        // The literal's end, past escaped quotes.
        let mut escaped = false;
        let end = literal.char_indices().find_map(|(at, c)| {
            let closes = c == '"' && !escaped;
            escaped = c == '\\' && !escaped;
            closes.then_some(at)
        });
        let Some(end) = end else {
            return true;
        };
        let after = literal[end + 1..].trim_start_matches([' ', '\t']);
        !(after.is_empty() || after.starts_with([',', ')', ';', '}', '>', '|', '\n']))
    })
}

/// Whether an awk program sets the format numbers are printed or converted with (`OFMT`,
/// `CONVFMT`) to anything but one string literal (`OFMT = $1`): `print $2 + 0` then pads to
/// any width. A `-v OFMT=…` or operand assignment is a literal (its width is judged as a
/// number).
fn number_format_not_literal(text: &str) -> bool {
    if text.starts_with("OFMT=") || text.starts_with("CONVFMT=") {
        return false;
    }
    let sets = ["OFMT", "CONVFMT"]
        .iter()
        .flat_map(|name| text.match_indices(name));
    sets.into_iter().any(|(at, word)| {
        let rest = text[at + word.len()..].trim_start();
        let Some(value) = rest.strip_prefix('=') else {
            // Read, not set (`print OFMT`), or compared (`OFMT == x`).
            return false;
        };
        if value.starts_with('=') {
            return false;
        }
        let value = value.trim_start();
        let Some(literal) = value.strip_prefix('"') else {
            return true;
        };
        let end = literal.find('"').map_or(literal.len(), |end| end + 1);
        let after = literal[end..].trim_start_matches([' ', '\t']);
        !(after.is_empty() || after.starts_with([';', '}', '\n']))
    })
}

/// A number in `text` with more than `most` digits, or written with an exponent or in
/// hexadecimal (`1e9`, `0x7fffffff`).
fn large_number(text: &str, most: usize) -> Option<String> {
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let starts = bytes[at].is_ascii_digit()
            && !(at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_'));
        if !starts {
            at += 1;
            continue;
        }
        let end = bytes[at..]
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || *b == b'.'))
            .map_or(bytes.len(), |n| at + n);
        let word = &text[at..end];
        let digits = word.chars().take_while(char::is_ascii_digit).count();
        let rest = &word[digits..];
        let exponent = rest
            .trim_start_matches('.')
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .starts_with(['e', 'E']);
        if digits > most || exponent || word.starts_with("0x") || word.starts_with("0X") {
            return Some(word.to_owned());
        }
        at = end.max(at + 1);
    }
    None
}

/// The most digits of a width or precision in a `printf`-style conversion (`%1000000d` pads to
/// a megabyte), in `printf`, `numfmt --format`, `seq -f`, `date +FORMAT`, `find -printf`,
/// `stat -c` and any other program that reads one.
const MOST_CONVERSION_DIGITS: usize = 6;

/// A `printf`-style conversion in `word` whose width or precision is taken from an argument
/// (`%*d`, `%.*s`) or longer than [`MOST_CONVERSION_DIGITS`] digits.
fn wide_conversion(word: &str) -> Option<String> {
    word.match_indices('%').find_map(|(at, _)| {
        let rest = &word[at + 1..];
        let flags = rest.trim_start_matches(['-', '+', ' ', '#', '0', '\'', 'I']);
        let width: String = flags.chars().take_while(char::is_ascii_digit).collect();
        let after_width = &flags[width.len()..];
        let precision: String = after_width
            .strip_prefix('.')
            .map(|p| p.chars().take_while(char::is_ascii_digit).collect())
            .unwrap_or_default();
        let star = flags.starts_with('*') || after_width.starts_with(".*");
        let long = width.len() > MOST_CONVERSION_DIGITS || precision.len() > MOST_CONVERSION_DIGITS;
        (star || long).then(|| {
            let end = rest
                .find(|c: char| c.is_ascii_alphabetic())
                .map_or(rest.len(), |n| n + 1);
            format!("%{}", &rest[..end])
        })
    })
}

/// Whether `value`, given to an option that sizes what a program builds, is at most
/// `bound.most` bytes or items: a plain number (in `bound.unit`s), a number with a size suffix
/// (`64K`, `256M`, `1G`, `100MB`), a decimal fraction (`0.5`), or a list of them (`expand -t 4,8`, each at most the bound).
/// Anything else (`50%` of the memory, a word, an overflow) is not proven small.
pub(crate) fn size_within(value: &str, bound: crate::options::Bound) -> bool {
    let value = value.trim_start_matches('=');
    !value.is_empty()
        && value.split(',').all(|item| {
            let item = item.trim_start_matches(['+', '/']);
            // A duration in seconds may have a fraction (`ping -W 0.5`).
            if item.contains('.') {
                return item.parse::<f64>().is_ok_and(|n| {
                    n.is_finite() && n >= 0.0 && n * bound.unit as f64 <= bound.most as f64
                });
            }
            let digits = item
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(item.len());
            let Ok(number) = item[..digits].parse::<u64>() else {
                return false;
            };
            let unit: u64 = match &item[digits..] {
                "" => bound.unit,
                "b" | "B" | "c" => 1,
                "k" | "K" | "KiB" => 1 << 10,
                "kB" | "KB" => 1000,
                "m" | "M" | "MiB" => 1 << 20,
                "MB" => 1_000_000,
                "g" | "G" | "GiB" => 1 << 30,
                "GB" => 1_000_000_000,
                _ => return false,
            };
            number.checked_mul(unit).is_some_and(|n| n <= bound.most)
        })
}

/// Options whose number sizes a line, a buffer or a list (`diff -W`, `od -w`, `numfmt
/// --padding`, `column -c`, `shuf -i LO-HI`, which shuffles the whole range in memory): the
/// program, its spellings of the option, and the largest value that stays low.
const WIDE_OPTIONS: &[(&str, &[&str], u64)] = &[
    ("diff", &["-W", "--width"], 100_000),
    ("sdiff", &["-w", "--width"], 100_000),
    ("od", &["-w", "--width"], 100_000),
    ("numfmt", &["--padding"], 100_000),
    ("column", &["-c", "--output-width"], 100_000),
    ("pr", &["-w", "-W", "--width", "--page-width"], 100_000),
    ("shuf", &["-i", "--input-range"], 1_000_000),
    // xxd's own most for a dump that is not plain.
    ("xxd", &["-cols", "-c"], 256),
];

/// Why one of `name`'s options in `args` sizes what it builds past what a host spares
/// ([`WIDE_OPTIONS`]).
fn wide_option(name: &str, args: &[String]) -> Option<String> {
    let (_, spellings, most) = WIDE_OPTIONS
        .iter()
        .find(|(program, _, _)| *program == name)?;
    let mut words = args.iter().map(String::as_str).peekable();
    while let Some(word) = words.next() {
        let value = spellings.iter().find_map(|spelling| {
            if word == *spelling {
                words.peek().copied()
            } else if spelling.starts_with("--") {
                // getopt_long takes any unique prefix: `--input-r=1-1000000000`.
                let (given, v) = word.split_once('=').unwrap_or((word, ""));
                let abbreviates = given.len() > 2 && spelling.starts_with(given);
                match (abbreviates, v.is_empty()) {
                    (true, true) => words.peek().copied(),
                    (true, false) => Some(v),
                    (false, _) => None,
                }
            } else {
                word.strip_prefix(spelling)
            }
        });
        let Some(value) = value.filter(|v| !v.is_empty()) else {
            continue;
        };
        // `shuf -i LO-HI`: the range's end; anything not a plain number is not proven small.
        let number = value.rsplit('-').next().unwrap_or(value);
        let small = number.parse::<u64>().is_ok_and(|n| n <= *most);
        if !small {
            return Some(format!(
                "{name} {word} {value}: more than {most} sizes what it builds past what a host spares"
            ));
        }
    }
    None
}

/// Why a hexdump format (`-e 'COUNT/BYTES "FORMAT"'`) makes a block past what a host spares:
/// hexdump allocates a buffer of every unit's iteration count times its byte count, however
/// large, before it reads a byte. A format is small when each number in it (counts, byte
/// counts, widths) has at most six digits.
fn hexdump_block(name: &str, args: &[String]) -> Option<String> {
    if !matches!(name, "hexdump" | "hd") {
        return None;
    }
    args.iter()
        // A format holds a quoted conversion; file names with long dates do not.
        .find(|arg| {
            arg.contains('"')
                && arg
                    .split(|c: char| !c.is_ascii_digit())
                .any(|digits| digits.len() > MOST_CONVERSION_DIGITS)
        })
        .map(|format| {
            format!("{name} {format}: a number that long in a format makes a block past what a host spares")
        })
}

/// Regular expressions that programs outside the text filters match: `nl -b pRE` (and `-h`,
/// `-f`, their long spellings) against every line, `expr STRING : RE` and `expr match STRING
/// RE`, `pgrep RE` against every process name, `lsof -c /RE/`.
fn other_regexes<'a>(name: &str, args: &'a [String]) -> Vec<&'a str> {
    let mut found = Vec::new();
    let mut words = args.iter().map(String::as_str).peekable();
    match name {
        "nl" => {
            while let Some(word) = words.next() {
                let style = ["-b", "-h", "-f"]
                    .iter()
                    .find_map(|o| word.strip_prefix(o))
                    .map(|v| {
                        if v.is_empty() {
                            words.peek().copied().unwrap_or("")
                        } else {
                            v
                        }
                    })
                    .or_else(|| {
                        word.split_once('=').and_then(|(opt, v)| {
                            [
                                "--body-numbering",
                                "--header-numbering",
                                "--footer-numbering",
                            ]
                            .iter()
                            .any(|long| long.starts_with(opt) && opt.len() > 2)
                            .then_some(v)
                        })
                    });
                if let Some(re) = style.and_then(|v| v.strip_prefix('p')) {
                    found.push(re);
                }
            }
        }
        "expr" => {
            let all: Vec<&str> = words.collect();
            for (at, word) in all.iter().enumerate() {
                if (*word == ":" && at > 0) || (*word == "match" && at == 0) {
                    let skip = usize::from(*word == "match");
                    if let Some(re) = all.get(at + 1 + skip) {
                        found.push(re);
                    }
                }
            }
        }
        "pgrep" => found.extend(words.filter(|w| !w.starts_with('-'))),
        // With `-r` the separator is a regular expression, matched across the whole input.
        "tac" => {
            let parsed =
                crate::options::parse(args, &crate::options::Spec::gnu(super::readers::files::TAC));
            if parsed.has("regex") {
                found.extend(parsed.values("separator"));
            }
        }
        "lsof" => {
            while let Some(word) = words.next() {
                let value = match word.strip_prefix("-c") {
                    Some("") => words.next(),
                    other => other,
                };
                if let Some(re) = value.and_then(|v| v.strip_prefix('/')) {
                    found.push(re.trim_end_matches(['i', 'b', 'x']).trim_end_matches('/'));
                }
            }
        }
        _ => {}
    }
    found
}

/// The most `*` in one word: `-name '*.log*'` and `-path '*/nginx/*.conf'` stay low,
/// `-name '*a*a*a*a*'` does not.
const MOST_STARS: usize = 3;

/// Whether `text` uses `word` as a word of its own (`do`, not `done`; `range`, not
/// `arrange`), other than awk's `for (key in array)`, which walks an array once.
fn uses(text: &str, word: &str) -> bool {
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let rest = &text[at + word.len()..];
        let after = rest.chars().next();
        let open_end = word.ends_with(|c: char| !c.is_ascii_alphanumeric());
        let whole = !before.is_some_and(ident) && (open_end || !after.is_some_and(ident));
        let walk = word.starts_with("for")
            && rest
                .split(')')
                .next()
                .is_some_and(|head| head.contains(" in "));
        whole && !walk
    })
}

/// Whether a sed script defines a label (`:a`), which a branch (`b`, `t`, `T`) can return to.
fn sed_label(script: &str) -> bool {
    script
        .split([';', '\n'])
        .any(|command| command.trim_start().starts_with(':'))
}

/// Raises `j` for what nothing would bound on a remote host (`must_end`: no wrapper ends the
/// command in time, so it must be known to end by itself).
pub fn raise(name: &str, args: &[String], must_end: bool, j: &mut Judgement) {
    if must_end {
        super::ending::raise(name, j);
    }
    if let Some(device) = reads_endless(name, args) {
        j.raise(
            RiskLevel::Medium,
            format!("{name} reads {device}, which never ends: nothing bounds its memory, time or temporary files where nothing contains it; `head -c N {device}` reads a bounded part"),
        );
    }
    if let Some(why) =
        computes_without_bound(name, args).or_else(|| sizes_without_bound(name, args))
    {
        j.raise(
            RiskLevel::Medium,
            format!("{why}; nothing bounds its memory or time where nothing contains it"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::Bound;

    #[test]
    fn only_plain_sizes_within_the_bound_are_small() {
        let kib = Bound {
            most: 256 << 20,
            unit: 1 << 10,
        };
        for (value, small) in [
            ("1024", true),
            ("=64M", true),
            ("256M", true),
            ("257M", false),
            ("1000000", false),
            ("100G", false),
            ("50%", false),
            ("", false),
            ("x", false),
            ("99999999999999999999", false),
        ] {
            assert_eq!(size_within(value, kib), small, "{value}");
        }
        let width = Bound {
            most: 100_000,
            unit: 1,
        };
        assert!(size_within("4,8,+16", width));
        assert!(size_within("0.5", width));
        assert!(!size_within("1e9", width));
        assert!(!size_within("100000.5", width));
        assert!(!size_within("inf", width));
        assert!(!size_within("4,1000000000", width));
        assert!(!size_within("4,", width));
        assert!(hexdump_block("hexdump", &args(&["-e", "1000000000/1 \"%x\""])).is_some());
        assert_eq!(
            hexdump_block("hexdump", &args(&["-e", "16/1 \"%02x \""])),
            None
        );
        assert_eq!(
            hexdump_block("hexdump", &args(&["/var/log/x-20241201120000.log"])),
            None
        );
    }

    fn args(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| (*w).to_owned()).collect()
    }

    #[test]
    fn only_a_small_prefix_of_an_endless_device_is_bounded() {
        for line in [
            &["-c", "32", "/dev/urandom"][..],
            &["-c32", "/dev/urandom"],
            &["--bytes=1M", "/dev/zero"],
        ] {
            assert_eq!(reads_endless("head", &args(line)), None, "{line:?}");
        }
        assert_eq!(
            reads_endless("od", &args(&["-An", "-N16", "/dev/urandom"])),
            None
        );
        assert_eq!(
            reads_endless("xxd", &args(&["-len", "0x40", "/dev/urandom"])),
            None
        );
        for (name, line) in [
            ("head", &["-c", "100G", "/dev/zero"][..]),
            ("head", &["-c", "-1", "/dev/zero"]),
            ("head", &["--bytes=2M", "/dev/zero"]),
            ("head", &["-n", "1", "/dev/zero"]),
            ("od", &["-N", "100000000000", "/dev/zero"]),
            ("xxd", &["-l", "100000000000", "/dev/zero"]),
            ("hexdump", &["-n", "1G", "/dev/zero"]),
            ("cat", &["/dev/kmsg"]),
        ] {
            assert!(
                reads_endless(name, &args(line)).is_some(),
                "{name} {line:?}"
            );
        }
    }

    #[test]
    fn values_sized_by_a_number_are_found_and_everyday_numbers_are_not() {
        for (name, line) in [
            ("jq", &["-n", "\"x\" * 1000000000"][..]),
            ("jq", &["-n", ".[2000000] = 1"]),
            ("jq", &["-n", "pow(10; 12)"]),
            ("jq", &["-n", "1e12"]),
            ("awk", &["BEGIN { printf \"%*d\", 2^30, 1 }"]),
            ("awk", &["BEGIN { printf \"%100000000d\", 1 }"]),
            ("awk", &["{ printf $0 }"]),
            ("awk", &["{ printf($1, $2) }"]),
            ("awk", &["{ x = sprintf(fmt, 1) }"]),
            ("awk", &["{ printf \"%\" w \"d\", 1 }"]),
            ("awk", &["{ printf \"%s\" $1 }"]),
            ("awk", &["{ OFMT = $1; print $2 + 0 }"]),
            ("awk", &["BEGIN { CONVFMT=x } { y = $1 \"\" }"]),
        ] {
            assert!(
                sizes_without_bound(name, &args(line)).is_some(),
                "{name} {line:?}"
            );
        }
        for (name, line) in [
            ("jq", &["-r", ".[0].name"][..]),
            ("jq", &[".[] | select(.size > 1048576)"]),
            ("awk", &["{ printf \"%-20s %d\\n\", $1, $2/1048576 }"]),
            ("awk", &["$5 > 100000"]),
            ("awk", &["{ printf(\"%s %d\\n\", $1, $2) }"]),
            ("awk", &["{ printf \"%s\\\"x\\n\", $1 }"]),
            ("awk", &["{ printf \"%s\\n\", $1 > \"/dev/stderr\" }"]),
            ("awk", &["{ s = sprintf(\"%05d\", $1); print s }"]),
            ("awk", &["{ printf \"%s\"; print \"\" }"]),
            ("awk", &["BEGIN { OFMT = \"%.2f\" } { print $1 / 3 }"]),
            ("awk", &["OFMT=%.2f"]),
        ] {
            assert_eq!(
                sizes_without_bound(name, &args(line)),
                None,
                "{name} {line:?}"
            );
        }
    }

    #[test]
    fn wide_conversions_and_options_are_found_and_everyday_ones_are_not() {
        for word in [
            "%1000000000d",
            "%*d",
            "x%.*s",
            "%-2000000000s",
            "%.10000000f",
        ] {
            assert!(wide_conversion(word).is_some(), "{word}");
        }
        for word in ["%-20s %5d", "%.2f", "+%Y-%m-%d", "100%", "%03g"] {
            assert_eq!(wide_conversion(word), None, "{word}");
        }
        assert!(wide_option("od", &args(&["-w1000000000", "/etc/hosts"])).is_some());
        assert!(wide_option("shuf", &args(&["-i", "1-1000000000"])).is_some());
        assert!(wide_option("diff", &args(&["--width=x", "a", "b"])).is_some());
        assert_eq!(wide_option("od", &args(&["-w16", "/etc/hosts"])), None);
        assert_eq!(
            wide_option("shuf", &args(&["-i", "1-100", "-n", "5"])),
            None
        );
    }

    #[test]
    fn regexes_of_nl_expr_pgrep_and_lsof_are_found() {
        assert_eq!(other_regexes("nl", &args(&["-bp^x", "f"])), vec!["^x"]);
        assert_eq!(
            other_regexes("nl", &args(&["--body-numbering=pre", "f"])),
            vec!["re"]
        );
        assert_eq!(other_regexes("expr", &args(&["s", ":", "re"])), vec!["re"]);
        assert_eq!(
            other_regexes("expr", &args(&["match", "s", "re"])),
            vec!["re"]
        );
        assert_eq!(other_regexes("lsof", &args(&["-c", "/re/i"])), vec!["re"]);
        assert!(other_regexes("nl", &args(&["-ba", "f"])).is_empty());
    }

    #[test]
    fn patterns_with_many_stars_are_found() {
        assert!(computes_without_bound("find", &args(&["/var", "-name", "*a*a*a*a*"])).is_some());
        assert_eq!(
            computes_without_bound("find", &args(&["/var", "-name", "*.log*"])),
            None
        );
    }

    #[test]
    fn loops_are_found_and_bounded_walks_are_not() {
        let looping: &[(&str, &[&str])] = &[
            ("jq", &["-n", "[range(1e9)]"]),
            ("jq", &["-n", "def f: f; f"]),
            ("jq", &["-n", "[repeat(1)]"]),
            ("awk", &["BEGIN{while(1)x=x\"a\"}"]),
            ("awk", &["BEGIN{for(;;);}"]),
            ("awk", &["BEGIN{for (i=0;i<1e12;i++) s=s i}"]),
            ("gawk", &["function f(){f()} BEGIN{f()}"]),
            ("sed", &[":a;H;G;ba", "/etc/passwd"]),
            ("factor", &["1234567890123456789012345678901234567890"]),
        ];
        for (name, line) in looping {
            assert!(
                computes_without_bound(name, &args(line)).is_some(),
                "{name} {line:?}"
            );
        }
        let bounded: &[(&str, &[&str])] = &[
            ("jq", &[".items[] | .metadata.name"]),
            ("jq", &["-r", ".[]", "/srv/x.json"]),
            ("awk", &["{print $1}"]),
            ("awk", &["{print \"done\", $0}"]),
            ("jq", &[".arrange | .domain"]),
            ("awk", &["{n[$1]++} END{for (k in n) print k, n[k]}"]),
            ("sed", &["-n", "1,5p", "/etc/hosts"]),
            ("sed", &["s/a/b/", "/etc/hosts"]),
            ("factor", &["1234567890"]),
        ];
        for (name, line) in bounded {
            assert!(
                computes_without_bound(name, &args(line)).is_none(),
                "{name} {line:?}"
            );
        }
    }
}
