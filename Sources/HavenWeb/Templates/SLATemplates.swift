extension PageTemplates {
    /// Admin → SLA: the business hours and the policies in the order they are tried, a form for each.
    static let sla = """
        {{<layout}}{{$title}}SLA{{/title}}{{$main}}
        <section class="panel">
          <h1>Service levels</h1>
          <p class="lead">Policies set every new ticket's first-response, next-response and resolution dates; overdue tickets are flagged and the agents you name are told by e-mail. The clock stands while a ticket is pending, waiting on the customer, resolved or closed.</p>
          <h2>Policies</h2>
          {{#policies}}
          <div class="table-wrap">
          <table id="policy-{{id}}">
            <caption><strong>{{name}}</strong>{{#is_default}} <span class="badge">default</span>{{/is_default}}{{#inactive}} <span class="badge amber">off</span>{{/inactive}} · for {{applies}} · <a href="{{prefix}}/admin/sla?policy={{id}}#policy-form">Edit</a></caption>
            <thead><tr><th scope="col">Priority</th><th scope="col">First response</th><th scope="col">Next response</th><th scope="col">Resolution</th><th scope="col">Counted</th></tr></thead>
            <tbody>{{#targets}}<tr><td>{{priority}}</td><td>{{respond}}</td><td>{{next}}</td><td>{{resolve}}</td><td>{{clock}}</td></tr>{{/targets}}</tbody>
          </table>
          </div>
          {{/policies}}
          {{^policies}}<p class="muted">No policies yet: tickets get no due dates until you make one. Start with the default policy below.</p>{{/policies}}
          <h2 id="policy-form">{{#editing_policy}}Edit “{{editing_policy_name}}”{{/editing_policy}}{{^editing_policy}}New policy{{/editing_policy}}</h2>
          <form method="post" action="{{prefix}}/admin/sla/policy" novalidate>
            <input type="hidden" name="csrf" value="{{csrf}}">
            <input type="hidden" name="id" value="{{f_policy_id}}">
            <div class="grid">
              <div><label for="policy_name">Name</label><input id="policy_name" name="policy_name" value="{{f_policy_name}}" maxlength="255"{{#invalid_policy_name}} aria-invalid="true" aria-describedby="form-error"{{/invalid_policy_name}}></div>
              <div><label for="description">Description <span class="hint">(optional)</span></label><input id="description" name="description" value="{{f_description}}" maxlength="1000"></div>
            </div>
            {{#can_be_default}}{{^editing_policy}}<div class="check"><input id="policy_default" name="policy_default" type="checkbox" value="yes"{{#f_policy_default}} checked{{/f_policy_default}}><label for="policy_default">Default policy: every ticket no other policy covers</label></div>{{/editing_policy}}{{/can_be_default}}
            <fieldset>
              <legend>Targets</legend>
              <p class="hint">Durations such as 30m, 4h or 1d 4h. “Next response” is how soon a customer's reply to an agent's answer must be answered (optional).</p>
              <div class="table-wrap">
              <table id="targets">
                <thead><tr><th scope="col">Priority</th><th scope="col">First response</th><th scope="col">Next response</th><th scope="col">Resolution</th><th scope="col">Business hours</th><th scope="col">Escalate</th></tr></thead>
                <tbody>
                {{#target_rows}}
                <tr>
                  <th scope="row">{{label}}</th>
                  <td><label for="{{key}}_respond" class="sr-only">{{label}}: first response within</label><input id="{{key}}_respond" name="{{key}}_respond" value="{{respond}}" size="8"{{#invalid_respond}} aria-invalid="true" aria-describedby="form-error"{{/invalid_respond}}></td>
                  <td><label for="{{key}}_next" class="sr-only">{{label}}: next response within</label><input id="{{key}}_next" name="{{key}}_next" value="{{next}}" size="8"{{#invalid_next}} aria-invalid="true" aria-describedby="form-error"{{/invalid_next}}></td>
                  <td><label for="{{key}}_resolve" class="sr-only">{{label}}: resolution within</label><input id="{{key}}_resolve" name="{{key}}_resolve" value="{{resolve}}" size="8"{{#invalid_resolve}} aria-invalid="true" aria-describedby="form-error"{{/invalid_resolve}}></td>
                  <td><input id="{{key}}_business" name="{{key}}_business" type="checkbox" value="yes"{{#business}} checked{{/business}}><label for="{{key}}_business" class="sr-only">{{label}}: count business hours only</label></td>
                  <td><select id="{{key}}_escalate" name="{{key}}_escalate" aria-label="{{label}}: tell the escalation agents"><option value="yes"{{#escalate}} selected{{/escalate}}>Yes</option><option value="no"{{^escalate}} selected{{/escalate}}>No</option></select></td>
                </tr>
                {{/target_rows}}
                </tbody>
              </table>
              </div>
            </fieldset>
            <fieldset>
              <legend>Applies to <span class="hint">(any ticket matching every kind ticked; leave all empty for the default policy)</span></legend>
              {{#f_companies}}<p class="hint" id="kept-companies">Also companies {{f_companies}} (set through the API; kept when you save).</p>{{/f_companies}}
              {{#group_choices.0}}<p class="hint">Groups</p>{{/group_choices.0}}
              <div class="checks">{{#group_choices}}<div class="check"><input type="checkbox" id="{{name}}" name="{{name}}" value="yes"{{#checked}} checked{{/checked}}><label for="{{name}}">{{label}}</label></div>{{/group_choices}}</div>
              <p class="hint">Sources</p>
              <div class="checks">{{#source_choices}}<div class="check"><input type="checkbox" id="{{name}}" name="{{name}}" value="yes"{{#checked}} checked{{/checked}}><label for="{{name}}">{{label}}</label></div>{{/source_choices}}</div>
              <p class="hint">Types</p>
              <div class="checks">{{#type_choices}}<div class="check"><input type="checkbox" id="{{name}}" name="{{name}}" value="yes"{{#checked}} checked{{/checked}}><label for="{{name}}">{{label}}</label></div>{{/type_choices}}</div>
            </fieldset>
            <fieldset>
              <legend>Escalation</legend>
              <div class="table-wrap">
              <table id="escalation">
                <thead><tr><th scope="col">Agent</th><th scope="col">Told when a response is overdue</th><th scope="col">Told when resolution is overdue</th></tr></thead>
                <tbody>{{#agent_choices}}<tr><td>{{label}}</td>
                  <td><input type="checkbox" id="response_{{id}}" name="response_{{id}}" value="yes"{{#response}} checked{{/response}}><label for="response_{{id}}" class="sr-only">Tell {{label}} when a response is overdue</label></td>
                  <td><input type="checkbox" id="resolution_{{id}}" name="resolution_{{id}}" value="yes"{{#resolution}} checked{{/resolution}}><label for="resolution_{{id}}" class="sr-only">Tell {{label}} when resolution is overdue</label></td></tr>{{/agent_choices}}</tbody>
              </table>
              </div>
              <label for="resolution_after">Tell them about resolution <span class="hint">(a duration after it was due; empty: at once)</span></label>
              <input id="resolution_after" name="resolution_after" value="{{f_resolution_after}}" size="8"{{#invalid_escalation}} aria-invalid="true" aria-describedby="form-error"{{/invalid_escalation}}>
            </fieldset>
            <button type="submit" class="primary" id="save-policy">Save policy</button>
          </form>
          {{#editing_policy}}{{^can_be_default}}<form method="post" action="{{prefix}}/admin/sla/policy-delete" class="inline"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="id" value="{{f_policy_id}}"><button type="submit" class="danger" id="delete-policy">Delete this policy</button></form>{{/can_be_default}}{{/editing_policy}}

          <h2>Business hours</h2>
          {{#hours}}
          <p id="hours-{{id}}"><strong>{{name}}</strong>{{#is_default}} <span class="badge">default</span>{{/is_default}} · {{zone}} · {{days}}{{#holidays}} · holidays {{holidays}}{{/holidays}} · <a href="{{prefix}}/admin/sla?hours={{id}}#hours-form">Edit</a></p>
          {{/hours}}
          {{^has_hours}}<p class="muted">No business hours yet: targets count around the clock. Groups can each have their own hours; the default serves the rest.</p>{{/has_hours}}
          <h2 id="hours-form">{{#editing_hours}}Edit “{{editing_hours_name}}”{{/editing_hours}}{{^editing_hours}}New business hours{{/editing_hours}}</h2>
          <form method="post" action="{{prefix}}/admin/sla/hours" novalidate>
            <input type="hidden" name="csrf" value="{{csrf}}">
            <input type="hidden" name="id" value="{{f_hours_id}}">
            <div class="grid">
              <div><label for="hours_name">Name</label><input id="hours_name" name="hours_name" value="{{f_hours_name}}" maxlength="255"{{#invalid_hours_name}} aria-invalid="true" aria-describedby="form-error"{{/invalid_hours_name}}></div>
              <div><label for="time_zone">Time zone</label><select id="time_zone" name="time_zone"{{#invalid_time_zone}} aria-invalid="true" aria-describedby="form-error"{{/invalid_time_zone}}>{{#zones}}<option{{#selected}} selected{{/selected}}>{{zone}}</option>{{/zones}}</select></div>
            </div>
            <p class="hint">Each day as “9:00 am - 5:00 pm”; a break as two slots, “9:00 am - 12:00 pm, 1:00 pm - 5:00 pm”; empty for a day off.</p>
            <div class="grid">
              {{#days}}<div><label for="day_{{day}}">{{label}}</label><input id="day_{{day}}" name="day_{{day}}" value="{{value}}"{{#invalid}} aria-invalid="true" aria-describedby="form-error"{{/invalid}}></div>{{/days}}
            </div>
            <label for="holidays">Holidays <span class="hint">(a line each: “12-25 Christmas” every year, “2027-03-26 Good Friday” once)</span></label>
            <textarea id="holidays" name="holidays" rows="4"{{#invalid_holidays}} aria-invalid="true" aria-describedby="form-error"{{/invalid_holidays}}>{{f_holidays}}</textarea>
            <div class="check"><input id="is_default" name="is_default" type="checkbox" value="yes"{{#f_is_default}} checked{{/f_is_default}}><label for="is_default">The default hours (for tickets whose group has none)</label></div>
            <button type="submit" class="primary" id="save-hours">Save hours</button>
          </form>
          {{#editing_hours}}<form method="post" action="{{prefix}}/admin/sla/hours-delete" class="inline"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="id" value="{{f_hours_id}}"><button type="submit" class="danger" id="delete-hours">Delete these hours</button></form>{{/editing_hours}}
        </section>
        {{/main}}{{/layout}}
        """
}
