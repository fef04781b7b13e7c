//! The listing and testing forms of archivers that otherwise unpack or write: `unzip -l`,
//! `unzip -t`, `zipinfo`, `7z l`, `7z t`, `cpio -t`, `ar t`, `lsinitramfs`.
//! Each prints the names, sizes and dates of the members, or a verdict on each, and writes
//! nothing. A positive model: every option must be one named here for the program's reading
//! mode; anything else (`unzip -o`, `-d DIR`, `7z x`, `cpio -i`, `ar r`, `ar p`) leaves
//! the program to its own table. The archive itself is judged as read (`unzip -l
//! /root/x.zip` keeps the rule for `/root`).

use super::{Ctx, Judgement};

/// The verdict for `name` with `args` where it only lists or tests an archive; `None`
/// otherwise.
pub fn judge(ctx: &Ctx, name: &str, args: &[String]) -> Option<Judgement> {
    let files = match name {
        "unzip" => unzip(args)?,
        "zipinfo" => zipinfo(args, false)?,
        "7z" | "7za" | "7zr" | "7zz" => seven_zip(args)?,
        "cpio" => cpio(args)?,
        "ar" => ar(args)?,
        "lsinitramfs" => plain(args, &["-l"])?,
        // `-f FILE` prints a member's contents (an initrd may hold key files): not here.
        "lsinitrd" => plain(args, &["-s", "--size"])?,
        _ => return None,
    };
    let mut j = Judgement::low("lists or tests an archive");
    for file in files {
        j.raise_path(ctx.read(file));
    }
    Some(j)
}

/// `unzip -l|-v|-t|-z [-q] ARCHIVE [MEMBERS]`, or `unzip -Z …` (zipinfo). Returns the
/// archive and members, judged as read.
fn unzip(args: &[String]) -> Option<Vec<&str>> {
    let first = args.first()?;
    if let Some(rest) = first.strip_prefix("-Z") {
        // `-Z` makes every following option zipinfo's.
        if !rest.chars().all(|c| "12smlvhtTz".contains(c)) {
            return None;
        }
        return zipinfo(&args[1..], true);
    }
    let mut mode = false;
    let mut files = Vec::new();
    for arg in args {
        match arg.strip_prefix('-') {
            Some(cluster) if !cluster.is_empty() && !cluster.starts_with('-') => {
                for flag in cluster.chars() {
                    match flag {
                        'l' | 'v' | 't' | 'z' => mode = true,
                        'q' => {}
                        _ => return None,
                    }
                }
            }
            Some(_) => return None,
            None => files.push(arg.as_str()),
        }
    }
    (mode && !files.is_empty()).then_some(files)
}

/// zipinfo's options (`-1`, `-2`, `-s`, `-m`, `-l`, `-v`, `-h`, `-t`, `-T`, `-z`); `-M`, its
/// pager, waits for a key. `zipinfo` alone prints its usage.
fn zipinfo(args: &[String], after_z: bool) -> Option<Vec<&str>> {
    let mut files = Vec::new();
    for arg in args {
        match arg.strip_prefix('-') {
            Some(cluster) if !cluster.is_empty() && !cluster.starts_with('-') => {
                if !cluster.chars().all(|c| "12smlvhtTz".contains(c)) {
                    return None;
                }
            }
            Some(_) => return None,
            None => files.push(arg.as_str()),
        }
    }
    (after_z || !files.is_empty()).then_some(files)
}

/// 7-Zip's `l` (list), `t` (test) and `i` (the formats it knows), with switches that only
/// shape what is printed: `-slt` (technical listing), `-ba`, `-bb0`–`-bb3`, `-bd`, `-t{TYPE}`
/// (the archive's type), `-r`, `-scs{CHARSET}`. `-p` (password), `-o`, `-so`, `-i@`/`-x@`
/// (lists read from files) and the rest are not here.
fn seven_zip(args: &[String]) -> Option<Vec<&str>> {
    let mut command = None;
    let mut files = Vec::new();
    for arg in args {
        if let Some(switch) = arg.strip_prefix('-') {
            let known = matches!(switch, "slt" | "ba" | "bd" | "bb" | "r" | "r-" | "y")
                || switch
                    .strip_prefix("bb")
                    .is_some_and(|n| matches!(n, "0" | "1" | "2" | "3"))
                || switch
                    .strip_prefix('t')
                    .is_some_and(|t| !t.is_empty() && t.chars().all(|c| c.is_ascii_alphanumeric()))
                || switch
                    .strip_prefix("scs")
                    .is_some_and(|c| c.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
            if !known {
                return None;
            }
            continue;
        }
        if command.is_none() {
            command = Some(arg.as_str());
        } else {
            files.push(arg.as_str());
        }
    }
    match command? {
        // `@LIST` reads the archives' names from a file.
        "l" | "t" if !files.is_empty() && !files.iter().any(|f| f.starts_with('@')) => Some(files),
        "i" if files.is_empty() => Some(files),
        _ => None,
    }
}

/// `cpio -t` (`--list`, and `-it`): the archive comes from the input or `-F`/`-I`/`--file`;
/// `-v`, `-n`, `--quiet`, `-H FORMAT` only shape the listing. `-i` without `-t`, `-o`, `-p`,
/// `-D`, `-d`, `-u` and the rest are not here.
fn cpio(args: &[String]) -> Option<Vec<&str>> {
    let mut listing = false;
    let mut files = Vec::new();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--list" => listing = true,
            "--quiet" | "--numeric-uid-gid" | "--verbose" => {}
            "-F" | "-I" | "--file" => files.push(iter.next()?.as_str()),
            "-H" | "--format" => {
                iter.next()?;
            }
            long if long.starts_with("--file=") => files.push(&long["--file=".len()..]),
            long if long.starts_with("--format=") => {}
            cluster if cluster.starts_with('-') && !cluster.starts_with("--") => {
                for flag in cluster[1..].chars() {
                    match flag {
                        't' => listing = true,
                        'i' | 'v' | 'n' => {}
                        _ => return None,
                    }
                }
            }
            // Any other option (`--rsh-command`, `--pattern-file`) is not here.
            other if other.starts_with('-') => return None,
            // Patterns choosing which members are listed.
            _ => {}
        }
    }
    // `HOST:FILE` is read through a remote shell cpio starts.
    (listing && !files.iter().any(|f| f.contains(':'))).then_some(files)
}

