extension PageTemplates {
    static let auditLog = """
        {{<layout}}{{$title}}Audit log{{/title}}{{$main}}
        <section class="panel">
          <div class="actions-row spread">
            <h1>Audit log</h1>
            <div class="actions-row">
              <form method="post" action="{{prefix}}/admin/audit/verify" class="inline"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" id="verify-chain">Verify chain</button></form>
              <a class="button" id="export" href="{{export}}" download>Export CSV</a>
            </div>
          </div>
          {{#intact}}<p class="notice" role="status" id="chain-result">{{intact}}</p>{{/intact}}
          {{#broken}}<p class="error" role="alert" id="chain-result">{{broken}}</p>{{/broken}}
          <p class="hint">Every change to your helpdesk, newest first. Entries are hash-chained: none can be changed or removed without "Verify chain" naming it.</p>
          <form method="get" action="{{prefix}}/admin/audit" class="grid filters-form" aria-label="Filters">
            <div><label for="since">From</label><input id="since" name="since" type="date" value="{{since}}"{{#invalid_since}} aria-invalid="true" aria-describedby="form-error"{{/invalid_since}}></div>
            <div><label for="until">Until</label><input id="until" name="until" type="date" value="{{until}}"{{#invalid_until}} aria-invalid="true" aria-describedby="form-error"{{/invalid_until}}></div>
            <div><label for="actor">Actor</label><input id="actor" name="actor" value="{{actor}}" placeholder="agent id, or agent, contact, system, operator"{{#invalid_actor}} aria-invalid="true" aria-describedby="form-error"{{/invalid_actor}}></div>
            <div><label for="action">Action</label><input id="action" name="action" value="{{action}}" placeholder="ticket.created or ticket.*"{{#invalid_action}} aria-invalid="true" aria-describedby="form-error"{{/invalid_action}}></div>
            <div><label for="target_type">Target type</label><input id="target_type" name="target_type" value="{{target_type}}" placeholder="ticket, contact, agent…"{{#invalid_target_type}} aria-invalid="true" aria-describedby="form-error"{{/invalid_target_type}}></div>
            <div><label for="target_id">Target id</label><input id="target_id" name="target_id" value="{{target_id}}"{{#invalid_target_id}} aria-invalid="true" aria-describedby="form-error"{{/invalid_target_id}}></div>
            <div class="full"><button type="submit" class="primary" id="filter">Filter</button> <a class="button" href="{{prefix}}/admin/audit">Clear</a></div>
          </form>
          <div class="table-wrap">
          <table id="audit">
            <thead><tr><th scope="col">#</th><th scope="col">When</th><th scope="col">Actor</th><th scope="col">Action</th><th scope="col">Target</th><th scope="col">From</th><th scope="col">Details</th></tr></thead>
            <tbody>
            {{#entries}}<tr><td>{{seq}}</td><td>{{time}}</td><td>{{actor}}</td><td><code>{{action}}</code></td><td>{{target}}</td><td>{{address}}</td><td class="details"><code>{{details}}</code></td></tr>{{/entries}}
            {{^entries}}<tr><td colspan="7">No entries match.</td></tr>{{/entries}}
            </tbody>
          </table>
          </div>
          <div class="pager">
            {{#previous}}<a class="button small" href="{{previous}}" rel="prev">Newer</a>{{/previous}}
            <span>Page {{page}}</span>
            {{#next}}<a class="button small" href="{{next}}" rel="next">Older</a>{{/next}}
          </div>
        </section>
        {{/main}}{{/layout}}
        """
}
