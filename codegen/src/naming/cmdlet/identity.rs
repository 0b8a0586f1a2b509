//! Identity properties: the PowerShell name of a path parameter (`servicePrincipal-id` ->
//! `ServicePrincipalId`) and its documentation.

use super::case::{pascal, split_words};
use super::noun::remove_sequential_duplicates;
use super::singular::{UNINFLECTED, singular_word, singularize_last_word};

/// The identity property for a path parameter name, as Graph PowerShell names it:
/// "servicePrincipal-id" -> "ServicePrincipalId", "onPremisesAgentGroup-id1" ->
/// "OnPremisesAgentGroupId1", "ipApplicationSegment-id" -> "IPApplicationSegmentId",
/// "oAuth2PermissionGrant-id" -> "OAuth2PermissionGrantId", "appId" -> "AppId".
pub fn identity_property(param_name: &str) -> String {
    let mut words = split_words(param_name);
    remove_sequential_duplicates(&mut words);
    pascal(&words)
}

/// The documentation of an identity property: the parameter's description in the document
/// when it has one ("The unique identifier of servicePrincipal", "Alternate key of
/// application"), else "The unique identifier of `entity`" for an `entity-id` parameter
/// and "The `name` alternate key" for any other name.
pub fn identity_doc(param_name: &str, spec_description: Option<&str>) -> String {
    if let Some(description) = spec_description.map(str::trim).filter(|d| !d.is_empty()) {
        return description.to_owned();
    }
    match key_entity(param_name) {
        Some(entity) => format!("The unique identifier of {entity}"),
        None => format!("The {param_name} alternate key"),
    }
}

/// Like [`identity_doc`], but an alternate key without a description is documented from
/// the path that declares it, as Graph does: `appId` in `/applications(appId='{appId}')`
/// -> "Alternate key of application".
pub fn identity_doc_for_path(
    param_name: &str,
    spec_description: Option<&str>,
    path: &str,
) -> String {
    let has_description = spec_description.is_some_and(|d| !d.trim().is_empty());
    if has_description || key_entity(param_name).is_some() {
        return identity_doc(param_name, spec_description);
    }
    match alternate_key_entity(param_name, path) {
        Some(entity) => format!("Alternate key of {entity}"),
        None => identity_doc(param_name, None),
    }
}

/// The entity of an `<entity>-id` or `<entity>-id<N>` path parameter.
fn key_entity(param_name: &str) -> Option<&str> {
    let (entity, key) = param_name.rsplit_once('-')?;
    let digits = key.strip_prefix("id")?;
    (!entity.is_empty() && digits.chars().all(|c| c.is_ascii_digit())).then_some(entity)
}

