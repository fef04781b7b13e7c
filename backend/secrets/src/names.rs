//! Whether a field, variable or option name names a secret: `password`, `DB_PASSWORD`,
//! `PGPASSWORD`, `--api-key`, `apiKey`, `client_secret`, `MYSQL_PWD`, `X-Auth-Token`.
//!
//! A name is split into its parts (at `_`, `-`, `.`, other punctuation and camelCase
//! boundaries) and judged by them, so `passive`, `compass`, `keyboard` and `tokenizer` stay
//! ordinary while `pgpassword` and `githubtoken` do not.

/// Words that make a name secret when a part ends with them (`pgpassword`, `rootpassword`,
/// `githubtoken`), with or without a plural `s`.
const STRONG_SUFFIXES: &[&str] = &[
    "password",
    "passwd",
    "passphrase",
    "secret",
    "token",
    "apikey",
    "credential",
    "privatekey",
    "secretkey",
    "accesskey",
    "authkey",
    "masterkey",
    "authorization",
    // Session cookies written as one word: `PHPSESSID`, `JSESSIONID`, Django's `sessionid`.
    "sessid",
    "sessionid",
    // Lightning's and Synapse's macaroons (`LND_MACAROON`, `ADMIN_MACAROON`): bearer
    // credentials.
    "macaroon",
    // Passwords in other languages: German, French (the project learns from French chat),
    // Portuguese, Spanish, Dutch, Italian.
    // Telemetry write keys written as one word (`HONEYCOMB_WRITEKEY`), `PRIVKEY`, `PASSCODE`.
    "writekey",
    "privkey",
    "passcode",
    "passwort",
    "motdepasse",
    "senha",
    "contrasena",
    "contraseña",
    "wachtwoord",
    // German's other word, Finnish, Czech and Slovak, Norwegian, Danish, Estonian, Croatian
    // and Serbian, Slovenian, Catalan (labels in other scripts: `foreign.rs`).
    "kennwort",
    "salasana",
    "heslo",
    "passord",
    "adgangskode",
    "parool",
    "lozinka",
    "geslo",
    "contrasenya",
];

/// Parts that make a name secret only when they are the whole part: `pass` in `DB_PASS` but not
/// in `bypass`; `pwd` in `MYSQL_PWD`.
const WHOLE_PARTS: &[&str] = &[
    "pass",
    "pwd",
    "pw",
    "auth",
    "bearer",
    "cookie",
    "cookies",
    "psk",
    "creds",
    "salt",
    "passe",
    "authtok",
    "bindpw",
    "rootpw",
    "community",
    // A secret key abbreviated (`STRIPE_SK`, `AWS_SK`), a personal access token (`GH_PAT`),
    // a SIM's unblocking key, a password's pepper, a wallet's mnemonic: as the last part only.
    "sk",
    "pat",
    "puk",
    "pepper",
    "mnemonic",
    // One-time passwords given as a value (`npm publish --otp 123456`, `gh --totp CODE`,
    // `--2fa CODE`): short-lived, still a credential while it lives.
    "otp",
    "totp",
    "hotp",
    "2fa",
    // Key and data encryption keys (`KEK`, `VAULT_DEK`).
    "kek",
    "dek",
];

/// Short parts that make a name secret only as its last part: `DB_PASS`, `AUTH_SALT`,
/// `_auth`, `--community`, but not `PASS_MAX_DAYS` (login.defs), `salt_minion` (Salt's own
/// settings) or nginx's `auth_basic`/`auth_request`.
const LAST_ONLY: &[&str] = &[
    "pass",
    "pwd",
    "pw",
    "auth",
    "salt",
    "community",
    "sk",
    "pat",
    "puk",
    "pepper",
    "mnemonic",
    "otp",
    "totp",
    "hotp",
    "2fa",
    "kek",
    "dek",
];

/// Whole names of options and variables that carry a secret although their parts do not say so
/// (Java's keytool, OpenSSL).
const WHOLE_NAMES: &[&str] = &[
    "passin",
    "passout",
    "storepass",
    "keypass",
    "srcstorepass",
    "deststorepass",
    "srckeypass",
    "destkeypass",
    "requirepass",
    "masterauth",
    "pin",
    "sharedaccesssignature",
    // msmtp's `--passwordeval='pass show mail'`, mutt's `smtp_pass` via a command: the command
    // prints the password, and is often `echo PASS`.
    "passwordeval",
    // bitcoind's `rpcauth=user:salt$hash`.
    "rpcauth",
    // SNMP's read-only and read-write communities (`rocommunity`, pfSense's `<rocommunity>`).
    "rocommunity",
    "rwcommunity",
    "rocommunity6",
    "rwcommunity6",
    // Commands and expressions that print a password: isync's `PassCmd "pass show mail"`,
    // OfflineIMAP's `remotepasseval = get_pass()` (often `echo PASS` or the password itself).
    "passcmd",
    "passeval",
    "remotepasseval",
    "localpasseval",
    // NTLM hashes, which log in as well as the password does (pass-the-hash): Impacket's
    // `-hashes LM:NT`, `--nthash`, `NTHASH=`.
    "hashes",
    "nthash",
    "lmhash",
    "ntlmhash",
    // etcdctl's `ETCDCTL_USER=user:password`, its `--user` as a variable.
    "etcdctluser",
    // MySQL's `mysql.user.authentication_string`, the password's hash.
    "authenticationstring",
    // Nextcloud's `passwordsalt`, the salt of the passwords it stores, kept secret as its
    // `secret` is.
    "passwordsalt",
];

