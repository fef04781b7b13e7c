//! tar: old-style letters (`tar tzf x`) are read as the options they stand for; listing,
//! comparing and extracting to standard output read; creating, appending, updating, deleting and
//! extracting to disk change files; compression programs, checkpoint actions, `--to-command`,
//! volume scripts and remote shells run commands; the multi-volume prompt (`-M`, `-L`) reads
//! commands from the input; `--remove-files` deletes.

use super::{Ctx, Judgement, Operands, apply};
use crate::level::RiskLevel;
use crate::options::{
    Opt, Spec, Takes, changes, flag, optional, parse, reads, runs, sizes, sizes_in, unproven,
    value, writes,
};

/// The largest record tar may allocate where nothing contains it (GNU tar's default is 10 KiB).
const MOST_RECORD: u64 = 64 << 20;

const TAR: &[Opt] = &[
    flag("t|list"),
    flag("x|extract|get"),
    flag("c|create"),
    flag("r|append"),
    flag("u|update"),
    flag("A|catenate|concatenate"),
    flag("delete"),
    flag("d|diff|compare"),
    flag("test-label"),
    flag("show-defaults"),
    value("f|file"),
    value("C|directory"),
    flag("v|verbose"),
    flag("z|gzip|gunzip|ungzip"),
    flag("j|bzip2"),
    flag("J|xz"),
    flag("zstd"),
    flag("lzip"),
    flag("lzma"),
    flag("lzop"),
    flag("a|auto-compress"),
    flag("Z|compress|uncompress"),
    runs("I|use-compress-program"),
    runs("checkpoint-action"),
    optional("checkpoint"),
    runs("to-command"),
    runs("F|info-script|new-volume-script"),
    runs("rsh-command"),
    runs("rmt-command"),
    writes("index-file"),
    writes("g|listed-incremental"),
    writes("volno-file"),
    reads("T|files-from"),
    reads("X|exclude-from"),
    value("exclude"),
    value("exclude-tag"),
    value("exclude-tag-all"),
    value("exclude-tag-under"),
    flag("exclude-vcs"),
    flag("exclude-vcs-ignores"),
    flag("exclude-backups"),
    flag("exclude-caches"),
    flag("exclude-caches-all"),
    flag("exclude-caches-under"),
    flag("wildcards"),
    flag("no-wildcards"),
    flag("wildcards-match-slash"),
    flag("no-wildcards-match-slash"),
    flag("anchored"),
    flag("no-anchored"),
    flag("ignore-case"),
    flag("no-ignore-case"),
    value("strip-components"),
    value("transform|xform"),
    flag("show-transformed-names"),
    flag("show-stored-names"),
    flag("O|to-stdout"),
    flag("p|preserve-permissions|same-permissions"),
    flag("no-same-permissions"),
    flag("same-owner"),
    flag("no-same-owner"),
    flag("numeric-owner"),
    value("owner"),
    value("group"),
    value("mode"),
    value("mtime"),
    value("N|newer|after-date"),
    value("newer-mtime"),
    flag("k|keep-old-files"),
    flag("keep-newer-files"),
    flag("keep-directory-symlink"),
    flag("skip-old-files"),
    flag("overwrite"),
    flag("overwrite-dir"),
    flag("no-overwrite-dir"),
    flag("U|unlink-first"),
    flag("recursive-unlink"),
    changes("remove-files", Takes::No, "deletes the files it archives"),
    flag("W|verify"),
    flag("w|interactive|confirmation"),
    optional("totals"),
    flag("R|block-number"),
    // tar allocates one record of the blocking factor's 512-byte blocks (or of the record
    // size) before it reads: bounded where nothing contains it.
    sizes_in("b|blocking-factor", 512, MOST_RECORD),
    flag("B|read-full-records"),
    flag("i|ignore-zeros"),
    value("H|format"),
    flag("posix"),
    flag("o"),
    value("V|label"),
    // At the end of each volume tar asks for the next one and reads the answer from its input
    // (or the terminal): `!` starts a shell, `n NAME` opens another archive.
    unproven(
        "M|multi-volume",
        Takes::No,
        "the volume prompt reads commands from the input (`!` starts a shell)",
    ),
    unproven(
        "L|tape-length",
        Takes::Value,
        "the volume prompt reads commands from the input (`!` starts a shell)",
    ),
    flag("S|sparse"),
    value("sparse-version"),
    flag("h|dereference"),
    flag("hard-dereference"),
    flag("l|check-links"),
    value("K|starting-file"),
    optional("occurrence"),
    flag("null"),
    flag("no-null"),
    flag("verbatim-files-from"),
    flag("no-verbatim-files-from"),
    value("warning"),
    value("quoting-style"),
    value("quote-chars"),
    value("no-quote-chars"),
    flag("s|same-order|preserve-order"),
    flag("force-local"),
    flag("utc"),
    flag("full-time"),
    value("sort"),
    flag("one-file-system"),
    flag("one-top-level"),
    flag("no-recursion"),
    flag("recursion"),
    flag("acls"),
    flag("no-acls"),
    flag("xattrs"),
    flag("no-xattrs"),
    flag("selinux"),
    flag("no-selinux"),
    value("xattrs-include"),
    value("xattrs-exclude"),
    flag("restrict"),
    optional("backup"),
    value("suffix"),
    optional("atime-preserve"),
    flag("delay-directory-restore"),
    flag("no-delay-directory-restore"),
    flag("ignore-command-error"),
    flag("no-ignore-command-error"),
    flag("ignore-failed-read"),
    sizes("record-size", MOST_RECORD),
    flag("P|absolute-names"),
    flag("m|touch"),
    flag("unquote"),
    flag("no-unquote"),
    value("level"),
    flag("n|seek"),
    flag("no-seek"),
    flag("help"),
    flag("usage"),
    flag("version"),
];

