// The application form of 偃政办〔2019〕13号, checked in the page by the fundcheck wasm module.
//
// The form is the state: every input carries the JSON Pointer of its field (`data-path`), so
// the document is read from the inputs (empty fields as null) and every finding and input
// error is shown beside the input its `path` points to (or the nearest enclosing block, else
// the summary panel). Policy numbers and lists come from the pack through the module
// (`requirements`, `pack`), never from this file; the words here are the form's own.
import init, { check, pack, requirements } from "../pkg/fundcheck.js";

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
  },
};

let lang = "zh";
let info = null;
const form = document.getElementById("application");
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

/** An input's value as the document holds it: empty is null; a mistyped value is kept as typed. */
function valueOf(input) {
  const raw = input.value.trim();
  if (raw === "") return null;
  switch (input.dataset.type) {
    case "bool":
      return raw === "true";
    case "count":
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

// ── Building the form ─────────────────────────────────────────────────────────────────

function field(path, type, value, { label, select, hint } = {}) {
  let input;
  if (select) {
    input = el("select", { "data-path": path, "data-type": type });
    input.append(el("option", { value: "", text: t("choose") }), ...select.map(([v, text]) => el("option", { value: v, text })));
    input.value = value ?? "";
  } else {
    // Dates are typed as the policy writes them (YYYY-MM-DD), whatever the browser's locale.
    const mode = type === "money" || type === "quantity" ? "decimal" : type === "count" ? "numeric" : null;
    const placeholder = hint ?? (type === "date" ? "YYYY-MM-DD" : null);
    input = el("input", { type: "text", "data-path": path, "data-type": type, inputmode: mode, placeholder });
    input.value = value === null || value === undefined ? "" : Array.isArray(value) ? value.join(", ") : String(value);
  }
  const msgs = el("div", { class: "msgs", "data-for": path });
  return label ? el("label", { class: "field" }, el("span", { class: "label", text: label }), input, msgs) : el("div", { class: "cell" }, input, msgs);
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

/** The materials checklist of the chosen category, read from the pack. */
function renderDocuments(checked) {
  const box = document.getElementById("documents");
  const category = document.getElementById("category").value;
  const req = category ? requirements(category) : null;
  document.getElementById("materials-clause").textContent = req ? req.clause : "";
  if (!req) {
    box.replaceChildren(el("p", { class: "hint", text: t("chooseCategoryFirst") }));
    return;
  }
  const ticked = new Set(checked ?? []);
  box.replaceChildren(...req.documents.map((d, i) => el("label", { class: "check" },
    el("input", { type: "checkbox", value: d.id, checked: ticked.has(d.id) }),
    el("span", { class: "n", text: `${i + 1}.` }),
    el("span", { text: d.label ? d.label[lang] : d.id }),
    el("code", { text: d.id }))));
}

/** The structured sections the category requires (outlets, profiles, …), with their values. */
function renderSections(doc) {
  const host = document.getElementById("sections");
  const category = document.getElementById("category").value;
  const req = category ? requirements(category) : null;
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
  return {};
}

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
    validate();
  });
  renumber(body, `/${name}`);
  return [el("div", { class: "table-wrap" }, tableEl), add];
}

