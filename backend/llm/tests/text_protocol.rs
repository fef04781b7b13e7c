//! The text protocol against the shapes small local models produce: code fences, prose around the
//! call, several calls, arguments as strings, other key names, ReAct lines, invented observations.
//! The inputs follow the quirks recorded for SmolLM2-class models in this project's environment
//! notes (not verbatim recordings).

#![allow(clippy::unwrap_used)]

use pretty_assertions::assert_eq;
use serde_json::{Value, json};
use warden_llm::text_protocol::parse;

fn calls(text: &str) -> Vec<(String, Value)> {
    parse(text)
        .calls
        .into_iter()
        .map(|c| (c.name, c.arguments))
        .collect()
}

fn one(name: &str, args: Value) -> Vec<(String, Value)> {
    vec![(name.to_owned(), args)]
}

#[test]
fn fenced_and_bare_calls_with_prose() {
    assert_eq!(
        calls("```json\n{\"tool\": \"disk_usage\", \"arguments\": {\"path\": \"/\"}}\n```"),
        one("disk_usage", json!({"path": "/"}))
    );
    assert_eq!(
        calls(
            "Let me check the containers first.\n{\"tool\": \"docker_ps\", \"arguments\": {\"all\": true}}\nI will look at the result next."
        ),
        one("docker_ps", json!({"all": true}))
    );
    let parsed = parse(
        "Sure! ```json\n{\"tool\": \"system_info\", \"arguments\": {}}\n``` Hope that helps.",
    );
    assert_eq!(parsed.text, "Sure!  Hope that helps.");
}

#[test]
fn several_calls_and_arrays() {
    assert_eq!(
        calls(
            "First {\"tool\": \"docker_ps\", \"arguments\": {}} then {\"tool\": \"docker_logs\", \"arguments\": {\"container\": \"web\", \"tail\": 20}}"
        ),
        vec![
            ("docker_ps".to_owned(), json!({})),
            (
                "docker_logs".to_owned(),
                json!({"container": "web", "tail": 20})
            )
        ]
    );
    assert_eq!(
        calls(
            "[{\"name\": \"a_tool\", \"arguments\": {}}, {\"name\": \"b_tool\", \"args\": {\"x\": 1}}]"
        ),
        vec![
            ("a_tool".to_owned(), json!({})),
            ("b_tool".to_owned(), json!({"x": 1}))
        ]
    );
}

#[test]
fn other_key_names_and_string_arguments() {
    assert_eq!(
        calls("{\"name\": \"http_check\", \"parameters\": {\"url\": \"http://x\"}}"),
        one("http_check", json!({"url": "http://x"}))
    );
    assert_eq!(
        calls(
            "{\"function\": {\"name\": \"git_log\", \"arguments\": \"{\\\"repo\\\": \\\"/srv/app\\\"}\"}}"
        ),
        one("git_log", json!({"repo": "/srv/app"}))
    );
    assert_eq!(
        calls(
            "{\"type\": \"function\", \"function\": {\"name\": \"gpu_status\", \"arguments\": \"\"}}"
        ),
        one("gpu_status", json!({}))
    );
    // Every spelling of the name and arguments keys, beside the labels some models add.
    for text in [
        "{\"tool_name\": \"git_log\", \"parameters\": {\"repo\": \"/srv/app\"}, \"tool_call_id\": \"0\"}",
        "{\"toolName\": \"git_log\", \"toolInput\": {\"repo\": \"/srv/app\"}}",
        "{\"function_name\": \"git_log\", \"function_arguments\": {\"repo\": \"/srv/app\"}}",
        "{\"action\": \"git_log\", \"action_input\": {\"repo\": \"/srv/app\"}}",
        "{\"recipient_name\": \"git_log\", \"parameters\": {\"repo\": \"/srv/app\"}}",
        "{\"Name\": \"git_log\", \"Params\": {\"repo\": \"/srv/app\"}, \"call_id\": \"c1\"}",
        "{\"functionCall\": {\"name\": \"git_log\", \"args\": {\"repo\": \"/srv/app\"}}}",
        "{\"tool_uses\": [{\"recipient_name\": \"git_log\", \"kwargs\": {\"repo\": \"/srv/app\"}}]}",
        "{\"name\": \"git_log\", \"arguments\": [{\"name\": \"repo\", \"value\": \"/srv/app\"}]}",
    ] {
        assert_eq!(
            calls(text),
            one("git_log", json!({"repo": "/srv/app"})),
            "{text}"
        );
    }
    // Broken argument text is kept as a string, for a precise correction.
    assert_eq!(
        calls("{\"tool\": \"file_read\", \"arguments\": \"path=/etc/hosts\"}"),
        one("file_read", json!("path=/etc/hosts"))
    );
}