/// `key` is a secret after one of these when it ends the name: a user's key of a notification
/// or messaging service (Pushover's `PUSHOVER_USER_KEY`, `--user-key`), which sends to that
/// user with the app's token; `PuTTY-User-Key-File` names a file format.
const LAST_KEY_QUALIFIERS: &[&str] = &["user"];

/// `key` is a secret after one of these (`api_key`, `private-key`, `secret_key`).
const KEY_QUALIFIERS: &[&str] = &[
    "api",
    "private",
    "secret",
    "master",
    "encryption",
    "signing",
    "auth",
    "access",
    "license",
    "shared",
    "client",
    "app",
    "session",
    "account",
    "service",
    "storage",
    "deploy",
    "webhook",
    "root",
    "admin",
    "bot",
    "jwt",
    "hmac",
    "preshared",
    "unseal",
    "recovery",
    "routing",
    "integration",
    "subscription",
    "sentry",
    "sas",
    // Datadog's `DD-APPLICATION-KEY`, Backblaze's `B2_APPLICATION_KEY`.
    "application",
    // Keys that enrol a machine into a network or a fleet: NetBird's `--setup-key`,
    // `--enrollment-key`, `--registration-key`, `ACTIVATION_KEY`, `--join-key`.
    "setup",
    "enrollment",
    "enrolment",
    "registration",
    "activation",
    "join",
    // Fifth round: one-time password seeds (`TOTP_KEY`), ingestion and write keys of
    // telemetry services (`LOGDNA_INGESTION_KEY`, Segment's `WRITE_KEY`), and the API keys of
    // services named for their vendor (`OPENAI_KEY`, `SENDGRID_KEY`).
    "totp",
    "otp",
    "mfa",
    "ingestion",
    "write",
    "openai",
    "anthropic",
    "gemini",
    "mistral",
    "cohere",
    "groq",
    "deepseek",
    "openrouter",
    "replicate",
    "stripe",
    "sendgrid",
    "mailgun",
    "mailchimp",
    "postmark",
    "resend",
    "twilio",
    "algolia",
    "honeycomb",
    "pusher",
    "pinecone",
    // More AI and ML services, as inference boxes' `.env` files name their keys
    // (`CLAUDE_KEY`, `HF_KEY`, `WANDB_KEY`, `TOGETHER_KEY`, `TAVILY_KEY`).
    "claude",
    "hf",
    "huggingface",
    "wandb",
    "together",
    "perplexity",
    "pplx",
    "xai",
    "grok",
    "fireworks",
    "voyage",
    "langsmith",
    "langchain",
    "langfuse",
    "tavily",
    "serpapi",
    "serper",
    "elevenlabs",
    "stability",
    "runpod",
    "civitai",
    "ngc",
    "deepinfra",
    "cerebras",
    "jina",
    "firecrawl",
    "deepgram",
    "assemblyai",
    "helicone",
    "portkey",
    "plaid",
    "paypal",
    "braintree",
    // Wi-Fi, disk and SSH keys and wallets named for what they open (`WPA_KEY`, `LUKS_KEY`,
    // `SSH_KEY`, `PRIV_KEY`, `WALLET_KEY`). Not `gpg`: `ENV GPG_KEY <fingerprint>` (Docker's
    // official images) names a public key.
    "wifi",
    "wep",
    "wpa",
    "network",
    "luks",
    "disk",
    "ssh",
    "priv",
    "wallet",
    // `AWS_KEY`, `aws_keys.csv`: an AWS key pair (its id is `AWS_KEY_ID`).
    "aws",
    // Keys named for the cipher or the protection they serve: `AES_KEY`, `DES_KEY`
    // (Roundcube's `des_key`), `CIPHER_KEY`, `CRYPT_KEY`, `ENC_KEY`, Airflow's `FERNET_KEY`,
    // `CSRF_KEY`, `COOKIE_KEY`, WordPress' `NONCE_KEY` and `LOGGED_IN_KEY`, MediaWiki's
    // `$wgUpgradeKey`. Not `hash`: DynamoDB's `hash_key` names an attribute.
    "aes",
    "des",
    "3des",
    "cipher",
    "crypt",
    "crypto",
    "enc",
    "fernet",
    "blowfish",
    "csrf",
    "xsrf",
    "cookie",
    "nonce",
    "in",
    "upgrade",
    // Tenth round: OVH's and OAuth 1's consumer keys, Sigstore's and age's private keys
    // (`COSIGN_KEY`, `SOPS_AGE_KEY`), Cypress' record key, Kaggle's API key, Supabase's
    // `SERVICE_ROLE_KEY`, feature flag services' server-side `SDK_KEY`.
    "consumer",
    // Gradle's signing plugin's `signingInMemoryKey` (the PGP private key itself), TACACS+'s
    // and RADIUS' shared keys.
    "memory",
    "tacacs",
    "radius",
    "cosign",
    "age",
    "record",
    "kaggle",
    "role",
    "sdk",
    // acme.sh's DNS providers' keys, spelt for their vendor (`CF_Key` Cloudflare, `DP_Key`
    // DNSPod, `GD_Key` GoDaddy, `Ali_Key` Alibaba, `LUA_Key` LuaDNS, `Namesilo_Key`), and
    // LogDNA's `LOGDNA_KEY`.
    "cf",
    "dp",
    "gd",
    "ali",
    "lua",
    "namesilo",
    "logdna",
];

/// Parts that make a later `key` secret wherever they stand before it
/// (`ACTIVE_RECORD_ENCRYPTION_PRIMARY_KEY`, `SECRET_SIGNING_RSA_KEY`), while `primary_key`
/// alone names a table's column.
const KEY_OWNERS_ANYWHERE: &[&str] = &["encryption", "secret", "private"];

