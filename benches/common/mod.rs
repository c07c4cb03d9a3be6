//! Helpers the benches share: their command-line numbers, the CPU time of
//! the timing thread and the load average (figures from a shared machine).
//! Not every bench uses every helper.

#![allow(dead_code)]

use std::time::Duration;

/// The number after `name` on the command line (`--rounds 7`), else `default`.
pub fn arg(name: &str, default: usize) -> usize {
    std::env::args()
        .skip_while(|a| a != name)
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

/// CPU time this thread has used, where the system tells it.
#[cfg(target_os = "linux")]
pub fn thread_cpu_time() -> Option<Duration> {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec for the call's duration.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    (rc == 0).then(|| {
        Duration::new(
            u64::try_from(ts.tv_sec).unwrap_or_default(),
            u32::try_from(ts.tv_nsec).unwrap_or_default(),
        )
    })
}

#[cfg(not(target_os = "linux"))]
pub fn thread_cpu_time() -> Option<Duration> {
    None
}

/// ", load 1.22 0.69 1.50" from /proc/loadavg, for reading noisy figures.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|l| {
            let three: Vec<&str> = l.split_whitespace().take(3).collect();
            format!(", load {}", three.join(" "))
        })
        .unwrap_or_default()
}
