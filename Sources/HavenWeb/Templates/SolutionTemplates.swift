extension PageTemplates {
    /// Admin → Knowledge base: the outline (folders indented by depth, each followed by its articles), the article
    /// editor, and the forms for a folder and a category.
    static let solutions = """
        {{<layout}}{{$title}}Knowledge base{{/title}}{{$main}}
        <section class="panel">
          <h1>Knowledge base</h1>
          <p class="lead">Articles your customers read under <a href="/help">Help</a> on the portal. Drafts stay here; a folder’s visibility decides who reads it.</p>
          {{#categories}}
          <div class="actions-row spread"><h2 id="category-{{id}}">{{name}}</h2>
            <form method="post" action="{{prefix}}/admin/solutions/delete" class="inline"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="kind" value="category"><input type="hidden" name="id" value="{{id}}"><button type="submit" class="link" id="delete-category-{{id}}">Delete category, its folders and articles</button></form></div>
          <ul class="kb-outline">
            {{#rows}}
            {{#folder}}<li class="depth-{{depth}} kb-folder" id="folder-{{id}}"><strong>{{name}}</strong> <span class="badge{{#open}} green{{/open}}">{{visibility}}</span>
              <form method="post" action="{{prefix}}/admin/solutions/delete" class="inline"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="kind" value="folder"><input type="hidden" name="id" value="{{id}}"><button type="submit" class="link" id="delete-folder-{{id}}">Delete</button></form></li>{{/folder}}
            {{#article}}<li class="depth-{{depth}} kb-article-row" id="article-{{id}}"><a href="{{prefix}}/admin/solutions?edit={{id}}#article-form">{{title}}</a> {{#draft}}<span class="badge amber">Draft</span>{{/draft}}{{^draft}}<span class="badge green">Published</span>{{/draft}} <span class="muted">{{hits}} views · {{helpful}} helpful · {{unhelpful}} not</span>
              <form method="post" action="{{prefix}}/admin/solutions/delete" class="inline"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="kind" value="article"><input type="hidden" name="id" value="{{id}}"><button type="submit" class="link" id="delete-article-{{id}}">Delete</button></form></li>{{/article}}
            {{/rows}}
            {{^rows}}<li class="muted">No folders in this category yet.</li>{{/rows}}
          </ul>
          {{/categories}}
          {{^categories}}<p class="muted">No categories yet: add one below, then a folder, then its first article.</p>{{/categories}}

          {{#has_folders}}
          <h2 id="article-form">{{#editing}}Edit “{{edit_title}}”{{/editing}}{{^editing}}New article{{/editing}}</h2>
          <form method="post" action="{{prefix}}/admin/solutions/article" novalidate>
            <input type="hidden" name="csrf" value="{{csrf}}">
            <input type="hidden" name="id" value="{{edit_id}}">
            <div class="grid">
              <div><label for="folder_id">Folder</label>
              <select id="folder_id" name="folder_id"{{#invalid_folder_id}} aria-invalid="true"{{/invalid_folder_id}}>{{#folder_choices}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/folder_choices}}</select></div>
              <div><label for="status">Status</label>
              <select id="status" name="status"><option value="1">Draft (agents only)</option><option value="2"{{#published}} selected{{/published}}>Published</option></select></div>
            </div>
            <label for="title">Title</label>
            <input id="title" name="title" value="{{typed_title}}" maxlength="255"{{#invalid_title}} aria-invalid="true" aria-describedby="form-error"{{/invalid_title}}>
            <label for="description">Article <span class="hint">(HTML: paragraphs, headings, lists, links, code, tables; scripts, styles and images are removed when shown)</span></label>
            <textarea id="description" name="description" rows="12"{{#invalid_description}} aria-invalid="true" aria-describedby="form-error"{{/invalid_description}}>{{typed_body}}</textarea>
            <label for="tags">Tags <span class="hint">(comma-separated)</span></label>
            <input id="tags" name="tags" value="{{typed_tags}}"{{#invalid_tags}} aria-invalid="true"{{/invalid_tags}}>
            <button type="submit" class="primary" id="save-article">Save article</button>
          </form>
          {{/has_folders}}

          {{#has_categories}}
          <h2>New folder</h2>
          <form method="post" action="{{prefix}}/admin/solutions/folder" novalidate>
            <input type="hidden" name="csrf" value="{{csrf}}">
            <div class="grid">
              <div><label for="place">Where</label>
              <select id="place" name="place"{{#invalid_place}} aria-invalid="true"{{/invalid_place}}>{{#places}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/places}}</select></div>
              <div><label for="folder_name">Name</label>
              <input id="folder_name" name="name" value="{{typed_folder_name}}" maxlength="255"{{#invalid_name}} aria-invalid="true" aria-describedby="form-error"{{/invalid_name}}></div>
              <div><label for="visibility">Who reads it</label>
              <select id="visibility" name="visibility">{{#visibilities}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/visibilities}}</select></div>
              <div><label for="companies">Companies <span class="hint">(for “Selected companies”; names, comma-separated)</span></label>
              <input id="companies" name="companies" value="{{typed_companies}}"{{#invalid_company_ids}} aria-invalid="true" aria-describedby="form-error"{{/invalid_company_ids}}></div>
            </div>
            <button type="submit" id="add-folder">Add folder</button>
          </form>
          {{/has_categories}}

          <h2>New category</h2>
          <form method="post" action="{{prefix}}/admin/solutions/category" novalidate>
            <input type="hidden" name="csrf" value="{{csrf}}">
            <div class="grid">
              <div><label for="category_name">Name</label>
              <input id="category_name" name="category_name" value="{{typed_category}}" maxlength="255"{{#invalid_category_name}} aria-invalid="true" aria-describedby="form-error"{{/invalid_category_name}}></div>
              <div><label for="category_description">Description <span class="hint">(optional)</span></label>
              <input id="category_description" name="category_description" value="{{typed_category_description}}" maxlength="1000"></div>
            </div>
            <button type="submit" id="add-category">Add category</button>
          </form>
        </section>
        {{/main}}{{/layout}}
        """
}