#[test]
fn react_lines_and_invented_observations() {
    let text = "Thought: I should look at the disk.\nAction: disk_usage\nAction Input: {\"path\": \"/var\"}\nObservation: /var is 12% full\nThought: fine.\nFinal Answer: all good";
    let parsed = parse(text);
    assert_eq!(parsed.calls.len(), 1);
    assert_eq!(
        (
            parsed.calls[0].name.as_str(),
            parsed.calls[0].arguments.clone()
        ),
        ("disk_usage", json!({"path": "/var"}))
    );
    // The invented observation and what follows are dropped; the exchange's thought before
    // its call is reasoning, as before a final answer.
    assert_eq!(
        parsed.text, "",
        "the invented observation and what follows are dropped"
    );
    assert_eq!(parsed.reasoning, "I should look at the disk.");
    assert_eq!(
        calls("Action: system_info\nAction Input:"),
        one("system_info", json!({}))
    );
}

#[test]
fn plain_answers_and_data_are_not_calls() {
    for text in [
        "The disk is 40% full. No action needed.",
        "Here is the config: {\"listen\": \"0.0.0.0:80\", \"workers\": 4}",
        "The output was {\"status\": \"ok\"} so all is well.",
        "{\"tool\": \"has space in name\", \"arguments\": {}}",
        "Unbalanced { brace and [ bracket",
        "",
    ] {
        let parsed = parse(text);
        assert!(parsed.calls.is_empty(), "{text}: {:?}", parsed.calls);
        assert_eq!(parsed.text, text.trim());
    }
}

#[test]
fn ids_are_distinct_and_huge_inputs_are_bounded() {
    let parsed = parse("{\"tool\": \"a_tool\"} {\"tool\": \"b_tool\"}\nAction: c_tool");
    let ids: std::collections::HashSet<&str> = parsed.calls.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids.len(), 3, "{:?}", parsed.calls);
    for id in ids {
        // Warden's own ids, which Mistral's templates take (nine letters and digits).
        assert!(
            id.len() == 9 && id.chars().all(|c| c.is_ascii_alphanumeric()),
            "{id}"
        );
    }
    let huge = format!(
        "{}{{\"tool\": \"late_tool\", \"arguments\": {{}}}}",
        "x".repeat(400 * 1024)
    );
    assert!(
        parse(&huge).calls.is_empty(),
        "a call past the examined prefix is not parsed"
    );
}

fn known() -> warden_llm::ToolNames {
    warden_llm::ToolNames::new(["docker_ps", "docker_logs"])
}

#[test]
fn a_native_model_s_bare_json_runs_only_when_it_names_a_known_tool() {
    use warden_llm::text_protocol::parse_known;
    // Bare JSON naming no known tool is an answer, even next to a known call.
    for text in [
        "{\"name\": \"docker_ps\", \"arguments\": {}} {\"name\": \"final_answer\", \"arguments\": {}}",
        "{\"name\": \"web\", \"image\": \"nginx\"}",
        "{'name': 'web', 'arguments': {'x': True}}",
        "Unbalanced { brace and [ bracket",
    ] {
        let parsed = parse_known(text, &known());
        assert!(parsed.calls.is_empty(), "{text}: {:?}", parsed.calls);
        assert_eq!(parsed.text, text);
    }
    // Inside an envelope an unknown tool is still a call (answered with the list of tools), and
    // the known one beside it runs.
    let parsed = parse_known(
        "<tool_call>{\"name\": \"docker_ps\", \"arguments\": {}}</tool_call><tool_call>{\"name\": \"final_answer\", \"arguments\": {}}</tool_call>",
        &known(),
    );
    let names: Vec<&str> = parsed.calls.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, vec!["docker_ps", "final_answer"]);
}

