//! A small ChromaDB client over its HTTP API v2 (the only one current servers speak): collections
//! in the default tenant and database, records upserted with their embeddings (the server never
//! embeds), fetched by id or metadata filter, queried by vector, deleted. Every call is bounded in
//! time and in the size of its answer.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use crate::error::MemoryError;

/// One call's time limit: a ChromaDB that does not answer counts as down.
const TIMEOUT: Duration = Duration::from_secs(10);
/// The largest answer read.
const MAX_ANSWER_BYTES: usize = 128 * 1024 * 1024;
const BASE: &str = "/api/v2/tenants/default_tenant/databases/default_database";

/// The client of one ChromaDB server. Cheap to clone.
#[derive(Debug, Clone)]
pub struct ChromaClient {
    url: String,
    client: reqwest::Client,
}

/// One record to upsert.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub id: String,
    pub embedding: Vec<f32>,
    pub document: String,
    /// Flat metadata: strings and integers.
    pub metadata: Map<String, Value>,
}

/// What a `get` returns besides the ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Include {
    /// Ids only (counting, deleting by filter).
    Ids,
    /// Documents and metadata.
    Records,
    /// Documents, metadata and embeddings (exports).
    RecordsWithVectors,
}

/// A record as fetched.
#[derive(Debug, Clone, PartialEq)]
pub struct Fetched {
    pub id: String,
    pub document: String,
    pub metadata: Map<String, Value>,
    pub embedding: Option<Vec<f32>>,
    /// Query results only: the cosine distance (1 - cosine).
    pub distance: Option<f32>,
}

#[derive(Deserialize)]
struct CollectionAnswer {
    id: String,
}

#[derive(Deserialize)]
struct NamedCollection {
    name: String,
}

/// A server's answer: 2xx with its JSON, or refused with its status and message.
enum Answer {
    Ok(Value),
    Refused(reqwest::StatusCode, String),
}

#[derive(Deserialize)]
struct GetAnswer {
    ids: Vec<String>,
    documents: Option<Vec<Option<String>>>,
    metadatas: Option<Vec<Option<Map<String, Value>>>>,
    embeddings: Option<Vec<Vec<f32>>>,
}

/// Per query, per result: ChromaDB answers a list of lists (one list per query vector).
type PerQuery<T> = Option<Vec<Vec<Option<T>>>>;

#[derive(Deserialize)]
struct QueryAnswer {
    ids: Vec<Vec<String>>,
    documents: PerQuery<String>,
    metadatas: PerQuery<Map<String, Value>>,
    distances: PerQuery<f32>,
}

fn unavailable(what: &str, e: &dyn std::fmt::Display) -> MemoryError {
    MemoryError::Chroma(format!("{what}: {e}"))
}

