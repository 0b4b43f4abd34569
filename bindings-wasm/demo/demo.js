// The application form of 偃政办〔2019〕13号, checked in the page by the fundcheck wasm module.
//
// The form is the state: every input carries the JSON Pointer of its field (`data-path`), so
// the document is read from the inputs (empty fields as null, everything else as typed: amounts
// and dates go to the core as the clerk wrote them, and the core normalises or rejects them)
// and every finding and input error is shown beside the input its `path` points to (or the
// nearest enclosing block, else the summary panel). Policy numbers, lists and the law's words
// come from the pack through the module (`requirements`, `pack`, `rules`), never from this file
// (only the labels `pack()` does not list, of figures and line fields, are read from a loaded
// bundle itself); the words here are the form's own.
//
// A clerk's tool: a field shows its results once it was edited or left ("touched"), or after
// "检查全部"; nothing is kept in the browser unless the clerk saves a draft; the application
// can be exported, imported and printed; what would overwrite the form asks first.
//
// Two sheets share the side panel: the application form and the allocation plan (a table of
// budget lines, `{"kind": "allocation", "final", "lines"}`), one shown at a time (the tabs).
// Both are checked against the current pack: the embedded Yanshi pack, or another county's
// bundle (`fundcheck pack show --resolved`) the clerk loads, kept in memory only and passed to
// every call (`{pack: bundle}`, `pack(bundle)`, `rules(bundle)`, `requirements(c, bundle)`).
import init, { check, pack, requirements, rules } from "../pkg/fundcheck.js";