#[test]
fn calls_inside_reasoning_never_run() {
    use warden_llm::text_protocol::parse_with;
    for text in [
        "<think>{\"tool\": \"docker_ps\", \"arguments\": {}}</think>Nothing to do.",
        "Action: docker_ps\nAction Input: {}\n</think>\nNothing to do.",
        "[THINK][TOOL_CALLS]docker_ps[ARGS]{}[/THINK]Nothing to do.",
    ] {
        let parsed = parse_with(text, &known());
        assert!(parsed.calls.is_empty(), "{text}: {:?}", parsed.calls);
        assert_eq!(parsed.text, "Nothing to do.");
    }
}

#[test]
fn names_are_read_as_the_tool_they_mean_in_text_mode_too() {
    use warden_llm::text_protocol::parse_with;
    let parsed = parse_with(
        "{\"tool\": \"Docker-PS\", \"arguments\": {}}\nAction: functions.docker_logs\nAction Input: {\"container\": \"web\"}",
        &known(),
    );
    let names: Vec<&str> = parsed.calls.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, vec!["docker_ps", "docker_logs"]);
    // An unknown name stays as written, for the engine's UnknownTool answer.
    assert_eq!(
        parse_with("{\"tool\": \"docker_stats\"}", &known()).calls[0].name,
        "docker_stats"
    );
}

