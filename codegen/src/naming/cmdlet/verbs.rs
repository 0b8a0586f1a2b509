//! Rule 4: the PowerShell verb of an action, by AutoRest.PowerShell's default verb table,
//! and the verbs PowerShell approves (`Get-Verb`).

/// The approved PowerShell verbs, as `Get-Verb` lists them (PowerShell 7).
#[rustfmt::skip]
pub const APPROVED_VERBS: &[&str] = &[
    // Common
    "Add", "Clear", "Close", "Copy", "Enter", "Exit", "Find", "Format", "Get", "Hide", "Join",
    "Lock", "Move", "New", "Open", "Optimize", "Pop", "Push", "Redo", "Remove", "Rename",
    "Reset", "Resize", "Search", "Select", "Set", "Show", "Skip", "Split", "Step", "Switch",
    "Undo", "Unlock", "Watch",
    // Communications
    "Connect", "Disconnect", "Read", "Receive", "Send", "Write",
    // Data
    "Backup", "Checkpoint", "Compare", "Compress", "Convert", "ConvertFrom", "ConvertTo",
    "Dismount", "Edit", "Expand", "Export", "Group", "Import", "Initialize", "Limit", "Merge",
    "Mount", "Out", "Publish", "Restore", "Save", "Sync", "Unpublish", "Update",
    // Diagnostic
    "Debug", "Measure", "Ping", "Repair", "Resolve", "Test", "Trace",
    // Lifecycle
    "Approve", "Assert", "Build", "Complete", "Confirm", "Deny", "Deploy", "Disable", "Enable",
    "Install", "Invoke", "Register", "Request", "Restart", "Resume", "Start", "Stop", "Submit",
    "Suspend", "Uninstall", "Unregister", "Wait",
    // Security
    "Block", "Grant", "Protect", "Revoke", "Unblock", "Unprotect",
    // Other
    "Use",
];

