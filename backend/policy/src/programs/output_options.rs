//! Where a program no table knows writes its output. Compilers, linkers, builders and
//! converters name it in an option (`gcc -o /usr/bin/sudo x.c`, `go build -o /usr/local/bin/x`,
//! `rustc --out-dir /usr/bin`), binutils' editors write their operands in place or the last
//! of two (`strip /bin/bash`, `objcopy x /bin/ls`), and a few text tools edit their files in
//! place (`yq -i`, `dos2unix`). The sandbox holds the rest of what such a program does; these
//! files are judged as written: a system program, library, boot file or account file is
//! forbidden, a locally installed program (`/usr/local/bin`, `/opt`) is high.

use super::{Ctx, Judgement};
use crate::level::RiskLevel;

/// Options whose value is the file written.
pub const OUTPUT_OPTIONS: &[&str] = &[
    "-o",
    "--output",
    "--out",
    "--outfile",
    "--out-file",
    "--output-file",
    "--outputfile",
    "-out",
    "-output",
];

/// Options whose value is a directory the output is written in.
const OUTPUT_DIR_OPTIONS: &[&str] = &[
    "--out-dir",
    "--artifact-dir",
    "--outdir",
    "--output-dir",
    "--output-directory",
    "--distpath",
];

/// Options whose value is joined to them by a sign other than `=`: zig's `-femit-bin=`, nim's
/// `-o:` and `--out:`.
const JOINED_OUTPUT_PREFIXES: &[&str] = &["-femit-bin=", "-o:", "--out:"];

/// binutils' and ELF editors: each operand is rewritten in place (no `-o`).
const IN_PLACE_EDITORS: &[&str] = &[
    "strip",
    "eu-strip",
    "llvm-strip",
    "sstrip",
    "ranlib",
    "patchelf",
    "chrpath",
    "upx",
    "prelink",
    "execstack",
    "elfedit",
    "dos2unix",
    "unix2dos",
    "mac2unix",
    "unix2mac",
];

/// Copiers of object files: `objcopy IN [OUT]` writes OUT, or IN in place.
const OBJECT_COPIERS: &[&str] = &["objcopy", "llvm-objcopy", "eu-elfcompress"];

/// The files `name` writes by its options and operands, as written.
fn targets(name: &str, args: &[String]) -> Vec<String> {
    let base = name.rsplit('/').next().unwrap_or(name);
    // A cross toolchain's tools (`x86_64-linux-gnu-strip`, `aarch64-linux-gnu-objcopy`).
    let base = ["strip", "objcopy", "ranlib"]
        .iter()
        .find(|tool| base.ends_with(&format!("-{tool}")))
        .map_or(base, |tool| *tool);
    let mut found = Vec::new();
    // `ar rcs ARCHIVE OBJ...`: replacing, appending, deleting, moving members or indexing
    // rewrites the archive (`ar r /usr/lib/x86_64-linux-gnu/libc.a x.o`).
    if matches!(base, "ar" | "llvm-ar" | "gcc-ar")
        && let Some((key, rest)) = args.split_first()
        && key
            .trim_start_matches('-')
            .chars()
            .any(|c| matches!(c, 'r' | 'q' | 'd' | 'm' | 's'))
    {
        found.extend(rest.iter().find(|a| !a.starts_with('-')).cloned());
    }
    let mut operands = Vec::new();
    let mut output_given = false;
    let mut iter = args.iter().peekable();
    while let Some(arg) = iter.next() {
        if let Some((option, value)) = arg.split_once('=')
            && (OUTPUT_OPTIONS.contains(&option) || OUTPUT_DIR_OPTIONS.contains(&option))
        {
            output_given = true;
            found.push(dir_or_file(option, value));
            continue;
        }
        if OUTPUT_OPTIONS.contains(&arg.as_str()) || OUTPUT_DIR_OPTIONS.contains(&arg.as_str()) {
            output_given = true;
            if let Some(value) = iter.next() {
                found.push(dir_or_file(arg, value));
            }
            continue;
        }
        if let Some(value) = JOINED_OUTPUT_PREFIXES
            .iter()
            .find_map(|prefix| arg.strip_prefix(prefix))
        {
            output_given = true;
            found.push(value.to_owned());
            continue;
        }
        // `-o/usr/bin/x`: the value joined to the option.
        if let Some(value) = arg.strip_prefix("-o")
            && value.starts_with(['/', '~'])
        {
            output_given = true;
            found.push(value.to_owned());
            continue;
        }
        // javac's and the like's class directory.
        if arg == "-d" && matches!(base, "javac" | "kotlinc" | "scalac") {
            if let Some(value) = iter.next() {
                found.push(format!("{value}/*"));
            }
            continue;
        }
        if !arg.starts_with('-') {
            operands.push(arg.clone());
        }
    }
    let in_place_option = args
        .iter()
        .any(|a| matches!(a.as_str(), "-i" | "--inplace" | "--in-place" | "-L"));
    if IN_PLACE_EDITORS.contains(&base) && !output_given {
        found.extend(operands.iter().cloned());
    } else if OBJECT_COPIERS.contains(&base) && !output_given {
        found.extend(operands.last().cloned());
    } else if in_place_option && matches!(base, "yq" | "xmlstarlet" | "crudini" | "jo") {
        found.extend(operands.iter().cloned());
    }
    found
}

/// A directory option's value as every file in it (`--out-dir /usr/bin` writes `/usr/bin/*`:
/// names the line does not show), and so a value ending in `/`; a file option's as the file.
fn dir_or_file(option: &str, value: &str) -> String {
    // `go build -o /usr/bin/`: a value ending in `/` is a directory too.
    if OUTPUT_DIR_OPTIONS.contains(&option) || (value.len() > 1 && value.ends_with('/')) {
        format!("{}/*", value.trim_end_matches('/'))
    } else {
        value.to_owned()
    }
}

