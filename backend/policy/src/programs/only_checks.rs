//! The read-only forms of programs that otherwise write: a compressor told only to test its
//! files or list what they hold (`gzip -t x.gz`, `xz -l x.xz`, `zstd -l x.zst`) reads them and
//! prints a verdict, and `efibootmgr` with no option but `-v` lists the firmware's boot
//! entries. Each is a positive model: every word must be one of the options named here (or,
//! for a compressor, a file operand, judged as named); anything else leaves the program to its
//! own table (`gzip -tf`, `efibootmgr -B -b 0001` stay high).

use super::{Ctx, Judgement};

/// The compressors whose `-l`/`--list` lists an archive (lz4's `-l` is its legacy format;
/// bzip2 has no list mode).
const LISTERS: &[&str] = &[
    "gzip", "gunzip", "pigz", "unpigz", "xz", "unxz", "lzma", "unlzma", "zstd", "unzstd",
];

/// The compressors whose `-t`/`--test` reads each file and writes nothing.
const TESTERS: &[&str] = &[
    "gzip", "gunzip", "pigz", "unpigz", "xz", "unxz", "lzma", "unlzma", "zstd", "unzstd", "bzip2",
    "bunzip2", "lbzip2", "pbzip2", "lz4", "unlz4", "lzip", "plzip",
];

/// The verdict for `name` with `args` where it only tests, lists or prints; `None` otherwise.
pub fn judge(ctx: &Ctx, name: &str, args: &[String]) -> Option<Judgement> {
    if name == "efibootmgr" {
        return args
            .iter()
            .all(|a| matches!(a.as_str(), "-v" | "-vv" | "-vvv" | "--verbose"))
            .then(|| Judgement::low("lists the firmware's boot entries"));
    }
    let lists = LISTERS.contains(&name);
    let tests = TESTERS.contains(&name);
    if !lists && !tests {
        return None;
    }
    let mut mode = false;
    let mut operands = Vec::new();
    let mut options_end = false;
    for arg in args {
        if options_end || !arg.starts_with('-') || arg == "-" {
            operands.push(arg);
            continue;
        }
        match arg.as_str() {
            "--" => options_end = true,
            "--test" if tests => mode = true,
            "--list" if lists => mode = true,
            "--verbose" | "--quiet" => {}
            cluster if !cluster.starts_with("--") => {
                for flag in cluster[1..].chars() {
                    match flag {
                        't' if tests => mode = true,
                        'l' if lists => mode = true,
                        'v' | 'q' => {}
                        _ => return None,
                    }
                }
            }
            _ => return None,
        }
    }
    if !mode {
        return None;
    }
    // What they print is a verdict, sizes and the stored name, never what the file holds: each
    // file is judged as named, not as read.
    let mut j = Judgement::low("tests or lists compressed files");
    for operand in operands {
        j.raise_path(ctx.mention(operand));
    }
    Some(j)
}

#[cfg(test)]
mod tests {
    use super::judge;
    use crate::level::RiskLevel;
    use crate::programs::judged_alone;

    fn level(line: &str) -> Option<RiskLevel> {
        judged_alone(judge, line)
    }

    #[test]
    fn only_testing_listing_and_printing_forms_are_read_only() {
        for line in [
            "gzip -t x.gz",
            "gzip -l x.gz",
            "gzip -tv x.gz",
            "xz -l x.xz",
            "xz --list x.xz",
            "zstd -t x.zst",
            "bzip2 -t x.bz2",
            "efibootmgr",
            "efibootmgr -v",
        ] {
            assert_eq!(level(line), Some(RiskLevel::Low), "{line}");
        }
        for line in [
            "gzip x",
            "gzip -tf x.gz",
            "gzip -t -S .z x",
            "bzip2 -l x.bz2",
            "lz4 -l x",
            "xz -d x.xz",
            "efibootmgr -B -b 0001",
            "efibootmgr -v -o 0001,0002",
            "efibootmgr -c -d /dev/sda",
        ] {
            assert_eq!(level(line), None, "{line}");
        }
    }
}