impl ChromaClient {
    /// A client for the server at `url` (`http://127.0.0.1:8000`).
    pub fn new(url: &str) -> Self {
        let client = warden_http::client_builder()
            .timeout(TIMEOUT)
            .connect_timeout(Duration::from_secs(3))
            .build()
            .unwrap_or_default();
        Self {
            url: url.trim_end_matches('/').to_owned(),
            client,
        }
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<Value, MemoryError> {
        match self.send(method, path, body).await? {
            Answer::Ok(value) => Ok(value),
            Answer::Refused(_, message) => Err(MemoryError::Chroma(message)),
        }
    }

    /// Sends a request: the JSON of a 2xx answer, or the status and the server's message.
    async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<Answer, MemoryError> {
        let url = format!("{}{path}", self.url);
        let mut request = self.client.request(method, &url);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let mut response = request
            .send()
            .await
            .map_err(|e| unavailable(&format!("{} is unreachable", self.url), &e))?;
        let status = response.status();
        let mut bytes = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| unavailable("the answer broke off", &e))?
        {
            if bytes.len() + chunk.len() > MAX_ANSWER_BYTES {
                return Err(MemoryError::Chroma(format!(
                    "an answer larger than {MAX_ANSWER_BYTES} bytes"
                )));
            }
            bytes.extend_from_slice(&chunk);
        }
        let value: Value = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes).map_err(|e| {
                unavailable(
                    &format!("{path} answered HTTP {status} with something that is not JSON"),
                    &e,
                )
            })?
        };
        if !status.is_success() {
            let message = value["message"]
                .as_str()
                .or(value["error"].as_str())
                .unwrap_or("");
            return Ok(Answer::Refused(
                status,
                format!("{path} answered HTTP {status}: {message}"),
            ));
        }
        Ok(Answer::Ok(value))
    }

    /// The server's version (`/api/v2/version`).
    pub async fn version(&self) -> Result<String, MemoryError> {
        let answer = self
            .call(reqwest::Method::GET, "/api/v2/version", None)
            .await?;
        answer
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| MemoryError::Chroma(format!("a version that is not a string: {answer}")))
    }

    /// How many records collection `name` holds, or None when it does not exist; nothing is
    /// created.
    pub async fn existing_count(&self, name: &str) -> Result<Option<i64>, MemoryError> {
        let path = format!("{BASE}/collections/{name}");
        let id = match self.send(reqwest::Method::GET, &path, None).await? {
            Answer::Refused(status, _) if status == reqwest::StatusCode::NOT_FOUND => {
                return Ok(None);
            }
            Answer::Refused(_, message) => return Err(MemoryError::Chroma(message)),
            Answer::Ok(answer) => {
                serde_json::from_value::<CollectionAnswer>(answer)
                    .map_err(|e| unavailable("the collection's description", &e))?
                    .id
            }
        };
        self.count(&id).await.map(Some)
    }

    /// The names of the collections (at most the first 1,000).
    pub async fn collection_names(&self) -> Result<Vec<String>, MemoryError> {
        let answer = self
            .call(
                reqwest::Method::GET,
                &format!("{BASE}/collections?limit=1000"),
                None,
            )
            .await?;
        let listed: Vec<NamedCollection> = serde_json::from_value(answer)
            .map_err(|e| unavailable("the list of collections", &e))?;
        Ok(listed.into_iter().map(|c| c.name).collect())
    }

    /// Whether the server answers.
    pub async fn heartbeat(&self) -> Result<(), MemoryError> {
        self.call(reqwest::Method::GET, "/api/v2/heartbeat", None)
            .await
            .map(|_| ())
    }

    /// The id of collection `name`, created (cosine space) when it does not exist.
    pub async fn collection(&self, name: &str, metadata: Value) -> Result<String, MemoryError> {
        let answer = self
            .call(
                reqwest::Method::POST,
                &format!("{BASE}/collections"),
                Some(json!({
                    "name": name,
                    "get_or_create": true,
                    "metadata": metadata,
                    "configuration": {"hnsw": {"space": "cosine"}},
                })),
            )
            .await?;
        let collection: CollectionAnswer = serde_json::from_value(answer)
            .map_err(|e| unavailable("the collection's description", &e))?;
        Ok(collection.id)
    }

    /// How many records the collection holds.
    pub async fn count(&self, collection: &str) -> Result<i64, MemoryError> {
        let answer = self
            .call(
                reqwest::Method::GET,
                &format!("{BASE}/collections/{collection}/count"),
                None,
            )
            .await?;
        answer
            .as_i64()
            .ok_or_else(|| MemoryError::Chroma(format!("a count that is not a number: {answer}")))
    }

    pub async fn upsert(&self, collection: &str, records: &[Record]) -> Result<(), MemoryError> {
        if records.is_empty() {
            return Ok(());
        }
        let body = json!({
            "ids": records.iter().map(|r| &r.id).collect::<Vec<_>>(),
            "embeddings": records.iter().map(|r| &r.embedding).collect::<Vec<_>>(),
            "documents": records.iter().map(|r| &r.document).collect::<Vec<_>>(),
            "metadatas": records.iter().map(|r| &r.metadata).collect::<Vec<_>>(),
        });
        self.call(
            reqwest::Method::POST,
            &format!("{BASE}/collections/{collection}/upsert"),
            Some(body),
        )
        .await
        .map(|_| ())
    }

    pub async fn delete(&self, collection: &str, ids: &[String]) -> Result<(), MemoryError> {
        if ids.is_empty() {
            return Ok(());
        }
        self.call(
            reqwest::Method::POST,
            &format!("{BASE}/collections/{collection}/delete"),
            Some(json!({ "ids": ids })),
        )
        .await
        .map(|_| ())
    }

    /// Records by ids or by a metadata filter (`where`), `limit` from `offset`.
    pub async fn get(
        &self,
        collection: &str,
        ids: Option<&[String]>,
        filter: Option<Value>,
        page: Option<(u32, u32)>,
        include: Include,
    ) -> Result<Vec<Fetched>, MemoryError> {
        let include: &[&str] = match include {
            Include::Ids => &[],
            Include::Records => &["documents", "metadatas"],
            Include::RecordsWithVectors => &["documents", "metadatas", "embeddings"],
        };
        let mut body = json!({ "include": include });
        if let Some(ids) = ids {
            body["ids"] = json!(ids);
        }
        if let Some(filter) = filter {
            body["where"] = filter;
        }
        if let Some((limit, offset)) = page {
            body["limit"] = json!(limit);
            body["offset"] = json!(offset);
        }
        let answer = self
            .call(
                reqwest::Method::POST,
                &format!("{BASE}/collections/{collection}/get"),
                Some(body),
            )
            .await?;
        let answer: GetAnswer =
            serde_json::from_value(answer).map_err(|e| unavailable("a get answer", &e))?;
        let mut documents = answer.documents.unwrap_or_default().into_iter();
        let mut metadatas = answer.metadatas.unwrap_or_default().into_iter();
        let mut vectors = answer.embeddings.map(Vec::into_iter);
        Ok(answer
            .ids
            .into_iter()
            .map(|id| Fetched {
                id,
                document: documents.next().flatten().unwrap_or_default(),
                metadata: metadatas.next().flatten().unwrap_or_default(),
                embedding: vectors.as_mut().and_then(Iterator::next),
                distance: None,
            })
            .collect())
    }

    /// The `limit` records nearest to `vector` among those matching `filter`, nearest first.
    pub async fn query(
        &self,
        collection: &str,
        vector: &[f32],
        filter: Option<Value>,
        limit: u32,
    ) -> Result<Vec<Fetched>, MemoryError> {
        let mut body = json!({
            "query_embeddings": [vector],
            "n_results": limit,
            "include": ["documents", "metadatas", "distances"],
        });
        if let Some(filter) = filter {
            body["where"] = filter;
        }
        let answer = self
            .call(
                reqwest::Method::POST,
                &format!("{BASE}/collections/{collection}/query"),
                Some(body),
            )
            .await?;
        let answer: QueryAnswer =
            serde_json::from_value(answer).map_err(|e| unavailable("a query answer", &e))?;
        let first = |rows: Option<Vec<Vec<Option<String>>>>| {
            rows.and_then(|r| r.into_iter().next()).unwrap_or_default()
        };
        let mut documents = first(answer.documents).into_iter();
        let mut metadatas = answer
            .metadatas
            .and_then(|r| r.into_iter().next())
            .unwrap_or_default()
            .into_iter();
        let mut distances = answer
            .distances
            .and_then(|r| r.into_iter().next())
            .unwrap_or_default()
            .into_iter();
        Ok(answer
            .ids
            .into_iter()
            .next()
            .unwrap_or_default()
            .into_iter()
            .map(|id| Fetched {
                id,
                document: documents.next().flatten().unwrap_or_default(),
                metadata: metadatas.next().flatten().unwrap_or_default(),
                embedding: None,
                distance: distances.next().flatten(),
            })
            .collect())
    }
}
