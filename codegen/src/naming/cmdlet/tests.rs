//! Tests of the whole naming of an operation ([`super::cmdlet_name`] and the
//! [`super::CmdletName`] methods), on the Applications module document of the shared
//! folder (`../shared/specs` beside the workspace root, or `$GRAPH_SHARED_DIR/specs`: a
//! missing document fails, naming the path expected) and on single operationIds; the
//! fixtures here serve the rule modules' tests too.

use super::*;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

/// Where the shared documents are: the one helper the integration tests and the xtask use.
#[path = "../../../../tests/src/shared.rs"]
#[allow(dead_code)]
mod shared;

/// One operation of a document: (path, method, operationId).
type Op = (String, String, String);

/// Every operation of the Applications module document; panics naming the path expected
/// when the document is missing.
pub(super) fn module_ops() -> &'static [Op] {
    static OPS: OnceLock<Vec<Op>> = OnceLock::new();
    OPS.get_or_init(|| {
        let file = shared::shared_spec("graph-beta-applications.yml");
        let text = std::fs::read_to_string(&file)
            .unwrap_or_else(|e| panic!("read {}: {e}", file.display()));
        let doc: serde_yaml::Value =
            serde_yaml::from_str(&text).expect("parse the module document");
        let paths = doc
            .get("paths")
            .and_then(|p| p.as_mapping())
            .expect("the module document has paths");
        let mut ops = Vec::new();
        for (path, item) in paths {
            let item = item.as_mapping().expect("a path item is a mapping");
            for (method, op) in item {
                let id = op.get("operationId").and_then(|id| id.as_str());
                if let (Some(path), Some(method), Some(id)) = (path.as_str(), method.as_str(), id) {
                    ops.push((path.to_owned(), method.to_owned(), id.to_owned()));
                }
            }
        }
        ops
    })
}

fn full(operation_id: &str, method: &str, path: &str) -> String {
    cmdlet_name(operation_id, method, path).full("MgBeta")
}

#[test]
fn every_sample_cmdlet_comes_out_of_the_module_document() {
    let ops = module_ops();
    let sample = shared::shared_file("reference/cmdlet-names-sample.txt");
    assert_eq!(ops.len(), 475, "the module document has 475 operations");
    let produced: BTreeSet<String> = ops.iter().map(|(p, m, id)| full(id, m, p)).collect();
    let text = std::fs::read_to_string(sample).expect("read the sample");
    let expected: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let missing: Vec<&&str> = expected
        .iter()
        .filter(|name| !produced.contains(**name))
        .collect();
    println!(
        "sample cmdlet names produced: {}/{}",
        expected.len() - missing.len(),
        expected.len()
    );
    assert!(missing.is_empty(), "not produced: {missing:?}");
    assert_eq!(expected.len(), 41);
}

#[test]
fn every_operation_name_is_in_powershell_style() {
    let ops = module_ops();
    let names: Vec<(CmdletName, &Op)> = ops
        .iter()
        .map(|op| (cmdlet_name(&op.2, &op.1, &op.0), op))
        .collect();
    let off_style: Vec<String> = names
        .iter()
        .filter(|(name, _)| !name.is_in_style())
        .map(|(name, op)| {
            format!(
                "{} <- {} {:?}",
                name.full("MgBeta"),
                op.2,
                name.style_issues()
            )
        })
        .collect();
    println!(
        "operations named out of PowerShell style: {} of {}",
        off_style.len(),
        ops.len()
    );
    for line in off_style.iter().take(10) {
        println!("  {line}");
    }
    let mut by_name: BTreeMap<String, usize> = BTreeMap::new();
    for (name, _) in &names {
        *by_name.entry(name.full("MgBeta")).or_default() += 1;
    }
    let shared = by_name.values().filter(|&&n| n > 1).count();
    let lists = ops.iter().filter(|op| is_collection_list(&op.2)).count();
    println!(
        "distinct cmdlets: {}; shared by several operations: {shared}; List forms: {lists}",
        by_name.len()
    );
    assert!(off_style.is_empty(), "{off_style:#?}");
}

