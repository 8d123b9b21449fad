(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("phakhee-data").textContent);
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  network.once("afterDrawing", function () {
    document.body.setAttribute("data-drawn-at", String(Math.round(performance.now())));
    document.body.setAttribute("data-drawn", "1");
  });
  network.on("doubleClick", function (params) {
    if (!params.nodes.length) return;
    var node = nodes.get(params.nodes[0]);
    if (node && typeof node.url === "string" && /^(\/|https?:\/\/|[\w.-]+\.html$)/.test(node.url)) {
      window.location.href = node.url;
    }
  });
  window.phakhee = { network: network, nodes: nodes, edges: edges, count: data.nodes.length };
})();
