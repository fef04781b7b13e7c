//! Memory benchmarks: embedding time per text with the built-in MiniLM; recall latency at 1,000,
//! 10,000 and 100,000 memories for the embedded backend (SQLite and PostgreSQL) and for ChromaDB,
//! with the index's load time, its memory (RSS) and how many of the exact best five it finds.
//!
//! The stored vectors are synthetic (384 dimensions, unit length, in 1,000 clusters like real
//! topics): embedding 100,000 texts would take the better part of an hour on two cores and
//! measures the embedder, which is measured on its own. One memory in ten is private to the user
//! who searches; the rest are shared, so visibility is checked on every candidate.

use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use warden_memory::chroma::{ChromaClient, Record, collection_name, record_metadata};
use warden_memory::embed::{EmbedderSpec, EmbedderStatus};
use warden_memory::embedded::vector_bytes;
use warden_memory::{BackendChoice, Memory, MemoryService, MemorySettings};
use warden_store::{NewMemory, NewUser, Store, StoredVector};

use crate::engine::percentile;
use crate::foundation::{median, ms, rss_kib};

const DIMENSIONS: usize = 384;
const MODEL: &str = "all-minilm-l6-v2";
const SIZES: [usize; 3] = [1_000, 10_000, 100_000];
const QUERIES: usize = 300;
const CLUSTERS: u64 = 1_000;

fn model_dir() -> std::path::PathBuf {
    if let Ok(dir) = std::env::var("WARDEN_TEST_MINILM_DIR") {
        return dir.into();
    }
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| std::path::PathBuf::from(h).join(".cache")))
        .unwrap_or_default();
    cache.join("warden/models/all-minilm-l6-v2")
}

fn minilm() -> Result<EmbedderStatus> {
    let status = EmbedderStatus::from_spec(&EmbedderSpec::MiniLm { dir: model_dir() });
    match &status {
        EmbedderStatus::Ready(_) => Ok(status),
        EmbedderStatus::Lexical(why) => anyhow::bail!("{why} (run tests/scripts/models.sh)"),
    }
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> f32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        ((self.0 >> 40) as f32 / 16_777_216.0) - 0.5
    }

    fn unit(&mut self) -> Vec<f32> {
        warden_memory::embed::normalised((0..DIMENSIONS).map(|_| self.next()).collect())
    }
}

/// A vector near one of the cluster centres.
fn near(centres: &[Vec<f32>], which: usize, rng: &mut Rng) -> Vec<f32> {
    let noise = rng.unit();
    warden_memory::embed::normalised(
        centres[which]
            .iter()
            .zip(&noise)
            .map(|(c, n)| c + 0.8 * n)
            .collect(),
    )
}

fn centres() -> Vec<Vec<f32>> {
    let mut rng = Rng(0x5eed_cafe);
    (0..CLUSTERS).map(|_| rng.unit()).collect()
}

/// `n` memories with their vectors; every tenth private to `owner`.
fn dataset(n: usize, owner: &str) -> Vec<(Memory, Vec<f32>)> {
    let centres = centres();
    let mut rng = Rng(0xdead_beef ^ n as u64);
    (0..n)
        .map(|i| {
            let vector = near(&centres, i % CLUSTERS as usize, &mut rng);
            let memory = Memory {
                id: format!("bench-{i:07}"),
                owner_id: (i % 10 == 0).then(|| owner.to_owned()),
                kind: warden_protocol::MemoryKind::Fact,
                content: format!("synthetic memory {i} about topic {}", i % CLUSTERS as usize),
                tags: Vec::new(),
                created_by: owner.to_owned(),
                created_at: 1_700_000_000 + i as i64,
                source_kind: warden_protocol::MemorySourceKind::Import,
                source_ref: None,
            };
            (memory, vector)
        })
        .collect()
}

fn queries() -> Vec<Vec<f32>> {
    let centres = centres();
    let mut rng = Rng(0x0123_4567);
    (0..QUERIES)
        .map(|i| near(&centres, (i * 37) % CLUSTERS as usize, &mut rng))
        .collect()
}