/// Whether the normalised path `path` is a new program in a program directory: a name no
/// table knows (not a vital program, a shell, a wrapper, an interpreter, a setuid program or
/// any program the classifier judges), shown whole. Building one (`go build -o
/// /usr/sbin/mydaemon`) adds a program and replaces none the machine runs: a human decides.
fn is_new_program(ctx: &Ctx, path: &str) -> bool {
    let Some(name) = crate::paths::program_dir_entry(path) else {
        return false;
    };
    !name.contains(['*', '?', '[', '$', '`', '\\'])
        && ctx.paths.protected(path).is_none()
        && !crate::paths::is_vital_file(path)
        && !crate::normalize::is_shell(name)
        && !crate::normalize::is_interpreter(name)
        && crate::wrappers::wrapper(name).is_none()
        && !super::granted_modes::is_setuid_program(name)
        && super::no_table_knows(ctx, name, &[])
}

/// Raises `j` for writing `path`, the output `target` of `name`: forbidden where writing it
/// is, except for a new program (high); a locally installed program's place is high.
fn raise_written(ctx: &Ctx, name: &str, target: &str, path: &str, j: &mut Judgement) {
    let (level, reason) = ctx.paths.write(path);
    let shown = if target == path {
        target.to_owned()
    } else {
        format!("{target}, which may be {path}")
    };
    if level == RiskLevel::Forbidden && is_new_program(ctx, &crate::paths::system_path(path)) {
        j.raise(
            RiskLevel::High,
            format!(
                "{name} writes {shown}, a new program in a program directory (it replaces none the machine runs): a human decides"
            ),
        );
    } else if level == RiskLevel::Forbidden {
        j.raise(level, format!("{name} writes {shown}: {reason}"));
    } else if crate::paths::is_local_program(&crate::paths::system_path(path)) {
        j.raise(
            RiskLevel::High,
            format!(
                "{name} writes {shown}, a locally installed program's place, outside any sandbox's reach: a human decides"
            ),
        );
    }
}

/// Raises `j` for the files an unknown program `name` writes by its options and operands.
pub fn raise(ctx: &Ctx, name: &str, args: &[String], j: &mut Judgement) {
    for target in targets(name, args) {
        // A relative name is written where the sandbox holds it; a value the line cannot show
        // (`-o "$OUT"`, `strip $(which ls)`) may be any file.
        let unshown = target.contains(['$', '`']) || crate::shown_values::is_unshown(&target);
        // `gcc -o usr/bin/sudo`, `mytool -o passwd`: a relative path from `/`, or the name of
        // a file the machine needs, may be that file where the command starts (`/` in the
        // sandbox, a home or `/etc` elsewhere), judged as written there.
        if !target.starts_with(['/', '~']) && !unshown {
            // `strip ./bash`, `upx sudo`: a program's name is the program where the line
            // starts in a program directory. A bare directory's name is a file named so. A
            // directory the line moved to (`cd /usr/bin && strip ./bash`) is where it is.
            let paths = match super::unknown_words::known_start(ctx) {
                Some(dir) => vec![crate::paths::system_path(&format!("{dir}/{target}"))],
                None => {
                    let mut paths = crate::paths::as_relative_in_start_dirs(&target);
                    paths.extend(crate::paths::as_in_start_dirs(&target));
                    paths
                }
            };
            for path in paths {
                raise_written(ctx, name, &target, &path, j);
                if j.level == RiskLevel::Forbidden {
                    break;
                }
            }
            continue;
        }
        raise_written(ctx, name, &target, &target, j);
    }
}

#[cfg(test)]
mod tests {
    use super::targets;

    fn words(line: &str) -> Vec<String> {
        line.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn outputs_in_options_and_operands() {
        assert_eq!(
            targets("gcc", &words("-o /usr/bin/sudo x.c")),
            ["/usr/bin/sudo"]
        );
        assert_eq!(targets("gcc", &words("x.c -o/bin/bash")), ["/bin/bash"]);
        assert_eq!(targets("go", &words("build --output=/x .")), ["/x"]);
        assert_eq!(
            targets("rustc", &words("--out-dir /usr/bin x.rs")),
            ["/usr/bin/*"]
        );
        assert_eq!(
            targets("strip", &words("/bin/bash /bin/ls")),
            ["/bin/bash", "/bin/ls"]
        );
        assert_eq!(targets("strip", &words("-o /tmp/x /bin/bash")), ["/tmp/x"]);
        assert_eq!(
            targets("objcopy", &words("-O binary x /bin/ls")),
            ["/bin/ls"]
        );
        assert_eq!(
            targets("javac", &words("-d /usr/bin X.java")),
            ["/usr/bin/*"]
        );
        assert_eq!(
            targets("yq", &words("-i . /etc/passwd")),
            [".", "/etc/passwd"]
        );
        assert!(targets("objdump", &words("-d /bin/ls")).is_empty());
        assert_eq!(
            targets("x86_64-linux-gnu-strip", &words("/usr/bin/sudo")),
            ["/usr/bin/sudo"]
        );
        assert_eq!(
            targets("zig", &words("build-exe x.zig -femit-bin=/usr/bin/x")),
            ["/usr/bin/x"]
        );
        assert_eq!(
            targets("nim", &words("c -o:/usr/bin/x x.nim")),
            ["/usr/bin/x"]
        );
    }
}
