//! Boxing fields that make a type contain itself.
//!
//! A struct that holds itself by value, directly or through other structs (an `Option`
//! does not help), has infinite size. Such fields are boxed, and only those: a field is
//! boxed when its type lies in the same strongly connected component of the "holds by
//! value" graph as the struct that has it. `Vec` and maps already put values on the heap.

use std::collections::BTreeMap;

use crate::ir::{Model, ModelKind, TypeRef};

/// Marks every field that closes a by-value cycle as boxed.
pub fn box_recursive_fields(models: &mut [Model]) {
    let index: BTreeMap<String, usize> = models
        .iter()
        .enumerate()
        .map(|(i, m)| (m.name.clone(), i))
        .collect();
    let edges: Vec<Vec<usize>> = models
        .iter()
        .map(|m| match &m.kind {
            ModelKind::Struct(s) => s
                .fields
                .iter()
                .filter_map(|f| by_value_target(&f.ty).and_then(|t| index.get(t).copied()))
                .collect(),
            // A union boxes every model it holds.
            ModelKind::Enum(_) | ModelKind::Union(_) => Vec::new(),
        })
        .collect();
    let component = strongly_connected(&edges);
    for (i, model) in models.iter_mut().enumerate() {
        if let ModelKind::Struct(s) = &mut model.kind {
            for field in &mut s.fields {
                if let Some(&t) = by_value_target(&field.ty).and_then(|t| index.get(t)) {
                    field.boxed = component[t] == component[i];
                }
            }
        }
    }
}

fn by_value_target(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Named(name) => Some(name),
        _ => None,
    }
}

/// Tarjan's algorithm, iterative: the component number of each node.
pub(super) fn strongly_connected(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let mut order = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut component = vec![UNSEEN; n];
    let mut stack = Vec::new();
    let mut next_order = 0;
    let mut next_component = 0;
    for root in 0..n {
        if order[root] != UNSEEN {
            continue;
        }
        let mut work = vec![(root, 0usize)];
        while let Some(&mut (node, ref mut edge)) = work.last_mut() {
            if *edge == 0 && order[node] == UNSEEN {
                order[node] = next_order;
                low[node] = next_order;
                next_order += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&next) = edges[node].get(*edge) {
                *edge += 1;
                if order[next] == UNSEEN {
                    work.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(order[next]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == order[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::strongly_connected;

    #[test]
    fn finds_cycles_and_self_loops() {
        // 0 -> 1 -> 2 -> 0, 3 -> 3, 4 -> 0
        let c = strongly_connected(&[vec![1], vec![2], vec![0], vec![3], vec![0]]);
        assert_eq!(c[0], c[1]);
        assert_eq!(c[1], c[2]);
        assert_ne!(c[3], c[0]);
        assert_ne!(c[4], c[0]);
    }
}
