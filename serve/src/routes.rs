//! The routes of `/v1`, and what wraps every one (timeout, a caught panic, metrics).

use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::Instant;

use axum::body::{Body, Bytes};
use axum::extract::{MatchedPath, Path, RawQuery, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::Datelike;
use futures_util::FutureExt;
use http_body_util::BodyExt;
use serde_json::{json, Map, Value};

use fundcheck::ffi::{read_options, ArgumentProblem, Spelling, Subject};
use fundcheck::{Encoding, Failure, Format, Lang, Options, Pack};

use crate::errors::Refusal;
use crate::log::Outcome;
use crate::AppState;

type Shared = Arc<AppState>;

/// Every route of the service, with its timeout, panic guard and metrics.
pub(crate) fn router(state: Shared) -> Router {
    let routes = Router::new()
        .route("/v1/check", post(check))
        .route("/v1/check/batch", post(batch))
        .route("/v1/rules", get(rules))
        .route("/v1/rules/{id}", get(rule))
        .route("/v1/pack", get(pack_info))
        .route("/v1/requirements/{category}", get(requirements))
        .route("/v1/workdays/add", get(workdays_add))
        .route("/v1/workdays/between", get(workdays_between))
        .route("/v1/calendar/{year}", get(calendar_year))
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
        .route("/openapi.json", get(openapi));
    #[cfg(feature = "test-routes")]
    let routes = routes
        .route("/test/panic", get(panic_route))
        .route("/test/hold", get(hold_route));
    routes
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn_with_state(state.clone(), observe))
        .with_state(state)
}

/// Times every request, bounds it by the timeout, turns a panic into a 500 (the service goes
/// on), and counts it by route and status.
async fn observe(State(state): State<Shared>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let lang = lang_of(request.uri().query());
    let run = AssertUnwindSafe(next.run(request)).catch_unwind();
    let response = match tokio::time::timeout(state.timeout, run).await {
        Ok(Ok(response)) => response,
        Ok(Err(_panic)) => Refusal::internal(lang).into_response(),
        Err(_elapsed) => Refusal::timeout(state.timeout.as_secs(), lang).into_response(),
    };
    state
        .metrics
        .request(&route, response.status().as_u16(), started.elapsed());
    response
}

// ── Query strings ─────────────────────────────────────────────────────────────────────

/// The query's pairs, percent-decoded (`+` is a space); a pair without `=` has an empty value.
fn pairs(query: Option<&str>) -> Vec<(String, String)> {
    query
        .unwrap_or_default()
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(k), decode(v))
        })
        .collect()
}

fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(v) => {
                        out.push(v);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            other => out.push(other),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The language a refusal is written in: the query's `lang` when it is one, else Chinese
/// (as `fundcheck check`).
fn lang_of(query: Option<&str>) -> Lang {
    pairs(query)
        .iter()
        .rev()
        .find(|(k, _)| k == "lang")
        .and_then(|(_, v)| Lang::parse(v))
        .unwrap_or(Lang::Zh)
}

/// The pack a request names (`?pack=ID`), else the default.
fn pick_pack(state: &AppState, id: Option<&str>) -> Result<Arc<Pack>, ArgumentProblem> {
    let default = state.packs.first().cloned();
    match id {
        None => default.ok_or_else(|| ArgumentProblem::UnknownPack {
            shown: String::new(),
            known: String::new(),
        }),
        Some(id) => state.packs.iter().find(|p| p.id() == id).cloned().ok_or_else(|| {
            let known: Vec<&str> = state.packs.iter().map(|p| p.id()).collect();
            ArgumentProblem::UnknownPack {
                shown: id.to_owned(),
                known: known.join(", "),
            }
        }),
    }
}

/// What a check request asks for: its options, the pack with its parameters set.
struct Asked {
    options: Options,
    pack: Arc<Pack>,
}

const CHECK_QUERY: [&str; 6] = ["as_of", "lang", "final", "max_findings", "pack", "params"];

/// Reads a check's query through the core's option reader (the same problems and messages as
/// the Python and JavaScript options), the pack among the loaded ones, its parameters set.
fn asked(state: &AppState, query: Option<&str>) -> Result<Asked, Refusal> {
    let lang = lang_of(query);
    let mut tree = Map::new();
    let mut problems = Vec::new();
    let mut pack_id = None;
    for (key, value) in pairs(query) {
        let json = match key.as_str() {
            "pack" => {
                pack_id = Some(value);
                continue;
            }
            "final" => match value.as_str() {
                "true" | "1" => Value::Bool(true),
                // An empty value (`?final=`, or a bare `?final`) is not a boolean: refused, as
                // the schema says.
                "false" | "0" => Value::Bool(false),
                _ => Value::String(value),
            },
            "max_findings" => value.parse::<u64>().map_or(Value::String(value.clone()), Value::from),
            "params" => match serde_json::from_str::<Value>(&value) {
                Ok(object @ Value::Object(_)) => object,
                _ => Value::String(value),
            },
            k if CHECK_QUERY.contains(&k) => Value::String(value),
            _ => {
                problems.push(ArgumentProblem::UnknownOption {
                    name: key.clone(),
                    known: CHECK_QUERY.join(", "),
                });
                continue;
            }
        };
        tree.insert(key, json);
    }
    let mut error_lang = lang;
    let request = match read_options(&Value::Object(tree), Spelling::Snake) {
        Ok(request) if problems.is_empty() => Some(request),
        Ok(_) => None,
        Err((mut more, read_lang)) => {
            // English when `lang` itself is what is wrong, as in the other faces.
            error_lang = read_lang;
            problems.append(&mut more);
            None
        }
    };
    let pack = match pick_pack(state, pack_id.as_deref()) {
        Ok(pack) => Some(pack),
        Err(problem) => {
            problems.push(problem);
            None
        }
    };
    let (Some(request), Some(pack), true) = (request, pack, problems.is_empty()) else {
        return Err(Refusal::new(
            StatusCode::BAD_REQUEST,
            Failure::arguments(&problems, error_lang),
        ));
    };
    let pack = match request.adjusted(&pack) {
        Ok(Some(changed)) => Arc::new(changed),
        Ok(None) => pack,
        Err(errors) => return Err(Refusal::new(StatusCode::BAD_REQUEST, Failure::pack(&errors, lang))),
    };
    Ok(Asked {
        options: request.options,
        pack,
    })
}

/// What a read-only route's query gives: the pack, the language and every pair.
type ReadQuery = (Arc<Pack>, Lang, Vec<(String, String)>);

/// A read-only route's `pack` and `lang`, nothing else.
fn read_query(state: &AppState, query: Option<&str>, also: &[&str]) -> Result<ReadQuery, Refusal> {
    let lang = lang_of(query);
    let pairs = pairs(query);
    let mut problems = Vec::new();
    let mut known: Vec<&str> = vec!["pack", "lang"];
    known.extend_from_slice(also);
    for (key, value) in &pairs {
        if !known.contains(&key.as_str()) {
            problems.push(ArgumentProblem::UnknownOption {
                name: key.clone(),
                known: known.join(", "),
            });
        } else if key == "lang" && Lang::parse(value).is_none() {
            problems.push(ArgumentProblem::NotALanguage {
                subject: Subject::Option("lang".into()),
                shown: value.clone(),
            });
        }
    }
    let id = pairs.iter().rev().find(|(k, _)| k == "pack").map(|(_, v)| v.as_str());
    let pack = pick_pack(state, id).map_err(|p| problems.push(p)).ok();
    match pack {
        Some(pack) if problems.is_empty() => Ok((pack, lang, pairs)),
        _ => Err(Refusal::new(
            StatusCode::BAD_REQUEST,
            Failure::arguments(&problems, lang),
        )),
    }
}

// ── Bodies ────────────────────────────────────────────────────────────────────────────

/// The request's `Content-Type` as sent (empty when none).
fn content_type(headers: &HeaderMap) -> String {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// The media type and charset of a request (`text/csv; charset=gb18030`), lower-cased.
fn media_type(headers: &HeaderMap) -> (String, Option<String>) {
    let raw = content_type(headers).to_ascii_lowercase();
    let mut parts = raw.split(';').map(str::trim);
    let essence = parts.next().unwrap_or_default().to_owned();
    let charset = parts
        .filter_map(|p| p.split_once('='))
        .find(|(k, _)| k.trim() == "charset")
        .map(|(_, v)| v.trim().trim_matches('"').to_owned());
    (essence, charset)
}

/// The document's format and encoding from its media type: JSON, or an allocation CSV in
/// UTF-8 or GB18030.
fn document_format(headers: &HeaderMap, lang: Lang) -> Result<(Format, Encoding), Refusal> {
    let wanted = "application/json or text/csv (charset=utf-8 or gb18030)";
    let (essence, charset) = media_type(headers);
    let shown = || content_type(headers);
    match (essence.as_str(), charset.as_deref()) {
        ("application/json", None | Some("utf-8")) => Ok((Format::Json, Encoding::Utf8)),
        ("text/csv", None) => Ok((Format::Csv, Encoding::Utf8)),
        ("text/csv", Some(charset)) => Encoding::parse(charset)
            .map(|e| (Format::Csv, e))
            .ok_or_else(|| Refusal::media_type(&shown(), wanted, lang)),
        _ => Err(Refusal::media_type(&shown(), wanted, lang)),
    }
}

/// The body, at most `max_body` bytes (a longer one is 413, whatever its declared length).
async fn read_body(state: &AppState, headers: &HeaderMap, body: Body, lang: Lang) -> Result<Bytes, Refusal> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > state.max_body as u64) {
        return Err(Refusal::too_large(state.max_body, lang));
    }
    match http_body_util::Limited::new(body, state.max_body).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(e) if e.downcast_ref::<http_body_util::LengthLimitError>().is_some() => {
            Err(Refusal::too_large(state.max_body, lang))
        }
        Err(_) => Err(Refusal::timeout(state.timeout.as_secs(), lang)),
    }
}

