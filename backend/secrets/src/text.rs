//! The passes of text redaction that work on patterns: private key blocks, tokens by their
//! well-known formats, credentials in URLs, authorization headers, and `name=value` pairs whose
//! name is a secret's (in environment assignments, options, query strings, YAML, JSON, TOML).

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Captures;

use crate::pattern::Gated;

use crate::REDACTED;
use crate::names::{counts_things, is_secret_name};
use crate::urls::url_user_is_credential;
use crate::values::unquoted_value_tail;

/// A compiled pattern; `None` only if it failed to compile, which the tests rule out. A pass
/// whose pattern is missing hides the whole text rather than letting it through (fail closed).
type Pattern = LazyLock<Option<Gated>>;

fn compile(pattern: &str) -> Option<Gated> {
    crate::pattern::new(pattern).ok()
}

/// A private key block, also cut by a terminal or a log (a dash lost, the label broken across
/// lines: `-----BEGIN OPENSSH PRIVATE\nKEY-----`), to its end or the end of the text.
static PRIVATE_KEY_BLOCK: Pattern = LazyLock::new(|| {
    compile(
        r"(?s)-{3,5}BEGIN ([A-Z0-9 ]{0,40}(?:PRIVATE|SECRET)\s+KEY(?: BLOCK)?|OpenVPN Static key V1|OpenVPN tls-crypt-v2 (?:client|server) key)-{3,5}.*?(?:-{3,5}END (?:[A-Z0-9 ]{0,40}(?:PRIVATE|SECRET)\s+KEY(?: BLOCK)?|OpenVPN Static key V1|OpenVPN tls-crypt-v2 (?:client|server) key)-{3,5}|\z)",
    )
});

/// RFC 4716's framing of a private key (`---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----`): its
/// headers and body go.
static SSH2_PRIVATE_KEY: Pattern = LazyLock::new(|| {
    compile(
        r"(?s)---- BEGIN SSH2 (?P<label>(?:ENCRYPTED )?PRIVATE KEY) ----.*?(?:---- END SSH2 (?:ENCRYPTED )?PRIVATE KEY ----|\z)",
    )
});

/// minisign's and signify's secret keys: the base64 line after their comment line.
static SIGNIFY_SECRET_KEY: Pattern = LazyLock::new(|| {
    compile(
        r"(?m)(?P<head>^untrusted comment:[^\n]*secret key[^\n]*\r?\n)(?P<secret>[A-Za-z0-9+/=]{16,})",
    )
});

/// Borg's exported repository key (`borg key export`): the base64 lines under its
/// `BORG_KEY <repository id>` line, to a blank line or the text's end.
static BORG_KEY: Pattern = LazyLock::new(|| {
    compile(
        r"(?m)(?P<head>^BORG_KEY [0-9a-f]{16,}\r?\n)(?P<secret>(?:[A-Za-z0-9+/=]+(?:\r?\n|\z))+)",
    )
});

/// A name-value entry as Go prints a struct (`%+v`): `{Name:DB_PASSWORD Value:x}`, as the AWS
/// SDK's ECS and Lambda environments and Kubernetes' `EnvVar` print in logs.
static GO_ENTRY: Pattern = LazyLock::new(|| {
    compile(
        r"(?P<head>\{(?:Name|Key):(?P<name>[A-Za-z_][A-Za-z0-9_.-]*)[ \t]+Value:)(?P<secret>[^\s{}]+)",
    )
});

/// The private members of an RSA key in .NET's XML format (`<RSAKeyValue>...<D>x</D>`).
static XML_RSA_PRIVATE: Pattern = LazyLock::new(|| {
    compile(
        r"<(?P<name>P|Q|DP|DQ|InverseQ|D)>(?P<secret>[A-Za-z0-9+/=\s]+)</(?P<close>P|Q|DP|DQ|InverseQ|D)>",
    )
});

static PUTTY_PRIVATE_LINES: Pattern =
    // Each line of the key ends the line: `Private-MAC:` after it keeps its name.
    LazyLock::new(|| {
        compile(r"(Private-Lines:\s*\d+\r?\n)(?:[ \t]*[A-Za-z0-9+/=]+(?:\r?\n|\z))+")
    });

/// Docker Swarm's join tokens (`SWMTKN-1-<cluster key>-<role secret>`): whoever holds one
/// joins the swarm as a worker or a manager.
static SWARM_TOKEN: Pattern =
    LazyLock::new(|| compile(r"\bSWMTKN-1-[0-9a-z]{40,}-[0-9a-z]{20,}\b"));

/// age's secret keys, X25519 (`AGE-SECRET-KEY-1...`) and post-quantum (`AGE-SECRET-KEY-PQ-1...`),
/// also in Bech32's lower case.
static AGE_KEY: Pattern = LazyLock::new(|| {
    compile(r"AGE-SECRET-KEY-(?:PQ-)?1[0-9A-Z]{20,}|age-secret-key-(?:pq-)?1[0-9a-z]{20,}")
});

/// Password hashes, which are cracked offline: crypt(3) (`$6$salt$hash`, `$y$...`, bcrypt
/// `$2b$10$...`, Apache `$apr1$`), argon2, scrypt and balloon (Pi-hole's `$BALLOON-SHA256$`) strings, Django's `pbkdf2_sha256$N$salt$h`
/// and LDAP's `{SSHA}...`. Shown in shadow lines, htpasswd files and database dumps, and with
/// each `$` doubled in Compose files.
static PASSWORD_HASH: Pattern = LazyLock::new(|| {
    compile(concat!(
        // Docker Compose doubles each `$` (Traefik's `basicauth.users=admin:$$apr1$$...`).
        r"\$\$?(?:1|2[abxy]?|5|6|7|y|gy|apr1|md5|sha1|argon2(?:id|i|d)|scrypt|pbkdf2(?:-sha\d+)?|BALLOON-SHA\d+)\$[./A-Za-z0-9$=,+-]{16,}",
        r"|\b(?:pbkdf2_sha(?:1|256|512)|bcrypt_sha256|argon2|scrypt)\$[./A-Za-z0-9$=,+-]{16,}",
        r"|\{(?:SSHA|SHA|SSHA256|SSHA512|SHA256|SHA512|SMD5|MD5|CRYPT|PBKDF2[-A-Z0-9]*|ARGON2)\}[./A-Za-z0-9$=+-]{8,}",
        // Dovecot's and OpenLDAP's other schemes, the plain ones whatever their length
        // (`bob:{PLAIN}PASS`, `{CLEARTEXT}`), and a crypt string after `{CRYPT}`.
        r"|\{(?:SHA1|SSHA1|PLAIN-MD5|LDAP-MD5|MD5-CRYPT|SHA256-CRYPT|SHA512-CRYPT|BLF-CRYPT|DES-CRYPT|CRAM-MD5|DIGEST-MD5|SCRAM-SHA-1|SCRAM-SHA-256|ARGON2I|ARGON2ID|NTLM|LANMAN)\}[./A-Za-z0-9$=+-]{8,}",
        r"|\{(?:PLAIN|CLEARTEXT|CLEAR|PLAIN-TRUNC|PLAIN-BASE64)\}[^\s:]+",
        r"|\{CRYPT\}\$[./A-Za-z0-9$=+-]+",
        // PostgreSQL's SCRAM verifier and md5 hash, MySQL's native password hash.
        r"|\bSCRAM-SHA-256\$[0-9]+:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+",
        r"|\bmd5[0-9a-f]{32}\b",
        r"|\*[0-9A-F]{40}\b",
        // bcrypt hashes in base64 (`$2a$`, `$2b$`...), as Caddy's `basic_auth` took them.
        r"|\bJDJ[abhixy5]JD[A-Za-z0-9+/]{40,}={0,2}",
    ))
});

/// Caddy's DNS provider given its API token inline (`dns cloudflare TOKEN`, the global
/// `acme_dns cloudflare TOKEN`): the token goes, a placeholder (`{env.CF_API_TOKEN}`) stays.
static CADDY_DNS_TOKEN: Pattern = LazyLock::new(|| {
    compile(
        r"(?m)^(?P<head>[ \t]*(?:acme_)?dns[ \t]+[a-z0-9_]+[ \t]+)(?P<secret>[A-Za-z0-9_.-]{20,})[ \t]*$",
    )
});

/// Tokens recognised by format alone, wherever they appear. `keep` groups survive (the host of
/// a webhook URL, so the text still says what it was).
static TOKENS: LazyLock<Option<crate::pattern::Alternatives>> = LazyLock::new(|| {
    crate::pattern::alternatives(concat!(
        // An AWS access key id, with the secret key when it follows on the line (`AKIA.. SECRET`,
        // `AKIA..:SECRET`, `AKIA..,SECRET` as in `credentials.csv`).
        r"\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|APKA)[A-Z0-9]{16}\b",
        r"(?:(?:[ \t]*[,:;|=][ \t]*|[ \t]+)[A-Za-z0-9/+]{39}[A-Za-z0-9]\b)?",
        r"|\bgh[pousr]_[A-Za-z0-9]{36,255}\b",
        r"|\bgithub_pat_[A-Za-z0-9_]{22,255}\b",
        r"|\bgl(?:pat|dt|ptt|rt|soat|cbt|oas|ft|imt|agent|wt|ffct)-[A-Za-z0-9_-]{20,}",
        r"|\bGR1348941[A-Za-z0-9_-]{20,}",
        r"|\bxox[abposre]-[A-Za-z0-9-]{10,}",
        r"|\bxapp-[A-Za-z0-9-]{10,}",
        r"|(?P<keep>https://hooks\.slack\.com/)(?:services|workflows|triggers)/[A-Za-z0-9/_-]+",
        r"|(?P<keep2>https://(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/)[0-9]+/[A-Za-z0-9_-]+",
        r"|\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,}\b",
        r"|\bwhsec_[A-Za-z0-9+/=]{10,}",
        r"|\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*",
        r"|\bwdn_[A-Za-z0-9_-]{16,}",
        r"|\bAIza[0-9A-Za-z_-]{35}",
        r"|\bya29\.[0-9A-Za-z_-]{20,}",
        r"|\bGOCSPX-[A-Za-z0-9_-]{20,}",
        r"|\bsk-[A-Za-z0-9_-]{20,}",
        r"|\bnpm_[A-Za-z0-9]{36}\b",
        r"|\bpypi-AgE[A-Za-z0-9_-]{50,}",
        r"|\bhf_[A-Za-z0-9]{30,}\b",
        r"|\bdckr_(?:pat|oat)_[A-Za-z0-9_-]{20,}",
        r"|\bdo[por]_v1_[a-f0-9]{64}\b",
        r"|\bhv[sbr]\.[A-Za-z0-9_-]{20,}",
        r"|\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\b",
        r"|\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}",
        r"|\bSK[0-9a-fA-F]{32}\b",
        r"|\bATATT3[A-Za-z0-9_=-]{50,}",
        r"|\bglc_[A-Za-z0-9+/=_-]{32,}",
        r"|\bglsa_[A-Za-z0-9_]{32,}",
        // Telegram bot tokens, also in the API's URLs (`/bot123456789:AA.../getMe`).
        r"|(?:\b|(?P<keep3>/bot))[0-9]{8,10}:AA[A-Za-z0-9_-]{30,40}\b",
        r"|\btskey-[a-z]+-[A-Za-z0-9-]{10,}",
        r"|\bdp\.(?:pt|st|sa|ct|scim|audit)\.(?:[a-z0-9_-]{1,32}\.)?[A-Za-z0-9]{40,}",
        r"|\blin_api_[A-Za-z0-9]{40}\b",
        r"|\bPMAK-[a-f0-9]{24}-[a-f0-9]{34}\b",
        r"|\bkey-[a-z0-9]{32}\b",
        r"|\b[0-9a-f]{32}-us[0-9]{1,2}\b",
        r"|\bdapi[0-9a-f]{32}(?:-[0-9]+)?\b",
        r"|\bpul-[0-9a-f]{40}\b",
        r"|\b[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,}",
        r"|\bs\.[A-Za-z0-9]{24}\b",
        // New Relic's user, admin, insert, query, REST and browser keys, and its 40-character
        // license keys ending in `NRAL`.
        r"|\bNR(?:AK|AA|II|IQ|RA|JS)-[A-Za-z0-9]{20,}",
        r"|\b[0-9a-f]{36}NRAL\b",
        r"|\bATBB[A-Za-z0-9_=.-]{28,}",
        r"|\bcio[A-Za-z0-9]{30,}\b",
        r"|\bsq0(?:atp|csp)-[0-9A-Za-z_-]{20,}",
        // Asana's personal access tokens, Typeform's, Braintree's access tokens, EasyPost's
        // API keys, Pushbullet's access tokens, Facebook's Graph API explorer tokens.
        r"|\b[12]/[0-9]{10,16}(?:/[0-9]{10,16})?:[0-9a-f]{32}\b",
        r"|\btfp_[A-Za-z0-9_.=-]{40,}",
        r"|\baccess_token\$(?:production|sandbox)\$[0-9a-z]{10,20}\$[0-9a-f]{32}\b",
        r"|\bEZ[AT]K[A-Za-z0-9]{54}\b",
        r"|\bo\.[A-Za-z0-9]{32}\b",
        r"|\bEAACEdEose0cBA[0-9A-Za-z]{20,}",
        // A Twitch stream key (`live_<channel id>_<key>`), also outside its ingest URL.
        r"|\blive_[0-9]{5,12}_[A-Za-z0-9]{20,}\b",
        r"|\b1//0[0-9A-Za-z_-]{30,}",
        // Google's OAuth authorization codes (`4/0A...`, exchanged for tokens) and Plex's
        // claim tokens (`claim-...`, which bind a server to an account).
        r"|\b4/0A[0-9A-Za-z_-]{30,}",
        r"|\bclaim-[A-Za-z0-9]{20}\b",
        // A Ceph key: base64 of 28 bytes, starting with its type and version.
        r"|\bAQ[A-Za-z0-9+/]{36,42}==",
        // Jenkins' stored secrets (`{AQAAABAAAA...}`), which its script console decrypts.
        r"|\{AQAAAB[A-Za-z0-9+/=]{16,}\}",
        // Incoming webhook URLs carry their secret in the path: the host stays.
        r"|(?P<keep4>https://[A-Za-z0-9.-]*\.office\.com/webhook(?:b2)?/)[A-Za-z0-9@/_.-]+",
        r"|(?P<keep5>https://hooks\.zapier\.com/hooks/catch/)[A-Za-z0-9/_-]+",
        r"|(?P<keep6>https?://[A-Za-z0-9.-]+(?::[0-9]+)?/hooks/)[a-z0-9]{26}\b",
        // Feishu's and Lark's bot webhooks: the URL's last part posts as the bot.
        r"|(?P<keep7>https://open\.(?:feishu\.cn|larksuite\.com)/open-apis/bot/v2/hook/)[A-Za-z0-9-]{16,}",
        // Linear's OAuth tokens, EasyPost's production and test keys.
        r"|\blin_oauth_[a-f0-9]{64}\b",
        r"|\bEZ[AT]K[a-f0-9]{54}\b",
        // Fourth round: Heroku, Alibaba Cloud access key ids, PlanetScale, xAI, Groq,
        // Replicate, Sentry, RubyGems, NuGet, 1Password service accounts, Brevo, Netlify,
        // Clojars, Dynatrace, Azure AD client secrets (`xxx8Q~...`), Perplexity, Contentful,
        // Buildkite, CircleCI, JFrog, Notion, Airtable, Supabase, Render, Fly.io, Firebase Cloud
        // Messaging server keys, Discord bot tokens, Meta access tokens, Dropbox, Resend.
        r"|\bHRKU-[A-Za-z0-9_-]{30,}",
        r"|\bLTAI[A-Za-z0-9]{12,20}\b",
        r"|\bpscale_(?:pw|tkn|oauth)_[A-Za-z0-9_.=-]{30,}",
        r"|\bxai-[A-Za-z0-9]{70,}",
        r"|\bgsk_[A-Za-z0-9]{40,}",
        r"|\br8_[A-Za-z0-9]{30,}",
        r"|\bsntry[su]_[A-Za-z0-9+/=_]{30,}",
        r"|\brubygems_[a-f0-9]{48}\b",
        r"|\boy2[a-z0-9]{43}\b",
        r"|\bops_eyJ[A-Za-z0-9_-]{20,}",
        r"|\bxkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16}\b",
        r"|\bnfp_[A-Za-z0-9]{36,}",
        r"|\bCLOJARS_[a-z0-9]{60}\b",
        r"|\bdt0c01\.[A-Z0-9]{24}\.[A-Z0-9]{64}\b",
        r"|\b[A-Za-z0-9_.-]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34}",
        r"|\bpplx-[A-Za-z0-9]{40,}",
        r"|\bCFPAT-[A-Za-z0-9_-]{40,}",
        r"|\bbkua_[a-f0-9]{40}\b",
        r"|\bCCIPAT_[A-Za-z0-9_]{20,}",
        r"|\bAKCp[A-Za-z0-9]{60,}",
        r"|\bsecret_[A-Za-z0-9]{43}\b",
        r"|\bntn_[A-Za-z0-9]{40,}",
        r"|\bpat[A-Za-z0-9]{14}\.[a-f0-9]{64}\b",
        r"|\bsbp_[a-f0-9]{40}\b",
        r"|\bsb_secret_[A-Za-z0-9_-]{20,}",
        r"|\brnd_[A-Za-z0-9]{30,}",
        r"|\bf[mo][12][ar]?_[A-Za-z0-9+/=_-]{40,}",
        r"|\bAAAA[A-Za-z0-9_-]{7}:APA91b[A-Za-z0-9_-]{100,}",
        r"|\b[MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38}\b",
        r"|\bEAA[A-Za-z0-9]{80,}",
        r"|\bsl\.[A-Za-z0-9_-]{100,}",
        r"|\bre_[A-Za-z0-9]{8}_[A-Za-z0-9]{24}\b",
        // Fifth round: Mapbox secret tokens, Yandex OAuth and API keys, Figma, HubSpot private
        // apps, Hugging Face organisations, Square, Slack's client and cookie tokens, LangSmith,
        // Tavily, Pinecone, NVIDIA, Jina, ElevenLabs, Instagram, Cerebras, Twitch chat, Atlassian
        // admin keys, Sourcegraph, PostHog personal keys, MailerLite, Neon, Vercel Blob.
        r"|\b[st]k\.eyJ[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{20,}",
        r"|\by0_[A-Za-z0-9_-]{40,}",
        r"|\bAQVN[A-Za-z0-9_-]{30,40}\b",
        r"|\bfigd_[A-Za-z0-9_-]{30,}",
        r"|\bpat-(?:na|eu|ap)[0-9]-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b",
        r"|\bapi_org_[A-Za-z0-9]{30,}",
        r"|\bEAAA[A-Za-z0-9_+=-]{40,}",
        r"|\bxox[cd]-[A-Za-z0-9%-]{10,}",
        r"|\blsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10}\b",
        r"|\btvly-[A-Za-z0-9_-]{30,}",
        r"|\bpcsk_[A-Za-z0-9]{4,8}_[A-Za-z0-9]{40,}",
        r"|\bnvapi-[A-Za-z0-9_-]{60,}",
        r"|\bjina_[A-Za-z0-9]{40,}",
        r"|\bsk_[a-f0-9]{48}\b",
        r"|\bIGQV[A-Za-z0-9_-]{60,}",
        r"|\bcsk-[A-Za-z0-9]{40,}",
        r"|\boauth:[a-z0-9]{30}\b",
        r"|\bATCTT3xFfGN0[A-Za-z0-9_=-]{30,}",
        r"|\bsgp_[A-Za-z0-9_]{40,}",
        r"|\bphx_[A-Za-z0-9]{40,}",
        r"|\bmlsn\.[a-f0-9]{64}\b",
        r"|\bnapi_[a-z0-9]{60,}",
        r"|\bvercel_blob_rw_[A-Za-z0-9_]{30,}",
        // AI and ML services' keys by their prefixes, anywhere in a line: Voyage (`pa-`),
        // Fireworks (`fw_`), E2B, LlamaCloud, Firecrawl, Langfuse's secret keys, RunPod, Nomic,
        // Mixedbread, Modal's token ids and secrets (`ak-`, `as-`). The lengths keep words
        // (`pa-system`, `fw_version`, `as-is`) out, and a capital those with `-` in their
        // alphabet: names of pods and hosts are lower-case (`nk-prod-worker-7d9f8b6c5-x2k4p`).
        r"|\bpa-[a-z0-9_-]*[A-Z][A-Za-z0-9_-]{20,}",
        r"|\bfw_[A-Za-z0-9]{20,}\b",
        r"|\be2b_[a-f0-9]{40}\b",
        r"|\bllx-[A-Za-z0-9]{40,}",
        r"|\bfc-[a-f0-9]{32}\b",
        r"|\bsk-lf-[a-f0-9]{8}-[a-f0-9-]{27}\b",
        r"|\brpa_[A-Za-z0-9]{30,}",
        r"|\bnk-[a-z0-9_-]*[A-Z][A-Za-z0-9_-]{20,}",
        r"|\bmxb_[A-Za-z0-9]{30,}",
        r"|\ba[ks]-[A-Za-z0-9]{22}\b",
        // SonarQube's user, project and global analysis tokens (40 hex digits after the
        // prefix), JFrog's reference tokens (`reftkn:01:` in base64), Azure DevOps' and
        // Atlassian's newer API tokens, Grafana Cloud's access policy tokens, Cloudflare's
        // origin CA keys, Sumo Logic's installation tokens, Octopus Deploy's API keys.
        r"|\bsq[aup]_[a-f0-9]{40}\b",
        // Tencent Cloud's and Volcengine's access keys, Google Cloud Storage's HMAC ids, Discord's
        // MFA user tokens, Grafana's legacy API keys (`{"k":"...` in base64), Flutterwave's
        // secret keys, Twitter's app bearer tokens.
        r"|\bAKID[A-Za-z0-9]{32,36}\b",
        r"|\bAKLT[A-Za-z0-9_-]{40,}",
        r"|\bGOOG1[A-Z0-9]{40,}\b",
        r"|\bmfa\.[A-Za-z0-9_-]{60,}",
        r"|\beyJrIjoi[A-Za-z0-9+/=]{30,}",
        // Cloudflare Tunnel's connector token (`cloudflared tunnel token NAME` prints it):
        // `{"a": account, "t": tunnel, "s": secret}` in base64.
        r"|\beyJhIjoi[A-Za-z0-9+/=]{60,}",
        // Elasticsearch's enrollment tokens (`elasticsearch-create-enrollment-token` prints one
        // alone): `{"ver": ..., "adr": [...], "fgr": ..., "key": "id:secret"}` in base64.
        r"|\beyJ2ZXIiOiI[A-Za-z0-9+/=]{40,}",
        r"|\bFLWSECK(?:_TEST)?-[a-f0-9]{32}-X\b",
        r"|\bA{20,}[A-Za-z0-9%]{40,}",
        // AWS STS session tokens (`aws sts assume-role --output text`, `get-session-token`).
        r"|\b(?:FwoGZXIvYXdz|IQoJb3JpZ2luX2Vj|IQoDYXdz|AgoJb3JpZ2luX2Vj)[A-Za-z0-9+/=]{20,}",
        r"|\bcmVmdGtuOjAxOj[A-Za-z0-9+/=]{40,}",
        r"|\bglc_eyJ[A-Za-z0-9+/=_-]{40,}",
        r"|\bv1\.0-[a-f0-9]{24}-[a-f0-9]{146}\b",
        r"|\bSUMO[A-Za-z0-9]{50,}\b",
        r"|\bAPI-[A-Z0-9]{26,32}\b",
        // Wallets: Nostr secret keys, BIP32 extended private keys, Bitcoin WIF private keys.
        r"|\bnsec1[02-9ac-hj-np-z]{58}\b",
        r"|\b[xyzt]prv[1-9A-HJ-NP-Za-km-z]{100,112}\b",
        r"|\b5[HJK][1-9A-HJ-NP-Za-km-z]{49}\b",
        r"|\b[KL][1-9A-HJ-NP-Za-km-z]{51}\b",
        // DER private keys in base64 without their PEM lines (an environment variable, a
        // Kubernetes value): PKCS#8 (RSA, EC, Ed25519, X25519, encrypted), PKCS#1, SEC1.
        r"|\b(?:MII[A-Za-z0-9+/]{3}IBADAN|MII[A-Za-z0-9+/]{3}IBAAK|MII[A-Za-z0-9+/]{3}DBOBgkqhkiG9w0BBQ0|MIG[A-Za-z0-9+/]AgEAMBMGByqGSM49|MHcCAQEEI|MIGkAgEBBDA|MC4CAQAwBQYDK2V[uw]BCIEI)[A-Za-z0-9+/=]{16,}(?:(?:\\n|\r?\n)[A-Za-z0-9+/=]{4,})*",
        // An OpenSSH private key's body without its lines (`openssh-key-v1` in base64), with
        // the lines that follow it.
        r"|\bb3BlbnNzaC1rZXktdjE[A-Za-z0-9+/=]*(?:(?:\\n|\r?\n)[A-Za-z0-9+/=]{4,})*",
        // Key stores in base64 (a Kubernetes value, an environment variable): PKCS#12 in DER
        // and BER, Java's JKS and JCEKS.
        r"|\b(?:MII[A-Za-z0-9+/]{3}IBAzCC|MIACAQMwgA)[A-Za-z0-9+/=]{16,}",
        r"|/u3\+7QAAAA[A-Za-z0-9+/=]{16,}|\bzs7OzgAAAA[A-Za-z0-9+/=]{16,}",
        // Docker's registry logins in base64 (a `.dockerconfigjson` value, `config.json`
        // encoded compact, with tabs as Docker writes it, or indented).
        r"|\b(?:eyJhdXRocyI6|ewoJImF1dGhzIjog|ewogICJhdXRocyI6|ewogICAgImF1dGhzIjog)[A-Za-z0-9+/=]{8,}",
        // k3s' and RKE2's join tokens, `K10<CA hash>::<user>:<password>`, or a bootstrap
        // token after the `::` (`K10<CA hash>::abcdef.0123456789abcdef`).
        r"|\bK10[0-9a-f]{64}::[A-Za-z0-9_.-]+(?::[A-Za-z0-9_.-]+)?",
        // kubeadm's bootstrap tokens, `abcdef.0123456789abcdef` (see `bootstrap_token_lookalike`).
        r"|(?P<bootstrap>\b[a-z0-9]{6}\.[a-z0-9]{16}\b)",
    ))
    .ok()
});

