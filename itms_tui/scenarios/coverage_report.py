"""The rule coverage report in each format `itms-tui coverage --format` offers."""

from __future__ import annotations

import json
from typing import Any

from ..inert import inert_html
from .coverage import Coverage

FORMATS = ("text", "md", "json", "html")


def render(coverage: Coverage, fmt: str) -> str:
    return _RENDERERS[fmt](coverage)


def _headline(coverage: Coverage) -> str:
    total = len(coverage.items)
    covered = total - len(coverage.missed)
    return (f"Rule coverage: {covered} of {total} items ({_pct(coverage.percent)}) "
            f"exercised by {coverage.scenarios} scenario{'' if coverage.scenarios == 1 else 's'}")


def _pct(value: float) -> str:
    # Floor to one decimal: 99.96% of items is not "100.0%".
    return f"{int(value * 10) / 10:.1f}%"


def _text(coverage: Coverage) -> str:
    rows = coverage.groups()
    width = max(len(group) for group, _, _ in rows)
    lines = [_headline(coverage), "", f"{'group':<{width}}  covered  total       %"]
    for group, covered, total in rows:
        lines.append(f"{group:<{width}}  {covered:>7}  {total:>5}  {_pct(100 * covered / total):>6}")
    total = len(coverage.items)
    lines.append(f"{'total':<{width}}  {total - len(coverage.missed):>7}  {total:>5}  "
                 f"{_pct(coverage.percent):>6}")
    missed = coverage.missed
    lines.append("")
    if missed:
        lines.append(f"Never exercised ({len(missed)}):")
        lines.extend(f"  {item.key} — {item.description}" for item in missed)
    else:
        lines.append("Every item was exercised.")
    return "\n".join(lines) + "\n"


def _md(coverage: Coverage) -> str:
    lines = [f"# {_headline(coverage)}", "", "| group | covered | total | % |", "|---|--:|--:|--:|"]
    for group, covered, total in coverage.groups():
        lines.append(f"| {group} | {covered} | {total} | {_pct(100 * covered / total)} |")
    total = len(coverage.items)
    lines.append(f"| **total** | **{total - len(coverage.missed)}** | **{total}** | "
                 f"**{_pct(coverage.percent)}** |")
    lines += ["", "## Never exercised", ""]
    missed = coverage.missed
    if missed:
        lines.extend(f"- `{item.key}` — {item.description}" for item in missed)
    else:
        lines.append("Every item was exercised.")
    return "\n".join(lines) + "\n"


def _data(coverage: Coverage) -> dict[str, Any]:
    total = len(coverage.items)
    return {
        "scenarios": coverage.scenarios,
        "covered": total - len(coverage.missed),
        "total": total,
        "percent": round(coverage.percent, 2),
        "groups": [{"group": group, "covered": covered, "total": count}
                   for group, covered, count in coverage.groups()],
        "items": [
            {"group": item.group, "name": item.name, "description": item.description,
             "covered": coverage.covered(item),
             "count": coverage.hits[item.key].count if coverage.covered(item) else 0,
             "first": coverage.hits[item.key].first if coverage.covered(item) else None}
            for item in coverage.items
        ],
        "missed": [item.key for item in coverage.missed],
    }


def _json(coverage: Coverage) -> str:
    # ASCII escapes: a control or direction character in a file name stays inert text.
    return json.dumps(_data(coverage), indent=2, ensure_ascii=True) + "\n"


_STYLE = """
body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1d232b}
table{border-collapse:collapse;margin:1rem 0}td,th{padding:.25rem .7rem;border-bottom:1px solid #d6dbe1;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}.missed{color:#a4161a}.ok{color:#2b7a3d}
code{font-size:90%}
"""


def _html(coverage: Coverage) -> str:
    cell = inert_html

    rows = "".join(
        f"<tr><td>{cell(group)}</td><td class=n>{covered}</td><td class=n>{total}</td>"
        f"<td class=n>{_pct(100 * covered / total)}</td></tr>"
        for group, covered, total in coverage.groups())
    items = []
    for item in coverage.items:
        hit = coverage.hits.get(item.key)
        mark = ("<span class=ok>✓</span>" if hit else "<span class=missed>✗ never</span>")
        first = cell(hit.first) if hit else ""
        items.append(f"<tr><td>{mark}</td><td><code>{cell(item.key)}</code></td>"
                     f"<td>{cell(item.description)}</td><td class=n>{hit.count if hit else 0}</td>"
                     f"<td>{first}</td></tr>")
    missed = "".join(f"<li><code>{cell(item.key)}</code> — {cell(item.description)}</li>"
                     for item in coverage.missed) or "<li>none: every item was exercised</li>"
    return (
        "<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8>"
        f"<title>{cell(_headline(coverage))}</title><style>{_STYLE}</style></head><body>"
        f"<h1>{cell(_headline(coverage))}</h1><table><tr><th>group</th><th>covered</th>"
        f"<th>total</th><th>%</th></tr>{rows}</table>"
        f"<h2>Never exercised</h2><ul class=missed>{missed}</ul>"
        "<h2>Every item</h2><table><tr><th></th><th>item</th><th>what counts</th>"
        f"<th>times</th><th>first scenario</th></tr>{''.join(items)}</table>"
        "</body></html>\n"
    )


_RENDERERS = {"text": _text, "md": _md, "json": _json, "html": _html}
