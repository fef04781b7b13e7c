//! Tokens of further vendors, by the format their vendors publish: Harness' personal and
//! service account tokens (`pat.<account>.<token id>.<secret>`, `sat....`), Scalingo's API
//! tokens (`tk-us-` and 48 characters), LaunchDarkly's API access tokens and server-side SDK
//! keys (`api-` and `sdk-` before a UUID), Lob's API keys (`live_`/`test_` and 35 hex
//! digits), Ghost's Admin API keys (`<24 hex>:<64 hex>`, an id and its secret), Firecrawl's
//! API keys (`fc-` and 32 hex digits), Infisical's service tokens (`st.<uuid>.<32 hex>.<32
//! hex>`), Telnyx' API keys (`KEY`, 32 capitals and digits, `_`, 22), Matrix's recovery keys
//! (`EsTc LW2K ...`, twelve groups of base58) and Synapse's signing key seeds (`ed25519 a_AbCd
//! <43 base64>`), MongoDB Atlas' API key pairs (`<8 small letters>:<UUID>`, and without the
//! colon on a line naming Atlas or MongoDB), Oracle's Easy Connect logins
//! (`user/password@//host/service`), IRC services' logins (`NickServ IDENTIFY password`),
//! Bundler's logins per gem server (`BUNDLE_GEMS__EXAMPLE__COM=user:pass`), ZeroTier's
//! `identity.secret` and NTP's and chrony's symmetric keys (`1 SHA256 HEX:...`).
//! Each shape is
//! exact (counts and alphabets), so identifiers that merely start alike stay.

use std::sync::LazyLock;

use crate::REDACTED;
use crate::pattern::Gated;

static VENDOR_TOKEN: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(concat!(
        r"\b(?:pat|sat)\.[A-Za-z0-9_-]{22}\.[0-9a-f]{24}\.[A-Za-z0-9]{20}\b",
        r"|\btk-us-[A-Za-z0-9_-]{48}(?:\b|$)",
        r"|\b(?:api|sdk)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b",
        r"|\b(?:live|test)_[0-9a-f]{35}\b",
        r"|\b[0-9a-f]{24}:[0-9a-f]{64}\b",
        r"|\bfc-[0-9a-f]{32}\b",
        r"|\bst\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.[0-9a-f]{32}\.[0-9a-f]{32}\b",
        r"|\bKEY[0-9A-Z]{32}_[A-Za-z0-9]{22}\b",
        // Matrix's recovery (security) keys: `Es` and base58 in twelve groups of four.
        r"|\bEs[1-9A-HJ-NP-Za-km-z]{2}(?: [1-9A-HJ-NP-Za-km-z]{4}){11}\b",
        // Synapse's signing key file (`homeserver.signing.key`): `ed25519 <id> <seed>`; the
        // algorithm and the key's id stay.
        r"|(?P<head>\bed25519 [A-Za-z0-9_]{1,32} )[A-Za-z0-9+/]{43}\b",
        // MongoDB Atlas' programmatic API keys as the digest login takes them,
        // `<public key>:<private key>`: eight small letters, then a UUID; the public key stays.
        // Oracle's Easy Connect with a login, `user/password@//host:1521/service`, written
        // anywhere (a tnsnames-less connect string in settings, a log): the user stays.
        r"|(?P<ezuser>(?:^|[\s'\x22=(,])[A-Za-z][A-Za-z0-9_$#]{0,29}/)[^\s/@'\x22]+(?P<tail>@//[A-Za-z0-9])",
        // IRC services' logins: `/msg NickServ IDENTIFY [account] password`, `/ns identify
        // password`, `PRIVMSG NickServ :IDENTIFY password` as a bot's or a bouncer's log writes
        // them; the account stays.
        r"|(?P<nshead>(?i:\b(?:nickserv|ns)\s+:?identify)[ \t]+)(?P<nsone>[^\s\[]+)(?:(?P<nsgap>[ \t]+)(?P<nstwo>[^\s\[]+))?(?P<nsend>[ \t]*\r?(?m:$))",
        // Bundler's logins per gem server, named for the host (`BUNDLE_GEMS__CONTRIBSYS__COM=
        // user:pass` in the environment or `.bundle/config`, `bundle config set
        // gems.contribsys.com user:pass`); `BUILD__` and `MIRROR__` settings are no logins.
        r"|(?P<bundlehead>\bBUNDLE_(?P<bundlehost>(?:[A-Z0-9-]+__)+[A-Z0-9-]+)['\x22]?[ \t]*[=:][ \t]*['\x22]?)[^\s'\x22]+",
        r"|(?P<bundlecmd>\bbundle[ \t]+config[ \t]+(?:set[ \t]+)?(?:--(?:global|local)[ \t]+)?[a-z0-9-]+(?:\.[a-z0-9-]+)+[ \t]+)[^\s'\x22]+",
        r"|(?P<public>(?:^|[\s'\x22=,(\[{])[a-z]{8}:)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b",
        // ZeroTier's `identity.secret` (`<address>:0:<public>:<private>`): the address and the
        // public key stay.
        r"|(?P<zthead>\b[0-9a-f]{10}:0:[0-9a-f]{128}:)[0-9a-f]{128}\b",
        // NTP's and chrony's symmetric keys (`ntp.keys`, `chrony.keys`: `1 SHA256 HEX:...`, `2 M
        // password`), the key the last word of its line: the key's id and type stay.
        r"|(?m:(?P<ntphead>^[ \t]*[0-9]{1,5}[ \t]+(?:M|MD5|SHA|SHA1|SHA224|SHA256|SHA384|SHA512|SHA3-224|SHA3-256|SHA3-384|SHA3-512|RMD160|AES128CMAC|AES256CMAC|AES-128-CMAC|AES-256-CMAC|CMAC)[ \t]+(?:HEX:|ASCII:)?)[^\s#]+(?P<ntptail>[ \t]*(?:#[^\n]*|\r)?)$)",
    ))
    .ok()
});