#[test]
fn list_and_get_fold_into_one_cmdlet_with_distinct_methods() {
    let list = cmdlet_name("application_ListApplication", "get", "/applications");
    let get = cmdlet_name(
        "application_GetApplication",
        "get",
        "/applications/{application-id}",
    );
    assert_eq!(list, get);
    assert!(is_collection_list("application_ListApplication"));
    assert!(is_collection_list("application_ListOwnerGraphBPreRef"));
    assert!(is_collection_list(
        "servicePrincipal_ListMemberGraphOPreAsGroup"
    ));
    assert!(!is_collection_list("application_GetApplication"));
    assert!(!is_collection_list("application.Owner_GetCountAsUser"));
    assert!(!is_collection_list("list_Listing"));
    assert!(!is_collection_list(""));
    assert_eq!(get.method_name(), "get_application");
    assert_eq!(get.list_method_name(), "list_application");
}

#[test]
fn crud_navigation_count_and_cast() {
    let cases = [
        (
            "servicePrincipal.synchronization_SetSecret",
            "put",
            "Set-MgBetaServicePrincipalSynchronizationSecret",
        ),
        (
            "servicePrincipal.synchronization.Secret_GetCount",
            "get",
            "Get-MgBetaServicePrincipalSynchronizationSecretCount",
        ),
        (
            "application_CreateApplication",
            "post",
            "New-MgBetaApplication",
        ),
        (
            "application_UpdateApplication",
            "patch",
            "Update-MgBetaApplication",
        ),
        (
            "application_DeleteApplication",
            "delete",
            "Remove-MgBetaApplication",
        ),
        ("application_GetCount", "get", "Get-MgBetaApplicationCount"),
        (
            "application_GetOwnerAsUser",
            "get",
            "Get-MgBetaApplicationOwnerAsUser",
        ),
        (
            "application.Owner_GetCountAsUser",
            "get",
            "Get-MgBetaApplicationOwnerCountAsUser",
        ),
        (
            "application.Owner_GetCountAsEndpoint",
            "get",
            "Get-MgBetaApplicationOwnerCountAsEndpoint",
        ),
        ("application_SetLogo", "put", "Set-MgBetaApplicationLogo"),
        (
            "application.synchronization.job_GetBulkUploadContent",
            "get",
            "Get-MgBetaApplicationSynchronizationJobBulkUploadContent",
        ),
        (
            "onPremisesPublishingProfile.connectorGroup_GetApplicationsLogo",
            "get",
            "Get-MgBetaOnPremisePublishingProfileConnectorGroupApplicationLogo",
        ),
        (
            "servicePrincipal_ListClaimsMappingPolicy",
            "get",
            "Get-MgBetaServicePrincipalClaimMappingPolicy",
        ),
        (
            "servicePrincipal_ListOauth2PermissionGrant",
            "get",
            "Get-MgBetaServicePrincipalOauth2PermissionGrant",
        ),
        (
            "servicePrincipal.licenseDetail_getTeamsLicensingDetail",
            "get",
            "Get-MgBetaServicePrincipalLicenseDetailTeamLicensingDetail",
        ),
        (
            "servicePrincipal.transitiveMemberOf_GetCount",
            "get",
            "Get-MgBetaServicePrincipalTransitiveMemberOfCount",
        ),
        (
            "servicePrincipal.remoteDesktopSecurityConfiguration.targetDeviceGroup_GetCount",
            "get",
            "Get-MgBetaServicePrincipalRemoteDesktopSecurityConfigurationTargetDeviceGroupCount",
        ),
    ];
    for (id, method, expected) in cases {
        assert_eq!(full(id, method, "/"), expected, "{id}");
    }
}

