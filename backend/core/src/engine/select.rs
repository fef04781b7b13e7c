//! Which tools a request is offered in full. Thirty-seven schemas are about 7,000 tokens, more than
//! a small local model's whole window; a request needs a few of them. Each tool is scored against
//! the request (its own words, its family's words, its description), tools already used in the
//! conversation keep their place, and the best are offered with their schemas within a token
//! budget. Every other tool the caller may use is named in a one-line catalogue, so the model
//! knows it exists and can ask for it by name; a tool the model calls is offered in full from then
//! on.

use std::collections::{BTreeMap, HashSet};

use warden_llm::ToolDefinition;

use super::tokens;

/// What a request is offered.
#[derive(Debug, Clone, PartialEq)]
pub struct Selection {
    /// Offered with their schemas, best first.
    pub offered: Vec<ToolDefinition>,
    /// The names of the other tools the caller may use, for the catalogue line.
    pub catalogue: Vec<String>,
}

impl Selection {
    /// Estimated tokens of the offered schemas (with the template's preamble) and the catalogue.
    pub fn tokens(&self) -> u32 {
        tokens::tools(&self.offered) + catalogue_tokens(&self.catalogue)
    }

    pub fn offered_names(&self) -> Vec<&str> {
        self.offered.iter().map(|t| t.name.as_str()).collect()
    }
}

/// The budget for schemas when the window allows it: enough for a family's main tools, small
/// against any window worth using.
pub const TOOL_TOKENS_TARGET: u32 = 1300;

/// Words that say a family is meant (English and French), beyond the tools' own names.
const FAMILIES: &[(&str, &[&str])] = &[
    (
        "docker",
        &[
            "docker",
            "container",
            "conteneur",
            "image",
            "compose",
            "dockerd",
            "volume",
            "unhealthy",
            "healthcheck",
            "oom",
            "exited",
            "crashed",
            "crash",
            "restarting",
        ],
    ),
    (
        "system",
        &[
            "cpu",
            "ram",
            "load",
            "disk",
            "space",
            "filesystem",
            "mount",
            "partition",
            "storage",
            "inode",
            "process",
            "pid",
            "service",
            "systemd",
            "systemctl",
            "unit",
            "daemon",
            "journal",
            "journalctl",
            "uptime",
            "host",
            "machine",
            "server",
            "gpu",
            "nvidia",
            "cuda",
            "vram",
            "temperature",
            "command",
            "df",
            "du",
            "free",
            "top",
            "kernel",
            "swap",
            "slow",
            "health",
            "memory",
            "mémoire",
            "disque",
            "serveur",
            "processus",
            "nginx",
            "postgres",
            "postgresql",
            "cron",
            "sshd",
        ],
    ),
    (
        "git",
        &[
            "git",
            "repo",
            "repository",
            "commit",
            "branch",
            "diff",
            "pull",
            "merge",
            "checkout",
            "rebase",
            "upstream",
            "uncommitted",
            "dépôt",
        ],
    ),
    (
        "file",
        &[
            "file",
            "fichier",
            "directory",
            "folder",
            "dossier",
            "config",
            "configuration",
            "yaml",
            "yml",
            "json",
            "toml",
            "conf",
            "ini",
            "content",
            "contents",
            "grep",
            "backup",
        ],
    ),
    (
        "memory",
        &[
            "remember", "memories", "memorize", "recall", "forget", "note", "notes", "souviens",
            "rappelle", "retiens", "oublie",
        ],
    ),
    (
        "net",
        &[
            "http",
            "https",
            "url",
            "website",
            "site",
            "web",
            "endpoint",
            "port",
            "dns",
            "resolve",
            "domain",
            "ping",
            "reachable",
            "reach",
            "tls",
            "ssl",
            "certificate",
            "latency",
            "curl",
            "listening",
            "network",
            "lookup",
            "réseau",
        ],
    ),
    ("ssh", &["ssh", "remote", "distant"]),
];

