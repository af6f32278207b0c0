extension PageTemplates {
    static let security = """
        {{<layout}}{{$title}}Security{{/title}}{{$main}}
        <section class="panel">
          <h1>Security</h1>
          {{#lockout_warning}}
          <div class="warning" role="alert" id="lockout-warning">
            <p>{{lockout_warning}}</p>
          </div>
          {{/lockout_warning}}
          <form method="post" action="{{prefix}}/admin/security" class="grid" novalidate>
            <input type="hidden" name="csrf" value="{{csrf}}">
            <fieldset class="full">
              <legend>Agents' sign-in</legend>
              <div class="grid">
                {{#agent_fields}}<div><label for="agents.{{key}}">{{label}}</label><input id="agents.{{key}}" name="agents.{{key}}" type="number" min="{{min}}" max="{{max}}" value="{{value}}"{{#invalid}} aria-invalid="true"{{/invalid}}></div>{{/agent_fields}}
                <div><label for="two_factor">Two-step verification required for</label>
                  <select id="two_factor" name="two_factor">{{#two_factor_options}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/two_factor_options}}</select></div>
              </div>
            </fieldset>
            <fieldset class="full">
              <legend>Customers' sign-in (portal)</legend>
              <div class="grid">
                {{#contact_fields}}<div><label for="contacts.{{key}}">{{label}}</label><input id="contacts.{{key}}" name="contacts.{{key}}" type="number" min="{{min}}" max="{{max}}" value="{{value}}"{{#invalid}} aria-invalid="true"{{/invalid}}></div>{{/contact_fields}}
              </div>
            </fieldset>
            <fieldset class="full">
              <legend>Card numbers</legend>
              <div class="check"><input id="mask_card_numbers" name="mask_card_numbers" type="checkbox"{{#mask_card_numbers}} checked{{/mask_card_numbers}}><label for="mask_card_numbers">Mask card numbers to their last four digits before tickets and replies are stored (every channel)</label></div>
              <p class="hint">A masked number cannot be recovered: the digits are never stored. The audit log counts maskings, never a number.</p>
            </fieldset>
            <fieldset class="full">
              <legend>IP allowlists</legend>
              <p class="hint">One CIDR block per line, IPv4 or IPv6 (203.0.113.0/24, 2001:db8::/48). An empty list allows every address. Your address now: <code id="your-address">{{your_address}}</code></p>
              <div class="grid">
                {{#allowlists}}<div><label for="allowlist.{{scope}}">{{label}}</label><textarea id="allowlist.{{scope}}" name="allowlist.{{scope}}" rows="4"{{#invalid}} aria-invalid="true"{{/invalid}}>{{entries}}</textarea></div>{{/allowlists}}
              </div>
              {{#lockout_warning}}<div class="check"><input id="confirm_lockout" name="confirm_lockout" type="checkbox" value="1"><label for="confirm_lockout">I understand: save even though it refuses my own address</label></div>{{/lockout_warning}}
            </fieldset>
            <div class="full"><button type="submit" class="primary">Save policy</button></div>
          </form>
        </section>
        <section class="panel">
          <h2>Agents</h2>
          {{#locked_addresses}}<form method="post" action="{{prefix}}/admin/unlock-addresses" class="inline"><input type="hidden" name="csrf" value="{{csrf}}"><span class="badge amber">{{locked_addresses}} address(es) locked</span> <button type="submit" class="small">Unlock addresses</button></form>{{/locked_addresses}}
          {{#issued_link}}<div class="reveal" role="status"><p>We have e-mailed this link to {{issued_for}} (valid until {{issued_until}}, works once); if the mail does not arrive, hand it over yourself:</p><code id="issued-link">{{issued_link}}</code></div>{{/issued_link}}
          <div class="table-wrap">
          <table id="agents">
            <thead><tr><th scope="col">Agent</th><th scope="col">Role</th><th scope="col">Sign-in</th><th scope="col">Sessions</th><th scope="col">Actions</th></tr></thead>
            <tbody>
            {{#agents}}
            <tr data-email="{{email}}">
              <td>{{name}}<br><small>{{email}}</small></td>
              <td>{{role}}{{#occasional}}<br><span class="badge amber">occasional{{#ends}} until {{ends}}{{/ends}}</span>{{/occasional}}</td>
              <td>{{#locked}}<span class="badge red">locked</span> {{/locked}}{{#two_factor}}<span class="badge green">2-step on</span>{{/two_factor}}{{^two_factor}}<span class="badge">2-step off</span>{{/two_factor}}{{^has_password}} <span class="badge amber">invited</span>{{/has_password}}</td>
              <td>{{sessions}}</td>
              <td class="actions">
                <form method="post" action="{{site_prefix}}/admin/agents/action"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="agent_id" value="{{id}}">
                  {{#locked}}<button type="submit" name="action" value="unlock" class="small">Unlock</button>{{/locked}}
                  <button type="submit" name="action" value="end_sessions" class="small">End sessions</button>
                  {{#two_factor}}<button type="submit" name="action" value="reset_two_factor" class="small danger">Reset 2-step</button>{{/two_factor}}
                  <button type="submit" name="action" value="reset_link" class="small">Password link</button>
                </form>
              </td>
            </tr>
            {{/agents}}
            </tbody>
          </table>
          </div>
          <h2>Invite an occasional agent (vendor access)</h2>
          <form method="post" action="{{prefix}}/admin/occasional" class="grid" novalidate>
            <input type="hidden" name="csrf" value="{{csrf}}">
            <div><label for="occasional_email">E-mail address</label><input id="occasional_email" name="email" type="email" required value="{{form_email}}"></div>
            <div><label for="occasional_name">Name</label><input id="occasional_name" name="name" value="{{form_name}}"></div>
            <div><label for="occasional_ends">Access ends on</label><input id="occasional_ends" name="ends" type="date" required value="{{form_ends}}"></div>
            <div><label for="occasional_role">Role</label><select id="occasional_role" name="role"><option value="agent">Agent</option><option value="supervisor">Supervisor</option></select></div>
            <div class="full"><button type="submit" class="primary">Invite</button></div>
          </form>
        </section>
        {{/main}}{{/layout}}
        """
}