#[test]
fn escapes_refs_and_alternate_keys() {
    let cases = [
        (
            "application.owner_DeleteDirectoryObjectGraphBPreRef",
            "delete",
            "Remove-MgBetaApplicationOwnerDirectoryObjectByRef",
        ),
        (
            "application_DeleteOwnerGraphBPreRef",
            "delete",
            "Remove-MgBetaApplicationOwnerByRef",
        ),
        (
            "application_ListOwnerGraphBPreRef",
            "get",
            "Get-MgBetaApplicationOwnerByRef",
        ),
        (
            "application_CreateOwnerGraphBPreRef",
            "post",
            "New-MgBetaApplicationOwnerByRef",
        ),
        (
            "application_SetConnectorGroupGraphBPreRef",
            "put",
            "Set-MgBetaApplicationConnectorGroupByRef",
        ),
        (
            "application_GetCreatedOnBehalfGraphOPre",
            "get",
            "Get-MgBetaApplicationCreatedOnBehalfOf",
        ),
        (
            "application_GetApplicationGraphBPreAppId",
            "get",
            "Get-MgBetaApplicationByAppId",
        ),
        (
            "application_DeleteApplicationGraphBPreUniqueName",
            "delete",
            "Remove-MgBetaApplicationByUniqueName",
        ),
        (
            "servicePrincipal_GetServicePrincipalGraphBPreAppId",
            "get",
            "Get-MgBetaServicePrincipalByAppId",
        ),
        (
            "application.federatedIdentityCredential_GetGraphBPreName",
            "get",
            "Get-MgBetaApplicationFederatedIdentityCredentialByName",
        ),
        (
            "servicePrincipal_ListMemberGraphOPreAsGroup",
            "get",
            "Get-MgBetaServicePrincipalMemberOfAsGroup",
        ),
        (
            "servicePrincipal.MemberOf_GetCountAsGroup",
            "get",
            "Get-MgBetaServicePrincipalMemberOfCountAsGroup",
        ),
        (
            "onPremisesPublishingProfile.connector_ListMemberGraphOPreGraphBPreRef",
            "get",
            "Get-MgBetaOnPremisePublishingProfileConnectorMemberOfByRef",
        ),
        (
            "onPremisesPublishingProfile.agent_ListAgentGroupGraphBPreRef",
            "get",
            "Get-MgBetaOnPremisePublishingProfileAgentGroupByRef",
        ),
        // Two-word repeats go (twice over), longer ones in the middle stay, as in Graph.
        (
            "onPremisesPublishingProfile.agentGroup.agent_ListAgentGroupGraphBPreRef",
            "get",
            "Get-MgBetaOnPremisePublishingProfileAgentGroupByRef",
        ),
        (
            "application.appManagementPolicy_DeleteAppManagementPolicyGraphBPreRef",
            "delete",
            "Remove-MgBetaApplicationAppManagementPolicyAppManagementPolicyByRef",
        ),
    ];
    for (id, method, expected) in cases {
        assert_eq!(full(id, method, "/"), expected, "{id}");
    }
}

#[test]
fn entity_sets_named_again_in_the_operation_collapse() {
    let cases = [
        ("application_ListApplication", "Get-MgBetaApplication"),
        (
            "servicePrincipal_GetServicePrincipal",
            "Get-MgBetaServicePrincipal",
        ),
        (
            "applicationTemplate_ListApplicationTemplate",
            "Get-MgBetaApplicationTemplate",
        ),
        (
            "onPremisesPublishingProfile_ListOnPremisesPublishingProfile",
            "Get-MgBetaOnPremisePublishingProfile",
        ),
        (
            "onPremisesPublishingProfile_ListAgentGroup",
            "Get-MgBetaOnPremisePublishingProfileAgentGroup",
        ),
        (
            "onPremisesPublishingProfile.agentGroup_ListAgent",
            "Get-MgBetaOnPremisePublishingProfileAgentGroupAgent",
        ),
    ];
    for (id, expected) in cases {
        assert_eq!(full(id, "get", "/"), expected, "{id}");
    }
}