/// Words that point at one tool more than its name does (base forms: a request's plurals are
/// matched through their singular).
#[rustfmt::skip]
const TOOL_WORDS: &[(&str, &[&str])] = &[
    ("docker_ps", &["running", "list", "which", "container", "status", "up", "exited", "show"]),
    ("docker_inspect", &["inspect", "detail", "exit", "code", "env", "mount", "port", "restarting", "crash", "crashing", "oom", "health", "unhealthy"]),
    ("docker_logs", &["log", "output", "error", "say", "crash", "crashing", "restarting", "failing", "died", "broken", "line", "keep"]),
    ("docker_stats", &["stat", "usage", "cpu", "memory", "resource", "hungry", "most", "consuming"]),
    ("docker_restart", &["restart", "redémarre", "bounce"]),
    ("docker_start", &["start", "launch"]),
    ("docker_stop", &["stop", "halt"]),
    ("docker_remove", &["remove", "delete", "rm"]),
    ("docker_images", &["image", "tag", "pulled"]),
    ("docker_prune", &["prune", "reclaim", "cleanup", "clean", "unused", "dangling", "cache"]),
    ("system_info", &["uptime", "load", "memory", "ram", "cpu", "os", "kernel", "machine", "doing", "health", "overview"]),
    ("disk_usage", &["disk", "space", "full", "filesystem", "mount", "df", "storage", "free", "disque", "root"]),
    ("process_list", &["process", "pid", "top", "ps", "cpu", "hogging", "eating", "consuming"]),
    ("process_kill", &["kill", "terminate", "signal", "sigterm", "sigkill", "runaway"]),
    ("service_status", &["service", "status", "systemd", "unit", "active", "failed", "nginx", "sshd", "cron"]),
    ("service_control", &["restart", "reload", "start", "stop", "service", "systemctl", "enable"]),
    ("journal_logs", &["journal", "journalctl", "log", "error", "syslog", "boot", "hour"]),
    ("run_command", &["command", "execute", "shell", "uname", "ip"]),
    ("gpu_status", &["gpu", "nvidia", "cuda", "vram", "ecc", "temperature", "throttling"]),
    ("git_status", &["status", "change", "uncommitted", "modified", "dirty"]),
    ("git_log", &["log", "history", "commit", "recent"]),
    ("git_diff", &["diff", "change", "changed", "modified"]),
    ("git_branch", &["branch", "current"]),
    ("git_pull", &["pull", "update", "fetch", "upstream", "latest"]),
    ("file_read", &["read", "show", "cat", "content", "open", "look", "conf"]),
    ("file_write", &["write", "edit", "change", "create", "replace", "save"]),
    ("file_list", &["list", "ls", "directory", "folder", "file"]),
    ("file_search", &["search", "grep", "find", "occurrence", "mention", "word"]),
    ("file_info", &["size", "owner", "permission", "mode", "metadata"]),
    ("memory_store", &["remember", "note", "store", "save", "memorize", "retiens"]),
    ("memory_recall", &["recall", "know", "previous", "souviens", "remembered"]),
    ("memory_list", &["memories", "list", "note"]),
    ("memory_delete", &["forget", "delete", "oublie"]),
    ("http_check", &["http", "https", "url", "website", "site", "endpoint", "up", "responding"]),
    ("port_check", &["port", "open", "listening", "tcp", "connect"]),
    ("dns_lookup", &["dns", "resolve", "domain", "lookup", "record"]),
    ("ssh_exec", &["ssh", "remote"]),
];

/// Tools offered when nothing in the request points anywhere: a look at the machine.
const GENERAL: &[&str] = &[
    "system_info",
    "disk_usage",
    "process_list",
    "service_status",
    "docker_ps",
    "run_command",
];

const STOPWORDS: &[&str] = &[
    "the", "and", "for", "are", "with", "this", "that", "what", "from", "have", "has", "how",
    "why", "does", "did", "its", "it's", "can", "you", "your", "our", "any", "all", "not", "but",
    "was", "were", "been", "into", "when", "where", "there", "their", "them", "then", "than",
    "some", "more", "most", "one", "each", "only", "also", "just", "like", "please", "tell",
    "give", "get", "now", "right", "les", "des", "est", "une", "pour", "dans", "sur", "qui",
    "quel", "quels", "quelle",
];

/// The family a tool belongs to: its name's first part (`docker_ps` is docker), the system tools
/// (which share no prefix) by name.
pub fn family(name: &str) -> &str {
    match name {
        "system_info" | "disk_usage" | "process_list" | "process_kill" | "service_status"
        | "service_control" | "journal_logs" | "run_command" | "gpu_status" => "system",
        "http_check" | "port_check" | "dns_lookup" => "net",
        other => other.split('_').next().unwrap_or(other),
    }
}