function row(section, record) {
  const tr = el("tr", {}, el("td", { class: "idx" }));
  for (const f of section.fields) {
    const td = el("td", { "data-field": f.name, "data-label": f.label[lang], class: f.type === "texts" ? "wide" : null });
    td.append(field(`/${section.name}/0/${f.name}`, f.type, record?.[f.name], cellOptions(f)));
    tr.append(td);
  }
  const remove = el("button", { type: "button", class: "remove", text: t("removeRow"), "aria-label": t("removeRow") });
  remove.addEventListener("click", () => {
    const body = tr.parentElement;
    tr.remove();
    renumber(body, `/${section.name}`);
    validate();
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

/** Puts a document's values into the form. */
function fillForm(doc) {
  document.getElementById("category").value = doc.category ?? "";
  for (const input of form.querySelectorAll(":scope > section input[data-path], :scope > section select[data-path]")) {
    if (input.closest("#payments")) continue;
    const value = getAt(doc, input.dataset.path);
    input.value = value === null || value === undefined ? "" : String(value);
  }
  renderDocuments(doc.documents);
  renderSections(doc);
  renderPayments(doc.payments);
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

/** The messages box for a path: its own, else the nearest enclosing one, else the summary. */
function boxFor(path) {
  let segs = segments(path);
  while (segs.length > 0) {
    const box = form.querySelector(`.msgs[data-for="${CSS.escape(pointer(segs))}"]`);
    if (box) return box;
    segs = segs.slice(0, -1);
  }
  return document.getElementById("summary");
}

function show(report, errors, original) {
  for (const box of form.querySelectorAll(".msgs")) box.replaceChildren();
  document.getElementById("summary").replaceChildren();
  for (const node of form.querySelectorAll(".sev-error, .sev-warning, .sev-info, .sev-input")) {
    node.classList.remove("sev-error", "sev-warning", "sev-info", "sev-input");
  }
  const mark = (path, cls) => form.querySelector(`[data-path="${CSS.escape(path)}"]`)?.classList.add(cls);
  const add = (path, item, cls) => {
    const box = boxFor(path);
    box.append(box.tagName === "UL" ? el("li", { class: item.className }, ...item.childNodes) : item);
    mark(path, cls);
  };
  for (const e of errors) {
    const item = el("p", { class: "msg input", "data-code": e.code, "data-path": null },
      el("span", { class: "tag", text: t("inputError") }), el("span", { class: "text", text: e.message }));
    item.dataset.at = e.path;
    add(e.path, item, "sev-input");
  }
  for (const f of report?.findings ?? []) {
    const path = original ? original(f.path) : f.path;
    const item = el("p", { class: `msg ${f.severity}`, title: f.rule, "data-rule": f.rule },
      el("span", { class: "text", text: f.message }), el("span", { class: "clause", text: f.clause }));
    item.dataset.at = path;
    add(path, item, `sev-${f.severity}`);
  }
  if (errors.length > 0) {
    const note = el("li", { class: "msg note", text: report ? t("partial") : t("blocked") });
    document.getElementById("summary").prepend(note);
  }
  showVerdict(report, errors);
  showFigures(report?.figures ?? {});
}

function showVerdict(report, errors) {
  const state = document.getElementById("verdict-state");
  const verdict = document.getElementById("verdict");
  const counts = report?.counts ?? { error: 0, warning: 0, info: 0 };
  verdict.className = "verdict";
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
  const errorsOf = (owner) => (report?.findings ?? []).filter((f) => f.severity === "error" && f.owner === owner).length;
  document.getElementById("verdict-applicant").textContent = report ? t("applicantLine", errorsOf("applicant")) : "";
  document.getElementById("verdict-administration").textContent = report ? t("administrationLine", errorsOf("administration")) : "";
}

const money = (text) => {
  const [whole, fen] = text.split(".");
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}.${fen}`;
};

function figureText(name, value) {
  if (name === "phase") return info.phases.find((p) => p.id === value)?.label[lang] ?? value;
  if (name === "outcome") return t(`outcome_${value}`);
  if (typeof value === "string" && /^-?\d+\.\d{2}$/.test(value)) return `${money(value)} ${t("yuan")}`;
  return String(value);
}

function showFigures(figures) {
  for (const out of document.querySelectorAll("[data-figure]")) {
    const value = figures[out.dataset.figure];
    out.textContent = value === undefined ? "—" : figureText(out.dataset.figure, value);
  }
  const list = document.getElementById("figures");
  const entries = Object.entries(figures);
  list.replaceChildren(...entries.map(([name, value]) => el("div", { "data-name": name },
    el("dt", { text: t(`fig_${name}`) }), el("dd", { text: figureText(name, value) }))));
  if (entries.length === 0) list.append(el("div", {}, el("dt", { text: t("noFigures") })));
}

function validate() {
  const doc = readForm();
  const asOf = document.getElementById("as-of").value || null;
  const options = { lang, asOf };
  let result;
  try {
    result = { report: check(doc, options), errors: [], original: null };
  } catch (error) {
    if (error.name !== "InputError") throw error;
    const salvaged = salvage(doc, options);
    result = { report: salvaged?.report ?? null, errors: error.errors, original: salvaged?.original ?? null };
  }
  show(result.report, result.errors, result.original);
  window.lastCheck = { doc, ...result };
  return result;
}

// ── Language ──────────────────────────────────────────────────────────────────────────

function setLanguage(next) {
  const doc = readForm();
  lang = next;
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  document.title = `${t("title")} ${t("titleForm")}`;
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  for (const button of document.querySelectorAll("[data-lang]")) button.setAttribute("aria-pressed", String(button.dataset.lang === lang));
  document.getElementById("pack-source").textContent = info.source[lang];
  document.getElementById("engine").textContent = t("engine", info);
  fillSelects();
  renderDocuments(doc.documents);
  renderSections(doc);
  renderPayments(doc.payments);
  validate();
}

// ── Start ─────────────────────────────────────────────────────────────────────────────

await init();
info = pack();
document.getElementById("pack-stamp").textContent = `${info.id} · ${info.digest.slice(0, 15)}…`;
document.getElementById("loading").remove();

form.addEventListener("input", (event) => {
  if (event.target.id === "category") {
    const doc = readForm();
    renderDocuments(doc.documents);
    renderSections(doc);
  }
  validate();
});
document.querySelector("[data-add=payments]").addEventListener("click", () => {
  const body = document.querySelector("#payments tbody");
  body.append(row(paymentSection(), {}));
  renumber(body, "/payments");
  validate();
});
for (const button of document.querySelectorAll("[data-lang]")) {
  button.addEventListener("click", () => setLanguage(button.dataset.lang));
}
document.getElementById("clear-form").addEventListener("click", () => {
  fillForm({ kind: "application", category: document.getElementById("category").value || null });
  document.getElementById("as-of").value = "";
  validate();
});
const loadExample = document.getElementById("load-example");
loadExample.addEventListener("click", async () => {
  const response = await fetch(new URL("../../examples/application-service-stations.json", import.meta.url));
  fillForm(await response.json());
  validate();
});
fetch(new URL("../../examples/application-service-stations.json", import.meta.url), { method: "HEAD" })
  .then((r) => { if (!r.ok) loadExample.hidden = true; })
  .catch(() => { loadExample.hidden = true; });

fillSelects();
fillForm({ kind: "application", category: info.categories.find((c) => c.id === "service_stations")?.id ?? null });
setLanguage("zh");
document.body.dataset.ready = "true";
