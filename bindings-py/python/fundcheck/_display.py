"""A report in a notebook: ``Report.to_pandas()`` and ``Report._repr_html_()``."""

from __future__ import annotations

import decimal
import html
import re
from typing import Any, Dict, List, Optional, Tuple

_ORDER = {"error": 0, "warning": 1, "info": 2}
_COLOURS = {"error": "#b42318", "warning": "#b54708", "info": "#475467"}
_BACKGROUNDS = {"error": "#fef3f2", "warning": "#fffaeb", "info": "#ffffff"}
COLUMNS = ["rule", "severity", "owner", "path", "clause", "message", "facts"]

#: The words of the HTML view, by language. The native Report does not say which language it
#: was checked in (and takes no attributes), so ``report_lang`` reads it from the findings.
_WORDS: Dict[str, Dict[str, str]] = {
    "en": {
        "ok": "OK",
        "errors": "{n} error(s)",
        "as_of": "as of {date}",
        "counts": "{error} error, {warning} warning, {info} info",
        "severity": "severity",
        "rule": "rule",
        "clause": "clause",
        "path": "path",
        "message": "message",
        "share": "share",
        "figures": "figures",
        "cap": "{share} (cap {bound})",
        "floor": "{share} (floor {bound})",
        "error": "error",
        "warning": "warning",
        "info": "info",
        "application": "application",
        "allocation": "allocation",
        "progress": "progress",
    },
    "zh": {
        "ok": "无错误",
        "errors": "{n} 项错误",
        "as_of": "核查日 {date}",
        "counts": "错误 {error}，警告 {warning}，提示 {info}",
        "severity": "级别",
        "rule": "规则",
        "clause": "条款",
        "path": "位置",
        "message": "说明",
        "share": "比例",
        "figures": "数据",
        "cap": "{share}（上限 {bound}）",
        "floor": "{share}（下限 {bound}）",
        "error": "错误",
        "warning": "警告",
        "info": "提示",
        "application": "项目申请",
        "allocation": "资金分配方案",
        "progress": "目标进展",
    },
}
_QUOTED = re.compile(r"`[^`]*`")
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
_LETTER = re.compile(r"[A-Za-z]")


def report_lang(report: Any) -> str:
    """``"zh"`` or ``"en"``: the language the report's findings were written in.

    The messages are the pack's templates in the ``lang`` the report was checked with: Chinese
    ones are Chinese characters around a few ids, English ones letters around values quoted in
    backticks. So the report is Chinese when, over all its messages with the backticked values
    left out, Chinese characters outweigh Latin letters (a character counting as two). Without
    findings it is ``"zh"``, the default of :func:`fundcheck.check`."""
    text = " ".join(_QUOTED.sub("", f.message) for f in report.findings)
    if not text.strip():
        return "zh"
    return "zh" if 2 * len(_CJK.findall(text)) > len(_LETTER.findall(text)) else "en"


