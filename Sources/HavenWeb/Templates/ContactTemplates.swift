extension PageTemplates {
    static let contacts = """
        {{<layout}}{{$title}}Contacts{{/title}}{{$main}}
        <section class="panel">
          <div class="actions-row spread"><h1>Contacts</h1>{{#can_export}}<a class="button" id="export-contacts" href="{{prefix}}/contacts/export">Export…</a>{{/can_export}}</div>
          <nav class="filters" aria-label="Contact views">
            {{#views}}<a href="{{href}}"{{#current}} aria-current="page"{{/current}}>{{label}}</a>{{/views}}
          </nav>
          <form method="get" action="{{prefix}}/contacts" class="search" role="search">
            {{#state}}<input type="hidden" name="state" value="{{state}}">{{/state}}
            <label for="email" class="sr-only">Find by e-mail address</label>
            <input id="email" name="email" type="email" value="{{email}}" placeholder="Find by e-mail address">
            <button type="submit" class="small">Find</button>
          </form>
          <div class="table-wrap">
          <table id="contacts">
            <thead><tr><th scope="col">Name</th><th scope="col">E-mail</th><th scope="col">Phone</th><th scope="col">Updated</th></tr></thead>
            <tbody>
            {{#contacts}}<tr><td><a href="{{site_prefix}}/contacts/{{id}}">{{name}}</a></td><td>{{email}}</td><td>{{phone}}</td><td>{{updated}}</td></tr>{{/contacts}}
            {{^contacts}}<tr><td colspan="4">No contacts here.</td></tr>{{/contacts}}
            </tbody>
          </table>
          </div>
          <div class="pager">
            {{>pager_links}}
          </div>
        </section>
        {{/main}}{{/layout}}
        """

    static let contact = """
        {{<layout}}{{$title}}{{name}}{{/title}}{{$main}}
        <section class="panel">
          <p class="crumbs"><a href="{{site_prefix}}/contacts">Contacts</a> / {{name}}</p>
          <h1>{{name}}{{#deleted}} <span class="badge red">deleted</span>{{/deleted}}</h1>
          {{^deleted}}
          <form method="post" action="{{site_prefix}}/contacts/{{id}}/edit" class="grid" novalidate>
            <input type="hidden" name="csrf" value="{{csrf}}">
            <input type="hidden" name="version" value="{{version}}">
            <div><label for="name">Name</label><input id="name" name="name" value="{{name}}" required{{#invalid_name}} aria-invalid="true"{{/invalid_name}}></div>
            <div><label for="contact_email">E-mail address</label><input id="contact_email" name="email" type="email" value="{{email}}"{{#invalid_email}} aria-invalid="true"{{/invalid_email}}></div>
            <div><label for="phone">Phone</label><input id="phone" name="phone" value="{{phone}}"{{#invalid_phone}} aria-invalid="true"{{/invalid_phone}}></div>
            <div><label for="job_title">Job title</label><input id="job_title" name="job_title" value="{{job_title}}"></div>
            {{#custom_fields}}<div>{{>custom_field_input}}</div>{{/custom_fields}}
            <div class="full"><button type="submit" class="primary">Save</button></div>
          </form>
          {{/deleted}}
          <h2>Actions</h2>
          <div class="actions-row">
            {{#can_delete}}{{^deleted}}<form method="post" action="{{site_prefix}}/contacts/{{id}}/delete"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" id="soft-delete">Delete</button></form>{{/deleted}}{{/can_delete}}
            {{#can_delete}}{{#deleted}}<form method="post" action="{{site_prefix}}/contacts/{{id}}/restore"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" id="restore">Restore</button></form>{{/deleted}}{{/can_delete}}
            {{#can_export}}<form method="post" action="{{site_prefix}}/contacts/{{id}}/data-package"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" id="data-package" title="Everything Haven holds about this person, as a zip with a manifest (a data-subject request)">Data package</button></form>{{/can_export}}
            {{#can_erase}}<a class="button danger" id="erase" href="{{site_prefix}}/contacts/{{id}}/erase">Delete forever…</a>{{/can_erase}}
          </div>
          <h2>Consent</h2>
          <div class="table-wrap">
          <table id="consents">
            <thead><tr><th scope="col">When</th><th scope="col">Consent</th><th scope="col">Text</th><th scope="col">Channel</th><th scope="col">From</th></tr></thead>
            <tbody>
            {{#consents}}<tr><td>{{recorded}}</td><td><span class="badge {{class}}">{{action}}</span></td><td>version {{version}} <code title="SHA-256 of the text">{{sha256}}</code>{{#text}}<br><span class="hint">{{text}}</span>{{/text}}</td><td>{{channel}}</td><td>{{address}}</td></tr>{{/consents}}
            {{^consents}}<tr><td colspan="5">No consent on record.</td></tr>{{/consents}}
            </tbody>
          </table>
          </div>
        </section>
        {{/main}}{{/layout}}
        """

    static let eraseConfirm = """
        {{<layout}}{{$title}}Delete forever{{/title}}{{$main}}
        <section class="card wide">
          <h1>Delete {{name}} forever?</h1>
          <p>This removes, for good:</p>
          <ul id="what-goes">
            <li>the contact {{name}}{{#email}} ({{email}}){{/email}} and everything stored about them;</li>
            <li>{{tickets}} they requested, with every reply and note on them;</li>
            <li>their encryption key: copies in backups can no longer be read either.</li>
          </ul>
          <p><strong>This cannot be undone.</strong> The audit log keeps a record that it happened, without their data.</p>
          <form method="post" action="{{site_prefix}}/contacts/{{id}}/erase">
            <input type="hidden" name="csrf" value="{{csrf}}">
            <button type="submit" class="primary danger-fill" id="confirm-erase">Delete {{name}} forever</button>
          </form>
          <p><a href="{{site_prefix}}/contacts/{{id}}">Keep the contact</a></p>
        </section>
        {{/main}}{{/layout}}
        """
}