/// Other nouns that are secrets after one of these: a seed of one-time passwords, a wallet's
/// recovery phrase (`MFA_SEED`, `SEED_PHRASE`, `recovery_phrase`).
const QUALIFIED: &[(&str, &[&str])] = &[
    ("seed", &["mfa", "totp", "otp", "hotp", "2fa", "wallet"]),
    ("phrase", &["seed", "recovery", "mnemonic", "pass"]),
    ("mnemonic", &["seed", "wallet", "recovery"]),
    // A card's or token's PIN (`SIM_PIN`, `SMARTCARD_PIN`; `gpio_pin` is a pin of a chip),
    // codes that unlock or log in (`UNLOCK_CODE`, `BACKUP_CODE`, OAuth's `auth_code`).
    (
        "pin",
        &[
            "sim",
            "smartcard",
            "card",
            "yubikey",
            "piv",
            "admin",
            "user",
            "so",
            "pkcs11",
            "hsm",
            "token",
            "device",
        ],
    ),
    (
        "code",
        &[
            "unlock",
            "access",
            "auth",
            "backup",
            "recovery",
            "admin",
            "master",
            "security",
            // One-time codes (`--mfa-code`, `--otp-code`, `--2fa-code`, `--sms-code`,
            // `--verification-code`): they log in while they live.
            "mfa",
            "otp",
            "totp",
            "hotp",
            "2fa",
            "sms",
            "verification",
            "passcode",
            // Invitations that admit whoever holds them (`invite_code`, `INVITATION_CODE`).
            "invite",
            "invitation",
        ],
    ),
    ("seed", &["private", "secret", "master"]),
    // Yarn's `npmAuthIdent: "user:password"`: a login, not a name. GitLab Runner's
    // `DOCKER_AUTH_CONFIG` (registries' logins as JSON), OCI's `OCI_CLI_KEY_CONTENT` (the
    // private key itself).
    ("ident", &["auth"]),
    ("config", &["auth"]),
    ("content", &["key"]),
    // A link that logs in by itself (`magic_link`, `login_link`, `reset_link`).
    ("link", &["magic", "login", "reset", "invite", "invitation"]),
];

/// A last part that makes the name about a secret rather than the secret itself
/// (`password_file`, `token_url`, `api_key_id`, `password-stdin`).
pub(crate) const NOT_THE_SECRET: &[&str] = &[
    "file",
    "files",
    "path",
    "dir",
    "directory",
    "length",
    "len",
    "type",
    "policy",
    "prompt",
    "stdin",
    "fd",
    "env",
    "command",
    "cmd",
    "name",
    "url",
    "uri",
    "endpoint",
    "ttl",
    // `token_duration 768h` (`vault login`), `password_expiry_days: 90`: how long, not what.
    "duration",
    "days",
    "hours",
    "minutes",
    "seconds",
    "expiry",
    "expires",
    "expiration",
    "lifetime",
    "count",
    "limit",
    "timeout",
    "id",
    "ids",
    "format",
    "mode",
    "required",
    "min",
    "max",
    "strength",
    "algorithm",
    "size",
    "header",
    "location",
    "field",
    "method",
    "kind",
    "helper",
    // Docker's `credsStore: "desktop"` and `credHelpers: {"gcr.io": "gcloud"}` name the
    // programs that keep the logins, not a login.
    "helpers",
    "store",
    "manager",
    "provider",
    "source",
    "hint",
    // `password_encryption = scram-sha-256` (postgresql.conf): a method, not a secret.
    "encryption",
    "scheme",
    // Kubernetes `secretRef`/`secretKeyRef`, AWS `SecretArn`: a reference to a secret kept
    // elsewhere. Django's `PASSWORD_HASHERS` and `AUTH_PASSWORD_VALIDATORS`: code settings.
    "ref",
    "refs",
    "reference",
    "arn",
    "hashers",
    "hasher",
    "validators",
    "validator",
    // Postfix's `smtp_sasl_password_maps = hash:/etc/postfix/sasl_passwd`: a lookup table.
    "maps",
    "map",
    // NetworkManager's `802-1x.password-flags 0`: how the secret is kept.
    "flags",
    // A TLS pre-shared key's identity (`--tls-psk-identity PSK001`, `psk_identity`): the
    // name the key is looked up by, sent in clear in the handshake.
    "identity",
    // When a secret was changed or expires (`password_last_changed`, `token_expires_at`): a
    // time, as a table's column or a setting (`_set` stays a secret: `api_token_set` may be a
    // set of them).
    "at",
    "changed",
    "updated",
    "created",
    "modified",
    "date",
    "timestamp",
];

/// A first part that makes an option a switch rather than a value (`--no-password`,
/// `--ask-become-pass`, `--prompt-password`).
const SWITCH_PREFIXES: &[&str] = &[
    "no", "ask", "prompt", "show", "skip", "require", "force", "read", "use", "disable",
    // Helm charts' `existingSecret: db-secret`: the name of a Secret kept elsewhere.
    "existing",
];

/// Secrets' words that a switch's prefix written before them in one word turns into a switch
/// (`showsecret`, `nopassword`).
const SWITCHED_WORDS: &[&str] = &[
    "secret",
    "secrets",
    "password",
    "passwords",
    "passwd",
    "pass",
    "passphrase",
    "token",
    "tokens",
    "auth",
    "credentials",
    "creds",
];