/// Python calls: read only when every callee is a known tool, with Python's literals and escapes;
/// an unknown callee, positional arguments or code leave the text as the answer.
#[test]
fn python_calls_to_known_tools() {
    use warden_llm::ToolNames;
    use warden_llm::text_protocol::parse_known;
    let known = ToolNames::new(["docker_ps", "docker_logs", "disk_usage"]);
    let read = |text: &str| {
        let parsed = parse_known(text, &known);
        let calls: Vec<(String, Value)> = parsed
            .calls
            .into_iter()
            .map(|c| (c.name, c.arguments))
            .collect();
        (calls, parsed.text)
    };
    assert_eq!(
        read(
            r#"[docker_logs(container='we\'b "1"\n', tail=-5, ratio=0.5, big=1e3, tags=[], opts={'a': None, "b": false})]"#
        ),
        (
            one(
                "docker_logs",
                json!({"container": "we'b \"1\"\n", "tail": -5, "ratio": 0.5, "big": 1000.0, "tags": [], "opts": {"a": null, "b": false}})
            ),
            String::new()
        )
    );
    assert_eq!(
        read("docker_ps()"),
        (one("docker_ps", json!({})), String::new())
    );
    assert_eq!(
        read("Running it now: [Docker-PS(all=True)] then I'll report."),
        (
            one("docker_ps", json!({"all": true})),
            "Running it now:  then I'll report.".to_owned()
        )
    );
    for answer in [
        "[rm_rf(path='/')]",
        "[docker_ps('all')]",
        "[docker_ps(all=os.system('x'))]",
        "[docker_ps(all=True), rm_rf(path='/')]",
        "Try `docker_ps(all=True)` to list them.",
        "```tool_code\nprint(default_api.unknown_tool(a=1))\n```",
        // ChatGLM3's shape only with a known tool's name alone on the line before the fence.
        "kubectl\n```python\ntool_call(x=1)\n```",
        "Use docker_ps:\n```python\ntool_call(all=True)\n```",
        "docker_ps\n```python\ntool_call(all=True)\nprint(1)\n```",
        "docker_ps\n```python\ntool_call(all=True)",
        // A line marker counts only before nothing but calls, and `Call:` only as a label.
        "Call: docker_ps(all=True) lists them all.",
        "You could Call: docker_ps(all=True)",
        "<<function>>rm_rf(path='/')",
    ] {
        assert_eq!(read(answer), (Vec::new(), answer.to_owned()), "{answer}");
    }
    assert_eq!(
        read("Reading them.\ndocker_logs\n```python\ntool_call(container='web', tail=50)\n```"),
        (
            one("docker_logs", json!({"container": "web", "tail": 50})),
            "Reading them.".to_owned()
        ),
        "ChatGLM3: the name on its line, the arguments in a fence"
    );
    for (text, rest) in [
        (
            "<<function>>docker_ps(all=True)<<function>>disk_usage(path='/')",
            "",
        ),
        (
            // NexusRaven's thought after its calls is reasoning, not text.
            "Call: docker_ps(all=True); disk_usage(path='/')<bot_end>\nThought: both",
            "",
        ),
        (
            "<|tool_call_start|>\n```python\n[docker_ps(all=True), disk_usage(path='/')]\n```\n<|tool_call_end|>",
            "",
        ),
    ] {
        assert_eq!(
            read(text),
            (
                vec![
                    ("docker_ps".to_owned(), json!({"all": true})),
                    ("disk_usage".to_owned(), json!({"path": "/"}))
                ],
                rest.to_owned()
            ),
            "{text}"
        );
    }
    // Many unfinished lists naming a known tool: read in bounded time, and never run: the
    // call cut off at the text's end goes back as its text, for a correction.
    let unfinished = "[docker_ps(all='x ".repeat(5_000);
    let (calls, _) = read(&unfinished);
    assert!(
        calls.iter().all(|(_, arguments)| arguments.is_string()),
        "{calls:?}"
    );
    // Unfinished calls to a callee no tool answers to, many of them: bounded too, the text.
    let unknown = "[wipe_disk(all='x ".repeat(5_000);
    assert!(read(&unknown).0.is_empty());
    // A Python call cut off at the text's end, set apart as a call (in a list, an envelope,
    // a fence, at the start): its text back for a correction; named in a sentence: prose.
    for (text, rest) in [
        ("[docker_logs(container=\"we", ""),
        (
            "Checking.\n[docker_logs(container=\"web\", tail=",
            "Checking.",
        ),
        (
            "```tool_code\nprint(default_api.docker_logs(container=\"web\", tail=",
            "",
        ),
        (
            "<|tool_call_start|>```python\ndocker_logs(container=\"we",
            "",
        ),
        ("<|python_tag|>docker_logs.call(container=\"we", ""),
        ("docker_logs(container=\"we", ""),
    ] {
        let (calls, text) = read(text);
        assert_eq!(calls.len(), 1, "{text}");
        assert_eq!(calls[0].0, "docker_logs");
        assert!(
            calls[0]
                .1
                .as_str()
                .is_some_and(|t| t.contains("container=")),
            "{calls:?}"
        );
        assert_eq!(text, rest);
    }
    // A list or an envelope that never closes around whole calls: cut off too. A tool with
    // one argument takes no cut-off text as its value.
    for text in [
        "[docker_ps(all=True)",
        "[docker_ps(all=True), disk_usage(path=\"/\")",
        "```tool_code\nprint(default_api.docker_ps(all=True))",
        "[disk_usage(path=\"/va",
    ] {
        let (calls, rest) = read(text);
        assert_eq!(calls.len(), 1, "{text}");
        assert!(calls[0].1.is_string(), "{text}: {calls:?}");
        assert_eq!(rest, "", "{text}");
    }
    let prose = "Run docker_logs(container=\"we";
    assert_eq!(read(prose), (Vec::new(), prose.to_owned()));
}

