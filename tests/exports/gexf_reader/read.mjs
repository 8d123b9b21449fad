// Read a GEXF file with graphology-gexf (the reader of Gephi Lite and sigma.js) and print what it
// read as JSON: the graph's type, its nodes with their attributes (colour, size, x, y among them),
// its edges, and the attribute titles of the file's node and edge models as graphology maps them.
import { readFileSync } from "node:fs";
import Graph from "graphology";
import { parse } from "graphology-gexf";

const text = readFileSync(process.argv[2], "utf8");
const graph = parse(Graph, text);
const nodes = {};
graph.forEachNode((id, attributes) => {
  nodes[id] = attributes;
});
const edges = [];
graph.forEachEdge((id, attributes, source, target) => {
  edges.push({ id, source, target, attributes });
});
const titles = (cls) => {
  const keys = new Set();
  const each = cls === "node" ? graph.forEachNode.bind(graph) : graph.forEachEdge.bind(graph);
  each((_, attributes) => Object.keys(attributes).forEach((k) => keys.add(k)));
  return [...keys].sort();
};
process.stdout.write(
  JSON.stringify({
    type: graph.type,
    multi: graph.multi,
    order: graph.order,
    size: graph.size,
    meta: graph.getAttributes(),
    nodes,
    edges,
    node_keys: titles("node"),
    edge_keys: titles("edge"),
  }),
);
