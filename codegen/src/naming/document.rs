//! The names a document gives itself: which service and version it describes (a Microsoft
//! Graph module, beta or v1.0, or another API), hence its module name, package name,
//! identity type and cmdlet prefix. Read from the document's own fields, never from a flag.

use heck::ToKebabCase;

use super::pascal_keep_case;

/// The hosts of Microsoft Graph's service roots (the global service and the national
/// clouds).
const GRAPH_HOSTS: &[&str] = &[
    "graph.microsoft.com",
    "graph.microsoft.us",
    "dod-graph.microsoft.us",
    "microsoftgraph.chinacloudapi.cn",
];

/// Which service a document describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    /// A Microsoft Graph module of the given version.
    Graph(GraphVersion),
    /// Any other API.
    Other,
}

/// A Microsoft Graph version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GraphVersion {
    /// `https://graph.microsoft.com/beta`: cmdlets `Verb-MgBeta<Noun>`, packages `graph-beta-*`.
    Beta,
    /// `https://graph.microsoft.com/v1.0`: cmdlets `Verb-Mg<Noun>`, packages `graph-*`.
    V1,
}

/// What a document is called, decided once from its fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentNames {
    /// The service and version.
    pub service: Service,
    /// The module, as Graph PowerShell writes it (`Users.Actions`).
    pub module: String,
    /// The cargo package name (`graph-beta-users-actions`, `graph-users-actions`).
    pub package: String,
    /// The cmdlet noun prefix (`MgBeta`, `Mg`) of a Graph document, whose operations are
    /// named after their Graph PowerShell cmdlets; `None` outside Graph, where they are
    /// named after their operationIds (or method and path).
    pub cmdlet_prefix: Option<String>,
}

impl DocumentNames {
    /// What the crate's descriptions call the document: `Microsoft Graph beta: {title}`,
    /// `Microsoft Graph v1.0: {title}`, or the title alone outside Graph or where it
    /// names Graph itself.
    pub fn describe(&self, title: &str) -> String {
        if title.to_ascii_lowercase().contains("microsoft graph") {
            return title.to_owned();
        }
        match self.service {
            Service::Graph(GraphVersion::Beta) => format!("Microsoft Graph beta: {title}"),
            Service::Graph(GraphVersion::V1) => format!("Microsoft Graph v1.0: {title}"),
            Service::Other => title.to_owned(),
        }
    }
}

/// What the document says about itself: `title` and `version` of its `info`, the URL of
/// its first server, whether any component schema is in Graph's `microsoft.graph`
/// namespace, and the file stem as the last resort for a name.
#[derive(Debug, Clone, Copy)]
pub struct DocumentFacts<'a> {
    /// `info.title`.
    pub title: &'a str,
    /// `info.version`.
    pub version: &'a str,
    /// The first `servers` URL, if any.
    pub server: Option<&'a str>,
    /// Whether a component schema's key starts with `microsoft.graph.`.
    pub graph_schemas: bool,
    /// The document's file name without its extension.
    pub file_stem: &'a str,
}

impl DocumentFacts<'_> {
    /// The service the document describes. A Graph document is one served from a Graph
    /// host, or, without servers, one whose schemas are in the `microsoft.graph`
    /// namespace. Its version is beta where the service root's path or `info.version`
    /// says `beta` (`/beta/`, `v1.0-beta`), else v1.0.
    pub fn service(&self) -> Service {
        let (host, path) = match self.server {
            Some(url) => split_url(url),
            None => ("", ""),
        };
        let graph = if self.server.is_some() {
            GRAPH_HOSTS.iter().any(|h| host.eq_ignore_ascii_case(h))
        } else {
            self.graph_schemas
        };
        if !graph {
            return Service::Other;
        }
        let first_segment = path.trim_matches('/').split('/').next().unwrap_or("");
        let beta = first_segment.eq_ignore_ascii_case("beta")
            || (!first_segment.eq_ignore_ascii_case("v1.0")
                && self.version.to_ascii_lowercase().contains("beta"));
        Service::Graph(if beta {
            GraphVersion::Beta
        } else {
            GraphVersion::V1
        })
    }

    /// The names, where `module`, `package` and `cmdlet_prefix` are the caller's choices
    /// (`None`: derive). The module is the title where the title is a module name
    /// (dot-separated identifiers: `Identity.DirectoryManagement`); else, outside Graph,
    /// the title in PascalCase (`Swagger Petstore` -> `SwaggerPetstore`); else the file
    /// stem (a Graph fragment titled with a sentence);
    /// the package is `graph-beta-`, `graph-` or nothing, then the module in kebab case
    /// (not twice where the module already starts with the prefix).
    pub fn names(
        &self,
        module: Option<&str>,
        package: Option<&str>,
        cmdlet_prefix: Option<&str>,
    ) -> DocumentNames {
        let service = self.service();
        let module = match module {
            Some(m) => m.to_owned(),
            None if is_module_name(self.title) => self.title.to_owned(),
            None if service == Service::Other
                && self.title.chars().any(|c| c.is_ascii_alphanumeric()) =>
            {
                pascal_keep_case(self.title)
            }
            None => pascal_keep_case(self.file_stem),
        };
        let package = package.map(str::to_owned).unwrap_or_else(|| {
            let kebab = module.to_kebab_case();
            let prefix = match service {
                Service::Graph(GraphVersion::Beta) => "graph-beta-",
                Service::Graph(GraphVersion::V1) => "graph-",
                Service::Other => "",
            };
            // Not twice (`graph-beta-users`), and not doubled for a module named after
            // the prefix itself (the folder `graph-beta/` is `graph-beta`).
            if kebab.starts_with(prefix) || prefix.strip_suffix('-') == Some(kebab.as_str()) {
                kebab
            } else {
                format!("{prefix}{kebab}")
            }
        });
        let cmdlet_prefix = cmdlet_prefix.map(str::to_owned).or(match service {
            Service::Graph(GraphVersion::V1) => Some("Mg".to_owned()),
            Service::Graph(GraphVersion::Beta) => Some("MgBeta".to_owned()),
            Service::Other => None,
        });
        DocumentNames {
            service,
            module,
            package,
            cmdlet_prefix,
        }
    }
}