/// Counters named like tokens (`max_tokens`, `prompt_tokens`).
const COUNTER_PREFIXES: &[&str] = &[
    "max",
    "min",
    "num",
    "total",
    "input",
    "output",
    "prompt",
    "completion",
    "used",
    "remaining",
    "context",
    "eval",
];

/// The lower-cased parts of a name.
pub(crate) fn parts(name: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut previous_lower = false;
    for c in name.chars() {
        if !c.is_alphanumeric() {
            if !current.is_empty() {
                parts.push(std::mem::take(&mut current));
            }
            previous_lower = false;
            continue;
        }
        if c.is_uppercase() && previous_lower && !current.is_empty() {
            parts.push(std::mem::take(&mut current));
        }
        previous_lower = c.is_lowercase() || c.is_ascii_digit();
        current.extend(c.to_lowercase());
    }
    if !current.is_empty() {
        parts.push(current);
    }
    parts
}

/// What a password is for, written in one word with `pass`, `pw` or `pwd` after it (`SSHPASS`,
/// `dbpass`, `ROOTPASS`, `adminpw`, `dbpwd`); `bypass`, `compass` and `passwd` stay whole words.
const PASS_OWNERS: &[&str] = &[
    "ssh",
    "db",
    "root",
    "admin",
    "user",
    "my",
    "mysql",
    "redis",
    "smtp",
    "mail",
    "ftp",
    "ldap",
    "bind",
    "vnc",
    "wifi",
    "app",
    "api",
    "sa",
    "sys",
    "master",
    "web",
    "proxy",
    "vpn",
    "key",
    "store",
    "server",
    "client",
    "bot",
    // Fifth round: databases, brokers, shares, key stores, consoles (`KEYSTOREPASS`,
    // `RABBITPASS`, `IPMIPASS`). Not `pg`: `.pgpass` is a file's name.
    "postgres",
    "psql",
    "mongo",
    "rabbit",
    "rabbitmq",
    "amqp",
    "smb",
    "cifs",
    "nas",
    "ssl",
    "tls",
    "keystore",
    "truststore",
    "pfx",
    "imap",
    "pop",
    "email",
    "http",
    "socks",
    "rdp",
    "ipmi",
    "bmc",
    "idrac",
    "ilo",
    "esxi",
    "vcenter",
    // OfflineIMAP's `remotepass` and `localpass`: the accounts at either end of a sync.
    "remote",
    "local",
];

fn owned_pass(part: &str) -> bool {
    ["pass", "pwd", "pw"].iter().any(|suffix| {
        part.strip_suffix(suffix)
            .is_some_and(|owner| PASS_OWNERS.contains(&owner))
    })
}

fn ends_with_strong(part: &str) -> bool {
    // `password1`, `Password123`, `token2`: numbered secrets.
    let part = part.trim_end_matches(|c: char| c.is_ascii_digit());
    let singular = part.strip_suffix('s').unwrap_or(part);
    // A qualified key written as one word (`presharedkey`, `appkey`, `encryptionkey`), as
    // `qualified_key` judges it written in two. Not Git's `signingkey`: a key's id or its
    // public file.
    let one_word_key = singular
        .strip_suffix("key")
        .is_some_and(|qualifier| qualifier != "signing" && KEY_QUALIFIERS.contains(&qualifier));
    one_word_key
        || STRONG_SUFFIXES
            .iter()
            .any(|word| part.ends_with(word) || singular.ends_with(word))
}

/// Whether `name` (a JSON field, an environment variable, an option without its dashes or with
/// them, a header) names a secret value.
pub fn is_secret_name(name: &str) -> bool {
    judge(name, true) || vendor_key_header(name) || signature_header(name)
}

/// Words that make a signature's name about handling signatures, not a signature sent to prove
/// who sent a request (`--show-signature`, `--output-signature`, `gpg_signature`).
const SIGNATURE_HANDLING: &[&str] = &[
    "no", "show", "skip", "verify", "check", "require", "required", "detach", "detached", "output",
    "input", "gpg", "pgp", "ssh", "x509", "commit", "tag", "code", "pdf", "digital", "email",
    "mail", "with", "add",
];

/// A webhook's or an API's request signature, an HMAC of the request under a shared secret
/// (`X-Hub-Signature-256`, `Stripe-Signature`, `X-Slack-Signature`, `X-Twilio-Signature`,
/// `webhook-signature`, `X-Shopify-Hmac-Sha256`, `X-Square-Hmacsha256-Signature`, `X-Hmac`):
/// whoever holds it can replay the request, and some schemes sign little but a time stamp. A
/// qualified `signature` or any `hmac` part, algorithm and digit parts after it dropped.
pub(crate) fn signature_header(name: &str) -> bool {
    let parts = parts(name);
    let algorithm = |p: &String| {
        p.chars().all(|c| c.is_ascii_digit())
            || ["sha", "md", "v"].iter().any(|a| {
                p.strip_prefix(a)
                    .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
            })
    };
    let end = parts.len() - parts.iter().rev().take_while(|p| algorithm(p)).count();
    let Some((last, qualifiers)) = parts[..end].split_last() else {
        return false;
    };
    if qualifiers
        .iter()
        .any(|q| SIGNATURE_HANDLING.contains(&q.as_str()))
    {
        return false;
    }
    (last == "signature" && !qualifiers.is_empty()) || last.starts_with("hmac")
}

