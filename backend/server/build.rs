//! Embeds the built web app (`frontend/dist`, from `npm run build`) into the binary: one table of
//! (path, content type, bytes). Without a build the table is empty and `/` says how to build it,
//! so the Rust side compiles and tests without Node.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn content_type(path: &Path) -> &'static str {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
    {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "json" => "application/json",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let dist = manifest.join("../../frontend/dist");
    println!("cargo:rerun-if-changed={}", dist.display());
    let mut found = Vec::new();
    files(&dist, &mut found);
    for path in &found {
        println!("cargo:rerun-if-changed={}", path.display());
    }
    let mut code = String::from("pub static WEB_ASSETS: &[(&str, &str, &[u8])] = &[\n");
    for path in &found {
        let relative = path.strip_prefix(&dist).unwrap_or(path);
        let _ = writeln!(
            code,
            "    (\"/{}\", \"{}\", include_bytes!({:?})),",
            relative.display(),
            content_type(path),
            path.canonicalize().unwrap_or_else(|_| path.clone())
        );
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join("web_assets.rs");
    let _ = std::fs::write(out, code);
}
