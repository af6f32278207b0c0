extension PageTemplates {
    static let agents = """
        {{<layout}}{{$title}}Agents{{/title}}{{$main}}
        <section class="panel">
          <h1>Agents</h1>
          {{#issued}}<div class="reveal" role="status" id="invitation"><p>We have e-mailed {{email}} this link; it sets their password and works once, until {{until}}. If the mail does not arrive, hand it over yourself: it is not shown again.</p><code>{{link}}</code></div>{{/issued}}
          <div class="table-wrap">
          <table id="agents">
            <thead><tr><th scope="col">Name</th><th scope="col">E-mail</th><th scope="col">Role</th><th scope="col"></th></tr></thead>
            <tbody>
            {{#agents}}
            <tr id="agent-{{id}}">
              <td>{{name}}{{#occasional}} <span class="badge amber">occasional</span>{{/occasional}}{{#is_me}} <span class="badge">you</span>{{/is_me}}</td>
              <td>{{email}}</td>
              <td>
                <form method="post" action="{{site_prefix}}/admin/agents/role" class="actions-row">
                  <input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="agent_id" value="{{id}}">
                  <label for="role-{{id}}" class="sr-only">Role of {{name}}</label>
                  <select id="role-{{id}}" name="role">{{#roles}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/roles}}</select>
                  <button type="submit" class="small">Change</button>
                </form>
              </td>
              <td class="actions">{{^is_me}}<form method="post" action="{{site_prefix}}/admin/agents/remove"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="agent_id" value="{{id}}"><button type="submit" class="small danger">Turn into contact</button></form>{{/is_me}}</td>
            </tr>
            {{/agents}}
            </tbody>
          </table>
          </div>
          {{#more}}<p class="hint">The first 100 agents are shown; <code>GET /api/v2/agents</code> pages through all.</p>{{/more}}
          <h2>Invite an agent</h2>
          <form method="post" action="{{prefix}}/admin/agents/invite" class="grid" novalidate>
            <input type="hidden" name="csrf" value="{{csrf}}">
            <div><label for="invite_email">E-mail</label><input id="invite_email" name="email" type="email" value="{{typed_email}}" required{{#invalid_email}} aria-invalid="true" aria-describedby="form-error"{{/invalid_email}}></div>
            <div><label for="invite_name">Name</label><input id="invite_name" name="name" value="{{typed_name}}"{{#invalid_name}} aria-invalid="true" aria-describedby="form-error"{{/invalid_name}}></div>
            <div><label for="invite_role">Role</label><select id="invite_role" name="role"{{#invalid_role}} aria-invalid="true"{{/invalid_role}}>{{#role_choices}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/role_choices}}</select></div>
            <div><label for="invite_until">Occasional until <span class="hint">(optional, at most 90 days)</span></label><input id="invite_until" name="until" type="date" value="{{typed_until}}"{{#invalid_until}} aria-invalid="true" aria-describedby="form-error"{{/invalid_until}}></div>
            <div class="full"><button type="submit" class="primary">Invite</button></div>
          </form>
        </section>
        {{/main}}{{/layout}}
        """
}