/// `ar t ARCHIVE [MEMBERS]` (`v` and `O` only shape the listing); `ar p` prints the members
/// themselves, none of them named, and is not here.
fn ar(args: &[String]) -> Option<Vec<&str>> {
    let (key, rest) = args.split_first()?;
    let key = key.strip_prefix('-').unwrap_or(key);
    let mut letters = key.chars();
    let operation = letters.next()?;
    if operation != 't' || !letters.all(|c| matches!(c, 'v' | 'O')) {
        return None;
    }
    let archive = rest.first()?;
    if archive.starts_with('-') {
        return None;
    }
    Some(vec![archive.as_str()])
}

/// A program whose only options are `allowed` and whose operands are files read.
fn plain<'a>(args: &'a [String], allowed: &[&str]) -> Option<Vec<&'a str>> {
    let mut files = Vec::new();
    for arg in args {
        if arg.starts_with('-') {
            if !allowed.contains(&arg.as_str()) {
                return None;
            }
        } else {
            files.push(arg.as_str());
        }
    }
    Some(files)
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
    fn only_listing_and_testing_forms_are_read_only() {
        for line in [
            "unzip -l x.zip",
            "unzip -lv x.zip",
            "unzip -qql x.zip",
            "unzip -t x.zip",
            "unzip -tq x.zip",
            "unzip -v x.zip",
            "unzip -Z x.zip",
            "unzip -Z1 x.zip",
            "unzip -Z -1 x.zip",
            "zipinfo x.zip",
            "zipinfo -1 x.zip",
            "7z l x.7z",
            "7z l -slt x.7z",
            "7z t x.7z",
            "7za l x.7z",
            "7zz l -ba x.7z",
            "7z i",
            "cpio -t",
            "cpio -tv",
            "cpio -itv",
            "cpio --list -F x.cpio",
            "ar t x.a",
            "ar tv x.a",
            "lsinitramfs /boot/initrd.img",
            "lsinitramfs -l /boot/initrd.img",
            "lsinitrd",
        ] {
            assert_eq!(level(line), Some(RiskLevel::Low), "{line}");
        }
        for line in [
            "unzip x.zip",
            "unzip -o x.zip",
            "unzip -l x.zip -d /etc",
            "unzip -lo x.zip",
            "unzip -p x.zip",
            "unzip -l",
            "unzip -ZM x.zip",
            "zipinfo -M x.zip",
            "7z x x.7z",
            "7z e x.7z",
            "7z l x.7z -o/etc",
            "7z l -so x.7z",
            "7z l -p x.7z",
            "7z a x.7z y",
            "7z d x.7z y",
            "7z l -i@list x.7z",
            "cpio -i",
            "cpio -id",
            "cpio -t -D /",
            "cpio -o",
            "cpio -t --rsh-command=sh -F host:x",
            "cpio -t -F host:/x",
            "cpio -t --pattern-file=list",
            "7z l @list",
            "cpio -p /etc",
            "ar x x.a",
            "ar r x.a y.o",
            "ar d x.a y.o",
            "ar tu x.a",
            "ar p x.a",
            "dpkg-deb -c x.deb",
            "dpkg-deb -x x.deb /",
            "dpkg-deb -R x.deb /etc",
            "dpkg-deb -b dir x.deb",
            "dpkg-deb -c x.deb --extract",
            "lsinitrd -f etc/crypttab",
            "unmkinitramfs x.img /etc",
        ] {
            assert_eq!(level(line), None, "{line}");
        }
    }
}