#[test]
fn react_inputs_over_several_lines_fenced_or_bolded() {
    let wanted = one("disk_usage", json!({"path": "/var", "depth": 2}));
    for text in [
        // The object opened on the label's line and closed lines later.
        "Thought: check /var.\nAction: disk_usage\nAction Input: {\n  \"path\": \"/var\",\n  \"depth\": 2\n}\nObservation: 12%",
        // The object on the lines after the label.
        "Action: disk_usage\nAction Input:\n{\"path\": \"/var\",\n \"depth\": 2}",
        // In a fence, opened on the label's line or after it.
        "Action: disk_usage\nAction Input: ```json\n{\"path\": \"/var\", \"depth\": 2}\n```",
        "Action: disk_usage\nAction Input:\n```json\n{\n  \"path\": \"/var\",\n  \"depth\": 2\n}\n```\nObservation:",
        // A blank line between the labels; markdown bold; another case; a list dash.
        "Action: disk_usage\n\nAction Input: {\"path\": \"/var\", \"depth\": 2}",
        "**Action:** disk_usage\n**Action Input:** {\"path\": \"/var\", \"depth\": 2}",
        "**Action**: `disk_usage`\n**Action Input**: {\n\"path\": \"/var\", \"depth\": 2}",
        "action: disk_usage\naction input: {\"path\": \"/var\", \"depth\": 2}",
        "- Action: disk_usage\n- Action Input: {\"path\": \"/var\", \"depth\": 2}",
    ] {
        assert_eq!(calls(text), wanted, "{text}");
        let parsed = parse(text);
        assert!(
            !parsed.text.contains("path") && !parsed.text.contains('}'),
            "the input's lines are not left in the answer: {text} -> {:?}",
            parsed.text
        );
    }
    // Braces inside strings do not close the object.
    assert_eq!(
        calls("Action: run_command\nAction Input: {\n  \"command\": \"echo '}' {x}\"\n}"),
        one("run_command", json!({"command": "echo '}' {x}"}))
    );
    // An input that never closes stays text for the engine's correction, and takes at most the
    // lines up to the next label with it.
    let parsed = parse("Action: disk_usage\nAction Input: {\n  \"path\": \"/var\",\nThought: hmm");
    assert_eq!(parsed.calls.len(), 1);
    assert!(
        !parsed.calls[0].arguments.is_object()
            || parsed.calls[0].arguments == json!({"path": "/var"}),
        "{:?}",
        parsed.calls[0].arguments
    );
    assert!(parsed.text.contains("Thought: hmm"), "{:?}", parsed.text);
}

#[test]
fn a_broken_call_to_a_known_tool_goes_back_for_a_correction() {
    use warden_llm::text_protocol::{parse_known, parse_with};
    let known = warden_llm::ToolNames::new(["docker_ps", "disk_usage"]);
    for (text, name, answer) in [
        // Cut off mid-value: nothing guesses the rest.
        (
            "{\"tool\": \"docker_ps\", \"arguments\": {\"all\": tru",
            "docker_ps",
            "",
        ),
        (
            "Let me check.\n{'name': 'Disk-Usage', 'arguments': {'path': '/var', 'depth': }}\n\nThen I report.",
            "disk_usage",
            "Let me check.\n\nThen I report.",
        ),
    ] {
        for parsed in [parse_with(text, &known), parse_known(text, &known)] {
            assert_eq!(parsed.calls.len(), 1, "{text}");
            assert_eq!(parsed.calls[0].name, name);
            let raw = parsed.calls[0].arguments.as_str().unwrap();
            assert!(raw.starts_with('{') && !raw.contains("Then"), "{raw}");
            assert_eq!(parsed.text, answer);
        }
    }
    // Broken JSON naming no known tool, or not a call's start, stays the answer.
    for text in [
        "{\"tool\": \"rm_everything\", \"arguments\": {\"x\": tru",
        "{\"status\": \"docker_ps\", \"broken\": ",
        "The config {\"name\": \"web\", \"port\": } is broken.",
    ] {
        let parsed = parse_known(text, &known);
        assert!(parsed.calls.is_empty(), "{text}: {:?}", parsed.calls);
        assert_eq!(parsed.text, text.trim());
    }
}

