//! The one error object, with its HTTP status: the JSON `fundcheck check --format json`
//! prints for a refusal (`{"error": {error, code, path, message, errors}}`), so a portal reads
//! the same object from the CLI, the libraries and the service.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use fundcheck::{Failure, Lang};

/// A refusal: its status and the core's error object.
pub(crate) struct Refusal {
    pub status: StatusCode,
    pub failure: Failure,
}

impl Refusal {
    pub fn new(status: StatusCode, failure: Failure) -> Refusal {
        Refusal { status, failure }
    }

    /// A request the service will not take as it is (`request.*`).
    pub fn request(status: StatusCode, code: &str, lang: Lang, zh: String, en: String) -> Refusal {
        let message = match lang {
            Lang::Zh => zh,
            Lang::En => en,
        };
        Refusal::new(status, Failure::request(code, message))
    }

    pub fn too_large(limit: usize, lang: Lang) -> Refusal {
        Refusal::request(
            StatusCode::PAYLOAD_TOO_LARGE,
            "request.too_large",
            lang,
            format!("请求体超过上限 {limit} 字节"),
            format!("the request body is over the limit of {limit} bytes"),
        )
    }

    pub fn media_type(got: &str, wanted: &str, lang: Lang) -> Refusal {
        let got = if got.is_empty() { "(none)" } else { got };
        Refusal::request(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "request.media_type",
            lang,
            format!("不支持的媒体类型 `{got}`：应为 {wanted}"),
            format!("media type `{got}` is not taken here: send {wanted}"),
        )
    }

    pub fn timeout(seconds: u64, lang: Lang) -> Refusal {
        Refusal::request(
            StatusCode::REQUEST_TIMEOUT,
            "request.timeout",
            lang,
            format!("请求未在 {seconds} 秒内完成（请求体过慢或被截断）"),
            format!("the request did not complete within {seconds} s (a slow or truncated body)"),
        )
    }

    pub fn not_found(what: &str, lang: Lang) -> Refusal {
        Refusal::request(
            StatusCode::NOT_FOUND,
            "request.not_found",
            lang,
            format!("没有 {what}"),
            format!("there is no {what}"),
        )
    }

    pub fn busy(lang: Lang) -> Refusal {
        Refusal::request(
            StatusCode::SERVICE_UNAVAILABLE,
            "request.busy",
            lang,
            "同时进行的核查已达上限，请稍后重试".to_string(),
            "too many checks at once: retry shortly".to_string(),
        )
    }

    pub fn internal(lang: Lang) -> Refusal {
        Refusal::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            Failure::internal("a check stopped on a case the engine did not foresee", lang),
        )
    }
}

/// `{"error": …}` and a line end, as the CLI prints it.
pub(crate) fn body(failure: &Failure) -> String {
    format!("{{\"error\":{}}}\n", failure.to_json())
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let mut response = (
            self.status,
            [(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))],
            body(&self.failure),
        )
            .into_response();
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        response
    }
}
