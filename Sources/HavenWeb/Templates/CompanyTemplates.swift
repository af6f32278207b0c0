extension PageTemplates {
    static let companies = """
        {{<layout}}{{$title}}Companies{{/title}}{{$main}}
        <section class="panel">
          <h1>Companies</h1>
          {{#can_manage}}
          <form method="post" action="{{prefix}}/companies/create" class="search" novalidate>
            <input type="hidden" name="csrf" value="{{csrf}}">
            <label for="new_name" class="sr-only">New company's name</label>
            <input id="new_name" name="name" value="{{typed_name}}" placeholder="New company's name" maxlength="255"{{#invalid_name}} aria-invalid="true" aria-describedby="form-error"{{/invalid_name}}>
            <label for="new_domains" class="sr-only">Its e-mail domains</label>
            <input id="new_domains" name="domains" value="{{typed_domains}}" placeholder="example.com, example.org">
            <button type="submit" class="small primary">Add company</button>
          </form>
          {{/can_manage}}
          <div class="table-wrap">
          <table id="companies">
            <thead><tr><th scope="col">Name</th><th scope="col">Domains</th><th scope="col">Updated</th></tr></thead>
            <tbody>
            {{#companies}}<tr><td><a href="{{site_prefix}}/companies/{{id}}">{{name}}</a></td><td>{{domains}}</td><td>{{updated}}</td></tr>{{/companies}}
            {{^companies}}<tr><td colspan="3">No companies yet.</td></tr>{{/companies}}
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
            <li>The company record {{name}}, its domains, description and note go.</li>
            <li>Its {{contacts}} and their tickets stay, without a company.</li>
          </ul>
          <form method="post" action="{{site_prefix}}/companies/{{id}}/delete">
            <input type="hidden" name="csrf" value="{{csrf}}">
            <button type="submit" class="primary danger-fill" id="confirm-delete">Delete {{name}}</button>
          </form>
          <p><a href="{{site_prefix}}/companies/{{id}}">Keep the company</a></p>
        </section>
        {{/main}}{{/layout}}
        """
}