#[test]
fn actions_and_functions_map_to_powershell_verbs() {
    let cases = [
        ("application_addKey", "post", "Add-MgBetaApplicationKey"),
        (
            "application_removePassword",
            "post",
            "Remove-MgBetaApplicationPassword",
        ),
        (
            "application_checkMemberGroup",
            "post",
            "Confirm-MgBetaApplicationMemberGroup",
        ),
        (
            "application_unsetVerifiedPublisher",
            "post",
            "Clear-MgBetaApplicationVerifiedPublisher",
        ),
        (
            "application_setVerifiedPublisher",
            "post",
            "Set-MgBetaApplicationVerifiedPublisher",
        ),
        (
            "application_getMemberObject",
            "post",
            "Get-MgBetaApplicationMemberObject",
        ),
        ("application_restore", "post", "Restore-MgBetaApplication"),
        (
            "application_validateProperty",
            "post",
            "Test-MgBetaApplicationProperty",
        ),
        ("application_delta", "get", "Get-MgBetaApplicationDelta"),
        (
            "application_getGraphBPreId",
            "post",
            "Get-MgBetaApplicationById",
        ),
        (
            "application_getUserOwnedObject",
            "post",
            "Get-MgBetaApplicationUserOwnedObject",
        ),
        (
            "application.synchronization_acquireAccessToken",
            "post",
            "Get-MgBetaApplicationSynchronizationAccessToken",
        ),
        (
            "application.synchronization_Ping",
            "get",
            "Ping-MgBetaApplicationSynchronization",
        ),
        (
            "application.synchronization.job_pause",
            "post",
            "Suspend-MgBetaApplicationSynchronizationJob",
        ),
        (
            "application.synchronization.job_restart",
            "post",
            "Restart-MgBetaApplicationSynchronizationJob",
        ),
        (
            "application.synchronization.job_start",
            "post",
            "Start-MgBetaApplicationSynchronizationJob",
        ),
        (
            "application.synchronization.job_provisionOnDemand",
            "post",
            "New-MgBetaApplicationSynchronizationJobOnDemand",
        ),
        (
            "application.synchronization.job_validateCredential",
            "post",
            "Test-MgBetaApplicationSynchronizationJobCredential",
        ),
        (
            "application.synchronization.job.schema.directory_discover",
            "post",
            "Find-MgBetaApplicationSynchronizationJobSchemaDirectory",
        ),
        (
            "servicePrincipal_addTokenSigningCertificate",
            "post",
            "Add-MgBetaServicePrincipalTokenSigningCertificate",
        ),
        (
            "servicePrincipal_createPasswordSingleSignOnCredential",
            "post",
            "New-MgBetaServicePrincipalPasswordSingleSignOnCredential",
        ),
        (
            "servicePrincipal_deletePasswordSingleSignOnCredential",
            "post",
            "Remove-MgBetaServicePrincipalPasswordSingleSignOnCredential",
        ),
        (
            "servicePrincipal_updatePasswordSingleSignOnCredential",
            "post",
            "Update-MgBetaServicePrincipalPasswordSingleSignOnCredential",
        ),
    ];
    for (id, method, expected) in cases {
        assert_eq!(full(id, method, "/"), expected, "{id}");
    }
}

#[test]
fn unmapped_actions_are_invoked_with_the_action_in_the_noun() {
    let cases = [
        (
            "application.synchronization.job.schema_filterOperator",
            "get",
            "Invoke-MgBetaFilterApplicationSynchronizationJobSchemaOperator",
        ),
        (
            "application.synchronization.job.schema_function",
            "get",
            "Invoke-MgBetaFunctionApplicationSynchronizationJobSchema",
        ),
        (
            "application.synchronization.template.schema_parseExpression",
            "post",
            "Invoke-MgBetaParseApplicationSynchronizationTemplateSchemaExpression",
        ),
        (
            "applicationTemplate_instantiate",
            "post",
            "Invoke-MgBetaInstantiateApplicationTemplate",
        ),
    ];
    for (id, method, expected) in cases {
        assert_eq!(full(id, method, "/"), expected, "{id}");
    }
}

/// Real cmdlets of other Graph modules (Users.Functions, Users.Actions, Calendar,
/// CloudCommunications, Devices.CorporateManagement) that exercise the action rules.
#[test]
fn names_of_other_graph_modules() {
    let cases = [
        ("user_reminderView", "get", "Invoke-MgViewUserReminder"),
        (
            "user.outlook_supportedTimeZone",
            "get",
            "Invoke-MgTimeUserOutlook",
        ),
        (
            "group.calendar_allowedCalendarSharingRole",
            "get",
            "Invoke-MgCalendarGroupCalendar",
        ),
        (
            "user.onlineMeeting_createOrGet",
            "post",
            "Invoke-MgCreateOrGetUserOnlineMeeting",
        ),
        (
            "user.managedDevice_cleanWindowsDevice",
            "post",
            "Invoke-MgCleanUserManagedDeviceWindowDevice",
        ),
        (
            "deviceAppManagement_ListIosManagedAppProtection",
            "get",
            "Get-MgDeviceAppManagementiOSManagedAppProtection",
        ),
    ];
    for (id, method, expected) in cases {
        assert_eq!(cmdlet_name(id, method, "/").full("Mg"), expected, "{id}");
    }
}

