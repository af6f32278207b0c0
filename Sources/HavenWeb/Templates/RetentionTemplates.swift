extension PageTemplates {
    /// Admin → Retention: the two rules, a preview of what they would delete now, and saving only what was previewed.
    static let retention = """
        {{<layout}}{{$title}}Retention{{/title}}{{$main}}
        <section class="card wide">
          <h1>Retention</h1>
          <p class="lead">Delete what you no longer need, automatically and for good: every deletion is in the audit log, and each batch gets a signed receipt. Leave a field empty to keep that data until someone deletes it.</p>
          <form method="post" action="{{prefix}}/admin/retention" novalidate id="rules">
            <input type="hidden" name="csrf" value="{{csrf}}">
            <div><label for="closed_ticket_days">Delete tickets closed more than … days ago</label>
            <input id="closed_ticket_days" name="closed_ticket_days" inputmode="numeric" value="{{closed_ticket_days}}" placeholder="off"{{#invalid_closed_ticket_days}} aria-invalid="true" aria-describedby="form-error"{{/invalid_closed_ticket_days}}></div>
            <div><label for="inactive_contact_days">Erase contacts with no ticket, message or sign-in for … days</label>
            <input id="inactive_contact_days" name="inactive_contact_days" inputmode="numeric" value="{{inactive_contact_days}}" placeholder="off"{{#invalid_inactive_contact_days}} aria-invalid="true" aria-describedby="form-error"{{/invalid_inactive_contact_days}}></div>
            {{#previewed}}
            <div class="notice" role="status" id="preview">
              <p>With these rules, <strong>{{tickets}}</strong> and <strong>{{contacts}}</strong> would be deleted now, and more as they age. Nothing is deleted until you save.</p>
            </div>
            <input type="hidden" name="expect_tickets" value="{{expect_tickets}}">
            <input type="hidden" name="expect_contacts" value="{{expect_contacts}}">
            <div class="actions-row"><button type="submit" name="action" value="save" class="primary" id="save-rules">Save these rules</button>
            <button type="submit" name="action" value="preview" id="preview-rules">Preview again</button></div>
            {{/previewed}}
            {{^previewed}}<button type="submit" name="action" value="preview" class="primary" id="preview-rules">Preview</button>{{/previewed}}
          </form>
          <p class="hint">The server applies saved rules every hour. Saving is refused when more would go than the preview showed.</p>
        </section>
        {{/main}}{{/layout}}
        """
}
