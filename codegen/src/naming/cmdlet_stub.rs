//! TEMPORARY stub until the real rules land.
use heck::{ToSnakeCase, ToUpperCamelCase};
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CmdletName {
    pub verb: String,
    pub noun: String,
}
impl CmdletName {
    pub fn full(&self, prefix: &str) -> String {
        format!("{}-{}{}", self.verb, prefix, self.noun)
    }
    pub fn method_name(&self) -> String {
        format!(
            "{}_{}",
            self.verb.to_snake_case(),
            self.noun.to_snake_case()
        )
    }
}
pub fn cmdlet_name(operation_id: &str, _method: &str, _path: &str) -> CmdletName {
    let (groups, action) = operation_id.split_once('_').unwrap_or(("", operation_id));
    let verb = if action.starts_with("Set") {
        "Set"
    } else {
        "Get"
    };
    let rest = action.trim_start_matches("Set").trim_start_matches("Get");
    let mut noun: String = groups.split('.').map(|g| g.to_upper_camel_case()).collect();
    noun.push_str(rest);
    if noun.ends_with("Count") {
        let n = noun.trim_end_matches("Count").to_owned();
        noun = n;
    }
    let noun = noun.replace("Secrets", "Secret");
    let noun = if action.ends_with("Count") {
        format!("{noun}Count")
    } else {
        noun
    };
    CmdletName {
        verb: verb.into(),
        noun,
    }
}
pub fn identity_property(param_name: &str) -> String {
    param_name.to_upper_camel_case()
}
pub fn identity_doc(_param_name: &str, spec_description: Option<&str>) -> String {
    spec_description.unwrap_or("").to_owned()
}
pub fn is_collection_list(operation_id: &str) -> bool {
    operation_id.contains("_List")
}
