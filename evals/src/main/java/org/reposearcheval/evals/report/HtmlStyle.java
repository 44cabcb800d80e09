package org.reposearcheval.evals.report;

/** The HTML report's style sheet, inline so the page needs nothing from the network. */
final class HtmlStyle {
  static final String CSS =
      """
      :root{--fg:#1f2328;--muted:#656d76;--line:#d0d7de;--bg:#f6f8fa;--pass:#1a7f37;--fail:#cf222e;
      --warn:#9a6700;--accent:#0969da}
      *{box-sizing:border-box}
      body{margin:0;background:var(--bg);color:var(--fg);
      font:14px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI","Noto Sans",Helvetica,Arial,sans-serif}
      main{max-width:1100px;margin:0 auto;padding:28px 32px 48px}
      header h1{font-size:26px;margin:0 0 4px;letter-spacing:-.01em}
      .meta{color:var(--muted);margin:0 0 20px}
      h2{font-size:18px;margin:0 0 10px}
      h3{font-size:15px;margin:16px 0 6px}
      .vs{color:var(--muted);font-weight:400}
      section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:18px 20px;
      margin:0 0 18px}
      section.cards{display:flex;gap:14px;flex-wrap:wrap;background:none;border:0;padding:0}
      .card{flex:1 1 220px;background:#fff;border:1px solid var(--line);border-top:4px solid;
      border-radius:8px;padding:14px 16px}
      .card .mode{font-weight:600}
      .card .big{font-size:34px;font-weight:600;line-height:1.2;margin-top:4px}
      .card .sub{color:var(--muted);margin-bottom:6px}
      .counts{color:var(--fg);font-size:13px}
      .tag{font-size:11px;font-weight:500;color:var(--muted);border:1px solid var(--line);
      border-radius:10px;padding:0 7px;margin-left:4px}
      .warn{color:var(--warn);font-weight:600}
      p.warn .badge{background:#fff8c5;color:var(--warn)}
      section.adoption details{margin-top:10px}
      .note{color:var(--muted);margin:-4px 0 10px}
      ul.findings{list-style:none;margin:0;padding:0}
      ul.findings li{padding:6px 0;border-bottom:1px solid var(--bg)}
      .badge{display:inline-block;min-width:104px;text-align:center;font-size:11px;font-weight:600;
      border-radius:10px;padding:1px 8px;margin-right:10px;text-transform:uppercase;letter-spacing:.03em}
      li.sig .badge{background:#dafbe1;color:var(--pass)}
      li.ns .badge{background:#eaeef2;color:var(--muted)}
      li.estimate .badge{background:#ddf4ff;color:#0969da}
      li.note .badge{background:#fff8c5;color:#7d4e00}
      li.sig{font-weight:500}
      p.cases{margin:6px 0;font-size:13px}
      .charts{display:flex;flex-direction:column;gap:14px}
      figure{margin:0}
      figcaption{color:var(--muted);font-size:13px;margin-bottom:2px}
      svg.chart{max-width:100%;height:auto}
      svg .grid{stroke:#eaeef2;stroke-width:1}
      svg .whisker{stroke:var(--fg);stroke-width:1.6}
      svg .median{stroke:var(--fg);stroke-width:2.5}
      svg text{font:12px -apple-system,BlinkMacSystemFont,"Segoe UI","Noto Sans",Helvetica,Arial,sans-serif;
      fill:var(--fg)}
      svg .tick,svg .muted{fill:var(--muted)}
      svg .label{font-weight:600}
      table{border-collapse:collapse;width:100%}
      th,td{text-align:left;padding:6px 10px;border-bottom:1px solid var(--line);vertical-align:top}
      th{font-size:12px;color:var(--muted);font-weight:600;text-transform:uppercase;letter-spacing:.03em}
      tr.flip td{background:#fff8c5}
      td.id{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:13px}
      td.why{color:var(--muted);max-width:460px;overflow-wrap:anywhere}
      .muted{color:var(--muted);font-size:12px}
      a{color:var(--accent);text-decoration:none}
      a:hover{text-decoration:underline}
      .chip{display:inline-block;width:20px;height:20px;line-height:20px;text-align:center;
      border-radius:4px;margin-right:3px;font-size:12px;font-weight:700;color:#fff}
      .chip.passed{background:var(--pass)}
      .chip.failed{background:var(--fail)}
      .chip.error,.chip.invalid,.chip.timeout{background:var(--warn)}
      .chip.cancelled{background:#8c959f}
      footer{color:var(--muted);font-size:12px;margin-top:8px}
      """;

  private HtmlStyle() {}
}
