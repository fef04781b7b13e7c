//! The tools a model may call, and the tool a model's spelling of a name means. Models prefix
//! names with the namespace their template taught (`functions.`, `default_api.` from Gemma's
//! docs, `tools.`, `to=functions.` from gpt-oss), call them (`docker_ps()`), quote them, or
//! change their case and dashes (`Docker_PS`, `docker-ps`).

use std::collections::{HashMap, HashSet};

/// Namespaces models put before a tool's name, with any of [`SEPARATORS`] after them and in
/// any case (`functions.`, `Functions::`, `default_api:`, `tools/`).
const NAMESPACES: &[&str] = &[
    "functions",
    "function",
    "default_api",
    "tools",
    "tool",
    "api",
];

/// What joins a namespace to a tool's name.
const SEPARATORS: &[&str] = &["::", ".", ":", "/"];

/// `name` without a namespace of [`NAMESPACES`] (or gpt-oss's `to=`) before it.
fn without_namespace(name: &str) -> Option<&str> {
    if let Some(rest) = name.strip_prefix("to=") {
        return Some(rest);
    }
    NAMESPACES.iter().find_map(|space| {
        let head = name.get(..space.len())?;
        if !head.eq_ignore_ascii_case(space) {
            return None;
        }
        SEPARATORS
            .iter()
            .find_map(|separator| name[space.len()..].strip_prefix(separator))
    })
}

/// The names of the tools offered to the model, and, when built from their definitions, which
/// of their arguments take text.
#[derive(Debug, Clone, Default)]
pub struct ToolNames {
    exact: HashSet<String>,
    /// The names in the order the tools were offered: models trained on functional tokens
    /// (Octopus's `<nexa_N>`) name a tool by its place in that list.
    order: Vec<String>,
    /// Folded spelling (lower case, `-` as `_`) to the one tool it names; None when several do.
    folded: HashMap<String, Option<String>>,
    /// Per tool, the arguments its schema types as text only (`"type": "string"`).
    text_arguments: HashMap<String, HashSet<String>>,
    /// Per tool, its schema's `properties`: arguments written as `key=value` text are read
    /// against them ([`crate::assignments`]).
    properties: HashMap<String, serde_json::Map<String, serde_json::Value>>,
    /// Per tool, the arguments its schema lists as `required`.
    required: HashMap<String, Vec<String>>,
}