/// The request's words, lower-cased, with a plural's `s` dropped as a second form.
fn words(text: &str) -> HashSet<String> {
    let mut out = HashSet::new();
    for word in text
        .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '\''))
        .map(|w| w.trim_matches('\'').to_lowercase())
        .filter(|w| w.len() >= 2 && !STOPWORDS.contains(&w.as_str()))
    {
        out.insert(singular(&word).to_owned());
        out.insert(word);
    }
    out
}

/// A word without its plural `s` (`logs` is `log`; `is` and `ps` stay).
fn singular(word: &str) -> &str {
    match word.strip_suffix('s') {
        Some(stem) if word.len() > 3 && !stem.ends_with('s') => stem,
        Some(_) | None => word,
    }
}

/// A word and its hash. A run weighs every tool's words against the request's, and comparing
/// two integers costs less than comparing two strings; the strings settle equal hashes, so a
/// collision never counts as a hit.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Keyed {
    hash: u64,
    word: String,
}

impl Keyed {
    fn new(word: &str) -> Self {
        use std::hash::{Hash, Hasher};
        // `DefaultHasher::new` hashes alike within a process, which is all these keys live in.
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        word.hash(&mut hasher);
        Self {
            hash: hasher.finish(),
            word: word.to_owned(),
        }
    }
}

/// `words` keyed and sorted by hash, the form [`Request::hits`] walks.
fn keyed<S: AsRef<str>>(words: impl IntoIterator<Item = S>) -> Vec<Keyed> {
    let mut keyed: Vec<Keyed> = words.into_iter().map(|w| Keyed::new(w.as_ref())).collect();
    keyed.sort_unstable();
    keyed
}

/// A request's words ([`words`]), keyed and sorted by hash: a request has a few words, and each
/// tool's (sorted alike, once per definition) are counted against them in one walk of both lists.
struct Request {
    words: Vec<Keyed>,
}

impl Request {
    fn new(text: &str) -> Self {
        Self {
            words: keyed(words(text)),
        }
    }

    /// Where the request's words with `hash` begin (or would).
    fn first_with(&self, hash: u64) -> usize {
        self.words.partition_point(|w| w.hash < hash)
    }

    #[cfg(test)]
    fn contains(&self, word: &str) -> bool {
        self.contains_keyed(&Keyed::new(word))
    }

    fn contains_keyed(&self, key: &Keyed) -> bool {
        self.holds_from(self.first_with(key.hash), key)
    }

    /// Whether `key` is among the request's words with its hash, which begin at `from`.
    fn holds_from(&self, from: usize, key: &Keyed) -> bool {
        self.words[from..]
            .iter()
            .take_while(|w| w.hash == key.hash)
            .any(|w| w.word == key.word)
    }

    /// How many entries of `list` (sorted by hash, duplicates counted each) the request holds.
    fn hits(&self, list: &[Keyed]) -> u32 {
        let mut count = 0u32;
        let mut from = 0;
        for key in list {
            while from < self.words.len() && self.words[from].hash < key.hash {
                from += 1;
            }
            if from == self.words.len() {
                break;
            }
            if self.holds_from(from, key) {
                count = count.saturating_add(1);
            }
        }
        count
    }
}

/// What a tool is scored by, all from its name and description, computed once per definition;
/// each list keyed for [`Request::hits`].
struct ToolFacts {
    family: String,
    name: Keyed,
    /// Its entry in [`TOOL_WORDS`].
    own_words: Vec<Keyed>,
    /// Its name's parts besides the family, singular.
    name_parts: Vec<Keyed>,
    /// Its description's words of four letters or more.
    description: Vec<Keyed>,
}

fn facts(tool: &ToolDefinition) -> std::sync::Arc<ToolFacts> {
    static FACTS: warden_llm::memo::ToolMemo<std::sync::Arc<ToolFacts>> =
        warden_llm::memo::ToolMemo::new(warden_llm::memo::Source::Description);
    FACTS.get(tool, |tool| {
        let family_name = family(&tool.name);
        std::sync::Arc::new(ToolFacts {
            family: family_name.to_owned(),
            name: Keyed::new(&tool.name),
            own_words: keyed(
                TOOL_WORDS
                    .iter()
                    .find(|(name, _)| *name == tool.name)
                    .map_or(&[][..], |(_, words)| *words),
            ),
            name_parts: keyed(
                tool.name
                    .split('_')
                    .filter(|part| *part != family_name)
                    .map(singular),
            ),
            description: keyed(
                words(&tool.description)
                    .into_iter()
                    .filter(|w| w.len() >= 4),
            ),
        })
    })
}