/// Operation word (PascalCase) -> PowerShell verb: the default `verb-mapping` of
/// AutoRest.PowerShell, which Graph PowerShell does not override. A word that is not here
/// becomes `Invoke` (and moves into the noun).
pub(super) const VERB_MAPPING: &[(&str, &str)] = &[
    ("Access", "Get"),
    ("Acquire", "Get"),
    ("Activate", "Initialize"),
    ("Add", "Add"),
    ("Allocate", "New"),
    ("Analyze", "Test"),
    ("Append", "Add"),
    ("Apply", "Add"),
    ("Approve", "Approve"),
    ("Assert", "Assert"),
    ("Assign", "Set"),
    ("Associate", "Join"),
    ("Attach", "Add"),
    ("Authorize", "Grant"),
    ("Backup", "Backup"),
    ("Block", "Block"),
    ("Build", "Build"),
    ("Bypass", "Skip"),
    ("Cancel", "Stop"),
    ("Capture", "Export"),
    ("Cat", "Get"),
    ("Change", "Rename"),
    ("Check", "Test"),
    ("Checkpoint", "Checkpoint"),
    ("Clear", "Clear"),
    ("Clone", "Copy"),
    ("Close", "Close"),
    ("Combine", "Join"),
    ("Compare", "Compare"),
    ("Compile", "Build"),
    ("Complete", "Complete"),
    ("Compress", "Compress"),
    ("Concatenate", "Add"),
    ("Configure", "Set"),
    ("Confirm", "Confirm"),
    ("Connect", "Connect"),
    ("Convert", "Convert"),
    ("ConvertFrom", "ConvertFrom"),
    ("ConvertTo", "ConvertTo"),
    ("Copy", "Copy"),
    ("Create", "New"),
    ("Cut", "Remove"),
    ("Debug", "Debug"),
    ("Delete", "Remove"),
    ("Deny", "Deny"),
    ("Deploy", "Deploy"),
    ("Dir", "Get"),
    ("Disable", "Disable"),
    ("Discard", "Remove"),
    ("Disconnect", "Disconnect"),
    ("Discover", "Find"),
    ("Dismount", "Dismount"),
    ("Display", "Show"),
    ("Dispose", "Remove"),
    ("Dump", "Get"),
    ("Duplicate", "Copy"),
    ("Edit", "Edit"),
    ("Enable", "Enable"),
    ("End", "Stop"),
    ("Enter", "Enter"),
    ("Erase", "Clear"),
    ("Evaluate", "Test"),
    ("Examine", "Get"),
    ("Execute", "Invoke"),
    ("Exit", "Exit"),
    ("Expand", "Expand"),
    ("Export", "Export"),
    ("Failover", "Set"),
    ("Find", "Find"),
    ("Finish", "Complete"),
    ("Flush", "Clear"),
    ("ForceReboot", "Restart"),
    ("Format", "Format"),
    ("Generalize", "Reset"),
    ("Generate", "New"),
    ("Get", "Get"),
    ("Grant", "Grant"),
    ("Group", "Group"),
    ("Hide", "Hide"),
    ("Import", "Import"),
    ("Initialize", "Initialize"),
    ("Insert", "Add"),
    ("Install", "Install"),
    ("Into", "Enter"),
    ("Invoke", "Invoke"),
    ("Is", "Test"),
    ("Join", "Join"),
    ("Jump", "Skip"),
    ("Limit", "Limit"),
    ("List", "Get"),
    ("Load", "Import"),
    ("Locate", "Find"),
    ("Lock", "Lock"),
    ("Make", "New"),
    ("Measure", "Measure"),
    ("Merge", "Merge"),
    ("Migrate", "Move"),
    ("Mount", "Mount"),
    ("Move", "Move"),
    ("Name", "Move"),
    ("New", "New"),
    ("Notify", "Send"),
    ("Nullify", "Clear"),
    ("Obtain", "Get"),
    ("Open", "Open"),
    ("Optimize", "Optimize"),
    ("Out", "Out"),
    ("Patch", "Update"),
    ("Pause", "Suspend"),
    ("Perform", "Invoke"),
    ("Ping", "Ping"),
    ("Pop", "Pop"),
    ("Post", "Invoke"),
    ("Power", "Start"),
    ("PowerOff", "Stop"),
    ("PowerOn", "Start"),
    ("Produce", "Show"),
    ("Protect", "Protect"),
    ("Provision", "New"),
    ("Publish", "Publish"),
    ("Purge", "Clear"),
    ("Push", "Push"),
    ("Put", "Set"),
    ("Read", "Read"),
    ("Reassociate", "Move"),
    ("Reboot", "Restart"),
    ("Receive", "Receive"),
    ("Recover", "Restore"),
    ("Redo", "Redo"),
    ("Refresh", "Update"),
    ("Regenerate", "New"),
    ("Register", "Register"),
    ("Reimage", "Update"),
    ("Release", "Publish"),
    ("Remove", "Remove"),
    ("Rename", "Rename"),
    ("Repair", "Repair"),
    ("Replace", "Update"),
    ("Replicate", "Copy"),
    ("Reprocess", "Update"),
    ("Request", "Request"),
    ("Reset", "Reset"),
    ("Resize", "Resize"),
    ("Resolve", "Resolve"),
    ("Restart", "Restart"),
    ("Restore", "Restore"),
    ("Restrict", "Lock"),
    ("Resubmit", "Submit"),
    ("Resume", "Resume"),
    ("Retarget", "Update"),
    ("Retrieve", "Get"),
    ("Revoke", "Revoke"),
    ("Run", "Start"),
    ("Save", "Save"),
    ("Search", "Search"),
    ("Secure", "Lock"),
    ("Select", "Select"),
    ("Send", "Send"),
    ("Separate", "Split"),
    ("Set", "Set"),
    ("Show", "Show"),
    ("Shutdown", "Stop"),
    ("Skip", "Skip"),
    ("Split", "Split"),
    ("Start", "Start"),
    ("Step", "Step"),
    ("Stop", "Stop"),
    ("Submit", "Submit"),
    ("Suggest", "Get"),
    ("Suspend", "Suspend"),
    ("Swap", "Switch"),
    ("Switch", "Switch"),
    ("Sync", "Sync"),
    ("Synch", "Sync"),
    ("Synchronize", "Sync"),
    ("Test", "Test"),
    ("Trace", "Trace"),
    ("Transfer", "Move"),
    ("Trigger", "Start"),
    ("Type", "Get"),
    ("Unblock", "Unblock"),
    ("Undelete", "Restore"),
    ("Undo", "Undo"),
    ("Uninstall", "Uninstall"),
    ("Unite", "Join"),
    ("Unlock", "Unlock"),
    ("Unmark", "Clear"),
    ("Unprotect", "Unprotect"),
    ("Unpublish", "Unpublish"),
    ("Unregister", "Unregister"),
    ("Unrestrict", "Unlock"),
    ("Unsecure", "Unlock"),
    ("Unset", "Clear"),
    ("Update", "Update"),
    ("Upgrade", "Update"),
    ("Use", "Use"),
    ("Validate", "Test"),
    ("Verify", "Test"),
    ("Wait", "Wait"),
    ("Watch", "Watch"),
    ("Wipe", "Clear"),
    ("Write", "Write"),
];

/// Whether `verb` is an approved PowerShell verb (`Get-Verb`).
pub fn is_approved_verb(verb: &str) -> bool {
    APPROVED_VERBS.contains(&verb)
}

/// The PowerShell verb for an operation word (`List` -> `Get`, `pause` -> `Suspend`), by
/// AutoRest's default table; `None` for a word that becomes `Invoke`. Case does not matter.
pub fn powershell_verb(action: &str) -> Option<&'static str> {
    VERB_MAPPING
        .iter()
        .find(|(word, _)| word.eq_ignore_ascii_case(action))
        .map(|&(_, verb)| verb)
}

/// What an HTTP method does, as an operation word: `create` (POST), `update` (PATCH), `set`
/// (PUT), `delete` (DELETE), else `get`.
pub(super) fn crud_word(method: &str) -> &'static str {
    match method.to_ascii_lowercase().as_str() {
        "post" => "create",
        "patch" => "update",
        "put" => "set",
        "delete" => "delete",
        _ => "get",
    }
}

/// The verb of an operation without an operation name: its HTTP method's [`crud_word`],
/// through the verb table (`New`, `Update`, `Set`, `Remove`, else `Get`).
pub(super) fn method_verb(method: &str) -> &'static str {
    powershell_verb(crud_word(method)).expect("the verb table maps every CRUD word")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_http_method_has_its_verb() {
        let cases = [
            ("post", "New"),
            ("PATCH", "Update"),
            ("put", "Set"),
            ("delete", "Remove"),
            ("get", "Get"),
            ("head", "Get"),
        ];
        for (method, verb) in cases {
            assert_eq!(method_verb(method), verb, "{method}");
        }
    }
}
