/* IJGN policy site: small, self-hosted, no third-party requests. Everything here has a link-only
   equivalent; the script only saves a step. */
(function () {
  "use strict";

  /* "Which version was in force on this day?" (history page and policy page). revisions.json
     has every published revision with its status; a revision is in force from its effective date
     until the next one takes effect. Withdrawn or postponed revisions (any status other than these
     three) never take effect. */
  var TAKES_EFFECT = ["in-force", "superseded", "upcoming"];

  function longDate(day, lang) {
    var parts = day.split("-").map(Number);
    var date = new Date(Date.UTC(parts[0], parts[1] - 1, parts[2]));
    return new Intl.DateTimeFormat(lang, { dateStyle: "long", timeZone: "UTC" }).format(date);
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, name) { return name in values ? values[name] : all; });
  }

  function setUpInForce(form) {
    var field = form.querySelector("input[type=date]");
    var answer = form.querySelector(".policy-in-force__answer");
    var lang = form.getAttribute("data-lang");
    var history = new URL(form.getAttribute("data-history"), location.href);
    var revisions = null;

    function load() {
      if (!revisions) {
        revisions = fetch(form.getAttribute("data-revisions")).then(function (response) {
          if (!response.ok) { throw new Error("revisions.json: HTTP " + response.status); }
          return response.json();
        }).then(function (data) {
          return data.revisions.filter(function (r) { return TAKES_EFFECT.indexOf(r.status) >= 0; })
            .sort(function (a, b) { return a.effective < b.effective ? -1 : 1; });
        });
      }
      return revisions;
    }

    function answerFor(day, list) {
      var found = null;
      list.forEach(function (r) { if (r.effective <= day) { found = r; } });
      return found;
    }

    function show(day, replace) {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) { return; }
      load().then(function (list) {
        var found = answerFor(day, list);
        answer.textContent = "";
        if (!found) {
          answer.textContent = fill(form.getAttribute("data-none"), {
            date: longDate(day, lang), first: list.length ? longDate(list[0].effective, lang) : "",
          });
          return;
        }
        var page = new URL(found.id + "/", history);
        if (found.status === "upcoming") {
          answer.textContent = fill(form.getAttribute("data-upcoming"), {
            date: longDate(day, lang), effective: longDate(found.effective, lang),
          }) + " ";
          var link = document.createElement("a");
          link.href = page.href;
          link.textContent = longDate(found.effective, lang);
          answer.appendChild(link);
          return;
        }
        if (replace) { location.replace(page.href); } else { location.assign(page.href); }
      });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      /* The shareable address of the question: the history page with ?date=YYYY-MM-DD. */
      var shared = new URL(history.href);
      shared.searchParams.set("date", field.value);
      if (history.pathname === location.pathname) { window.history.replaceState(null, "", shared.href); }
      show(field.value, false);
    });

    if (form.hasAttribute("data-follow")) {
      var asked = new URLSearchParams(location.search).get("date");
      if (asked) { field.value = asked; show(asked, true); }
    }
  }

  /* Compare two versions (history page): the page lists the comparisons published as pages; a
     pair that is not published is said to be so, with the nearest published one offered. */
  function setUpCompare(form) {
    var pairs = JSON.parse(form.querySelector(".policy-compare__pairs").textContent);
    var older = form.querySelector("select[name=from]");
    var newer = form.querySelector("select[name=to]");
    var answer = form.querySelector(".policy-compare__answer");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var a = older.value, b = newer.value;
      answer.textContent = "";
      if (a === b) { answer.textContent = form.getAttribute("data-same"); return; }
      if (a > b) { var swap = a; a = b; b = swap; }  /* ids are effective dates: older first */
      var exact = pairs.filter(function (p) { return p.old === a && p.new === b; })[0];
      if (exact) { location.assign(new URL(exact.url, location.href).href); return; }
      var index = {};
      pairs.forEach(function (p) { index[p.old] = p.old_index; index[p.new] = p.new_index; });
      var distance = function (p) { return Math.abs(p.old_index - index[a]) + Math.abs(p.new_index - index[b]); };
      var nearest = pairs.slice().sort(function (p, q) { return distance(p) - distance(q); })[0];
      answer.textContent = form.getAttribute("data-missing") + " ";
      if (nearest) {
        var link = document.createElement("a");
        link.href = new URL(nearest.url, location.href).href;
        var label = function (id) {
          var option = older.querySelector("option[value='" + id + "']");
          return option ? option.textContent : id;
        };
        link.textContent = label(nearest.old) + " → " + label(nearest.new);
        answer.appendChild(link);
      }
    });
  }

  /* The language menu keeps the reader at the same clause (#clause-3.1.2) in the other language. */
  function keepFragment(event) {
    var link = event.target.closest && event.target.closest("a.md-select__link[hreflang]");
    if (link && location.hash && !link.hash) { link.hash = location.hash; }
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("form.policy-in-force"), setUpInForce);
    Array.prototype.forEach.call(document.querySelectorAll("form.policy-compare"), setUpCompare);
    document.addEventListener("click", keepFragment, true);
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
