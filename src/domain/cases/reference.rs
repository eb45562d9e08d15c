//! A [`CaseRef`] names a case of either kind: `builtin:<key>` or `custom:<id>`.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::builtin;
use crate::domain::ids::CaseId;

/// Names a case of either kind. Its text form is `builtin:<key>` or `custom:<id>`, which is how
/// URLs, the API and (later) workshops refer to a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CaseRef {
    Builtin(&'static str),
    Custom(CaseId),
}

impl CaseRef {
    /// Parses `builtin:<key>` (a key that exists) or `custom:<positive id>`.
    pub fn parse(text: &str) -> Option<CaseRef> {
        let (kind, rest) = text.split_once(':')?;
        match kind {
            "builtin" => builtin(rest).map(|c| CaseRef::Builtin(c.key)),
            "custom" if !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit()) => rest
                .parse()
                .ok()
                .filter(|id: &CaseId| id.0 > 0)
                .map(CaseRef::Custom),
            _ => None,
        }
    }
}

impl fmt::Display for CaseRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CaseRef::Builtin(key) => write!(f, "builtin:{key}"),
            CaseRef::Custom(id) => write!(f, "custom:{id}"),
        }
    }
}

impl Serialize for CaseRef {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for CaseRef {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        CaseRef::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "unknown case {text:?}; expected builtin:<key> or custom:<id>"
            ))
        })
    }
}
