// intelmig explorer: draws the embedded slice with Cytoscape.js; no network access.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("intelmig-data").textContent);
  var words = data.words;
  var COLOURS = {
    Country: "#2c6fbb", Region: "#7fa7d6", Concept: "#c0392b", Approach: "#e67e22",
    Form: "#d35400", Era: "#8e44ad", Profession: "#16a085", Person: "#b7950b",
    Institution: "#7f8c8d", Event: "#6d4c41", Flow: "#27ae60", Estimate: "#95a5a6",
    CountryYear: "#bdc3c7"
  };

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) {
      return key in values ? String(values[key]) : all;
    });
  }
  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }

  document.getElementById("title").textContent = data.title;
  document.getElementById("note").textContent = data.note;
  document.getElementById("sources").textContent = data.sources_line;
  document.getElementById("credit").textContent = "· intelmig · Cytoscape.js (MIT)";
  document.getElementById("hint").textContent = words.hint;
  document.getElementById("search").placeholder = words.search;
  document.getElementById("time-label").textContent = words.time;

  var nodesById = {};
  data.nodes.forEach(function (n) { nodesById[n.id] = n; });
  var edgesById = {};
  data.edges.forEach(function (e) { edgesById[e.id] = e; });
  var elements = data.nodes.map(function (n) {
    return { group: "nodes", data: { id: n.id, name: n.name, kind: n.kind },
             position: { x: n.x, y: n.y } };
  }).concat(data.edges.map(function (e) {
    return { group: "edges", data: { id: e.id, source: e.source, target: e.target,
                                     type: e.type } };
  }));

  var cy = cytoscape({
    container: document.getElementById("graph"),
    elements: elements,
    layout: { name: "preset", fit: false },
    minZoom: 0.05, maxZoom: 6,
    style: [
      { selector: "node", style: {
          "background-color": function (n) { return COLOURS[n.data("kind")] || "#555"; },
          "label": "data(name)", "font-size": 9, "min-zoomed-font-size": 6,
          "text-valign": "bottom", "text-margin-y": 2, "text-wrap": "ellipsis",
          "text-max-width": 120, "width": 12, "height": 12 } },
      { selector: "node[kind = 'Country'], node[kind = 'Region']", style: {
          "width": 18, "height": 18, "font-size": 11 } },
      { selector: "edge", style: {
          "width": 0.8, "line-color": "#bbb", "target-arrow-color": "#bbb",
          "target-arrow-shape": "triangle", "arrow-scale": 0.6, "curve-style": "bezier",
          "opacity": 0.7 } },
      { selector: "edge[type = 'MIGRATED_TO']", style: {
          "width": 2, "line-color": "#2c6fbb", "target-arrow-color": "#2c6fbb" } },
      { selector: ".hidden", style: { "display": "none" } },
      { selector: ".match", style: { "border-width": 4, "border-color": "#f1c40f" } },
      { selector: ":selected", style: {
          "border-width": 4, "border-color": "#000", "line-color": "#000",
          "target-arrow-color": "#000", "opacity": 1 } }
    ]
  });

  // -- time: position 0 shows everything, position i the slice's step i - 1 ------------
  var slider = document.getElementById("time");
  slider.max = String(data.steps.length);
  if (!data.steps.length) slider.disabled = true;

  function inStep(item, step) {
    return step < 0 || item.steps === null || item.steps.indexOf(step) >= 0;
  }
  function applyTime() {
    var step = Number(slider.value) - 1;
    document.getElementById("step").textContent =
      step < 0 ? words.all : data.steps[step].label;
    cy.batch(function () {
      cy.nodes().forEach(function (n) {
        n.toggleClass("hidden", !inStep(nodesById[n.id()], step));
      });
      cy.edges().forEach(function (e) {
        var hidden = !inStep(edgesById[e.id()], step) || e.source().hasClass("hidden") ||
          e.target().hasClass("hidden");
        e.toggleClass("hidden", hidden);
      });
    });
    document.getElementById("status").textContent = format(words.shown, {
      nodes: cy.nodes().not(".hidden").length, edges: cy.edges().not(".hidden").length });
  }
  slider.addEventListener("input", applyTime);

  // -- the side panel -----------------------------------------------------------------
  var panel = document.getElementById("panel");

  function section(title) {
    panel.appendChild(el("h3", title));
  }
  function valueText(value) {
    return Array.isArray(value) ? value.join(", ") : String(value);
  }
  function propertyTable(rows) {
    var table = el("table");
    rows.forEach(function (row) {
      var tr = el("tr");
      tr.appendChild(el("td", row[0]));
      tr.appendChild(el("td", valueText(row[1])));
      table.appendChild(tr);
    });
    panel.appendChild(table);
  }
  function provenance(item) {
    if (item.passages.length) {
      section(words.passages);
      item.passages.forEach(function (id) {
        var p = data.passages[id];
        var box = el("div", null, "passage");
        box.setAttribute("data-passage", id);
        var where = id + (p && p.ordinal != null ? " · " + format(words.paragraph,
          { number: p.ordinal }) : "") + (p && p.section ? " · " + p.section : "");
        box.appendChild(el("div", where, "muted"));
        if (p && p.text_kk) {
          var original = el("blockquote", p.text_kk, "original");
          original.lang = "kk";
          original.title = words.original;
          box.appendChild(original);
        }
        if (p && p.text_en) {
          var gloss = el("blockquote", p.text_en, "gloss");
          gloss.lang = "en";
          gloss.title = words.gloss;
          box.appendChild(gloss);
        }
        panel.appendChild(box);
      });
    }
    var dataset = item.properties.dataset;
    if (item.cites.length) {
      section(words.references);
      var list = el("ul");
      item.cites.forEach(function (id) { list.appendChild(el("li", data.sources[id] || id)); });
      panel.appendChild(list);
    }
    if (dataset) {
      section(words.dataset);
      var rows = [[words.dataset, data.sources[dataset] || dataset]];
      if (item.properties.file) rows.push([words.file, item.properties.file]);
      if (item.properties.row != null) rows.push([words.row, item.properties.row]);
      propertyTable(rows);
    }
  }
  function showNode(id) {
    var n = nodesById[id];
    panel.textContent = "";
    panel.appendChild(el("h2", n.name));
    panel.appendChild(el("div", (data.kinds[n.kind] || n.kind) + " · " + n.id, "muted"));
    provenance(n);
    section(words.properties);
    propertyTable(Object.keys(n.properties).map(function (k) { return [k, n.properties[k]]; }));
  }
  function showEdge(id) {
    var e = edgesById[id];
    panel.textContent = "";
    panel.appendChild(el("h2", nodesById[e.source].name + " → " + nodesById[e.target].name));
    panel.appendChild(el("div", e.type, "muted"));
    if (e.flow_name) panel.appendChild(el("p", words.flow + ": " + e.flow_name));
    provenance(e);
    section(words.properties);
    propertyTable(Object.keys(e.properties).map(function (k) { return [k, e.properties[k]]; }));
  }
  cy.on("tap", "node", function (event) { showNode(event.target.id()); });
  cy.on("tap", "edge", function (event) { showEdge(event.target.id()); });

  // -- search by name (or id), in any case -----------------------------------------------
  var search = document.getElementById("search");
  function runSearch() {
    var query = search.value.trim().toLocaleLowerCase();
    cy.nodes().removeClass("match");
    var found = document.getElementById("found");
    if (!query) { found.textContent = ""; return; }
    var hits = cy.nodes().filter(function (n) {
      var item = nodesById[n.id()];
      return item.name.toLocaleLowerCase().indexOf(query) >= 0 ||
        item.id.toLocaleLowerCase() === query;
    });
    hits.addClass("match");
    found.textContent = hits.length ? format(words.found, { count: hits.length })
      : words.none_found;
    if (hits.length) {
      cy.animate({ fit: { eles: hits, padding: 80 } }, { duration: 300 });
      cy.elements().unselect();
      hits[0].select();
      showNode(hits[0].id());
    }
  }
  search.addEventListener("change", runSearch);
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter") runSearch();
  });

  applyTime();
  // open on the largest connected part, where the labels can be read; small parts apart
  // from it stay a zoom-out away
  var parts = cy.elements().components().sort(function (a, b) { return b.length - a.length; });
  cy.fit(parts.length ? parts[0] : cy.elements(), 30);
  // a hook for tests and for scripting the page from the browser's console
  window.intelmigExplorer = { cy: cy, data: data, showNode: showNode, showEdge: showEdge,
                              search: runSearch };
})();
