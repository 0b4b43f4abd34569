//! Reading a large plan on the machine's cores: the plan cut into chunks (of a CSV text at line
//! ends, of a table's rows), each chunk read on a worker while this thread runs the rules, the
//! chunks handed over strictly in order, so the rules see the lines as a one-thread reading
//! would. A worker only takes the fast path; what it cannot read it hands over as it is, to be
//! read here the slow way, which names every problem. On WebAssembly (no threads) and for a
//! small plan, every chunk is handed over unread.

/// A plan of this many bytes (CSV) or rows (a table) or more is read on several cores.
pub const PARALLEL_BYTES: usize = 4 << 20;
pub const PARALLEL_ROWS: usize = 64 << 10;

/// The size of one chunk: about four thousand lines of a typical plan.
pub const CHUNK_BYTES: usize = 256 << 10;
pub const CHUNK_ROWS: usize = 4 << 10;

/// The most workers a plan is read on, whatever is asked.
const MOST_WORKERS: usize = 16;

/// Hands `f` each chunk in order, with what `read` made of it on a worker (`None` when the
/// plan is read on this thread only, or a worker could not give it), until `f` says to stop
/// (`false`). `threads` as [`crate::Options::threads`]: 0 for two a core (at most four; none
/// on one core), 1 for none; never more workers than chunks, nor than sixteen.
pub fn in_order<C, R>(
    chunks: &[C],
    parallel: bool,
    threads: usize,
    read: impl Fn(&C) -> R + Sync,
    mut f: impl FnMut(&C, Option<R>) -> bool,
) where
    C: Sync,
    R: Send,
{
    #[cfg(not(target_family = "wasm"))]
    {
        let cores = match threads {
            // Two workers a core, at most four, on a machine of more than one: the chunks go
            // to the rules on this thread strictly in order, so a worker that has read its
            // chunk often waits for the rules to take it, and another keeps the core busy
            // meanwhile (two cores: a DataFrame's million lines in 66-71 ms against 78-79 ms
            // with two workers, fifteen rounds interleaved; BENCHMARKS.md, twelfth round).
            0 => match std::thread::available_parallelism().map_or(1, usize::from) {
                1 => 1,
                n => n.saturating_mul(2).min(4),
            },
            n => n.min(MOST_WORKERS),
        };
        let workers = cores.min(chunks.len());
        if parallel && workers > 1 {
            return on_workers(chunks, workers, &read, f);
        }
    }
    let _ = (parallel, threads, &read, MOST_WORKERS);
    for chunk in chunks {
        if !f(chunk, None) {
            return;
        }
    }
}

#[cfg(not(target_family = "wasm"))]
fn on_workers<C, R>(
    chunks: &[C],
    workers: usize,
    read: &(impl Fn(&C) -> R + Sync),
    mut f: impl FnMut(&C, Option<R>) -> bool,
) where
    C: Sync,
    R: Send,
{
    std::thread::scope(|scope| {
        // Worker `w` reads chunks w, w + workers, …, at most two ahead of the rules. A worker
        // the system will not start, or one that fails, leaves its chunks to be read here: the
        // channel then has no sender, and the rest of the plan is handed over unread.
        let receivers: Vec<_> = (0..workers)
            .map(|w| {
                let (send, receive) = std::sync::mpsc::sync_channel(2);
                let work = move || {
                    let reading = std::panic::AssertUnwindSafe(|| {
                        for chunk in chunks.iter().skip(w).step_by(workers) {
                            if send.send(read(chunk)).is_err() {
                                return;
                            }
                        }
                    });
                    let _ = std::panic::catch_unwind(reading);
                };
                let _ = std::thread::Builder::new().spawn_scoped(scope, work);
                receive
            })
            .collect();
        for (j, chunk) in chunks.iter().enumerate() {
            let read = receivers.get(j % workers).and_then(|r| r.recv().ok());
            if !f(chunk, read) {
                // Dropping the receivers ends the workers (their next send fails).
                return;
            }
        }
    });
}

/// How a plan is cut: `threads` as [`crate::Options::threads`]. By default (0) a plan of
/// `PARALLEL_*` or more in chunks of `CHUNK_*`; a plan read on one thread is one chunk; a number
/// of threads asked for cuts even a small plan, into about eight chunks a thread (what the
/// tests and the fuzz targets use to read small plans the parallel way).
fn chunk_size(total: usize, threads: usize, parallel_from: usize, chunk: usize) -> Option<usize> {
    match threads {
        0 if total >= parallel_from => Some(chunk),
        0 | 1 => None,
        // As many workers as can run (`MOST_WORKERS`), not as many as asked for, decide the cut.
        n => Some((total / n.min(MOST_WORKERS).saturating_mul(8)).clamp(1, chunk)),
    }
}

/// A text cut after a line end near every chunk's size (one chunk when it is not cut).
pub fn cut_text(text: &str, threads: usize) -> Vec<&str> {
    let Some(size) = chunk_size(text.len(), threads, PARALLEL_BYTES, CHUNK_BYTES) else {
        return vec![text];
    };
    let mut chunks = Vec::with_capacity(text.len() / size + 1);
    let mut rest = text;
    while !rest.is_empty() {
        let end = rest
            .as_bytes()
            .iter()
            .skip(size - 1)
            .position(|b| *b == b'\n')
            .map_or(rest.len(), |at| at + size);
        let (chunk, after) = rest.split_at_checked(end).unwrap_or((rest, ""));
        chunks.push(chunk);
        rest = after;
    }
    chunks
}

/// `rows` rows cut into ranges of a chunk's size (one range when they are not cut).
pub fn cut_rows(rows: usize, threads: usize) -> Vec<std::ops::Range<usize>> {
    let Some(size) = chunk_size(rows, threads, PARALLEL_ROWS, CHUNK_ROWS) else {
        return std::iter::once(0..rows).collect();
    };
    (0..rows)
        .step_by(size)
        .map(|start| start..(start + size).min(rows))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_are_handed_over_in_order_and_cover_the_text() {
        let text: String = (0..400_000).map(|i| format!("row {i}\n")).collect();
        let chunks = cut_text(&text, 0);
        assert!(chunks.len() > 4);
        assert_eq!(chunks.concat(), text);
        assert!(chunks.iter().all(|c| c.ends_with('\n')));
        let mut seen = Vec::new();
        in_order(
            &chunks,
            true,
            0,
            |c: &&str| c.len(),
            |c, read| {
                assert!(read.is_none_or(|n| n == c.len()));
                seen.push(*c);
                true
            },
        );
        assert_eq!(seen, chunks);
        let ranges = cut_rows(100_000, 0);
        assert_eq!(ranges.first().map(|r| r.start), Some(0));
        assert_eq!(ranges.last().map(|r| r.end), Some(100_000));
        assert!(ranges
            .windows(2)
            .all(|w| w.first().map(|r| r.end) == w.get(1).map(|r| r.start)));
    }
}