/// Letters of old-style options that take a value (consumed from the following words, in order).
const OLD_VALUED: &str = "fCIFgTXbHVLKN";

/// `tar tzf x.tgz` as `tar -t -z -f x.tgz`.
fn unbundle(args: &[String]) -> Vec<String> {
    let Some(first) = args.first() else {
        return Vec::new();
    };
    if first.starts_with('-') || !first.chars().all(|c| c.is_ascii_alphabetic()) {
        return args.to_vec();
    }
    let mut out = Vec::new();
    let mut rest = args[1..].iter();
    for letter in first.chars() {
        out.push(format!("-{letter}"));
        if OLD_VALUED.contains(letter)
            && let Some(value) = rest.next()
        {
            out.push(value.clone());
        }
    }
    out.extend(rest.cloned());
    out
}

/// Everyday files without an extension, which are files and not directories in any archive
/// of a system or a project (`etc/hostname`, `Makefile`).
const PLAIN_FILE_NAMES: &[&str] = &[
    "hostname",
    "hosts",
    "fstab",
    "crontab",
    "motd",
    "issue",
    "os-release",
    "timezone",
    "machine-info",
    "Makefile",
    "Dockerfile",
    "README",
    "LICENSE",
    "CHANGELOG",
    "VERSION",
];

/// Why `tar -xO` prints members that are not each named as one ordinary file, if it does: with
/// no member it prints every member (`/etc/shadow` of a backup included) and the path judge sees
/// no name; patterns (`--wildcards`), lists (`-T`, `--files-from`), exclusions and a member
/// that may be a directory (no extension, a trailing `/`, `.`) select members by what is
/// inside the archive, not by a name judged here.
fn unnamed_members(parsed: &crate::options::Parsed) -> Option<&'static str> {
    if parsed.has("files-from") {
        return Some("prints the members a list names, which are not judged here");
    }
    // Each of these makes a member name match other names than itself (`--no-anchored
    // shadow` is `*/shadow`).
    if [
        "wildcards",
        "wildcards-match-slash",
        "no-anchored",
        "ignore-case",
    ]
    .iter()
    .any(|o| parsed.has(o))
    {
        return Some("prints the members a pattern matches, which are not judged here");
    }
    if [
        "exclude",
        "exclude-from",
        "exclude-tag",
        "exclude-tag-all",
        "exclude-tag-under",
    ]
    .iter()
    .any(|o| parsed.has(o))
    {
        return Some("prints every member not excluded, none of them named");
    }
    if parsed.operands.is_empty() {
        return Some("prints every member of the archive, none of them named");
    }
    let recursive = !parsed.has("no-recursion");
    let file_like = |member: &str| {
        let name = crate::paths::lexical(std::path::Path::new(member));
        let last = name.file_name().and_then(|n| n.to_str()).unwrap_or("");
        !member.ends_with('/')
            && !member.contains(['*', '?', '[', '\\'])
            && !last.is_empty()
            && (!recursive
                || last.trim_start_matches('.').contains('.')
                || PLAIN_FILE_NAMES.contains(&last))
    };
    if parsed.operands.iter().all(|m| file_like(m)) {
        None
    } else {
        Some("prints a member that may be a directory: every file under it, none of them named")
    }
}

