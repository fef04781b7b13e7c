//! Files a program writes inside a directory it is given, rather than at a path it is given:
//! the target directory of `cp`, `mv`, `ln` and `install` (`-t DIR`, `--target-directory=DIR`,
//! or a last operand written as a directory, `DIR/`), each source landing at `DIR/NAME`; and
//! the directory an archive or a patch is unpacked into (`tar -x -C DIR`, `unzip -d DIR`, `7z x
//! -oDIR`, `cpio -i -D DIR`, `patch -d DIR`, `git apply --directory=DIR`, or the directory a
//! `cd` moved to), whose names the line cannot show: judged as a write to `DIR/*`, which may be
//! any file there (`tar -C / -xf x.tar` may overwrite `/etc/passwd`). The file `patch` is told
//! to patch is written in place.

use super::{Ctx, Judgement};
use crate::level::RiskLevel;

/// Raises `j` by each file `name` with `args` writes into a directory it is given.
pub fn raise(ctx: &Ctx, name: &str, args: &[String], j: &mut Judgement) {
    let mut targets: Vec<String> = Vec::new();
    match name {
        "cp" | "mv" | "ln" | "install" => targets.extend(copied_into(args)),
        "tar" | "bsdtar" | "gtar" if extracts(args) => targets.extend(unpacked_into(
            ctx,
            option_value(args, &["-C", "--directory"], Some('C')),
        )),
        "unzip" => targets.extend(unpacked_into(ctx, option_value(args, &["-d"], Some('d')))),
        // Downloaders saving under the name the server or the URL gives, in a directory an
        // option names (`wget -P /usr/bin URL`, `curl --output-dir /usr/bin -O URL`).
        "wget" => targets.extend(unpacked_into(
            ctx,
            option_value(args, &["-P", "--directory-prefix"], Some('P')),
        )),
        "curl" => targets.extend(unpacked_into(
            ctx,
            option_value(args, &["--output-dir"], None),
        )),
        "aria2c" => targets.extend(unpacked_into(
            ctx,
            option_value(args, &["-d", "--dir"], Some('d')),
        )),
        // `rsync -a ./bin/ /usr/bin/`, `scp -r host:dir/ /etc/`: a local last operand written
        // as a directory receives names the line does not show.
        "rsync" | "scp" => {
            let operands: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
            if let Some((last, rest)) = operands.split_last()
                && !rest.is_empty()
                && last.ends_with('/')
                && !last.contains(':')
            {
                targets.extend(unpacked_into(ctx, Some((*last).clone())));
            }
        }
        "7z" | "7za" | "7zr" | "7zz"
            if args
                .iter()
                .find(|a| !a.starts_with('-'))
                .is_some_and(|c| matches!(c.as_str(), "x" | "e")) =>
        {
            let dir = args
                .iter()
                .find_map(|a| a.strip_prefix("-o").map(str::to_owned));
            targets.extend(unpacked_into(ctx, dir));
        }
        "cpio" if args.iter().any(|a| a == "--extract" || short_flag(a, 'i')) => targets.extend(
            unpacked_into(ctx, option_value(args, &["-D", "--directory"], Some('D'))),
        ),
        // `cpio -p DIR < list` copies the files named into DIR.
        "cpio"
            if args
                .iter()
                .any(|a| a == "--pass-through" || short_flag(a, 'p')) =>
        {
            let dir = args.iter().find(|a| !a.starts_with('-')).cloned();
            targets.extend(unpacked_into(ctx, dir));
        }
        // `ar x ARCHIVE --output DIR` extracts the members into DIR.
        "ar" | "llvm-ar" | "gcc-ar" => {
            targets.extend(unpacked_into(ctx, option_value(args, &["--output"], None)));
        }
        // `dpkg-deb -x DEB DIR`, `unmkinitramfs IMAGE DIR`: the last operand is the
        // directory unpacked into.
        "dpkg-deb"
            if args.iter().any(|a| {
                matches!(
                    a.as_str(),
                    "-x" | "-X" | "-R" | "--extract" | "--vextract" | "--raw-extract"
                )
            }) =>
        {
            let dir = args.iter().filter(|a| !a.starts_with('-')).nth(1).cloned();
            targets.extend(unpacked_into(ctx, dir));
        }
        "unmkinitramfs" => {
            let dir = args.iter().filter(|a| !a.starts_with('-')).nth(1).cloned();
            targets.extend(unpacked_into(ctx, dir));
        }
        "patch" => {
            targets.extend(unpacked_into(
                ctx,
                option_value(args, &["-d", "--directory"], Some('d')),
            ));
            // `patch FILE < DIFF`: the first operand is the file patched in place.
            targets.extend(
                args.iter()
                    .filter(|a| !a.starts_with('-'))
                    .take(1)
                    .filter(|a| !option_takes(args, a))
                    .cloned(),
            );
        }
        // `--unsafe-paths` lets the patch's names climb out of the tree (`../../etc/passwd`).
        "git" if args.iter().any(|a| a == "apply") => {
            let dir = if args.iter().any(|a| a == "--unsafe-paths") {
                Some("/".to_owned())
            } else {
                option_value(args, &["--directory"], None)
            };
            targets.extend(unpacked_into(ctx, dir));
        }
        _ => {}
    }
    for target in targets {
        let (level, reason) = ctx.paths.write(&target);
        if level > j.level {
            j.raise(
                level.max(RiskLevel::High),
                format!("{name} writes {target}: {reason}"),
            );
        }
    }
}

