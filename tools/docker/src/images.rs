use std::collections::HashMap;
use std::sync::Arc;

use bollard::query_parameters::{
    ListImagesOptions, PruneBuildOptions, PruneContainersOptions, PruneImagesOptions,
};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Value, json};
use warden_protocol::Scope;
use warden_tool_api::{ArgumentJudgement, Effect, ToolContext, ToolError, ToolOutput, TypedTool};

use crate::engine::Engine;

const MIB: f64 = 1024.0 * 1024.0;

pub struct DockerImages(pub Arc<Engine>);

/// Arguments of `docker_images`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ImagesArgs {
    /// Only dangling images (untagged layers left by rebuilds).
    #[serde(default)]
    pub dangling: bool,
    /// Only images whose tag contains this text.
    pub query: Option<String>,
}

impl TypedTool for DockerImages {
    type Args = ImagesArgs;
    const NAME: &'static str = "docker_images";
    const DESCRIPTION: &'static str =
        "Local images: tags, short id, size and age; dangling ones marked.";
    const SCOPE: Scope = Scope::Read;
    const EFFECT: Effect = Effect::ReadOnly;
    const SANDBOXABLE: bool = false;

    async fn run(&self, args: ImagesArgs, _context: &ToolContext) -> Result<ToolOutput, ToolError> {
        let mut filters = HashMap::new();
        if args.dangling {
            filters.insert("dangling".to_owned(), vec!["true".to_owned()]);
        }
        let client = self.0.reader().await?;
        let options = ListImagesOptions {
            filters: if filters.is_empty() {
                None
            } else {
                Some(filters)
            },
            ..Default::default()
        };
        let images = match client.list_images(Some(options)).await {
            Ok(images) => images,
            Err(e) => return Err(self.0.error(e, "listing images").await),
        };
        let mut rows: Vec<Value> = images
            .iter()
            .map(|i| serde_json::to_value(i).unwrap_or_default())
            .filter(|v| {
                args.query.as_ref().is_none_or(|q| v["RepoTags"].as_array().is_some_and(|tags| tags.iter().any(|t| t.as_str().is_some_and(|t| t.contains(q.as_str())))))
            })
            .map(|v| {
                let tags: Vec<String> = v["RepoTags"].as_array().map(|t| t.iter().filter_map(|t| t.as_str()).filter(|t| *t != "<none>:<none>").map(str::to_owned).collect()).unwrap_or_default();
                json!({
                    "id": v["Id"].as_str().unwrap_or("").trim_start_matches("sha256:").chars().take(12).collect::<String>(),
                    "tags": tags,
                    "size_bytes": v["Size"],
                    "created": v["Created"],
                    "dangling": tags.is_empty(),
                })
            })
            .collect();
        rows.sort_by(|a, b| b["created"].as_i64().cmp(&a["created"].as_i64()));
        let text: String = rows
            .iter()
            .map(|r| {
                let tags = r["tags"]
                    .as_array()
                    .map(|t| {
                        t.iter()
                            .filter_map(|t| t.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    })
                    .unwrap_or_default();
                format!(
                    "{:<12} {:>9.1} MiB {}\n",
                    r["id"].as_str().unwrap_or(""),
                    r["size_bytes"].as_f64().unwrap_or(0.0) / MIB,
                    if tags.is_empty() {
                        "<dangling>".to_owned()
                    } else {
                        tags
                    }
                )
            })
            .collect();
        Ok(ToolOutput::new(
            if text.is_empty() {
                "no images\n".to_owned()
            } else {
                text
            },
            json!({"images": rows}),
        ))
    }
}

pub struct DockerPrune(pub Arc<Engine>);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PruneTarget {
    /// Stopped containers.
    Containers,
    /// Dangling images (untagged).
    DanglingImages,
    /// The builder's cache.
    BuildCache,
}

/// Why a build cache prune takes no label: Docker's build cache entries carry none, and its
/// build cache prune (`POST /build/prune`) accepts a `label` filter and ignores it, removing
/// every unused entry whatever the label.
pub const BUILD_CACHE_LABEL: &str = "the build cache has no labels: Docker's build cache prune \
     ignores a label filter and would remove every unused entry";

/// Arguments of `docker_prune`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PruneArgs {
    /// What to reclaim: `containers`, `dangling_images` or `build_cache`.
    pub what: PruneTarget,
    /// Only objects with this label (`key` or `key=value`; the key and value in any case, as
    /// Warden reads labels: `tier=cache` also prunes what is labelled `Tier=Cache`). Not with
    /// `build_cache`, whose entries have no labels: refused ([`BUILD_CACHE_LABEL`]).
    pub label: Option<String>,
}