/// A source file's name, as a log line's or a stack trace's location writes it before its line
/// number (klog's `token.go:100]`, `at token.js:12:5`, `password.rs:42:9`): code, not a
/// secret's field.
fn source_file(name: &str) -> bool {
    let lowered = name.to_ascii_lowercase();
    lowered.rsplit_once('.').is_some_and(|(stem, ext)| {
        !stem.is_empty()
            && matches!(
                ext,
                "go" | "py"
                    | "rs"
                    | "js"
                    | "mjs"
                    | "cjs"
                    | "ts"
                    | "jsx"
                    | "tsx"
                    | "java"
                    | "kt"
                    | "scala"
                    | "c"
                    | "cc"
                    | "cpp"
                    | "h"
                    | "hpp"
                    | "rb"
                    | "php"
                    | "cs"
                    | "swift"
                    | "ex"
                    | "exs"
                    | "erl"
                    | "lua"
            )
    })
}

/// Qualifiers of a header's `Key` that name something public or bookkeeping, not a credential
/// (`Public-Key`, `Idempotency-Key`, `Sec-WebSocket-Key`'s nonce, a cache's or a row's key).
const PLAIN_HEADER_KEYS: &[&str] = &[
    "public",
    "idempotency",
    "websocket",
    "cache",
    "sort",
    "partition",
    "primary",
    "foreign",
    "hash",
    "range",
    "row",
    "object",
    "host",
    "gpg",
    "pgp",
    "dedup",
    "deduplication",
    "correlation",
    "trace",
    "request",
];

/// A vendor's credential header written `X-Vendor-Key` or `Vendor-Key` (`X-Appwrite-Key`,
/// `Fastly-Key`, `X-Amz-Server-Side-Encryption-Customer-Key`): a header-shaped name (words
/// joined by `-`, opened by `X-` or each word capitalised) whose last word is `Key`. Headers
/// ending in `Token`, `Secret` or `Auth` are secret by their last word already.
fn vendor_key_header(name: &str) -> bool {
    let words: Vec<&str> = name.split('-').collect();
    let Some((last, qualifiers)) = words.split_last() else {
        return false;
    };
    let Some(qualifier) = qualifiers.last() else {
        return false;
    };
    let header_shaped = words
        .iter()
        .all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_alphanumeric()))
        && (words[0].eq_ignore_ascii_case("x")
            || words
                .iter()
                .all(|w| w.starts_with(|c: char| c.is_ascii_uppercase())));
    header_shaped
        && matches!(*last, "Key" | "KEY" | "key")
        && !PLAIN_HEADER_KEYS.contains(&qualifier.to_ascii_lowercase().as_str())
        && !parts(qualifier)
            .iter()
            .any(|p| PLAIN_HEADER_KEYS.contains(&p.as_str()))
}

/// Like [`is_secret_name`], by the unambiguous words only (`password`, `token`, `api_key`), not
/// the short ones (`pass`, `pwd`, `auth`): file stems are judged this way, so `common-auth`
/// stays ordinary.
pub(crate) fn names_secret_strongly(name: &str) -> bool {
    judge(name, false)
}

fn judge(name: &str, short_words: bool) -> bool {
    if source_file(name) {
        return false;
    }
    let parts = parts(name);
    let Some(last) = parts.last() else {
        return false;
    };
    let joined: String = parts.concat();
    if matches!(joined.as_str(), "pwd" | "oldpwd") {
        // The shell's working directories.
        return false;
    }
    // Vault's AppRole `secret_id` (`VAULT_SECRET_ID`) is a credential; AWS's `SecretId` and
    // `--secret-id` name a stored secret.
    let lowered = name.to_ascii_lowercase();
    if lowered.ends_with("secret_id") {
        return true;
    }
    // Vault's `VAULT_DEV_ROOT_TOKEN_ID` is the root token itself, chosen in advance.
    if lowered.ends_with("root_token_id") {
        return true;
    }
    if short_words && WHOLE_NAMES.contains(&joined.as_str()) {
        return true;
    }
    // `SLACK_WEBHOOK_URL`, `hook_url`: a webhook's address is its credential (whoever holds
    // it posts), unlike other URLs named with a secret's word (`token_url`).
    if parts.len() > 1
        && last == "url"
        && matches!(parts[parts.len() - 2].as_str(), "webhook" | "hook")
    {
        return true;
    }
    // `SLACK_WEBHOOK`, `DISCORD_WEBHOOK`, `alert_webhook`: the webhook's address, named for
    // what it reaches.
    if parts.len() > 1 && last == "webhook" {
        return true;
    }
    // `NTFY_TOPIC`, `NTFY_URL`, `ntfy_topic_url`: an ntfy topic is its own credential (whoever
    // knows it reads and posts), self-hosted or not; the server's address (`NTFY_SERVER`,
    // `NTFY_BASE_URL`) is not.
    if parts.first().is_some_and(|p| p == "ntfy")
        && (last == "topic"
            || (last == "url" && matches!(parts.len(), 2 | 3) && parts[parts.len() - 2] != "base"))
    {
        return true;
    }
    if NOT_THE_SECRET.contains(&last.as_str()) {
        return false;
    }
    // Helm charts' `adminPasswordKey: password`, `userPasswordKey`: the key under which a
    // Secret holds the password, not the password.
    if parts.len() > 2 && last == "key" && parts[parts.len() - 2] == "password" {
        return false;
    }
    // `--discovery-token-ca-cert-hash`: the digest of a public certificate.
    if parts.len() > 1 && last == "hash" && parts[parts.len() - 2] == "cert" {
        return false;
    }
    if parts.len() > 1 && SWITCH_PREFIXES.contains(&parts[0].as_str()) {
        return false;
    }
    // `ENABLE_TOKEN_AUTH`, `enable_basic_auth`: a switch for a kind of login; a device's
    // `enable_password` and `enable_secret` (two parts) are its enable secret, and
    // `ENABLE_API_KEY` names a key like any other `*_KEY`.
    if parts.len() > 2 && parts[0] == "enable" && parts.last().is_some_and(|p| p == "auth") {
        return false;
    }
    // The same switches written as one word (Podman's `--showsecret`, `--nopassword`,
    // `--askpass`): a switch's prefix and a secret's word, nothing else.
    if parts.len() == 1
        && SWITCH_PREFIXES.iter().any(|prefix| {
            last.strip_prefix(prefix)
                .is_some_and(|word| SWITCHED_WORDS.contains(&word))
        })
    {
        return false;
    }
    // `ACTIVE_RECORD_ENCRYPTION_PRIMARY_KEY`: a key of an encryption, however qualified.
    if parts.len() > 2
        && matches!(last.as_str(), "key" | "keys")
        && parts[..parts.len() - 1]
            .iter()
            .any(|p| KEY_OWNERS_ANYWHERE.contains(&p.as_str()))
    {
        return true;
    }
    // A secret word split in two (`PassWord`, `PASS_WORD`, `pass-word`, `api_key` is already a
    // qualified key): the two parts joined are judged as one.
    let split_word = parts.windows(2).any(|w| {
        matches!(
            [w[0].as_str(), w[1].as_str()],
            ["pass", "word" | "words" | "phrase"]
        )
    });
    split_word
        || parts.iter().enumerate().any(|(i, part)| {
            // Numbered keys too (`wep-key0`, `wep_key1`).
            let unnumbered = part.trim_end_matches(|c: char| c.is_ascii_digit());
            let qualified_key = (unnumbered == "key" || unnumbered == "keys")
                && i > 0
                && (KEY_QUALIFIERS.contains(&parts[i - 1].as_str())
                    || (i + 1 == parts.len()
                        && LAST_KEY_QUALIFIERS.contains(&parts[i - 1].as_str())));
            let counter = part.starts_with("token")
                && i > 0
                && COUNTER_PREFIXES.contains(&parts[i - 1].as_str());
            let qualified_other = i > 0
                && QUALIFIED
                    .iter()
                    .any(|(noun, before)| part == noun && before.contains(&parts[i - 1].as_str()));
            let short = short_words
                && (WHOLE_PARTS.contains(&part.as_str()) || owned_pass(part))
                && (i + 1 == parts.len()
                    || !LAST_ONLY.contains(&part.as_str()) && !owned_pass(part));
            !counter && (qualified_key || qualified_other || short || ends_with_strong(part))
        })
}

