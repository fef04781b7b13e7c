//! Dialects through the whole engine against the strict server: calls written into the text run
//! as calls, calls without ids get Warden's own and the next request (which a strict server
//! checks) is taken, a nameless entry leaves the text as the answer, and a backend that refuses
//! `tools` is asked with the text protocol from then on.

use pretty_assertions::assert_eq;
use serde_json::json;
use tokio_util::sync::CancellationToken;
use warden_core::Limits;
use warden_test_llm::{Reply, ScriptedLlm};

use super::{input, kinds, ollama, openai, run, setup};

fn raw_json(body: serde_json::Value) -> Reply {
    Reply::Raw {
        content_type: "application/json".to_owned(),
        body: body.to_string(),
    }
}

fn completion(message: serde_json::Value) -> Reply {
    raw_json(json!({
        "id": "chatcmpl-x", "object": "chat.completion", "created": 1, "model": "m",
        "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 100, "completion_tokens": 10, "total_tokens": 110},
    }))
}

#[tokio::test]
async fn a_call_written_into_the_text_runs_as_a_call() {
    for reply in [
        // Streamed by Ollama as text pieces.
        Reply::Text(
            "<tool_call>\n{\"name\": \"file_read\", \"arguments\": {\"path\": \"notes.txt\"}}\n</tool_call>"
                .to_owned(),
        ),
        Reply::Text("<function=file_read>{\"path\": \"notes.txt\"}</function>".to_owned()),
        Reply::Text(
            "[TOOL_CALLS] [{\"name\": \"file_read\", \"arguments\": {\"path\": \"notes.txt\"}}]"
                .to_owned(),
        ),
    ] {
        let llm = ScriptedLlm::start().await;
        llm.push(reply);
        llm.push(Reply::Text("Backups run at 02:00.".to_owned()));
        let s = setup(vec![ollama(&llm)], Limits::default()).await;
        let (outcome, events) = run(&s.engine, input("When do backups run?"), CancellationToken::new()).await;
        assert_eq!(
            kinds(&events),
            vec!["model:local", "call:file_read", "result:file_read:ok", "answer", "complete"]
        );
        assert_eq!(outcome.answer.as_deref(), Some("Backups run at 02:00."));
        // What was fed back is the real file, as a tool result answering a real call.
        let sent = llm.requests();
        let messages = sent[1].body["messages"].as_array().unwrap();
        let result = messages.last().unwrap();
        assert_eq!(result["role"], "tool");
        assert!(result["content"].as_str().unwrap().contains("backups run at 02:00"));
    }
}

