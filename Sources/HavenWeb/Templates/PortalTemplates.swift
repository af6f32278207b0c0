extension PageTemplates {
    static let portalHome = """
        {{<layout}}{{$title}}{{portal_title}}{{/title}}{{$main}}
        <section class="panel hero">
          <h1>{{portal_title}}</h1>
          <p class="lead">{{welcome}}</p>
          {{>help_search_box}}
          <div class="actions-row">
            <a class="button" href="/help">Browse help articles</a>
            {{#signed_in}}<a class="button primary" href="/tickets/new">Open a ticket</a> <a class="button" href="/tickets">My tickets</a>{{/signed_in}}
            {{^signed_in}}
            {{#anonymous}}<a class="button primary" href="/tickets/new">Open a ticket</a>{{/anonymous}}
            <a class="button" href="/sign-in">Sign in to see your tickets</a>
            {{/signed_in}}
          </div>
        </section>
        {{/main}}{{/layout}}
        """

    /// The fields of a new ticket, shared by the portal's form and the widget's (a partial).
    static let ticketFormFields = """
        {{#visitor}}
        <div class="grid">
          <div><label for="name">Your name</label>
          <input id="name" name="name" value="{{name}}" maxlength="255" autocomplete="name" required{{#invalid_name}} aria-invalid="true" aria-describedby="form-error"{{/invalid_name}}></div>
          <div><label for="email">Your e-mail</label>
          <input id="email" name="email" type="email" value="{{email}}" maxlength="254" autocomplete="email" required{{#invalid_email}} aria-invalid="true" aria-describedby="form-error"{{/invalid_email}}></div>
        </div>
        {{/visitor}}
        <label for="subject">Subject</label>
        <input id="subject" name="subject" value="{{subject}}" maxlength="255" required{{#suggest}} autocomplete="off"{{/suggest}}{{#invalid_subject}} aria-invalid="true" aria-describedby="form-error"{{/invalid_subject}}>
        {{#suggest}}<div id="suggestions" class="suggestions" aria-live="polite" hidden></div>{{/suggest}}
        <label for="description">How can we help?</label>
        <textarea id="description" name="description" rows="6" required{{#invalid_description}} aria-invalid="true" aria-describedby="form-error"{{/invalid_description}}>{{description}}</textarea>
        {{#fields}}
        {{#checkbox}}<div class="check"><input type="checkbox" id="cf_{{name}}" name="cf_{{name}}" value="true"{{#checked}} checked{{/checked}}{{#invalid}} aria-invalid="true"{{/invalid}}><label for="cf_{{name}}">{{label}}</label></div>{{/checkbox}}
        {{^checkbox}}<label for="cf_{{name}}">{{label}}{{^required}} <span class="hint">(optional)</span>{{/required}}</label>
        {{#paragraph}}<textarea id="cf_{{name}}" name="cf_{{name}}" rows="3"{{#invalid}} aria-invalid="true"{{/invalid}}>{{value}}</textarea>{{/paragraph}}
        {{#dropdown}}<select id="cf_{{name}}" name="cf_{{name}}"{{#invalid}} aria-invalid="true"{{/invalid}}><option value="">—</option>{{#choices}}<option{{#selected}} selected{{/selected}}>{{value}}</option>{{/choices}}</select>{{/dropdown}}
        {{#input_type}}<input id="cf_{{name}}" name="cf_{{name}}" type="{{input_type}}" value="{{value}}"{{#invalid}} aria-invalid="true"{{/invalid}}>{{/input_type}}
        {{/checkbox}}
        {{/fields}}
        {{#consent}}
        <div class="consent">
          <p class="consent-text" id="consent-text">{{text}}</p>
          <input type="hidden" name="consent_version" value="{{version}}">
          <div class="check"><input type="checkbox" id="consent" name="consent" value="yes" required aria-describedby="consent-text"{{#checked}} checked{{/checked}}{{#invalid_consent}} aria-invalid="true"{{/invalid_consent}}><label for="consent">I agree</label></div>
        </div>
        {{/consent}}
        """

    static let portalNewTicket = """
        {{<layout}}{{$title}}New ticket{{/title}}{{$head}}<script src="/static/portal.js" defer></script>{{/head}}{{$main}}
        <section class="card wide">
          <h1>Open a ticket</h1>
          <form method="post" action="/tickets/new" novalidate>
            <input type="hidden" name="csrf" value="{{csrf}}">
            {{>ticket_form_fields}}
            <button type="submit" class="primary">Send</button>
          </form>
          {{#visitor}}<p class="aside">Have an account? <a href="/sign-in">Sign in</a> to follow your tickets here.</p>{{/visitor}}
        </section>
        {{/main}}{{/layout}}
        """

    static let portalTickets = """
        {{<layout}}{{$title}}My tickets{{/title}}{{$main}}
        <section class="panel">
          <div class="actions-row spread"><h1>My tickets</h1><a class="button primary" href="/tickets/new">Open a ticket</a></div>
          <div class="table-wrap">
          <table id="tickets">
            <thead><tr><th scope="col">#</th><th scope="col">Subject</th><th scope="col">Status</th><th scope="col">Updated</th></tr></thead>
            <tbody>
            {{#tickets}}<tr><td>{{id}}</td><td><a href="/tickets/{{id}}">{{subject}}</a></td><td><span class="badge {{status_class}}">{{status}}</span></td><td>{{updated}}</td></tr>{{/tickets}}
            {{^tickets}}<tr><td colspan="4">You have no tickets yet.</td></tr>{{/tickets}}
            </tbody>
          </table>
          </div>
          <div class="pager">
            {{>pager_links}}
          </div>
        </section>
        {{/main}}{{/layout}}
        """

    static let portalTicket = """
        {{<layout}}{{$title}}#{{id}} {{subject}}{{/title}}{{$main}}
        <section class="panel thread">
          <p class="crumbs"><a href="/tickets">My tickets</a> / #{{id}}</p>
          <h1>{{subject}}</h1>
          <p class="lead">Opened {{created}} · <span class="badge {{status_class}}">{{status}}</span></p>
          <ol class="messages" id="thread">
            <li class="message incoming"><div class="meta"><strong>You</strong> · {{created}}</div><div class="body">{{description}}</div>{{#ticket_files}}{{#has_files}}<ul class="files">{{#files}}<li><a href="/files/{{file_id}}">{{name}}</a> <span class="muted">{{size}}</span></li>{{/files}}</ul>{{/has_files}}{{/ticket_files}}</li>
            {{#conversations}}
            <li class="message{{#incoming}} incoming{{/incoming}}"><div class="meta"><strong>{{author}}</strong> · {{created}}</div><div class="body">{{body}}</div>{{#has_files}}<ul class="files">{{#files}}<li><a href="/files/{{file_id}}">{{name}}</a> <span class="muted">{{size}}</span></li>{{/files}}</ul>{{/has_files}}</li>
            {{/conversations}}
          </ol>
          {{#survey}}<section id="rate" class="rating">
            <h2>How did we do?</h2>
            {{#rated}}<p class="lead" id="rated">Thank you: you rated our help “{{rated_label}}”. You can rate it again below.</p>{{/rated}}
            <form method="post" action="/tickets/{{id}}/rate" novalidate>
              <input type="hidden" name="csrf" value="{{csrf}}">
              {{#questions}}<fieldset><legend>{{label}}</legend><div class="checks">{{#choices}}<div class="check"><input type="radio" id="{{input}}" name="{{name}}" value="{{value}}"><label for="{{input}}">{{label}}</label></div>{{/choices}}</div></fieldset>{{/questions}}
              <label for="feedback">Anything to add? <span class="hint">(optional)</span></label>
              <textarea id="feedback" name="feedback" rows="3" maxlength="10000"></textarea>
              <button type="submit" id="send-rating">Send rating</button>
            </form>
          </section>{{/survey}}
          <form method="post" action="/tickets/{{id}}/reply" class="compose" novalidate>
            <input type="hidden" name="csrf" value="{{csrf}}">
            <input type="hidden" name="version" value="{{version}}">
            <label for="reply">Your reply</label>
            <textarea id="reply" name="body" rows="5" required{{#error}} aria-invalid="true" aria-describedby="form-error"{{/error}}>{{typed}}</textarea>
            <button type="submit" class="primary">Send reply</button>
          </form>
        </section>
        {{/main}}{{/layout}}
        """

    static let portalPrivacy = """
        {{<layout}}{{$title}}Privacy{{/title}}{{$main}}
        <section class="panel">
          <h1>Your consent</h1>
          {{#given}}
          <p class="lead">You have agreed to how we keep your data. You can withdraw that at any time.</p>
          <form method="post" action="/privacy"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="decision" value="withdraw"><button type="submit" class="danger" id="withdraw">Withdraw my consent</button></form>
          {{/given}}
          {{#can_give}}
          <p class="consent-text">{{current_text}}</p>
          <form method="post" action="/privacy"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="decision" value="give"><button type="submit" class="primary" id="give">I agree</button></form>
          {{/can_give}}
          <h2>What you agreed to, and when</h2>
          <ul class="messages" id="consents">
            {{#entries}}<li class="message"><div class="meta"><strong>{{action}}</strong> · {{recorded}} · version {{version}} · {{channel}}</div><div class="body">{{text}}</div></li>{{/entries}}
            {{^entries}}<li>Nothing on record.</li>{{/entries}}
          </ul>
        </section>
        {{/main}}{{/layout}}
        """
}