const UI = {
  zh: {
    issuer: "偃师市电子商务进农村综合示范工作领导小组办公室",
    title: "偃师市电子商务进农村专项资金",
    titleForm: "项目申报表",
    basis: "依据",
    loadExample: "载入示例",
    clearForm: "清空",
    loading: "正在加载校验规则…",
    s1num: "一、", s1: "项目基本信息",
    s2num: "二、", s2: "申报单位",
    s3num: "三、", s3: "申报材料清单",
    s4num: "四、", s4: "项目建设情况",
    s5num: "五、", s5: "拟补贴额度",
    s6num: "六、", s6: "资金拨付记录",
    s7num: "七、", s7: "审核流程",
    id: "申报编号", category: "支持类别", status: "项目建设状态",
    status_completed: "已建成", status_stage_completed: "阶段性建成", status_in_progress: "建设中",
    scheduled: "计划完成日期", completed: "实际完成日期",
    asOf: "评估日期", asOfHint: "留空则取申报表中最近发生的日期",
    choose: "—请选择—", yes: "是", no: "否",
    applicantName: "单位名称", applicantKind: "单位类型",
    kind_ecommerce_enterprise: "电子商务企业", kind_industry_association: "行业协会",
    kind_training_institution: "培训机构", kind_other: "其他",
    region: "注册地行政区划代码", voluntary: "自愿参加试点", tender: "经招投标确定",
    benefit: "有效益", output: "有产出", tax: "有税源",
    chooseCategoryFirst: "请先选择支持类别，再勾选该类别要求的申报材料。",
    noSections: "本类别无需填写结构化信息。",
    addRow: "＋ 增加一行", removeRow: "删除", addPayment: "＋ 增加拨付记录",
    proposed: "拟补贴金额（元）",
    payDate: "拨付日期", payAmount: "拨付金额（元）",
    received: "收到申报日期", reviewCompleted: "评审完成日期", reviewPublished: "评审结论公示日期",
    acceptanceCompleted: "审核验收完成日期", evaluationIssued: "评估结论出具日期", result: "验收评估结论",
    rectificationDeadline: "整改期限", rectifiedResult: "整改后结论", rectifiedOn: "整改完成日期",
    cityApproval: "市政府审批日期", misuse: "发现骗取、挪用、截留", dueBy: "期限",
    verdict: "审核结果", figures: "计算结果", summary: "其他提示",
    stateOk: "无错误", stateErrors: (n) => `${n} 项错误`, stateInput: (n) => `${n} 处填写有误`,
    applicantLine: (n) => `申请单位：${n === 0 ? "符合" : `不符合（${n} 项错误）`}`,
    administrationLine: (n) => `主管部门记录：${n === 0 ? "无误" : `有误（${n} 项错误）`}`,
    counts: (c) => `错误 ${c.error} · 警告 ${c.warning} · 提示 ${c.info}`,
    partial: "以下结果未计入填写有误的字段。",
    blocked: "请先改正填写有误的字段，其余校验随后进行。",
    inputError: "填写有误",
    noFigures: "尚无",
    engine: (p) => `校验：fundcheck（WebAssembly，在本机运行） · 规则包 ${p.id} ${p.version}`,
    yuan: "元",
    photosHint: "文件名，以逗号分隔",
    fig_max_prepayment: "预拨上限", fig_prepaid: "已预拨", fig_prepayment_headroom: "预拨余额",
    fig_payable_subsidy: "核定补贴", fig_paid: "已拨付合计", fig_balance_due: "应拨余款",
    fig_clawback_due: "应追回预拨资金", fig_review_due: "评审期限", fig_acceptance_due: "验收期限",
    fig_overpaid_due: "多拨应追回", fig_other_recovery_due: "其他应追回", fig_recovery_due: "应追回合计",
    fig_outcome: "结算结论", fig_publication_due: "公布评审结论期限",
    outcome_passed: "通过", outcome_failed: "不予补贴", outcome_pending: "待定", outcome_undetermined: "无法确定（缺少信息）",
    fig_evaluation_due: "评估期限", fig_rectification_due: "整改期限", fig_phase: "所处阶段",
    fig_priority_score: "优先扶持得分",
    checkAll: "检查全部", importFile: "导入…", exportFile: "导出", print: "打印",
    saveDraft: "保存草稿", restoreDraft: "恢复草稿", clearDraft: "清除草稿",
    draftStored: (when) => `本机浏览器中存有一份草稿（${when ? `保存于 ${when}` : "无法读取"}）。共用电脑用完请清除。`,
    draftSaved: "草稿已保存在本机浏览器中。用完请点“清除草稿”。",
    draftCleared: "草稿已从本机浏览器中清除。",
    draftRestored: "已恢复草稿。",
    storageUnavailable: "本浏览器不允许在本机保存草稿。",
    confirmClear: "清空表单？已填写的内容将丢失。",
    confirmExample: "载入示例将覆盖表单中已填写的内容。继续吗？",
    confirmImport: (name) => `导入“${name}”将覆盖表单中已填写的内容。继续吗？`,
    confirmRestore: "恢复草稿将覆盖表单中已填写的内容。继续吗？",
    imported: (name) => `已导入 ${name}。`,
    exported: (name) => `已导出 ${name}。`,
    importFailed: (name, why) => `无法导入 ${name}：${why}`,
    notJson: "不是有效的 JSON 文件",
    notApplication: "不是项目申报表（应为 \"kind\": \"application\"）",
    unknownCategory: (c) => `支持类别 ${c} 不在规则包中，已留空`,
    untouched: "填写或离开某一栏后，校验结果显示在该栏旁边；点“检查全部”可一次显示全部。",
    hiddenCount: (n) => `另有 ${n} 条提示在尚未填写的栏目，点“检查全部”显示。`,
    idPh: "例：YS-2020-017", regionPh: "例：410381", proposedPh: "例：1,200,000.00",
    amountPh: "例：500,000.00", datePh: "例：2020-06-30", photosPh: "例：店内.jpg，店外.jpg",
    dateHint: "可写作 2020-06-30、2020/6/30、2020.6.30 或 2020年6月30日，或点右侧日历选择",
    pickDate: "从日历选择日期",
    ruleLabel: "规则", readingLabel: "本规则采用的理解：",
    packLabel: "规则包", packLoad: "载入规则包…",
    packLoadHint: "规则包文件由 fundcheck pack show --resolved 规则包.toml > 规则包.json 生成",
    packEmbedded: (p) => `内置：${p.title.zh}`,
    packFromFile: (p, name) => `${p.title.zh}（${name}）`,
    packVersion: "版本", packBases: "基于", packSupersedes: "取代",
    packEffective: (e) => (e.until ? `有效期 ${e.from} 至 ${e.until}` : `自 ${e.from} 起施行`),
    packProvenance: "来源说明：",
    packFailed: (name, why, p) => `无法载入规则包 ${name}：${why}。仍使用规则包 ${p.id} ${p.version}。`,
    packSwitched: (p) => `已改用规则包 ${p.id} ${p.version}。`,
    dropped: (fields) => `新规则包没有的栏目已清除：${fields}。`,
    noRequirements: "本规则包未列出该类别的申报材料。",
    tabApplication: "项目申报表", tabPlan: "资金分配方案",
    p1num: "一、", p1: "分配明细",
    planFinal: "定稿", planFinalHint: "不勾选即为草案：有些要求在草案中只作提示",
    planEmpty: "尚无分配明细：点“增加一行”录入。", addLine: "＋ 增加一行",
    optional: "选填",
    line_project: "项目", line_category: "支持类别", line_source: "资金来源", line_amount: "金额（元）",
    line_use: "用途", line_upward: "支持农产品上行", line_unit: "建设单位", line_investment: "投资额（元）",
    line_subcategory: "子类别", line_year: "年度",
    yearPh: "例：2019",
    notAllocation: "不是资金分配方案（应为 \"kind\": \"allocation\"）",
    draftOtherPack: (id) => `该草稿按规则包 ${id} 填写，与当前规则包不同。`,
    fig_provincial_allocated: "省级专项资金已分配", fig_city_allocated: "市财政配套资金已分配",
    fig_ratio_base: "比例基数（省级下达资金）", fig_public_center_amount: "公共服务中心省级资金",
    fig_public_center_share: "公共服务中心占比", fig_public_center_limit: "公共服务中心上限",
    fig_public_center_headroom: "公共服务中心尚余额度", fig_upward_amount: "农产品上行省级资金",
    fig_upward_share: "农产品上行占比", fig_upward_floor: "农产品上行下限", fig_upward_shortfall: "农产品上行差额",
  },
  en: {
    issuer: "Office of the Yanshi E-commerce into Rural Areas Demonstration Leading Group",
    title: "Yanshi E-commerce into Rural Areas Special Funds",
    titleForm: "Project Application Form",
    basis: "Under",
    loadExample: "Load example",
    clearForm: "Clear",
    loading: "Loading the rules…",
    s1num: "1.", s1: "Project",
    s2num: "2.", s2: "Applicant",
    s3num: "3.", s3: "Application materials",
    s4num: "4.", s4: "What was built",
    s5num: "5.", s5: "Proposed subsidy",
    s6num: "6.", s6: "Payments",
    s7num: "7.", s7: "Review process",
    id: "Application no.", category: "Funding category", status: "Project status",
    status_completed: "Completed", status_stage_completed: "Stage completed", status_in_progress: "In progress",
    scheduled: "Scheduled completion", completed: "Completed on",
    asOf: "Evaluation date", asOfHint: "Empty: the latest date in the form",
    choose: "— choose —", yes: "Yes", no: "No",
    applicantName: "Name", applicantKind: "Kind of applicant",
    kind_ecommerce_enterprise: "E-commerce enterprise", kind_industry_association: "Industry association",
    kind_training_institution: "Training institution", kind_other: "Other",
    region: "Registered region code", voluntary: "Takes part voluntarily", tender: "Selected by tender",
    benefit: "Has benefit", output: "Has output", tax: "Has tax source",
    chooseCategoryFirst: "Choose a funding category first, then tick the materials it requires.",
    noSections: "This category needs no structured details.",
    addRow: "+ Add a row", removeRow: "Remove", addPayment: "+ Add a payment",
    proposed: "Proposed subsidy (yuan)",
    payDate: "Date", payAmount: "Amount (yuan)",
    received: "Received", reviewCompleted: "Review completed", reviewPublished: "Review published",
    acceptanceCompleted: "Acceptance completed", evaluationIssued: "Evaluation issued", result: "Acceptance result",
    rectificationDeadline: "Rectification deadline", rectifiedResult: "Result after rectification",
    rectifiedOn: "Rectified on", cityApproval: "City approval", misuse: "Misuse found", dueBy: "Due",
    verdict: "Check result", figures: "Figures", summary: "Other notes",
    stateOk: "No errors", stateErrors: (n) => `${n} error${n === 1 ? "" : "s"}`,
    stateInput: (n) => `${n} field${n === 1 ? "" : "s"} to correct`,
    applicantLine: (n) => `applicant: ${n === 0 ? "ok" : `not ok (${n} error${n === 1 ? "" : "s"})`}`,
    administrationLine: (n) => `administration's record: ${n === 0 ? "ok" : `not ok (${n} error${n === 1 ? "" : "s"})`}`,
    counts: (c) => `errors ${c.error} · warnings ${c.warning} · notes ${c.info}`,
    partial: "The results below leave out the fields to correct.",
    blocked: "Correct the marked fields first; the other checks follow.",
    inputError: "Input error",
    noFigures: "None yet",
    engine: (p) => `Checked by fundcheck (WebAssembly, in this browser) · pack ${p.id} ${p.version}`,
    yuan: "yuan",
    photosHint: "file names, separated by commas",
    fig_max_prepayment: "Max. prepayment", fig_prepaid: "Prepaid", fig_prepayment_headroom: "Prepayment headroom",
    fig_payable_subsidy: "Payable subsidy", fig_paid: "Paid in total", fig_balance_due: "Balance due",
    fig_clawback_due: "Prepayments to claw back", fig_review_due: "Review due", fig_acceptance_due: "Acceptance due",
    fig_overpaid_due: "Overpaid, to recover", fig_other_recovery_due: "Other payments to recover", fig_recovery_due: "To recover in all",
    fig_outcome: "Settlement", fig_publication_due: "Publication due",
    outcome_passed: "passed", outcome_failed: "failed", outcome_pending: "pending", outcome_undetermined: "undetermined (a fact is missing)",
    fig_evaluation_due: "Evaluation due", fig_rectification_due: "Rectification due", fig_phase: "Phase",
    fig_priority_score: "Priority score",
    checkAll: "Check everything", importFile: "Import…", exportFile: "Export", print: "Print",
    saveDraft: "Save draft", restoreDraft: "Restore draft", clearDraft: "Delete draft",
    draftStored: (when) => `A draft is stored in this browser (${when ? `saved ${when}` : "unreadable"}). On a shared computer, delete it when done.`,
    draftSaved: "Draft saved in this browser. Delete it when done.",
    draftCleared: "Draft deleted from this browser.",
    draftRestored: "Draft restored.",
    storageUnavailable: "This browser does not allow saving a draft.",
    confirmClear: "Clear the form? What has been entered will be lost.",
    confirmExample: "Loading the example replaces what has been entered. Go on?",
    confirmImport: (name) => `Importing “${name}” replaces what has been entered. Go on?`,
    confirmRestore: "Restoring the draft replaces what has been entered. Go on?",
    imported: (name) => `Imported ${name}.`,
    exported: (name) => `Exported ${name}.`,
    importFailed: (name, why) => `Cannot import ${name}: ${why}`,
    notJson: "not a valid JSON file",
    notApplication: "not an application (\"kind\": \"application\" expected)",
    unknownCategory: (c) => `the funding category ${c} is not in the pack and was left empty`,
    untouched: "Each field's results appear beside it once it is filled in or left; “Check everything” shows them all.",
    hiddenCount: (n) => `${n} more in fields not yet filled in: “Check everything” shows them.`,
    idPh: "e.g. YS-2020-017", regionPh: "e.g. 410381", proposedPh: "e.g. 1,200,000.00",
    amountPh: "e.g. 500,000.00", datePh: "e.g. 2020-06-30", photosPh: "e.g. inside.jpg, outside.jpg",
    dateHint: "Type 2020-06-30, 2020/6/30, 2020.6.30 or 2020年6月30日, or pick from the calendar on the right",
    pickDate: "Pick a date from the calendar",
    ruleLabel: "Rule", readingLabel: "Reading taken: ",
    packLabel: "Rule pack", packLoad: "Load a pack…",
    packLoadHint: "A pack file is made by fundcheck pack show --resolved pack.toml > pack.json",
    packEmbedded: (p) => `Built in: ${p.title.en}`,
    packFromFile: (p, name) => `${p.title.en} (${name})`,
    packVersion: "version", packBases: "built on", packSupersedes: "replaces",
    packEffective: (e) => (e.until ? `in force ${e.from} to ${e.until}` : `in force from ${e.from}`),
    packProvenance: "Provenance: ",
    packFailed: (name, why, p) => `Cannot load the pack ${name}: ${why}. Still using the pack ${p.id} ${p.version}.`,
    packSwitched: (p) => `Now using the pack ${p.id} ${p.version}.`,
    dropped: (fields) => `Cleared what the new pack has no place for: ${fields}.`,
    noRequirements: "This pack lists no application materials for the category.",
    tabApplication: "Application", tabPlan: "Allocation plan",
    p1num: "1.", p1: "Allocation lines",
    planFinal: "Final", planFinalHint: "Unticked, it is a draft: some requirements are only notes in a draft",
    planEmpty: "No lines yet: “Add a line” enters one.", addLine: "+ Add a line",
    optional: "optional",
    line_project: "Project", line_category: "Category", line_source: "Source", line_amount: "Amount (yuan)",
    line_use: "Use", line_upward: "Upward sales", line_unit: "Unit", line_investment: "Investment (yuan)",
    line_subcategory: "Sub-category", line_year: "Year",
    yearPh: "e.g. 2019",
    notAllocation: "not an allocation plan (\"kind\": \"allocation\" expected)",
    draftOtherPack: (id) => `This draft was filled in under the pack ${id}, not the current one.`,
    fig_provincial_allocated: "Provincial funds allocated", fig_city_allocated: "City matching funds allocated",
    fig_ratio_base: "Base of the shares", fig_public_center_amount: "Public service centre: provincial",
    fig_public_center_share: "Public service centre: share", fig_public_center_limit: "Public service centre: cap",
    fig_public_center_headroom: "Public service centre: headroom", fig_upward_amount: "Upward sales: provincial",
    fig_upward_share: "Upward sales: share", fig_upward_floor: "Upward sales: floor", fig_upward_shortfall: "Upward sales: shortfall",
  },
};

