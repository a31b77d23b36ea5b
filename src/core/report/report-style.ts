// The report's stylesheet, inlined into the page so the file stands alone (no network, no external resource).
export const REPORT_CSS = `
:root{--ok:#1f7a3a;--okbg:#e3f5e8;--bad:#b3261e;--badbg:#fbe4e2;--warn:#8a5a00;--warnbg:#fff3d6;--mut:#667;--line:#d0d4dc}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1b1e24;background:#f6f7f9}
header{background:#1b2a41;color:#fff;padding:14px 24px}header h1{margin:0 0 4px;font-size:22px}header p{margin:0;opacity:.9}
main{padding:8px 24px 40px;max-width:1160px}h2{font-size:18px;margin:24px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}
h3{margin:0 0 6px;font-size:15px}h4{margin:10px 0 4px;font-size:13px}code{font:12px ui-monospace,Menlo,Consolas,monospace}
.cards{display:flex;gap:16px;flex-wrap:wrap}.verdict{flex:1 1 340px;border:2px solid var(--line);border-radius:8px;padding:10px 14px;background:#fff}
.verdict p{margin:4px 0}.verdict.ok{border-color:var(--ok);background:var(--okbg)}.verdict.bad{border-color:var(--bad);background:var(--badbg)}
.verdict.warn{border-color:var(--warn);background:var(--warnbg)}.note{color:var(--mut);font-size:12px}.muted{color:var(--mut)}
.warnline{color:var(--bad)}ul.blockers li{color:var(--bad)}
table{border-collapse:collapse;width:100%;background:#fff;font-size:13px}th,td{border:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top}
th{background:#eef0f4}tr.guest td{background:var(--okbg);font-weight:600}
.tag{display:inline-block;font-size:11px;padding:0 5px;border-radius:8px;background:#e4e7ee;color:#334}
svg.groups{display:block;max-width:100%;height:auto}svg .group>rect{fill:#fff;stroke:#9aa3b2;stroke-width:1.2}
svg .group.guest>rect{stroke:var(--ok);stroke-width:3}svg .group.blocked>rect{stroke:var(--bad);stroke-width:3}
svg text{font:11px ui-monospace,Menlo,Consolas,monospace;fill:#1b1e24}svg text.gt{font:bold 12px system-ui,sans-serif}
svg .m>rect{fill:transparent}svg .m.guest>rect{fill:#bfe8cb}svg .m.blocker>rect{fill:#f6c5c0}svg .m.display>rect{fill:#eef0f4}
svg .m.bridge text{fill:#7a8190;font-style:italic}.legend .k{margin-right:14px;padding:1px 6px;border-radius:4px}
.legend .guest{background:#bfe8cb}.legend .blocker{background:#f6c5c0}.legend .bridge{color:#7a8190;font-style:italic}
ul.tree{list-style:none;padding-left:0;columns:2 420px;font-size:12px}ul.tree ul{list-style:none;padding-left:14px;margin:2px 0 8px}
ul.tree li.guest{background:var(--okbg)}ul.tree li.blocker{background:var(--badbg)}ul.tree li.bridge{color:var(--mut)}
pre.diff{background:#fff;border:1px solid var(--line);padding:6px;overflow-x:auto;font-size:12px}.da{color:var(--ok);background:var(--okbg)}
.dr{color:var(--bad);background:var(--badbg)}.dc{color:#445}.change{margin-bottom:12px}ul.warnings li{color:var(--warn)}
`;