/// An Atlas key pair without its labels, on a line that speaks of Atlas or MongoDB
/// (`atlas keys: zgtbxkqr 1a2b...`, a table's `zgtbxkqr | 1a2b...`): the public key, then the
/// private key (a UUID) after spaces, a comma or a `|`.
static ATLAS_PAIR: LazyLock<Option<Gated>> = LazyLock::new(|| {
    crate::pattern::new(
        r"(?P<atlashead>\b[a-z]{8}(?:[ \t]+|[ \t]*[,|:][ \t]*))[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b",
    )
    .ok()
});

/// Eight-letter words that name a kind of object in identifiers written `kind:<uuid>`
/// (`instance:<uuid>`, `customer:<uuid>`): an Atlas public key is eight random small letters,
/// so a pair whose first half is one of these words is an identifier, not a key pair. Every
/// other eight letters before a UUID still read as a key pair (a word missing here is hidden,
/// never shown).
const KIND_WORDS: &[&str] = &[
    "accounts", "activity", "addendum", "agencies", "articles", "artifact", "assembly", "assignee",
    "attempts", "audience", "backends", "balances", "bindings", "blobname", "bookings", "branches",
    "bucketid", "builders", "business", "calendar", "campaign", "canaries", "category", "channels",
    "checkout", "checksum", "children", "circuits", "clientid", "clusters", "commands", "comments",
    "commitid", "computer", "consumer", "contacts", "contract", "controls", "counters", "coverage",
    "creation", "criteria", "customer", "cycletag", "database", "dataflow", "datasets", "deadline",
    "delivery", "deployed", "designer", "detector", "deviceid", "dispatch", "document", "domainid",
    "download", "drawings", "duration", "elements", "employee", "endpoint", "entities", "envelope",
    "equities", "estimate", "evidence", "exchange", "executor", "exporter", "facility", "favorite",
    "features", "feedback", "filename", "filesets", "firewall", "fixtures", "followup", "forecast",
    "function", "gateways", "geometry", "graphics", "handlers", "hardware", "headline", "holdings",
    "homepage", "hostname", "identity", "incident", "industry", "instance", "interval", "invoices",
    "issuance", "itemcode", "keypairs", "keyspace", "language", "launcher", "learners", "ledgerid",
    "listener", "location", "lockfile", "machines", "mailsend", "manifest", "material", "measures",
    "meetings", "messages", "metadata", "mlmodels", "modelrun", "mutation", "networks", "nodepool",
    "notebook", "objectid", "occupant", "offering", "operator", "ordering", "override", "packages",
    "pageview", "paradigm", "parallel", "partners", "payloads", "payments", "pipeline", "platform",
    "playbook", "policies", "position", "priority", "problems", "producer", "products", "profiles",
    "programs", "progress", "projects", "property", "proposal", "protocol", "provider", "purchase",
    "question", "quotient", "reaction", "receipts", "recorder", "redirect", "registry", "relation",
    "releases", "reminder", "replicas", "requests", "resource", "response", "revision", "rolename",
    "routines", "runnerid", "sagastep", "sampling", "scenario", "schedule", "sections", "security",
    "segments", "selector", "sequence", "services", "sessions", "settings", "shipment", "snapshot",
    "software", "solution", "sourceid", "specimen", "sprintid", "staffing", "standard", "statuses",
    "strategy", "students", "subjects", "supplier", "surveyid", "switches", "symptoms", "tasklist",
    "template", "tenantid", "terminal", "ticketid", "timeline", "topology", "tracking", "transfer",
    "triggers", "unitcode", "uploaded", "userdata", "userinfo", "username", "variable", "vehicles",
    "versions", "vmimages", "volumeid", "warnings", "webhooks", "workflow", "workitem", "workload",
    "worksite",
];

