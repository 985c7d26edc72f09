// DOT -> SVG in-process: Graphviz compiled to WebAssembly, shipped inside the npm package (nothing downloaded).
import { Graphviz } from "@hpcc-js/wasm-graphviz";

let loaded: Promise<Graphviz> | undefined;

export async function svgOf(dot: string): Promise<string> {
  loaded ??= Graphviz.load();
  return (await loaded).dot(dot, "svg");
}