/// `scheme://user:password@host`, the scheme in any spelling (`mongodb+srv`, `redis+sentinel`,
/// SQLAlchemy's `oracle+cx_oracle`), the user perhaps an address (`ftp://bob@example.com:PW@h`):
/// the password goes, the user and host stay. A password may
/// hold `/` (`pa/ss`) when no `@` follows it before the host; `host:8080/path/@x` is a port
/// (see [`redact_patterns`]).
static URL_PASSWORD: Pattern = LazyLock::new(|| {
    compile(
        r#"(?P<head>\b[A-Za-z][A-Za-z0-9+._-]*://[^\s/:@'"<>]*(?:@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})?):(?P<secret>[^\s/'"<>]*|[^\s@'"<>?#]*)@"#,
    )
});

/// SIP's URIs, which have no `//`: `sip:user:password@host` (RFC 3261 still reads the password
/// there, and softphones' and Asterisk's logs print it).
static SIP_PASSWORD: Pattern = LazyLock::new(|| {
    compile(r#"(?i)(?P<head>\bsips?:[A-Za-z0-9_.!~*'()%&=+$,;?/-]+:)(?P<secret>[^\s@'"<>:]+)@"#)
});

/// Query parameters that carry a signature or a key (Azure SAS `sig`, S3 presigned
/// `X-Amz-Signature`, OAuth 1's `oauth_signature`, Last.fm's `api_sig`, Google `key`, OAuth
/// `code`, OpenWeather's `appid`, Baidu's `ak`), or a login handed over in a redirect (CAS'
/// `ticket=ST-...`, SAML's `SAMLResponse`, WS-Federation's `wresult`, OAuth 1's
/// `oauth_verifier`, PKCE's `code_verifier`, the device flow's `device_code`, classic ASP's
/// session cookie `ASPSESSIONIDxxxxxxxx`): their names say nothing secret elsewhere.
static QUERY_SECRET: Pattern = LazyLock::new(|| {
    compile(
        r#"(?i)(?P<head>[?&;](?:sig|signature|x-amz-signature|x-goog-signature|[a-z0-9]+_(?:sig|signature)|(?P<short>key|code|appid|ak|samlresponse|wresult|oauth_verifier|code_verifier|device_code|aspsessionid[a-z]*|(?P<ticket>ticket)))=)(?P<secret>[^&#\s'"<>]+)"#,
    )
});

/// A Go (`go-sql-driver`) DSN: `user:password@tcp(host:port)/db`.
static GO_DSN: Pattern = LazyLock::new(|| {
    compile(r#"(?P<head>\b[A-Za-z0-9_.-]+:)(?P<secret>[^\s'"]*?)(?P<tail>@(?:tcp6?|udp|unix)\()"#)
});

/// A URI without its scheme, `user:password@host`, after an option that takes one
/// (`mysqlsh --uri bob:x@db`, `--dsn`, `--url`), as MySQL Shell's operand, or as a proxy's
/// setting (`https_proxy=bob:x@proxy:3128`, `proxy: bob:x@proxy`), which curl, pip and most
/// HTTP clients read without a scheme.
static SCHEMELESS_URI: Pattern = LazyLock::new(|| {
    compile(
        r#"(?P<head>(?:(?:--(?:uri|url|dsn|connection-string|connection|proxy|preproxy|socks5)|(?:^|\s)-x|\bmysqlsh(?:[ \t]+-[^\s]+)*)[= \t]+|(?i:\b[a-z_]*proxy)["']?[ \t]*[:=][ \t]*)['"]?[A-Za-z0-9_.%-]+:)(?P<secret>[^\s@'"/][^\s@'"]*)(?P<tail>@)"#,
    )
});

/// Impacket's targets, `[domain/]user:password@host`: with the domain anywhere
/// (`secretsdump.py corp/bob:x@dc1`), without it after an Impacket program
/// (`impacket-psexec bob:x@10.0.0.5`, `wmiexec.py -k bob:x@host`), quoted before the `@`
/// too (`secretsdump.py 'corp/bob:x'@dc1`, as a password with `$` or `!` is written). An
/// image's `name:tag@sha256:...` has a `:` after its `@`.
static DOMAIN_LOGIN: Pattern = LazyLock::new(|| {
    compile(concat!(
        r#"(?P<head>(?:^|[\s'"])[A-Za-z0-9_.-]+/[A-Za-z0-9_.$-]+:|(?:\bimpacket-[a-z0-9]+|\b[A-Za-z0-9]+\.py)[ \t]+(?:-[^\s]+(?:[ \t]+[^\s-][^\s]*)?[ \t]+)*['"]?[A-Za-z0-9_.$-]+:)"#,
        r#"(?P<secret>[^\s@'"/]+)(?P<tail>['"]?@[A-Za-z0-9][A-Za-z0-9.-]*(?:[\s'"]|$))"#,
    ))
});

/// Oracle connect strings outside a command line: `jdbc:oracle:thin:scott/tiger@db`,
/// `CONNECT scott/tiger@prod`.
static ORACLE_LOGIN: Pattern = LazyLock::new(|| {
    compile(
        r#"(?i)(?P<head>(?:\bjdbc:oracle:[a-z0-9]+:|\bconn(?:ect)?\s+)[A-Za-z0-9_$#]+/)(?P<secret>[^\s/@'"]+)"#,
    )
});

/// SQL that sets a password: `IDENTIFIED BY 'x'`, `IDENTIFIED WITH plugin BY 'x'`,
/// `WITH PASSWORD 'x'`, `ENCRYPTED PASSWORD 'x'`. Only quoted literals, so prose keeps its words.
static SQL_PASSWORD: Pattern = LazyLock::new(|| {
    compile(
        r#"(?i)(?P<head>\b(?:identified(?:\s+with\s+[A-Za-z0-9_]+)?\s+by(?:\s+password)?|password)\s+(?:=\s*)?N?|\bset\s+password(?:\s+for\s+\S+)?\s*=\s*(?:password\s*\(\s*)?)(?P<secret>'(?:[^'\\\n]|\\.|'')*'|"[^"\n]*")"#,
    )
});

/// Oracle's unquoted `ALTER USER scott IDENTIFIED BY tiger;`. (SQL Server's `WITH PASSWORD =
/// N'x'` is read above: `=` and a national string's `N` may stand before the literal.)
static SQL_BARE_PASSWORD: Pattern =
    LazyLock::new(|| compile(r"(?i)(?P<head>\bidentified\s+by\s+)(?P<secret>[A-Za-z0-9_$#]+)\b"));

/// strongSwan's `ipsec.secrets`: `: PSK "x"`, `%any gw : EAP "x"`, `bob : XAUTH x`.
static IPSEC_SECRET: Pattern = LazyLock::new(|| {
    compile(
        r#"(?P<head>(?:^|\s):\s*(?:PSK|EAP|XAUTH|NTLM|PIN)\s+)(?P<secret>"[^"\n]*"|'[^'\n]*'|[^\s"']+)"#,
    )
});

/// strongSwan's passphrase of a private key file: `: RSA server.key "x"` (also `ECDSA`, `P12`,
/// `PKCS8`, `BLISS`).
static IPSEC_KEY_PASSPHRASE: Pattern = LazyLock::new(|| {
    compile(
        r#"(?P<head>(?:^|\s):\s*(?:RSA|ECDSA|P12|PKCS8|BLISS|ED25519)\s+\S+\s+)(?P<secret>"[^"\n]*"|'[^'\n]*')"#,
    )
});

/// Postfix's `sasl_passwd`: `[smtp.example.com]:587 user@example.com:PASS`.
static SASL_PASSWD_LINE: Pattern = LazyLock::new(|| {
    compile(r"(?m)(?P<head>^\[[A-Za-z0-9.-]+\](?::[0-9]+)?[ \t]+[^\s:]+:)(?P<secret>\S+)[ \t]*$")
});

/// Headers set by configuration directives, name and value separated by blanks: nginx
/// `proxy_set_header Authorization "Basic x";`, Apache `RequestHeader set X-Api-Key x`.
static DIRECTIVE_HEADER: Pattern = LazyLock::new(|| {
    compile(
        r#"(?i)(?P<head>\b(?:proxy_set_header|grpc_set_header|add_header|more_set_headers|(?:request)?header\s+(?:set|append|add|merge))\s+["']?(?P<name>[A-Za-z0-9_-]+)["']?\s+)(?P<value>"[^"\n]*"|'[^'\n]*'|[^\s;'"]+)"#,
    )
});

/// XML elements named like secrets: `<password>x</password>`, `<Pass encoding="base64">x</Pass>`.
static XML_ELEMENT: Pattern = LazyLock::new(|| {
    compile(
        r#"<(?P<name>[A-Za-z_][A-Za-z0-9_.:-]*)(?P<attrs>\s[^<>]*)?>(?P<secret>[^<>\n]+|<!\[CDATA\[[^\n]*?\]\]>)</(?P<close>[A-Za-z_][A-Za-z0-9_.:-]*)>"#,
    )
});

/// XML tags with a `value` attribute, named by their tag (`<Password value="x"/>`) or by a
/// `key`/`name` attribute (`<add key="ClearTextPassword" value="x"/>`).
static XML_VALUE: Pattern = LazyLock::new(|| {
    compile(
        r#"<(?P<tag>[A-Za-z_][A-Za-z0-9_.:-]*)(?P<before>[^<>]*?)\b(?P<attr>(?i:value))\s*=\s*(?P<secret>"[^"\n]*"|'[^'\n]*')"#,
    )
});

static XML_NAME_ATTRIBUTE: Pattern =
    LazyLock::new(|| compile(r#"(?i)\b(?:key|name)\s*=\s*["']([^"']*)["']"#));

/// A base64-encoded PEM block (`tls.key: LS0tLS1CRUdJTi...`): decoded to tell a private key
/// from a certificate.
static BASE64_PEM: Pattern = LazyLock::new(|| compile(r"\bLS0tLS1CRUdJTi[A-Za-z0-9+/]{16,}={0,2}"));

/// The private members of a JSON Web Key (read only in text that holds a `"kty"`) and of .NET's
/// `RSAParameters` as JSON (GitHub's runner's `.credentials_rsaparams`: `"d"`, `"dp"`,
/// `"inverseQ"`, read only in text that holds an `"inverseQ"`).
static JWK_PRIVATE: Pattern = LazyLock::new(|| {
    compile(r#"(?P<head>"(?i:d|p|q|dp|dq|qi|k|inverseq)"\s*:\s*")(?P<secret>[A-Za-z0-9_=+/-]+)"#)
});

/// `https://TOKEN@host`: a user part alone, judged by [`url_user_is_credential`] (git over
/// HTTPS takes a token as the user: `https://ghp_x@github.com`, `https://TOKEN@host`).
static URL_TOKEN: Pattern = LazyLock::new(|| {
    compile(r"(?P<head>\b[A-Za-z][A-Za-z0-9+.-]*://)(?P<secret>[A-Za-z0-9_.~%+-]+)@")
});

/// A password stated in a sentence (`the wifi password is Summer2024!`, `le mot de passe est
/// X`, `Passwort ist X`), also for whom (`The initial password for admin is X`, `the password
/// of bob is X`, `Generated random password for user 'elastic': X`) and as it was set (`admin password reset to X`,
/// `password changed to X`): the word after is hidden unless it is a lowercase word a sentence
/// writes there (`password is required`, `password is too short`, `sentences.rs`). An API key,
/// a token or a secret key stated so is one too (`the api key is tulipgardenkey`, `your token
/// is abcdefgh`). The name may be quoted in backticks, as Markdown prose writes it (``the
/// `password` for admin is X``).
static PROSE_PASSWORD: Pattern = LazyLock::new(|| {
    compile(
        r#"(?i)(?P<head>\b(?:password|passwd|passphrase|passcode|pin|api[ _-]?key|(?:api|access|auth)[ _-]?token|token|secret[ _-]?key|mot de passe|passwort|contraseña|senha)`?(?:[ \t]+(?:for|of)[ \t]+(?:the[ \t]+)?(?:user[ \t]+)?[\['"]?[A-Za-z0-9_.@-]+[\]'"]?(?:[ \t]+user)?(?:[ \t]+is|[ \t]+was|:)|\s+(?:is|was|est|ist|es|é|(?:set|reset|changed|updated)[ \t]+to))\s*:?\s+)(?P<secret>[^\s'"]+)"#,
    )
});

/// A password named in the middle of a line and written after its name with a blank
/// (`authentication failed for bob with password hunter2`, `connect host=db user=bob passwd
/// Summer2024`): the word after goes when it has a password's shape (letters with digits or
/// signs), so `Failed password for bob`, `password reset sent` and `password 3 times` stay.
/// A log's brackets around the word (`with password [hunter2]`) stay.
static MIDLINE_PASSWORD: Pattern = LazyLock::new(|| {
    compile(
        r#"(?i)(?P<head>[^\s-][ 	]+(?:password|passwd|passphrase|pwd)[ 	]+\[?)(?P<secret>[^\s'"=:,;()\[\]<>{}$/\|`-][^\s'",;()]*)"#,
    )
});

/// Whether `word`, after `password` in the middle of a line, is a password of letters given
/// with it (`login failed for bob with password tulipgarden`, `auth using password garden`,
/// `wrong password tulipgarden for bob`, `user bob password tulipgarden`): `with`, `using`,
/// `via` or a verdict (`wrong`, `invalid`) before `password`, or a login's name after `user`,
/// and a word that is no sentence's (`with password authentication`, `using password auth`,
/// `with password protection`, `invalid password attempts` stay).
fn given_word(text: &str, c: &regex::Captures<'_>, word: &str) -> bool {
    let before = c.get(0).map_or("", |m| {
        let first = text[m.start()..].chars().next().map_or(0, char::len_utf8);
        &text[..m.start() + first]
    });
    let mut words = before.split_whitespace().rev().map(str::to_ascii_lowercase);
    let (last, second) = (
        words.next().unwrap_or_default(),
        words.next().unwrap_or_default(),
    );
    // `with password X`, `wrong password X`; `user bob password X` (a login, then its
    // password).
    let preposition = matches!(
        last.as_str(),
        "with" | "using" | "via" | "wrong" | "bad" | "invalid" | "incorrect"
    ) || matches!(second.as_str(), "user" | "login" | "username" | "account");
    preposition
        && word.len() >= 4
        && word.chars().all(|ch| ch.is_alphabetic())
        && !crate::sentences::sentence_word(word)
        && !PASSWORD_NOUNS.contains(&word.to_lowercase().as_str())
}

/// Nouns prose puts after `with password` or `using password`.
pub(crate) const PASSWORD_NOUNS: &[&str] = &[
    "auth",
    "authentication",
    "login",
    "logins",
    "protection",
    "prompt",
    "reset",
    "change",
    "policy",
    "policies",
    "hash",
    "hashes",
    "file",
    "files",
    "field",
    "length",
    "complexity",
    "rotation",
    "history",
    "manager",
    "store",
    "vault",
    "only",
    "access",
    "credentials",
    "method",
    "mode",
    "support",
    "expiry",
    "expiration",
    "aging",
    "entry",
    "type",
    "fallback",
    "sync",
    "mismatch",
    "attempts",
    "attempt",
    "rules",
    "requirements",
    "strength",
    // Verbs a sentence puts after `password` (`account bob password expires in 7 days`).
    "expires",
    "expire",
    "fails",
    "changes",
    "matches",
    "needs",
    "requires",
    "contains",
    "differs",
    "mismatches",
];

/// A login written `user:password@host` without a scheme (`Connecting to
/// bob:hunter2@db.example.com:5432`, `proxy bob:x@10.0.0.1:3128`): the password goes, the
/// user and the host stay. The host is a dotted name, an IPv4 address, `localhost` or a name
/// with its port, so `10:30@office` and `image:tag@sha256:...` stay.
static BARE_USERINFO: Pattern = LazyLock::new(|| {
    compile(
        r#"(?P<head>\b(?P<user>[A-Za-z][A-Za-z0-9._+-]*):)(?P<secret>[^\s:/'"\[\]<>]+)(?P<tail>@(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}|[0-9]{1,3}(?:\.[0-9]{1,3}){3}|localhost|[A-Za-z][A-Za-z0-9-]*:[0-9]{1,5})\b)"#,
    )
});

/// memcached's reply to `get`: `VALUE <key> <flags> <bytes>` then the value on the next line.
static MEMCACHED_VALUE: Pattern = LazyLock::new(|| {
    compile(
        r"(?m)(?P<head>^VALUE[ \t]+(?P<key>[^\s]+)[ \t]+[0-9]+[ \t]+[0-9]+(?:[ \t]+[0-9]+)?\r?\n)(?P<secret>[^\r\n]+)",
    )
});

/// A token stated in a sentence (`Your access token is X`, `the API key was X`, `Your new
/// token is: X`): the word after goes when it has a generated token's shape (letters and
/// digits, 16 characters or more, not words joined by `_`), so `the token is valid`, `the API
/// key is 3 days old` and a key that is not a credential (`the sort key is created_at_2024`)
/// stay.
static PROSE_TOKEN: Pattern = LazyLock::new(|| {
    compile(
        r#"(?i)(?P<head>\b(?:(?:access|api|auth|bearer|refresh|session|bot|personal access|secret|private|license)[ _-]?(?:token|key|secret)|token|secret)\s+(?:is|was)\s*:?\s+)(?P<secret>[A-Za-z0-9_.+/=-]{16,})"#,
    )
});

/// PowerShell's `ConvertTo-SecureString "PASS" -AsPlainText -Force` (also `-String PASS`): the
/// plain text handed over is the password (a `$variable` names one).
static SECURE_STRING: Pattern = LazyLock::new(|| {
    compile(
        r#"(?i)(?P<head>\bConvertTo-SecureString(?:[ \t]+-(?:AsPlainText|Force))*[ \t]+(?:-String[ \t]+)?)(?P<secret>"[^"\n]*"|'[^'\n]*'|[^\s$("'][^\s)]*)"#,
    )
});

/// A 40-character AWS secret access key after a label naming it in any spelling
/// (`SecretAccessKey`, `secret-access-key VALUE`, `AWS Secret Access Key [None]: VALUE` as
/// `aws configure` echoes it, a table's `secret_key  VALUE`): the value goes wherever on the
/// line it follows the label.
static AWS_SECRET_LABELLED: Pattern = LazyLock::new(|| {
    compile(
        r"(?i)(?P<head>secret[ _.-]?(?:access[ _.-]?)?key[^\n]{0,60}?[^A-Za-z0-9/+\n])(?P<secret>(?-i:[A-Za-z0-9/+]{40}))(?P<tail>[^A-Za-z0-9/+=]|\z)",
    )
});

/// An AWS access key id, which marks its line as holding the secret key beside it.
static AWS_KEY_ID: Pattern = LazyLock::new(|| {
    compile(r"\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|APKA)[A-Z0-9]{16}\b")
});

/// A word of 40 characters of an AWS secret access key's alphabet.
static AWS_SECRET_WORD: Pattern = LazyLock::new(|| {
    compile(r"(?:^|[^A-Za-z0-9/+])(?P<secret>[A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$)")
});

/// pgbouncer's `userlist.txt`: `"user" "password"` (a plain password, as well as the `md5` and
/// SCRAM forms the hash pass hides), a line of exactly two quoted words.
static PGBOUNCER_USER: Pattern = LazyLock::new(|| {
    compile(r#"(?m)(?P<head>^[ \t]*"[^"\s]+"[ \t]+)(?P<secret>"[^"\n]+")(?P<tail>[ \t]*\r?)$"#)
});

/// Credential-bearing headers: the scheme (`Bearer`, `Basic`) stays, the credential goes.
static AUTH_HEADER: Pattern = LazyLock::new(|| {
    compile(concat!(
        r#"(?i)(?P<head>\b(?:proxy-)?authorization|\bx-api-key|\bapi-key|\bx-auth-token|\bx-access-token"#,
        r#"|\bprivate-token|\bjob-token|\bx-vault-token|\bx-consul-token|\bx-nomad-token"#,
        r#"|\bx-amz-security-token|\bx-goog-api-key|\bx-shopify-access-token|\bx-honeycomb-team"#,
        r#"|\bx-sentry-auth|\bocp-apim-subscription-key|\bx-functions-key|\bx-figma-token)"#,
        r#"(?P<sep>["']?[ \t]*[:=][ \t]*(?:[bBrRuUfF]{0,2}["'])?(?:(?:bearer|basic|token|digest|negotiate|bot|apikey|sso-key|ssws|dpop|aws4-hmac-sha256|gitlab-token|sentry)\\?[ \t]+)?)"#,
        r#"(?P<secret>[^\s'",;\\]+)"#,
    ))
});

/// `Authorization: SCHEME CREDENTIALS` of any scheme (`NTLM`, `Splunk`, `Key`, `OAuth`,
/// `SSWS`...), and auth-parameter lists of any scheme (`Digest username="bob", response="x"`,
/// `Token token="x"`, `AWS4-HMAC-SHA256 Credential=x, Signature=y`): the scheme stays, the
/// credentials go. An unknown scheme's credential must look like one (a digit, a symbol, or 16
/// characters), so `Authorization: required for this endpoint` stays a sentence.
static AUTH_SCHEME: Pattern = LazyLock::new(|| {
    compile(concat!(
        r#"(?i)(?P<head>\b(?:proxy-)?authorization["']?[ \t]*[:=][ \t]*["']?"#,
        r#"(?P<scheme>[A-Za-z][A-Za-z0-9_.-]*)[ \t]+)"#,
        r#"(?P<secret>[A-Za-z0-9_-]+=(?:"[^"\n]*"|[^\s,"]*)(?:[ \t]*,[ \t]*[A-Za-z0-9_-]+=(?:"[^"\n]*"|[^\s,"]*))*"#,
        r#"|[^\s'",;\\]+)"#,
    ))
});

/// A `user:password` pair encoded for HTTP's Basic scheme (`echo -n 'bob:PASS' | base64`,
/// `printf '%s' bob:PASS | base64`, also inside `$(...)`): the password goes, the user stays.
static ENCODED_PAIR: Pattern = LazyLock::new(|| {
    compile(concat!(
        r#"(?P<head>\b(?:echo|printf)(?:[ \t]+(?:-[neE]+|'%s'|"%s"))*[ \t]+['"]?[^\s:'"|()$]+:)"#,
        r#"(?P<secret>[^\s'"|()$][^\s'"|()]*)(?P<tail>['"]?[ \t]*\|[ \t]*(?:base64|openssl[ \t]+(?:base64|enc[ \t]+-base64)))"#,
    ))
});

/// A literal password hashed or encoded by a template filter (`{{ 'PASS' |
/// password_hash('sha512') }}`, `{{ "PASS" | b64encode }}`): the literal goes.
static HASHED_LITERAL: Pattern = LazyLock::new(|| {
    compile(concat!(
        r#"(?P<head>\{\{-?\s*)(?P<secret>'[^'\n]*'|"[^"\n]*")"#,
        r#"(?P<tail>\s*\|\s*(?:password_hash|hash|b64encode|vault|encrypt|htpasswd|mkpasswd)\b)"#,
    ))
});

/// A credential echoed into a header by a substitution (`Bearer $(echo TOKEN)`, `Basic
/// $(printf 'X')`): the echoed word goes.
static ECHOED_CREDENTIAL: Pattern = LazyLock::new(|| {
    compile(concat!(
        r#"(?i)(?P<head>\b(?:bearer|basic|token)[ \t]+\$\((?:echo|printf)(?:[ \t]+(?:-[neE]+|'%s'|"%s"))*[ \t]+)"#,
        r#"(?P<secret>'[^'\n$]*'|"[^"\n$]*"|[^\s'"|()$]+)"#,
    ))
});

static COOKIE_HEADER: Pattern =
    LazyLock::new(|| compile(r#"(?i)(?P<head>\b(?:set-)?cookie\s*:\s*)(?P<secret>[^\r\n'"\\]+)"#));

static BEARER: Pattern =
    LazyLock::new(|| compile(r"(?i)(?P<head>\bbearer[ \t]+)(?P<secret>[A-Za-z0-9._~+/=-]{8,})"));

/// `.netrc`: `password VALUE` after `login NAME` (an `account NAME` may stand between) or at
/// the start of a line (a `machine` entry spread over lines), separated by blanks rather than
/// `=` or `:`.
static NETRC_PASSWORD: Pattern = LazyLock::new(|| {
    compile(
        r"(?m)(?P<head>(?:^[ \t]*|\blogin[ \t]+\S+[ \t]+(?:account[ \t]+\S+[ \t]+)?)(?:password|passwd)[ \t]+)(?P<secret>[^\s=:]\S*)",
    )
});

/// Whether a `password WORD` at a line's start is a sentence (`password reset link sent`,
/// `password change failed for bob`): a lowercase word of letters followed on its line by
/// words that are not `.netrc` keywords. A `.netrc` line holds the password alone or before
/// `machine`, `login`, `account`, `macdef` or `default`.
fn netrc_prose(text: &str, c: &Captures) -> bool {
    let (Some(head), Some(secret)) = (c.name("head"), c.name("secret")) else {
        return false;
    };
    let word = secret.as_str();
    if head.as_str().contains("login") || !word.chars().all(|ch| ch.is_ascii_lowercase()) {
        return false;
    }
    let rest = text[secret.end()..].split('\n').next().unwrap_or("");
    rest.split_whitespace().next().is_some_and(|next| {
        next.chars().all(|ch| ch.is_ascii_alphabetic())
            && !matches!(next, "machine" | "login" | "account" | "macdef" | "default")
    })
}

/// `login with password X`, `login using password X`: a sentence, not `.netrc`'s `login NAME
/// password X` (a password shaped as one is still taken by the mid-line pass).
fn netrc_login_is_prose(c: &Captures) -> bool {
    let Some(head) = c.name("head") else {
        return false;
    };
    let mut words = head.as_str().split_whitespace();
    words.by_ref().find(|w| *w == "login");
    words.next().is_some_and(prose_determiner)
}

/// `passwd bob` at a line's start: the command changing a login's password, its operand a
/// login's name (lower case, digits, `_`, `.`, `-`), not `.netrc`'s `passwd` (which follows a
/// `login NAME`) before a password.
fn passwd_command(c: &Captures) -> bool {
    let (Some(head), Some(secret)) = (c.name("head"), c.name("secret")) else {
        return false;
    };
    head.as_str().trim_start().starts_with("passwd")
        && secret.as_str().chars().all(|ch| {
            ch.is_ascii_lowercase() || ch.is_ascii_digit() || matches!(ch, '_' | '.' | '-')
        })
}

/// A `.pgpass` line, `host:port:database:user:password` (possibly after a file name and a line
/// number, as `grep -rn` prints it): the last field goes. The database and user fields must
/// hold a letter or be `*`, so MAC addresses and times keep their digits. The fields start the
/// line, follow a space, or follow the file name at the line's start, and the password ends
/// the line without a bare `:` (`.pgpass` escapes one as `\:`): in a longer run of fields
/// (`openssl x509 -text`'s modulus lines, `00:da:0e:…:bc:de:`) no five fields end it.
static PGPASS_LINE: Pattern = LazyLock::new(|| {
    compile(concat!(
        r"(?m)(?P<head>(?:^|\s|^[^\s:]+:(?:[0-9]+:)?)[A-Za-z0-9.*_-]+:(?:[0-9]{1,5}|\*)",
        r":(?:\*|[^:\s]*[A-Za-z_][^:\s]*):(?:\*|[^:\s]*[A-Za-z_][^:\s]*):)",
        r"(?P<secret>(?:[^\s:\\]|\\.)+)$",
    ))
});

/// PHP constants: `define('DB_PASSWORD', 'value')` where the constant's name is a secret's.
static PHP_DEFINE: Pattern = LazyLock::new(|| {
    compile(
        r#"(?P<head>\bdefine\s*\(\s*['"](?P<name>[A-Za-z0-9_]+)['"]\s*,\s*)(?P<value>'[^'\n]*'|"[^"\n]*")"#,
    )
});

/// Go's declaration with a type between the name and its literal: `var apiKey string = "x"`,
/// `const Password string = `x``.
static TYPED_DECLARATION: Pattern = LazyLock::new(|| {
    compile(
        r#"(?P<head>\b(?:var|const)[ \t]+(?P<name>[A-Za-z_][A-Za-z0-9_]*)[ \t]+\*?[A-Za-z_][A-Za-z0-9_.\[\]]*[ \t]*=[ \t]*)(?P<value>"(?:[^"\\\n]|\\.)*"|`[^`\n]*`|'[^'\n]*')"#,
    )
});

/// A name followed by its separator; the value is read after it (see [`VALUE`]), so a name
/// that is not a secret's never swallows the text behind it.
static NAME_AND_SEPARATOR: Pattern = LazyLock::new(|| {
    compile(concat!(
        r#"(?P<name>"[A-Za-z_-][A-Za-z0-9_. -]{0,40}"|'[A-Za-z_-][A-Za-z0-9_. -]{0,40}'"#,
        r#"|\\"[A-Za-z_-][A-Za-z0-9_.-]*\\"|-{1,2}[A-Za-z][A-Za-z0-9_.-]*|\b[A-Za-z_][A-Za-z0-9_.-]*)"#,
        // A subscript's closing bracket (`$db['default']['password'] = 'x'`,
        // `ENV['DB_PASSWORD'] = 'x'`, `os.environ["API_KEY"] = "x"`).
        // Make's `?=` too (`PASSWORD ?= x`).
        // R's `<-` too (`password <- "x"`).
        // Compound assignments that set a default (`password ||= "x"`, `??=`, `&&=`).
        r#"\]?(?P<sep>[ \t]*(?:=>|:=|\?=|<-|\|\|=|\?\?=|&&=|=|:)[ \t]*)"#,
    ))
});

/// A value: quoted (also with JSON-escaped quotes) or a bare word.
static VALUE: Pattern = LazyLock::new(|| {
    compile(concat!(
        // TOML's triple-quoted strings first (`password = """x"""`), so `""` is not read as
        // an empty value.
        r#"\A(?:"""[^\n]*?"""|'''[^\n]*?'''"#,
        // A literal's prefix stays with its quotes (`b"x"`, `r'x'`, `u"x"`, `f"x"`, `rb"x"`).
        r#"|\$\{[A-Za-z_][A-Za-z0-9_]*\}|\\"(?:[^"\\]|\\[^"])*\\"|[bBrRuUfF]{0,2}"(?:[^"\\\n]|\\.)*"|[bBrRuUfF]{0,2}'(?:[^'\n]|'')*'"#,
        r#"|[^\s"'&;,<>)\]}\\]+)"#,
    ))
});

/// A shell reference (`$PASSWORD`, `${TOKEN}`): the name of a secret, not the secret.
static REFERENCE: Pattern = LazyLock::new(|| {
    compile(concat!(
        r"\A\$(?:\{[A-Za-z_][A-Za-z0-9_]*\}|[A-Za-z_][A-Za-z0-9_]*",
        // Grafana's providers (`$__file{/run/secrets/pw}`, `$__env{PW}`, `$__vault{...}`),
        // their brace perhaps left to the value's end.
        r"|__(?:file|env|vault)\{[^}\s]*\}?)\z",
    ))
});

/// Authentication schemes: a value that is one of these is followed by the credential, which
/// the header passes handle.
const SCHEMES: &[&str] = &[
    "bearer",
    "basic",
    "token",
    "digest",
    "negotiate",
    "bot",
    "apikey",
    "sentry",
];

/// Words that are never secrets although they stand where one could.
const NOT_SECRETS: &[&str] = &[
    "true",
    "false",
    "null",
    "none",
    "nil",
    "yes",
    "no",
    "on",
    "off",
    "~",
    "***",
    "\"\"",
    "''",
    "enabled",
    "disabled",
    "required",
    "optional",
    "n/a",
    "<none>",
    "<sensitive>",
    "<unset>",
    "(sensitive)",
    // A type where a value could be (`password: string;` in TypeScript, `token: str` in
    // Python, Terraform's `{"password": "string"}` in an output's type, Swagger's example
    // `"password": "string"`).
    "string",
    "str",
    "number",
    "bool",
    "boolean",
];

/// Replaces every match of `pattern`; `replace` builds the replacement. A missing pattern hides
/// everything (fail closed).
fn each<'t>(
    pattern: &Pattern,
    text: &'t str,
    replace: impl Fn(&Captures) -> String,
) -> Cow<'t, str> {
    match pattern.as_ref() {
        Some(regex) => regex.replace_all(text, |c: &Captures| replace(c)),
        None => Cow::Owned(REDACTED.to_owned()),
    }
}

/// How a private key block's lines are broken, to write its replacement alike: the break after
/// its header (`\n`, `\r\n`, or their escapes inside a quoted string, which stays one string)
/// and the indentation of its lines (a YAML block scalar's `key: |` holds them indented, and
/// its value ends at the first line indented less).
fn key_line_break<'b>(whole: &str, body: &'b str) -> (&'static str, &'b str) {
    let newline = if body.starts_with("\r\n") {
        "\r\n"
    } else if body.starts_with('\n') {
        "\n"
    } else if body.starts_with("\\\\n") {
        "\\\\n"
    } else if body.starts_with("\\r\\n") {
        "\\r\\n"
    } else if body.starts_with("\\n") || (!whole.contains('\n') && whole.contains("\\n")) {
        "\\n"
    } else {
        "\n"
    };
    let indent = match body.strip_prefix(newline) {
        Some(after) if newline.starts_with(['\r', '\n']) => {
            &after[..after.len() - after.trim_start_matches([' ', '\t']).len()]
        }
        _ => "",
    };
    (newline, indent)
}

/// Whether a `abcdef.0123456789abcdef` match at `start..end` of `text` is not a kubeadm
/// bootstrap token: a label of a longer dotted name (`x.abcdef.y`), or a secret half without
/// both letters and digits (a word, a number).
fn bootstrap_token_lookalike(text: &str, start: usize, end: usize) -> bool {
    let dotted = text[..start].ends_with('.') || text[end..].starts_with('.');
    let secret = text[start..end].split_once('.').map_or("", |(_, s)| s);
    dotted
        || !secret.chars().any(|ch| ch.is_ascii_digit())
        || !secret.chars().any(|ch| ch.is_ascii_lowercase())
}

/// Whether a credential found at `secret` in `text` is a placeholder (`Bearer <TOKEN>`,
/// `Authorization: Bearer <your token here>`, `Bearer YOUR_TOKEN`): see `placeholders.rs`.
fn placeholder_at(text: &str, secret: Option<regex::Match<'_>>) -> bool {
    secret.is_some_and(|m| {
        crate::placeholders::stands_in(m.as_str())
            || crate::placeholders::angle_bracketed_len(&text[m.start()..]).is_some()
    })
}

/// `head` kept, `secret` replaced: the shape of most passes.
fn keep_head(c: &Captures) -> String {
    let head = c.name("head").map_or("", |m| m.as_str());
    let sep = c.name("sep").map_or("", |m| m.as_str());
    let secret = c.name("secret").map_or("", |m| m.as_str());
    // `passphrase: (none)`: a placeholder in parentheses, not a value.
    if secret.is_empty()
        || secret.starts_with(REDACTED)
        || hidden_already(secret)
        || crate::placeholders::parenthesised(secret)
    {
        return c.get(0).map_or(String::new(), |m| m.as_str().to_owned());
    }
    format!("{head}{sep}{REDACTED}")
}

/// Whether `value` is a secret an earlier pass hid, in the brackets, quotes or parentheses
/// that held it (`[[redacted]]` in Go's `map[Cookie:[[redacted]]]`, `"[redacted]"`), perhaps
/// after its scheme (`[Bearer [redacted]]`): replacing it again would take those brackets
/// with it and leave the text around it unbalanced.
pub(crate) fn hidden_already(value: &str) -> bool {
    if !value.contains(REDACTED) {
        return false;
    }
    let mut rest = value.replace(REDACTED, " ");
    rest.retain(|c| {
        !matches!(
            c,
            '[' | ']' | '(' | ')' | '{' | '}' | '"' | '\'' | ',' | ';'
        )
    });
    rest.split_whitespace()
        .all(|word| SCHEMES.contains(&word.to_ascii_lowercase().as_str()))
}

/// The name of the XML element open at `at` in `text` (`apikeys` for an `<add .../>` inside
/// `<apikeys>`), read back over at most a few kilobytes; elements closed before `at` are
/// skipped.
fn enclosing_xml_element(text: &str, at: usize) -> Option<&str> {
    let mut start = at.saturating_sub(4096);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    let before = &text[start..at];
    let mut closed: Vec<&str> = Vec::new();
    for (open, _) in before.rmatch_indices('<') {
        let tag = &before[open + 1..];
        let Some(end) = tag.find('>') else {
            continue;
        };
        let (tag, self_closed) = (&tag[..end], tag[..end].ends_with('/'));
        if tag.starts_with(['?', '!']) || self_closed {
            continue;
        }
        let name_of = |t: &'_ str| -> usize {
            t.find(|c: char| c.is_whitespace() || c == '/')
                .unwrap_or(t.len())
        };
        if let Some(closing) = tag.strip_prefix('/') {
            closed.push(&closing[..name_of(closing)]);
            continue;
        }
        let name = &tag[..name_of(tag)];
        if closed.last() == Some(&name) {
            closed.pop();
        } else {
            return Some(name);
        }
    }
    None
}

/// Where the list that `after_open` continues closes: the offset of its `]`, brackets inside
/// it counted (`[redacted]]` closes at its second).
fn closing_bracket(after_open: &str) -> Option<usize> {
    let mut depth = 1usize;
    for (at, ch) in after_open.char_indices() {
        match ch {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(at);
                }
            }
            _ => {}
        }
    }
    None
}

/// Runs the pattern passes over `text`.
pub(crate) fn redact_patterns(text: &str) -> String {
    let text = each(&PRIVATE_KEY_BLOCK, text, |c| {
        let label = c.get(1).map_or("PRIVATE KEY", |m| m.as_str());
        let label = label.split_whitespace().collect::<Vec<_>>().join(" ");
        let whole = c.get(0).map_or("", |m| m.as_str());
        let body = c
            .get(1)
            .map_or(whole, |m| {
                &whole[(m.end() - c.get(0).map_or(0, |w| w.start()))..]
            })
            .trim_start_matches('-');
        let (newline, indent) = key_line_break(whole, body);
        format!(
            "-----BEGIN {label}-----{newline}{indent}{REDACTED}{newline}{indent}-----END {label}-----"
        )
    });
    let text = if text.contains("rtmp") || text.contains("RTMP") {
        Cow::Owned(crate::streamkeys::redact_stream_keys(&text))
    } else {
        text
    };
    // Blocks whose armour a table's borders, a wrapped line or URL encoding cut.
    let text = if text.contains("BEGIN") {
        Cow::Owned(crate::armour::redact_cut_key_blocks(&text))
    } else {
        text
    };
    // Argument vectors first, read as command lines before their items are judged alone.
    let text = if text.contains('[') || text.contains("\n") {
        Cow::Owned(crate::argv::redact_argument_vectors(&text))
    } else {
        text
    };
    let text = each(&SSH2_PRIVATE_KEY, &text, |c| {
        let label = c.name("label").map_or("PRIVATE KEY", |m| m.as_str());
        format!("---- BEGIN SSH2 {label} ----\n{REDACTED}\n---- END SSH2 {label} ----")
    });
    let text = if text.contains(":\n") {
        Cow::Owned(crate::dumps::redact_key_dumps(&text))
    } else {
        text
    };
    let text = if text.contains("BORG_KEY ") {
        Cow::Owned(
            each(&BORG_KEY, &text, |c| {
                let head = c.name("head").map_or("", |m| m.as_str());
                let ends_line = c.name("secret").is_some_and(|m| m.as_str().ends_with('\n'));
                format!("{head}{REDACTED}{}", if ends_line { "\n" } else { "" })
            })
            .into_owned(),
        )
    } else {
        text
    };
    let text = if text.contains(" Value:") {
        Cow::Owned(
            each(&GO_ENTRY, &text, |c| {
                let whole = c.get(0).map_or("", |m| m.as_str());
                let name = c.name("name").map_or("", |m| m.as_str());
                let secret = c.name("secret").map_or("", |m| m.as_str());
                if is_secret_name(name) && !keeps_value(name, secret) {
                    format!("{}{REDACTED}", c.name("head").map_or("", |m| m.as_str()))
                } else {
                    whole.to_owned()
                }
            })
            .into_owned(),
        )
    } else {
        text
    };
    let text = if crate::hexkeys::may_hold_hex_key(&text) {
        Cow::Owned(crate::hexkeys::redact_hex_keys(&text))
    } else {
        text
    };
    let text = if text.contains("SWMTKN-") {
        each(&SWARM_TOKEN, &text, |_| REDACTED.to_owned())
    } else {
        text
    };
    let text = each(&SIGNIFY_SECRET_KEY, &text, keep_head);
    let text = if text.contains("<RSAKeyValue") {
        Cow::Owned(
            each(&XML_RSA_PRIVATE, &text, |c| {
                let name = c.name("name").map_or("", |m| m.as_str());
                let close = c.name("close").map_or("", |m| m.as_str());
                if name == close {
                    format!("<{name}>{REDACTED}</{close}>")
                } else {
                    c.get(0).map_or(String::new(), |m| m.as_str().to_owned())
                }
            })
            .into_owned(),
        )
    } else {
        text
    };
    let text = each(&PUTTY_PRIVATE_LINES, &text, |c| {
        format!("{}{REDACTED}\n", c.get(1).map_or("", |m| m.as_str()))
    });
    let text = each(&AGE_KEY, &text, |_| REDACTED.to_owned());
    let text = each(&PASSWORD_HASH, &text, |c| {
        // `$1$2$3$4$5$6$7$8` (shell positional parameters) has no run of letters and digits.
        let whole = c.get(0).map_or("", |m| m.as_str());
        let longest_run = whole
            .split(|ch: char| !ch.is_ascii_alphanumeric())
            .map(str::len)
            .max()
            .unwrap_or(0);
        // `{PLAIN}abc`: a password in clear after its scheme, however short.
        let scheme_marked = whole.starts_with("{PLAIN")
            || whole.starts_with("{CLEAR")
            || whole.starts_with("{CRYPT}$");
        // `admin:$apr1$...,bob:$apr1$...` (Traefik's list of users): a comma, then a word
        // without `$` or `=`, is the next user, not the hash's (argon2's `m=65536,t=3,p=4`).
        let next_user = whole
            .rfind(',')
            .filter(|&at| !whole[at..].contains(['$', '=']))
            .map_or("", |at| &whole[at..]);
        if longest_run >= 8 || scheme_marked {
            format!("{REDACTED}{next_user}")
        } else {
            whole.to_owned()
        }
    });
    let text = if ["INSERT", "insert", "COPY", "copy"]
        .iter()
        .any(|word| text.contains(word))
    {
        Cow::Owned(crate::inserts::redact_inserts(&text))
    } else {
        text
    };
    let text = crate::lines::redact_credential_lines(&text);
    let text = if text.contains("chpasswd:") {
        crate::chpasswd::redact_chpasswd_lists(&text)
    } else {
        text
    };
    let text = if text.contains('\n') {
        crate::delimited::redact_delimited_columns(&crate::tables::redact_secret_columns(&text))
    } else {
        text
    };
    let text = if text.contains(['|', '│', '┃', '║']) {
        crate::pairrows::redact_pair_rows(&text)
    } else {
        text
    };
    let text = crate::devices::redact_device_config(&text);
    let text = crate::xfrm::redact_xfrm_keys(&text);
    let text = each(&PGBOUNCER_USER, &text, keep_quoted);
    let text = each(&AWS_SECRET_LABELLED, &text, |c| {
        let head = c.name("head").map_or("", |m| m.as_str());
        let tail = c.name("tail").map_or("", |m| m.as_str());
        let secret = c.name("secret").map_or("", |m| m.as_str());
        // Generated keys mix capitals and small letters; a fingerprint in hex does not.
        if !(secret.contains(|ch: char| ch.is_ascii_uppercase())
            && secret.contains(|ch: char| ch.is_ascii_lowercase()))
        {
            return c.get(0).map_or(String::new(), |m| m.as_str().to_owned());
        }
        format!("{head}{REDACTED}{tail}")
    });
    let text = aws_secrets_in_place(&text);
    let text = each(&BASE64_PEM, &text, |c| {
        let whole = c.get(0).map_or("", |m| m.as_str());
        if base64_pem_is_secret(whole) {
            REDACTED.to_owned()
        } else {
            whole.to_owned()
        }
    });
    let text = each(&JWE, &text, |_| REDACTED.to_owned());
    let text = each(&SEED_WORDS, &text, keep_head);
    let text = match TOKENS.as_ref() {
        Some(tokens) => tokens.replace_all(&text, |searched, c| {
            if let Some(found) = c.name("bootstrap")
                && bootstrap_token_lookalike(searched, found.start(), found.end())
            {
                return found.as_str().to_owned();
            }
            let keep = ["keep", "keep2", "keep3", "keep4", "keep5", "keep6", "keep7"]
                .iter()
                .find_map(|name| c.name(name))
                .map_or("", |m| m.as_str());
            format!("{keep}{REDACTED}")
        }),
        None => Cow::Owned(REDACTED.to_owned()),
    };
    let text = crate::prefixed::redact_prefixed_tokens(&text);
    let text = each(&URL_PASSWORD, &text, |c| {
        let whole = c.get(0).map_or("", |m| m.as_str());
        let head = c.name("head").map_or("", |m| m.as_str());
        let secret = c.name("secret").map_or("", |m| m.as_str());
        // `host:8080/path/@user`: a port and a path, not a password.
        let port = secret
            .split_once('/')
            .is_some_and(|(before, _)| before.chars().all(|c| c.is_ascii_digit()));
        // `https://TOKEN:x-oauth-basic@github.com`: the user is the token. Beside a password
        // the user is a name (`neo4j+s://neo4j:PW@x`, `postgresql://USER:PW@h`), unless it is
        // shaped as a provider's token or an empty password leaves it the only credential.
        let (scheme, user) = head.rsplit_once("://").unwrap_or(("", head));
        let user_hidden = !user.is_empty()
            && !user.starts_with(REDACTED)
            && !port
            && (secret.eq_ignore_ascii_case("x-oauth-basic")
                || (secret.is_empty() && url_user_is_credential(user))
                || crate::urls::url_user_is_token(user));
        let head = if user_hidden {
            Cow::Owned(format!("{scheme}://{REDACTED}"))
        } else {
            Cow::Borrowed(head)
        };
        // `https://user:${PASSWORD}@host`, `USER:PASSWORD@HOST`: a placeholder stays (a
        // password's metavariable beside a user's, both in capitals).
        let metavariables = !user.is_empty()
            && user
                .chars()
                .all(|ch| ch.is_ascii_uppercase() || matches!(ch, '_' | '-'))
            && crate::placeholders::stands_in_for("password", secret);
        let placeholder = crate::placeholders::stands_in(secret) || metavariables;
        if (secret.is_empty() && !user_hidden)
            || secret.starts_with(REDACTED)
            || port
            || (placeholder && !user_hidden)
        {
            whole.to_owned()
        } else if secret.is_empty() {
            format!("{head}:@")
        } else {
            format!("{head}:{REDACTED}@")
        }
    });
    let text = each(&SIP_PASSWORD, &text, |c| {
        let whole = c.get(0).map_or("", |m| m.as_str());
        let secret = c.name("secret").map_or("", |m| m.as_str());
        // `sip:bob:5060@`: digits alone are a port written in the wrong place, not a password.
        if secret.starts_with(REDACTED) || secret.chars().all(|ch| ch.is_ascii_digit()) {
            return whole.to_owned();
        }
        let head = c.name("head").map_or("", |m| m.as_str());
        format!("{head}{REDACTED}@")
    });
    let text = each(&QUERY_SECRET, &text, |c| {
        let whole = c.get(0).map_or("", |m| m.as_str());
        let head = c.name("head").map_or("", |m| m.as_str());
        let secret = c.name("secret").map_or("", |m| m.as_str());
        // `code=1`, `key=id`: too short to be an authorization code or an API key.
        let short = c.name("short").is_some() && secret.len() < 8;
        // `ticket=JIRA-1234`: only CAS' service, proxy and granting tickets log in.
        let short = short
            || (c.name("ticket").is_some()
                && !["ST-", "PT-", "PGT-", "TGT-"]
                    .iter()
                    .any(|p| secret.starts_with(p)));
        // `...?sig=abc, then`: a sentence's punctuation after the URL is not the value's.
        let punctuation = &secret[secret
            .trim_end_matches([',', '.', ')', ';', ':', '!'])
            .len()..];
        if short || secret.starts_with(REDACTED) {
            whole.to_owned()
        } else {
            format!("{head}{REDACTED}{punctuation}")
        }
    });
    let text = each(&GO_DSN, &text, |c| {
        let whole = c.get(0).map_or("", |m| m.as_str());
        let head = c.name("head").map_or("", |m| m.as_str());
        let secret = c.name("secret").map_or("", |m| m.as_str());
        let tail = c.name("tail").map_or("", |m| m.as_str());
        if secret.is_empty() || secret.starts_with(REDACTED) {
            whole.to_owned()
        } else {
            format!("{head}{REDACTED}{tail}")
        }
    });
    let text = each(&ORACLE_LOGIN, &text, keep_head);
    let text = each(&SCHEMELESS_URI, &text, |c| {
        let whole = c.get(0).map_or("", |m| m.as_str());
        let secret = c.name("secret").map_or("", |m| m.as_str());
        if secret.starts_with(REDACTED) {
            return whole.to_owned();
        }
        let head = c.name("head").map_or("", |m| m.as_str());
        format!("{head}{REDACTED}@")
    });
    let text = each(&DOMAIN_LOGIN, &text, |c| {
        let whole = c.get(0).map_or("", |m| m.as_str());
        let secret = c.name("secret").map_or("", |m| m.as_str());
        if secret.starts_with(REDACTED) {
            return whole.to_owned();
        }
        let head = c.name("head").map_or("", |m| m.as_str());
        let tail = c.name("tail").map_or("", |m| m.as_str());
        format!("{head}{REDACTED}{tail}")
    });
    let text = each(&SQL_BARE_PASSWORD, &text, |c| {
        let secret = c.name("secret").map_or("", |m| m.as_str());
        // `IDENTIFIED BY PASSWORD '*hash'`, `IDENTIFIED BY VALUES`, `EXTERNALLY`: keywords.
        if matches!(
            secret.to_ascii_lowercase().as_str(),
            "password" | "values" | "externally" | "globally" | "the" | "a"
        ) {
            return c.get(0).map_or(String::new(), |m| m.as_str().to_owned());
        }
        keep_head(c)
    });
    let text = each(&IPSEC_SECRET, &text, |c| {
        let head = c.name("head").map_or("", |m| m.as_str());
        let (open, inner, close) = split_quotes(c.name("secret").map_or("", |m| m.as_str()));
        if inner.is_empty() || inner.starts_with(REDACTED) {
            return c.get(0).map_or(String::new(), |m| m.as_str().to_owned());
        }
        format!("{head}{open}{REDACTED}{close}")
    });
    let text = each(&SASL_PASSWD_LINE, &text, keep_head);
    let text = each(&SQL_PASSWORD, &text, |c| {
        let head = c.name("head").map_or("", |m| m.as_str());
        let value = c.name("secret").map_or("", |m| m.as_str());
        let (open, inner, close) = split_quotes(value);
        // `password = "********"`, `IDENTIFIED BY '<password>'`: a placeholder (a `$` in
        // single quotes is a literal's).
        let placeholder = crate::placeholders::stands_in_for("password", inner)
            && !(open == "'" && inner.starts_with('$'));
        if inner.is_empty() || inner.contains(REDACTED) || placeholder {
            return c.get(0).map_or(String::new(), |m| m.as_str().to_owned());
        }
        // A shell's `--password "${PW}"` expands its reference between double quotes; one
        // with a default (`"${PW:-x}"`) keeps the reference and hides the default.
        if open == "\"" && REFERENCE.as_ref().is_some_and(|r| r.is_match(inner)) {
            return c.get(0).map_or(String::new(), |m| m.as_str().to_owned());
        }
        if open == "\"" && inner.starts_with("${") {
            match reference_default(value) {
                Some(Some((start, end))) => {
                    return format!("{head}{}{REDACTED}{}", &value[..start], &value[end..]);
                }
                Some(None) => return c.get(0).map_or(String::new(), |m| m.as_str().to_owned()),
                None => {}
            }
        }
        format!("{head}{open}{REDACTED}{close}")
    });
    let text = each(&DIRECTIVE_HEADER, &text, |c| {
        let whole = c.get(0).map_or("", |m| m.as_str());
        let name = c.name("name").map_or("", |m| m.as_str());
        let head = c.name("head").map_or("", |m| m.as_str());
        let value = c.name("value").map_or("", |m| m.as_str());
        let (open, inner, close) = split_quotes(value);
        let credential_header = is_secret_name(name)
            || AUTH_HEADER
                .as_ref()
                .is_some_and(|r| r.is_match(&format!("{name}: x")));
        if !credential_header || inner.is_empty() || inner.contains(REDACTED) {
            return whole.to_owned();
        }
        // The scheme (`Basic`, `Bearer`) stays, as in headers.
        let scheme = inner
            .split_once(' ')
            .filter(|(word, _)| SCHEMES.contains(&word.to_lowercase().as_str()))
            .map_or(String::new(), |(word, _)| format!("{word} "));
        format!("{head}{open}{scheme}{REDACTED}{close}")
    });
    let text = each(&XML_ELEMENT, &text, |c| {
        let whole = c.get(0).map_or("", |m| m.as_str());
        let name = c.name("name").map_or("", |m| m.as_str());
        let close = c.name("close").map_or("", |m| m.as_str());
        let secret = c.name("secret").map_or("", |m| m.as_str());
        let attrs = c.name("attrs").map_or("", |m| m.as_str());
        // `<entry key="db.password">x</entry>` (Java's XML properties), `<setting
        // name="ApiKey">x</setting>`: named by an attribute.
        let named = if is_secret_name(name) {
            name
        } else {
            XML_NAME_ATTRIBUTE
                .as_ref()
                .and_then(|r| r.captures(attrs))
                .and_then(|n| n.get(1))
                .map_or(name, |m| m.as_str())
        };
        // `<PUSH_INSTALLATION_KEY>abcdefghijklmnop</PUSH_INSTALLATION_KEY>`: a key by its name
        // and its shape, as in a `value` attribute below.
        let own_key = crate::keysettings::holds_own_key(named, secret.trim());
        if name != close || !(is_secret_name(named) || own_key) || keeps_value(named, secret.trim())
        {
            return whole.to_owned();
        }
        format!("<{name}{attrs}>{REDACTED}</{close}>")
    });
    let text = each(&XML_VALUE, &text, |c| {
        let whole = c.get(0).map_or("", |m| m.as_str());
        let tag = c.name("tag").map_or("", |m| m.as_str());
        let before = c.name("before").map_or("", |m| m.as_str());
        let value = c.name("secret").map_or("", |m| m.as_str());
        let named = XML_NAME_ATTRIBUTE
            .as_ref()
            .and_then(|r| r.captures(before))
            .and_then(|n| n.get(1))
            .map_or(tag, |m| m.as_str());
        let (open, inner, close) = split_quotes(value);
        // NuGet's `<apikeys><add key="https://..." value="..."/>`: an entry keyed by a URL,
        // in a section whose name says what its values are.
        let in_secret_section = || {
            c.get(0)
                .and_then(|m| enclosing_xml_element(&text, m.start()))
                .is_some_and(is_secret_name)
        };
        // `<add key="PushInstallationKey" value="..."/>`: a key by its name and its shape.
        let own_key = crate::keysettings::holds_own_key(named, inner);
        if !(is_secret_name(named) || in_secret_section() || own_key) || keeps_value(named, inner) {
            return whole.to_owned();
        }
        let attr = c.name("attr").map_or("value", |m| m.as_str());
        format!("<{tag}{before}{attr}={open}{REDACTED}{close}")
    });
    let text = if text.contains("\"kty\"") || rsa_parameters(&text) {
        Cow::Owned(each(&JWK_PRIVATE, &text, keep_head).into_owned())
    } else {
        text
    };
    let text = each(&URL_TOKEN, &text, |c| {
        let user = c.name("secret").map_or("", |m| m.as_str());
        // A Sentry DSN's user is its key (`https://KEY@o1.ingest.sentry.io/1`).
        let host = c.get(0).map_or("", |m| {
            text[m.end()..]
                .split(['/', ' ', '\n', '"', '\''])
                .next()
                .unwrap_or("")
        });
        if (url_user_is_credential(user) || host.contains("sentry")) && !user.starts_with(REDACTED)
        {
            format!("{}{REDACTED}@", c.name("head").map_or("", |m| m.as_str()))
        } else {
            c.get(0).map_or(String::new(), |m| m.as_str().to_owned())
        }
    });
    let text = each(&HASHED_LITERAL, &text, keep_quoted);
    let text = each(&IPSEC_KEY_PASSPHRASE, &text, keep_quoted);
    let text = each(&ENCODED_PAIR, &text, keep_quoted);
    let text = each(&ECHOED_CREDENTIAL, &text, |c| {
        // `Basic $(echo -n bob:[redacted] | base64)`: the pair's password went above.
        if c.name("secret")
            .is_some_and(|m| m.as_str().contains(REDACTED))
        {
            return c.get(0).map_or(String::new(), |m| m.as_str().to_owned());
        }
        keep_quoted(c)
    });
    let text = each(&AUTH_SCHEME, &text, |c| {
        let whole = c.get(0).map_or("", |m| m.as_str());
        let head = c.name("head").map_or("", |m| m.as_str());
        let scheme = c.name("scheme").map_or("", |m| m.as_str());
        let secret = c.name("secret").map_or("", |m| m.as_str());
        // `AWS [redacted]:SIGNATURE` (an access key id hidden above): the signature goes too.
        // `Basic $(echo -n bob:PASS | base64)`: a credential computed by a substitution whose
        // words were judged above.
        if secret == REDACTED
            || scheme.eq_ignore_ascii_case(REDACTED)
            || secret.starts_with("$(")
            || placeholder_at(&text, c.name("secret"))
        {
            return whole.to_owned();
        }
        let parameters = secret.contains('=') && (secret.contains('"') || secret.contains(','))
            || secret
                .split_once('=')
                .is_some_and(|(name, _)| name.eq_ignore_ascii_case("credential"));
        let known = SCHEMES.contains(&scheme.to_ascii_lowercase().as_str());
        // Schemes are written capitalised (`NTLM`, `Splunk`, `OAuth`); a credential has a
        // digit, a symbol of base64 or tokens, or the length of one.
        let capitalised = scheme.starts_with(|ch: char| ch.is_ascii_uppercase());
        let looks_like_credential = secret.len() >= 20
            || secret
                .chars()
                .any(|ch| ch.is_ascii_digit() || "=+/_~".contains(ch));
        // `Authorization: Custom abcdef`: a scheme and one word ending the header's value is a
        // credential however short, unless the word is one of a sentence (`Access denied`).
        let after = text[c.get(0).map_or(0, |m| m.end())..].trim_start_matches([' ', '\t']);
        let ends_value = after.is_empty()
            || after.starts_with(['\r', '\n', '"', '\'', '\\', ';', ',', '}', ')']);
        let lower = secret.to_ascii_lowercase();
        let sentence_word = SENTENCE_WORDS.contains(&lower.as_str())
            || NOT_SECRETS.contains(&lower.as_str())
            || HEADER_STATUS_WORDS.contains(&lower.as_str());
        let short_credential =
            ends_value && (capitalised || looks_like_credential) && !sentence_word;
        if parameters || (!known && ((capitalised && looks_like_credential) || short_credential)) {
            format!("{head}{REDACTED}")
        } else {
            whole.to_owned()
        }
    });
    let text = each(&AUTH_HEADER, &text, |c| {
        // `Authorization: NTLM [redacted]`: the scheme of a credential hidden above.
        let whole = c.get(0).map_or("", |m| m.as_str());
        // `Basic $(...)` (judged above); `Authorization: Bearer` alone names a scheme, with no
        // credential after it; `Bearer $TOKEN` names the variable holding one.
        if c.name("secret").is_some_and(|m| {
            m.as_str().starts_with("$(")
                || hidden_already(m.as_str())
                || SCHEMES.contains(&m.as_str().to_ascii_lowercase().as_str())
                || REFERENCE.as_ref().is_some_and(|r| r.is_match(m.as_str()))
        }) || placeholder_at(&text, c.name("secret"))
            // `X-API-Key: API_KEY`: the header's own name as its metavariable.
            || c.name("head").zip(c.name("secret")).is_some_and(|(head, secret)| {
                crate::placeholders::stands_in_for(head.as_str(), secret.as_str())
            })
        {
            return whole.to_owned();
        }
        let after = text[c.get(0).map_or(0, |m| m.end())..].trim_start_matches([' ', '\t']);
        if after.starts_with(REDACTED) && !whole.ends_with(REDACTED) {
            return whole.to_owned();
        }
        // `volume "api-key" : configmap "app-config" not found`: a kubelet's phrase about an
        // object after the volume's name, not a header.
        if c.name("secret")
            .is_some_and(|m| crate::resourcelines::object_phrase_len(&text[m.start()..]).is_some())
        {
            return whole.to_owned();
        }
        // `Authorization: required for this endpoint`: prose about the header, not one. With a
        // scheme (`Bearer x`, `Basic x`) it is always a header.
        let sep = c.name("sep").map_or("", |m| m.as_str());
        let sep = sep.trim_end();
        let has_scheme = sep != sep.trim_end_matches(char::is_alphanumeric);
        if !has_scheme && prose_follows(c, &text) {
            return c.get(0).map_or(String::new(), |m| m.as_str().to_owned());
        }
        keep_head(c)
    });
    let text = each(&COOKIE_HEADER, &text, |c| {
        // Go's printed header map (`Cookie:[sid=x] X-Api-Key:[y]`): the cookie's value ends
        // at its list's closing bracket, and the entries after it stay for their own passes.
        let head = c.name("head").map_or("", |m| m.as_str());
        let secret = c.name("secret").map_or("", |m| m.as_str());
        match secret.strip_prefix('[').and_then(closing_bracket) {
            Some(end) => {
                let (list, rest) = secret.split_at(end + 2);
                if hidden_already(list) {
                    c.get(0).map_or(String::new(), |m| m.as_str().to_owned())
                } else {
                    format!("{head}[{REDACTED}]{rest}")
                }
            }
            None => keep_head(c),
        }
    });
    let text = each(&BEARER, &text, |c| {
        // `Bearer authentication is required`, `use Bearer tokens.`: a word of a sentence.
        if prose_follows(c, &text) || placeholder_at(&text, c.name("secret")) {
            return c.get(0).map_or(String::new(), |m| m.as_str().to_owned());
        }
        keep_head(c)
    });
    let text = each(&PROSE_TOKEN, &text, |c| {
        let secret = c.name("secret").map_or("", |m| m.as_str());
        let words = secret
            .split(['_', '-', '.'])
            .filter(|w| w.len() >= 2 && w.chars().all(|ch| ch.is_ascii_lowercase()))
            .count();
        if secret.contains(|ch: char| ch.is_ascii_digit())
            && secret.contains(|ch: char| ch.is_ascii_alphabetic())
            && words < 2
        {
            keep_head(c)
        } else {
            c.get(0).map_or(String::new(), |m| m.as_str().to_owned())
        }
    });
    let text = each(&CADDY_DNS_TOKEN, &text, |c| {
        let secret = c.name("secret").map_or("", |m| m.as_str());
        if secret.contains(|ch: char| ch.is_ascii_digit())
            && secret.contains(|ch: char| ch.is_ascii_alphabetic())
        {
            keep_head(c)
        } else {
            c.get(0).map_or(String::new(), |m| m.as_str().to_owned())
        }
    });
    // memcached's values are judged as Redis' are: under a key naming a secret in any of its
    // parts (`VALUE user:1:pass 0 7`), whole; under an account's key, of a password's shape.
    let text = each(&MEMCACHED_VALUE, &text, |c| {
        let whole = c.get(0).map_or(String::new(), |m| m.as_str().to_owned());
        let key = c.name("key").map_or("", |m| m.as_str());
        let value = c.name("secret").map_or("", |m| m.as_str());
        let parts = || key.split(['/', ':', '.', '{', '}', '_', '-']);
        let secret = key
            .split(['/', ':', '.', '{', '}'])
            .any(|p| crate::names::names_secret_column(p) && !crate::names::counts_things(p));
        let account = parts().any(crate::queried::account_table)
            && crate::queried::password_shaped(value.trim())
            && !value.trim_start().starts_with(['{', '[']);
        if value.starts_with(REDACTED) || !(secret || account) {
            return whole;
        }
        format!("{}{REDACTED}", c.name("head").map_or("", |m| m.as_str()))
    });
    let text = each(&BARE_USERINFO, &text, |c| {
        let whole = c.get(0).map_or(String::new(), |m| m.as_str().to_owned());
        let user = c.name("user").map_or("", |m| m.as_str());
        let secret = c.name("secret").map_or("", |m| m.as_str());
        // Schemes written without `//` (`mailto:bob@example.com`, `sip:bob@host`) name an
        // address, not a login.
        // A word before the user's (`x.bob:...`) or a `/` (a URL's path) makes it no login.
        let start = c.get(0).map_or(0, |m| m.start());
        let glued = text[..start].ends_with(['.', '/', '-', '_', '+', ':', '@']);
        let tail = c.name("tail").map_or("", |m| m.as_str());
        // An image pinned by digest (`node:18@sha256:...`).
        let digest = ["@sha1:", "@sha256:", "@sha384:", "@sha512:", "@md5:"]
            .iter()
            .any(|d| tail.to_ascii_lowercase().starts_with(d));
        // A label before an e-mail address (`note:bob@example.com`, `owner:a.b@corp.com`):
        // an address's local part of letters, dots, `_` and `-` before a domain, where a
        // password has a digit or another sign.
        let address = tail[1..].contains('.')
            && !tail[1..].starts_with(|ch: char| ch.is_ascii_digit())
            && secret
                .chars()
                .all(|ch| ch.is_ascii_alphabetic() || matches!(ch, '.' | '_' | '-'));
        if secret.starts_with(REDACTED)
            || glued
            || digest
            || address
            || user.len() > 64
            || secret.len() > 128
            || matches!(
                user.to_ascii_lowercase().as_str(),
                "mailto"
                    | "sip"
                    | "sips"
                    | "xmpp"
                    | "tel"
                    | "urn"
                    | "news"
                    | "im"
                    | "pres"
                    | "acct"
                    | "cid"
                    | "mid"
                    | "git"
                    | "ssh"
                    | "scp"
                    | "from"
                    | "to"
                    | "cc"
                    | "bcc"
                    | "email"
                    | "e-mail"
                    | "mail"
                    | "user"
                    | "login"
                    | "by"
            )
        {
            return whole;
        }
        format!(
            "{}{REDACTED}{}",
            c.name("head").map_or("", |m| m.as_str()),
            c.name("tail").map_or("", |m| m.as_str())
        )
    });
    let text = each(&MIDLINE_PASSWORD, &text, |c| {
        let whole = c.get(0).map_or("", |m| m.as_str());
        let head = c.name("head").map_or("", |m| m.as_str());
        let secret = c.name("secret").map_or("", |m| m.as_str());
        // `with password [hunter2]`: the word in a log's brackets, the brackets kept; a
        // `[redacted]` left by an earlier pass stays as it is.
        let bracketed = head.ends_with('[');
        if bracketed && format!("[{secret}").starts_with(REDACTED) {
            return whole.to_owned();
        }
        let (secret, closing) = match secret.strip_suffix(']') {
            Some(inner) if bracketed => (inner, "]"),
            _ => (secret, ""),
        };
        let word = secret.trim_end_matches(['.', '!', '?']);
        // `` `set the password policy` ``: a sentence quoted, its closing quote no sign of a
        // password.
        let quoted_word = secret.trim_end_matches(['.', '!', '?', '`', ':']);
        // `TASK [Check password policy]`, `(see password policy)`: a bracket closing a title
        // or an aside, no sign of a password either.
        let quoted_word = if quoted_word.contains(['[', '(', '{']) {
            quoted_word
        } else {
            quoted_word.trim_end_matches([']', ')', '}'])
        };
        // `<your password here>`: a placeholder's words.
        let placeholder = c
            .name("secret")
            .is_some_and(|m| crate::placeholders::inside_angle_bracketed(&text, m.start()));
        let shaped = (quoted_word.contains('`') || crate::queried::password_shaped(quoted_word))
            && !word.contains("://")
            && !word.ends_with(':')
            // A version (`v2`, `v1.2`), not a password.
            && !word
                .trim_start_matches(['v', 'V'])
                .chars()
                .all(|ch| ch.is_ascii_digit() || ch == '.')
            && crate::queried::password_shaped(word);
        if !word.starts_with(REDACTED) && !placeholder && (shaped || given_word(&text, c, word)) {
            if bracketed {
                format!("{head}{REDACTED}{closing}")
            } else {
                keep_head(c)
            }
        } else {
            whole.to_owned()
        }
    });
    let text = each(&PROSE_PASSWORD, &text, |c| {
        let secret = c.name("secret").map_or("", |m| m.as_str());
        let word = secret.trim_end_matches(['.', ',', '!', '?', ';']);
        // `the password is <your password here>`, `the password is PASSWORD`.
        let placeholder = placeholder_at(&text, c.name("secret"))
            || crate::placeholders::stands_in_for("password", word);
        // `password is required`, `password is too short`: a word a sentence writes there.
        // Any other word of letters is the password (`the root password is tulipgarden`).
        // Other languages' sentences (`Le mot de passe est trop court.`) keep their lowercase
        // words, as before.
        let head = c
            .name("head")
            .map_or(String::new(), |h| h.as_str().to_ascii_lowercase());
        let english = !([" est", " ist", " es", " é"]
            .iter()
            .any(|verb| head.contains(verb))
            || ["mot de passe", "passwort", "contraseña", "senha"]
                .iter()
                .any(|word| head.starts_with(word)));
        let prose = word.chars().all(|ch| ch.is_lowercase())
            && (!english || crate::sentences::sentence_word(word));
        // `the API key is 3 days old`, `the token is 2024-01-01T00:00:00Z`: a count or a time
        // said of a key or a token (a password's digits are the password's).
        let password = [
            "pass",
            "pin",
            "mot de passe",
            "passwort",
            "contraseña",
            "senha",
        ]
        .iter()
        .any(|word| head.starts_with(word));
        let reading = !password
            && word.starts_with(|ch: char| ch.is_ascii_digit())
            && word
                .chars()
                .all(|ch| ch.is_ascii_digit() || matches!(ch, '-' | ':' | '.' | 'T' | 'Z' | '+'));
        // `The token is JWT`, `the API key is Invalid`: a key's or a token's sentence in any
        // case (a password's capitals are the password's).
        let token_prose = !password && english && crate::sentences::sentence_word(word);
        if prose || token_prose || reading || word.starts_with(REDACTED) || placeholder {
            return c.get(0).map_or(String::new(), |m| m.as_str().to_owned());
        }
        keep_head(c)
    });
    let text = each(&NETRC_PASSWORD, &text, |c| {
        // PAM's `password requisite pam_pwquality.so`, `password [success=1 ...] pam_unix.so`:
        // a control, not a password.
        let secret = c.name("secret").map_or("", |m| m.as_str());
        // `password is required`, `password is: x` (the sentence pass judged the word after).
        // `password <- "x"` (R), `password -> x`: an operator, the assignments pass reads on.
        // `password ||= "x"`, `password += x`: a compound assignment's operator.
        let operator = secret.len() > 1
            && secret.ends_with('=')
            && secret.chars().all(|ch| "|&+-*/%?.~^!<>=".contains(ch));
        // `password | sha256sum`, psql's ` password | x`: a pipe or a table's bar, not the
        // password (a table's value is `pairrows`' to judge).
        let bar = matches!(secret, "|" | "│" | "┃" | "║" | "||" | "&&" | "&" | ";");
        if operator
            || bar
            || secret.starts_with(['[', '<', '-', '>'])
            || PAM_CONTROLS.contains(&secret)
            || secret.ends_with(':')
            || SENTENCE_WORDS.contains(&secret.to_lowercase().as_str())
            || NOT_SECRETS.contains(&secret.to_lowercase().as_str())
            || prose_after_secret_word(secret)
            || netrc_login_is_prose(c)
            || netrc_prose(&text, c)
            || passwd_command(c)
        {
            return c.get(0).map_or(String::new(), |m| m.as_str().to_owned());
        }
        keep_head(c)
    });
    let text = each(&PGPASS_LINE, &text, |c| {
        // `C4:D5:E6:F7:08`: a run of hex bytes (a certificate's key identifier, a
        // fingerprint), not `host:port:db:user:password`.
        let whole = c.get(0).map_or("", |m| m.as_str());
        let hex_bytes = whole
            .trim_start_matches([' ', '\t', ':'])
            .split(':')
            .all(|f| f.len() == 2 && f.bytes().all(|b| b.is_ascii_hexdigit()));
        // `root:x:0:0:root:/root:/bin/bash` (/etc/passwd): a home directory and a shell where
        // `.pgpass` has a user and a password.
        let fields: Vec<&str> = whole.rsplit(':').take(2).collect();
        let passwd_line = fields.iter().all(|f| f.starts_with('/'));
        if hex_bytes || passwd_line {
            whole.to_owned()
        } else {
            keep_head(c)
        }
    });
    let text = each(&PHP_DEFINE, &text, |c| {
        let whole = c.get(0).map_or("", |m| m.as_str());
        let name = c.name("name").map_or("", |m| m.as_str());
        let value = c.name("value").map_or("", |m| m.as_str());
        let (open, inner, close) = split_quotes(value);
        if !is_secret_name(name) || keeps_value(name, inner) {
            return whole.to_owned();
        }
        let head = c.name("head").map_or("", |m| m.as_str());
        format!("{head}{open}{REDACTED}{close}")
    });
    let text = each(&TYPED_DECLARATION, &text, |c| {
        let whole = c.get(0).map_or("", |m| m.as_str());
        let name = c.name("name").map_or("", |m| m.as_str());
        let value = c.name("value").map_or("", |m| m.as_str());
        let (open, inner, close) = match value.strip_prefix('`') {
            Some(raw) => ("`", raw.strip_suffix('`').unwrap_or(raw), "`"),
            None => split_quotes(value),
        };
        if !is_secret_name(name) || keeps_value(name, inner) || names_another_secret(inner) {
            return whole.to_owned();
        }
        let head = c.name("head").map_or("", |m| m.as_str());
        format!("{head}{open}{REDACTED}{close}")
    });
    let text = each(&SETTER_CALL, &text, |c| {
        let whole = c.get(0).map_or("", |m| m.as_str());
        let head = c.name("head").map_or("", |m| m.as_str());
        let tail = c.name("tail").map_or("", |m| m.as_str());
        let (open, inner, close) = split_quotes(c.name("secret").map_or("", |m| m.as_str()));
        // `set_token("$HF_TOKEN")`: a reference, expanded elsewhere.
        if inner.is_empty() || inner.contains(REDACTED) || crate::placeholders::stands_in(inner) {
            return whole.to_owned();
        }
        format!("{head}{open}{REDACTED}{close}{tail}")
    });
    let text = each(&LOGIN_CALL, &text, |c| {
        let whole = c.get(0).map_or("", |m| m.as_str());
        let head = c.name("head").map_or("", |m| m.as_str());
        let tail = c.name("tail").map_or("", |m| m.as_str());
        let (open, inner, close) = split_quotes(c.name("secret").map_or("", |m| m.as_str()));
        if inner.is_empty() || inner.contains(REDACTED) {
            return whole.to_owned();
        }
        format!("{head}{open}{REDACTED}{close}{tail}")
    });
    let text = each(&JWT_KEY_ARGUMENT, &text, keep_quoted);
    let text = each(&POSITIONAL_LOGIN, &text, keep_quoted);
    let text = each(&BASIC_ANYWHERE, &text, |c| {
        let secret = c.name("secret").map_or("", |m| m.as_str());
        if encodes_basic_login(secret) {
            keep_head(c)
        } else {
            c.get(0).map_or(String::new(), |m| m.as_str().to_owned())
        }
    });
    let text = each(&NOUN_AND_TOKEN, &text, |c| {
        let secret = c.name("secret").map_or("", |m| m.as_str());
        if crate::sessions::token_shaped(secret) {
            keep_head(c)
        } else {
            c.get(0).map_or(String::new(), |m| m.as_str().to_owned())
        }
    });
    let text = each(&NAMED_SETTER, &text, |c| {
        let whole = c.get(0).map_or("", |m| m.as_str());
        let head = c.name("head").map_or("", |m| m.as_str());
        let name = c.name("name").map_or("", |m| m.as_str());
        let (open, inner, close) = split_quotes(c.name("secret").map_or("", |m| m.as_str()));
        // `SetEnvironmentVariable("PUSH_INSTALLATION_KEY", "abcdefghijklmnop")`: a key by its
        // name and its value's shape, as on an assignment's line.
        if !(is_secret_name(name) || crate::keysettings::holds_own_key(name, inner))
            || inner.is_empty()
            || inner.contains(REDACTED)
            || names_another_secret(inner)
            || REFERENCE.as_ref().is_some_and(|r| r.is_match(inner))
        {
            return whole.to_owned();
        }
        format!("{head}{open}{REDACTED}{close}")
    });
    let text = each(&PS_ENV_ITEM, &text, |c| {
        let whole = c.get(0).map_or("", |m| m.as_str());
        let head = c.name("head").map_or("", |m| m.as_str());
        let name = c.name("name").map_or("", |m| m.as_str());
        let (open, inner, close) = split_quotes(c.name("secret").map_or("", |m| m.as_str()));
        if !(is_secret_name(name) || crate::keysettings::holds_own_key(name, inner))
            || inner.is_empty()
            || inner.contains(REDACTED)
            || inner.starts_with('$')
            || crate::placeholders::stands_in(inner)
        {
            return whole.to_owned();
        }
        format!("{head}{open}{REDACTED}{close}")
    });
    let text = each(&FETCHMAIL_PASSWORD, &text, |c| {
        let whole = c.get(0).map_or("", |m| m.as_str());
        let head = c.name("head").map_or("", |m| m.as_str());
        let keyword = c.name("keyword").map_or("", |m| m.as_str());
        let (open, inner, close) = split_quotes(c.name("secret").map_or("", |m| m.as_str()));
        let user_line = keyword.starts_with("user");
        if inner.is_empty() || inner.contains(REDACTED) || (user_line && open.is_empty()) {
            return whole.to_owned();
        }
        format!("{head}{open}{REDACTED}{close}")
    });
    let text = each(&SECURE_STRING, &text, keep_quoted);
    let text = if text.contains([',', ';']) {
        Cow::Owned(crate::containers::redact_secret_series(&text))
    } else {
        text
    };
    let text = if text.contains(['{', '[']) {
        crate::containers::redact_secret_containers(&text)
    } else {
        text.into_owned()
    };
    let text = if text.contains('[') {
        crate::lists::redact_secret_lists(&text)
    } else {
        text
    };
    let text = if text.contains('\n') {
        crate::blocks::redact_multiline_values(&text)
    } else {
        text
    };
    let text = redact_assignments(&text);
    let text = if text.contains("variable") {
        crate::hcl::redact_variable_defaults(&text)
    } else {
        text
    };
    if text.contains('\n') {
        crate::qualified::redact_qualified_keys(&redact_yaml_values(&text))
    } else {
        text
    }
}

/// Whether `text` holds .NET's `RSAParameters` as JSON (`"inverseQ"` or `"InverseQ"`).
pub(crate) fn rsa_parameters(text: &str) -> bool {
    text.contains("\"inverseQ\"") || text.contains("\"InverseQ\"") || text.contains("\"inverseq\"")
}

/// `head` kept, the quotes around `secret` kept, what they hold replaced.
fn keep_quoted(c: &Captures) -> String {
    let whole = c.get(0).map_or("", |m| m.as_str());
    let head = c.name("head").map_or("", |m| m.as_str());
    let (open, inner, close) = split_quotes(c.name("secret").map_or("", |m| m.as_str()));
    if inner.is_empty() || inner.starts_with(REDACTED) {
        return whole.to_owned();
    }
    let tail = c.name("tail").map_or("", |m| m.as_str());
    format!("{head}{open}{REDACTED}{close}{tail}")
}

/// AWS secret access keys in the places they are printed without a label: beside their access
/// key id on a line (`aws iam create-access-key --output text`, a CSV row), or alone on a line
/// (`aws configure get aws_secret_access_key`, `--query AccessKey.SecretAccessKey --output
/// text`), or on the line before or after its key id whatever stands beside it (`secret
/// VALUE` below `key AKIA...`). Alone, the word must mix upper- and lowercase letters and digits, as generated keys
/// do, so a commit id (40 hexadecimal digits) stays.
fn aws_secrets_in_place(text: &str) -> Cow<'_, str> {
    let (Some(key_id), Some(word)) = (AWS_KEY_ID.as_ref(), AWS_SECRET_WORD.as_ref()) else {
        return Cow::Owned(REDACTED.to_owned());
    };
    let generated = |w: &str| {
        w.contains(|c: char| c.is_ascii_uppercase())
            && w.contains(|c: char| c.is_ascii_lowercase())
            && (w.contains(|c: char| c.is_ascii_digit()) || w.contains(['/', '+']))
    };
    let mut changed = false;
    // A key id on a line marks it and its neighbours (`key AKIA..` then `secret VALUE`, a
    // table's row then its continuation).
    let with_id: Vec<bool> = text.split('\n').map(|l| key_id.is_match(l)).collect();
    let near_id = |i: usize| {
        with_id[i.saturating_sub(1)..(i + 2).min(with_id.len())]
            .iter()
            .any(|b| *b)
    };
    let lines: Vec<Cow<'_, str>> = text
        .split('\n')
        .enumerate()
        .map(|(i, line)| {
            let trimmed = line.trim();
            let alone = trimmed.len() == 40
                && trimmed
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '+'))
                && generated(trimmed)
                && trimmed.contains(|c: char| c.is_ascii_digit());
            if alone {
                changed = true;
                return Cow::Owned(line.replace(trimmed, REDACTED));
            }
            let same_line = with_id[i] && line.len() >= 60;
            let beside = near_id(i) && line.len() >= 40;
            if !(same_line || beside) {
                return Cow::Borrowed(line);
            }
            let mut out = String::with_capacity(line.len());
            let mut copied = 0;
            for c in word.captures_iter(line) {
                // Right after its key id (`AKIA.. SECRET`), the token pass hides the pair as one.
                let after_key_id = |m: regex::Match<'_>| {
                    let before =
                        line[..m.start()].trim_end_matches([' ', '\t', ',', ':', ';', '|', '=']);
                    key_id
                        .find_iter(before)
                        .last()
                        .is_some_and(|id| id.end() == before.len())
                };
                if let Some(m) = c.name("secret")
                    && generated(m.as_str())
                    && !after_key_id(m)
                {
                    out.push_str(&line[copied..m.start()]);
                    out.push_str(REDACTED);
                    copied = m.end();
                }
            }
            if copied == 0 {
                return Cow::Borrowed(line);
            }
            changed = true;
            out.push_str(&line[copied..]);
            Cow::Owned(out)
        })
        .collect();
    if changed {
        Cow::Owned(lines.join("\n"))
    } else {
        Cow::Borrowed(text)
    }
}

