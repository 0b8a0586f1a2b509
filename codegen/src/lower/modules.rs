//! The modules of `operations`, split where one would be too big to read: a module's
//! operation trait holds two methods per operation (by path values, and from the identity
//! object), and rustdoc lists them all on the trait's page. Graph's Users module has 3,338
//! operations under `/users`: one page of 6,677 methods.
//!
//! The rule, decided once here: a module of more than [`MAX_OPERATIONS`] operations is cut
//! by the next literal segment of their paths (`/users/{user-id}/calendar/...` goes to
//! `users_calendar`), for every segment that holds at least [`MIN_OPERATIONS`] of them;
//! each new module is cut again by the same rule where it is still too big. What is left
//! (the module's own paths and the small branches) stays in the module, cut into numbered
//! parts in path order (`users`, `users_2`, ...) only where it is still too big. Module
//! names are claimed in one scope, so a cut never takes an existing module's name.

use std::collections::BTreeMap;

use crate::ir::Operation;
use crate::naming::{self, scope::Scope};

/// The most operations in one module: at most 1,000 methods on its trait's page.
pub const MAX_OPERATIONS: usize = 500;

/// The fewest operations a branch needs to become a module of its own; smaller branches stay
/// with their parent, so a cut does not scatter a module into hundreds of tiny ones.
pub const MIN_OPERATIONS: usize = 25;

/// Cuts every module of more than [`MAX_OPERATIONS`] operations (see the module docs).
pub fn split(operations: &mut [Operation]) {
    let mut by_module: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, op) in operations.iter().enumerate() {
        by_module.entry(op.module.clone()).or_default().push(i);
    }
    if by_module.values().all(|ops| ops.len() <= MAX_OPERATIONS) {
        return;
    }
    let mut names = Scope::snake().reserving(by_module.keys().map(String::as_str));
    for (module, members) in by_module {
        if members.len() > MAX_OPERATIONS {
            cut(operations, &mut names, &module, members, 1);
        }
    }
}

/// Cuts `members` of `module`, whose paths share their first `depth` literal segments.
fn cut(
    operations: &mut [Operation],
    names: &mut Scope,
    module: &str,
    members: Vec<usize>,
    depth: usize,
) {
    let mut branches: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut rest = Vec::new();
    for i in members {
        match literal_segments(&operations[i].path).nth(depth) {
            Some(segment) => branches.entry(segment).or_default().push(i),
            None => rest.push(i),
        }
    }
    for (segment, branch) in branches {
        if branch.len() < MIN_OPERATIONS {
            rest.extend(branch);
            continue;
        }
        let name = names.claim(format!("{module}_{segment}"));
        for &i in &branch {
            operations[i].module.clone_from(&name);
        }
        if branch.len() > MAX_OPERATIONS {
            cut(operations, names, &name, branch, depth + 1);
        }
    }
    if rest.len() > MAX_OPERATIONS {
        // Path order keeps neighbours together; the first part keeps the module's name.
        rest.sort_by(|&a, &b| operations[a].path.cmp(&operations[b].path).then(a.cmp(&b)));
        for (n, part) in rest.chunks(MAX_OPERATIONS).enumerate() {
            let name = if n == 0 {
                module.to_owned()
            } else {
                names.claim(format!("{module}_{}", n + 1))
            };
            for &i in part {
                operations[i].module.clone_from(&name);
            }
        }
    }
}

/// The literal segments of a path template, in snake case, without parameters and without
/// Graph's namespace on function and cast segments (`/users/{id}/microsoft.graph.delta()`
/// -> `users`, `delta`).
fn literal_segments(path: &str) -> impl Iterator<Item = String> + '_ {
    path.split('/')
        .filter(|s| !s.is_empty() && !s.starts_with('{'))
        .map(|s| {
            let s = s.strip_prefix("microsoft.graph.").unwrap_or(s);
            let s = s.split(['(', '=']).next().unwrap_or(s);
            naming::snake_ident(s.trim_start_matches('$'))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_segments_drop_parameters_and_namespaces() {
        let segments: Vec<String> =
            literal_segments("/users/{user-id}/calendar/microsoft.graph.getSchedule()").collect();
        assert_eq!(segments, ["users", "calendar", "get_schedule"]);
        let segments: Vec<String> =
            literal_segments("/applications(appId='{appId}')/$count").collect();
        assert_eq!(segments, ["applications", "count"]);
    }
}
