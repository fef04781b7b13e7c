//! Forty-first review: tokens handed to calls, names quoted in Markdown prose, and Java, .NET,
//! PHP and package managers' settings. Gaps closed as kinds:
//! - a token given to a call by position (`huggingface_hub.login("x")`, `api.set_api_key("x")`,
//!   `HfFolder.save_token("x")`, `Github("x")`, `WebClient("x")`) was shown unless its shape
//!   alone gave it away: a setter of a secret (`set_`, `save_`, `change_`... then a password's,
//!   a secret's, a token's or an API key's name) loses any literal, a login or a client's
//!   constructor a token-shaped one; addresses, hosts, user names and references stay
//!   (`login("bob")`, `Client("http://db:8080")`, `set_token("$HF_TOKEN")`);
//!   Logins named with `login` (`notebook_login`), Rust's `Client::new("x")` and builders'
//!   methods named for a secret (`.api_key("x")`, `.bearer_auth("x")`) are read alike;
//! - a secret's name in backticks in prose (``The `password` is x``, ``set `DB_PASSWORD` to
//!   x``) kept its value, which the same name bare lost, and a Markdown label in bold
//!   (`**Password:** x`) lost its closing stars instead of its value;
//! - a bracketed task title (`TASK [Check password policy] ****`) lost its words, and a typed
//!   wrapper's value (`password=Optional[x]`) was read as a type: the value inside a wrapper
//!   goes, a type's name stays (`password: Optional[str]`);
//! - a Java system property ending in `key` (`-Dpush.installation.key=x`), an XML element named
//!   for such a key (`<PUSH_INSTALLATION_KEY>x</PUSH_INSTALLATION_KEY>`) and a password in a
//!   log's brackets (`with password [x]`) kept their values; a qualified key's word of letters
//!   alone now counts from 12 letters (`Tulipgardenblue`).
//!
//! Checked and kept here so that they stay so: Java and .NET settings in XML (`<entry
//! key="db.password">`, `<property name="password" value="x"/>`, `<env name="X_TOKEN"
//! value="x"/>`, NuGet's `ClearTextPassword`, a vendor's `..._KEY` of letters alone), Java
//! system properties named for a password (`-Ddb.password=x`), Nextcloud's `config.php`,
//! Gitea's `PASSWD`, Vaultwarden's `ADMIN_TOKEN`, npm's `_authToken` and a password after
//! `with password` in prose.

mod common;

use common::{changed, wrong_redactions};
use pretty_assertions::assert_eq;

