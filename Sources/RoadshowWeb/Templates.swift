/// The page templates (swift-mustache). `{{x}}` escapes HTML; only `{{{body}}}`, which is itself
/// a rendered template, and the catalogue's option lists and cards, built with
/// ``HTML/options(_:)`` and ``HTML/cards(_:)`` (every value escaped), are inserted as they are.
enum Templates {
  static let all: [String: String] = [
    "layout": layout, "catalogue": catalogue, "achievement": achievement, "login": login, "submit": submit,
    "submissions": submissions, "message": message,
  ].merging(work) { first, _ in first }

  static let layout = """
    <!doctype html>
    <html lang="{{htmlLang}}">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="referrer" content="same-origin">
    <title>{{title}} · {{programme}}</title>
    <style>
    body{font-family:system-ui,"PingFang SC","Noto Sans CJK SC",sans-serif;margin:0;color:#1d2733;background:#f6f7f9;line-height:1.5}
    header{background:#b3261e;color:#fff;padding:.6rem 1rem;display:flex;flex-wrap:wrap;gap:.8rem;align-items:center}
    header a{color:#fff;text-decoration:none}header .brand{font-weight:700;margin-right:auto}
    main{max-width:960px;margin:0 auto;padding:1rem}
    form.filters{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:.5rem;margin-bottom:1rem}
    input,select,textarea,button{font:inherit;padding:.45rem;border:1px solid #b8c0cc;border-radius:4px;width:100%;box-sizing:border-box}
    button{background:#b3261e;color:#fff;border:0;cursor:pointer}
    .card{background:#fff;border-radius:6px;padding:.8rem 1rem;margin:.6rem 0;box-shadow:0 1px 2px #0002;overflow-x:auto}
    .card h2{font-size:1.1rem;margin:0 0 .3rem}.meta{color:#5a6573;font-size:.9rem}
    .error{color:#b3261e;font-size:.9rem}.notice{background:#e8f3e8;padding:.6rem;border-radius:4px}
    .pager{display:flex;justify-content:space-between;margin:1rem 0}
    label{display:block;margin-top:.6rem;font-weight:600}.hint{font-weight:400;color:#5a6573;font-size:.85rem}
    table{border-collapse:collapse;width:100%;background:#fff}th,td{border-bottom:1px solid #e1e5ea;padding:.35rem .5rem;text-align:left}td.n{text-align:right}
    .bar{background:#b3261e;height:.8rem;border-radius:2px}.status-pending{color:#b3261e}.status-scored{color:#2e7d32}
    dl{display:grid;grid-template-columns:minmax(6rem,max-content) 1fr;gap:.3rem 1rem}dt{color:#5a6573}dd{margin:0}
    </style>
    </head>
    <body>
    <header>
    <a class="brand" href="/{{langQuery}}">{{programme}}</a>
    <a href="/{{langQuery}}">{{t.catalogue}}</a>
    {{#canSubmit}}<a href="/submit{{langQuery}}">{{t.submit}}</a>{{/canSubmit}}
    {{#canSeeSubmissions}}<a href="/submissions{{langQuery}}">{{t.submissions}}</a>{{/canSeeSubmissions}}
    {{#canReview}}<a href="/reviews{{langQuery}}">{{t.reviews}}</a>{{/canReview}}
    {{#canSeeDashboard}}<a href="/dashboard{{langQuery}}">{{t.dashboard}}</a>{{/canSeeDashboard}}
    {{#canSeeEvents}}<a href="/events{{langQuery}}">{{t.eventsNav}}</a>{{/canSeeEvents}}
    {{#canRespond}}<a href="/interest{{langQuery}}">{{t.interestNav}}</a>{{/canRespond}}
    <a href="/notices{{langQuery}}">{{t.notices}}</a>
    {{#user}}<span>{{t.signedInAs}}: {{displayName}} ({{roleName}})</span>
    <form method="post" action="/logout" style="display:inline"><input type="hidden" name="csrf" value="{{csrf}}"><button style="width:auto;padding:.2rem .6rem">{{t.logout}}</button></form>{{/user}}
    {{^user}}<a href="/login{{langQuery}}">{{t.login}}</a>{{/user}}
    <a href="{{otherLanguageHref}}">{{t.language}}</a>
    </header>
    <main>
    {{{body}}}
    </main>
    </body>
    </html>
    """

  static let catalogue = """
    <h1>{{t.catalogue}}</h1>
    <form class="filters" method="get" action="/">
    {{#english}}<input type="hidden" name="lang" value="en">{{/english}}
    <input type="search" name="q" value="{{q}}" placeholder="{{t.searchPlaceholder}}" aria-label="{{t.search}}">
    <select name="field" aria-label="{{t.field}}"><option value="">{{t.anyField}}</option>{{{fieldOptions}}}</select>
    <select name="trl" aria-label="{{t.trl}}"><option value="">{{t.trl}}: {{t.anyTRL}}</option>{{{trlOptions}}}</select>
    <select name="province" aria-label="{{t.province}}"><option value="">{{t.anyProvince}}</option>{{{provinceOptions}}}</select>
    <select name="region" aria-label="{{t.region}}"><option value="">{{t.anyRegion}}</option>{{{regionOptions}}}</select>
    <button type="submit">{{t.search}}</button>
    </form>
    <p class="meta">{{total}} {{t.results}}</p>
    {{{cards}}}
    {{^hasRecords}}<p>{{t.noResults}}</p>{{/hasRecords}}
    <nav class="pager">{{#previousHref}}<a href="{{previousHref}}">{{t.previous}}</a>{{/previousHref}}{{^previousHref}}<span></span>{{/previousHref}}
    <span class="meta">{{page}} {{t.of}} {{pages}}</span>
    {{#nextHref}}<a href="{{nextHref}}">{{t.next}}</a>{{/nextHref}}{{^nextHref}}<span></span>{{/nextHref}}</nav>
    """