impl TypedTool for DockerPrune {
    type Args = PruneArgs;
    const NAME: &'static str = "docker_prune";
    const DESCRIPTION: &'static str = "Reclaim disk space: remove stopped containers, dangling images or the build cache. Tagged images and volumes are never pruned. Returns the space reclaimed.";
    const SCOPE: Scope = Scope::Execute;
    const EFFECT: Effect = Effect::Destructive;
    const SANDBOXABLE: bool = false;
    const TIMEOUT: std::time::Duration = std::time::Duration::from_secs(300);

    /// A build cache prune by label is refused before it runs: see [`BUILD_CACHE_LABEL`].
    fn judge(&self, args: &PruneArgs, _context: &ToolContext) -> Option<ArgumentJudgement> {
        (args.what == PruneTarget::BuildCache && args.label.is_some()).then(|| {
            ArgumentJudgement::Refused {
                rule: "docker-build-cache-label",
                reason: BUILD_CACHE_LABEL.to_owned(),
                alternative: "prune the build cache without a label, or prune dangling images \
                              by label"
                    .to_owned(),
            }
        })
    }

    async fn run(&self, args: PruneArgs, _context: &ToolContext) -> Result<ToolOutput, ToolError> {
        // Also here, for a caller that reaches the tool without the guard's judgement.
        if args.what == PruneTarget::BuildCache && args.label.is_some() {
            return Err(ToolError::InvalidArguments(BUILD_CACHE_LABEL.to_owned()));
        }
        let client = self.0.client().await?;
        // Docker's label filter matches a label's key and value exactly; Warden reads labels in
        // any case (`Tier=Cache` is `tier=cache`), so each spelling the objects carry is pruned.
        let labels: Vec<Option<String>> = match &args.label {
            None => vec![None],
            Some(label) => match self.spellings(&client, args.what, label).await? {
                Some(spellings) => spellings.into_iter().map(Some).collect(),
                None => vec![Some(label.clone())],
            },
        };
        let mut reclaimed: u64 = 0;
        let mut removed: Vec<Value> = Vec::new();
        for label in labels {
            let v = self.prune(&client, args.what, label).await?;
            reclaimed = reclaimed.saturating_add(v["SpaceReclaimed"].as_u64().unwrap_or(0));
            removed.extend(
                ["ContainersDeleted", "ImagesDeleted", "CachesDeleted"]
                    .iter()
                    .flat_map(|key| v[*key].as_array().cloned().unwrap_or_default()),
            );
        }
        let what = match args.what {
            PruneTarget::Containers => "stopped containers",
            PruneTarget::DanglingImages => "dangling images",
            PruneTarget::BuildCache => "build cache entries",
        };
        Ok(ToolOutput::new(
            format!(
                "removed {} {what}, reclaimed {:.1} MiB",
                removed.len(),
                reclaimed as f64 / MIB
            ),
            json!({"what": what, "removed": removed, "space_reclaimed_bytes": reclaimed}),
        ))
    }
}

/// The spellings of `wanted` (`key` or `key=value`) among `labels`, in the form Docker's label
/// filter takes (`Tier` or `Tier=Cache`, as the object's owner wrote them): the key matched in
/// any case (letters of any script: `Überwacht` is `überwacht`), and the value too when `wanted`
/// names one; spaces around either, and the quotes a Compose list keeps around a value, are
/// not part of it. Each spelling once, in order.
pub fn label_spellings<'a>(
    labels: impl IntoIterator<Item = (&'a String, &'a String)>,
    wanted: &str,
) -> Vec<String> {
    let (key, value) = match wanted.split_once('=') {
        Some((key, value)) => (key.trim(), Some(value.trim())),
        None => (wanted.trim(), None),
    };
    let mut out: Vec<String> = Vec::new();
    for (k, v) in labels {
        if !same_in_any_case(k.trim(), key)
            || value.is_some_and(|value| !same_in_any_case(label_value(v), label_value(value)))
        {
            continue;
        }
        let spelling = match value {
            Some(_) => format!("{k}={v}"),
            None => k.clone(),
        };
        if !out.contains(&spelling) {
            out.push(spelling);
        }
    }
    out
}

/// Whether two label texts are the same in any case, letters of any script included.
fn same_in_any_case(a: &str, b: &str) -> bool {
    warden_protocol::text::same_caseless(a, b)
}

