extension PageTemplates {
    static let signIn = """
        {{<layout}}{{$title}}Sign in{{/title}}{{$main}}
        <section class="card">
          <h1>Sign in</h1>
          <form method="post" action="{{prefix}}/sign-in" novalidate>
            <input type="hidden" name="csrf" value="{{form_token}}">
            <label for="email">E-mail address</label>
            <input id="email" name="email" type="email" autocomplete="username" required value="{{email}}"{{#error}} aria-invalid="true" aria-describedby="form-error"{{/error}} autofocus>
            <label for="password">Password</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required{{#error}} aria-invalid="true"{{/error}}>
            <button type="submit" class="primary">Sign in</button>
          </form>
          <p class="hint"><a href="{{prefix}}/forgot-password">Forgot your password?</a></p>
        </section>
        {{/main}}{{/layout}}
        """

    static let forgotPassword = """
        {{<layout}}{{$title}}Forgot your password?{{/title}}{{$main}}
        <section class="card">
          <h1>Forgot your password?</h1>
          {{#sent}}
          <p role="status" id="link-sent">If {{email}} belongs to an account here, a link to choose a new password is on its way to it. It works once, for an hour. Nothing arrived after a few minutes? Look in the spam folder, or ask again.</p>
          <p><a href="{{prefix}}/sign-in">Back to sign in</a></p>
          {{/sent}}
          {{^sent}}
          <p>Write the e-mail address of your account; we will mail it a link that sets a new password.</p>
          <form method="post" action="{{prefix}}/forgot-password" novalidate>
            <input type="hidden" name="csrf" value="{{form_token}}">
            <label for="email">E-mail address</label>
            <input id="email" name="email" type="email" autocomplete="username" required value="{{email}}"{{#error}} aria-invalid="true" aria-describedby="form-error"{{/error}} autofocus>
            <button type="submit" class="primary">Send me a link</button>
          </form>
          <p class="hint"><a href="{{prefix}}/sign-in">Back to sign in</a></p>
          {{/sent}}
        </section>
        {{/main}}{{/layout}}
        """

    static let twoFactor = """
        {{<layout}}{{$title}}Two-step verification{{/title}}{{$main}}
        <section class="card">
          <h1>Two-step verification</h1>
          <p>Enter the 6-digit code from your authenticator app.</p>
          <form method="post" action="{{prefix}}/two-factor" novalidate>
            <input type="hidden" name="csrf" value="{{csrf}}">
            <input type="hidden" name="mode" value="code">
            <label for="code">Code</label>
            <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9 ]*" maxlength="8" required autofocus{{#error}} aria-invalid="true" aria-describedby="form-error"{{/error}}>
            <button type="submit" class="primary">Verify</button>
          </form>
          <details>
            <summary>Lost your phone? Use a recovery code</summary>
            <form method="post" action="{{prefix}}/two-factor" novalidate>
              <input type="hidden" name="csrf" value="{{csrf}}">
              <input type="hidden" name="mode" value="recovery">
              <label for="recovery">Recovery code</label>
              <input id="recovery" name="code" autocomplete="off" maxlength="20" placeholder="xxxxx-xxxxx" required>
              <button type="submit">Use recovery code</button>
            </form>
          </details>
          <form method="post" action="{{prefix}}/sign-out" class="aside">
            <input type="hidden" name="csrf" value="{{csrf}}">
            <button type="submit" class="link">Not now: sign out</button>
          </form>
        </section>
        {{/main}}{{/layout}}
        """

    static let enroll = """
        {{<layout}}{{$title}}Set up two-step verification{{/title}}{{$main}}
        <section class="card wide">
          <h1>Set up two-step verification</h1>
          {{#required}}<p class="notice">{{tenant_name}} requires a second step at sign-in for your role. Set it up to continue.</p>{{/required}}
          <ol class="steps">
            <li>Scan this QR code with an authenticator app (for example Aegis, Google Authenticator or 1Password).
              <img class="qr" id="qr" src="{{qr_data_uri}}" alt="QR code for your authenticator app" width="220" height="220"></li>
            <li>Or type this key into the app: <code class="secret" id="secret">{{secret}}</code></li>
            <li>Enter the 6-digit code the app shows.</li>
          </ol>
          <form method="post" action="{{prefix}}/two-factor/enroll" novalidate>
            <input type="hidden" name="csrf" value="{{csrf}}">
            <label for="code">Code from the app</label>
            <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="8" required{{#error}} aria-invalid="true" aria-describedby="form-error"{{/error}}>
            <button type="submit" class="primary">Turn on</button>
          </form>
          {{#required}}
          <form method="post" action="{{prefix}}/sign-out" class="aside">
            <input type="hidden" name="csrf" value="{{csrf}}">
            <button type="submit" class="link">Not now: sign out</button>
          </form>
          {{/required}}
        </section>
        {{/main}}{{/layout}}
        """

    static let recoveryCodes = """
        {{<layout}}{{$title}}Your recovery codes{{/title}}{{$main}}
        <section class="card">
          <h1>Save your recovery codes</h1>
          <p>Each code signs you in once if you lose your phone. They are shown <strong>only now</strong>: store them in a password manager or print them.</p>
          <ul class="codes" id="recovery-codes">{{#codes}}<li><code>{{.}}</code></li>{{/codes}}</ul>
          <p><a class="button primary" href="{{home}}">I saved them, continue</a></p>
        </section>
        {{/main}}{{/layout}}
        """

    static let setPassword = """
        {{<layout}}{{$title}}Choose your password{{/title}}{{$main}}
        <section class="card">
          <h1>Choose your password</h1>
          {{#valid}}
          <p>At least {{minimum}} characters. A long phrase you can remember is best; common passwords are refused.</p>
          <form method="post" action="{{prefix}}/set-password" novalidate>
            <input type="hidden" name="csrf" value="{{form_token}}">
            <input type="hidden" name="token" value="{{token}}">
            <label for="new_password">New password</label>
            <input id="new_password" name="new_password" type="password" autocomplete="new-password" minlength="{{minimum}}" required{{#error}} aria-invalid="true" aria-describedby="form-error"{{/error}}>
            <label for="repeat_password">New password again</label>
            <input id="repeat_password" name="repeat_password" type="password" autocomplete="new-password" required>
            <button type="submit" class="primary">Save password</button>
          </form>
          {{/valid}}
          {{^valid}}<p>This link is not valid any more: it was used already, a newer one was sent, or it expired. <a href="{{prefix}}/forgot-password">Ask for a new link</a>.</p>{{/valid}}
        </section>
        {{/main}}{{/layout}}
        """

    static let confirm = """
        {{<layout}}{{$title}}Confirm it is you{{/title}}{{$main}}
        <section class="card">
          <h1>Confirm it is you</h1>
          <p>This action needs your password{{#has_totp}} or a code from your app{{/has_totp}} again.</p>
          <form method="post" action="{{prefix}}/confirm" novalidate>
            <input type="hidden" name="csrf" value="{{csrf}}">
            <input type="hidden" name="next" value="{{next}}">
            <label for="password">Password</label>
            <input id="password" name="password" type="password" autocomplete="current-password"{{#error}} aria-invalid="true" aria-describedby="form-error"{{/error}} autofocus>
            {{#has_totp}}
            <label for="code">Or a code from your app</label>
            <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="8">
            {{/has_totp}}
            <button type="submit" class="primary">Confirm</button>
          </form>
        </section>
        {{/main}}{{/layout}}
        """
}
