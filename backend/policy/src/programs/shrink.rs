//! Shrinking a logical volume under its file system. `lvreduce` (and `lvresize` to a smaller
//! size) cuts the volume's end off; the file system on it still believes it owns those blocks,
//! and everything stored there is gone. LVM asks before it does so, and `-r`
//! (`--resizefs`) shrinks the file system first; `-f`/`--force` or `-y`/`--yes` without `-r`
//! answers the question for the line, and the data is lost without anyone being asked. A size
//! `lvresize` is given that does not add (`+10G`) may be below the present one.

/// Why `lvreduce` or `lvresize` (with its arguments `args`) shrinks a volume without its file
/// system and without asking; `None` where LVM will still ask, or resizes the file system too.
pub fn shrinks_blindly(name: &str, args: &[String]) -> Option<&'static str> {
    let mut forced = false;
    let mut resizes_fs = false;
    let mut smaller = name == "lvreduce";
    let mut words = args.iter().peekable();
    while let Some(arg) = words.next() {
        let (option, attached) = match arg.split_once('=') {
            Some((o, v)) if arg.starts_with("--") => (o, Some(v.to_owned())),
            _ => (arg.as_str(), None),
        };
        match option {
            "--force" | "--yes" => forced = true,
            "--resizefs" => resizes_fs = true,
            "--size" | "--extents" => {
                let value = attached
                    .or_else(|| words.next().cloned())
                    .unwrap_or_default();
                smaller |= !value.starts_with('+');
            }
            _ if option.starts_with('-') && !option.starts_with("--") => {
                // A cluster of short options (`-fy`, `-rL`, `-L-1G`): L and l take a value.
                for (at, letter) in option[1..].char_indices() {
                    match letter {
                        'f' | 'y' => forced = true,
                        'r' => resizes_fs = true,
                        'L' | 'l' => {
                            let rest = &option[1 + at + 1..];
                            let value = if rest.is_empty() {
                                words.next().cloned().unwrap_or_default()
                            } else {
                                rest.to_owned()
                            };
                            smaller |= !value.starts_with('+');
                            break;
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    (forced && smaller && !resizes_fs)
        .then_some("shrinks a logical volume under its file system without asking, losing its data")
}

#[cfg(test)]
mod tests {
    use super::shrinks_blindly;

    fn words(line: &str) -> Vec<String> {
        line.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn forced_shrinks_without_the_file_system() {
        for (name, line) in [
            ("lvreduce", "-L 1M -f /dev/vg/root"),
            ("lvreduce", "-y -L 1M /dev/vg/root"),
            ("lvreduce", "-fL1M /dev/vg/root"),
            ("lvreduce", "--force --size=1M /dev/vg/root"),
            ("lvresize", "-f -L -10G /dev/vg/root"),
            ("lvresize", "--yes --size -10G /dev/vg/data"),
            ("lvresize", "-f -L 20G /dev/vg/root"),
        ] {
            assert!(
                shrinks_blindly(name, &words(line)).is_some(),
                "{name} {line}"
            );
        }
        for (name, line) in [
            ("lvreduce", "-L 1M /dev/vg/root"),
            ("lvreduce", "-r -f -L 10G /dev/vg/root"),
            ("lvreduce", "--resizefs -y -L 10G /dev/vg/root"),
            ("lvresize", "-f -L +10G /dev/vg/root"),
            ("lvresize", "-L 20G /dev/vg/root"),
        ] {
            assert!(
                shrinks_blindly(name, &words(line)).is_none(),
                "{name} {line}"
            );
        }
    }
}