/// The rules on made-up operationIds.
#[test]
fn rule_illustrations() {
    let cases = [
        // A whole-name key of the verb table; the noun is the group alone.
        ("device_forceReboot", "post", "Restart-MgBetaDevice"),
        // A preposition cuts the name: what follows it is dropped.
        (
            "drive_searchItemsWithQuery",
            "get",
            "Search-MgBetaDriveItem",
        ),
        // `sign in` is not cut.
        (
            "user_ListSignInActivity",
            "get",
            "Get-MgBetaUserSignInActivity",
        ),
        // Graph's other escapes.
        ("drive_getGraphWPreToken", "get", "Get-MgBetaDriveWithToken"),
        (
            "report_getActivityGraphFPrePeriod",
            "get",
            "Get-MgBetaReportActivityForPeriod",
        ),
        (
            "user_getStatusGraphAPreTime",
            "get",
            "Get-MgBetaUserStatusAtTime",
        ),
        // `verify` is a Test that Graph renames Confirm.
        ("device_verifyThing", "post", "Confirm-MgBetaDeviceThing"),
        // An Update on a PUT is a Set.
        ("group_UpdateWidget", "put", "Set-MgBetaGroupWidget"),
        // `all` is dropped; `post` as an Invoke action does not enter the noun.
        ("chat_ListAllMessages", "get", "Get-MgBetaChatMessage"),
        ("thread_post", "post", "Invoke-MgBetaThread"),
    ];
    for (id, method, expected) in cases {
        assert_eq!(full(id, method, "/"), expected, "{id}");
    }
}

#[test]
fn operation_ids_without_underscore_or_at_all() {
    assert_eq!(
        full(
            "servicePrincipals.synchronization.SetSecrets",
            "put",
            "/servicePrincipals/synchronization/secrets"
        ),
        "Set-MgBetaServicePrincipalSynchronizationSecret"
    );
    let from_path = [
        (
            "put",
            "/servicePrincipals/{servicePrincipal-id}/synchronization/secrets",
            "Set-MgBetaServicePrincipalSynchronizationSecret",
        ),
        (
            "get",
            "/applications/{application-id}/owners/microsoft.graph.user/$count",
            "Get-MgBetaApplicationOwnerCountAsUser",
        ),
        (
            "delete",
            "/applications/{application-id}/owners/{directoryObject-id}/$ref",
            "Remove-MgBetaApplicationOwnerByRef",
        ),
        (
            "get",
            "/applications(appId='{appId}')",
            "Get-MgBetaApplicationByAppId",
        ),
        (
            "post",
            "/applications/{application-id}/microsoft.graph.addKey",
            "Add-MgBetaApplicationKey",
        ),
        (
            "get",
            "/applications/microsoft.graph.delta()",
            "Get-MgBetaApplicationDelta",
        ),
        (
            "get",
            "/applications/{application-id}/synchronization/jobs/{synchronizationJob-id}/bulkUpload/$value",
            "Get-MgBetaApplicationSynchronizationJobBulkUploadContent",
        ),
    ];
    for (method, path, expected) in from_path {
        assert_eq!(full("", method, path), expected, "{method} {path}");
    }
    assert_eq!(
        full("GetThing", "get", "/things/{thing-id}"),
        "Get-MgBetaThing"
    );
}

#[test]
fn method_names_are_snake_case() {
    let name = cmdlet_name("servicePrincipal.synchronization_SetSecret", "put", "/");
    assert_eq!(
        name.method_name(),
        "set_service_principal_synchronization_secret"
    );
    assert_eq!(
        name.full("MgBeta"),
        "Set-MgBetaServicePrincipalSynchronizationSecret"
    );
    let ip = CmdletName {
        verb: "Get".into(),
        noun: "OnPremisePublishingProfileIPApplicationSegment".into(),
    };
    assert_eq!(
        ip.method_name(),
        "get_on_premise_publishing_profile_ip_application_segment"
    );
    let ios = CmdletName {
        verb: "Get".into(),
        noun: "DeviceAppManagementiOSManagedAppProtection".into(),
    };
    assert_eq!(
        ios.method_name(),
        "get_device_app_management_ios_managed_app_protection"
    );
    let bare = CmdletName {
        verb: "Use".into(),
        noun: String::new(),
    };
    assert_eq!(bare.method_name(), "use_");
}
