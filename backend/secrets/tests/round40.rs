//! Fortieth review: a homelab's, a GPU box's and a few company servers' credential files and
//! the outputs that print them. Gaps closed as kinds:
//! - a qualified key's name (`PUSH_INSTALLATION_KEY`) with a value of letters alone went on an
//!   assignment's line but stayed wherever the name and the value are two fields: two-column
//!   tables, aligned (`docker inspect` pretty printers, PowerShell's `Get-ChildItem env:`),
//!   Markdown or boxed, PowerShell's `$env:NAME = "x"` and `[Environment]::
//!   SetEnvironmentVariable("NAME", "x")` and `Set-Item -Path env:NAME -Value x`, Windows'
//!   `setx NAME x`, a quoted HCL or TOML key (`"NAME" = "x"`), an inline map's entry and a
//!   tab-separated row: the same name-and-shape rule now reads them all. A box of one row lost
//!   nothing (its bottom edge was taken for a header's rule), and an aligned table of three
//!   columns or more (`NAME  VALUE  SCOPE`, Azure's `Name  SlotSetting  Value`) kept every
//!   value, a password's too;
//! - a call nested in another in a Rust or Python debug print (`hf_token:
//!   Some(String::from("x"))`, `password=SecretStr(get("x"))`, `Secret::new("x".to_string())`)
//!   was kept as a reference; the innermost call's literal is now the value, and a getter's one
//!   argument that reads as no variable's name does (`get("Tulipgarden42")`) goes too; of a
//!   call's several arguments the first literal that is no name nor an encoding is the value
//!   (`bytes("x", "utf-8")` lost `utf-8`);
//! - a passphrase of several words after a name quoted in prose (`for "password": correct
//!   horse battery staple`) lost its first word only; the words to the line's end go when they
//!   are words alone and none of them a sentence's (`Password must contain a digit` keeps its
//!   message);
//! - Ansible's `debug` output of a task named for a secret (`TASK [show db password]` then
//!   `"msg": "x"`, a list of messages, a registered result's `stdout`) showed the value: the
//!   task's name decides, so other tasks' messages stay, and a sentence stays in any task;
//! - `changeme` (and `change_me`, `changethis`) under a secret's name was taken for a
//!   placeholder: images and installers ship it as the password in use, so it now goes as
//!   Java's `changeit` did; placeholders in angle brackets, `replace_me`, `placeholder` and
//!   `your_password_here` stay;
//! - an environment variable's name said to hold a word in a log line's prose (`DB_PASSWORD is
//!   x`, `APP_SECRET is now x`, `Setting API_TOKEN to x`) kept the word;
//! - files refused by name: WAL-G's `/etc/wal-g.json`, Contabo's `~/.cntb.yaml`, Equinix
//!   Metal's `packet-cli.yaml`, CVS' `~/.cvspass`, CapRover's `config-captain.json`, Yandex
//!   Cloud's `~/.config/yandex-cloud/config.yaml`, Attic's `~/.config/attic/config.toml`,
//!   Dokku's applications' `ENV` and Akeyless' CLI profiles.
//!
//! Checked and found hidden already, kept here so that they stay so: vLLM's argument dumps
//! (`Namespace(api_key='x')`, `non-default args: {'api_key': 'x'}`), LiteLLM's `master_key`,
//! Jupyter's server URLs with their token, Postfix's `sasl_passwd` line with an app password
//! of four words, msmtp's and fetchmail's passwords, rclone's `pass`, Consul's, Nomad's, MinIO's
//! and Garage's printed secrets, STS credentials, Backblaze's `applicationKey`, Poetry's
//! `http-basic` settings, RubyGems' key, Composer's `bearer`, Docker's `auths`, ClearML's HOCON
//! credentials, dockerd's logged environment, Helm values in camelCase, cloudflared's tunnel
//! token, Langfuse's, Neptune's, Together's and Fireworks' keys, TGI's `Args` print.

