/* Kernel-free practice player for scenario conversations (practice only: no graded items). */
(function () {
  "use strict";
  var QUALITY = {
    helpful: ["Helpful", "tic-q-helpful"],
    mixed: ["Partly helpful", "tic-q-mixed"],
    harmful: ["Likely to harm trust", "tic-q-harmful"]
  };
  var OUTCOME = { good: "A good outcome", mixed: "A mixed outcome", poor: "A poor outcome" };
  // The projector view (tic-projector.js) shows the same conversation with the same words.
  window.TicPlayerText = { quality: QUALITY, outcome: OUTCOME };

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function Player(root, data) {
    this.root = root;
    this.data = data;
    this.nodes = {};
    this.names = {};
    var self = this;
    data.conversation.nodes.forEach(function (n) { self.nodes[n.id] = n; });
    data.characters.forEach(function (c) { self.names[c.id] = c.name; });
    // The choices so far, as {node, response} ids: enough to rebuild the conversation exactly
    // (an LMS package saves it so that a learner who reloads resumes at the same exchange).
    this.path = [];
    this.silent = false;
    root.setAttribute("data-scenario", data.id);
    root.ticPlayer = this;
    this.build();
    this.restart(false, true);
  }

  /* Events let other scripts (the SCORM package's tracking) follow play without changing it. */
  Player.prototype.emit = function (name, detail) {
    if (this.silent) return;
    detail.scenario = this.data.id;
    this.root.dispatchEvent(new CustomEvent(name, { bubbles: true, detail: detail }));
  };

  Player.prototype.build = function () {
    this.transcript = el("ol", "tic-player-transcript");
    this.transcript.setAttribute("aria-label", "Conversation so far");
    this.feedback = el("div", "tic-player-feedback");
    this.feedback.setAttribute("role", "status");
    this.feedback.setAttribute("aria-live", "polite");
    this.turn = el("div", "tic-player-turn");
    this.choices = el("fieldset", "tic-player-choices");
    this.restartButton = el("button", "tic-player-restart", "Start again");
    this.restartButton.type = "button";
    var self = this;
    this.restartButton.addEventListener("click", function () { self.restart(true); });
    this.root.appendChild(this.transcript);
    this.root.appendChild(this.feedback);
    this.root.appendChild(this.turn);
    this.root.appendChild(this.choices);
    this.root.appendChild(this.restartButton);
  };

  Player.prototype.restart = function (focus, initial) {
    this.transcript.textContent = "";
    this.feedback.textContent = "";
    this.path = [];
    if (!initial) this.emit("tic:restart", {});
    this.show(this.data.conversation.start, focus);
  };

  /* Start again and silently make these choices (response ids, in order); no events are sent.
     Returns how many were replayed: it stops at the first id the current exchange does not offer. */
  Player.prototype.replay = function (responseIds) {
    this.silent = true;
    var done = 0;
    try {
      this.restart(false, true);
      for (var i = 0; i < responseIds.length; i++) {
        var node = this.nodes[this.current];
        var found = node && node.responses ? node.responses.filter(function (r) { return r.id === responseIds[i]; })[0] : null;
        if (!found) break;
        this.choose(node, found);
        done++;
      }
    } finally {
      this.silent = false;
    }
    return done;
  };

  Player.prototype.show = function (nodeId, focus) {
    var node = this.nodes[nodeId];
    var self = this;
    this.current = nodeId;
    this.turn.textContent = "";
    this.choices.textContent = "";
    if (node.ending) {
      this.choices.hidden = true;
      var h = el("h3", "tic-player-ending", OUTCOME[node.ending.outcome] + ": " + node.ending.title);
      h.tabIndex = -1;
      this.turn.appendChild(h);
      this.turn.appendChild(el("p", null, node.ending.text));
      if (focus && !this.silent) h.focus();
      return;
    }
    this.choices.hidden = false;
    if (node.context) this.turn.appendChild(el("p", "tic-player-context", node.context));
    var line = el("p", "tic-player-line");
    line.appendChild(el("strong", null, this.names[node.speaker] + ": "));
    line.appendChild(document.createTextNode("\u201c" + node.says + "\u201d"));
    line.tabIndex = -1;
    this.turn.appendChild(line);
    this.choices.appendChild(el("legend", null, "What do you say?"));
    node.responses.forEach(function (r, i) {
      var b = el("button", "tic-player-option", r.say);
      b.type = "button";
      b.setAttribute("data-response", r.id);
      b.addEventListener("click", function () { self.choose(node, r); });
      self.choices.appendChild(b);
      if (i === 0 && focus && !self.silent) b.focus();
    });
  };

  Player.prototype.choose = function (node, response) {
    var said = el("li", null);
    said.appendChild(el("strong", null, this.names[node.speaker] + ": "));
    said.appendChild(document.createTextNode("\u201c" + node.says + "\u201d"));
    said.appendChild(el("br"));
    said.appendChild(el("strong", null, "You: "));
    said.appendChild(document.createTextNode("\u201c" + response.say + "\u201d"));
    this.transcript.appendChild(said);
    var q = QUALITY[response.quality];
    this.feedback.textContent = "";
    var p = el("p", q[1]);
    p.appendChild(el("strong", null, q[0] + ". "));
    p.appendChild(document.createTextNode(response.feedback));
    this.feedback.appendChild(p);
    this.path.push({ node: node.id, response: response.id });
    var path = this.path.slice();
    this.emit("tic:choice", { node: node.id, response: response.id, quality: response.quality, index: path.length - 1, path: path });
    this.show(response.next, true);
    var next = this.nodes[response.next];
    if (next && next.ending) this.emit("tic:scenario-end", { outcome: next.ending.outcome, path: path });
  };

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("section.tic-player").forEach(function (root) {
      var data = JSON.parse(root.querySelector("script.tic-player-data").textContent);
      new Player(root, data);
    });
  });
})();
