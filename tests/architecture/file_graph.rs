//! The engine's files as a graph: file A depends on file B when A names, through a `use`
//! or a path in its code, an item B defines. Paths through a module's `pub use`
//! re-exports are followed to the file that defines the item, so `crate::db::DbError`
//! leads to `src/db/error.rs`, not to `src/db/mod.rs`; a `mod` declaration is not a
//! dependency. Test code (`#[cfg(test)]`) is left out: `use super::*` there is a test's
//! view, not the module's shape.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use syn::visit::Visit;

/// One module of the crate: its path from the crate root and its file.
struct Module {
    file: PathBuf,
    ast: syn::File,
    /// Names this module re-exports (`pub use`), each with the absolute path it stands for.
    reexports: BTreeMap<String, Vec<String>>,
    /// Its child modules (declared with `mod`, not under `#[cfg(test)]`).
    children: BTreeSet<String>,
}

/// Every module of the library, by its path (`["db", "mysql", "cursor"]`).
pub struct Crate {
    modules: BTreeMap<Vec<String>, Module>,
}

fn is_cfg_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("cfg")
            && a.meta
                .require_list()
                .is_ok_and(|l| l.tokens.to_string().contains("test"))
    })
}

fn is_public(vis: &syn::Visibility) -> bool {
    !matches!(vis, syn::Visibility::Inherited)
}

/// A path's segments made absolute from module `at` (`crate::`, `super::`, `self::`);
/// `None` for a path that starts elsewhere (a local name, `std`, another crate).
fn absolute(at: &[String], segments: &[String]) -> Option<Vec<String>> {
    let first = segments.first()?;
    let mut base: Vec<String>;
    let mut rest = segments;
    match first.as_str() {
        "crate" => {
            base = Vec::new();
            rest = &segments[1..];
        }
        "super" | "self" => {
            base = at.to_vec();
            while let Some(s) = rest.first() {
                match s.as_str() {
                    "super" => {
                        base.pop()?;
                    }
                    "self" => {}
                    _ => break,
                }
                rest = &rest[1..];
            }
        }
        _ => return None,
    }
    base.extend(rest.iter().cloned());
    Some(base)
}

/// Each leaf of a `use` tree as (the name it binds, its full path).
fn use_leaves(tree: &syn::UseTree, prefix: &mut Vec<String>, out: &mut Vec<(String, Vec<String>)>) {
    match tree {
        syn::UseTree::Path(p) => {
            prefix.push(p.ident.to_string());
            use_leaves(&p.tree, prefix, out);
            prefix.pop();
        }
        syn::UseTree::Name(n) => {
            let name = n.ident.to_string();
            let mut path = prefix.clone();
            if name != "self" {
                path.push(name.clone());
            }
            let bound = if name == "self" {
                prefix.last().cloned().unwrap_or_default()
            } else {
                name
            };
            out.push((bound, path));
        }
        syn::UseTree::Rename(r) => {
            let mut path = prefix.clone();
            if r.ident != "self" {
                path.push(r.ident.to_string());
            }
            out.push((r.rename.to_string(), path));
        }
        syn::UseTree::Glob(_) => out.push(("*".to_owned(), prefix.clone())),
        syn::UseTree::Group(g) => {
            for t in &g.items {
                use_leaves(t, prefix, out);
            }
        }
    }
}

fn module_file(dir: &Path, name: &str) -> Option<PathBuf> {
    let flat = dir.join(format!("{name}.rs"));
    let nested = dir.join(name).join("mod.rs");
    [flat, nested].into_iter().find(|p| p.is_file())
}

impl Crate {
    /// Reads the library from `src/lib.rs` down, following `mod` declarations.
    pub fn read(src: &Path) -> Self {
        let mut krate = Crate {
            modules: BTreeMap::new(),
        };
        krate.load(Vec::new(), src.join("lib.rs"), src);
        krate
    }