/// How many of each family's words the request holds, counted once per request rather than once
/// per tool of the family.
fn family_hits(request: &Request) -> Vec<(&'static str, u32)> {
    /// [`FAMILIES`]' words keyed once per process.
    static KEYED: std::sync::LazyLock<Vec<(&'static str, Vec<Keyed>)>> =
        std::sync::LazyLock::new(|| {
            FAMILIES
                .iter()
                .map(|(name, words)| (*name, keyed(words.iter())))
                .collect()
        });
    KEYED
        .iter()
        .map(|(name, words)| (*name, request.hits(words)))
        .collect()
}

/// A tool's relevance to the request; `families`: [`family_hits`] of the request.
fn score(
    tool: &ToolDefinition,
    request: &Request,
    families: &[(&str, u32)],
    used: &[String],
) -> u32 {
    let facts = facts(tool);
    let family_hits = families
        .iter()
        .find(|(name, _)| *name == facts.family)
        .map_or(0, |(_, hits)| *hits);
    let description_hits = request.hits(&facts.description).min(3);
    let mut score = 2 * family_hits.min(3)
        + 3 * request.hits(&facts.name_parts)
        + 2 * request.hits(&facts.own_words).min(3)
        + description_hits;
    if request.contains_keyed(&facts.name) {
        score += 10;
    }
    if used.contains(&tool.name) {
        score += 6;
    }
    score
}

/// Picks the tools for a request within `budget` tokens (schemas and catalogue together).
/// `request` is what the operator asked (with recent turns); `used` names tools called earlier in
/// the conversation, which count as relevant.
pub fn select(all: &[ToolDefinition], request: &str, used: &[String], budget: u32) -> Selection {
    select_with(all, request, used, &[], budget)
}

/// [`select`], with the tools the model has called in this run offered first: once it asked for
/// one, it gets its schema.
pub fn select_with(
    all: &[ToolDefinition],
    request: &str,
    used: &[String],
    called: &[String],
    budget: u32,
) -> Selection {
    Ranking::new(all, request, used).select(called, budget)
}

/// A request's tools ranked, and what weighing them against a budget needs, taken once per run.
///
/// A tool's score depends on the request and the tools the conversation used before the run,
/// neither of which changes between the run's model calls; only the tools called in the run and
/// the budget do ([`Ranking::select`]). Ranking once per run rather than once per model call
/// saved a tenth of a tool chat's instructions (`docs/benchmarks.md`).
pub struct Ranking<'a> {
    all: &'a [ToolDefinition],
    /// Scores and indices into `all`, best first; among equals, the general tools, then the
    /// registry's order.
    ranked: Vec<(u32, usize)>,
    sizes: Sizes,
}

impl<'a> Ranking<'a> {
    /// Scores every tool of `all` against `request`; `used` names tools called earlier in the
    /// conversation, which count as relevant.
    pub fn new(all: &'a [ToolDefinition], request: &str, used: &[String]) -> Self {
        let request = Request::new(request);
        let families = family_hits(&request);
        let mut ranked: Vec<(u32, usize)> = all
            .iter()
            .enumerate()
            .map(|(at, t)| (score(t, &request, &families, used), at))
            .collect();
        ranked.sort_by_key(|(score, at)| {
            (
                std::cmp::Reverse(*score),
                !GENERAL.contains(&all[*at].name.as_str()),
            )
        });
        Self {
            all,
            ranked,
            sizes: Sizes::new(all),
        }
    }

