//! Compressors replace each file they are given with its compressed copy (`gzip /etc/passwd`
//! leaves `/etc/passwd.gz` and no `/etc/passwd`), and decompressors replace the copy with the
//! file it holds (`gunzip /tmp/passwd.gz` writes `/tmp/passwd`). So each operand is judged as
//! deleted, and a decompressed name as written, unless the program is told to write to its
//! output (`-c`, `--stdout`) or to keep its input (`-k`, `--keep`; zstd keeps it unless
//! `--rm`).

use super::{Ctx, Judgement};
use crate::level::RiskLevel;

/// The compressors and decompressors that work in place, with the suffix each adds.
fn suffix(name: &str) -> Option<&'static str> {
    Some(match name {
        "gzip" | "pigz" | "gunzip" | "unpigz" => ".gz",
        "bzip2" | "pbzip2" | "bunzip2" | "lbzip2" => ".bz2",
        "xz" | "unxz" | "pixz" => ".xz",
        "lzma" | "unlzma" => ".lzma",
        "lzip" | "plzip" => ".lz",
        "lz4" | "unlz4" => ".lz4",
        "zstd" | "unzstd" | "pzstd" => ".zst",
        "compress" | "uncompress" => ".Z",
        _ => return None,
    })
}

/// Whether `args` hold the short option `flag` alone or in a cluster, or one of `long`.
fn has(args: &[String], flag: char, long: &[&str]) -> bool {
    args.iter().any(|a| {
        long.contains(&a.as_str())
            || (a.starts_with('-') && !a.starts_with("--") && a[1..].contains(flag))
    })
}

/// Raises `j` by what `name` removes and writes in place.
pub fn raise(ctx: &Ctx, name: &str, args: &[String], j: &mut Judgement) {
    let Some(suffix) = suffix(name) else {
        return;
    };
    if has(args, 'c', &["--stdout", "--to-stdout"]) || has(args, 't', &["--test"]) {
        return;
    }
    if has(args, 'l', &["--list"]) && name != "lz4" {
        return;
    }
    // zstd and lz4 keep their input unless told `--rm`.
    let zstd = matches!(name, "zstd" | "unzstd" | "pzstd" | "lz4" | "unlz4");
    let keeps = if zstd {
        !args.iter().any(|a| a == "--rm")
    } else {
        has(args, 'k', &["--keep"])
    };
    let decompresses = name.starts_with("un")
        || name == "gunzip"
        || name == "bunzip2"
        || has(args, 'd', &["--decompress", "--uncompress"]);
    for operand in args.iter().filter(|a| !a.starts_with('-')) {
        if !keeps {
            let removed = crate::classify::judge_argv(
                ctx,
                &["rm".to_owned(), "-f".to_owned(), operand.clone()],
            );
            if removed.level == RiskLevel::Forbidden {
                j.raise(
                    RiskLevel::Forbidden,
                    format!(
                        "{name} replaces {operand} with its copy and removes it: {}",
                        removed.reason
                    ),
                );
            }
        }
        if decompresses && let Some(plain) = operand.strip_suffix(suffix) {
            let (level, reason) = ctx.paths.write(plain);
            if level == RiskLevel::Forbidden {
                j.raise(level, format!("{name} writes {plain}: {reason}"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{has, suffix};

    #[test]
    fn options_that_keep_the_input_or_write_the_output() {
        let words =
            |line: &str| -> Vec<String> { line.split_whitespace().map(str::to_owned).collect() };
        assert!(has(&words("-kv x"), 'k', &["--keep"]));
        assert!(has(&words("--stdout x"), 'c', &["--stdout"]));
        assert!(!has(&words("-9 x"), 'c', &["--stdout"]));
        assert_eq!(suffix("gzip"), Some(".gz"));
        assert_eq!(suffix("cat"), None);
    }
}