/// The singular camelCase entity whose alternate key `param_name` is in `path`:
/// `appId`, `/servicePrincipals(appId='{appId}')` -> `servicePrincipal`.
fn alternate_key_entity(param_name: &str, path: &str) -> Option<String> {
    let placeholder = format!("{{{param_name}}}");
    let segment = path
        .split('/')
        .find(|s| s.contains('(') && s.contains(&placeholder))?;
    let (entity, _) = segment.split_once('(')?;
    let singular = singularize_last_word(entity, |lower| {
        let singular = singular_word(lower);
        // The entity is named after its type, so words AutoRest keeps plural lose the `s`
        // here (`federatedIdentityCredentials` -> `federatedIdentityCredential`).
        if singular == lower && UNINFLECTED.contains(&lower) && !lower.ends_with("ses") {
            lower.strip_suffix('s').unwrap_or(lower).to_owned()
        } else {
            singular
        }
    })?;
    let mut chars = singular.chars();
    Some(chars.next()?.to_lowercase().chain(chars).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::naming::cmdlet::tests::module_ops;
    use std::collections::BTreeSet;

    #[test]
    fn identity_properties_of_the_module_path_parameters() {
        let cases = [
            ("application-id", "ApplicationId"),
            ("appManagementPolicy-id", "AppManagementPolicyId"),
            ("extensionProperty-id", "ExtensionPropertyId"),
            (
                "federatedIdentityCredential-id",
                "FederatedIdentityCredentialId",
            ),
            ("name", "Name"),
            ("homeRealmDiscoveryPolicy-id", "HomeRealmDiscoveryPolicyId"),
            ("directoryObject-id", "DirectoryObjectId"),
            ("synchronizationJob-id", "SynchronizationJobId"),
            ("directoryDefinition-id", "DirectoryDefinitionId"),
            ("synchronizationTemplate-id", "SynchronizationTemplateId"),
            ("tokenIssuancePolicy-id", "TokenIssuancePolicyId"),
            ("tokenLifetimePolicy-id", "TokenLifetimePolicyId"),
            ("appId", "AppId"),
            ("uniqueName", "UniqueName"),
            ("applicationTemplate-id", "ApplicationTemplateId"),
            ("group-id", "GroupId"),
            ("appRoleAssignment-id", "AppRoleAssignmentId"),
            (
                "onPremisesPublishingProfile-id",
                "OnPremisesPublishingProfileId",
            ),
            ("onPremisesAgentGroup-id", "OnPremisesAgentGroupId"),
            ("onPremisesAgent-id", "OnPremisesAgentId"),
            ("onPremisesAgentGroup-id1", "OnPremisesAgentGroupId1"),
            ("publishedResource-id", "PublishedResourceId"),
            ("ipApplicationSegment-id", "IPApplicationSegmentId"),
            ("connectorGroup-id", "ConnectorGroupId"),
            ("connector-id", "ConnectorId"),
            ("servicePrincipal-id", "ServicePrincipalId"),
            ("claimsMappingPolicy-id", "ClaimsMappingPolicyId"),
            (
                "delegatedPermissionClassification-id",
                "DelegatedPermissionClassificationId",
            ),
            ("endpoint-id", "EndpointId"),
            ("licenseDetails-id", "LicenseDetailsId"),
            ("oAuth2PermissionGrant-id", "OAuth2PermissionGrantId"),
            (
                "permissionGrantPreApprovalPolicy-id",
                "PermissionGrantPreApprovalPolicyId",
            ),
            ("targetDeviceGroup-id", "TargetDeviceGroupId"),
            ("user-id", "UserId"),
        ];
        assert_eq!(cases.len(), 34);
        for (param, expected) in cases {
            assert_eq!(identity_property(param), expected, "{param}");
        }
        let ops = module_ops();
        let in_document: BTreeSet<&str> = ops
            .iter()
            .flat_map(|(path, _, _)| path.split('{').skip(1).filter_map(|s| s.split('}').next()))
            .collect();
        let tested: BTreeSet<&str> = cases.iter().map(|(p, _)| *p).collect();
        assert_eq!(
            in_document, tested,
            "the table covers exactly the document's path parameters"
        );
    }

    #[test]
    fn identity_docs_prefer_the_document() {
        assert_eq!(
            identity_doc(
                "servicePrincipal-id",
                Some("The unique identifier of servicePrincipal")
            ),
            "The unique identifier of servicePrincipal"
        );
        assert_eq!(
            identity_doc("appId", Some(" Alternate key of application ")),
            "Alternate key of application"
        );
        assert_eq!(
            identity_doc("servicePrincipal-id", None),
            "The unique identifier of servicePrincipal"
        );
        assert_eq!(
            identity_doc("onPremisesAgentGroup-id1", Some("")),
            "The unique identifier of onPremisesAgentGroup"
        );
        assert_eq!(identity_doc("appId", None), "The appId alternate key");
        assert_eq!(
            identity_doc_for_path("appId", None, "/servicePrincipals(appId='{appId}')"),
            "Alternate key of servicePrincipal"
        );
        assert_eq!(
            identity_doc_for_path(
                "name",
                None,
                "/applications/{application-id}/federatedIdentityCredentials(name='{name}')"
            ),
            "Alternate key of federatedIdentityCredential"
        );
        assert_eq!(
            identity_doc_for_path(
                "connector-id",
                None,
                "/onPremisesPublishingProfiles/{onPremisesPublishingProfile-id}/connectors/{connector-id}"
            ),
            "The unique identifier of connector"
        );
        assert_eq!(
            identity_doc_for_path("appId", Some("From the document"), "/x"),
            "From the document"
        );
    }
}
