//! What containment costs a low-risk command: the same command started bare (with Warden's own
//! rights) and contained (a fresh restricted thread, landlock, seccomp, `setpriv` to nobody),
//! interleaved in one run so both see the same machine.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Result, bail};
use warden_sandbox::{Containment, ContainmentSettings, Host, Pipeline, run_pipeline};

use crate::engine::percentile;
use crate::foundation::ms;

const RUNS: usize = 200;

/// The low commands timed: one program, and a pipeline Warden wires itself.
const LINES: &[&[&[&str]]] = &[
    &[&["cat", "/proc/loadavg"]],
    &[&["ps", "aux"], &["wc", "-l"]],
];

async fn once(host: Host, stages: &[&[&str]]) -> Result<Duration> {
    let pipeline = Pipeline {
        stages: stages
            .iter()
            .map(|stage| stage.iter().map(|s| (*s).to_owned()).collect())
            .collect(),
        wall: Duration::from_secs(30),
        output_cap: 64 * 1024,
    };
    let started = Instant::now();
    let out = run_pipeline(host, &pipeline).await?;
    if out.exit_code != Some(0) {
        bail!("{stages:?} failed: {out:?}");
    }
    Ok(started.elapsed())
}

/// The line as a Markdown table cell shows it (its pipes escaped).
fn line_text(stages: &[&[&str]]) -> String {
    stages
        .iter()
        .map(|s| s.join(" "))
        .collect::<Vec<_>>()
        .join(" \\| ")
}

/// Per command: bare and contained p50/p95, and the median cost of containment.
pub async fn cost() -> Result<String> {
    let started = Instant::now();
    let containment: Arc<Containment> = Containment::start(ContainmentSettings {
        hidden: vec!["/var/lib/warden".into()],
        ..ContainmentSettings::default()
    })
    .await?;
    let setup = started.elapsed();
    let mut report = format!(
        "### Containment of low-risk host commands ({RUNS} runs each, interleaved)\n\n\
         | command | bare p50 | bare p95 | contained p50 | contained p95 | cost at the median |\n\
         |---|---|---|---|---|---|\n"
    );
    for stages in LINES {
        let (mut bare, mut contained) = (Vec::with_capacity(RUNS), Vec::with_capacity(RUNS));
        for _ in 0..RUNS {
            bare.push(once(Host::Unconfined, stages).await?);
            contained.push(once(Host::Contained(containment.clone()), stages).await?);
        }
        bare.sort();
        contained.sort();
        let (b50, c50) = (percentile(&bare, 0.5), percentile(&contained, 0.5));
        report += &format!(
            "| `{}` | {} ms | {} ms | {} ms | {} ms | {} ms |\n",
            line_text(stages),
            ms(b50),
            ms(percentile(&bare, 0.95)),
            ms(c50),
            ms(percentile(&contained, 0.95)),
            ms(c50.saturating_sub(b50)),
        );
    }
    report += &format!(
        "\nSetting containment up at start-up (the landlock rules over the file system, the \
         seccomp filters, and a contained self-test) took {} ms: {}.\n\n",
        ms(setup),
        containment.describe()
    );
    Ok(report)
}
