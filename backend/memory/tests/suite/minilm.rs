use warden_memory::embed::{EmbedderSpec, EmbedderStatus, cosine};

#[tokio::test]
async fn scores() {
    let dir = std::path::PathBuf::from(std::env::var("HOME").unwrap()).join(".cache/warden/models/all-minilm-l6-v2");
    let status = tokio::task::spawn_blocking(move || EmbedderStatus::from_spec(&EmbedderSpec::MiniLm { dir })).await.unwrap();
    let e = status.embedder().expect("model").clone();
    let texts = ["the NAS backup job runs at 02:00", "when does the nightly storage backup happen?", "nginx reloads need a config test first", "The disk /var fills with docker build cache", "I prefer short answers", "la sauvegarde du NAS tourne à 2 h"];
    let t = std::time::Instant::now();
    let v = e.embed(texts.iter().map(|s| s.to_string()).collect()).await.unwrap();
    eprintln!("embed {:?}", t.elapsed());
    for i in 0..texts.len() { eprintln!("{:.3} {}", cosine(&v[1], &v[i]), texts[i]); }
}