/// Calls that set or save a password, a secret, a token or an API key, with the value as a
/// quoted argument: `db.changeUserPassword("bob", "x")`, `user.set_password('x')`,
/// `setSecret("x")`, `api.set_api_key("x")`, `HfFolder.save_token("x")`, a builder's
/// `withOAuthToken("x")`. The last quoted
/// argument goes; a variable (`set_password(new)`) has nothing to hide, nor has a reference
/// (`set_token("$HF_TOKEN")`).
static SETTER_CALL: Pattern = LazyLock::new(|| {
    compile(concat!(
        r#"(?i)(?P<head>\b(?:set|save|with|change|update|reset)[A-Za-z_]*?(?:password|passwd|passphrase|secret|token|(?:api|secret|access|private|auth)_?key)\s*\(\s*"#,
        r#"(?:(?:"[^"\n]*"|'[^'\n]*'|[A-Za-z_][A-Za-z0-9_.]*)\s*,\s*)*)"#,
        r#"(?P<secret>"[^"\n]*"|'[^'\n]*')(?P<tail>\s*\))"#,
    ))
});

/// Logins by call with a user and a password as quoted literals: `db.auth("admin", "x")`
/// (MongoDB's shell), `conn.login("bob", "x")`, `authenticate('bob', 'x')`; LDAP binds
/// (`simple_bind_s(dn, "x")`), HTTP clients' credentials (`auth=("bob", "x")`,
/// `HTTPBasicAuth('bob', 'x')`, `NetworkCredential("bob", "x")`, `setBasicAuth`), JDBC's
/// `getConnection(url, "bob", "x")`: the last quoted argument, after a quoted user (earlier
/// arguments may be variables).
static LOGIN_CALL: Pattern = LazyLock::new(|| {
    compile(concat!(
        r#"(?P<head>(?:\b(?i:auth|authenticate|login|bind|bind_s|simple_bind|simple_bind_s|sasl_bind_s"#,
        r#"|httpbasicauth|httpdigestauth|httpproxyauth|basicauth|basic_auth|setbasicauth|networkcredential"#,
        r#"|usernamepasswordcredentials|passwordauthentication|usernamepasswordauthenticationtoken"#,
        r#"|getconnection|connect_with_password)|\bauth\s*=\s*)\s*\(\s*"#,
        r#"(?:(?:"[^"\n]*"|'[^'\n]*'|[A-Za-z_][A-Za-z0-9_.]*)\s*,\s*)*(?:"[^"\n]*"|'[^'\n]*')\s*,\s*)"#,
        r#"(?P<secret>"[^"\n]*"|'[^'\n]*')(?P<tail>\s*\))"#,
    ))
});

