//! What the benchmarks share (a folder, so cargo does not take it for a benchmark of its own).

/// A number from the environment variable `name`, or `default` when it is unset or empty.
pub fn env_number<T: std::str::FromStr>(name: &str, default: T) -> anyhow::Result<T> {
    match std::env::var(name) {
        Ok(v) if !v.trim().is_empty() => v
            .trim()
            .parse()
            .map_err(|_| anyhow::anyhow!("{name}={v} is not a number")),
        _ => Ok(default),
    }
}
