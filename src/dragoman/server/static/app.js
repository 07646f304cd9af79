// dragoman dashboard. Every piece of data (names, sentences, titles, article text) is put on
// the page as text (textContent, text nodes, title properties), never parsed as HTML.
"use strict";

(function () {
  const dragoman = (window.dragoman = { cy: null, timeline: null, network: null });
  const $ = (selector) => document.querySelector(selector);
  const PAGE_SIZE = 25;
  const ROLE_ORDER = { trigger: 0, source: 1, target: 2 };
  let tableOffset = 0;
  let labels = {};
  let worldShapes = null;

  // -- small helpers ----------------------------------------------------------------------
  function el(tag, options, ...children) {
    const node = document.createElement(tag);
    const opts = options || {};
    if (opts.className) node.className = opts.className;
    if (opts.text !== undefined && opts.text !== null) node.textContent = String(opts.text);
    if (opts.title) node.title = String(opts.title);
    if (opts.href) node.href = opts.href;
    if (opts.type) node.type = opts.type;
    if (opts.onClick) node.addEventListener("click", opts.onClick);
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function svg(tag, attrs) {
    const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, String(value));
    return node;
  }

  function safeUrl(value) {
    if (!value) return null;
    try {
      const url = new URL(value, window.location.href);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (error) {
      return null;
    }
  }

  function showStatus(message) {
    const status = $("#status");
    status.textContent = message || "";
    status.hidden = !message;
  }

  function errorText(body, response) {
    if (body && Array.isArray(body.detail)) {
      return body.detail
        .map((item) => `${(item.loc || []).filter((part) => part !== "query" && part !== "body").join(".") || "request"}: ${item.msg}`)
        .join("; ");
    }
    if (body && body.detail) return String(body.detail);
    return `${response.status} ${response.statusText}`;
  }

  async function api(path, params, init) {
    const query = params ? new URLSearchParams(params).toString() : "";
    const response = await fetch(`api/${path}${query ? `?${query}` : ""}`, init);
    let body = null;
    try {
      body = await response.json();
    } catch (error) {
      body = null;
    }
    if (!response.ok) throw new Error(errorText(body, response));
    return body;
  }

  function filters() {
    const values = {};
    for (const [key, value] of new FormData($("#filters")).entries()) {
      const text = String(value).trim();
      if (text) values[key] = text;
    }
    return values;
  }

  function goldsteinColour(score) {
    // -10 (conflict, red) .. 0 (grey) .. +10 (cooperation, green)
    const t = Math.max(-1, Math.min(1, (Number(score) || 0) / 10));
    const grey = [185, 185, 176];
    const end = t < 0 ? [192, 57, 43] : [30, 132, 73];
    const mix = grey.map((g, i) => Math.round(g + (end[i] - g) * Math.abs(t)));
    return `rgb(${mix[0]}, ${mix[1]}, ${mix[2]})`;
  }

  function signed(value) {
    const number = Number(value) || 0;
    return `${number > 0 ? "+" : ""}${number.toFixed(1)}`;
  }

  function count(number, noun) {
    return `${number} ${noun}${number === 1 ? "" : "s"}`;
  }

  function label(code) {
    return labels[code] || code;
  }

  function actorText(actor) {
    if (!actor) return el("span", { className: "muted", text: "—" });
    return el("span", { title: actor.name || "" }, actor.text || actor.name || "",
      " ", el("span", { className: "code", text: actor.code || "" }));
  }

  // Text with marked spans. Spans may overlap; each stretch gets the roles covering it.
  function highlighted(text, spans) {
    const container = document.createDocumentFragment();
    const cuts = new Set([0, text.length]);
    for (const span of spans) {
      cuts.add(Math.max(0, Math.min(text.length, span.start)));
      cuts.add(Math.max(0, Math.min(text.length, span.end)));
    }
    const points = [...cuts].sort((a, b) => a - b);
    for (let i = 0; i < points.length - 1; i += 1) {
      const [start, end] = [points[i], points[i + 1]];
      const piece = text.slice(start, end);
      const covering = spans.filter((span) => span.start <= start && span.end >= end);
      if (!covering.length) {
        container.append(document.createTextNode(piece));
        continue;
      }
      covering.sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role]);
      const mark = el("mark", { className: `hl hl-${covering[0].role}`, text: piece });
      mark.dataset.role = covering[0].role;
      mark.title = [...new Set(covering.map((span) => span.note || span.role))].join("\n");
      container.append(mark);
    }
    return container;
  }

  function modalityPills(modality) {
    const flags = Object.entries(modality || {}).filter(([, on]) => on).map(([name]) => name);
    return flags.map((flag) => el("span", { className: "pill", text: flag }));
  }

  function evidenceBlock(item) {
    const evidence = item.evidence || { sentence: item.sentence || "", spans: [] };
    return el("p", { className: "evidence" }, highlighted(evidence.sentence, evidence.spans));
  }

  // -- stats ----------------------------------------------------------------------------
  async function loadStats() {
    const stats = await api("stats");
    const span = stats.first_date ? ` · published ${stats.first_date} – ${stats.last_date}` : "";
    $("#stats").textContent =
      `${count(stats.articles, "article")} · ${count(stats.events, "event")} · ${count(stats.mentions, "mention")}${span}`;
  }

  // -- (1) network ----------------------------------------------------------------------
  async function loadNetwork() {
    const network = await api("network", { ...filters(), level: $("#level").value });
    dragoman.network = network;
    labels = {};
    for (const node of network.nodes) labels[node.id] = node.label;
    const codes = $("#actor-codes");
    codes.replaceChildren(...network.nodes.map((node) => {
      const option = document.createElement("option");
      option.value = node.id;
      option.label = node.label;
      return option;
    }));
    drawNetwork(network);
    listDyads(network);
  }

  function drawNetwork(network) {
    const most = Math.max(1, ...network.nodes.map((node) => node.events));
    const mostEdge = Math.max(1, ...network.edges.map((edge) => edge.events));
    const elements = [
      ...network.nodes.map((node) => ({
        data: { id: node.id, label: node.label, events: node.events, size: 18 + 42 * Math.sqrt(node.events / most) },
      })),
      ...network.edges.map((edge) => ({
        data: {
          id: `${edge.source}>${edge.target}`,
          source: edge.source,
          target: edge.target,
          events: edge.events,
          colour: goldsteinColour(edge.goldstein_mean),
          width: 1.5 + 8 * Math.sqrt(edge.events / mostEdge),
        },
      })),
    ];
    if (dragoman.cy) dragoman.cy.destroy();
    const cy = cytoscape({
      container: $("#network"),
      elements,
      style: [
        {
          selector: "node",
          style: {
            label: "data(label)",
            width: "data(size)",
            height: "data(size)",
            "background-color": "#4a6f94",
            color: "#1d2430",
            "font-size": 16,
            "text-valign": "bottom",
            "text-margin-y": 3,
            "text-outline-color": "#fff",
            "text-outline-width": 2,
          },
        },
        {
          selector: "edge",
          style: {
            width: "data(width)",
            "line-color": "data(colour)",
            "target-arrow-color": "data(colour)",
            "target-arrow-shape": "triangle",
            "curve-style": "bezier",
            "arrow-scale": 0.9,
            opacity: 0.9,
          },
        },
        { selector: "edge:selected", style: { "overlay-opacity": 0.15, "overlay-color": "#1f5f99" } },
      ],
      layout: {
        name: "cose",
        animate: false,
        randomize: true,
        padding: 30,
        nodeRepulsion: () => 300000,
        idealEdgeLength: () => 80,
        nodeDimensionsIncludeLabels: true,
      },
    });
    cy.on("tap", "edge", (event) => {
      const edge = event.target;
      showDyad(edge.data("source"), edge.data("target"));
    });
    cy.on("tap", "node", (event) => pickActor(event.target.id()));
    dragoman.cy = cy;
  }

  function listDyads(network) {
    const items = network.edges.slice(0, 12).map((edge) => {
      const button = el("button", { type: "button", onClick: () => showDyad(edge.source, edge.target) },
        el("span", { className: "swatch" }),
        `${label(edge.source)} → ${label(edge.target)}`);
      button.firstChild.style.background = goldsteinColour(edge.goldstein_mean);
      button.dataset.dyad = `${edge.source}-${edge.target}`;
      return el("li", {}, button,
        el("span", { className: "muted", text: ` ${count(edge.events, "event")}, mean Goldstein ${signed(edge.goldstein_mean)}` }));
    });
    $("#dyads").replaceChildren(...items);
    if (!items.length) $("#dyads").append(el("li", { className: "muted", text: "No dyads match the filters." }));
  }

  function pickActor(code) {
    const form = $("#dyad-form");
    if (!form.a.value || (form.a.value && form.b.value)) {
      form.a.value = code;
      form.b.value = "";
    } else {
      form.b.value = code;
      loadSeries().catch((error) => showStatus(error.message));
    }
  }

  // -- (2) dyad timeline ----------------------------------------------------------------
  function showDyad(a, b) {
    const form = $("#dyad-form");
    form.a.value = a;
    form.b.value = b;
    loadSeries().catch((error) => showStatus(error.message));
    $("#timeline-panel").scrollIntoView({ block: "nearest" });
  }

  async function loadSeries() {
    const form = $("#dyad-form");
    const a = form.a.value.trim().toUpperCase();
    const b = form.b.value.trim().toUpperCase();
    if (!a || !b) return;
    const params = { ...filters(), interval: form.interval.value };
    for (const key of ["actor", "source", "target", "dyad"]) delete params[key];
    const series = await api(`dyads/${encodeURIComponent(a)}/${encodeURIComponent(b)}/series`, params);
    const sum = (direction) => series.points.reduce((total, point) => total + point[direction].events, 0);
    const forward = `${label(a)} → ${label(b)}`;
    const backward = `${label(b)} → ${label(a)}`;
    $("#timeline-caption").textContent =
      `${label(a)} ⇄ ${label(b)}: ${count(sum("a_to_b"), "event")} ${forward}, ${count(sum("b_to_a"), "event")} ${backward}` +
      (series.undated ? ` (${series.undated} undated)` : "");
    const data = {
      labels: series.points.map((point) => point.period),
      datasets: [
        { type: "bar", label: `${forward} events`, data: series.points.map((p) => p.a_to_b.events), backgroundColor: "#4a6f94", yAxisID: "y" },
        { type: "bar", label: `${backward} events`, data: series.points.map((p) => p.b_to_a.events), backgroundColor: "#c59d3f", yAxisID: "y" },
        { type: "line", label: `${forward} Goldstein`, data: series.points.map((p) => p.a_to_b.goldstein), borderColor: "#1f3f5f", backgroundColor: "#1f3f5f", yAxisID: "y1", tension: 0.2 },
        { type: "line", label: `${backward} Goldstein`, data: series.points.map((p) => p.b_to_a.goldstein), borderColor: "#8a6a1f", backgroundColor: "#8a6a1f", yAxisID: "y1", tension: 0.2, borderDash: [5, 3] },
      ],
    };
    if (dragoman.timeline) dragoman.timeline.destroy();
    dragoman.timeline = new Chart($("#timeline"), {
      data,
      options: {
        animation: false,
        maintainAspectRatio: false,
        interaction: { mode: "index", intersect: false },
        scales: {
          y: { beginAtZero: true, title: { display: true, text: "events" }, ticks: { precision: 0 } },
          y1: { position: "right", beginAtZero: true, title: { display: true, text: "Goldstein sum" }, grid: { drawOnChartArea: false } },
        },
        plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } },
      },
    });
  }

  // -- (3) map ----------------------------------------------------------------------------
  async function loadMap() {
    if (!worldShapes) {
      const response = await fetch("static/vendor/countries-110m.json");
      const world = await response.json();
      worldShapes = topojson.feature(world, world.objects.countries);
    }
    const { locations } = await api("locations", filters());
    drawMap(locations);
  }

  function drawMap(locations) {
    const box = $("#map");
    const width = box.clientWidth || 600;
    const height = box.clientHeight || 340;
    const projection = d3.geoNaturalEarth1();
    if (locations.length && !$("#map-world").checked) {
      const lons = locations.map((p) => p.lon);
      const lats = locations.map((p) => p.lat);
      const pad = 12;
      const area = {
        type: "MultiPoint",
        coordinates: [
          [Math.max(-180, Math.min(...lons) - pad), Math.max(-85, Math.min(...lats) - pad)],
          [Math.min(180, Math.max(...lons) + pad), Math.min(85, Math.max(...lats) + pad)],
        ],
      };
      projection.fitExtent([[10, 10], [width - 10, height - 10]], area);
    } else {
      projection.fitExtent([[4, 4], [width - 4, height - 4]], { type: "Sphere" });
    }
    const path = d3.geoPath(projection);
    const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img" });
    root.append(svg("path", { class: "sphere", d: path({ type: "Sphere" }) }));
    root.append(svg("path", { class: "graticule", d: path(d3.geoGraticule10()) }));
    const countries = svg("g", { class: "countries" });
    for (const feature of worldShapes.features) {
      const d = path(feature);
      if (!d) continue;
      const shape = svg("path", { class: "country", d });
      const name = svg("title");
      name.textContent = feature.properties.name || "";
      shape.append(name);
      countries.append(shape);
    }
    root.append(countries);
    const most = Math.max(1, ...locations.map((p) => p.events));
    const points = svg("g", { class: "points" });
    for (const place of [...locations].reverse()) {
      const xy = projection([place.lon, place.lat]);
      if (!xy) continue;
      const dot = svg("circle", {
        class: "event-point",
        cx: xy[0].toFixed(1),
        cy: xy[1].toFixed(1),
        r: (4 + 10 * Math.sqrt(place.events / most)).toFixed(1),
        fill: goldsteinColour(place.goldstein_mean),
      });
      const tip = svg("title");
      tip.textContent = `${place.name || "?"} (${place.country || "?"}): ${place.events} events, mean Goldstein ${signed(place.goldstein_mean)}`;
      dot.append(tip);
      points.append(dot);
    }
    root.append(points);
    box.replaceChildren(root);
    $("#map-caption").textContent = locations.length
      ? `${count(locations.length, "place")}; circle size: events; colour: mean Goldstein score.`
      : "No located events match the filters.";
  }

  // -- (4) event table ------------------------------------------------------------------
  async function loadTable() {
    const page = await api("events", { ...filters(), limit: PAGE_SIZE, offset: tableOffset });
    const body = $("#events tbody");
    body.replaceChildren();
    for (const event of page.events) {
      const [row, detail] = eventRows(event);
      body.append(row, detail);
    }
    if (!page.events.length) {
      body.append(el("tr", {}, el("td", { className: "muted", text: "No events match the filters." })));
      body.lastChild.firstChild.colSpan = 8;
    }
    const last = Math.min(page.total, page.offset + page.events.length);
    $("#page-info").textContent = page.total ? `${page.offset + 1}–${last} of ${page.total}` : "0 events";
    $("#prev").disabled = page.offset === 0;
    $("#next").disabled = last >= page.total;
  }

  function eventRows(event) {
    const expander = el("button", { className: "expander", type: "button", text: "▸", title: "evidence" });
    const date = event.date ? event.date.value || "" : "";
    const row = el("tr", { className: "event-row" },
      el("td", {}, expander),
      el("td", { className: "date", text: date }),
      el("td", {}, actorText(event.source)),
      el("td", { title: event.cameo.name },
        el("span", { className: "code", text: event.cameo.code }), " ", event.cameo.name,
        event.plover && event.plover.type ? el("span", { className: "muted", text: ` · ${event.plover.type}` }) : null),
      el("td", {}, actorText(event.target)),
      el("td", { text: event.location ? event.location.name : "" }),
      el("td", { className: "num", text: event.num_mentions }),
      el("td", { className: "num", text: signed(event.cameo.goldstein) }));
    row.dataset.eventId = event.event_id;
    const cell = el("td");
    cell.colSpan = 8;
    const detail = el("tr", { className: "detail" }, cell);
    detail.hidden = true;
    row.addEventListener("click", () => {
      if (!cell.childNodes.length) cell.append(mentionList(event.mentions));
      detail.hidden = !detail.hidden;
      expander.textContent = detail.hidden ? "▸" : "▾";
    });
    return [row, detail];
  }

  function mentionList(mentions) {
    return el("ol", { className: "evidence-list" }, ...mentions.map((mention) => {
      const link = mention.article_key
        ? el("a", { href: `#article/${mention.article_key}`, text: "open article" })
        : null;
      const where = [mention.outlet, mention.published, mention.title].filter(Boolean).join(" · ");
      return el("li", {},
        evidenceBlock(mention),
        el("div", { className: "meta" },
          `${where}${where ? " · " : ""}trigger “${mention.trigger.text}” · confidence ${Number(mention.confidence).toFixed(2)} `,
          link));
    }));
  }

  // -- (5) articles and the article view ------------------------------------------------
  async function loadArticles() {
    const page = await api("articles", { limit: 200 });
    const rows = page.articles.map((article) => el("tr", {},
      el("td", { text: article.published || "" }),
      el("td", {}, el("a", { href: `#article/${article.article_key}`, text: article.title || article.article_id })),
      el("td", { text: article.source || "" }),
      el("td", { className: "num", text: article.n_events })));
    $("#articles-table tbody").replaceChildren(...rows);
  }

  async function loadArticle(key) {
    const article = await api(`articles/${encodeURIComponent(key)}`);
    $("#article-title").textContent = article.title || article.article_id;
    const meta = $("#article-meta");
    meta.replaceChildren(`${[article.source, article.published, count(article.n_events, "event")].filter(Boolean).join(" · ")} `);
    const url = safeUrl(article.url);
    if (url) {
      const link = el("a", { href: url, text: url });
      link.rel = "noopener noreferrer";
      link.target = "_blank";
      meta.append(link);
    } else if (article.url) {
      meta.append(el("span", { className: "code", text: article.url }));
    }
    const spans = [];
    for (const event of article.events) {
      const note = `${event.cameo.code} ${event.cameo.name}`;
      for (const role of ["source", "target", "trigger"]) {
        const part = event[role];
        if (part && part.start !== null && part.end !== null) spans.push({ role, start: part.start, end: part.end, note: `${role} of ${note}` });
      }
    }
    $("#article-text").replaceChildren(highlighted(article.text, spans));
    $("#article-events").replaceChildren(...article.events.map((event) => el("li", {},
      el("span", { className: "code", text: event.cameo.code }), ` ${event.cameo.name}: `,
      actorText(event.source), " → ", actorText(event.target),
      ` (trigger “${event.trigger.text}”) `, ...modalityPills(event.modality))));
  }

  // -- paste an article -----------------------------------------------------------------
  async function codeText(form) {
    const body = { text: form.text.value };
    if (form.date.value) body.date = form.date.value;
    if (form.title.value.trim()) body.title = form.title.value.trim();
    $("#code-caption").textContent = "Coding… (the first call loads the language model)";
    let result;
    try {
      result = await api("code", null, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
    } catch (error) {
      $("#code-caption").textContent = "The text could not be coded.";
      throw error;
    }
    $("#code-caption").textContent = `${count(result.events.length, "event")} found; nothing was stored.`;
    $("#code-results").replaceChildren(...result.events.map((event) => el("li", {},
      el("div", {}, actorText(event.source), " ",
        el("strong", {}, el("span", { className: "code", text: event.cameo.code }), ` ${event.cameo.name} `),
        actorText(event.target), " ", ...modalityPills(event.modality)),
      evidenceBlock(event),
      el("div", { className: "meta", text: [event.location && event.location.name, event.date && event.date.value].filter(Boolean).join(" · ") }))));
  }

  // -- wiring ---------------------------------------------------------------------------
  function guard(promise) {
    return promise.catch((error) => showStatus(error.message));
  }

  async function refresh() {
    showStatus("");
    tableOffset = 0;
    await Promise.all([guard(loadStats()), guard(loadNetwork()), guard(loadMap()), guard(loadTable())]);
    if ($("#dyad-form").a.value && $("#dyad-form").b.value) await guard(loadSeries());
  }

  function route() {
    const hash = window.location.hash;
    const article = hash.match(/^#article\/([0-9a-f]{64})$/);
    $("#dashboard").hidden = Boolean(article) || hash === "#articles";
    $("#filters").hidden = $("#dashboard").hidden;
    $("#articles-view").hidden = hash !== "#articles";
    $("#article-view").hidden = !article;
    if (article) guard(loadArticle(article[1])).then(() => window.scrollTo(0, 0));
    else if (hash === "#articles") guard(loadArticles());
    else if (dragoman.cy) dragoman.cy.resize();
  }

  $("#filters").addEventListener("submit", (event) => {
    event.preventDefault();
    refresh();
  });
  $("#filters").addEventListener("reset", () => setTimeout(refresh, 0));
  $("#level").addEventListener("change", () => guard(loadNetwork()));
  $("#map-world").addEventListener("change", () => guard(loadMap()));
  $("#dyad-form").addEventListener("submit", (event) => {
    event.preventDefault();
    guard(loadSeries());
  });
  $("#code-form").addEventListener("submit", (event) => {
    event.preventDefault();
    guard(codeText(event.target));
  });
  $("#prev").addEventListener("click", () => {
    tableOffset = Math.max(0, tableOffset - PAGE_SIZE);
    guard(loadTable());
  });
  $("#next").addEventListener("click", () => {
    tableOffset += PAGE_SIZE;
    guard(loadTable());
  });
  window.addEventListener("hashchange", route);

  dragoman.ready = refresh().then(() => {
    route();
    document.body.dataset.ready = "yes";
  });
})();