/// A secret's noun followed by a value of a generated token's shape, as logs and messages
/// write them without a separator: `connecting with token abc123def456ghi789`, `using api
/// key 8f3a...`, `secret q8WzK2mP4xR7vN1b`. Words of a sentence never have that shape (see
/// `sessions::token_shaped`).
static NOUN_AND_TOKEN: Pattern = LazyLock::new(|| {
    compile(
        r#"(?i)(?P<head>\b(?:token|password|passwd|passphrase|secret|api[ _-]?key|access[ _-]key|secret[ _-]key|auth[ _-]?token|bearer[ _-]token)[ \t]+)(?P<secret>[A-Za-z0-9_+/=.~-]{16,})"#,
    )
});

/// A wallet's words under a label of words (`seed phrase: legal winner ...`, `Recovery
/// Phrase = ...`, `Your secret recovery phrase is: ...`): every word to the line's end.
static SEED_WORDS: Pattern = LazyLock::new(|| {
    compile(
        r#"(?im)(?P<head>\b(?:seed|recovery|mnemonic|backup)[ \t]+(?:phrase|words)(?:[ \t]+is)?[ \t]*[:=][ \t]*)(?P<secret>[a-z]+(?:[ \t]+[a-z]+){11,23})[ \t]*$"#,
    )
});

