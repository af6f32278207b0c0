/// Haven's stylesheet: system fonts, one accent colour, cards for the sign-in steps, panels and tables for the
/// console; readable from 360 px wide; visible focus for keyboard use; colours with AA contrast.
enum Stylesheet {
    static let css = """
        :root {
          --ink: #1c2330; --muted: #5a6475; --line: #dde2ea; --paper: #ffffff; --ground: #f4f6fa;
          --accent: #2457c5; --accent-ink: #ffffff; --green: #1e7a46; --amber: #9a5b00; --red: #b3261e;
          --radius: 10px; --shadow: 0 1px 2px rgba(20, 30, 50, .06), 0 4px 16px rgba(20, 30, 50, .06);
        }
        * { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; }
        body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
          color: var(--ink); background: var(--ground); min-height: 100vh; display: flex; flex-direction: column; }
        a { color: var(--accent); }
        a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible, summary:focus-visible {
          outline: 3px solid #8fb0f5; outline-offset: 2px; }
        .top { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1.5rem; padding: .75rem 1.25rem;
          background: var(--paper); border-bottom: 1px solid var(--line); }
        .brand { font-weight: 650; color: var(--ink); text-decoration: none; display: flex; align-items: center; gap: .4rem; }
        .brand .mark { color: var(--accent); }
        .brand .logo { height: 2rem; width: auto; max-width: 10rem; object-fit: contain; }
        .logo-preview { max-height: 4rem; max-width: 16rem; border: 1px solid var(--line); border-radius: .4rem; padding: .4rem; background: #fff; }
        .brand .site { font-weight: 400; color: var(--muted); }
        .top nav ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: .25rem; }
        .top nav a { display: block; padding: .35rem .7rem; border-radius: 999px; color: var(--ink); text-decoration: none; }
        .top nav a:hover { background: var(--ground); }
        .top nav a[aria-current="page"] { background: #e6edfb; color: var(--accent); font-weight: 600; }
        .sign-out { margin-left: auto; display: flex; align-items: center; gap: .5rem; color: var(--muted); }
        main { flex: 1; width: 100%; max-width: 1080px; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
        .foot { text-align: center; color: var(--muted); font-size: .85rem; padding: 1rem; }
        h1 { font-size: 1.5rem; line-height: 1.25; margin: 0 0 .75rem; }
        h2 { font-size: 1.15rem; margin: 1.75rem 0 .75rem; }
        .lead { color: var(--muted); font-size: 1.05rem; }
        .card, .panel { background: var(--paper); border: 1px solid var(--line); border-radius: var(--radius); box-shadow: var(--shadow);
          padding: 1.5rem; margin: 0 auto 1.5rem; }
        .card { max-width: 26rem; margin-top: 2rem; }
        .card.wide { max-width: 34rem; }
        label { display: block; font-weight: 600; margin: .9rem 0 .3rem; }
        input, select, textarea { width: 100%; font: inherit; color: inherit; padding: .6rem .7rem; border: 1px solid #b9c1ce;
          border-radius: 8px; background: #fff; }
        input[type="color"] { height: 2.75rem; padding: .25rem; }
        input[aria-invalid="true"], textarea[aria-invalid="true"] { border-color: var(--red); box-shadow: 0 0 0 1px var(--red); }
        .check { display: flex; align-items: center; gap: .5rem; margin-top: 1rem; }
        .check input { width: auto; }
        .check label { margin: 0; font-weight: 400; }
        button, .button { display: inline-block; font: inherit; font-weight: 600; padding: .6rem 1.1rem; margin-top: 1.1rem;
          border-radius: 8px; border: 1px solid #b9c1ce; background: #fff; color: var(--ink); cursor: pointer; text-decoration: none; }
        button:hover, .button:hover { background: var(--ground); }
        button.primary, .button.primary { background: var(--accent); border-color: var(--accent); color: var(--accent-ink); }
        button.primary:hover, .button.primary:hover { background: #1c47a6; }
        button.small { margin: 0; padding: .3rem .6rem; font-size: .85rem; }
        button.danger { color: var(--red); border-color: #e3b4b0; }
        button.link { margin: 0; padding: 0; border: 0; background: none; color: var(--accent); font-weight: 500; }
        .card form button.primary { width: 100%; }
        .error, .notice, .warning, .reveal { border-radius: 8px; padding: .75rem 1rem; margin: 0 auto 1rem; max-width: 1080px; }
        .card ~ .error, main > .error, main > .notice { max-width: 26rem; }
        .error { background: #fdecea; color: var(--red); border: 1px solid #f2c4bf; }
        .notice { background: #eaf2fd; color: #1d3f8f; border: 1px solid #c8d8f6; }
        .warning { background: #fff4e0; color: #6b4000; border: 1px solid #f0d29c; }
        .reveal { background: #eaf7ef; border: 1px solid #bfe3cc; }
        .reveal code { display: block; word-break: break-all; font-size: 1rem; padding: .5rem; background: #fff; border-radius: 6px; }
        .hint { color: var(--muted); font-size: .92rem; }
        details { margin-top: 1.25rem; }
        summary { cursor: pointer; color: var(--accent); }
        .steps li { margin-bottom: .75rem; }
        .qr { display: block; margin: .75rem 0; background: #fff; border: 1px solid var(--line); border-radius: 8px; image-rendering: pixelated; }
        code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .92em; }
        .secret { word-break: break-all; background: var(--ground); padding: .15rem .35rem; border-radius: 4px; }
        .codes { list-style: none; padding: 0; display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: .4rem; }
        .codes code { display: block; text-align: center; padding: .4rem; background: var(--ground); border-radius: 6px; font-size: 1rem; }
        .tiles { list-style: none; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr)); gap: .75rem; }
        .tiles a { display: block; padding: 1rem; border: 1px solid var(--line); border-radius: var(--radius); text-decoration: none; color: var(--ink); }
        .tiles a:hover { border-color: var(--accent); }
        .tiles span { display: block; color: var(--muted); font-size: .9rem; }
        .table-wrap { overflow-x: auto; }
        table { width: 100%; border-collapse: collapse; font-size: .95rem; }
        th, td { text-align: left; padding: .6rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
        th { font-size: .8rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
        tr.current td { background: #f5f8fe; }
        tr.revoked td { color: var(--muted); }
        td.actions form { display: flex; flex-wrap: wrap; gap: .35rem; }
        .badge { display: inline-block; font-size: .75rem; font-weight: 600; padding: .1rem .5rem; border-radius: 999px; background: #eceff4; color: var(--muted); }
        .badge.green { background: #e3f4ea; color: var(--green); }
        .badge.amber { background: #fff1d6; color: var(--amber); }
        .badge.red { background: #fde5e2; color: var(--red); }
        fieldset { border: 1px solid var(--line); border-radius: var(--radius); padding: .5rem 1rem 1rem; margin: 0; }
        legend { font-weight: 650; padding: 0 .35rem; }
        .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr)); gap: 0 1rem; }
        .grid .full { grid-column: 1 / -1; }
        .checks { display: grid; grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr)); gap: 0 1rem; }
        .checks .check { margin-top: .6rem; }
        .inline { display: inline; }
        .aside { margin-top: 1.25rem; text-align: center; }
        .filters { display: flex; flex-wrap: wrap; gap: .35rem; margin-bottom: .75rem; }
        .filters a { padding: .3rem .75rem; border: 1px solid var(--line); border-radius: 999px; text-decoration: none; color: var(--ink); font-size: .9rem; }
        .filters a[aria-current="page"] { background: #e6edfb; border-color: #c8d8f6; color: var(--accent); font-weight: 600; }
        .search { display: flex; gap: .5rem; align-items: center; margin-bottom: 1rem; }
        .search button { margin: 0; white-space: nowrap; }
        .pager { display: flex; flex-wrap: wrap; align-items: center; gap: .75rem; margin-top: 1rem; }
        .pager .per-page { display: flex; align-items: center; gap: .4rem; margin-left: auto; }
        .pager .per-page label { margin: 0; font-weight: 400; }
        .pager .per-page select { width: auto; padding: .3rem .5rem; }
        .ticket { display: grid; grid-template-columns: minmax(0, 1fr) 18rem; gap: 1rem; align-items: start; }
        .ticket .panel { margin: 0; }
        .crumbs { margin: 0 0 .25rem; font-size: .9rem; color: var(--muted); }
        .messages { list-style: none; padding: 0; margin: 1rem 0; display: grid; gap: .75rem; }
        .message { border: 1px solid var(--line); border-radius: 8px; padding: .75rem 1rem; }
        .message.note { background: #fffaf0; border-color: #f0d29c; }
        .message.incoming { border-left: 4px solid var(--accent); }
        .message .meta { font-size: .85rem; color: var(--muted); margin-bottom: .35rem; }
        .message .body { white-space: pre-wrap; overflow-wrap: anywhere; }
        td code, #relay-token { word-break: break-all; }
        .message .files { list-style: none; margin: .6rem 0 0; padding: .5rem 0 0; border-top: 1px dashed var(--line); font-size: .9rem; }
        .message .files li { display: flex; gap: .5rem; align-items: baseline; overflow-wrap: anywhere; }
        .message .files li::before { content: "\\2193"; color: var(--muted); }  /* ↓: a download, in every font */
        .message .files .muted { color: var(--muted); font-size: .8rem; white-space: nowrap; }
        .compose { margin-top: 1rem; }
        .properties h2 { margin-top: 0; }
        .actions-row { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
        .actions-row button, .actions-row .button { margin: 0; }
        .muted { color: var(--muted); }
        .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
        .kb-folders, .kb-articles { list-style: none; padding: 0; margin: .75rem 0; display: grid; gap: .5rem; }
        .kb-folders li, .kb-articles li { display: grid; gap: .15rem; padding: .65rem .85rem; border: 1px solid var(--line); border-radius: 8px; }
        .kb-folders a, .kb-articles a { font-weight: 600; text-decoration: none; }
        .kb-folders .muted, .kb-articles .muted { font-size: .9rem; }
        .article-body { line-height: 1.65; overflow-wrap: anywhere; }
        .article-body h2, .article-body h3 { margin-top: 1.5rem; }
        .article-body pre { background: var(--ground); padding: .75rem; border-radius: 8px; overflow-x: auto; }
        .article-body blockquote { border-left: 4px solid var(--line); margin: 1rem 0; padding: .25rem 1rem; color: var(--muted); }
        .vote { margin-top: 2rem; padding-top: 1rem; border-top: 1px solid var(--line); }
        .vote form { display: flex; align-items: center; gap: .5rem; flex-wrap: wrap; }
        .vote button { margin: 0; }
        .suggestions { margin-top: .6rem; padding: .75rem 1rem; border: 1px solid #c8d8f6; background: #f5f8fe; border-radius: 8px; }
        .suggestions p { margin: 0 0 .35rem; font-weight: 600; }
        .suggestions ul { margin: 0; padding-left: 1.1rem; }
        .kb-outline { list-style: none; padding-left: 0; }
        .kb-outline ul { list-style: none; padding-left: 1.25rem; border-left: 2px solid var(--line); margin: .25rem 0 .5rem; }
        .kb-outline li { margin: .3rem 0; }
        .kb-outline .depth-2 { margin-left: 1.5rem; } .kb-outline .depth-3 { margin-left: 3rem; } .kb-outline .depth-4 { margin-left: 4.5rem; }
        .kb-outline .depth-5 { margin-left: 6rem; } .kb-outline .depth-6 { margin-left: 7.5rem; }
        .kb-outline .kb-article-row { padding-left: 1rem; border-left: 2px solid var(--line); }
        .button.danger { color: var(--red); border-color: #e3b4b0; }
        button.danger-fill { background: var(--red); border-color: var(--red); color: #fff; width: 100%; }
        .properties button { width: 100%; }
        .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
        .hero { text-align: left; }
        .spread { justify-content: space-between; }
        .spread h1 { margin: 0; }
        .consent { margin-top: 1rem; padding: .75rem 1rem; border: 1px solid var(--line); border-radius: 8px; background: var(--ground); }
        .consent-text { margin: 0; white-space: pre-wrap; font-size: .92rem; }
        .snippet { overflow-x: auto; background: var(--ground); border: 1px solid var(--line); border-radius: 8px; padding: .75rem; }
        .snippet code { white-space: pre-wrap; word-break: break-all; }
        td.details code { font-size: .8rem; word-break: break-word; }
        .filters-form { margin-bottom: 1rem; }
        .domains { list-style: none; padding: 0; margin: 0; display: grid; gap: 1rem; }
        .domain { border: 1px solid var(--line); border-radius: var(--radius); padding: 1rem; }
        .domain h2 { margin: 0; font-size: 1.05rem; }
        .red-text { color: var(--red); } .amber-text { color: var(--amber); } .green-text { color: var(--green); }
        .diagnosis { border-top: 1px solid var(--line); margin-top: .75rem; }
        .diagnosis h3 { font-size: 1rem; margin: .75rem 0 .25rem; }
        .problems li { color: var(--red); margin-bottom: .35rem; }
        .actions-row select { width: auto; }
        .facts { display: grid; grid-template-columns: max-content 1fr; gap: .35rem 1rem; }
        .facts dt { color: var(--muted); } .facts dd { margin: 0; font-weight: 600; }
        .sla { margin: 0 0 .75rem; } .sla dt { color: var(--muted); margin-top: .5rem; } .sla dd { margin: 0; font-weight: 600; } .sla .when { white-space: nowrap; }
        progress { width: 100%; height: .75rem; }
        .honey { position: absolute; left: -10000px; width: 1px; height: 1px; overflow: hidden; }
        body.widget { background: var(--paper); }
        body.widget main { padding: 1rem; max-width: none; }
        body.widget h1 { font-size: 1.2rem; }
        body.widget .error { max-width: none; }
        .top nav.visitor { margin-left: auto; }
        @media (max-width: 900px) {
          .ticket { grid-template-columns: minmax(0, 1fr); }
        }
        @media (max-width: 600px) {
          .top { padding: .6rem .75rem; }
          .sign-out { margin-left: 0; width: 100%; justify-content: space-between; }
          main { padding: 1rem .6rem 2rem; }
          .card, .panel { padding: 1.1rem; }
          .card { margin-top: .5rem; }
          .pager .per-page { margin-left: 0; }
        }
        """
}