/// Whether tar's words ask it to extract (`-x`, `xf`, `--extract`, `--get`).
fn extracts(args: &[String]) -> bool {
    args.iter().enumerate().any(|(at, a)| {
        matches!(a.as_str(), "--extract" | "--get")
            || short_flag(a, 'x')
            // The old style: a first word of letters alone (`tar xzf x.tgz`).
            || (at == 0 && !a.starts_with('-') && a.contains('x') && a.chars().all(|c| c.is_ascii_alphabetic()))
    })
}

/// Whether `word` is a cluster of short options holding `flag` (`-xzf`, `-i`).
fn short_flag(word: &str, flag: char) -> bool {
    word.strip_prefix('-')
        .is_some_and(|cluster| !cluster.starts_with('-') && cluster.contains(flag))
}

/// The value of the option spelt `long` (`-C DIR`, `--directory=DIR`, `--directory DIR`) or
/// given as `-CDIR` / at the end of a cluster (`-xC DIR` is not tar's way, but `-C/` is).
fn option_value(args: &[String], spellings: &[&str], short: Option<char>) -> Option<String> {
    let mut found = None;
    for (at, arg) in args.iter().enumerate() {
        for spelling in spellings {
            if arg == spelling {
                found = args.get(at + 1).cloned();
            } else if let Some(value) = arg.strip_prefix(&format!("{spelling}=")) {
                found = Some(value.to_owned());
            }
        }
        if let Some(flag) = short
            && let Some(value) = arg.strip_prefix(&format!("-{flag}"))
            && !value.is_empty()
            && !arg.starts_with("--")
        {
            found = Some(value.to_owned());
        }
        // `-od DIR`: the option last in a cluster takes the next word.
        if let Some(flag) = short
            && !arg.starts_with("--")
            && arg.len() > 2
            && arg.starts_with('-')
            && arg.ends_with(flag)
            && arg[1..arg.len() - 1]
                .chars()
                .all(|c| c.is_ascii_alphabetic())
        {
            found = args.get(at + 1).cloned();
        }
    }
    found
}

/// Whether `word` is the value of an option of `args` that takes one (`-p1` does not; `-i
/// DIFF`, `-d DIR`, `-o OUT`, `-r REJ` do).
fn option_takes(args: &[String], word: &str) -> bool {
    args.windows(2).any(|pair| {
        pair[1] == word
            && matches!(
                pair[0].as_str(),
                "-i" | "--input"
                    | "-d"
                    | "--directory"
                    | "-o"
                    | "--output"
                    | "-r"
                    | "-B"
                    | "-z"
                    | "-p"
                    | "-D"
                    | "-F"
                    | "-V"
                    | "-Y"
            )
    })
}

/// The files unpacked into a directory: the one given, joined to where the command runs, or
/// where it runs when none is given and the line moved there (`cd / && tar -xf x.tar`). Any
/// name at any depth may be written: `DIR/*`, `DIR/*/*` and `DIR/*/*/*` stand for them
/// (`/*/*` may be `/etc/passwd`, `/*/*/*` `/usr/bin/bash`).
fn unpacked_into(ctx: &Ctx, dir: Option<String>) -> Vec<String> {
    unpacked_dirs(ctx, dir)
        .into_iter()
        .flat_map(|dir| {
            let dir = dir.trim_end_matches('/').to_owned();
            [
                format!("{dir}/*"),
                format!("{dir}/*/*"),
                format!("{dir}/*/*/*"),
            ]
        })
        .collect()
}