/// JSON Web Encryption's compact form: five parts, the header first (`eyJ...`), the key part
/// empty for direct encryption (`eyJhbGciOiJkaXIi...`).
static JWE: Pattern = LazyLock::new(|| {
    compile(
        r#"\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}"#,
    )
});

/// The Basic scheme anywhere, with a base64 word that decodes to `user:password`: a second
/// credential in one header (`Bearer x, Basic y`), a header quoted by a log or a list.
static BASIC_ANYWHERE: Pattern =
    LazyLock::new(|| compile(r#"(?i)(?P<head>\bbasic[ \t]+)(?P<secret>[A-Za-z0-9+/]{8,}={0,2})"#));

/// MySQL's positional logins, whose third argument is the password and whose later ones name
/// a database or a port: PHP's `mysql_connect("h", "root", "x")`, `mysqli_connect(...)`,
/// `new mysqli(...)`, `new PDO($dsn, "root", "x")`, Python's `pymysql.connect("h", "root",
/// "x", "db")` and `MySQLdb.connect`. The first two arguments may be variables.
static POSITIONAL_LOGIN: Pattern = LazyLock::new(|| {
    compile(concat!(
        r#"(?P<head>(?:\b(?i:mysql_connect|mysql_pconnect|mysqli_connect|mysqli|pdo)|\b(?:pymysql|MySQLdb|mysql\.connector)\.connect)\s*\(\s*"#,
        r#"(?:(?:"[^"\n]*"|'[^'\n]*'|\$?[A-Za-z_][A-Za-z0-9_.>-]*)\s*,\s*){2})"#,
        r#"(?P<secret>"[^"\n]*"|'[^'\n]*')"#,
    ))
});

/// A JSON Web Token signed or verified with a literal key: `jwt.encode(payload, "KEY",
/// algorithm="HS256")`, `jwt.sign(payload, 'KEY')`, `jwt.verify(token, "KEY")`: the second
/// argument.
static JWT_KEY_ARGUMENT: Pattern = LazyLock::new(|| {
    compile(
        r#"(?P<head>\b(?i:jwt)\.(?:encode|decode|sign|verify)\s*\(\s*[^,()\n]+,\s*)(?P<secret>"[^"\n]*"|'[^'\n]*')"#,
    )
});

/// Calls that set a named value, the name a quoted literal and the value the next one:
/// `[Environment]::SetEnvironmentVariable("API_KEY", "x", "User")`,
/// `os.environ.setdefault("API_KEY", "x")`, Go's `os.Setenv("TOKEN", "x")`, `putenv`,
/// `System.setProperty("db.password", "x")`, `localStorage.setItem("token", "x")`,
/// `headers.set("X-Api-Key", "x")`: the value goes when the name is a secret's.
static NAMED_SETTER: Pattern = LazyLock::new(|| {
    compile(concat!(
        r#"(?P<head>\b(?i:setenvironmentvariable|setdefault|setenv|putenv|setproperty|setitem|set|put"#,
        r#"|setheader|set_header|header|add_header|addheader|append|insert)\s*\(\s*["'](?P<name>[A-Za-z_][A-Za-z0-9_.-]{0,60})["']"#,
        // Rust's owned strings: `map.insert("api_key".to_string(), "x".to_string())`.
        r#"(?:\.(?:to_string|to_owned|into)\(\))?\s*,\s*)"#,
        r#"(?P<secret>"[^"\n]*"|'[^'\n]*')"#,
    ))
});

/// PowerShell's item cmdlets on the environment's drive (`Set-Item -Path env:NAME -Value "x"`,
/// `New-Item -Path Env:\NAME -Value x`, `Set-Content env:NAME x`): the value goes when the
/// name is a secret's, or a key's name holding a key's shape.
static PS_ENV_ITEM: Pattern = LazyLock::new(|| {
    compile(concat!(
        r#"(?P<head>\b(?i:set-item|new-item|set-content|add-content)[ \t]+(?i:-path[ \t]+)?["']?(?i:env):\\?"#,
        r#"(?P<name>[A-Za-z_][A-Za-z0-9_]{0,60})["']?[ \t]+(?i:-value[ \t]+)?)"#,
        r#"(?P<secret>"[^"\n]*"|'[^'\n]*'|[^\s"']+)"#,
    ))
});

/// fetchmail's run control: `poll HOST ... user "bob" there with password "x"`, `pass x`, on
/// a `poll`/`skip`/`defaults` line or a `user` line below one (there only a quoted value, so a
/// sentence about a user keeps its words).
static FETCHMAIL_PASSWORD: Pattern = LazyLock::new(|| {
    compile(
        r#"(?m)(?P<head>^[ \t]*(?P<keyword>poll|skip|defaults|user|username)\b[^\n]*?\b(?:password|passwd|pass)[ \t]+)(?P<secret>"[^"\n]*"|'[^'\n]*'|[^\s"']+)"#,
    )
});

/// A YAML key naming a secret whose value is not on its line: `password:` then an indented
/// value, or a block scalar `password: |` / `>-`.
static YAML_OPEN_KEY: Pattern = LazyLock::new(|| {
    compile(
        r#"\A(?P<indent>[ \t]*(?:-[ \t]+)?)["']?(?P<name>[A-Za-z_][A-Za-z0-9_.-]*)["']?[ \t]*:[ \t]*(?P<block>[|>][-+0-9]*)?[ \t]*(?:#.*)?\z"#,
    )
});

/// A line that is itself a mapping entry (`user: bob`) or a list item, not a scalar.
static YAML_ENTRY: Pattern = LazyLock::new(|| {
    compile(r#"\A(?:-(?:[ \t]|\z)|["']?[A-Za-z_][A-Za-z0-9_.-]*["']?[ \t]*:(?:[ \t]|\z))"#)
});

/// Values of secret-named YAML keys on the lines below the key (redaction is otherwise line by
/// line): every more-indented line of a block scalar, and the scalar lines of a plain value
/// (a nested mapping is left to its own keys).
fn redact_yaml_values(text: &str) -> String {
    let (Some(open_key), Some(entry)) = (YAML_OPEN_KEY.as_ref(), YAML_ENTRY.as_ref()) else {
        return REDACTED.to_owned();
    };
    let mut out = String::with_capacity(text.len());
    // The indentation of the open key, whether its value is a block scalar, and its name.
    let mut open: Option<(usize, bool, &str)> = None;
    // The indentation from which entries belong to a map nested in the open one.
    let mut nested: Option<usize> = None;
    // The indentation of an entry of the open map whose value is a block scalar, and whether
    // that value goes.
    let mut child_block: Option<(usize, bool)> = None;
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if let Some((key_indent, block, name)) = open {
            if trimmed.is_empty() {
                out.push_str(line);
                continue;
            }
            // The lines of a block scalar under an entry of the map (`passwords:` then
            // `admin: |`): more indented than the entry's key.
            if let Some((child, hides)) = child_block {
                if indent > child {
                    if hides && !trimmed.starts_with(REDACTED) {
                        out.push_str(&line[..indent]);
                        out.push_str(REDACTED);
                    } else {
                        out.push_str(line);
                    }
                    continue;
                }
                child_block = None;
            }
            // A block list's scalar item (`password:` then `- x`, `api_keys:` then `- x`),
            // indented or at the key's own column as YAML allows; a mapping item
            // (`- name: x`) is left to its own keys.
            if !block
                && indent >= key_indent
                && let Some(item) = trimmed.strip_prefix("- ")
                && !entry.is_match(item.trim_start())
            {
                let item = item.trim();
                let flow = (item.starts_with('{')
                    && item.ends_with('}')
                    && crate::lists::names_map_of_secrets(name))
                .then(|| crate::containers::hide_flow_item(item));
                match flow.or_else(|| crate::lists::hide_block_item(name, item)) {
                    Some(hidden) => {
                        out.push_str(&line[..indent + 2]);
                        out.push_str(&hidden);
                    }
                    None => out.push_str(line),
                }
                continue;
            }
            // A map nested in a map of secrets (`passwords:` then `users:` then `alice: x`):
            // its entries are secrets too, so the outer key stays open.
            if !block
                && indent > key_indent
                && crate::lists::names_map_of_secrets(name)
                && let Some(key) = trimmed.trim_end().strip_suffix(':')
                && !key.is_empty()
                && !key.starts_with(['-', '#'])
                && !key.contains([' ', ':'])
            {
                nested = Some(indent + 1);
                out.push_str(line);
                continue;
            }
            // A mapping item of a list of secrets (`api_keys:` then `- type: service` then
            // `key: x`): its entries are read as a nested map's.
            let (lead, body) = match trimmed.strip_prefix("- ") {
                Some(item)
                    if !block
                        && indent >= key_indent
                        && entry.is_match(item.trim_start())
                        && crate::lists::names_map_of_secrets(name) =>
                {
                    nested = Some(indent + 2);
                    ("- ", item)
                }
                _ => ("", trimmed),
            };
            let in_nested = nested.is_some_and(|at| indent + lead.len() >= at);
            // An entry of a map of secrets (`api_tokens:` then `ci: x`): its value goes, its
            // key stays; a key about the secrets (`min_length: 8`) keeps its value, and so does
            // a credential's identity under a map of credentials (`username: bob`) and, in a
            // map nested below (`primary:` then `type: service`, a list's `- type: service`),
            // a key describing the credential (`type`, `name`, `id`, `description`,
            // `enabled`, `created`, `expires`).
            if !block
                && indent + lead.len() > key_indent
                && crate::lists::names_map_of_secrets(name)
                && let Some((key, value)) = body.split_once(": ")
                && !key.starts_with(['-', '#'])
                && !key.contains(' ')
                && !value.trim().is_empty()
                && !value.trim().starts_with('#')
            {
                // YAML's anchor and tag before the value (`admin: &pw x`, `admin: !!str x`)
                // stay with the key.
                let (properties, value) = yaml_properties(value.trim());
                let key_parts = crate::names::parts(key);
                // `adminPasswordKey: password` (Helm's `secretKeys:`): the key a Secret holds
                // the password under.
                let about = key_parts
                    .last()
                    .is_some_and(|last| crate::names::NOT_THE_SECRET.contains(&last.as_str()))
                    || key_parts.ends_with(&["password".to_owned(), "key".to_owned()]);
                let identity = crate::lists::names_identity(name, key)
                    || (in_nested && crate::containers::describes(key));
                let hides = !about && !identity;
                // A block scalar (`admin: |`, `reader: >-`): its lines below are the value.
                if value.starts_with(['|', '>']) {
                    child_block = Some((indent + lead.len(), hides));
                    out.push_str(line);
                    continue;
                }
                // Hidden by an earlier pass (`stripe: [redacted]`): the map goes on.
                if value.is_empty() || value.starts_with(REDACTED) {
                    out.push_str(line);
                    continue;
                }
                // A flow list (`ci: [a, b]`): each item goes.
                if value.starts_with('[') {
                    let hidden = if hides {
                        crate::containers::hide_flow_item(value)
                    } else {
                        value.to_owned()
                    };
                    out.push_str(&format!(
                        "{}{lead}{key}: {properties}{hidden}",
                        &line[..indent]
                    ));
                    continue;
                }
                let flow_map = (hides && !value.starts_with("{{"))
                    .then(|| crate::lists::hide_flow_map(value))
                    .flatten();
                if let Some(hidden) = flow_map {
                    out.push_str(&format!(
                        "{}{lead}{key}: {properties}{hidden}",
                        &line[..indent]
                    ));
                } else if about
                    || identity
                    || crate::lists::map_value_keeps(value)
                    || names_another_secret(value)
                {
                    out.push_str(line);
                } else {
                    let quote = value
                        .chars()
                        .next()
                        .filter(|q| {
                            matches!(q, '"' | '\'') && value.len() > 1 && value.ends_with(*q)
                        })
                        .map_or(String::new(), String::from);
                    out.push_str(&format!(
                        "{}{lead}{key}: {properties}{quote}{REDACTED}{quote}",
                        &line[..indent]
                    ));
                }
                continue;
            }
            if indent > key_indent && (block || !entry.is_match(trimmed)) {
                out.push_str(&line[..indent]);
                out.push_str(if trimmed.starts_with(REDACTED) {
                    trimmed
                } else {
                    REDACTED
                });
                continue;
            }
            open = None;
            nested = None;
            child_block = None;
        }
        // Most lines cannot open a value below them: no regex for those.
        let tail = line.trim_end();
        let may_open =
            tail.ends_with(':') || (tail.contains(':') && tail.contains(['|', '>', '#']));
        if may_open
            && let Some(c) = open_key.captures(line)
            && let Some(name) = c.name("name")
            && is_secret_name(name.as_str())
        {
            open = Some((
                c.name("indent").map_or(0, |m| m.as_str().len()),
                c.name("block").is_some(),
                name.as_str(),
            ));
        }
        out.push_str(line);
    }
    out
}

/// A YAML value split into its anchor and tag (`&pw `, `!!str `, kept with their blank) and
/// the value after them.
fn yaml_properties(value: &str) -> (&str, &str) {
    let mut rest = value;
    while rest.starts_with(['&', '!']) {
        let word = rest.split_whitespace().next().unwrap_or(rest);
        rest = rest[word.len()..].trim_start();
    }
    (&value[..value.len() - rest.len()], rest)
}

/// Whether a base64 PEM block (`LS0tLS1CRUdJTi...`) is a private or static key rather than a
/// certificate: its label is decoded (the first 80 characters are enough).
fn base64_pem_is_secret(encoded: &str) -> bool {
    let label = String::from_utf8_lossy(&crate::base64::decode_prefix(encoded, 80)).into_owned();
    label.contains("PRIVATE KEY") || label.contains("OpenVPN Static key")
}

/// Whether a base64 word encodes a Basic login, `user:password` in printable text.
fn encodes_basic_login(encoded: &str) -> bool {
    let decoded = crate::base64::decode_prefix(encoded, 256);
    let Ok(text) = std::str::from_utf8(&decoded) else {
        return false;
    };
    text.split_once(':').is_some_and(|(user, password)| {
        !user.is_empty() && !password.is_empty() && text.chars().all(|c| !c.is_control())
    })
}

/// `name=value`, `name: value`, `"name": "value"`, `--name=value` where the name is a secret's.
fn redact_assignments(text: &str) -> String {
    let (Some(names), Some(values)) = (NAME_AND_SEPARATOR.as_ref(), VALUE.as_ref()) else {
        return REDACTED.to_owned();
    };
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut from = 0;
    while let Some(found) = names.captures_at(text, from) {
        let (Some(whole), Some(name)) = (found.get(0), found.name("name")) else {
            break;
        };
        from = whole.end();
        let rest = &text[whole.end()..];
        // `secret::Type`, `password == x`: code, not an assignment. `credential.https://host`
        // (`git config --list`'s `credential.https://github.com.username=alice`): a URL's
        // scheme after a dotted key's first parts, not a separator.
        if rest.starts_with(':')
            || rest.starts_with('=')
            || (rest.starts_with("//")
                && found.name("sep").is_some_and(|m| m.as_str() == ":")
                && name.as_str().contains('.'))
        {
            continue;
        }
        // Hidden by an earlier pass already.
        if rest
            .trim_start_matches(['"', '\'', '\\'])
            .starts_with(REDACTED)
        {
            continue;
        }
        // `password: [a, b]`: a list on its line is the lists pass's (`lists`), which hides
        // its items and keeps its brackets.
        if rest.starts_with('[')
            && rest
                .split('\n')
                .next()
                .is_some_and(|line| line.contains(']'))
        {
            continue;
        }
        // `api_keys: {stripe: x, mailgun: y}`, `tokens = { ci = "x" }`, `API_KEYS='{"a":
        // "x"}'`: a map of secrets on its line is the containers pass's (`containers`), which
        // hides its values and keeps its keys.
        if crate::containers::judges_flow_map(name.as_str(), rest)
            || (rest.starts_with(['\'', '"'])
                && crate::containers::judges_flow_map(name.as_str(), &rest[1..]))
        {
            continue;
        }
        // `[password]: https://...` (a Markdown link's label): only a quoted name closes a
        // subscript (`['password'] = 'x'`).
        // An unquoted subscript assigned with `=` is a setting (php-fpm's `env[DB_PASSWORD] =
        // x`, `php_admin_value[mysqli.default_pw] = x`).
        if text[name.end()..].starts_with(']')
            && !name.as_str().starts_with(['"', '\''])
            && found.name("sep").is_none_or(|m| m.as_str().trim() != "=")
        {
            continue;
        }
        // `expect "password:"; send ...`, `read -p "Password: " pw`: a bare name and its
        // separator inside a string that closes right after them is a prompt's text, and the
        // quote that follows ends that string rather than opening a value.
        if !name.as_str().starts_with(['"', '\'', '\\'])
            && let Some(quote) = rest.chars().next()
            && matches!(quote, '"' | '\'')
            && inside_string(text, name.start(), quote)
        {
            continue;
        }
        let name_text = name.as_str().trim_matches(['"', '\'', '\\']);
        let secret_name = is_secret_name(name_text)
            || java_property_key(name_text, rest)
            || pwd_is_password(name_text, rest)
            || crate::names::names_secret_command(name_text);
        // `session_id=...`, `sid=...`: a session's id, judged by its value's shape below.
        let session = !secret_name && crate::sessions::names_session(name_text);
        if !(secret_name || session)
            || reads_as_prose(text, &found)
            || test_status(name_text, &found, rest)
        {
            continue;
        }
        // `${PW:-x}`, `${PW:=x}`: the name of a reference whose operator starts as a
        // separator would; the default is the secret, the reference stays.
        if text[..name.start()].ends_with("${") {
            let at = name.start() - 2;
            if let Some(Some((start, end))) = reference_default(&text[at..])
                && at + start >= copied
            {
                out.push_str(&text[copied..at + start]);
                out.push_str(REDACTED);
                copied = at + end;
                from = from.max(copied);
            }
            continue;
        }
        // ODBC and ADO.NET quote a value holding `;` in braces: `Password={a;b};`.
        if found.name("sep").is_some_and(|m| m.as_str().trim() == "=")
            && rest.starts_with('{')
            && !rest.starts_with("{{")
            && let Some(close) = rest.split('\n').next().and_then(|line| line.find('}'))
        {
            out.push_str(&text[copied..whole.end()]);
            out.push_str(REDACTED);
            copied = whole.end() + close + 1;
            from = copied;
            continue;
        }
        // `${DB_PASSWORD:-x}`, `env('DB_PASSWORD', 'x')`, `os.getenv("TOKEN", "x")`: a
        // reference with a default; the default is the secret, the reference stays.
        if !crate::names::names_secret_command(name_text)
            && let Some(default) = reference_default(rest)
        {
            if let Some((start, end)) = default {
                out.push_str(&text[copied..whole.end() + start]);
                out.push_str(REDACTED);
                copied = whole.end() + end;
            }
            // The search goes on after the default, or after the call or the reference that
            // has none (`Settings(api_key=Foo('abc'), db_password='x')`): the settings after
            // it on the line are judged as any other.
            let line = rest.split('\n').next().unwrap_or("");
            from = whole.end()
                + default.map_or_else(
                    || line.find([')', '}']).map_or(0, |close| close + 1),
                    |(_, end)| end,
                );
            from = from.max(copied);
            continue;
        }
        // YAML's anchor or tag before the value (`password: &pw x`, `password: !!str x`), or
        // a declared type before a literal (`token: String = "x"`, `API_KEY: Final = "x"`).
        let base = whole.end() + yaml_anchor_or_tag(&found, rest) + declared_type(&found, rest);
        let base = base + emphasis_closer_len(&text[..name.start()], name.as_str(), &text[base..]);
        let rest = &text[base..];
        if rest.starts_with(REDACTED) {
            continue;
        }
        // `password=Optional[x]` (a settings object printed with its types): the value inside
        // the wrapper goes, the wrapper stays; `password: Optional[str]` names a type.
        if let Some((open_len, inner_len)) = typed_wrapper(rest) {
            let inner = &rest[open_len..open_len + inner_len];
            if !type_name(inner) && !keeps_value(name_text, inner) {
                out.push_str(&text[copied..base + open_len]);
                out.push_str(REDACTED);
                copied = base + open_len + inner_len;
            }
            from = base + open_len + inner_len;
            continue;
        }
        // A kubelet's `volume "creds" : secret "db-creds" not found`: Kubernetes' phrase
        // about an object (its kind, its name, what went wrong), not the value of `creds`.
        if let Some(len) = crate::resourcelines::object_phrase_len(rest) {
            from = base + len;
            continue;
        }
        // `failed for volume "secret-volume" : references non-existent secret key`: the quoted
        // word after `volume` is the volume's name, and the kubelet's message follows it.
        if name.as_str().starts_with('"')
            && text[..name.start()]
                .rsplit('\n')
                .next()
                .is_some_and(|before| before.trim_end().ends_with(" volume"))
        {
            from = base;
            continue;
        }
        // `Token: gho_****...` (`gh auth status`), `****************ABCD`: the tool masked it.
        if let Some(word) = rest.split(char::is_whitespace).next()
            && masked(word.trim_matches(['"', '\'', ',']))
        {
            from = base + word.len();
            continue;
        }
        // `password: <your password here>`: help text's or an example's placeholder, written
        // over several words.
        if let Some(len) = crate::placeholders::angle_bracketed_len(rest) {
            from = base + len;
            continue;
        }
        // npm's `config list`: `_authToken = (protected)`, a tool's own mark for a value it
        // does not print.
        if let Some(word) = rest.split(char::is_whitespace).next()
            && word.starts_with('(')
            && crate::placeholders::stands_in(word)
        {
            from = base + word.len();
            continue;
        }
        // `password: <Tr0ub4dor&3`: a value that starts with `<` without being a placeholder
        // (a here-document's `<<`, a substitution's `<(` and a template's `<%` are not values).
        if let Some(after) = rest.strip_prefix('<')
            && after.starts_with(|c: char| c.is_ascii_alphanumeric())
        {
            let len = rest
                .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | ','))
                .unwrap_or(rest.len());
            out.push_str(&text[copied..base]);
            out.push_str(REDACTED);
            copied = base + len;
            from = copied;
            continue;
        }
        let Some(value) = values.find(rest) else {
            continue;
        };
        let raw = value.as_str();
        let (open, inner, close) = split_quotes(raw);
        // `deploy_key: 'deploy_key'`: a name quoted as its own value is not a secret.
        // `Authorization: NTLM [redacted]`: a scheme's word before a credential hidden above.
        let scheme_of_hidden = open.is_empty()
            && inner
                .chars()
                .all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '-' | '_' | '.'))
            && rest[value.end()..]
                .trim_start_matches([' ', '\t', '"', '\''])
                .starts_with(REDACTED);
        // `auth = HTTPBasicAuth('bob', 'x')`, `password = getpass()`: a call computes the
        // value; its quoted arguments are judged by the call passes. Not for a command that
        // prints the password (`remotepasseval = get_password("x")`), hidden whole.
        let call = open.is_empty()
            && !crate::names::names_secret_command(name_text)
            && inner.len() > 1
            // `api_key = config["api_key"]`, `os.environ["API_KEY"]`: a lookup by key, also
            // a reference.
            && (inner.ends_with('(')
                || (inner.ends_with('[') && rest[value.end()..].starts_with(['"', '\''])))
            && inner[..inner.len() - 1]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | ':'))
            // `SECRET_KEY=abc(def)ghi&x`: letters after the closing parenthesis make a word of
            // the value, not a call.
            && !word_after_parenthesis(&rest[value.end()..]);
        // `WEBHOOK_URL="https://x/y?sig=[redacted]&team=ops"`: a URL hidden in part by an
        // earlier pass still goes whole under a secret's name, as it does unquoted.
        // An ntfy topic's URL keeps its server (`NTFY_URL=https://ntfy.example/[redacted]`);
        // unquoted, the value read stops inside the mark, so it is judged to its end.
        let whole_url = if open.is_empty() {
            let end = value.end() + url_tail(&rest[..value.end()], &rest[value.end()..]);
            &rest[..end]
        } else {
            inner
        };
        let partly_hidden_url = inner.contains("://")
            && inner.contains(REDACTED)
            && inner != REDACTED
            && !crate::capability::ntfy_topic_hidden(name_text, whole_url);
        let ntfy_topic_hidden = crate::capability::ntfy_topic_hidden(name_text, whole_url);
        if (keeps_value(name_text, inner) && !partly_hidden_url)
            || ntfy_topic_hidden
            || call
            || (session && !crate::sessions::token_shaped(inner))
            || scheme_of_hidden
            || inner == name_text
            || (open.is_empty() && code_reference(inner))
            // Terraform's plan: `password = (sensitive value)`, `(known after apply)`.
            || (open.is_empty() && matches!(inner, "(sensitive" | "(known"))
            // `Private-Key: (2048 bit, 2 primes)`: OpenSSL's size of the key dumped below.
            || (open.is_empty()
                && inner.starts_with('(')
                && rest[value.end()..].trim_start().starts_with("bit"))
            || (open.is_empty() && starts_sentence(&found, inner, &rest[value.end()..]))
            // `Invalid value for "password": must be at least 12 characters`: a quoted name
            // inside a sentence, and a sentence after it.
            || (open.is_empty()
                && quoted_in_prose(text, name.start())
                && starts_sentence_after_quoted(inner, &rest[value.end()..]))
            || (found.name("sep").is_some_and(|m| m.as_str() == ":")
                && ARCHITECTURES.contains(&inner))
        {
            from = base + value.end();
            continue;
        }
        let end = if open.is_empty() && !session {
            value.end() + unquoted_value_tail(text, &found, &rest[value.end()..])
        } else {
            value.end()
        };
        // `for "password": correct horse battery staple`: after a name quoted in prose, the
        // words to the line's end are the passphrase (a sentence there stayed above).
        // A message there (`Password must contain a digit`, `expected string, got int`) keeps
        // its words after the first: a passphrase's are words alone, none a sentence's.
        let end = if open.is_empty() && quoted_in_prose(text, name.start()) {
            // A full stop or a `!` ending the line stays the sentence's.
            let line = rest[end..]
                .split('\n')
                .next()
                .unwrap_or("")
                .trim_end()
                .trim_end_matches(['.', '!']);
            let words_alone = line.starts_with(' ')
                && line.split_whitespace().all(|w| {
                    w.chars()
                        .all(|c| c.is_alphanumeric() || matches!(c, '-' | '\''))
                        && !SENTENCE_WORDS.contains(&w.to_lowercase().as_str())
                });
            if words_alone { end + line.len() } else { end }
        } else {
            end
        };
        // `WEBHOOK_URL=https://x/y?sig=abc&b=c`: a URL under a secret's name goes whole, its
        // query's later parameters too, and a part hidden by an earlier pass with it.
        let end = if open.is_empty() {
            end + url_tail(&rest[..end], &rest[end..])
        } else {
            end
        };
        let whole_value = if open.is_empty() { &rest[..end] } else { inner };
        // `{{ lookup('env', 'PW') | default('x') }}`: a template's reference whose default is
        // a literal; the reference stays and the default goes.
        if let Some((start, end)) = template_default(whole_value) {
            let at = base + (whole_value.as_ptr() as usize - rest.as_ptr() as usize);
            out.push_str(&text[copied..at + start]);
            out.push_str(REDACTED);
            copied = at + end;
            from = base + end.max(value.end());
            from = from.max(copied);
            continue;
        }
        // `passwordeval = "pass show mail"`, `remotepasseval = keyring.get_password(...)`: a
        // command that fetches the password from a store names where it is.
        if names_another_secret(whole_value)
            || (crate::names::names_secret_command(name_text)
                && crate::stores::fetches_from_store(whole_value))
        {
            from = base + end;
            continue;
        }
        out.push_str(&text[copied..base]);
        out.push_str(open);
        // `AUTH=alice:PASS`, `--auth=alice:PASS`: a login written as one value keeps its user.
        if let Some(at) = crate::credpairs::named_login_password(name_text, whole_value) {
            out.push_str(&whole_value[..at]);
        }
        out.push_str(REDACTED);
        out.push_str(close);
        copied = base + end;
        from = copied;
    }
    out.push_str(&text[copied..]);
    out
}

