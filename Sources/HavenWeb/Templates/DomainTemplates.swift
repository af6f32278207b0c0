extension PageTemplates {
    static let domains = """
        {{<layout}}{{$title}}Custom domains{{/title}}{{$head}}{{#refresh}}<meta http-equiv="refresh" content="3">{{/refresh}}{{/head}}{{$main}}
        <section class="panel">
          <h1>Custom domains</h1>
          <p class="lead">Serve your portal on your own domain, with a certificate Haven obtains and renews by itself.</p>
          <form method="post" action="{{prefix}}/admin/domains/add" class="search" novalidate>
            <input type="hidden" name="csrf" value="{{csrf}}">
            <label for="domain" class="sr-only">Domain</label>
            <input id="domain" name="domain" value="{{typed}}" placeholder="help.example.com" maxlength="253"{{#invalid_domain}} aria-invalid="true" aria-describedby="form-error"{{/invalid_domain}}>
            <button type="submit" class="small primary">Add domain</button>
          </form>
          {{#refresh}}<p class="hint" role="status">This page refreshes itself until every domain is active.</p>{{/refresh}}
          <ul class="domains" id="domains">
          {{#domains}}
            <li class="domain" id="domain-{{id}}">
              <div class="actions-row spread">
                <h2><span class="badge {{colour}}" id="badge-{{id}}">{{badge}}</span> {{domain}}</h2>
                <div class="actions-row">
                  <form method="post" action="{{site_prefix}}/admin/domains/{{id}}/check" class="inline"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" class="small" id="check-{{id}}">Check</button></form>
                  <form method="post" action="{{site_prefix}}/admin/domains/{{id}}/remove" class="inline"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" class="small danger">Remove</button></form>
                </div>
              </div>
              {{#reason}}<p class="{{colour}}-text">{{reason}}</p>{{/reason}}
              <p>Publish this record at your DNS provider:</p>
              <pre class="snippet"><code>{{domain}}.  CNAME  {{cname}}.</code></pre>
              <p class="hint">Added {{added}}{{#expires}} · certificate valid until {{expires}}{{/expires}}</p>
              {{#diagnosis}}
              <div class="diagnosis" id="diagnosis-{{id}}">
                <h3>Diagnosis</h3>
                <p>CNAME found: <code>{{found_cname}}</code>{{#addresses}} · addresses {{addresses}}{{/addresses}}</p>
                {{#clean}}<p class="notice">No problems found: DNS, the challenge path, the certificate served and the TLS versions are right.</p>{{/clean}}
                {{^clean}}<ul class="problems">{{#problems}}<li>{{.}}</li>{{/problems}}</ul>{{/clean}}
                <details><summary>Other causes of "not secure" to check</summary><ul>{{#notes}}<li>{{.}}</li>{{/notes}}</ul></details>
              </div>
              {{/diagnosis}}
            </li>
          {{/domains}}
          {{^domains}}<li>No custom domain yet: your portal is at its Haven address.</li>{{/domains}}
          </ul>
        </section>
        {{/main}}{{/layout}}
        """
}
