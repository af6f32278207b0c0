extension PageTemplates {
    static let home = """
        {{<layout}}{{$title}}Home{{/title}}{{$main}}
        <section class="panel">
          <h1>Welcome, {{person}}</h1>
          <p class="lead">You are signed in to {{tenant_name}}{{#role}} as {{role}}{{/role}}.</p>
          {{#access_ends}}<p class="notice">Your occasional access ends on {{access_ends}}.</p>{{/access_ends}}
          <ul class="tiles">
            {{#tiles}}<li><a href="{{href}}"><strong>{{label}}</strong><span>{{about}}</span></a></li>{{/tiles}}
          </ul>
          {{^two_factor}}{{#is_agent}}<p class="hint">Two-step verification is off for your account. <a href="{{prefix}}/two-factor/enroll">Turn it on</a>.</p>{{/is_agent}}{{/two_factor}}
        </section>
        {{/main}}{{/layout}}
        """

    static let password = """
        {{<layout}}{{$title}}Password{{/title}}{{$main}}
        <section class="card">
          <h1>Change your password</h1>
          <p>At least {{minimum}} characters; common passwords are refused. Your other sessions end when you change it.</p>
          <form method="post" action="{{prefix}}/password" novalidate>
            <input type="hidden" name="csrf" value="{{csrf}}">
            <label for="current_password">Current password</label>
            <input id="current_password" name="current_password" type="password" autocomplete="current-password" required>
            <label for="new_password">New password</label>
            <input id="new_password" name="new_password" type="password" autocomplete="new-password" minlength="{{minimum}}" required{{#error}} aria-invalid="true" aria-describedby="form-error"{{/error}}>
            <label for="repeat_password">New password again</label>
            <input id="repeat_password" name="repeat_password" type="password" autocomplete="new-password" required>
            <button type="submit" class="primary">Change password</button>
          </form>
        </section>
        {{/main}}{{/layout}}
        """

    static let sessions = """
        {{<layout}}{{$title}}Your sessions{{/title}}{{$main}}
        <section class="panel">
          <h1>Your sessions</h1>
          <p>Every browser signed in to your account. End any you do not recognise, and change your password.</p>
          <div class="table-wrap">
          <table id="sessions">
            <thead><tr><th scope="col">Device</th><th scope="col">Address</th><th scope="col">Signed in</th><th scope="col">Last seen</th><th scope="col"><span class="sr-only">Action</span></th></tr></thead>
            <tbody>
            {{#sessions}}
            <tr{{#current}} class="current"{{/current}}>
              <td>{{device}}{{#current}} <span class="badge green">this browser</span>{{/current}}</td>
              <td>{{address}}</td><td>{{created}}</td><td>{{last_seen}}</td>
              <td>{{^current}}<form method="post" action="{{prefix}}/sessions/end"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="id" value="{{id}}"><button type="submit" class="small">End</button></form>{{/current}}</td>
            </tr>
            {{/sessions}}
            </tbody>
          </table>
          </div>
          <form method="post" action="{{prefix}}/sessions/end-others" class="inline">
            <input type="hidden" name="csrf" value="{{csrf}}">
            <button type="submit" id="end-others">Sign out everywhere else</button>
          </form>
        </section>
        {{/main}}{{/layout}}
        """

    /// An agent's own keys, or (`every_agent`) the admin's view of everyone's, with the owner named and chosen.
    static let apiKeys = """
        {{<layout}}{{$title}}API keys{{/title}}{{$main}}
        <section class="panel">
          {{#every_agent}}<h1>Every agent's API keys</h1>
          <p class="lead">Each key acts as its agent, with their role. Revoke a key here when a script or a person should lose access; it stops with the next request.</p>{{/every_agent}}
          {{^every_agent}}<h1>Your API keys</h1>{{/every_agent}}
          {{#created_key}}
          <div class="reveal" role="status">
            <p><strong>The new key{{#created_for}} for {{created_for}}{{/created_for}}.</strong> Copy it now: it is shown only once.</p>
            <code id="new-key">{{created_key}}</code>
          </div>
          {{/created_key}}
          <div class="table-wrap">
          <table id="keys">
            <thead><tr>{{#every_agent}}<th scope="col">Agent</th>{{/every_agent}}<th scope="col">Name</th><th scope="col">Key</th><th scope="col">Scope</th><th scope="col">Expires</th><th scope="col">Last used</th><th scope="col">Allowlist</th><th scope="col"><span class="sr-only">Action</span></th></tr></thead>
            <tbody>
            {{#keys}}
            <tr{{#revoked}} class="revoked"{{/revoked}}>
              {{#every_agent}}<td>{{owner}}</td>{{/every_agent}}<td>{{name}}</td><td><code>{{prefix}}…</code></td><td>{{scope}}</td><td>{{expires}}</td><td>{{last_used}}</td><td>{{allowlist}}</td>
              <td>{{#revoked}}<span class="badge red">revoked</span>{{/revoked}}{{^revoked}}<form method="post" action="{{action}}/revoke"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="id" value="{{id}}"><button type="submit" class="small danger" aria-label="Revoke {{name}}">Revoke</button></form>{{/revoked}}</td>
            </tr>
            {{/keys}}
            {{^keys}}<tr><td colspan="8">No keys yet.</td></tr>{{/keys}}
            </tbody>
          </table>
          </div>
          <h2>New key</h2>
          <form method="post" action="{{action}}" class="grid" novalidate>
            <input type="hidden" name="csrf" value="{{csrf}}">
            {{#every_agent}}<div><label for="agent">For agent</label><select id="agent" name="agent" required><option value="">Choose…</option>{{#agent_choices}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/agent_choices}}</select></div>{{/every_agent}}
            <div><label for="name">Name</label><input id="name" name="name" maxlength="100" required value="{{form_name}}" placeholder="Reporting script"></div>
            <div><label for="expires">Expires on (optional)</label><input id="expires" name="expires" type="date" value="{{form_expires}}"></div>
            <div class="check"><input id="read_only" name="read_only" type="checkbox" value="1"{{#form_read_only}} checked{{/form_read_only}}><label for="read_only">Read-only (can only read)</label></div>
            <div class="full"><label for="allowlist">Allowed addresses (optional, one CIDR per line)</label><textarea id="allowlist" name="allowlist" rows="3" placeholder="203.0.113.0/24">{{form_allowlist}}</textarea></div>
            <div class="full"><button type="submit" class="primary">Create key</button></div>
          </form>
        </section>
        {{/main}}{{/layout}}
        """
}

extension PageTemplates {
    /// A hub behind the bar ("Account", "Admin"): its pages as tiles.
    static let hub = """
        {{<layout}}{{$title}}{{heading}}{{/title}}{{$main}}
        <section class="panel">
          <h1>{{heading}}</h1>
          <ul class="tiles">
            {{#hub_tiles}}<li><a href="{{href}}"><strong>{{label}}</strong><span>{{about}}</span></a></li>{{/hub_tiles}}
          </ul>
        </section>
        {{/main}}{{/layout}}
        """
}