    /// Every tool the caller may use.
    pub fn tools(&self) -> &'a [ToolDefinition] {
        self.all
    }

    /// Picks the tools within `budget` tokens (schemas and catalogue together), the tools in
    /// `called` (called in this run) first.
    pub fn select(&self, called: &[String], budget: u32) -> Selection {
        let all = self.all;
        let ranked = &self.ranked;
        let best = ranked.first().map_or(0, |(score, _)| *score);
        // Each candidate is weighed against the budget with the schemas offered so far and the
        // catalogue of the rest; both are sized from figures taken once per run (estimating a
        // schema serialises it; writing out a catalogue per candidate was a tenth of a chat's
        // CPU).
        let mut offered = Offered::new(all, &self.sizes);
        let mut offer = |at: usize| {
            if !offered.holds(at) && offered.fits(at, budget) {
                offered.add(at);
            }
        };
        for name in called {
            if let Some(at) = all.iter().position(|t| t.name == *name) {
                offer(at);
            }
        }
        if best == 0 {
            for name in GENERAL {
                if let Some(at) = all.iter().position(|t| t.name == *name) {
                    offer(at);
                }
            }
        } else {
            // The request's neighbourhood: the best tool's family down to a third of its score,
            // other families only when they score close to it.
            let top_family = ranked.first().map_or("", |(_, at)| family(&all[*at].name));
            let near = best.div_ceil(3).max(2);
            let far = (best * 2).div_ceil(3).max(2);
            for (score, at) in ranked {
                let floor = if family(&all[*at].name) == top_family {
                    near
                } else {
                    far
                };
                if *score >= floor {
                    offer(*at);
                }
            }
        }
        offered.into_selection()
    }
}

/// What sizing a tool list's selections needs, per tool, taken once.
struct Sizes {
    /// Per tool: the index of the first tool with its name (a name offered is offered once,
    /// and leaves the catalogue under every index that bears it).
    name_of: Vec<usize>,
    /// Per tool: its estimated schema tokens. Each tool is charged its own (the first version
    /// charged the last schema of a name two tools shared; a registry refuses such pairs, so
    /// only a caller passing its own list could tell).
    cost: Vec<u32>,
    catalogue: CatalogueSize,
}

impl Sizes {
    fn new(all: &[ToolDefinition]) -> Self {
        Self {
            name_of: all
                .iter()
                .enumerate()
                .map(|(at, tool)| {
                    all[..at]
                        .iter()
                        .position(|other| other.name == tool.name)
                        .unwrap_or(at)
                })
                .collect(),
            cost: all.iter().map(tokens::tool).collect(),
            catalogue: CatalogueSize::new(all),
        }
    }
}

/// The tools offered so far during a selection.
struct Offered<'a> {
    all: &'a [ToolDefinition],
    sizes: &'a Sizes,
    /// Per name index: whether a tool of that name is offered.
    named: Vec<bool>,
    /// The offered tools' indices, in the order they were offered.
    order: Vec<usize>,
    /// The offered schemas' tokens.
    schemas: u32,
}

impl<'a> Offered<'a> {
    fn new(all: &'a [ToolDefinition], sizes: &'a Sizes) -> Self {
        Self {
            all,
            sizes,
            named: vec![false; all.len()],
            order: Vec::new(),
            schemas: 0,
        }
    }

    fn holds(&self, at: usize) -> bool {
        self.named[self.sizes.name_of[at]]
    }

    /// Whether the schemas offered so far, `at`'s, and the catalogue of the rest fit `budget`.
    fn fits(&self, at: usize, budget: u32) -> bool {
        let name_of = &self.sizes.name_of;
        let schemas = tokens::TOOLS_PREAMBLE + self.schemas + self.sizes.cost[at];
        let next = name_of[at];
        let left_out = |other: usize| self.named[name_of[other]] || name_of[other] == next;
        schemas + self.sizes.catalogue.tokens(left_out) <= budget
    }

    fn add(&mut self, at: usize) {
        self.named[self.sizes.name_of[at]] = true;
        self.schemas += self.sizes.cost[at];
        self.order.push(at);
    }

    fn into_selection(self) -> Selection {
        let name_of = &self.sizes.name_of;
        let catalogue = self
            .all
            .iter()
            .enumerate()
            .filter(|(at, _)| !self.named[name_of[*at]])
            .map(|(_, t)| t.name.clone())
            .collect();
        Selection {
            offered: self.order.iter().map(|at| self.all[*at].clone()).collect(),
            catalogue,
        }
    }
}

/// Sizes the catalogue line of any part of a tool list without writing it: the line's length and
/// digits follow from each name's and family's, and [`tokens::text`] needs no more.
struct CatalogueSize {
    /// Families in the line's order, each with its name's length and digits and its tools'
    /// indices in list order.
    families: Vec<(usize, usize, Vec<usize>)>,
    /// Per tool: its name's length and digits.
    names: Vec<(usize, usize)>,
}