    fn load(&mut self, path: Vec<String>, file: PathBuf, dir: &Path) {
        let text =
            std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let ast = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let mut children = BTreeSet::new();
        let mut reexports = BTreeMap::new();
        let mut to_load = Vec::new();
        for item in &ast.items {
            match item {
                syn::Item::Mod(m) if m.content.is_none() && !is_cfg_test(&m.attrs) => {
                    let name = m.ident.to_string();
                    let child = module_file(dir, &name)
                        .unwrap_or_else(|| panic!("no file for mod {name} in {}", dir.display()));
                    children.insert(name.clone());
                    to_load.push((name, child));
                }
                syn::Item::Use(u) if is_public(&u.vis) && !is_cfg_test(&u.attrs) => {
                    let mut leaves = Vec::new();
                    use_leaves(&u.tree, &mut Vec::new(), &mut leaves);
                    for (name, target) in leaves {
                        // A re-export names a child module relative to this one.
                        let absolute = absolute(&path, &target).unwrap_or_else(|| {
                            path.iter().cloned().chain(target.iter().cloned()).collect()
                        });
                        reexports.insert(name, absolute);
                    }
                }
                _ => {}
            }
        }
        for (name, child) in to_load {
            let mut child_path = path.clone();
            child_path.push(name.clone());
            let child_dir = if child.ends_with("mod.rs") {
                child.parent().map(Path::to_path_buf).unwrap_or_default()
            } else {
                dir.join(&name)
            };
            self.load(child_path, child, &child_dir);
        }
        self.modules.insert(
            path,
            Module {
                file,
                ast,
                reexports,
                children,
            },
        );
    }

    /// The file that defines what the absolute `path` names (following re-exports), or
    /// `None` when it is outside the crate's modules.
    fn resolve(&self, path: &[String], depth: usize) -> Option<&Path> {
        if depth > 16 {
            return None;
        }
        let mut module: Vec<String> = Vec::new();
        for (i, segment) in path.iter().enumerate() {
            let current = self.modules.get(&module)?;
            if current.children.contains(segment) {
                module.push(segment.clone());
                continue;
            }
            if let Some(target) = current.reexports.get(segment) {
                let mut full = target.clone();
                full.extend(path[i + 1..].iter().cloned());
                return self.resolve(&full, depth + 1);
            }
            return Some(&current.file);
        }
        self.modules.get(&module).map(|m| m.file.as_path())
    }

    /// Each file's dependencies on other files of the crate.
    pub fn file_edges(&self) -> BTreeSet<(PathBuf, PathBuf)> {
        let mut edges = BTreeSet::new();
        for (at, module) in &self.modules {
            let mut paths = Paths {
                at,
                found: Vec::new(),
            };
            for item in &module.ast.items {
                let skip = match item {
                    syn::Item::Mod(m) => is_cfg_test(&m.attrs) || m.content.is_none(),
                    syn::Item::Use(u) => is_public(&u.vis),
                    syn::Item::Fn(f) => is_cfg_test(&f.attrs),
                    _ => false,
                };
                if !skip {
                    paths.visit_item(item);
                }
            }
            for path in paths.found {
                if let Some(file) = self.resolve(&path, 0)
                    && file != module.file
                {
                    edges.insert((module.file.clone(), file.to_path_buf()));
                }
            }
        }
        edges
    }
}

/// Collects the absolute paths a module's code names.
struct Paths<'a> {
    at: &'a [String],
    found: Vec<Vec<String>>,
}

impl<'ast> Visit<'ast> for Paths<'_> {
    fn visit_item_use(&mut self, u: &'ast syn::ItemUse) {
        let mut leaves = Vec::new();
        use_leaves(&u.tree, &mut Vec::new(), &mut leaves);
        for (_, path) in leaves {
            if let Some(p) = absolute(self.at, &path) {
                self.found.push(p);
            }
        }
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        if let Some(p) = absolute(self.at, &segments) {
            self.found.push(p);
        }
        syn::visit::visit_path(self, path);
    }

    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        if !is_cfg_test(&m.attrs) {
            syn::visit::visit_item_mod(self, m);
        }
    }
}

/// The groups of files that depend on each other (strongly connected, more than one).
pub fn cycles(edges: &BTreeSet<(PathBuf, PathBuf)>) -> Vec<Vec<PathBuf>> {
    let nodes: BTreeSet<&PathBuf> = edges.iter().flat_map(|(a, b)| [a, b]).collect();
    let reach = |from: &PathBuf| {
        let mut seen: BTreeSet<&PathBuf> = BTreeSet::new();
        let mut todo = vec![from];
        while let Some(n) = todo.pop() {
            for (a, b) in edges {
                if a == n && seen.insert(b) {
                    todo.push(b);
                }
            }
        }
        seen
    };
    let reaches: BTreeMap<&PathBuf, BTreeSet<&PathBuf>> =
        nodes.iter().map(|n| (*n, reach(n))).collect();
    let mut groups: Vec<Vec<PathBuf>> = Vec::new();
    for n in &nodes {
        if groups.iter().any(|g| g.contains(n)) {
            continue;
        }
        let group: Vec<PathBuf> = nodes
            .iter()
            .filter(|m| reaches[*n].contains(*m) && reaches[*m].contains(*n))
            .map(|m| (*m).clone())
            .collect();
        if group.len() > 1 {
            groups.push(group);
        }
    }
    groups
}