fn json_response(status: StatusCode, body: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))],
        body,
    )
        .into_response()
}

// ── Checks ────────────────────────────────────────────────────────────────────────────

/// One document's answer: the report's bytes (as `fundcheck check --format json`), or the
/// error object of its input errors; `None` when the engine panicked.
fn answer(state: &AppState, bytes: &[u8], pack: &Pack, options: &Options) -> Option<(StatusCode, String)> {
    let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| fundcheck::check_bytes(bytes, pack, options))).ok()?;
    Some(match outcome {
        Ok(report) => {
            let text = report.to_json();
            state.metrics.checked();
            if let Some(log) = &state.log {
                let tree: Value = serde_json::from_str(&text).unwrap_or_default();
                log.record(bytes, &pack.digest, &Outcome::Report(&tree));
            }
            (StatusCode::OK, format!("{text}\n"))
        }
        Err(errors) => {
            state.metrics.refused();
            if let Some(log) = &state.log {
                log.record(bytes, &pack.digest, &Outcome::InputErrors(errors.0.len()));
            }
            let failure = Failure::input(&errors, options.lang);
            (StatusCode::UNPROCESSABLE_ENTITY, crate::errors::body(&failure))
        }
    })
}

async fn check(State(state): State<Shared>, RawQuery(query): RawQuery, request: Request) -> Result<Response, Refusal> {
    let headers = request.headers().clone();
    let mut asked = asked(&state, query.as_deref())?;
    let lang = asked.options.lang;
    let (format, encoding) = document_format(&headers, lang)?;
    asked.options.format = format;
    asked.options.encoding = encoding;
    let bytes = read_body(&state, &headers, request.into_body(), lang).await?;
    let Ok(permit) = state.permits.clone().try_acquire_owned() else {
        return Err(Refusal::busy(lang));
    };
    asked.options.threads = reading_threads(state.permits.available_permits(), state.max_concurrent);
    let shared = state.clone();
    let answered = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        answer(&shared, &bytes, &asked.pack, &asked.options)
    })
    .await
    .ok()
    .flatten();
    match answered {
        Some((status, body)) => Ok(json_response(status, body)),
        None => Err(Refusal::internal(lang)),
    }
}

/// How many threads may read a large allocation plan (`Options::threads`) for a check that
/// holds a permit while `available` of `max` are free: the default (two a core, at most four)
/// when it is the only check running, the calling thread alone when others run, so that
/// concurrent checks share the cores rather than each starting its own readers. The report is
/// the same either way.
fn reading_threads(available: usize, max: usize) -> usize {
    if available.saturating_add(1) >= max {
        0
    } else {
        1
    }
}

