use std::collections::BTreeMap;
use std::path::Path;

use pretty_assertions::assert_eq;

use super::*;

fn env(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn err(file: Option<&str>, vars: &[(&str, &str)]) -> String {
    match Config::from_sources(file.map(|t| (Path::new("warden.toml"), t)), &env(vars)) {
        Ok(_) => "accepted".to_owned(),
        Err(e) => e.to_string(),
    }
}

#[test]
fn defaults_without_file_or_env() {
    let config = Config::from_sources(None, &env(&[])).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(config.listen.to_string(), "127.0.0.1:8080");
    assert_eq!(config.data_dir, Path::new("./data"));
    assert_eq!(config.rate_limit.per_minute, 60);
    assert_eq!(
        config.effective_database_url(),
        "sqlite://./data/warden.db?mode=rwc"
    );
}

#[test]
fn environment_overrides_the_file() {
    let file = "listen = \"0.0.0.0:9000\"\n[rate_limit]\nper_minute = 10\n[rate_limit.routes]\n\"/api/v1/auth/login\" = 5\n";
    let config = Config::from_sources(
        Some((Path::new("warden.toml"), file)),
        &env(&[
            ("WARDEN_RATE_LIMIT_PER_MINUTE", "120"),
            ("WARDEN_TRUSTED_PROXIES", "10.0.0.0/8, ::1"),
        ]),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(config.listen.to_string(), "0.0.0.0:9000");
    assert_eq!(config.rate_limit.per_minute, 120);
    assert_eq!(config.rate_limit.routes.get("/api/v1/auth/login"), Some(&5));
    let proxies: Vec<String> = config
        .http
        .trusted_proxies
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(proxies, vec!["10.0.0.0/8".to_owned(), "::1/128".to_owned()]);
}

#[test]
fn bad_values_name_their_key() {
    assert_eq!(
        err(None, &[("WARDEN_LISTEN", "localhost")]),
        "invalid configuration: WARDEN_LISTEN: 'localhost' is not a socket address like 127.0.0.1:8080"
    );
    assert_eq!(
        err(None, &[("WARDEN_RATE_LIMIT_PER_MINUTE", "lots")]),
        "invalid configuration: WARDEN_RATE_LIMIT_PER_MINUTE: 'lots' is not a whole number of requests per minute"
    );
    assert_eq!(
        err(None, &[("WARDEN_RATE_LIMIT_PER_MINUTE", "0")]),
        "invalid configuration: rate_limit.per_minute: must be greater than 0"
    );
    assert_eq!(
        err(None, &[("WARDEN_DATABASE_URL", "mysql://x")]),
        "invalid configuration: database_url: must start with sqlite:, postgres:// or postgresql://"
    );
    assert_eq!(
        err(None, &[("WARDEN_TRUSTED_PROXIES", "10.0.0.0/40")]),
        "invalid configuration: WARDEN_TRUSTED_PROXIES: '10.0.0.0/40' has a prefix length outside 0..=32"
    );
    assert_eq!(
        err(None, &[("WARDEN_JWT_SECRET", "short")]),
        "invalid configuration: WARDEN_JWT_SECRET: must be at least 32 bytes; leave it unset to have a key generated into the data directory"
    );
    assert_eq!(
        err(None, &[("WARDEN_CORS_ORIGINS", "*")]),
        "invalid configuration: http.cors_origins: '*' must start with http:// or https://"
    );
    assert_eq!(
        err(None, &[("WARDEN_ADMIN_PASSWORD", "")]),
        "invalid configuration: WARDEN_ADMIN_PASSWORD: is set but empty; unset it or give a value"
    );
}

#[test]
fn file_errors_carry_line_and_unknown_keys() {
    assert_eq!(
        err(Some("listen = \"127.0.0.1:1\"\nlisten_port = 3\n"), &[]),
        "invalid configuration: warden.toml: unknown field `listen_port`, expected one of `listen`, `data_dir`, `database_url`, `auth`, `rate_limit`, `http`, `tools`, `llm`, `guard`, `monitor`, `memory`, `notify`, `mcp`, `task`, `hook`, `fleet` at line 2, column 1"
    );
    assert_eq!(
        err(Some("[http]\nbody_limit_bytes = \"big\"\n"), &[]),
        "invalid configuration: warden.toml: invalid type: string \"big\", expected usize at line 2, column 20"
    );
    assert_eq!(
        err(Some("[rate_limit.routes]\n\"login\" = 3\n"), &[]),
        "invalid configuration: rate_limit.routes.\"login\": route patterns start with '/', e.g. \"/api/v1/auth/login\""
    );
}

#[test]
fn tool_roots_must_be_absolute() {
    assert_eq!(
        err(None, &[("WARDEN_FILE_ROOTS", "/srv/app:relative/dir")]),
        "invalid configuration: WARDEN_FILE_ROOTS: 'relative/dir' is not an absolute path"
    );
    assert_eq!(
        err(Some("[tools]\ngit_roots = [\"repos\"]\n"), &[]),
        "invalid configuration: tools.git_roots: 'repos' is not an absolute path"
    );
    let config = Config::from_sources(None, &env(&[("WARDEN_FILE_ROOTS", "/srv/a:/srv/b")]))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        config.tools.file_roots,
        vec![
            std::path::PathBuf::from("/srv/a"),
            std::path::PathBuf::from("/srv/b")
        ]
    );
}

#[test]
fn ssh_hosts_are_validated() {
    let ok = "[tools.ssh]\nknown_hosts = \"/etc/warden/known_hosts\"\n[[tools.ssh.hosts]]\nname = \"web1\"\naddress = \"10.0.0.5\"\nuser = \"ops\"\nkey_file = \"/etc/warden/id_ed25519\"\n";
    let config = Config::from_sources(Some((Path::new("warden.toml"), ok)), &env(&[]))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(config.tools.ssh_hosts.len(), 1);
    assert_eq!(
        (
            config.tools.ssh_hosts[0].name.as_str(),
            config.tools.ssh_hosts[0].port
        ),
        ("web1", 22)
    );
    let twice = format!(
        "{ok}[[tools.ssh.hosts]]\nname = \"web1\"\naddress = \"x\"\nuser = \"u\"\nkey_file = \"/k\"\n"
    );
    assert_eq!(
        err(Some(&twice), &[]),
        "invalid configuration: tools.ssh.hosts.web1: is configured twice"
    );
    let relative = ok.replace("/etc/warden/id_ed25519", "id_ed25519");
    assert_eq!(
        err(Some(&relative), &[]),
        "invalid configuration: tools.ssh.hosts.web1.key_file: 'id_ed25519' is not an absolute path"
    );
}

#[test]
fn llm_models_from_environment_and_file() {
    let file = "[[llm.models]]\nname = \"big\"\napi = \"openai\"\nurl = \"http://gpu:8000\"\nmodel = \"llama3:70b\"\ntier = \"heavy\"\n";
    let config = Config::from_sources(
        Some((Path::new("warden.toml"), file)),
        &env(&[
            ("WARDEN_LLM_URL", "http://127.0.0.1:11434"),
            ("WARDEN_LLM_MODEL", "qwen2.5:7b"),
        ]),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let names: Vec<&str> = config.llm.models.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, vec!["qwen2.5:7b", "big"]);
    assert_eq!(
        (config.llm.models[0].api, config.llm.models[1].heavy),
        (LlmApi::Ollama, true)
    );
    assert_eq!(
        err(None, &[("WARDEN_LLM_URL", "http://x")]),
        "invalid configuration: WARDEN_LLM_MODEL: is required with WARDEN_LLM_URL (the backend's model name)"
    );
    assert_eq!(
        err(
            None,
            &[
                ("WARDEN_LLM_URL", "http://x"),
                ("WARDEN_LLM_MODEL", "m"),
                ("WARDEN_LLM_API", "claude")
            ]
        ),
        "invalid configuration: WARDEN_LLM_API: 'claude' is not one of: ollama, openai"
    );
    assert_eq!(
        err(None, &[("WARDEN_LLM_MODEL", "m")]),
        "invalid configuration: WARDEN_LLM_MODEL: is set but WARDEN_LLM_URL is not; set the backend URL too"
    );
    assert_eq!(
        err(Some(&file.replace("heavy", "huge")), &[]),
        "invalid configuration: llm.models.big.tier: 'huge' is not one of: fast, heavy"
    );
}

#[test]
fn context_windows_and_token_budgets() {
    let file = "[llm]\ndaily_tokens_per_user = 1000\ndaily_tokens_per_api_key = 100\nbudget_fallback_percent = 50\n[llm.daily_token_budgets]\n\"user:alice\" = 5000\n\"api_key:ci\" = 10\n[[llm.models]]\nname = \"small\"\napi = \"openai\"\nurl = \"http://127.0.0.1:8765\"\nmodel = \"smollm2\"\ncontext_tokens = 4096\n";
    let config = Config::from_sources(
        Some((Path::new("warden.toml"), file)),
        &env(&[
            ("WARDEN_LLM_URL", "http://127.0.0.1:11434"),
            ("WARDEN_LLM_MODEL", "qwen2.5:7b"),
            ("WARDEN_LLM_CONTEXT_TOKENS", "32768"),
        ]),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let windows: Vec<Option<u32>> = config.llm.models.iter().map(|m| m.context_tokens).collect();
    assert_eq!(windows, vec![Some(32_768), Some(4096)]);
    assert_eq!(
        (
            config.llm.daily_tokens_per_user,
            config.llm.daily_tokens_per_api_key,
            config.llm.budget_fallback_percent
        ),
        (Some(1000), Some(100), 50)
    );
    assert_eq!(
        config.llm.daily_token_budgets,
        BTreeMap::from([
            ("api_key:ci".to_owned(), 10),
            ("user:alice".to_owned(), 5000)
        ])
    );
    assert_eq!(
        err(
            Some(&file.replace("context_tokens = 4096", "context_tokens = 100")),
            &[]
        ),
        "invalid configuration: llm.models.small.context_tokens: 100 is too small; a context window is at least 512 tokens"
    );
    assert_eq!(
        err(Some(&file.replace("\"user:alice\"", "\"alice\"")), &[]),
        "invalid configuration: llm.daily_token_budgets: 'alice' is not user:NAME or api_key:NAME"
    );
    assert_eq!(
        err(Some(&file.replace("= 50", "= 150")), &[]),
        "invalid configuration: llm.budget_fallback_percent: 150 is not a percentage (0 to 100)"
    );
    assert_eq!(
        err(
            None,
            &[
                ("WARDEN_LLM_URL", "http://x"),
                ("WARDEN_LLM_MODEL", "m"),
                ("WARDEN_LLM_CONTEXT_TOKENS", "lots")
            ]
        ),
        "invalid configuration: WARDEN_LLM_CONTEXT_TOKENS: 'lots' is not a whole number of tokens"
    );
}

#[test]
fn secrets_never_print() {
    let config = Config::from_sources(
        None,
        &env(&[
            ("WARDEN_ADMIN_PASSWORD", "correct horse battery"),
            (
                "WARDEN_JWT_SECRET",
                "0123456789abcdef0123456789abcdef-secret",
            ),
        ]),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let shown = format!("{config:?}");
    assert!(!shown.contains("correct horse"), "{shown}");
    assert!(!shown.contains("-secret"), "{shown}");
}

#[test]
fn ip_ranges_match_mapped_and_exact_addresses() {
    let net: IpNet = "10.1.0.0/16"
        .parse()
        .unwrap_or_else(|e: String| panic!("{e}"));
    assert!(net.contains("10.1.200.3".parse().unwrap_or_else(|_| panic!())));
    assert!(net.contains("::ffff:10.1.0.9".parse().unwrap_or_else(|_| panic!())));
    assert!(!net.contains("10.2.0.1".parse().unwrap_or_else(|_| panic!())));
    let all: IpNet = "0.0.0.0/0"
        .parse()
        .unwrap_or_else(|e: String| panic!("{e}"));
    assert!(all.contains("192.0.2.1".parse().unwrap_or_else(|_| panic!())));
}

#[test]
fn the_documented_example_parses_to_the_defaults_it_claims() {
    let text = include_str!("../../../../docs/warden.example.toml");
    let config = Config::from_sources(
        Some((Path::new("docs/warden.example.toml"), text)),
        &env(&[]),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let defaults = Config::with_data_dir("./data");
    assert_eq!(config.listen, defaults.listen);
    assert_eq!(config.auth, defaults.auth);
    assert_eq!(config.http, defaults.http);
    assert_eq!(config.rate_limit.per_minute, defaults.rate_limit.per_minute);
    assert_eq!(config.guard, defaults.guard);
    assert_eq!(config.fleet, defaults.fleet);
    assert_eq!(config.memory, defaults.memory);
    assert_eq!(
        config.rate_limit.routes.get("/api/v1/auth/login"),
        Some(&10)
    );
}

#[test]
fn guard_settings_from_file_and_environment() {
    let config = Config::from_sources(
        Some((
            Path::new("warden.toml"),
            "[guard]\npolicy_dir = \"/etc/warden/policies\"\napproval_ttl_secs = 600\napproval_webhook = \"https://hooks.example/warden\"\nsandbox = false\nhidden_paths = [\"/srv/app/.env\", \"/etc/warden/*.toml\"]\ncontained_memory_mb = 512\ncontained_cpu_secs = 30\ncontained_processes = 64\ncontained_file_mb = 8\ncontained_open_files = 256\nrequire_second_person = true\n",
        )),
        &env(&[
            ("WARDEN_APPROVAL_TTL_SECS", "120"),
            ("WARDEN_RUNSC", "/opt/runsc"),
            ("WARDEN_SETPRIV", "/opt/bin/setpriv"),
        ]),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        config.guard,
        GuardConfig {
            policy_dir: Some("/etc/warden/policies".into()),
            approval_ttl_secs: 120,
            approval_webhook: Some("https://hooks.example/warden".to_owned()),
            runsc: "/opt/runsc".into(),
            sandbox: false,
            setpriv: "/opt/bin/setpriv".into(),
            hidden_paths: vec!["/srv/app/.env".into(), "/etc/warden/*.toml".into()],
            contained_memory_mb: 512,
            contained_cpu_secs: 30,
            contained_processes: 64,
            contained_file_mb: 8,
            contained_open_files: 256,
            require_second_person: true,
            ..GuardConfig::default()
        }
    );
    assert_eq!(
        Config::from_sources(None, &env(&[("WARDEN_REQUIRE_SECOND_PERSON", "true")]))
            .map(|c| c.guard.require_second_person)
            .ok(),
        Some(true)
    );
    assert_eq!(
        err(None, &[("WARDEN_REQUIRE_SECOND_PERSON", "maybe")]),
        "invalid configuration: WARDEN_REQUIRE_SECOND_PERSON: 'maybe' is not true or false"
    );
    assert_eq!(
        Config::from_sources(None, &env(&[]))
            .map(|c| c.guard.approval_ttl_secs)
            .ok(),
        Some(1800)
    );
    assert_eq!(
        err(None, &[("WARDEN_APPROVAL_TTL_SECS", "0")]),
        "invalid configuration: guard.approval_ttl_secs: must be greater than 0"
    );
    assert_eq!(
        err(None, &[("WARDEN_APPROVAL_WEBHOOK", "ftp://x")]),
        "invalid configuration: guard.approval_webhook: must be an http:// or https:// URL"
    );
    assert!(err(Some("[guard]\nsandbox = \"maybe\"\n"), &[]).contains("at line 2"));
    for key in [
        "contained_memory_mb",
        "contained_cpu_secs",
        "contained_processes",
        "contained_file_mb",
        "contained_open_files",
    ] {
        assert_eq!(
            err(Some(&format!("[guard]\n{key} = 0\n")), &[]),
            format!("invalid configuration: guard.{key}: must be greater than 0")
        );
    }
    assert_eq!(
        err(Some("[guard]\nhidden_paths = [\"secrets\"]\n"), &[]),
        "invalid configuration: guard.hidden_paths: 'secrets' is not an absolute path"
    );
}

#[test]
fn the_sandbox_backend_is_chosen_by_configuration() {
    let config = Config::from_sources(
        Some((
            Path::new("warden.toml"),
            "[guard]\nsandbox_backend = \"docker\"\nsandbox_image = \"registry.example:5000/warden/sandbox:1\"\nsandbox_runtime = \"runsc-ptrace\"\ndocker_cli = \"/usr/local/bin/docker\"\n",
        )),
        &env(&[]),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        (
            config.guard.sandbox_backend,
            config.guard.sandbox_image.as_str(),
            config.guard.sandbox_runtime.as_str(),
            config.guard.docker_cli.to_str()
        ),
        (
            SandboxBackendKind::Docker,
            "registry.example:5000/warden/sandbox:1",
            "runsc-ptrace",
            Some("/usr/local/bin/docker")
        )
    );
    let from_env = Config::from_sources(
        None,
        &env(&[
            ("WARDEN_SANDBOX_BACKEND", "docker"),
            ("WARDEN_SANDBOX_IMAGE", "warden:latest"),
            ("WARDEN_DOCKER_CLI", "/opt/docker"),
        ]),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        (
            from_env.guard.sandbox_backend,
            from_env.guard.sandbox_image.as_str(),
            from_env.guard.docker_cli.to_str()
        ),
        (
            SandboxBackendKind::Docker,
            "warden:latest",
            Some("/opt/docker")
        )
    );
    let defaults = Config::from_sources(None, &env(&[])).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        (
            defaults.guard.sandbox_backend,
            defaults.guard.sandbox_image.as_str(),
            defaults.guard.sandbox_runtime.as_str()
        ),
        (SandboxBackendKind::Runsc, "debian:bookworm-slim", "runsc")
    );
    assert_eq!(
        err(None, &[("WARDEN_SANDBOX_BACKEND", "podman")]),
        "invalid configuration: WARDEN_SANDBOX_BACKEND: 'podman' is not one of: runsc, docker"
    );
    assert_eq!(
        err(Some("[guard]\nsandbox_backend = \"lxc\"\n"), &[]),
        "invalid configuration: guard.sandbox_backend: 'lxc' is not one of: runsc, docker"
    );
    assert_eq!(
        err(None, &[("WARDEN_SANDBOX_IMAGE", "--privileged")]),
        "invalid configuration: guard.sandbox_image: '--privileged' is not an image reference like debian:bookworm-slim"
    );
    assert_eq!(
        err(Some("[guard]\nsandbox_runtime = \"runc --x\"\n"), &[]),
        "invalid configuration: guard.sandbox_runtime: 'runc --x' is not a runtime name like runsc"
    );
}

#[test]
fn monitor_settings_are_read_and_checked() {
    let config = Config::from_sources(
        Some((
            Path::new("warden.toml"),
            "[monitor]\ndisk_percent = [70.0, 90.0]\nautoheal = [\"web\"]\nrepair_budget = 5\ndisk_mounts = [\"/data\"]\n",
        )),
        &env(&[("WARDEN_MONITOR_INTERVAL", "60"), ("WARDEN_ALERTMANAGER_SECRET", "sixteen-chars-ok")]),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let m = &config.monitor;
    assert_eq!(
        (m.interval_secs, m.disk_percent, m.repair_budget),
        (60, (70.0, 90.0), 5)
    );
    assert_eq!(
        (m.autoheal.clone(), m.disk_mounts.clone()),
        (vec!["web".to_owned()], vec!["/data".to_owned()])
    );
    assert!(m.alertmanager_secret.is_some());
    assert_eq!(
        err(Some("[monitor]\ndisk_percent = [95.0, 85.0]\n"), &[]),
        "invalid configuration: monitor.disk_percent: [warning, critical] must be positive with warning <= critical, not [95, 85]"
    );
    assert_eq!(
        err(None, &[("WARDEN_ALERTMANAGER_SECRET", "short")]),
        "invalid configuration: WARDEN_ALERTMANAGER_SECRET: must be at least 16 characters"
    );
    assert_eq!(
        err(None, &[("WARDEN_MONITOR_INTERVAL", "0")]),
        "invalid configuration: monitor.interval_secs: must be greater than 0"
    );
    assert!(err(Some("[monitor]\nhysteresis_percent = 80.0\n"), &[]).contains("between 0 and 50"));
}

#[test]
fn tls_takes_a_certificate_and_its_key_together() {
    let config = Config::from_sources(
        Some((
            Path::new("warden.toml"),
            "[http]\ntls_cert = \"/etc/warden/tls/cert.pem\"\ntls_key = \"/etc/warden/tls/key.pem\"\n",
        )),
        &env(&[("WARDEN_TLS_KEY", "/run/secrets/key.pem")]),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        config.http.tls(),
        Some(TlsFiles {
            cert: "/etc/warden/tls/cert.pem".into(),
            key: "/run/secrets/key.pem".into()
        })
    );
    assert_eq!(
        Config::from_sources(None, &env(&[]))
            .map(|c| c.http.tls())
            .ok(),
        Some(None)
    );
    assert_eq!(
        err(None, &[("WARDEN_TLS_KEY", "/k.pem")]),
        "invalid configuration: http.tls_cert: is needed with http.tls_key (WARDEN_TLS_CERT): the certificate chain, PEM"
    );
    assert_eq!(
        err(None, &[("WARDEN_TLS_CERT", "")]),
        "invalid configuration: WARDEN_TLS_CERT: is set but empty; unset it or give a value"
    );
}

#[test]
fn the_network_allowlist_is_parsed_and_never_opens_metadata() {
    let config = Config::from_sources(
        Some((
            Path::new("warden.toml"),
            "[tools]\nnet_allow = [\"10.0.0.0/8\", \"192.168.1.7\"]\n",
        )),
        &env(&[]),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        config.tools.net_allow.entries(),
        ["10.0.0.0/8", "192.168.1.7/32"]
    );
    let from_env = Config::from_sources(None, &env(&[("WARDEN_NET_ALLOW", "172.16.0.0/12, ::1")]))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        from_env.tools.net_allow.entries(),
        ["172.16.0.0/12", "::1/128"]
    );
    assert_eq!(
        err(Some("[tools]\nnet_allow = [\"169.254.0.0/16\"]\n"), &[]),
        "invalid configuration: tools.net_allow: '169.254.0.0/16' includes 169.254.0.0, which is link-local (169.254.0.0/16), where cloud metadata services hand out credentials; such addresses are never allowed"
    );
    assert_eq!(
        err(None, &[("WARDEN_NET_ALLOW", "10.0.0.0/8,nope")]),
        "invalid configuration: WARDEN_NET_ALLOW: 'nope' is not an IP address or CIDR range (e.g. 10.0.0.0/8)"
    );
}

#[test]
fn fault_limits_from_file_and_environment() {
    let defaults = Config::from_sources(None, &env(&[])).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        (
            defaults.llm.first_byte_timeout_secs,
            defaults.llm.idle_timeout_secs,
            defaults.llm.breaker_failures,
            defaults.llm.breaker_cooldown_secs,
            defaults.monitor.run_timeout_secs,
            defaults.tools.docker_timeout(),
        ),
        (120, 60, 3, 30, 60, std::time::Duration::from_secs(10))
    );
    let config = Config::from_sources(
        Some((
            Path::new("warden.toml"),
            "[llm]\nfirst_byte_timeout_secs = 20\nidle_timeout_secs = 30\nbreaker_failures = 5\nbreaker_cooldown_secs = 9\n\n[tools]\ndocker_timeout_secs = 4\n\n[monitor]\nrun_timeout_secs = 15\n",
        )),
        &env(&[
            ("WARDEN_LLM_FIRST_BYTE_TIMEOUT_SECS", "45"),
            ("WARDEN_LLM_IDLE_TIMEOUT_SECS", "25"),
        ]),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        (
            config.llm.first_byte_timeout_secs,
            config.llm.idle_timeout_secs,
            config.llm.breaker_failures,
            config.llm.breaker_cooldown_secs,
            config.monitor.run_timeout_secs,
            config.tools.docker_timeout(),
        ),
        (45, 25, 5, 9, 15, std::time::Duration::from_secs(4))
    );
    for (file, key) in [
        (
            "[llm]\nfirst_byte_timeout_secs = 0\n",
            "llm.first_byte_timeout_secs",
        ),
        ("[llm]\nidle_timeout_secs = 0\n", "llm.idle_timeout_secs"),
        ("[llm]\nbreaker_failures = 0\n", "llm.breaker_failures"),
        (
            "[tools]\ndocker_timeout_secs = 0\n",
            "tools.docker_timeout_secs",
        ),
        (
            "[monitor]\nrun_timeout_secs = 0\n",
            "monitor.run_timeout_secs",
        ),
    ] {
        assert_eq!(
            err(Some(file), &[]),
            format!("invalid configuration: {key}: must be greater than 0")
        );
    }
    assert_eq!(
        err(None, &[("WARDEN_LLM_FIRST_BYTE_TIMEOUT_SECS", "soon")]),
        "invalid configuration: WARDEN_LLM_FIRST_BYTE_TIMEOUT_SECS: 'soon' is not a whole number of seconds"
    );
}

#[test]
fn monitor_verification_flapping_and_alert_rules_are_read_and_checked() {
    let config = Config::from_sources(
        Some((
            Path::new("warden.toml"),
            "[monitor]\nverify_hold_secs = 60\nflap_reopens = 5\nflap_window_secs = 7200\n\n[[monitor.alert_rules]]\nalertname = \"KubePodCrashLooping\"\nlabel = \"pod\"\nrunbook = \"model\"\n",
        )),
        &env(&[]),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let m = &config.monitor;
    assert_eq!(
        (m.verify_hold_secs, m.flap_reopens, m.flap_window_secs),
        (60, 5, 7200)
    );
    assert_eq!(
        m.alert_rules,
        vec![warden_core::monitor::AlertRule {
            alertname: "KubePodCrashLooping".to_owned(),
            label: "pod".to_owned(),
            runbook: warden_core::monitor::AlertRunbook::Model,
        }]
    );
    assert_eq!(
        Config::from_sources(None, &env(&[]))
            .map(|c| c.monitor.alert_rules)
            .ok(),
        Some(warden_core::monitor::AlertRule::defaults())
    );
    assert_eq!(
        err(
            Some("[[monitor.alert_rules]]\nalertname = \"X\"\nrunbook = \"reboot\"\n"),
            &[]
        ),
        "invalid configuration: monitor.alert_rules[0].runbook: 'reboot' is not a runbook (restart_container, reclaim_docker, model or ignore)"
    );
    assert_eq!(
        err(Some("[monitor]\nflap_window_secs = 0\n"), &[]),
        "invalid configuration: monitor.flap_window_secs: must be greater than 0"
    );
    let hogs = Config::from_sources(
        Some((
            Path::new("warden.toml"),
            "[tools]\nollama_url = \"http://127.0.0.1:11434\"\n[monitor]\nrunaway_cpu_percent = 90.0\nrunaway_sweeps = 5\nrunaway_names = [\"miner\"]\ngpu_hog_kill = true\nollama_unload_stuck = true\n",
        )),
        &env(&[]),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let m = &hogs.monitor;
    assert_eq!(
        (
            m.runaway_cpu_percent,
            m.runaway_memory_percent,
            m.runaway_sweeps,
            m.runaway_names.clone(),
            m.gpu_hog_kill,
            m.ollama_unload_stuck
        ),
        (Some(90.0), None, 5, vec!["miner".to_owned()], true, true)
    );
    assert_eq!(
        hogs.tools.ollama_url.as_deref(),
        Some("http://127.0.0.1:11434")
    );
    assert_eq!(
        err(Some("[monitor]\nrunaway_cpu_percent = -1.0\n"), &[]),
        "invalid configuration: monitor.runaway_cpu_percent: must be a positive percent"
    );
}

#[cfg(unix)]
#[test]
fn a_variable_that_is_not_utf8_is_named_if_it_is_wardens_and_ignored_otherwise() {
    use std::ffi::OsString;
    use std::os::unix::ffi::OsStringExt;

    let bytes = |b: &[u8]| OsString::from_vec(b.to_vec());
    let vars = vec![
        (bytes(b"LANG_BROKEN"), bytes(b"caf\xe9")),
        (bytes(b"WARDEN_LISTEN"), bytes(b"127.0.0.1:9")),
    ];
    let env = warden_variables(vars.into_iter()).expect("others are ignored");
    assert_eq!(
        env.get("WARDEN_LISTEN").map(String::as_str),
        Some("127.0.0.1:9")
    );
    assert_eq!(env.len(), 1);
    let error =
        warden_variables(vec![(bytes(b"WARDEN_DATA_DIR"), bytes(b"/srv/\xff"))].into_iter())
            .expect_err("named");
    assert_eq!(
        error.to_string(),
        "invalid configuration: WARDEN_DATA_DIR: is not UTF-8 text"
    );
    let error = warden_variables(vec![(bytes(b"WARDEN_\xff"), bytes(b"x"))].into_iter())
        .expect_err("named");
    assert!(error.to_string().contains("not UTF-8"), "{error}");
}
