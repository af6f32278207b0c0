/// The page templates (swift-mustache), compiled into the binary so `haven` needs no template directory. Every value
/// goes through `{{ }}`, which escapes HTML; triple mustaches are refused by scripts/validate.sh. Pages carry no inline
/// script or style (the CSP forbids both): looks come from /static/haven.css.
enum PageTemplates {
    static let all: [String: String] = [
        "layout": layout,
        "mail": mail,
        "sign_in": signIn,
        "forgot_password": forgotPassword,
        "two_factor": twoFactor,
        "enroll": enroll,
        "recovery_codes": recoveryCodes,
        "home": home,
        "password": password,
        "set_password": setPassword,
        "sessions": sessions,
        "api_keys": apiKeys,
        "confirm": confirm,
        "security": security,
        "message": message,
        "pager_links": pagerLinks,
        "tickets": tickets,
        "ticket": ticket,
        "contacts": contacts,
        "contact": contact,
        "erase_confirm": eraseConfirm,
        "company_trashed": companyTrashed,
        "company_purge": companyPurge,
        "portal_home": portalHome,
        "portal_new_ticket": portalNewTicket,
        "ticket_form_fields": ticketFormFields,
        "custom_field_input": customFieldInput,
        "portal_tickets": portalTickets,
        "portal_ticket": portalTicket,
        "portal_privacy": portalPrivacy,
        "help_search_box": helpSearchBox,
        "help_home": helpHome,
        "help_folder": helpFolder,
        "help_article": helpArticle,
        "help_search": helpSearch,
        "community_home": communityHome,
        "community_forum": communityForum,
        "community_topic": communityTopic,
        "portal_settings": portalSettings,
        "audit_log": auditLog,
        "domains": domains,
        "companies": companies,
        "hub": hub,
        "agents": agents,
        "keys": keys,
        "export_records": exportRecords,
        "export": export,
        "retention": retention,
        "canned": canned,
        "solutions": solutions,
        "automation": automation,
        "sla": sla,
        "company": company,
        "company_delete": companyDelete,
        "widget_frame": widgetFrame,
        "widget_form": widgetForm,
        "widget_message": widgetMessage,
    ]

    /// The frame of every page: the header with the helpdesk's name and the navigation the signed-in person may use.
    static let layout = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{$title}}Haven{{/title}} · {{tenant_name}}</title>
        <link rel="stylesheet" href="/static/haven.css">
        {{$head}}{{/head}}
        {{#portal}}<link rel="stylesheet" href="/theme.css">{{/portal}}
        </head>
        <body class="{{#narrow}}narrow{{/narrow}}">
        <header class="top">
          <a class="brand" href="{{home}}">{{#logo}}<img class="logo" src="{{logo}}" alt="" width="120" height="32">{{/logo}}{{^logo}}<span class="mark" aria-hidden="true">◆</span>{{/logo}} {{tenant_name}} <span class="site">{{site_name}}</span></a>
          {{#person}}
          <nav aria-label="Main">
            <ul>
              {{#nav}}<li><a href="{{href}}"{{#current}} aria-current="page"{{/current}}>{{label}}</a></li>{{/nav}}
            </ul>
          </nav>
          <form class="sign-out" method="post" action="{{prefix}}/sign-out">
            <input type="hidden" name="csrf" value="{{csrf}}">
            <span class="who">{{person}}</span>
            <button type="submit" class="link">Sign out</button>
          </form>
          {{/person}}
          {{#visitor_nav}}
          <nav aria-label="Main" class="visitor">
            <ul>
              <li><a href="/help">Help articles</a></li>
              {{#community}}<li><a href="/community">Community</a></li>{{/community}}
              <li><a href="/tickets/new">Open a ticket</a></li>
              <li><a href="/sign-in">Sign in</a></li>
            </ul>
          </nav>
          {{/visitor_nav}}
        </header>
        <main id="main">
        {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
        {{#error}}<p class="error" role="alert" id="form-error">{{error}}</p>{{/error}}
        {{$main}}{{/main}}
        </main>
        <footer class="foot">Haven · your data stays on this server</footer>
        </body>
        </html>
        """

    /// A list's "Previous · Page n · Next" (the page sets `previous`, `page`, `next`).
    static let pagerLinks = """
        {{#previous}}<a class="button small" href="{{previous}}" rel="prev">Previous</a>{{/previous}}
        <span>Page {{page}}</span>
        {{#next}}<a class="button small" href="{{next}}" rel="next">Next</a>{{/next}}
        """

    static let message = """
        {{<layout}}{{$title}}{{heading}}{{/title}}{{$main}}
        <section class="card">
          <h1>{{heading}}</h1>
          <p>{{text}}</p>
          {{#link}}<p><a class="button" href="{{href}}">{{label}}</a></p>{{/link}}
        </section>
        {{/main}}{{/layout}}
        """
}
