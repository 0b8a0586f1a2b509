//! Stage 3: tokens (`quote`) for the intermediate model, one job at a time; [`crate::format`]
//! turns them into text.

mod crate_files;
mod docs;
mod examples;
mod gate;
mod models;
mod operations;
mod types;

use std::collections::BTreeMap;

use proc_macro2::TokenStream;

/// The generated files, as `write` takes them (made by [`crate::format::files`]).
pub use crate::format::Files;
pub use crate_files::{CrateOptions, runtime_dir, runtime_path};

use crate::ir::Api;

/// One unit of emission work: a whole Rust file, or a run of models in a `src/models/` file or
/// of operations in an operations file. Jobs are independent, so they can be emitted and
/// formatted on several threads; the formatted parts of a file are joined in order.
#[derive(Debug, Clone)]
pub struct Job {
    /// The file it belongs to.
    pub path: String,
    /// Roughly how much code it yields (for scheduling the big jobs first).
    pub weight: usize,
    kind: JobKind,
}

#[derive(Debug, Clone)]
enum JobKind {
    Lib,
    Identity,
    /// `src/models/mod.rs`: the files' names and features.
    ModelsRoot(Vec<(String, Vec<String>)>),
    /// A run of one models file: its models; the first part carries the file's features.
    Models(Vec<usize>, Option<Vec<String>>),
    OperationsRoot,
    /// A group's operations `range`; the part at 0 opens the module.
    Group(String, std::ops::Range<usize>),
}

/// How many models go into one job. Small jobs are faster overall, not only better spread
/// over the cores: each thread reuses the memory of its last job's token trees and syntax
/// tree, which stay small enough to be warm in cache, where large jobs keep growing
/// vectors into fresh pages (the module's CPU time fell by a sixth going from 150 models
/// and 40 operations per job to 20 and 5, and by another tenth going to 5 and 1).
const MODELS_PER_JOB: usize = 5;

/// How many operations go into one job (see [`MODELS_PER_JOB`]); an operation's code is
/// several times a model's.
const OPERATIONS_PER_JOB: usize = 1;

/// What every job reads and no job should compute again: the crate's settings, the
/// models by name and the operations by group.
pub struct Shared<'a> {
    /// The crate's settings.
    pub krate: &'a CrateOptions,
    /// Every model, by name.
    pub models: BTreeMap<&'a str, &'a crate::ir::Model>,
    /// The operations by module ([`operations::groups`]).
    pub groups: BTreeMap<&'a str, Vec<&'a crate::ir::Operation>>,
}

impl<'a> Shared<'a> {
    /// Computes what the jobs of `api` share.
    pub fn new(api: &'a Api, krate: &'a CrateOptions) -> Self {
        Shared {
            krate,
            models: api.models.iter().map(|m| (m.name.as_str(), m)).collect(),
            groups: operations::groups(api),
        }
    }
}

/// The jobs that make up every emitted file, in file order (parts of a file in order).
pub fn jobs(api: &Api) -> Vec<Job> {
    let mut out = vec![
        Job {
            path: "src/lib.rs".to_owned(),
            weight: 1,
            kind: JobKind::Lib,
        },
        Job {
            path: "src/identity.rs".to_owned(),
            weight: api.identity.members.len(),
            kind: JobKind::Identity,
        },
    ];
    let files = models::files(api);
    out.push(Job {
        path: "src/models/mod.rs".to_owned(),
        weight: files.len(),
        kind: JobKind::ModelsRoot(
            files
                .iter()
                .map(|f| (f.name.clone(), f.features.clone()))
                .collect(),
        ),
    });
    for file in files {
        for (i, chunk) in file.models.chunks(MODELS_PER_JOB).enumerate() {
            out.push(Job {
                path: format!("src/models/{}.rs", file.name),
                weight: chunk.len() * 40,
                kind: JobKind::Models(chunk.to_vec(), (i == 0).then(|| file.features.clone())),
            });
        }
    }
    out.push(Job {
        path: "src/operations/mod.rs".to_owned(),
        weight: 1,
        kind: JobKind::OperationsRoot,
    });
    for (group, ops) in operations::groups(api) {
        let mut start = 0;
        while start < ops.len() {
            let end = (start + OPERATIONS_PER_JOB).min(ops.len());
            out.push(Job {
                path: format!("src/operations/{group}.rs"),
                // The first part also holds the module's operation trait: every client
                // method with its docs and examples, about 1.4 times the rest of an
                // operation's code (the Applications module's output).
                weight: (end - start) * 60 + if start == 0 { ops.len() * 85 } else { 0 },
                kind: JobKind::Group(group.to_owned(), start..end),
            });
            start = end;
        }
    }
    out
}

/// The tokens of one job: its part of its file.
pub fn run(api: &Api, job: &Job, shared: &Shared<'_>) -> TokenStream {
    match &job.kind {
        JobKind::Lib => {
            let lib_name = api.names.package.replace('-', "_");
            let cx = examples::Context {
                krate: &lib_name,
                identity: &api.identity.name,
                models: &shared.models,
            };
            let ops = || {
                api.operations
                    .iter()
                    .map(|op| (op, operations::field_setters(op, &shared.models)))
            };
            let examples: Vec<String> = [cx.typestate_example(ops()), cx.null_example(ops())]
                .into_iter()
                .flatten()
                .collect();
            crate_files::lib_rs(api, shared.krate, &examples)
        }
        JobKind::Identity => crate_files::identity_rs(api),
        JobKind::ModelsRoot(files) => models::root(api, files),
        JobKind::Models(indices, head) => models::part(api, indices, head.as_deref()),
        JobKind::OperationsRoot => operations::root_module(api),
        JobKind::Group(group, range) => {
            let lib_name = api.names.package.replace('-', "_");
            let ops = &shared.groups[group.as_str()];
            operations::group_part(api, group, ops, range.clone(), &lib_name, shared)
        }
    }
}

/// The files that are not Rust tokens, as (path, text): `Cargo.toml`.
pub fn text_files(api: &Api, krate: &CrateOptions) -> Vec<(String, String)> {
    vec![("Cargo.toml".to_owned(), crate_files::cargo_toml(api, krate))]
}