impl ToolNames {
    /// The tools of `definitions`, with what their schemas say of each argument's type.
    pub fn from_definitions<'a>(
        definitions: impl IntoIterator<Item = &'a crate::ToolDefinition>,
    ) -> Self {
        let definitions: Vec<&crate::ToolDefinition> = definitions.into_iter().collect();
        let mut tools = Self::new(definitions.iter().map(|d| d.name.as_str()));
        for definition in definitions {
            let Some(properties) = definition
                .parameters
                .get("properties")
                .and_then(serde_json::Value::as_object)
            else {
                continue;
            };
            let text: HashSet<String> = properties
                .iter()
                .filter(|(_, schema)| takes_only_text(schema))
                .map(|(key, _)| key.clone())
                .collect();
            if !text.is_empty() {
                tools.text_arguments.insert(definition.name.clone(), text);
            }
            tools
                .properties
                .insert(definition.name.clone(), properties.clone());
            let required = definition
                .parameters
                .get("required")
                .and_then(serde_json::Value::as_array)
                .map(|keys| {
                    keys.iter()
                        .filter_map(serde_json::Value::as_str)
                        .filter(|key| properties.contains_key(*key))
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default();
            tools.required.insert(definition.name.clone(), required);
        }
        tools
    }

    /// `tool`'s arguments read from `text` written as `key=value` pairs (`path=/etc, lines=5`),
    /// when its schema's properties make that reading unambiguous ([`crate::assignments`]).
    pub fn assignments(&self, tool: &str, text: &str) -> Option<serde_json::Value> {
        let properties = self.properties.get(tool)?;
        crate::assignments::read(text, properties).map(serde_json::Value::Object)
    }

    /// `tool`'s arguments with values of the other JSON type than its schema's coerced where
    /// that is unambiguous (`"50"` for an integer, [`crate::assignments::coerce`]).
    pub fn coerce(&self, tool: &str, arguments: &mut serde_json::Map<String, serde_json::Value>) {
        if let Some(properties) = self.properties.get(tool) {
            crate::assignments::coerce(arguments, properties);
        }
    }

    /// The correction for `tool`'s `arguments` when one of them is not of the JSON type its
    /// schema gives, even after [`ToolNames::coerce`] (`"tail": "fifty"`, an object for a
    /// text): the argument named, the type it takes and what was given
    /// ([`crate::assignments::mismatch`]); None when all fit, or for a tool or arguments
    /// that are not an object, which other corrections answer.
    pub fn argument_mismatch(&self, tool: &str, arguments: &serde_json::Value) -> Option<String> {
        let properties = self.properties.get(tool)?;
        crate::assignments::mismatch(arguments.as_object()?, properties)
    }

    /// The one argument a value written alone in a call (`disk_usage("/")`,
    /// `docker_logs(web)`) can be: the only property of `tool`'s schema, else the only one it
    /// requires (the others are optional, so a model naming one thing means the one it must).
    pub fn sole_argument(&self, tool: &str) -> Option<&str> {
        let properties = self.properties.get(tool)?;
        let mut keys = properties.keys();
        let key = keys.next()?;
        if keys.next().is_none() {
            return Some(key.as_str());
        }
        match self.required.get(tool).map(Vec::as_slice) {
            Some([only]) => Some(only.as_str()),
            Some(_) | None => None,
        }
    }

    /// The boolean argument of `tool` a bare word written alone names (`all` in
    /// `docker_ps[all]`): the word turns it on, as a command line's flag does.
    pub fn switch(&self, tool: &str, word: &str) -> Option<&str> {
        let properties = self.properties.get(tool)?;
        // The word as the schema spells it, else in another case (`docker_ps[All]`).
        let (key, schema) = properties.get_key_value(word).or_else(|| {
            properties
                .iter()
                .find(|(key, _)| key.eq_ignore_ascii_case(word))
        })?;
        crate::assignments::is_switch(schema).then_some(key.as_str())
    }

    /// The one argument of `tool` whose type a value written alone fits, where the schema
    /// names no argument it must be ([`ToolNames::sole_argument`]): `web` is the only text
    /// argument of a tool whose other arguments take numbers. None where two fit: the value's
    /// type does not say which it is.
    pub fn only_fitting_argument(&self, tool: &str, raw: &str) -> Option<&str> {
        let mut fitting = self
            .properties
            .get(tool)?
            .iter()
            .filter(|(_, schema)| crate::assignments::fits_alone(raw, schema));
        let (key, _) = fitting.next()?;
        fitting.next().is_none().then_some(key.as_str())
    }

    /// The arguments `count` values written without their names in a call fill, in order
    /// (`docker_logs("web", 50)`): one value, [`ToolNames::sole_argument`]; several, the
    /// schema's first `count` properties in the order the model was shown them (the request
    /// sends each schema's properties sorted by name: serde_json keeps maps sorted), only
    /// where the tool's `required` array declares those same arguments first and in that same
    /// order. Where the two orders disagree, or the values outnumber the required arguments, a
    /// value's place does not say which argument it is: None, nothing guessed.
    pub fn positional_arguments(&self, tool: &str, count: usize) -> Option<Vec<&str>> {
        if count == 1 {
            return self.sole_argument(tool).map(|key| vec![key]);
        }
        let properties = self.properties.get(tool)?;
        let required = self.required.get(tool)?;
        let declared = required.get(..count)?;
        properties
            .keys()
            .take(count)
            .eq(declared.iter())
            .then(|| declared.iter().map(String::as_str).collect())
    }

    /// The argument names of `tool`'s schema, longest first (so a key is never read as the
    /// start of a longer one); None for a tool without a schema.
    pub fn argument_keys(&self, tool: &str) -> Option<Vec<&str>> {
        let mut keys: Vec<&str> = self
            .properties
            .get(tool)?
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_by_key(|key| std::cmp::Reverse(key.len()));
        Some(keys)
    }

    /// Whether every one of `keys` is an argument of `tool`'s schema (none at all counts).
    pub fn has_arguments<'k>(
        &self,
        tool: &str,
        mut keys: impl Iterator<Item = &'k String>,
    ) -> bool {
        self.properties
            .get(tool)
            .is_some_and(|properties| keys.all(|key| properties.contains_key(key)))
    }

    /// Whether `partial` (what a model has streamed so far after `<`) may be the start of a
    /// tool's name, compared as [`ToolNames::resolve`] folds names.
    pub fn may_start(&self, partial: &str) -> bool {
        let partial = fold(partial);
        self.folded.keys().any(|name| name.starts_with(&partial))
    }

    /// Whether `tool`'s schema types `argument` as text only: a value written as markup
    /// (`<parameter=path>null</parameter>`) is then kept as the text it is, not read as JSON.
    pub fn takes_text(&self, tool: &str, argument: &str) -> bool {
        self.text_arguments
            .get(tool)
            .is_some_and(|text| text.contains(argument))
    }

    /// The tools named `names`, in the order they were offered to the model.
    pub fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> Self {
        let mut tools = Self::default();
        for name in names {
            if tools.exact.insert(name.to_owned()) {
                tools.order.push(name.to_owned());
            }
            tools
                .folded
                .entry(fold(name))
                .and_modify(|one| {
                    if one.as_deref() != Some(name) {
                        *one = None;
                    }
                })
                .or_insert_with(|| Some(name.to_owned()));
        }
        tools
    }

    /// The tool offered at `index` (from 0) in the list the model was given.
    pub fn nth(&self, index: usize) -> Option<&str> {
        self.order.get(index).map(String::as_str)
    }

    /// Whether `name` is exactly a tool's name.
    pub fn contains(&self, name: &str) -> bool {
        self.exact.contains(name)
    }

    /// The tool `spelling` means: its exact name, else the name without namespace, call
    /// parentheses and quotes, else the one tool whose name matches it ignoring case and `-`/`_`.
    /// None when no tool, or more than one, matches.
    pub fn resolve(&self, spelling: &str) -> Option<&str> {
        if let Some(name) = self.exact.get(spelling) {
            return Some(name);
        }
        let bare = strip(spelling);
        if let Some(name) = self.exact.get(bare) {
            return Some(name);
        }
        self.folded.get(&fold(bare))?.as_deref()
    }
}

