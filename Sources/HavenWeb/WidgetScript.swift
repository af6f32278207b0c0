/// `/widget.js`, the script a tenant's site embeds (people.md §3): it adds the tenant's feedback form in an iframe
/// right after its own `<script>` tag, naming the embedding page's origin so Haven can refuse origins not on the
/// tenant's list. HTTPS only on both sides (an `http://` page would be mixed content). The same file for every
/// tenant, so its SRI hash in the snippet never changes with a setting.
enum WidgetScript {
    static let source = """
        /* Haven feedback widget: https://github.com/haven-helpdesk — the form opens in an iframe after this tag. */
        (function () {
          "use strict";
          var script = document.currentScript;
          if (!script || !script.src) { return; }
          var haven = new URL(script.src);
          if (haven.protocol !== "https:" || window.location.protocol !== "https:") { return; }
          var frame = document.createElement("iframe");
          frame.src = haven.origin + "/widget/new?origin=" + encodeURIComponent(window.location.origin);
          frame.title = script.getAttribute("data-title") || "Feedback";
          frame.className = "haven-widget";
          frame.style.width = "100%";
          frame.style.maxWidth = "28rem";
          frame.style.height = "40rem";
          frame.style.border = "1px solid #dde2ea";
          frame.style.borderRadius = "10px";
          script.parentNode.insertBefore(frame, script.nextSibling);
        })();

        """
}
