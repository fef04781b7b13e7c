//! Twenty-eighth review: maps and lists under a secret's name lose their values and keep their
//! keys wherever they are written in brackets (Terraform's plain `terraform output` and
//! `terraform console`: `tokens = tomap({`, `api_keys = {`, `passwords = tolist([`; HCL,
//! JSON, Go and Rust debug prints, Python's repr), a user variable given by `setx NAME VALUE`,
//! `export NAME VALUE`, `setenv` or `set -x` keeps its name-shaped user as `NAME=VALUE` does,
//! and a mapping nested under a secret's name (`api_keys:` then `- type: service`, or
//! `primary:` then `type: service`) keeps the values of the keys describing the credential
//! (`type`, `name`, `id`, `description`, `enabled`, `created`, `expires`). INI and TOML
//! sections named for secrets (`[api_keys]`), `terraform console`'s answers, a YAML list's flow
//! maps and series of bare items under a plural name (`PASSWORDS=a,b`) lose their values too.

mod common;

use common::{changed, wrong_redactions};
use pretty_assertions::assert_eq;
use warden_secrets::redact_text;

#[test]
fn terraform_plain_output_maps_and_lists_keep_their_keys() {
    let cases = [
        (
            "tokens = tomap({\n  \"a\" = \"s3cr3tvalue123\"\n  \"b\" = \"s3cr3tvalue456\"\n})",
            "tokens = tomap({\n  \"a\" = \"[redacted]\"\n  \"b\" = \"[redacted]\"\n})",
        ),
        (
            "tokens = tomap({ \"a\" = \"s3cr3tvalue123\", \"b\" = \"s3cr3tvalue456\" })",
            "tokens = tomap({ \"a\" = \"[redacted]\", \"b\" = \"[redacted]\" })",
        ),
        (
            "api_keys = {\n  \"primary\" = \"abc123secretvalue\"\n  \"secondary\" = \"def456secretvalue\"\n}",
            "api_keys = {\n  \"primary\" = \"[redacted]\"\n  \"secondary\" = \"[redacted]\"\n}",
        ),
        (
            "passwords = tolist([\n  \"Sup3rPw1\",\n  \"Sup3rPw2\",\n])",
            "passwords = tolist([\n  \"[redacted]\",\n  \"[redacted]\",\n])",
        ),
        (
            "passwords = toset([\n  \"Sup3rPw1\",\n])",
            "passwords = toset([\n  \"[redacted]\",\n])",
        ),
        (
            "passwords = [\n  \"Sup3rPw1\",\n  \"Sup3rPw2\",\n]",
            "passwords = [\n  \"[redacted]\",\n  \"[redacted]\",\n]",
        ),
        (
            "tokens = tomap({\n  \"a\" = sensitive(\"s3cr3tvalue123\")\n})",
            "tokens = tomap({\n  \"a\" = sensitive(\"[redacted]\")\n})",
        ),
        (
            "db_passwords = {\n  admin = \"abc123secretvalue\"\n  ro    = \"def456secretvalue\"\n}",
            "db_passwords = {\n  admin = \"[redacted]\"\n  ro    = \"[redacted]\"\n}",
        ),
        (
            "api_keys = [\n  {\n    type = \"service\"\n    key  = \"abc123secretvalue\"\n    name = \"ci\"\n  },\n]",
            "api_keys = [\n  {\n    type = \"service\"\n    key  = \"[redacted]\"\n    name = \"ci\"\n  },\n]",
        ),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
}

#[test]
fn printed_maps_of_secrets_keep_their_keys() {
    let cases = [
        (
            "{\"passwords\": {\"admin\": \"abc123secretvalue\"}}",
            "{\"passwords\": {\"admin\": \"[redacted]\"}}",
        ),
        (
            "Config { tokens: {\"a\": \"abc123secretvalue\"} }",
            "Config { tokens: {\"a\": \"[redacted]\"} }",
        ),
        (
            "{'tokens': {'a': 'abc123secretvalue'}}",
            "{'tokens': {'a': '[redacted]'}}",
        ),
        (
            "Config { password: \"abc123secretvalue\", user: \"bob\" }",
            "Config { password: \"[redacted]\", user: \"bob\" }",
        ),
        (
            "{'api_keys': ['abc123secretvalue', 'def456secretvalue']}",
            "{'api_keys': ['[redacted]', '[redacted]']}",
        ),
        (
            "map[api_keys:[abc123secretvalue def456secretvalue]]",
            "map[api_keys:[[redacted] [redacted]]]",
        ),
        (
            "{\"api_keys\": [{\"id\": \"k1\", \"secret\": \"abc123secretvalue\"}]}",
            "{\"api_keys\": [{\"id\": \"k1\", \"secret\": \"[redacted]\"}]}",
        ),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
    // Not a map of secrets: a template's expression, a singular name's record, Compose's
    // names of secrets, counts and markers.
    let texts = [
        "region = { a = \"eu-west-1\" }",
        "secrets: [db_password]",
        "{\"secrets\": {\"db_password\": {\"file\": \"./db.txt\"}}}",
        "password: [REDACTED]",
        "passwords = [\"${var.pw}\"]",
    ];
    assert_eq!(changed(&texts), Vec::<String>::new());
}

#[test]
fn user_variables_set_by_name_and_value_keep_their_user() {
    let cases = [
        (
            "setx ETCDCTL_USER root:Passw0rd1",
            "setx ETCDCTL_USER root:[redacted]",
        ),
        (
            "setx ETCDCTL_USER \"root:Passw0rd1\"",
            "setx ETCDCTL_USER \"root:[redacted]\"",
        ),
        (
            "export ETCDCTL_USER root:Passw0rd1",
            "export ETCDCTL_USER root:[redacted]",
        ),
        (
            "setenv ES_USER elastic:changeme1",
            "setenv ES_USER elastic:[redacted]",
        ),
        (
            "set -x ETCDCTL_USER root:Passw0rd1",
            "set -x ETCDCTL_USER root:[redacted]",
        ),
        (
            "set ETCDCTL_USER=root:Passw0rd1",
            "set ETCDCTL_USER=root:[redacted]",
        ),
        (
            "SET ES_USER=elastic:changeme1",
            "SET ES_USER=elastic:[redacted]",
        ),
        // A secret's own name still loses the whole value, and a token-shaped user goes.
        ("setx DB_PASSWORD Passw0rd1", "setx DB_PASSWORD [redacted]"),
        (
            "setx ETCDCTL_USER ghp_abcdefgh12345678:x",
            "setx ETCDCTL_USER [redacted]",
        ),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
    assert_eq!(
        changed(&["setx ETCDCTL_USER root", "export ETCDCTL_USER root"]),
        Vec::<String>::new()
    );
}

#[test]
fn nested_yaml_mappings_under_secret_names_keep_what_describes_the_secret() {
    let text = "api_keys:\n  - type: service\n    key: abc123secretvalue\n    name: ci\n    id: 7\n    description: CI key\n    enabled: true\n    created: 2024-01-01\n    expires: 2025-01-01\n";
    let expected = "api_keys:\n  - type: service\n    key: [redacted]\n    name: ci\n    id: 7\n    description: CI key\n    enabled: true\n    created: 2024-01-01\n    expires: 2025-01-01\n";
    assert_eq!(redact_text(text), expected);
    let mapping = "api_keys:\n  primary:\n    type: service\n    value: abc123secretvalue\n    description: CI key\n";
    let expected = "api_keys:\n  primary:\n    type: service\n    value: [redacted]\n    description: CI key\n";
    assert_eq!(redact_text(mapping), expected);
    let tokens =
        "tokens:\n  - name: deploy\n    token: abc123secretvalue\n    expires: 2025-01-01\n";
    let expected = "tokens:\n  - name: deploy\n    token: [redacted]\n    expires: 2025-01-01\n";
    assert_eq!(redact_text(tokens), expected);
    // Bare items and direct entries still go.
    assert_eq!(
        redact_text("api_keys:\n  - abc123secretvalue\n  - def456secretvalue\n"),
        "api_keys:\n  - [redacted]\n  - [redacted]\n"
    );
    assert_eq!(
        redact_text("passwords:\n  admin: abc123secretvalue\n"),
        "passwords:\n  admin: [redacted]\n"
    );
}

#[test]
fn sections_console_answers_and_hashtables_of_secrets_lose_their_values() {
    let cases = [
        (
            "[api_keys]\nprimary = \"abc123secretvalue\"\nsecondary = def456secretvalue\n\n[server]\nport = 8080\n",
            "[api_keys]\nprimary = \"[redacted]\"\nsecondary = [redacted]\n\n[server]\nport = 8080\n",
        ),
        (
            "[passwords]\nadmin=abc123secretvalue\n",
            "[passwords]\nadmin=[redacted]\n",
        ),
        (
            "[tokens]\nci: abc123secretvalue\n",
            "[tokens]\nci: [redacted]\n",
        ),
        (
            "[api_keys.primary]\ntype = \"service\"\nkey = \"abc123secretvalue\"\n",
            "[api_keys.primary]\ntype = \"service\"\nkey = \"[redacted]\"\n",
        ),
        (
            "> var.api_keys\n{\n  \"primary\" = \"abc123secretvalue\"\n}",
            "> var.api_keys\n{\n  \"primary\" = \"[redacted]\"\n}",
        ),
        (
            "> local.passwords\ntolist([\n  \"abc123secretvalue\",\n])",
            "> local.passwords\ntolist([\n  \"[redacted]\",\n])",
        ),
        (
            "tokens:\n- name: deploy\n  value: abc123secretvalue\n",
            "tokens:\n- name: deploy\n  value: [redacted]\n",
        ),
        (
            "auth_tokens => {\n  'a' => 'abc123secretvalue',\n}",
            "auth_tokens => {\n  'a' => '[redacted]',\n}",
        ),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
    let hashtable = redact_text("$tokens = @{ a = 'abc123secretvalue' }");
    assert!(!hashtable.contains("abc123secretvalue"), "{hashtable}");
    // Terraform's own marker, and sections named for nothing secret or for one secret.
    let texts = [
        "tokens = tomap({\n  \"a\" = (sensitive value)\n})",
        "[server]\nport = 8080\nname = web\n",
        "> var.region\n{\n  \"a\" = \"eu-west-1\"\n}",
    ];
    assert_eq!(changed(&texts), Vec::<String>::new());
}

#[test]
fn series_flow_items_and_singular_terraform_maps_lose_their_values() {
    let cases = [
        (
            "PASSWORDS=abc123secretvalue,def456secretvalue",
            "PASSWORDS=[redacted],[redacted]",
        ),
        (
            "API_KEYS=abc123secretvalue;def456secretvalue",
            "API_KEYS=[redacted];[redacted]",
        ),
        (
            "api_tokens = abc123secretvalue, def456secretvalue",
            "api_tokens = [redacted], [redacted]",
        ),
        (
            "tokens: abc123secretvalue,def456secretvalue",
            "tokens: [redacted],[redacted]",
        ),
        (
            "api_keys:\n  - {type: service, key: abc123secretvalue}\n",
            "api_keys:\n  - {type: service, key: [redacted]}\n",
        ),
        (
            "db_password = tomap({\n  \"a\" = \"abc123secretvalue\"\n})",
            "db_password = tomap({\n  \"a\" = \"[redacted]\"\n})",
        ),
        (
            "password = {\n  value = \"abc123secretvalue\"\n}",
            "password = {\n  value = \"[redacted]\"\n}",
        ),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
    // Mount options naming a credentials file, and Kubernetes' secret volume, stay.
    let texts = [
        "mount -t cifs //nas/share /mnt -o credentials=/root/.smbcred,uid=1000",
        "{\"secret\": {\"secretName\": \"db-creds\", \"defaultMode\": 420}}",
    ];
    assert_eq!(changed(&texts), Vec::<String>::new());
}
