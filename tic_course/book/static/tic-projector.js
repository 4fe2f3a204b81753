/* Projector view of a scenario's practice conversation, for a workshop room.
   One exchange at a time in large type; replies lettered A, B, C for a show of hands; feedback
   only on a key press; driven by the keyboard alone; no network. It has no data of its own: it
   reads the JSON island of the practice player on the same page (tic-player.js), so nodes,
   replies, their order and their feedback are exactly the player's. Keys are listed on the page. */
(function () {
  "use strict";
  var LETTERS = "ABCDEFGH";

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function Projector(section, data, text) {
    this.section = section;
    this.data = data;
    this.text = text;
    this.nodes = {};
    this.names = {};
    var self = this;
    data.conversation.nodes.forEach(function (n) { self.nodes[n.id] = n; });
    data.characters.forEach(function (c) { self.names[c.id] = c.name; });
    this.opener = section.querySelector("button.tic-projector-open");
    this.opener.hidden = false;
    this.opener.addEventListener("click", function () { self.open(); });
    this.stage = el("div", "tic-projector-stage");
    this.stage.hidden = true;
    this.stage.tabIndex = -1;
    this.stage.setAttribute("role", "dialog");
    this.stage.setAttribute("aria-modal", "true");
    this.stage.setAttribute("aria-label", "Projector view: " + data.title);
    document.body.appendChild(this.stage);
    this.onKey = function (event) { self.key(event); };
  }

  Projector.prototype.open = function () {
    this.trail = [];          // node ids already passed, for going back
    this.current = null;      // null: the title screen
    this.chosen = null;       // index of the reply the room chose
    this.all = false;         // every reply's feedback shown
    this.stage.hidden = false;
    document.documentElement.classList.add("tic-projector-showing");
    document.addEventListener("keydown", this.onKey, true);
    this.draw();
    this.stage.focus();
  };

  Projector.prototype.close = function () {
    this.stage.hidden = true;
    document.documentElement.classList.remove("tic-projector-showing");
    document.removeEventListener("keydown", this.onKey, true);
    this.opener.focus();
  };

  Projector.prototype.key = function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var k = event.key;
    var node = this.current && this.nodes[this.current];
    var handled = true;
    if (k === "Escape") {
      this.close();
      return event.preventDefault();
    } else if (k === "Home") {
      this.trail = []; this.current = null; this.chosen = null; this.all = false;
    } else if (k === "ArrowRight" || k === "Enter" || k === "PageDown") {
      if (this.current === null) {
        this.current = this.data.conversation.start;
      } else if (node && node.responses && this.chosen !== null) {
        this.trail.push([this.current, this.chosen]);
        this.current = node.responses[this.chosen].next;
        this.chosen = null; this.all = false;
      }
    } else if (k === "ArrowLeft" || k === "Backspace" || k === "PageUp") {
      if (this.trail.length) {
        var back = this.trail.pop();
        this.current = back[0]; this.chosen = back[1]; this.all = false;
      } else {
        this.current = null; this.chosen = null;
      }
    } else if (k === " " || k === "Spacebar") {
      if (node && node.responses) this.all = !this.all;
    } else if (k.length === 1 && node && node.responses) {
      var i = LETTERS.indexOf(k.toUpperCase());
      if (i >= 0 && i < node.responses.length) this.chosen = i; else handled = false;
    } else {
      handled = false;
    }
    if (handled) {
      event.preventDefault();
      this.draw();
    }
  };

  Projector.prototype.draw = function () {
    var stage = this.stage;
    var data = this.data;
    stage.textContent = "";
    var head = el("p", "tic-projector-head", data.title);
    stage.appendChild(head);
    var body = el("div", "tic-projector-body");
    stage.appendChild(body);
    var live = el("div", "tic-projector-live");
    live.setAttribute("aria-live", "polite");
    if (this.current === null) {
      body.appendChild(el("h2", "tic-projector-title", data.title));
      body.appendChild(el("p", null, data.setting));
      body.appendChild(el("p", null, data.role));
      var note = el("p", "tic-projector-note");
      note.appendChild(el("strong", null, "Content note. "));
      note.appendChild(document.createTextNode(data.content_note));
      body.appendChild(note);
      stage.appendChild(el("p", "tic-projector-help", "\u2192 start \u00b7 Esc close"));
      return;
    }
    var node = this.nodes[this.current];
    if (node.ending) {
      var outcome = this.text.outcome[node.ending.outcome] || node.ending.outcome;
      body.appendChild(el("h2", "tic-projector-ending", outcome + ": " + node.ending.title));
      body.appendChild(el("p", null, node.ending.text));
      stage.appendChild(el("p", "tic-projector-help", "\u2190 back \u00b7 Home start again \u00b7 Esc close"));
      return;
    }
    if (node.context) body.appendChild(el("p", "tic-projector-context", node.context));
    var line = el("p", "tic-projector-line");
    line.appendChild(el("strong", null, this.names[node.speaker] + ": "));
    line.appendChild(document.createTextNode("\u201c" + node.says + "\u201d"));
    body.appendChild(line);
    var list = el("ol", "tic-projector-replies");
    var self = this;
    node.responses.forEach(function (r, i) {
      var item = el("li", "tic-projector-reply" + (self.chosen === i ? " tic-projector-chosen" : ""));
      item.setAttribute("data-response", r.id);
      item.appendChild(el("span", "tic-projector-letter", LETTERS[i]));
      item.appendChild(el("span", "tic-projector-say", r.say));
      if (self.all || self.chosen === i) {
        var q = self.text.quality[r.quality] || [r.quality, ""];
        var fb = el("p", "tic-projector-feedback " + q[1]);
        fb.appendChild(el("strong", null, q[0] + ". "));
        fb.appendChild(document.createTextNode(r.feedback));
        item.appendChild(fb);
      }
      list.appendChild(item);
    });
    body.appendChild(list);
    if (this.chosen !== null) live.textContent = "Reply " + LETTERS[this.chosen] + " chosen.";
    stage.appendChild(live);
    var keys = "A\u2013" + LETTERS[node.responses.length - 1] + " choose \u00b7 Space all feedback \u00b7 ";
    keys += (this.chosen !== null ? "\u2192 next \u00b7 " : "") + "\u2190 back \u00b7 Esc close";
    stage.appendChild(el("p", "tic-projector-help", keys));
  };

  document.addEventListener("DOMContentLoaded", function () {
    var text = window.TicPlayerText;
    document.querySelectorAll("section.tic-projector").forEach(function (section) {
      var player = document.getElementById(section.getAttribute("data-player"));
      var island = player && player.querySelector("script.tic-player-data");
      if (!island || !text) return;  // the build guarantees a player on the page
      var projector = new Projector(section, JSON.parse(island.textContent), text);
      if (window.location.hash === "#projector-" + projector.data.id) projector.open();
    });
  });
})();