/// NDJSON in, NDJSON out: one JSON document a line, one report or error object a line, in
/// order (blank lines are skipped).
async fn batch(State(state): State<Shared>, RawQuery(query): RawQuery, request: Request) -> Result<Response, Refusal> {
    let headers = request.headers().clone();
    let asked = asked(&state, query.as_deref())?;
    let lang = asked.options.lang;
    let (essence, _) = media_type(&headers);
    if !["application/x-ndjson", "application/jsonl", "application/json-lines"].contains(&essence.as_str()) {
        let shown = content_type(&headers);
        return Err(Refusal::media_type(
            &shown,
            "application/x-ndjson (one JSON document a line)",
            lang,
        ));
    }
    let bytes = read_body(&state, &headers, request.into_body(), lang).await?;
    let Ok(permit) = state.permits.clone().try_acquire_owned() else {
        return Err(Refusal::busy(lang));
    };
    let shared = state.clone();
    let answered = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        let mut out = String::new();
        for line in bytes.split(|b| *b == b'\n') {
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let (_, body) = answer(&shared, line, &asked.pack, &asked.options)?;
            out.push_str(&body);
        }
        Some(out)
    })
    .await
    .ok()
    .flatten();
    match answered {
        Some(body) => Ok((
            StatusCode::OK,
            [(header::CONTENT_TYPE, HeaderValue::from_static("application/x-ndjson"))],
            body,
        )
            .into_response()),
        None => Err(Refusal::internal(lang)),
    }
}

// ── The pack, its rules and its calendar ───────────────────────────────────────────────

async fn rules(State(state): State<Shared>, RawQuery(query): RawQuery) -> Result<Response, Refusal> {
    let (pack, _, _) = read_query(&state, query.as_deref(), &[])?;
    Ok(json_response(
        StatusCode::OK,
        fundcheck::ffi::catalog::to_json(&pack.catalogue()),
    ))
}