/// Whether `title` reads as a PowerShell module name: identifiers (a letter, then letters
/// and digits) joined by single dots.
fn is_module_name(title: &str) -> bool {
    !title.is_empty()
        && title.split('.').all(|part| {
            part.starts_with(|c: char| c.is_ascii_alphabetic())
                && part.chars().all(|c| c.is_ascii_alphanumeric())
        })
}

/// The host and path of a URL (`https://host:port/path` -> (`host`, `/path`)).
fn split_url(url: &str) -> (&str, &str) {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let (authority, path) = rest.find('/').map_or((rest, ""), |i| rest.split_at(i));
    let host = authority.rsplit('@').next().unwrap_or(authority);
    let host = host.split(':').next().unwrap_or(host);
    (host, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts<'a>(title: &'a str, version: &'a str, server: Option<&'a str>) -> DocumentFacts<'a> {
        DocumentFacts {
            title,
            version,
            server,
            graph_schemas: true,
            file_stem: "file-name",
        }
    }

    #[test]
    fn beta_modules_are_named_from_their_title() {
        let beta = facts(
            "Identity.DirectoryManagement",
            "v1.0-beta",
            Some("https://graph.microsoft.com/beta/"),
        );
        assert_eq!(
            beta.names(None, None, None),
            DocumentNames {
                service: Service::Graph(GraphVersion::Beta),
                module: "Identity.DirectoryManagement".into(),
                package: "graph-beta-identity-directory-management".into(),
                cmdlet_prefix: Some("MgBeta".into()),
            }
        );
    }

    #[test]
    fn v1_modules_drop_beta_everywhere() {
        let v1 = facts(
            "Users.Actions",
            "v1.0",
            Some("https://graph.microsoft.com/v1.0/"),
        );
        let names = v1.names(None, None, None);
        assert_eq!(names.service, Service::Graph(GraphVersion::V1));
        assert_eq!(names.package, "graph-users-actions");
        assert_eq!(names.cmdlet_prefix.as_deref(), Some("Mg"));
        // The root's path decides before the version text; the version text where the
        // root does not say.
        assert_eq!(
            facts("A", "v1.0-beta", Some("https://graph.microsoft.com/v1.0")).service(),
            Service::Graph(GraphVersion::V1)
        );
        assert_eq!(
            facts("A", "v1.0-beta", Some("https://graph.microsoft.com")).service(),
            Service::Graph(GraphVersion::Beta)
        );
        assert_eq!(
            facts("A", "v1.0", None).service(),
            Service::Graph(GraphVersion::V1)
        );
    }

    #[test]
    fn other_documents_and_odd_titles() {
        let petstore = DocumentFacts {
            title: "Swagger Petstore",
            version: "1.0.0",
            server: Some("http://petstore.swagger.io:8080/api"),
            graph_schemas: false,
            file_stem: "petstore-expanded",
        };
        let names = petstore.names(None, None, None);
        assert_eq!(names.service, Service::Other);
        assert_eq!(names.module, "SwaggerPetstore");
        assert_eq!(names.package, "swagger-petstore");
        assert_eq!(names.cmdlet_prefix, None);
        // A Graph fragment with a sentence for a title is named after its file, without
        // the prefix twice; the caller's choices win.
        let fragment = DocumentFacts {
            title: "Microsoft Graph beta - secrets",
            file_stem: "graph-beta-synchronization-secrets",
            ..facts("", "v1.0-beta", Some("https://graph.microsoft.com/beta/"))
        };
        assert_eq!(
            fragment.names(None, None, None).package,
            "graph-beta-synchronization-secrets"
        );
        // A folder named after the prefix itself.
        let folder = DocumentFacts {
            title: "graph-beta",
            file_stem: "graph-beta",
            ..facts("", "v1.0-beta", Some("https://graph.microsoft.com/beta/"))
        };
        assert_eq!(folder.names(None, None, None).package, "graph-beta");
        let chosen = fragment.names(Some("Applications"), Some("my-crate"), Some("Mg"));
        assert_eq!(
            (
                chosen.module.as_str(),
                chosen.package.as_str(),
                chosen.cmdlet_prefix.as_deref()
            ),
            ("Applications", "my-crate", Some("Mg"))
        );
    }

    #[test]
    fn module_names_are_dotted_identifiers() {
        assert!(is_module_name("Users"));
        assert!(is_module_name("Devices.CorporateManagement"));
        assert!(!is_module_name("Microsoft Graph"));
        assert!(!is_module_name("Users..Actions"));
        assert!(!is_module_name("1Users"));
        assert!(!is_module_name(""));
    }
}
