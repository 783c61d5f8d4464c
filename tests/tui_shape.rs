//! The full screen's files depend on each other one way: no file in `src/tui` reaches
//! itself through the paths it names (`use super::...`, `crate::tui::...`). Test code
//! (`#[cfg(test)]` items) is left out: a test may look at anything.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use syn::visit::Visit;

fn tui_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/tui")
}

/// The module path of a file under `src/tui` (`["tui", "app", "replies"]`).
fn module_of(file: &Path) -> Vec<String> {
    let rel = file
        .strip_prefix(tui_dir())
        .unwrap_or_else(|e| panic!("{e}"));
    let mut parts = vec!["tui".to_owned()];
    for part in rel {
        let part = part.to_string_lossy();
        let part = part.trim_end_matches(".rs");
        if part != "mod" {
            parts.push(part.to_owned());
        }
    }
    parts
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{e}"))
        .flatten()
    {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn is_test_only(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("cfg")
            && a.parse_args::<syn::Meta>()
                .is_ok_and(|m| m.path().is_ident("test"))
    })
}

/// Every path a file names, as segments (use trees flattened), outside test code.
#[derive(Default)]
struct Paths {
    found: Vec<Vec<String>>,
}

impl Paths {
    fn use_tree(&mut self, prefix: &[String], tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(p) => {
                let mut next = prefix.to_vec();
                next.push(p.ident.to_string());
                self.use_tree(&next, &p.tree);
            }
            syn::UseTree::Name(n) => {
                let mut next = prefix.to_vec();
                next.push(n.ident.to_string());
                self.found.push(next);
            }
            syn::UseTree::Rename(r) => {
                let mut next = prefix.to_vec();
                next.push(r.ident.to_string());
                self.found.push(next);
            }
            syn::UseTree::Glob(_) => self.found.push(prefix.to_vec()),
            syn::UseTree::Group(g) => {
                for item in &g.items {
                    self.use_tree(prefix, item);
                }
            }
        }
    }
}

impl<'ast> Visit<'ast> for Paths {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        let attrs: &[syn::Attribute] = match item {
            syn::Item::Mod(m) => &m.attrs,
            syn::Item::Fn(f) => &f.attrs,
            syn::Item::Use(u) => &u.attrs,
            syn::Item::Impl(i) => &i.attrs,
            syn::Item::Const(c) => &c.attrs,
            syn::Item::Struct(s) => &s.attrs,
            syn::Item::Enum(e) => &e.attrs,
            _ => &[],
        };
        if is_test_only(attrs) {
            return;
        }
        syn::visit::visit_item(self, item);
    }

    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        self.use_tree(&[], &item.tree);
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        self.found
            .push(path.segments.iter().map(|s| s.ident.to_string()).collect());
        syn::visit::visit_path(self, path);
    }
}

/// The file a path names, seen from the file of module `from`, if it is under `src/tui`.
fn target(
    from: &[String],
    path: &[String],
    files: &BTreeMap<Vec<String>, PathBuf>,
) -> Option<Vec<String>> {
    let mut module: Vec<String> = match path.first().map(String::as_str) {
        Some("crate") => vec![],
        Some("super" | "self") => from.to_vec(),
        _ => return None,
    };
    let mut rest = path;
    if path[0] == "crate" {
        rest = &path[1..];
    }
    while let Some(first) = rest.first() {
        match first.as_str() {
            "super" => {
                module.pop();
            }
            "self" => {}
            _ => break,
        }
        rest = &rest[1..];
    }
    for segment in rest {
        module.push(segment.clone());
    }
    // The longest prefix that is a file.
    while !module.is_empty() {
        if files.contains_key(&module) {
            return Some(module);
        }
        module.pop();
    }
    None
}

fn dependencies() -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    let mut paths = Vec::new();
    rust_files(&tui_dir(), &mut paths);
    let files: BTreeMap<Vec<String>, PathBuf> =
        paths.iter().map(|p| (module_of(p), p.clone())).collect();
    let mut edges = BTreeMap::new();
    for (module, file) in &files {
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{e}"));
        let ast = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        // A file that is test code as a whole (`#[cfg(test)] mod tests;`) is left out.
        if ast.attrs.iter().any(|a| a.path().is_ident("cfg")) {
            continue;
        }
        let mut visitor = Paths::default();
        visitor.visit_file(&ast);
        let targets: BTreeSet<Vec<String>> = visitor
            .found
            .iter()
            .filter_map(|p| target(module, p, &files))
            .filter(|t| t != module)
            .collect();
        edges.insert(module.clone(), targets);
    }
    edges
}

/// Files declared only under `#[cfg(test)]` by their parent.
fn test_modules() -> BTreeSet<Vec<String>> {
    let mut paths = Vec::new();
    rust_files(&tui_dir(), &mut paths);
    let mut out = BTreeSet::new();
    for file in &paths {
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{e}"));
        let Ok(ast) = syn::parse_file(&text) else {
            continue;
        };
        for item in &ast.items {
            if let syn::Item::Mod(m) = item
                && m.content.is_none()
                && is_test_only(&m.attrs)
            {
                let mut module = module_of(file);
                module.push(m.ident.to_string());
                out.insert(module);
            }
        }
    }
    out
}

#[test]
fn no_two_files_in_src_tui_depend_on_each_other_in_a_cycle() {
    let tests = test_modules();
    let mut edges = dependencies();
    edges.retain(|m, _| !tests.contains(m));
    assert!(edges.len() > 20, "found too few files: {}", edges.len());
    let total: usize = edges.values().map(BTreeSet::len).sum();
    assert!(total > 30, "found too few dependencies: {total}");
    let mut cycles = Vec::new();
    for (from, targets) in &edges {
        for to in targets {
            // Does `to` reach back to `from`?
            let mut seen = BTreeSet::new();
            let mut stack = vec![to.clone()];
            while let Some(next) = stack.pop() {
                if &next == from {
                    cycles.push(format!("{} -> {}", from.join("::"), to.join("::")));
                    break;
                }
                if seen.insert(next.clone()) {
                    stack.extend(edges.get(&next).into_iter().flatten().cloned());
                }
            }
        }
    }
    assert!(
        cycles.is_empty(),
        "these dependencies are part of a cycle between files:\n{}",
        cycles.join("\n")
    );
}
