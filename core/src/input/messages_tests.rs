//! The unit tests of `messages.rs`: every variant's code and its Chinese and English text for a
//! written-out example. The expected texts are the messages as users and the shared vectors
//! know them; a change here is a change of the public messages.

use super::*;
use crate::input::InputCode;
use InputProblem::*;

fn says(problem: InputProblem, code: InputCode, zh: &str, en: &str) {
    assert_eq!(problem.code(), code, "{problem:?}");
    assert_eq!(problem.message(Lang::Zh), zh, "{problem:?}");
    assert_eq!(problem.message(Lang::En), en, "{problem:?}");
}

fn text(s: &str) -> String {
    s.to_owned()
}

const HEADER: [&str; 6] = ["project", "category", "source", "amount", "use", "upward"];

#[test]
fn syntax_of_json() {
    let c = InputCode::Syntax;
    says(
        Empty,
        c,
        "文档为空：应为一个 JSON 对象",
        "the document is empty: expected a JSON object",
    );
    says(
        OnlyWhitespace,
        c,
        "文档只有空白字符：应为一个 JSON 对象",
        "the document holds only whitespace: expected a JSON object",
    );
    says(
        Bom { name: "UTF-16LE" },
        c,
        "文档是 UTF-16LE 编码（以字节顺序标记开头），应为 UTF-8：请另存为 UTF-8",
        "the document is UTF-16LE text (it starts with a byte order mark), not UTF-8: save it as UTF-8",
    );
    says(
        NotUtf8 { line: 2, byte: 3 },
        c,
        "不是 UTF-8 文本：第 2 行（第 3 字节）",
        "not UTF-8 text: line 2 (byte 3)",
    );
    let not_json = |reason| NotJson {
        line: 1,
        column: 6,
        reason,
        detail: text("EOF while parsing an object"),
    };
    says(
        not_json(JsonReason::Eof),
        c,
        "不是合法的 JSON：第 1 行第 6 列，文本意外结束",
        "not valid JSON: line 1, column 6: EOF while parsing an object",
    );
    assert_eq!(
        not_json(JsonReason::Syntax).message(Lang::Zh),
        "不是合法的 JSON：第 1 行第 6 列，语法错误"
    );
    assert_eq!(
        not_json(JsonReason::Unreadable).message(Lang::Zh),
        "不是合法的 JSON：第 1 行第 6 列，无法读取"
    );
    says(
        DuplicateKey { key: text("amount") },
        c,
        "键 `amount` 重复出现",
        "duplicate key `amount`",
    );
}

#[test]
fn syntax_of_csv() {
    let c = InputCode::Syntax;
    says(
        CsvBom { name: "UTF-16BE" },
        c,
        "文件是 UTF-16BE 编码（以字节顺序标记开头）：请另存为 UTF-8 的 CSV",
        "the file is UTF-16BE text (it starts with a byte order mark): save it as CSV UTF-8",
    );
    says(
        CsvNotUtf8 { line: 3 },
        c,
        "第 3 行不是 UTF-8 文本；Excel 保存的中文 CSV 通常是 GB18030，请使用 --encoding gb18030",
        "line 3 is not UTF-8; a CSV saved by Excel in China is usually GB18030: use --encoding gb18030",
    );
    says(
        NoGb18030Decoder,
        c,
        "此版本不含 GB18030 解码：请先将文本转为 UTF-8",
        "this build has no GB18030 decoder: decode the text to UTF-8 first",
    );
    says(NotGb18030, c, "不是有效的 GB18030 文本", "not valid GB18030 text");
    says(
        CsvEmpty { header: &HEADER },
        c,
        "文件为空：第 1 行应为表头 project,category,source,amount,use,upward",
        "the file is empty: line 1 must be the header project,category,source,amount,use,upward",
    );
    says(
        CsvHeader { header: &HEADER },
        c,
        "第 1 行应为表头 project,category,source,amount,use,upward",
        "line 1 must be the header project,category,source,amount,use,upward",
    );
    says(
        ColumnCount { expected: 6, found: 2 },
        c,
        "应有 6 列，实际为 2 列",
        "expected 6 columns, found 2",
    );
    says(UnclosedQuote, c, "引号未闭合", "unclosed quote");
}

