use std::collections::HashMap;
use std::sync::Arc;

use bollard::query_parameters::{
    ListImagesOptions, PruneBuildOptions, PruneContainersOptions, PruneImagesOptions,
};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Value, json};
use warden_protocol::Scope;
use warden_tool_api::{Effect, ToolContext, ToolError, ToolOutput, TypedTool};

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

/// Arguments of `docker_prune`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PruneArgs {
    /// What to reclaim: `containers`, `dangling_images` or `build_cache`.
    pub what: PruneTarget,
    /// Only objects with this label (`key` or `key=value`).
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

    async fn run(&self, args: PruneArgs, _context: &ToolContext) -> Result<ToolOutput, ToolError> {
        let mut filters = HashMap::new();
        if let Some(label) = &args.label {
            filters.insert("label".to_owned(), vec![label.clone()]);
        }
        let client = self.0.client().await?;
        let result = match args.what {
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
        let v = match result {
            Ok(v) => v,
            Err(e) => return Err(self.0.error(e, "pruning").await),
        };
        let reclaimed = v["SpaceReclaimed"].as_u64().unwrap_or(0);
        let removed: Vec<Value> = ["ContainersDeleted", "ImagesDeleted", "CachesDeleted"]
            .iter()
            .flat_map(|key| v[*key].as_array().cloned().unwrap_or_default())
            .collect();
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
