//! `fundcheck serve`: the checks over HTTP, for portals whose back end is Java, PHP or .NET.
//!
//! Every answer is the library's: `POST /v1/check` returns, byte for byte, what `fundcheck
//! check --format json` prints (the report, or for a malformed document the core's error
//! object under `"error"`). The service adds only HTTP: routes, media types, limits, a cap on
//! concurrent checks, timeouts, metrics, a decision log and its OpenAPI description
//! (`openapi.json`, served at `/openapi.json`). It holds no document after answering.
//!
//! The pieces: `routes` (the handlers), `errors` (the one error object, with its status),
//! `metrics` (Prometheus text), `log` (the decision log). `serve` binds and runs until
//! SIGTERM or SIGINT, letting requests in flight finish.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use fundcheck::Pack;

mod errors;
mod log;
mod metrics;
mod routes;

/// How the service runs (`fundcheck serve` options).
pub struct Config {
    /// Where it listens; loopback unless told otherwise.
    pub addr: SocketAddr,
    /// The packs it checks against, by id; the first is the default (`?pack=` names another).
    pub packs: Vec<Pack>,
    /// The largest request body, in bytes.
    pub max_body: usize,
    /// How long a request may take, body included.
    pub timeout: Duration,
    /// How many checks may run at once; past it, 503 with `Retry-After`.
    pub max_concurrent: usize,
    /// One JSON line per check (never the document's content).
    pub decision_log: Option<PathBuf>,
}

impl Config {
    /// The defaults of `fundcheck serve`: 127.0.0.1:8080, 16 MiB, 30 s, twice the cores.
    pub fn new(packs: Vec<Pack>) -> Config {
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        Config {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            packs,
            max_body: 16 * 1024 * 1024,
            timeout: Duration::from_secs(30),
            max_concurrent: cores.saturating_mul(2).max(1),
            decision_log: None,
        }
    }
}

/// What every handler shares.
pub(crate) struct AppState {
    pub packs: Vec<Arc<Pack>>,
    pub max_body: usize,
    pub timeout: Duration,
    pub permits: Arc<tokio::sync::Semaphore>,
    /// The permits there are (`Config::max_concurrent`).
    pub max_concurrent: usize,
    pub metrics: metrics::Metrics,
    pub log: Option<log::DecisionLog>,
}

impl AppState {
    fn new(config: Config) -> std::io::Result<AppState> {
        let log = config.decision_log.as_deref().map(log::DecisionLog::open).transpose()?;
        Ok(AppState {
            packs: config.packs.into_iter().map(Arc::new).collect(),
            max_body: config.max_body,
            timeout: config.timeout,
            permits: Arc::new(tokio::sync::Semaphore::new(config.max_concurrent.max(1))),
            max_concurrent: config.max_concurrent.max(1),
            metrics: metrics::Metrics::default(),
            log,
        })
    }
}

/// A running service: its address (the port the OS chose for `:0`) and a handle to stop it.
pub struct Running {
    pub addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Running {
    /// Stops taking connections, lets requests in flight finish, and waits for that.
    pub async fn stop(mut self) -> std::io::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        self.task.await.unwrap_or_else(|e| Err(std::io::Error::other(e)))
    }
}

/// Binds and starts the service on the current tokio runtime.
pub async fn start(config: Config) -> std::io::Result<Running> {
    if config.packs.is_empty() {
        return Err(std::io::Error::other("no pack to serve"));
    }
    let listener = tokio::net::TcpListener::bind(config.addr).await?;
    let state = Arc::new(AppState::new(config)?);
    let addr = listener.local_addr()?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let app = routes::router(state);
    let task = tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                let _ = stopped.await;
            })
            .await
    });
    Ok(Running {
        addr,
        stop: Some(stop),
        task,
    })
}

/// `fundcheck serve`: runs until SIGTERM or SIGINT, then lets requests in flight finish and
/// returns. `ready` is told the address once it listens.
pub fn serve(config: Config, ready: impl FnOnce(SocketAddr)) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async move {
        let running = start(config).await?;
        ready(running.addr);
        shutdown_signal().await;
        running.stop().await
    })
}

async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}