/// Whether a property's schema allows a string and nothing else but null: `"string"` or
/// `["string", "null"]`.
fn takes_only_text(schema: &serde_json::Value) -> bool {
    match schema.get("type") {
        Some(serde_json::Value::String(kind)) => kind == "string",
        Some(serde_json::Value::Array(kinds)) => {
            kinds.iter().any(|k| k == "string")
                && kinds.iter().all(|k| k == "string" || k == "null")
        }
        Some(_) | None => false,
    }
}

/// `spelling` without quotes, call parentheses, namespaces and special tokens.
fn strip(spelling: &str) -> &str {
    let mut name = without_tokens(spelling.trim())
        .trim_matches(['"', '\'', '`'])
        .trim();
    name = name.strip_suffix("()").unwrap_or(name).trim_end();
    loop {
        let before = name;
        if let Some(rest) = without_namespace(name) {
            name = rest;
        }
        // MCP's `mcp__server__tool`.
        if let Some(rest) = name.strip_prefix("mcp__")
            && let Some(at) = rest.rfind("__")
        {
            name = &rest[at + 2..];
        }
        if name == before {
            return name;
        }
    }
}

/// A name without the template's special tokens a server left in it: a leading one
/// (`<|python_tag|>docker_ps`), and one after the name with what follows it (gpt-oss's
/// `docker_ps<|channel|>commentary`). Tokens are `<|x|>` or DeepSeek's `<｜x｜>`, never
/// prose: the name is the text before them.
fn without_tokens(name: &str) -> &str {
    let mut name = name;
    while let Some((open, close)) = [("<|", "|>"), ("<｜", "｜>")]
        .into_iter()
        .find(|(open, _)| name.starts_with(open))
    {
        match name[open.len()..].find(close) {
            Some(end) => name = name[open.len() + end + close.len()..].trim_start(),
            None => break,
        }
    }
    match ["<|", "<｜"]
        .iter()
        .filter_map(|open| name.find(open))
        .min()
    {
        Some(at) if at > 0 => name[..at].trim_end(),
        _ => name,
    }
}

