//! Without the model files, recall ranks by words and says so; Ollama's and OpenAI's embedding
//! APIs (the scripted server, their exact wire formats) embed when configured, and a server that
//! goes away costs semantic recall for a while, never a memory.

use warden_memory::embed::{EmbedderSpec, EmbedderStatus, RemoteApi};
use warden_memory::{MemorySettings, RecallMethod};
use warden_test_llm::ScriptedLlm;

use super::{Kind, fixture_with, note};

#[tokio::test]
async fn without_model_files_recall_ranks_by_words_and_says_so() {
    let missing = tempfile::tempdir().unwrap();
    let status = EmbedderStatus::from_spec(&EmbedderSpec::MiniLm {
        dir: missing.path().to_path_buf(),
    });
    let EmbedderStatus::Lexical(why) = &status else {
        panic!("{status:?}");
    };
    assert!(
        why.starts_with("no built-in embedder (the embedding model's files: ")
            && why.contains("config.json")
            && why.ends_with("missing (fetch them with `make models`)); recall ranks by words"),
        "{why}"
    );
    let fx = fixture_with(Kind::EmbeddedSqlite, status, MemorySettings::default()).await;
    fx.memory
        .store(note(None, "the NAS backup job runs at 02:00"))
        .await
        .unwrap();
    let found = fx
        .memory
        .recall(Some(&fx.alice), "NAS backup schedule", 5)
        .await;
    assert_eq!(found.method, RecallMethod::Lexical);
    assert_eq!(found.memories.len(), 1);
    let paraphrase = fx
        .memory
        .recall(Some(&fx.alice), "when is the nightly storage copy made?", 5)
        .await;
    assert_eq!(
        paraphrase.memories.len(),
        0,
        "words alone miss a paraphrase"
    );
    let status = fx.memory.status().await;
    assert!(!status.semantic);
    assert!(
        status.detail.contains("recall ranks by words"),
        "{}",
        status.detail
    );
}

async fn remote(api: RemoteApi) {
    let llm = ScriptedLlm::start().await;
    let status = EmbedderStatus::from_spec(&EmbedderSpec::Remote {
        api,
        url: llm.base_url.clone(),
        model: "nomic-embed-text".to_owned(),
        api_key: Some("sk-test".to_owned()),
    });
    let fx = fixture_with(
        Kind::EmbeddedSqlite,
        status,
        MemorySettings {
            min_score: 0.5,
            ..MemorySettings::default()
        },
    )
    .await;
    // Nothing stored yet: nothing can be found, so the query is not embedded at all.
    let empty = fx
        .memory
        .recall(Some(&fx.alice), "postgres backups", 5)
        .await;
    assert_eq!(
        (empty.method, empty.memories.len(), empty.note),
        (RecallMethod::Semantic, 0, None)
    );
    assert_eq!(
        llm.embed_requests().len(),
        0,
        "an empty store is not searched"
    );
    let first = fx
        .memory
        .store(note(None, "postgres backups run nightly"))
        .await
        .unwrap();
    assert_eq!(first.note, None);
    let requests = llm.embed_requests();
    assert_eq!(requests[0]["model"], "nomic-embed-text");
    assert_eq!(
        requests[0]["input"],
        serde_json::json!(["postgres backups run nightly"])
    );

    // The server goes away: the memory is stored without a vector, recall ranks by words.
    llm.fail_embeddings(503);
    let second = fx
        .memory
        .store(note(None, "nginx logs rotate weekly"))
        .await
        .unwrap();
    let why = second.note.unwrap_or_default();
    assert!(
        why.starts_with("stored without a vector for now (the embedding server: "),
        "{why}"
    );
    let words = fx.memory.recall(None, "nginx logs", 5).await;
    assert_eq!(words.method, RecallMethod::Lexical);
    assert!(
        words
            .note
            .unwrap_or_default()
            .ends_with("; recall ranked by words instead")
    );
    assert_eq!(words.memories[0].memory, second.memory);

    // Back: upkeep gives the second memory its vector, and recall is semantic again.
    llm.fail_embeddings(0);
    let upkeep = fx.memory.upkeep().await.unwrap();
    assert_eq!(upkeep.embedded, 1);
    let found = fx.memory.recall(None, "nginx logs rotate", 5).await;
    assert_eq!(found.method, RecallMethod::Semantic);
    assert_eq!(found.memories[0].memory, second.memory);
}

#[tokio::test]
async fn ollama_embeddings() {
    remote(RemoteApi::Ollama).await;
}

#[tokio::test]
async fn openai_compatible_embeddings() {
    remote(RemoteApi::OpenAi).await;
}

#[tokio::test]
async fn the_built_in_model_is_read_on_its_first_use_when_asked_to() {
    use warden_memory::embed::Embedder;

    // Files that are there but whose weights are not a model: ready at once (nothing read yet),
    // and the first use names the file that is not usable.
    let broken = tempfile::tempdir().unwrap();
    for name in ["config.json", "tokenizer.json", "model.safetensors"] {
        std::fs::copy(super::model_dir().join(name), broken.path().join(name)).unwrap();
    }
    std::fs::write(broken.path().join("model.safetensors"), b"not weights").unwrap();
    let status = EmbedderStatus::from_spec_on_first_use(&EmbedderSpec::MiniLm {
        dir: broken.path().to_path_buf(),
    });
    let Some(Embedder::MiniLm(built_in)) = status.embedder() else {
        panic!("{status:?}");
    };
    assert!(!built_in.loaded());
    let error = status
        .embedder()
        .unwrap()
        .embed_one("the NAS backup")
        .await
        .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("model.safetensors is not usable"),
        "{error}"
    );

    // The real files: not loaded until the first text, then loaded and embedding as the eager
    // load does.
    let lazy = EmbedderStatus::from_spec_on_first_use(&EmbedderSpec::MiniLm {
        dir: super::model_dir(),
    });
    let Some(Embedder::MiniLm(built_in)) = lazy.embedder() else {
        panic!("{lazy:?}");
    };
    assert!(!built_in.loaded());
    let first = lazy
        .embedder()
        .unwrap()
        .embed_one("the NAS backup job runs at 02:00")
        .await
        .unwrap();
    assert!(built_in.loaded());
    let eager = super::minilm()
        .embedder()
        .unwrap()
        .embed_one("the NAS backup job runs at 02:00")
        .await
        .unwrap();
    assert_eq!(first, eager);

    // Missing files are found at once, as by the eager load.
    let missing = tempfile::tempdir().unwrap();
    let status = EmbedderStatus::from_spec_on_first_use(&EmbedderSpec::MiniLm {
        dir: missing.path().to_path_buf(),
    });
    assert!(
        matches!(&status, EmbedderStatus::Lexical(why) if why.contains("missing (fetch them with `make models`)")),
        "{status:?}"
    );
}