let lang = "zh";
/** The current pack: `pack()` of it, and its bundle's text (null: the embedded pack). */
let info = null;
let bundle = null;
let catalogue = new Map();
/** The packs to choose from: the embedded one first, then each bundle loaded, {name, bundle, info}. */
const packs = [];
/** Show every field's results, touched or not ("检查全部", printing). */
let showAll = false;
/** The last check: {doc, report, errors, original, optionError}. */
let last = null;
/** The sheet on screen: "application" or "plan". */
let tab = "application";
const DRAFT_KEY = "fundcheck-demo-draft";
const form = document.getElementById("application");
const asOfInput = document.getElementById("as-of");
/** The allocation plan: its form, its last check and its own 检查全部. */
const plan = { form: document.getElementById("allocation"), last: null, showAll: false };
const finalBox = document.getElementById("plan-final");
/** The options every call gives the core for the current pack. */
const packOption = () => (bundle === null ? {} : { pack: bundle });
const t = (key, ...args) => {
  const entry = UI[lang][key] ?? key;
  return typeof entry === "function" ? entry(...args) : entry;
};
const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "text") node.textContent = v;
    else node.setAttribute(k, v === true ? "" : v);
  }
  node.append(...children);
  return node;
};

// ── JSON Pointers ─────────────────────────────────────────────────────────────────────