fn fold(name: &str) -> String {
    name.to_ascii_lowercase().replace('-', "_")
}

#[cfg(test)]
mod tests {
    use pretty_assertions::assert_eq;

    use super::*;

    #[test]
    fn every_spelling_means_the_one_tool() {
        let tools = ToolNames::new(["docker_ps", "docker_logs", "getWeather"]);
        for spelling in [
            "docker_ps",
            "functions.docker_ps",
            "default_api.docker_ps",
            "tools.docker_ps",
            "functions:docker_ps",
            "functions/docker_ps",
            "Functions::docker_ps",
            "default_api:docker_ps",
            "to=functions.docker_ps",
            "functions.docker_ps<|channel|>commentary",
            "docker_ps<|end|>",
            "<|python_tag|>docker_ps",
            "docker_ps<｜tool▁sep｜>",
            "Docker_PS",
            "docker-ps",
            "docker_ps()",
            "`docker_ps`",
            "\"docker_ps\"",
            "mcp__docker__docker_ps",
        ] {
            assert_eq!(tools.resolve(spelling), Some("docker_ps"), "{spelling}");
        }
        assert_eq!(tools.resolve("getweather"), Some("getWeather"));
        for unknown in ["docker", "docker_stats", "functions.", ""] {
            assert_eq!(tools.resolve(unknown), None, "{unknown}");
        }
    }

    #[test]
    fn a_spelling_two_tools_match_means_neither() {
        let tools = ToolNames::new(["Deploy", "deploy_"]);
        assert_eq!(tools.resolve("Deploy"), Some("Deploy"));
        let twins = ToolNames::new(["Deploy", "deploy"]);
        assert_eq!(
            twins.resolve("DEPLOY"),
            None,
            "two tools fold to one spelling"
        );
        assert_eq!(
            twins.resolve("deploy"),
            Some("deploy"),
            "an exact name wins"
        );
    }

    fn definition(name: &str, parameters: serde_json::Value) -> crate::ToolDefinition {
        crate::ToolDefinition {
            name: name.to_owned(),
            description: String::new(),
            parameters: std::sync::Arc::new(parameters),
        }
    }

    #[test]
    fn values_by_place_fill_the_arguments_both_orders_agree_on() {
        let tools = [
            definition(
                "docker_logs",
                serde_json::json!({"type": "object", "required": ["container", "tail"],
                    "properties": {"tail": {"type": "integer"}, "container": {"type": "string"}}}),
            ),
            definition(
                "copy",
                serde_json::json!({"type": "object", "required": ["to", "from"],
                    "properties": {"from": {"type": "string"}, "to": {"type": "string"}}}),
            ),
            definition(
                "grep",
                serde_json::json!({"type": "object", "required": ["pattern"],
                    "properties": {"path": {"type": "string"}, "pattern": {"type": "string"}}}),
            ),
        ];
        let known = ToolNames::from_definitions(tools.iter());
        assert_eq!(
            known.positional_arguments("docker_logs", 2),
            Some(vec!["container", "tail"])
        );
        assert_eq!(
            known.positional_arguments("docker_logs", 1),
            None,
            "one value for a tool of two required arguments"
        );
        assert_eq!(
            known.positional_arguments("copy", 2),
            None,
            "the order shown and the order declared disagree"
        );
        assert_eq!(known.positional_arguments("grep", 1), Some(vec!["pattern"]));
        assert_eq!(
            known.positional_arguments("grep", 2),
            None,
            "more values than required arguments"
        );
        assert_eq!(known.positional_arguments("docker_logs", 3), None);
    }

    #[test]
    fn the_request_shows_a_schema_s_properties_sorted() {
        // [`ToolNames::positional_arguments`] reads values by the place the model was shown:
        // this order. A serde_json that kept insertion order (`preserve_order`) would change it.
        let schema = serde_json::json!({"tail": 1, "container": 2, "all": 3});
        assert_eq!(
            serde_json::to_string(&schema).ok().as_deref(),
            Some(r#"{"all":3,"container":2,"tail":1}"#)
        );
    }
}
