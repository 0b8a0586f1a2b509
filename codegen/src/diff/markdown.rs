//! The report a reviewer reads in a pull request: a summary line with counts, then one
//! section per kind of change, breaking changes first within each.

use std::fmt::Write;

use super::{Change, Class, OperationChange, Report};

/// `report` as markdown.
pub fn markdown(report: &Report) -> String {
    let mut out = String::new();
    let s = &report.summary;
    let _ = writeln!(
        out,
        "# What changed: `{}` -> `{}`\n",
        report.from, report.to
    );
    let _ = writeln!(
        out,
        "**{} breaking, {} additive, {} documentation-only.** Operations: {} added, {} removed, {} changed. Models: {} added, {} removed, {} changed.\n",
        s.breaking,
        s.additive,
        s.documentation,
        report.added_operations.len(),
        report.removed_operations.len(),
        report.changed_operations.len(),
        report.added_models.len(),
        report.removed_models.len(),
        report.changed_models.len(),
    );
    operations(&mut out, "Operations removed", &report.removed_operations);
    operations(&mut out, "Operations added", &report.added_operations);
    if !report.changed_operations.is_empty() {
        let _ = writeln!(out, "## Operations changed\n");
        for op in &report.changed_operations {
            let o = &op.operation;
            let _ = writeln!(
                out,
                "- `{} {}` ({}`{}`)",
                o.method,
                o.path,
                o.cmdlet
                    .as_deref()
                    .map(|c| format!("{c}, "))
                    .unwrap_or_default(),
                o.rust_method
            );
            changes(&mut out, &op.changes, "  ");
        }
        out.push('\n');
    }
    for (title, models) in [
        ("Models removed", &report.removed_models),
        ("Models added", &report.added_models),
    ] {
        if models.is_empty() {
            continue;
        }
        let _ = writeln!(out, "## {title}\n");
        for m in models {
            let class = m.changes.first().map_or(Class::Documentation, |c| c.class);
            let _ = writeln!(out, "- {}: `{}` ({})", class.as_str(), m.rust, m.schema);
        }
        out.push('\n');
    }
    if !report.changed_models.is_empty() {
        let _ = writeln!(out, "## Models changed\n");
        for m in &report.changed_models {
            let _ = writeln!(out, "- `{}` ({})", m.rust, m.schema);
            changes(&mut out, &m.changes, "  ");
        }
        out.push('\n');
    }
    if s.breaking + s.additive + s.documentation == 0 {
        out.push_str("No change to the generated API.\n");
    }
    out
}

fn operations(out: &mut String, title: &str, list: &[OperationChange]) {
    if list.is_empty() {
        return;
    }
    let _ = writeln!(out, "## {title}\n");
    let _ = writeln!(
        out,
        "| class | method | path | cmdlet | Rust method | why |"
    );
    let _ = writeln!(out, "| --- | --- | --- | --- | --- | --- |");
    for op in list {
        let o = &op.operation;
        let _ = writeln!(
            out,
            "| {} | {} | `{}` | {} | `{}` | {} |",
            op.class.as_str(),
            o.method,
            o.path,
            o.cmdlet.as_deref().unwrap_or("-"),
            o.rust_method,
            op.why
        );
    }
    out.push('\n');
}

fn changes(out: &mut String, list: &[Change], indent: &str) {
    let mut sorted: Vec<&Change> = list.iter().collect();
    sorted.sort_by_key(|c| c.class);
    for c in sorted {
        let _ = writeln!(
            out,
            "{indent}- {}: {} (`{}`): {}",
            c.class.as_str(),
            c.what,
            c.rust,
            c.why
        );
    }
}
