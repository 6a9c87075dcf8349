extension Templates {
  /// The work pages' templates: an expert's reviews and scoring form, the host's dashboard.
  static let work: [String: String] = [
    "reviews": reviews, "reviewForm": reviewForm, "dashboard": dashboard, "notices": notices, "events": events,
    "interest": interest,
  ]

  static let notices = """
    <h1>{{t.notices}}</h1>
    {{#saved}}<p class="notice" role="status">{{t.noticePublished}}</p>{{/saved}}
    {{#hasErrors}}<p class="error" role="alert">{{t.fixErrors}}</p>{{/hasErrors}}
    {{#canPublish}}
    <form method="post" action="/notices{{langQuery}}" class="card" id="notice-form">
    <h2>{{t.publishNotice}}</h2>
    <input type="hidden" name="csrf" value="{{csrf}}">
    <label for="title">{{t.noticeTitle}}</label><input id="title" name="title" value="{{title}}" maxlength="200">
    {{#titleError}}<div class="error" id="title-error">{{titleError}}</div>{{/titleError}}
    <label for="audience">{{t.audience}}</label>
    <select id="audience" name="audience">{{#audiences}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/audiences}}</select>
    {{#audienceError}}<div class="error" id="audience-error">{{audienceError}}</div>{{/audienceError}}
    <label for="body">{{t.noticeBody}}</label><textarea id="body" name="body" rows="5" maxlength="10000">{{body}}</textarea>
    {{#bodyError}}<div class="error" id="body-error">{{bodyError}}</div>{{/bodyError}}
    <p><button type="submit" id="notice-button">{{t.publishNotice}}</button></p>
    </form>
    {{/canPublish}}
    {{#notices}}
    <article class="card notice-item"><h2>{{title}}</h2>
    <div class="meta">{{date}} · {{t.publishedBy}}: {{publisher}} · {{t.audience}}: {{audience}}</div>
    <p style="white-space:pre-wrap">{{body}}</p></article>
    {{/notices}}
    {{^notices}}<p>{{t.noNotices}}</p>{{/notices}}
    """

  static let events = """
    <h1>{{t.eventsNav}}</h1>
    {{#saved}}<p class="notice" role="status">{{t.registrationSaved}}</p>{{/saved}}
    {{#enterprise}}
    <h2>{{t.openEvents}}</h2>
    {{#events}}
    <form method="post" action="{{action}}" class="card" id="{{anchor}}">
    <h2>{{name}}</h2>
    <div class="meta">{{date}} · {{t.host}}: {{host}}{{#registered}} · <strong>{{t.registered}}</strong>{{/registered}}</div>
    <input type="hidden" name="csrf" value="{{csrf}}">
    <label for="contact-{{anchor}}">{{t.contact}} <span class="hint">({{t.required}})</span></label>
    <input id="contact-{{anchor}}" name="contact" value="{{contact}}" maxlength="200">
    {{#contactError}}<div class="error">{{contactError}}</div>{{/contactError}}
    <label for="demand-{{anchor}}">{{t.demand}} <span class="hint">{{t.demandHint}}</span></label>
    <textarea id="demand-{{anchor}}" name="demand" rows="3" maxlength="2000">{{demand}}</textarea>
    {{#demandError}}<div class="error">{{demandError}}</div>{{/demandError}}
    <p><button type="submit" class="register-button">{{t.register}}</button></p>
    </form>
    {{/events}}
    {{^events}}<p>{{t.noOpenEvents}}</p>{{/events}}
    {{/enterprise}}
    {{^enterprise}}
    <h2>{{t.registrations}}</h2>
    <table><thead><tr><th>{{t.programme}}</th><th>{{t.organisation}}</th><th>{{t.contact}}</th><th>{{t.demand}}</th><th>{{t.date}}</th></tr></thead><tbody>
    {{#registrations}}<tr><td>{{event}}</td><td>{{organisation}}</td><td>{{contact}}</td><td>{{demand}}</td><td>{{date}}</td></tr>
    {{/registrations}}
    </tbody></table>
    {{^registrations}}<p>{{t.noRegistrations}}</p>{{/registrations}}
    {{/enterprise}}
    """

  static let interest = """
    <h1>{{#office}}{{t.responses}}{{/office}}{{^office}}{{t.interestNav}}{{/office}}</h1>
    {{#office}}<p><a href="/interest.csv" id="responses-csv">{{t.responsesCSV}}</a></p>{{/office}}
    <table><thead><tr><th>{{t.title}}</th>{{#office}}<th>{{t.organisation}}</th>{{/office}}<th>{{t.interestLevel}}</th><th>{{t.interestNote}}</th></tr></thead><tbody>
    {{#responses}}<tr><td><a href="{{href}}">{{title}}</a></td>{{#office}}<td>{{organisation}}</td>{{/office}}<td>{{level}}</td><td>{{note}}</td></tr>
    {{/responses}}
    </tbody></table>
    {{^responses}}<p>{{t.noResponses}}</p>{{/responses}}
    """

  static let reviews = """
    <h1>{{t.reviews}}</h1>
    {{#noScope}}<p class="notice">{{t.noExpertID}}</p>{{/noScope}}
    {{#rounds}}
    <section class="card"><h2>{{name}}</h2>
    <div class="meta">{{kind}} · {{done}}/{{total}} {{t.scoredCount}}</div>
    <table><thead><tr><th>{{t.achievementID}}</th><th>{{t.title}}</th><th>{{t.status}}</th></tr></thead><tbody>
    {{#tasks}}<tr><td>{{id}}</td><td>{{#href}}<a href="{{href}}">{{title}}</a>{{/href}}{{^href}}{{t.awaitingClearance}}{{/href}}</td><td class="status-{{statusKey}}">{{status}}</td></tr>
    {{/tasks}}
    </tbody></table></section>
    {{/rounds}}
    {{^rounds}}{{^noScope}}<p>{{t.noTasks}}</p>{{/noScope}}{{/rounds}}
    """

  static let reviewForm = """
    <p><a href="/reviews{{langQuery}}">← {{t.reviews}}</a></p>
    {{#done}}<p class="notice" role="status">{{t.scoreRecorded}}</p>{{/done}}
    {{#hasErrors}}<p class="error" role="alert">{{t.fixErrors}}</p>{{/hasErrors}}
    <article class="card"><h1>{{title}}</h1>
    <div class="meta">{{roundName}} · {{id}} · {{kind}}</div>
    <dl>
    {{#field}}<dt>{{t.field}}</dt><dd>{{field}}</dd>{{/field}}
    <dt>{{t.trl}}</dt><dd>{{trl}}</dd>
    {{#institution}}<dt>{{t.institution}}</dt><dd>{{institution}}</dd>{{/institution}}
    {{#year}}<dt>{{t.year}}</dt><dd>{{year}}</dd>{{/year}}
    </dl>
    {{#summary}}<p>{{summary}}</p>{{/summary}}
    </article>
    <form method="post" action="{{action}}" class="card" id="score-form">
    <input type="hidden" name="csrf" value="{{csrf}}">
    {{#criteria}}
    <label for="{{name}}">{{label}} <span class="hint">{{t.weight}} {{weight}} · {{min}}–{{max}}</span></label>
    <input id="{{name}}" name="{{name}}" type="number" min="{{min}}" max="{{max}}" step="0.5" value="{{value}}" inputmode="decimal">
    {{#error}}<div class="error" id="{{name}}-error">{{error}}</div>{{/error}}
    {{/criteria}}
    <label for="comment">{{t.comment}}</label><textarea id="comment" name="comment" rows="3" maxlength="2000">{{comment}}</textarea>
    <label for="recusal">{{t.recusal}} <span class="hint">{{t.recusalHint}}</span></label>
    <input id="recusal" name="recusal" value="{{recusal}}" maxlength="500">
    {{#recusalError}}<div class="error" id="recusal-error">{{recusalError}}</div>{{/recusalError}}
    <p><button type="submit" id="score-button">{{t.submitScores}}</button></p>
    </form>
    """

  static let dashboard = """
    <h1>{{t.dashboard}} · {{scope}}</h1>
    <p class="meta">{{t.asOf}} {{asOf}}</p>
    {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
    {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
    {{#hasRunLines}}<pre class="card" id="run-output" style="white-space:pre-wrap;font-size:.85rem">{{#runLines}}{{.}}
    {{/runLines}}</pre>{{/hasRunLines}}
    {{#canRun}}<form method="post" action="/dashboard/run{{langQuery}}" class="card" id="run-form">
    <input type="hidden" name="csrf" value="{{csrf}}">
    <button type="submit" id="run-button">{{t.runPipeline}}</button>
    </form>{{/canRun}}
    <section class="card" id="funnel"><h2>{{t.funnel}}</h2>
    <table><tbody>
    {{#funnel}}<tr><th>{{label}}</th><td class="n">{{value}}</td><td style="width:60%"><div class="bar" style="width:{{percent}}%"></div></td></tr>
    {{/funnel}}
    </tbody></table></section>
    <section class="card" id="events"><h2>{{t.events}}</h2>
    <table><thead><tr><th>{{t.date}}</th><th>{{t.programme}}</th><th>{{t.host}}</th><th class="n">{{t.collected}}</th><th class="n">{{t.pitched}}</th><th class="n">{{t.participants}}</th><th class="n">{{t.meetings}}</th></tr></thead><tbody>
    {{#events}}<tr><td>{{date}}</td><td>{{programme}}</td><td>{{host}}</td><td class="n">{{collected}}</td><td class="n">{{pitched}}</td><td class="n">{{participants}}</td><td class="n">{{meetings}}</td></tr>
    {{/events}}
    </tbody></table></section>
    <section class="card" id="chain"><h2>{{t.chain}}</h2>
    <table><tbody>
    {{#chain}}<tr><th>{{label}}</th><td class="n">{{projects}} {{t.projects}}</td></tr>
    {{/chain}}
    </tbody></table></section>
    <section class="card" id="due"><h2>{{t.followUpDue}}</h2>
    <table><tbody>
    {{#dueItems}}<tr><td>{{dueDate}}</td><td class="status-{{statusKey}}">{{status}}</td><td>{{id}}</td><td>{{title}}</td></tr>
    {{/dueItems}}
    </tbody></table>
    {{^dueItems}}<p>{{t.noneDue}}</p>{{/dueItems}}
    {{#moreDue}}<p class="meta">{{t.moreDue}} {{moreDue}} {{t.moreDueTail}}</p>{{/moreDue}}
    </section>
    <section class="card" id="todo"><h2>{{t.todo}}</h2>
    <p><strong>{{pending}}</strong> {{t.todoText}}</p>
    {{#canClear}}<p><a href="/submissions{{langQuery}}">{{t.reviewThem}}</a></p>{{/canClear}}
    </section>
    <section class="card" id="targets"><h2>{{t.targets}}</h2>
    <table><tbody>
    {{#targets}}<tr><th>{{label}}</th><td class="n">{{value}} / {{target}}</td><td style="width:40%"><div class="bar" style="width:{{percent}}%"></div></td></tr>
    {{/targets}}
    </tbody></table></section>
    """
}
