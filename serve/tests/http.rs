//! `fundcheck serve` over real HTTP on an ephemeral loopback port: every shared vector gets the
//! library's bytes (or its error object), refusals are the one error object with their status,
//! a caught panic is a 500 and the service goes on, the cap on concurrent checks answers 503,
//! slow bodies time out, 64 clients get the sequential answers, and shutdown lets requests in
//! flight finish.
#![allow(clippy::panic, clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::time::Duration;

use fundcheck::ffi::{read_options, Spelling};
use fundcheck::{Failure, Format, Pack};
use fundcheck_serve::{start, Config, Running};
use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn load(path: &str) -> Pack {
    let file = root().join(path);
    let dir = file.parent().unwrap().to_path_buf();
    let text = std::fs::read_to_string(&file).unwrap();
    let read = move |name: &str| std::fs::read_to_string(dir.join(name)).map_err(|e| e.to_string());
    Pack::from_toml(&text, &read).unwrap()
}

/// The packs the shared vectors name, by their path, and the embedded one.
const PACKS: [&str; 8] = [
    "tests/packs/other-county.toml",
    "rules/hengxian-2016.toml",
    "rules/tonghe-2018.toml",
    "rules/huoqiu-2020.toml",
    "rules/dazhu.toml",
    "tests/packs/pingyuan-stages.toml",
    "tests/packs/huma-approval.toml",
    "tests/packs/subcategories.toml",
];

fn all_packs() -> Vec<Pack> {
    let mut packs = vec![Pack::embedded().unwrap().with_params(&[]).unwrap()];
    packs.extend(PACKS.iter().map(|p| load(p)));
    packs
}

struct Server {
    runtime: tokio::runtime::Runtime,
    running: Option<Running>,
    addr: SocketAddr,
}

impl Server {
    fn start(config: Config) -> Server {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let running = runtime.block_on(start(config)).unwrap();
        let addr = running.addr;
        Server {
            runtime,
            running: Some(running),
            addr,
        }
    }

    fn with(packs: Vec<Pack>, change: impl FnOnce(&mut Config)) -> Server {
        let mut config = Config::new(packs);
        config.addr = SocketAddr::from(([127, 0, 0, 1], 0));
        change(&mut config);
        Server::start(config)
    }

    fn stop(mut self) {
        if let Some(running) = self.running.take() {
            self.runtime.block_on(running.stop()).unwrap();
        }
    }
}

/// One HTTP/1.1 exchange: status, headers (lower-case names) and body.
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Answer {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.text()))
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

fn request(addr: SocketAddr, method: &str, target: &str, headers: &[(&str, &str)], body: &[u8]) -> Answer {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let mut head = format!("{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body).unwrap();
    read_answer(&mut stream)
}

fn read_answer(stream: &mut TcpStream) -> Answer {
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("a response head");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    if headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.contains("chunked"))
    {
        body = dechunk(&body);
    }
    Answer { status, headers, body }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let end = data.windows(2).position(|w| w == b"\r\n").unwrap();
        let size = usize::from_str_radix(std::str::from_utf8(&data[..end]).unwrap().trim(), 16).unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&data[end + 2..end + 2 + size]);
        data = &data[end + 4 + size..];
    }
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// One shared vector as a request and the library's answer to it.
struct Vector {
    name: String,
    target: String,
    content_type: &'static str,
    body: Vec<u8>,
    status: u16,
    expected: String,
}

/// The vectors, and those that add calendar years (which the service takes as `--calendar`,
/// not per request): each with the year files it adds.
/// Calendar year files as `(name, text)`, and the vector that needs them.
type WithCalendar = (Vec<(String, String)>, Vector);

