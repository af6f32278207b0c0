extension PageTemplates {
    /// One custom field's label and input (tickets', contacts', companies'): its type decides the control.
    static let customFieldInput = """
        <label for="{{input}}">{{label}}{{#secure}} <span class="badge amber">secure</span>{{/secure}}</label>
        {{#text}}<input id="{{input}}" name="{{input}}" value="{{value}}" maxlength="255"{{#invalid}} aria-invalid="true" aria-describedby="form-error"{{/invalid}}>{{/text}}
        {{#paragraph}}<textarea id="{{input}}" name="{{input}}" rows="3"{{#invalid}} aria-invalid="true" aria-describedby="form-error"{{/invalid}}>{{value}}</textarea>{{/paragraph}}
        {{#number}}<input id="{{input}}" name="{{input}}" value="{{value}}" inputmode="numeric"{{#invalid}} aria-invalid="true" aria-describedby="form-error"{{/invalid}}>{{/number}}
        {{#date}}<input id="{{input}}" name="{{input}}" type="date" value="{{value}}"{{#invalid}} aria-invalid="true" aria-describedby="form-error"{{/invalid}}>{{/date}}
        {{#checkbox}}<input id="{{input}}" name="{{input}}" type="checkbox" value="yes"{{#checked}} checked{{/checked}}>{{/checkbox}}
        {{#dropdown}}<select id="{{input}}" name="{{input}}"{{#invalid}} aria-invalid="true" aria-describedby="form-error"{{/invalid}}><option value="">—</option>{{#choices}}<option{{#selected}} selected{{/selected}}>{{choice}}</option>{{/choices}}</select>{{/dropdown}}
        {{#secure}}<input id="{{input}}" name="{{input}}" value="{{value}}" autocomplete="off" maxlength="255" placeholder="{{placeholder}}" aria-describedby="{{input}}-hint">
        <p class="hint" id="{{input}}-hint">{{hint}}</p>{{/secure}}
        """

    static let tickets = """
        {{<layout}}{{$title}}Tickets{{/title}}{{$main}}
        <section class="panel">
          <div class="actions-row spread"><h1>Tickets</h1>{{#can_export}}<a class="button" id="export-tickets" href="{{prefix}}/tickets/export">Export…</a>{{/can_export}}</div>
          <nav class="filters" aria-label="Ticket views">
            {{#views}}<a href="{{href}}"{{#current}} aria-current="page"{{/current}}>{{label}}</a>{{/views}}
          </nav>
          <form method="get" action="{{prefix}}/tickets" class="search" role="search">
            <label for="q" class="sr-only">Search tickets</label>
            <input id="q" name="q" value="{{q}}" placeholder="Words, or a query like status:2 AND priority:4"{{#error}} aria-invalid="true" aria-describedby="form-error"{{/error}}>
            <input type="hidden" name="per_page" value="{{per_page}}">
            <button type="submit" class="small">Search</button>
          </form>
          <div class="table-wrap">
          <table id="tickets">
            <thead><tr><th scope="col">#</th><th scope="col">Subject</th><th scope="col">Requester</th><th scope="col">Status</th><th scope="col">Priority</th><th scope="col">Updated</th></tr></thead>
            <tbody>
            {{{ticket_rows}}}
            </tbody>
          </table>
          </div>
          <div class="pager">
            {{>pager_links}}
            <form method="get" action="{{prefix}}/tickets" class="inline per-page">
              {{#view}}<input type="hidden" name="view" value="{{view}}">{{/view}}
              {{#q}}<input type="hidden" name="q" value="{{q}}">{{/q}}
              <label for="per_page">Per page</label>
              <select id="per_page" name="per_page">{{#per_page_options}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{value}}</option>{{/per_page_options}}</select>
              <button type="submit" class="small">Show</button>
            </form>
          </div>
        </section>
        {{/main}}{{/layout}}
        """

    static let ticket = """
        {{<layout}}{{$title}}#{{id}} {{subject}}{{/title}}{{$main}}
        <div class="ticket">
        <section class="panel thread">
          <p class="crumbs"><a href="{{site_prefix}}/tickets">Tickets</a> / #{{id}}</p>
          <h1>{{subject}}</h1>
          <p class="lead">{{requester}}{{#requester_email}} &lt;{{requester_email}}&gt;{{/requester_email}} · opened {{created}} · <span class="badge {{status_class}}">{{status}}</span></p>
          <ol class="messages" id="thread">
            <li class="message"><div class="meta"><strong>{{requester}}</strong> · {{created}}</div><div class="body">{{description}}</div>{{#ticket_files}}{{#has_files}}<ul class="files">{{#files}}<li><a href="{{site_prefix}}/files/{{file_id}}">{{name}}</a> <span class="muted">{{size}}</span></li>{{/files}}</ul>{{/has_files}}{{/ticket_files}}</li>
            {{#conversations}}
            <li class="message{{#private}} note{{/private}}{{#incoming}} incoming{{/incoming}}"><div class="meta"><strong>{{author}}</strong> · {{created}}{{#private}} <span class="badge amber">private note</span>{{/private}}</div><div class="body">{{body}}</div>{{#has_files}}<ul class="files">{{#files}}<li><a href="{{site_prefix}}/files/{{file_id}}">{{name}}</a> <span class="muted">{{size}}</span></li>{{/files}}</ul>{{/has_files}}</li>
            {{/conversations}}
          </ol>
          {{#writable}}
          {{#has_canned}}<form method="get" action="{{site_prefix}}/tickets/{{id}}" class="compose" id="canned-picker">
            <label for="canned">Start from a canned response</label>
            <select id="canned" name="canned">{{#canned}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/canned}}</select>
            <button type="submit" id="insert-canned">Insert into the reply</button>
          </form>{{/has_canned}}
          <form method="post" action="{{site_prefix}}/tickets/{{id}}/reply" class="compose" enctype="multipart/form-data">
            <input type="hidden" name="csrf" value="{{csrf}}">
            <input type="hidden" name="version" value="{{version}}">
            <label for="reply">Reply to {{requester}}</label>
            <textarea id="reply" name="body" rows="5" required>{{typed_reply}}</textarea>
            <label for="reply-files" class="files-label">Attach files <span class="muted">(up to 20, each at most {{max_file}})</span></label>
            <input id="reply-files" name="attachments" type="file" multiple>
            <button type="submit" class="primary">Send reply</button>
          </form>
          <form method="post" action="{{site_prefix}}/tickets/{{id}}/note" class="compose" enctype="multipart/form-data">
            <input type="hidden" name="csrf" value="{{csrf}}">
            <input type="hidden" name="version" value="{{version}}">
            <label for="note">Private note (agents only)</label>
            <textarea id="note" name="body" rows="3" required>{{typed_note}}</textarea>
            <label for="note-files" class="files-label">Attach files</label>
            <input id="note-files" name="attachments" type="file" multiple>
            <button type="submit">Add note</button>
          </form>
          {{/writable}}
        </section>
        <aside class="panel properties">
          <h2>Properties</h2>
          {{#has_sla}}<dl class="sla" id="sla">{{#sla}}<dt>{{label}}</dt><dd><span class="when">{{date}}</span>{{#has_state}} <span class="badge {{state_class}}">{{state}}</span>{{/has_state}}</dd>{{/sla}}</dl>
          {{#sla_stands}}<p class="hint">The SLA clock stands while the ticket is {{status_lower}}.</p>{{/sla_stands}}{{/has_sla}}
          <form method="post" action="{{site_prefix}}/tickets/{{id}}/properties">
            <input type="hidden" name="csrf" value="{{csrf}}">
            <input type="hidden" name="version" value="{{version}}">
            <label for="status">Status</label>
            <select id="status" name="status">{{#statuses}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/statuses}}</select>
            <label for="priority">Priority</label>
            <select id="priority" name="priority">{{#priorities}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/priorities}}</select>
            <label for="type">Type</label>
            <select id="type" name="type"><option value="">—</option>{{#types}}<option{{#selected}} selected{{/selected}}>{{value}}</option>{{/types}}</select>
            <label for="group">Group</label>
            <select id="group" name="group"><option value="">—</option>{{#groups}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/groups}}</select>
            <label for="agent">Agent</label>
            <select id="agent" name="agent"><option value="">—</option>{{#agents}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/agents}}</select>
            <label for="tags">Tags (comma separated)</label>
            <input id="tags" name="tags" value="{{tags}}">
            {{#custom_fields}}{{>custom_field_input}}{{/custom_fields}}
            {{#writable}}<button type="submit" class="primary">Update</button>{{/writable}}
          </form>
          {{#has_scenarios}}<form method="post" action="{{site_prefix}}/tickets/{{id}}/scenario" id="scenario-form">
            <input type="hidden" name="csrf" value="{{csrf}}">
            <label for="scenario">Run a scenario</label>
            <select id="scenario" name="scenario">{{#scenarios}}<option value="{{value}}">{{label}}</option>{{/scenarios}}</select>
            <button type="submit" id="run-scenario">Run</button>
          </form>{{/has_scenarios}}
        </aside>
        </div>
        {{/main}}{{/layout}}
        """
}