#[tokio::test]
async fn calls_without_ids_get_warden_ids_the_strict_server_accepts() {
    let llm = ScriptedLlm::start().await;
    llm.push(completion(json!({
        "role": "assistant", "content": null,
        "tool_calls": [
            {"id": "", "type": "function", "function": {"name": "file_read", "arguments": "{\"path\": \"notes.txt\"}"}},
            {"type": "function", "function": {"name": "file_info", "arguments": {"path": "notes.txt"}}},
        ],
    })));
    llm.push(Reply::Text("Backups run at 02:00.".to_owned()));
    let s = setup(vec![openai(&llm)], Limits::default()).await;
    let (outcome, _) = run(
        &s.engine,
        input("When do backups run?"),
        CancellationToken::new(),
    )
    .await;
    assert_eq!(outcome.answer.as_deref(), Some("Backups run at 02:00."));
    let sent = llm.requests();
    let messages = sent[1].body["messages"].as_array().unwrap();
    let call = messages
        .iter()
        .find(|m| m["tool_calls"].is_array())
        .unwrap();
    assert_eq!(call["content"], "", "never null");
    let ids: Vec<&str> = call["tool_calls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 2);
    assert!(ids.iter().all(|id| id.len() == 9), "{ids:?}");
    let answered: Vec<&str> = messages
        .iter()
        .filter_map(|m| m["tool_call_id"].as_str())
        .collect();
    assert_eq!(answered, ids, "each result names its call");
}

#[tokio::test]
async fn a_nameless_entry_leaves_the_text_as_the_answer() {
    let llm = ScriptedLlm::start().await;
    llm.push(completion(json!({
        "role": "assistant", "content": "All containers are up.",
        "tool_calls": [{"id": "call_1", "type": "function", "function": {"arguments": "{}"}}],
    })));
    let s = setup(vec![openai(&llm)], Limits::default()).await;
    let (outcome, events) = run(&s.engine, input("Containers?"), CancellationToken::new()).await;
    assert_eq!(kinds(&events), vec!["model:local", "answer", "complete"]);
    assert_eq!(outcome.answer.as_deref(), Some("All containers are up."));
}

#[tokio::test]
async fn a_backend_that_refuses_tools_gets_the_text_protocol() {
    let llm = ScriptedLlm::start().await;
    llm.push(Reply::Status {
        status: 400,
        body: json!({"error": "registry.ollama.ai/library/gemma:2b does not support tools"})
            .to_string(),
        retry_after: None,
    });
    llm.push(Reply::Text(
        "{\"tool\": \"file_read\", \"arguments\": {\"path\": \"notes.txt\"}}".to_owned(),
    ));
    llm.push(Reply::Text("Backups run at 02:00.".to_owned()));
    llm.push(Reply::Text("Still text.".to_owned()));
    let s = setup(vec![ollama(&llm)], Limits::default()).await;
    let (outcome, events) = run(
        &s.engine,
        input("When do backups run?"),
        CancellationToken::new(),
    )
    .await;
    assert_eq!(
        outcome.answer.as_deref(),
        Some("Backups run at 02:00."),
        "{events:?}"
    );
    let sent = llm.requests();
    assert!(sent[0].body.get("tools").is_some(), "asked natively first");
    for later in &sent[1..] {
        assert!(later.body.get("tools").is_none(), "then in text");
        let system = later.body["messages"][0]["content"].as_str().unwrap();
        assert!(
            system.contains("{\"tool\": \"NAME\", \"arguments\": {...}}"),
            "{system}"
        );
    }
    // The model stays on the text protocol for the next run.
    let (_, _) = run(&s.engine, input("again"), CancellationToken::new()).await;
    assert!(llm.requests().last().unwrap().body.get("tools").is_none());
}

/// Reasoning written into the text (Qwen3 behind Ollama's `/v1`, R1 distills) goes out as
/// thinking, never as answer, and is not stored; a call the model only considered in it does not
/// run. The answer streams after the block closes.
#[tokio::test]
async fn reasoning_in_the_text_is_thinking_and_its_calls_never_run() {
    for (reply, thought) in [
        (
            "<think>\nI could call {\"name\": \"file_read\", \"arguments\": {\"path\": \"notes.txt\"}} but I know.\n</think>\n\nBackups run at 02:00.",
            "I could call {\"name\": \"file_read\", \"arguments\": {\"path\": \"notes.txt\"}} but I know.",
        ),
        // R1-style: the template opened the block in the prompt.
        (
            "I know this.\n</think>\n\nBackups run at 02:00.",
            "I know this.",
        ),
    ] {
        let llm = ScriptedLlm::start().await;
        llm.push(Reply::Text(reply.to_owned()));
        let s = setup(vec![ollama(&llm)], Limits::default()).await;
        let (outcome, events) = run(
            &s.engine,
            input("When do backups run?"),
            CancellationToken::new(),
        )
        .await;
        assert_eq!(
            outcome.answer.as_deref(),
            Some("Backups run at 02:00."),
            "{events:?}"
        );
        let thinking: Vec<&str> = events
            .iter()
            .filter_map(|e| {
                if let warden_core::EngineEvent::Thinking { text } = e {
                    Some(text.as_str())
                } else {
                    None
                }
            })
            .collect();
        assert_eq!(thinking, vec![thought], "{events:?}");
        // What follows the last thinking is exactly the answer, as the web app shows it.
        let last = events
            .iter()
            .rposition(|e| matches!(e, warden_core::EngineEvent::Thinking { .. }))
            .unwrap();
        let answer: String = events[last..]
            .iter()
            .filter_map(|e| {
                if let warden_core::EngineEvent::AnswerDelta { text } = e {
                    Some(text.as_str())
                } else {
                    None
                }
            })
            .collect();
        assert_eq!(answer, "Backups run at 02:00.");
        assert!(
            !kinds(&events).iter().any(|k| k.starts_with("call:")),
            "{events:?}"
        );
    }
}

/// What a streamed answer showed: the thinking events and the answer's deltas, in order.
fn shown(events: &[warden_core::EngineEvent]) -> (Vec<String>, Vec<String>) {
    let (mut thinking, mut deltas) = (Vec::new(), Vec::new());
    for event in events {
        if let warden_core::EngineEvent::Thinking { text } = event {
            thinking.push(text.clone());
        } else if let warden_core::EngineEvent::AnswerDelta { text } = event {
            deltas.push(text.clone());
        }
    }
    (thinking, deltas)
}

/// A plain turn the model makes up after its answer (`User: ...`, after an `Assistant:` label
/// or none) is held while streaming, never shown: the answer streams up to it and nothing of it is taken
/// back as thinking when the turn ends.
#[tokio::test]
async fn a_made_up_plain_turn_is_never_shown() {
    for reply in [
        "Assistant: Backups run at 02:00.\nUser: thanks! And the logs?\nAssistant: Let me look.",
        "### Response:\nBackups run at 02:00.\n### Instruction:\nRead the logs.",
        "ASSISTANT: Backups run at 02:00.\nHUMAN: thanks",
        // No label of the assistant's before the answer.
        "Backups run at 02:00.\nUser: thanks! And the logs?\nAssistant: Let me look.",
        "Backups run at 02:00.\nuser\nthanks\nassistant\nGlad to help.",
        "Backups run at 02:00.\nUser: And the logs?",
    ] {
        let llm = ScriptedLlm::start().await;
        llm.push(Reply::Text(reply.to_owned()));
        let s = setup(vec![ollama(&llm)], Limits::default()).await;
        let (outcome, events) = run(
            &s.engine,
            input("When do backups run?"),
            CancellationToken::new(),
        )
        .await;
        assert_eq!(
            outcome.answer.as_deref(),
            Some("Backups run at 02:00."),
            "{reply}"
        );
        let (thinking, deltas) = shown(&events);
        assert_eq!(thinking, Vec::<String>::new(), "{reply}: {events:?}");
        assert_eq!(deltas.concat(), "Backups run at 02:00.", "{reply}");
        assert!(deltas.len() > 1, "{reply}: the answer streamed: {deltas:?}");
    }
    // `User:` lines that are data, with no assistant turn after them: held, then sent whole.
    let reply = "Assistant: The account is:\nUser: admin\nSystem: linux";
    let llm = ScriptedLlm::start().await;
    llm.push(Reply::Text(reply.to_owned()));
    let s = setup(vec![ollama(&llm)], Limits::default()).await;
    let (outcome, events) = run(&s.engine, input("Who?"), CancellationToken::new()).await;
    let answer = "The account is:\nUser: admin\nSystem: linux";
    assert_eq!(outcome.answer.as_deref(), Some(answer));
    let (thinking, deltas) = shown(&events);
    assert_eq!(thinking, Vec::<String>::new());
    assert_eq!(deltas.concat(), answer);
}

/// A made-up turn opened by a speaker of any name after the user's words, or by a template's
/// tokens printed with their brackets stripped, and end tokens left after the answer
/// (`[/INST]`, `<eot_id>`, `eot_id`), are held while streaming: nothing of them is shown and
/// then taken back.
#[tokio::test]
async fn stripped_tokens_and_named_replies_are_never_shown() {
    for reply in [
        "Backups run at 02:00.\nUser: thanks\nFalcon: Let me look.",
        "Backups run at 02:00.im_end\nim_start user\nthanks im_end\nim_start assistant\nGlad to help.",
        "Backups run at 02:00.end_of_turn\nstart_of_turn user\nthanks\nstart_of_turn model\nOk.",
        "Backups run at 02:00.eot_id start_header_id user end_header_id thanks",
        "Backups run at 02:00.|im_end|\n|im_start|user\nthanks",
        "Backups run at 02:00.[/INST] Anything else?",
        "Backups run at 02:00.[/INST]",
        "Backups run at 02:00.<eot_id>",
        "Backups run at 02:00.eot_id",
        "Backups run at 02:00.</s>\nUser: thanks!\nBot: Sure.",
    ] {
        let llm = ScriptedLlm::start().await;
        llm.push(Reply::Text(reply.to_owned()));
        let s = setup(vec![ollama(&llm)], Limits::default()).await;
        let (outcome, events) = run(
            &s.engine,
            input("When do backups run?"),
            CancellationToken::new(),
        )
        .await;
        assert_eq!(
            outcome.answer.as_deref(),
            Some("Backups run at 02:00."),
            "{reply}"
        );
        let (thinking, deltas) = shown(&events);
        assert_eq!(thinking, Vec::<String>::new(), "{reply}: {events:?}");
        assert_eq!(
            deltas.concat(),
            "Backups run at 02:00.",
            "{reply}: {deltas:?}"
        );
    }
}

/// What streams is the answer as the turn ends, and it streams once it is known safe: a role's
/// label after a rule that its next line shows is data goes out before the turn ends, and
/// gpt-oss's words before its own final header (their header lost) stay the answer.
#[tokio::test]
async fn streamed_and_final_answers_agree() {
    for (reply, answer, early) in [
        (
            "Two run.\n\n---\n\nUser: admin\nRole: owner\n\nThe disk is fine and the backups ran.",
            "Two run.\n\n---\n\nUser: admin\nRole: owner\n\nThe disk is fine and the backups ran.",
            Some("User: admin"),
        ),
        (
            "User: admin\nRole: owner\n\nThe disk is fine and the backups ran.",
            "User: admin\nRole: owner\n\nThe disk is fine and the backups ran.",
            Some("User: admin"),
        ),
        (
            "Sure!<|end|><|start|>assistant<|channel|>final<|message|>Backups run at 02:00.<|return|>",
            "Sure!\nBackups run at 02:00.",
            None,
        ),
    ] {
        let llm = ScriptedLlm::start().await;
        llm.push(Reply::Text(reply.to_owned()));
        let s = setup(vec![ollama(&llm)], Limits::default()).await;
        let (outcome, events) = run(&s.engine, input("Backups?"), CancellationToken::new()).await;
        assert_eq!(outcome.answer.as_deref(), Some(answer), "{reply}");
        let (thinking, deltas) = shown(&events);
        assert_eq!(thinking, Vec::<String>::new(), "{reply}: {events:?}");
        assert_eq!(deltas.concat(), answer, "{reply}");
        if let Some(early) = early {
            let last = deltas.last().map_or("", String::as_str);
            assert!(
                !last.contains(early),
                "{reply}: streamed before the end: {deltas:?}"
            );
        }
    }
}

/// gpt-oss with its special tokens stripped: the analysis is thinking, never shown as answer.
#[tokio::test]
async fn a_stripped_gpt_oss_analysis_is_thinking() {
    let llm = ScriptedLlm::start().await;
    llm.push(Reply::Text(
        "analysisThe user asks when backups run; the notes say 02:00.assistantfinalBackups run at 02:00."
            .to_owned(),
    ));
    let s = setup(vec![ollama(&llm)], Limits::default()).await;
    let (outcome, events) = run(
        &s.engine,
        input("When do backups run?"),
        CancellationToken::new(),
    )
    .await;
    assert_eq!(outcome.answer.as_deref(), Some("Backups run at 02:00."));
    let (thinking, deltas) = shown(&events);
    assert_eq!(
        thinking,
        vec!["The user asks when backups run; the notes say 02:00.".to_owned()]
    );
    assert_eq!(deltas.concat(), "Backups run at 02:00.");
}

/// What may yet turn out to be reasoning or a label is held until it is decided, never shown
/// and then taken back: `Thought:` lines before an answer go out as thinking, and the
/// assistant's label the model writes into its own answer (`Sure!\n\nAssistant:`) not at all.
#[tokio::test]
async fn a_thought_or_an_own_label_is_never_shown_as_answer() {
    for (reply, thought, answer) in [
        (
            "Thought: the notes say 02:00.\nBackups run at 02:00.",
            Some("the notes say 02:00."),
            "Backups run at 02:00.",
        ),
        (
            "Thought: the notes say 02:00.\nFinal Answer: Backups run at 02:00.",
            Some("the notes say 02:00."),
            "Backups run at 02:00.",
        ),
        (
            "Thought: the notes say 02:00.\nAssistant: Backups run at 02:00.",
            Some("the notes say 02:00."),
            "Backups run at 02:00.",
        ),
        (
            "Thought: the notes say 02:00.\nassistant\nBackups run at 02:00.",
            Some("the notes say 02:00."),
            "Backups run at 02:00.",
        ),
        // A name after `Model:` is its value: no label.
        (
            "Sure!\n\nModel: Dell is loaded.",
            None,
            "Sure!\n\nModel: Dell is loaded.",
        ),
        (
            "Sure!\n\nAssistant: Backups run at 02:00.",
            None,
            "Sure!\n\nBackups run at 02:00.",
        ),
        // The label in other spellings.
        (
            "Sure!\n\nAI: Backups run at 02:00.",
            None,
            "Sure!\n\nBackups run at 02:00.",
        ),
        (
            "Sure!\n\n**Assistant (to user):** Backups run at 02:00.",
            None,
            "Sure!\n\nBackups run at 02:00.",
        ),
        (
            "Sure!\n\n[assistant] Backups run at 02:00.",
            None,
            "Sure!\n\nBackups run at 02:00.",
        ),
        ("Sure!\n\nAI: enabled", None, "Sure!\n\nAI: enabled"),
        // A turn header written with special tokens, no end token before it: held, never
        // shown, so what streamed is the final answer.
        (
            "Sure!\n<start_of_turn>model\nBackups run at 02:00.",
            None,
            "Sure!\n\nBackups run at 02:00.",
        ),
        (
            "Sure!\n<role>ASSISTANT</role>Backups run at 02:00.",
            None,
            "Sure!\n\nBackups run at 02:00.",
        ),
    ] {
        let llm = ScriptedLlm::start().await;
        llm.push(Reply::Text(reply.to_owned()));
        let s = setup(vec![ollama(&llm)], Limits::default()).await;
        let (outcome, events) = run(
            &s.engine,
            input("When do backups run?"),
            CancellationToken::new(),
        )
        .await;
        assert_eq!(outcome.answer.as_deref(), Some(answer), "{reply}");
        let (thinking, deltas) = shown(&events);
        let thinking: Vec<&str> = thinking.iter().map(String::as_str).collect();
        assert_eq!(
            thinking,
            thought.into_iter().collect::<Vec<_>>(),
            "{reply}: {events:?}"
        );
        assert_eq!(deltas.concat(), answer, "{reply}: {deltas:?}");
    }
}

/// The user's request echoed as a plain turn at the very start, a call after it: the turn is
/// the user's, made up, so nothing of it is shown (not while streaming either) and its call
/// never runs; the turn ends with no answer of the model's own.
#[tokio::test]
async fn a_user_turn_made_up_at_the_start_is_never_shown_nor_run() {
    let llm = ScriptedLlm::start().await;
    llm.push(Reply::Text(
        "User: what is this host?\n<tool_call>\n{\"name\": \"system_info\", \"arguments\": {}}\n</tool_call>"
            .to_owned(),
    ));
    let s = setup(vec![ollama(&llm)], Limits::default()).await;
    let (outcome, events) = run(
        &s.engine,
        input("What is this host?"),
        CancellationToken::new(),
    )
    .await;
    assert_eq!(outcome.answer, None);
    let (thinking, deltas) = shown(&events);
    assert_eq!(thinking, Vec::<String>::new(), "{events:?}");
    assert_eq!(deltas, Vec::<String>::new(), "{events:?}");
    assert!(
        !kinds(&events).iter().any(|k| k.starts_with("call:")),
        "{events:?}"
    );
    assert!(
        kinds(&events).contains(&"error:llm_empty_answer".to_owned()),
        "{events:?}"
    );
}

/// An answer that opens with a `Thought:` line and is still undecided past the streaming hold
/// (2 KiB) is decided there and streams; a `Final Answer:` label arriving later does not take
/// back what was shown: the final answer is what streamed.
#[tokio::test]
async fn a_thought_decided_past_the_hold_is_not_taken_back() {
    let body = "Backups run at 02:00.\n".repeat(120);
    let reply = format!("Thought: the notes say 02:00.\n{body}Final Answer: Backups run at 02:00.");
    let llm = ScriptedLlm::start().await;
    llm.push(Reply::Text(reply.clone()));
    let s = setup(vec![ollama(&llm)], Limits::default()).await;
    let (outcome, events) = run(
        &s.engine,
        input("When do backups run?"),
        CancellationToken::new(),
    )
    .await;
    let answer = reply["Thought: the notes say 02:00.\n".len()..].trim();
    assert_eq!(outcome.answer.as_deref(), Some(answer));
    let (thinking, deltas) = shown(&events);
    assert_eq!(thinking, vec!["the notes say 02:00.".to_owned()]);
    assert_eq!(deltas.concat(), answer);
}

/// Native calls after a user turn the model made up in its text (the request echoed, then the
/// call): the calls are the made-up assistant's in that conversation, so none runs and nothing
/// of the turn is shown, over either wire format.
#[tokio::test]
async fn native_calls_after_a_made_up_user_turn_never_run() {
    for echo in [
        "User: what is this host?\n",
        "<|im_start|>user\nwhat is this host?<|im_end|>\n<|im_start|>assistant\n",
        "[INST] what is this host? [/INST]",
    ] {
        for openai_wire in [false, true] {
            let llm = ScriptedLlm::start().await;
            llm.push(Reply::TextAndCalls(
                echo.to_owned(),
                vec![("system_info".to_owned(), json!({}))],
            ));
            let backend = if openai_wire {
                openai(&llm)
            } else {
                ollama(&llm)
            };
            let s = setup(vec![backend], Limits::default()).await;
            let (outcome, events) = run(
                &s.engine,
                input("What is this host?"),
                CancellationToken::new(),
            )
            .await;
            assert_eq!(outcome.answer, None, "{echo:?}");
            let (_, deltas) = shown(&events);
            assert_eq!(deltas, Vec::<String>::new(), "{echo:?}: {events:?}");
            assert!(
                !kinds(&events).iter().any(|k| k.starts_with("call:")),
                "{echo:?}: {events:?}"
            );
        }
    }
}

/// A call the answer quotes (a Markdown blockquote, a fence the prose shows as an example) is
/// shown, never run: the turn is the answer, and what streamed is that answer whole.
#[tokio::test]
async fn a_quoted_or_example_call_never_runs_and_streams_as_the_answer() {
    let call = "<tool_call>{\"name\": \"system_info\", \"arguments\": {}}</tool_call>";
    for reply in [
        format!("The call would be:\n> {call}\nI will not run it."),
        format!("> User: what is this host?\n{call}"),
        format!("Example:\n```\n{call}\n```\nThat is the format."),
        format!("The call would be:\n- > {call}\nI will not run it."),
        format!("1. > {call}"),
        format!("> > {call}"),
        format!(">>> {call}"),
        format!("The call would be:\n    > {call}"),
        format!("- [ ] > {call}"),
        format!("| step | {call} |"),
        format!("- | step | {call} |"),
        format!("| step | call |\n| --- | --- |\n| 1 | > {call} |"),
        format!("The shape:\n<pre><code>{call}</code></pre>"),
        format!("<details>\n<summary>Call</summary>\n\n{call}\n</details>"),
        format!("<!-- {call} -->\nNothing ran."),
        format!("<blockquote>{call}</blockquote>"),
        format!("Example:\n~~~\n{call}\n~~~"),
        format!("<del>{call}</del>"),
        format!("<xmp>{call}</xmp>"),
        format!("Example:\n\n    {call}\n\nThat is the format."),
        format!("Two run. ~~{call}~~"),
        format!("<s>{call}</s>"),
        format!("<div class=\"example\">\n{call}\n</div>"),
        format!(":::note\n{call}\n:::"),
        format!("<cite>{call}</cite> <tt>{call}</tt>"),
        format!("<code>\n{call}\n</code>"),
        format!("Two run. ~{call}~"),
        format!("<p>{call}</p>\n<b>{call}</b> **{call}**"),
        format!("<blockquote>The logs said: error.\n\nI will check now.\n{call}"),
    ] {
        let llm = ScriptedLlm::start().await;
        llm.push(Reply::Text(reply.clone()));
        let s = setup(vec![ollama(&llm)], Limits::default()).await;
        let (outcome, events) = run(
            &s.engine,
            input("What is this host?"),
            CancellationToken::new(),
        )
        .await;
        assert!(
            !kinds(&events).iter().any(|k| k.starts_with("call:")),
            "{reply}: {events:?}"
        );
        assert_eq!(
            outcome.answer.as_deref(),
            Some(reply.as_str()),
            "{events:?}"
        );
        let (thinking, deltas) = shown(&events);
        assert_eq!(thinking, Vec::<String>::new(), "{reply}: {events:?}");
        assert_eq!(deltas.concat(), reply, "{reply}");
    }
}

/// End-of-sequence and begin-of-text tokens a server prints around a made-up turn never show:
/// `</s>` is held while streaming, and the answer is the model's words alone.
#[tokio::test]
async fn end_of_sequence_and_begin_of_text_tokens_never_show() {
    for (reply, answer) in [
        (
            "Backups run at 02:00.</s>[INST] thanks [/INST]",
            Some("Backups run at 02:00."),
        ),
        ("Backups run at 02:00.</s>", Some("Backups run at 02:00.")),
        (
            "Backups run at 02:00.</s>\nAnything else?",
            Some("Backups run at 02:00."),
        ),
        (
            "Backups run at 02:00.<|end_of_text|><|begin_of_text|>User: thanks",
            Some("Backups run at 02:00."),
        ),
        (
            "Backups run at 02:00.<|end|>User: thanks",
            Some("Backups run at 02:00."),
        ),
        (
            "Backups run at 02:00. </s> Anything else?",
            Some("Backups run at 02:00."),
        ),
        (
            "Backups run at 02:00.<end_of_turn>\n<eos>",
            Some("Backups run at 02:00."),
        ),
        (
            "Backups run at 02:00.<|eot_id|>Assistant: <tool_call>{\"name\": \"system_info\", \"arguments\": {}}</tool_call>",
            Some("Backups run at 02:00."),
        ),
        (
            "<s>old</s> Backups run at 02:00.",
            Some("<s>old</s> Backups run at 02:00."),
        ),
        (
            "Backups run at 02:00.<seed:eos>",
            Some("Backups run at 02:00."),
        ),
        (
            "<s> Backups run at 02:00.</s> thanks <tool_call>{\"name\": \"system_info\", \"arguments\": {}}</tool_call>",
            Some("Backups run at 02:00."),
        ),
        (
            "Backups run at 02:00.\n\n---\n\nUser: thanks\n<tool_call>{\"name\": \"system_info\", \"arguments\": {}}</tool_call>",
            Some("Backups run at 02:00."),
        ),
        ("AI: Backups run at 02:00.", Some("Backups run at 02:00.")),
        // The marks of a heading alone after a rule may yet open a made-up turn: held.
        (
            "Backups run at 02:00 each day.\n\n---\n\n## User\nthanks\n<tool_call>{\"name\": \"system_info\", \"arguments\": {}}</tool_call>",
            Some("Backups run at 02:00 each day."),
        ),
        (
            "Backups run at 02:00.<｜User｜>thanks<｜Assistant｜><tool_call>{\"name\": \"system_info\", \"arguments\": {}}</tool_call>",
            Some("Backups run at 02:00."),
        ),
        (
            "Backups run at 02:00.\n<|START_OF_TURN_TOKEN|><|USER_TOKEN|>thanks<|END_OF_TURN_TOKEN|><|START_OF_TURN_TOKEN|><|CHATBOT_TOKEN|><tool_call>{\"name\": \"system_info\", \"arguments\": {}}</tool_call>",
            Some("Backups run at 02:00."),
        ),
        (
            "AI: GPU acceleration is on.",
            Some("AI: GPU acceleration is on."),
        ),
        (
            "]~b]ai\nBackups run at 02:00.[e~[\n]~b]user\nthanks\n<tool_call>{\"name\": \"system_info\", \"arguments\": {}}</tool_call>",
            Some("Backups run at 02:00."),
        ),
        (
            "<seed:bos>assistant\nBackups run at 02:00.<seed:eos>",
            Some("Backups run at 02:00."),
        ),
        (
            "Backups run at 02:00.\n<seed:bos>user\nthanks\n<tool_call>{\"name\": \"system_info\", \"arguments\": {}}</tool_call>",
            Some("Backups run at 02:00."),
        ),
        (
            "Backups run at 02:00.\n]~b]user\nthanks\n<tool_call>{\"name\": \"system_info\", \"arguments\": {}}</tool_call>",
            Some("Backups run at 02:00."),
        ),
        (
            "Backups run at 02:00.<|assistant_end|><|user_start|>thanks<|user_end|><|assistant_start|><tool_call>{\"name\": \"system_info\", \"arguments\": {}}</tool_call>",
            Some("Backups run at 02:00."),
        ),
        (
            "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nthanks<|eot_id|>",
            None,
        ),
    ] {
        let llm = ScriptedLlm::start().await;
        llm.push(Reply::Text(reply.to_owned()));
        let s = setup(vec![ollama(&llm)], Limits::default()).await;
        let (outcome, events) = run(
            &s.engine,
            input("When do backups run?"),
            CancellationToken::new(),
        )
        .await;
        assert_eq!(outcome.answer.as_deref(), answer, "{reply}: {events:?}");
        assert!(
            !kinds(&events).iter().any(|k| k.starts_with("call:")),
            "{reply}: {events:?}"
        );
        let (thinking, deltas) = shown(&events);
        assert_eq!(thinking, Vec::<String>::new(), "{reply}: {events:?}");
        assert_eq!(
            deltas.concat(),
            answer.unwrap_or_default(),
            "{reply}: {events:?}"
        );
    }
}

/// A question-and-answer pair the model makes up (`Q: ...` then `A:` and a call): the call is
/// the made-up answer's, never run, and nothing of the pair is shown, not while streaming either.
#[tokio::test]
async fn a_made_up_question_and_answer_pair_is_never_shown_nor_run() {
    for reply in [
        "Q: what is this host?\nA: [system_info()]",
        "Question: what is this host?\n\nAnswer: <tool_call>{\"name\": \"system_info\", \"arguments\": {}}</tool_call>",
    ] {
        let llm = ScriptedLlm::start().await;
        llm.push(Reply::Text(reply.to_owned()));
        let s = setup(vec![ollama(&llm)], Limits::default()).await;
        let (outcome, events) = run(
            &s.engine,
            input("What is this host?"),
            CancellationToken::new(),
        )
        .await;
        assert_eq!(outcome.answer, None, "{reply}: {events:?}");
        let (_, deltas) = shown(&events);
        assert_eq!(deltas, Vec::<String>::new(), "{reply}: {events:?}");
        assert!(
            !kinds(&events).iter().any(|k| k.starts_with("call:")),
            "{reply}: {events:?}"
        );
    }
}

/// Native calls after the model's own label (a reasoning block before it or not), a made-up
/// user turn and its label again (`Assistant: ok\nUser: thanks\nAssistant: `): the calls are
/// the made-up assistant's, never run; the model's words before the turn are the answer, as
/// they streamed.
#[tokio::test]
async fn native_calls_after_an_own_label_and_a_made_up_turn_never_run() {
    for (openai_wire, think) in [(false, ""), (true, ""), (false, "<think>Greet.</think>")] {
        let llm = ScriptedLlm::start().await;
        llm.push(Reply::TextAndCalls(
            format!("{think}Assistant: Backups run at 02:00.\nUser: thanks\nAssistant: "),
            vec![("system_info".to_owned(), json!({}))],
        ));
        let backend = if openai_wire {
            openai(&llm)
        } else {
            ollama(&llm)
        };
        let s = setup(vec![backend], Limits::default()).await;
        let (outcome, events) = run(
            &s.engine,
            input("When do backups run?"),
            CancellationToken::new(),
        )
        .await;
        assert!(
            !kinds(&events).iter().any(|k| k.starts_with("call:")),
            "{events:?}"
        );
        assert_eq!(outcome.answer.as_deref(), Some("Backups run at 02:00."));
        let (thinking, deltas) = shown(&events);
        if think.is_empty() {
            assert_eq!(thinking, Vec::<String>::new(), "{events:?}");
        }
        assert_eq!(deltas.concat(), "Backups run at 02:00.", "{events:?}");
    }
}

/// Native calls after an end-of-turn token and text after it (`Two run.<|end_of_text|>User:
/// thanks`): the model ended its turn and made up the next; the calls are that turn's, never
/// run, and the answer is the words before the token, as they streamed.
#[tokio::test]
async fn native_calls_after_the_turn_s_end_and_more_text_never_run() {
    for openai_wire in [false, true] {
        let llm = ScriptedLlm::start().await;
        llm.push(Reply::TextAndCalls(
            "Backups run at 02:00.<|end_of_text|><|begin_of_text|>User: thanks".to_owned(),
            vec![("system_info".to_owned(), json!({}))],
        ));
        let backend = if openai_wire {
            openai(&llm)
        } else {
            ollama(&llm)
        };
        let s = setup(vec![backend], Limits::default()).await;
        let (outcome, events) = run(
            &s.engine,
            input("When do backups run?"),
            CancellationToken::new(),
        )
        .await;
        assert!(
            !kinds(&events).iter().any(|k| k.starts_with("call:")),
            "{events:?}"
        );
        assert_eq!(outcome.answer.as_deref(), Some("Backups run at 02:00."));
        let (thinking, deltas) = shown(&events);
        assert_eq!(thinking, Vec::<String>::new(), "{events:?}");
        assert_eq!(deltas.concat(), "Backups run at 02:00.", "{events:?}");
    }
}

/// Native calls after a text that only ends in end-of-turn tokens (`Backups run at
/// 02:00.<|eot_id|>`, Qwen's `<|im_end|><|endoftext|>`): servers put the calls after the
/// content, and nothing shows a turn made up, so they run; no token is ever shown.
#[tokio::test]
async fn native_calls_after_a_text_that_ends_in_end_tokens_run() {
    for (content, openai_wire) in [
        ("Backups run at 02:00.<|eot_id|>", false),
        ("Backups run at 02:00.<|eot_id|>", true),
        ("Backups run at 02:00.<|im_end|><|endoftext|>", false),
    ] {
        let llm = ScriptedLlm::start().await;
        llm.push(Reply::TextAndCalls(
            content.to_owned(),
            vec![("system_info".to_owned(), json!({}))],
        ));
        llm.push(Reply::Text("This host runs Linux.".to_owned()));
        let backend = if openai_wire {
            openai(&llm)
        } else {
            ollama(&llm)
        };
        let s = setup(vec![backend], Limits::default()).await;
        let (outcome, events) = run(
            &s.engine,
            input("What is this host?"),
            CancellationToken::new(),
        )
        .await;
        assert!(
            kinds(&events).iter().any(|k| k == "call:system_info"),
            "{content}: {events:?}"
        );
        assert_eq!(outcome.answer.as_deref(), Some("This host runs Linux."));
        let (thinking, deltas) = shown(&events);
        assert!(
            thinking
                .iter()
                .chain(&deltas)
                .all(|t| !t.contains("<|") && !t.contains("|>")),
            "{content}: {events:?}"
        );
    }
}

/// After the model's own label (`Assistant:` opening the answer or a later line, or the word
/// alone on its line), the answer streams as soon as the label is whole and its words are
/// clearly no call: it is not held to the turn's end.
#[tokio::test]
async fn the_answer_after_an_own_label_streams_before_the_turn_ends() {
    for (reply, answer) in [
        (
            "Assistant: The disk is fine.\nThe backups ran at 02:00 as planned, nothing failed.",
            "The disk is fine.\nThe backups ran at 02:00 as planned, nothing failed.",
        ),
        (
            "Sure!\n\nAssistant: The disk is fine.\nThe backups ran at 02:00 as planned, nothing failed.",
            "Sure!\n\nThe disk is fine.\nThe backups ran at 02:00 as planned, nothing failed.",
        ),
        (
            "AI: The disk is fine.\nThe backups ran at 02:00 as planned, nothing failed.",
            "The disk is fine.\nThe backups ran at 02:00 as planned, nothing failed.",
        ),
        (
            "Sure!\nassistant\nThe disk is fine.\nThe backups ran at 02:00 as planned, nothing failed.",
            "Sure!\nThe disk is fine.\nThe backups ran at 02:00 as planned, nothing failed.",
        ),
    ] {
        let llm = ScriptedLlm::start().await;
        llm.push(Reply::Text(reply.to_owned()));
        let s = setup(vec![ollama(&llm)], Limits::default()).await;
        let (outcome, events) = run(&s.engine, input("Backups?"), CancellationToken::new()).await;
        assert_eq!(outcome.answer.as_deref(), Some(answer), "{reply}");
        let (thinking, deltas) = shown(&events);
        assert_eq!(thinking, Vec::<String>::new(), "{reply}");
        assert_eq!(deltas.concat(), answer, "{reply}");
        let last = deltas.last().map_or("", String::as_str);
        assert!(
            !last.contains("The disk is fine."),
            "{reply}: streamed before the end: {deltas:?}"
        );
    }
}

/// A made-up user turn opened by a token and a short sentence (`<|user|> Thanks!`) ends the
/// answer: the words before it are the answer, as streamed, and a call after it never runs.
#[tokio::test]
async fn a_short_made_up_user_turn_keeps_the_answer_before_it() {
    for reply in [
        "Backups run at 02:00.<|user|> Thanks!",
        "Backups run at 02:00. <|user|> Thanks! <tool_call>{\"name\": \"file_read\", \"arguments\": {\"path\": \"notes.txt\"}}</tool_call>",
        "Backups run at 02:00.<|user|> Thanks!\n<|assistant|><tool_call>{\"name\": \"file_read\", \"arguments\": {\"path\": \"notes.txt\"}}</tool_call>",
        "Backups run at 02:00. USER: Thanks! ASSISTANT: <tool_call>{\"name\": \"file_read\", \"arguments\": {\"path\": \"notes.txt\"}}</tool_call>",
        "Backups run at 02:00. GPT4 Correct User: Thanks! GPT4 Correct Assistant: <tool_call>{\"name\": \"file_read\", \"arguments\": {\"path\": \"notes.txt\"}}</tool_call>",
        "Backups run at 02:00.<reserved_special_token_5>user\nThanks!\n<tool_call>{\"name\": \"file_read\", \"arguments\": {\"path\": \"notes.txt\"}}</tool_call>",
    ] {
        let llm = ScriptedLlm::start().await;
        llm.push(Reply::Text(reply.to_owned()));
        let s = setup(vec![ollama(&llm)], Limits::default()).await;
        let (outcome, events) = run(&s.engine, input("Backups?"), CancellationToken::new()).await;
        assert_eq!(
            outcome.answer.as_deref(),
            Some("Backups run at 02:00."),
            "{reply}"
        );
        assert_eq!(
            kinds(&events),
            vec!["model:local", "answer", "complete"],
            "{reply}"
        );
        let (_, deltas) = shown(&events);
        assert_eq!(deltas.concat(), "Backups run at 02:00.", "{reply}");
    }
}

/// A made-up user's words under a label no role gives (`Customer:`, `Me:`, `Q:`), or a value
/// after `User:`, answered by a named reply's call: the call is the made-up speaker's, never
/// run, and nothing of the exchange is shown, not while streaming either.
#[tokio::test]
async fn a_made_up_exchange_under_any_label_is_never_shown_nor_run() {
    for reply in [
        "Backups run at 02:00.\nCustomer: and the host?\nAssistant: [system_info()]",
        "Backups run at 02:00.\nMe: thanks\nFalcon: <tool_call>{\"name\": \"system_info\", \"arguments\": {}}</tool_call>",
        "Backups run at 02:00.\nUser: nobody\nFalcon: [system_info()]",
        "Backups run at 02:00.\nQ: and the host?\nFalcon: Sure! [system_info()]",
    ] {
        let llm = ScriptedLlm::start().await;
        llm.push(Reply::Text(reply.to_owned()));
        let s = setup(vec![ollama(&llm)], Limits::default()).await;
        let (outcome, events) = run(
            &s.engine,
            input("When do backups run?"),
            CancellationToken::new(),
        )
        .await;
        assert_eq!(
            outcome.answer.as_deref(),
            Some("Backups run at 02:00."),
            "{reply}"
        );
        let (_, deltas) = shown(&events);
        assert_eq!(
            deltas.concat(),
            "Backups run at 02:00.",
            "{reply}: {deltas:?}"
        );
        assert!(
            !kinds(&events).iter().any(|k| k.starts_with("call:")),
            "{reply}: {events:?}"
        );
    }
}

/// gpt-oss's call whose body is a string holding no object (`"all"`): a malformed call, which
/// earns the model the correction, never the answer.
#[tokio::test]
async fn a_gpt_oss_call_whose_arguments_hold_no_object_earns_a_correction() {
    let llm = ScriptedLlm::start().await;
    llm.push(Reply::Text(
        "<|channel|>commentary to=functions.system_info <|constrain|>json<|message|>\"all\"<|call|>"
            .to_owned(),
    ));
    llm.push(Reply::Text("This host runs Linux.".to_owned()));
    let s = setup(vec![ollama(&llm)], Limits::default()).await;
    let (outcome, events) = run(
        &s.engine,
        input("What is this host?"),
        CancellationToken::new(),
    )
    .await;
    assert_eq!(outcome.answer.as_deref(), Some("This host runs Linux."));
    let kinds = kinds(&events);
    assert!(
        kinds.contains(&"result:system_info:invalid_arguments".to_owned()),
        "{kinds:?}"
    );
    let (_, deltas) = shown(&events);
    assert_eq!(deltas.concat(), "This host runs Linux.", "{deltas:?}");
}
