//! Paging: `x-ms-pageable` operations as a stream of pages that follows `@odata.nextLink`.
//!
//! Described on [`Pageable`] and [`Request::pages`](crate::Request::pages),
//! which is where users read it (this module is private).

use futures_util::Stream;

use super::request::with_error_body;
use super::request::{Operation, PreparedRequest, Request};
use super::response::Response;
use super::{Client, Error};

/// An operation whose answers link to a next page (`x-ms-pageable`).
///
/// A generated crate implements it for the marker of every operation the description
/// marks `x-ms-pageable`: [`next_link`](Self::next_link) reads the answer's field named
/// by `nextLinkName` (`@odata.nextLink` by default; `nextLinkName: null` means the
/// operation is not paged and gets no impl). Such a request has
/// [`Request::pages`](crate::Request::pages), a `Stream` of typed pages.
pub trait Pageable: Operation {
    /// The next page's absolute URL, if the answer has one.
    fn next_link(output: &Self::Output) -> Option<&str>;
}

impl<'a, Op: Pageable, P> Request<'a, Op, P> {
    /// Sends the request, then follows each answer's next link with a `GET` (same headers,
    /// `client-request-id` included, and no body), yielding every page in order. Each
    /// page is a call of its own through the pipeline, with its own retries. The stream
    /// ends after the last page or after the first error. A next link to another origin
    /// (scheme, host, port) than where the request went (the client's
    /// [`base_url`](crate::ClientBuilder::base_url), or the API's
    /// [`Service::ROOT`](crate::Service::ROOT)) is an [`Error::Decode`], not followed: the
    /// call's credentials never leave the service.
    pub fn pages(self) -> impl Stream<Item = Result<Response<Op::Output>, Error>> + 'a {
        let first = self.resolve_to_send();
        let client: &'a Client = self.client();
        futures_util::stream::unfold(Some(first), move |state| async move {
            let prepared = match state? {
                Ok(prepared) => prepared,
                Err(e) => return Some((Err(e), None)),
            };
            let template = PreparedRequest {
                body: None,
                method: reqwest::Method::GET,
                ..prepared.clone()
            };
            let mut raw = match client.execute(prepared).await {
                Ok(raw) => raw,
                Err(e) => return Some((Err(with_error_body::<Op::Service>(e)), None)),
            };
            let (status, headers) = (raw.status, std::mem::take(&mut raw.headers));
            match Op::decode(raw) {
                Ok(output) => {
                    let next = Op::next_link(&output).map(|link| {
                        if same_origin(link, client.root::<Op::Service>()) {
                            Ok(PreparedRequest {
                                url: link.to_owned(),
                                ..template
                            })
                        } else {
                            Err(Error::Decode {
                                status,
                                message: format!(
                                    "the next link leaves the service root ({link}); not followed"
                                ),
                            })
                        }
                    });
                    Some((Ok(Response::new(status, headers, output)), next))
                }
                Err(e) => Some((Err(e), None)),
            }
        })
    }
}

/// Whether `link` has the scheme, host and port of `base`.
fn same_origin(link: &str, base: &str) -> bool {
    match (reqwest::Url::parse(link), reqwest::Url::parse(base)) {
        (Ok(link), Ok(base)) => link.origin() == base.origin(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::same_origin;

    #[test]
    fn next_links_stay_on_the_service_origin() {
        let base = "https://graph.microsoft.com/beta";
        assert!(same_origin(
            "https://graph.microsoft.com/beta/applications?$skiptoken=x",
            base
        ));
        assert!(!same_origin("https://evil.example/beta/applications", base));
        assert!(!same_origin(
            "http://graph.microsoft.com/beta/applications",
            base
        ));
        assert!(!same_origin("https://graph.microsoft.com:8443/beta", base));
        assert!(!same_origin("not a url", base));
    }
}
