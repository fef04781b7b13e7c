//! The one redaction: secret-named fields in JSON and secrets inside free text are replaced by
//! [`REDACTED`] before anything is recorded or shown (audit log, approvals, run events, logs,
//! webhooks, tool output). What is redacted is described in `docs/security.md`.

use serde_json::Value;

use crate::names::{counts_things, is_secret_name};

/// What stands where a secret was. Never itself matched as a secret, so redacting twice gives
/// the same text.
pub const REDACTED: &str = "[redacted]";

/// A copy of `value` with the values of secret-named fields replaced (`password`, `apiKey`,
/// `DB_PASSWORD`, `Authorization`...) and every other string passed through [`redact_text`].
/// Booleans and nulls under secret names stay (they are not secrets), and so do numbers under
/// names that count things (`max_tokens`, `tokens`).
pub fn redact(value: &Value) -> Value {
    match value {
        // A Secret's `data` alone (`kubectl get secret -o jsonpath='{.data}'`, parsed): every
        // value goes but the public ones (`secretmaps.rs`).
        Value::Object(object) if crate::secretmaps::secret_object(object) => Value::Object(
            object
                .iter()
                .map(|(k, v)| {
                    let public = v
                        .as_str()
                        .is_some_and(|text| crate::secretmaps::public(k, text));
                    let v = if public || v.as_str() == Some("") {
                        v.clone()
                    } else {
                        Value::String(REDACTED.to_owned())
                    };
                    (k.clone(), v)
                })
                .collect(),
        ),
        Value::Object(object) => {
            // `{"name": "DB_PASSWORD", "value": "x"}` (Kubernetes, ECS and CI environments) and
            // a Kubernetes Secret, whose `data` and `stringData` are secrets whatever their keys.
            let entry_name = ENTRY_NAME_KEYS
                .iter()
                .filter_map(|k| object.get(*k).and_then(Value::as_str))
                .find(|name| is_secret_name(name));
            let entry_named_secret = ENTRY_NAME_KEYS
                .iter()
                .filter_map(|k| object.get(*k).and_then(Value::as_str))
                .any(|name| {
                    is_secret_name(name)
                        || (crate::sessions::names_session(name)
                            && ENTRY_VALUE_KEYS
                                .iter()
                                .filter_map(|k| object.get(*k).and_then(Value::as_str))
                                .any(crate::sessions::token_shaped))
                });
            // Azure's listed keys (`{"keyName": "key1", "value": "..."}`): a key whatever its
            // name.
            let entry_named_secret = entry_named_secret
                || crate::pairs::KEY_NAME_KEYS
                    .iter()
                    .any(|k| object.get(*k).is_some_and(Value::is_string));
            // `{"name": "ES_USER", "value": "elastic:PASS"}`: a user variable with its
            // password, its user kept.
            let user_variable = ENTRY_NAME_KEYS
                .iter()
                .filter_map(|k| object.get(*k).and_then(Value::as_str))
                .find(|name| !is_secret_name(name) && name.to_ascii_lowercase().ends_with("_user"));
            let secret_object = object.get("kind").and_then(Value::as_str) == Some("Secret");
            // etcd's entry in `kvs` (`{"key": "L2FwcC9kYi9wYXNzd29yZA==", "value": "...",
            // "version": 1}`): the value goes when its decoded key names a secret.
            let store_secret = crate::keylines::encoded_entry(
                object
                    .iter()
                    .filter_map(|(k, v)| Some((k.as_str(), v.as_str()?))),
            ) == Some(true);
            let terraform_marked = terraform_sensitive(object);
            // Terraform's outputs and state values marked sensitive, and the other formats'
            // marks (`"Type": "SecureString"`, `"type": "CONCEALED"`, `"masked": true`).
            let sensitive_object = marked_secret(object);
            // `{"user": "alice", "hash": "..."}`: an account's record, whose hash is its
            // password's (`records.rs` reads the same in text).
            let account_record = crate::records::names_account(
                &object
                    .iter()
                    .filter(|(_, v)| v.is_string())
                    .map(|(k, _)| k.as_str())
                    .collect::<Vec<_>>(),
            );
            Value::Object(
                object
                    .iter()
                    .map(|(key, inner)| {
                        let whole_value = ((entry_named_secret || sensitive_object)
                            && ENTRY_VALUE_KEYS.contains(&key.as_str()))
                            || (secret_object && matches!(key.as_str(), "data" | "stringData"))
                            || (store_secret && key == "value");
                        // `"session_id": "8f3a..."`: a session's id when generated, not a
                        // count or a short number.
                        let session_token = crate::sessions::names_session(key)
                            && inner.as_str().is_some_and(crate::sessions::token_shaped);
                        // `{"name": "REQUIRE_PASSWORD", "value": "true"}`: a switch or a
                        // placeholder under a secret's name holds no secret, unless the format
                        // marks the value itself sensitive.
                        let plain_entry_value = !sensitive_object
                            && !secret_object
                            && entry_name.zip(inner.as_str()).is_some_and(|(name, text)| {
                                crate::text::entry_value_keeps(name, text)
                            });
                        let hidden = if let Some(names) = terraform_marked.as_ref()
                            && matches!(key.as_str(), "attributes" | "values")
                            && let Some(members) = inner.as_object()
                        {
                            // Terraform's state and `show -json`: what it marks sensitive goes.
                            Value::Object(
                                members
                                    .iter()
                                    .map(|(k, v)| {
                                        let v = if names.contains(k) {
                                            hide_all(k, v)
                                        } else {
                                            redact(&Value::Object(
                                                [(k.clone(), v.clone())].into_iter().collect(),
                                            ))
                                            .get(k)
                                            .cloned()
                                            .unwrap_or(Value::Null)
                                        };
                                        (k.clone(), v)
                                    })
                                    .collect(),
                            )
                        } else if secret_object
                            && key == "data"
                            && let Some(entries) = inner.as_object()
                        {
                            // The CA certificate and the namespace beside a token stay.
                            Value::Object(
                                entries
                                    .iter()
                                    .map(|(k, v)| {
                                        let public = v.as_str().is_some_and(|text| {
                                            crate::secretdata::public_entry(k, text)
                                        });
                                        let v = if public { v.clone() } else { hide_all(k, v) };
                                        (k.clone(), v)
                                    })
                                    .collect(),
                            )
                        } else if let Some(name) = user_variable
                            && ENTRY_VALUE_KEYS.contains(&key.as_str())
                            && let Some(text) = inner.as_str()
                            && let Some(at) = crate::credpairs::user_variable_password(name, text)
                        {
                            Value::String(format!("{}{REDACTED}", &text[..at]))
                        } else if whole_value && plain_entry_value {
                            redact(inner)
                        } else if whole_value
                            && !sensitive_object
                            && !secret_object
                            && let Some((name, text)) = entry_name.zip(inner.as_str())
                            && crate::credpairs::named_login_password(name, text).is_some()
                        {
                            // `{"name": "NEO4J_AUTH", "value": "neo4j/PASS"}`: the user stays.
                            Value::String(format!(
                                "{}{REDACTED}",
                                crate::credpairs::kept_login_user(name, text)
                            ))
                        } else if whole_value {
                            hide_all(key, inner)
                        } else if is_secret_name(key)
                            || session_token
                            || (account_record
                                && crate::names::names_hash_column(key)
                                && inner.is_string())
                        {
                            hide_named(key, inner)
                        } else {
                            redact(inner)
                        };
                        (key.clone(), hidden)
                    })
                    .collect(),
            )
        }
        Value::Array(items) => {
            redact_argv(items).unwrap_or_else(|| Value::Array(items.iter().map(redact).collect()))
        }
        // A member's value is judged with its name (above), not as a value alone: an id or a
        // value in base64 under a name that says nothing secret stays (`lonevalue.rs`).
        Value::String(text) => Value::String(redact_within(text)),
        Value::Null | Value::Bool(_) | Value::Number(_) => value.clone(),
    }
}

