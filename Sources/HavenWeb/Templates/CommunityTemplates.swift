extension PageTemplates {
    static let communityHome = """
        {{<layout}}{{$title}}Community{{/title}}{{$main}}
        <section class="panel hero">
          <h1>Community</h1>
          <p class="lead">Ask other customers, share ideas, read our announcements.</p>
        </section>
        {{#boards}}
        <section class="panel">
          <h2>{{name}}</h2>
          {{#description}}<p class="muted">{{description}}</p>{{/description}}
          <ul class="kb-folders">
            {{#forums}}<li><a href="/community/forums/{{id}}">{{name}}</a><span class="muted">{{kind}} · {{topics}} topics · {{posts}} posts{{#description}} · {{description}}{{/description}}</span></li>{{/forums}}
          </ul>
        </section>
        {{/boards}}
        {{^boards}}<section class="panel"><p class="muted">There are no forums here yet.</p></section>{{/boards}}
        {{/main}}{{/layout}}
        """

    static let communityForum = """
        {{<layout}}{{$title}}{{name}}{{/title}}{{$main}}
        <section class="panel">
          <p class="crumbs"><a href="/community">Community</a> / {{category}}</p>
          <h1>{{name}}</h1>
          <p class="lead">{{kind}}{{#description}} · {{description}}{{/description}}</p>
          <ul class="kb-articles" id="topics">
            {{#topics}}<li><a href="/community/topics/{{id}}">{{title}}</a><span class="muted">{{#sticky}}<span class="badge">Pinned</span> {{/sticky}}{{#locked}}<span class="badge amber">Closed</span> {{/locked}}{{replies}} replies · last activity {{active}}</span></li>{{/topics}}
            {{^topics}}<li class="muted">No topics yet.</li>{{/topics}}
          </ul>
          <div class="pager">{{>pager_links}}</div>
          {{#may_post}}
          <h2 id="new-topic">Start a topic</h2>
          <form method="post" action="/community/forums/{{id}}/topics" novalidate>
            <input type="hidden" name="csrf" value="{{csrf}}">
            <label for="title">Title</label>
            <input id="title" name="title" value="{{typed_title}}" maxlength="255"{{#invalid_title}} aria-invalid="true" aria-describedby="form-error"{{/invalid_title}}>
            <label for="message">Your message</label>
            <textarea id="message" name="message" rows="6"{{#invalid_message}} aria-invalid="true" aria-describedby="form-error"{{/invalid_message}}>{{typed_message}}</textarea>
            <button type="submit" class="primary" id="post-topic">Post topic</button>
          </form>
          {{/may_post}}
          {{^signed_in}}<p class="aside"><a href="/sign-in">Sign in</a> to start a topic.</p>{{/signed_in}}
        </section>
        {{/main}}{{/layout}}
        """

    static let communityTopic = """
        {{<layout}}{{$title}}{{title}}{{/title}}{{$main}}
        <section class="panel thread">
          <p class="crumbs"><a href="/community">Community</a> / {{category}} / <a href="/community/forums/{{forum_id}}">{{forum}}</a></p>
          <h1>{{title}}</h1>
          <p class="lead">{{#sticky}}<span class="badge">Pinned</span> {{/sticky}}{{#locked}}<span class="badge amber">Closed to replies</span>{{/locked}}</p>
          <ol class="messages" id="posts">
            {{#posts}}<li class="message{{#mine}} incoming{{/mine}}"><div class="meta"><strong>{{author}}</strong> · {{created}}{{#answer}} · <span class="badge green">Answer</span>{{/answer}}</div><div class="body">{{body}}</div></li>{{/posts}}
          </ol>
          <div class="pager">{{>pager_links}}</div>
          {{#may_reply}}
          <form method="post" action="/community/topics/{{id}}/reply" class="compose" id="reply" novalidate>
            <input type="hidden" name="csrf" value="{{csrf}}">
            <label for="body">Your reply</label>
            <textarea id="body" name="body" rows="5"{{#error}} aria-invalid="true" aria-describedby="form-error"{{/error}}>{{typed}}</textarea>
            <button type="submit" class="primary" id="post-reply">Post reply</button>
          </form>
          {{/may_reply}}
          {{^signed_in}}<p class="aside"><a href="/sign-in">Sign in</a> to reply.</p>{{/signed_in}}
        </section>
        {{/main}}{{/layout}}
        """
}
