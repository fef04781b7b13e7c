//! Which container a tool call names. Docker resolves a reference as a whole id, then a name,
//! then any unique prefix of an id; Warden takes only the first two and ids of at least the
//! short length `docker ps` shows, for actions and reads alike.

use bollard::Docker;
use bollard::models::ContainerInspectResponse;
use bollard::query_parameters::InspectContainerOptions;
use warden_tool_api::ToolError;

use crate::engine::Engine;

/// The shortest id prefix taken as naming a container: the short id `docker ps` shows.
const SHORT_ID_LEN: usize = 12;

/// The full id of the container `asked` names, before an action changes it.
///
/// Docker resolves a reference as a whole id, then a name, then any unique prefix of an id, so
/// `db` reaches the container whose id begins `db83...` once no container is named `db`, and an
/// action approved for `db` would stop or remove another container. A container is taken only
/// when it bears the name asked for (with or without Docker's leading `/`), or its id whole or
/// from at least its first 12 characters; otherwise the call fails with `not_found`, naming the
/// container Docker would have chosen.
pub(crate) async fn resolve(engine: &Engine, asked: &str) -> Result<String, ToolError> {
    let client = engine.client().await?;
    Ok(inspect_named(engine, &client, asked)
        .await?
        .id
        .unwrap_or_default())
}

/// The container `asked` names, inspected through `client`, by the rule of [`resolve`]: reads
/// (`docker_inspect`, `docker_logs`) show the container named, never one whose id begins with
/// the name, and take Docker's `/name` spelling.
pub(crate) async fn inspect_named(
    engine: &Engine,
    client: &Docker,
    asked: &str,
) -> Result<ContainerInspectResponse, ToolError> {
    // Docker's API spells names with a leading `/`, which its URL paths do not take.
    let reference = asked.strip_prefix('/').unwrap_or(asked);
    let inspected = match client
        .inspect_container(reference, None::<InspectContainerOptions>)
        .await
    {
        Ok(inspected) => inspected,
        Err(e) => return Err(engine.error(e, &format!("container '{asked}'")).await),
    };
    let id = inspected.id.as_deref().unwrap_or_default();
    let name = inspected.name.as_deref().unwrap_or_default();
    let name = name.strip_prefix('/').unwrap_or(name);
    if names_container(asked, name, id) {
        return Ok(inspected);
    }
    Err(ToolError::NotFound(format!(
        "no container is named '{asked}'; Docker would take '{name}' ({}) because its id begins with it: give the container's name, or at least {SHORT_ID_LEN} characters of its id",
        id.get(..SHORT_ID_LEN).unwrap_or(id)
    )))
}

/// Whether `asked` names the container called `name` with id `id`: the name (Docker's spelling
/// with a leading `/` included), the whole id, or the id's first [`SHORT_ID_LEN`] or more
/// characters.
fn names_container(asked: &str, name: &str, id: &str) -> bool {
    let asked_name = asked.strip_prefix('/').unwrap_or(asked);
    if !asked_name.is_empty() && asked_name == name {
        return true;
    }
    asked.len() >= SHORT_ID_LEN
        && asked
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        && id.starts_with(asked)
}

#[cfg(test)]
mod tests {
    use super::names_container;

    /// Docker takes `db` for the container whose id begins `db83...` once none is named `db`:
    /// an action asked for `db` must not reach it.
    #[test]
    fn a_container_is_the_one_asked_for_only_by_its_name_or_id() {
        let id = "db83f0c2a9e14b7d8c6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c";
        for asked in ["cache", "/cache", id, &id[..12], &id[..20]] {
            assert!(names_container(asked, "cache", id), "{asked}");
        }
        for asked in ["db", "db83f0c2a9e", "DB83F0C2A9E14B7D", "cach", "/", ""] {
            assert!(!names_container(asked, "cache", id), "{asked}");
        }
        assert!(
            names_container("db", "db", id),
            "a name that looks like an id"
        );
    }
}