#[test]
fn types_fields_and_vocabularies() {
    let wrong = |expected, found| WrongType { expected, found };
    let c = InputCode::Type;
    says(
        wrong(Expected::Object, "array"),
        c,
        "应为对象，实际为数组",
        "expected an object, found array",
    );
    says(
        wrong(Expected::Array, "string"),
        c,
        "应为数组，实际为文本",
        "expected an array, found string",
    );
    says(
        wrong(Expected::String, "number"),
        c,
        "应为字符串，实际为数值",
        "expected a string, found number",
    );
    says(
        wrong(Expected::Boolean, "string"),
        c,
        "应为布尔值（true 或 false），实际为文本",
        "expected a boolean (true or false), found string",
    );
    says(
        wrong(Expected::YesNo, "string"),
        c,
        "应为是否值（true/false、是/否、yes/no 或 1/0），实际为文本",
        "expected a yes/no value (true/false, 是/否, yes/no or 1/0), found string",
    );
    says(
        wrong(Expected::WholeNumber, "string"),
        c,
        "应为整数，实际为文本",
        "expected a whole number, found string",
    );
    says(
        wrong(Expected::Number, "null"),
        c,
        "应为数值，实际为空值",
        "expected a number, found null",
    );
    says(
        wrong(Expected::Date, "number"),
        c,
        "应为日期字符串（如 2020-06-30），实际为数值",
        "expected a date string such as 2020-06-30, found number",
    );
    says(
        wrong(Expected::Amount, "boolean"),
        c,
        "应为金额（如 \"1200000.00\"），实际为布尔值",
        "expected an amount such as \"1200000.00\", found boolean",
    );
    says(
        Missing { field: text("amount") },
        InputCode::Missing,
        "缺少必填字段 `amount`",
        "required field `amount` is missing",
    );
    says(
        UnknownField { field: text("zzz") },
        InputCode::UnknownField,
        "未知字段 `zzz`",
        "unknown field `zzz`",
    );
    assert_eq!(shown(&"偃".repeat(80)), "偃".repeat(80));
    let long = UnknownField {
        field: "偃".repeat(81)
    };
    let cut = "偃".repeat(60);
    assert_eq!(long.message(Lang::Zh), format!("未知字段 `{cut}…`"));
    assert_eq!(long.message(Lang::En), format!("unknown field `{cut}…`"));
    says(
        NotInVocabulary {
            value: text("county"),
            allowed: Box::new(Allowed {
                name_zh: text("资金来源"),
                name_en: text("fund source"),
                clause: text("FM 一, IP 七(四)"),
                values: vec![
                    AllowedValue {
                        id: text("provincial"),
                        label: Some((text("省级专项资金"), text("provincial special funds"))),
                    },
                    AllowedValue {
                        id: text("city"),
                        label: None,
                    },
                ],
            }),
        },
        InputCode::Vocabulary,
        "`county` 不是有效的资金来源（FM 一, IP 七(四)）：应为 省级专项资金（provincial）、city",
        "`county` is not a known fund source (FM 一, IP 七(四)); expected one of provincial special funds (`provincial`); city",
    );
    says(
        Region {
            value: text("洛阳"),
            known: vec![AllowedValue {
                id: text("410381"),
                label: Some((text("偃师市"), text("Yanshi City"))),
            }],
        },
        InputCode::Vocabulary,
        "`洛阳` 不是六位行政区划代码；请填写代码（如 410381）或 偃师市（410381）",
        "`洛阳` is not a six-digit administrative division code; write the code (such as 410381) or one of Yanshi City (`410381`)",
    );
}