#[test]
fn markup_values_are_typed_by_the_tool_s_schema_when_it_is_known() {
    use std::sync::Arc;
    use warden_llm::text_protocol::parse_known;
    use warden_llm::{ToolDefinition, ToolNames};
    let definition = |name: &str, parameters: Value| ToolDefinition {
        name: name.to_owned(),
        description: String::new(),
        parameters: Arc::new(parameters),
    };
    let definitions = [
        definition(
            "run_command",
            json!({"type": "object", "properties": {
                "command": {"type": "string"},
                "cwd": {"type": ["string", "null"]},
                "timeout": {"type": "integer"},
                "env": {"type": "object"}
            }}),
        ),
        definition(
            "docker_logs",
            json!({"type": "object", "properties": {
                "container": {"type": "string"},
                "tail": {"type": "integer"}
            }}),
        ),
    ];
    let typed = ToolNames::from_definitions(&definitions);
    let untyped = ToolNames::new(["run_command", "docker_logs"]);
    let read = |text: &str, known: &ToolNames| {
        let parsed = parse_known(text, known);
        parsed
            .calls
            .into_iter()
            .map(|c| (c.name, c.arguments))
            .collect::<Vec<_>>()
    };
    for (text, name, with_schema, without) in [
        (
            "<tool_call>\n<function=run_command>\n<parameter=command>\ntrue\n</parameter>\n<parameter=cwd>\nnull\n</parameter>\n<parameter=timeout>\n30\n</parameter>\n<parameter=env>\n{\"A\": \"1\"}\n</parameter>\n</function>\n</tool_call>",
            "run_command",
            json!({"command": "true", "cwd": "null", "timeout": 30, "env": {"A": "1"}}),
            json!({"command": true, "cwd": null, "timeout": 30, "env": {"A": "1"}}),
        ),
        (
            "<minimax:tool_call>\n<invoke name=\"docker_logs\">\n<parameter name=\"container\">123</parameter>\n<parameter name=\"tail\">50</parameter>\n</invoke>\n</minimax:tool_call>",
            "docker_logs",
            json!({"container": "123", "tail": 50}),
            json!({"container": 123, "tail": 50}),
        ),
        (
            "<tool_call>docker_logs\n<arg_key>container</arg_key>\n<arg_value>[\"web\"]</arg_value>\n<arg_key>tail</arg_key>\n<arg_value>50</arg_value>\n</tool_call>",
            "docker_logs",
            json!({"container": "[\"web\"]", "tail": 50}),
            json!({"container": ["web"], "tail": 50}),
        ),
    ] {
        assert_eq!(
            read(text, &typed),
            vec![(name.to_owned(), with_schema)],
            "{text}"
        );
        assert_eq!(
            read(text, &untyped),
            vec![(name.to_owned(), without)],
            "{text}"
        );
    }
    // JSON arguments are the model's own types: a schema does not change them.
    assert_eq!(
        read(
            "<tool_call>{\"name\": \"docker_logs\", \"arguments\": {\"container\": 123}}</tool_call>",
            &typed
        ),
        vec![("docker_logs".to_owned(), json!({"container": 123}))]
    );
}

/// Bare YAML is read only at the text's end and in a call's exact shape: a name key naming a
/// known tool and an arguments key holding a mapping.
#[test]
fn bare_yaml_calls_end_the_text_in_a_calls_shape() {
    use warden_llm::ToolNames;
    use warden_llm::text_protocol::parse_known;
    let known = ToolNames::new(["docker_logs", "docker_ps"]);
    let read = |text: &str| {
        let parsed = parse_known(text, &known);
        let calls: Vec<(String, Value)> = parsed
            .calls
            .into_iter()
            .map(|c| (c.name, c.arguments))
            .collect();
        (calls, parsed.text)
    };
    for (text, prose) in [
        (
            "Reading.\nfunction: docker_logs\nparameters:\n  container: web\n",
            "Reading.",
        ),
        (
            "name: Docker-Logs\narguments: {\"container\": \"web\"}\nid: call_1",
            "",
        ),
    ] {
        assert_eq!(
            read(text),
            (
                one("docker_logs", json!({"container": "web"})),
                prose.to_owned()
            ),
            "{text}"
        );
    }
    for text in [
        "name: docker_logs\narguments:\n  container: web\nimage: nginx",
        "name: docker_logs\narguments: web",
        "name: restart_host\narguments:\n  host: db",
        "For example:\nname: docker_logs\narguments:\n  container: web",
        "name: docker_logs\narguments:\n  container: web\n\nThat would read them.",
    ] {
        assert_eq!(read(text), (Vec::new(), text.to_owned()), "{text}");
    }
}

