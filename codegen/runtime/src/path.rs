//! Path templates and the values that fill them, each percent-encoded as one segment.
//!
//! The encoding rules are described on [`PathValues`], which is where
//! users read them (this module is private).

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use super::Error;

/// Characters left as they are in a path segment: RFC 3986 unreserved characters.
/// Everything else, `/`, `?`, `#`, `%`, `'` and spaces included, is percent-encoded, so a
/// value always stays exactly one segment.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Whether `value` is `.` or `..`: URL parsers resolve those as dot segments even when
/// percent-encoded (`%2E%2E`), so no URL can carry them as a path value.
fn is_dot_segment(value: &str) -> bool {
    value == "." || value == ".."
}

fn dot_segment_message(name: &str) -> String {
    format!("{name} must not be `.` or `..`: URLs resolve those as relative path segments")
}

/// One piece of an operation's path template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathPart {
    /// Literal text, already in its encoded form (`/servicePrincipals/`).
    Literal(&'static str),
    /// The value of the path parameter at this index of [`PathValues`].
    Param(usize),
    /// A parameter inside an OData string literal (`appId='{appId}'`): single quotes in
    /// the value are doubled, as OData requires.
    QuotedParam(usize),
}

/// The values of an operation's path parameters, or the reason they are unusable.
///
/// A generated crate fills it from the path values of `client.op(id, …)`
/// ([`given`](Self::given)) or from the identity object of
/// `client.op_via_identity(&identity)` ([`from_identity`](Self::from_identity)).
///
/// # Path encoding
///
/// Every value is percent-encoded as exactly one path segment: only RFC 3986 unreserved
/// characters (letters, digits, `-`, `.`, `_`, `~`) stay as they are; `/`, `?`, `#`, `%`,
/// `'`, spaces and every non-ASCII byte of the UTF-8 are encoded, so a value can never
/// reach another path. Inside an OData string literal (`appId='{appId}'`) single quotes
/// in the value are doubled first ([`PathPart::QuotedParam`]).
///
/// A value that is exactly `.` or `..` is refused: URL parsers (WHATWG, hence the
/// [`Url`](crate::Url) reqwest uses) resolve those as dot segments even when
/// percent-encoded (`%2E%2E`), so no URL can carry them. Values that merely contain dots
/// (`...`, `../..`, `./x`) arrive intact.
///
/// An unusable value (empty, `.` or `..`, or an identity member that is missing) is an
/// [`Error::InvalidArgument`] naming the parameter or member, reported by
/// [`Request::prepare`](crate::Request::prepare) or [`Request::send`](crate::Request::send)
/// before anything is sent. For an identity it reads as Graph PowerShell reports it:
/// `name: "ServicePrincipalId", message: "InputObject has null value for
/// InputObject.ServicePrincipalId"` (`InputObject.ServicePrincipalId is empty` for an
/// empty one).
#[derive(Debug, Clone)]
pub struct PathValues(Result<Vec<String>, (String, String)>);

/// An identity object (Graph PowerShell's `-InputObject`): every path value of an API, each
/// by its member's name. A generated crate's identity type implements it with one `match`,
/// and each `op_via_identity` method names the members its path needs
/// ([`PathValues::from_identity`]).
pub trait IdentityMembers {
    /// The value of the member named `member` (`ServicePrincipalId`), if it is set.
    fn member(&self, member: &str) -> Option<&str>;
}

impl PathValues {
    /// Values given directly, in the order of the operation's parameters.
    pub fn given(names: &[&'static str], values: impl Into<Vec<String>>) -> Self {
        let values = values.into();
        for (name, value) in names.iter().zip(&values) {
            if value.is_empty() {
                return PathValues(Err((
                    (*name).to_owned(),
                    format!("{name} must not be empty"),
                )));
            }
            if is_dot_segment(value) {
                return PathValues(Err(((*name).to_owned(), dot_segment_message(name))));
            }
        }
        PathValues(Ok(values))
    }

    /// Values taken from an identity object: its members named `members` (PowerShell's
    /// property names), in parameter order. A missing member is an error naming it, as
    /// Graph PowerShell reports it.
    pub fn from_identity(identity: &dyn IdentityMembers, members: &[&'static str]) -> Self {
        let mut values = Vec::with_capacity(members.len());
        for &member in members {
            match identity.member(member) {
                Some(value) if is_dot_segment(value) => {
                    return PathValues(Err((
                        member.to_owned(),
                        dot_segment_message(&format!("InputObject.{member}")),
                    )));
                }
                Some(value) if !value.is_empty() => values.push(value.to_owned()),
                Some(_) => {
                    return PathValues(Err((
                        member.to_owned(),
                        format!("InputObject.{member} is empty"),
                    )));
                }
                None => {
                    return PathValues(Err((
                        member.to_owned(),
                        format!("InputObject has null value for InputObject.{member}"),
                    )));
                }
            }
        }
        PathValues(Ok(values))
    }

    /// Renders `parts` onto `out` (which holds the base URL), encoding every value.
    pub(crate) fn render(&self, parts: &[PathPart], out: &mut String) -> Result<(), Error> {
        let values = self
            .0
            .as_ref()
            .map_err(|(name, message)| Error::invalid_argument(name.clone(), message.clone()))?;
        for part in parts {
            match *part {
                PathPart::Literal(text) => out.push_str(text),
                PathPart::Param(i) => out.extend(utf8_percent_encode(&values[i], SEGMENT)),
                PathPart::QuotedParam(i) => {
                    let quoted = values[i].replace('\'', "''");
                    out.extend(utf8_percent_encode(&quoted, SEGMENT));
                }
            }
        }
        Ok(())
    }
}
