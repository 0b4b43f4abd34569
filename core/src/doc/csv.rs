//! Allocation lines from CSV: UTF-8 (a BOM is skipped) or, when the user says so, GB18030 as
//! Excel writes it in China. Header `project,category,source,amount,use,upward`; a bad row is
//! an input error naming the file line and the column.

use super::allocation::{Allocation, AllocationLine, LineReader, LINE_FIELDS};
use crate::decode::Decoder;
use crate::input::{InputCode, InputError, InputErrors, Limits};
use crate::json::Json;
use crate::pack::Vocabularies;
use crate::path::Path;

/// The text encoding of a CSV file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Encoding {
    #[default]
    Utf8,
    Gb18030,
}

impl Encoding {
    pub fn parse(name: &str) -> Option<Encoding> {
        match name.to_ascii_lowercase().as_str() {
            "utf-8" | "utf8" => Some(Encoding::Utf8),
            "gb18030" | "gbk" | "gb2312" => Some(Encoding::Gb18030),
            _ => None,
        }
    }
}

fn decode_text(bytes: &[u8], encoding: Encoding) -> Result<std::borrow::Cow<'_, str>, InputError> {
    match encoding {
        Encoding::Utf8 => {
            if let Some(name) = crate::json::utf16_or_32(bytes) {
                return Err(InputError::syntax(
                    Path::root(),
                    format!("文件是 {name} 编码（以字节顺序标记开头）：请另存为 UTF-8 的 CSV"),
                    format!("the file is {name} text (it starts with a byte order mark): save it as CSV UTF-8"),
                )
                .on_line(1));
            }
            let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            std::str::from_utf8(bytes).map(std::borrow::Cow::Borrowed).map_err(|e| {
                let line = bytes.get(..e.valid_up_to()).map_or(0, |b| b.iter().filter(|c| **c == b'\n').count()) + 1;
                InputError::syntax(
                    Path::root(),
                    format!("第 {line} 行不是 UTF-8 文本；Excel 保存的中文 CSV 通常是 GB18030，请使用 --encoding gb18030"),
                    format!("line {line} is not UTF-8; a CSV saved by Excel in China is usually GB18030: use --encoding gb18030"),
                )
                .on_line(line)
            })
        }
        #[cfg(feature = "gb18030")]
        Encoding::Gb18030 => {
            let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
            if had_errors {
                return Err(not_gb18030());
            }
            Ok(text)
        }
        #[cfg(not(feature = "gb18030"))]
        Encoding::Gb18030 => Err(InputError::syntax(
            Path::root(),
            "此版本不含 GB18030 解码：请先将文本转为 UTF-8",
            "this build has no GB18030 decoder: decode the text to UTF-8 first",
        )),
    }
}

/// The input error of bytes that are not GB18030 text (also for a face that decodes them itself).
pub fn not_gb18030() -> InputError {
    InputError::syntax(Path::root(), "不是有效的 GB18030 文本", "not valid GB18030 text")
}

/// Splits one CSV record into fields (RFC 4180 quotes: `"a,b"`, `""` inside quotes).
fn split_record(line: &str) -> Option<Vec<String>> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut chars = line.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => fields.push(std::mem::take(&mut field)),
            (false, c) => field.push(c),
        }
    }
    if quoted {
        return None;
    }
    fields.push(field);
    Some(fields)
}