pub fn judge(ctx: &Ctx, args: &[String]) -> Option<Judgement> {
    let args = unbundle(args);
    let parsed = parse(&args, &Spec::gnu(TAR));
    let mut j = Judgement::low("lists an archive");
    apply(ctx, "tar", &parsed, Operands::Names, &mut j);
    let archive = parsed.values("file").last().unwrap_or("-");
    // `-N`/`--newer`/`--after-date`/`--newer-mtime` take a date string (a file's time when it
    // starts with `/` or `.`), which may carry a time zone rule naming a file.
    for date in parsed.values("N").chain(parsed.values("newer-mtime")) {
        if !date.starts_with(['/', '.']) {
            super::date_strings::judge(ctx, &mut j, "tar --newer", date);
        }
    }
    let to_stdout = parsed.has("to-stdout");
    let reading = parsed.has("list")
        || parsed.has("diff")
        || parsed.has("test-label")
        || (parsed.has("extract") && to_stdout);
    let writing = parsed.has("create")
        || parsed.has("append")
        || parsed.has("update")
        || parsed.has("catenate")
        || parsed.has("delete");
    if writing {
        let (level, reason) = ctx.paths.write(archive);
        j.raise(
            level.max(RiskLevel::High),
            format!("tar writes an archive: {reason}"),
        );
    } else if parsed.has("extract") && !to_stdout {
        j.raise(RiskLevel::High, "tar extracts files onto the disk");
    } else if reading {
        j.raise_path(ctx.read(archive));
        // Comparing tells, member by member, whether a file on disk holds what the archive
        // does: an archive of guesses answers them for files whose contents are never printed
        // (redaction does not see the answer).
        if parsed.has("diff") {
            j.raise(
                RiskLevel::Medium,
                "tar -d compares files with the archive's members: it answers whether a file holds a guessed content",
            );
        }
        // A member holds what the file it was archived from held: `etc/mongod.conf` of a
        // backup of `/` is judged as `/etc/mongod.conf` is.
        if parsed.has("extract") {
            for member in &parsed.operands {
                if let Some(why) = crate::paths::archived_secret(member) {
                    j.raise(
                        RiskLevel::High,
                        format!("tar -xO prints the member {member}: {why}"),
                    );
                }
            }
        }
        if parsed.has("extract")
            && let Some(why) = unnamed_members(&parsed)
        {
            // On a host where nothing contains the command, the archive's secrets (a backup
            // of /etc, of home directories) are the host's own: a human decides.
            let level = if ctx.paths.uncontained {
                RiskLevel::High
            } else {
                RiskLevel::Medium
            };
            j.raise(level, format!("tar -xO {why}"));
        }
    } else if !parsed.has("help") && !parsed.has("version") && !parsed.has("show-defaults") {
        j.raise(
            RiskLevel::Medium,
            "tar without a mode it is known to be safe in",
        );
    }
    // `host:file` is a remote archive, reached through a remote shell.
    if let Some((host, _)) = archive.split_once(':')
        && !host.contains('/')
        && !parsed.has("force-local")
    {
        j.raise(
            RiskLevel::High,
            "tar reaches a remote archive through a remote shell",
        );
    }
    Some(j)
}
