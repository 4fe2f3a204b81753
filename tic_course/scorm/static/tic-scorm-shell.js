/* The launch page of a SCORM package: one LMS session for a whole module.
 *
 * A module is several pages (the chapter and its practice scenarios). A SCO may open its LMS
 * session only once, so this page holds the session and shows the module's pages in a frame;
 * each page's tic-scorm-page.js reports the learner's answers here (tic:* events) and asks here
 * what to restore. The LMS API is found by pipwerks' wrapper (parent and opener frames, SCORM 1.2
 * `API` or 2004 `API_1484_11`). With no LMS every page works as in the book and nothing is sent.
 *
 * Scoring (README "Delivering through a SCORM LMS"): each knowledge check is worth 1 point for a
 * right first answer; each scenario is worth 1 point, the mean of its scored choices (helpful 1,
 * partly helpful 0.5, likely to harm trust 0), where the scored choices are every choice made
 * until the scenario first reaches an ending. Score = points / (checks + scenarios), in per cent.
 * Complete when every check is answered and every scenario has reached an ending; then passed if
 * the score is at least the pass mark, else failed.
 */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("tic-scorm-config").textContent);
  var code = new URLSearchParams(window.location.search).get("module") || config.defaultModule;
  var module = config.modules[code] || config.modules[config.defaultModule];
  var VALUE = { helpful: 1, mixed: 0.5, harmful: 0 };
  var started = new Date();
  var lms = { connected: false, v2004: false };
  var scorm = window.pipwerks ? window.pipwerks.SCORM : null;
  var state = { p: 0, k: {}, s: {} };
  var frame, navButtons = [], objectiveIndex = {}, finished = false;

  function connect() {
    if (!scorm) return;
    window.pipwerks.debug.isActive = false; // no console chatter outside an LMS
    try {
      lms.connected = scorm.init() === true;
    } catch (e) {
      lms.connected = false; // a cross-origin parent: not an LMS we can talk to
    }
    lms.v2004 = lms.connected && scorm.version === "2004";
  }
  function get(name12, name2004) {
    return lms.connected ? String(scorm.get(lms.v2004 ? name2004 : name12) || "") : "";
  }
  function set(name12, name2004, value) {
    if (lms.connected) scorm.set(lms.v2004 ? name2004 : name12, String(value));
  }
  function both(name, value) { set("cmi.core." + name, "cmi." + name, value); }

  function passMark() {
    var fromLms = lms.v2004 ? get("", "cmi.scaled_passing_score") : get("cmi.student_data.mastery_score", "");
    // 2004 gives the mark scaled (0.55); 0.55 * 100 is 55.00000000000001 in floating point, which
    // would fail a learner who scored exactly 55, so it is rounded to the 2 places of the score.
    if (fromLms !== "" && !isNaN(Number(fromLms))) return lms.v2004 ? round2(Number(fromLms) * 100) : Number(fromLms);
    return module.passMark;
  }

  function scenarioScore(s) {
    var n = s.n[0] + s.n[1] + s.n[2];
    return n ? (s.n[0] + 0.5 * s.n[1]) / n : 0;
  }
  function itemScores() {
    var items = {};
    module.checks.forEach(function (c) {
      var a = state.k[c.id];
      items["kc:" + c.id] = { done: !!a, score: a && a.c ? 1 : 0, objectives: c.objectives };
    });
    module.scenarios.forEach(function (sc) {
      var s = state.s[sc.id];
      var done = !!(s && s.e);
      items["sc:" + sc.id] = { done: done, score: done ? scenarioScore(s) : 0, objectives: sc.objectives };
    });
    return items;
  }
  function round2(x) { return Math.round(x * 100) / 100; }

  function report() {
    if (!lms.connected) return;
    var items = itemScores(), keys = Object.keys(items), points = 0, done = 0;
    keys.forEach(function (k) { points += items[k].score; if (items[k].done) done++; });
    var raw = keys.length ? round2((100 * points) / keys.length) : 100;
    var complete = done === keys.length;
    var passed = raw >= passMark();
    set("cmi.core.score.min", "cmi.score.min", 0);
    set("cmi.core.score.max", "cmi.score.max", 100);
    set("cmi.core.score.raw", "cmi.score.raw", raw);
    if (lms.v2004) {
      set("", "cmi.score.scaled", round2(raw) / 100);
      set("", "cmi.progress_measure", keys.length ? round2(done / keys.length) : 1);
      set("", "cmi.completion_status", complete ? "completed" : "incomplete");
      set("", "cmi.success_status", complete ? (passed ? "passed" : "failed") : "unknown");
    } else {
      set("cmi.core.lesson_status", "", complete ? (passed ? "passed" : "failed") : "incomplete");
    }
    module.objectives.forEach(function (id) {
      var n = objectiveIndex[id], mine = keys.filter(function (k) { return items[k].objectives.indexOf(id) !== -1; });
      if (!mine.length) return;
      var all = mine.every(function (k) { return items[k].done; });
      var any = mine.some(function (k) { return items[k].done; });
      var sum = 0;
      mine.forEach(function (k) { sum += items[k].score; });
      var pct = round2((100 * sum) / mine.length);
      var ok = pct >= passMark();
      if (lms.v2004) {
        var p = "cmi.objectives." + n + ".";
        set("", p + "completion_status", all ? "completed" : any ? "incomplete" : "not attempted");
        set("", p + "success_status", all ? (ok ? "passed" : "failed") : "unknown");
        if (all) { set("", p + "score.scaled", pct / 100); set("", p + "score.raw", pct); set("", p + "score.min", 0); set("", p + "score.max", 100); }
      } else {
        var q = "cmi.objectives." + n + ".";
        set(q + "status", "", all ? (ok ? "passed" : "failed") : any ? "incomplete" : "not attempted");
        if (all) { set(q + "score.raw", "", pct); set(q + "score.min", "", 0); set(q + "score.max", "", 100); }
      }
    });
    set("cmi.suspend_data", "cmi.suspend_data", JSON.stringify(state));
    set("cmi.core.lesson_location", "cmi.location", String(state.p));
    scorm.save();
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function interaction(id, response, result, objectives, description) {
    if (!lms.connected) return;
    var n = Number(get("cmi.interactions._count", "cmi.interactions._count")) || 0;
    var p = "cmi.interactions." + n + ".";
    var now = new Date();
    set(p + "id", p + "id", id);
    set(p + "type", p + "type", "choice");
    objectives.forEach(function (o, i) { set(p + "objectives." + i + ".id", p + "objectives." + i + ".id", o); });
    if (lms.v2004) {
      set("", p + "timestamp", now.toISOString().slice(0, 19));
      set("", p + "description", description.slice(0, 250));
      set("", p + "learner_response", response.join("[,]"));
      set("", p + "result", result === "wrong" ? "incorrect" : result);
    } else {
      set(p + "time", "", pad(now.getHours()) + ":" + pad(now.getMinutes()) + ":" + pad(now.getSeconds()));
      set(p + "student_response", "", response.join(","));
      set(p + "result", "", result);
    }
  }

  /* Called by each page's tic-scorm-page.js. */
  var shell = {
    connected: function () { return lms.connected; },
    passMark: function () { return passMark(); }, // the mark in use, in per cent (the LMS's if it set one)
    answerFor: function (checkId) { var a = state.k[checkId]; return a ? a.l : null; },
    pathFor: function (scenarioId) { var s = state.s[scenarioId]; return s ? s.p.slice() : []; },
    pageShown: function (href) {
      var i = module.pages.map(function (p) { return new URL(p.href, window.location.href).href; }).indexOf(href.split("#")[0]);
      if (i !== -1 && i !== state.p) { state.p = i; markNav(); report(); }
    },
    record: function (type, d) {
      if (type === "tic:kc-answer") {
        var check = module.checks.filter(function (c) { return c.id === d.id; })[0];
        if (!check) return;
        var a = state.k[d.id];
        if (!a) a = state.k[d.id] = { c: d.correct ? 1 : 0 };
        a.l = d.response.slice();
        interaction("kc-" + d.id, d.response, d.correct ? "correct" : "wrong", check.objectives, "Knowledge check " + d.id);
      } else {
        var sc = module.scenarios.filter(function (x) { return x.id === d.scenario; })[0];
        if (!sc) return;
        var s = state.s[d.scenario] || (state.s[d.scenario] = { p: [], e: 0, n: [0, 0, 0] });
        if (type === "tic:restart") {
          s.p = [];
        } else if (type === "tic:choice") {
          s.p = d.path.map(function (step) { return step.response; });
          if (!s.e) s.n[d.quality === "helpful" ? 0 : d.quality === "mixed" ? 1 : 2]++;
          var result = d.quality === "helpful" ? "correct" : d.quality === "mixed" ? "neutral" : "wrong";
          interaction(d.scenario + "-" + d.node, [d.response], result, sc.objectives, sc.title + ": exchange " + (d.index + 1));
        } else if (type === "tic:scenario-end") {
          s.e = 1;
        }
      }
      report();
    }
  };
  window.TicScormShell = shell;

  function sessionTime() {
    var secs = Math.max(0, Math.round((new Date() - started) / 1000));
    var h = Math.floor(secs / 3600), m = Math.floor((secs % 3600) / 60), s = secs % 60;
    return lms.v2004 ? "PT" + h + "H" + m + "M" + s + "S" : (h < 10 ? "000" : h < 100 ? "00" : h < 1000 ? "0" : "") + h + ":" + pad(m) + ":" + pad(s);
  }
  function finish() {
    if (finished || !lms.connected) return;
    finished = true;
    report();
    both("session_time", sessionTime());
    scorm.quit();
  }

  function markNav() {
    navButtons.forEach(function (b, i) {
      if (i === state.p) b.setAttribute("aria-current", "page"); else b.removeAttribute("aria-current");
    });
  }
  function show(i) {
    state.p = i;
    frame.src = module.pages[i].href;
    markNav();
    report();
  }

  function restoreState() {
    var saved = get("cmi.suspend_data", "cmi.suspend_data");
    if (!saved) return;
    try {
      var data = JSON.parse(saved);
      if (data && typeof data === "object") {
        state.k = data.k || {};
        state.s = data.s || {};
        state.p = Math.min(Math.max(Number(data.p) || 0, 0), module.pages.length - 1);
      }
    } catch (e) {
      state = { p: 0, k: {}, s: {} }; // unreadable saved data: start the module afresh
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    connect();
    document.title = module.title;
    document.getElementById("tic-scorm-title").textContent = module.title;
    document.getElementById("tic-scorm-status").textContent = lms.connected
      ? "Your progress is saved in your organisation's learning system."
      : "Not connected to a learning system: you can read and practise, but nothing is recorded.";
    frame = document.getElementById("tic-scorm-frame");
    var nav = document.getElementById("tic-scorm-pages");
    module.pages.forEach(function (page, i) {
      var li = document.createElement("li");
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = page.title;
      b.addEventListener("click", function () { show(i); });
      li.appendChild(b);
      nav.appendChild(li);
      navButtons.push(b);
    });
    if (lms.connected) {
      module.objectives.forEach(function (id, n) {
        objectiveIndex[id] = n;
        set("cmi.objectives." + n + ".id", "cmi.objectives." + n + ".id", id);
      });
      restoreState();
      // Suspend from the start, so a window that closes without warning keeps the learner's place;
      // on a normal close pipwerks' wrapper sets suspend while incomplete, else normal / logout.
      set("cmi.core.exit", "cmi.exit", "suspend");
    }
    show(state.p);
    window.addEventListener("pagehide", finish);
    window.addEventListener("beforeunload", finish);
  });
})();
