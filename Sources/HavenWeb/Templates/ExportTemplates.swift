extension PageTemplates {
    /// "Export contacts" and "Export tickets": the fields, the format, and for tickets which statuses and when.
    static let exportRecords = """
        {{<layout}}{{$title}}Export {{kind}}{{/title}}{{$main}}
        <section class="card wide">
          <p class="crumbs"><a href="{{home}}">{{heading}}</a> / Export</p>
          <h1>Export {{kind}}</h1>
          <p>The file holds your customers' personal data: it is kept encrypted for 24 hours, and every download is recorded in the audit log.</p>
          <form method="post" action="{{home}}/export" novalidate>
            <input type="hidden" name="csrf" value="{{csrf}}">
            {{#tickets}}<fieldset class="checks">
              <legend>Statuses (none chosen: every ticket but the trash and spam)</legend>
              {{#statuses}}<div class="check"><input type="checkbox" id="status_{{value}}" name="status_{{value}}" value="yes"{{#checked}} checked{{/checked}}><label for="status_{{value}}">{{label}}</label></div>{{/statuses}}
            </fieldset>
            <div><label for="date_field">Time range over</label>
            <select id="date_field" name="date_field"><option value="created_at"{{#by_created}} selected{{/by_created}}>Created</option><option value="updated_at"{{#by_updated}} selected{{/by_updated}}>Last updated</option></select></div>
            <div><label for="from">From (optional)</label>
            <input id="from" name="from" type="date" value="{{from}}"{{#invalid_from}} aria-invalid="true" aria-describedby="form-error"{{/invalid_from}}></div>
            <div><label for="to">Until, not including (optional)</label>
            <input id="to" name="to" type="date" value="{{to}}"{{#invalid_to}} aria-invalid="true" aria-describedby="form-error"{{/invalid_to}}></div>{{/tickets}}
            <fieldset class="checks"{{#invalid_fields}} aria-invalid="true"{{/invalid_fields}}>
              <legend>Fields</legend>
              {{#fields}}<div class="check"><input type="checkbox" id="field_{{name}}" name="field_{{name}}" value="yes"{{#checked}} checked{{/checked}}><label for="field_{{name}}">{{label}}</label></div>{{/fields}}
            </fieldset>
            <fieldset>
              <legend>Format</legend>
              <div class="check"><input type="radio" id="format_csv" name="format" value="csv"{{#csv}} checked{{/csv}}><label for="format_csv">CSV (spreadsheets)</label></div>
              <div class="check"><input type="radio" id="format_json" name="format" value="json"{{#json}} checked{{/json}}><label for="format_json">JSON</label></div>
            </fieldset>
            <button type="submit" class="primary" id="start-export">Export</button>
          </form>
        </section>
        {{/main}}{{/layout}}
        """

    static let export = """
        {{<layout}}{{$title}}Export{{/title}}{{$head}}{{#refresh}}<meta http-equiv="refresh" content="2">{{/refresh}}{{/head}}{{$main}}
        <section class="card wide" id="export">
          <h1>{{heading}}</h1>
          {{#running}}<p role="status">Exporting: {{progress}}% done. This page updates by itself.</p><progress max="100" value="{{progress}}">{{progress}}%</progress>{{/running}}
          {{#completed}}<p role="status">Ready: {{rows}}. The file is kept until {{expires}}.</p>
          <p><a class="button primary" id="download" href="{{site_prefix}}/exports/{{id}}/download" download>Download</a></p>{{/completed}}
          {{#failed}}<p class="error" role="alert">The export failed. Try again; if it fails again, the server log names why.</p>{{/failed}}
          <p><a href="{{home}}">{{home_label}}</a></p>
        </section>
        {{/main}}{{/layout}}
        """
}