/// Whether the eight letters of a bare pair's first half (`instance` in `instance:<uuid>`)
/// name a kind of object rather than an Atlas public key.
fn names_a_kind(head: &str) -> bool {
    let word: String = head.chars().filter(char::is_ascii_lowercase).collect();
    KIND_WORDS.contains(&word.as_str())
}

/// `text` with every such token hidden.
pub(crate) fn redact_vendor_formats(text: &str) -> String {
    let (Some(tokens), Some(pairs)) = (VENDOR_TOKEN.as_ref(), ATLAS_PAIR.as_ref()) else {
        return REDACTED.to_owned();
    };
    let hide = |c: &regex::Captures| {
        if let Some(head) = c.name("bundlehead") {
            let host = c.name("bundlehost").map_or("", |m| m.as_str());
            if host.starts_with("BUILD__") || host.starts_with("MIRROR__") {
                return c.get(0).map_or("", |m| m.as_str()).to_owned();
            }
            return format!("{}{REDACTED}", head.as_str());
        }
        if let Some(head) = c.name("bundlecmd") {
            return format!("{}{REDACTED}", head.as_str());
        }
        // `IDENTIFY account password`: the account stays; `IDENTIFY password` alone goes.
        if let Some(head) = c.name("nshead") {
            let one = c.name("nsone").map_or("", |m| m.as_str());
            let end = c.name("nsend").map_or("", |m| m.as_str());
            return match (c.name("nsgap"), c.name("nstwo")) {
                (Some(gap), Some(_)) => {
                    format!("{}{one}{}{REDACTED}{end}", head.as_str(), gap.as_str())
                }
                _ => format!("{}{REDACTED}{end}", head.as_str()),
            };
        }
        // `instance:<uuid>`, `customer <uuid>`: an identifier of that kind, shown.
        if let Some(public) = c.name("public").or_else(|| c.name("atlashead"))
            && names_a_kind(public.as_str())
        {
            return c.get(0).map_or("", |m| m.as_str()).to_owned();
        }
        let head = c
            .name("head")
            .or_else(|| c.name("zthead"))
            .or_else(|| c.name("ntphead"))
            .or_else(|| c.name("atlashead"))
            .or_else(|| c.name("public"))
            .or_else(|| c.name("ezuser"));
        format!(
            "{}{REDACTED}{}",
            head.map_or("", |m| m.as_str()),
            c.name("tail")
                .or_else(|| c.name("ntptail"))
                .map_or("", |m| m.as_str())
        )
    };
    let text = tokens.replace_all(text, hide);
    let lower = text.to_ascii_lowercase();
    if !(lower.contains("atlas") || lower.contains("mongo")) {
        return text.into_owned();
    }
    text.split_inclusive('\n')
        .map(|line| {
            let lower = line.to_ascii_lowercase();
            if lower.contains("atlas") || lower.contains("mongo") {
                pairs.replace_all(line, hide).into_owned()
            } else {
                line.to_owned()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn pattern_compiles() {
        assert!(super::VENDOR_TOKEN.is_some());
        assert!(super::ATLAS_PAIR.is_some());
    }

    #[test]
    fn kind_words_are_eight_small_letters() {
        assert!(
            super::KIND_WORDS
                .iter()
                .all(|w| w.len() == 8 && w.chars().all(|c| c.is_ascii_lowercase()))
        );
    }
}
