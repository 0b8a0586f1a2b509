//! Errors of the generator: each names the file, the location in it and what is wrong.

use std::fmt;
use std::path::{Path, PathBuf};

/// A location in the input document: a JSON pointer, and line and column when known.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Location {
    /// JSON pointer (RFC 6901) to the offending value, `""` for the whole document.
    pub pointer: String,
    /// 1-based line and column, when the YAML parser knows them.
    pub line_col: Option<(usize, usize)>,
}

impl Location {
    /// A location known only by pointer.
    pub fn pointer(pointer: impl Into<String>) -> Self {
        Location {
            pointer: pointer.into(),
            line_col: None,
        }
    }
}

/// Builds a JSON pointer from reference tokens, escaping `~` and `/` as RFC 6901 says.
pub fn pointer<I, S>(tokens: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut out = String::new();
    for token in tokens {
        out.push('/');
        out.push_str(&token.as_ref().replace('~', "~0").replace('/', "~1"));
    }
    out
}

/// Everything the generator can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input document is unusable.
    #[error("{}", render_spec(file, location, message))]
    Spec {
        /// The document.
        file: PathBuf,
        /// Where in it.
        location: Location,
        /// What is wrong.
        message: String,
    },
    /// Reading or writing a file failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// Something the generator writes did not parse as Rust: a generator bug.
    #[error("internal error: generated {file} is not valid Rust: {message}")]
    Internal {
        /// The generated file.
        file: String,
        /// The parser's complaint.
        message: String,
    },
    /// `--check` found `generated/` out of date.
    #[error("{0}")]
    Stale(String),
    /// The output folder holds something the generator did not write.
    #[error("{}: {message}", path.display())]
    Refused {
        /// The output folder.
        path: PathBuf,
        /// Why it is left alone.
        message: String,
    },
}

fn render_spec(file: &Path, location: &Location, message: &str) -> String {
    let mut out = file.display().to_string();
    if let Some((line, col)) = location.line_col {
        out.push_str(&format!(":{line}:{col}"));
    }
    let pointer = if location.pointer.is_empty() {
        "(document root)"
    } else {
        &location.pointer
    };
    out.push_str(&format!(": at {pointer}: {message}"));
    out
}

impl Error {
    /// An error in the input document at `pointer`.
    pub fn spec(file: &Path, pointer: impl Into<String>, message: impl fmt::Display) -> Self {
        Error::Spec {
            file: file.to_owned(),
            location: Location::pointer(pointer),
            message: message.to_string(),
        }
    }

    /// An I/O error on `path`.
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            path: path.to_owned(),
            source,
        }
    }
}

/// The generator's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