/// The exact best five among what `owner` sees, by f32 dot products over everything.
fn exact_top(data: &[(Memory, Vec<f32>)], query: &[f32], owner: &str) -> Vec<String> {
    let mut scored: Vec<(f32, &str)> = data
        .iter()
        .filter(|(m, _)| m.owner_id.is_none() || m.owner_id.as_deref() == Some(owner))
        .map(|(m, v)| (v.iter().zip(query).map(|(a, b)| a * b).sum(), m.id.as_str()))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    scored
        .iter()
        .take(5)
        .map(|(_, id)| (*id).to_owned())
        .collect()
}

async fn user(store: &Store) -> Result<String> {
    Ok(store
        .create_user(
            NewUser {
                username: "bench".to_owned(),
                password_hash: "x".to_owned(),
                scopes: "read".to_owned(),
            },
            1,
        )
        .await?
        .id)
}

async fn load_sql(store: &Store, data: &[(Memory, Vec<f32>)]) -> Result<Duration> {
    let started = Instant::now();
    for chunk in data.chunks(5_000) {
        let rows: Vec<(NewMemory, i64)> = chunk
            .iter()
            .map(|(m, v)| {
                (
                    NewMemory {
                        id: Some(m.id.clone()),
                        owner_id: m.owner_id.clone(),
                        kind: m.kind,
                        content: m.content.clone(),
                        tags: String::new(),
                        created_by: m.created_by.clone(),
                        source_kind: m.source_kind,
                        source_ref: None,
                        vector: Some(StoredVector {
                            model: MODEL.to_owned(),
                            bytes: vector_bytes(v),
                        }),
                    },
                    m.created_at,
                )
            })
            .collect();
        store.insert_memories(&rows).await?;
    }
    Ok(started.elapsed())
}

async fn load_chroma(url: &str, prefix: &str, data: &[(Memory, Vec<f32>)]) -> Result<Duration> {
    let client = ChromaClient::new(url);
    let started = Instant::now();
    let collection = client
        .collection(
            &collection_name(prefix, MODEL, DIMENSIONS),
            serde_json::json!({"warden_model": MODEL, "dimensions": DIMENSIONS}),
        )
        .await?;
    for chunk in data.chunks(1_000) {
        let records: Vec<Record> = chunk
            .iter()
            .map(|(m, v)| Record {
                id: m.id.clone(),
                embedding: v.clone(),
                document: m.content.clone(),
                metadata: record_metadata(m),
            })
            .collect();
        client.upsert(&collection, &records).await?;
    }
    Ok(started.elapsed())
}

/// The searches, timed one by one, and how many of the exact best five each found.
async fn searches(
    memory: &MemoryService,
    owner: &str,
    data: &[(Memory, Vec<f32>)],
) -> Result<(Vec<Duration>, f64)> {
    let mut times = Vec::with_capacity(QUERIES);
    let (mut found, mut wanted) = (0usize, 0usize);
    for (i, query) in queries().into_iter().enumerate() {
        let started = Instant::now();
        let hits = memory
            .backend()
            .search(Some(owner), query.clone(), 5, -1.0)
            .await?;
        times.push(started.elapsed());
        // Quality on a sample: exact scoring of everything is slow at 100,000.
        if i % 10 == 0 {
            let exact = exact_top(data, &query, owner);
            wanted += exact.len();
            found += hits.iter().filter(|h| exact.contains(&h.memory.id)).count();
        }
    }
    times.sort();
    Ok((times, found as f64 / wanted.max(1) as f64))
}

/// Text recall end to end (embedding the question, searching, reading the rows), median of 30.
async fn recall_end_to_end(memory: &MemoryService, owner: &str) -> Duration {
    let mut times = Vec::new();
    for i in 0..30 {
        let started = Instant::now();
        let _ = memory
            .recall(
                Some(owner),
                &format!("when does the nightly backup of host {i} run?"),
                5,
            )
            .await;
        times.push(started.elapsed());
    }
    median(times)
}

fn self_rss() -> u64 {
    rss_kib(std::process::id()).unwrap_or(0)
}