/// Words of a command or an expression that prints a secret, as the last part of a name
/// (`--password-command`, `PASSWORD_CMD`, `passwordeval`) or joined to `pass`
/// (`BORG_PASSCOMMAND`, isync's `PassCmd`).
const COMMAND_WORDS: &[&str] = &["command", "cmd", "eval", "exec"];

/// Whether `name` names a command that prints a secret (restic's `--password-command`, borg's
/// `BORG_PASSCOMMAND`, msmtp's `passwordeval`, isync's `PassCmd`, OfflineIMAP's
/// `remotepasseval`): its value is the secret itself when it echoes one (see
/// `stores::fetches_from_store`).
pub(crate) fn names_secret_command(name: &str) -> bool {
    let parts = parts(name);
    let Some((last, rest)) = parts.split_last() else {
        return false;
    };
    let joined = COMMAND_WORDS.iter().any(|word| {
        last.strip_suffix(word).is_some_and(|owner| {
            owner.ends_with("pass") || owner.ends_with("password") || owner.ends_with("passphrase")
        })
    });
    joined
        || (COMMAND_WORDS.contains(&last.as_str())
            && !rest.is_empty()
            && judge(&rest.join("_"), true))
}

/// Whether `name` counts things named like secrets (`tokens`, `max_tokens`): a number under it
/// is a count, not a secret.
pub(crate) fn counts_things(name: &str) -> bool {
    parts(name)
        .last()
        .is_some_and(|last| last == "tokens" || last == "secrets" || last == "passwords")
}

/// Whether a column, a field of a stored record or a hash field names a secret: what
/// [`is_secret_name`] takes, and the short and hashed spellings of a password that schemas use
/// (`pwd`, `pswd`, `pword`, `user_pwd`, `pw_hash`, `passhash`, `pin_code`, `recovery_codes`,
/// `security_answer`), which outside a record's fields name other things (`$PWD`).
pub(crate) fn names_secret_column(name: &str) -> bool {
    if is_secret_name(name) {
        return true;
    }
    let parts = parts(name);
    let Some(last) = parts.last() else {
        return false;
    };
    matches!(
        last.as_str(),
        "pwd"
            | "pw"
            | "psw"
            | "pswd"
            | "pword"
            | "passw"
            | "pwhash"
            | "passhash"
            | "pwdhash"
            | "pincode"
    ) || parts.windows(2).any(|w| {
        (matches!(w[0].as_str(), "pass" | "pw" | "pwd" | "passwd" | "password") && w[1] == "hash")
            || (matches!(w[0].as_str(), "recovery" | "backup") && w[1] == "codes")
            || (matches!(w[0].as_str(), "security" | "secret") && w[1] == "answer")
            || (w[0] == "pin" && w[1] == "code")
    })
}

