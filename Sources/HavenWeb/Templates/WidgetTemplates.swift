extension PageTemplates {
    /// The widget's frame: no header or navigation, just the form (and the tenant's colour).
    static let widgetFrame = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{$title}}Feedback{{/title}} · {{tenant_name}}</title>
        <link rel="stylesheet" href="/static/haven.css">
        <link rel="stylesheet" href="/theme.css">
        </head>
        <body class="widget">
        <main id="main">
        {{$main}}{{/main}}
        </main>
        </body>
        </html>
        """

    static let widgetForm = """
        {{<widget_frame}}{{$main}}
        <h1>{{portal_title}}</h1>
        {{#error}}<p class="error" role="alert" id="form-error">{{error}}</p>{{/error}}
        <form method="post" action="/widget/new" novalidate>
          <input type="hidden" name="token" value="{{token}}">
          <input type="hidden" name="origin" value="{{origin}}">
          <div class="honey" aria-hidden="true"><label for="website">Leave this empty</label><input id="website" name="website" tabindex="-1" autocomplete="off"></div>
          {{>ticket_form_fields}}
          <button type="submit" class="primary">Send</button>
        </form>
        {{/main}}{{/widget_frame}}
        """

    static let widgetMessage = """
        {{<widget_frame}}{{$title}}{{heading}}{{/title}}{{$main}}
        <h1>{{heading}}</h1>
        <p id="widget-message">{{text}}</p>
        {{/main}}{{/widget_frame}}
        """
}
