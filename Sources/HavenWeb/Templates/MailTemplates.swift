extension PageTemplates {
    static let mail = """
        {{<layout}}{{$title}}E-mail{{/title}}{{$main}}
        <section class="panel">
          <h1>E-mail</h1>
          <p class="lead">Mail to these addresses opens tickets and threads replies; agents' replies go back from <strong id="from-address">{{from_address}}</strong>, signed with DKIM.</p>
          <h2>Support addresses</h2>
          <ul id="addresses">
            <li><strong>{{default_address}}</strong> <span class="muted">(always yours)</span></li>
            {{#addresses}}<li><span>{{address}}</span>
              <form method="post" action="{{prefix}}/admin/mail/remove" class="inline"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="address" value="{{address}}"><button type="submit" class="link">Remove</button></form></li>{{/addresses}}
          </ul>
          <form method="post" action="{{prefix}}/admin/mail/add" novalidate>
            <input type="hidden" name="csrf" value="{{csrf}}">
            <label for="address">Add your own address</label>
            <p class="hint" id="address-hint">Forward it to {{default_address}} in your mail system, or route its domain to this server.</p>
            <input id="address" name="address" type="email" value="{{typed_address}}" aria-describedby="address-hint"{{#address_error}} aria-invalid="true"{{/address_error}}>
            <button type="submit" class="primary" id="add-address">Add address</button>
          </form>
          <h2>Sending</h2>
          <form method="post" action="{{prefix}}/admin/mail/sending" novalidate id="sending">
            <input type="hidden" name="csrf" value="{{csrf}}">
            <label for="from">Mail comes from</label>
            <select id="from" name="from">{{#from_choices}}<option value="{{address}}"{{#selected}} selected{{/selected}}>{{address}}</option>{{/from_choices}}</select>
            <p class="hint">Sending from your own address needs the DKIM record below published in your domain's DNS. Replies still reach Haven through {{default_address}}.</p>
            <fieldset>
              <legend>Smarthost</legend>
              <p class="hint" id="smarthost-hint">{{#own_smarthost}}Your own: <code id="current-smarthost">{{smarthost}}</code>.{{/own_smarthost}}{{^own_smarthost}}This server's. Set your own to send through your mail provider.{{/own_smarthost}}</p>
              <label for="smtp_url">Your own smarthost (leave empty to keep {{#own_smarthost}}it{{/own_smarthost}}{{^own_smarthost}}this server's{{/own_smarthost}})</label>
              <input id="smtp_url" name="smtp_url" type="text" autocomplete="off" spellcheck="false" placeholder="smtp://user:password@smtp.example.com:587" aria-describedby="smarthost-hint"{{#smtp_invalid}} aria-invalid="true"{{/smtp_invalid}}>
              {{#own_smarthost}}<div class="check"><input type="checkbox" id="smarthost_deployment" name="smarthost" value="deployment"><label for="smarthost_deployment">Use this server's smarthost again</label></div>{{/own_smarthost}}
            </fieldset>
            <button type="submit" class="primary" id="save-sending">Save sending</button>
          </form>
          <h2>DNS records for {{mail_domain}}</h2>
          <p>Publish these where the mail domain's DNS is kept, so receivers trust mail from your helpdesk.</p>
          <div class="table-wrap"><table id="dns">
            <thead><tr><th scope="col">Name</th><th scope="col">Type</th><th scope="col">Value</th></tr></thead>
            <tbody>
              <tr><td><code>{{dkim_name}}</code></td><td>TXT</td><td><code>{{dkim_record}}</code></td></tr>
              <tr><td><code>{{mail_domain}}</code></td><td>TXT</td><td><code>v=spf1 include:(your smarthost's SPF) -all</code></td></tr>
              <tr><td><code>_dmarc.{{mail_domain}}</code></td><td>TXT</td><td><code>v=DMARC1; p=quarantine; adkim=s</code></td></tr>
            </tbody>
          </table></div>
          <h2>Outgoing mail</h2>
          <dl class="facts" id="outbox">
            <dt>Waiting to be sent</dt><dd>{{pending}}</dd>
            <dt>Sent</dt><dd>{{sent}}</dd>
            <dt>Failed for good</dt><dd>{{failed}}</dd>
          </dl>
          {{#has_problems}}<p>Recent problems (the SMTP step and the server's codes):</p><ul id="problems">{{#problems}}<li><code>{{text}}</code></li>{{/problems}}</ul>{{/has_problems}}
          <h2>Mail relay</h2>
          <p>A hosted mail service can post messages to <code>{{relay_url}}</code> with a relay token. The token is shown once; a new one stops the old one.</p>
          {{#token}}<div class="notice" role="status"><p>The new relay token (copy it now):</p><p><code id="relay-token">{{token}}</code></p></div>{{/token}}
          <form method="post" action="{{prefix}}/admin/mail/relay-token"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" id="issue-token">Issue a new relay token</button></form>
        </section>
        {{/main}}{{/layout}}
        """
}
