extension PageTemplates {
    /// Admin → Canned responses: the folders and their responses, a form to write or edit one, a form for a folder.
    static let canned = """
        {{<layout}}{{$title}}Canned responses{{/title}}{{$main}}
        <section class="panel">
          <h1>Canned responses</h1>
          <p class="lead">Replies your team starts from, above every ticket's reply box. They can name the ticket: {{placeholders}}.</p>
          {{#folders}}
          <h2>{{name}}</h2>
          <ul class="canned-list">
            {{#responses}}<li><a href="{{prefix}}/admin/canned?edit={{id}}#response-form">{{title}}</a>
              <form method="post" action="{{prefix}}/admin/canned/delete" class="inline"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="id" value="{{id}}"><button type="submit" class="link" id="delete-{{id}}">Delete</button></form></li>{{/responses}}
            {{^responses}}<li class="muted">No responses in this folder yet.</li>{{/responses}}
          </ul>
          {{/folders}}
          {{^folders}}<p class="muted">No folders yet: make one below, then write its first response.</p>{{/folders}}
          {{#has_folders}}
          <h2 id="response-form">{{#editing}}Edit “{{edit_title}}”{{/editing}}{{^editing}}New response{{/editing}}</h2>
          <form method="post" action="{{prefix}}/admin/canned/response" novalidate>
            <input type="hidden" name="csrf" value="{{csrf}}">
            <input type="hidden" name="id" value="{{edit_id}}">
            <label for="folder_id">Folder</label>
            <select id="folder_id" name="folder_id">{{#folder_choices}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/folder_choices}}</select>
            <label for="title">Title</label>
            <input id="title" name="title" value="{{typed_title}}" maxlength="255"{{#invalid_title}} aria-invalid="true" aria-describedby="form-error"{{/invalid_title}}>
            <label for="content">Text</label>
            <textarea id="content" name="content" rows="6"{{#invalid_content_html}} aria-invalid="true" aria-describedby="form-error"{{/invalid_content_html}}>{{typed_content}}</textarea>
            <button type="submit" class="primary" id="save-response">Save response</button>
          </form>
          {{/has_folders}}
          <h2>New folder</h2>
          <form method="post" action="{{prefix}}/admin/canned/folder" novalidate>
            <input type="hidden" name="csrf" value="{{csrf}}">
            <label for="folder_name">Name</label>
            <input id="folder_name" name="name" value="{{typed_folder}}" maxlength="255"{{#invalid_name}} aria-invalid="true" aria-describedby="form-error"{{/invalid_name}}>
            <button type="submit" id="add-folder">Add folder</button>
          </form>
        </section>
        {{/main}}{{/layout}}
        """
}
