extension PageTemplates {
    static let portalSettings = """
        {{<layout}}{{$title}}Portal{{/title}}{{$main}}
        <section class="panel">
          <h1>Portal and widget</h1>
          <p class="lead">What your customers see at <a href="{{portal_url}}">{{portal_url}}</a> and in the feedback form on your sites.</p>
          <form method="post" action="{{prefix}}/admin/portal" novalidate>
            <input type="hidden" name="csrf" value="{{csrf}}">
            <fieldset>
              <legend>Portal</legend>
              <div class="grid">
                <div><label for="name">Portal name</label>
                <input id="name" name="name" value="{{name}}" maxlength="100" placeholder="{{tenant_name}} support"{{#invalid_name}} aria-invalid="true" aria-describedby="form-error"{{/invalid_name}}></div>
                <div><label for="accent_color">Accent colour</label>
                <input id="accent_color" name="accent_color" type="color" value="{{accent_color}}"{{#invalid_accent_color}} aria-invalid="true" aria-describedby="form-error"{{/invalid_accent_color}}></div>
                <div><label for="header_color">Top bar colour</label>
                <input id="header_color" name="header_color" type="color" value="{{header_color}}"{{#invalid_header_color}} aria-invalid="true" aria-describedby="form-error"{{/invalid_header_color}}></div>
                <div class="full"><label for="welcome">Welcome text</label>
                <textarea id="welcome" name="welcome" rows="2" maxlength="1000"{{#invalid_welcome}} aria-invalid="true" aria-describedby="form-error"{{/invalid_welcome}}>{{welcome}}</textarea></div>
              </div>
              <div class="check"><input type="checkbox" id="anonymous_tickets" name="anonymous_tickets" value="yes"{{#anonymous_tickets}} checked{{/anonymous_tickets}}><label for="anonymous_tickets">Visitors may open a ticket without an account (needed for the widget)</label></div>
              <div class="check"><input type="checkbox" id="acknowledge_new_tickets" name="acknowledge_new_tickets" value="yes"{{#acknowledge_new_tickets}} checked{{/acknowledge_new_tickets}}><label for="acknowledge_new_tickets">Confirm each new ticket to the customer by e-mail (never to automatic mail)</label></div>
              <div class="check"><input type="checkbox" id="community" name="community" value="yes"{{#community}} checked{{/community}}><label for="community">Show the community forums on the portal (each forum’s visibility still applies)</label></div>
            </fieldset>
            <fieldset>
              <legend>Consent</legend>
              <div class="check"><input type="checkbox" id="consent_required" name="consent_required" value="yes"{{#consent_required}} checked{{/consent_required}}><label for="consent_required">Show this text with a checkbox customers must tick on the new-ticket form</label></div>
              <label for="consent_text">Consent text</label>
              <textarea id="consent_text" name="consent_text" rows="4" maxlength="4000"{{#invalid_consent_text}} aria-invalid="true" aria-describedby="form-error"{{/invalid_consent_text}}>{{consent_text}}</textarea>
              <p class="hint">Changing the wording makes a new version; every consent on record keeps the version and its SHA-256.</p>
            </fieldset>
            <fieldset>
              <legend>Feedback widget</legend>
              <label for="widget_origins">Sites allowed to show the widget, one per line</label>
              <textarea id="widget_origins" name="widget_origins" rows="3" placeholder="https://www.example.com"{{#invalid_widget_origins}} aria-invalid="true" aria-describedby="form-error"{{/invalid_widget_origins}}>{{widget_origins}}</textarea>
              {{#insecure}}<p class="warning" role="status">{{.}} is not HTTPS: browsers block the widget there as mixed content. Serve that site over HTTPS and list its https:// address.</p>{{/insecure}}
            </fieldset>
            <button type="submit" class="primary" id="save-portal">Save</button>
          </form>
          <h2>Logo</h2>
          <p>Shown in the portal's header instead of the ◆ mark: a PNG, JPEG, GIF or WebP of at most 200 KB, about 4 times as wide as it is high.</p>
          {{#current_logo}}<p><img class="logo-preview" id="logo-preview" src="{{current_logo}}" alt="The portal's current logo"></p>{{/current_logo}}
          <form method="post" action="{{prefix}}/admin/portal/logo" enctype="multipart/form-data" class="inline" novalidate>
            <input type="hidden" name="csrf" value="{{csrf}}">
            <label for="logo">Image file</label>
            <input id="logo" name="logo" type="file" accept="image/png,image/jpeg,image/gif,image/webp"{{#invalid_logo}} aria-invalid="true" aria-describedby="form-error"{{/invalid_logo}}>
            <button type="submit" class="small">Upload</button>
          </form>
          {{#current_logo}}<form method="post" action="{{prefix}}/admin/portal/logo/remove" class="inline">
            <input type="hidden" name="csrf" value="{{csrf}}">
            <button type="submit" class="small danger">Remove the logo</button>
          </form>{{/current_logo}}
          <h2>Widget snippet</h2>
          <p>Paste this where the form should appear on a listed site. The integrity hash makes browsers refuse the script if it was changed on the way.</p>
          <pre class="snippet" id="widget-snippet"><code>{{snippet}}</code></pre>
          <h2>Consent text versions</h2>
          <div class="table-wrap">
          <table id="consent-versions">
            <thead><tr><th scope="col">Version</th><th scope="col">Since</th><th scope="col">SHA-256</th><th scope="col">Text</th></tr></thead>
            <tbody>
            {{#versions}}<tr><td>{{version}}</td><td>{{created}}</td><td><code>{{sha256}}</code></td><td>{{text}}</td></tr>{{/versions}}
            {{^versions}}<tr><td colspan="4">No consent text yet.</td></tr>{{/versions}}
            </tbody>
          </table>
          </div>
        </section>
        {{/main}}{{/layout}}
        """
}