#[test]
fn command_r_directly_answer_is_no_call() {
    let action = |entries: &str| format!("Action: ```json\n[{entries}]\n```");
    let no_tool = r#"{"tool_name": "directly_answer", "parameters": {}}"#;
    let parsed = parse(&format!("{}\nAnswer: Hello!", action(no_tool)));
    assert!(parsed.calls.is_empty());
    assert_eq!(parsed.text, "Hello!");
    let parsed = parse(&format!(
        "{}\nGrounded answer: Two run.",
        action(&format!(
            r#"{no_tool}, {{"tool_name": "docker_ps", "parameters": {{"all": true}}}}"#
        ))
    ));
    assert_eq!(parsed.calls.len(), 1);
    assert_eq!(parsed.calls[0].name, "docker_ps");
    // Any other unknown name is still a call, answered with the list of tools.
    let parsed = parse(&action(
        r#"{"tool_name": "answer_directly_now", "parameters": {}}"#,
    ));
    assert_eq!(parsed.calls.len(), 1);
}

#[test]
fn backticks_inside_a_call_keep_its_arguments_as_written() {
    for (text, arguments) in [
        (
            r#"<tool_call>{"name": "run_command", "arguments": {"command": "echo `$(date)`"}}</tool_call>"#,
            json!({"command": "echo `$(date)`"}),
        ),
        (
            "Action: run_command\nAction Input: the command `(uptime)` please",
            json!("the command `(uptime)` please"),
        ),
    ] {
        assert_eq!(calls(text), one("run_command", arguments), "{text}");
    }
}

/// A call whose tool is named before its arguments (Mistral's `[ARGS]`, Functionary's `>>>`,
/// DeepSeek's separator and fence, Kimi's token, GLM's name line) cut off inside them: the
/// call's arguments are its text, for a correction; never the answer, never a shorter call.
/// A tool's name in a sentence before a cut-off object is prose.
#[test]
fn a_call_named_before_its_arguments_cut_off_goes_back_for_a_correction() {
    use warden_llm::ToolNames;
    use warden_llm::text_protocol::parse_known;
    let known = ToolNames::new(["docker_ps", "docker_logs", "disk_usage"]);
    for (text, rest) in [
        (
            "[TOOL_CALLS]docker_logs[ARGS]{\"container\": \"web\", \"tai",
            "",
        ),
        (
            "[TOOL_CALLS]docker_logs[CALL_ID]a1b2c3d4e[ARGS]{\"container\": \"we",
            "",
        ),
        (
            "Checking.\n>>>docker_logs\n{\"container\": \"we",
            "Checking.",
        ),
        (
            "<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>docker_logs\n```json\n{\"container\": \"we",
            "",
        ),
        (
            "<｜tool▁call▁begin｜>docker_logs<｜tool▁sep｜>{\"container\": \"we",
            "",
        ),
        (
            "functions.docker_logs:0<|tool_call_argument_begin|>{\"container\": \"we",
            "",
        ),
        ("docker_logs\n{\"container\": \"we", ""),
        // Cut off right after a whole value: still open where the text ends.
        ("[TOOL_CALLS]docker_logs[ARGS]{\"container\": \"web\"", ""),
        (
            "<|tool_call|>[{\"name\": \"docker_logs\", \"arguments\": {\"container\": \"web\"",
            "",
        ),
        // A list's bracket before a cut-off call object goes with the call, and the fence and
        // ReAct label that opened it.
        (
            "Checking.\nAction: ```json\n[{\"tool_name\": \"docker_logs\", \"parameters\": {\"container\": \"we",
            "Checking.",
        ),
        (
            "[{\"name\": \"docker_logs\", \"arguments\": {\"container\": \"we",
            "",
        ),
    ] {
        let parsed = parse_known(text, &known);
        assert_eq!(parsed.calls.len(), 1, "{text}");
        assert_eq!(parsed.calls[0].name, "docker_logs", "{text}");
        assert!(
            parsed.calls[0]
                .arguments
                .as_str()
                .is_some_and(|t| t.contains("\"we") && !t.ends_with('}')),
            "{text}: {:?}",
            parsed.calls[0].arguments
        );
        assert_eq!(parsed.text, rest, "{text}");
    }
    for prose in [
        "Run docker_logs {\"container\": \"we",
        "The docker_logs tool takes {\"container\": \"we",
    ] {
        let parsed = parse_known(prose, &known);
        assert!(parsed.calls.is_empty(), "{prose}");
        assert_eq!(parsed.text, prose);
    }
}