fn vectors(packs: &[Pack]) -> (Vec<Vector>, Vec<WithCalendar>) {
    let mut out = Vec::new();
    let mut with_calendar = Vec::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("tests/vectors"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    for file in files {
        let tree: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        let cases = match tree {
            Value::Array(cases) => cases,
            one => vec![one],
        };
        for case in cases {
            let calendar: Vec<(String, String)> = case
                .get("calendar")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(|name| (name.to_owned(), std::fs::read_to_string(root().join(name)).unwrap()))
                .collect();
            let body: Vec<u8> = if let Some(text) = case.get("input_text").and_then(Value::as_str) {
                text.as_bytes().to_vec()
            } else if let Some(b64) = case.get("input_b64").and_then(Value::as_str) {
                base64(b64)
            } else {
                case["input"].to_string().into_bytes()
            };
            let csv = case.get("format").and_then(Value::as_str) == Some("csv");
            let pack_path = case.get("pack").and_then(Value::as_str);
            let pack_index = pack_path.map_or(0, |p| 1 + PACKS.iter().position(|x| *x == p).unwrap());
            let pack = &packs[pack_index];
            let mut query = Vec::new();
            let mut options = serde_json::Map::new();
            for key in ["as_of", "lang", "final", "params"] {
                if let Some(value) = case.get(key) {
                    options.insert(key.into(), value.clone());
                    let text = match value {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    query.push(format!("{key}={}", encode(&text)));
                }
            }
            if pack_index > 0 {
                query.push(format!("pack={}", encode(pack.id())));
            }
            let target = if query.is_empty() {
                "/v1/check".to_owned()
            } else {
                format!("/v1/check?{}", query.join("&"))
            };
            let (status, expected) = match read_options(&Value::Object(options), Spelling::Snake) {
                Err((problems, lang)) => (400, error_body(&Failure::arguments(&problems, lang))),
                Ok(mut request) => {
                    request.options.format = if csv { Format::Csv } else { Format::Json };
                    request.calendar = calendar.clone();
                    let adjusted = request.adjusted(pack).unwrap();
                    let pack = adjusted.as_ref().unwrap_or(pack);
                    match fundcheck::check_bytes(&body, pack, &request.options) {
                        Ok(report) => (200, format!("{}\n", report.to_json())),
                        Err(errors) => (422, error_body(&Failure::input(&errors, request.options.lang))),
                    }
                }
            };
            let vector = Vector {
                name: format!(
                    "{}: {}",
                    file.display(),
                    case.get("name").and_then(Value::as_str).unwrap_or("?")
                ),
                target,
                content_type: if csv { "text/csv" } else { "application/json" },
                body,
                status,
                expected,
            };
            if calendar.is_empty() {
                out.push(vector);
            } else {
                with_calendar.push((calendar, vector));
            }
        }
    }
    (out, with_calendar)
}

fn differences(addr: SocketAddr, cases: &[&Vector]) -> Vec<String> {
    let mut failures = Vec::new();
    for v in cases {
        let answer = request(addr, "POST", &v.target, &[("Content-Type", v.content_type)], &v.body);
        if answer.status != v.status || answer.text() != v.expected {
            failures.push(format!(
                "{}\n  status {} (expected {})\n  got      {}\n  expected {}",
                v.name,
                answer.status,
                v.status,
                answer.text(),
                v.expected
            ));
        }
    }
    failures
}

fn error_body(failure: &Failure) -> String {
    format!("{{\"error\":{}}}\n", failure.to_json())
}

fn base64(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let mut buffer = 0u32;
    let mut bits = 0;
    for c in text.bytes().filter(|c| *c != b'=' && !c.is_ascii_whitespace()) {
        let value = ALPHABET.iter().position(|a| *a == c).unwrap() as u32;
        buffer = (buffer << 6) | value;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
        }
    }
    out
}

#[test]
fn every_shared_vector_over_http_gets_the_library_s_bytes() {
    let packs = all_packs();
    let (cases, with_calendar) = vectors(&packs);
    let server = Server::with(packs, |_| {});
    let mut failures = differences(server.addr, &cases.iter().collect::<Vec<_>>());
    server.stop();
    // A vector that adds a calendar year: a service started with that year (`--calendar`).
    for (files, vector) in &with_calendar {
        let pack = Pack::embedded().unwrap().with_calendar_files(files).unwrap();
        let server = Server::with(vec![pack], |_| {});
        failures.extend(differences(server.addr, &[vector]));
        server.stop();
    }
    assert!(cases.len() > 450, "{} vectors", cases.len());
    assert_eq!(with_calendar.len(), 1);
    assert!(
        failures.is_empty(),
        "{} differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn sixty_four_clients_get_the_sequential_answers() {
    let packs = all_packs();
    let (cases, _) = vectors(&packs);
    let server = Server::with(packs, |c| c.max_concurrent = 1024);
    let addr = server.addr;
    let cases = std::sync::Arc::new(cases);
    let threads: Vec<_> = (0..64)
        .map(|t| {
            let cases = cases.clone();
            std::thread::spawn(move || {
                let mut wrong = Vec::new();
                // 5,000 requests in all: 78 or 79 per client, through the vectors in turn.
                for i in (t..5000).step_by(64) {
                    let v = &cases[i % cases.len()];
                    let answer = request(addr, "POST", &v.target, &[("Content-Type", v.content_type)], &v.body);
                    if answer.status != v.status || answer.text() != v.expected {
                        wrong.push(v.name.clone());
                    }
                }
                wrong
            })
        })
        .collect();
    let wrong: Vec<String> = threads.into_iter().flat_map(|t| t.join().unwrap()).collect();
    server.stop();
    assert!(
        wrong.is_empty(),
        "{} answers differ under load: {:?}",
        wrong.len(),
        &wrong[..wrong.len().min(5)]
    );
}

fn embedded() -> Vec<Pack> {
    vec![Pack::embedded().unwrap().with_params(&[]).unwrap()]
}

const PLAN: &str = r#"{"kind":"allocation","lines":[{"project":"A","category":"training","source":"provincial","amount":"100.00","use":"equipment","upward":true}]}"#;

#[test]
fn refusals_are_the_one_error_object_with_their_status() {
    let server = Server::with(embedded(), |c| c.max_body = 1000);
    let json = [("Content-Type", "application/json")];
    // 415: a form post, or a charset the service does not read.
    let answer = request(
        server.addr,
        "POST",
        "/v1/check?lang=en",
        &[("Content-Type", "text/plain")],
        PLAN.as_bytes(),
    );
    assert_eq!(answer.status, 415);
    let error = &answer.json()["error"];
    assert_eq!(error["error"], "RequestError");
    assert_eq!(error["code"], "request.media_type");
    assert_eq!(
        error["message"],
        "media type `text/plain` is not taken here: send application/json or text/csv (charset=utf-8 or gb18030)"
    );
    let latin = request(
        server.addr,
        "POST",
        "/v1/check",
        &[("Content-Type", "text/csv; charset=latin1")],
        b"x",
    );
    assert_eq!(latin.status, 415);
    // 413: over the body limit, declared or not.
    let big = vec![b' '; 1001];
    let answer = request(server.addr, "POST", "/v1/check", &json, &big);
    assert_eq!(answer.status, 413);
    assert_eq!(answer.json()["error"]["code"], "request.too_large");
    assert_eq!(answer.json()["error"]["message"], "请求体超过上限 1000 字节");
    // 400: a bad option, an unknown one, an unknown pack — every problem, as the libraries say it.
    let answer = request(
        server.addr,
        "POST",
        "/v1/check?lang=fr&colour=red&pack=nowhere",
        &json,
        PLAN.as_bytes(),
    );
    assert_eq!(answer.status, 400);
    let error = answer.json()["error"].clone();
    assert_eq!(error["error"], "ArgumentError");
    assert_eq!(error["code"], "argument.invalid");
    let paths: Vec<&str> = error["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["/colour", "/lang", "/pack"]);
    // `final` is a boolean: an empty value, or the bare name, is refused at its name, on both
    // check routes.
    for route in ["/v1/check?final=", "/v1/check/batch?final=", "/v1/check?final"] {
        let answer = request(server.addr, "POST", route, &json, PLAN.as_bytes());
        assert_eq!(answer.status, 400, "{route}");
        let error = answer.json()["error"].clone();
        assert_eq!(error["code"], "argument.invalid", "{route}");
        assert_eq!(error["errors"][0]["path"], "/final", "{route}");
    }
    // A bad parameter is a pack error at its place.
    let target = format!("/v1/check?params={}", encode(r#"{"/rules/no.such/params/x":1}"#));
    let answer = request(server.addr, "POST", &target, &json, PLAN.as_bytes());
    assert_eq!(answer.status, 400);
    assert_eq!(answer.json()["error"]["error"], "PackError");
    // 422: the CLI's object for a malformed document.
    let answer = request(
        server.addr,
        "POST",
        "/v1/check?lang=en",
        &json,
        b"{\"kind\":\"allocation\"}",
    );
    assert_eq!(answer.status, 422);
    assert_eq!(answer.json()["error"]["errors"][0]["code"], "input.missing");
    // 404 and 405.
    let answer = request(server.addr, "GET", "/v2/check", &[], b"");
    assert_eq!(
        (answer.status, answer.json()["error"]["code"].as_str()),
        (404, Some("request.not_found"))
    );
    let answer = request(server.addr, "GET", "/v1/check", &[], b"");
    assert_eq!(
        (answer.status, answer.json()["error"]["code"].as_str()),
        (405, Some("request.method"))
    );
    server.stop();
}

#[test]
fn a_caught_panic_is_a_500_and_the_service_goes_on() {
    let server = Server::with(embedded(), |_| {});
    let answer = request(server.addr, "GET", "/test/panic?lang=en", &[], b"");
    assert_eq!(answer.status, 500);
    assert_eq!(answer.json()["error"]["code"], "internal");
    assert_eq!(answer.json()["error"]["error"], "InternalError");
    let after = request(
        server.addr,
        "POST",
        "/v1/check",
        &[("Content-Type", "application/json")],
        PLAN.as_bytes(),
    );
    assert_eq!(after.status, 200);
    server.stop();
}

#[test]
fn past_the_cap_on_concurrent_checks_the_answer_is_503_with_retry_after() {
    let server = Server::with(embedded(), |c| c.max_concurrent = 1);
    let addr = server.addr;
    let holder = std::thread::spawn(move || request(addr, "GET", "/test/hold?ms=1500", &[], b"").status);
    std::thread::sleep(Duration::from_millis(300));
    let answer = request(
        addr,
        "POST",
        "/v1/check?lang=en",
        &[("Content-Type", "application/json")],
        PLAN.as_bytes(),
    );
    assert_eq!(answer.status, 503);
    assert_eq!(answer.header("retry-after"), Some("1"));
    assert_eq!(answer.json()["error"]["code"], "request.busy");
    assert_eq!(holder.join().unwrap(), 200);
    let after = request(
        addr,
        "POST",
        "/v1/check",
        &[("Content-Type", "application/json")],
        PLAN.as_bytes(),
    );
    assert_eq!(after.status, 200);
    server.stop();
}

#[test]
fn a_slow_or_truncated_body_times_out() {
    let server = Server::with(embedded(), |c| c.timeout = Duration::from_secs(1));
    let mut stream = TcpStream::connect(server.addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let head = "POST /v1/check?lang=en HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\nConnection: close\r\n\r\n{\"kind\"";
    stream.write_all(head.as_bytes()).unwrap();
    let answer = read_answer(&mut stream);
    assert_eq!(answer.status, 408);
    assert_eq!(answer.json()["error"]["code"], "request.timeout");
    server.stop();
}

#[test]
fn shutdown_lets_a_request_in_flight_finish() {
    let server = Server::with(embedded(), |_| {});
    let addr = server.addr;
    let holder = std::thread::spawn(move || request(addr, "GET", "/test/hold?ms=800", &[], b"").status);
    std::thread::sleep(Duration::from_millis(200));
    server.stop();
    assert_eq!(holder.join().unwrap(), 200);
    assert!(TcpStream::connect(addr).is_err(), "still listening after stop");
}

#[test]
fn a_batch_answers_each_line_in_order() {
    let server = Server::with(embedded(), |_| {});
    let body = format!("{PLAN}\n\n{{\"kind\":\"allocation\"}}\r\n{PLAN}\n");
    let answer = request(
        server.addr,
        "POST",
        "/v1/check/batch?lang=en",
        &[("Content-Type", "application/x-ndjson")],
        body.as_bytes(),
    );
    assert_eq!(answer.status, 200);
    let lines: Vec<Value> = answer
        .text()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["kind"], "allocation");
    assert_eq!(lines[1]["error"]["errors"][0]["code"], "input.missing");
    assert_eq!(lines[0], lines[2]);
    let wrong = request(
        server.addr,
        "POST",
        "/v1/check/batch",
        &[("Content-Type", "application/json")],
        PLAN.as_bytes(),
    );
    assert_eq!(wrong.status, 415);
    server.stop();
}

#[test]
fn the_read_only_routes_answer_from_the_pack_and_its_calendar() {
    let server = Server::with(all_packs(), |_| {});
    let get = |target: &str| request(server.addr, "GET", target, &[], b"");
    let rules = get("/v1/rules").json();
    assert_eq!(rules.as_array().unwrap().len(), 55);
    let upward = get("/v1/rules/budget.upward_min").json();
    assert_eq!(upward["base"], "national-2018@2018");
    assert_eq!(upward["params"]["share"], "0.5");
    assert!(upward["readings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["id"] == "national_base"));
    assert_eq!(get("/v1/rules/no.such").status, 404);
    assert_eq!(
        get("/v1/pack?pack=tonghe-2018").json()["bases"],
        serde_json::json!(["national-2018@2018"])
    );
    assert!(get("/v1/requirements/service_stations").json().is_object());
    assert_eq!(get("/v1/requirements/nothing").status, 404);
    // PM 三(二): received Fri 2019-09-27, 5 working days (Sun 09-29 worked, 10-01…07 off).
    assert_eq!(
        get("/v1/workdays/add?date=2019-09-27&n=5").json()["result"],
        "2019-10-10"
    );
    assert_eq!(
        get("/v1/workdays/between?from=2019-09-27&to=2019-10-10").json()["working_days"],
        5
    );
    let bad = get("/v1/workdays/add?date=27.9.2019&n=x&lang=en").json();
    let paths: Vec<&str> = bad["error"]["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["/date", "/n"]);
    let beyond = get("/v1/workdays/add?date=2031-01-02&n=1");
    assert_eq!(
        (beyond.status, beyond.json()["error"]["error"].as_str()),
        (422, Some("CalendarError"))
    );
    let year = get("/v1/calendar/2020").json();
    assert_eq!(year["days"].as_array().unwrap().len(), 366);
    let new_year = &year["days"][0];
    assert_eq!(
        (new_year["kind"].as_str(), new_year["name_zh"].as_str()),
        (Some("holiday"), Some("元旦"))
    );
    assert_eq!(get("/v1/calendar/1999").status, 422);
    assert_eq!(get("/v1/calendar/x").status, 400);
    assert_eq!(
        get("/v1/workdays/add?date=2020-01-01&n=1&pack=hengxian-2016").status,
        404
    );
    let health = get("/healthz").json();
    assert_eq!(health["status"], "ok");
    assert_eq!(health["packs"].as_array().unwrap().len(), 9);
    let openapi = get("/openapi.json").json();
    assert_eq!(openapi["openapi"], "3.1.0");
    for path in [
        "/v1/check",
        "/v1/check/batch",
        "/v1/rules/{id}",
        "/v1/calendar/{year}",
        "/metrics",
    ] {
        assert!(openapi["paths"].get(path).is_some(), "{path}");
    }
    let metrics = get("/metrics").text();
    assert!(
        metrics.contains("fundcheck_http_requests_total{route=\"/v1/rules/{id}\",status=\"404\"} 1"),
        "{metrics}"
    );
    assert!(
        metrics.contains("fundcheck_http_request_duration_seconds_bucket{route=\"/v1/rules\",le=\"+Inf\"} 1"),
        "{metrics}"
    );
    server.stop();
}

#[test]
fn the_decision_log_records_each_check_without_its_content() {
    let dir = std::env::temp_dir().join(format!("fundcheck-serve-log-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("decisions.jsonl");
    let log = path.clone();
    let server = Server::with(embedded(), move |c| c.decision_log = Some(log));
    let json = [("Content-Type", "application/json")];
    assert_eq!(
        request(server.addr, "POST", "/v1/check", &json, PLAN.as_bytes()).status,
        200
    );
    assert_eq!(
        request(server.addr, "POST", "/v1/check", &json, b"{\"kind\":\"allocation\"}").status,
        422
    );
    let metrics = request(server.addr, "GET", "/metrics", &[], b"").text();
    server.stop();
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::remove_dir_all(&dir).ok();
    let lines: Vec<Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["kind"], "allocation");
    assert_eq!(lines[0]["ok"], true);
    assert_eq!(lines[0]["pack"], Pack::embedded().unwrap().digest);
    assert!(lines[0]["document_sha256"].as_str().unwrap().starts_with("sha256:"));
    assert_eq!(lines[1]["input_errors"], 1);
    assert!(!text.contains("training") && !text.contains("provincial"), "{text}");
    assert!(metrics.contains("fundcheck_documents_checked_total 1"), "{metrics}");
    assert!(metrics.contains("fundcheck_input_errors_total 1"), "{metrics}");
}