/// How far an unquoted URL value read up to `value` goes on in `after`: over its query's
/// separators (`&`, `;`) and brackets, and over the rest of a [`REDACTED`] an earlier pass left
/// in it, to the next blank, quote, comma or closing parenthesis.
fn url_tail(value: &str, after: &str) -> usize {
    let open_mark = (1..REDACTED.len())
        .find(|&cut| value.ends_with(&REDACTED[..cut]) && after.starts_with(&REDACTED[cut..]))
        .map_or(0, |cut| REDACTED.len() - cut);
    if !value.contains("://") {
        return open_mark;
    }
    after
        .find(|c: char| {
            c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | ')' | '}' | '`' | ',')
        })
        .unwrap_or(after.len())
}

/// A value that refers to a variable with a default (`${NAME:-x}`, `${NAME=x}`, also quoted;
/// `env('NAME', 'x')`, `os.getenv("NAME", "x")`, `getenv(...)`, `config(...)`), or a call
/// computing it from a literal (`str("x")`): `Some` with the literal's byte range in `rest`
/// when it holds one to hide, `Some(None)` for a reference or call without one (`${NAME}`,
/// `env('NAME')`, `getpass()`), `None` for any other value.
pub(crate) fn reference_default(rest: &str) -> Option<Option<(usize, usize)>> {
    let line = rest.split('\n').next().unwrap_or("");
    let quote = line.len() - line.trim_start_matches(['"', '\'']).len();
    let unquoted = &line[quote..];
    if let Some(inner) = unquoted.strip_prefix("${") {
        let name_len = inner
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(inner.len());
        let after = &inner[name_len..];
        // `${NAME:?message}` and `${NAME:+word}` carry no default value.
        if after.starts_with(['?', '+']) || after.starts_with(":?") || after.starts_with(":+") {
            return Some(None);
        }
        let operator = [":-", ":=", "-", "="]
            .iter()
            .find(|op| after.starts_with(**op))?;
        let close = after.find('}')?;
        let start = quote + 2 + name_len + operator.len();
        let end = quote + 2 + name_len + close;
        let default = &line[start..end];
        if default.is_empty() || default.starts_with('$') || default.contains(REDACTED) {
            return Some(None);
        }
        return Some(Some((start, end)));
    }
    if quote > 0 {
        return None;
    }
    // A call of a configuration or environment getter.
    let open = unquoted.find('(')?;
    let callee = &unquoted[..open];
    let getter = callee
        .rsplit(['.', ':'])
        .next()
        .unwrap_or(callee)
        .to_ascii_lowercase();
    if callee.is_empty()
        || !callee
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | ':'))
    {
        return None;
    }
    // `getpass.getpass("Password: ")`, `input("Token: ")`: a prompt, not the value.
    if matches!(
        getter.as_str(),
        "getpass" | "input" | "raw_input" | "prompt" | "askpass" | "read_password" | "readline"
    ) {
        return Some(None);
    }
    let getter = matches!(
        getter.as_str(),
        "env" | "getenv" | "get" | "config" | "environ" | "fetch" | "getproperty" | "get_env"
    );
    // `SECRET_KEY=abc(def)ghi&x`: a word of the value, not a call.
    if word_after_parenthesis(&unquoted[open + 1..]) {
        return None;
    }
    // A call nested in the call (`SecretStr(get("x"))`, `Some(String::from("x"))`,
    // `Some(Secret::new("x".to_string()))`): the innermost call's literal is the value, judged
    // as that call's own.
    let inner_start =
        open + 1 + (unquoted[open + 1..].len() - unquoted[open + 1..].trim_start().len());
    let nested = &unquoted[inner_start..];
    let nested_callee = nested.find('(').map(|at| &nested[..at]);
    if nested_callee.is_some_and(|callee| {
        !callee.is_empty()
            && callee.starts_with(|c: char| c.is_ascii_alphabetic())
            && callee
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | ':'))
    }) {
        return match reference_default(nested)? {
            Some((start, end)) => Some(Some((inner_start + start, inner_start + end))),
            None => Some(None),
        };
    }
    let close = open + unquoted[open..].find(')')?;
    let arguments = &unquoted[open + 1..close];
    // A literal with a conversion after it (`"x".to_string()`, `"x".into()`): the literal.
    let arguments = literal_before_conversion(arguments).unwrap_or(arguments);
    // A getter's default is its last argument after the variable's name; any other call's
    // literal (`str("x")`, `b64decode("x")`) is the value it computes from. A getter's
    // one argument is the variable's name, unless it reads as no name does: a word of capitals,
    // small letters and digits together or with symbols (`get("Tulipgarden42")`).
    let candidates: Vec<&str> = if getter {
        match arguments.rsplit_once(',') {
            Some((_, last)) => vec![last],
            None if !literal_not_a_name(arguments) => return Some(None),
            None => vec![arguments],
        }
    } else {
        // Any other call's arguments in order: the first literal that is no name
        // (`bytes("x", "utf-8")`: the value, then its encoding; `Secret("db", "x")`).
        arguments.split(',').collect()
    };
    for argument in candidates {
        let literal = argument.trim();
        let (left, inner, right) = split_quotes(literal);
        // `config.get("db", "password")`: a key's name, not a default; a user's or a
        // variable's name given to another call (`lookup("bob")`) is not a secret either.
        let word = inner
            .chars()
            .all(|c| c.is_ascii_alphabetic() || matches!(c, '_' | '-' | '.'));
        let key_name = word && (is_secret_name(inner) || !getter);
        if left.is_empty()
            || right.is_empty()
            || inner.is_empty()
            || inner.contains(REDACTED)
            || key_name
            || (!getter && ENCODINGS.contains(&inner.to_ascii_lowercase().as_str()))
        {
            continue;
        }
        // Where the argument starts in `arguments`, which start after the opening parenthesis.
        let at = argument.as_ptr() as usize - arguments.as_ptr() as usize;
        let start = open + 1 + at + (argument.len() - argument.trim_start().len()) + left.len();
        return Some(Some((start, start + inner.len())));
    }
    Some(None)
}