/// A tool's result the model echoes back in the shape it came in (the tool message's `role`
/// and `content`, a result's `output`) is no call, where the tool takes no argument of that
/// name: it never runs. Arguments written flat beside the name still run, and so does a key
/// the tool's schema takes.
#[test]
fn a_tool_s_result_echoed_back_is_no_call() {
    let tool = |name: &str, properties: Value| warden_llm::ToolDefinition {
        name: name.to_owned(),
        description: String::new(),
        parameters: std::sync::Arc::new(json!({"type": "object", "properties": properties})),
    };
    let tools = [
        tool(
            "docker_logs",
            json!({"container": {"type": "string"}, "tail": {"type": "integer"}}),
        ),
        tool("notify", json!({"content": {"type": "string"}})),
    ];
    let known = warden_llm::ToolNames::from_definitions(tools.iter());
    for text in [
        r#"{"name": "docker_logs", "content": "started"}"#,
        r#"{"role": "tool", "name": "docker_logs", "content": "started"}"#,
        r#"{"tool_call_id": "call_0", "name": "docker_logs", "output": {"lines": 2}}"#,
        r#"[{"name": "docker_logs", "result": "started"}]"#,
        r#"{"name": "docker_logs", "container": "web", "stdout": "started"}"#,
    ] {
        let parsed = warden_llm::text_protocol::parse_known(text, &known);
        assert!(parsed.calls.is_empty(), "{text}: {:?}", parsed.calls);
        assert_eq!(parsed.text, text);
    }
    for (text, name, arguments) in [
        (
            r#"{"name": "docker_logs", "container": "web", "tail": 5}"#,
            "docker_logs",
            json!({"container": "web", "tail": 5}),
        ),
        (
            r#"{"name": "notify", "content": "disk full"}"#,
            "notify",
            json!({"content": "disk full"}),
        ),
    ] {
        let parsed = warden_llm::text_protocol::parse_known(text, &known);
        let got: Vec<(String, Value)> = parsed
            .calls
            .into_iter()
            .map(|c| (c.name, c.arguments))
            .collect();
        assert_eq!(got, one(name, arguments), "{text}");
    }
    // Echoed after a call: a result the model made up, so the call after it answers nothing
    // real and never runs.
    let first = r#"{"name": "docker_logs", "arguments": {"container": "web"}}"#;
    for echo in [
        r#"{"name": "docker_logs", "content": "started"}"#,
        r#"{"role": "tool", "content": "started"}"#,
        r#"{"content": "started", "call_id": "a1b2c3d4e"}"#,
    ] {
        for (call, next) in [
            (
                format!("<tool_call>\n{first}\n</tool_call>"),
                format!("<tool_call>\n{first}\n</tool_call>"),
            ),
            (
                first.to_owned(),
                r#"{"name": "notify", "arguments": {"content": "x"}}"#.to_owned(),
            ),
            (
                "[TOOL_CALLS]docker_logs[ARGS]{\"container\": \"web\"}".to_owned(),
                "docker_logs(container=\"db\")".to_owned(),
            ),
        ] {
            let text = format!("{call}\n{echo}\n{next}");
            let parsed = warden_llm::text_protocol::parse_known(&text, &known);
            let got: Vec<(String, Value)> = parsed
                .calls
                .into_iter()
                .map(|c| (c.name, c.arguments))
                .collect();
            assert_eq!(
                got,
                one("docker_logs", json!({"container": "web"})),
                "{text}"
            );
            assert_eq!(parsed.text, "", "{text}");
        }
    }
    // A second call whose key the tool takes is a call.
    let text = format!("{first}\n{{\"name\": \"notify\", \"content\": \"disk full\"}}");
    assert_eq!(
        warden_llm::text_protocol::parse_known(&text, &known)
            .calls
            .len(),
        2,
        "{text}"
    );
}