/// The words before the groups of the catalogue line.
const CATALOGUE_LEAD: &str =
    "More tools exist; call one by name when you need it and its schema follows: ";

fn digits(text: &str) -> usize {
    text.bytes().filter(u8::is_ascii_digit).count()
}

impl CatalogueSize {
    fn new(all: &[ToolDefinition]) -> Self {
        let mut by_family: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (at, tool) in all.iter().enumerate() {
            by_family.entry(family(&tool.name)).or_default().push(at);
        }
        Self {
            families: by_family
                .into_iter()
                .map(|(name, tools)| (name.len(), digits(name), tools))
                .collect(),
            names: all
                .iter()
                .map(|t| (t.name.len(), digits(&t.name)))
                .collect(),
        }
    }

    /// [`catalogue_tokens`] of the tools `left_out` does not name, in list order.
    fn tokens(&self, left_out: impl Fn(usize) -> bool) -> u32 {
        let (mut length, mut digit_count, mut groups) = (0, 0, 0);
        for (family_length, family_digits, tools) in &self.families {
            let mut named = 0;
            for at in tools.iter().copied().filter(|at| !left_out(*at)) {
                let (name_length, name_digits) = self.names[at];
                length += name_length;
                digit_count += name_digits;
                named += 1;
            }
            if named > 0 {
                // "family: a, b" and the "; " before every group but the first.
                length += family_length + 2 + 2 * (named - 1);
                digit_count += family_digits;
                groups += 1;
            }
        }
        if groups == 0 {
            return 0;
        }
        // The lead, the "; " between groups, and the closing ".".
        length += CATALOGUE_LEAD.len() + 2 * (groups - 1) + 1;
        let other = length - digit_count;
        u32::try_from(digit_count + other.div_ceil(3)).unwrap_or(u32::MAX)
            + tokens::MESSAGE_OVERHEAD
    }
}

/// The catalogue line: the other tools by family.
pub fn catalogue_line(names: &[String]) -> Option<String> {
    if names.is_empty() {
        return None;
    }
    let mut by_family: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for name in names {
        by_family.entry(family(name)).or_default().push(name);
    }
    let groups: Vec<String> = by_family
        .iter()
        .map(|(family, names)| format!("{family}: {}", names.join(", ")))
        .collect();
    Some(format!("{CATALOGUE_LEAD}{}.", groups.join("; ")))
}

