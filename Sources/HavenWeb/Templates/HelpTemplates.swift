extension PageTemplates {
    /// The search box of the help pages (a partial).
    static let helpSearchBox = """
        <form method="get" action="/help/search" role="search" class="search">
          <label for="term" class="visually-hidden">Search help articles</label>
          <input id="term" name="term" type="search" value="{{term}}" maxlength="200" placeholder="Search help articles, e.g. “reset password”">
          <button type="submit" class="primary">Search</button>
        </form>
        """

    static let helpHome = """
        {{<layout}}{{$title}}Help articles{{/title}}{{$main}}
        <section class="panel hero">
          <h1>Help articles</h1>
          <p class="lead">Answers to common questions. Can’t find yours? <a href="/tickets/new">Open a ticket</a>.</p>
          {{>help_search_box}}
        </section>
        {{#shelves}}
        <section class="panel kb-shelf">
          <h2>{{name}}</h2>
          {{#description}}<p class="muted">{{description}}</p>{{/description}}
          <ul class="kb-folders">
            {{#folders}}<li><a href="/help/folders/{{id}}">{{name}}</a>{{#description}}<span class="muted">{{description}}</span>{{/description}}</li>{{/folders}}
          </ul>
        </section>
        {{/shelves}}
        {{^shelves}}<section class="panel"><p class="muted">There are no help articles here yet.</p></section>{{/shelves}}
        {{/main}}{{/layout}}
        """

    static let helpFolder = """
        {{<layout}}{{$title}}{{name}}{{/title}}{{$main}}
        <section class="panel">
          <p class="crumbs"><a href="/help">Help</a> / {{category}}{{#crumbs}} / <a href="/help/folders/{{id}}">{{name}}</a>{{/crumbs}}</p>
          <h1>{{name}}</h1>
          {{#description}}<p class="lead">{{description}}</p>{{/description}}
          {{#sub_folders.0}}<ul class="kb-folders">{{#sub_folders}}<li><a href="/help/folders/{{id}}">{{name}}</a>{{#description}}<span class="muted">{{description}}</span>{{/description}}</li>{{/sub_folders}}</ul>{{/sub_folders.0}}
          <ul class="kb-articles" id="articles">
            {{#articles}}<li><a href="/help/articles/{{id}}">{{title}}</a><span class="muted">{{snippet}}</span></li>{{/articles}}
            {{^articles}}<li class="muted">No articles in this folder yet.</li>{{/articles}}
          </ul>
          <div class="pager">{{>pager_links}}</div>
        </section>
        {{/main}}{{/layout}}
        """

    /// An article: its HTML is `SafeHTML`'s output (allowlisted elements, text escaped, elements balanced) — with the
    /// ticket rows, the only unescaped insertion in any template (scripts/validate.sh holds it to these two).
    static let helpArticle = """
        {{<layout}}{{$title}}{{page_title}}{{/title}}{{$head}}{{#meta_description}}<meta name="description" content="{{meta_description}}">{{/meta_description}}{{/head}}{{$main}}
        <article class="panel kb-article">
          <p class="crumbs"><a href="/help">Help</a> / {{category}}{{#crumbs}} / <a href="/help/folders/{{id}}">{{name}}</a>{{/crumbs}}</p>
          <h1>{{title}}</h1>
          <p class="muted">Updated {{updated}}{{#tags}} · {{tags}}{{/tags}}</p>
          <div class="article-body" id="article-body">{{{article_html}}}</div>
          <section id="vote" class="vote">
            {{#voted}}<p class="notice" role="status" id="voted">Thank you for your feedback.</p>{{/voted}}
            {{^voted}}
            <form method="post" action="/help/articles/{{id}}/vote">
              <input type="hidden" name="csrf" value="{{csrf}}">
              <span>Was this article helpful?</span>
              <button type="submit" name="helpful" value="yes" id="vote-yes">Yes</button>
              <button type="submit" name="helpful" value="no" id="vote-no">No</button>
            </form>
            {{/voted}}
          </section>
          <p class="aside">Still need help? <a href="/tickets/new">Open a ticket</a>.</p>
        </article>
        {{/main}}{{/layout}}
        """

    static let helpSearch = """
        {{<layout}}{{$title}}Search help articles{{/title}}{{$main}}
        <section class="panel">
          <p class="crumbs"><a href="/help">Help</a> / Search</p>
          <h1>Search help articles</h1>
          {{>help_search_box}}
          {{#searched}}
          <ul class="kb-articles" id="results">
            {{#articles}}<li><a href="/help/articles/{{id}}">{{title}}</a><span class="muted">{{snippet}}</span></li>{{/articles}}
            {{^articles}}<li class="muted">No articles match “{{term}}”. Try other words, or <a href="/tickets/new">open a ticket</a>.</li>{{/articles}}
          </ul>
          {{/searched}}
        </section>
        {{/main}}{{/layout}}
        """
}