fn unpacked_dirs(ctx: &Ctx, dir: Option<String>) -> Vec<String> {
    // A directory the line cannot show (`-C "$D"`, `-d $(pwd)`) may be `/`.
    if dir
        .as_deref()
        .is_some_and(|d| d.starts_with('$') || d.starts_with("__substitution__"))
    {
        return vec!["/".to_owned()];
    }
    let base = ctx.paths.working_dir.and_then(|d| d.to_str());
    match (dir, base) {
        (Some(dir), _) if dir.starts_with('/') => vec![dir],
        (Some(dir), Some(base)) => vec![format!("{base}/{dir}")],
        // A relative directory where the command starts, which the line does not show (`/`
        // in the sandbox, a home or `/etc` elsewhere): a system directory's name or a path
        // from `/` (`-C etc`, `-d usr/bin`, `-C ../../etc`) is judged as that directory;
        // any other (`-C build`) is an everyday unpacking, judged as written elsewhere.
        (Some(dir), None) => {
            let mut dirs: Vec<String> = crate::paths::as_root_dir(&dir).into_iter().collect();
            dirs.extend(crate::paths::as_relative_in_start_dirs(&dir));
            dirs
        }
        // No directory where the command starts: an everyday unpacking here (`tar -xf x.tar`).
        (None, None) => Vec::new(),
        (None, Some(base)) => vec![base.to_owned()],
    }
}

/// The files `cp`/`mv`/`ln`/`install` write when given a target directory: `DIR/NAME` for each
/// source.
fn copied_into(args: &[String]) -> Vec<String> {
    let mut dir: Option<String> = None;
    let mut sources: Vec<&str> = Vec::new();
    let mut i = 0;
    let mut options_done = false;
    while let Some(arg) = args.get(i) {
        i += 1;
        if options_done || !arg.starts_with('-') || arg == "-" {
            sources.push(arg);
            continue;
        }
        if arg == "--" {
            options_done = true;
        } else if arg == "--target-directory" {
            dir = args.get(i).cloned();
            i += 1;
        } else if let Some(value) = arg.strip_prefix("--target-directory=") {
            dir = Some(value.to_owned());
        } else if !arg.starts_with("--")
            && let Some(at) = arg.find('t')
        {
            // `-t DIR`, `-tDIR`, `-sft DIR`: what follows `t` in the cluster is the value.
            let value = &arg[at + 1..];
            if value.is_empty() {
                dir = args.get(i).cloned();
                i += 1;
            } else {
                dir = Some(value.to_owned());
            }
        } else if matches!(
            arg.as_str(),
            "-m" | "-o" | "-g" | "-S" | "--suffix" | "--mode" | "--owner" | "--group"
        ) {
            // Options of install and cp that take a value.
            i += 1;
        }
    }
    let dir = match dir {
        Some(dir) => dir,
        None => {
            // `cp SRC… DIR/`: a last operand written as a directory.
            let Some((last, rest)) = sources.split_last() else {
                return Vec::new();
            };
            if rest.is_empty() || !last.ends_with('/') {
                return Vec::new();
            }
            let dir = (*last).to_owned();
            sources = rest.to_vec();
            dir
        }
    };
    sources
        .iter()
        .map(|source| {
            let name = source
                .trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap_or(source);
            format!("{}/{name}", dir.trim_end_matches('/'))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<String> {
        line.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn a_target_directory_receives_each_source_by_its_name() {
        assert_eq!(copied_into(&words("-t /etc /tmp/passwd")), ["/etc/passwd"]);
        assert_eq!(
            copied_into(&words("--target-directory=/bin /tmp/bash")),
            ["/bin/bash"]
        );
        assert_eq!(
            copied_into(&words("-sft /usr/bin /tmp/sudo")),
            ["/usr/bin/sudo"]
        );
        assert_eq!(copied_into(&words("/tmp/shadow /etc/")), ["/etc/shadow"]);
        assert_eq!(
            copied_into(&words("-m 644 -t /etc /tmp/group")),
            ["/etc/group"]
        );
        assert!(copied_into(&words("/tmp/a /tmp/b")).is_empty());
    }

    #[test]
    fn extraction_is_told_apart() {
        assert!(extracts(&words("-xf x.tar")));
        assert!(extracts(&words("xzf x.tgz")));
        assert!(extracts(&words("--extract -f x.tar")));
        assert!(!extracts(&words("-tf x.tar")));
        assert!(!extracts(&words("-czf x.tgz dir")));
        assert_eq!(
            option_value(&words("-C / -xf x.tar"), &["-C", "--directory"], Some('C')),
            Some("/".to_owned())
        );
        assert_eq!(
            option_value(
                &words("-xf x.tar --directory=/usr"),
                &["-C", "--directory"],
                Some('C')
            ),
            Some("/usr".to_owned())
        );
    }
}
