//! Reading a whole directory (`grep -r`, `rg`) that holds a secret known by its place: a home's
//! folders of tools' logins (`~/.config`, `~/.local/share`) and the directories whose files are
//! refused for that directory's sake (`~/.config/gh` and its `hosts.yml`, `/etc/gitlab-runner`
//! and its `config.toml`) are high, as reading the file by name is; other directories keep
//! their level.

use pretty_assertions::assert_eq;
use warden_policy::{RiskLevel, classify_command};

fn wrong(cases: &[(&str, RiskLevel)]) -> Vec<String> {
    cases
        .iter()
        .filter_map(|(line, level)| {
            let got = classify_command(line);
            (got.level != *level).then(|| format!("{line}: {:?} ({})", got.level, got.reason))
        })
        .collect()
}

#[test]
fn tree_reads_reaching_login_stores_are_high() {
    let cases = [
        ("grep -r token /home/alice/.config", RiskLevel::High),
        ("grep -ri token /root/.config", RiskLevel::High),
        ("rg -l token /home/alice/.config", RiskLevel::High),
        ("grep -r token /home/alice/.local", RiskLevel::High),
        ("grep -r token /home/alice/.local/share", RiskLevel::High),
        ("grep -r token /home/alice/.config/gh", RiskLevel::High),
        ("rg token /home/alice/.config/gh", RiskLevel::High),
        ("grep -r token /home/alice/.config/fastly", RiskLevel::High),
        ("grep -r pass /home/alice/.config/rclone", RiskLevel::High),
        ("grep -r password /etc/gitlab-runner", RiskLevel::High),
        ("grep -r password /var/lib/jenkins", RiskLevel::High),
        ("grep -r token /etc/rancher", RiskLevel::High),
        ("grep -r token /etc/kubernetes", RiskLevel::High),
        ("grep -r password /home/alice/.m2", RiskLevel::High),
        ("grep -r password /etc/ppp", RiskLevel::High),
        // Reading the file by name, for comparison.
        ("cat /home/alice/.config/gh/hosts.yml", RiskLevel::High),
        ("cat /home/alice/.config/*/hosts.yml", RiskLevel::High),
    ];
    assert_eq!(wrong(&cases), Vec::<String>::new());
}

#[test]
fn other_trees_keep_their_level() {
    let cases = [
        ("grep -r error /var/log", RiskLevel::Low),
        ("grep -r x /usr/share/doc", RiskLevel::Low),
        ("grep -r x /home/alice/projects", RiskLevel::Medium),
        ("grep -r x /home/alice/.local/bin", RiskLevel::Medium),
        ("grep -r x /home/alice/.cache", RiskLevel::Medium),
        ("grep -r x /etc/nginx", RiskLevel::Medium),
        ("grep -r x /tmp", RiskLevel::Medium),
        ("ls -la /home/alice/.config/gh", RiskLevel::Low),
    ];
    assert_eq!(wrong(&cases), Vec::<String>::new());
}
