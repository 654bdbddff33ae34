//! `cargo xtask imports`: the picture of which top-level module of the widget and of filing-api
//! uses which (`crate::<module>` in its code, tests and comments left out), and a failure when
//! the picture has a cycle: the views and the shell, or the API's auth, error and routes, must
//! not import each other.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::root;

type Graph = BTreeMap<String, BTreeSet<String>>;

/// The crate roots whose module pictures must have no cycles.
const CRATES: [&str; 2] = ["src", "crates/filing-api/src"];

pub fn run() -> Result<(), String> {
    let mut cycles = vec![];
    for dir in CRATES {
        let graph = graph(&root().join(dir))?;
        println!("{dir}");
        for (module, uses) in &graph {
            let list: Vec<&str> = uses.iter().map(String::as_str).collect();
            println!("  {module} -> {}", list.join(", "));
        }
        for cycle in cycles_of(&graph) {
            cycles.push(format!("{dir}: {}", cycle.join(" -> ")));
        }
    }
    if cycles.is_empty() {
        println!("no cycles");
        Ok(())
    } else {
        Err(format!("modules import each other:\n{}", cycles.join("\n")))
    }
}

/// The code of a file without comments and without its `#[cfg(test)] mod tests`.
fn code(text: &str) -> String {
    let text = text.split("#[cfg(test)]\nmod tests").next().unwrap_or("");
    text.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level modules a piece of code names after `crate::`, also in `use crate::{a, b}`.
fn used(code: &str) -> BTreeSet<String> {
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let mut out = BTreeSet::new();
    for (i, _) in code.match_indices("crate::") {
        let rest = &code[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let inner = group.split('}').next().unwrap_or("");
            out.extend(inner.split(',').map(|p| ident(p.trim())));
        } else {
            out.insert(ident(rest));
        }
    }
    out.retain(|m| !m.is_empty() && m != "self");
    out
}

fn graph(dir: &Path) -> Result<Graph, String> {
    let mut graph = Graph::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).map_err(|e| format!("{}: {e}", d.display()))? {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel = path.strip_prefix(dir).map_err(|e| e.to_string())?;
            let first = rel
                .components()
                .next()
                .and_then(|c| c.as_os_str().to_str())
                .unwrap_or("")
                .trim_end_matches(".rs")
                .to_owned();
            if first == "lib" || first == "main" {
                continue;
            }
            let text = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
            let mut uses = used(&code(&text));
            uses.remove(&first);
            graph.entry(first).or_default().extend(uses);
        }
    }
    Ok(graph)
}

/// The strongly connected components with more than one module (Tarjan).
fn cycles_of(graph: &Graph) -> Vec<Vec<String>> {
    struct Walk<'a> {
        graph: &'a Graph,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        out: Vec<Vec<String>>,
    }
    fn visit<'a>(w: &mut Walk<'a>, v: &'a str) {
        let n = w.index.len();
        w.index.insert(v, n);
        w.low.insert(v, n);
        w.stack.push(v);
        for next in w.graph.get(v).into_iter().flatten() {
            let next = next.as_str();
            if !w.graph.contains_key(next) {
                continue;
            }
            if !w.index.contains_key(next) {
                visit(w, next);
                let l = w.low[v].min(w.low[next]);
                w.low.insert(v, l);
            } else if w.stack.contains(&next) {
                let l = w.low[v].min(w.index[next]);
                w.low.insert(v, l);
            }
        }
        if w.low[v] == w.index[v] {
            let mut component = vec![];
            while let Some(m) = w.stack.pop() {
                component.push(m.to_owned());
                if m == v {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                w.out.push(component);
            }
        }
    }
    let mut w = Walk {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: vec![],
        out: vec![],
    };
    for v in graph.keys() {
        if !w.index.contains_key(v.as_str()) {
            visit(&mut w, v);
        }
    }
    w.out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_plain_and_grouped_uses_and_skips_comments() {
        let text = "use crate::a::X;\nuse crate::{b, c::Y};\n// crate::d\nfn f() { crate::e::g() }\n#[cfg(test)]\nmod tests { use crate::z; }";
        let got: Vec<String> = used(&code(text)).into_iter().collect();
        assert_eq!(got, ["a", "b", "c", "e"]);
    }

    #[test]
    fn finds_a_cycle_and_nothing_in_a_chain() {
        let g = |edges: &[(&str, &str)]| {
            let mut graph = Graph::new();
            for (a, b) in edges {
                graph
                    .entry(a.to_string())
                    .or_default()
                    .insert(b.to_string());
                graph.entry(b.to_string()).or_default();
            }
            graph
        };
        assert!(cycles_of(&g(&[("app", "nav"), ("filing", "nav")])).is_empty());
        assert_eq!(
            cycles_of(&g(&[
                ("app", "filing"),
                ("filing", "app"),
                ("filing", "nav")
            ])),
            [vec!["app".to_owned(), "filing".to_owned()]]
        );
    }
}