const segments = (pointer) => (pointer === "" ? [] : pointer.slice(1).split("/").map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~")));
const pointer = (segs) => segs.map((s) => `/${String(s).replace(/~/g, "~0").replace(/\//g, "~1")}`).join("");
const isIndex = (s) => /^(0|[1-9][0-9]*)$/.test(s);
/** `path` is `base` or inside it. */
const within = (path, base) => path === base || path.startsWith(`${base}/`);

function setAt(doc, path, value) {
  const segs = segments(path);
  let node = doc;
  segs.forEach((seg, i) => {
    if (i === segs.length - 1) {
      node[seg] = value;
      return;
    }
    if (node[seg] === null || typeof node[seg] !== "object") node[seg] = isIndex(segs[i + 1]) ? [] : {};
    node = node[seg];
  });
}

function getAt(doc, path) {
  let node = doc;
  for (const seg of segments(path)) {
    if (node === null || typeof node !== "object") return undefined;
    node = node[seg];
  }
  return node;
}

// ── Reading the form ──────────────────────────────────────────────────────────────────

/**
 * An input's value as the document holds it: empty is null; anything else is kept as typed
 * (`1,200,000.00`, `２０２０年６月３０日`): the core, not this page, decides what it means.
 */
function valueOf(input) {
  const raw = input.value.trim();
  if (raw === "") return null;
  switch (input.dataset.type) {
    case "bool":
      return raw === "true";
    case "count":
    case "year":
      return /^[0-9]+$/.test(raw) ? Number(raw) : raw;
    case "quantity":
      return /^[0-9]+(\.[0-9]+)?$/.test(raw) ? Number(raw) : raw;
    case "texts":
      return raw.split(/[,，、]/).map((s) => s.trim()).filter(Boolean);
    default:
      return raw;
  }
}

function readForm() {
  const doc = { kind: "application" };
  for (const input of form.querySelectorAll("input[data-path], select[data-path]")) {
    setAt(doc, input.dataset.path, valueOf(input));
  }
  if (doc.category) {
    doc.documents = [...form.querySelectorAll("#documents input[type=checkbox]:checked")].map((c) => c.value);
  }
  return doc;
}

/** Anything entered that 清空, 载入示例, import or a draft would overwrite. */
function hasContent() {
  if (asOfInput.value.trim() !== "") return true;
  for (const input of form.querySelectorAll("input[data-path], select[data-path]")) {
    if (input.value.trim() !== "") return true;
  }
  return form.querySelector("#documents input:checked, table.rows tbody tr") !== null;
}

// ── Touched fields ────────────────────────────────────────────────────────────────────
//
// A field's results are shown once it was edited or left, so a fresh form is not a page of
// red. The mark is on the element (`data-touched`), so it follows a row when rows renumber;
// a block (the checklist, a table) is touched when one of its boxes is ticked or a row is
// added or removed. A message is shown when its path is touched or holds a touched field.

const touch = (node) => {
  if (node?.dataset) node.dataset.touched = "true";
};
const touchedPaths = (root = form) => [...root.querySelectorAll("[data-touched]")].map((n) => n.dataset.path).filter((p) => p !== undefined);
function retouch(paths, root = form) {
  for (const path of paths) touch(root.querySelector(`[data-path="${CSS.escape(path)}"]`));
}
function untouchAll(root = form) {
  for (const node of root.querySelectorAll("[data-touched]")) delete node.dataset.touched;
}
/** After a document was put into the form (or the plan): what it filled in counts as entered. */
function touchFilled(root = form) {
  for (const input of root.querySelectorAll("input[data-path], select[data-path]")) {
    if (input.value.trim() !== "") touch(input);
  }
  if (root.querySelector("#documents input:checked")) touch(document.getElementById("documents"));
  for (const body of root.querySelectorAll("table.rows tbody")) {
    if (body.rows.length > 0) touch(body.closest("table").parentElement.closest("[data-path]"));
  }
}
const visibleAt = (path, touched, all = showAll) => all || touched.some((p) => within(p, path));

// ── Building the form ─────────────────────────────────────────────────────────────────

const calendarIcon = '<svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">'
  + '<rect x="1.5" y="3" width="13" height="11.5" rx="1.5" fill="none" stroke="currentColor" stroke-width="1.3"/>'
  + '<path d="M1.5 6.5h13M5 1.5v3M11 1.5v3" stroke="currentColor" stroke-width="1.3" fill="none"/>'
  + '<path d="M4 9h2v2H4zM7 9h2v2H7zM10 9h2v2h-2z" fill="currentColor"/></svg>';

/**
 * A date is typed as text (in any form the core reads); the button beside it opens the
 * browser's calendar (an `<input type="date">`), which writes YYYY-MM-DD into the text field.
 */
function withPicker(input) {
  const box = el("span", { class: "date-box" });
  if (input.parentNode) input.replaceWith(box);
  input.type = "text";
  input.dataset.ph = "datePh";
  input.placeholder = t("datePh");
  input.title = t("dateHint");
  const picker = el("input", { type: "date", class: "picker", tabindex: "-1", "aria-hidden": "true" });
  const button = el("button", { type: "button", class: "pick", title: t("pickDate"), "aria-label": t("pickDate") });
  button.innerHTML = calendarIcon;
  button.addEventListener("click", () => {
    const typed = input.value.trim();
    picker.value = /^\d{4}-\d{2}-\d{2}$/.test(typed) ? typed : "";
    try {
      picker.showPicker();
    } catch {
      picker.focus();
      picker.click();
    }
  });
  // The calendar's own events are not the form's: the text field is the one that changed.
  picker.addEventListener("input", (event) => event.stopPropagation());
  picker.addEventListener("change", (event) => {
    event.stopPropagation();
    if (!picker.value) return;
    input.value = picker.value;
    touch(input);
    input.dispatchEvent(new Event("input", { bubbles: true }));
    input.dispatchEvent(new Event("change", { bubbles: true }));
  });
  box.append(input, button, picker);
  return box;
}

const placeholderKey = (type) => ({ date: "datePh", money: "amountPh", texts: "photosPh", year: "yearPh" })[type] ?? null;

function field(path, type, value, { label, select, hint, list } = {}) {
  let input;
  let control;
  if (select) {
    input = el("select", { "data-path": path, "data-type": type });
    input.append(el("option", { value: "", text: t("choose") }), ...select.map(([v, text]) => el("option", { value: v, text })));
    input.value = value ?? "";
    control = input;
  } else {
    const mode = type === "quantity" ? "decimal" : type === "count" || type === "year" ? "numeric" : null;
    const ph = placeholderKey(type);
    input = el("input", { type: "text", "data-path": path, "data-type": type, inputmode: mode, "data-ph": ph, placeholder: ph ? t(ph) : null, title: hint ?? null, list: list ?? null });
    input.value = value === null || value === undefined ? "" : Array.isArray(value) ? value.join(", ") : String(value);
    control = input;
    if (type === "date") control = withPicker(input);
  }
  const msgs = el("div", { class: "msgs", "data-for": path });
  return label ? el("label", { class: "field" }, el("span", { class: "label", text: label }), control, msgs) : el("div", { class: "cell" }, control, msgs);
}

const boolOptions = () => [["true", t("yes")], ["false", t("no")]];
const termOptions = (terms) => terms.map((term) => [term.id, term.label[lang]]);

function fillSelects() {
  const category = document.getElementById("category");
  const current = category.value;
  category.replaceChildren(el("option", { value: "", text: t("choose") }),
    ...info.categories.map((c) => el("option", { value: c.id, text: `${c.label[lang]}（${c.clause}）` })));
  category.value = current;
  for (const select of form.querySelectorAll("select[data-type=bool], select[data-vocab]")) {
    const value = select.value;
    const options = select.dataset.vocab ? termOptions(info[select.dataset.vocab]) : boolOptions();
    select.replaceChildren(el("option", { value: "", text: t("choose") }), ...options.map(([v, text]) => el("option", { value: v, text })));
    select.value = value;
  }
}

/** A clause code that shows the law's words on hover, focus or tap (see the popover below). */
const clauseButton = (clause, rule) => el("button", { type: "button", class: "clause", "data-rule": rule, "aria-expanded": "false", text: clause });

/** The materials checklist of the chosen category, read from the pack. */
function renderDocuments(checked) {
  const box = document.getElementById("documents");
  const category = document.getElementById("category").value;
  const req = category ? requirements(category, bundle) : null;
  document.getElementById("materials-clause").replaceChildren(...(req ? [clauseButton(req.clause, req.rule)] : []));
  if (!req) {
    box.replaceChildren(el("p", { class: "hint", text: t(category ? "noRequirements" : "chooseCategoryFirst") }));
    return;
  }
  const ticked = new Set(checked ?? []);
  box.replaceChildren(...req.documents.map((d, i) => el("label", { class: "check", "data-document": d.id },
    el("input", { type: "checkbox", value: d.id, checked: ticked.has(d.id) }),
    el("span", { class: "n", text: `${i + 1}.` }),
    el("span", { text: d.label ? d.label[lang] : d.id }),
    el("code", { text: d.id }))));
}

/** The structured sections the category requires (outlets, profiles, …), with their values. */
function renderSections(doc) {
  const host = document.getElementById("sections");
  const category = document.getElementById("category").value;
  const req = category ? requirements(category, bundle) : null;
  host.replaceChildren();
  if (!req) return;
  const block = el("section", { class: "block" },
    el("h2", {}, el("span", { class: "num", text: t("s4num") }), el("span", { text: t("s4") })));
  if (req.sections.length === 0) block.append(el("p", { class: "hint", text: t("noSections") }));
  for (const section of req.sections) {
    const title = section.label ? section.label[lang] : section.name;
    const path = `/${section.name}`;
    const sub = el("div", { class: "subsection", "data-path": path },
      el("h3", { text: title }), el("div", { class: "msgs", "data-for": path }));
    if (section.many) sub.append(...table(section, getAt(doc, path)));
    else {
      const grid = el("div", { class: "grid" });
      for (const f of section.fields) grid.append(field(`${path}/${f.name}`, f.type, getAt(doc, `${path}/${f.name}`), { label: f.label[lang], ...cellOptions(f) }));
      sub.append(grid);
    }
    block.append(sub);
  }
  host.append(block);
}

function cellOptions(f) {
  if (f.type === "outlet_level") return { select: termOptions(info.outlet_levels) };
  if (f.type === "texts") return { hint: t("photosHint") };
  if (f.type === "bool") return { select: boolOptions() };
  if (f.list) return { list: f.list };
  return {};
}

/** The block a table belongs to (`/outlets`, `/payments`), which adding or removing a row touches. */
const blockOf = (body) => body.closest("table").parentElement.closest("[data-path]");

/** A table with one row per record and add/remove buttons. */
function table(section, rows) {
  const name = section.name;
  const head = el("tr", {}, el("th", { class: "idx", text: "#" }),
    ...section.fields.map((f) => el("th", { text: f.label[lang], class: f.required_when ? "conditional" : null })), el("th"));
  const body = el("tbody");
  const stacked = section.fields.length > 4 ? " stacked" : "";
  const tableEl = el("table", { class: `rows${stacked}`, "data-section": name }, el("thead", {}, head), body);
  for (const record of Array.isArray(rows) ? rows : []) body.append(row(section, record));
  const add = el("button", { type: "button", class: "add", text: t("addRow") });
  add.addEventListener("click", () => {
    body.append(row(section, {}));
    renumber(body, `/${name}`);
    touch(blockOf(body));
    validate();
  });
  renumber(body, `/${name}`);
  return [el("div", { class: "table-wrap" }, tableEl), add];
}

/** A row of a table; `after` checks the sheet again once it was removed. */
function row(section, record, after = validate) {
  const tr = el("tr", {}, el("td", { class: "idx" }));
  for (const f of section.fields) {
    const td = el("td", { "data-field": f.name, "data-label": f.label[lang], class: f.type === "texts" ? "wide" : f.optional ? "optional" : null });
    td.append(field(`/${section.name}/0/${f.name}`, f.type, record?.[f.name], cellOptions(f)));
    tr.append(td);
  }
  const remove = el("button", { type: "button", class: "remove", text: t("removeRow"), "aria-label": t("removeRow") });
  remove.addEventListener("click", () => {
    const body = tr.parentElement;
    tr.remove();
    renumber(body, `/${section.name}`);
    touch(blockOf(body));
    after();
  });
  tr.append(el("td", { class: "actions" }, remove, el("div", { class: "msgs", "data-for": "" })));
  return tr;
}

/** Rewrites the pointers of a table's rows after a row was added or removed. */
function renumber(body, base) {
  [...body.rows].forEach((tr, i) => {
    tr.dataset.path = `${base}/${i}`;
    tr.cells[0].textContent = String(i + 1);
    for (const node of tr.querySelectorAll("[data-path], .msgs")) {
      if (node === tr) continue;
      const key = node.matches(".msgs") ? "for" : "path";
      const fieldName = node.closest("td")?.dataset.field;
      node.dataset[key] = fieldName ? `${base}/${i}/${fieldName}` : `${base}/${i}`;
    }
  });
}

const paymentSection = () => ({
  name: "payments",
  fields: [{ name: "date", type: "date", label: { zh: t("payDate"), en: t("payDate") } }, { name: "amount", type: "money", label: { zh: t("payAmount"), en: t("payAmount") } }],
});

function renderPayments(payments) {
  const body = document.querySelector("#payments tbody");
  body.replaceChildren(...(Array.isArray(payments) ? payments : []).map((p) => row(paymentSection(), p)));
  renumber(body, "/payments");
}

/**
 * One date field for each step of the pack's history that the form does not have already (呼玛's
 * `/process/leading_group_approval`), labelled with the step and who takes it. Every step of the
 * embedded pack is a field of the form, so it adds none.
 */
function renderSteps(doc) {
  const host = document.getElementById("pack-steps");
  host.replaceChildren();
  for (const step of info.steps) {
    if (form.querySelector(`[data-path="${CSS.escape(step.field)}"]`)) continue;
    const label = el("span", { class: "label" }, step.label[lang]);
    if (step.actor) label.append(el("span", { class: "actor", text: ` — ${step.actor[lang]}` }));
    const input = el("input", { type: "text", "data-path": step.field, "data-type": "date" });
    const value = getAt(doc, step.field);
    input.value = typeof value === "string" ? value : "";
    host.append(el("label", { class: "field", "data-step": step.id }, label, withPicker(input), el("div", { class: "msgs", "data-for": step.field })));
  }
}

/** Re-renders the parts that depend on the category, the language or the pack, keeping what was touched. */
function rerender(doc) {
  const touched = touchedPaths();
  renderDocuments(doc.documents);
  renderSections(doc);
  renderPayments(doc.payments);
  renderSteps(doc);
  retouch(touched);
}

/** Puts a document's values into the form, as if the clerk had typed them. */
function fillForm(doc) {
  untouchAll();
  showAll = false;
  const category = document.getElementById("category");
  category.value = doc.category ?? "";
  for (const input of form.querySelectorAll(":scope > section input[data-path], :scope > section select[data-path]")) {
    if (input.closest("#payments") || input === category) continue;
    const value = getAt(doc, input.dataset.path);
    input.value = value === null || value === undefined || typeof value === "object" ? "" : String(value);
  }
  renderDocuments(doc.documents);
  renderSections(doc);
  renderPayments(doc.payments);
  touchFilled();
}

// ── The allocation plan ───────────────────────────────────────────────────────────────
//
// A table of budget lines with the columns the pack reads: `line_fields` (every line has them),
// then `optional_line_fields` (marked optional). Category, source and sub-category offer the
// pack's terms (a datalist); whatever is typed goes to the core as typed (it reads ids, labels
// and aliases). Its results are shown as the form's are: beside the cell a path points to, the
// plan's own (`/lines`) above the table, what no cell shows in the summary panel.

const planBody = document.querySelector("#plan-lines tbody");
const LINE_TYPES = { amount: "money", investment: "money", upward: "bool", year: "year" };
const LINE_TERMS = { category: "categories", source: "sources", subcategory: "subcategories" };
const emptyPlan = () => ({ kind: "allocation", final: false, lines: [] });

/**
 * What `pack()` does not list: a bundle's labels of the line fields (`[fields]`) and of the
 * figures (`[report.labels]`). The embedded pack has none here: the page's words are used.
 */
function bundleLabels(text) {
  try {
    const data = JSON.parse(text).pack ?? {};
    return { fields: data.fields ?? {}, figures: data.report?.labels ?? {} };
  } catch {
    return { fields: {}, figures: {} };
  }
}
let labels = { fields: {}, figures: {} };

/** A column's name: the page's words for the six every line has; an optional one's the pack's own when it names it (横县's `unit` is 服务站点). */
const lineLabel = (name, optional) => Object.fromEntries(["zh", "en"].map((l) =>
  [l, (optional ? labels.fields[name]?.[l] : null) ?? UI[l][`line_${name}`] ?? name]));

/** The plan's columns under the current pack, as a section of `row()`. */
function lineSection() {
  const optional = new Set(info.optional_line_fields);
  return {
    name: "lines",
    fields: [...info.line_fields, ...info.optional_line_fields].map((name) => ({
      name,
      type: LINE_TYPES[name] ?? "text",
      label: lineLabel(name, optional.has(name)),
      optional: optional.has(name),
      list: LINE_TERMS[name] ? `plan-list-${name}` : null,
    })),
  };
}

/** Builds the table's head, the term lists and a row per line of `doc`. */
function buildPlan(doc) {
  const section = lineSection();
  document.querySelector("#plan-lines thead").replaceChildren(el("tr", {}, el("th", { class: "idx", text: "#" }),
    ...section.fields.map((f) => el("th", { "data-field": f.name, class: f.optional ? "optional" : null }, f.label[lang],
      ...(f.optional ? [" ", el("span", { class: "opt", text: t("optional") })] : []))),
    el("th")));
  document.getElementById("plan-lists").replaceChildren(...Object.entries(LINE_TERMS).map(([name, vocab]) =>
    el("datalist", { id: `plan-list-${name}` }, ...info[vocab].map((term) => el("option", { value: term.id, label: term.label[lang] })))));
  planBody.replaceChildren(...(Array.isArray(doc.lines) ? doc.lines : []).map((line) => row(section, line, validatePlan)));
  renumber(planBody, "/lines");
  finalBox.checked = doc.final === true;
}

function readPlan() {
  const doc = { kind: "allocation", final: finalBox.checked, lines: [] };
  for (const input of planBody.querySelectorAll("input[data-path], select[data-path]")) setAt(doc, input.dataset.path, valueOf(input));
  return doc;
}

const hasPlanContent = () => planBody.rows.length > 0 || finalBox.checked;

/** Re-renders the plan for the language or the pack, keeping what was touched. */
function rerenderPlan(doc) {
  const touched = touchedPaths(plan.form);
  buildPlan(doc);
  retouch(touched, plan.form);
}

/** Puts an allocation document into the plan, as if the clerk had typed it. */
function fillPlan(doc) {
  untouchAll(plan.form);
  plan.showAll = false;
  buildPlan(doc);
  touchFilled(plan.form);
  if (finalBox.checked) touch(finalBox.closest("[data-path]"));
}

// ── Checking and showing ──────────────────────────────────────────────────────────────

/**
 * The report of a document with input errors: the erroneous fields nulled (a record whose
 * required field is wrong is left out), so the rest of the form keeps its findings. Paths of
 * the findings are mapped back to the rows of the form. Null when nothing can be checked.
 */
function salvage(doc, options) {
  const copy = structuredClone(doc);
  const kept = new Map(); // array pointer → original index of each remaining element
  const original = (path) => {
    const segs = segments(path);
    const list = kept.get(pointer(segs.slice(0, 1)));
    if (list && segs.length > 1 && isIndex(segs[1])) segs[1] = String(list[Number(segs[1])]);
    return pointer(segs);
  };
  const seen = new Set();
  for (let round = 0; round < 8; round++) {
    let errors;
    try {
      return { report: check(copy, options), original };
    } catch (error) {
      if (error.name !== "InputError") throw error;
      errors = error.errors;
    }
    const removals = [];
    for (const e of errors) {
      const segs = segments(e.path);
      if (segs.length === 0 || segs[0] === "kind" || segs[0] === "category") return null;
      if (segs[0] === "id") {
        copy.id = "(draft)";
        continue;
      }
      const inRecord = segs.length >= 3 && isIndex(segs[1]) && Array.isArray(copy[segs[0]]);
      if (inRecord && (e.code === "input.missing" || seen.has(e.path))) removals.push([segs[0], Number(segs[1])]);
      else if (seen.has(e.path) && segs.length > 1) setAt(copy, pointer(segs.slice(0, -1)), null);
      else setAt(copy, e.path, null);
      seen.add(e.path);
    }
    removals.sort((a, b) => b[1] - a[1]);
    for (const [name, index] of removals) {
      const list = kept.get(`/${name}`) ?? copy[name].map((_, i) => i);
      if (index >= list.length) continue;
      list.splice(index, 1);
      copy[name].splice(index, 1);
      kept.set(`/${name}`, list);
    }
  }
  return null;
}

/** The messages box for a path in `root`: its own, else the nearest enclosing one, else the summary. */
function boxFor(path, root = form) {
  let segs = segments(path);
  while (segs.length > 0) {
    const box = root.querySelector(`.msgs[data-for="${CSS.escape(pointer(segs))}"]`);
    if (box) return box;
    segs = segs.slice(0, -1);
  }
  return document.getElementById("summary");
}

const rank = { error: 3, warning: 2, info: 1 };

/**
 * What to show: the input errors, then the findings, in report order. A finding inside a field
 * that has an input error is left out (that field was left out of the check, so "not filled
 * in" would be wrong beside it), and the findings that name one missing document
 * (`facts.document`) are one item, with every clause they cite.
 */
function itemsOf(report, errors, original) {
  const items = errors.map((e) => ({ input: true, path: e.path, code: e.code, message: e.message }));
  const mistyped = errors.map((e) => e.path);
  const byDocument = new Map();
  for (const f of report?.findings ?? []) {
    const path = original ? original(f.path) : f.path;
    if (mistyped.some((p) => within(path, p))) continue;
    const documentId = typeof f.facts?.document === "string" ? f.facts.document : null;
    const cited = { clause: f.clause, rule: f.rule };
    const same = documentId === null ? null : byDocument.get(documentId);
    if (same) {
      if (!same.clauses.some((c) => c.clause === cited.clause && c.rule === cited.rule)) same.clauses.push(cited);
      if (rank[f.severity] > rank[same.severity]) same.severity = f.severity;
      continue;
    }
    const item = { input: false, path, rule: f.rule, severity: f.severity, message: f.message, document: documentId, clauses: [cited] };
    if (documentId !== null) byDocument.set(documentId, item);
    items.push(item);
  }
  return items;
}

/** Where an open popover's clause is, to find it again after the messages are rebuilt. */
function popPlace() {
  if (!popFor) return null;
  return { rule: popFor.dataset.rule, text: popFor.textContent, at: popFor.closest(".msg")?.dataset.at ?? null, focused: document.activeElement === popFor, pinned };
}

function reopenPop(place) {
  if (!place || (popFor && popFor.isConnected)) return;
  popFor = null;
  pinned = false;
  const again = [...document.querySelectorAll("button.clause")].find((b) => b.dataset.rule === place.rule && b.textContent === place.text
    && (b.closest(".msg")?.dataset.at ?? null) === place.at);
  if (!again) {
    closePop();
    return;
  }
  openPop(again, place.pinned);
  if (place.focused) again.focus({ preventScroll: true });
}

let rebuilding = false;

/** Redraws a sheet's results, keeping an open clause popover open. */
function redraw(draw) {
  const place = popPlace();
  rebuilding = true;
  try {
    draw();
  } finally {
    rebuilding = false;
  }
  reopenPop(place);
}

/** The application's results, when it is on screen. */
function show() {
  if (last && tab === "application") redraw(render);
}

/** The plan's results, when it is on screen. */
function showPlan() {
  if (plan.last && tab === "plan") redraw(renderPlan);
}

/**
 * Puts each item beside the field its path points to in `root` (else the summary panel) and
 * marks the field; an item no touched field leads to is counted, not shown (unless `all`).
 */
function placeMessages(root, items, all) {
  const summary = document.getElementById("summary");
  for (const box of root.querySelectorAll(".msgs")) box.replaceChildren();
  summary.replaceChildren();
  for (const node of root.querySelectorAll(".sev-error, .sev-warning, .sev-info, .sev-input, .missing")) {
    node.classList.remove("sev-error", "sev-warning", "sev-info", "sev-input", "missing");
  }
  const mark = (path, cls) => root.querySelector(`[data-path="${CSS.escape(path)}"]`)?.classList.add(cls);
  const add = (path, item, cls) => {
    const box = boxFor(path, root);
    box.append(box.tagName === "UL" ? el("li", { class: item.className, "data-rule": item.dataset.rule ?? null, "data-code": item.dataset.code ?? null, "data-at": item.dataset.at ?? null }, ...item.childNodes) : item);
    mark(path, cls);
  };
  const touched = touchedPaths(root);
  let hidden = 0;
  let inputShown = 0;
  for (const it of items) {
    if (!visibleAt(it.path, touched, all)) {
      hidden++;
      continue;
    }
    if (it.input) {
      inputShown++;
      const item = el("p", { class: "msg input", "data-code": it.code },
        el("span", { class: "tag", text: t("inputError") }), el("span", { class: "text", text: it.message }));
      item.dataset.at = it.path;
      add(it.path, item, "sev-input");
      continue;
    }
    const item = el("p", { class: `msg ${it.severity}`, "data-rule": it.rule, "data-document": it.document },
      el("span", { class: "text", text: it.message }),
      el("span", { class: "clauses" }, ...it.clauses.map((c) => clauseButton(c.clause, c.rule))));
    item.dataset.at = it.path;
    add(it.path, item, `sev-${it.severity}`);
    if (it.document !== null) {
      root.querySelector(`#documents .check[data-document="${CSS.escape(it.document)}"]`)?.classList.add("missing", `sev-${it.severity}`);
    }
  }
  return { touched, hidden, inputShown };
}

/** A message that is not beside a field (a bad option, a failed check), in a box. */
function addNote(box, code, message) {
  const item = el("p", { class: "msg input", "data-code": code },
    el("span", { class: "tag", text: t("inputError") }), el("span", { class: "text", text: message }));
  box.append(box.tagName === "UL" ? el("li", { class: item.className }, ...item.childNodes) : item);
}

function render() {
  const { report, errors, original, optionError } = last;
  const { touched, hidden, inputShown } = placeMessages(form, itemsOf(report, errors, original), showAll);
  const asOfBox = form.querySelector('.msgs[data-for="option:asOf"]');
  asOfInput.classList.remove("sev-input");
  if (optionError) {
    const box = optionError.path === "/asOf" || optionError.path === "/as_of" ? asOfBox : document.getElementById("summary");
    addNote(box, optionError.code, optionError.message);
    if (box === asOfBox) asOfInput.classList.add("sev-input");
  }
  if (inputShown > 0) {
    const note = el("li", { class: "msg note", text: report ? t("partial") : t("blocked") });
    document.getElementById("summary").prepend(note);
  }
  for (const input of form.querySelectorAll("input[data-path], select[data-path], #as-of")) {
    input.classList.toggle("is-empty", input.value.trim() === "");
  }
  showVerdict(report, errors, { started: showAll || touched.length > 0, hidden });
  showFigures(report?.figures ?? {}, form);
}

function renderPlan() {
  const { report, errors, original, failure } = plan.last;
  const { touched, hidden, inputShown } = placeMessages(plan.form, itemsOf(report, errors, original), plan.showAll);
  const summary = document.getElementById("summary");
  if (failure) addNote(summary, failure.code, failure.message);
  if (inputShown > 0) summary.prepend(el("li", { class: "msg note", text: report ? t("partial") : t("blocked") }));
  for (const input of plan.form.querySelectorAll("input[data-path], select[data-path]")) {
    input.classList.toggle("is-empty", input.value.trim() === "");
  }
  document.getElementById("plan-empty").hidden = planBody.rows.length > 0;
  showVerdict(report, errors, { started: plan.showAll || touched.length > 0, hidden });
  showFigures(report?.figures ?? {}, plan.form);
}

function showVerdict(report, errors, { started, hidden }) {
  const state = document.getElementById("verdict-state");
  const verdict = document.getElementById("verdict");
  const note = document.getElementById("verdict-note");
  const counts = report?.counts ?? { error: 0, warning: 0, info: 0 };
  verdict.className = "verdict";
  if (!started) {
    // Nothing entered yet: no verdict on a blank form.
    state.textContent = "—";
    for (const id of ["counts", "verdict-applicant", "verdict-administration"]) document.getElementById(id).textContent = "";
    note.textContent = t("untouched");
    return;
  }
  if (errors.length > 0) {
    verdict.classList.add("input");
    state.textContent = t("stateInput", errors.length);
  } else if (counts.error > 0) {
    verdict.classList.add("error");
    state.textContent = t("stateErrors", counts.error);
  } else {
    verdict.classList.add("ok");
    state.textContent = t("stateOk");
  }
  document.getElementById("counts").textContent = report ? t("counts", counts) : "";
  // Whose obligation (lifecycle.md): the applicant's standing and the administration's record.
  // A plan is the administration's alone: its counts say it.
  const application = report?.kind === "application";
  const errorsOf = (owner) => (report?.findings ?? []).filter((f) => f.severity === "error" && f.owner === owner).length;
  document.getElementById("verdict-applicant").textContent = application ? t("applicantLine", errorsOf("applicant")) : "";
  document.getElementById("verdict-administration").textContent = application ? t("administrationLine", errorsOf("administration")) : "";
  note.textContent = hidden > 0 ? t("hiddenCount", hidden) : "";
}

const money = (text) => {
  const [whole, fen] = text.split(".");
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}.${fen}`;
};

function figureText(name, value) {
  if (name === "phase") return info.phases.find((p) => p.id === value)?.label[lang] ?? value;
  if (name === "outcome") return t(`outcome_${value}`);
  if (typeof value === "string" && /^-?\d+\.\d{2}$/.test(value)) return `${money(value)} ${t("yuan")}`;
  if (typeof value === "string" && /_share$/.test(name) && /^\d+(\.\d+)?$/.test(value)) {
    return `${(Number(value) * 100).toFixed(2).replace(/\.?0+$/, "")}%`;
  }
  return String(value);
}

/** A figure's name: the bundle's label for it, else the page's, else its id. */
const figureLabel = (name) => labels.figures[name]?.[lang] ?? UI[lang][`fig_${name}`] ?? name;

/** The figures in the side panel, and in the outputs of the sheet (`data-figure`). */
function showFigures(figures, root) {
  for (const out of root.querySelectorAll("[data-figure]")) {
    const value = figures[out.dataset.figure];
    out.textContent = value === undefined ? "—" : figureText(out.dataset.figure, value);
  }
  const list = document.getElementById("figures");
  const entries = Object.entries(figures);
  list.replaceChildren(...entries.map(([name, value]) => el("div", { "data-name": name },
    el("dt", { text: figureLabel(name) }), el("dd", { text: figureText(name, value) }))));
  if (entries.length === 0) list.append(el("div", {}, el("dt", { text: t("noFigures") })));
}

/** Checks the document; an input error keeps the rest checked (salvage), a bad option is shown beside it. */
function run(doc, options) {
  try {
    return { report: check(doc, options), errors: [], original: null };
  } catch (error) {
    if (error.name !== "InputError") throw error;
    const salvaged = salvage(doc, options);
    return { report: salvaged?.report ?? null, errors: error.errors, original: salvaged?.original ?? null };
  }
}

function validate() {
  const doc = readForm();
  const asOf = asOfInput.value.trim() || null;
  let result;
  let optionError = null;
  try {
    result = run(doc, { lang, asOf, ...packOption() });
  } catch (error) {
    // ArgumentError (a mistyped evaluation date), CalendarError: said beside the date, and
    // the form is checked without it.
    optionError = { code: error.code ?? "internal", path: error.path ?? "", message: error.message };
    try {
      result = asOf === null ? { report: null, errors: [], original: null } : run(doc, { lang, ...packOption() });
    } catch (again) {
      result = { report: null, errors: [], original: null };
      if (asOf !== null) optionError = { code: again.code ?? "internal", path: again.path ?? "", message: again.message };
    }
  }
  last = { doc, ...result, optionError };
  window.lastCheck = last;
  show();
  return result;
}

function validatePlan() {
  const doc = readPlan();
  let result;
  try {
    result = run(doc, { lang, ...packOption() });
  } catch (error) {
    result = { report: null, errors: [], original: null, failure: { code: error.code ?? "internal", message: error.message } };
  }
  plan.last = { doc, ...result };
  window.lastPlanCheck = plan.last;
  showPlan();
}

// Showing a field's results when it is left moves what is below it; while a button is being
// pressed, that waits until its click is done, so the click lands where it was aimed.
let pointerDown = false;
let pending = null;
document.addEventListener("pointerdown", () => { pointerDown = true; }, true);
const pointerEnd = () => setTimeout(() => {
  pointerDown = false;
  if (pending) {
    const draw = pending;
    pending = null;
    draw();
  }
}, 0);
document.addEventListener("pointerup", pointerEnd, true);
document.addEventListener("pointercancel", pointerEnd, true);
function showSoon(draw = show) {
  if (pointerDown) pending = draw;
  else draw();
}

// ── Clause popover ────────────────────────────────────────────────────────────────────
//
// Every clause code (`FM 三`, `PM 二(六)`) is a button; hovering, focusing or tapping it shows
// the policy's own words for the rule that cites it (`rules()`: clause_text), with the rule's
// summary and the reading it takes. Escape or a second tap closes it.

const pop = document.getElementById("clause-pop");
let popFor = null;
let pinned = false;

function openPop(button, pin = false) {
  const rule = catalogue.get(button.dataset.rule);
  if (popFor && popFor !== button) closePop();
  pop.replaceChildren(
    el("p", { class: "pop-head" }, el("strong", { text: button.textContent }), ` · ${info.title[lang]}`),
    el("blockquote", { lang: "zh-CN", text: rule?.clause_text ?? "—" }),
  );
  if (rule) pop.append(el("p", { class: "pop-rule" }, el("span", { class: "pop-label", text: `${t("ruleLabel")} ` }), el("code", { text: rule.id }), `：${rule.summary[lang]}`));
  if (rule?.reading) pop.append(el("p", { class: "pop-reading", text: `${t("readingLabel")}${rule.reading[lang]}` }));
  pop.hidden = false;
  popFor = button;
  pinned = pin || pinned;
  button.setAttribute("aria-expanded", "true");
  button.setAttribute("aria-describedby", "clause-pop");
  const r = button.getBoundingClientRect();
  const width = Math.min(420, document.documentElement.clientWidth - 16);
  pop.style.maxWidth = `${width}px`;
  const left = Math.max(8, Math.min(r.left, document.documentElement.clientWidth - width - 8));
  pop.style.left = `${left + window.scrollX}px`;
  pop.style.top = `${r.bottom + window.scrollY + 6}px`;
}

function closePop() {
  if (popFor) {
    popFor.setAttribute("aria-expanded", "false");
    popFor.removeAttribute("aria-describedby");
  }
  pop.hidden = true;
  popFor = null;
  pinned = false;
}

const clauseOf = (target) => (target instanceof Element ? target.closest("button.clause") : null);
document.addEventListener("mouseover", (event) => {
  const button = clauseOf(event.target);
  if (button && button !== popFor && !pinned) openPop(button);
});
document.addEventListener("mouseout", (event) => {
  const button = clauseOf(event.target);
  if (button && button === popFor && !pinned && !button.contains(event.relatedTarget) && document.activeElement !== button) closePop();
});
document.addEventListener("focusin", (event) => {
  const button = clauseOf(event.target);
  if (button) openPop(button);
});
document.addEventListener("focusout", (event) => {
  if (rebuilding) return;
  const button = clauseOf(event.target);
  if (button && button === popFor && !pop.contains(event.relatedTarget)) closePop();
});
document.addEventListener("click", (event) => {
  const button = clauseOf(event.target);
  if (button) {
    event.preventDefault();
    if (button === popFor && pinned) closePop();
    else openPop(button, true);
  } else if (popFor && !pop.contains(event.target)) closePop();
});
document.addEventListener("keydown", (event) => {
  // Closes it; the focus stays where it was.
  if (event.key === "Escape" && popFor) closePop();
});

// ── Language ──────────────────────────────────────────────────────────────────────────

function setLanguage(next) {
  const doc = readForm();
  const lines = readPlan();
  lang = next;
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  for (const button of document.querySelectorAll("[data-lang]")) button.setAttribute("aria-pressed", String(button.dataset.lang === lang));
  showHead();
  showPackBar();
  fillSelects();
  rerender(doc);
  rerenderPlan(lines);
  for (const node of document.querySelectorAll("[data-ph]")) node.placeholder = t(node.dataset.ph);
  for (const node of document.querySelectorAll(".date-box > input[type=text]")) node.title = t("dateHint");
  for (const node of document.querySelectorAll("button.pick")) {
    node.title = t("pickDate");
    node.setAttribute("aria-label", t("pickDate"));
  }
  showDraftBar();
  closePop();
  validate();
  validatePlan();
}

// ── The pack and the sheets ───────────────────────────────────────────────────────────

const loadExample = document.getElementById("load-example");
let exampleFound = true;

/** The masthead: Yanshi's office and title under the embedded pack, the pack's own title under another; the sheet's name. */
function showHead() {
  const embedded = bundle === null;
  const issuer = document.getElementById("issuer");
  issuer.textContent = embedded ? t("issuer") : "";
  issuer.hidden = !embedded;
  const title = embedded ? t("title") : info.title[lang];
  const sheet = tab === "plan" ? t("tabPlan") : t("titleForm");
  document.getElementById("title").textContent = title;
  document.getElementById("title-form").textContent = sheet;
  document.title = `${title} ${sheet}`;
  document.getElementById("pack-source").textContent = info.source[lang];
  document.getElementById("pack-stamp").textContent = `${info.id} · ${info.digest.slice(0, 15)}…`;
  document.getElementById("engine").textContent = t("engine", info);
  // The example is a Yanshi application.
  loadExample.hidden = !exampleFound || !embedded || tab !== "application";
}

/** The pack chooser, and what the current pack says of itself: id, version, days in force, bases, provenance. */
function showPackBar() {
  const choice = document.getElementById("pack-choice");
  choice.replaceChildren(...packs.map((p, i) => el("option", { value: String(i),
    text: p.bundle === null ? t("packEmbedded", p.info) : t("packFromFile", p.info, p.name) })));
  choice.value = String(packs.findIndex((p) => p.info === info));
  const part = (name, text) => el("span", { "data-pack": name, text });
  const parts = [part("id", info.id), ` · ${t("packVersion")} `, part("version", info.version)];
  if (info.effective) parts.push(" · ", part("effective", t("packEffective", info.effective)));
  if (info.bases.length > 0) parts.push(` · ${t("packBases")} `, part("bases", info.bases.join(", ")));
  if (info.supersedes.length > 0) parts.push(` · ${t("packSupersedes")} `, part("supersedes", info.supersedes.join(", ")));
  document.getElementById("pack-details").replaceChildren(...parts);
  const provenance = document.getElementById("pack-provenance");
  provenance.hidden = !info.provenance;
  provenance.replaceChildren(...(info.provenance ? [t("packProvenance"), part("provenance", info.provenance[lang])] : []));
  document.getElementById("pack-load").title = t("packLoadHint");
}

/**
 * Makes pack number `index` the current one: the lists, requirements, steps, plan columns,
 * clauses and checks then come from it. What was entered stays, but for what the new pack has
 * no place for (a category it does not have, a step of the old pack's own), which is said.
 */
function usePack(index) {
  const doc = readForm();
  const lines = readPlan();
  const before = info;
  ({ info, bundle, labels } = packs[index]);
  catalogue = new Map(rules(bundle).map((r) => [r.id, r]));
  document.getElementById("pack-msg").hidden = true;
  fillSelects();
  rerender(doc);
  rerenderPlan(lines);
  showHead();
  showPackBar();
  closePop();
  const dropped = [];
  if (doc.category && !info.categories.some((c) => c.id === doc.category)) dropped.push(t("category"));
  for (const step of before.steps) {
    if (getAt(doc, step.field) != null && !form.querySelector(`[data-path="${CSS.escape(step.field)}"]`)) dropped.push(step.label[lang]);
  }
  say(dropped.length > 0 ? `${t("packSwitched", info)} ${t("dropped", dropped.join(lang === "zh" ? "、" : ", "))}` : t("packSwitched", info),
    dropped.length > 0 ? "error" : "ok");
  validate();
  validatePlan();
}

/** Why a file is not a pack bundle (the core's PackError, in the page's language), or null. */
function packProblem(text) {
  try {
    check({ kind: "allocation", lines: [] }, { lang, pack: text });
  } catch (error) {
    if (error.name === "PackError") return error.message;
  }
  return null;
}

/** Loads a bundle the clerk chose; a file that is not one is said, and the current pack stays. */
async function loadPack(file) {
  const text = await file.text();
  let why = packProblem(text);
  let next = null;
  if (why === null) {
    try {
      next = pack(text);
    } catch (error) {
      why = error.message;
    }
  }
  const message = document.getElementById("pack-msg");
  if (next === null) {
    message.textContent = t("packFailed", file.name, why, info);
    message.hidden = false;
    return;
  }
  let index = packs.findIndex((p) => p.info.digest === next.digest);
  if (index < 0) index = packs.push({ name: file.name, bundle: text, info: next, labels: bundleLabels(text) }) - 1;
  usePack(index);
}

/** Shows the application form or the allocation plan. */
function showTab(next) {
  tab = next;
  form.hidden = tab !== "application";
  plan.form.hidden = tab !== "plan";
  document.querySelector("main.layout").classList.toggle("wide", tab === "plan");
  for (const button of document.querySelectorAll("[data-tab]")) button.setAttribute("aria-selected", String(button.dataset.tab === tab));
  closePop();
  showHead();
  if (tab === "plan") showPlan();
  else show();
}

// ── Overwriting the form: 清空, 载入示例, import, a draft ─────────────────────────────────

const status = document.getElementById("status");
function say(text, kind = "ok") {
  status.textContent = text;
  status.dataset.kind = kind;
}

/** Replaces the form with `doc`, asking first when something was entered. False when declined. */
function replaceForm(doc, question, asOf = "") {
  if (hasContent() && !window.confirm(question)) return false;
  fillForm(doc);
  asOfInput.value = asOf ?? "";
  closePop();
  validate();
  return true;
}

/** An application (or allocation) document from a file's text, or the reason it is not one. */
function documentFrom(text, kind = "application") {
  let doc;
  try {
    doc = JSON.parse(text);
  } catch {
    return { why: t("notJson") };
  }
  if (doc === null || typeof doc !== "object" || Array.isArray(doc) || doc.kind !== kind) {
    return { why: t(kind === "application" ? "notApplication" : "notAllocation") };
  }
  return { doc };
}

function unknownCategory(doc) {
  return typeof doc.category === "string" && doc.category !== "" && !info.categories.some((c) => c.id === doc.category) ? doc.category : null;
}

async function importFile(file) {
  const { doc, why } = documentFrom(await file.text(), tab === "plan" ? "allocation" : "application");
  if (!doc) {
    say(t("importFailed", file.name, why), "error");
    return;
  }
  if (tab === "plan") {
    if (hasPlanContent() && !window.confirm(t("confirmImport", file.name))) return;
    fillPlan(doc);
    closePop();
    validatePlan();
    say(t("imported", file.name));
    return;
  }
  if (!replaceForm(doc, t("confirmImport", file.name))) return;
  const unknown = unknownCategory(doc);
  say(unknown ? `${t("imported", file.name)} ${t("unknownCategory", unknown)}` : t("imported", file.name), unknown ? "error" : "ok");
}

function exportFile() {
  const doc = tab === "plan" ? readPlan() : readForm();
  const safe = (text) => (typeof text === "string" ? text.replace(/[^\p{L}\p{N}._-]+/gu, "_") : "");
  const name = tab === "plan" ? `allocation-${safe(info.id)}.json` : `application-${safe(doc.id) || "draft"}.json`;
  const url = URL.createObjectURL(new Blob([`${JSON.stringify(doc, null, 2)}\n`], { type: "application/json" }));
  const link = el("a", { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  say(t("exported", name));
}

// The draft: in localStorage only when the clerk saves one, and gone when they delete it.
// Nothing else in this page writes to the browser's storage (a shared office PC must not keep
// the last applicant's names and phone numbers).
function storage() {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

function draftText() {
  try {
    return storage()?.getItem(DRAFT_KEY) ?? null;
  } catch {
    return null;
  }
}

function readDraft() {
  const text = draftText();
  if (text === null) return null;
  try {
    const draft = JSON.parse(text);
    return draft && typeof draft === "object" && draft.doc && draft.doc.kind === "application" ? draft : null;
  } catch {
    return null;
  }
}

function showDraftBar() {
  const bar = document.getElementById("draft-bar");
  const text = draftText();
  bar.hidden = text === null;
  if (text === null) return;
  const draft = readDraft();
  const when = draft?.saved_at ? new Date(draft.saved_at).toLocaleString(lang === "zh" ? "zh-CN" : "en-GB") : null;
  document.getElementById("draft-text").textContent = t("draftStored", when);
  document.getElementById("restore-draft").disabled = draft === null;
}

function saveDraft() {
  // Both sheets, and the pack they were filled in under (its id, not the pack itself).
  const draft = { saved_at: new Date().toISOString(), as_of: asOfInput.value.trim() || null, doc: readForm(), plan: readPlan(), pack: info.id };
  try {
    storage().setItem(DRAFT_KEY, JSON.stringify(draft));
    say(t("draftSaved"));
  } catch {
    say(t("storageUnavailable"), "error");
  }
  showDraftBar();
}

function clearDraft() {
  try {
    storage()?.removeItem(DRAFT_KEY);
    say(t("draftCleared"));
  } catch {
    say(t("storageUnavailable"), "error");
  }
  showDraftBar();
}

function restoreDraft() {
  const draft = readDraft();
  if (!draft) return;
  if ((hasContent() || hasPlanContent()) && !window.confirm(t("confirmRestore"))) return;
  fillForm(draft.doc);
  asOfInput.value = draft.as_of ?? "";
  fillPlan(draft.plan?.kind === "allocation" ? draft.plan : emptyPlan());
  closePop();
  validate();
  validatePlan();
  const other = typeof draft.pack === "string" && draft.pack !== info.id;
  say(other ? `${t("draftRestored")} ${t("draftOtherPack", draft.pack)}` : t("draftRestored"), other ? "error" : "ok");
}

/** 检查全部 (and printing): every result of the sheet on screen, touched or not. */
function showEverything() {
  if (tab === "plan") {
    plan.showAll = true;
    showPlan();
  } else {
    showAll = true;
    show();
  }
}

function printForm() {
  showEverything();
  window.print();
}

// ── Start ─────────────────────────────────────────────────────────────────────────────

await init();
info = pack();
catalogue = new Map(rules().map((r) => [r.id, r]));
packs.push({ name: null, bundle: null, info, labels });
document.getElementById("loading").remove();
for (const input of form.querySelectorAll("input[data-type=date]")) withPicker(input);
withPicker(asOfInput);

form.addEventListener("input", (event) => {
  const target = event.target;
  if (target.id === "category") rerender(readForm());
  // A choice is made at once; a text field counts as entered when it is left (change, focusout).
  if (target.matches("select[data-path]")) touch(target);
  if (target.matches("#documents input[type=checkbox]")) touch(document.getElementById("documents"));
  validate();
});
form.addEventListener("change", (event) => {
  if (event.target.matches("input[data-path], select[data-path]")) {
    touch(event.target);
    showSoon();
  }
});
form.addEventListener("focusout", (event) => {
  const target = event.target;
  if (target.matches("input[data-path], select[data-path]")) touch(target);
  else if (target.matches("#documents input[type=checkbox]")) touch(document.getElementById("documents"));
  else return;
  showSoon();
});
form.addEventListener("submit", (event) => event.preventDefault());
document.querySelector("[data-add=payments]").addEventListener("click", () => {
  const body = document.querySelector("#payments tbody");
  body.append(row(paymentSection(), {}));
  renumber(body, "/payments");
  touch(blockOf(body));
  validate();
});
for (const button of document.querySelectorAll("[data-lang]")) {
  button.addEventListener("click", () => setLanguage(button.dataset.lang));
}
document.getElementById("check-all").addEventListener("click", () => {
  showEverything();
  (tab === "plan" ? plan.form : form).querySelector(".msg.error, .msg.input")?.scrollIntoView({ block: "center", behavior: "smooth" });
});
document.getElementById("clear-form").addEventListener("click", () => {
  if (tab === "plan") {
    if (hasPlanContent() && !window.confirm(t("confirmClear"))) return;
    fillPlan(emptyPlan());
    closePop();
    validatePlan();
    say("");
  } else if (replaceForm({ kind: "application", category: null }, t("confirmClear"))) say("");
});
const exampleUrl = new URL("../../examples/application-service-stations.json", import.meta.url);
loadExample.addEventListener("click", async () => {
  if (hasContent() && !window.confirm(t("confirmExample"))) return;
  const response = await fetch(exampleUrl);
  const { doc } = documentFrom(await response.text());
  if (!doc) return;
  fillForm(doc);
  asOfInput.value = "";
  validate();
  say("");
});
const noExample = () => {
  exampleFound = false;
  loadExample.hidden = true;
};
fetch(exampleUrl, { method: "HEAD" })
  .then((r) => { if (!r.ok) noExample(); })
  .catch(noExample);
const fileInput = document.getElementById("import-file");
document.getElementById("import-button").addEventListener("click", () => fileInput.click());
fileInput.addEventListener("change", async () => {
  const file = fileInput.files?.[0];
  fileInput.value = "";
  if (file) await importFile(file);
});
document.getElementById("export-button").addEventListener("click", exportFile);
document.getElementById("save-draft").addEventListener("click", saveDraft);
document.getElementById("clear-draft").addEventListener("click", clearDraft);
document.getElementById("restore-draft").addEventListener("click", restoreDraft);
document.getElementById("print-button").addEventListener("click", printForm);
// Ctrl+P prints every finding too, not only the touched fields'.
window.addEventListener("beforeprint", () => {
  if (!(tab === "plan" ? plan.showAll : showAll)) showEverything();
});

// The plan: a choice or a ticked box counts at once, a typed cell when it is left.
plan.form.addEventListener("input", (event) => {
  const target = event.target;
  if (target.matches("select[data-path]")) touch(target);
  if (target === finalBox) touch(finalBox.closest("[data-path]"));
  validatePlan();
});
for (const type of ["change", "focusout"]) {
  plan.form.addEventListener(type, (event) => {
    if (!event.target.matches("input[data-path], select[data-path]")) return;
    touch(event.target);
    showSoon(showPlan);
  });
}
plan.form.addEventListener("submit", (event) => event.preventDefault());
document.getElementById("add-line").addEventListener("click", () => {
  planBody.append(row(lineSection(), {}, validatePlan));
  renumber(planBody, "/lines");
  touch(blockOf(planBody));
  validatePlan();
});
for (const button of document.querySelectorAll("[data-tab]")) {
  button.addEventListener("click", () => showTab(button.dataset.tab));
}
const packFile = document.getElementById("pack-file");
document.getElementById("pack-load").addEventListener("click", () => packFile.click());
packFile.addEventListener("change", async () => {
  const file = packFile.files?.[0];
  packFile.value = "";
  if (file) await loadPack(file);
});
document.getElementById("pack-choice").addEventListener("change", (event) => usePack(Number(event.target.value)));

fillSelects();
fillForm({ kind: "application", category: null });
fillPlan(emptyPlan());
setLanguage("zh");
document.body.dataset.ready = "true";