def to_pandas(report: Any) -> Any:
    """One row per finding, in the report's order: rule, severity, owner, path, clause,
    message, facts (a dict of typed values)."""
    import pandas as pd

    findings = report.findings
    data = {name: [getattr(f, name) for f in findings] for name in COLUMNS}
    return pd.DataFrame(data, columns=COLUMNS)


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _text(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _percent(share: decimal.Decimal) -> str:
    """``0.15`` → ``15%``, ``0.125`` → ``12.5%``."""
    value = (share * 100).quantize(decimal.Decimal("0.01")).normalize()
    return f"{value:f}%"


def share_bar(facts: Dict[str, Any], lang: str = "en") -> Optional[Tuple[str, str]]:
    """For a ratio rule's finding (facts ``share`` with ``limit`` or ``floor``, and ``base``):
    an inline bar of the share against its cap or floor, and a caption in ``lang``."""
    share = facts.get("share")
    base = facts.get("base")
    bound_name = "limit" if "limit" in facts else "floor" if "floor" in facts else None
    if bound_name is None or not isinstance(share, decimal.Decimal) or not isinstance(base, decimal.Decimal):
        return None
    bound = facts[bound_name]
    if not isinstance(bound, decimal.Decimal) or base <= 0:
        return None
    bound_share = bound / base
    amount = facts.get("amount")
    if isinstance(amount, decimal.Decimal):
        broken = amount > bound if bound_name == "limit" else amount < bound
    else:
        broken = share > bound_share if bound_name == "limit" else share < bound_share
    scale = max(share, bound_share, decimal.Decimal("0.0001")) * decimal.Decimal("1.25")
    fill = float(min(share / scale, decimal.Decimal(1))) * 100
    mark = float(bound_share / scale) * 100
    colour = "#d92d20" if broken else "#12b76a"
    words = _WORDS.get(lang, _WORDS["en"])
    template = words["cap"] if bound_name == "limit" else words["floor"]
    caption = template.format(share=f"{share * 100:.2f}%", bound=_percent(bound_share))
    bar = (
        '<div style="position:relative;width:160px;height:10px;background:#eaecf0;border-radius:2px"'
        f' title="{_e(caption)}">'
        f'<div style="width:{fill:.1f}%;height:100%;background:{colour};border-radius:2px"></div>'
        f'<div style="position:absolute;left:{mark:.1f}%;top:-3px;width:2px;height:16px;background:#101828"></div>'
        "</div>"
    )
    return bar, caption


def report_html(report: Any, lang: Optional[str] = None) -> str:
    """The report as an HTML table: errors first, then warnings, then notes; the clause beside
    each finding; a bar for the ratio rules; the figures below. All text is escaped.

    Headings and labels are in ``lang`` (``"zh"`` or ``"en"``), by default the language of the
    report's findings (:func:`report_lang`); rule ids, paths and figure ids stay as in the JSON."""
    if lang not in _WORDS:
        lang = report_lang(report)
    words = _WORDS[lang]
    findings = sorted(report.findings, key=lambda f: _ORDER.get(f.severity, 3))
    counts = report.counts
    status = words["ok"] if report.ok else words["errors"].format(n=counts["error"])
    status_colour = "#027a48" if report.ok else _COLOURS["error"]
    pack = report.pack
    as_of = report.as_of.isoformat() if report.as_of is not None else "—"
    kind = words.get(report.kind, report.kind)
    parts: List[str] = [
        f'<div class="fundcheck-report" lang="{"zh-CN" if lang == "zh" else "en"}"'
        ' style="font-family:system-ui,sans-serif;font-size:13px">',
        f'<p><strong style="color:{status_colour}">{_e(status)}</strong> · {_e(kind)}'
        f" · {_e(words['as_of'].format(date=as_of))} · {_e(words['counts'].format(**counts))}"
        f' · <span title="{_e(pack["digest"])}">{_e(pack["id"])} {_e(pack["version"])}</span></p>',
    ]
    if findings:
        headings = ("severity", "rule", "clause", "path", "message", "share")
        parts.append(
            '<table style="border-collapse:collapse"><thead><tr>'
            + "".join(f'<th style="text-align:left;padding:4px 8px">{_e(words[h])}</th>' for h in headings)
            + "</tr></thead><tbody>"
        )
        for f in findings:
            colour = _COLOURS.get(f.severity, "#101828")
            background = _BACKGROUNDS.get(f.severity, "#ffffff")
            bar = share_bar(f.facts, lang)
            share_cell = f'{bar[0]}<div style="font-size:11px;color:#475467">{_e(bar[1])}</div>' if bar else ""
            cells = [
                (f'<strong style="color:{colour}">{_e(words.get(f.severity, f.severity))}</strong>', True),
                (f"<code>{_e(f.rule)}</code>", True),
                (_e(f.clause), True),
                (f"<code>{_e(f.path)}</code>", True),
                (_e(f.message), False),
                (share_cell, True),
            ]
            parts.append(
                f'<tr style="background:{background};border-top:1px solid #eaecf0">'
                + "".join(
                    f'<td style="text-align:left;padding:4px 8px;vertical-align:top{";white-space:nowrap" if nowrap else ""}">{c}</td>'
                    for c, nowrap in cells
                )
                + "</tr>"
            )
        parts.append("</tbody></table>")
    figures = report.figures
    if figures:
        parts.append(f'<details><summary>{_e(words["figures"])}</summary><table style="border-collapse:collapse">')
        for name, value in figures.items():
            parts.append(
                f'<tr><td style="padding:2px 8px"><code>{_e(name)}</code></td>'
                f'<td style="padding:2px 8px;text-align:right">{_e(_text(value))}</td></tr>'
            )
        parts.append("</table></details>")
    parts.append("</div>")
    return "".join(parts)