fn catalogue_tokens(names: &[String]) -> u32 {
    catalogue_line(names).map_or(0, |line| tokens::text(&line) + tokens::MESSAGE_OVERHEAD)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    fn tool(name: &str, description: &str, properties: usize) -> ToolDefinition {
        let properties: serde_json::Map<String, serde_json::Value> = (0..properties)
            .map(|p| (format!("arg{p}"), serde_json::json!({"type": "string"})))
            .collect();
        ToolDefinition {
            name: name.to_owned(),
            description: description.to_owned(),
            parameters: Arc::new(serde_json::json!({"type": "object", "properties": properties})),
        }
    }

    fn registry() -> Vec<ToolDefinition> {
        [
            ("docker_ps", "List containers and their state", 2),
            ("docker_logs", "Read a container's logs", 4),
            ("docker_restart", "Restart a container", 1),
            ("docker_inspect", "Inspect a container or image", 1),
            ("system_info", "Host facts: load, memory, uptime", 0),
            ("disk_usage", "Disk usage of mounted filesystems", 1),
            ("process_list", "Processes by CPU or memory", 2),
            ("run_command", "Run a command on the host", 3),
            ("file_read", "Read a text file", 2),
            ("file_info", "Size, owner and times of a file", 1),
            ("git_status", "Working tree status of a repository", 1),
            ("http_check", "Fetch a URL and report its status", 3),
            ("dns_lookup", "Resolve a host name", 1),
            ("gpu_status", "GPU memory and utilisation from NVML", 0),
            ("ssh_exec", "Run a command on a remote host over SSH", 4),
            ("memory_search", "Search what Warden remembers", 2),
            ("k8s_pods", "Pods in a cluster namespace", 2),
            ("s3_ls2", "Objects under a bucket prefix", 2),
            // Sized by bytes, as `tokens::text` counts them, not by characters.
            ("données_liste", "Liste les données", 1),
        ]
        .into_iter()
        .map(|(name, description, properties)| tool(name, description, properties))
        .collect()
    }

    fn hits_as_written(words: &HashSet<String>, list: &[&str]) -> u32 {
        u32::try_from(list.iter().filter(|w| words.contains(**w)).count()).unwrap_or(u32::MAX)
    }

    /// A tool's score as first written, every fact taken anew and looked up in a hashed set.
    fn score_as_written(
        tool: &ToolDefinition,
        request: &HashSet<String>,
        families: &[(&str, u32)],
        used: &[String],
    ) -> u32 {
        let family_name = family(&tool.name);
        let family_hits = families
            .iter()
            .find(|(name, _)| *name == family_name)
            .map_or(0, |(_, hits)| *hits);
        let own_words = TOOL_WORDS
            .iter()
            .find(|(name, _)| *name == tool.name)
            .map_or(&[][..], |(_, words)| *words);
        let name_parts: Vec<&str> = tool
            .name
            .split('_')
            .filter(|part| *part != family_name)
            .map(singular)
            .collect();
        let description: Vec<String> = words(&tool.description)
            .into_iter()
            .filter(|w| w.len() >= 4)
            .collect();
        let description_hits = u32::try_from(
            description
                .iter()
                .filter(|w| request.contains(w.as_str()))
                .count(),
        )
        .unwrap_or(0)
        .min(3);
        let mut score = 2 * family_hits.min(3)
            + 3 * hits_as_written(request, &name_parts)
            + 2 * hits_as_written(request, own_words).min(3)
            + description_hits;
        if request.contains(tool.name.as_str()) {
            score += 10;
        }
        if used.contains(&tool.name) {
            score += 6;
        }
        score
    }

    /// The selection as first written: every candidate weighed by writing out the catalogue of
    /// the rest, every tool scored anew. The selection must choose exactly as it did.
    fn select_by_writing(
        all: &[ToolDefinition],
        request: &str,
        used: &[String],
        called: &[String],
        budget: u32,
    ) -> Selection {
        let request = words(request);
        let families: Vec<(&str, u32)> = FAMILIES
            .iter()
            .map(|(name, words)| (*name, hits_as_written(&request, words)))
            .collect();
        let mut ranked: Vec<(u32, &ToolDefinition)> = all
            .iter()
            .map(|t| (score_as_written(t, &request, &families, used), t))
            .collect();
        ranked.sort_by_key(|(score, tool)| {
            (
                std::cmp::Reverse(*score),
                !GENERAL.contains(&tool.name.as_str()),
            )
        });
        let best = ranked.first().map_or(0, |(score, _)| *score);
        let mut offered: Vec<ToolDefinition> = Vec::new();
        let fits = |offered: &[ToolDefinition], next: &ToolDefinition| {
            let with: Vec<&ToolDefinition> = offered.iter().chain(std::iter::once(next)).collect();
            let rest: Vec<String> = all
                .iter()
                .filter(|t| !with.iter().any(|w| w.name == t.name))
                .map(|t| t.name.clone())
                .collect();
            tokens::TOOLS_PREAMBLE
                + with.iter().map(|t| tokens::tool(t)).sum::<u32>()
                + catalogue_tokens(&rest)
                <= budget
        };
        let mut offer = |tool: &ToolDefinition| {
            if !offered.iter().any(|o| o.name == tool.name) && fits(&offered, tool) {
                offered.push(tool.clone());
            }
        };
        for name in called {
            if let Some(tool) = all.iter().find(|t| t.name == *name) {
                offer(tool);
            }
        }
        if best == 0 {
            for name in GENERAL {
                if let Some(tool) = all.iter().find(|t| t.name == *name) {
                    offer(tool);
                }
            }
        } else {
            let top_family = ranked.first().map_or("", |(_, tool)| family(&tool.name));
            let near = best.div_ceil(3).max(2);
            let far = (best * 2).div_ceil(3).max(2);
            for (score, tool) in &ranked {
                let floor = if family(&tool.name) == top_family {
                    near
                } else {
                    far
                };
                if *score >= floor {
                    offer(tool);
                }
            }
        }
        let catalogue = all
            .iter()
            .filter(|t| !offered.iter().any(|o| o.name == t.name))
            .map(|t| t.name.clone())
            .collect();
        Selection { offered, catalogue }
    }

    #[test]
    fn the_catalogue_is_sized_as_written_for_any_part_of_the_list() {
        let all = registry();
        let size = CatalogueSize::new(&all);
        // Every subset of the first twelve tools, the rest always listed, and the empty list.
        for mask in 0u32..(1 << 12) {
            let left_out = |at: usize| at < 12 && mask & (1 << at) != 0;
            let rest: Vec<String> = (0..all.len())
                .filter(|at| !left_out(*at))
                .map(|at| all[at].name.clone())
                .collect();
            assert_eq!(
                size.tokens(left_out),
                catalogue_tokens(&rest),
                "catalogue of {rest:?}"
            );
        }
        assert_eq!(size.tokens(|_| true), 0, "no tool left: no catalogue line");
        assert_eq!(catalogue_tokens(&[]), 0);
    }

    #[test]
    fn the_sized_selection_chooses_as_the_written_one_did() {
        let all = registry();
        let requests = [
            "why is the nginx container restarting?",
            "show me the logs of the api containers",
            "how full is the disk",
            "what is using the gpu memory",
            "resolve example.org and check http",
            "hello",
            "read /etc/hosts and tell me its size",
            "list pods in k8s and the s3_ls2 bucket",
        ];
        let used = ["git_status".to_owned()];
        let called = ["ssh_exec".to_owned(), "docker_ps".to_owned()];
        let mut offered_counts = HashSet::new();
        let mut scores = HashSet::new();
        for request in requests {
            let sorted = Request::new(request);
            let hashed = words(request);
            let families = family_hits(&sorted);
            for tool in &all {
                for used in [&used[..0], &used[..]] {
                    let score = score(tool, &sorted, &families, used);
                    assert_eq!(
                        score,
                        score_as_written(tool, &hashed, &families, used),
                        "{} for {request:?}",
                        tool.name
                    );
                    scores.insert(score);
                }
            }
            for used in [&used[..0], &used[..]] {
                // One ranking serves every model call of a run: each selection from it, whatever
                // was selected before, chooses as a fresh one written out does.
                let ranking = Ranking::new(&all, request, used);
                for budget in (0..1400).step_by(25) {
                    for called in [&called[..0], &called[..1], &called[..]] {
                        let sized = ranking.select(called, budget);
                        let written = select_by_writing(&all, request, used, called, budget);
                        assert_eq!(
                            sized.offered_names(),
                            written.offered_names(),
                            "{request:?} within {budget} tokens, {called:?} called"
                        );
                        assert_eq!(sized.catalogue, written.catalogue);
                        assert_eq!(sized, select_with(&all, request, used, called, budget));
                        assert!(
                            budget < 200 || sized.tokens() <= budget || sized.offered.is_empty()
                        );
                        offered_counts.insert(sized.offered.len());
                    }
                }
            }
        }
        assert!(
            scores.len() > 4,
            "the requests score tools apart: {scores:?}"
        );
        assert!(
            offered_counts.len() > 3,
            "the budgets tried offer different numbers of tools: {offered_counts:?}"
        );
    }
}

