//! The runtime source files, copied verbatim into every generated crate.

/// `(path under src/runtime/, contents)` of each runtime file, in a fixed order.
pub const FILES: &[(&str, &str)] = &[
    ("auth.rs", include_str!("../../runtime/auth.rs")),
    ("client.rs", include_str!("../../runtime/client.rs")),
    ("error.rs", include_str!("../../runtime/error.rs")),
    ("flags.rs", include_str!("../../runtime/flags.rs")),
    ("mod.rs", include_str!("../../runtime/mod.rs")),
    ("object.rs", include_str!("../../runtime/object.rs")),
    ("open_enum.rs", include_str!("../../runtime/open_enum.rs")),
    ("paging.rs", include_str!("../../runtime/paging.rs")),
    ("path.rs", include_str!("../../runtime/path.rs")),
    ("pipeline.rs", include_str!("../../runtime/pipeline.rs")),
    ("request.rs", include_str!("../../runtime/request.rs")),
    ("response.rs", include_str!("../../runtime/response.rs")),
    ("retry.rs", include_str!("../../runtime/retry.rs")),
    ("secret.rs", include_str!("../../runtime/secret.rs")),
];
