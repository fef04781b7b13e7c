//! git's content rule against the host's file system: `-- PATH` keeps a content option low only
//! when PATH is a regular file there; a directory or a missing name is medium.

use warden_policy::{HostFileSystem, PathJudge, RiskLevel, classify_with};

fn level(line: &str) -> RiskLevel {
    let host = HostFileSystem::new();
    classify_with(
        line,
        PathJudge {
            resolver: &host,
            ..PathJudge::default()
        },
    )
    .level
}

#[test]
fn only_regular_files_keep_content_options_low() -> std::io::Result<()> {
    let repo = tempfile::tempdir()?;
    let root = repo.path().display().to_string();
    std::fs::create_dir(repo.path().join("backend"))?;
    std::fs::write(repo.path().join("notes.txt"), "ordinary\n")?;
    for line in [
        format!("git log -p -- {root}/notes.txt"),
        format!("git log --all -G TODO -- {root}/notes.txt"),
        format!("git -C {root} log -p -- notes.txt"),
        format!("git grep -n TODO HEAD~5 -- {root}/notes.txt"),
    ] {
        assert_eq!(level(&line), RiskLevel::Low, "{line}");
    }
    for line in [
        format!("git log -p -- {root}/backend"),
        format!("git log --all -G '^DB_PASSWORD=h' -- {root}/backend"),
        format!("git -C {root} log -p -- backend"),
        format!("git -C {root} log -p -- gone/file.txt"),
        format!("git grep -n TODO HEAD~5 -- {root}/backend"),
        format!("git log -p -- {root}/notes.txt {root}/backend"),
        format!("git log -U0 -- {root}/missing"),
    ] {
        assert!(level(&line) >= RiskLevel::Medium, "{line}");
    }
    Ok(())
}
