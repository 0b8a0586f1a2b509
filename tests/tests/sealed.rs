//! The setter traits of a generated crate are sealed: a program outside the crate cannot
//! implement one, so a setter the generator adds to a trait breaks no code (what
//! `cargo xtask diff` relies on to call a new setter additive).
//!
//! The program depends on the committed `generated/` crate and implements its
//! `GetServicePrincipalSynchronizationSecretCountParams` for a type of its own; it must fail
//! to build with E0277 naming the sealing trait. The same program without that `impl`
//! builds, so the failure is the sealing and nothing else.

use graph_tests::program;

fn program_source(with_impl: bool) -> String {
    let implementation = if with_impl {
        "impl GetServicePrincipalSynchronizationSecretCountParams for Mine {\n\
         \x20   fn search(self, _: impl Into<String>) -> Self { self }\n\
         \x20   fn filter(self, _: impl Into<String>) -> Self { self }\n\
         }\n"
    } else {
        ""
    };
    format!(
        "#![allow(dead_code, unused_imports)]\n\
         use graph_beta_applications::operations::service_principals::GetServicePrincipalSynchronizationSecretCountParams;\n\
         struct Mine;\n\
         {implementation}\
         fn main() {{}}\n"
    )
}

#[test]
fn a_setter_trait_cannot_be_implemented_outside_the_crate() {
    let root = program::workspace_root();
    let generated = format!(
        "graph-beta-applications = {{ path = {:?} }}",
        root.join("generated")
    );
    let dir = tempfile::tempdir().unwrap();

    let without = dir.path().join("without");
    program::write(
        &without,
        "sealed-without",
        std::slice::from_ref(&generated),
        &program_source(false),
    );
    let output = program::run(&without, &[]);
    assert!(
        output.status.success(),
        "the program without the impl must build and run:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );

    let with = dir.path().join("with");
    program::write(&with, "sealed-with", &[generated], &program_source(true));
    let output = program::run(&with, &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !output.status.success(),
        "an outside impl of a setter trait built"
    );
    assert!(
        stderr.contains("E0277") && stderr.contains("Sealed"),
        "the build must fail on the sealing trait (E0277, `Sealed`):\n{stderr}"
    );
}