#[cfg(test)]
mod keyed_tests {
    use super::{Keyed, Request, keyed};

    fn key(hash: u64, word: &str) -> Keyed {
        Keyed {
            hash,
            word: word.to_owned(),
        }
    }

    #[test]
    fn a_walk_counts_what_a_lookup_per_word_counts() {
        let request = Request::new("Why are the nginx containers restarting? logs please");
        let list = keyed([
            "nginx",
            "container",
            "log",
            "log",
            "disk",
            "restarting",
            "why",
        ]);
        let looked_up = list.iter().filter(|k| request.contains(&k.word)).count();
        assert_eq!(
            looked_up, 5,
            "duplicates count each; stopwords and absent words do not"
        );
        assert_eq!(request.hits(&list), 5);
        assert_eq!(request.hits(&[]), 0);
        assert_eq!(Request::new("").hits(&list), 0);
    }

    #[test]
    fn equal_hashes_of_different_words_are_no_hit() {
        let request = Request {
            words: vec![key(7, "alpha"), key(7, "beta"), key(9, "gamma")],
        };
        assert_eq!(request.hits(&[key(7, "delta"), key(9, "omega")]), 0);
        assert_eq!(request.hits(&[key(7, "beta"), key(9, "gamma")]), 2);
        assert!(request.contains_keyed(&key(7, "alpha")));
        assert!(!request.contains_keyed(&key(7, "gamma")));
    }
}
