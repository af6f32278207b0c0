extension PageTemplates {
    /// Admin → Automation: scenarios, skills (routing) and satisfaction surveys, each a list and a form.
    static let automation = """
        {{<layout}}{{$title}}Automation{{/title}}{{$main}}
        <section class="panel">
          <h1>Automation</h1>
          <p class="lead">Scenarios any agent runs on a ticket in one click{{#routing}}, skills that give new tickets to the right agent{{/routing}}{{#surveying}}, and the survey customers answer{{/surveying}}.</p>

          <h2 id="scenarios">Scenarios</h2>
          <ul class="canned-list" id="scenario-list">
            {{#scenarios}}<li><strong>{{name}}</strong>{{#description}} <span class="muted">— {{description}}</span>{{/description}}<br><span class="muted">{{does}}</span>
              <form method="post" action="{{prefix}}/admin/automation/scenario-delete" class="inline"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="id" value="{{id}}"><button type="submit" class="link" id="delete-scenario-{{id}}">Delete</button></form></li>{{/scenarios}}
            {{^scenarios}}<li class="muted">No scenarios yet.</li>{{/scenarios}}
          </ul>
          <form method="post" action="{{prefix}}/admin/automation/scenario" novalidate>
            <input type="hidden" name="csrf" value="{{csrf}}">
            <div class="grid">
              <div><label for="name">Name</label><input id="name" name="name" value="{{typed_name}}" maxlength="255"{{#invalid_name}} aria-invalid="true" aria-describedby="form-error"{{/invalid_name}}></div>
              <div><label for="description">Description <span class="hint">(optional)</span></label><input id="description" name="description" value="{{typed_description}}" maxlength="1000"></div>
              <div><label for="status">Status</label><select id="status" name="status">{{#statuses}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/statuses}}</select></div>
              <div><label for="priority">Priority</label><select id="priority" name="priority">{{#priorities}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/priorities}}</select></div>
              <div><label for="ticket_type">Type</label><select id="ticket_type" name="ticket_type">{{#types}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/types}}</select></div>
              <div><label for="group_id">Group</label><select id="group_id" name="group_id">{{#groups}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/groups}}</select></div>
              <div><label for="responder_id">Agent</label><select id="responder_id" name="responder_id">{{#agents}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/agents}}</select></div>
              <div><label for="add_tag">Add tags <span class="hint">(comma-separated)</span></label><input id="add_tag" name="add_tag" value="{{typed_add_tag}}"></div>
              <div class="full"><label for="add_note">Add a private note <span class="hint">(optional)</span></label><textarea id="add_note" name="add_note" rows="3">{{typed_add_note}}</textarea></div>
            </div>
            <button type="submit" id="add-scenario">Add scenario</button>
          </form>

          {{#routing}}
          <h2 id="skills">Skills</h2>
          <p class="hint">A new ticket that arrives without an agent goes to the agent with the fewest open tickets among those with the first skill it matches.</p>
          <ul class="canned-list" id="skill-list">
            {{#skills}}<li><strong>{{rank}}. {{name}}</strong> — for {{when}}<br><span class="muted">agents: {{who}}</span>
              <form method="post" action="{{prefix}}/admin/automation/skill-delete" class="inline"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="id" value="{{id}}"><button type="submit" class="link" id="delete-skill-{{id}}">Delete</button></form></li>{{/skills}}
            {{^skills}}<li class="muted">No skills yet: new tickets wait in their group.</li>{{/skills}}
          </ul>
          <form method="post" action="{{prefix}}/admin/automation/skill" novalidate>
            <input type="hidden" name="csrf" value="{{csrf}}">
            <div class="grid">
              <div><label for="skill_name">Name</label><input id="skill_name" name="skill_name" value="{{typed_skill_name}}" maxlength="255"{{#invalid_skill_name}} aria-invalid="true" aria-describedby="form-error"{{/invalid_skill_name}}></div>
              <div><label for="match_type">Tickets matching</label><select id="match_type" name="match_type"><option value="all">all of the conditions</option><option value="any"{{#skill_any}} selected{{/skill_any}}>any of the conditions</option></select></div>
              <div><label for="skill_types">Types <span class="hint">(comma-separated)</span></label><input id="skill_types" name="skill_types" value="{{typed_skill_types}}"></div>
            </div>
            <fieldset><legend>Priorities</legend><div class="checks">{{#skill_priorities}}<div class="check"><input type="checkbox" id="skill_priority_{{value}}" name="skill_priority_{{value}}" value="yes"{{#checked}} checked{{/checked}}><label for="skill_priority_{{value}}">{{label}}</label></div>{{/skill_priorities}}</div></fieldset>
            {{#skill_groups.0}}<fieldset><legend>Groups</legend><div class="checks">{{#skill_groups}}<div class="check"><input type="checkbox" id="skill_group_{{value}}" name="skill_group_{{value}}" value="yes"{{#checked}} checked{{/checked}}><label for="skill_group_{{value}}">{{label}}</label></div>{{/skill_groups}}</div></fieldset>{{/skill_groups.0}}
            <fieldset><legend>Agents with this skill</legend><div class="checks">{{#skill_agents}}<div class="check"><input type="checkbox" id="skill_agent_{{value}}" name="skill_agent_{{value}}" value="yes"{{#checked}} checked{{/checked}}><label for="skill_agent_{{value}}">{{label}}</label></div>{{/skill_agents}}</div></fieldset>
            <button type="submit" id="add-skill">Add skill</button>
          </form>
          {{/routing}}

          {{#surveying}}
          <h2 id="surveys">Satisfaction surveys</h2>
          <ul class="canned-list" id="survey-list">
            {{#surveys}}<li><strong>{{title}}</strong> · {{scale}}-point scale{{#questions}} · {{questions}}{{/questions}} {{#active}}<span class="badge green">Active</span>{{/active}}
              {{^active}}<form method="post" action="{{prefix}}/admin/automation/survey-activate" class="inline"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="id" value="{{id}}"><button type="submit" class="link" id="activate-survey-{{id}}">Make active</button></form>{{/active}}</li>{{/surveys}}
            {{^surveys}}<li class="muted">No survey yet: reply mails carry no rating link.</li>{{/surveys}}
          </ul>
          <form method="post" action="{{prefix}}/admin/automation/survey" novalidate>
            <input type="hidden" name="csrf" value="{{csrf}}">
            <div class="grid">
              <div><label for="title">Title</label><input id="title" name="title" value="{{typed_title}}" maxlength="255"{{#invalid_title}} aria-invalid="true" aria-describedby="form-error"{{/invalid_title}}></div>
              <div><label for="scale">Scale</label><select id="scale" name="scale">{{#scales}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{value}} points</option>{{/scales}}</select></div>
              <div class="full"><label for="questions">More questions <span class="hint">(one per line, optional)</span></label><textarea id="questions" name="questions" rows="3"{{#invalid_questions}} aria-invalid="true"{{/invalid_questions}}>{{typed_questions}}</textarea></div>
            </div>
            <button type="submit" id="add-survey">Add survey</button>
          </form>
          {{/surveying}}
        </section>
        {{/main}}{{/layout}}
        """
}
