/* quitx web: the form works without this script. With it, the check's progress and its results
   appear on the same page as they come (Server-Sent Events over fetch). No library, no CDN. */
(function () {
  "use strict";
  if (!window.fetch || !window.TextDecoder || !window.URLSearchParams || !window.DOMParser) return;

  function fragment(html) {
    var holder = document.createElement("template");
    holder.innerHTML = html; // server-rendered, every remote text escaped there
    return holder.content;
  }

  function showPage(html) {
    // a page instead of a stream (an error in the form, a full queue): show its content here
    var page = new DOMParser().parseFromString(html, "text/html");
    var incoming = page.getElementById("main");
    var main = document.getElementById("main");
    if (!incoming || !main) return;
    main.replaceChildren.apply(main, Array.prototype.slice.call(incoming.childNodes).map(function (node) {
      return document.importNode(node, true);
    }));
    document.title = page.title;
    setup();
    var target = document.getElementById("errors") || main;
    target.focus();
  }

  function handle(block, box) {
    var name = "message", data = "";
    block.split("\n").forEach(function (line) {
      if (line.indexOf("event:") === 0) name = line.slice(6).trim();
      else if (line.indexOf("data:") === 0) data += line.slice(5).trim();
    });
    if (!data) return false;
    var payload = JSON.parse(data);
    if (name === "progress") {
      var list = box.querySelector(".progress");
      var item = fragment(payload.html).firstElementChild;
      var last = list.lastElementChild;
      if (last && last.dataset.kind === "network" && payload.kind === "network") last.replaceWith(item);
      else list.appendChild(item);
    } else if (name === "results") {
      var results = box.querySelector(".results");
      results.replaceChildren(fragment(payload.html));
      var start = results.querySelector("#found-title, #results-start");
      if (start) start.focus();
    } else if (name === "end") {
      return true;
    }
    return false;
  }

  async function run(form, button) {
    var live = document.getElementById("live");
    var template = document.getElementById("progress-template");
    var response;
    try {
      response = await fetch(form.action, {
        method: "POST",
        body: new URLSearchParams(new FormData(form)),
        headers: { "Accept": "text/event-stream" }
      });
    } catch (error) {
      form.submit(); // the plain form still works
      return;
    }
    var type = response.headers.get("Content-Type") || "";
    if (type.indexOf("text/event-stream") !== 0 || !response.body) {
      showPage(await response.text());
      return;
    }
    live.replaceChildren(template.content.cloneNode(true));
    live.querySelector(".progress-box").scrollIntoView({ block: "start" });
    var reader = response.body.getReader();
    var decoder = new TextDecoder();
    var buffer = "";
    for (;;) {
      var chunk = await reader.read();
      if (chunk.done) break;
      buffer += decoder.decode(chunk.value, { stream: true });
      var blocks = buffer.split("\n\n");
      buffer = blocks.pop();
      for (var i = 0; i < blocks.length; i++) {
        if (handle(blocks[i], live)) return;
      }
    }
  }

  function setup() {
    var form = document.getElementById("check-form");
    if (!form) return;
    form.addEventListener("submit", function (event) {
      var button = form.querySelector("button[type=submit]");
      event.preventDefault();
      button.disabled = true;
      run(form, button).finally(function () { button.disabled = false; });
    });
  }

  setup();
})();
