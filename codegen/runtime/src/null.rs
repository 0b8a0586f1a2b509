//! Explicit `null`: the third state of a model's optional members (absent, `null`, a
//! value), on models and on requests. Graph clears a property sent as `null` in a PATCH.
//!
//! A listed optional member is an `Option<T>`, and `None` is both "absent" and "null":
//! all most code needs. The difference lives in the struct's unlisted-properties map, where
//! a member that came as `null` stays as `null` (see the models' serialization in
//! `object.rs`); [`ExplicitNull`] reads and sets it, and [`Request::set_null`] sets it on a
//! request's body.
//!
//! Both go through the model's own JSON form (write it, change the member, read it back),
//! so a model needs no code of its own for them beyond an empty `impl`: the per-struct
//! `match` over its members that the direct way takes made the Applications module's build
//! 15-30 % slower. A call costs one serialization of the model, and is rare.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::request::{Expandable, Fields, Operation, Request};

/// Absent, null or a value: the third state of a model's optional members, kept in its
/// unlisted-properties map (see the module docs). Implemented by every model
/// struct that keeps unlisted properties. Members are named as on the wire
/// (`"description"`), as in Graph's documentation.
///
/// ```
/// # use graph_runtime::ExplicitNull;
/// # #[derive(Default)]
/// # struct Application { description: Option<String>, display_name: Option<String>, additional_properties: graph_runtime::__private::serde_json::Map<String, graph_runtime::__private::serde_json::Value> }
/// # graph_runtime::object_serde!(Application, [description optional "description", display_name optional "displayName"], additional_properties);
/// let mut app = Application { display_name: Some("Contoso".into()), ..Default::default() };
/// app.set_null("description");
/// assert!(app.is_null("description") && app.description.is_none());
/// assert_eq!(
///     graph_runtime::__private::serde_json::to_string(&app).unwrap(),
///     r#"{"displayName":"Contoso","description":null}"#
/// );
/// ```
pub trait ExplicitNull: Serialize + DeserializeOwned {
    /// Clears `member` and sends it as `null` (Graph clears the property). A required
    /// member cannot be `null`: it keeps its value.
    fn set_null(&mut self, member: &str) {
        let Ok(Value::Object(mut members)) = serde_json::to_value(&*self) else {
            return;
        };
        members.insert(member.to_owned(), Value::Null);
        if let Ok(model) = serde_json::from_value(Value::Object(members)) {
            *self = model;
        }
    }

    /// Whether `member` is `null` as the model stands: it came as `null`, or was
    /// [set](Self::set_null) so, and has had no value since.
    fn is_null(&self, member: &str) -> bool {
        matches!(
            serde_json::to_value(self),
            Ok(Value::Object(members)) if members.get(member).is_some_and(Value::is_null)
        )
    }
}

impl<'a, Op: Operation, P: Expandable> Request<'a, Op, P>
where
    Op::Body: Default + ExplicitNull,
{
    /// Sends the body member `member` (its name on the wire, `"description"`) as `null`,
    /// clearing any value set for it: Graph clears the property. Like a field setter, it
    /// builds the body field by field.
    pub fn set_null(self, member: &str) -> Request<'a, Op, Fields> {
        self.edit_body(|body| body.set_null(member))
    }
}