/// The attributes a Terraform state instance (`"sensitive_attributes": [[{"type": "get_attr",
/// "value": "result"}]]`) or a `terraform show -json` resource (`"sensitive_values":
/// {"result": true}`) marks sensitive; `None` when the object carries no such marks.
fn terraform_sensitive(object: &serde_json::Map<String, Value>) -> Option<Vec<String>> {
    let mut names = Vec::new();
    if let Some(paths) = object.get("sensitive_attributes").and_then(Value::as_array) {
        for path in paths {
            // A path is a list of steps (state format 4), or one step alone.
            let first = path
                .as_array()
                .and_then(|steps| steps.first())
                .unwrap_or(path);
            if first.get("type").and_then(Value::as_str) == Some("get_attr")
                && let Some(name) = first.get("value").and_then(Value::as_str)
            {
                names.push(name.to_owned());
            }
        }
    }
    if let Some(marks) = object.get("sensitive_values").and_then(Value::as_object) {
        names.extend(
            marks
                .iter()
                // `true`, or a non-empty map or list of marks below the attribute.
                .filter(|(_, mark)| match mark {
                    Value::Object(inner) => !inner.is_empty(),
                    Value::Array(inner) => !inner.is_empty(),
                    Value::Bool(marked) => *marked,
                    Value::Null | Value::Number(_) | Value::String(_) => false,
                })
                .map(|(name, _)| name.clone()),
        );
    }
    (!names.is_empty()).then_some(names)
}

