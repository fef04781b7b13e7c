//! Model metrics in the Prometheus text format: calls and tokens per model since start, chat and
//! monitor repairs alike.

use std::fmt::Write;

use warden_core::Engine;

pub fn render(engine: &Engine) -> String {
    let totals = engine.token_totals();
    let mut out = String::new();
    let _ = writeln!(out, "# HELP warden_llm_calls_total Model calls by model.");
    let _ = writeln!(out, "# TYPE warden_llm_calls_total counter");
    for (model, t) in &totals {
        let _ = writeln!(
            out,
            "warden_llm_calls_total{{model=\"{}\"}} {}",
            escape(model),
            t.calls
        );
    }
    let _ = writeln!(
        out,
        "# HELP warden_llm_tokens_total Tokens used by model and kind (prompt or completion)."
    );
    let _ = writeln!(out, "# TYPE warden_llm_tokens_total counter");
    for (model, t) in &totals {
        let model = escape(model);
        let _ = writeln!(
            out,
            "warden_llm_tokens_total{{model=\"{model}\",kind=\"prompt\"}} {}",
            t.prompt_tokens
        );
        let _ = writeln!(
            out,
            "warden_llm_tokens_total{{model=\"{model}\",kind=\"completion\"}} {}",
            t.completion_tokens
        );
    }
    let _ = writeln!(
        out,
        "# HELP warden_llm_estimated_calls_total Model calls whose usage the backend did not report (Warden estimated it)."
    );
    let _ = writeln!(out, "# TYPE warden_llm_estimated_calls_total counter");
    for (model, t) in &totals {
        let _ = writeln!(
            out,
            "warden_llm_estimated_calls_total{{model=\"{}\"}} {}",
            escape(model),
            t.estimated_calls
        );
    }
    out
}

fn escape(label: &str) -> String {
    label
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}