#[test]
fn a_token_given_to_a_call_by_position_goes() {
    let cases = [
        (
            "huggingface_hub.login(\"Tulipgarden42\")",
            "huggingface_hub.login(\"[redacted]\")",
        ),
        (
            ">>> from huggingface_hub import login; login('Tulipgarden42')",
            ">>> from huggingface_hub import login; login('[redacted]')",
        ),
        (
            "wandb.login(\"8f3a9c2b7e1d4f6a0b5c9e8d7f6a5b4c3d2e1f0a\")",
            "wandb.login(\"[redacted]\")",
        ),
        (
            "huggingface_hub.login(\"Tulipgarden42\", add_to_git_credential=True)",
            "huggingface_hub.login(\"[redacted]\", add_to_git_credential=True)",
        ),
        (
            "api.set_api_key(\"Tulipgarden42\")",
            "api.set_api_key(\"[redacted]\")",
        ),
        // A setter of a secret loses any literal, letters alone too.
        (
            "client.setApiKey('Tulipgardenblue');",
            "client.setApiKey('[redacted]');",
        ),
        (
            "set_token(\"Tulipgardenblue\")",
            "set_token(\"[redacted]\")",
        ),
        (
            "HfFolder.save_token(\"hf_aBcDeFgHiJkLmNoPqRsTuVwXyZaBcDeFgH\")",
            "HfFolder.save_token(\"[redacted]\")",
        ),
        (
            "HfFolder.save_token('Tulipgarden42')",
            "HfFolder.save_token('[redacted]')",
        ),
        (
            "g = Github(\"ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789\")",
            "g = Github(\"[redacted]\")",
        ),
        (
            "g = Github(\"Tulipgarden42\")",
            "g = Github(\"[redacted]\")",
        ),
        (
            "client = OpenAI(\"sk-proj-aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789\")",
            "client = OpenAI(\"[redacted]\")",
        ),
        (
            "client = Anthropic(\"Tulipgarden42\")",
            "client = Anthropic(\"[redacted]\")",
        ),
        (
            "slack = WebClient(\"Tulipgarden42\")",
            "slack = WebClient(\"[redacted]\")",
        ),
        (
            "gl = gitlab.Gitlab(\"https://gitlab.example.com\", \"Tulipgarden42\")",
            "gl = gitlab.Gitlab(\"https://gitlab.example.com\", \"[redacted]\")",
        ),
        (
            "c = replicate.Client(\"8f3a9c2b7e1d4f6a0b5c9e8d\")",
            "c = replicate.Client(\"[redacted]\")",
        ),
        (
            "self.client = AsyncOpenAI(\"Tulipgarden42\")",
            "self.client = AsyncOpenAI(\"[redacted]\")",
        ),
        (
            "HfApi().set_access_token(\"Tulipgardenblue\")",
            "HfApi().set_access_token(\"[redacted]\")",
        ),
        (
            "client.save_api_key('Tulipgardenblue')",
            "client.save_api_key('[redacted]')",
        ),
        (
            "api.set_secret_key(\"Tulipgardenblue\")",
            "api.set_secret_key(\"[redacted]\")",
        ),
        (
            "client.setAccessToken(\"Tulipgardenblue\")",
            "client.setAccessToken(\"[redacted]\")",
        ),
        (
            "g = Github(auth=Auth.Token(\"Tulipgarden42\"))",
            "g = Github(auth=Auth.Token(\"[redacted]\"))",
        ),
        (
            "co = cohere.ClientV2(\"Tulipgarden42\")",
            "co = cohere.ClientV2(\"[redacted]\")",
        ),
        (
            "client.run(\"Tulipgarden42\")",
            "client.run(\"[redacted]\")",
        ),
        ("bot.run('Tulipgarden42')", "bot.run('[redacted]')"),
        ("auth(\"Tulipgarden42\")", "auth(\"[redacted]\")"),
        (
            "notebook_login(\"Tulipgarden42\")",
            "notebook_login(\"[redacted]\")",
        ),
        (
            "client.login_with_token(\"Tulipgarden42\")",
            "client.login_with_token(\"[redacted]\")",
        ),
        (
            "let c = Client::new(\"Tulipgarden42\");",
            "let c = Client::new(\"[redacted]\");",
        ),
        (
            "new GitHubBuilder().withOAuthToken(\"Tulipgarden42\").build()",
            "new GitHubBuilder().withOAuthToken(\"[redacted]\").build()",
        ),
        (
            "Config::builder().api_key(\"Tulipgarden42\").build()",
            "Config::builder().api_key(\"[redacted]\").build()",
        ),
        (
            "reqwest::Client::new().get(url).bearer_auth(\"Tulipgarden42\")",
            "reqwest::Client::new().get(url).bearer_auth(\"[redacted]\")",
        ),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
    assert_eq!(changed(&redacted_twice(&cases)), Vec::<String>::new());
    // Logins and clients given a name, an address, a host or a reference keep it.
    assert_eq!(
        changed(&[
            "login(\"bob\")",
            "client.login('alice@example.com')",
            "Client(\"http://db:8080\")",
            "redis.Client(\"localhost\")",
            "c = Client(\"db01.internal:5432\")",
            "docker.DockerClient(\"unix://var/run/docker.sock\")",
            "set_token(\"$HF_TOKEN\")",
            "set_token(\"${HF_TOKEN}\")",
            "set_token(token)",
            "login(os.environ[\"HF_TOKEN\"])",
            "huggingface_hub.login(token=os.environ[\"HF_TOKEN\"])",
            "g = Github(os.getenv(\"GITHUB_TOKEN\"))",
            "api.set_api_key(None)",
            "client = OpenAI()",
            "c = Client(\"us-east-1\")",
            "c = Client(\"550e8400-e29b-41d4-a716-446655440000\")",
            "c = MinioClient(\"play.min.io\")",
            "subprocess.run(\"Tulipgarden42\")",
            "print(\"Tulipgarden42\")",
            "let c = Client::new(\"localhost\");",
            "token = client.get_token(\"github\")",
            "validate_api_key(\"Tulipgarden42\")",
        ]),
        Vec::<String>::new()
    );
}

#[test]
fn a_name_in_backticks_in_prose_hides_its_value() {
    let cases = [
        (
            "The `password` is Tulipgarden42",
            "The `password` is [redacted]",
        ),
        (
            "set `DB_PASSWORD` to Tulipgarden42",
            "set `DB_PASSWORD` to [redacted]",
        ),
        (
            "The `password` is tulipgarden",
            "The `password` is [redacted]",
        ),
        (
            "Your `api_token` is Tulipgarden42",
            "Your `api_token` is [redacted]",
        ),
        (
            "`APP_SECRET` is now Tulipgarden42.",
            "`APP_SECRET` is now [redacted].",
        ),
        (
            "`DB_PASSWORD` is now Tulipgarden42",
            "`DB_PASSWORD` is now [redacted]",
        ),
        (
            "Set `password` to Tulipgarden42",
            "Set `password` to [redacted]",
        ),
        (
            "The `db_password` is Tulipgarden42",
            "The `db_password` is [redacted]",
        ),
        (
            "the `password` for admin is Tulipgarden42",
            "the `password` for admin is [redacted]",
        ),
        // Markdown's bold label: the value follows the emphasis' closing.
        ("**Password:** Tulipgarden42", "**Password:** [redacted]"),
        ("__Token:__ Tulipgarden42", "__Token:__ [redacted]"),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
    assert_eq!(changed(&redacted_twice(&cases)), Vec::<String>::new());
    assert_eq!(
        changed(&[
            "the `password` is required",
            "The `password` is too short.",
            "`DB_PASSWORD` is missing",
            "set `DB_PASSWORD` to the database's password",
            "the `token` field is optional",
            "Set `password_min_length` to 12",
            "`password` is the field name",
            "**Password:** required",
            "**Password:**",
            "**Note:** see docs",
        ]),
        Vec::<String>::new()
    );
}

#[test]
fn titles_and_types_near_a_secret_name_stay() {
    let cases = [
        (
            "password=Optional[Tulipgarden42]",
            "password=Optional[[redacted]]",
        ),
        (
            "Settings(api_key=Optional[Tulipgarden42], debug=False)",
            "Settings(api_key=Optional[[redacted]], debug=False)",
        ),
        ("password=Some[Tulipgarden42]", "password=Some[[redacted]]"),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
    assert_eq!(changed(&redacted_twice(&cases)), Vec::<String>::new());
    assert_eq!(
        changed(&[
            "TASK [Check password policy] ****",
            "TASK [Check password policy] *************************************************\nok: [web1]",
            "TASK [Rotate api token] ****",
            "TASK [Verify password is set] ****",
            "TASK [Ensure token is present] ****",
            "TASK [Ensure password: complexity] ****",
            "RUNNING HANDLER [reload password policy] ****",
            "see the password policy (password policy)",
            "password: Optional[str]",
            "password: Optional[str] = None",
            "api_key: Optional[SecretStr] = None",
            "    token: Optional[str] = Field(default=None)",
            "def connect(host: str, password: Optional[str] = None) -> Connection:",
            "password=Optional[str]",
            "token=Optional[Dict[str, str]]",
            "secret: typing.Optional[str]",
        ]),
        Vec::<String>::new()
    );
}

#[test]
fn settings_of_java_dotnet_php_and_package_managers_stay_hidden() {
    let cases = [
        (
            "<entry key=\"db.password\">Tulipgarden42</entry>",
            "<entry key=\"db.password\">[redacted]</entry>",
        ),
        (
            "<property name=\"password\" value=\"Tulipgarden42\"/>",
            "<property name=\"password\" value=\"[redacted]\"/>",
        ),
        (
            "<env name=\"X_TOKEN\" value=\"Tulipgarden42\"/>",
            "<env name=\"X_TOKEN\" value=\"[redacted]\"/>",
        ),
        (
            "java -Ddb.password=Tulipgarden42 -jar app.jar",
            "java -Ddb.password=[redacted] -jar app.jar",
        ),
        (
            "java -Dpush.installation.key=Tulipgardenblue -jar app.jar",
            "java -Dpush.installation.key=[redacted] -jar app.jar",
        ),
        (
            "JAVA_OPTS=\"-Xmx512m -Dapp.api.secret=Tulipgardenblue -Dapp.auth.token=Tulipgardenred\"",
            "JAVA_OPTS=\"-Xmx512m -Dapp.api.secret=[redacted] -Dapp.auth.token=[redacted]\"",
        ),
        (
            "<add key=\"STRIPE_KEY\" value=\"Tulipgardenblue\"/>",
            "<add key=\"STRIPE_KEY\" value=\"[redacted]\"/>",
        ),
        (
            "<STRIPE_KEY>Tulipgardenblue</STRIPE_KEY>",
            "<STRIPE_KEY>[redacted]</STRIPE_KEY>",
        ),
        // A key by its name and its shape, whoever's key it is, as an attribute or an element.
        (
            "<add key=\"PUSH_INSTALLATION_KEY\" value=\"Tulipgardenblue\"/>",
            "<add key=\"PUSH_INSTALLATION_KEY\" value=\"[redacted]\"/>",
        ),
        (
            "<PUSH_INSTALLATION_KEY>Tulipgardenblue</PUSH_INSTALLATION_KEY>",
            "<PUSH_INSTALLATION_KEY>[redacted]</PUSH_INSTALLATION_KEY>",
        ),
        (
            "<entry key=\"push.installation.key\">Tulipgardenblue</entry>",
            "<entry key=\"push.installation.key\">[redacted]</entry>",
        ),
        (
            "PUSH_INSTALLATION_KEY=Tulipgardenblue",
            "PUSH_INSTALLATION_KEY=[redacted]",
        ),
        (
            "  'dbpassword' => 'Tulipgarden42',",
            "  'dbpassword' => '[redacted]',",
        ),
        (
            "  'passwordsalt' => 'Tulipgarden42abc',",
            "  'passwordsalt' => '[redacted]',",
        ),
        (
            "  'secret' => 'Tulipgarden42abc',",
            "  'secret' => '[redacted]',",
        ),
        ("PASSWD = Tulipgarden42", "PASSWD = [redacted]"),
        (
            "[database]\nPASSWD = Tulipgardenblue",
            "[database]\nPASSWD = [redacted]",
        ),
        ("ADMIN_TOKEN=Tulipgardenblue", "ADMIN_TOKEN=[redacted]"),
        (
            "ADMIN_TOKEN='$argon2id$v=19$m=65540,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo'",
            "ADMIN_TOKEN='[redacted]'",
        ),
        (
            "<ClearTextPassword>Tulipgarden42</ClearTextPassword>",
            "<ClearTextPassword>[redacted]</ClearTextPassword>",
        ),
        (
            "<property name=\"db.password\" value=\"tulipgarden\"/>",
            "<property name=\"db.password\" value=\"[redacted]\"/>",
        ),
        (
            "//registry.npmjs.org/:_authToken=Tulipgarden42",
            "//registry.npmjs.org/:_authToken=[redacted]",
        ),
        (
            "<add key=\"ClearTextPassword\" value=\"Tulipgarden42\" />",
            "<add key=\"ClearTextPassword\" value=\"[redacted]\" />",
        ),
        (
            "login failed for bob with password [Tulipgarden42]",
            "login failed for bob with password [[redacted]]",
        ),
        (
            "login failed for bob with password Tulipgarden42",
            "login failed for bob with password [redacted]",
        ),
        (
            "login failed for bob with password tulipgarden",
            "login failed for bob with password [redacted]",
        ),
        (
            "user bob password [tulipgarden]",
            "user bob password [[redacted]]",
        ),
        // Redacting twice gives the same text.
        (
            "login failed for bob with password [redacted]",
            "login failed for bob with password [redacted]",
        ),
    ];
    assert_eq!(wrong_redactions(&cases), Vec::<String>::new());
    assert_eq!(changed(&redacted_twice(&cases)), Vec::<String>::new());
    assert_eq!(
        changed(&[
            "<add key=\"SORT_KEY\" value=\"name\"/>",
            "<entry key=\"db.url\">jdbc:postgresql://db:5432/app</entry>",
            "java -Ddb.user=app -Dpush.installation.id=42 -jar app.jar",
            "  'dbuser' => 'nextcloud',",
            "<env name=\"LOG_LEVEL\" value=\"debug\"/>",
            "<add key=\"LABEL_KEY\" value=\"app\"/>",
            "<SORT_KEY>createdat</SORT_KEY>",
            "<add key=\"TRANSLATION_KEY\" value=\"home.title\"/>",
            "java -Dapp.key=/etc/app/app.key -Dkafka.partition.key=orders -jar app.jar",
            "java -Dapp.key=$APP_KEY -jar app.jar",
        ]),
        Vec::<String>::new()
    );
}

/// What each case redacts to, to be redacted again: a second redaction changes nothing.
fn redacted_twice<'a>(cases: &[(&'a str, &'a str)]) -> Vec<&'a str> {
    cases.iter().map(|(_, expected)| *expected).collect()
}