/// The members that name an entry whose value is another member: Kubernetes', ECS' and CI
/// APIs' `name`/`key`, GitLab's `variable`, CloudFormation's `ParameterKey`, Elastic
/// Beanstalk's `OptionName`, 1Password's `label`, `field` and `id`.
const ENTRY_NAME_KEYS: &[&str] = &[
    "name",
    "Name",
    "key",
    "Key",
    "variable",
    "Variable",
    "ParameterKey",
    "OptionName",
    "label",
    "Label",
    "field",
    "id",
];

/// The members that hold such an entry's value.
const ENTRY_VALUE_KEYS: &[&str] = &["value", "Value", "ParameterValue"];

/// Whether an object's own members mark its value as a secret: `"sensitive": true`
/// (Terraform), `"secret": true`, `"masked": true`, `"isSecret": true` (CI variables),
/// `"Type": "SecureString"` (Parameter Store), `"type": "CONCEALED"` or `"purpose":
/// "PASSWORD"` (1Password).
fn marked_secret(object: &serde_json::Map<String, Value>) -> bool {
    const FLAGS: &[&str] = &[
        "sensitive",
        "Sensitive",
        "secret",
        "Secret",
        "masked",
        "isSecret",
        "is_secret",
        "IsSecret",
        "isSensitive",
        "IsSensitive",
        "is_sensitive",
    ];
    const SECRET_TYPES: &[&str] = &[
        "SecureString",
        "CONCEALED",
        "password",
        "PASSWORD",
        "secret",
        "SECRET",
        "secretText",
    ];
    FLAGS
        .iter()
        .any(|flag| object.get(*flag) == Some(&Value::Bool(true)))
        || ["type", "Type", "kind"].iter().any(|k| {
            object
                .get(*k)
                .and_then(Value::as_str)
                .is_some_and(|t| SECRET_TYPES.contains(&t))
        })
        || object.get("purpose").and_then(Value::as_str) == Some("PASSWORD")
}

/// An argument vector (`["mysql", "-uroot", "-pPASS"]`, `"args": ["--password", "PASS"]`): its
/// words are read together as a command line, so an option's value in the next element goes
/// as it would on a command line. An element holding blanks or quotes stands as one word there
/// and goes whole when that word is a secret (it is also redacted as text of its own).
fn redact_argv(items: &[Value]) -> Option<Value> {
    let words: Vec<&str> = items.iter().map(Value::as_str).collect::<Option<_>>()?;
    // A vector with an option, or one whose program takes a secret as an operand
    // (`["net", "user", "bob", "PASS"]`, `["rabbitmqctl", "add_user", "bob", "PASS"]`).
    if words.len() < 2
        || !(words.iter().any(|w| w.starts_with('-'))
            || crate::shell::takes_secret_operands(words[0]))
    {
        return None;
    }
    const STAND_IN: &str = "x";
    let plain = |w: &str| {
        !w.is_empty() && !w.contains(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '\\'))
    };
    let line: Vec<&str> = words
        .iter()
        .map(|w| if plain(w) { *w } else { STAND_IN })
        .collect();
    let redacted = redact_text(&line.join(" "));
    let read: Vec<&str> = redacted.split(' ').collect();
    if read.len() != words.len() {
        return None;
    }
    Some(Value::Array(
        words
            .iter()
            .zip(line.iter().zip(read))
            .map(|(word, (given, got))| {
                let text = if got == *given {
                    redact_text(word)
                } else if plain(word) {
                    got.to_owned()
                } else {
                    REDACTED.to_owned()
                };
                Value::String(text)
            })
            .collect(),
    ))
}