/// The length of Markdown's emphasis closing after a label's separator (`**Password:** x`,
/// `__Token:__ x`) and the blanks after it, where the same emphasis opened before the name:
/// the value follows it. Zero for any other text.
fn emphasis_closer_len(before_name: &str, name: &str, rest: &str) -> usize {
    ["**", "__"]
        .iter()
        .find(|marker| {
            (before_name.ends_with(**marker) || name.starts_with(**marker))
                && rest.starts_with(**marker)
        })
        .map_or(0, |marker| {
            let after = &rest[marker.len()..];
            marker.len() + after.len() - after.trim_start_matches([' ', '\t']).len()
        })
}

/// Whether `name` is a Java system property given on a command line whose last part names the
/// application's own key (`-Dpush.installation.key=x`), as `-Ddb.password` names its password,
/// and `rest` gives it a value rather than the key's file or a reference (`-Dapp.key=/etc/app.key`,
/// `-Dapp.key=$KEY`); bookkeeping keys stay (`-Dkafka.partition.key`, see `keysettings.rs`).
fn java_property_key(name: &str, rest: &str) -> bool {
    name.strip_prefix("-D").is_some_and(|property| {
        property.contains('.') && crate::keysettings::names_own_key(property)
    }) && !rest
        .trim_start_matches(['"', '\''])
        .starts_with(['/', '~', '.', '$', '%', '{', '<'])
}

/// A value wrapped in a generic type's name (`Optional[x]`, `typing.Optional[x]`,
/// `Some[x]`, `SecretStr[x]`) that ends the value: the lengths of the wrapper's opening
/// (`Optional[`) and of what it wraps, or `None` for any other value. Only wrappers' names
/// count, so a password holding brackets (`Tulip[42]`) stays one value.
fn typed_wrapper(rest: &str) -> Option<(usize, usize)> {
    const WRAPPERS: &[&str] = &[
        "optional",
        "option",
        "some",
        "secret",
        "secretstr",
        "secretbytes",
        "secretstring",
        "sensitive",
        "masked",
        "union",
        "box",
    ];
    let line = rest.split('\n').next().unwrap_or("");
    let open = line.find('[')?;
    let wrapper = &line[..open];
    // The bracket that closes the wrapper's, over those a type nests (`Optional[Dict[str, str]]`).
    let mut depth = 0usize;
    let inner_len = line[open + 1..].find(|c: char| match c {
        '[' => {
            depth += 1;
            false
        }
        ']' if depth > 0 => {
            depth -= 1;
            false
        }
        ']' => true,
        _ => false,
    })?;
    let after = &line[open + 1 + inner_len + 1..];
    let dotted_name = wrapper
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.'));
    let last = wrapper.rsplit('.').next().unwrap_or(wrapper);
    (dotted_name
        && last.starts_with(|c: char| c.is_ascii_uppercase())
        && WRAPPERS.contains(&last.to_ascii_lowercase().as_str())
        && inner_len > 0
        && after
            .chars()
            .next()
            .is_none_or(|c| c.is_whitespace() || matches!(c, ',' | ')' | '}' | ';' | '"' | '\'')))
    .then_some((open + 1, inner_len))
}

/// Whether what a generic type wraps is itself a type: a builtin's or a library's name (`str`,
/// `SecretStr`, `String`), a name in camel case of letters alone (`HttpUrl`), or a type's
/// own parameters (`Dict[str`, `Union[str, None`).
fn type_name(inner: &str) -> bool {
    const TYPES: &[&str] = &[
        "str",
        "string",
        "bytes",
        "int",
        "float",
        "bool",
        "dict",
        "list",
        "tuple",
        "set",
        "any",
        "none",
        "object",
        "secretstr",
        "secretbytes",
        "text",
        "path",
        "url",
    ];
    let last = inner.rsplit('.').next().unwrap_or(inner);
    let camel = last.chars().all(|c| c.is_ascii_alphabetic())
        && last.chars().filter(char::is_ascii_uppercase).count() >= 2
        && last.starts_with(|c: char| c.is_ascii_uppercase());
    TYPES.contains(&last.to_ascii_lowercase().as_str())
        || camel
        || inner.contains(['[', ',', ' ', '|'])
}

/// Text encodings a conversion names beside its value (`bytes("x", "utf-8")`).
const ENCODINGS: &[&str] = &[
    "utf-8", "utf8", "ascii", "latin-1", "latin1", "utf-16", "base64", "hex",
];

/// `arguments` without a conversion called on its literal (`"x".to_string(`, `"x".into(`,
/// `'x'.encode(`: the first `)` cut the call's arguments there).
fn literal_before_conversion(arguments: &str) -> Option<&str> {
    let trimmed = arguments.trim_end();
    let open = trimmed.strip_suffix('(')?;
    let dot = open.rfind('.')?;
    let method = &open[dot + 1..];
    let literal = &open[..dot];
    (matches!(
        method,
        "to_string" | "to_owned" | "into" | "encode" | "strip" | "as_str" | "to_vec"
    ) && literal.trim().ends_with(['"', '\'']))
    .then_some(literal)
}

/// Whether a quoted getter's argument reads as no variable's name does: capitals, small
/// letters and digits together (`Tulipgarden42`), or a character no name holds (`S3cr3t!`).
fn literal_not_a_name(argument: &str) -> bool {
    let (left, inner, right) = split_quotes(argument.trim());
    if left.is_empty() || right.is_empty() || inner.is_empty() {
        return false;
    }
    let symbol = inner
        .chars()
        .any(|c| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '/' | ':')));
    let mixed = inner.chars().any(|c| c.is_ascii_digit())
        && inner.chars().any(|c| c.is_ascii_lowercase())
        && inner.chars().any(|c| c.is_ascii_uppercase());
    symbol || mixed
}

/// Whether `at` lies inside a string opened by `quote` earlier on its line: an odd number of
/// unescaped `quote`s stands between the line's start and `at`.
fn inside_string(text: &str, at: usize, quote: char) -> bool {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let mut escaped = false;
    let mut open = false;
    for ch in text[line_start..at].chars() {
        if escaped {
            escaped = false;
        } else if ch == '\\' {
            escaped = true;
        } else if ch == quote {
            open = !open;
        }
    }
    open
}

/// The length of a YAML anchor or tag (`&pw `, `!!str `) that stands before a value on its
/// line, after `name:`.
fn yaml_anchor_or_tag(found: &Captures, rest: &str) -> usize {
    if found.name("sep").is_none_or(|m| m.as_str().trim() != ":")
        || !(rest.starts_with('&') || rest.starts_with("!!"))
    {
        return 0;
    }
    let line = rest.split('\n').next().unwrap_or("");
    match line.find([' ', '\t']) {
        Some(at) if !line[at..].trim().is_empty() => {
            at + line[at..].len() - line[at..].trim_start().len()
        }
        _ => 0,
    }
}

/// A type annotation between a name and its literal: `token: String = "x"` (Rust, Kotlin,
/// Swift, TypeScript), `password: str = "x"`, `API_KEY: Final = "x"` (Python).
static TYPE_ANNOTATION: Pattern = LazyLock::new(|| {
    compile(
        r#"\A&?(?:'static[ \t]+)?[A-Za-z_][A-Za-z0-9_.:]*(?:<[^=\n]*>|\[[^=\n]*\])?\??[ \t]*=[ \t]*"#,
    )
});

/// The length of a type annotation before a quoted literal after `name:`, or 0.
fn declared_type(found: &Captures, rest: &str) -> usize {
    if found.name("sep").is_none_or(|m| m.as_str().trim() != ":") {
        return 0;
    }
    match TYPE_ANNOTATION.as_ref().and_then(|r| r.find(rest)) {
        Some(m)
            if rest[m.end()..]
                .trim_start_matches(['b', 'B', 'r', 'R', 'u', 'U', 'f', 'F'])
                .starts_with(['"', '\'']) =>
        {
            m.end()
        }
        _ => 0,
    }
}

/// Test runners' status lines (`PASS: test_login`, Go's `--- PASS: TestX`): the word `PASS`
/// in capitals before `:` is a result, not a password's name.
fn test_status(name: &str, found: &Captures, rest: &str) -> bool {
    (name == "PASS" && found.name("sep").is_some_and(|m| m.as_str().trim() == ":"))
        // `pass: 12 fail: 0 skip: 1`, `pass=3, fail=0`: a test run's counts on one line.
        || (name.eq_ignore_ascii_case("pass")
            && count_summary(rest.lines().next().unwrap_or_default().trim()))
}

/// `PWD` is the shell's working directory (`PWD=/home/u`), but ODBC's password
/// (`UID=sa;PWD=Str0ng;`): a value that is not a path is a password.
fn pwd_is_password(name: &str, rest: &str) -> bool {
    name.eq_ignore_ascii_case("pwd")
        && rest.starts_with(|c: char| !c.is_whitespace() && !matches!(c, '/' | '~' | '.' | '$'))
}

/// A literal default inside a template's expression (Jinja's and Ansible's `{{ x |
/// default('PASS') }}`, `| d("PASS")`): its byte range in `value`.
static TEMPLATE_DEFAULT: Pattern = LazyLock::new(|| {
    compile(r#"\|[ \t]*(?:default|d)\([ \t]*(?:'(?P<single>[^'\n]+)'|"(?P<double>[^"\n]+)")"#)
});

fn template_default(value: &str) -> Option<(usize, usize)> {
    if !value.trim_start().starts_with("{{") {
        return None;
    }
    let found = TEMPLATE_DEFAULT.as_ref()?.captures(value)?;
    let literal = found.name("single").or(found.name("double"))?;
    if literal.as_str().contains(REDACTED) || literal.as_str().starts_with(['$', '{']) {
        return None;
    }
    Some((literal.start(), literal.end()))
}

/// Whether a value stands for a secret kept elsewhere rather than being one: template and
/// interpolation references (`{{ db_password }}`, `%(DB_PASSWORD)s`, `<%= ENV['X'] %>`,
/// `$(cat /run/secrets/x)`), tags naming a secret (`!secret db_password`, `!vault`), SOPS
/// ciphertext (`ENC[AES256_GCM,...]`), a mask (`********`), a Secrets Manager ARN, or the
/// opening of a list or map whose items follow.
fn names_another_secret(value: &str) -> bool {
    let value = value.trim();
    // `${{ secrets.GH_TOKEN }}`: GitHub Actions' and Azure Pipelines' expressions.
    ["{{", "{%", "%(", "<%", "$(", "${{"]
        .iter()
        .any(|open| value.starts_with(open))
        || value.starts_with("!secret ")
        || value.starts_with("!vault")
        || value.starts_with("ENC[")
        || value.starts_with("arn:aws:secretsmanager:")
        || (value.len() >= 3 && value.chars().all(|c| c == '*'))
        || matches!(value, "[" | "{" | "(")
        || powershell_call(value)
}

/// Objects code reads settings and secrets from: a dotted path starting with one of these is
/// a lookup (`settings.DB_PASSWORD`, `process.env.API_KEY`, `self.config.token`).
const SETTING_ROOTS: &[&str] = &[
    "self",
    "this",
    "cls",
    "settings",
    "config",
    "conf",
    "cfg",
    "configuration",
    "process",
    "os",
    "env",
    "environ",
    "secrets",
    "vars",
    "var",
    "local",
    "locals",
    "data",
    "module",
    "app",
    "params",
    "props",
    "options",
    "opts",
    "ctx",
    "context",
    "request",
    "req",
    "credentials",
    "creds",
    "args",
    "values",
    "inputs",
    "properties",
    "spec",
];

/// Whether an unquoted value is an expression in code naming where the secret lives rather
/// than the secret: a dotted path of identifiers (`settings.DB_PASSWORD`,
/// `self.config.api_token`, `process.env.TOKEN`) that starts at an object holding settings or
/// ends at a secret's name. A literal with dots (`Summer.2024`, `hunter2.x`) is not one.
fn code_reference(value: &str) -> bool {
    let value = value.trim_end_matches([';', ',']);
    let segments: Vec<&str> = value.split('.').collect();
    let identifier = |s: &str| {
        s.starts_with(|c: char| c.is_ascii_alphabetic() || matches!(c, '_' | '$'))
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '$'))
    };
    let (Some(first), Some(last)) = (segments.first(), segments.last()) else {
        return false;
    };
    segments.len() >= 2
        && segments.iter().all(|s| identifier(s))
        && (SETTING_ROOTS.contains(&first.to_ascii_lowercase().as_str()) || is_secret_name(last))
}

/// A PowerShell cmdlet producing the value (`$pw = Read-Host -AsSecureString`,
/// `ConvertTo-SecureString $plain`): a command, whose own arguments are judged where they are.
fn powershell_call(value: &str) -> bool {
    value.split_once('-').is_some_and(|(verb, noun)| {
        matches!(
            verb,
            "Get"
                | "Read"
                | "ConvertTo"
                | "ConvertFrom"
                | "New"
                | "Import"
                | "Invoke"
                | "Unprotect"
        ) && noun.starts_with(|c: char| c.is_ascii_uppercase())
            && noun.chars().all(|c| c.is_ascii_alphanumeric())
    })
}

/// Whether the `secret` of a header-shaped match is a word of a sentence: a lowercase word of
/// letters (at most 16, a sentence's last word may keep its `.`) followed on its line by another
/// word of letters, or ending the sentence. Credentials are not lowercase dictionary words
/// followed by more words; `Authorization: abc123` and `Bearer eyJ...` stay secrets.
fn prose_follows(c: &Captures, text: &str) -> bool {
    let (Some(secret), Some(whole)) = (c.name("secret"), c.get(0)) else {
        return false;
    };
    let word = secret.as_str();
    let bare = word.trim_end_matches(['.', ',', ':', '!', '?']);
    if NOT_SECRETS.contains(&bare) {
        return true;
    }
    if bare.is_empty() || bare.len() > 16 || !bare.chars().all(|ch| ch.is_ascii_lowercase()) {
        return false;
    }
    if bare.len() < word.len() {
        return true;
    }
    let next = text[whole.end()..]
        .split('\n')
        .next()
        .unwrap_or("")
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_end_matches(['.', ',', ':', '!', '?']);
    next.len() >= 2 && next.chars().all(char::is_alphabetic)
}

/// Words that end a sentence about authorization rather than a credential
/// (`Authorization: Access denied`, `Authorization: Header missing`).
const HEADER_STATUS_WORDS: &[&str] = &[
    "denied",
    "granted",
    "missing",
    "invalid",
    "failed",
    "failure",
    "expired",
    "accepted",
    "rejected",
    "refused",
    "needed",
    "error",
    "pending",
    "successful",
    "success",
    "ok",
    "header",
    "present",
    "absent",
    "empty",
    "only",
    "here",
    "below",
    "above",
];

/// PAM control words, which follow `password` at the start of a PAM line.
const PAM_CONTROLS: &[&str] = &[
    "required",
    "requisite",
    "sufficient",
    "optional",
    "include",
    "substack",
];

/// Debian architectures: `libsecret-1-0:amd64` is a package, not `name:value`.
const ARCHITECTURES: &[&str] = &[
    "amd64", "arm64", "armhf", "armel", "i386", "all", "any", "ppc64el", "s390x", "riscv64",
    "mips64el",
];

/// Words that count things after a number: `password:  16 bytes` (kubectl describe), `Mot de
/// passe : 12 caractères minimum`.
const UNITS: &[&str] = &[
    "bytes",
    "byte",
    "characters",
    "chars",
    "caractères",
    "caracteres",
    "zeichen",
    "digits",
    "chiffres",
    "letters",
    "days",
    "jours",
    "tage",
    // `password: 3 attempts left`: a login prompt's count of tries.
    "attempts",
    "attempt",
    "tries",
    "retries",
];

/// nsswitch.conf sources: `passwd: files systemd` names where accounts come from.
const NSS_SOURCES: &[&str] = &[
    "files",
    "systemd",
    "compat",
    "sss",
    "ldap",
    "nis",
    "nisplus",
    "db",
    "winbind",
    "extrausers",
    "cache",
    "mymachines",
    "altfiles",
    "usrfiles",
    "resolve",
];

/// Whether a `name: value` match is a sentence rather than a secret: `Password: the password
/// must be…`, `Token: see the runbook.`, `mot de passe : il expire demain`, `Passwort: siehe
/// Tresor`, `passwd: password updated successfully`. Only with `:`, an unquoted name, and a
/// value of lowercase letters followed on its line by another word of letters; or a number
/// followed by a unit. `passwd: files` (nsswitch) is a source list.
/// Whether the parenthesis a call opened just before `after` closes on its line with a letter,
/// a digit or a symbol of a word right after it (`abc(def)ghi`), as no call's does: a call's
/// closing parenthesis ends the line or comes before a blank, a separator, another closing
/// bracket or a method's `.`.
fn word_after_parenthesis(after: &str) -> bool {
    let line = after.split('\n').next().unwrap_or("");
    let mut depth = 1usize;
    for (i, c) in line.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return line[i + 1..].starts_with(|n: char| {
                        n.is_ascii_alphanumeric()
                            || matches!(
                                n,
                                '&' | '!'
                                    | '@'
                                    | '#'
                                    | '%'
                                    | '^'
                                    | '*'
                                    | '+'
                                    | '='
                                    | '-'
                                    | '_'
                                    | '$'
                            )
                    });
                }
            }
            _ => {}
        }
    }
    false
}

/// Whether the name at `at` is quoted inside a sentence: a word and a blank stand before its
/// quote on its line (`Invalid value for "password":`), where a JSON member or a YAML key has
/// nothing, a `{`, a `,` or a `[` before it.
fn quoted_in_prose(text: &str, at: usize) -> bool {
    text[at..].starts_with(['"', '\''])
        && text[..at].rsplit('\n').next().is_some_and(|before| {
            before.ends_with(' ')
                && before
                    .trim_end()
                    .ends_with(|c: char| c.is_ascii_alphabetic())
        })
}

/// [`starts_sentence`]'s judgment of a value of words after a name quoted in prose: lower-case
/// words, a word after the first, and a word a sentence is hardly written without among them.
fn starts_sentence_after_quoted(value: &str, after: &str) -> bool {
    let line_rest = after.split('\n').next().unwrap_or("");
    let next_word = line_rest
        .trim_start()
        .split([' ', '\t'])
        .next()
        .unwrap_or("")
        .trim_end_matches(['.', ',', ';', '!', '?', ':']);
    let is_word = |w: &str| w.chars().count() >= 2 && w.chars().all(char::is_alphabetic);
    is_word(value)
        && value.chars().all(char::is_lowercase)
        && is_word(next_word)
        && holds_sentence_word(value, line_rest)
}

fn starts_sentence(found: &Captures, value: &str, after: &str) -> bool {
    let (Some(name), Some(sep)) = (found.name("name"), found.name("sep")) else {
        return false;
    };
    if sep.as_str().trim() != ":" || name.as_str().starts_with(['"', '\'', '\\', '-']) {
        return false;
    }
    let line_rest = after.split('\n').next().unwrap_or("");
    let next_word = line_rest
        .strip_prefix([' ', '\t'])
        .map(|r| r.trim_start().split([' ', '\t']).next().unwrap_or(""))
        .unwrap_or("")
        .trim_end_matches(['.', ',', ';', '!', '?', ':']);
    if name.as_str().eq_ignore_ascii_case("passwd")
        && NSS_SOURCES.contains(&value)
        && line_rest
            .split_whitespace()
            .all(|w| NSS_SOURCES.contains(&w) || w.starts_with('['))
    {
        return true;
    }
    let is_word = |w: &str| w.chars().count() >= 2 && w.chars().all(char::is_alphabetic);
    if value.chars().all(|c| c.is_ascii_digit()) {
        return UNITS.contains(&next_word.to_lowercase().as_str());
    }
    is_word(value)
        && value.chars().all(char::is_lowercase)
        && is_word(next_word)
        && holds_sentence_word(value, line_rest)
}

