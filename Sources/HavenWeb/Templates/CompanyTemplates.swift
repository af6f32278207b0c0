extension PageTemplates {
    static let companies = """
        {{<layout}}{{$title}}Companies{{/title}}{{$main}}
        <section class="panel">
          <h1>Companies</h1>
          <nav class="filters" aria-label="Company views">
            {{#views}}<a href="{{href}}"{{#current}} aria-current="page"{{/current}}>{{label}}</a>{{/views}}
          </nav>
          {{#trash}}<p class="hint">Deleted companies wait here until the trash is emptied (after 30 days unless your helpdesk keeps them longer). Their contacts and tickets lost them when they were deleted; restoring one gives it back to those that have no other company by then.</p>{{/trash}}
          {{^trash}}{{#can_manage}}
          <form method="post" action="{{prefix}}/companies/create" class="search" novalidate>
            <input type="hidden" name="csrf" value="{{csrf}}">
            <label for="new_name" class="sr-only">New company's name</label>
            <input id="new_name" name="name" value="{{typed_name}}" placeholder="New company's name" maxlength="255"{{#invalid_name}} aria-invalid="true" aria-describedby="form-error"{{/invalid_name}}>
            <label for="new_domains" class="sr-only">Its e-mail domains</label>
            <input id="new_domains" name="domains" value="{{typed_domains}}" placeholder="example.com, example.org">
            <button type="submit" class="small primary">Add company</button>
          </form>
          {{/can_manage}}{{/trash}}
          <div class="table-wrap">
          <table id="companies">
            <thead><tr><th scope="col">Name</th><th scope="col">Domains</th><th scope="col">{{#trash}}Deleted{{/trash}}{{^trash}}Updated{{/trash}}</th></tr></thead>
            <tbody>
            {{#companies}}<tr><td><a href="{{site_prefix}}/companies/{{id}}">{{name}}</a></td><td>{{domains}}</td><td>{{updated}}</td></tr>{{/companies}}
            {{^companies}}<tr><td colspan="3">{{#trash}}No deleted companies.{{/trash}}{{^trash}}No companies yet.{{/trash}}</td></tr>{{/companies}}
            </tbody>
          </table>
          </div>
          <div class="pager">
            {{>pager_links}}
          </div>
        </section>
        {{/main}}{{/layout}}
        """

    static let company = """
        {{<layout}}{{$title}}{{name}}{{/title}}{{$main}}
        <section class="panel">
          <p class="crumbs"><a href="{{site_prefix}}/companies">Companies</a> / {{name}}</p>
          <h1>{{name}}</h1>
          <form method="post" action="{{site_prefix}}/companies/{{id}}/edit" class="grid" novalidate>
            <input type="hidden" name="csrf" value="{{csrf}}">
            <div><label for="name">Name</label><input id="name" name="name" value="{{name}}" maxlength="255" required{{#invalid_name}} aria-invalid="true" aria-describedby="form-error"{{/invalid_name}}></div>
            <div><label for="domains">E-mail domains</label><input id="domains" name="domains" value="{{domains}}"{{#invalid_domains}} aria-invalid="true" aria-describedby="form-error"{{/invalid_domains}}></div>
            <div><label for="industry">Industry</label><input id="industry" name="industry" value="{{industry}}"{{#invalid_industry}} aria-invalid="true"{{/invalid_industry}}></div>
            <div class="full"><label for="description">Description</label><textarea id="description" name="description" rows="2"{{#invalid_description}} aria-invalid="true"{{/invalid_description}}>{{description}}</textarea></div>
            <div class="full"><label for="note">Note</label><textarea id="note" name="note" rows="2"{{#invalid_note}} aria-invalid="true"{{/invalid_note}}>{{note}}</textarea></div>
            {{#custom_fields}}<div>{{>custom_field_input}}</div>{{/custom_fields}}
            {{#can_manage}}<div class="full"><button type="submit" class="primary">Save</button> <a class="button danger" href="{{site_prefix}}/companies/{{id}}/delete" id="delete-company">Delete…</a></div>{{/can_manage}}
          </form>
          <h2>Contacts</h2>
          <ul id="company-contacts">{{#contacts}}<li><a href="{{site_prefix}}/contacts/{{id}}">{{name}}</a> {{email}}</li>{{/contacts}}{{^contacts}}<li>No contacts in this company.</li>{{/contacts}}</ul>
        </section>
        {{/main}}{{/layout}}
        """

    static let companyDelete = """
        {{<layout}}{{$title}}Delete {{name}}{{/title}}{{$main}}
        <section class="card wide">
          <h1>Delete the company {{name}}?</h1>
          <ul id="what-goes">
            <li>{{name}} moves to Deleted companies, with its domains, description and note; it can be restored from there until the trash is emptied (after 30 days unless your helpdesk keeps deleted items longer).</li>
            <li>Its {{contacts}} and its tickets stay, without the company. A restore gives it back to those that have no other company by then.</li>
            <li>Integrations see it as deleted at once: it is gone from the API's lists, lookups and searches.</li>
          </ul>
          <form method="post" action="{{site_prefix}}/companies/{{id}}/delete">
            <input type="hidden" name="csrf" value="{{csrf}}">
            <button type="submit" class="primary danger-fill" id="confirm-delete">Delete {{name}}</button>
          </form>
          <p><a href="{{site_prefix}}/companies/{{id}}">Keep the company</a></p>
        </section>
        {{/main}}{{/layout}}
        """

    static let companyTrashed = """
        {{<layout}}{{$title}}{{name}} (deleted){{/title}}{{$main}}
        <section class="panel">
          <p class="crumbs"><a href="{{site_prefix}}/companies">Companies</a> / <a href="{{site_prefix}}/companies?state=deleted">Deleted companies</a> / {{name}}</p>
          <h1>{{name}} <span class="badge amber">deleted</span></h1>
          <p class="lead">Deleted on {{deleted}}{{#domains}} · domains {{domains}}{{/domains}}.</p>
          <p id="comes-back">A restore gives it back to {{contacts}} and {{tickets}} it had, where they have no other company by then.</p>
          {{#can_manage}}
          <form method="post" action="{{site_prefix}}/companies/{{id}}/restore" class="inline">
            <input type="hidden" name="csrf" value="{{csrf}}">
            <button type="submit" class="primary" id="restore-company">Restore</button>
          </form>
          <a class="button danger" href="{{site_prefix}}/companies/{{id}}/purge" id="purge-company">Delete forever…</a>
          {{/can_manage}}
        </section>
        {{/main}}{{/layout}}
        """

    static let companyPurge = """
        {{<layout}}{{$title}}Delete {{name}} forever{{/title}}{{$main}}
        <section class="card wide">
          <h1>Delete {{name}} forever?</h1>
          <p>This removes, for good:</p>
          <ul id="what-goes">
            <li>the company {{name}}: its name, domains, description, note and fields;</li>
            <li>the list of contacts and tickets it had: a restore is no longer possible. The contacts and tickets themselves stay, without it.</li>
          </ul>
          <p><strong>This cannot be undone.</strong> The audit log keeps a record that it happened.</p>
          <form method="post" action="{{site_prefix}}/companies/{{id}}/purge">
            <input type="hidden" name="csrf" value="{{csrf}}">
            <button type="submit" class="primary danger-fill" id="confirm-purge">Delete {{name}} forever</button>
          </form>
          <p><a href="{{site_prefix}}/companies/{{id}}">Keep it in Deleted companies</a></p>
        </section>
        {{/main}}{{/layout}}
        """
}
