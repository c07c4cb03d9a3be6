//! Helpers the benches share: their command-line numbers.

/// The number after `name` on the command line (`--rounds 7`), else `default`.
pub fn arg(name: &str, default: usize) -> usize {
    std::env::args()
        .skip_while(|a| a != name)
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}
