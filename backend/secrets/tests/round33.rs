//! Thirty-third review: what a homelab, an inference box and company servers print and keep.
//! Gaps closed as kinds:
//! - a command named inside a sentence (`Run wandb login to sign in`, `use vault login
//!   first`) is prose: the word after it is a word of the sentence, not a secret operand;
//!   an operand no sentence holds (with a digit or a sign) still goes;
//! - tools' settings holding keys under generic names in their folders (`~/.beam/config.ini`,
//!   `~/.cerebrium/config.yaml`, Gitaly's `config.toml`, oVirt's `10-setup-database.conf`,
//!   OpenMediaVault's `config.xml`, Praefect's, Baseten's `.trussrc`).
//!
//! Everyday readings next to them stay as printed.

mod common;

use common::{changed, missed_paths, wrong_redactions};
use pretty_assertions::assert_eq;

#[test]
fn a_command_named_in_a_sentence_keeps_the_sentence() {
    let cases = [
        ("Run wandb login to sign in", "Run wandb login to sign in"),
        ("use vault login first", "use vault login first"),
        (
            "Then run bw unlock again to get a session.",
            "Then run bw unlock again to get a session.",
        ),
        (
            "You can use cargo login with your token.",
            "You can use cargo login with your token.",
        ),
        (
            "Please run ngrok authtoken and paste the value",
            "Please run ngrok authtoken and paste the value",
        ),
        // A secret's shape is still hidden inside a sentence.
        (
            "Run wandb login 0123456789abcdef0123456789abcdef01234567 to sign in",
            "Run wandb login [redacted] to sign in",
        ),
        (
            "then run bw unlock hunter2! to get a session",
            "then run bw unlock [redacted] to get a session",
        ),
        // Command lines still lose their operands.
        ("wandb login abcdefghijklmnop", "wandb login [redacted]"),
        ("$ vault login s.AbCdEfGhIjKl", "$ vault login [redacted]"),
        ("sudo bw unlock correcthorse", "sudo bw unlock [redacted]"),
        (
            "docker exec -it vault vault login roottoken",
            "docker exec -it vault vault login [redacted]",
        ),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
}

#[test]
fn everyday_lines_stay() {
    let texts = [
        "[67210.114507] docker0: port 1(veth1a2b) entered blocking state",
        "[stdout] 2026-12-05T05:24:01Z tick 3",
        "Filesystem      Size  Used Avail Use% Mounted on",
        "/dev/nvme0n1p2  916G  412G  458G  48% /",
        "Dec 05 05:24:01 box systemd[1]: Started Vault server.",
        "To sign in, use the vault login page of the web UI.",
        "Run the login command, then reload.",
    ];
    assert_eq!(changed(&texts), Vec::<String>::new());
}

#[test]
fn tool_settings_holding_keys_are_refused() {
    let secret = [
        "/home/u/.beam/config.ini",
        "/root/.cerebrium/config.yaml",
        "/etc/gitlab/gitaly/config.toml",
        "/var/opt/gitlab/gitaly/config.toml",
        "/etc/ovirt-engine/engine.conf.d/10-setup-database.conf",
        "/etc/ovirt-engine-dwh/ovirt-engine-dwhd.conf.d/10-setup-database.conf",
        "/etc/openmediavault/config.xml",
        "/etc/gitlab/praefect/config.toml",
        "/root/.runpod/config.toml",
        "/root/.vast_api_key",
        "/home/u/.config/vastai/vast_api_key",
        "/home/u/.paperspace/config.json",
        "/home/u/.trussrc",
        "/home/u/.lightning/credentials.json",
        "/home/u/.kaggle/kaggle.json",
        "/home/u/.cache/huggingface/token",
        "/home/u/.cache/huggingface/stored_tokens",
        "/home/u/.config/ngc/config",
        "/home/u/.ngc/config",
        "/home/u/.config/gcloud/application_default_credentials.json",
        "/home/u/.fal/credentials",
        "/home/u/.config/openai/auth.json",
        "/home/u/.codex/auth.json",
        "/home/u/.claude/.credentials.json",
        "/home/u/.config/github-copilot/hosts.json",
        "/home/u/.config/github-copilot/apps.json",
    ];
    assert_eq!(missed_paths(&secret, true), Vec::<String>::new());
    let open = [
        "/etc/nginx/nginx.conf",
        "/srv/app/config.toml",
        "/home/u/project/config.yaml",
        "/etc/sysctl.d/10-setup.conf",
    ];
    assert_eq!(missed_paths(&open, false), Vec::<String>::new());
}

#[test]
fn every_token_value_beside_a_token_id_goes() {
    let cases = [
        (
            r#"[{"full-tokenid":"root@pam!a","value":"3f0e9a12-5b7c-4d8e-9f01-23456789abcd"},{"full-tokenid":"root@pam!b","value":"4a1b2c3d-5b7c-4d8e-9f01-23456789abcd"}]"#,
            r#"[{"full-tokenid":"root@pam!a","value":"[redacted]"},{"full-tokenid":"root@pam!b","value":"[redacted]"}]"#,
        ),
        // A first member that is no token does not stop the search.
        (
            r#"{"full-tokenid":"root@pam!a","info":{"value":"x"},"value":"3f0e9a12-5b7c-4d8e-9f01-23456789abcd"}"#,
            r#"{"full-tokenid":"root@pam!a","info":{"value":"x"},"value":"[redacted]"}"#,
        ),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
}