/// Members of an object under a secret's name that say where or who, never the secret
/// (compared lower-cased without `_` and `-`): `{"auth": {"username": "app", "database":
/// "app", "password": "x"}}` keeps its user and database. Any other member stays hidden
/// (`{"secrets": {"stripe": "..."}}`). `terraform output -json` describes each output by its
/// `type` and `sensitive` beside its `value`: they stay, the value goes.
const ORDINARY_MEMBERS: &[&str] = &[
    "username",
    "user",
    "host",
    "hostname",
    "port",
    "database",
    "dbname",
    "enabled",
    "region",
    "email",
    "type",
    "sensitive",
];

/// A member's name lower-cased without separators (`user_name` and `userName` alike).
fn normalised_member(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, '_' | '-'))
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Everything under a secret's name, as [`hide_all`], except the strings the same name keeps in
/// text (`PASSWORD=$PW`): a reference (`"$PW"`, `"${KEY}"`), a status word (`"expired"`), the
/// path of a credentials file (`"GOOGLE_APPLICATION_CREDENTIALS": "/srv/key.json"`), systemd's
/// `LoadCredential` source; of a reference with a default (`"${PW:-x}"`) only the default
/// goes. A format's own mark (`"sensitive": true`) hides its value whatever it reads.
fn hide_named(key: &str, value: &Value) -> Value {
    match value {
        Value::Object(object) => Value::Object(
            object
                .iter()
                .map(|(k, v)| {
                    // `"auth": {"username": "app", "password": "x"}` (Helm's values): a member
                    // that names where or who, not the secret, is judged as anywhere else.
                    let plain_member = !v.is_object()
                        && !v.is_array()
                        && ORDINARY_MEMBERS.contains(&normalised_member(k).as_str());
                    let hidden = if plain_member {
                        redact(v)
                    } else {
                        hide_named(k, v)
                    };
                    (k.clone(), hidden)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(|v| hide_named(key, v)).collect()),
        Value::String(text) if crate::text::keeps_json_value(key, text) => {
            Value::String(redact_text(text))
        }
        // `"${PW:-x}"`: the reference stays, its default goes.
        Value::String(text) if text.starts_with("${") => {
            match crate::text::reference_default(text) {
                Some(Some((start, end))) if !text.contains('\n') => Value::String(format!(
                    "{}{REDACTED}{}",
                    &text[..start],
                    redact_text(&text[end..])
                )),
                // `"${PW:-}"`, `"${PW:?unset}"`: no literal to hide.
                Some(None) => Value::String(redact_text(text)),
                Some(Some(_)) | None => hide_all(key, value),
            }
        }
        // `"auth": "alice:PASS"`: a login written as one value keeps its user.
        Value::String(text) if crate::credpairs::named_login_password(key, text).is_some() => {
            let at = crate::credpairs::named_login_password(key, text).unwrap_or(text.len());
            Value::String(format!("{}{REDACTED}", &text[..at]))
        }
        // `"NTFY_URL": "https://ntfy.example/topic"`: the server stays, the topic goes.
        Value::String(text) => match crate::capability::ntfy_url_topic_hidden(key, text) {
            Some(kept) => Value::String(kept),
            None => hide_all(key, value),
        },
        Value::Number(_) | Value::Null | Value::Bool(_) => hide_all(key, value),
    }
}

/// Everything under a secret's name: strings and numbers replaced, structure kept.
fn hide_all(key: &str, value: &Value) -> Value {
    match value {
        Value::Object(object) => Value::Object(
            object
                .iter()
                .map(|(k, v)| (k.clone(), hide_all(k, v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(|v| hide_all(key, v)).collect()),
        Value::String(text) if text.is_empty() || text == REDACTED => value.clone(),
        Value::Number(_) if counts_things(key) => value.clone(),
        Value::String(_) | Value::Number(_) => Value::String(REDACTED.to_owned()),
        Value::Null | Value::Bool(_) => value.clone(),
    }
}

/// `text` with every secret in it replaced by [`REDACTED`], the rest unchanged:
///
/// - private key blocks (PEM, PGP, PuTTY, age);
/// - tokens by format: AWS access key ids, GitHub, GitLab, Slack (and its webhook URLs),
///   Discord webhooks, Stripe, JWTs, Warden's `wdn_` keys, Google, OpenAI-style `sk-`, npm,
///   PyPI, Hugging Face, Docker Hub, DigitalOcean, Vault, Shopify, SendGrid, Twilio,
///   Atlassian, Grafana, Telegram, Tailscale, Doppler, Linear, Postman;
/// - passwords in URLs (`https://user:PASS@host`) and tokens as URL users;
/// - credential headers (`Authorization: Bearer TOKEN`, `X-Api-Key`, `Cookie`...) and
///   `Bearer TOKEN` anywhere;
/// - values of secret-named assignments: `PGPASSWORD=x`, `--password=x`, `password: x`,
///   `"apiKey": "x"`, `?token=x` (references like `$PASSWORD` stay);
/// - values of secret options in command lines: `--api-key VALUE`, `-storepass VALUE`,
///   `sshpass -p PASS`, `mysql -pPASS`, `redis-cli -a PASS`, `curl -u user:PASS`,
///   `smbclient -U user%PASS`, `docker login -p PASS`, `openssl ... pass:PASS` and more;
/// - values their format marks sensitive (Terraform's `"sensitive": true` outputs);
/// - commands the audit log records (`EXECVE` arguments, `PROCTITLE` and `USER_CMD` in hex);
/// - in a terminal transcript, what a command that prints a secret file or a store's entry
///   printed (`$ cat ~/.restic-password`, `# systemd-creds cat db`), up to the next prompt.
///
/// A text found clean (left unchanged) is remembered for a while, so that the same text redacted
/// again, as most are on their way through Warden, costs a lookup (`clean.rs`).
pub fn redact_text(text: &str) -> String {
    // One generated value alone (`cat authtoken.secret`, a Secret's value decoded): nothing
    // names it, its shape does (`lonevalue.rs`).
    if crate::lonevalue::lone_secret(text) {
        let start = text.len() - text.trim_start().len();
        let end = text.trim_end().len();
        return format!("{}{REDACTED}{}", &text[..start], &text[end..]);
    }
    redact_within(text)
}

/// [`redact_text`] but for a value alone: what the passes judging a piece of a text (a value
/// wrapped over lines, a key's name, an argument) ask, where a random piece (a certificate's
/// body, an id) is not yet a secret.
pub(crate) fn redact_within(text: &str) -> String {
    if text.is_empty() {
        return String::new();
    }
    if crate::clean::known_clean(text) {
        return text.to_owned();
    }
    // `/proc/PID/environ` read raw, UTF-16 read as bytes, fields padded with NULs: no pass
    // reads a NUL as the end of a value (`nul.rs`).
    if text.contains('\0') {
        return crate::nul::redact_nul_text(text);
    }
    // `cat -v`, `cat -A` and `less` show each NUL as `^@` (`cat -v /proc/1/environ`): read
    // as NULs, so that an entry's value ends at its `^@` and the next entries stay.
    if text.contains(CARET_NUL) {
        return crate::nul::redact_nul_text(&text.replace(CARET_NUL, "\0"))
            .replace('\0', CARET_NUL);
    }
    // redis-cli's listings of keys: their items are keys' names, read apart (`keylists.rs`).
    let redacted = crate::keylists::redact_with_listings(text, redact_every_kind)
        .unwrap_or_else(|| redact_every_kind(text));
    // A table's heading row names columns, whatever a pass read in it (`headings.rs`).
    let redacted = crate::headings::keep_heading_rows(text, redacted);
    // So does a title of Ansible's play output (`TASK [Check password policy] ****`).
    let redacted = crate::headings::keep_lines(text, redacted, crate::ansible::title_line);
    // A listing of secrets' names keeps its rows of names, versions and states (`listings.rs`).
    let redacted = crate::listings::keep_listing_rows(text, redacted);
    // kubectl's `secret "NAME" created` names the object (`resourcelines.rs`).
    let redacted = crate::resourcelines::keep_resource_lines(text, redacted);
    if crate::pattern::any_failed() {
        return REDACTED.to_owned();
    }
    if redacted == text {
        crate::clean::remember_clean(text);
    }
    redacted
}

/// How `cat -v` writes a NUL.
const CARET_NUL: &str = "^@";

/// [`redact_text`] without the memory of clean texts: every pass, in order.
fn redact_every_kind(text: &str) -> String {
    // Encoded output first (`base64`, `xxd`, `hexdump -C`, `od -c` of a secret file), judged by
    // what it decodes to before other passes change its lines.
    let text = crate::encoded::redact_encoded(text);
    let text = crate::escapedjson::redact_escaped_json_values(&text);
    let text = crate::gomaps::redact_go_maps(&text);
    let text = crate::recoverycodes::redact_recovery_codes(&text);
    let text = crate::secretmaps::redact_secret_maps(&text);
    let text = crate::continued::redact_continued_values(&text);
    let text = crate::wrapped::redact_wrapped_values(&text);
    let text = crate::capability::redact_capability_urls(&text);
    let text = crate::annotated::redact_annotated_keys(&text);
    let text = crate::formats::redact_vendor_formats(&text);
    let text = crate::tfsensitive::redact_sensitive_attributes(&text);
    let text = crate::rcloneconf::redact_rclone_keys(&text);
    let text = crate::providers::redact_provider_keys(&text);
    let text = crate::userpasswords::redact_user_passwords(&text);
    let text = crate::giventokens::redact_given_tokens(&text);
    let text = crate::wirelogins::redact_wire_logins(&text);
    let text = crate::decoded::redact_decoded_values(&text);
    let text = crate::replies::redact_numbered_replies(&text);
    let text = crate::keylines::redact_key_lines(&text);
    let text = crate::keylines::redact_etcd_json(&text);
    let text = crate::audit::redact_audit_records(&text);
    let text = crate::printed::redact_printed_secrets(&text);
    let text = crate::queried::redact_queried_rows(&text);
    let text = crate::records::redact_record_hashes(&text);
    let text = crate::sensitive::redact_sensitive_collections(&text);
    let text = crate::sensitive::redact_marked_sensitive(&text);
    let text = crate::sensitive::redact_yaml_sensitive(&text);
    let text = crate::plists::redact_property_lists(&text);
    let text = crate::foreign::redact_foreign_labels(&text);
    let text = crate::servicelines::redact_service_lines(&text);
    let text = crate::phpdumps::redact_php_dumps(&text);
    let text = crate::ansible::redact_debug_prints(&text);
    let text = crate::keysettings::redact_key_settings(&text);
    let text = crate::shell::redact_words(&crate::pairs::redact_pairs(
        &crate::text::redact_patterns(&text),
    ));
    let text = crate::defaults::redact_reference_defaults(&text);
    let text = crate::clientcalls::redact_positional_tokens(&text);
    let text = crate::credpairs::redact_context_pairs(&text);
    // After the tokens of known shapes: a row of AWS' text output (`ACCESSKEY<TAB>AKIA...<TAB>
    // ...<TAB>SECRET`) is one credential those passes read whole.
    let text = crate::valuecolumns::redact_value_columns(&text);
    let text = crate::prosecreds::redact_prose_credentials(&text);
    // Last: a login and its password two fields a line, once every token of a known shape
    // is hidden (`AKIA...:SECRET` is one credential, not a login's row).
    crate::accountrows::redact_account_rows(&text)
}
