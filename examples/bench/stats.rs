//! Runs of one figure, and how the table writes them.

use std::time::Duration;

/// The times of every run of one figure, sorted.
#[derive(Default)]
pub struct Sample(Vec<Duration>);

impl Sample {
    pub fn new(mut times: Vec<Duration>) -> Sample {
        times.sort();
        Sample(times)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn median(&self) -> Option<Duration> {
        self.0.get(self.0.len() / 2).copied()
    }

    /// The 99th percentile: with fewer than 100 runs, close to the slowest.
    pub fn p99(&self) -> Option<Duration> {
        self.0.get(self.0.len() * 99 / 100).copied()
    }
}

/// The median of byte counts.
pub fn median(counts: &[usize]) -> Option<usize> {
    let mut sorted = counts.to_vec();
    sorted.sort_unstable();
    sorted.get(sorted.len() / 2).copied()
}

/// A time in milliseconds, to about three significant figures.
pub fn ms(time: Option<Duration>) -> String {
    let Some(time) = time else {
        return "—".into();
    };
    let ms = time.as_secs_f64() * 1000.0;
    match ms {
        m if m < 1.0 => format!("{m:.3} ms"),
        m if m < 10.0 => format!("{m:.2} ms"),
        m if m < 100.0 => format!("{m:.1} ms"),
        m => format!("{m:.0} ms"),
    }
}

/// A byte count with thousands marked.
pub fn bytes(count: Option<usize>) -> String {
    count.map_or("—".into(), |n| format!("{} B", thousands(n)))
}

/// `n` with a comma between each group of three digits.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// How many times `a` is `b`, as `1.23×`.
pub fn ratio(a: Option<f64>, b: Option<f64>) -> String {
    match (a, b) {
        (Some(a), Some(b)) if b > 0.0 => format!("{:.2}×", a / b),
        _ => "—".into(),
    }
}

pub fn secs(time: Option<Duration>) -> Option<f64> {
    time.map(|t| t.as_secs_f64())
}