/// A label's value as its owner meant it: without spaces around it, nor the quotes a Compose
/// file's list form keeps in it (`- tier="cache"` labels it `"cache"`, quotes and all).
fn label_value(value: &str) -> &str {
    let value = value.trim();
    ['"', '\'']
        .iter()
        .find_map(|quote| {
            value
                .strip_prefix(*quote)
                .and_then(|inner| inner.strip_suffix(*quote))
        })
        .map_or(value, str::trim)
}

impl DockerPrune {
    /// The spellings of `label` the objects `what` would prune carry ([`label_spellings`]);
    /// None for the build cache, whose entries Docker lists without labels (the label is passed
    /// as given).
    async fn spellings(
        &self,
        client: &bollard::Docker,
        what: PruneTarget,
        label: &str,
    ) -> Result<Option<Vec<String>>, ToolError> {
        let labelled: Vec<HashMap<String, String>> = match what {
            PruneTarget::BuildCache => return Ok(None),
            PruneTarget::DanglingImages => {
                let mut filters = HashMap::new();
                filters.insert("dangling".to_owned(), vec!["true".to_owned()]);
                let options = ListImagesOptions {
                    filters: Some(filters),
                    ..Default::default()
                };
                match client.list_images(Some(options)).await {
                    Ok(images) => images.into_iter().map(|i| i.labels).collect(),
                    Err(e) => return Err(self.0.error(e, "listing images").await),
                }
            }
            PruneTarget::Containers => {
                let options = bollard::query_parameters::ListContainersOptions {
                    all: true,
                    ..Default::default()
                };
                match client.list_containers(Some(options)).await {
                    Ok(listed) => listed
                        .into_iter()
                        .map(|c| c.labels.unwrap_or_default())
                        .collect(),
                    Err(e) => return Err(self.0.error(e, "listing containers").await),
                }
            }
        };
        let mut out: Vec<String> = Vec::new();
        for labels in &labelled {
            for spelling in label_spellings(labels, label) {
                if !out.contains(&spelling) {
                    out.push(spelling);
                }
            }
        }
        Ok(Some(out))
    }

    /// One prune of `what`, only objects with `label` (exactly) when given: Docker's answer.
    async fn prune(
        &self,
        client: &bollard::Docker,
        what: PruneTarget,
        label: Option<String>,
    ) -> Result<Value, ToolError> {
        let mut filters = HashMap::new();
        if let Some(label) = label {
            filters.insert("label".to_owned(), vec![label]);
        }
        let result = match what {
            PruneTarget::Containers => client
                .prune_containers(Some(PruneContainersOptions {
                    filters: Some(filters),
                }))
                .await
                .map(|r| serde_json::to_value(r).unwrap_or_default()),
            PruneTarget::DanglingImages => {
                filters.insert("dangling".to_owned(), vec!["true".to_owned()]);
                client
                    .prune_images(Some(PruneImagesOptions {
                        filters: Some(filters),
                    }))
                    .await
                    .map(|r| serde_json::to_value(r).unwrap_or_default())
            }
            PruneTarget::BuildCache => client
                .prune_build(Some(PruneBuildOptions {
                    filters: Some(filters),
                    ..Default::default()
                }))
                .await
                .map(|r| serde_json::to_value(r).unwrap_or_default()),
        };
        match result {
            Ok(v) => Ok(v),
            Err(e) => Err(self.0.error(e, "pruning").await),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_prune_label_is_matched_in_any_case_as_its_owner_spelled_it() {
        let labels: HashMap<String, String> = [
            ("Tier", "Cache"),
            ("owner", "ci"),
            (" TIER ", "cache"),
            ("tier", "hot"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        let mut cache = label_spellings(&labels, "tier=cache");
        cache.sort();
        assert_eq!(cache, vec![" TIER =cache", "Tier=Cache"]);
        let mut spaced = label_spellings(&labels, " TIER = CACHE ");
        spaced.sort();
        assert_eq!(spaced, cache);
        let mut keys = label_spellings(&labels, "tier");
        keys.sort();
        assert_eq!(keys, vec![" TIER ", "Tier", "tier"]);
        assert_eq!(label_spellings(&labels, "Owner=CI"), vec!["owner=ci"]);
        // Other scripts in any case, and a Compose list's quotes.
        let odd: HashMap<String, String> = [("Überwacht", "\"JA\""), ("équipe", "x")]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        assert_eq!(
            label_spellings(&odd, "überwacht=ja"),
            vec!["Überwacht=\"JA\""]
        );
        assert_eq!(label_spellings(&odd, "ÉQUIPE"), vec!["équipe"]);
        // Another value, another key: none.
        assert!(label_spellings(&labels, "tier=cold").is_empty());
        assert!(label_spellings(&labels, "tiers").is_empty());
    }
}
