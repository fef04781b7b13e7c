//! Terraform and Packer variable blocks named for a secret: `variable "db_password" {
//! default = "x" }`, on one line or over several. The block's name says what its `default`
//! holds, which no name on the `default` line does.

use std::sync::LazyLock;

use crate::pattern::Gated;

use crate::REDACTED;
use crate::names::is_secret_name;

static VARIABLE: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(r#"\A[ \t]*variable[ \t]+"?(?P<name>[A-Za-z0-9_-]+)"?[ \t]*\{"#).ok()
});

static DEFAULT: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(
        r#"(?P<head>\bdefault[ \t]*=[ \t]*)(?P<secret>"(?:[^"\\\n]|\\.)*"|[^\s"}#,]+)"#,
    )
    .ok()
});

/// `text` with the defaults of secret-named variable blocks hidden.
pub(crate) fn redact_variable_defaults(text: &str) -> String {
    let (Some(variable), Some(default)) = (VARIABLE.as_ref(), DEFAULT.as_ref()) else {
        return REDACTED.to_owned();
    };
    let mut out = Vec::new();
    // Brace depth inside a secret variable's block, while one is open.
    let mut depth: Option<usize> = None;
    for line in text.split('\n') {
        let opens = depth.is_none()
            && variable
                .captures(line)
                .and_then(|c| c.name("name"))
                .is_some_and(|n| is_secret_name(n.as_str()));
        if opens {
            depth = Some(0);
        }
        let Some(level) = depth else {
            out.push(line.to_owned());
            continue;
        };
        let hidden = default.replace_all(line, |c: &regex::Captures| {
            let head = c.name("head").map_or("", |m| m.as_str());
            let secret = c.name("secret").map_or("", |m| m.as_str());
            let quoted = secret.len() >= 2 && secret.starts_with('"');
            let inner = if quoted {
                &secret[1..secret.len() - 1]
            } else {
                secret
            };
            // References and literals that hold nothing: `var.x`, `null`, `""`.
            if inner.is_empty()
                || inner.contains(REDACTED)
                || (!quoted && matches!(inner, "null" | "true" | "false" | "{" | "["))
                || (!quoted && inner.contains('.'))
            {
                return c.get(0).map_or(String::new(), |m| m.as_str().to_owned());
            }
            if quoted {
                format!("{head}\"{REDACTED}\"")
            } else {
                format!("{head}{REDACTED}")
            }
        });
        let opened = line.matches('{').count();
        let closed = line.matches('}').count();
        let level = (level + opened).saturating_sub(closed);
        depth = (level > 0).then_some(level);
        out.push(hidden.into_owned());
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::redact_variable_defaults as redact;

    #[test]
    fn defaults_of_secret_variables() {
        assert_eq!(
            redact("variable \"db_password\" { default = \"x1\" }"),
            "variable \"db_password\" { default = \"[redacted]\" }"
        );
        assert_eq!(
            redact(
                "variable \"api_token\" {\n  type    = string\n  default = \"x1\"\n}\nvariable \"region\" {\n  default = \"eu\"\n}"
            ),
            "variable \"api_token\" {\n  type    = string\n  default = \"[redacted]\"\n}\nvariable \"region\" {\n  default = \"eu\"\n}"
        );
        for same in [
            "variable \"region\" { default = \"eu-west-1\" }",
            "variable \"db_password\" {\n  default = null\n}",
            "variable \"db_password\" {\n  sensitive = true\n}\ndefault = \"kept\"",
        ] {
            assert_eq!(redact(same), same);
        }
    }
}
