//! The tool a ReAct `Action:` line names, as small models decorate it: quoted (`"read_file"`),
//! in the brackets of LangChain's prompt ("should be one of [read_file, ...]": `[read_file]`),
//! in bold, with a closing period, spelled with spaces (`Read File`), or with a word around it
//! (`use read_file`, `read_file tool`).

use crate::names::ToolNames;

/// Words a model writes around the tool's name on an `Action:` line.
const FILLER_WORDS: &[&str] = &["use", "call", "run", "the", "tool", "function", "action"];

/// The name on an `Action:` line (the text after the label): a plain word as it is (an unknown
/// one too, answered with the list of tools), else the one known tool a decorated spelling
/// means. None when the line names no tool this way: it stays text.
pub fn read(line: &str, known: &ToolNames) -> Option<String> {
    let bare = line
        .trim()
        .trim_matches(|c| matches!(c, '`' | '"' | '\'' | '[' | ']' | '*'))
        .trim_end_matches(['.', ',', ';'])
        .trim();
    if !bare.is_empty()
        && bare
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c))
    {
        return Some(bare.to_owned());
    }
    // `Read File`: the name with spaces for its underscores.
    if let Some(tool) = known.resolve(&bare.split_whitespace().collect::<Vec<_>>().join("_")) {
        return Some(tool.to_owned());
    }
    let mut words = bare
        .split_whitespace()
        .map(|word| word.trim_matches(|c| matches!(c, '`' | '"' | '\'')))
        .filter(|word| !FILLER_WORDS.contains(&word.to_ascii_lowercase().as_str()));
    let word = words.next()?;
    if words.next().is_some() {
        return None;
    }
    known.resolve(word).map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use pretty_assertions::assert_eq;

    use super::*;

    #[test]
    fn a_decorated_action_name_is_the_tool_it_means() {
        let known = ToolNames::new(["read_file"]);
        for line in [
            "read_file",
            "\"read_file\"",
            "'read_file'",
            "[read_file]",
            "`read_file`",
            "**read_file**",
            "read_file.",
            "Read File",
            "use read_file",
            "the `read_file` tool",
        ] {
            assert_eq!(
                read(line, &known).as_deref().map(|n| known.resolve(n)),
                Some(Some("read_file")),
                "{line}"
            );
        }
        assert_eq!(read("[search]", &known).as_deref(), Some("search"));
        for line in [
            "",
            "use search",
            "read_file and then docker_ps",
            "I will read the file",
            "wipe the disk",
        ] {
            assert_eq!(read(line, &known), None, "{line}");
        }
    }
}