/// Whether a column or a record's field names a password's hash by a word that elsewhere names
/// other digests (`hash`, `digest`, `hashed`, `crypted`, `pw`...): a commit's hash, a file's
/// checksum and an image's digest are public, so these hold a secret only in a table or record
/// of accounts (see [`secret_columns_of`]). The spellings that say whose hash it is
/// (`password_hash`, `pwhash`, `crypted_password`, `encrypted_password`, `salt`) are secret
/// columns anywhere ([`names_secret_column`]).
pub(crate) fn names_hash_column(name: &str) -> bool {
    let parts = parts(name);
    let Some(last) = parts.last() else {
        return false;
    };
    parts.len() <= 2
        && matches!(
            last.as_str(),
            "hash"
                | "hashed"
                | "digest"
                | "crypted"
                | "crypt"
                | "encrypted"
                | "hashes"
                | "md5"
                | "sha1"
                | "sha256"
                | "sha512"
                | "bcrypt"
                | "argon2"
                | "scrypt"
                | "pbkdf2"
        )
        && parts.first().is_none_or(|first| {
            !matches!(
                first.as_str(),
                "commit"
                    | "file"
                    | "image"
                    | "git"
                    | "tree"
                    | "content"
                    | "blob"
                    | "block"
                    | "tx"
                    | "cert"
                    | "info"
            )
        })
}

/// Whether a column or a record's field names an account: the login's name or address
/// (`user`, `username`, `user_login`, `login`, `email`, `uid`, psql's `usename`).
pub(crate) fn names_account_column(name: &str) -> bool {
    let parts = parts(name);
    match parts.as_slice() {
        [one] => matches!(
            one.as_str(),
            "user"
                | "username"
                | "usename"
                | "userid"
                | "login"
                | "email"
                | "mail"
                | "account"
                | "uid"
                | "nick"
                | "nickname"
                | "principal"
                | "member"
        ),
        [first, second] => {
            matches!(first.as_str(), "user" | "login" | "account" | "member")
                && matches!(second.as_str(), "name" | "id" | "login" | "email" | "mail")
                || matches!(first.as_str(), "email" | "e") && second == "mail"
        }
        _ => false,
    }
}

/// Columns that say a table lists things rather than accounts: files, packages, images,
/// commits and releases, whose `name` and `id` are no login and whose hashes are checksums.
const ARTEFACT_COLUMNS: &[&str] = &[
    "file",
    "filename",
    "path",
    "size",
    "bytes",
    "url",
    "version",
    "tag",
    "image",
    "repository",
    "repo",
    "commit",
    "ref",
    "branch",
    "revision",
    "rev",
    "package",
    "module",
    "release",
    "artifact",
    "artefact",
    "object",
    "blob",
    "tree",
    "layer",
    "chart",
    "source",
    "checksum",
    "integrity",
    "mediatype",
    "type",
    "mode",
    "migration",
    "script",
    "torrent",
    "magnet",
    "block",
    "height",
];

/// Hash columns that name an algorithm or a digest (`sha256`, `md5`, `digest`): beside a bare
/// `id` or `name`, a file's checksum or an image's digest far more often than a password's.
fn names_checksum_column(name: &str) -> bool {
    parts(name).last().is_some_and(|last| {
        matches!(
            last.as_str(),
            "digest" | "md5" | "sha1" | "sha256" | "sha512" | "hashes"
        )
    })
}

/// Whether a header names accounts only by a bare `id` or `name` (`id | name | hash`): no
/// column says the rows are files, packages, images or commits ([`ARTEFACT_COLUMNS`]).
pub(crate) fn names_accounts_weakly(names: &[&str]) -> bool {
    let normal = |n: &str| n.trim().to_ascii_lowercase().replace(['_', '-', ' '], "");
    names.iter().any(|n| {
        matches!(
            normal(n).as_str(),
            "id" | "name" | "fullname" | "displayname"
        )
    }) && !names
        .iter()
        .any(|n| ARTEFACT_COLUMNS.contains(&normal(n).as_str()))
}

/// Which of a header's secret columns ([`secret_columns_of`]) hold a secret only as a password's
/// hash (`hash`, `digest`, `crypted` beside an account's column), not by a secret's name:
/// their cells shaped as an abbreviated commit ([`abbreviated_hash`]) stay.
pub(crate) fn hash_only_columns_of(names: &[&str]) -> Vec<bool> {
    secret_columns_of(names)
        .into_iter()
        .zip(names)
        .map(|(secret, n)| {
            let n = n.trim();
            secret && (!names_secret_column(n) || counts_things(n))
        })
        .collect()
}

/// A cell shaped as an abbreviated commit or object id (`3f2b1c4e`, a pod template's
/// `7d9f8b6c5`: 4 to 12 small letters and digits), shorter than any password hash (DES
/// crypt, the shortest, has 13 characters).
pub(crate) fn abbreviated_hash(cell: &str) -> bool {
    let bare = cell.trim().trim_matches(['"', '\'']);
    (4..=12).contains(&bare.len())
        && bare
            .chars()
            .all(|c| c.is_ascii_digit() || c.is_ascii_lowercase())
        && bare.chars().any(|c| c.is_ascii_digit())
}

