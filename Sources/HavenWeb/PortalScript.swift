/// `/static/portal.js`: while a customer types a new ticket's subject, asks `/help/suggest` for articles that may
/// answer it and lists them under the field (text only, through the DOM; nothing is parsed as HTML). The form works
/// the same without it.
enum PortalScript {
    static let source = """
        (function () {
          "use strict";
          var subject = document.getElementById("subject");
          var box = document.getElementById("suggestions");
          if (!subject || !box || !window.fetch) { return; }
          var timer = null;
          var asked = "";
          function show(items) {
            while (box.firstChild) { box.removeChild(box.firstChild); }
            if (!items.length) { box.hidden = true; return; }
            var heading = document.createElement("p");
            heading.textContent = "These articles may answer your question:";
            var list = document.createElement("ul");
            items.forEach(function (item) {
              var entry = document.createElement("li");
              var link = document.createElement("a");
              link.href = item.url;
              link.textContent = item.title;
              link.target = "_blank";
              link.rel = "noopener";
              entry.appendChild(link);
              if (item.snippet) {
                var snippet = document.createElement("span");
                snippet.className = "muted";
                snippet.textContent = " — " + item.snippet;
                entry.appendChild(snippet);
              }
              list.appendChild(entry);
            });
            box.appendChild(heading);
            box.appendChild(list);
            box.hidden = false;
          }
          function ask() {
            var term = subject.value.trim();
            if (term === asked) { return; }
            asked = term;
            if (term.length < 3) { show([]); return; }
            fetch("/help/suggest?term=" + encodeURIComponent(term), { credentials: "same-origin", headers: { "Accept": "application/json" } })
              .then(function (response) { return response.ok ? response.json() : []; })
              .then(function (items) { if (subject.value.trim() === term) { show(items); } })
              .catch(function () { show([]); });
          }
          subject.addEventListener("input", function () {
            clearTimeout(timer);
            timer = setTimeout(ask, 250);
          });
          ask();
        })();
        """
}