/// Words a sentence is hardly written without (English, French, German, Spanish) and the
/// status words of programs' messages. A value of plain lowercase words is a passphrase as
/// often as prose (`password: correct horse battery staple`); only one of these words among
/// its first few makes it prose.
pub(crate) const SENTENCE_WORDS: &[&str] = &[
    "the",
    "a",
    "an",
    "is",
    "are",
    "be",
    "must",
    "see",
    "to",
    "of",
    "in",
    "for",
    "not",
    "and",
    "or",
    "it",
    "this",
    "that",
    "with",
    "from",
    "by",
    "on",
    "at",
    "as",
    "was",
    "will",
    "can",
    "should",
    "use",
    "set",
    "il",
    "elle",
    "le",
    "la",
    "les",
    "de",
    "des",
    "du",
    "un",
    "une",
    "est",
    "et",
    "pour",
    "dans",
    "voir",
    "pas",
    "der",
    "die",
    "das",
    "ist",
    "und",
    "nicht",
    "siehe",
    "im",
    "el",
    "los",
    "es",
    "para",
    "ver",
    "updated",
    "changed",
    "unchanged",
    "expired",
    "successfully",
    "required",
    "incorrect",
    "failed",
];

/// Nouns that follow a secret's word in prose to name something about secrets, never one
/// (`set the password policy`, `password expiry`, `token rotation`, `secret manager`): a
/// password of exactly such a word is rarer than the sentence, and a value written as an
/// assignment (`password=policy`, `password: policy`) is still judged as one.
const SECRET_ATTRIBUTES: &[&str] = &[
    "policy",
    "policies",
    "length",
    "complexity",
    "expiry",
    "expiration",
    "expires",
    "age",
    "aging",
    "lifetime",
    "rotation",
    "rotations",
    "renewal",
    "manager",
    "managers",
    "management",
    "reset",
    "resets",
    "history",
    "requirement",
    "requirements",
    "rule",
    "rules",
    "strength",
    "quality",
    "prompt",
    "prompts",
    "field",
    "fields",
    "hashing",
    "authentication",
    "protection",
    "protected",
    "encryption",
    "change",
    "changes",
    "validation",
    "lockout",
    "hint",
    "hints",
    "generator",
    "generation",
    "recovery",
    "storage",
    "settings",
    "options",
    "criteria",
    "constraints",
    "restrictions",
    "entropy",
    "reuse",
    "sharing",
    "leak",
    "leaks",
    "breach",
    "audit",
    "handling",
    "scanning",
    "scanner",
    "detection",
    "redaction",
    "dialog",
    "form",
    "page",
    "screen",
    "input",
    "box",
    "guidelines",
    // An option named in prose (`use the --password flag`).
    "flag",
    "flags",
    "option",
    "argument",
    "parameter",
    "switch",
    "variable",
    "minlen",
    "maxlen",
    "minlength",
    "maxlength",
    // What a program says of one (`password mismatch`, `password saved`).
    "mismatch",
    "saved",
    "accepted",
    "rejected",
    "invalid",
    "valid",
    "weak",
    "strong",
    "wrong",
    "missing",
    "empty",
    "blank",
    "cleared",
    "removed",
    "deleted",
    "locked",
    "unlocked",
    "verified",
    "generated",
    "stored",
    "set",
    "unset",
    "prompts",
    "meter",
    // And when a sentence does it (`set password later`).
    "later",
    "again",
    "now",
    "first",
    "before",
    "after",
    "then",
    "once",
    "manually",
    "automatically",
    "soon",
    "today",
    "best",
    "hygiene",
    "sprawl",
    "spraying",
];

/// Whether `word` (punctuation around it ignored) is one of [`SECRET_ATTRIBUTES`] or a word of
/// a sentence ([`SENTENCE_WORDS`]): what follows a secret's word in prose, not its value.
pub(crate) fn prose_noun(word: &str) -> bool {
    let word = word
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    SECRET_ATTRIBUTES.contains(&word.as_str()) || SENTENCE_WORDS.contains(&word.as_str())
}

/// Whether `word`, after a secret's word and a blank, is prose rather than its value: one of
/// [`prose_noun`]'s words, not shaped like a password once the sentence's punctuation is
/// taken off (`policy.`, `` rotation` ``).
pub(crate) fn prose_after_secret_word(word: &str) -> bool {
    let bare = word.trim_end_matches(['.', ',', '!', '?', ';', ':', '`', ')', '"', '\'']);
    prose_noun(bare) && !crate::queried::password_shaped(bare)
}

/// Words of a sentence before a secret's word (`set the password ...`, `enable your
/// password ...`): with one of them the line is prose, where only a word shaped like a
/// password (letters with digits or signs) is taken as one.
pub(crate) fn prose_determiner(word: &str) -> bool {
    let word = word.to_lowercase();
    SENTENCE_WORDS.contains(&word.as_str())
        || matches!(
            word.as_str(),
            "your"
                | "my"
                | "our"
                | "their"
                | "his"
                | "her"
                | "its"
                | "new"
                | "all"
                | "every"
                | "each"
                | "any"
                | "some"
                | "using"
                | "via"
                | "without"
                | "when"
                | "if"
                | "please"
        )
}

fn holds_sentence_word(value: &str, line_rest: &str) -> bool {
    std::iter::once(value)
        .chain(line_rest.split_whitespace())
        .take(8)
        .map(|w| w.trim_matches(|c: char| !c.is_alphabetic()).to_lowercase())
        .any(|w| SENTENCE_WORDS.contains(&w.as_str()))
}

/// Whether a `name: ` match is prose rather than a key, as in Warden's own sentences that
/// quote a command before their reason (`cat /var/log/auth.log: prints files`, `git log
/// --grep=password: reads the repository`, `nslookup secret.attacker.example: looks up names`).
/// Only with `:` and a blank after it (`grep` prints `/run/secrets/db_password:VALUE` without
/// one): a name that ends a path or an option's value is not a key, and a dotted name (a
/// host or file name, or a properties key) is judged by its last part.
fn reads_as_prose(text: &str, found: &Captures) -> bool {
    let (Some(name), Some(sep)) = (found.name("name"), found.name("sep")) else {
        return false;
    };
    let separator = sep.as_str().trim();
    if separator != ":" || !sep.as_str().ends_with([' ', '\t']) {
        return false;
    }
    let raw = name.as_str();
    if raw.starts_with(['"', '\'', '\\', '-']) {
        return false;
    }
    if text[..name.start()].ends_with(['/', '=']) {
        return true;
    }
    match raw.rsplit_once('.') {
        Some((before, last)) => {
            let key = matches!(last.to_lowercase().as_str(), "key" | "keys");
            let leaf = if key {
                before
                    .rsplit('.')
                    .next()
                    .map_or(last.to_owned(), |p| format!("{p}.{last}"))
            } else {
                last.to_owned()
            };
            // A session's name too (`connect.sid: VALUE`): its value's shape decides.
            !is_secret_name(&leaf) && !crate::sessions::names_session(&leaf)
        }
        None => false,
    }
}

/// The quotes around a value and what they hold.
pub(crate) fn split_quotes(raw: &str) -> (&str, &str, &str) {
    for quote in ["\"\"\"", "'''", "\\\"", "\"", "'"] {
        if raw.len() >= 2 * quote.len()
            && let Some(inner) = raw.strip_prefix(quote).and_then(|r| r.strip_suffix(quote))
        {
            return (quote, inner, quote);
        }
    }
    // A prefixed string literal (`b"x"`, `r'x'`, `rb"x"`): the prefix opens it with its quote.
    let prefix = raw
        .char_indices()
        .take_while(|(i, c)| *i < 2 && matches!(c, 'b' | 'B' | 'r' | 'R' | 'u' | 'U' | 'f' | 'F'))
        .count();
    if prefix > 0 {
        let (open, quoted) = raw.split_at(prefix);
        for quote in ["\"", "'"] {
            if quoted.len() >= 2
                && let Some(inner) = quoted
                    .strip_prefix(quote)
                    .and_then(|r| r.strip_suffix(quote))
            {
                return (&raw[..open.len() + 1], inner, quote);
            }
        }
    }
    ("", raw, "")
}

/// Whether a value under a secret's name is left alone: empty, already hidden, a reference to
/// a variable, a switch word, an authentication scheme, a count under a counter's name, a
/// program's status word (`hmac: failed`, `token: expired`), another secret's name (a log's
/// `secret=db-password`), or what systemd's credential directives name (`LoadCredential=
/// db:/etc/credstore/db`: an id and the file it is read from; `SetCredential=` holds one).
pub(crate) fn keeps_value(name: &str, value: &str) -> bool {
    let lower = value.to_lowercase();
    value.is_empty()
        || value.contains(REDACTED)
        || REFERENCE.as_ref().is_some_and(|r| r.is_match(value))
        // `${}` (an empty reference, cut at its brace): the shell's error, no value.
        || value == "${"
        // `basic_auth {`: a block opened (Caddy, nginx, HCL); its lines are judged each.
        || value == "{"
        // `tokens = tomap({`: Terraform's conversion opening a map or list whose entries
        // `containers.rs` judges.
        || matches!(
            value,
            "tomap({" | "tolist([" | "toset([" | "tomap(" | "tolist(" | "toset(" | "["
        )
        || placeholder(value)
        || crate::placeholders::parenthesised(value)
        || crate::placeholders::stands_in_for(name, value)
        || NOT_SECRETS.contains(&lower.as_str())
        || SCHEMES.contains(&lower.as_str())
        || HEADER_STATUS_WORDS.contains(&lower.as_str())
        || STATUS_WORDS.contains(&lower.as_str())
        || STATE_WORDS.contains(&lower.as_str())
        || count_summary(value)
        || (counts_things(name) && value.chars().all(|c| c.is_ascii_digit()))
        || is_block_indicator(value)
        || (names_a_secret(value) && !environment_name(name))
        || matches!(
            name,
            "LoadCredential" | "LoadCredentialEncrypted" | "ImportCredential"
        )
        || names_credentials_file(name, value)
        || crate::capability::ntfy_server_only(name, value)
        // cloud-init's `chpasswd: { expire: False }`: the module's settings (its `list` is
        // `chpasswd.rs`'s).
        || name == "chpasswd"
        || auth_method(name, &lower)
        || version_range(value)
        // `private key: nodekey:...`: a key whose own prefix says it is the public half.
        || crate::hexkeys::public_typed_key(value)
        // `ETCDCTL_USER=root`: a user variable's user alone, no password after it.
        || crate::credpairs::user_alone(name, value)
}

/// A package's version or version range (`"jsonwebtoken": "^9.0.0"` in `package.json`,
/// `passport-jwt = "~4.0"`, `>=2.1.0`): two or three numbered parts after an optional
/// operator, a pre-release or build suffix allowed. Four parts (an address) are not one.
fn version_range(value: &str) -> bool {
    let bare = value
        .trim_start_matches(['^', '~', '>', '<', '='])
        .split(['-', '+'])
        .next()
        .unwrap_or_default();
    let parts: Vec<&str> = bare.split('.').collect();
    let numbered = |p: &str| !p.is_empty() && p.len() <= 6 && p.chars().all(|c| c.is_ascii_digit());
    value.len() <= 40
        && (2..=3).contains(&parts.len())
        && parts.first().is_some_and(|p| numbered(p))
        && parts[1..]
            .iter()
            .all(|p| numbered(p) || matches!(*p, "x" | "*"))
        && (value.starts_with(['^', '~', '>', '<', '=']) || parts.len() == 3)
        && value.len() - value.trim_start_matches(['^', '~', '>', '<', '=']).len() <= 2
}

/// `auth: password`, `authentication: publickey`, `auth_method: token`: a setting that picks
/// how to log in, its value a method's name rather than a credential.
fn auth_method(name: &str, value: &str) -> bool {
    let parts = crate::names::parts(name);
    parts.last().is_some_and(|last| {
        matches!(
            last.as_str(),
            "auth" | "authentication" | "method" | "type" | "mode" | "mechanism"
        )
    }) && matches!(
        value,
        "password"
            | "passwd"
            | "publickey"
            | "public-key"
            | "pubkey"
            | "key"
            | "token"
            | "keyboard-interactive"
            | "oauth"
            | "oauth2"
            | "oidc"
            | "saml"
            | "kerberos"
            | "gssapi"
            | "ldap"
            | "md5"
            | "scram-sha-256"
            | "trust"
            | "peer"
            | "ident"
            | "cert"
            | "certificate"
            | "plain"
            | "login"
            | "cram-md5"
            | "apikey"
            | "api-key"
            | "api_key"
            | "sso"
            | "mfa"
            | "totp"
    )
}

/// A value that stands where a secret will be or was, or switches one: a run of `x`
/// (`xxxxxxxx`), `0` or `1`, a marker in
/// brackets (`[REDACTED]`, `[hidden]`, `[masked]`), a word saying none is set yet
/// (`undefined`, `TBD`, `TODO`).
pub(crate) fn placeholder(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    let marker = lower
        .strip_prefix('[')
        .and_then(|v| v.strip_suffix(']'))
        .is_some_and(|inner| {
            matches!(
                inner,
                "redacted" | "hidden" | "masked" | "removed" | "filtered" | "sensitive" | "secret"
            )
        });
    (value.len() >= 3 && lower.chars().all(|c| c == 'x'))
        || masked(value)
        // A switch set by number (`BASIC_AUTH=0`).
        || matches!(value, "0" | "1")
        || marker
        || matches!(lower.as_str(), "undefined" | "tbd" | "todo")
}

/// A value a tool masked itself, keeping a prefix or the last few characters to tell keys
/// apart: `gho_************` (`gh auth status`), `****************ABCD` (`aws configure
/// list`), `sk-...••••••••wxyz`: four or more mask characters and at most eight others.
pub(crate) fn masked(value: &str) -> bool {
    let masks = value.chars().filter(|c| matches!(c, '*' | '•')).count();
    let others = value
        .chars()
        .filter(|c| !matches!(c, '*' | '•' | '.'))
        .count();
    masks >= 4 && others <= 8 && (value.contains("****") || value.contains("••••"))
}

/// Whether the value of an entry named `name` for a secret, given apart from its name (`- name:
/// DB_PASSWORD` then `value: x`, `{"name": "API_TOKEN", "value": "x"}`), holds none: what the
/// same name keeps as `name=value` (a switch such as `true` or `off`, `null`, a reference), or
/// a placeholder (`<your-token>`, `****`). A boolean or a placeholder is no secret wherever it
/// is written.
pub(crate) fn entry_value_keeps(name: &str, value: &str) -> bool {
    let placeholder = value.len() > 2
        && value.starts_with('<')
        && value.ends_with('>')
        && value[1..value.len() - 1]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ' ' | '.'));
    keeps_value(name, value)
        || placeholder
        || (!value.is_empty() && value.chars().all(|c| c == '*'))
}

/// Whether a JSON string under a secret's name `name` stays: as [`keeps_value`] reads a
/// value in text, less YAML's block indicators (a JSON string holds its whole value).
pub(crate) fn keeps_json_value(name: &str, value: &str) -> bool {
    !is_block_indicator(value) && (keeps_value(name, value) || scheme_and_reference(value))
}

/// A credential header's value that names where its credential comes from, as the header
/// passes keep it in text (`Bearer $TOKEN`, `Basic ${CREDS}`).
fn scheme_and_reference(value: &str) -> bool {
    value.split_once(' ').is_some_and(|(scheme, rest)| {
        SCHEMES.contains(&scheme.to_lowercase().as_str())
            && REFERENCE.as_ref().is_some_and(|r| r.is_match(rest))
    })
}

/// Whether a `credentials` setting's value is the path of the file holding them, as
/// `GOOGLE_APPLICATION_CREDENTIALS=/srv/key.json` and mount.cifs' `credentials=/root/.smbcred`
/// name it: a path of two parts or more, of file names' characters.
fn names_credentials_file(name: &str, value: &str) -> bool {
    let last = crate::names::parts(name).pop().unwrap_or_default();
    // `$HOME/key.json`, `${XDG_CONFIG_HOME}/gcloud/adc.json`: a variable's directory.
    let variable = value.strip_prefix('$').and_then(|rest| {
        let rest = rest.strip_prefix('{').map_or(Some(rest), |r| {
            r.split_once('}')
                .map(|(n, tail)| if n.is_empty() { "" } else { tail })
        })?;
        let at = rest.find('/')?;
        rest[..at]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
            .then(|| &rest[at..])
    });
    let Some(path) = value
        .strip_prefix('/')
        .or_else(|| value.strip_prefix("~/"))
        .or_else(|| value.strip_prefix("./"))
        .or_else(|| variable.and_then(|v| v.strip_prefix('/')))
    else {
        return false;
    };
    matches!(last.as_str(), "credentials" | "credential" | "creds")
        && (path.contains('/') || variable.is_some())
        && path.split('/').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        })
}

/// Status words of programs' messages that stand where a value could (`hmac: failed`,
/// `password: incorrect`, `token: revoked`), besides [`HEADER_STATUS_WORDS`].
const STATUS_WORDS: &[&str] = &[
    "incorrect",
    "mismatch",
    "unset",
    "wrong",
    "revoked",
    "rotated",
    "verified",
    "valid",
    "unknown",
    "changed",
    "unchanged",
    "updated",
    "loaded",
    "saved",
    "removed",
    "deleted",
    "created",
    "unavailable",
];

/// Words a status listing writes where a credential is set or not, as a state rather than a
/// value (`passphrase: set`, `secret: configured`, `password: locked`, `token: active`): a
/// tool reporting whether it holds a secret, not the secret.
const STATE_WORDS: &[&str] = &[
    "set",
    "notset",
    "configured",
    "unconfigured",
    "locked",
    "unlocked",
    "active",
    "inactive",
    "stored",
    "cached",
    "generated",
    "encrypted",
    "unencrypted",
    "provided",
    "supplied",
    "hidden",
    "masked",
    "present",
    "absent",
    "missing",
    "empty",
    "blank",
    "expired",
    "expiring",
    "pending",
    "ok",
    "none",
    "default",
    "inherited",
    "redacted",
    "obfuscated",
    "protected",
    "removed",
    "exists",
    "found",
];

/// A summary of counts (`12 fail: 0 skip: 1` after `pass:`, `3, failed: 0`): a number and
/// further `name: number` fields, as a test run or a check prints them; no password is
/// written that way.
fn count_summary(value: &str) -> bool {
    let mut words = value
        .split([' ', '\t', ',', ';', '|'])
        .filter(|w| !w.is_empty());
    let number = |w: &str| !w.is_empty() && w.chars().all(|c| c.is_ascii_digit());
    let Some(first) = words.next() else {
        return false;
    };
    let rest: Vec<&str> = words.collect();
    if !number(first) || rest.is_empty() {
        return false;
    }
    // The fields after the first number: `name: N` (two words) or `name=N`, `name:N` (one).
    let mut at = 0;
    while at < rest.len() {
        let word = rest[at];
        if let Some((name, count)) = word.split_once([':', '=']) {
            let name_ok = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphabetic());
            if count.is_empty() {
                if !name_ok || !rest.get(at + 1).is_some_and(|n| number(n)) {
                    return false;
                }
                at += 2;
            } else {
                if !name_ok || !number(count) {
                    return false;
                }
                at += 1;
            }
        } else {
            return false;
        }
    }
    true
}

/// Whether `value` is a secret's name rather than a secret: words joined by `-`, `_`, `.` or
/// `/` without digits, naming a secret (`db-password`, `DB_PASSWORD`, `prod/api-token`), as a
/// log line or an event names the secret it loads or misses.
fn names_a_secret(value: &str) -> bool {
    value.contains(['-', '_', '.', '/'])
        && value
            .chars()
            .all(|c| c.is_ascii_alphabetic() || matches!(c, '-' | '_' | '.' | '/'))
        && value.rsplit(['/', '.']).next().is_some_and(is_secret_name)
}

/// An environment variable's name (`APP_SECRET`, `JWT_SECRET_KEY`, `DB_PASSWORD`): capitals,
/// digits and `_`, with a `_` or past two letters. What such a variable holds is the secret
/// itself, even made of words (`APP_SECRET=long-secret-value`); a setting naming which secret
/// to load is spelt otherwise (`secret=db-password` in a log, `existingSecret: db-password`).
fn environment_name(name: &str) -> bool {
    let name = name.trim_matches(|c| c == '"' || c == '\'');
    name.len() > 2
        && name.starts_with(|c: char| c.is_ascii_uppercase())
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

/// A YAML block scalar's indicator (`|`, `>-`, `|+2`): the value is on the lines below (see
/// [`redact_yaml_values`]).
fn is_block_indicator(value: &str) -> bool {
    value.starts_with(['|', '>'])
        && value[1..]
            .chars()
            .all(|c| c == '-' || c == '+' || c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn k3s_join_tokens_go_and_lines_like_them_stay() {
        let hash = "3f9a1c0e7b2d4a6f8e1c3b5d7f9a0c2e4b6d8f0a1c3e5b7d9f1a3c5e7b9d1f3a";
        for (text, expected) in [
            (
                format!("box k3s[1]: K10{hash}::server:Zx9Qk2LmP4aaBBcc joined"),
                "box k3s[1]: [redacted] joined".to_owned(),
            ),
            (
                format!("--token=K10{hash}::node:Zx9Qk2LmP4"),
                "--token=[redacted]".to_owned(),
            ),
            (
                format!("join K10{hash}::abcdef.0123456789abcdef now"),
                "join [redacted] now".to_owned(),
            ),
        ] {
            assert_eq!(redact_patterns(&text), expected);
        }
        for line in [
            "[67210.114507] docker0: port 1(veth1a2b) entered blocking state".to_owned(),
            "[stdout] 2026-12-05T05:24:01Z tick 3".to_owned(),
            format!("{hash}  /usr/bin/ls"),
            "K10 reached 3f9a1c0e::ok".to_owned(),
            format!("sha256:{hash}"),
        ] {
            assert_eq!(redact_patterns(&line), line);
        }
    }

    #[test]
    fn every_pattern_compiles() {
        for pattern in [
            &PRIVATE_KEY_BLOCK,
            &PUTTY_PRIVATE_LINES,
            &BORG_KEY,
            &GO_ENTRY,
            &SSH2_PRIVATE_KEY,
            &SIGNIFY_SECRET_KEY,
            &XML_RSA_PRIVATE,
            &AGE_KEY,
            &PASSWORD_HASH,
            &PROSE_PASSWORD,
            &MIDLINE_PASSWORD,
            &BARE_USERINFO,
            &MEMCACHED_VALUE,
            &CADDY_DNS_TOKEN,
            &PROSE_TOKEN,
            &SECURE_STRING,
            &AWS_SECRET_LABELLED,
            &AWS_KEY_ID,
            &AWS_SECRET_WORD,
            &PGBOUNCER_USER,
            &SQL_BARE_PASSWORD,
            &IPSEC_SECRET,
            &SASL_PASSWD_LINE,
            &URL_PASSWORD,
            &SIP_PASSWORD,
            &URL_TOKEN,
            &AUTH_HEADER,
            &ENCODED_PAIR,
            &ECHOED_CREDENTIAL,
            &HASHED_LITERAL,
            &NAMED_SETTER,
            &PS_ENV_ITEM,
            &IPSEC_KEY_PASSPHRASE,
            &JWT_KEY_ARGUMENT,
            &POSITIONAL_LOGIN,
            &NOUN_AND_TOKEN,
            &SEED_WORDS,
            &BASIC_ANYWHERE,
            &TEMPLATE_DEFAULT,
            &JWE,
            &COOKIE_HEADER,
            &BEARER,
            &NETRC_PASSWORD,
            &PGPASS_LINE,
            &PHP_DEFINE,
            &TYPED_DECLARATION,
            &TYPE_ANNOTATION,
            &QUERY_SECRET,
            &GO_DSN,
            &ORACLE_LOGIN,
            &SCHEMELESS_URI,
            &DOMAIN_LOGIN,
            &SQL_PASSWORD,
            &DIRECTIVE_HEADER,
            &XML_ELEMENT,
            &XML_VALUE,
            &XML_NAME_ATTRIBUTE,
            &BASE64_PEM,
            &JWK_PRIVATE,
            &YAML_OPEN_KEY,
            &YAML_ENTRY,
            &NAME_AND_SEPARATOR,
            &VALUE,
            &REFERENCE,
        ] {
            assert!(pattern.is_some());
        }
        assert!(TOKENS.is_some());
    }
}
