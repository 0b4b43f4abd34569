//! `GET /metrics`: Prometheus text — requests by route and status, a latency histogram by
//! route, documents checked and input errors.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

/// Upper bounds of the latency buckets, in microseconds (0.5 ms … 10 s).
const BUCKETS_MICROS: [u64; 10] = [
    500, 1_000, 2_500, 5_000, 10_000, 25_000, 100_000, 500_000, 2_000_000, 10_000_000,
];

#[derive(Default)]
struct Histogram {
    counts: [u64; BUCKETS_MICROS.len()],
    count: u64,
    sum_micros: u64,
}

#[derive(Default)]
pub(crate) struct Metrics {
    requests: Mutex<BTreeMap<(String, u16), u64>>,
    latency: Mutex<BTreeMap<String, Histogram>>,
    documents: AtomicU64,
    input_errors: AtomicU64,
}

impl Metrics {
    pub fn request(&self, route: &str, status: u16, took: Duration) {
        if let Ok(mut requests) = self.requests.lock() {
            *requests.entry((route.to_owned(), status)).or_default() += 1;
        }
        let micros = u64::try_from(took.as_micros()).unwrap_or(u64::MAX);
        if let Ok(mut latency) = self.latency.lock() {
            let h = latency.entry(route.to_owned()).or_default();
            for (count, bound) in h.counts.iter_mut().zip(BUCKETS_MICROS) {
                if micros <= bound {
                    *count += 1;
                }
            }
            h.count += 1;
            h.sum_micros = h.sum_micros.saturating_add(micros);
        }
    }

    /// A document was checked (a report was given).
    pub fn checked(&self) {
        self.documents.fetch_add(1, Ordering::Relaxed);
    }

    /// A document was refused for its input errors.
    pub fn refused(&self) {
        self.input_errors.fetch_add(1, Ordering::Relaxed);
    }

    pub fn render(&self) -> String {
        let mut out = String::new();
        out.push_str("# HELP fundcheck_http_requests_total HTTP requests by route and status.\n");
        out.push_str("# TYPE fundcheck_http_requests_total counter\n");
        if let Ok(requests) = self.requests.lock() {
            for ((route, status), n) in requests.iter() {
                let _ = writeln!(
                    out,
                    "fundcheck_http_requests_total{{route=\"{route}\",status=\"{status}\"}} {n}"
                );
            }
        }
        out.push_str("# HELP fundcheck_http_request_duration_seconds Time to answer, by route.\n");
        out.push_str("# TYPE fundcheck_http_request_duration_seconds histogram\n");
        if let Ok(latency) = self.latency.lock() {
            for (route, h) in latency.iter() {
                for (count, bound) in h.counts.iter().zip(BUCKETS_MICROS) {
                    let le = seconds(bound);
                    let _ = writeln!(
                        out,
                        "fundcheck_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{le}\"}} {count}"
                    );
                }
                let _ = writeln!(
                    out,
                    "fundcheck_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}",
                    h.count
                );
                let _ = writeln!(
                    out,
                    "fundcheck_http_request_duration_seconds_sum{{route=\"{route}\"}} {}",
                    seconds(h.sum_micros)
                );
                let _ = writeln!(
                    out,
                    "fundcheck_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
                    h.count
                );
            }
        }
        out.push_str("# HELP fundcheck_documents_checked_total Documents checked (a report was given).\n");
        out.push_str("# TYPE fundcheck_documents_checked_total counter\n");
        let _ = writeln!(
            out,
            "fundcheck_documents_checked_total {}",
            self.documents.load(Ordering::Relaxed)
        );
        out.push_str("# HELP fundcheck_input_errors_total Documents refused for their input errors.\n");
        out.push_str("# TYPE fundcheck_input_errors_total counter\n");
        let _ = writeln!(
            out,
            "fundcheck_input_errors_total {}",
            self.input_errors.load(Ordering::Relaxed)
        );
        out
    }
}

/// Microseconds as decimal seconds without floating point (`2500` → `0.0025`).
fn seconds(micros: u64) -> String {
    let (whole, fraction) = (micros / 1_000_000, micros % 1_000_000);
    let mut text = format!("{whole}.{fraction:06}");
    while text.ends_with('0') {
        text.pop();
    }
    if text.ends_with('.') {
        text.push('0');
    }
    text
}

#[cfg(test)]
mod tests {
    #[test]
    fn seconds_are_written_exactly() {
        assert_eq!(super::seconds(500), "0.0005");
        assert_eq!(super::seconds(2_000_000), "2.0");
        assert_eq!(super::seconds(1_250_000), "1.25");
    }
}