  static let achievement = """
    <p><a href="/{{langQuery}}">← {{t.backToCatalogue}}</a></p>
    <article class="card">
    <h1>{{title}}</h1>
    <dl>
    <dt>{{t.field}}</dt><dd>{{field}}</dd>
    <dt>{{t.trl}}</dt><dd>{{trl}}</dd>
    <dt>{{t.institution}}</dt><dd>{{#institution}}{{institution}}{{/institution}}{{^institution}}{{t.withheld}}{{/institution}}</dd>
    <dt>{{t.province}}</dt><dd>{{#province}}{{province}}{{/province}}{{^province}}{{t.withheld}}{{/province}}</dd>
    <dt>{{t.year}}</dt><dd>{{year}}</dd>
    <dt>{{t.transferModes}}</dt><dd>{{transferModes}}</dd>
    <dt>{{t.team}}</dt><dd>{{#team}}{{team}}{{/team}}{{^team}}{{t.withheld}}{{/team}}</dd>
    <dt>{{t.ip}}</dt><dd>{{#ip}}{{ip}}{{/ip}}{{^ip}}{{t.withheld}}{{/ip}}</dd>
    </dl>
    {{#summary}}<h2>{{t.summary}}</h2><p>{{summary}}</p>{{/summary}}
    </article>
    {{#canRespond}}
    <form method="post" action="{{interestAction}}" class="card" id="interest-form">
    <h2>{{t.interest}}</h2>
    {{#interestSaved}}<p class="notice" role="status">{{t.interestSaved}}</p>{{/interestSaved}}
    <input type="hidden" name="csrf" value="{{csrf}}">
    <label for="level">{{t.interestLevel}}</label>
    <select id="level" name="level">{{#levels}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/levels}}</select>
    {{#levelError}}<div class="error" id="level-error">{{levelError}}</div>{{/levelError}}
    <label for="note">{{t.interestNote}}</label><input id="note" name="note" value="{{note}}" maxlength="2000">
    <p><button type="submit" id="interest-button">{{t.submitButton}}</button></p>
    </form>
    {{/canRespond}}
    {{#elsewhere}}<p class="card" id="interest-elsewhere">{{t.interestElsewhere}}</p>{{/elsewhere}}
    """

  static let login = """
    <h1>{{t.login}}</h1>
    {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
    <form method="post" action="/login{{langQuery}}" class="card">
    <input type="hidden" name="csrf" value="{{formCSRF}}">
    <label for="username">{{t.username}}</label><input id="username" name="username" value="{{username}}" autocomplete="username" required>
    <label for="password">{{t.password}}</label><input id="password" name="password" type="password" autocomplete="current-password" required>
    <p><button type="submit" id="login-button">{{t.login}}</button></p>
    </form>
    """

  static let submit = """
    <h1>{{t.submit}}</h1>
    {{#done}}<p class="notice" role="status">{{t.submitted}} <code>{{doneID}}</code></p>{{/done}}
    {{#hasErrors}}<p class="error" role="alert">{{t.fixErrors}}</p>{{/hasErrors}}
    <form method="post" action="/submit{{langQuery}}" class="card" id="submit-form">
    <input type="hidden" name="csrf" value="{{csrf}}">
    {{#fields}}
    <label for="{{name}}">{{label}}{{#required}} <span class="hint">({{t.required}})</span>{{/required}}{{#hint}} <span class="hint">{{hint}}</span>{{/hint}}</label>
    {{#isText}}<input id="{{name}}" name="{{name}}" value="{{value}}" maxlength="{{maxLength}}">{{/isText}}
    {{#isArea}}<textarea id="{{name}}" name="{{name}}" rows="5" maxlength="{{maxLength}}">{{value}}</textarea>{{/isArea}}
    {{#isSelect}}<select id="{{name}}" name="{{name}}">{{#options}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{value}}</option>{{/options}}</select>{{/isSelect}}
    {{#error}}<div class="error" id="{{name}}-error">{{error}}</div>{{/error}}
    {{/fields}}
    <p><button type="submit" id="submit-button">{{t.submitButton}}</button></p>
    </form>
    """

  static let submissions = """
    <h1>{{t.submissions}}{{#scope}} · {{scope}}{{/scope}}</h1>
    {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
    {{#items}}
    <article class="card" id="{{anchor}}">
    <h2>{{title}}</h2>
    <div class="meta">{{id}} · {{t.host}}: {{host}} · {{t.submittedBy}}: {{submittedBy}} · {{submittedAt}} · {{t.status}}: {{status}}</div>
    {{#canReview}}
    <form method="post" action="{{reviewAction}}">
    <input type="hidden" name="csrf" value="{{csrf}}">
    <label for="note-{{anchor}}">{{t.note}}</label><input id="note-{{anchor}}" name="note">
    <p><button type="submit" name="decision" value="cleared" class="clear-button">{{t.clear}}</button></p>
    <p><button type="submit" name="decision" value="restricted" style="background:#5a6573">{{t.restrict}}</button></p>
    </form>
    {{/canReview}}
    </article>
    {{/items}}
    {{^items}}<p>{{t.noSubmissions}}</p>{{/items}}
    """

  static let message = """
    <h1>{{heading}}</h1>
    <p>{{text}}</p>
    <p><a href="/{{langQuery}}">← {{t.backToCatalogue}}</a></p>
    """
}