#[test]
fn money_and_dates() {
    let money = |t: &str, problem| Money { text: text(t), problem };
    let c = InputCode::Money;
    says(
        money("abc", MoneyProblem::NotDecimal),
        c,
        "`abc`：不是金额；请写成以元为单位的数字，最多两位小数，如 1200000.00 或 1,200,000.00",
        "`abc`: not an amount; write it in yuan as digits with at most 2 decimals, such as 1200000.00 or 1,200,000.00",
    );
    says(
        money("1.234", MoneyProblem::TooManyPlaces),
        c,
        "`1.234`：金额最多保留两位小数（到分）",
        "`1.234`: an amount has at most 2 decimals (fen)",
    );
    says(
        money("792281625142643375935439504", MoneyProblem::OutOfRange),
        c,
        "`792281625142643375935439504`：金额超出可精确表示的范围",
        "`792281625142643375935439504`: an amount beyond the exact decimal range",
    );
    says(
        money("1234567890123456", MoneyProblem::TooManyDigits),
        c,
        "`1234567890123456`：数值超过 15 位有效数字，请写成字符串",
        "`1234567890123456`: a number with more than 15 significant digits must be written as a string",
    );
    says(
        NotPositive { text: text("-5") },
        c,
        "`-5`：金额应大于 0",
        "`-5`: an amount must be greater than 0",
    );
    says(
        TotalOutOfRange { of: Total::Lines },
        c,
        "预算行金额合计超出可精确表示的范围",
        "the lines' amounts add up beyond the exact decimal range",
    );
    says(
        TotalOutOfRange { of: Total::Payments },
        c,
        "付款金额合计超出可精确表示的范围",
        "the payments add up beyond the exact decimal range",
    );
    says(
        Date {
            text: text("2019-02-30"),
        },
        InputCode::Date,
        "`2019-02-30` 不是有效日期；请写成 2020-06-30、2020/6/30 或 2020年6月30日（年份在前）",
        "`2019-02-30` is not a real date; write it as 2020-06-30, 2020/6/30 or 2020年6月30日 (year first)",
    );
}

#[test]
fn ranges() {
    let c = InputCode::Range;
    says(
        NotCount { text: text("-1") },
        c,
        "应为不小于 0 的整数，实际为 -1",
        "expected a whole number ≥ 0, found `-1`",
    );
    says(
        NegativeQuantity { text: text("-2.5") },
        c,
        "应为不小于 0 的数，实际为 -2.5",
        "expected a number ≥ 0, found `-2.5`",
    );
    says(
        ZeroPreviousSales,
        c,
        "上年零售额为 0，无法计算增长率",
        "previous sales are 0: growth cannot be computed",
    );
    says(
        ZeroTrainees,
        c,
        "培训人数为 0，无法计算创业转化率",
        "trainees is 0: the conversion rate cannot be computed",
    );
    says(
        PoorAttendancesExceed {
            poor: 5,
            attendances: 3,
        },
        c,
        "建档立卡贫困户培训人次 5 超过培训总人次 3",
        "poor-household attendances `5` exceed all attendances `3`",
    );
    says(
        StartedExceedsTrainees {
            started: 2,
            trainees: 1,
        },
        c,
        "创业人数 2 超过培训人数 1",
        "started_business `2` exceeds trainees `1`",
    );
    says(
        ZeroTotal,
        c,
        "总数为 0，无法计算覆盖率",
        "total is 0: coverage cannot be computed",
    );
    says(
        CoveredExceedsTotal { covered: 3, total: 2 },
        c,
        "覆盖数 3 超过总数 2",
        "covered `3` exceeds total `2`",
    );
}

#[test]
fn limits() {
    let c = InputCode::Limit;
    says(
        TooLarge { limit: 1024 },
        c,
        "文档大小超过上限 1024 字节",
        "document is larger than the limit of 1024 bytes",
    );
    says(
        FileTooLarge { limit: 1024 },
        c,
        "文件大小超过上限 1024 字节",
        "file is larger than the limit of 1024 bytes",
    );
    says(
        TooDeep { limit: 64 },
        c,
        "嵌套层数超过上限 64",
        "nesting is deeper than the limit of 64",
    );
    says(
        TooDeepForParser { limit: 127 },
        c,
        "嵌套层数超过解析器上限 127",
        "nesting is deeper than the parser's limit of 127",
    );
    says(
        TooManyLines { limit: 10 },
        c,
        "预算行数超过上限 10",
        "more lines than the limit of 10",
    );
    says(
        LineCount { count: 11, limit: 10 },
        c,
        "预算行数 11 超过上限 10",
        "11 lines is more than the limit of 10",
    );
}
