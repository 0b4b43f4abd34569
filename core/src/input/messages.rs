//! The message of every input problem, in Chinese and English: the one table of their
//! templates, the only place in the crate where the text of an input error is written.
//!
//! Each arm pairs the two templates of one variant. A user's value is quoted in backticks and
//! cut short by `shown` (the path stays exact); a field name of the format and
//! a number the reader computed are written as they are.

use super::problem::{Allowed, AllowedValue, Expected, InputProblem, JsonReason, Total};
use crate::lang::Lang;
use crate::message::shown;
use crate::money::MoneyProblem;

/// The Chinese or the English template, filled with the variables in scope.
macro_rules! say {
    ($lang:expr, $zh:literal, $en:literal) => {
        match $lang {
            Lang::Zh => format!($zh),
            Lang::En => format!($en),
        }
    };
}

impl InputProblem {
    /// The problem's message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        use InputProblem::*;
        match self {
            Empty => lang
                .pick(
                    "文档为空：应为一个 JSON 对象",
                    "the document is empty: expected a JSON object",
                )
                .to_owned(),
            OnlyWhitespace => lang
                .pick(
                    "文档只有空白字符：应为一个 JSON 对象",
                    "the document holds only whitespace: expected a JSON object",
                )
                .to_owned(),
            Bom { name } => say!(
                lang,
                "文档是 {name} 编码（以字节顺序标记开头），应为 UTF-8：请另存为 UTF-8",
                "the document is {name} text (it starts with a byte order mark), not UTF-8: save it as UTF-8"
            ),
            NotUtf8 { line, byte } => say!(
                lang,
                "不是 UTF-8 文本：第 {line} 行（第 {byte} 字节）",
                "not UTF-8 text: line {line} (byte {byte})"
            ),
            NotJson {
                line,
                column,
                reason,
                detail,
            } => {
                let reason = match reason {
                    JsonReason::Eof => "文本意外结束",
                    JsonReason::Syntax => "语法错误",
                    JsonReason::Unreadable => "无法读取",
                };
                say!(
                    lang,
                    "不是合法的 JSON：第 {line} 行第 {column} 列，{reason}",
                    "not valid JSON: line {line}, column {column}: {detail}"
                )
            }
            DuplicateKey { key } => {
                let key = shown(key);
                say!(lang, "键 `{key}` 重复出现", "duplicate key `{key}`")
            }
            CsvBom { name } => say!(
                lang,
                "文件是 {name} 编码（以字节顺序标记开头）：请另存为 UTF-8 的 CSV",
                "the file is {name} text (it starts with a byte order mark): save it as CSV UTF-8"
            ),
            CsvNotUtf8 { line } => say!(
                lang,
                "第 {line} 行不是 UTF-8 文本；Excel 保存的中文 CSV 通常是 GB18030，请使用 --encoding gb18030",
                "line {line} is not UTF-8; a CSV saved by Excel in China is usually GB18030: use --encoding gb18030"
            ),
            NoGb18030Decoder => lang
                .pick(
                    "此版本不含 GB18030 解码：请先将文本转为 UTF-8",
                    "this build has no GB18030 decoder: decode the text to UTF-8 first",
                )
                .to_owned(),
            NotGb18030 => lang
                .pick("不是有效的 GB18030 文本", "not valid GB18030 text")
                .to_owned(),
            CsvEmpty { header } => {
                let header = header.join(",");
                say!(
                    lang,
                    "文件为空：第 1 行应为表头 {header}",
                    "the file is empty: line 1 must be the header {header}"
                )
            }
            CsvHeader { header } => {
                let header = header.join(",");
                say!(lang, "第 1 行应为表头 {header}", "line 1 must be the header {header}")
            }
            ColumnCount { expected, found } if found > expected => say!(
                lang,
                "应有 {expected} 列，实际为 {found} 列；含逗号的单元格（如 \"1,200,000.00\"）须加英文双引号",
                "expected {expected} columns, found {found}; a cell holding commas (such as \"1,200,000.00\") must be in double quotes"
            ),
            ColumnCount { expected, found } => say!(
                lang,
                "应有 {expected} 列，实际为 {found} 列",
                "expected {expected} columns, found {found}"
            ),
            MissingColumn { field, label } if label.is_empty() => {
                say!(lang, "表头缺少 `{field}` 列", "the header has no `{field}` column")
            }
            MissingColumn { field, label } => say!(
                lang,
                "表头缺少“{label}”（{field}）列",
                "the header has no `{field}` ({label}) column"
            ),
            CsvDuplicateColumn { field } => say!(
                lang,
                "表头中 `{field}` 列出现了两次",
                "the header names the `{field}` column twice"
            ),
            UnclosedQuote => lang.pick("引号未闭合", "unclosed quote").to_owned(),
            WrongType { expected, found } => {
                let (zh, en) = match expected {
                    Expected::Object => ("对象", "an object"),
                    Expected::Array => ("数组", "an array"),
                    Expected::String => ("字符串", "a string"),
                    Expected::Boolean => ("布尔值（true 或 false）", "a boolean (true or false)"),
                    Expected::YesNo => (
                        "是否值（true/false、是/否、yes/no 或 1/0）",
                        "a yes/no value (true/false, 是/否, yes/no or 1/0)",
                    ),
                    Expected::WholeNumber => ("整数", "a whole number"),
                    Expected::Number => ("数值", "a number"),
                    Expected::Date => ("日期字符串（如 2020-06-30）", "a date string such as 2020-06-30"),
                    Expected::Amount => ("金额（如 \"1200000.00\"）", "an amount such as \"1200000.00\""),
                    Expected::Year => ("年度（如 2019）", "a programme year such as 2019"),
                };
                // A Chinese sentence names the JSON type in Chinese, never by its English name.
                let found_zh = match *found {
                    "string" => "文本",
                    "number" => "数值",
                    "boolean" => "布尔值",
                    "null" => "空值",
                    "array" => "数组",
                    "object" => "对象",
                    other => other,
                };
                say!(lang, "应为{zh}，实际为{found_zh}", "expected {en}, found {found}")
            }
            Missing { field } => say!(lang, "缺少必填字段 `{field}`", "required field `{field}` is missing"),
            UnknownField { field } => {
                let field = shown(field);
                say!(lang, "未知字段 `{field}`", "unknown field `{field}`")
            }
            NotInVocabulary { value, allowed } => {
                let value = shown(value);
                let Allowed {
                    name_zh,
                    name_en,
                    clause,
                    values,
                } = allowed.as_ref();
                if values.is_empty() {
                    // A list the pack leaves empty (a pack without sub-categories).
                    return say!(
                        lang,
                        "`{value}` 不是有效的{name_zh}：本规则包没有{name_zh}，请留空",
                        "`{value}` is not a known {name_en}: this pack has none, so leave it empty"
                    );
                }
                let allowed = listed(values, lang);
                say!(
                    lang,
                    "`{value}` 不是有效的{name_zh}（{clause}）：应为 {allowed}",
                    "`{value}` is not a known {name_en} ({clause}); expected one of {allowed}"
                )
            }
            SubcategoryOf(mismatch) => {
                let sub = listed(std::slice::from_ref(&mismatch.sub), lang);
                let category = listed(std::slice::from_ref(&mismatch.category), lang);
                if mismatch.allowed.is_empty() {
                    return say!(
                        lang,
                        "子类别 {sub} 不属于支持类别 {category}：该类别没有子类别，请留空",
                        "sub-category {sub} is not one of category {category}'s: it has none, so leave it empty"
                    );
                }
                let allowed = listed(&mismatch.allowed, lang);
                say!(
                    lang,
                    "子类别 {sub} 不属于支持类别 {category}：该类别的子类别为 {allowed}",
                    "sub-category {sub} is not one of category {category}'s; its sub-categories are {allowed}"
                )
            }
            // The example code is the pack's first region: no county's code is written here.
            Region { value, known } => {
                let value = shown(value);
                match known.first() {
                    None => say!(
                        lang,
                        "`{value}` 不是六位行政区划代码",
                        "`{value}` is not a six-digit administrative division code"
                    ),
                    Some(first) => {
                        let example = &first.id;
                        let known = listed(known, lang);
                        say!(
                            lang,
                            "`{value}` 不是六位行政区划代码；请填写代码（如 {example}）或 {known}",
                            "`{value}` is not a six-digit administrative division code; write the code (such as {example}) or one of {known}"
                        )
                    }
                }
            }
            Year { text } => {
                let text = shown(text);
                say!(
                    lang,
                    "`{text}` 不是年度；请写成四位年份，如 2019 或 2019年",
                    "`{text}` is not a programme year; write four digits, such as 2019 (or 2019年)"
                )
            }
            Money { text, problem } => {
                let text = shown(text);
                let (zh, en) = match problem {
                    MoneyProblem::NotDecimal => (
                        "不是金额；请写成以元为单位的数字，最多两位小数，如 1200000.00 或 1,200,000.00",
                        "not an amount; write it in yuan as digits with at most 2 decimals, such as 1200000.00 or 1,200,000.00",
                    ),
                    MoneyProblem::Grouping => (
                        "千位分隔符只能用逗号、每三位一组，小数点用英文句点，如 1,200,000.00",
                        "thousands separators are commas between groups of three digits and the decimal point a full stop, as in 1,200,000.00",
                    ),
                    MoneyProblem::FloatNotFen => (
                        "浮点数金额不是精确到分的值，请先保留两位小数（如 df.amount.round(2)）",
                        "a float amount not exact to the fen: round it to 2 decimals first (e.g. df.amount.round(2))",
                    ),
                    MoneyProblem::Unit => (
                        "金额以元为单位，不带“万”“亿”等单位：50万 应写成 500000",
                        "an amount is in yuan, without a unit such as 万: write 50万 as 500000",
                    ),
                    MoneyProblem::TooManyPlaces => {
                        ("金额最多保留两位小数（到分）", "an amount has at most 2 decimals (fen)")
                    }
                    MoneyProblem::OutOfRange => {
                        ("金额超出可精确表示的范围", "an amount beyond the exact decimal range")
                    }
                    MoneyProblem::TooManyDigits => (
                        "数值超过 15 位有效数字，请写成字符串",
                        "a number with more than 15 significant digits must be written as a string",
                    ),
                };
                say!(lang, "`{text}`：{zh}", "`{text}`: {en}")
            }
            NotPositive { text } => {
                let text = shown(text);
                say!(
                    lang,
                    "`{text}`：金额应大于 0",
                    "`{text}`: an amount must be greater than 0"
                )
            }
            TotalOutOfRange { of } => {
                let (zh, en) = match of {
                    Total::Lines => ("预算行", "the lines' amounts"),
                    Total::Payments => ("付款", "the payments"),
                };
                say!(
                    lang,
                    "{zh}金额合计超出可精确表示的范围",
                    "{en} add up beyond the exact decimal range"
                )
            }
            Date { text } => {
                let text = shown(text);
                say!(
                    lang,
                    "`{text}` 不是有效日期；请写成 2020-06-30、2020/6/30 或 2020年6月30日（年份在前）",
                    "`{text}` is not a real date; write it as 2020-06-30, 2020/6/30 or 2020年6月30日 (year first)"
                )
            }
            NotCount { text } => {
                let text = shown(text);
                say!(
                    lang,
                    "应为不小于 0 的整数，实际为 {text}",
                    "expected a whole number ≥ 0, found `{text}`"
                )
            }
            NegativeQuantity { text } => {
                say!(
                    lang,
                    "应为不小于 0 的数，实际为 {text}",
                    "expected a number ≥ 0, found `{text}`"
                )
            }
            ZeroPreviousSales => lang
                .pick(
                    "上年零售额为 0，无法计算增长率",
                    "previous sales are 0: growth cannot be computed",
                )
                .to_owned(),
            ZeroTrainees => lang
                .pick(
                    "培训人数为 0，无法计算创业转化率",
                    "trainees is 0: the conversion rate cannot be computed",
                )
                .to_owned(),
            PoorAttendancesExceed { poor, attendances } => say!(
                lang,
                "建档立卡贫困户培训人次 {poor} 超过培训总人次 {attendances}",
                "poor-household attendances `{poor}` exceed all attendances `{attendances}`"
            ),
            StartedExceedsTrainees { started, trainees } => say!(
                lang,
                "创业人数 {started} 超过培训人数 {trainees}",
                "started_business `{started}` exceeds trainees `{trainees}`"
            ),
            ZeroTotal => lang
                .pick("总数为 0，无法计算覆盖率", "total is 0: coverage cannot be computed")
                .to_owned(),
            CoveredExceedsTotal { covered, total } => say!(
                lang,
                "覆盖数 {covered} 超过总数 {total}",
                "covered `{covered}` exceeds total `{total}`"
            ),
            TooLarge { limit } => say!(
                lang,
                "文档大小超过上限 {limit} 字节",
                "document is larger than the limit of {limit} bytes"
            ),
            FileTooLarge { limit } => say!(
                lang,
                "文件大小超过上限 {limit} 字节",
                "file is larger than the limit of {limit} bytes"
            ),
            TooDeep { limit } => say!(
                lang,
                "嵌套层数超过上限 {limit}",
                "nesting is deeper than the limit of {limit}"
            ),
            TooDeepForParser { limit } => say!(
                lang,
                "嵌套层数超过解析器上限 {limit}",
                "nesting is deeper than the parser's limit of {limit}"
            ),
            TooManyLines { limit } => say!(lang, "预算行数超过上限 {limit}", "more lines than the limit of {limit}"),
            LineCount { count, limit } => say!(
                lang,
                "预算行数 {count} 超过上限 {limit}",
                "{count} lines is more than the limit of {limit}"
            ),
        }
    }
}

#[cfg(test)]
#[path = "messages_tests.rs"]
mod tests;

/// The values of a closed list as a message lists them: `中文名（code）`, label first, or
/// `label (`code`)` in English; a value without a label as its code.
fn listed(values: &[AllowedValue], lang: Lang) -> String {
    let items: Vec<String> = values
        .iter()
        .map(|v| match (&v.label, lang) {
            (Some((zh, _)), Lang::Zh) => format!("{zh}（{}）", v.id),
            (Some((_, en)), Lang::En) => format!("{en} (`{}`)", v.id),
            (None, _) => v.id.clone(),
        })
        .collect();
    items.join(lang.pick("、", "; "))
}
