//! The CPU time the calling thread has used, for the tests that bound how long a reader works on
//! hostile input. Those bounds catch a reader gone quadratic; measured by the wall clock they
//! also measured the machine, and failed on a loaded 2-core machine with builds beside them
//! while the reader itself used a tenth of the bound.

use std::time::{Duration, Instant};

/// Time spent by this thread since [`Stopwatch::start`]: its CPU time (user and system, in the
/// kernel's clock ticks of 10 ms) where `/proc/thread-self/stat` can be read, the wall clock
/// where it cannot (then the bound is as strict as before, never looser).
pub(crate) struct Stopwatch {
    cpu: Option<Duration>,
    wall: Instant,
}

impl Stopwatch {
    pub(crate) fn start() -> Self {
        Stopwatch {
            cpu: thread_cpu_time(),
            wall: Instant::now(),
        }
    }

    pub(crate) fn elapsed(&self) -> Duration {
        match (self.cpu, thread_cpu_time()) {
            (Some(start), Some(now)) => now.saturating_sub(start),
            _ => self.wall.elapsed(),
        }
    }
}

/// Fields 14 and 15 of `/proc/thread-self/stat` (utime and stime), counted after the command
/// name's closing parenthesis since the name may hold spaces; `USER_HZ` is 100 on Linux.
fn thread_cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    let (_, after_name) = stat.rsplit_once(')')?;
    let mut fields = after_name.split_whitespace().skip(11);
    let user: u64 = fields.next()?.parse().ok()?;
    let system: u64 = fields.next()?.parse().ok()?;
    Some(Duration::from_millis((user + system) * 10))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn busy_work_is_counted_and_sleep_is_not() {
        let watch = Stopwatch::start();
        std::thread::sleep(Duration::from_millis(300));
        assert!(
            watch.elapsed() < Duration::from_millis(200),
            "{:?}",
            watch.elapsed()
        );
        let busy = Instant::now();
        let mut spins = 0u64;
        while busy.elapsed() < Duration::from_millis(300) {
            spins = std::hint::black_box(spins.wrapping_add(1));
        }
        assert!(spins > 0);
        // At least some of the 300 ms of spinning ran on a CPU, however loaded the machine.
        assert!(
            watch.elapsed() >= Duration::from_millis(10),
            "{:?}",
            watch.elapsed()
        );
    }
}