/// What `fundcheck explain RULE` prints, as JSON: the rule's catalogue entry, its parameters,
/// its message templates and the pack's readings of the clauses it cites.
async fn rule(
    State(state): State<Shared>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, Refusal> {
    let (pack, lang, _) = read_query(&state, query.as_deref(), &[])?;
    let Some(entry) = pack.catalogue().into_iter().find(|r| r.id == id) else {
        return Err(Refusal::not_found(&format!("rule `{id}` in pack {}", pack.id()), lang));
    };
    let config = pack.rule(&id);
    let readings: Vec<Value> = config
        .map(|c| pack.readings_of(c))
        .unwrap_or_default()
        .into_iter()
        .map(fundcheck::tree::Write::write)
        .collect();
    let mut tree = fundcheck::tree::Write::write(&entry);
    if let Some(map) = tree.as_object_mut() {
        map.insert(
            "params".into(),
            config.map(|c| Value::Object(c.params.clone())).unwrap_or_default(),
        );
        map.insert(
            "messages".into(),
            config
                .map(|c| fundcheck::tree::Write::write(&c.messages))
                .unwrap_or_default(),
        );
        map.insert("readings".into(), Value::Array(readings));
    }
    Ok(json_response(StatusCode::OK, tree.to_string()))
}

async fn pack_info(State(state): State<Shared>, RawQuery(query): RawQuery) -> Result<Response, Refusal> {
    let (pack, _, _) = read_query(&state, query.as_deref(), &[])?;
    Ok(json_response(
        StatusCode::OK,
        fundcheck::ffi::catalog::to_json(&pack.info()),
    ))
}

async fn requirements(
    State(state): State<Shared>,
    Path(category): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, Refusal> {
    let (pack, lang, _) = read_query(&state, query.as_deref(), &[])?;
    match pack.requirements(&category) {
        Some(requirements) => Ok(json_response(
            StatusCode::OK,
            fundcheck::ffi::catalog::to_json(&requirements),
        )),
        None => Err(Refusal::not_found(
            &format!(
                "category `{category}` whose materials a rule of pack {} names",
                pack.id()
            ),
            lang,
        )),
    }
}

fn calendar_of(pack: &Pack, lang: Lang) -> Result<&fundcheck::Calendar, Refusal> {
    pack.calendar
        .as_ref()
        .ok_or_else(|| Refusal::not_found(&format!("working-day calendar in pack {}", pack.id()), lang))
}

/// A required date argument of the query, in any form a document takes.
fn date_arg(
    pairs: &[(String, String)],
    name: &str,
    problems: &mut Vec<ArgumentProblem>,
) -> Option<fundcheck::NaiveDate> {
    let value = pairs.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
    match value {
        Some(text) => match fundcheck::ffi::date_argument(text, name) {
            Ok(d) => Some(d),
            Err(mut p) => {
                if let ArgumentProblem::NotADate { subject, .. } = &mut p {
                    *subject = Subject::Option(name.into());
                }
                problems.push(p);
                None
            }
        },
        None => {
            problems.push(ArgumentProblem::NotADate {
                subject: Subject::Option(name.into()),
                shown: String::new(),
            });
            None
        }
    }
}

fn calendar_refusal(error: &fundcheck::CalendarError, lang: Lang) -> Refusal {
    Refusal::new(StatusCode::UNPROCESSABLE_ENTITY, Failure::calendar(error, lang))
}

async fn workdays_add(State(state): State<Shared>, RawQuery(query): RawQuery) -> Result<Response, Refusal> {
    let (pack, lang, pairs) = read_query(&state, query.as_deref(), &["date", "n"])?;
    let mut problems = Vec::new();
    let date = date_arg(&pairs, "date", &mut problems);
    let n_text = pairs
        .iter()
        .rev()
        .find(|(k, _)| k == "n")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let n = n_text.parse::<u32>().ok();
    if n.is_none() {
        problems.push(ArgumentProblem::NotACount {
            subject: Subject::Option("n".into()),
            shown: n_text.clone(),
        });
    }
    let (Some(date), Some(n)) = (date, n) else {
        return Err(Refusal::new(
            StatusCode::BAD_REQUEST,
            Failure::arguments(&problems, lang),
        ));
    };
    let calendar = calendar_of(&pack, lang)?;
    let result = calendar
        .add_working_days(date, n)
        .map_err(|e| calendar_refusal(&e, lang))?;
    let body = json!({ "date": date.to_string(), "n": n, "result": result.to_string() });
    Ok(json_response(StatusCode::OK, body.to_string()))
}

async fn workdays_between(State(state): State<Shared>, RawQuery(query): RawQuery) -> Result<Response, Refusal> {
    let (pack, lang, pairs) = read_query(&state, query.as_deref(), &["from", "to"])?;
    let mut problems = Vec::new();
    let from = date_arg(&pairs, "from", &mut problems);
    let to = date_arg(&pairs, "to", &mut problems);
    let (Some(from), Some(to)) = (from, to) else {
        return Err(Refusal::new(
            StatusCode::BAD_REQUEST,
            Failure::arguments(&problems, lang),
        ));
    };
    let calendar = calendar_of(&pack, lang)?;
    let days = calendar
        .working_days_between(from, to)
        .map_err(|e| calendar_refusal(&e, lang))?;
    let body = json!({ "from": from.to_string(), "to": to.to_string(), "working_days": days });
    Ok(json_response(StatusCode::OK, body.to_string()))
}

/// Every day of a year: its kind (`workday`, `weekend`, `holiday`, `adjusted_workday`), the
/// holiday's name and the notice that decides it.
async fn calendar_year(
    State(state): State<Shared>,
    Path(year): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, Refusal> {
    let (pack, lang, _) = read_query(&state, query.as_deref(), &[])?;
    let calendar = calendar_of(&pack, lang)?;
    let Some(first) = year
        .parse::<i32>()
        .ok()
        .and_then(|y| fundcheck::NaiveDate::from_ymd_opt(y, 1, 1))
    else {
        let problem = ArgumentProblem::NotACount {
            subject: Subject::Argument("year".into()),
            shown: year.clone(),
        };
        return Err(Refusal::new(
            StatusCode::BAD_REQUEST,
            Failure::arguments(&[problem], lang),
        ));
    };
    let mut days = Vec::new();
    let mut day = first;
    while day.year() == first.year() {
        let info = calendar.day(day).map_err(|e| calendar_refusal(&e, lang))?;
        days.push(json!({
            "date": day.to_string(),
            "kind": info.kind.as_str(),
            "name_zh": info.name_zh,
            "name_en": info.name_en,
            "notice": info.notice,
        }));
        match day.succ_opt() {
            Some(next) => day = next,
            None => break,
        }
    }
    let body = json!({ "year": first.year(), "days": days });
    Ok(json_response(StatusCode::OK, body.to_string()))
}

// ── Service routes ────────────────────────────────────────────────────────────────────

async fn healthz(State(state): State<Shared>) -> Response {
    let packs: Vec<Value> = state
        .packs
        .iter()
        .map(|p| json!({ "id": p.id(), "version": p.version(), "digest": p.digest }))
        .collect();
    json_response(StatusCode::OK, json!({ "status": "ok", "packs": packs }).to_string())
}

async fn metrics(State(state): State<Shared>) -> Response {
    (
        StatusCode::OK,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
        )],
        state.metrics.render(),
    )
        .into_response()
}

/// The OpenAPI 3.1 description of every route (`serve/src/openapi.json`), with the ids of the
/// packs this service loaded as the values `pack` may take.
async fn openapi(State(state): State<Shared>) -> Response {
    let mut doc: Value = serde_json::from_str(include_str!("openapi.json")).unwrap_or_default();
    let ids: Vec<Value> = state.packs.iter().map(|p| Value::from(p.id())).collect();
    let operations = doc
        .get_mut("paths")
        .and_then(Value::as_object_mut)
        .into_iter()
        .flat_map(|paths| paths.values_mut())
        .filter_map(Value::as_object_mut)
        .flat_map(|ops| ops.values_mut());
    for op in operations {
        let parameters = op
            .get_mut("parameters")
            .and_then(Value::as_array_mut)
            .into_iter()
            .flatten();
        for parameter in parameters.filter(|p| p.get("name").and_then(Value::as_str) == Some("pack")) {
            if let Some(schema) = parameter.get_mut("schema").and_then(Value::as_object_mut) {
                schema.insert("enum".into(), Value::Array(ids.clone()));
            }
        }
    }
    json_response(StatusCode::OK, doc.to_string())
}

async fn not_found(request: Request) -> Refusal {
    let lang = lang_of(request.uri().query());
    Refusal::not_found(&format!("route `{}`", request.uri().path()), lang)
}

async fn method_not_allowed(request: Request) -> Refusal {
    let lang = lang_of(request.uri().query());
    Refusal::request(
        StatusCode::METHOD_NOT_ALLOWED,
        "request.method",
        lang,
        format!("`{}` 不接受 {} 请求", request.uri().path(), request.method()),
        format!("`{}` does not take {}", request.uri().path(), request.method()),
    )
}

/// Compiled only for the tests: a handler that panics, to show the service answers 500 and
/// goes on serving.
#[cfg(feature = "test-routes")]
#[allow(clippy::panic)]
async fn panic_route() -> Response {
    panic!("the test route panics on purpose")
}

/// Compiled only for the tests: holds a check's permit for `ms` milliseconds (the cap on
/// concurrent checks, and a request in flight at shutdown).
#[cfg(feature = "test-routes")]
async fn hold_route(State(state): State<Shared>, RawQuery(query): RawQuery) -> Result<Response, Refusal> {
    let ms = pairs(query.as_deref())
        .iter()
        .find(|(k, _)| k == "ms")
        .and_then(|(_, v)| v.parse::<u64>().ok())
        .unwrap_or(100);
    let Ok(_permit) = state.permits.clone().try_acquire_owned() else {
        return Err(Refusal::busy(Lang::En));
    };
    tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
    Ok(json_response(StatusCode::OK, "{\"held\":true}".to_owned()))
}

#[cfg(test)]
mod tests {
    use super::reading_threads;

    #[test]
    fn a_check_alone_reads_with_the_default_threads_and_one_among_others_alone() {
        // Four permits: the check holding one sees three free when it is the only one.
        assert_eq!(reading_threads(3, 4), 0);
        assert_eq!(reading_threads(2, 4), 1);
        assert_eq!(reading_threads(0, 4), 1);
        // One permit: the check is always alone.
        assert_eq!(reading_threads(0, 1), 0);
    }
}