/// One backend at every size: a table row per size.
pub async fn recall(label: &str, kind: &str) -> Result<String> {
    let embedder = minilm()?;
    let mut out = format!(
        "### {label}\n\n| memories | load | index load at start-up | index RSS | search p50 | p95 | found of the exact best 5 | recall with embedding, p50 |\n|---|---|---|---|---|---|---|---|\n"
    );
    for n in SIZES {
        let dir = tempfile::tempdir()?;
        let url = match kind {
            "postgres" => warden_store::testing::fresh_postgres_database()
                .await
                .context("PostgreSQL (make bench starts it)")?,
            _ => format!(
                "sqlite://{}?mode=rwc",
                dir.path().join("bench.db").display()
            ),
        };
        let store = Store::connect(&url).await?;
        let owner = user(&store).await?;
        let data = dataset(n, &owner);
        let (loaded, choice) = if kind == "chroma" {
            let chroma = std::env::var("WARDEN_TEST_CHROMA_URL")
                .context("WARDEN_TEST_CHROMA_URL (make bench starts ChromaDB)")?;
            let prefix = format!("bench{}n{n}", std::process::id());
            let took = load_chroma(&chroma, &prefix, &data).await?;
            (
                took,
                BackendChoice::Chroma {
                    url: chroma,
                    prefix,
                },
            )
        } else {
            (load_sql(&store, &data).await?, BackendChoice::Embedded)
        };
        let before = self_rss();
        let started = Instant::now();
        let memory = MemoryService::open(
            store.clone(),
            choice,
            embedder.clone(),
            MemorySettings::default(),
        )
        .await?;
        let opened = started.elapsed();
        let rss = self_rss().saturating_sub(before);
        let (times, quality) = searches(&memory, &owner, &data).await?;
        let end_to_end = recall_end_to_end(&memory, &owner).await;
        let (start_up, index_rss) = match memory.backend() {
            warden_memory::Backend::Embedded(embedded) => (
                format!("{} ms", ms(opened)),
                format!(
                    "{:.1} MiB (estimate {:.1} MiB)",
                    rss as f64 / 1024.0,
                    embedded.index_bytes() as f64 / (1024.0 * 1024.0)
                ),
            ),
            warden_memory::Backend::Chroma(_) => {
                ("none (ChromaDB's)".to_owned(), "in ChromaDB".to_owned())
            }
        };
        out += &format!(
            "| {n} | {:.1} s | {start_up} | {index_rss} | {} ms | {} ms | {:.1}% | {} ms |\n",
            loaded.as_secs_f64(),
            ms(percentile(&times, 0.5)),
            ms(percentile(&times, 0.95)),
            quality * 100.0,
            ms(end_to_end),
        );
        drop(memory);
        store.close().await;
    }
    Ok(out + "\n")
}

/// Embedding time per text: one at a time, and in batches of 16.
pub async fn embedding() -> Result<String> {
    let status = minilm()?;
    let embedder = status.embedder().context("the built-in embedder")?.clone();
    let texts: Vec<String> = (0..96)
        .map(|i| {
            format!(
                "container web-{i} exited with code {} after the nightly backup of volume data-{i}; restart it and check the logs",
                i % 7
            )
        })
        .collect();
    // Warm up: the first call pays for allocations.
    embedder.embed_one("warm up").await?;
    let mut single = Vec::new();
    for text in &texts {
        let started = Instant::now();
        embedder.embed_one(text).await?;
        single.push(started.elapsed());
    }
    single.sort();
    let started = Instant::now();
    for chunk in texts.chunks(16) {
        embedder.embed(chunk.to_vec()).await?;
    }
    let batched = started.elapsed() / texts.len() as u32;
    Ok(format!(
        "### Embedding time per text (all-MiniLM-L6-v2 on candle, CPU, {} texts of ~25 tokens)\n\n| | per text |\n|---|---|\n| one at a time, p50 | {} ms |\n| one at a time, p95 | {} ms |\n| in batches of 16 | {} ms |\n\n",
        texts.len(),
        ms(percentile(&single, 0.5)),
        ms(percentile(&single, 0.95)),
        ms(batched)
    ))
}