/// Which of a header's columns (a table's, an export's, a query's) hold secrets: those
/// [`names_secret_column`] takes (not counts of them), and beside a column naming an account a
/// column of hashes (`id | user | hash`, `username,digest`): a password's hash there. A bare
/// `id` or `name` names an account too (`id | name | hash`) when no column says the rows are
/// files, packages or commits and the hash column names no checksum's algorithm (`name |
/// sha256`, `NAME DIGEST` stay).
pub(crate) fn secret_columns_of(names: &[&str]) -> Vec<bool> {
    let accounts = names.iter().any(|n| names_account_column(n.trim()));
    let weakly = !accounts && names_accounts_weakly(names);
    names
        .iter()
        .map(|n| {
            let n = n.trim();
            (names_secret_column(n) && !counts_things(n))
                || (accounts && names_hash_column(n))
                || (weakly && names_hash_column(n) && !names_checksum_column(n))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_names_by_their_parts() {
        for secret in [
            "password",
            "Password",
            "DB_PASSWORD",
            "PGPASSWORD",
            "MYSQL_ROOT_PASSWORD",
            "MYSQL_PWD",
            "mysql-pwd",
            "DB_PASS",
            "db_pw",
            "--password",
            "--api-key",
            "apiKey",
            "APIKEY",
            "x-api-key",
            "X-Auth-Token",
            "GITHUB_TOKEN",
            "client_secret",
            "clientSecret",
            "secret_key_base",
            "AWS_SECRET_ACCESS_KEY",
            "private_key",
            "privateKey",
            "passphrase",
            "credentials",
            "Authorization",
            "auth",
            "_auth",
            "npmAuthToken",
            "storepass",
            "passin",
            "requirepass",
            "wifi-sec.psk",
            "session_key",
            "PUSHOVER_USER_KEY",
            "userKey",
            "tokens",
            "JWT_KEY",
            "HMAC_KEY",
            "SALT",
            "routing_key",
            "MFA_SEED",
            "SEED_PHRASE",
            "--hmac-key",
            "--unseal-key",
            "--community",
            "--pin",
            "--bindpw",
            "passwort",
            "mot_de_passe",
            "motdepasse",
            "senha",
            "contrasena",
            "PresharedKey",
            "Ocp-Apim-Subscription-Key",
            "sentry_key",
            "PHPSESSID",
            "JSESSIONID",
            "sessionid",
            "ldap_default_authtok",
            "AUTH_SALT",
            "password_salt",
            "SECRET_SALT",
            "pass_phrase",
            "SSHPASS",
            "dbpass",
            "DBPASS",
            "rootpass",
            "adminpw",
            "dbpwd",
            "password1",
            "Password123",
            "token2",
            "PassWord",
            "PASS_WORD",
            "pass-word",
            "Api Key",
            "Secret Access Key",
            "X-Appwrite-Key",
            "x-appwrite-key",
            "Fastly-Key",
            "X-Amz-Server-Side-Encryption-Customer-Key",
            "X-Algolia-API-Key",
            "X-Figma-Token",
            "X-Custom-Secret",
            "X-Custom-Auth",
            "OVH_CONSUMER_KEY",
            "COSIGN_KEY",
            "SOPS_AGE_KEY",
            "CYPRESS_RECORD_KEY",
            "KAGGLE_KEY",
            "SUPABASE_SERVICE_ROLE_KEY",
            "LAUNCHDARKLY_SDK_KEY",
            "ACTIVE_RECORD_ENCRYPTION_PRIMARY_KEY",
            "VAULT_DEV_ROOT_TOKEN_ID",
        ] {
            assert!(is_secret_name(secret), "{secret} should be secret");
        }
        for plain in [
            "PWD",
            "OLDPWD",
            "passive",
            "compass",
            "bypass",
            "keyboard",
            "monkey",
            "key",
            "tokenizer",
            "author",
            "max_tokens",
            "prompt_tokens",
            "password_file",
            "--password-file",
            "password-stdin",
            "token_type",
            "token_url",
            "AWS_ACCESS_KEY_ID",
            "api_key_id",
            "--no-password",
            "--ask-become-pass",
            "secretary",
            "path",
            "user",
            "random_seed",
            "seed",
            "session_id",
            "gpio_pin",
            "key_buffer_size",
            "WP_DEBUG",
            "passenger",
            "salt_minion",
            "salt_master",
            "auth_basic",
            "auth_request",
            "auth_request_set",
            "PASS_MAX_DAYS",
            "password_encryption",
            "community_edition",
            "secretRef",
            "secretKeyRef",
            "SecretArn",
            "PASSWORD_HASHERS",
            "PuTTY-User-Key-File-3",
            "AUTH_PASSWORD_VALIDATORS",
            "compass",
            "bypass",
            "overpass",
            "sshpass_version",
            "smtp_sasl_password_maps",
            "discovery-token-ca-cert-hash",
            "dbpass_file",
            "Public-Key",
            "Idempotency-Key",
            "Sec-WebSocket-Key",
            "X-Cache-Key",
            "X-Request-Key",
            "--sort-key",
            "partition-key",
            "primary_key",
            "encryption_key_id",
            "existingSecret",
            "existing_secret",
            "adminPasswordKey",
            "age",
            "record_id",
            "",
        ] {
            assert!(!is_secret_name(plain), "{plain} should be ordinary");
        }
    }

    #[test]
    fn commands_printing_secrets() {
        for command in [
            "--password-command",
            "RESTIC_PASSWORD_COMMAND",
            "BORG_PASSCOMMAND",
            "PassCmd",
            "passwordeval",
            "remotepasseval",
            "token_cmd",
        ] {
            assert!(names_secret_command(command), "{command} prints a secret");
        }
        for other in ["command", "--exec", "startup_cmd", "password", "eval"] {
            assert!(
                !names_secret_command(other),
                "{other} is not a secret's command"
            );
        }
    }

    #[test]
    fn names_split_at_punctuation_and_case() {
        assert_eq!(parts("npmAuthToken"), ["npm", "auth", "token"]);
        assert_eq!(parts("X-API-Key"), ["x", "api", "key"]);
        assert_eq!(parts("--secret_key.base"), ["secret", "key", "base"]);
    }
}
