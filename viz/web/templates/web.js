// Progressive enhancement only: every page works without this script.
// input[data-live-results=ID]: the search results for what is typed replace the children of #ID.
// input[list=DATALIST][data-suggest=KINDS]: the datalist offers names of those kinds.
(function () {
  "use strict";

  // Call answer(response) for what is typed, 200 ms after the typing stops; a newer request
  // aborts the one before it; clear() when the field is emptied.
  function onTyping(input, address, answer, clear) {
    var timer = 0;
    var running = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        if (running) running.abort();
        running = null;
        var q = input.value.trim();
        if (!q) return clear();
        var controller = new AbortController();
        running = controller;
        fetch(address(encodeURIComponent(q)), { signal: controller.signal })
          .then(function (r) {
            if (!r.ok) throw new Error(r.status);
            return answer(r);
          })
          .catch(function () {});
      }, 200);
    });
  }

  document.querySelectorAll("input[data-live-results]").forEach(function (input) {
    var target = document.getElementById(input.getAttribute("data-live-results"));
    if (!target) return;
    onTyping(
      input,
      function (q) { return "/find?fragment=1&q=" + q; },
      function (r) {
        return r.text().then(function (text) {
          var doc = new DOMParser().parseFromString(text, "text/html");
          target.replaceChildren.apply(target, Array.from(doc.body.childNodes));
        });
      },
      function () { target.replaceChildren(); }
    );
  });

  document.querySelectorAll("input[list][data-suggest]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    if (!list) return;
    var kinds = encodeURIComponent(input.getAttribute("data-suggest"));
    onTyping(
      input,
      function (q) { return "/suggest?kinds=" + kinds + "&q=" + q; },
      function (r) {
        return r.json().then(function (found) {
          list.replaceChildren.apply(list, found.map(function (s) {
            var option = document.createElement("option");
            option.value = s.name;
            option.label = (s.name_en ? s.name_en + " · " : "") + s.kind_label;
            return option;
          }));
        });
      },
      function () { list.replaceChildren(); }
    );
  });
})();
