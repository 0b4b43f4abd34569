"""A report in a notebook: ``Report.to_pandas()`` and ``Report._repr_html_()``."""

from __future__ import annotations

import decimal
import html
from typing import Any, Dict, List, Optional, Tuple

_ORDER = {"error": 0, "warning": 1, "info": 2}
_COLOURS = {"error": "#b42318", "warning": "#b54708", "info": "#475467"}
_BACKGROUNDS = {"error": "#fef3f2", "warning": "#fffaeb", "info": "#ffffff"}
COLUMNS = ["rule", "severity", "owner", "path", "clause", "message", "facts"]


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


def share_bar(facts: Dict[str, Any]) -> Optional[Tuple[str, str]]:
    """For a ratio rule's finding (facts ``share`` with ``limit`` or ``floor``, and ``base``):
    an inline bar of the share against its cap or floor, and a caption."""
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
    word = "cap" if bound_name == "limit" else "floor"
    caption = f"{share * 100:.2f}% ({word} {_percent(bound_share)})"
    bar = (
        '<div style="position:relative;width:160px;height:10px;background:#eaecf0;border-radius:2px"'
        f' title="{_e(caption)}">'
        f'<div style="width:{fill:.1f}%;height:100%;background:{colour};border-radius:2px"></div>'
        f'<div style="position:absolute;left:{mark:.1f}%;top:-3px;width:2px;height:16px;background:#101828"></div>'
        "</div>"
    )
    return bar, caption


def report_html(report: Any) -> str:
    """The report as an HTML table: errors first, then warnings, then notes; the clause beside
    each finding; a bar for the ratio rules; the figures below. All text is escaped."""
    findings = sorted(report.findings, key=lambda f: _ORDER.get(f.severity, 3))
    counts = report.counts
    status = "OK" if report.ok else f"{counts['error']} error(s)"
    status_colour = "#027a48" if report.ok else _COLOURS["error"]
    pack = report.pack
    as_of = report.as_of.isoformat() if report.as_of is not None else "—"
    parts: List[str] = [
        '<div class="fundcheck-report" style="font-family:system-ui,sans-serif;font-size:13px">',
        f'<p><strong style="color:{status_colour}">{_e(status)}</strong> · {_e(report.kind)}'
        f" · as of {_e(as_of)} · {counts['error']} error, {counts['warning']} warning, {counts['info']} info"
        f' · <span title="{_e(pack["digest"])}">{_e(pack["id"])} {_e(pack["version"])}</span></p>',
    ]
    if findings:
        parts.append(
            '<table style="border-collapse:collapse"><thead><tr>'
            + "".join(f'<th style="text-align:left;padding:4px 8px">{h}</th>' for h in ("severity", "rule", "clause", "path", "message", "share"))
            + "</tr></thead><tbody>"
        )
        for f in findings:
            colour = _COLOURS.get(f.severity, "#101828")
            background = _BACKGROUNDS.get(f.severity, "#ffffff")
            bar = share_bar(f.facts)
            share_cell = f'{bar[0]}<div style="font-size:11px;color:#475467">{_e(bar[1])}</div>' if bar else ""
            cells = [
                (f'<strong style="color:{colour}">{_e(f.severity)}</strong>', True),
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
        parts.append('<details><summary>figures</summary><table style="border-collapse:collapse">')
        for name, value in figures.items():
            parts.append(
                f'<tr><td style="padding:2px 8px"><code>{_e(name)}</code></td>'
                f'<td style="padding:2px 8px;text-align:right">{_e(_text(value))}</td></tr>'
            )
        parts.append("</table></details>")
    parts.append("</div>")
    return "".join(parts)
