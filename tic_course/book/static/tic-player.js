/* Kernel-free practice player for scenario conversations (practice only: no graded items).

   Phone first: after each choice, focus moves to the feedback (announced by its aria-live region
   and scrolled just into view), so it never scrolls away under the learner's thumb. At an ending
   the player shows a review: every choice with its feedback, the skills practised and what to
   try differently, with "Play again" that starts clean.

   For other scripts (SCORM tracking): each player root gets root.ticPlayer = the Player; the
   Player keeps this.path ([{node, response}] in order) and replay(responseIds) replays choices
   silently (no events, no focus moves). The root dispatches bubbling CustomEvents "tic:choice"
   {scenario, node, response, quality, index, path}, "tic:scenario-end" {scenario, outcome, path}
   and "tic:restart" {scenario}. */
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

  function quoted(text) { return "\u201c" + text + "\u201d"; }

  function line(cls, speaker, text) {
    var p = el("p", cls);
    p.appendChild(el("strong", "tic-player-speaker", speaker + ": "));
    p.appendChild(document.createTextNode(quoted(text)));
    return p;
  }

  function feedbackParagraph(response, lead) {
    var q = QUALITY[response.quality];
    var p = el("p", "tic-player-verdict " + q[1]);
    if (lead) p.appendChild(document.createTextNode(lead + " "));
    p.appendChild(el("strong", null, q[0] + ". "));
    p.appendChild(document.createTextNode(response.feedback));
    return p;
  }

  function Player(root, data) {
    this.root = root;
    this.data = data;
    this.scenario = root.getAttribute("data-scenario") || data.id;
    this.nodes = {};
    this.names = {};
    this.path = [];
    this.silent = false;
    var self = this;
    data.conversation.nodes.forEach(function (n) { self.nodes[n.id] = n; });
    data.characters.forEach(function (c) { self.names[c.id] = c.name; });
    root.ticPlayer = this;
    this.build();
    this.restart(false);
  }

  Player.prototype.emit = function (name, detail) {
    if (this.silent) return;
    this.root.dispatchEvent(new CustomEvent(name, { bubbles: true, detail: detail }));
  };

  Player.prototype.pathCopy = function () {
    return this.path.map(function (p) { return { node: p.node, response: p.response }; });
  };

  Player.prototype.build = function () {
    this.transcriptHeading = el("h3", "tic-player-heading", "The conversation so far");
    this.transcript = el("ol", "tic-player-transcript");
    this.transcript.setAttribute("aria-label", "Conversation so far");
    this.feedback = el("div", "tic-player-feedback");
    this.feedback.setAttribute("role", "status");
    this.feedback.setAttribute("aria-live", "polite");
    this.feedback.tabIndex = -1;
    this.turn = el("div", "tic-player-turn");
    this.choices = el("fieldset", "tic-player-choices");
    this.review = el("div", "tic-player-review");
    this.restartButton = el("button", "tic-player-restart", "Start again");
    this.restartButton.type = "button";
    var self = this;
    this.restartButton.addEventListener("click", function () {
      self.restart(true);
      self.emit("tic:restart", { scenario: self.scenario });
    });
    [this.transcriptHeading, this.transcript, this.feedback, this.turn, this.choices, this.review,
     this.restartButton].forEach(function (part) { self.root.appendChild(part); });
  };

  Player.prototype.restart = function (focus) {
    this.path = [];
    this.transcript.textContent = "";
    this.transcript.hidden = false;
    this.transcriptHeading.hidden = true;
    this.feedback.textContent = "";
    this.review.textContent = "";
    this.review.hidden = true;
    this.restartButton.textContent = "Start again";
    this.show(this.data.conversation.start, focus);
  };

  /* Restart and replay the given response ids without events or focus moves, stopping at the
     first id that is not a reply at the current turn. Returns how many were replayed. */
  Player.prototype.replay = function (responseIds) {
    this.silent = true;
    var count = 0;
    try {
      this.restart(false);
      for (var i = 0; i < responseIds.length; i++) {
        var node = this.nodes[this.current];
        var match = (node.responses || []).filter(function (r) { return r.id === responseIds[i]; })[0];
        if (!match) break;
        this.choose(node, match, false);
        count += 1;
      }
    } finally {
      this.silent = false;
    }
    return count;
  };

  Player.prototype.show = function (nodeId, focus) {
    var node = this.nodes[nodeId];
    var self = this;
    this.current = nodeId;
    this.turn.textContent = "";
    this.choices.textContent = "";
    if (node.ending) {
      this.choices.hidden = true;
      this.showReview(node);
      return;
    }
    this.choices.hidden = false;
    if (node.context) this.turn.appendChild(el("p", "tic-player-context", node.context));
    var said = line("tic-player-line tic-player-said-other", this.names[node.speaker], node.says);
    said.tabIndex = -1;
    this.turn.appendChild(said);
    this.choices.appendChild(el("legend", null, "What do you say?"));
    node.responses.forEach(function (r, i) {
      var b = el("button", "tic-player-option", r.say);
      b.type = "button";
      b.setAttribute("data-response", r.id);
      b.addEventListener("click", function () { self.choose(node, r, true); });
      self.choices.appendChild(b);
      if (i === 0 && focus) b.focus();
    });
  };

  Player.prototype.choose = function (node, response, focus) {
    var item = el("li", null);
    if (node.context) item.appendChild(el("p", "tic-player-context", node.context));
    item.appendChild(line("tic-player-said-other", this.names[node.speaker], node.says));
    item.appendChild(line("tic-player-said-you", "You", response.say));
    this.transcript.appendChild(item);
    this.transcriptHeading.hidden = false;
    this.path.push({ node: node.id, response: response.id });
    this.feedback.textContent = "";
    this.feedback.appendChild(feedbackParagraph(response, "Feedback on your reply:"));
    this.emit("tic:choice", {
      scenario: this.scenario, node: node.id, response: response.id, quality: response.quality,
      index: this.path.length - 1, path: this.pathCopy()
    });
    this.show(response.next, false);
    if (focus) {
      this.feedback.focus({ preventScroll: true });
      this.feedback.scrollIntoView({ block: "nearest" });
    }
  };

  Player.prototype.responseOf = function (step) {
    return this.nodes[step.node].responses.filter(function (r) { return r.id === step.response; })[0];
  };

  Player.prototype.showReview = function (endNode) {
    var self = this;
    var review = this.review;
    var skillNames = this.data.skill_names || {};
    review.textContent = "";
    review.hidden = false;
    this.transcript.hidden = true;  // the review below repeats every line with its feedback
    this.transcriptHeading.hidden = true;
    var heading = el("h3", "tic-player-ending", OUTCOME[endNode.ending.outcome] + ": " + endNode.ending.title);
    heading.tabIndex = -1;
    review.appendChild(heading);
    review.appendChild(el("p", null, endNode.ending.text));

    review.appendChild(el("h4", null, "Your choices"));
    var list = el("ol", "tic-player-review-path");
    var skills = [];
    var instead = [];
    this.path.forEach(function (step) {
      var node = self.nodes[step.node];
      var response = self.responseOf(step);
      var li = el("li", null);
      li.appendChild(line("tic-player-said-other", self.names[node.speaker], node.says));
      li.appendChild(line("tic-player-said-you", "You", response.say));
      li.appendChild(feedbackParagraph(response));
      list.appendChild(li);
      var skill = skillNames[response.skill] || response.skill;
      if (skills.indexOf(skill) < 0) skills.push(skill);
      if (response.quality !== "helpful") {
        var better = node.responses.filter(function (r) { return r.quality === "helpful"; });
        if (better.length) instead.push({ node: node, response: response, better: better });
      }
    });
    review.appendChild(list);

    review.appendChild(el("h4", null, "Skills practised"));
    var ul = el("ul", "tic-player-skills");
    skills.forEach(function (s) { ul.appendChild(el("li", null, s)); });
    review.appendChild(ul);

    review.appendChild(el("h4", null, "What to try differently"));
    if (!instead.length) {
      review.appendChild(el("p", null, "You chose a helpful reply at every turn. Try another path to see how it changes."));
    }
    instead.forEach(function (turn) {
      review.appendChild(el("p", "tic-player-instead",
        "When " + self.names[turn.node.speaker] + " said " + quoted(turn.node.says) + ", you said " +
        quoted(turn.response.say) + ". A more helpful reply:"));
      var options = el("ul", null);
      turn.better.forEach(function (r) { options.appendChild(el("li", null, quoted(r.say) + " \u2014 " + r.feedback)); });
      review.appendChild(options);
    });
    this.restartButton.textContent = "Play again";
    this.emit("tic:scenario-end", { scenario: this.scenario, outcome: endNode.ending.outcome, path: this.pathCopy() });
  };

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("section.tic-player").forEach(function (root) {
      var data = JSON.parse(root.querySelector("script.tic-player-data").textContent);
      new Player(root, data);
    });
  });
})();