/// Reads an allocation from CSV bytes; `is_final` comes from the command line or the API.
pub fn read(
    bytes: &[u8],
    encoding: Encoding,
    is_final: bool,
    vocab: &Vocabularies,
    limits: &Limits,
) -> Result<Allocation, InputErrors> {
    if bytes.len() > limits.max_bytes {
        return Err(InputError::limit(
            Path::root(),
            format!("文件大小超过上限 {} 字节", limits.max_bytes),
            format!("file is larger than the limit of {} bytes", limits.max_bytes),
        )
        .into());
    }
    let text = decode_text(bytes, encoding)?;
    let mut rows = text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty());
    let header = rows.next();
    let header_ok = header.is_some_and(|(_, header)| {
        let names: Vec<String> = split_record(header.trim_end_matches('\r')).unwrap_or_default();
        names.iter().map(|n| n.trim()).eq(LINE_FIELDS.iter().copied())
    });
    if !header_ok {
        let (zh, en) = match header {
            None => ("文件为空：", "the file is empty: "),
            Some(_) => ("", ""),
        };
        return Err(InputError::syntax(
            Path::root(),
            format!("{zh}第 1 行应为表头 {}", LINE_FIELDS.join(",")),
            format!("{en}line 1 must be the header {}", LINE_FIELDS.join(",")),
        )
        .on_line(1)
        .into());
    }
    let mut d = Decoder::default();
    let mut lines = Vec::new();
    let lines_path = Path::root().key("lines");
    for (index, (line_no, row)) in rows.enumerate() {
        let file_line = line_no + 1;
        if index >= limits.max_lines {
            d.errors.push(
                InputError::limit(
                    lines_path.clone(),
                    format!("预算行数超过上限 {}", limits.max_lines),
                    format!("more lines than the limit of {}", limits.max_lines),
                )
                .on_line(file_line),
            );
            break;
        }
        let row = row.trim_end_matches('\r');
        if let Some(line) = read_plain_row(row, vocab) {
            lines.push(line);
            continue;
        }
        let errors_before = d.errors.len();
        if let Some(line) = read_row(&mut d, row, &lines_path.index(index), vocab) {
            lines.push(line);
        }
        for error in d.errors.iter_mut().skip(errors_before) {
            error.line = Some(file_line);
        }
    }
    if d.errors.is_empty() {
        super::allocation::check_sums(&mut d, &lines, &lines_path);
    }
    if d.errors.is_empty() {
        Ok(Allocation { is_final, lines })
    } else {
        Err(InputErrors(d.errors))
    }
}

/// The fast path: a row without quotes whose every cell is right builds its line directly.
/// Any other row goes through `read_row`, which names each problem.
fn read_plain_row(row: &str, vocab: &Vocabularies) -> Option<AllocationLine> {
    // One pass over the bytes: six cells, no quotes, no spaces around them.
    let mut cells: [&str; 6] = [""; 6];
    let mut count = 0;
    let mut start = 0;
    for (i, byte) in row.bytes().enumerate() {
        match byte {
            b',' => {
                *cells.get_mut(count)? = row.get(start..i)?;
                count += 1;
                start = i + 1;
            }
            b'"' => return None,
            _ => {}
        }
    }
    *cells.get_mut(count)? = row.get(start..)?;
    let [project, category, source, amount, use_of_funds, upward] = cells;
    let padded = |cell: &str| cell.starts_with(' ') || cell.ends_with(' ');
    if count != 5 || project.is_empty() || use_of_funds.is_empty() || cells.iter().any(|c| padded(c)) {
        return None;
    }
    let amount = crate::money::Money::parse(amount).ok()?;
    let upward = flag(upward)?;
    super::allocation::plain_line(project, category, source, amount, use_of_funds, upward, vocab)
}

/// A yes/no cell as spreadsheets write it: `true`/`false`, `1`/`0`, `yes`/`no` (any case), 是/否.
fn flag(raw: &str) -> Option<bool> {
    match raw {
        "true" | "1" | "是" => Some(true),
        "false" | "0" | "否" => Some(false),
        other => match other.to_ascii_lowercase().as_str() {
            "true" | "yes" => Some(true),
            "false" | "no" => Some(false),
            _ => None,
        },
    }
}

fn read_row(d: &mut Decoder, row: &str, path: &Path, vocab: &Vocabularies) -> Option<AllocationLine> {
    let fields = match split_record(row) {
        Some(fields) if fields.len() == LINE_FIELDS.len() => fields,
        Some(fields) => {
            d.push(
                InputCode::Syntax,
                path,
                format!("应有 {} 列，实际为 {} 列", LINE_FIELDS.len(), fields.len()),
                format!("expected {} columns, found {}", LINE_FIELDS.len(), fields.len()),
            );
            return None;
        }
        None => {
            d.push(InputCode::Syntax, path, "引号未闭合".into(), "unclosed quote".into());
            return None;
        }
    };
    let mut read = LineReader::default();
    for (name, raw) in LINE_FIELDS.iter().zip(fields) {
        let raw = raw.trim();
        if raw.is_empty() {
            d.missing(&path.key(name));
            read.seen_empty(name);
            continue;
        }
        let value = match *name {
            "upward" => flag(raw).map_or_else(|| Json::String(raw.to_owned()), Json::Bool),
            _ => Json::String(raw.to_owned()),
        };
        read.field(d, name, &value, &path.key(name), vocab);
    }
    read.finish(d, path, vocab)
}
