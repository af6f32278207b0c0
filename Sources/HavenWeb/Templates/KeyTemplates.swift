extension PageTemplates {
    static let keys = """
        {{<layout}}{{$title}}Encryption{{/title}}{{$head}}{{#refresh}}<meta http-equiv="refresh" content="2">{{/refresh}}{{/head}}{{$main}}
        <section class="panel">
          <h1>Encryption</h1>
          <p class="lead">Every personal value is sealed with AES-256-GCM under a key of its own person (erasing the person erases the key), wrapped by your helpdesk's key-encryption key.</p>
          {{#job}}
          <div class="{{#failed}}error{{/failed}}{{^failed}}notice{{/failed}}" role="status" id="rotation">
            {{#running}}<p>Re-sealing your data under the new key: {{progress}}% done. This page updates by itself.</p>
            <progress max="100" value="{{progress}}">{{progress}}%</progress>{{/running}}
            {{^running}}<p>Rotation {{status}}{{#resealed}}: {{resealed}} values re-sealed under the new key{{/resealed}}.</p>{{/running}}
          </div>
          {{/job}}
          <dl class="facts">
            <dt>Data key version</dt><dd id="data-version">{{data_version}}</dd>
            <dt>Key-encryption key generation</dt><dd>{{kek_generation}}</dd>
            <dt>Shred epoch</dt><dd>{{epoch}}</dd>
            <dt>People's keys</dt><dd>{{subject_keys}}</dd>
            <dt>Values stored in clear</dt><dd>{{plaintext}}</dd>
          </dl>
          <div class="table-wrap">
          <table id="envelopes">
            <thead><tr><th scope="col">Sealed under</th><th scope="col">Version</th><th scope="col">Values</th></tr></thead>
            <tbody>{{#envelopes}}<tr><td>{{scope}}</td><td>{{version}}{{#current}} <span class="badge green">current</span>{{/current}}</td><td>{{count}}</td></tr>{{/envelopes}}</tbody>
          </table>
          </div>
          <h2>Rotate the data key</h2>
          <p>A new key version seals everything from now on, and your existing data is re-sealed under it in the background. Nothing is unavailable meanwhile.</p>
          <form method="post" action="{{prefix}}/admin/keys/rotate"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" class="primary" id="rotate">Rotate the data key</button></form>
        </section>
        {{/main}}{{/layout}}
        """
}
