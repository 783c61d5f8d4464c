//! The shape the sources keep (issue 17): no file in `src/` over 500 lines and no function
//! over 80, so that each file owns one thing and each function reads as one step. Generated
//! tables (a first line with `@generated`) are exempt. Lengths come from `syn` spans: a
//! function counts from its `fn` line to its closing brace, doc comments and attributes
//! not included. There is no list of exceptions: the limits hold for every file.

use std::path::{Path, PathBuf};

use syn::visit::Visit;

const MAX_FILE_LINES: usize = 500;
const MAX_FN_LINES: usize = 80;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
}

/// Every function with a body, with its length in lines.
#[derive(Default)]
struct Functions(Vec<(String, usize)>);

impl Functions {
    fn add(&mut self, name: &syn::Ident, start: proc_macro2::Span, body: &syn::Block) {
        let first = start.start().line;
        let last = body.brace_token.span.close().end().line;
        self.0.push((name.to_string(), last + 1 - first));
    }
}

impl<'a> Visit<'a> for Functions {
    fn visit_item_fn(&mut self, f: &'a syn::ItemFn) {
        self.add(&f.sig.ident, f.sig.fn_token.span, &f.block);
        syn::visit::visit_item_fn(self, f);
    }

    fn visit_impl_item_fn(&mut self, f: &'a syn::ImplItemFn) {
        self.add(&f.sig.ident, f.sig.fn_token.span, &f.block);
        syn::visit::visit_impl_item_fn(self, f);
    }

    fn visit_trait_item_fn(&mut self, f: &'a syn::TraitItemFn) {
        if let Some(body) = &f.default {
            self.add(&f.sig.ident, f.sig.fn_token.span, body);
        }
        syn::visit::visit_trait_item_fn(self, f);
    }
}

struct Offenders {
    files: Vec<String>,
    fns: Vec<String>,
}

fn measure() -> Offenders {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    files.sort();
    let mut offenders = Offenders {
        files: Vec::new(),
        fns: Vec::new(),
    };
    for path in files {
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let name = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .display()
            .to_string();
        if text
            .lines()
            .next()
            .is_some_and(|l| l.contains("@generated"))
        {
            continue;
        }
        let lines = text.lines().count();
        if lines > MAX_FILE_LINES {
            offenders.files.push(format!("{name} ({lines} lines)"));
        }
        let file = syn::parse_file(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let mut functions = Functions::default();
        functions.visit_file(&file);
        for (function, lines) in functions.0 {
            if lines > MAX_FN_LINES {
                offenders
                    .fns
                    .push(format!("{name}: {function} ({lines} lines)"));
            }
        }
    }
    offenders
}

#[test]
fn no_file_over_500_lines_and_no_function_over_80() {
    let offenders = measure();
    assert!(
        offenders.files.is_empty() && offenders.fns.is_empty(),
        "split these (files over {MAX_FILE_LINES} lines, functions over {MAX_FN_LINES}):\n{}",
        offenders
            .files
            .iter()
            .chain(&offenders.fns)
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn a_long_function_is_measured_from_its_fn_line_to_its_closing_brace() {
    let text = "/// doc\n#[inline]\nfn f() {\n    let _ = 1;\n}\n";
    let file = syn::parse_file(text).unwrap_or_else(|e| panic!("{e}"));
    let mut functions = Functions::default();
    functions.visit_file(&file);
    assert_eq!(functions.0, vec![("f".to_owned(), 3)]);
}