mod common;

use common::{changed, missed_paths, wrong_redactions};
use pretty_assertions::assert_eq;

#[test]
fn a_key_by_its_name_and_shape_goes_where_name_and_value_are_two_fields() {
    let cases = [
        (
            "NAME                    VALUE\nPUSH_INSTALLATION_KEY   abcdefghijklmnop\nLOG_LEVEL               info",
            "NAME                    VALUE\nPUSH_INSTALLATION_KEY   [redacted]\nLOG_LEVEL               info",
        ),
        (
            "| NAME                  | VALUE            |\n|-----------------------|------------------|\n| PUSH_INSTALLATION_KEY | abcdefghijklmnop |\n| LOG_LEVEL             | info             |",
            "| NAME                  | VALUE            |\n|-----------------------|------------------|\n| PUSH_INSTALLATION_KEY | [redacted] |\n| LOG_LEVEL             | info             |",
        ),
        (
            "+-----------------------+------------------+\n| NAME                  | VALUE            |\n+-----------------------+------------------+\n| PUSH_INSTALLATION_KEY | abcdefghijklmnop |\n| LOG_LEVEL             | info             |\n+-----------------------+------------------+",
            "+-----------------------+------------------+\n| NAME                  | VALUE            |\n+-----------------------+------------------+\n| PUSH_INSTALLATION_KEY | [redacted] |\n| LOG_LEVEL             | info             |\n+-----------------------+------------------+",
        ),
        (
            "│ PUSH_INSTALLATION_KEY │ abcdefghijklmnop │",
            "│ PUSH_INSTALLATION_KEY │ [redacted] │",
        ),
        (
            "Name                           Value\n----                           -----\nPUSH_INSTALLATION_KEY          abcdefghijklmnop\nPATH                           C:\\Windows\\system32",
            "Name                           Value\n----                           -----\nPUSH_INSTALLATION_KEY          [redacted]\nPATH                           C:\\Windows\\system32",
        ),
        (
            "$env:PUSH_INSTALLATION_KEY = \"abcdefghijklmnop\"",
            "$env:PUSH_INSTALLATION_KEY = \"[redacted]\"",
        ),
        (
            "$Env:PUSH_INSTALLATION_KEY='abcdefghijklmnop'",
            "$Env:PUSH_INSTALLATION_KEY='[redacted]'",
        ),
        (
            "[Environment]::SetEnvironmentVariable(\"PUSH_INSTALLATION_KEY\", \"abcdefghijklmnop\", \"Machine\")",
            "[Environment]::SetEnvironmentVariable(\"PUSH_INSTALLATION_KEY\", \"[redacted]\", \"Machine\")",
        ),
        (
            "setx PUSH_INSTALLATION_KEY abcdefghijklmnop",
            "setx PUSH_INSTALLATION_KEY [redacted]",
        ),
        // A directive's line of a name and its value (`db_password value`).
        (
            "PUSH_INSTALLATION_KEY abcdefghijklmnop",
            "PUSH_INSTALLATION_KEY [redacted]",
        ),
        (
            "\"PUSH_INSTALLATION_KEY\" = \"abcdefghijklmnop\"",
            "\"PUSH_INSTALLATION_KEY\" = \"[redacted]\"",
        ),
        (
            "'push_installation_key' => 'abcdefghijklmnop',",
            "'push_installation_key' => '[redacted]',",
        ),
        (
            "Set-Item -Path env:PUSH_INSTALLATION_KEY -Value \"abcdefghijklmnop\"",
            "Set-Item -Path env:PUSH_INSTALLATION_KEY -Value \"[redacted]\"",
        ),
        (
            "Set-Item -Path env:DB_PASSWORD -Value \"Tulipgarden42\"",
            "Set-Item -Path env:DB_PASSWORD -Value \"[redacted]\"",
        ),
        (
            "New-Item -Path Env:\\PUSH_INSTALLATION_KEY -Value abcdefghijklmnop",
            "New-Item -Path Env:\\PUSH_INSTALLATION_KEY -Value [redacted]",
        ),
        (
            "environment_variables = { PUSH_INSTALLATION_KEY = \"abcdefghijklmnop\", LOG_LEVEL = \"info\" }",
            "environment_variables = { PUSH_INSTALLATION_KEY = \"[redacted]\", LOG_LEVEL = \"info\" }",
        ),
        // Tab-separated rows with no header (`gh variable list` into a pipe).
        (
            "PUSH_INSTALLATION_KEY\tabcdefghijklmnop\t2026-12-05T05:24:01Z\nDB_PASSWORD\tTulipgarden42\t2026-12-05T05:24:01Z\nLOG_LEVEL\tinfo\t2026-12-05T05:24:01Z",
            "PUSH_INSTALLATION_KEY\t[redacted]\t2026-12-05T05:24:01Z\nDB_PASSWORD\t[redacted]\t2026-12-05T05:24:01Z\nLOG_LEVEL\tinfo\t2026-12-05T05:24:01Z",
        ),
        // A box of one row: its bottom edge closes it, no header's rule.
        (
            "╔═══════════════════════╦══════════════════╗\n║ PUSH_INSTALLATION_KEY ║ abcdefghijklmnop ║\n╚═══════════════════════╩══════════════════╝",
            "╔═══════════════════════╦══════════════════╗\n║ PUSH_INSTALLATION_KEY ║ [redacted] ║\n╚═══════════════════════╩══════════════════╝",
        ),
        (
            "┌─────────────┬───────────────┐\n│ DB_PASSWORD │ Tulipgarden42 │\n└─────────────┴───────────────┘",
            "┌─────────────┬───────────────┐\n│ DB_PASSWORD │ [redacted] │\n└─────────────┴───────────────┘",
        ),
        // Aligned tables of more columns, a header naming the names' and the values' columns.
        (
            "NAME                    VALUE              SCOPE\nPUSH_INSTALLATION_KEY   abcdefghijklmnop   project\nDB_PASSWORD             Tulipgarden42      shared\nLOG_LEVEL               info               shared",
            "NAME                    VALUE              SCOPE\nPUSH_INSTALLATION_KEY   [redacted]   project\nDB_PASSWORD             [redacted]      shared\nLOG_LEVEL               info               shared",
        ),
        (
            "Name                   SlotSetting    Value\n---------------------  -------------  -------------\nDB_PASSWORD            False          Tulipgarden42\nWEBSITES_PORT          False          8080",
            "Name                   SlotSetting    Value\n---------------------  -------------  -------------\nDB_PASSWORD            False          [redacted]\nWEBSITES_PORT          False          8080",
        ),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
    // Names of keys with their settings' words stay in every such form.
    assert_eq!(
        changed(&[
            "NAME                    VALUE\nSORT_KEY                createdatdescending\nLABEL_KEY               app",
            "| SORT_KEY | createdatdescending |\n| LABEL_KEY | app |",
            "$env:LOG_LEVEL = \"info\"",
            "$env:SORT_KEY = \"createdatdescending\"",
            "$env:PATH = \"C:\\Windows\\system32\"",
            "setx SORT_KEY createdatdescending",
            "SORT_KEY createdatdescending",
            "cache_key users",
            "Set-Item -Path env:LOG_LEVEL -Value \"debug\"",
            "Set-Item -Path env:DB_PASSWORD -Value $secret",
            "SORT_KEY\tcreatedatdescending\t2026-12-05T05:24:01Z",
            "[Environment]::SetEnvironmentVariable(\"LABEL_KEY\", \"app\", \"User\")",
            "\"PRIMARY_KEY\" = \"userid\"",
            "| Name | Value |\n|------|-------|\n| MONKEY | abcdefghijklmnopq |",
            "NAME       TYPE     DATA   AGE\ndb-creds   Opaque   2      5d",
            "NAME          VALUE                SCOPE\nSORT_KEY      createdatdescending  project",
        ]),
        Vec::<String>::new()
    );
}

#[test]
fn a_call_nested_in_a_debug_print_is_read_to_its_literal() {
    let cases = [
        (
            "hf_token: Some(String::from(\"Tulipgarden42\"))",
            "hf_token: Some(String::from(\"[redacted]\"))",
        ),
        (
            "Config { hf_token: Some(String::from(\"Tulipgarden42\")), port: 8080 }",
            "Config { hf_token: Some(String::from(\"[redacted]\")), port: 8080 }",
        ),
        (
            "Settings(password=SecretStr(get(\"Tulipgarden42\")), user='bob')",
            "Settings(password=SecretStr(get(\"[redacted]\")), user='bob')",
        ),
        (
            "password=SecretStr(get(\"Tulipgarden42\"))",
            "password=SecretStr(get(\"[redacted]\"))",
        ),
        (
            "api_key: Some(Secret::new(\"Tulipgarden42\".to_string()))",
            "api_key: Some(Secret::new(\"[redacted]\".to_string()))",
        ),
        (
            "password: Some(SecretString::new(\"Tulipgarden42\".into()))",
            "password: Some(SecretString::new(\"[redacted]\".into()))",
        ),
        (
            "Settings(db=Db(password=SecretStr(\"Tulipgarden42\")))",
            "Settings(db=Db(password=SecretStr(\"[redacted]\")))",
        ),
        // A call of other calls takes its first literal that is no name: the value, not its
        // encoding.
        (
            "db_password=str(bytes(\"Tulipgarden42\", \"utf-8\"))",
            "db_password=str(bytes(\"[redacted]\", \"utf-8\"))",
        ),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
    // References to where the secret is kept stay, nested or not.
    assert_eq!(
        changed(&[
            "password=SecretStr(os.getenv(\"DB_PASSWORD\"))",
            "password: Some(Secret::new(env::var(\"DB_PASSWORD\").unwrap()))",
            "token = os.environ.get(\"HF_TOKEN\")",
            "password = config.get(\"db_password\")",
            "password = settings.get(\"database.password\")",
            "api_key = get(\"OPENAI_API_KEY\")",
            "hf_token: Some(String::from(\"HF_TOKEN\"))",
        ]),
        Vec::<String>::new()
    );
}

#[test]
fn a_passphrase_after_a_name_quoted_in_prose_goes_whole() {
    let cases = [
        (
            "for \"password\": correct horse battery staple",
            "for \"password\": [redacted]",
        ),
        (
            "Enter the value for \"password\": correct horse battery staple",
            "Enter the value for \"password\": [redacted]",
        ),
        (
            "Please enter the \"passphrase\": purple monkey dishwasher",
            "Please enter the \"passphrase\": [redacted]",
        ),
        (
            "Using \"password\": correct horse battery staple.",
            "Using \"password\": [redacted].",
        ),
        // A message after the name keeps its words after the first, as before.
        (
            "Invalid value for \"password\": Password must contain a digit",
            "Invalid value for \"password\": [redacted] must contain a digit",
        ),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
    assert_eq!(
        changed(&[
            "Error: Invalid value for \"password\": must be at least 12 characters",
            "Use \"password\" as the value name.",
            "Error: Missing option \"--password\".",
        ]),
        Vec::<String>::new()
    );
}

#[test]
fn ansible_debug_output_of_a_task_named_for_a_secret_goes() {
    let cases = [
        (
            "TASK [show db password] ********************************************************\nok: [web1] => {\n    \"msg\": \"Tulipgarden42\"\n}",
            "TASK [show db password] ********************************************************\nok: [web1] => {\n    \"msg\": \"[redacted]\"\n}",
        ),
        (
            "TASK [Print the API token] ****\nok: [host] => {\n    \"msg\": \"Tulipgarden42abc\"\n}",
            "TASK [Print the API token] ****\nok: [host] => {\n    \"msg\": \"[redacted]\"\n}",
        ),
        (
            "TASK [Show vault token] ****\nok: [localhost] => {\n    \"msg\": [\n        \"Tulipgarden42abc\"\n    ]\n}",
            "TASK [Show vault token] ****\nok: [localhost] => {\n    \"msg\": [\n        \"[redacted]\"\n    ]\n}",
        ),
        (
            "TASK [Display generated root password] ****\nok: [web1] => (item=db) => {\n    \"ansible_loop_var\": \"item\",\n    \"item\": \"db\",\n    \"msg\": \"Tulipgarden42\"\n}",
            "TASK [Display generated root password] ****\nok: [web1] => (item=db) => {\n    \"ansible_loop_var\": \"item\",\n    \"item\": \"db\",\n    \"msg\": \"[redacted]\"\n}",
        ),
        (
            "TASK [Read root password] ****\nchanged: [web1] => {\"changed\": true, \"cmd\": [\"cat\", \"/root/pw\"], \"rc\": 0, \"stdout\": \"Tulipgarden42\", \"stdout_lines\": [\"Tulipgarden42\"]}",
            "TASK [Read root password] ****\nchanged: [web1] => {\"changed\": true, \"cmd\": [\"cat\", \"/root/pw\"], \"rc\": 0, \"stdout\": \"[redacted]\", \"stdout_lines\": [\"[redacted]\"]}",
        ),
        (
            "TASK [Read the admin secret] ****\nok: [web1] => {\n    \"admin.stdout\": \"Tulipgarden42\"\n}",
            "TASK [Read the admin secret] ****\nok: [web1] => {\n    \"admin.stdout\": \"[redacted]\"\n}",
        ),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
    // Other tasks' messages, and a sentence in any task, stay: the task's name decides.
    assert_eq!(
        changed(&[
            "TASK [debug] *******************************************************************\nok: [web1] => {\n    \"msg\": \"Deployed version 1.2.3\"\n}",
            "TASK [Show free memory] ****\nok: [web1] => {\n    \"msg\": \"12Gi\"\n}",
            "TASK [show db password] ****\nok: [web1] => {\n    \"msg\": \"Password policy is applied to all users\"\n}",
            "TASK [Rotate API token] ****\nchanged: [web1]\n\nPLAY RECAP *********\nweb1                       : ok=3    changed=1    unreachable=0    failed=0",
        ]),
        Vec::<String>::new()
    );
}

#[test]
fn a_default_password_in_use_goes_and_placeholders_stay() {
    // `changeme` is what a service ships with and is logged into with: a password in use.
    let cases = [
        ("POSTGRES_PASSWORD=changeme", "POSTGRES_PASSWORD=[redacted]"),
        ("DB_PASSWORD=change_me", "DB_PASSWORD=[redacted]"),
        (
            "            \"Env\": [\n                \"POSTGRES_PASSWORD=changeme\",\n                \"PATH=/usr/bin\"\n            ],",
            "            \"Env\": [\n                \"POSTGRES_PASSWORD=[redacted]\",\n                \"PATH=/usr/bin\"\n            ],",
        ),
        (
            "\"POSTGRES_PASSWORD\": \"changeme\"",
            "\"POSTGRES_PASSWORD\": \"[redacted]\"",
        ),
        (
            "postgres_password: changeme",
            "postgres_password: [redacted]",
        ),
        ("--password changeme", "--password [redacted]"),
        (
            "MINIO_ROOT_PASSWORD=minioadmin",
            "MINIO_ROOT_PASSWORD=[redacted]",
        ),
        (
            "RABBITMQ_DEFAULT_PASS=guest",
            "RABBITMQ_DEFAULT_PASS=[redacted]",
        ),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
    assert_eq!(
        changed(&[
            "POSTGRES_PASSWORD=<your-password>",
            "POSTGRES_PASSWORD=<changeme>",
            "PASSWORD=your_password_here",
            "PASSWORD=replace_me",
            "PASSWORD=${PASSWORD}",
            "PASSWORD=xxxxxx",
            "password = \"********\"",
            "POSTGRES_USER=changeme",
            "# Change the default password (changeme) before going live",
        ]),
        Vec::<String>::new()
    );
}

#[test]
fn an_environment_name_said_to_hold_a_word_in_a_log_line_goes() {
    let cases = [
        (
            "Dec 05 05:24:01 box app[812]: DB_PASSWORD is Tulipgarden42",
            "Dec 05 05:24:01 box app[812]: DB_PASSWORD is [redacted]",
        ),
        (
            "Dec 05 05:24:01 box app[812]: Setting DB_PASSWORD to Tulipgarden42",
            "Dec 05 05:24:01 box app[812]: Setting DB_PASSWORD to [redacted]",
        ),
        (
            "Dec 05 05:24:01 box app[812]: APP_SECRET is now Tulipgarden42",
            "Dec 05 05:24:01 box app[812]: APP_SECRET is now [redacted]",
        ),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
    assert_eq!(
        changed(&[
            "Dec 05 05:24:01 box app[812]: DB_PASSWORD is required",
            "Dec 05 05:24:01 box app[812]: DB_PASSWORD is not set",
            "Dec 05 05:24:01 box app[812]: Setting LOG_LEVEL to debug",
            "Dec 05 05:24:01 box app[812]: API_TOKEN is missing, using anonymous access",
            "MAX_TOKENS is 4096",
            "PASSWORD_MIN_LENGTH is 12",
            "SECRET_KEY_BASE is set",
            "Set REDIS_PASSWORD to ${REDIS_PASSWORD}",
        ]),
        Vec::<String>::new()
    );
}

#[test]
fn already_hidden_outputs_stay_hidden() {
    let cases = [
        (
            "INFO 12-05 05:24:01 api_server.py:123] args: Namespace(host=None, port=8000, api_key='Tulipgarden42', model='meta-llama/Llama-3-8B')",
            "INFO 12-05 05:24:01 api_server.py:123] args: Namespace(host=None, port=8000, api_key='[redacted]', model='meta-llama/Llama-3-8B')",
        ),
        (
            "general_settings:\n  master_key: sk-1234",
            "general_settings:\n  master_key: [redacted]",
        ),
        (
            "http://localhost:8888/?token=4f2a9c0e1b3d5f7a9c0e1b3d5f7a9c0e1b3d5f7a9c0e1b3d :: /root",
            "http://localhost:8888/?token=[redacted] :: /root",
        ),
        (
            "[smtp.gmail.com]:587 bob@gmail.com:abcd efgh ijkl mnop",
            "[smtp.gmail.com]:587 bob@gmail.com:[redacted]",
        ),
        (
            "[sftp]\ntype = sftp\nhost = nas\nuser = bob\npass = XMd8s0KfcD3Zq1Ws9pRtYu2Vb",
            "[sftp]\ntype = sftp\nhost = nas\nuser = bob\npass = [redacted]",
        ),
        (
            "AccessorID:       0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d\nSecretID:         1b2c3d4e-5f6a-7b8c-9d0e-1f2a3b4c5d6e",
            "AccessorID:       0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d\nSecretID:         [redacted]",
        ),
        (
            "Key ID: GK31c2f218a2e44f485b94239e\nSecret key: b892c0665f0ada8a4755dae98baa3b133590e11dae3bcc1f9d769d67f16c3835",
            "Key ID: GK31c2f218a2e44f485b94239e\nSecret key: [redacted]",
        ),
        (
            "{\"bearer\": {\"repo.example.com\": \"Tulipgarden42abcdef\"}}",
            "{\"bearer\": {\"repo.example.com\": \"[redacted]\"}}",
        ),
        (
            "Dec 05 05:24:01 box dockerd[812]: level=info msg=\"starting container\" env=\"[DB_PASSWORD=Tulipgarden42 LOG_LEVEL=info]\"",
            "Dec 05 05:24:01 box dockerd[812]: level=info msg=\"starting container\" env=\"[DB_PASSWORD=[redacted] LOG_LEVEL=info]\"",
        ),
        (
            "Args { model_id: \"meta-llama/Llama-3.1-8B-Instruct\", revision: None, hf_token: Some(\"Tulipgarden42abc\"), port: 80 }",
            "Args { model_id: \"meta-llama/Llama-3.1-8B-Instruct\", revision: None, hf_token: Some(\"[redacted]\"), port: 80 }",
        ),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
}

#[test]
fn everyday_readings_stay() {
    let texts = [
        "[67210.114507] docker0: port 1(veth1a2b) entered blocking state",
        "[stdout] 2026-12-05T05:24:01Z tick 3",
        "Filesystem      Size  Used Avail Use% Mounted on\n/dev/sda1        98G   41G   52G  45% /",
        "USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\nroot         1  0.0  0.1 167800 11804 ?        Ss   Dec05   0:03 /sbin/init",
        "CONTAINER ID   IMAGE          COMMAND                  CREATED       STATUS       PORTS     NAMES\n3f4e5d6c7b8a   nginx:latest   \"/docker-entrypoint.…\"   2 hours ago   Up 2 hours   80/tcp    web",
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  backup.tar",
        "              total        used        free      shared  buff/cache   available\nMem:           31Gi        12Gi       2.0Gi       1.2Gi        17Gi        18Gi",
        "2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default qlen 1000\n    link/ether 52:54:00:12:34:56 brd ff:ff:ff:ff:ff:ff",
        r#"{"status":"ok","uptime":12345,"version":"1.2.3","build":"0123456789abcdef0123456789abcdef01234567"}"#,
        r#"192.168.1.10 - - [05/Dec/2026:05:24:01 +0000] "GET /api/health HTTP/1.1" 200 17 "-" "curl/8.0""#,
        "Dec 05 05:24:01 box systemd[1]: Started Session 12 of User root.",
        "Dec 05 05:24:01 box postgres[812]: FATAL:  password authentication failed for user \"bob\"",
        "NAME                 VALUE\nMAX_CONNECTIONS      100\nCACHE_KEY            users",
        "| Setting | Value |\n|---------|-------|\n| PRIMARY_KEY | id |\n| TIMEOUT | 30s |",
        "TASK [Gathering Facts] *********************************************************\nok: [web1]\n\nTASK [debug] *******************************************************************\nok: [web1] => {\n    \"msg\": \"Hello world\"\n}",
    ];
    assert_eq!(changed(&texts), Vec::<String>::new());
}

#[test]
fn more_credential_files_are_refused_by_name() {
    let secret = [
        "/etc/wal-g.json",
        "/root/.wal-g.json",
        "/root/.cntb.yaml",
        "/root/.config/packet-cli.yaml",
        "/root/.cvspass",
        "/captain/data/config-captain.json",
        "/root/.config/yandex-cloud/config.yaml",
        "/root/.config/attic/config.toml",
        "/home/dokku/myapp/ENV",
        "/root/.akeyless/profiles/default.toml",
    ];
    assert_eq!(missed_paths(&secret, true), Vec::<String>::new());
    // Their neighbours and everyday settings stay readable.
    let readable = [
        "/usr/bin/env",
        "/etc/environment",
        "/home/dokku/myapp/nginx.conf",
        "/root/.config/attic/README.md",
        "/etc/prometheus/prometheus.yml",
        "/etc/docker/daemon.json",
        "/root/.ssh/known_hosts",
        "/root/.ssh/authorized_keys",
        "/etc/haproxy/haproxy.cfg",
    ];
    assert_eq!(missed_paths(&readable, false), Vec::<String>::new());
}
