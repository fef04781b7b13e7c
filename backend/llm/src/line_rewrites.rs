//! Lines rewritten for the readers only, and given back as the model wrote them in the text the
//! readers keep beside the calls: ReAct labels without their step's number
//! ([`crate::numbered_labels`]), tilde fences as backtick ones ([`crate::tilde_fences`]).

/// A text with some of its lines rewritten, and those lines as written.
#[derive(Debug)]
pub struct Rewritten {
    pub text: String,
    /// Each recorded line as rewritten and as written (both trimmed), in order. Lines kept as
    /// written are recorded too where a rewritten one may read the same (a backtick fence
    /// beside a tilde one made backticks), so each kept line finds its own.
    lines: Vec<(String, String)>,
}

impl Rewritten {
    /// `text` with each line `rewrite` rewrites, or None when it rewrites none. Lines kept as
    /// written that `tracked` names are recorded as themselves.
    pub fn lines(
        text: &str,
        mut rewrite: impl FnMut(&str) -> Option<String>,
        tracked: impl Fn(&str) -> bool,
    ) -> Option<Self> {
        let mut out = String::with_capacity(text.len());
        let mut lines = Vec::new();
        let mut changed = false;
        for line in text.split_inclusive('\n') {
            match rewrite(line) {
                Some(rewritten) => {
                    lines.push((rewritten.trim().to_owned(), line.trim().to_owned()));
                    out.push_str(&rewritten);
                    changed = true;
                }
                None => {
                    if tracked(line) {
                        lines.push((line.trim().to_owned(), line.trim().to_owned()));
                    }
                    out.push_str(line);
                }
            }
        }
        changed.then_some(Self { text: out, lines })
    }

    /// `rest`, the text a reader left of [`Rewritten::text`], with each line it kept whole
    /// written again as the model wrote it. Lines are matched in order, so a line the readers
    /// took out is skipped, never given to another.
    pub fn restore(&self, rest: &str) -> String {
        let mut pending = self.lines.iter();
        let mut out = String::with_capacity(rest.len() + 8);
        for line in rest.split_inclusive('\n') {
            let trimmed = line.trim();
            let found = if trimmed.is_empty() {
                None
            } else {
                pending
                    .clone()
                    .position(|(rewritten, _)| rewritten == trimmed)
                    .and_then(|skip| pending.nth(skip))
            };
            match found {
                Some((_, written)) => {
                    let at = line.find(trimmed).unwrap_or_default();
                    out.push_str(&line[..at]);
                    out.push_str(written);
                    out.push_str(&line[at + trimmed.len()..]);
                }
                None => out.push_str(line),
            }
        }
        out
    }
}
